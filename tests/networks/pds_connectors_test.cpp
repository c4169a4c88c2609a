// The Bluesky connector against a real PDS (@atproto/pds, started by scripts/pds-test-server.sh;
// `ctest -L pds` runs these with the pds fixture): a new account, the XRPC shapes, the facets and
// image embed (with alt text) the PDS validates and stores, what it answers to a repeat of the same
// record key (nothing more is created), delete and a repeated delete, and an edit refused before
// any call. Runs only when BELFRY_PDS_URL (the PDS's base URL) or BELFRY_TEST_PDS_URL_FILE (the
// STATE_DIR/url file the script writes) is set; skipped otherwise.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "networks/bluesky/tid.hpp"
#include "networks/http_client.hpp"
#include "networks/network.hpp"

namespace belfry::networks {
namespace {

std::string PdsUrl() {
    if (const char* url = std::getenv("BELFRY_PDS_URL"); url != nullptr && *url != '\0') return url;
    if (const char* file = std::getenv("BELFRY_TEST_PDS_URL_FILE"); file != nullptr && *file != '\0') {
        std::ifstream in(file);
        std::string url;
        std::getline(in, url);
        return url;
    }
    return {};
}

// A real 1×1 PNG.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
    "\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9"
    "\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    69);

class RealPds : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ = PdsUrl();
        if (base_.empty()) GTEST_SKIP() << "no PDS: set BELFRY_PDS_URL or BELFRY_TEST_PDS_URL_FILE";
        const auto suffix = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000000);
        handle_ = "spf" + suffix + ".test";
        HttpRequest r;
        r.method = "POST";
        r.url = base_ + "/xrpc/com.atproto.server.createAccount";
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = R"({"handle":")" + handle_ + R"(","email":")" + handle_ + R"(@example.com","password":"pw-)" + suffix +
                 R"("})";
        auto resp = http_.Send(r);
        ASSERT_TRUE(resp.ok()) << resp.error().message;
        ASSERT_EQ(resp->status, 200) << resp->body;
        did_ = std::string(boost::json::parse(resp->body).as_object().at("did").as_string());
        creds_.base_url = base_;
        creds_.identifier = handle_;
        creds_.password = "pw-" + suffix;
        network_ = MakeNetwork(core::Network::kBluesky, http_);
    }

    // The record as the PDS stores it.
    boost::json::object Stored(const std::string& rkey) {
        HttpRequest r;
        r.url = base_ + "/xrpc/com.atproto.repo.getRecord?repo=" + did_ + "&collection=app.bsky.feed.post&rkey=" + rkey;
        auto resp = http_.Send(r);
        EXPECT_TRUE(resp.ok() && resp->status == 200) << (resp.ok() ? resp->body : resp.error().message);
        if (!resp.ok() || resp->status != 200) return {};
        return boost::json::parse(resp->body).as_object();
    }

    // How many posts the account's repository holds (com.atproto.repo.listRecords).
    size_t CountPosts() {
        HttpRequest r;
        r.url = base_ + "/xrpc/com.atproto.repo.listRecords?repo=" + did_ + "&collection=app.bsky.feed.post&limit=100";
        auto resp = http_.Send(r);
        EXPECT_TRUE(resp.ok() && resp->status == 200) << (resp.ok() ? resp->body : resp.error().message);
        if (!resp.ok() || resp->status != 200) return 0;
        return boost::json::parse(resp->body).as_object().at("records").as_array().size();
    }

    // The HTTP status getRecord answers for a post (400 RecordNotFound once it is deleted).
    int RecordStatus(const std::string& rkey) {
        HttpRequest r;
        r.url = base_ + "/xrpc/com.atproto.repo.getRecord?repo=" + did_ + "&collection=app.bsky.feed.post&rkey=" + rkey;
        auto resp = http_.Send(r);
        return resp.ok() ? resp->status : 0;
    }

    std::string base_;
    std::string handle_;
    std::string did_;
    CurlHttpClient http_;
    Credentials creds_;
    std::unique_ptr<Network> network_;
};

