// CurlHttpClient against belfry's own HttpServer on loopback: statuses, headers, bodies, and the
// failures that decide "nothing was sent" versus "outcome unknown".
#include "networks/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "http/server.hpp"

namespace belfry::networks {
namespace {

class CurlHttpClientTest : public ::testing::Test {
  protected:
    void SetUp() override {
        http::ServerOptions o;
        o.host = "127.0.0.1";
        o.port = 0;
        o.threads = 2;
        o.max_body_bytes = std::size_t{4} * 1024 * 1024;
        server_ = std::make_unique<http::HttpServer>([this](http::Request& req) { return Handle(req); }, o);
        auto started = server_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        base_ = *started;
        thread_ = std::thread([this] { server_->Run(); });
    }
    void TearDown() override {
        if (server_) server_->Stop();
        if (thread_.joinable()) thread_.join();
    }

    http::Response Handle(http::Request& req) {
        {
            std::lock_guard lock(mu_);
            last_ = req;
            ++count_;
        }
        http::Response res;
        res.content_type = "application/json";
        if (req.path == "/echo") {
            res.status = 201;
            res.headers.emplace_back("X-RateLimit-Remaining", "299");
            res.headers.emplace_back("X-Multi", "a");
            res.headers.emplace_back("X-Multi", "b");
            res.body = req.method + " " + req.Header("idempotency-key") + " " + req.body;
        } else if (req.path == "/fail") {
            res.status = 503;
            res.headers.emplace_back("Retry-After", "7");
            res.body = R"({"error":"down"})";
        } else if (req.path == "/slow") {
            res.delay_ms = 1500;
            res.body = "{}";
        } else if (req.path == "/drop") {
            res.close_without_response = true;
        } else if (req.path == "/big") {
            res.body = std::string(2048, 'x');
        } else {
            res.status = 404;
        }
        return res;
    }

    std::unique_ptr<http::HttpServer> server_;
    std::thread thread_;
    std::string base_;
    std::mutex mu_;
    http::Request last_;
    std::atomic<int> count_{0};
};

TEST_F(CurlHttpClientTest, SendsMethodHeadersAndBodyAndReadsTheAnswer) {
    CurlHttpClient client;
    HttpRequest req;
    req.method = "POST";
    req.url = base_ + "/echo";
    req.headers = {{"Idempotency-Key", "k-1"}, {"Content-Type", "application/json"}};
    req.body = R"({"status":"Bonjour Liège"})";
    auto resp = client.Send(req);
    ASSERT_TRUE(resp.ok()) << resp.error().message;
    EXPECT_EQ(resp->status, 201);
    EXPECT_EQ(resp->body, R"(POST k-1 {"status":"Bonjour Liège"})");
    EXPECT_EQ(resp->Header("X-RATELIMIT-REMAINING"), "299");
    EXPECT_EQ(resp->headers.at("x-multi"), "a, b");
    std::lock_guard lock(mu_);
    EXPECT_EQ(last_.Header("content-type"), "application/json");
    EXPECT_EQ(last_.Header("expect"), "") << "no 100-continue round trip";
    EXPECT_NE(last_.Header("user-agent").find("belfry/"), std::string::npos);
}

TEST_F(CurlHttpClientTest, GetAndDeleteWork) {
    CurlHttpClient client;
    HttpRequest get;
    get.url = base_ + "/echo";
    auto resp = client.Send(get);
    ASSERT_TRUE(resp.ok());
    EXPECT_EQ(resp->body, "GET  ");
    HttpRequest del;
    del.method = "DELETE";
    del.url = base_ + "/echo";
    resp = client.Send(del);
    ASSERT_TRUE(resp.ok());
    EXPECT_EQ(resp->body, "DELETE  ");
}

TEST_F(CurlHttpClientTest, ErrorStatusesAreAnswersNotErrors) {
    CurlHttpClient client;
    HttpRequest req;
    req.url = base_ + "/fail";
    auto resp = client.Send(req);
    ASSERT_TRUE(resp.ok());
    EXPECT_EQ(resp->status, 503);
    EXPECT_EQ(resp->Header("retry-after"), "7");
}

TEST_F(CurlHttpClientTest, ATimeoutAfterSendingMayHaveDelivered) {
    CurlHttpClient client;
    HttpRequest req;
    req.method = "POST";
    req.url = base_ + "/slow";
    req.body = "{}";
    req.timeout_ms = 300;
    auto resp = client.Send(req);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, core::ErrorCode::kUnavailable);
    EXPECT_TRUE(TransportMayHaveDelivered(resp.error()));
    EXPECT_NE(resp.error().message.find("300 ms"), std::string::npos) << resp.error().message;
    EXPECT_EQ(count_.load(), 1) << "the server did receive it";
}

TEST_F(CurlHttpClientTest, ADroppedConnectionMayHaveDeliveredAndIsNotResent) {
    CurlHttpClient client;
    HttpRequest warm;  // leaves a kept-alive connection that a careless client would reuse
    warm.url = base_ + "/echo";
    ASSERT_TRUE(client.Send(warm).ok());
    HttpRequest req;
    req.method = "POST";
    req.url = base_ + "/drop";
    req.body = "{}";
    auto resp = client.Send(req);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, core::ErrorCode::kUnavailable);
    EXPECT_TRUE(TransportMayHaveDelivered(resp.error()));
    EXPECT_EQ(count_.load(), 2) << "the POST reached the server exactly once";
}

TEST_F(CurlHttpClientTest, ARefusedConnectionDeliveredNothing) {
    server_->Stop();
    thread_.join();
    server_.reset();
    CurlHttpClient client;
    HttpRequest req;
    req.method = "POST";
    req.url = base_ + "/echo";
    auto resp = client.Send(req);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, core::ErrorCode::kUnavailable);
    EXPECT_FALSE(TransportMayHaveDelivered(resp.error())) << resp.error().message;
}

TEST_F(CurlHttpClientTest, AnAnswerOverTheLimitIsAnError) {
    CurlOptions o;
    o.max_response_bytes = 1024;
    CurlHttpClient client(o);
    HttpRequest req;
    req.url = base_ + "/big";
    auto resp = client.Send(req);
    ASSERT_FALSE(resp.ok());
    EXPECT_EQ(resp.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_TRUE(TransportMayHaveDelivered(resp.error()));
}

TEST_F(CurlHttpClientTest, AnUnusableUrlSendsNothing) {
    CurlHttpClient client;
    for (const char* url : {"", "ftp://example.com/x", "http://[::1"}) {
        HttpRequest req;
        req.url = url;
        auto resp = client.Send(req);
        ASSERT_FALSE(resp.ok()) << url;
        EXPECT_FALSE(TransportMayHaveDelivered(resp.error())) << url << ": " << resp.error().message;
    }
}

TEST_F(CurlHttpClientTest, IsUsableFromManyThreads) {
    CurlHttpClient client;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                HttpRequest req;
                req.url = base_ + "/echo";
                auto resp = client.Send(req);
                if (resp.ok() && resp->status == 201) ++ok;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok.load(), 40);
}

}  // namespace
}  // namespace belfry::networks
