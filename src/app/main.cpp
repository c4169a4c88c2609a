#include "app/cli.hpp"

int main(int argc, char** argv) { return belfry::app::RunCli(argc, argv); }
