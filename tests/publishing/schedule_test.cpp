// The next free slot of a posting schedule: weekdays and local times in the channel's zone, taken
// slots skipped, and the daylight-saving weekends of 2026 in Brussels (29 March, 25 October).
#include "publishing/schedule.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace belfry::publishing {
namespace {

core::Millis T(const std::string& rfc3339) {
    auto t = core::ParseRfc3339(rfc3339);
    EXPECT_TRUE(t.has_value()) << rfc3339;
    return t.value_or(0);
}

Slot S(const char* weekday, const char* hh_mm) { return Slot{ParseWeekday(weekday), ParseTimeOfDay(hh_mm)}; }

struct SlotCase {
    const char* name;
    std::string zone;
    std::vector<Slot> slots;
    std::string now;
    std::vector<std::string> occupied;
    std::string expected;
};

class NextFreeSlotCases : public ::testing::TestWithParam<SlotCase> {};

TEST_P(NextFreeSlotCases, PicksTheEarliestFreeSlotStrictlyAfterNow) {
    const auto& c = GetParam();
    PostingSchedule schedule{c.zone, c.slots};
    ASSERT_TRUE(CheckSchedule(schedule).ok());
    std::set<core::Millis> occupied;
    for (const auto& o : c.occupied) occupied.insert(T(o));
    auto next = NextFreeSlot(schedule, T(c.now), occupied);
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(core::FormatRfc3339(next.value()), c.expected);
}

// 2026-01-01 is a Thursday; Brussels is UTC+1 in winter (CET), UTC+2 in summer (CEST).
INSTANTIATE_TEST_SUITE_P(
    Table, NextFreeSlotCases,
    ::testing::Values(SlotCase{"same_day_later",
                               "Europe/Brussels",
                               {S("thursday", "10:00")},
                               "2026-01-01T00:00:00Z",
                               {},
                               "2026-01-01T09:00:00Z"},
                      SlotCase{"a_slot_exactly_now_is_not_after_now",
                               "Europe/Brussels",
                               {S("monday", "09:00")},
                               "2026-01-05T08:00:00Z",
                               {},
                               "2026-01-12T08:00:00Z"},
                      SlotCase{"one_millisecond_before_the_slot",
                               "Europe/Brussels",
                               {S("monday", "09:00")},
                               "2026-01-05T07:59:59Z",
                               {},
                               "2026-01-05T08:00:00Z"},
                      SlotCase{"earliest_of_several_days",
                               "Europe/Brussels",
                               {S("friday", "12:00"), S("tuesday", "08:30"), S("wednesday", "17:45")},
                               "2026-01-05T12:00:00Z",
                               {},
                               "2026-01-06T07:30:00Z"},
                      SlotCase{"taken_slot_skipped",
                               "Europe/Brussels",
                               {S("monday", "09:00"), S("monday", "14:00")},
                               "2026-01-05T06:00:00Z",
                               {"2026-01-05T08:00:00Z"},
                               "2026-01-05T13:00:00Z"},
                      SlotCase{"a_time_inside_the_slot_minute_takes_it",
                               "Europe/Brussels",
                               {S("monday", "09:00"), S("monday", "14:00")},
                               "2026-01-05T06:00:00Z",
                               {"2026-01-05T08:00:30Z"},
                               "2026-01-05T13:00:00Z"},
                      SlotCase{"a_time_outside_the_slot_minute_does_not",
                               "Europe/Brussels",
                               {S("monday", "09:00")},
                               "2026-01-05T06:00:00Z",
                               {"2026-01-05T08:01:00Z", "2026-01-05T07:59:00Z"},
                               "2026-01-05T08:00:00Z"},
                      SlotCase{"all_taken_this_week_goes_to_the_next",
                               "Europe/Brussels",
                               {S("monday", "09:00"), S("monday", "14:00")},
                               "2026-01-05T06:00:00Z",
                               {"2026-01-05T08:00:00Z", "2026-01-05T13:00:00Z"},
                               "2026-01-12T08:00:00Z"},
                      SlotCase{"several_weeks_taken",
                               "Europe/Brussels",
                               {S("monday", "09:00")},
                               "2026-01-05T06:00:00Z",
                               {"2026-01-05T08:00:00Z", "2026-01-12T08:00:00Z", "2026-01-19T08:00:00Z"},
                               "2026-01-26T08:00:00Z"},
                      // Local midnight is not UTC midnight: at 23:30Z on Sunday it is already Monday 00:30 in Brussels.
                      SlotCase{"local_date_not_utc_date",
                               "Europe/Brussels",
                               {S("monday", "00:15")},
                               "2026-01-04T23:30:00Z",
                               {},
                               "2026-01-11T23:15:00Z"},
                      SlotCase{"local_date_not_utc_date_before_the_slot",
                               "Europe/Brussels",
                               {S("monday", "00:45")},
                               "2026-01-04T23:30:00Z",
                               {},
                               "2026-01-04T23:45:00Z"},
                      // Spring forward, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST.
                      SlotCase{"sunday_before_spring_forward_is_winter_time",
                               "Europe/Brussels",
                               {S("sunday", "09:00")},
                               "2026-03-21T12:00:00Z",
                               {},
                               "2026-03-22T08:00:00Z"},
                      SlotCase{"spring_forward_day_is_summer_time",
                               "Europe/Brussels",
                               {S("sunday", "09:00")},
                               "2026-03-28T12:00:00Z",
                               {},
                               "2026-03-29T07:00:00Z"},
                      SlotCase{"skipped_local_time_moves_to_the_first_valid_instant",
                               "Europe/Brussels",
                               {S("sunday", "02:30")},
                               "2026-03-28T12:00:00Z",
                               {},
                               "2026-03-29T01:00:00Z"},
                      SlotCase{"skipped_slot_and_03_00_share_one_instant",
                               "Europe/Brussels",
                               {S("sunday", "02:30"), S("sunday", "03:00")},
                               "2026-03-28T12:00:00Z",
                               {"2026-03-29T01:00:00Z"},
                               "2026-04-05T00:30:00Z"},
                      SlotCase{"just_before_the_gap",
                               "Europe/Brussels",
                               {S("sunday", "01:59")},
                               "2026-03-28T12:00:00Z",
                               {},
                               "2026-03-29T00:59:00Z"},
                      // Fall back, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
                      SlotCase{"repeated_local_time_takes_the_first_occurrence",
                               "Europe/Brussels",
                               {S("sunday", "02:30")},
                               "2026-10-24T12:00:00Z",
                               {},
                               "2026-10-25T00:30:00Z"},
                      SlotCase{"repeated_local_time_first_taken_goes_a_week_on",
                               "Europe/Brussels",
                               {S("sunday", "02:30")},
                               "2026-10-24T12:00:00Z",
                               {"2026-10-25T00:30:00Z"},
                               "2026-11-01T01:30:00Z"},
                      SlotCase{"fall_back_day_is_winter_time",
                               "Europe/Brussels",
                               {S("sunday", "09:00")},
                               "2026-10-24T12:00:00Z",
                               {},
                               "2026-10-25T08:00:00Z"},
                      SlotCase{"saturday_before_fall_back_is_summer_time",
                               "Europe/Brussels",
                               {S("saturday", "09:00")},
                               "2026-10-23T12:00:00Z",
                               {},
                               "2026-10-24T07:00:00Z"},
                      SlotCase{"now_between_the_two_0230s_after_the_first",
                               "Europe/Brussels",
                               {S("sunday", "02:30")},
                               "2026-10-25T00:45:00Z",
                               {},
                               "2026-11-01T01:30:00Z"},
                      // Another zone with another DST date (United States: 8 March 2026).
                      SlotCase{"new_york_before_its_spring_forward",
                               "America/New_York",
                               {S("monday", "09:00")},
                               "2026-03-01T00:00:00Z",
                               {},
                               "2026-03-02T14:00:00Z"},
                      SlotCase{"new_york_after_its_spring_forward",
                               "America/New_York",
                               {S("monday", "09:00")},
                               "2026-03-03T00:00:00Z",
                               {},
                               "2026-03-09T13:00:00Z"},
                      SlotCase{
                          "utc", "UTC", {S("sunday", "23:59")}, "2026-01-01T00:00:00Z", {}, "2026-01-04T23:59:00Z"}),
    [](const ::testing::TestParamInfo<SlotCase>& info) { return std::string(info.param.name); });

TEST(NextFreeSlot, RefusesAnEmptyScheduleAndAnUnknownZone) {
    auto none = NextFreeSlot(PostingSchedule{"Europe/Brussels", {}}, 0, {});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().field, "slots");
    auto zone = NextFreeSlot(PostingSchedule{"Europe/Bruxelles", {S("monday", "09:00")}}, 0, {});
    ASSERT_FALSE(zone.ok());
    EXPECT_EQ(zone.error().field, "time_zone");
}

