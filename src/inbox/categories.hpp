// Question categories by rule (issue 5, "Categories"): an organisation lists keywords per category
// ("eid": "carte d'identité", "eID", "PIN"); a conversation whose first message contains one of them
// gets the category.
//
// Contract
// - Categorise returns the category of the first matching rule, rules ordered by position then id
//   (whatever order they come in). A rule applies when its language is empty or equals `language`;
//   it matches when one of its keywords — a word or a phrase — occurs in the text as whole words,
//   ignoring case, accents and punctuation (core::FoldForMatch): "carte d'identite" matches
//   "Ma CARTE D'IDENTITÉ est perdue", "eid" does not match "eider". "" when no rule matches.
// - ValidateCategoryRule checks what the API receives; errors name the field and say what to do.
// - Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "inbox/model.hpp"

namespace belfry::inbox {

inline constexpr std::size_t kCategoryKeyMax = 40;
inline constexpr std::size_t kCategoryKeywordsMax = 50;
inline constexpr std::size_t kCategoryKeywordMax = 80;  // characters

std::string Categorise(std::string_view text, std::string_view language, const std::vector<CategoryRule>& rules);

// The same with the rules sorted and their keywords folded once, for ingesting batches: build one
// per organisation and call it for every new conversation.
class Categoriser {
  public:
    explicit Categoriser(const std::vector<CategoryRule>& rules);
    std::string Categorise(std::string_view text, std::string_view language) const;

  private:
    struct Rule {
        std::string category;
        std::string language;
        std::vector<std::string> folded_keywords;
    };
    std::vector<Rule> rules_;  // by position, then id
};

// A category key: 1..40 of a-z, 0-9, '_' and '-'.
bool IsCategoryKey(std::string_view key);

// category a key (IsCategoryKey); language empty or fr/nl/de/en; 1..50 keywords, each with at least
// one letter or digit, one line (they are stored newline-separated), ≤ 80 characters.
core::Status ValidateCategoryRule(const CategoryRule& r);

}  // namespace belfry::inbox
