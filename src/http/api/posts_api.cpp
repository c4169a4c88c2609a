// /api/v1/posts — multilingual posts, their preview per channel, scheduling, retrying a failed
// rendition, deleting and editing what was published; /api/v1/channels/{id}/connection — the
// account credentials a channel publishes with; /api/v1/channels/{id}/schedule — the channel's
// posting schedule (weekly slots, time zone).
#include <boost/json.hpp>

#include "core/languages.hpp"
#include "http/api/api.hpp"
#include "http/json_body.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

json::object PlanJson(const publishing::RenditionPlan& plan) {
    json::array renditions;
    for (const auto& r : plan.renditions) {
        json::array problems;
        for (const auto& p : r.check.problems) problems.emplace_back(p);
        json::array langs;
        for (const auto& l : r.languages) langs.emplace_back(l);
        renditions.push_back(json::object{{"channel_id", r.channel_id},
                                          {"network", core::NetworkName(r.network)},
                                          {"languages", langs},
                                          {"text", r.text},
                                          {"length", r.check.length},
                                          {"limit", r.check.limit},
                                          {"unit", r.check.unit},
                                          {"ok", r.check.ok},
                                          {"problems", problems}});
    }
    json::array problems;
    for (const auto& p : plan.problems) problems.emplace_back(p.message);
    return {{"ok", plan.ok()}, {"renditions", renditions}, {"problems", problems}};
}

json::value OptTime(const std::optional<core::Millis>& t) {
    return t ? json::value(core::FormatRfc3339(*t)) : json::value(nullptr);
}
json::value OptStr(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object RevisionJson(const publishing::RenditionRevision& v) {
    return {{"id", v.id},
            {"text", v.text},
            {"status", v.status},
            {"requested_by", v.requested_by ? json::value(*v.requested_by) : json::value(nullptr)},
            {"requested_by_name", v.requested_by_name},
            {"requested_at", core::FormatRfc3339(v.requested_at)},
            {"live_at", OptTime(v.live_at)},
            {"replaced_at", OptTime(v.replaced_at)},
            {"network_message", OptStr(v.network_message)},
            {"explanation", OptStr(v.explanation)}};
}

json::object RenditionJson(const publishing::Rendition& r,
                           const std::vector<publishing::RenditionRevision>& revisions) {
    json::array langs;
    for (const auto& l : r.languages) langs.emplace_back(l);
    json::array texts;
    for (const auto& v : revisions) texts.push_back(RevisionJson(v));
    return {{"id", r.id},
            {"post_id", r.post_id},
            {"channel_id", r.channel_id},
            {"languages", langs},
            {"text", r.text},
            {"status", r.status},
            {"remote_id", OptStr(r.remote_id)},
            {"remote_url", OptStr(r.remote_url)},
            {"network_message", OptStr(r.network_message)},
            {"explanation", OptStr(r.explanation)},
            {"attempts", r.attempts},
            {"publish_at", OptTime(r.publish_at)},
            {"published_at", OptTime(r.published_at)},
            {"updated_at", core::FormatRfc3339(r.updated_at)},
            {"revisions", texts}};
}

json::object RenditionViewJson(const publishing::RenditionView& v) { return RenditionJson(v.rendition, v.revisions); }

}  // namespace

json::object PostJson(const publishing::Post& p) {
    json::array tags;
    for (const auto& t : p.tags) tags.emplace_back(t);
    json::object variants;
    for (const auto& [lang, text] : p.variants) variants[lang] = text;
    json::array channels;
    for (long long c : p.channel_ids) channels.push_back(c);
    json::array media;
    for (const auto& m : p.media) {
        json::object alt;
        for (const auto& [lang, text] : m.alt) alt[lang] = text;
        media.push_back(json::object{{"media_id", m.media_id},
                                     {"alt", alt},
                                     {"mime_type", m.mime_type},
                                     {"bytes", m.bytes},
                                     {"file_name", m.file_name}});
    }
    return {{"id", p.id},
            {"organisation_id", p.organisation_id},
            {"content_type", p.content_type},
            {"status", p.status},
            {"variants", variants},
            {"link_url", OptStr(p.link_url)},
            {"internal_notes", p.internal_notes},
            {"channel_ids", channels},
            {"media", media},
            {"publish_at", OptTime(p.publish_at)},
            {"time_zone", p.time_zone},
            {"version", p.version},
            {"created_by", p.created_by ? json::value(*p.created_by) : json::value(nullptr)},
            {"created_at", core::FormatRfc3339(p.created_at)},
            {"updated_at", core::FormatRfc3339(p.updated_at)},
            {"tags", tags}};
}

