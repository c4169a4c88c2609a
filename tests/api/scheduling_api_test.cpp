// Posting schedules and the next free slot, retrying a failed rendition, and the posts list's
// filters and counts — over real HTTP on both engines.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "store/publishing_repo.hpp"
#include "support/api_helpers.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

std::string Schedule(long long channel) { return "/api/v1/channels/" + std::to_string(channel) + "/schedule"; }
std::string PostPath(long long post) { return "/api/v1/posts/" + std::to_string(post); }

json::object Slot(const char* weekday, const char* time) { return {{"weekday", weekday}, {"time", time}}; }

class Scheduling : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        gov_ = server_->SeedRoot();
        server_->NoReview(gov_);
        org_ = server_->AddOrg(gov_, "service", "fa");
        other_ = server_->AddOrg(gov_, "service", "work");
        server_->AddUser("admin", "administrator", org_);
        server_->AddUser("eddy", "editor", org_);
        server_->AddUser("rev", "reviewer", org_);
        server_->AddUser("other-ed", "editor", other_);
        admin_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(admin_->Login("admin").status, 200);
        server_->clock().Set(*core::ParseRfc3339("2026-01-05T06:00:00Z"));  // a Monday, 07:00 in Brussels
    }

    Client As(const std::string& user) {
        Client c(server_->port());
        EXPECT_EQ(c.Login(user).status, 200) << user;
        return c;
    }

    long long Channel(const std::string& handle, std::vector<std::string> langs = {"fr", "nl"}) {
        json::array languages;
        for (const auto& l : langs) languages.emplace_back(l);
        auto r = admin_->Post("/api/v1/channels", json::object{{"organisation_id", org_},
                                                               {"network", "mastodon"},
                                                               {"handle", handle + "@netsim.test"},
                                                               {"display_name", "FA " + handle},
                                                               {"languages", languages}});
        EXPECT_EQ(r.status, 201) << r.body;
        return IdOf(r);
    }

    long long Draft(std::vector<long long> channels, json::object variants = {{"fr", "Bonjour"}}) {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        auto r = admin_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                            {"content_type", "press_release"},
                                                            {"variants", variants},
                                                            {"channel_ids", ids}});
        EXPECT_EQ(r.status, 201) << r.body;
        return IdOf(r);
    }

    // publish_at of the post's renditions, by channel.
    std::map<long long, std::string> TimesByChannel(const HttpResult& view) {
        std::map<long long, std::string> out;
        for (const auto& r : view.json.at("renditions").as_array()) {
            out[r.at("channel_id").as_int64()] = std::string(r.at("publish_at").as_string());
        }
        return out;
    }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> admin_;
    long long gov_ = 0, org_ = 0, other_ = 0;
};

