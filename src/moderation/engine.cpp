#include "moderation/engine.hpp"

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

// http(s)://… and www.… ("https://www.x" counts once): every "://", and every "www." that does not
// directly follow one. ':' is rare in comments and 'w' is found by memchr, so this is one quick pass
// (three memmem passes before).
int CountLinks(std::string_view text) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    int links = 0;
    for (const char* at = begin; at < end;) {
        const auto* colon = static_cast<const char*>(std::memchr(at, ':', static_cast<std::size_t>(end - at)));
        if (colon == nullptr) break;
        if (end - colon >= 3 && colon[1] == '/' && colon[2] == '/') ++links;
        at = colon + 1;
    }
    for (const char* at = begin; at < end;) {
        const auto* w = static_cast<const char*>(std::memchr(at, 'w', static_cast<std::size_t>(end - at)));
        if (w == nullptr || end - w < 4) break;
        if (w[1] == 'w' && w[2] == 'w' && w[3] == '.') {
            const bool after_scheme = w - begin >= 3 && w[-3] == ':' && w[-2] == '/' && w[-1] == '/';
            if (!after_scheme) ++links;
            at = w + 4;
        } else {
            at = w + 1;
        }
    }
    return links;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
constexpr std::uint64_t kSpaces = 0x2020202020202020ULL;

// The 8 bytes of `text` at `at`, padded with spaces past its end.
std::uint64_t Load(std::string_view text, std::size_t at) {
    std::uint64_t chunk = kSpaces;
    if (at + 8 <= text.size()) {
        std::memcpy(&chunk, text.data() + at, 8);  // one load (a variable-length copy would stall it)
    } else {
        std::memcpy(&chunk, text.data() + at, text.size() - at);
    }
    return chunk;
}

// The first `length` (< 8) bytes of a little-endian chunk, the others zero.
std::uint64_t Low(std::uint64_t chunk, std::size_t length) { return chunk & ((std::uint64_t{1} << (8 * length)) - 1); }

// The index of the first space in a chunk, or 8.
std::size_t FirstSpace(std::uint64_t chunk) {
    const std::uint64_t x = chunk ^ kSpaces;  // spaces become zero bytes
    const std::uint64_t zero = (x - kOnes) & ~x & kHighs;
    return zero == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(zero)) / 8;
}

