// The moderation rule engine: Classify(text) = normalise → lexicon scan (Hyperscan) → personal
// data detectors → spam signals → a score per category in [0, 1]. Pure and thread-safe once built;
// one Engine serves every thread. The policy (hide, queue, nothing) is decided elsewhere from the
// scores. See docs/design/moderation.md.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "moderation/detectors.hpp"
#include "moderation/lexicon.hpp"
#include "moderation/normalise.hpp"

namespace belfry::moderation {

// A lexicon entry found in the text. The views point into the engine's lexicon: valid as long as
// the Engine that classified the text (copy them into strings to keep them longer).
struct TermMatch {
    Category category = Category::kInsult;
    std::string_view language;
    std::string_view term;  // the lexicon entry as written
    double weight = 1.0;
    std::uint32_t entry = 0;  // its index in Engine::lexicon()
};

// An organisation's "allow" line (moderation::Term kind "allow"): a word or phrase in which the
// lexicon's terms of this category never count — a place or family name that contains an insult
// ("Kuttekoven" and kut*). Matched whole, after the same normalisation as the text (so "Kuttek0ven"
// is allowed too). The language limits it to the lexicon entries of that language ("" for every
// language, and an entry for every language is limited by every allow line of its category).
struct AllowEntry {
    Category category = Category::kInsult;
    std::string language;
    std::string word;
};

struct Classification {
    std::array<double, kCategoryCount> scores{};  // indexed by Category
    // With the model (CombineWithModel, moderation/classifier.hpp): scores = the higher of the two,
    // and each side's own here. Without it, model_used is false and these are zero.
    bool model_used = false;
    std::array<double, kCategoryCount> rule_scores{};
    std::array<double, kCategoryCount> model_scores{};
    std::vector<TermMatch> terms;
    std::vector<TermMatch> allowed_terms;  // found, but only inside allowed words: not counted
    std::vector<Detection> personal_data;
    int links = 0;            // http(s):// and www. in the text
    bool repetitive = false;  // few distinct words repeated many times
    bool invisible = false;   // the normaliser's signals
    bool confusable = false;
    bool leet = false;

    double score(Category c) const { return scores[static_cast<std::size_t>(c)]; }
    // The category with the highest score at or above `threshold`; ties go to the more serious one
    // (violence, racism, discrimination, insult, personal data, spam). nullopt: nothing to report.
    std::optional<Category> Top(double threshold) const;
};

class Engine {
  public:
    // Extra entries (an organisation's own terms) are compiled with the built-in ones; `allow` lists
    // the organisation's allowed words. Fails with kInvalidArgument naming a term or an allowed word
    // that cannot be used (no letters, or a '*' in an allowed word: those are matched whole).
    static core::Result<std::shared_ptr<const Engine>> Create(std::vector<LexiconEntry> extra = {},
                                                              const std::vector<AllowEntry>& allow = {});
    // An engine on exactly these entries (tests, evaluation of a lexicon alone).
    static core::Result<std::shared_ptr<const Engine>> FromEntries(std::vector<LexiconEntry> entries,
                                                                   const std::vector<AllowEntry>& allow = {});

    void Classify(std::string_view text, Classification& out) const;  // reuses out's buffers
    Classification Classify(std::string_view text) const;

    const Lexicon& lexicon() const { return *lexicon_; }

  private:
    struct Allowed {
        Category category = Category::kInsult;
        std::string language;
        std::string pattern;  // " word " as the normaliser writes it
    };

    explicit Engine(std::shared_ptr<const Lexicon> lexicon) : lexicon_(std::move(lexicon)) {}
    // Moves the hits that occur only inside allowed words from `hits` to `allowed` (entry ids).
    void ApplyAllowList(const std::string& normalised, std::vector<std::uint32_t>& hits,
                        std::vector<std::uint32_t>& allowed) const;

    std::shared_ptr<const Lexicon> lexicon_;
    std::vector<Allowed> allow_;
};

}  // namespace belfry::moderation
