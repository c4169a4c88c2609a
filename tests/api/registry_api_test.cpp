// The registry over real HTTP, on both engines: organisations, channels from every URL form, duplicates,
// tombstones, filters, re-validation and the audit entry every change leaves.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_helpers.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

std::string Path(const std::string& base, long long id) { return base + "/" + std::to_string(id); }

// A fresh server with the tree gov → minister, signed in as the root administrator.
struct World {
    explicit World(const std::string& engine) : server(engine) {
        if (!server.ok()) return;
        gov = server.SeedRoot();
        minister = server.AddOrg(gov, "minister", "foreign-minister");
        server.AddUser("admin", "administrator", gov);
        EXPECT_EQ(admin.Login("admin").status, 200);
    }
    TestServer server;
    Client admin{server.port()};
    long long gov = 0;
    long long minister = 0;
};

class RegistryApi : public ::testing::TestWithParam<std::string> {};

// ------------------------------------------------------------------ organisations

TEST_P(RegistryApi, OrganisationsAreCreatedChangedAndDeletedOnlyWhenEmpty) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto created = w.admin.Post("/api/v1/organisations", json::object{{"parent_id", w.minister},
                                                                      {"kind", "service"},
                                                                      {"slug", "foreign-affairs"},
                                                                      {"names", Names("Foreign Affairs")}});
    ASSERT_EQ(created.status, 201) << created.body;
    const long long fa = IdOf(created);
    EXPECT_EQ(created.json.at("parent_id").as_int64(), w.minister);
    EXPECT_EQ(Str(created.json, "kind"), "service");
    EXPECT_EQ(Str(created.json, "slug"), "foreign-affairs");
    EXPECT_EQ(created.json.at("names").at("nl").as_string(), "Foreign Affairs NL");
    EXPECT_EQ(Str(created.json, "created_at"), "2026-09-21T14:13:20Z");  // the FakeClock's start

    // Without a slug one is derived from the English name.
    auto derived = w.admin.Post("/api/v1/organisations",
                                json::object{{"parent_id", fa}, {"kind", "unit"}, {"names", Names("Press Office")}});
    ASSERT_EQ(derived.status, 201) << derived.body;
    EXPECT_EQ(Str(derived.json, "slug"), "press-office-en");

    auto same_slug = w.admin.Post(
        "/api/v1/organisations",
        json::object{
            {"parent_id", w.minister}, {"kind", "service"}, {"slug", "foreign-affairs"}, {"names", Names("Other")}});
    EXPECT_TRUE(IsProblem(same_slug, 409, "conflict", "", "foreign-affairs"));
    auto bad_slug = w.admin.Post(
        "/api/v1/organisations",
        json::object{
            {"parent_id", w.minister}, {"kind", "service"}, {"slug", "Foreign Affairs"}, {"names", Names("Other")}});
    EXPECT_TRUE(IsProblem(bad_slug, 400, "invalid-request", "slug"));
    auto second_government = w.admin.Post(
        "/api/v1/organisations", json::object{{"parent_id", fa}, {"kind", "government"}, {"names", Names("Gov 2")}});
    EXPECT_TRUE(IsProblem(second_government, 400, "invalid-request", "kind"));
    auto no_parent =
        w.admin.Post("/api/v1/organisations", json::object{{"kind", "service"}, {"names", Names("Orphan")}});
    EXPECT_TRUE(IsProblem(no_parent, 400, "invalid-request", "parent_id"));
    auto empty_name = Names("X");
    empty_name["de"] = "  ";
    auto blank =
        w.admin.Post("/api/v1/organisations", json::object{{"parent_id", fa}, {"kind", "unit"}, {"names", empty_name}});
    EXPECT_TRUE(IsProblem(blank, 400, "invalid-request", "names.de"));

    // PATCH changes only the names given.
    w.server.clock().Advance(60 * 1000);
    auto patched =
        w.admin.Patch(Path("/api/v1/organisations", fa),
                      json::object{{"names", json::object{{"en", "Foreign Affairs, Trade and Development"}}}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json.at("names").at("en").as_string(), "Foreign Affairs, Trade and Development");
    EXPECT_EQ(patched.json.at("names").at("fr").as_string(), "Foreign Affairs FR");
    EXPECT_EQ(Str(patched.json, "updated_at"), "2026-09-21T14:14:20Z");
    EXPECT_EQ(w.admin.Get(Path("/api/v1/organisations", fa)).json.at("names").at("en").as_string(),
              "Foreign Affairs, Trade and Development");
    EXPECT_TRUE(IsProblem(w.admin.Patch(Path("/api/v1/organisations", fa), json::object{{"slug", "foreign-minister"}}),
                          409, "conflict"));

    // Delete: refused while it has children or channels (even deleted ones), then a leaf goes.
    EXPECT_TRUE(
        IsProblem(w.admin.Delete(Path("/api/v1/organisations", w.minister)), 409, "conflict", "", "sub-organisations"));
    auto channel = w.admin.Post("/api/v1/channels", ChannelBody(fa, "https://x.com/diplomatiebe"));
    ASSERT_EQ(channel.status, 201) << channel.body;
    ASSERT_EQ(w.admin.Delete(Path("/api/v1/organisations", IdOf(derived))).status, 204);
    EXPECT_TRUE(IsProblem(w.admin.Delete(Path("/api/v1/organisations", fa)), 409, "conflict", "", "channels"));
    ASSERT_EQ(w.admin.Delete(Path("/api/v1/channels", IdOf(channel))).status, 200);
    EXPECT_TRUE(IsProblem(w.admin.Delete(Path("/api/v1/organisations", fa)), 409, "conflict", "", "tombstones"));

    auto leaf = w.admin.Post(
        "/api/v1/organisations",
        json::object{
            {"parent_id", w.minister}, {"kind", "service"}, {"slug", "employment"}, {"names", Names("Employment")}});
    ASSERT_EQ(leaf.status, 201);
    EXPECT_EQ(w.admin.Delete(Path("/api/v1/organisations", IdOf(leaf))).status, 204);
    EXPECT_TRUE(IsProblem(w.admin.Get(Path("/api/v1/organisations", IdOf(leaf))), 404, "not-found"));
    EXPECT_TRUE(IsProblem(w.admin.Delete(Path("/api/v1/organisations", IdOf(leaf))), 404, "not-found"));

    auto list = w.admin.Get("/api/v1/organisations");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(ItemIds(list), (std::vector<long long>{w.gov, w.minister, fa}));
}

