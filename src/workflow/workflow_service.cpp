#include "workflow/workflow_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <set>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "publishing/publishing_service.hpp"
#include "store/audit_repo.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"
#include "store/workflow_repo.hpp"
#include "workflow/policy_json.hpp"

namespace belfry::workflow {

using core::Error;
using core::Result;
using publishing::Post;
using security::Action;
using security::Principal;

namespace {

constexpr std::size_t kMaxCommentBytes = 5000;
constexpr int kQueueLimit = 500;  // posts looked at per queue

bool In(const std::string& status, std::initializer_list<const char*> states) {
    return std::any_of(states.begin(), states.end(), [&](const char* s) { return status == s; });
}

// A channel marked bilingual or trilingual: two or more of the national languages.
std::vector<std::string> NationalLanguages(const std::vector<std::string>& languages) {
    std::vector<std::string> out;
    for (const auto& l : languages) {
        if (l == "fr" || l == "nl" || l == "de") out.push_back(l);
    }
    if (out.size() < 2) out.clear();
    return out;
}

void AuditDecision(store::Tx& tx, const Principal& who, const std::string& action, const Post& post,
                   const std::string& status_before, long long version_before, const std::string& summary,
                   const std::string& comment, core::Millis now) {
    auto e = store::AuditEventBy(who, action, "post", post.id, post.organisation_id);
    e.before_json = boost::json::serialize(boost::json::object{{"status", status_before}, {"version", version_before}});
    boost::json::object after{{"status", post.status}, {"version", post.version}, {"summary", summary}};
    if (!comment.empty()) after["comment"] = comment;
    e.after_json = boost::json::serialize(after);
    store::AppendAudit(tx, e, now);
}

void AddLine(store::Tx& tx, const Principal& who, const Post& post, const std::string& kind, const std::string& body,
             core::Millis now) {
    ReviewComment c;
    c.post_id = post.id;
    c.version = post.version;
    if (who.user_id != 0) c.author_id = who.user_id;
    c.author_name = who.username;
    c.kind = kind;
    c.body = body;
    c.created_at = now;
    store::InsertComment(tx, c);
}

core::Status CheckComment(const std::string& body, bool required) {
    if (body.size() > kMaxCommentBytes) {
        return Error::Invalid("comment", "the comment is too long (at most 5,000 bytes): shorten it");
    }
    if (!core::IsValidUtf8(body)) return Error::Invalid("comment", "the comment is not valid UTF-8");
    if (required && core::Trim(body).empty()) {
        return Error::Invalid("comment", "say what should change: the author reads this comment");
    }
    return core::Ok();
}

Result<Post> LoadPost(store::Tx& tx, long long id) {
    auto p = store::GetPost(tx, id);
    if (!p) return Error::NotFound("post " + std::to_string(id) + " does not exist");
    return *p;
}

}  // namespace

bool CanReadPosts(const security::Authorizer& authz, const Principal& who, long long organisation_id,
                  const security::OrgTree& tree) {
    return authz.Can(who, Action::kReadRegistry, organisation_id, tree) ||
           authz.Can(who, Action::kDraftPost, organisation_id, tree);
}

// ---- Inside a transaction -------------------------------------------------------------------

Policy EffectivePolicy(store::Tx& tx, const security::OrgTree& tree, long long organisation_id) {
    return Resolve(store::LoadPolicyChain(tx, tree, organisation_id));
}

Evaluation EvaluatePost(store::Tx& tx, const security::OrgTree& tree, const Post& post, bool attested,
                        core::Millis now) {
    return EvaluatePost(tx, EffectivePolicy(tx, tree, post.organisation_id), post, attested, now);
}

Evaluation EvaluatePost(store::Tx& tx, const Policy& policy, const Post& post, bool attested, core::Millis now) {
    PostDraft d;
    d.content_type = post.content_type;
    d.tags = post.tags;
    d.variants = post.variants;
    d.variant_created_at = post.variant_created_at;
    d.variant_updated_at = post.variant_updated_at;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const auto& m = post.media[i];
        d.images.push_back(Image{
            m.file_name.empty() ? "image " + std::to_string(i + 1) : m.file_name + " (" + std::to_string(i + 1) + ")",
            m.alt});
    }
    d.attested = attested;
    for (long long id : post.channel_ids) {
        auto c = store::GetChannel(tx, id);
        if (!c) continue;
        auto langs = NationalLanguages(c->languages);
        if (!langs.empty()) d.channel_languages[c->display_name] = std::move(langs);
    }
    d.now = now;
    return Evaluate(policy, d);
}

