#include "store/publishing_repo.hpp"

#include <soci/soci.h>

#include "core/text.hpp"
#include "store/media_repo.hpp"
#include "store/rows.hpp"

namespace belfry::store {

using publishing::Post;
using publishing::Rendition;

namespace {

constexpr const char* kPostColumns =
    "id, organisation_id, content_type, status, link_url, internal_notes, publish_at, time_zone, version, "
    "created_by, created_at, updated_at, tags, attested_by, attested_version";

Post PostFromRow(const soci::row& r) {
    Post p;
    p.id = Int(r, 0);
    p.organisation_id = Int(r, 1);
    p.content_type = Text(r, 2);
    p.status = Text(r, 3);
    p.link_url = store::OptText(r, 4);
    p.internal_notes = Text(r, 5);
    p.publish_at = store::OptInt(r, 6);
    p.time_zone = Text(r, 7);
    p.version = Int(r, 8);
    p.created_by = store::OptInt(r, 9);
    p.created_at = Int(r, 10);
    p.updated_at = Int(r, 11);
    p.tags = SplitWords(Text(r, 12));
    p.attested_by = store::OptInt(r, 13);
    p.attested_version = store::OptInt(r, 14);
    return p;
}

void LoadPostParts(Tx& tx, Post& p) {
    Binds b;
    const auto id = b.Add(p.id);
    Query(tx.sql(), "SELECT language, text, created_at, updated_at FROM post_variants WHERE post_id = " + id, b,
          [&](const soci::row& r) {
              const std::string lang = Text(r, 0);
              p.variants[lang] = Text(r, 1);
              p.variant_created_at[lang] = Int(r, 2);
              p.variant_updated_at[lang] = Int(r, 3);
          });
    Binds b2;
    const auto id2 = b2.Add(p.id);
    Query(tx.sql(), "SELECT channel_id FROM post_targets WHERE post_id = " + id2 + " ORDER BY channel_id", b2,
          [&](const soci::row& r) { p.channel_ids.push_back(Int(r, 0)); });
    p.media = LoadPostMedia(tx, p.id);
}

void WriteParts(Tx& tx, const Post& p) {
    tx.sql() << "DELETE FROM post_variants WHERE post_id = :id", soci::use(p.id);
    tx.sql() << "DELETE FROM post_targets WHERE post_id = :id", soci::use(p.id);
    for (const auto& [lang, text] : p.variants) {
        // A variant keeps its own times; one without them was just written.
        auto created = p.variant_created_at.find(lang);
        auto updated = p.variant_updated_at.find(lang);
        const long long created_at = created == p.variant_created_at.end() ? p.updated_at : created->second;
        const long long updated_at = updated == p.variant_updated_at.end() ? p.updated_at : updated->second;
        tx.sql() << "INSERT INTO post_variants (post_id, language, text, created_at, updated_at) VALUES (:p, :l, "
                    ":t, :c, :u)",
            soci::use(p.id), soci::use(lang), soci::use(text), soci::use(created_at), soci::use(updated_at);
    }
    for (long long channel : p.channel_ids) {
        tx.sql() << "INSERT INTO post_targets (post_id, channel_id) VALUES (:p, :c)", soci::use(p.id),
            soci::use(channel);
    }
    WritePostMedia(tx, p.id, p.media);
}

constexpr const char* kRenditionColumns =
    "id, post_id, channel_id, languages, text, status, idempotency_key, remote_id, remote_url, network_message, "
    "explanation, attempts, publish_at, published_at, created_at, updated_at";

Rendition RenditionFromRow(const soci::row& r) {
    Rendition x;
    x.id = Int(r, 0);
    x.post_id = Int(r, 1);
    x.channel_id = Int(r, 2);
    x.languages = SplitWords(Text(r, 3));
    x.text = Text(r, 4);
    x.status = Text(r, 5);
    x.idempotency_key = Text(r, 6);
    x.remote_id = store::OptText(r, 7);
    x.remote_url = store::OptText(r, 8);
    x.network_message = store::OptText(r, 9);
    x.explanation = store::OptText(r, 10);
    x.attempts = Int(r, 11);
    x.publish_at = store::OptInt(r, 12);
    x.published_at = store::OptInt(r, 13);
    x.created_at = Int(r, 14);
    x.updated_at = Int(r, 15);
    return x;
}

constexpr const char* kRevisionColumns =
    "v.id, v.rendition_id, v.text, v.status, v.requested_by, v.requested_by_name, v.requested_at, v.live_at, "
    "v.replaced_at, v.network_message, v.explanation";

publishing::RenditionRevision RevisionFromRow(const soci::row& r) {
    publishing::RenditionRevision v;
    v.id = Int(r, 0);
    v.rendition_id = Int(r, 1);
    v.text = Text(r, 2);
    v.status = Text(r, 3);
    v.requested_by = store::OptInt(r, 4);
    v.requested_by_name = Text(r, 5);
    v.requested_at = Int(r, 6);
    v.live_at = store::OptInt(r, 7);
    v.replaced_at = store::OptInt(r, 8);
    v.network_message = store::OptText(r, 9);
    v.explanation = store::OptText(r, 10);
    return v;
}

}  // namespace

long long InsertPost(Tx& tx, const Post& p) {
    Nullable<std::string> link(p.link_url);
    Nullable<long long> at(p.publish_at);
    Nullable<long long> by(p.created_by);
    Nullable<long long> attested_by(p.attested_by);
    Nullable<long long> attested_version(p.attested_version);
    const std::string tags = JoinWords(p.tags);
    long long id = 0;
    tx.sql() << "INSERT INTO posts (organisation_id, content_type, status, link_url, internal_notes, publish_at, "
                "time_zone, version, created_by, created_at, updated_at, tags, attested_by, attested_version) VALUES "
                "(:o, :ct, :s, :l, :n, :at, :tz, :v, :by, :c, :u, :tags, :ab, :av) RETURNING id",
        soci::use(p.organisation_id), soci::use(p.content_type), soci::use(p.status), soci::use(link.value, link.ind),
        soci::use(p.internal_notes), soci::use(at.value, at.ind), soci::use(p.time_zone), soci::use(p.version),
        soci::use(by.value, by.ind), soci::use(p.created_at), soci::use(p.updated_at), soci::use(tags),
        soci::use(attested_by.value, attested_by.ind), soci::use(attested_version.value, attested_version.ind),
        soci::into(id);
    Post copy = p;
    copy.id = id;
    WriteParts(tx, copy);
    return id;
}

void UpdatePost(Tx& tx, const Post& p) {
    Nullable<std::string> link(p.link_url);
    Nullable<long long> at(p.publish_at);
    Nullable<long long> attested_by(p.attested_by);
    Nullable<long long> attested_version(p.attested_version);
    const std::string tags = JoinWords(p.tags);
    tx.sql() << "UPDATE posts SET content_type = :ct, status = :s, link_url = :l, internal_notes = :n, publish_at = "
                ":at, time_zone = :tz, version = :v, updated_at = :u, tags = :tags, attested_by = :ab, "
                "attested_version = :av WHERE id = :id",
        soci::use(p.content_type), soci::use(p.status), soci::use(link.value, link.ind), soci::use(p.internal_notes),
        soci::use(at.value, at.ind), soci::use(p.time_zone), soci::use(p.version), soci::use(p.updated_at),
        soci::use(tags), soci::use(attested_by.value, attested_by.ind),
        soci::use(attested_version.value, attested_version.ind), soci::use(p.id);
    WriteParts(tx, p);
}

std::optional<Post> GetPost(Tx& tx, long long id) {
    std::optional<Post> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), std::string("SELECT ") + kPostColumns + " FROM posts WHERE id = " + p, b,
          [&](const soci::row& r) { out = PostFromRow(r); });
    if (out) LoadPostParts(tx, *out);
    return out;
}

