// belfry serve: the HTTP server with the API and the web interface.
#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "app/command.hpp"
#include "core/log.hpp"
#include "http/server.hpp"

namespace belfry::app {

class ServeCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description("Serve the API and the web interface");
        sub.add_option("--listen", listen_, "HOST:PORT to listen on (port 0 picks a free one)");
        sub.add_option("--web-root", web_root_, "folder of the built web interface (web/dist)");
        sub.add_option("--threads", threads_, "request threads");
    }

    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        if (!listen_.empty()) config->listen = listen_;
        if (!web_root_.empty()) config->web_root = web_root_;
        if (threads_ > 0) config->threads = threads_;
        if (config->web_root.empty()) {
            const std::filesystem::path beside = std::filesystem::path(BELFRY_SOURCE_DIR) / "web" / "dist";
            if (std::filesystem::exists(beside / "index.html")) config->web_root = beside.string();
        }
        auto listen = SplitListen(config->listen);
        if (!listen.ok()) return Fail(listen.error());

        // Signals are taken by a dedicated thread, so the server stops cleanly on Ctrl-C / SIGTERM.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);

        auto app = BuildApp(*config);
        if (!app.ok()) return Fail(app.error());
        http::ServerOptions opts;
        opts.host = listen->first;
        opts.port = listen->second;
        opts.threads = config->threads;
        opts.max_body_bytes = static_cast<std::size_t>(config->max_body_bytes);
        opts.web_root = config->web_root;
        http::HttpServer server(*app.value()->router, opts);
        auto url = server.Start();
        if (!url.ok()) return Fail(url.error());
        core::LogEvent(spdlog::level::info, "listening",
                       {{"listening", url.value()},
                        {"database", std::string(app.value()->db->engine_name())},
                        {"web_root", config->web_root}});
        if (config->publisher_workers > 0) app.value()->publisher->Start();
        if (config->inbox_poll_ms > 0) app.value()->inbox_worker->Start();
        std::thread waiter([&server, signals] {
            int sig = 0;
            sigwait(&signals, &sig);
            core::LogEvent(spdlog::level::info, "stopping", {{"signal", sig}});
            server.Stop();
        });
        server.Run();  // returns once the waiter has called Stop()
        waiter.join();
        app.value()->publisher->Stop();
        app.value()->inbox_worker->Stop();
        return 0;
    }

  private:
    std::string listen_;
    std::string web_root_;
    int threads_ = 0;
};

std::unique_ptr<Command> MakeServeCommand() { return std::make_unique<ServeCommand>(); }

}  // namespace belfry::app
