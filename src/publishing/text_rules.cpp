#include "publishing/text_rules.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <initializer_list>
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

// Joins the pieces of a message in one allocation.
std::string Cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto p : parts) out += p;
    return out;
}

bool IsXLightCodePoint(UChar32 c) {
    return (c >= 0 && c <= 4351) || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) || (c >= 8242 && c <= 8247);
}

}  // namespace

// Media limits as each network publishes them (checked 2026-05):
// - X: 4 images, 5 MB each, JPEG/PNG/GIF/WebP; alt text 1,000 characters (docs.x.com media upload).
// - Mastodon: 4 attachments; images 16 MB since 4.2 (MediaAttachment IMAGE_LIMIT); description
//   1,500 characters (docs.joinmastodon.org: POST /api/v2/media).
// - Bluesky: 4 images (app.bsky.embed.images maxLength), blob maxSize 1,000,000 bytes.
// - Threads: carousel of up to 10 items, images JPEG/PNG up to 8 MB, alt_text (Threads API).
// - LinkedIn: MultiImage posts take 2 to 20 images (learn.microsoft.com MultiImage API).
// - Facebook: photos up to 10 MB (Pages API /photos), 10 per post here.
// - Instagram: JPEG only, 8 MB, carousel of up to 10; a post needs an image (content publishing).
NetworkLimits LimitsFor(core::Network n) {
    using core::Network;
    switch (n) {
        case Network::kX:
            return {.max_text = 280,
                    .unit = "weighted characters",
                    .max_media = 4,
                    .max_image_bytes = 5LL * 1024 * 1024,
                    .source = "docs.x.com: counting characters; media upload",
                    .max_alt_text = 1000};
        case Network::kMastodon:
            return {.max_text = 500,
                    .max_media = 4,
                    .max_image_bytes = 16LL * 1024 * 1024,
                    .source = "docs.joinmastodon.org: posting, media",
                    .editable = true,
                    .max_alt_text = 1500};
        case Network::kBluesky:
            return {.max_text = 300,
                    .unit = "graphemes",
                    .max_media = 4,
                    .max_image_bytes = 1000000,
                    .source = "app.bsky.feed.post lexicon; app.bsky.embed.images"};
        case Network::kThreads:
            return {.max_text = 500,
                    .max_media = 10,
                    .max_image_bytes = 8LL * 1024 * 1024,
                    .source = "developers.facebook.com: Threads API",
                    .image_types = "image/jpeg image/png"};
        case Network::kLinkedin:
            return {.max_text = 3000,
                    .max_media = 20,
                    .max_image_bytes = 10LL * 1024 * 1024,
                    .source = "learn.microsoft.com: LinkedIn Posts API, MultiImage API"};
        case Network::kFacebook:
            return {.max_text = 63206,
                    .max_media = 10,
                    .max_image_bytes = 10LL * 1024 * 1024,
                    .source = "developers.facebook.com: Pages API"};
        case Network::kInstagram:
            return {.max_text = 2200,
                    .max_media = 10,
                    .max_image_bytes = 8LL * 1024 * 1024,
                    .media_required = true,
                    .source = "developers.facebook.com: Instagram API content publishing",
                    .image_types = "image/jpeg"};
        default:
            return {.max_text = 63206,
                    .max_media = 10,
                    .max_image_bytes = 10LL * 1024 * 1024,
                    .alt_text = false,
                    .source = "no published rule"};
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
                         int limit_override, const std::vector<std::string>& languages) {
    const NetworkLimits limits = LimitsFor(network);
    RuleCheck check;
    check.limit = limit_override > 0 ? limit_override : limits.max_text;
    check.unit = limits.unit;
    check.length = MeasureText(network, text);
    const std::string name(core::NetworkName(network));
    auto fail_on = [&](const char* field, std::string problem) {
        check.ok = false;
        check.problems.push_back(std::move(problem));
        check.problem_fields.emplace_back(field);
    };
    auto fail = [&](std::string problem) { fail_on("variants", std::move(problem)); };
    auto fail_media = [&](std::string problem) { fail_on("media", std::move(problem)); };
    if (check.length > check.limit) {
        fail("the text is " + std::to_string(check.length) + " " + check.unit + " long; " + name + " allows " +
             std::to_string(check.limit) + ": shorten it by " + std::to_string(check.length - check.limit));
    }
    if (network == core::Network::kBluesky && text.size() > 3000) {
        fail("the text is over 3,000 bytes, Bluesky's limit: shorten it");
    }
    if (text.empty() && media.empty()) fail("the post is empty: write a text or attach an image");
    if (limits.media_required && media.empty()) fail_media(name + " needs at least one image: attach one");
    if (static_cast<int>(media.size()) > limits.max_media) {
        fail_media(name + " takes at most " + std::to_string(limits.max_media) + " images; this post has " +
                   std::to_string(media.size()));
    }
    for (size_t i = 0; i < media.size(); ++i) {
        const auto& m = media[i];
        const std::string which =
            Cat({"image ", std::to_string(i + 1), m.name.empty() ? "" : " (", m.name, m.name.empty() ? "" : ")"});
        if (m.bytes > limits.max_image_bytes) {
            fail_media(Cat({which, " is ", std::to_string(m.bytes), " bytes; ", name, " accepts up to ",
                            std::to_string(limits.max_image_bytes), " bytes: resize or compress it"}));
        }
        const std::string types = limits.image_types;
        if (!m.mime_type.empty() && Cat({" ", types, " "}).find(Cat({" ", m.mime_type, " "})) == std::string::npos) {
            fail_media(Cat({which, " is ", m.mime_type, "; ", name, " takes only ", types, ": convert it"}));
        }
        if (languages.empty()) {
            bool any = false;
            for (const auto& [lang, alt] : m.alt) any = any || !alt.empty();
            if (!any) fail_media(Cat({which, " has no alt text: describe it for people who cannot see it"}));
        }
        std::string joined;
        for (const auto& lang : languages) {
            auto it = m.alt.find(lang);
            if (it == m.alt.end() || it->second.find_first_not_of(" \t\r\n") == std::string::npos) {
                fail_media(Cat({which, " has no alt text in ", lang, ": describe the image in ", lang,
                                " for people who cannot see it"}));
            } else {
                if (!joined.empty()) joined += " / ";
                joined += it->second;
            }
        }
        const int alt_length = CountGraphemes(joined);
        if (limits.max_alt_text > 0 && alt_length > limits.max_alt_text) {
            fail_media(Cat({"the alt text of ", which, " is ", std::to_string(alt_length), " characters; ", name,
                            " allows ", std::to_string(limits.max_alt_text), ": shorten it"}));
        }
    }
    return check;
}

}  // namespace belfry::publishing
