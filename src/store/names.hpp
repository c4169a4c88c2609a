// Names recorded with a change, as they are at the time: an organisation's display name, and the
// name of who acted (the user's display name, else the principal's name — the operator at the
// command line, an API token's user). Run inside the caller's Tx.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::store {

// Ok when the organisation is in `tree`; else kNotFound, or kInvalidArgument on `field` when the id
// came in a request's field.
core::Status OrganisationExists(const security::OrgTree& tree, long long id, const std::string& field = "");

// English name, else French; "organisation 12" when it does not exist.
std::string OrganisationName(Tx& tx, long long id);
std::string ActorName(Tx& tx, const security::Principal& who);
// The user id to record, nullopt for the system principal.
inline std::optional<long long> ActorId(const security::Principal& who) {
    return who.user_id != 0 ? std::optional<long long>(who.user_id) : std::nullopt;
}

}  // namespace belfry::store
