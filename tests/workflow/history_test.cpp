// The readable diff: words deleted and inserted, the rest equal; reading the pieces gives back both
// texts; the other changes of a version in plain words.
#include "workflow/history.hpp"

#include <gtest/gtest.h>

namespace belfry::workflow {
namespace {

std::string Old(const std::vector<DiffPiece>& pieces) {
    std::string s;
    for (const auto& p : pieces) {
        if (p.op != DiffPiece::Op::kInsert) s += p.text;
    }
    return s;
}

std::string New(const std::vector<DiffPiece>& pieces) {
    std::string s;
    for (const auto& p : pieces) {
        if (p.op != DiffPiece::Op::kDelete) s += p.text;
    }
    return s;
}

std::string Show(const std::vector<DiffPiece>& pieces) {
    std::string s;
    for (const auto& p : pieces) {
        s += p.op == DiffPiece::Op::kEqual    ? p.text
             : p.op == DiffPiece::Op::kDelete ? "[-" + p.text + "]"
                                              : "{+" + p.text + "}";
    }
    return s;
}

TEST(History, WordDiffs) {
    struct Case {
        const char* before;
        const char* after;
        const char* shown;
    };
    const Case cases[] = {
        {"Le consulat ouvre lundi", "Le consulat ouvre mardi", "Le consulat ouvre [-lundi]{+mardi}"},
        {"Le consulat ouvre lundi à 9 h", "Le consulat ouvre mardi à 9 h", "Le consulat ouvre [-lundi]{+mardi} à 9 h"},
        {"Texte", "Texte", "Texte"},
        {"", "Nieuwe tekst", "{+Nieuwe tekst}"},
        {"Ancien texte", "", "[-Ancien texte]"},
        {"Reisadvies Brazilië: wees voorzichtig", "Reisadvies Brazilië: wees zeer voorzichtig",
         "Reisadvies Brazilië: wees {+zeer }voorzichtig"},
        {"a b c d", "a c d e", "a [-b ]c d{+ e}"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.before);
        const auto pieces = DiffWords(c.before, c.after);
        EXPECT_EQ(Show(pieces), c.shown);
        EXPECT_EQ(Old(pieces), c.before);
        EXPECT_EQ(New(pieces), c.after);
    }
}

TEST(History, LongTextsStayExactEvenWhenTheMiddleIsReplacedWhole) {
    std::string before;
    std::string after;
    for (int i = 0; i < 6000; ++i) {
        before += "mot" + std::to_string(i) + " ";
        after += "woord" + std::to_string(i) + " ";
    }
    const auto pieces = DiffWords("Début " + before + "fin", "Début " + after + "fin");
    EXPECT_EQ(Old(pieces), "Début " + before + "fin");
    EXPECT_EQ(New(pieces), "Début " + after + "fin");
    EXPECT_EQ(pieces.front().text, "Début ");
    EXPECT_EQ(pieces.back().text, " fin");
    EXPECT_EQ(pieces.size(), 4u);  // equal, delete, insert, equal
}

TEST(History, VersionsComparedLanguageByLanguageWithTheOtherChanges) {
    PostVersion a;
    a.version = 1;
    a.snapshot.content_type = "press_release";
    a.snapshot.variants = {{"fr", "Bonjour"}, {"nl", "Hallo"}};
    a.snapshot.channel_ids = {1, 2};
    a.snapshot.images = {{7, {{"fr", "Une façade"}, {"nl", "Een gevel"}}}};
    PostVersion b = a;
    b.version = 3;
    b.snapshot.variants = {{"fr", "Bonjour à tous"}, {"de", "Hallo"}};
    b.snapshot.channel_ids = {2, 3};
    b.snapshot.images = {{7, {{"fr", "Une façade"}, {"nl", "Een voorgevel"}}}, {8, {}}};
    b.snapshot.link_url = "https://diplomatie.belgium.be";
    const auto d = DiffVersions(a, b);
    EXPECT_EQ(d.from, 1);
    EXPECT_EQ(d.to, 3);
    ASSERT_EQ(d.languages.size(), 3u);
    EXPECT_EQ(d.languages[0].language, "fr");
    EXPECT_EQ(d.languages[0].change, "changed");
    EXPECT_EQ(d.languages[1].language, "nl");
    EXPECT_EQ(d.languages[1].change, "removed");
    EXPECT_EQ(d.languages[2].language, "de");
    EXPECT_EQ(d.languages[2].change, "added");
    const std::vector<std::string> expected = {"link: (none) → https://diplomatie.belgium.be", "channels added: 3",
                                               "channels removed: 1", "image 7: alt text changed (nl)",
                                               "image 8 added"};
    EXPECT_EQ(d.other_changes, expected);
}

}  // namespace
}  // namespace belfry::workflow
