#include "moderation/moderation_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <set>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "store/audit_repo.hpp"
#include "store/names.hpp"
#include "store/registry_repo.hpp"

namespace belfry::moderation {

using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTerm = 80;
constexpr std::size_t kMaxReason = 1000;
constexpr std::size_t kMaxTryText = 20000;

std::string Fixed2(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

bool Acts(const Settings& s, std::string_view category) {
    return std::find(s.categories.begin(), s.categories.end(), category) != s.categories.end();
}

// "insult: connard (fr), idiot (fr); personal data: iban"
std::string RuleText(const Classification& c) {
    std::map<std::string, std::vector<std::string>> by_category;
    for (const auto& t : c.terms) {
        by_category[std::string(CategoryName(t.category))].push_back(
            std::string(t.term) + (t.language.empty() ? "" : " (" + std::string(t.language) + ")"));
    }
    for (const auto& d : c.personal_data) {
        by_category["personal_data"].push_back(std::string(PersonalDataName(d.kind)));
    }
    if (c.links > 0) by_category["spam"].push_back(std::to_string(c.links) + " link(s)");
    if (c.repetitive) by_category["spam"].push_back("repetition");
    std::string out;
    for (const auto& [cat, parts] : by_category) {
        if (!out.empty()) out += "; ";
        out += cat + ": " + core::Join(parts, ", ");
    }
    std::vector<std::string> signals;
    if (c.leet) signals.emplace_back("leetspeak");
    if (c.confusable) signals.emplace_back("look-alike letters");
    if (c.invisible) signals.emplace_back("invisible characters");
    if (!signals.empty()) out += (out.empty() ? "" : "; ") + std::string("disguised: ") + core::Join(signals, ", ");
    return out;
}

json::object SettingsJson(const Settings& s) {
    json::array cats;
    for (const auto& c : s.categories) cats.emplace_back(c);
    return {{"hide_threshold", s.hide_threshold},
            {"queue_threshold", s.queue_threshold},
            {"categories", std::move(cats)},
            {"use_model", s.use_model}};
}

}  // namespace

std::string ModerationService::WhyNotHidden(const std::string& network, const inbox::Item& item) {
    const auto n = core::ParseNetwork(network);
    const std::string name(core::NetworkDisplayName(n.value_or(core::Network::kOther)));
    if (item.kind == inbox::kKindDirect) {
        return "a direct message cannot be hidden (only its writer and the account see it): a moderator decides "
               "(block or report the sender on " +
               name + ", or leave it)";
    }
    if (item.kind != inbox::kKindReply) {
        return "a mention outside the channel's own threads cannot be hidden by the channel: report it to " + name +
               "'s moderators if it breaks the rules";
    }
    return name +
           " does not let an account hide replies to its posts: report it to the network's moderators if it "
           "breaks the rules, or leave it";
}

ModerationService::ModerationService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                                     inbox::EventHub& events, std::shared_ptr<const Engine> base_engine,
                                     std::function<bool(const std::string&)> can_hide)
    : db_(db),
      clock_(clock),
      authz_(authz),
      events_(events),
      base_(std::move(base_engine)),
      can_hide_(std::move(can_hide)) {}

core::Status ModerationService::ValidateSettings(const Settings& s) {
    if (!(s.hide_threshold > 0 && s.hide_threshold <= 1)) {
        return Error::Invalid("hide_threshold", "the hide threshold must be above 0 and at most 1 (e.g. 0.9)");
    }
    if (!(s.queue_threshold > 0 && s.queue_threshold <= 1)) {
        return Error::Invalid("queue_threshold", "the queue threshold must be above 0 and at most 1 (e.g. 0.5)");
    }
    if (s.queue_threshold > s.hide_threshold) {
        return Error::Invalid("queue_threshold",
                              "the queue threshold must not be above the hide threshold: messages between the two "
                              "wait for a moderator, those above the hide threshold are hidden at once");
    }
    std::set<std::string> seen;
    for (const auto& c : s.categories) {
        if (!ParseCategory(c)) {
            return Error::Invalid("categories", "'" + c +
                                                    "' is not a moderation category: use insult, racism, "
                                                    "discrimination, violence, spam or personal_data");
        }
        if (!seen.insert(c).second) return Error::Invalid("categories", "'" + c + "' is listed twice");
    }
    return core::Ok();
}

