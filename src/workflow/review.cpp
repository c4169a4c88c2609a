#include "workflow/review.hpp"

#include <algorithm>
#include <set>

namespace belfry::workflow {

namespace {

using core::Error;

bool In(const std::string& status, std::initializer_list<const char*> states) {
    return std::any_of(states.begin(), states.end(), [&](const char* s) { return status == s; });
}

Error WrongState(const ReviewState& state, const std::string& what, const std::string& allowed) {
    return Error::Conflict("cannot " + what + " a post that is " + state.status + "; only a post that is " + allowed +
                           " can be");
}

std::string Counted(const Progress& p) {
    std::string s = std::to_string(p.peer_approvals) + " of " + std::to_string(p.peer_reviews_required) +
                    " peer review" + (p.peer_reviews_required == 1 ? "" : "s");
    if (p.spokesperson_required) s += p.spokesperson_approved ? ", spokesperson approved" : ", spokesperson pending";
    return s;
}

}  // namespace

Progress ReviewProgress(const ReviewState& state, const Evaluation& evaluation) {
    Progress p;
    p.peer_reviews_required = evaluation.peer_reviews;
    p.spokesperson_required = evaluation.needs_spokesperson;
    std::set<long long> peers;
    for (const auto& a : state.approvals) {
        if (a.version != state.version || a.user_id == state.author_id) continue;
        if (a.as_spokesperson) {
            p.spokesperson_approved = true;
        } else {
            peers.insert(a.user_id);
        }
    }
    p.peer_approvals = static_cast<int>(peers.size());
    p.complete = p.peer_approvals >= p.peer_reviews_required && (!p.spokesperson_required || p.spokesperson_approved);
    return p;
}

core::Result<Transition> Submit(const ReviewState& state, const Actor& actor, const Evaluation& evaluation) {
    if (!actor.can_draft) return Error::Denied("only a drafter of this organisation can submit its posts for review");
    if (!In(state.status, {"draft"})) return WrongState(state, "submit", "a draft");
    if (evaluation.blocked) {
        Error e{core::ErrorCode::kInvalidArgument, "the post cannot be submitted:", {}, {}, 0};
        for (const auto& f : evaluation.findings) {
            if (f.effect != Effect::kBlocks) continue;
            e.details.push_back({"policy." + f.rule, f.message});
            e.message += " " + f.message;
        }
        e.field = e.details.front().field;
        return e;
    }
    Transition t{state, std::nullopt, ""};
    const Progress p = ReviewProgress(state, evaluation);
    t.state.status = p.complete ? "approved" : "in_review";
    t.summary = p.complete ? "submitted version " + std::to_string(state.version) + "; no review required: approved"
                           : "submitted version " + std::to_string(state.version) + " for review (" + Counted(p) + ")";
    return t;
}

core::Result<Transition> Approve(const ReviewState& state, const Actor& actor, const Evaluation& evaluation,
                                 long long version_seen, core::Millis now) {
    if (actor.is_agency_member) return Error::Denied("agency members draft posts; they never approve them");
    if (!actor.can_approve && !actor.is_spokesperson) {
        return Error::Denied("only a reviewer or the spokesperson of this organisation can approve its posts");
    }
    if (!In(state.status, {"in_review"})) return WrongState(state, "approve", "in review");
    if (actor.user_id == state.author_id) {
        return Error::Denied("four eyes: nobody approves their own post; ask a reviewer of the organisation");
    }
    if (version_seen != state.version) {
        return Error::Conflict("the post changed since you read it (you read version " + std::to_string(version_seen) +
                               ", it is now version " + std::to_string(state.version) + "); read it again");
    }
    const Progress before = ReviewProgress(state, evaluation);
    const bool as_spokesperson =
        evaluation.needs_spokesperson && actor.is_spokesperson && !before.spokesperson_approved;
    for (const auto& a : state.approvals) {
        if (a.version == state.version && a.user_id == actor.user_id) {
            return Error::Conflict("you already approved version " + std::to_string(state.version) +
                                   "; another reviewer must approve it too (" + Counted(before) + ")");
        }
    }
    if (!as_spokesperson && !actor.can_approve) {
        return Error::Denied(
            "the spokesperson has approved this version already; a peer review must come from a reviewer");
    }
    if (!as_spokesperson && before.peer_approvals >= before.peer_reviews_required) {
        return Error::Conflict("enough peer reviews already; this post waits for the spokesperson's approval");
    }
    Transition t{state, Approval{actor.user_id, state.version, as_spokesperson, now}, ""};
    t.state.approvals.push_back(*t.approval);
    const Progress after = ReviewProgress(t.state, evaluation);
    if (after.complete) t.state.status = "approved";
    t.summary = std::string(as_spokesperson ? "spokesperson approved" : "approved") + " version " +
                std::to_string(state.version) + " (" + Counted(after) + ")";
    return t;
}

core::Result<Transition> RequestChanges(const ReviewState& state, const Actor& actor) {
    if (!actor.can_approve && !actor.is_spokesperson) {
        return Error::Denied("only a reviewer or the spokesperson can ask for changes");
    }
    if (!In(state.status, {"in_review", "approved"}))
        return WrongState(state, "ask for changes to", "in review or approved");
    Transition t{state, std::nullopt, "asked for changes to version " + std::to_string(state.version)};
    t.state.status = "draft";
    return t;
}

core::Result<Transition> Reject(const ReviewState& state, const Actor& actor) {
    if (!actor.can_approve && !actor.is_spokesperson)
        return Error::Denied("only a reviewer or the spokesperson can reject");
    if (!In(state.status, {"in_review", "approved"})) return WrongState(state, "reject", "in review or approved");
    Transition t{state, std::nullopt, "rejected version " + std::to_string(state.version)};
    t.state.status = "rejected";
    return t;
}

core::Result<Transition> Withdraw(const ReviewState& state, const Actor& actor) {
    if (!actor.can_draft) return Error::Denied("only a drafter of this organisation can withdraw its posts");
    if (!In(state.status, {"in_review", "approved", "scheduled"})) {
        return WrongState(state, "withdraw", "in review, approved or scheduled");
    }
    Transition t{state, std::nullopt,
                 "withdrew version " + std::to_string(state.version) + " (was " + state.status + ")"};
    t.state.status = "withdrawn";
    return t;
}

core::Result<Transition> ContentChanged(const ReviewState& state, const Actor& actor) {
    if (!actor.can_draft) return Error::Denied("only a drafter of this organisation can change its posts");
    if (!In(state.status, {"draft", "rejected", "in_review", "approved", "scheduled"})) {
        return WrongState(state, "change", "a draft, rejected, in review, approved or scheduled");
    }
    Transition t{state, std::nullopt, ""};
    t.state.version = state.version + 1;
    if (In(state.status, {"in_review", "approved", "scheduled"})) {
        t.state.status = "in_review";
        t.summary = "changed version " + std::to_string(state.version) + " (was " + state.status + "): version " +
                    std::to_string(t.state.version) + " goes back to review";
    } else {
        t.summary = "changed to version " + std::to_string(t.state.version);
    }
    return t;
}

}  // namespace belfry::workflow
