// Bluesky: XRPC dispatch, authentication, rate limits, sessions, accounts (see bluesky.hpp).
#include "netsim/bluesky/bluesky.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "netsim/bluesky/internal.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using bluesky::XrpcError;

namespace {

enum class Auth { kNone, kAccess, kRefresh };

std::string Nsid(const http::Request& req) {
    return core::StartsWith(req.path, "/xrpc/") ? req.path.substr(6) : std::string();
}

}  // namespace

struct Bluesky::Method {
    const char* nsid;
    const char* http_method;
    Auth auth;
    bool json_input;
    http::Response (Bluesky::*fn)(Call&);
};

const std::vector<Bluesky::Method>& Bluesky::Methods() {
    static const std::vector<Method> kMethods{
        {"com.atproto.server.createSession", "POST", Auth::kNone, true, &Bluesky::CreateSession},
        {"com.atproto.server.refreshSession", "POST", Auth::kRefresh, false, &Bluesky::RefreshSession},
        {"com.atproto.server.getSession", "GET", Auth::kAccess, false, &Bluesky::GetSession},
        {"com.atproto.repo.uploadBlob", "POST", Auth::kAccess, false, &Bluesky::UploadBlob},
        {"com.atproto.repo.createRecord", "POST", Auth::kAccess, true, &Bluesky::CreateRecord},
        {"com.atproto.repo.getRecord", "GET", Auth::kNone, false, &Bluesky::GetRecord},
        {"com.atproto.repo.listRecords", "GET", Auth::kNone, false, &Bluesky::ListRecords},
        {"com.atproto.repo.deleteRecord", "POST", Auth::kAccess, true, &Bluesky::DeleteRecord},
        {"com.atproto.sync.getBlob", "GET", Auth::kNone, false, &Bluesky::GetBlob},
        {"com.atproto.repo.putRecord", "POST", Auth::kAccess, true, &Bluesky::PutRecord},
        {"com.atproto.repo.describeRepo", "GET", Auth::kNone, false, &Bluesky::DescribeRepo},
        {"com.atproto.sync.listRepos", "GET", Auth::kNone, false, &Bluesky::ListRepos},
        {"app.bsky.notification.listNotifications", "GET", Auth::kAccess, false, &Bluesky::ListNotifications},
    };
    return kMethods;
}

bool Bluesky::Handles(const http::Request& req) const { return core::StartsWith(req.path, "/xrpc/"); }

std::string Bluesky::Endpoint(const http::Request& req) const {
    std::string nsid = Nsid(req);
    for (const auto& m : Methods()) {
        if (nsid == m.nsid) return nsid;
    }
    return "";
}

std::vector<std::string> Bluesky::Endpoints() const {
    std::vector<std::string> out;
    for (const auto& m : Methods()) out.emplace_back(m.nsid);
    return out;
}

http::Response Bluesky::FaultResponse(FaultKind kind) const {
    if (kind == FaultKind::k429) return XrpcError(429, "RateLimitExceeded", "Rate Limit Exceeded");
    return XrpcError(500, "InternalServerError", "Internal Server Error");
}

http::Response Bluesky::Handle(http::Request& req) {
    const std::string nsid = Nsid(req);
    if (nsid == "_health") return JsonAnswer(200, json::object{{"version", "netsim"}});
    for (const auto& m : Methods()) {
        if (nsid == m.nsid) return Dispatch(m, req);
    }
    return XrpcError(501, "MethodNotImplemented", "Method Not Implemented");
}

