#include "security/roles.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace belfry::security {
namespace {

using A = Action;
using R = Role;

const A kAllActions[] = {A::kReadRegistry, A::kManageRegistry,    A::kManageUsers,      A::kReadAudit,
                         A::kDraftPost,    A::kApprovePost,       A::kApproveSensitive, A::kManageCrisis,
                         A::kModerate,     A::kReadAnalytics,     A::kReadInbox,        A::kAnswerInbox,
                         A::kManageInbox,  A::kManageSavedReplies};

// The permission matrix, written out from docs/api/contract.md ("Permissions") and the mission's roles.
const std::map<R, std::set<A>> kExpected{
    {R::kAdministrator,
     {A::kReadRegistry, A::kManageRegistry, A::kManageUsers, A::kReadAudit, A::kDraftPost, A::kApprovePost,
      A::kManageCrisis, A::kModerate, A::kReadAnalytics, A::kReadInbox, A::kAnswerInbox, A::kManageInbox,
      A::kManageSavedReplies}},
    {R::kEditor,
     {A::kReadRegistry, A::kDraftPost, A::kReadAnalytics, A::kReadInbox, A::kAnswerInbox, A::kManageSavedReplies}},
    {R::kReviewer, {A::kReadRegistry, A::kApprovePost, A::kReadAnalytics, A::kReadInbox}},
    {R::kSpokesperson,
     {A::kReadRegistry, A::kDraftPost, A::kApprovePost, A::kApproveSensitive, A::kManageCrisis, A::kReadAnalytics,
      A::kReadInbox, A::kAnswerInbox, A::kModerate, A::kManageSavedReplies}},
    {R::kModerator, {A::kReadRegistry, A::kModerate, A::kReadInbox, A::kAnswerInbox}},
    {R::kAnalyst, {A::kReadRegistry, A::kReadAudit, A::kReadAnalytics}},
    {R::kAgencyMember, {A::kReadRegistry, A::kDraftPost, A::kReadInbox, A::kAnswerInbox}},
};

TEST(Roles, TheMatrixGivesEachRoleExactlyItsActions) {
    ASSERT_EQ(AllRoles().size(), kExpected.size());
    for (R role : AllRoles()) {
        for (A action : kAllActions) {
            const bool expected = kExpected.at(role).count(action) > 0;
            EXPECT_EQ(RoleAllows(role, action), expected) << RoleName(role) << " / " << ActionName(action);
        }
    }
}

TEST(Roles, AnAgencyMemberDraftsButNeverApprovesNorManages) {
    EXPECT_TRUE(RoleAllows(R::kAgencyMember, A::kDraftPost));
    for (A never : {A::kApprovePost, A::kApproveSensitive, A::kManageCrisis, A::kManageUsers, A::kManageRegistry,
                    A::kReadAudit, A::kModerate, A::kManageInbox}) {
        EXPECT_FALSE(RoleAllows(R::kAgencyMember, never)) << ActionName(never);
    }
}

TEST(Roles, NamesRoundTripAndUnknownNamesAreRefused) {
    const char* names[] = {"administrator", "editor",  "reviewer",     "spokesperson",
                           "moderator",     "analyst", "agency_member"};
    ASSERT_EQ(AllRoles().size(), std::size(names));
    for (size_t i = 0; i < AllRoles().size(); ++i) {
        EXPECT_EQ(RoleName(AllRoles()[i]), names[i]);
        EXPECT_EQ(ParseRole(names[i]), AllRoles()[i]);
    }
    for (const char* bad : {"", "admin", "Administrator", "agency-member", "root", "editor "}) {
        EXPECT_FALSE(ParseRole(bad).has_value()) << bad;
    }
    std::set<std::string> action_names;
    for (A action : kAllActions) action_names.insert(std::string(ActionName(action)));
    EXPECT_EQ(action_names.size(), std::size(kAllActions));
    EXPECT_EQ(action_names.count("unknown"), 0u);
}

// gov(1) → minister(2) → A(3) → post(5); minister(2) → B(4).
OrgTree Tree() {
    OrgTree t;
    t.Add(1, 0);
    t.Add(2, 1);
    t.Add(3, 2);
    t.Add(4, 2);
    t.Add(5, 3);
    return t;
}

Principal With(std::vector<Grant> grants) {
    Principal p;
    p.user_id = 7;
    p.username = "someone";
    p.grants = std::move(grants);
    return p;
}

TEST(OrgTree, WalksUpAndDown) {
    const OrgTree t = Tree();
    EXPECT_EQ(t.AncestorsAndSelf(5), (std::vector<long long>{5, 3, 2, 1}));
    EXPECT_EQ(t.AncestorsAndSelf(1), (std::vector<long long>{1}));
    EXPECT_TRUE(t.AncestorsAndSelf(99).empty());
    EXPECT_EQ(t.SubtreeOf(2), (std::set<long long>{2, 3, 4, 5}));
    EXPECT_EQ(t.SubtreeOf(4), (std::set<long long>{4}));
    EXPECT_TRUE(t.SubtreeOf(99).empty());
    // A corrupted, cyclic tree does not hang.
    OrgTree cyclic;
    cyclic.Add(1, 2);
    cyclic.Add(2, 1);
    EXPECT_LE(cyclic.AncestorsAndSelf(1).size(), 64u);
    EXPECT_EQ(cyclic.SubtreeOf(1), (std::set<long long>{1, 2}));
}

TEST(Authorizer, ARoleHoldsOnItsOrganisationAndEverythingBelow) {
    core::FakeClock clock(1000);
    const Authorizer authz(clock);
    const OrgTree tree = Tree();
    const Principal admin_a = With({{1, 3, R::kAdministrator, std::nullopt}});
    EXPECT_TRUE(authz.Can(admin_a, A::kManageRegistry, 3, tree));
    EXPECT_TRUE(authz.Can(admin_a, A::kManageRegistry, 5, tree));   // the post under A
    EXPECT_FALSE(authz.Can(admin_a, A::kManageRegistry, 2, tree));  // not upwards
    EXPECT_FALSE(authz.Can(admin_a, A::kReadRegistry, 1, tree));
    EXPECT_FALSE(authz.Can(admin_a, A::kReadRegistry, 4, tree));   // not sideways
    EXPECT_FALSE(authz.Can(admin_a, A::kReadRegistry, 99, tree));  // not outside the tree

    const Principal editor_gov = With({{2, 1, R::kEditor, std::nullopt}});
    for (long long org : {1, 2, 3, 4, 5}) {
        EXPECT_TRUE(authz.Can(editor_gov, A::kReadRegistry, org, tree)) << org;
        EXPECT_TRUE(authz.Can(editor_gov, A::kDraftPost, org, tree)) << org;
        EXPECT_FALSE(authz.Can(editor_gov, A::kManageRegistry, org, tree)) << org;
    }

    // Two grants combine: the editor on the whole tree who is also administrator of B.
    const Principal both = With({{2, 1, R::kEditor, std::nullopt}, {3, 4, R::kAdministrator, std::nullopt}});
    EXPECT_TRUE(authz.Can(both, A::kManageRegistry, 4, tree));
    EXPECT_FALSE(authz.Can(both, A::kManageRegistry, 3, tree));
    EXPECT_FALSE(authz.Can(With({}), A::kReadRegistry, 1, tree));  // no grant, no access
}

TEST(Authorizer, ExpiredGrantsCountForNothing) {
    core::FakeClock clock(1000);
    const Authorizer authz(clock);
    const OrgTree tree = Tree();
    const Principal agency = With({{1, 3, R::kAgencyMember, 5000}, {2, 4, R::kAnalyst, 2000}});
    EXPECT_TRUE(authz.Can(agency, A::kDraftPost, 5, tree));
    EXPECT_TRUE(authz.Can(agency, A::kReadAudit, 4, tree));
    EXPECT_EQ(authz.Scope(agency, A::kReadRegistry, tree), (std::set<long long>{3, 4, 5}));

    clock.Set(1999);
    EXPECT_TRUE(authz.Can(agency, A::kReadAudit, 4, tree));
    clock.Set(2000);  // the analyst grant ends at its expires_at
    EXPECT_FALSE(authz.Can(agency, A::kReadAudit, 4, tree));
    EXPECT_FALSE(authz.Can(agency, A::kReadRegistry, 4, tree));
    EXPECT_TRUE(authz.Can(agency, A::kReadRegistry, 3, tree));
    EXPECT_EQ(authz.Scope(agency, A::kReadRegistry, tree), (std::set<long long>{3, 5}));

    clock.Set(5000);
    EXPECT_FALSE(authz.Can(agency, A::kDraftPost, 3, tree));
    EXPECT_TRUE(authz.Scope(agency, A::kReadRegistry, tree).empty());
    // An expired administrator grant on the root gives nothing either.
    EXPECT_FALSE(authz.CanEverywhere(With({{9, 1, R::kAdministrator, 4000}}), A::kReadRegistry, tree));
}

TEST(Authorizer, ScopeIsTheUnionOfTheSubTreesWhereTheActionIsAllowed) {
    core::FakeClock clock(1000);
    const Authorizer authz(clock);
    const OrgTree tree = Tree();
    const Principal p = With({{1, 3, R::kEditor, std::nullopt}, {2, 4, R::kAnalyst, std::nullopt}});
    EXPECT_EQ(authz.Scope(p, A::kReadRegistry, tree), (std::set<long long>{3, 4, 5}));
    EXPECT_EQ(authz.Scope(p, A::kDraftPost, tree), (std::set<long long>{3, 5}));
    EXPECT_EQ(authz.Scope(p, A::kReadAudit, tree), (std::set<long long>{4}));
    EXPECT_TRUE(authz.Scope(p, A::kManageRegistry, tree).empty());
    // A grant on an organisation that is no longer in the tree adds nothing.
    EXPECT_TRUE(authz.Scope(With({{1, 42, R::kAdministrator, std::nullopt}}), A::kReadRegistry, tree).empty());
}

TEST(Authorizer, CanEverywhereNeedsTheActionOnEveryRoot) {
    core::FakeClock clock(1000);
    const Authorizer authz(clock);
    OrgTree tree = Tree();
    const Principal root_admin = With({{1, 1, R::kAdministrator, std::nullopt}});
    const Principal a_admin = With({{1, 3, R::kAdministrator, std::nullopt}});
    const Principal root_analyst = With({{1, 1, R::kAnalyst, std::nullopt}});
    EXPECT_TRUE(authz.CanEverywhere(root_admin, A::kManageRegistry, tree));
    EXPECT_FALSE(authz.CanEverywhere(a_admin, A::kManageRegistry, tree));
    EXPECT_TRUE(authz.CanEverywhere(root_analyst, A::kReadAudit, tree));
    EXPECT_FALSE(authz.CanEverywhere(root_analyst, A::kManageRegistry, tree));
    // A second tree (another government) that the administrator does not hold.
    tree.Add(10, 0);
    EXPECT_FALSE(authz.CanEverywhere(root_admin, A::kManageRegistry, tree));
    EXPECT_FALSE(authz.CanEverywhere(root_admin, A::kReadRegistry, OrgTree{}));  // nothing to be everywhere in
}

TEST(Authorizer, TheSystemPrincipalMayDoAnythingInsideTheTree) {
    core::FakeClock clock(1000);
    const Authorizer authz(clock);
    const OrgTree tree = Tree();
    const Principal system = Principal::System("cli");
    for (A action : kAllActions) {
        EXPECT_TRUE(authz.Can(system, action, 5, tree)) << ActionName(action);
        EXPECT_FALSE(authz.Can(system, action, 99, tree)) << ActionName(action);
    }
    EXPECT_EQ(authz.Scope(system, A::kManageUsers, tree), (std::set<long long>{1, 2, 3, 4, 5}));
    EXPECT_TRUE(authz.CanEverywhere(system, A::kManageUsers, tree));
}

}  // namespace
}  // namespace belfry::security
