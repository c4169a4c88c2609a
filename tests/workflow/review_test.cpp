#include "workflow/review.hpp"

#include <gtest/gtest.h>

namespace belfry::workflow {
namespace {

constexpr core::Millis kNow = 1'795'000'000'000;
constexpr long long kAuthor = 10;

Actor Editor(long long id = kAuthor) { return {id, true, false, false, false}; }
Actor Reviewer(long long id) { return {id, false, true, false, false}; }
Actor Spokesperson(long long id) { return {id, true, true, true, false}; }
Actor Agency(long long id) { return {id, true, false, false, true}; }

Evaluation Needs(int peers, bool spokesperson) {
    Evaluation e;
    e.peer_reviews = peers;
    e.needs_spokesperson = spokesperson;
    return e;
}

ReviewState InReview(long long version = 1) {
    ReviewState s;
    s.status = "in_review";
    s.version = version;
    s.author_id = kAuthor;
    return s;
}

// Applies approvals in turn and returns the final state (failing the test on a refusal).
ReviewState ApproveAll(ReviewState s, const Evaluation& e, const std::vector<Actor>& approvers) {
    for (const auto& a : approvers) {
        auto t = Approve(s, a, e, s.version, kNow);
        EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
        if (!t.ok()) return s;
        s = t.value().state;
    }
    return s;
}

TEST(Review, SubmitGoesToReviewOrStraightToApprovedWhenNothingIsRequired) {
    ReviewState draft;
    draft.author_id = kAuthor;
    auto t = Submit(draft, Editor(), Needs(1, false));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "in_review");
    EXPECT_EQ(t.value().summary, "submitted version 1 for review (0 of 1 peer review)");

    t = Submit(draft, Editor(), Needs(0, false));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "approved");

    t = Submit(draft, Editor(), Needs(0, true));  // the spokesperson is still needed
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "in_review");
}

TEST(Review, SubmitIsRefusedWhileARuleBlocksAndSaysWhich) {
    ReviewState draft;
    Evaluation e = Needs(1, false);
    e.blocked = true;
    e.findings.push_back(
        {"attestation", Effect::kBlocks, {}, "Confirm that everything could be said on the record.", "author", 0});
    e.findings.push_back({"hashtag_case", Effect::kAdvice, {"#x"}, "advice", "author", 0});
    e.findings.push_back({"alt_text", Effect::kBlocks, {"a.jpg (nl)"}, "Describe every image.", "author", 0});
    auto t = Submit(draft, Editor(), e);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, core::ErrorCode::kInvalidArgument);
    ASSERT_EQ(t.error().details.size(), 2U);
    EXPECT_EQ(t.error().details[0].field, "policy.attestation");
    EXPECT_EQ(t.error().details[1].field, "policy.alt_text");
    EXPECT_EQ(t.error().details[1].message, "Describe every image.");
}

struct ApprovalCase {
    const char* name;
    Evaluation evaluation;
    std::vector<Actor> approvers;
    const char* final_status;
};

