// Versioned schema migrations, kept as SQL files in src/store/migrations/ (NNNN_name.sql) and
// embedded into the binary at build time. SQL is portable between SQLite and PostgreSQL except for
// the tokens RenderMigration() replaces:
//   {{ID}}      auto-increment primary key column type
//   {{DOUBLE}}  double precision float
// and the engine-only lines: a line starting with "--sqlite:" or "--postgres:" is kept, without the
// prefix, for that engine only (full-text search: 0009_inbox_search.sql); on the other engine it is a
// comment. A statement ends at a line ending with ';' (SplitStatements): inside a trigger body, put
// the inner ';' before other text on the same line.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace belfry::store {

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

// Ordered by version. Built once; thread-safe.
const std::vector<Migration>& Migrations();

std::string RenderMigration(const std::string& sql, Engine engine);

// Splits a script on ';' that ends a line; "--" comments are removed.
std::vector<std::string> SplitStatements(const std::string& script);

}  // namespace belfry::store
