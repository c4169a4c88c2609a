#include "inbox/search_text.hpp"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "core/fold.hpp"

namespace belfry::inbox {

namespace {

// Snowball algorithms, in core::kLanguages order.
constexpr std::array<const char*, 4> kAlgorithms{"french", "dutch", "german", "english"};

int LanguageIndex(std::string_view language) {
    if (language == "fr") return 0;
    if (language == "nl") return 1;
    if (language == "de") return 2;
    if (language == "en") return 3;
    return -1;
}

// sb_stemmer keeps its state in the object: one set per thread.
class Stemmers {
  public:
    Stemmers() {
        for (std::size_t i = 0; i < kAlgorithms.size(); ++i) stemmers_[i] = sb_stemmer_new(kAlgorithms[i], "UTF_8");
    }
    ~Stemmers() {
        for (auto* s : stemmers_) {
            if (s != nullptr) sb_stemmer_delete(s);
        }
    }
    Stemmers(const Stemmers&) = delete;
    Stemmers& operator=(const Stemmers&) = delete;

    // The stem of a lower-case word; valid until the next call for the same language.
    std::string_view Stem(std::size_t language, std::string_view word) {
        sb_stemmer* s = stemmers_[language];
        if (s == nullptr) return word;
        const sb_symbol* out =
            sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
        if (out == nullptr) return word;
        return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s))};
    }

  private:
    std::array<sb_stemmer*, 4> stemmers_{};
};

Stemmers& ThreadStemmers() {
    thread_local Stemmers stemmers;
    return stemmers;
}

bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Calls fn(folded, lowered) for each word of an ICU-read chunk, until fn returns false (then
// returns false). folded: as core::FoldForMatch gives it; lowered: case-folded with its accents
// (NFC), the same string when the word had none.
template <class Fn>
bool ForEachIcuWord(std::string_view text, Fn& fn) {
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    u.foldCase();
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = U_SUCCESS(status) ? icu::Normalizer2::getNFCInstance(status) : nullptr;
    if (U_SUCCESS(status) && nfd->spanQuickCheckYes(u, status) < u.length()) {
        icu::UnicodeString decomposed = nfd->normalize(u, status);
        if (U_SUCCESS(status)) u = std::move(decomposed);
    }
    icu::UnicodeString folded;
    icu::UnicodeString accented;
    bool marks = false;
    std::string folded8;
    std::string accented8;
    auto flush = [&]() -> bool {
        if (folded.isEmpty()) return true;
        folded8.clear();
        folded.toUTF8String(folded8);
        bool more = true;
        if (marks && nfc != nullptr) {
            UErrorCode s = U_ZERO_ERROR;
            const icu::UnicodeString composed = nfc->normalize(accented, s);
            accented8.clear();
            (U_SUCCESS(s) ? composed : folded).toUTF8String(accented8);
            more = fn(std::string_view(folded8), std::string_view(accented8));
        } else {
            more = fn(std::string_view(folded8), std::string_view(folded8));
        }
        folded.remove();
        accented.remove();
        marks = false;
        return more;
    };
    for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        const int8_t type = u_charType(c);
        if (type == U_FORMAT_CHAR) continue;  // zero-width, soft hyphen, bidi controls: inside the word
        if (u_getCombiningClass(c) != 0 || type == U_NON_SPACING_MARK) {
            if (!folded.isEmpty()) {
                accented.append(c);
                marks = true;
            }
            continue;
        }
        if (u_isalnum(c)) {
            folded.append(c);
            accented.append(c);
        } else if (!flush()) {
            return false;
        }
    }
    return flush();
}

bool IsAsciiSeparator(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'));
}

// What reading one character with ICU (ForEachIcuWord) does, for the non-ASCII characters of
// everyday Western European text: Latin-1 (U+0080–U+00FF) and general punctuation (U+2000–U+206F).
// Computed with ICU once, so that the fast path gives exactly what ICU gives.
struct CharRule {
    enum Kind : std::uint8_t { kFallback, kLetter, kSeparator, kIgnore } kind = kFallback;
    std::string folded;
    std::string lowered;
};

