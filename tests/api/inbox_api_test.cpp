// The inbox and moderation from netsim's citizens to the API and back, on both engines: replies
// and mentions fetched by the inbox worker, deduplicated and threaded, languages detected; an
// insult hidden on Bluesky through the thread's threadgate (and only queued on Mastodon, which
// cannot hide); a moderator's reversal sent back; a saved reply rendered in the conversation's
// language and sent as a threaded reply; the collision warning; assignment, statuses, notes;
// full-text search ignoring accents; metrics; roles; the audit trail; hostile text kept verbatim.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/api_helpers.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class InboxApi : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        // netsim stamps its posts with the real time: the inbox's clock must agree with it.
        server_->clock().Set(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
        gov_ = server_->SeedRoot();
        fa_ = server_->AddOrg(gov_, "minister", "fa");
        finance_ = server_->AddOrg(gov_, "minister", "finance");
        server_->NoReview(gov_);
        admin_ = SignedIn("admin", "administrator", gov_);
        editor_ = SignedIn("editor", "editor", fa_);
        editor2_ = SignedIn("editor2", "editor", fa_);
        moderator_ = SignedIn("moderator", "moderator", fa_);
        reviewer_ = SignedIn("reviewer", "reviewer", fa_);
        analyst_ = SignedIn("analyst", "analyst", fa_);
        finance_editor_ = SignedIn("fin", "editor", finance_);
    }

    std::unique_ptr<Client> SignedIn(const std::string& name, const std::string& role, long long org) {
        server_->AddUser(name, role, org);
        auto c = std::make_unique<Client>(server_->port());
        EXPECT_EQ(c->Login(name).status, 200);
        return c;
    }

    long long Channel(long long org, const std::string& network, const std::string& handle) {
        Client sim(netsim_->port());
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", network}, {"handle", handle}});
        EXPECT_EQ(account.status, 201) << account.body;
        auto channel = admin_->Post("/api/v1/channels",
                                    json::object{{"organisation_id", org},
                                                 {"network", network},
                                                 {"handle", network == "mastodon" ? handle + "@netsim.test" : handle},
                                                 {"display_name", "Affaires étrangères"},
                                                 {"languages", json::array{"fr", "nl"}}});
        EXPECT_EQ(channel.status, 201) << channel.body;
        const long long id = IdOf(channel);
        json::object credentials;
        if (network == "mastodon") {
            credentials["access_token"] = Str(account.json, "access_token");
        } else {
            credentials["identifier"] = Str(account.json, "identifier");
            credentials["password"] = Str(account.json, "password");
        }
        auto connect = admin_->Json("PUT", "/api/v1/channels/" + std::to_string(id) + "/connection",
                                    json::object{{"api_base_url", netsim_->url()}, {"credentials", credentials}});
        EXPECT_EQ(connect.status, 200) << connect.body;
        return id;
    }

    // Publishes a post of `org` on `channel` now; returns its remote id on the network.
    std::string Published(long long org, long long channel, const std::string& text) {
        auto post = admin_->Post("/api/v1/posts", json::object{{"organisation_id", org},
                                                               {"content_type", "press_release"},
                                                               {"variants", json::object{{"fr", text}}},
                                                               {"channel_ids", json::array{channel}}});
        EXPECT_EQ(post.status, 201) << post.body;
        const long long id = IdOf(post);
        auto scheduled = admin_->Post("/api/v1/posts/" + std::to_string(id) + "/schedule", json::object{{"now", true}});
        EXPECT_EQ(scheduled.status, 200) << scheduled.body;
        for (int i = 0; i < 3; ++i) {
            server_->app().publisher->RunOnce();
            server_->clock().Advance(6000);
        }
        auto r = admin_->Get("/api/v1/posts/" + std::to_string(id));
        const auto& rendition = r.json.at("renditions").as_array().at(0);
        EXPECT_EQ(Str(rendition, "status"), "published") << r.body;
        return Str(rendition, "remote_id");
    }

    // A citizen writes on netsim; returns the remote id of what they posted.
    std::string Citizen(const std::string& network, const std::string& handle, const std::string& text,
                        const std::string& in_reply_to, const std::string& name = "Léa Dupont") {
        Client sim(netsim_->port());
        json::object body{{"network", network}, {"author_handle", handle}, {"author_name", name}, {"text", text}};
        if (!in_reply_to.empty()) body["in_reply_to"] = in_reply_to;
        auto r = sim.Post("/_netsim/citizen-posts", body);
        EXPECT_EQ(r.status, 201) << r.body;
        std::string id = Str(r.json, "uri");
        if (id.empty()) id = Str(r.json, "id");
        return id;
    }

    void Fetch(int rounds = 2) {
        for (int i = 0; i < rounds; ++i) server_->app().inbox_worker->RunOnce();
    }

    json::array Conversations(Client& c, const std::string& query = "") {
        auto r = c.Get("/api/v1/inbox/conversations" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? r.json.at("items").as_array() : json::array{};
    }

    // The netsim record of a remote id, as /_netsim/posts shows it.
    json::object NetsimPost(const std::string& network, const std::string& remote_id) {
        Client sim(netsim_->port());
        auto r = sim.Get("/_netsim/posts?network=" + network);
        for (const auto& p : r.json.at("items").as_array()) {
            const auto& o = p.as_object();
            if (Str(o, "id") == remote_id || Str(o, "uri") == remote_id) return o;
        }
        ADD_FAILURE() << "no netsim post " << remote_id << " in " << r.body;
        return {};
    }

    std::unique_ptr<NetsimProcess> netsim_;
    std::unique_ptr<TestServer> server_;
    long long gov_ = 0, fa_ = 0, finance_ = 0;
    std::unique_ptr<Client> admin_, editor_, editor2_, moderator_, reviewer_, analyst_, finance_editor_;
};

