#include "crisis/crisis_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <set>
#include <utility>

#include "core/text.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/renditions.hpp"
#include "store/audit_repo.hpp"
#include "store/crisis_repo.hpp"
#include "store/job_repo.hpp"
#include "store/names.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"
#include "store/workflow_repo.hpp"
#include "workflow/workflow_service.hpp"

namespace belfry::crisis {

namespace json = boost::json;
using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace {

// Joins the parts into one string (one allocation).
std::string Cat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts) n += p.size();
    std::string out;
    out.reserve(n);
    for (auto p : parts) out.append(p);
    return out;
}

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxReason = 2000;
constexpr std::size_t kMaxChannelsPerMessage = 1000;

using store::ActorId;
using store::ActorName;
std::string OrgName(store::Tx& tx, long long id) { return store::OrganisationName(tx, id); }

// The organisations the caller may read, plus their ancestors (a crisis or template of an ancestor
// concerns them); nullopt: all of them.
std::optional<std::set<long long>> VisibleOrgs(const security::Authorizer& authz, const Principal& who,
                                               const security::OrgTree& tree) {
    if (authz.CanEverywhere(who, Action::kReadRegistry, tree)) return std::nullopt;
    std::set<long long> out;
    for (long long org : authz.Scope(who, Action::kReadRegistry, tree)) {
        for (long long a : tree.AncestorsAndSelf(org)) out.insert(a);
    }
    return out;
}

bool Visible(const std::optional<std::set<long long>>& visible, long long org) {
    return !visible || visible->count(org) > 0;
}

std::string Since(const Crisis& c) { return core::FormatRfc3339(c.opened_at); }

json::value OptTime(const std::optional<core::Millis>& t) {
    return t ? json::value(core::FormatRfc3339(*t)) : json::value(nullptr);
}

std::string CrisisAudit(const Crisis& c) {
    return json::serialize(json::object{{"id", c.id},
                                        {"organisation_id", c.organisation_id},
                                        {"title", c.title},
                                        {"reason", c.reason},
                                        {"status", c.status},
                                        {"opened_at", core::FormatRfc3339(c.opened_at)},
                                        {"closed_at", OptTime(c.closed_at)}});
}

std::string TemplateAudit(const Template& t) {
    json::object variants;
    for (const auto& [lang, text] : t.variants) variants[lang] = text;
    return json::serialize(json::object{
        {"id", t.id},
        {"organisation_id", t.organisation_id},
        {"name", t.name},
        {"variants", variants},
        {"version", t.version},
        {"approved_version", t.approved_version ? json::value(*t.approved_version) : json::value(nullptr)},
        {"approved_by", t.approved_by ? json::value(*t.approved_by) : json::value(nullptr)},
        {"approved_by_name", t.approved_version ? json::value(t.approved_by_name) : json::value(nullptr)}});
}

json::object FieldsJson(const Fields& fields) {
    json::object out;
    for (const auto& [name, value] : fields) {
        if (value.per_language.empty()) {
            out[name] = value.all.value_or("");
            continue;
        }
        json::object per;
        if (value.all) per["all"] = *value.all;
        for (const auto& [lang, text] : value.per_language) per[lang] = text;
        out[name] = per;
    }
    return out;
}

void AuditPost(store::Tx& tx, const Principal& who, const std::string& action, const publishing::Post& p,
               const json::object& extra, core::Millis now) {
    json::object variants;
    for (const auto& [lang, text] : p.variants) variants[lang] = text;
    json::array channels;
    for (long long ch : p.channel_ids) channels.push_back(ch);
    json::object after{{"id", p.id},
                       {"organisation_id", p.organisation_id},
                       {"content_type", p.content_type},
                       {"status", p.status},
                       {"variants", variants},
                       {"channel_ids", channels},
                       {"version", p.version},
                       {"publish_at", OptTime(p.publish_at)}};
    for (const auto& [k, v] : extra) after[k] = v;
    auto e = store::AuditEventBy(who, action, "post", p.id, p.organisation_id);
    e.after_json = json::serialize(after);
    store::AppendAudit(tx, e, now);
}

