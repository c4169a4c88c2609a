#include "registry/channel_url.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace belfry::registry {
namespace {

using core::Network;

struct GoodCase {
    std::string input;
    std::optional<Network> hint;
    Network network;
    std::string handle;
    std::string platform_account_id;
    std::string canonical_url;
};

void PrintTo(const GoodCase& c, std::ostream* os) {
    *os << "'" << c.input << "'" << (c.hint ? " hint " + std::string(core::NetworkName(*c.hint)) : "");
}

class ParseAccountUrlGood : public ::testing::TestWithParam<GoodCase> {};

TEST_P(ParseAccountUrlGood, Parses) {
    const GoodCase& c = GetParam();
    const auto r = ParseAccountUrl(c.input, c.hint);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(core::NetworkName(r->network), core::NetworkName(c.network));
    EXPECT_EQ(r->handle, c.handle);
    EXPECT_EQ(r->platform_account_id, c.platform_account_id);
    EXPECT_EQ(r->canonical_url, c.canonical_url);
}

constexpr std::optional<Network> kNoHint = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    X, ParseAccountUrlGood,
    ::testing::Values(
        GoodCase{"http://twitter.com/belgiumbe", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"https://x.com/belgiumbe/", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"  https://X.com/BelgiumBE?lang=fr#top \n", kNoHint, Network::kX, "belgiumbe", "",
                 "https://x.com/belgiumbe"},
        GoodCase{"www.twitter.com/belgiumbe", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"mobile.twitter.com/belgiumbe/status/123", kNoHint, Network::kX, "belgiumbe", "",
                 "https://x.com/belgiumbe"},
        GoodCase{"twitter.com/Kanselarij_BE", kNoHint, Network::kX, "kanselarij_be", "", "https://x.com/kanselarij_be"},
        GoodCase{"http://twitter.com/#!/belgiumbe", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"https://twitter.com/intent/user?screen_name=BelgiumBE", kNoHint, Network::kX, "belgiumbe", "",
                 "https://x.com/belgiumbe"},
        GoodCase{"https://twitter.com/intent/follow?user_id=987", kNoHint, Network::kX, "i/user/987", "987",
                 "https://x.com/i/user/987"},
        GoodCase{"https://x.com/i/user/12345", kNoHint, Network::kX, "i/user/12345", "12345",
                 "https://x.com/i/user/12345"},
        GoodCase{"https://x.com:443/belgiumbe", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"belgiumbe@x", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"@BelgiumBE@twitter", kNoHint, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"belgiumbe", Network::kX, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"@belgiumbe", Network::kX, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"},
        GoodCase{"https://x.com/belgiumbe", Network::kX, Network::kX, "belgiumbe", "", "https://x.com/belgiumbe"}));

INSTANTIATE_TEST_SUITE_P(
    Facebook, ParseAccountUrlGood,
    ::testing::Values(
        GoodCase{"www.facebook.com/Belgium.be", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"https://m.facebook.com/Belgium.be/about/?ref=page", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"http://fb.com/belgium.be", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"https://business.facebook.com/FODFinancien", kNoHint, Network::kFacebook, "fodfinancien", "",
                 "https://www.facebook.com/fodfinancien"},
        GoodCase{"https://nl-nl.facebook.com/abc", kNoHint, Network::kFacebook, "abc", "",
                 "https://www.facebook.com/abc"},
        GoodCase{"https://www.facebook.com/pages/Belgium-be/123456789012", kNoHint, Network::kFacebook, "belgium-be",
                 "123456789012", "https://www.facebook.com/123456789012"},
        GoodCase{"https://www.facebook.com/pages/FOD-Financi%C3%ABn/55555", kNoHint, Network::kFacebook,
                 "fod-financiën", "55555", "https://www.facebook.com/55555"},
        GoodCase{"https://www.facebook.com/people/Ville-de-Namur/100064123456789/", kNoHint, Network::kFacebook,
                 "ville-de-namur", "100064123456789", "https://www.facebook.com/100064123456789"},
        GoodCase{"https://www.facebook.com/p/Ville-de-Namur-100064123456789/", kNoHint, Network::kFacebook,
                 "ville-de-namur", "100064123456789", "https://www.facebook.com/100064123456789"},
        GoodCase{"https://www.facebook.com/pages/category/Government-Organization/Belgium-be-123456789012/", kNoHint,
                 Network::kFacebook, "belgium-be", "123456789012", "https://www.facebook.com/123456789012"},
        GoodCase{"https://www.facebook.com/profile.php?id=100012345678901&sk=about", kNoHint, Network::kFacebook,
                 "100012345678901", "100012345678901", "https://www.facebook.com/100012345678901"},
        GoodCase{"https://www.facebook.com/100012345678901", kNoHint, Network::kFacebook, "100012345678901",
                 "100012345678901", "https://www.facebook.com/100012345678901"},
        GoodCase{"https://www.facebook.com/pg/Belgium.be/posts/", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"http://www.facebook.com/#!/Belgium.be", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"Belgium.be@facebook", kNoHint, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"},
        GoodCase{"Belgium.be", Network::kFacebook, Network::kFacebook, "belgium.be", "",
                 "https://www.facebook.com/belgium.be"}));

INSTANTIATE_TEST_SUITE_P(InstagramThreads, ParseAccountUrlGood,
                         ::testing::Values(GoodCase{"https://www.instagram.com/belgium.be/", kNoHint,
                                                    Network::kInstagram, "belgium.be", "",
                                                    "https://www.instagram.com/belgium.be"},
                                           GoodCase{"instagram.com/Stad_Gent?igsh=abc", kNoHint, Network::kInstagram,
                                                    "stad_gent", "", "https://www.instagram.com/stad_gent"},
                                           GoodCase{"stad_gent@instagram", kNoHint, Network::kInstagram, "stad_gent",
                                                    "", "https://www.instagram.com/stad_gent"},
                                           GoodCase{"https://www.threads.net/@Belgium.be", kNoHint, Network::kThreads,
                                                    "belgium.be", "", "https://www.threads.net/@belgium.be"},
                                           GoodCase{"threads.com/@stad_gent/post/abc", kNoHint, Network::kThreads,
                                                    "stad_gent", "", "https://www.threads.net/@stad_gent"},
                                           GoodCase{"@stad_gent@threads", kNoHint, Network::kThreads, "stad_gent", "",
                                                    "https://www.threads.net/@stad_gent"}));

INSTANTIATE_TEST_SUITE_P(
    Linkedin, ParseAccountUrlGood,
    ::testing::Values(
        GoodCase{
            "http://www.linkedin.com/company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister",
            kNoHint, Network::kLinkedin,
            "company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister", "",
            "https://www.linkedin.com/company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister"},
        GoodCase{"https://be.linkedin.com/company/FOD-Financien/about/", kNoHint, Network::kLinkedin,
                 "company/fod-financien", "", "https://www.linkedin.com/company/fod-financien"},
        GoodCase{"https://www.linkedin.com/company/fod-financi%C3%ABn", kNoHint, Network::kLinkedin,
                 "company/fod-financiën", "", "https://www.linkedin.com/company/fod-financi%C3%ABn"},
        GoodCase{"https://www.linkedin.com/company/SPF-%C3%89conomie", kNoHint, Network::kLinkedin,
                 "company/spf-économie", "", "https://www.linkedin.com/company/spf-%C3%A9conomie"},
        GoodCase{"linkedin.com/company/12345", kNoHint, Network::kLinkedin, "company/12345", "12345",
                 "https://www.linkedin.com/company/12345"},
        GoodCase{"https://www.linkedin.com/showcase/belgium-be/", kNoHint, Network::kLinkedin, "showcase/belgium-be",
                 "", "https://www.linkedin.com/showcase/belgium-be"},
        GoodCase{"https://www.linkedin.com/school/uclouvain/", kNoHint, Network::kLinkedin, "school/uclouvain", "",
                 "https://www.linkedin.com/school/uclouvain"},
        GoodCase{"https://www.linkedin.com/in/Jan-Peeters-123/", kNoHint, Network::kLinkedin, "in/jan-peeters-123", "",
                 "https://www.linkedin.com/in/jan-peeters-123"},
        GoodCase{"company/fod-financien@linkedin", kNoHint, Network::kLinkedin, "company/fod-financien", "",
                 "https://www.linkedin.com/company/fod-financien"}));

INSTANTIATE_TEST_SUITE_P(
    Youtube, ParseAccountUrlGood,
    ::testing::Values(GoodCase{"http://www.youtube.com/user/WebmasterBelgium", kNoHint, Network::kYoutube,
                               "user/webmasterbelgium", "", "https://www.youtube.com/user/webmasterbelgium"},
                      GoodCase{"https://www.youtube.com/@BelgiumBe/videos", kNoHint, Network::kYoutube, "@belgiumbe",
                               "", "https://www.youtube.com/@belgiumbe"},
                      GoodCase{"m.youtube.com/c/StadAntwerpen", kNoHint, Network::kYoutube, "c/stadantwerpen", "",
                               "https://www.youtube.com/c/stadantwerpen"},
                      GoodCase{"https://youtube.com/StadAntwerpen", kNoHint, Network::kYoutube, "c/stadantwerpen", "",
                               "https://www.youtube.com/c/stadantwerpen"},
                      GoodCase{"https://www.youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsT_-/featured", kNoHint,
                               Network::kYoutube, "channel/UCaBcDeFgHiJkLmNoPqRsT_-", "UCaBcDeFgHiJkLmNoPqRsT_-",
                               "https://www.youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsT_-"},
                      GoodCase{"https://www.youtube.com/@vlaanderen%C3%A9", kNoHint, Network::kYoutube, "@vlaanderené",
                               "", "https://www.youtube.com/@vlaanderen%C3%A9"},
                      GoodCase{"BelgiumBe@youtube", kNoHint, Network::kYoutube, "@belgiumbe", "",
                               "https://www.youtube.com/@belgiumbe"}));

INSTANTIATE_TEST_SUITE_P(
    FlickrVimeoGooglePlus, ParseAccountUrlGood,
    ::testing::Values(GoodCase{"https://www.flickr.com/photos/belgianfederalgovernment/", kNoHint, Network::kFlickr,
                               "belgianfederalgovernment", "",
                               "https://www.flickr.com/photos/belgianfederalgovernment"},
                      GoodCase{"flickr.com/photos/12345678@N02/albums", kNoHint, Network::kFlickr, "12345678@N02",
                               "12345678@N02", "https://www.flickr.com/photos/12345678@N02"},
                      GoodCase{"https://www.flickr.com/people/12345678@n02/", kNoHint, Network::kFlickr, "12345678@N02",
                               "12345678@N02", "https://www.flickr.com/photos/12345678@N02"},
                      GoodCase{"https://vimeo.com/BelgianGovernment", kNoHint, Network::kVimeo, "belgiangovernment", "",
                               "https://vimeo.com/belgiangovernment"},
                      GoodCase{"vimeo.com/user12345/videos", kNoHint, Network::kVimeo, "user12345", "12345",
                               "https://vimeo.com/user12345"},
                      GoodCase{"https://plus.google.com/+BelgiumBe/posts", kNoHint, Network::kGooglePlus, "+belgiumbe",
                               "", "https://plus.google.com/+belgiumbe"},
                      GoodCase{"https://plus.google.com/u/0/112233445566778899001", kNoHint, Network::kGooglePlus,
                               "112233445566778899001", "112233445566778899001",
                               "https://plus.google.com/112233445566778899001"}));

INSTANTIATE_TEST_SUITE_P(
    Mastodon, ParseAccountUrlGood,
    ::testing::Values(GoodCase{"https://mastodon.social/@handle", kNoHint, Network::kMastodon, "handle@mastodon.social",
                               "", "https://mastodon.social/@handle"},
                      GoodCase{"https://Mastodon.Social/@Handle/", Network::kMastodon, Network::kMastodon,
                               "handle@mastodon.social", "", "https://mastodon.social/@handle"},
                      GoodCase{"https://social.belgium.be/users/fedweb", kNoHint, Network::kMastodon,
                               "fedweb@social.belgium.be", "", "https://social.belgium.be/@fedweb"},
                      GoodCase{"https://mastodon.social/web/@handle", kNoHint, Network::kMastodon,
                               "handle@mastodon.social", "", "https://mastodon.social/@handle"},
                      GoodCase{"https://mastodon.social/@belgium@mastodon.be", kNoHint, Network::kMastodon,
                               "belgium@mastodon.be", "", "https://mastodon.be/@belgium"},
                      GoodCase{"@Belgium@Mastodon.be", kNoHint, Network::kMastodon, "belgium@mastodon.be", "",
                               "https://mastodon.be/@belgium"},
                      GoodCase{"belgium@mastodon.be", Network::kMastodon, Network::kMastodon, "belgium@mastodon.be", "",
                               "https://mastodon.be/@belgium"},
                      GoodCase{"mastodon.social/@x", kNoHint, Network::kMastodon, "x@mastodon.social", "",
                               "https://mastodon.social/@x"},
                      GoodCase{"https://ÉCOLE.example/@prof", kNoHint, Network::kMastodon, "prof@école.example", "",
                               "https://école.example/@prof"}));

INSTANTIATE_TEST_SUITE_P(
    Bluesky, ParseAccountUrlGood,
    ::testing::Values(GoodCase{"https://bsky.app/profile/x.bsky.social", kNoHint, Network::kBluesky, "x.bsky.social",
                               "", "https://bsky.app/profile/x.bsky.social"},
                      GoodCase{"bsky.app/profile/Belgium.BSKY.social/", kNoHint, Network::kBluesky,
                               "belgium.bsky.social", "", "https://bsky.app/profile/belgium.bsky.social"},
                      GoodCase{"https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur", kNoHint, Network::kBluesky,
                               "did:plc:z72i7hdynmk6r22z27h6tvur", "did:plc:z72i7hdynmk6r22z27h6tvur",
                               "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur"},
                      GoodCase{"did:plc:z72i7hdynmk6r22z27h6tvur", kNoHint, Network::kBluesky,
                               "did:plc:z72i7hdynmk6r22z27h6tvur", "did:plc:z72i7hdynmk6r22z27h6tvur",
                               "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur"},
                      GoodCase{"did:web:belgium.be", Network::kBluesky, Network::kBluesky, "did:web:belgium.be",
                               "did:web:belgium.be", "https://bsky.app/profile/did:web:belgium.be"},
                      GoodCase{"belgium.be", Network::kBluesky, Network::kBluesky, "belgium.be", "",
                               "https://bsky.app/profile/belgium.be"},
                      GoodCase{"https://belgium.bsky.social", kNoHint, Network::kBluesky, "belgium.bsky.social", "",
                               "https://bsky.app/profile/belgium.bsky.social"},
                      GoodCase{"belgium.bsky.social@bluesky", kNoHint, Network::kBluesky, "belgium.bsky.social", "",
                               "https://bsky.app/profile/belgium.bsky.social"}));

INSTANTIATE_TEST_SUITE_P(
    Other, ParseAccountUrlGood,
    ::testing::Values(GoodCase{"http://Example.org/Page/#section", Network::kOther, Network::kOther, "example.org/page",
                               "", "https://example.org/Page/"},
                      GoodCase{"example.org/page", Network::kOther, Network::kOther, "example.org/page", "",
                               "https://example.org/page"},
                      GoodCase{"https://www.tiktok.com/@belgium.be?lang=nl", Network::kOther, Network::kOther,
                               "www.tiktok.com/@belgium.be", "", "https://www.tiktok.com/@belgium.be?lang=nl"},
                      GoodCase{"https://example.org:8443", Network::kOther, Network::kOther, "example.org:8443", "",
                               "https://example.org:8443/"},
                      // A group is not an account of Facebook, so it may be registered as 'other'.
                      GoodCase{"https://www.facebook.com/groups/123", Network::kOther, Network::kOther,
                               "www.facebook.com/groups/123", "", "https://www.facebook.com/groups/123"}));

struct BadCase {
    std::string input;
    std::optional<Network> hint;
    std::string message_part;
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << "'" << c.input << "'" << (c.hint ? " hint " + std::string(core::NetworkName(*c.hint)) : "");
}

class ParseAccountUrlBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseAccountUrlBad, FailsWithMessage) {
    const BadCase& c = GetParam();
    const auto r = ParseAccountUrl(c.input, c.hint);
    ASSERT_FALSE(r.ok()) << "parsed as " << r->handle << " / " << r->canonical_url;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "url");
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Everywhere, ParseAccountUrlBad,
    ::testing::Values(
        BadCase{"", kNoHint, "the account URL is empty"}, BadCase{" \t\n", kNoHint, "the account URL is empty"},
        BadCase{std::string(2049, 'a'), kNoHint, "2049 bytes long; at most 2048"},
        BadCase{"https://x.com/\xff\xfe", kNoHint, "not valid UTF-8"},
        BadCase{"https://x.com/belgium be", kNoHint, "contains a space"},
        BadCase{"https://x.com/belgium\xc2\xa0"
                "be",
                kNoHint, "contains a space"},
        BadCase{"example.org/page", kNoHint,
                "'example.org/page' is not a known network's account URL; pick the network 'other' or 'mastodon' if "
                "it is one"},
        BadCase{"ftp://x.com/belgiumbe", kNoHint, "only http:// and https://"},
        BadCase{"https://user:pw@x.com/belgiumbe", kNoHint, "user name or password"},
        BadCase{"https://x.com:8080/belgiumbe", kNoHint, "no port number"},
        BadCase{"https://x.com/%zz", kNoHint, "malformed percent-escape"},
        BadCase{"belgiumbe", kNoHint, "neither a URL nor <handle>@<network>"},
        BadCase{"@belgiumbe", kNoHint, "write belgiumbe@<network>"},
        BadCase{"user@mastodon.social", kNoHint, "@<user>@<instance> for Mastodon"},
        BadCase{"https://x.com/belgiumbe", Network::kFacebook, "is an X address, but the network chosen is Facebook"},
        BadCase{"belgiumbe@x", Network::kFacebook, "names the network X, but the network chosen is Facebook"},
        BadCase{"did:plc:z72i7hdynmk6r22z27h6tvur", Network::kX, "is a Bluesky address, but the network chosen is X"},
        BadCase{"https://example.org/@someone", Network::kX, "'example.org' is not an X address"}));

