#include "store/names.hpp"

#include "store/crisis_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::store {

core::Status OrganisationExists(const security::OrgTree& tree, long long id, const std::string& field) {
    if (tree.Contains(id)) return core::Ok();
    const std::string message = "organisation " + std::to_string(id) + " does not exist";
    if (field.empty()) return core::Error::NotFound(message);
    return core::Error::Invalid(field, message);
}

std::string OrganisationName(Tx& tx, long long id) {
    auto org = GetOrganisation(tx, id);
    if (!org) return "organisation " + std::to_string(id);
    return org->names.en.empty() ? org->names.fr : org->names.en;
}

std::string ActorName(Tx& tx, const security::Principal& who) {
    if (who.user_id != 0) {
        auto name = UserDisplayName(tx, who.user_id);
        if (!name.empty()) return name;
    }
    return who.username;
}

}  // namespace belfry::store