TEST_P(Scheduling, AChannelsScheduleIsReadSortedChangedByEditorsAndAudited) {
    const long long ch = Channel("sched");
    auto empty = admin_->Get(Schedule(ch));
    ASSERT_EQ(empty.status, 200) << empty.body;
    EXPECT_EQ(Str(empty.json, "time_zone"), "Europe/Brussels");
    EXPECT_TRUE(empty.json.at("slots").as_array().empty());
    EXPECT_TRUE(empty.json.at("next_free_slot").is_null());

    Client ed = As("eddy");
    auto put = ed.Json("PUT", Schedule(ch),
                       json::object{{"slots", json::array{Slot("wednesday", "17:30"), Slot("monday", "09:00"),
                                                          Slot("monday", "07:30")}}});
    ASSERT_EQ(put.status, 200) << put.body;
    const auto& slots = put.json.at("slots").as_array();
    ASSERT_EQ(slots.size(), 3u);
    EXPECT_EQ(Str(slots[0], "weekday"), "monday");
    EXPECT_EQ(Str(slots[0], "time"), "07:30");
    EXPECT_EQ(Str(slots[2], "weekday"), "wednesday");
    // 07:00 in Brussels now: 07:30 today is the next slot (06:30 UTC in winter).
    EXPECT_EQ(Str(put.json, "next_free_slot"), "2026-01-05T06:30:00Z");
    EXPECT_EQ(admin_->Get(Schedule(ch)).json, put.json);

    // Reviewers read but do not change; editors of another organisation neither.
    Client rev = As("rev");
    EXPECT_EQ(rev.Get(Schedule(ch)).status, 200);
    auto refused = rev.Json("PUT", Schedule(ch), json::object{{"slots", json::array{}}});
    EXPECT_TRUE(IsProblem(refused, 403, "forbidden"));
    Client other = As("other-ed");
    EXPECT_TRUE(IsProblem(other.Json("PUT", Schedule(ch), json::object{{"slots", json::array{}}}), 403, "forbidden"));
    EXPECT_EQ(other.Get(Schedule(ch)).status, 403);

    auto audit = admin_->Get("/api/v1/audit?object_type=channel&object_id=" + std::to_string(ch));
    ASSERT_EQ(audit.status, 200) << audit.body;
    const auto& entry = audit.json.at("items").as_array().at(0);
    EXPECT_EQ(Str(entry, "action"), "channel.schedule");
    EXPECT_EQ(entry.at("actor").at("username").as_string(), "eddy");
    EXPECT_TRUE(entry.at("before").at("slots").as_array().empty());
    EXPECT_EQ(entry.at("after").at("slots").as_array().size(), 3u);
    EXPECT_EQ(entry.at("after").at("time_zone").as_string(), "Europe/Brussels");
}