TEST_F(RealPds, PublishesOnceWithFacetsAndAnImageThenDeletes) {
    PublishRequest req;
    req.text = "Réunion à Liège : https://www.belgium.be/fr #Belgïe avec @" + handle_ + " 🇧🇪";
    req.language = "fr";
    req.idempotency_key = "pds-rendition-1";
    req.media.push_back({kPng, "image/png", "Le drapeau belge"});
    const std::string rkey = RecordKeyForIdempotencyKey(req.idempotency_key);

    const PublishResult first = network_->Publish(creds_, req);
    ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
    EXPECT_EQ(first.post.remote_id, "at://" + did_ + "/app.bsky.feed.post/" + rkey);
    EXPECT_EQ(first.post.url, "https://bsky.app/profile/" + handle_ + "/post/" + rkey);

    const auto stored = Stored(rkey);
    const auto& value = stored.at("value").as_object();
    EXPECT_EQ(value.at("text").as_string(), req.text);
    // The PDS keeps the facets as sent (it may order an object's keys differently).
    const auto& facets = value.at("facets").as_array();
    ASSERT_EQ(facets.size(), 3u) << boost::json::serialize(value.at("facets"));
    auto index = [&facets](size_t i, const char* key) {
        return facets[i].as_object().at("index").as_object().at(key).as_int64();
    };
    auto feature = [&facets](size_t i, const char* key) {
        return std::string(facets[i].as_object().at("features").as_array()[0].as_object().at(key).as_string());
    };
    EXPECT_EQ(index(0, "byteStart"), 21);  // "Réunion à Liège : " is 21 bytes
    EXPECT_EQ(index(0, "byteEnd"), 46);
    EXPECT_EQ(feature(0, "uri"), "https://www.belgium.be/fr");
    EXPECT_EQ(index(1, "byteStart"), 47);
    EXPECT_EQ(index(1, "byteEnd"), 55);  // "#Belgïe": ï has two bytes
    EXPECT_EQ(feature(1, "tag"), "Belgïe");
    EXPECT_EQ(feature(2, "did"), did_) << "the mention resolved to the account's DID";
    // The image embed: one image, its alt text, and the blob the PDS stored for it.
    const auto& embed = value.at("embed").as_object();
    EXPECT_EQ(embed.at("$type").as_string(), "app.bsky.embed.images");
    const auto& images = embed.at("images").as_array();
    ASSERT_EQ(images.size(), 1u) << boost::json::serialize(embed);
    EXPECT_EQ(images[0].as_object().at("alt").as_string(), "Le drapeau belge");
    const auto& blob = images[0].as_object().at("image").as_object();
    EXPECT_EQ(blob.at("mimeType").as_string(), "image/png");
    EXPECT_EQ(blob.at("size").as_int64(), static_cast<std::int64_t>(kPng.size()));
    EXPECT_EQ(CountPosts(), 1u);

    // A repeat targets the same record key: the PDS refuses it and the connector reads it back.
    const PublishResult again = network_->Publish(creds_, req);
    ASSERT_EQ(again.outcome, Outcome::kPublished) << again.explanation << " / " << again.network_message;
    EXPECT_EQ(again.post.remote_id, first.post.remote_id);
    std::cout << "[ info ] the PDS answered a repeated record key with HTTP " << again.http_status << ": "
              << again.network_message << "\n";
    EXPECT_EQ(CountPosts(), 1u) << "the repeat created nothing";
    EXPECT_EQ(Stored(rkey).at("value").as_object().at("createdAt"), value.at("createdAt")) << "nor replaced it";

    auto found = network_->FindExisting(creds_, req);
    ASSERT_TRUE(found.ok() && found->has_value());
    auto profile = network_->FetchProfile(creds_);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    EXPECT_EQ(profile->id, did_);
    EXPECT_EQ(profile->handle, handle_);

    auto deleted = network_->Delete(creds_, first.post.remote_id);
    ASSERT_TRUE(deleted.ok()) << deleted.error().message;
    found = network_->FindExisting(creds_, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->has_value());
    EXPECT_EQ(RecordStatus(rkey), 400) << "getRecord answers RecordNotFound";
    EXPECT_EQ(CountPosts(), 0u);

    // Deleting again: the post is already gone, which counts as deleted.
    deleted = network_->Delete(creds_, first.post.remote_id);
    EXPECT_TRUE(deleted.ok()) << deleted.error().message;
    EXPECT_EQ(CountPosts(), 0u);
}

TEST_F(RealPds, AnEditIsRefusedBeforeAnyCallAndThePostStaysAsItWas) {
    PublishRequest req;
    req.text = "Avant";
    req.language = "fr";
    req.idempotency_key = "pds-rendition-3";
    const PublishResult published = network_->Publish(creds_, req);
    ASSERT_EQ(published.outcome, Outcome::kPublished) << published.explanation << " / " << published.network_message;
    EXPECT_FALSE(network_->SupportsEdit());
    PublishRequest edit = req;
    edit.text = "Après";
    const PublishResult refused = network_->Edit(creds_, published.post.remote_id, edit);
    EXPECT_EQ(refused.outcome, Outcome::kRejected);
    EXPECT_EQ(refused.http_status, 0) << "no call was made";
    EXPECT_NE(refused.explanation.find("delete"), std::string::npos) << refused.explanation;
    const auto stored = Stored(RecordKeyForIdempotencyKey(req.idempotency_key));
    EXPECT_EQ(stored.at("value").as_object().at("text").as_string(), "Avant");
}

TEST_F(RealPds, AWrongPasswordIsRejected) {
    creds_.password = "wrong";
    PublishRequest req;
    req.text = "x";
    req.idempotency_key = "pds-rendition-2";
    const PublishResult r = network_->Publish(creds_, req);
    EXPECT_EQ(r.outcome, Outcome::kRejected) << r.explanation << " / " << r.network_message;
}

}  // namespace
}  // namespace belfry::networks
