// Public, no login: verification of an account and the list of official channels.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

core::Result<registry::ChannelFilter> FilterFromQuery(const Request& req) {
    registry::ChannelFilter f;
    BELFRY_ASSIGN_OR_RETURN(org, QueryInt(req, "organisation_id"));
    f.organisation_id = org;
    f.network = req.QueryParam("network");
    f.status = req.QueryParam("status");
    f.language = req.QueryParam("language");
    f.tag = req.QueryParam("tag");
    f.text = req.QueryParam("q");
    BELFRY_ASSIGN_OR_RETURN(paging, QueryPage(req));
    f.page = paging.first;
    f.per_page = paging.second;
    if (auto due = req.QueryParam("revalidation_due")) {
        if (*due != "true" && *due != "false") {
            return core::Error::Invalid("revalidation_due", "revalidation_due must be true or false");
        }
        f.revalidation_due = *due == "true";
    }
    return f;
}

}  // namespace

// Shared with channels_api.cpp.
core::Result<registry::ChannelFilter> ChannelFilterFromQuery(const Request& req) { return FilterFromQuery(req); }

void RegisterPublic(Router& router, Services& s) {
    router.Add("GET", "/api/v1/public/verify", Access::kPublic, [&s](Request& req, const Ctx&) {
        const auto url = req.QueryParam("url");
        if (!url) {
            return Response::Problem(
                core::Error::Invalid("url",
                                     "give the account in ?url=…: a profile URL such as https://x.com/belgiumbe, or "
                                     "handle@network such as belgiumbe@x"));
        }
        auto r = s.registry.Verify(*url, req.QueryParam("account_id").value_or(""));
        const auto now = s.clock.NowMs();
        const auto period = s.registry.revalidation_period();
        return Reply(200, std::move(r), [&](const registry::Verification& v) {
            json::value channel = nullptr;
            json::value org = nullptr;
            if (v.channel) channel = registry::ToJson(*v.channel, period, now, false);
            if (!v.path.empty()) {
                json::array path;
                for (const auto& o : v.path) {
                    path.push_back(json::object{{"id", o.id}, {"kind", o.kind}, {"names", registry::ToJson(o.names)}});
                }
                const auto& owner = v.path.back();
                org = json::object{{"id", owner.id},
                                   {"kind", owner.kind},
                                   {"slug", owner.slug},
                                   {"names", registry::ToJson(owner.names)},
                                   {"path", path}};
            }
            json::value former = nullptr;
            if (v.former_since) former = core::FormatRfc3339(*v.former_since);
            return json::object{
                {"verdict", v.verdict},
                {"query", json::object{{"input", v.input}, {"network", v.network}, {"handle", v.handle}}},
                {"channel", channel},
                {"organisation", org},
                {"former_since", former},
                {"message", v.message}};
        });
    });
    router.Add("GET", "/api/v1/public/channels", Access::kPublic, [&s](Request& req, const Ctx&) {
        auto f = FilterFromQuery(req);
        if (!f.ok()) return Response::Problem(f.error());
        const auto now = s.clock.NowMs();
        const auto period = s.registry.revalidation_period();
        return Reply(200, s.registry.PublicChannels(f.value()), [&](const registry::Page<registry::Channel>& p) {
            return PageJson(p, [&](const registry::Channel& c) { return registry::ToJson(c, period, now, false); });
        });
    });
    router.Add("GET", "/api/v1/public/organisations", Access::kPublic, [&s](Request&, const Ctx&) {
        return Reply(200, s.registry.PublicOrganisations(), [](const std::vector<registry::Organisation>& list) {
            return ListJson(list, [](const registry::Organisation& o) { return registry::ToJson(o); });
        });
    });
}

}  // namespace belfry::http::api
