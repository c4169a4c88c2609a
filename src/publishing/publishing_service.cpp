#include "publishing/publishing_service.hpp"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <boost/json.hpp>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "crisis/crisis_service.hpp"
#include "security/crypto.hpp"
#include "store/audit_repo.hpp"
#include "store/job_repo.hpp"
#include "store/media_repo.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"
#include "store/schedule_repo.hpp"
#include "store/workflow_repo.hpp"

namespace belfry::publishing {

using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace {

constexpr size_t kMaxVariantBytes = 70000;

std::string PostAudit(const Post& p) {
    boost::json::object variants;
    for (const auto& [lang, text] : p.variants) variants[lang] = text;
    boost::json::array channels;
    for (long long c : p.channel_ids) channels.push_back(c);
    boost::json::array media;
    for (const auto& m : p.media) {
        boost::json::object alt;
        for (const auto& [lang, text] : m.alt) alt[lang] = text;
        media.push_back(boost::json::object{{"media_id", m.media_id}, {"alt", alt}});
    }
    boost::json::object o{
        {"id", p.id},
        {"organisation_id", p.organisation_id},
        {"content_type", p.content_type},
        {"status", p.status},
        {"link_url", p.link_url ? boost::json::value(*p.link_url) : nullptr},
        {"variants", variants},
        {"channel_ids", channels},
        {"media", media},
        {"version", p.version},
        {"publish_at", p.publish_at ? boost::json::value(core::FormatRfc3339(*p.publish_at)) : nullptr}};
    return boost::json::serialize(o);
}

void Audit(store::Tx& tx, const Principal& who, const std::string& action, const Post& after, const std::string& before,
           core::Millis now) {
    auto e = store::AuditEventBy(who, action, "post", after.id, after.organisation_id);
    e.before_json = before;
    e.after_json = PostAudit(after);
    store::AppendAudit(tx, e, now);
}

core::Status CheckVariants(const std::map<std::string, std::string>& variants) {
    for (const auto& [lang, text] : variants) {
        if (!core::IsLanguage(lang)) {
            return Error::Invalid("variants." + lang, "unknown language '" + lang + "': use fr, nl, de or en");
        }
        if (text.size() > kMaxVariantBytes) {
            return Error::Invalid("variants." + lang, "the " + lang + " text is too long (at most 70,000 bytes)");
        }
        if (!core::IsValidUtf8(text)) return Error::Invalid("variants." + lang, "the text is not valid UTF-8");
    }
    return core::Ok();
}

core::Status CheckTags(const std::vector<std::string>& tags) {
    if (tags.size() > 30) return Error::Invalid("tags", "a post takes at most 30 tags");
    for (const auto& t : tags) {
        if (t.empty() || t.size() > 100 || !core::IsValidUtf8(t) || t.find_first_of(" \t\r\n") != std::string::npos) {
            return Error::Invalid("tags", "each tag is one word of at most 100 bytes, without spaces (got '" +
                                              (core::IsValidUtf8(t) ? t : std::string("invalid UTF-8")) + "')");
        }
    }
    return core::Ok();
}

core::Status CheckLink(const std::optional<std::string>& link) {
    if (!link) return core::Ok();
    if (!(core::StartsWith(*link, "https://") || core::StartsWith(*link, "http://")) || link->size() > 2048 ||
        link->find_first_of(" \t\r\n") != std::string::npos) {
        return Error::Invalid("link_url", "link_url must be an http(s) URL without spaces");
    }
    return core::Ok();
}

// Every target must be a live channel inside the post's organisation sub-tree.
core::Status CheckTargets(store::Tx& tx, const security::OrgTree& tree, long long org,
                          const std::vector<long long>& channel_ids) {
    const auto scope = tree.SubtreeOf(org);
    std::set<long long> seen;
    for (long long id : channel_ids) {
        if (!seen.insert(id).second)
            return Error::Invalid("channel_ids", "channel " + std::to_string(id) + " is listed twice");
        auto c = store::GetChannel(tx, id);
        if (!c) return Error::Invalid("channel_ids", "channel " + std::to_string(id) + " does not exist");
        if (scope.count(c->organisation_id) == 0) {
            return Error::Invalid("channel_ids", "channel '" + c->display_name +
                                                     "' belongs to another organisation: a post goes only to "
                                                     "channels of its organisation and the ones below it");
        }
        if (c->status != "active" && c->status != "dormant") {
            return Error::Invalid("channel_ids", "channel '" + c->display_name + "' is " + c->status +
                                                     ": only active or dormant channels can publish");
        }
    }
    return core::Ok();
}

constexpr size_t kMaxImagesPerPost = 20;  // the most any network takes (LinkedIn); each network's own is a rule

// Checks the images of a post and fills in what the rules need (type, size, name) from the store.
Result<std::vector<PostMedia>> CheckMedia(store::Tx& tx, const security::OrgTree& tree, long long org,
                                          const std::vector<PostMedia>& media) {
    if (media.size() > kMaxImagesPerPost) {
        return Error::Invalid("media", "a post takes at most " + std::to_string(kMaxImagesPerPost) + " images");
    }
    const auto scope = tree.SubtreeOf(org);
    std::set<long long> seen;
    std::vector<PostMedia> out;
    for (size_t i = 0; i < media.size(); ++i) {
        const std::string field = "media[" + std::to_string(i) + "]";
        const auto& m = media[i];
        if (!seen.insert(m.media_id).second) {
            return Error::Invalid(field + ".media_id", "image " + std::to_string(m.media_id) + " is listed twice");
        }
        auto record = store::GetMedia(tx, m.media_id);
        if (!record) {
            return Error::Invalid(field + ".media_id", "image " + std::to_string(m.media_id) +
                                                           " does not exist: upload it first (POST /api/v1/media)");
        }
        if (scope.count(record->organisation_id) == 0) {
            return Error::Invalid(field + ".media_id", "image " + std::to_string(m.media_id) +
                                                           " belongs to another organisation: upload it for this one");
        }
        PostMedia checked;
        checked.media_id = m.media_id;
        for (const auto& [lang, text] : m.alt) {
            std::string alt_field = field;
            alt_field.append(".alt.").append(lang);
            if (!core::IsLanguage(lang)) {
                return Error::Invalid(alt_field, "unknown language '" + lang + "': use fr, nl, de or en");
            }
            if (!core::IsValidUtf8(text)) return Error::Invalid(alt_field, "the alt text is not valid UTF-8");
            if (text.size() > kMaxAltTextBytes) {
                return Error::Invalid(alt_field, "the alt text is too long (at most 6,000 bytes)");
            }
            if (text.find_first_not_of(" \t\r\n") != std::string::npos) checked.alt[lang] = text;
        }
        checked.mime_type = record->mime_type;
        checked.bytes = record->bytes;
        checked.file_name = record->file_name;
        out.push_back(std::move(checked));
    }
    return out;
}

std::string MediaAudit(const MediaRecord& m) {
    return boost::json::serialize(boost::json::object{{"id", m.id},
                                                      {"organisation_id", m.organisation_id},
                                                      {"sha256", m.sha256},
                                                      {"mime_type", m.mime_type},
                                                      {"bytes", m.bytes},
                                                      {"width", m.width},
                                                      {"height", m.height},
                                                      {"file_name", m.file_name}});
}

// Keeps the last path component, without control characters, at most 255 bytes.
Result<std::string> CleanFileName(const std::string& name) {
    std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
    if (!core::IsValidUtf8(base) || base.size() > 255 ||
        std::any_of(base.begin(), base.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Error::Invalid("file_name",
                              "file_name must be valid UTF-8, at most 255 bytes, without control characters");
    }
    return base.empty() ? std::string("image") : base;
}

}  // namespace

Result<core::Millis> LocalToUtc(const std::string& local_time, const std::string& time_zone) {
    auto zone = std::unique_ptr<icu::TimeZone>(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
    icu::UnicodeString id;
    zone->getID(id);
    if (*zone == icu::TimeZone::getUnknown()) {
        return Error::Invalid("time_zone",
                              "unknown time zone '" + time_zone + "': use an IANA name like Europe/Brussels");
    }
    // Parse "YYYY-MM-DDTHH:MM[:SS]" as wall-clock fields.
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const int n = std::sscanf(local_time.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
    if (n < 5 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
        return Error::Invalid("local_time", "local_time must look like 2026-11-23T09:30 (got '" + local_time + "')");
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::GregorianCalendar cal(zone.release(), status);
    if (U_FAILURE(status)) return Error::Internal("ICU calendar failed: " + std::string(u_errorName(status)));
    cal.setLenient(false);
    cal.set(y, mo - 1, d, h, mi, s);
    cal.set(UCAL_MILLISECOND, 0);
    // Skipped wall times (the spring-forward hour) do not exist: refuse them rather than guess.
    cal.setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
    cal.setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
    const UDate utc = cal.getTime(status);
    if (U_FAILURE(status)) return Error::Invalid("local_time", "'" + local_time + "' is not a valid time");
    // Round-trip to detect a skipped time: the fields read back differ from the ones set.
    if (cal.get(UCAL_HOUR_OF_DAY, status) != h || cal.get(UCAL_MINUTE, status) != mi) {
        return Error::Invalid("local_time", local_time + " does not exist in " + time_zone +
                                                " (the clocks move forward then): pick another time");
    }
    return static_cast<core::Millis>(utc);
}

Result<PostView> PublishingService::View(store::Tx& tx, const Principal& who, const security::OrgTree& tree,
                                         const Post& post) {
    PostView v;
    v.post = post;
    v.renditions = store::ListRenditions(tx, post.id);
    v.revisions = store::ListRevisionsOfPost(tx, post.id);
    v.plan = PlanRenditions(post, store::LoadTargetChannels(tx, post.channel_ids));
    v.review = workflow::Summarize(tx, authz_, who, post, tree, clock_.NowMs());
    return v;
}

Result<PostView> PublishingService::CreatePost(const Principal& who, const PostInput& in) {
    if (!IsContentType(in.content_type)) {
        return Error::Invalid("content_type", "unknown content type '" + in.content_type + "'");
    }
    BELFRY_TRY(CheckVariants(in.variants));
    BELFRY_TRY(CheckLink(in.link_url));
    BELFRY_TRY(CheckTags(in.tags));
    if (in.internal_notes.size() > 10000)
        return Error::Invalid("internal_notes", "internal_notes: at most 10,000 bytes");
    return db_.Transact<PostView>([&](store::Tx& tx) -> Result<PostView> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kDraftPost, in.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not draft posts for organisation " +
                                 std::to_string(in.organisation_id) + ": an editor role there is needed");
        }
        BELFRY_TRY(CheckTargets(tx, tree, in.organisation_id, in.channel_ids));
        BELFRY_ASSIGN_OR_RETURN(media, CheckMedia(tx, tree, in.organisation_id, in.media));
        Post p;
        p.media = std::move(media);
        p.organisation_id = in.organisation_id;
        p.content_type = in.content_type;
        p.variants = in.variants;
        p.link_url = in.link_url;
        p.internal_notes = in.internal_notes;
        p.channel_ids = in.channel_ids;
        p.tags = in.tags;
        if (who.user_id != 0) p.created_by = who.user_id;
        p.created_at = p.updated_at = clock_.NowMs();
        for (const auto& [lang, _] : p.variants) p.variant_created_at[lang] = p.variant_updated_at[lang] = p.created_at;
        p.id = store::InsertPost(tx, p);
        workflow::RecordVersion(tx, p, who, p.created_at);
        Audit(tx, who, "post.create", p, "", p.created_at);
        return View(tx, who, tree, p);
    });
}

Result<PostView> PublishingService::UpdatePost(const Principal& who, long long id, const PostPatch& patch) {
    if (patch.content_type && !IsContentType(*patch.content_type)) {
        return Error::Invalid("content_type", "unknown content type '" + *patch.content_type + "'");
    }
    if (patch.variants) BELFRY_TRY(CheckVariants(*patch.variants));
    if (patch.link_url) BELFRY_TRY(CheckLink(*patch.link_url));
    if (patch.tags) BELFRY_TRY(CheckTags(*patch.tags));
    if (patch.internal_notes && patch.internal_notes->size() > 10000) {
        return Error::Invalid("internal_notes", "internal_notes: at most 10,000 bytes");
    }
    return db_.Transact<PostView>([&](store::Tx& tx) -> Result<PostView> {
        auto p = store::GetPost(tx, id);
        if (!p) return Error::NotFound("post " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, p->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not change posts of organisation " +
                                 std::to_string(p->organisation_id));
        }
        if (p->status == "paused") {
            return Error::Conflict("post " + std::to_string(id) +
                                   " is paused by an open crisis: it can be changed once the crisis is closed");
        }
        if (p->status != "draft" && p->status != "in_review" && p->status != "approved" && p->status != "scheduled") {
            return Error::Conflict("post " + std::to_string(id) + " is " + p->status +
                                   " and keeps its record as it is: start a new post instead");
        }
        const auto now = clock_.NowMs();
        const std::string before = PostAudit(*p);
        const std::string status_before = p->status;
        const auto content_now = std::tie(p->content_type, p->variants, p->link_url, p->channel_ids, p->tags);
        const auto old_content = std::make_tuple(p->content_type, p->variants, p->link_url, p->channel_ids, p->tags);
        std::vector<std::pair<long long, std::map<std::string, std::string>>> old_media;
        for (const auto& m : p->media) old_media.emplace_back(m.media_id, m.alt);
        if (patch.content_type) p->content_type = *patch.content_type;
        if (patch.variants) {
            // Each language keeps its own times: only the ones whose text changed are "updated".
            for (const auto& [lang, text] : *patch.variants) {
                auto old = p->variants.find(lang);
                if (old == p->variants.end()) p->variant_created_at[lang] = now;
                if (old == p->variants.end() || old->second != text) p->variant_updated_at[lang] = now;
            }
            for (auto it = p->variant_created_at.begin(); it != p->variant_created_at.end();) {
                it = patch.variants->count(it->first) == 0 ? p->variant_created_at.erase(it) : std::next(it);
            }
            for (auto it = p->variant_updated_at.begin(); it != p->variant_updated_at.end();) {
                it = patch.variants->count(it->first) == 0 ? p->variant_updated_at.erase(it) : std::next(it);
            }
            p->variants = *patch.variants;
        }
        if (patch.link_url) p->link_url = *patch.link_url;
        if (patch.tags) p->tags = *patch.tags;
        if (patch.internal_notes) p->internal_notes = *patch.internal_notes;
        if (patch.channel_ids) {
            BELFRY_TRY(CheckTargets(tx, tree, p->organisation_id, *patch.channel_ids));
            p->channel_ids = *patch.channel_ids;
        }
        if (patch.media) {
            BELFRY_ASSIGN_OR_RETURN(media, CheckMedia(tx, tree, p->organisation_id, *patch.media));
            p->media = std::move(media);
        }
        std::vector<std::pair<long long, std::map<std::string, std::string>>> new_media;
        for (const auto& m : p->media) new_media.emplace_back(m.media_id, m.alt);
        p->updated_at = now;
        if (content_now != old_content || old_media != new_media) {
            // A new version: a post under review or approved goes back to review; a scheduled one
            // is taken off the queue first.
            if (status_before == "scheduled") {
                BELFRY_TRY(UnscheduleRenditions(tx, p->id, now));
                p->publish_at.reset();
            }
            ++p->version;
            BELFRY_TRY(workflow::ApplyContentChange(tx, authz_, who, *p, status_before, tree, now));
        }
        store::UpdatePost(tx, *p);
        Audit(tx, who, "post.update", *p, before, now);
        return View(tx, who, tree, *p);
    });
}

Result<PostView> PublishingService::GetPost(const Principal& who, long long id) {
    return db_.Read<PostView>([&](store::Tx& tx) -> Result<PostView> {
        auto p = store::GetPost(tx, id);
        if (!p) return Error::NotFound("post " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!workflow::CanReadPosts(authz_, who, p->organisation_id, tree)) {
            return Error::Denied("you have no role on the organisation of post " + std::to_string(id));
        }
        return View(tx, who, tree, *p);
    });
}

Result<registry::Page<PostListItem>> PublishingService::ListPosts(const Principal& who, const PostFilter& filter) {
    static const std::set<std::string> kStatuses{
        "draft",  "in_review", "approved",  "scheduled", "published", "partially_published",
        "failed", "rejected",  "withdrawn", "paused"};
    if (filter.status && kStatuses.count(*filter.status) == 0) {
        return Error::Invalid("status", "unknown status '" + *filter.status +
                                            "': use draft, in_review, approved, scheduled, published, "
                                            "partially_published, failed, rejected, withdrawn or paused");
    }
    if (filter.from && filter.to && *filter.to <= *filter.from) {
        return Error::Invalid("to", "to must be later than from");
    }
    return db_.Read<registry::Page<PostListItem>>([&](store::Tx& tx) -> Result<registry::Page<PostListItem>> {
        const auto tree = store::LoadOrgTree(tx);
        store::PostQuery q;
        q.status = filter.status;
        q.from = filter.from;
        q.to = filter.to;
        q.page = filter.page;
        q.per_page = filter.per_page;
        if (filter.organisation_id) {
            const long long org = *filter.organisation_id;
            if (!authz_.Can(who, Action::kReadRegistry, org, tree)) {
                return Error::Denied("you have no role on organisation " + std::to_string(org));
            }
            const auto sub = tree.SubtreeOf(org);
            q.organisation_ids = std::vector<long long>(sub.begin(), sub.end());
        } else if (!authz_.CanEverywhere(who, Action::kReadRegistry, tree)) {
            const auto scope = authz_.Scope(who, Action::kReadRegistry, tree);
            q.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
        }
        auto posts = store::ListPosts(tx, q);
        std::vector<long long> ids;
        for (const auto& p : posts.items) ids.push_back(p.id);
        auto counts = store::CountRenditionsByStatus(tx, ids);
        auto times = store::RenditionTimes(tx, ids);
        registry::Page<PostListItem> out;
        out.page = posts.page;
        out.per_page = posts.per_page;
        out.total = posts.total;
        for (auto& p : posts.items) {
            const long long id = p.id;
            out.items.push_back(PostListItem{std::move(p), std::move(counts[id]), std::move(times[id])});
        }
        return out;
    });
}

core::Status PublishingService::ReadyToSchedule(store::Tx& tx, const Principal& who, Post& post,
                                                const security::OrgTree& tree, core::Millis now) {
    const std::string which = "post " + std::to_string(post.id);
    if (post.status == "approved") return core::Ok();
    if (post.status == "draft") {
        // A draft goes on its way only when its policy asks for nothing: no review, no spokesperson,
        // no attestation. Otherwise it is submitted first.
        const auto policy = workflow::EffectivePolicy(tx, tree, post.organisation_id);
        const auto evaluation = workflow::EvaluatePost(tx, policy, post, !policy.require_attestation, now);
        const auto progress = workflow::ReviewProgress(workflow::StateOf(tx, post), evaluation);
        if (policy.require_attestation || evaluation.blocked || !progress.complete) {
            std::string why = policy.require_attestation ? "the on-the-record attestation" : "";
            if (progress.peer_reviews_required > 0) {
                why += std::string(why.empty() ? "" : " and ") + std::to_string(progress.peer_reviews_required) +
                       " peer review" + (progress.peer_reviews_required > 1 ? "s" : "");
            }
            if (progress.spokesperson_required) why += std::string(why.empty() ? "" : " and ") + "the spokesperson";
            if (why.empty()) why = "a change: a policy rule blocks it";
            return Error::Conflict(which + " is a draft and needs " + why +
                                   " before it can be scheduled: submit it for review (POST /api/v1/posts/" +
                                   std::to_string(post.id) + "/submit)");
        }
        BELFRY_ASSIGN_OR_RETURN(t, workflow::ApplySubmit(tx, authz_, who, post, tree, false, "", now));
        if (t.state.status != "approved") return Error::Conflict(which + " " + t.summary);
        return core::Ok();
    }
    if (post.status == "in_review") {
        return Error::Conflict(which + " is still in review: it can be scheduled once it is approved");
    }
    return Error::Conflict(which + " is " + post.status + ": only an approved post can be scheduled");
}

Result<PostView> PublishingService::Schedule(const Principal& who, long long id, const ScheduleInput& in) {
    const auto now = clock_.NowMs();
    core::Millis when = now;
    if (in.next_free_slot) {
        if (in.now || in.publish_at || in.local_time) {
            return Error::Invalid("next_free_slot",
                                  "choose one: \"now\", publish_at, local_time or \"next_free_slot\"");
        }
    } else if (!in.now) {
        if (in.publish_at) {
            when = *in.publish_at;
        } else if (in.local_time) {
            BELFRY_ASSIGN_OR_RETURN(utc, LocalToUtc(*in.local_time, in.time_zone));
            when = utc;
        } else {
            return Error::Invalid("publish_at",
                                  "say when: \"now\": true, publish_at (UTC), local_time with time_zone, or "
                                  "\"next_free_slot\": true");
        }
        if (when < now - core::kMinuteMs)
            return Error::Invalid("publish_at", "the time is in the past: pick a later one");
    }
    return db_.Transact<PostView>([&](store::Tx& tx) -> Result<PostView> {
        auto p = store::GetPost(tx, id);
        if (!p) return Error::NotFound("post " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, p->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not schedule posts of organisation " +
                                 std::to_string(p->organisation_id));
        }
        if (p->channel_ids.empty()) return Error::Invalid("channel_ids", "choose at least one channel first");
        BELFRY_TRY(CheckTargets(tx, tree, p->organisation_id, p->channel_ids));
        // Crisis mode: nothing is scheduled in a sub-tree while a crisis covers it.
        BELFRY_TRY(crisis::CheckNotInCrisis(tx, tree, p->id, p->organisation_id, p->channel_ids));
        const auto channels = store::LoadTargetChannels(tx, p->channel_ids);
        const auto plan = PlanRenditions(*p, channels);
        BELFRY_TRY(PlanProblems(plan, "the post cannot go out as it is:"));
        BELFRY_TRY(ReadyToSchedule(tx, who, *p, tree, now));
        // When each channel's renditions go: one time for all, or each channel's next free slot.
        std::map<long long, core::Millis> at;
        if (in.next_free_slot) {
            Error e = Error::Invalid("next_free_slot", "some channels have no posting schedule:");
            e.details.clear();
            for (const auto& ch : channels) {
                store::LockChannelForScheduling(tx, ch.id);
                const auto schedule = store::GetPostingSchedule(tx, ch.id);
                if (schedule.slots.empty()) {
                    e.details.push_back({"next_free_slot",
                                         "channel '" + ch.display_name + "' (id " + std::to_string(ch.id) +
                                             ") has no posting schedule: set its slots on the channel's page, or "
                                             "pick a time for this post",
                                         ch.id});
                    continue;
                }
                BELFRY_ASSIGN_OR_RETURN(slot, NextFreeSlot(schedule, now, store::OccupiedTimes(tx, ch.id, now)));
                at[ch.id] = slot;
            }
            if (!e.details.empty()) {
                for (const auto& d : e.details) e.message += " " + d.message + ";";
                return e;
            }
        }
        const std::string before = PostAudit(*p);
        const core::Millis first = StoreRenditions(
            tx, *p, plan, [&](long long channel) { return in.next_free_slot ? at.at(channel) : when; }, now);
        p->status = "scheduled";
        p->publish_at = first;
        p->time_zone = in.time_zone;
        p->updated_at = now;
        store::UpdatePost(tx, *p);
        Audit(tx, who, "post.schedule", *p, before, now);
        return View(tx, who, tree, *p);
    });
}

