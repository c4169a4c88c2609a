// Router: maps METHOD + path pattern ("/api/v1/channels/{id}") to a handler, and is the one place
// where every API request is authenticated, CSRF-checked and measured.
//
// Contract
// - Access::kSignedIn routes get a non-null `who`; without a valid session cookie or bearer token
//   the answer is 401 before the handler runs.
// - Unsafe methods (POST, PUT, PATCH, DELETE) authenticated by cookie must carry X-CSRF-Token equal
//   to the session's token, else 403 (problem type /problems/csrf).
// - Unknown paths under /api → 404 problem; known path, other method → 405 with Allow.
// - A handler that throws gets a 500 problem; the exception is logged, not shown.
// - A route may accept larger bodies than the server's default (media uploads): BodyLimit().
// Thread-safe after all Add() calls (Dispatch only reads the table).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "http/metrics.hpp"
#include "security/auth_service.hpp"

namespace belfry::http {

enum class Access { kPublic, kSignedIn };

struct Ctx {
    const security::Authenticated* who = nullptr;  // set for kSignedIn routes
};

using Handler = std::function<Response(Request&, const Ctx&)>;

class Router {
  public:
    Router(security::AuthService& auth, Metrics& metrics) : auth_(auth), metrics_(metrics) {}

    // `max_body` > 0: this route accepts bodies up to that many bytes instead of the server's default.
    void Add(std::string method, std::string pattern, Access access, Handler handler, std::size_t max_body = 0);
    // The body limit of the route a request would reach; 0 when the server's default applies.
    std::size_t BodyLimit(const std::string& method, const std::string& path) const;
    // True when some route's pattern matches the path (whatever the method).
    bool Handles(const std::string& path) const;
    Response Dispatch(Request& req);

    struct RouteInfo {
        std::string method;
        std::string pattern;
        Access access;
    };
    std::vector<RouteInfo> Routes() const;

  private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Access access;
        Handler handler;
        std::size_t max_body = 0;
    };
    static bool Match(const Route& route, const std::vector<std::string>& parts,
                      std::map<std::string, std::string>& params);
    Response Run(const Route& route, Request& req);

    security::AuthService& auth_;
    Metrics& metrics_;
    std::vector<Route> routes_;
};

}  // namespace belfry::http
