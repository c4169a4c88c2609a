// Crisis mode's pure rules, table-driven: template checking (allowed and refused, with the
// explanation), filling (placeholders, missing fields, languages, the link), the decisions needed
// to close a crisis, the status a post takes afterwards, and the timeline.
#include "crisis/model.hpp"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace belfry::crisis {
namespace {

using Variants = std::map<std::string, std::string>;

std::string AllMessages(const core::Error& e) {
    std::string out = e.message;
    for (const auto& d : e.details) out += "\n[" + d.field + "] " + d.message;
    return out;
}

TEST(CrisisPlaceholders, AreFoundInOrderOnceEach) {
    EXPECT_EQ(Placeholders("{event} à {area} : {instructions} ({event})"),
              (std::vector<std::string>{"event", "area", "instructions"}));
    EXPECT_TRUE(Placeholders("no placeholder").empty());
    std::vector<std::string> problems;
    EXPECT_EQ(Placeholders("{event} {oops} {", &problems), std::vector<std::string>{"event"});
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_NE(problems[0].find("unknown placeholder {oops}"), std::string::npos);
    EXPECT_NE(problems[1].find("not closed"), std::string::npos);
}

struct TemplateCase {
    const char* name;
    std::string template_name;
    Variants variants;
    bool ok;
    std::string field;        // the error's field when refused
    std::string explanation;  // a part of the explanation when refused
};

void PrintTo(const TemplateCase& c, std::ostream* os) { *os << c.name; }

class CrisisTemplateCheck : public ::testing::TestWithParam<TemplateCase> {};

TEST_P(CrisisTemplateCheck, AllowsOrRefusesWithTheReason) {
    const auto& c = GetParam();
    const auto st = CheckTemplate(c.template_name, c.variants);
    ASSERT_EQ(st.ok(), c.ok) << (st.ok() ? "accepted" : AllMessages(st.error()));
    if (c.ok) return;
    EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().field, c.field) << AllMessages(st.error());
    EXPECT_NE(AllMessages(st.error()).find(c.explanation), std::string::npos) << AllMessages(st.error());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CrisisTemplateCheck,
    ::testing::Values(
        TemplateCase{"EveryPlaceholderInTwoLanguages",
                     "Consular alert",
                     {{"fr", "{sender} : {event} à {area}. {instructions} Jusqu'à {until}. {link}"},
                      {"nl", "{sender}: {event} in {area}. {instructions} Tot {until}. {link}"}},
                     true,
                     "",
                     ""},
        TemplateCase{"OneLanguageWithoutPlaceholder", "Reminder", {{"en", "Stay informed."}}, true, "", ""},
        TemplateCase{"UnknownPlaceholderIsNamed",
                     "Alert",
                     {{"fr", "{event} à {region}"}},
                     false,
                     "variants.fr",
                     "unknown placeholder {region}: use {sender}, {event}, {area}, {instructions}, {until} or {link}"},
        TemplateCase{"UnclosedBrace", "Alert", {{"nl", "{event in {area}"}}, false, "variants.nl", "is not closed"},
        TemplateCase{
            "StrayClosingBrace", "Alert", {{"de", "event} in {area}"}}, false, "variants.de", "has no opening '{'"},
        TemplateCase{"LanguagesMustCarryTheSameFields",
                     "Alert",
                     {{"fr", "{event} à {area} jusqu'à {until}"}, {"nl", "{event} in {area}"}},
                     false,
                     "variants.nl",
                     "the nl text does not use {until}, which the fr text uses"},
        TemplateCase{"UnknownLanguage", "Alert", {{"es", "{event}"}}, false, "variants.es", "unknown language 'es'"},
        TemplateCase{"EmptyText", "Alert", {{"fr", "  "}}, false, "variants.fr", "the fr text is empty"},
        TemplateCase{"NoLanguage", "Alert", {}, false, "variants", "at least one language"},
        TemplateCase{"NameRequired", " ", {{"fr", "{event}"}}, false, "name", "the name is required"},
        TemplateCase{
            "TooLong", "Alert", {{"en", std::string(kMaxTemplateText + 1, 'a')}}, false, "variants.en", "too long"},
        TemplateCase{"InvalidUtf8", "Alert", {{"fr", "caf\xC3"}}, false, "variants.fr", "not valid UTF-8"}),
    [](const ::testing::TestParamInfo<TemplateCase>& info) { return std::string(info.param.name); });

