#include "store/registry_repo.hpp"

#include <soci/soci.h>

#include "core/text.hpp"
#include "store/rows.hpp"

namespace belfry::store {

using registry::Channel;
using registry::Organisation;
using registry::RoleGrant;
using registry::User;

namespace {

constexpr const char* kOrgColumns =
    "id, parent_id, kind, slug, name_fr, name_nl, name_de, name_en, created_at, updated_at";

Organisation OrgFromRow(const soci::row& r) {
    Organisation o;
    o.id = Int(r, 0);
    o.parent_id = OptInt(r, 1);
    o.kind = Text(r, 2);
    o.slug = Text(r, 3);
    o.names = {Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7)};
    o.created_at = Int(r, 8);
    o.updated_at = Int(r, 9);
    return o;
}

constexpr const char* kChannelColumns =
    "c.id, c.organisation_id, c.network, c.handle, c.platform_account_id, c.url, c.display_name, c.languages, "
    "c.status, c.status_changed_at, c.primary_contact_id, c.backup_contact_id, c.policy_url, c.last_validated_at, "
    "c.created_at, c.updated_at";

Channel ChannelFromRow(const soci::row& r) {
    Channel c;
    c.id = Int(r, 0);
    c.organisation_id = Int(r, 1);
    c.network = core::ParseNetwork(Text(r, 2)).value_or(core::Network::kOther);
    c.handle = Text(r, 3);
    c.platform_account_id = OptText(r, 4);
    c.url = Text(r, 5);
    c.display_name = Text(r, 6);
    c.languages = SplitWords(Text(r, 7));
    c.status = Text(r, 8);
    c.status_changed_at = Int(r, 9);
    c.primary_contact_id = OptInt(r, 10);
    c.backup_contact_id = OptInt(r, 11);
    c.policy_url = OptText(r, 12);
    c.last_validated_at = OptInt(r, 13);
    c.created_at = Int(r, 14);
    c.updated_at = Int(r, 15);
    return c;
}

void LoadTags(Tx& tx, std::vector<Channel>& channels) {
    if (channels.empty()) return;
    Binds binds;
    std::string in;
    for (const auto& c : channels) {
        if (!in.empty()) in += ',';
        in += binds.Add(c.id);
    }
    Query(tx.sql(), "SELECT channel_id, tag FROM channel_tags WHERE channel_id IN (" + in + ") ORDER BY tag", binds,
          [&](const soci::row& r) {
              const long long id = Int(r, 0);
              for (auto& c : channels) {
                  if (c.id == id) c.tags.push_back(Text(r, 1));
              }
          });
}

std::vector<Channel> SelectChannels(Tx& tx, const std::string& where, Binds& binds) {
    std::vector<Channel> out;
    Query(tx.sql(), std::string("SELECT ") + kChannelColumns + " FROM channels c WHERE " + where + " ORDER BY c.id",
          binds, [&](const soci::row& r) { out.push_back(ChannelFromRow(r)); });
    LoadTags(tx, out);
    return out;
}

void ReplaceTags(Tx& tx, long long channel_id, const std::vector<std::string>& tags) {
    tx.sql() << "DELETE FROM channel_tags WHERE channel_id = :id", soci::use(channel_id);
    for (const auto& tag : tags) {
        std::string t = tag;
        tx.sql() << "INSERT INTO channel_tags (channel_id, tag) VALUES (:id, :tag)", soci::use(channel_id),
            soci::use(t);
    }
}

constexpr const char* kUserColumns =
    "id, username, display_name, email, locale, disabled, created_at, updated_at, last_login_at";

User UserFromRow(const soci::row& r) {
    User u;
    u.id = Int(r, 0);
    u.username = Text(r, 1);
    u.display_name = Text(r, 2);
    u.email = OptText(r, 3);
    u.locale = Text(r, 4);
    u.disabled = Int(r, 5) != 0;
    u.created_at = Int(r, 6);
    u.updated_at = Int(r, 7);
    u.last_login_at = OptInt(r, 8);
    return u;
}

RoleGrant GrantFromRow(const soci::row& r) {
    RoleGrant g;
    g.id = Int(r, 0);
    g.user_id = Int(r, 1);
    g.organisation_id = Int(r, 2);
    g.role = Text(r, 3);
    g.expires_at = OptInt(r, 4);
    g.granted_by = OptInt(r, 5);
    g.created_at = Int(r, 6);
    return g;
}

registry::ApiToken TokenFromRow(const soci::row& r) {
    registry::ApiToken t;
    t.id = Int(r, 0);
    t.user_id = Int(r, 1);
    t.name = Text(r, 2);
    t.prefix = Text(r, 3);
    t.created_at = Int(r, 4);
    t.expires_at = OptInt(r, 5);
    t.last_used_at = OptInt(r, 6);
    return t;
}

long long ScalarCount(Tx& tx, const std::string& sql, long long arg) {
    long long n = 0;
    tx.sql() << sql, soci::use(arg), soci::into(n);
    return n;
}

}  // namespace

