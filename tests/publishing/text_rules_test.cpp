// Each network's text rules: counted in graphemes or weighted characters, never bytes.
#include "publishing/text_rules.hpp"

#include <gtest/gtest.h>

#include <map>

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
    const std::vector<MediaInfo> image{{"image/jpeg", 1000, {{"fr", "Le beffroi de Gand"}}, "beffroi.jpg"}};
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
    auto no_alt = CheckRendition(Network::kMastodon, "Bonjour", {MediaInfo{"image/png", 1000, {}, ""}});
    ASSERT_FALSE(no_alt.ok);
    EXPECT_NE(no_alt.problems[0].find("alt text"), std::string::npos);
    auto too_many =
        CheckRendition(Network::kBluesky, "x", std::vector<MediaInfo>(5, {"image/png", 10, {{"fr", "x"}}, ""}));
    ASSERT_FALSE(too_many.ok);
    EXPECT_NE(too_many.problems[0].find("at most 4 images"), std::string::npos);
    auto too_big = CheckRendition(Network::kBluesky, "x", {MediaInfo{"image/jpeg", 2000000, {{"fr", "x"}}, ""}});
    ASSERT_FALSE(too_big.ok);
    EXPECT_NE(too_big.problems[0].find("resize or compress it"), std::string::npos);
}

TEST(TextRules, ALimitOverrideReplacesTheNetworkDefault) {
    EXPECT_TRUE(CheckRendition(Network::kMastodon, std::string(900, 'a'), {}, 1000).ok);
}

// Media rules per network: count, bytes, accepted types, and alt text in every language.
struct MediaCase {
    const char* name;
    Network network;
    int images;
    long long bytes;
    const char* mime;
    std::vector<std::string> languages;
    std::map<std::string, std::string> alt;
    const char* problem;  // nullptr: passes
};

class MediaRules : public ::testing::TestWithParam<MediaCase> {};

TEST_P(MediaRules, EachNetworksPublishedLimits) {
    const auto& c = GetParam();
    std::vector<MediaInfo> media(static_cast<size_t>(c.images), MediaInfo{c.mime, c.bytes, c.alt, "carte.png"});
    auto check = CheckRendition(c.network, "Inondations", media, 0, c.languages);
    if (c.problem == nullptr) {
        EXPECT_TRUE(check.ok) << (check.problems.empty() ? "" : check.problems[0]);
        return;
    }
    ASSERT_FALSE(check.ok);
    std::string all;
    for (const auto& p : check.problems) all += p + "\n";
    EXPECT_NE(all.find(c.problem), std::string::npos) << all;
}

const std::map<std::string, std::string> kFrNl{{"fr", "Carte des zones"}, {"nl", "Kaart van de zones"}};
const std::map<std::string, std::string> kFr{{"fr", "Carte des zones"}};

INSTANTIATE_TEST_SUITE_P(
    Networks, MediaRules,
    ::testing::Values(
        MediaCase{"bluesky_at_limit", Network::kBluesky, 4, 1000000, "image/png", {"fr"}, kFr, nullptr},
        MediaCase{"bluesky_one_byte_over",
                  Network::kBluesky,
                  1,
                  1000001,
                  "image/png",
                  {"fr"},
                  kFr,
                  "image 1 (carte.png) is 1000001 bytes; bluesky accepts up to 1000000 bytes"},
        MediaCase{"bluesky_five", Network::kBluesky, 5, 10, "image/png", {"fr"}, kFr, "at most 4 images"},
        MediaCase{"mastodon_16mib", Network::kMastodon, 4, 16LL << 20, "image/jpeg", {"fr"}, kFr, nullptr},
        MediaCase{"mastodon_over",
                  Network::kMastodon,
                  1,
                  (16LL << 20) + 1,
                  "image/jpeg",
                  {"fr"},
                  kFr,
                  "accepts up to 16777216 bytes"},
        MediaCase{"x_5mib", Network::kX, 4, 5LL << 20, "image/gif", {"fr"}, kFr, nullptr},
        MediaCase{"x_over", Network::kX, 1, (5LL << 20) + 1, "image/gif", {"fr"}, kFr, "resize or compress"},
        MediaCase{"instagram_png", Network::kInstagram, 1, 1000, "image/png", {"fr"}, kFr, "takes only image/jpeg"},
        MediaCase{"instagram_8mib", Network::kInstagram, 1, 8LL << 20, "image/jpeg", {"fr"}, kFr, nullptr},
        MediaCase{"combined_both_alts", Network::kMastodon, 1, 10, "image/png", {"fr", "nl"}, kFrNl, nullptr},
        MediaCase{"combined_missing_nl",
                  Network::kMastodon,
                  1,
                  10,
                  "image/png",
                  {"fr", "nl"},
                  kFr,
                  "image 1 (carte.png) has no alt text in nl: describe the image in nl"},
        MediaCase{"blank_alt", Network::kBluesky, 1, 10, "image/png", {"fr"}, {{"fr", "  "}}, "has no alt text in fr"},
        MediaCase{"x_alt_too_long",
                  Network::kX,
                  1,
                  10,
                  "image/png",
                  {"fr"},
                  {{"fr", std::string(1001, 'a')}},
                  "alt text of image 1 (carte.png) is 1001 characters; x allows 1000"}),
    [](const ::testing::TestParamInfo<MediaCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace belfry::publishing
