// The words the inbox's full-text index holds, and what a search looks for (ICU folding, Snowball
// stems). Pure; thread-safe (each thread has its own stemmers).
//
// Indexed form: the text's words folded as core::FoldForMatch does (case-folded, accents removed,
// split on everything that is neither letter nor digit; format characters — zero-width, soft
// hyphen, bidi controls — are dropped without splitting the word), and of each distinct word its
// Snowball stems in the item's language: of the word as written (accents kept, then folded) and of
// the folded word; each distinct stem once. fr, nl, de, en have a stemmer; any other language
// ("und") gets the stems of all four. The words themselves are not kept: a query looks for the
// stems of its words in all four languages, the item's among them, so a word is found in any of
// its forms and the same word always finds itself (a stem is never empty; a word whose stem would
// not be one word stands for itself). The result holds only folded letters, digits and single
// spaces: HTML, <script>, quotes and SQL are plain words there, and invalid UTF-8 is read with
// replacement characters (separators).
//
// A search matches an item when every query word matches (AND), each through any of its
// alternatives (OR): the folded word and its stems in fr, nl, de and en. "formulaire" finds
// "formulaires", "aanvraag" finds "aanvragen", "societe" finds "Société". Quotes are separators
// (no phrase search); operators of the engines' query languages (AND, NEAR, *, -, ") are plain
// words or separators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace belfry::inbox {

// Of a huge text, only the first kMaxSearchInput bytes are indexed, and the indexed form stops at
// kMaxSearchText bytes; words longer than kMaxSearchWord bytes (folded: tokens, hashes, base64) are
// neither indexed nor searched.
inline constexpr std::size_t kMaxSearchInput = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxSearchText = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxSearchWord = 64;
// A query keeps its first kMaxQueryWords words.
inline constexpr std::size_t kMaxQueryWords = 8;

// The indexed form of `text` written in `language` (see above).
std::string SearchText(std::string_view text, std::string_view language);

// Per query word (in order, repeated words once), its alternatives: the folded word first, then its
// distinct stems. Empty when the query has no word (e.g. only punctuation).
std::vector<std::vector<std::string>> SearchQuery(std::string_view q);

}  // namespace belfry::inbox