std::string Utf8(UChar32 cp) {
    std::string out;
    icu::UnicodeString(cp).toUTF8String(out);
    return out;
}

CharRule RuleOf(UChar32 cp) {
    CharRule rule;
    const int8_t type = u_charType(cp);
    if (type == U_FORMAT_CHAR) {
        rule.kind = CharRule::kIgnore;
        return rule;
    }
    if (u_getCombiningClass(cp) != 0 || type == U_NON_SPACING_MARK) return rule;  // combines: ICU
    int words = 0;
    auto collect = [&](std::string_view folded, std::string_view lowered) {
        ++words;
        rule.folded = folded;
        rule.lowered = lowered;
        return true;
    };
    ForEachIcuWord(Utf8(cp), collect);
    rule.kind = words == 0 ? CharRule::kSeparator : words == 1 ? CharRule::kLetter : CharRule::kFallback;
    return rule;
}

struct CharRules {
    std::array<CharRule, 0x80> latin1;       // U+0080–U+00FF
    std::array<CharRule, 0x70> punctuation;  // U+2000–U+206F
    CharRules() {
        for (UChar32 cp = 0x80; cp < 0x100; ++cp) latin1[static_cast<std::size_t>(cp - 0x80)] = RuleOf(cp);
        for (UChar32 cp = 0x2000; cp < 0x2070; ++cp) {
            punctuation[static_cast<std::size_t>(cp - 0x2000)] = RuleOf(cp);
        }
    }
};

const CharRules& Rules() {
    static const CharRules rules;
    return rules;
}

// The rule of the character at s[i] (not ASCII) and its length in bytes; nullptr when the fast path
// does not know it (another script, a combining mark, invalid UTF-8).
const CharRule* RuleAt(std::string_view s, std::size_t i, std::size_t& length) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto continuation = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    };
    const CharRule* rule = nullptr;
    if ((b0 == 0xC2 || b0 == 0xC3) && continuation(1)) {
        const auto cp = static_cast<std::size_t>(((b0 & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F));
        rule = &Rules().latin1[cp - 0x80];
        length = 2;
    } else if (b0 == 0xE2 && continuation(1) && continuation(2)) {
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        const auto cp = static_cast<std::size_t>(((b1 & 0x3F) << 6) | (static_cast<unsigned char>(s[i + 2]) & 0x3F));
        if ((b1 == 0x80 || b1 == 0x81) && cp < 0x70) rule = &Rules().punctuation[cp];
        length = 3;
    }
    return rule != nullptr && rule->kind != CharRule::kFallback ? rule : nullptr;
}

// Reads a run without ASCII separators through the rules; false (nothing called) when a character
// needs ICU.
template <class Fn>
bool ForEachFastWord(std::string_view run, Fn& fn, bool& more, std::string& folded, std::string& lowered) {
    for (std::size_t i = 0; i < run.size();) {
        if (static_cast<unsigned char>(run[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        if (RuleAt(run, i, length) == nullptr) return false;
        i += length;
    }
    folded.clear();
    lowered.clear();
    bool accents = false;
    auto flush = [&]() {
        if (folded.empty()) return true;
        const bool go = fn(std::string_view(folded), accents ? std::string_view(lowered) : std::string_view(folded));
        folded.clear();
        lowered.clear();
        accents = false;
        return go;
    };
    for (std::size_t i = 0; i < run.size();) {
        const char c = run[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
            folded += l;
            lowered += l;
            ++i;
            continue;
        }
        std::size_t length = 0;
        const CharRule* rule = RuleAt(run, i, length);
        i += length;
        if (rule->kind == CharRule::kLetter) {
            folded += rule->folded;
            lowered += rule->lowered;
            accents = accents || rule->folded != rule->lowered;
        } else if (rule->kind == CharRule::kSeparator && !flush()) {
            more = false;
            return true;
        }
    }
    more = flush();
    return true;
}

// Calls fn(folded, lowered) for each word of text, in order, until fn returns false. ASCII
// punctuation and spaces separate words whatever the script; a run between them made of ASCII,
// Latin-1 and general punctuation is read here (CharRules), any other run through ICU — the same
// words as reading the whole text with ICU: folding and decomposition work character by character,
// and combining marks always go through ICU.
template <class Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
    if (text.size() > kMaxSearchInput) {
        std::size_t n = kMaxSearchInput;
        while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
        text = text.substr(0, n);
    }
    std::string folded;
    std::string lowered;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && IsAsciiSeparator(text[i])) ++i;
        const std::size_t start = i;
        bool ascii = true;
        while (i < text.size() && !IsAsciiSeparator(text[i])) {
            if (static_cast<unsigned char>(text[i]) >= 0x80) ascii = false;
            ++i;
        }
        if (i == start) continue;
        const std::string_view run = text.substr(start, i - start);
        if (ascii) {
            folded.assign(run);
            for (char& c : folded) {
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            }
            if (!fn(std::string_view(folded), std::string_view(folded))) return;
            continue;
        }
        bool more = true;
        if (ForEachFastWord(run, fn, more, folded, lowered)) {
            if (!more) return;
        } else if (!ForEachIcuWord(run, fn)) {
            return;
        }
    }
}

