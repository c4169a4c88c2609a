#include "networks/bluesky/bluesky.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "networks/bluesky/tid.hpp"
#include "networks/fake_http_client.hpp"
#include "networks/util.hpp"

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

// ------------------------------------------------------------------ inbound, replies, hiding

std::string Notification(const std::string& uri, const std::string& reason, const std::string& indexed_at,
                         const std::string& record_extra = "") {
    return R"({"uri":")" + uri + R"(","cid":"c","reason":")" + reason + R"(","indexedAt":")" + indexed_at +
           R"(","isRead":false,"author":{"did":"did:plc:lea","handle":"lea.bsky.social","displayName":"Léa"},)"
           R"("record":{"$type":"app.bsky.feed.post","text":"Bonjour","langs":["fr"],"createdAt":")" +
           indexed_at + "\"" + record_extra + "}}";
}

std::string Post(const std::string& n) { return "at://did:plc:lea/app.bsky.feed.post/" + n; }

TEST_F(BlueskyTest, FetchInboundPagesBackToTheCursorAndNeverRepeatsAnItemOfTheSameMillisecond) {
    ExpectSession();
    const std::string reply = R"(,"reply":{"root":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"x"},)"
                              R"("parent":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"x"}})";
    // Newest first; the cursor says p1 (at .123) was delivered, p2 has the same millisecond and was not.
    http_.On("GET", "/xrpc/app.bsky.notification.listNotifications",
             Answer(200, R"({"cursor":"next","notifications":[)" +
                             Notification(Post("p4"), "mention", "2026-11-22T16:00:00.300Z") + "," +
                             Notification(Post("p3"), "reply", "2026-11-22T16:00:00.300Z", reply) + "," +
                             Notification(Post("p2"), "quote", "2026-11-22T16:00:00.123Z", reply) + "," +
                             Notification(Post("p1"), "reply", "2026-11-22T16:00:00.123Z", reply) + "]}"));
    auto page = network_->FetchInbound(creds_, "2026-11-22T16:00:00.123Z " + Post("p1"), 2);
    ASSERT_TRUE(page.ok()) << page.error().message;
    const auto sent = http_.To("GET", "/xrpc/app.bsky.notification.listNotifications");
    ASSERT_EQ(sent.size(), 1u) << "the cursor was reached on the first page";
    EXPECT_EQ(testing::QueryOf(sent[0].url), "reasons=reply&reasons=mention&reasons=quote&limit=100");
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].remote_id, Post("p2"));
    EXPECT_EQ(page->items[0].kind, "reply") << "a quote that replies in the account's thread";
    EXPECT_EQ(page->items[1].remote_id, Post("p3"));
    EXPECT_EQ(page->items[1].parent_remote_id, "at://did:plc:spf/app.bsky.feed.post/r");
    EXPECT_EQ(page->items[1].author_name, "Léa");
    EXPECT_EQ(page->items[1].language, "fr");
    EXPECT_EQ(page->items[1].url, "https://bsky.app/profile/lea.bsky.social/post/p3");
    EXPECT_TRUE(page->more) << "p4 waits";
    EXPECT_EQ(page->cursor, "2026-11-22T16:00:00.300Z " + Post("p3"));

    // The next call delivers p4 only: p3 shares its millisecond but the cursor names it.
    http_.On("GET", "/xrpc/app.bsky.notification.listNotifications",
             Answer(200, R"({"cursor":"next","notifications":[)" +
                             Notification(Post("p4"), "mention", "2026-11-22T16:00:00.300Z") + "," +
                             Notification(Post("p3"), "reply", "2026-11-22T16:00:00.300Z", reply) + "]}"));
    auto next = network_->FetchInbound(creds_, page->cursor, 2);
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_EQ(next->items[0].remote_id, Post("p4"));
    EXPECT_EQ(next->items[0].kind, "mention");
    EXPECT_FALSE(next->more);
    EXPECT_EQ(next->cursor, "2026-11-22T16:00:00.300Z " + Post("p3") + " " + Post("p4"));
    EXPECT_FALSE(network_->FetchInbound(creds_, "not a cursor", 2).ok());
}

