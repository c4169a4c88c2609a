#include "moderation/detectors.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

namespace belfry::moderation {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// True when position `i` starts a token: the text begins there or the previous byte is not a
// letter, digit or one that glues numbers together.
bool TokenStart(std::string_view s, std::size_t i) {
    if (i == 0) return true;
    const char p = s[i - 1];
    return !IsAlnum(p) && p != '.' && p != '-' && p != '/' && p != '+' && p != '@' && p != '_';
}

// Whether a little-endian chunk of 8 bytes may hold a digit or '+': some byte in 0x2B–0x39 ('+'
// ',' '-' '.' '/' and the digits; the caller looks closer). Bytes from 0x80 never count.
bool MayHoldDigitOrPlus(std::uint64_t x) {
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kBelow = 0x3A;  // exclusive bounds
    constexpr std::uint64_t kAbove = 0x2A;
    const std::uint64_t low = x & kLow7;
    return (((kOnes * (127 + kBelow) - low) & ~x & (low + kOnes * (127 - kAbove))) & kHigh) != 0;
}

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool Overlaps(const std::vector<Span>& taken, Span s) {
    return std::any_of(taken.begin(), taken.end(), [&](const Span& t) { return s.begin < t.end && t.begin < s.end; });
}

int IbanLength(std::string_view country) {
    static constexpr std::array<std::pair<std::string_view, int>, 20> kLengths{{
        {"BE", 16}, {"NL", 18}, {"LU", 20}, {"DE", 22}, {"FR", 27}, {"GB", 22}, {"IE", 22},
        {"ES", 24}, {"IT", 27}, {"PT", 25}, {"AT", 20}, {"CH", 21}, {"PL", 28}, {"DK", 18},
        {"SE", 24}, {"FI", 18}, {"NO", 15}, {"GR", 27}, {"CZ", 24}, {"RO", 24},
    }};
    for (const auto& [code, length] : kLengths) {
        if (code == country) return length;
    }
    return 0;
}

// IBAN: two letters, two digits, then groups of letters and digits, single spaces allowed.
bool MatchIban(std::string_view s, std::size_t i, Span& span) {
    if (i + 4 > s.size() || !IsAlpha(s[i]) || !IsAlpha(s[i + 1]) || !IsDigit(s[i + 2]) || !IsDigit(s[i + 3])) {
        return false;
    }
    std::string compact;
    std::vector<std::size_t> ends;  // byte end of each compact prefix length
    std::size_t j = i;
    while (j < s.size() && compact.size() < 34) {
        if (IsAlnum(s[j])) {
            compact.push_back(Upper(s[j]));
            ends.push_back(j + 1);
            ++j;
        } else if (s[j] == ' ' && j + 1 < s.size() && IsAlnum(s[j + 1]) && compact.size() >= 4) {
            ++j;
        } else {
            break;
        }
    }
    const int known = IbanLength(std::string_view(compact).substr(0, 2));
    for (std::size_t length = std::min<std::size_t>(compact.size(), 34); length >= 15; --length) {
        if (known != 0 && static_cast<int>(length) != known) continue;
        const std::size_t end = ends[length - 1];
        if (end < s.size() && IsAlnum(s[end])) continue;  // the IBAN must end a word
        if (ValidIban(std::string_view(compact).substr(0, length))) {
            span = {i, end};
            return true;
        }
    }
    return false;
}

// National register number: YY MM DD SSS CC, separators [.- /] allowed between the groups.
bool MatchNationalNumber(std::string_view s, std::size_t i, Span& span) {
    static constexpr std::array<int, 5> kGroups{2, 2, 2, 3, 2};
    std::string digits;
    std::size_t j = i;
    for (std::size_t g = 0; g < kGroups.size(); ++g) {
        for (int k = 0; k < kGroups[g]; ++k) {
            if (j >= s.size() || !IsDigit(s[j])) return false;
            digits.push_back(s[j++]);
        }
        if (g + 1 < kGroups.size() && j < s.size() && (s[j] == '.' || s[j] == '-' || s[j] == ' ' || s[j] == '/') &&
            j + 1 < s.size() && IsDigit(s[j + 1])) {
            ++j;
        }
    }
    if (j < s.size() && IsDigit(s[j])) return false;
    if (!ValidNationalNumber(digits)) return false;
    span = {i, j};
    return true;
}

// Telephone numbers: +CC… (8 to 15 digits), 00CC…, or Belgian national 0X… (9 or 10 digits).
bool MatchPhone(std::string_view s, std::size_t i, Span& span) {
    std::size_t j = i;
    const bool plus = s[j] == '+';
    if (plus) ++j;
    if (j >= s.size() || !IsDigit(s[j])) return false;
    if (!plus && s[j] != '0') return false;
    std::string digits;
    while (j < s.size()) {
        if (IsDigit(s[j])) {
            digits.push_back(s[j++]);
        } else if (s.substr(j, 3) == "(0)") {
            j += 3;
        } else if ((s[j] == ' ' || s[j] == '.' || s[j] == '-' || s[j] == '/') && j + 1 < s.size() &&
                   (IsDigit(s[j + 1]) || s[j + 1] == '(')) {
            ++j;
        } else {
            break;
        }
    }
    if (j < s.size() && IsAlpha(s[j])) return false;
    const std::size_t n = digits.size();
    bool ok = false;
    if (plus) {
        ok = n >= 8 && n <= 15 && (digits.rfind("32", 0) != 0 || (n - 2 >= 8 && n - 2 <= 9));
    } else if (digits.rfind("00", 0) == 0) {
        ok = n - 2 >= 8 && n - 2 <= 15;
    } else {
        ok = (n == 9 || n == 10) && digits[1] != '0';
    }
    if (!ok) return false;
    span = {i, j};
    return true;
}

// E-mail: local@domain.tld around an '@'.
bool MatchEmail(std::string_view s, std::size_t at, Span& span) {
    auto local_char = [](char c) { return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
    auto domain_char = [](char c) { return IsAlnum(c) || c == '.' || c == '-'; };
    std::size_t b = at;
    while (b > 0 && local_char(s[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < s.size() && domain_char(s[e])) ++e;
    while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
    if (b == at || e <= at + 1) return false;
    const std::string_view domain = s.substr(at + 1, e - at - 1);
    const std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) return false;
    for (std::size_t k = dot + 1; k < domain.size(); ++k) {
        if (!IsAlpha(domain[k])) return false;
    }
    span = {b, e};
    return true;
}

}  // namespace

std::string_view PersonalDataName(PersonalData kind) {
    switch (kind) {
        case PersonalData::kEmail:
            return "email";
        case PersonalData::kPhone:
            return "phone";
        case PersonalData::kNationalNumber:
            return "national_number";
        case PersonalData::kIban:
            return "iban";
    }
    return "email";
}

bool ValidNationalNumber(std::string_view d) {
    if (d.size() != 11 || !std::all_of(d.begin(), d.end(), IsDigit)) return false;
    auto num = [&](std::size_t pos, std::size_t len) {
        std::int64_t v = 0;
        for (std::size_t k = pos; k < pos + len; ++k) v = v * 10 + (d[k] - '0');
        return v;
    };
    const std::int64_t month = num(2, 2);
    const std::int64_t day = num(4, 2);
    const bool month_ok = month <= 12 || (month >= 20 && month <= 32) || (month >= 40 && month <= 52);
    if (!month_ok || day > 31) return false;
    const std::int64_t base = num(0, 9);
    const std::int64_t check = num(9, 2);
    return 97 - base % 97 == check || 97 - (2000000000 + base) % 97 == check;
}

bool ValidIban(std::string_view compact) {
    if (compact.size() < 15 || compact.size() > 34) return false;
    if (!IsAlpha(compact[0]) || !IsAlpha(compact[1]) || !IsDigit(compact[2]) || !IsDigit(compact[3])) return false;
    const int known = IbanLength(std::string(1, Upper(compact[0])) + Upper(compact[1]));
    if (known != 0 && static_cast<std::size_t>(known) != compact.size()) return false;
    int remainder = 0;
    auto feed = [&](char c) {
        c = Upper(c);
        if (IsDigit(c)) {
            remainder = (remainder * 10 + (c - '0')) % 97;
        } else if (c >= 'A' && c <= 'Z') {
            const int v = c - 'A' + 10;
            remainder = (remainder * 100 + v) % 97;
        }
    };
    for (std::size_t k = 4; k < compact.size(); ++k) {
        if (!IsAlnum(compact[k])) return false;
        feed(compact[k]);
    }
    for (std::size_t k = 0; k < 4; ++k) feed(compact[k]);
    return remainder == 1;
}

void DetectPersonalData(std::string_view s, std::vector<Detection>& out) {
    std::vector<Span> taken;
    auto add = [&](PersonalData kind, Span span) {
        taken.push_back(span);
        out.push_back({kind, std::string(s.substr(span.begin, span.end - span.begin))});
    };
    // E-mail addresses first (they may contain digits), then IBANs, register numbers, phones.
    for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
        Span span;
        if (MatchEmail(s, at, span) && !Overlaps(taken, span)) add(PersonalData::kEmail, span);
    }
    // Every other kind holds a digit: walk the digits (and '+'), not every letter. An IBAN starts two
    // letters before its first digit.
    std::size_t next = 0;  // no match starts before the end of the previous one
    std::size_t d = 0;
    while (d < s.size()) {
        // Eight bytes at a time past those without a digit or '+' (most of a comment).
        if (d + 8 <= s.size()) {
            std::uint64_t chunk = 0;
            std::memcpy(&chunk, s.data() + d, 8);
            if (!MayHoldDigitOrPlus(chunk)) {
                d += 8;
                continue;
            }
        }
        const std::size_t chunk_end = std::min(d + 8, s.size());
        for (; d < chunk_end; ++d) {
            const char c = s[d];
            const bool digit = IsDigit(c);
            if (!digit && c != '+') continue;
            Span span;
            if (digit && d >= next + 2 && IsAlpha(s[d - 1]) && IsAlpha(s[d - 2]) && TokenStart(s, d - 2) &&
                MatchIban(s, d - 2, span) && !Overlaps(taken, span)) {
                add(PersonalData::kIban, span);
                next = span.end;
                d = span.end - 1;
                continue;
            }
            if (d < next || !TokenStart(s, d)) continue;
            if (digit && MatchNationalNumber(s, d, span) && !Overlaps(taken, span)) {
                add(PersonalData::kNationalNumber, span);
            } else if (MatchPhone(s, d, span) && !Overlaps(taken, span)) {
                add(PersonalData::kPhone, span);
            } else {
                continue;
            }
            next = span.end;
            d = span.end - 1;
        }
    }
}

std::vector<Detection> DetectPersonalData(std::string_view text) {
    std::vector<Detection> out;
    DetectPersonalData(text, out);
    return out;
}

}  // namespace belfry::moderation
