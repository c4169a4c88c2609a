#include "inbox/inbox_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "inbox/business_time.hpp"
#include "inbox/categories.hpp"
#include "inbox/language.hpp"
#include "inbox/lifecycle.hpp"
#include "inbox/saved_reply.hpp"
#include "inbox/search_text.hpp"
#include "store/audit_repo.hpp"
#include "store/crisis_repo.hpp"
#include "store/inbox_source_repo.hpp"
#include "store/names.hpp"
#include "store/registry_repo.hpp"

namespace belfry::inbox {

using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxNote = 5000;
constexpr std::size_t kMaxAnswer = 5000;
constexpr std::size_t kLastTextChars = 280;
constexpr core::Millis kDraftingWindow = core::Millis{2} * 60 * 1000;

// The first `n` code points of `s` (never cuts a UTF-8 sequence).
std::string Snippet(std::string_view s, std::size_t n) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < s.size() && count < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++count;
    }
    return std::string(s.substr(0, std::min(i, s.size())));
}

std::string Denied(store::Tx& tx, const Principal& who, long long organisation_id, std::string_view what,
                   std::string_view who_can) {
    return "'" + who.username + "' may not " + std::string(what) + " of " +
           store::OrganisationName(tx, organisation_id) + ": " + std::string(who_can);
}

json::object ConversationAudit(const Conversation& c) {
    return {{"status", StatusName(c.status)},
            {"assignee_user_id", c.assignee_user_id ? json::value(*c.assignee_user_id) : nullptr},
            {"assignee_team_id", c.assignee_team_id ? json::value(*c.assignee_team_id) : nullptr},
            {"category", c.category}};
}

json::object SettingsAudit(const ResponseSettings& s) {
    json::array days;
    for (int d : s.business_days) days.emplace_back(d);
    return {{"target", s.target},
            {"target_hours", s.target_hours},
            {"business_days", std::move(days)},
            {"day_start_minute", s.day_start_minute},
            {"day_end_minute", s.day_end_minute}};
}

// The thread key of an item (docs/design/inbox.md, "Threading"); "#<id>" names an existing
// conversation found through the item's parent.
std::string ThreadKey(const Incoming& in, const std::map<std::string, long long>& parent_conversation,
                      const std::map<std::string, std::string>& key_in_batch,
                      const std::map<std::string, long long>& our_posts) {
    if (in.kind == kKindDirect) return "dm:" + in.author_id;
    const auto& parent = in.parent_remote_id;
    if (!parent.empty()) {
        if (auto it = parent_conversation.find(parent); it != parent_conversation.end()) {
            return "#" + std::to_string(it->second);
        }
        if (auto it = key_in_batch.find(parent); it != key_in_batch.end()) return it->second;
        if (our_posts.count(parent) == 0) return parent;
    }
    return in.remote_id;
}

}  // namespace

InboxService::InboxService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                           EventHub& events, moderation::ModerationService& moderation)
    : db_(db), clock_(clock), authz_(authz), events_(events), moderation_(moderation) {}

// ---- ingestion ----------------------------------------------------------------------------

