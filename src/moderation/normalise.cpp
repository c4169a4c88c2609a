#include "moderation/normalise.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <vector>

namespace belfry::moderation {
namespace {

enum class Kind : std::uint8_t {
    kSeparator,  // ends the word
    kDrop,       // removed without ending the word (combining marks, other default-ignorables)
    kInvisible,  // removed without ending the word, and a signal (zero-width, bidi controls)
    kLetter,     // its folded form (UTF-8, one or more characters)
    kDigit,      // an ASCII digit, with its leetspeak letter
    kSymbol,     // a symbol that stands for a letter inside a word (@ $ € ! | *)
};

struct Entry {
    std::uint32_t offset = 0;  // of the folded form in the pool
    std::uint8_t length = 0;
    Kind kind = Kind::kSeparator;
    char ascii = 0;           // a one-byte folded letter, or the digit
    char leet = 0;            // the letter a digit or symbol stands for
    bool can_lead = false;    // a symbol that may start a word ("$pam", "@ss")
    bool confusable = false;  // folded from another script
};

// The ranges the table covers: everything up to U+2FFF (Latin, Greek, Cyrillic, punctuation,
// letter-like and enclosed alphanumerics), the full-width forms, the Latin ligatures, the
// mathematical alphanumerics.
constexpr UChar32 kTableEnd = 0x3000;
constexpr UChar32 kFullWidthBegin = 0xFF00;
constexpr UChar32 kFullWidthEnd = 0xFFF0;
constexpr UChar32 kLigatureBegin = 0xFB00;
constexpr UChar32 kLigatureEnd = 0xFB50;
constexpr UChar32 kMathBegin = 0x1D400;
constexpr UChar32 kMathEnd = 0x1D800;
constexpr int kFullWidthAt = kTableEnd;
constexpr int kLigatureAt = kFullWidthAt + (kFullWidthEnd - kFullWidthBegin);
constexpr int kMathAt = kLigatureAt + (kLigatureEnd - kLigatureBegin);
constexpr std::size_t kTableSize = kMathAt + (kMathEnd - kMathBegin);

int TableIndex(UChar32 c) {
    if (c >= 0 && c < kTableEnd) return c;
    if (c >= kFullWidthBegin && c < kFullWidthEnd) return kFullWidthAt + (c - kFullWidthBegin);
    if (c >= kLigatureBegin && c < kLigatureEnd) return kLigatureAt + (c - kLigatureBegin);
    if (c >= kMathBegin && c < kMathEnd) return kMathAt + (c - kMathBegin);
    return -1;
}

// Cyrillic and Greek letters (after case folding and accent removal) that look like a Latin one.
char LookAlike(UChar32 c) {
    switch (c) {
        // Cyrillic
        case 0x0430:
            return 'a';
        case 0x0432:
            return 'b';
        case 0x0435:
            return 'e';
        case 0x0456:
            return 'i';
        case 0x0458:
            return 'j';
        case 0x043A:
            return 'k';
        case 0x043C:
            return 'm';
        case 0x043D:
            return 'h';
        case 0x043E:
            return 'o';
        case 0x043F:
            return 'n';
        case 0x0440:
            return 'p';
        case 0x0441:
            return 'c';
        case 0x0442:
            return 't';
        case 0x0443:
            return 'y';
        case 0x0445:
            return 'x';
        case 0x044C:
            return 'b';
        case 0x0455:
            return 's';
        case 0x0501:
            return 'd';
        case 0x051B:
            return 'q';
        case 0x051D:
            return 'w';
        case 0x04BB:
            return 'h';
        case 0x0491:
            return 'r';
        // Greek
        case 0x03B1:
            return 'a';
        case 0x03B2:
            return 'b';
        case 0x03B3:
            return 'y';
        case 0x03B5:
            return 'e';
        case 0x03B6:
            return 'z';
        case 0x03B7:
            return 'n';
        case 0x03B9:
            return 'i';
        case 0x03BA:
            return 'k';
        case 0x03BC:
            return 'u';
        case 0x03BD:
            return 'v';
        case 0x03BF:
            return 'o';
        case 0x03C1:
            return 'p';
        case 0x03C4:
            return 't';
        case 0x03C5:
            return 'u';
        case 0x03C7:
            return 'x';
        case 0x03C9:
            return 'w';
        // Latin letters that are not decomposed by NFKC
        case 0x0131:
            return 'i';
        case 0x0251:
            return 'a';
        case 0x0261:
            return 'g';
        case 0x0269:
            return 'i';
        case 0x00F8:
            return 'o';
        case 0x0142:
            return 'l';
        case 0x0111:
        case 0x00F0:
            return 'd';
        default:
            return 0;
    }
}

// Zero-width and bidirectional controls: removed, and remembered as a signal.
bool IsSuspiciousInvisible(UChar32 c) {
    return c == 0x00AD || c == 0x061C || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF ||
           (c >= 0xE0000 && c <= 0xE007F);
}

bool IsMark(UChar32 c) {
    const auto type = static_cast<UCharCategory>(u_charType(c));
    return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

void AppendUtf8(std::string& out, UChar32 c) {
    std::array<char, U8_MAX_LENGTH> buf{};
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buf.data()), n, U8_MAX_LENGTH, c, error);
    if (!error) out.append(buf.data(), static_cast<std::size_t>(n));
}

class Table {
  public:
    Table() {
        entries_.resize(kTableSize);
        UErrorCode status = U_ZERO_ERROR;
        nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status)) nfkc_cf_ = nullptr;
        status = U_ZERO_ERROR;
        nfd_ = icu::Normalizer2::getNFDInstance(status);
        if (U_FAILURE(status)) nfd_ = nullptr;
        for (UChar32 c = 0; c < kTableEnd; ++c) Build(c);
        for (UChar32 c = kFullWidthBegin; c < kFullWidthEnd; ++c) Build(c);
        for (UChar32 c = kLigatureBegin; c < kLigatureEnd; ++c) Build(c);
        for (UChar32 c = kMathBegin; c < kMathEnd; ++c) Build(c);
    }

    const Entry* Find(UChar32 c) const {
        const int i = TableIndex(c);
        return i < 0 ? nullptr : &entries_[static_cast<std::size_t>(i)];
    }
    const char* Pool() const { return pool_.data(); }

  private:
    void Build(UChar32 c) {
        Entry& e = entries_[static_cast<std::size_t>(TableIndex(c))];
        if (c < 0x80) {
            BuildAscii(static_cast<char>(c), e);
            return;
        }
        if (U_IS_SURROGATE(c)) return;
        if (c == 0x20AC) {  // €
            e.kind = Kind::kSymbol;
            e.leet = 'e';
            e.can_lead = true;
            return;
        }
        if (IsSuspiciousInvisible(c)) {
            e.kind = Kind::kInvisible;
            return;
        }
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || IsMark(c)) {
            e.kind = Kind::kDrop;
            return;
        }
        std::string folded;
        bool confusable = false;
        bool all_alnum = true;
        FoldCodePoint(c, folded, confusable, all_alnum);
        if (folded.empty()) {
            e.kind = u_isalnum(c) ? Kind::kDrop : Kind::kSeparator;
            return;
        }
        if (folded.size() == 1 && folded[0] >= '0' && folded[0] <= '9') {
            e = Ascii(folded[0]);
            return;
        }
        if (u_isalnum(c) || all_alnum) {
            e.kind = Kind::kLetter;
            e.confusable = confusable;
            if (folded.size() == 1) {
                e.ascii = folded[0];
            } else {
                e.offset = static_cast<std::uint32_t>(pool_.size());
                e.length = static_cast<std::uint8_t>(folded.size());
                pool_ += folded;
            }
        }
    }

    // NFKC with case folding, then decomposition without the marks, then the look-alike table.
    void FoldCodePoint(UChar32 c, std::string& folded, bool& confusable, bool& all_alnum) const {
        icu::UnicodeString s(c);
        UErrorCode status = U_ZERO_ERROR;
        if (nfkc_cf_ != nullptr) s = nfkc_cf_->normalize(s, status);
        status = U_ZERO_ERROR;
        if (nfd_ != nullptr) s = nfd_->normalize(s, status);
        for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
            const UChar32 d = s.char32At(i);
            if (IsMark(d) || u_hasBinaryProperty(d, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
            if (!u_isalnum(d)) all_alnum = false;
            if (const char latin = LookAlike(d); latin != 0) {
                folded.push_back(latin);
                confusable = confusable || (d >= 0x0370 && d < 0x0530);
            } else if (d == 0x0153) {
                folded += "oe";
            } else if (d == 0x00E6) {
                folded += "ae";
            } else if (d == 0x00FE) {
                folded += "th";
            } else {
                AppendUtf8(folded, d);
            }
        }
    }

    static Entry Ascii(char c) {
        Entry e;
        BuildAscii(c, e);
        return e;
    }

    static void BuildAscii(char c, Entry& e) {
        static constexpr std::string_view kDigitLeet = "oizeasgtbg";
        if (c >= 'a' && c <= 'z') {
            e.kind = Kind::kLetter;
            e.ascii = c;
        } else if (c >= 'A' && c <= 'Z') {
            e.kind = Kind::kLetter;
            e.ascii = static_cast<char>(c - 'A' + 'a');
        } else if (c >= '0' && c <= '9') {
            e.kind = Kind::kDigit;
            e.ascii = c;
            e.leet = kDigitLeet[static_cast<std::size_t>(c - '0')];
        } else if (c == '@' || c == '$') {
            e.kind = Kind::kSymbol;
            e.leet = c == '@' ? 'a' : 's';
            e.can_lead = true;
        } else if (c == '!' || c == '|' || c == '*') {
            e.kind = Kind::kSymbol;
            e.leet = c == '!' ? 'i' : (c == '|' ? 'l' : '*');
        } else {
            e.kind = Kind::kSeparator;
        }
    }

    std::vector<Entry> entries_;
    std::string pool_;
    const icu::Normalizer2* nfkc_cf_ = nullptr;
    const icu::Normalizer2* nfd_ = nullptr;
};

