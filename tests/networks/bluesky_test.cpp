#include "networks/bluesky/bluesky.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "networks/bluesky/tid.hpp"
#include "networks/fake_http_client.hpp"

namespace belfry::networks {
namespace {

using testing::Answer;
using testing::FakeHttpClient;
using testing::JsonBody;
using testing::SentHeader;

constexpr core::Millis kNow = 1795363200123;  // 2026-11-22T16:00:00.123Z
constexpr const char* kSession =
    R"({"accessJwt":"acc-1","refreshJwt":"ref-1","handle":"spf.bsky.social","did":"did:plc:spf"})";

class BlueskyTest : public ::testing::Test {
  protected:
    BlueskyTest() : clock_(kNow) {
        ConnectorOptions o;
        o.clock = &clock_;
        network_ = MakeNetwork(core::Network::kBluesky, http_, o);
        creds_.base_url = "https://pds.example.be";
        creds_.identifier = "spf.bsky.social";
        creds_.password = "app-pass-word-1234";
        request_.text = "Bonjour Liège ! https://www.belgium.be #Belgique";
        request_.language = "fr";
        request_.idempotency_key = "rendition-7-fr";
        rkey_ = RecordKeyForIdempotencyKey(request_.idempotency_key);
        uri_ = "at://did:plc:spf/app.bsky.feed.post/" + rkey_;
    }

    void ExpectSession() { http_.On("POST", "/xrpc/com.atproto.server.createSession", Answer(200, kSession)); }
    HttpResponse Created() const { return Answer(200, R"({"uri":")" + uri_ + R"(","cid":"bafyrei-cid"})"); }
    HttpResponse Record() const {
        return Answer(200, R"({"uri":")" + uri_ + R"(","cid":"bafyrei-cid","value":{"text":"…"}})");
    }

    core::FakeClock clock_;
    FakeHttpClient http_;
    std::unique_ptr<Network> network_;
    Credentials creds_;
    PublishRequest request_;
    std::string rkey_;
    std::string uri_;
};

TEST_F(BlueskyTest, PublishesARecordWithTheDerivedKeyAndFacets) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    const PublishResult r = network_->Publish(creds_, request_);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    EXPECT_EQ(r.post.remote_id, uri_);
    EXPECT_EQ(r.post.url, "https://bsky.app/profile/spf.bsky.social/post/" + rkey_);

    const auto login = http_.To("POST", "/xrpc/com.atproto.server.createSession").at(0);
    EXPECT_EQ(login.url, "https://pds.example.be/xrpc/com.atproto.server.createSession");
    EXPECT_EQ(boost::json::serialize(JsonBody(login)),
              R"({"identifier":"spf.bsky.social","password":"app-pass-word-1234"})");