Result<IngestResult> InboxService::Ingest(long long channel_id, const std::vector<Incoming>& items,
                                          const std::optional<std::string>& cursor) {
    std::vector<Event> events;
    auto result = db_.Transact<IngestResult>([&](store::Tx& tx) -> Result<IngestResult> {
        events.clear();
        auto channel = store::GetChannel(tx, channel_id);
        if (!channel) return Error::NotFound("channel " + std::to_string(channel_id) + " does not exist");
        const std::string network(core::NetworkName(channel->network));
        const long long org = channel->organisation_id;
        const auto now = clock_.NowMs();
        IngestResult res;
        res.received = static_cast<int>(items.size());

        // Duplicates: already stored, or twice in the batch.
        std::vector<std::string> ids;
        ids.reserve(items.size());
        for (const auto& in : items) {
            if (!in.remote_id.empty()) ids.push_back(in.remote_id);
        }
        const auto existing = store::ExistingRemoteIds(tx, channel_id, ids);
        std::vector<const Incoming*> fresh;
        std::set<std::string> seen;
        for (const auto& in : items) {
            if (in.remote_id.empty() || existing.count(in.remote_id) > 0 || !seen.insert(in.remote_id).second) {
                ++res.duplicates;
                continue;
            }
            fresh.push_back(&in);
        }
        auto stored_cursor = store::GetCursor(tx, channel_id);
        if (fresh.empty()) {
            if (cursor) {
                store::Cursor c = stored_cursor.value_or(store::Cursor{});
                c.channel_id = channel_id;
                c.value = *cursor;
                c.polled_at = now;
                c.last_error.clear();
                store::PutCursor(tx, c);
            }
            return res;
        }
        std::sort(fresh.begin(), fresh.end(), [](const Incoming* a, const Incoming* b) {
            return a->created_at != b->created_at ? a->created_at < b->created_at : a->remote_id < b->remote_id;
        });

        // Threads.
        std::vector<std::string> refs;
        for (const auto* in : fresh) {
            if (!in->parent_remote_id.empty()) refs.push_back(in->parent_remote_id);
            if (!in->root_remote_id.empty()) refs.push_back(in->root_remote_id);
        }
        const auto parent_conversation = store::ConversationsOfRemoteIds(tx, channel_id, refs);
        const auto our_posts = store::PostsOfRemoteIds(tx, channel_id, refs);
        std::map<std::string, std::string> key_in_batch;
        std::vector<std::string> keys;
        keys.reserve(fresh.size());
        for (const auto* in : fresh) {
            auto key = ThreadKey(*in, parent_conversation, key_in_batch, our_posts);
            key_in_batch[in->remote_id] = key;
            keys.push_back(std::move(key));
        }
        std::vector<std::string> plain_keys;
        for (const auto& k : keys) {
            if (k[0] != '#') plain_keys.push_back(k);
        }
        const auto by_key = store::ConversationsByThreadKey(tx, channel_id, plain_keys);

        const auto tree = store::LoadOrgTree(tx);
        const auto settings = EffectiveResponseSettings(tx, tree, org).effective;
        const Categoriser categorise(store::ListCategoryRules(tx, tree.AncestorsAndSelf(org)));
        const auto judge = moderation_.ContextFor(tx, tree, org);

        // The items, and the conversations they open or continue.
        std::vector<Item> new_items;
        new_items.reserve(fresh.size());
        std::vector<moderation::Verdict> verdicts;
        std::map<long long, Conversation> continued;   // existing conversation id → its row, locked
        std::map<std::string, std::size_t> opened_at;  // thread key → index in `opened`
        std::vector<Conversation> opened;
        std::vector<std::pair<bool, std::size_t>> owner;  // per item: (existing?, id or index)
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            const Incoming& in = *fresh[i];
            Item item;
            item.organisation_id = org;
            item.channel_id = channel_id;
            item.remote_id = in.remote_id;
            item.parent_remote_id = in.parent_remote_id;
            item.direction = "in";
            item.kind = in.kind == kKindDirect || in.kind == kKindMention ? in.kind : std::string(kKindReply);
            item.author_id = core::RepairUtf8(in.author_id);
            item.author_handle = core::RepairUtf8(in.author_handle);
            item.author_name = core::RepairUtf8(in.author_name);
            item.text = core::RepairUtf8(in.text);
            item.url = core::RepairUtf8(in.url);
            item.network_language = core::RepairUtf8(in.language);
            item.language = DetectLanguage(item.text, item.network_language);
            item.created_at = in.created_at > 0 ? in.created_at : now;
            item.received_at = now;
            item.search_text = SearchText(item.text, item.language);
            auto verdict = moderation::ModerationService::Judge(judge, item.text);
            moderation_.ApplyVerdict(item, network, verdict);
            if (verdict.action == "hide") ++res.hidden;
            if (verdict.action == "queue") ++res.queued;
            const bool hidden = verdict.action == "hide";

            const std::string& key = keys[i];
            std::optional<long long> conv_id;
            if (key[0] == '#') {
                conv_id = std::stoll(key.substr(1));
            } else if (auto it = by_key.find(key); it != by_key.end()) {
                conv_id = it->second;
            }
            if (conv_id) {
                auto it = continued.find(*conv_id);
                if (it == continued.end()) {
                    auto c = store::GetConversation(tx, *conv_id, true);
                    if (!c) return Error::Internal("conversation " + std::to_string(*conv_id) + " vanished");
                    it = continued.emplace(*conv_id, std::move(*c)).first;
                }
                Conversation& c = it->second;
                c.item_count += 1;
                if (!hidden) {
                    const bool reopened =
                        c.status == Status::kAnswered || c.status == Status::kWaiting || c.status == Status::kClosed;
                    c.status = NextStatusOnCitizenMessage(c.status, c.assignee_user_id || c.assignee_team_id);
                    if (reopened) c.due_at = DueAt(item.created_at, settings);
                    c.last_inbound_at = std::max(c.last_inbound_at, item.created_at);
                    c.last_text = Snippet(item.text, kLastTextChars);
                }
                c.updated_at = now;
                owner.emplace_back(true, static_cast<std::size_t>(*conv_id));
            } else {
                auto it = opened_at.find(key);
                if (it == opened_at.end()) {
                    Conversation c;
                    c.organisation_id = org;
                    c.channel_id = channel_id;
                    c.network = network;
                    c.thread_key = key;
                    c.kind = item.kind;
                    if (auto p = our_posts.find(in.parent_remote_id); p != our_posts.end()) {
                        c.post_id = p->second;
                    } else if (auto r = our_posts.find(in.root_remote_id); r != our_posts.end()) {
                        c.post_id = r->second;
                    }
                    c.citizen_id = item.author_id;
                    c.citizen_handle = item.author_handle;
                    c.citizen_name = item.author_name;
                    c.language = item.language;
                    c.category = categorise.Categorise(item.text, item.language);
                    c.first_inbound_at = item.created_at;
                    c.last_inbound_at = item.created_at;
                    c.last_text = Snippet(item.text, kLastTextChars);
                    c.created_at = now;
                    c.updated_at = now;
                    if (hidden) {
                        // A conversation that is only a hidden insult needs no answer.
                        c.status = Status::kClosed;
                    } else {
                        c.status = Status::kNew;
                        c.due_at = DueAt(item.created_at, settings);
                    }
                    it = opened_at.emplace(key, opened.size()).first;
                    opened.push_back(std::move(c));
                } else if (!hidden) {
                    Conversation& c = opened[it->second];
                    if (c.status == Status::kClosed) {  // its first message was hidden; this one is not
                        c.status = Status::kNew;
                        c.due_at = DueAt(item.created_at, settings);
                    }
                    c.last_inbound_at = std::max(c.last_inbound_at, item.created_at);
                    c.last_text = Snippet(item.text, kLastTextChars);
                }
                opened[it->second].item_count += 1;
                owner.emplace_back(false, it->second);
            }
            new_items.push_back(std::move(item));
            verdicts.push_back(std::move(verdict));
        }
        store::InsertConversations(tx, opened);
        for (std::size_t i = 0; i < new_items.size(); ++i) {
            new_items[i].conversation_id =
                owner[i].first ? static_cast<long long>(owner[i].second) : opened[owner[i].second].id;
        }
        store::InsertItems(tx, new_items);
        for (auto& [id, c] : continued) store::UpdateConversation(tx, c);
        for (std::size_t i = 0; i < new_items.size(); ++i) {
            if (verdicts[i].action != "none") moderation_.RecordVerdict(tx, new_items[i], network, verdicts[i], now);
            events.push_back(Event{0, "item", org, new_items[i].conversation_id, new_items[i].id});
        }
        res.stored = static_cast<int>(new_items.size());
        store::Cursor c = stored_cursor.value_or(store::Cursor{});
        c.channel_id = channel_id;
        if (cursor) c.value = *cursor;
        c.polled_at = now;
        c.last_error.clear();
        c.items_total += res.stored;
        store::PutCursor(tx, c);
        return res;
    });
    if (result) events_.Publish(events);
    return result;
}

// ---- reading --------------------------------------------------------------------------------

ConversationView InboxService::View(store::Tx& tx, const Conversation& c, core::Millis now) {
    ConversationView v;
    v.conversation = c;
    v.organisation_name = store::OrganisationName(tx, c.organisation_id);
    if (auto ch = store::GetChannel(tx, c.channel_id)) {
        v.channel = ChannelInfo{ch->id, ch->handle, std::string(core::NetworkName(ch->network)), ch->display_name};
    }
    if (c.assignee_user_id) {
        v.assignee = Assignee{"user", *c.assignee_user_id, store::UserDisplayName(tx, *c.assignee_user_id)};
    } else if (c.assignee_team_id) {
        auto team = store::GetTeam(tx, *c.assignee_team_id);
        v.assignee = Assignee{"team", *c.assignee_team_id, team ? team->name : ""};
    }
    v.overdue = c.due_at && *c.due_at < now && c.status != Status::kAnswered && c.status != Status::kClosed &&
                c.status != Status::kWaiting;
    return v;
}

