// Typed access to soci::row columns that works the same on SQLite and PostgreSQL, whatever type
// each backend reports for a column (INTEGER vs BIGINT, NUMERIC as text, …). Null → nullopt/default.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace belfry::store {

std::optional<long long> OptInt(const soci::row& r, std::size_t i);
long long Int(const soci::row& r, std::size_t i);
std::optional<std::string> OptText(const soci::row& r, std::size_t i);
std::string Text(const soci::row& r, std::size_t i);
double Double(const soci::row& r, std::size_t i);

// Small word lists (languages, tags) are stored as one space-separated column.
std::string JoinWords(const std::vector<std::string>& words);
std::vector<std::string> SplitWords(const std::string& text);

// Binds an optional value with its null indicator; the holder keeps both alive for the statement.
template <class T>
struct Nullable {
    T value{};
    soci::indicator ind = soci::i_null;
    explicit Nullable(const std::optional<T>& v) {
        if (v) {
            value = *v;
            ind = soci::i_ok;
        }
    }
};

// Values bound to a statement built at run time. Keeps the bound values alive and in place.
class Binds {
  public:
    // Returns the placeholder name to put in the SQL (":p0", ":p1", …).
    std::string Add(std::string value);
    std::string Add(long long value);
    void BindTo(soci::statement& st);

  private:
    struct Slot {
        bool is_int;
        std::string text;
        long long number;
    };
    std::vector<std::unique_ptr<Slot>> slots_;
};

// Runs `sql` with `binds` and calls fn(row) for each result row.
template <class Fn>
void Query(soci::session& s, const std::string& sql, Binds& binds, Fn&& fn) {
    soci::row row;
    soci::statement st(s);
    st.alloc();
    st.prepare(sql);
    binds.BindTo(st);
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) fn(row);
}

}  // namespace belfry::store