core::Status PlanProblems(const RenditionPlan& plan, const std::string& intro) {
    if (plan.ok()) return core::Ok();
    Error e = Error::Invalid("renditions", intro);
    e.details.clear();
    for (const auto& problem : plan.problems) e.details.push_back({problem.field, problem.message, problem.channel_id});
    for (const auto& r : plan.renditions) {
        for (std::size_t i = 0; i < r.check.problems.size(); ++i) {
            e.details.push_back({r.check.problem_fields[i], r.check.problems[i], r.channel_id});
        }
    }
    for (const auto& d : e.details) e.message += " " + d.message + ";";
    return e;
}

core::Millis StoreRenditions(store::Tx& tx, const Post& post, const RenditionPlan& plan,
                             const std::function<core::Millis(long long)>& due_at, core::Millis now) {
    std::optional<core::Millis> first;
    for (const auto& planned : plan.renditions) {
        const core::Millis due = due_at(planned.channel_id);
        first = first ? std::min(*first, due) : due;
        Rendition r;
        r.post_id = post.id;
        r.channel_id = planned.channel_id;
        r.languages = planned.languages;
        r.text = planned.text;
        r.status = "scheduled";
        r.idempotency_key = "bfy-" + std::to_string(post.id) + "-" + std::to_string(planned.channel_id) + "-" +
                            security::RandomToken(12);
        r.publish_at = due;
        r.created_at = r.updated_at = now;
        r.id = store::InsertRendition(tx, r);
        store::EnqueueJob(tx, "publish", r.id, due, now);
    }
    return first.value_or(now);
}