const Table& TheTable() {
    static const Table table;
    return table;
}

bool AsciiLetter(std::uint8_t c) { return static_cast<std::uint8_t>((c | 0x20) - 'a') < 26; }

// One character of the word being read.
struct Item {
    const char* bytes = nullptr;  // the folded form (letters)
    std::uint8_t length = 0;
    Kind kind = Kind::kLetter;
    char ascii = 0;  // ASCII letter, digit, or the leet letter of a symbol
    char leet = 0;
    bool can_lead = false;
    std::int32_t slow = -1;  // index of its bytes in the slow path's buffer
};

class Writer {
  public:
    explicit Writer(Normalised& out) : out_(out) {}

    void Word(const std::vector<Item>& items) {
        if (items.empty()) return;
        std::size_t last_letter = items.size();
        std::size_t first_letter = items.size();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (items[i].kind == Kind::kLetter) {
                last_letter = i;
                if (first_letter == items.size()) first_letter = i;
            }
        }
        const bool has_letter = last_letter != items.size();
        const std::size_t start = out_.text.size();
        prev_ = 0;
        bool split_digits = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Item& it = items[i];
            switch (it.kind) {
                case Kind::kLetter:
                    if (it.bytes != nullptr && static_cast<unsigned char>(it.bytes[0]) < 0x80) {
                        for (std::uint8_t k = 0; k < it.length; ++k) Put(it.bytes[k]);  // "ß" → "ss" → "s"
                    } else if (it.bytes != nullptr) {
                        out_.text.append(it.bytes, it.length);
                        prev_ = 0;
                    } else {
                        Put(it.ascii);
                    }
                    break;
                case Kind::kDigit:
                    if (has_letter && i < last_letter) {
                        Put(it.leet);
                        out_.leet = true;
                    } else {
                        if (has_letter && !split_digits) {
                            out_.text.push_back(' ');
                            split_digits = true;
                        }
                        out_.text.push_back(it.ascii);
                        prev_ = 0;
                    }
                    break;
                case Kind::kSymbol: {
                    const bool inside =
                        has_letter && i < last_letter &&
                        (it.can_lead || i > first_letter || (i > 0 && items[i - 1].kind == Kind::kDigit));
                    if (inside) {
                        Put(it.leet);
                        out_.leet = true;
                    }
                    break;
                }
                default:
                    break;
            }
        }
        EndWord(start);
    }

    // A word of ASCII letters only, straight from the input (the common case, no items).
    void PlainWord(const char* bytes, std::size_t n) {
        const std::size_t start = out_.text.size();
        prev_ = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = bytes[k];
            Put(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        }
        EndWord(start);
    }

    void Finish() { CloseRun(); }

  private:
    void EndWord(std::size_t start) {
        const std::size_t length = out_.text.size() - start;
        if (length == 0) return;
        const bool single = length == 1 && out_.text[start] >= 'a' && out_.text[start] <= 'z';
        if (single) {
            if (run_count_ == 0) run_start_ = start;
            ++run_count_;
        } else {
            CloseRun();
        }
        out_.text.push_back(' ');
    }

    // Repeated letters: consonants once ("connnard", "connard" → "conard"), vowels once when three or
    // more ("noooon" → "non") and twice when two ("kaas", "negeer" are kept).
    void Put(char c) {
        const bool letter = (c >= 'a' && c <= 'z') || c == '*';
        if (letter && c == prev_) {
            ++run_;
            if (!IsVowel(c)) return;
            if (run_ == 3) out_.text.pop_back();
            if (run_ >= 3) return;
        } else {
            run_ = 1;
        }
        out_.text.push_back(c);
        prev_ = c;
    }

    static bool IsVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == '*';
    }

    // Joins a run of three or more single letters ("k u t " → "kut ") that ends before `end`.
    void CloseRun() {
        if (run_count_ >= 3) {
            std::string joined;
            joined.reserve(run_count_ + 1);
            char prev = 0;
            int run = 0;
            for (std::size_t k = 0; k < run_count_; ++k) {
                const char c = out_.text[run_start_ + 2 * k];
                run = c == prev ? run + 1 : 1;
                prev = c;
                if (run >= 2 && (!IsVowel(c) || run >= 3)) {
                    if (run == 3 && IsVowel(c)) joined.pop_back();
                    continue;
                }
                joined.push_back(c);
            }
            joined.push_back(' ');
            out_.text.replace(run_start_, 2 * run_count_, joined);
            out_.separated = true;
        }
        run_count_ = 0;
    }

    Normalised& out_;
    char prev_ = 0;
    int run_ = 0;
    std::size_t run_start_ = 0;
    std::size_t run_count_ = 0;
};

}  // namespace