    const auto create = http_.To("POST", "/xrpc/com.atproto.repo.createRecord").at(0);
    EXPECT_EQ(SentHeader(create, "Authorization"), "Bearer acc-1");
    EXPECT_EQ(SentHeader(create, "Content-Type"), "application/json");
    const auto body = JsonBody(create);
    EXPECT_EQ(body.at("repo").as_string(), "did:plc:spf");
    EXPECT_EQ(body.at("collection").as_string(), "app.bsky.feed.post");
    EXPECT_EQ(body.at("rkey").as_string(), rkey_);
    EXPECT_TRUE(IsValidTid(rkey_));
    const auto& record = body.at("record").as_object();
    EXPECT_EQ(record.at("$type").as_string(), "app.bsky.feed.post");
    EXPECT_EQ(record.at("text").as_string(), request_.text);
    EXPECT_EQ(record.at("createdAt").as_string(), "2026-11-22T16:00:00.123Z");
    EXPECT_EQ(boost::json::serialize(record.at("langs")), R"(["fr"])");
    // "Bonjour Liège ! " is 17 bytes (è has two).
    EXPECT_EQ(boost::json::serialize(record.at("facets")),
              R"([{"index":{"byteStart":17,"byteEnd":39},"features":[{"$type":"app.bsky.richtext.facet#link",)"
              R"("uri":"https://www.belgium.be"}]},{"index":{"byteStart":40,"byteEnd":49},"features":[{"$type":)"
              R"("app.bsky.richtext.facet#tag","tag":"Belgique"}]}])");
    EXPECT_FALSE(record.contains("embed"));
}

TEST_F(BlueskyTest, MentionsAreResolvedToDidsAndUnknownHandlesStayText) {
    request_.text = "Avec @diplo.belgium.be et @inconnu.example.com";
    ExpectSession();
    http_.On("GET", "/xrpc/com.atproto.identity.resolveHandle", Answer(200, R"({"did":"did:plc:diplo"})"));
    http_.On("GET", "/xrpc/com.atproto.identity.resolveHandle",
             Answer(400, R"({"error":"InvalidRequest","message":"Unable to resolve handle"})"));
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    ASSERT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kPublished);
    const auto resolves = http_.To("GET", "/xrpc/com.atproto.identity.resolveHandle");
    ASSERT_EQ(resolves.size(), 2u);
    EXPECT_EQ(testing::QueryOf(resolves[0].url), "handle=diplo.belgium.be");
    const auto record =
        JsonBody(http_.To("POST", "/xrpc/com.atproto.repo.createRecord").at(0)).at("record").as_object();
    EXPECT_EQ(boost::json::serialize(record.at("facets")),
              R"([{"index":{"byteStart":5,"byteEnd":22},"features":[{"$type":"app.bsky.richtext.facet#mention",)"
              R"("did":"did:plc:diplo"}]}])");
}

TEST_F(BlueskyTest, ImagesAreUploadedAsBlobsAndEmbeddedWithTheirAltText) {
    request_.media.push_back({"\x89PNG-bytes", "image/png", "Le beffroi de Gand"});
    ExpectSession();
    const std::string blob = R"({"$type":"blob","ref":{"$link":"bafkrei-img"},"mimeType":"image/png","size":10})";
    http_.On("POST", "/xrpc/com.atproto.repo.uploadBlob", Answer(200, R"({"blob":)" + blob + "}"));
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    ASSERT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kPublished);
    const auto up = http_.To("POST", "/xrpc/com.atproto.repo.uploadBlob").at(0);
    EXPECT_EQ(SentHeader(up, "Content-Type"), "image/png");
    EXPECT_EQ(SentHeader(up, "Authorization"), "Bearer acc-1");
    EXPECT_EQ(up.body, "\x89PNG-bytes");
    const auto record =
        JsonBody(http_.To("POST", "/xrpc/com.atproto.repo.createRecord").at(0)).at("record").as_object();
    EXPECT_EQ(boost::json::serialize(record.at("embed")),
              R"({"$type":"app.bsky.embed.images","images":[{"alt":"Le beffroi de Gand","image":)" + blob + "}]}");
}

TEST_F(BlueskyTest, ImagesOverTheLimitAreRefusedBeforeAnyCall) {
    request_.media.push_back({std::string(1000001, 'x'), "image/jpeg", "trop grand"});
    PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRejected);
    EXPECT_NE(r.explanation.find("1,000,000 bytes"), std::string::npos);
    request_.media.assign(5, Media{"png", "image/png", "alt"});
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kRejected);
    request_.media.assign(1, Media{"mp4", "video/mp4", "alt"});
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kRejected);
    EXPECT_TRUE(http_.requests().empty());
}