TEST_P(Scheduling, BadSchedulesAreRefusedNamingTheField) {
    const long long ch = Channel("bad");
    struct Case {
        json::value body;
        std::string field;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {json::object{{"slots", json::array{Slot("lundi", "09:00")}}}, "slots", "slots[0].weekday must be monday"},
        {json::object{{"slots", json::array{Slot("monday", "24:00")}}}, "slots", "slots[0].time must be"},
        {json::object{{"slots", json::array{Slot("monday", "9:00")}}}, "slots", "HH:MM"},
        {json::object{{"slots", json::array{Slot("monday", "09:00"), Slot("monday", "09:00")}}}, "slots",
         "listed twice"},
        {json::object{{"slots", json::array{42}}}, "slots", "must be an object"},
        {json::object{{"slots", json::array{json::object{{"weekday", "monday"}}}}}, "slots", "slots[0].time"},
        {json::object{{"time_zone", "Europe/Bruxelles"}, {"slots", json::array{}}}, "time_zone", "IANA"},
        {json::object{{"time_zone", "Europe/Brussels"}}, "slots", "required"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(json::serialize(c.body));
        EXPECT_TRUE(IsProblem(admin_->Json("PUT", Schedule(ch), c.body), 400, "invalid-request", c.field, c.detail));
    }
    EXPECT_TRUE(admin_->Get(Schedule(ch)).json.at("slots").as_array().empty());
    EXPECT_EQ(admin_->Get(Schedule(999999)).status, 404);
}

TEST_P(Scheduling, NextFreeSlotGivesEachChannelItsOwnSlotAndSkipsTakenOnes) {
    const long long morning = Channel("morning");
    const long long evening = Channel("evening");
    ASSERT_EQ(admin_
                  ->Json("PUT", Schedule(morning),
                         json::object{{"slots", json::array{Slot("monday", "09:00"), Slot("tuesday", "09:00")}}})
                  .status,
              200);
    ASSERT_EQ(
        admin_
            ->Json("PUT", Schedule(evening),
                   json::object{{"time_zone", "America/New_York"}, {"slots", json::array{Slot("monday", "18:00")}}})
            .status,
        200);
    const long long first = Draft({morning, evening});
    auto a = admin_->Post(PostPath(first) + "/schedule", json::object{{"next_free_slot", true}});
    ASSERT_EQ(a.status, 200) << a.body;
    auto times = TimesByChannel(a);
    EXPECT_EQ(times[morning], "2026-01-05T08:00:00Z");             // Monday 09:00 CET
    EXPECT_EQ(times[evening], "2026-01-05T23:00:00Z");             // Monday 18:00 EST
    EXPECT_EQ(Str(a.json, "publish_at"), "2026-01-05T08:00:00Z");  // the post: its earliest rendition

    // The next post finds those slots taken.
    const long long second = Draft({morning, evening});
    auto b = admin_->Post(PostPath(second) + "/schedule", json::object{{"next_free_slot", true}});
    ASSERT_EQ(b.status, 200) << b.body;
    times = TimesByChannel(b);
    EXPECT_EQ(times[morning], "2026-01-06T08:00:00Z");
    EXPECT_EQ(times[evening], "2026-01-12T23:00:00Z");

    // A cancelled post gives its slots back.
    ASSERT_EQ(admin_->Post(PostPath(first) + "/cancel", json::object{}).status, 200);
    const long long third = Draft({morning});
    auto c = admin_->Post(PostPath(third) + "/schedule", json::object{{"next_free_slot", true}});
    ASSERT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(TimesByChannel(c)[morning], "2026-01-05T08:00:00Z");
    // The posts list says when each post's renditions go out.
    auto list = admin_->Get("/api/v1/posts");
    ASSERT_EQ(list.status, 200) << list.body;
    int found = 0;
    for (const auto& item : list.json.at("items").as_array()) {
        if (item.at("id").as_int64() != second) continue;
        ++found;
        EXPECT_EQ(json::serialize(item.at("rendition_times")), R"(["2026-01-06T08:00:00Z","2026-01-12T23:00:00Z"])");
    }
    EXPECT_EQ(found, 1);
    // The schedule shows the next one still free.
    EXPECT_EQ(Str(admin_->Get(Schedule(morning)).json, "next_free_slot"), "2026-01-12T08:00:00Z");
}

TEST_P(Scheduling, NextFreeSlotFollowsBrusselsAcrossTheSpringGap) {
    const long long ch = Channel("night");
    ASSERT_EQ(admin_->Json("PUT", Schedule(ch), json::object{{"slots", json::array{Slot("sunday", "02:30")}}}).status,
              200);
    server_->clock().Set(*core::ParseRfc3339("2026-03-28T12:00:00Z"));
    const long long post = Draft({ch});
    auto r = admin_->Post(PostPath(post) + "/schedule", json::object{{"next_free_slot", true}});
    ASSERT_EQ(r.status, 200) << r.body;
    // 02:30 does not exist on 29 March 2026: the slot moves to 03:00 CEST.
    EXPECT_EQ(TimesByChannel(r)[ch], "2026-03-29T01:00:00Z");
}

TEST_P(Scheduling, NextFreeSlotIsRefusedForAChannelWithoutSlotsNamingIt) {
    const long long with = Channel("with");
    const long long without = Channel("without");
    ASSERT_EQ(admin_->Json("PUT", Schedule(with), json::object{{"slots", json::array{Slot("friday", "10:00")}}}).status,
              200);
    const long long post = Draft({with, without});
    auto r = admin_->Post(PostPath(post) + "/schedule", json::object{{"next_free_slot", true}});
    ASSERT_TRUE(IsProblem(r, 400, "invalid-request", "next_free_slot", "'FA without'"));
    EXPECT_NE(Str(r.json, "detail").find("set its slots"), std::string::npos) << r.body;
    const auto& errors = r.json.at("errors").as_array();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].at("channel_id").as_int64(), without);
    EXPECT_EQ(Str(errors[0], "field"), "next_free_slot");
    auto view = admin_->Get(PostPath(post));
    EXPECT_EQ(Str(view.json, "status"), "draft");
    EXPECT_TRUE(view.json.at("renditions").as_array().empty());
    // One way of saying when at a time.
    EXPECT_TRUE(
        IsProblem(admin_->Post(PostPath(post) + "/schedule", json::object{{"next_free_slot", true}, {"now", true}}),
                  400, "invalid-request", "next_free_slot", "choose one"));
}

