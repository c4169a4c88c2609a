// Who may do what, over real HTTP on both engines. The tree is gov → minister → A (foreign-affairs) and
// B (employment); each test signs in as one person and checks every call they might try.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/api_helpers.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

std::string Channel(long long id) { return "/api/v1/channels/" + std::to_string(id); }
std::string Org(long long id) { return "/api/v1/organisations/" + std::to_string(id); }
std::string User(long long id) { return "/api/v1/users/" + std::to_string(id); }

struct Call {
    std::string method;
    std::string path;
    json::value body;  // null: sent without a body
    int status;
};

void ExpectCalls(Client& c, const std::vector<Call>& calls) {
    for (const auto& call : calls) {
        SCOPED_TRACE(call.method + " " + call.path + " " + json::serialize(call.body));
        auto r = call.body.is_null() ? c.Send(call.method, call.path) : c.Json(call.method, call.path, call.body);
        EXPECT_EQ(r.status, call.status) << r.body;
        if (call.status == 403) {
            EXPECT_TRUE(IsProblem(r, 403, "forbidden"));
        }
    }
}

struct World {
    explicit World(const std::string& engine) : server(engine) {
        if (!server.ok()) return;
        gov = server.SeedRoot();
        minister = server.AddOrg(gov, "minister", "minister");
        a = server.AddOrg(minister, "service", "foreign-affairs");
        b = server.AddOrg(minister, "service", "employment");
        root_id = server.AddUser("root", "administrator", gov);
        EXPECT_EQ(root.Login("root").status, 200);
        chan_a = IdOf(root.Post("/api/v1/channels", ChannelBody(a, "https://x.com/diplomatiebe", "Diplomatie.be")));
        chan_b = IdOf(root.Post("/api/v1/channels", ChannelBody(b, "https://www.linkedin.com/company/fod-werk")));
        EXPECT_NE(chan_a, 0);
        EXPECT_NE(chan_b, 0);
    }
    Client As(const std::string& username) {
        Client c(server.port());
        EXPECT_EQ(c.Login(username).status, 200) << username;
        return c;
    }
    // The ids of the grants `user` holds, as the root administrator sees them.
    std::vector<long long> GrantsOf(long long user) {
        return ItemIds(root.Get("/api/v1/roles?user_id=" + std::to_string(user)));
    }

    TestServer server;
    Client root{server.port()};
    long long gov = 0, minister = 0, a = 0, b = 0, root_id = 0, chan_a = 0, chan_b = 0;
};

class RoleMatrix : public ::testing::TestWithParam<std::string> {};

