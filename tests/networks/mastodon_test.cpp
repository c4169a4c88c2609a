#include "networks/mastodon/mastodon.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>

#include "core/clock.hpp"
#include "networks/fake_http_client.hpp"

namespace belfry::networks {
namespace {

using testing::Answer;
using testing::FakeHttpClient;
using testing::JsonBody;
using testing::SentHeader;

constexpr core::Millis kNow = 1795363200000;  // 2026-11-22T16:00:00Z

class MastodonTest : public ::testing::Test {
  protected:
    MastodonTest() : clock_(kNow) {
        ConnectorOptions o;
        o.clock = &clock_;
        o.sleep = [this](int ms) { slept_ms_ += ms; };
        network_ = MakeNetwork(core::Network::kMastodon, http_, o);
        creds_.base_url = "https://social.example.be/";
        creds_.access_token = "tok-123";
        request_.text = "Bonjour Liège ! https://www.belgium.be #Belgique";
        request_.language = "fr";
        request_.idempotency_key = "rendition-7-fr";
        request_.first_attempt_ms = kNow - 60000;
    }

    static std::string Status(const std::string& id, const std::string& content, const std::string& created_at,
                              const std::string& language = "fr", int media = 0) {
        std::string attachments = "[";
        for (int i = 0; i < media; ++i)
            attachments += std::string(i ? "," : "") + "{\"id\":\"m" + std::to_string(i) + "\"}";
        attachments += "]";
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + created_at + "\",\"language\":\"" + language +
               "\",\"content\":" + boost::json::serialize(boost::json::value(content)) +
               ",\"url\":\"https://social.example.be/@spf/" + id + "\",\"media_attachments\":" + attachments + "}";
    }

    core::FakeClock clock_;
    int slept_ms_ = 0;
    FakeHttpClient http_;
    std::unique_ptr<Network> network_;
    Credentials creds_;
    PublishRequest request_;
};

TEST_F(MastodonTest, PublishesATextStatusWithTheIdempotencyKey) {
    http_.On("POST", "/api/v1/statuses",
             Answer(200, R"({"id":"109","url":"https://social.example.be/@spf/109","uri":"x"})",
                    {{"X-RateLimit-Limit", "300"},
                     {"X-RateLimit-Remaining", "299"},
                     {"X-RateLimit-Reset", "2026-11-22T16:05:00.000Z"}}));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kPublished) << r.explanation;
    EXPECT_EQ(r.post.remote_id, "109");
    EXPECT_EQ(r.post.url, "https://social.example.be/@spf/109");
    EXPECT_EQ(r.http_status, 200);
    ASSERT_TRUE(r.rate_limit.has_value());
    EXPECT_EQ(r.rate_limit->limit, 300);
    EXPECT_EQ(r.rate_limit->remaining, 299);
    EXPECT_EQ(r.rate_limit->reset_at_ms, kNow + 300000);

    const auto sent = http_.requests();
    ASSERT_EQ(sent.size(), 1u);
    const HttpRequest& q = sent[0];
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.url, "https://social.example.be/api/v1/statuses");
    EXPECT_EQ(SentHeader(q, "Authorization"), "Bearer tok-123");
    EXPECT_EQ(SentHeader(q, "Idempotency-Key"), "rendition-7-fr");
    EXPECT_EQ(SentHeader(q, "Content-Type"), "application/json");
    const auto body = JsonBody(q);
    EXPECT_EQ(body.at("status").as_string(), request_.text);
    EXPECT_EQ(body.at("language").as_string(), "fr");
    EXPECT_EQ(body.at("visibility").as_string(), "public");
    EXPECT_FALSE(body.contains("media_ids"));
}

