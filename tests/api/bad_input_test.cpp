// Bad input over real HTTP, on both engines: every malformed request gets the right status and an
// RFC 9457 problem naming what was wrong; stored text comes back verbatim as JSON; security headers
// are on every answer.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "support/api_helpers.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;
namespace asio = boost::asio;

constexpr std::size_t kMiB = 1024 * 1024;

// Sends `head` (request line and headers, up to the blank line) and `body` bytes as they are, and returns
// the raw answer. For requests that Client cannot make: a Content-Length larger than the bytes sent.
std::string RawExchange(unsigned short port, const std::string& head, const std::string& body) {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(head), ec);
    if (!ec) asio::write(socket, asio::buffer(body), ec);  // the server may stop reading early
    std::string answer;
    char buf[4096];
    for (;;) {
        const std::size_t n = socket.read_some(asio::buffer(buf), ec);
        answer.append(buf, n);
        if (ec) break;
    }
    return answer;
}

// Signed in as the root administrator of a fresh tree gov → service.
struct World {
    explicit World(const std::string& engine, std::size_t max_body = kMiB) : server(engine, max_body) {
        if (!server.ok()) return;
        gov = server.SeedRoot();
        service = server.AddOrg(gov, "service", "foreign-affairs");
        server.AddUser("admin", "administrator", gov);
        EXPECT_EQ(admin.Login("admin").status, 200);
    }
    TestServer server;
    Client admin{server.port()};
    long long gov = 0;
    long long service = 0;
};

class BadInput : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInput, BodiesThatAreNotAJsonObjectAreRefusedAsTheBody) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const std::map<std::string, std::string> json_type{{"Content-Type", "application/json"}};

    auto malformed = w.admin.Send("POST", "/api/v1/channels", R"({"organisation_id": 1,)", json_type);
    EXPECT_TRUE(IsProblem(malformed, 400, "invalid-request", "body", "not valid JSON"));

    auto empty = w.admin.Send("POST", "/api/v1/channels", "", json_type);
    EXPECT_TRUE(IsProblem(empty, 400, "invalid-request", "body"));

    // "é" cut after its first byte, inside an otherwise valid JSON string.
    auto bad_utf8 = w.admin.Send("POST", "/api/v1/channels", "{\"display_name\": \"caf\xC3\"}", json_type);
    EXPECT_TRUE(IsProblem(bad_utf8, 400, "invalid-request", "body", "UTF-8"));
    auto overlong = w.admin.Send("POST", "/api/v1/channels", "{\"display_name\": \"\xC0\xAF\"}", json_type);
    EXPECT_TRUE(IsProblem(overlong, 400, "invalid-request", "body", "UTF-8"));

    auto array = w.admin.Send("POST", "/api/v1/channels", R"([{"organisation_id": 1}])", json_type);
    EXPECT_TRUE(IsProblem(array, 400, "invalid-request", "body", "JSON object"));
    auto scalar = w.admin.Send("POST", "/api/v1/channels", R"("text")", json_type);
    EXPECT_TRUE(IsProblem(scalar, 400, "invalid-request", "body", "JSON object"));

    // Nothing was stored by any of them.
    auto list = w.admin.Get("/api/v1/channels");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json.at("total").as_int64(), 0);
}

TEST_P(BadInput, FieldProblemsNameTheField) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto good = ChannelBody(w.service, "https://x.com/belgiumbe", "Belgium.be");

    auto unknown = good;
    unknown["colour"] = "blue";
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", unknown), 400, "invalid-request", "colour",
                          "unknown field 'colour'"));

    auto id_as_string = good;
    id_as_string["organisation_id"] = "7";
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", id_as_string), 400, "invalid-request", "organisation_id",
                          "must be an integer"));

    auto langs_as_string = good;
    langs_as_string["languages"] = "fr";
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", langs_as_string), 400, "invalid-request", "languages",
                          "array of strings"));

    auto langs_with_number = good;
    langs_with_number["languages"] = json::array{"fr", 2};
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", langs_with_number), 400, "invalid-request", "languages"));

    auto fractional_id = good;
    fractional_id["organisation_id"] = 1.5;
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", fractional_id), 400, "invalid-request", "organisation_id"));

    auto missing = good;
    missing.erase("display_name");
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", missing), 400, "invalid-request", "display_name",
                          "display_name is required"));

    auto unknown_language = good;
    unknown_language["languages"] = json::array{"fr", "es"};
    EXPECT_TRUE(
        IsProblem(w.admin.Post("/api/v1/channels", unknown_language), 400, "invalid-request", "languages", "'es'"));

    // Nested objects name the path to the field.
    auto org = json::object{{"parent_id", w.gov}, {"kind", "service"}, {"names", Names("Finance")}};
    org["names"].as_object()["it"] = "Finanze";
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/organisations", org), 400, "invalid-request", "names", "names.it"));

    // Every field problem also lists itself in `errors`.
    auto r = w.admin.Post("/api/v1/channels", missing);
    ASSERT_TRUE(r.json.is_object());
    ASSERT_EQ(r.json.at("errors").as_array().size(), 1u);
    EXPECT_EQ(r.json.at("errors").at(0).at("field").as_string(), "display_name");

    EXPECT_EQ(w.admin.Post("/api/v1/channels", good).status, 201);
}