// ------------------------------------------------------------------ channels

struct UrlCase {
    std::string input, network, handle, url;
};

TEST_P(RegistryApi, ChannelsAreCreatedFromEveryUrlFormInTheSeeds) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const UrlCase cases[] = {
        {"http://twitter.com/belgiumbe", "x", "belgiumbe", "https://x.com/belgiumbe"},
        {"https://x.com/belgiumbe/", "x", "belgiumbe", "https://x.com/belgiumbe"},
        {"www.facebook.com/Belgium.be", "facebook", "belgium.be", "https://www.facebook.com/belgium.be"},
        {"https://mastodon.social/@handle", "mastodon", "handle@mastodon.social", "https://mastodon.social/@handle"},
        {"https://bsky.app/profile/x.bsky.social", "bluesky", "x.bsky.social",
         "https://bsky.app/profile/x.bsky.social"},
        {"http://www.youtube.com/user/WebmasterBelgium", "youtube", "user/webmasterbelgium",
         "https://www.youtube.com/user/webmasterbelgium"},
        {"http://www.linkedin.com/company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister",
         "linkedin", "company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister",
         "https://www.linkedin.com/company/chancellerie-du-premier-ministre-fod-kanselarij-van-de-eerste-minister"},
        {"belgiumbe@twitter", "x", "belgiumbe", "https://x.com/belgiumbe"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        auto r = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, c.input, "Belgium.be"));
        ASSERT_EQ(r.status, 201) << r.body;
        EXPECT_EQ(Str(r.json, "network"), c.network);
        EXPECT_EQ(Str(r.json, "handle"), c.handle);
        EXPECT_EQ(Str(r.json, "url"), c.url);
        EXPECT_EQ(Str(r.json, "status"), "active");
        EXPECT_EQ(r.json.at("organisation_id").as_int64(), w.minister);
        auto read = w.admin.Get(Path("/api/v1/channels", IdOf(r)));
        EXPECT_EQ(read.body, r.body);
        // Tombstone it so the next form of the same account can be registered again.
        ASSERT_EQ(w.admin.Delete(Path("/api/v1/channels", IdOf(r))).status, 200);
    }

    // network + handle instead of a URL.
    auto by_handle = w.admin.Post("/api/v1/channels", json::object{{"organisation_id", w.minister},
                                                                   {"network", "x"},
                                                                   {"handle", "@BelgiumBE"},
                                                                   {"display_name", "Belgium.be"},
                                                                   {"languages", json::array{"nl", "fr", "fr"}}});
    ASSERT_EQ(by_handle.status, 201) << by_handle.body;
    EXPECT_EQ(Str(by_handle.json, "url"), "https://x.com/belgiumbe");
    EXPECT_EQ(by_handle.json.at("languages"), (json::array{"fr", "nl"}));

    auto nonsense = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "ftp://x.com/belgiumbe"));
    EXPECT_TRUE(IsProblem(nonsense, 400, "invalid-request", "url", "http"));
    auto neither = w.admin.Post(
        "/api/v1/channels",
        json::object{{"organisation_id", w.minister}, {"display_name", "Nothing"}, {"languages", json::array{"fr"}}});
    EXPECT_TRUE(IsProblem(neither, 400, "invalid-request", "url"));
    auto wrong_network = w.admin.Post("/api/v1/channels", json::object{{"organisation_id", w.minister},
                                                                       {"network", "myspace"},
                                                                       {"handle", "belgium"},
                                                                       {"display_name", "Old"},
                                                                       {"languages", json::array{"fr"}}});
    EXPECT_TRUE(IsProblem(wrong_network, 400, "invalid-request", "network", "myspace"));
    auto no_such_org = w.admin.Post("/api/v1/channels", ChannelBody(9999, "https://x.com/other"));
    EXPECT_TRUE(IsProblem(no_such_org, 400, "invalid-request", "organisation_id"));
}