SettingsView ModerationService::EffectiveSettings(store::Tx& tx, const security::OrgTree& tree,
                                                  long long organisation_id) {
    const auto chain = tree.AncestorsAndSelf(organisation_id);
    const auto rows = store::GetModerationSettings(tx, chain);
    SettingsView v;
    for (long long org : chain) {  // self first, then up
        auto it = rows.find(org);
        if (it == rows.end()) continue;
        if (org == organisation_id) v.own = it->second;
        v.effective = it->second;
        v.set_by = org;
        break;
    }
    v.set_by_name = v.set_by != 0 ? store::OrganisationName(tx, v.set_by) : "";
    return v;
}

std::shared_ptr<const Engine> ModerationService::EngineFor(store::Tx& tx, const security::OrgTree& tree,
                                                           long long organisation_id) {
    const auto chain = tree.AncestorsAndSelf(organisation_id);
    auto terms = store::ListTerms(tx, chain);
    if (terms.empty() || !base_) return base_;
    std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) { return a.id < b.id; });
    std::string signature;
    for (const auto& t : terms) signature += std::to_string(t.id) + ",";
    {
        std::lock_guard lock(mu_);
        auto it = engines_.find(signature);
        if (it != engines_.end()) return it->second;
    }
    std::vector<LexiconEntry> extra;
    std::vector<AllowEntry> allow;
    for (const auto& t : terms) {
        auto cat = ParseCategory(t.category);
        if (!cat) continue;
        if (t.kind == "allow") {
            allow.push_back(AllowEntry{*cat, t.language, t.term});
        } else {
            extra.push_back(LexiconEntry{*cat, t.language, t.term, 1.0});
        }
    }
    auto built = Engine::Create(std::move(extra), allow);
    if (!built) return base_;  // terms are checked when added; a failure here keeps the built-in rules
    std::lock_guard lock(mu_);
    if (engines_.size() > 256) engines_.clear();
    engines_[signature] = *built;
    return *built;
}

ModerationService::Context ModerationService::ContextFor(store::Tx& tx, const security::OrgTree& tree,
                                                         long long organisation_id) {
    Context c{EngineFor(tx, tree, organisation_id), EffectiveSettings(tx, tree, organisation_id).effective, nullptr};
    if (c.settings.use_model) c.model = model_;
    return c;
}

Verdict ModerationService::Judge(store::Tx& tx, const security::OrgTree& tree, long long organisation_id,
                                 std::string_view text) {
    return Judge(ContextFor(tx, tree, organisation_id), text);
}

Verdict ModerationService::Judge(const Context& context, std::string_view text) {
    Verdict v;
    if (!context.engine) return v;
    const auto& settings = context.settings;
    auto c = context.engine->Classify(text);
    const auto rule_scores = c.scores;
    if (context.model) CombineWithModel(*context.model, text, c);
    double best = 0;
    std::string best_cat;
    for (auto cat : kCategories) {
        const auto name = CategoryName(cat);
        if (!Acts(settings, name)) continue;
        const double s = c.score(cat);
        if (s > best) {
            best = s;
            best_cat = std::string(name);
        }
    }
    v.score = best;
    v.rule = RuleText(c);
    if (best >= settings.hide_threshold) {
        v.action = "hide";
    } else if (best >= settings.queue_threshold) {
        v.action = "queue";
    } else {
        return v;
    }
    v.category = best_cat;
    const auto top = ParseCategory(best_cat);
    if (top && rule_scores[static_cast<std::size_t>(*top)] < best) v.source = std::string(kSourceModel);
    v.reason = (v.source == kSourceModel ? "the model scored " : "scored ") + Fixed2(best) + " for " + best_cat +
               ", at or above the " +
               (v.action == "hide" ? "hide threshold " + Fixed2(settings.hide_threshold)
                                   : "queue threshold " + Fixed2(settings.queue_threshold)) +
               " (" + v.rule + ")";
    return v;
}

