// SQL for uploaded images and their use in posts. The bytes are stored base64 in a TEXT column
// (see migrations/0003_media.sql for why). Runs inside the caller's Tx; throws soci exceptions on
// database failure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "publishing/media.hpp"
#include "store/database.hpp"

namespace belfry::store {

long long InsertMedia(Tx& tx, const publishing::MediaRecord& m, const std::string& bytes);
std::optional<publishing::MediaRecord> GetMedia(Tx& tx, long long id);
// The bytes of an image; nullopt when it does not exist.
std::optional<std::string> GetMediaContent(Tx& tx, long long id);

// The images of a post in order, with their alt texts and what the rules need (type, size, name).
std::vector<publishing::PostMedia> LoadPostMedia(Tx& tx, long long post_id);
// Replaces the images of a post (and their alt texts).
void WritePostMedia(Tx& tx, long long post_id, const std::vector<publishing::PostMedia>& media);

}  // namespace belfry::store
