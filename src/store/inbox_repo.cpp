#include "store/inbox_repo.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <deque>

#include "core/text.hpp"
#include "inbox/search_text.hpp"
#include "store/rows.hpp"

namespace belfry::store {

using inbox::Conversation;
using inbox::Item;

namespace {

// ---- binding

// Values bound by position, in the order their placeholders appear in the SQL. On SQLite the
// placeholders are anonymous ("?"): statements here carry thousands of values, and SQLite looks each
// named one up in a list when it compiles the statement. SOCI's PostgreSQL backend needs names.
class Ordered {
  public:
    explicit Ordered(const Tx& tx) : anonymous_(tx.engine() == Engine::kSqlite) {}
    std::string Add(long long v) {
        ints_.push_back(v);
        order_.push_back({true, ints_.size() - 1});
        return Next();
    }
    std::string Add(std::string v) {
        texts_.push_back(std::move(v));
        order_.push_back({false, texts_.size() - 1});
        return Next();
    }
    void BindTo(soci::statement& st) {
        for (const auto& [is_int, i] : order_) {
            if (is_int) {
                st.exchange(soci::use(ints_[i]));
            } else {
                st.exchange(soci::use(texts_[i]));
            }
        }
    }

  private:
    std::string Next() { return anonymous_ ? "?" : ":v" + std::to_string(order_.size() - 1); }
    bool anonymous_;
    std::deque<long long> ints_;
    std::deque<std::string> texts_;
    std::vector<std::pair<bool, std::size_t>> order_;
};

template <class Fn>
void Run(Tx& tx, const std::string& sql, Ordered& binds, Fn&& fn) {
    soci::row row;
    soci::statement st(tx.sql());
    st.alloc();
    st.prepare(sql);
    binds.BindTo(st);
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) fn(row);
}

// "(1,2,3)": ids are numbers, written into the SQL as such (never user text).
std::string IdList(const std::vector<long long>& ids) {
    std::string out = "(";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + ")";
}

std::string TextList(Ordered& b, const std::vector<std::string>& values) {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? "," : "") + b.Add(values[i]);
    return out + ")";
}

// An optional column value with its indicator, assignable in place (bound once, set per row).
template <class T>
struct Opt {
    T value{};
    soci::indicator ind = soci::i_null;
    // Text: empty is NULL.
    void SetText(const std::string& s) {
        if (s.empty()) {
            ind = soci::i_null;
        } else {
            value = s;
            ind = soci::i_ok;
        }
    }
    void Set(const std::optional<T>& v) {
        if (v) {
            value = *v;
            ind = soci::i_ok;
        } else {
            value = T{};
            ind = soci::i_null;
        }
    }
};

std::optional<std::string> NullIfEmpty(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
}

int Page1(int page) { return page < 1 ? 1 : page; }
int PerPage(int per_page) { return std::clamp(per_page, 1, 1000); }
std::string LimitOffset(int page, int per_page) {
    return " LIMIT " + std::to_string(per_page) + " OFFSET " +
           std::to_string(static_cast<long long>(page - 1) * per_page);
}

// Multi-row INSERT … RETURNING id of `rows`, through a staging array of Row (one per row of a chunk)
// that holds the bound values: one prepared statement per chunk size, executed once per chunk.
// Ids are given in row order: both engines assign them in VALUES order within one statement.
constexpr std::size_t kChunkRows = 50;

template <class Row, class T>
void InsertChunked(Tx& tx, const std::string& table, const std::string& columns, std::size_t column_count,
                   std::vector<T>& rows) {
    std::size_t i = 0;
    const std::size_t n = rows.size();
    while (i < n) {
        const std::size_t k = std::min(kChunkRows, n - i);
        std::string sql = "INSERT INTO ";
        sql += table;
        sql += " (";
        sql += columns;
        sql += ") VALUES ";
        const bool anonymous = tx.engine() == Engine::kSqlite;  // see Ordered
        std::size_t v = 0;
        for (std::size_t r = 0; r < k; ++r) {
            sql += r == 0 ? "(" : ",(";
            for (std::size_t c = 0; c < column_count; ++c) {
                if (c > 0) sql += ',';
                sql += anonymous ? "?" : ":v" + std::to_string(v);
                ++v;
            }
            sql += ')';
        }
        sql += " RETURNING id";
        std::vector<Row> stage(k);
        std::vector<long long> ids;
        ids.reserve(k);
        soci::row returned;
        soci::statement st(tx.sql());
        st.alloc();
        st.prepare(sql);
        for (auto& row : stage) row.Bind(st);
        st.exchange(soci::into(returned));
        st.define_and_bind();
        while (n - i >= k) {
            for (std::size_t r = 0; r < k; ++r) stage[r].Set(rows[i + r]);
            ids.clear();
            st.execute(false);
            while (st.fetch()) ids.push_back(Int(returned, 0));
            if (ids.size() != k) throw soci::soci_error("INSERT INTO " + table + " returned a wrong number of ids");
            std::sort(ids.begin(), ids.end());
            for (std::size_t r = 0; r < k; ++r) rows[i + r].id = ids[r];
            i += k;
            if (i == n) break;
        }
    }
}

// ---- conversations

// Status names as stored (the same as inbox::StatusName; kept here so that the store does not
// depend on the inbox module's code).
constexpr std::array<std::pair<inbox::Status, std::string_view>, 5> kStatusNames{
    {{inbox::Status::kNew, "new"},
     {inbox::Status::kAssigned, "assigned"},
     {inbox::Status::kWaiting, "waiting"},
     {inbox::Status::kAnswered, "answered"},
     {inbox::Status::kClosed, "closed"}}};

std::string StatusText(inbox::Status s) {
    for (const auto& [status, name] : kStatusNames) {
        if (status == s) return std::string(name);
    }
    return "new";
}

inbox::Status StatusFromText(std::string_view text) {
    for (const auto& [status, name] : kStatusNames) {
        if (name == text) return status;
    }
    return inbox::Status::kNew;
}

constexpr const char* kConversationInsertColumns =
    "organisation_id, channel_id, network, thread_key, kind, post_id, citizen_id, citizen_handle, citizen_name, "
    "language, status, assignee_user_id, assignee_team_id, category, first_inbound_at, last_inbound_at, "
    "first_response_at, first_response_by, last_response_at, due_at, item_count, last_text, created_at, updated_at";
constexpr std::size_t kConversationInsertCount = 24;

constexpr const char* kConversationColumns =
    "c.id, c.organisation_id, c.channel_id, c.network, c.thread_key, c.kind, c.post_id, c.citizen_id, "
    "c.citizen_handle, c.citizen_name, c.language, c.status, c.assignee_user_id, c.assignee_team_id, c.category, "
    "c.first_inbound_at, c.last_inbound_at, c.first_response_at, c.first_response_by, c.last_response_at, c.due_at, "
    "c.item_count, c.last_text, c.created_at, c.updated_at";

Conversation ConversationFromRow(const soci::row& r) {
    Conversation c;
    c.id = Int(r, 0);
    c.organisation_id = Int(r, 1);
    c.channel_id = Int(r, 2);
    c.network = Text(r, 3);
    c.thread_key = Text(r, 4);
    c.kind = Text(r, 5);
    c.post_id = OptInt(r, 6);
    c.citizen_id = Text(r, 7);
    c.citizen_handle = Text(r, 8);
    c.citizen_name = Text(r, 9);
    c.language = Text(r, 10);
    c.status = StatusFromText(Text(r, 11));
    c.assignee_user_id = OptInt(r, 12);
    c.assignee_team_id = OptInt(r, 13);
    c.category = Text(r, 14);
    c.first_inbound_at = Int(r, 15);
    c.last_inbound_at = Int(r, 16);
    c.first_response_at = OptInt(r, 17);
    c.first_response_by = OptInt(r, 18);
    c.last_response_at = OptInt(r, 19);
    c.due_at = OptInt(r, 20);
    c.item_count = Int(r, 21);
    c.last_text = Text(r, 22);
    c.created_at = Int(r, 23);
    c.updated_at = Int(r, 24);
    return c;
}

// The bound values of one conversation row, in kConversationInsertColumns order.
struct ConversationRow {
    long long organisation_id = 0;
    long long channel_id = 0;
    std::string network, thread_key, kind;
    Opt<long long> post_id;
    std::string citizen_id, citizen_handle, citizen_name, language, status;
    Opt<long long> assignee_user_id, assignee_team_id;
    Opt<std::string> category;
    long long first_inbound_at = 0, last_inbound_at = 0;
    Opt<long long> first_response_at, first_response_by, last_response_at, due_at;
    long long item_count = 0;
    std::string last_text;
    long long created_at = 0, updated_at = 0;

