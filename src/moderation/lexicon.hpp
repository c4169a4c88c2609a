// The moderation lexicon: terms per category and language, compiled into one Hyperscan database
// that is matched on the normalised text (moderation/normalise.hpp). The built-in lexicon comes
// from data/moderation/lexicon/<category>.<language>.txt (embedded at build time); an
// organisation's own terms are more entries compiled into its own Lexicon.
//
// Term syntax (one per line in the files; '#' starts a comment):
//   idiot          the whole word, as the normaliser writes it (accents, case and disguises folded)
//   connard*       a word that starts with "connard" (connards, connarde)
//   *idiot*        a word that contains "idiot" (vollidiot, idioten); a leading '*' alone: ends with
//   sale arabe     consecutive words
//   casino | 0.6   any of the above with a weight (default 1.0): the score one hit gives its category
// Terms go through the normaliser like the text (so "connard" is "conard" on both sides); vowels
// also match a masking '*' ("f*ck"), and i and l stand for each other ("1" is read as i).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

struct hs_database;

namespace belfry::moderation {

enum class Category { kInsult, kRacism, kDiscrimination, kViolence, kSpam, kPersonalData };
inline constexpr std::size_t kCategoryCount = 6;
inline constexpr std::array<Category, kCategoryCount> kCategories{Category::kInsult,         Category::kRacism,
                                                                  Category::kDiscrimination, Category::kViolence,
                                                                  Category::kSpam,           Category::kPersonalData};

// "insult", "racism", "discrimination", "violence", "spam", "personal_data".
std::string_view CategoryName(Category category);
std::optional<Category> ParseCategory(std::string_view name);

struct LexiconEntry {
    Category category = Category::kInsult;
    std::string language;  // fr, nl, de, en (or "" for every language)
    std::string term;      // as written, see the syntax above
    double weight = 1.0;
};

// Reads one lexicon file's lines. `source` names the file in error messages ("insult.fr.txt:12").
core::Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view content, Category category,
                                                     std::string_view language, std::string_view source);

// Every entry of data/moderation/lexicon, as embedded in the binary.
core::Result<std::vector<LexiconEntry>> BuiltInLexiconEntries();

// The Hyperscan pattern one term compiles to (exposed for tests and docs).
core::Result<std::string> TermPattern(std::string_view term);

class Lexicon {
  public:
    // Fails with kInvalidArgument naming the term when one cannot be compiled, kUnavailable when
    // the CPU lacks what Hyperscan needs (SSSE3).
    static core::Result<std::shared_ptr<const Lexicon>> Compile(std::vector<LexiconEntry> entries);

    // Appends the index of every entry found in `normalised`, the normaliser's output (it starts and
    // ends with a space, which the compiled patterns rely on); each entry at most once.
    void Scan(std::string_view normalised, std::vector<std::uint32_t>& hits) const;

    const LexiconEntry& entry(std::size_t index) const { return entries_[index]; }
    // The first entry with the same category and term (one term listed in several languages).
    std::uint32_t canonical(std::size_t index) const { return canonical_[index]; }
    std::size_t size() const { return entries_.size(); }

    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;
    Lexicon(Lexicon&&) = delete;
    Lexicon& operator=(Lexicon&&) = delete;

  private:
    Lexicon() = default;
    std::vector<LexiconEntry> entries_;
    std::vector<std::uint32_t> canonical_;
    hs_database* database_ = nullptr;
    std::uint64_t id_ = 0;  // tells the per-thread scratch space which database it was sized for
};

}  // namespace belfry::moderation
