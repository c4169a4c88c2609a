#include "publishing/schedule.hpp"

#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <memory>

namespace belfry::publishing {

using core::Error;

int ParseWeekday(std::string_view name) {
    for (int i = 0; i < 7; ++i) {
        if (kWeekdays[i] == name) return i + 1;
    }
    return 0;
}

std::string_view WeekdayName(int weekday) { return weekday >= 1 && weekday <= 7 ? kWeekdays[weekday - 1] : ""; }

int ParseTimeOfDay(std::string_view s) {
    auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
    if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return -1;
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return -1;
    return h * 60 + m;
}

std::string FormatTimeOfDay(int minute_of_day) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minute_of_day / 60) % 100, minute_of_day % 60);
    return buf;
}

namespace {

std::unique_ptr<icu::TimeZone> Zone(const std::string& name) {
    auto zone = std::unique_ptr<icu::TimeZone>(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
    if (*zone == icu::TimeZone::getUnknown()) return nullptr;
    return zone;
}

}  // namespace

core::Status CheckSchedule(PostingSchedule& schedule) {
    if (!Zone(schedule.time_zone)) {
        return Error::Invalid("time_zone",
                              "unknown time zone '" + schedule.time_zone + "': use an IANA name like Europe/Brussels");
    }
    if (schedule.slots.size() > 200) return Error::Invalid("slots", "at most 200 slots a week");
    for (size_t i = 0; i < schedule.slots.size(); ++i) {
        const auto& s = schedule.slots[i];
        if (s.weekday < 1 || s.weekday > 7 || s.minute_of_day < 0 || s.minute_of_day >= 24 * 60) {
            return Error::Invalid("slots[" + std::to_string(i) + "]", "a slot is a weekday and a time 00:00–23:59");
        }
    }
    std::sort(schedule.slots.begin(), schedule.slots.end());
    const auto dup = std::adjacent_find(schedule.slots.begin(), schedule.slots.end());
    if (dup != schedule.slots.end()) {
        return Error::Invalid("slots", "the slot " + std::string(WeekdayName(dup->weekday)) + " " +
                                           FormatTimeOfDay(dup->minute_of_day) + " is listed twice");
    }
    return core::Ok();
}

core::Result<core::Millis> NextFreeSlot(const PostingSchedule& schedule, core::Millis now,
                                        const std::set<core::Millis>& occupied) {
    if (schedule.slots.empty()) return Error::Invalid("slots", "the posting schedule has no slot");
    auto zone = Zone(schedule.time_zone);
    if (!zone) return Error::Invalid("time_zone", "unknown time zone '" + schedule.time_zone + "'");
    std::set<core::Millis> taken;
    for (core::Millis t : occupied) taken.insert(t - (((t % core::kMinuteMs) + core::kMinuteMs) % core::kMinuteMs));

    UErrorCode status = U_ZERO_ERROR;
    // Local wall-clock calendar in the zone; dates are walked on a UTC calendar (no gaps there).
    icu::GregorianCalendar local(zone->clone(), status);
    icu::GregorianCalendar day(icu::TimeZone::getGMT()->clone(), status);
    if (U_FAILURE(status)) return Error::Internal("ICU calendar failed: " + std::string(u_errorName(status)));
    local.setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
    local.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
    local.setTime(static_cast<UDate>(now), status);
    day.clear();
    day.set(local.get(UCAL_YEAR, status), local.get(UCAL_MONTH, status), local.get(UCAL_DATE, status), 12, 0, 0);
    // Start one local day early: a slot late yesterday can never be after now, but this keeps the walk
    // simple around midnight and DST; each candidate is compared with `now` anyway.
    day.add(UCAL_DATE, -1, status);

    // Each occupied slot costs at most one candidate; past ones cost nothing. So this many weeks suffice.
    const long long weeks = static_cast<long long>(taken.size() / schedule.slots.size()) + 2;
    for (long long d = 0; d <= weeks * 7 + 1; ++d) {
        const int y = day.get(UCAL_YEAR, status);
        const int m = day.get(UCAL_MONTH, status);
        const int dd = day.get(UCAL_DATE, status);
        const int iso_weekday = (day.get(UCAL_DAY_OF_WEEK, status) + 5) % 7 + 1;  // ICU: 1 = Sunday
        for (const auto& slot : schedule.slots) {
            if (slot.weekday != iso_weekday) continue;
            local.clear();
            local.set(y, m, dd, slot.minute_of_day / 60, slot.minute_of_day % 60, 0);
            const auto at = static_cast<core::Millis>(local.getTime(status));
            if (U_FAILURE(status)) return Error::Internal("ICU calendar failed: " + std::string(u_errorName(status)));
            if (at > now && taken.count(at) == 0) return at;
        }
        day.add(UCAL_DATE, 1, status);
    }
    return Error::Internal("no free slot found in the schedule");
}

}  // namespace belfry::publishing
