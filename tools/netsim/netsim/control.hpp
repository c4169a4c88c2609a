// The control API under /_netsim/ (not part of any network): tests and the demo drive netsim with it.
//
//   GET  /_netsim/healthz                → {"status":"ok"}
//   POST /_netsim/accounts               {"network":"mastodon"|"bluesky","handle":"…"} → 201 with the
//        credentials: Mastodon {id, handle, access_token, base_url, url}; Bluesky {did, handle,
//        identifier, password, base_url}. 409 when the handle is taken on that network.
//   GET  /_netsim/accounts[?network=]    → {"items":[…]} with the same credentials
//   GET  /_netsim/posts[?network=&account=&author=&in_reply_to=&citizen=true|false&hidden=true|false]
//        → {"items":[…]}: every post ever stored, oldest first, each with network, account and author
//        (handle), author_name, its id/uri, text, parent and root (status id / at:// uri; "" when
//        none), hidden (Bluesky: the thread root's threadgate lists it in hiddenReplies; Mastodon:
//        always false), citizen (written by a citizen) and citizen_kind (the generator's label:
//        question, praise, complaint, followup_thanks, followup_more, spam, personal_data, insult,
//        threat, racism, discrimination, hostile, long; "" when given by a test), idempotency key
//        (Mastodon), the raw record (Bluesky) and "deleted" — so a test counts what really got posted.
//        account= and author= take a handle (or id/DID); in_reply_to= a status id or at:// uri
//   GET|POST /_netsim/citizens           {"enabled":true,"per_minute":N,"seed":S} (each optional) →
//        the settings and what was posted (citizens/citizens.hpp)
//   POST /_netsim/citizens/tick          [{"count":N}] → posts what the schedule says is due by the
//        clock, or N messages at once; {"posted":n, …settings and counts}
//   POST /_netsim/citizen-posts          {"network":"mastodon"|"bluesky","author_handle","author_name",
//        "text","in_reply_to":null,"mention":null,"direct_to":null,"quote":null,"language":"fr"} →
//        201 with the created status (id, url) or record (uri, cid); the citizen's account is made on
//        first use. 400 bad input, 404 unknown parent/handle, 409 the handle is a channel's
//   GET  /_netsim/reports                → {"items":[…]}: Mastodon reports (POST /api/v1/reports)
//   POST /_netsim/faults                 {"network","endpoint","kind":"429"|"500"|"timeout"|
//        "drop_after_store","count":1,"retry_after":60,"delay_ms":<timeout_ms>} → 201 {"id",…};
//        the endpoint must be one the network knows (see faults.hpp) or "*"
//   GET  /_netsim/faults → {"items":[…]} pending;  DELETE /_netsim/faults → none pending
//   GET|POST /_netsim/config             {"latency_ms","mastodon_char_limit","timeout_ms",
//        "bluesky_duplicate_rkey":"400"|"500","bluesky_appview":true|false,"rate_limits":{"mastodon.api":{"limit":5,
//        "window_seconds":300},…}} → the whole configuration (rate limits included)
//   POST /_netsim/reset                  forgets accounts, posts, media, sessions, faults, rate-limit
//        counts, citizens; configuration, rate limits and citizens' settings back to the start-up
//        values; ids reseeded
// Lists are {"items":[…]}, as in belfry's own API. Errors: {"error":"…"} with 400 (bad input), 404
// (unknown path), 409 (taken handle).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "http/message.hpp"
#include "netsim/citizens/citizens.hpp"
#include "netsim/faults.hpp"
#include "netsim/network.hpp"

namespace belfry::netsim {

class Control {
  public:
    Control(Context ctx, Faults& faults, std::vector<std::unique_ptr<Network>>& networks, Citizens& citizens,
            std::uint64_t seed)
        : ctx_(ctx), faults_(faults), networks_(networks), citizens_(citizens), seed_(seed) {}

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
    http::Response ConfigureCitizens(const http::Request& req);
    http::Response TickCitizens(const http::Request& req);
    http::Response CitizenPost(const http::Request& req);
    http::Response ListReports();

    Context ctx_;
    Faults& faults_;
    std::vector<std::unique_ptr<Network>>& networks_;
    Citizens& citizens_;
    std::uint64_t seed_;
};

}  // namespace belfry::netsim
