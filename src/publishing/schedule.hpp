// A channel's posting schedule (weekly slots in its own time zone) and the "next free slot" —
// what Buffer, Hootsuite or Postiz call the queue.
//
// Contract
// - A slot is a weekday (1 = Monday … 7 = Sunday, ISO 8601) and a local time of day (minutes since
//   midnight) in the schedule's IANA time zone. Slots repeat every week.
// - NextFreeSlot() returns the earliest slot instant strictly after `now` that no occupied time
//   takes. An occupied time takes the slot of the same minute (times are compared floored to the
//   minute), so a post scheduled by hand at 09:00:30 holds the 09:00 slot.
// - Daylight saving (ICU): a slot at a local time the clocks skip (02:30 on the last Sunday of
//   March in Europe/Brussels) moves to the first valid instant after the gap (03:00 local); a slot
//   at a local time that occurs twice (02:30 on the last Sunday of October) takes the first
//   occurrence (summer time).
// - Fails (kInvalidArgument) when the zone is unknown or the schedule has no slot. Pure; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace belfry::publishing {

struct Slot {
    int weekday = 1;        // 1 = Monday … 7 = Sunday
    int minute_of_day = 0;  // 0 … 1439, local time
    bool operator==(const Slot&) const = default;
    bool operator<(const Slot& o) const {
        return weekday != o.weekday ? weekday < o.weekday : minute_of_day < o.minute_of_day;
    }
};

struct PostingSchedule {
    std::string time_zone = "Europe/Brussels";
    std::vector<Slot> slots;
};

inline constexpr std::string_view kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
// "monday" → 1 … "sunday" → 7; 0 when unknown.
int ParseWeekday(std::string_view name);
std::string_view WeekdayName(int weekday);
// "09:30" → 570; -1 when it is not HH:MM with 00 ≤ HH ≤ 23 and 00 ≤ MM ≤ 59.
int ParseTimeOfDay(std::string_view hh_mm);
std::string FormatTimeOfDay(int minute_of_day);

// Checks the zone with ICU and the slots' ranges; sorts the slots and refuses duplicates.
core::Status CheckSchedule(PostingSchedule& schedule);

core::Result<core::Millis> NextFreeSlot(const PostingSchedule& schedule, core::Millis now,
                                        const std::set<core::Millis>& occupied);

}  // namespace belfry::publishing
