#include "store/workflow_repo.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>

#include "store/rows.hpp"
#include "workflow/policy_json.hpp"

namespace belfry::store {

namespace json = boost::json;

namespace {

std::string SnapshotToJson(const workflow::VersionSnapshot& s) {
    json::object variants;
    for (const auto& [lang, text] : s.variants) variants[lang] = text;
    json::array images;
    for (const auto& i : s.images) {
        json::object alt;
        for (const auto& [lang, text] : i.alt) alt[lang] = text;
        images.push_back(json::object{{"media_id", i.media_id}, {"alt", alt}});
    }
    json::array channels;
    for (long long c : s.channel_ids) channels.push_back(c);
    json::array tags;
    for (const auto& t : s.tags) tags.emplace_back(t);
    return json::serialize(json::object{{"content_type", s.content_type},
                                        {"tags", tags},
                                        {"link_url", s.link_url ? json::value(*s.link_url) : json::value(nullptr)},
                                        {"variants", variants},
                                        {"images", images},
                                        {"channel_ids", channels}});
}

std::map<std::string, std::string> StringMap(const json::value& v) {
    std::map<std::string, std::string> out;
    if (!v.is_object()) return out;
    for (const auto& [k, x] : v.as_object()) {
        if (x.is_string()) out[std::string(k)] = std::string(x.as_string());
    }
    return out;
}

workflow::VersionSnapshot SnapshotFromJson(const std::string& text) {
    workflow::VersionSnapshot s;
    boost::system::error_code ec;
    const auto doc = json::parse(text, ec);
    if (ec || !doc.is_object()) return s;
    const auto& o = doc.as_object();
    if (const auto* v = o.if_contains("content_type"); v && v->is_string()) s.content_type = v->as_string();
    if (const auto* v = o.if_contains("link_url"); v && v->is_string()) s.link_url = std::string(v->as_string());
    if (const auto* v = o.if_contains("variants")) s.variants = StringMap(*v);
    if (const auto* v = o.if_contains("tags"); v && v->is_array()) {
        for (const auto& t : v->as_array()) {
            if (t.is_string()) s.tags.emplace_back(t.as_string());
        }
    }
    if (const auto* v = o.if_contains("channel_ids"); v && v->is_array()) {
        for (const auto& c : v->as_array()) {
            if (c.is_int64()) s.channel_ids.push_back(c.as_int64());
        }
    }
    if (const auto* v = o.if_contains("images"); v && v->is_array()) {
        for (const auto& i : v->as_array()) {
            if (!i.is_object()) continue;
            workflow::SnapshotImage img;
            if (const auto* id = i.as_object().if_contains("media_id"); id && id->is_int64())
                img.media_id = id->as_int64();
            if (const auto* alt = i.as_object().if_contains("alt")) img.alt = StringMap(*alt);
            s.images.push_back(std::move(img));
        }
    }
    return s;
}

workflow::PostVersion VersionFromRow(const soci::row& r) {
    workflow::PostVersion v;
    v.post_id = Int(r, 0);
    v.version = Int(r, 1);
    v.snapshot = SnapshotFromJson(Text(r, 2));
    v.created_by = OptInt(r, 3);
    v.created_by_name = Text(r, 4);
    v.created_at = Int(r, 5);
    return v;
}

constexpr const char* kVersionColumns = "post_id, version, snapshot, created_by, created_by_name, created_at";

}  // namespace

void InsertVersion(Tx& tx, const workflow::PostVersion& v) {
    const std::string snapshot = SnapshotToJson(v.snapshot);
    Nullable<long long> by(v.created_by);
    tx.sql() << "INSERT INTO post_versions (post_id, version, snapshot, created_by, created_by_name, created_at) "
                "VALUES (:p, :v, :s, :b, :n, :c)",
        soci::use(v.post_id), soci::use(v.version), soci::use(snapshot), soci::use(by.value, by.ind),
        soci::use(v.created_by_name), soci::use(v.created_at);
}

std::vector<workflow::PostVersion> ListVersions(Tx& tx, long long post_id) {
    std::vector<workflow::PostVersion> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          std::string("SELECT ") + kVersionColumns + " FROM post_versions WHERE post_id = " + p + " ORDER BY version",
          b, [&](const soci::row& r) { out.push_back(VersionFromRow(r)); });
    return out;
}

