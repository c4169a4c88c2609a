#include "inbox/saved_reply.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace belfry::inbox {
namespace {

SavedReply FrNl() {
    SavedReply r;
    r.name = "eID: code PIN perdu";
    r.link = "https://eid.belgium.be";
    r.variants = {{"fr", "Bonjour {citizen_name}, voir {link}"}, {"nl", "Dag {citizen_name}, zie {link}"}};
    return r;
}

std::string Repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

TEST(SavedReply, PickVariant) {
    const SavedReply r = FrNl();
    const struct {
        const char* language;
        std::vector<std::string> fallbacks;
        const char* expected;  // nullptr: none
    } cases[] = {
        {"nl", {"fr"}, "nl"},        // the conversation's language first
        {"de", {"fr", "nl"}, "fr"},  // then the channel's languages in order
        {"de", {"en", "nl"}, "nl"},  // skipping those without a variant
        {"und", {}, "fr"},           // then the first variant
        {"en", {"de", "en"}, "fr"},
    };
    for (const auto& c : cases) {
        const SavedReplyVariant* v = PickVariant(r, c.language, c.fallbacks);
        ASSERT_NE(v, nullptr) << c.language;
        EXPECT_EQ(v->language, c.expected) << c.language;
    }
    EXPECT_EQ(PickVariant(SavedReply{}, "fr", {"fr"}), nullptr);
}

TEST(SavedReply, RenderReply) {
    const ReplyVariables vars{"Marie Dubois", "@marie@mastodon.social", "https://eid.belgium.be",
                              "SPF Affaires étrangères"};
    const struct {
        const char* text;
        const char* expected;
    } cases[] = {
        {"Bonjour {citizen_name}, voir {link}", "Bonjour Marie Dubois, voir https://eid.belgium.be"},
        {"{citizen_handle} — {channel}", "@marie@mastodon.social — SPF Affaires étrangères"},
        {"{{citizen_name}} is a variable", "{citizen_name} is a variable"},
        {"a}b and a}}b", "a}b and a}b"},
        {"no variable at all", "no variable at all"},
        {"", ""},
        {"{link}{link}", "https://eid.belgium.behttps://eid.belgium.be"},
    };
    for (const auto& c : cases) {
        auto out = RenderReply(c.text, vars);
        ASSERT_TRUE(out.ok()) << c.text << ": " << out.error().message;
        EXPECT_EQ(*out, c.expected);
    }
    // A citizen without a display name is greeted by handle.
    auto anonymous = RenderReply("Dag {citizen_name}", {"", "@jan.bsky.social", "", ""});
    ASSERT_TRUE(anonymous.ok());
    EXPECT_EQ(*anonymous, "Dag @jan.bsky.social");
}

TEST(SavedReply, RenderReplyRefusesUnknownVariablesAndOpenBraces) {
    const struct {
        const char* text;
        const char* says;  // part of the message
    } cases[] = {
        {"Bonjour {name}", "unknown variable {name}"},
        {"Bonjour {Citizen_Name}", "unknown variable {Citizen_Name}"},
        {"empty {}", "unknown variable {}"},
        {"Bonjour {citizen_name", "character 9 is not closed"},
        {"é{citizen_name {link}", "character 2 is not closed"},
        {"trailing {", "is not closed"},
    };
    for (const auto& c : cases) {
        auto out = RenderReply(c.text, {});
        ASSERT_FALSE(out.ok()) << c.text;
        EXPECT_EQ(out.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(out.error().field, "text");
        EXPECT_NE(out.error().message.find(c.says), std::string::npos) << out.error().message;
        EXPECT_NE(out.error().message.find("{citizen_name}, {citizen_handle}, {link} or {channel}"), std::string::npos)
            << out.error().message;
    }
}

TEST(SavedReply, Validate) {
    EXPECT_TRUE(ValidateSavedReply(FrNl()).ok());
    SavedReply longest = FrNl();
    longest.name = Repeat("é", 120);
    longest.variants = {{"de", Repeat("ü", 5000)}};
    EXPECT_TRUE(ValidateSavedReply(longest).ok());

    const struct {
        std::function<void(SavedReply&)> change;
        const char* field;
    } cases[] = {
        {[](SavedReply& r) { r.name = "  "; }, "name"},
        {[](SavedReply& r) { r.name = Repeat("é", 121); }, "name"},
        {[](SavedReply& r) { r.category = "Carte eID"; }, "category"},
        {[](SavedReply& r) { r.link = "javascript:alert(1)"; }, "link"},
        {[](SavedReply& r) { r.variants.clear(); }, "variants"},
        {[](SavedReply& r) {
             r.variants = {{"fr", "a"}, {"nl", "b"}, {"de", "c"}, {"en", "d"}, {"fr", "e"}};
         },
         "variants"},
        {[](SavedReply& r) { r.variants[1].language = "es"; }, "variants[1].language"},
        {[](SavedReply& r) { r.variants[1].language = "fr"; }, "variants[1].language"},
        {[](SavedReply& r) { r.variants[0].text = " \n "; }, "variants[0].text"},
        {[](SavedReply& r) { r.variants[0].text = Repeat("a", 5001); }, "variants[0].text"},
        {[](SavedReply& r) { r.variants[1].text = "Dag {naam}"; }, "variants[1].text"},
        {[](SavedReply& r) { r.variants[1].text = "Dag {citizen_name"; }, "variants[1].text"},
    };
    for (const auto& c : cases) {
        SavedReply r = FrNl();
        c.change(r);
        const auto st = ValidateSavedReply(r);
        ASSERT_FALSE(st.ok()) << c.field;
        EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(st.error().field, c.field) << st.error().message;
    }
}

}  // namespace
}  // namespace belfry::inbox
