// netsim over real HTTP: the simulator in-process on a free loopback port with a fake clock, driven with
// the test client. Covers the control API, Mastodon statuses and media, Bluesky sessions and records,
// length rules, rate limits, every fault kind and latency; citizens (reproducible from their seed, the
// mix of languages and kinds, valid personal data) and what an inbox reads: Mastodon notifications,
// contexts and reports, Bluesky notifications, threadgates and repository listing.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "core/text.hpp"
#include "netsim/citizens/corpus.hpp"
#include "netsim/server.hpp"
#include "netsim/text.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string Str(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

std::string Repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

std::string Multipart(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& file, const std::string& file_type) {
    std::string body;
    for (const auto& [k, v] : fields) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"belfry.png\"\r\n" +
            "Content-Type: " + file_type + "\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
    return body;
}

// The first bytes of a PNG (netsim does not decode images; real bytes keep the test honest).
const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);

// One call on a raw socket, for answers the test client treats as failures: {status or 0 when the
// connection was closed without an answer, elapsed milliseconds}.
std::pair<int, long> RawCall(unsigned short port, const std::string& method, const std::string& target,
                             const std::string& body, const std::map<std::string, std::string>& headers) {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    namespace bhttp = beast::http;
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    const auto start = Clock::now();
    bhttp::write(stream, req);
    stream.expires_after(std::chrono::seconds(10));
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(stream, buffer, res, ec);
    const long ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    return {ec ? 0 : static_cast<int>(res.result_int()), ms};
}

class Netsim : public ::testing::Test {
  protected:
    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);
        server_ = std::make_unique<netsim::NetsimServer>(netsim::Options{}, "127.0.0.1", 0, &clock_, 2);
        auto url = server_->Start();
        ASSERT_TRUE(url.ok()) << url.error().message;
        port_ = static_cast<unsigned short>(std::stoi(url.value().substr(url.value().rfind(':') + 1)));
        thread_ = std::thread([this] { server_->Run(); });
    }
    void TearDown() override {
        server_->Stop();
        if (thread_.joinable()) thread_.join();
    }

    Client Control() { return Client(port_); }
    HttpResult Config(const json::object& body) { return Control().Post("/_netsim/config", body); }
    HttpResult Fault(const json::object& body) { return Control().Post("/_netsim/faults", body); }
    json::array Posts(const std::string& query = "") {
        auto r = Control().Get("/_netsim/posts" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json.at("items").as_array();
    }

    // A Mastodon account; returns a client carrying its token.
    Client Mastodon(const std::string& handle, std::string* id = nullptr) {
        auto r = Control().Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", handle}});
        EXPECT_EQ(r.status, 201) << r.body;
        Client c(port_);
        c.set_bearer(Str(r.json, "access_token"));
        if (id) *id = Str(r.json, "id");
        return c;
    }
    HttpResult Toot(Client& c, const std::string& text, std::map<std::string, std::string> headers = {}) {
        headers["Content-Type"] = "application/json";
        return c.Send("POST", "/api/v1/statuses", json::serialize(json::object{{"status", text}}), headers);
    }

    // A Bluesky account with a session; returns a client carrying the access token.
    Client Bluesky(const std::string& handle, std::string* did, json::object* session = nullptr) {
        auto r = Control().Post("/_netsim/accounts", json::object{{"network", "bluesky"}, {"handle", handle}});
        EXPECT_EQ(r.status, 201) << r.body;
        auto s = Client(port_).Post("/xrpc/com.atproto.server.createSession",
                                    json::object{{"identifier", handle}, {"password", r.json.at("password")}});
        EXPECT_EQ(s.status, 200) << s.body;
        *did = Str(s.json, "did");
        if (session) *session = s.json.as_object();
        Client c(port_);
        c.set_bearer(Str(s.json, "accessJwt"));
        return c;
    }
    static json::object Post(const std::string& did, const std::string& text, const std::string& rkey = "") {
        json::object body{
            {"repo", did},
            {"collection", "app.bsky.feed.post"},
            {"record",
             json::object{{"$type", "app.bsky.feed.post"}, {"text", text}, {"createdAt", "2026-11-22T10:00:00.000Z"}}}};
        if (!rkey.empty()) body["rkey"] = rkey;
        return body;
    }

    core::FakeClock clock_{1790000000000};
    std::unique_ptr<netsim::NetsimServer> server_;
    std::thread thread_;
    unsigned short port_ = 0;
};

// ------------------------------------------------------------------ control API

TEST_F(Netsim, AccountsAreCreatedOncePerNetworkAndHandle) {
    EXPECT_EQ(Control().Get("/_netsim/healthz").json.at("status"), "ok");
    std::string id;
    Client belgium = Mastodon("belgium", &id);
    auto me = belgium.Get("/api/v1/accounts/verify_credentials");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(Str(me.json, "id"), id);
    EXPECT_EQ(Str(me.json, "username"), "belgium");
    EXPECT_TRUE(me.json.as_object().contains("source"));

    auto again = Control().Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", "belgium"}});
    EXPECT_EQ(again.status, 409);
    auto bsky = Control().Post("/_netsim/accounts", json::object{{"network", "bluesky"}, {"handle", "belgium.test"}});
    ASSERT_EQ(bsky.status, 201) << bsky.body;
    const std::string did = Str(bsky.json, "did");
    EXPECT_EQ(did.rfind("did:plc:", 0), 0u);
    EXPECT_EQ(did.size(), 8u + 24u);
    EXPECT_EQ(did.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 8), std::string::npos);
    EXPECT_EQ(Str(bsky.json, "identifier"), "belgium.test");
    EXPECT_FALSE(Str(bsky.json, "password").empty());
    EXPECT_EQ(Str(bsky.json, "base_url"), "http://127.0.0.1:" + std::to_string(port_));

    EXPECT_EQ(Control().Post("/_netsim/accounts", json::object{{"network", "myspace"}, {"handle", "x"}}).status, 400);
    EXPECT_EQ(Control().Get("/_netsim/accounts").json.at("items").as_array().size(), 2u);
}

TEST_F(Netsim, ResetForgetsEverything) {
    Client c = Mastodon("belgium");
    ASSERT_EQ(Toot(c, "Bonjour").status, 200);
    ASSERT_EQ(Fault(json::object{{"network", "mastodon"}, {"endpoint", "*"}, {"kind", "500"}}).status, 201);
    ASSERT_EQ(Control().Post("/_netsim/reset", json::object{}).status, 200);
    EXPECT_TRUE(Posts().empty());
    EXPECT_TRUE(Control().Get("/_netsim/faults").json.at("items").as_array().empty());
    EXPECT_EQ(c.Get("/api/v1/accounts/verify_credentials").status, 401);
}

// ------------------------------------------------------------------ Mastodon

TEST_F(Netsim, MastodonPostIsEscapedAndAnIdempotentRepeatStoresNothing) {
    std::string account_id;
    Client c = Mastodon("belgium", &account_id);
    const std::map<std::string, std::string> key{{"Idempotency-Key", "rendition-42"}};
    auto first = Toot(c, "Crise <urgent> & \"vrai\"\n\nDeuxième ligne", key);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(Str(first.json, "content"), "<p>Crise &lt;urgent&gt; &amp; &quot;vrai&quot;</p><p>Deuxième ligne</p>");
    EXPECT_EQ(Str(first.json.at("account"), "id"), account_id);
    const std::string id = Str(first.json, "id");
    EXPECT_NE(Str(first.json, "url").find("/@belgium/" + id), std::string::npos);
    EXPECT_NE(Str(first.json, "uri").find("/users/belgium/statuses/" + id), std::string::npos);
    EXPECT_FALSE(Str(first.json, "created_at").empty());

    clock_.Advance(59 * core::kMinuteMs);
    auto repeat = Toot(c, "Crise <urgent> & \"vrai\"\n\nDeuxième ligne", key);
    ASSERT_EQ(repeat.status, 200);
    EXPECT_EQ(Str(repeat.json, "id"), id);
    EXPECT_EQ(Posts("?network=mastodon&account=belgium").size(), 1u);

    // The key is per account, and forgotten after an hour.
    Client other = Mastodon("diplomatie");
    EXPECT_NE(Str(Toot(other, "Autre", key).json, "id"), id);
    clock_.Advance(2 * core::kMinuteMs);
    EXPECT_NE(Str(Toot(c, "Plus tard", key).json, "id"), id);
    EXPECT_EQ(Posts("?network=mastodon&account=belgium").size(), 2u);
}