TEST_P(RoleMatrix, AnAdministratorOfBManagesBAndCannotTouchA) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    w.server.AddUser("bea", "administrator", w.b);
    Client bea = w.As("bea");
    ExpectCalls(
        bea, {
                 {"GET", Channel(w.chan_b), nullptr, 200},
                 {"GET", "/api/v1/channels?organisation_id=" + std::to_string(w.b), nullptr, 200},
                 {"POST", "/api/v1/channels", ChannelBody(w.b, "https://x.com/werkbe"), 201},
                 {"PATCH", Channel(w.chan_b), json::object{{"display_name", "FOD Werk"}}, 200},
                 {"POST", Channel(w.chan_b) + "/validate", json::object{}, 200},
                 {"GET", Org(w.b), nullptr, 200},
                 {"GET", Org(w.minister), nullptr, 200},  // ancestors are visible for context…
                 {"GET", Org(w.gov), nullptr, 200},
                 {"PATCH", Org(w.minister), json::object{{"slug", "mine"}}, 403},  // …but not bea's to change
                 {"POST", "/api/v1/organisations",
                  json::object{{"parent_id", w.b}, {"kind", "unit"}, {"slug", "jobs"}, {"names", Names("Jobs")}}, 201},
                 {"PATCH", Org(w.b), json::object{{"names", json::object{{"en", "Employment"}}}}, 200},

                 {"GET", Channel(w.chan_a), nullptr, 403},
                 {"PATCH", Channel(w.chan_a), json::object{{"display_name", "Hijacked"}}, 403},
                 {"DELETE", Channel(w.chan_a), nullptr, 403},
                 {"POST", Channel(w.chan_a) + "/validate", json::object{}, 403},
                 {"POST", "/api/v1/channels", ChannelBody(w.a, "https://x.com/fakediplo"), 403},
                 {"GET", "/api/v1/channels?organisation_id=" + std::to_string(w.a), nullptr, 403},
                 {"GET", "/api/v1/channels?organisation_id=" + std::to_string(w.gov), nullptr, 403},
                 {"PATCH", Channel(w.chan_b), json::object{{"organisation_id", w.a}}, 403},
                 {"GET", Org(w.a), nullptr, 403},
                 {"PATCH", Org(w.a), json::object{{"names", json::object{{"en", "Mine"}}}}, 403},
                 {"POST", "/api/v1/organisations",
                  json::object{{"parent_id", w.a}, {"kind", "unit"}, {"slug", "x"}, {"names", Names("X")}}, 403},
                 {"DELETE", Org(w.b), nullptr, 403},  // needs the right on B's parent
             });
    // Unfiltered, bea sees only B's channels; the organisations list gives B with its ancestors.
    auto list = bea.Get("/api/v1/channels");
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.json.at("total").as_int64(), 2);
    for (const auto& item : list.json.at("items").as_array()) EXPECT_EQ(item.at("organisation_id").as_int64(), w.b);
    auto q = bea.Get("/api/v1/channels?q=diplomatie");
    EXPECT_EQ(q.json.at("total").as_int64(), 0);
    std::set<long long> orgs;
    for (long long id : ItemIds(bea.Get("/api/v1/organisations"))) orgs.insert(id);
    EXPECT_EQ(orgs.count(w.a), 0u);
    EXPECT_EQ(orgs.count(w.b), 1u);

    // A's channel is untouched.
    auto chan_a = w.root.Get(Channel(w.chan_a));
    EXPECT_EQ(Str(chan_a.json, "display_name"), "Diplomatie.be");
    EXPECT_EQ(Str(chan_a.json, "status"), "active");
    EXPECT_EQ(chan_a.json.at("organisation_id").as_int64(), w.a);
}

TEST_P(RoleMatrix, EveryOtherRoleOfAReadsAButChangesNothing) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    for (const std::string role : {"editor", "reviewer", "spokesperson", "moderator", "analyst", "agency_member"}) {
        SCOPED_TRACE(role);
        w.server.AddUser(role + "-a", role, w.a);
        Client c = w.As(role + "-a");
        ExpectCalls(c, {
                           {"GET", Channel(w.chan_a), nullptr, 200},
                           {"GET", "/api/v1/channels?organisation_id=" + std::to_string(w.a), nullptr, 200},
                           {"GET", Org(w.a), nullptr, 200},
                           {"POST", "/api/v1/channels", ChannelBody(w.a, "https://x.com/" + role), 403},
                           {"PATCH", Channel(w.chan_a), json::object{{"display_name", "Changed"}}, 403},
                           {"DELETE", Channel(w.chan_a), nullptr, 403},
                           {"POST", Channel(w.chan_a) + "/validate", json::object{}, 403},
                           {"PATCH", Org(w.a), json::object{{"slug", "renamed"}}, 403},
                           {"GET", Channel(w.chan_b), nullptr, 403},
                       });
        auto list = c.Get("/api/v1/channels");
        EXPECT_EQ(ItemIds(list), std::vector<long long>{w.chan_a});
    }
}

