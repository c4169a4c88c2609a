#include "inbox/search_text.hpp"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

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

// Calls fn(folded, lowered) for each word of text, in order, until fn returns false. folded: as
// core::FoldForMatch gives it; lowered: case-folded with its accents (NFC), the same string when the
// word had none.
template <class Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
    if (text.size() > kMaxSearchInput) {
        std::size_t n = kMaxSearchInput;
        while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
        text = text.substr(0, n);
    }
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
            return;
        }
    }
    flush();
}

// Calls add(stem) for the stems of a word in one language: of the word as written (folded after),
// and of the folded word when it had accents.
template <class Add>
void AddStems(std::size_t language, std::string_view folded, std::string_view lowered, Add&& add) {
    Stemmers& stemmers = ThreadStemmers();
    const std::string_view stem = stemmers.Stem(language, lowered);
    if (IsAscii(stem)) {
        add(stem);
    } else {
        const std::string refolded = core::FoldForMatch(stem);
        if (refolded.find(' ') == std::string::npos) add(refolded);
    }
    if (lowered != folded) add(stemmers.Stem(language, folded));
}

}  // namespace

std::string SearchText(std::string_view text, std::string_view language) {
    const int only = LanguageIndex(language);
    // The tokens emitted so far point into `buffer`, which never grows past its reserve.
    thread_local std::string buffer;
    thread_local std::unordered_set<std::string_view> emitted;
    constexpr std::size_t kReserve = kMaxSearchText + 9 * (kMaxSearchWord + 1);
    buffer.clear();
    buffer.reserve(kReserve);
    emitted.clear();
    auto add = [&](std::string_view token) {
        if (token.empty() || token.size() > kMaxSearchWord || emitted.contains(token)) return;
        if (!buffer.empty()) buffer += ' ';
        const std::size_t at = buffer.size();
        buffer.append(token);
        emitted.insert(std::string_view(buffer).substr(at));
    };
    ForEachWord(text, [&](std::string_view folded, std::string_view lowered) {
        if (folded.size() > kMaxSearchWord || emitted.contains(folded)) return true;
        add(folded);
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