TEST_F(Netsim, MastodonAcceptsFormBodiesAndLanguage) {
    Client c = Mastodon("belgium");
    auto r = c.Send("POST", "/api/v1/statuses", "status=Hallo+%C3%A9%26co&language=nl&visibility=unlisted",
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Str(r.json, "content"), "<p>Hallo é&amp;co</p>");
    EXPECT_EQ(Str(r.json, "language"), "nl");
    EXPECT_EQ(Str(r.json, "visibility"), "unlisted");
    auto got = Client(port_).Get("/api/v1/statuses/" + Str(r.json, "id"));
    EXPECT_EQ(got.status, 200);
    auto list = Client(port_).Get("/api/v1/accounts/" + Str(r.json.at("account"), "id") + "/statuses");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json.as_array().size(), 1u);
}

TEST_F(Netsim, MastodonMediaKeepsItsDescriptionAndBelongsToItsUploader) {
    Client c = Mastodon("belgium");
    const std::string body =
        Multipart("b0undary", {{"description", "Le beffroi de Bruges au lever du soleil"}}, kPng, "image/png");
    auto media = c.Send("POST", "/api/v2/media", body, {{"Content-Type", "multipart/form-data; boundary=b0undary"}});
    ASSERT_EQ(media.status, 200) << media.body;
    EXPECT_EQ(Str(media.json, "type"), "image");
    EXPECT_EQ(Str(media.json, "description"), "Le beffroi de Bruges au lever du soleil");
    const std::string media_id = Str(media.json, "id");
    const std::string url = Str(media.json, "url");
    auto file = Client(port_).Get(url.substr(url.find("/system/")));
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body, kPng);

    Client intruder = Mastodon("impostor");
    auto stolen = intruder.Send("POST", "/api/v1/statuses", "status=Moi+aussi&media_ids[]=" + media_id,
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(stolen.status, 422);
    EXPECT_EQ(Str(stolen.json, "error"), "Media " + media_id + " not found or already attached to another post");

    auto post = c.Send("POST", "/api/v1/statuses", "media_ids%5B%5D=" + media_id,  // media only, no text
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(post.status, 200) << post.body;
    const auto& attached = post.json.at("media_attachments").as_array();
    ASSERT_EQ(attached.size(), 1u);
    EXPECT_EQ(Str(attached[0], "id"), media_id);
    EXPECT_EQ(Str(attached[0], "description"), "Le beffroi de Bruges au lever du soleil");
    EXPECT_EQ(Str(post.json, "content"), "");

    auto pdf = c.Send("POST", "/api/v2/media", Multipart("b", {}, "%PDF", "application/pdf"),
                      {{"Content-Type", "multipart/form-data; boundary=b"}});
    EXPECT_EQ(pdf.status, 422);
    EXPECT_EQ(Str(pdf.json, "error"), "Validation failed: File content type is invalid, File is invalid");
}

TEST_F(Netsim, MastodonCountsCharactersAsMastodonDoes) {
    Client c = Mastodon("belgium");
    auto too_long = Toot(c, std::string(501, 'a'));
    EXPECT_EQ(too_long.status, 422);
    EXPECT_EQ(Str(too_long.json, "error"), "Validation failed: Text character limit of 500 exceeded");
    EXPECT_EQ(Toot(c, std::string(500, 'a')).status, 200);
    // 500 graphemes of two code points each.
    EXPECT_EQ(Toot(c, Repeat("e\xCC\x81", 500)).status, 200);
    // A URL counts 23 whatever its length; a remote mention counts without its domain.
    const std::string url = "https://diplomatie.belgium.be/fr/" + std::string(150, 'x');
    EXPECT_EQ(Toot(c, std::string(470, 'a') + " " + url).status, 200);
    EXPECT_EQ(netsim::MastodonLength("hi @consul@social.example.org " + url, ""), 3 + 7 + 1 + 23);
    EXPECT_EQ(netsim::MastodonLength("abc", "CW"), 5);
    auto blank = Toot(c, "   ");
    EXPECT_EQ(blank.status, 422);
    EXPECT_EQ(Str(blank.json, "error"), "Validation failed: Text can't be blank");

    ASSERT_EQ(Config(json::object{{"mastodon_char_limit", 1000}}).status, 200);
    EXPECT_EQ(Toot(c, std::string(900, 'a')).status, 200);
}

TEST_F(Netsim, MastodonDeleteReturnsTheStatusWithItsTextOnce) {
    Client c = Mastodon("belgium");
    const std::string id = Str(Toot(c, "À supprimer").json, "id");
    Client other = Mastodon("impostor");
    EXPECT_EQ(other.Delete("/api/v1/statuses/" + id).status, 404);
    auto deleted = c.Delete("/api/v1/statuses/" + id);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(Str(deleted.json, "id"), id);
    EXPECT_EQ(Str(deleted.json, "text"), "À supprimer");
    auto again = c.Delete("/api/v1/statuses/" + id);
    EXPECT_EQ(again.status, 404);
    EXPECT_EQ(Str(again.json, "error"), "Record not found");
    EXPECT_EQ(Client(port_).Get("/api/v1/statuses/" + id).status, 404);
    auto posts = Posts("?network=mastodon");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_TRUE(posts[0].at("deleted").as_bool());
}

TEST_F(Netsim, MastodonEditSetsEditedAt) {
    Client c = Mastodon("belgium");
    const std::string id = Str(Toot(c, "Version 1").json, "id");
    auto edited = c.Send("PUT", "/api/v1/statuses/" + id, json::serialize(json::object{{"status", "Version 2"}}),
                         {{"Content-Type", "application/json"}});
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(Str(edited.json, "content"), "<p>Version 2</p>");
    EXPECT_TRUE(edited.json.at("edited_at").is_string());
}

TEST_F(Netsim, MastodonEditReplacesTheMediaListLikeMastodon) {
    Client c = Mastodon("belgium");
    const std::string body = Multipart("b0undary", {{"description", "Le beffroi"}}, kPng, "image/png");
    auto media = c.Send("POST", "/api/v2/media", body, {{"Content-Type", "multipart/form-data; boundary=b0undary"}});
    ASSERT_EQ(media.status, 200) << media.body;
    const std::string media_id = Str(media.json, "id");
    auto post = c.Send("POST", "/api/v1/statuses", "status=Avec+image&media_ids%5B%5D=" + media_id,
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(post.status, 200) << post.body;
    const std::string id = Str(post.json, "id");
    // Sending media_ids[] again keeps the image…
    auto kept = c.Send("PUT", "/api/v1/statuses/" + id, "status=Version+2&media_ids%5B%5D=" + media_id,
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(kept.status, 200) << kept.body;
    EXPECT_EQ(kept.json.at("media_attachments").as_array().size(), 1u);
    // …leaving it out removes it, as Mastodon's UpdateStatusService does.
    auto dropped = c.Send("PUT", "/api/v1/statuses/" + id, json::serialize(json::object{{"status", "Version 3"}}),
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(dropped.status, 200) << dropped.body;
    EXPECT_TRUE(dropped.json.at("media_attachments").as_array().empty());
}

TEST_F(Netsim, MastodonRefusesCallsWithoutAValidToken) {
    Client anonymous(port_);
    auto r = Toot(anonymous, "Bonjour");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Str(r.json, "error"), "The access token is invalid");
    EXPECT_TRUE(r.Header("x-ratelimit-limit").empty());
    Client bogus(port_);
    bogus.set_bearer("not-a-token");
    EXPECT_EQ(Toot(bogus, "Bonjour").status, 401);
    EXPECT_TRUE(Posts().empty());
}

TEST_F(Netsim, MastodonRateLimitAnswers429WithItsHeaders) {
    ASSERT_EQ(Config(json::object{{"rate_limits", json::object{{"mastodon.api", json::object{{"limit", 3}}}}}}).status,
              200);
    Client c = Mastodon("belgium");
    for (int i = 0; i < 3; ++i) {
        auto r = Toot(c, "Message " + std::to_string(i));
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.Header("x-ratelimit-limit"), "3");
        EXPECT_EQ(r.Header("x-ratelimit-remaining"), std::to_string(2 - i));
    }
    auto refused = Toot(c, "Message 3");
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(Str(refused.json, "error"), "Too many requests");
    EXPECT_EQ(refused.Header("x-ratelimit-remaining"), "0");
    const std::string reset = refused.Header("x-ratelimit-reset");
    EXPECT_EQ(reset.size(), 24u) << reset;  // 2026-…T…:..:00.000Z, the end of the 5-minute window
    EXPECT_TRUE(core::ParseRfc3339(reset));
    EXPECT_EQ(*core::ParseRfc3339(reset) % (5 * core::kMinuteMs), 0);
    EXPECT_EQ(Posts().size(), 3u);
    // Another account has its own bucket; the next window starts afresh.
    Client other = Mastodon("diplomatie");
    EXPECT_EQ(Toot(other, "Autre compte").status, 200);
    clock_.Advance(5 * core::kMinuteMs);
    EXPECT_EQ(Toot(c, "Message 4").status, 200);
}

// ------------------------------------------------------------------ faults

TEST_F(Netsim, Fault429AnswersWithRetryAfterAndStoresNothing) {
    Client c = Mastodon("belgium");
    auto added = Fault(json::object{{"network", "mastodon"},
                                    {"endpoint", "POST /api/v1/statuses"},
                                    {"kind", "429"},
                                    {"count", 2},
                                    {"retry_after", 17}});
    ASSERT_EQ(added.status, 201) << added.body;
    for (int i = 0; i < 2; ++i) {
        auto r = Toot(c, "Bonjour");
        EXPECT_EQ(r.status, 429);
        EXPECT_EQ(r.Header("retry-after"), "17");
        EXPECT_EQ(Str(r.json, "error"), "Too many requests");
    }
    EXPECT_TRUE(Posts().empty());
    EXPECT_EQ(Toot(c, "Bonjour").status, 200);  // the fault is used up
    EXPECT_EQ(Fault(json::object{{"network", "mastodon"}, {"endpoint", "POST /api/v1/toots"}, {"kind", "429"}}).status,
              400);
}

TEST_F(Netsim, FaultsAreTakenInOrderAndMatchTheirEndpoint) {
    std::string did;
    Client b = Bluesky("belgium.test", &did);
    ASSERT_EQ(
        Fault(json::object{{"network", "bluesky"}, {"endpoint", "com.atproto.repo.createRecord"}, {"kind", "500"}})
            .status,
        201);
    ASSERT_EQ(Fault(json::object{{"network", "bluesky"}, {"endpoint", "*"}, {"kind", "429"}}).status, 201);
    // getRecord is not createRecord: the wildcard, queued second, is the first that matches it.
    auto get = Client(port_).Get("/xrpc/com.atproto.repo.getRecord?repo=" + did +
                                 "&collection=app.bsky.feed.post&rkey=3l4ugvbq3gk2a");
    EXPECT_EQ(get.status, 429);
    EXPECT_EQ(Str(get.json, "error"), "RateLimitExceeded");
    auto create = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Bonjour"));
    EXPECT_EQ(create.status, 500);
    EXPECT_EQ(Str(create.json, "error"), "InternalServerError");
    EXPECT_EQ(b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Bonjour")).status, 200);
    EXPECT_EQ(Posts("?network=bluesky").size(), 1u);
}

TEST_F(Netsim, FaultTimeoutWaitsThenClosesWithoutStoring) {
    Client c = Mastodon("belgium");
    const std::string token = Str(Control().Get("/_netsim/accounts").json.at("items").at(0), "access_token");
    ASSERT_EQ(
        Fault(
            json::object{
                {"network", "mastodon"}, {"endpoint", "POST /api/v1/statuses"}, {"kind", "timeout"}, {"delay_ms", 300}})
            .status,
        201);
    auto [status, ms] =
        RawCall(port_, "POST", "/api/v1/statuses", "status=Bonjour",
                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(status, 0) << "the connection must close without an answer";
    EXPECT_GE(ms, 300);
    EXPECT_TRUE(Posts().empty());
    EXPECT_EQ(Toot(c, "Bonjour").status, 200);
}

TEST_F(Netsim, FaultDropAfterStoreKeepsThePostButNeverAnswers) {
    std::string did;
    json::object session;
    Client b = Bluesky("belgium.test", &did, &session);
    ASSERT_EQ(
        Fault(json::object{
                  {"network", "bluesky"}, {"endpoint", "com.atproto.repo.createRecord"}, {"kind", "drop_after_store"}})
            .status,
        201);
    auto [status, ms] = RawCall(
        port_, "POST", "/xrpc/com.atproto.repo.createRecord", json::serialize(Post(did, "Alerte", "3l4ugvbq3gk2a")),
        {{"Authorization", "Bearer " + Str(session, "accessJwt")}, {"Content-Type", "application/json"}});
    EXPECT_EQ(status, 0) << "the connection must close without an answer";
    EXPECT_LT(ms, 5000);
    // The record is there: reconciliation finds it, and a repeat with the same rkey is refused.
    auto found = Client(port_).Get("/xrpc/com.atproto.repo.getRecord?repo=" + did +
                                   "&collection=app.bsky.feed.post&rkey=3l4ugvbq3gk2a");
    EXPECT_EQ(found.status, 200) << found.body;
    auto repeat = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Alerte", "3l4ugvbq3gk2a"));
    EXPECT_EQ(repeat.status, 400);
    EXPECT_EQ(Posts("?network=bluesky").size(), 1u);
}

TEST_F(Netsim, MastodonDropAfterStoreThenIdempotentRetryGivesTheSameStatus) {
    Client c = Mastodon("belgium");
    const std::string token = Str(Control().Get("/_netsim/accounts").json.at("items").at(0), "access_token");
    ASSERT_EQ(Fault(json::object{
                        {"network", "mastodon"}, {"endpoint", "POST /api/v1/statuses"}, {"kind", "drop_after_store"}})
                  .status,
              201);
    auto [status, ms] = RawCall(port_, "POST", "/api/v1/statuses", "status=Alerte",
                                {{"Authorization", "Bearer " + token},
                                 {"Idempotency-Key", "r-1"},
                                 {"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(status, 0);
    EXPECT_LT(ms, 5000);
    auto retry = Toot(c, "Alerte", {{"Idempotency-Key", "r-1"}});
    EXPECT_EQ(retry.status, 200);
    auto posts = Posts();
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(Str(posts[0], "id"), Str(retry.json, "id"));
}

// ------------------------------------------------------------------ Bluesky

TEST_F(Netsim, BlueskySessionsRefreshAndRefuseBadCredentials) {
    std::string did;
    json::object session;
    Client b = Bluesky("belgium.test", &did, &session);
    EXPECT_EQ(Str(session, "handle"), "belgium.test");
    auto by_did = Client(port_).Post("/xrpc/com.atproto.server.createSession",
                                     json::object{{"identifier", did}, {"password", "wrong"}});
    EXPECT_EQ(by_did.status, 401);
    EXPECT_EQ(Str(by_did.json, "error"), "AuthenticationRequired");
    EXPECT_EQ(Str(by_did.json, "message"), "Invalid identifier or password");

    Client bogus(port_);
    bogus.set_bearer("bogus");
    auto r = bogus.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "x"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Str(r.json, "error"), "InvalidToken");
    auto missing = Client(port_).Post("/xrpc/com.atproto.repo.createRecord", Post(did, "x"));
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(Str(missing.json, "error"), "AuthMissing");

    Client refresher(port_);
    refresher.set_bearer(Str(session, "refreshJwt"));
    EXPECT_EQ(Str(refresher.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "x")).json, "error"), "InvalidToken");
    auto refreshed = refresher.Send("POST", "/xrpc/com.atproto.server.refreshSession");
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(Str(refreshed.json, "did"), did);
    EXPECT_EQ(Str(refresher.Send("POST", "/xrpc/com.atproto.server.refreshSession").json, "error"), "ExpiredToken");

    clock_.Advance(2 * core::kHourMs);
    auto expired = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "x"));
    EXPECT_EQ(expired.status, 400);
    EXPECT_EQ(Str(expired.json, "error"), "ExpiredToken");
}

TEST_F(Netsim, BlueskyRecordWithChosenKeyIsCreatedOnceReadListedAndDeleted) {
    std::string did;
    Client b = Bluesky("belgium.test", &did);
    json::object body = Post(did, "Bonjour la Belgique #beffroi", "3l4ugvbq3gk2a");
    body["record"].as_object()["facets"] = json::array{json::object{
        {"index", json::object{{"byteStart", 20}, {"byteEnd", 28}}},
        {"features", json::array{json::object{{"$type", "app.bsky.richtext.facet#tag"}, {"tag", "beffroi"}}}}}};
    body["record"].as_object()["langs"] = json::array{"fr"};
    auto created = b.Post("/xrpc/com.atproto.repo.createRecord", body);
    ASSERT_EQ(created.status, 200) << created.body;
    const std::string uri = "at://" + did + "/app.bsky.feed.post/3l4ugvbq3gk2a";
    EXPECT_EQ(Str(created.json, "uri"), uri);
    const std::string cid = Str(created.json, "cid");
    EXPECT_EQ(cid.rfind("bafyrei", 0), 0u);
    EXPECT_EQ(created.Header("ratelimit-remaining"), "4997");
    EXPECT_EQ(created.Header("ratelimit-policy"), "5000;w=3600");

    auto repeat = b.Post("/xrpc/com.atproto.repo.createRecord", body);
    EXPECT_EQ(repeat.status, 400);
    EXPECT_EQ(Str(repeat.json, "error"), "InvalidRequest");
    EXPECT_EQ(Str(repeat.json, "message"), "Record already exists");
    ASSERT_EQ(Config(json::object{{"bluesky_duplicate_rkey", "500"}}).status, 200);
    auto as_pds = b.Post("/xrpc/com.atproto.repo.createRecord", body);
    EXPECT_EQ(as_pds.status, 500);
    EXPECT_EQ(Str(as_pds.json, "error"), "InternalServerError");

    auto got = Client(port_).Get(
        "/xrpc/com.atproto.repo.getRecord?repo=belgium.test&collection=app.bsky.feed.post&rkey=3l4ugvbq3gk2a");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(Str(got.json, "uri"), uri);
    EXPECT_EQ(Str(got.json, "cid"), cid);
    EXPECT_EQ(got.json.at("value"), body["record"]);  // verbatim, facets included

    auto second = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Sans clé choisie"));
    ASSERT_EQ(second.status, 200) << second.body;
    const std::string second_rkey = Str(second.json, "uri").substr(Str(second.json, "uri").rfind('/') + 1);
    EXPECT_TRUE(netsim::IsTid(second_rkey)) << second_rkey;
    auto list =
        Client(port_).Get("/xrpc/com.atproto.repo.listRecords?repo=" + did + "&collection=app.bsky.feed.post&limit=1");
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.json.at("records").as_array().size(), 1u);
    EXPECT_EQ(Str(list.json.at("records").at(0), "uri"), Str(second.json, "uri"));  // newest rkey first
    auto next = Client(port_).Get("/xrpc/com.atproto.repo.listRecords?repo=" + did +
                                  "&collection=app.bsky.feed.post&limit=1&cursor=" + Str(list.json, "cursor"));
    EXPECT_EQ(Str(next.json.at("records").at(0), "uri"), uri);

    auto deleted = b.Post("/xrpc/com.atproto.repo.deleteRecord",
                          json::object{{"repo", did}, {"collection", "app.bsky.feed.post"}, {"rkey", "3l4ugvbq3gk2a"}});
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_TRUE(deleted.json.as_object().contains("commit"));
    auto gone = Client(port_).Get("/xrpc/com.atproto.repo.getRecord?repo=" + did +
                                  "&collection=app.bsky.feed.post&rkey=3l4ugvbq3gk2a");
    EXPECT_EQ(gone.status, 400);
    EXPECT_EQ(Str(gone.json, "error"), "RecordNotFound");
    EXPECT_EQ(Str(gone.json, "message"), "Could not locate record: " + uri);
    auto again = b.Post("/xrpc/com.atproto.repo.deleteRecord",
                        json::object{{"repo", did}, {"collection", "app.bsky.feed.post"}, {"rkey", "3l4ugvbq3gk2a"}});
    EXPECT_EQ(again.status, 200);
    auto posts = Posts("?network=bluesky&account=belgium.test");
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].at("deleted"), true);

    std::string other_did;
    Client other = Bluesky("impostor.test", &other_did);
    EXPECT_EQ(other.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Usurpation")).status, 401);
}

