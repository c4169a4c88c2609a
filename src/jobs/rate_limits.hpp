// Token buckets per network account, following the networks' published limits, and pauses taken
// from their rate-limit headers.
//
// Contract: Acquire() takes one token for (network, account) and returns 0, or the milliseconds to
// wait before a token is there (nothing is taken then). Observe() records what the network said
// (remaining 0 → no call before the reset). Thread-safe. The buckets live in the process: with
// several instances each keeps its own, so the limits below are set under the networks' own.
//   Mastodon: 300 requests / 5 min per account  → bucket 300, refill 1 per second
//   Bluesky:  5,000 write points / h, a create costs 3 → bucket 1,666 creates, refill 1 per 2.16 s
//   others:   60 per minute (unpublished or tier-dependent limits)
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/network.hpp"
#include "networks/network.hpp"

namespace belfry::jobs {

class RateLimits {
  public:
    core::Millis Acquire(core::Network network, const std::string& account, core::Millis now);
    void Observe(core::Network network, const std::string& account, const networks::RateLimitInfo& info,
                 core::Millis now);
    // The network asked us to wait (429 Retry-After): no call before `until`.
    void PauseUntil(core::Network network, const std::string& account, core::Millis until);

  private:
    struct Bucket {
        double tokens = 0;
        double capacity = 0;
        double per_ms = 0;
        core::Millis updated = 0;
        core::Millis paused_until = 0;
    };
    Bucket& Get(core::Network network, const std::string& account, core::Millis now);
    std::mutex mu_;
    std::map<std::string, Bucket> buckets_;
};

}  // namespace belfry::jobs