    void Set(const Conversation& c) {
        organisation_id = c.organisation_id;
        channel_id = c.channel_id;
        network = c.network;
        thread_key = c.thread_key;
        kind = c.kind;
        post_id.Set(c.post_id);
        citizen_id = c.citizen_id;
        citizen_handle = c.citizen_handle;
        citizen_name = c.citizen_name;
        language = c.language;
        status = StatusText(c.status);
        assignee_user_id.Set(c.assignee_user_id);
        assignee_team_id.Set(c.assignee_team_id);
        category.SetText(c.category);
        first_inbound_at = c.first_inbound_at;
        last_inbound_at = c.last_inbound_at;
        first_response_at.Set(c.first_response_at);
        first_response_by.Set(c.first_response_by);
        last_response_at.Set(c.last_response_at);
        due_at.Set(c.due_at);
        item_count = c.item_count;
        last_text = c.last_text;
        created_at = c.created_at;
        updated_at = c.updated_at;
    }
    void Bind(soci::statement& st) {
        st.exchange(soci::use(organisation_id));
        st.exchange(soci::use(channel_id));
        st.exchange(soci::use(network));
        st.exchange(soci::use(thread_key));
        st.exchange(soci::use(kind));
        st.exchange(soci::use(post_id.value, post_id.ind));
        st.exchange(soci::use(citizen_id));
        st.exchange(soci::use(citizen_handle));
        st.exchange(soci::use(citizen_name));
        st.exchange(soci::use(language));
        st.exchange(soci::use(status));
        st.exchange(soci::use(assignee_user_id.value, assignee_user_id.ind));
        st.exchange(soci::use(assignee_team_id.value, assignee_team_id.ind));
        st.exchange(soci::use(category.value, category.ind));
        st.exchange(soci::use(first_inbound_at));
        st.exchange(soci::use(last_inbound_at));
        st.exchange(soci::use(first_response_at.value, first_response_at.ind));
        st.exchange(soci::use(first_response_by.value, first_response_by.ind));
        st.exchange(soci::use(last_response_at.value, last_response_at.ind));
        st.exchange(soci::use(due_at.value, due_at.ind));
        st.exchange(soci::use(item_count));
        st.exchange(soci::use(last_text));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(updated_at));
    }
};

// ---- items

constexpr const char* kItemInsertColumns =
    "conversation_id, organisation_id, channel_id, remote_id, parent_remote_id, direction, kind, author_id, "
    "author_handle, author_name, text, url, language, network_language, created_at, received_at, sent_by, "
    "sent_by_name, send_state, send_key, send_message, saved_reply_id, moderation, moderation_category, "
    "moderation_score, search_text";
constexpr std::size_t kItemInsertCount = 26;

constexpr const char* kItemColumns =
    "i.id, i.conversation_id, i.organisation_id, i.channel_id, i.remote_id, i.parent_remote_id, i.direction, i.kind, "
    "i.author_id, i.author_handle, i.author_name, i.text, i.url, i.language, i.network_language, i.created_at, "
    "i.received_at, i.sent_by, i.sent_by_name, i.send_state, i.send_key, i.send_message, i.saved_reply_id, "
    "i.moderation, i.moderation_category, i.moderation_score, i.search_text";

Item ItemFromRow(const soci::row& r) {
    Item i;
    i.id = Int(r, 0);
    i.conversation_id = Int(r, 1);
    i.organisation_id = Int(r, 2);
    i.channel_id = Int(r, 3);
    i.remote_id = Text(r, 4);
    i.parent_remote_id = Text(r, 5);
    i.direction = Text(r, 6);
    i.kind = Text(r, 7);
    i.author_id = Text(r, 8);
    i.author_handle = Text(r, 9);
    i.author_name = Text(r, 10);
    i.text = Text(r, 11);
    i.url = Text(r, 12);
    i.language = Text(r, 13);
    i.network_language = Text(r, 14);
    i.created_at = Int(r, 15);
    i.received_at = Int(r, 16);
    i.sent_by = OptInt(r, 17);
    i.sent_by_name = Text(r, 18);
    i.send_state = Text(r, 19);
    i.send_key = Text(r, 20);
    i.send_message = Text(r, 21);
    i.saved_reply_id = OptInt(r, 22);
    i.moderation = Text(r, 23);
    i.moderation_category = Text(r, 24);
    if (r.get_indicator(25) != soci::i_null) i.moderation_score = Double(r, 25);
    i.search_text = Text(r, 26);
    return i;
}

// The bound values of one item row, in kItemInsertColumns order.
struct ItemRow {
    long long conversation_id = 0, organisation_id = 0, channel_id = 0;
    Opt<std::string> remote_id, parent_remote_id;
    std::string direction, kind, author_id, author_handle, author_name, text;
    Opt<std::string> url;
    std::string language;
    Opt<std::string> network_language;
    long long created_at = 0, received_at = 0;
    Opt<long long> sent_by;
    Opt<std::string> sent_by_name, send_state, send_key, send_message;
    Opt<long long> saved_reply_id;
    std::string moderation;
    Opt<std::string> moderation_category;
    Opt<double> moderation_score;
    std::string search_text;

    void Set(const Item& i) {
        conversation_id = i.conversation_id;
        organisation_id = i.organisation_id;
        channel_id = i.channel_id;
        remote_id.SetText(i.remote_id);
        parent_remote_id.SetText(i.parent_remote_id);
        direction = i.direction;
        kind = i.kind;
        author_id = i.author_id;
        author_handle = i.author_handle;
        author_name = i.author_name;
        text = i.text;
        url.SetText(i.url);
        language = i.language;
        network_language.SetText(i.network_language);
        created_at = i.created_at;
        received_at = i.received_at;
        sent_by.Set(i.sent_by);
        sent_by_name.SetText(i.sent_by_name);
        send_state.SetText(i.send_state);
        send_key.SetText(i.send_key);
        send_message.SetText(i.send_message);
        saved_reply_id.Set(i.saved_reply_id);
        moderation = i.moderation;
        moderation_category.SetText(i.moderation_category);
        moderation_score.Set(i.moderation_score);
        search_text = i.search_text;
    }
    void Bind(soci::statement& st) {
        st.exchange(soci::use(conversation_id));
        st.exchange(soci::use(organisation_id));
        st.exchange(soci::use(channel_id));
        st.exchange(soci::use(remote_id.value, remote_id.ind));
        st.exchange(soci::use(parent_remote_id.value, parent_remote_id.ind));
        st.exchange(soci::use(direction));
        st.exchange(soci::use(kind));
        st.exchange(soci::use(author_id));
        st.exchange(soci::use(author_handle));
        st.exchange(soci::use(author_name));
        st.exchange(soci::use(text));
        st.exchange(soci::use(url.value, url.ind));
        st.exchange(soci::use(language));
        st.exchange(soci::use(network_language.value, network_language.ind));
        st.exchange(soci::use(created_at));
        st.exchange(soci::use(received_at));
        st.exchange(soci::use(sent_by.value, sent_by.ind));
        st.exchange(soci::use(sent_by_name.value, sent_by_name.ind));
        st.exchange(soci::use(send_state.value, send_state.ind));
        st.exchange(soci::use(send_key.value, send_key.ind));
        st.exchange(soci::use(send_message.value, send_message.ind));
        st.exchange(soci::use(saved_reply_id.value, saved_reply_id.ind));
        st.exchange(soci::use(moderation));
        st.exchange(soci::use(moderation_category.value, moderation_category.ind));
        st.exchange(soci::use(moderation_score.value, moderation_score.ind));
        st.exchange(soci::use(search_text));
    }
};

// ---- full-text search

// A term of an FTS5 MATCH expression or a tsquery, quoted: operators inside are plain text.
std::string QuoteFts5(const std::string& term) {
    std::string out = "\"";
    for (char c : term) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}
std::string QuoteTsquery(const std::string& term) {
    std::string out = "'";
    for (char c : term) {
        if (c == '\'' || c == '\\') out += c == '\'' ? '\'' : '\\';
        out += c;
    }
    return out + "'";
}

// FTS5 scope terms are used while the list is short; past that, the SQL filter alone applies.
constexpr std::size_t kMaxScopeTerms = 256;

