// Crisis mode from the API to netsim, on both engines: opening a crisis pauses the scheduled posts
// of the sub-tree (and nothing outside it), scheduling is refused while it is open, a crisis template
// filled by the spokesperson goes out at once on every chosen channel, closing asks for a decision on
// each post whose time passed and gives the others their schedule back; roles, templates' versions
// and approvals, and the audit trail.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/job_repo.hpp"
#include "support/api_helpers.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class CrisisApi : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        gov_ = server_->SeedRoot();
        fa_ = server_->AddOrg(gov_, "minister", "fa");
        cairo_ = server_->AddOrg(fa_, "diplomatic_post", "cairo");
        paris_ = server_->AddOrg(fa_, "diplomatic_post", "paris");
        finance_ = server_->AddOrg(gov_, "minister", "finance");
        admin_ = SignedIn("admin", "administrator", gov_);
        spokes_ = SignedIn("spokes", "spokesperson", fa_);
        editor_ = SignedIn("editor", "editor", fa_);
        agency_ = SignedIn("agency", "agency_member", fa_);
        gov_spokes_ = SignedIn("spokes.gov", "spokesperson", gov_);
        reviewer_ = SignedIn("rev", "reviewer", gov_);
    }

    std::unique_ptr<Client> SignedIn(const std::string& name, const std::string& role, long long org) {
        server_->AddUser(name, role, org);
        auto c = std::make_unique<Client>(server_->port());
        EXPECT_EQ(c->Login(name).status, 200);
        return c;
    }

    // A Mastodon channel of `org` on netsim, connected with a fresh netsim account.
    long long Channel(long long org, const std::string& handle) {
        Client sim(netsim_->port());
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", handle}});
        EXPECT_EQ(account.status, 201) << account.body;
        auto channel = admin_->Post("/api/v1/channels", json::object{{"organisation_id", org},
                                                                     {"network", "mastodon"},
                                                                     {"handle", handle + "@netsim.test"},
                                                                     {"display_name", "Channel " + handle},
                                                                     {"languages", json::array{"fr", "nl"}}});
        EXPECT_EQ(channel.status, 201) << channel.body;
        const long long id = IdOf(channel);
        auto connect = admin_->Json(
            "PUT", "/api/v1/channels/" + std::to_string(id) + "/connection",
            json::object{{"api_base_url", netsim_->url()},
                         {"credentials", json::object{{"access_token", Str(account.json, "access_token")}}}});
        EXPECT_EQ(connect.status, 200) << connect.body;
        return id;
    }

    // Through the editorial workflow: submitted with the attestation, approved by a reviewer.
    void Approve(long long id) {
        auto submitted = admin_->Post(PostPath(id) + "/submit", json::object{{"attest", true}});
        EXPECT_EQ(submitted.status, 200) << submitted.body;
        auto approved = reviewer_->Post(PostPath(id) + "/approve", json::object{{"version", 1}});
        EXPECT_EQ(approved.status, 200) << approved.body;
        EXPECT_EQ(Str(approved.json, "status"), "approved") << approved.body;
    }

    // A post of `org` scheduled for `at` on `channels`. The one place that makes a scheduled post: when
    // scheduling requires an approved post (the editorial workflow), only this helper changes.
    long long ScheduledPost(long long org, std::vector<long long> channels, core::Millis at,
                            const std::string& text = "Conseil aux voyageurs / Reisadvies") {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        auto post = admin_->Post("/api/v1/posts", json::object{{"organisation_id", org},
                                                               {"content_type", "press_release"},
                                                               {"variants", json::object{{"fr", text}, {"nl", text}}},
                                                               {"channel_ids", ids}});
        EXPECT_EQ(post.status, 201) << post.body;
        const long long id = IdOf(post);
        Approve(id);
        auto scheduled =
            admin_->Post(PostPath(id) + "/schedule", json::object{{"publish_at", core::FormatRfc3339(at)}});
        EXPECT_EQ(scheduled.status, 200) << scheduled.body;
        return id;
    }

    // A draft of `org` to `channels` (for the scheduling refusals).
    long long Draft(long long org, std::vector<long long> channels) {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        auto post = admin_->Post("/api/v1/posts",
                                 json::object{{"organisation_id", org},
                                              {"variants", json::object{{"fr", "Brouillon"}, {"nl", "Ontwerp"}}},
                                              {"channel_ids", ids}});
        EXPECT_EQ(post.status, 201) << post.body;
        return IdOf(post);
    }

    HttpResult Open(Client& who, long long org, const std::string& title = "Earthquake") {
        return who.Post("/api/v1/crises", json::object{{"organisation_id", org},
                                                       {"title", title},
                                                       {"reason", "Major earthquake: only safety messages go out"}});
    }

    static json::object AlertVariants() {
        return {{"fr", "{sender} : {event} à {area}. {instructions} Jusqu'à {until}. Plus d'infos : {link}"},
                {"nl", "{sender}: {event} in {area}. {instructions} Tot {until}. Meer info: {link}"}};
    }

    // A template of `org` (Foreign Affairs or the government), created and approved by its spokesperson.
    long long ApprovedTemplate(long long org, const std::string& name = "Consular alert") {
        Client& spokes = org == gov_ ? *gov_spokes_ : *spokes_;
        auto t = spokes.Post("/api/v1/crisis-templates",
                             json::object{{"organisation_id", org}, {"name", name}, {"variants", AlertVariants()}});
        EXPECT_EQ(t.status, 201) << t.body;
        const long long id = IdOf(t);
        auto ok = spokes.Post(TemplatePath(id) + "/approve", json::object{{"version", 1}});
        EXPECT_EQ(ok.status, 200) << ok.body;
        return id;
    }

    static json::object Fields() {
        return {{"sender", "SPF Affaires étrangères / FOD Buitenlandse Zaken"},
                {"event", json::object{{"fr", "Séisme"}, {"nl", "Aardbeving"}}},
                {"area", json::object{{"fr", "Le Caire"}, {"nl", "Caïro"}}},
                {"instructions", json::object{{"fr", "Restez à l'intérieur."}, {"nl", "Blijf binnen."}}},
                {"until", "20/11 18:00"},
                {"link", "https://diplomatie.belgium.be"}};
    }

    HttpResult Send(Client& who, long long crisis, long long tmpl, std::vector<long long> channels,
                    json::object fields = Fields()) {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        return who.Post(CrisisPath(crisis) + "/messages",
                        json::object{{"template_id", tmpl}, {"fields", fields}, {"channel_ids", ids}});
    }

    static std::string PostPath(long long id) { return "/api/v1/posts/" + std::to_string(id); }
    static std::string CrisisPath(long long id) { return "/api/v1/crises/" + std::to_string(id); }
    static std::string TemplatePath(long long id) { return "/api/v1/crisis-templates/" + std::to_string(id); }

    json::value Post(long long id) { return admin_->Get(PostPath(id)).json; }
    std::vector<std::string> RenditionStatuses(long long post) {
        std::vector<std::string> out;
        const auto view = Post(post);
        for (const auto& r : view.at("renditions").as_array()) out.push_back(Str(r, "status"));
        return out;
    }

    size_t NetsimPosts(const std::string& handle) {
        Client sim(netsim_->port());
        auto r = sim.Get("/_netsim/posts?network=mastodon&account=" + handle);
        if (r.status != 200) {
            ADD_FAILURE() << r.body;
            return 0;
        }
        return r.json.at("items").as_array().size();
    }

    void RunQueue(int rounds = 3) {
        for (int i = 0; i < rounds; ++i) {
            server_->app().publisher->RunOnce();
            server_->clock().Advance(6000);
        }
    }

    std::vector<std::string> AuditActions(const std::string& type, long long id) {
        auto audit = admin_->Get("/api/v1/audit?per_page=200&object_type=" + type + "&object_id=" + std::to_string(id));
        EXPECT_EQ(audit.status, 200) << audit.body;
        std::vector<std::string> out;
        if (audit.status != 200) return out;
        for (const auto& e : audit.json.at("items").as_array()) out.push_back(Str(e, "action"));
        return out;
    }

    core::Millis Now() { return server_->clock().NowMs(); }

    std::unique_ptr<NetsimProcess> netsim_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> admin_;
    std::unique_ptr<Client> spokes_;
    std::unique_ptr<Client> editor_;
    std::unique_ptr<Client> agency_;
    std::unique_ptr<Client> gov_spokes_;
    std::unique_ptr<Client> reviewer_;
    long long gov_ = 0;
    long long fa_ = 0;
    long long cairo_ = 0;
    long long paris_ = 0;
    long long finance_ = 0;
};