std::set<long long> InboxService::ReadableOrganisations(const Principal& who) {
    std::set<long long> out;
    auto r = db_.Read<bool>([&](store::Tx& tx) -> Result<bool> {
        out = authz_.Scope(who, Action::kReadInbox, store::LoadOrgTree(tx));
        return true;
    });
    (void)r;
    return out;
}

Result<ConversationPage> InboxService::ListConversations(const Principal& who, const ConversationFilter& f) {
    for (const auto& s : f.statuses) {
        if (!ParseStatus(s)) {
            return Error::Invalid("status",
                                  "'" + s + "' is not a status: use new, assigned, waiting, answered or closed");
        }
    }
    for (const auto& l : f.languages) {
        if (l.size() < 2 || l.size() > 3) return Error::Invalid("language", "'" + l + "' is not a language code");
    }
    if (f.sort != "recent" && f.sort != "due" && f.sort != "oldest") {
        return Error::Invalid("sort", "sort is recent (newest message first), due (soonest due first) or oldest");
    }
    return db_.Read<ConversationPage>([&](store::Tx& tx) -> Result<ConversationPage> {
        const auto tree = store::LoadOrgTree(tx);
        auto scope = authz_.Scope(who, Action::kReadInbox, tree);
        if (f.organisation_id) {
            BELFRY_TRY(store::OrganisationExists(tree, *f.organisation_id, "organisation_id"));
            scope = security::WithinSubtree(scope, tree, *f.organisation_id);
        }
        const auto now = clock_.NowMs();
        store::ConversationQuery q;
        q.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
        q.channel_ids = f.channel_ids;
        q.networks = f.networks;
        q.statuses = f.statuses;
        q.languages = f.languages;
        q.categories = f.categories;
        if (f.assignee == "me") {
            q.assignee_user_id = who.user_id;
        } else if (f.assignee == "none") {
            q.unassigned = true;
        } else if (core::StartsWith(f.assignee, "team:")) {
            try {
                q.assignee_team_id = std::stoll(f.assignee.substr(5));
            } catch (const std::exception&) {
                return Error::Invalid("assignee", "team:<id> names a team by its number, e.g. team:3");
            }
        } else if (!f.assignee.empty()) {
            try {
                q.assignee_user_id = std::stoll(f.assignee);
            } catch (const std::exception&) {
                return Error::Invalid("assignee", "assignee is me, none, a user id or team:<id>");
            }
        }
        if (f.overdue) q.overdue_at = now;
        q.q = f.q;
        q.sort = f.sort;
        q.page = f.page;
        q.per_page = f.per_page;
        auto page = store::ListConversations(tx, q);
        ConversationPage out;
        out.page.page = page.page;
        out.page.per_page = page.per_page;
        out.page.total = page.total;
        for (const auto& c : page.items) out.page.items.push_back(View(tx, c, now));
        out.counts = store::CountConversationsByStatus(tx, q);
        return out;
    });
}

Result<Conversation> InboxService::ConversationFor(store::Tx& tx, const Principal& who, long long id, Action action,
                                                   const security::OrgTree& tree) {
    auto c = store::GetConversation(tx, id, action != Action::kReadInbox);
    const std::string missing = "conversation " + std::to_string(id) + " does not exist";
    if (!c) return Error::NotFound(missing);
    if (!authz_.Can(who, Action::kReadInbox, c->organisation_id, tree)) return Error::NotFound(missing);
    if (action != Action::kReadInbox && !authz_.Can(who, action, c->organisation_id, tree)) {
        return Error::Denied(Denied(tx, who, c->organisation_id, "act on the conversations",
                                    "an editor, the spokesperson, a moderator, an agency member or an "
                                    "administrator of it can"));
    }
    return *c;
}

Result<ConversationDetail> InboxService::GetConversation(const Principal& who, long long id) {
    return db_.Read<ConversationDetail>([&](store::Tx& tx) -> Result<ConversationDetail> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_ASSIGN_OR_RETURN(c, ConversationFor(tx, who, id, Action::kReadInbox, tree));
        const auto now = clock_.NowMs();
        ConversationDetail d;
        d.view = View(tx, c, now);
        d.items = store::ListItems(tx, id);
        d.notes = store::ListNotes(tx, id);
        for (auto& dr : store::ListDrafting(tx, id, now - kDraftingWindow)) {
            if (dr.user_id != who.user_id) d.drafting.push_back(std::move(dr));
        }
        std::set<long long> chain;
        for (long long o : tree.AncestorsAndSelf(c.organisation_id)) chain.insert(o);
        d.saved_replies = store::ListSavedReplies(tx, chain);
        // The conversation's category first, then by name.
        std::stable_sort(d.saved_replies.begin(), d.saved_replies.end(), [&](const SavedReply& a, const SavedReply& b) {
            const bool ca = !c.category.empty() && a.category == c.category;
            const bool cb = !c.category.empty() && b.category == c.category;
            if (ca != cb) return ca;
            return a.name < b.name;
        });
        if (authz_.Can(who, Action::kAnswerInbox, c.organisation_id, tree)) {
            d.actions = {"answer", "assign", "status", "note"};
        }
        if (authz_.Can(who, Action::kModerate, c.organisation_id, tree)) d.actions.emplace_back("moderate");
        return d;
    });
}

Result<registry::Page<Item>> InboxService::Search(const Principal& who, const SearchFilter& f) {
    if (core::Trim(f.q).empty()) return Error::Invalid("q", "write what to look for");
    if (f.q.size() > 500) return Error::Invalid("q", "the search is longer than 500 bytes: use fewer words");
    if (!f.direction.empty() && f.direction != "in" && f.direction != "out") {
        return Error::Invalid("direction", "direction is in (citizens' messages) or out (our answers)");
    }
    return db_.Read<registry::Page<Item>>([&](store::Tx& tx) -> Result<registry::Page<Item>> {
        const auto tree = store::LoadOrgTree(tx);
        auto scope = authz_.Scope(who, Action::kReadInbox, tree);
        if (f.organisation_id) {
            scope = security::WithinSubtree(scope, tree, *f.organisation_id);
        }
        store::ItemSearch s;
        s.organisation_ids = std::vector<long long>(scope.begin(), scope.end());
        s.channel_ids = f.channel_ids;
        s.languages = f.languages;
        s.direction = f.direction;
        s.q = f.q;
        s.page = f.page;
        s.per_page = f.per_page;
        return store::SearchItems(tx, s);
    });
}