core::Status UnscheduleRenditions(store::Tx& tx, long long post_id, core::Millis now) {
    const auto renditions = store::ListRenditions(tx, post_id);
    for (const auto& r : renditions) {
        if (r.status == "publishing" || r.status == "unconfirmed" || r.status == "published" ||
            r.status == "deleting" || r.status == "deleted" || r.status == "editing") {
            return Error::Conflict("post " + std::to_string(post_id) +
                                   " is already going out on some channels: it can no longer be taken back; "
                                   "delete what was published instead");
        }
    }
    for (auto r : renditions) {
        if (r.status != "scheduled") continue;
        store::CancelJobs(tx, "publish", r.id, now);
        r.status = "cancelled";
        r.updated_at = now;
        store::UpdateRendition(tx, r);
    }
    return core::Ok();
}

Result<PostView> PublishingService::Cancel(const Principal& who, long long id) {
    return db_.Transact<PostView>([&](store::Tx& tx) -> Result<PostView> {
        auto p = store::GetPost(tx, id);
        if (!p) return Error::NotFound("post " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, p->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not cancel posts of organisation " +
                                 std::to_string(p->organisation_id));
        }
        if (p->status != "scheduled")
            return Error::Conflict("only a scheduled post can be cancelled (it is " + p->status + ")");
        const auto now = clock_.NowMs();
        const std::string before = PostAudit(*p);
        BELFRY_TRY(UnscheduleRenditions(tx, id, now));
        // Its approval still holds: the same version can be scheduled again.
        p->status = "approved";
        p->publish_at.reset();
        p->updated_at = now;
        store::UpdatePost(tx, *p);
        Audit(tx, who, "post.cancel", *p, before, now);
        return View(tx, who, tree, *p);
    });
}