TEST_F(MastodonTest, UploadsEachImageWithItsDescriptionThenAttachesIt) {
    request_.media.push_back(
        {std::string("\x89PNG\r\n\x1a\n-bytes-", 16), "image/png", "Le beffroi de Bruges au soleil"});
    http_.On("POST", "/api/v2/media", Answer(200, R"({"id":"m-1","type":"image","url":"https://f/1.png"})"));
    http_.On("POST", "/api/v1/statuses", Answer(200, R"({"id":"110","url":"https://social.example.be/@spf/110"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation;

    const auto uploads = http_.To("POST", "/api/v2/media");
    ASSERT_EQ(uploads.size(), 1u);
    const HttpRequest& up = uploads[0];
    EXPECT_EQ(SentHeader(up, "Authorization"), "Bearer tok-123");
    const std::string ctype = SentHeader(up, "Content-Type");
    ASSERT_EQ(ctype.rfind("multipart/form-data; boundary=", 0), 0u) << ctype;
    const std::string boundary = ctype.substr(std::string("multipart/form-data; boundary=").size());
    const std::string expected =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"media-1.png\"\r\n" +
        "Content-Type: image/png\r\n\r\n" + request_.media[0].bytes + "\r\n--" + boundary +
        "\r\nContent-Disposition: form-data; name=\"description\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
        "Le beffroi de Bruges au soleil\r\n--" + boundary + "--\r\n";
    EXPECT_EQ(up.body, expected);

    const auto body = JsonBody(http_.To("POST", "/api/v1/statuses").at(0));
    ASSERT_TRUE(body.contains("media_ids"));
    EXPECT_EQ(boost::json::serialize(body.at("media_ids")), R"(["m-1"])");
}

TEST_F(MastodonTest, WaitsForMediaStillProcessing) {
    request_.media.push_back({"jpeg-bytes", "image/jpeg", "Carte des zones"});
    http_.On("POST", "/api/v2/media", Answer(202, R"({"id":"m-9","url":null})"));
    http_.On("GET", "/api/v1/media/m-9", Answer(206, ""));
    http_.On("GET", "/api/v1/media/m-9", Answer(200, R"({"id":"m-9","url":"https://f/9.jpg"})"));
    http_.On("POST", "/api/v1/statuses", Answer(200, R"({"id":"111","url":"u"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kPublished) << r.explanation;
    EXPECT_EQ(http_.To("GET", "/api/v1/media/m-9").size(), 2u);
    EXPECT_EQ(slept_ms_, 2000);
    EXPECT_TRUE(http_.Exhausted());
}

TEST_F(MastodonTest, ARefusedImageRejectsWithoutPosting) {
    request_.media.push_back({"not-an-image", "image/png", "?"});
    http_.On("POST", "/api/v2/media",
             Answer(422, R"({"error":"Validation failed: File content type is invalid, File is invalid"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRejected);
    EXPECT_EQ(r.network_message, "Validation failed: File content type is invalid, File is invalid");
    EXPECT_TRUE(http_.To("POST", "/api/v1/statuses").empty());
}

TEST_F(MastodonTest, AThrottledUploadIsRetriedLaterWithoutPosting) {
    request_.media.push_back({"png", "image/png", "alt"});
    http_.On("POST", "/api/v2/media", Answer(429, R"({"error":"Too many requests"})", {{"Retry-After", "90"}}));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_EQ(r.retry_after_seconds, 90);
    EXPECT_FALSE(r.may_exist);
    EXPECT_TRUE(http_.To("POST", "/api/v1/statuses").empty());
}

TEST_F(MastodonTest, ValidationErrorIsRejectedWithTheNetworksWords) {
    http_.On("POST", "/api/v1/statuses",
             Answer(422, R"({"error":"Validation failed: Text character limit of 500 exceeded"})"));
    const PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRejected);
    EXPECT_EQ(r.http_status, 422);
    EXPECT_EQ(r.network_message, "Validation failed: Text character limit of 500 exceeded");
    EXPECT_NE(r.explanation.find("Change the text"), std::string::npos) << r.explanation;
}

TEST_F(MastodonTest, ARefusedTokenAsksToReconnect) {
    for (int status : {401, 403}) {
        http_.On("POST", "/api/v1/statuses", Answer(status, R"({"error":"The access token is invalid"})"));
        const PublishResult r = network_->Publish(creds_, request_);
        EXPECT_EQ(r.outcome, Outcome::kRejected) << status;
        EXPECT_EQ(r.network_message, "The access token is invalid");
        EXPECT_NE(r.explanation.find("reconnect the account"), std::string::npos) << r.explanation;
    }
}

TEST_F(MastodonTest, RateLimitedIsRetryLaterWithTheNetworksDelay) {
    http_.On("POST", "/api/v1/statuses", Answer(429, R"({"error":"Too many requests"})", {{"Retry-After", "120"}}));
    PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_EQ(r.retry_after_seconds, 120);
    EXPECT_FALSE(r.may_exist);

    // Without Retry-After, the reset time of the rate-limit headers says when.
    http_.On("POST", "/api/v1/statuses",
             Answer(429, R"({"error":"Too many requests"})",
                    {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "2026-11-22T16:03:20.500Z"}}));
    r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_EQ(r.retry_after_seconds, 201);
    ASSERT_TRUE(r.rate_limit.has_value());
    EXPECT_EQ(r.rate_limit->remaining, 0);
}

TEST_F(MastodonTest, ServerErrorsAreSafeToRetryOnlyWithAnIdempotencyKey) {
    for (int status : {500, 502, 503, 504}) {
        http_.On("POST", "/api/v1/statuses", Answer(status, "<html>Bad gateway</html>"));
        PublishResult r = network_->Publish(creds_, request_);
        EXPECT_EQ(r.outcome, Outcome::kRetryLater) << status;
        EXPECT_TRUE(r.may_exist) << status;
        EXPECT_EQ(r.network_message, "<html>Bad gateway</html>");

        PublishRequest unkeyed = request_;
        unkeyed.idempotency_key.clear();
        http_.On("POST", "/api/v1/statuses", Answer(status, "{}"));
        r = network_->Publish(creds_, unkeyed);
        EXPECT_EQ(r.outcome, Outcome::kUnknown) << status;
    }
    // Without a key, no Idempotency-Key header at all.
    EXPECT_EQ(SentHeader(http_.requests().back(), "Idempotency-Key"), "");
}

TEST_F(MastodonTest, ALostConnectionIsUnknownUnlessNothingWasSent) {
    http_.On("POST", "/api/v1/statuses", TransportError(true, "Timeout was reached"));
    PublishResult r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kUnknown);
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(r.network_message, "Timeout was reached");

    http_.On("POST", "/api/v1/statuses", TransportError(false, "Couldn't connect to server"));
    r = network_->Publish(creds_, request_);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_FALSE(r.may_exist);
}

TEST_F(MastodonTest, AnAnswerWithoutIdIsUnknown) {
    http_.On("POST", "/api/v1/statuses", Answer(200, "<html>maintenance</html>"));
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kUnknown);
}

TEST_F(MastodonTest, AnInvalidIdempotencyKeyIsRefusedBeforeAnyCall) {
    request_.idempotency_key = "has spaces";
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kRejected);
    request_.idempotency_key = std::string(65, 'k');
    EXPECT_EQ(network_->Publish(creds_, request_).outcome, Outcome::kRejected);
    EXPECT_TRUE(http_.requests().empty());
}

TEST_F(MastodonTest, FindExistingMatchesTheRenderedTextSinceTheFirstAttempt) {
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"42","username":"spf"})"));
    const std::string html =
        "<p>Bonjour Liège ! <a href=\"https://www.belgium.be\" rel=\"nofollow noopener\" target=\"_blank\"><span "
        "class=\"invisible\">https://www.</span><span class=\"\">belgium.be</span><span "
        "class=\"invisible\"></span></a> <a href=\"https://social.example.be/tags/Belgique\" class=\"mention "
        "hashtag\">#<span>Belgique</span></a></p>";
    const std::string page1 = "[" + Status("300", "<p>Autre chose</p>", "2026-11-22T15:59:50.000Z") + "," +
                              Status("299", html, "2026-11-22T15:59:30.000Z", "nl") + "," +
                              Status("298", html, "2026-11-22T15:59:10.000Z") + "]";
    http_.On("GET", "/api/v1/accounts/42/statuses", Answer(200, page1));
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->remote_id, "298") << "the Dutch status with the same words is another rendition";
    EXPECT_EQ((*found)->url, "https://social.example.be/@spf/298");
    const auto list = http_.To("GET", "/api/v1/accounts/42/statuses").at(0);
    EXPECT_EQ(testing::QueryOf(list.url), "limit=40&exclude_reblogs=true");
    EXPECT_EQ(SentHeader(list, "Authorization"), "Bearer tok-123");
}

TEST_F(MastodonTest, FindExistingPagesBackButIgnoresPostsOlderThanTheFirstAttempt) {
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"42","username":"spf"})"));
    const std::string same = "<p>Bonjour Liège ! https://www.belgium.be #Belgique</p>";
    std::string page1 = "[";
    for (int i = 0; i < 40; ++i) {
        page1 +=
            std::string(i ? "," : "") + Status(std::to_string(500 - i), "<p>Autre</p>", "2026-11-22T15:59:59.000Z");
    }
    page1 += "]";
    http_.On("GET", "/api/v1/accounts/42/statuses", Answer(200, page1));
    // Page 2: the same words, but from last week (an older post), then nothing newer.
    http_.On("GET", "/api/v1/accounts/42/statuses",
             Answer(200, "[" + Status("12", same, "2026-11-15T10:00:00.000Z") + "]"));
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->has_value());
    const auto lists = http_.To("GET", "/api/v1/accounts/42/statuses");
    ASSERT_EQ(lists.size(), 2u);
    EXPECT_EQ(testing::QueryOf(lists[1].url), "limit=40&exclude_reblogs=true&max_id=461");
}