// ---- organisations

security::OrgTree LoadOrgTree(Tx& tx) {
    security::OrgTree tree;
    Binds none;
    Query(tx.sql(), "SELECT id, parent_id FROM organisations", none,
          [&](const soci::row& r) { tree.Add(Int(r, 0), OptInt(r, 1).value_or(0)); });
    return tree;
}

std::vector<Organisation> ListOrganisations(Tx& tx) {
    std::vector<Organisation> out;
    Binds none;
    Query(tx.sql(), std::string("SELECT ") + kOrgColumns + " FROM organisations ORDER BY id", none,
          [&](const soci::row& r) { out.push_back(OrgFromRow(r)); });
    return out;
}

std::optional<Organisation> GetOrganisation(Tx& tx, long long id) {
    std::optional<Organisation> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE id = " + p, b,
          [&](const soci::row& r) { out = OrgFromRow(r); });
    return out;
}

std::optional<Organisation> GetOrganisationBySlug(Tx& tx, const std::string& slug) {
    std::optional<Organisation> out;
    Binds b;
    const auto p = b.Add(slug);
    Query(tx.sql(), std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE slug = " + p, b,
          [&](const soci::row& r) { out = OrgFromRow(r); });
    return out;
}

long long InsertOrganisation(Tx& tx, const Organisation& o) {
    Nullable<long long> parent(o.parent_id);
    long long id = 0;
    tx.sql() << "INSERT INTO organisations (parent_id, kind, slug, name_fr, name_nl, name_de, name_en, created_at, "
                "updated_at) VALUES (:parent, :kind, :slug, :fr, :nl, :de, :en, :created, :updated) RETURNING id",
        soci::use(parent.value, parent.ind), soci::use(o.kind), soci::use(o.slug), soci::use(o.names.fr),
        soci::use(o.names.nl), soci::use(o.names.de), soci::use(o.names.en), soci::use(o.created_at),
        soci::use(o.updated_at), soci::into(id);
    return id;
}

void UpdateOrganisation(Tx& tx, const Organisation& o) {
    tx.sql() << "UPDATE organisations SET kind = :kind, slug = :slug, name_fr = :fr, name_nl = :nl, name_de = :de, "
                "name_en = :en, updated_at = :updated WHERE id = :id",
        soci::use(o.kind), soci::use(o.slug), soci::use(o.names.fr), soci::use(o.names.nl), soci::use(o.names.de),
        soci::use(o.names.en), soci::use(o.updated_at), soci::use(o.id);
}

void DeleteOrganisation(Tx& tx, long long id) { tx.sql() << "DELETE FROM organisations WHERE id = :id", soci::use(id); }

long long CountChildOrganisations(Tx& tx, long long id) {
    return ScalarCount(tx, "SELECT COUNT(*) FROM organisations WHERE parent_id = :id", id);
}

long long CountChannelsOf(Tx& tx, long long organisation_id) {
    return ScalarCount(tx, "SELECT COUNT(*) FROM channels WHERE organisation_id = :id", organisation_id);
}