namespace {

std::string RenditionAudit(const Rendition& r, const std::optional<std::string>& requested_text = std::nullopt) {
    boost::json::object o{{"id", r.id},
                          {"post_id", r.post_id},
                          {"channel_id", r.channel_id},
                          {"status", r.status},
                          {"text", r.text},
                          {"remote_id", r.remote_id ? boost::json::value(*r.remote_id) : nullptr},
                          {"remote_url", r.remote_url ? boost::json::value(*r.remote_url) : nullptr}};
    if (requested_text) o["requested_text"] = *requested_text;
    return boost::json::serialize(o);
}

// The post and one of its renditions, for a change by `who` (the DraftPost permission, like scheduling).
struct Target {
    Post post;
    Rendition rendition;
    registry::Channel channel;
};

Result<Target> LoadTarget(store::Tx& tx, const security::Authorizer& authz, const Principal& who, long long post_id,
                          long long rendition_id, const char* verb) {
    auto p = store::GetPost(tx, post_id);
    if (!p) return Error::NotFound("post " + std::to_string(post_id) + " does not exist");
    const auto tree = store::LoadOrgTree(tx);
    if (!authz.Can(who, Action::kDraftPost, p->organisation_id, tree)) {
        return Error::Denied("'" + who.username + "' may not " + verb + " posts of organisation " +
                             std::to_string(p->organisation_id) + ": an editor role there is needed");
    }
    auto r = store::GetRendition(tx, rendition_id);
    if (!r || r->post_id != post_id) {
        return Error::NotFound("post " + std::to_string(post_id) + " has no rendition " + std::to_string(rendition_id));
    }
    auto channel = store::GetChannel(tx, r->channel_id);
    if (!channel) return Error::NotFound("the channel of rendition " + std::to_string(rendition_id) + " is gone");
    return Target{std::move(*p), std::move(*r), std::move(*channel)};
}

// Only a published rendition can be deleted or edited: why this one cannot.
core::Status CheckPublished(const Rendition& r, const std::string& verb) {
    const std::string which = "rendition " + std::to_string(r.id);
    if (r.status == "published") return core::Ok();
    if (r.status == "deleting") return Error::Conflict(which + " is being deleted from its network already");
    if (r.status == "deleted") {
        return Error::Conflict(which + " was deleted from its network: there is nothing left to " + verb +
                               " (its record stays)");
    }
    if (r.status == "editing") {
        return Error::Conflict(which + " has an edit on its way to the network: wait until it is done, then " + verb +
                               " it");
    }
    if (r.status == "scheduled") {
        return Error::Conflict(which + " is not published yet (scheduled): cancel the post or change it instead");
    }
    return Error::Conflict(which + " is " + r.status + ", not published: only a published post can be " +
                           (verb == "edit" ? std::string("edited") : std::string("deleted")) + " on its network");
}

// Who scheduled the post (the "post.schedule" audit entry the rendition was created with).
std::pair<std::optional<long long>, std::string> ScheduledBy(store::Tx& tx, const Rendition& r) {
    store::AuditQuery q;
    q.object_type = "post";
    q.object_id = std::to_string(r.post_id);
    q.per_page = 200;
    std::pair<std::optional<long long>, std::string> who{std::nullopt, "unknown"};
    core::Millis best = -1;
    for (const auto& e : store::ListAudit(tx, q).items) {
        if (e.action == "post.schedule" && e.at <= r.created_at && e.at > best) {
            best = e.at;
            who = {e.actor_id, e.actor_name};
        }
    }
    return who;
}

}  // namespace

