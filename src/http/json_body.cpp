#include "http/json_body.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/text.hpp"

namespace belfry::http {

namespace json = boost::json;
using core::Error;

core::Result<json::object> ParseJsonObject(const Request& req) {
    const std::string type = core::AsciiLower(req.Header("content-type"));
    if (!core::StartsWith(type, "application/json")) {
        Error e{core::ErrorCode::kUnsupportedMediaType,
                "send the body as JSON with the header Content-Type: application/json (got '" + type + "')",
                "Content-Type",
                {},
                0};
        return e;
    }
    size_t bad = 0;
    if (!core::IsValidUtf8(req.body, &bad)) {
        return Error::Invalid("body", "the body is not valid UTF-8 (first bad byte at offset " + std::to_string(bad) +
                                          "): send UTF-8 text");
    }
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 32;
    json::value v = json::parse(req.body, ec, {}, opts);
    if (ec) return Error::Invalid("body", "the body is not valid JSON: " + ec.message());
    if (!v.is_object()) return Error::Invalid("body", "the body must be a JSON object ({…})");
    return std::move(v.as_object());
}

const json::value* FieldReader::Find(const std::string& key, bool required) {
    known_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) {
        if (required) Fail(key, Name(key) + " is required");
        return nullptr;
    }
    return &it->value();
}

void FieldReader::Fail(const std::string& key, const std::string& message) {
    if (!error_) error_ = Error::Invalid(Name(key), message);
}

std::optional<std::string> FieldReader::String(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
        Fail(key, Name(key) + " must be a string");
        return std::nullopt;
    }
    return std::string(v->as_string());
}

std::optional<long long> FieldReader::Int(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<long long>(v->as_uint64());
    }
    Fail(key, Name(key) + " must be an integer");
    return std::nullopt;
}

bool TakeNull(boost::json::object& body, const std::string& key) {
    const auto* v = body.if_contains(key);
    if (v == nullptr || !v->is_null()) return false;
    body.erase(key);
    return true;
}

std::optional<double> FieldReader::Number(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return std::nullopt;
    if (v->is_double()) return v->as_double();
    if (v->is_int64()) return static_cast<double>(v->as_int64());
    if (v->is_uint64()) return static_cast<double>(v->as_uint64());
    Fail(key, Name(key) + " must be a number");
    return std::nullopt;
}

std::optional<bool> FieldReader::Bool(const std::string& key) {
    const auto* v = Find(key, false);
    if (v == nullptr) return std::nullopt;
    if (!v->is_bool()) {
        Fail(key, Name(key) + " must be true or false");
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<std::vector<std::string>> FieldReader::StringList(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array()) {
        Fail(key, Name(key) + " must be an array of strings");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) {
            Fail(key, Name(key) + " must be an array of strings");
            return std::nullopt;
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

std::optional<std::vector<long long>> FieldReader::IntList(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return std::nullopt;
    std::vector<long long> out;
    if (v->is_array()) {
        for (const auto& item : v->as_array()) {
            if (!item.is_int64()) break;
            out.push_back(item.as_int64());
        }
        if (out.size() == v->as_array().size()) return out;
    }
    Fail(key, Name(key) + " must be an array of integers");
    return std::nullopt;
}

std::optional<core::Millis> FieldReader::Time(const std::string& key, bool required) {
    auto s = String(key, required);
    if (!s) return std::nullopt;
    auto t = core::ParseRfc3339(*s);
    if (!t) Fail(key, Name(key) + " must be a date-time like 2027-06-30T00:00:00Z (got '" + *s + "')");
    return t;
}

std::optional<std::optional<std::string>> FieldReader::NullableString(const std::string& key) {
    const auto* v = Find(key, false);
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) {
        Fail(key, Name(key) + " must be a string or null");
        return std::nullopt;
    }
    return std::optional<std::string>(std::string(v->as_string()));
}

std::optional<std::optional<long long>> FieldReader::NullableInt(const std::string& key) {
    const auto* v = Find(key, false);
    if (v == nullptr) return std::nullopt;
    if (v->is_null()) return std::optional<long long>();
    if (v->is_int64()) return std::optional<long long>(v->as_int64());
    Fail(key, Name(key) + " must be an integer or null");
    return std::nullopt;
}

std::optional<std::optional<core::Millis>> FieldReader::NullableTime(const std::string& key) {
    auto s = NullableString(key);
    if (!s) return std::nullopt;
    if (!*s) return std::optional<core::Millis>();
    auto t = core::ParseRfc3339(**s);
    if (!t) {
        Fail(key, Name(key) + " must be a date-time like 2027-06-30T00:00:00Z or null");
        return std::nullopt;
    }
    return std::optional<core::Millis>(*t);
}

const json::object* FieldReader::Object(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
        Fail(key, Name(key) + " must be an object");
        return nullptr;
    }
    return &v->as_object();
}

const json::array* FieldReader::Array(const std::string& key, bool required) {
    const auto* v = Find(key, required);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
        Fail(key, Name(key) + " must be an array");
        return nullptr;
    }
    return &v->as_array();
}

core::Status FieldReader::Finish() {
    if (error_) return *error_;
    for (const auto& kv : object_) {
        const std::string key(kv.key());
        if (known_.count(key) == 0) {
            std::string allowed;
            for (const auto& k : known_) allowed += (allowed.empty() ? "" : ", ") + k;
            return Error::Invalid(Name(key), "unknown field '" + Name(key) + "': allowed fields are " + allowed);
        }
    }
    return core::Ok();
}

core::Result<std::optional<long long>> QueryInt(const Request& req, const std::string& name) {
    auto v = req.QueryParam(name);
    if (!v) return std::optional<long long>();
    long long out = 0;
    const auto* end = v->data() + v->size();
    auto [ptr, ec] = std::from_chars(v->data(), end, out);
    if (ec != std::errc() || ptr != end) {
        return Error::Invalid(name, "query parameter " + name + " must be an integer (got '" + *v + "')");
    }
    return std::optional<long long>(out);
}

std::vector<std::string> QueryList(const Request& req, const std::string& name) {
    std::vector<std::string> out;
    auto [from, to] = req.query.equal_range(name);
    for (auto it = from; it != to; ++it) {
        for (auto& part : core::Split(it->second, ',')) {
            auto t = std::string(core::Trim(part));
            if (!t.empty()) out.push_back(std::move(t));
        }
    }
    return out;
}

core::Result<std::pair<int, int>> QueryPage(const Request& req) {
    BELFRY_ASSIGN_OR_RETURN(page, QueryInt(req, "page"));
    BELFRY_ASSIGN_OR_RETURN(per_page, QueryInt(req, "per_page"));
    const long long p = page.value_or(1);
    const long long pp = per_page.value_or(50);
    if (p < 1 || p > 1000000) return Error::Invalid("page", "page must be 1 or more");
    if (pp < 1 || pp > 200) return Error::Invalid("per_page", "per_page must be between 1 and 200");
    return std::make_pair(static_cast<int>(p), static_cast<int>(pp));
}

}  // namespace belfry::http
