#include "security/roles.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace belfry::security {

namespace {
struct RoleEntry {
    Role role;
    std::string_view name;
};
constexpr std::array<RoleEntry, 7> kRoles{{
    {Role::kAdministrator, "administrator"},
    {Role::kEditor, "editor"},
    {Role::kReviewer, "reviewer"},
    {Role::kSpokesperson, "spokesperson"},
    {Role::kModerator, "moderator"},
    {Role::kAnalyst, "analyst"},
    {Role::kAgencyMember, "agency_member"},
}};
}  // namespace

std::string_view RoleName(Role role) {
    for (const auto& e : kRoles) {
        if (e.role == role) return e.name;
    }
    return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (const auto& e : kRoles) {
        if (e.name == name) return e.role;
    }
    return std::nullopt;
}

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> all = [] {
        std::vector<Role> v;
        v.reserve(kRoles.size());
        for (const auto& e : kRoles) v.push_back(e.role);
        return v;
    }();
    return all;
}

std::string_view ActionName(Action action) {
    switch (action) {
        case Action::kReadRegistry:
            return "read the registry";
        case Action::kManageRegistry:
            return "manage organisations and channels";
        case Action::kManageUsers:
            return "manage users and roles";
        case Action::kReadAudit:
            return "read the audit trail";
        case Action::kDraftPost:
            return "draft posts";
        case Action::kApprovePost:
            return "approve posts";
        case Action::kApproveSensitive:
            return "approve sensitive posts as the spokesperson";
        case Action::kManageCrisis:
            return "open and close crises";
        case Action::kModerate:
            return "moderate reactions";
        case Action::kReadInbox:
            return "read the inbox";
        case Action::kAnswerInbox:
            return "answer citizens";
        case Action::kManageInbox:
            return "manage the inbox and moderation settings";
        case Action::kManageSavedReplies:
            return "write saved replies";
        case Action::kReadAnalytics:
            return "read analytics";
    }
    return "unknown";
}

// The permission matrix. Every role may read the registry of its scope.
bool RoleAllows(Role role, Action action) {
    if (action == Action::kReadRegistry) return true;
    switch (role) {
        case Role::kAdministrator:  // everything but the spokesperson's own approval
            return action != Action::kApproveSensitive;
        case Role::kEditor:
            return action == Action::kDraftPost || action == Action::kReadAnalytics || action == Action::kReadInbox ||
                   action == Action::kAnswerInbox || action == Action::kManageSavedReplies;
        case Role::kReviewer:
            return action == Action::kApprovePost || action == Action::kReadAnalytics || action == Action::kReadInbox;
        case Role::kSpokesperson:
            return action == Action::kDraftPost || action == Action::kApprovePost ||
                   action == Action::kApproveSensitive || action == Action::kManageCrisis ||
                   action == Action::kReadAnalytics || action == Action::kReadInbox || action == Action::kAnswerInbox ||
                   action == Action::kModerate || action == Action::kManageSavedReplies;
        case Role::kModerator:
            return action == Action::kModerate || action == Action::kReadInbox || action == Action::kAnswerInbox;
        case Role::kAnalyst:
            return action == Action::kReadAnalytics || action == Action::kReadAudit;
        case Role::kAgencyMember:
            return action == Action::kDraftPost || action == Action::kReadInbox || action == Action::kAnswerInbox;
    }
    return false;
}

std::set<long long> WithinSubtree(const std::set<long long>& scope, const OrgTree& tree, long long organisation_id) {
    const auto sub = tree.SubtreeOf(organisation_id);
    std::set<long long> both;
    std::set_intersection(scope.begin(), scope.end(), sub.begin(), sub.end(), std::inserter(both, both.begin()));
    return both;
}

std::vector<long long> OrgTree::AncestorsAndSelf(long long id) const {
    std::vector<long long> out;
    long long cur = id;
    // The depth bound guards against a corrupted (cyclic) tree.
    for (int depth = 0; cur != 0 && depth < 64; ++depth) {
        auto it = parent_.find(cur);
        if (it == parent_.end()) break;
        out.push_back(cur);
        cur = it->second;
    }
    return out;
}

std::set<long long> OrgTree::SubtreeOf(long long id) const {
    std::map<long long, std::vector<long long>> children;
    for (const auto& [child, parent] : parent_) children[parent].push_back(child);
    std::set<long long> out;
    if (!Contains(id)) return out;
    std::vector<long long> stack{id};
    while (!stack.empty()) {
        const long long cur = stack.back();
        stack.pop_back();
        if (!out.insert(cur).second) continue;
        for (long long c : children[cur]) stack.push_back(c);
    }
    return out;
}

bool Authorizer::Active(const Grant& g) const { return !g.expires_at || *g.expires_at > clock_.NowMs(); }

bool Authorizer::Can(const Principal& who, Action action, long long organisation_id, const OrgTree& tree) const {
    if (who.is_system) return tree.Contains(organisation_id);
    const auto chain = tree.AncestorsAndSelf(organisation_id);
    for (const auto& g : who.grants) {
        if (!Active(g) || !RoleAllows(g.role, action)) continue;
        for (long long org : chain) {
            if (org == g.organisation_id) return true;
        }
    }
    return false;
}

std::set<long long> Authorizer::Scope(const Principal& who, Action action, const OrgTree& tree) const {
    std::set<long long> out;
    if (who.is_system) {
        for (const auto& [id, parent] : tree.parents()) out.insert(id);
        return out;
    }
    for (const auto& g : who.grants) {
        if (!Active(g) || !RoleAllows(g.role, action)) continue;
        const auto sub = tree.SubtreeOf(g.organisation_id);
        out.insert(sub.begin(), sub.end());
    }
    return out;
}

bool Authorizer::CanEverywhere(const Principal& who, Action action, const OrgTree& tree) const {
    for (const auto& [id, parent] : tree.parents()) {
        if (parent == 0 && !Can(who, action, id, tree)) return false;
    }
    return !tree.parents().empty();
}

}  // namespace belfry::security
