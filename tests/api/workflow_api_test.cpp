// The editorial workflow through the API, on both engines: every policy rule (allowed and blocked,
// with its explanation), four eyes, the spokesperson in addition to the peers, approval of a version,
// changes sending a post back to review with a readable diff, the conversation, the review queue,
// and the audit chain recording every decision with its version.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api_helpers.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

class Workflow : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        server_->clock().Set(*core::ParseRfc3339("2026-11-23T08:00:00Z"));
        gov_ = server_->SeedRoot();
        org_ = server_->AddOrg(gov_, "service", "fa");
        server_->AddUser("admin", "administrator", gov_);
        server_->AddUser("eddy", "editor", org_);
        server_->AddUser("rita", "reviewer", org_);
        server_->AddUser("rob", "reviewer", org_);
        server_->AddUser("spoke", "spokesperson", org_);
        server_->AddUser("agent", "agency_member", org_);
        server_->AddUser("ana", "analyst", org_);
        admin_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(admin_->Login("admin").status, 200);
        channel_ = Channel("fa", {"fr", "nl"});
    }

    Client As(const std::string& user) {
        Client c(server_->port());
        EXPECT_EQ(c.Login(user).status, 200) << user;
        return c;
    }

    long long Channel(const std::string& handle, std::vector<std::string> langs) {
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

    void Policy(long long org, json::object own) {
        auto r = admin_->Send("PUT", "/api/v1/organisations/" + std::to_string(org) + "/policy", json::serialize(own),
                              {{"Content-Type", "application/json"}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    long long Draft(Client& c, json::object variants, const std::string& content_type = "press_release",
                    json::array tags = {}, std::vector<long long> channels = {}) {
        json::array ids;
        for (long long id : channels.empty() ? std::vector<long long>{channel_} : channels) ids.push_back(id);
        auto r = c.Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                      {"content_type", content_type},
                                                      {"variants", variants},
                                                      {"tags", tags},
                                                      {"channel_ids", ids}});
        EXPECT_EQ(r.status, 201) << r.body;
        return IdOf(r);
    }

    static std::string PostPath(long long id) { return "/api/v1/posts/" + std::to_string(id); }

    static bool HasAction(const HttpResult& r, const std::string& action) {
        for (const auto& a : r.json.at("review").at("actions").as_array()) {
            if (a.as_string() == action) return true;
        }
        return false;
    }

    static const json::object* Finding(const json::value& post, const std::string& rule) {
        for (const auto& f : post.at("review").at("findings").as_array()) {
            if (f.at("rule").as_string() == rule) return &f.as_object();
        }
        return nullptr;
    }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> admin_;
    long long gov_ = 0;
    long long org_ = 0;
    long long channel_ = 0;
};

const json::object kBilingual{{"fr", "Nouveau service consulaire"}, {"nl", "Nieuwe consulaire dienst"}};

// One policy rule, seen through submission: refused with its explanation, or accepted and needing
// (or not) the spokesperson.
struct RuleCase {
    const char* name;
    json::object policy;  // the organisation's own settings
    json::object variants;
    std::string content_type;
    json::array tags;
    bool attest;
    std::string election;  // "in" / "out": an election period around now, or none
    // expectations
    int status;               // of the submission
    std::string field;        // 400: the blocking rule's field
    std::string says;         // a fragment of its explanation (400) or of the finding's message
    std::string post_status;  // 200: the post's status after submission
    bool needs_spokesperson;  // 200
    std::string finding;      // 200: a finding expected on the post ("" for none)
    std::string matched;      // one of its matched words
};

std::vector<RuleCase> Cases() {
    const json::object no_parity{{"channel_language_parity", false}};
    std::vector<RuleCase> c;
    c.push_back({"attestation missing",
                 {},
                 kBilingual,
                 "press_release",
                 {},
                 false,
                 "",
                 400,
                 "policy.attestation",
                 "on the record",
                 "",
                 false,
                 "",
                 ""});
    c.push_back(
        {"attestation given", {}, kBilingual, "press_release", {}, true, "", 200, "", "", "in_review", false, "", ""});
    c.push_back({"attestation switched off",
                 {{"require_attestation", false}},
                 kBilingual,
                 "press_release",
                 {},
                 false,
                 "",
                 200,
                 "",
                 "",
                 "in_review",
                 false,
                 "",
                 ""});
    c.push_back({"no review required: approved at once",
                 {{"peer_reviews", 0}},
                 kBilingual,
                 "press_release",
                 {},
                 true,
                 "",
                 200,
                 "",
                 "",
                 "approved",
                 false,
                 "",
                 ""});
    c.push_back({"channel marked bilingual, Dutch missing",
                 {},
                 {{"fr", "Texte seul"}},
                 "press_release",
                 {},
                 true,
                 "",
                 400,
                 "policy.language_parity",
                 "Write the nl version",
                 "",
                 false,
                 "",
                 ""});
    c.push_back({"channel parity switched off",
                 no_parity,
                 {{"fr", "Texte seul"}},
                 "press_release",
                 {},
                 true,
                 "",
                 200,
                 "",
                 "",
                 "in_review",
                 false,
                 "",
                 ""});
    c.push_back({"organisation requires fr+nl+de",
                 {{"required_languages", json::array{"fr", "nl", "de"}}},
                 kBilingual,
                 "press_release",
                 {},
                 true,
                 "",
                 400,
                 "policy.language_parity",
                 "Write the de version",
                 "",
                 false,
                 "",
                 ""});
    c.push_back(
        {"sensitive keyword, other case and accents",
         {{"sensitive_keywords", json::array{"Vice-Premier ministre"}}},
         {{"fr", "Le VICE-PREMIER MINISTRE visitera Kinshasa"}, {"nl", "De vice-eersteminister bezoekt Kinshasa"}},
         "press_release",
         {},
         true,
         "",
         200,
         "",
         "spokesperson must approve",
         "in_review",
         true,
         "sensitive_subject",
         "Vice-Premier ministre"});
    c.push_back({"a keyword inside another word is no match",
                 {{"sensitive_keywords", json::array{"avis"}}},
                 {{"fr", "Le service avisa les voyageurs"}, {"nl", "De dienst"}},
                 "press_release",
                 {},
                 true,
                 "",
                 200,
                 "",
                 "",
                 "in_review",
                 false,
                 "",
                 ""});
    c.push_back({"sensitive content type (default: travel advice)",
                 {},
                 kBilingual,
                 "travel_advice",
                 {},
                 true,
                 "",
                 200,
                 "",
                 "spokesperson must approve",
                 "in_review",
                 true,
                 "sensitive_subject",
                 "content type: travel_advice"});
    c.push_back({"sensitive tag",
                 {{"sensitive_tags", json::array{"crise"}}},
                 kBilingual,
                 "press_release",
                 json::array{"Crise"},
                 true,
                 "",
                 200,
                 "",
                 "",
                 "in_review",
                 true,
                 "sensitive_subject",
                 "#Crise"});
    c.push_back({"party name during an election period",
                 {{"neutrality_terms", json::array{"Parti Exemple"}}},
                 {{"fr", "Rencontre avec le parti exemple"}, {"nl", "Ontmoeting"}},
                 "press_release",
                 {},
                 true,
                 "in",
                 200,
                 "",
                 "election period",
                 "in_review",
                 true,
                 "neutrality",
                 "Parti Exemple"});
    c.push_back({"party name outside an election period: advice only",
                 {{"neutrality_terms", json::array{"Parti Exemple"}}},
                 {{"fr", "Rencontre avec le parti exemple"}, {"nl", "Ontmoeting"}},
                 "press_release",
                 {},
                 true,
                 "out",
                 200,
                 "",
                 "",
                 "in_review",
                 false,
                 "neutrality",
                 "Parti Exemple"});
    c.push_back({"a post that is only a link",
                 {},
                 {{"fr", "https://diplomatie.belgium.be"}, {"nl", "Lees meer"}},
                 "press_release",
                 {},
                 true,
                 "",
                 400,
                 "policy.link_text",
                 "",
                 "",
                 false,
                 "",
                 ""});
    c.push_back({"lowercase hashtag of several words: advice",
                 {},
                 {{"fr", "Conseils aux voyageurs #conseilsauxvoyageurs"}, {"nl", "Reisadvies"}},
                 "press_release",
                 {},
                 true,
                 "",
                 200,
                 "",
                 "ConseilsAuxVoyageurs",
                 "in_review",
                 false,
                 "hashtag_case",
                 "#conseilsauxvoyageurs"});
    return c;
}

TEST_P(Workflow, EveryRuleAllowsOrBlocksWithItsExplanation) {
    Client eddy = As("eddy");
    for (const auto& c : Cases()) {
        SCOPED_TRACE(c.name);
        json::object policy = c.policy;
        if (!c.election.empty()) {
            const bool in = c.election == "in";
            policy["election_periods"] =
                json::array{json::object{{"name", "Élections 2026"},
                                         {"from", in ? "2026-11-01T00:00:00Z" : "2026-12-01T00:00:00Z"},
                                         {"until", in ? "2026-12-01T00:00:00Z" : "2027-01-01T00:00:00Z"}}};
        }
        Policy(org_, policy);
        const long long post = Draft(eddy, c.variants, c.content_type, c.tags);
        auto r = eddy.Post(PostPath(post) + "/submit", json::object{{"attest", c.attest}});
        ASSERT_EQ(r.status, c.status) << r.body;
        if (c.status == 400) {
            EXPECT_TRUE(IsProblem(r, 400, "invalid-request", c.field, c.says));
            EXPECT_EQ(Str(eddy.Get(PostPath(post)).json, "status"), "draft") << "nothing changed";
            continue;
        }
        EXPECT_EQ(Str(r.json, "status"), c.post_status);
        EXPECT_EQ(r.json.at("review").at("spokesperson_required").as_bool(), c.needs_spokesperson);
        if (!c.finding.empty()) {
            const auto* f = Finding(r.json, c.finding);
            ASSERT_NE(f, nullptr) << r.body;
            bool matched = false;
            for (const auto& m : f->at("matched").as_array()) matched |= m.as_string() == c.matched;
            EXPECT_TRUE(matched) << json::serialize(*f);
            if (!c.says.empty()) {
                EXPECT_NE(std::string(f->at("message").as_string()).find(c.says), std::string::npos)
                    << json::serialize(*f);
            }
            // Where the rule comes from: this organisation's setting, or the default (0).
            if (c.policy.empty()) {
                EXPECT_EQ(f->at("set_by").as_int64(), 0) << json::serialize(*f);
            }
            if (c.policy.contains("neutrality_terms") || c.policy.contains("sensitive_keywords")) {
                EXPECT_EQ(f->at("set_by").as_int64(), org_) << json::serialize(*f);
            }
        }
    }
}

TEST_P(Workflow, PolicyIsInheritedAndOverriddenAndOnlyAdministratorsChangeIt) {
    Policy(gov_, {{"peer_reviews", 2}, {"sensitive_keywords", json::array{"ministre"}}});
    Policy(org_, {{"peer_reviews", 1}});
    auto r = As("eddy").Get("/api/v1/organisations/" + std::to_string(org_) + "/policy");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& effective = r.json.at("effective");
    EXPECT_EQ(effective.at("peer_reviews").as_int64(), 1);
    EXPECT_EQ(effective.at("set_by").at("peer_reviews").as_int64(), org_);
    EXPECT_EQ(effective.at("sensitive_keywords").as_array().at(0).as_string(), "ministre");
    EXPECT_EQ(effective.at("set_by").at("sensitive_keywords").as_int64(), gov_);
    EXPECT_FALSE(r.json.at("own").as_object().contains("sensitive_keywords"));

    Client eddy = As("eddy");
    auto denied = eddy.Send("PUT", "/api/v1/organisations/" + std::to_string(org_) + "/policy",
                            R"({"peer_reviews": 0})", {{"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(denied, 403, "forbidden", "", "administrator"));
    auto invalid = admin_->Send("PUT", "/api/v1/organisations/" + std::to_string(org_) + "/policy",
                                R"({"peer_reviews": 3, "required_languages": ["fr", "xx"]})",
                                {{"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(invalid, 400, "invalid-request", "peer_reviews", "must be 0, 1 or 2"));
    EXPECT_EQ(invalid.json.at("errors").as_array().size(), 2u) << invalid.body;
    auto unknown = admin_->Send("PUT", "/api/v1/organisations/" + std::to_string(org_) + "/policy",
                                R"({"peer_review": 1})", {{"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(unknown, 400, "invalid-request", "peer_review"));
    // Back to inheriting: null.
    Policy(org_, {{"peer_reviews", nullptr}});
    r = eddy.Get("/api/v1/organisations/" + std::to_string(org_) + "/policy");
    EXPECT_EQ(r.json.at("effective").at("peer_reviews").as_int64(), 2);
}

TEST_P(Workflow, FourEyesPeersAndTheSpokespersonInAddition) {
    Policy(org_, {{"sensitive_keywords", json::array{"ministre", "minister"}}});
    Client eddy = As("eddy");
    Client rita = As("rita");
    Client spoke = As("spoke");
    const long long post = Draft(eddy, {{"fr", "Le ministre à Paris"}, {"nl", "De minister in Parijs"}});
    ASSERT_EQ(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}).status, 200);

    // The author never approves; agency members never approve; analysts cannot.
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 403, "forbidden", "",
                          "reviewer"));
    Client agent = As("agent");
    EXPECT_TRUE(IsProblem(agent.Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 403, "forbidden", "",
                          "agency members"));
    EXPECT_TRUE(IsProblem(As("ana").Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 403, "forbidden"));
    // The version read must be the current one.
    EXPECT_TRUE(IsProblem(rita.Post(PostPath(post) + "/approve", json::object{{"version", 7}}), 409, "conflict", "",
                          "read it again"));
    EXPECT_TRUE(IsProblem(rita.Post(PostPath(post) + "/approve", json::object{}), 400, "invalid-request", "version"));

    auto peer = rita.Post(PostPath(post) + "/approve", json::object{{"version", 1}, {"comment", "OK pour moi"}});
    ASSERT_EQ(peer.status, 200) << peer.body;
    EXPECT_EQ(Str(peer.json, "status"), "in_review") << "the spokesperson must approve too";
    EXPECT_EQ(peer.json.at("review").at("peer_approvals").as_int64(), 1);
    EXPECT_FALSE(peer.json.at("review").at("spokesperson_approved").as_bool());
    EXPECT_FALSE(HasAction(peer, "schedule"));
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/schedule", json::object{{"now", true}}), 409, "conflict", "",
                          "still in review"));
    // A second peer is not what is missing.
    EXPECT_TRUE(IsProblem(As("rob").Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 409, "conflict",
                          "", "spokesperson"));

    auto queue = spoke.Get("/api/v1/review-queue");
    ASSERT_EQ(queue.status, 200) << queue.body;
    ASSERT_EQ(queue.json.at("to_review").as_array().size(), 1u) << queue.body;
    const auto& item = queue.json.at("to_review").as_array().at(0);
    EXPECT_EQ(Str(item, "reason"), "spokesperson");
    EXPECT_EQ(item.at("sensitive").as_array().at(0).as_string(), "ministre");
    EXPECT_EQ(queue.json.at("counts").at("spokesperson").as_int64(), 1);

    auto approved = spoke.Post(PostPath(post) + "/approve", json::object{{"version", 1}});
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(Str(approved.json, "status"), "approved");
    EXPECT_TRUE(approved.json.at("review").at("spokesperson_approved").as_bool());
    auto scheduled = eddy.Post(PostPath(post) + "/schedule", json::object{{"publish_at", "2026-11-24T09:00:00Z"}});
    ASSERT_EQ(scheduled.status, 200) << scheduled.body;
    EXPECT_EQ(Str(scheduled.json, "status"), "scheduled");

    // The audit chain shows each decision with the version it concerned.
    auto audit = admin_->Get("/api/v1/audit?object_type=post&object_id=" + std::to_string(post) + "&per_page=50");
    ASSERT_EQ(audit.status, 200) << audit.body;
    int approvals = 0;
    for (const auto& e : audit.json.at("items").as_array()) {
        if (Str(e, "action") != "post.approve") continue;
        ++approvals;
        EXPECT_EQ(e.at("after").at("version").as_int64(), 1) << json::serialize(e);
    }
    EXPECT_EQ(approvals, 2) << audit.body;
}

TEST_P(Workflow, TwoPeerReviewsNeedTwoDistinctReviewers) {
    Policy(org_, {{"peer_reviews", 2}});
    Client eddy = As("eddy");
    Client rita = As("rita");
    const long long post = Draft(eddy, kBilingual);
    ASSERT_EQ(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}).status, 200);
    auto first = rita.Post(PostPath(post) + "/approve", json::object{{"version", 1}});
    EXPECT_EQ(Str(first.json, "status"), "in_review");
    EXPECT_TRUE(IsProblem(rita.Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 409, "conflict", "",
                          "already approved"));
    // The spokesperson may give the second peer review when the post is not sensitive.
    auto second = As("rob").Post(PostPath(post) + "/approve", json::object{{"version", 1}});
    EXPECT_EQ(Str(second.json, "status"), "approved") << second.body;
    EXPECT_EQ(second.json.at("review").at("peer_approvals").as_int64(), 2);
}

TEST_P(Workflow, AChangeAfterApprovalGoesBackToReviewWithAReadableDiff) {
    Client eddy = As("eddy");
    Client rita = As("rita");
    const long long post = Draft(eddy, {{"fr", "Le consulat ouvre lundi"}, {"nl", "Het consulaat opent maandag"}});
    ASSERT_EQ(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}).status, 200);
    ASSERT_EQ(rita.Post(PostPath(post) + "/approve", json::object{{"version", 1}}).status, 200);
    ASSERT_EQ(Str(eddy.Get(PostPath(post)).json, "status"), "approved");
    ASSERT_EQ(eddy.Post(PostPath(post) + "/schedule", json::object{{"publish_at", "2026-11-24T09:00:00Z"}}).status,
              200);

    // Internal notes are not content: no new version.
    auto notes = eddy.Patch(PostPath(post), json::object{{"internal_notes", "vu avec le cabinet"}});
    ASSERT_EQ(notes.status, 200) << notes.body;
    EXPECT_EQ(notes.json.at("version").as_int64(), 1);
    EXPECT_EQ(Str(notes.json, "status"), "scheduled");

    server_->clock().Advance(60'000);
    auto changed =
        eddy.Patch(PostPath(post), json::object{{"variants", json::object{{"fr", "Le consulat ouvre mardi"},
                                                                          {"nl", "Het consulaat opent maandag"}}}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json.at("version").as_int64(), 2);
    EXPECT_EQ(Str(changed.json, "status"), "in_review");
    EXPECT_EQ(changed.json.at("review").at("peer_approvals").as_int64(), 0) << "approvals are of version 1";
    for (const auto& r : changed.json.at("renditions").as_array()) EXPECT_EQ(Str(r, "status"), "cancelled");
    // The Dutch text did not follow the French change: flagged stale (advice).
    const auto* stale = Finding(changed.json, "stale_variant");
    ASSERT_NE(stale, nullptr) << changed.body;
    EXPECT_EQ(stale->at("matched").as_array().at(0).as_string(), "nl");

    auto diff = eddy.Get(PostPath(post) + "/diff");
    ASSERT_EQ(diff.status, 200) << diff.body;
    EXPECT_EQ(diff.json.at("from").as_int64(), 1);
    EXPECT_EQ(diff.json.at("to").as_int64(), 2);
    std::string deleted;
    std::string inserted;
    std::string nl_change;
    for (const auto& l : diff.json.at("languages").as_array()) {
        if (Str(l, "language") == "nl") nl_change = Str(l, "change");
        if (Str(l, "language") != "fr") continue;
        for (const auto& p : l.at("pieces").as_array()) {
            if (Str(p, "op") == "delete") deleted += Str(p, "text");
            if (Str(p, "op") == "insert") inserted += Str(p, "text");
        }
    }
    EXPECT_EQ(deleted, "lundi");
    EXPECT_EQ(inserted, "mardi");
    EXPECT_EQ(nl_change, "same");
    EXPECT_TRUE(IsProblem(eddy.Get(PostPath(post) + "/diff?from=2&to=1"), 400, "invalid-request", "from"));
    auto versions = eddy.Get(PostPath(post) + "/versions");
    ASSERT_EQ(versions.json.at("items").as_array().size(), 2u) << versions.body;
    EXPECT_EQ(Str(versions.json.at("items").as_array().at(0).at("variants"), "fr"), "Le consulat ouvre lundi");

    // The approval of version 1 does not carry over; the reviewer approves version 2.
    EXPECT_TRUE(IsProblem(rita.Post(PostPath(post) + "/approve", json::object{{"version", 1}}), 409, "conflict", "",
                          "version 2"));
    EXPECT_EQ(Str(rita.Post(PostPath(post) + "/approve", json::object{{"version", 2}}).json, "status"), "approved");
    auto comments = eddy.Get(PostPath(post) + "/comments");
    bool back = false;
    for (const auto& c : comments.json.at("items").as_array()) back |= Str(c, "kind") == "back_to_review";
    EXPECT_TRUE(back) << comments.body;
}

TEST_P(Workflow, ChangesRequestedRejectionWithdrawalAndTheConversation) {
    Client eddy = As("eddy");
    Client rita = As("rita");
    const long long post = Draft(eddy, kBilingual);
    ASSERT_EQ(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}).status, 200);
    EXPECT_TRUE(IsProblem(rita.Post(PostPath(post) + "/request-changes", json::object{}), 400, "invalid-request",
                          "comment", "say what should change"));
    auto back = rita.Post(PostPath(post) + "/request-changes", json::object{{"comment", "Précisez l'horaire"}});
    ASSERT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(Str(back.json, "status"), "draft");
    EXPECT_FALSE(back.json.at("review").at("attested").as_bool()) << "the next submission attests again";
    auto mine = eddy.Get("/api/v1/review-queue");
    ASSERT_EQ(mine.json.at("mine").as_array().size(), 1u) << mine.body;
    EXPECT_EQ(Str(mine.json.at("mine").as_array().at(0), "reason"), "changes_requested");
    EXPECT_EQ(mine.json.at("counts").at("changes_requested").as_int64(), 1);

    // Comments: drafters and reviewers; the text is kept as written (the UI escapes it).
    auto added = eddy.Post(PostPath(post) + "/comments",
                           json::object{{"body", "<script>alert(1)</script> horaire ajouté"}, {"language", "fr"}});
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(Str(added.json, "body"), "<script>alert(1)</script> horaire ajouté");
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/comments", json::object{{"body", "   "}}), 400,
                          "invalid-request", "body", "empty"));
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/comments", json::object{{"body", "x"}, {"language", "es"}}), 400,
                          "invalid-request", "language"));
    EXPECT_TRUE(
        IsProblem(As("ana").Post(PostPath(post) + "/comments", json::object{{"body", "Bien"}}), 403, "forbidden"));
    auto conversation = As("ana").Get(PostPath(post) + "/comments");
    ASSERT_EQ(conversation.status, 200) << conversation.body;
    std::vector<std::string> kinds;
    for (const auto& c : conversation.json.at("items").as_array()) kinds.push_back(Str(c, "kind"));
    EXPECT_EQ(kinds, (std::vector<std::string>{"submitted", "changes_requested", "comment"}));

    // Reject: for good.
    ASSERT_EQ(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}).status, 200);
    ASSERT_EQ(rita.Post(PostPath(post) + "/reject", json::object{{"comment", "Pas opportun"}}).status, 200);
    EXPECT_TRUE(
        IsProblem(eddy.Patch(PostPath(post), json::object{{"variants", kBilingual}}), 409, "conflict", "", "new post"));
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/submit", json::object{{"attest", true}}), 409, "conflict"));

    // Withdraw a scheduled post: its renditions are taken back.
    Policy(org_, {{"peer_reviews", 0}});
    const long long other = Draft(eddy, kBilingual);
    ASSERT_EQ(Str(eddy.Post(PostPath(other) + "/submit", json::object{{"attest", true}}).json, "status"), "approved");
    ASSERT_EQ(eddy.Post(PostPath(other) + "/schedule", json::object{{"publish_at", "2026-11-25T09:00:00Z"}}).status,
              200);
    auto withdrawn = eddy.Post(PostPath(other) + "/withdraw", json::object{{"comment", "Annulé"}});
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(Str(withdrawn.json, "status"), "withdrawn");
    for (const auto& r : withdrawn.json.at("renditions").as_array()) EXPECT_EQ(Str(r, "status"), "cancelled");
}

TEST_P(Workflow, SchedulingADraftNeedsItsReviewAndCancellingKeepsTheApproval) {
    Client eddy = As("eddy");
    const long long post = Draft(eddy, kBilingual);
    EXPECT_TRUE(IsProblem(eddy.Post(PostPath(post) + "/schedule", json::object{{"now", true}}), 409, "conflict", "",
                          "submit it for review"));
    Policy(org_, {{"peer_reviews", 0}, {"require_attestation", false}});
    auto direct = eddy.Post(PostPath(post) + "/schedule", json::object{{"publish_at", "2026-11-24T09:00:00Z"}});
    ASSERT_EQ(direct.status, 200) << direct.body;
    EXPECT_EQ(Str(direct.json, "status"), "scheduled");
    auto cancelled = eddy.Post(PostPath(post) + "/cancel", json::object{});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(Str(cancelled.json, "status"), "approved");
    EXPECT_TRUE(HasAction(cancelled, "schedule"));
}

INSTANTIATE_TEST_SUITE_P(Engines, Workflow, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