std::uint64_t Fnv(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h ^ (h >> 29);
}

// word → folded stem for one language: open addressing in one array (short strings live in their
// slots), cleared when it reaches kMaxSlots / 2 words.
class StemCache {
  public:
    const std::string* Find(std::string_view word, std::uint64_t h) const {
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            const Slot& s = slots_[i];
            if (!s.used) return nullptr;
            if (s.hash == h && s.word == word) return &s.stem;
        }
    }
    const std::string& Add(std::string_view word, std::uint64_t h, std::string stem) {
        if (2 * (used_ + 1) > slots_.size()) {
            if (slots_.size() >= kMaxSlots) {
                slots_.assign(kInitialSlots, Slot{});
                used_ = 0;
            } else {
                Grow();
            }
        }
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& s = slots_[i];
            if (!s.used) {
                s = Slot{h, true, std::string(word), std::move(stem)};
                ++used_;
                return s.stem;
            }
        }
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        bool used = false;
        std::string word;
        std::string stem;
    };
    static constexpr std::size_t kInitialSlots = 1 << 14;
    static constexpr std::size_t kMaxSlots = 1 << 18;
    void Grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (Slot& s : old) {
            if (!s.used) continue;
            for (std::size_t i = s.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
                if (!slots_[i].used) {
                    slots_[i] = std::move(s);
                    break;
                }
            }
        }
    }
    std::vector<Slot> slots_ = std::vector<Slot>(kInitialSlots);
    std::size_t used_ = 0;
};

// The folded stem of a lower-case word in one language ("" when it cannot be a single word), from a
// per-thread cache: citizens use the same few thousand words again and again.
const std::string& FoldedStem(std::size_t language, std::string_view word) {
    thread_local std::array<StemCache, 4> caches;
    auto& cache = caches[language];
    const std::uint64_t h = Fnv(word);
    if (const std::string* found = cache.Find(word, h)) return *found;
    const std::string_view stem = ThreadStemmers().Stem(language, word);
    std::string folded;
    if (IsAscii(stem)) {
        folded.assign(stem);
    } else {
        folded = core::FoldForMatch(stem);
        if (folded.find(' ') != std::string::npos) folded.clear();
    }
    return cache.Add(word, h, std::move(folded));
}

// Calls add(stem) for the stems of a word in one language: of the word as written (folded after),
// and of the folded word when it had accents. A stem that is no single word is replaced by the word.
template <class Add>
void AddStems(std::size_t language, std::string_view folded, std::string_view lowered, Add&& add) {
    const std::string& stem = FoldedStem(language, lowered);
    add(stem.empty() ? folded : std::string_view(stem));
    if (lowered != folded) {
        const std::string& plain = FoldedStem(language, folded);
        add(plain.empty() ? folded : std::string_view(plain));
    }
}

}  // namespace

