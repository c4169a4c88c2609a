// Images attached to posts: what the bytes are (sniffed from their first bytes, never taken from a
// file name or a declared type), how large they may be, and the alt text each rendition carries.
//
// Contract
// - SniffImage() recognises JPEG, PNG, GIF and WebP by their magic bytes and reads the pixel size
//   from the header when it is there (0 × 0 when not); anything else is refused with
//   kUnsupportedMediaType naming what the bytes look like ("a PDF document", "an SVG image", …).
// - CheckUpload() also refuses an empty body, a body over `max_bytes` (kPayloadTooLarge) and a
//   declared Content-Type that is not the sniffed one (kUnsupportedMediaType, field Content-Type):
//   a ".png" that is a JPEG is lying, and networks refuse such files.
// - RenditionAltText() joins the alt texts of a rendition's languages in canonical order with " / "
//   (a combined fr + nl rendition sends "texte fr / tekst nl").
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace belfry::publishing {

inline constexpr long long kDefaultMediaMaxBytes = 16LL * 1024 * 1024;  // config key media_max_bytes
inline constexpr std::size_t kMaxAltTextBytes = 6000;                   // per language, stored

struct ImageInfo {
    std::string mime_type;  // image/jpeg, image/png, image/gif, image/webp
    int width = 0;          // 0: not found in the header
    int height = 0;
};

// What unknown bytes look like, for error messages: "a PDF document", "plain text", ….
std::string DescribeBytes(std::string_view bytes);

core::Result<ImageInfo> SniffImage(std::string_view bytes);

// `declared` is the request's Content-Type (parameters such as "; charset" are ignored).
core::Result<ImageInfo> CheckUpload(std::string_view bytes, std::string_view declared, long long max_bytes);

// A stored image (its bytes are kept apart: they are read only to serve or publish them).
struct MediaRecord {
    long long id = 0;
    long long organisation_id = 0;
    std::string sha256;  // lowercase hex of the bytes
    std::string mime_type;
    long long bytes = 0;
    int width = 0;  // 0: unknown
    int height = 0;
    std::string file_name;  // as the uploader named it; informative only
    std::optional<long long> created_by;
    core::Millis created_at = 0;
};

// An image as used in one post: its alt text per language, with what the rules need to know.
struct PostMedia {
    long long media_id = 0;
    std::map<std::string, std::string> alt;  // language → alt text
    // Filled when loaded from the store (not part of the input).
    std::string mime_type;
    long long bytes = 0;
    std::string file_name;
};

std::string RenditionAltText(const std::map<std::string, std::string>& alt, const std::vector<std::string>& languages);

}  // namespace belfry::publishing