TEST_F(BlueskyTest, WithoutAnAppViewFetchInboundReadsTheRepositories) {
    ExpectSession();
    http_.On(
        "GET", "/xrpc/app.bsky.notification.listNotifications",
        Answer(
            400,
            R"({"error":"InvalidRequest","message":"No service configured for app.bsky.notification.listNotifications"})"));
    http_.On("GET", "/xrpc/com.atproto.sync.listRepos",
             Answer(200, R"({"repos":[{"did":"did:plc:spf","active":true},{"did":"did:plc:lea","active":true}]})"));
    const std::string rkey = EncodeTid(static_cast<std::uint64_t>(kNow) * 1000 << 10);
    const std::string other = EncodeTid(static_cast<std::uint64_t>(kNow - 1000) * 1000 << 10);
    http_.On(
        "GET", "/xrpc/com.atproto.repo.listRecords",
        Answer(200, R"({"records":[{"uri":"at://did:plc:lea/app.bsky.feed.post/)" + rkey +
                        R"(","cid":"c","value":{"text":"Où est le formulaire ?","langs":["fr"],)"
                        R"("createdAt":"2026-11-22T16:00:00.000Z","reply":{)"
                        R"("root":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"x"},)"
                        R"("parent":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"x"}}}},)"
                        R"({"uri":"at://did:plc:lea/app.bsky.feed.post/)" +
                        other +
                        R"(","cid":"d","value":{"text":"sans rapport","createdAt":"2026-11-22T15:59:59.000Z"}}]})"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord",
             Answer(400, R"({"error":"RecordNotFound","message":"Could not locate record"})"));  // no threadgate
    http_.On("GET", "/xrpc/com.atproto.repo.describeRepo", Answer(200, R"({"handle":"lea.test","did":"did:plc:lea"})"));
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord",
             Answer(200, R"({"uri":"u","cid":"c","value":{"displayName":"Léa D."}})"));
    auto page = network_->FetchInbound(creds_, "", 10);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    const auto& item = page->items[0];
    EXPECT_EQ(item.kind, "reply");
    EXPECT_EQ(item.root_remote_id, "at://did:plc:spf/app.bsky.feed.post/r");
    EXPECT_EQ(item.author_id, "did:plc:lea");
    EXPECT_EQ(item.author_handle, "lea.test");
    EXPECT_EQ(item.author_name, "Léa D.");
    EXPECT_EQ(item.text, "Où est le formulaire ?");
    EXPECT_EQ(page->cursor, FormatRfc3339Millis(kNow) + " at://did:plc:lea/app.bsky.feed.post/" + rkey);
    EXPECT_EQ(http_.To("GET", "/xrpc/com.atproto.repo.listRecords").size(), 1u) << "the account's own repo is skipped";
    EXPECT_TRUE(http_.Exhausted());
}

