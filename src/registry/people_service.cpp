#include "registry/people_service.hpp"

#include "core/languages.hpp"
#include "core/text.hpp"
#include "registry/serialize.hpp"
#include "store/audit_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::registry {

using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace {

core::Status CheckUsername(const std::string& u) {
    if (u.size() < 3 || u.size() > 64) {
        return Error::Invalid("username", "username must be 3 to 64 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    for (char c : u) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-')) {
            return Error::Invalid("username", "username '" + u + "' may only contain a-z, A-Z, 0-9, '.', '_' and '-'");
        }
    }
    return core::Ok();
}

core::Status CheckLocale(const std::string& l) {
    if (!core::IsLanguage(l)) return Error::Invalid("locale", "unknown locale '" + l + "': use fr, nl, de or en");
    return core::Ok();
}

core::Status CheckEmail(const std::optional<std::string>& e) {
    if (!e) return core::Ok();
    const auto at = e->find('@');
    if (e->size() > 254 || at == std::string::npos || at == 0 || at + 1 >= e->size() ||
        e->find_first_of(" \t\r\n<>") != std::string::npos) {
        return Error::Invalid("email", "'" + *e + "' is not an e-mail address");
    }
    return core::Ok();
}

core::Status CheckDisplayName(const std::string& n) {
    if (std::string(core::Trim(n)).empty() || n.size() > 200) {
        return Error::Invalid("display_name", "display_name is required (at most 200 bytes)");
    }
    return core::Ok();
}

bool ManagesAnything(const security::Authorizer& authz, const Principal& who, const security::OrgTree& tree) {
    return who.is_system || !authz.Scope(who, Action::kManageUsers, tree).empty();
}

}  // namespace

core::Status CheckPassword(const std::string& password) {
    if (password.size() < 12) {
        return Error::Invalid("password", "the password is too short: use at least 12 characters (a sentence works)");
    }
    if (password.size() > 1024) return Error::Invalid("password", "the password is too long: at most 1024 bytes");
    return core::Ok();
}

bool PeopleService::MayManage(store::Tx& tx, const Principal& who, long long target_user_id) {
    if (who.is_system) return true;
    const auto tree = store::LoadOrgTree(tx);
    const auto grants = store::ListGrants(tx, target_user_id, std::nullopt);
    if (grants.empty()) return ManagesAnything(authz_, who, tree);
    for (const auto& g : grants) {
        if (!authz_.Can(who, Action::kManageUsers, g.organisation_id, tree)) return false;
    }
    return true;
}

Result<std::vector<User>> PeopleService::ListUsers(const Principal& who) {
    return db_.Read<std::vector<User>>([&](store::Tx& tx) -> Result<std::vector<User>> {
        const auto tree = store::LoadOrgTree(tx);
        if (ManagesAnything(authz_, who, tree)) return store::ListUsers(tx);
        std::vector<User> out;
        if (auto me = store::GetUser(tx, who.user_id)) out.push_back(*me);
        return out;
    });
}

