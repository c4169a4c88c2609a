// Deleting and editing published renditions, from the API to netsim through the durable queue, on
// both engines: an edit reaches Mastodon and the record keeps every text; a delete removes the post
// from the network and our record stays; Bluesky refuses edits before any call; a 500 on delete is
// retried later; a post already gone counts as deleted; wrong states, bad texts and roles refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/api_helpers.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class RenditionChanges : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        gov_ = server_->SeedRoot();
        server_->NoReview(gov_);
        org_ = server_->AddOrg(gov_, "minister", "fa");
        server_->AddUser("editor", "editor", org_);
        client_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(client_->Login("editor").status, 200);
        server_->AddUser("admin", "administrator", org_);
        admin_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(admin_->Login("admin").status, 200);
    }

    // A channel on netsim connected with a fresh netsim account of `network`.
    long long ConnectedChannel(const std::string& network, const std::string& handle) {
        Client sim(netsim_->port());
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", network}, {"handle", handle}});
        EXPECT_EQ(account.status, 201) << account.body;
        auto channel = admin_->Post("/api/v1/channels",
                                    json::object{{"organisation_id", org_},
                                                 {"network", network},
                                                 {"handle", network == "mastodon" ? handle + "@netsim.test" : handle},
                                                 {"display_name", "FA " + handle},
                                                 {"languages", json::array{"fr"}}});
        EXPECT_EQ(channel.status, 201) << channel.body;
        const long long id = IdOf(channel);
        json::object credentials;
        if (network == "mastodon") {
            credentials["access_token"] = Str(account.json, "access_token");
            tokens_[handle] = Str(account.json, "access_token");
        } else {
            credentials["identifier"] = Str(account.json, "identifier");
            credentials["password"] = Str(account.json, "password");
        }
        auto connect = admin_->Json("PUT", "/api/v1/channels/" + std::to_string(id) + "/connection",
                                    json::object{{"api_base_url", netsim_->url()}, {"credentials", credentials}});
        EXPECT_EQ(connect.status, 200) << connect.body;
        return id;
    }

    // Drafts a French post for `channel`, publishes it now and returns {post id, rendition id}.
    std::pair<long long, long long> Published(long long channel, const std::string& text) {
        auto post = client_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                                {"content_type", "press_release"},
                                                                {"variants", json::object{{"fr", text}}},
                                                                {"channel_ids", json::array{channel}}});
        EXPECT_EQ(post.status, 201) << post.body;
        const long long id = IdOf(post);
        auto scheduled = client_->Post(PostPath(id) + "/schedule", json::object{{"now", true}});
        EXPECT_EQ(scheduled.status, 200) << scheduled.body;
        RunQueue();
        const auto r = Rendition(id);
        EXPECT_EQ(Str(r, "status"), "published") << json::serialize(r);
        return {id, r.is_object() ? r.at("id").as_int64() : 0};
    }

    static std::string PostPath(long long id) { return "/api/v1/posts/" + std::to_string(id); }
    static std::string RenditionPath(std::pair<long long, long long> ids) {
        return PostPath(ids.first) + "/renditions/" + std::to_string(ids.second);
    }

    // The post's first rendition, as GET /api/v1/posts/{id} shows it.
    json::value Rendition(long long post) {
        auto r = client_->Get(PostPath(post));
        if (r.status != 200) {
            ADD_FAILURE() << r.body;
            return nullptr;
        }
        return r.json.at("renditions").as_array().at(0);
    }

    // What netsim holds for `handle` (every post, deleted ones included).
    std::vector<json::object> NetsimPosts(const std::string& network, const std::string& handle) {
        Client sim(netsim_->port());
        auto r = sim.Get("/_netsim/posts?network=" + network + "&account=" + handle);
        std::vector<json::object> out;
        if (r.status != 200) {
            ADD_FAILURE() << r.body;
            return out;
        }
        for (const auto& p : r.json.at("items").as_array()) out.push_back(p.as_object());
        return out;
    }

    void RunQueue(int rounds = 3) {
        for (int i = 0; i < rounds; ++i) {
            server_->app().publisher->RunOnce();
            server_->clock().Advance(6000);
        }
    }

    std::unique_ptr<NetsimProcess> netsim_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> client_;
    std::unique_ptr<Client> admin_;
    std::map<std::string, std::string> tokens_;
    long long gov_ = 0;
    long long org_ = 0;
};