// ---- channels

registry::Page<Channel> SearchChannels(Tx& tx, const ChannelQuery& q) {
    Binds binds;
    std::string where = "1 = 1";
    if (q.organisation_ids) {
        if (q.organisation_ids->empty()) {
            where += " AND 1 = 0";
        } else {
            std::string in;
            for (long long id : *q.organisation_ids) {
                if (!in.empty()) in += ',';
                in += binds.Add(id);
            }
            where += " AND c.organisation_id IN (" + in + ")";
        }
    }
    if (q.network) where += " AND c.network = " + binds.Add(*q.network);
    if (!q.statuses.empty()) {
        std::string in;
        for (const auto& s : q.statuses) {
            if (!in.empty()) in += ',';
            in += binds.Add(s);
        }
        where += " AND c.status IN (" + in + ")";
    }
    if (q.language) where += " AND (' ' || c.languages || ' ') LIKE " + binds.Add("% " + *q.language + " %");
    if (q.tag) where += " AND c.id IN (SELECT channel_id FROM channel_tags WHERE tag = " + binds.Add(*q.tag) + ")";
    if (q.text) {
        const std::string pattern = "%" + core::AsciiLower(*q.text) + "%";
        where +=
            " AND (LOWER(c.display_name) LIKE " + binds.Add(pattern) + " OR c.handle LIKE " + binds.Add(pattern) + ")";
    }
    if (q.due_before) {
        where += " AND COALESCE(c.last_validated_at, c.created_at) < " + binds.Add(*q.due_before);
    }

    registry::Page<Channel> page;
    page.page = q.page;
    page.per_page = q.per_page;
    Query(tx.sql(), "SELECT COUNT(*) FROM channels c WHERE " + where, binds,
          [&](const soci::row& r) { page.total = Int(r, 0); });
    const long long offset = static_cast<long long>(q.page - 1) * q.per_page;
    const std::string limit =
        " ORDER BY c.id LIMIT " + std::to_string(q.per_page) + " OFFSET " + std::to_string(offset);
    Query(tx.sql(), std::string("SELECT ") + kChannelColumns + " FROM channels c WHERE " + where + limit, binds,
          [&](const soci::row& r) { page.items.push_back(ChannelFromRow(r)); });
    LoadTags(tx, page.items);
    return page;
}

