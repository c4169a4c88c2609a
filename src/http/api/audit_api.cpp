// GET /api/v1/audit — the history of an object, or of an organisation's sub-tree.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "registry/serialize.hpp"
#include "store/audit_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::http::api {

namespace json = boost::json;
using security::Action;

void RegisterAudit(Router& router, Services& s) {
    router.Add("GET", "/api/v1/audit", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        store::AuditQuery q;
        q.object_type = req.QueryParam("object_type");
        q.object_id = req.QueryParam("object_id");
        q.page = paging->first;
        q.per_page = paging->second;
        const auto& who = ctx.who->principal;
        auto page = s.db.Read<registry::Page<security::AuditRecord>>(
            [&](store::Tx& tx) -> core::Result<registry::Page<security::AuditRecord>> {
                const auto tree = store::LoadOrgTree(tx);
                auto scope = s.authz.Scope(who, Action::kReadAudit, tree);
                if (scope.empty()) {
                    return core::Error::Denied("reading the audit trail needs the administrator or analyst role");
                }
                if (org.value()) {
                    if (!s.authz.Can(who, Action::kReadAudit, *org.value(), tree)) {
                        return core::Error::Denied("you may not read the audit trail of organisation " +
                                                   std::to_string(*org.value()));
                    }
                    const auto sub = tree.SubtreeOf(*org.value());
                    q.organisation_ids = std::vector<long long>(sub.begin(), sub.end());
                } else if (!s.authz.CanEverywhere(who, Action::kReadAudit, tree)) {
                    // Entries without an organisation (users, tokens) are for administrators of the whole tree.
                    q.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
                }
                auto page = store::ListAudit(tx, q);
                if (page.total == 0 && q.organisation_ids && q.object_type && q.object_id) {
                    // The object has a history, but not in the caller's scope: say so rather than "no history".
                    store::AuditQuery everywhere = q;
                    everywhere.organisation_ids.reset();
                    everywhere.per_page = 1;
                    if (store::ListAudit(tx, everywhere).total > 0) {
                        return core::Error::Denied("you may not read the history of this " + *q.object_type +
                                                   ": it belongs to an organisation outside your roles");
                    }
                }
                return page;
            });
        return Reply(200, std::move(page), [](const registry::Page<security::AuditRecord>& p) {
            return PageJson(p, [](const security::AuditRecord& r) { return registry::ToJson(r); });
        });
    });
}

}  // namespace belfry::http::api