std::string Fts5Expression(const std::vector<std::vector<std::string>>& words,
                           const std::optional<std::vector<long long>>& organisation_ids,
                           const std::vector<long long>& channel_ids) {
    std::string expr;
    for (const auto& alternatives : words) {
        std::string group;
        for (const auto& a : alternatives) group += (group.empty() ? "" : " OR ") + QuoteFts5(a);
        expr += (expr.empty() ? "(" : " AND (") + group + ")";
    }
    // The scope terms of migrations/0009_inbox_search.sql.
    auto scope = [&](const char* prefix, const std::vector<long long>& ids) {
        if (ids.empty() || ids.size() > kMaxScopeTerms) return;
        std::string group;
        for (long long id : ids) group += (group.empty() ? "" : " OR ") + QuoteFts5(prefix + std::to_string(id));
        expr += " AND (" + group + ")";
    };
    if (organisation_ids) scope("\u00a7o", *organisation_ids);
    scope("\u00a7c", channel_ids);
    return expr;
}

std::string Tsquery(const std::vector<std::vector<std::string>>& words) {
    std::string out;
    for (const auto& alternatives : words) {
        std::string group;
        for (const auto& a : alternatives) group += (group.empty() ? "" : " | ") + QuoteTsquery(a);
        out += (out.empty() ? "(" : " & (") + group + ")";
    }
    return out;
}

struct Window {
    std::vector<long long> item_ids;
    std::vector<long long> conversation_ids;  // distinct
    bool capped = false;
};

// The newest `limit` items matching `words` within the organisations and channels (and, for the
// conversations, the distinct conversations they belong to).
Window SearchWindow(Tx& tx, const std::vector<std::vector<std::string>>& words,
                    const std::optional<std::vector<long long>>& organisation_ids,
                    const std::vector<long long>& channel_ids, int limit, bool conversations) {
    Window w;
    Ordered b(tx);
    std::string sql;
    if (tx.engine() == Engine::kSqlite) {
        // FTS5 gives the rowids newest first and stops at the limit; the join reads each hit's
        // conversation from a narrow index (not the wide item rows), and filters what the scope
        // terms could not hold.
        const std::string match = b.Add(Fts5Expression(words, organisation_ids, channel_ids));
        std::string where;
        if (organisation_ids && organisation_ids->size() > kMaxScopeTerms) {
            where += " AND i.organisation_id IN " + IdList(*organisation_ids);
        }
        if (channel_ids.size() > kMaxScopeTerms) where += " AND i.channel_id IN " + IdList(channel_ids);
        if (conversations || !where.empty()) {
            sql =
                "SELECT inbox_items_fts.rowid, i.conversation_id FROM inbox_items_fts JOIN inbox_items i ON i.id = "
                "inbox_items_fts.rowid WHERE inbox_items_fts MATCH " +
                match + where + " ORDER BY inbox_items_fts.rowid DESC LIMIT " + std::to_string(limit);
        } else {
            sql = "SELECT rowid FROM inbox_items_fts WHERE inbox_items_fts MATCH " + match +
                  " ORDER BY rowid DESC LIMIT " + std::to_string(limit);
        }
    } else {
        // Every match through the GIN index (MATERIALIZED: with the ORDER BY … LIMIT next to it, the
        // planner may instead walk the primary key backwards computing to_tsvector row by row,
        // which is slow for any word that is not in most items), then the newest ones.
        sql =
            "WITH m AS MATERIALIZED (SELECT i.id, i.conversation_id FROM inbox_items i WHERE "
            "to_tsvector('simple', i.search_text) @@ to_tsquery('simple', " +
            b.Add(Tsquery(words)) + ")";
        if (organisation_ids) sql += " AND i.organisation_id IN " + IdList(*organisation_ids);
        if (!channel_ids.empty()) sql += " AND i.channel_id IN " + IdList(channel_ids);
        sql += ") SELECT id, conversation_id FROM m ORDER BY id DESC LIMIT " + std::to_string(limit);
    }
    std::vector<long long> conversation_ids;
    Run(tx, sql, b, [&](const soci::row& r) {
        w.item_ids.push_back(Int(r, 0));
        if (r.size() > 1) conversation_ids.push_back(Int(r, 1));
    });
    w.capped = static_cast<int>(w.item_ids.size()) >= limit;
    std::sort(conversation_ids.begin(), conversation_ids.end());
    conversation_ids.erase(std::unique(conversation_ids.begin(), conversation_ids.end()), conversation_ids.end());
    w.conversation_ids = std::move(conversation_ids);
    return w;
}

// ---- conversation filters

std::string ConversationWhere(const ConversationQuery& q, Ordered& b, bool with_statuses) {
    std::string w = "1 = 1";
    if (q.organisation_ids) {
        w += q.organisation_ids->empty() ? " AND 1 = 0" : " AND c.organisation_id IN " + IdList(*q.organisation_ids);
    }
    if (!q.channel_ids.empty()) w += " AND c.channel_id IN " + IdList(q.channel_ids);
    if (!q.networks.empty()) w += " AND c.network IN " + TextList(b, q.networks);
    if (with_statuses && !q.statuses.empty()) w += " AND c.status IN " + TextList(b, q.statuses);
    if (!q.languages.empty()) w += " AND c.language IN " + TextList(b, q.languages);
    if (!q.categories.empty()) {
        std::vector<std::string> named;
        bool none = false;
        for (const auto& c : q.categories) {
            if (c.empty()) {
                none = true;
            } else {
                named.push_back(c);
            }
        }
        std::string parts;
        if (!named.empty()) parts = "c.category IN " + TextList(b, named);
        if (none) parts += (parts.empty() ? "" : " OR ") + std::string("c.category IS NULL");
        w += " AND (" + parts + ")";
    }
    if (q.assignee_user_id) w += " AND c.assignee_user_id = " + b.Add(*q.assignee_user_id);
    if (q.assignee_team_id) w += " AND c.assignee_team_id = " + b.Add(*q.assignee_team_id);
    if (q.unassigned) w += " AND c.assignee_user_id IS NULL AND c.assignee_team_id IS NULL";
    if (q.overdue_at) {
        w += " AND c.due_at < " + b.Add(static_cast<long long>(*q.overdue_at)) +
             " AND c.status NOT IN ('answered', 'closed')";
    }
    return w;
}

std::string ConversationOrder(const std::string& sort) {
    if (sort == "due") return " ORDER BY CASE WHEN c.due_at IS NULL THEN 1 ELSE 0 END, c.due_at, c.id";
    if (sort == "oldest") return " ORDER BY c.last_inbound_at, c.id";
    return " ORDER BY c.last_inbound_at DESC, c.id DESC";
}

// The conversations the search window holds, or nullopt when q has no word.
std::optional<Window> ConversationWindow(Tx& tx, const ConversationQuery& q, int limit) {
    const auto words = inbox::SearchQuery(q.q);
    if (words.empty()) return std::nullopt;
    if (q.organisation_ids && q.organisation_ids->empty()) return Window{};
    return SearchWindow(tx, words, q.organisation_ids, q.channel_ids, limit, true);
}

// The page `page` of `ids` (in their order): its slice.
std::vector<long long> Slice(const std::vector<long long>& ids, int page, int per_page) {
    const auto from = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page);
    if (from >= ids.size()) return {};
    const auto to = std::min(ids.size(), from + static_cast<std::size_t>(per_page));
    return std::vector<long long>(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                  ids.begin() + static_cast<std::ptrdiff_t>(to));
}

registry::Page<Conversation> ListConversationsIn(Tx& tx, const ConversationQuery& q, const Window* window) {
    registry::Page<Conversation> page;
    page.page = Page1(q.page);
    page.per_page = PerPage(q.per_page);
    if (window != nullptr) {
        // At most the window's conversations: their ids in order, then the page's rows.
        if (window->conversation_ids.empty()) return page;
        Ordered b(tx);
        const std::string where = ConversationWhere(q, b, true) + " AND c.id IN " + IdList(window->conversation_ids);
        std::vector<long long> ids;
        Run(tx, "SELECT c.id FROM inbox_conversations c WHERE " + where + ConversationOrder(q.sort), b,
            [&](const soci::row& r) { ids.push_back(Int(r, 0)); });
        page.total = static_cast<long long>(ids.size());
        const auto slice = Slice(ids, page.page, page.per_page);
        if (slice.empty()) return page;
        std::map<long long, Conversation> rows;
        Ordered rb(tx);
        Run(tx,
            std::string("SELECT ") + kConversationColumns + " FROM inbox_conversations c WHERE c.id IN " +
                IdList(slice),
            rb, [&](const soci::row& r) {
                auto c = ConversationFromRow(r);
                rows.emplace(c.id, std::move(c));
            });
        for (long long id : slice) {
            if (auto it = rows.find(id); it != rows.end()) page.items.push_back(std::move(it->second));
        }
        return page;
    }
    Ordered count_binds(tx);
    Run(tx, "SELECT COUNT(*) FROM inbox_conversations c WHERE " + ConversationWhere(q, count_binds, true), count_binds,
        [&](const soci::row& r) { page.total = Int(r, 0); });
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kConversationColumns + " FROM inbox_conversations c WHERE " +
            ConversationWhere(q, b, true) + ConversationOrder(q.sort) + LimitOffset(page.page, page.per_page),
        b, [&](const soci::row& r) { page.items.push_back(ConversationFromRow(r)); });
    return page;
}

