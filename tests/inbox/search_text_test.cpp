// The inbox's indexed words and query alternatives, without a database: an item matches when every
// query word has an alternative among the item's indexed words (what both engines' indexes do).
#include "inbox/search_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <thread>

#include "core/fold.hpp"

namespace belfry::inbox {
namespace {

std::set<std::string> Tokens(const std::string& search_text) {
    std::set<std::string> out;
    std::istringstream in(search_text);
    std::string w;
    while (in >> w) out.insert(w);
    return out;
}

bool Finds(const std::string& text, const std::string& language, const std::string& q) {
    const auto tokens = Tokens(SearchText(text, language));
    const auto query = SearchQuery(q);
    if (query.empty()) return false;
    for (const auto& alternatives : query) {
        bool any = false;
        for (const auto& a : alternatives) any = any || tokens.contains(a);
        if (!any) return false;
    }
    return true;
}

TEST(SearchText, FoldsCaseAndAccents) {
    EXPECT_TRUE(Finds("La Société nationale des chemins de fer", "fr", "societe"));
    EXPECT_TRUE(Finds("la societe", "fr", "SOCIÉTÉ"));
    EXPECT_TRUE(Finds("ÉCOLE Dupont-Évrard", "fr", "ecole evrard"));
    EXPECT_TRUE(Finds("Straße", "de", "strasse"));
    EXPECT_FALSE(Finds("La Société nationale", "fr", "chemins"));
}

TEST(SearchText, FindsFrenchAndDutchWordForms) {
    EXPECT_TRUE(Finds("Où trouver les formulaires ?", "fr", "formulaire"));
    EXPECT_TRUE(Finds("Le formulaire est introuvable", "fr", "formulaires"));
    EXPECT_TRUE(Finds("Mes demandes restent sans réponse", "fr", "demande reponse"));
    EXPECT_TRUE(Finds("Waar kan ik de aanvragen indienen?", "nl", "aanvraag"));
    EXPECT_TRUE(Finds("Mijn aanvraag is verlopen", "nl", "aanvragen"));
    EXPECT_TRUE(Finds("de gemeenten", "nl", "gemeente"));
}

TEST(SearchText, FindsGermanAndEnglishWordForms) {
    EXPECT_TRUE(Finds("Wo finde ich die Anträge?", "de", "Antrag"));
    EXPECT_TRUE(Finds("Die Formulare fehlen", "de", "formular"));
    EXPECT_TRUE(Finds("How do I renew my applications?", "en", "application renewing"));
    EXPECT_TRUE(Finds("The passport was renewed", "en", "renewal passports"));
}

TEST(SearchText, EveryWordMustMatch) {
    EXPECT_TRUE(Finds("eID token verloren", "nl", "token eid"));
    EXPECT_FALSE(Finds("eID token verloren", "nl", "token paspoort"));
    EXPECT_FALSE(Finds("ministre", "fr", "mini"));  // whole words only
}

TEST(SearchText, UnknownLanguageGetsEveryStemmer) {
    EXPECT_TRUE(Finds("formulaires aanvragen", "und", "formulaire aanvraag"));
}

TEST(SearchText, TheIndexedFormIsTheDistinctStems) {
    const std::string s = SearchText("Bonjour bonjour BONJOUR, les formulaires!", "fr");
    EXPECT_EQ(s, "bonjour le formulair");                                             // "le": the stem of "les"
    EXPECT_EQ(SearchText("Les formulaires", "und"), "le les formulair formulaires");  // fr, nl, de, en
    EXPECT_EQ(SearchText("", "fr"), "");
    EXPECT_EQ(SearchText(" ,;!? ", "en"), "");
}

TEST(SearchText, HtmlAndScriptAreInertWords) {
    const std::string s = SearchText(R"(<script>alert("x")</script><img src=x onerror='1'> "; DROP TABLE x; --)", "en");
    for (char c : s) {
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')
            << "unexpected '" << c << "' in " << s;
    }
    EXPECT_TRUE(Tokens(s).contains("script"));
    EXPECT_TRUE(Tokens(s).contains("drop"));
    EXPECT_TRUE(Finds("<b>formulaires</b>", "fr", "<b>formulaire</b>"));
}

TEST(SearchText, QueryOperatorsAreWordsOrSeparators) {
    const auto q = SearchQuery(R"(NEAR(a b) "le" * -x OR formulaire*)");
    std::vector<std::string> words;
    for (const auto& group : q) {
        ASSERT_FALSE(group.empty());
        words.push_back(group.front());
        for (const auto& alt : group) {
            for (char c : alt) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << alt;
        }
    }
    EXPECT_EQ(words, (std::vector<std::string>{"near", "a", "b", "le", "x", "or", "formulaire"}));
    EXPECT_TRUE(SearchQuery("'; -- * \" ( )").empty());
    EXPECT_TRUE(SearchQuery("").empty());
}

TEST(SearchText, QueryAlternativesAreTheWordAndItsStems) {
    const auto q = SearchQuery("Formulaires formulaires");
    ASSERT_EQ(q.size(), 1u);  // repeated words once
    EXPECT_EQ(q[0].front(), "formulaires");
    EXPECT_NE(std::find(q[0].begin(), q[0].end(), "formulair"), q[0].end());
    const std::set<std::string> distinct(q[0].begin(), q[0].end());
    EXPECT_EQ(distinct.size(), q[0].size());
    EXPECT_EQ(SearchQuery("a b c d e f g h i j k").size(), kMaxQueryWords);
}

TEST(SearchText, InvalidUtf8IsSafe) {
    const std::string bad =
        "caf\xC3 \xFF\xFE formul\xE9"
        "aire \xC3\xA9t\xC3\xA9 \xED\xA0\x80 end";
    const std::string s = SearchText(bad, "fr");
    EXPECT_TRUE(Tokens(s).contains("end"));
    EXPECT_TRUE(Tokens(s).contains("ete"));
    EXPECT_FALSE(SearchQuery(bad).empty());
    EXPECT_TRUE(Finds(bad, "fr", "end"));
    // A cut in the middle of a character.
    EXPECT_NO_THROW(SearchText(std::string("\xC3", 1), "fr"));
    EXPECT_NO_THROW(SearchQuery(std::string("\xE2\x82", 2)));
}

// The fast path (ASCII, Latin-1, general punctuation) reads words exactly as ICU does.
TEST(SearchText, QueryWordsAreTheFoldedWordsOfCoreFold) {
    const std::vector<std::string> samples{
        "Ça coûte 10 € — « très » cher…",
        "l’État, l'état; L’ÉTAT",
        "ÆØÅ æøå Straße ÿ Ÿ",
        "naïve café résumé",
        "x×y÷z ¹²³ ¼",
        "µ ª º",
        "été café",
        "Ｆｕｌｌ ｗｉｄｔｈ",
        "İstanbul ΣΊΣΥΦΟΣ",
        "Привет мир",
        "a‐b‑c–d—e",
        "dé́jà",
    };
    for (const auto& text : samples) {
        std::vector<std::string> expected;
        for (const auto& w : core::FoldedWords(text)) {
            if (std::find(expected.begin(), expected.end(), w) == expected.end()) expected.push_back(w);
        }
        std::vector<std::string> got;
        for (const auto& group : SearchQuery(text)) got.push_back(group.front());
        EXPECT_EQ(got, expected) << text;
    }
}

TEST(SearchText, FormatCharactersDoNotSplitWords) {
    EXPECT_TRUE(Finds("formu\u00ADlaire \u202Eurgent", "fr", "formulaire urgent"));
}

TEST(SearchText, HugeTextsAndWordsAreCapped) {
    std::string huge;
    for (int i = 0; i < 200000; ++i) huge += "mot" + std::to_string(i) + " ";
    const std::string s = SearchText(huge, "fr");
    EXPECT_LE(s.size(), kMaxSearchText);
    EXPECT_TRUE(Tokens(s).contains("mot0"));
    EXPECT_FALSE(Tokens(s).contains("mot199999"));
    EXPECT_NE(s.back(), ' ');
    const std::string long_word(kMaxSearchWord + 1, 'a');
    EXPECT_EQ(SearchText(long_word + " court", "fr"), "court");
    EXPECT_TRUE(SearchQuery(long_word).empty());
    // Input past kMaxSearchInput is not read at all, even when it would fit.
    const std::string tail = std::string(kMaxSearchInput, ' ') + "lointain";
    EXPECT_EQ(SearchText(tail, "fr"), "");
}

TEST(SearchText, ThreadsHaveTheirOwnStemmers) {
    const std::string expected = SearchText("Les formulaires des gemeenten et les Anträge", "und");
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                if (SearchText("Les formulaires des gemeenten et les Anträge", "und") != expected) ++mismatches[t];
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace belfry::inbox