bool Contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_P(CrisisApi, OpeningPausesTheScheduledPostsOfTheSubTreeAndNothingElse) {
    const long long cairo_ch = Channel(cairo_, "cairo");
    const long long paris_ch = Channel(paris_, "paris");
    const long long finance_ch = Channel(finance_, "finance");
    const core::Millis in_1h = Now() + core::kHourMs;
    const long long in_cairo = ScheduledPost(cairo_, {cairo_ch}, in_1h);
    // A post of Foreign Affairs to both embassies: only its rendition to Cairo stops.
    const long long both = ScheduledPost(fa_, {cairo_ch, paris_ch}, in_1h);
    const long long outside = ScheduledPost(finance_, {finance_ch}, in_1h);

    auto opened = Open(*admin_, cairo_);
    ASSERT_EQ(opened.status, 201) << opened.body;
    EXPECT_EQ(Str(opened.json, "status"), "open");
    EXPECT_EQ(Str(opened.json, "organisation_name"), "cairo (en)");
    EXPECT_EQ(Str(opened.json, "opened_by_name"), "User admin");
    const long long crisis = IdOf(opened);
    const auto& paused = opened.json.at("paused").as_array();
    ASSERT_EQ(paused.size(), 2u) << opened.body;
    std::set<long long> paused_posts;
    for (const auto& p : paused) {
        paused_posts.insert(p.at("post_id").as_int64());
        EXPECT_EQ(p.at("channel_id").as_int64(), cairo_ch);
        EXPECT_EQ(Str(p, "channel_name"), "Channel cairo");
        EXPECT_EQ(Str(p, "original_publish_at"), core::FormatRfc3339(in_1h));
        EXPECT_EQ(Str(p, "state"), "paused");
        EXPECT_FALSE(p.at("past_due").as_bool());
    }
    EXPECT_EQ(paused_posts, (std::set<long long>{in_cairo, both}));
    EXPECT_TRUE(opened.json.at("not_paused").as_array().empty());
    EXPECT_EQ(Str(opened.json.at("timeline").at(0), "kind"), "opened");

    EXPECT_EQ(Str(Post(in_cairo), "status"), "paused");
    EXPECT_EQ(RenditionStatuses(in_cairo), std::vector<std::string>{"paused"});
    EXPECT_EQ(Str(Post(both), "status"), "paused");
    EXPECT_EQ(RenditionStatuses(both), (std::vector<std::string>{"paused", "scheduled"}));
    EXPECT_EQ(Str(Post(outside), "status"), "scheduled");

    // When the time comes, only what was not paused goes out.
    server_->clock().Advance(2 * core::kHourMs);
    RunQueue();
    EXPECT_EQ(NetsimPosts("cairo"), 0u);
    EXPECT_EQ(NetsimPosts("paris"), 1u);
    EXPECT_EQ(NetsimPosts("finance"), 1u);
    EXPECT_EQ(RenditionStatuses(both), (std::vector<std::string>{"paused", "published"}));
    EXPECT_EQ(Str(Post(both), "status"), "paused") << "a post with a paused rendition stays paused";

    // The publisher never publishes a paused rendition, even with a publish job in the queue.
    const long long rendition = Post(in_cairo).at("renditions").at(0).at("id").as_int64();
    auto queued = server_->app().db->Transact<long long>([&](store::Tx& tx) -> core::Result<long long> {
        return store::EnqueueJob(tx, "publish", rendition, Now(), Now());
    });
    ASSERT_TRUE(queued.ok());
    RunQueue();
    EXPECT_EQ(NetsimPosts("cairo"), 0u);
    EXPECT_EQ(RenditionStatuses(in_cairo), std::vector<std::string>{"paused"});

    // Now past due, as GET shows.
    auto view = admin_->Get(CrisisPath(crisis));
    ASSERT_EQ(view.status, 200) << view.body;
    EXPECT_TRUE(view.json.at("paused").at(0).at("past_due").as_bool());

    // Audited: the crisis and each paused post.
    EXPECT_EQ(AuditActions("crisis", crisis), std::vector<std::string>{"crisis.open"});
    EXPECT_TRUE(Contains(AuditActions("post", in_cairo), "post.pause"));
    EXPECT_FALSE(Contains(AuditActions("post", outside), "post.pause"));
}

