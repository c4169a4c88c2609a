#include "jobs/rate_limits.hpp"

#include <algorithm>
#include <cmath>

namespace belfry::jobs {

namespace {
constexpr core::Millis kMinute = 60LL * 1000;
constexpr core::Millis kHour = 60 * kMinute;
// A window's bucket holds this share of its points as a burst and refills the rest over the window,
// so a full burst plus a window of steady refill never exceed the window's points.
constexpr double kBurstShare = 0.2;
}  // namespace

std::vector<LimitWindow> PublishedLimits(core::Network network) {
    switch (network) {
        case core::Network::kMastodon:  // docs.joinmastodon.org/api/rate-limits
            return {{300, 5 * kMinute}};
        case core::Network::kBluesky:  // docs.bsky.app/docs/advanced-guides/rate-limits
            return {{5000, kHour}, {35000, 24 * kHour}};
        default:
            return {{60, kMinute}};
    }
}

double CallCost(core::Network network, CallKind kind) {
    if (network != core::Network::kBluesky) return 1;
    switch (kind) {
        case CallKind::kCreate:
            return 3;
        case CallKind::kUpdate:
            return 2;
        case CallKind::kDelete:
            return 1;
    }
    return 3;
}

RateLimits::Bucket& RateLimits::Get(core::Network network, const std::string& account, core::Millis now) {
    const std::string key = std::string(core::NetworkName(network)) + "\n" + account;
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        Bucket b;
        for (const auto& w : PublishedLimits(network)) {
            const double burst = w.points * kBurstShare;
            const double per_ms = w.points * (1 - kBurstShare) / static_cast<double>(w.window);
            b.windows.push_back({burst, burst, per_ms});
        }
        b.updated = now;
        it = buckets_.emplace(key, std::move(b)).first;
    }
    Bucket& b = it->second;
    if (now > b.updated) {
        for (auto& w : b.windows) {
            w.tokens = std::min(w.capacity, w.tokens + static_cast<double>(now - b.updated) * w.per_ms);
        }
        b.updated = now;
    }
    return b;
}

core::Millis RateLimits::Acquire(core::Network network, const std::string& account, core::Millis now, CallKind kind) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    if (b.paused_until > now) return b.paused_until - now;
    const double cost = CallCost(network, kind);
    core::Millis wait = 0;
    for (const auto& w : b.windows) {
        if (w.tokens < cost) {
            wait = std::max(wait, static_cast<core::Millis>(std::ceil((cost - w.tokens) / w.per_ms)));
        }
    }
    if (wait > 0) return wait;
    for (auto& w : b.windows) w.tokens -= cost;
    return 0;
}

void RateLimits::Observe(core::Network network, const std::string& account, const networks::RateLimitInfo& info,
                         core::Millis now) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    // The network's remaining count is for its first (shortest) window.
    if (info.remaining >= 0 && !b.windows.empty()) {
        auto& first = b.windows.front();
        first.tokens = std::min(first.tokens, static_cast<double>(info.remaining));
    }
    if (info.remaining == 0 && info.reset_at_ms > now) b.paused_until = std::max(b.paused_until, info.reset_at_ms);
}

void RateLimits::PauseUntil(core::Network network, const std::string& account, core::Millis until) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, 0);  // 0: no refill here
    b.paused_until = std::max(b.paused_until, until);
}

}  // namespace belfry::jobs
