// The public side, without signing in, on both engines: "is this account official?", the public list of
// channels, and the operations endpoints (health, metrics, meta).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>

#include "support/api_helpers.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

// Percent-encodes everything but unreserved characters, as a browser form would.
std::string Encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

// gov → minister → foreign-affairs → embassy-cairo, with the root administrator signed in, and a
// citizen who never signs in.
struct World {
    explicit World(const std::string& engine) : server(engine) {
        if (!server.ok()) return;
        gov = server.SeedRoot();
        minister = server.AddOrg(gov, "minister", "minister");
        fa = server.AddOrg(minister, "service", "foreign-affairs");
        cairo = server.AddOrg(fa, "diplomatic_post", "embassy-cairo");
        admin_id = server.AddUser("admin", "administrator", gov);
        EXPECT_EQ(admin.Login("admin").status, 200);
    }
    long long AddChannel(long long org, const std::string& url, const std::string& status = "active",
                         const std::string& account_id = "") {
        auto body = ChannelBody(org, url, "Channel " + url);
        body["status"] = status;
        if (!account_id.empty()) body["platform_account_id"] = account_id;
        auto r = admin.Post("/api/v1/channels", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return IdOf(r);
    }
    HttpResult Verify(const std::string& input, const std::string& account_id = "") {
        return citizen.Get("/api/v1/public/verify?url=" + Encode(input) +
                           (account_id.empty() ? "" : "&account_id=" + account_id));
    }

    TestServer server;
    Client admin{server.port()};
    Client citizen{server.port()};
    long long gov = 0, minister = 0, fa = 0, cairo = 0, admin_id = 0;
};

std::vector<long long> PathIds(const HttpResult& r) {
    std::vector<long long> ids;
    for (const auto& o : r.json.at("organisation").at("path").as_array()) ids.push_back(o.at("id").as_int64());
    return ids;
}

class VerifyApi : public ::testing::TestWithParam<std::string> {};

TEST_P(VerifyApi, AnActiveChannelIsOfficialWithItsOrganisationPath) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long id = w.AddChannel(w.fa, "https://x.com/belgiumbe");
    for (const std::string input : {"https://twitter.com/BelgiumBE", "http://x.com/belgiumbe/", "belgiumbe@x",
                                    "belgiumbe@twitter", "@belgiumbe@x", "mobile.twitter.com/belgiumbe?lang=fr"}) {
        SCOPED_TRACE(input);
        auto r = w.Verify(input);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(Str(r.json, "verdict"), "official");
        EXPECT_EQ(r.json.at("query").at("input").as_string(), input);
        EXPECT_EQ(r.json.at("query").at("network").as_string(), "x");
        EXPECT_EQ(r.json.at("query").at("handle").as_string(), "belgiumbe");
        EXPECT_EQ(r.json.at("channel").at("id").as_int64(), id);
        EXPECT_FALSE(r.json.at("channel").as_object().contains("primary_contact_id"));
        EXPECT_EQ(r.json.at("organisation").at("id").as_int64(), w.fa);
        EXPECT_EQ(r.json.at("organisation").at("kind").as_string(), "service");
        EXPECT_EQ(r.json.at("organisation").at("names").at("en").as_string(), "foreign-affairs (en)");
        EXPECT_EQ(PathIds(r), (std::vector<long long>{w.gov, w.minister, w.fa}));
        EXPECT_TRUE(r.json.at("former_since").is_null());
        EXPECT_NE(Str(r.json, "message").find("official account of foreign-affairs (en)"), std::string::npos);
    }
    // The query parameter may also arrive unencoded.
    EXPECT_EQ(Str(w.citizen.Get("/api/v1/public/verify?url=https://x.com/belgiumbe").json, "verdict"), "official");

    const long long post = w.AddChannel(w.cairo, "https://www.facebook.com/embassy.cairo");
    auto r = w.Verify("https://www.facebook.com/Embassy.Cairo");
    EXPECT_EQ(Str(r.json, "verdict"), "official");
    EXPECT_EQ(r.json.at("channel").at("id").as_int64(), post);
    EXPECT_EQ(PathIds(r), (std::vector<long long>{w.gov, w.minister, w.fa, w.cairo}));
}

