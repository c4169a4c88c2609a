// What every simulated network provides, so the server and the control API treat them alike (later
// issues add networks by implementing this interface and listing them in server.cpp).
//
// Contract
// - Handles(): true for the requests of this network (by path prefix).
// - Endpoint(): the fault key of a request ("POST /api/v1/statuses", "com.atproto.repo.createRecord"),
//   or "" when the request matches no endpoint; Endpoints() lists every key.
// - Handle(): answers the call in the network's own shapes (status codes, error bodies, rate-limit
//   headers). It never sets delay_ms or close_without_response: the server adds latency and faults.
// - FaultResponse(): the answer for an injected 429 or 500, in the network's error shape.
// - CreateAccount() / Posts(): what the control API shows (see control.hpp).
// Implementations are thread-safe: state goes through State::Locked().
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "netsim/faults.hpp"
#include "netsim/ids.hpp"
#include "netsim/rate_limiter.hpp"
#include "netsim/state.hpp"

namespace belfry::netsim {

struct Context {
    State& state;
    RateLimiter& limiter;
    Ids& ids;
    const core::Clock& clock;
};

class Network {
  public:
    virtual ~Network() = default;
    virtual std::string Name() const = 0;
    virtual bool Handles(const http::Request& req) const = 0;
    virtual std::string Endpoint(const http::Request& req) const = 0;
    virtual std::vector<std::string> Endpoints() const = 0;
    virtual http::Response Handle(http::Request& req) = 0;
    virtual http::Response FaultResponse(FaultKind kind) const = 0;
    virtual core::Result<boost::json::object> CreateAccount(const std::string& handle) = 0;
    // Every post of the network (of one account when `account` — a handle or id — is not empty).
    virtual boost::json::array Posts(const std::string& account) = 0;
};

// Helpers shared by the networks.
http::Response JsonAnswer(int status, const boost::json::value& body);
std::string BearerToken(const http::Request& req);
// Splits "/a/b/c" into {"a","b","c"}; matches a pattern like "/api/v1/statuses/:id", filling `ids`.
bool MatchPath(const std::string& path, const std::string& pattern, std::vector<std::string>* ids = nullptr);

}  // namespace belfry::netsim
