// The list of subcommands, in the order `belfry --help` shows them.
#include "app/command.hpp"

namespace belfry::app {

std::unique_ptr<Command> MakeServeCommand();
std::unique_ptr<Command> MakeMigrateCommand();
std::unique_ptr<Command> MakeSeedDemoCommand();
std::unique_ptr<Command> MakeUserAddCommand();
std::unique_ptr<Command> MakeTokenCreateCommand();
std::unique_ptr<Command> MakeAuditVerifyCommand();
std::unique_ptr<Command> MakeModerationEvalCommand();
std::unique_ptr<Command> MakeModerationTrainCommand();
std::unique_ptr<Command> MakeVersionCommand();

std::vector<std::pair<std::string, std::unique_ptr<Command>>> MakeCommands() {
    std::vector<std::pair<std::string, std::unique_ptr<Command>>> out;
    out.emplace_back("serve", MakeServeCommand());
    out.emplace_back("migrate", MakeMigrateCommand());
    out.emplace_back("seed demo", MakeSeedDemoCommand());
    out.emplace_back("user add", MakeUserAddCommand());
    out.emplace_back("token create", MakeTokenCreateCommand());
    out.emplace_back("audit verify", MakeAuditVerifyCommand());
    out.emplace_back("moderation eval", MakeModerationEvalCommand());
    out.emplace_back("moderation train", MakeModerationTrainCommand());
    out.emplace_back("version", MakeVersionCommand());
    return out;
}

}  // namespace belfry::app