std::optional<workflow::PostVersion> GetVersion(Tx& tx, long long post_id, long long version) {
    std::optional<workflow::PostVersion> out;
    Binds b;
    const auto p = b.Add(post_id);
    const auto v = b.Add(version);
    Query(tx.sql(),
          std::string("SELECT ") + kVersionColumns + " FROM post_versions WHERE post_id = " + p + " AND version = " + v,
          b, [&](const soci::row& r) { out = VersionFromRow(r); });
    return out;
}

void InsertApproval(Tx& tx, long long post_id, const workflow::Approval& a) {
    const long long spokesperson = a.as_spokesperson ? 1 : 0;
    tx.sql() << "INSERT INTO post_approvals (post_id, version, user_id, as_spokesperson, approved_at) VALUES (:p, "
                ":v, :u, :s, :a)",
        soci::use(post_id), soci::use(a.version), soci::use(a.user_id), soci::use(spokesperson), soci::use(a.at);
}

std::vector<workflow::Approval> ListApprovals(Tx& tx, long long post_id) {
    std::vector<workflow::Approval> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          "SELECT user_id, version, as_spokesperson, approved_at FROM post_approvals WHERE post_id = " + p +
              " ORDER BY approved_at, user_id",
          b, [&](const soci::row& r) {
              out.push_back(workflow::Approval{Int(r, 0), Int(r, 1), Int(r, 2) != 0, Int(r, 3)});
          });
    return out;
}

long long InsertComment(Tx& tx, const workflow::ReviewComment& c) {
    Nullable<long long> author(c.author_id);
    Nullable<std::string> language(c.language);
    long long id = 0;
    tx.sql() << "INSERT INTO post_comments (post_id, version, author_id, author_name, kind, language, body, "
                "created_at) VALUES (:p, :v, :a, :n, :k, :l, :b, :c) RETURNING id",
        soci::use(c.post_id), soci::use(c.version), soci::use(author.value, author.ind), soci::use(c.author_name),
        soci::use(c.kind), soci::use(language.value, language.ind), soci::use(c.body), soci::use(c.created_at),
        soci::into(id);
    return id;
}

std::vector<workflow::ReviewComment> ListComments(Tx& tx, long long post_id) {
    std::vector<workflow::ReviewComment> out;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(),
          "SELECT id, post_id, version, author_id, author_name, kind, language, body, created_at FROM post_comments "
          "WHERE post_id = " +
              p + " ORDER BY id",
          b, [&](const soci::row& r) {
              workflow::ReviewComment c;
              c.id = Int(r, 0);
              c.post_id = Int(r, 1);
              c.version = Int(r, 2);
              c.author_id = OptInt(r, 3);
              c.author_name = Text(r, 4);
              c.kind = Text(r, 5);
              c.language = OptText(r, 6);
              c.body = Text(r, 7);
              c.created_at = Int(r, 8);
              out.push_back(std::move(c));
          });
    return out;
}

std::optional<workflow::PolicySettings> GetPolicySettings(Tx& tx, long long organisation_id) {
    std::optional<workflow::PolicySettings> out;
    Binds b;
    const auto o = b.Add(organisation_id);
    Query(tx.sql(), "SELECT settings FROM policy_settings WHERE organisation_id = " + o, b, [&](const soci::row& r) {
        boost::system::error_code ec;
        const auto doc = json::parse(Text(r, 0), ec);
        out = workflow::SettingsFromJson(organisation_id, !ec && doc.is_object() ? doc.as_object() : json::object{});
    });
    return out;
}

void PutPolicySettings(Tx& tx, const workflow::PolicySettings& settings, std::optional<long long> by,
                       core::Millis now) {
    const std::string text = json::serialize(workflow::SettingsToJson(settings));
    Nullable<long long> who(by);
    tx.sql() << "DELETE FROM policy_settings WHERE organisation_id = :o", soci::use(settings.organisation_id);
    tx.sql() << "INSERT INTO policy_settings (organisation_id, settings, updated_by, updated_at) VALUES (:o, :s, :b, "
                ":u)",
        soci::use(settings.organisation_id), soci::use(text), soci::use(who.value, who.ind), soci::use(now);
}

std::vector<workflow::PolicySettings> LoadPolicyChain(Tx& tx, const security::OrgTree& tree,
                                                      long long organisation_id) {
    auto ids = tree.AncestorsAndSelf(organisation_id);
    std::reverse(ids.begin(), ids.end());
    std::vector<workflow::PolicySettings> chain;
    for (long long id : ids) {
        auto s = GetPolicySettings(tx, id);
        if (!s) {
            s = workflow::PolicySettings{};
            s->organisation_id = id;
        }
        chain.push_back(std::move(*s));
    }
    return chain;
}

}  // namespace belfry::store