namespace {

// The tokens already in the indexed form: open addressing over offsets into the buffer (no
// allocation per token; reused by the thread).
class TokenSet {
  public:
    void Reset() {
        if (slots_.size() > kInitial || ++generation_ == 0) {
            slots_.assign(kInitial, Slot{});
            generation_ = 1;
        }
        used_ = 0;
    }
    // True when `token` (already at buffer[at, at + size)) was not in the set; it is then added.
    bool Insert(const std::string& buffer, std::uint32_t at, std::uint32_t size) {
        if (2 * (used_ + 1) > slots_.size()) Grow();
        const std::string_view token(buffer.data() + at, size);
        const std::uint64_t h = Fnv(token);
        for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& s = slots_[i];
            if (s.generation != generation_) {
                s = Slot{h, at, size, generation_};
                ++used_;
                return true;
            }
            if (s.hash == h && std::string_view(buffer.data() + s.at, s.size) == token) return false;
        }
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t at = 0;
        std::uint32_t size = 0;
        std::uint32_t generation = 0;  // in use when equal to the set's generation
    };
    static constexpr std::size_t kInitial = 256;
    void Grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.generation != generation_) continue;
            for (std::size_t i = s.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
                if (slots_[i].generation != generation_) {
                    slots_[i] = s;
                    break;
                }
            }
        }
    }
    std::vector<Slot> slots_ = std::vector<Slot>(kInitial);
    std::uint32_t generation_ = 1;
    std::size_t used_ = 0;
};

}  // namespace

std::string SearchText(std::string_view text, std::string_view language) {
    const int only = LanguageIndex(language);
    thread_local std::string buffer;  // the stems, space-separated
    thread_local TokenSet emitted;
    thread_local std::string words;  // the distinct words seen
    thread_local TokenSet seen;
    buffer.clear();
    emitted.Reset();
    words.clear();
    seen.Reset();
    // Appends token to out (after a space) and keeps it when it is new to the set.
    auto append = [](std::string& out, TokenSet& set, std::string_view token) {
        const std::size_t before = out.size();
        if (before > 0) out += ' ';
        const auto at = static_cast<std::uint32_t>(out.size());
        out.append(token);
        if (set.Insert(out, at, static_cast<std::uint32_t>(token.size()))) return true;
        out.resize(before);
        return false;
    };
    auto add = [&](std::string_view stem) {
        if (!stem.empty() && stem.size() <= kMaxSearchWord) append(buffer, emitted, stem);
    };
    ForEachWord(text, [&](std::string_view folded, std::string_view lowered) {
        if (folded.size() > kMaxSearchWord || !append(words, seen, folded)) return true;  // too long, or seen
        if (only >= 0) {
            AddStems(static_cast<std::size_t>(only), folded, lowered, add);
        } else {
            for (std::size_t l = 0; l < kAlgorithms.size(); ++l) AddStems(l, folded, lowered, add);
        }
        return buffer.size() < kMaxSearchText;
    });
    if (buffer.size() > kMaxSearchText) {
        const std::size_t cut = buffer.rfind(' ', kMaxSearchText);
        buffer.resize(cut == std::string::npos ? 0 : cut);
    }
    return buffer;
}

std::vector<std::vector<std::string>> SearchQuery(std::string_view q) {
    std::vector<std::vector<std::string>> out;
    ForEachWord(q, [&](std::string_view folded, std::string_view lowered) {
        if (folded.size() > kMaxSearchWord) return true;
        for (const auto& group : out) {
            if (group.front() == folded) return true;
        }
        std::vector<std::string> alternatives{std::string(folded)};
        auto add = [&](std::string_view token) {
            if (token.empty() || token.size() > kMaxSearchWord) return;
            if (std::find(alternatives.begin(), alternatives.end(), token) == alternatives.end()) {
                alternatives.emplace_back(token);
            }
        };
        for (std::size_t l = 0; l < kAlgorithms.size(); ++l) AddStems(l, folded, lowered, add);
        out.push_back(std::move(alternatives));
        return out.size() < kMaxQueryWords;
    });
    return out;
}

}  // namespace belfry::inbox
