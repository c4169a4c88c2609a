// Bluesky's PDS over XRPC (atproto lexicons com.atproto.*), the part a publisher uses.
//
// Endpoints (fault keys are the NSIDs), all under /xrpc/:
//   POST com.atproto.server.createSession   {identifier (handle or did), password} → accessJwt,
//                                           refreshJwt, handle, did, active
//   POST com.atproto.server.refreshSession  Bearer refreshJwt → a new pair (the old refresh is revoked)
//   GET  com.atproto.server.getSession      handle, did, active
//   POST com.atproto.repo.uploadBlob        raw bytes + Content-Type → {"blob":{"$type":"blob",
//                                           "ref":{"$link":cid},"mimeType","size"}}
//   POST com.atproto.repo.createRecord      {repo, collection, rkey?, validate?, record} → uri, cid,
//                                           commit {cid, rev}, validationStatus
//   GET  com.atproto.repo.getRecord         repo, collection, rkey, cid? → uri, cid, value
//   GET  com.atproto.repo.listRecords       repo, collection, limit (50, 1–100), cursor, reverse →
//                                           records (newest rkey first), cursor
//   POST com.atproto.repo.deleteRecord      {repo, collection, rkey, swapRecord?} → {commit} ({} when
//                                           already gone); 400 InvalidSwap when swapRecord is not its CID
//   GET  com.atproto.sync.getBlob           did, cid → the bytes
//   POST com.atproto.repo.putRecord         {repo, collection, rkey, validate?, record, swapRecord?
//                                           (a CID, or null: must not exist), swapCommit? (ignored)} →
//                                           uri, cid, commit, validationStatus; 400 InvalidSwap
//                                           "Record was at <cid>" when swapRecord does not match
//   GET  com.atproto.repo.describeRepo      repo → handle, did, didDoc, collections, handleIsCorrect
//   GET  com.atproto.sync.listRepos         limit (500, 1–1000), cursor → repos [{did, head, rev,
//                                           active}] in the order accounts were made, cursor
//   GET  app.bsky.notification.listNotifications   (what the AppView answers through the PDS)
//                                           reasons (repeated), limit (50, 1–100), cursor, seenAt,
//                                           priority → notifications [{uri, cid, author (profileView),
//                                           reason, reasonSubject?, record, isRead, indexedAt,
//                                           labels}], newest first; cursor whenever the page is not
//                                           empty (an empty page ends the list); seenAt echoed
//   GET  /xrpc/_health                      {"version":"netsim"}
//
// Behaviour
// - Errors are {"error":Name,"message":…}: missing token 401 AuthMissing; unknown token 400
//   InvalidToken "Malformed token" (as the real PDS, per FIELD-NOTES); access/refresh swapped 400
//   InvalidToken "Bad token scope"; expired 400 ExpiredToken (access 2 h, refresh 90 days; a rotated
//   refresh token is revoked). Wrong password or unknown identifier: 401 AuthenticationRequired
//   "Invalid identifier or password". Writing another account's repo: 401 AuthenticationRequired.
// - Tokens are JWT-shaped but not signed with a key anyone can check (see ids.hpp).
// - Notifications are derived from the live post records, as the AppView indexes them: one per
//   (post, account), the first reason that applies: "mention" (a mention facet of the account's DID),
//   "quote" (an embedded record of the account's post), "reply" (the account wrote one of the post's
//   first 4 ancestors; reasonSubject that ancestor); none for the author itself, none for a reply that
//   violates the root's threadgate `allow` rules (only mentionRule can be met: netsim has no follows
//   or lists), and none for the thread root's author about a reply its threadgate hides
//   (hiddenReplies), as the AppView's own test shows. indexedAt is when netsim stored the record.
//   With POST /_netsim/config {"bluesky_appview":false} every app.bsky.* method answers as a PDS without
//   an AppView: 400 InvalidRequest "No service configured for <nsid>" (checked on @atproto/pds 0.5.35).
// - createRecord stores `record` verbatim (facets, embeds and all); a missing $type becomes the
//   collection, another $type is refused. For app.bsky.feed.post (unless validate is false): text
//   required, at most 300 graphemes and 3000 bytes, createdAt required (RFC 3339), langs at most 3,
//   images at most 4 each with alt; rkey a TID. Blobs referenced must have been uploaded by the repo
//   (400 BlobNotFound). Messages follow the PDS: "Invalid app.bsky.feed.post record: Record/text must
//   not be longer than 300 graphemes".
// - An rkey already in use: 400 {"error":"InvalidRequest","message":"Record already exists"} by
//   default; with bluesky_duplicate_rkey_500 (POST /_netsim/config {"bluesky_duplicate_rkey":"500"})
//   500 {"error":"InternalServerError","message":"Internal Server Error"}, which is what the released
//   PDS answers (bluesky-social/atproto#3718; #4728 proposes a named error).
// - Rate limits (fixed windows from the first point, as rate-limiter-flexible): write points per
//   account (create 3, update 2, delete 1) 5,000/h and 35,000/day; createSession 30/5 min and 300/day per
//   identifier. Limited calls carry RateLimit-Limit, -Remaining, -Reset (epoch seconds) and -Policy
//   ("5000;w=3600") of the tightest bucket; over: 429 {"error":"RateLimitExceeded","message":"Rate
//   Limit Exceeded"}. Not simulated: the per-IP 3,000/5 min limit, the uploadBlob daily limit.
#pragma once

#include "netsim/network.hpp"

namespace belfry::netsim {

class Bluesky final : public Network {
  public:
    explicit Bluesky(Context ctx) : ctx_(ctx) {}

    std::string Name() const override { return kBluesky; }
    bool Handles(const http::Request& req) const override;
    std::string Endpoint(const http::Request& req) const override;
    std::vector<std::string> Endpoints() const override;
    http::Response Handle(http::Request& req) override;
    http::Response FaultResponse(FaultKind kind) const override;
    core::Result<boost::json::object> CreateAccount(const std::string& handle) override;
    boost::json::array Posts(const std::string& account) override;
    core::Result<boost::json::object> PostAsCitizen(const CitizenPost& post) override;
    CitizenTargets Targets() override;

    struct Call;  // one request: the NSID, the JSON input, the authenticated did

  private:
    struct Method;
    static const std::vector<Method>& Methods();
    http::Response Dispatch(const Method& method, http::Request& req);

    http::Response CreateSession(Call& call);
    http::Response RefreshSession(Call& call);
    http::Response GetSession(Call& call);
    http::Response UploadBlob(Call& call);
    http::Response CreateRecord(Call& call);
    http::Response GetRecord(Call& call);
    http::Response ListRecords(Call& call);
    http::Response DeleteRecord(Call& call);
    http::Response GetBlob(Call& call);
    http::Response PutRecord(Call& call);
    http::Response DescribeRepo(Call& call);
    http::Response ListRepos(Call& call);
    http::Response ListNotifications(Call& call);
    boost::json::object IssueSession(Data& d, const Account& a);

    Context ctx_;
};

}  // namespace belfry::netsim
