// SQL for the audit chain. AppendAudit() must run inside the transaction of the change it records;
// it locks the chain head (UPDATE audit_head) first, so concurrent appends are serialised on both
// engines and the chain stays linear.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "registry/model.hpp"
#include "security/audit_chain.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::store {

struct AuditEvent {
    std::optional<long long> actor_id;
    std::string actor_name;
    std::string action;
    std::string object_type;
    std::string object_id;
    std::optional<long long> organisation_id;
    std::string before_json;
    std::string after_json;
};

// The event of `who` doing `action` on an object (the system principal is recorded by name only).
AuditEvent AuditEventBy(const security::Principal& who, std::string action, std::string object_type,
                        long long object_id, std::optional<long long> organisation_id);

security::AuditRecord AppendAudit(Tx& tx, const AuditEvent& event, core::Millis at);

struct AuditQuery {
    std::optional<std::string> object_type;
    std::optional<std::string> object_id;
    std::optional<std::vector<long long>> organisation_ids;  // nullopt: all
    int page = 1;
    int per_page = 50;
};
registry::Page<security::AuditRecord> ListAudit(Tx& tx, const AuditQuery& q);

// Streams every entry in seq order.
void ForEachAudit(Tx& tx, const std::function<void(const security::AuditRecord&)>& fn);

}  // namespace belfry::store