TEST_P(CrisisApi, SchedulingIsRefusedWhileACrisisCoversTheOrganisation) {
    const long long cairo_ch = Channel(cairo_, "cairo2");
    const long long finance_ch = Channel(finance_, "finance2");
    auto opened = Open(*spokes_, fa_, "Unrest");
    ASSERT_EQ(opened.status, 201) << opened.body;
    const long long crisis = IdOf(opened);
    const std::string since = Str(opened.json, "opened_at");

    const long long draft = Draft(cairo_, {cairo_ch});
    auto refused = admin_->Post(PostPath(draft) + "/schedule", json::object{{"now", true}});
    EXPECT_TRUE(IsProblem(refused, 409, "conflict", "",
                          "a crisis is open for fa (en) since " + since +
                              " (Unrest): scheduling is paused until it is closed; only crisis messages go out"));
    EXPECT_EQ(Str(Post(draft), "status"), "draft");
    // A post of the government to a channel inside the crisis is refused too, naming the channel.
    const long long from_above = Draft(gov_, {cairo_ch});
    EXPECT_TRUE(IsProblem(admin_->Post(PostPath(from_above) + "/schedule", json::object{{"now", true}}), 409,
                          "conflict", "", "channel 'Channel cairo2' lies in its sub-tree"));
    // Outside the crisis, scheduling goes on.
    const long long elsewhere = Draft(finance_, {finance_ch});
    Approve(elsewhere);
    EXPECT_EQ(admin_->Post(PostPath(elsewhere) + "/schedule", json::object{{"now", true}}).status, 200);

    // One open crisis per organisation: not above it, not below it; beside it is fine.
    EXPECT_TRUE(IsProblem(Open(*admin_, gov_), 409, "conflict", "",
                          "crisis " + std::to_string(crisis) + " (Unrest) is open for fa (en)"));
    EXPECT_TRUE(IsProblem(Open(*admin_, cairo_), 409, "conflict", "", "already covers cairo (en)"));
    EXPECT_EQ(Open(*admin_, finance_).status, 201);

    auto listed = editor_->Get("/api/v1/crises?status=open");
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(ItemIds(listed), std::vector<long long>{crisis}) << "the editor of fa does not see finance's crisis";
    EXPECT_EQ(listed.json.at("items").at(0).at("paused_count").as_int64(), 0);
    auto by_org = admin_->Get("/api/v1/crises?organisation_id=" + std::to_string(cairo_));
    ASSERT_EQ(by_org.status, 200) << by_org.body;
    EXPECT_EQ(ItemIds(by_org), std::vector<long long>{crisis}) << "the crisis of fa covers cairo";
    EXPECT_TRUE(IsProblem(editor_->Get("/api/v1/crises?status=ongoing"), 400, "invalid-request", "status"));

    // Closed: scheduling works again.
    auto closed = spokes_->Post(CrisisPath(crisis) + "/close", json::object{});
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(Str(closed.json, "status"), "closed");
    EXPECT_EQ(Str(closed.json, "closed_by_name"), "User spokes");
    Approve(draft);
    EXPECT_EQ(admin_->Post(PostPath(draft) + "/schedule", json::object{{"now", true}}).status, 200);
    EXPECT_TRUE(IsProblem(spokes_->Post(CrisisPath(crisis) + "/close", json::object{}), 409, "conflict", "",
                          "was already closed"));
}