void ModerationService::ApplyVerdict(inbox::Item& item, const std::string& network, const Verdict& v) const {
    if (v.action == "none") return;
    if (v.action == "hide") {
        item.moderation = std::string(CanHide(network, item) ? inbox::kModHidden : inbox::kModNotHidden);
    } else {
        item.moderation = std::string(inbox::kModQueued);
    }
    item.moderation_category = v.category;
    item.moderation_score = v.score;
}

Decision ModerationService::RecordVerdict(store::Tx& tx, const inbox::Item& item, const std::string& network,
                                          const Verdict& v, core::Millis now) {
    Decision d;
    d.item_id = item.id;
    d.organisation_id = item.organisation_id;
    d.action = v.action;
    d.source = v.source;
    d.category = v.category;
    d.score = v.score;
    d.rule = v.rule;
    d.reason = v.reason;
    d.original_text = item.text;
    d.decided_by_name = v.source;
    d.created_at = now;
    d.updated_at = now;
    if (v.action == "hide") {
        if (CanHide(network, item)) {
            d.network_result = "pending";
        } else {
            d.network_result = "not_supported";
            d.network_message = WhyNotHidden(network, item);
        }
    }
    d.id = store::InsertDecision(tx, d);
    if (v.action == "hide") {
        auto ev = store::AuditEventBy(Principal::System("moderation rules"), "moderation.hide", "inbox_item", item.id,
                                      item.organisation_id);
        ev.after_json = json::serialize(json::object{{"decision", d.id},
                                                     {"category", d.category},
                                                     {"score", v.score},
                                                     {"rule", d.rule},
                                                     {"network_result", d.network_result}});
        store::AppendAudit(tx, ev, now);
    }
    return d;
}

Result<registry::Page<ItemView>> ModerationService::Queue(const Principal& who, const QueueFilter& filter) {
    return db_.Read<registry::Page<ItemView>>([&](store::Tx& tx) -> Result<registry::Page<ItemView>> {
        const auto tree = store::LoadOrgTree(tx);
        auto scope = authz_.Scope(who, Action::kModerate, tree);
        if (filter.organisation_id) {
            BELFRY_TRY(store::OrganisationExists(tree, *filter.organisation_id, "organisation_id"));
            scope = security::WithinSubtree(scope, tree, *filter.organisation_id);
        }
        for (const auto& c : filter.categories) {
            if (!ParseCategory(c)) return Error::Invalid("category", "'" + c + "' is not a moderation category");
        }
        static const std::set<std::string> kStates{"queued", "hidden", "not_hidden", "hide_failed", "allowed", "none"};
        for (const auto& s : filter.states) {
            if (kStates.count(s) == 0) {
                return Error::Invalid("state", "'" + s +
                                                   "' is not a moderation state: use queued, hidden, not_hidden, "
                                                   "hide_failed or allowed");
            }
        }
        store::ModerationQuery q;
        q.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
        q.states = filter.states;
        q.categories = filter.categories;
        q.page = filter.page;
        q.per_page = filter.per_page;
        auto page = store::ListModeratedItems(tx, q);
        registry::Page<ItemView> out;
        out.page = page.page;
        out.per_page = page.per_page;
        out.total = page.total;
        std::map<long long, registry::Channel> channels;
        for (auto& m : page.items) {
            ItemView v;
            v.item = std::move(m.item);
            v.latest = std::move(m.latest);
            auto it = channels.find(v.item.channel_id);
            if (it == channels.end()) {
                auto ch = store::GetChannel(tx, v.item.channel_id);
                it = channels.emplace(v.item.channel_id, ch.value_or(registry::Channel{})).first;
            }
            v.channel_handle = it->second.handle;
            v.network = std::string(core::NetworkName(it->second.network));
            out.items.push_back(std::move(v));
        }
        return out;
    });
}

