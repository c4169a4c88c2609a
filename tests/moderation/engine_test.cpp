#include "moderation/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace belfry::moderation {
namespace {

const Engine& TheEngine() {
    static const std::shared_ptr<const Engine> engine = [] {
        auto e = Engine::Create();
        EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
        return e.ok() ? e.value() : nullptr;
    }();
    return *engine;
}

bool HasTerm(const Classification& c, Category category, std::string_view term) {
    return std::any_of(c.terms.begin(), c.terms.end(),
                       [&](const TermMatch& m) { return m.category == category && m.term == term; });
}

struct Flagged {
    const char* text;
    Category category;
    const char* term;  // the lexicon entry expected to match ("" for detectors and signals)
};

class EngineFlags : public ::testing::TestWithParam<Flagged> {};

TEST_P(EngineFlags, FlagsWithTheMatchedTerm) {
    const Flagged& f = GetParam();
    const auto c = TheEngine().Classify(f.text);
    ASSERT_EQ(c.Top(0.5), f.category) << f.text << " — insult " << c.score(Category::kInsult) << ", racism "
                                      << c.score(Category::kRacism) << ", spam " << c.score(Category::kSpam);
    if (*f.term != '\0') {
        EXPECT_TRUE(HasTerm(c, f.category, f.term)) << f.text;
    }
}

using C = Category;
INSTANTIATE_TEST_SUITE_P(
    Languages, EngineFlags,
    ::testing::Values(
        Flagged{"Espèce de CONNARD", C::kInsult, "connard*"}, Flagged{"quel c0nn4rd", C::kInsult, "connard*"},
        Flagged{"c.o.n.n.a.r.d", C::kInsult, "connard*"}, Flagged{"coooonnard va", C::kInsult, "connard*"},
        Flagged{"Wat een k l o o t z a k", C::kInsult, "klootzak*"},
        Flagged{"jij bent een kutwijf", C::kInsult, "kut*"}, Flagged{"Du Vollidiot", C::kInsult, "*idiot*"},
        Flagged{"what an a$$hole", C::kInsult, "asshole*"}, Flagged{"f*ck you", C::kInsult, "fuck you"},
        Flagged{"sales bougnoules", C::kRacism, "bougnoul*"}, Flagged{"vuile makakken", C::kRacism, "makak*"},
        Flagged{"Kan\u0430ken", C::kRacism, "kanake*"}, Flagged{"n1gger", C::kRacism, "nigger*"},
        Flagged{"les pédés", C::kDiscrimination, "pedes"}, Flagged{"die flikkers", C::kDiscrimination, "flikker*"},
        Flagged{"Schwuchteln", C::kDiscrimination, "schwuchtel*"}, Flagged{"f4ggot", C::kDiscrimination, "faggot*"},
        Flagged{"je vais te tuer", C::kViolence, "je vais te tuer"},
        Flagged{"ik ga je vermoorden", C::kViolence, "ik ga je vermoorden"},
        Flagged{"Ich bringe dich um!", C::kViolence, "ich bringe dich um"},
        Flagged{"I will kill you", C::kViolence, "kill you"},
        Flagged{"Cheap viagra http://a.example http://b.example", C::kSpam, "viagra"},
        Flagged{"win win win win win win win win", C::kSpam, ""},
        Flagged{"bel me op 0475 12 34 56", C::kPersonalData, ""},
        Flagged{"mon numéro national 85.07.30-033.28", C::kPersonalData, ""}));

TEST(Engine, AllowsOrdinaryComments) {
    for (const char* text : {
             "Bonjour, où puis-je renouveler ma carte eID ?",
             "Merci pour votre aide, c'est très clair.",
             "Ik ben het niet eens met deze beslissing, slecht beleid.",
             "Wo finde ich das Formular?",
             "Is the embassy open tomorrow?",
             "The consultation closes on 05/03/2026, see page 12.",
             "Sind die Toten identifiziert?",
             "Ik negeer die reacties",
             "la connexion ne marche pas",
             "Pakistan visa requirements?",
             "Le parc de Mongolie",
             "I killed time waiting in line",
         }) {
        const auto c = TheEngine().Classify(text);
        EXPECT_EQ(c.Top(0.5), std::nullopt) << text << " matched " << (c.terms.empty() ? "" : c.terms[0].term);
    }
}

TEST(Engine, ReportsTheSignals) {
    const auto c = TheEngine().Classify("con\u200Bnard, see https://x.example and www.y.example");
    EXPECT_TRUE(c.invisible);
    EXPECT_EQ(c.links, 2);
    EXPECT_TRUE(HasTerm(c, Category::kInsult, "connard*"));
}

TEST(Engine, CompilesAnOrganisationsOwnTerms) {
    auto engine = Engine::Create({{Category::kInsult, "nl", "zeverkous*", 1.0}});
    ASSERT_TRUE(engine.ok());
    EXPECT_EQ(engine.value()->Classify("wat een zeverkousen").Top(0.5), Category::kInsult);
    EXPECT_EQ(TheEngine().Classify("wat een zeverkousen").Top(0.5), std::nullopt);
}

// The database is compiled without the open ends of "word*" and "*word" (the text starts and ends
// with a space); words are still whole at both ends of the text and inside phrases.
TEST(Lexicon, OpenEndedTermsKeepTheirWordBoundaries) {
    auto engine = Engine::FromEntries({{Category::kInsult, "nl", "kut*", 1.0},
                                       {Category::kInsult, "de", "*idiot", 1.0},
                                       {Category::kViolence, "fr", "je vais te tu* demain", 1.0}});
    ASSERT_TRUE(engine.ok());
    const Engine& e = *engine.value();
    for (const char* text : {"kut", "kutwijf hoor", "wat een kut", "Vollidiot", "idiot", "je vais te tuer demain"}) {
        EXPECT_GE(e.Classify(text).terms.size(), 1U) << text;
    }
    for (const char* text : {"akut", "sakut wijf", "idioten", "je vais te tuer apres demain", "je vais tetu demain"}) {
        EXPECT_TRUE(e.Classify(text).terms.empty()) << text;
    }
    const auto c = e.Classify("wat een kutwijf");
    ASSERT_EQ(c.terms.size(), 1U);
    EXPECT_EQ(c.terms[0].entry, 0U);
    EXPECT_EQ(c.terms[0].term, "kut*");
    EXPECT_EQ(c.terms[0].language, "nl");
}

TEST(Engine, CountsLinksOnce) {
    const auto c = TheEngine().Classify("https://www.a.example www.b.example ftp://c.example wwww.d.example :// www");
    EXPECT_EQ(c.links, 5);  // https://www. once; www.b; ftp://; the www. inside wwww.; the bare ://
}

// Kuttekoven (Limburg) contains "kut": the built-in rules call it an insult; an organisation allows
// the name, and only the name.
TEST(Engine, AllowedWordsAreNeverCounted) {
    EXPECT_EQ(TheEngine().Classify("Ik woon in Kuttekoven").Top(0.5), Category::kInsult);
    auto engine = Engine::Create({}, {{Category::kInsult, "nl", "Kuttekoven"}});
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    const Engine& e = *engine.value();
    const auto c = e.Classify("Ik woon in Kuttekoven, de bus komt niet");
    EXPECT_EQ(c.Top(0.5), std::nullopt);
    EXPECT_DOUBLE_EQ(c.score(Category::kInsult), 0);
    ASSERT_EQ(c.allowed_terms.size(), 1U);
    EXPECT_EQ(c.allowed_terms[0].term, "kut*");
    EXPECT_TRUE(c.terms.empty());
    // Disguised like any text, and every occurrence.
    EXPECT_EQ(e.Classify("KUTTEK0VEN en kuttekoven").Top(0.5), std::nullopt);
    // The term elsewhere in the same text still counts, and so does a longer word.
    EXPECT_EQ(e.Classify("Kuttekoven is echt kut").Top(0.5), Category::kInsult);
    EXPECT_EQ(e.Classify("Kuttekovenaren").Top(0.5), Category::kInsult);
    // Other categories are not affected.
    EXPECT_EQ(e.Classify("Kuttekoven, kanaken eruit").Top(0.5), Category::kRacism);
}

TEST(Engine, AnAllowedWordCoversItsCategoryAndLanguageOnly) {
    const std::vector<LexiconEntry> entries{{Category::kInsult, "nl", "foo*", 1.0},
                                            {Category::kInsult, "", "*bar", 1.0},
                                            {Category::kRacism, "nl", "*oba*", 1.0}};
    auto fr = Engine::FromEntries(entries, {{Category::kInsult, "fr", "foobar"}});
    ASSERT_TRUE(fr.ok());
    auto c = fr.value()->Classify("foobar");
    // foo* (nl) is not covered by a French allowed word; *bar (every language) is.
    ASSERT_EQ(c.terms.size(), 2U);
    EXPECT_EQ(c.terms[0].term == "foo*" || c.terms[1].term == "foo*", true);
    ASSERT_EQ(c.allowed_terms.size(), 1U);
    EXPECT_EQ(c.allowed_terms[0].term, "*bar");
    EXPECT_EQ(c.Top(0.5), Category::kRacism);  // ties go to the more serious category

    auto any = Engine::FromEntries(entries, {{Category::kInsult, "", "foobar"}, {Category::kRacism, "nl", "xoba"}});
    ASSERT_TRUE(any.ok());
    c = any.value()->Classify("foobar xoba");
    EXPECT_DOUBLE_EQ(c.score(Category::kInsult), 0);
    EXPECT_DOUBLE_EQ(c.score(Category::kRacism), 1);  // *oba* in "foobar": allowed for insults only
    EXPECT_EQ(c.allowed_terms.size(), 2U);
}

TEST(Engine, RefusesAllowedWordsItCannotMatch) {
    auto star = Engine::Create({}, {{Category::kInsult, "nl", "kutte*"}});
    ASSERT_FALSE(star.ok());
    EXPECT_EQ(star.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(star.error().message.find("'kutte*' contains '*'"), std::string::npos) << star.error().message;
    auto empty = Engine::Create({}, {{Category::kInsult, "nl", " !! "}});
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("no letters"), std::string::npos);
}

TEST(Lexicon, ParsesTermsWeightsAndComments) {
    auto entries = ParseLexicon("# comment\nidiot*\n\ncasino | 0.6 # spammy\n", Category::kSpam, "en", "t.txt");
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 2U);
    EXPECT_EQ((*entries)[0].term, "idiot*");
    EXPECT_DOUBLE_EQ((*entries)[1].weight, 0.6);
    auto bad = ParseLexicon("casino | lots\n", Category::kSpam, "en", "spam.en.txt");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("spam.en.txt:1"), std::string::npos);
}

TEST(Lexicon, TermPatternsAreNormalisedLiterals) {
    EXPECT_EQ(TermPattern("kut*").value(), " k[u*]t[^ ]* ");
    EXPECT_EQ(TermPattern("Connard").value(), " c[o*]n[a*]rd ");
    EXPECT_FALSE(TermPattern("  ").ok());
    EXPECT_FALSE(TermPattern("!!!").ok());
}

}  // namespace
}  // namespace belfry::moderation