INSTANTIATE_TEST_SUITE_P(
    X, ParseAccountUrlBad,
    ::testing::Values(
        BadCase{"https://x.com/home", kNoHint,
                "'https://x.com/home' is not an X account URL: expected https://x.com/<handle> or <handle>@x"},
        BadCase{"https://twitter.com/search?q=belgium", kNoHint, "'search' is a page of X"},
        BadCase{"https://x.com/hashtag/belgium", kNoHint, "is not an X account URL"},
        BadCase{"https://x.com/", kNoHint, "names no account"},
        BadCase{"https://x.com/this_is_far_too_long", kNoHint, "is not an X account URL"},
        BadCase{"https://x.com/bel-gium", kNoHint, "is not an X account URL"},
        BadCase{"https://x.com/intent/user", kNoHint, "neither screen_name nor user_id"},
        BadCase{"bel-gium", Network::kX, "'bel-gium' is not a valid X handle: expected 1 to 15 letters"}));

INSTANTIATE_TEST_SUITE_P(
    Networks, ParseAccountUrlBad,
    ::testing::Values(
        BadCase{"https://www.facebook.com/watch/?v=1", kNoHint, "is not a Facebook account URL"},
        BadCase{"https://www.facebook.com/sharer.php?u=x", kNoHint, "'sharer.php' is a page of Facebook"},
        BadCase{"https://www.facebook.com/profile.php", kNoHint, "profile.php needs ?id=<digits>"},
        BadCase{"https://www.facebook.com/pages/Belgium", kNoHint, "expected /pages/<Name>/<numeric id>"},
        BadCase{"https://www.instagram.com/p/ABC123/", kNoHint, "'p' is a page of Instagram"},
        BadCase{"https://www.instagram.com/reel/ABC123/", kNoHint, "is not an Instagram account URL"},
        BadCase{"https://www.instagram.com/explore/tags/belgium/", kNoHint, "is not an Instagram account URL"},
        BadCase{"https://www.threads.net/belgium", kNoHint, "starts with '@'"},
        BadCase{"https://www.linkedin.com/feed/", kNoHint, "is not a LinkedIn account URL"},
        BadCase{"https://www.linkedin.com/groups/123", kNoHint, "'groups' is not a kind of LinkedIn page"},
        BadCase{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", kNoHint, "'watch' is a page of YouTube"},
        BadCase{"https://youtu.be/dQw4w9WgXcQ", kNoHint, "youtu.be links point at videos"},
        BadCase{"https://www.youtube.com/channel/UCshort", kNoHint, "UC followed by 22 characters"},
        BadCase{"https://www.youtube.com/@ab", kNoHint, "3 to 30"},
        BadCase{"https://www.flickr.com/photos/tags/belgium", kNoHint, "'tags' is a page of Flickr"},
        BadCase{"https://vimeo.com/123456789", kNoHint, "a number alone is a video"},
        BadCase{"https://vimeo.com/channels/staffpicks", kNoHint, "'channels' is a page of Vimeo"},
        BadCase{"https://plus.google.com/communities/123", kNoHint, "is not a Google+ account URL"},
        BadCase{"https://bsky.app/search?q=x", kNoHint, "is not a Bluesky account URL"},
        BadCase{"https://bsky.app/profile/did:plc:UPPER", kNoHint, "is not a Bluesky account URL"},
        BadCase{"https://bsky.app/profile/nodot", kNoHint, "is not a Bluesky account URL"},
        BadCase{"https://mastodon.social/about", Network::kMastodon, "is not a Mastodon account URL"},
        BadCase{"https://x.com/@someone", Network::kMastodon, "is an X address, but the network chosen is Mastodon"},
        BadCase{"@someone@x.com", kNoHint, "'x.com' is X, not a Mastodon instance"},
        BadCase{"@someone@tiktok.com", kNoHint, "'tiktok.com' is not a Mastodon instance"},
        BadCase{"belgium", Network::kMastodon, "the instance is missing"},
        BadCase{"https://www.tiktok.com/@belgium.be", kNoHint, "is not a known network's account URL"},
        BadCase{"https://www.tiktok.com/@belgium.be", Network::kMastodon, "is not a Mastodon instance"},
        BadCase{"https://mastodon.social/about", kNoHint, "is not a known network's account URL"},
        BadCase{"https://x.com/belgiumbe", Network::kOther, "choose the network 'x' rather than 'other'"},
        BadCase{"belgiumbe@x", Network::kOther, "choose the network 'x' rather than 'other'"},
        BadCase{"did:plc:z72i7hdynmk6r22z27h6tvur", Network::kOther, "choose the network 'bluesky' rather than"},
        BadCase{"https://[::1]/a", Network::kOther, "names its host by an IP address"},
        BadCase{"@", kNoHint, "is not an account address"}, BadCase{"not a url", Network::kOther, "contains a space"}));

struct HandleCase {
    Network network;
    std::string handle;
    std::string expected_handle;  // empty: must fail
    std::string canonical_url;
};

void PrintTo(const HandleCase& c, std::ostream* os) { *os << core::NetworkName(c.network) << " '" << c.handle << "'"; }

class FromHandleTest : public ::testing::TestWithParam<HandleCase> {};

TEST_P(FromHandleTest, Builds) {
    const HandleCase& c = GetParam();
    const auto r = FromHandle(c.network, c.handle);
    if (c.expected_handle.empty()) {
        ASSERT_FALSE(r.ok()) << "built " << r->handle;
        EXPECT_EQ(r.error().field, "url");
        return;
    }
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->network, c.network);
    EXPECT_EQ(r->handle, c.expected_handle);
    EXPECT_EQ(r->canonical_url, c.canonical_url);
}

