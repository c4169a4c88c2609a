// /api/v1/inbox — citizens' conversations: list and filter, read, search, assign, status,
// category, internal notes, the collision heartbeat, answers, metrics, the live event stream;
// /api/v1/saved-replies; /api/v1/organisations/{id}/inbox-settings. Contract: docs/design/inbox.md.
#include <boost/json.hpp>
#include <chrono>

#include "core/text.hpp"
#include "http/api/api.hpp"
#include "http/api/inbox_json.hpp"
#include "http/json_body.hpp"
#include "inbox/business_time.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

std::string Hhmm(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// "09:00" → 540; nullopt when malformed.
std::optional<int> ParseHhmm(const std::string& s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4}) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    }
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

json::object NoteJson(const inbox::Note& n) {
    return {{"id", n.id},
            {"author", {{"id", n.author_id ? json::value(*n.author_id) : nullptr}, {"name", n.author_name}}},
            {"text", n.text},
            {"created_at", core::FormatRfc3339(n.created_at)}};
}

json::object TeamJson(const inbox::Team& t) {
    json::array members;
    for (long long u : t.member_ids) members.emplace_back(u);
    return {{"id", t.id}, {"organisation_id", t.organisation_id}, {"name", t.name}, {"member_ids", std::move(members)}};
}

json::object SavedReplyJson(const inbox::SavedReply& r) {
    json::array variants;
    for (const auto& v : r.variants) variants.push_back(json::object{{"language", v.language}, {"text", v.text}});
    return {{"id", r.id},
            {"organisation_id", r.organisation_id},
            {"name", r.name},
            {"category", r.category.empty() ? json::value(nullptr) : json::value(r.category)},
            {"link", r.link.empty() ? json::value(nullptr) : json::value(r.link)},
            {"variants", std::move(variants)},
            {"created_at", core::FormatRfc3339(r.created_at)},
            {"updated_at", core::FormatRfc3339(r.updated_at)}};
}

json::object CategoryRuleJson(const inbox::CategoryRule& r) {
    json::array keywords;
    for (const auto& k : r.keywords) keywords.emplace_back(k);
    return {{"id", r.id},
            {"organisation_id", r.organisation_id},
            {"category", r.category},
            {"language", r.language.empty() ? json::value(nullptr) : json::value(r.language)},
            {"keywords", std::move(keywords)},
            {"position", r.position}};
}

json::object ResponseSettingsJson(const inbox::ResponseSettings& s) {
    json::array days;
    for (int d : s.business_days) days.emplace_back(d);
    return {{"target", s.target},
            {"target_hours", s.target_hours},
            {"business_days", std::move(days)},
            {"day_start", Hhmm(s.day_start_minute)},
            {"day_end", Hhmm(s.day_end_minute)}};
}

json::object StatsJson(const inbox::ResponseStats& s) {
    return {{"conversations", s.conversations},
            {"answered", s.answered},
            {"response_rate", s.response_rate},
            {"median_ms", s.median_ms ? json::value(*s.median_ms) : nullptr},
            {"p90_ms", s.p90_ms ? json::value(*s.p90_ms) : nullptr},
            {"answered_on_time", s.answered_on_time},
            {"overdue_open", s.overdue_open}};
}

core::Result<std::vector<long long>> QueryIds(const Request& req, const std::string& name) {
    std::vector<long long> out;
    for (const auto& v : QueryList(req, name)) {
        try {
            std::size_t used = 0;
            out.push_back(std::stoll(v, &used));
            if (used != v.size()) throw std::invalid_argument(v);
        } catch (const std::exception&) {
            std::string message = name;
            message.append(" must be a number (got '").append(v).append("')");
            return core::Error::Invalid(name, message);
        }
    }
    return out;
}

core::Result<std::optional<core::Millis>> QueryTime(const Request& req, const std::string& name) {
    auto v = req.QueryParam(name);
    if (!v || v->empty()) return std::optional<core::Millis>{};
    auto t = core::ParseRfc3339(*v);
    if (!t) return core::Error::Invalid(name, name + " must be a date-time like 2026-11-01T00:00:00Z");
    return std::optional<core::Millis>(*t);
}

