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
//   URLs as links (the shape Mastodon uses, without its span markup).
#pragma once

#include <string>
#include <string_view>

namespace belfry::netsim {

long Graphemes(std::string_view utf8);
long MastodonLength(std::string_view text, std::string_view spoiler_text);
std::string HtmlEscape(std::string_view s);
std::string MastodonHtml(std::string_view text);
bool IsBlank(std::string_view s);

}  // namespace belfry::netsim
