// The `belfry` command line: one class per subcommand (see app/commands/).
#pragma once

namespace belfry::app {
int RunCli(int argc, char** argv);
}