Result<PostView> PublishingService::RetryRendition(const Principal& who, long long post_id, long long rendition_id) {
    return db_.Transact<PostView>([&](store::Tx& tx) -> Result<PostView> {
        auto p = store::GetPost(tx, post_id);
        if (!p) return Error::NotFound("post " + std::to_string(post_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, p->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not retry posts of organisation " +
                                 std::to_string(p->organisation_id));
        }
        auto r = store::GetRendition(tx, rendition_id);
        if (!r || r->post_id != post_id) {
            return Error::NotFound("post " + std::to_string(post_id) + " has no rendition " +
                                   std::to_string(rendition_id));
        }
        if (r->status != "failed") {
            std::string why = r->status == "published" ? "it is already published"
                              : r->status == "scheduled" || r->status == "publishing" || r->status == "unconfirmed"
                                  ? "it is still under way"
                                  : "it is " + r->status;
            return Error::Conflict("only a failed rendition can be retried: rendition " + std::to_string(rendition_id) +
                                   " is " + r->status + " (" + why + ")");
        }
        // Crisis mode: no retry in a sub-tree while a crisis covers it (crisis messages excepted).
        BELFRY_TRY(crisis::CheckNotInCrisis(tx, tree, p->id, p->organisation_id, {r->channel_id}));
        const auto now = clock_.NowMs();
        const std::string before = PostAudit(*p);
        auto e = store::AuditEventBy(who, "rendition.retry", "rendition", r->id, p->organisation_id);
        e.before_json = boost::json::serialize(boost::json::object{
            {"post_id", p->id},
            {"channel_id", r->channel_id},
            {"status", r->status},
            {"attempts", r->attempts},
            {"network_message", r->network_message ? boost::json::value(*r->network_message) : nullptr},
            {"explanation", r->explanation ? boost::json::value(*r->explanation) : nullptr}});
        // Same idempotency key: a network that did take an earlier attempt answers with that post.
        r->status = "scheduled";
        r->publish_at = now;
        r->attempts = 0;  // a new round of attempts (the audit entry keeps the earlier count)
        r->network_message.reset();
        r->explanation.reset();
        r->updated_at = now;
        store::UpdateRendition(tx, *r);
        store::EnqueueJob(tx, "publish", r->id, now, now);
        e.after_json = boost::json::serialize(boost::json::object{{"post_id", p->id},
                                                                  {"channel_id", r->channel_id},
                                                                  {"status", r->status},
                                                                  {"idempotency_key", r->idempotency_key},
                                                                  {"publish_at", core::FormatRfc3339(now)}});
        store::AppendAudit(tx, e, now);
        // The post is under way again until this rendition settles.
        if (p->status != "scheduled") {
            p->status = "scheduled";
            p->updated_at = now;
            store::UpdatePost(tx, *p);
            Audit(tx, who, "post.retry", *p, before, now);
        }
        return View(tx, who, tree, *p);
    });
}