TEST_P(VerifyApi, UnknownPlannedDeletedAndArchivedAccountsAreNotOfficial) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto unknown = w.Verify("https://x.com/belgium_news");
    ASSERT_EQ(unknown.status, 200);
    EXPECT_EQ(Str(unknown.json, "verdict"), "unknown");
    EXPECT_TRUE(unknown.json.at("channel").is_null());
    EXPECT_TRUE(unknown.json.at("organisation").is_null());
    EXPECT_TRUE(unknown.json.at("former_since").is_null());
    EXPECT_NE(Str(unknown.json, "message").find("not in the registry"), std::string::npos);

    w.AddChannel(w.fa, "https://www.instagram.com/diplomatiebe", "planned");
    auto planned = w.Verify("instagram.com/diplomatiebe");
    EXPECT_EQ(Str(planned.json, "verdict"), "unknown");
    EXPECT_TRUE(planned.json.at("channel").is_null());

    const long long id = w.AddChannel(w.cairo, "https://www.facebook.com/embassy.cairo");
    w.server.clock().Advance(core::kDayMs);
    ASSERT_EQ(w.admin.Login("admin").status, 200);  // sessions last 12 hours
    auto deleted = w.admin.Delete("/api/v1/channels/" + std::to_string(id));
    ASSERT_EQ(deleted.status, 200);
    auto former = w.Verify("https://facebook.com/embassy.cairo");
    ASSERT_EQ(former.status, 200);
    EXPECT_EQ(Str(former.json, "verdict"), "former");
    EXPECT_EQ(Str(former.json, "former_since"), "2026-09-22T14:13:20Z");
    EXPECT_EQ(former.json.at("channel").at("status").as_string(), "deleted");
    EXPECT_EQ(PathIds(former), (std::vector<long long>{w.gov, w.minister, w.fa, w.cairo}));
    EXPECT_NE(Str(former.json, "message").find("until 2026-09-22"), std::string::npos);

    const long long archived = w.AddChannel(w.fa, "https://x.com/oldministry");
    w.server.clock().Advance(core::kDayMs);
    ASSERT_EQ(w.admin.Login("admin").status, 200);
    ASSERT_EQ(
        w.admin.Patch("/api/v1/channels/" + std::to_string(archived), json::object{{"status", "archived"}}).status,
        200);
    auto old = w.Verify("oldministry@x");
    EXPECT_EQ(Str(old.json, "verdict"), "former");
    EXPECT_EQ(Str(old.json, "former_since"), "2026-09-23T14:13:20Z");

    // A dormant account still speaks for its owner.
    const long long dormant = w.AddChannel(w.fa, "https://x.com/quietone", "dormant");
    EXPECT_EQ(Str(w.Verify("quietone@x").json, "verdict"), "official");
    EXPECT_NE(dormant, 0);
}

TEST_P(VerifyApi, AReRegisteredHandleIsNeverOfficial) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long id = w.AddChannel(w.fa, "https://x.com/belgiumbe", "active", "123");
    EXPECT_EQ(Str(w.Verify("https://x.com/belgiumbe", "123").json, "verdict"), "official");
    // Same handle, another account id: an impersonator who took the name.
    auto other = w.Verify("https://x.com/belgiumbe", "999");
    EXPECT_EQ(Str(other.json, "verdict"), "unknown");
    EXPECT_NE(Str(other.json, "message").find("different account"), std::string::npos);

    ASSERT_EQ(w.admin.Delete("/api/v1/channels/" + std::to_string(id)).status, 200);
    // The government gave the handle up; whoever registers it next is not the government.
    for (const std::string account : {"", "999", "123"}) {
        SCOPED_TRACE("account_id=" + account);
        auto r = w.Verify("https://x.com/belgiumbe", account);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_NE(Str(r.json, "verdict"), "official");
    }
    EXPECT_EQ(Str(w.Verify("https://x.com/belgiumbe").json, "verdict"), "former");
    EXPECT_EQ(Str(w.Verify("https://x.com/belgiumbe", "123").json, "verdict"), "former");
    EXPECT_EQ(Str(w.Verify("https://x.com/i/user/123").json, "verdict"), "former");

    // Later the government registers the handle again on a new account (id 456): that one is official,
    // the old account 123 and any other id stay not official.
    w.AddChannel(w.fa, "https://x.com/belgiumbe", "active", "456");
    EXPECT_EQ(Str(w.Verify("https://x.com/belgiumbe").json, "verdict"), "official");
    EXPECT_EQ(Str(w.Verify("https://x.com/belgiumbe", "456").json, "verdict"), "official");
    EXPECT_NE(Str(w.Verify("https://x.com/belgiumbe", "123").json, "verdict"), "official");
    EXPECT_NE(Str(w.Verify("https://x.com/belgiumbe", "999").json, "verdict"), "official");
    EXPECT_NE(Str(w.Verify("https://x.com/i/user/123").json, "verdict"), "official");
}

