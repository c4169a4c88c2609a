#include "moderation/lexicon.hpp"

#include <hs/hs.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <map>

#include "core/text.hpp"
#include "moderation/normalise.hpp"

namespace belfry::moderation {

const std::vector<std::pair<std::string, std::string>>& EmbeddedLexiconFiles();  // generated

namespace {

std::atomic<std::uint64_t> next_lexicon_id{1};

// The character class one letter of a term becomes.
std::string LetterClass(char c) {
    switch (c) {
        case 'a':
            return "[a*]";
        case 'e':
            return "[e*]";
        case 'i':
            return "[il*]";
        case 'l':
            return "[il]";
        case 'o':
            return "[o*]";
        case 'u':
            return "[u*]";
        default:
            return std::string(1, c);
    }
}

void AppendEscapedByte(std::string& out, unsigned char c) {
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "\\x%02x", c);
    out += buf.data();
}

// One word of a term, already normalised (so repeated consonants are single, as in the text):
// letters as written, vowels also matching a masking '*', i and l each other.
void AppendWord(std::string& out, std::string_view word) {
    for (const char ch : word) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ch == ' ') {
            out += LetterClass(ch);
        } else {
            AppendEscapedByte(out, c);
        }
    }
}

// What the database is compiled from: TermPattern without a leading " [^ ]*" or a trailing
// "[^ ]* ". The normalised text starts and ends with a space and the database only reports whether
// a term occurs, so " [^ ]*idiot" finds the same texts as "idiot", and " c[o*]n[a*]rd[^ ]* " the
// same as " c[o*]n[a*]rd"; the open-ended loops cost Hyperscan twice the scan time (3.5 → 1.7 µs
// per 1 KB event).
std::string MatcherPattern(std::string pattern) {
    constexpr std::string_view kAnyStart = " [^ ]*";
    constexpr std::string_view kAnyEnd = "[^ ]* ";
    if (std::string_view(pattern).substr(0, kAnyStart.size()) == kAnyStart) pattern.erase(0, kAnyStart.size());
    if (pattern.size() >= kAnyEnd.size() &&
        std::string_view(pattern).substr(pattern.size() - kAnyEnd.size()) == kAnyEnd) {
        pattern.resize(pattern.size() - kAnyEnd.size());
    }
    return pattern;
}

struct ThreadScratch {
    hs_scratch_t* scratch = nullptr;
    std::uint64_t sized_for = 0;
    ~ThreadScratch() {
        if (scratch != nullptr) hs_free_scratch(scratch);
    }
};

}  // namespace

std::string_view CategoryName(Category category) {
    switch (category) {
        case Category::kInsult:
            return "insult";
        case Category::kRacism:
            return "racism";
        case Category::kDiscrimination:
            return "discrimination";
        case Category::kViolence:
            return "violence";
        case Category::kSpam:
            return "spam";
        case Category::kPersonalData:
            return "personal_data";
    }
    return "insult";
}

std::optional<Category> ParseCategory(std::string_view name) {
    for (const Category c : kCategories) {
        if (CategoryName(c) == name) return c;
    }
    return std::nullopt;
}

core::Result<std::string> TermPattern(std::string_view term) {
    std::string pattern = " ";
    const auto words = core::Split(core::Trim(term), ' ');
    bool first = true;
    for (const auto& raw : words) {
        std::string_view w = raw;
        if (w.empty()) continue;
        const bool any_start = w.front() == '*';
        if (any_start) w.remove_prefix(1);
        const bool any_end = !w.empty() && w.back() == '*';
        if (any_end) w.remove_suffix(1);
        const std::string folded(core::Trim(Normalise(w).text));
        if (folded.empty()) return core::Error::Invalid("term", "the term '" + std::string(term) + "' has no letters");
        if (!first) pattern.push_back(' ');
        first = false;
        if (any_start) pattern += "[^ ]*";
        AppendWord(pattern, folded);
        if (any_end) pattern += "[^ ]*";
    }
    if (first) return core::Error::Invalid("term", "empty term");
    pattern.push_back(' ');
    return pattern;
}

