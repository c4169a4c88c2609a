// Sign-in, the current session, sign-out.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

json::object SessionJson(const security::Authenticated& a) {
    json::array grants;
    for (const auto& g : a.grants) grants.push_back(registry::ToJson(g));
    return {{"user", registry::ToJson(a.user)}, {"csrf_token", a.csrf_token}, {"grants", grants}};
}

std::string CookieAttributes(bool secure) {
    return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace

void RegisterSession(Router& router, Services& s) {
    router.Add("POST", "/api/v1/session", Access::kPublic, [&s](Request& req, const Ctx&) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto username = f.String("username", true);
        auto password = f.String("password", true);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        auto login = s.auth.Login(*username, *password, req.remote_ip);
        if (!login.ok()) return Response::Problem(login.error());
        Response r = Response::Json(200, SessionJson(login->who));
        r.headers.emplace_back("Set-Cookie", "belfry_session=" + login->session_token +
                                                 CookieAttributes(s.secure_cookies) + "; Max-Age=43200");
        return r;
    });
    router.Add("GET", "/api/v1/session", Access::kSignedIn,
               [](Request&, const Ctx& ctx) { return Response::Json(200, SessionJson(*ctx.who)); });
    router.Add("DELETE", "/api/v1/session", Access::kSignedIn, [&s](Request& req, const Ctx&) {
        auto st = s.auth.Logout(req.Cookie("belfry_session"));
        if (!st.ok()) return Response::Problem(st.error());
        Response r = Response::NoContent();
        r.headers.emplace_back("Set-Cookie", "belfry_session=" + CookieAttributes(s.secure_cookies) + "; Max-Age=0");
        return r;
    });
}

}  // namespace belfry::http::api
