#include "registry/channel_url.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace belfry::registry {

namespace {

using core::Error;
using core::Network;
using core::Result;

constexpr size_t kMaxInputBytes = 2048;
constexpr std::string_view kField = "url";

// ---------------------------------------------------------------------------------------------------
// Text helpers (inputs are valid UTF-8 by the time they get here).

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!IsDigit(c)) return false;
    }
    return true;
}

// True when every byte of `s` is an ASCII letter or digit, or one of `extra`.
bool AllAlnumOr(std::string_view s, std::string_view extra) {
    for (char c : s) {
        if (!IsAsciiAlnum(c) && extra.find(c) == std::string_view::npos) return false;
    }
    return true;
}

// Decodes the code point at s[i] and sets *len to its byte length. `s` must be valid UTF-8.
uint32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    const size_t n = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : 2);
    uint32_t cp = c & (n == 2 ? 0x1F : (n == 3 ? 0x0F : 0x07));
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    *len = n;
    return cp;
}

void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals: enough for the hosts and
// slugs of European administrations without pulling in ICU. Other code points are kept.
uint32_t LowerCodePoint(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;
    if (cp >= 0x100 && cp <= 0x137) return cp % 2 == 0 ? cp + 1 : cp;
    if (cp >= 0x139 && cp <= 0x148) return cp % 2 == 1 ? cp + 1 : cp;
    if (cp >= 0x14A && cp <= 0x177) return cp % 2 == 0 ? cp + 1 : cp;
    if (cp == 0x178) return 0xFF;
    if (cp >= 0x179 && cp <= 0x17E) return cp % 2 == 1 ? cp + 1 : cp;
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
    return cp;
}

std::string LowerUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t len = 1;
        const uint32_t cp = CodePointAt(s, i, &len);
        if (cp < 0x80) {
            out.push_back(static_cast<char>(LowerCodePoint(cp)));
        } else {
            AppendUtf8(out, LowerCodePoint(cp));
        }
        i += len;
    }
    return out;
}

size_t CodePointCount(std::string_view s) {
    size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

// Spaces and invisible separators that sneak in when a URL is copied from a document.
bool IsSpaceOrControl(uint32_t cp) {
    return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

std::string_view TrimSpaces(std::string_view s) {
    size_t b = 0;
    while (b < s.size()) {
        size_t len = 1;
        if (!IsSpaceOrControl(CodePointAt(s, b, &len))) break;
        b += len;
    }
    size_t e = s.size();
    while (e > b) {
        size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        size_t len = 1;
        if (!IsSpaceOrControl(CodePointAt(s, start, &len))) break;
        e = start;
    }
    return s.substr(b, e - b);
}

bool ContainsSpaceOrControl(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        size_t len = 1;
        if (IsSpaceOrControl(CodePointAt(s, i, &len))) return true;
        i += len;
    }
    return false;
}

int HexValue(char c) {
    if (IsDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes; nullopt on a malformed escape or when the result is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = HexValue(s[i + 1]);
        const int lo = HexValue(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    if (!core::IsValidUtf8(out)) return std::nullopt;
    return out;
}

// Percent-encodes one path segment for a canonical URL: unreserved characters, '@' and '+' stay.
std::string PercentEncodeSegment(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '+') {
            out.push_back(c);
        } else {
            const auto b = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0xF]);
        }
    }
    return out;
}

template <size_t N>
bool IsOneOf(std::string_view s, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
        if (s == w) return true;
    }
    return false;
}

// A DNS host name: dot-separated labels of letters, digits, '-' (and '_', tolerated in the wild) or
// non-ASCII letters of an IDN; at least two labels. `host` is already lowercased.
bool IsHostName(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    const auto labels = core::Split(host, '.');
    if (labels.size() < 2) return false;
    for (const auto& label : labels) {
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!IsAsciiAlnum(c) && c != '-' && c != '_' && !IsNonAscii(c)) return false;
        }
    }
    return true;
}

// An atproto handle: an ASCII host name whose last label does not start with a digit.
bool IsBlueskyHandle(std::string_view handle) {
    if (!IsHostName(handle)) return false;
    for (char c : handle) {
        if (IsNonAscii(c) || c == '_') return false;
    }
    return !IsDigit(handle[handle.rfind('.') + 1]);
}

bool IsBase32Lower(std::string_view s) {
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
    }
    return true;
}

bool IsBlueskyDid(std::string_view s) {
    constexpr std::string_view kPlc = "did:plc:";
    constexpr std::string_view kWeb = "did:web:";
    if (core::StartsWith(s, kPlc)) {
        const auto id = s.substr(kPlc.size());
        return id.size() == 24 && IsBase32Lower(id);
    }
    if (core::StartsWith(s, kWeb)) {
        const auto domain = s.substr(kWeb.size());
        return core::AsciiLower(domain) == domain && IsBlueskyHandle(domain);
    }
    return false;
}

// A slug as LinkedIn, YouTube custom URLs and Facebook page names write them: letters (any script),
// digits, '-', '_', '.', '~' and '&', with at least one letter or digit.
bool IsSlug(std::string_view s) {
    if (s.empty() || s.size() > 200) return false;
    bool has_alnum = false;
    for (char c : s) {
        const bool alnum = IsAsciiAlnum(c) || IsNonAscii(c);
        if (!alnum && std::string_view("-_.~&").find(c) == std::string_view::npos) return false;
        has_alnum = has_alnum || alnum;
    }
    return has_alnum;
}

// ---------------------------------------------------------------------------------------------------
// URL splitting.

// The parts of an http(s) URL the network parsers look at.
struct Url {
    std::string host;  // lowercased, no trailing dot
    std::string port;  // empty for the default ports
    std::string raw_path;
    std::vector<std::string> segments;  // percent-decoded, empty segments dropped
    std::string raw_query;
    std::vector<std::pair<std::string, std::string>> query;  // percent-decoded
    std::string fragment;
};

