// SQL for the registry: organisations, channels, users, grants, sessions, tokens, login attempts,
// metric snapshots. Every function runs inside the caller's Tx and throws soci exceptions on
// database failure (Database::Transact turns them into errors and rolls back).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::store {

// ---- organisations
security::OrgTree LoadOrgTree(Tx& tx);
std::vector<registry::Organisation> ListOrganisations(Tx& tx);
std::optional<registry::Organisation> GetOrganisation(Tx& tx, long long id);
std::optional<registry::Organisation> GetOrganisationBySlug(Tx& tx, const std::string& slug);
long long InsertOrganisation(Tx& tx, const registry::Organisation& org);
void UpdateOrganisation(Tx& tx, const registry::Organisation& org);
void DeleteOrganisation(Tx& tx, long long id);
long long CountChildOrganisations(Tx& tx, long long id);
long long CountChannelsOf(Tx& tx, long long organisation_id);

// ---- channels
struct ChannelQuery {
    std::optional<std::set<long long>> organisation_ids;  // nullopt: all
    std::optional<std::string> network;
    std::vector<std::string> statuses;  // empty: all
    std::optional<std::string> language;
    std::optional<std::string> tag;
    std::optional<std::string> text;         // matched in display name and handle, case-insensitively
    std::optional<core::Millis> due_before;  // revalidation due: last_validated_at (or created_at) < this
    int page = 1;
    int per_page = 50;
};
registry::Page<registry::Channel> SearchChannels(Tx& tx, const ChannelQuery& q);
std::optional<registry::Channel> GetChannel(Tx& tx, long long id);
std::vector<registry::Channel> FindChannelsByHandle(Tx& tx, std::string_view network, const std::string& handle);
std::vector<registry::Channel> FindChannelsByAccountId(Tx& tx, std::string_view network, const std::string& account_id);
long long InsertChannel(Tx& tx, const registry::Channel& channel);
void UpdateChannel(Tx& tx, const registry::Channel& channel);

// ---- users and grants
long long InsertUser(Tx& tx, const registry::User& user, const std::string& password_hash);
std::optional<registry::User> GetUser(Tx& tx, long long id);
// Returns the user and its password hash.
std::optional<std::pair<registry::User, std::string>> GetUserForLogin(Tx& tx, const std::string& username_key);
std::vector<registry::User> ListUsers(Tx& tx);
void UpdateUser(Tx& tx, const registry::User& user);
void UpdatePassword(Tx& tx, long long user_id, const std::string& password_hash, core::Millis now);
void TouchLogin(Tx& tx, long long user_id, core::Millis now);

std::vector<registry::RoleGrant> ListGrants(Tx& tx, std::optional<long long> user_id,
                                            std::optional<long long> organisation_id);
std::optional<registry::RoleGrant> GetGrant(Tx& tx, long long id);
long long InsertGrant(Tx& tx, const registry::RoleGrant& grant);
void DeleteGrant(Tx& tx, long long id);

// ---- sessions, tokens, login attempts
struct SessionRow {
    long long id = 0;
    long long user_id = 0;
    std::string csrf_token;
    core::Millis expires_at = 0;
};
void InsertSession(Tx& tx, const std::string& token_hash, long long user_id, const std::string& csrf, core::Millis now,
                   core::Millis expires_at, const std::string& ip);
std::optional<SessionRow> FindSession(Tx& tx, const std::string& token_hash);
void DeleteSession(Tx& tx, const std::string& token_hash);
void DeleteExpiredSessions(Tx& tx, core::Millis now);

long long InsertApiToken(Tx& tx, const registry::ApiToken& token, const std::string& token_hash);
// Returns the token if it exists, is not revoked and has not expired at `now`.
std::optional<registry::ApiToken> FindApiToken(Tx& tx, const std::string& token_hash, core::Millis now);
std::vector<registry::ApiToken> ListApiTokens(Tx& tx, long long user_id);
bool RevokeApiToken(Tx& tx, long long user_id, long long token_id, core::Millis now);
void TouchApiToken(Tx& tx, long long token_id, core::Millis now);

void InsertLoginAttempt(Tx& tx, const std::string& username_key, const std::string& ip, core::Millis at, bool success);
long long CountFailedLoginsForUser(Tx& tx, const std::string& username_key, core::Millis since);
long long CountFailedLoginsForIp(Tx& tx, const std::string& ip, core::Millis since);

// ---- figures
void InsertMetricSnapshot(Tx& tx, std::optional<long long> channel_id, std::optional<long long> organisation_id,
                          const std::string& metric, const std::string& dimension, double value,
                          core::Millis measured_at, const std::string& source);
long long CountMetricSnapshots(Tx& tx);

}  // namespace belfry::store
