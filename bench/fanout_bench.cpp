// Crisis-size fan-out: one post to 500 Mastodon channels in three languages (twin posts → 1,500
// renditions) against netsim with 100 ms latency per call, published by the durable queue.
// Prints the wall time from "schedule now" to the last rendition settled, the count netsim stored,
// and whether netsim answered any 429. Usage: fanout_bench [channels=500] [latency_ms=100] [workers=128]
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "bench_world.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace json = boost::json;
using namespace belfry;

int main(int argc, char** argv) {
    const int channels = argc > 1 ? std::atoi(argv[1]) : 500;
    const int latency = argc > 2 ? std::atoi(argv[2]) : 100;
    const int workers = argc > 3 ? std::atoi(argv[3]) : 128;
    testing::NetsimProcess netsim({"--latency-ms", std::to_string(latency)});
    if (!netsim.ok()) {
        std::cerr << netsim.error() << "\n";
        return 1;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("belfry-fanout-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    app::Config config;
    config.database = "sqlite:" + (dir / "fanout.sqlite").string();
    config.publisher_workers = workers;
    config.db_pool = 16;
    config.log_level = "warn";
    auto built = app::BuildApp(config);
    if (!built.ok()) {
        std::cerr << built.error().message << "\n";
        return 1;
    }
    auto& app = *built.value();
    spdlog::set_level(spdlog::level::warn);
    const auto system = security::Principal::System("bench");

    // One netsim account and one connected channel per diplomatic post.
    auto world = bench::ConnectedMastodonChannels(app, netsim, channels, "post", {"fr", "nl", "de"}, "twin");
    if (!world) return 1;
    testing::Client sim(netsim.port());
    const long long org = world->organisation_id;
    const std::vector<long long>& ids = world->channel_ids;
    publishing::PostInput post;
    post.organisation_id = org;
    post.content_type = "crisis_information";
    post.variants = {{"fr", "Typhon: restez à l'intérieur et suivez les consignes des autorités locales."},
                     {"nl", "Tyfoon: blijf binnen en volg de instructies van de lokale overheid."},
                     {"de", "Taifun: Bleiben Sie drinnen und folgen Sie den Anweisungen der Behörden."}};
    post.channel_ids = ids;
    auto created = app.publishing->CreatePost(system, post);
    if (!created.ok()) {
        std::cerr << created.error().message << "\n";
        return 1;
    }
    publishing::ScheduleInput now;
    now.now = true;
    const auto start = std::chrono::steady_clock::now();
    auto scheduled = app.publishing->Schedule(system, created->post.id, now);
    if (!scheduled.ok()) {
        std::cerr << scheduled.error().message << "\n";
        return 1;
    }
    const auto renditions = scheduled->renditions.size();
    app.publisher->Start();
    std::map<std::string, long long> counts;
    for (;;) {
        auto c = app.db->Read<std::map<std::string, long long>>(
            [&](store::Tx& tx) -> core::Result<std::map<std::string, long long>> {
                return store::CountRenditionsByStatus(tx, created->post.id);
            });
        counts = c.value();
        if (counts["scheduled"] + counts["publishing"] + counts["unconfirmed"] == 0) break;
        if (std::chrono::steady_clock::now() - start > std::chrono::seconds(120)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    app.publisher->Stop();
    auto stored = sim.Get("/_netsim/posts?network=mastodon&per_page=1");
    auto config_view = sim.Get("/_netsim/config");
    std::cout << "renditions: " << renditions << "\n"
              << "published: " << counts["published"] << ", failed: " << counts["failed"] << "\n"
              << "wall time from schedule to the last settled: " << seconds << " s\n"
              << "netsim stored: " << stored.body.substr(0, 200) << "\n"
              << "netsim counters: " << config_view.body.substr(0, 400) << "\n";
    std::filesystem::remove_all(dir);
    return counts["published"] == static_cast<long long>(renditions) ? 0 : 1;
}