TEST_P(RenditionChanges, AnEditReachesMastodonAndTheRecordKeepsTheOldText) {
    const long long channel = ConnectedChannel("mastodon", "editme");
    const auto ids = Published(channel, "Conseil aux voyageurs : prudence");

    auto edit = client_->Patch(RenditionPath(ids), json::object{{"text", "Conseil aux voyageurs : vigilance"}});
    ASSERT_EQ(edit.status, 202) << edit.body;
    EXPECT_EQ(Str(edit.json, "status"), "editing");
    EXPECT_EQ(Str(edit.json, "text"), "Conseil aux voyageurs : prudence") << "the old text is live until Mastodon says";
    ASSERT_EQ(edit.json.at("revisions").as_array().size(), 2u) << edit.body;
    EXPECT_EQ(Str(edit.json.at("revisions").at(1), "status"), "pending");
    // Nothing changes on the network before the queue runs.
    EXPECT_EQ(Str(NetsimPosts("mastodon", "editme").at(0), "text"), "Conseil aux voyageurs : prudence");

    RunQueue();
    const auto posts = NetsimPosts("mastodon", "editme");
    ASSERT_EQ(posts.size(), 1u) << "an edit, not a second post";
    EXPECT_EQ(Str(posts[0], "text"), "Conseil aux voyageurs : vigilance");
    EXPECT_FALSE(posts[0].at("edited_at").is_null());

    const auto r = Rendition(ids.first);
    EXPECT_EQ(Str(r, "status"), "published") << json::serialize(r);
    EXPECT_EQ(Str(r, "text"), "Conseil aux voyageurs : vigilance");
    const auto& revisions = r.at("revisions").as_array();
    ASSERT_EQ(revisions.size(), 2u) << json::serialize(r);
    EXPECT_EQ(Str(revisions[0], "text"), "Conseil aux voyageurs : prudence");
    EXPECT_EQ(Str(revisions[0], "status"), "replaced");
    EXPECT_EQ(Str(revisions[0], "requested_by_name"), "editor") << "who scheduled the post";
    EXPECT_FALSE(revisions[0].at("replaced_at").is_null());
    EXPECT_EQ(Str(revisions[1], "text"), "Conseil aux voyageurs : vigilance");
    EXPECT_EQ(Str(revisions[1], "status"), "live");
    EXPECT_EQ(Str(revisions[1], "requested_by_name"), "editor");
    EXPECT_FALSE(revisions[1].at("live_at").is_null());

    // A second edit: three texts, the first two replaced.
    ASSERT_EQ(client_->Patch(RenditionPath(ids), json::object{{"text", "Conseil aux voyageurs : levé"}}).status, 202);
    RunQueue();
    const auto again = Rendition(ids.first);
    ASSERT_EQ(again.at("revisions").as_array().size(), 3u) << json::serialize(again);
    EXPECT_EQ(Str(again.at("revisions").at(1), "status"), "replaced");
    EXPECT_EQ(Str(NetsimPosts("mastodon", "editme").at(0), "text"), "Conseil aux voyageurs : levé");

    // Audited.
    auto audit = admin_->Get("/api/v1/audit?object_type=rendition&object_id=" + std::to_string(ids.second));
    ASSERT_EQ(audit.status, 200) << audit.body;
    ASSERT_EQ(audit.json.at("items").as_array().size(), 2u) << audit.body;
    EXPECT_EQ(Str(audit.json.at("items").at(0), "action"), "rendition.edit");
}

TEST_P(RenditionChanges, ADeleteRemovesThePostFromTheNetworkAndTheRecordStays) {
    const long long channel = ConnectedChannel("mastodon", "deleteme");
    const auto ids = Published(channel, "Erratum à venir");
    const auto before = Rendition(ids.first);

    auto del = client_->Delete(RenditionPath(ids));
    ASSERT_EQ(del.status, 202) << del.body;
    EXPECT_EQ(Str(del.json, "status"), "deleting");
    EXPECT_FALSE(NetsimPosts("mastodon", "deleteme").at(0).at("deleted").as_bool());
    RunQueue();

    const auto posts = NetsimPosts("mastodon", "deleteme");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(posts[0].at("deleted").as_bool());
    const auto r = Rendition(ids.first);
    EXPECT_EQ(Str(r, "status"), "deleted") << json::serialize(r);
    EXPECT_EQ(Str(r, "text"), "Erratum à venir");
    EXPECT_EQ(Str(r, "remote_id"), Str(before, "remote_id"));
    EXPECT_EQ(Str(r, "remote_url"), Str(before, "remote_url"));

    // Deleted is final: neither a second delete nor an edit.
    EXPECT_TRUE(IsProblem(client_->Delete(RenditionPath(ids)), 409, "conflict", "", "was deleted"));
    EXPECT_TRUE(
        IsProblem(client_->Patch(RenditionPath(ids), json::object{{"text", "x"}}), 409, "conflict", "", "was deleted"));
    auto audit = admin_->Get("/api/v1/audit?object_type=rendition&object_id=" + std::to_string(ids.second));
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_EQ(Str(audit.json.at("items").at(0), "action"), "rendition.delete");
}