TEST_P(Scheduling, AChannelWithoutAVariantInItsLanguagesIsNamedByIdAndField) {
    const long long fr = Channel("fr", {"fr"});
    const long long de = Channel("de", {"de"});
    const long long post = Draft({fr, de}, json::object{{"fr", "Bonjour"}});
    auto r = admin_->Post(PostPath(post) + "/schedule", json::object{{"now", true}});
    ASSERT_TRUE(IsProblem(r, 400, "invalid-request", "renditions", "has no text in these languages"));
    const auto& errors = r.json.at("errors").as_array();
    ASSERT_EQ(errors.size(), 1u) << r.body;
    EXPECT_EQ(errors[0].at("channel_id").as_int64(), de);
    EXPECT_EQ(Str(errors[0], "field"), "variants");
    EXPECT_NE(Str(errors[0], "message").find("(id " + std::to_string(de) + ")"), std::string::npos);
    // A text over the network's limit is per channel too.
    auto patched = admin_->Patch(
        PostPath(post), json::object{{"variants", json::object{{"fr", std::string(600, 'a')}, {"de", "Hallo"}}}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    auto too_long = admin_->Post(PostPath(post) + "/schedule", json::object{{"now", true}});
    ASSERT_EQ(too_long.status, 400);
    const auto& long_errors = too_long.json.at("errors").as_array();
    ASSERT_EQ(long_errors.size(), 1u) << too_long.body;
    EXPECT_EQ(long_errors[0].at("channel_id").as_int64(), fr);
}

TEST_P(Scheduling, PostsListFiltersOnTimeAndCountsRenditionsByStatus) {
    const long long ch = Channel("list");
    const long long twin = Channel("twin");
    ASSERT_EQ(admin_
                  ->Send("PUT", "/api/v1/channels/" + std::to_string(twin) + "/connection",
                         json::serialize(json::object{{"api_base_url", "http://127.0.0.1:9"},
                                                      {"bilingual_mode", "twin"},
                                                      {"credentials", json::object{{"access_token", "x"}}}}),
                         {{"Content-Type", "application/json"}})
                  .status,
              200);
    const long long jan = Draft({ch, twin}, json::object{{"fr", "Janvier"}, {"nl", "Januari"}});
    const long long feb = Draft({ch});
    const long long draft = Draft({ch});
    ASSERT_EQ(admin_->Post(PostPath(jan) + "/schedule", json::object{{"publish_at", "2026-01-20T10:00:00Z"}}).status,
              200);
    ASSERT_EQ(admin_->Post(PostPath(feb) + "/schedule", json::object{{"publish_at", "2026-02-20T10:00:00Z"}}).status,
              200);

    auto all = admin_->Get("/api/v1/posts");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(ItemIds(all), (std::vector<long long>{draft, feb, jan}));
    const auto& jan_item = all.json.at("items").as_array().at(2);
    EXPECT_EQ(jan_item.at("rendition_counts").at("scheduled").as_int64(), 3);  // one combined + twin fr and nl
    EXPECT_TRUE(all.json.at("items").as_array().at(0).at("rendition_counts").as_object().empty());

    EXPECT_EQ(ItemIds(admin_->Get("/api/v1/posts?from=2026-02-01T00:00:00Z")), (std::vector<long long>{feb}));
    EXPECT_EQ(ItemIds(admin_->Get("/api/v1/posts?to=2026-02-01T00:00:00Z")), (std::vector<long long>{jan}));
    EXPECT_EQ(ItemIds(admin_->Get("/api/v1/posts?from=2026-01-20T10:00:00Z&to=2026-02-20T10:00:00Z")),
              (std::vector<long long>{jan}));  // from inclusive, to exclusive
    EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/posts?from=yesterday"), 400, "invalid-request", "from", "ISO 8601"));
    EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/posts?to=2026-13-01T00:00:00Z"), 400, "invalid-request", "to"));
    EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/posts?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400,
                          "invalid-request", "to", "later than from"));
    EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/posts?status=pending"), 400, "invalid-request", "status",
                          "use draft, in_review, approved, scheduled, published"));
    EXPECT_EQ(ItemIds(admin_->Get("/api/v1/posts?status=draft")), (std::vector<long long>{draft}));
}