TEST_F(BlueskyTest, TheSessionIsCreatedOnceAndShared) {
    ExpectSession();
    for (int i = 0; i < 8; ++i) http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([this, i] {
            PublishRequest req = request_;
            req.idempotency_key = "rendition-" + std::to_string(i);
            EXPECT_EQ(network_->Publish(creds_, req).outcome, Outcome::kPublished);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(http_.To("POST", "/xrpc/com.atproto.server.createSession").size(), 1u);
}

TEST_F(BlueskyTest, AnExpiredTokenIsRefreshedAndTheCallMadeOnceMore) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord",
             Answer(400, R"({"error":"ExpiredToken","message":"Token has expired"})"));
    http_.On(
        "POST", "/xrpc/com.atproto.server.refreshSession",
        Answer(200, R"({"accessJwt":"acc-2","refreshJwt":"ref-2","handle":"spf.bsky.social","did":"did:plc:spf"})"));
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    ASSERT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kPublished);
    EXPECT_EQ(SentHeader(http_.To("POST", "/xrpc/com.atproto.server.refreshSession").at(0), "Authorization"),
              "Bearer ref-1");
    const auto creates = http_.To("POST", "/xrpc/com.atproto.repo.createRecord");
    ASSERT_EQ(creates.size(), 2u);
    EXPECT_EQ(SentHeader(creates[1], "Authorization"), "Bearer acc-2");
    EXPECT_EQ(JsonBody(creates[1]).at("rkey").as_string(), rkey_);
}

TEST_F(BlueskyTest, ARefusedRefreshLogsInAgain) {
    ExpectSession();
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Answer(400, R"({"error":"ExpiredToken"})"));
    http_.On("POST", "/xrpc/com.atproto.server.refreshSession", Answer(400, R"({"error":"ExpiredToken"})"));
    http_.On(
        "POST", "/xrpc/com.atproto.server.createSession",
        Answer(200, R"({"accessJwt":"acc-3","refreshJwt":"ref-3","handle":"spf.bsky.social","did":"did:plc:spf"})"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Record());
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(http_.To("POST", "/xrpc/com.atproto.server.createSession").size(), 2u);
    EXPECT_EQ(SentHeader(http_.To("GET", "/xrpc/com.atproto.repo.getRecord").at(1), "Authorization"), "Bearer acc-3");
}

TEST_F(BlueskyTest, ARefusedPasswordIsRejected) {
    http_.On("POST", "/xrpc/com.atproto.server.createSession",
             Answer(401, R"({"error":"AuthenticationRequired","message":"Invalid identifier or password"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRejected);
    EXPECT_NE(r.explanation.find("reconnect the account"), std::string::npos);
    EXPECT_TRUE(http_.To("POST", "/xrpc/com.atproto.repo.createRecord").empty());
}

TEST_F(BlueskyTest, AnExistingRecordKeyMeansAnEarlierAttemptPublishedIt) {
    // Today's PDS answers 500 when the record key exists already.
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord",
             Answer(500, R"({"error":"InternalServerError","message":"Internal Server Error"})"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Record());
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kPublished);
    EXPECT_EQ(r.post.remote_id, uri_);
    EXPECT_EQ(r.post.url, "https://bsky.app/profile/spf.bsky.social/post/" + rkey_);
    const auto get = http_.To("GET", "/xrpc/com.atproto.repo.getRecord").at(0);
    EXPECT_EQ(testing::QueryOf(get.url), "repo=did%3Aplc%3Aspf&collection=app.bsky.feed.post&rkey=" + rkey_);
}

TEST_F(BlueskyTest, AServerErrorWithoutTheRecordIsSafeToRetry) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Answer(502, "Bad Gateway"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord",
             Answer(400, R"({"error":"RecordNotFound","message":"Could not locate record"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(r.network_message, "Bad Gateway");
}

TEST_F(BlueskyTest, ALostConnectionIsCheckedAtOnce) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", TransportError(true, "Empty reply from server"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Record());
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kPublished);

    // When the check fails as well, the outcome is unknown.
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", TransportError(true, "Timeout was reached"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", TransportError(false, "Couldn't connect to server"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kUnknown);
    EXPECT_TRUE(r.may_exist);

    // Nothing sent: retry later, no check needed.
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", TransportError(false, "Couldn't connect to server"));
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kRetryLater);
    EXPECT_EQ(http_.To("GET", "/xrpc/com.atproto.repo.getRecord").size(), 2u);
    EXPECT_TRUE(http_.Exhausted());
}