// ---- acting -----------------------------------------------------------------------------------

Result<ConversationView> InboxService::Change(const Principal& who, long long id, const std::string& audit_action,
                                              const std::function<core::Status(store::Tx&, Conversation&)>& apply) {
    Event event;
    auto result = db_.Transact<ConversationView>([&](store::Tx& tx) -> Result<ConversationView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_ASSIGN_OR_RETURN(c, ConversationFor(tx, who, id, Action::kAnswerInbox, tree));
        const auto before = ConversationAudit(c);
        BELFRY_TRY(apply(tx, c));
        const auto now = clock_.NowMs();
        c.updated_at = now;
        store::UpdateConversation(tx, c);
        auto ev = store::AuditEventBy(who, audit_action, "inbox_conversation", id, c.organisation_id);
        ev.before_json = json::serialize(before);
        ev.after_json = json::serialize(ConversationAudit(c));
        store::AppendAudit(tx, ev, now);
        event = Event{0, "conversation", c.organisation_id, id, 0};
        return View(tx, c, now);
    });
    if (result) events_.Publish(event);
    return result;
}

Result<ConversationView> InboxService::Assign(const Principal& who, long long id, std::optional<long long> user_id,
                                              std::optional<long long> team_id) {
    if (user_id && team_id) {
        return Error::Invalid("team_id", "assign to a person or to a team, not both");
    }
    return Change(who, id, "inbox.assign", [&](store::Tx& tx, Conversation& c) -> core::Status {
        const auto tree = store::LoadOrgTree(tx);
        if (user_id) {
            auto user = store::GetUser(tx, *user_id);
            if (!user) return Error::Invalid("user_id", "user " + std::to_string(*user_id) + " does not exist");
            Principal p;
            p.user_id = user->id;
            p.username = user->username;
            for (const auto& g : store::ListGrants(tx, user->id, std::nullopt)) {
                if (auto role = security::ParseRole(g.role)) {
                    p.grants.push_back(security::Grant{g.id, g.organisation_id, *role, g.expires_at});
                }
            }
            if (!authz_.Can(p, Action::kAnswerInbox, c.organisation_id, tree)) {
                return Error::Invalid("user_id", "'" + user->username + "' cannot answer the conversations of " +
                                                     store::OrganisationName(tx, c.organisation_id) +
                                                     ": choose someone with a role in its inbox, or grant one first");
            }
        }
        if (team_id) {
            auto team = store::GetTeam(tx, *team_id);
            if (!team) return Error::Invalid("team_id", "team " + std::to_string(*team_id) + " does not exist");
            const auto chain = tree.AncestorsAndSelf(c.organisation_id);
            if (std::find(chain.begin(), chain.end(), team->organisation_id) == chain.end()) {
                return Error::Invalid("team_id", "team '" + team->name + "' belongs to " +
                                                     store::OrganisationName(tx, team->organisation_id) +
                                                     ", not to this conversation's organisation or one above it");
            }
        }
        BELFRY_ASSIGN_OR_RETURN(next, NextStatusOnAssign(c.status, user_id || team_id));
        c.status = next;
        c.assignee_user_id = user_id;
        c.assignee_team_id = team_id;
        return core::Ok();
    });
}

Result<ConversationView> InboxService::SetStatus(const Principal& who, long long id, const std::string& status) {
    auto wanted = ParseStatus(status);
    if (!wanted) {
        return Error::Invalid("status",
                              "'" + status + "' is not a status: use new, assigned, waiting, answered or closed");
    }
    return Change(who, id, "inbox.status", [&](store::Tx&, Conversation& c) -> core::Status {
        BELFRY_ASSIGN_OR_RETURN(next, NextStatusOnSet(c.status, *wanted));
        c.status = next;
        return core::Ok();
    });
}

Result<ConversationView> InboxService::SetCategory(const Principal& who, long long id, const std::string& category) {
    if (!category.empty()) {
        CategoryRule probe;
        probe.category = category;
        probe.keywords = {"x"};
        BELFRY_TRY(ValidateCategoryRule(probe));
    }
    return Change(who, id, "inbox.category", [&](store::Tx&, Conversation& c) -> core::Status {
        c.category = category;
        return core::Ok();
    });
}

Result<Note> InboxService::AddNote(const Principal& who, long long id, const std::string& text) {
    const std::string body(core::Trim(text));
    if (body.empty()) return Error::Invalid("text", "write the note");
    if (body.size() > kMaxNote) {
        return Error::Invalid("text", "the note is longer than " + std::to_string(kMaxNote) + " bytes");
    }
    if (!core::IsValidUtf8(body)) return Error::Invalid("text", "the note is not valid UTF-8 text");
    Event event;
    auto result = db_.Transact<Note>([&](store::Tx& tx) -> Result<Note> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_ASSIGN_OR_RETURN(c, ConversationFor(tx, who, id, Action::kAnswerInbox, tree));
        const auto now = clock_.NowMs();
        Note n;
        n.conversation_id = id;
        n.author_id = store::ActorId(who);
        n.author_name = store::ActorName(tx, who);
        n.text = body;
        n.created_at = now;
        n.id = store::InsertNote(tx, n);
        auto ev = store::AuditEventBy(who, "inbox.note", "inbox_conversation", id, c.organisation_id);
        ev.after_json = json::serialize(json::object{{"note", n.id}, {"text", n.text}});
        store::AppendAudit(tx, ev, now);
        event = Event{0, "conversation", c.organisation_id, id, 0};
        return n;
    });
    if (result) events_.Publish(event);
    return result;
}

