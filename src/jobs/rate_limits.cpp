#include "jobs/rate_limits.hpp"

#include <algorithm>
#include <cmath>

namespace belfry::jobs {

namespace {
constexpr core::Millis kMinute = 60LL * 1000;
constexpr core::Millis kHour = 60 * kMinute;
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

void RateLimits::Window::Forget(core::Millis now) {
    while (!calls.empty() && calls.front().at <= now - length) {
        spent -= calls.front().cost;
        calls.pop_front();
    }
    if (calls.empty()) spent = 0;  // no drift from floating-point sums
}

core::Millis RateLimits::Window::WaitFor(double cost, core::Millis now) const {
    double over = spent + cost - points;
    if (over <= 0) return 0;
    for (const auto& c : calls) {
        over -= c.cost;
        if (over <= 0) return std::max<core::Millis>(1, c.at + length - now);
    }
    return length;  // a single call costs more than the window allows: at least a whole window
}

RateLimits::Bucket& RateLimits::Get(core::Network network, const std::string& account, core::Millis now) {
    const std::string key = std::string(core::NetworkName(network)) + "\n" + account;
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        Bucket b;
        for (const auto& w : PublishedLimits(network)) b.windows.push_back({w.points, w.window, {}, 0});
        it = buckets_.emplace(key, std::move(b)).first;
    }
    for (auto& w : it->second.windows) w.Forget(now);
    return it->second;
}

core::Millis RateLimits::Acquire(core::Network network, const std::string& account, core::Millis now, CallKind kind) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    if (b.paused_until > now) return b.paused_until - now;
    const double cost = CallCost(network, kind);
    core::Millis wait = 0;
    for (const auto& w : b.windows) wait = std::max(wait, w.WaitFor(cost, now));
    if (wait > 0) return wait;
    for (auto& w : b.windows) {
        w.calls.push_back({now, cost});
        w.spent += cost;
    }
    return 0;
}

void RateLimits::Observe(core::Network network, const std::string& account, const networks::RateLimitInfo& info,
                         core::Millis now) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, now);
    // The network's remaining count is for its first (shortest) window: when it says less is left
    // than the log thinks, the difference is spent now (calls made by another instance, say).
    if (info.remaining >= 0 && !b.windows.empty()) {
        auto& first = b.windows.front();
        const double unknown = first.points - first.spent - static_cast<double>(info.remaining);
        if (unknown > 0) {
            // Spent until the network's reset when it says one, else for a whole window from now.
            const core::Millis at = info.reset_at_ms > now ? std::min(now, info.reset_at_ms - first.length) : now;
            auto pos = std::upper_bound(first.calls.begin(), first.calls.end(), at,
                                        [](core::Millis t, const Call& c) { return t < c.at; });
            first.calls.insert(pos, Call{at, unknown});
            first.spent += unknown;
        }
    }
    if (info.remaining == 0 && info.reset_at_ms > now) b.paused_until = std::max(b.paused_until, info.reset_at_ms);
}

void RateLimits::PauseUntil(core::Network network, const std::string& account, core::Millis until) {
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = Get(network, account, 0);  // 0: nothing ages out here
    b.paused_until = std::max(b.paused_until, until);
}

}  // namespace belfry::jobs