TEST_P(RegistryApi, TheSameAccountCannotBeRegisteredTwice) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long other = w.server.AddOrg(w.minister, "service", "employment");
    auto first = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/belgiumbe"));
    ASSERT_EQ(first.status, 201) << first.body;
    for (const std::string again : {"https://x.com/belgiumbe", "http://twitter.com/belgiumbe", "x.com/BelgiumBE",
                                    "https://mobile.twitter.com/BELGIUMBE?lang=nl", "BelgiumBE@x"}) {
        SCOPED_TRACE(again);
        EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", ChannelBody(w.minister, again)), 409, "conflict", "",
                              "channel " + std::to_string(IdOf(first))));
        // Under another organisation too: an account speaks for one owner.
        EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", ChannelBody(other, again)), 409, "conflict"));
    }
    // The same immutable account id under another handle is the same account.
    auto with_id = ChannelBody(w.minister, "https://www.facebook.com/Belgium.be");
    with_id["platform_account_id"] = "123";
    ASSERT_EQ(w.admin.Post("/api/v1/channels", with_id).status, 201);
    auto renamed = ChannelBody(w.minister, "https://www.facebook.com/belgium.official");
    renamed["platform_account_id"] = "123";
    EXPECT_TRUE(IsProblem(w.admin.Post("/api/v1/channels", renamed), 409, "conflict", "", "123"));
    // Renaming a channel onto another live account is a conflict as well.
    auto second = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/diplomatiebe"));
    ASSERT_EQ(second.status, 201);
    EXPECT_TRUE(
        IsProblem(w.admin.Patch(Path("/api/v1/channels", IdOf(second)), json::object{{"url", "x.com/BelgiumBE"}}), 409,
                  "conflict"));
    // An archived account no longer blocks its handle.
    ASSERT_EQ(w.admin.Patch(Path("/api/v1/channels", IdOf(first)), json::object{{"status", "archived"}}).status, 200);
    EXPECT_EQ(w.admin.Post("/api/v1/channels", ChannelBody(other, "x.com/BelgiumBE")).status, 201);
}