INSTANTIATE_TEST_SUITE_P(
    All, FromHandleTest,
    ::testing::Values(
        HandleCase{Network::kX, "@BelgiumBE", "belgiumbe", "https://x.com/belgiumbe"},
        HandleCase{Network::kX, "belgiumbe", "belgiumbe", "https://x.com/belgiumbe"},
        HandleCase{Network::kX, "belgiumbe/status/1", "", ""}, HandleCase{Network::kX, "home", "", ""},
        HandleCase{Network::kX, "i/user/12345", "i/user/12345", "https://x.com/i/user/12345"},
        HandleCase{Network::kX, "i/user/12345/likes", "", ""}, HandleCase{Network::kX, "@", "", ""},
        HandleCase{Network::kX, "", "", ""},
        HandleCase{Network::kFacebook, "Belgium.be", "belgium.be", "https://www.facebook.com/belgium.be"},
        HandleCase{Network::kFacebook, "abc", "abc", "https://www.facebook.com/abc"},
        HandleCase{Network::kFacebook, "belgium..be", "", ""},
        HandleCase{Network::kInstagram, "@Stad_Gent", "stad_gent", "https://www.instagram.com/stad_gent"},
        HandleCase{Network::kThreads, "@stad_gent", "stad_gent", "https://www.threads.net/@stad_gent"},
        HandleCase{Network::kLinkedin, "fod-financien", "company/fod-financien",
                   "https://www.linkedin.com/company/fod-financien"},
        HandleCase{Network::kLinkedin, "showcase/Belgium-be", "showcase/belgium-be",
                   "https://www.linkedin.com/showcase/belgium-be"},
        HandleCase{Network::kLinkedin, "company/a/b", "", ""},
        HandleCase{Network::kYoutube, "@BelgiumBe", "@belgiumbe", "https://www.youtube.com/@belgiumbe"},
        HandleCase{Network::kYoutube, "belgiumbe", "@belgiumbe", "https://www.youtube.com/@belgiumbe"},
        HandleCase{Network::kYoutube, "user/WebmasterBelgium", "user/webmasterbelgium",
                   "https://www.youtube.com/user/webmasterbelgium"},
        HandleCase{Network::kYoutube, "UCaBcDeFgHiJkLmNoPqRsT_-", "channel/UCaBcDeFgHiJkLmNoPqRsT_-",
                   "https://www.youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsT_-"},
        HandleCase{Network::kFlickr, "12345678@N02", "12345678@N02", "https://www.flickr.com/photos/12345678@N02"},
        HandleCase{Network::kVimeo, "BelgianGovernment", "belgiangovernment", "https://vimeo.com/belgiangovernment"},
        HandleCase{Network::kVimeo, "123456", "", ""},
        HandleCase{Network::kGooglePlus, "BelgiumBe", "+belgiumbe", "https://plus.google.com/+belgiumbe"},
        HandleCase{Network::kMastodon, "@Belgium@mastodon.be", "belgium@mastodon.be", "https://mastodon.be/@belgium"},
        HandleCase{Network::kMastodon, "belgium", "", ""},
        HandleCase{Network::kBluesky, "@Belgium.bsky.social", "belgium.bsky.social",
                   "https://bsky.app/profile/belgium.bsky.social"},
        HandleCase{Network::kBluesky, "did:web:belgium.be", "did:web:belgium.be",
                   "https://bsky.app/profile/did:web:belgium.be"},
        HandleCase{Network::kBluesky, "belgium", "", ""},
        HandleCase{Network::kX, "did:plc:z72i7hdynmk6r22z27h6tvur", "", ""},
        HandleCase{Network::kOther, "https://example.org/Page", "example.org/page", "https://example.org/Page"},
        HandleCase{Network::kX, "https://twitter.com/BelgiumBE", "belgiumbe", "https://x.com/belgiumbe"},
        HandleCase{Network::kFacebook, "https://twitter.com/BelgiumBE", "", ""}));

