// Saved replies: the organisation's prepared answers, one variant per language, with variables
// (issue 5, "Saved replies").
//
// Contract
// - PickVariant chooses the variant for a conversation: its language, else the first of the
//   channel's languages that has one, else the first variant.
// - RenderReply fills the variables {citizen_name}, {citizen_handle}, {link}, {channel}; "{{" and
//   "}}" are literal braces and a lone "}" stays as it is. {citizen_name} falls back to the handle
//   when the citizen gave no name. An unknown variable or a "{" without its "}" is an
//   invalid-argument Error on the field "text" that names it and lists the known variables.
// - ValidateSavedReply checks what the API receives; each error names the field
//   ("name", "variants", "variants[2].language", "variants[2].text") and says what to do.
// - Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "inbox/model.hpp"

namespace belfry::inbox {

inline constexpr std::size_t kSavedReplyNameMax = 120;    // characters
inline constexpr std::size_t kSavedReplyTextMax = 5000;   // characters
inline constexpr std::size_t kSavedReplyVariantsMax = 4;  // one per language: fr, nl, de, en

// The variant in `language`, else the first of `fallbacks` present (the channel's languages), else
// the first variant; nullptr when there is none.
const SavedReplyVariant* PickVariant(const SavedReply& r, std::string_view language,
                                     const std::vector<std::string>& fallbacks);

struct ReplyVariables {
    std::string citizen_name, citizen_handle, link, channel;
};

// The text with its variables replaced (see the contract above).
core::Result<std::string> RenderReply(std::string_view text, const ReplyVariables& vars);

// Name required (≤ 120 characters), 1..4 variants, languages among fr/nl/de/en without duplicates,
// each text non-empty (≤ 5000 characters) with only known variables; the category, when set, a
// category key (see categories.hpp); the link, when set, an http(s) address of ≤ 2000 bytes.
core::Status ValidateSavedReply(const SavedReply& r);

}  // namespace belfry::inbox