TEST_P(CrisisApi, ATemplateSentByTheSpokespersonReachesEveryChannelAtOnce) {
    const std::vector<std::string> handles{"emb1", "emb2", "emb3", "emb4"};
    std::vector<long long> channels;
    for (size_t i = 0; i < handles.size(); ++i) channels.push_back(Channel(i % 2 == 0 ? cairo_ : paris_, handles[i]));
    const long long tmpl = ApprovedTemplate(gov_);  // a government template serves every crisis below it
    auto opened = Open(*admin_, fa_);
    ASSERT_EQ(opened.status, 201) << opened.body;
    const long long crisis = IdOf(opened);

    auto sent = Send(*spokes_, crisis, tmpl, channels);
    ASSERT_EQ(sent.status, 201) << sent.body;
    EXPECT_EQ(sent.json.at("renditions").as_array().size(), channels.size());
    EXPECT_EQ(sent.json.at("counts").at("scheduled").as_int64(), 4);
    EXPECT_EQ(Str(sent.json, "sent_by_name"), "User spokes");
    EXPECT_EQ(Str(sent.json, "template_name"), "Consular alert");
    EXPECT_EQ(Str(sent.json.at("fields"), "until"), "20/11 18:00");
    const long long post = sent.json.at("post_id").as_int64();
    auto p = Post(post);
    EXPECT_EQ(Str(p, "content_type"), "crisis_information");
    EXPECT_EQ(Str(p, "status"), "scheduled");
    EXPECT_EQ(Str(p.at("variants"), "fr"),
              "SPF Affaires étrangères / FOD Buitenlandse Zaken : Séisme à Le Caire. Restez à l'intérieur. Jusqu'à "
              "20/11 18:00. Plus d'infos : https://diplomatie.belgium.be");
    EXPECT_EQ(Str(p.at("variants"), "nl"),
              "SPF Affaires étrangères / FOD Buitenlandse Zaken: Aardbeving in Caïro. Blijf binnen. Tot 20/11 18:00. "
              "Meer info: https://diplomatie.belgium.be");

    RunQueue();
    for (const auto& h : handles) EXPECT_EQ(NetsimPosts(h), 1u) << h;
    EXPECT_EQ(Str(Post(post), "status"), "published");
    auto view = admin_->Get(CrisisPath(crisis));
    ASSERT_EQ(view.status, 200) << view.body;
    const auto& message = view.json.at("messages").at(0);
    EXPECT_EQ(message.at("counts").at("published").as_int64(), 4) << view.body;
    for (const auto& r : message.at("renditions").as_array()) {
        EXPECT_EQ(Str(r, "status"), "published");
        EXPECT_NE(Str(r, "remote_url").find("http"), std::string::npos);
        EXPECT_FALSE(r.at("published_at").is_null());
    }
    std::map<std::string, int> kinds;
    for (const auto& e : view.json.at("timeline").as_array()) ++kinds[Str(e, "kind")];
    EXPECT_EQ(kinds["message_sent"], 1);
    EXPECT_EQ(kinds["rendition_published"], 4);

    // Audited with the template's approval, on the crisis and on the post.
    EXPECT_EQ(AuditActions("crisis", crisis), (std::vector<std::string>{"crisis.message", "crisis.open"}));
    EXPECT_EQ(AuditActions("post", post), std::vector<std::string>{"post.schedule"});
    EXPECT_EQ(AuditActions("crisis_template", tmpl),
              (std::vector<std::string>{"crisis_template.approve", "crisis_template.create"}));
}

