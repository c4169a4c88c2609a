#include "netsim/control.hpp"

#include <algorithm>
#include <optional>

namespace belfry::netsim {

namespace json = boost::json;

namespace {

http::Response Fail(int status, const std::string& message) {
    return JsonAnswer(status, json::object{{"error", message}});
}

core::Result<json::object> Body(const http::Request& req) {
    if (req.body.empty()) return json::object{};
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return core::Error::Invalid("body", "the body must be a JSON object");
    return std::move(v.as_object());
}

std::string StringField(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v) return "";
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    return "";
}

// An integer field: `fallback` when absent, an error when not an integer in [min, max].
core::Result<long> IntField(const json::object& o, const char* key, long fallback, long min, long max) {
    const auto* v = o.if_contains(key);
    if (!v) return fallback;
    if (!v->is_int64() || v->get_int64() < min || v->get_int64() > max) {
        return core::Error::Invalid(
            key, std::string(key) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return static_cast<long>(v->get_int64());
}

}  // namespace

Network* Control::Find(const std::string& name) {
    for (auto& n : networks_) {
        if (n->Name() == name) return n.get();
    }
    return nullptr;
}

http::Response Control::Handle(const http::Request& req) {
    const std::string& p = req.path;
    const std::string& m = req.method;
    if (p == "/_netsim/healthz" && m == "GET") return JsonAnswer(200, json::object{{"status", "ok"}});
    if (p == "/_netsim/accounts" && m == "POST") return CreateAccount(req);
    if (p == "/_netsim/accounts" && m == "GET") return ListAccounts(req);
    if (p == "/_netsim/posts" && m == "GET") return ListPosts(req);
    if (p == "/_netsim/faults" && m == "POST") return AddFault(req);
    if (p == "/_netsim/faults" && m == "GET") return ListFaults();
    if (p == "/_netsim/faults" && m == "DELETE") {
        faults_.Clear();
        return ListFaults();
    }
    if (p == "/_netsim/config" && m == "POST") return Configure(req);
    if (p == "/_netsim/config" && m == "GET") return ShowConfig();
    if (p == "/_netsim/reset" && m == "POST") return Reset();
    if (p == "/_netsim/citizens" && m == "GET") return JsonAnswer(200, citizens_.Status());
    if (p == "/_netsim/citizens" && m == "POST") return ConfigureCitizens(req);
    if (p == "/_netsim/citizens/tick" && m == "POST") return TickCitizens(req);
    if (p == "/_netsim/citizen-posts" && m == "POST") return CitizenPost(req);
    if (p == "/_netsim/reports" && m == "GET") return ListReports();
    return Fail(404, "no such control endpoint: " + m + " " + p);
}

http::Response Control::CreateAccount(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    Network* net = Find(StringField(*body, "network"));
    if (!net) return Fail(400, "network must be one of: mastodon, bluesky");
    auto created = net->CreateAccount(StringField(*body, "handle"));
    if (!created.ok()) {
        return Fail(created.error().code == core::ErrorCode::kConflict ? 409 : 400, created.error().message);
    }
    return JsonAnswer(201, created.value());
}

http::Response Control::ListAccounts(const http::Request& req) {
    const std::string network = req.QueryParam("network").value_or("");
    return ctx_.state.Locked([&](Data& d) {
        json::array out;
        for (const auto& a : d.accounts) {
            if (!network.empty() && a.network != network) continue;
            json::object o{{"network", a.network}, {"handle", a.handle}, {"base_url", d.base_url}};
            if (a.network == kMastodon) {
                o["id"] = a.id;
                o["access_token"] = a.access_token;
            } else {
                o["did"] = a.id;
                o["identifier"] = a.handle;
                o["password"] = a.password;
            }
            out.push_back(std::move(o));
        }
        return JsonAnswer(200, json::object{{"items", out}});
    });
}

http::Response Control::ListPosts(const http::Request& req) {
    const std::string network = req.QueryParam("network").value_or("");
    const std::string account = req.QueryParam("account").value_or("");
    const std::string author = req.QueryParam("author").value_or("");
    const auto in_reply_to = req.QueryParam("in_reply_to");
    const auto citizen = req.QueryParam("citizen");
    const auto hidden = req.QueryParam("hidden");
    if (!network.empty() && !Find(network)) return Fail(400, "network must be one of: mastodon, bluesky");
    for (const auto* flag : {&citizen, &hidden}) {
        if (*flag && **flag != "true" && **flag != "false") return Fail(400, "citizen and hidden are true or false");
    }
    json::array posts;
    for (auto& n : networks_) {
        if (!network.empty() && n->Name() != network) continue;
        for (auto& p : n->Posts(author.empty() ? account : author)) {
            const auto& o = p.as_object();
            if (in_reply_to && o.at("parent").as_string() != *in_reply_to) continue;
            if (citizen && o.at("citizen").as_bool() != (*citizen == "true")) continue;
            if (hidden && o.at("hidden").as_bool() != (*hidden == "true")) continue;
            posts.push_back(std::move(p));
        }
    }
    return JsonAnswer(200, json::object{{"items", posts}});
}

http::Response Control::ConfigureCitizens(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    std::optional<bool> enabled;
    std::optional<double> per_minute;
    std::optional<std::uint64_t> seed;
    if (const auto* v = body->if_contains("enabled")) {
        if (!v->is_bool()) return Fail(400, "enabled must be true or false");
        enabled = v->get_bool();
    }
    if (const auto* v = body->if_contains("per_minute")) {
        if (!v->is_number() || v->to_number<double>() < 0 || v->to_number<double>() > 6000) {
            return Fail(400, "per_minute must be a number from 0 to 6000");
        }
        per_minute = v->to_number<double>();
    }
    if (const auto* v = body->if_contains("seed")) {
        if (v->is_uint64()) {
            seed = v->get_uint64();
        } else if (v->is_int64() && v->get_int64() >= 0) {
            seed = static_cast<std::uint64_t>(v->get_int64());
        } else {
            return Fail(400, "seed must be a non-negative integer");
        }
    }
    citizens_.Configure(enabled, per_minute, seed);
    return JsonAnswer(200, citizens_.Status());
}

http::Response Control::TickCitizens(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    auto count = IntField(*body, "count", 0, 1, 10000);
    if (!count.ok()) return Fail(400, count.error().message);
    const int posted = body->contains("count") ? citizens_.Burst(static_cast<int>(*count)) : citizens_.Step();
    json::object out = citizens_.Status();
    out["posted_now"] = posted;
    return JsonAnswer(200, out);
}

http::Response Control::CitizenPost(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    Network* net = Find(StringField(*body, "network"));
    if (!net) return Fail(400, "network must be one of: mastodon, bluesky");
    // Optional strings may be absent or null; anything else is refused.
    for (const char* key : {"author_handle", "author_name", "text", "in_reply_to", "mention", "direct_to", "quote",
                            "language", "citizen_kind"}) {
        const auto* v = body->if_contains(key);
        if (v && !v->is_string() && !v->is_null()) return Fail(400, std::string(key) + " must be a string or null");
    }
    netsim::CitizenPost post;
    post.author_handle = StringField(*body, "author_handle");
    post.author_name = StringField(*body, "author_name");
    post.text = StringField(*body, "text");
    post.in_reply_to = StringField(*body, "in_reply_to");
    post.mention = StringField(*body, "mention");
    post.direct_to = StringField(*body, "direct_to");
    post.quote = StringField(*body, "quote");
    post.language = StringField(*body, "language");
    post.citizen_kind = StringField(*body, "citizen_kind");
    if (post.author_handle.empty()) return Fail(400, "author_handle is required");
    if (!body->contains("text") || !body->at("text").is_string()) return Fail(400, "text is required");
    auto created = net->PostAsCitizen(post);
    if (!created.ok()) {
        const auto code = created.error().code;
        const int status = code == core::ErrorCode::kNotFound ? 404 : code == core::ErrorCode::kConflict ? 409 : 400;
        return Fail(status, created.error().message);
    }
    return JsonAnswer(201, created.value());
}

http::Response Control::ListReports() {
    return ctx_.state.Locked([&](Data& d) {
        json::array out;
        for (const auto& r : d.reports) {
            json::array ids;
            for (const auto& id : r.status_ids) ids.emplace_back(id);
            const Account* by = d.FindAccount(kMastodon, r.account_id);
            const Account* target = d.FindAccount(kMastodon, r.target_account_id);
            out.push_back(json::object{{"network", kMastodon},
                                       {"id", r.id},
                                       {"account", by ? by->handle : ""},
                                       {"target_account", target ? target->handle : ""},
                                       {"status_ids", ids},
                                       {"comment", r.comment},
                                       {"category", r.category},
                                       {"forward", r.forward},
                                       {"created_at", IsoMillis(r.created_at)}});
        }
        return JsonAnswer(200, json::object{{"items", out}});
    });
}

http::Response Control::AddFault(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    Fault f;
    f.network = StringField(*body, "network");
    f.endpoint = StringField(*body, "endpoint");
    Network* net = Find(f.network);
    if (!net) return Fail(400, "network must be one of: mastodon, bluesky");
    const auto endpoints = net->Endpoints();
    if (f.endpoint != "*" && std::find(endpoints.begin(), endpoints.end(), f.endpoint) == endpoints.end()) {
        std::string known;
        for (const auto& e : endpoints) known += (known.empty() ? "" : ", ") + e;
        return Fail(400, "unknown " + f.network + " endpoint '" + f.endpoint + "'; known: " + known + ", *");
    }
    auto kind = ParseFaultKind(StringField(*body, "kind"));
    if (!kind.ok()) return Fail(400, kind.error().message);
    f.kind = *kind;
    const int timeout_ms = ctx_.state.Locked([](Data& d) { return d.settings.timeout_ms; });
    auto count = IntField(*body, "count", 1, 1, 1000000);
    auto retry_after = IntField(*body, "retry_after", 60, 0, 86400);
    auto delay = IntField(*body, "delay_ms", timeout_ms, 0, 600000);
    for (const auto* r : {&count, &retry_after, &delay}) {
        if (!r->ok()) return Fail(400, r->error().message);
    }
    f.count = static_cast<int>(*count);
    f.retry_after = static_cast<int>(*retry_after);
    f.delay_ms = static_cast<int>(*delay);
    f.id = faults_.Add(f);
    return JsonAnswer(201, json::object{{"id", f.id},
                                        {"network", f.network},
                                        {"endpoint", f.endpoint},
                                        {"kind", FaultKindName(f.kind)},
                                        {"count", f.count},
                                        {"retry_after", f.retry_after},
                                        {"delay_ms", f.delay_ms}});
}

http::Response Control::ListFaults() {
    json::array out;
    for (const auto& f : faults_.Pending()) {
        out.push_back(json::object{{"id", f.id},
                                   {"network", f.network},
                                   {"endpoint", f.endpoint},
                                   {"kind", FaultKindName(f.kind)},
                                   {"count", f.count},
                                   {"retry_after", f.retry_after},
                                   {"delay_ms", f.delay_ms}});
    }
    return JsonAnswer(200, json::object{{"items", out}});
}

http::Response Control::Configure(const http::Request& req) {
    auto body = Body(req);
    if (!body.ok()) return Fail(400, body.error().message);
    auto latency = IntField(*body, "latency_ms", -1, 0, 600000);
    auto limit = IntField(*body, "mastodon_char_limit", -1, 1, 100000);
    auto timeout = IntField(*body, "timeout_ms", -1, 0, 600000);
    for (const auto* r : {&latency, &limit, &timeout}) {
        if (!r->ok()) return Fail(400, r->error().message);
    }
    std::optional<bool> appview;
    if (const auto* v = body->if_contains("bluesky_appview")) {
        if (!v->is_bool()) return Fail(400, "bluesky_appview must be true or false");
        appview = v->get_bool();
    }
    const std::string duplicate = StringField(*body, "bluesky_duplicate_rkey");
    if (!duplicate.empty() && duplicate != "400" && duplicate != "500") {
        return Fail(400, "bluesky_duplicate_rkey must be \"400\" or \"500\"");
    }
    if (const auto* limits = body->if_contains("rate_limits")) {
        if (!limits->is_object()) return Fail(400, "rate_limits must be an object");
        for (const auto& kv : limits->get_object()) {
            if (!kv.value().is_object()) return Fail(400, "rate_limits values are {\"limit\":N,\"window_seconds\":S}");
            const auto& rule = kv.value().get_object();
            const auto current = ctx_.limiter.Rules();
            auto it = current.find(std::string(kv.key()));
            if (it == current.end()) return Fail(400, "unknown rate limit '" + std::string(kv.key()) + "'");
            auto l = IntField(rule, "limit", it->second.limit, 1, 100000000);
            auto w = IntField(rule, "window_seconds", static_cast<long>(it->second.window_ms / 1000), 1, 31536000);
            if (!l.ok()) return Fail(400, l.error().message);
            if (!w.ok()) return Fail(400, w.error().message);
            auto set = ctx_.limiter.SetRule(std::string(kv.key()), *l, *w * core::kSecondMs);
            if (!set.ok()) return Fail(400, set.error().message);
        }
    }
    ctx_.state.Locked([&](Data& d) {
        if (*latency >= 0) d.settings.latency_ms = static_cast<int>(*latency);
        if (*limit >= 0) d.settings.mastodon_char_limit = static_cast<int>(*limit);
        if (*timeout >= 0) d.settings.timeout_ms = static_cast<int>(*timeout);
        if (!duplicate.empty()) d.settings.bluesky_duplicate_rkey_500 = duplicate == "500";
        if (appview) d.settings.bluesky_appview = *appview;
    });
    return ShowConfig();
}

http::Response Control::ShowConfig() {
    json::object limits;
    for (const auto& [name, rule] : ctx_.limiter.Rules()) {
        limits[name] = json::object{{"limit", rule.limit}, {"window_seconds", rule.window_ms / 1000}};
    }
    return ctx_.state.Locked([&](Data& d) {
        return JsonAnswer(
            200, json::object{{"latency_ms", d.settings.latency_ms},
                              {"mastodon_char_limit", d.settings.mastodon_char_limit},
                              {"timeout_ms", d.settings.timeout_ms},
                              {"bluesky_duplicate_rkey", d.settings.bluesky_duplicate_rkey_500 ? "500" : "400"},
                              {"bluesky_appview", d.settings.bluesky_appview},
                              {"rate_limits", limits}});
    });
}

http::Response Control::Reset() {
    ctx_.state.Reset();
    faults_.Clear();
    ctx_.limiter.RestoreDefaults();
    ctx_.ids.Reseed(seed_);
    citizens_.Reset();
    return JsonAnswer(200, json::object{{"status", "reset"}});
}

}  // namespace belfry::netsim