TEST_P(InboxApi, RepliesAreFetchedOnceThreadedAndTheirLanguageDetected) {
    const long long ch = Channel(fa_, "mastodon", "diplobel");
    const auto post = Published(fa_, ch, "Conseils aux voyageurs : mise à jour pour l'Égypte");
    const auto q1 =
        Citizen("mastodon", "lea", "Bonjour, faut-il un visa pour aller au Caire en décembre ? Merci", post);
    Citizen("mastodon", "jan", "Goedendag, waar vind ik het formulier voor een nieuwe identiteitskaart?", post,
            "Jan Peeters");
    Fetch();
    auto list = Conversations(*editor_);
    ASSERT_EQ(list.size(), 2U);
    std::map<std::string, json::object> by_citizen;
    for (const auto& c : list) by_citizen[Str(c.at("citizen"), "handle")] = c.as_object();
    ASSERT_EQ(by_citizen.count("lea"), 1U);
    EXPECT_EQ(Str(by_citizen["lea"], "language"), "fr");
    EXPECT_EQ(Str(by_citizen["jan"], "language"), "nl");
    EXPECT_EQ(Str(by_citizen["lea"], "status"), "new");
    EXPECT_FALSE(by_citizen["lea"].at("post_id").is_null()) << "linked to the post it replies to";
    EXPECT_FALSE(by_citizen["lea"].at("due_at").is_null());

    // Léa writes again under her own reply: same conversation. Fetching again adds nothing else.
    Citizen("mastodon", "lea", "Et pour un passeport d'urgence ?", q1);
    Fetch();
    Fetch();
    list = Conversations(*editor_);
    ASSERT_EQ(list.size(), 2U);
    const long long lea = by_citizen["lea"].at("id").as_int64();
    auto detail = editor_->Get("/api/v1/inbox/conversations/" + std::to_string(lea));
    ASSERT_EQ(detail.status, 200) << detail.body;
    ASSERT_EQ(detail.json.at("items").as_array().size(), 2U);
    EXPECT_NE(Str(detail.json.at("items").as_array()[1], "text").find("Et pour un passeport d'urgence ?"),
              std::string::npos);

    // Scope: Finance sees nothing of Foreign Affairs; an analyst reads no conversation.
    EXPECT_TRUE(Conversations(*finance_editor_).empty());
    EXPECT_TRUE(Conversations(*analyst_).empty());
    EXPECT_TRUE(
        IsProblem(finance_editor_->Get("/api/v1/inbox/conversations/" + std::to_string(lea)), 404, "not-found"));
}