std::optional<std::string> QueryValue(const Url& url, std::string_view key) {
    for (const auto& [k, v] : url.query) {
        if (core::IEquals(k, key) && !v.empty()) return v;
    }
    return std::nullopt;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && core::IEquals(s.substr(0, prefix.size()), prefix);
}

// Strips "http://", "https://" or "//"; true when one was there.
bool StripScheme(std::string_view* s) {
    for (std::string_view scheme : {"https://", "http://", "//"}) {
        if (StartsWithNoCase(*s, scheme)) {
            s->remove_prefix(scheme.size());
            return true;
        }
    }
    return false;
}

bool HasScheme(std::string_view s) { return StripScheme(&s); }

Error InvalidInput(std::string message) { return Error::Invalid(std::string(kField), std::move(message)); }

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// Fills segments and query from the raw path and query. False on a malformed percent-escape.
bool SetPathAndQuery(Url& url, std::string_view path, std::string_view query) {
    url.raw_path = std::string(path);
    url.raw_query = std::string(query);
    url.segments.clear();
    url.query.clear();
    for (const auto& raw : core::Split(path, '/')) {
        if (raw.empty()) continue;
        auto decoded = PercentDecode(raw);
        if (!decoded) return false;
        url.segments.push_back(std::move(*decoded));
    }
    if (query.empty()) return true;
    for (const auto& pair : core::Split(query, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = PercentDecode(std::string_view(pair).substr(0, eq));
        auto value =
            PercentDecode(eq == std::string::npos ? std::string_view() : std::string_view(pair).substr(eq + 1));
        if (!key || !value) return false;
        url.query.emplace_back(std::move(*key), std::move(*value));
    }
    return true;
}

Result<Url> SplitUrl(std::string_view input) {
    std::string_view rest = input;
    if (!StripScheme(&rest) && input.find("://") != std::string_view::npos) {
        return InvalidInput(Quote(input) + " is not an http(s) URL: only http:// and https:// addresses are accepted");
    }
    Url url;
    const auto hash = rest.find('#');
    if (hash != std::string_view::npos) {
        url.fragment = std::string(rest.substr(hash + 1));
        rest = rest.substr(0, hash);
    }
    std::string_view query;
    const auto question = rest.find('?');
    if (question != std::string_view::npos) {
        query = rest.substr(question + 1);
        rest = rest.substr(0, question);
    }
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos) {
        return InvalidInput(Quote(input) + " holds a user name or password before the host; give the account's " +
                            "public address, such as https://x.com/<handle>");
    }
    if (!authority.empty() && authority[0] == '[') {
        return InvalidInput(Quote(input) + " names its host by an IP address: expected a host name, such as " +
                            "https://x.com/<handle>");
    }
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        const auto port = authority.substr(colon + 1);
        if (!port.empty() && !AllDigits(port)) {
            return InvalidInput(Quote(input) + " has an invalid port: expected a URL such as https://host/path");
        }
        if (port != "80" && port != "443") url.port = std::string(port);
        authority = authority.substr(0, colon);
    }
    while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
    url.host = LowerUtf8(authority);
    if (!IsHostName(url.host)) {
        return InvalidInput(Quote(input) + " does not start with a valid host name: expected a URL such as " +
                            "https://x.com/<handle>, or <handle>@<network>");
    }
    if (!SetPathAndQuery(url, path, query)) {
        return InvalidInput(Quote(input) + " has a malformed percent-escape (expected %XX encoding UTF-8)");
    }
    return url;
}

// ---------------------------------------------------------------------------------------------------
// Per-network rules.

struct NetworkRules;

// Who is asking: the text to quote in errors, whether it came as a URL or as a bare handle, and the rules
// of the network being parsed.
struct Context {
    std::string_view input;
    bool from_handle = false;
    const NetworkRules* rules = nullptr;
};

using UrlParser = Result<AccountRef> (*)(const Context& ctx, const Url& url);
// Maps a bare handle to the URL path segments that name it on the network's canonical host.
using HandlePath = std::vector<std::string> (*)(std::string_view handle);

struct NetworkRules {
    Network network;
    std::string_view name;          // as people write it: "X", "LinkedIn"
    std::string_view article;       // "a" or "an", before `name`
    std::string_view url_forms;     // the accepted URL forms, for error messages
    std::string_view handle_forms;  // the accepted bare handles, for error messages
    std::string_view host;          // canonical host, used for bare handles
    UrlParser parse;
    HandlePath handle_path;
};

const NetworkRules& RulesFor(Network network);

Error Fail(const Context& ctx, std::string_view reason = {}) {
    const NetworkRules& r = *ctx.rules;
    std::string msg = Quote(ctx.input);
    if (ctx.from_handle) {
        msg += " is not a valid " + std::string(r.name) + " handle: expected " + std::string(r.handle_forms);
    } else {
        msg += " is not " + std::string(r.article) + " " + std::string(r.name) + " account URL: expected " +
               std::string(r.url_forms);
    }
    if (!reason.empty()) msg += "; " + std::string(reason);
    return InvalidInput(std::move(msg));
}

AccountRef Make(Network network, std::string handle, std::string id, std::string canonical) {
    return AccountRef{network, std::move(handle), std::move(id), std::move(canonical)};
}

std::vector<std::string> OneSegment(std::string_view handle) { return {std::string(handle)}; }

std::vector<std::string> SplitPath(std::string_view handle) { return core::Split(handle, '/'); }

// --- X -----------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 30> kXReserved{
    "home",     "i",           "search",   "explore",  "settings", "intent",        "share",   "hashtag",
    "login",    "logout",      "signup",   "tos",      "privacy",  "about",         "account", "notifications",
    "messages", "compose",     "download", "jobs",     "oauth",    "who_to_follow", "lists",   "bookmarks",
    "topics",   "communities", "premium",  "verified", "help",     "rules"};

