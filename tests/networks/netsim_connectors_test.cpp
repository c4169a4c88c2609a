// The connectors publishing for real, through CurlHttpClient, to netsim started as a child process
// (it speaks the Mastodon REST and Bluesky XRPC subset as the networks do). Counts what netsim
// stored: a repeat, a fault or a lost connection must never make a second post. Skipped when the
// netsim binary is not built.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "networks/bluesky/bluesky.hpp"
#include "networks/http_client.hpp"
#include "networks/network.hpp"
#include "support/netsim_process.hpp"

namespace belfry::networks {
namespace {

// A real 1×1 PNG.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
    "\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9"
    "\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    69);

class NetsimConnectors : public ::testing::Test {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<belfry::testing::NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        ConnectorOptions o;
        o.request_timeout_ms = 5000;
        o.media_poll_interval_ms = 50;
        mastodon_ = MakeNetwork(core::Network::kMastodon, http_, o);
        bluesky_ = MakeNetwork(core::Network::kBluesky, http_, o);
    }

    boost::json::value Control(const std::string& method, const std::string& path, const std::string& body = "") {
        HttpRequest r;
        r.method = method;
        r.url = netsim_->url() + path;
        r.body = body;
        if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        auto resp = http_.Send(r);
        EXPECT_TRUE(resp.ok()) << method << " " << path;
        if (!resp.ok()) return {};
        EXPECT_LT(resp->status, 300) << method << " " << path << ": " << resp->body;
        return boost::json::parse(resp->body);
    }

    Credentials Account(const std::string& network, const std::string& handle) {
        const auto o =
            Control("POST", "/_netsim/accounts", R"({"network":")" + network + R"(","handle":")" + handle + R"("})")
                .as_object();
        Credentials c;
        auto str = [&o](const char* k) {
            const auto* v = o.if_contains(k);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        c.base_url = str("base_url");
        c.access_token = str("access_token");
        c.identifier = str("identifier");
        c.password = str("password");
        c.did = str("did");
        if (network == "bluesky") c.access_token.clear();  // log in with the app password
        return c;
    }

    // Live (not deleted) posts netsim stored for the account.
    size_t Posts(const std::string& network, const std::string& handle) {
        const auto v = Control("GET", "/_netsim/posts?network=" + network + "&account=" + handle);
        size_t live = 0;
        for (const auto& item : v.as_object().at("items").as_array()) {
            const auto* deleted = item.as_object().if_contains("deleted");
            if (deleted == nullptr || !deleted->is_bool() || !deleted->as_bool()) ++live;
        }
        return live;
    }

    void Fault(const std::string& network, const std::string& endpoint, const std::string& kind, int retry_after = 60) {
        Control("POST", "/_netsim/faults",
                R"({"network":")" + network + R"(","endpoint":")" + endpoint + R"(","kind":")" + kind +
                    R"(","count":1,"retry_after":)" + std::to_string(retry_after) + "}");
    }

    PublishRequest Request(const std::string& key) {
        PublishRequest r;
        r.text = "Avis aux voyageurs : https://diplomatie.belgium.be #Voyage — état des routes mis à jour.";
        r.language = "fr";
        r.idempotency_key = key;
        r.first_attempt_ms = core::SystemClock().NowMs();
        return r;
    }

    std::unique_ptr<belfry::testing::NetsimProcess> netsim_;
    CurlHttpClient http_;
    std::unique_ptr<Network> mastodon_;
    std::unique_ptr<Network> bluesky_;
};

TEST_F(NetsimConnectors, MastodonARepeatWithTheSameKeyStoresOnePost) {
    const Credentials c = Account("mastodon", "affaires_etrangeres");
    const auto req = Request("rendition-1-fr");
    const PublishResult first = mastodon_->Publish(c, req);
    ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
    EXPECT_FALSE(first.post.url.empty());
    ASSERT_TRUE(first.rate_limit.has_value());
    EXPECT_GT(first.rate_limit->limit, 0);
    const PublishResult again = mastodon_->Publish(c, req);
    ASSERT_EQ(again.outcome, Outcome::kPublished);
    EXPECT_EQ(again.post.remote_id, first.post.remote_id);
    EXPECT_EQ(Posts("mastodon", "affaires_etrangeres"), 1u);

    auto profile = mastodon_->FetchProfile(c);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    EXPECT_EQ(profile->handle.substr(0, profile->handle.find('@')), "affaires_etrangeres");

    ASSERT_TRUE(mastodon_->Delete(c, first.post.remote_id).ok());
    EXPECT_EQ(Posts("mastodon", "affaires_etrangeres"), 0u);
}