Result<std::vector<store::Drafter>> InboxService::Drafting(const Principal& who, long long id, bool active) {
    return db_.Transact<std::vector<store::Drafter>>([&](store::Tx& tx) -> Result<std::vector<store::Drafter>> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_ASSIGN_OR_RETURN(c, ConversationFor(tx, who, id, Action::kAnswerInbox, tree));
        (void)c;
        const auto now = clock_.NowMs();
        if (who.user_id != 0) {
            if (active) {
                store::UpsertDrafting(tx, id, who.user_id, store::ActorName(tx, who), now);
            } else {
                store::DeleteDrafting(tx, id, who.user_id);
            }
        }
        std::vector<store::Drafter> others;
        for (auto& d : store::ListDrafting(tx, id, now - kDraftingWindow)) {
            if (d.user_id != who.user_id) others.push_back(std::move(d));
        }
        return others;
    });
}

Result<Item> InboxService::Answer(const Principal& who, long long id, const AnswerInput& in) {
    if (in.saved_reply_id && !core::Trim(in.text).empty()) {
        return Error::Invalid("text", "send either your own text or a saved reply, not both");
    }
    if (!in.saved_reply_id && core::Trim(in.text).empty()) {
        return Error::Invalid("text", "write the answer, or pick a saved reply");
    }
    if (!core::IsValidUtf8(in.text)) return Error::Invalid("text", "the answer is not valid UTF-8 text");
    Event event;
    auto result = db_.Transact<Item>([&](store::Tx& tx) -> Result<Item> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_ASSIGN_OR_RETURN(c, ConversationFor(tx, who, id, Action::kAnswerInbox, tree));
        auto channel = store::GetChannel(tx, c.channel_id);
        if (!channel) return Error::NotFound("the conversation's channel no longer exists");
        const auto items = store::ListItems(tx, id);

        // Collision: someone else answered after what this person saw.
        if (in.last_seen_item_id && !in.force) {
            for (const auto& it : items) {
                if (it.direction == "out" && it.id > *in.last_seen_item_id && it.sent_by != store::ActorId(who)) {
                    Error e = Error::Conflict(
                        (it.sent_by_name.empty() ? std::string("someone") : it.sent_by_name) +
                        " answered this conversation after you opened it: read their answer, then send yours "
                        "anyway (force) only if it adds something");
                    e.field = "collision";
                    return e;
                }
            }
        }
        // What it replies to: the given message, else the citizen's last one not hidden.
        const Item* parent = nullptr;
        for (const auto& it : items) {
            if (in.reply_to_item_id) {
                if (it.id == *in.reply_to_item_id) parent = &it;
            } else if (it.direction == "in" && it.moderation != kModHidden && !it.remote_id.empty()) {
                parent = &it;
            }
        }
        if (in.reply_to_item_id && !parent) {
            return Error::Invalid("reply_to_item_id", "message " + std::to_string(*in.reply_to_item_id) +
                                                          " is not part of conversation " + std::to_string(id));
        }
        if (!parent || parent->remote_id.empty()) {
            return Error::Conflict(
                "there is no message of the citizen to reply to in this conversation (all are "
                "hidden or not yet on the network)");
        }

        std::string text = in.text;
        std::string language = in.language.empty() ? c.language : in.language;
        std::optional<long long> saved_id;
        if (in.saved_reply_id) {
            auto saved = store::GetSavedReply(tx, *in.saved_reply_id);
            const auto chain = tree.AncestorsAndSelf(c.organisation_id);
            if (!saved || std::find(chain.begin(), chain.end(), saved->organisation_id) == chain.end()) {
                return Error::Invalid("saved_reply_id", "saved reply " + std::to_string(*in.saved_reply_id) +
                                                            " does not exist for this conversation's organisation");
            }
            const auto* variant = PickVariant(*saved, language, channel->languages);
            if (!variant) return Error::Invalid("saved_reply_id", "saved reply '" + saved->name + "' has no text");
            ReplyVariables vars{c.citizen_name.empty() ? c.citizen_handle : c.citizen_name, c.citizen_handle,
                                saved->link, channel->display_name};
            BELFRY_ASSIGN_OR_RETURN(rendered, RenderReply(variant->text, vars));
            text = std::move(rendered);
            language = variant->language;
            saved_id = saved->id;
        }
        text = std::string(core::Trim(text));
        // Mastodon notifies the citizen only when the reply mentions them.
        if (channel->network == core::Network::kMastodon && !c.citizen_handle.empty() &&
            text.find("@" + c.citizen_handle) == std::string::npos) {
            text = "@" + c.citizen_handle + " " + text;
        }
        if (text.size() > kMaxAnswer) {
            return Error::Invalid("text", "the answer is longer than " + std::to_string(kMaxAnswer) + " bytes");
        }
        const auto now = clock_.NowMs();
        Item a;
        a.conversation_id = id;
        a.organisation_id = c.organisation_id;
        a.channel_id = c.channel_id;
        a.parent_remote_id = parent->remote_id;
        a.direction = "out";
        a.kind = std::string(kKindAnswer);
        a.author_id = channel->platform_account_id.value_or("");
        a.author_handle = channel->handle;
        a.author_name = channel->display_name;
        a.text = text;
        a.language = core::IsLanguage(language) ? language : c.language;
        a.created_at = now;
        a.received_at = now;
        a.sent_by = store::ActorId(who);
        a.sent_by_name = store::ActorName(tx, who);
        a.send_state = "pending";
        a.send_key = "answer-" + std::to_string(id) + "-" + std::to_string(now) + "-" + std::to_string(who.user_id);
        a.saved_reply_id = saved_id;
        a.search_text = SearchText(a.text, a.language);
        std::vector<Item> batch{a};
        store::InsertItems(tx, batch);
        a.id = batch[0].id;
        store::DeleteDrafting(tx, id, who.user_id);
        auto ev = store::AuditEventBy(who, "inbox.answer", "inbox_conversation", id, c.organisation_id);
        ev.after_json = json::serialize(json::object{{"item", a.id},
                                                     {"text", a.text},
                                                     {"language", a.language},
                                                     {"saved_reply_id", saved_id ? json::value(*saved_id) : nullptr},
                                                     {"reply_to", parent->remote_id}});
        store::AppendAudit(tx, ev, now);
        event = Event{0, "item", c.organisation_id, id, a.id};
        return a;
    });
    if (result) events_.Publish(event);
    return result;
}

