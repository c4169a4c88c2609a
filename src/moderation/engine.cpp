#include "moderation/engine.hpp"

#include <string.h>  // memmem

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace belfry::moderation {
namespace {

// More serious first: the order ties are broken in.
constexpr std::array<Category, kCategoryCount> kSeverity{Category::kViolence,       Category::kRacism,
                                                         Category::kDiscrimination, Category::kInsult,
                                                         Category::kPersonalData,   Category::kSpam};

std::size_t Count(std::string_view text, std::string_view needle) {
    std::size_t n = 0;
    const char* at = text.data();
    const char* end = text.data() + text.size();
    while (at < end) {
        const void* found = memmem(at, static_cast<std::size_t>(end - at), needle.data(), needle.size());
        if (found == nullptr) break;
        ++n;
        at = static_cast<const char*>(found) + needle.size();
    }
    return n;
}

// http(s)://… and www.… ("https://www.x" counts once).
int CountLinks(std::string_view text) {
    const std::size_t schemes = Count(text, "://");
    const std::size_t www = Count(text, "www.");
    const std::size_t both = www > 0 ? Count(text, "://www.") : 0;
    return static_cast<int>(schemes + www - both);
}

// A quick 64-bit hash of a short word, 8 bytes at a time (only compared with the other words).
std::uint64_t WordHash(std::string_view w) {
    std::uint64_t h = w.size() * 0x9E3779B97F4A7C15ULL;
    std::size_t i = 0;
    for (; i + 8 <= w.size(); i += 8) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, w.data() + i, 8);
        h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < w.size()) {
        std::uint64_t chunk = 0;
        std::memcpy(&chunk, w.data() + i, w.size() - i);
        h = (h ^ chunk) * 0x94D049BB133111EBULL;
        h ^= h >> 29;
    }
    return h;
}

// At least 6 words, and no more than 40 % of them distinct: "crypto crypto crypto …". Words are
// counted by their hash in a small open-addressing set (the first 256 words), no sorting.
bool Repetitive(std::string_view normalised) {
    constexpr std::size_t kSlots = 512;  // power of two, twice the words counted
    constexpr std::size_t kMaxWords = 256;
    std::array<std::uint64_t, kSlots> set{};
    std::size_t words = 0;
    std::size_t distinct = 0;
    std::size_t at = 0;
    while (words < kMaxWords) {
        at = normalised.find_first_not_of(' ', at);
        if (at == std::string_view::npos) break;
        std::size_t end = normalised.find(' ', at);
        if (end == std::string_view::npos) end = normalised.size();
        const std::uint64_t key = WordHash(normalised.substr(at, end - at)) | 1;  // 0 marks an empty slot
        for (std::size_t slot = key & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
            if (set[slot] == key) break;
            if (set[slot] == 0) {
                set[slot] = key;
                ++distinct;
                break;
            }
        }
        ++words;
        at = end;
    }
    return words >= 6 && distinct * 10 <= words * 4;
}

}  // namespace

std::optional<Category> Classification::Top(double threshold) const {
    std::optional<Category> best;
    double best_score = 0;
    for (const Category c : kSeverity) {
        const double s = score(c);
        if (s >= threshold && s > best_score) {
            best = c;
            best_score = s;
        }
    }
    return best;
}

core::Result<std::shared_ptr<const Engine>> Engine::Create(std::vector<LexiconEntry> extra) {
    BELFRY_ASSIGN_OR_RETURN(entries, BuiltInLexiconEntries());
    entries.insert(entries.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    return FromEntries(std::move(entries));
}

core::Result<std::shared_ptr<const Engine>> Engine::FromEntries(std::vector<LexiconEntry> entries) {
    BELFRY_ASSIGN_OR_RETURN(lexicon, Lexicon::Compile(std::move(entries)));
    return std::shared_ptr<const Engine>(new Engine(std::move(lexicon)));
}

void Engine::Classify(std::string_view text, Classification& out) const {
    thread_local Normalised normalised;
    thread_local std::vector<std::uint32_t> hits;
    thread_local std::vector<std::uint32_t> seen;
    seen.clear();
    out.scores.fill(0);
    out.terms.clear();
    out.personal_data.clear();

    Normalise(text, normalised);
    out.invisible = normalised.invisible;
    out.confusable = normalised.confusable;
    out.leet = normalised.leet;

    hits.clear();
    lexicon_->Scan(normalised.text, hits);
    // Per category: the strongest hit, and a quarter of each further one, at most 1.
    std::array<double, kCategoryCount> strongest{};
    std::array<double, kCategoryCount> rest{};
    for (const std::uint32_t id : hits) {
        const LexiconEntry& e = lexicon_->entry(id);
        // The same term in several languages' lists counts once.
        const bool seen = std::any_of(out.terms.begin(), out.terms.end(),
                                      [&](const TermMatch& m) { return m.category == e.category && m.term == e.term; });
        if (seen) continue;
        out.terms.push_back({e.category, e.language, e.term, e.weight});
        const auto c = static_cast<std::size_t>(e.category);
        if (e.weight > strongest[c]) {
            rest[c] += strongest[c];
            strongest[c] = e.weight;
        } else {
            rest[c] += e.weight;
        }
    }
    for (std::size_t c = 0; c < kCategoryCount; ++c) out.scores[c] = std::min(1.0, strongest[c] + rest[c] / 4);

    DetectPersonalData(text, out.personal_data);
    double personal = 0;
    for (const Detection& d : out.personal_data) {
        const bool identifying = d.kind == PersonalData::kNationalNumber || d.kind == PersonalData::kIban;
        personal = std::max(personal, identifying ? 1.0 : 0.8);
    }
    out.scores[static_cast<std::size_t>(Category::kPersonalData)] = personal;

    // Spam: its lexicon, plus links and repetition.
    out.links = CountLinks(text);
    out.repetitive = Repetitive(normalised.text);
    double& spam = out.scores[static_cast<std::size_t>(Category::kSpam)];
    spam += 0.3 * std::min(out.links, 3) + (out.repetitive ? 0.5 : 0.0);
    spam = std::min(spam, 1.0);
}

Classification Engine::Classify(std::string_view text) const {
    Classification out;
    Classify(text, out);
    return out;
}

}  // namespace belfry::moderation