TEST_P(CrisisApi, SendingNamesWhatIsWrong) {
    const long long cairo_ch = Channel(cairo_, "cairo3");
    const long long finance_ch = Channel(finance_, "finance3");
    const long long tmpl = ApprovedTemplate(fa_);
    auto opened = Open(*admin_, cairo_);
    ASSERT_EQ(opened.status, 201) << opened.body;
    const long long crisis = IdOf(opened);

    auto fields = Fields();
    fields.erase("until");
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {cairo_ch}, fields), 400, "invalid-request", "fields.until",
                          "until is missing: the template uses {until}"));
    fields = Fields();
    fields["link"] = "javascript:alert(1)";
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {cairo_ch}, fields), 400, "invalid-request", "fields.link",
                          "http(s) URL"));
    fields = Fields();
    fields["colour"] = "red";
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {cairo_ch}, fields), 400, "invalid-request", "fields.colour"));
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {finance_ch}), 400, "invalid-request", "channel_ids",
                          "is not in the sub-tree of cairo (en)"));
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {}), 400, "invalid-request", "channel_ids"));
    // A template of another branch cannot be used.
    server_->AddUser("spokes.fin", "spokesperson", finance_);
    Client fin(server_->port());
    ASSERT_EQ(fin.Login("spokes.fin").status, 200);
    auto other = fin.Post("/api/v1/crisis-templates", json::object{{"organisation_id", finance_},
                                                                   {"name", "Finance alert"},
                                                                   {"variants", json::object{{"fr", "{event}"}}}});
    ASSERT_EQ(other.status, 201) << other.body;
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, IdOf(other), {cairo_ch}), 400, "invalid-request", "template_id",
                          "belongs to finance (en)"));
    // A template changed since its approval cannot be sent until approved again.
    ASSERT_EQ(spokes_->Json("PUT", TemplatePath(tmpl), json::object{{"name", "Consular alert v2"}}).status, 200);
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {cairo_ch}), 409, "conflict", "",
                          "is at version 2, which is not approved"));
    // Nothing was created by the refusals.
    auto view = admin_->Get(CrisisPath(crisis));
    EXPECT_TRUE(view.json.at("messages").as_array().empty()) << view.body;
    // A closed crisis sends nothing more.
    ASSERT_EQ(spokes_->Post(TemplatePath(tmpl) + "/approve", json::object{{"version", 2}}).status, 200);
    ASSERT_EQ(admin_->Post(CrisisPath(crisis) + "/close", json::object{}).status, 200);
    EXPECT_TRUE(IsProblem(Send(*spokes_, crisis, tmpl, {cairo_ch}), 409, "conflict", "", "open a new crisis"));
}