namespace {

json::object ListItemJson(const publishing::PostListItem& item) {
    auto o = PostJson(item.post);
    json::object counts;
    for (const auto& [status, n] : item.rendition_counts) counts[status] = n;
    o["rendition_counts"] = counts;
    json::array times;
    for (core::Millis t : item.rendition_times) times.emplace_back(core::FormatRfc3339(t));
    o["rendition_times"] = times;
    return o;
}

json::object ScheduleJson(const publishing::ChannelSchedule& s) {
    json::array slots;
    for (const auto& slot : s.schedule.slots) {
        slots.push_back(json::object{{"weekday", publishing::WeekdayName(slot.weekday)},
                                     {"time", publishing::FormatTimeOfDay(slot.minute_of_day)}});
    }
    return {{"channel_id", s.channel_id},
            {"time_zone", s.schedule.time_zone},
            {"slots", slots},
            {"next_free_slot", OptTime(s.next_free_slot)}};
}

core::Result<std::optional<core::Millis>> QueryTime(const Request& req, const std::string& name) {
    auto v = req.QueryParam(name);
    if (!v) return std::optional<core::Millis>{};
    auto t = core::ParseRfc3339(*v);
    if (!t) {
        return core::Error::Invalid(
            name, name + " must be an ISO 8601 UTC time like 2026-11-23T09:00:00Z (got '" + *v + "')");
    }
    return std::optional<core::Millis>{*t};
}

}  // namespace

json::object PostViewJson(const publishing::PostView& v) {
    auto o = PostJson(v.post);
    json::array renditions;
    static const std::vector<publishing::RenditionRevision> kNone;
    for (const auto& r : v.renditions) {
        auto it = v.revisions.find(r.id);
        renditions.push_back(RenditionJson(r, it == v.revisions.end() ? kNone : it->second));
    }
    o["renditions"] = renditions;
    o["preview"] = PlanJson(v.plan);
    o["review"] = ReviewJson(v.review);
    return o;
}