TEST_F(MastodonTest, FindExistingComparesTheNumberOfMedia) {
    request_.media.push_back({"png", "image/png", "alt"});
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"42","username":"spf"})"));
    const std::string same = "<p>Bonjour Liège ! https://www.belgium.be #Belgique</p>";
    http_.On("GET", "/api/v1/accounts/42/statuses",
             Answer(200, "[" + Status("7", same, "2026-11-22T15:59:59.000Z", "fr", 0) + "," +
                             Status("6", same, "2026-11-22T15:59:58.000Z", "fr", 1) + "]"));
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->remote_id, "6");
}

TEST_F(MastodonTest, FindExistingNeedsTheFirstAttemptTime) {
    request_.first_attempt_ms = 0;
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_TRUE(http_.requests().empty());
}

TEST_F(MastodonTest, FindExistingReportsARefusedToken) {
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(401, R"({"error":"The access token is invalid"})"));
    auto found = network_->FindExisting(creds_, request_);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(MastodonTest, DeletesAStatusAndToleratesOneAlreadyGone) {
    http_.On("DELETE", "/api/v1/statuses/109", Answer(200, R"({"id":"109","text":"…"})"));
    EXPECT_TRUE(network_->Delete(creds_, "109").ok());
    EXPECT_EQ(SentHeader(http_.requests().back(), "Authorization"), "Bearer tok-123");
    http_.On("DELETE", "/api/v1/statuses/109", Answer(404, R"({"error":"Record not found"})"));
    EXPECT_TRUE(network_->Delete(creds_, "109").ok());
    http_.On("DELETE", "/api/v1/statuses/109",
             Answer(429, R"({"error":"Too many requests"})", {{"Retry-After", "30"}}));
    auto s = network_->Delete(creds_, "109");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, core::ErrorCode::kTooManyRequests);
    EXPECT_EQ(s.error().retry_after_seconds, 30);
}