// The earliest time of the post's renditions still to go out.
std::optional<core::Millis> NextTime(store::Tx& tx, long long post_id) {
    std::optional<core::Millis> out;
    for (const auto& r : store::ListRenditions(tx, post_id)) {
        if (r.status != "scheduled" || !r.publish_at) continue;
        out = out ? std::min(*out, *r.publish_at) : *r.publish_at;
    }
    return out;
}

core::Status CheckText(const std::string& field, const std::string& value, std::size_t max, const std::string& what) {
    if (core::Trim(value).empty()) return Error::Invalid(field, field + " is required: " + what);
    if (value.size() > max) {
        return Error::Invalid(field, field + " is too long: at most " + std::to_string(max) + " bytes");
    }
    if (!core::IsValidUtf8(value)) return Error::Invalid(field, field + " is not valid UTF-8");
    return core::Ok();
}

}  // namespace

core::Status CheckNotInCrisis(store::Tx& tx, const security::OrgTree& tree, long long post_id,
                              long long organisation_id, const std::vector<long long>& channel_ids) {
    std::set<long long> orgs;
    for (long long a : tree.AncestorsAndSelf(organisation_id)) orgs.insert(a);
    std::vector<std::pair<registry::Channel, std::vector<long long>>> channels;
    for (long long id : channel_ids) {
        auto ch = store::GetChannel(tx, id);
        if (!ch) continue;
        auto chain = tree.AncestorsAndSelf(ch->organisation_id);
        orgs.insert(chain.begin(), chain.end());
        channels.emplace_back(std::move(*ch), std::move(chain));
    }
    store::LockOrganisations(tx, orgs, false);
    const auto open = store::ListOpenCrises(tx);
    if (open.empty()) return core::Ok();
    if (post_id != 0 && store::IsCrisisMessage(tx, post_id)) return core::Ok();
    const auto own = tree.AncestorsAndSelf(organisation_id);
    for (const auto& c : open) {
        if (orgs.count(c.organisation_id) == 0) continue;
        std::string message = "a crisis is open for " + OrgName(tx, c.organisation_id) + " since " + Since(c) + " (" +
                              c.title + "): scheduling is paused until it is closed; only crisis messages go out";
        if (std::find(own.begin(), own.end(), c.organisation_id) == own.end()) {
            for (const auto& [ch, chain] : channels) {
                if (std::find(chain.begin(), chain.end(), c.organisation_id) != chain.end()) {
                    message += " (channel '" + ch.display_name + "' lies in its sub-tree: leave it out or wait)";
                    break;
                }
            }
        }
        return Error::Conflict(message);
    }
    return core::Ok();
}

Result<CrisisView> CrisisService::View(store::Tx& tx, const Crisis& c) {
    CrisisView v;
    v.crisis = c;
    v.organisation_name = OrgName(tx, c.organisation_id);
    v.now = clock_.NowMs();
    v.paused = store::ListPaused(tx, c.id);
    v.not_paused = store::ListNotPaused(tx, c.id);
    const auto messages = store::ListMessages(tx, c.id);
    std::vector<long long> posts;
    posts.reserve(messages.size());
    for (const auto& m : messages) posts.push_back(m.post_id);
    std::map<long long, std::vector<MessageRendition>> by_post;
    for (auto& r : store::ListMessageRenditions(tx, posts)) by_post[r.post_id].push_back(std::move(r));
    for (const auto& m : messages) {
        MessageView mv;
        mv.message = m;
        mv.renditions = std::move(by_post[m.post_id]);
        for (const auto& r : mv.renditions) ++mv.counts[r.status];
        v.messages.push_back(std::move(mv));
    }
    v.timeline = BuildTimeline(v);
    return v;
}

