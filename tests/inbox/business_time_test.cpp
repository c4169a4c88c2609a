#include "inbox/business_time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace belfry::inbox {
namespace {

core::Millis At(const std::string& rfc3339) {
    auto t = core::ParseRfc3339(rfc3339);
    EXPECT_TRUE(t.has_value()) << rfc3339;
    return t.value_or(0);
}

ResponseSettings Target(std::string target, int hours = 8) {
    ResponseSettings s;
    s.target = std::move(target);
    s.target_hours = hours;
    return s;
}

// Every day a business day, all day long: shows the real length of DST change days.
ResponseSettings AroundTheClock(int hours) {
    ResponseSettings s = Target("hours", hours);
    s.business_days = {1, 2, 3, 4, 5, 6, 7};
    s.day_start_minute = 0;
    s.day_end_minute = 24 * 60;
    return s;
}

TEST(BusinessTime, EasterByTheGregorianComputus) {
    const struct {
        int year;
        Date easter;
    } cases[] = {
        {2024, {2024, 3, 31}}, {2025, {2025, 4, 20}}, {2026, {2026, 4, 5}},  {2027, {2027, 3, 28}},
        {2038, {2038, 4, 25}}, {2019, {2019, 4, 21}}, {2008, {2008, 3, 23}}, {2285, {2285, 3, 22}},  // earliest
        {1943, {1943, 4, 25}},                                                                       // latest
    };
    for (const auto& c : cases) EXPECT_EQ(EasterSunday(c.year), c.easter) << c.year;
}

TEST(BusinessTime, TheTenBelgianHolidaysInDateOrder) {
    const auto h = BelgianHolidays(2026);
    ASSERT_EQ(h.size(), 10U);
    const struct {
        Date date;
        std::string_view key;
    } expected[] = {
        {{2026, 1, 1}, "new_year"},    {{2026, 4, 6}, "easter_monday"}, {{2026, 5, 1}, "labour_day"},
        {{2026, 5, 14}, "ascension"},  {{2026, 5, 25}, "whit_monday"},  {{2026, 7, 21}, "national_day"},
        {{2026, 8, 15}, "assumption"}, {{2026, 11, 1}, "all_saints"},   {{2026, 11, 11}, "armistice"},
        {{2026, 12, 25}, "christmas"},
    };
    for (std::size_t i = 0; i < h.size(); ++i) {
        EXPECT_EQ(h[i].date, expected[i].date) << i;
        EXPECT_EQ(h[i].key, expected[i].key) << i;
        for (std::string_view l : {"fr", "nl", "de", "en"}) EXPECT_FALSE(HolidayName(h[i].key, l).empty());
    }
    // 2008: Ascension fell on Labour Day; both are listed.
    const auto h2008 = BelgianHolidays(2008);
    EXPECT_EQ(h2008[2].date, (Date{2008, 5, 1}));
    EXPECT_EQ(h2008[3].date, (Date{2008, 5, 1}));
    EXPECT_EQ(h2008[4].date, (Date{2008, 5, 12}));  // Whit Monday
}

TEST(BusinessTime, HolidayNamesPerLanguage) {
    EXPECT_EQ(HolidayName("christmas", "nl"), "Kerstmis");
    EXPECT_EQ(HolidayName("national_day", "fr"), "Fête nationale");
    EXPECT_EQ(HolidayName("whit_monday", "de"), "Pfingstmontag");
    EXPECT_EQ(HolidayName("armistice", "xx"), "Armistice Day");  // unknown language: English
    EXPECT_EQ(HolidayName("boxing_day", "en"), "");
}

TEST(BusinessTime, CalendarArithmetic) {
    EXPECT_EQ(IsoWeekday({2026, 3, 27}), 5);  // Friday
    EXPECT_EQ(IsoWeekday({2026, 3, 29}), 7);
    EXPECT_EQ(IsoWeekday({1970, 1, 1}), 4);
    EXPECT_EQ(IsoWeekday({2000, 2, 29}), 2);
    EXPECT_EQ(AddDays({2026, 12, 31}, 1), (Date{2027, 1, 1}));
    EXPECT_EQ(AddDays({2024, 2, 28}, 1), (Date{2024, 2, 29}));
    EXPECT_EQ(AddDays({2026, 3, 1}, -1), (Date{2026, 2, 28}));
    // Brussels dates and wall-clock instants, DST included.
    EXPECT_EQ(BrusselsDate(At("2026-03-27T23:30:00Z")), (Date{2026, 3, 28}));  // 00:30 CET
    EXPECT_EQ(BrusselsDate(At("2026-06-30T22:30:00Z")), (Date{2026, 7, 1}));   // 00:30 CEST
    EXPECT_EQ(BrusselsDate(At("2026-06-30T21:30:00Z")), (Date{2026, 6, 30}));
    EXPECT_EQ(BrusselsInstant({2026, 1, 15}, 9 * 60), At("2026-01-15T08:00:00Z"));
    EXPECT_EQ(BrusselsInstant({2026, 7, 15}, 9 * 60), At("2026-07-15T07:00:00Z"));
    EXPECT_EQ(BrusselsInstant({2026, 7, 15}, 24 * 60), At("2026-07-15T22:00:00Z"));
    // 02:30 does not exist on 29 March 2026: it is read as 03:30 CEST. On 25 October it exists twice:
    // the first one (CEST) is meant.
    EXPECT_EQ(BrusselsInstant({2026, 3, 29}, 150), At("2026-03-29T01:30:00Z"));
    EXPECT_EQ(BrusselsInstant({2026, 10, 25}, 150), At("2026-10-25T00:30:00Z"));
}

TEST(BusinessTime, BusinessDays) {
    const ResponseSettings office;  // Monday to Friday
    ResponseSettings weekend = office;
    weekend.business_days = {1, 2, 3, 4, 5, 6};
    const struct {
        Date date;
        const ResponseSettings& settings;
        bool business;
    } cases[] = {
        {{2026, 12, 24}, office, true},  {{2026, 12, 25}, office, false},  // Christmas, a Friday
        {{2026, 12, 26}, office, false}, {{2026, 12, 26}, weekend, true},  // Saturdays
        {{2026, 8, 15}, weekend, false},                                   // a Saturday and a holiday
        {{2026, 4, 6}, office, false},   {{2026, 4, 7}, office, true},     // Easter Monday, Tuesday
        {{2026, 5, 14}, office, false},  {{2026, 5, 25}, office, false},   // Ascension, Whit Monday
        {{2026, 11, 11}, office, false}, {{2026, 11, 12}, office, true},  {{2026, 3, 29}, weekend, false},  // Sunday
    };
    for (const auto& c : cases) {
        EXPECT_EQ(IsBusinessDay(c.date, c.settings), c.business)
            << c.date.year << "-" << c.date.month << "-" << c.date.day;
    }
}

TEST(BusinessTime, DueAt) {
    const ResponseSettings same = Target("same_business_day");
    const ResponseSettings next = Target("next_business_day");
    const struct {
        const char* what;
        const char* received;
        const ResponseSettings settings;
        const char* due;
    } cases[] = {
        // same business day, Monday to Friday 9–17
        {"Friday 16:59", "2026-03-27T16:59:00+01:00", same, "2026-03-27T17:00:00+01:00"},
        {"Friday 17:00 is after hours", "2026-03-27T17:00:00+01:00", same, "2026-03-30T17:00:00+02:00"},
        {"Friday 17:01, DST starts on Sunday", "2026-03-27T17:01:00+01:00", same, "2026-03-30T17:00:00+02:00"},
        {"before opening", "2026-03-30T07:00:00+02:00", same, "2026-03-30T17:00:00+02:00"},
        {"Saturday", "2026-03-28T10:00:00+01:00", same, "2026-03-30T17:00:00+02:00"},
        {"Sunday night of the DST change", "2026-03-29T02:59:00+01:00", same, "2026-03-30T17:00:00+02:00"},
        {"Friday evening, DST ends on Sunday", "2026-10-23T18:00:00+02:00", same, "2026-10-26T17:00:00+01:00"},
        {"Christmas Eve 2026 (Thursday) after hours", "2026-12-24T18:00:00+01:00", same, "2026-12-28T17:00:00+01:00"},
        {"Christmas Eve 2025 (Wednesday) after hours: 26 December is a business day", "2025-12-24T18:00:00+01:00", same,
         "2025-12-26T17:00:00+01:00"},
        {"Good Friday evening, Easter Monday off", "2026-04-03T17:30:00+02:00", same, "2026-04-07T17:00:00+02:00"},
        {"eve of Ascension", "2026-05-13T18:00:00+02:00", same, "2026-05-15T17:00:00+02:00"},
        {"Friday before Whit Monday", "2026-05-22T18:00:00+02:00", same, "2026-05-26T17:00:00+02:00"},
        {"on the national day", "2026-07-21T10:00:00+02:00", same, "2026-07-22T17:00:00+02:00"},
        {"New Year's Eve after hours", "2026-12-31T23:30:00+01:00", same, "2027-01-04T17:00:00+01:00"},
        // next business day
        {"next: Monday morning", "2026-03-30T10:00:00+02:00", next, "2026-03-31T17:00:00+02:00"},
        {"next: Thursday before Good Friday", "2026-04-02T10:00:00+02:00", next, "2026-04-03T17:00:00+02:00"},
        {"next: Friday before Easter Monday", "2026-04-03T10:00:00+02:00", next, "2026-04-07T17:00:00+02:00"},
        {"next: Saturday", "2026-03-28T10:00:00+01:00", next, "2026-03-30T17:00:00+02:00"},
        {"next: Tuesday night before 11 November", "2026-11-10T23:00:00+01:00", next, "2026-11-12T17:00:00+01:00"},
        // business hours
        {"8 h over a DST weekend", "2026-03-27T16:00:00+01:00", Target("hours", 8), "2026-03-30T16:00:00+02:00"},
        {"3 h over a night", "2026-03-30T16:00:00+02:00", Target("hours", 3), "2026-03-31T11:00:00+02:00"},
        {"3 h from the evening", "2026-03-31T20:00:00+02:00", Target("hours", 3), "2026-04-01T12:00:00+02:00"},
        {"8 h ending at closing time", "2026-03-30T09:00:00+02:00", Target("hours", 8), "2026-03-30T17:00:00+02:00"},
        {"16 h over Christmas", "2026-12-24T13:00:00+01:00", Target("hours", 16), "2026-12-29T13:00:00+01:00"},
        {"40 h over Easter", "2026-04-02T09:00:00+02:00", Target("hours", 40), "2026-04-09T17:00:00+02:00"},
        // around the clock: the spring DST day has 23 hours, the autumn one 25
        {"24 h over the spring change", "2026-03-28T12:00:00+01:00", AroundTheClock(24), "2026-03-29T11:00:00Z"},
        {"24 h over the autumn change", "2026-10-24T12:00:00+02:00", AroundTheClock(24), "2026-10-25T10:00:00Z"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(core::FormatRfc3339(DueAt(At(c.received), c.settings)), core::FormatRfc3339(At(c.due))) << c.what;
    }
}

TEST(BusinessTime, InvalidSettingsFallBackToTheDefaults) {
    ResponseSettings broken;
    broken.business_days = {};
    const core::Millis t = At("2026-03-27T17:01:00+01:00");
    EXPECT_EQ(DueAt(t, broken), DueAt(t, ResponseSettings{}));
    EXPECT_EQ(BusinessMillisBetween(t, t + 7 * core::kDayMs, broken),
              BusinessMillisBetween(t, t + 7 * core::kDayMs, ResponseSettings{}));
}

TEST(BusinessTime, BusinessMillisBetween) {
    const ResponseSettings office;
    const struct {
        const char* what;
        const char* from;
        const char* to;
        const ResponseSettings settings;
        core::Millis expected;
    } cases[] = {
        {"same instant", "2026-03-30T10:00:00+02:00", "2026-03-30T10:00:00+02:00", office, 0},
        {"backwards", "2026-03-30T12:00:00+02:00", "2026-03-30T10:00:00+02:00", office, 0},
        {"within a day", "2026-03-30T10:00:00+02:00", "2026-03-30T12:30:00+02:00", office, 150 * core::kMinuteMs},
        {"night only", "2026-03-30T18:00:00+02:00", "2026-03-31T08:00:00+02:00", office, 0},
        {"over a DST weekend", "2026-03-27T16:00:00+01:00", "2026-03-30T10:00:00+02:00", office, 2 * core::kHourMs},
        {"over Christmas", "2026-12-24T16:00:00+01:00", "2026-12-28T10:00:00+01:00", office, 2 * core::kHourMs},
        {"a full week", "2026-03-30T00:00:00+02:00", "2026-04-06T00:00:00+02:00", office, 40 * core::kHourMs},
        {"Easter week", "2026-04-06T00:00:00+02:00", "2026-04-13T00:00:00+02:00", office, 32 * core::kHourMs},
        {"spring change, around the clock", "2026-03-28T00:00:00+01:00", "2026-03-30T00:00:00+02:00", AroundTheClock(1),
         47 * core::kHourMs},
        {"autumn change, around the clock", "2026-10-24T00:00:00+02:00", "2026-10-26T00:00:00+01:00", AroundTheClock(1),
         49 * core::kHourMs},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(BusinessMillisBetween(At(c.from), At(c.to), c.settings), c.expected) << c.what;
    }
}

TEST(BusinessTime, TheHoursTargetIsExactlyThatMuchBusinessTime) {
    // Every 7 hours 13 minutes through two months with Easter, Ascension and the spring DST change.
    for (int hours : {1, 5, 8, 17, 60}) {
        const ResponseSettings s = Target("hours", hours);
        for (core::Millis t = At("2026-03-20T00:00:00Z"); t < At("2026-05-20T00:00:00Z");
             t += 7 * core::kHourMs + 13 * core::kMinuteMs) {
            const core::Millis due = DueAt(t, s);
            EXPECT_EQ(BusinessMillisBetween(t, due, s), hours * core::kHourMs) << core::FormatRfc3339(t);
            // and not a minute later than needed: the last minute before it is business time
            EXPECT_EQ(BusinessMillisBetween(due - core::kMinuteMs, due, s), core::kMinuteMs) << core::FormatRfc3339(t);
        }
    }
}

TEST(BusinessTime, ValidateResponseSettings) {
    EXPECT_TRUE(ValidateResponseSettings(ResponseSettings{}).ok());
    EXPECT_TRUE(ValidateResponseSettings(AroundTheClock(240)).ok());
    const struct {
        void (*change)(ResponseSettings&);
        const char* field;
    } cases[] = {
        {[](ResponseSettings& s) { s.target = "tomorrow"; }, "target"},
        {[](ResponseSettings& s) { s.target_hours = 0; }, "target_hours"},
        {[](ResponseSettings& s) { s.target_hours = 241; }, "target_hours"},
        {[](ResponseSettings& s) { s.business_days = {}; }, "business_days"},
        {[](ResponseSettings& s) {
             s.business_days = {0, 1};
         },
         "business_days"},
        {[](ResponseSettings& s) { s.business_days = {8}; }, "business_days"},
        {[](ResponseSettings& s) {
             s.business_days = {1, 2, 1};
         },
         "business_days"},
        {[](ResponseSettings& s) { s.day_start_minute = -1; }, "day_start_minute"},
        {[](ResponseSettings& s) { s.day_start_minute = 24 * 60; }, "day_start_minute"},
        {[](ResponseSettings& s) { s.day_end_minute = 24 * 60 + 1; }, "day_end_minute"},
        {[](ResponseSettings& s) { s.day_end_minute = s.day_start_minute; }, "day_end_minute"},
    };
    for (const auto& c : cases) {
        ResponseSettings s;
        c.change(s);
        const auto st = ValidateResponseSettings(s);
        ASSERT_FALSE(st.ok()) << c.field;
        EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(st.error().field, c.field);
        EXPECT_FALSE(st.error().message.empty());
    }
}

}  // namespace
}  // namespace belfry::inbox
