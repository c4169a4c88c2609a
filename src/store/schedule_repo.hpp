// SQL for channels' posting schedules (time zone and weekly slots) and the times their renditions
// take. Runs inside the caller's Tx; throws soci exceptions on database failure.
#pragma once

#include <set>

#include "core/clock.hpp"
#include "publishing/schedule.hpp"
#include "store/database.hpp"

namespace belfry::store {

// The channel's schedule (its time zone, slots sorted); no slot when none was set.
publishing::PostingSchedule GetPostingSchedule(Tx& tx, long long channel_id);
// Replaces the channel's time zone and slots.
void PutPostingSchedule(Tx& tx, long long channel_id, const publishing::PostingSchedule& schedule);
// publish_at of the channel's renditions that hold a slot (scheduled, publishing, unconfirmed,
// published) from `from` on.
std::set<core::Millis> OccupiedTimes(Tx& tx, long long channel_id, core::Millis from);
// Serialises "next free slot" choices for one channel: on PostgreSQL locks the channel row until the
// transaction ends (SQLite's IMMEDIATE transactions are serialised already).
void LockChannelForScheduling(Tx& tx, long long channel_id);

}  // namespace belfry::store
