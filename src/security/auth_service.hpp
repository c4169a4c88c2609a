// AuthService: sign-in with throttling, session cookies with CSRF tokens, API bearer tokens.
//
// Contract
// - Login() refuses with kTooManyRequests after 5 failures for one account or 20 for one IP
//   within 15 minutes (stored in the database, so every instance sees them), and answers the same
//   "wrong username or password" whether the user exists, is disabled or the password is wrong.
// - Session and token secrets are random; only their SHA-256 is stored.
// - Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::security {

struct AuthSettings {
    core::Millis session_lifetime = 12 * core::kHourMs;
    core::Millis throttle_window = 15 * core::kMinuteMs;
    int max_failures_per_account = 5;
    int max_failures_per_ip = 20;
};

struct Authenticated {
    Principal principal;
    registry::User user;
    std::vector<registry::RoleGrant> grants;
    std::string csrf_token;  // empty for bearer tokens (no CSRF needed)
};

struct LoginResult {
    std::string session_token;  // the cookie value
    Authenticated who;
};

class AuthService {
  public:
    AuthService(store::Database& db, const core::Clock& clock, AuthSettings settings = {})
        : db_(db), clock_(clock), settings_(settings) {}

    core::Result<LoginResult> Login(const std::string& username, const std::string& password, const std::string& ip);
    core::Result<Authenticated> FromSession(const std::string& session_token);
    core::Result<Authenticated> FromBearer(const std::string& token);
    core::Status Logout(const std::string& session_token);

  private:
    store::Database& db_;
    const core::Clock& clock_;
    AuthSettings settings_;
};

}  // namespace belfry::security