void InboxService::RecordAnswerSent(long long item_id, const std::string& remote_id, const std::string& url) {
    Event event;
    auto r = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto item = store::GetItem(tx, item_id);
        if (!item) return false;
        auto c = store::GetConversation(tx, item->conversation_id, true);
        if (!c) return false;
        const auto now = clock_.NowMs();
        item->remote_id = remote_id;
        item->url = url;
        item->send_state = "sent";
        item->send_message.clear();
        item->created_at = now;
        store::UpdateItem(tx, *item);
        if (!c->first_response_at) {
            c->first_response_at = now;
            c->first_response_by = item->sent_by;
        }
        c->last_response_at = now;
        c->status = NextStatusOnAnswerSent(c->status);
        c->updated_at = now;
        store::UpdateConversation(tx, *c);
        auto ev = store::AuditEventBy(Principal::System("inbox worker"), "inbox.answer.sent", "inbox_item", item_id,
                                      item->organisation_id);
        ev.after_json = json::serialize(json::object{{"remote_id", remote_id}, {"url", url}});
        store::AppendAudit(tx, ev, now);
        event = Event{0, "item", item->organisation_id, item->conversation_id, item_id};
        return true;
    });
    if (r && event.item_id != 0) events_.Publish(event);
}

void InboxService::RecordAnswerFailed(long long item_id, const std::string& message, bool final) {
    Event event;
    auto r = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto item = store::GetItem(tx, item_id);
        if (!item) return false;
        item->send_message = message;
        if (final) item->send_state = "failed";
        store::UpdateItem(tx, *item);
        if (final) {
            auto ev = store::AuditEventBy(Principal::System("inbox worker"), "inbox.answer.failed", "inbox_item",
                                          item_id, item->organisation_id);
            ev.after_json = json::serialize(json::object{{"message", message}});
            store::AppendAudit(tx, ev, clock_.NowMs());
        }
        event = Event{0, "item", item->organisation_id, item->conversation_id, item_id};
        return true;
    });
    if (r && event.item_id != 0) events_.Publish(event);
}

// ---- settings ---------------------------------------------------------------------------------

ResponseSettingsView InboxService::EffectiveResponseSettings(store::Tx& tx, const security::OrgTree& tree,
                                                             long long organisation_id) {
    const auto chain = tree.AncestorsAndSelf(organisation_id);
    const auto rows = store::GetResponseSettings(tx, chain);
    ResponseSettingsView v;
    for (long long org : chain) {
        auto it = rows.find(org);
        if (it == rows.end()) continue;
        if (org == organisation_id) v.own = it->second;
        v.effective = it->second;
        v.set_by = org;
        v.set_by_name = store::OrganisationName(tx, org);
        break;
    }
    return v;
}

Result<ResponseSettingsView> InboxService::GetResponseSettings(const Principal& who, long long organisation_id) {
    return db_.Read<ResponseSettingsView>([&](store::Tx& tx) -> Result<ResponseSettingsView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kReadInbox, organisation_id, tree) &&
            !authz_.Can(who, Action::kReadAnalytics, organisation_id, tree)) {
            return Error::Denied(
                Denied(tx, who, organisation_id, "read the inbox settings", "a role in its inbox is needed"));
        }
        return EffectiveResponseSettings(tx, tree, organisation_id);
    });
}

Result<ResponseSettingsView> InboxService::PutResponseSettings(const Principal& who, long long organisation_id,
                                                               const std::optional<ResponseSettings>& s) {
    if (s) BELFRY_TRY(ValidateResponseSettings(*s));
    return db_.Transact<ResponseSettingsView>([&](store::Tx& tx) -> Result<ResponseSettingsView> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, organisation_id));
        if (!authz_.Can(who, Action::kManageInbox, organisation_id, tree)) {
            return Error::Denied(
                Denied(tx, who, organisation_id, "change the inbox settings", "an administrator of it can"));
        }
        const auto before = EffectiveResponseSettings(tx, tree, organisation_id);
        const auto now = clock_.NowMs();
        if (s) {
            store::PutResponseSettings(tx, organisation_id, *s, now);
        } else {
            store::DeleteResponseSettings(tx, organisation_id);
        }
        auto ev = store::AuditEventBy(who, "inbox.settings", "organisation", organisation_id, organisation_id);
        ev.before_json = json::serialize(before.own ? json::value(SettingsAudit(*before.own)) : json::value(nullptr));
        ev.after_json = json::serialize(s ? json::value(SettingsAudit(*s)) : json::value(nullptr));
        store::AppendAudit(tx, ev, now);
        return EffectiveResponseSettings(tx, tree, organisation_id);
    });
}

// ---- teams ------------------------------------------------------------------------------------

Result<std::vector<Team>> InboxService::ListTeams(const Principal& who, std::optional<long long> organisation_id) {
    return db_.Read<std::vector<Team>>([&](store::Tx& tx) -> Result<std::vector<Team>> {
        const auto tree = store::LoadOrgTree(tx);
        std::set<long long> orgs;
        if (organisation_id) {
            // Teams usable for this organisation: its own and those above it.
            for (long long o : tree.AncestorsAndSelf(*organisation_id)) orgs.insert(o);
            if (!authz_.Can(who, Action::kReadInbox, *organisation_id, tree)) orgs.clear();
        } else {
            orgs = authz_.Scope(who, Action::kReadInbox, tree);
        }
        return store::ListTeams(tx, orgs);
    });
}

Result<Team> InboxService::CreateTeam(const Principal& who, Team team) {
    team.name = std::string(core::Trim(team.name));
    if (team.name.empty() || team.name.size() > 120) {
        return Error::Invalid("name", "name the team (1 to 120 bytes), e.g. 'Consular help desk'");
    }
    return db_.Transact<Team>([&](store::Tx& tx) -> Result<Team> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, team.organisation_id, "organisation_id"));
        if (!authz_.Can(who, Action::kManageInbox, team.organisation_id, tree)) {
            return Error::Denied(Denied(tx, who, team.organisation_id, "create teams", "an administrator of it can"));
        }
        for (const auto& t : store::ListTeams(tx, std::set<long long>{team.organisation_id})) {
            if (t.name == team.name) return Error::Conflict("a team named '" + team.name + "' already exists there");
        }
        for (long long u : team.member_ids) {
            if (!store::GetUser(tx, u))
                return Error::Invalid("member_ids", "user " + std::to_string(u) + " does not exist");
        }
        team.id = store::InsertTeam(tx, team);
        auto ev = store::AuditEventBy(who, "inbox.team.create", "inbox_team", team.id, team.organisation_id);
        json::array members;
        for (long long u : team.member_ids) members.emplace_back(u);
        ev.after_json = json::serialize(json::object{{"name", team.name}, {"member_ids", std::move(members)}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return team;
    });
}