bool IsXHandle(std::string_view h) { return !h.empty() && h.size() <= 15 && AllAlnumOr(h, "_"); }

Result<AccountRef> XByHandle(const Context& ctx, std::string_view handle) {
    if (!IsXHandle(handle)) return Fail(ctx);
    const std::string h = core::AsciiLower(handle);
    return Make(Network::kX, h, "", "https://x.com/" + h);
}

Result<AccountRef> XById(const Context& ctx, std::string_view id) {
    if (!AllDigits(id) || id.size() > 20) return Fail(ctx, "a user id is digits only");
    return Make(Network::kX, "i/user/" + std::string(id), std::string(id), "https://x.com/i/user/" + std::string(id));
}

Result<AccountRef> ParseX(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.empty()) return Fail(ctx, "the address names no account");
    const std::string first = core::AsciiLower(s[0]);
    if (first == "intent" && s.size() >= 2 && (core::IEquals(s[1], "user") || core::IEquals(s[1], "follow"))) {
        if (auto name = QueryValue(url, "screen_name")) return XByHandle(ctx, *name);
        if (auto id = QueryValue(url, "user_id")) return XById(ctx, *id);
        return Fail(ctx, "the intent link has neither screen_name nor user_id");
    }
    if (first == "i" && s.size() >= 3 && core::IEquals(s[1], "user")) return XById(ctx, s[2]);
    if (IsOneOf(first, kXReserved)) return Fail(ctx, Quote(s[0]) + " is a page of X, not an account");
    return XByHandle(ctx, s[0]);
}

// --- Facebook ----------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 34> kFacebookReserved{
    "watch",   "events",      "groups",  "photo",         "photos",   "story",     "sharer",     "share",    "login",
    "search",  "marketplace", "gaming",  "help",          "policies", "privacy",   "settings",   "hashtag",  "notes",
    "reel",    "reels",       "stories", "friends",       "messages", "bookmarks", "ads",        "business", "dialog",
    "plugins", "tr",          "home",    "notifications", "live",     "legal",     "fundraisers"};

bool IsFacebookUsername(std::string_view h) {
    return !h.empty() && h.size() <= 50 && AllAlnumOr(h, ".") && h.front() != '.' && h.back() != '.' &&
           h.find("..") == std::string_view::npos;
}

std::string FacebookUrl(std::string_view handle) { return "https://www.facebook.com/" + std::string(handle); }

Result<AccountRef> FacebookById(const Context& ctx, std::string_view id, std::string handle = {}) {
    if (!AllDigits(id) || id.size() > 20) return Fail(ctx, "a page or profile id is digits only");
    if (handle.empty()) handle = std::string(id);
    return Make(Network::kFacebook, std::move(handle), std::string(id), FacebookUrl(id));
}

// "/pages/<Name>/<id>", "/people/<Name>/<id>": the name is a display slug, the id is what resolves.
Result<AccountRef> FacebookNamedId(const Context& ctx, std::string_view name, std::string_view id) {
    if (!IsSlug(name) || !AllDigits(id)) return Fail(ctx, "expected /pages/<Name>/<numeric id>");
    return FacebookById(ctx, id, LowerUtf8(name));
}

Result<AccountRef> ParseFacebook(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.empty()) return Fail(ctx, "the address names no page");
    const std::string first = core::AsciiLower(s[0]);
    std::string_view first_named;  // "<Name>-<id>" in the /p/ and /pages/category/ forms
    if (first == "profile.php") {
        if (auto id = QueryValue(url, "id")) return FacebookById(ctx, *id);
        return Fail(ctx, "profile.php needs ?id=<digits>");
    }
    if (first == "pages" && s.size() >= 4 && s[1] == "category") {
        // /pages/category/<Category>/<Name>-<id>/
        first_named = s[3];
    } else if (first == "pages" || first == "people") {
        if (s.size() >= 3) return FacebookNamedId(ctx, s[1], s[2]);
        return Fail(ctx, "expected /" + first + "/<Name>/<numeric id>");
    }
    if (first == "p" && s.size() >= 2) first_named = s[1];
    if (!first_named.empty()) {
        const auto dash = first_named.rfind('-');
        if (dash == std::string_view::npos) return Fail(ctx, "expected /p/<Name>-<numeric id>");
        return FacebookNamedId(ctx, first_named.substr(0, dash), first_named.substr(dash + 1));
    }
    std::string_view username = s[0];
    if (first == "pg") {
        if (s.size() < 2) return Fail(ctx);
        username = s[1];
    } else if (IsOneOf(first, kFacebookReserved) || first.ends_with(".php")) {
        return Fail(ctx, Quote(s[0]) + " is a page of Facebook, not an account");
    }
    if (AllDigits(username)) return FacebookById(ctx, username);
    if (!IsFacebookUsername(username)) return Fail(ctx);
    const std::string h = core::AsciiLower(username);
    return Make(Network::kFacebook, h, "", FacebookUrl(h));
}

// --- Instagram and Threads ---------------------------------------------------------------------------

constexpr std::array<std::string_view, 19> kInstagramReserved{
    "p",     "reel", "reels",     "explore", "stories", "accounts", "tv",      "direct", "about",    "developer",
    "legal", "web",  "challenge", "emails",  "session", "api",      "privacy", "terms",  "directory"};

bool IsInstagramName(std::string_view h) { return !h.empty() && h.size() <= 30 && AllAlnumOr(h, "._"); }

