// GET /healthz, GET /metrics, GET /api/v1/meta.
#include <boost/json.hpp>

#include "core/languages.hpp"
#include "core/network.hpp"
#include "http/api/api.hpp"

namespace belfry::http::api {

namespace json = boost::json;

void RegisterOperations(Router& router, Services& s) {
    router.Add("GET", "/healthz", Access::kPublic, [&s](Request&, const Ctx&) {
        auto ping = s.db.Ping();
        if (!ping.ok()) {
            return Response::Problem(core::Error::Unavailable("the database does not answer: " + ping.error().message));
        }
        return Response::Json(200, json::object{{"status", "ok"}, {"database", "ok"}, {"engine", s.db.engine_name()}});
    });
    router.Add("GET", "/metrics", Access::kPublic, [&s](Request&, const Ctx&) {
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = s.metrics.RenderPrometheus();
        return r;
    });
    router.Add("GET", "/api/v1/meta", Access::kPublic, [&s](Request&, const Ctx&) {
        json::array networks;
        for (auto n : core::AllNetworks()) networks.emplace_back(core::NetworkName(n));
        json::array roles;
        for (auto r : security::AllRoles()) roles.emplace_back(security::RoleName(r));
        json::array languages;
        for (auto l : core::kLanguages) languages.emplace_back(l);
        json::array kinds;
        for (auto k : registry::kOrgKinds) kinds.emplace_back(k);
        json::array statuses;
        for (auto st : registry::kChannelStatuses) statuses.emplace_back(st);
        return Response::Json(200,
                              json::object{{"version", BELFRY_VERSION},
                                           {"networks", networks},
                                           {"roles", roles},
                                           {"languages", languages},
                                           {"organisation_kinds", kinds},
                                           {"channel_statuses", statuses},
                                           {"revalidation_days", s.registry.revalidation_period() / core::kDayMs}});
    });
}

}  // namespace belfry::http::api