// ---- small tables

std::string JoinInts(const std::vector<int>& values, char sep) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += sep;
        out += std::to_string(values[i]);
    }
    return out;
}

std::vector<int> SplitInts(const std::string& text) {
    std::vector<int> out;
    for (const auto& part : core::Split(text, ',')) {
        const auto t = std::string(core::Trim(part));
        if (!t.empty()) out.push_back(std::stoi(t));
    }
    return out;
}

std::string JoinWith(const std::vector<std::string>& values, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? sep : "") + values[i];
    return out;
}

std::vector<std::string> SplitNonEmpty(const std::string& text, char sep) {
    std::vector<std::string> out;
    for (auto& part : core::Split(text, sep)) {
        if (!part.empty()) out.push_back(std::move(part));
    }
    return out;
}

std::string OrganisationFilter(const std::optional<std::vector<long long>>& ids, const std::string& column) {
    if (!ids) return "1 = 1";
    return ids->empty() ? "1 = 0" : column + " IN " + IdList(*ids);
}

std::optional<std::vector<long long>> ToVector(const std::optional<std::set<long long>>& ids) {
    if (!ids) return std::nullopt;
    return std::vector<long long>(ids->begin(), ids->end());
}

constexpr const char* kSavedReplyColumns = "id, organisation_id, name, category, link, created_at, updated_at";

inbox::SavedReply SavedReplyFromRow(const soci::row& r) {
    inbox::SavedReply s;
    s.id = Int(r, 0);
    s.organisation_id = Int(r, 1);
    s.name = Text(r, 2);
    s.category = Text(r, 3);
    s.link = Text(r, 4);
    s.created_at = Int(r, 5);
    s.updated_at = Int(r, 6);
    return s;
}

void LoadReplyVariants(Tx& tx, std::vector<inbox::SavedReply>& replies) {
    if (replies.empty()) return;
    std::vector<long long> ids;
    std::map<long long, inbox::SavedReply*> by_id;
    for (auto& r : replies) {
        ids.push_back(r.id);
        by_id[r.id] = &r;
    }
    Ordered b(tx);
    Run(tx,
        "SELECT saved_reply_id, language, text FROM saved_reply_variants WHERE saved_reply_id IN " + IdList(ids) +
            " ORDER BY saved_reply_id, language",
        b, [&](const soci::row& r) {
            by_id.at(Int(r, 0))->variants.push_back({Text(r, 1), Text(r, 2)});
        });
}

void WriteReplyVariants(Tx& tx, long long id, const std::vector<inbox::SavedReplyVariant>& variants) {
    tx.sql() << "DELETE FROM saved_reply_variants WHERE saved_reply_id = :id", soci::use(id);
    for (const auto& v : variants) {
        tx.sql() << "INSERT INTO saved_reply_variants (saved_reply_id, language, text) VALUES (:id, :l, :t)",
            soci::use(id), soci::use(v.language), soci::use(v.text);
    }
}

constexpr const char* kRuleColumns = "id, organisation_id, category, language, keywords, position";

inbox::CategoryRule RuleFromRow(const soci::row& r) {
    inbox::CategoryRule c;
    c.id = Int(r, 0);
    c.organisation_id = Int(r, 1);
    c.category = Text(r, 2);
    c.language = Text(r, 3);
    c.keywords = SplitNonEmpty(Text(r, 4), '\n');
    c.position = Int(r, 5);
    return c;
}

constexpr const char* kTermColumns = "id, organisation_id, kind, category, language, term, created_by_name, created_at";

moderation::Term TermFromRow(const soci::row& r) {
    moderation::Term t;
    t.id = Int(r, 0);
    t.organisation_id = Int(r, 1);
    t.kind = Text(r, 2);
    t.category = Text(r, 3);
    t.language = Text(r, 4);
    t.term = Text(r, 5);
    t.created_by_name = Text(r, 6);
    t.created_at = Int(r, 7);
    return t;
}

constexpr const char* kDecisionColumns =
    "id, item_id, organisation_id, action, source, category, score, rule, reason, original_text, decided_by, "
    "decided_by_name, reverses, network_result, network_message, attempts, created_at, updated_at";

moderation::Decision DecisionFromRow(const soci::row& r, std::size_t o = 0) {
    moderation::Decision d;
    d.id = Int(r, o + 0);
    d.item_id = Int(r, o + 1);
    d.organisation_id = Int(r, o + 2);
    d.action = Text(r, o + 3);
    d.source = Text(r, o + 4);
    d.category = Text(r, o + 5);
    if (r.get_indicator(o + 6) != soci::i_null) d.score = Double(r, o + 6);
    d.rule = Text(r, o + 7);
    d.reason = Text(r, o + 8);
    d.original_text = Text(r, o + 9);
    d.decided_by = OptInt(r, o + 10);
    d.decided_by_name = Text(r, o + 11);
    d.reverses = OptInt(r, o + 12);
    d.network_result = Text(r, o + 13);
    d.network_message = Text(r, o + 14);
    d.attempts = static_cast<int>(Int(r, o + 15));
    d.created_at = Int(r, o + 16);
    d.updated_at = Int(r, o + 17);
    return d;
}

std::vector<moderation::Decision> DecisionsWhere(Tx& tx, const std::string& where, Ordered& b,
                                                 const std::string& tail) {
    std::vector<moderation::Decision> out;
    Run(tx, std::string("SELECT ") + kDecisionColumns + " FROM moderation_decisions WHERE " + where + tail, b,
        [&](const soci::row& r) { out.push_back(DecisionFromRow(r)); });
    return out;
}

// Remote ids or thread keys in IN lists of at most this many values per statement.
constexpr std::size_t kInChunk = 500;

template <class Fn>
void ForChunks(const std::vector<std::string>& values, Fn&& fn) {
    for (std::size_t i = 0; i < values.size(); i += kInChunk) {
        const auto end = std::min(values.size(), i + kInChunk);
        fn(std::vector<std::string>(values.begin() + static_cast<std::ptrdiff_t>(i),
                                    values.begin() + static_cast<std::ptrdiff_t>(end)));
    }
}

}  // namespace

// ---- ingestion

std::set<std::string> ExistingRemoteIds(Tx& tx, long long channel_id, const std::vector<std::string>& remote_ids) {
    std::set<std::string> out;
    ForChunks(remote_ids, [&](const std::vector<std::string>& chunk) {
        Ordered b(tx);
        const auto c = b.Add(channel_id);
        Run(tx, "SELECT remote_id FROM inbox_items WHERE channel_id = " + c + " AND remote_id IN " + TextList(b, chunk),
            b, [&](const soci::row& r) { out.insert(Text(r, 0)); });
    });
    return out;
}

std::map<std::string, long long> ConversationsOfRemoteIds(Tx& tx, long long channel_id,
                                                          const std::vector<std::string>& remote_ids) {
    std::map<std::string, long long> out;
    ForChunks(remote_ids, [&](const std::vector<std::string>& chunk) {
        Ordered b(tx);
        const auto c = b.Add(channel_id);
        Run(tx,
            "SELECT remote_id, conversation_id FROM inbox_items WHERE channel_id = " + c + " AND remote_id IN " +
                TextList(b, chunk),
            b, [&](const soci::row& r) { out[Text(r, 0)] = Int(r, 1); });
    });
    return out;
}

std::map<std::string, long long> ConversationsByThreadKey(Tx& tx, long long channel_id,
                                                          const std::vector<std::string>& thread_keys) {
    std::map<std::string, long long> out;
    ForChunks(thread_keys, [&](const std::vector<std::string>& chunk) {
        Ordered b(tx);
        const auto c = b.Add(channel_id);
        Run(tx,
            "SELECT thread_key, id FROM inbox_conversations WHERE channel_id = " + c + " AND thread_key IN " +
                TextList(b, chunk),
            b, [&](const soci::row& r) { out[Text(r, 0)] = Int(r, 1); });
    });
    return out;
}