http::Response Bluesky::Dispatch(const Method& method, http::Request& req) {
    if (req.method != method.http_method) {
        return XrpcError(400, "InvalidRequest",
                         "Incorrect HTTP method (" + req.method + ") expected " + method.http_method);
    }
    if (core::StartsWith(method.nsid, "app.bsky.") &&
        !ctx_.state.Locked([](Data& d) { return d.settings.bluesky_appview; })) {
        // A PDS without an AppView to proxy app.bsky.* to (checked on @atproto/pds 0.5.35).
        return XrpcError(400, "InvalidRequest", std::string("No service configured for ") + method.nsid);
    }
    Call call{req, {}, ""};
    if (method.json_input) {
        const std::string type = core::AsciiLower(req.Header("content-type"));
        if (!core::StartsWith(type, "application/json")) {
            return XrpcError(400, "InvalidRequest", "Wrong request encoding (Content-Type): " + type);
        }
        boost::system::error_code ec;
        json::value v = json::parse(req.body, ec);
        if (ec || !v.is_object()) return XrpcError(400, "InvalidRequest", "Input must be an object");
        call.input = std::move(v.as_object());
    }

    if (method.auth != Auth::kNone) {
        const std::string token = BearerToken(req);
        if (token.empty()) return XrpcError(401, "AuthMissing", "Authentication Required");
        const core::Millis now = ctx_.clock.NowMs();
        std::optional<http::Response> refused = ctx_.state.Locked([&](Data& d) -> std::optional<http::Response> {
            auto it = d.sessions.find(token);
            if (it == d.sessions.end()) return XrpcError(400, "InvalidToken", "Malformed token");
            const Session& s = it->second;
            if (s.refresh != (method.auth == Auth::kRefresh)) return XrpcError(400, "InvalidToken", "Bad token scope");
            if (s.revoked) return XrpcError(400, "ExpiredToken", "Token has been revoked");
            if (now >= s.expires_at) return XrpcError(400, "ExpiredToken", "Token has expired");
            call.did = s.did;
            return std::nullopt;
        });
        if (refused) return *refused;
    }

    std::vector<Charge> charges;
    const std::string nsid = method.nsid;
    if (nsid == "com.atproto.repo.createRecord" || nsid == "com.atproto.repo.deleteRecord" ||
        nsid == "com.atproto.repo.putRecord") {
        const long points = nsid == "com.atproto.repo.createRecord" ? 3 : nsid == "com.atproto.repo.putRecord" ? 2 : 1;
        charges = {{"bluesky.write_hour", call.did, points}, {"bluesky.write_day", call.did, points}};
    } else if (nsid == "com.atproto.server.createSession") {
        const auto id = call.input.if_contains("identifier");
        const std::string key = id && id->is_string() ? core::AsciiLower(std::string(id->get_string())) : "";
        charges = {{"bluesky.session_5min", key, 1}, {"bluesky.session_day", key, 1}};
    }
    Decision limit;
    if (!charges.empty()) limit = ctx_.limiter.Consume(charges, ctx_.clock.NowMs());
    auto with_headers = [&](http::Response res) {
        if (limit.limit > 0) {
            res.headers.emplace_back("RateLimit-Limit", std::to_string(limit.limit));
            res.headers.emplace_back("RateLimit-Remaining", std::to_string(limit.remaining));
            res.headers.emplace_back("RateLimit-Reset", std::to_string(limit.reset_at / 1000));
            res.headers.emplace_back("RateLimit-Policy",
                                     std::to_string(limit.limit) + ";w=" + std::to_string(limit.window_ms / 1000));
        }
        return res;
    };
    if (!limit.allowed) return with_headers(XrpcError(429, "RateLimitExceeded", "Rate Limit Exceeded"));
    return with_headers((this->*method.fn)(call));
}

json::object Bluesky::IssueSession(Data& d, const Account& a) {
    const core::Millis now = ctx_.clock.NowMs();
    const std::string access = ctx_.ids.Jwt("com.atproto.access", a.id, now, now + bluesky::kAccessLifetime);
    const std::string refresh = ctx_.ids.Jwt("com.atproto.refresh", a.id, now, now + bluesky::kRefreshLifetime);
    d.sessions[access] = {a.id, false, false, now + bluesky::kAccessLifetime};
    d.sessions[refresh] = {a.id, true, false, now + bluesky::kRefreshLifetime};
    return json::object{
        {"accessJwt", access}, {"refreshJwt", refresh}, {"handle", a.handle}, {"did", a.id}, {"active", true}};
}