core::Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view content, Category category,
                                                     std::string_view language, std::string_view source) {
    std::vector<LexiconEntry> out;
    int line_number = 0;
    for (const auto& line_str : core::Split(content, '\n')) {
        ++line_number;
        std::string_view line = line_str;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = core::Trim(line);
        if (line.empty()) continue;
        LexiconEntry entry{category, std::string(language), {}, 1.0};
        if (const auto bar = line.find('|'); bar != std::string_view::npos) {
            const std::string_view w = core::Trim(line.substr(bar + 1));
            double weight = 0;
            const auto [ptr, ec] = std::from_chars(w.data(), w.data() + w.size(), weight);
            if (ec != std::errc() || ptr != w.data() + w.size() || weight <= 0 || weight > 1) {
                return core::Error::Invalid("lexicon", std::string(source) + ":" + std::to_string(line_number) +
                                                           ": the weight after '|' must be a number in (0, 1]");
            }
            entry.weight = weight;
            line = core::Trim(line.substr(0, bar));
        }
        entry.term = std::string(line);
        out.push_back(std::move(entry));
    }
    return out;
}

core::Result<std::vector<LexiconEntry>> BuiltInLexiconEntries() {
    std::vector<LexiconEntry> all;
    for (const auto& [name, content] : EmbeddedLexiconFiles()) {
        // <category>.<language>.txt
        const auto parts = core::Split(name, '.');
        if (parts.size() != 3) return core::Error::Internal("lexicon file name not <category>.<language>.txt: " + name);
        const auto category = ParseCategory(parts[0]);
        if (!category) return core::Error::Internal("lexicon file of an unknown category: " + name);
        BELFRY_ASSIGN_OR_RETURN(entries, ParseLexicon(content, *category, parts[1], name));
        all.insert(all.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
    }
    return all;
}

core::Result<std::shared_ptr<const Lexicon>> Lexicon::Compile(std::vector<LexiconEntry> entries) {
    if (hs_valid_platform() != HS_SUCCESS) {
        return core::Error::Unavailable("this CPU lacks SSSE3, which the moderation matcher (Hyperscan) needs");
    }
    std::shared_ptr<Lexicon> lexicon(new Lexicon());
    std::vector<std::string> patterns;
    patterns.reserve(entries.size());
    for (const auto& e : entries) {
        auto pattern = TermPattern(e.term);
        if (!pattern.ok()) {
            return core::Error::Invalid("term", "cannot compile the term '" + e.term + "' (" +
                                                    std::string(CategoryName(e.category)) + ", " + e.language +
                                                    "): " + pattern.error().message);
        }
        patterns.push_back(MatcherPattern(std::move(pattern).value()));
    }
    lexicon->entries_ = std::move(entries);
    std::map<std::pair<Category, std::string>, std::uint32_t> first;
    for (std::size_t i = 0; i < lexicon->entries_.size(); ++i) {
        const auto& e = lexicon->entries_[i];
        const auto [it, inserted] = first.emplace(std::make_pair(e.category, e.term), static_cast<std::uint32_t>(i));
        lexicon->canonical_.push_back(it->second);
    }
    lexicon->id_ = next_lexicon_id.fetch_add(1);
    if (patterns.empty()) return std::shared_ptr<const Lexicon>(std::move(lexicon));
    std::vector<const char*> expressions;
    std::vector<unsigned> flags(patterns.size(), HS_FLAG_SINGLEMATCH);
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        expressions.push_back(patterns[i].c_str());
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    const hs_error_t rc =
        hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                         HS_MODE_BLOCK, nullptr, &lexicon->database_, &error);
    if (rc != HS_SUCCESS) {
        std::string message = error != nullptr ? error->message : "unknown error";
        std::string term;
        if (error != nullptr && error->expression >= 0)
            term = lexicon->entries_[static_cast<std::size_t>(error->expression)].term;
        hs_free_compile_error(error);
        return core::Error::Invalid("term", "cannot compile the term '" + term + "': " + message);
    }
    return std::shared_ptr<const Lexicon>(std::move(lexicon));
}

Lexicon::~Lexicon() {
    if (database_ != nullptr) hs_free_database(database_);
}

void Lexicon::Scan(std::string_view normalised, std::vector<std::uint32_t>& hits) const {
    if (database_ == nullptr || normalised.empty()) return;
    thread_local ThreadScratch scratch;
    if (scratch.sized_for != id_) {
        if (hs_alloc_scratch(database_, &scratch.scratch) != HS_SUCCESS) return;
        scratch.sized_for = id_;
    }
    auto on_match = [](unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) -> int {
        static_cast<std::vector<std::uint32_t>*>(context)->push_back(id);
        return 0;
    };
    hs_scan(database_, normalised.data(), static_cast<unsigned>(normalised.size()), 0, scratch.scratch, on_match,
            &hits);
}

}  // namespace belfry::moderation
