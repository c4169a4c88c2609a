#include "security/auth_service.hpp"

#include "core/text.hpp"
#include "security/crypto.hpp"
#include "store/registry_repo.hpp"

namespace belfry::security {

using core::Error;
using core::Result;

namespace {

const char* kWrongCredentials = "wrong username or password: check both and try again";

Result<Authenticated> LoadAuthenticated(store::Tx& tx, long long user_id, std::string csrf) {
    auto user = store::GetUser(tx, user_id);
    if (!user || user->disabled) return Error::Unauthenticated("this account is disabled or no longer exists");
    Authenticated a;
    a.user = *user;
    a.grants = store::ListGrants(tx, user_id, std::nullopt);
    a.principal.user_id = user_id;
    a.principal.username = user->username;
    for (const auto& g : a.grants) {
        if (auto role = ParseRole(g.role)) a.principal.grants.push_back({g.id, g.organisation_id, *role, g.expires_at});
    }
    a.csrf_token = std::move(csrf);
    return a;
}

}  // namespace

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& ip) {
    const std::string key = core::AsciiLower(core::Trim(username));
    const auto now = clock_.NowMs();
    const auto since = now - settings_.throttle_window;
    const int retry_after = static_cast<int>(settings_.throttle_window / 1000);

    auto throttled = db_.Read<std::optional<Error>>([&](store::Tx& tx) -> Result<std::optional<Error>> {
        if (store::CountFailedLoginsForUser(tx, key, since) >= settings_.max_failures_per_account) {
            return std::optional<Error>(Error::TooMany(
                "too many failed sign-ins for this account: wait 15 minutes, or ask an administrator to reset "
                "your password",
                retry_after));
        }
        if (store::CountFailedLoginsForIp(tx, ip, since) >= settings_.max_failures_per_ip) {
            return std::optional<Error>(
                Error::TooMany("too many failed sign-ins from this address: wait 15 minutes", retry_after));
        }
        return std::optional<Error>();
    });
    if (!throttled.ok()) return std::move(throttled).error();
    if (*throttled) return **throttled;

    auto found = db_.Read<std::optional<std::pair<registry::User, std::string>>>(
        [&](store::Tx& tx) -> Result<std::optional<std::pair<registry::User, std::string>>> {
            return store::GetUserForLogin(tx, key);
        });
    if (!found.ok()) return std::move(found).error();

    bool ok = false;
    if (*found) {
        ok = VerifyPassword(password, (*found)->second) && !(*found)->first.disabled;
    } else {
        // Spend the same time as a real check so that timing does not reveal which usernames exist.
        static const std::string dummy = HashPassword("belfry-timing-equaliser").value();
        VerifyPassword(password, dummy);
    }

    const std::string session_token = RandomToken(32);
    const std::string csrf = RandomToken(32);
    auto result = db_.Transact<std::optional<LoginResult>>([&](store::Tx& tx) -> Result<std::optional<LoginResult>> {
        store::InsertLoginAttempt(tx, key, ip, now, ok);
        if (!ok) return std::optional<LoginResult>();
        const long long user_id = (*found)->first.id;
        store::DeleteExpiredSessions(tx, now);
        store::InsertSession(tx, Sha256Hex(session_token), user_id, csrf, now, now + settings_.session_lifetime, ip);
        store::TouchLogin(tx, user_id, now);
        BELFRY_ASSIGN_OR_RETURN(who, LoadAuthenticated(tx, user_id, csrf));
        return std::optional<LoginResult>(LoginResult{session_token, std::move(who)});
    });
    if (!result.ok()) return std::move(result).error();
    if (!*result) return Error::Unauthenticated(kWrongCredentials);
    return std::move(**result);
}

Result<Authenticated> AuthService::FromSession(const std::string& session_token) {
    if (session_token.empty()) return Error::Unauthenticated("sign in first");
    return db_.Read<Authenticated>([&](store::Tx& tx) -> Result<Authenticated> {
        auto s = store::FindSession(tx, Sha256Hex(session_token));
        if (!s || s->expires_at <= clock_.NowMs()) {
            return Error::Unauthenticated("your session has ended: sign in again");
        }
        return LoadAuthenticated(tx, s->user_id, s->csrf_token);
    });
}

Result<Authenticated> AuthService::FromBearer(const std::string& token) {
    if (!core::StartsWith(token, "bfy_")) {
        return Error::Unauthenticated("the bearer token is not a belfry API token (they start with bfy_)");
    }
    const auto now = clock_.NowMs();
    return db_.Transact<Authenticated>([&](store::Tx& tx) -> Result<Authenticated> {
        auto t = store::FindApiToken(tx, Sha256Hex(token), now);
        if (!t) return Error::Unauthenticated("the API token is unknown, revoked or expired: create a new one");
        // Record use at most once a minute, to keep reads cheap.
        if (!t->last_used_at || *t->last_used_at < now - core::kMinuteMs) store::TouchApiToken(tx, t->id, now);
        BELFRY_ASSIGN_OR_RETURN(who, LoadAuthenticated(tx, t->user_id, ""));
        who.principal.via_token = true;
        return who;
    });
}

core::Status AuthService::Logout(const std::string& session_token) {
    return db_.Transact<core::Unit>([&](store::Tx& tx) -> Result<core::Unit> {
        store::DeleteSession(tx, Sha256Hex(session_token));
        return core::Unit{};
    });
}

}  // namespace belfry::security