Result<AccountRef> ParseInstagram(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.empty()) return Fail(ctx, "the address names no account");
    const std::string h = core::AsciiLower(s[0]);
    if (IsOneOf(h, kInstagramReserved)) return Fail(ctx, Quote(s[0]) + " is a page of Instagram, not an account");
    if (!IsInstagramName(h)) return Fail(ctx);
    return Make(Network::kInstagram, h, "", "https://www.instagram.com/" + h);
}

Result<AccountRef> ParseThreads(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.empty() || s[0].size() < 2 || s[0][0] != '@') return Fail(ctx, "a Threads profile path starts with '@'");
    const std::string h = core::AsciiLower(std::string_view(s[0]).substr(1));
    if (!IsInstagramName(h)) return Fail(ctx);
    return Make(Network::kThreads, h, "", "https://www.threads.net/@" + h);
}

std::vector<std::string> ThreadsPath(std::string_view handle) { return {"@" + std::string(handle)}; }

// --- LinkedIn ----------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 4> kLinkedinKinds{"company", "showcase", "school", "in"};

Result<AccountRef> ParseLinkedin(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.size() < 2) return Fail(ctx);
    const std::string kind = core::AsciiLower(s[0]);
    if (!IsOneOf(kind, kLinkedinKinds)) return Fail(ctx, Quote(s[0]) + " is not a kind of LinkedIn page");
    if (!IsSlug(s[1])) return Fail(ctx);
    const std::string slug = LowerUtf8(s[1]);
    std::string id = kind != "in" && AllDigits(slug) ? slug : std::string();
    return Make(Network::kLinkedin, kind + "/" + slug, std::move(id),
                "https://www.linkedin.com/" + kind + "/" + PercentEncodeSegment(slug));
}

std::vector<std::string> LinkedinPath(std::string_view handle) {
    auto parts = core::Split(handle, '/');
    if (parts.size() == 1) parts.insert(parts.begin(), "company");
    return parts;
}

// --- YouTube -----------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 20> kYoutubeReserved{
    "watch",   "results", "feed",   "playlist", "shorts", "embed", "live", "redirect",         "account", "premium",
    "hashtag", "post",    "signin", "logout",   "v",      "e",     "t",    "attribution_link", "clip",    "source"};

bool IsYoutubeChannelId(std::string_view s) {
    return s.size() == 24 && core::StartsWith(s, "UC") && AllAlnumOr(s, "-_");
}

// YouTube handles: 3 to 30 characters; letters of any script, digits, '_', '-', '.'.
bool IsYoutubeHandle(std::string_view h) {
    const size_t n = CodePointCount(h);
    if (n < 3 || n > 30) return false;
    for (char c : h) {
        if (!IsAsciiAlnum(c) && !IsNonAscii(c) && c != '_' && c != '-' && c != '.') return false;
    }
    return true;
}

std::string YoutubeUrl(std::string_view kind, std::string_view name) {
    return "https://www.youtube.com/" + std::string(kind) + PercentEncodeSegment(name);
}

Result<AccountRef> YoutubeNamed(const Context& ctx, std::string_view kind, std::string_view name) {
    // Legacy user names are ASCII; custom URLs may hold letters of any script.
    const bool valid = kind == "user/" ? !name.empty() && name.size() <= 60 && AllAlnumOr(name, "_.-") : IsSlug(name);
    if (!valid) return Fail(ctx);
    const std::string h = LowerUtf8(name);
    return Make(Network::kYoutube, std::string(kind) + h, "", YoutubeUrl(kind, h));
}

Result<AccountRef> ParseYoutube(const Context& ctx, const Url& url) {
    if (url.host == "youtu.be" || url.host.ends_with(".youtu.be")) {
        return Fail(ctx, "youtu.be links point at videos, not channels");
    }
    const auto& s = url.segments;
    if (s.empty()) return Fail(ctx, "the address names no channel");
    if (s[0].size() > 1 && s[0][0] == '@') {
        const auto name = std::string_view(s[0]).substr(1);
        if (!IsYoutubeHandle(name)) return Fail(ctx, "a handle has 3 to 30 letters, digits, '_', '-' or '.'");
        const std::string h = LowerUtf8(name);
        return Make(Network::kYoutube, "@" + h, "", YoutubeUrl("@", h));
    }
    const std::string first = core::AsciiLower(s[0]);
    if (first == "channel") {
        if (s.size() < 2 || !IsYoutubeChannelId(s[1])) return Fail(ctx, "a channel id is UC followed by 22 characters");
        return Make(Network::kYoutube, "channel/" + s[1], s[1], "https://www.youtube.com/channel/" + s[1]);
    }
    if (first == "user" || first == "c") {
        if (s.size() < 2) return Fail(ctx);
        return YoutubeNamed(ctx, first + "/", s[1]);
    }
    if (IsOneOf(first, kYoutubeReserved)) return Fail(ctx, Quote(s[0]) + " is a page of YouTube, not a channel");
    // youtube.com/<name>: the short form of a custom URL.
    return YoutubeNamed(ctx, "c/", s[0]);
}

std::vector<std::string> YoutubePath(std::string_view handle) {
    if (handle.find('/') != std::string_view::npos) return core::Split(handle, '/');
    if (IsYoutubeChannelId(handle)) return {"channel", std::string(handle)};
    return {"@" + std::string(handle)};
}

// --- Flickr, Vimeo, Google+ --------------------------------------------------------------------------

bool IsFlickrNsid(std::string_view s) {
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || !AllDigits(s.substr(0, at))) return false;
    const auto rest = s.substr(at + 1);
    return rest.size() == 3 && (rest[0] == 'N' || rest[0] == 'n') && AllDigits(rest.substr(1));
}

constexpr std::array<std::string_view, 6> kFlickrReserved{"tags", "upload", "organize", "friends", "search", "me"};