void Normalise(std::string_view utf8, Normalised& out) {
    const Table& table = TheTable();
    out.text.clear();
    out.text.reserve(utf8.size() + 2);
    out.text.push_back(' ');
    out.invisible = out.confusable = out.leet = out.separated = false;

    thread_local std::vector<Item> word;
    thread_local std::string slow;  // folded forms of characters outside the table (stable per word)
    word.clear();
    slow.clear();
    Writer writer(out);
    const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto n = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    std::vector<std::pair<std::size_t, std::size_t>> slow_spans;  // only allocated on the slow path
    auto end_word = [&]() {
        if (!slow_spans.empty()) {
            // Point the slow items at their bytes now that `slow` no longer grows.
            for (Item& it : word) {
                if (it.slow >= 0) {
                    const auto& span = slow_spans[static_cast<std::size_t>(it.slow)];
                    it.bytes = slow.data() + span.first;
                    it.length = static_cast<std::uint8_t>(span.second);
                }
            }
            slow_spans.clear();
        }
        writer.Word(word);
        word.clear();
        slow.clear();
    };
    while (i < n) {
        UChar32 c = s[i];
        if (word.empty() && AsciiLetter(s[i])) {
            // Fast path: a word of ASCII letters followed by an ASCII separator or the end.
            int32_t j = i + 1;
            while (j < n && AsciiLetter(s[j])) ++j;
            if (j == n || table.Find(s[j])->kind == Kind::kSeparator) {
                writer.PlainWord(reinterpret_cast<const char*>(s + i), static_cast<std::size_t>(j - i));
                i = j;
                continue;
            }
        }
        if (c < 0x80) {
            ++i;
        } else {
            U8_NEXT(s, i, n, c);
            if (c < 0) {
                end_word();
                continue;
            }
        }
        const Entry* e = table.Find(c);
        if (e == nullptr) {
            // Outside the table: CJK, emoji, other scripts. Letters and digits are kept case-folded.
            if (IsSuspiciousInvisible(c)) {
                out.invisible = true;
            } else if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || IsMark(c)) {
                // dropped
            } else if (u_isalnum(c)) {
                const std::size_t at = slow.size();
                AppendUtf8(slow, u_foldCase(c, U_FOLD_CASE_DEFAULT));
                slow_spans.emplace_back(at, slow.size() - at);
                word.push_back(
                    Item{nullptr, 0, Kind::kLetter, 0, 0, false, static_cast<std::int32_t>(slow_spans.size() - 1)});
            } else {
                end_word();
            }
            continue;
        }
        switch (e->kind) {
            case Kind::kSeparator:
                end_word();
                break;
            case Kind::kDrop:
                break;
            case Kind::kInvisible:
                out.invisible = true;
                break;
            case Kind::kLetter:
                if (e->length == 0) {
                    word.push_back(Item{nullptr, 0, Kind::kLetter, e->ascii, 0, false, -1});
                } else {
                    word.push_back(Item{table.Pool() + e->offset, e->length, Kind::kLetter, 0, 0, false, -1});
                }
                out.confusable = out.confusable || e->confusable;
                break;
            case Kind::kDigit:
                word.push_back(Item{nullptr, 0, Kind::kDigit, e->ascii, e->leet, false, -1});
                break;
            case Kind::kSymbol:
                word.push_back(Item{nullptr, 0, Kind::kSymbol, e->leet, e->leet, e->can_lead, -1});
                break;
        }
    }
    end_word();
    writer.Finish();
}

Normalised Normalise(std::string_view utf8) {
    Normalised out;
    Normalise(utf8, out);
    return out;
}

}  // namespace belfry::moderation