TEST_F(NetsimConnectors, MastodonImageWithDescription) {
    const Credentials c = Account("mastodon", "sante");
    auto req = Request("rendition-2-fr");
    req.media.push_back({kPng, "image/png", "Carte des zones touchées par les inondations"});
    const PublishResult r = mastodon_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    const auto posts = Control("GET", "/_netsim/posts?network=mastodon&account=sante");
    EXPECT_NE(boost::json::serialize(posts).find("Carte des zones touch"), std::string::npos)
        << boost::json::serialize(posts);
}

TEST_F(NetsimConnectors, MastodonEditReplacesTheTextKeepsTheImageAndCanBeRepeated) {
    const Credentials c = Account("mastodon", "corrections");
    auto req = Request("rendition-edit-fr");
    req.media.push_back({kPng, "image/png", "Le pont fermé"});
    const PublishResult published = mastodon_->Publish(c, req);
    ASSERT_EQ(published.outcome, Outcome::kPublished) << published.explanation << " / " << published.network_message;
    EXPECT_TRUE(mastodon_->SupportsEdit());
    auto edit = req;
    edit.text = "Avis aux voyageurs : le pont est rouvert.";
    const PublishResult edited = mastodon_->Edit(c, published.post.remote_id, edit);
    ASSERT_EQ(edited.outcome, Outcome::kPublished) << edited.explanation << " / " << edited.network_message;
    EXPECT_EQ(edited.post.remote_id, published.post.remote_id);
    // The same edit again (a retry after a lost answer) changes nothing and makes no second post.
    const PublishResult repeated = mastodon_->Edit(c, published.post.remote_id, edit);
    ASSERT_EQ(repeated.outcome, Outcome::kPublished) << repeated.explanation;
    const auto items = Control("GET", "/_netsim/posts?network=mastodon&account=corrections").at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    const auto& post = items[0].as_object();
    EXPECT_EQ(post.at("text").as_string(), edit.text);
    EXPECT_FALSE(post.at("edited_at").is_null());
    ASSERT_EQ(post.at("media_attachments").as_array().size(), 1u) << "the edit keeps the image";
    EXPECT_EQ(post.at("media_attachments").as_array()[0].as_object().at("description").as_string(), "Le pont fermé");
}

TEST_F(NetsimConnectors, MastodonEditAfterA500IsRetryLaterAndOfAGonePostIsRejected) {
    const Credentials c = Account("mastodon", "retries");
    const PublishResult published = mastodon_->Publish(c, Request("rendition-edit-500"));
    ASSERT_EQ(published.outcome, Outcome::kPublished);
    auto edit = Request("rendition-edit-500");
    edit.text = "Texte corrigé";
    Fault("mastodon", "PUT /api/v1/statuses/:id", "500");
    EXPECT_EQ(mastodon_->Edit(c, published.post.remote_id, edit).outcome, Outcome::kRetryLater);
    EXPECT_EQ(mastodon_->Edit(c, published.post.remote_id, edit).outcome, Outcome::kPublished);

    // Deleting twice: the second finds it gone, which counts as deleted.
    ASSERT_TRUE(mastodon_->Delete(c, published.post.remote_id).ok());
    EXPECT_TRUE(mastodon_->Delete(c, published.post.remote_id).ok());
    const PublishResult gone = mastodon_->Edit(c, published.post.remote_id, edit);
    EXPECT_EQ(gone.outcome, Outcome::kRejected);
    EXPECT_EQ(gone.http_status, 404);
}