TEST(CrisisTemplateCheck, ListsEveryProblemAtOnce) {
    const auto st = CheckTemplate("", {{"fr", "{foo} {bar}"}, {"xx", "y"}});
    ASSERT_FALSE(st.ok());
    // name, unknown language, two unknown placeholders
    EXPECT_EQ(st.error().details.size(), 4u) << AllMessages(st.error());
}

FieldValue All(std::string v) { return FieldValue{std::move(v), {}}; }
FieldValue Per(std::map<std::string, std::string> v) { return FieldValue{std::nullopt, std::move(v)}; }

const Variants kAlert{{"fr", "{sender} — {event} à {area}. {instructions} Jusqu'à {until}. {link}"},
                      {"nl", "{sender} — {event} in {area}. {instructions} Tot {until}. {link}"}};

Fields FullFields() {
    return {{"sender", All("SPF Affaires étrangères / FOD Buitenlandse Zaken")},
            {"event", Per({{"fr", "Séisme"}, {"nl", "Aardbeving"}})},
            {"area", Per({{"fr", "Le Caire"}, {"nl", "Caïro"}})},
            {"instructions", Per({{"fr", "Restez à l'intérieur."}, {"nl", "Blijf binnen."}})},
            {"until", All("20/11 18:00")},
            {"link", All("https://diplomatie.belgium.be")}};
}

TEST(CrisisFill, ReplacesEveryPlaceholderInEveryLanguage) {
    auto filled = FillTemplate(kAlert, FullFields());
    ASSERT_TRUE(filled.ok()) << AllMessages(filled.error());
    EXPECT_EQ(filled->at("fr"),
              "SPF Affaires étrangères / FOD Buitenlandse Zaken — Séisme à Le Caire. Restez à l'intérieur. Jusqu'à "
              "20/11 18:00. https://diplomatie.belgium.be");
    EXPECT_EQ(filled->at("nl"),
              "SPF Affaires étrangères / FOD Buitenlandse Zaken — Aardbeving in Caïro. Blijf binnen. Tot 20/11 "
              "18:00. https://diplomatie.belgium.be");
}

TEST(CrisisFill, ValuesAreTrimmedAndNotExpandedAgain) {
    auto fields = FullFields();
    fields["event"] = All("  {area} storm  ");
    auto filled = FillTemplate({{"en", "{event}!"}}, fields);
    ASSERT_TRUE(filled.ok());
    EXPECT_EQ(filled->at("en"), "{area} storm!");
}

TEST(CrisisFill, APerLanguageValueWinsOverTheCommonOne) {
    Fields fields{{"area", FieldValue{"Cairo", {{"fr", "Le Caire"}}}}};
    auto filled = FillTemplate({{"fr", "{area}"}, {"en", "{area}"}}, fields);
    ASSERT_TRUE(filled.ok());
    EXPECT_EQ(filled->at("fr"), "Le Caire");
    EXPECT_EQ(filled->at("en"), "Cairo");
}

struct FillCase {
    const char* name;
    Fields fields;
    std::vector<std::string> fields_named;  // every field the error must name, in order
    std::string explanation;
};

void PrintTo(const FillCase& c, std::ostream* os) { *os << c.name; }

class CrisisFillRefused : public ::testing::TestWithParam<FillCase> {};

