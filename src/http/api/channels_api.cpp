// /api/v1/channels — official accounts: list, create, change, tombstone, re-validate.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

core::Result<registry::ChannelFilter> ChannelFilterFromQuery(const Request& req);  // public_api.cpp

void RegisterChannels(Router& router, Services& s) {
    auto to_json = [&s](const registry::Channel& c) {
        return registry::ToJson(c, s.registry.revalidation_period(), s.clock.NowMs(), true);
    };
    router.Add("GET", "/api/v1/channels", Access::kSignedIn, [&s, to_json](Request& req, const Ctx& ctx) {
        auto f = ChannelFilterFromQuery(req);
        if (!f.ok()) return Response::Problem(f.error());
        return Reply(200, s.registry.ListChannels(ctx.who->principal, f.value()),
                     [&](const registry::Page<registry::Channel>& p) { return PageJson(p, to_json); });
    });
    router.Add("POST", "/api/v1/channels", Access::kSignedIn, [&s, to_json](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::ChannelInput in;
        in.organisation_id = f.Int("organisation_id", true).value_or(0);
        in.url = f.String("url").value_or("");
        in.network = f.String("network").value_or("");
        in.handle = f.String("handle").value_or("");
        in.platform_account_id = f.NullableString("platform_account_id").value_or(std::nullopt);
        in.display_name = f.String("display_name", true).value_or("");
        in.languages = f.StringList("languages", true).value_or(std::vector<std::string>{});
        in.status = f.String("status").value_or("active");
        in.primary_contact_id = f.NullableInt("primary_contact_id").value_or(std::nullopt);
        in.backup_contact_id = f.NullableInt("backup_contact_id").value_or(std::nullopt);
        in.policy_url = f.NullableString("policy_url").value_or(std::nullopt);
        in.tags = f.StringList("tags").value_or(std::vector<std::string>{});
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.registry.CreateChannel(ctx.who->principal, in), to_json);
    });
    router.Add("GET", "/api/v1/channels/{id}", Access::kSignedIn, [&s, to_json](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.registry.GetChannel(ctx.who->principal, id.value()), to_json);
    });
    router.Add("PATCH", "/api/v1/channels/{id}", Access::kSignedIn, [&s, to_json](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::ChannelPatch p;
        p.organisation_id = f.Int("organisation_id");
        p.url = f.String("url");
        p.platform_account_id = f.NullableString("platform_account_id");
        p.display_name = f.String("display_name");
        p.languages = f.StringList("languages");
        p.status = f.String("status");
        p.primary_contact_id = f.NullableInt("primary_contact_id");
        p.backup_contact_id = f.NullableInt("backup_contact_id");
        p.policy_url = f.NullableString("policy_url");
        p.tags = f.StringList("tags");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        if (p.status && *p.status == "deleted") {
            return Response::Problem(core::Error::Invalid(
                "status", "to delete a channel use DELETE /api/v1/channels/{id}: it keeps a tombstone"));
        }
        return Reply(200, s.registry.UpdateChannel(ctx.who->principal, id.value(), p), to_json);
    });
    router.Add("DELETE", "/api/v1/channels/{id}", Access::kSignedIn, [&s, to_json](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.registry.DeleteChannel(ctx.who->principal, id.value()), to_json);
    });
    router.Add("POST", "/api/v1/channels/{id}/validate", Access::kSignedIn,
               [&s, to_json](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   return Reply(200, s.registry.ValidateChannel(ctx.who->principal, id.value()), to_json);
               });
}

}  // namespace belfry::http::api
