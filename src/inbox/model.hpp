// The inbox's vocabulary: conversations with citizens, their items (messages), notes, saved replies,
// response settings. Plain data, no HTTP, no SQL. Names as stored (see migrations/0008_inbox.sql).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace belfry::inbox {

// new → assigned → answered | waiting → closed; a citizen writing again reopens (→ new or assigned).
enum class Status { kNew, kAssigned, kWaiting, kAnswered, kClosed };
std::string_view StatusName(Status s);  // "new", "assigned", "waiting", "answered", "closed"
std::optional<Status> ParseStatus(std::string_view name);

// What a citizen's message is to the channel: a reply under one of its posts or threads, a mention
// elsewhere, a direct message; "answer" is belfry's own reply.
inline constexpr std::string_view kKindReply = "reply";
inline constexpr std::string_view kKindMention = "mention";
inline constexpr std::string_view kKindDirect = "direct";
inline constexpr std::string_view kKindAnswer = "answer";

// Moderation state of an item (see the migration).
inline constexpr std::string_view kModNone = "none";
inline constexpr std::string_view kModQueued = "queued";
inline constexpr std::string_view kModHidden = "hidden";
inline constexpr std::string_view kModNotHidden = "not_hidden";
inline constexpr std::string_view kModHideFailed = "hide_failed";
inline constexpr std::string_view kModAllowed = "allowed";

struct Item {
    long long id = 0;
    long long conversation_id = 0;
    long long organisation_id = 0;
    long long channel_id = 0;
    std::string remote_id;         // empty for an answer not sent yet
    std::string parent_remote_id;  // what it replies to; empty when none
    std::string direction;         // "in" | "out"
    std::string kind;              // reply | mention | direct | answer
    std::string author_id;
    std::string author_handle;
    std::string author_name;
    std::string text;  // verbatim
    std::string url;
    std::string language;          // detected (CLD2), "und" when unknown
    std::string network_language;  // as the network said, may be empty
    core::Millis created_at = 0;   // the network's time
    core::Millis received_at = 0;  // when belfry stored it
    std::optional<long long> sent_by;
    std::string sent_by_name;
    std::string send_state;  // out: pending | sent | failed
    std::string send_key;    // out: idempotency key
    std::string send_message;
    std::optional<long long> saved_reply_id;
    std::string moderation = std::string(kModNone);
    std::string moderation_category;
    std::optional<double> moderation_score;
    std::string search_text;  // inbox::SearchText(text, language)
};

struct Conversation {
    long long id = 0;
    long long organisation_id = 0;
    long long channel_id = 0;
    std::string network;
    std::string thread_key;
    std::string kind;  // of the first item: reply | mention | direct
    std::optional<long long> post_id;
    std::string citizen_id;
    std::string citizen_handle;
    std::string citizen_name;
    std::string language;
    Status status = Status::kNew;
    std::optional<long long> assignee_user_id;
    std::optional<long long> assignee_team_id;
    std::string category;  // empty: none
    core::Millis first_inbound_at = 0;
    core::Millis last_inbound_at = 0;
    std::optional<core::Millis> first_response_at;
    std::optional<long long> first_response_by;
    std::optional<core::Millis> last_response_at;
    std::optional<core::Millis> due_at;
    long long item_count = 0;
    std::string last_text;  // the last citizen message, cut to 280 characters
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
};

struct Note {
    long long id = 0;
    long long conversation_id = 0;
    std::optional<long long> author_id;
    std::string author_name;
    std::string text;
    core::Millis created_at = 0;
};

struct Team {
    long long id = 0;
    long long organisation_id = 0;
    std::string name;
    std::vector<long long> member_ids;
};

struct SavedReplyVariant {
    std::string language;
    std::string text;  // with {citizen_name}, {citizen_handle}, {link}, {channel}
};
struct SavedReply {
    long long id = 0;
    long long organisation_id = 0;
    std::string name;
    std::string category;
    std::string link;
    std::vector<SavedReplyVariant> variants;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
};

struct CategoryRule {
    long long id = 0;
    long long organisation_id = 0;
    std::string category;
    std::string language;               // empty: any
    std::vector<std::string> keywords;  // stored newline-separated
    long long position = 0;
};

// The response target: "same_business_day" (before the end of the business day the message came
// in, or of the next one when it came after hours), "next_business_day", or "hours" (target_hours
// business hours). Business days are ISO weekdays (1 = Monday) minus Belgian public holidays;
// times are minutes after midnight in Europe/Brussels.
struct ResponseSettings {
    std::string target = "same_business_day";
    int target_hours = 8;
    std::vector<int> business_days{1, 2, 3, 4, 5};
    int day_start_minute = 9 * 60;
    int day_end_minute = 17 * 60;
};

}  // namespace belfry::inbox
