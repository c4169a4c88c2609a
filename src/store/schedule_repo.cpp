#include "store/schedule_repo.hpp"

#include <soci/soci.h>

#include "store/rows.hpp"

namespace belfry::store {

publishing::PostingSchedule GetPostingSchedule(Tx& tx, long long channel_id) {
    publishing::PostingSchedule out;
    Binds b;
    const auto id = b.Add(channel_id);
    Query(tx.sql(), "SELECT time_zone FROM channels WHERE id = " + id, b,
          [&](const soci::row& r) { out.time_zone = Text(r, 0); });
    Binds b2;
    const auto id2 = b2.Add(channel_id);
    Query(tx.sql(),
          "SELECT weekday, minute_of_day FROM channel_slots WHERE channel_id = " + id2 +
              " ORDER BY weekday, minute_of_day",
          b2, [&](const soci::row& r) {
              out.slots.push_back(publishing::Slot{static_cast<int>(Int(r, 0)), static_cast<int>(Int(r, 1))});
          });
    return out;
}

void PutPostingSchedule(Tx& tx, long long channel_id, const publishing::PostingSchedule& schedule) {
    tx.sql() << "UPDATE channels SET time_zone = :tz WHERE id = :id", soci::use(schedule.time_zone),
        soci::use(channel_id);
    tx.sql() << "DELETE FROM channel_slots WHERE channel_id = :id", soci::use(channel_id);
    for (const auto& slot : schedule.slots) {
        const long long weekday = slot.weekday;
        const long long minute = slot.minute_of_day;
        tx.sql() << "INSERT INTO channel_slots (channel_id, weekday, minute_of_day) VALUES (:c, :w, :m)",
            soci::use(channel_id), soci::use(weekday), soci::use(minute);
    }
}

std::set<core::Millis> OccupiedTimes(Tx& tx, long long channel_id, core::Millis from) {
    std::set<core::Millis> out;
    Binds b;
    const auto id = b.Add(channel_id);
    const auto at = b.Add(from);
    Query(tx.sql(),
          "SELECT publish_at FROM renditions WHERE channel_id = " + id + " AND publish_at >= " + at +
              " AND status IN ('scheduled', 'publishing', 'unconfirmed', 'published')",
          b, [&](const soci::row& r) { out.insert(Int(r, 0)); });
    return out;
}

void LockChannelForScheduling(Tx& tx, long long channel_id) {
    if (tx.engine() != Engine::kPostgres) return;
    long long id = 0;
    tx.sql() << "SELECT id FROM channels WHERE id = :id FOR UPDATE", soci::use(channel_id), soci::into(id);
}

}  // namespace belfry::store
