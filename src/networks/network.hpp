// Network: what belfry asks of every social network it publishes to (the connectors).
//
// Contract
// - Publish() makes one attempt and never retries the call that creates the post. Its Outcome:
//     kPublished   the post exists (remote id and URL); also when an earlier attempt had created it
//     kRejected    the network refused it or the account's credentials; retrying the same thing
//                  cannot help: network_message is the network's own words, explanation says what
//                  to change, in plain words for a communicator
//     kRetryLater  nothing was created, or a retry with the same idempotency key cannot create a
//                  second post; retry after retry_after_seconds (0: the caller's back-off decides)
//     kUnknown     the request may or may not have created the post (timeout, dropped connection,
//                  ambiguous server error): the rendition is *unconfirmed* until FindExisting() says
//   may_exist tells, with kRetryLater, that the network may already hold the post and only the
//   idempotency mechanism makes the retry safe (for Mastodon: within 1 h of the first attempt).
// - FindExisting() is read-only: it looks for the post a previous attempt of this rendition may
//   have created (same idempotency key), for reconciliation after kUnknown. nullopt: not there.
// - Delete() removes a post by the remote id Publish() gave; a post already gone counts as deleted.
// - Edit() replaces the text of a published post (remote id from Publish(); the request's text and
//   language; its media are left as they are) where the network allows it: SupportsEdit(). It is
//   idempotent on content (sending the same text again changes nothing), so kUnknown and
//   kRetryLater may simply be retried; kPublished means the new text is live. A network that does
//   not allow editing answers kRejected without any call ("delete and publish again").
// - FetchProfile() checks the credentials and reads the account (immutable id, handle, name, URL).
// - FetchInbound() reads citizens' reactions to the account (replies, mentions, direct messages)
//   newer than an opaque cursor, oldest first; it never writes. Passing back the returned cursor
//   never delivers an item twice nor skips one (except beyond a bounded backlog: see each
//   connector); an empty cursor starts "now-ish" with the latest `limit` items. `more` says that
//   further items wait right now (call again soon).
// - Reply() publishes a threaded answer under a remote item with Publish()'s outcome contract
//   (idempotency key, kUnknown, FindExisting() finds replies too).
// - Hide()/Unhide() hide a citizen's reply under the account's own post where the network allows
//   it (SupportsHide()); both are idempotent (hiding a hidden reply is a success).
// - Report() sends an item to the network's moderators where it allows it (SupportsReport()).
// - Errors of the read and moderation calls say whether a retry can help (IsRetryable()):
//     kTooManyRequests  429 (retry_after_seconds from Retry-After or the rate-limit reset)
//     kUnavailable      5xx, timeouts, lost connections, unreadable answers
//   and not: kUnauthenticated (reconnect the account), kPermissionDenied (refused; with
//   field == kUnsupported: the network has no such feature), kInvalidArgument, kNotFound,
//   kConflict (e.g. the thread cannot hold more hidden replies).
// - Connectors are thread-safe; one instance serves every account of its network.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/network.hpp"
#include "core/result.hpp"
#include "networks/http_client.hpp"

