// Each network's published rules for a post's text and media, and the counters behind them.
//
// Counting is on Unicode text, never bytes (ICU grapheme clusters, NFC):
// - X: weighted length (twitter-text v3): code points in the Latin ranges weigh 1, others 2, an
//   emoji sequence 2, every URL 23; limit 280.
// - Mastodon: grapheme clusters, every URL 23, a remote mention counts as its local part; limit 500
//   (instance-configurable).
// - Bluesky: 300 grapheme clusters (and 3,000 bytes).
// - Threads 500, LinkedIn 3,000, Facebook 63,206, Instagram 2,200 characters (grapheme clusters);
//   Instagram requires an image.
// Media: how many images a post may carry, how large each may be, which types the network takes,
// and alt text: every image needs one in every language of the rendition (the alt texts of a
// combined bilingual rendition are joined "fr / nl", which must fit the network's alt-text limit).
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.hpp"

namespace belfry::publishing {

struct NetworkLimits {
    int max_text = 0;
    const char* unit = "characters";
    int max_media = 0;
    long long max_image_bytes = 0;
    bool media_required = false;
    bool alt_text = true;     // the network stores alt text
    const char* source = "";  // where the rule is published
    // A published post's text can be edited through the network's API (and belfry does it):
    // Mastodon (PUT /api/v1/statuses/:id, the network keeps the edit history). Not Bluesky: an
    // app.bsky.feed.post record is not edited (putRecord would break replies, likes and quotes).
    bool editable = false;
    int max_alt_text = 0;  // characters (graphemes) of one image's alt text; 0: no published limit
    const char* image_types = "image/jpeg image/png image/gif image/webp";  // accepted, space-separated
};

NetworkLimits LimitsFor(core::Network network);

int CountGraphemes(std::string_view utf8);
int XWeightedLength(std::string_view utf8);
int MastodonLength(std::string_view utf8);
// The length as `network` counts it.
int MeasureText(core::Network network, std::string_view utf8);

struct MediaInfo {
    std::string mime_type;
    long long bytes = 0;
    std::map<std::string, std::string> alt;  // language → alt text
    std::string name;                        // how the person knows it (file name); may be empty
};

struct RuleCheck {
    bool ok = true;
    int length = 0;
    int limit = 0;
    std::string unit;
    std::vector<std::string> problems;        // each says what is wrong and what to do
    std::vector<std::string> problem_fields;  // the input each problem is about: variants | media
};

// `limit_override` > 0 replaces the text limit (e.g. a Mastodon instance configured for 1,000).
// `languages`: the rendition's languages; each image needs alt text in every one (when empty: in
// at least one language).
RuleCheck CheckRendition(core::Network network, std::string_view text, const std::vector<MediaInfo>& media,
                         int limit_override = 0, const std::vector<std::string>& languages = {});

}  // namespace belfry::publishing