Actor ActorFor(const security::Authorizer& authz, const Principal& who, long long org, const security::OrgTree& tree) {
    Actor a;
    a.user_id = who.user_id;
    a.can_draft = authz.Can(who, Action::kDraftPost, org, tree);
    a.can_approve = authz.Can(who, Action::kApprovePost, org, tree);
    a.is_spokesperson = authz.Can(who, Action::kApproveSensitive, org, tree);
    if (!a.can_approve && !a.is_spokesperson) {
        const auto chain = tree.AncestorsAndSelf(org);
        for (const auto& g : who.grants) {
            if (g.role == security::Role::kAgencyMember &&
                std::find(chain.begin(), chain.end(), g.organisation_id) != chain.end()) {
                a.is_agency_member = true;
            }
        }
    }
    return a;
}

ReviewState StateOf(store::Tx& tx, const Post& post) {
    ReviewState s;
    s.status = post.status;
    s.version = post.version;
    s.author_id = post.created_by.value_or(0);
    s.approvals = store::ListApprovals(tx, post.id);
    return s;
}

ReviewSummary Summarize(store::Tx& tx, const security::Authorizer& authz, const Principal& who, const Post& post,
                        const security::OrgTree& tree, core::Millis now) {
    ReviewSummary out;
    out.attested = post.attested_by.has_value() && post.attested_version.has_value();
    // A draft is evaluated as if the author attested: the attestation is asked for at submission.
    const bool attested = out.attested || post.status == "draft";
    const Policy policy = EffectivePolicy(tx, tree, post.organisation_id);
    out.evaluation = EvaluatePost(tx, policy, post, attested, now);
    const ReviewState state = StateOf(tx, post);
    out.progress = ReviewProgress(state, out.evaluation);
    for (const auto& a : state.approvals) {
        if (a.version != post.version) continue;
        out.approvals.push_back(a);
        if (auto u = store::GetUser(tx, a.user_id)) out.approver_names[a.user_id] = u->username;
    }
    const Actor actor = ActorFor(authz, who, post.organisation_id, tree);
    auto& can = out.actions;
    const bool reviewer = (actor.can_approve || actor.is_spokesperson) && !actor.is_agency_member;
    if (actor.can_draft && In(post.status, {"draft", "in_review", "approved", "scheduled"})) can.emplace_back("edit");
    if (actor.can_draft && post.status == "draft") can.emplace_back("submit");
    if (reviewer && post.status == "in_review" && actor.user_id != state.author_id) {
        const bool mine = std::any_of(out.approvals.begin(), out.approvals.end(),
                                      [&](const Approval& a) { return a.user_id == actor.user_id; });
        const bool need_peer = actor.can_approve && out.progress.peer_approvals < out.progress.peer_reviews_required;
        const bool need_spokesperson =
            actor.is_spokesperson && out.progress.spokesperson_required && !out.progress.spokesperson_approved;
        if (!mine && (need_peer || need_spokesperson)) can.emplace_back("approve");
    }
    if (reviewer && In(post.status, {"in_review", "approved"})) {
        can.emplace_back("request_changes");
        can.emplace_back("reject");
    }
    if (actor.can_draft && In(post.status, {"in_review", "approved", "scheduled"})) can.emplace_back("withdraw");
    if (actor.can_draft && (post.status == "approved" || (post.status == "draft" && out.progress.complete &&
                                                          !out.evaluation.blocked && !policy.require_attestation))) {
        can.emplace_back("schedule");
    }
    if (actor.can_draft || reviewer) can.emplace_back("comment");
    return out;
}