TEST_F(MastodonTest, FetchesTheProfile) {
    http_.On("GET", "/api/v1/accounts/verify_credentials",
             Answer(200, R"({"id":"42","username":"spf","acct":"spf","display_name":"SPF Affaires étrangères",)"
                         R"("url":"https://social.example.be/@spf"})"));
    auto p = network_->FetchProfile(creds_);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->id, "42");
    EXPECT_EQ(p->handle, "spf@social.example.be");
    EXPECT_EQ(p->display_name, "SPF Affaires étrangères");
    EXPECT_EQ(p->url, "https://social.example.be/@spf");
    EXPECT_EQ(http_.requests().at(0).url, "https://social.example.be/api/v1/accounts/verify_credentials");
}

TEST(MastodonText, HtmlAndPlainTextCompareAlike) {
    EXPECT_EQ(MastodonComparableText(
                  "<p>Ligne 1<br />Ligne 2</p><p>&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; &#x263A;</p>", true),
              "Ligne 1 Ligne 2 <b> & \"x\" 'y' \u263A");
    EXPECT_EQ(MastodonComparableText("Ligne 1\nLigne 2\n\n<b> & \"x\" 'y' \u263A", false),
              "Ligne 1 Ligne 2 <b> & \"x\" 'y' \u263A");
    // A remote mention shows as @user in Mastodon's HTML.
    EXPECT_EQ(
        MastodonComparableText("<p>Merci <span class=\"h-card\"><a href=\"https://other.example/@anna\" class=\"u-url "
                               "mention\">@<span>anna</span></a></span>.</p>",
                               true),
        "Merci @anna.");
    EXPECT_EQ(MastodonComparableText("Merci @anna@other.example.", false), "Merci @anna.");
}

TEST(MastodonNetworkFactory, MakesTheKnownConnectorsOnly) {
    FakeHttpClient http;
    EXPECT_EQ(MakeNetwork(core::Network::kMastodon, http)->kind(), core::Network::kMastodon);
    EXPECT_EQ(MakeNetwork(core::Network::kBluesky, http)->kind(), core::Network::kBluesky);
    EXPECT_EQ(MakeNetwork(core::Network::kX, http), nullptr);
}

// ------------------------------------------------------------------ inbound, replies, hiding

TEST(MastodonText, StatusHtmlBecomesPlainTextWithLinesMentionsAndFullLinks) {
    const std::string html =
        R"(<p>Bonjour <span class="h-card" translate="no"><a href="https://x.example/@spf" class="u-url mention">)"
        R"(@<span>spf</span></a></span> &amp; merci&nbsp;!<br />Ligne 2</p><p><a href="https://www.belgium.be/fr/long">)"
        R"(<span class="invisible">https://www.</span><span class="ellipsis">belgium.be/fr/lo</span>)"
        R"(<span class="invisible">ng</span></a> &lt;script&gt;alert(1)&lt;/script&gt;</p>)";
    EXPECT_EQ(MastodonPlainText(html),
              "Bonjour @spf & merci !\nLigne 2\n\nhttps://www.belgium.be/fr/long <script>alert(1)</script>");
    EXPECT_EQ(WithoutLeadingMentions("@lea @marc@social.example Bonjour @spf"), "Bonjour @spf");
    EXPECT_EQ(WithoutLeadingMentions("@lea, bonjour"), "@lea, bonjour");
}

TEST_F(MastodonTest, FetchInboundReadsMentionsAfterTheCursorOldestFirstAndClassifiesThem) {
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"1","username":"spf"})"));
    // Newest first, as Mastodon answers: a direct message, a reply to the account, a mention.
    http_.On("GET", "/api/v1/notifications",
             Answer(200, R"([
      {"id":"44","type":"mention","status":{"id":"s3","visibility":"direct","in_reply_to_id":null,
        "in_reply_to_account_id":null,"content":"<p>Mon numéro : 0470/12.34.56</p>","language":null,
        "created_at":"2026-11-22T15:59:00.000Z","url":"https://social.example.be/@lea/s3",
        "account":{"id":"5","acct":"lea@other.example","display_name":"<b>Léa</b>"}}},
      {"id":"43","type":"mention","status":{"id":"s2","visibility":"public","in_reply_to_id":"s0",
        "in_reply_to_account_id":"1","content":"<p>Merci !</p>","language":"fr",
        "created_at":"2026-11-22T15:58:00.000Z","url":"https://social.example.be/@marc/s2",
        "account":{"id":"6","acct":"marc","display_name":"Marc"}}},
      {"id":"42","type":"mention","status":{"id":"s1","visibility":"public","in_reply_to_id":null,
        "in_reply_to_account_id":null,"content":"<p>@spf une question</p>","language":"nl",
        "created_at":"2026-11-22T15:57:00.000Z","uri":"https://social.example.be/users/noor/statuses/s1",
        "account":{"id":"7","acct":"noor","display_name":""}}}])",
                    {{"X-RateLimit-Limit", "300"}, {"X-RateLimit-Remaining", "250"}}));
    http_.On("GET", "/api/v1/statuses/s2/context",
             Answer(200, R"({"ancestors":[{"id":"s0","account":{"id":"1"}}],"descendants":[]})"));
    auto page = network_->FetchInbound(creds_, "41", 3);
    ASSERT_TRUE(page.ok()) << page.error().message;
    const auto sent = http_.To("GET", "/api/v1/notifications");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(testing::QueryOf(sent[0].url), "types%5B%5D=mention&limit=3&min_id=41");
    ASSERT_EQ(page->items.size(), 3u);
    EXPECT_EQ(page->cursor, "44");
    EXPECT_TRUE(page->more) << "a full page: more may wait";
    ASSERT_TRUE(page->rate_limit.has_value());
    EXPECT_EQ(page->rate_limit->remaining, 250);
    const auto& mention = page->items[0];
    EXPECT_EQ(mention.remote_id, "s1");
    EXPECT_EQ(mention.kind, "mention");
    EXPECT_EQ(mention.text, "@spf une question");
    EXPECT_EQ(mention.language, "nl");
    EXPECT_EQ(mention.url, "https://social.example.be/users/noor/statuses/s1");
    EXPECT_EQ(mention.parent_remote_id, "");
    const auto& reply = page->items[1];
    EXPECT_EQ(reply.kind, "reply");
    EXPECT_EQ(reply.parent_remote_id, "s0");
    EXPECT_EQ(reply.root_remote_id, "s0");
    EXPECT_EQ(reply.author_handle, "marc");
    EXPECT_EQ(reply.created_at_ms, core::ParseRfc3339("2026-11-22T15:58:00.000Z").value());
    const auto& direct = page->items[2];
    EXPECT_EQ(direct.kind, "direct");
    EXPECT_EQ(direct.author_id, "5");
    EXPECT_EQ(direct.author_handle, "lea@other.example");
    EXPECT_EQ(direct.author_name, "<b>Léa</b>") << "verbatim";
    EXPECT_EQ(direct.language, "");
    EXPECT_EQ(direct.text, "Mon numéro : 0470/12.34.56");

    // The account id is cached: the next call asks only for the notifications.
    http_.On("GET", "/api/v1/notifications", Answer(200, "[]"));
    auto empty = network_->FetchInbound(creds_, page->cursor, 3);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->items.empty());
    EXPECT_EQ(empty->cursor, "44") << "nothing new: the cursor stays";
    EXPECT_FALSE(empty->more);
    EXPECT_EQ(http_.To("GET", "/api/v1/accounts/verify_credentials").size(), 1u);
    EXPECT_TRUE(http_.Exhausted());
}