TEST_F(Netsim, BlueskyCountsGraphemesNotCodePoints) {
    std::string did;
    Client b = Bluesky("belgium.test", &did);
    const std::string flag = "\xF0\x9F\x87\xA7\xF0\x9F\x87\xAA";    // 🇧🇪, 2 code points
    const std::string thumbs = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 👍🏽, 2 code points
    const std::string accent = "e\xCC\x81";                         // e + U+0301
    const std::string family =
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
    EXPECT_EQ(netsim::Graphemes(flag + thumbs + accent + family), 4);
    const std::string exactly = Repeat(flag, 100) + Repeat(thumbs, 50) + Repeat(accent, 100) + Repeat(family, 50);
    ASSERT_EQ(netsim::Graphemes(exactly), 300);
    auto ok = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, exactly));
    EXPECT_EQ(ok.status, 200) << ok.body;
    auto over = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, exactly + accent));
    EXPECT_EQ(over.status, 400);
    EXPECT_EQ(Str(over.json, "message"),
              "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes");

    json::object no_date = Post(did, "Sans date");
    no_date["record"].as_object().erase("createdAt");
    auto undated = b.Post("/xrpc/com.atproto.repo.createRecord", no_date);
    EXPECT_EQ(undated.status, 400);
    EXPECT_EQ(Str(undated.json, "message"),
              "Invalid app.bsky.feed.post record: Record must have the property \"createdAt\"");
    json::object wrong_type = Post(did, "x");
    wrong_type["record"].as_object()["$type"] = "app.bsky.feed.like";
    EXPECT_EQ(b.Post("/xrpc/com.atproto.repo.createRecord", wrong_type).status, 400);
    EXPECT_EQ(Posts("?network=bluesky").size(), 1u);
}