// A quick 64-bit hash of a word, 8 bytes at a time (only compared with the other words).
std::uint64_t Mix(std::uint64_t h, std::uint64_t chunk) {
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}
std::uint64_t MixTail(std::uint64_t h, std::uint64_t tail) {
    h = (h ^ tail) * 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

// At least 6 words, and no more than 40 % of them distinct: "crypto crypto crypto …". Words are
// counted by their hash in a small open-addressing set (the first 256 words), no sorting; the set
// is per thread and emptied by a generation number, not by clearing it. The text is read 8 bytes at
// a time: a word of up to 7 letters (most) is one load, one space search and one multiplication.
bool Repetitive(std::string_view normalised) {
    constexpr std::size_t kSlots = 512;  // power of two, twice the words counted
    constexpr std::size_t kMaxWords = 256;
    struct Set {
        std::array<std::uint64_t, kSlots> keys{};
        std::array<std::uint32_t, kSlots> generation{};
        std::uint32_t current = 0;
    };
    thread_local Set set;
    if (++set.current == 0) {  // wrapped: start afresh
        set.generation.fill(0);
        set.current = 1;
    }
    std::size_t words = 0;
    std::size_t distinct = 0;
    const std::size_t n = normalised.size();
    std::size_t at = 0;
    while (words < kMaxWords) {
        while (at < n && normalised[at] == ' ') ++at;
        if (at == n) break;
        // The word's chunks: full ones while no space is in them, then the tail.
        std::uint64_t chunk = Load(normalised, at);
        std::size_t length = FirstSpace(chunk);
        std::uint64_t h = 0;
        if (length < 8) {
            h = MixTail(length * 0x9E3779B97F4A7C15ULL, Low(chunk, length));
        } else {
            std::size_t end = at + 8;
            while (end < n && normalised[end] != ' ') ++end;
            length = end - at;
            h = length * 0x9E3779B97F4A7C15ULL;
            std::size_t i = 0;
            for (; i + 8 <= length; i += 8) h = Mix(h, Load(normalised, at + i));
            if (i < length) h = MixTail(h, Low(Load(normalised, at + i), length - i));
        }
        for (std::size_t slot = h & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
            if (set.generation[slot] != set.current) {
                set.generation[slot] = set.current;
                set.keys[slot] = h;
                ++distinct;
                break;
            }
            if (set.keys[slot] == h) break;
        }
        ++words;
        at += length;
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

core::Result<std::shared_ptr<const Engine>> Engine::Create(std::vector<LexiconEntry> extra,
                                                           const std::vector<AllowEntry>& allow) {
    BELFRY_ASSIGN_OR_RETURN(entries, BuiltInLexiconEntries());
    entries.insert(entries.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    return FromEntries(std::move(entries), allow);
}

core::Result<std::shared_ptr<const Engine>> Engine::FromEntries(std::vector<LexiconEntry> entries,
                                                                const std::vector<AllowEntry>& allow) {
    std::vector<Allowed> allowed;
    for (const auto& a : allow) {
        if (a.word.find('*') != std::string::npos) {
            return core::Error::Invalid("word", "the allowed word '" + a.word +
                                                    "' contains '*': allowed words are matched whole, write the "
                                                    "word itself");
        }
        std::string pattern = Normalise(a.word).text;
        if (pattern.size() <= 1) {
            return core::Error::Invalid("word", "the allowed word '" + a.word + "' has no letters or digits");
        }
        allowed.push_back({a.category, a.language, std::move(pattern)});
    }
    BELFRY_ASSIGN_OR_RETURN(lexicon, Lexicon::Compile(std::move(entries)));
    std::shared_ptr<Engine> engine(new Engine(std::move(lexicon)));
    engine->allow_ = std::move(allowed);
    return std::shared_ptr<const Engine>(std::move(engine));
}

// A term counts when it occurs somewhere outside the allowed words that cover it: the words are
// blanked out ('_', which no term contains) in a copy of the text and that copy scanned again.
// Only when a hit is covered by an allowed word that is in the text (rare), so the common path
// pays one comparison per hit. Hits covered by different sets of allowed words are checked
// separately, so a word allowed for one category or language does not hide another's terms.
void Engine::ApplyAllowList(const std::string& normalised, std::vector<std::uint32_t>& hits,
                            std::vector<std::uint32_t>& allowed) const {
    auto covers = [&](const Allowed& a, const LexiconEntry& e) {
        return a.category == e.category && (a.language.empty() || e.language.empty() || a.language == e.language);
    };
    std::vector<std::int8_t> presence(allow_.size(), -1);  // looked up once per word, when needed
    auto present = [&](std::size_t w) {
        if (presence[w] < 0) presence[w] = normalised.find(allow_[w].pattern) != std::string::npos ? 1 : 0;
        return presence[w] == 1;
    };
    // The hits grouped by the allowed words in the text that cover them.
    struct Group {
        std::vector<std::size_t> words;
        std::vector<std::size_t> hit_indices;
    };
    std::vector<Group> groups;
    for (std::size_t h = 0; h < hits.size(); ++h) {
        const LexiconEntry& e = lexicon_->entry(hits[h]);
        std::vector<std::size_t> words;
        for (std::size_t w = 0; w < allow_.size(); ++w) {
            if (covers(allow_[w], e) && present(w)) words.push_back(w);
        }
        if (words.empty()) continue;
        auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.words == words; });
        if (group == groups.end()) group = groups.insert(groups.end(), Group{std::move(words), {}});
        group->hit_indices.push_back(h);
    }
    if (groups.empty()) return;
    std::vector<bool> drop(hits.size(), false);
    std::string masked;
    std::vector<std::uint32_t> found;
    for (const Group& g : groups) {
        masked = normalised;
        for (const std::size_t w : g.words) {
            const std::string& pattern = allow_[w].pattern;
            for (std::size_t at = masked.find(pattern); at != std::string::npos;
                 at = masked.find(pattern, at + pattern.size() - 1)) {
                std::fill(masked.begin() + static_cast<std::ptrdiff_t>(at + 1),
                          masked.begin() + static_cast<std::ptrdiff_t>(at + pattern.size() - 1), '_');
            }
        }
        found.clear();
        lexicon_->Scan(masked, found);
        for (const std::size_t h : g.hit_indices) {
            if (std::find(found.begin(), found.end(), hits[h]) == found.end()) drop[h] = true;
        }
    }
    std::size_t kept = 0;
    for (std::size_t h = 0; h < hits.size(); ++h) {
        if (drop[h]) {
            allowed.push_back(hits[h]);
        } else {
            hits[kept++] = hits[h];
        }
    }
    hits.resize(kept);
}

void Engine::Classify(std::string_view text, Classification& out) const {
    thread_local Normalised normalised;
    thread_local std::vector<std::uint32_t> hits;
    thread_local std::vector<std::uint32_t> seen;
    thread_local std::vector<std::uint32_t> allowed;
    seen.clear();
    allowed.clear();
    out.scores.fill(0);
    if (out.model_used) {
        out.model_used = false;
        out.rule_scores.fill(0);
        out.model_scores.fill(0);
    }
    out.terms.clear();
    out.allowed_terms.clear();
    out.personal_data.clear();

    Normalise(text, normalised);
    out.invisible = normalised.invisible;
    out.confusable = normalised.confusable;
    out.leet = normalised.leet;

    hits.clear();
    lexicon_->Scan(normalised.text, hits);
    if (!allow_.empty() && !hits.empty()) {
        ApplyAllowList(normalised.text, hits, allowed);
        for (const std::uint32_t id : allowed) {
            const LexiconEntry& e = lexicon_->entry(id);
            out.allowed_terms.push_back({e.category, e.language, e.term, e.weight, id});
        }
    }
    // Per category: the strongest hit, and a quarter of each further one, at most 1.
    std::array<double, kCategoryCount> strongest{};
    std::array<double, kCategoryCount> rest{};
    for (const std::uint32_t id : hits) {
        // The same term in several languages' lists counts once (the lexicon numbers them alike).
        const std::uint32_t canonical = lexicon_->canonical(id);
        if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
        seen.push_back(canonical);
        const LexiconEntry& e = lexicon_->entry(id);
        out.terms.push_back({e.category, e.language, e.term, e.weight, id});
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
