// WorkflowService: the editorial review of posts, stored — submit, approve, request changes,
// reject, withdraw, the review conversation, versions and their diff, the review queue, and each
// organisation's policy settings (issue 4).
//
// Contract
// - The decisions are the pure ones of review.hpp, evaluated against the policy of the post's
//   organisation (policy.hpp, resolved down the organisation tree) on the post's current version.
//   Each is stored in one transaction with: the post's new status, the approval (of a version),
//   a line in the review conversation (kind and version), and an audit entry whose after-state
//   names the version it concerned.
// - Permissions come from the Authorizer on the post's organisation: drafting (kDraftPost) to
//   submit and withdraw, kApprovePost for peer reviews, kApproveSensitive for the spokesperson;
//   agency members never approve; nobody approves their own post.
// - Reading (comments, versions, diff) needs a role on the organisation; commenting needs a
//   drafting or reviewing role there.
// - Policy settings: read with a role on the organisation, changed by its administrators
//   (kManageRegistry); every problem in the settings is listed (kInvalidArgument, details).
// - The functions in the "inside a transaction" section are the same steps for the publishing
//   service (a change of content, scheduling a draft that needs no review).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "publishing/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"
#include "workflow/history.hpp"
#include "workflow/policy.hpp"
#include "workflow/review.hpp"

namespace belfry::workflow {

// Where a post stands in its review, as seen by one person.
struct ReviewSummary {
    Evaluation evaluation;  // of the current version
    Progress progress;
    std::vector<Approval> approvals;                  // of the current version
    std::map<long long, std::string> approver_names;  // user id → username
    bool attested = false;                            // the current submission carries the attestation
    std::vector<std::string> actions;  // what the caller may do now: edit, submit, approve, request_changes,
                                       // reject, withdraw, schedule, comment
};

// Who may read a post: anyone with a role that reads the organisation, and its drafters (agency
// members draft without reading the registry).
bool CanReadPosts(const security::Authorizer& authz, const security::Principal& who, long long organisation_id,
                  const security::OrgTree& tree);

// ---- Inside a transaction -------------------------------------------------------------------
Policy EffectivePolicy(store::Tx& tx, const security::OrgTree& tree, long long organisation_id);
Evaluation EvaluatePost(store::Tx& tx, const security::OrgTree& tree, const publishing::Post& post, bool attested,
                        core::Millis now);
Evaluation EvaluatePost(store::Tx& tx, const Policy& policy, const publishing::Post& post, bool attested,
                        core::Millis now);
Actor ActorFor(const security::Authorizer& authz, const security::Principal& who, long long organisation_id,
               const security::OrgTree& tree);
ReviewState StateOf(store::Tx& tx, const publishing::Post& post);
ReviewSummary Summarize(store::Tx& tx, const security::Authorizer& authz, const security::Principal& who,
                        const publishing::Post& post, const security::OrgTree& tree, core::Millis now);
// Stores the snapshot of the post's current version.
void RecordVersion(store::Tx& tx, const publishing::Post& post, const security::Principal& who, core::Millis now);
// The content of `post` changed (its version already bumped by the caller): a post in review or
// approved goes back to review, with a line in the conversation. Returns the summary of the rule.
core::Result<std::string> ApplyContentChange(store::Tx& tx, const security::Authorizer& authz,
                                             const security::Principal& who, publishing::Post& post,
                                             const std::string& status_before, const security::OrgTree& tree,
                                             core::Millis now);
// Submits a draft (stores status, attestation, conversation line and audit entry).
core::Result<Transition> ApplySubmit(store::Tx& tx, const security::Authorizer& authz, const security::Principal& who,
                                     publishing::Post& post, const security::OrgTree& tree, bool attest,
                                     const std::string& comment, core::Millis now);

// ---- The service ----------------------------------------------------------------------------
struct QueueItem {
    publishing::Post post;
    std::string reason;  // peer_review | spokesperson (to review); changes_requested | in_review | approved (mine)
    Progress progress;
    std::vector<std::string> sensitive;  // what made it need the spokesperson
};

struct ReviewQueue {
    std::vector<QueueItem> to_review;  // waits for me as a reviewer or spokesperson
    std::vector<QueueItem> mine;       // my own posts that wait for something
    std::map<std::string, long long> counts;
};

struct PolicyView {
    long long organisation_id = 0;
    PolicySettings own;
    Policy effective;
};

class WorkflowService {
  public:
    WorkflowService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz)
        : db_(db), clock_(clock), authz_(authz) {}

    core::Result<publishing::Post> Submit(const security::Principal& who, long long post_id, bool attest,
                                          const std::string& comment);
    core::Result<publishing::Post> Approve(const security::Principal& who, long long post_id, long long version_seen,
                                           const std::string& comment);
    core::Result<publishing::Post> RequestChanges(const security::Principal& who, long long post_id,
                                                  const std::string& comment);
    core::Result<publishing::Post> Reject(const security::Principal& who, long long post_id,
                                          const std::string& comment);
    core::Result<publishing::Post> Withdraw(const security::Principal& who, long long post_id,
                                            const std::string& comment);

    core::Result<ReviewComment> AddComment(const security::Principal& who, long long post_id, const std::string& body,
                                           const std::optional<std::string>& language);
    core::Result<std::vector<ReviewComment>> ListComments(const security::Principal& who, long long post_id);
    core::Result<std::vector<PostVersion>> ListVersions(const security::Principal& who, long long post_id);
    // `from` defaults to the version before `to`; `to` to the current version.
    core::Result<VersionDiff> Diff(const security::Principal& who, long long post_id, std::optional<long long> from,
                                   std::optional<long long> to);

    core::Result<ReviewQueue> Queue(const security::Principal& who);

    core::Result<PolicyView> GetPolicy(const security::Principal& who, long long organisation_id);
    core::Result<PolicyView> PutPolicy(const security::Principal& who, long long organisation_id,
                                       PolicySettings settings);

  private:
    using Decide = std::function<core::Result<Transition>(const ReviewState&, const Actor&, const Evaluation&)>;
    core::Result<publishing::Post> Decision(const security::Principal& who, long long post_id, const char* action,
                                            const char* kind, const std::string& comment, bool comment_required,
                                            const Decide& decide);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
};

}  // namespace belfry::workflow
