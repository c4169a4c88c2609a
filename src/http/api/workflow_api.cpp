// The editorial workflow: /api/v1/posts/{id}/submit | approve | request-changes | reject | withdraw,
// the review conversation (/comments), versions and their diff, /api/v1/review-queue (what waits for
// me), and /api/v1/organisations/{id}/policy (the organisation's own rules and the effective ones).
#include <boost/json.hpp>

#include "core/languages.hpp"
#include "http/api/api.hpp"
#include "http/json_body.hpp"
#include "workflow/policy_json.hpp"

namespace belfry::http::api {

namespace json = boost::json;

json::object ReviewJson(const workflow::ReviewSummary& r) {
    json::array approvals;
    for (const auto& a : r.approvals) {
        auto name = r.approver_names.find(a.user_id);
        approvals.push_back(json::object{{"user_id", a.user_id},
                                         {"username", name == r.approver_names.end() ? "" : name->second},
                                         {"version", a.version},
                                         {"as_spokesperson", a.as_spokesperson},
                                         {"at", core::FormatRfc3339(a.at)}});
    }
    json::array findings;
    for (const auto& f : r.evaluation.findings) {
        json::array matched;
        for (const auto& m : f.matched) matched.emplace_back(m);
        findings.push_back(json::object{{"rule", f.rule},
                                        {"effect", workflow::EffectName(f.effect)},
                                        {"matched", matched},
                                        {"message", f.message},
                                        {"unblock", f.unblock},
                                        {"set_by", f.set_by}});
    }
    json::array actions;
    for (const auto& a : r.actions) actions.emplace_back(a);
    return {{"peer_reviews_required", r.progress.peer_reviews_required},
            {"peer_approvals", r.progress.peer_approvals},
            {"spokesperson_required", r.progress.spokesperson_required},
            {"spokesperson_approved", r.progress.spokesperson_approved},
            {"complete", r.progress.complete},
            {"blocked", r.evaluation.blocked},
            {"attested", r.attested},
            {"approvals", approvals},
            {"findings", findings},
            {"actions", actions}};
}

namespace {

json::object CommentJson(const workflow::ReviewComment& c) {
    return {{"id", c.id},
            {"post_id", c.post_id},
            {"version", c.version},
            {"author_id", c.author_id ? json::value(*c.author_id) : json::value(nullptr)},
            {"author_name", c.author_name},
            {"kind", c.kind},
            {"language", c.language ? json::value(*c.language) : json::value(nullptr)},
            {"body", c.body},
            {"created_at", core::FormatRfc3339(c.created_at)}};
}

json::object VersionJson(const workflow::PostVersion& v) {
    json::object variants;
    for (const auto& [lang, text] : v.snapshot.variants) variants[lang] = text;
    json::array images;
    for (const auto& i : v.snapshot.images) {
        json::object alt;
        for (const auto& [lang, text] : i.alt) alt[lang] = text;
        images.push_back(json::object{{"media_id", i.media_id}, {"alt", alt}});
    }
    json::array channels;
    for (long long c : v.snapshot.channel_ids) channels.push_back(c);
    json::array tags;
    for (const auto& t : v.snapshot.tags) tags.emplace_back(t);
    return {{"version", v.version},
            {"created_by", v.created_by ? json::value(*v.created_by) : json::value(nullptr)},
            {"created_by_name", v.created_by_name},
            {"created_at", core::FormatRfc3339(v.created_at)},
            {"content_type", v.snapshot.content_type},
            {"tags", tags},
            {"link_url", v.snapshot.link_url ? json::value(*v.snapshot.link_url) : json::value(nullptr)},
            {"variants", variants},
            {"media", images},
            {"channel_ids", channels}};
}

json::object DiffJson(const workflow::VersionDiff& d) {
    json::array languages;
    for (const auto& l : d.languages) {
        json::array pieces;
        for (const auto& p : l.pieces) pieces.push_back(json::object{{"op", workflow::OpName(p.op)}, {"text", p.text}});
        languages.push_back(json::object{{"language", l.language}, {"change", l.change}, {"pieces", pieces}});
    }
    json::array other;
    for (const auto& c : d.other_changes) other.emplace_back(c);
    return {{"from", d.from}, {"to", d.to}, {"languages", languages}, {"other_changes", other}};
}

json::object QueueItemJson(const workflow::QueueItem& i) {
    json::array sensitive;
    for (const auto& s : i.sensitive) sensitive.emplace_back(s);
    return {{"post", PostJson(i.post)},
            {"reason", i.reason},
            {"peer_approvals", i.progress.peer_approvals},
            {"peer_reviews_required", i.progress.peer_reviews_required},
            {"spokesperson_required", i.progress.spokesperson_required},
            {"spokesperson_approved", i.progress.spokesperson_approved},
            {"sensitive", sensitive}};
}

json::object QueueJson(const workflow::ReviewQueue& q) {
    json::array to_review;
    for (const auto& i : q.to_review) to_review.push_back(QueueItemJson(i));
    json::array mine;
    for (const auto& i : q.mine) mine.push_back(QueueItemJson(i));
    json::object counts;
    for (const auto& [k, n] : q.counts) counts[k] = n;
    return {{"to_review", to_review}, {"mine", mine}, {"counts", counts}};
}

json::object PolicyViewJson(const workflow::PolicyView& v) {
    return {{"organisation_id", v.organisation_id},
            {"own", workflow::SettingsToJson(v.own)},
            {"effective", workflow::PolicyToJson(v.effective)}};
}

// A nullable list: absent or null inherits.
std::optional<std::vector<std::string>> InheritableList(FieldReader& f, const json::object& body, const char* key) {
    auto it = body.find(key);
    if (it != body.end() && it->value().is_null()) {
        f.NullableString(key);  // marks the field as known
        return std::nullopt;
    }
    return f.StringList(key);
}

core::Result<workflow::PolicySettings> ReadSettings(const json::object& body) {
    FieldReader f(body);
    workflow::PolicySettings s;
    if (auto v = f.NullableInt("peer_reviews"); v && *v) {
        s.peer_reviews = **v < 0 || **v > 100 ? -1 : static_cast<int>(**v);  // out of range: refused by name
    }
    s.sensitive_keywords = InheritableList(f, body, "sensitive_keywords");
    s.sensitive_tags = InheritableList(f, body, "sensitive_tags");
    s.sensitive_content_types = InheritableList(f, body, "sensitive_content_types");
    auto attestation = body.find("require_attestation");
    if (attestation != body.end() && attestation->value().is_null()) {
        f.NullableString("require_attestation");
    } else {
        s.require_attestation = f.Bool("require_attestation");
    }
    s.required_languages = InheritableList(f, body, "required_languages");
    auto parity = body.find("channel_language_parity");
    if (parity != body.end() && parity->value().is_null()) {
        f.NullableString("channel_language_parity");
    } else {
        s.channel_language_parity = f.Bool("channel_language_parity");
    }
    s.neutrality_terms = InheritableList(f, body, "neutrality_terms");
    auto periods_it = body.find("election_periods");
    if (periods_it != body.end() && periods_it->value().is_null()) {
        f.NullableString("election_periods");
    } else if (const json::array* periods = f.Array("election_periods")) {
        std::vector<workflow::ElectionPeriod> list;
        for (std::size_t i = 0; i < periods->size(); ++i) {
            const std::string name = "election_periods[" + std::to_string(i) + "]";
            if (!(*periods)[i].is_object()) {
                f.Fail("election_periods", name + " must be an object with name, from and until");
                break;
            }
            FieldReader p((*periods)[i].as_object(), name);
            workflow::ElectionPeriod e;
            e.name = p.String("name", true).value_or("");
            e.from = p.Time("from", true).value_or(0);
            e.until = p.Time("until", true).value_or(0);
            if (auto st = p.Finish(); !st.ok()) {
                f.Fail(st.error().field, st.error().message);
                break;
            }
            list.push_back(std::move(e));
        }
        s.election_periods = std::move(list);
    }
    for (const auto* list : {&s.sensitive_keywords, &s.sensitive_tags, &s.sensitive_content_types,
                             &s.required_languages, &s.neutrality_terms}) {
        if (*list && (*list)->size() > 500) f.Fail("policy", "a list takes at most 500 entries");
    }
    BELFRY_TRY(f.Finish());
    return s;
}

// Reads {"comment": "..."} (and `extra` fields through the callback) from an optional body.
struct DecisionBody {
    std::string comment;
    bool attest = false;
    std::optional<long long> version;
};

core::Result<DecisionBody> ReadDecision(const Request& req, bool want_version, bool want_attest) {
    DecisionBody d;
    if (req.body.empty()) {
        if (want_version) return core::Error::Invalid("version", "version is required: the version you read");
        return d;
    }
    BELFRY_ASSIGN_OR_RETURN(body, ParseJsonObject(req));
    FieldReader f(body);
    d.comment = f.String("comment").value_or("");
    if (want_version) d.version = f.Int("version", true);
    if (want_attest) d.attest = f.Bool("attest").value_or(false);
    BELFRY_TRY(f.Finish());
    return d;
}

template <class Call>
Response AfterDecision(Services& s, const Ctx& ctx, long long id, Call&& call) {
    auto r = call();
    if (!r.ok()) return Response::Problem(r.error());
    return Reply(200, s.publishing.GetPost(ctx.who->principal, id), PostViewJson);
}

}  // namespace

void RegisterWorkflow(Router& router, Services& s) {
    router.Add("POST", "/api/v1/posts/{id}/submit", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto d = ReadDecision(req, false, true);
        if (!d.ok()) return Response::Problem(d.error());
        return AfterDecision(s, ctx, id.value(),
                             [&] { return s.workflow.Submit(ctx.who->principal, id.value(), d->attest, d->comment); });
    });
    router.Add("POST", "/api/v1/posts/{id}/approve", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto d = ReadDecision(req, true, false);
        if (!d.ok()) return Response::Problem(d.error());
        return AfterDecision(s, ctx, id.value(), [&] {
            return s.workflow.Approve(ctx.who->principal, id.value(), d->version.value_or(0), d->comment);
        });
    });
    router.Add("POST", "/api/v1/posts/{id}/request-changes", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto d = ReadDecision(req, false, false);
        if (!d.ok()) return Response::Problem(d.error());
        return AfterDecision(s, ctx, id.value(),
                             [&] { return s.workflow.RequestChanges(ctx.who->principal, id.value(), d->comment); });
    });
    router.Add("POST", "/api/v1/posts/{id}/reject", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto d = ReadDecision(req, false, false);
        if (!d.ok()) return Response::Problem(d.error());
        return AfterDecision(s, ctx, id.value(),
                             [&] { return s.workflow.Reject(ctx.who->principal, id.value(), d->comment); });
    });
    router.Add("POST", "/api/v1/posts/{id}/withdraw", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto d = ReadDecision(req, false, false);
        if (!d.ok()) return Response::Problem(d.error());
        return AfterDecision(s, ctx, id.value(),
                             [&] { return s.workflow.Withdraw(ctx.who->principal, id.value(), d->comment); });
    });

    router.Add("GET", "/api/v1/posts/{id}/comments", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.workflow.ListComments(ctx.who->principal, id.value()),
                     [](const std::vector<workflow::ReviewComment>& list) { return ListJson(list, CommentJson); });
    });
    router.Add("POST", "/api/v1/posts/{id}/comments", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        FieldReader f(body.value());
        const std::string text = f.String("body", true).value_or("");
        const auto language = f.String("language");
        if (auto st = f.Finish(); !st.ok()) return Response::Problem(st.error());
        return Reply(201, s.workflow.AddComment(ctx.who->principal, id.value(), text, language), CommentJson);
    });
    router.Add("GET", "/api/v1/posts/{id}/versions", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.workflow.ListVersions(ctx.who->principal, id.value()),
                     [](const std::vector<workflow::PostVersion>& list) { return ListJson(list, VersionJson); });
    });
    router.Add("GET", "/api/v1/posts/{id}/diff", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto from = QueryInt(req, "from");
        if (!from.ok()) return Response::Problem(from.error());
        auto to = QueryInt(req, "to");
        if (!to.ok()) return Response::Problem(to.error());
        return Reply(200, s.workflow.Diff(ctx.who->principal, id.value(), from.value(), to.value()), DiffJson);
    });
    router.Add("GET", "/api/v1/review-queue", Access::kSignedIn,
               [&s](Request&, const Ctx& ctx) { return Reply(200, s.workflow.Queue(ctx.who->principal), QueueJson); });
    router.Add("GET", "/api/v1/organisations/{id}/policy", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.workflow.GetPolicy(ctx.who->principal, id.value()), PolicyViewJson);
    });
    router.Add("PUT", "/api/v1/organisations/{id}/policy", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto body = ParseJsonObject(req);
        if (!body.ok()) return Response::Problem(body.error());
        auto settings = ReadSettings(body.value());
        if (!settings.ok()) return Response::Problem(settings.error());
        return Reply(200, s.workflow.PutPolicy(ctx.who->principal, id.value(), std::move(settings.value())),
                     PolicyViewJson);
    });
}

}  // namespace belfry::http::api
