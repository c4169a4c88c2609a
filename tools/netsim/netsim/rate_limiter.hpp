// Fixed-window rate limits, per rule and key (an account, a handle), as both networks apply them.
//
// Contract
// - A Rule names a bucket ("mastodon.api"), its limit in points and its window. Aligned windows start
//   at multiples of the window since the epoch (Mastodon's Rack::Attack); unaligned ones start at the
//   first consumption after the previous window ended (Bluesky's rate-limiter-flexible).
// - Consume() adds `points` to every listed bucket (even when one is already over, as both servers
//   count refused calls) and returns one Decision: the first bucket over its limit if any
//   (allowed == false), else the bucket with the fewest remaining points — the one "closest to
//   exceeding", whose values go into the response headers. Remaining is never negative.
// - Rules can be replaced at run time (SetRule); Reset() forgets every count. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace belfry::netsim {

struct Rule {
    long limit = 0;
    core::Millis window_ms = 0;
    bool aligned = false;
};

struct Decision {
    bool allowed = true;
    std::string rule;
    long limit = 0;
    long remaining = 0;
    core::Millis reset_at = 0;  // epoch ms when the window ends
    core::Millis window_ms = 0;
    int RetryAfterSeconds(core::Millis now) const { return static_cast<int>((reset_at - now + 999) / 1000); }
};

struct Charge {
    std::string rule;
    std::string key;
    long points = 1;
};

class RateLimiter {
  public:
    // The defaults of both networks (see rate_limiter.cpp for the figures and their sources).
    RateLimiter();

    core::Status SetRule(const std::string& name, long limit, core::Millis window_ms);
    std::map<std::string, Rule> Rules() const;
    void RestoreDefaults();
    void Reset();
    Decision Consume(const std::vector<Charge>& charges, core::Millis now);

  private:
    struct Window {
        core::Millis start = 0;
        long used = 0;
    };
    mutable std::mutex mu_;
    std::map<std::string, Rule> rules_;
    std::map<std::pair<std::string, std::string>, Window> windows_;
};

}  // namespace belfry::netsim