TEST(FromHandleTest, MessageNamesTheNetworkAndTheForms) {
    const auto r = FromHandle(Network::kInstagram, "bel gium");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("contains a space"), std::string::npos) << r.error().message;

    const auto bad = FromHandle(Network::kInstagram, "bel/gium");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("'bel/gium' is not a valid Instagram handle: expected 1 to 30 letters"),
              std::string::npos)
        << bad.error().message;
}

TEST(ParseAccountUrlTest, UrlAndHandleAgree) {
    // The same account, written in every form, gives the same handle and canonical URL.
    for (const char* input :
         {"https://twitter.com/BelgiumBE", "x.com/belgiumbe/", "belgiumbe@x", "@belgiumbe@twitter"}) {
        const auto r = ParseAccountUrl(input);
        ASSERT_TRUE(r.ok()) << input << ": " << r.error().message;
        const auto h = FromHandle(Network::kX, "@BelgiumBE");
        ASSERT_TRUE(h.ok());
        EXPECT_EQ(r->handle, h->handle) << input;
        EXPECT_EQ(r->canonical_url, h->canonical_url) << input;
    }
}

TEST(ParseAccountUrlTest, HandleRoundTripsThroughFromHandle) {
    // What ParseAccountUrl stores as the handle is accepted back by FromHandle, giving the same account.
    for (const char* input :
         {"https://x.com/i/user/12345", "www.facebook.com/Belgium.be", "https://www.facebook.com/profile.php?id=1000",
          "instagram.com/stad_gent", "threads.net/@stad_gent", "linkedin.com/showcase/belgium-be",
          "https://www.linkedin.com/company/fod-financi%C3%ABn", "youtube.com/user/WebmasterBelgium",
          "youtube.com/c/StadAntwerpen", "youtube.com/@belgiumbe", "youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsT_-",
          "flickr.com/photos/12345678@N02", "vimeo.com/user12345", "plus.google.com/+BelgiumBe",
          "https://mastodon.social/@handle", "bsky.app/profile/belgium.bsky.social", "did:web:belgium.be"}) {
        const auto parsed = ParseAccountUrl(input);
        ASSERT_TRUE(parsed.ok()) << input << ": " << parsed.error().message;
        const auto built = FromHandle(parsed->network, parsed->handle);
        ASSERT_TRUE(built.ok()) << input << " -> " << parsed->handle << ": " << built.error().message;
        EXPECT_EQ(built->handle, parsed->handle) << input;
        EXPECT_EQ(built->platform_account_id, parsed->platform_account_id) << input;
        EXPECT_EQ(built->canonical_url, parsed->canonical_url) << input;
    }
}

