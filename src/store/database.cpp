#include "store/database.hpp"

#include <libpq-fe.h>
#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"

namespace belfry::store {

namespace {

struct ParsedUrl {
    Engine engine;
    std::string connect;
};

core::Result<ParsedUrl> ParseUrl(const std::string& url) {
    if (core::StartsWith(url, "sqlite:")) {
        std::string path = url.substr(7);
        if (core::StartsWith(path, "//")) path = path.substr(2);
        if (path.empty()) {
            return core::Error::Invalid("database",
                                        "the SQLite URL has no path: use sqlite:PATH, e.g. sqlite:belfry.sqlite");
        }
        return ParsedUrl{Engine::kSqlite, path};
    }
    if (core::StartsWith(url, "postgresql://") || core::StartsWith(url, "postgres://")) {
        // SOCI hands key=value strings to libpq; turn the URI into one with libpq's own parser.
        char* err = nullptr;
        PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
        if (options == nullptr) {
            std::string message = err != nullptr ? err : "unparseable";
            PQfreemem(err);
            return core::Error::Invalid("database", "the PostgreSQL URL is not valid: " + message);
        }
        std::string conninfo;
        for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
            if (o->val == nullptr || *o->val == '\0') continue;
            std::string value;
            for (const char* c = o->val; *c != '\0'; ++c) {
                if (*c == '\'' || *c == '\\') value += '\\';
                value += *c;
            }
            conninfo += std::string(o->keyword) + "='" + value + "' ";
        }
        PQconninfoFree(options);
        return ParsedUrl{Engine::kPostgres, conninfo};
    }
    return core::Error::Invalid(
        "database", "unknown database URL '" + url + "': use sqlite:PATH or postgresql://user@host:port/dbname");
}

void ConfigureSession(soci::session& s, Engine engine) {
    if (engine == Engine::kSqlite) {
        s << "PRAGMA busy_timeout = 10000";
        s << "PRAGMA journal_mode = WAL";
        s << "PRAGMA foreign_keys = ON";
        s << "PRAGMA synchronous = NORMAL";
    } else {
        s << "SET TIME ZONE 'UTC'";
        s << "SET client_min_messages = WARNING";
    }
}

class PoolLease {
  public:
    PoolLease(soci::connection_pool& pool, std::atomic<int>& in_use) : session_(pool), in_use_(in_use) { ++in_use_; }
    ~PoolLease() { --in_use_; }
    PoolLease(const PoolLease&) = delete;
    PoolLease& operator=(const PoolLease&) = delete;
    soci::session& session() { return session_; }

  private:
    soci::session session_;
    std::atomic<int>& in_use_;
};

}  // namespace

core::Error ErrorFromException(const std::exception& e) {
    const std::string what = e.what();
    const std::string lower = core::AsciiLower(what);
    if (lower.find("unique") != std::string::npos || lower.find("duplicate key") != std::string::npos) {
        return core::Error::Conflict("this record already exists (" + what + ")");
    }
    if (lower.find("foreign key") != std::string::npos) {
        return core::Error::Conflict("this change refers to a record that does not exist or is still referenced (" +
                                     what + ")");
    }
    if (lower.find("database is locked") != std::string::npos || lower.find("connection") != std::string::npos) {
        return core::Error::Unavailable("the database is busy or unreachable; try again (" + what + ")");
    }
    return core::Error::Internal("database error: " + what);
}

Database::Database(Engine engine, int pool_size)
    : engine_(engine), pool_size_(pool_size), pool_(std::make_unique<soci::connection_pool>(pool_size)) {}

Database::~Database() = default;

core::Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
    BELFRY_ASSIGN_OR_RETURN(parsed, ParseUrl(url));
    if (pool_size < 1) pool_size = 1;
    std::unique_ptr<Database> db(new Database(parsed.engine, pool_size));
    try {
        for (int i = 0; i < pool_size; ++i) {
            soci::session& s = db->pool_->at(static_cast<std::size_t>(i));
            if (parsed.engine == Engine::kSqlite) {
                s.open(soci::sqlite3, "db=" + parsed.connect + " timeout=10");
            } else {
                s.open(soci::postgresql, parsed.connect);
            }
            ConfigureSession(s, parsed.engine);
        }
    } catch (const std::exception& e) {
        return core::Error::Unavailable("cannot open the database '" + url + "': " + e.what());
    }
    return db;
}

PoolStats Database::pool_stats() const { return {pool_size_, in_use_.load(), waits_.load()}; }

core::Status Database::RunTransaction(const std::function<bool(Tx&)>& fn) {
    if (in_use_.load() >= pool_size_) ++waits_;
    PoolLease lease(*pool_, in_use_);
    soci::session& s = lease.session();
    bool open = false;
    try {
        s << (engine_ == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
        open = true;
        Tx tx(s, engine_);
        const bool commit = fn(tx);
        s << (commit ? "COMMIT" : "ROLLBACK");
        return core::Ok();
    } catch (const std::exception& e) {
        if (open) {
            try {
                s << "ROLLBACK";
            } catch (const std::exception& rollback_error) {
                spdlog::error("rollback failed: {}", rollback_error.what());
            }
        }
        return ErrorFromException(e);
    }
}

core::Status Database::RunRead(const std::function<void(Tx&)>& fn) {
    if (in_use_.load() >= pool_size_) ++waits_;
    PoolLease lease(*pool_, in_use_);
    try {
        Tx tx(lease.session(), engine_);
        fn(tx);
        return core::Ok();
    } catch (const std::exception& e) {
        return ErrorFromException(e);
    }
}

core::Status Database::Ping() {
    return Read<core::Unit>([](Tx& tx) -> core::Result<core::Unit> {
        int one = 0;
        tx.sql() << "SELECT 1", soci::into(one);
        if (one != 1) return core::Error::Unavailable("the database answered SELECT 1 wrongly");
        return core::Unit{};
    });
}

core::Result<int> Database::Migrate() {
    const auto& migrations = Migrations();
    // Create the bookkeeping table outside the per-migration transactions.
    auto created = Transact<core::Unit>([](Tx& tx) -> core::Result<core::Unit> {
        tx.sql() << "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL)";
        return core::Unit{};
    });
    if (!created.ok()) return std::move(created).error();
    int applied = 0;
    for (const auto& m : migrations) {
        auto r = Transact<bool>([&](Tx& tx) -> core::Result<bool> {
            const long long version = m.version;
            long long count = 0;
            tx.sql() << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
                soci::into(count);
            if (count > 0) return false;
            for (const auto& statement : SplitStatements(RenderMigration(m.sql, tx.engine()))) {
                tx.sql() << statement;
            }
            tx.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, CURRENT_TIMESTAMP)",
                soci::use(version), soci::use(m.name);
            return true;
        });
        if (!r.ok()) {
            auto err = std::move(r).error();
            err.message = "migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + err.message;
            return err;
        }
        if (r.value()) {
            spdlog::info("applied migration {} {}", m.version, m.name);
            ++applied;
        }
    }
    return applied;
}

}  // namespace belfry::store
