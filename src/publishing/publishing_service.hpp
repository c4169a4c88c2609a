// PublishingService: posts in several languages, their renditions per channel, and scheduling.
//
// Contract
// - Drafting needs the DraftPost permission on the post's organisation; every target channel must
//   belong to that organisation's sub-tree and be live.
// - Preview() derives renditions and checks each against its network's rules without storing.
// - Workflow (workflow/workflow_service.hpp): every change of content (text, images, link, content
//   type, tags, channels) makes a new version; a post in review, approved or scheduled goes back to
//   review (a scheduled one is taken off the queue first). Rejected, withdrawn and published posts
//   no longer change. Schedule() needs an approved post; a draft whose policy asks for no review, no
//   spokesperson and no attestation is submitted and approved on the way. Cancel() takes a
//   scheduled post back to approved.
// - Schedule() refuses (kInvalidArgument, every reason listed in `details`) unless every rendition
//   passes its checks; otherwise it stores the renditions and one durable "publish" job each, in
//   the same transaction as the post's new state and its audit entry.
// - DeleteRendition() / EditRendition() (the DraftPost permission, like scheduling; audited) ask the
//   queue to remove a published rendition from its network, or to replace its text where the
//   network allows editing (LimitsFor().editable; otherwise kConflict naming the network). They
//   refuse (kConflict, saying why) a rendition that is not published (or whose change is already
//   under way); the new text is checked against the network's rules first (kInvalidArgument, every
//   reason in `details`). The rendition becomes `deleting` / `editing` and one durable "delete" /
//   "edit" job is stored in the same transaction (jobs/changes.hpp carries them out). An edit keeps
//   the text that was live as a RenditionRevision (the first edit also records the original).
// - Images: a post's images must be images of its organisation's sub-tree, each listed once, with
//   alt text in known languages; the rules of each network (count, size, type, alt text in every
//   language of the rendition) are checked by the renditions. Changing them bumps the version.
// - Times: `publish_at` is UTC; `local_time` + `time_zone` (IANA, default Europe/Brussels) is
//   converted with ICU, correct across daylight-saving changes (a time that does not exist in the
//   zone is refused, an ambiguous one takes the first occurrence).
// - Next free slot (`next_free_slot: true`): each channel's renditions take that channel's earliest
//   slot strictly after now that no other scheduled/publishing/unconfirmed/published rendition of
//   the channel holds (schedule.hpp), so one post may go at different times per channel; the twin
//   renditions of one channel share its slot. A channel without slots refuses the whole scheduling.
// - Posting schedules: read with a role on the channel's organisation; changed with DraftPost on it
//   (administrators, editors, spokespersons, agency members); audited as channel.schedule.
// - RetryRendition() re-queues a failed rendition (DraftPost; audited as rendition.retry) with the
//   same idempotency key, so a network that did receive the earlier attempt does not post twice.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "publishing/model.hpp"
#include "publishing/renditions.hpp"
#include "publishing/schedule.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"
#include "workflow/workflow_service.hpp"

namespace belfry::publishing {

struct PostInput {
    long long organisation_id = 0;
    std::string content_type = "other";
    std::map<std::string, std::string> variants;
    std::optional<std::string> link_url;
    std::string internal_notes;
    std::vector<long long> channel_ids;
    std::vector<PostMedia> media;  // media_id and alt per language; images of the organisation's sub-tree
    std::vector<std::string> tags;
};

struct PostPatch {
    std::optional<std::string> content_type;
    std::optional<std::map<std::string, std::string>> variants;  // replaces all variants
    std::optional<std::optional<std::string>> link_url;
    std::optional<std::string> internal_notes;
    std::optional<std::vector<long long>> channel_ids;
    std::optional<std::vector<PostMedia>> media;  // replaces all images and their alt texts
    std::optional<std::vector<std::string>> tags;
};

// An image upload: the raw bytes with the Content-Type the client declared.
struct MediaUpload {
    long long organisation_id = 0;
    std::string content_type;
    std::string file_name;  // optional; informative only
    std::string bytes;
};

struct MediaContent {
    MediaRecord record;
    std::string bytes;
};

struct ScheduleInput {
    bool now = false;
    bool next_free_slot = false;             // each channel's next free slot in its posting schedule
    std::optional<core::Millis> publish_at;  // UTC
    std::optional<std::string> local_time;   // "2026-03-29T02:30" in time_zone
    std::string time_zone = "Europe/Brussels";
};

// The account a channel publishes with. `credentials` is the plain JSON the connectors read
// (access_token, identifier, password, did, refresh_token); it is sealed in the vault and never returned.
struct ConnectionInput {
    std::string api_base_url;
    std::optional<std::string> bilingual_mode;           // combined | twin; unchanged when absent
    std::optional<std::optional<long long>> text_limit;  // null: the network's default
    std::string credentials;
};

struct ChannelConnection {
    long long channel_id = 0;
    std::string api_base_url;
    std::string bilingual_mode;
    std::optional<long long> text_limit;
};

struct PostFilter {
    std::optional<long long> organisation_id;  // and the organisations below it
    std::optional<std::string> status;
    std::optional<core::Millis> from;  // publish_at ≥ from (UTC)
    std::optional<core::Millis> to;    // publish_at < to (UTC)
    int page = 1;
    int per_page = 50;
};

// A post in a list, with how many of its renditions are in each status and when they go out
// (each distinct publish_at of its renditions that are not cancelled: with the next free slot one
// post may go out at different times on different channels).
struct PostListItem {
    Post post;
    std::map<std::string, long long> rendition_counts;
    std::vector<core::Millis> rendition_times;
};

struct ChannelSchedule {
    long long channel_id = 0;
    PostingSchedule schedule;
    std::optional<core::Millis> next_free_slot;  // none without slots
};

struct PostView {
    Post post;
    std::vector<Rendition> renditions;                              // stored ones (after scheduling)
    std::map<long long, std::vector<RenditionRevision>> revisions;  // rendition id → its texts, oldest first
    RenditionPlan plan;                                             // what would be sent now
    workflow::ReviewSummary review;                                 // where its review stands, for the reader
};

struct RenditionView {
    Rendition rendition;
    std::vector<RenditionRevision> revisions;  // oldest first
};

class PublishingService {
  public:
    PublishingService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                      const security::Vault& vault, long long media_max_bytes = kDefaultMediaMaxBytes)
        : db_(db), clock_(clock), authz_(authz), vault_(vault), media_max_bytes_(media_max_bytes) {}

