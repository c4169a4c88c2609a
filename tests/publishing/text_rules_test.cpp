// Each network's text rules: counted in graphemes or weighted characters, never bytes.
#include "publishing/text_rules.hpp"

#include <gtest/gtest.h>

namespace belfry::publishing {
namespace {

using core::Network;

TEST(TextRules, GraphemesNotBytesNorCodePoints) {
    EXPECT_EQ(CountGraphemes("Bruxelles"), 9);
    EXPECT_EQ(CountGraphemes("Liège"), 5);                             // é is 2 bytes
    EXPECT_EQ(CountGraphemes("Lie\xCC\x80ge"), 5);                     // e + combining grave: one grapheme
    EXPECT_EQ(CountGraphemes("\xF0\x9F\x87\xA7\xF0\x9F\x87\xAA"), 1);  // 🇧🇪 flag: 2 code points, 1 grapheme
    EXPECT_EQ(CountGraphemes("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"), 1);  // 👩‍💻 ZWJ sequence
}

TEST(TextRules, XWeighsCjkAndEmojiDoubleAndUrlsAs23) {
    EXPECT_EQ(XWeightedLength("hello"), 5);
    EXPECT_EQ(XWeightedLength("\xE6\x97\xA5\xE6\x9C\xAC"), 4);          // 日本: 2 each
    EXPECT_EQ(XWeightedLength("\xF0\x9F\x87\xA7\xF0\x9F\x87\xAA"), 2);  // a flag emoji: 2
    EXPECT_EQ(XWeightedLength("see https://www.belgium.be/fr/news/2026/very/long/path/to/an/article"), 4 + 23);
}

TEST(TextRules, MastodonCountsUrlsAs23AndRemoteMentionsByTheirLocalPart) {
    EXPECT_EQ(MastodonLength("https://diplomatie.belgium.be/fr/conseils-aux-voyageurs/egypte"), 23);
    EXPECT_EQ(MastodonLength("@belgium@mastodon.social hi"), 11);
}

struct LimitCase {
    Network network;
    int limit;
};

class Limits : public ::testing::TestWithParam<LimitCase> {};

TEST_P(Limits, ExactlyAtTheLimitPassesOneMoreFailsWithTheReason) {
    const auto [network, limit] = GetParam();
    const std::vector<MediaInfo> image{{"image/png", 1000, true}};
    const auto& media = network == Network::kInstagram ? image : std::vector<MediaInfo>{};
    std::string text(static_cast<size_t>(limit), 'a');
    auto ok = CheckRendition(network, text, media);
    EXPECT_TRUE(ok.ok) << (ok.problems.empty() ? "" : ok.problems[0]);
    EXPECT_EQ(ok.limit, limit);
    text += "a";
    auto too_long = CheckRendition(network, text, media);
    ASSERT_FALSE(too_long.ok);
    EXPECT_NE(too_long.problems[0].find("shorten it by 1"), std::string::npos) << too_long.problems[0];
}

INSTANTIATE_TEST_SUITE_P(Networks, Limits,
                         ::testing::Values(LimitCase{Network::kX, 280}, LimitCase{Network::kBluesky, 300},
                                           LimitCase{Network::kMastodon, 500}, LimitCase{Network::kThreads, 500},
                                           LimitCase{Network::kLinkedin, 3000}, LimitCase{Network::kFacebook, 63206},
                                           LimitCase{Network::kInstagram, 2200}));

TEST(TextRules, BlueskyCountsGraphemesSoAccentedTextFitsWhereBytesWouldNot) {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "\xC3\xA9";  // 300 × é = 600 bytes
    EXPECT_TRUE(CheckRendition(Network::kBluesky, text, {}).ok);
}

TEST(TextRules, InstagramNeedsAnImageAndEveryImageNeedsAltText) {
    auto no_image = CheckRendition(Network::kInstagram, "Bonjour", {});
    ASSERT_FALSE(no_image.ok);
    EXPECT_NE(no_image.problems[0].find("needs at least one image"), std::string::npos);
    auto no_alt = CheckRendition(Network::kMastodon, "Bonjour", {{"image/png", 1000, false}});
    ASSERT_FALSE(no_alt.ok);
    EXPECT_NE(no_alt.problems[0].find("alt text"), std::string::npos);
    auto too_many = CheckRendition(Network::kBluesky, "x", std::vector<MediaInfo>(5, {"image/png", 10, true}));
    ASSERT_FALSE(too_many.ok);
    EXPECT_NE(too_many.problems[0].find("at most 4 images"), std::string::npos);
    auto too_big = CheckRendition(Network::kBluesky, "x", {{"image/jpeg", 2000000, true}});
    ASSERT_FALSE(too_big.ok);
    EXPECT_NE(too_big.problems[0].find("resize it"), std::string::npos);
}

TEST(TextRules, ALimitOverrideReplacesTheNetworkDefault) {
    EXPECT_TRUE(CheckRendition(Network::kMastodon, std::string(900, 'a'), {}, 1000).ok);
}

}  // namespace
}  // namespace belfry::publishing
