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
// - PostAsCitizen(): stores a citizen's message as the network would store a client's (same
//   validation, ids, notifications), creating the citizen's account on first use; no rate limit, no
//   fault, no latency. Targets(): what citizens can react to (citizens/citizens.hpp).
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

// A message posted as a citizen (the citizens' generator and POST /_netsim/citizen-posts).
struct CitizenPost {
    std::string author_handle;  // Mastodon username / Bluesky handle; the account is made on first use
    std::string author_name;    // display name, verbatim ("" = the handle)
    std::string text;
    std::string in_reply_to;   // Mastodon status id / at:// uri of a Bluesky post; "" when none
    std::string mention;       // a handle to mention (prepended as "@handle "); "" when none
    std::string direct_to;     // Mastodon: the handle a direct message (visibility direct) goes to
    std::string quote;         // Bluesky: the at:// uri of a post to quote (app.bsky.embed.record)
    std::string language;      // "" when the client does not say
    std::string citizen_kind;  // the generator's label, shown by /_netsim/posts
};

// What citizens can react to on one network, in a stable order.
struct CitizenTargets {
    std::vector<std::string> channels;  // handles of the accounts that are not citizens
    std::vector<std::string> posts;     // live public posts of those accounts (status ids / at:// uris)
    struct Answer {
        std::string id;              // the channel's reply (status id / at:// uri)
        std::string citizen_handle;  // the citizen it answers
        std::string citizen_name;
        std::string language;  // of the citizen's message
    };
    std::vector<Answer> answers;  // channel replies to a citizen's message
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
    virtual core::Result<boost::json::object> PostAsCitizen(const CitizenPost& post) = 0;
    virtual CitizenTargets Targets() = 0;
};

// Helpers shared by the networks.
http::Response JsonAnswer(int status, const boost::json::value& body);
std::string BearerToken(const http::Request& req);
// Splits "/a/b/c" into {"a","b","c"}; matches a pattern like "/api/v1/statuses/:id", filling `ids`.
bool MatchPath(const std::string& path, const std::string& pattern, std::vector<std::string>* ids = nullptr);

}  // namespace belfry::netsim
