#include "store/crisis_repo.hpp"

#include <soci/soci.h>

#include "store/rows.hpp"

namespace belfry::store {

using crisis::Crisis;
using crisis::PausedRendition;
using crisis::Template;

namespace {

// "(:p0,:p1,…)" for the ids, bound in `b`.
std::string InList(Binds& b, const std::vector<long long>& ids) {
    std::string in;
    for (long long id : ids) in += (in.empty() ? "" : ",") + b.Add(id);
    return "(" + in + ")";
}

constexpr const char* kCrisisColumns =
    "id, organisation_id, title, reason, status, opened_by, opened_by_name, opened_at, closed_by, closed_by_name, "
    "closed_at";

Crisis CrisisFromRow(const soci::row& r) {
    Crisis c;
    c.id = Int(r, 0);
    c.organisation_id = Int(r, 1);
    c.title = Text(r, 2);
    c.reason = Text(r, 3);
    c.status = Text(r, 4);
    c.opened_by = OptInt(r, 5);
    c.opened_by_name = Text(r, 6);
    c.opened_at = Int(r, 7);
    c.closed_by = OptInt(r, 8);
    c.closed_by_name = OptText(r, 9).value_or("");
    c.closed_at = OptInt(r, 10);
    return c;
}

constexpr const char* kTemplateColumns =
    "id, organisation_id, name, version, approved_version, approved_by, approved_by_name, approved_at, created_by, "
    "created_at, updated_at";

Template TemplateFromRow(const soci::row& r) {
    Template t;
    t.id = Int(r, 0);
    t.organisation_id = Int(r, 1);
    t.name = Text(r, 2);
    t.version = Int(r, 3);
    t.approved_version = OptInt(r, 4);
    t.approved_by = OptInt(r, 5);
    t.approved_by_name = OptText(r, 6).value_or("");
    t.approved_at = OptInt(r, 7);
    t.created_by = OptInt(r, 8);
    t.created_at = Int(r, 9);
    t.updated_at = Int(r, 10);
    return t;
}

void LoadVariants(Tx& tx, std::vector<Template>& templates) {
    if (templates.empty()) return;
    std::vector<long long> ids;
    std::map<long long, Template*> by_id;
    for (auto& t : templates) {
        ids.push_back(t.id);
        by_id[t.id] = &t;
    }
    Binds b;
    Query(tx.sql(),
          "SELECT template_id, language, text FROM crisis_template_variants WHERE template_id IN " + InList(b, ids), b,
          [&](const soci::row& r) { by_id.at(Int(r, 0))->variants[Text(r, 1)] = Text(r, 2); });
}

void WriteVariants(Tx& tx, const Template& t) {
    tx.sql() << "DELETE FROM crisis_template_variants WHERE template_id = :id", soci::use(t.id);
    for (const auto& [lang, text] : t.variants) {
        tx.sql() << "INSERT INTO crisis_template_variants (template_id, language, text) VALUES (:t, :l, :x)",
            soci::use(t.id), soci::use(lang), soci::use(text);
    }
}

}  // namespace

void LockOrganisations(Tx& tx, const std::set<long long>& ids, bool exclusive) {
    if (tx.engine() != Engine::kPostgres || ids.empty()) return;
    Binds b;
    const std::string sql = "SELECT id FROM organisations WHERE id IN " +
                            InList(b, std::vector<long long>(ids.begin(), ids.end())) + " ORDER BY id" +
                            (exclusive ? " FOR UPDATE" : " FOR SHARE");
    Query(tx.sql(), sql, b, [](const soci::row&) {});
}

long long InsertCrisis(Tx& tx, const Crisis& c) {
    Nullable<long long> by(c.opened_by);
    long long id = 0;
    tx.sql() << "INSERT INTO crises (organisation_id, title, reason, status, opened_by, opened_by_name, opened_at) "
                "VALUES (:o, :t, :r, :s, :by, :byn, :at) RETURNING id",
        soci::use(c.organisation_id), soci::use(c.title), soci::use(c.reason), soci::use(c.status),
        soci::use(by.value, by.ind), soci::use(c.opened_by_name), soci::use(c.opened_at), soci::into(id);
    return id;
}

void UpdateCrisis(Tx& tx, const Crisis& c) {
    Nullable<long long> by(c.closed_by);
    Nullable<std::string> name(c.closed_at ? std::optional<std::string>(c.closed_by_name) : std::nullopt);
    Nullable<long long> at(c.closed_at);
    tx.sql() << "UPDATE crises SET status = :s, closed_by = :by, closed_by_name = :byn, closed_at = :at WHERE id = :id",
        soci::use(c.status), soci::use(by.value, by.ind), soci::use(name.value, name.ind), soci::use(at.value, at.ind),
        soci::use(c.id);
}

std::optional<Crisis> GetCrisis(Tx& tx, long long id, bool lock) {
    std::optional<Crisis> out;
    Binds b;
    const auto p = b.Add(id);
    const std::string suffix = lock && tx.engine() == Engine::kPostgres ? " FOR UPDATE" : "";
    Query(tx.sql(), std::string("SELECT ") + kCrisisColumns + " FROM crises WHERE id = " + p + suffix, b,
          [&](const soci::row& r) { out = CrisisFromRow(r); });
    return out;
}

std::vector<Crisis> ListOpenCrises(Tx& tx) {
    std::vector<Crisis> out;
    Binds b;
    Query(tx.sql(), std::string("SELECT ") + kCrisisColumns + " FROM crises WHERE status = 'open' ORDER BY id", b,
          [&](const soci::row& r) { out.push_back(CrisisFromRow(r)); });
    return out;
}

registry::Page<Crisis> ListCrises(Tx& tx, const CrisisQuery& q) {
    Binds b;
    std::string where = "1 = 1";
    if (q.organisation_ids) {
        where +=
            q.organisation_ids->empty() ? " AND 1 = 0" : " AND organisation_id IN " + InList(b, *q.organisation_ids);
    }
    if (q.status) where += " AND status = " + b.Add(*q.status);
    registry::Page<Crisis> page;
    page.page = q.page;
    page.per_page = q.per_page;
    Query(tx.sql(), "SELECT COUNT(*) FROM crises WHERE " + where, b,
          [&](const soci::row& r) { page.total = Int(r, 0); });
    Query(tx.sql(),
          std::string("SELECT ") + kCrisisColumns + " FROM crises WHERE " + where + " ORDER BY id DESC LIMIT " +
              std::to_string(q.per_page) + " OFFSET " + std::to_string(static_cast<long long>(q.page - 1) * q.per_page),
          b, [&](const soci::row& r) { page.items.push_back(CrisisFromRow(r)); });
    return page;
}

std::map<long long, CrisisCounts> CountCrisisParts(Tx& tx, const std::vector<long long>& crisis_ids) {
    std::map<long long, CrisisCounts> out;
    if (crisis_ids.empty()) return out;
    Binds b;
    Query(tx.sql(),
          "SELECT crisis_id, state, COUNT(*) FROM crisis_paused WHERE crisis_id IN " + InList(b, crisis_ids) +
              " GROUP BY crisis_id, state",
          b, [&](const soci::row& r) {
              auto& c = out[Int(r, 0)];
              c.paused += Int(r, 2);
              if (Text(r, 1) == "paused") c.waiting += Int(r, 2);
          });
    Binds b2;
    Query(tx.sql(),
          "SELECT crisis_id, COUNT(*) FROM crisis_messages WHERE crisis_id IN " + InList(b2, crisis_ids) +
              " GROUP BY crisis_id",
          b2, [&](const soci::row& r) { out[Int(r, 0)].messages = Int(r, 1); });
    return out;
}

std::vector<RenditionToPause> FindRenditionsToPause(Tx& tx, const std::set<long long>& organisation_ids) {
    std::vector<RenditionToPause> out;
    if (organisation_ids.empty()) return out;
    const std::vector<long long> ids(organisation_ids.begin(), organisation_ids.end());
    Binds b;
    const std::string posts_in = InList(b, ids);
    const std::string channels_in = InList(b, ids);
    Query(tx.sql(),
          "SELECT r.id, r.post_id, r.channel_id, c.display_name, r.status, r.publish_at FROM renditions r "
          "JOIN posts p ON p.id = r.post_id JOIN channels c ON c.id = r.channel_id "
          "WHERE r.status IN ('scheduled', 'publishing', 'unconfirmed') AND (p.organisation_id IN " +
              posts_in + " OR c.organisation_id IN " + channels_in +
              ") AND NOT EXISTS (SELECT 1 FROM crisis_messages m WHERE m.post_id = r.post_id) ORDER BY r.id",
          b, [&](const soci::row& r) {
              out.push_back(RenditionToPause{Int(r, 0), Int(r, 1), Int(r, 2), Text(r, 3), Text(r, 4), OptInt(r, 5)});
          });
    return out;
}

void LockPublishJobs(Tx& tx, const std::vector<long long>& rendition_ids) {
    if (tx.engine() != Engine::kPostgres || rendition_ids.empty()) return;
    Binds b;
    Query(tx.sql(),
          "SELECT id FROM jobs WHERE kind = 'publish' AND done_at IS NULL AND ref_id IN " + InList(b, rendition_ids) +
              " ORDER BY id FOR UPDATE",
          b, [](const soci::row&) {});
}

std::map<long long, std::string> RenditionStatuses(Tx& tx, const std::vector<long long>& rendition_ids) {
    std::map<long long, std::string> out;
    if (rendition_ids.empty()) return out;
    Binds b;
    Query(tx.sql(), "SELECT id, status FROM renditions WHERE id IN " + InList(b, rendition_ids), b,
          [&](const soci::row& r) { out[Int(r, 0)] = Text(r, 1); });
    return out;
}

bool PauseRendition(Tx& tx, long long rendition_id, core::Millis now) {
    soci::statement st = (tx.sql().prepare << "UPDATE renditions SET status = 'paused', updated_at = :u WHERE id = "
                                              ":id AND status = 'scheduled'",
                          soci::use(now), soci::use(rendition_id));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void InsertPaused(Tx& tx, const PausedRendition& p) {
    tx.sql() << "INSERT INTO crisis_paused (crisis_id, rendition_id, post_id, original_publish_at, state) VALUES (:c, "
                ":r, :p, :at, :s)",
        soci::use(p.crisis_id), soci::use(p.rendition_id), soci::use(p.post_id), soci::use(p.original_publish_at),
        soci::use(p.state);
}

void UpdatePaused(Tx& tx, const PausedRendition& p) {
    Nullable<long long> at(p.new_publish_at);
    Nullable<long long> decided(p.decided_at);
    Nullable<std::string> by(p.decided_at ? std::optional<std::string>(p.decided_by_name) : std::nullopt);
    tx.sql() << "UPDATE crisis_paused SET state = :s, new_publish_at = :at, decided_at = :d, decided_by_name = :by "
                "WHERE crisis_id = :c AND rendition_id = :r",
        soci::use(p.state), soci::use(at.value, at.ind), soci::use(decided.value, decided.ind),
        soci::use(by.value, by.ind), soci::use(p.crisis_id), soci::use(p.rendition_id);
}

std::vector<PausedRendition> ListPaused(Tx& tx, long long crisis_id) {
    std::vector<PausedRendition> out;
    Binds b;
    const auto c = b.Add(crisis_id);
    Query(tx.sql(),
          "SELECT x.crisis_id, x.post_id, x.rendition_id, r.channel_id, ch.display_name, x.original_publish_at, "
          "x.state, x.new_publish_at, x.decided_at, x.decided_by_name, r.status FROM crisis_paused x "
          "JOIN renditions r ON r.id = x.rendition_id JOIN channels ch ON ch.id = r.channel_id WHERE x.crisis_id = " +
              c + " ORDER BY x.original_publish_at, x.post_id, x.rendition_id",
          b, [&](const soci::row& r) {
              PausedRendition p;
              p.crisis_id = Int(r, 0);
              p.post_id = Int(r, 1);
              p.rendition_id = Int(r, 2);
              p.channel_id = Int(r, 3);
              p.channel_name = Text(r, 4);
              p.original_publish_at = Int(r, 5);
              p.state = Text(r, 6);
              p.new_publish_at = OptInt(r, 7);
              p.decided_at = OptInt(r, 8);
              p.decided_by_name = OptText(r, 9).value_or("");
              p.rendition_status = Text(r, 10);
              out.push_back(std::move(p));
          });
    return out;
}

void InsertNotPaused(Tx& tx, const crisis::NotPausedRendition& n) {
    tx.sql() << "INSERT INTO crisis_not_paused (crisis_id, rendition_id, post_id, status) VALUES (:c, :r, :p, :s)",
        soci::use(n.crisis_id), soci::use(n.rendition_id), soci::use(n.post_id), soci::use(n.status);
}

std::vector<crisis::NotPausedRendition> ListNotPaused(Tx& tx, long long crisis_id) {
    std::vector<crisis::NotPausedRendition> out;
    Binds b;
    const auto c = b.Add(crisis_id);
    Query(tx.sql(),
          "SELECT x.crisis_id, x.post_id, x.rendition_id, r.channel_id, ch.display_name, x.status, r.publish_at, "
          "r.status FROM crisis_not_paused x JOIN renditions r ON r.id = x.rendition_id JOIN channels ch ON ch.id = "
          "r.channel_id WHERE x.crisis_id = " +
              c + " ORDER BY x.rendition_id",
          b, [&](const soci::row& r) {
              out.push_back(crisis::NotPausedRendition{Int(r, 0), Int(r, 1), Int(r, 2), Int(r, 3), Text(r, 4),
                                                       Text(r, 5), OptInt(r, 6), Text(r, 7)});
          });
    return out;
}

void SetPostStatus(Tx& tx, long long post_id, const std::string& status, std::optional<core::Millis> publish_at,
                   core::Millis now) {
    Nullable<long long> at(publish_at);
    tx.sql() << "UPDATE posts SET status = :s, publish_at = :at, updated_at = :u WHERE id = :id", soci::use(status),
        soci::use(at.value, at.ind), soci::use(now), soci::use(post_id);
}

long long InsertTemplate(Tx& tx, const Template& t) {
    Nullable<long long> by(t.created_by);
    long long id = 0;
    tx.sql() << "INSERT INTO crisis_templates (organisation_id, name, version, created_by, created_at, updated_at) "
                "VALUES (:o, :n, :v, :by, :c, :u) RETURNING id",
        soci::use(t.organisation_id), soci::use(t.name), soci::use(t.version), soci::use(by.value, by.ind),
        soci::use(t.created_at), soci::use(t.updated_at), soci::into(id);
    Template copy = t;
    copy.id = id;
    WriteVariants(tx, copy);
    return id;
}

void UpdateTemplate(Tx& tx, const Template& t) {
    Nullable<long long> av(t.approved_version);
    Nullable<long long> ab(t.approved_by);
    Nullable<std::string> abn(t.approved_version ? std::optional<std::string>(t.approved_by_name) : std::nullopt);
    Nullable<long long> aat(t.approved_at);
    tx.sql() << "UPDATE crisis_templates SET name = :n, version = :v, approved_version = :av, approved_by = :ab, "
                "approved_by_name = :abn, approved_at = :aat, updated_at = :u WHERE id = :id",
        soci::use(t.name), soci::use(t.version), soci::use(av.value, av.ind), soci::use(ab.value, ab.ind),
        soci::use(abn.value, abn.ind), soci::use(aat.value, aat.ind), soci::use(t.updated_at), soci::use(t.id);
    WriteVariants(tx, t);
}

std::optional<Template> GetTemplate(Tx& tx, long long id) {
    std::vector<Template> found;
    Binds b;
    const auto p = b.Add(id);
    Query(tx.sql(), std::string("SELECT ") + kTemplateColumns + " FROM crisis_templates WHERE id = " + p, b,
          [&](const soci::row& r) { found.push_back(TemplateFromRow(r)); });
    LoadVariants(tx, found);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Template> ListTemplates(Tx& tx, const std::optional<std::set<long long>>& organisation_ids) {
    std::vector<Template> out;
    Binds b;
    std::string where = "1 = 1";
    if (organisation_ids) {
        where = organisation_ids->empty()
                    ? "1 = 0"
                    : "organisation_id IN " +
                          InList(b, std::vector<long long>(organisation_ids->begin(), organisation_ids->end()));
    }
    Query(tx.sql(),
          std::string("SELECT ") + kTemplateColumns + " FROM crisis_templates WHERE " + where + " ORDER BY name, id", b,
          [&](const soci::row& r) { out.push_back(TemplateFromRow(r)); });
    LoadVariants(tx, out);
    return out;
}

long long InsertMessage(Tx& tx, const crisis::Message& m) {
    Nullable<long long> by(m.sent_by);
    long long id = 0;
    tx.sql() << "INSERT INTO crisis_messages (crisis_id, post_id, template_id, template_version, fields_json, sent_by, "
                "sent_by_name, sent_at) VALUES (:c, :p, :t, :v, :f, :by, :byn, :at) RETURNING id",
        soci::use(m.crisis_id), soci::use(m.post_id), soci::use(m.template_id), soci::use(m.template_version),
        soci::use(m.fields_json), soci::use(by.value, by.ind), soci::use(m.sent_by_name), soci::use(m.sent_at),
        soci::into(id);
    return id;
}

std::vector<crisis::Message> ListMessages(Tx& tx, long long crisis_id) {
    std::vector<crisis::Message> out;
    Binds b;
    const auto c = b.Add(crisis_id);
    Query(tx.sql(),
          "SELECT m.id, m.crisis_id, m.post_id, m.template_id, m.template_version, t.name, m.fields_json, m.sent_by, "
          "m.sent_by_name, m.sent_at FROM crisis_messages m JOIN crisis_templates t ON t.id = m.template_id WHERE "
          "m.crisis_id = " +
              c + " ORDER BY m.id",
          b, [&](const soci::row& r) {
              crisis::Message m;
              m.id = Int(r, 0);
              m.crisis_id = Int(r, 1);
              m.post_id = Int(r, 2);
              m.template_id = Int(r, 3);
              m.template_version = Int(r, 4);
              m.template_name = Text(r, 5);
              m.fields_json = Text(r, 6);
              m.sent_by = OptInt(r, 7);
              m.sent_by_name = Text(r, 8);
              m.sent_at = Int(r, 9);
              out.push_back(std::move(m));
          });
    return out;
}

bool IsCrisisMessage(Tx& tx, long long post_id) {
    bool found = false;
    Binds b;
    const auto p = b.Add(post_id);
    Query(tx.sql(), "SELECT id FROM crisis_messages WHERE post_id = " + p, b, [&](const soci::row&) { found = true; });
    return found;
}

std::vector<crisis::MessageRendition> ListMessageRenditions(Tx& tx, const std::vector<long long>& post_ids) {
    std::vector<crisis::MessageRendition> out;
    if (post_ids.empty()) return out;
    Binds b;
    Query(tx.sql(),
          "SELECT r.id, r.post_id, r.channel_id, c.display_name, c.network, r.status, r.remote_url, r.published_at, "
          "r.network_message, r.explanation, r.updated_at FROM renditions r JOIN channels c ON c.id = r.channel_id "
          "WHERE r.post_id IN " +
              InList(b, post_ids) + " ORDER BY r.post_id, r.id",
          b, [&](const soci::row& r) {
              crisis::MessageRendition m;
              m.rendition_id = Int(r, 0);
              m.post_id = Int(r, 1);
              m.channel_id = Int(r, 2);
              m.channel_name = Text(r, 3);
              m.network = Text(r, 4);
              m.status = Text(r, 5);
              m.remote_url = OptText(r, 6);
              m.published_at = OptInt(r, 7);
              m.network_message = OptText(r, 8);
              m.explanation = OptText(r, 9);
              m.updated_at = Int(r, 10);
              out.push_back(std::move(m));
          });
    return out;
}

std::string UserDisplayName(Tx& tx, long long user_id) {
    std::string out;
    Binds b;
    const auto p = b.Add(user_id);
    Query(tx.sql(), "SELECT display_name FROM users WHERE id = " + p, b, [&](const soci::row& r) { out = Text(r, 0); });
    return out;
}

}  // namespace belfry::store
