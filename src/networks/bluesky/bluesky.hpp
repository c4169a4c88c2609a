// The Bluesky connector (atproto XRPC on the account's PDS; docs.bsky.app, atproto lexicons).
//
// Calls (all under <base_url>/xrpc/)
//   com.atproto.server.createSession     POST {identifier, password} → accessJwt, refreshJwt, did, handle
//   com.atproto.server.refreshSession    POST, Authorization: Bearer <refreshJwt>
//   com.atproto.identity.resolveHandle   GET ?handle= → did (mention facets)
//   com.atproto.repo.uploadBlob          POST the image bytes, Content-Type = its MIME type → blob
//   com.atproto.repo.createRecord        POST {repo: did, collection: app.bsky.feed.post, rkey, record}
//   com.atproto.repo.getRecord           GET ?repo=&collection=&rkey= (reconciliation, FindExisting)
//   com.atproto.repo.deleteRecord        POST {repo, collection, rkey}
// The record: $type app.bsky.feed.post, text, createdAt (now, ms precision), langs [language],
// facets (links, resolvable mentions, hashtags; UTF-8 byte offsets) and, with media,
// embed app.bsky.embed.images [{alt, image: blob}] (at most 4 images of at most 1,000,000 bytes).
//
// Sessions: one per (base_url, identifier), kept in memory and shared by every thread: created once
// (createSession is limited to 30 per 5 minutes per account), refreshed with the refresh JWT when a
// call answers ExpiredToken or InvalidToken (the call is then made once more), created anew when the
// refresh JWT is refused too. Credentials with an access JWT and a DID seed the session without a
// createSession.
//
// Idempotency: the record key is RecordKeyForIdempotencyKey(idempotency_key) (networks/bluesky/
// tid.hpp), so every attempt of a rendition targets the same record and the PDS cannot store a
// second one. When createRecord does not answer a clear success — a 5xx (today's PDS answers 500 for
// a record key that exists), 409, a 400 other than an auth error, or a lost connection — Publish
// reads the record back with getRecord: there → kPublished (the earlier attempt's uri); absent → the
// error's own outcome (kRetryLater after a 5xx or a lost connection, since a retry cannot double;
// kRejected after a 400); unreadable → kUnknown. FindExisting is that getRecord.
// remote_id is the record's at:// URI; the URL is <bluesky_web_url>/profile/<handle>/post/<rkey>.
//
// Edit: Bluesky does not allow editing a post (the official app has no edit; rewriting the record
// with putRecord would change its CID and break the replies, likes and quotes that point to it), so
// Edit() answers kRejected without any call: delete and publish again. Delete: deleteRecord, whose
// answer is 200 also for a record that is already gone.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "networks/network.hpp"

namespace belfry::networks {

class BlueskyNetwork final : public Network {
  public:
    BlueskyNetwork(HttpClient& http, ConnectorOptions options);

    core::Network kind() const override { return core::Network::kBluesky; }
    PublishResult Publish(const Credentials& credentials, const PublishRequest& request) override;
    core::Result<std::optional<RemotePost>> FindExisting(const Credentials& credentials,
                                                         const PublishRequest& request) override;
    core::Status Delete(const Credentials& credentials, const std::string& remote_id) override;
    core::Result<AccountProfile> FetchProfile(const Credentials& credentials) override;

    // Forgets every cached session (tests; a credentials change).
    void ForgetSessions();

  private:
    struct Session {
        std::string access;
        std::string refresh;
        std::string did;
        std::string handle;
    };
    struct Slot {
        std::mutex mu;
        std::optional<Session> session;
    };
    struct Answer {
        HttpResponse response;
        Session session;
    };

    std::shared_ptr<Slot> SlotFor(const Credentials& c);
    core::Result<Session> CurrentSession(const Credentials& c);
    core::Result<Session> Renew(const Credentials& c, const std::string& stale_access);
    core::Result<Session> CreateSession(const Credentials& c);
    // An authenticated request built for the current session; renews the session and sends once
    // more when the answer says the token expired or is invalid.
    core::Result<Answer> Call(const Credentials& c, const std::function<HttpRequest(const Session&)>& build);
    // getRecord of the post with `rkey`: the post, nullopt when absent, or an error.
    core::Result<std::optional<RemotePost>> ReadPost(const Credentials& c, const std::string& rkey);
    std::string PostUrl(const Session& s, const std::string& rkey) const;

    HttpClient& http_;
    ConnectorOptions options_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<Slot>> slots_;
};

}  // namespace belfry::networks
