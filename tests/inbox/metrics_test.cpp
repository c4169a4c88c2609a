#include "inbox/metrics.hpp"

#include <gtest/gtest.h>

namespace belfry::inbox {
namespace {

constexpr core::Millis kT0 = 1'790'000'000'000;
constexpr core::Millis kMin = core::kMinuteMs;

ResponseSample Answered(long long id, long long org, long long channel, std::string network,
                        std::optional<long long> responder, core::Millis minutes,
                        std::optional<core::Millis> due_minutes = std::nullopt) {
    ResponseSample s{id, org, channel, std::move(network), responder, kT0, kT0 + minutes * kMin, std::nullopt};
    if (due_minutes) s.due_at = kT0 + *due_minutes * kMin;
    return s;
}

ResponseSample Open(long long id, long long org, long long channel, std::string network, core::Millis due_minutes) {
    return {id, org, channel, std::move(network), std::nullopt, kT0, std::nullopt, kT0 + due_minutes * kMin};
}

TEST(Metrics, NearestRank) {
    const struct {
        std::vector<core::Millis> values;
        int percent;
        std::optional<core::Millis> expected;
    } cases[] = {
        {{}, 50, std::nullopt},
        {{7}, 50, 7},
        {{7}, 90, 7},
        {{4, 1, 3, 2}, 50, 2},  // rank ⌈2⌉ of the sorted values
        {{1, 2, 3, 4, 5}, 50, 3},
        {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},  // rank 9 exactly
        {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90, 10},
        {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50, 5},
        {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 100, 10},
    };
    for (auto c : cases) EXPECT_EQ(NearestRank(c.values, c.percent), c.expected) << c.values.size() << " " << c.percent;
    std::vector<core::Millis> hundred;
    for (int i = 100; i >= 1; --i) hundred.push_back(i);
    EXPECT_EQ(NearestRank(hundred, 90), 90);
}

TEST(Metrics, PerOrganisationChannelNetworkAndPerson) {
    const std::vector<ResponseSample> samples{
        Answered(1, 1, 10, "mastodon", 7, 10, 60), Answered(2, 1, 10, "mastodon", 7, 20),
        Answered(3, 1, 11, "mastodon", 8, 30, 60), Answered(4, 1, 11, "mastodon", 7, 40, 30),  // late
        Open(5, 1, 10, "mastodon", 100),  // overdue at now = +200 min
        Open(6, 1, 10, "mastodon", 300),  // not yet due
        Answered(7, 2, 20, "bluesky", 8, 60),      Answered(8, 2, 20, "bluesky", std::nullopt, 5),  // responder unknown
    };
    const ResponseMetrics m = ComputeResponseMetrics(samples, kT0 + 200 * kMin);

    EXPECT_EQ(m.total.conversations, 8);
    EXPECT_EQ(m.total.answered, 6);
    EXPECT_DOUBLE_EQ(m.total.response_rate, 0.75);
    EXPECT_EQ(m.total.median_ms, 20 * kMin);  // 5 10 [20] 30 40 60
    EXPECT_EQ(m.total.p90_ms, 60 * kMin);     // rank ⌈5.4⌉ = 6
    EXPECT_EQ(m.total.answered_on_time, 5);
    EXPECT_EQ(m.total.overdue_open, 1);

    ASSERT_EQ(m.by_organisation.size(), 2U);
    const ResponseStats& o1 = m.by_organisation.at(1);
    EXPECT_EQ(o1.conversations, 6);
    EXPECT_EQ(o1.answered, 4);
    EXPECT_DOUBLE_EQ(o1.response_rate, 4.0 / 6.0);
    EXPECT_EQ(o1.median_ms, 20 * kMin);
    EXPECT_EQ(o1.p90_ms, 40 * kMin);
    EXPECT_EQ(o1.answered_on_time, 3);
    EXPECT_EQ(o1.overdue_open, 1);
    EXPECT_EQ(m.by_organisation.at(2).median_ms, 5 * kMin);

    ASSERT_EQ(m.by_channel.size(), 3U);
    EXPECT_EQ(m.by_channel.at(10).conversations, 4);
    EXPECT_EQ(m.by_channel.at(10).answered, 2);
    EXPECT_EQ(m.by_channel.at(11).median_ms, 30 * kMin);
    EXPECT_EQ(m.by_channel.at(11).answered_on_time, 1);

    ASSERT_EQ(m.by_network.size(), 2U);
    EXPECT_EQ(m.by_network.at("mastodon").conversations, 6);
    EXPECT_DOUBLE_EQ(m.by_network.at("bluesky").response_rate, 1.0);

    ASSERT_EQ(m.by_person.size(), 2U);  // 7 and 8; the unknown responder is nobody
    const ResponseStats& p7 = m.by_person.at(7);
    EXPECT_EQ(p7.conversations, 3);
    EXPECT_EQ(p7.answered, 3);
    EXPECT_DOUBLE_EQ(p7.response_rate, 1.0);
    EXPECT_EQ(p7.median_ms, 20 * kMin);  // 10 [20] 40
    EXPECT_EQ(p7.p90_ms, 40 * kMin);
    EXPECT_EQ(p7.answered_on_time, 2);
    EXPECT_EQ(p7.overdue_open, 0);
    EXPECT_EQ(m.by_person.at(8).median_ms, 30 * kMin);  // [30] 60
    EXPECT_EQ(m.by_person.at(8).p90_ms, 60 * kMin);
}

TEST(Metrics, EdgeCases) {
    const ResponseMetrics empty = ComputeResponseMetrics({}, kT0);
    EXPECT_EQ(empty.total.conversations, 0);
    EXPECT_DOUBLE_EQ(empty.total.response_rate, 0);
    EXPECT_FALSE(empty.total.median_ms.has_value());
    EXPECT_FALSE(empty.total.p90_ms.has_value());
    EXPECT_TRUE(empty.by_organisation.empty());

    // Nothing answered: no percentile. A response stamped before the message (clock skew) counts as 0.
    const ResponseMetrics open = ComputeResponseMetrics({Open(1, 1, 1, "mastodon", 10)}, kT0 + 10 * kMin);
    EXPECT_FALSE(open.total.median_ms.has_value());
    EXPECT_EQ(open.total.overdue_open, 0);  // due exactly now: not overdue yet
    const ResponseMetrics skew = ComputeResponseMetrics({Answered(1, 1, 1, "bluesky", 3, -2)}, kT0);
    EXPECT_EQ(skew.total.median_ms, 0);
    EXPECT_EQ(skew.total.answered_on_time, 1);  // no due time: no deadline missed
}

}  // namespace
}  // namespace belfry::inbox
