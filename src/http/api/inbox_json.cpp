#include "http/api/inbox_json.hpp"

#include <boost/json.hpp>

namespace belfry::http::api {

namespace json = boost::json;

namespace {
json::value OptTime(const std::optional<core::Millis>& t) {
    return t ? json::value(core::FormatRfc3339(*t)) : json::value(nullptr);
}
json::value NonEmpty(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
}  // namespace

json::object ConversationJson(const inbox::ConversationView& v) {
    const auto& c = v.conversation;
    json::value assignee = nullptr;
    if (v.assignee)
        assignee = json::object{{"type", v.assignee->type}, {"id", v.assignee->id}, {"name", v.assignee->name}};
    return {{"id", c.id},
            {"organisation", {{"id", c.organisation_id}, {"name", v.organisation_name}}},
            {"channel",
             {{"id", v.channel.id},
              {"handle", v.channel.handle},
              {"network", v.channel.network},
              {"display_name", v.channel.display_name}}},
            {"kind", c.kind},
            {"post_id", c.post_id ? json::value(*c.post_id) : nullptr},
            {"citizen", {{"id", c.citizen_id}, {"handle", c.citizen_handle}, {"name", c.citizen_name}}},
            {"language", c.language},
            {"status", inbox::StatusName(c.status)},
            {"assignee", std::move(assignee)},
            {"category", NonEmpty(c.category)},
            {"first_inbound_at", core::FormatRfc3339(c.first_inbound_at)},
            {"last_inbound_at", core::FormatRfc3339(c.last_inbound_at)},
            {"first_response_at", OptTime(c.first_response_at)},
            {"last_response_at", OptTime(c.last_response_at)},
            {"due_at", OptTime(c.due_at)},
            {"overdue", v.overdue},
            {"item_count", c.item_count},
            {"last_text", c.last_text}};
}

json::object ItemJson(const inbox::Item& i) {
    json::value sent_by = nullptr;
    if (i.sent_by) sent_by = json::object{{"id", *i.sent_by}, {"name", i.sent_by_name}};
    return {{"id", i.id},
            {"conversation_id", i.conversation_id},
            {"direction", i.direction},
            {"kind", i.kind},
            {"remote_id", NonEmpty(i.remote_id)},
            {"url", NonEmpty(i.url)},
            {"parent_remote_id", NonEmpty(i.parent_remote_id)},
            {"author", {{"id", i.author_id}, {"handle", i.author_handle}, {"name", i.author_name}}},
            {"text", i.text},
            {"language", i.language},
            {"created_at", core::FormatRfc3339(i.created_at)},
            {"received_at", core::FormatRfc3339(i.received_at)},
            {"sent_by", std::move(sent_by)},
            {"send_state", NonEmpty(i.send_state)},
            {"send_message", NonEmpty(i.send_message)},
            {"moderation",
             {{"state", i.moderation},
              {"category", NonEmpty(i.moderation_category)},
              {"score", i.moderation_score ? json::value(*i.moderation_score) : nullptr}}}};
}

json::object DecisionJson(const moderation::Decision& d) {
    json::value by = nullptr;
    if (d.decided_by) by = json::object{{"id", *d.decided_by}, {"name", d.decided_by_name}};
    return {{"id", d.id},
            {"item_id", d.item_id},
            {"action", d.action},
            {"source", d.source},
            {"category", NonEmpty(d.category)},
            {"score", d.score ? json::value(*d.score) : nullptr},
            {"rule", NonEmpty(d.rule)},
            {"reason", d.reason},
            {"original_text", d.original_text},
            {"decided_by", std::move(by)},
            {"decided_by_name", d.decided_by_name},
            {"reverses", d.reverses ? json::value(*d.reverses) : nullptr},
            {"network_result", d.network_result},
            {"network_message", NonEmpty(d.network_message)},
            {"created_at", core::FormatRfc3339(d.created_at)}};
}

}  // namespace belfry::http::api