TEST_F(Netsim, BlueskyImagesNeedAnUploadedBlobAndAlt) {
    std::string did;
    Client b = Bluesky("belgium.test", &did);
    auto uploaded = b.Send("POST", "/xrpc/com.atproto.repo.uploadBlob", kPng, {{"Content-Type", "image/png"}});
    ASSERT_EQ(uploaded.status, 200) << uploaded.body;
    const auto& blob = uploaded.json.at("blob");
    EXPECT_EQ(Str(blob, "$type"), "blob");
    EXPECT_EQ(Str(blob, "mimeType"), "image/png");
    EXPECT_EQ(blob.at("size").to_number<long>(), static_cast<long>(kPng.size()));
    const std::string cid = Str(blob.at("ref"), "$link");
    EXPECT_EQ(cid.rfind("bafkrei", 0), 0u);
    auto same = b.Send("POST", "/xrpc/com.atproto.repo.uploadBlob", kPng, {{"Content-Type", "image/png"}});
    EXPECT_EQ(Str(same.json.at("blob").at("ref"), "$link"), cid);  // derived from the bytes

    auto with_image = [&](const json::value& image_blob, bool alt) {
        json::object img{{"image", image_blob}};
        if (alt) img["alt"] = "Le beffroi de Bruges";
        json::object body = Post(did, "Photo");
        body["record"].as_object()["embed"] =
            json::object{{"$type", "app.bsky.embed.images"}, {"images", json::array{img}}};
        return b.Post("/xrpc/com.atproto.repo.createRecord", body);
    };
    EXPECT_EQ(with_image(blob, true).status, 200);
    auto no_alt = with_image(blob, false);
    EXPECT_EQ(no_alt.status, 400);
    EXPECT_EQ(Str(no_alt.json, "message"),
              "Invalid app.bsky.feed.post record: Record/embed/images/0 must have the property \"alt\"");
    json::value unknown = blob;
    unknown.at("ref").as_object()["$link"] = "bafkreinotuploaded";
    auto missing = with_image(unknown, true);
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(Str(missing.json, "error"), "BlobNotFound");
    auto bytes = Client(port_).Get("/xrpc/com.atproto.sync.getBlob?did=" + did + "&cid=" + cid);
    EXPECT_EQ(bytes.body, kPng);
}

