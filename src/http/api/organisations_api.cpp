// /api/v1/organisations — the tree of government, ministers, services, units and posts.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

void ReadNames(FieldReader& f, const json::object* names, registry::NamesPatch& out) {
    if (names == nullptr) return;
    FieldReader n(*names, "names");
    out.fr = n.String("fr");
    out.nl = n.String("nl");
    out.de = n.String("de");
    out.en = n.String("en");
    if (auto st = n.Finish(); !st.ok()) f.Fail("names", st.error().message);
}

json::value OrgJson(const registry::Organisation& o) { return registry::ToJson(o); }

}  // namespace

void RegisterOrganisations(Router& router, Services& s) {
    router.Add("GET", "/api/v1/organisations", Access::kSignedIn, [&s](Request&, const Ctx& ctx) {
        return Reply(200, s.registry.ListOrganisations(ctx.who->principal),
                     [](const std::vector<registry::Organisation>& list) { return ListJson(list, OrgJson); });
    });
    router.Add("POST", "/api/v1/organisations", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::OrganisationInput in;
        in.parent_id = f.Int("parent_id", true);
        in.kind = f.String("kind", true).value_or("");
        in.slug = f.String("slug").value_or("");
        registry::NamesPatch names;
        ReadNames(f, f.Object("names", true), names);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        in.names = {names.fr.value_or(""), names.nl.value_or(""), names.de.value_or(""), names.en.value_or("")};
        return Reply(201, s.registry.CreateOrganisation(ctx.who->principal, in), OrgJson);
    });
    router.Add("GET", "/api/v1/organisations/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.registry.GetOrganisation(ctx.who->principal, id.value()), OrgJson);
    });
    router.Add("PATCH", "/api/v1/organisations/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        registry::OrganisationPatch p;
        p.kind = f.String("kind");
        p.slug = f.String("slug");
        ReadNames(f, f.Object("names"), p.names);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.registry.UpdateOrganisation(ctx.who->principal, id.value(), p), OrgJson);
    });
    router.Add("DELETE", "/api/v1/organisations/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.registry.DeleteOrganisation(ctx.who->principal, id.value());
        if (!st.ok()) return Response::Problem(st.error());
        return Response::NoContent();
    });
}

}  // namespace belfry::http::api
