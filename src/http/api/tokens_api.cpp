// /api/v1/tokens — the signed-in user's API tokens for automation.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

void RegisterTokens(Router& router, Services& s) {
    router.Add("GET", "/api/v1/tokens", Access::kSignedIn, [&s](Request&, const Ctx& ctx) {
        return Reply(200, s.people.ListTokens(ctx.who->principal), [](const std::vector<registry::ApiToken>& list) {
            return ListJson(list, [](const registry::ApiToken& t) { return registry::ToJson(t); });
        });
    });
    router.Add("POST", "/api/v1/tokens", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto name = f.String("name", true);
        auto expires = f.NullableTime("expires_at");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.people.CreateToken(ctx.who->principal, *name, expires.value_or(std::nullopt)),
                     [](const registry::CreatedToken& t) {
                         auto o = registry::ToJson(t.token);
                         o["token"] = t.secret;
                         return o;
                     });
    });
    router.Add("DELETE", "/api/v1/tokens/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.people.RevokeToken(ctx.who->principal, id.value());
        if (!st.ok()) return Response::Problem(st.error());
        return Response::NoContent();
    });
}

}  // namespace belfry::http::api
