// One class per `belfry` subcommand. Setup() declares its options on the CLI11 sub-app; Run()
// executes it after parsing and returns the process exit code (0 success, 1 failure, 2 usage).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace belfry::app {

// Options every subcommand shares: the configuration file and the database URL.
struct GlobalOptions {
    std::string config_path;
    std::string database;  // overrides the configuration
    std::string log_level;

    core::Result<Config> Resolve() const;
};

class Command {
  public:
    virtual ~Command() = default;
    virtual void Setup(CLI::App& sub, GlobalOptions& globals) = 0;
    virtual int Run(const GlobalOptions& globals) = 0;
};

std::vector<std::pair<std::string, std::unique_ptr<Command>>> MakeCommands();

// Prints an error the way every command does: "belfry: <message>" on stderr.
int Fail(const core::Error& error);

}  // namespace belfry::app