TEST_F(Netsim, BlueskyWritePointsAndSignInsAreRateLimited) {
    ASSERT_EQ(Config(json::object{{"rate_limits", json::object{{"bluesky.write_hour", json::object{{"limit", 7}}},
                                                               {"bluesky.session_5min", json::object{{"limit", 2}}}}}})
                  .status,
              200);
    std::string did;
    Client b = Bluesky("belgium.test", &did);  // one sign-in
    EXPECT_EQ(b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "1")).Header("ratelimit-remaining"), "4");
    auto second = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "2"));
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.Header("ratelimit-remaining"), "1");
    auto third = b.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "3"));
    EXPECT_EQ(third.status, 429);
    EXPECT_EQ(Str(third.json, "error"), "RateLimitExceeded");
    EXPECT_EQ(third.Header("ratelimit-limit"), "7");
    EXPECT_EQ(third.Header("ratelimit-remaining"), "0");
    EXPECT_EQ(third.Header("ratelimit-policy"), "7;w=3600");
    EXPECT_EQ(std::stoll(third.Header("ratelimit-reset")), (clock_.NowMs() + core::kHourMs) / 1000);
    EXPECT_EQ(Posts("?network=bluesky").size(), 2u);

    const std::string password = Str(Control().Get("/_netsim/accounts").json.at("items").at(0), "password");
    auto login = [&] {
        return Client(port_).Post("/xrpc/com.atproto.server.createSession",
                                  json::object{{"identifier", "belgium.test"}, {"password", password}});
    };
    EXPECT_EQ(login().status, 200);
    auto refused = login();
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(refused.Header("ratelimit-policy"), "2;w=300");
    clock_.Advance(5 * core::kMinuteMs);
    EXPECT_EQ(login().status, 200);
}

// ------------------------------------------------------------------ latency

TEST_F(Netsim, LatencyDelaysNetworkCallsButNotTheControlApi) {
    ASSERT_EQ(Config(json::object{{"latency_ms", 250}}).status, 200);
    Client c = Mastodon("belgium");
    auto start = Clock::now();
    EXPECT_EQ(Toot(c, "Lentement").status, 200);
    const auto slow = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_GE(slow, 250);
    start = Clock::now();
    EXPECT_EQ(Control().Get("/_netsim/healthz").status, 200);
    const auto fast = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_LT(fast, 250);
}

TEST(NetsimOptions, StartUpLatencyAppliesToEveryNetworkCall) {
    spdlog::set_level(spdlog::level::warn);
    netsim::Options options;
    options.settings.latency_ms = 150;
    netsim::NetsimServer server(options, "127.0.0.1", 0);
    auto url = server.Start();
    ASSERT_TRUE(url.ok());
    std::thread t([&] { server.Run(); });
    const auto port = static_cast<unsigned short>(std::stoi(url.value().substr(url.value().rfind(':') + 1)));
    const auto start = Clock::now();
    auto health = Client(port).Get("/xrpc/_health");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_EQ(health.status, 200);
    EXPECT_GE(ms, 150);
    server.Stop();
    t.join();
}

// ------------------------------------------------------------------ inbox reads: Mastodon

TEST_F(Netsim, MastodonMentionsNotifyAndPageWithMinIdAndLinkHeaders) {
    std::string channel_id;
    Client channel = Mastodon("belgium", &channel_id);
    auto post = Toot(channel, "Horaires d'été");
    ASSERT_EQ(post.status, 200);
    const std::string post_id = Str(post.json, "id");
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        auto r = Control().Post("/_netsim/citizen-posts", json::object{{"network", "mastodon"},
                                                                       {"author_handle", "lea_dupont"},
                                                                       {"author_name", "Léa"},
                                                                       {"text", "Question " + std::to_string(i)},
                                                                       {"in_reply_to", post_id},
                                                                       {"language", "fr"}});
        ASSERT_EQ(r.status, 201) << r.body;
        ids.push_back(Str(r.json, "id"));
    }
    // A reply mentions the author answered (clients prefill it), so it notifies; the HTML marks it up.
    auto status = channel.Get("/api/v1/statuses/" + ids[0]);
    ASSERT_EQ(status.status, 200);
    EXPECT_NE(Str(status.json, "content").find(R"(class="u-url mention">@<span>belgium</span></a>)"), std::string::npos)
        << Str(status.json, "content");
    EXPECT_EQ(Str(status.json.at("mentions").as_array()[0], "id"), channel_id);
    EXPECT_EQ(Str(status.json, "in_reply_to_account_id"), channel_id);

    auto first = channel.Get("/api/v1/notifications?limit=2&types%5B%5D=mention");
    ASSERT_EQ(first.status, 200) << first.body;
    const auto& newest = first.json.as_array();
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(Str(newest[0].at("status"), "id"), ids[4]) << "newest first";
    EXPECT_EQ(Str(newest[0], "type"), "mention");
    const std::string link = first.Header("link");
    EXPECT_NE(link.find("max_id=" + Str(newest[1], "id") + ">; rel=\"next\""), std::string::npos) << link;
    EXPECT_NE(link.find("min_id=" + Str(newest[0], "id") + ">; rel=\"prev\""), std::string::npos) << link;
    // min_id: the page right after it, still newest first.
    auto all = channel.Get("/api/v1/notifications");
    ASSERT_EQ(all.json.as_array().size(), 5u);
    const std::string oldest = Str(all.json.as_array()[4], "id");
    auto after = channel.Get("/api/v1/notifications?limit=2&min_id=" + oldest);
    ASSERT_EQ(after.json.as_array().size(), 2u);
    EXPECT_EQ(Str(after.json.as_array()[0].at("status"), "id"), ids[2]);
    EXPECT_EQ(Str(after.json.as_array()[1].at("status"), "id"), ids[1]);
    auto since = channel.Get("/api/v1/notifications?limit=2&since_id=" + oldest);
    EXPECT_EQ(Str(since.json.as_array()[0].at("status"), "id"), ids[4]) << "since_id: the newest page";
    EXPECT_TRUE(channel.Get("/api/v1/notifications?types%5B%5D=favourite").json.as_array().empty());
    EXPECT_EQ(channel.Get("/api/v1/notifications?exclude_types%5B%5D=mention").json.as_array().size(), 0u);
    EXPECT_EQ(Client(port_).Get("/api/v1/notifications").status, 401);
    // A deleted status takes its notification along.
    auto citizens = Control().Get("/_netsim/accounts?network=mastodon").json.at("items").as_array();
    Client lea(port_);
    for (const auto& a : citizens) {
        if (Str(a, "handle") == "lea_dupont") lea.set_bearer(Str(a, "access_token"));
    }
    ASSERT_EQ(lea.Delete("/api/v1/statuses/" + ids[4]).status, 200);
    EXPECT_EQ(channel.Get("/api/v1/notifications").json.as_array().size(), 4u);
}