TEST_P(RenditionChanges, BlueskyRefusesEditsBeforeAnyCallAndDeletesWithDeleteRecord) {
    const long long channel = ConnectedChannel("bluesky", "belgium.bsky.social");
    const auto ids = Published(channel, "Avis aux voyageurs");

    auto refused = client_->Patch(RenditionPath(ids), json::object{{"text", "Avis aux voyageurs (mis à jour)"}});
    EXPECT_TRUE(IsProblem(refused, 409, "conflict", "", "Bluesky does not allow editing"));
    EXPECT_NE(Str(refused.json, "detail").find("delete it and publish again"), std::string::npos);
    const auto r = Rendition(ids.first);
    EXPECT_EQ(Str(r, "status"), "published");
    EXPECT_TRUE(r.at("revisions").as_array().empty());
    RunQueue();
    EXPECT_EQ(Str(NetsimPosts("bluesky", "belgium.bsky.social").at(0), "text"), "Avis aux voyageurs");

    ASSERT_EQ(client_->Delete(RenditionPath(ids)).status, 202);
    RunQueue();
    const auto posts = NetsimPosts("bluesky", "belgium.bsky.social");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(posts[0].at("deleted").as_bool());
    EXPECT_EQ(Str(Rendition(ids.first), "status"), "deleted");
}

TEST_P(RenditionChanges, A500OnDeleteIsRetriedLater) {
    const long long channel = ConnectedChannel("mastodon", "flaky");
    const auto ids = Published(channel, "Bientôt retiré");
    Client sim(netsim_->port());
    ASSERT_LT(sim.Post("/_netsim/faults", json::object{{"network", "mastodon"},
                                                       {"endpoint", "DELETE /api/v1/statuses/:id"},
                                                       {"kind", "500"},
                                                       {"count", 1}})
                  .status,
              300);
    ASSERT_EQ(client_->Delete(RenditionPath(ids)).status, 202);
    server_->app().publisher->RunOnce();
    const auto waiting = Rendition(ids.first);
    EXPECT_EQ(Str(waiting, "status"), "deleting") << json::serialize(waiting);
    EXPECT_NE(Str(waiting, "explanation").find("trying again"), std::string::npos) << json::serialize(waiting);
    EXPECT_FALSE(NetsimPosts("mastodon", "flaky").at(0).at("deleted").as_bool());

    RunQueue();
    EXPECT_EQ(Str(Rendition(ids.first), "status"), "deleted");
    EXPECT_TRUE(NetsimPosts("mastodon", "flaky").at(0).at("deleted").as_bool());
}

TEST_P(RenditionChanges, APostAlreadyGoneFromTheNetworkCountsAsDeleted) {
    const long long channel = ConnectedChannel("mastodon", "gone");
    const auto ids = Published(channel, "Déjà retiré à la main");
    // Someone deletes it in Mastodon's own interface first.
    Client sim(netsim_->port());
    sim.set_bearer(tokens_["gone"]);
    auto direct = sim.Send("DELETE", "/api/v1/statuses/" + Str(Rendition(ids.first), "remote_id"));
    ASSERT_EQ(direct.status, 200) << direct.body;

    ASSERT_EQ(client_->Delete(RenditionPath(ids)).status, 202);
    RunQueue();
    const auto r = Rendition(ids.first);
    EXPECT_EQ(Str(r, "status"), "deleted") << json::serialize(r);
    EXPECT_EQ(NetsimPosts("mastodon", "gone").size(), 1u);
}

TEST_P(RenditionChanges, ARefusedEditKeepsTheOldTextLiveAndSaysWhy) {
    const long long channel = ConnectedChannel("mastodon", "refused");
    const auto ids = Published(channel, "Texte publié");
    // The post disappears from Mastodon before the edit arrives: Mastodon answers 404.
    Client sim(netsim_->port());
    sim.set_bearer(tokens_["refused"]);
    ASSERT_EQ(sim.Send("DELETE", "/api/v1/statuses/" + Str(Rendition(ids.first), "remote_id")).status, 200);
    ASSERT_EQ(client_->Patch(RenditionPath(ids), json::object{{"text", "Texte corrigé"}}).status, 202);
    RunQueue();
    const auto r = Rendition(ids.first);
    EXPECT_EQ(Str(r, "status"), "published") << json::serialize(r);
    EXPECT_EQ(Str(r, "text"), "Texte publié");
    EXPECT_NE(Str(r, "explanation").find("no longer on Mastodon"), std::string::npos) << json::serialize(r);
    const auto& revisions = r.at("revisions").as_array();
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(Str(revisions[0], "status"), "live");
    EXPECT_EQ(Str(revisions[1], "status"), "failed");
}

