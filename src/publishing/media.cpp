#include "publishing/media.hpp"

#include <algorithm>
#include <cctype>

#include "core/languages.hpp"
#include "core/text.hpp"

namespace belfry::publishing {

using core::Error;
using core::ErrorCode;

namespace {

unsigned Byte(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
unsigned Be16(std::string_view b, std::size_t i) { return (Byte(b, i) << 8) | Byte(b, i + 1); }
unsigned Le16(std::string_view b, std::size_t i) { return Byte(b, i) | (Byte(b, i + 1) << 8); }
unsigned Le24(std::string_view b, std::size_t i) { return Le16(b, i) | (Byte(b, i + 2) << 16); }
unsigned long Be32(std::string_view b, std::size_t i) {
    return (static_cast<unsigned long>(Be16(b, i)) << 16) | Be16(b, i + 2);
}

bool At(std::string_view b, std::size_t i, std::string_view magic) {
    return b.size() >= i + magic.size() && b.substr(i, magic.size()) == magic;
}

int Clamp(unsigned long v) { return v > 1000000UL ? 0 : static_cast<int>(v); }

// Walks the JPEG segments to the first start-of-frame marker, which holds the size.
void JpegSize(std::string_view b, ImageInfo& info) {
    std::size_t i = 2;
    for (int guard = 0; guard < 1000 && i + 9 < b.size(); ++guard) {
        if (Byte(b, i) != 0xFF) return;
        unsigned marker = Byte(b, i + 1);
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
            i += 2;
            continue;
        }
        const unsigned length = Be16(b, i + 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            info.height = Clamp(Be16(b, i + 5));
            info.width = Clamp(Be16(b, i + 7));
            return;
        }
        if (marker == 0xDA || length < 2) return;  // start of scan: no frame header before it
        i += 2 + length;
    }
}

void WebpSize(std::string_view b, ImageInfo& info) {
    if (At(b, 12, "VP8 ") && b.size() >= 30 && At(b, 23, "\x9d\x01\x2a")) {
        info.width = Clamp(Le16(b, 26) & 0x3FFF);
        info.height = Clamp(Le16(b, 28) & 0x3FFF);
    } else if (At(b, 12, "VP8L") && b.size() >= 25 && Byte(b, 20) == 0x2F) {
        const unsigned long bits =
            Byte(b, 21) | (Byte(b, 22) << 8) | (Byte(b, 23) << 16) | (static_cast<unsigned long>(Byte(b, 24)) << 24);
        info.width = Clamp((bits & 0x3FFF) + 1);
        info.height = Clamp(((bits >> 14) & 0x3FFF) + 1);
    } else if (At(b, 12, "VP8X") && b.size() >= 30) {
        info.width = Clamp(Le24(b, 24) + 1UL);
        info.height = Clamp(Le24(b, 27) + 1UL);
    }
}

std::string Normalise(std::string_view content_type) {
    std::string t(content_type.substr(0, content_type.find(';')));
    t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c) != 0; }), t.end());
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "image/jpg" || t == "image/pjpeg") t = "image/jpeg";
    return t;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

