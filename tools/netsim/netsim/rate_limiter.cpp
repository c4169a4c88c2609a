#include "netsim/rate_limiter.hpp"

#include <limits>

namespace belfry::netsim {

namespace {

std::map<std::string, Rule> DefaultRules() {
    using core::kDayMs;
    using core::kHourMs;
    using core::kMinuteMs;
    return {
        // docs.joinmastodon.org/api/rate-limits: every /api/* call per account, uploads, deletions.
        {"mastodon.api", {300, 5 * kMinuteMs, true}},
        {"mastodon.media", {30, 30 * kMinuteMs, true}},
        {"mastodon.delete", {30, 30 * kMinuteMs, true}},
        // docs.bsky.app rate limits / the PDS source: write points per account, sign-ins per identifier.
        {"bluesky.write_hour", {5000, kHourMs, false}},
        {"bluesky.write_day", {35000, kDayMs, false}},
        {"bluesky.session_5min", {30, 5 * kMinuteMs, false}},
        {"bluesky.session_day", {300, kDayMs, false}},
    };
}

}  // namespace

RateLimiter::RateLimiter() : rules_(DefaultRules()) {}

core::Status RateLimiter::SetRule(const std::string& name, long limit, core::Millis window_ms) {
    std::lock_guard lock(mu_);
    auto it = rules_.find(name);
    if (it == rules_.end()) return core::Error::Invalid("rate_limits", "unknown rate limit '" + name + "'");
    if (limit < 1 || window_ms < 1000) {
        return core::Error::Invalid("rate_limits", "'" + name + "' needs limit >= 1 and window_seconds >= 1");
    }
    it->second.limit = limit;
    it->second.window_ms = window_ms;
    for (auto w = windows_.begin(); w != windows_.end();) {
        w = w->first.first == name ? windows_.erase(w) : std::next(w);
    }
    return core::Ok();
}

std::map<std::string, Rule> RateLimiter::Rules() const {
    std::lock_guard lock(mu_);
    return rules_;
}

void RateLimiter::RestoreDefaults() {
    std::lock_guard lock(mu_);
    rules_ = DefaultRules();
    windows_.clear();
}

void RateLimiter::Reset() {
    std::lock_guard lock(mu_);
    windows_.clear();
}

Decision RateLimiter::Consume(const std::vector<Charge>& charges, core::Millis now) {
    std::lock_guard lock(mu_);
    Decision refused;
    Decision tightest;
    tightest.remaining = std::numeric_limits<long>::max();
    bool any = false;
    for (const auto& c : charges) {
        auto rule_it = rules_.find(c.rule);
        if (rule_it == rules_.end()) continue;
        const Rule& rule = rule_it->second;
        Window& w = windows_[{c.rule, c.key}];
        if (rule.aligned) {
            const core::Millis start = now - (now % rule.window_ms);
            if (w.start != start) w = {start, 0};
        } else if (w.used == 0 || now >= w.start + rule.window_ms) {
            w = {now, 0};
        }
        w.used += c.points;
        Decision d;
        d.rule = c.rule;
        d.limit = rule.limit;
        d.remaining = std::max(0L, rule.limit - w.used);
        d.reset_at = w.start + rule.window_ms;
        d.window_ms = rule.window_ms;
        d.allowed = w.used <= rule.limit;
        if (!d.allowed && refused.allowed) refused = d;
        if (!any || d.remaining < tightest.remaining) tightest = d;
        any = true;
    }
    if (!refused.allowed) return refused;
    return any ? tightest : Decision{};
}

}  // namespace belfry::netsim
