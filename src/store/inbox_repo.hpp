// SQL for the inbox and moderation (migrations/0008_inbox.sql): conversations, items, notes,
// teams, saved replies, category rules, response settings, ingestion cursors, the full-text index,
// moderation settings, terms and decisions. Runs inside the caller's Tx; throws soci exceptions on
// database failure. Portable between SQLite and PostgreSQL except the full-text search, which uses
// FTS5 on SQLite and a GIN tsvector index on PostgreSQL over inbox_items.search_text.
//
// Full-text search (ConversationQuery::q, ItemSearch::q; migrations/0009_inbox_search.sql): the
// query's words (inbox::SearchQuery) are matched against the items' search_text — every word, any
// of its alternatives — as quoted terms of an FTS5 MATCH expression or a tsquery, bound as one
// parameter: user text never reaches the SQL, and the engines' operators (AND, NEAR, *, -, ") are
// plain words or separators. A query without any word (only punctuation) does not filter.
// So that a word found in half the items stays fast, a search reads at most the newest
// kSearchWindow matching items (by id: the order belfry stored them) within the organisations and
// channels asked for; when the page is not full and more items match, once more with
// kSearchWindowWide. Past the window, older matches are not listed and page.total counts only what
// the window holds: SearchInfo::capped says so (the UI shows "N+").
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "inbox/model.hpp"
#include "moderation/decision.hpp"
#include "registry/model.hpp"
#include "store/database.hpp"