TEST_P(CrisisFillRefused, NamesEveryFieldAtFault) {
    const auto& c = GetParam();
    auto filled = FillTemplate(kAlert, c.fields);
    ASSERT_FALSE(filled.ok());
    EXPECT_EQ(filled.error().code, core::ErrorCode::kInvalidArgument);
    std::vector<std::string> named;
    for (const auto& d : filled.error().details) named.push_back(d.field);
    EXPECT_EQ(named, c.fields_named) << AllMessages(filled.error());
    EXPECT_NE(AllMessages(filled.error()).find(c.explanation), std::string::npos) << AllMessages(filled.error());
}

Fields Without(const std::string& name) {
    auto f = FullFields();
    f.erase(name);
    return f;
}

Fields With(const std::string& name, FieldValue v) {
    auto f = FullFields();
    f[name] = std::move(v);
    return f;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CrisisFillRefused,
    ::testing::Values(
        FillCase{"MissingField", Without("until"), {"fields.until"}, "until is missing: the template uses {until}"},
        FillCase{"SeveralMissing",
                 Fields{{"sender", All("FPS")}, {"link", All("https://x.be")}},
                 {"fields.event", "fields.area", "fields.instructions", "fields.until"},
                 "fill in every field"},
        FillCase{"BlankCountsAsMissing", With("event", All("   ")), {"fields.event"}, "event is missing"},
        FillCase{"MissingInOneLanguage",
                 With("area", Per({{"fr", "Le Caire"}})),
                 {"fields.area.nl"},
                 "area is missing in nl: the nl text uses {area}"},
        FillCase{"LinkMustBeHttp", With("link", All("ftp://files.example")), {"fields.link"}, "must be an http(s) URL"},
        FillCase{"LinkWithoutSpaces", With("link", All("https://a b.be")), {"fields.link"}, "without spaces"},
        FillCase{"UnknownField", With("colour", All("red")), {"fields.colour"}, "unknown field 'colour'"},
        FillCase{"UnknownLanguage",
                 With("area", Per({{"fr", "Le Caire"}, {"nl", "Caïro"}, {"es", "El Cairo"}})),
                 {"fields.area.es"},
                 "unknown language 'es'"},
        FillCase{"TooLong",
                 With("instructions", All(std::string(kMaxFieldValue + 1, 'x'))),
                 {"fields.instructions"},
                 "too long"}),
    [](const ::testing::TestParamInfo<FillCase>& info) { return std::string(info.param.name); });

constexpr core::Millis kNow = 1'800'000'000'000;

PausedRendition Paused(long long post, long long rendition, core::Millis at, long long channel = 7) {
    PausedRendition p;
    p.post_id = post;
    p.rendition_id = rendition;
    p.channel_id = channel;
    p.channel_name = "FA Cairo";
    p.original_publish_at = at;
    return p;
}

TEST(CrisisClose, FuturePostsGetTheirScheduleBackWithoutDecision) {
    auto steps = PlanClose({Paused(1, 10, kNow + core::kHourMs)}, {}, kNow);
    ASSERT_TRUE(steps.ok()) << AllMessages(steps.error());
    ASSERT_EQ(steps->size(), 1u);
    EXPECT_EQ(steps->at(0).state, "restored");
    EXPECT_EQ(steps->at(0).publish_at, kNow + core::kHourMs);
}

