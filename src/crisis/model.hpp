// Crisis mode (issue 4): the records of a crisis, its alert templates and messages, and the pure
// rules over them — template checking and filling, the decisions needed to close a crisis, the
// status a post takes afterwards, and the timeline. No HTTP, no SQL; thread-safe.
//
// Contract
// - A template's text per language may use the placeholders {sender}, {event}, {area},
//   {instructions}, {until} and {link}. CheckTemplate() refuses (kInvalidArgument, every problem
//   in `details`, field "variants.<lang>") unknown placeholders (naming them), stray braces, empty
//   or over-long texts, unknown languages, and languages that do not carry the same placeholders
//   (every language says the same thing).
// - FillTemplate() replaces each placeholder by its field's value in every language. A field is
//   one text for every language, or one text per language (an area or instructions written in
//   each). Every field a template uses is required (kInvalidArgument naming each missing
//   "fields.<name>" or "fields.<name>.<lang>"); `link` must be an http(s) URL; values are trimmed
//   and are not themselves expanded.
// - PlanClose() turns the paused renditions of a crisis and the caller's decisions (per post:
//   publish_now, reschedule with a future publish_at, cancel) into one step per rendition. A post
//   whose time passed during the crisis needs a decision: without one, kConflict listing every
//   such rendition with its channel and original time. A post without decision whose time is still
//   ahead gets its schedule back (restored).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace belfry::crisis {

// The fields of an alert, in the order a form shows them.
inline constexpr std::string_view kFieldNames[] = {"sender", "event", "area", "instructions", "until", "link"};
bool IsFieldName(std::string_view name);

inline constexpr std::size_t kMaxTemplateText = 5000;  // bytes per language
inline constexpr std::size_t kMaxTemplateName = 200;
inline constexpr std::size_t kMaxFieldValue = 1000;

// One field's value: the same text in every language, or one text per language (or both: a
// language without its own text takes the common one).
struct FieldValue {
    std::optional<std::string> all;
    std::map<std::string, std::string> per_language;
};
using Fields = std::map<std::string, FieldValue>;

// The placeholders a text uses, in order of first use; problems (unknown names, stray braces) are
// appended to `problems` when given.
std::vector<std::string> Placeholders(std::string_view text, std::vector<std::string>* problems = nullptr);

core::Status CheckTemplate(const std::string& name, const std::map<std::string, std::string>& variants);

// language → the filled text.
core::Result<std::map<std::string, std::string>> FillTemplate(const std::map<std::string, std::string>& variants,
                                                              const Fields& fields);

struct Crisis {
    long long id = 0;
    long long organisation_id = 0;
    std::string title;
    std::string reason;
    std::string status = "open";  // open | closed
    std::optional<long long> opened_by;
    std::string opened_by_name;
    core::Millis opened_at = 0;
    std::optional<long long> closed_by;
    std::string closed_by_name;
    std::optional<core::Millis> closed_at;
};

// A rendition the crisis paused, and what became of it when the crisis closed.
//   state: paused → restored (its original time, still ahead) | published_now | rescheduled | cancelled
struct PausedRendition {
    long long crisis_id = 0;
    long long post_id = 0;
    long long rendition_id = 0;
    long long channel_id = 0;
    std::string channel_name;
    core::Millis original_publish_at = 0;
    std::string state = "paused";
    std::optional<core::Millis> new_publish_at;  // when it goes out after the crisis
    std::optional<core::Millis> decided_at;
    std::string decided_by_name;
    std::string rendition_status;  // live, from the rendition
};

// A rendition already on its way to its network when the crisis opened: it could not be stopped.
struct NotPausedRendition {
    long long crisis_id = 0;
    long long post_id = 0;
    long long rendition_id = 0;
    long long channel_id = 0;
    std::string channel_name;
    std::string status;  // at the opening: publishing | unconfirmed
    std::optional<core::Millis> publish_at;
    std::string rendition_status;  // live
};

struct Template {
    long long id = 0;
    long long organisation_id = 0;
    std::string name;
    std::map<std::string, std::string> variants;  // language → text with placeholders
    long long version = 1;
    std::optional<long long> approved_version;
    std::optional<long long> approved_by;
    std::string approved_by_name;
    std::optional<core::Millis> approved_at;
    std::optional<long long> created_by;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
    bool approved() const { return approved_version && *approved_version == version; }
};

struct Message {
    long long id = 0;
    long long crisis_id = 0;
    long long post_id = 0;
    long long template_id = 0;
    long long template_version = 0;
    std::string template_name;
    std::string fields_json;  // the fields as sent
    std::optional<long long> sent_by;
    std::string sent_by_name;
    core::Millis sent_at = 0;
};

// One rendition of a crisis message, live.
struct MessageRendition {
    long long rendition_id = 0;
    long long post_id = 0;
    long long channel_id = 0;
    std::string channel_name;
    std::string network;
    std::string status;
    std::optional<std::string> remote_url;
    std::optional<core::Millis> published_at;
    std::optional<std::string> network_message;
    std::optional<std::string> explanation;
    core::Millis updated_at = 0;
};

struct MessageView {
    Message message;
    std::vector<MessageRendition> renditions;
    std::map<std::string, long long> counts;  // rendition status → how many
};

struct TimelineEntry {
    core::Millis at = 0;
    std::string kind;  // opened, paused, not_paused, message_sent, rendition_published, rendition_failed,
                       // closed, restored, published_now, rescheduled, cancelled
    std::string text;
    std::string actor_name;
    long long post_id = 0;     // 0: none
    long long channel_id = 0;  // 0: none
};

struct CrisisView {
    Crisis crisis;
    std::string organisation_name;
    core::Millis now = 0;  // past_due is judged at this time while the crisis is open
    std::vector<PausedRendition> paused;
    std::vector<NotPausedRendition> not_paused;
    std::vector<MessageView> messages;
    std::vector<TimelineEntry> timeline;
    // True when the rendition's original time has passed (by now, or by the closing).
    bool PastDue(const PausedRendition& p) const { return p.original_publish_at <= crisis.closed_at.value_or(now); }
};

struct CrisisSummary {
    Crisis crisis;
    std::string organisation_name;
    long long paused = 0;    // renditions paused at the opening
    long long waiting = 0;   // of which still paused
    long long messages = 0;  // crisis messages sent
};

// What the caller decides for one paused post when closing.
struct Decision {
    long long post_id = 0;
    std::string action;  // publish_now | reschedule | cancel
    std::optional<core::Millis> publish_at;
};

struct CloseStep {
    long long rendition_id = 0;
    long long post_id = 0;
    std::string state;            // restored | published_now | rescheduled | cancelled
    core::Millis publish_at = 0;  // unless cancelled
};

// `paused`: the renditions still paused. Steps in the order of `paused`.
core::Result<std::vector<CloseStep>> PlanClose(const std::vector<PausedRendition>& paused,
                                               const std::vector<Decision>& decisions, core::Millis now);

// The status of a post once none of its renditions is paused, from the count of its renditions per
// status: scheduled while one is still on its way; published, partially_published or failed once
// all settled; approved (back to its approval, unscheduled) when every one was cancelled.
std::string PostStatusAfter(const std::map<std::string, long long>& counts);

// Orders what happened, oldest first: the opening, each paused rendition, each message and the
// state of each of its renditions on its channel, the closing and what became of each paused post.
std::vector<TimelineEntry> BuildTimeline(const CrisisView& view);

}  // namespace belfry::crisis