std::optional<Channel> GetChannel(Tx& tx, long long id) {
    Binds b;
    auto rows = SelectChannels(tx, "c.id = " + b.Add(id), b);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<Channel> FindChannelsByHandle(Tx& tx, std::string_view network, const std::string& handle) {
    Binds b;
    const std::string where = "c.network = " + b.Add(std::string(network)) + " AND c.handle = " + b.Add(handle);
    return SelectChannels(tx, where, b);
}

std::vector<Channel> FindChannelsByAccountId(Tx& tx, std::string_view network, const std::string& account_id) {
    Binds b;
    const std::string where =
        "c.network = " + b.Add(std::string(network)) + " AND c.platform_account_id = " + b.Add(account_id);
    return SelectChannels(tx, where, b);
}

long long InsertChannel(Tx& tx, const Channel& c) {
    Nullable<std::string> account(c.platform_account_id);
    Nullable<long long> primary(c.primary_contact_id);
    Nullable<long long> backup(c.backup_contact_id);
    Nullable<std::string> policy(c.policy_url);
    Nullable<long long> validated(c.last_validated_at);
    const std::string network(core::NetworkName(c.network));
    const std::string langs = JoinWords(c.languages);
    long long id = 0;
    tx.sql() << "INSERT INTO channels (organisation_id, network, handle, platform_account_id, url, display_name, "
                "languages, status, status_changed_at, primary_contact_id, backup_contact_id, policy_url, "
                "last_validated_at, created_at, updated_at) VALUES (:org, :network, :handle, :account, :url, :name, "
                ":langs, :status, :status_at, :primary, :backup, :policy, :validated, :created, :updated) RETURNING id",
        soci::use(c.organisation_id), soci::use(network), soci::use(c.handle), soci::use(account.value, account.ind),
        soci::use(c.url), soci::use(c.display_name), soci::use(langs), soci::use(c.status),
        soci::use(c.status_changed_at), soci::use(primary.value, primary.ind), soci::use(backup.value, backup.ind),
        soci::use(policy.value, policy.ind), soci::use(validated.value, validated.ind), soci::use(c.created_at),
        soci::use(c.updated_at), soci::into(id);
    ReplaceTags(tx, id, c.tags);
    return id;
}

void UpdateChannel(Tx& tx, const Channel& c) {
    Nullable<std::string> account(c.platform_account_id);
    Nullable<long long> primary(c.primary_contact_id);
    Nullable<long long> backup(c.backup_contact_id);
    Nullable<std::string> policy(c.policy_url);
    Nullable<long long> validated(c.last_validated_at);
    const std::string network(core::NetworkName(c.network));
    const std::string langs = JoinWords(c.languages);
    tx.sql() << "UPDATE channels SET organisation_id = :org, network = :network, handle = :handle, "
                "platform_account_id = :account, url = :url, display_name = :name, languages = :langs, "
                "status = :status, status_changed_at = :status_at, primary_contact_id = :primary, "
                "backup_contact_id = :backup, policy_url = :policy, last_validated_at = :validated, "
                "updated_at = :updated WHERE id = :id",
        soci::use(c.organisation_id), soci::use(network), soci::use(c.handle), soci::use(account.value, account.ind),
        soci::use(c.url), soci::use(c.display_name), soci::use(langs), soci::use(c.status),
        soci::use(c.status_changed_at), soci::use(primary.value, primary.ind), soci::use(backup.value, backup.ind),
        soci::use(policy.value, policy.ind), soci::use(validated.value, validated.ind), soci::use(c.updated_at),
        soci::use(c.id);
    ReplaceTags(tx, c.id, c.tags);
}

// ---- users and grants

long long InsertUser(Tx& tx, const User& u, const std::string& password_hash) {
    Nullable<std::string> email(u.email);
    const std::string key = core::AsciiLower(u.username);
    const long long disabled = u.disabled ? 1 : 0;
    long long id = 0;
    tx.sql() << "INSERT INTO users (username, username_key, display_name, email, password_hash, locale, disabled, "
                "created_at, updated_at) VALUES (:u, :k, :d, :e, :p, :l, :dis, :c, :up) RETURNING id",
        soci::use(u.username), soci::use(key), soci::use(u.display_name), soci::use(email.value, email.ind),
        soci::use(password_hash), soci::use(u.locale), soci::use(disabled), soci::use(u.created_at),
        soci::use(u.updated_at), soci::into(id);
    return id;
}

std::optional<User> GetUser(Tx& tx, long long id) {
    std::optional<User> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = " + p, b,
          [&](const soci::row& r) { out = UserFromRow(r); });
    return out;
}

std::optional<std::pair<User, std::string>> GetUserForLogin(Tx& tx, const std::string& username_key) {
    std::optional<std::pair<User, std::string>> out;
    Binds b;
    const auto p = b.Add(username_key);
    Query(tx.sql(), std::string("SELECT ") + kUserColumns + ", password_hash FROM users WHERE username_key = " + p, b,
          [&](const soci::row& r) { out = std::make_pair(UserFromRow(r), Text(r, 9)); });
    return out;
}

std::vector<User> ListUsers(Tx& tx) {
    std::vector<User> out;
    Binds none;
    Query(tx.sql(), std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id", none,
          [&](const soci::row& r) { out.push_back(UserFromRow(r)); });
    return out;
}

