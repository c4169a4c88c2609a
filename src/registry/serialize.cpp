#include "registry/serialize.hpp"

#include <boost/json.hpp>

namespace belfry::registry {

namespace json = boost::json;

namespace {
json::value OptTime(const std::optional<core::Millis>& t) {
    if (!t) return nullptr;
    return json::value(core::FormatRfc3339(*t));
}
json::value OptInt(const std::optional<long long>& v) {
    if (!v) return nullptr;
    return json::value(*v);
}
json::value OptString(const std::optional<std::string>& v) {
    if (!v) return nullptr;
    return json::value(*v);
}
json::array Strings(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
}
}  // namespace

json::object ToJson(const Names& n) { return {{"fr", n.fr}, {"nl", n.nl}, {"de", n.de}, {"en", n.en}}; }

json::object ToJson(const Organisation& o) {
    return {{"id", o.id},
            {"parent_id", OptInt(o.parent_id)},
            {"kind", o.kind},
            {"slug", o.slug},
            {"names", ToJson(o.names)},
            {"created_at", core::FormatRfc3339(o.created_at)},
            {"updated_at", core::FormatRfc3339(o.updated_at)}};
}

json::object ToJson(const Channel& c, core::Millis revalidation_period, core::Millis now, bool internal) {
    const core::Millis due_at = c.RevalidationDueAt(revalidation_period);
    json::object o{{"id", c.id},
                   {"organisation_id", c.organisation_id},
                   {"network", core::NetworkName(c.network)},
                   {"handle", c.handle},
                   {"platform_account_id", OptString(c.platform_account_id)},
                   {"url", c.url},
                   {"display_name", c.display_name},
                   {"languages", Strings(c.languages)},
                   {"status", c.status},
                   {"status_changed_at", core::FormatRfc3339(c.status_changed_at)},
                   {"policy_url", OptString(c.policy_url)},
                   {"tags", Strings(c.tags)},
                   {"last_validated_at", OptTime(c.last_validated_at)},
                   {"revalidation_due_at", core::FormatRfc3339(due_at)},
                   {"revalidation_due", IsLiveStatus(c.status) && due_at <= now},
                   {"created_at", core::FormatRfc3339(c.created_at)},
                   {"updated_at", core::FormatRfc3339(c.updated_at)}};
    if (internal) {
        o["primary_contact_id"] = OptInt(c.primary_contact_id);
        o["backup_contact_id"] = OptInt(c.backup_contact_id);
    }
    return o;
}

json::object ToJson(const User& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"email", OptString(u.email)},
            {"locale", u.locale},
            {"disabled", u.disabled},
            {"created_at", core::FormatRfc3339(u.created_at)},
            {"last_login_at", OptTime(u.last_login_at)}};
}

json::object ToJson(const RoleGrant& g) {
    return {{"id", g.id},
            {"user_id", g.user_id},
            {"organisation_id", g.organisation_id},
            {"role", g.role},
            {"expires_at", OptTime(g.expires_at)},
            {"granted_by", OptInt(g.granted_by)},
            {"created_at", core::FormatRfc3339(g.created_at)}};
}

json::object ToJson(const ApiToken& t) {
    return {{"id", t.id},
            {"name", t.name},
            {"prefix", t.prefix},
            {"created_at", core::FormatRfc3339(t.created_at)},
            {"expires_at", OptTime(t.expires_at)},
            {"last_used_at", OptTime(t.last_used_at)}};
}

json::object ToJson(const security::AuditRecord& r) {
    auto parse = [](const std::string& text) -> json::value {
        if (text.empty()) return nullptr;
        boost::system::error_code ec;
        auto v = json::parse(text, ec);
        if (ec) return json::value(text);
        return v;
    };
    json::value actor = nullptr;
    if (r.actor_id) {
        actor = json::object{{"id", *r.actor_id}, {"username", r.actor_name}};
    } else {
        actor = json::object{{"id", nullptr}, {"username", r.actor_name}};
    }
    return {{"seq", r.seq},
            {"at", core::FormatRfc3339(r.at)},
            {"actor", actor},
            {"action", r.action},
            {"object_type", r.object_type},
            {"object_id", r.object_id},
            {"organisation_id", OptInt(r.organisation_id)},
            {"before", parse(r.before_json)},
            {"after", parse(r.after_json)},
            {"prev_hash", r.prev_hash},
            {"hash", r.hash}};
}

std::string AuditText(const json::object& object) { return json::serialize(object); }

}  // namespace belfry::registry
