// netsim — a local stand-in for the social networks (Mastodon REST, Bluesky XRPC) for belfry's demo and
// tests. See netsim/server.hpp for the dispatch, netsim/control.hpp for the /_netsim/ API.
//
//   netsim --listen 127.0.0.1:0 [--latency-ms 0] [--seed 1] [--mastodon-char-limit 500]
//          [--citizens-per-minute 0] [--citizens-seed 1]
//
// Prints one JSON line {"…","msg":"listening","listening":"http://127.0.0.1:PORT"} on stdout once it
// accepts connections, then one JSON line per call. Stops cleanly on SIGINT or SIGTERM.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "app/config.hpp"
#include "core/log.hpp"
#include "netsim/server.hpp"

int main(int argc, char** argv) {
    using namespace belfry;
    CLI::App cli{"netsim — a local stand-in for Mastodon and Bluesky"};
    std::string listen = "127.0.0.1:0";
    netsim::Options options;
    int threads = 2;
    std::string log_level = "info";
    cli.add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
    cli.add_option("--latency-ms", options.settings.latency_ms, "delay added to every network call")
        ->check(CLI::Range(0, 600000))
        ->capture_default_str();
    cli.add_option("--seed", options.seed, "seed of every random value (tokens, DIDs)")->capture_default_str();
    cli.add_option("--mastodon-char-limit", options.settings.mastodon_char_limit, "Mastodon's character limit")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    cli.add_option("--citizens-per-minute", options.citizens.per_minute,
                   "citizens' messages per minute (0: none until POST /_netsim/citizens)")
        ->check(CLI::Range(0.0, 6000.0))
        ->capture_default_str();
    cli.add_option("--citizens-seed", options.citizens.seed, "seed of what the citizens say")->capture_default_str();
    cli.add_option("--threads", threads, "request threads")->check(CLI::Range(1, 64))->capture_default_str();
    cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")->capture_default_str();
    CLI11_PARSE(cli, argc, argv);

    options.citizens.enabled = options.citizens.per_minute > 0;
    core::InitLogging(log_level);
    auto where = app::SplitListen(listen);
    if (!where.ok()) {
        std::cerr << "netsim: " << where.error().message << "\n";
        return 2;
    }

    // Signals are taken by a dedicated thread, so the server stops cleanly on Ctrl-C / SIGTERM.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    netsim::NetsimServer server(options, where->first, where->second, nullptr, threads);
    auto url = server.Start();
    if (!url.ok()) {
        std::cerr << "netsim: " << url.error().message << "\n";
        return 1;
    }
    core::LogEvent(spdlog::level::info, "listening",
                   {{"listening", url.value()},
                    {"latency_ms", options.settings.latency_ms},
                    {"seed", options.seed},
                    {"mastodon_char_limit", options.settings.mastodon_char_limit},
                    {"citizens_per_minute", options.citizens.per_minute},
                    {"citizens_seed", options.citizens.seed}});
    std::thread waiter([&server, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        core::LogEvent(spdlog::level::info, "stopping", {{"signal", sig}});
        server.Stop();
    });
    server.Run();
    waiter.join();
    return 0;
}
