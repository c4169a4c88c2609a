#include "inbox/business_time.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

namespace belfry::inbox {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date and back (H. Hinnant's civil algorithms).
long long DaysFromCivil(const Date& date) {
    const int m = date.month;
    const long long y = date.year - (m <= 2 ? 1 : 0);
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date CivilFromDays(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

long long FloorDiv(long long a, long long b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

// One Europe/Brussels zone per thread: ICU time zones are cheap to query but not documented as
// safe to share between threads.
const icu::BasicTimeZone& Brussels() {
    thread_local const std::unique_ptr<icu::TimeZone> zone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8("Europe/Brussels")));
    // ICU's zones from tzdata are OlsonTimeZone, a BasicTimeZone.
    return dynamic_cast<const icu::BasicTimeZone&>(*zone);
}

// Milliseconds to add to UTC to get Brussels wall-clock time at instant `t`.
long long OffsetAt(core::Millis t) {
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    Brussels().getOffset(static_cast<UDate>(t), false, raw, dst, status);
    return U_SUCCESS(status) ? static_cast<long long>(raw) + dst : 3'600'000;
}

const ResponseSettings& Effective(const ResponseSettings& s) {
    static const ResponseSettings kDefaults;
    return ValidateResponseSettings(s).ok() ? s : kDefaults;
}

bool IsHoliday(const Date& d) {
    static constexpr std::array<std::array<int, 2>, 7> kFixed{
        {{1, 1}, {5, 1}, {7, 21}, {8, 15}, {11, 1}, {11, 11}, {12, 25}}};
    for (const auto& [m, day] : kFixed) {
        if (d.month == m && d.day == day) return true;
    }
    if (d.month < 3 || d.month > 6) return false;  // Easter Monday .. Whit Monday: 23 Mar .. 14 Jun
    const long long after_easter = DaysFromCivil(d) - DaysFromCivil(EasterSunday(d.year));
    return after_easter == 1 || after_easter == 39 || after_easter == 50;
}

// The business window [start, end) of a business day, as instants.
struct Window {
    core::Millis start;
    core::Millis end;
};
Window WindowOf(const Date& d, const ResponseSettings& s) {
    return {BrusselsInstant(d, s.day_start_minute), BrusselsInstant(d, s.day_end_minute)};
}

// The end of the first business day strictly after `d`. Valid settings have a business weekday and a
// year has at most 10 holidays, so this ends within a few weeks.
core::Millis EndOfNextBusinessDay(Date d, const ResponseSettings& s) {
    do {
        d = AddDays(d, 1);
    } while (!IsBusinessDay(d, s));
    return BrusselsInstant(d, s.day_end_minute);
}

}  // namespace

Date EasterSunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return {year, month, day};
}

std::vector<Holiday> BelgianHolidays(int year) {
    const Date easter = EasterSunday(year);
    std::vector<Holiday> out{
        {{year, 1, 1}, "new_year"},         {AddDays(easter, 1), "easter_monday"}, {{year, 5, 1}, "labour_day"},
        {AddDays(easter, 39), "ascension"}, {AddDays(easter, 50), "whit_monday"},  {{year, 7, 21}, "national_day"},
        {{year, 8, 15}, "assumption"},      {{year, 11, 1}, "all_saints"},         {{year, 11, 11}, "armistice"},
        {{year, 12, 25}, "christmas"},
    };
    // Ascension can fall on 1 May (2008) or before it; keep date order.
    std::stable_sort(out.begin(), out.end(), [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
    return out;
}

std::string_view HolidayName(std::string_view key, std::string_view language) {
    struct Names {
        std::string_view key, fr, nl, de, en;
    };
    static constexpr std::array<Names, 10> kNames{{
        {"new_year", "Jour de l'An", "Nieuwjaar", "Neujahr", "New Year's Day"},
        {"easter_monday", "Lundi de Pâques", "Paasmaandag", "Ostermontag", "Easter Monday"},
        {"labour_day", "Fête du Travail", "Dag van de Arbeid", "Tag der Arbeit", "Labour Day"},
        {"ascension", "Ascension", "Onze-Lieve-Heer-Hemelvaart", "Christi Himmelfahrt", "Ascension Day"},
        {"whit_monday", "Lundi de Pentecôte", "Pinkstermaandag", "Pfingstmontag", "Whit Monday"},
        {"national_day", "Fête nationale", "Nationale feestdag", "Nationalfeiertag", "National Day"},
        {"assumption", "Assomption", "Onze-Lieve-Vrouw-Hemelvaart", "Mariä Himmelfahrt", "Assumption Day"},
        {"all_saints", "Toussaint", "Allerheiligen", "Allerheiligen", "All Saints' Day"},
        {"armistice", "Armistice", "Wapenstilstand", "Waffenstillstand", "Armistice Day"},
        {"christmas", "Noël", "Kerstmis", "Weihnachten", "Christmas Day"},
    }};
    for (const auto& n : kNames) {
        if (n.key != key) continue;
        if (language == "fr") return n.fr;
        if (language == "nl") return n.nl;
        if (language == "de") return n.de;
        return n.en;
    }
    return {};
}

int IsoWeekday(const Date& d) {
    const long long z = DaysFromCivil(d);  // 0 is Thursday 1970-01-01
    return static_cast<int>(((z % 7 + 7) % 7 + 3) % 7) + 1;
}

Date AddDays(const Date& d, int days) { return CivilFromDays(DaysFromCivil(d) + days); }

Date BrusselsDate(core::Millis t) { return CivilFromDays(FloorDiv(t + OffsetAt(t), core::kDayMs)); }

core::Millis BrusselsInstant(const Date& d, int minute) {
    const core::Millis local = DaysFromCivil(d) * core::kDayMs + static_cast<core::Millis>(minute) * core::kMinuteMs;
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    // FORMER for both: a skipped time is read with the offset before the jump (02:30 → 03:30 CEST),
    // a repeated one as its first occurrence.
    Brussels().getOffsetFromLocal(static_cast<UDate>(local), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst,
                                  status);
    if (U_FAILURE(status)) return local - 3'600'000;
    return local - raw - dst;
}

bool IsBusinessDay(const Date& d, const ResponseSettings& s) {
    const int weekday = IsoWeekday(d);
    if (std::find(s.business_days.begin(), s.business_days.end(), weekday) == s.business_days.end()) return false;
    return !IsHoliday(d);
}

core::Millis DueAt(core::Millis received_at, const ResponseSettings& settings) {
    const ResponseSettings& s = Effective(settings);
    const Date day = BrusselsDate(received_at);
    if (s.target == "next_business_day") return EndOfNextBusinessDay(day, s);
    if (s.target == "hours") {
        core::Millis remaining = static_cast<core::Millis>(s.target_hours) * core::kHourMs;
        for (Date d = day;; d = AddDays(d, 1)) {
            if (!IsBusinessDay(d, s)) continue;
            const Window w = WindowOf(d, s);
            const core::Millis from = std::max(w.start, received_at);
            if (from >= w.end) continue;
            if (remaining <= w.end - from) return from + remaining;
            remaining -= w.end - from;
        }
    }
    // same_business_day
    if (IsBusinessDay(day, s)) {
        const core::Millis end = BrusselsInstant(day, s.day_end_minute);
        if (received_at < end) return end;
    }
    return EndOfNextBusinessDay(day, s);
}

core::Millis BusinessMillisBetween(core::Millis from, core::Millis to, const ResponseSettings& settings) {
    if (to <= from) return 0;
    const ResponseSettings& s = Effective(settings);
    const Date last = BrusselsDate(to);
    core::Millis total = 0;
    for (Date d = BrusselsDate(from); d <= last; d = AddDays(d, 1)) {
        if (!IsBusinessDay(d, s)) continue;
        const Window w = WindowOf(d, s);
        const core::Millis a = std::max(w.start, from);
        const core::Millis b = std::min(w.end, to);
        if (b > a) total += b - a;
    }
    return total;
}

core::Status ValidateResponseSettings(const ResponseSettings& s) {
    using core::Error;
    if (s.target != "same_business_day" && s.target != "next_business_day" && s.target != "hours") {
        return Error::Invalid(
            "target", "unknown response target '" + s.target + "': use same_business_day, next_business_day or hours");
    }
    if (s.target_hours < 1 || s.target_hours > 240) {
        return Error::Invalid("target_hours", "the response target is 1 to 240 business hours");
    }
    if (s.business_days.empty()) {
        return Error::Invalid("business_days", "choose at least one business day (1 = Monday … 7 = Sunday)");
    }
    std::array<bool, 8> seen{};
    for (int d : s.business_days) {
        if (d < 1 || d > 7) {
            return Error::Invalid("business_days", "business day " + std::to_string(d) +
                                                       " is not a weekday: use 1 (Monday) to 7 (Sunday)");
        }
        if (seen[static_cast<std::size_t>(d)]) {
            return Error::Invalid("business_days", "business day " + std::to_string(d) + " is listed twice");
        }
        seen[static_cast<std::size_t>(d)] = true;
    }
    if (s.day_start_minute < 0 || s.day_start_minute > 24 * 60 - 1) {
        return Error::Invalid("day_start_minute", "the business day starts between 00:00 and 23:59");
    }
    if (s.day_end_minute < 1 || s.day_end_minute > 24 * 60) {
        return Error::Invalid("day_end_minute", "the business day ends between 00:01 and 24:00");
    }
    if (s.day_end_minute <= s.day_start_minute) {
        return Error::Invalid("day_end_minute", "the business day must end after it starts");
    }
    return core::Ok();
}

}  // namespace belfry::inbox