TEST_P(RenditionChanges, WrongStatesBadTextsAndRolesAreRefused) {
    const long long channel = ConnectedChannel("mastodon", "rules");
    // Not published yet: scheduled for later.
    auto draft = client_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                             {"variants", json::object{{"fr", "Plus tard"}}},
                                                             {"channel_ids", json::array{channel}}});
    ASSERT_EQ(draft.status, 201);
    const long long later = IdOf(draft);
    server_->clock().Set(1767225600000);  // 2026-01-01T00:00:00Z
    ASSERT_EQ(client_->Post(PostPath(later) + "/schedule", json::object{{"publish_at", "2026-06-01T08:00:00Z"}}).status,
              200);
    const long long scheduled_rid = Rendition(later).at("id").as_int64();
    EXPECT_TRUE(
        IsProblem(client_->Delete(RenditionPath({later, scheduled_rid})), 409, "conflict", "", "not published yet"));
    EXPECT_TRUE(IsProblem(client_->Patch(RenditionPath({later, scheduled_rid}), json::object{{"text", "Autre"}}), 409,
                          "conflict", "", "not published yet"));

    const auto ids = Published(channel, "Publié");
    // The network's rules first.
    auto too_long = client_->Patch(RenditionPath(ids), json::object{{"text", std::string(600, 'a')}});
    EXPECT_TRUE(IsProblem(too_long, 400, "invalid-request", "text", "mastodon allows 500"));
    EXPECT_TRUE(IsProblem(client_->Patch(RenditionPath(ids), json::object{{"text", "Publié"}}), 400, "invalid-request",
                          "text", "the same"));
    EXPECT_TRUE(IsProblem(client_->Patch(RenditionPath(ids), json::object{}), 400, "invalid-request", "text"));
    // An edit on its way blocks another change until it is done.
    ASSERT_EQ(client_->Patch(RenditionPath(ids), json::object{{"text", "Publié (corrigé)"}}).status, 202);
    EXPECT_TRUE(IsProblem(client_->Delete(RenditionPath(ids)), 409, "conflict", "", "edit on its way"));
    // A rendition of another post, or none at all.
    EXPECT_EQ(client_->Delete(RenditionPath({later, ids.second})).status, 404);
    EXPECT_EQ(client_->Delete(PostPath(ids.first) + "/renditions/999999").status, 404);

    // Roles: an analyst reads but may not change what was published.
    server_->AddUser("analyst", "analyst", org_);
    Client analyst(server_->port());
    ASSERT_EQ(analyst.Login("analyst").status, 200);
    EXPECT_TRUE(IsProblem(analyst.Delete(RenditionPath(ids)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(analyst.Patch(RenditionPath(ids), json::object{{"text", "Non"}}), 403, "forbidden"));
    RunQueue();
    EXPECT_EQ(Str(Rendition(ids.first), "text"), "Publié (corrigé)");
}

TEST_P(RenditionChanges, APostWithADeletedMessageCanNoLongerBeCancelled) {
    const long long one = ConnectedChannel("mastodon", "first");
    const long long two = ConnectedChannel("mastodon", "second");
    Client sim(netsim_->port());
    // The first status call is refused for a while: one message goes out, the other waits.
    ASSERT_LT(sim.Post("/_netsim/faults", json::object{{"network", "mastodon"},
                                                       {"endpoint", "POST /api/v1/statuses"},
                                                       {"kind", "429"},
                                                       {"count", 1},
                                                       {"retry_after", 3600}})
                  .status,
              300);
    auto post = client_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                            {"variants", json::object{{"fr", "Deux comptes"}}},
                                                            {"channel_ids", json::array{one, two}}});
    ASSERT_EQ(post.status, 201);
    const long long id = IdOf(post);
    ASSERT_EQ(client_->Post(PostPath(id) + "/schedule", json::object{{"now", true}}).status, 200);
    server_->app().publisher->RunOnce();
    auto view = client_->Get(PostPath(id));
    long long published = 0;
    for (const auto& r : view.json.at("renditions").as_array()) {
        if (Str(r, "status") == "published") published = r.at("id").as_int64();
    }
    ASSERT_NE(published, 0) << view.body;
    ASSERT_EQ(client_->Delete(RenditionPath({id, published})).status, 202);
    RunQueue(1);
    // It went out (and was deleted since): cancelling would pretend it never did.
    EXPECT_TRUE(
        IsProblem(client_->Post(PostPath(id) + "/cancel", json::object{}), 409, "conflict", "", "already going out"));
}

INSTANTIATE_TEST_SUITE_P(Engines, RenditionChanges, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