void RecordVersion(store::Tx& tx, const Post& post, const Principal& who, core::Millis now) {
    PostVersion v;
    v.post_id = post.id;
    v.version = post.version;
    v.snapshot.content_type = post.content_type;
    v.snapshot.tags = post.tags;
    v.snapshot.link_url = post.link_url;
    v.snapshot.variants = post.variants;
    for (const auto& m : post.media) v.snapshot.images.push_back(SnapshotImage{m.media_id, m.alt});
    v.snapshot.channel_ids = post.channel_ids;
    if (who.user_id != 0) v.created_by = who.user_id;
    v.created_by_name = who.username;
    v.created_at = now;
    store::InsertVersion(tx, v);
}

Result<std::string> ApplyContentChange(store::Tx& tx, const security::Authorizer& authz, const Principal& who,
                                       Post& post, const std::string& status_before, const security::OrgTree& tree,
                                       core::Millis now) {
    ReviewState state = StateOf(tx, post);
    state.status = status_before;
    state.version = post.version - 1;
    BELFRY_ASSIGN_OR_RETURN(t, ContentChanged(state, ActorFor(authz, who, post.organisation_id, tree)));
    post.status = t.state.status;
    // An attested submission stays attested: the post is still under review, and the reviewers
    // see the new version.
    if (post.attested_version) post.attested_version = post.version;
    RecordVersion(tx, post, who, now);
    if (post.status != status_before) AddLine(tx, who, post, "back_to_review", t.summary, now);
    return t.summary;
}

Result<Transition> ApplySubmit(store::Tx& tx, const security::Authorizer& authz, const Principal& who, Post& post,
                               const security::OrgTree& tree, bool attest, const std::string& comment,
                               core::Millis now) {
    const Evaluation evaluation = EvaluatePost(tx, tree, post, attest, now);
    BELFRY_ASSIGN_OR_RETURN(t, Submit(StateOf(tx, post), ActorFor(authz, who, post.organisation_id, tree), evaluation));
    const std::string before = post.status;
    post.status = t.state.status;
    if (attest) {
        if (who.user_id != 0) post.attested_by = who.user_id;
        post.attested_version = post.version;
    }
    post.updated_at = now;
    store::UpdatePost(tx, post);
    AddLine(tx, who, post, "submitted", comment.empty() ? t.summary : comment, now);
    AuditDecision(tx, who, "post.submit", post, before, post.version, t.summary, comment, now);
    return t;
}

// ---- The service ----------------------------------------------------------------------------

Result<Post> WorkflowService::Decision(const Principal& who, long long post_id, const char* action, const char* kind,
                                       const std::string& comment, bool comment_required, const Decide& decide) {
    BELFRY_TRY(CheckComment(comment, comment_required));
    return db_.Transact<Post>([&](store::Tx& tx) -> Result<Post> {
        BELFRY_ASSIGN_OR_RETURN(post, LoadPost(tx, post_id));
        const auto tree = store::LoadOrgTree(tx);
        if (!CanReadPosts(authz_, who, post.organisation_id, tree)) {
            return Error::Denied("you have no role on the organisation of post " + std::to_string(post_id));
        }
        const auto now = clock_.NowMs();
        const Evaluation evaluation = EvaluatePost(tx, tree, post, post.attested_by.has_value(), now);
        const ReviewState state = StateOf(tx, post);
        BELFRY_ASSIGN_OR_RETURN(t, decide(state, ActorFor(authz_, who, post.organisation_id, tree), evaluation));
        const std::string before = post.status;
        if (t.approval) store::InsertApproval(tx, post.id, *t.approval);
        if (before == "scheduled" && t.state.status != "scheduled") {
            BELFRY_TRY(publishing::UnscheduleRenditions(tx, post.id, now));
            post.publish_at.reset();
        }
        post.status = t.state.status;
        // Back to the author: the next submission asks for the attestation again.
        if (post.status == "draft") {
            post.attested_by.reset();
            post.attested_version.reset();
        }
        post.updated_at = now;
        store::UpdatePost(tx, post);
        AddLine(tx, who, post, kind, comment.empty() ? t.summary : comment, now);
        AuditDecision(tx, who, action, post, before, post.version, t.summary, comment, now);
        return post;
    });
}