registry::Page<Post> ListPosts(Tx& tx, const PostQuery& q) {
    Binds b;
    std::string where = "1 = 1";
    if (q.organisation_ids) {
        if (q.organisation_ids->empty()) {
            where += " AND 1 = 0";
        } else {
            std::string in;
            for (long long id : *q.organisation_ids) in += (in.empty() ? "" : ",") + b.Add(id);
            where += " AND organisation_id IN (" + in + ")";
        }
    }
    if (q.status) where += " AND status = " + b.Add(*q.status);
    if (q.statuses) {
        std::string in;
        for (const auto& st : *q.statuses) in += (in.empty() ? "" : ",") + b.Add(st);
        where += in.empty() ? " AND 1 = 0" : " AND status IN (" + in + ")";
    }
    if (q.created_by) where += " AND created_by = " + b.Add(*q.created_by);
    if (q.from) where += " AND publish_at >= " + b.Add(*q.from);
    if (q.to) where += " AND publish_at < " + b.Add(*q.to);
    registry::Page<Post> page;
    page.page = q.page;
    page.per_page = q.per_page;
    Query(tx.sql(), "SELECT COUNT(*) FROM posts WHERE " + where, b,
          [&](const soci::row& r) { page.total = Int(r, 0); });
    Query(tx.sql(),
          std::string("SELECT ") + kPostColumns + " FROM posts WHERE " + where + " ORDER BY id DESC LIMIT " +
              std::to_string(q.per_page) + " OFFSET " + std::to_string(static_cast<long long>(q.page - 1) * q.per_page),
          b, [&](const soci::row& r) { page.items.push_back(PostFromRow(r)); });
    for (auto& p : page.items) LoadPostParts(tx, p);
    return page;
}