void UpdateUser(Tx& tx, const User& u) {
    Nullable<std::string> email(u.email);
    const long long disabled = u.disabled ? 1 : 0;
    tx.sql() << "UPDATE users SET display_name = :d, email = :e, locale = :l, disabled = :dis, updated_at = :up "
                "WHERE id = :id",
        soci::use(u.display_name), soci::use(email.value, email.ind), soci::use(u.locale), soci::use(disabled),
        soci::use(u.updated_at), soci::use(u.id);
}

void UpdatePassword(Tx& tx, long long user_id, const std::string& password_hash, core::Millis now) {
    tx.sql() << "UPDATE users SET password_hash = :p, updated_at = :now WHERE id = :id", soci::use(password_hash),
        soci::use(now), soci::use(user_id);
}

void TouchLogin(Tx& tx, long long user_id, core::Millis now) {
    tx.sql() << "UPDATE users SET last_login_at = :now WHERE id = :id", soci::use(now), soci::use(user_id);
}

std::vector<RoleGrant> ListGrants(Tx& tx, std::optional<long long> user_id, std::optional<long long> organisation_id) {
    Binds b;
    std::string where = "1 = 1";
    if (user_id) where += " AND user_id = " + b.Add(*user_id);
    if (organisation_id) where += " AND organisation_id = " + b.Add(*organisation_id);
    std::vector<RoleGrant> out;
    Query(tx.sql(),
          "SELECT id, user_id, organisation_id, role, expires_at, granted_by, created_at FROM role_grants WHERE " +
              where + " ORDER BY id",
          b, [&](const soci::row& r) { out.push_back(GrantFromRow(r)); });
    return out;
}

std::optional<RoleGrant> GetGrant(Tx& tx, long long id) {
    Binds b;
    const auto p = b.Add(id);
    std::optional<RoleGrant> out;
    Query(tx.sql(),
          "SELECT id, user_id, organisation_id, role, expires_at, granted_by, created_at FROM role_grants WHERE id = " +
              p,
          b, [&](const soci::row& r) { out = GrantFromRow(r); });
    return out;
}

long long InsertGrant(Tx& tx, const RoleGrant& g) {
    Nullable<long long> expires(g.expires_at);
    Nullable<long long> by(g.granted_by);
    long long id = 0;
    tx.sql() << "INSERT INTO role_grants (user_id, organisation_id, role, expires_at, granted_by, created_at) VALUES "
                "(:u, :o, :r, :e, :b, :c) RETURNING id",
        soci::use(g.user_id), soci::use(g.organisation_id), soci::use(g.role), soci::use(expires.value, expires.ind),
        soci::use(by.value, by.ind), soci::use(g.created_at), soci::into(id);
    return id;
}

void DeleteGrant(Tx& tx, long long id) { tx.sql() << "DELETE FROM role_grants WHERE id = :id", soci::use(id); }

// ---- sessions, tokens, login attempts

void InsertSession(Tx& tx, const std::string& token_hash, long long user_id, const std::string& csrf, core::Millis now,
                   core::Millis expires_at, const std::string& ip) {
    tx.sql() << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES "
                "(:h, :u, :c, :n, :e, :ip)",
        soci::use(token_hash), soci::use(user_id), soci::use(csrf), soci::use(now), soci::use(expires_at),
        soci::use(ip);
}

std::optional<SessionRow> FindSession(Tx& tx, const std::string& token_hash) {
    Binds b;
    const auto p = b.Add(token_hash);
    std::optional<SessionRow> out;
    Query(tx.sql(), "SELECT id, user_id, csrf_token, expires_at FROM sessions WHERE token_hash = " + p, b,
          [&](const soci::row& r) {
              out = SessionRow{Int(r, 0), Int(r, 1), Text(r, 2), Int(r, 3)};
          });
    return out;
}