Result<CrisisView> CrisisService::Open(const Principal& who, const OpenInput& in) {
    BELFRY_TRY(CheckText("title", in.title, kMaxTitle, "name the crisis, e.g. 'Earthquake in Türkiye'"));
    BELFRY_TRY(CheckText("reason", in.reason, kMaxReason,
                         "say why publishing stops; it is shown with the crisis and kept in the audit trail"));
    return db_.Transact<CrisisView>([&](store::Tx& tx) -> Result<CrisisView> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        const std::string org_name = OrgName(tx, in.organisation_id);
        if (!authz_.Can(who, Action::kManageCrisis, in.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not open a crisis for " + org_name +
                                 ": an administrator or the spokesperson of that organisation (or of one above "
                                 "it) can");
        }
        const auto chain = tree.AncestorsAndSelf(in.organisation_id);
        store::LockOrganisations(tx, std::set<long long>(chain.begin(), chain.end()), true);
        for (const auto& c : store::ListOpenCrises(tx)) {
            const bool above = std::find(chain.begin(), chain.end(), c.organisation_id) != chain.end();
            const auto theirs = tree.AncestorsAndSelf(c.organisation_id);
            const bool below = std::find(theirs.begin(), theirs.end(), in.organisation_id) != theirs.end();
            if (!above && !below) continue;
            const std::string which = "crisis " + std::to_string(c.id) + " (" + c.title + ") is open for " +
                                      OrgName(tx, c.organisation_id) + " since " + Since(c);
            if (above) {
                return Error::Conflict(
                    Cat({which, " and already covers ", org_name, ": send messages through it, or close it first"}));
            }
            constexpr std::string_view kOnlyOne =
                ": only one open crisis may cover an organisation; close it first, then open one for the whole of ";
            return Error::Conflict(Cat({which, ", inside ", org_name, kOnlyOne, org_name}));
        }
        const auto now = clock_.NowMs();
        Crisis c;
        c.organisation_id = in.organisation_id;
        c.title = std::string(core::Trim(in.title));
        c.reason = std::string(core::Trim(in.reason));
        c.status = "open";
        c.opened_by = ActorId(who);
        c.opened_by_name = ActorName(tx, who);
        c.opened_at = now;
        c.id = store::InsertCrisis(tx, c);

        // Pause: lock the jobs of the scheduled ones first, then read their status afresh.
        const auto candidates = store::FindRenditionsToPause(tx, tree.SubtreeOf(in.organisation_id));
        std::vector<long long> scheduled;
        std::vector<long long> all;
        for (const auto& r : candidates) {
            all.push_back(r.rendition_id);
            if (r.status == "scheduled") scheduled.push_back(r.rendition_id);
        }
        store::LockPublishJobs(tx, scheduled);
        const auto statuses = store::RenditionStatuses(tx, all);
        std::map<long long, std::vector<long long>> paused_posts;  // post → its paused renditions
        json::array paused_audit;
        json::array not_paused_audit;
        for (const auto& r : candidates) {
            const auto it = statuses.find(r.rendition_id);
            const std::string status = it == statuses.end() ? "" : it->second;
            if (status == "scheduled" && store::PauseRendition(tx, r.rendition_id, now)) {
                store::CancelJobs(tx, "publish", r.rendition_id, now);
                PausedRendition p;
                p.crisis_id = c.id;
                p.post_id = r.post_id;
                p.rendition_id = r.rendition_id;
                p.original_publish_at = r.publish_at.value_or(now);
                store::InsertPaused(tx, p);
                paused_posts[r.post_id].push_back(r.rendition_id);
                paused_audit.push_back(
                    json::object{{"post_id", r.post_id},
                                 {"rendition_id", r.rendition_id},
                                 {"channel_id", r.channel_id},
                                 {"original_publish_at", core::FormatRfc3339(p.original_publish_at)}});
            } else if (status == "publishing" || status == "unconfirmed") {
                NotPausedRendition n;
                n.crisis_id = c.id;
                n.post_id = r.post_id;
                n.rendition_id = r.rendition_id;
                n.status = status;
                store::InsertNotPaused(tx, n);
                not_paused_audit.push_back(json::object{{"post_id", r.post_id},
                                                        {"rendition_id", r.rendition_id},
                                                        {"channel_id", r.channel_id},
                                                        {"status", status}});
            }
        }
        for (const auto& [post_id, renditions] : paused_posts) {
            auto p = store::GetPost(tx, post_id);
            if (!p) continue;
            const std::string before = p->status;
            store::SetPostStatus(tx, post_id, "paused", p->publish_at, now);
            p->status = "paused";
            json::array ids;
            for (long long id : renditions) ids.push_back(id);
            AuditPost(tx, who, "post.pause", *p,
                      json::object{{"crisis_id", c.id}, {"status_before", before}, {"paused_renditions", ids}}, now);
        }
        auto e = store::AuditEventBy(who, "crisis.open", "crisis", c.id, c.organisation_id);
        auto after = json::parse(CrisisAudit(c)).as_object();
        after["paused"] = paused_audit;
        after["not_paused"] = not_paused_audit;
        e.after_json = json::serialize(after);
        store::AppendAudit(tx, e, now);
        return View(tx, c);
    });
}

