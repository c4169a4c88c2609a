#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace belfry::core {
namespace {

struct Utf8Case {
    std::string name;
    std::string bytes;
    bool valid;
    size_t bad_offset;  // when invalid
};

class Utf8 : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8, IsJudgedByteExactly) {
    const auto& c = GetParam();
    size_t offset = 12345;
    EXPECT_EQ(IsValidUtf8(c.bytes, &offset), c.valid);
    if (c.valid) {
        EXPECT_EQ(offset, 12345u) << "the offset is left alone when the text is valid";
    } else {
        EXPECT_EQ(offset, c.bad_offset);
    }
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid);  // without an offset pointer
}

INSTANTIATE_TEST_SUITE_P(
    Valid, Utf8,
    ::testing::Values(Utf8Case{"empty", "", true, 0}, Utf8Case{"ascii", "belgium.be", true, 0},
                      Utf8Case{"nul_inside", std::string("a\0b", 3), true, 0},
                      Utf8Case{"two_bytes_min", "\xC2\x80", true, 0},           // U+0080
                      Utf8Case{"e_acute", "caf\xC3\xA9", true, 0},              // é
                      Utf8Case{"two_bytes_max", "\xDF\xBF", true, 0},           // U+07FF
                      Utf8Case{"three_bytes_min", "\xE0\xA0\x80", true, 0},     // U+0800
                      Utf8Case{"euro", "\xE2\x82\xAC", true, 0},                // €
                      Utf8Case{"before_surrogates", "\xED\x9F\xBF", true, 0},   // U+D7FF
                      Utf8Case{"after_surrogates", "\xEE\x80\x80", true, 0},    // U+E000
                      Utf8Case{"bom", "\xEF\xBB\xBF", true, 0},                 // U+FEFF
                      Utf8Case{"three_bytes_max", "\xEF\xBF\xBF", true, 0},     // U+FFFF
                      Utf8Case{"four_bytes_min", "\xF0\x90\x80\x80", true, 0},  // U+10000
                      Utf8Case{"clef", "\xF0\x9D\x84\x9E", true, 0},            // 𝄞
                      Utf8Case{"max_code_point", "\xF4\x8F\xBF\xBF", true, 0},  // U+10FFFF
                      Utf8Case{"mixed", "Belgi\xC3\xAB \xE2\x82\xAC \xF0\x9F\x87\xA7\xF0\x9F\x87\xAA", true, 0}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Invalid, Utf8,
    ::testing::Values(
        // Overlong forms of '/', NUL, U+07FF and U+FFFF.
        Utf8Case{"overlong_c0", "\xC0\xAF", false, 0}, Utf8Case{"overlong_c1", "ab\xC1\xBF", false, 2},
        Utf8Case{"overlong_nul", "\xC0\x80", false, 0}, Utf8Case{"overlong_e0", "\xE0\x9F\xBF", false, 0},
        Utf8Case{"overlong_e0_slash", "\xE0\x80\xAF", false, 0}, Utf8Case{"overlong_f0", "\xF0\x8F\xBF\xBF", false, 0},
        Utf8Case{"overlong_f0_nul", "x\xF0\x80\x80\x80", false, 1},
        // UTF-16 surrogates encoded as UTF-8 (CESU).
        Utf8Case{"surrogate_low_end", "\xED\xA0\x80", false, 0},
        Utf8Case{"surrogate_high_end", "\xED\xBF\xBF", false, 0},
        Utf8Case{"surrogate_pair", "ok\xED\xA0\xBD\xED\xB8\x80", false, 2},
        // Beyond U+10FFFF, and bytes that never start a sequence.
        Utf8Case{"above_max", "\xF4\x90\x80\x80", false, 0}, Utf8Case{"f5", "\xF5\x80\x80\x80", false, 0},
        Utf8Case{"f8_five_bytes", "\xF8\x88\x80\x80\x80", false, 0}, Utf8Case{"fe", "\xFE", false, 0},
        Utf8Case{"ff", "abc\xFF", false, 3},
        // Lone or misplaced continuation bytes.
        Utf8Case{"lone_continuation", "\x80", false, 0}, Utf8Case{"continuation_after_ascii", "a\xBF", false, 1},
        Utf8Case{"extra_continuation", "\xC3\xA9\xA9", false, 2},
        // Sequences cut short, at the end or by the next character.
        Utf8Case{"truncated_2", "caf\xC3", false, 3}, Utf8Case{"truncated_3", "\xE2\x82", false, 0},
        Utf8Case{"truncated_4", "\xF0\x9D\x84", false, 0}, Utf8Case{"interrupted_2", "\xC3(", false, 0},
        Utf8Case{"interrupted_3", "\xE2(\xA1", false, 0}, Utf8Case{"interrupted_4", "\xF0\x9D(\x9E", false, 0},
        Utf8Case{"ascii_then_truncated", "hello \xE2\x82", false, 6}),
    [](const auto& info) { return info.param.name; });

TEST(Trim, RemovesAsciiWhitespaceAtBothEndsOnly) {
    EXPECT_EQ(Trim("  belgium.be \t\r\n"), "belgium.be");
    EXPECT_EQ(Trim("\f\vx\v\f"), "x");
    EXPECT_EQ(Trim("a  b"), "a  b");
    EXPECT_EQ(Trim(" a  b "), "a  b");
    EXPECT_EQ(Trim(""), "");
    EXPECT_EQ(Trim(" \t\r\n\f\v"), "");
    EXPECT_EQ(Trim("x"), "x");
    // Non-ASCII spaces (U+00A0) are not trimmed here.
    EXPECT_EQ(Trim("\xC2\xA0x"), "\xC2\xA0x");
    EXPECT_EQ(Trim(std::string_view("\0x", 2)), std::string_view("\0x", 2));
}

TEST(Split, KeepsEmptyPiecesAndTheWholeInputWithoutSeparator) {
    using V = std::vector<std::string>;
    EXPECT_EQ(Split("fr,nl,de", ','), (V{"fr", "nl", "de"}));
    EXPECT_EQ(Split("a,,b", ','), (V{"a", "", "b"}));
    EXPECT_EQ(Split(",a,", ','), (V{"", "a", ""}));
    EXPECT_EQ(Split(",", ','), (V{"", ""}));
    EXPECT_EQ(Split("", ','), (V{""}));
    EXPECT_EQ(Split("no separator", ','), (V{"no separator"}));
    EXPECT_EQ(Split("a=1; b=2", ';'), (V{"a=1", " b=2"}));
    EXPECT_EQ(Split("/api/v1/channels", '/'), (V{"", "api", "v1", "channels"}));
}

TEST(Text, CaseHelpersTouchAsciiOnly) {
    EXPECT_EQ(AsciiLower("BelgiumBE"), "belgiumbe");
    EXPECT_EQ(AsciiLower("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");  // ÉTÉ: only the T changes
    EXPECT_TRUE(IEquals("Content-Type", "content-type"));
    EXPECT_FALSE(IEquals("content-type", "content-typ"));
    EXPECT_FALSE(IEquals("\xC3\x89", "\xC3\xA9"));
    EXPECT_TRUE(StartsWith("bfy_abc", "bfy_"));
    EXPECT_TRUE(StartsWith("abc", ""));
    EXPECT_FALSE(StartsWith("bf", "bfy_"));
    EXPECT_EQ(HexEncode(std::string("\x00\x7f\xff", 3)), "007fff");
}

}  // namespace
}  // namespace belfry::core
