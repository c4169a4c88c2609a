// A streamed response (server-sent events) over real loopback HTTP: the headers go at once with the
// security headers, each Poll() result is sent as it comes, the response ends when the stream ends,
// and other requests are served meanwhile.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/server.hpp"
#include "networks/http_client.hpp"

namespace belfry::http {
namespace {

class Counting : public StreamBody {
  public:
    explicit Counting(int n) : n_(n) { poll_ms = 10; }
    std::optional<std::string> Poll() override {
        if (sent_ >= n_) return std::nullopt;
        // Every other poll has nothing to say: nothing is written for it.
        if (tick_++ % 2 == 1) return std::string();
        return "event: inbox\ndata: " + std::to_string(sent_++) + "\n\n";
    }

  private:
    int n_;
    int sent_ = 0;
    int tick_ = 0;
};

TEST(ServerStream, SendsEachEventThenEndsAndKeepsServingOthers) {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    HttpServer server(
        [](Request& req) {
            if (req.path == "/events") {
                Response res;
                res.content_type = "text/event-stream; charset=utf-8";
                res.stream = std::make_shared<Counting>(3);
                return res;
            }
            return Response::Json(200, boost::json::object{{"ok", true}});
        },
        options);
    auto url = server.Start();
    ASSERT_TRUE(url.ok()) << url.error().message;
    std::thread runner([&] { server.Run(); });

    networks::CurlHttpClient http;
    networks::HttpRequest events;
    events.method = "GET";
    events.url = url.value() + "/events";
    events.timeout_ms = 5000;
    auto r = http.Send(events);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "event: inbox\ndata: 0\n\nevent: inbox\ndata: 1\n\nevent: inbox\ndata: 2\n\n");
    bool sse = false;
    bool csp = false;
    for (const auto& [k, v] : r->headers) {
        if (k == "content-type" && v.rfind("text/event-stream", 0) == 0) sse = true;
        if (k == "content-security-policy") csp = true;
    }
    EXPECT_TRUE(sse);
    EXPECT_TRUE(csp);

    networks::HttpRequest plain;
    plain.method = "GET";
    plain.url = url.value() + "/other";
    auto other = http.Send(plain);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->status, 200);
    server.Stop();
    runner.join();
}

}  // namespace
}  // namespace belfry::http