Result<User> PeopleService::GetUser(const Principal& who, long long id) {
    return db_.Read<User>([&](store::Tx& tx) -> Result<User> {
        auto u = store::GetUser(tx, id);
        if (!u) return Error::NotFound("user " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (id != who.user_id && !ManagesAnything(authz_, who, tree)) {
            return Error::Denied("only administrators may look at other users");
        }
        return *u;
    });
}

Result<User> PeopleService::CreateUser(const Principal& who, const UserInput& in) {
    BELFRY_TRY(CheckUsername(in.username));
    BELFRY_TRY(CheckDisplayName(in.display_name));
    BELFRY_TRY(CheckEmail(in.email));
    BELFRY_TRY(CheckLocale(in.locale));
    BELFRY_TRY(CheckPassword(in.password));
    BELFRY_ASSIGN_OR_RETURN(hash, security::HashPassword(in.password, cost_));
    return db_.Transact<User>([&](store::Tx& tx) -> Result<User> {
        const auto tree = store::LoadOrgTree(tx);
        if (!ManagesAnything(authz_, who, tree)) {
            return Error::Denied("only administrators may create users");
        }
        if (store::GetUserForLogin(tx, core::AsciiLower(in.username))) {
            return Error::Conflict("the username '" + in.username + "' is taken: choose another");
        }
        User u;
        u.username = in.username;
        u.display_name = std::string(core::Trim(in.display_name));
        u.email = in.email;
        u.locale = in.locale;
        u.created_at = u.updated_at = clock_.NowMs();
        u.id = store::InsertUser(tx, u, hash);
        auto e = store::AuditEventBy(who, "user.create", "user", u.id, std::nullopt);
        e.after_json = AuditText(ToJson(u));
        store::AppendAudit(tx, e, u.created_at);
        return u;
    });
}

Result<User> PeopleService::UpdateUser(const Principal& who, long long id, const UserPatch& p) {
    if (p.display_name) BELFRY_TRY(CheckDisplayName(*p.display_name));
    if (p.email) BELFRY_TRY(CheckEmail(*p.email));
    if (p.locale) BELFRY_TRY(CheckLocale(*p.locale));
    std::optional<std::string> hash;
    if (p.password) {
        BELFRY_TRY(CheckPassword(*p.password));
        BELFRY_ASSIGN_OR_RETURN(h, security::HashPassword(*p.password, cost_));
        hash = h;
    }
    return db_.Transact<User>([&](store::Tx& tx) -> Result<User> {
        auto u = store::GetUser(tx, id);
        if (!u) return Error::NotFound("user " + std::to_string(id) + " does not exist");
        const bool self_service_only = !p.disabled && !p.password && !p.email;
        if (!(id == who.user_id && self_service_only) && !MayManage(tx, who, id)) {
            return Error::Denied("only an administrator of every organisation where '" + u->username +
                                 "' holds a role may change this user");
        }
        if (p.disabled && *p.disabled && id == who.user_id) {
            return Error::Invalid("disabled", "you cannot disable your own account: ask another administrator");
        }
        const User before = *u;
        if (p.display_name) u->display_name = std::string(core::Trim(*p.display_name));
        if (p.email) u->email = *p.email;
        if (p.locale) u->locale = *p.locale;
        if (p.disabled) u->disabled = *p.disabled;
        u->updated_at = clock_.NowMs();
        store::UpdateUser(tx, *u);
        if (hash) store::UpdatePassword(tx, id, *hash, u->updated_at);
        auto e = store::AuditEventBy(who, hash ? "user.password" : "user.update", "user", id, std::nullopt);
        e.before_json = AuditText(ToJson(before));
        e.after_json = AuditText(ToJson(*u));
        store::AppendAudit(tx, e, u->updated_at);
        return *u;
    });
}

Result<std::vector<RoleGrant>> PeopleService::ListGrants(const Principal& who, std::optional<long long> user_id,
                                                         std::optional<long long> organisation_id) {
    return db_.Read<std::vector<RoleGrant>>([&](store::Tx& tx) -> Result<std::vector<RoleGrant>> {
        const auto tree = store::LoadOrgTree(tx);
        std::vector<RoleGrant> out;
        for (auto& g : store::ListGrants(tx, user_id, organisation_id)) {
            if (g.user_id == who.user_id || authz_.Can(who, Action::kReadRegistry, g.organisation_id, tree)) {
                out.push_back(std::move(g));
            }
        }
        return out;
    });
}

Result<RoleGrant> PeopleService::Grant(const Principal& who, const GrantInput& in) {
    const auto role = security::ParseRole(in.role);
    if (!role) {
        return Error::Invalid("role", "unknown role '" + in.role +
                                          "': use administrator, editor, reviewer, spokesperson, moderator, analyst "
                                          "or agency_member");
    }
    const auto now = clock_.NowMs();
    if (*role == security::Role::kAgencyMember && !in.expires_at) {
        return Error::Invalid("expires_at",
                              "an agency member's role must end: give expires_at (e.g. the contract's end)");
    }
    if (in.expires_at && *in.expires_at <= now) {
        return Error::Invalid("expires_at", "expires_at is in the past: give a future date");
    }
    return db_.Transact<RoleGrant>([&](store::Tx& tx) -> Result<RoleGrant> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        if (!store::GetUser(tx, in.user_id)) {
            return Error::Invalid("user_id", "user " + std::to_string(in.user_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kManageUsers, in.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not grant roles on organisation " +
                                 std::to_string(in.organisation_id) + ": only its administrators may");
        }
        for (const auto& g : store::ListGrants(tx, in.user_id, in.organisation_id)) {
            if (g.role == in.role) {
                return Error::Conflict("this user already holds the role " + in.role + " on this organisation (grant " +
                                       std::to_string(g.id) + ")");
            }
        }
        RoleGrant g;
        g.user_id = in.user_id;
        g.organisation_id = in.organisation_id;
        g.role = in.role;
        g.expires_at = in.expires_at;
        if (who.user_id != 0) g.granted_by = who.user_id;
        g.created_at = now;
        g.id = store::InsertGrant(tx, g);
        auto e = store::AuditEventBy(who, "role.grant", "role_grant", g.id, g.organisation_id);
        e.after_json = AuditText(ToJson(g));
        store::AppendAudit(tx, e, now);
        return g;
    });
}

core::Status PeopleService::Revoke(const Principal& who, long long grant_id) {
    return db_.Transact<core::Unit>([&](store::Tx& tx) -> Result<core::Unit> {
        auto g = store::GetGrant(tx, grant_id);
        if (!g) return Error::NotFound("role grant " + std::to_string(grant_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageUsers, g->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not revoke roles on organisation " +
                                 std::to_string(g->organisation_id));
        }
        if (g->role == "administrator" && tree.AncestorsAndSelf(g->organisation_id).size() == 1) {
            int admins = 0;
            for (const auto& other : store::ListGrants(tx, std::nullopt, g->organisation_id)) {
                if (other.role == "administrator" && (!other.expires_at || *other.expires_at > clock_.NowMs())) {
                    ++admins;
                }
            }
            if (admins <= 1) {
                return Error::Conflict(
                    "this is the last administrator of the whole tree: grant the role to a "
                    "backup administrator first");
            }
        }
        store::DeleteGrant(tx, grant_id);
        auto e = store::AuditEventBy(who, "role.revoke", "role_grant", grant_id, g->organisation_id);
        e.before_json = AuditText(ToJson(*g));
        store::AppendAudit(tx, e, clock_.NowMs());
        return core::Unit{};
    });
}

Result<std::vector<ApiToken>> PeopleService::ListTokens(const Principal& who) {
    return db_.Read<std::vector<ApiToken>>(
        [&](store::Tx& tx) -> Result<std::vector<ApiToken>> { return store::ListApiTokens(tx, who.user_id); });
}

Result<CreatedToken> PeopleService::CreateToken(const Principal& who, const std::string& name,
                                                std::optional<core::Millis> expires_at) {
    if (std::string(core::Trim(name)).empty() || name.size() > 100) {
        return Error::Invalid("name", "name the token after what will use it (1 to 100 bytes), e.g. 'press-feed'");
    }
    const auto now = clock_.NowMs();
    if (expires_at && *expires_at <= now) return Error::Invalid("expires_at", "expires_at is in the past");
    if (who.user_id == 0) return Error::Invalid("user", "tokens belong to a user: name one");
    CreatedToken out;
    out.secret = "bfy_" + security::RandomToken(32);
    out.token.user_id = who.user_id;
    out.token.name = std::string(core::Trim(name));
    out.token.prefix = out.secret.substr(0, 10);
    out.token.created_at = now;
    out.token.expires_at = expires_at;
    return db_.Transact<CreatedToken>([&](store::Tx& tx) -> Result<CreatedToken> {
        out.token.id = store::InsertApiToken(tx, out.token, security::Sha256Hex(out.secret));
        auto e = store::AuditEventBy(who, "token.create", "api_token", out.token.id, std::nullopt);
        e.after_json = AuditText(ToJson(out.token));
        store::AppendAudit(tx, e, now);
        return out;
    });
}

core::Status PeopleService::RevokeToken(const Principal& who, long long token_id) {
    return db_.Transact<core::Unit>([&](store::Tx& tx) -> Result<core::Unit> {
        const auto now = clock_.NowMs();
        if (!store::RevokeApiToken(tx, who.user_id, token_id, now)) {
            return Error::NotFound("token " + std::to_string(token_id) + " is not one of your active tokens");
        }
        auto e = store::AuditEventBy(who, "token.revoke", "api_token", token_id, std::nullopt);
        store::AppendAudit(tx, e, now);
        return core::Unit{};
    });
}

}  // namespace belfry::registry
