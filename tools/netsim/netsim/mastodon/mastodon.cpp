// Mastodon: routing, authentication, rate limits, accounts (see mastodon.hpp).
#include "netsim/mastodon/mastodon.hpp"

#include "core/text.hpp"
#include "netsim/mastodon/internal.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using mastodon::Error;

struct Mastodon::Route {
    const char* method;
    const char* pattern;
    bool auth;
    http::Response (Mastodon::*fn)(Call&);
    std::string Key() const { return std::string(method) + " " + pattern; }
};

const std::vector<Mastodon::Route>& Mastodon::Routes() {
    static const std::vector<Route> kRoutes{
        {"GET", "/api/v1/accounts/verify_credentials", true, &Mastodon::VerifyCredentials},
        {"GET", "/api/v1/accounts/:id", false, &Mastodon::GetAccount},
        {"GET", "/api/v1/accounts/:id/statuses", false, &Mastodon::AccountStatuses},
        {"POST", "/api/v1/statuses", true, &Mastodon::CreateStatus},
        {"GET", "/api/v1/statuses/:id", false, &Mastodon::GetStatus},
        {"GET", "/api/v1/statuses/:id/context", false, &Mastodon::StatusContext},
        {"PUT", "/api/v1/statuses/:id", true, &Mastodon::EditStatus},
        {"DELETE", "/api/v1/statuses/:id", true, &Mastodon::DeleteStatus},
        {"POST", "/api/v2/media", true, &Mastodon::UploadMedia},
        {"POST", "/api/v1/media", true, &Mastodon::UploadMedia},
        {"GET", "/api/v1/media/:id", true, &Mastodon::GetMedia},
        {"PUT", "/api/v1/media/:id", true, &Mastodon::UpdateMedia},
        {"GET", "/api/v1/notifications", true, &Mastodon::Notifications},
        {"GET", "/api/v1/notifications/:id", true, &Mastodon::GetNotification},
        {"POST", "/api/v1/reports", true, &Mastodon::CreateReport},
    };
    return kRoutes;
}

bool Mastodon::Handles(const http::Request& req) const {
    return core::StartsWith(req.path, "/api/") || core::StartsWith(req.path, "/system/media_attachments/");
}

const Mastodon::Route* Mastodon::Find(const http::Request& req) const {
    for (const auto& r : Routes()) {
        // verify_credentials is listed first so it wins over /accounts/:id.
        if (req.method == r.method && MatchPath(req.path, r.pattern)) return &r;
    }
    return nullptr;
}

std::string Mastodon::Endpoint(const http::Request& req) const {
    const Route* r = Find(req);
    return r ? r->Key() : "";
}

std::vector<std::string> Mastodon::Endpoints() const {
    std::vector<std::string> out;
    for (const auto& r : Routes()) out.push_back(r.Key());
    return out;
}

http::Response Mastodon::FaultResponse(FaultKind kind) const {
    if (kind == FaultKind::k429) return JsonAnswer(429, Error("Too many requests"));
    return JsonAnswer(500, Error("Internal Server Error"));
}

http::Response Mastodon::Handle(http::Request& req) {
    if (core::StartsWith(req.path, "/system/media_attachments/")) return ServeFile(req);
    const Route* route = Find(req);
    if (!route) return JsonAnswer(404, Error("Record not found"));
    return Dispatch(*route, req);
}