TEST_P(VerifyApi, MissingOrUnreadableInputIs400WithTheAcceptedForms) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/verify"), 400, "invalid-request", "url", "belgiumbe@x"));
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/verify?url="), 400, "invalid-request", "url", "belgiumbe@x"));
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/verify?url=%20%20"), 400, "invalid-request", "url"));
    for (const std::string input : {"nonsense", "ftp://x.com/belgiumbe", "belgiumbe@nowhere", "https://example.com/"}) {
        SCOPED_TRACE(input);
        auto r = w.Verify(input);
        EXPECT_TRUE(IsProblem(r, 400, "invalid-request", "url"));
        const std::string detail = Str(r.json, "detail");
        // The detail quotes the input and says which forms would work.
        EXPECT_TRUE(detail.find("https://") != std::string::npos || detail.find("@<network>") != std::string::npos ||
                    detail.find("http(s)") != std::string::npos)
            << detail;
    }
    auto nonsense = w.Verify("nonsense");
    EXPECT_NE(Str(nonsense.json, "detail").find("https://x.com/<handle>"), std::string::npos);
    EXPECT_NE(Str(nonsense.json, "detail").find("<handle>@<network>"), std::string::npos);
}

TEST_P(VerifyApi, ThePublicListShowsOnlyLiveChannelsAndNoContacts) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto with_contact = ChannelBody(w.fa, "https://x.com/belgiumbe", "Belgium.be", {"fr", "nl"});
    with_contact["primary_contact_id"] = w.admin_id;
    with_contact["backup_contact_id"] = w.admin_id;
    with_contact["tags"] = json::array{"press"};
    auto active = w.admin.Post("/api/v1/channels", with_contact);
    ASSERT_EQ(active.status, 201) << active.body;
    EXPECT_EQ(active.json.at("primary_contact_id").as_int64(), w.admin_id);  // the internal view has it
    auto dormant_body = ChannelBody(w.cairo, "https://www.facebook.com/embassy.cairo", "Embassy in Cairo", {"en"});
    dormant_body["status"] = "dormant";
    dormant_body["primary_contact_id"] = w.admin_id;
    auto dormant = w.admin.Post("/api/v1/channels", dormant_body);
    ASSERT_EQ(dormant.status, 201);
    w.AddChannel(w.fa, "https://www.youtube.com/@diplomatie", "planned");
    const long long archived = w.AddChannel(w.fa, "https://www.instagram.com/diplomatiebe");
    ASSERT_EQ(
        w.admin.Patch("/api/v1/channels/" + std::to_string(archived), json::object{{"status", "archived"}}).status,
        200);
    const long long deleted = w.AddChannel(w.fa, "https://www.linkedin.com/company/diplomatie");
    ASSERT_EQ(w.admin.Delete("/api/v1/channels/" + std::to_string(deleted)).status, 200);

    auto all = w.citizen.Get("/api/v1/public/channels");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(ItemIds(all), (std::vector<long long>{IdOf(active), IdOf(dormant)}));
    EXPECT_EQ(all.json.at("total").as_int64(), 2);
    EXPECT_EQ(all.json.at("page").as_int64(), 1);
    EXPECT_EQ(all.json.at("per_page").as_int64(), 50);
    for (const auto& item : all.json.at("items").as_array()) {
        EXPECT_FALSE(item.as_object().contains("primary_contact_id")) << json::serialize(item);
        EXPECT_FALSE(item.as_object().contains("backup_contact_id")) << json::serialize(item);
    }
    EXPECT_EQ(all.body.find("contact"), std::string::npos);

    const std::string fa = std::to_string(w.fa);
    const std::string cairo = std::to_string(w.cairo);
    const std::pair<std::string, std::vector<long long>> cases[] = {
        {"per_page=1", {IdOf(active)}},
        {"per_page=1&page=2", {IdOf(dormant)}},
        {"per_page=1&page=3", {}},
        {"network=facebook", {IdOf(dormant)}},
        {"network=x", {IdOf(active)}},
        {"network=instagram", {}},
        {"language=en", {IdOf(dormant)}},
        {"language=nl", {IdOf(active)}},
        {"tag=press", {IdOf(active)}},
        {"q=cairo", {IdOf(dormant)}},
        {"organisation_id=" + fa, {IdOf(active), IdOf(dormant)}},
        {"organisation_id=" + cairo, {IdOf(dormant)}},
        {"organisation_id=" + std::to_string(w.gov) + "&network=x", {IdOf(active)}},
    };
    for (const auto& [query, expected] : cases) {
        SCOPED_TRACE(query);
        auto r = w.citizen.Get("/api/v1/public/channels?" + query);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(ItemIds(r), expected);
    }
    auto paged = w.citizen.Get("/api/v1/public/channels?per_page=1&page=2");
    EXPECT_EQ(paged.json.at("total").as_int64(), 2);
    EXPECT_EQ(paged.json.at("page").as_int64(), 2);
    EXPECT_EQ(paged.json.at("per_page").as_int64(), 1);

    // Planned and deleted channels are never listed, even when asked for.
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/channels?status=planned"), 400, "invalid-request", "status"));
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/channels?status=deleted"), 400, "invalid-request", "status",
                          "/api/v1/public/verify"));
    // Archived ones only on request.
    EXPECT_EQ(ItemIds(w.citizen.Get("/api/v1/public/channels?status=archived")), std::vector<long long>{archived});
    EXPECT_TRUE(IsProblem(w.citizen.Get("/api/v1/public/channels?organisation_id=9999"), 400, "invalid-request",
                          "organisation_id"));

    auto orgs = w.citizen.Get("/api/v1/public/organisations");
    ASSERT_EQ(orgs.status, 200);
    EXPECT_EQ(ItemIds(orgs), (std::vector<long long>{w.gov, w.minister, w.fa, w.cairo}));
}

