// A post from the API to netsim through the durable queue and the Mastodon connector, on both
// engines: published once, idempotent under a dropped connection, rescheduled on 429, and refused
// with every reason when a rendition breaks its network's rules.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class PublishingFlow : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        gov_ = server_->SeedRoot();
        server_->NoReview(gov_);
        org_ = server_->AddOrg(gov_, "minister", "fa");
        server_->AddUser("editor", "administrator", org_);
        client_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(client_->Login("editor").status, 200);
    }

    // A Mastodon channel on netsim, connected with a fresh netsim account.
    long long ConnectedMastodonChannel(const std::string& handle, std::vector<std::string> langs = {"fr", "nl"}) {
        Client sim(netsim_->port());
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", handle}});
        EXPECT_EQ(account.status, 201) << account.body;
        json::array languages;
        for (const auto& l : langs) languages.emplace_back(l);
        auto channel = client_->Post("/api/v1/channels", json::object{{"organisation_id", org_},
                                                                      {"network", "mastodon"},
                                                                      {"handle", handle + "@netsim.test"},
                                                                      {"display_name", "FA " + handle},
                                                                      {"languages", languages}});
        EXPECT_EQ(channel.status, 201) << channel.body;
        const long long id = channel.json.at("id").as_int64();
        auto token = account.json.as_object().if_contains("access_token");
        EXPECT_TRUE(token != nullptr) << account.body;
        auto connect = client_->Send(
            "PUT", "/api/v1/channels/" + std::to_string(id) + "/connection",
            json::serialize(json::object{{"api_base_url", netsim_->url()},
                                         {"credentials", json::object{{"access_token", token ? *token : ""}}}}),
            {{"Content-Type", "application/json"}});
        EXPECT_EQ(connect.status, 200) << connect.body;
        EXPECT_EQ(connect.body.find(token ? std::string(token->as_string()) : "x"), std::string::npos);
        return id;
    }

    long long DraftPost(std::vector<long long> channels, json::object variants) {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        auto post = client_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                                {"content_type", "press_release"},
                                                                {"variants", variants},
                                                                {"channel_ids", ids}});
        EXPECT_EQ(post.status, 201) << post.body;
        return post.json.at("id").as_int64();
    }

    json::value Post(long long id) { return client_->Get("/api/v1/posts/" + std::to_string(id)).json; }

    size_t NetsimPosts(const std::string& handle) {
        Client sim(netsim_->port());
        auto r = sim.Get("/_netsim/posts?network=mastodon");
        size_t n = 0;
        const json::value* items = r.json.is_object() ? r.json.as_object().if_contains("items") : nullptr;
        if (items == nullptr || !items->is_array()) {
            ADD_FAILURE() << "netsim posts: " << r.body;
            return 0;
        }
        for (const auto& p : items->as_array()) {
            if (json::serialize(p).find(handle) != std::string::npos) ++n;
        }
        return n;
    }

    void RunPublisher(int rounds = 3) {
        for (int i = 0; i < rounds; ++i) {
            server_->app().publisher->RunOnce();
            server_->clock().Advance(6000);
        }
    }

    std::unique_ptr<NetsimProcess> netsim_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> client_;
    long long gov_ = 0;
    long long org_ = 0;
};

TEST_P(PublishingFlow, APostReachesTheNetworkOnceWithBothLanguages) {
    const long long channel = ConnectedMastodonChannel("diplo");
    const long long post = DraftPost({channel}, json::object{{"fr", "Conseil aux voyageurs"}, {"nl", "Reisadvies"}});
    auto scheduled = client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule", json::object{{"now", true}});
    ASSERT_EQ(scheduled.status, 200) << scheduled.body;
    RunPublisher();
    auto view = Post(post);
    EXPECT_EQ(view.at("status").as_string(), "published") << json::serialize(view);
    const auto& r = view.at("renditions").as_array().at(0);
    EXPECT_EQ(r.at("status").as_string(), "published");
    EXPECT_NE(std::string(r.at("remote_url").as_string()).find("http"), std::string::npos);
    EXPECT_EQ(NetsimPosts("diplo"), 1u);
    RunPublisher();  // nothing more to do: still one post
    EXPECT_EQ(NetsimPosts("diplo"), 1u);
}