http::Response Mastodon::Dispatch(const Route& route, http::Request& req) {
    std::vector<std::string> ids;
    MatchPath(req.path, route.pattern, &ids);
    const std::string token = BearerToken(req);
    const std::string account_id = ctx_.state.Locked([&](Data& d) {
        const Account* a = d.FindMastodonByToken(token);
        return a ? a->id : std::string();
    });
    auto unauthorized = [] {
        http::Response res = JsonAnswer(401, Error("The access token is invalid"));
        res.headers.emplace_back("WWW-Authenticate",
                                 "Bearer realm=\"Doorkeeper\", error=\"invalid_token\", "
                                 "error_description=\"The access token is invalid\"");
        return res;
    };

    // Rack::Attack counts the call before the controller looks at anything else.
    Decision limit;
    if (!account_id.empty()) {
        std::vector<Charge> charges{{"mastodon.api", account_id, 1}};
        if (route.fn == &Mastodon::UploadMedia) charges.push_back({"mastodon.media", account_id, 1});
        if (route.fn == &Mastodon::DeleteStatus) charges.push_back({"mastodon.delete", account_id, 1});
        limit = ctx_.limiter.Consume(charges, ctx_.clock.NowMs());
    }
    auto with_headers = [&](http::Response res) {
        if (limit.limit > 0) {
            res.headers.emplace_back("X-RateLimit-Limit", std::to_string(limit.limit));
            res.headers.emplace_back("X-RateLimit-Remaining", std::to_string(limit.remaining));
            res.headers.emplace_back("X-RateLimit-Reset", IsoMillis(limit.reset_at));
        }
        return res;
    };
    if (!limit.allowed) return with_headers(JsonAnswer(429, Error("Too many requests")));
    if ((!token.empty() && account_id.empty()) || (route.auth && account_id.empty())) return unauthorized();

    auto params = ParseParams(req);
    if (!params.ok()) return with_headers(JsonAnswer(400, Error(params.error().message)));
    Call call{req, std::move(params).value(), std::move(ids), account_id};
    return with_headers((this->*route.fn)(call));
}

core::Result<json::object> Mastodon::CreateAccount(const std::string& handle) {
    if (handle.empty() || handle.size() > 30) {
        return core::Error::Invalid("handle", "a Mastodon username has 1 to 30 characters");
    }
    for (char c : handle) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return core::Error::Invalid("handle", "a Mastodon username has only letters, digits and _");
    }
    const core::Millis now = ctx_.clock.NowMs();
    Account a{kMastodon, ctx_.ids.Snowflake(now), handle, ctx_.ids.Token(32), "", now};
    return ctx_.state.Locked([&](Data& d) -> core::Result<json::object> {
        if (d.FindAccount(kMastodon, handle)) return core::Error::Conflict("the handle is taken on mastodon");
        d.accounts.push_back(a);
        return json::object{{"network", kMastodon},   {"id", a.id},
                            {"handle", a.handle},     {"access_token", a.access_token},
                            {"base_url", d.base_url}, {"url", d.base_url + "/@" + a.handle}};
    });
}

json::array Mastodon::Posts(const std::string& account) {
    return ctx_.state.Locked([&](Data& d) {
        const Account* only = account.empty() ? nullptr : d.FindAccount(kMastodon, account);
        json::array out;
        if (!account.empty() && !only) return out;
        for (const auto& [id, s] : d.statuses) {
            if (only && s.account_id != only->id) continue;
            json::object o = mastodon::StatusJson(d, s, true);
            const Account* a = mastodon::AccountById(d, s.account_id);
            o["network"] = kMastodon;
            o["account"] = a ? a->handle : "";
            o["author"] = a ? a->handle : "";
            o["author_name"] = a ? (a->display_name.empty() ? a->handle : a->display_name) : "";
            o["citizen"] = a != nullptr && a->citizen;
            o["citizen_kind"] = s.citizen_kind;
            o["parent"] = s.in_reply_to_id;
            std::string root = s.id;
            for (auto p = d.statuses.find(s.in_reply_to_id); p != d.statuses.end();
                 p = d.statuses.find(p->second.in_reply_to_id)) {
                root = p->second.id;
            }
            o["root"] = root;
            o["hidden"] = false;  // Mastodon has no way to hide a reply
            o["idempotency_key"] = s.idempotency_key;
            o["deleted"] = s.deleted_at != 0;
            o["deleted_at"] = s.deleted_at == 0 ? json::value(nullptr) : json::value(IsoMillis(s.deleted_at));
            out.push_back(std::move(o));
        }
        return out;
    });
}

