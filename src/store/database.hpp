// Database: the one entry point to storage, over SOCI, for SQLite (embedded) and PostgreSQL.
//
// Contract
// - Open() parses "sqlite:PATH" (or "sqlite::memory:") and "postgresql://…" URLs, opens a pool of
//   `pool_size` sessions and configures each (SQLite: WAL, foreign keys, busy timeout).
// - Transact() runs `fn` in one transaction on a pooled session: committed when fn returns a value,
//   rolled back when fn returns an error or throws. SQLite write transactions start IMMEDIATE so
//   concurrent writers queue on the busy timeout instead of failing on lock upgrade.
// - Read() runs fn without an explicit transaction (one statement is atomic; use Transact for more).
// - Thread-safe: sessions are borrowed from the pool; a caller blocks while all are in use.
// - SQL written against Tx must be portable between both engines (see docs/architecture.md).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace belfry::store {

enum class Engine { kSqlite, kPostgres };

// A borrowed session inside a transaction. Only store/ code touches the soci session.
class Tx {
  public:
    Tx(soci::session& session, Engine engine) : session_(session), engine_(engine) {}
    soci::session& sql() { return session_; }
    Engine engine() const { return engine_; }

  private:
    soci::session& session_;
    Engine engine_;
};

struct PoolStats {
    int size = 0;
    int in_use = 0;
    long long waits = 0;
};

class Database {
  public:
    static core::Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Engine engine() const { return engine_; }
    std::string_view engine_name() const { return engine_ == Engine::kSqlite ? "sqlite" : "postgresql"; }
    PoolStats pool_stats() const;

    template <class T>
    core::Result<T> Transact(const std::function<core::Result<T>(Tx&)>& fn) {
        core::Result<T> out = core::Error::Internal("transaction did not run");
        auto status = RunTransaction([&](Tx& tx) {
            out = fn(tx);
            return out.ok();
        });
        if (!status.ok()) return std::move(status).error();
        return out;
    }
    template <class T>
    core::Result<T> Read(const std::function<core::Result<T>(Tx&)>& fn) {
        core::Result<T> out = core::Error::Internal("read did not run");
        auto status = RunRead([&](Tx& tx) { out = fn(tx); });
        if (!status.ok()) return std::move(status).error();
        return out;
    }

    // Applies pending migrations; returns how many were applied.
    core::Result<int> Migrate();
    // Checks that the database answers (SELECT 1).
    core::Status Ping();

  private:
    Database(Engine engine, int pool_size);
    // fn returns true to commit, false to roll back.
    core::Status RunTransaction(const std::function<bool(Tx&)>& fn);
    core::Status RunRead(const std::function<void(Tx&)>& fn);

    Engine engine_;
    int pool_size_;
    std::unique_ptr<soci::connection_pool> pool_;
    std::atomic<int> in_use_{0};
    std::atomic<long long> waits_{0};
};

// Maps a database exception to an Error (unique violations → kConflict, else kUnavailable/kInternal).
core::Error ErrorFromException(const std::exception& e);

}  // namespace belfry::store