TEST_F(Netsim, MastodonDirectMessagesAreSeenOnlyByThoseMentionedAndContextFollowsTheThread) {
    Client channel = Mastodon("belgium");
    Client stranger = Mastodon("stranger");
    const std::string root = Str(Toot(channel, "Annonce").json, "id");
    auto q = Control().Post(
        "/_netsim/citizen-posts",
        json::object{{"network", "mastodon"}, {"author_handle", "marc"}, {"text", "Et moi ?"}, {"in_reply_to", root}});
    ASSERT_EQ(q.status, 201);
    auto answer =
        channel.Send("POST", "/api/v1/statuses",
                     json::serialize(json::object{{"status", "@marc Voici"}, {"in_reply_to_id", Str(q.json, "id")}}),
                     {{"Content-Type", "application/json"}});
    ASSERT_EQ(answer.status, 200) << answer.body;
    // Another citizen answering the first one mentions both, as Mastodon's clients do (reply to all).
    auto second = Control().Post("/_netsim/citizen-posts", json::object{{"network", "mastodon"},
                                                                        {"author_handle", "lena"},
                                                                        {"text", "Moi aussi"},
                                                                        {"in_reply_to", Str(q.json, "id")}});
    EXPECT_EQ(Str(second.json, "text"), "@marc @belgium Moi aussi");
    auto context = Client(port_).Get("/api/v1/statuses/" + Str(q.json, "id") + "/context");
    ASSERT_EQ(context.status, 200) << context.body;
    ASSERT_EQ(context.json.at("ancestors").as_array().size(), 1u);
    EXPECT_EQ(Str(context.json.at("ancestors").as_array()[0], "id"), root);
    ASSERT_EQ(context.json.at("descendants").as_array().size(), 2u);
    EXPECT_EQ(Str(context.json.at("descendants").as_array()[0], "id"), Str(answer.json, "id")) << "in order made";
    EXPECT_EQ(Str(context.json.at("descendants").as_array()[1], "id"), Str(second.json, "id"));

    auto dm = Control().Post(
        "/_netsim/citizen-posts",
        json::object{
            {"network", "mastodon"}, {"author_handle", "marc"}, {"text", "En privé"}, {"direct_to", "belgium"}});
    ASSERT_EQ(dm.status, 201) << dm.body;
    EXPECT_EQ(Str(dm.json, "visibility"), "direct");
    EXPECT_EQ(Str(dm.json, "text"), "@belgium En privé");
    const std::string dm_id = Str(dm.json, "id");
    EXPECT_EQ(channel.Get("/api/v1/statuses/" + dm_id).status, 200) << "the channel is mentioned";
    EXPECT_EQ(stranger.Get("/api/v1/statuses/" + dm_id).status, 404);
    EXPECT_EQ(Client(port_).Get("/api/v1/statuses/" + dm_id + "/context").status, 404);
    auto intrusion = stranger.Send("POST", "/api/v1/statuses",
                                   json::serialize(json::object{{"status", "hi"}, {"in_reply_to_id", dm_id}}),
                                   {{"Content-Type", "application/json"}});
    EXPECT_EQ(intrusion.status, 404) << "replying to what one cannot see";
    // The citizen's answer to a direct message stays direct.
    auto follow = Control().Post(
        "/_netsim/citizen-posts",
        json::object{{"network", "mastodon"}, {"author_handle", "marc"}, {"text", "Merci"}, {"in_reply_to", dm_id}});
    EXPECT_EQ(Str(follow.json, "visibility"), "direct");
}

