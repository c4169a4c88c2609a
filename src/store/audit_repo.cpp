#include "store/audit_repo.hpp"

#include <soci/soci.h>

#include "store/rows.hpp"

namespace belfry::store {

namespace {
constexpr const char* kColumns =
    "seq, at, actor_id, actor_name, action, object_type, object_id, organisation_id, before_json, after_json, "
    "prev_hash, hash";

security::AuditRecord FromRow(const soci::row& r) {
    security::AuditRecord a;
    a.seq = Int(r, 0);
    a.at = Int(r, 1);
    a.actor_id = OptInt(r, 2);
    a.actor_name = Text(r, 3);
    a.action = Text(r, 4);
    a.object_type = Text(r, 5);
    a.object_id = Text(r, 6);
    a.organisation_id = OptInt(r, 7);
    a.before_json = Text(r, 8);
    a.after_json = Text(r, 9);
    a.prev_hash = Text(r, 10);
    a.hash = Text(r, 11);
    return a;
}
}  // namespace

AuditEvent AuditEventBy(const security::Principal& who, std::string action, std::string object_type,
                        long long object_id, std::optional<long long> organisation_id) {
    AuditEvent e;
    if (who.user_id != 0) e.actor_id = who.user_id;
    e.actor_name = who.username;
    e.action = std::move(action);
    e.object_type = std::move(object_type);
    e.object_id = std::to_string(object_id);
    e.organisation_id = organisation_id;
    return e;
}

security::AuditRecord AppendAudit(Tx& tx, const AuditEvent& e, core::Millis at) {
    // Taking the row lock on the head first serialises appenders (PostgreSQL row lock; SQLite has
    // one writer anyway).
    tx.sql() << "UPDATE audit_head SET seq = seq + 1 WHERE id = 1";
    long long seq = 0;
    std::string prev_hash;
    tx.sql() << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(seq), soci::into(prev_hash);

    security::AuditRecord r;
    r.seq = seq;
    r.at = at;
    r.actor_id = e.actor_id;
    r.actor_name = e.actor_name;
    r.action = e.action;
    r.object_type = e.object_type;
    r.object_id = e.object_id;
    r.organisation_id = e.organisation_id;
    r.before_json = e.before_json;
    r.after_json = e.after_json;
    r.prev_hash = prev_hash;
    r.hash = security::ComputeAuditHash(r);

    long long actor = e.actor_id.value_or(0);
    soci::indicator actor_ind = e.actor_id ? soci::i_ok : soci::i_null;
    long long org = e.organisation_id.value_or(0);
    soci::indicator org_ind = e.organisation_id ? soci::i_ok : soci::i_null;
    soci::indicator before_ind = r.before_json.empty() ? soci::i_null : soci::i_ok;
    soci::indicator after_ind = r.after_json.empty() ? soci::i_null : soci::i_ok;
    tx.sql() << "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_type, object_id, "
                "organisation_id, before_json, after_json, prev_hash, hash) VALUES (:seq, :at, :actor, :actor_name, "
                ":action, :otype, :oid, :org, :before, :after, :prev, :hash)",
        soci::use(r.seq), soci::use(r.at), soci::use(actor, actor_ind), soci::use(r.actor_name), soci::use(r.action),
        soci::use(r.object_type), soci::use(r.object_id), soci::use(org, org_ind), soci::use(r.before_json, before_ind),
        soci::use(r.after_json, after_ind), soci::use(r.prev_hash), soci::use(r.hash);
    tx.sql() << "UPDATE audit_head SET hash = :hash WHERE id = 1", soci::use(r.hash);
    return r;
}

registry::Page<security::AuditRecord> ListAudit(Tx& tx, const AuditQuery& q) {
    Binds b;
    std::string where = "1 = 1";
    if (q.object_type) where += " AND object_type = " + b.Add(*q.object_type);
    if (q.object_id) where += " AND object_id = " + b.Add(*q.object_id);
    if (q.organisation_ids) {
        if (q.organisation_ids->empty()) {
            where += " AND 1 = 0";
        } else {
            std::string in;
            for (long long id : *q.organisation_ids) {
                if (!in.empty()) in += ',';
                in += b.Add(id);
            }
            where += " AND organisation_id IN (" + in + ")";
        }
    }
    registry::Page<security::AuditRecord> page;
    page.page = q.page;
    page.per_page = q.per_page;
    Query(tx.sql(), "SELECT COUNT(*) FROM audit_log WHERE " + where, b,
          [&](const soci::row& r) { page.total = Int(r, 0); });
    const long long offset = static_cast<long long>(q.page - 1) * q.per_page;
    Query(tx.sql(),
          std::string("SELECT ") + kColumns + " FROM audit_log WHERE " + where + " ORDER BY seq DESC LIMIT " +
              std::to_string(q.per_page) + " OFFSET " + std::to_string(offset),
          b, [&](const soci::row& r) { page.items.push_back(FromRow(r)); });
    return page;
}

void ForEachAudit(Tx& tx, const std::function<void(const security::AuditRecord&)>& fn) {
    Binds none;
    Query(tx.sql(), std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq", none,
          [&](const soci::row& r) { fn(FromRow(r)); });
}

}  // namespace belfry::store
