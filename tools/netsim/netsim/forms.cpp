#include "netsim/forms.hpp"

#include <boost/json.hpp>

#include "core/text.hpp"

namespace belfry::netsim {

namespace json = boost::json;

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string Decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

void AddJson(Params& params, const std::string& key, const json::value& v) {
    switch (v.kind()) {
        case json::kind::string:
            params.Add(key, std::string(v.get_string()));
            break;
        case json::kind::bool_:
            params.Add(key, v.get_bool() ? "true" : "false");
            break;
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            params.Add(key, json::serialize(v));
            break;
        case json::kind::null:
            break;
        case json::kind::array:
            for (const auto& item : v.get_array()) AddJson(params, key + "[]", item);
            break;
        case json::kind::object:
            for (const auto& kv : v.get_object()) AddJson(params, key + "[" + std::string(kv.key()) + "]", kv.value());
            break;
    }
}

core::Status ParseMultipart(const std::string& body, const std::string& content_type, Params& params) {
    const std::string boundary = HeaderParam(content_type, "boundary");
    if (boundary.empty()) return core::Error::Invalid("body", "multipart/form-data without a boundary");
    const std::string delimiter = "--" + boundary;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string::npos) return core::Error::Invalid("body", "multipart body without its boundary");
    for (;;) {
        pos += delimiter.size();
        if (body.compare(pos, 2, "--") == 0) return core::Ok();  // closing delimiter
        if (body.compare(pos, 2, "\r\n") != 0) return core::Error::Invalid("body", "malformed multipart delimiter");
        pos += 2;
        const std::size_t headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string::npos) return core::Error::Invalid("body", "multipart part without headers");
        const std::size_t next = body.find("\r\n" + delimiter, headers_end + 4);
        if (next == std::string::npos) return core::Error::Invalid("body", "multipart part is not terminated");
        std::string name;
        FilePart part;
        bool is_file = false;
        for (const auto& line : core::Split(body.substr(pos, headers_end - pos), '\n')) {
            const std::string l(core::Trim(line));
            const auto colon = l.find(':');
            if (colon == std::string::npos) continue;
            const std::string header = core::AsciiLower(l.substr(0, colon));
            const std::string value(core::Trim(l.substr(colon + 1)));
            if (header == "content-disposition") {
                name = HeaderParam(value, "name");
                if (value.find("filename=") != std::string::npos) {
                    is_file = true;
                    part.filename = HeaderParam(value, "filename");
                }
            } else if (header == "content-type") {
                part.content_type = value;
            }
        }
        std::string data = body.substr(headers_end + 4, next - headers_end - 4);
        if (is_file) {
            part.data = std::move(data);
            params.AddFile(name, std::move(part));
        } else if (!name.empty()) {
            params.Add(name, std::move(data));
        }
        pos = next + 2;
    }
}

}  // namespace

std::optional<std::string> Params::Get(const std::string& key) const {
    auto [begin, end] = values_.equal_range(key);
    if (begin == end) return std::nullopt;
    return std::prev(end)->second;
}

std::vector<std::string> Params::All(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& k : {key + "[]", key}) {
        auto [begin, end] = values_.equal_range(k);
        for (auto it = begin; it != end; ++it) out.push_back(it->second);
    }
    return out;
}

const FilePart* Params::File(const std::string& key) const {
    auto it = files_.find(key);
    return it == files_.end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(const std::string& body) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& pair : core::Split(body, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string::npos) {
            out.emplace_back(Decode(pair), "");
        } else {
            out.emplace_back(Decode(std::string_view(pair).substr(0, eq)),
                             Decode(std::string_view(pair).substr(eq + 1)));
        }
    }
    return out;
}

std::string HeaderParam(const std::string& header, const std::string& name) {
    for (const auto& piece : core::Split(header, ';')) {
        const std::string p(core::Trim(piece));
        const auto eq = p.find('=');
        if (eq == std::string::npos || core::AsciiLower(std::string(core::Trim(p.substr(0, eq)))) != name) continue;
        std::string value(core::Trim(p.substr(eq + 1)));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return value;
    }
    return "";
}

core::Result<Params> ParseParams(const http::Request& req) {
    Params params;
    for (const auto& [k, v] : req.query) params.Add(k, v);
    if (req.body.empty()) return params;
    const std::string content_type = req.Header("content-type");
    const std::string media_type =
        core::AsciiLower(std::string(core::Trim(content_type.substr(0, content_type.find(';')))));
    if (media_type == "application/json") {
        boost::system::error_code ec;
        const json::value v = json::parse(req.body, ec);
        if (ec || !v.is_object()) return core::Error::Invalid("body", "the body is not a JSON object");
        for (const auto& kv : v.get_object()) AddJson(params, std::string(kv.key()), kv.value());
    } else if (media_type == "multipart/form-data") {
        BELFRY_TRY(ParseMultipart(req.body, content_type, params));
    } else {
        for (auto& [k, v] : ParseUrlEncoded(req.body)) params.Add(std::move(k), std::move(v));
    }
    return params;
}

}  // namespace belfry::netsim
