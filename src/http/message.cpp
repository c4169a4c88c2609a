#include "http/message.hpp"

#include <boost/json.hpp>

#include "core/text.hpp"

namespace belfry::http {

namespace json = boost::json;

std::string Request::Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::QueryParam(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::string Request::Cookie(const std::string& name) const {
    const std::string header = Header("cookie");
    for (const auto& part : core::Split(header, ';')) {
        const auto kv = core::Trim(part);
        const auto eq = kv.find('=');
        if (eq != std::string_view::npos && kv.substr(0, eq) == name) return std::string(kv.substr(eq + 1));
    }
    return {};
}

Response Response::Json(int status, const json::value& v) {
    Response r;
    r.status = status;
    r.body = json::serialize(v);
    return r;
}

Response Response::NoContent() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
}

int StatusFor(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument:
            return 400;
        case core::ErrorCode::kUnauthenticated:
            return 401;
        case core::ErrorCode::kPermissionDenied:
            return 403;
        case core::ErrorCode::kNotFound:
            return 404;
        case core::ErrorCode::kConflict:
            return 409;
        case core::ErrorCode::kPayloadTooLarge:
            return 413;
        case core::ErrorCode::kUnsupportedMediaType:
            return 415;
        case core::ErrorCode::kTooManyRequests:
            return 429;
        case core::ErrorCode::kUnavailable:
            return 503;
        case core::ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

namespace {
std::pair<const char*, const char*> KindAndTitle(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument:
            return {"invalid-request", "The request is not valid"};
        case core::ErrorCode::kUnauthenticated:
            return {"unauthenticated", "Sign-in required"};
        case core::ErrorCode::kPermissionDenied:
            return {"forbidden", "Not allowed"};
        case core::ErrorCode::kNotFound:
            return {"not-found", "Not found"};
        case core::ErrorCode::kConflict:
            return {"conflict", "Conflict with the current state"};
        case core::ErrorCode::kPayloadTooLarge:
            return {"payload-too-large", "Request body too large"};
        case core::ErrorCode::kUnsupportedMediaType:
            return {"unsupported-media-type", "Unsupported media type"};
        case core::ErrorCode::kTooManyRequests:
            return {"too-many-requests", "Too many requests"};
        case core::ErrorCode::kUnavailable:
            return {"unavailable", "Service unavailable"};
        case core::ErrorCode::kInternal:
            return {"internal", "Internal error"};
    }
    return {"internal", "Internal error"};
}
}  // namespace

Response Response::Problem(const core::Error& error, const std::string& instance) {
    auto [kind, title] = KindAndTitle(error.code);
    const int status = StatusFor(error.code);
    std::string type = kind;
    // CSRF failures are a forbidden of their own kind, so clients can refresh the token.
    if (error.code == core::ErrorCode::kPermissionDenied && error.field == "X-CSRF-Token") type = "csrf";
    json::object o{{"type", "/problems/" + type}, {"title", title}, {"status", status}, {"detail", error.message}};
    if (!instance.empty()) o["instance"] = instance;
    if (!error.field.empty()) o["field"] = error.field;
    if (!error.details.empty()) {
        json::array errs;
        for (const auto& d : error.details) {
            json::object item{{"field", d.field}, {"message", d.message}};
            if (d.channel_id != 0) item["channel_id"] = d.channel_id;
            errs.push_back(std::move(item));
        }
        o["errors"] = std::move(errs);
    }
    Response r = Json(status, o);
    r.content_type = "application/problem+json; charset=utf-8";
    if (error.code == core::ErrorCode::kTooManyRequests && error.retry_after_seconds > 0) {
        r.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
    }
    return r;
}

}  // namespace belfry::http