void InsertConversations(Tx& tx, std::vector<Conversation>& conversations) {
    InsertChunked<ConversationRow>(tx, "inbox_conversations", kConversationInsertColumns, kConversationInsertCount,
                                   conversations);
}

void InsertItems(Tx& tx, std::vector<Item>& items) {
    InsertChunked<ItemRow>(tx, "inbox_items", kItemInsertColumns, kItemInsertCount, items);
    if (tx.engine() != Engine::kSqlite || items.empty()) return;
    // The full-text index, in one statement for the whole batch (migrations/0009_inbox_search.sql):
    // FTS5 tokenises the batch in one go, faster than row by row from a trigger. The rows were
    // just written: they are read back from the page cache.
    std::vector<long long> ids;
    ids.reserve(items.size());
    for (const auto& i : items) ids.push_back(i.id);
    std::sort(ids.begin(), ids.end());
    const bool contiguous = static_cast<std::size_t>(ids.back() - ids.front() + 1) == ids.size();
    const std::string which = contiguous
                                  ? "BETWEEN " + std::to_string(ids.front()) + " AND " + std::to_string(ids.back())
                                  : "IN " + IdList(ids);
    tx.sql()
        << ("INSERT INTO inbox_items_fts (rowid, terms) SELECT id, search_text || ' \u00a7o' || "
            "organisation_id || ' \u00a7c' || channel_id FROM inbox_items WHERE id " +
            which);
}

// ---- conversations

std::optional<Conversation> GetConversation(Tx& tx, long long id, bool lock) {
    std::optional<Conversation> out;
    Ordered b(tx);
    const auto p = b.Add(id);
    const std::string suffix = lock && tx.engine() == Engine::kPostgres ? " FOR UPDATE" : "";
    Run(tx, std::string("SELECT ") + kConversationColumns + " FROM inbox_conversations c WHERE c.id = " + p + suffix, b,
        [&](const soci::row& r) { out = ConversationFromRow(r); });
    return out;
}

std::vector<Conversation> GetConversations(Tx& tx, const std::vector<long long>& ids) {
    std::vector<Conversation> out;
    if (ids.empty()) return out;
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kConversationColumns + " FROM inbox_conversations c WHERE c.id IN " + IdList(ids) +
            " ORDER BY c.id",
        b, [&](const soci::row& r) { out.push_back(ConversationFromRow(r)); });
    return out;
}

void UpdateConversation(Tx& tx, const Conversation& c) {
    ConversationRow row;
    row.Set(c);
    long long id = c.id;
    soci::statement st(tx.sql());
    st.alloc();
    st.prepare(
        "UPDATE inbox_conversations SET organisation_id = :v0, channel_id = :v1, network = :v2, thread_key = :v3, "
        "kind = :v4, post_id = :v5, citizen_id = :v6, citizen_handle = :v7, citizen_name = :v8, language = :v9, "
        "status = :v10, assignee_user_id = :v11, assignee_team_id = :v12, category = :v13, first_inbound_at = :v14, "
        "last_inbound_at = :v15, first_response_at = :v16, first_response_by = :v17, last_response_at = :v18, "
        "due_at = :v19, item_count = :v20, last_text = :v21, created_at = :v22, updated_at = :v23 WHERE id = :v24");
    row.Bind(st);
    st.exchange(soci::use(id));
    st.define_and_bind();
    st.execute(true);
}

registry::Page<Conversation> ListConversations(Tx& tx, const ConversationQuery& q) {
    SearchInfo info;
    return ListConversations(tx, q, info);
}

registry::Page<Conversation> ListConversations(Tx& tx, const ConversationQuery& q, SearchInfo& info) {
    info = SearchInfo{};
    auto window = ConversationWindow(tx, q, kSearchWindow);
    if (!window) return ListConversationsIn(tx, q, nullptr);
    auto page = ListConversationsIn(tx, q, &*window);
    const auto wanted = static_cast<std::size_t>(page.per_page);
    if (window->capped && page.items.size() < wanted) {
        window = ConversationWindow(tx, q, kSearchWindowWide);
        page = ListConversationsIn(tx, q, &*window);
    }
    info.capped = window->capped;
    return page;
}

std::map<std::string, long long> CountConversationsByStatus(Tx& tx, const ConversationQuery& q) {
    std::map<std::string, long long> out;
    const auto window = ConversationWindow(tx, q, kSearchWindow);
    if (window && window->conversation_ids.empty()) return out;
    Ordered b(tx);
    std::string where = ConversationWhere(q, b, false);
    if (window) where += " AND c.id IN " + IdList(window->conversation_ids);
    Run(tx, "SELECT c.status, COUNT(*) FROM inbox_conversations c WHERE " + where + " GROUP BY c.status", b,
        [&](const soci::row& r) { out[Text(r, 0)] = Int(r, 1); });
    return out;
}

// ---- items

std::optional<Item> GetItem(Tx& tx, long long id) {
    std::optional<Item> out;
    Ordered b(tx);
    const auto p = b.Add(id);
    Run(tx, std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE i.id = " + p, b,
        [&](const soci::row& r) { out = ItemFromRow(r); });
    return out;
}

std::vector<Item> ListItems(Tx& tx, long long conversation_id) {
    std::vector<Item> out;
    Ordered b(tx);
    const auto p = b.Add(conversation_id);
    Run(tx,
        std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE i.conversation_id = " + p +
            " ORDER BY i.created_at, i.id",
        b, [&](const soci::row& r) { out.push_back(ItemFromRow(r)); });
    return out;
}

void UpdateItem(Tx& tx, const Item& item) {
    ItemRow row;
    row.Set(item);
    long long id = item.id;
    soci::statement st(tx.sql());
    st.alloc();
    st.prepare(
        "UPDATE inbox_items SET conversation_id = :v0, organisation_id = :v1, channel_id = :v2, remote_id = :v3, "
        "parent_remote_id = :v4, direction = :v5, kind = :v6, author_id = :v7, author_handle = :v8, "
        "author_name = :v9, text = :v10, url = :v11, language = :v12, network_language = :v13, created_at = :v14, "
        "received_at = :v15, sent_by = :v16, sent_by_name = :v17, send_state = :v18, send_key = :v19, "
        "send_message = :v20, saved_reply_id = :v21, moderation = :v22, moderation_category = :v23, "
        "moderation_score = :v24, search_text = :v25 WHERE id = :v26");
    row.Bind(st);
    st.exchange(soci::use(id));
    st.define_and_bind();
    st.execute(true);
}

std::vector<Item> PendingAnswers(Tx& tx, int limit) {
    std::vector<Item> out;
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE i.send_state = 'pending' ORDER BY i.id" +
            " LIMIT " + std::to_string(std::max(limit, 0)),
        b, [&](const soci::row& r) { out.push_back(ItemFromRow(r)); });
    return out;
}

void MergeSearchIndex(Tx& tx, int pages) {
    if (tx.engine() != Engine::kSqlite || pages <= 0) return;
    const long long n = pages;
    tx.sql() << "INSERT INTO inbox_items_fts (inbox_items_fts, rank) VALUES ('merge', :n)", soci::use(n);
}

registry::Page<Item> SearchItems(Tx& tx, const ItemSearch& s) {
    SearchInfo info;
    return SearchItems(tx, s, info);
}

