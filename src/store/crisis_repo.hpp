// SQL for crisis mode: crises, the renditions they paused (or could not), alert templates and the
// messages sent. Runs inside the caller's Tx; throws soci exceptions on database failure.
//
// Concurrency (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway): opening a
// crisis locks the rows of its organisation and ancestors FOR UPDATE, scheduling locks those of the
// post's and channels' organisations FOR SHARE (LockOrganisations), so a post is either scheduled
// before the crisis opens (and paused by it) or refused. Pausing locks the renditions' publish jobs
// first (LockPublishJobs): the publisher skips locked jobs, so it cannot claim a rendition while it
// is being paused; PauseRendition only changes a rendition still `scheduled`.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crisis/model.hpp"
#include "registry/model.hpp"
#include "store/database.hpp"

namespace belfry::store {

void LockOrganisations(Tx& tx, const std::set<long long>& ids, bool exclusive);

// ---- crises
long long InsertCrisis(Tx& tx, const crisis::Crisis& c);
void UpdateCrisis(Tx& tx, const crisis::Crisis& c);
// FOR UPDATE on PostgreSQL: closing and sending take turns on one crisis.
std::optional<crisis::Crisis> GetCrisis(Tx& tx, long long id, bool lock = false);
std::vector<crisis::Crisis> ListOpenCrises(Tx& tx);
struct CrisisQuery {
    std::optional<std::vector<long long>> organisation_ids;  // nullopt: all
    std::optional<std::string> status;
    int page = 1;
    int per_page = 50;
};
registry::Page<crisis::Crisis> ListCrises(Tx& tx, const CrisisQuery& q);
// crisis id → {renditions paused, of which still paused, messages}.
struct CrisisCounts {
    long long paused = 0;
    long long waiting = 0;
    long long messages = 0;
};
std::map<long long, CrisisCounts> CountCrisisParts(Tx& tx, const std::vector<long long>& crisis_ids);

// ---- pausing
// A rendition of a post of the organisations (or going to one of their channels) that is scheduled,
// publishing or unconfirmed; crisis messages left out (they go out whatever happens).
struct RenditionToPause {
    long long rendition_id = 0;
    long long post_id = 0;
    long long channel_id = 0;
    std::string channel_name;
    std::string status;
    std::optional<core::Millis> publish_at;
};
std::vector<RenditionToPause> FindRenditionsToPause(Tx& tx, const std::set<long long>& organisation_ids);
void LockPublishJobs(Tx& tx, const std::vector<long long>& rendition_ids);
// The rendition's status now (fresh, after the locks).
std::map<long long, std::string> RenditionStatuses(Tx& tx, const std::vector<long long>& rendition_ids);
// scheduled → paused; false when the rendition is no longer scheduled.
bool PauseRendition(Tx& tx, long long rendition_id, core::Millis now);
void InsertPaused(Tx& tx, const crisis::PausedRendition& p);
void UpdatePaused(Tx& tx, const crisis::PausedRendition& p);
std::vector<crisis::PausedRendition> ListPaused(Tx& tx, long long crisis_id);
void InsertNotPaused(Tx& tx, const crisis::NotPausedRendition& n);
std::vector<crisis::NotPausedRendition> ListNotPaused(Tx& tx, long long crisis_id);
// Sets a paused post's status without touching its version, variants or targets.
void SetPostStatus(Tx& tx, long long post_id, const std::string& status, std::optional<core::Millis> publish_at,
                   core::Millis now);

// ---- templates
long long InsertTemplate(Tx& tx, const crisis::Template& t);
void UpdateTemplate(Tx& tx, const crisis::Template& t);
std::optional<crisis::Template> GetTemplate(Tx& tx, long long id);
// Templates of these organisations (nullopt: all), by name.
std::vector<crisis::Template> ListTemplates(Tx& tx, const std::optional<std::set<long long>>& organisation_ids);

// ---- messages
long long InsertMessage(Tx& tx, const crisis::Message& m);
std::vector<crisis::Message> ListMessages(Tx& tx, long long crisis_id);
bool IsCrisisMessage(Tx& tx, long long post_id);
// The renditions of these posts with their channel, by post then id.
std::vector<crisis::MessageRendition> ListMessageRenditions(Tx& tx, const std::vector<long long>& post_ids);

// The display name of a user ("" when unknown).
std::string UserDisplayName(Tx& tx, long long user_id);

}  // namespace belfry::store
