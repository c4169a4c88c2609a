#include "moderation/detectors.hpp"

#include <gtest/gtest.h>

namespace belfry::moderation {
namespace {

TEST(NationalNumber, ChecksTheChecksumBothCenturies) {
    EXPECT_TRUE(ValidNationalNumber("85073003328"));   // born 1985
    EXPECT_FALSE(ValidNationalNumber("85073003329"));  // one off
    EXPECT_TRUE(ValidNationalNumber("01020312345"));   // born 2001: 2 000 000 000 is added
    EXPECT_FALSE(ValidNationalNumber("01020312346"));
    EXPECT_TRUE(ValidNationalNumber("90011500188"));
    EXPECT_FALSE(ValidNationalNumber("90131500188"));  // month 13
    EXPECT_FALSE(ValidNationalNumber("8507300332"));   // 10 digits
    EXPECT_FALSE(ValidNationalNumber("8507300332a"));
}

TEST(Iban, ChecksMod97AndTheCountryLength) {
    EXPECT_TRUE(ValidIban("BE68539007547034"));
    EXPECT_FALSE(ValidIban("BE68539007547035"));
    EXPECT_FALSE(ValidIban("BE6853900754703"));  // too short for BE
    EXPECT_TRUE(ValidIban("NL91ABNA0417164300"));
    EXPECT_TRUE(ValidIban("DE89370400440532013000"));
    EXPECT_TRUE(ValidIban("FR7630006000011234567890189"));
    EXPECT_TRUE(ValidIban("be68539007547034"));
    EXPECT_FALSE(ValidIban("GB82WEST1234569876543X"));
}

struct Case {
    const char* text;
    std::vector<std::pair<PersonalData, std::string>> expected;
};

class DetectTable : public ::testing::TestWithParam<Case> {};

TEST_P(DetectTable, FindsWhatIsThere) {
    const Case& c = GetParam();
    const auto found = DetectPersonalData(c.text);
    std::vector<std::pair<PersonalData, std::string>> got;
    for (const auto& d : found) got.emplace_back(d.kind, d.text);
    EXPECT_EQ(got, c.expected) << "text: " << c.text;
}

using P = PersonalData;
INSTANTIATE_TEST_SUITE_P(
    Texts, DetectTable,
    ::testing::Values(
        Case{"Bonjour, quand ouvre le guichet ?", {}},
        Case{"écrivez à jan.peeters@telenet.be.", {{P::kEmail, "jan.peeters@telenet.be"}}}, Case{"@ministre merci", {}},
        Case{"a@b", {}}, Case{"bel me: 0475 12 34 56", {{P::kPhone, "0475 12 34 56"}}},
        Case{"tel 02/123.45.67 svp", {{P::kPhone, "02/123.45.67"}}},
        Case{"+32 2 123 45 67", {{P::kPhone, "+32 2 123 45 67"}}},
        Case{"+32 (0)475 12 34 56", {{P::kPhone, "+32 (0)475 12 34 56"}}},
        Case{"Call +44 20 7946 0958 now", {{P::kPhone, "+44 20 7946 0958"}}},
        Case{"0032 475 12 34 56", {{P::kPhone, "0032 475 12 34 56"}}}, Case{"le 05/03/2024 à 10h", {}},
        Case{"+32 12", {}}, Case{"prix 0,50 €", {}},
        Case{"mon numéro national 85.07.30-033.28", {{P::kNationalNumber, "85.07.30-033.28"}}},
        Case{"rijksregister 01020312345", {{P::kNationalNumber, "01020312345"}}}, Case{"85.07.30-033.29 is fout", {}},
        Case{"IBAN BE68 5390 0754 7034 merci", {{P::kIban, "BE68 5390 0754 7034"}}},
        Case{"FR76 3000 6000 0112 3456 7890 189", {{P::kIban, "FR76 3000 6000 0112 3456 7890 189"}}},
        Case{"BE68 5390 0754 7035", {}},
        Case{"mail a@example.org or call 0475123456", {{P::kEmail, "a@example.org"}, {P::kPhone, "0475123456"}}}));

// The digit scan skips eight bytes at a time: a number is found wherever it falls in those chunks,
// and a chunk of punctuation that only looks like one ("+,-./") is not a number.
TEST(DetectPersonalData, FindsNumbersAtEveryOffsetOfTheScan) {
    for (std::size_t pad = 0; pad < 17; ++pad) {
        const std::string before(pad, 'x');
        const std::string text = before + " 0475 12 34 56 " + std::string(pad, 'y') + " +32 2 123 45 67";
        const auto found = DetectPersonalData(text);
        ASSERT_EQ(found.size(), 2U) << text;
        EXPECT_EQ(found[0].text, "0475 12 34 56") << text;
        EXPECT_EQ(found[1].text, "+32 2 123 45 67") << text;
        EXPECT_EQ(DetectPersonalData(before + " BE68539007547034").size(), 1U) << pad;
    }
    EXPECT_TRUE(DetectPersonalData("a +,-./ b ------- c ........ d +++++ e").empty());
}

}  // namespace
}  // namespace belfry::moderation
