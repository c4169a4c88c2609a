#include "publishing/text_rules.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <regex>

namespace belfry::publishing {

namespace {

icu::UnicodeString Nfc(std::string_view utf8) {
    auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return text;
    icu::UnicodeString out = nfc->normalize(text, status);
    return U_SUCCESS(status) ? out : text;
}

// Calls fn(start, end) for each grapheme cluster of `text`.
template <class Fn>
void ForEachGrapheme(const icu::UnicodeString& text, Fn&& fn) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
        for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) fn(i, text.moveIndex32(i, 1));
        return;
    }
    it->setText(text);
    int32_t start = it->first();
    for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) fn(start, end);
}

// URLs as the networks find them: http(s):// up to white space.
const std::regex& UrlPattern() {
    static const std::regex re(R"(https?://[^\s]+)", std::regex::optimize);
    return re;
}

// Replaces each URL by `width` placeholder characters.
std::string ReplaceUrls(std::string_view utf8, int width) {
    return std::regex_replace(std::string(utf8), UrlPattern(), std::string(static_cast<size_t>(width), 'x'));
}

bool IsXLightCodePoint(UChar32 c) {
    return (c >= 0 && c <= 4351) || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) || (c >= 8242 && c <= 8247);
}

}  // namespace

NetworkLimits LimitsFor(core::Network n) {
    using core::Network;
    switch (n) {
        case Network::kX:
            return {280,
                    "weighted characters",
                    4,
                    5LL * 1024 * 1024,
                    false,
                    true,
                    "docs.x.com: counting characters; media upload"};
        case Network::kMastodon:
            return {500, "characters", 4, 16LL * 1024 * 1024, false, true, "docs.joinmastodon.org: posting, media",
                    true};
        case Network::kBluesky:
            return {300, "graphemes", 4, 1000000, false, true, "app.bsky.feed.post lexicon; app.bsky.embed.images"};
        case Network::kThreads:
            return {500, "characters", 10, 8LL * 1024 * 1024, false, true, "developers.facebook.com: Threads API"};
        case Network::kLinkedin:
            return {3000, "characters", 9, 10LL * 1024 * 1024, false, true, "learn.microsoft.com: LinkedIn Posts API"};
        case Network::kFacebook:
            return {63206, "characters", 10, 10LL * 1024 * 1024, false, true, "developers.facebook.com: Pages API"};
        case Network::kInstagram:
            return {2200, "characters", 10, 8LL * 1024 * 1024, true, true, "developers.facebook.com: Instagram API"};
        default:
            return {63206, "characters", 10, 10LL * 1024 * 1024, false, false, "no published rule"};
    }
}

int CountGraphemes(std::string_view utf8) {
    int n = 0;
    ForEachGrapheme(Nfc(utf8), [&](int32_t, int32_t) { ++n; });
    return n;
}

int XWeightedLength(std::string_view utf8) {
    // URLs weigh 23 whatever their length: replace each by 23 light characters, then weigh.
    const icu::UnicodeString text = Nfc(ReplaceUrls(utf8, 23));
    int weight = 0;
    ForEachGrapheme(text, [&](int32_t start, int32_t end) {
        const UChar32 first = text.char32At(start);
        if (u_hasBinaryProperty(first, UCHAR_EXTENDED_PICTOGRAPHIC) ||
            u_hasBinaryProperty(first, UCHAR_REGIONAL_INDICATOR)) {
            weight += 2;  // an emoji sequence counts as one heavy character
            return;
        }
        for (int32_t i = start; i < end; i = text.moveIndex32(i, 1))
            weight += IsXLightCodePoint(text.char32At(i)) ? 1 : 2;
    });
    return weight;
}

int MastodonLength(std::string_view utf8) {
    std::string text = ReplaceUrls(utf8, 23);
    // A remote mention "@user@instance" counts as "@user".
    static const std::regex remote_mention(R"((@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9])");
    text = std::regex_replace(text, remote_mention, "$1");
    return CountGraphemes(text);
}

int MeasureText(core::Network network, std::string_view utf8) {
    switch (network) {
        case core::Network::kX:
            return XWeightedLength(utf8);
        case core::Network::kMastodon:
            return MastodonLength(utf8);
        default:
            return CountGraphemes(utf8);
    }
}

RuleCheck CheckRendition(core::Network network, std::string_view text, const std::vector<MediaInfo>& media,
                         int limit_override) {
    const NetworkLimits limits = LimitsFor(network);
    RuleCheck check;
    check.limit = limit_override > 0 ? limit_override : limits.max_text;
    check.unit = limits.unit;
    check.length = MeasureText(network, text);
    const std::string name(core::NetworkName(network));
    auto fail = [&](std::string problem) {
        check.ok = false;
        check.problems.push_back(std::move(problem));
    };
    if (check.length > check.limit) {
        fail("the text is " + std::to_string(check.length) + " " + check.unit + " long; " + name + " allows " +
             std::to_string(check.limit) + ": shorten it by " + std::to_string(check.length - check.limit));
    }
    if (network == core::Network::kBluesky && text.size() > 3000) {
        fail("the text is over 3,000 bytes, Bluesky's limit: shorten it");
    }
    if (text.empty() && media.empty()) fail("the post is empty: write a text or attach an image");
    if (limits.media_required && media.empty()) fail(name + " needs at least one image: attach one");
    if (static_cast<int>(media.size()) > limits.max_media) {
        fail(name + " takes at most " + std::to_string(limits.max_media) + " images; this post has " +
             std::to_string(media.size()));
    }
    for (size_t i = 0; i < media.size(); ++i) {
        if (media[i].bytes > limits.max_image_bytes) {
            fail("image " + std::to_string(i + 1) + " is " + std::to_string(media[i].bytes / 1024) + " KiB; " + name +
                 " accepts up to " + std::to_string(limits.max_image_bytes / 1024) + " KiB: resize it");
        }
        if (!media[i].has_alt_text) {
            fail("image " + std::to_string(i + 1) +
                 " has no alt text in this language: describe it for people who "
                 "cannot see it");
        }
    }
    return check;
}

}  // namespace belfry::publishing