registry::Page<Item> SearchItems(Tx& tx, const ItemSearch& s, SearchInfo& info) {
    info = SearchInfo{};
    registry::Page<Item> page;
    page.page = Page1(s.page);
    page.per_page = PerPage(s.per_page);
    if (s.organisation_ids && s.organisation_ids->empty()) return page;
    const auto words = inbox::SearchQuery(s.q);
    const bool item_filters = !s.languages.empty() || !s.direction.empty() || !s.moderation.empty();
    auto where = [&](Ordered& b) {
        std::string w = OrganisationFilter(s.organisation_ids, "i.organisation_id");
        if (!s.channel_ids.empty()) w += " AND i.channel_id IN " + IdList(s.channel_ids);
        if (!s.languages.empty()) w += " AND i.language IN " + TextList(b, s.languages);
        if (!s.direction.empty()) w += " AND i.direction = " + b.Add(s.direction);
        if (!s.moderation.empty()) w += " AND i.moderation = " + b.Add(s.moderation);
        return w;
    };
    auto fetch = [&](const std::vector<long long>& slice) {
        page.items.clear();
        if (slice.empty()) return;
        std::map<long long, Item> rows;
        Ordered b(tx);
        Run(tx, std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE i.id IN " + IdList(slice), b,
            [&](const soci::row& r) {
                auto i = ItemFromRow(r);
                rows.emplace(i.id, std::move(i));
            });
        for (long long id : slice) {
            if (auto it = rows.find(id); it != rows.end()) page.items.push_back(std::move(it->second));
        }
    };
    if (words.empty()) {
        Ordered count_binds(tx);
        Run(tx, "SELECT COUNT(*) FROM inbox_items i WHERE " + where(count_binds), count_binds,
            [&](const soci::row& r) { page.total = Int(r, 0); });
        Ordered b(tx);
        Run(tx,
            std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE " + where(b) + " ORDER BY i.id DESC" +
                LimitOffset(page.page, page.per_page),
            b, [&](const soci::row& r) { page.items.push_back(ItemFromRow(r)); });
        return page;
    }
    // The window's items newest first (already within the organisations and channels), then the
    // other filters on those rows, then the page's rows.
    auto run = [&](const Window& window) {
        std::vector<long long> ids;
        if (!item_filters) {
            ids = window.item_ids;
            std::sort(ids.begin(), ids.end(), std::greater<>());
        } else if (!window.item_ids.empty()) {
            Ordered b(tx);
            Run(tx,
                "SELECT i.id FROM inbox_items i WHERE " + where(b) + " AND i.id IN " + IdList(window.item_ids) +
                    " ORDER BY i.id DESC",
                b, [&](const soci::row& r) { ids.push_back(Int(r, 0)); });
        }
        page.total = static_cast<long long>(ids.size());
        fetch(Slice(ids, page.page, page.per_page));
    };
    auto window = SearchWindow(tx, words, s.organisation_ids, s.channel_ids, kSearchWindow, false);
    run(window);
    if (window.capped && page.items.size() < static_cast<std::size_t>(page.per_page)) {
        window = SearchWindow(tx, words, s.organisation_ids, s.channel_ids, kSearchWindowWide, false);
        run(window);
    }
    info.capped = window.capped;
    return page;
}

// ---- notes, collision

long long InsertNote(Tx& tx, const inbox::Note& n) {
    Nullable<long long> author(n.author_id);
    long long id = 0;
    tx.sql() << "INSERT INTO inbox_notes (conversation_id, author_id, author_name, text, created_at) VALUES (:c, :a, "
                ":n, :t, :at) RETURNING id",
        soci::use(n.conversation_id), soci::use(author.value, author.ind), soci::use(n.author_name), soci::use(n.text),
        soci::use(n.created_at), soci::into(id);
    return id;
}

std::vector<inbox::Note> ListNotes(Tx& tx, long long conversation_id) {
    std::vector<inbox::Note> out;
    Ordered b(tx);
    const auto c = b.Add(conversation_id);
    Run(tx,
        "SELECT id, conversation_id, author_id, author_name, text, created_at FROM inbox_notes WHERE "
        "conversation_id = " +
            c + " ORDER BY created_at, id",
        b, [&](const soci::row& r) {
            out.push_back(inbox::Note{Int(r, 0), Int(r, 1), OptInt(r, 2), Text(r, 3), Text(r, 4), Int(r, 5)});
        });
    return out;
}

void UpsertDrafting(Tx& tx, long long conversation_id, long long user_id, const std::string& user_name,
                    core::Millis at) {
    tx.sql() << "INSERT INTO inbox_drafting (conversation_id, user_id, user_name, at) VALUES (:c, :u, :n, :at) "
                "ON CONFLICT (conversation_id, user_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at",
        soci::use(conversation_id), soci::use(user_id), soci::use(user_name), soci::use(at);
}

void DeleteDrafting(Tx& tx, long long conversation_id, long long user_id) {
    tx.sql() << "DELETE FROM inbox_drafting WHERE conversation_id = :c AND user_id = :u", soci::use(conversation_id),
        soci::use(user_id);
}

std::vector<Drafter> ListDrafting(Tx& tx, long long conversation_id, core::Millis since) {
    std::vector<Drafter> out;
    Ordered b(tx);
    const auto c = b.Add(conversation_id);
    const auto s = b.Add(static_cast<long long>(since));
    Run(tx,
        "SELECT user_id, user_name, at FROM inbox_drafting WHERE conversation_id = " + c + " AND at >= " + s +
            " ORDER BY at, user_id",
        b, [&](const soci::row& r) {
            out.push_back(Drafter{Int(r, 0), Text(r, 1), Int(r, 2)});
        });
    return out;
}

// ---- teams

long long InsertTeam(Tx& tx, const inbox::Team& t, core::Millis now) {
    long long id = 0;
    tx.sql() << "INSERT INTO inbox_teams (organisation_id, name, created_at) VALUES (:o, :n, :at) RETURNING id",
        soci::use(t.organisation_id), soci::use(t.name), soci::use(now), soci::into(id);
    SetTeamMembers(tx, id, t.member_ids);
    return id;
}

void SetTeamMembers(Tx& tx, long long team_id, const std::vector<long long>& user_ids) {
    tx.sql() << "DELETE FROM inbox_team_members WHERE team_id = :t", soci::use(team_id);
    const std::set<long long> distinct(user_ids.begin(), user_ids.end());
    for (long long user : distinct) {
        tx.sql() << "INSERT INTO inbox_team_members (team_id, user_id) VALUES (:t, :u)", soci::use(team_id),
            soci::use(user);
    }
}

namespace {
std::vector<inbox::Team> TeamsWhere(Tx& tx, const std::string& where, Ordered& b) {
    std::vector<inbox::Team> out;
    Run(tx, "SELECT id, organisation_id, name FROM inbox_teams WHERE " + where + " ORDER BY organisation_id, name, id",
        b, [&](const soci::row& r) {
            out.push_back(inbox::Team{Int(r, 0), Int(r, 1), Text(r, 2), {}});
        });
    if (out.empty()) return out;
    std::vector<long long> ids;
    std::map<long long, inbox::Team*> by_id;
    for (auto& t : out) {
        ids.push_back(t.id);
        by_id[t.id] = &t;
    }
    Ordered mb(tx);
    Run(tx,
        "SELECT team_id, user_id FROM inbox_team_members WHERE team_id IN " + IdList(ids) +
            " ORDER BY team_id, user_id",
        mb, [&](const soci::row& r) { by_id.at(Int(r, 0))->member_ids.push_back(Int(r, 1)); });
    return out;
}
}  // namespace

std::optional<inbox::Team> GetTeam(Tx& tx, long long id) {
    Ordered b(tx);
    const auto p = b.Add(id);
    auto teams = TeamsWhere(tx, "id = " + p, b);
    if (teams.empty()) return std::nullopt;
    return teams.front();
}

std::vector<inbox::Team> ListTeams(Tx& tx, const std::optional<std::set<long long>>& organisation_ids) {
    Ordered b(tx);
    return TeamsWhere(tx, OrganisationFilter(ToVector(organisation_ids), "organisation_id"), b);
}

// ---- settings

std::map<long long, inbox::ResponseSettings> GetResponseSettings(Tx& tx,
                                                                 const std::vector<long long>& organisation_ids) {
    std::map<long long, inbox::ResponseSettings> out;
    if (organisation_ids.empty()) return out;
    Ordered b(tx);
    Run(tx,
        "SELECT organisation_id, target, target_hours, business_days, day_start_minute, day_end_minute FROM "
        "inbox_settings WHERE organisation_id IN " +
            IdList(organisation_ids),
        b, [&](const soci::row& r) {
            inbox::ResponseSettings s;
            s.target = Text(r, 1);
            s.target_hours = static_cast<int>(Int(r, 2));
            s.business_days = SplitInts(Text(r, 3));
            s.day_start_minute = static_cast<int>(Int(r, 4));
            s.day_end_minute = static_cast<int>(Int(r, 5));
            out[Int(r, 0)] = std::move(s);
        });
    return out;
}

void PutResponseSettings(Tx& tx, long long organisation_id, const inbox::ResponseSettings& s, core::Millis now) {
    const std::string days = JoinInts(s.business_days, ',');
    const long long hours = s.target_hours;
    const long long start = s.day_start_minute;
    const long long end = s.day_end_minute;
    tx.sql() << "INSERT INTO inbox_settings (organisation_id, target, target_hours, business_days, day_start_minute, "
                "day_end_minute, updated_at) VALUES (:o, :t, :h, :d, :s, :e, :u) ON CONFLICT (organisation_id) DO "
                "UPDATE SET target = excluded.target, target_hours = excluded.target_hours, business_days = "
                "excluded.business_days, day_start_minute = excluded.day_start_minute, day_end_minute = "
                "excluded.day_end_minute, updated_at = excluded.updated_at",
        soci::use(organisation_id), soci::use(s.target), soci::use(hours), soci::use(days), soci::use(start),
        soci::use(end), soci::use(now);
}

