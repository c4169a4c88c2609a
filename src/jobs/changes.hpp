// Changes to published posts: the durable "delete" and "edit" jobs (ref_id: the rendition), run by
// the Publisher's workers beside the "publish" jobs (PublishingService::DeleteRendition /
// EditRendition store them).
//
// Contract
// - Prepare runs in the claiming transaction: it reads the rendition (it must still be `deleting` /
//   `editing`, else the job is completed and nothing happens), the pending revision of an edit, and
//   the channel's account. Call makes the network call outside any transaction and returns how to
//   record its outcome in the recording transaction.
// - Never blindly retried, and never needing to be: a delete is idempotent (a post already gone
//   counts as deleted, so a retry after a timeout or a 5xx is safe); an edit is idempotent on
//   content (sending the same text again leaves the same post).
// - delete: done → `deleted` (the row, its text and remote id stay: the record of what was
//   published); refused (credentials, permission) → back to `published` with the reason; the
//   network unavailable or rate-limited → retried with back-off, at most max_attempts, then back to
//   `published` saying it gave up.
// - edit: done → the pending revision becomes `live`, the one before `replaced`, the rendition
//   `published` with the new text; refused (kRejected) or given up → the revision `failed` with the
//   network's words, the rendition `published` with its old text and the reason.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "jobs/rate_limits.hpp"
#include "networks/network.hpp"
#include "publishing/model.hpp"
#include "registry/model.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"
#include "store/job_repo.hpp"

namespace belfry::jobs {

// The account a channel publishes with, read and unsealed in a transaction.
struct ChannelAccount {
    registry::Channel channel;
    networks::Credentials credentials;
    std::string error;  // set when the channel cannot be used (gone, not connected, unreadable credentials)
};
ChannelAccount LoadChannelAccount(store::Tx& tx, long long channel_id, const security::Vault& vault);

bool IsChangeJob(const std::string& kind);  // "delete" or "edit"

struct ChangeWork {
    store::Job job;
    publishing::Rendition rendition;
    std::optional<publishing::RenditionRevision> pending;  // edit: the text to send
    ChannelAccount account;
};

// nullopt: nothing to do (the job was completed).
std::optional<ChangeWork> PrepareChange(store::Tx& tx, const store::Job& job, const security::Vault& vault,
                                        core::Millis now);

using RecordOutcome = std::function<void(store::Tx&, core::Millis)>;
// `net` may be null (belfry has no connector for the network). Rate-limit headers and Retry-After
// are passed to `limits`.
RecordOutcome CallChange(ChangeWork& work, networks::Network* net, RateLimits& limits, const core::Clock& clock,
                         int max_attempts);

}  // namespace belfry::jobs