    core::Result<PostView> CreatePost(const security::Principal& who, const PostInput& in);
    core::Result<PostView> UpdatePost(const security::Principal& who, long long id, const PostPatch& patch);
    core::Result<PostView> GetPost(const security::Principal& who, long long id);
    core::Result<registry::Page<PostListItem>> ListPosts(const security::Principal& who, const PostFilter& filter);
    core::Result<PostView> Schedule(const security::Principal& who, long long id, const ScheduleInput& in);
    core::Result<PostView> Cancel(const security::Principal& who, long long id);
    core::Result<RenditionView> DeleteRendition(const security::Principal& who, long long post_id,
                                                long long rendition_id);
    core::Result<RenditionView> EditRendition(const security::Principal& who, long long post_id, long long rendition_id,
                                              const std::string& text);
    // Only a failed rendition (kConflict otherwise): back to scheduled, due now, same idempotency key.
    core::Result<PostView> RetryRendition(const security::Principal& who, long long post_id, long long rendition_id);
    core::Result<ChannelSchedule> GetSchedule(const security::Principal& who, long long channel_id);
    core::Result<ChannelSchedule> SetSchedule(const security::Principal& who, long long channel_id,
                                              PostingSchedule schedule);
    // Administrator of the channel's organisation; audited (the credentials as "(sealed)").
    core::Result<ChannelConnection> ConnectChannel(const security::Principal& who, long long channel_id,
                                                   const ConnectionInput& in);

    // Images: uploading needs DraftPost on the organisation (audited, without the bytes); reading
    // needs a role there. The type is sniffed and must match `content_type` (media.hpp).
    core::Result<MediaRecord> UploadMedia(const security::Principal& who, const MediaUpload& in);
    core::Result<MediaRecord> GetMedia(const security::Principal& who, long long id);
    core::Result<MediaContent> GetMediaContent(const security::Principal& who, long long id);
    long long media_max_bytes() const { return media_max_bytes_; }

  private:
    core::Result<PostView> View(store::Tx& tx, const security::Principal& who, const security::OrgTree& tree,
                                const Post& post);
    // The post may be scheduled: approved, or a draft that needs no review (submitted on the way).
    core::Status ReadyToSchedule(store::Tx& tx, const security::Principal& who, Post& post,
                                 const security::OrgTree& tree, core::Millis now);
    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
    const security::Vault& vault_;
    long long media_max_bytes_;
};

// The error listing every reason a post's renditions cannot go out (kInvalidArgument, field
// `renditions`, each detail with its channel), or Ok when the plan has none.
core::Status PlanProblems(const RenditionPlan& plan, const std::string& intro);
// Stores one `scheduled` rendition per planned one, due at due_at(channel id), each with its durable
// publish job and a fresh idempotency key. Returns the earliest due time.
core::Millis StoreRenditions(store::Tx& tx, const Post& post, const RenditionPlan& plan,
                             const std::function<core::Millis(long long)>& due_at, core::Millis now);

// Takes back the scheduled renditions of a post (cancelled, with their publish jobs); refuses
// (kConflict) when one of them is already going out or out.
core::Status UnscheduleRenditions(store::Tx& tx, long long post_id, core::Millis now);

// Converts a wall-clock time in an IANA zone to UTC (ICU). Fails for unknown zones and for times
// skipped by a daylight-saving change.
core::Result<core::Millis> LocalToUtc(const std::string& local_time, const std::string& time_zone);

}  // namespace belfry::publishing