TEST(CrisisClose, PastDuePostsNeedADecisionEachListedWithChannelAndTime) {
    auto steps =
        PlanClose({Paused(1, 10, kNow - core::kHourMs, 7), Paused(2, 20, kNow, 8), Paused(3, 30, kNow + core::kHourMs)},
                  {}, kNow);
    ASSERT_FALSE(steps.ok());
    EXPECT_EQ(steps.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(steps.error().field, "decisions");
    ASSERT_EQ(steps.error().details.size(), 2u) << AllMessages(steps.error());
    EXPECT_EQ(steps.error().details[0].channel_id, 7);
    EXPECT_EQ(steps.error().details[1].channel_id, 8);
    const auto text = AllMessages(steps.error());
    EXPECT_NE(text.find("post 1 on 'FA Cairo' (channel 7) was due at " + core::FormatRfc3339(kNow - core::kHourMs)),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("choose publish_now, reschedule (with a publish_at in the future) or cancel"),
              std::string::npos);
    EXPECT_EQ(text.find("post 3"), std::string::npos) << "a future post needs no decision";
}

TEST(CrisisClose, EachDecisionAppliesToEveryPausedRenditionOfItsPost) {
    const auto later = kNow + core::kDayMs;
    auto steps = PlanClose({Paused(1, 10, kNow - 1), Paused(1, 11, kNow + core::kHourMs), Paused(2, 20, kNow - 5),
                            Paused(3, 30, kNow - 9), Paused(4, 40, kNow + 1)},
                           {{1, "publish_now", std::nullopt},
                            {2, "reschedule", later},
                            {3, "cancel", std::nullopt},
                            {4, "cancel", std::nullopt}},
                           kNow);
    ASSERT_TRUE(steps.ok()) << AllMessages(steps.error());
    std::vector<std::pair<std::string, core::Millis>> got;
    for (const auto& s : *steps) got.emplace_back(s.state, s.state == "cancelled" ? 0 : s.publish_at);
    EXPECT_EQ(got, (std::vector<std::pair<std::string, core::Millis>>{{"published_now", kNow},
                                                                      {"published_now", kNow},
                                                                      {"rescheduled", later},
                                                                      {"cancelled", 0},
                                                                      {"cancelled", 0}}));
}

struct DecisionCase {
    const char* name;
    Decision decision;
    std::string field;
    std::string explanation;
};

void PrintTo(const DecisionCase& c, std::ostream* os) { *os << c.name; }

class CrisisCloseRefused : public ::testing::TestWithParam<DecisionCase> {};

TEST_P(CrisisCloseRefused, NamesTheDecisionAtFault) {
    const auto& c = GetParam();
    auto steps = PlanClose({Paused(1, 10, kNow - 1)}, {c.decision}, kNow);
    ASSERT_FALSE(steps.ok());
    EXPECT_EQ(steps.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(steps.error().field, c.field) << AllMessages(steps.error());
    EXPECT_NE(AllMessages(steps.error()).find(c.explanation), std::string::npos) << AllMessages(steps.error());
}

INSTANTIATE_TEST_SUITE_P(Cases, CrisisCloseRefused,
                         ::testing::Values(DecisionCase{"UnknownAction",
                                                        {1, "postpone", std::nullopt},
                                                        "decisions[0].action",
                                                        "must be publish_now, reschedule or cancel (got 'postpone')"},
                                           DecisionCase{"RescheduleWithoutTime",
                                                        {1, "reschedule", std::nullopt},
                                                        "decisions[0].publish_at",
                                                        "required with reschedule"},
                                           DecisionCase{"RescheduleInThePast",
                                                        {1, "reschedule", kNow - core::kMinuteMs},
                                                        "decisions[0].publish_at",
                                                        "is not in the future"},
                                           DecisionCase{"TimeWithoutReschedule",
                                                        {1, "cancel", kNow + core::kHourMs},
                                                        "decisions[0].publish_at",
                                                        "goes only with the action reschedule"},
                                           DecisionCase{"PostNotPaused",
                                                        {99, "cancel", std::nullopt},
                                                        "decisions[0].post_id",
                                                        "post 99 is not waiting in this crisis"}),
                         [](const ::testing::TestParamInfo<DecisionCase>& info) {
                             return std::string(info.param.name);
                         });

TEST(CrisisClose, APostListedTwiceIsRefused) {
    auto steps =
        PlanClose({Paused(1, 10, kNow - 1)}, {{1, "cancel", std::nullopt}, {1, "publish_now", std::nullopt}}, kNow);
    ASSERT_FALSE(steps.ok());
    EXPECT_EQ(steps.error().field, "decisions[1].post_id");
}

TEST(CrisisPostStatus, FollowsItsRenditions) {
    using Counts = std::map<std::string, long long>;
    EXPECT_EQ(PostStatusAfter(Counts{{"scheduled", 1}, {"cancelled", 1}}), "scheduled");
    EXPECT_EQ(PostStatusAfter(Counts{{"publishing", 1}}), "scheduled");
    EXPECT_EQ(PostStatusAfter(Counts{{"cancelled", 2}}), "approved");
    EXPECT_EQ(PostStatusAfter(Counts{{"published", 1}, {"cancelled", 1}}), "published");
    EXPECT_EQ(PostStatusAfter(Counts{{"published", 1}, {"failed", 1}}), "partially_published");
    EXPECT_EQ(PostStatusAfter(Counts{{"failed", 1}, {"cancelled", 1}}), "failed");
    EXPECT_EQ(PostStatusAfter(Counts{{"paused", 1}, {"scheduled", 1}}), "paused");
}

TEST(CrisisTimeline, TellsWhatWasSentWhereAndWhenOldestFirst) {
    CrisisView v;
    v.organisation_name = "Embassy in Cairo";
    v.crisis.title = "Earthquake";
    v.crisis.reason = "Major earthquake near Cairo";
    v.crisis.opened_at = kNow;
    v.crisis.opened_by_name = "Sophie Lambert";
    v.crisis.closed_at = kNow + 3 * core::kHourMs;
    v.crisis.closed_by_name = "Jan Peeters";
    auto p = Paused(1, 10, kNow + core::kHourMs);
    p.state = "restored";
    p.new_publish_at = kNow + 4 * core::kHourMs;
    p.decided_at = kNow + 3 * core::kHourMs;
    p.decided_by_name = "Jan Peeters";
    v.paused.push_back(p);
    MessageView m;
    m.message.post_id = 5;
    m.message.template_name = "Consular alert";
    m.message.template_version = 2;
    m.message.sent_at = kNow + core::kMinuteMs;
    m.message.sent_by_name = "Jan Peeters";
    MessageRendition ok;
    ok.post_id = 5;
    ok.channel_id = 7;
    ok.channel_name = "FA Cairo";
    ok.network = "mastodon";
    ok.status = "published";
    ok.published_at = kNow + 2 * core::kMinuteMs;
    ok.remote_url = "https://netsim.test/@cairo/1";
    MessageRendition bad = ok;
    bad.channel_id = 8;
    bad.channel_name = "FA Paris";
    bad.status = "failed";
    bad.published_at.reset();
    bad.explanation = "the account is suspended";
    bad.updated_at = kNow + 90 * core::kSecondMs;
    MessageRendition waiting = ok;
    waiting.status = "scheduled";
    waiting.published_at.reset();
    m.renditions = {ok, bad, waiting};
    v.messages.push_back(m);
    const auto t = BuildTimeline(v);
    std::vector<std::string> kinds;
    for (const auto& e : t) kinds.push_back(e.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"opened", "paused", "message_sent", "rendition_failed",
                                               "rendition_published", "closed", "restored"}));
    EXPECT_EQ(t[0].text, "crisis opened for Embassy in Cairo: Earthquake — Major earthquake near Cairo");
    EXPECT_EQ(t[0].actor_name, "Sophie Lambert");
    EXPECT_EQ(t[2].text, "'Consular alert' (version 2) sent to 3 channels");
    EXPECT_EQ(t[3].text, "failed on 'FA Paris' (mastodon): the account is suspended");
    EXPECT_EQ(t[4].text, "published on 'FA Cairo' (mastodon): https://netsim.test/@cairo/1");
    EXPECT_EQ(t[5].text, "crisis closed: 1 restored");
    EXPECT_EQ(t[6].text,
              "post 1 on 'FA Cairo' is back in its schedule at " + core::FormatRfc3339(kNow + 4 * core::kHourMs));
}

}  // namespace
}  // namespace belfry::crisis