TEST_P(BadInput, BodiesOverTheLimitAre413) {
    {
        World small(GetParam(), 1024);
        ASSERT_TRUE(small.server.ok());
        auto body = ChannelBody(small.service, "https://x.com/belgiumbe", std::string(2000, 'a'));
        auto r = small.admin.Post("/api/v1/channels", body);
        EXPECT_TRUE(IsProblem(r, 413, "payload-too-large", "body", "1024 bytes"));
        auto fits = small.admin.Post("/api/v1/channels", ChannelBody(small.service, "https://x.com/belgiumbe"));
        EXPECT_EQ(fits.status, 201) << fits.body;
    }
    World w(GetParam());  // the default limit: 1 MiB
    ASSERT_TRUE(w.server.ok());
    // Exactly 1 MiB is read and judged on its content (here: an unknown field).
    auto exact = ChannelBody(w.service, "https://x.com/belgiumbe");
    const std::size_t base = json::serialize(exact).size() + std::string(R"(,"padding":"")").size();
    exact["padding"] = std::string(kMiB - base, 'p');
    ASSERT_EQ(json::serialize(exact).size(), kMiB);
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", exact), 400, "invalid-request", "padding"));
    // One byte more is refused as soon as the headers announce it.
    const std::string head =
        "POST /api/v1/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(kMiB + 1) + "\r\n\r\n";
    const std::string answer = RawExchange(w.server.port(), head, std::string(64 * 1024, ' '));
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("/problems/payload-too-large"), std::string::npos);
    EXPECT_NE(answer.find("1048576 bytes"), std::string::npos);
}

TEST_P(BadInput, ABodyThatIsNotJsonIs415) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const std::string body = json::serialize(ChannelBody(w.service, "https://x.com/belgiumbe"));
    for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
        SCOPED_TRACE(type);
        auto r = w.admin.Send("POST", "/api/v1/channels", body, {{"Content-Type", type}});
        EXPECT_TRUE(IsProblem(r, 415, "unsupported-media-type", "Content-Type", type));
    }
    EXPECT_TRUE(IsProblem(w.admin.Send("POST", "/api/v1/channels", body), 415, "unsupported-media-type"));
    // The media type is case-insensitive and may carry parameters.
    auto ok = w.admin.Send("POST", "/api/v1/channels", body, {{"Content-Type", "Application/JSON; charset=UTF-8"}});
    EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_P(BadInput, UnknownPathsAre404AndWrongMethods405WithAllow) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    EXPECT_TRUE(IsProblem(w.admin.Get("/api/v1/nothing-here"), 404, "not-found", "", "/api/v1/nothing-here"));
    EXPECT_TRUE(IsProblem(w.admin.Get("/api/v2/channels"), 404, "not-found"));
    EXPECT_TRUE(IsProblem(w.admin.Get("/api/v1/channels/1/history"), 404, "not-found"));
    Client anonymous(w.server.port());
    EXPECT_TRUE(IsProblem(anonymous.Get("/api/v1/nothing-here"), 404, "not-found"));

    struct Case {
        std::string method, path, allow;
    };
    const Case cases[] = {
        {"PUT", "/api/v1/channels", "GET, POST"},
        {"DELETE", "/api/v1/channels", "GET, POST"},
        {"PUT", "/api/v1/channels/1", "GET, PATCH, DELETE"},
        {"GET", "/api/v1/channels/1/validate", "POST"},
        {"POST", "/api/v1/public/verify", "GET"},
        {"POST", "/healthz", "GET"},
        {"DELETE", "/api/v1/users/me", "PATCH, GET"},  // /users/me and /users/{id} both match
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.method + " " + c.path);
        auto r = w.admin.Send(c.method, c.path);
        EXPECT_TRUE(IsProblem(r, 405, "invalid-request", "", c.method + " is not allowed"));
        EXPECT_EQ(r.Header("allow"), c.allow);
    }
}

TEST_P(BadInput, IdsInPathsMustBePositiveIntegers) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    for (const std::string id : {"abc", "7x", "0", "-3", "1.0", "99999999999999999999"}) {
        SCOPED_TRACE(id);
        EXPECT_TRUE(IsProblem(w.admin.Get("/api/v1/channels/" + id), 400, "invalid-request", "id", "not an id"));
        EXPECT_TRUE(IsProblem(w.admin.Get("/api/v1/organisations/" + id), 400, "invalid-request", "id"));
        EXPECT_TRUE(IsProblem(w.admin.Delete("/api/v1/roles/" + id), 400, "invalid-request", "id"));
    }
    EXPECT_TRUE(IsProblem(w.admin.Get("/api/v1/channels/12345"), 404, "not-found"));
}

