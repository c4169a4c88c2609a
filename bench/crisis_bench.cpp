// A crisis alert, end to end: the spokesperson's `POST /api/v1/crises/{id}/messages` (over HTTP,
// on the same wiring as `belfry serve`) filling an approved bilingual template for `channels`
// Mastodon channels, until every rendition is published on netsim (latency on every call), by the
// durable queue's workers already running. Prints the API call's own time, the wall time from the
// call to the last rendition settled, and what netsim stored.
// Usage: crisis_bench [channels=50] [latency_ms=100] [workers=256] [runs=3]
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "app/app.hpp"
#include "bench_world.hpp"
#include "http/server.hpp"
#include "store/publishing_repo.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace json = boost::json;
using namespace belfry;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }

// One crisis: opened, one alert to every channel, followed until settled, closed. False on failure.
bool RunOnce(app::App& app, testing::Client& client, long long org, long long template_id,
             const std::vector<long long>& channel_ids, int run) {
    auto opened = client.Post(
        "/api/v1/crises",
        json::object{{"organisation_id", org}, {"title", "Earthquake " + std::to_string(run)}, {"reason", "bench"}});
    if (opened.status != 201) {
        std::cerr << "open: " << opened.status << " " << opened.body << "\n";
        return false;
    }
    const long long crisis_id = opened.json.at("id").as_int64();
    json::array channels;
    for (long long id : channel_ids) channels.emplace_back(id);
    const json::object body{
        {"template_id", template_id},
        {"fields",
         json::object{{"sender", "Diplomatie.Belgium"},
                      {"event", json::object{{"fr", "Séisme"}, {"nl", "Aardbeving"}}},
                      {"area", json::object{{"fr", "Le Caire"}, {"nl", "Caïro"}}},
                      {"instructions", json::object{{"fr", "Restez à l'intérieur."}, {"nl", "Blijf binnen."}}},
                      {"until", "24/11 18:00"},
                      {"link", "https://diplomatie.belgium.be"}}},
        {"channel_ids", channels}};
    const auto start = Clock::now();
    auto sent = client.Post("/api/v1/crises/" + std::to_string(crisis_id) + "/messages", body);
    const double api = Seconds(start);
    if (sent.status != 201) {
        std::cerr << "send: " << sent.status << " " << sent.body << "\n";
        return false;
    }
    const long long post_id = sent.json.at("post_id").as_int64();
    std::map<std::string, long long> counts;
    for (;;) {
        auto c = app.db->Read<std::map<std::string, long long>>(
            [&](store::Tx& tx) -> core::Result<std::map<std::string, long long>> {
                return store::CountRenditionsByStatus(tx, post_id);
            });
        counts = c.value();
        if (counts["scheduled"] + counts["publishing"] + counts["unconfirmed"] == 0) break;
        if (Seconds(start) > 120) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const double wall = Seconds(start);
    std::cout << "run " << run << ": " << channel_ids.size() << " channels, API call " << api * 1000 << " ms, "
              << "all settled after " << wall << " s (published " << counts["published"] << ", failed "
              << counts["failed"] << ")\n";
    auto closed = client.Post("/api/v1/crises/" + std::to_string(crisis_id) + "/close", json::object{});
    if (closed.status != 200) {
        std::cerr << "close: " << closed.status << " " << closed.body << "\n";
        return false;
    }
    return counts["published"] == static_cast<long long>(channel_ids.size());
}

}  // namespace

int main(int argc, char** argv) {
    const int channels = argc > 1 ? std::atoi(argv[1]) : 50;
    const int latency = argc > 2 ? std::atoi(argv[2]) : 100;
    const int workers = argc > 3 ? std::atoi(argv[3]) : 256;
    const int runs = argc > 4 ? std::atoi(argv[4]) : 3;
    testing::NetsimProcess netsim({"--latency-ms", std::to_string(latency)});
    if (!netsim.ok()) {
        std::cerr << netsim.error() << "\n";
        return 1;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("belfry-crisis-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    app::Config config;
    config.database = "sqlite:" + (dir / "crisis.sqlite").string();
    config.publisher_workers = workers;
    config.db_pool = 16;
    config.log_level = "warn";
    config.secure_cookies = false;
    auto built = app::BuildApp(config);
    if (!built.ok()) {
        std::cerr << built.error().message << "\n";
        return 1;
    }
    auto& app = *built.value();
    spdlog::set_level(spdlog::level::warn);
    const auto system = security::Principal::System("bench");

    // The diplomatic posts: one netsim account and one connected bilingual channel each.
    auto world = bench::ConnectedMastodonChannels(app, netsim, channels, "post", {"fr", "nl"});
    if (!world) return 1;
    const long long org = world->organisation_id;

    // The spokesperson, and an approved alert template of the service.
    const std::string password = "crisis bench password";
    auto user = app.people->CreateUser(system, {"spokesperson", "Spokesperson", std::nullopt, password, "fr"});
    if (!user.ok()) {
        std::cerr << user.error().message << "\n";
        return 1;
    }
    if (auto g = app.people->Grant(system, {user->id, org, "spokesperson", std::nullopt}); !g.ok()) {
        std::cerr << g.error().message << "\n";
        return 1;
    }
    crisis::TemplateInput tin;
    tin.organisation_id = org;
    tin.name = "Consular alert";
    tin.variants = {{"fr", "ALERTE – {sender}\n{event} – {area}.\n{instructions}\nJusqu'à {until}. {link}"},
                    {"nl", "WAARSCHUWING – {sender}\n{event} – {area}.\n{instructions}\nTot {until}. {link}"}};
    auto tmpl = app.crisis->CreateTemplate(system, tin);
    if (!tmpl.ok() || !app.crisis->ApproveTemplate(system, tmpl->tmpl.id, tmpl->tmpl.version).ok()) {
        std::cerr << "template: " << (tmpl.ok() ? "approval failed" : tmpl.error().message) << "\n";
        return 1;
    }

    http::ServerOptions opts;
    opts.port = 0;
    opts.threads = 4;
    opts.max_body_bytes = std::size_t{4} * 1024 * 1024;
    http::HttpServer server(*app.router, opts);
    auto url = server.Start();
    if (!url.ok()) {
        std::cerr << url.error().message << "\n";
        return 1;
    }
    const auto port = static_cast<unsigned short>(std::stoi(url->substr(url->rfind(':') + 1)));
    std::thread serving([&server] { server.Run(); });
    app.publisher->Start();

    testing::Client client(port);
    bool ok = client.Login("spokesperson", password).status == 200;
    if (!ok) std::cerr << "sign-in failed\n";
    for (int run = 1; ok && run <= runs; ++run) ok = RunOnce(app, client, org, tmpl->tmpl.id, world->channel_ids, run);

    app.publisher->Stop();
    server.Stop();
    serving.join();
    testing::Client sim(netsim.port());
    auto stored = sim.Get("/_netsim/posts?network=mastodon");
    std::size_t count = 0;
    std::set<std::string> accounts;
    if (stored.json.is_object()) {
        for (const auto& p : stored.json.at("items").as_array()) {
            ++count;
            accounts.insert(std::string(p.at("account").as_string()));
        }
    }
    std::cout << "netsim stored " << count << " posts on " << accounts.size() << " accounts (expected "
              << channels * runs << " on " << channels << ")\n";
    std::filesystem::remove_all(dir);
    return ok && count == static_cast<std::size_t>(channels * runs) ? 0 : 1;
}