void DeleteResponseSettings(Tx& tx, long long organisation_id) {
    tx.sql() << "DELETE FROM inbox_settings WHERE organisation_id = :o", soci::use(organisation_id);
}

// ---- saved replies

long long InsertSavedReply(Tx& tx, const inbox::SavedReply& r) {
    Nullable<std::string> category(NullIfEmpty(r.category));
    Nullable<std::string> link(NullIfEmpty(r.link));
    long long id = 0;
    tx.sql() << "INSERT INTO saved_replies (organisation_id, name, category, link, created_at, updated_at) VALUES (:o, "
                ":n, :c, :l, :ca, :ua) RETURNING id",
        soci::use(r.organisation_id), soci::use(r.name), soci::use(category.value, category.ind),
        soci::use(link.value, link.ind), soci::use(r.created_at), soci::use(r.updated_at), soci::into(id);
    WriteReplyVariants(tx, id, r.variants);
    return id;
}

void UpdateSavedReply(Tx& tx, const inbox::SavedReply& r) {
    Nullable<std::string> category(NullIfEmpty(r.category));
    Nullable<std::string> link(NullIfEmpty(r.link));
    tx.sql() << "UPDATE saved_replies SET organisation_id = :o, name = :n, category = :c, link = :l, created_at = :ca, "
                "updated_at = :ua WHERE id = :id",
        soci::use(r.organisation_id), soci::use(r.name), soci::use(category.value, category.ind),
        soci::use(link.value, link.ind), soci::use(r.created_at), soci::use(r.updated_at), soci::use(r.id);
    WriteReplyVariants(tx, r.id, r.variants);
}

void DeleteSavedReply(Tx& tx, long long id) {
    tx.sql() << "DELETE FROM saved_reply_variants WHERE saved_reply_id = :id", soci::use(id);
    tx.sql() << "DELETE FROM saved_replies WHERE id = :id", soci::use(id);
}

std::optional<inbox::SavedReply> GetSavedReply(Tx& tx, long long id) {
    std::vector<inbox::SavedReply> found;
    Ordered b(tx);
    const auto p = b.Add(id);
    Run(tx, std::string("SELECT ") + kSavedReplyColumns + " FROM saved_replies WHERE id = " + p, b,
        [&](const soci::row& r) { found.push_back(SavedReplyFromRow(r)); });
    LoadReplyVariants(tx, found);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<inbox::SavedReply> ListSavedReplies(Tx& tx, const std::optional<std::set<long long>>& organisation_ids) {
    std::vector<inbox::SavedReply> out;
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kSavedReplyColumns + " FROM saved_replies WHERE " +
            OrganisationFilter(ToVector(organisation_ids), "organisation_id") + " ORDER BY name, id",
        b, [&](const soci::row& r) { out.push_back(SavedReplyFromRow(r)); });
    LoadReplyVariants(tx, out);
    return out;
}

// ---- category rules

long long InsertCategoryRule(Tx& tx, const inbox::CategoryRule& r) {
    Nullable<std::string> language(NullIfEmpty(r.language));
    const std::string keywords = JoinWith(r.keywords, "\n");
    long long id = 0;
    tx.sql() << "INSERT INTO inbox_category_rules (organisation_id, category, language, keywords, position) VALUES "
                "(:o, :c, :l, :k, :p) RETURNING id",
        soci::use(r.organisation_id), soci::use(r.category), soci::use(language.value, language.ind),
        soci::use(keywords), soci::use(r.position), soci::into(id);
    return id;
}

void UpdateCategoryRule(Tx& tx, const inbox::CategoryRule& r) {
    Nullable<std::string> language(NullIfEmpty(r.language));
    const std::string keywords = JoinWith(r.keywords, "\n");
    tx.sql() << "UPDATE inbox_category_rules SET organisation_id = :o, category = :c, language = :l, keywords = :k, "
                "position = :p WHERE id = :id",
        soci::use(r.organisation_id), soci::use(r.category), soci::use(language.value, language.ind),
        soci::use(keywords), soci::use(r.position), soci::use(r.id);
}

void DeleteCategoryRule(Tx& tx, long long id) {
    tx.sql() << "DELETE FROM inbox_category_rules WHERE id = :id", soci::use(id);
}

std::optional<inbox::CategoryRule> GetCategoryRule(Tx& tx, long long id) {
    std::optional<inbox::CategoryRule> out;
    Ordered b(tx);
    const auto p = b.Add(id);
    Run(tx, std::string("SELECT ") + kRuleColumns + " FROM inbox_category_rules WHERE id = " + p, b,
        [&](const soci::row& r) { out = RuleFromRow(r); });
    return out;
}

std::vector<inbox::CategoryRule> ListCategoryRules(Tx& tx, const std::vector<long long>& organisation_ids) {
    std::vector<inbox::CategoryRule> out;
    if (organisation_ids.empty()) return out;
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kRuleColumns + " FROM inbox_category_rules WHERE organisation_id IN " +
            IdList(organisation_ids) + " ORDER BY organisation_id, position, id",
        b, [&](const soci::row& r) { out.push_back(RuleFromRow(r)); });
    return out;
}

// ---- ingestion cursors

std::optional<Cursor> GetCursor(Tx& tx, long long channel_id) {
    std::optional<Cursor> out;
    Ordered b(tx);
    const auto p = b.Add(channel_id);
    Run(tx,
        "SELECT channel_id, cursor_value, polled_at, last_error, items_total FROM inbox_cursors WHERE channel_id = " +
            p,
        b, [&](const soci::row& r) {
            out = Cursor{Int(r, 0), Text(r, 1), Int(r, 2), Text(r, 3), Int(r, 4)};
        });
    return out;
}

void PutCursor(Tx& tx, const Cursor& c) {
    Nullable<std::string> error(NullIfEmpty(c.last_error));
    tx.sql() << "INSERT INTO inbox_cursors (channel_id, cursor_value, polled_at, last_error, items_total) VALUES (:c, "
                ":v, :p, :e, :n) ON CONFLICT (channel_id) DO UPDATE SET cursor_value = excluded.cursor_value, "
                "polled_at = excluded.polled_at, last_error = excluded.last_error, items_total = excluded.items_total",
        soci::use(c.channel_id), soci::use(c.value), soci::use(c.polled_at), soci::use(error.value, error.ind),
        soci::use(c.items_total);
}

// ---- metrics

std::vector<ResponseRow> ResponseRows(Tx& tx, const std::optional<std::vector<long long>>& organisation_ids,
                                      core::Millis from, core::Millis to) {
    std::vector<ResponseRow> out;
    Ordered b(tx);
    const std::string where = OrganisationFilter(organisation_ids, "organisation_id");
    const auto f = b.Add(static_cast<long long>(from));
    const auto t = b.Add(static_cast<long long>(to));
    Run(tx,
        "SELECT id, organisation_id, channel_id, network, first_response_by, first_inbound_at, first_response_at, "
        "due_at FROM inbox_conversations WHERE " +
            where + " AND first_inbound_at >= " + f + " AND first_inbound_at < " + t + " ORDER BY first_inbound_at, id",
        b, [&](const soci::row& r) {
            out.push_back(ResponseRow{Int(r, 0), Int(r, 1), Int(r, 2), Text(r, 3), OptInt(r, 4), Int(r, 5),
                                      OptInt(r, 6), OptInt(r, 7)});
        });
    return out;
}

// ---- moderation settings, terms

std::map<long long, moderation::Settings> GetModerationSettings(Tx& tx,
                                                                const std::vector<long long>& organisation_ids) {
    std::map<long long, moderation::Settings> out;
    if (organisation_ids.empty()) return out;
    Ordered b(tx);
    Run(tx,
        "SELECT organisation_id, hide_threshold, queue_threshold, categories, use_model FROM moderation_settings "
        "WHERE organisation_id IN " +
            IdList(organisation_ids),
        b, [&](const soci::row& r) {
            moderation::Settings s;
            s.hide_threshold = Double(r, 1);
            s.queue_threshold = Double(r, 2);
            s.categories = SplitNonEmpty(Text(r, 3), ',');
            s.use_model = Int(r, 4) != 0;
            out[Int(r, 0)] = std::move(s);
        });
    return out;
}