TEST_P(BadInput, BadQueryParametersNameTheParameter) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    struct Case {
        std::string target, field, says;
    };
    const Case cases[] = {
        {"/api/v1/channels?page=0", "page", "page must be 1 or more"},
        {"/api/v1/channels?page=-1", "page", "page must be 1 or more"},
        {"/api/v1/channels?page=two", "page", "must be an integer (got 'two')"},
        {"/api/v1/channels?per_page=500", "per_page", "between 1 and 200"},
        {"/api/v1/channels?per_page=0", "per_page", "between 1 and 200"},
        {"/api/v1/channels?organisation_id=abc", "organisation_id", "must be an integer (got 'abc')"},
        {"/api/v1/channels?organisation_id=999", "organisation_id", "organisation 999 does not exist"},
        {"/api/v1/channels?revalidation_due=yes", "revalidation_due", "true or false"},
        {"/api/v1/public/channels?per_page=201", "per_page", "between 1 and 200"},
        {"/api/v1/public/channels?organisation_id=1x", "organisation_id", "must be an integer"},
        {"/api/v1/audit?page=0", "page", "page must be 1 or more"},
        {"/api/v1/audit?organisation_id=abc", "organisation_id", "must be an integer"},
        {"/api/v1/roles?user_id=me", "user_id", "must be an integer"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.target);
        EXPECT_TRUE(IsProblem(w.admin.Get(c.target), 400, "invalid-request", c.field, c.says));
    }
    auto edge = w.admin.Get("/api/v1/channels?page=1&per_page=200");
    ASSERT_EQ(edge.status, 200) << edge.body;
    EXPECT_EQ(edge.json.at("per_page").as_int64(), 200);
}

TEST_P(BadInput, MarkupIsStoredVerbatimAndServedOnlyAsJson) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const std::string script = "<script>alert('x')</script> & \"quotes\" </script><img src=x onerror=alert(1)>";
    auto created = w.admin.Post("/api/v1/channels", ChannelBody(w.service, "https://x.com/belgiumbe", script));
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(Str(created.json, "display_name"), script);

    for (const std::string& target :
         {"/api/v1/channels/" + std::to_string(IdOf(created)), std::string("/api/v1/public/verify?url=belgiumbe@x")}) {
        SCOPED_TRACE(target);
        auto r = w.admin.Get(target);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
        EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
        const json::value& channel = r.json.as_object().contains("channel") ? r.json.at("channel") : r.json;
        EXPECT_EQ(Str(channel, "display_name"), script);
    }

    // Organisation names too.
    auto names = Names("Finance");
    names["en"] = "<b onmouseover=\"alert(1)\">Finance</b>";
    auto org = w.admin.Post("/api/v1/organisations",
                            json::object{{"parent_id", w.gov}, {"kind", "service"}, {"slug", "fin"}, {"names", names}});
    ASSERT_EQ(org.status, 201) << org.body;
    auto read = w.admin.Get("/api/v1/organisations/" + std::to_string(IdOf(org)));
    EXPECT_EQ(read.json.at("names").at("en").as_string(), "<b onmouseover=\"alert(1)\">Finance</b>");
    EXPECT_EQ(read.Header("content-type"), "application/json; charset=utf-8");
}

TEST_P(BadInput, EveryAnswerCarriesTheSecurityHeaders) {
    World w(GetParam(), 4096);
    ASSERT_TRUE(w.server.ok());
    Client anonymous(w.server.port());
    auto created = w.admin.Post("/api/v1/channels", ChannelBody(w.service, "https://x.com/belgiumbe"));
    ASSERT_EQ(created.status, 201);
    const std::pair<std::string, HttpResult> answers[] = {
        {"201", created},
        {"200", w.admin.Get("/api/v1/channels")},
        {"204", w.admin.Delete("/api/v1/session")},
        {"200 public", anonymous.Get("/api/v1/public/verify?url=belgiumbe@x")},
        {"healthz", anonymous.Get("/healthz")},
        {"metrics", anonymous.Get("/metrics")},
        {"400", anonymous.Get("/api/v1/public/verify")},
        {"401", anonymous.Get("/api/v1/channels")},
        {"401 sign-in", anonymous.Post("/api/v1/session", json::object{{"username", "admin"}, {"password", "wrong"}})},
        {"404", anonymous.Get("/api/v1/nope")},
        {"404 static", anonymous.Get("/index.html")},
        {"405", anonymous.Send("PUT", "/api/v1/channels")},
        {"413",
         anonymous.Send("POST", "/api/v1/session", std::string(5000, ' '), {{"Content-Type", "application/json"}})},
        {"415", anonymous.Send("POST", "/api/v1/session", "{}", {{"Content-Type", "text/plain"}})},
    };
    for (const auto& [name, r] : answers) {
        SCOPED_TRACE(name + ": " + std::to_string(r.status));
        EXPECT_NE(r.status, 0);
        EXPECT_NE(r.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
        EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
        EXPECT_EQ(r.Header("cache-control"), "no-store");
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, BadInput, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
