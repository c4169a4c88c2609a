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
// Inbound (FetchInbound): app.bsky.notification.listNotifications (reasons reply, mention, quote),
// which the PDS answers through its AppView, newest first with a cursor back in time. The
// connector's cursor is "<time> <uri> …": the indexedAt of the newest item delivered and the uris
// delivered at exactly that time (several can share a millisecond), so a repeat never delivers an
// item twice. It pages back (100 per page, at most bluesky_max_notification_pages) until it meets
// the cursor and returns the oldest `limit` new items first (more = true when others wait; a
// backlog beyond the pages read is cut, its oldest items skipped). kind: reason reply → "reply";
// mention and quote → "reply" when the post replies to one of the account's posts or in a thread
// that starts with one, else "mention". The AppView leaves out replies the account hid.
//   Without an AppView (a PDS alone answers 400 InvalidRequest "No service configured for
//   app.bsky.notification.listNotifications"; 501 and 404 count too) it reads the repositories
//   instead — fine for a single-PDS deployment: com.atproto.sync.listRepos (at most
//   bluesky_fallback_max_repos repositories), then com.atproto.repo.listRecords of app.bsky.feed.post
//   in each (newest first, at most bluesky_fallback_max_pages pages of 100, down to the cursor),
//   keeping the posts whose reply.parent or reply.root is the account's, that mention its DID, or
//   that quote one of its posts, and dropping replies its threadgate hides. Time is the record key's
//   (a TID the PDS made when the post was written). Handles come from com.atproto.repo.describeRepo,
//   names from the app.bsky.actor.profile record; both cached.
// Reply: getRecord of the parent (its CID, and its reply.root: Bluesky threads by the parent's own
// root, so that one wins over root_remote_id, which is only a hint), then the same record as
// Publish with reply {root, parent} strong refs, the same record key from the idempotency key and
// the same outcomes; FindExisting finds it.
// Hide/Unhide: the thread root must be the account's own post (root_remote_id, or the item's
// reply.root read with getRecord). The app.bsky.feed.threadgate record with the root's record key
// is read (getRecord) and written with putRecord and swapRecord (the CID read, or null when there
// was none), once more after InvalidSwap; its other fields (allow rules, createdAt) and other hidden
// replies are kept. The lexicon allows 300 hidden replies (@atproto/pds 0.5.35; it was 50 in 2024):
// a full list answers kConflict. Unhide removes the reply from the list and deletes the threadgate
// when nothing else is left in it (no allow rules). Report: not supported (Bluesky reports go to a
// labeler through com.atproto.moderation.createReport, which belfry does not use).
//
// Edit: Bluesky does not allow editing a post (the official app has no edit; rewriting the record
// with putRecord would change its CID and break the replies, likes and quotes that point to it), so
// Edit() answers kRejected without any call: delete and publish again. Delete: deleteRecord, whose
// answer is 200 also for a record that is already gone.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
    core::Result<InboundPage> FetchInbound(const Credentials& credentials, const std::string& cursor,
                                           int limit) override;
    PublishResult Reply(const Credentials& credentials, const std::string& parent_remote_id,
                        const std::string& root_remote_id, const PublishRequest& request) override;
    bool SupportsHide() const override { return true; }
    core::Status Hide(const Credentials& credentials, const std::string& item_remote_id,
                      const std::string& root_remote_id) override;
    core::Status Unhide(const Credentials& credentials, const std::string& item_remote_id,
                        const std::string& root_remote_id) override;

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
    std::string PostUrlOf(const std::string& handle_or_did, const std::string& rkey) const;
    PublishResult PublishPost(const Credentials& c, const PublishRequest& req, const boost::json::object* reply);
    // An authenticated GET of an XRPC query ("com.atproto.repo.getRecord?repo=…").
    core::Result<Answer> Query(const Credentials& c, const std::string& method_and_query);
    struct Candidate;
    core::Result<InboundPage> InboundFromRepos(const Credentials& c, const Session& session, const std::string& cursor,
                                               int limit);
    core::Result<InboundPage> Deliver(std::vector<Candidate> candidates, const std::string& cursor, int limit);
    core::Status SetHidden(const Credentials& c, const std::string& item, const std::string& root, bool hidden);
    // Handle and display name of a DID, cached (the repository fallback).
    std::pair<std::string, std::string> Who(const Credentials& c, const std::string& did);

    HttpClient& http_;
    ConnectorOptions options_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<Slot>> slots_;
    std::map<std::string, std::pair<std::string, std::string>> who_;  // did → (handle, display name)
};

}  // namespace belfry::networks
