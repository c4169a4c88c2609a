#include "store/job_repo.hpp"

#include <soci/soci.h>

#include "store/rows.hpp"

namespace belfry::store {

long long EnqueueJob(Tx& tx, const std::string& kind, long long ref_id, core::Millis run_at, core::Millis now) {
    long long id = 0;
    tx.sql() << "INSERT INTO jobs (kind, ref_id, run_at, attempts, created_at) VALUES (:k, :r, :at, 0, :now) "
                "RETURNING id",
        soci::use(kind), soci::use(ref_id), soci::use(run_at), soci::use(now), soci::into(id);
    return id;
}

std::vector<Job> ClaimDueJobs(Tx& tx, const std::string& owner, core::Millis now, core::Millis lease_until, int limit) {
    Binds b;
    const auto o = b.Add(owner);
    const auto until = b.Add(lease_until);
    const auto n1 = b.Add(now);
    const auto n2 = b.Add(now);
    const std::string lock = tx.engine() == Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
    const std::string sql = "UPDATE jobs SET lease_owner = " + o + ", lease_until = " + until +
                            ", attempts = attempts + 1 WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND "
                            "run_at <= " +
                            n1 + " AND (lease_until IS NULL OR lease_until < " + n2 + ") ORDER BY run_at, id LIMIT " +
                            std::to_string(limit) + lock + ") RETURNING id, kind, ref_id, attempts, run_at";
    std::vector<Job> out;
    Query(tx.sql(), sql, b, [&](const soci::row& r) {
        out.push_back(Job{Int(r, 0), Text(r, 1), Int(r, 2), Int(r, 3), Int(r, 4)});
    });
    return out;
}

void CompleteJob(Tx& tx, long long job_id, core::Millis now) {
    tx.sql() << "UPDATE jobs SET done_at = :now, lease_owner = NULL, lease_until = NULL WHERE id = :id", soci::use(now),
        soci::use(job_id);
}

void RescheduleJob(Tx& tx, long long job_id, core::Millis run_at, const std::string& last_error) {
    tx.sql() << "UPDATE jobs SET run_at = :at, lease_owner = NULL, lease_until = NULL, last_error = :e WHERE id = :id",
        soci::use(run_at), soci::use(last_error), soci::use(job_id);
}

void CancelJobs(Tx& tx, const std::string& kind, long long ref_id, core::Millis now) {
    tx.sql() << "UPDATE jobs SET done_at = :now, last_error = 'cancelled' WHERE kind = :k AND ref_id = :r AND "
                "done_at IS NULL",
        soci::use(now), soci::use(kind), soci::use(ref_id);
}

long long CountPendingJobs(Tx& tx) {
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL", soci::into(n);
    return n;
}

std::optional<core::Millis> NextRunAt(Tx& tx, core::Millis now) {
    std::optional<core::Millis> out;
    Binds b;
    const auto n = b.Add(now);
    Query(tx.sql(), "SELECT MIN(run_at) FROM jobs WHERE done_at IS NULL AND run_at > " + n, b,
          [&](const soci::row& r) { out = OptInt(r, 0); });
    return out;
}

}  // namespace belfry::store
