// SQL for the editorial workflow: post versions, approvals, the review conversation and each
// organisation's policy settings. Runs inside the caller's Tx; throws soci exceptions on failure.
#pragma once

#include <optional>
#include <vector>

#include "security/roles.hpp"
#include "store/database.hpp"
#include "workflow/history.hpp"
#include "workflow/policy.hpp"
#include "workflow/review.hpp"

namespace belfry::store {

void InsertVersion(Tx& tx, const workflow::PostVersion& v);
std::vector<workflow::PostVersion> ListVersions(Tx& tx, long long post_id);  // oldest first
std::optional<workflow::PostVersion> GetVersion(Tx& tx, long long post_id, long long version);

void InsertApproval(Tx& tx, long long post_id, const workflow::Approval& a);
std::vector<workflow::Approval> ListApprovals(Tx& tx, long long post_id);  // oldest first

long long InsertComment(Tx& tx, const workflow::ReviewComment& c);
std::vector<workflow::ReviewComment> ListComments(Tx& tx, long long post_id);  // oldest first

std::optional<workflow::PolicySettings> GetPolicySettings(Tx& tx, long long organisation_id);
void PutPolicySettings(Tx& tx, const workflow::PolicySettings& settings, std::optional<long long> by, core::Millis now);
// The settings of the organisation's chain, from the root down to the organisation itself (an
// organisation without settings of its own contributes an empty one).
std::vector<workflow::PolicySettings> LoadPolicyChain(Tx& tx, const security::OrgTree& tree, long long organisation_id);

}  // namespace belfry::store
