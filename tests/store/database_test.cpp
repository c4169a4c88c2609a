// The store on both engines: migrations, transactions that roll back whole, the audit chain.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "security/audit_chain.hpp"
#include "store/audit_repo.hpp"
#include "store/migrations.hpp"
#include "store/registry_repo.hpp"
#include "support/test_db.hpp"

namespace belfry::testing {
namespace {

class Store : public ::testing::TestWithParam<std::string> {};

registry::Organisation Org(const std::string& slug) {
    registry::Organisation o;
    o.kind = "government";
    o.slug = slug;
    o.names = {"fr", "nl", "de", "en"};
    o.created_at = o.updated_at = 1000;
    return o;
}

TEST_P(Store, MigrationsApplyOnceAndAreRecorded) {
    auto db = OpenFreshDatabase(GetParam());
    ASSERT_TRUE(db);
    auto again = db->Migrate();
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again.value(), 0);
    EXPECT_TRUE(db->Ping().ok());
}

TEST_P(Store, AFailingTransactionLeavesNothingBehind) {
    auto db = OpenFreshDatabase(GetParam());
    ASSERT_TRUE(db);
    auto r = db->Transact<core::Unit>([](store::Tx& tx) -> core::Result<core::Unit> {
        store::InsertOrganisation(tx, Org("first"));
        store::AppendAudit(tx, {std::nullopt, "test", "organisation.create", "organisation", "1", {}, "", "{}"}, 1);
        return core::Error::Invalid("x", "refused after the writes");
    });
    EXPECT_FALSE(r.ok());
    // An exception mid-way rolls back too, and is reported as an error value.
    auto thrown = db->Transact<core::Unit>([](store::Tx& tx) -> core::Result<core::Unit> {
        store::InsertOrganisation(tx, Org("second"));
        store::InsertOrganisation(tx, Org("second"));  // unique violation
        return core::Unit{};
    });
    ASSERT_FALSE(thrown.ok());
    EXPECT_EQ(thrown.error().code, core::ErrorCode::kConflict);
    auto counts = db->Read<std::pair<size_t, int>>([](store::Tx& tx) -> core::Result<std::pair<size_t, int>> {
        int audit = 0;
        store::ForEachAudit(tx, [&](const security::AuditRecord&) { ++audit; });
        return std::make_pair(store::ListOrganisations(tx).size(), audit);
    });
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->first, 0u);
    EXPECT_EQ(counts->second, 0);
}

TEST_P(Store, AuditEntriesChainAndARolledBackAppendLeavesNoGap) {
    auto db = OpenFreshDatabase(GetParam());
    ASSERT_TRUE(db);
    for (int i = 0; i < 3; ++i) {
        auto r = db->Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
            store::AppendAudit(tx, {1, "alice", "x.update", "x", std::to_string(i), {}, "{}", "{\"n\":1}"}, 10 + i);
            if (i == 1) return core::Error::Conflict("roll this one back");
            return core::Unit{};
        });
        EXPECT_EQ(r.ok(), i != 1);
    }
    auto check = db->Read<security::ChainCheck>([](store::Tx& tx) -> core::Result<security::ChainCheck> {
        std::vector<security::AuditRecord> all;
        store::ForEachAudit(tx, [&](const security::AuditRecord& r) { all.push_back(r); });
        EXPECT_EQ(all.size(), 2u);
        if (all.size() == 2) {
            EXPECT_EQ(all[0].seq, 1);
            EXPECT_EQ(all[1].seq, 2);
            EXPECT_EQ(all[1].prev_hash, all[0].hash);
        }
        size_t i = 0;
        return security::VerifyChain([&]() -> std::optional<security::AuditRecord> {
            if (i >= all.size()) return std::nullopt;
            return all[i++];
        });
    });
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->reason;
    EXPECT_EQ(check->checked, 2);
}

TEST_P(Store, ChannelSearchFiltersByLanguageTagAndText) {
    auto db = OpenFreshDatabase(GetParam());
    ASSERT_TRUE(db);
    auto r = db->Transact<core::Unit>([](store::Tx& tx) -> core::Result<core::Unit> {
        const long long org = store::InsertOrganisation(tx, Org("gov"));
        auto add = [&](const std::string& handle, std::vector<std::string> langs, std::vector<std::string> tags) {
            registry::Channel c;
            c.organisation_id = org;
            c.network = core::Network::kX;
            c.handle = handle;
            c.url = "https://x.com/" + handle;
            c.display_name = "Name " + handle;
            c.languages = std::move(langs);
            c.tags = std::move(tags);
            store::InsertChannel(tx, c);
        };
        add("alpha", {"fr", "nl"}, {"press"});
        add("beta", {"nl"}, {"egypt", "press"});
        add("gamma", {"de"}, {});
        return core::Unit{};
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto search = [&](store::ChannelQuery q) {
        auto page = db->Read<registry::Page<registry::Channel>>(
            [&](store::Tx& tx) -> core::Result<registry::Page<registry::Channel>> {
                return store::SearchChannels(tx, q);
            });
        EXPECT_TRUE(page.ok());
        std::vector<std::string> handles;
        for (const auto& c : page->items) handles.push_back(c.handle);
        return handles;
    };
    store::ChannelQuery nl;
    nl.language = "nl";
    EXPECT_EQ(search(nl), (std::vector<std::string>{"alpha", "beta"}));
    store::ChannelQuery egypt;
    egypt.tag = "egypt";
    EXPECT_EQ(search(egypt), (std::vector<std::string>{"beta"}));
    store::ChannelQuery text;
    text.text = "GAMMA";
    EXPECT_EQ(search(text), (std::vector<std::string>{"gamma"}));
    store::ChannelQuery paged;
    paged.per_page = 2;
    paged.page = 2;
    EXPECT_EQ(search(paged), (std::vector<std::string>{"gamma"}));
}

TEST(Migrations, RenderPerEngineAndSplitStatements) {
    EXPECT_NE(store::RenderMigration("id {{ID}}", store::Engine::kSqlite).find("AUTOINCREMENT"), std::string::npos);
    EXPECT_NE(store::RenderMigration("id {{ID}}", store::Engine::kPostgres).find("IDENTITY"), std::string::npos);
    auto parts = store::SplitStatements("-- comment\nCREATE TABLE a (x INT);\nCREATE TABLE b (\n y INT\n);\n");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[1].find("CREATE TABLE b"), 0u);
}

TEST(Migrations, EngineOnlyLinesAreKeptForTheirEngineAlone) {
    const std::string sql =
        "-- a comment that mentions --sqlite: in passing\n"
        "--sqlite: CREATE VIRTUAL TABLE f USING fts5(x);\n"
        "  --postgres: CREATE INDEX g ON t\n"
        "--postgres:   USING GIN (x);\n"
        "CREATE TABLE t (id {{ID}});\n";
    const auto sqlite = store::SplitStatements(store::RenderMigration(sql, store::Engine::kSqlite));
    ASSERT_EQ(sqlite.size(), 2u);
    EXPECT_EQ(sqlite[0], "CREATE VIRTUAL TABLE f USING fts5(x)");
    EXPECT_EQ(sqlite[1].find("CREATE TABLE t (id INTEGER PRIMARY KEY"), 0u);
    const auto pg = store::SplitStatements(store::RenderMigration(sql, store::Engine::kPostgres));
    ASSERT_EQ(pg.size(), 2u);
    EXPECT_EQ(pg[0], "CREATE INDEX g ON t\nUSING GIN (x)");
    EXPECT_EQ(pg[1].find("CREATE TABLE t (id BIGINT"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, Store, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
