// The Mastodon connector (docs.joinmastodon.org, REST API v1/v2).
//
// Calls
//   GET    /api/v1/accounts/verify_credentials    FetchProfile; the account id for FindExisting
//   POST   /api/v2/media                          multipart: file, description (the alt text)
//   GET    /api/v1/media/:id                      polled while the upload answered 202 (206: processing)
//   POST   /api/v1/statuses                       JSON: status, language, media_ids, visibility=public;
//                                                 header Idempotency-Key = the rendition's key
//   GET    /api/v1/accounts/:id/statuses          FindExisting (limit=40, exclude_reblogs, max_id paging)
//   DELETE /api/v1/statuses/:id                   Delete (404: already gone, counts as deleted)
//   GET    /api/v1/statuses/:id                   Edit: the status as it is (its media, sensitive,
//                                                 spoiler_text), so that the edit keeps them
//   PUT    /api/v1/statuses/:id                   Edit: JSON status, language, media_ids, sensitive,
//                                                 spoiler_text (an omitted media_ids would remove the
//                                                 media); Mastodon keeps the edit history
// Every call: Authorization: Bearer <access_token>.
//
// Idempotency
//   Publish sends the rendition's key as Idempotency-Key: Mastodon keeps keys for 1 hour and answers
//   a repeat with the original status instead of storing a second one. So a retry with the same key
//   within the hour is safe, and a 5xx on POST /statuses is kRetryLater with may_exist (kUnknown
//   without a key). After the hour, only FindExisting protects against a double.
//   FindExisting never posts (a repeat POST would create the status if the first never arrived):
//   it reads the account's own statuses, newest first, down to first_attempt_ms less 5 minutes (at
//   most 5 pages of 40), and matches a status whose text (HTML stripped, entities decoded,
//   whitespace collapsed) equals the rendition's text, with the same number of media and, when both
//   are known, the same language. It needs first_attempt_ms (kInvalidArgument without it) so that an
//   older post with the same words is never taken for this one.
//   Edit is idempotent on content: a PUT repeated with the same text leaves the same status, so a
//   5xx or a lost connection is simply retried (kRetryLater, kUnknown when the PUT may have arrived).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "networks/network.hpp"

namespace belfry::networks {

class MastodonNetwork final : public Network {
  public:
    MastodonNetwork(HttpClient& http, ConnectorOptions options);

    core::Network kind() const override { return core::Network::kMastodon; }
    PublishResult Publish(const Credentials& credentials, const PublishRequest& request) override;
    core::Result<std::optional<RemotePost>> FindExisting(const Credentials& credentials,
                                                         const PublishRequest& request) override;
    core::Status Delete(const Credentials& credentials, const std::string& remote_id) override;
    bool SupportsEdit() const override { return true; }
    PublishResult Edit(const Credentials& credentials, const std::string& remote_id,
                       const PublishRequest& request) override;
    core::Result<AccountProfile> FetchProfile(const Credentials& credentials) override;
    core::Result<InboundPage> FetchInbound(const Credentials& credentials, const std::string& cursor,
                                           int limit) override;
    PublishResult Reply(const Credentials& credentials, const std::string& parent_remote_id,
                        const std::string& root_remote_id, const PublishRequest& request) override;
    // Hide() and Unhide() stay the base class's: Mastodon has no such API (kUnsupported).
    bool SupportsReport() const override { return true; }
    core::Status Report(const Credentials& credentials, const std::string& item_remote_id,
                        const std::string& comment) override;

  private:
    struct StatusTarget {
        std::string visibility = "public";
        std::string in_reply_to_id;
        std::string text;  // "" = the request's
    };
    PublishResult PostStatus(const Credentials& credentials, const PublishRequest& request, const StatusTarget& target);
    // The account's id (GET verify_credentials), cached per server and token.
    core::Result<std::string> OwnAccountId(const Credentials& credentials);

    HttpClient& http_;
    ConnectorOptions options_;
    std::mutex mu_;
    std::map<std::string, std::string> own_ids_;  // base URL + "\n" + token → account id
};

// Mastodon's status HTML as text for people: tags removed, <br> → "\n", paragraphs separated by
// "\n\n", entities decoded; mention and link markup gives back "@user" and the full URL (Mastodon
// splits long URLs over invisible spans). Nothing else is changed (no whitespace collapsing).
std::string MastodonPlainText(std::string_view html);
// `text` without the mentions ("@user", "@user@host") it starts with, as Reply() puts them there.
std::string WithoutLeadingMentions(std::string_view text);

// Mastodon's status HTML as plain text: tags removed (<br> and paragraph ends become spaces),
// entities decoded, runs of whitespace collapsed to one space, trimmed. Plain text given to it is
// only whitespace-normalised, so both sides of a comparison go through it.
std::string MastodonComparableText(std::string_view html_or_text, bool is_html);

}  // namespace belfry::networks