TEST_P(CrisisApi, RolesDecideWhoOpensSendsAndApproves) {
    const long long cairo_ch = Channel(cairo_, "cairo4");
    // Opening: administrator and spokesperson, not editor nor agency member.
    EXPECT_TRUE(IsProblem(Open(*editor_, cairo_), 403, "forbidden", "", "may not open a crisis"));
    EXPECT_TRUE(IsProblem(Open(*agency_, cairo_), 403, "forbidden"));
    auto by_admin = Open(*admin_, cairo_);
    ASSERT_EQ(by_admin.status, 201) << by_admin.body;
    const long long crisis = IdOf(by_admin);
    EXPECT_EQ(Open(*spokes_, paris_).status, 201);

    // Templates: written by an administrator or the spokesperson; approved by the spokesperson only.
    EXPECT_TRUE(
        IsProblem(editor_->Post("/api/v1/crisis-templates",
                                json::object{{"organisation_id", fa_}, {"name", "x"}, {"variants", AlertVariants()}}),
                  403, "forbidden"));
    auto written =
        admin_->Post("/api/v1/crisis-templates",
                     json::object{{"organisation_id", fa_}, {"name", "Alert"}, {"variants", AlertVariants()}});
    ASSERT_EQ(written.status, 201) << written.body;
    const long long tmpl = IdOf(written);
    EXPECT_TRUE(IsProblem(admin_->Post(TemplatePath(tmpl) + "/approve", json::object{{"version", 1}}), 403, "forbidden",
                          "", "only the spokesperson"));
    EXPECT_TRUE(
        IsProblem(editor_->Post(TemplatePath(tmpl) + "/approve", json::object{{"version", 1}}), 403, "forbidden"));
    ASSERT_EQ(spokes_->Post(TemplatePath(tmpl) + "/approve", json::object{{"version", 1}}).status, 200);

    // Sending: the spokesperson only.
    EXPECT_TRUE(IsProblem(Send(*admin_, crisis, tmpl, {cairo_ch}), 403, "forbidden", "",
                          "an administrator opens and closes a crisis but does not speak in it"));
    EXPECT_TRUE(IsProblem(Send(*editor_, crisis, tmpl, {cairo_ch}), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(Send(*agency_, crisis, tmpl, {cairo_ch}), 403, "forbidden"));
    EXPECT_EQ(Send(*spokes_, crisis, tmpl, {cairo_ch}).status, 201);

    // Reading: anyone with a role on the organisation, above or below it; not elsewhere.
    EXPECT_EQ(editor_->Get(CrisisPath(crisis)).status, 200);
    auto fin = SignedIn("editor.fin", "editor", finance_);
    EXPECT_TRUE(IsProblem(fin->Get(CrisisPath(crisis)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(fin->Get(TemplatePath(tmpl)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(admin_->Get(CrisisPath(9999)), 404, "not-found"));

    // Closing: not the editor.
    EXPECT_TRUE(IsProblem(editor_->Post(CrisisPath(crisis) + "/close", json::object{}), 403, "forbidden"));
    EXPECT_EQ(spokes_->Post(CrisisPath(crisis) + "/close", json::object{}).status, 200);
}

TEST_P(CrisisApi, ClosingAsksForADecisionOnEachPostWhoseTimePassed) {
    const long long ch1 = Channel(cairo_, "close1");
    const long long ch2 = Channel(cairo_, "close2");
    const core::Millis start = Now();
    const long long now_post = ScheduledPost(cairo_, {ch1}, start + core::kHourMs, "Publier maintenant");
    const long long later_post = ScheduledPost(cairo_, {ch1}, start + 5 * core::kHourMs, "Garder l'horaire");
    const long long cancel_post = ScheduledPost(cairo_, {ch2}, start + core::kHourMs, "Annuler");
    const long long moved_post = ScheduledPost(cairo_, {ch2}, start + 30 * core::kMinuteMs, "Déplacer");
    auto opened = Open(*spokes_, cairo_);
    ASSERT_EQ(opened.status, 201) << opened.body;
    const long long crisis = IdOf(opened);
    ASSERT_EQ(opened.json.at("paused").as_array().size(), 4u);

    server_->clock().Advance(2 * core::kHourMs);
    auto refused = spokes_->Post(CrisisPath(crisis) + "/close", json::object{});
    ASSERT_TRUE(IsProblem(refused, 409, "conflict", "decisions", "3 renditions were due while the crisis was open"));
    const auto& errors = refused.json.at("errors").as_array();
    ASSERT_EQ(errors.size(), 3u) << refused.body;
    std::set<std::string> listed;
    for (const auto& e : errors) listed.insert(Str(e, "message").substr(0, Str(e, "message").find(" on ")));
    EXPECT_EQ(listed, (std::set<std::string>{"post " + std::to_string(now_post), "post " + std::to_string(cancel_post),
                                             "post " + std::to_string(moved_post)}));
    EXPECT_NE(refused.body.find("was due at " + core::FormatRfc3339(start + core::kHourMs)), std::string::npos);
    EXPECT_NE(refused.body.find("choose publish_now, reschedule (with a publish_at in the future) or cancel"),
              std::string::npos);
    EXPECT_EQ(Str(admin_->Get(CrisisPath(crisis)).json, "status"), "open") << "nothing changed";

    // A reschedule in the past is refused, naming the decision.
    const core::Millis moved_to = Now() + 10 * core::kHourMs;
    EXPECT_TRUE(IsProblem(
        spokes_->Post(CrisisPath(crisis) + "/close",
                      json::object{{"decisions", json::array{json::object{{"post_id", moved_post},
                                                                          {"action", "reschedule"},
                                                                          {"publish_at", "2020-01-01T00:00:00Z"}}}}}),
        400, "invalid-request", "decisions[0].publish_at", "not in the future"));

    auto closed = spokes_->Post(
        CrisisPath(crisis) + "/close",
        json::object{{"decisions", json::array{json::object{{"post_id", now_post}, {"action", "publish_now"}},
                                               json::object{{"post_id", cancel_post}, {"action", "cancel"}},
                                               json::object{{"post_id", moved_post},
                                                            {"action", "reschedule"},
                                                            {"publish_at", core::FormatRfc3339(moved_to)}}}}});
    ASSERT_EQ(closed.status, 200) << closed.body;
    std::map<long long, std::string> states;
    for (const auto& p : closed.json.at("paused").as_array()) states[p.at("post_id").as_int64()] = Str(p, "state");
    EXPECT_EQ(states, (std::map<long long, std::string>{{now_post, "published_now"},
                                                        {later_post, "restored"},
                                                        {cancel_post, "cancelled"},
                                                        {moved_post, "rescheduled"}}));

    // The future post has its original time back, with its job.
    EXPECT_EQ(Str(Post(later_post), "status"), "scheduled");
    EXPECT_EQ(Str(Post(later_post).at("renditions").at(0), "publish_at"),
              core::FormatRfc3339(start + 5 * core::kHourMs));
    EXPECT_EQ(Str(Post(moved_post).at("renditions").at(0), "publish_at"), core::FormatRfc3339(moved_to));
    EXPECT_EQ(RenditionStatuses(cancel_post), std::vector<std::string>{"cancelled"});
    EXPECT_EQ(Str(Post(cancel_post), "status"), "approved") << "unscheduled, it keeps its approval";

    RunQueue();
    EXPECT_EQ(Str(Post(now_post), "status"), "published");
    EXPECT_EQ(NetsimPosts("close1"), 1u) << "only the one published now";
    EXPECT_EQ(NetsimPosts("close2"), 0u);
    server_->clock().Set(start + 5 * core::kHourMs + core::kMinuteMs);
    RunQueue();
    EXPECT_EQ(Str(Post(later_post), "status"), "published");
    EXPECT_EQ(NetsimPosts("close1"), 2u);
    EXPECT_EQ(NetsimPosts("close2"), 0u);
    server_->clock().Set(moved_to + core::kMinuteMs);
    RunQueue();
    EXPECT_EQ(NetsimPosts("close2"), 1u) << "the rescheduled one; the cancelled one never";

    // The timeline tells the whole story; the audit trail has every decision.
    ASSERT_EQ(admin_->Login("admin").status, 200) << "hours later: a new session";
    std::vector<std::string> kinds;
    const auto final_view = admin_->Get(CrisisPath(crisis));
    for (const auto& e : final_view.json.at("timeline").as_array()) kinds.push_back(Str(e, "kind"));
    EXPECT_EQ(kinds.front(), "opened");
    EXPECT_TRUE(Contains(kinds, "closed"));
    EXPECT_TRUE(Contains(kinds, "published_now"));
    EXPECT_TRUE(Contains(kinds, "rescheduled"));
    EXPECT_TRUE(Contains(kinds, "cancelled"));
    EXPECT_TRUE(Contains(kinds, "restored"));
    EXPECT_EQ(AuditActions("crisis", crisis), (std::vector<std::string>{"crisis.close", "crisis.open"}));
    EXPECT_TRUE(Contains(AuditActions("post", cancel_post), "post.resume"));
}

TEST_P(CrisisApi, ARenditionAlreadyOnItsWayIsReportedNotPaused) {
    const long long ch = Channel(cairo_, "onitsway");
    Client sim(netsim_->port());
    ASSERT_LT(sim.Post("/_netsim/faults", json::object{{"network", "mastodon"},
                                                       {"endpoint", "POST /api/v1/statuses"},
                                                       {"kind", "drop_after_store"},
                                                       {"count", 1}})
                  .status,
              300);
    const long long post = ScheduledPost(cairo_, {ch}, Now());
    server_->app().publisher->RunOnce();
    ASSERT_EQ(RenditionStatuses(post), std::vector<std::string>{"unconfirmed"});
    auto opened = Open(*admin_, cairo_);
    ASSERT_EQ(opened.status, 201) << opened.body;
    EXPECT_TRUE(opened.json.at("paused").as_array().empty());
    const auto& not_paused = opened.json.at("not_paused").as_array();
    ASSERT_EQ(not_paused.size(), 1u) << opened.body;
    EXPECT_EQ(not_paused[0].at("post_id").as_int64(), post);
    EXPECT_EQ(Str(not_paused[0], "status"), "unconfirmed");
    bool told = false;
    for (const auto& e : opened.json.at("timeline").as_array()) {
        told = told || Str(e, "text").find("could not be stopped") != std::string::npos;
    }
    EXPECT_TRUE(told) << opened.body;
}

TEST_P(CrisisApi, TemplatesAreVersionedAndApprovedPerVersion) {
    auto created =
        spokes_->Post("/api/v1/crisis-templates",
                      json::object{{"organisation_id", fa_}, {"name", "Alert"}, {"variants", AlertVariants()}});
    ASSERT_EQ(created.status, 201) << created.body;
    const long long id = IdOf(created);
    EXPECT_EQ(created.json.at("version").as_int64(), 1);
    EXPECT_FALSE(created.json.at("approved").as_bool());
    EXPECT_TRUE(created.json.at("approved_by").is_null());
    EXPECT_EQ(created.json.at("placeholders").as_array().size(), 6u);

    EXPECT_TRUE(IsProblem(spokes_->Post(TemplatePath(id) + "/approve", json::object{{"version", 2}}), 409, "conflict",
                          "", "approve the version you read"));
    auto approved = spokes_->Post(TemplatePath(id) + "/approve", json::object{{"version", 1}});
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_TRUE(approved.json.at("approved").as_bool());
    EXPECT_EQ(approved.json.at("approved_version").as_int64(), 1);
    EXPECT_EQ(Str(approved.json, "approved_by_name"), "User spokes");
    EXPECT_TRUE(IsProblem(spokes_->Post(TemplatePath(id) + "/approve", json::object{{"version", 1}}), 409, "conflict",
                          "", "already approved"));

    // Any change bumps the version and clears the approval; the same text changes nothing.
    auto same = admin_->Json("PUT", TemplatePath(id), json::object{{"variants", AlertVariants()}});
    ASSERT_EQ(same.status, 200) << same.body;
    EXPECT_EQ(same.json.at("version").as_int64(), 1);
    EXPECT_TRUE(same.json.at("approved").as_bool());
    auto variants = AlertVariants();
    variants["de"] = "{sender}: {event} in {area}. {instructions} Bis {until}. Mehr: {link}";
    auto changed = admin_->Json("PUT", TemplatePath(id), json::object{{"variants", variants}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json.at("version").as_int64(), 2);
    EXPECT_FALSE(changed.json.at("approved").as_bool());
    EXPECT_TRUE(changed.json.at("approved_version").is_null());
    EXPECT_EQ(Str(changed.json.at("variants"), "de").substr(0, 8), "{sender}");

    // Refusals name the language and the placeholder.
    EXPECT_TRUE(IsProblem(
        spokes_->Json("PUT", TemplatePath(id), json::object{{"variants", json::object{{"fr", "{event} à {zone}"}}}}),
        400, "invalid-request", "variants.fr", "unknown placeholder {zone}"));
    const json::object uneven{{"organisation_id", fa_},
                              {"name", "Uneven"},
                              {"variants", json::object{{"fr", "{event} jusqu'à {until}"}, {"nl", "{event}"}}}};
    EXPECT_TRUE(IsProblem(spokes_->Post("/api/v1/crisis-templates", uneven), 400, "invalid-request", "variants.nl",
                          "does not use {until}"));
    EXPECT_TRUE(IsProblem(spokes_->Json("PUT", TemplatePath(id), json::object{}), 400, "invalid-request"));

    // Listing: the templates usable for a crisis of Cairo are those of Cairo and above.
    const long long gov_tmpl = ApprovedTemplate(gov_, "Government alert");
    auto usable = editor_->Get("/api/v1/crisis-templates?organisation_id=" + std::to_string(cairo_));
    ASSERT_EQ(usable.status, 200) << usable.body;
    std::set<long long> ids;
    for (auto i : ItemIds(usable)) ids.insert(i);
    EXPECT_EQ(ids, (std::set<long long>{id, gov_tmpl}));
    EXPECT_EQ(agency_->Get(TemplatePath(gov_tmpl)).status, 200) << "a template above one's organisation is readable";
    EXPECT_EQ(
        AuditActions("crisis_template", id),
        (std::vector<std::string>{"crisis_template.update", "crisis_template.approve", "crisis_template.create"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CrisisApi, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
