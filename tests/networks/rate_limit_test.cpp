#include <gtest/gtest.h>

#include "networks/fake_http_client.hpp"
#include "networks/network.hpp"

namespace belfry::networks {
namespace {

using testing::Answer;

constexpr core::Millis kNow = 1795363200000;  // 2026-11-22T16:00:00Z

TEST(RateLimit, ReadsMastodonHeaders) {
    const auto info = ParseRateLimit(Answer(200, "",
                                            {{"X-RateLimit-Limit", "300"},
                                             {"X-RateLimit-Remaining", "12"},
                                             {"X-RateLimit-Reset", "2026-11-22T16:04:59.250Z"}}),
                                     kNow);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->limit, 300);
    EXPECT_EQ(info->remaining, 12);
    EXPECT_EQ(info->reset_at_ms, kNow + 299250);
}

TEST(RateLimit, ReadsBlueskyHeadersInEpochSecondsOrSecondsFromNow) {
    auto info = ParseRateLimit(Answer(200, "",
                                      {{"RateLimit-Limit", "3000"},
                                       {"RateLimit-Remaining", "2999"},
                                       {"RateLimit-Reset", "1795363500"},
                                       {"RateLimit-Policy", "3000;w=300"}}),
                               kNow);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->limit, 3000);
    EXPECT_EQ(info->reset_at_ms, 1795363500000);
    info = ParseRateLimit(Answer(200, "", {{"RateLimit-Reset", "90"}}), kNow);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->reset_at_ms, kNow + 90000);
    EXPECT_EQ(info->limit, -1);
}

TEST(RateLimit, NoHeadersNoInfo) { EXPECT_FALSE(ParseRateLimit(Answer(200, "{}"), kNow).has_value()); }

TEST(RetryAfter, SecondsHttpDateResetOrFallback) {
    EXPECT_EQ(RetryAfterSeconds(Answer(429, "", {{"Retry-After", "17"}}), kNow, 60), 17);
    EXPECT_EQ(RetryAfterSeconds(Answer(429, "", {{"Retry-After", "Sun, 22 Nov 2026 16:02:00 GMT"}}), kNow, 60), 120);
    EXPECT_EQ(RetryAfterSeconds(Answer(429, "", {{"X-RateLimit-Reset", "2026-11-22T16:00:30Z"}}), kNow, 60), 30);
    EXPECT_EQ(RetryAfterSeconds(Answer(429, "", {{"X-RateLimit-Reset", "2026-11-22T15:00:00Z"}}), kNow, 60), 1)
        << "a reset in the past: retry at once (1 s)";
    EXPECT_EQ(RetryAfterSeconds(Answer(429, ""), kNow, 60), 60);
    EXPECT_EQ(RetryAfterSeconds(Answer(503, ""), kNow, 0), 0) << "not said";
    EXPECT_EQ(RetryAfterSeconds(Answer(429, "", {{"Retry-After", "soon"}}), kNow, 60), 60);
}

TEST(Outcomes, HaveStableNames) {
    EXPECT_EQ(OutcomeName(Outcome::kPublished), "published");
    EXPECT_EQ(OutcomeName(Outcome::kRejected), "rejected");
    EXPECT_EQ(OutcomeName(Outcome::kRetryLater), "retry_later");
    EXPECT_EQ(OutcomeName(Outcome::kUnknown), "unknown");
}

}  // namespace
}  // namespace belfry::networks
