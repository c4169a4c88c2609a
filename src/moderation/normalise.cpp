#include "moderation/normalise.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
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

// Writes the normalised words into out.text through a raw pointer: the string is sized once (the
// input's length is nearly always enough; Reserve grows it otherwise) and cut to length at the end,
// so no per-character capacity checks.
class Writer {
  public:
    explicit Writer(Normalised& out, std::size_t expected) : out_(out) {
        if (out_.text.size() < expected) out_.text.resize(expected);
        data_ = out_.text.data();
        capacity_ = out_.text.size();
        data_[length_++] = ' ';
    }

    void Word(const std::vector<Item>& items) {
        if (items.empty()) return;
        std::size_t last_letter = items.size();
        std::size_t first_letter = items.size();
        std::size_t bytes = 2;  // a space between letters and trailing digits, and the one after the word
        for (std::size_t i = 0; i < items.size(); ++i) {
            bytes += items[i].bytes != nullptr ? items[i].length : 1;
            if (items[i].kind == Kind::kLetter) {
                last_letter = i;
                if (first_letter == items.size()) first_letter = i;
            }
        }
        Reserve(bytes);
        const bool has_letter = last_letter != items.size();
        const std::size_t start = length_;
        prev_ = 0;
        bool split_digits = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Item& it = items[i];
            switch (it.kind) {
                case Kind::kLetter:
                    if (it.bytes != nullptr && static_cast<unsigned char>(it.bytes[0]) < 0x80) {
                        for (std::uint8_t k = 0; k < it.length; ++k) Put(it.bytes[k]);  // "ß" → "ss" → "s"
                    } else if (it.bytes != nullptr) {
                        std::memcpy(data_ + length_, it.bytes, it.length);
                        length_ += it.length;
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
                            data_[length_++] = ' ';
                            split_digits = true;
                        }
                        data_[length_++] = it.ascii;
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

    // The fast path, for a word whose every character folds to one ASCII letter (or is dropped):
    // ASCII letters, accented Latin letters, look-alikes. Reads from s[i] up to and including the
    // separator that ends the word, writes it with the repeated-letter rule in one tight loop, and
    // returns where to go on. When it meets anything else (a digit, a symbol, a letter that folds to
    // several characters, a character outside the table) it writes nothing and returns -1 - the
    // position of that character: the item path then reads the word from s[i].
    std::int32_t SimpleWord(const Table& table, const std::uint8_t* s, std::int32_t i, std::int32_t n) {
        Reserve(static_cast<std::size_t>(n - i) + 1);  // at most one byte out per byte in, and a space
        const std::size_t start = length_;
        char* out = data_ + length_;
        char prev = 0;
        int run = 0;
        bool invisible = false;
        bool confusable = false;
        std::int32_t j = i;
        while (j < n) {
            const std::uint8_t b = s[j];
            char c = 0;
            if (b < 0x80) {
                if (AsciiLetter(b)) {
                    c = static_cast<char>(b | 0x20);
                    ++j;
                } else if (table.Find(b)->kind == Kind::kSeparator) {
                    ++j;
                    break;
                } else {
                    return -1 - j;  // a digit or a symbol
                }
            } else {
                std::int32_t next = j;
                UChar32 cp = 0;
                U8_NEXT(s, next, n, cp);
                if (cp < 0) {  // invalid UTF-8 separates words
                    j = next;
                    break;
                }
                const Entry* e = table.Find(cp);
                if (e == nullptr) return -1 - j;
                if (e->kind == Kind::kSeparator) {
                    j = next;
                    break;
                }
                if (e->kind == Kind::kDrop || e->kind == Kind::kInvisible) {
                    invisible = invisible || e->kind == Kind::kInvisible;
                    j = next;
                    continue;
                }
                if (e->kind != Kind::kLetter || e->length != 0) return -1 - j;
                c = e->ascii;
                confusable = confusable || e->confusable;
                j = next;
            }
            // Repeated letters, as Put.
            const bool letter = c >= 'a' && c <= 'z';
            if (letter && c == prev) {
                ++run;
                if (!IsVowel(c)) continue;
                if (run == 3) --out;
                if (run >= 3) continue;
            } else {
                run = 1;
            }
            *out++ = c;
            prev = c;
        }
        out_.invisible = out_.invisible || invisible;
        out_.confusable = out_.confusable || confusable;
        length_ = static_cast<std::size_t>(out - data_);
        EndWord(start);
        return j;
    }

    // Closes the last run of single letters and cuts out.text to what was written.
    void Finish() {
        CloseRun();
        out_.text.resize(length_);
    }

  private:
    void Reserve(std::size_t n) {
        if (length_ + n <= capacity_) return;
        out_.text.resize(std::max(2 * capacity_, length_ + n));
        data_ = out_.text.data();
        capacity_ = out_.text.size();
    }

    void EndWord(std::size_t start) {
        const std::size_t length = length_ - start;
        if (length == 0) return;
        const bool single = length == 1 && data_[start] >= 'a' && data_[start] <= 'z';
        if (single) {
            if (run_count_ == 0) run_start_ = start;
            ++run_count_;
        } else {
            CloseRun();
        }
        data_[length_++] = ' ';
    }

    // Repeated letters: consonants once ("connnard", "connard" → "conard"), vowels once when three or
    // more ("noooon" → "non") and twice when two ("kaas", "negeer" are kept).
    void Put(char c) {
        const bool letter = (c >= 'a' && c <= 'z') || c == '*';
        if (letter && c == prev_) {
            ++run_;
            if (!IsVowel(c)) return;
            if (run_ == 3) --length_;
            if (run_ >= 3) return;
        } else {
            run_ = 1;
        }
        data_[length_++] = c;
        prev_ = c;
    }

    static bool IsVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == '*';
    }

    // Joins a run of three or more single letters ("k u t " → "kut "), in place: the run's letters
    // are every other byte from run_start_, and whatever was written after the run moves back.
    void CloseRun() {
        if (run_count_ >= 3) {
            char* const base = data_ + run_start_;
            std::size_t w = 0;
            char prev = 0;
            int run = 0;
            for (std::size_t k = 0; k < run_count_; ++k) {
                const char c = base[2 * k];
                run = c == prev ? run + 1 : 1;
                prev = c;
                if (run >= 2 && (!IsVowel(c) || run >= 3)) {
                    if (run == 3 && IsVowel(c)) --w;
                    continue;
                }
                base[w++] = c;
            }
            base[w++] = ' ';
            const std::size_t run_end = run_start_ + 2 * run_count_;
            std::memmove(base + w, data_ + run_end, length_ - run_end);
            length_ -= 2 * run_count_ - w;
            out_.separated = true;
        }
        run_count_ = 0;
    }

    Normalised& out_;
    char* data_ = nullptr;
    std::size_t length_ = 0;
    std::size_t capacity_ = 0;
    char prev_ = 0;
    int run_ = 0;
    std::size_t run_start_ = 0;
    std::size_t run_count_ = 0;
};

}  // namespace