Result<Post> WorkflowService::Submit(const Principal& who, long long post_id, bool attest, const std::string& comment) {
    BELFRY_TRY(CheckComment(comment, false));
    return db_.Transact<Post>([&](store::Tx& tx) -> Result<Post> {
        BELFRY_ASSIGN_OR_RETURN(post, LoadPost(tx, post_id));
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kDraftPost, post.organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not submit posts of organisation " +
                                 std::to_string(post.organisation_id) + ": an editor role there is needed");
        }
        BELFRY_TRY(ApplySubmit(tx, authz_, who, post, tree, attest, comment, clock_.NowMs()));
        return post;
    });
}

Result<Post> WorkflowService::Approve(const Principal& who, long long post_id, long long version_seen,
                                      const std::string& comment) {
    const auto now = clock_.NowMs();
    return Decision(who, post_id, "post.approve", "approved", comment, false,
                    [&](const ReviewState& s, const Actor& a, const Evaluation& e) {
                        return workflow::Approve(s, a, e, version_seen, now);
                    });
}

Result<Post> WorkflowService::RequestChanges(const Principal& who, long long post_id, const std::string& comment) {
    return Decision(
        who, post_id, "post.request_changes", "changes_requested", comment, true,
        [](const ReviewState& s, const Actor& a, const Evaluation&) { return workflow::RequestChanges(s, a); });
}

Result<Post> WorkflowService::Reject(const Principal& who, long long post_id, const std::string& comment) {
    return Decision(who, post_id, "post.reject", "rejected", comment, true,
                    [](const ReviewState& s, const Actor& a, const Evaluation&) { return workflow::Reject(s, a); });
}

Result<Post> WorkflowService::Withdraw(const Principal& who, long long post_id, const std::string& comment) {
    return Decision(who, post_id, "post.withdraw", "withdrawn", comment, false,
                    [](const ReviewState& s, const Actor& a, const Evaluation&) { return workflow::Withdraw(s, a); });
}

Result<ReviewComment> WorkflowService::AddComment(const Principal& who, long long post_id, const std::string& body,
                                                  const std::optional<std::string>& language) {
    if (body.size() > kMaxCommentBytes) return Error::Invalid("body", "the comment is too long (at most 5,000 bytes)");
    if (!core::IsValidUtf8(body)) return Error::Invalid("body", "the comment is not valid UTF-8");
    if (core::Trim(body).empty()) return Error::Invalid("body", "write the comment first: it is empty");
    if (language && !core::IsLanguage(*language)) {
        return Error::Invalid("language", "unknown language '" + *language + "': use fr, nl, de or en");
    }
    return db_.Transact<ReviewComment>([&](store::Tx& tx) -> Result<ReviewComment> {
        BELFRY_ASSIGN_OR_RETURN(post, LoadPost(tx, post_id));
        const auto tree = store::LoadOrgTree(tx);
        const Actor a = ActorFor(authz_, who, post.organisation_id, tree);
        if (!a.can_draft && !a.can_approve && !a.is_spokesperson) {
            return Error::Denied("only the drafters and reviewers of the post's organisation can comment on it");
        }
        const auto now = clock_.NowMs();
        ReviewComment c;
        c.post_id = post.id;
        c.version = post.version;
        if (who.user_id != 0) c.author_id = who.user_id;
        c.author_name = who.username;
        c.kind = "comment";
        c.language = language;
        c.body = body;
        c.created_at = now;
        c.id = store::InsertComment(tx, c);
        auto e = store::AuditEventBy(who, "post.comment", "post", post.id, post.organisation_id);
        boost::json::object after{{"comment_id", c.id}, {"version", c.version}, {"body", c.body}};
        if (language) after["language"] = *language;
        e.after_json = boost::json::serialize(after);
        store::AppendAudit(tx, e, now);
        return c;
    });
}

