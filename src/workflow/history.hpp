// The versions of a post and a readable diff between two of them (issue 4, "version history with a
// readable diff per language").
//
// Contract
// - A VersionSnapshot is what one version said: content type, tags, link, text per language,
//   images with their alt texts, target channels. Every change of content makes a new version.
// - DiffWords() is a word-level diff: equal / deleted / inserted pieces that, read in order, give
//   back the old text (equal + deleted) and the new text (equal + inserted). Words and the spaces
//   between them are compared as they are, so the pieces can be shown as they are. Long texts keep
//   their common start and end and, when the middle is still too long to compare word by word,
//   show it as replaced.
// - DiffVersions() compares two snapshots: a diff per language (added, removed, changed, same) and
//   the other changes in plain words (channels, images, alt texts, link, content type, tags).
// Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace belfry::workflow {

struct SnapshotImage {
    long long media_id = 0;
    std::map<std::string, std::string> alt;  // language → alt text
};

struct VersionSnapshot {
    std::string content_type;
    std::vector<std::string> tags;
    std::optional<std::string> link_url;
    std::map<std::string, std::string> variants;
    std::vector<SnapshotImage> images;
    std::vector<long long> channel_ids;
};

struct PostVersion {
    long long post_id = 0;
    long long version = 0;
    VersionSnapshot snapshot;
    std::optional<long long> created_by;
    std::string created_by_name;
    core::Millis created_at = 0;
};

struct DiffPiece {
    enum class Op { kEqual, kDelete, kInsert };
    Op op = Op::kEqual;
    std::string text;
};
std::string_view OpName(DiffPiece::Op op);  // equal | delete | insert

std::vector<DiffPiece> DiffWords(const std::string& before, const std::string& after);

struct LanguageDiff {
    std::string language;
    std::string change;  // added | removed | changed | same
    std::vector<DiffPiece> pieces;
};

struct VersionDiff {
    long long from = 0;
    long long to = 0;
    std::vector<LanguageDiff> languages;  // every language of either version, in canonical order
    std::vector<std::string> other_changes;
};

VersionDiff DiffVersions(const PostVersion& from, const PostVersion& to);

}  // namespace belfry::workflow