Result<registry::Page<CrisisSummary>> CrisisService::List(const Principal& who, const CrisisFilter& filter) {
    if (filter.status && *filter.status != "open" && *filter.status != "closed") {
        return Error::Invalid("status", "status is open or closed (got '" + *filter.status + "')");
    }
    return db_.Read<registry::Page<CrisisSummary>>([&](store::Tx& tx) -> Result<registry::Page<CrisisSummary>> {
        const auto tree = store::LoadOrgTree(tx);
        const auto visible = VisibleOrgs(authz_, who, tree);
        store::CrisisQuery q;
        q.status = filter.status;
        q.page = filter.page;
        q.per_page = filter.per_page;
        if (filter.organisation_id) {
            const long long org = *filter.organisation_id;
            if (!tree.Contains(org) || !Visible(visible, org)) {
                return Error::Denied("you have no role on organisation " + std::to_string(org) +
                                     " nor on one above or below it");
            }
            std::set<long long> ids = tree.SubtreeOf(org);
            for (long long a : tree.AncestorsAndSelf(org)) ids.insert(a);
            std::vector<long long> list;
            for (long long id : ids) {
                if (Visible(visible, id)) list.push_back(id);
            }
            q.organisation_ids = list;
        } else if (visible) {
            q.organisation_ids = std::vector<long long>(visible->begin(), visible->end());
        }
        auto page = store::ListCrises(tx, q);
        std::vector<long long> ids;
        for (const auto& c : page.items) ids.push_back(c.id);
        auto counts = store::CountCrisisParts(tx, ids);
        registry::Page<CrisisSummary> out;
        out.page = page.page;
        out.per_page = page.per_page;
        out.total = page.total;
        for (auto& c : page.items) {
            CrisisSummary s;
            s.organisation_name = OrgName(tx, c.organisation_id);
            const auto& n = counts[c.id];
            s.paused = n.paused;
            s.waiting = n.waiting;
            s.messages = n.messages;
            s.crisis = std::move(c);
            out.items.push_back(std::move(s));
        }
        return out;
    });
}

Result<CrisisView> CrisisService::Get(const Principal& who, long long id) {
    return db_.Read<CrisisView>([&](store::Tx& tx) -> Result<CrisisView> {
        auto c = store::GetCrisis(tx, id);
        if (!c) return Error::NotFound("crisis " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!Visible(VisibleOrgs(authz_, who, tree), c->organisation_id)) {
            return Error::Denied("you have no role on the organisation of crisis " + std::to_string(id) +
                                 " nor on one above or below it");
        }
        return View(tx, *c);
    });
}