Result<ItemView> ModerationService::GetItem(const Principal& who, long long item_id) {
    return db_.Read<ItemView>([&](store::Tx& tx) -> Result<ItemView> {
        auto item = store::GetItem(tx, item_id);
        if (!item) return Error::NotFound("message " + std::to_string(item_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kModerate, item->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not moderate the messages of " +
                                 store::OrganisationName(tx, item->organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        ItemView v;
        v.item = std::move(*item);
        auto ch = store::GetChannel(tx, v.item.channel_id);
        if (ch) {
            v.channel_handle = ch->handle;
            v.network = std::string(core::NetworkName(ch->network));
        }
        v.decisions = store::ListDecisions(tx, item_id);
        if (!v.decisions.empty()) v.latest = v.decisions.back();
        return v;
    });
}

Result<Decision> ModerationService::Decide(const Principal& who, long long item_id, const std::string& action,
                                           const std::string& reason) {
    if (action != kActionHide && action != kActionAllow && action != kActionRestore) {
        return Error::Invalid("action", "'" + action +
                                            "' is not a moderation action: hide (hide it on the network), allow "
                                            "(leave it visible) or restore (undo a hide)");
    }
    const std::string why(core::Trim(reason));
    if (why.empty()) {
        return Error::Invalid("reason",
                              "say why, in a few words: the reason is kept with the decision and shown "
                              "to the other moderators");
    }
    if (why.size() > kMaxReason) {
        return Error::Invalid("reason", "the reason is longer than " + std::to_string(kMaxReason) + " bytes");
    }
    inbox::Event event;
    auto result = db_.Transact<Decision>([&](store::Tx& tx) -> Result<Decision> {
        auto item = store::GetItem(tx, item_id);
        if (!item) return Error::NotFound("message " + std::to_string(item_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kModerate, item->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not moderate the messages of " +
                                 store::OrganisationName(tx, item->organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        if (item->direction != "in") {
            return Error::Invalid("item_id", "message " + std::to_string(item_id) +
                                                 " is one of our own answers: only citizens' messages are moderated");
        }
        auto ch = store::GetChannel(tx, item->channel_id);
        const std::string network = ch ? std::string(core::NetworkName(ch->network)) : "";
        const auto history = store::ListDecisions(tx, item_id);
        const auto now = clock_.NowMs();
        Decision d;
        d.item_id = item_id;
        d.organisation_id = item->organisation_id;
        d.action = action;
        d.source = std::string(kSourcePerson);
        d.category = item->moderation_category;
        d.score = item->moderation_score;
        d.reason = why;
        d.original_text = item->text;
        d.decided_by = store::ActorId(who);
        d.decided_by_name = store::ActorName(tx, who);
        d.created_at = now;
        d.updated_at = now;
        const std::string before = item->moderation;
        if (action == kActionHide) {
            if (item->moderation == inbox::kModHidden) {
                return Error::Conflict("message " + std::to_string(item_id) + " is already hidden");
            }
            if (CanHide(network, *item)) {
                d.network_result = "pending";
                item->moderation = std::string(inbox::kModHidden);
            } else {
                d.network_result = "not_supported";
                d.network_message = WhyNotHidden(network, *item);
                item->moderation = std::string(inbox::kModNotHidden);
            }
            if (item->moderation_category.empty()) d.category = "insult";
        } else if (action == kActionAllow) {
            if (item->moderation == inbox::kModHidden) {
                return Error::Conflict("message " + std::to_string(item_id) +
                                       " is hidden on the network: restore it to make it visible again");
            }
            if (item->moderation == inbox::kModAllowed) {
                return Error::Conflict("message " + std::to_string(item_id) + " is already allowed");
            }
            d.network_result = "none";
            item->moderation = std::string(inbox::kModAllowed);
        } else {  // restore
            if (item->moderation != inbox::kModHidden && item->moderation != inbox::kModHideFailed) {
                return Error::Conflict("message " + std::to_string(item_id) + " is not hidden (it is " +
                                       item->moderation + "): there is nothing to restore");
            }
            for (auto it = history.rbegin(); it != history.rend(); ++it) {
                if (it->action == kActionHide) {
                    d.reverses = it->id;
                    break;
                }
            }
            d.network_result = CanHide(network, *item) ? "pending" : "none";
            item->moderation = std::string(inbox::kModAllowed);
        }
        d.id = store::InsertDecision(tx, d);
        store::UpdateItem(tx, *item);
        auto ev = store::AuditEventBy(who, "moderation." + action, "inbox_item", item_id, item->organisation_id);
        ev.before_json = json::serialize(json::object{{"moderation", before}});
        ev.after_json = json::serialize(json::object{{"moderation", item->moderation},
                                                     {"decision", d.id},
                                                     {"reason", why},
                                                     {"reverses", d.reverses ? json::value(*d.reverses) : nullptr},
                                                     {"network_result", d.network_result}});
        store::AppendAudit(tx, ev, now);
        event = inbox::Event{0, "moderation", item->organisation_id, item->conversation_id, item_id};
        return d;
    });
    if (result) events_.Publish(event);
    return result;
}

Result<SettingsView> ModerationService::GetSettings(const Principal& who, long long organisation_id) {
    return db_.Read<SettingsView>([&](store::Tx& tx) -> Result<SettingsView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kModerate, organisation_id, tree) &&
            !authz_.Can(who, Action::kReadInbox, organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not read the moderation settings of " +
                                 store::OrganisationName(tx, organisation_id) +
                                 ": a role in its inbox or moderation is needed");
        }
        return EffectiveSettings(tx, tree, organisation_id);
    });
}

Result<SettingsView> ModerationService::PutSettings(const Principal& who, long long organisation_id,
                                                    const std::optional<Settings>& settings) {
    if (settings) BELFRY_TRY(ValidateSettings(*settings));
    return db_.Transact<SettingsView>([&](store::Tx& tx) -> Result<SettingsView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kManageInbox, organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not change the moderation policy of " +
                                 store::OrganisationName(tx, organisation_id) + ": an administrator of it can");
        }
        const auto before = EffectiveSettings(tx, tree, organisation_id);
        const auto now = clock_.NowMs();
        if (settings) {
            store::PutModerationSettings(tx, organisation_id, *settings, now);
        } else {
            store::DeleteModerationSettings(tx, organisation_id);
        }
        auto after = EffectiveSettings(tx, tree, organisation_id);
        auto ev = store::AuditEventBy(who, "moderation.settings", "organisation", organisation_id, organisation_id);
        ev.before_json = json::serialize(before.own ? json::value(SettingsJson(*before.own)) : json::value(nullptr));
        ev.after_json = json::serialize(settings ? json::value(SettingsJson(*settings)) : json::value(nullptr));
        store::AppendAudit(tx, ev, now);
        return after;
    });
}

