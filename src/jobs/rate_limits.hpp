// Token buckets per network account, following the networks' published limits, and pauses taken
// from their rate-limit headers.
//
// Contract
// - Acquire() takes the cost of one call for (network, account) and returns 0, or the milliseconds
//   to wait before it may go (nothing is taken then). Observe() records what the network said
//   (remaining 0 → no call before the reset); PauseUntil() follows a 429's Retry-After.
// - A network's limit is a list of windows: "at most N points in any W". Each window is a bucket
//   holding a burst of N/5, refilled at 4N/5 per W, so a burst followed by a steady stream stays
//   within N in every window of length W, whichever way the network aligns its windows (tested by
//   simulation); the price is a sustained rate of 80 % of the published one.
//     Mastodon: 300 requests / 5 min per account (every call costs 1)
//     Bluesky:  write points per account: 5,000 / h and 35,000 / day; create 3, update 2, delete 1
//     others:   60 calls / min until their connectors exist (unpublished or tier-dependent limits)
// - Thread-safe. The buckets live in the process: with several instances each keeps its own.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/network.hpp"
#include "networks/network.hpp"

namespace belfry::jobs {

// What a call does, for networks that weigh calls differently (Bluesky's write points).
enum class CallKind { kCreate, kUpdate, kDelete };

struct LimitWindow {
    double points = 0;        // at most this many points…
    core::Millis window = 0;  // …in any window of this length
};
std::vector<LimitWindow> PublishedLimits(core::Network network);
double CallCost(core::Network network, CallKind kind);

class RateLimits {
  public:
    core::Millis Acquire(core::Network network, const std::string& account, core::Millis now,
                         CallKind kind = CallKind::kCreate);
    void Observe(core::Network network, const std::string& account, const networks::RateLimitInfo& info,
                 core::Millis now);
    // The network asked us to wait (429 Retry-After): no call before `until`.
    void PauseUntil(core::Network network, const std::string& account, core::Millis until);

  private:
    struct Window {
        double tokens = 0;
        double capacity = 0;
        double per_ms = 0;
    };
    struct Bucket {
        std::vector<Window> windows;
        core::Millis updated = 0;
        core::Millis paused_until = 0;
    };
    Bucket& Get(core::Network network, const std::string& account, core::Millis now);
    std::mutex mu_;
    std::map<std::string, Bucket> buckets_;
};

}  // namespace belfry::jobs