TEST_F(BlueskyTest, HideAddsToTheThreadgateKeepsItsRulesAndReadsAgainAfterAConflictingWrite) {
    ExpectSession();
    const std::string root = "at://did:plc:spf/app.bsky.feed.post/r";
    http_.On(
        "GET", "/xrpc/com.atproto.repo.getRecord",
        Answer(
            200,
            R"({"uri":"g","cid":"c1","value":{"$type":"app.bsky.feed.threadgate","post":")" + root +
                R"(","createdAt":"2026-11-01T00:00:00.000Z","allow":[{"$type":"app.bsky.feed.threadgate#mentionRule"}],"hiddenReplies":["x"]}})"));
    http_.On("POST", "/xrpc/com.atproto.repo.putRecord",
             Answer(400, R"({"error":"InvalidSwap","message":"Record was at c2"})"));
    http_.On(
        "GET", "/xrpc/com.atproto.repo.getRecord",
        Answer(
            200,
            R"({"uri":"g","cid":"c2","value":{"$type":"app.bsky.feed.threadgate","post":")" + root +
                R"(","createdAt":"2026-11-01T00:00:00.000Z","allow":[{"$type":"app.bsky.feed.threadgate#mentionRule"}],"hiddenReplies":["x","y"]}})"));
    http_.On("POST", "/xrpc/com.atproto.repo.putRecord", Answer(200, R"({"uri":"g","cid":"c3"})"));
    ASSERT_TRUE(network_->SupportsHide());
    const auto hidden = network_->Hide(creds_, Post("bad"), root);
    ASSERT_TRUE(hidden.ok()) << hidden.error().message;
    const auto writes = http_.To("POST", "/xrpc/com.atproto.repo.putRecord");
    ASSERT_EQ(writes.size(), 2u);
    const auto body = JsonBody(writes[1]);
    EXPECT_EQ(body.at("rkey").as_string(), "r") << "the threadgate's key is the root post's";
    EXPECT_EQ(body.at("swapRecord").as_string(), "c2");
    const auto& record = body.at("record").as_object();
    EXPECT_EQ(boost::json::serialize(record.at("hiddenReplies")), R"(["x","y",")" + Post("bad") + R"("])");
    EXPECT_EQ(record.at("allow").as_array().size(), 1u) << "the reply rules stay";
    EXPECT_EQ(record.at("createdAt").as_string(), "2026-11-01T00:00:00.000Z");
}

TEST_F(BlueskyTest, UnhideDeletesAThreadgateLeftEmptyAndHidingElsewhereIsRefused) {
    ExpectSession();
    const std::string root = "at://did:plc:spf/app.bsky.feed.post/r";
    http_.On(
        "GET", "/xrpc/com.atproto.repo.getRecord",
        Answer(200, R"({"uri":"g","cid":"c1","value":{"$type":"app.bsky.feed.threadgate","post":")" + root +
                        R"(","createdAt":"2026-11-01T00:00:00.000Z","hiddenReplies":[")" + Post("bad") + R"("]}})"));
    http_.On("POST", "/xrpc/com.atproto.repo.deleteRecord", Answer(200, "{}"));
    ASSERT_TRUE(network_->Unhide(creds_, Post("bad"), root).ok());
    const auto body = JsonBody(http_.To("POST", "/xrpc/com.atproto.repo.deleteRecord").at(0));
    EXPECT_EQ(body.at("collection").as_string(), "app.bsky.feed.threadgate");
    EXPECT_EQ(body.at("swapRecord").as_string(), "c1");
    // Someone else's thread: refused before any write.
    const auto refused = network_->Hide(creds_, Post("bad"), "at://did:plc:other/app.bsky.feed.post/r");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(http_.To("POST", "/xrpc/com.atproto.repo.putRecord").empty());
}

TEST_F(BlueskyTest, ReplyThreadsUnderTheParentsOwnRoot) {
    ExpectSession();
    http_.On("GET", "/xrpc/com.atproto.repo.getRecord",
             Answer(200, R"({"uri":")" + Post("p") +
                             R"(","cid":"cp","value":{"text":"?","reply":{)"
                             R"("root":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"cr"},)"
                             R"("parent":{"uri":"at://did:plc:spf/app.bsky.feed.post/r","cid":"cr"}}}})"));
    http_.On("POST", "/xrpc/com.atproto.repo.createRecord", Created());
    const PublishResult r = network_->Reply(creds_, Post("p"), "", request_);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation;
    const auto body = JsonBody(http_.To("POST", "/xrpc/com.atproto.repo.createRecord").at(0));
    EXPECT_EQ(body.at("rkey").as_string(), rkey_);
    const auto& reply = body.at("record").as_object().at("reply").as_object();
    EXPECT_EQ(reply.at("root").as_object().at("uri").as_string(), "at://did:plc:spf/app.bsky.feed.post/r");
    EXPECT_EQ(reply.at("root").as_object().at("cid").as_string(), "cr");
    EXPECT_EQ(reply.at("parent").as_object().at("uri").as_string(), Post("p"));
    EXPECT_EQ(reply.at("parent").as_object().at("cid").as_string(), "cp");
}

}  // namespace
}  // namespace belfry::networks
