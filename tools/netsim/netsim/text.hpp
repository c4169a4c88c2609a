// Text rules of the networks: how long a post is, and how Mastodon renders it.
//
// Contract (pure functions, thread-safe)
// - Graphemes(): extended grapheme clusters (ICU character BreakIterator), as Ruby's
//   each_grapheme_cluster and the atproto lexicon's maxGraphemes count them. Input must be UTF-8.
// - MastodonLength(): Mastodon's StatusLengthValidator: graphemes of spoiler_text + text, where in text
//   every URL with a scheme counts 23 and a mention "@user@domain" counts as "@user". URL detection
//   approximates twitter-text: http(s):// + a host with a dot, up to white space, without trailing
//   punctuation or an unbalanced ")".
// - MastodonHtml(): the text HTML-escaped, paragraphs (blank lines) in <p>, line breaks as <br />,
//   URLs as links (the shape Mastodon uses, without its span markup); mentions for which `mention_url`
//   gives a profile address become Mastodon's h-card markup
//   (<span class="h-card" translate="no"><a href="…" class="u-url mention">@<span>user</span></a></span>).
// - FindMentions(): the mentions "@user" and "@user@domain" of a text as MastodonLength() sees them
//   (not inside URLs), in order.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace belfry::netsim {

long Graphemes(std::string_view utf8);
long MastodonLength(std::string_view text, std::string_view spoiler_text);
std::string HtmlEscape(std::string_view s);
struct MentionSpan {
    std::size_t pos = 0;  // byte offset of the '@'
    std::size_t len = 0;  // bytes, domain included
    std::string user;
    std::string domain;  // "" for "@user"
};
std::vector<MentionSpan> FindMentions(std::string_view text);
std::string MastodonHtml(std::string_view text,
                         const std::function<std::string(const MentionSpan&)>& mention_url = nullptr);
bool IsBlank(std::string_view s);

}  // namespace belfry::netsim