Result<CrisisView> CrisisService::Close(const Principal& who, long long id, const std::vector<Decision>& decisions) {
    return db_.Transact<CrisisView>([&](store::Tx& tx) -> Result<CrisisView> {
        auto c = store::GetCrisis(tx, id, true);
        if (!c) return Error::NotFound("crisis " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageCrisis, c->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not close a crisis of " + OrgName(tx, c->organisation_id) +
                                 ": an administrator or the spokesperson of that organisation (or of one above it) "
                                 "can");
        }
        if (c->status != "open") {
            return Error::Conflict("crisis " + std::to_string(id) + " was already closed at " +
                                   core::FormatRfc3339(c->closed_at.value_or(0)) + " by " + c->closed_by_name);
        }
        const auto now = clock_.NowMs();
        const std::string actor = ActorName(tx, who);
        auto all = store::ListPaused(tx, id);
        std::vector<PausedRendition> waiting;
        for (const auto& p : all) {
            if (p.state == "paused" && p.rendition_status == "paused") waiting.push_back(p);
        }
        BELFRY_ASSIGN_OR_RETURN(steps, PlanClose(waiting, decisions, now));
        std::map<long long, json::array> per_post;
        json::array steps_audit;
        for (const auto& s : steps) {
            auto r = store::GetRendition(tx, s.rendition_id);
            if (!r) continue;
            if (s.state == "cancelled") {
                r->status = "cancelled";
            } else {
                r->status = "scheduled";
                r->publish_at = s.publish_at;
                store::EnqueueJob(tx, "publish", r->id, s.publish_at, now);
            }
            r->updated_at = now;
            store::UpdateRendition(tx, *r);
            for (auto& p : waiting) {
                if (p.rendition_id != s.rendition_id) continue;
                p.state = s.state;
                if (s.state != "cancelled") p.new_publish_at = s.publish_at;
                p.decided_at = now;
                p.decided_by_name = actor;
                store::UpdatePaused(tx, p);
            }
            json::object step{{"post_id", s.post_id},
                              {"rendition_id", s.rendition_id},
                              {"channel_id", r->channel_id},
                              {"state", s.state},
                              {"publish_at", s.state == "cancelled" ? json::value(nullptr)
                                                                    : json::value(core::FormatRfc3339(s.publish_at))}};
            per_post[s.post_id].push_back(step);
            steps_audit.push_back(step);
        }
        for (auto& [post_id, post_steps] : per_post) {
            auto p = store::GetPost(tx, post_id);
            if (!p) continue;
            const std::string status = PostStatusAfter(store::CountRenditionsByStatus(tx, post_id));
            std::optional<core::Millis> at = p->publish_at;
            if (status == "scheduled") at = NextTime(tx, post_id).value_or(p->publish_at.value_or(now));
            if (status == "approved") at.reset();
            store::SetPostStatus(tx, post_id, status, at, now);
            p->status = status;
            p->publish_at = at;
            AuditPost(tx, who, "post.resume", *p, json::object{{"crisis_id", id}, {"renditions", post_steps}}, now);
        }
        const std::string before = CrisisAudit(*c);
        c->status = "closed";
        c->closed_by = ActorId(who);
        c->closed_by_name = actor;
        c->closed_at = now;
        store::UpdateCrisis(tx, *c);
        json::array decided;
        for (const auto& d : decisions) {
            decided.push_back(
                json::object{{"post_id", d.post_id}, {"action", d.action}, {"publish_at", OptTime(d.publish_at)}});
        }
        auto e = store::AuditEventBy(who, "crisis.close", "crisis", c->id, c->organisation_id);
        e.before_json = before;
        auto after = json::parse(CrisisAudit(*c)).as_object();
        after["decisions"] = decided;
        after["renditions"] = steps_audit;
        e.after_json = json::serialize(after);
        store::AppendAudit(tx, e, now);
        return View(tx, *c);
    });
}