namespace {

json::object ViewJson(const publishing::PostView& v) { return PostViewJson(v); }

std::optional<std::map<std::string, std::string>> ReadVariants(FieldReader& f, bool required) {
    const json::object* obj = f.Object("variants", required);
    if (obj == nullptr) return std::nullopt;
    std::map<std::string, std::string> out;
    FieldReader v(*obj, "variants");
    for (auto lang : core::kLanguages) {
        if (auto text = v.String(std::string(lang))) out[std::string(lang)] = *text;
    }
    if (auto st = v.Finish(); !st.ok()) f.Fail("variants", st.error().message);
    return out;
}

// "media": [{"media_id": 7, "alt": {"fr": "…", "nl": "…"}}, …]
std::optional<std::vector<publishing::PostMedia>> ReadMedia(FieldReader& f) {
    const json::array* list = f.Array("media");
    if (list == nullptr) return std::nullopt;
    std::vector<publishing::PostMedia> out;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string name = "media[" + std::to_string(i) + "]";
        if (!(*list)[i].is_object()) {
            f.Fail("media", name + " must be an object with media_id and alt");
            return out;
        }
        FieldReader item((*list)[i].as_object(), name);
        publishing::PostMedia m;
        m.media_id = item.Int("media_id", true).value_or(0);
        core::Status alt_status = core::Ok();
        if (const json::object* alt = item.Object("alt")) {
            FieldReader a(*alt, name + ".alt");
            for (auto lang : core::kLanguages) {
                if (auto text = a.String(std::string(lang))) m.alt[std::string(lang)] = *text;
            }
            alt_status = a.Finish();
        }
        core::Status st = item.Finish();
        if (st.ok()) st = alt_status;
        if (!st.ok()) {  // the top-level reader has no prefix: the field name is kept whole
            f.Fail(st.error().field, st.error().message);
            return out;
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace

void RegisterPosts(Router& router, Services& s) {
    router.Add("GET", "/api/v1/posts", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto paging = QueryPage(req);
        if (!paging.ok()) return Response::Problem(paging.error());
        auto org = QueryInt(req, "organisation_id");
        if (!org.ok()) return Response::Problem(org.error());
        auto from = QueryTime(req, "from");
        if (!from.ok()) return Response::Problem(from.error());
        auto to = QueryTime(req, "to");
        if (!to.ok()) return Response::Problem(to.error());
        publishing::PostFilter filter;
        filter.organisation_id = org.value();
        filter.status = req.QueryParam("status");
        filter.from = from.value();
        filter.to = to.value();
        filter.page = paging->first;
        filter.per_page = paging->second;
        return Reply(200, s.publishing.ListPosts(ctx.who->principal, filter),
                     [](const registry::Page<publishing::PostListItem>& p) { return PageJson(p, ListItemJson); });
    });
    auto read_input = [](Request& req, publishing::PostInput& in) -> core::Status {
        BELFRY_ASSIGN_OR_RETURN(body, ParseJsonObject(req));
        FieldReader f(body);
        in.organisation_id = f.Int("organisation_id", true).value_or(0);
        in.content_type = f.String("content_type").value_or("other");
        in.variants = ReadVariants(f, true).value_or(std::map<std::string, std::string>{});
        in.link_url = f.NullableString("link_url").value_or(std::nullopt);
        in.internal_notes = f.String("internal_notes").value_or("");
        in.channel_ids = f.IntList("channel_ids").value_or(std::vector<long long>{});
        in.media = ReadMedia(f).value_or(std::vector<publishing::PostMedia>{});
        in.tags = f.StringList("tags").value_or(std::vector<std::string>{});
        return f.Finish();
    };
    router.Add("POST", "/api/v1/posts", Access::kSignedIn, [&s, read_input](Request& req, const Ctx& ctx) {
        publishing::PostInput in;
        if (auto st = read_input(req, in); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.publishing.CreatePost(ctx.who->principal, in), ViewJson);
    });
    router.Add("GET", "/api/v1/posts/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.publishing.GetPost(ctx.who->principal, id.value()), ViewJson);
    });
    router.Add("PATCH", "/api/v1/posts/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        publishing::PostPatch p;
        p.content_type = f.String("content_type");
        p.variants = ReadVariants(f, false);
        p.link_url = f.NullableString("link_url");
        p.internal_notes = f.String("internal_notes");
        p.channel_ids = f.IntList("channel_ids");
        p.media = ReadMedia(f);
        p.tags = f.StringList("tags");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.publishing.UpdatePost(ctx.who->principal, id.value(), p), ViewJson);
    });
    router.Add("POST", "/api/v1/posts/{id}/schedule", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        publishing::ScheduleInput in;
        in.now = f.Bool("now").value_or(false);
        in.next_free_slot = f.Bool("next_free_slot").value_or(false);
        in.publish_at = f.Time("publish_at");
        in.local_time = f.String("local_time");
        in.time_zone = f.String("time_zone").value_or("Europe/Brussels");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.publishing.Schedule(ctx.who->principal, id.value(), in), ViewJson);
    });
    router.Add("POST", "/api/v1/posts/{id}/cancel", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.publishing.Cancel(ctx.who->principal, id.value()), ViewJson);
    });
    router.Add(
        "POST", "/api/v1/posts/{id}/renditions/{rid}/retry", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
            auto id = PathId(req);
            if (!id.ok()) return Response::Problem(id.error());
            auto rid = PathId(req, "rid");
            if (!rid.ok()) return Response::Problem(rid.error());
            return Reply(200, s.publishing.RetryRendition(ctx.who->principal, id.value(), rid.value()), ViewJson);
        });

    // The channel's posting schedule: weekly slots in its time zone, used by "next free slot".
    router.Add("GET", "/api/v1/channels/{id}/schedule", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.publishing.GetSchedule(ctx.who->principal, id.value()), ScheduleJson);
    });
    router.Add("PUT", "/api/v1/channels/{id}/schedule", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        publishing::PostingSchedule schedule;
        schedule.time_zone = f.String("time_zone").value_or("Europe/Brussels");
        if (const json::array* slots = f.Array("slots", true)) {
            for (size_t i = 0; i < slots->size(); ++i) {
                const std::string name = "slots[" + std::to_string(i) + "]";
                if (!(*slots)[i].is_object()) {
                    f.Fail("slots", name + " must be an object like {\"weekday\": \"monday\", \"time\": \"09:00\"}");
                    break;
                }
                FieldReader slot((*slots)[i].as_object(), name);
                const auto weekday = slot.String("weekday", true).value_or("");
                const auto time = slot.String("time", true).value_or("");
                if (auto st = slot.Finish(); !st.ok()) {
                    f.Fail("slots", st.error().message);
                    break;
                }
                publishing::Slot parsed{publishing::ParseWeekday(weekday), publishing::ParseTimeOfDay(time)};
                if (parsed.weekday == 0) {
                    std::string message = name;
                    message +=
                        ".weekday must be monday, tuesday, wednesday, thursday, friday, saturday or sunday (got '";
                    message += weekday;
                    message += "')";
                    f.Fail("slots", message);
                    break;
                }
                if (parsed.minute_of_day < 0) {
                    std::string message = name;
                    message += ".time must be a local time HH:MM from 00:00 to 23:59 (got '";
                    message += time;
                    message += "')";
                    f.Fail("slots", message);
                    break;
                }
                schedule.slots.push_back(parsed);
            }
        }
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.publishing.SetSchedule(ctx.who->principal, id.value(), std::move(schedule)), ScheduleJson);
    });

    // A published rendition: removed from its network, or its text edited where the network allows
    // it. Both go through the durable queue: 202 with the rendition (deleting / editing).
    router.Add("DELETE", "/api/v1/posts/{id}/renditions/{rid}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto rid = PathId(req, "rid");
        if (!rid.ok()) return Response::Problem(rid.error());
        return Reply(202, s.publishing.DeleteRendition(ctx.who->principal, id.value(), rid.value()), RenditionViewJson);
    });
    router.Add("PATCH", "/api/v1/posts/{id}/renditions/{rid}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto rid = PathId(req, "rid");
        if (!rid.ok()) return Response::Problem(rid.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        const std::string text = f.String("text", true).value_or("");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(202, s.publishing.EditRendition(ctx.who->principal, id.value(), rid.value(), text),
                     RenditionViewJson);
    });

    // The account a channel publishes with: credentials are sealed in the vault and never returned.
    router.Add("PUT", "/api/v1/channels/{id}/connection", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        publishing::ConnectionInput in;
        in.api_base_url = f.String("api_base_url", true).value_or("");
        in.bilingual_mode = f.String("bilingual_mode");
        in.text_limit = f.NullableInt("text_limit");
        if (const json::object* creds = f.Object("credentials", true)) {
            FieldReader c(*creds, "credentials");
            json::object plain;
            for (const char* key : {"access_token", "identifier", "password", "did", "refresh_token"}) {
                if (auto v = c.String(key)) plain[key] = *v;
            }
            if (auto st = c.Finish(); !st.ok()) f.Fail("credentials", st.error().message);
            in.credentials = json::serialize(plain);
        }
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(200, s.publishing.ConnectChannel(ctx.who->principal, id.value(), in),
                     [](const publishing::ChannelConnection& c) {
                         return json::object{{"channel_id", c.channel_id},
                                             {"connected", true},
                                             {"api_base_url", c.api_base_url},
                                             {"bilingual_mode", c.bilingual_mode},
                                             {"text_limit", c.text_limit ? json::value(*c.text_limit) : nullptr}};
                     });
    });
}

}  // namespace belfry::http::api