TEST_P(InboxApi, AnInsultIsHiddenOnBlueskyAndARestoreUnhidesIt) {
    const long long ch = Channel(fa_, "bluesky", "diplobel.bsky.social");
    const auto post = Published(fa_, ch, "Journée portes ouvertes au palais d'Egmont");
    const auto insult =
        Citizen("bluesky", "troll.bsky.social", "Bande de c0nnards, vous êtes des 1d10ts", post, "Troll");
    const auto question = Citizen("bluesky", "lea.bsky.social", "À quelle heure ouvrent les portes ?", post);
    Fetch(3);

    // The worker hid it through the thread's threadgate: netsim shows it hidden, the question not.
    EXPECT_TRUE(NetsimPost("bluesky", insult).at("hidden").as_bool());
    EXPECT_FALSE(NetsimPost("bluesky", question).at("hidden").as_bool());

    auto queue = moderator_->Get("/api/v1/moderation/queue?state=hidden");
    ASSERT_EQ(queue.status, 200) << queue.body;
    ASSERT_EQ(queue.json.at("items").as_array().size(), 1U) << queue.body;
    const auto& entry = queue.json.at("items").as_array()[0];
    const long long item = entry.at("item").at("id").as_int64();
    EXPECT_EQ(Str(entry.at("item"), "text"), "Bande de c0nnards, vous êtes des 1d10ts") << "kept verbatim";
    EXPECT_EQ(Str(entry.at("latest"), "source"), "rule");
    EXPECT_EQ(Str(entry.at("latest"), "network_result"), "hidden");
    EXPECT_EQ(Str(entry.at("latest"), "category"), "insult");
    EXPECT_FALSE(Str(entry.at("latest"), "rule").empty());

    // The insult alone makes no conversation to answer.
    for (const auto& c : Conversations(*editor_, "?status=new")) {
        EXPECT_NE(Str(c.at("citizen"), "handle"), "troll.bsky.social");
    }

    // A reviewer may not moderate; a reason is required; the moderator restores it.
    EXPECT_TRUE(IsProblem(reviewer_->Post("/api/v1/moderation/items/" + std::to_string(item) + "/decide",
                                          json::object{{"action", "restore"}, {"reason", "satire"}}),
                          403, "forbidden"));
    EXPECT_TRUE(IsProblem(moderator_->Post("/api/v1/moderation/items/" + std::to_string(item) + "/decide",
                                           json::object{{"action", "restore"}, {"reason", " "}}),
                          400, "invalid-request", "reason"));
    auto restored = moderator_->Post("/api/v1/moderation/items/" + std::to_string(item) + "/decide",
                                     json::object{{"action", "restore"}, {"reason", "a quotation, not an insult"}});
    ASSERT_EQ(restored.status, 201) << restored.body;
    EXPECT_EQ(Str(restored.json, "source"), "person");
    EXPECT_FALSE(restored.json.at("reverses").is_null());
    Fetch();
    EXPECT_FALSE(NetsimPost("bluesky", insult).at("hidden").as_bool()) << "the reversal reached the network";
    auto history = moderator_->Get("/api/v1/moderation/items/" + std::to_string(item));
    ASSERT_EQ(history.status, 200);
    ASSERT_EQ(history.json.at("decisions").as_array().size(), 2U);
    EXPECT_EQ(Str(history.json.at("decisions").as_array()[1], "network_result"), "restored");

    auto audit = admin_->Get("/api/v1/audit?object_type=inbox_item&object_id=" + std::to_string(item));
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::set<std::string> actions;
    for (const auto& a : audit.json.at("items").as_array()) actions.insert(Str(a, "action"));
    EXPECT_TRUE(actions.count("moderation.hide"));
    EXPECT_TRUE(actions.count("moderation.restore"));
}