std::vector<publishing::TargetChannel> LoadTargetChannels(Tx& tx, const std::vector<long long>& ids) {
    std::vector<publishing::TargetChannel> out;
    if (ids.empty()) return out;
    Binds b;
    std::string in;
    for (long long id : ids) in += (in.empty() ? "" : ",") + b.Add(id);
    Query(tx.sql(),
          "SELECT id, network, display_name, languages, bilingual_mode, text_limit FROM channels WHERE id IN (" + in +
              ") ORDER BY id",
          b, [&](const soci::row& r) {
              publishing::TargetChannel c;
              c.id = Int(r, 0);
              c.network = core::ParseNetwork(Text(r, 1)).value_or(core::Network::kOther);
              c.display_name = Text(r, 2);
              c.languages = SplitWords(Text(r, 3));
              c.bilingual_mode = Text(r, 4);
              c.text_limit = static_cast<int>(store::OptInt(r, 5).value_or(0));
              out.push_back(std::move(c));
          });
    return out;
}

std::optional<ChannelPublishing> GetChannelPublishing(Tx& tx, long long channel_id) {
    std::optional<ChannelPublishing> out;
    Binds b;
    const auto id = b.Add(channel_id);
    Query(tx.sql(), "SELECT bilingual_mode, text_limit, api_base_url FROM channels WHERE id = " + id, b,
          [&](const soci::row& r) {
              out = ChannelPublishing{Text(r, 0), store::OptInt(r, 1), store::OptText(r, 2)};
          });
    return out;
}

void UpdateChannelPublishing(Tx& tx, long long channel_id, const ChannelPublishing& s) {
    Nullable<long long> limit(s.text_limit);
    Nullable<std::string> base(s.api_base_url);
    tx.sql() << "UPDATE channels SET bilingual_mode = :m, text_limit = :l, api_base_url = :b WHERE id = :id",
        soci::use(s.bilingual_mode), soci::use(limit.value, limit.ind), soci::use(base.value, base.ind),
        soci::use(channel_id);
}