TEST_F(NetsimConnectors, BlueskyRefusesAnEditWithoutAnyCall) {
    const Credentials c = Account("bluesky", "noedit.bsky.social");
    const PublishResult published = bluesky_->Publish(c, Request("rendition-bsky-edit"));
    ASSERT_EQ(published.outcome, Outcome::kPublished) << published.explanation;
    EXPECT_FALSE(bluesky_->SupportsEdit());
    auto edit = Request("rendition-bsky-edit");
    edit.text = "Autre texte";
    const PublishResult refused = bluesky_->Edit(c, published.post.remote_id, edit);
    EXPECT_EQ(refused.outcome, Outcome::kRejected);
    EXPECT_EQ(refused.http_status, 0);
    EXPECT_EQ(refused.explanation, "Bluesky does not allow editing a published post: delete it and publish again.");
    const auto items =
        Control("GET", "/_netsim/posts?network=bluesky&account=noedit.bsky.social").at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].as_object().at("text").as_string(), Request("x").text);
    // deleteRecord, then again: already gone is deleted.
    ASSERT_TRUE(bluesky_->Delete(c, published.post.remote_id).ok());
    EXPECT_TRUE(bluesky_->Delete(c, published.post.remote_id).ok());
    EXPECT_EQ(Posts("bluesky", "noedit.bsky.social"), 0u);
}

TEST_F(NetsimConnectors, MastodonRateLimitedIsRetryLaterWithTheNetworksDelay) {
    const Credentials c = Account("mastodon", "finances");
    Fault("mastodon", "POST /api/v1/statuses", "429", 42);
    const auto req = Request("rendition-3-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_EQ(r.retry_after_seconds, 42);
    EXPECT_EQ(Posts("mastodon", "finances"), 0u);
    EXPECT_EQ(mastodon_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "finances"), 1u);
}