std::optional<inbox::ResponseSettings> ReadResponseSettings(FieldReader& f) {
    const auto* obj = f.Object("settings");
    if (obj == nullptr) return std::nullopt;
    FieldReader r(*obj, "settings");
    inbox::ResponseSettings s;
    s.target = r.String("target", true).value_or("");
    s.target_hours = static_cast<int>(r.Int("target_hours").value_or(s.target_hours));
    if (auto days = r.IntList("business_days")) {
        s.business_days.clear();
        for (long long d : *days) s.business_days.push_back(static_cast<int>(d));
    }
    if (auto start = r.String("day_start")) {
        if (auto m = ParseHhmm(*start)) {
            s.day_start_minute = *m;
        } else {
            r.Fail("day_start", "settings.day_start must be a time like 09:00");
        }
    }
    if (auto end = r.String("day_end")) {
        if (auto m = ParseHhmm(*end)) {
            s.day_end_minute = *m;
        } else {
            r.Fail("day_end", "settings.day_end must be a time like 17:00");
        }
    }
    if (auto st = r.Finish(); !st.ok()) f.Fail("settings", st.error().message);
    return s;
}

inbox::SavedReply ReadSavedReply(FieldReader& f, bool with_org) {
    inbox::SavedReply r;
    if (with_org) r.organisation_id = f.Int("organisation_id", true).value_or(0);
    r.name = f.String("name", true).value_or("");
    r.category = f.NullableString("category").value_or(std::nullopt).value_or("");
    r.link = f.NullableString("link").value_or(std::nullopt).value_or("");
    if (const auto* arr = f.Array("variants", true)) {
        int i = 0;
        for (const auto& v : *arr) {
            const std::string key = "variants[" + std::to_string(i++) + "]";
            if (!v.is_object()) {
                f.Fail("variants", key + " must be an object {language, text}");
                continue;
            }
            FieldReader vr(v.as_object(), key);
            inbox::SavedReplyVariant variant;
            variant.language = vr.String("language", true).value_or("");
            variant.text = vr.String("text", true).value_or("");
            if (auto st = vr.Finish(); !st.ok()) f.Fail("variants", st.error().message);
            r.variants.push_back(std::move(variant));
        }
    }
    return r;
}

inbox::CategoryRule ReadCategoryRule(FieldReader& f, bool with_org) {
    inbox::CategoryRule r;
    if (with_org) r.organisation_id = f.Int("organisation_id", true).value_or(0);
    r.category = f.String("category", true).value_or("");
    r.language = f.NullableString("language").value_or(std::nullopt).value_or("");
    r.keywords = f.StringList("keywords", true).value_or(std::vector<std::string>{});
    r.position = f.Int("position").value_or(0);
    return r;
}

// The live view: inbox events of the organisations the person may read, as server-sent events.
class InboxEventStream : public StreamBody {
  public:
    InboxEventStream(inbox::EventHub& hub, std::set<long long> organisations, std::uint64_t after)
        : hub_(hub), organisations_(std::move(organisations)), after_(after) {
        poll_ms = 250;
    }
    std::optional<std::string> Poll() override {
        std::string out;
        if (!started_) {
            started_ = true;
            out += "retry: 2000\n\n";
        }
        auto batch = hub_.Since(after_, organisations_);
        after_ = batch.last;
        if (batch.gap) {
            out += "event: reload\nid: " + std::to_string(after_) + "\ndata: {}\n\n";
        }
        for (const auto& e : batch.events) {
            json::object data{{"type", e.type},
                              {"organisation_id", e.organisation_id},
                              {"conversation_id", e.conversation_id},
                              {"item_id", e.item_id == 0 ? json::value(nullptr) : json::value(e.item_id)}};
            out += "event: inbox\nid: " + std::to_string(e.seq) + "\ndata: " + json::serialize(data) + "\n\n";
        }
        const auto now = std::chrono::steady_clock::now();
        if (out.empty() && now - last_sent_ > std::chrono::seconds(15)) out = ": keep-alive\n\n";
        if (!out.empty()) last_sent_ = now;
        return out;
    }

  private:
    inbox::EventHub& hub_;
    std::set<long long> organisations_;
    std::uint64_t after_;
    bool started_ = false;
    std::chrono::steady_clock::time_point last_sent_ = std::chrono::steady_clock::now();
};

}  // namespace