namespace {

std::string ScheduleAudit(const PostingSchedule& s) {
    boost::json::array slots;
    for (const auto& slot : s.slots) {
        slots.push_back(
            boost::json::object{{"weekday", WeekdayName(slot.weekday)}, {"time", FormatTimeOfDay(slot.minute_of_day)}});
    }
    return boost::json::serialize(boost::json::object{{"time_zone", s.time_zone}, {"slots", slots}});
}

}  // namespace

Result<RenditionView> PublishingService::DeleteRendition(const Principal& who, long long post_id,
                                                         long long rendition_id) {
    return db_.Transact<RenditionView>([&](store::Tx& tx) -> Result<RenditionView> {
        BELFRY_ASSIGN_OR_RETURN(t, LoadTarget(tx, authz_, who, post_id, rendition_id, "delete"));
        BELFRY_TRY(CheckPublished(t.rendition, "delete"));
        const auto now = clock_.NowMs();
        const std::string before = RenditionAudit(t.rendition);
        Rendition& r = t.rendition;
        r.status = "deleting";
        r.explanation = "removal from " + std::string(core::NetworkDisplayName(t.channel.network)) + " requested";
        r.updated_at = now;
        store::UpdateRendition(tx, r);
        store::EnqueueJob(tx, "delete", r.id, now, now);
        auto e = store::AuditEventBy(who, "rendition.delete", "rendition", r.id, t.post.organisation_id);
        e.before_json = before;
        e.after_json = RenditionAudit(r);
        store::AppendAudit(tx, e, now);
        return RenditionView{r, store::ListRevisions(tx, r.id)};
    });
}

