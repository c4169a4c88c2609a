#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace belfry::testing {

namespace {
std::atomic<int> counter{0};

std::string PgAdminUrl() {
    if (const char* url = std::getenv("BELFRY_TEST_PG_URL")) return url;
    if (const char* file = std::getenv("BELFRY_TEST_PG_URL_FILE")) {
        std::ifstream in(file);
        std::string url;
        std::getline(in, url);
        return url;
    }
    return {};
}
}  // namespace

std::string TempDir() {
    static const std::string dir = [] {
        auto base = std::filesystem::temp_directory_path() / ("belfry-test-" + std::to_string(getpid()));
        std::filesystem::create_directories(base);
        return base.string();
    }();
    return dir;
}

std::string FreshDatabaseUrl(const std::string& engine) {
    const int n = ++counter;
    if (engine == "sqlite") {
        const auto path = std::filesystem::path(TempDir()) / ("db" + std::to_string(n) + ".sqlite");
        std::filesystem::remove(path);
        return "sqlite:" + path.string();
    }
    const std::string admin = PgAdminUrl();
    if (admin.empty()) {
        ADD_FAILURE() << "no PostgreSQL test server: run the tests through ctest (fixture 'pg' starts one) or set "
                         "BELFRY_TEST_PG_URL";
        return {};
    }
    std::mt19937_64 rng(std::random_device{}());
    const std::string schema =
        "t" + std::to_string(getpid()) + "_" + std::to_string(n) + "_" + std::to_string(rng() % 100000);
    auto db = store::Database::Open(admin, 1);
    if (!db.ok()) throw std::runtime_error(db.error().message);
    auto created = db.value()->Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
        tx.sql() << "CREATE SCHEMA " + schema;
        return core::Unit{};
    });
    if (!created.ok()) throw std::runtime_error(created.error().message);
    return admin + "?options=-c%20search_path%3D" + schema;
}

std::unique_ptr<store::Database> OpenFreshDatabase(const std::string& engine, int pool_size) {
    std::string url;
    try {
        url = FreshDatabaseUrl(engine);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cannot prepare a " << engine << " test database: " << e.what();
        return nullptr;
    }
    if (url.empty()) return nullptr;
    auto db = store::Database::Open(url, pool_size);
    if (!db.ok()) {
        ADD_FAILURE() << "cannot open " << url << ": " << db.error().message;
        return nullptr;
    }
    auto migrated = db.value()->Migrate();
    if (!migrated.ok()) {
        ADD_FAILURE() << "migration failed on " << engine << ": " << migrated.error().message;
        return nullptr;
    }
    return std::move(db).value();
}

}  // namespace belfry::testing
