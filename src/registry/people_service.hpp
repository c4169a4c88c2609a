// PeopleService: users, role grants and API tokens.
//
// Contract: as RegistryService — permission checked first through the Authorizer, one transaction
// per change with its audit entry, errors as values. Passwords are hashed with Argon2id before they
// reach the store; API token secrets are returned once and stored as SHA-256 only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "registry/model.hpp"
#include "security/crypto.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::registry {

struct UserInput {
    std::string username;
    std::string display_name;
    std::optional<std::string> email;
    std::string password;
    std::string locale = "fr";
};

struct UserPatch {
    std::optional<std::string> display_name;
    std::optional<std::optional<std::string>> email;
    std::optional<std::string> locale;
    std::optional<bool> disabled;
    std::optional<std::string> password;
};

struct GrantInput {
    long long user_id = 0;
    long long organisation_id = 0;
    std::string role;
    std::optional<core::Millis> expires_at;
};

struct CreatedToken {
    ApiToken token;
    std::string secret;  // "bfy_…", shown once
};

class PeopleService {
  public:
    PeopleService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                  security::PasswordCost cost = security::DefaultPasswordCost())
        : db_(db), clock_(clock), authz_(authz), cost_(cost) {}

    core::Result<std::vector<User>> ListUsers(const security::Principal& who);
    core::Result<User> GetUser(const security::Principal& who, long long id);
    core::Result<User> CreateUser(const security::Principal& who, const UserInput& in);
    core::Result<User> UpdateUser(const security::Principal& who, long long id, const UserPatch& patch);

    core::Result<std::vector<RoleGrant>> ListGrants(const security::Principal& who, std::optional<long long> user_id,
                                                    std::optional<long long> organisation_id);
    core::Result<RoleGrant> Grant(const security::Principal& who, const GrantInput& in);
    core::Status Revoke(const security::Principal& who, long long grant_id);

    core::Result<std::vector<ApiToken>> ListTokens(const security::Principal& who);
    core::Result<CreatedToken> CreateToken(const security::Principal& who, const std::string& name,
                                           std::optional<core::Millis> expires_at);
    core::Status RevokeToken(const security::Principal& who, long long token_id);

  private:
    bool MayManage(store::Tx& tx, const security::Principal& who, long long target_user_id);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
    security::PasswordCost cost_;
};

core::Status CheckPassword(const std::string& password);

}  // namespace belfry::registry
