// Roles, actions and the one place that decides every permission.
//
// Contract: roles are granted on an organisation and inherited by its whole sub-tree. An expired
// grant counts for nothing. Authorizer::Can() is the only permission check in the code base; every
// API endpoint goes through it (directly or through a service). Pure and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace belfry::security {

enum class Role { kAdministrator, kEditor, kReviewer, kSpokesperson, kModerator, kAnalyst, kAgencyMember };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();

enum class Action {
    kReadRegistry,        // organisations, channels, contacts in scope
    kManageRegistry,      // create/change organisations and channels
    kManageUsers,         // create users, grant and revoke roles
    kReadAudit,           // read the audit trail
    kDraftPost,           // (publishing) write drafts
    kApprovePost,         // (workflow) approve — never agency members
    kApproveSensitive,    // (workflow) approve as the spokesperson: sensitive subjects, election periods
    kManageCrisis,        // (workflow) open and close a crisis, send crisis templates
    kModerate,            // (moderation) act on reactions
    kReadAnalytics,       // (analytics)
    kReadInbox,           // (inbox) read conversations with citizens
    kAnswerInbox,         // (inbox) answer, assign, change status, write internal notes
    kManageInbox,         // (inbox) response settings, teams, category rules, moderation policy
    kManageSavedReplies,  // (inbox) write the saved replies
};

std::string_view ActionName(Action action);

struct Grant {
    long long id = 0;
    long long organisation_id = 0;
    Role role = Role::kAnalyst;
    std::optional<core::Millis> expires_at;
};

struct Principal {
    long long user_id = 0;
    std::string username;
    std::vector<Grant> grants;
    bool via_token = false;
    bool is_system = false;  // the operator at the command line (seed, user add): allowed everything

    static Principal System(std::string name) {
        Principal p;
        p.username = std::move(name);
        p.is_system = true;
        return p;
    }
};

// The organisation tree as child → parent. 0 means "no parent".
class OrgTree {
  public:
    void Add(long long id, long long parent_id) { parent_[id] = parent_id; }
    bool Contains(long long id) const { return parent_.count(id) > 0; }
    // id itself, then its parent, … up to the root.
    std::vector<long long> AncestorsAndSelf(long long id) const;
    // id and every organisation below it.
    std::set<long long> SubtreeOf(long long id) const;
    const std::map<long long, long long>& parents() const { return parent_; }

  private:
    std::map<long long, long long> parent_;
};

bool RoleAllows(Role role, Action action);

// The organisations of `scope` that are `organisation_id` or below it (a filter on a person's scope).
std::set<long long> WithinSubtree(const std::set<long long>& scope, const OrgTree& tree, long long organisation_id);

class Authorizer {
  public:
    explicit Authorizer(const core::Clock& clock) : clock_(clock) {}

    // True when the principal holds, on `organisation_id` or one of its ancestors, an unexpired
    // role that allows `action`.
    bool Can(const Principal& who, Action action, long long organisation_id, const OrgTree& tree) const;
    // Every organisation on which `action` is allowed (the union of the granting sub-trees).
    std::set<long long> Scope(const Principal& who, Action action, const OrgTree& tree) const;
    // True when `action` is allowed on the root of every grant, i.e. on all organisations.
    bool CanEverywhere(const Principal& who, Action action, const OrgTree& tree) const;

  private:
    bool Active(const Grant& g) const;
    const core::Clock& clock_;
};

}  // namespace belfry::security