void DeleteSession(Tx& tx, const std::string& token_hash) {
    tx.sql() << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void DeleteExpiredSessions(Tx& tx, core::Millis now) {
    tx.sql() << "DELETE FROM sessions WHERE expires_at < :now", soci::use(now);
}

long long InsertApiToken(Tx& tx, const registry::ApiToken& t, const std::string& token_hash) {
    Nullable<long long> expires(t.expires_at);
    long long id = 0;
    tx.sql() << "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at) VALUES "
                "(:u, :n, :p, :h, :c, :e) RETURNING id",
        soci::use(t.user_id), soci::use(t.name), soci::use(t.prefix), soci::use(token_hash), soci::use(t.created_at),
        soci::use(expires.value, expires.ind), soci::into(id);
    return id;
}

std::optional<registry::ApiToken> FindApiToken(Tx& tx, const std::string& token_hash, core::Millis now) {
    Binds b;
    const auto h = b.Add(token_hash);
    const auto n = b.Add(now);
    std::optional<registry::ApiToken> out;
    Query(tx.sql(),
          "SELECT id, user_id, name, prefix, created_at, expires_at, last_used_at FROM api_tokens WHERE token_hash = " +
              h + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > " + n + ")",
          b, [&](const soci::row& r) { out = TokenFromRow(r); });
    return out;
}

std::vector<registry::ApiToken> ListApiTokens(Tx& tx, long long user_id) {
    Binds b;
    const auto u = b.Add(user_id);
    std::vector<registry::ApiToken> out;
    Query(tx.sql(),
          "SELECT id, user_id, name, prefix, created_at, expires_at, last_used_at FROM api_tokens WHERE user_id = " +
              u + " AND revoked_at IS NULL ORDER BY id",
          b, [&](const soci::row& r) { out.push_back(TokenFromRow(r)); });
    return out;
}

bool RevokeApiToken(Tx& tx, long long user_id, long long token_id, core::Millis now) {
    soci::statement st = (tx.sql().prepare << "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND user_id = "
                                              ":u AND revoked_at IS NULL",
                          soci::use(now), soci::use(token_id), soci::use(user_id));
    st.execute(true);
    return st.get_affected_rows() > 0;
}

void TouchApiToken(Tx& tx, long long token_id, core::Millis now) {
    tx.sql() << "UPDATE api_tokens SET last_used_at = :now WHERE id = :id", soci::use(now), soci::use(token_id);
}

void InsertLoginAttempt(Tx& tx, const std::string& username_key, const std::string& ip, core::Millis at, bool success) {
    const long long ok = success ? 1 : 0;
    tx.sql() << "INSERT INTO login_attempts (username_key, ip, at, success) VALUES (:u, :ip, :at, :ok)",
        soci::use(username_key), soci::use(ip), soci::use(at), soci::use(ok);
}

long long CountFailedLoginsForUser(Tx& tx, const std::string& username_key, core::Millis since) {
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM login_attempts WHERE username_key = :u AND at >= :since AND success = 0",
        soci::use(username_key), soci::use(since), soci::into(n);
    return n;
}

long long CountFailedLoginsForIp(Tx& tx, const std::string& ip, core::Millis since) {
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM login_attempts WHERE ip = :ip AND at >= :since AND success = 0", soci::use(ip),
        soci::use(since), soci::into(n);
    return n;
}

// ---- figures

void InsertMetricSnapshot(Tx& tx, std::optional<long long> channel_id, std::optional<long long> organisation_id,
                          const std::string& metric, const std::string& dimension, double value,
                          core::Millis measured_at, const std::string& source) {
    Nullable<long long> ch(channel_id);
    Nullable<long long> org(organisation_id);
    Nullable<std::string> dim(dimension.empty() ? std::nullopt : std::optional<std::string>(dimension));
    tx.sql() << "INSERT INTO metric_snapshots (channel_id, organisation_id, metric, dimension, value, measured_at, "
                "source) VALUES (:c, :o, :m, :d, :v, :at, :s)",
        soci::use(ch.value, ch.ind), soci::use(org.value, org.ind), soci::use(metric), soci::use(dim.value, dim.ind),
        soci::use(value), soci::use(measured_at), soci::use(source);
}

long long CountMetricSnapshots(Tx& tx) {
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM metric_snapshots", soci::into(n);
    return n;
}

}  // namespace belfry::store