TEST_F(BlueskyTest, AnInvalidRecordIsRejectedWithTheNetworksWords) {
    ExpectSession();
    http_.On(
        "POST", "/xrpc/com.atproto.repo.createRecord",
        Answer(
            400,
            R"({"error":"InvalidRequest","message":"Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes"})"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Answer(400, R"({"error":"RecordNotFound"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRejected);
    EXPECT_EQ(r.network_message,
              "InvalidRequest: Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes");
    EXPECT_EQ(r.http_status, 400);
}

TEST_F(BlueskyTest, RateLimitedIsRetryLaterUntilTheReset) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord",
             Answer(429, R"({"error":"RateLimitExceeded","message":"Rate Limit Exceeded"})",
                    {{"RateLimit-Limit", "5000"},
                     {"RateLimit-Remaining", "0"},
                     {"RateLimit-Reset", std::to_string(kNow / 1000 + 600)},
                     {"RateLimit-Policy", "5000;w=3600"}}));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_EQ(r.retry_after_seconds, 600);
    ASSERT_TRUE(r.rate_limit.has_value());
    EXPECT_EQ(r.rate_limit->limit, 5000);
    EXPECT_EQ(r.rate_limit->remaining, 0);
    EXPECT_EQ(r.rate_limit->reset_at_ms, (kNow / 1000 + 600) * 1000);
}

TEST_F(BlueskyTest, StoredTokensSeedTheSession) {
    creds_.access_token = "stored-acc";
    creds_.refresh_token = "stored-ref";
    creds_.did = "did:plc:spf";
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    ASSERT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kPublished);
    EXPECT_TRUE(http_.To("POST", "/xrpc/com.atproto.server.createSession").empty());
    EXPECT_EQ(SentHeader(http_.requests().at(0), "Authorization"), "Bearer stored-acc");
}

TEST_F(BlueskyTest, FindExistingReadsTheDerivedRecord) {
    ExpectSession();
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Record());
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->remote_id, uri_);
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Answer(400, R"({"error":"RecordNotFound"})"));
    found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value());
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord", Answer(503, "busy"));
    found = network_->FindExisting(creds_, request_);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(BlueskyTest, DeletesByAtUriAndRefusesAnotherAccountsPost) {
    ExpectSession();
    http_.On("POST", "/xrpc/com.atproto.repo.deleteRecord", Answer(200, "{}"));
    ASSERT_TRUE(network_->Delete(creds_, uri_).ok());
    EXPECT_EQ(boost::json::serialize(JsonBody(http_.To("POST", "/xrpc/com.atproto.repo.deleteRecord").at(0))),
              R"({"repo":"did:plc:spf","collection":"app.bsky.feed.post","rkey":")" + rkey_ + R"("})");
    auto s = network_->Delete(creds_, "at://did:plc:other/app.bsky.feed.post/" + rkey_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(http_.To("POST", "/xrpc/com.atproto.repo.deleteRecord").size(), 1u);
}

TEST_F(BlueskyTest, FetchesTheProfile) {
    ExpectSession();
    http_.On(
        "GET", "/xrpc/com.atproto.repo.getRecord",
        Answer(200,
               R"({"uri":"at://did:plc:spf/app.bsky.actor.profile/self","value":{"displayName":"SPF Intérieur"}})"));
    auto p = network_->FetchProfile(creds_);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->id, "did:plc:spf");
    EXPECT_EQ(p->handle, "spf.bsky.social");
    EXPECT_EQ(p->display_name, "SPF Intérieur");
    EXPECT_EQ(p->url, "https://bsky.app/profile/spf.bsky.social");
}

}  // namespace
}  // namespace belfry::networks