TEST(ParseAccountUrlTest, AcceptsTheMaximumLength) {
    const std::string url = "https://example.org/" + std::string(2048 - 20, 'a');
    ASSERT_EQ(url.size(), 2048U);
    EXPECT_TRUE(ParseAccountUrl(url, Network::kOther).ok());
}

TEST(ParseAccountUrlTest, CanonicalUrlParsesBackToTheSameAccount) {
    for (const char* input : {"https://www.linkedin.com/company/fod-financi%C3%ABn",
                              "https://www.facebook.com/pages/Belgium-be/123456789012", "https://x.com/i/user/12345",
                              "https://www.youtube.com/@vlaanderen%C3%A9", "@Belgium@Mastodon.be",
                              "did:plc:z72i7hdynmk6r22z27h6tvur", "flickr.com/photos/12345678@N02"}) {
        const auto first = ParseAccountUrl(input);
        ASSERT_TRUE(first.ok()) << input << ": " << first.error().message;
        const auto second = ParseAccountUrl(first->canonical_url);
        ASSERT_TRUE(second.ok()) << first->canonical_url << ": " << second.error().message;
        EXPECT_EQ(second->network, first->network) << input;
        EXPECT_EQ(second->platform_account_id, first->platform_account_id) << input;
        EXPECT_EQ(second->canonical_url, first->canonical_url) << input;
    }
}

TEST(HandleIsCaseInsensitiveTest, ByNetwork) {
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kX));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kFacebook));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kLinkedin));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kInstagram));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kThreads));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kMastodon));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kFlickr));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kVimeo));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kGooglePlus));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kYoutube));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kBluesky));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kOther));
}

TEST(HandleIsCaseInsensitiveTest, ByHandle) {
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kYoutube, "@belgiumbe"));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kYoutube, "user/webmasterbelgium"));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kYoutube, "channel/UCaBcDeFgHiJkLmNoPqRsT_-"));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kBluesky, "belgium.bsky.social"));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kBluesky, "did:plc:z72i7hdynmk6r22z27h6tvur"));
    EXPECT_FALSE(HandleIsCaseInsensitive(Network::kOther, "example.org/page"));
    EXPECT_TRUE(HandleIsCaseInsensitive(Network::kX, "belgiumbe"));
}

}  // namespace
}  // namespace belfry::registry