TEST(Review, ApprovalsNeededPerPolicy) {
    const std::vector<ApprovalCase> cases = {
        {"one peer review", Needs(1, false), {Reviewer(20)}, "approved"},
        {"two peer reviews, one given", Needs(2, false), {Reviewer(20)}, "in_review"},
        {"two peer reviews, two given", Needs(2, false), {Reviewer(20), Reviewer(21)}, "approved"},
        {"sensitive: reviewer alone is not enough", Needs(1, true), {Reviewer(20)}, "in_review"},
        {"sensitive: reviewer then spokesperson", Needs(1, true), {Reviewer(20), Spokesperson(30)}, "approved"},
        {"sensitive: spokesperson first, then reviewer", Needs(1, true), {Spokesperson(30), Reviewer(20)}, "approved"},
        {"sensitive: spokesperson alone with no peer review required", Needs(0, true), {Spokesperson(30)}, "approved"},
        {"not sensitive: a spokesperson counts as a peer", Needs(1, false), {Spokesperson(30)}, "approved"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(ApproveAll(InReview(), c.evaluation, c.approvers).status, c.final_status);
    }
}

struct RefusalCase {
    const char* name;
    ReviewState state;
    Actor actor;
    Evaluation evaluation;
    long long version_seen;
    core::ErrorCode code;
    const char* message_contains;
};

TEST(Review, ApprovalsRefusedWithTheReason) {
    ReviewState reviewed = InReview();
    reviewed.approvals.push_back({20, 1, false, kNow});
    ReviewState spoken = InReview();
    spoken.approvals.push_back({30, 1, true, kNow});
    ReviewState old_approval = InReview(2);
    old_approval.approvals.push_back({20, 1, false, kNow});
    ReviewState draft;
    draft.author_id = kAuthor;

    const std::vector<RefusalCase> cases = {
        {"own post", InReview(), Reviewer(kAuthor), Needs(1, false), 1, core::ErrorCode::kPermissionDenied,
         "four eyes"},
        {"agency member", InReview(), Agency(40), Needs(1, false), 1, core::ErrorCode::kPermissionDenied,
         "agency members"},
        {"editor without review rights", InReview(), Editor(41), Needs(1, false), 1, core::ErrorCode::kPermissionDenied,
         "only a reviewer or the spokesperson"},
        {"approves twice", reviewed, Reviewer(20), Needs(2, false), 1, core::ErrorCode::kConflict,
         "already approved version 1"},
        {"spokesperson cannot also be the peer", spoken, Spokesperson(30), Needs(1, true), 1,
         core::ErrorCode::kConflict, "already approved"},
        {"read an older version", InReview(3), Reviewer(20), Needs(1, false), 2, core::ErrorCode::kConflict,
         "you read version 2, it is now version 3"},
        {"peers done, spokesperson pending", reviewed, Reviewer(21), Needs(1, true), 1, core::ErrorCode::kConflict,
         "waits for the spokesperson"},
        {"not in review", draft, Reviewer(20), Needs(1, false), 1, core::ErrorCode::kConflict,
         "cannot approve a post that is draft"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto t = Approve(c.state, c.actor, c.evaluation, c.version_seen, kNow);
        ASSERT_FALSE(t.ok());
        EXPECT_EQ(t.error().code, c.code);
        EXPECT_NE(t.error().message.find(c.message_contains), std::string::npos) << t.error().message;
    }
    // An approval of version 1 counts for nothing on version 2.
    const Progress p = ReviewProgress(old_approval, Needs(1, false));
    EXPECT_EQ(p.peer_approvals, 0);
    EXPECT_FALSE(p.complete);
}

TEST(Review, AChangeAfterApprovalSendsTheNewVersionBackToReview) {
    ReviewState s = ApproveAll(InReview(), Needs(1, false), {Reviewer(20)});
    ASSERT_EQ(s.status, "approved");
    s.status = "scheduled";
    auto t = ContentChanged(s, Editor());
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "in_review");
    EXPECT_EQ(t.value().state.version, 2);
    EXPECT_EQ(t.value().summary, "changed version 1 (was scheduled): version 2 goes back to review");
    EXPECT_FALSE(ReviewProgress(t.value().state, Needs(1, false)).complete);
    // The reviewer approves the new version (their approval of version 1 does not block it).
    EXPECT_EQ(ApproveAll(t.value().state, Needs(1, false), {Reviewer(20)}).status, "approved");

    ReviewState draft;
    t = ContentChanged(draft, Editor());
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "draft");
    EXPECT_EQ(t.value().state.version, 2);

    ReviewState published;
    published.status = "published";
    EXPECT_EQ(ContentChanged(published, Editor()).error().code, core::ErrorCode::kConflict);
}

TEST(Review, RequestChangesRejectAndWithdraw) {
    auto t = RequestChanges(InReview(), Reviewer(20));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "draft");
    EXPECT_EQ(RequestChanges(InReview(), Editor(41)).error().code, core::ErrorCode::kPermissionDenied);

    t = Reject(InReview(), Spokesperson(30));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "rejected");

    ReviewState scheduled = InReview();
    scheduled.status = "scheduled";
    t = Withdraw(scheduled, Editor());
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().state.status, "withdrawn");
    EXPECT_EQ(t.value().summary, "withdrew version 1 (was scheduled)");
    EXPECT_EQ(Withdraw(scheduled, Reviewer(20)).error().code, core::ErrorCode::kPermissionDenied);
    ReviewState draft;
    EXPECT_EQ(Withdraw(draft, Editor()).error().code, core::ErrorCode::kConflict);
}

}  // namespace
}  // namespace belfry::workflow
