// Publisher: the workers that take due "publish" jobs from the durable queue and publish each
// rendition through its network's connector, exactly once; the same workers carry out the "delete"
// and "edit" jobs of published renditions (jobs/changes.hpp).
//
// Contract
// - A rendition is marked `publishing` (committed) before the network is called, so a crash
//   mid-call is seen on the next claim: such a rendition is reconciled (FindExisting) before any
//   new attempt, never blindly re-sent.
// - Outcomes: published → remote id and URL recorded; rejected → failed with the network's words
//   and a plain explanation; retry-later → rescheduled after Retry-After (back-off, at most 8
//   attempts); unknown → unconfirmed, reconciled a few seconds later.
// - Token buckets per network account (RateLimits) decide when a call may go; a job that must wait
//   is rescheduled, not slept on.
// - When no rendition of a post is still under way, the post becomes published,
//   partially_published or failed.
// - Start() runs `workers` threads until Stop(); RunOnce() processes one batch on the calling thread
//   (tests, benchmarks). Thread-safe.
// - Waking up: while due jobs keep filling whole batches every worker claims. Once a claim leaves no
//   due job behind, the workers wait — until the next job's run_at (read in the same claiming
//   transaction) or idle_poll_ms, whichever comes first — and one of them looks then. So a post
//   scheduled for 09:00 is claimed at 09:00, not up to a poll interval later; idle_poll_ms only
//   bounds how long a job enqueued for "now" by another process waits.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "jobs/rate_limits.hpp"
#include "networks/network.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"
#include "store/job_repo.hpp"

namespace belfry::jobs {

struct PublisherOptions {
    int workers = 64;
    int batch = 8;
    core::Millis lease_ms = 120000;
    core::Millis idle_poll_ms = 250;
    int max_attempts = 8;
    std::string owner = "belfry";
};

class Publisher {
  public:
    // `connector(network)` returns the connector for a network or nullptr.
    Publisher(store::Database& db, const core::Clock& clock, const security::Vault& vault,
              std::function<networks::Network*(core::Network)> connector, PublisherOptions options = {});
    ~Publisher();

    void Start();
    void Stop();
    // Claims and processes due jobs once; returns how many were processed.
    int RunOnce();
    RateLimits& rate_limits() { return limits_; }

  private:
    struct Work;
    // Makes the network call(s) for one prepared job and returns how to record the outcome.
    std::function<void(store::Tx&, core::Millis)> Call(const store::Job& job, Work& work, bool reconcile);
    void Loop();
    // After a claim: opens the gate to every worker (a full batch: more is due), or closes it until
    // the next job's run_at or the poll interval.
    void AfterClaim(int claimed, std::optional<core::Millis> next_run_at);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Vault& vault_;
    std::function<networks::Network*(core::Network)> connector_;
    PublisherOptions options_;
    RateLimits limits_;
    std::atomic<bool> running_{false};
    std::mutex idle_mu_;
    std::condition_variable idle_cv_;
    std::chrono::steady_clock::time_point idle_until_;
    bool idle_ = false;  // the last claim left no due job: one worker looks at idle_until_
    std::vector<std::thread> threads_;
};

}  // namespace belfry::jobs