Result<AccountRef> ParseFlickr(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.size() < 2) return Fail(ctx);
    const std::string first = core::AsciiLower(s[0]);
    if (first != "photos" && first != "people") return Fail(ctx);
    if (IsFlickrNsid(s[1])) {
        std::string nsid = s[1];
        nsid[nsid.find('@') + 1] = 'N';
        return Make(Network::kFlickr, nsid, nsid, "https://www.flickr.com/photos/" + PercentEncodeSegment(nsid));
    }
    const std::string h = core::AsciiLower(s[1]);
    if (IsOneOf(h, kFlickrReserved)) return Fail(ctx, Quote(s[1]) + " is a page of Flickr, not an account");
    if (h.size() > 64 || !AllAlnumOr(h, "_-")) return Fail(ctx);
    return Make(Network::kFlickr, h, "", "https://www.flickr.com/photos/" + h);
}

std::vector<std::string> FlickrPath(std::string_view handle) { return {"photos", std::string(handle)}; }

constexpr std::array<std::string_view, 23> kVimeoReserved{
    "channels", "groups",   "album",  "showcase", "ondemand", "categories", "watch", "search",
    "upload",   "join",     "log_in", "login",    "features", "blog",       "help",  "about",
    "manage",   "settings", "video",  "event",    "live",     "stock",      "create"};

Result<AccountRef> ParseVimeo(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (s.empty()) return Fail(ctx, "the address names no account");
    if (AllDigits(s[0])) return Fail(ctx, "a number alone is a video");
    const std::string h = core::AsciiLower(s[0]);
    if (IsOneOf(h, kVimeoReserved)) return Fail(ctx, Quote(s[0]) + " is a page of Vimeo, not an account");
    if (h.size() > 64 || !AllAlnumOr(h, "_-")) return Fail(ctx);
    // vimeo.com/user<digits> is the form every account has from its numeric id.
    std::string id = h.size() > 4 && core::StartsWith(h, "user") && AllDigits(h.substr(4)) ? h.substr(4) : "";
    return Make(Network::kVimeo, h, std::move(id), "https://vimeo.com/" + h);
}

Result<AccountRef> ParseGooglePlus(const Context& ctx, const Url& url) {
    std::vector<std::string> s = url.segments;
    if (s.size() >= 2 && s[0] == "u" && AllDigits(s[1])) s.erase(s.begin(), s.begin() + 2);
    if (s.empty()) return Fail(ctx, "the address names no profile");
    if (s[0].size() == 21 && AllDigits(s[0])) {
        return Make(Network::kGooglePlus, s[0], s[0], "https://plus.google.com/" + s[0]);
    }
    if (s[0].size() < 2 || s[0][0] != '+' || !IsSlug(s[0].substr(1))) return Fail(ctx);
    const std::string h = LowerUtf8(s[0]);
    return Make(Network::kGooglePlus, h, "", "https://plus.google.com/" + PercentEncodeSegment(h));
}

std::vector<std::string> GooglePlusPath(std::string_view handle) {
    if (AllDigits(handle) || core::StartsWith(handle, "+")) return {std::string(handle)};
    return {"+" + std::string(handle)};
}

// --- Bluesky -----------------------------------------------------------------------------------------

Result<AccountRef> BlueskyByName(const Context& ctx, std::string_view name) {
    if (IsBlueskyDid(name)) {
        return Make(Network::kBluesky, std::string(name), std::string(name),
                    "https://bsky.app/profile/" + std::string(name));
    }
    const std::string h = core::AsciiLower(name);
    if (!IsBlueskyHandle(h)) return Fail(ctx);
    return Make(Network::kBluesky, h, "", "https://bsky.app/profile/" + h);
}

Result<AccountRef> ParseBluesky(const Context& ctx, const Url& url) {
    const auto& s = url.segments;
    if (url.host != "bsky.app" && url.host != "www.bsky.app") {
        // https://<name>.bsky.social: the handle written as an address.
        if (s.empty() && url.host.ends_with(".bsky.social")) return BlueskyByName(ctx, url.host);
        return Fail(ctx);
    }
    if (s.size() < 2 || !core::IEquals(s[0], "profile")) return Fail(ctx);
    return BlueskyByName(ctx, s[1]);
}

std::vector<std::string> BlueskyPath(std::string_view handle) { return {"profile", std::string(handle)}; }

// --- Mastodon ----------------------------------------------------------------------------------------

// Sites outside the fediverse whose profile paths look like Mastodon's (/@user): never taken for an instance.
constexpr std::array<std::string_view, 4> kNotFediverse{"tiktok.com", "medium.com", "substack.com", "pinterest.com"};

bool IsNotFediverse(std::string_view host) {
    for (std::string_view domain : kNotFediverse) {
        if (host == domain ||
            (host.ends_with(domain) && host.size() > domain.size() && host[host.size() - domain.size() - 1] == '.')) {
            return true;
        }
    }
    return false;
}

// Mastodon user names are letters, digits and '_'; other fediverse servers add '.' and '-'.
bool IsFediverseUser(std::string_view u) { return !u.empty() && u.size() <= 64 && AllAlnumOr(u, "_.-"); }

const NetworkRules* RulesForHost(std::string_view host);

// "user@instance" (a leading '@' is allowed).
Result<AccountRef> MastodonByAddress(const Context& ctx, std::string_view address) {
    if (!address.empty() && address[0] == '@') address.remove_prefix(1);
    const auto at = address.find('@');
    if (at == std::string_view::npos) return Fail(ctx, "the instance is missing (user@instance)");
    const auto user = address.substr(0, at);
    std::string host = LowerUtf8(address.substr(at + 1));
    while (!host.empty() && host.back() == '.') host.pop_back();
    if (!IsFediverseUser(user) || !IsHostName(host)) return Fail(ctx);
    if (const NetworkRules* known = RulesForHost(host)) {
        return Fail(ctx, Quote(host) + " is " + std::string(known->name) + ", not a Mastodon instance");
    }
    if (IsNotFediverse(host)) return Fail(ctx, Quote(host) + " is not a Mastodon instance");
    const std::string u = core::AsciiLower(user);
    return Make(Network::kMastodon, u + "@" + host, "", "https://" + host + "/@" + u);
}