Result<Team> InboxService::UpdateTeam(const Principal& who, long long id, const std::string& name,
                                      const std::vector<long long>& member_ids) {
    const std::string trimmed(core::Trim(name));
    if (trimmed.empty() || trimmed.size() > 120) return Error::Invalid("name", "name the team (1 to 120 bytes)");
    return db_.Transact<Team>([&](store::Tx& tx) -> Result<Team> {
        auto team = store::GetTeam(tx, id);
        if (!team) return Error::NotFound("team " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageInbox, team->organisation_id, tree)) {
            return Error::Denied(Denied(tx, who, team->organisation_id, "change teams", "an administrator of it can"));
        }
        for (long long u : member_ids) {
            if (!store::GetUser(tx, u))
                return Error::Invalid("member_ids", "user " + std::to_string(u) + " does not exist");
        }
        json::array before_members;
        for (long long u : team->member_ids) before_members.emplace_back(u);
        auto ev = store::AuditEventBy(who, "inbox.team.update", "inbox_team", id, team->organisation_id);
        ev.before_json = json::serialize(json::object{{"name", team->name}, {"member_ids", std::move(before_members)}});
        store::SetTeamMembers(tx, id, member_ids);
        store::RenameTeam(tx, id, trimmed);
        team->name = trimmed;
        team->member_ids = member_ids;
        json::array after_members;
        for (long long u : member_ids) after_members.emplace_back(u);
        ev.after_json = json::serialize(json::object{{"name", team->name}, {"member_ids", std::move(after_members)}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return *team;
    });
}

// ---- saved replies ----------------------------------------------------------------------------

Result<std::vector<SavedReply>> InboxService::ListSavedReplies(const Principal& who,
                                                               std::optional<long long> organisation_id) {
    return db_.Read<std::vector<SavedReply>>([&](store::Tx& tx) -> Result<std::vector<SavedReply>> {
        const auto tree = store::LoadOrgTree(tx);
        std::set<long long> orgs;
        if (organisation_id) {
            if (authz_.Can(who, Action::kReadInbox, *organisation_id, tree)) {
                for (long long o : tree.AncestorsAndSelf(*organisation_id)) orgs.insert(o);
            }
        } else {
            orgs = authz_.Scope(who, Action::kReadInbox, tree);
            // And those above them, usable there.
            std::set<long long> up;
            for (long long o : orgs) {
                for (long long a : tree.AncestorsAndSelf(o)) up.insert(a);
            }
            orgs = std::move(up);
        }
        return store::ListSavedReplies(tx, orgs);
    });
}

Result<SavedReply> InboxService::GetSavedReply(const Principal& who, long long id) {
    return db_.Read<SavedReply>([&](store::Tx& tx) -> Result<SavedReply> {
        auto r = store::GetSavedReply(tx, id);
        const std::string missing = "saved reply " + std::to_string(id) + " does not exist";
        if (!r) return Error::NotFound(missing);
        const auto tree = store::LoadOrgTree(tx);
        bool readable = false;
        for (long long o : tree.SubtreeOf(r->organisation_id)) {
            if (authz_.Can(who, Action::kReadInbox, o, tree)) {
                readable = true;
                break;
            }
        }
        if (!readable) return Error::NotFound(missing);
        return *r;
    });
}

Result<SavedReply> InboxService::CreateSavedReply(const Principal& who, SavedReply r) {
    r.name = std::string(core::Trim(r.name));
    BELFRY_TRY(ValidateSavedReply(r));
    return db_.Transact<SavedReply>([&](store::Tx& tx) -> Result<SavedReply> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, r.organisation_id, "organisation_id"));
        if (!authz_.Can(who, Action::kManageSavedReplies, r.organisation_id, tree)) {
            return Error::Denied(Denied(tx, who, r.organisation_id, "write saved replies",
                                        "an editor, the spokesperson or an administrator of it can"));
        }
        const auto now = clock_.NowMs();
        r.created_at = now;
        r.updated_at = now;
        r.id = store::InsertSavedReply(tx, r);
        auto ev = store::AuditEventBy(who, "inbox.saved_reply.create", "saved_reply", r.id, r.organisation_id);
        json::object variants;
        for (const auto& v : r.variants) variants[v.language] = v.text;
        ev.after_json = json::serialize(json::object{{"name", r.name}, {"variants", std::move(variants)}});
        store::AppendAudit(tx, ev, now);
        return r;
    });
}

Result<SavedReply> InboxService::UpdateSavedReply(const Principal& who, long long id, SavedReply r) {
    r.name = std::string(core::Trim(r.name));
    BELFRY_TRY(ValidateSavedReply(r));
    return db_.Transact<SavedReply>([&](store::Tx& tx) -> Result<SavedReply> {
        auto old = store::GetSavedReply(tx, id);
        if (!old) return Error::NotFound("saved reply " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageSavedReplies, old->organisation_id, tree)) {
            return Error::Denied(Denied(tx, who, old->organisation_id, "change saved replies",
                                        "an editor, the spokesperson or an administrator of it can"));
        }
        const auto now = clock_.NowMs();
        r.id = id;
        r.organisation_id = old->organisation_id;
        r.created_at = old->created_at;
        r.updated_at = now;
        store::UpdateSavedReply(tx, r);
        json::object before;
        for (const auto& v : old->variants) before[v.language] = v.text;
        json::object after;
        for (const auto& v : r.variants) after[v.language] = v.text;
        auto ev = store::AuditEventBy(who, "inbox.saved_reply.update", "saved_reply", id, r.organisation_id);
        ev.before_json = json::serialize(json::object{{"name", old->name}, {"variants", std::move(before)}});
        ev.after_json = json::serialize(json::object{{"name", r.name}, {"variants", std::move(after)}});
        store::AppendAudit(tx, ev, now);
        return r;
    });
}