http::Response Bluesky::CreateSession(Call& call) {
    const auto identifier = bluesky::InputString(call.input, "identifier");
    const auto password = bluesky::InputString(call.input, "password");
    if (!identifier) return XrpcError(400, "InvalidRequest", "Input must have the property \"identifier\"");
    if (!password) return XrpcError(400, "InvalidRequest", "Input must have the property \"password\"");
    return ctx_.state.Locked([&](Data& d) {
        const Account* a = d.FindAccount(kBluesky, *identifier);
        if (!a || a->password != *password) {
            return XrpcError(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        return JsonAnswer(200, IssueSession(d, *a));
    });
}

http::Response Bluesky::RefreshSession(Call& call) {
    const std::string token = BearerToken(call.req);
    return ctx_.state.Locked([&](Data& d) {
        d.sessions[token].revoked = true;
        const Account* a = d.FindAccount(kBluesky, call.did);
        if (!a) return XrpcError(400, "InvalidToken", "Malformed token");
        return JsonAnswer(200, IssueSession(d, *a));
    });
}

http::Response Bluesky::GetSession(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        const Account* a = d.FindAccount(kBluesky, call.did);
        if (!a) return XrpcError(400, "InvalidToken", "Malformed token");
        return JsonAnswer(200, json::object{{"handle", a->handle}, {"did", a->id}, {"active", true}});
    });
}

core::Result<json::object> Bluesky::CreateAccount(const std::string& handle) {
    const std::string h = core::AsciiLower(handle);
    if (h.empty() || h.size() > 253 ||
        h.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos || h.front() == '.' ||
        h.back() == '.') {
        return core::Error::Invalid("handle", "a Bluesky handle is a domain name, e.g. belgium.bsky.social");
    }
    const core::Millis now = ctx_.clock.NowMs();
    Account a{kBluesky, ctx_.ids.Did(), h, "", ctx_.ids.Token(18), now};
    return ctx_.state.Locked([&](Data& d) -> core::Result<json::object> {
        if (d.FindAccount(kBluesky, h)) return core::Error::Conflict("the handle is taken on bluesky");
        d.accounts.push_back(a);
        return json::object{{"network", kBluesky},    {"handle", a.handle},     {"did", a.id},
                            {"identifier", a.handle}, {"password", a.password}, {"base_url", d.base_url}};
    });
}

json::array Bluesky::Posts(const std::string& account) {
    return ctx_.state.Locked([&](Data& d) {
        const Account* only = account.empty() ? nullptr : d.FindAccount(kBluesky, account);
        json::array out;
        if (!account.empty() && !only) return out;
        auto ref = [](const json::object* reply, const char* key) -> std::string {
            const auto* r = reply ? reply->if_contains(key) : nullptr;
            const auto* uri = r && r->is_object() ? r->as_object().if_contains("uri") : nullptr;
            return uri && uri->is_string() ? std::string(uri->as_string()) : std::string();
        };
        auto add = [&](const Record& r) {
            if (only && r.did != only->id) return;
            const Account* a = d.FindAccount(kBluesky, r.did);
            const json::object* value = r.value.is_object() ? &r.value.as_object() : nullptr;
            const auto* text = value ? value->if_contains("text") : nullptr;
            const auto* reply_value = value ? value->if_contains("reply") : nullptr;
            const json::object* reply = reply_value && reply_value->is_object() ? &reply_value->as_object() : nullptr;
            const bool is_post = r.collection == "app.bsky.feed.post";
            out.push_back(json::object{
                {"network", kBluesky},
                {"account", a ? a->handle : ""},
                {"author", a ? a->handle : ""},
                {"author_name", a ? bluesky::DisplayName(d, *a) : ""},
                {"citizen", a != nullptr && a->citizen},
                {"citizen_kind", r.citizen_kind},
                {"did", r.did},
                {"uri", r.Uri()},
                {"cid", r.cid},
                {"collection", r.collection},
                {"rkey", r.rkey},
                {"text", text && text->is_string() ? *text : json::value(nullptr)},
                {"parent", ref(reply, "parent")},
                {"root", reply ? ref(reply, "root") : (is_post ? r.Uri() : std::string())},
                {"hidden", is_post && r.deleted_at == 0 && bluesky::IsHiddenReply(d, r)},
                {"value", r.value},
                {"created_at", IsoMillis(r.created_at)},
                {"deleted", r.deleted_at != 0},
                {"deleted_at", r.deleted_at == 0 ? json::value(nullptr) : json::value(IsoMillis(r.deleted_at))},
            });
        };
        for (const auto& r : d.tombstones) add(r);
        for (const auto& [uri, r] : d.records) add(r);
        std::stable_sort(out.begin(), out.end(), [](const json::value& a, const json::value& b) {
            return a.at("created_at").get_string() < b.at("created_at").get_string();
        });
        return out;
    });
}

}  // namespace belfry::netsim