void RegisterInbox(Router& router, Services& s) {
    router.Add("GET", "/api/v1/inbox/conversations", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        auto channels = QueryIds(req, "channel_id");
        if (!channels.ok()) return Response::Problem(channels.error());
        inbox::ConversationFilter f;
        f.organisation_id = org.value();
        f.channel_ids = channels.value();
        f.networks = QueryList(req, "network");
        f.statuses = QueryList(req, "status");
        f.languages = QueryList(req, "language");
        f.categories = QueryList(req, "category");
        f.assignee = req.QueryParam("assignee").value_or("");
        f.overdue = req.QueryParam("overdue").value_or("") == "true";
        f.q = req.QueryParam("q").value_or("");
        f.sort = req.QueryParam("sort").value_or("recent");
        f.page = paging->first;
        f.per_page = paging->second;
        return Reply(200, s.inbox.ListConversations(ctx.who->principal, f), [](const inbox::ConversationPage& p) {
            auto out = PageJson(p.page, ConversationJson);
            json::object counts;
            for (const char* st : {"new", "assigned", "waiting", "answered", "closed"}) {
                auto it = p.counts.find(st);
                counts[st] = it == p.counts.end() ? 0 : it->second;
            }
            out["counts"] = std::move(counts);
            return out;
        });
    });
    router.Add("GET", "/api/v1/inbox/conversations/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.inbox.GetConversation(ctx.who->principal, id.value()),
                     [](const inbox::ConversationDetail& d) {
                         json::array items;
                         for (const auto& i : d.items) items.push_back(ItemJson(i));
                         json::array notes;
                         for (const auto& n : d.notes) notes.push_back(NoteJson(n));
                         json::array drafting;
                         for (const auto& dr : d.drafting) {
                             drafting.push_back(json::object{
                                 {"user_id", dr.user_id}, {"name", dr.user_name}, {"at", core::FormatRfc3339(dr.at)}});
                         }
                         json::array replies;
                         for (const auto& r : d.saved_replies) replies.push_back(SavedReplyJson(r));
                         json::array actions;
                         for (const auto& a : d.actions) actions.emplace_back(a);
                         return json::object{{"conversation", ConversationJson(d.view)},
                                             {"items", std::move(items)},
                                             {"notes", std::move(notes)},
                                             {"drafting", std::move(drafting)},
                                             {"saved_replies", std::move(replies)},
                                             {"actions", std::move(actions)}};
                     });
    });
    router.Add("POST", "/api/v1/inbox/conversations/{id}/assign", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   FieldReader f(body.value());
                   auto user = f.NullableInt("user_id").value_or(std::nullopt);
                   auto team = f.NullableInt("team_id").value_or(std::nullopt);
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   return Reply(200, s.inbox.Assign(ctx.who->principal, id.value(), user, team), ConversationJson);
               });
    router.Add("POST", "/api/v1/inbox/conversations/{id}/status", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   FieldReader f(body.value());
                   auto status = f.String("status", true).value_or("");
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   return Reply(200, s.inbox.SetStatus(ctx.who->principal, id.value(), status), ConversationJson);
               });
    router.Add("POST", "/api/v1/inbox/conversations/{id}/category", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   FieldReader f(body.value());
                   auto category = f.NullableString("category").value_or(std::nullopt).value_or("");
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   return Reply(200, s.inbox.SetCategory(ctx.who->principal, id.value(), category), ConversationJson);
               });
    router.Add("POST", "/api/v1/inbox/conversations/{id}/notes", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto text = f.String("text", true).value_or("");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.inbox.AddNote(ctx.who->principal, id.value(), text), NoteJson);
    });
    auto drafting = [&s](bool active) {
        return [&s, active](Request& req, const Ctx& ctx) {
            auto id = PathId(req);
            if (!id.ok()) return Response::Problem(id.error());
            auto r = s.inbox.Drafting(ctx.who->principal, id.value(), active);
            if (!r.ok()) return Response::Problem(r.error());
            if (!active) return Response::NoContent();
            json::array others;
            for (const auto& d : r.value()) {
                others.push_back(
                    json::object{{"user_id", d.user_id}, {"name", d.user_name}, {"at", core::FormatRfc3339(d.at)}});
            }
            return Response::Json(200, json::object{{"others", std::move(others)}});
        };
    };
    router.Add("POST", "/api/v1/inbox/conversations/{id}/drafting", Access::kSignedIn, drafting(true));
    router.Add("DELETE", "/api/v1/inbox/conversations/{id}/drafting", Access::kSignedIn, drafting(false));
    router.Add("POST", "/api/v1/inbox/conversations/{id}/answer", Access::kSignedIn,
               [&s](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   FieldReader f(body.value());
                   inbox::AnswerInput in;
                   in.text = f.String("text").value_or("");
                   in.saved_reply_id = f.NullableInt("saved_reply_id").value_or(std::nullopt);
                   in.language = f.String("language").value_or("");
                   in.reply_to_item_id = f.NullableInt("reply_to_item_id").value_or(std::nullopt);
                   in.last_seen_item_id = f.NullableInt("last_seen_item_id").value_or(std::nullopt);
                   in.force = f.Bool("force").value_or(false);
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   auto r = s.inbox.Answer(ctx.who->principal, id.value(), in);
                   if (r.ok() && s.wake_inbox) s.wake_inbox();
                   return Reply(202, std::move(r), [](const inbox::Item& i) { return ItemJson(i); });
               });
    router.Add("GET", "/api/v1/inbox/search", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        auto channels = QueryIds(req, "channel_id");
        if (!channels.ok()) return Response::Problem(channels.error());
        inbox::SearchFilter f;
        f.q = req.QueryParam("q").value_or("");
        f.organisation_id = org.value();
        f.channel_ids = channels.value();
        f.languages = QueryList(req, "language");
        f.direction = req.QueryParam("direction").value_or("");
        f.page = paging->first;
        f.per_page = paging->second;
        return Reply(200, s.inbox.Search(ctx.who->principal, f),
                     [](const registry::Page<inbox::Item>& p) { return PageJson(p, ItemJson); });
    });
    router.Add("GET", "/api/v1/inbox/metrics", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        auto from = QueryTime(req, "from");
        if (!from.ok()) return Response::Problem(from.error());
        auto to = QueryTime(req, "to");
        if (!to.ok()) return Response::Problem(to.error());
        const auto now = s.clock.NowMs();
        const core::Millis end = to.value().value_or(now);
        const core::Millis start = from.value().value_or(end - 30LL * 24 * 3600 * 1000);
        return Reply(
            200, s.inbox.Metrics(ctx.who->principal, org.value(), start, end), [](const inbox::MetricsView& v) {
                json::array by_org;
                for (const auto& [id, st] : v.metrics.by_organisation) {
                    auto it = v.organisation_names.find(id);
                    by_org.push_back(json::object{{"id", id},
                                                  {"name", it == v.organisation_names.end() ? "" : it->second},
                                                  {"stats", StatsJson(st)}});
                }
                json::array by_channel;
                for (const auto& [id, st] : v.metrics.by_channel) {
                    auto it = v.channels.find(id);
                    const bool known = it != v.channels.end();
                    by_channel.push_back(json::object{{"id", id},
                                                      {"name", known ? it->second.display_name : ""},
                                                      {"handle", known ? it->second.handle : ""},
                                                      {"network", known ? it->second.network : ""},
                                                      {"stats", StatsJson(st)}});
                }
                json::array by_person;
                for (const auto& [id, st] : v.metrics.by_person) {
                    auto it = v.person_names.find(id);
                    by_person.push_back(json::object{
                        {"id", id}, {"name", it == v.person_names.end() ? "" : it->second}, {"stats", StatsJson(st)}});
                }
                json::array by_network;
                for (const auto& [n, st] : v.metrics.by_network) {
                    by_network.push_back(json::object{{"network", n}, {"stats", StatsJson(st)}});
                }
                return json::object{{"from", core::FormatRfc3339(v.from)}, {"to", core::FormatRfc3339(v.to)},
                                    {"total", StatsJson(v.metrics.total)}, {"by_organisation", std::move(by_org)},
                                    {"by_channel", std::move(by_channel)}, {"by_person", std::move(by_person)},
                                    {"by_network", std::move(by_network)}};
            });
    });
    router.Add("GET", "/api/v1/inbox/events", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto orgs = s.inbox.ReadableOrganisations(ctx.who->principal);
        std::uint64_t after = s.inbox_events.Last();
        if (auto last = req.Header("last-event-id"); !last.empty()) {
            try {
                after = std::stoull(last);
            } catch (const std::exception&) {
                // A malformed id: start from now.
            }
        }
        Response res;
        res.status = 200;
        res.content_type = "text/event-stream; charset=utf-8";
        res.headers.emplace_back("X-Accel-Buffering", "no");
        res.stream = std::make_shared<InboxEventStream>(s.inbox_events, std::move(orgs), after);
        return res;
    });

    // ---- teams
    router.Add("GET", "/api/v1/inbox/teams", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        return Reply(200, s.inbox.ListTeams(ctx.who->principal, org.value()),
                     [](const std::vector<inbox::Team>& l) { return ListJson(l, TeamJson); });
    });
    router.Add("POST", "/api/v1/inbox/teams", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        inbox::Team t;
        t.organisation_id = f.Int("organisation_id", true).value_or(0);
        t.name = f.String("name", true).value_or("");
        t.member_ids = f.IntList("member_ids").value_or(std::vector<long long>{});
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.inbox.CreateTeam(ctx.who->principal, t), TeamJson);
    });
    router.Add("PUT", "/api/v1/inbox/teams/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto name = f.String("name", true).value_or("");
        auto members = f.IntList("member_ids", true).value_or(std::vector<long long>{});
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.inbox.UpdateTeam(ctx.who->principal, id.value(), name, members), TeamJson);
    });

    // ---- category rules
    router.Add("GET", "/api/v1/inbox/category-rules", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        return Reply(200, s.inbox.ListCategoryRules(ctx.who->principal, org.value()),
                     [](const std::vector<inbox::CategoryRule>& l) { return ListJson(l, CategoryRuleJson); });
    });
    router.Add("POST", "/api/v1/inbox/category-rules", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto r = ReadCategoryRule(f, true);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.inbox.CreateCategoryRule(ctx.who->principal, r), CategoryRuleJson);
    });
    router.Add("PUT", "/api/v1/inbox/category-rules/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto r = ReadCategoryRule(f, false);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.inbox.UpdateCategoryRule(ctx.who->principal, id.value(), r), CategoryRuleJson);
    });
    router.Add("DELETE", "/api/v1/inbox/category-rules/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.inbox.DeleteCategoryRule(ctx.who->principal, id.value());
        return st.ok() ? Response::NoContent() : Response::Problem(st.error());
    });

    // ---- saved replies
    router.Add("GET", "/api/v1/saved-replies", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        const auto language = req.QueryParam("language").value_or("");
        return Reply(200, s.inbox.ListSavedReplies(ctx.who->principal, org.value()),
                     [&language](const std::vector<inbox::SavedReply>& l) {
                         json::array items;
                         for (const auto& r : l) {
                             if (!language.empty() && std::none_of(r.variants.begin(), r.variants.end(),
                                                                   [&](const inbox::SavedReplyVariant& v) {
                                                                       return v.language == language;
                                                                   })) {
                                 continue;
                             }
                             items.push_back(SavedReplyJson(r));
                         }
                         return json::object{{"items", std::move(items)}};
                     });
    });
    router.Add("POST", "/api/v1/saved-replies", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto r = ReadSavedReply(f, true);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.inbox.CreateSavedReply(ctx.who->principal, r), SavedReplyJson);
    });
    router.Add("GET", "/api/v1/saved-replies/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.inbox.GetSavedReply(ctx.who->principal, id.value()), SavedReplyJson);
    });
    router.Add("PUT", "/api/v1/saved-replies/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        auto r = ReadSavedReply(f, false);
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.inbox.UpdateSavedReply(ctx.who->principal, id.value(), r), SavedReplyJson);
    });
    router.Add("DELETE", "/api/v1/saved-replies/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto st = s.inbox.DeleteSavedReply(ctx.who->principal, id.value());
        return st.ok() ? Response::NoContent() : Response::Problem(st.error());
    });

    // ---- response settings
    auto settings_json = [&s](const inbox::ResponseSettingsView& v) {
        const int year = std::stoi(core::FormatRfc3339(s.clock.NowMs()).substr(0, 4));
        json::array holidays;
        for (int y : {year, year + 1}) {
            for (const auto& h : inbox::BelgianHolidays(y)) {
                char date[16];
                std::snprintf(date, sizeof date, "%04d-%02d-%02d", h.date.year, h.date.month, h.date.day);
                holidays.push_back(json::object{{"date", date}, {"key", h.key}});
            }
        }
        return json::object{
            {"own", v.own ? json::value(ResponseSettingsJson(*v.own)) : json::value(nullptr)},
            {"effective", ResponseSettingsJson(v.effective)},
            {"set_by", v.set_by == 0 ? json::value(nullptr)
                                     : json::value(json::object{{"id", v.set_by}, {"name", v.set_by_name}})},
            {"holidays", std::move(holidays)}};
    };
    router.Add("GET", "/api/v1/organisations/{id}/inbox-settings", Access::kSignedIn,
               [&s, settings_json](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   return Reply(200, s.inbox.GetResponseSettings(ctx.who->principal, id.value()), settings_json);
               });
    router.Add("PUT", "/api/v1/organisations/{id}/inbox-settings", Access::kSignedIn,
               [&s, settings_json](Request& req, const Ctx& ctx) {
                   auto id = PathId(req);
                   if (!id.ok()) return Response::Problem(id.error());
                   auto body = ParseJsonObject(req);
                   if (!body.ok()) return Response::Problem(body.error());
                   // null: inherit from the organisation above.
                   auto& obj = body.value();
                   const bool inherit = TakeNull(obj, "settings");
                   FieldReader f(obj);
                   auto settings = ReadResponseSettings(f);
                   if (!inherit && !settings) f.Fail("settings", "settings is required (null: inherit)");
                   if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
                   return Reply(200, s.inbox.PutResponseSettings(ctx.who->principal, id.value(), settings),
                                settings_json);
               });
}

}  // namespace belfry::http::api
