// InboxService: citizens' messages stored and grouped in conversations, and everything people do
// with them — read, search, assign, change status, write internal notes, answer (issue 5).
//
// Contract
// - Ingest() stores one channel's new messages from its connector in ONE transaction: duplicates
//   (channel, remote id) skipped, threads (docs/design/inbox.md: "Threading"), the language (CLD2),
//   the category (the organisation's rules), the due time (response settings, business hours and
//   Belgian holidays), the moderation verdict and its decision, and the connector's new cursor. The
//   events for the live view are published after the commit.
// - Reading needs kReadInbox on the conversation's organisation (scope: the organisations where
//   the person has it, and their sub-trees); acting needs kAnswerInbox; settings, teams and category
//   rules kManageInbox; saved replies kManageSavedReplies. Every change has its audit entry.
// - Answer() records the answer as an outbound item `pending` with its idempotency key; the inbox
//   worker sends it as a threaded reply and records sent (remote id, URL) or failed. An answer
//   carrying a `last_seen_item_id` older than another person's answer is refused (kConflict,
//   "collision") unless forced.
// - Texts are stored verbatim; an ill-formed UTF-8 sequence (which no network sends in JSON) is
//   replaced by U+FFFD rather than refused, so nothing a citizen wrote is lost.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "inbox/events.hpp"
#include "inbox/metrics.hpp"
#include "inbox/model.hpp"
#include "moderation/moderation_service.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"
#include "store/inbox_repo.hpp"

namespace belfry::inbox {

// One message as a connector delivered it (mirrors networks::InboundItem; the inbox does not
// depend on the connectors).
struct Incoming {
    std::string remote_id;
    std::string kind;  // reply | mention | direct
    std::string parent_remote_id;
    std::string root_remote_id;
    std::string author_id;
    std::string author_handle;
    std::string author_name;
    std::string text;
    std::string language;  // as the network said
    std::string url;
    core::Millis created_at = 0;
};

struct IngestResult {
    int received = 0;
    int stored = 0;
    int duplicates = 0;
    int hidden = 0;  // verdicts "hide"
    int queued = 0;
};

struct ChannelInfo {
    long long id = 0;
    std::string handle;
    std::string network;
    std::string display_name;
};

struct Assignee {
    std::string type;  // user | team
    long long id = 0;
    std::string name;
};

struct ConversationView {
    Conversation conversation;
    std::string organisation_name;
    ChannelInfo channel;
    std::optional<Assignee> assignee;
    bool overdue = false;
};

struct ConversationDetail {
    ConversationView view;
    std::vector<Item> items;
    std::vector<Note> notes;
    std::vector<store::Drafter> drafting;  // others writing an answer now
    std::vector<SavedReply> saved_replies;
    std::vector<std::string> actions;  // answer, assign, status, note, moderate
};

struct ConversationFilter {
    std::optional<long long> organisation_id;
    std::vector<long long> channel_ids;
    std::vector<std::string> networks;
    std::vector<std::string> statuses;
    std::vector<std::string> languages;
    std::vector<std::string> categories;
    std::string assignee;  // "" any | me | none | <user id> | team:<id>
    bool overdue = false;
    std::string q;
    std::string sort = "recent";
    int page = 1;
    int per_page = 50;
};

struct ConversationPage {
    registry::Page<ConversationView> page;
    std::map<std::string, long long> counts;  // by status
};

struct SearchFilter {
    std::string q;
    std::optional<long long> organisation_id;
    std::vector<long long> channel_ids;
    std::vector<std::string> languages;
    std::string direction;
    int page = 1;
    int per_page = 50;
};

struct AnswerInput {
    std::string text;
    std::optional<long long> saved_reply_id;
    std::string language;                       // of the saved reply variant; default: the conversation's
    std::optional<long long> reply_to_item_id;  // default: the citizen's last message
    std::optional<long long> last_seen_item_id;
    bool force = false;
};

struct ResponseSettingsView {
    std::optional<ResponseSettings> own;
    ResponseSettings effective;
    long long set_by = 0;
    std::string set_by_name;
};

struct MetricsView {
    core::Millis from = 0;
    core::Millis to = 0;
    ResponseMetrics metrics;
    std::map<long long, std::string> organisation_names;
    std::map<long long, ChannelInfo> channels;
    std::map<long long, std::string> person_names;
};

class InboxService {
  public:
    InboxService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz, EventHub& events,
                 moderation::ModerationService& moderation);

