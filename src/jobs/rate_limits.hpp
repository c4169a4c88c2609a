// Rate limits per network account: a log of the calls in each window of the networks' published
// limits, and the pauses their rate-limit headers ask for.
//
// Contract
// - Acquire() takes the cost of one call for (network, account) and returns 0, or the milliseconds
//   to wait before it may go (nothing is taken then). Observe() records what the network said
//   (remaining 0 → no call before the reset); PauseUntil() follows a 429's Retry-After.
// - A network's limit is a list of windows: "at most N points in any W". Each window keeps the log
//   of the calls made in the last W (time and cost), so no window of length W ever holds more than
//   N, whichever way the network aligns its own windows, and the whole allowance can be used (a
//   crisis burst included). Tested by simulating a greedy caller over days.
//     Mastodon: 300 requests / 5 min per account (every call costs 1)
//     Bluesky:  write points per account: 5,000 / h and 35,000 / day; create 3, update 2, delete 1
//     others:   60 calls / min until their connectors exist (unpublished or tier-dependent limits)
// - Thread-safe. The logs live in the process: with several instances each keeps its own.
#pragma once

#include <deque>
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
    struct Call {
        core::Millis at = 0;
        double cost = 0;
    };
    struct Window {
        double points = 0;
        core::Millis length = 0;
        std::deque<Call> calls;  // within the last `length`, oldest first
        double spent = 0;        // the sum of their costs
        void Forget(core::Millis now);
        // 0 when `cost` fits now, else how long until enough of the log has aged out.
        core::Millis WaitFor(double cost, core::Millis now) const;
    };
    struct Bucket {
        std::vector<Window> windows;
        core::Millis paused_until = 0;
    };
    Bucket& Get(core::Network network, const std::string& account, core::Millis now);
    std::mutex mu_;
    std::map<std::string, Bucket> buckets_;
};

}  // namespace belfry::jobs