TEST_P(RoleMatrix, AnAgencyMemberLosesAccessWhenTheContractEnds) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    w.server.AddUser("agency", "agency_member", w.a);  // expires 30 days from now
    Client agency = w.As("agency");
    auto token = agency.Post("/api/v1/tokens", json::object{{"name", "scheduler"}});
    ASSERT_EQ(token.status, 201) << token.body;
    Client bot(w.server.port());
    bot.set_bearer(std::string(token.json.at("token").as_string()));
    EXPECT_EQ(bot.Get(Channel(w.chan_a)).status, 200);

    w.server.clock().Advance(30 * core::kDayMs - 1000);  // one second before the end
    EXPECT_EQ(bot.Get(Channel(w.chan_a)).status, 200);
    w.server.clock().Advance(1000);  // the grant ends at its expires_at
    EXPECT_TRUE(IsProblem(bot.Get(Channel(w.chan_a)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(bot.Get("/api/v1/channels?organisation_id=" + std::to_string(w.a)), 403, "forbidden"));
    // Signing in again does not bring the role back.
    Client again = w.As("agency");
    EXPECT_TRUE(IsProblem(again.Get(Channel(w.chan_a)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(again.Get("/api/v1/organisations"), 403, "forbidden"));
}

TEST_P(RoleMatrix, TheRootAdministratorMayDoEverything) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long someone = w.server.AddUser("someone");
    Client someone_session = w.As("someone");
    ExpectCalls(w.root,
                {
                    {"GET", Channel(w.chan_a), nullptr, 200},
                    {"GET", Channel(w.chan_b), nullptr, 200},
                    {"POST", "/api/v1/channels", ChannelBody(w.a, "https://x.com/one"), 201},
                    {"POST", "/api/v1/channels", ChannelBody(w.b, "https://x.com/two"), 201},
                    {"PATCH", Channel(w.chan_a), json::object{{"organisation_id", w.b}}, 200},
                    {"POST", Channel(w.chan_b) + "/validate", json::object{}, 200},
                    {"DELETE", Channel(w.chan_b), nullptr, 200},
                    {"GET", "/api/v1/channels?organisation_id=" + std::to_string(w.gov), nullptr, 200},
                    {"PATCH", Org(w.a), json::object{{"names", json::object{{"en", "Foreign Affairs"}}}}, 200},
                    {"POST", "/api/v1/organisations",
                     json::object{
                         {"parent_id", w.a}, {"kind", "diplomatic_post"}, {"slug", "cairo"}, {"names", Names("Cairo")}},
                     201},
                    {"POST", "/api/v1/roles",
                     json::object{{"user_id", someone}, {"organisation_id", w.a}, {"role", "editor"}}, 201},
                    {"PATCH", User(someone), json::object{{"display_name", "Some One"}, {"disabled", true}}, 200},
                    {"GET", "/api/v1/audit", nullptr, 200},
                    {"GET", "/api/v1/users", nullptr, 200},
                });
    EXPECT_EQ(w.root.Get("/api/v1/channels").json.at("total").as_int64(), 4);
    EXPECT_EQ(ItemIds(w.root.Get("/api/v1/organisations")).size(), 5u);
    // A disabled account's open session ends at once, and it cannot sign in again.
    EXPECT_TRUE(IsProblem(someone_session.Get("/api/v1/session"), 401, "unauthenticated"));
    EXPECT_EQ(Client(w.server.port()).Login("someone").status, 401);
}

TEST_P(RoleMatrix, GrantingAndRevokingRolesNeedsAnAdministratorOfThatOrganisation) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long bea = w.server.AddUser("bea", "administrator", w.b);
    const long long eddie = w.server.AddUser("eddie", "editor", w.a);
    const long long newcomer = w.server.AddUser("newcomer");
    auto grant = [](long long user, long long org, const std::string& role) {
        return json::object{{"user_id", user}, {"organisation_id", org}, {"role", role}};
    };
    Client b_admin = w.As("bea");
    Client editor = w.As("eddie");
    ExpectCalls(b_admin, {
                             {"POST", "/api/v1/roles", grant(newcomer, w.b, "editor"), 201},
                             {"POST", "/api/v1/roles", grant(newcomer, w.a, "editor"), 403},
                             {"POST", "/api/v1/roles", grant(newcomer, w.minister, "analyst"), 403},
                             {"POST", "/api/v1/roles", grant(bea, w.gov, "administrator"), 403},  // no climbing
                             {"DELETE", "/api/v1/roles/" + std::to_string(w.GrantsOf(eddie).at(0)), nullptr, 403},
                             // Users who hold roles outside B are not bea's to change.
                             {"PATCH", User(w.root_id), json::object{{"password", "a new password for root"}}, 403},
                             {"PATCH", User(eddie), json::object{{"disabled", true}}, 403},
                         });
    ExpectCalls(editor, {
                            {"POST", "/api/v1/roles", grant(newcomer, w.a, "editor"), 403},
                            {"POST", "/api/v1/roles", grant(eddie, w.a, "administrator"), 403},
                            {"DELETE", "/api/v1/roles/" + std::to_string(w.GrantsOf(eddie).at(0)), nullptr, 403},
                        });
    EXPECT_EQ(w.GrantsOf(eddie).size(), 1u);
    // A revoked role stops working in the open session, without signing out.
    EXPECT_EQ(editor.Get(Channel(w.chan_a)).status, 200);
    ASSERT_EQ(w.root.Delete("/api/v1/roles/" + std::to_string(w.GrantsOf(eddie).at(0))).status, 204);
    EXPECT_TRUE(IsProblem(editor.Get(Channel(w.chan_a)), 403, "forbidden"));

    // Input rules of a grant.
    auto agency = grant(newcomer, w.b, "agency_member");
    EXPECT_TRUE(IsProblem(b_admin.Post("/api/v1/roles", agency), 400, "invalid-request", "expires_at"));
    agency["expires_at"] = "2026-09-20T00:00:00Z";  // before the FakeClock's now
    EXPECT_TRUE(IsProblem(b_admin.Post("/api/v1/roles", agency), 400, "invalid-request", "expires_at", "past"));
    agency["expires_at"] = "2026-12-31";
    auto granted = b_admin.Post("/api/v1/roles", agency);
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(Str(granted.json, "expires_at"), "2026-12-31T00:00:00Z");
    EXPECT_EQ(granted.json.at("granted_by").as_int64(), bea);
    EXPECT_TRUE(IsProblem(b_admin.Post("/api/v1/roles", grant(newcomer, w.b, "editor")), 409, "conflict"));
    EXPECT_TRUE(
        IsProblem(b_admin.Post("/api/v1/roles", grant(newcomer, w.b, "owner")), 400, "invalid-request", "role"));
    EXPECT_TRUE(
        IsProblem(b_admin.Post("/api/v1/roles", grant(9999, w.b, "editor")), 400, "invalid-request", "user_id"));

    // The last administrator of the whole tree stays.
    const long long root_grant = w.GrantsOf(w.root_id).at(0);
    EXPECT_TRUE(IsProblem(w.root.Delete("/api/v1/roles/" + std::to_string(root_grant)), 409, "conflict", "",
                          "last administrator"));
    ASSERT_EQ(w.root.Post("/api/v1/roles", grant(newcomer, w.gov, "administrator")).status, 201);
    EXPECT_EQ(w.root.Delete("/api/v1/roles/" + std::to_string(root_grant)).status, 204);
    EXPECT_TRUE(w.GrantsOf(w.root_id).empty());
    EXPECT_TRUE(IsProblem(w.root.Get("/api/v1/organisations"), 403, "forbidden"));
}

TEST_P(RoleMatrix, OnlyAdministratorsSeeOtherUsers) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long eddie = w.server.AddUser("eddie", "editor", w.a);
    w.server.AddUser("anna", "analyst", w.b);
    auto all = w.root.Get("/api/v1/users");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.json.at("items").as_array().size(), 3u);

    Client editor = w.As("eddie");
    auto mine = editor.Get("/api/v1/users");
    ASSERT_EQ(mine.status, 200);
    EXPECT_EQ(ItemIds(mine), std::vector<long long>{eddie});
    EXPECT_EQ(editor.Get(User(eddie)).status, 200);
    EXPECT_TRUE(IsProblem(editor.Get(User(w.root_id)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(editor.Post("/api/v1/users", json::object{{"username", "mallory"},
                                                                    {"display_name", "Mallory"},
                                                                    {"password", "a long enough password"}}),
                          403, "forbidden"));
    // Their own display name and locale they may change; not their own account state.
    EXPECT_EQ(editor.Patch("/api/v1/users/me", json::object{{"locale", "nl"}}).status, 200);
    EXPECT_TRUE(IsProblem(editor.Patch("/api/v1/users/me", json::object{{"disabled", false}}), 400, "invalid-request",
                          "disabled"));
    EXPECT_TRUE(
        IsProblem(editor.Patch(User(eddie), json::object{{"password", "a brand new password"}}), 403, "forbidden"));
}

TEST_P(RoleMatrix, AuditIsReadByAnalystsOfTheirOwnSubTreeOnly) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    w.server.AddUser("anna", "analyst", w.a);
    w.server.AddUser("eddie", "editor", w.a);
    Client analyst = w.As("anna");
    auto own = analyst.Get("/api/v1/audit?organisation_id=" + std::to_string(w.a));
    ASSERT_EQ(own.status, 200) << own.body;
    bool saw_channel = false;
    for (const auto& e : own.json.at("items").as_array()) {
        EXPECT_EQ(e.at("organisation_id").as_int64(), w.a);
        if (e.at("object_type").as_string() == "channel" && e.at("object_id").as_string() == std::to_string(w.chan_a)) {
            saw_channel = true;
        }
    }
    EXPECT_TRUE(saw_channel);
    EXPECT_TRUE(IsProblem(analyst.Get("/api/v1/audit?organisation_id=" + std::to_string(w.b)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(analyst.Get("/api/v1/audit?organisation_id=" + std::to_string(w.gov)), 403, "forbidden"));
    // Unfiltered: only A's entries, and none about users or tokens (which belong to no organisation).
    auto unfiltered = analyst.Get("/api/v1/audit?per_page=200");
    ASSERT_EQ(unfiltered.status, 200);
    EXPECT_FALSE(unfiltered.json.at("items").as_array().empty());
    for (const auto& e : unfiltered.json.at("items").as_array()) {
        ASSERT_TRUE(e.at("organisation_id").is_int64()) << json::serialize(e);
        EXPECT_EQ(e.at("organisation_id").as_int64(), w.a) << json::serialize(e);
    }
    // The history of B's channel exists, but is not anna's to read.
    EXPECT_TRUE(IsProblem(analyst.Get("/api/v1/audit?object_type=channel&object_id=" + std::to_string(w.chan_b)), 403,
                          "forbidden", "", "outside your roles"));
    auto none = analyst.Get("/api/v1/audit?object_type=channel&object_id=424242");
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_EQ(none.json.at("total").as_int64(), 0);

    Client editor = w.As("eddie");
    EXPECT_TRUE(IsProblem(editor.Get("/api/v1/audit"), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(editor.Get("/api/v1/audit?organisation_id=" + std::to_string(w.a)), 403, "forbidden"));
    // The root administrator sees user entries too.
    auto everything = w.root.Get("/api/v1/audit?object_type=user&per_page=200");
    EXPECT_EQ(everything.json.at("total").as_int64(), 3);
}

TEST_P(RoleMatrix, AUserWithoutARoleSeesNothing) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long nobody_id = w.server.AddUser("nobody");
    Client nobody = w.As("nobody");
    EXPECT_TRUE(IsProblem(nobody.Get("/api/v1/organisations"), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(nobody.Get(Org(w.gov)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(nobody.Get(Channel(w.chan_a)), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(nobody.Get("/api/v1/audit"), 403, "forbidden"));
    auto channels = nobody.Get("/api/v1/channels");
    if (channels.status == 200) {
        EXPECT_TRUE(ItemIds(channels).empty()) << channels.body;
    } else {
        EXPECT_TRUE(IsProblem(channels, 403, "forbidden"));
    }
    EXPECT_EQ(ItemIds(nobody.Get("/api/v1/users")), std::vector<long long>{nobody_id});
    EXPECT_TRUE(IsProblem(nobody.Post("/api/v1/channels", ChannelBody(w.a, "https://x.com/nobody")), 403, "forbidden"));
    // Signed out: 401, not 403.
    Client anonymous(w.server.port());
    EXPECT_TRUE(IsProblem(anonymous.Get("/api/v1/organisations"), 401, "unauthenticated"));
    EXPECT_TRUE(IsProblem(anonymous.Get(Channel(w.chan_a)), 401, "unauthenticated"));
}

INSTANTIATE_TEST_SUITE_P(Engines, RoleMatrix, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