TEST_P(RegistryApi, DeleteLeavesAReadableTombstoneThatCannotChange) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto created = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/belgiumbe", "Belgium.be"));
    ASSERT_EQ(created.status, 201);
    const std::string path = Path("/api/v1/channels", IdOf(created));
    EXPECT_TRUE(IsProblem(w.admin.Patch(path, json::object{{"status", "deleted"}}), 400, "invalid-request", "status",
                          "DELETE"));

    w.server.clock().Advance(5 * 60 * 1000);
    auto deleted = w.admin.Delete(path);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(Str(deleted.json, "status"), "deleted");
    EXPECT_EQ(Str(deleted.json, "status_changed_at"), "2026-09-21T14:18:20Z");
    EXPECT_EQ(Str(deleted.json, "display_name"), "Belgium.be");
    EXPECT_FALSE(deleted.json.at("revalidation_due").as_bool());

    auto read = w.admin.Get(path);
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(Str(read.json, "status"), "deleted");
    EXPECT_EQ(Str(read.json, "handle"), "belgiumbe");

    EXPECT_TRUE(
        IsProblem(w.admin.Patch(path, json::object{{"display_name", "Revived"}}), 409, "conflict", "", "tombstone"));
    EXPECT_TRUE(IsProblem(w.admin.Patch(path, json::object{{"status", "active"}}), 409, "conflict"));
    EXPECT_TRUE(IsProblem(w.admin.Delete(path), 409, "conflict"));
    EXPECT_TRUE(IsProblem(w.admin.Post(path + "/validate", json::object{}), 409, "conflict"));
    EXPECT_EQ(Str(w.admin.Get(path).json, "display_name"), "Belgium.be");

    auto listed = w.admin.Get("/api/v1/channels?status=deleted");
    EXPECT_EQ(ItemIds(listed), std::vector<long long>{IdOf(created)});
    EXPECT_TRUE(IsProblem(w.admin.Delete("/api/v1/channels/4242"), 404, "not-found"));
}

TEST_P(RegistryApi, ListsFilterByNetworkStatusLanguageTagTextAndSubTree) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    const long long fa = w.server.AddOrg(w.minister, "service", "foreign-affairs");
    const long long cairo = w.server.AddOrg(fa, "diplomatic_post", "embassy-cairo");
    const long long work = w.server.AddOrg(w.minister, "service", "employment");
    auto add = [&](long long org, const std::string& url, const std::string& name, std::vector<std::string> langs,
                   const std::string& status, std::vector<std::string> tags) {
        auto body = ChannelBody(org, url, name, std::move(langs));
        body["status"] = status;
        json::array t;
        for (const auto& tag : tags) t.emplace_back(tag);
        body["tags"] = t;
        auto r = w.admin.Post("/api/v1/channels", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return IdOf(r);
    };
    const long long belgiumbe = add(fa, "https://x.com/belgiumbe", "Belgium.be", {"fr", "nl"}, "active", {"Press"});
    const long long embassy = add(cairo, "https://www.facebook.com/embassy.cairo", "Embassy of Belgium in Cairo",
                                  {"en", "fr"}, "active", {"consular"});
    const long long werk =
        add(work, "https://www.linkedin.com/company/fod-werk", "FOD Werk", {"nl"}, "dormant", {"jobs"});
    const long long video = add(work, "https://www.youtube.com/user/werk", "Werk video", {"de"}, "planned", {"press"});
    const long long insta = add(fa, "https://www.instagram.com/diplomatiebe", "Diplomatie", {"fr"}, "archived", {});

    const std::pair<std::string, std::vector<long long>> cases[] = {
        {"", {belgiumbe, embassy, werk, video, insta}},
        {"network=facebook", {embassy}},
        {"network=x&language=fr", {belgiumbe}},
        {"status=dormant", {werk}},
        {"status=planned", {video}},
        {"language=fr", {belgiumbe, embassy, insta}},
        {"language=de", {video}},
        {"tag=press", {belgiumbe, video}},  // tags are stored lower-case
        {"tag=consular", {embassy}},
        {"q=cairo", {embassy}},
        {"q=BELGIUMBE", {belgiumbe}},
        {"q=werk", {werk, video}},
        {"organisation_id=" + std::to_string(fa), {belgiumbe, embassy, insta}},
        {"organisation_id=" + std::to_string(cairo), {embassy}},
        {"organisation_id=" + std::to_string(work) + "&status=planned", {video}},
        {"network=mastodon", {}},
    };
    for (const auto& [query, expected] : cases) {
        SCOPED_TRACE(query);
        auto r = w.admin.Get("/api/v1/channels?" + query);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(ItemIds(r), expected);
        EXPECT_EQ(r.json.at("total").as_int64(), static_cast<long long>(expected.size()));
    }

    auto page2 = w.admin.Get("/api/v1/channels?per_page=2&page=2");
    ASSERT_EQ(page2.status, 200);
    EXPECT_EQ(ItemIds(page2), (std::vector<long long>{werk, video}));
    EXPECT_EQ(page2.json.at("total").as_int64(), 5);
    EXPECT_EQ(page2.json.at("page").as_int64(), 2);
    EXPECT_EQ(page2.json.at("per_page").as_int64(), 2);
    auto past_end = w.admin.Get("/api/v1/channels?per_page=2&page=4");
    EXPECT_TRUE(ItemIds(past_end).empty());
    EXPECT_EQ(past_end.json.at("total").as_int64(), 5);
}