Result<RenditionView> PublishingService::EditRendition(const Principal& who, long long post_id, long long rendition_id,
                                                       const std::string& text) {
    if (text.size() > kMaxVariantBytes) return Error::Invalid("text", "the text is too long (at most 70,000 bytes)");
    if (!core::IsValidUtf8(text)) return Error::Invalid("text", "the text is not valid UTF-8");
    return db_.Transact<RenditionView>([&](store::Tx& tx) -> Result<RenditionView> {
        BELFRY_ASSIGN_OR_RETURN(t, LoadTarget(tx, authz_, who, post_id, rendition_id, "edit"));
        const auto network = t.channel.network;
        const std::string name(core::NetworkDisplayName(network));
        if (!LimitsFor(network).editable) {
            return Error::Conflict(name + " does not allow editing a published post: delete it and publish again");
        }
        BELFRY_TRY(CheckPublished(t.rendition, "edit"));
        if (text == t.rendition.text) {
            return Error::Invalid("text", "the text is the same as the published one: change it first");
        }
        // The network's rules, as for scheduling.
        const auto settings = store::GetChannelPublishing(tx, t.channel.id);
        const int limit = settings && settings->text_limit ? static_cast<int>(*settings->text_limit) : 0;
        const RuleCheck check = CheckRendition(network, text, {}, limit);
        if (!check.ok) {
            Error e = Error::Invalid("text", "the new text cannot go out on " + name + ":");
            e.details.clear();
            for (const auto& problem : check.problems) {
                e.details.push_back({"text", problem});
                e.message += " " + problem + ";";
            }
            return e;
        }
        const auto now = clock_.NowMs();
        Rendition& r = t.rendition;
        const std::string before = RenditionAudit(r);
        // The first edit also records the text first published, with who scheduled it.
        if (store::ListRevisions(tx, r.id).empty()) {
            RenditionRevision original;
            original.rendition_id = r.id;
            original.text = r.text;
            original.status = "live";
            std::tie(original.requested_by, original.requested_by_name) = ScheduledBy(tx, r);
            original.requested_at = r.created_at;
            original.live_at = r.published_at;
            store::InsertRevision(tx, original);
        }
        RenditionRevision pending;
        pending.rendition_id = r.id;
        pending.text = text;
        pending.status = "pending";
        if (who.user_id != 0) pending.requested_by = who.user_id;
        pending.requested_by_name = who.username;
        pending.requested_at = now;
        store::InsertRevision(tx, pending);
        r.status = "editing";
        r.explanation = "edit on " + name + " requested";
        r.updated_at = now;
        store::UpdateRendition(tx, r);
        store::EnqueueJob(tx, "edit", r.id, now, now);
        auto e = store::AuditEventBy(who, "rendition.edit", "rendition", r.id, t.post.organisation_id);
        e.before_json = before;
        e.after_json = RenditionAudit(r, text);
        store::AppendAudit(tx, e, now);
        return RenditionView{r, store::ListRevisions(tx, r.id)};
    });
}

Result<MediaRecord> PublishingService::UploadMedia(const Principal& who, const MediaUpload& in) {
    BELFRY_ASSIGN_OR_RETURN(info, CheckUpload(in.bytes, in.content_type, media_max_bytes_));
    BELFRY_ASSIGN_OR_RETURN(file_name, CleanFileName(in.file_name));
    MediaRecord m;
    m.organisation_id = in.organisation_id;
    m.sha256 = security::Sha256Hex(in.bytes);
    m.mime_type = info.mime_type;
    m.bytes = static_cast<long long>(in.bytes.size());
    m.width = info.width;
    m.height = info.height;
    m.file_name = file_name;
    if (who.user_id != 0) m.created_by = who.user_id;
    return db_.Transact<MediaRecord>([&](store::Tx& tx) -> Result<MediaRecord> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kDraftPost, in.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not upload images for organisation " +
                                 std::to_string(in.organisation_id) + ": an editor role there is needed");
        }
        MediaRecord stored = m;
        stored.created_at = clock_.NowMs();
        stored.id = store::InsertMedia(tx, stored, in.bytes);
        auto e = store::AuditEventBy(who, "media.upload", "media", stored.id, stored.organisation_id);
        e.after_json = MediaAudit(stored);
        store::AppendAudit(tx, e, stored.created_at);
        return stored;
    });
}