std::string DescribeBytes(std::string_view b) {
    if (b.empty()) return "an empty file";
    if (At(b, 0, "%PDF")) return "a PDF document";
    if (At(b, 0, "PK\x03\x04")) return "a ZIP archive (or an office document)";
    if (At(b, 0, "BM")) return "a BMP image";
    if (At(b, 0, std::string_view("II*\0", 4)) || At(b, 0, std::string_view("MM\0*", 4))) return "a TIFF image";
    if (At(b, 0, "\x1f\x8b")) return "a gzip archive";
    if (At(b, 0, "OggS")) return "an Ogg audio or video file";
    if (At(b, 0, "ID3")) return "an MP3 audio file";
    if (At(b, 0, "RIFF") && At(b, 8, "WAVE")) return "a WAV audio file";
    if (At(b, 0, "RIFF") && At(b, 8, "AVI ")) return "an AVI video";
    if (At(b, 0, std::string_view("\0\0\1\0", 4))) return "an icon (ICO) file";
    if (At(b, 4, "ftyp")) {
        const std::string brand = Lower(b.substr(8, std::min<std::size_t>(4, b.size() - 8)));
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1") return "a HEIC image";
        if (brand == "avif" || brand == "avis") return "an AVIF image";
        return "an MP4 or QuickTime video";
    }
    const std::string head = Lower(b.substr(0, std::min<std::size_t>(512, b.size())));
    if (head.find("<svg") != std::string::npos) return "an SVG image";
    if (head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos) {
        return "an HTML page";
    }
    if (core::StartsWith(head, "<?xml")) return "an XML document";
    const std::string_view start = b.substr(0, std::min<std::size_t>(4096, b.size()));
    const bool control = std::any_of(start.begin(), start.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
    });
    if (!control && core::IsValidUtf8(start)) return "plain text";
    return "unrecognised binary data";
}

core::Result<ImageInfo> SniffImage(std::string_view b) {
    ImageInfo info;
    if (At(b, 0, "\xFF\xD8\xFF")) {
        info.mime_type = "image/jpeg";
        JpegSize(b, info);
    } else if (At(b, 0, "\x89PNG\r\n\x1a\n")) {
        info.mime_type = "image/png";
        if (b.size() >= 24 && At(b, 12, "IHDR")) {
            info.width = Clamp(Be32(b, 16));
            info.height = Clamp(Be32(b, 20));
        }
    } else if (At(b, 0, "GIF87a") || At(b, 0, "GIF89a")) {
        info.mime_type = "image/gif";
        if (b.size() >= 10) {
            info.width = Clamp(Le16(b, 6));
            info.height = Clamp(Le16(b, 8));
        }
    } else if (At(b, 0, "RIFF") && At(b, 8, "WEBP")) {
        info.mime_type = "image/webp";
        WebpSize(b, info);
    } else {
        return Error{ErrorCode::kUnsupportedMediaType,
                     "the file is " + DescribeBytes(b) +
                         ", not an image belfry can publish: send a JPEG, PNG, GIF or "
                         "WebP image",
                     "body",
                     {{"body", "not a JPEG, PNG, GIF or WebP image"}},
                     0};
    }
    return info;
}

core::Result<ImageInfo> CheckUpload(std::string_view bytes, std::string_view declared, long long max_bytes) {
    if (bytes.empty()) return Error::Invalid("body", "the body is empty: send the image's bytes as the body");
    if (static_cast<long long>(bytes.size()) > max_bytes) {
        return Error{ErrorCode::kPayloadTooLarge,
                     "the image is " + std::to_string(bytes.size()) + " bytes; belfry accepts up to " +
                         std::to_string(max_bytes) + " bytes: resize or compress it",
                     "body",
                     {{"body", "over " + std::to_string(max_bytes) + " bytes"}},
                     0};
    }
    BELFRY_ASSIGN_OR_RETURN(info, SniffImage(bytes));
    const std::string said = Normalise(declared);
    if (said != info.mime_type) {
        const std::string what = said.empty() ? "no Content-Type" : "Content-Type " + said;
        return Error{ErrorCode::kUnsupportedMediaType,
                     "the request says " + what + " but the bytes are a " + info.mime_type +
                         " image: send it with Content-Type " + info.mime_type,
                     "Content-Type",
                     {{"Content-Type", "does not match the bytes (" + info.mime_type + ")"}},
                     0};
    }
    return info;
}

std::string RenditionAltText(const std::map<std::string, std::string>& alt, const std::vector<std::string>& languages) {
    std::string out;
    for (auto l : core::kLanguages) {
        const std::string lang(l);
        if (std::find(languages.begin(), languages.end(), lang) == languages.end()) continue;
        auto it = alt.find(lang);
        if (it == alt.end() || it->second.empty()) continue;
        out += (out.empty() ? "" : " / ") + it->second;
    }
    return out;
}

}  // namespace belfry::publishing
