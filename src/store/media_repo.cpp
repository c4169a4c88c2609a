#include "store/media_repo.hpp"

#include <soci/soci.h>

#include "security/crypto.hpp"
#include "store/rows.hpp"

namespace belfry::store {

using publishing::MediaRecord;
using publishing::PostMedia;

long long InsertMedia(Tx& tx, const MediaRecord& m, const std::string& bytes) {
    const std::string content = security::Base64Encode(bytes);
    const long long width = m.width;
    const long long height = m.height;
    Nullable<long long> by(m.created_by);
    long long id = 0;
    tx.sql() << "INSERT INTO media (organisation_id, sha256, mime_type, byte_size, width, height, file_name, "
                "content_base64, created_by, created_at) VALUES (:o, :h, :m, :b, :w, :ht, :f, :c, :by, :at) "
                "RETURNING id",
        soci::use(m.organisation_id), soci::use(m.sha256), soci::use(m.mime_type), soci::use(m.bytes), soci::use(width),
        soci::use(height), soci::use(m.file_name), soci::use(content), soci::use(by.value, by.ind),
        soci::use(m.created_at), soci::into(id);
    return id;
}

std::optional<MediaRecord> GetMedia(Tx& tx, long long id) {
    std::optional<MediaRecord> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(),
          "SELECT id, organisation_id, sha256, mime_type, byte_size, width, height, file_name, created_by, created_at "
          "FROM media WHERE id = " +
              p,
          b, [&](const soci::row& r) {
              MediaRecord m;
              m.id = Int(r, 0);
              m.organisation_id = Int(r, 1);
              m.sha256 = Text(r, 2);
              m.mime_type = Text(r, 3);
              m.bytes = Int(r, 4);
              m.width = static_cast<int>(OptInt(r, 5).value_or(0));
              m.height = static_cast<int>(OptInt(r, 6).value_or(0));
              m.file_name = Text(r, 7);
              m.created_by = OptInt(r, 8);
              m.created_at = Int(r, 9);
              out = std::move(m);
          });
    return out;
}

std::optional<std::string> GetMediaContent(Tx& tx, long long id) {
    std::optional<std::string> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), "SELECT content_base64 FROM media WHERE id = " + p, b,
          [&](const soci::row& r) { out = security::Base64Decode(Text(r, 0)); });
    return out;
}

std::vector<PostMedia> LoadPostMedia(Tx& tx, long long post_id) {
    std::vector<PostMedia> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          "SELECT pm.media_id, m.mime_type, m.byte_size, m.file_name FROM post_media pm JOIN media m ON m.id = "
          "pm.media_id WHERE pm.post_id = " +
              p + " ORDER BY pm.position",
          b, [&](const soci::row& r) {
              PostMedia m;
              m.media_id = Int(r, 0);
              m.mime_type = Text(r, 1);
              m.bytes = Int(r, 2);
              m.file_name = Text(r, 3);
              out.push_back(std::move(m));
          });
    if (out.empty()) return out;
    Binds b2;
    const auto p2 = b2.Add(post_id);
    Query(tx.sql(), "SELECT media_id, language, text FROM post_media_alt WHERE post_id = " + p2, b2,
          [&](const soci::row& r) {
              const long long id = Int(r, 0);
              for (auto& m : out) {
                  if (m.media_id == id) m.alt[Text(r, 1)] = Text(r, 2);
              }
          });
    return out;
}

void WritePostMedia(Tx& tx, long long post_id, const std::vector<PostMedia>& media) {
    tx.sql() << "DELETE FROM post_media_alt WHERE post_id = :id", soci::use(post_id);
    tx.sql() << "DELETE FROM post_media WHERE post_id = :id", soci::use(post_id);
    long long position = 0;
    for (const auto& m : media) {
        tx.sql() << "INSERT INTO post_media (post_id, media_id, position) VALUES (:p, :m, :pos)", soci::use(post_id),
            soci::use(m.media_id), soci::use(position);
        ++position;
        for (const auto& [lang, text] : m.alt) {
            tx.sql() << "INSERT INTO post_media_alt (post_id, media_id, language, text) VALUES (:p, :m, :l, :t)",
                soci::use(post_id), soci::use(m.media_id), soci::use(lang), soci::use(text);
        }
    }
}

}  // namespace belfry::store