    // ---- ingestion (the inbox worker; no person)
    core::Result<IngestResult> Ingest(long long channel_id, const std::vector<Incoming>& items,
                                      const std::optional<std::string>& cursor);

    // ---- reading
    core::Result<ConversationPage> ListConversations(const security::Principal& who, const ConversationFilter& f);
    core::Result<ConversationDetail> GetConversation(const security::Principal& who, long long id);
    core::Result<registry::Page<Item>> Search(const security::Principal& who, const SearchFilter& f);
    // The organisations whose events the person may receive.
    std::set<long long> ReadableOrganisations(const security::Principal& who);

    // ---- acting on a conversation
    core::Result<ConversationView> Assign(const security::Principal& who, long long id,
                                          std::optional<long long> user_id, std::optional<long long> team_id);
    core::Result<ConversationView> SetStatus(const security::Principal& who, long long id, const std::string& status);
    core::Result<ConversationView> SetCategory(const security::Principal& who, long long id,
                                               const std::string& category);
    core::Result<Note> AddNote(const security::Principal& who, long long id, const std::string& text);
    // active: the person is writing an answer (heartbeat) or stopped; returns the others writing.
    core::Result<std::vector<store::Drafter>> Drafting(const security::Principal& who, long long id, bool active);
    core::Result<Item> Answer(const security::Principal& who, long long id, const AnswerInput& in);

    // ---- the worker: an answer's fate on the network
    void RecordAnswerSent(long long item_id, const std::string& remote_id, const std::string& url);
    void RecordAnswerFailed(long long item_id, const std::string& message, bool final);

    // ---- settings, teams, saved replies, category rules
    core::Result<ResponseSettingsView> GetResponseSettings(const security::Principal& who, long long organisation_id);
    core::Result<ResponseSettingsView> PutResponseSettings(const security::Principal& who, long long organisation_id,
                                                           const std::optional<ResponseSettings>& s);
    core::Result<std::vector<Team>> ListTeams(const security::Principal& who, std::optional<long long> organisation_id);
    core::Result<Team> CreateTeam(const security::Principal& who, Team team);
    core::Result<Team> UpdateTeam(const security::Principal& who, long long id, const std::string& name,
                                  const std::vector<long long>& member_ids);
    core::Result<std::vector<SavedReply>> ListSavedReplies(const security::Principal& who,
                                                           std::optional<long long> organisation_id);
    core::Result<SavedReply> GetSavedReply(const security::Principal& who, long long id);
    core::Result<SavedReply> CreateSavedReply(const security::Principal& who, SavedReply r);
    core::Result<SavedReply> UpdateSavedReply(const security::Principal& who, long long id, SavedReply r);
    core::Status DeleteSavedReply(const security::Principal& who, long long id);
    core::Result<std::vector<CategoryRule>> ListCategoryRules(const security::Principal& who,
                                                              std::optional<long long> organisation_id);
    core::Result<CategoryRule> CreateCategoryRule(const security::Principal& who, CategoryRule r);
    core::Result<CategoryRule> UpdateCategoryRule(const security::Principal& who, long long id, CategoryRule r);
    core::Status DeleteCategoryRule(const security::Principal& who, long long id);

    core::Result<MetricsView> Metrics(const security::Principal& who, std::optional<long long> organisation_id,
                                      core::Millis from, core::Millis to);

  private:
    ConversationView View(store::Tx& tx, const Conversation& c, core::Millis now);
    ResponseSettingsView EffectiveResponseSettings(store::Tx& tx, const security::OrgTree& tree,
                                                   long long organisation_id);
    // The conversation, locked, after the role check; kNotFound hides what the person may not read.
    core::Result<Conversation> ConversationFor(store::Tx& tx, const security::Principal& who, long long id,
                                               security::Action action, const security::OrgTree& tree);
    core::Result<ConversationView> Change(const security::Principal& who, long long id, const std::string& audit_action,
                                          const std::function<core::Status(store::Tx&, Conversation&)>& apply);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
    EventHub& events_;
    moderation::ModerationService& moderation_;
};

}  // namespace belfry::inbox
