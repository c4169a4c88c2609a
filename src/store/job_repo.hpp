// The durable job queue's SQL.
//
// Contract: Enqueue() runs in the caller's transaction (a job exists iff the change that wanted it
// committed). ClaimDue() marks up to `limit` due jobs as leased to `owner` until `lease_until` and
// returns them: on PostgreSQL with FOR UPDATE SKIP LOCKED so several instances never claim the same
// job; on SQLite the IMMEDIATE transaction serialises claimers. A job whose lease expired (its
// worker died) is due again. Complete()/Reschedule() end or postpone a leased job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace belfry::store {

struct Job {
    long long id = 0;
    std::string kind;
    long long ref_id = 0;
    long long attempts = 0;
    core::Millis run_at = 0;
};

long long EnqueueJob(Tx& tx, const std::string& kind, long long ref_id, core::Millis run_at, core::Millis now);
std::vector<Job> ClaimDueJobs(Tx& tx, const std::string& owner, core::Millis now, core::Millis lease_until, int limit);
void CompleteJob(Tx& tx, long long job_id, core::Millis now);
void RescheduleJob(Tx& tx, long long job_id, core::Millis run_at, const std::string& last_error);
// Cancels every pending job of `kind` for `ref_id`.
void CancelJobs(Tx& tx, const std::string& kind, long long ref_id, core::Millis now);
long long CountPendingJobs(Tx& tx);
// The earliest run_at after `now` among jobs not done (nullopt when none): when the queue next has work.
std::optional<core::Millis> NextRunAt(Tx& tx, core::Millis now);

}  // namespace belfry::store