TEST_P(RegistryApi, ChannelsComeDueForRevalidationAfter180Days) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto created = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/belgiumbe"));
    ASSERT_EQ(created.status, 201);
    const long long id = IdOf(created);
    EXPECT_FALSE(created.json.at("revalidation_due").as_bool());
    EXPECT_EQ(Str(created.json, "last_validated_at"), "2026-09-21T14:13:20Z");
    EXPECT_EQ(Str(created.json, "revalidation_due_at"), "2027-03-20T14:13:20Z");
    EXPECT_EQ(w.admin.Get("/api/v1/meta").json.at("revalidation_days").as_int64(), 180);

    w.server.clock().Advance(179 * core::kDayMs);
    ASSERT_EQ(w.admin.Login("admin").status, 200);  // the session lasted 12 hours
    EXPECT_FALSE(w.admin.Get(Path("/api/v1/channels", id)).json.at("revalidation_due").as_bool());
    EXPECT_TRUE(ItemIds(w.admin.Get("/api/v1/channels?revalidation_due=true")).empty());

    w.server.clock().Advance(2 * core::kDayMs);  // day 181
    ASSERT_EQ(w.admin.Login("admin").status, 200);
    auto fresh = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/diplomatiebe"));
    ASSERT_EQ(fresh.status, 201);
    auto archived = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/oldaccount"));
    ASSERT_EQ(archived.status, 201);
    EXPECT_TRUE(w.admin.Get(Path("/api/v1/channels", id)).json.at("revalidation_due").as_bool());
    EXPECT_EQ(ItemIds(w.admin.Get("/api/v1/channels?revalidation_due=true")), std::vector<long long>{id});
    EXPECT_EQ(ItemIds(w.admin.Get("/api/v1/channels?revalidation_due=false")),
              (std::vector<long long>{id, IdOf(fresh), IdOf(archived)}));

    auto validated = w.admin.Post(Path("/api/v1/channels", id) + "/validate", json::object{});
    ASSERT_EQ(validated.status, 200) << validated.body;
    EXPECT_FALSE(validated.json.at("revalidation_due").as_bool());
    EXPECT_EQ(Str(validated.json, "last_validated_at"), "2027-03-21T14:13:20Z");
    EXPECT_EQ(Str(validated.json, "revalidation_due_at"), "2027-09-17T14:13:20Z");
    EXPECT_TRUE(ItemIds(w.admin.Get("/api/v1/channels?revalidation_due=true")).empty());

    // Archived channels no longer speak for anyone: never due, never validated.
    const std::string old = Path("/api/v1/channels", IdOf(archived));
    ASSERT_EQ(w.admin.Patch(old, json::object{{"status", "archived"}}).status, 200);
    w.server.clock().Advance(200 * core::kDayMs);
    ASSERT_EQ(w.admin.Login("admin").status, 200);
    EXPECT_FALSE(w.admin.Get(old).json.at("revalidation_due").as_bool());
    EXPECT_EQ(ItemIds(w.admin.Get("/api/v1/channels?revalidation_due=true")),
              (std::vector<long long>{id, IdOf(fresh)}));
    EXPECT_TRUE(IsProblem(w.admin.Post(old + "/validate", json::object{}), 409, "conflict"));
}