CitizenTargets Mastodon::Targets() {
    return ctx_.state.Locked([&](Data& d) {
        CitizenTargets t;
        for (const auto& a : d.accounts) {
            if (a.network == kMastodon && !a.citizen) t.channels.push_back(a.handle);
        }
        for (const auto& [id, s] : d.statuses) {
            const Account* a = mastodon::AccountById(d, s.account_id);
            if (!a || a->citizen || s.deleted_at != 0) continue;
            if (s.visibility == "public" || s.visibility == "unlisted") t.posts.push_back(s.id);
            auto parent = d.statuses.find(s.in_reply_to_id);
            if (parent == d.statuses.end() || parent->second.deleted_at != 0) continue;
            const Account* citizen = mastodon::AccountById(d, parent->second.account_id);
            if (!citizen || !citizen->citizen) continue;
            t.answers.push_back({s.id, citizen->handle, citizen->display_name, parent->second.language});
        }
        return t;
    });
}

http::Response Mastodon::VerifyCredentials(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        const Account* a = mastodon::AccountById(d, call.account_id);
        return JsonAnswer(200, mastodon::AccountJson(d, *a, true));
    });
}

http::Response Mastodon::GetAccount(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        const Account* a = mastodon::AccountById(d, call.ids.at(0));
        if (!a) return JsonAnswer(404, Error("Record not found"));
        return JsonAnswer(200, mastodon::AccountJson(d, *a, false));
    });
}

http::Response Mastodon::AccountStatuses(Call& call) {
    auto number = [&](const char* key, unsigned long long fallback) {
        const auto v = call.params.Get(key);
        try {
            return v ? std::stoull(*v) : fallback;
        } catch (const std::exception&) {
            return fallback;
        }
    };
    const unsigned long long limit =
        std::min<unsigned long long>(std::max<unsigned long long>(number("limit", 20), 1), 40);
    const unsigned long long max_id = number("max_id", ~0ULL);
    const unsigned long long since_id = std::max(number("since_id", 0), number("min_id", 0));
    return ctx_.state.Locked([&](Data& d) {
        const Account* a = mastodon::AccountById(d, call.ids.at(0));
        if (!a) return JsonAnswer(404, Error("Record not found"));
        json::array out;
        std::string last;
        for (auto it = d.statuses.rbegin(); it != d.statuses.rend() && out.size() < limit; ++it) {
            const Status& s = it->second;
            const unsigned long long id = std::stoull(s.id);
            if (s.account_id != a->id || s.deleted_at != 0 || id >= max_id || id <= since_id) continue;
            const bool own = s.account_id == call.account_id;
            if (!own && (s.visibility == "private" || s.visibility == "direct")) continue;
            out.push_back(mastodon::StatusJson(d, s, false));
            last = s.id;
        }
        http::Response res = JsonAnswer(200, out);
        if (out.size() == limit && !last.empty()) {
            res.headers.emplace_back("Link", "<" + d.base_url + "/api/v1/accounts/" + a->id + "/statuses?limit=" +
                                                 std::to_string(limit) + "&max_id=" + last + ">; rel=\"next\"");
        }
        return res;
    });
}

http::Response Mastodon::ServeFile(const http::Request& req) {
    std::vector<std::string> ids;
    if (req.method != "GET" || !MatchPath(req.path, "/system/media_attachments/files/:id/original/:name", &ids)) {
        return JsonAnswer(404, Error("Record not found"));
    }
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.media.find(ids[0]);
        if (it == d.media.end() || it->second.file_name != ids[1]) return JsonAnswer(404, Error("Record not found"));
        http::Response res;
        res.content_type = it->second.mime_type;
        res.body = it->second.bytes;
        return res;
    });
}

}  // namespace belfry::netsim