TEST_P(PublishingFlow, ADroppedConnectionAfterStoringIsReconciledNotRepeated) {
    const long long channel = ConnectedMastodonChannel("dropper");
    Client sim(netsim_->port());
    auto fault = sim.Post("/_netsim/faults", json::object{{"network", "mastodon"},
                                                          {"endpoint", "POST /api/v1/statuses"},
                                                          {"kind", "drop_after_store"},
                                                          {"count", 1}});
    ASSERT_LT(fault.status, 300) << fault.body;
    const long long post = DraftPost({channel}, json::object{{"fr", "Avis important"}});
    ASSERT_EQ(client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule", json::object{{"now", true}}).status,
              200);
    server_->app().publisher->RunOnce();
    auto first = Post(post).at("renditions").as_array().at(0);
    EXPECT_EQ(first.at("status").as_string(), "unconfirmed") << json::serialize(first);
    RunPublisher();
    auto settled = Post(post).at("renditions").as_array().at(0);
    EXPECT_EQ(settled.at("status").as_string(), "published") << json::serialize(settled);
    EXPECT_EQ(NetsimPosts("dropper"), 1u);
}

TEST_P(PublishingFlow, A429IsRetriedAfterTheNetworksDelay) {
    const long long channel = ConnectedMastodonChannel("busy");
    Client sim(netsim_->port());
    ASSERT_LT(sim.Post("/_netsim/faults", json::object{{"network", "mastodon"},
                                                       {"endpoint", "POST /api/v1/statuses"},
                                                       {"kind", "429"},
                                                       {"count", 1},
                                                       {"retry_after", 3}})
                  .status,
              300);
    const long long post = DraftPost({channel}, json::object{{"nl", "Drukte"}});
    ASSERT_EQ(client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule", json::object{{"now", true}}).status,
              200);
    server_->app().publisher->RunOnce();
    auto waiting = Post(post).at("renditions").as_array().at(0);
    EXPECT_EQ(waiting.at("status").as_string(), "scheduled") << json::serialize(waiting);
    EXPECT_EQ(NetsimPosts("busy"), 0u);
    server_->clock().Advance(4000);
    RunPublisher();
    EXPECT_EQ(Post(post).at("status").as_string(), "published");
    EXPECT_EQ(NetsimPosts("busy"), 1u);
}

TEST_P(PublishingFlow, SchedulingIsRefusedWithEveryReasonWhenARenditionBreaksItsRules) {
    const long long channel = ConnectedMastodonChannel("long");
    const long long post = DraftPost({channel}, json::object{{"fr", std::string(600, 'a')}});
    auto refused = client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule", json::object{{"now", true}});
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("mastodon allows 500"), std::string::npos) << refused.body;
    EXPECT_EQ(Post(post).at("status").as_string(), "draft");
}

TEST_P(PublishingFlow, LocalTimesFollowBrusselsAcrossDaylightSaving) {
    const long long channel = ConnectedMastodonChannel("dst");
    const long long post = DraftPost({channel}, json::object{{"fr", "Heure d'été"}});
    server_->clock().Set(1767225600000);  // 2026-01-01T00:00:00Z
    auto summer = client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule",
                                json::object{{"local_time", "2026-07-01T09:00"}, {"time_zone", "Europe/Brussels"}});
    ASSERT_EQ(summer.status, 200) << summer.body;
    EXPECT_EQ(summer.json.at("publish_at").as_string(), "2026-07-01T07:00:00Z");  // CEST = UTC+2
    ASSERT_EQ(client_->Post("/api/v1/posts/" + std::to_string(post) + "/cancel", json::object{}).status, 200);
    auto winter = client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule",
                                json::object{{"local_time", "2026-12-01T09:00"}, {"time_zone", "Europe/Brussels"}});
    ASSERT_EQ(winter.status, 200) << winter.body;
    EXPECT_EQ(winter.json.at("publish_at").as_string(), "2026-12-01T08:00:00Z");  // CET = UTC+1
    ASSERT_EQ(client_->Post("/api/v1/posts/" + std::to_string(post) + "/cancel", json::object{}).status, 200);
    auto skipped = client_->Post("/api/v1/posts/" + std::to_string(post) + "/schedule",
                                 json::object{{"local_time", "2026-03-29T02:30"}, {"time_zone", "Europe/Brussels"}});
    EXPECT_EQ(skipped.status, 400) << skipped.body;  // the clocks jump from 02:00 to 03:00
}

INSTANTIATE_TEST_SUITE_P(Engines, PublishingFlow, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