namespace belfry::networks {

struct Credentials {
    std::string base_url;       // https://mastodon.social, https://bsky.social (the account's PDS)
    std::string access_token;   // Mastodon: the OAuth token; Bluesky: an access JWT, if one is stored
    std::string identifier;     // Bluesky: handle or e-mail
    std::string password;       // Bluesky: an app password
    std::string did;            // Bluesky
    std::string refresh_token;  // Bluesky: a refresh JWT, if one is stored
};

struct Media {
    std::string bytes;
    std::string mime_type;  // image/jpeg, image/png, …
    std::string alt_text;
};

struct PublishRequest {
    std::string text;
    std::string language;  // ISO 639-1: fr, nl, de, en
    std::vector<Media> media;
    std::string idempotency_key;  // stable per rendition, visible ASCII (no spaces), 1 to 64 characters
    // When the first attempt to publish this rendition started (epoch ms). Mastodon's FindExisting
    // only considers posts created after it (less 5 minutes of clock skew) and needs it.
    core::Millis first_attempt_ms = 0;
};

struct RemotePost {
    std::string remote_id;  // Mastodon: the status id; Bluesky: the at:// URI of the record
    std::string url;        // the public web address of the post
};

// The network's rate-limit headers, so the scheduler's token buckets can follow the network.
// Mastodon: X-RateLimit-Limit/-Remaining/-Reset (ISO 8601); Bluesky: RateLimit-Limit/-Remaining/
// -Reset (epoch seconds; a small number is read as seconds from now).
struct RateLimitInfo {
    int limit = -1;                // -1: not said
    int remaining = -1;            // -1: not said
    core::Millis reset_at_ms = 0;  // 0: not said
};
std::optional<RateLimitInfo> ParseRateLimit(const HttpResponse& response, core::Millis now_ms);
// Seconds to wait after a 429 or 503: Retry-After (seconds or HTTP date), else the rate-limit reset
// (at least 1 when either is given), else `fallback` (0: not said).
int RetryAfterSeconds(const HttpResponse& response, core::Millis now_ms, int fallback);

enum class Outcome { kPublished, kRejected, kRetryLater, kUnknown };
std::string_view OutcomeName(Outcome outcome);  // "published", "rejected", "retry_later", "unknown"

struct PublishResult {
    Outcome outcome = Outcome::kUnknown;
    RemotePost post;              // with kPublished
    std::string network_message;  // as the network said it
    std::string explanation;      // plain words for a communicator
    int retry_after_seconds = 0;
    int http_status = 0;  // of the answer that decided the outcome; 0 when there was none
    bool may_exist = false;
    std::optional<RateLimitInfo> rate_limit;
};

struct AccountProfile {
    std::string id;      // immutable: Mastodon account id, Bluesky DID
    std::string handle;  // Mastodon: user@host; Bluesky: the handle
    std::string display_name;
    std::string url;
};

// A citizen's reaction as the network shows it.
struct InboundItem {
    std::string remote_id;         // Mastodon status id; Bluesky at:// uri of the post record
    std::string kind;              // "reply" (to one of the account's posts or a thread it is in), "mention", "direct"
    std::string parent_remote_id;  // what it replies to; "" when none
    std::string root_remote_id;    // the thread's first post when known; "" otherwise
    std::string author_id;         // Mastodon account id; Bluesky DID
    std::string author_handle;     // Mastodon acct (user@host for remote); Bluesky handle
    std::string author_name;       // display name, verbatim
    std::string text;      // plain text: Mastodon content HTML → text (tags removed, <br> → "\n", paragraphs
                           // separated by "\n\n", entities decoded); Bluesky record text verbatim
    std::string language;  // as the network says; may be ""
    std::string url;       // public web address
    core::Millis created_at_ms = 0;
};

struct InboundPage {
    std::vector<InboundItem> items;  // oldest first
    std::string cursor;              // opaque: pass it back next time ("" only while nothing was ever seen)
    bool more = false;               // more are waiting right now (call again soon)
    std::optional<RateLimitInfo> rate_limit;
};

// Error::field of the error a network answers for a feature it does not have (kPermissionDenied).
inline constexpr std::string_view kUnsupported = "network:unsupported";
// True for the errors a later retry can cure (kTooManyRequests, kUnavailable).
bool IsRetryable(const core::Error& error);
// True for the "this network has no such feature" error.
bool IsUnsupported(const core::Error& error);

class Network {
  public:
    virtual ~Network() = default;
    virtual core::Network kind() const = 0;
    virtual PublishResult Publish(const Credentials& credentials, const PublishRequest& request) = 0;
    virtual core::Result<std::optional<RemotePost>> FindExisting(const Credentials& credentials,
                                                                 const PublishRequest& request) = 0;
    virtual core::Status Delete(const Credentials& credentials, const std::string& remote_id) = 0;
    virtual bool SupportsEdit() const { return false; }
    // The default refuses: the network does not allow editing.
    virtual PublishResult Edit(const Credentials& credentials, const std::string& remote_id,
                               const PublishRequest& request);
    virtual core::Result<AccountProfile> FetchProfile(const Credentials& credentials) = 0;

    // Citizens' reactions newer than `cursor` (an empty cursor returns the latest `limit` ones);
    // `limit` is 1 to 100. The default: unsupported.
    virtual core::Result<InboundPage> FetchInbound(const Credentials& credentials, const std::string& cursor,
                                                   int limit);
    // Publishes `request.text` as a threaded reply to parent_remote_id (root_remote_id: the thread's
    // root when known, "" to let the connector find it). The default: kRejected without any call.
    virtual PublishResult Reply(const Credentials& credentials, const std::string& parent_remote_id,
                                const std::string& root_remote_id, const PublishRequest& request);
    // Hiding a citizen's reply under the account's own post (root_remote_id: that post, "" to let the
    // connector find it). The defaults: unsupported.
    virtual bool SupportsHide() const { return false; }
    virtual core::Status Hide(const Credentials& credentials, const std::string& item_remote_id,
                              const std::string& root_remote_id);
    virtual core::Status Unhide(const Credentials& credentials, const std::string& item_remote_id,
                                const std::string& root_remote_id);
    // Reporting an item to the network's moderators, with a comment. The default: unsupported.
    virtual bool SupportsReport() const { return false; }
    virtual core::Status Report(const Credentials& credentials, const std::string& item_remote_id,
                                const std::string& comment);
};

struct ConnectorOptions {
    const core::Clock* clock = nullptr;  // default: the system clock
    std::function<void(int ms)> sleep;   // default: sleeps the thread (media processing polls)
    int request_timeout_ms = 30000;
    int upload_timeout_ms = 120000;
    int media_poll_interval_ms = 1000;
    int media_poll_attempts = 60;
    std::string bluesky_web_url = "https://bsky.app";  // post URLs: <this>/profile/<handle>/post/<rkey>
    // Bluesky FetchInbound without an AppView (repository listing): at most this many repositories
    // are read per call, and at most this many pages of 100 posts per repository.
    int bluesky_fallback_max_repos = 500;
    int bluesky_fallback_max_pages = 3;
    // Bluesky FetchInbound: at most this many pages of 100 notifications are read back to the cursor.
    int bluesky_max_notification_pages = 10;
};

// The connector for `network`, or nullptr when belfry cannot publish there yet.
// Supported: mastodon, bluesky. `http` must outlive the connector.
std::unique_ptr<Network> MakeNetwork(core::Network network, HttpClient& http, ConnectorOptions options = {});

}  // namespace belfry::networks