TEST_P(InboxApi, MastodonCannotHideSoTheInsultWaitsForAModerator) {
    const long long ch = Channel(fa_, "mastodon", "diplobel");
    const auto post = Published(fa_, ch, "Nouvelle ambassade à Kinshasa");
    Citizen("mastodon", "troll", "Espèce de connard, sale idiot", post, "Troll");
    Fetch();
    auto queue = moderator_->Get("/api/v1/moderation/queue");
    ASSERT_EQ(queue.status, 200) << queue.body;
    ASSERT_EQ(queue.json.at("items").as_array().size(), 1U) << queue.body;
    const auto& entry = queue.json.at("items").as_array()[0];
    EXPECT_EQ(Str(entry.at("item").at("moderation"), "state"), "not_hidden");
    EXPECT_EQ(Str(entry.at("latest"), "network_result"), "not_supported");
    EXPECT_NE(Str(entry.at("latest"), "network_message").find("hide"), std::string::npos);
}

TEST_P(InboxApi, ASavedReplyGoesOutThreadedInTheConversationsLanguage) {
    const long long ch = Channel(fa_, "mastodon", "diplobel");
    const auto post = Published(fa_, ch, "Vernieuwing van de identiteitskaart");
    const auto question =
        Citizen("mastodon", "jan", "Hoe kan ik mijn eID-pincode opnieuw aanvragen? Alvast bedankt", post, "Jan");
    Fetch();
    auto saved = editor_->Post(
        "/api/v1/saved-replies",
        json::object{
            {"organisation_id", fa_},
            {"name", "eID PIN"},
            {"category", "eid"},
            {"link", "https://diplomatie.belgium.be/eid"},
            {"variants", json::array{json::object{{"language", "fr"}, {"text", "Bonjour {citizen_name}, voyez {link}"}},
                                     json::object{{"language", "nl"}, {"text", "Dag {citizen_name}, zie {link}"}}}}});
    ASSERT_EQ(saved.status, 201) << saved.body;
    EXPECT_TRUE(IsProblem(
        editor_->Post(
            "/api/v1/saved-replies",
            json::object{{"organisation_id", fa_},
                         {"name", "broken"},
                         {"variants", json::array{json::object{{"language", "fr"}, {"text", "Bonjour {nom}"}}}}}),
        400, "invalid-request"));
    auto list = Conversations(*editor_);
    ASSERT_EQ(list.size(), 1U);
    const long long conv = list[0].at("id").as_int64();
    EXPECT_EQ(Str(list[0], "language"), "nl");
    auto detail = editor_->Get("/api/v1/inbox/conversations/" + std::to_string(conv));
    const long long last_seen = detail.json.at("items").as_array().back().at("id").as_int64();

    // A reviewer reads but does not answer.
    EXPECT_TRUE(IsProblem(reviewer_->Post("/api/v1/inbox/conversations/" + std::to_string(conv) + "/answer",
                                          json::object{{"text", "Hallo"}}),
                          403, "forbidden"));
    auto answer = editor_->Post("/api/v1/inbox/conversations/" + std::to_string(conv) + "/answer",
                                json::object{{"saved_reply_id", IdOf(saved)}, {"last_seen_item_id", last_seen}});
    ASSERT_EQ(answer.status, 202) << answer.body;
    EXPECT_EQ(Str(answer.json, "send_state"), "pending");
    EXPECT_EQ(Str(answer.json, "text"), "@jan Dag Jan, zie https://diplomatie.belgium.be/eid");
    Fetch();

    detail = editor_->Get("/api/v1/inbox/conversations/" + std::to_string(conv));
    const auto& out = detail.json.at("items").as_array().back();
    EXPECT_EQ(Str(out, "send_state"), "sent") << detail.body;
    const auto remote = Str(out, "remote_id");
    ASSERT_FALSE(remote.empty());
    const auto on_netsim = NetsimPost("mastodon", remote);
    EXPECT_EQ(Str(on_netsim, "in_reply_to_id"), question)
        << "threaded under the question: " << json::serialize(on_netsim);
    EXPECT_EQ(Str(detail.json.at("conversation"), "status"), "answered");
    EXPECT_FALSE(detail.json.at("conversation").at("first_response_at").is_null());

    // A colleague who opened the conversation before that answer is warned, and may force.
    auto late = editor2_->Post("/api/v1/inbox/conversations/" + std::to_string(conv) + "/answer",
                               json::object{{"text", "Zie onze website"}, {"last_seen_item_id", last_seen}});
    EXPECT_TRUE(IsProblem(late, 409, "conflict", "collision", "answered this conversation after you opened it"));
    auto forced =
        editor2_->Post("/api/v1/inbox/conversations/" + std::to_string(conv) + "/answer",
                       json::object{{"text", "Zie onze website"}, {"last_seen_item_id", last_seen}, {"force", true}});
    EXPECT_EQ(forced.status, 202) << forced.body;

    auto metrics = editor_->Get("/api/v1/inbox/metrics?organisation_id=" + std::to_string(fa_));
    ASSERT_EQ(metrics.status, 200) << metrics.body;
    EXPECT_EQ(metrics.json.at("total").at("conversations").as_int64(), 1);
    EXPECT_EQ(metrics.json.at("total").at("answered").as_int64(), 1);
    EXPECT_DOUBLE_EQ(metrics.json.at("total").at("response_rate").as_double(), 1.0);
    EXPECT_FALSE(metrics.json.at("total").at("median_ms").is_null());
}