long long InsertRendition(Tx& tx, const Rendition& x) {
    const std::string langs = JoinWords(x.languages);
    Nullable<long long> at(x.publish_at);
    long long id = 0;
    tx.sql() << "INSERT INTO renditions (post_id, channel_id, languages, text, status, idempotency_key, attempts, "
                "publish_at, created_at, updated_at) VALUES (:p, :c, :l, :t, :s, :k, :a, :at, :cr, :u) RETURNING id",
        soci::use(x.post_id), soci::use(x.channel_id), soci::use(langs), soci::use(x.text), soci::use(x.status),
        soci::use(x.idempotency_key), soci::use(x.attempts), soci::use(at.value, at.ind), soci::use(x.created_at),
        soci::use(x.updated_at), soci::into(id);
    return id;
}

void UpdateRendition(Tx& tx, const Rendition& x) {
    Nullable<std::string> rid(x.remote_id);
    Nullable<std::string> url(x.remote_url);
    Nullable<std::string> msg(x.network_message);
    Nullable<std::string> expl(x.explanation);
    Nullable<long long> at(x.publish_at);
    Nullable<long long> pub(x.published_at);
    tx.sql() << "UPDATE renditions SET text = :t, status = :s, remote_id = :rid, remote_url = :url, network_message "
                "= :msg, explanation = :ex, attempts = :a, publish_at = :at, published_at = :pub, updated_at = :u "
                "WHERE id = :id",
        soci::use(x.text), soci::use(x.status), soci::use(rid.value, rid.ind), soci::use(url.value, url.ind),
        soci::use(msg.value, msg.ind), soci::use(expl.value, expl.ind), soci::use(x.attempts),
        soci::use(at.value, at.ind), soci::use(pub.value, pub.ind), soci::use(x.updated_at), soci::use(x.id);
}

std::optional<Rendition> GetRendition(Tx& tx, long long id) {
    std::optional<Rendition> out;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), std::string("SELECT ") + kRenditionColumns + " FROM renditions WHERE id = " + p, b,
          [&](const soci::row& r) { out = RenditionFromRow(r); });
    return out;
}

std::vector<Rendition> ListRenditions(Tx& tx, long long post_id) {
    std::vector<Rendition> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          std::string("SELECT ") + kRenditionColumns + " FROM renditions WHERE post_id = " + p + " ORDER BY id", b,
          [&](const soci::row& r) { out.push_back(RenditionFromRow(r)); });
    return out;
}

std::map<std::string, long long> CountRenditionsByStatus(Tx& tx, long long post_id) {
    std::map<std::string, long long> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(), "SELECT status, COUNT(*) FROM renditions WHERE post_id = " + p + " GROUP BY status", b,
          [&](const soci::row& r) { out[Text(r, 0)] = Int(r, 1); });
    return out;
}

long long InsertRevision(Tx& tx, const publishing::RenditionRevision& v) {
    Nullable<long long> by(v.requested_by);
    Nullable<long long> live(v.live_at);
    Nullable<long long> replaced(v.replaced_at);
    Nullable<std::string> msg(v.network_message);
    Nullable<std::string> expl(v.explanation);
    long long id = 0;
    tx.sql() << "INSERT INTO rendition_revisions (rendition_id, text, status, requested_by, requested_by_name, "
                "requested_at, live_at, replaced_at, network_message, explanation) VALUES (:r, :t, :s, :by, :byn, "
                ":at, :live, :rep, :msg, :ex) RETURNING id",
        soci::use(v.rendition_id), soci::use(v.text), soci::use(v.status), soci::use(by.value, by.ind),
        soci::use(v.requested_by_name), soci::use(v.requested_at), soci::use(live.value, live.ind),
        soci::use(replaced.value, replaced.ind), soci::use(msg.value, msg.ind), soci::use(expl.value, expl.ind),
        soci::into(id);
    return id;
}