Result<MessageView> CrisisService::SendMessage(const Principal& who, long long crisis_id, const MessageInput& in) {
    if (in.channel_ids.empty()) {
        return Error::Invalid("channel_ids", "choose at least one channel to send the message to");
    }
    if (in.channel_ids.size() > kMaxChannelsPerMessage) {
        return Error::Invalid("channel_ids",
                              "at most " + std::to_string(kMaxChannelsPerMessage) + " channels per message");
    }
    return db_.Transact<MessageView>([&](store::Tx& tx) -> Result<MessageView> {
        auto c = store::GetCrisis(tx, crisis_id, true);
        if (!c) return Error::NotFound("crisis " + std::to_string(crisis_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        const std::string org_name = OrgName(tx, c->organisation_id);
        if (!authz_.Can(who, Action::kApproveSensitive, c->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not send crisis messages for " + org_name +
                                 ": only the spokesperson of that organisation (or of one above it) can; an "
                                 "administrator opens and closes a crisis but does not speak in it");
        }
        if (c->status != "open") {
            return Error::Conflict("crisis " + std::to_string(crisis_id) + " was closed at " +
                                   core::FormatRfc3339(c->closed_at.value_or(0)) +
                                   ": open a new crisis to send messages");
        }
        auto t = store::GetTemplate(tx, in.template_id);
        if (!t) {
            return Error::Invalid("template_id", "template " + std::to_string(in.template_id) + " does not exist");
        }
        const auto chain = tree.AncestorsAndSelf(c->organisation_id);
        if (std::find(chain.begin(), chain.end(), t->organisation_id) == chain.end()) {
            return Error::Invalid("template_id", "template '" + t->name + "' belongs to " +
                                                     OrgName(tx, t->organisation_id) + ", not to " + org_name +
                                                     " or an organisation above it: choose one of theirs");
        }
        if (!t->approved()) {
            return Error::Conflict("template '" + t->name + "' is at version " + std::to_string(t->version) +
                                   ", which is not approved: the spokesperson must approve version " +
                                   std::to_string(t->version) + " before it is sent");
        }
        BELFRY_ASSIGN_OR_RETURN(variants, FillTemplate(t->variants, in.fields));
        const auto scope = tree.SubtreeOf(c->organisation_id);
        std::set<long long> seen;
        for (long long id : in.channel_ids) {
            if (!seen.insert(id).second) {
                return Error::Invalid("channel_ids", "channel " + std::to_string(id) + " is listed twice");
            }
            auto ch = store::GetChannel(tx, id);
            if (!ch) return Error::Invalid("channel_ids", "channel " + std::to_string(id) + " does not exist");
            if (scope.count(ch->organisation_id) == 0) {
                return Error::Invalid("channel_ids", "channel '" + ch->display_name + "' is not in the sub-tree of " +
                                                         org_name +
                                                         ": a crisis speaks on the channels of its organisation and "
                                                         "the ones below it");
            }
            if (ch->status != "active" && ch->status != "dormant") {
                return Error::Invalid("channel_ids", "channel '" + ch->display_name + "' is " + ch->status +
                                                         ": only active or dormant channels can publish");
            }
        }
        const auto now = clock_.NowMs();
        const std::string actor = ActorName(tx, who);
        publishing::Post p;
        p.organisation_id = c->organisation_id;
        p.content_type = "crisis_information";
        p.status = "scheduled";
        p.variants = variants;
        p.internal_notes = "Crisis message of crisis " + std::to_string(c->id) + " (" + c->title +
                           "), from template '" + t->name + "' version " + std::to_string(t->version) +
                           " approved by " + t->approved_by_name;
        p.channel_ids = in.channel_ids;
        std::sort(p.channel_ids.begin(), p.channel_ids.end());
        p.publish_at = now;
        p.created_by = ActorId(who);
        p.created_at = p.updated_at = now;
        p.id = store::InsertPost(tx, p);
        workflow::RecordVersion(tx, p, who, now);
        // The template's approval stands for the message's: recorded as the spokesperson's.
        if (t->approved_by) store::InsertApproval(tx, p.id, workflow::Approval{*t->approved_by, p.version, true, now});
        const auto plan = publishing::PlanRenditions(p, store::LoadTargetChannels(tx, p.channel_ids));
        BELFRY_TRY(publishing::PlanProblems(plan, "the message cannot go out as it is:"));
        publishing::StoreRenditions(
            tx, p, plan, [&](long long) { return now; }, now);
        Message m;
        m.crisis_id = c->id;
        m.post_id = p.id;
        m.template_id = t->id;
        m.template_version = t->version;
        m.template_name = t->name;
        m.fields_json = json::serialize(FieldsJson(in.fields));
        m.sent_by = ActorId(who);
        m.sent_by_name = actor;
        m.sent_at = now;
        m.id = store::InsertMessage(tx, m);
        const json::object approval{
            {"template_id", t->id},
            {"template_version", t->version},
            {"approved_by", t->approved_by ? json::value(*t->approved_by) : json::value(nullptr)},
            {"approved_by_name", t->approved_by_name},
            {"approved_at", OptTime(t->approved_at)}};
        json::array channels;
        for (long long ch : p.channel_ids) channels.push_back(ch);
        auto e = store::AuditEventBy(who, "crisis.message", "crisis", c->id, c->organisation_id);
        e.after_json = json::serialize(json::object{{"message_id", m.id},
                                                    {"post_id", p.id},
                                                    {"approval", approval},
                                                    {"fields", FieldsJson(in.fields)},
                                                    {"channel_ids", channels}});
        store::AppendAudit(tx, e, now);
        // The post's own history: scheduled at once, approved through the template's approval.
        AuditPost(tx, who, "post.schedule", p, json::object{{"crisis_id", c->id}, {"approval", approval}}, now);
        MessageView out;
        out.message = m;
        out.renditions = store::ListMessageRenditions(tx, {p.id});
        for (const auto& r : out.renditions) ++out.counts[r.status];
        return out;
    });
}

Result<std::vector<TemplateView>> CrisisService::ListTemplates(const Principal& who,
                                                               std::optional<long long> organisation_id) {
    return db_.Read<std::vector<TemplateView>>([&](store::Tx& tx) -> Result<std::vector<TemplateView>> {
        const auto tree = store::LoadOrgTree(tx);
        const auto visible = VisibleOrgs(authz_, who, tree);
        std::optional<std::set<long long>> orgs = visible;
        if (organisation_id) {
            if (!tree.Contains(*organisation_id) || !Visible(visible, *organisation_id)) {
                return Error::Denied("you have no role on organisation " + std::to_string(*organisation_id) +
                                     " nor on one above or below it");
            }
            const auto chain = tree.AncestorsAndSelf(*organisation_id);
            orgs = std::set<long long>(chain.begin(), chain.end());
        }
        std::vector<TemplateView> out;
        for (auto& t : store::ListTemplates(tx, orgs)) {
            const long long org = t.organisation_id;
            out.push_back(TemplateView{std::move(t), OrgName(tx, org)});
        }
        return out;
    });
}

Result<TemplateView> CrisisService::GetTemplate(const Principal& who, long long id) {
    return db_.Read<TemplateView>([&](store::Tx& tx) -> Result<TemplateView> {
        auto t = store::GetTemplate(tx, id);
        if (!t) return Error::NotFound("crisis template " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!Visible(VisibleOrgs(authz_, who, tree), t->organisation_id)) {
            return Error::Denied("you have no role on the organisation of crisis template " + std::to_string(id));
        }
        const long long org = t->organisation_id;
        return TemplateView{std::move(*t), OrgName(tx, org)};
    });
}

Result<TemplateView> CrisisService::CreateTemplate(const Principal& who, const TemplateInput& in) {
    BELFRY_TRY(CheckTemplate(in.name, in.variants));
    return db_.Transact<TemplateView>([&](store::Tx& tx) -> Result<TemplateView> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        const std::string org_name = OrgName(tx, in.organisation_id);
        if (!authz_.Can(who, Action::kManageCrisis, in.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not write crisis templates for " + org_name +
                                 ": an administrator or the spokesperson of that organisation (or of one above it) "
                                 "can");
        }
        const auto now = clock_.NowMs();
        Template t;
        t.organisation_id = in.organisation_id;
        t.name = std::string(core::Trim(in.name));
        t.variants = in.variants;
        t.version = 1;
        t.created_by = ActorId(who);
        t.created_at = t.updated_at = now;
        t.id = store::InsertTemplate(tx, t);
        auto e = store::AuditEventBy(who, "crisis_template.create", "crisis_template", t.id, t.organisation_id);
        e.after_json = TemplateAudit(t);
        store::AppendAudit(tx, e, now);
        return TemplateView{t, org_name};
    });
}

Result<TemplateView> CrisisService::UpdateTemplate(const Principal& who, long long id, const TemplatePatch& patch) {
    return db_.Transact<TemplateView>([&](store::Tx& tx) -> Result<TemplateView> {
        auto t = store::GetTemplate(tx, id);
        if (!t) return Error::NotFound("crisis template " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        const std::string org_name = OrgName(tx, t->organisation_id);
        if (!authz_.Can(who, Action::kManageCrisis, t->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not change crisis templates of " + org_name +
                                 ": an administrator or the spokesperson of that organisation (or of one above it) "
                                 "can");
        }
        Template changed = *t;
        if (patch.name) changed.name = std::string(core::Trim(*patch.name));
        if (patch.variants) changed.variants = *patch.variants;
        BELFRY_TRY(CheckTemplate(changed.name, changed.variants));
        if (changed.name == t->name && changed.variants == t->variants) return TemplateView{*t, org_name};
        const auto now = clock_.NowMs();
        const std::string before = TemplateAudit(*t);
        changed.version = t->version + 1;
        changed.approved_version.reset();
        changed.approved_by.reset();
        changed.approved_by_name.clear();
        changed.approved_at.reset();
        changed.updated_at = now;
        store::UpdateTemplate(tx, changed);
        auto e =
            store::AuditEventBy(who, "crisis_template.update", "crisis_template", changed.id, changed.organisation_id);
        e.before_json = before;
        e.after_json = TemplateAudit(changed);
        store::AppendAudit(tx, e, now);
        return TemplateView{changed, org_name};
    });
}

Result<TemplateView> CrisisService::ApproveTemplate(const Principal& who, long long id, long long version) {
    return db_.Transact<TemplateView>([&](store::Tx& tx) -> Result<TemplateView> {
        auto t = store::GetTemplate(tx, id);
        if (!t) return Error::NotFound("crisis template " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        const std::string org_name = OrgName(tx, t->organisation_id);
        if (!authz_.Can(who, Action::kApproveSensitive, t->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not approve crisis templates of " + org_name +
                                 ": only the spokesperson of that organisation (or of one above it) can");
        }
        if (version != t->version) {
            return Error::Conflict("you approve version " + std::to_string(version) + " but template '" + t->name +
                                   "' is at version " + std::to_string(t->version) +
                                   ": read it again and approve the version you read");
        }
        if (t->approved()) {
            return Error::Conflict("version " + std::to_string(version) + " of template '" + t->name +
                                   "' is already approved (by " + t->approved_by_name + " at " +
                                   core::FormatRfc3339(t->approved_at.value_or(0)) + ")");
        }
        const auto now = clock_.NowMs();
        const std::string before = TemplateAudit(*t);
        t->approved_version = version;
        t->approved_by = ActorId(who);
        t->approved_by_name = ActorName(tx, who);
        t->approved_at = now;
        store::UpdateTemplate(tx, *t);
        auto e = store::AuditEventBy(who, "crisis_template.approve", "crisis_template", t->id, t->organisation_id);
        e.before_json = before;
        e.after_json = TemplateAudit(*t);
        store::AppendAudit(tx, e, now);
        return TemplateView{std::move(*t), org_name};
    });
}

}  // namespace belfry::crisis