TEST_F(NetsimConnectors, MastodonServerErrorIsRetriedSafelyWithTheKey) {
    const Credentials c = Account("mastodon", "justice");
    Fault("mastodon", "POST /api/v1/statuses", "500");
    const auto req = Request("rendition-4-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(mastodon_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "justice"), 1u);
}

TEST_F(NetsimConnectors, MastodonDropAfterStoreIsUnknownThenFoundByReconciliation) {
    const Credentials c = Account("mastodon", "interieur");
    Fault("mastodon", "POST /api/v1/statuses", "drop_after_store");
    const auto req = Request("rendition-5-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kUnknown) << r.explanation;
    EXPECT_EQ(Posts("mastodon", "interieur"), 1u) << "netsim did store it";
    auto found = mastodon_->FindExisting(c, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    // A retry with the same key returns the same status instead of a second one.
    const PublishResult again = mastodon_->Publish(c, req);
    ASSERT_EQ(again.outcome, Outcome::kPublished);
    EXPECT_EQ(again.post.remote_id, (*found)->remote_id);
    EXPECT_EQ(Posts("mastodon", "interieur"), 1u);
}

TEST_F(NetsimConnectors, MastodonTimeoutIsUnknownAndReconciliationFindsNothing) {
    const Credentials c = Account("mastodon", "mobilite");
    Control("POST", "/_netsim/config", R"({"timeout_ms":2500})");
    ConnectorOptions o;
    o.request_timeout_ms = 700;
    auto impatient = MakeNetwork(core::Network::kMastodon, http_, o);
    Fault("mastodon", "POST /api/v1/statuses", "timeout");
    const auto req = Request("rendition-6-fr");
    const PublishResult r = impatient->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kUnknown) << r.explanation;
    auto found = impatient->FindExisting(c, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->has_value());
    EXPECT_EQ(impatient->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "mobilite"), 1u);
}

TEST_F(NetsimConnectors, BlueskyARepeatTargetsTheSameRecord) {
    for (const char* duplicate : {"400", "500"}) {  // netsim can answer an existing key as today's PDS does (500)
        Control("POST", "/_netsim/config", R"({"bluesky_duplicate_rkey":")" + std::string(duplicate) + R"("})");
        const std::string handle = std::string("belgium-") + duplicate + ".bsky.social";
        const Credentials c = Account("bluesky", handle);
        const auto req = Request(std::string("rendition-7-fr-") + duplicate);
        const PublishResult first = bluesky_->Publish(c, req);
        ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
        EXPECT_EQ(first.post.url, "https://bsky.app/profile/" + handle + "/post/" +
                                      first.post.remote_id.substr(first.post.remote_id.rfind('/') + 1));
        const PublishResult again = bluesky_->Publish(c, req);
        ASSERT_EQ(again.outcome, Outcome::kPublished) << again.explanation << " / " << again.network_message;
        EXPECT_EQ(again.post.remote_id, first.post.remote_id);
        EXPECT_EQ(Posts("bluesky", handle), 1u);
        // The record carries the facets, in UTF-8 byte offsets.
        const auto posts = boost::json::serialize(Control("GET", "/_netsim/posts?network=bluesky&account=" + handle));
        EXPECT_NE(posts.find("app.bsky.richtext.facet#link"), std::string::npos) << posts;
    }
}

TEST_F(NetsimConnectors, BlueskyImageWithAltText) {
    const Credentials c = Account("bluesky", "sante.bsky.social");
    auto req = Request("rendition-8-fr");
    req.media.push_back({kPng, "image/png", "Carte des zones touchées"});
    const PublishResult r = bluesky_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    const auto posts =
        boost::json::serialize(Control("GET", "/_netsim/posts?network=bluesky&account=sante.bsky.social"));
    EXPECT_NE(posts.find("app.bsky.embed.images"), std::string::npos) << posts;
}

TEST_F(NetsimConnectors, BlueskyRateLimitedIsRetryLater) {
    const Credentials c = Account("bluesky", "finances.bsky.social");
    Fault("bluesky", "com.atproto.repo.createRecord", "429", 30);
    const auto req = Request("rendition-9-fr");
    const PublishResult r = bluesky_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_EQ(r.retry_after_seconds, 30);
    EXPECT_EQ(bluesky_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("bluesky", "finances.bsky.social"), 1u);
}

TEST_F(NetsimConnectors, BlueskyDropAfterStoreIsConfirmedByReadingTheRecordBack) {
    const Credentials c = Account("bluesky", "interieur.bsky.social");
    Fault("bluesky", "com.atproto.repo.createRecord", "drop_after_store");
    const auto req = Request("rendition-10-fr");
    const PublishResult r = bluesky_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    auto found = bluesky_->FindExisting(c, req);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->remote_id, r.post.remote_id);
    EXPECT_EQ(Posts("bluesky", "interieur.bsky.social"), 1u);
    ASSERT_TRUE(bluesky_->Delete(c, r.post.remote_id).ok());
    EXPECT_EQ(Posts("bluesky", "interieur.bsky.social"), 0u);
    found = bluesky_->FindExisting(c, req);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value());
}

TEST_F(NetsimConnectors, BlueskyTimeoutIsSafeToRetry) {
    const Credentials c = Account("bluesky", "mobilite.bsky.social");
    Control("POST", "/_netsim/config", R"({"timeout_ms":2500})");
    ConnectorOptions o;
    o.request_timeout_ms = 700;
    auto impatient = MakeNetwork(core::Network::kBluesky, http_, o);
    Fault("bluesky", "com.atproto.repo.createRecord", "timeout");
    const auto req = Request("rendition-11-fr");
    const PublishResult r = impatient->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(impatient->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("bluesky", "mobilite.bsky.social"), 1u);
}

TEST_F(NetsimConnectors, BlueskyProfileAndARefusedPassword) {
    Credentials c = Account("bluesky", "premier.bsky.social");
    auto profile = bluesky_->FetchProfile(c);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    EXPECT_EQ(profile->id, c.did);
    EXPECT_EQ(profile->handle, "premier.bsky.social");
    Credentials wrong = Account("bluesky", "autre.bsky.social");
    wrong.password = "not-the-password";
    const PublishResult r = bluesky_->Publish(wrong, Request("rendition-12-fr"));
    EXPECT_EQ(r.outcome, Outcome::kRejected) << r.explanation;
}

}  // namespace
}  // namespace belfry::networks
