// SQL for posts, variants, targets, renditions and channel credentials. Runs inside the caller's
// Tx; throws soci exceptions on database failure (Database::Transact rolls back).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "publishing/model.hpp"
#include "publishing/renditions.hpp"
#include "registry/model.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"

namespace belfry::store {

long long InsertPost(Tx& tx, const publishing::Post& post);
// Rewrites the post row, its variants and its targets.
void UpdatePost(Tx& tx, const publishing::Post& post);
std::optional<publishing::Post> GetPost(Tx& tx, long long id);
struct PostQuery {
    std::optional<std::vector<long long>> organisation_ids;
    std::optional<std::string> status;
    std::optional<std::vector<std::string>> statuses;  // any of these
    std::optional<long long> created_by;
    std::optional<core::Millis> from;  // publish_at ≥ from
    std::optional<core::Millis> to;    // publish_at < to
    int page = 1;
    int per_page = 50;
};
registry::Page<publishing::Post> ListPosts(Tx& tx, const PostQuery& q);

// The publishing view of channels (with bilingual mode and text limit).
std::vector<publishing::TargetChannel> LoadTargetChannels(Tx& tx, const std::vector<long long>& ids);
struct ChannelPublishing {
    std::string bilingual_mode;
    std::optional<long long> text_limit;
    std::optional<std::string> api_base_url;
};
std::optional<ChannelPublishing> GetChannelPublishing(Tx& tx, long long channel_id);
void UpdateChannelPublishing(Tx& tx, long long channel_id, const ChannelPublishing& settings);

long long InsertRendition(Tx& tx, const publishing::Rendition& r);
void UpdateRendition(Tx& tx, const publishing::Rendition& r);
std::optional<publishing::Rendition> GetRendition(Tx& tx, long long id);
std::vector<publishing::Rendition> ListRenditions(Tx& tx, long long post_id);
// status → number of renditions of the post in it.
std::map<std::string, long long> CountRenditionsByStatus(Tx& tx, long long post_id);
// Each post's distinct rendition times (publish_at of renditions not cancelled), ascending.
std::map<long long, std::vector<core::Millis>> RenditionTimes(Tx& tx, const std::vector<long long>& post_ids);
// The same for several posts at once: post id → status → count.
std::map<long long, std::map<std::string, long long>> CountRenditionsByStatus(Tx& tx,
                                                                              const std::vector<long long>& post_ids);

// The texts of renditions (rendition_revisions), oldest first.
long long InsertRevision(Tx& tx, const publishing::RenditionRevision& v);
void UpdateRevision(Tx& tx, const publishing::RenditionRevision& v);
std::vector<publishing::RenditionRevision> ListRevisions(Tx& tx, long long rendition_id);
// Every revision of every rendition of the post, keyed by rendition id.
std::map<long long, std::vector<publishing::RenditionRevision>> ListRevisionsOfPost(Tx& tx, long long post_id);

void PutCredentials(Tx& tx, long long channel_id, const security::Sealed& sealed, core::Millis now);
std::optional<security::Sealed> GetCredentials(Tx& tx, long long channel_id);

}  // namespace belfry::store
