// The Bluesky connector against a real PDS (@atproto/pds, started by scripts/pds-test-server.sh;
// `ctest -L pds` runs these with the pds fixture): a new account, the XRPC shapes, the facets and
// image embed (with alt text) the PDS validates and stores, what it answers to a repeat of the same
// record key (nothing more is created), delete and a repeated delete, and an edit refused before
// any call; citizens' replies read back without an AppView (FetchInbound's repository fallback), a
// threaded answer, and hiding through the threadgate. Runs only when BELFRY_PDS_URL (the PDS's base URL) or
// BELFRY_TEST_PDS_URL_FILE (the STATE_DIR/url file the script writes) is set; skipped otherwise.
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
#include "networks/util.hpp"

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

    static std::string RkeyOfLast(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

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

// A citizen's account on the same PDS, and a reply it writes under `parent` (root `root`).
struct CitizenAccount {
    std::string did;
    std::string handle;
    std::string access;
};

TEST_F(RealPds, CitizensRepliesAreReadWithoutAnAppViewAnsweredInThreadAndHiddenByTheThreadgate) {
    auto send = [&](const std::string& method, const std::string& xrpc, const std::string& token,
                    const std::string& body) {
        HttpRequest r;
        r.method = method;
        r.url = base_ + "/xrpc/" + xrpc;
        if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
        if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        r.body = body;
        auto resp = http_.Send(r);
        EXPECT_TRUE(resp.ok()) << xrpc;
        return resp.ok() ? *resp : HttpResponse{};
    };
    // The channel's post.
    PublishRequest req;
    req.text = "Nouveaux horaires des guichets à partir de lundi.";
    req.language = "fr";
    req.idempotency_key = "pds-inbound-post";
    const PublishResult post = network_->Publish(creds_, req);
    ASSERT_EQ(post.outcome, Outcome::kPublished) << post.explanation << " / " << post.network_message;
    const std::string root_uri = post.post.remote_id;
    const std::string root_cid = std::string(Stored(RkeyOfLast(root_uri)).at("cid").as_string());

    // A citizen on the same PDS replies, as the Bluesky app would.
    CitizenAccount lea;
    lea.handle = "lea" + handle_;
    {
        const auto r = send("POST", "com.atproto.server.createAccount", "",
                            R"({"handle":")" + lea.handle + R"(","email":")" + lea.handle +
                                R"(@example.com","password":"pw-citizen"})");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto o = boost::json::parse(r.body).as_object();
        lea.did = std::string(o.at("did").as_string());
        lea.access = std::string(o.at("accessJwt").as_string());
    }
    auto citizen_reply = [&](const std::string& text) {
        const auto r =
            send("POST", "com.atproto.repo.createRecord", lea.access,
                 R"({"repo":")" + lea.did +
                     R"(","collection":"app.bsky.feed.post","record":{)"
                     R"("$type":"app.bsky.feed.post","text":")" +
                     text + R"(","langs":["fr"],"createdAt":")" + FormatRfc3339Millis(core::SystemClock().NowMs()) +
                     R"(","reply":{"root":{"uri":")" + root_uri + R"(","cid":")" + root_cid +
                     R"("},"parent":{"uri":")" + root_uri + R"(","cid":")" + root_cid + R"("}}}})");
        EXPECT_EQ(r.status, 200) << r.body;
        return std::string(boost::json::parse(r.body).as_object().at("uri").as_string());
    };
    const std::string question = citizen_reply("Est-ce aussi valable pour Liège ?");

    auto page = network_->FetchInbound(creds_, "", 20);
    ASSERT_TRUE(page.ok()) << page.error().message;
    const InboundItem* found = nullptr;
    for (const auto& item : page->items) {
        if (item.remote_id == question) found = &item;
    }
    ASSERT_NE(found, nullptr) << "the repository fallback finds the reply";
    EXPECT_EQ(found->kind, "reply");
    EXPECT_EQ(found->parent_remote_id, root_uri);
    EXPECT_EQ(found->root_remote_id, root_uri);
    EXPECT_EQ(found->author_id, lea.did);
    EXPECT_EQ(found->author_handle, lea.handle);
    EXPECT_EQ(found->text, "Est-ce aussi valable pour Liège ?");
    EXPECT_EQ(found->language, "fr");
    std::string cursor = page->cursor;
    auto again = network_->FetchInbound(creds_, cursor, 20);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->items.empty()) << "nothing twice";
    const std::string second = citizen_reply("Et pour Namur ?");
    auto next = network_->FetchInbound(creds_, again->cursor, 20);
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_EQ(next->items[0].remote_id, second);

    // The answer, threaded under the question with the right root and parent.
    PublishRequest answer;
    answer.text = "Oui, pour tous les guichets.";
    answer.language = "fr";
    answer.idempotency_key = "pds-inbound-answer";
    const PublishResult replied = network_->Reply(creds_, question, "", answer);
    ASSERT_EQ(replied.outcome, Outcome::kPublished) << replied.explanation << " / " << replied.network_message;
    const auto stored = Stored(RecordKeyForIdempotencyKey(answer.idempotency_key));
    const auto& reply = stored.at("value").as_object().at("reply").as_object();
    EXPECT_EQ(reply.at("root").as_object().at("uri").as_string(), root_uri);
    EXPECT_EQ(reply.at("root").as_object().at("cid").as_string(), root_cid);
    EXPECT_EQ(reply.at("parent").as_object().at("uri").as_string(), question);
    EXPECT_EQ(network_->Reply(creds_, question, "", answer).post.remote_id, replied.post.remote_id) << "idempotent";

    // Hiding the second reply writes the threadgate; it is then left out; showing it removes it.
    const std::string gate_query =
        "com.atproto.repo.getRecord?repo=" + did_ + "&collection=app.bsky.feed.threadgate&rkey=" + RkeyOfLast(root_uri);
    auto hidden = network_->Hide(creds_, second, "");
    ASSERT_TRUE(hidden.ok()) << hidden.error().message;
    {
        const auto r = send("GET", gate_query, "", "");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto value = boost::json::parse(r.body).as_object().at("value").as_object();
        EXPECT_EQ(value.at("post").as_string(), root_uri);
        ASSERT_EQ(value.at("hiddenReplies").as_array().size(), 1u);
        EXPECT_EQ(value.at("hiddenReplies").as_array()[0].as_string(), second);
    }
    auto latest = network_->FetchInbound(creds_, "", 20);
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    for (const auto& item : latest->items) EXPECT_NE(item.remote_id, second) << "a hidden reply is left out";
    auto shown = network_->Unhide(creds_, second, root_uri);
    ASSERT_TRUE(shown.ok()) << shown.error().message;
    EXPECT_EQ(send("GET", gate_query, "", "").status, 400) << "the empty threadgate is deleted (RecordNotFound)";
}

}  // namespace
}  // namespace belfry::networks