TEST_P(RegistryApi, EveryChangeLeavesAnAuditEntryWithBeforeAndAfter) {
    World w(GetParam());
    ASSERT_TRUE(w.server.ok());
    auto created = w.admin.Post("/api/v1/channels", ChannelBody(w.minister, "https://x.com/belgiumbe", "Belgium.be"));
    ASSERT_EQ(created.status, 201);
    const long long id = IdOf(created);
    const std::string path = Path("/api/v1/channels", id);
    ASSERT_EQ(w.admin.Patch(path, json::object{{"display_name", "Belgium.be (official)"}}).status, 200);
    ASSERT_EQ(w.admin.Post(path + "/validate", json::object{}).status, 200);
    ASSERT_EQ(w.admin.Delete(path).status, 200);
    // A refused change leaves nothing.
    ASSERT_EQ(w.admin.Patch(path, json::object{{"display_name", "x"}}).status, 409);

    auto audit = w.admin.Get("/api/v1/audit?object_type=channel&object_id=" + std::to_string(id));
    ASSERT_EQ(audit.status, 200) << audit.body;
    const auto& items = audit.json.at("items").as_array();
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(audit.json.at("total").as_int64(), 4);
    const char* actions[] = {"channel.delete", "channel.validate", "channel.update", "channel.create"};  // newest first
    for (size_t i = 0; i < items.size(); ++i) {
        SCOPED_TRACE(actions[i]);
        const auto& e = items[i];
        EXPECT_EQ(e.at("action").as_string(), actions[i]);
        EXPECT_EQ(e.at("object_type").as_string(), "channel");
        EXPECT_EQ(e.at("object_id").as_string(), std::to_string(id));
        EXPECT_EQ(e.at("organisation_id").as_int64(), w.minister);
        EXPECT_EQ(e.at("actor").at("username").as_string(), "admin");
        EXPECT_EQ(e.at("hash").as_string().size(), 64u);
        if (i + 1 < items.size()) {
            EXPECT_GT(e.at("seq").as_int64(), items[i + 1].at("seq").as_int64());
        }
    }
    const auto& create = items[3];
    EXPECT_TRUE(create.at("before").is_null());
    EXPECT_EQ(create.at("after").at("display_name").as_string(), "Belgium.be");
    EXPECT_EQ(create.at("after").at("id").as_int64(), id);
    const auto& update = items[2];
    EXPECT_EQ(update.at("before").at("display_name").as_string(), "Belgium.be");
    EXPECT_EQ(update.at("after").at("display_name").as_string(), "Belgium.be (official)");
    const auto& del = items[0];
    EXPECT_EQ(del.at("before").at("status").as_string(), "active");
    EXPECT_EQ(del.at("after").at("status").as_string(), "deleted");

    // Organisations too.
    auto org = w.admin.Post(
        "/api/v1/organisations",
        json::object{{"parent_id", w.minister}, {"kind", "service"}, {"slug", "finance"}, {"names", Names("Finance")}});
    ASSERT_EQ(org.status, 201);
    ASSERT_EQ(w.admin.Patch(Path("/api/v1/organisations", IdOf(org)), json::object{{"slug", "fin"}}).status, 200);
    auto org_audit = w.admin.Get("/api/v1/audit?object_type=organisation&object_id=" + std::to_string(IdOf(org)));
    ASSERT_EQ(org_audit.status, 200);
    ASSERT_EQ(org_audit.json.at("items").as_array().size(), 2u);
    EXPECT_EQ(org_audit.json.at("items").at(0).at("before").at("slug").as_string(), "finance");
    EXPECT_EQ(org_audit.json.at("items").at(0).at("after").at("slug").as_string(), "fin");
}

INSTANTIATE_TEST_SUITE_P(Engines, RegistryApi, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
