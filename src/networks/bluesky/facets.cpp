#include "networks/bluesky/facets.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace belfry::networks {

namespace {

struct CodePoint {
    UChar32 cp;        // negative for an ill-formed byte
    std::size_t byte;  // offset of its first byte
};

std::vector<CodePoint> Decode(std::string_view s) {
    std::vector<CodePoint> out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(p, i, n, c);
        out.push_back({c, static_cast<std::size_t>(start)});
    }
    return out;
}

bool IsWhite(UChar32 c) { return c >= 0 && u_isUWhiteSpace(c) != 0; }
bool IsPunct(UChar32 c) { return c >= 0 && u_ispunct(c) != 0; }

bool IsAsciiAlnum(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool IsHandleLabel(std::string_view label) {
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (const char c : label) {
        if (!IsAsciiAlnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    return true;
}

bool IsHandle(std::string_view h) {
    if (h.size() > 253) return false;
    size_t labels = 0;
    std::string_view last;
    size_t start = 0;
    while (true) {
        const auto dot = h.find('.', start);
        const std::string_view label = h.substr(start, dot == std::string_view::npos ? h.size() - start : dot - start);
        if (!IsHandleLabel(label)) return false;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    const char first = last.front();
    return labels >= 2 && ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'));
}

bool StartsWithScheme(std::string_view s) {
    auto lower_prefix = [&s](std::string_view prefix) {
        if (s.size() <= prefix.size()) return false;  // the scheme alone is not a link
        for (size_t i = 0; i < prefix.size(); ++i) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != prefix[i]) return false;
        }
        return true;
    };
    return lower_prefix("https://") || lower_prefix("http://");
}

}  // namespace

std::vector<FacetSpan> DetectFacets(std::string_view text) {
    std::vector<FacetSpan> facets;
    const std::vector<CodePoint> cps = Decode(text);
    const size_t n = cps.size();
    auto byte_at = [&](size_t i) { return i < n ? cps[i].byte : text.size(); };
    auto token_end = [&](size_t i) {
        while (i < n && !IsWhite(cps[i].cp)) ++i;
        return i;
    };

    size_t i = 0;
    while (i < n) {
        const bool boundary = i == 0 || IsWhite(cps[i - 1].cp) || cps[i - 1].cp == '(';
        if (!boundary) {
            ++i;
            continue;
        }
        const UChar32 c = cps[i].cp;

        // Links.
        if ((c == 'h' || c == 'H') && StartsWithScheme(text.substr(cps[i].byte))) {
            size_t end = token_end(i);
            bool has_open = false;
            for (size_t k = i; k < end; ++k) has_open = has_open || cps[k].cp == '(';
            while (end > i) {
                const UChar32 last = cps[end - 1].cp;
                if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
                    last == '\'' || last == '"' || (last == ')' && !has_open)) {
                    --end;
                } else {
                    break;
                }
            }
            const std::string_view uri = text.substr(byte_at(i), byte_at(end) - byte_at(i));
            if (StartsWithScheme(uri)) {
                facets.push_back({FacetSpan::Kind::kLink, byte_at(i), byte_at(end), std::string(uri)});
                i = end;
                continue;
            }
        }

        // Mentions.
        if (c == '@') {
            size_t k = i + 1;
            while (k < n && (IsAsciiAlnum(cps[k].cp) || cps[k].cp == '.' || cps[k].cp == '-')) ++k;
            size_t end = k;
            while (end > i + 1 && (cps[end - 1].cp == '.' || cps[end - 1].cp == '-')) --end;
            const std::string_view handle = text.substr(byte_at(i + 1), byte_at(end) - byte_at(i + 1));
            const bool ends_cleanly = end == n || IsWhite(cps[end].cp) || IsPunct(cps[end].cp);
            if (ends_cleanly && IsHandle(handle)) {
                facets.push_back({FacetSpan::Kind::kMention, byte_at(i), byte_at(end), std::string(handle)});
                i = end;
                continue;
            }
        }

        // Hashtags.
        if (c == '#') {
            size_t end = token_end(i + 1);
            while (end > i + 1 && IsPunct(cps[end - 1].cp)) --end;
            const size_t length = end - (i + 1);
            const size_t bytes = byte_at(end) - byte_at(i + 1);
            if (length > 0 && length <= 64 && bytes <= 640 && u_isdigit(cps[i + 1].cp) == 0 && cps[i + 1].cp >= 0) {
                facets.push_back(
                    {FacetSpan::Kind::kTag, byte_at(i), byte_at(end), std::string(text.substr(byte_at(i + 1), bytes))});
                i = token_end(end);
                continue;
            }
        }
        ++i;
    }
    return facets;
}

}  // namespace belfry::networks
