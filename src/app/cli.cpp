#include "app/cli.hpp"

#include <cstdlib>
#include <iostream>
#include <map>

#include "app/command.hpp"
#include "core/log.hpp"
#include "security/crypto.hpp"

namespace belfry::app {

core::Result<Config> GlobalOptions::Resolve() const {
    std::string path = config_path;
    if (path.empty()) {
        if (const char* env = std::getenv("BELFRY_CONFIG")) path = env;
    }
    BELFRY_ASSIGN_OR_RETURN(config, LoadConfig(path));
    if (!database.empty()) config.database = database;
    if (!log_level.empty()) config.log_level = log_level;
    return config;
}

int Fail(const core::Error& error) {
    std::cerr << "belfry: " << error.message << "\n";
    return 1;
}

int RunCli(int argc, char** argv) {
    security::InitCrypto();
    CLI::App cli{"belfry — official social-media presence for public administrations"};
    cli.require_subcommand(1);
    GlobalOptions globals;
    cli.add_option("--config", globals.config_path, "TOML configuration file (or BELFRY_CONFIG)");
    auto commands = MakeCommands();
    std::vector<std::pair<CLI::App*, Command*>> subs;
    std::map<std::string, CLI::App*> parents;
    for (auto& [name, command] : commands) {
        // "user add" is the sub-command "add" of "user".
        CLI::App* sub = nullptr;
        const auto space = name.find(' ');
        if (space == std::string::npos) {
            sub = cli.add_subcommand(name, "");
        } else {
            const std::string parent = name.substr(0, space);
            if (parents.count(parent) == 0) {
                parents[parent] = cli.add_subcommand(parent, "");
                parents[parent]->require_subcommand(1);
            }
            sub = parents[parent]->add_subcommand(name.substr(space + 1), "");
        }
        command->Setup(*sub, globals);
        sub->add_option("--database", globals.database, "sqlite:PATH or postgresql://… (or BELFRY_DATABASE)");
        subs.emplace_back(sub, command.get());
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    auto config = globals.Resolve();
    for (auto& [sub, command] : subs) {
        if (!sub->parsed()) continue;
        core::InitLogging(config.ok() ? config->log_level : "info", sub->get_name() != "serve");
        return command->Run(globals);
    }
    return 2;
}

}  // namespace belfry::app