TEST_P(InboxApi, AssignStatusNotesAndTheirAuditEntries) {
    const long long ch = Channel(fa_, "mastodon", "diplobel");
    const auto post = Published(fa_, ch, "Élections 2029 : voter depuis l'étranger");
    Citizen("mastodon", "lea", "Comment voter depuis Montréal ?", post);
    Fetch();
    const long long conv = Conversations(*editor_)[0].at("id").as_int64();
    const std::string path = "/api/v1/inbox/conversations/" + std::to_string(conv);
    auto users = admin_->Get("/api/v1/users?per_page=100");
    long long editor2_id = 0;
    long long analyst_id = 0;
    for (const auto& u : users.json.at("items").as_array()) {
        if (Str(u, "username") == "editor2") editor2_id = u.at("id").as_int64();
        if (Str(u, "username") == "analyst") analyst_id = u.at("id").as_int64();
    }
    ASSERT_NE(editor2_id, 0);
    EXPECT_TRUE(IsProblem(editor_->Post(path + "/assign", json::object{{"user_id", analyst_id}}), 400,
                          "invalid-request", "user_id", "cannot answer"));
    auto assigned = editor_->Post(path + "/assign", json::object{{"user_id", editor2_id}});
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(Str(assigned.json, "status"), "assigned");
    EXPECT_EQ(Str(assigned.json.at("assignee"), "type"), "user");
    auto mine = Conversations(*editor2_, "?assignee=me");
    ASSERT_EQ(mine.size(), 1U);

    EXPECT_TRUE(IsProblem(editor_->Post(path + "/status", json::object{{"status", "answered"}}), 409, "conflict"));
    auto closed = editor_->Post(path + "/status", json::object{{"status", "closed"}});
    EXPECT_EQ(Str(closed.json, "status"), "closed") << closed.body;
    auto note = editor_->Post(path + "/notes", json::object{{"text", "<b>interne</b> : voir avec le SPF Intérieur"}});
    ASSERT_EQ(note.status, 201) << note.body;
    auto detail = editor_->Get(path);
    EXPECT_EQ(Str(detail.json.at("notes").as_array()[0], "text"), "<b>interne</b> : voir avec le SPF Intérieur");

    auto drafting = editor_->Post(path + "/drafting", json::object{});
    ASSERT_EQ(drafting.status, 200) << drafting.body;
    auto others = editor2_->Post(path + "/drafting", json::object{});
    ASSERT_EQ(others.json.at("others").as_array().size(), 1U) << others.body;
    EXPECT_EQ(Str(others.json.at("others").as_array()[0], "name"), "User editor");

    auto audit = admin_->Get("/api/v1/audit?object_type=inbox_conversation&object_id=" + std::to_string(conv));
    std::multiset<std::string> actions;
    for (const auto& a : audit.json.at("items").as_array()) actions.insert(Str(a, "action"));
    EXPECT_EQ(actions.count("inbox.assign"), 1U);
    EXPECT_EQ(actions.count("inbox.status"), 1U);
    EXPECT_EQ(actions.count("inbox.note"), 1U);
}