TEST_F(Netsim, MastodonReportsAreValidatedAndKept) {
    std::string troll_id;
    Client channel = Mastodon("belgium");
    Client troll = Mastodon("troll", &troll_id);
    const std::string insult = Str(Toot(troll, "@belgium idiots").json, "id");
    auto send = [&](const json::object& body) {
        return channel.Send("POST", "/api/v1/reports", json::serialize(body), {{"Content-Type", "application/json"}});
    };
    EXPECT_EQ(send(json::object{{"status_ids", json::array{insult}}}).status, 404) << "account_id is required";
    EXPECT_EQ(send(json::object{{"account_id", troll_id}, {"status_ids", json::array{"999"}}}).status, 404);
    EXPECT_EQ(send(json::object{{"account_id", troll_id}, {"comment", std::string(1001, 'x')}}).status, 422);
    EXPECT_EQ(send(json::object{{"account_id", troll_id}, {"category", "violation"}}).status, 422);
    auto ok = send(json::object{
        {"account_id", troll_id}, {"status_ids", json::array{insult}}, {"comment", "insulte"}, {"category", "other"}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(Str(ok.json.at("target_account"), "id"), troll_id);
    EXPECT_EQ(Str(ok.json, "category"), "other");
    EXPECT_EQ(ok.json.at("status_ids").as_array()[0].as_string(), insult);
    const auto reports = Control().Get("/_netsim/reports").json.at("items").as_array();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(Str(reports[0], "account"), "belgium");
    EXPECT_EQ(Str(reports[0], "comment"), "insulte");
}

// ------------------------------------------------------------------ inbox reads: Bluesky

TEST_F(Netsim, BlueskyNotificationsFollowTheAppViewAndHiddenRepliesDisappear) {
    std::string did;
    json::object session;
    Client channel = Bluesky("belgium.test", &did, &session);
    auto created = channel.Post("/xrpc/com.atproto.repo.createRecord", Post(did, "Annonce"));
    ASSERT_EQ(created.status, 200) << created.body;
    const std::string root = Str(created.json, "uri");
    std::vector<std::string> replies;
    for (int i = 0; i < 3; ++i) {
        auto r = Control().Post("/_netsim/citizen-posts", json::object{{"network", "bluesky"},
                                                                       {"author_handle", "lea.bsky.social"},
                                                                       {"text", "Réponse " + std::to_string(i)},
                                                                       {"in_reply_to", root}});
        ASSERT_EQ(r.status, 201) << r.body;
        replies.push_back(Str(r.json, "uri"));
        clock_.Advance(1);
    }
    auto mention = Control().Post("/_netsim/citizen-posts", json::object{{"network", "bluesky"},
                                                                         {"author_handle", "noor.bsky.social"},
                                                                         {"author_name", "<b>Noor</b>"},
                                                                         {"text", "Hé"},
                                                                         {"mention", "belgium.test"}});
    ASSERT_EQ(mention.status, 201) << mention.body;
    EXPECT_EQ(Str(mention.json, "text"), "@belgium.test Hé");

    auto list = channel.Get("/xrpc/app.bsky.notification.listNotifications?limit=2");
    ASSERT_EQ(list.status, 200) << list.body;
    const auto& page = list.json.at("notifications").as_array();
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(Str(page[0], "reason"), "mention");
    EXPECT_EQ(Str(page[0].at("author"), "displayName"), "<b>Noor</b>");
    EXPECT_EQ(Str(page[1], "reason"), "reply");
    EXPECT_EQ(Str(page[1], "reasonSubject"), root);
    EXPECT_EQ(Str(page[1].at("record"), "text"), "Réponse 2");
    auto rest = channel.Get("/xrpc/app.bsky.notification.listNotifications?limit=2&cursor=" + Str(list.json, "cursor"));
    ASSERT_EQ(rest.json.at("notifications").as_array().size(), 2u);
    auto end = channel.Get("/xrpc/app.bsky.notification.listNotifications?limit=2&cursor=" + Str(rest.json, "cursor"));
    EXPECT_TRUE(end.json.at("notifications").as_array().empty()) << "an empty page ends the list";
    EXPECT_EQ(channel.Get("/xrpc/app.bsky.notification.listNotifications?reasons=mention")
                  .json.at("notifications")
                  .as_array()
                  .size(),
              1u);
    EXPECT_EQ(Str(channel.Get("/xrpc/app.bsky.notification.listNotifications?limit=0").json, "message"),
              "Invalid app.bsky.notification.listNotifications params: integer too small (minimum 1, got 0)");
    EXPECT_EQ(Str(channel.Get("/xrpc/app.bsky.notification.listNotifications?cursor=zzz").json, "message"),
              "Malformed cursor");
    EXPECT_EQ(Client(port_).Get("/xrpc/app.bsky.notification.listNotifications").status, 401);

    // The thread's author hides a reply with a threadgate: putRecord, swapRecord null = must not exist.
    const std::string rkey = root.substr(root.rfind('/') + 1);
    json::object gate{{"repo", did},
                      {"collection", "app.bsky.feed.threadgate"},
                      {"rkey", rkey},
                      {"swapRecord", nullptr},
                      {"record", json::object{{"$type", "app.bsky.feed.threadgate"},
                                              {"post", root},
                                              {"createdAt", "2026-11-22T10:00:00.000Z"},
                                              {"hiddenReplies", json::array{replies[1]}}}}};
    auto put = channel.Post("/xrpc/com.atproto.repo.putRecord", gate);
    ASSERT_EQ(put.status, 200) << put.body;
    auto twice = channel.Post("/xrpc/com.atproto.repo.putRecord", gate);
    EXPECT_EQ(twice.status, 400);
    EXPECT_EQ(Str(twice.json, "error"), "InvalidSwap");
    EXPECT_EQ(Str(twice.json, "message"), "Record was at " + Str(put.json, "cid"));
    const auto hidden = Posts("?network=bluesky&hidden=true");
    ASSERT_EQ(hidden.size(), 1u);
    EXPECT_EQ(Str(hidden[0], "uri"), replies[1]);
    EXPECT_EQ(Str(hidden[0], "parent"), root);
    auto after = channel.Get("/xrpc/app.bsky.notification.listNotifications");
    for (const auto& n : after.json.at("notifications").as_array()) EXPECT_NE(Str(n, "uri"), replies[1]);
    EXPECT_EQ(after.json.at("notifications").as_array().size(), 3u);

    json::array many;
    for (int i = 0; i < 301; ++i) many.push_back(json::string(replies[0]));
    gate["record"].as_object()["hiddenReplies"] = many;
    gate.erase("swapRecord");
    auto full = channel.Post("/xrpc/com.atproto.repo.putRecord", gate);
    EXPECT_EQ(full.status, 400);
    EXPECT_EQ(
        Str(full.json, "message"),
        "Invalid app.bsky.feed.threadgate record: array too big (maximum 300, got 301) at $.record.hiddenReplies");

    // Without an AppView, app.bsky.* answers as a PDS alone does.
    ASSERT_EQ(Config(json::object{{"bluesky_appview", false}}).status, 200);
    auto none = channel.Get("/xrpc/app.bsky.notification.listNotifications");
    EXPECT_EQ(none.status, 400);
    EXPECT_EQ(Str(none.json, "message"), "No service configured for app.bsky.notification.listNotifications");
}

TEST_F(Netsim, BlueskyRepositoriesAreListedAndDescribed) {
    std::string did;
    Client channel = Bluesky("belgium.test", &did);
    ASSERT_EQ(Control()
                  .Post("/_netsim/citizen-posts", json::object{{"network", "bluesky"},
                                                               {"author_handle", "lea.bsky.social"},
                                                               {"author_name", "Léa"},
                                                               {"text", "x"}})
                  .status,
              201);
    auto repos = Client(port_).Get("/xrpc/com.atproto.sync.listRepos?limit=1");
    ASSERT_EQ(repos.status, 200) << repos.body;
    ASSERT_EQ(repos.json.at("repos").as_array().size(), 1u);
    EXPECT_EQ(Str(repos.json.at("repos").as_array()[0], "did"), did);
    auto next = Client(port_).Get("/xrpc/com.atproto.sync.listRepos?limit=1&cursor=" + Str(repos.json, "cursor"));
    ASSERT_EQ(next.json.at("repos").as_array().size(), 1u);
    const std::string lea = Str(next.json.at("repos").as_array()[0], "did");
    EXPECT_NE(lea, did);
    EXPECT_EQ(Client(port_).Get("/xrpc/com.atproto.sync.listRepos?limit=1001").status, 400);
    auto described = Client(port_).Get("/xrpc/com.atproto.repo.describeRepo?repo=" + lea);
    ASSERT_EQ(described.status, 200);
    EXPECT_EQ(Str(described.json, "handle"), "lea.bsky.social");
    EXPECT_EQ(described.json.at("collections").as_array().size(), 2u) << "the profile and the post";
    EXPECT_EQ(Client(port_).Get("/xrpc/com.atproto.repo.describeRepo").status, 400);
    EXPECT_EQ(Str(Client(port_).Get("/xrpc/com.atproto.repo.describeRepo?repo=did:plc:none").json, "error"),
              "RepoNotFound");
}

// ------------------------------------------------------------------ citizens

TEST_F(Netsim, CitizenPostsAreValidatedLikeTheNetworks) {
    Mastodon("belgium");
    std::string did;
    Bluesky("belgium.test", &did);
    auto post = [&](json::object body) { return Control().Post("/_netsim/citizen-posts", body); };
    EXPECT_EQ(post({{"author_handle", "lea"}, {"text", "x"}}).status, 400) << "network";
    EXPECT_EQ(post({{"network", "mastodon"}, {"text", "x"}}).status, 400) << "author_handle";
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "lea-dupont"}, {"text", "x"}}).status, 400)
        << "a Mastodon username has no '-'";
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "lea"}}).status, 400) << "text";
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "lea"}, {"text", "   "}}).status, 400)
        << "Validation failed: Text can't be blank";
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "lea"}, {"text", "x"}, {"in_reply_to", "404"}}).status,
              404);
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "belgium"}, {"text", "x"}}).status, 409)
        << "a channel is not a citizen";
    EXPECT_EQ(post({{"network", "mastodon"}, {"author_handle", "lea"}, {"text", "x"}, {"direct_to", "nobody"}}).status,
              404);
    EXPECT_EQ(
        post({{"network", "bluesky"}, {"author_handle", "lea.bsky.social"}, {"text", "x"}, {"direct_to", "b"}}).status,
        400);
    EXPECT_EQ(post({{"network", "bluesky"}, {"author_handle", "lea.bsky.social"}, {"text", Repeat("é", 301)}}).status,
              400);
    EXPECT_EQ(post({{"network", "bluesky"}, {"author_handle", "lea"}, {"text", "x"}}).status, 400) << "a domain";
    EXPECT_EQ(post({{"network", "bluesky"}, {"author_handle", "lea.bsky.social"}, {"text", 3}}).status, 400);
    EXPECT_EQ(Control().Post("/_netsim/citizens", json::object{{"per_minute", -1}}).status, 400);
    EXPECT_EQ(Control().Post("/_netsim/citizens", json::object{{"seed", "x"}}).status, 400);
    EXPECT_EQ(Control().Post("/_netsim/citizens", json::object{{"enabled", "yes"}}).status, 400);
    EXPECT_EQ(Control().Post("/_netsim/citizens/tick", json::object{{"count", 0}}).status, 400);
    EXPECT_EQ(Control().Get("/_netsim/posts?citizen=maybe").status, 400);
}

