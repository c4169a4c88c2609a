// An insult hidden on the network, end to end with the demo's settings: a citizen replies on
// netsim (Bluesky) under a post the channel published; belfry's inbox worker (running, polling
// every `poll_ms` as `belfry serve` does) fetches it, the moderation rules judge it, and the worker
// hides it through the thread's threadgate. Prints, per run, the time from the citizen's post to
// netsim showing it hidden, then the median and the worst.
// Usage: inbox_hide_bench [runs=10] [poll_ms=1000] [latency_ms=0]
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace json = boost::json;
using namespace belfry;
using Clock = std::chrono::steady_clock;

namespace {

std::string Str(const json::value& v, const char* key) {
    const auto* o = v.is_object() ? v.as_object().if_contains(key) : nullptr;
    return o != nullptr && o->is_string() ? std::string(o->as_string()) : std::string();
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 10;
    const int poll_ms = argc > 2 ? std::atoi(argv[2]) : 1000;
    const int latency_ms = argc > 3 ? std::atoi(argv[3]) : 0;
    spdlog::set_level(spdlog::level::warn);
    testing::NetsimProcess netsim({"--latency-ms", std::to_string(latency_ms)});
    if (!netsim.ok()) {
        std::cerr << "netsim: " << netsim.error() << "\n";
        return 1;
    }
    testing::TestServer server("sqlite");
    if (!server.ok()) return 1;
    const long long gov = server.SeedRoot();
    const long long fa = server.AddOrg(gov, "minister", "fa");
    server.NoReview(gov);
    server.AddUser("admin", "administrator", gov);
    testing::Client admin(server.port());
    if (admin.Login("admin").status != 200) return 1;

    testing::Client sim(netsim.port());
    auto account = sim.Post("/_netsim/accounts", json::object{{"network", "bluesky"}, {"handle", "diplo.bsky.social"}});
    auto channel = admin.Post("/api/v1/channels", json::object{{"organisation_id", fa},
                                                               {"network", "bluesky"},
                                                               {"handle", "diplo.bsky.social"},
                                                               {"display_name", "Diplomatie"},
                                                               {"languages", json::array{"fr", "nl"}}});
    const long long channel_id = channel.json.at("id").as_int64();
    auto connected =
        admin.Json("PUT", "/api/v1/channels/" + std::to_string(channel_id) + "/connection",
                   json::object{{"api_base_url", netsim.url()},
                                {"credentials", json::object{{"identifier", Str(account.json, "identifier")},
                                                             {"password", Str(account.json, "password")}}}});
    if (connected.status != 200) {
        std::cerr << "connect: " << connected.body << "\n";
        return 1;
    }
    auto post = admin.Post("/api/v1/posts", json::object{{"organisation_id", fa},
                                                         {"content_type", "press_release"},
                                                         {"variants", json::object{{"fr", "Portes ouvertes"}}},
                                                         {"channel_ids", json::array{channel_id}}});
    const std::string post_path = "/api/v1/posts/" + std::to_string(post.json.at("id").as_int64());
    (void)admin.Post(post_path + "/schedule", json::object{{"now", true}});
    for (int i = 0; i < 3; ++i) server.app().publisher->RunOnce();
    const auto remote = Str(admin.Get(post_path).json.at("renditions").as_array().at(0), "remote_id");
    if (remote.empty()) {
        std::cerr << "the post was not published\n";
        return 1;
    }

    // The worker as `belfry serve` runs it.
    jobs::InboxWorkerOptions options;
    options.poll_ms = poll_ms;
    jobs::InboxWorker worker(
        *server.app().db, *server.app().clock, *server.app().vault,
        [&](core::Network n) -> networks::Network* {
            auto it = server.app().connectors.find(n);
            return it == server.app().connectors.end() ? nullptr : it->second.get();
        },
        *server.app().inbox, *server.app().moderation, options);
    worker.Start();

    std::vector<double> ms;
    for (int run = 0; run < runs; ++run) {
        const auto start = Clock::now();
        auto insult =
            sim.Post("/_netsim/citizen-posts",
                     json::object{{"network", "bluesky"},
                                  {"author_handle", "troll" + std::to_string(run) + ".bsky.social"},
                                  {"author_name", "Troll"},
                                  {"text", "Bande de c0nnards, vous êtes tous des 1d10ts " + std::to_string(run)},
                                  {"in_reply_to", remote}});
        const auto uri = Str(insult.json, "uri");
        bool hidden = false;
        while (!hidden && Clock::now() - start < std::chrono::seconds(30)) {
            auto list = sim.Get("/_netsim/posts?network=bluesky&hidden=true");
            for (const auto& p : list.json.at("items").as_array()) hidden = hidden || Str(p, "uri") == uri;
            if (!hidden) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        std::cout << "run " << run + 1 << ": " << (hidden ? "hidden after " : "NOT hidden after ") << elapsed
                  << " ms\n";
        ms.push_back(hidden ? elapsed : 1e9);
        // Spread the posts over the poll cycle.
        std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms / 3 + 37 * run % poll_ms));
    }
    worker.Stop();
    std::sort(ms.begin(), ms.end());
    std::cout << "hidden on netsim: median " << ms[ms.size() / 2] << " ms, worst " << ms.back() << " ms over " << runs
              << " insults (poll every " << poll_ms << " ms, netsim latency " << latency_ms << " ms)\n";
    return ms.back() < 1e9 ? 0 : 1;
}
