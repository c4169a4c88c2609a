#include "inbox/categories.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>

namespace belfry::inbox {
namespace {

std::vector<CategoryRule> Rules() {
    return {
        {.id = 1,
         .category = "eid",
         .keywords = {"eID", "carte d'identité", "code PIN", "identiteitskaart"},
         .position = 2},
        {.id = 2,
         .category = "travel",
         .language = "fr",
         .keywords = {"voyage", "conseils aux voyageurs"},
         .position = 1},
        {.id = 3, .category = "travel_nl", .language = "nl", .keywords = {"reisadvies"}, .position = 1},
        {.id = 4, .category = "contact", .keywords = {"contact", "téléphone"}, .position = 2},
    };
}

TEST(Categories, FirstMatchingRuleByPositionThenId) {
    const struct {
        const char* text;
        const char* language;
        const char* expected;
    } cases[] = {
        {"Ma CARTE D'IDENTITÉ est perdue", "fr", "eid"},  // phrase, case and accents ignored
        {"Ma carte d’identite est perdue", "fr", "eid"},  // another apostrophe, no accent
        {"J'ai vu un eider", "fr", ""},                   // whole words only
        {"Code PIN oublié pour mon eID !", "fr", "eid"},
        {"Je pars en voyage, eID nécessaire ?", "fr", "travel"},  // position 1 before position 2
        {"Je pars en voyage, eID nécessaire ?", "nl", "eid"},     // the travel rule is French only
        {"Reisadvies voor Brazilië?", "nl", "travel_nl"},
        {"Reisadvies voor Brazilië?", "fr", ""},
        {"Reisadvies voor Brazilië?", "und", ""},
        {"contact eID", "de", "eid"},  // same position: lower id first
        {"Numéro de TÉLÉPHONE ?", "fr", "contact"},
        {"PIN code?", "en", ""},  // a phrase keeps its word order
        {"", "fr", ""},
    };
    auto rules = Rules();
    for (int pass = 0; pass < 2; ++pass) {
        const Categoriser categoriser(rules);
        for (const auto& c : cases) {
            EXPECT_EQ(Categorise(c.text, c.language, rules), c.expected) << c.text << " / " << c.language;
            EXPECT_EQ(categoriser.Categorise(c.text, c.language), c.expected) << c.text << " / " << c.language;
        }
        std::reverse(rules.begin(), rules.end());  // the order they come in does not matter
    }
    EXPECT_EQ(Categorise("eID", "fr", {}), "");
}

TEST(Categories, CategoryKeys) {
    EXPECT_TRUE(IsCategoryKey("eid_token-2"));
    EXPECT_TRUE(IsCategoryKey(std::string(40, 'a')));
    EXPECT_FALSE(IsCategoryKey(std::string(41, 'a')));
    EXPECT_FALSE(IsCategoryKey(""));
    EXPECT_FALSE(IsCategoryKey("Eid"));
    EXPECT_FALSE(IsCategoryKey("e id"));
    EXPECT_FALSE(IsCategoryKey("identité"));
}

TEST(Categories, ValidateCategoryRule) {
    const CategoryRule good{.category = "eid", .language = "fr", .keywords = {"eID", "carte d'identité"}};
    EXPECT_TRUE(ValidateCategoryRule(good).ok());
    CategoryRule most = good;
    most.language.clear();
    most.keywords.assign(50, std::string(40, 'x') + std::string(40, 'y'));
    EXPECT_TRUE(ValidateCategoryRule(most).ok());

    const struct {
        std::function<void(CategoryRule&)> change;
        const char* field;
    } cases[] = {
        {[](CategoryRule& r) { r.category = ""; }, "category"},
        {[](CategoryRule& r) { r.category = "Carte d'identité"; }, "category"},
        {[](CategoryRule& r) { r.category = std::string(41, 'a'); }, "category"},
        {[](CategoryRule& r) { r.language = "es"; }, "language"},
        {[](CategoryRule& r) { r.keywords.clear(); }, "keywords"},
        {[](CategoryRule& r) { r.keywords.assign(51, "eid"); }, "keywords"},
        {[](CategoryRule& r) { r.keywords[1] = std::string(81, 'a'); }, "keywords[1]"},
        {[](CategoryRule& r) { r.keywords[0] = " ?! "; }, "keywords[0]"},
        {[](CategoryRule& r) { r.keywords[1] = "eid\npin"; }, "keywords[1]"},
    };
    for (const auto& c : cases) {
        CategoryRule r = good;
        c.change(r);
        const auto st = ValidateCategoryRule(r);
        ASSERT_FALSE(st.ok()) << c.field;
        EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(st.error().field, c.field) << st.error().message;
    }
    // 80 characters, not 80 bytes
    CategoryRule accents = good;
    accents.keywords = {std::string(80, 'e')};
    std::string eighty_accents;
    for (int i = 0; i < 80; ++i) eighty_accents += "é";
    accents.keywords.push_back(eighty_accents);
    EXPECT_TRUE(ValidateCategoryRule(accents).ok());
}

}  // namespace
}  // namespace belfry::inbox