void PutModerationSettings(Tx& tx, long long organisation_id, const moderation::Settings& s, core::Millis now) {
    const std::string categories = JoinWith(s.categories, ",");
    const long long use_model = s.use_model ? 1 : 0;
    tx.sql() << "INSERT INTO moderation_settings (organisation_id, hide_threshold, queue_threshold, categories, "
                "use_model, updated_at) VALUES (:o, :h, :q, :c, :m, :u) ON CONFLICT (organisation_id) DO UPDATE SET "
                "hide_threshold = excluded.hide_threshold, queue_threshold = excluded.queue_threshold, categories = "
                "excluded.categories, use_model = excluded.use_model, updated_at = excluded.updated_at",
        soci::use(organisation_id), soci::use(s.hide_threshold), soci::use(s.queue_threshold), soci::use(categories),
        soci::use(use_model), soci::use(now);
}

void DeleteModerationSettings(Tx& tx, long long organisation_id) {
    tx.sql() << "DELETE FROM moderation_settings WHERE organisation_id = :o", soci::use(organisation_id);
}

long long InsertTerm(Tx& tx, const moderation::Term& t) {
    long long id = 0;
    tx.sql() << "INSERT INTO moderation_terms (organisation_id, kind, category, language, term, created_by_name, "
                "created_at) VALUES (:o, :k, :c, :l, :t, :n, :at) RETURNING id",
        soci::use(t.organisation_id), soci::use(t.kind), soci::use(t.category), soci::use(t.language),
        soci::use(t.term), soci::use(t.created_by_name), soci::use(t.created_at), soci::into(id);
    return id;
}

void DeleteTerm(Tx& tx, long long id) { tx.sql() << "DELETE FROM moderation_terms WHERE id = :id", soci::use(id); }

std::optional<moderation::Term> GetTerm(Tx& tx, long long id) {
    std::optional<moderation::Term> out;
    Ordered b(tx);
    const auto p = b.Add(id);
    Run(tx, std::string("SELECT ") + kTermColumns + " FROM moderation_terms WHERE id = " + p, b,
        [&](const soci::row& r) { out = TermFromRow(r); });
    return out;
}

std::vector<moderation::Term> ListTerms(Tx& tx, const std::vector<long long>& organisation_ids) {
    std::vector<moderation::Term> out;
    if (organisation_ids.empty()) return out;
    Ordered b(tx);
    Run(tx,
        std::string("SELECT ") + kTermColumns + " FROM moderation_terms WHERE organisation_id IN " +
            IdList(organisation_ids) + " ORDER BY organisation_id, kind, category, language, term, id",
        b, [&](const soci::row& r) { out.push_back(TermFromRow(r)); });
    return out;
}

// ---- moderation decisions

long long InsertDecision(Tx& tx, const moderation::Decision& d) {
    Nullable<std::string> category(NullIfEmpty(d.category));
    Nullable<double> score(d.score);
    Nullable<std::string> rule(NullIfEmpty(d.rule));
    Nullable<long long> by(d.decided_by);
    Nullable<long long> reverses(d.reverses);
    Nullable<std::string> message(NullIfEmpty(d.network_message));
    const long long attempts = d.attempts;
    long long id = 0;
    tx.sql() << "INSERT INTO moderation_decisions (item_id, organisation_id, action, source, category, score, rule, "
                "reason, original_text, decided_by, decided_by_name, reverses, network_result, network_message, "
                "attempts, created_at, updated_at) VALUES (:i, :o, :a, :s, :c, :sc, :r, :re, :ot, :by, :byn, :rv, "
                ":nr, :nm, :at, :ca, :ua) RETURNING id",
        soci::use(d.item_id), soci::use(d.organisation_id), soci::use(d.action), soci::use(d.source),
        soci::use(category.value, category.ind), soci::use(score.value, score.ind), soci::use(rule.value, rule.ind),
        soci::use(d.reason), soci::use(d.original_text), soci::use(by.value, by.ind), soci::use(d.decided_by_name),
        soci::use(reverses.value, reverses.ind), soci::use(d.network_result), soci::use(message.value, message.ind),
        soci::use(attempts), soci::use(d.created_at), soci::use(d.updated_at), soci::into(id);
    return id;
}

void UpdateDecisionNetwork(Tx& tx, long long id, const std::string& network_result, const std::string& network_message,
                           int attempts, core::Millis now) {
    Nullable<std::string> message(NullIfEmpty(network_message));
    const long long n = attempts;
    tx.sql() << "UPDATE moderation_decisions SET network_result = :r, network_message = :m, attempts = :n, "
                "updated_at = :u WHERE id = :id",
        soci::use(network_result), soci::use(message.value, message.ind), soci::use(n), soci::use(now), soci::use(id);
}

std::optional<moderation::Decision> GetDecision(Tx& tx, long long id) {
    Ordered b(tx);
    const auto p = b.Add(id);
    auto found = DecisionsWhere(tx, "id = " + p, b, "");
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<moderation::Decision> ListDecisions(Tx& tx, long long item_id) {
    Ordered b(tx);
    const auto p = b.Add(item_id);
    return DecisionsWhere(tx, "item_id = " + p, b, " ORDER BY id");
}

std::vector<moderation::Decision> DecisionsToSend(Tx& tx, int max_attempts, int limit) {
    Ordered b(tx);
    const auto m = b.Add(static_cast<long long>(max_attempts));
    return DecisionsWhere(tx, "network_result = 'pending' OR (network_result = 'failed' AND attempts < " + m + ")", b,
                          " ORDER BY updated_at, id LIMIT " + std::to_string(std::max(limit, 0)));
}

registry::Page<ModeratedItem> ListModeratedItems(Tx& tx, const ModerationQuery& q) {
    registry::Page<ModeratedItem> page;
    page.page = Page1(q.page);
    page.per_page = PerPage(q.per_page);
    const std::vector<std::string> states =
        q.states.empty()
            ? std::vector<std::string>{std::string(inbox::kModQueued), std::string(inbox::kModHidden),
                                       std::string(inbox::kModNotHidden), std::string(inbox::kModHideFailed)}
            : q.states;
    auto where = [&](Ordered& b) {
        std::string w = OrganisationFilter(q.organisation_ids, "i.organisation_id");
        w += " AND i.moderation IN " + TextList(b, states);
        if (!q.categories.empty()) w += " AND i.moderation_category IN " + TextList(b, q.categories);
        return w;
    };
    Ordered count_binds(tx);
    Run(tx, "SELECT COUNT(*) FROM inbox_items i WHERE " + where(count_binds), count_binds,
        [&](const soci::row& r) { page.total = Int(r, 0); });
    Ordered b(tx);
    const std::string w = where(b);
    Run(tx,
        std::string("SELECT ") + kItemColumns + " FROM inbox_items i WHERE " + w + " ORDER BY i.id DESC" +
            LimitOffset(page.page, page.per_page),
        b, [&](const soci::row& r) {
            page.items.push_back(ModeratedItem{ItemFromRow(r), std::nullopt});
        });
    if (page.items.empty()) return page;
    std::vector<long long> ids;
    std::map<long long, ModeratedItem*> by_id;
    for (auto& m : page.items) {
        ids.push_back(m.item.id);
        by_id[m.item.id] = &m;
    }
    Ordered db(tx);
    for (auto& d : DecisionsWhere(
             tx,
             "id IN (SELECT MAX(id) FROM moderation_decisions WHERE item_id IN " + IdList(ids) + " GROUP BY item_id)",
             db, "")) {
        by_id.at(d.item_id)->latest = std::move(d);
    }
    return page;
}

std::vector<LabelledItem> PersonDecisions(Tx& tx) {
    std::vector<LabelledItem> out;
    Ordered b(tx);
    Run(tx,
        "SELECT d.action, d.category, i.language, i.text FROM moderation_decisions d JOIN inbox_items i ON i.id = "
        "d.item_id WHERE d.id IN (SELECT MAX(id) FROM moderation_decisions WHERE source = 'person' AND action IN "
        "('hide', 'allow', 'restore') GROUP BY item_id) ORDER BY d.id",
        b, [&](const soci::row& r) {
            const std::string action = Text(r, 0);
            std::string label = action == "hide" ? Text(r, 1) : "ok";
            if (label.empty()) return;  // hidden without a category: nothing to learn
            out.push_back(LabelledItem{std::move(label), Text(r, 2), Text(r, 3)});
        });
    return out;
}

}  // namespace belfry::store
