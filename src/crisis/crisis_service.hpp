// CrisisService: opening and closing a crisis, the alert templates, and the messages sent during it.
//
// Contract
// - Open() (Action::kManageCrisis on the organisation: administrator or spokesperson) covers the
//   organisation's sub-tree. In one transaction with its audit entry: every `scheduled` rendition
//   of a post of the sub-tree, or going to a channel of the sub-tree, becomes `paused` (its publish
//   job cancelled, its original time kept in crisis_paused) and its post becomes `paused`;
//   renditions already `publishing`/`unconfirmed` cannot be stopped and are reported (not_paused).
//   Crisis messages are never paused. At most one open crisis covers an organisation: opening one
//   above or below an open crisis is refused (kConflict naming it).
// - While a crisis is open, scheduling a post of its sub-tree, or to one of its channels, is refused
//   (CheckNotInCrisis, called by PublishingService::Schedule and RetryRendition); only crisis
//   messages go out.
// - Close() (kManageCrisis) gives each paused post its schedule back (the original time when it is
//   still ahead); a post whose time passed needs a decision (crisis::PlanClose): publish_now,
//   reschedule or cancel (the rendition `cancelled`, the post back to `approved`). Audited.
// - Templates: created and changed with kManageCrisis on their organisation (each change bumps the
//   version and clears the approval); approved with kApproveSensitive (the spokesperson), of the
//   version read. Readable by anyone with a role on the organisation, on one below it (a template
//   of an ancestor serves its sub-tree) or above it.
// - SendMessage() (kApproveSensitive on the crisis organisation: the spokesperson only) fills an
//   approved template of the crisis organisation or an ancestor, and in one transaction creates the
//   post (content type crisis_information, `scheduled`, approved by the template's approval),
//   checks and stores its renditions due now with one publish job each (the publisher fans them
//   out), and records the message and its audit entries.
// - Reading a crisis needs a role on its organisation, below it or above it; the view is live: the
//   renditions' states come from the renditions, so polling shows the progress per channel.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crisis/model.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::crisis {

struct OpenInput {
    long long organisation_id = 0;
    std::string title;
    std::string reason;
};

struct CrisisFilter {
    std::optional<std::string> status;         // open | closed
    std::optional<long long> organisation_id;  // crises covering it or within its sub-tree
    int page = 1;
    int per_page = 50;
};

struct TemplateInput {
    long long organisation_id = 0;
    std::string name;
    std::map<std::string, std::string> variants;
};

struct TemplatePatch {
    std::optional<std::string> name;
    std::optional<std::map<std::string, std::string>> variants;  // replaces all
};

struct MessageInput {
    long long template_id = 0;
    Fields fields;
    std::vector<long long> channel_ids;
};

struct TemplateView {
    Template tmpl;
    std::string organisation_name;
};

class CrisisService {
  public:
    CrisisService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz)
        : db_(db), clock_(clock), authz_(authz) {}

    core::Result<CrisisView> Open(const security::Principal& who, const OpenInput& in);
    core::Result<registry::Page<CrisisSummary>> List(const security::Principal& who, const CrisisFilter& filter);
    core::Result<CrisisView> Get(const security::Principal& who, long long id);
    core::Result<CrisisView> Close(const security::Principal& who, long long id,
                                   const std::vector<Decision>& decisions);
    core::Result<MessageView> SendMessage(const security::Principal& who, long long crisis_id, const MessageInput& in);

    // Without organisation_id: every template the caller may read; with it: the templates usable for
    // a crisis of that organisation (its own and its ancestors').
    core::Result<std::vector<TemplateView>> ListTemplates(const security::Principal& who,
                                                          std::optional<long long> organisation_id);
    core::Result<TemplateView> GetTemplate(const security::Principal& who, long long id);
    core::Result<TemplateView> CreateTemplate(const security::Principal& who, const TemplateInput& in);
    core::Result<TemplateView> UpdateTemplate(const security::Principal& who, long long id, const TemplatePatch& patch);
    core::Result<TemplateView> ApproveTemplate(const security::Principal& who, long long id, long long version);

  private:
    core::Result<CrisisView> View(store::Tx& tx, const Crisis& c);
    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
};

// Refuses (kConflict) to schedule `post_id` of `organisation_id` to `channel_ids` while an open
// crisis covers the organisation or one of the channels' organisations; crisis messages pass.
// Runs in the caller's transaction (it takes the locks described in store/crisis_repo.hpp).
core::Status CheckNotInCrisis(store::Tx& tx, const security::OrgTree& tree, long long post_id,
                              long long organisation_id, const std::vector<long long>& channel_ids);

}  // namespace belfry::crisis