TEST_F(MastodonTest, FetchInboundErrorsSayWhetherARetryCanHelp) {
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"1"})"));
    http_.On("GET", "/api/v1/notifications", Answer(429, R"({"error":"Too many requests"})", {{"Retry-After", "30"}}));
    http_.On("GET", "/api/v1/notifications", Answer(503, "Service Unavailable"));
    http_.On("GET", "/api/v1/notifications", Answer(401, R"({"error":"The access token is invalid"})"));
    auto limited = network_->FetchInbound(creds_, "", 20);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.error().code, core::ErrorCode::kTooManyRequests);
    EXPECT_EQ(limited.error().retry_after_seconds, 30);
    EXPECT_TRUE(IsRetryable(limited.error()));
    auto down = network_->FetchInbound(creds_, "", 20);
    ASSERT_FALSE(down.ok());
    EXPECT_EQ(down.error().code, core::ErrorCode::kUnavailable);
    EXPECT_TRUE(IsRetryable(down.error()));
    auto refused = network_->FetchInbound(creds_, "", 20);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kUnauthenticated);
    EXPECT_FALSE(IsRetryable(refused.error()));
    EXPECT_FALSE(network_->FetchInbound(creds_, "", 0).ok()) << "limit 1 to 100";
}

TEST_F(MastodonTest, ReplyKeepsADirectConversationDirectAndMentionsTheCitizen) {
    http_.On("GET", "/api/v1/statuses/77",
             Answer(200, R"({"id":"77","visibility":"direct","account":{"id":"5","acct":"lea@other.example"},
                             "mentions":[{"id":"1","acct":"spf"},{"id":"9","acct":"marc"}]})"));
    http_.On("GET", "/api/v1/accounts/verify_credentials", Answer(200, R"({"id":"1"})"));
    http_.On("POST", "/api/v1/statuses", Answer(200, R"({"id":"88","url":"https://social.example.be/@spf/88"})"));
    request_.text = "Bonjour, votre carte arrive demain.";
    const PublishResult r = network_->Reply(creds_, "77", "", request_);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation;
    EXPECT_EQ(r.post.remote_id, "88");
    const auto posted = http_.To("POST", "/api/v1/statuses");
    ASSERT_EQ(posted.size(), 1u);
    const auto body = JsonBody(posted[0]);
    EXPECT_EQ(body.at("status").as_string(), "@lea@other.example @marc Bonjour, votre carte arrive demain.");
    EXPECT_EQ(body.at("visibility").as_string(), "direct");
    EXPECT_EQ(body.at("in_reply_to_id").as_string(), "77");
    EXPECT_EQ(SentHeader(posted[0], "Idempotency-Key"), "rendition-7-fr");
}

TEST_F(MastodonTest, ReplyToAGoneMessageIsRejectedAndAServerErrorRetried) {
    http_.On("GET", "/api/v1/statuses/77", Answer(404, R"({"error":"Record not found"})"));
    http_.On("GET", "/api/v1/statuses/78", Answer(502, "Bad Gateway"));
    EXPECT_EQ(network_->Reply(creds_, "77", "", request_).outcome, Outcome::kRejected);
    EXPECT_EQ(network_->Reply(creds_, "78", "", request_).outcome, Outcome::kRetryLater);
    EXPECT_TRUE(http_.To("POST", "/api/v1/statuses").empty());
}

TEST_F(MastodonTest, HidingIsNotAvailableAndSaysSoWithoutAnyCall) {
    EXPECT_FALSE(network_->SupportsHide());
    const auto hidden = network_->Hide(creds_, "77", "70");
    ASSERT_FALSE(hidden.ok());
    EXPECT_TRUE(IsUnsupported(hidden.error()));
    EXPECT_FALSE(IsRetryable(hidden.error()));
    EXPECT_NE(hidden.error().message.find("Mastodon does not let an account hide replies"), std::string::npos)
        << hidden.error().message;
    EXPECT_TRUE(IsUnsupported(network_->Unhide(creds_, "77", "70").error()));
    EXPECT_TRUE(http_.requests().empty());
}

TEST_F(MastodonTest, ReportSendsTheStatusAndItsAuthorToTheModerators) {
    EXPECT_TRUE(network_->SupportsReport());
    http_.On("GET", "/api/v1/statuses/77", Answer(200, R"({"id":"77","account":{"id":"5","acct":"troll"}})"));
    http_.On("POST", "/api/v1/reports", Answer(200, R"({"id":"r1"})"));
    ASSERT_TRUE(network_->Report(creds_, "77", std::string(1200, 'x')).ok());
    const auto body = JsonBody(http_.To("POST", "/api/v1/reports").at(0));
    EXPECT_EQ(body.at("account_id").as_string(), "5");
    EXPECT_EQ(body.at("status_ids").as_array().at(0).as_string(), "77");
    EXPECT_EQ(body.at("comment").as_string().size(), 1000u) << "Mastodon keeps 1,000 characters";
}

}  // namespace
}  // namespace belfry::networks
