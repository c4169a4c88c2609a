#include "networks/bluesky/facets.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace belfry::networks {
namespace {

using Kind = FacetSpan::Kind;

struct Expected {
    Kind kind;
    size_t start;
    size_t end;
    std::string value;
};

void ExpectFacets(const std::string& text, const std::vector<Expected>& want) {
    const auto got = DetectFacets(text);
    ASSERT_EQ(got.size(), want.size()) << text;
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(got[i].kind, want[i].kind) << "facet " << i << " of: " << text;
        EXPECT_EQ(got[i].byte_start, want[i].start) << "facet " << i << " of: " << text;
        EXPECT_EQ(got[i].byte_end, want[i].end) << "facet " << i << " of: " << text;
        EXPECT_EQ(got[i].value, want[i].value) << "facet " << i << " of: " << text;
        // The range always covers the facet's own text.
        const std::string covered = text.substr(got[i].byte_start, got[i].byte_end - got[i].byte_start);
        const std::string prefix = got[i].kind == Kind::kMention ? "@" : got[i].kind == Kind::kTag ? "#" : "";
        EXPECT_EQ(covered, prefix + got[i].value);
    }
}

TEST(Facets, PlainTextHasNone) {
    ExpectFacets("", {});
    ExpectFacets("Bonjour à tous, rien à signaler.", {});
}

TEST(Facets, TheBlueskyDocumentationExample) {
    // docs.bsky.app "Posts": mention at bytes 23–35, link at 74–108 (after a ZWJ emoji sequence).
    const std::string text =
        "\u2728 example mentioning @atproto.com to share the URL "
        "\U0001F468\u200D\u2764\uFE0F\u200D\U0001F468 https://en.wikipedia.org/wiki/CBOR.";
    ExpectFacets(
        text, {{Kind::kMention, 23, 35, "atproto.com"}, {Kind::kLink, 74, 108, "https://en.wikipedia.org/wiki/CBOR"}});
}

TEST(Facets, ByteOffsetsCountAccentedLettersAsTwoBytes) {
    const std::string text =
        "Réunion à Liège : https://www.belgium.be/fr/actualités (détails) #Belgïe, #CrisisBE! Contact "
        "@info.belgium.be.";
    ExpectFacets(text, {{Kind::kLink, 21, 58, "https://www.belgium.be/fr/actualités"},
                        {Kind::kTag, 70, 78, "Belgïe"},
                        {Kind::kTag, 80, 89, "CrisisBE"},
                        {Kind::kMention, 99, 115, "info.belgium.be"}});
}

TEST(Facets, EmojiBeforeFacetsShiftOffsetsByTheirUtf8Length) {
    // 🇧🇪 is two regional indicators of 4 bytes each, then a space.
    const std::string text = "\U0001F1E7\U0001F1EA #België https://diplomatie.belgium.be";
    ExpectFacets(text, {{Kind::kTag, 9, 17, "België"}, {Kind::kLink, 18, 47, "https://diplomatie.belgium.be"}});
}

TEST(Facets, SeveralLinksAndTags) {
    const std::string text = "#FR https://a.be et https://b.be/x?y=1&z=2 puis #NL #DE https://c.be";
    ExpectFacets(text, {{Kind::kTag, 0, 3, "FR"},
                        {Kind::kLink, 4, 16, "https://a.be"},
                        {Kind::kLink, 20, 42, "https://b.be/x?y=1&z=2"},
                        {Kind::kTag, 48, 51, "NL"},
                        {Kind::kTag, 52, 55, "DE"},
                        {Kind::kLink, 56, 68, "https://c.be"}});
}

TEST(Facets, TrailingPunctuationIsNotPartOfALink) {
    ExpectFacets("Voir https://example.com/page.", {{Kind::kLink, 5, 29, "https://example.com/page"}});
    ExpectFacets("Voir https://example.com/page?!", {{Kind::kLink, 5, 29, "https://example.com/page"}});
    ExpectFacets("(https://example.com/a)", {{Kind::kLink, 1, 22, "https://example.com/a"}});
    ExpectFacets("https://en.wikipedia.org/wiki/Bruges_(ville)",
                 {{Kind::kLink, 0, 44, "https://en.wikipedia.org/wiki/Bruges_(ville)"}});
    ExpectFacets("HTTP://EXAMPLE.COM", {{Kind::kLink, 0, 18, "HTTP://EXAMPLE.COM"}});
}

TEST(Facets, ASchemeAloneOrInsideAWordIsNoLink) {
    ExpectFacets("https:// et http://", {});
    ExpectFacets("xhttps://example.com", {});
    ExpectFacets("ftp://example.com", {});
}

TEST(Facets, AFragmentOrAnAtSignInsideALinkStaysInTheLink) {
    ExpectFacets("https://x.be/#top et https://x.be/@user",
                 {{Kind::kLink, 0, 17, "https://x.be/#top"}, {Kind::kLink, 21, 39, "https://x.be/@user"}});
}

TEST(Facets, MentionsNeedAHandleWithADomain) {
    ExpectFacets("Merci @alice.bsky.social.", {{Kind::kMention, 6, 24, "alice.bsky.social"}});
    ExpectFacets("(@belgium.be)", {{Kind::kMention, 1, 12, "belgium.be"}});
    ExpectFacets("@alice", {});           // no domain
    ExpectFacets("@alice.123", {});       // the last label must start with a letter
    ExpectFacets("@-alice.be", {});       // no hyphen at a label's start
    ExpectFacets("info@belgium.be", {});  // an e-mail address, not a mention
    ExpectFacets("@jean.dupontés", {});   // the handle would stop inside a word
}

TEST(Facets, HashtagsRules) {
    ExpectFacets("#2024 #1jour", {});  // may not start with a digit
    ExpectFacets("# seul", {});
    ExpectFacets("#!", {});
    ExpectFacets("pas#tag", {});
    ExpectFacets("#Crise…", {{Kind::kTag, 0, 6, "Crise"}});  // Unicode punctuation is stripped
    ExpectFacets("«#Crise»", {});                            // a tag starts after white space
    const std::string long_tag(65, 'a');
    ExpectFacets("#" + long_tag, {});
    ExpectFacets("#" + long_tag.substr(1), {{Kind::kTag, 0, 65, long_tag.substr(1)}});
}

TEST(Facets, UnicodeWhiteSpaceSeparatesTokens) {
    // A no-break space (U+00A0, two bytes) before the tag and the link.
    const std::string text = "Info\u00A0#Météo\u00A0https://meteo.be";
    ExpectFacets(text, {{Kind::kTag, 6, 14, "Météo"}, {Kind::kLink, 16, 32, "https://meteo.be"}});
}

TEST(Facets, InvalidUtf8DoesNotBreakDetection) {
    const std::string text = std::string("\xff\xfe ") + "#ok https://a.be";
    ExpectFacets(text, {{Kind::kTag, 3, 6, "ok"}, {Kind::kLink, 7, 19, "https://a.be"}});
}

}  // namespace
}  // namespace belfry::networks
