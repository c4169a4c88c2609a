#include "inbox/categories.hpp"

#include <algorithm>
#include <tuple>

#include "core/fold.hpp"
#include "core/languages.hpp"

namespace belfry::inbox {

namespace {

std::size_t CodePoints(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

Categoriser::Categoriser(const std::vector<CategoryRule>& rules) {
    std::vector<const CategoryRule*> ordered;
    ordered.reserve(rules.size());
    for (const auto& r : rules) ordered.push_back(&r);
    std::stable_sort(ordered.begin(), ordered.end(), [](const CategoryRule* a, const CategoryRule* b) {
        return std::tie(a->position, a->id) < std::tie(b->position, b->id);
    });
    rules_.reserve(ordered.size());
    for (const CategoryRule* r : ordered) {
        Rule rule{r->category, r->language, {}};
        for (const auto& k : r->keywords) {
            std::string folded = core::FoldForMatch(k);
            if (!folded.empty()) rule.folded_keywords.push_back(std::move(folded));
        }
        rules_.push_back(std::move(rule));
    }
}

std::string Categoriser::Categorise(std::string_view text, std::string_view language) const {
    if (rules_.empty()) return {};
    const std::string folded = core::FoldForMatch(text);
    for (const auto& rule : rules_) {
        if (!rule.language.empty() && rule.language != language) continue;
        for (const auto& k : rule.folded_keywords) {
            if (core::ContainsPhrase(folded, k)) return rule.category;
        }
    }
    return {};
}

std::string Categorise(std::string_view text, std::string_view language, const std::vector<CategoryRule>& rules) {
    return Categoriser(rules).Categorise(text, language);
}

bool IsCategoryKey(std::string_view key) {
    if (key.empty() || key.size() > kCategoryKeyMax) return false;
    return std::all_of(key.begin(), key.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

core::Status ValidateCategoryRule(const CategoryRule& r) {
    using core::Error;
    if (!IsCategoryKey(r.category)) {
        return Error::Invalid("category",
                              "a category is 1 to 40 characters among a-z, 0-9, '_' and '-' (e.g. eid_token)");
    }
    if (!r.language.empty() && !core::IsLanguage(r.language)) {
        return Error::Invalid("language", "unknown language '" + r.language + "': use fr, nl, de, en or none for any");
    }
    if (r.keywords.empty()) return Error::Invalid("keywords", "give at least one keyword or phrase");
    if (r.keywords.size() > kCategoryKeywordsMax) {
        return Error::Invalid("keywords", "at most 50 keywords per rule: split them over several rules");
    }
    for (std::size_t i = 0; i < r.keywords.size(); ++i) {
        const std::string field = "keywords[" + std::to_string(i) + "]";
        if (CodePoints(r.keywords[i]) > kCategoryKeywordMax) {
            return Error::Invalid(field, "a keyword is at most 80 characters");
        }
        if (core::FoldForMatch(r.keywords[i]).empty()) {
            return Error::Invalid(field, "a keyword needs at least one letter or digit");
        }
        if (r.keywords[i].find('\n') != std::string::npos) {
            return Error::Invalid(field, "a keyword is one line: give each keyword separately");
        }
    }
    return core::Ok();
}

}  // namespace belfry::inbox
