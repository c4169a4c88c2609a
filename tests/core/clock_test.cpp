#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace belfry::core {
namespace {

TEST(FormatRfc3339, WritesUtcWithSecondPrecision) {
    EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(1790000000000), "2026-09-21T14:13:20Z");
    EXPECT_EQ(FormatRfc3339(1700000000999), "2023-11-14T22:13:20Z");  // milliseconds are dropped, not rounded
    EXPECT_EQ(FormatRfc3339(951782400000), "2000-02-29T00:00:00Z");   // leap day of a century leap year
    EXPECT_EQ(FormatRfc3339(4107542400000), "2100-03-01T00:00:00Z");  // 2100 is not a leap year
    EXPECT_EQ(FormatRfc3339(253402300799000), "9999-12-31T23:59:59Z");
    // Before the epoch, time still counts down to the earlier second.
    EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
    EXPECT_EQ(FormatRfc3339(-1000), "1969-12-31T23:59:59Z");
    EXPECT_EQ(FormatRfc3339(-1001), "1969-12-31T23:59:58Z");
    EXPECT_EQ(FormatRfc3339(-86400000), "1969-12-31T00:00:00Z");
}

TEST(ParseRfc3339, RoundTripsEveryFormattedTime) {
    for (Millis t : {Millis{0}, Millis{1790000000000}, Millis{951782400000}, Millis{1709164800000},
                     Millis{4107542400000}, Millis{253402300799000}, Millis{-86400000}, Millis{-1000}}) {
        SCOPED_TRACE(t);
        const std::string text = FormatRfc3339(t);
        const auto back = ParseRfc3339(text);
        ASSERT_TRUE(back.has_value()) << text;
        EXPECT_EQ(*back, t);
        EXPECT_EQ(FormatRfc3339(*back), text);
    }
    // Every day of a leap year and a common year survives the trip.
    for (Millis day = 0; day < 366 * 2; ++day) {
        const Millis t = 1704067200000 + day * kDayMs + 12 * kHourMs + 34 * kMinuteMs + 56 * kSecondMs;  // 2024
        ASSERT_EQ(ParseRfc3339(FormatRfc3339(t)), t) << FormatRfc3339(t);
    }
}

TEST(ParseRfc3339, ReadsFractionsOffsetsAndDates) {
    const Millis base = 1790000000000;  // 2026-09-21T14:13:20Z
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20Z"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-21t14:13:20z"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-21 14:13:20Z"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20.5Z"), base + 500);
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20.123Z"), base + 123);
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20.123999Z"), base + 123);  // beyond milliseconds: truncated
    EXPECT_EQ(ParseRfc3339("2026-09-21T16:13:20+02:00"), base);          // Brussels summer time
    EXPECT_EQ(ParseRfc3339("2026-09-21T15:13:20.250+01:00"), base + 250);
    EXPECT_EQ(ParseRfc3339("2026-09-21T08:43:20-05:30"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20+00:00"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-21T14:13:20-00:00"), base);
    EXPECT_EQ(ParseRfc3339("2026-09-22T00:30:00+02:00"), ParseRfc3339("2026-09-21T22:30:00Z"));  // across midnight
    // A bare date is midnight UTC.
    EXPECT_EQ(ParseRfc3339("2026-09-21"), base - (14 * kHourMs + 13 * kMinuteMs + 20 * kSecondMs));
    EXPECT_EQ(ParseRfc3339("2024-02-29"), 1709164800000);
    EXPECT_EQ(ParseRfc3339("1970-01-01"), 0);
    EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59Z"), -1000);
    // A leap second is accepted (RFC 3339 allows :60) and lands on the next second.
    EXPECT_EQ(ParseRfc3339("2016-12-31T23:59:60Z"), ParseRfc3339("2017-01-01T00:00:00Z"));
}

TEST(ParseRfc3339, RefusesWhatIsNotAnRfc3339Time) {
    for (const char* bad : {
             "",
             "2026",
             "2026-09",
             "26-09-21",
             "2026/09/21",
             "2026-9-21",
             "2026-09-2",
             "2026-09-21T",
             "2026-09-21T14:13Z",         // no seconds
             "2026-09-21T14:13:20",       // no zone
             "2026-09-21T14:13:20.Z",     // a dot without digits
             "2026-09-21T14:13:20+0200",  // offset without colon
             "2026-09-21T14:13:20+02",    // offset without minutes
             "2026-09-21T14:13:20ZZ",     // trailing text
             "2026-09-21T14:13:20Z ",     // trailing space
             " 2026-09-21T14:13:20Z",     // leading space
             "2026-09-21X14:13:20Z",      // wrong separator
             "2026-09-21T14-13-20Z",
             "2026-00-10",                 // month 0
             "2026-13-01",                 // month 13
             "2026-09-00",                 // day 0
             "2026-09-32",                 // day 32
             "2026-09-21T24:00:00Z",       // hour 24
             "2026-09-21T14:60:00Z",       // minute 60
             "2026-09-21T14:13:61Z",       // second 61
             "2026-09-21T14:13:20+24:00",  // offset hour 24
             "2026-09-21T14:13:20+02:60",  // offset minute 60
             "2026-02-30",                 // no 30 February
             "2025-02-29",                 // 2025 is not a leap year
             "2100-02-29T00:00:00Z",       // nor is 2100
             "2026-04-31T12:00:00Z",       // April has 30 days
             "2026-09-21T14:13:2OZ",       // a letter O for a zero
             "+2026-09-21T14:13:20Z",
             "2026-09-21T14:13:20.123+01:00x",
         }) {
        EXPECT_FALSE(ParseRfc3339(bad).has_value()) << "'" << bad << "' was accepted as " << *ParseRfc3339(bad);
    }
    EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z").has_value());
    EXPECT_TRUE(ParseRfc3339("2000-02-29").has_value());
    EXPECT_TRUE(ParseRfc3339("2026-04-30").has_value());
    EXPECT_TRUE(ParseRfc3339("2026-09-21T14:13:20+23:59").has_value());
}

TEST(FakeClock, MovesOnlyWhenTold) {
    FakeClock clock(1000);
    EXPECT_EQ(clock.NowMs(), 1000);
    clock.Advance(kDayMs);
    EXPECT_EQ(clock.NowMs(), 1000 + 86400000);
    clock.Set(5);
    EXPECT_EQ(clock.NowMs(), 5);
    const SystemClock system;
    EXPECT_GT(system.NowMs(), 1700000000000);  // after November 2023
}

}  // namespace
}  // namespace belfry::core