TEST_P(VerifyApi, HealthMetricsAndMetaAreOpen) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto health = w.citizen.Get("/healthz");
    ASSERT_EQ(health.status, 200);
    EXPECT_EQ(health.json, (json::object{{"status", "ok"}, {"database", "ok"}, {"engine", GetParam()}}));

    const long long id = w.AddChannel(w.fa, "https://x.com/belgiumbe");
    w.citizen.Get("/api/v1/public/verify?url=belgiumbe@x");
    w.citizen.Get("/api/v1/public/verify?url=belgiumbe@x");
    w.admin.Get("/api/v1/channels/" + std::to_string(id));
    w.admin.Get("/api/v1/channels/424242");
    w.citizen.Get("/api/v1/no-such-thing");
    auto metrics = w.citizen.Get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.Header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
    const std::string& text = metrics.body;
    EXPECT_NE(text.find("# TYPE belfry_http_requests_total counter"), std::string::npos);
    for (const std::string line :
         {"belfry_http_requests_total{route=\"/api/v1/public/verify\",method=\"GET\",status=\"200\"} 2",
          "belfry_http_requests_total{route=\"/api/v1/channels/{id}\",method=\"GET\",status=\"200\"} 1",
          "belfry_http_requests_total{route=\"/api/v1/channels/{id}\",method=\"GET\",status=\"404\"} 1",
          "belfry_http_requests_total{route=\"/api/v1/channels\",method=\"POST\",status=\"201\"} 1",
          "belfry_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
          "belfry_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"}) {
        EXPECT_NE(text.find(line + "\n"), std::string::npos) << line << "\n" << text;
    }
    // Labels are route patterns, never raw paths with ids.
    EXPECT_EQ(text.find("/api/v1/channels/424242"), std::string::npos);
    EXPECT_EQ(text.find("no-such-thing"), std::string::npos);
    EXPECT_NE(text.find("belfry_http_request_duration_seconds_count{route=\"/api/v1/channels/{id}\"} 2"),
              std::string::npos);
    EXPECT_NE(text.find("belfry_db_pool_size"), std::string::npos);

    auto meta = w.citizen.Get("/api/v1/meta");
    ASSERT_EQ(meta.status, 200);
    EXPECT_EQ(meta.json.at("networks"),
              (json::array{"facebook", "x", "linkedin", "youtube", "instagram", "flickr", "vimeo", "mastodon",
                           "bluesky", "threads", "googleplus", "other"}));
    EXPECT_EQ(meta.json.at("roles"), (json::array{"administrator", "editor", "reviewer", "spokesperson", "moderator",
                                                  "analyst", "agency_member"}));
    EXPECT_EQ(meta.json.at("languages"), (json::array{"fr", "nl", "de", "en"}));
    EXPECT_EQ(meta.json.at("organisation_kinds"),
              (json::array{"government", "minister", "service", "unit", "diplomatic_post"}));
    EXPECT_EQ(meta.json.at("channel_statuses"), (json::array{"planned", "active", "dormant", "archived", "deleted"}));
    EXPECT_EQ(meta.json.at("revalidation_days").as_int64(), 180);
    EXPECT_EQ(meta.json.at("version").as_string(), BELFRY_VERSION);
}

INSTANTIATE_TEST_SUITE_P(Engines, VerifyApi, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