namespace {

template <class T, class Fn>
Result<T> ReadPost(store::Database& db, const security::Authorizer& authz, const Principal& who, long long post_id,
                   Fn&& fn) {
    return db.Read<T>([&](store::Tx& tx) -> Result<T> {
        BELFRY_ASSIGN_OR_RETURN(post, LoadPost(tx, post_id));
        const auto tree = store::LoadOrgTree(tx);
        if (!CanReadPosts(authz, who, post.organisation_id, tree)) {
            return Error::Denied("you have no role on the organisation of post " + std::to_string(post_id));
        }
        return fn(tx, post);
    });
}

}  // namespace

Result<std::vector<ReviewComment>> WorkflowService::ListComments(const Principal& who, long long post_id) {
    return ReadPost<std::vector<ReviewComment>>(
        db_, authz_, who, post_id, [](store::Tx& tx, const Post& post) -> Result<std::vector<ReviewComment>> {
            return store::ListComments(tx, post.id);
        });
}

Result<std::vector<PostVersion>> WorkflowService::ListVersions(const Principal& who, long long post_id) {
    return ReadPost<std::vector<PostVersion>>(db_, authz_, who, post_id,
                                              [](store::Tx& tx, const Post& post) -> Result<std::vector<PostVersion>> {
                                                  return store::ListVersions(tx, post.id);
                                              });
}

Result<VersionDiff> WorkflowService::Diff(const Principal& who, long long post_id, std::optional<long long> from,
                                          std::optional<long long> to) {
    return ReadPost<VersionDiff>(
        db_, authz_, who, post_id, [&](store::Tx& tx, const Post& post) -> Result<VersionDiff> {
            const long long b = to.value_or(post.version);
            const long long a = from.value_or(b - 1);
            if (a < 1 || b > post.version || a >= b) {
                return Error::Invalid(from ? "from" : "to", "compare two versions between 1 and " +
                                                                std::to_string(post.version) +
                                                                ", the older one first (from < to)");
            }
            auto va = store::GetVersion(tx, post.id, a);
            auto vb = store::GetVersion(tx, post.id, b);
            if (!va || !vb) {
                return Error::NotFound("version " + std::to_string(!va ? a : b) + " of post " +
                                       std::to_string(post.id) +
                                       " was not recorded (posts written before versions were kept)");
            }
            return DiffVersions(*va, *vb);
        });
}

