#include "inbox/lifecycle.hpp"

namespace belfry::inbox {

core::Result<Status> NextStatusOnAssign(Status current, bool has_assignee) {
    switch (current) {
        case Status::kNew:
        case Status::kAssigned:
            return has_assignee ? Status::kAssigned : Status::kNew;
        case Status::kClosed:
            return has_assignee ? Status::kAssigned : Status::kClosed;
        case Status::kWaiting:
        case Status::kAnswered:
            return current;
    }
    return core::Error::Internal("unknown conversation status");
}

core::Result<Status> NextStatusOnSet(Status current, Status wanted) {
    using core::Error;
    if (wanted == current || wanted == Status::kClosed) return wanted;
    const bool open_unanswered = current == Status::kNew || current == Status::kAssigned;
    const bool wants_unanswered = wanted == Status::kNew || wanted == Status::kAssigned;
    if (current == Status::kClosed) {
        if (wants_unanswered) return wanted;
        return Error::Conflict("the conversation is closed: reopen it first (status new or assigned)");
    }
    if (open_unanswered) {
        if (wants_unanswered) {
            return Error::Invalid("status",
                                  "new and assigned follow the assignee: assign someone, or remove the assignee");
        }
        if (wanted == Status::kAnswered) {
            return Error::Conflict(
                "a conversation is answered by sending a reply: send one, or close the conversation if it needs none");
        }
        return Error::Conflict("a conversation waits on the citizen after an answer: send your question first");
    }
    // answered or waiting
    if (wants_unanswered) {
        return Error::Conflict(
            "the conversation has an answer: it reopens by itself when the citizen writes again; close it when done");
    }
    return wanted;  // answered ↔ waiting
}

Status NextStatusOnCitizenMessage(Status current, bool has_assignee) {
    if (current == Status::kNew || current == Status::kAssigned) return current;
    return has_assignee ? Status::kAssigned : Status::kNew;
}

Status NextStatusOnAnswerSent(Status /*current*/) { return Status::kAnswered; }

}  // namespace belfry::inbox
