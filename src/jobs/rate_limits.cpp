#include "jobs/rate_limits.hpp"

#include <algorithm>
#include <cmath>

namespace belfry::jobs {

namespace {
struct Limit {
    double capacity;
    double per_ms;
};
Limit PublishedLimit(core::Network network) {
    switch (network) {
        case core::Network::kMastodon:
            return {300, 300.0 / (5 * 60 * 1000)};
        case core::Network::kBluesky:
            return {5000.0 / 3, 5000.0 / 3 / (60 * 60 * 1000)};
        default:
            return {60, 60.0 / (60 * 1000)};
    }
}
}  // namespace

RateLimits::Bucket& RateLimits::Get(core::Network network, const std::string& account, core::Millis now) {
    const std::string key = std::string(core::NetworkName(network)) + "\n" + account;
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        const auto limit = PublishedLimit(network);
        it = buckets_.emplace(key, Bucket{limit.capacity, limit.capacity, limit.per_ms, now, 0}).first;
    }
    Bucket& b = it->second;
    if (now > b.updated) {
        b.tokens = std::min(b.capacity, b.tokens + static_cast<double>(now - b.updated) * b.per_ms);
        b.updated = now;
    }
    return b;
}

core::Millis RateLimits::Acquire(core::Network network, const std::string& account, core::Millis now) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    if (b.paused_until > now) return b.paused_until - now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return static_cast<core::Millis>(std::ceil((1 - b.tokens) / b.per_ms));
}

void RateLimits::Observe(core::Network network, const std::string& account, const networks::RateLimitInfo& info,
                         core::Millis now) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    if (info.remaining >= 0) b.tokens = std::min(b.tokens, static_cast<double>(info.remaining));
    if (info.remaining == 0 && info.reset_at_ms > now) b.paused_until = std::max(b.paused_until, info.reset_at_ms);
}

void RateLimits::PauseUntil(core::Network network, const std::string& account, core::Millis until) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, 0);  // 0: no refill here
    b.paused_until = std::max(b.paused_until, until);
}

}  // namespace belfry::jobs
