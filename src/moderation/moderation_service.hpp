// ModerationService: the organisation's moderation policy applied to citizens' messages, and the
// moderators' decisions (issue 5).
//
// Contract
// - Judge() runs inside the ingestion transaction: the organisation's effective settings
//   (inherited down the tree) and its engine (the built-in lexicons plus the terms of the
//   organisation and its ancestors, the allowed words removed), cached per set of terms and rebuilt
//   when a term changes. Score ≥ hide threshold → hide; ≥ queue threshold → queue; else none.
// - Every decision is a new row (moderation_decisions) with the original text verbatim, the reason,
//   the rule or score, and who decided (rule, model, person); a reversal names the decision it
//   reverses. Network actions (hide, unhide) are recorded `pending` and carried out by the inbox
//   worker, which records the network's answer; a network that cannot hide is recorded
//   `not_supported` at once and the item stays queued for a person.
// - Permissions: kModerate on the item's organisation for the queue and decisions; kManageInbox for
//   settings and the lexicon (read with kModerate or kReadInbox). Each change has its audit entry.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "inbox/events.hpp"
#include "inbox/model.hpp"
#include "moderation/classifier.hpp"
#include "moderation/decision.hpp"
#include "moderation/engine.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"
#include "store/inbox_repo.hpp"

namespace belfry::moderation {

struct Verdict {
    std::string action = "none";  // hide | queue | none
    std::string category;         // the top category acted on ("" with none)
    double score = 0;
    std::string rule;             // "insult: connard (fr); personal data: iban"
    std::string reason;           // in words
    std::string source = "rule";  // rule | model: which one gave the top score
};

// What is decided for one organisation, with where each setting comes from.
struct SettingsView {
    std::optional<Settings> own;
    Settings effective;
    long long set_by = 0;  // the organisation whose row applies; 0: the defaults
    std::string set_by_name;
};

struct TermView {
    Term term;
    std::string organisation_name;
};

struct ItemView {
    inbox::Item item;
    std::string channel_handle;
    std::string network;
    std::optional<Decision> latest;
    std::vector<Decision> decisions;  // GetItem only
};

struct TryResult {
    Classification classification;
    Verdict verdict;
};

struct QueueFilter {
    std::optional<long long> organisation_id;
    std::vector<std::string> states;
    std::vector<std::string> categories;
    int page = 1;
    int per_page = 50;
};

class ModerationService {
  public:
    // can_hide(network name): whether belfry can hide a reply on that network (its connector).
    ModerationService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                      inbox::EventHub& events, std::shared_ptr<const Engine> base_engine,
                      std::function<bool(const std::string&)> can_hide);

    // ---- inside the ingestion transaction
    // What judging an organisation's messages needs, read once per batch.
    struct Context {
        std::shared_ptr<const Engine> engine;
        Settings settings;
        std::shared_ptr<const Classifier> model;  // set when the settings use it and one is loaded
    };
    Context ContextFor(store::Tx& tx, const security::OrgTree& tree, long long organisation_id);
    static Verdict Judge(const Context& context, std::string_view text);
    Verdict Judge(store::Tx& tx, const security::OrgTree& tree, long long organisation_id, std::string_view text);
    // Before the item is stored: its moderation state, category and score from the verdict.
    void ApplyVerdict(inbox::Item& item, const std::string& network, const Verdict& v) const;
    // After: the decision (hide or queue) for the stored item, with its audit entry for a hide.
    Decision RecordVerdict(store::Tx& tx, const inbox::Item& item, const std::string& network, const Verdict& v,
                           core::Millis now);
    bool CanHide(const std::string& network) const { return can_hide_ ? can_hide_(network) : false; }
    // Whether this message can be hidden: a reply under the channel's posts, on a network that lets
    // an account hide replies (a mention elsewhere or a direct message cannot be).
    bool CanHide(const std::string& network, const inbox::Item& item) const {
        return item.kind == inbox::kKindReply && CanHide(network);
    }
    // Why not, in words, for the decision's network message.
    static std::string WhyNotHidden(const std::string& network, const inbox::Item& item);
    // The trained classifier (`belfry moderation train`), used where the settings say use_model.
    void SetModel(std::shared_ptr<const Classifier> model) { model_ = std::move(model); }

    // ---- people
    core::Result<registry::Page<ItemView>> Queue(const security::Principal& who, const QueueFilter& filter);
    core::Result<ItemView> GetItem(const security::Principal& who, long long item_id);
    // action: hide | allow | restore; reason required.
    core::Result<Decision> Decide(const security::Principal& who, long long item_id, const std::string& action,
                                  const std::string& reason);

    core::Result<SettingsView> GetSettings(const security::Principal& who, long long organisation_id);
    core::Result<SettingsView> PutSettings(const security::Principal& who, long long organisation_id,
                                           const std::optional<Settings>& settings);
    core::Result<std::vector<TermView>> ListTerms(const security::Principal& who, long long organisation_id);
    core::Result<TermView> AddTerm(const security::Principal& who, long long organisation_id, Term term);
    core::Status DeleteTerm(const security::Principal& who, long long term_id);
    core::Result<TryResult> Try(const security::Principal& who, long long organisation_id, const std::string& text);

    // ---- the worker: the network's answer to a pending hide or unhide
    void RecordNetworkResult(long long decision_id, const std::string& result, const std::string& message, bool final);

    static core::Status ValidateSettings(const Settings& s);

  private:
    std::shared_ptr<const Engine> EngineFor(store::Tx& tx, const security::OrgTree& tree, long long organisation_id);
    SettingsView EffectiveSettings(store::Tx& tx, const security::OrgTree& tree, long long organisation_id);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
    inbox::EventHub& events_;
    std::shared_ptr<const Engine> base_;
    std::function<bool(const std::string&)> can_hide_;
    std::shared_ptr<const Classifier> model_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<const Engine>> engines_;  // by the signature of the term set
};

}  // namespace belfry::moderation
