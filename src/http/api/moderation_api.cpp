// /api/v1/moderation — the moderators' queue, an item's decisions, hide / allow / restore, trying a
// text; /api/v1/organisations/{id}/moderation-settings and -terms (the policy and the
// organisation's own lexicon). Contract: docs/design/inbox.md.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/api/inbox_json.hpp"
#include "http/json_body.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

json::object ModSettingsJson(const moderation::Settings& s) {
    json::array cats;
    for (const auto& c : s.categories) cats.emplace_back(c);
    return {{"hide_threshold", s.hide_threshold},
            {"queue_threshold", s.queue_threshold},
            {"categories", std::move(cats)},
            {"use_model", s.use_model}};
}

json::object SettingsViewJson(const moderation::SettingsView& v) {
    return {{"own", v.own ? json::value(ModSettingsJson(*v.own)) : json::value(nullptr)},
            {"effective", ModSettingsJson(v.effective)},
            {"set_by", v.set_by == 0 ? json::value(nullptr)
                                     : json::value(json::object{{"id", v.set_by}, {"name", v.set_by_name}})}};
}

json::object TermJson(const moderation::TermView& v) {
    const auto& t = v.term;
    return {{"id", t.id},
            {"organisation", {{"id", t.organisation_id}, {"name", v.organisation_name}}},
            {"kind", t.kind},
            {"category", t.category},
            {"language", t.language.empty() ? json::value(nullptr) : json::value(t.language)},
            {"term", t.term},
            {"created_by_name", t.created_by_name},
            {"created_at", core::FormatRfc3339(t.created_at)}};
}

json::object ModItemJson(const moderation::ItemView& v) {
    json::object out{{"item", ItemJson(v.item)},
                     {"conversation_id", v.item.conversation_id},
                     {"channel", {{"id", v.item.channel_id}, {"handle", v.channel_handle}, {"network", v.network}}},
                     {"latest", v.latest ? json::value(DecisionJson(*v.latest)) : json::value(nullptr)}};
    return out;
}

}  // namespace

void RegisterModeration(Router& router, Services& s) {
    router.Add("GET", "/api/v1/moderation/queue", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        moderation::QueueFilter f;
        f.organisation_id = org.value();
        f.states = QueryList(req, "state");
        f.categories = QueryList(req, "category");
        f.page = paging->first;
        f.per_page = paging->second;
        return Reply(200, s.moderation.Queue(ctx.who->principal, f),
                     [](const registry::Page<moderation::ItemView>& p) { return PageJson(p, ModItemJson); });
    });
    router.Add("GET", "/api/v1/moderation/items/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.moderation.GetItem(ctx.who->principal, id.value()), [](const moderation::ItemView& v) {
            auto out = ModItemJson(v);
            json::array decisions;
            for (const auto& d : v.decisions) decisions.push_back(DecisionJson(d));
            out["decisions"] = std::move(decisions);
            return out;
        });
    });
    router.Add("POST", "/api/v1/moderation/items/{id}/decide", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto action = f.String("action", true).value_or("");
        auto reason = f.String("reason", true).value_or("");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        auto r = s.moderation.Decide(ctx.who->principal, id.value(), action, reason);
        if (r.ok() && s.wake_inbox) s.wake_inbox();
        return Reply(201, std::move(r), DecisionJson);
    });
    router.Add("POST", "/api/v1/moderation/try", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto org = f.Int("organisation_id", true).value_or(0);
        auto text = f.String("text", true).value_or("");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.moderation.Try(ctx.who->principal, org, text), [](const moderation::TryResult& r) {
            json::object scores;
            for (auto c : moderation::kCategories) scores[moderation::CategoryName(c)] = r.classification.score(c);
            json::array terms;
            for (const auto& t : r.classification.terms) {
                terms.push_back(json::object{
                    {"category", moderation::CategoryName(t.category)}, {"language", t.language}, {"term", t.term}});
            }
            json::array personal;
            for (const auto& d : r.classification.personal_data) {
                personal.push_back(json::object{{"kind", moderation::PersonalDataName(d.kind)}, {"text", d.text}});
            }
            return json::object{
                {"scores", std::move(scores)},
                {"terms", std::move(terms)},
                {"personal_data", std::move(personal)},
                {"action", r.verdict.action},
                {"category", r.verdict.category.empty() ? json::value(nullptr) : json::value(r.verdict.category)},
                {"reason", r.verdict.reason}};
        });
    });

    router.Add("GET", "/api/v1/organisations/{id}/moderation-settings", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   return Reply(200, s.moderation.GetSettings(ctx.who->principal, id.value()), SettingsViewJson);
               });
    router.Add(
        "PUT", "/api/v1/organisations/{id}/moderation-settings", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
            auto id = PathId(req);
            if (!id.ok()) return Response::Problem(id.error());
            auto body = ParseJsonObject(req);
            if (!body.ok()) return Response::Problem(body.error());
            // null: inherit from the organisation above.
            auto& obj = body.value();
            const bool inherit = TakeNull(obj, "settings");
            FieldReader f(obj);
            std::optional<moderation::Settings> settings;
            if (const auto* obj = f.Object("settings")) {
                FieldReader r(*obj, "settings");
                moderation::Settings m;
                m.hide_threshold = r.Number("hide_threshold", true).value_or(0);
                m.queue_threshold = r.Number("queue_threshold", true).value_or(0);
                m.categories = r.StringList("categories", true).value_or(std::vector<std::string>{});
                m.use_model = r.Bool("use_model").value_or(false);
                if (auto st = r.Finish(); !st.ok()) return Response::Problem(st.error());
                settings = m;
            } else if (!inherit) {
                f.Fail("settings", "settings is required (null: inherit from the organisation above)");
            }
            if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
            return Reply(200, s.moderation.PutSettings(ctx.who->principal, id.value(), settings), SettingsViewJson);
        });
    router.Add("GET", "/api/v1/organisations/{id}/moderation-terms", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   return Reply(200, s.moderation.ListTerms(ctx.who->principal, id.value()),
                                [](const std::vector<moderation::TermView>& l) { return ListJson(l, TermJson); });
               });
    router.Add("POST", "/api/v1/organisations/{id}/moderation-terms", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   FieldReader f(body.value());
                   moderation::Term t;
                   t.kind = f.String("kind", true).value_or("");
                   t.category = f.String("category", true).value_or("");
                   t.language = f.NullableString("language").value_or(std::nullopt).value_or("");
                   t.term = f.String("term", true).value_or("");
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   return Reply(201, s.moderation.AddTerm(ctx.who->principal, id.value(), t), TermJson);
               });
    router.Add("DELETE", "/api/v1/moderation-terms/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.moderation.DeleteTerm(ctx.who->principal, id.value());
        return st.ok() ? Response::NoContent() : Response::Problem(st.error());
    });
}

}  // namespace belfry::http::api
