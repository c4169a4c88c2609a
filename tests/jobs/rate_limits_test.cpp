#include "jobs/rate_limits.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <utility>
#include <vector>

namespace belfry::jobs {
namespace {

constexpr core::Millis kT0 = 1'795'000'000'000;
constexpr core::Millis kMinute = 60'000;
constexpr core::Millis kHour = 60 * kMinute;

struct Call {
    core::Millis at;
    double cost;
};

// Calls as fast as the buckets allow for `duration`, cycling through `kinds`.
std::vector<Call> Greedy(core::Network network, core::Millis duration, const std::vector<CallKind>& kinds) {
    RateLimits limits;
    std::vector<Call> calls;
    core::Millis now = kT0;
    std::size_t i = 0;
    while (now < kT0 + duration) {
        const CallKind kind = kinds[i % kinds.size()];
        const core::Millis wait = limits.Acquire(network, "acct", now, kind);
        if (wait == 0) {
            calls.push_back({now, CallCost(network, kind)});
            ++i;
        } else {
            EXPECT_GT(wait, 0);
            now += wait;
        }
    }
    return calls;
}

// The most points spent in any window of `length` (sliding over every call).
double BusiestWindow(const std::vector<Call>& calls, core::Millis length) {
    double best = 0;
    double sum = 0;
    std::size_t start = 0;
    for (const auto& c : calls) {
        sum += c.cost;
        while (calls[start].at <= c.at - length) sum -= calls[start++].cost;
        best = std::max(best, sum);
    }
    return best;
}

TEST(RateLimits, PublishedLimitsOfEachNetwork) {
    const auto mastodon = PublishedLimits(core::Network::kMastodon);
    ASSERT_EQ(mastodon.size(), 1U);
    EXPECT_EQ(mastodon[0].points, 300);
    EXPECT_EQ(mastodon[0].window, 5 * kMinute);
    const auto bluesky = PublishedLimits(core::Network::kBluesky);
    ASSERT_EQ(bluesky.size(), 2U);
    EXPECT_EQ(bluesky[0].points, 5000);
    EXPECT_EQ(bluesky[0].window, kHour);
    EXPECT_EQ(bluesky[1].points, 35000);
    EXPECT_EQ(bluesky[1].window, 24 * kHour);
    EXPECT_EQ(CallCost(core::Network::kBluesky, CallKind::kCreate), 3);
    EXPECT_EQ(CallCost(core::Network::kBluesky, CallKind::kUpdate), 2);
    EXPECT_EQ(CallCost(core::Network::kBluesky, CallKind::kDelete), 1);
    EXPECT_EQ(CallCost(core::Network::kMastodon, CallKind::kDelete), 1);
}

TEST(RateLimits, MastodonNeverExceeds300InAnyFiveMinutes) {
    const auto calls = Greedy(core::Network::kMastodon, 30 * kMinute, {CallKind::kCreate});
    EXPECT_LE(BusiestWindow(calls, 5 * kMinute), 300);
    // And it is not needlessly slow: the whole allowance of every window is used.
    EXPECT_EQ(calls.size(), 6U * 300U);
}

TEST(RateLimits, BlueskyStaysWithinBothTheHourlyAndTheDailyWritePoints) {
    const auto calls =
        Greedy(core::Network::kBluesky, 3 * 24 * kHour, {CallKind::kCreate, CallKind::kCreate, CallKind::kDelete});
    EXPECT_LE(BusiestWindow(calls, kHour), 5000);
    EXPECT_LE(BusiestWindow(calls, 24 * kHour), 35000);
    // The daily window is the one that binds over days, and it is used in full.
    double total = 0;
    for (const auto& c : calls) total += c.cost;
    EXPECT_GE(total, 3 * 35000 - 9);
    EXPECT_LE(total, 3 * 35000);
}

TEST(RateLimits, TheWaitItReturnsIsEnough) {
    RateLimits limits;
    core::Millis now = kT0;
    for (int i = 0; i < 300; ++i) ASSERT_EQ(limits.Acquire(core::Network::kMastodon, "a", now), 0) << i;
    const core::Millis wait = limits.Acquire(core::Network::kMastodon, "a", now);
    EXPECT_GT(wait, 0);
    EXPECT_NE(limits.Acquire(core::Network::kMastodon, "a", now + wait - 1), 0);
    EXPECT_EQ(limits.Acquire(core::Network::kMastodon, "a", now + wait), 0);
    // Another account has its own bucket.
    EXPECT_EQ(limits.Acquire(core::Network::kMastodon, "b", now), 0);
}

TEST(RateLimits, FollowsTheNetworksHeadersAndRetryAfter) {
    RateLimits limits;
    networks::RateLimitInfo info;
    info.limit = 300;
    info.remaining = 0;
    info.reset_at_ms = kT0 + 90'000;
    limits.Observe(core::Network::kMastodon, "a", info, kT0);
    EXPECT_EQ(limits.Acquire(core::Network::kMastodon, "a", kT0 + 1000), 89'000);
    EXPECT_EQ(limits.Acquire(core::Network::kMastodon, "a", kT0 + 90'000), 0);

    limits.PauseUntil(core::Network::kBluesky, "b", kT0 + 30'000);
    EXPECT_EQ(limits.Acquire(core::Network::kBluesky, "b", kT0), 30'000);
    EXPECT_EQ(limits.Acquire(core::Network::kBluesky, "b", kT0 + 30'000), 0);
}

}  // namespace
}  // namespace belfry::jobs
