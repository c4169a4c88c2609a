#include "netsim/text.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>
#include <vector>

namespace belfry::netsim {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }
bool IsWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool IStartsAt(std::string_view s, std::size_t pos, std::string_view prefix) {
    if (s.size() - pos < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[pos + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// A URL starting at `pos` (scheme included): its length, or 0.
std::size_t UrlAt(std::string_view s, std::size_t pos) {
    if (pos > 0 && (IsWordChar(s[pos - 1]) || s[pos - 1] == '/' || s[pos - 1] == '@')) return 0;
    std::size_t scheme = IStartsAt(s, pos, "https://") ? 8 : IStartsAt(s, pos, "http://") ? 7 : 0;
    if (scheme == 0) return 0;
    std::size_t end = pos + scheme;
    while (end < s.size() && !IsSpace(s[end]) && s[end] != '<' && s[end] != '>' && s[end] != '"') ++end;
    // Trailing punctuation and unbalanced closing parentheses are not part of the URL.
    for (;;) {
        if (end <= pos + scheme) return 0;
        const char last = s[end - 1];
        if (std::string_view(".,;:!?'").find(last) != std::string_view::npos) {
            --end;
            continue;
        }
        if (last == ')') {
            const auto body = s.substr(pos, end - pos);
            long open = 0;
            for (char c : body) open += (c == '(') - (c == ')');
            if (open < 0) {
                --end;
                continue;
            }
        }
        break;
    }
    const auto rest = s.substr(pos + scheme, end - pos - scheme);
    const auto host = rest.substr(0, rest.find_first_of("/?#"));
    if (host.find('.') == std::string_view::npos || host.front() == '.' || host.back() == '.') return 0;
    return end - pos;
}

// A mention "@user" or "@user@domain" at `pos`: {length, length of "@user"}, or {0, 0}.
std::pair<std::size_t, std::size_t> MentionAt(std::string_view s, std::size_t pos) {
    if (s[pos] != '@') return {0, 0};
    if (pos > 0 && (IsWordChar(s[pos - 1]) || std::string_view("!@#$%&*").find(s[pos - 1]) != std::string_view::npos)) {
        return {0, 0};
    }
    std::size_t end = pos + 1;
    while (end < s.size() && IsWordChar(s[end])) ++end;
    if (end == pos + 1) return {0, 0};
    const std::size_t user_end = end;
    if (end < s.size() && s[end] == '@') {
        std::size_t d = end + 1;
        while (d < s.size() && (IsWordChar(s[d]) || s[d] == '.' || s[d] == '-')) ++d;
        while (d > end + 1 && (s[d - 1] == '.' || s[d - 1] == '-')) --d;
        const auto domain = s.substr(end + 1, d - end - 1);
        if (domain.find('.') != std::string_view::npos) end = d;
    }
    return {end - pos, user_end - pos};
}

}  // namespace

long Graphemes(std::string_view utf8) {
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it) return text.countChar32();
    it->setText(text);
    long count = 0;
    for (int32_t p = it->next(); p != icu::BreakIterator::DONE; p = it->next()) ++count;
    return count;
}

long MastodonLength(std::string_view text, std::string_view spoiler_text) {
    std::string countable;
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t url = UrlAt(text, i); url > 0) {
            countable.append(23, 'x');
            i += url;
            continue;
        }
        if (const auto [len, user] = MentionAt(text, i); len > 0) {
            countable.append(text.substr(i, user));
            i += len;
            continue;
        }
        countable += text[i++];
    }
    return Graphemes(std::string(spoiler_text) + countable);
}

std::string HtmlEscape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::vector<MentionSpan> FindMentions(std::string_view text) {
    std::vector<MentionSpan> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t url = UrlAt(text, i); url > 0) {
            i += url;
            continue;
        }
        if (const auto [len, user] = MentionAt(text, i); len > 0) {
            MentionSpan m;
            m.pos = i;
            m.len = len;
            m.user = std::string(text.substr(i + 1, user - 1));
            if (len > user + 1) m.domain = std::string(text.substr(i + user + 1, len - user - 1));
            out.push_back(std::move(m));
            i += len;
            continue;
        }
        ++i;
    }
    return out;
}

std::string MastodonHtml(std::string_view text, const std::function<std::string(const MentionSpan&)>& mention_url) {
    std::string normalized;
    for (char c : text) {
        if (c != '\r') normalized += c;
    }
    std::vector<std::string> paragraphs;
    std::size_t start = 0;
    while (start <= normalized.size()) {
        std::size_t gap = normalized.find("\n\n", start);
        std::string part = normalized.substr(start, gap == std::string::npos ? std::string::npos : gap - start);
        if (!IsBlank(part)) paragraphs.push_back(part);
        if (gap == std::string::npos) break;
        start = gap + 2;
        while (start < normalized.size() && normalized[start] == '\n') ++start;
    }
    std::string html;
    for (const auto& p : paragraphs) {
        html += "<p>";
        std::size_t i = 0;
        while (i < p.size()) {
            if (const std::size_t url = UrlAt(p, i); url > 0) {
                const std::string href = HtmlEscape(p.substr(i, url));
                html.append("<a href=\"").append(href);
                html.append("\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\">")
                    .append(href)
                    .append("</a>");
                i += url;
            } else if (const auto [len, user] = MentionAt(p, i); len > 0 && mention_url) {
                MentionSpan m;
                m.pos = i;
                m.len = len;
                m.user = p.substr(i + 1, user - 1);
                if (len > user + 1) m.domain = p.substr(i + user + 1, len - user - 1);
                const std::string href = mention_url(m);
                if (href.empty()) {
                    html += HtmlEscape(std::string_view(p).substr(i, len));
                } else {
                    html.append("<span class=\"h-card\" translate=\"no\"><a href=\"")
                        .append(HtmlEscape(href))
                        .append("\" class=\"u-url mention\">@<span>")
                        .append(HtmlEscape(m.user))
                        .append("</span></a></span>");
                }
                i += len;
            } else if (p[i] == '\n') {
                html += "<br />";
                ++i;
            } else {
                html += HtmlEscape(std::string_view(&p[i], 1));
                ++i;
            }
        }
        html += "</p>";
    }
    return html;
}

bool IsBlank(std::string_view s) {
    for (char c : s) {
        if (!IsSpace(c)) return false;
    }
    return true;
}

}  // namespace belfry::netsim
