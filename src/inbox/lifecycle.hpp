// The conversation status machine (issue 5, "Assignment, statuses"). Pure: what an event or a
// person's request does to a conversation's status; the service stores it with its audit entry.
//
//   new ⇄ assigned          assign someone / remove the assignee
//   any → answered          a reply is sent
//   answered ⇄ waiting      set by a person (waiting: on the citizen)
//   any → closed            set by a person
//   closed → new|assigned   reopened: set by a person, assigned to someone, or the citizen writes
//   answered|waiting → new|assigned   the citizen writes again (assigned when someone is assigned)
//
// Contract
// - Assignment: new → assigned; removing the assignee: assigned → new. Answered and waiting keep their
//   status either way. Assigning someone to a closed conversation reopens it (→ assigned);
//   removing the assignee of a closed one keeps it closed.
// - Set by a person (NextStatusOnSet): the same status is a no-op; anything may be closed; a closed
//   conversation may be reopened to new or assigned (the service keeps "assigned" for conversations
//   with an assignee); answered ↔ waiting. Everything else is refused with a message saying what to
//   do instead: new/assigned follow the assignee (kInvalidArgument on "status"), a conversation is
//   answered by sending a reply and waits on the citizen only after one (kConflict), an answered or
//   waiting one reopens when the citizen writes again, a closed one is reopened before anything else.
// - A citizen writing again: answered, waiting and closed → assigned when there is an assignee, else
//   new; new and assigned are unchanged.
// - An answer sent (the first or another): → answered, from any status.
#pragma once

#include "core/result.hpp"
#include "inbox/model.hpp"

namespace belfry::inbox {

core::Result<Status> NextStatusOnAssign(Status current, bool has_assignee);
core::Result<Status> NextStatusOnSet(Status current, Status wanted);
Status NextStatusOnCitizenMessage(Status current, bool has_assignee);
Status NextStatusOnAnswerSent(Status current);

}  // namespace belfry::inbox
