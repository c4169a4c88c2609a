// Test databases on both engines. Each call gives an isolated, migrated database:
// SQLite → a new file in a temporary folder; PostgreSQL → a new schema on the test server started
// by scripts/pg-test-server.sh (ctest fixture "pg"), found through BELFRY_TEST_PG_URL_FILE or
// BELFRY_TEST_PG_URL. A missing server is a test failure, never a skip.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace belfry::testing {

// "sqlite" and "postgresql": the values of every engine-parameterised test.
inline const char* const kEngines[] = {"sqlite", "postgresql"};

// A database URL for a fresh, empty database on `engine` (not migrated).
std::string FreshDatabaseUrl(const std::string& engine);

// Opened and migrated; fails the test (ADD_FAILURE + nullptr) when the engine is unreachable.
std::unique_ptr<store::Database> OpenFreshDatabase(const std::string& engine, int pool_size = 4);

std::string TempDir();

}  // namespace belfry::testing
