// Images: the type is read from the bytes (never from a name or a declared type), the pixel size
// from the header, and a declared Content-Type must say the truth.
#include "publishing/media.hpp"

#include <gtest/gtest.h>

#include <string>

namespace belfry::publishing {
namespace {

std::string Be32(unsigned v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string Le16(unsigned v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string Le24(unsigned v) { return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16)}; }

// The 8-byte signature and an IHDR chunk (the CRC is not checked by the sniffer).
std::string Png(unsigned w, unsigned h) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + Be32(13) + "IHDR" + Be32(w) + Be32(h) +
           std::string("\x08\x06\0\0\0", 5) + Be32(0);
}
// SOI, an APP0/JFIF segment, then a baseline start-of-frame with height and width.
std::string Jpeg(unsigned w, unsigned h) {
    std::string app0 = std::string("\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 18);
    std::string sof = std::string("\xFF\xC0\x00\x11\x08", 5) + static_cast<char>(h >> 8) + static_cast<char>(h) +
                      static_cast<char>(w >> 8) + static_cast<char>(w) + std::string(12, '\x01');
    return std::string("\xFF\xD8", 2) + app0 + sof + std::string("\xFF\xD9", 2);
}
std::string Gif(unsigned w, unsigned h) { return "GIF89a" + Le16(w) + Le16(h) + std::string("\0\0\0", 3); }
std::string Riff(const std::string& chunk) { return "RIFF" + std::string("\x20\0\0\0", 4) + "WEBP" + chunk; }
std::string WebpLossy(unsigned w, unsigned h) {
    return Riff("VP8 " + std::string("\x14\0\0\0", 4) + std::string("\x30\x01\x00\x9d\x01\x2a", 6) + Le16(w) + Le16(h) +
                std::string(8, '\0'));
}
std::string WebpLossless(unsigned w, unsigned h) {
    const unsigned long bits = (w - 1) | ((h - 1) << 14);
    return Riff("VP8L" + std::string("\x10\0\0\0", 4) + "\x2f" + Le16(bits & 0xFFFF) + Le16(bits >> 16) +
                std::string(8, '\0'));
}
std::string WebpExtended(unsigned w, unsigned h) {
    return Riff("VP8X" + std::string("\x0a\0\0\0", 4) + std::string(4, '\0') + Le24(w - 1) + Le24(h - 1));
}

struct SniffCase {
    const char* name;
    std::string bytes;
    const char* mime;  // nullptr: refused
    int width;
    int height;
    const char* looks_like;  // with a refusal: what the message says the bytes are
};

class Sniff : public ::testing::TestWithParam<SniffCase> {};

TEST_P(Sniff, TypeAndSizeComeFromTheBytes) {
    const auto& c = GetParam();
    auto info = SniffImage(c.bytes);
    if (c.mime == nullptr) {
        ASSERT_FALSE(info.ok());
        EXPECT_EQ(info.error().code, core::ErrorCode::kUnsupportedMediaType);
        EXPECT_NE(info.error().message.find(c.looks_like), std::string::npos) << info.error().message;
        EXPECT_NE(info.error().message.find("send a JPEG, PNG, GIF or WebP"), std::string::npos);
        return;
    }
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->mime_type, c.mime);
    EXPECT_EQ(info->width, c.width);
    EXPECT_EQ(info->height, c.height);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, Sniff,
    ::testing::Values(SniffCase{"png", Png(640, 480), "image/png", 640, 480, ""},
                      SniffCase{"png_signature_only", std::string("\x89PNG\r\n\x1a\n", 8), "image/png", 0, 0, ""},
                      SniffCase{"jpeg", Jpeg(1200, 675), "image/jpeg", 1200, 675, ""},
                      SniffCase{"jpeg_without_frame", std::string("\xFF\xD8\xFF\xD9", 4), "image/jpeg", 0, 0, ""},
                      SniffCase{"gif", Gif(32, 16), "image/gif", 32, 16, ""},
                      SniffCase{"webp_lossy", WebpLossy(300, 200), "image/webp", 300, 200, ""},
                      SniffCase{"webp_lossless", WebpLossless(300, 200), "image/webp", 300, 200, ""},
                      SniffCase{"webp_extended", WebpExtended(4000, 3000), "image/webp", 4000, 3000, ""},
                      SniffCase{"pdf", "%PDF-1.7\n...", nullptr, 0, 0, "a PDF document"},
                      SniffCase{"svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>", nullptr, 0,
                                0, "an SVG image"},
                      SniffCase{"html", "<!DOCTYPE html><html></html>", nullptr, 0, 0, "an HTML page"},
                      SniffCase{"bmp", "BM\x36\x00", nullptr, 0, 0, "a BMP image"},
                      SniffCase{"heic", std::string("\0\0\0\x18", 4) + "ftypheic" + std::string(8, '\0'), nullptr, 0, 0,
                                "a HEIC image"},
                      SniffCase{"mp4", std::string("\0\0\0\x18", 4) + "ftypisom" + std::string(8, '\0'), nullptr, 0, 0,
                                "an MP4 or QuickTime video"},
                      SniffCase{"zip", std::string("PK\x03\x04", 4) + "docx", nullptr, 0, 0, "a ZIP archive"},
                      SniffCase{"text", "ceci n'est pas une image", nullptr, 0, 0, "plain text"},
                      SniffCase{"binary", std::string("\x01\x02\x03\x00\xfe", 5), nullptr, 0, 0,
                                "unrecognised binary data"},
                      SniffCase{"png_name_only", "fake.png", nullptr, 0, 0, "plain text"}),
    [](const ::testing::TestParamInfo<SniffCase>& info) { return std::string(info.param.name); });

struct UploadCase {
    const char* name;
    std::string bytes;
    const char* declared;
    long long max;
    core::ErrorCode code;  // kInternal: accepted
    const char* field;
    const char* says;
};

class Upload : public ::testing::TestWithParam<UploadCase> {};

TEST_P(Upload, DeclaredTypeMustMatchAndSizeIsBounded) {
    const auto& c = GetParam();
    auto info = CheckUpload(c.bytes, c.declared, c.max);
    if (c.code == core::ErrorCode::kInternal) {
        EXPECT_TRUE(info.ok()) << info.error().message;
        return;
    }
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.error().code, c.code);
    EXPECT_EQ(info.error().field, c.field);
    EXPECT_NE(info.error().message.find(c.says), std::string::npos) << info.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Upload,
    ::testing::Values(UploadCase{"png_as_png", Png(1, 1), "image/png", 1000, core::ErrorCode::kInternal, "", ""},
                      UploadCase{"parameters_and_case_ignored", Png(1, 1), "Image/PNG; charset=binary", 1000,
                                 core::ErrorCode::kInternal, "", ""},
                      UploadCase{"jpg_alias", Jpeg(2, 2), "image/jpg", 1000, core::ErrorCode::kInternal, "", ""},
                      UploadCase{"jpeg_declared_png", Jpeg(2, 2), "image/png", 1000,
                                 core::ErrorCode::kUnsupportedMediaType, "Content-Type",
                                 "send it with Content-Type image/jpeg"},
                      UploadCase{"no_content_type", Png(1, 1), "", 1000, core::ErrorCode::kUnsupportedMediaType,
                                 "Content-Type", "no Content-Type"},
                      UploadCase{"pdf_declared_png", "%PDF-1.4", "image/png", 1000,
                                 core::ErrorCode::kUnsupportedMediaType, "body", "a PDF document"},
                      UploadCase{"empty", "", "image/png", 1000, core::ErrorCode::kInvalidArgument, "body", "empty"},
                      UploadCase{"exactly_the_limit", Png(1, 1) + std::string(1000 - Png(1, 1).size(), '\0'),
                                 "image/png", 1000, core::ErrorCode::kInternal, "", ""},
                      UploadCase{"one_byte_over", Png(1, 1) + std::string(1001 - Png(1, 1).size(), '\0'), "image/png",
                                 1000, core::ErrorCode::kPayloadTooLarge, "body", "accepts up to 1000 bytes"}),
    [](const ::testing::TestParamInfo<UploadCase>& info) { return std::string(info.param.name); });

TEST(Media, RenditionAltTextJoinsTheRenditionsLanguagesInCanonicalOrder) {
    const std::map<std::string, std::string> alt{{"nl", "Kaart"}, {"fr", "Carte"}, {"de", "Karte"}};
    EXPECT_EQ(RenditionAltText(alt, {"nl", "fr"}), "Carte / Kaart");
    EXPECT_EQ(RenditionAltText(alt, {"de"}), "Karte");
    EXPECT_EQ(RenditionAltText(alt, {"en"}), "");
}

}  // namespace
}  // namespace belfry::publishing