TEST_P(InboxApi, SearchIgnoresAccentsAndWordFormsAndHostileTextStaysVerbatim) {
    const long long ch = Channel(fa_, "mastodon", "diplobel");
    const auto post = Published(fa_, ch, "Formulaires consulaires en ligne");
    Citizen("mastodon", "lea", "Où trouver les formulaires de la Société d'assurance ?", post);
    const std::string hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> \u202Egnp.exe";
    Citizen("mastodon", "mallory", hostile, post, "<b>Mallory</b>\u202E");
    Fetch();
    auto found = editor_->Get("/api/v1/inbox/search?q=societe%20formulaire");
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(found.json.at("items").as_array().size(), 1U) << found.body;
    EXPECT_NE(Str(found.json.at("items").as_array()[0], "text").find("Société"), std::string::npos);
    auto by_q = Conversations(*editor_, "?q=soci%C3%A9t%C3%A9");
    EXPECT_EQ(by_q.size(), 1U);
    EXPECT_TRUE(IsProblem(editor_->Get("/api/v1/inbox/search?q="), 400, "invalid-request", "q"));
    auto odd = editor_->Get("/api/v1/inbox/search?q=%22%20NEAR(%20*%20'%3B%20DROP%20TABLE%20inbox_items");
    EXPECT_EQ(odd.status, 200) << odd.body;

    auto all = Conversations(*editor_);
    bool seen = false;
    for (const auto& c : all) {
        if (Str(c.at("citizen"), "handle") != "mallory") continue;
        seen = true;
        EXPECT_EQ(Str(c.at("citizen"), "name"), "<b>Mallory</b>\u202E");
        EXPECT_EQ(Str(c, "last_text"), "@diplobel " + hostile) << "as netsim's Mastodon client wrote it";
    }
    EXPECT_TRUE(seen);
}

TEST_P(InboxApi, SettingsTermsAndBadInputAreExplained) {
    auto put = admin_->Json("PUT", "/api/v1/organisations/" + std::to_string(fa_) + "/moderation-settings",
                            json::object{{"settings", json::object{{"hide_threshold", 0.5},
                                                                   {"queue_threshold", 0.8},
                                                                   {"categories", json::array{"insult"}}}}});
    EXPECT_TRUE(IsProblem(put, 400, "invalid-request", "queue_threshold"));
    put = editor_->Json("PUT", "/api/v1/organisations/" + std::to_string(fa_) + "/moderation-settings",
                        json::object{{"settings", nullptr}});
    EXPECT_TRUE(IsProblem(put, 403, "forbidden"));
    auto term = moderator_->Post(
        "/api/v1/organisations/" + std::to_string(fa_) + "/moderation-terms",
        json::object{{"kind", "add"}, {"category", "insult"}, {"language", "fr"}, {"term", "brolbaron"}});
    ASSERT_EQ(term.status, 201) << term.body;
    auto tried = moderator_->Post("/api/v1/moderation/try",
                                  json::object{{"organisation_id", fa_}, {"text", "Quel brolbaron, ce ministre"}});
    ASSERT_EQ(tried.status, 200) << tried.body;
    EXPECT_GT(tried.json.at("scores").at("insult").as_double(), 0.5) << tried.body;
    auto finance_try = admin_->Post(
        "/api/v1/moderation/try", json::object{{"organisation_id", finance_}, {"text", "Quel brolbaron, ce ministre"}});
    EXPECT_DOUBLE_EQ(finance_try.json.at("scores").at("insult").as_double(), 0.0) << "the term is Foreign Affairs' own";

    auto settings = admin_->Json(
        "PUT", "/api/v1/organisations/" + std::to_string(fa_) + "/inbox-settings",
        json::object{
            {"settings",
             json::object{{"target", "hours"}, {"target_hours", 4}, {"day_start", "08:30"}, {"day_end", "25:00"}}}});
    EXPECT_TRUE(IsProblem(settings, 400, "invalid-request"));
    auto got = editor_->Get("/api/v1/organisations/" + std::to_string(fa_) + "/inbox-settings");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(Str(got.json.at("effective"), "target"), "same_business_day");
    EXPECT_EQ(got.json.at("holidays").as_array().size(), 20U);

    auto bad = editor_->Send("POST", "/api/v1/inbox/conversations/1/notes", "{not json",
                             {{"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(bad, 400, "invalid-request"));
}

INSTANTIATE_TEST_SUITE_P(Engines, InboxApi, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace belfry::testing