Result<ReviewQueue> WorkflowService::Queue(const Principal& who) {
    return db_.Read<ReviewQueue>([&](store::Tx& tx) -> Result<ReviewQueue> {
        ReviewQueue q;
        const auto tree = store::LoadOrgTree(tx);
        const auto now = clock_.NowMs();
        auto scope = authz_.Scope(who, Action::kApprovePost, tree);
        const auto sensitive = authz_.Scope(who, Action::kApproveSensitive, tree);
        scope.insert(sensitive.begin(), sensitive.end());
        store::PostQuery in_review;
        in_review.status = "in_review";
        in_review.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
        in_review.per_page = kQueueLimit;
        for (auto& post : store::ListPosts(tx, in_review).items) {
            if (post.created_by && *post.created_by == who.user_id) continue;
            const ReviewSummary s = Summarize(tx, authz_, who, post, tree, now);
            if (std::find(s.actions.begin(), s.actions.end(), "approve") == s.actions.end()) continue;
            const Actor a = ActorFor(authz_, who, post.organisation_id, tree);
            QueueItem item;
            item.reason = a.is_spokesperson && s.progress.spokesperson_required && !s.progress.spokesperson_approved
                              ? "spokesperson"
                              : "peer_review";
            item.progress = s.progress;
            for (const auto& f : s.evaluation.findings) {
                if (f.effect == Effect::kNeedsSpokesperson) {
                    item.sensitive.insert(item.sensitive.end(), f.matched.begin(), f.matched.end());
                }
            }
            item.post = std::move(post);
            q.to_review.push_back(std::move(item));
        }
        if (who.user_id != 0) {
            store::PostQuery mine;
            mine.created_by = who.user_id;
            mine.statuses = std::vector<std::string>{"draft", "in_review", "approved"};
            mine.per_page = kQueueLimit;
            for (auto& post : store::ListPosts(tx, mine).items) {
                QueueItem item;
                if (post.status == "draft") {
                    const auto comments = store::ListComments(tx, post.id);
                    auto last = std::find_if(comments.rbegin(), comments.rend(),
                                             [](const ReviewComment& c) { return c.kind != "comment"; });
                    if (last == comments.rend() || last->kind != "changes_requested") continue;
                    item.reason = "changes_requested";
                } else {
                    item.reason = post.status;
                    const ReviewSummary s = Summarize(tx, authz_, who, post, tree, now);
                    item.progress = s.progress;
                }
                item.post = std::move(post);
                q.mine.push_back(std::move(item));
            }
        }
        q.counts["to_review"] = static_cast<long long>(q.to_review.size());
        q.counts["spokesperson"] = std::count_if(q.to_review.begin(), q.to_review.end(),
                                                 [](const QueueItem& i) { return i.reason == "spokesperson"; });
        for (const char* reason : {"changes_requested", "in_review", "approved"}) {
            q.counts[reason] =
                std::count_if(q.mine.begin(), q.mine.end(), [&](const QueueItem& i) { return i.reason == reason; });
        }
        return q;
    });
}

Result<PolicyView> WorkflowService::GetPolicy(const Principal& who, long long organisation_id) {
    return db_.Read<PolicyView>([&](store::Tx& tx) -> Result<PolicyView> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(organisation_id)) {
            return Error::NotFound("organisation " + std::to_string(organisation_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kReadRegistry, organisation_id, tree)) {
            return Error::Denied("you have no role on organisation " + std::to_string(organisation_id));
        }
        PolicyView v;
        v.organisation_id = organisation_id;
        v.own = store::GetPolicySettings(tx, organisation_id).value_or(PolicySettings{});
        v.own.organisation_id = organisation_id;
        v.effective = EffectivePolicy(tx, tree, organisation_id);
        return v;
    });
}

Result<PolicyView> WorkflowService::PutPolicy(const Principal& who, long long organisation_id,
                                              PolicySettings settings) {
    settings.organisation_id = organisation_id;
    const auto problems = ValidateSettings(settings);
    if (!problems.empty()) {
        Error e = Error::Invalid("", "the policy settings have problems:");
        e.details.clear();
        for (const auto& p : problems) {
            e.details.push_back({p.substr(0, p.find(':')), p});
            e.message += " " + p + ";";
        }
        e.field = e.details.front().field;
        return e;
    }
    return db_.Transact<PolicyView>([&](store::Tx& tx) -> Result<PolicyView> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(organisation_id)) {
            return Error::NotFound("organisation " + std::to_string(organisation_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kManageRegistry, organisation_id, tree)) {
            return Error::Denied("only an administrator of organisation " + std::to_string(organisation_id) +
                                 " may change its publishing policy");
        }
        const auto before = store::GetPolicySettings(tx, organisation_id);
        const auto now = clock_.NowMs();
        store::PutPolicySettings(tx, settings, who.user_id != 0 ? std::optional<long long>(who.user_id) : std::nullopt,
                                 now);
        auto e = store::AuditEventBy(who, "policy.update", "organisation", organisation_id, organisation_id);
        e.before_json = before ? boost::json::serialize(SettingsToJson(*before)) : "";
        e.after_json = boost::json::serialize(SettingsToJson(settings));
        store::AppendAudit(tx, e, now);
        PolicyView v;
        v.organisation_id = organisation_id;
        v.own = settings;
        v.effective = EffectivePolicy(tx, tree, organisation_id);
        return v;
    });
}

}  // namespace belfry::workflow
