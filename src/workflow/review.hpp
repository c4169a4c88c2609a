// The editorial review of a post: who may move it from one state to the next (issue 4, "Workflow").
//
//   draft ──submit──▶ in_review ──approve (enough)──▶ approved ──schedule──▶ scheduled ──▶ published
//     ▲                 │  │                                  │
//     └─request changes─┘  └──reject──▶ rejected              └─ any change of text or media ─▶ in_review
//   withdraw: the author takes back a post in review, approved or scheduled ─▶ withdrawn
//
// Contract
// - Pure: the caller gives the post's review state, the actor (with the permissions the Authorizer
//   granted on the post's organisation) and the policy Evaluation of the current version; the
//   functions return the new state and what to record, or an Error that says which rule refused and
//   who can act instead. The caller persists the result with its audit entry in one transaction.
// - Approval is of one version: approvals of an older version count for nothing.
// - Four eyes: the author never approves their own post; agency members never approve.
// - Peer reviews: `peer_reviews` distinct approvers of the current version, other than the author.
//   When the policy asks for the spokesperson, a spokesperson's approval is needed *in addition*:
//   on such a post a spokesperson's approval is recorded as the spokesperson's and does not count
//   as a peer review.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "workflow/policy.hpp"

namespace belfry::workflow {

struct Approval {
    long long user_id = 0;
    long long version = 0;
    bool as_spokesperson = false;
    core::Millis at = 0;
};

// The review conversation: a comment or a decision, with the version it concerned.
// kind: comment | submitted | approved | changes_requested | rejected | withdrawn | back_to_review
struct ReviewComment {
    long long id = 0;
    long long post_id = 0;
    long long version = 0;
    std::optional<long long> author_id;
    std::string author_name;
    std::string kind = "comment";
    std::optional<std::string> language;  // the variant it is about, when it is about one
    std::string body;
    core::Millis created_at = 0;
};

struct ReviewState {
    std::string status = "draft";  // draft, in_review, approved, scheduled, published, rejected, withdrawn
    long long version = 1;
    long long author_id = 0;
    std::vector<Approval> approvals;  // every approval ever given, of any version
};

struct Actor {
    long long user_id = 0;
    bool can_draft = false;         // Action::kDraftPost on the post's organisation
    bool can_approve = false;       // Action::kApprovePost
    bool is_spokesperson = false;   // Action::kApproveSensitive
    bool is_agency_member = false;  // holds only agency grants there: never approves
};

struct Progress {
    int peer_approvals = 0;  // of the current version
    int peer_reviews_required = 0;
    bool spokesperson_required = false;
    bool spokesperson_approved = false;
    bool complete = false;
};

// Where the current version stands.
Progress ReviewProgress(const ReviewState& state, const Evaluation& evaluation);

struct Transition {
    ReviewState state;                 // the new state
    std::optional<Approval> approval;  // recorded by Approve
    std::string summary;               // for the audit trail: "approved version 3 (1 of 1 peer reviews)"
};

// The author (or another drafter) sends the post to review. Refused while a finding blocks (each is
// listed in the error's details, field "policy.<rule>"). With no review required and no spokesperson
// needed, the post is approved at once.
core::Result<Transition> Submit(const ReviewState& state, const Actor& actor, const Evaluation& evaluation);

// `version_seen`: the version the approver read; a newer version refuses (kConflict) so nobody
// approves what they have not seen.
core::Result<Transition> Approve(const ReviewState& state, const Actor& actor, const Evaluation& evaluation,
                                 long long version_seen, core::Millis now);

// A reviewer sends the post back to its author (draft) with the changes asked for in comments.
core::Result<Transition> RequestChanges(const ReviewState& state, const Actor& actor);

// A reviewer refuses the post for good (rejected); the author may copy it into a new draft.
core::Result<Transition> Reject(const ReviewState& state, const Actor& actor);

// The author (or another drafter of the organisation) takes back a post in review, approved or
// scheduled; the caller cancels its jobs.
core::Result<Transition> Withdraw(const ReviewState& state, const Actor& actor);

// The text or media changed: a new version; a post in review, approved or scheduled goes back to
// review (its old approvals no longer count). Drafts and rejected posts stay as they are. Published
// and withdrawn posts cannot change (kConflict).
core::Result<Transition> ContentChanged(const ReviewState& state, const Actor& actor);

}  // namespace belfry::workflow