Result<MediaRecord> PublishingService::GetMedia(const Principal& who, long long id) {
    return db_.Read<MediaRecord>([&](store::Tx& tx) -> Result<MediaRecord> {
        auto m = store::GetMedia(tx, id);
        if (!m) return Error::NotFound("image " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kReadRegistry, m->organisation_id, tree)) {
            return Error::Denied("you have no role on the organisation of image " + std::to_string(id));
        }
        return *m;
    });
}

Result<MediaContent> PublishingService::GetMediaContent(const Principal& who, long long id) {
    BELFRY_ASSIGN_OR_RETURN(record, GetMedia(who, id));
    return db_.Read<MediaContent>([&](store::Tx& tx) -> Result<MediaContent> {
        auto bytes = store::GetMediaContent(tx, id);
        if (!bytes) return Error::Internal("the stored bytes of image " + std::to_string(id) + " cannot be read");
        return MediaContent{record, std::move(*bytes)};
    });
}

Result<ChannelSchedule> PublishingService::GetSchedule(const Principal& who, long long channel_id) {
    return db_.Read<ChannelSchedule>([&](store::Tx& tx) -> Result<ChannelSchedule> {
        auto channel = store::GetChannel(tx, channel_id);
        if (!channel) return Error::NotFound("channel " + std::to_string(channel_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kReadRegistry, channel->organisation_id, tree)) {
            return Error::Denied("you have no role on the organisation of channel " + std::to_string(channel_id));
        }
        ChannelSchedule out;
        out.channel_id = channel_id;
        out.schedule = store::GetPostingSchedule(tx, channel_id);
        const auto now = clock_.NowMs();
        if (!out.schedule.slots.empty()) {
            auto next = NextFreeSlot(out.schedule, now, store::OccupiedTimes(tx, channel_id, now));
            if (next.ok()) out.next_free_slot = next.value();
        }
        return out;
    });
}

Result<ChannelSchedule> PublishingService::SetSchedule(const Principal& who, long long channel_id,
                                                       PostingSchedule schedule) {
    BELFRY_TRY(CheckSchedule(schedule));
    return db_.Transact<ChannelSchedule>([&](store::Tx& tx) -> Result<ChannelSchedule> {
        auto channel = store::GetChannel(tx, channel_id);
        if (!channel) return Error::NotFound("channel " + std::to_string(channel_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, channel->organisation_id, tree)) {
            return Error::Denied("'" + who.username +
                                 "' may not change this channel's posting schedule: an administrator or editor "
                                 "role on its organisation is needed");
        }
        const auto before = store::GetPostingSchedule(tx, channel_id);
        store::PutPostingSchedule(tx, channel_id, schedule);
        const auto now = clock_.NowMs();
        auto e = store::AuditEventBy(who, "channel.schedule", "channel", channel_id, channel->organisation_id);
        e.before_json = ScheduleAudit(before);
        e.after_json = ScheduleAudit(schedule);
        store::AppendAudit(tx, e, now);
        ChannelSchedule out;
        out.channel_id = channel_id;
        out.schedule = schedule;
        if (!schedule.slots.empty()) {
            auto next = NextFreeSlot(schedule, now, store::OccupiedTimes(tx, channel_id, now));
            if (next.ok()) out.next_free_slot = next.value();
        }
        return out;
    });
}

Result<ChannelConnection> PublishingService::ConnectChannel(const Principal& who, long long channel_id,
                                                            const ConnectionInput& in) {
    if (!(core::StartsWith(in.api_base_url, "https://") || core::StartsWith(in.api_base_url, "http://"))) {
        return Error::Invalid("api_base_url", "api_base_url must be an http(s) URL");
    }
    if (in.bilingual_mode && *in.bilingual_mode != "combined" && *in.bilingual_mode != "twin") {
        return Error::Invalid("bilingual_mode", "bilingual_mode is combined or twin");
    }
    return db_.Transact<ChannelConnection>([&](store::Tx& tx) -> Result<ChannelConnection> {
        auto channel = store::GetChannel(tx, channel_id);
        if (!channel) return Error::NotFound("channel " + std::to_string(channel_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageRegistry, channel->organisation_id, tree)) {
            return Error::Denied("only an administrator of the channel's organisation may connect it");
        }
        auto settings = store::GetChannelPublishing(tx, channel_id).value_or(store::ChannelPublishing{"combined"});
        settings.api_base_url = in.api_base_url;
        if (in.bilingual_mode) settings.bilingual_mode = *in.bilingual_mode;
        if (in.text_limit) settings.text_limit = *in.text_limit;
        store::UpdateChannelPublishing(tx, channel_id, settings);
        const auto now = clock_.NowMs();
        store::PutCredentials(tx, channel_id, vault_.Seal(in.credentials), now);
        auto e = store::AuditEventBy(who, "channel.connect", "channel", channel_id, channel->organisation_id);
        e.after_json = boost::json::serialize(boost::json::object{{"api_base_url", in.api_base_url},
                                                                  {"bilingual_mode", settings.bilingual_mode},
                                                                  {"credentials", "(sealed)"}});
        store::AppendAudit(tx, e, now);
        return ChannelConnection{channel_id, in.api_base_url, settings.bilingual_mode, settings.text_limit};
    });
}

}  // namespace belfry::publishing