TEST(PostingSchedule, ChecksSortsAndRefusesDuplicates) {
    PostingSchedule s{"Europe/Brussels", {S("friday", "12:00"), S("monday", "09:00"), S("monday", "08:00")}};
    ASSERT_TRUE(CheckSchedule(s).ok());
    ASSERT_EQ(s.slots.size(), 3u);
    EXPECT_EQ(s.slots[0], S("monday", "08:00"));
    EXPECT_EQ(s.slots[2], S("friday", "12:00"));
    PostingSchedule dup{"Europe/Brussels", {S("monday", "09:00"), S("monday", "09:00")}};
    auto st = CheckSchedule(dup);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("monday 09:00 is listed twice"), std::string::npos) << st.error().message;
    PostingSchedule bad_zone{"Mars/Olympus", {}};
    EXPECT_EQ(CheckSchedule(bad_zone).error().field, "time_zone");
}

TEST(PostingSchedule, ParsesWeekdaysAndTimes) {
    EXPECT_EQ(ParseWeekday("monday"), 1);
    EXPECT_EQ(ParseWeekday("sunday"), 7);
    EXPECT_EQ(ParseWeekday("Monday"), 0);
    EXPECT_EQ(ParseWeekday("lundi"), 0);
    EXPECT_EQ(ParseTimeOfDay("00:00"), 0);
    EXPECT_EQ(ParseTimeOfDay("09:30"), 570);
    EXPECT_EQ(ParseTimeOfDay("23:59"), 1439);
    EXPECT_EQ(ParseTimeOfDay("24:00"), -1);
    EXPECT_EQ(ParseTimeOfDay("9:30"), -1);
    EXPECT_EQ(ParseTimeOfDay("09:60"), -1);
    EXPECT_EQ(ParseTimeOfDay("09-30"), -1);
    EXPECT_EQ(FormatTimeOfDay(570), "09:30");
    EXPECT_EQ(WeekdayName(3), "wednesday");
}

}  // namespace
}  // namespace belfry::publishing