Result<AccountRef> ParseMastodon(const Context& ctx, const Url& url) {
    if (!url.port.empty()) return Fail(ctx, "an instance address has no port number");
    auto s = url.segments;
    if (!s.empty() && s[0] == "web") s.erase(s.begin());
    std::string_view name;
    if (!s.empty() && s[0].size() > 1 && s[0][0] == '@') {
        name = std::string_view(s[0]).substr(1);
    } else if (s.size() >= 2 && s[0] == "users") {
        name = s[1];
    } else {
        return Fail(ctx);
    }
    // https://instance/@user@other.instance shows a remote account: it belongs to the other instance.
    if (name.find('@') != std::string_view::npos) return MastodonByAddress(ctx, name);
    return MastodonByAddress(ctx, std::string(name) + "@" + url.host);
}

// --- Other -------------------------------------------------------------------------------------------

Result<AccountRef> ParseOther(const Context& /*ctx*/, const Url& url) {
    std::string authority = url.host;
    if (!url.port.empty()) authority += ":" + url.port;
    std::string_view path = url.raw_path;
    std::string handle = authority + LowerUtf8(path);
    while (handle.back() == '/') handle.pop_back();
    std::string canonical = "https://" + authority + (path.empty() ? std::string("/") : std::string(path));
    if (!url.raw_query.empty()) canonical += "?" + url.raw_query;
    return Make(Network::kOther, std::move(handle), "", std::move(canonical));
}

// --- The tables --------------------------------------------------------------------------------------

constexpr std::array<NetworkRules, 12> kRules{{
    {Network::kX, "X", "an", "https://x.com/<handle> or <handle>@x", "1 to 15 letters, digits or '_'", "x.com", &ParseX,
     &SplitPath},
    {Network::kFacebook, "Facebook", "a",
     "https://www.facebook.com/<username>, https://www.facebook.com/profile.php?id=<id> or <username>@facebook",
     "a page username (letters, digits and dots) or a numeric id", "www.facebook.com", &ParseFacebook, &OneSegment},
    {Network::kInstagram, "Instagram", "an", "https://www.instagram.com/<username> or <username>@instagram",
     "1 to 30 letters, digits, '.' or '_'", "www.instagram.com", &ParseInstagram, &OneSegment},
    {Network::kThreads, "Threads", "a", "https://www.threads.net/@<username> or <username>@threads",
     "1 to 30 letters, digits, '.' or '_'", "www.threads.net", &ParseThreads, &ThreadsPath},
    {Network::kLinkedin, "LinkedIn", "a",
     "https://www.linkedin.com/company/<name> (or /showcase/, /school/, /in/ instead of /company/)",
     "company/<name>, showcase/<name>, school/<name>, in/<name>, or a company's <name>", "www.linkedin.com",
     &ParseLinkedin, &LinkedinPath},
    {Network::kYoutube, "YouTube", "a",
     "https://www.youtube.com/@<handle>, /channel/UC<22 characters>, /user/<name> or /c/<name>",
     "@<handle>, channel/UC<22 characters>, user/<name> or c/<name>", "www.youtube.com", &ParseYoutube, &YoutubePath},
    {Network::kFlickr, "Flickr", "a", "https://www.flickr.com/photos/<name or NSID such as 12345678@N02>",
     "a Flickr name or an NSID such as 12345678@N02", "www.flickr.com", &ParseFlickr, &FlickrPath},
    {Network::kVimeo, "Vimeo", "a", "https://vimeo.com/<name> (not a video's number)",
     "a name of letters, digits, '_' or '-' (a number alone is a video)", "vimeo.com", &ParseVimeo, &OneSegment},
    {Network::kGooglePlus, "Google+", "a", "https://plus.google.com/+<Name> or https://plus.google.com/<21-digit id>",
     "+<Name> or a 21-digit id", "plus.google.com", &ParseGooglePlus, &GooglePlusPath},
    {Network::kBluesky, "Bluesky", "a",
     "https://bsky.app/profile/<handle or DID>, or a handle such as name.bsky.social",
     "a domain name such as name.bsky.social, or a DID (did:plc:… or did:web:…)", "bsky.app", &ParseBluesky,
     &BlueskyPath},
    {Network::kMastodon, "Mastodon", "a", "https://<instance>/@<user> or @<user>@<instance>", "<user>@<instance>", "",
     &ParseMastodon, nullptr},
    {Network::kOther, "other", "an", "an http(s) URL such as https://example.org/page",
     "an http(s) URL such as https://example.org/page", "", &ParseOther, nullptr},
}};

// Hosts of the known networks; subdomains match too (mobile.twitter.com, m.facebook.com, be.linkedin.com).
struct HostRule {
    std::string_view domain;
    Network network;
};

constexpr std::array<HostRule, 17> kHosts{{
    {"twitter.com", Network::kX},
    {"x.com", Network::kX},
    {"facebook.com", Network::kFacebook},
    {"fb.com", Network::kFacebook},
    {"fb.me", Network::kFacebook},
    {"instagram.com", Network::kInstagram},
    {"instagr.am", Network::kInstagram},
    {"threads.net", Network::kThreads},
    {"threads.com", Network::kThreads},
    {"linkedin.com", Network::kLinkedin},
    {"youtube.com", Network::kYoutube},
    {"youtu.be", Network::kYoutube},
    {"flickr.com", Network::kFlickr},
    {"vimeo.com", Network::kVimeo},
    {"plus.google.com", Network::kGooglePlus},
    {"bsky.app", Network::kBluesky},
    {"bsky.social", Network::kBluesky},
}};

