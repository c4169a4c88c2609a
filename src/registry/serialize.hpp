// JSON views of registry records, shared by the API and the audit trail (before/after).
// Never includes secrets (password hashes, token hashes).
#pragma once

#include <boost/json/value.hpp>

#include "registry/model.hpp"
#include "security/audit_chain.hpp"

namespace belfry::registry {

boost::json::object ToJson(const Names& names);
boost::json::object ToJson(const Organisation& org);
// `internal` adds the contact user ids, which the public view leaves out.
boost::json::object ToJson(const Channel& channel, core::Millis revalidation_period, core::Millis now, bool internal);
boost::json::object ToJson(const User& user);
boost::json::object ToJson(const RoleGrant& grant);
boost::json::object ToJson(const ApiToken& token);
boost::json::object ToJson(const security::AuditRecord& record);

// The audit's before/after text for a record (stable key order).
std::string AuditText(const boost::json::object& object);

}  // namespace belfry::registry
