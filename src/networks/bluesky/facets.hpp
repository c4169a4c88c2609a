// Rich-text facets for Bluesky posts (docs.bsky.app "Links, mentions, and rich text";
// lexicon app.bsky.richtext.facet): ranges of the post's text, in UTF-8 byte offsets, start
// inclusive and end exclusive, that are a link, a mention or a hashtag.
//
// What DetectFacets finds (a token starts the text or follows white space or '('):
// - links: "http://" or "https://" followed by at least one character, up to white space; trailing
//   . , ; : ! ? ' " and a ')' without a matching '(' are left out of the link
// - mentions: '@' and a handle: dot-separated labels of letters, digits and hyphens (1–63 each, no
//   hyphen at either end), at least two labels, the last one starting with a letter, at most 253
//   characters; a trailing '.' or '-' is sentence punctuation, not part of the handle
// - hashtags: '#' and the following characters up to white space, trailing punctuation left out;
//   not starting with a digit; at most 64 characters (the lexicon's maxGraphemes) and 640 bytes
// White space and punctuation are Unicode's (ICU). Facets never overlap: they come sorted by start.
// Mentions need a DID: the connector resolves each handle and drops the mentions it cannot resolve.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace belfry::networks {

struct FacetSpan {
    enum class Kind { kLink, kMention, kTag };
    Kind kind = Kind::kLink;
    std::size_t byte_start = 0;
    std::size_t byte_end = 0;
    std::string value;  // link: the URI; mention: the handle without '@'; tag: the tag without '#'
};

std::vector<FacetSpan> DetectFacets(std::string_view utf8_text);

}  // namespace belfry::networks
