// /api/v1/crises — crisis mode: open a crisis for an organisation's sub-tree (its scheduled posts
// pause), follow it (what was paused, the messages sent and their state on each channel, the
// timeline), send an approved alert template at once, and close it (the schedule comes back; posts
// whose time passed get a decision each). /api/v1/crisis-templates — the pre-approved multilingual
// alert texts.
#include <boost/json.hpp>
#include <initializer_list>
#include <string_view>

#include "core/languages.hpp"
#include "http/api/api.hpp"
#include "http/json_body.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

// Joins the parts into one string (one allocation).
std::string Cat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts) n += p.size();
    std::string out;
    out.reserve(n);
    for (auto p : parts) out.append(p);
    return out;
}

json::value OptTime(const std::optional<core::Millis>& t) {
    return t ? json::value(core::FormatRfc3339(*t)) : json::value(nullptr);
}
json::value OptInt(const std::optional<long long>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value OptStr(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value NonEmpty(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
json::value IdOrNull(long long id) { return id == 0 ? json::value(nullptr) : json::value(id); }

json::object CrisisJson(const crisis::Crisis& c, const std::string& organisation_name) {
    return {{"id", c.id},
            {"organisation_id", c.organisation_id},
            {"organisation_name", organisation_name},
            {"title", c.title},
            {"reason", c.reason},
            {"status", c.status},
            {"opened_by", OptInt(c.opened_by)},
            {"opened_by_name", c.opened_by_name},
            {"opened_at", core::FormatRfc3339(c.opened_at)},
            {"closed_by", OptInt(c.closed_by)},
            {"closed_by_name", c.closed_at ? json::value(c.closed_by_name) : json::value(nullptr)},
            {"closed_at", OptTime(c.closed_at)}};
}

json::object MessageJson(const crisis::MessageView& v) {
    const auto& m = v.message;
    json::array renditions;
    for (const auto& r : v.renditions) {
        renditions.push_back(json::object{{"rendition_id", r.rendition_id},
                                          {"channel_id", r.channel_id},
                                          {"channel_name", r.channel_name},
                                          {"network", r.network},
                                          {"status", r.status},
                                          {"remote_url", OptStr(r.remote_url)},
                                          {"published_at", OptTime(r.published_at)},
                                          {"network_message", OptStr(r.network_message)},
                                          {"explanation", OptStr(r.explanation)}});
    }
    json::object counts;
    for (const auto& [status, n] : v.counts) counts[status] = n;
    boost::system::error_code ec;
    auto fields = json::parse(m.fields_json, ec);
    return {{"id", m.id},
            {"crisis_id", m.crisis_id},
            {"post_id", m.post_id},
            {"template_id", m.template_id},
            {"template_version", m.template_version},
            {"template_name", m.template_name},
            {"fields", ec || !fields.is_object() ? json::value(json::object{}) : fields},
            {"sent_by", OptInt(m.sent_by)},
            {"sent_by_name", m.sent_by_name},
            {"sent_at", core::FormatRfc3339(m.sent_at)},
            {"renditions", renditions},
            {"counts", counts}};
}

json::object ViewJson(const crisis::CrisisView& v) {
    auto o = CrisisJson(v.crisis, v.organisation_name);
    json::array paused;
    for (const auto& p : v.paused) {
        paused.push_back(json::object{{"post_id", p.post_id},
                                      {"rendition_id", p.rendition_id},
                                      {"channel_id", p.channel_id},
                                      {"channel_name", p.channel_name},
                                      {"original_publish_at", core::FormatRfc3339(p.original_publish_at)},
                                      {"past_due", v.PastDue(p)},
                                      {"state", p.state},
                                      {"publish_at", OptTime(p.new_publish_at)},
                                      {"decided_at", OptTime(p.decided_at)},
                                      {"decided_by_name", p.decided_at ? json::value(p.decided_by_name) : nullptr},
                                      {"rendition_status", p.rendition_status}});
    }
    json::array not_paused;
    for (const auto& n : v.not_paused) {
        not_paused.push_back(json::object{{"post_id", n.post_id},
                                          {"rendition_id", n.rendition_id},
                                          {"channel_id", n.channel_id},
                                          {"channel_name", n.channel_name},
                                          {"status", n.status},
                                          {"publish_at", OptTime(n.publish_at)},
                                          {"rendition_status", n.rendition_status}});
    }
    json::array messages;
    for (const auto& m : v.messages) messages.push_back(MessageJson(m));
    json::array timeline;
    for (const auto& t : v.timeline) {
        timeline.push_back(json::object{{"at", core::FormatRfc3339(t.at)},
                                        {"kind", t.kind},
                                        {"text", t.text},
                                        {"actor_name", NonEmpty(t.actor_name)},
                                        {"post_id", IdOrNull(t.post_id)},
                                        {"channel_id", IdOrNull(t.channel_id)}});
    }
    o["paused"] = paused;
    o["not_paused"] = not_paused;
    o["messages"] = messages;
    o["timeline"] = timeline;
    return o;
}

json::object SummaryJson(const crisis::CrisisSummary& s) {
    auto o = CrisisJson(s.crisis, s.organisation_name);
    o["paused_count"] = s.paused;
    o["waiting_count"] = s.waiting;
    o["message_count"] = s.messages;
    return o;
}

json::object TemplateJson(const crisis::TemplateView& v) {
    const auto& t = v.tmpl;
    json::object variants;
    for (const auto& [lang, text] : t.variants) variants[lang] = text;
    json::array placeholders;
    for (auto name : crisis::kFieldNames) {
        for (const auto& [lang, text] : t.variants) {
            const auto used = crisis::Placeholders(text);
            if (std::find(used.begin(), used.end(), name) != used.end()) {
                placeholders.emplace_back(name);
                break;
            }
        }
    }
    return {{"id", t.id},
            {"organisation_id", t.organisation_id},
            {"organisation_name", v.organisation_name},
            {"name", t.name},
            {"variants", variants},
            {"placeholders", placeholders},
            {"version", t.version},
            {"approved_version", OptInt(t.approved_version)},
            {"approved_by", OptInt(t.approved_by)},
            {"approved_by_name", t.approved_version ? json::value(t.approved_by_name) : json::value(nullptr)},
            {"approved_at", OptTime(t.approved_at)},
            {"approved", t.approved()},
            {"created_at", core::FormatRfc3339(t.created_at)},
            {"updated_at", core::FormatRfc3339(t.updated_at)}};
}

// "variants": {"fr": "…", "nl": "…"} — every language is passed on; the template check names the
// unknown ones.
std::optional<std::map<std::string, std::string>> ReadVariants(FieldReader& f, bool required) {
    const json::object* obj = f.Object("variants", required);
    if (obj == nullptr) return std::nullopt;
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : *obj) {
        const std::string lang(key);
        if (!value.is_string()) {
            f.Fail("variants", "variants." + lang + " must be a string");
            return out;
        }
        out[lang] = std::string(value.as_string());
    }
    return out;
}

// "fields": {"event": "…", "area": {"fr": "…", "nl": "…"}, …}
crisis::Fields ReadFields(FieldReader& f) {
    crisis::Fields out;
    const json::object* obj = f.Object("fields", true);
    if (obj == nullptr) return out;
    for (const auto& [key, value] : *obj) {
        const std::string name(key);
        const std::string field = "fields." + name;
        if (!crisis::IsFieldName(name)) {
            f.Fail(field, field + " is not a field of an alert: use sender, event, area, instructions, until and link");
            return out;
        }
        if (value.is_null()) continue;
        if (value.is_string()) {
            out[name].all = std::string(value.as_string());
            continue;
        }
        if (!value.is_object()) {
            f.Fail(field, field +
                              " must be a text, or an object with one text per language like {\"fr\": \"…\", "
                              "\"nl\": \"…\"}");
            return out;
        }
        for (const auto& [lang_key, text] : value.as_object()) {
            const std::string lang(lang_key);
            if (!core::IsLanguage(lang)) {
                f.Fail(Cat({field, ".", lang}), Cat({field, ".", lang, ": unknown language: use fr, nl, de or en"}));
                return out;
            }
            if (!text.is_string()) {
                f.Fail(Cat({field, ".", lang}), Cat({field, ".", lang, " must be a string"}));
                return out;
            }
            out[name].per_language[lang] = std::string(text.as_string());
        }
    }
    return out;
}

std::vector<crisis::Decision> ReadDecisions(FieldReader& f) {
    std::vector<crisis::Decision> out;
    const json::array* list = f.Array("decisions");
    if (list == nullptr) return out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string name = "decisions[" + std::to_string(i) + "]";
        if (!(*list)[i].is_object()) {
            f.Fail(name, name + " must be an object like {\"post_id\": 12, \"action\": \"publish_now\"}");
            return out;
        }
        FieldReader item((*list)[i].as_object(), name);
        crisis::Decision d;
        d.post_id = item.Int("post_id", true).value_or(0);
        d.action = item.String("action", true).value_or("");
        d.publish_at = item.Time("publish_at");
        if (auto st = item.Finish(); !st.ok()) {
            f.Fail(st.error().field, st.error().message);
            return out;
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

void RegisterCrisis(Router& router, Services& s) {
    router.Add("GET", "/api/v1/crises", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        crisis::CrisisFilter filter;
        filter.status = req.QueryParam("status");
        filter.organisation_id = org.value();
        filter.page = paging->first;
        filter.per_page = paging->second;
        return Reply(200, s.crisis.List(ctx.who->principal, filter),
                     [](const registry::Page<crisis::CrisisSummary>& p) { return PageJson(p, SummaryJson); });
    });
    router.Add("POST", "/api/v1/crises", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        crisis::OpenInput in;
        in.organisation_id = f.Int("organisation_id", true).value_or(0);
        in.title = f.String("title", true).value_or("");
        in.reason = f.String("reason", true).value_or("");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.crisis.Open(ctx.who->principal, in), ViewJson);
    });
    router.Add("GET", "/api/v1/crises/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.crisis.Get(ctx.who->principal, id.value()), ViewJson);
    });
    router.Add("POST", "/api/v1/crises/{id}/close", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        std::vector<crisis::Decision> decisions;
        if (!req.body.empty()) {
            auto body = ParseJsonObject(req);
            if (!body.ok()) return Response::Problem(body.error());
            FieldReader f(body.value());
            decisions = ReadDecisions(f);
            if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        }
        return Reply(200, s.crisis.Close(ctx.who->principal, id.value(), decisions), ViewJson);
    });
    router.Add("POST", "/api/v1/crises/{id}/messages", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        crisis::MessageInput in;
        in.template_id = f.Int("template_id", true).value_or(0);
        in.fields = ReadFields(f);
        in.channel_ids = f.IntList("channel_ids", true).value_or(std::vector<long long>{});
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.crisis.SendMessage(ctx.who->principal, id.value(), in), MessageJson);
    });

    router.Add("GET", "/api/v1/crisis-templates", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        return Reply(200, s.crisis.ListTemplates(ctx.who->principal, org.value()),
                     [](const std::vector<crisis::TemplateView>& list) { return ListJson(list, TemplateJson); });
    });
    router.Add("POST", "/api/v1/crisis-templates", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        crisis::TemplateInput in;
        in.organisation_id = f.Int("organisation_id", true).value_or(0);
        in.name = f.String("name", true).value_or("");
        in.variants = ReadVariants(f, true).value_or(std::map<std::string, std::string>{});
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.crisis.CreateTemplate(ctx.who->principal, in), TemplateJson);
    });
    router.Add("GET", "/api/v1/crisis-templates/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.crisis.GetTemplate(ctx.who->principal, id.value()), TemplateJson);
    });
    router.Add("PUT", "/api/v1/crisis-templates/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        crisis::TemplatePatch patch;
        patch.name = f.String("name");
        patch.variants = ReadVariants(f, false);
        if (!patch.name && !patch.variants) f.Fail("variants", "send the name, the variants or both");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.crisis.UpdateTemplate(ctx.who->principal, id.value(), patch), TemplateJson);
    });
    router.Add("POST", "/api/v1/crisis-templates/{id}/approve", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        const long long version = f.Int("version", true).value_or(0);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.crisis.ApproveTemplate(ctx.who->principal, id.value(), version), TemplateJson);
    });
}

}  // namespace belfry::http::api
