// version, migrate, audit verify.
#include <iostream>

#include "app/command.hpp"
#include "security/audit_chain.hpp"
#include "store/audit_repo.hpp"
#include "store/database.hpp"

namespace belfry::app {

class VersionCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override { sub.description("Print the version"); }
    int Run(const GlobalOptions&) override {
        std::cout << "belfry " << BELFRY_VERSION << "\n";
        return 0;
    }
};

class MigrateCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override { sub.description("Apply pending database migrations"); }
    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        auto db = store::Database::Open(config->database, 1);
        if (!db.ok()) return Fail(db.error());
        auto applied = db.value()->Migrate();
        if (!applied.ok()) return Fail(applied.error());
        std::cout << "applied " << applied.value() << " migration(s); the schema is up to date\n";
        return 0;
    }
};

class AuditVerifyCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description("Check the audit chain; exits 1 and names the first bad entry when it is broken");
    }
    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        auto db = store::Database::Open(config->database, 1);
        if (!db.ok()) return Fail(db.error());
        auto check = db.value()->Read<security::ChainCheck>([](store::Tx& tx) -> core::Result<security::ChainCheck> {
            std::vector<security::AuditRecord> records;
            store::ForEachAudit(tx, [&](const security::AuditRecord& r) { records.push_back(r); });
            size_t i = 0;
            return security::VerifyChain([&]() -> std::optional<security::AuditRecord> {
                if (i >= records.size()) return std::nullopt;
                return records[i++];
            });
        });
        if (!check.ok()) return Fail(check.error());
        if (!check->ok) {
            std::cout << "audit chain BROKEN at entry " << check->first_bad_seq << ": " << check->reason << " ("
                      << check->checked << " entries before it are intact)\n";
            return 1;
        }
        std::cout << "audit chain intact: " << check->checked << " entries\n";
        return 0;
    }
};

std::unique_ptr<Command> MakeVersionCommand() { return std::make_unique<VersionCommand>(); }
std::unique_ptr<Command> MakeMigrateCommand() { return std::make_unique<MigrateCommand>(); }
std::unique_ptr<Command> MakeAuditVerifyCommand() { return std::make_unique<AuditVerifyCommand>(); }

}  // namespace belfry::app