void Normalise(std::string_view utf8, Normalised& out) {
    const Table& table = TheTable();
    out.invisible = out.confusable = out.leet = out.separated = false;

    thread_local std::vector<Item> word;
    thread_local std::string slow;  // folded forms of characters outside the table (stable per word)
    word.clear();
    slow.clear();
    Writer writer(out, utf8.size() + 2);
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
    std::int32_t fast_from = 0;  // where the fast path may be tried again after it gave up on a word
    while (i < n) {
        if (word.empty() && i >= fast_from) {
            if (s[i] < 0x80 && table.Find(s[i])->kind == Kind::kSeparator) {
                ++i;
                continue;
            }
            const std::int32_t next = writer.SimpleWord(table, s, i, n);
            if (next >= 0) {
                i = next;
                continue;
            }
            fast_from = -next;  // one past the character it could not take
        }
        UChar32 c = s[i];
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
                Item& it = word.emplace_back();
                it.slow = static_cast<std::int32_t>(slow_spans.size() - 1);
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
                    word.emplace_back().ascii = e->ascii;
                } else {
                    Item& it = word.emplace_back();
                    it.bytes = table.Pool() + e->offset;
                    it.length = e->length;
                }
                out.confusable = out.confusable || e->confusable;
                break;
            case Kind::kDigit: {
                Item& it = word.emplace_back();
                it.kind = Kind::kDigit;
                it.ascii = e->ascii;
                it.leet = e->leet;
                break;
            }
            case Kind::kSymbol: {
                Item& it = word.emplace_back();
                it.kind = Kind::kSymbol;
                it.ascii = it.leet = e->leet;
                it.can_lead = e->can_lead;
                break;
            }
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