core::Status InboxService::DeleteSavedReply(const Principal& who, long long id) {
    auto done = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto old = store::GetSavedReply(tx, id);
        if (!old) return Error::NotFound("saved reply " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageSavedReplies, old->organisation_id, tree)) {
            return Error::Denied(Denied(tx, who, old->organisation_id, "delete saved replies",
                                        "an editor, the spokesperson or an administrator of it can"));
        }
        store::DeleteSavedReply(tx, id);
        auto ev = store::AuditEventBy(who, "inbox.saved_reply.delete", "saved_reply", id, old->organisation_id);
        ev.before_json = json::serialize(json::object{{"name", old->name}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return true;
    });
    if (!done.ok()) return std::move(done).error();
    return core::Ok();
}

// ---- category rules ---------------------------------------------------------------------------

Result<std::vector<CategoryRule>> InboxService::ListCategoryRules(const Principal& who,
                                                                  std::optional<long long> organisation_id) {
    return db_.Read<std::vector<CategoryRule>>([&](store::Tx& tx) -> Result<std::vector<CategoryRule>> {
        const auto tree = store::LoadOrgTree(tx);
        std::vector<long long> orgs;
        if (organisation_id) {
            if (authz_.Can(who, Action::kReadInbox, *organisation_id, tree)) {
                orgs = tree.AncestorsAndSelf(*organisation_id);
            }
        } else {
            const auto scope = authz_.Scope(who, Action::kReadInbox, tree);
            orgs.assign(scope.begin(), scope.end());
        }
        return store::ListCategoryRules(tx, orgs);
    });
}

Result<CategoryRule> InboxService::CreateCategoryRule(const Principal& who, CategoryRule r) {
    BELFRY_TRY(ValidateCategoryRule(r));
    return db_.Transact<CategoryRule>([&](store::Tx& tx) -> Result<CategoryRule> {
        const auto tree = store::LoadOrgTree(tx);
        BELFRY_TRY(store::OrganisationExists(tree, r.organisation_id, "organisation_id"));
        if (!authz_.Can(who, Action::kManageInbox, r.organisation_id, tree)) {
            return Error::Denied(
                Denied(tx, who, r.organisation_id, "change the category rules", "an administrator of it can"));
        }
        r.id = store::InsertCategoryRule(tx, r);
        auto ev =
            store::AuditEventBy(who, "inbox.category_rule.create", "inbox_category_rule", r.id, r.organisation_id);
        ev.after_json =
            json::serialize(json::object{{"category", r.category}, {"keywords", core::Join(r.keywords, ", ")}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return r;
    });
}

Result<CategoryRule> InboxService::UpdateCategoryRule(const Principal& who, long long id, CategoryRule r) {
    BELFRY_TRY(ValidateCategoryRule(r));
    return db_.Transact<CategoryRule>([&](store::Tx& tx) -> Result<CategoryRule> {
        auto old = store::GetCategoryRule(tx, id);
        if (!old) return Error::NotFound("category rule " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageInbox, old->organisation_id, tree)) {
            return Error::Denied(
                Denied(tx, who, old->organisation_id, "change the category rules", "an administrator of it can"));
        }
        r.id = id;
        r.organisation_id = old->organisation_id;
        store::UpdateCategoryRule(tx, r);
        auto ev = store::AuditEventBy(who, "inbox.category_rule.update", "inbox_category_rule", id, r.organisation_id);
        ev.before_json =
            json::serialize(json::object{{"category", old->category}, {"keywords", core::Join(old->keywords, ", ")}});
        ev.after_json =
            json::serialize(json::object{{"category", r.category}, {"keywords", core::Join(r.keywords, ", ")}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return r;
    });
}

core::Status InboxService::DeleteCategoryRule(const Principal& who, long long id) {
    auto done = db_.Transact<bool>([&](store::Tx& tx) -> Result<bool> {
        auto old = store::GetCategoryRule(tx, id);
        if (!old) return Error::NotFound("category rule " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageInbox, old->organisation_id, tree)) {
            return Error::Denied(
                Denied(tx, who, old->organisation_id, "change the category rules", "an administrator of it can"));
        }
        store::DeleteCategoryRule(tx, id);
        auto ev =
            store::AuditEventBy(who, "inbox.category_rule.delete", "inbox_category_rule", id, old->organisation_id);
        ev.before_json = json::serialize(json::object{{"category", old->category}});
        store::AppendAudit(tx, ev, clock_.NowMs());
        return true;
    });
    if (!done.ok()) return std::move(done).error();
    return core::Ok();
}

// ---- metrics ----------------------------------------------------------------------------------

Result<MetricsView> InboxService::Metrics(const Principal& who, std::optional<long long> organisation_id,
                                          core::Millis from, core::Millis to) {
    if (to <= from) return Error::Invalid("to", "the end of the period must come after its start");
    return db_.Read<MetricsView>([&](store::Tx& tx) -> Result<MetricsView> {
        const auto tree = store::LoadOrgTree(tx);
        auto scope = authz_.Scope(who, Action::kReadInbox, tree);
        const auto analytics = authz_.Scope(who, Action::kReadAnalytics, tree);
        scope.insert(analytics.begin(), analytics.end());
        if (organisation_id) {
            BELFRY_TRY(store::OrganisationExists(tree, *organisation_id, "organisation_id"));
            scope = security::WithinSubtree(scope, tree, *organisation_id);
        }
        const auto rows = store::ResponseRows(tx, std::vector<long long>(scope.begin(), scope.end()), from, to);
        MetricsView v;
        v.from = from;
        v.to = to;
        std::vector<ResponseSample> samples;
        for (const auto& r : rows) {
            // A conversation that was only a hidden insult (closed at once, never due) is not a question.
            if (!r.due_at && !r.first_response_at) continue;
            samples.push_back(ResponseSample{r.conversation_id, r.organisation_id, r.channel_id, r.network,
                                             r.first_response_by, r.first_inbound_at, r.first_response_at, r.due_at});
        }
        v.metrics = ComputeResponseMetrics(samples, clock_.NowMs());
        for (const auto& [org, stats] : v.metrics.by_organisation) {
            v.organisation_names[org] = store::OrganisationName(tx, org);
        }
        for (const auto& [ch, stats] : v.metrics.by_channel) {
            if (auto c = store::GetChannel(tx, ch)) {
                v.channels[ch] =
                    ChannelInfo{c->id, c->handle, std::string(core::NetworkName(c->network)), c->display_name};
            }
        }
        for (const auto& [person, stats] : v.metrics.by_person) {
            v.person_names[person] = store::UserDisplayName(tx, person);
        }
        return v;
    });
}

}  // namespace belfry::inbox