Result<std::vector<TermView>> ModerationService::ListTerms(const Principal& who, long long organisation_id) {
    return db_.Read<std::vector<TermView>>([&](store::Tx& tx) -> Result<std::vector<TermView>> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kModerate, organisation_id, tree) &&
            !authz_.Can(who, Action::kManageInbox, organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not read the moderation lexicon of " +
                                 store::OrganisationName(tx, organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        std::vector<TermView> out;
        std::map<long long, std::string> names;
        for (auto& t : store::ListTerms(tx, tree.AncestorsAndSelf(organisation_id))) {
            auto it = names.find(t.organisation_id);
            if (it == names.end()) {
                it = names.emplace(t.organisation_id, store::OrganisationName(tx, t.organisation_id)).first;
            }
            out.push_back(TermView{std::move(t), it->second});
        }
        return out;
    });
}

Result<TermView> ModerationService::AddTerm(const Principal& who, long long organisation_id, Term term) {
    term.term = std::string(core::Trim(term.term));
    if (term.kind != "add" && term.kind != "allow") {
        return Error::Invalid("kind", "kind is 'add' (flag this term) or 'allow' (never flag this word)");
    }
    if (!ParseCategory(term.category)) {
        return Error::Invalid("category", "'" + term.category +
                                              "' is not a moderation category: use insult, racism, discrimination, "
                                              "violence, spam or personal_data");
    }
    if (!term.language.empty() && !core::IsLanguage(term.language)) {
        return Error::Invalid("language", "language is fr, nl, de, en, or empty for every language");
    }
    if (term.term.empty() || term.term.size() > kMaxTerm) {
        return Error::Invalid("term", "write the term (1 to " + std::to_string(kMaxTerm) +
                                          " bytes): a word, 'word*' for words starting with it, or a few words");
    }
    if (!core::IsValidUtf8(term.term)) return Error::Invalid("term", "the term is not valid UTF-8 text");
    if (term.kind == "add") {
        auto pattern = TermPattern(term.term);
        if (!pattern) return Error::Invalid("term", "'" + term.term + "' cannot be used: " + pattern.error().message);
    }
    return db_.Transact<TermView>([&](store::Tx& tx) -> Result<TermView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kModerate, organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not change the moderation lexicon of " +
                                 store::OrganisationName(tx, organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        for (const auto& t : store::ListTerms(tx, {organisation_id})) {
            if (t.kind == term.kind && t.category == term.category && t.language == term.language &&
                t.term == term.term) {
                return Error::Conflict("'" + term.term + "' is already in the lexicon of " +
                                       store::OrganisationName(tx, organisation_id));
            }
        }
        const auto now = clock_.NowMs();
        term.organisation_id = organisation_id;
        term.created_by_name = store::ActorName(tx, who);
        term.created_at = now;
        term.id = store::InsertTerm(tx, term);
        auto ev = store::AuditEventBy(who, "moderation.term.add", "moderation_term", term.id, organisation_id);
        ev.after_json = json::serialize(json::object{
            {"kind", term.kind}, {"category", term.category}, {"language", term.language}, {"term", term.term}});
        store::AppendAudit(tx, ev, now);
        return TermView{term, store::OrganisationName(tx, organisation_id)};
    });
}