void UpdateRevision(Tx& tx, const publishing::RenditionRevision& v) {
    Nullable<long long> live(v.live_at);
    Nullable<long long> replaced(v.replaced_at);
    Nullable<std::string> msg(v.network_message);
    Nullable<std::string> expl(v.explanation);
    tx.sql() << "UPDATE rendition_revisions SET status = :s, live_at = :live, replaced_at = :rep, network_message = "
                ":msg, explanation = :ex WHERE id = :id",
        soci::use(v.status), soci::use(live.value, live.ind), soci::use(replaced.value, replaced.ind),
        soci::use(msg.value, msg.ind), soci::use(expl.value, expl.ind), soci::use(v.id);
}

std::vector<publishing::RenditionRevision> ListRevisions(Tx& tx, long long rendition_id) {
    std::vector<publishing::RenditionRevision> out;
    Binds b;
    const auto r = b.Add(rendition_id);
    Query(tx.sql(),
          std::string("SELECT ") + kRevisionColumns + " FROM rendition_revisions v WHERE v.rendition_id = " + r +
              " ORDER BY v.id",
          b, [&](const soci::row& row) { out.push_back(RevisionFromRow(row)); });
    return out;
}

std::map<long long, std::vector<publishing::RenditionRevision>> ListRevisionsOfPost(Tx& tx, long long post_id) {
    std::map<long long, std::vector<publishing::RenditionRevision>> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          std::string("SELECT ") + kRevisionColumns +
              " FROM rendition_revisions v JOIN renditions r ON r.id = v.rendition_id WHERE r.post_id = " + p +
              " ORDER BY v.id",
          b, [&](const soci::row& row) {
              auto v = RevisionFromRow(row);
              out[v.rendition_id].push_back(std::move(v));
          });
    return out;
}

std::map<long long, std::map<std::string, long long>> CountRenditionsByStatus(Tx& tx,
                                                                              const std::vector<long long>& post_ids) {
    std::map<long long, std::map<std::string, long long>> out;
    if (post_ids.empty()) return out;
    Binds b;
    std::string in;
    for (long long id : post_ids) in += (in.empty() ? "" : ",") + b.Add(id);
    Query(tx.sql(),
          "SELECT post_id, status, COUNT(*) FROM renditions WHERE post_id IN (" + in + ") GROUP BY post_id, status", b,
          [&](const soci::row& r) { out[Int(r, 0)][Text(r, 1)] = Int(r, 2); });
    return out;
}

std::map<long long, std::vector<core::Millis>> RenditionTimes(Tx& tx, const std::vector<long long>& post_ids) {
    std::map<long long, std::vector<core::Millis>> out;
    if (post_ids.empty()) return out;
    Binds b;
    std::string in;
    for (long long id : post_ids) in += (in.empty() ? "" : ",") + b.Add(id);
    Query(tx.sql(),
          "SELECT post_id, publish_at FROM renditions WHERE post_id IN (" + in +
              ") AND status <> 'cancelled' AND publish_at IS NOT NULL GROUP BY post_id, publish_at "
              "ORDER BY post_id, publish_at",
          b, [&](const soci::row& r) { out[Int(r, 0)].push_back(Int(r, 1)); });
    return out;
}

void PutCredentials(Tx& tx, long long channel_id, const security::Sealed& sealed, core::Millis now) {
    tx.sql() << "DELETE FROM channel_credentials WHERE channel_id = :c", soci::use(channel_id);
    tx.sql() << "INSERT INTO channel_credentials (channel_id, nonce, ciphertext, updated_at) VALUES (:c, :n, :x, :u)",
        soci::use(channel_id), soci::use(sealed.nonce), soci::use(sealed.ciphertext), soci::use(now);
}

std::optional<security::Sealed> GetCredentials(Tx& tx, long long channel_id) {
    std::optional<security::Sealed> out;
    Binds b;
    const auto c = b.Add(channel_id);
    Query(tx.sql(), "SELECT nonce, ciphertext FROM channel_credentials WHERE channel_id = " + c, b,
          [&](const soci::row& r) {
              out = security::Sealed{Text(r, 0), Text(r, 1)};
          });
    return out;
}

}  // namespace belfry::store