class Retry : public Scheduling {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        Scheduling::SetUp();
    }
    std::unique_ptr<NetsimProcess> netsim_;
};

TEST_P(Retry, AFailedRenditionIsRequeuedWithItsKeyAndPublishedOnce) {
    const long long ch = Channel("retry");
    const long long post = Draft({ch});
    ASSERT_EQ(admin_->Post(PostPath(post) + "/schedule", json::object{{"now", true}}).status, 200);
    // Not connected: the rendition fails.
    server_->app().publisher->RunOnce();
    auto failed = admin_->Get(PostPath(post));
    ASSERT_EQ(Str(failed.json, "status"), "failed") << failed.body;
    const auto& rendition = failed.json.at("renditions").as_array().at(0);
    ASSERT_EQ(Str(rendition, "status"), "failed");
    const long long rid = rendition.at("id").as_int64();
    const std::string retry = PostPath(post) + "/renditions/" + std::to_string(rid) + "/retry";
    auto key = [&] {
        return server_->app()
            .db
            ->Read<std::string>([&](store::Tx& tx) -> core::Result<std::string> {
                return store::GetRendition(tx, rid)->idempotency_key;
            })
            .value();
    };
    const std::string key_before = key();

    // Only editors and administrators of the organisation.
    EXPECT_TRUE(IsProblem(As("rev").Post(retry, json::object{}), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(As("other-ed").Post(retry, json::object{}), 403, "forbidden"));
    EXPECT_EQ(admin_->Post(PostPath(post) + "/renditions/999999/retry", json::object{}).status, 404);

    Client sim(netsim_->port());
    auto account = sim.Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", "retry"}});
    ASSERT_EQ(account.status, 201) << account.body;
    ASSERT_EQ(admin_
                  ->Send("PUT", "/api/v1/channels/" + std::to_string(ch) + "/connection",
                         json::serialize(json::object{
                             {"api_base_url", netsim_->url()},
                             {"credentials", json::object{{"access_token", account.json.at("access_token")}}}}),
                         {{"Content-Type", "application/json"}})
                  .status,
              200);
    auto again = As("eddy").Post(retry, json::object{});
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(Str(again.json, "status"), "scheduled");
    EXPECT_EQ(Str(again.json.at("renditions").as_array().at(0), "status"), "scheduled");
    EXPECT_EQ(key(), key_before);
    // Still under way: a second retry is refused, saying why.
    EXPECT_TRUE(IsProblem(admin_->Post(retry, json::object{}), 409, "conflict", "", "still under way"));

    server_->app().publisher->RunOnce();
    auto done = admin_->Get(PostPath(post));
    EXPECT_EQ(Str(done.json, "status"), "published") << done.body;
    EXPECT_EQ(Str(done.json.at("renditions").as_array().at(0), "status"), "published");
    auto stored = sim.Get("/_netsim/posts?network=mastodon");
    EXPECT_EQ(stored.json.at("items").as_array().size(), 1u) << stored.body;
    EXPECT_TRUE(IsProblem(admin_->Post(retry, json::object{}), 409, "conflict", "", "already published"));

    auto audit = admin_->Get("/api/v1/audit?object_type=rendition&object_id=" + std::to_string(rid));
    ASSERT_EQ(audit.status, 200) << audit.body;
    ASSERT_EQ(audit.json.at("total").as_int64(), 1);
    const auto& entry = audit.json.at("items").as_array().at(0);
    EXPECT_EQ(Str(entry, "action"), "rendition.retry");
    EXPECT_EQ(entry.at("actor").at("username").as_string(), "eddy");
    EXPECT_EQ(entry.at("before").at("status").as_string(), "failed");
    EXPECT_EQ(entry.at("after").at("idempotency_key").as_string(), key_before);
}

INSTANTIATE_TEST_SUITE_P(Engines, Scheduling, ::testing::Values("sqlite", "postgresql"));
INSTANTIATE_TEST_SUITE_P(Engines, Retry, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