core::Status ModerationService::DeleteTerm(const Principal& who, long long term_id) {
    auto done = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto term = store::GetTerm(tx, term_id);
        if (!term) return Error::NotFound("term " + std::to_string(term_id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kModerate, term->organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not change the moderation lexicon of " +
                                 store::OrganisationName(tx, term->organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        store::DeleteTerm(tx, term_id);
        auto ev = store::AuditEventBy(who, "moderation.term.delete", "moderation_term", term_id, term->organisation_id);
        ev.before_json = json::serialize(json::object{
            {"kind", term->kind}, {"category", term->category}, {"language", term->language}, {"term", term->term}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return true;
    });
    if (!done.ok()) return std::move(done).error();
    return core::Ok();
}

Result<TryResult> ModerationService::Try(const Principal& who, long long organisation_id, const std::string& text) {
    if (text.size() > kMaxTryText) {
        return Error::Invalid("text", "the text is longer than " + std::to_string(kMaxTryText) + " bytes");
    }
    return db_.Read<TryResult>([&](store::Tx& tx) -> Result<TryResult> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kModerate, organisation_id, tree)) {
            return Error::Denied("'" + who.username + "' may not try the moderation rules of " +
                                 store::OrganisationName(tx, organisation_id) +
                                 ": a moderator, the spokesperson or an administrator of it can");
        }
        TryResult r;
        auto engine = EngineFor(tx, tree, organisation_id);
        if (engine) r.classification = engine->Classify(text);
        r.verdict = Judge(tx, tree, organisation_id, text);
        return r;
    });
}

void ModerationService::RecordNetworkResult(long long decision_id, const std::string& result,
                                            const std::string& message, bool final) {
    inbox::Event event;
    auto status = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto d = store::GetDecision(tx, decision_id);
        if (!d) return false;
        const auto now = clock_.NowMs();
        const int attempts = d->attempts + 1;
        store::UpdateDecisionNetwork(tx, decision_id, result, message, attempts, now);
        auto item = store::GetItem(tx, d->item_id);
        if (item && result == "failed" && final && d->action == kActionHide) {
            item->moderation = std::string(inbox::kModHideFailed);
            store::UpdateItem(tx, *item);
        }
        if (item && (result != "failed" || final)) {
            auto ev = store::AuditEventBy(Principal::System("inbox worker"), "moderation.network", "inbox_item",
                                          d->item_id, d->organisation_id);
            ev.after_json = json::serialize(json::object{
                {"decision", decision_id}, {"action", d->action}, {"network_result", result}, {"message", message}});
            store::AppendAudit(tx, ev, now);
            event = inbox::Event{0, "moderation", item->organisation_id, item->conversation_id, item->id};
        }
        return true;
    });
    if (status && event.item_id != 0) events_.Publish(event);
}

}  // namespace belfry::moderation