namespace belfry::store {

// ---- ingestion (batched: one call per batch of items, not per item)
// Of these remote ids, those the channel already has.
std::set<std::string> ExistingRemoteIds(Tx& tx, long long channel_id, const std::vector<std::string>& remote_ids);
// remote id → conversation id, for those of these remote ids that are stored items of the channel.
std::map<std::string, long long> ConversationsOfRemoteIds(Tx& tx, long long channel_id,
                                                          const std::vector<std::string>& remote_ids);
// thread key → conversation id, for those of these keys the channel has.
std::map<std::string, long long> ConversationsByThreadKey(Tx& tx, long long channel_id,
                                                          const std::vector<std::string>& thread_keys);
// Sets each conversation's id. Multi-row statements; no per-row round trip where avoidable.
void InsertConversations(Tx& tx, std::vector<inbox::Conversation>& conversations);
// Sets each item's id and keeps the full-text index in step (search_text must be filled). On
// SQLite the index is fed here, one statement per call: every insertion into inbox_items goes
// through InsertItems (updates and deletes are followed by triggers).
void InsertItems(Tx& tx, std::vector<inbox::Item>& items);

// ---- conversations
std::optional<inbox::Conversation> GetConversation(Tx& tx, long long id, bool lock = false);  // FOR UPDATE (pg)
std::vector<inbox::Conversation> GetConversations(Tx& tx, const std::vector<long long>& ids);
void UpdateConversation(Tx& tx, const inbox::Conversation& c);  // every column but id

struct ConversationQuery {
    std::optional<std::vector<long long>> organisation_ids;  // nullopt: all; empty: none
    std::vector<long long> channel_ids;                      // empty: any (same for the vectors below)
    std::vector<std::string> networks;
    std::vector<std::string> statuses;
    std::vector<std::string> languages;
    std::vector<std::string> categories;
    std::optional<long long> assignee_user_id;
    std::optional<long long> assignee_team_id;
    bool unassigned = false;
    std::optional<core::Millis> overdue_at;  // due_at < this and status not answered/closed
    std::string q;                           // full-text: conversations with at least one item matching every word
    std::string sort = "recent";             // recent (last_inbound_at desc) | due (due_at asc, nulls last) | oldest
    int page = 1;
    int per_page = 50;
};
// What a full-text search left out (see the top of this file).
struct SearchInfo {
    bool capped = false;  // more items matched than the window read: total is a lower bound
};
inline constexpr int kSearchWindow = 2000;
inline constexpr int kSearchWindowWide = 20000;

registry::Page<inbox::Conversation> ListConversations(Tx& tx, const ConversationQuery& q);
registry::Page<inbox::Conversation> ListConversations(Tx& tx, const ConversationQuery& q, SearchInfo& info);
// status → count for the same filters (ignoring q.statuses, page, sort); with q, within the window.
std::map<std::string, long long> CountConversationsByStatus(Tx& tx, const ConversationQuery& q);

// ---- items
std::optional<inbox::Item> GetItem(Tx& tx, long long id);
std::vector<inbox::Item> ListItems(Tx& tx, long long conversation_id);  // by created_at, id
void UpdateItem(Tx& tx, const inbox::Item& item);  // every column but id (and the index when text changes)
// Outbound items still to send or to retry: send_state pending, oldest first.
std::vector<inbox::Item> PendingAnswers(Tx& tx, int limit);

struct ItemSearch {
    std::optional<std::vector<long long>> organisation_ids;
    std::vector<long long> channel_ids;
    std::vector<std::string> languages;
    std::string direction;   // "" any, "in", "out"
    std::string moderation;  // "" any, or one state
    std::string q;           // every word must match (inbox::SearchQuery), accents and word forms ignored
    int page = 1;
    int per_page = 50;
};
// SQLite: lets FTS5 merge the index's segments, at most about `pages` pages of writing (FTS5
// 'merge'), so that a search looks its terms up in fewer segments; for a maintenance job when
// ingestion is quiet. PostgreSQL: nothing to do.
void MergeSearchIndex(Tx& tx, int pages);

// Newest first: by id, the order belfry stored them.
registry::Page<inbox::Item> SearchItems(Tx& tx, const ItemSearch& s);
registry::Page<inbox::Item> SearchItems(Tx& tx, const ItemSearch& s, SearchInfo& info);

// ---- notes, collision
long long InsertNote(Tx& tx, const inbox::Note& n);
std::vector<inbox::Note> ListNotes(Tx& tx, long long conversation_id);
void UpsertDrafting(Tx& tx, long long conversation_id, long long user_id, const std::string& user_name,
                    core::Millis at);
void DeleteDrafting(Tx& tx, long long conversation_id, long long user_id);
struct Drafter {
    long long user_id = 0;
    std::string user_name;
    core::Millis at = 0;
};
std::vector<Drafter> ListDrafting(Tx& tx, long long conversation_id, core::Millis since);

// ---- teams
long long InsertTeam(Tx& tx, const inbox::Team& t, core::Millis now = 0);  // with its members; now: created_at
void SetTeamMembers(Tx& tx, long long team_id, const std::vector<long long>& user_ids);
std::optional<inbox::Team> GetTeam(Tx& tx, long long id);
std::vector<inbox::Team> ListTeams(Tx& tx, const std::optional<std::set<long long>>& organisation_ids);

// ---- settings (one row per organisation that set its own; inheritance is the service's)
std::map<long long, inbox::ResponseSettings> GetResponseSettings(Tx& tx,
                                                                 const std::vector<long long>& organisation_ids);
void PutResponseSettings(Tx& tx, long long organisation_id, const inbox::ResponseSettings& s, core::Millis now);
void DeleteResponseSettings(Tx& tx, long long organisation_id);

// ---- saved replies
long long InsertSavedReply(Tx& tx, const inbox::SavedReply& r);  // with its variants
void UpdateSavedReply(Tx& tx, const inbox::SavedReply& r);       // replaces the variants
void DeleteSavedReply(Tx& tx, long long id);
std::optional<inbox::SavedReply> GetSavedReply(Tx& tx, long long id);
std::vector<inbox::SavedReply> ListSavedReplies(Tx& tx, const std::optional<std::set<long long>>& organisation_ids);

// ---- category rules
long long InsertCategoryRule(Tx& tx, const inbox::CategoryRule& r);
void UpdateCategoryRule(Tx& tx, const inbox::CategoryRule& r);
void DeleteCategoryRule(Tx& tx, long long id);
std::optional<inbox::CategoryRule> GetCategoryRule(Tx& tx, long long id);
// By organisation, position, id.
std::vector<inbox::CategoryRule> ListCategoryRules(Tx& tx, const std::vector<long long>& organisation_ids);

// ---- ingestion cursors
struct Cursor {
    long long channel_id = 0;
    std::string value;
    core::Millis polled_at = 0;
    std::string last_error;
    long long items_total = 0;
};
std::optional<Cursor> GetCursor(Tx& tx, long long channel_id);
void PutCursor(Tx& tx, const Cursor& c);

// ---- metrics: the conversations whose first citizen message is in [from, to)
struct ResponseRow {
    long long conversation_id = 0;
    long long organisation_id = 0;
    long long channel_id = 0;
    std::string network;
    std::optional<long long> first_response_by;
    core::Millis first_inbound_at = 0;
    std::optional<core::Millis> first_response_at;
    std::optional<core::Millis> due_at;
};
std::vector<ResponseRow> ResponseRows(Tx& tx, const std::optional<std::vector<long long>>& organisation_ids,
                                      core::Millis from, core::Millis to);

// ---- moderation
std::map<long long, moderation::Settings> GetModerationSettings(Tx& tx, const std::vector<long long>& organisation_ids);
void PutModerationSettings(Tx& tx, long long organisation_id, const moderation::Settings& s, core::Millis now);
void DeleteModerationSettings(Tx& tx, long long organisation_id);

long long InsertTerm(Tx& tx, const moderation::Term& t);
void DeleteTerm(Tx& tx, long long id);
std::optional<moderation::Term> GetTerm(Tx& tx, long long id);
std::vector<moderation::Term> ListTerms(Tx& tx, const std::vector<long long>& organisation_ids);

long long InsertDecision(Tx& tx, const moderation::Decision& d);
void UpdateDecisionNetwork(Tx& tx, long long id, const std::string& network_result, const std::string& network_message,
                           int attempts, core::Millis now);
std::optional<moderation::Decision> GetDecision(Tx& tx, long long id);
std::vector<moderation::Decision> ListDecisions(Tx& tx, long long item_id);  // oldest first
// Decisions whose network action is pending or failed with fewer than max_attempts, oldest first.
std::vector<moderation::Decision> DecisionsToSend(Tx& tx, int max_attempts, int limit);

struct ModerationQuery {
    std::optional<std::vector<long long>> organisation_ids;
    std::vector<std::string> states;  // item moderation states; empty: queued, hidden, not_hidden, hide_failed
    std::vector<std::string> categories;
    int page = 1;
    int per_page = 50;
};
// Items with their latest decision, newest first.
struct ModeratedItem {
    inbox::Item item;
    std::optional<moderation::Decision> latest;
};
registry::Page<ModeratedItem> ListModeratedItems(Tx& tx, const ModerationQuery& q);

// Training data for `belfry moderation train`: the latest person decision of each item
// (hide/allow/restore) with the item's text and language.
struct LabelledItem {
    std::string label;  // the category hidden for, or "ok"
    std::string language;
    std::string text;
};
std::vector<LabelledItem> PersonDecisions(Tx& tx);

}  // namespace belfry::store
