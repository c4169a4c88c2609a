#include "moderation/evaluation.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace belfry::moderation {
namespace {

TEST(Evaluation, ParsesTheFileAndRefusesUnknownLabels) {
    auto items = ParseLabelledTsv("label\tlanguage\ttext\nok\tfr\tBonjour\r\n\ninsult\ten\tyou idiot\n");
    ASSERT_TRUE(items.ok());
    ASSERT_EQ(items->size(), 2U);
    EXPECT_EQ((*items)[0].text, "Bonjour");
    EXPECT_EQ((*items)[1].line, 4);
    auto unknown = ParseLabelledTsv("rude\ten\tx\n");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("line 1: unknown label 'rude'"), std::string::npos);
    auto columns = ParseLabelledTsv("ok\tonly two\n");
    ASSERT_FALSE(columns.ok());
    EXPECT_NE(columns.error().message.find("three columns"), std::string::npos);
}

TEST(Evaluation, ComputesPrecisionRecallAndMacroF1) {
    auto engine = Engine::Create();
    ASSERT_TRUE(engine.ok());
    // insult: 2 right, 1 missed; ok: 1 right, 1 wrongly called insult; spam: 1 right.
    auto items = ParseLabelledTsv(
        "insult\tfr\tbande de connards\n"
        "insult\ten\tyou moron\n"
        "insult\ten\tyou are not nice\n"
        "ok\tfr\tmerci beaucoup\n"
        "ok\ten\twhat a moron idea\n"
        "spam\ten\tcheap viagra https://x.example\n");
    ASSERT_TRUE(items.ok());
    const auto ev = Evaluate(*engine.value(), items.value(), 0.5);
    const auto& insult = ev.labels[0];
    EXPECT_EQ(insult.label, "insult");
    EXPECT_EQ(insult.true_positives, 2);
    EXPECT_EQ(insult.false_positives, 1);
    EXPECT_EQ(insult.false_negatives, 1);
    EXPECT_NEAR(insult.precision, 2.0 / 3, 1e-9);
    EXPECT_NEAR(insult.recall, 2.0 / 3, 1e-9);
    EXPECT_EQ(ev.labels[6].label, "ok");
    EXPECT_NEAR(ev.labels[6].recall, 0.5, 1e-9);
    // Macro over the categories seen (insult 0.667, spam 1.0), ok excluded.
    EXPECT_NEAR(ev.macro_f1, (2.0 / 3 + 1.0) / 2, 1e-9);
    ASSERT_EQ(ev.mistakes.size(), 2U);

    std::ostringstream out;
    PrintEvaluation(ev, out, false);
    const std::string text = out.str();
    EXPECT_NE(text.find("insult                0.67    0.67  0.67        3"), std::string::npos) << text;
    EXPECT_EQ(text.substr(text.rfind("macro F1")), "macro F1 0.83\n");
}

TEST(Evaluation, BinaryCountsTheFourOffensiveCategoriesOnly) {
    auto engine = Engine::Create();
    ASSERT_TRUE(engine.ok());
    // offensive: 2 found (insult, violence), 1 missed; not offensive: spam and personal data are not
    // offensive even when found, one ok line wrongly flagged.
    auto items = ParseLabelledTsv(
        "insult\tfr\tbande de connards\n"
        "violence\ten\tI will kill you\n"
        "racism\ten\tyou are not welcome here\n"
        "spam\ten\tcheap viagra https://x.example https://y.example\n"
        "personal_data\tnl\tbel 0475 12 34 56\n"
        "ok\ten\twhat a moron idea\n"
        "ok\tfr\tmerci\n");
    ASSERT_TRUE(items.ok());
    EXPECT_TRUE(IsOffensiveLabel("discrimination"));
    EXPECT_FALSE(IsOffensiveLabel("spam"));
    const auto ev = EvaluateBinary(*engine.value(), items.value(), 0.5);
    EXPECT_EQ(ev.true_positives, 2);
    EXPECT_EQ(ev.false_negatives, 1);
    EXPECT_EQ(ev.false_positives, 1);
    EXPECT_EQ(ev.true_negatives, 3);
    EXPECT_NEAR(ev.precision, 2.0 / 3, 1e-9);
    EXPECT_NEAR(ev.recall, 2.0 / 3, 1e-9);
    ASSERT_EQ(ev.mistakes.size(), 2U);
    std::ostringstream out;
    PrintBinaryEvaluation(ev, out, false);
    const std::string text = out.str();
    EXPECT_EQ(text.substr(text.rfind("binary")), "binary precision 0.67 recall 0.67 F1 0.67\n");
}

// The project's labelled sets stay parseable, and the rules keep their level on them (a regression
// guard; the figures themselves are reported in docs/design/moderation.md).
TEST(Evaluation, TheProjectsLabelledSetsStayAboveTheirLevel) {
    auto engine = Engine::Create();
    ASSERT_TRUE(engine.ok());
    for (const char* name : {"labelled.tsv", "heldout.tsv"}) {
        std::ifstream in(std::string(BELFRY_SOURCE_DIR) + "/tests/moderation/" + name);
        ASSERT_TRUE(in) << name;
        std::stringstream content;
        content << in.rdbuf();
        auto items = ParseLabelledTsv(content.str());
        ASSERT_TRUE(items.ok()) << name << ": " << items.error().message;
        EXPECT_GE(items->size(), 90U) << name;
        EXPECT_GE(Evaluate(*engine.value(), items.value(), 0.5).macro_f1, 0.9) << name;
    }
}

}  // namespace
}  // namespace belfry::moderation
