// Mastodon's REST API (docs.joinmastodon.org), the part a publisher uses.
//
// Endpoints (fault keys are these strings):
//   GET    /api/v1/accounts/verify_credentials   CredentialAccount
//   GET    /api/v1/accounts/:id                  Account
//   GET    /api/v1/accounts/:id/statuses         [Status], newest first; limit (20, max 40), max_id,
//                                                since_id, min_id; Link header for the next page
//   POST   /api/v1/statuses                      Status; status, media_ids[], spoiler_text, sensitive,
//                                                visibility, language, in_reply_to_id; Idempotency-Key
//   GET    /api/v1/statuses/:id                  Status
//   PUT    /api/v1/statuses/:id                  Status (edited_at set)
//   DELETE /api/v1/statuses/:id                  Status with its source `text`
//   POST   /api/v2/media                         MediaAttachment: 200 for images, 202 (url null) for
//                                                video and audio; multipart file, description, focus
//   POST   /api/v1/media                         the same, always 200 (deprecated upstream)
//   GET    /api/v1/media/:id  PUT /api/v1/media/:id
//   GET    /api/v1/notifications                 [Notification], newest first; types[], exclude_types[],
//                                                account_id, max_id, since_id, min_id (the page right
//                                                after it, still answered newest first), limit (40, max
//                                                80); Link: rel="next" (max_id, only when the page is
//                                                full) and rel="prev" (min_id)
//   GET    /api/v1/notifications/:id             Notification
//   GET    /api/v1/statuses/:id/context          {ancestors (oldest first, at most 40), descendants
//                                                (depth first; 60 when anonymous)}
//   POST   /api/v1/reports                       Report; account_id, status_ids[] (of that account),
//                                                comment (≤ 1000), category (spam, legal, other;
//                                                violation and rule_ids[] are refused: no rules), forward
// Files are served (without rate limits) under /system/media_attachments/files/:id/original/:name.
//
// Behaviour
// - Auth: "Authorization: Bearer <access_token>" from /_netsim/accounts. Missing or unknown token on a
//   method that needs one, or an unknown token anywhere: 401 {"error":"The access token is invalid"}.
// - Bodies: JSON, application/x-www-form-urlencoded or multipart/form-data, plus the query string.
// - Rate limits per account (Rack::Attack's fixed windows aligned to the epoch): every authenticated
//   call 300/5 min ("mastodon.api"), media uploads 30/30 min ("mastodon.media"), status deletions
//   30/30 min ("mastodon.delete"). Every authenticated answer carries X-RateLimit-Limit, -Remaining and
//   -Reset (ISO 8601) of the bucket closest to exceeding; over the limit: 429
//   {"error":"Too many requests"} (no Retry-After, as upstream). The per-IP limit is not simulated.
// - Idempotency-Key: the same key from the same account within 1 hour answers the first status again
//   (unless it was deleted since) and stores nothing.
// - Validation (422 {"error":…}): text or media required ("Validation failed: Text can't be blank"),
//   length by MastodonLength() against --mastodon-char-limit ("Validation failed: Text character limit
//   of 500 exceeded"), at most 4 media, each uploaded by the same account and not yet attached ("Media
//   1, 2 not found or already attached to another post"), visibility one of public, unlisted, private,
//   direct. A missing status, or another account's: 404 {"error":"Record not found"}.
// - Mentions: "@user" and "@user@<netsim host>" of a local account are mentions (Status.mentions,
//   h-card markup in content) and make a "mention" Notification for that account (not for the author
//   itself). A reply notifies only when it mentions (as upstream: clients prefill the mentions of the
//   author answered and of the accounts it mentioned; citizens do the same).
//   Private and direct statuses are seen by their author and the accounts they mention (404 for
//   others, as is replying to them). Only "mention" notifications exist: no favourites, boosts,
//   follows or polls. Deleting a status removes its notifications.
// - Not simulated: polls, scheduled_at (422), quotes, timelines, followers, federation, the
//   notification policy and grouped notifications (v2).
#pragma once

#include "netsim/network.hpp"

namespace belfry::netsim {

class Mastodon final : public Network {
  public:
    explicit Mastodon(Context ctx) : ctx_(ctx) {}

    std::string Name() const override { return kMastodon; }
    bool Handles(const http::Request& req) const override;
    std::string Endpoint(const http::Request& req) const override;
    std::vector<std::string> Endpoints() const override;
    http::Response Handle(http::Request& req) override;
    http::Response FaultResponse(FaultKind kind) const override;
    core::Result<boost::json::object> CreateAccount(const std::string& handle) override;
    boost::json::array Posts(const std::string& account) override;
    core::Result<boost::json::object> PostAsCitizen(const CitizenPost& post) override;
    CitizenTargets Targets() override;

    struct Call;  // one request: the account, its parameters, the ids from the path

  private:
    struct Route;
    static const std::vector<Route>& Routes();
    const Route* Find(const http::Request& req) const;
    http::Response Dispatch(const Route& route, http::Request& req);

    http::Response VerifyCredentials(Call& call);
    http::Response GetAccount(Call& call);
    http::Response AccountStatuses(Call& call);
    http::Response CreateStatus(Call& call);
    http::Response GetStatus(Call& call);
    http::Response EditStatus(Call& call);
    http::Response DeleteStatus(Call& call);
    http::Response UploadMedia(Call& call);
    http::Response GetMedia(Call& call);
    http::Response UpdateMedia(Call& call);
    http::Response Notifications(Call& call);
    http::Response GetNotification(Call& call);
    http::Response StatusContext(Call& call);
    http::Response CreateReport(Call& call);
    http::Response ServeFile(const http::Request& req);

    Context ctx_;
};

}  // namespace belfry::netsim