const NetworkRules& RulesFor(Network network) {
    for (const auto& r : kRules) {
        if (r.network == network) return r;
    }
    return kRules.back();
}

const NetworkRules* RulesForHost(std::string_view host) {
    for (const auto& h : kHosts) {
        if (host == h.domain || (host.size() > h.domain.size() && host.ends_with(h.domain) &&
                                 host[host.size() - h.domain.size() - 1] == '.')) {
            return &RulesFor(h.network);
        }
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------------
// Entry points.

// Trims and checks the input; errors name the field and say what is wrong.
Result<std::string_view> CleanInput(std::string_view input) {
    if (input.size() > kMaxInputBytes) {
        return InvalidInput("the account URL is " + std::to_string(input.size()) + " bytes long; at most " +
                            std::to_string(kMaxInputBytes) + " are accepted");
    }
    size_t bad = 0;
    if (!core::IsValidUtf8(input, &bad)) {
        return InvalidInput("the account URL is not valid UTF-8 (bad byte at offset " + std::to_string(bad) + ")");
    }
    const std::string_view text = TrimSpaces(input);
    if (text.empty()) {
        return InvalidInput(
            "the account URL is empty: expected a URL such as https://x.com/<handle>, or "
            "<handle>@<network>");
    }
    if (ContainsSpaceOrControl(text)) {
        return InvalidInput(Quote(text) +
                            " contains a space or an invisible character: give one URL or handle, "
                            "such as https://x.com/<handle> or <handle>@x");
    }
    return text;
}

std::string NetworkLabel(Network network) { return std::string(RulesFor(network).name); }

Error Mismatch(std::string_view input, Network found, Network hint) {
    if (hint == Network::kOther) {
        return InvalidInput(Quote(input) + " is " + std::string(RulesFor(found).article) + " " + NetworkLabel(found) +
                            " account: choose the network '" + std::string(core::NetworkName(found)) +
                            "' rather than 'other'");
    }
    return InvalidInput(Quote(input) + " is " + std::string(RulesFor(found).article) + " " + NetworkLabel(found) +
                        " address, but the network chosen is " + NetworkLabel(hint) + ": give " +
                        std::string(RulesFor(hint).article) + " " + NetworkLabel(hint) +
                        " account or choose the network '" + std::string(core::NetworkName(found)) + "'");
}

Error UnknownHost(std::string_view input) {
    return InvalidInput(Quote(input) +
                        " is not a known network's account URL; pick the network 'other' or 'mastodon' if it is one");
}

Result<AccountRef> FromHandleImpl(Network network, std::string_view text, std::string_view quoted);

// "handle@network", "@user@instance", "user@instance" (no '/').
Result<AccountRef> ParseAtForm(std::string_view text, std::optional<Network> hint) {
    const auto at = text.rfind('@');
    const auto left = text.substr(0, at);
    const auto right = text.substr(at + 1);
    const std::string_view bare = !left.empty() && left[0] == '@' ? left.substr(1) : left;
    if (!bare.empty() && bare.find('@') == std::string_view::npos) {
        if (const auto network = core::ParseNetwork(right)) {
            if (hint && *hint != *network) {
                if (*hint == Network::kOther) return Mismatch(text, *network, *hint);
                return InvalidInput(Quote(text) + " names the network " + NetworkLabel(*network) +
                                    ", but the network chosen is " + NetworkLabel(*hint));
            }
            return FromHandleImpl(*network, left, text);
        }
    }
    const bool fediverse_address = (text.size() > 1 && text[0] == '@') || (hint && *hint == Network::kMastodon);
    if (!fediverse_address) {
        if (hint) return FromHandleImpl(*hint, text, text);
        return InvalidInput(Quote(text) + " is not an account address: expected <handle>@<network> (such as " +
                            "belgiumbe@x), @<user>@<instance> for Mastodon, or a URL");
    }
    if (text.size() > 1 && text[0] == '@' && text.find('@', 1) == std::string_view::npos) {
        // "@belgiumbe": a bare handle, usable only when the network is known.
        if (hint) return FromHandleImpl(*hint, text, text);
        return InvalidInput(Quote(text) + " does not say which network it is on: write " + std::string(text.substr(1)) +
                            "@<network> (such as " + std::string(text.substr(1)) + "@x) or give the account's URL");
    }
    if (hint && *hint != Network::kMastodon) return Mismatch(text, Network::kMastodon, *hint);
    const Context ctx{text, false, &RulesFor(Network::kMastodon)};
    return MastodonByAddress(ctx, text);
}

Result<AccountRef> ParseHttpUrl(std::string_view text, std::optional<Network> hint) {
    BELFRY_ASSIGN_OR_RETURN(url, SplitUrl(text));
    const NetworkRules* rules = RulesForHost(url.host);
    if (rules == nullptr) {
        const Network assumed = hint.value_or(Network::kMastodon);
        const Context ctx{text, false, &RulesFor(assumed)};
        if (assumed == Network::kOther) return ParseOther(ctx, url);
        if (assumed != Network::kMastodon) {
            return Fail(ctx, Quote(url.host) + " is not " + std::string(ctx.rules->article) + " " +
                                 NetworkLabel(assumed) + " address");
        }
        if (IsNotFediverse(url.host)) {
            if (!hint) return UnknownHost(text);
            return Fail(ctx, Quote(url.host) + " is not a Mastodon instance");
        }
        // Without a hint, an unknown host is taken for a Mastodon instance only when the path has the
        // shape of a Mastodon profile.
        auto account = ParseMastodon(ctx, url);
        if (!account.ok() && !hint) return UnknownHost(text);
        return account;
    }
    // Old "#!/" addresses (twitter.com/#!/belgiumbe, facebook.com/#!/Belgium.be) carry the path in the fragment.
    if (url.segments.empty() && core::StartsWith(url.fragment, "!/")) {
        const std::string_view moved = std::string_view(url.fragment).substr(1);
        const auto question = moved.find('?');
        const std::string path(moved.substr(0, question));
        const std::string query(question == std::string_view::npos ? std::string_view() : moved.substr(question + 1));
        if (!SetPathAndQuery(url, path, query)) {
            return InvalidInput(Quote(text) + " has a malformed percent-escape (expected %XX encoding UTF-8)");
        }
    }
    const Context ctx{text, false, rules};
    if (hint && *hint == Network::kOther) {
        // Something on a known network that is not an account (a group, a video) may be registered as
        // 'other'; an account of a known network may not.
        if (url.port.empty() && rules->parse(ctx, url).ok()) {
            return InvalidInput(Quote(text) + " is " + std::string(rules->article) + " " + std::string(rules->name) +
                                " account URL: choose the network '" + std::string(core::NetworkName(rules->network)) +
                                "' rather than 'other'");
        }
        const Context other{text, false, &RulesFor(Network::kOther)};
        return ParseOther(other, url);
    }
    if (hint && *hint != rules->network) return Mismatch(text, rules->network, *hint);
    if (!url.port.empty()) return Fail(ctx, "an account address has no port number");
    return rules->parse(ctx, url);
}

Result<AccountRef> FromHandleImpl(Network network, std::string_view text, std::string_view quoted) {
    if (HasScheme(text)) return ParseAccountUrl(text, network);
    const NetworkRules& rules = RulesFor(network);
    const Context ctx{quoted, true, &rules};
    if (network == Network::kOther) return ParseHttpUrl(text, network);
    if (network == Network::kMastodon) return MastodonByAddress(ctx, text);
    if (IsBlueskyDid(text)) {
        if (network != Network::kBluesky) return Fail(ctx, "a DID belongs to Bluesky");
        return BlueskyByName(ctx, text);
    }
    // A leading '@' is how handles are usually written; YouTube and Threads keep it in their URLs anyway.
    if (!text.empty() && text[0] == '@') text.remove_prefix(1);
    if (text.empty()) return Fail(ctx, "the handle is empty");
    // Only the networks with several kinds of account take a path-like handle ("company/<slug>").
    const bool path_like = network == Network::kLinkedin || network == Network::kYoutube ||
                           (network == Network::kX && core::StartsWith(text, "i/user/"));
    if (text.find_first_of(path_like ? "?#" : "/?#") != std::string_view::npos) return Fail(ctx);
    Url url;
    url.host = std::string(rules.host);
    for (const auto& segment : rules.handle_path(text)) {
        auto decoded = PercentDecode(segment);
        if (!decoded || decoded->empty() || decoded->find('/') != std::string::npos) return Fail(ctx);
        url.segments.push_back(std::move(*decoded));
    }
    if (path_like && url.segments.size() > (network == Network::kX ? 3U : 2U)) return Fail(ctx);
    return rules.parse(ctx, url);
}

}  // namespace

Result<AccountRef> ParseAccountUrl(std::string_view input, std::optional<Network> hint) {
    BELFRY_ASSIGN_OR_RETURN(text, CleanInput(input));
    if (core::StartsWith(text, "did:")) {
        if (hint && *hint != Network::kBluesky) return Mismatch(text, Network::kBluesky, *hint);
        return FromHandleImpl(Network::kBluesky, text, text);
    }
    const bool has_scheme = HasScheme(text);
    if (!has_scheme && text.find("://") != std::string_view::npos) {
        return InvalidInput(Quote(text) + " is not an http(s) URL: only http:// and https:// addresses are accepted");
    }
    const auto end_of_host = text.find_first_of("/?#");
    const std::string_view first = text.substr(0, end_of_host);
    const auto last_at = text.rfind('@');
    if (!has_scheme && last_at != std::string_view::npos &&
        (end_of_host == std::string_view::npos ||
         (first.find('.') == std::string_view::npos && core::ParseNetwork(text.substr(last_at + 1))))) {
        // "belgiumbe@x", "company/fod-financien@linkedin", "@user@instance".
        return ParseAtForm(text, hint);
    }
    if (!has_scheme && first.find('.') == std::string_view::npos) {
        // "belgiumbe": a bare handle, usable only when the network is known.
        if (hint && *hint != Network::kOther) return FromHandleImpl(*hint, text, text);
        if (hint) return Fail(Context{text, false, &RulesFor(*hint)});
        return InvalidInput(Quote(text) + " is neither a URL nor <handle>@<network>: expected a URL such as " +
                            "https://x.com/<handle>, or <handle>@<network> such as belgiumbe@x");
    }
    if (!has_scheme && end_of_host == std::string_view::npos && hint && *hint != Network::kOther &&
        *hint != Network::kMastodon && RulesForHost(core::AsciiLower(first)) == nullptr) {
        // "belgium.be" for facebook, "belgium.bsky.social" for bluesky: a handle with dots.
        return FromHandleImpl(*hint, text, text);
    }
    return ParseHttpUrl(text, hint);
}

Result<AccountRef> FromHandle(Network network, std::string_view handle) {
    BELFRY_ASSIGN_OR_RETURN(text, CleanInput(handle));
    return FromHandleImpl(network, text, text);
}

bool HandleIsCaseInsensitive(Network network) {
    return network != Network::kYoutube && network != Network::kBluesky && network != Network::kOther;
}

bool HandleIsCaseInsensitive(Network network, std::string_view handle) {
    switch (network) {
        case Network::kYoutube:
            return !core::StartsWith(handle, "channel/");
        case Network::kBluesky:
            return !core::StartsWith(handle, "did:");
        case Network::kOther:
            return false;
        default:
            return true;
    }
}

}  // namespace belfry::registry