// A netsim of its own, with a fake clock, two channels with a post each, and citizens at `per_minute`
// from `seed` for `minutes`; what they wrote, in order.
std::vector<std::string> CitizensRun(std::uint64_t seed, int minutes, double per_minute, int answers = 0) {
    core::FakeClock clock(1790000000000);
    netsim::NetsimServer server(netsim::Options{}, "127.0.0.1", 0, &clock, 2);
    auto url = server.Start();
    EXPECT_TRUE(url.ok());
    std::thread t([&] { server.Run(); });
    const auto port = static_cast<unsigned short>(std::stoi(url.value().substr(url.value().rfind(':') + 1)));
    Client control(port);
    auto m = control.Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", "belgium"}});
    Client channel(port);
    channel.set_bearer(Str(m.json, "access_token"));
    channel.Send("POST", "/api/v1/statuses", "status=Bonjour", {{"Content-Type", "application/x-www-form-urlencoded"}});
    auto b = control.Post("/_netsim/accounts", json::object{{"network", "bluesky"}, {"handle", "belgium.bsky.social"}});
    auto s =
        Client(port).Post("/xrpc/com.atproto.server.createSession",
                          json::object{{"identifier", "belgium.bsky.social"}, {"password", b.json.at("password")}});
    Client bsky(port);
    bsky.set_bearer(Str(s.json, "accessJwt"));
    bsky.Post("/xrpc/com.atproto.repo.createRecord",
              json::object{{"repo", Str(s.json, "did")},
                           {"collection", "app.bsky.feed.post"},
                           {"record", json::object{{"text", "Bonjour"}, {"createdAt", "2026-11-22T10:00:00.000Z"}}}});
    control.Post("/_netsim/citizens", json::object{{"per_minute", per_minute}, {"seed", seed}, {"enabled", true}});
    for (int minute = 0; minute < minutes; ++minute) {
        clock.Advance(core::kMinuteMs);
        control.Post("/_netsim/citizens/tick", json::object{});
        // The channel answers its first citizens on Mastodon, so that some of them follow up.
        if (minute == 0) {
            int answered = 0;
            const auto posted = control.Get("/_netsim/posts?network=mastodon&citizen=true");
            for (const auto& p : posted.json.at("items").as_array()) {
                if (answered >= answers || Str(p, "visibility") == "direct") continue;
                channel.Send(
                    "POST", "/api/v1/statuses",
                    json::serialize(json::object{{"status", "@" + Str(p, "author") + " Merci, voici la réponse."},
                                                 {"in_reply_to_id", Str(p, "id")}}),
                    {{"Content-Type", "application/json"}});
                ++answered;
            }
        }
    }
    std::vector<std::string> out;
    for (const char* network : {"mastodon", "bluesky"}) {
        auto items =
            control.Get(std::string("/_netsim/posts?citizen=true&network=") + network).json.at("items").as_array();
        std::vector<std::pair<std::string, std::string>> ordered;  // creation order: status ids; record keys (TIDs)
        for (const auto& p : items) {
            if (p.as_object().contains("collection") && Str(p, "collection") != "app.bsky.feed.post") continue;
            const std::string order = p.as_object().contains("rkey") ? Str(p, "rkey") : Str(p, "id");
            const auto* langs =
                p.as_object().contains("value") ? p.at("value").as_object().if_contains("langs") : nullptr;
            const std::string language = p.as_object().contains("language") && p.at("language").is_string()
                                             ? Str(p, "language")
                                         : langs != nullptr ? std::string(langs->as_array()[0].as_string())
                                                            : "";
            ordered.emplace_back(order, std::string(network) + " | " + Str(p, "author") + " | " +
                                            Str(p, "author_name") + " | " + Str(p, "citizen_kind") + " | " + language +
                                            " | " + (Str(p, "parent").empty() ? "-" : "reply") + " | " +
                                            (p.as_object().contains("visibility") ? Str(p, "visibility") : "") + " | " +
                                            Str(p, "text"));
        }
        std::sort(ordered.begin(), ordered.end());
        for (auto& [order, line] : ordered) out.push_back(std::move(line));
    }
    server.Stop();
    t.join();
    return out;
}

TEST(NetsimCitizens, TheSameSeedGivesTheSameMessagesAndTheClockSetsTheRate) {
    spdlog::set_level(spdlog::level::warn);
    const auto first = CitizensRun(7, 3, 20);
    const auto again = CitizensRun(7, 3, 20);
    const auto other = CitizensRun(8, 3, 20);
    EXPECT_EQ(first.size(), 60u) << "20 a minute for 3 minutes of the fake clock";
    EXPECT_EQ(first, again);
    EXPECT_NE(first, other);
}

TEST(NetsimCitizens, TheyWriteInFourLanguagesEveryKindWithValidPersonalDataDisguisesAndFollowUps) {
    spdlog::set_level(spdlog::level::warn);
    const auto lines = CitizensRun(42, 4, 150, 12);
    ASSERT_EQ(lines.size(), 600u);
    std::map<std::string, int> kinds;
    std::map<std::string, int> languages;
    std::set<std::string> networks;
    int direct = 0;
    int replies = 0;
    int nrn = 0;
    int iban = 0;
    int cyrillic = 0;
    int zero_width = 0;
    int rlo = 0;
    int script = 0;
    const std::regex nrn_re(R"(\b\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}\b|\b\d{11}\b)");
    const std::regex iban_re(R"(BE\d{2}(?: ?\d{4}){3})");
    for (const auto& line : lines) {
        const auto parts = core::Split(line, '|');
        ASSERT_GE(parts.size(), 8u) << line;
        auto field = [&](size_t i) { return std::string(core::Trim(parts[i])); };
        networks.insert(field(0));
        ++kinds[field(3)];
        ++languages[field(4)];
        replies += field(5) == "reply";
        direct += field(6) == "direct";
        for (std::sregex_iterator it(line.begin(), line.end(), nrn_re), end; it != end; ++it) {
            EXPECT_TRUE(netsim::citizens::ValidNationalRegisterNumber(it->str())) << it->str();
            ++nrn;
        }
        for (std::sregex_iterator it(line.begin(), line.end(), iban_re), end; it != end; ++it) {
            EXPECT_TRUE(netsim::citizens::ValidIban(it->str())) << it->str();
            ++iban;
        }
        cyrillic += line.find("\xD0") != std::string::npos || line.find("\xD1") != std::string::npos;
        zero_width += line.find("\u200B") != std::string::npos || line.find("\u200C") != std::string::npos ||
                      line.find("\u200D") != std::string::npos;
        rlo += line.find("\u202E") != std::string::npos;
        script += line.find("<script>") != std::string::npos;
    }
    EXPECT_EQ(networks, (std::set<std::string>{"mastodon", "bluesky"}));
    for (const char* lang : {"fr", "nl", "de", "en"}) EXPECT_GE(languages[lang], 40) << lang;
    EXPECT_GE(languages[""], 20) << "some clients leave the language out";
    for (const char* kind : {"question", "praise", "complaint", "spam", "personal_data", "insult", "threat", "racism",
                             "discrimination", "hostile", "long"}) {
        EXPECT_GE(kinds[kind], 3) << kind;
    }
    EXPECT_GE(kinds["question"], 100) << "questions are the most common";
    EXPECT_GE(kinds["followup_thanks"] + kinds["followup_more"], 5) << "citizens answer the channel's answers";
    EXPECT_GE(direct, 20);
    EXPECT_GE(replies, 200);
    EXPECT_GE(nrn, 10);
    EXPECT_GE(iban, 5);
    EXPECT_GE(cyrillic, 3);
    EXPECT_GE(zero_width, 3);
    EXPECT_GE(rlo, 3) << "in texts and display names";
    EXPECT_GE(script, 3);
}

TEST(NetsimCorpus, PersonalDataIsValidAndDisguisesRewriteOnlyTheMarkedWords) {
    netsim::citizens::Rng rng(3);
    for (int i = 0; i < 2000; ++i) {
        const std::string n = netsim::citizens::NationalRegisterNumber(rng, i % 2 == 0);
        ASSERT_TRUE(netsim::citizens::ValidNationalRegisterNumber(n)) << n;
        const std::string b = netsim::citizens::BelgianIban(rng, i % 2 == 0);
        ASSERT_TRUE(netsim::citizens::ValidIban(b)) << b;
        ASSERT_EQ(b.substr(0, 2), "BE");
    }
    EXPECT_TRUE(netsim::citizens::ValidIban("BE68 5390 0754 7034")) << "the ISO 13616 example";
    EXPECT_FALSE(netsim::citizens::ValidIban("BE69 5390 0754 7034"));
    EXPECT_TRUE(netsim::citizens::ValidNationalRegisterNumber("85.07.30-033.28")) << "97 - (850730033 mod 97)";
    EXPECT_FALSE(netsim::citizens::ValidNationalRegisterNumber("85.07.30-033.29"));
    using netsim::citizens::DisguiseKind;
    const std::string text = "Bande d'*incompétents*, vous ne servez à rien.";
    EXPECT_EQ(netsim::citizens::Disguise(text, DisguiseKind::kNone, rng),
              "Bande d'incompétents, vous ne servez à rien.");
    for (auto kind : {DisguiseKind::kLeet, DisguiseKind::kRepeat, DisguiseKind::kSpaced, DisguiseKind::kCyrillic,
                      DisguiseKind::kZeroWidth, DisguiseKind::kMixedCase}) {
        const std::string d = netsim::citizens::Disguise(text, kind, rng);
        EXPECT_NE(d.find("Bande d'"), std::string::npos) << d;
        EXPECT_NE(d.find(", vous ne servez à rien."), std::string::npos) << d;
        EXPECT_EQ(d.find("incompétents"), std::string::npos) << netsim::citizens::DisguiseName(kind) << ": " << d;
        EXPECT_EQ(d.find('*'), std::string::npos);
    }
}

}  // namespace
}  // namespace belfry::testing
