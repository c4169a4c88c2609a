// Sign-in, CSRF, throttling and bearer tokens over real HTTP, on both engines.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class SessionApi : public ::testing::TestWithParam<std::string> {};

TEST_P(SessionApi, SignInSetsHttpOnlyCookieAndCsrfIsRequiredForChanges) {
    TestServer server(GetParam());
    ASSERT_TRUE(server.ok());
    const long long gov = server.SeedRoot();
    server.AddUser("alice", "administrator", gov);
    Client c(server.port());
    auto login = c.Login("alice");
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_NE(login.Header("set-cookie").find("HttpOnly"), std::string::npos);
    EXPECT_NE(login.Header("set-cookie").find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(c.Get("/api/v1/session").status, 200);

    const std::string csrf = c.csrf();
    c.set_csrf("");
    auto no_csrf = c.Post("/api/v1/organisations",
                          json::object{{"parent_id", gov},
                                       {"kind", "minister"},
                                       {"names", json::object{{"fr", "a"}, {"nl", "b"}, {"de", "c"}, {"en", "d"}}}});
    EXPECT_EQ(no_csrf.status, 403);
    EXPECT_EQ(no_csrf.json.at("type").as_string(), "/problems/csrf");
    c.set_csrf(csrf);
    auto with_csrf = c.Post("/api/v1/organisations",
                            json::object{{"parent_id", gov},
                                         {"kind", "minister"},
                                         {"names", json::object{{"fr", "a"}, {"nl", "b"}, {"de", "c"}, {"en", "d"}}}});
    EXPECT_EQ(with_csrf.status, 201) << with_csrf.body;

    EXPECT_EQ(c.Delete("/api/v1/session").status, 204);
    EXPECT_EQ(c.Get("/api/v1/session").status, 401);
}

TEST_P(SessionApi, WrongPasswordIsRefusedAndRepeatedFailuresAreThrottled) {
    TestServer server(GetParam());
    ASSERT_TRUE(server.ok());
    server.AddUser("bob");
    Client c(server.port());
    for (int i = 0; i < 5; ++i) {
        auto r = c.Login("bob", "not the password");
        EXPECT_EQ(r.status, 401) << r.body;
        EXPECT_EQ(r.Header("content-type").rfind("application/problem+json", 0), 0u);
    }
    auto throttled = c.Login("bob");  // even the right password waits
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.Header("retry-after"), "900");
    server.clock().Advance(16 * 60 * 1000);
    EXPECT_EQ(c.Login("bob").status, 200);
}

TEST_P(SessionApi, ApiTokenAuthenticatesWithoutCsrfAndRevocationEndsIt) {
    TestServer server(GetParam());
    ASSERT_TRUE(server.ok());
    const long long gov = server.SeedRoot();
    server.AddUser("carol", "administrator", gov);
    Client c(server.port());
    ASSERT_EQ(c.Login("carol").status, 200);
    auto created = c.Post("/api/v1/tokens", json::object{{"name", "press-feed"}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string token(created.json.at("token").as_string());
    EXPECT_EQ(token.rfind("bfy_", 0), 0u);

    Client bot(server.port());
    bot.set_bearer(token);
    EXPECT_EQ(bot.Get("/api/v1/organisations").status, 200);
    auto unsafe = bot.Post("/api/v1/organisations",
                           json::object{{"parent_id", gov},
                                        {"kind", "minister"},
                                        {"names", json::object{{"fr", "a"}, {"nl", "b"}, {"de", "c"}, {"en", "d"}}}});
    EXPECT_EQ(unsafe.status, 201) << unsafe.body;

    const long long id = created.json.at("id").as_int64();
    EXPECT_EQ(c.Delete("/api/v1/tokens/" + std::to_string(id)).status, 204);
    EXPECT_EQ(bot.Get("/api/v1/organisations").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines, SessionApi, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
