// The control API under /_netsim/ (not part of any network): tests and the demo drive netsim with it.
//
//   GET  /_netsim/healthz                → {"status":"ok"}
//   POST /_netsim/accounts               {"network":"mastodon"|"bluesky","handle":"…"} → 201 with the
//        credentials: Mastodon {id, handle, access_token, base_url, url}; Bluesky {did, handle,
//        identifier, password, base_url}. 409 when the handle is taken on that network.
//   GET  /_netsim/accounts[?network=]    → {"items":[…]} with the same credentials
//   GET  /_netsim/posts[?network=&account=] → {"items":[…]}: every post ever stored, oldest first, each
//        with network, account (handle), its id/uri, text, idempotency key (Mastodon), the raw record
//        (Bluesky) and "deleted" — so a test counts what really got posted
//   POST /_netsim/faults                 {"network","endpoint","kind":"429"|"500"|"timeout"|
//        "drop_after_store","count":1,"retry_after":60,"delay_ms":<timeout_ms>} → 201 {"id",…};
//        the endpoint must be one the network knows (see faults.hpp) or "*"
//   GET  /_netsim/faults → {"items":[…]} pending;  DELETE /_netsim/faults → none pending
//   GET|POST /_netsim/config             {"latency_ms","mastodon_char_limit","timeout_ms",
//        "bluesky_duplicate_rkey":"400"|"500","rate_limits":{"mastodon.api":{"limit":5,
//        "window_seconds":300},…}} → the whole configuration (rate limits included)
//   POST /_netsim/reset                  forgets accounts, posts, media, sessions, faults, rate-limit
//        counts; configuration and rate limits back to the start-up values; ids reseeded
// Lists are {"items":[…]}, as in belfry's own API. Errors: {"error":"…"} with 400 (bad input), 404
// (unknown path), 409 (taken handle).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "http/message.hpp"
#include "netsim/faults.hpp"
#include "netsim/network.hpp"

namespace belfry::netsim {

class Control {
  public:
    Control(Context ctx, Faults& faults, std::vector<std::unique_ptr<Network>>& networks, std::uint64_t seed)
        : ctx_(ctx), faults_(faults), networks_(networks), seed_(seed) {}

    http::Response Handle(const http::Request& req);

  private:
    Network* Find(const std::string& name);
    http::Response CreateAccount(const http::Request& req);
    http::Response ListAccounts(const http::Request& req);
    http::Response ListPosts(const http::Request& req);
    http::Response AddFault(const http::Request& req);
    http::Response ListFaults();
    http::Response Configure(const http::Request& req);
    http::Response ShowConfig();
    http::Response Reset();

    Context ctx_;
    Faults& faults_;
    std::vector<std::unique_ptr<Network>>& networks_;
    std::uint64_t seed_;
};

}  // namespace belfry::netsim
