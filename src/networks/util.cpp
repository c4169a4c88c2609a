#include "networks/util.hpp"

#include <boost/json/parse.hpp>
#include <cstdio>
#include <ctime>
#include <system_error>

#include "core/text.hpp"

namespace belfry::networks {

std::string UrlEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

std::string JoinUrl(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base) + std::string(path);
}

std::string UrlHost(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    const auto end = rest.find_first_of("/?#");
    if (end != std::string_view::npos) rest = rest.substr(0, end);
    const auto at = rest.rfind('@');
    if (at != std::string_view::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() != '[') {
        const auto colon = rest.find(':');
        if (colon != std::string_view::npos) rest = rest.substr(0, colon);
    }
    return std::string(rest);
}

std::optional<boost::json::object> ParseJsonObject(std::string_view body) {
    std::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

std::string JsonString(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return {};
    return std::string(v->as_string());
}

std::string NetworkMessage(const HttpResponse& response) {
    if (auto o = ParseJsonObject(response.body)) {
        std::string error = JsonString(*o, "error");
        std::string message = JsonString(*o, "message");
        const std::string description = JsonString(*o, "error_description");
        if (!error.empty() && !message.empty()) return error + ": " + message;
        if (!error.empty() && !description.empty()) return error + ": " + description;
        if (!error.empty()) return error;
        if (!message.empty()) return message;
    }
    if (!response.body.empty()) {
        std::string cut = response.body.substr(0, 300);
        size_t bad = 0;
        if (!core::IsValidUtf8(cut, &bad)) cut.resize(bad);  // never a UTF-8 sequence cut in half
        if (!cut.empty()) return cut;
    }
    return "HTTP " + std::to_string(response.status);
}

std::string FormatRfc3339Millis(core::Millis ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

bool IsValidIdempotencyKey(std::string_view key) {
    if (key.empty() || key.size() > 64) return false;
    for (const char c : key) {
        if (c < 0x21 || c > 0x7E) return false;
    }
    return true;
}

const core::Clock& ClockOrSystem(const ConnectorOptions& options) {
    static const core::SystemClock system;
    return options.clock != nullptr ? *options.clock : system;
}

PublishResult MakeResult(Outcome outcome, std::string network_message, std::string explanation, int http_status) {
    PublishResult r;
    r.outcome = outcome;
    r.network_message = std::move(network_message);
    r.explanation = std::move(explanation);
    r.http_status = http_status;
    return r;
}

}  // namespace belfry::networks
