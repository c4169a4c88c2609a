// /api/v1/users and /api/v1/roles — people and the roles they hold on organisations.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {
json::value UserJson(const registry::User& u) { return registry::ToJson(u); }
json::value GrantJson(const registry::RoleGrant& g) { return registry::ToJson(g); }
}  // namespace

void RegisterPeople(Router& router, Services& s) {
    router.Add("GET", "/api/v1/users", Access::kSignedIn, [&s](Request&, const Ctx& ctx) {
        return Reply(200, s.people.ListUsers(ctx.who->principal),
                     [](const std::vector<registry::User>& list) { return ListJson(list, UserJson); });
    });
    router.Add("POST", "/api/v1/users", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::UserInput in;
        in.username = f.String("username", true).value_or("");
        in.display_name = f.String("display_name", true).value_or("");
        in.email = f.NullableString("email").value_or(std::nullopt);
        in.password = f.String("password", true).value_or("");
        in.locale = f.String("locale").value_or("fr");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.people.CreateUser(ctx.who->principal, in), UserJson);
    });
    auto patch_user = [&s](Request& req, const Ctx& ctx, long long id, bool self) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::UserPatch p;
        p.display_name = f.String("display_name");
        p.locale = f.String("locale");
        if (!self) {
            p.email = f.NullableString("email");
            p.disabled = f.Bool("disabled");
            p.password = f.String("password");
        }
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.people.UpdateUser(ctx.who->principal, id, p), UserJson);
    };
    // Registered before /users/{id} so that "me" is not read as an id.
    router.Add("PATCH", "/api/v1/users/me", Access::kSignedIn,
               [patch_user](Request& req, const Ctx& ctx) { return patch_user(req, ctx, ctx.who->user.id, true); });
    router.Add("GET", "/api/v1/users/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.people.GetUser(ctx.who->principal, id.value()), UserJson);
    });
    router.Add("PATCH", "/api/v1/users/{id}", Access::kSignedIn, [patch_user](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return patch_user(req, ctx, id.value(), false);
    });

    router.Add("GET", "/api/v1/roles", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto user = QueryInt(req, "user_id");
        if (!user.ok()) return Response::Problem(user.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        return Reply(200, s.people.ListGrants(ctx.who->principal, user.value(), org.value()),
                     [](const std::vector<registry::RoleGrant>& list) { return ListJson(list, GrantJson); });
    });
    router.Add("POST", "/api/v1/roles", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::GrantInput in;
        in.user_id = f.Int("user_id", true).value_or(0);
        in.organisation_id = f.Int("organisation_id", true).value_or(0);
        in.role = f.String("role", true).value_or("");
        in.expires_at = f.NullableTime("expires_at").value_or(std::nullopt);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.people.Grant(ctx.who->principal, in), GrantJson);
    });
    router.Add("DELETE", "/api/v1/roles/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.people.Revoke(ctx.who->principal, id.value());
        if (!st.ok()) return Response::Problem(st.error());
        return Response::NoContent();
    });
}

}  // namespace belfry::http::api
