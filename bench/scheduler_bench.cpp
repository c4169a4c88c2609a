// Scheduler lateness: 10,000 posts, one rendition each, due over the next minutes on netsim Mastodon
// channels, published by the durable queue's Publisher and its workers. Lateness is the moment the
// connector's publish call starts minus the rendition's due time (publish_at). Prints p50/p95/p99/max,
// how many netsim stored (distinct idempotency keys: published once) and the 429s netsim answered.
//
// Usage: scheduler_bench [posts=10000] [spread_s=150] [channels=50] [latency_ms=50] [workers=64]
//                        [batch=8] [idle_poll_ms=250]
// The posts are drafted and scheduled first (not measured), all due after the Publisher starts.
// 50 channels keep each account at 200 calls in 150 s, under Mastodon's 300 per 5 minutes.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "app/app.hpp"
#include "bench_world.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"
#include "store/rows.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace json = boost::json;
using namespace belfry;

namespace {

// Wraps the real connector and notes when each publish call starts (by idempotency key).
class RecordingNetwork final : public networks::Network {
  public:
    RecordingNetwork(std::unique_ptr<networks::Network> inner, const core::Clock& clock)
        : inner_(std::move(inner)), clock_(clock) {}
    core::Network kind() const override { return inner_->kind(); }
    networks::PublishResult Publish(const networks::Credentials& c, const networks::PublishRequest& r) override {
        {
            std::lock_guard<std::mutex> lock(mu_);
            calls_.emplace(r.idempotency_key, clock_.NowMs());  // the first call counts
        }
        auto result = inner_->Publish(c, r);
        if (result.outcome == networks::Outcome::kRetryLater) ++retry_later_;
        return result;
    }
    int retry_later() const { return retry_later_.load(); }
    core::Result<std::optional<networks::RemotePost>> FindExisting(const networks::Credentials& c,
                                                                   const networks::PublishRequest& r) override {
        return inner_->FindExisting(c, r);
    }
    core::Status Delete(const networks::Credentials& c, const std::string& id) override {
        return inner_->Delete(c, id);
    }
    core::Result<networks::AccountProfile> FetchProfile(const networks::Credentials& c) override {
        return inner_->FetchProfile(c);
    }
    std::unordered_map<std::string, core::Millis> calls() {
        std::lock_guard<std::mutex> lock(mu_);
        return calls_;
    }

  private:
    std::unique_ptr<networks::Network> inner_;
    const core::Clock& clock_;
    std::mutex mu_;
    std::unordered_map<std::string, core::Millis> calls_;
    std::atomic<int> retry_later_{0};
};

double Percentile(std::vector<core::Millis> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return static_cast<double>(v[std::min(i, v.size() - 1)]);
}

int Arg(int argc, char** argv, int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; }

}  // namespace

int main(int argc, char** argv) {
    const int posts = Arg(argc, argv, 1, 10000);
    const int spread_s = Arg(argc, argv, 2, 150);
    const int channels = Arg(argc, argv, 3, 50);
    const int latency = Arg(argc, argv, 4, 50);
    jobs::PublisherOptions options;
    options.workers = Arg(argc, argv, 5, 64);
    options.batch = Arg(argc, argv, 6, 8);
    options.idle_poll_ms = Arg(argc, argv, 7, 250);

    testing::NetsimProcess netsim({"--latency-ms", std::to_string(latency)});
    if (!netsim.ok()) {
        std::cerr << netsim.error() << "\n";
        return 1;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("belfry-sched-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    app::Config config;
    config.database = "sqlite:" + (dir / "sched.sqlite").string();
    config.publisher_workers = 0;  // the bench runs its own Publisher (recording connector, options above)
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
    auto recording =
        std::make_unique<RecordingNetwork>(std::move(app.connectors.at(core::Network::kMastodon)), *app.clock);
    RecordingNetwork* recorder = recording.get();
    app.connectors[core::Network::kMastodon] = std::move(recording);

    auto world = bench::ConnectedMastodonChannels(app, netsim, channels, "embassy", {"fr"});
    if (!world) return 1;
    testing::Client sim(netsim.port());
    const long long org = world->organisation_id;
    const std::vector<long long>& channel_ids = world->channel_ids;

    // Drafts first; their pace sets how far ahead the first post is due.
    const auto draft_start = std::chrono::steady_clock::now();
    std::vector<long long> post_ids;
    for (int i = 0; i < posts; ++i) {
        publishing::PostInput post;
        post.organisation_id = org;
        post.content_type = "travel_advice";
        post.variants = {{"fr", "Conseil aux voyageurs n° " + std::to_string(i) + " : vérifiez votre passeport."}};
        post.channel_ids = {channel_ids[static_cast<size_t>(i % channels)]};
        auto created = app.publishing->CreatePost(system, post);
        if (!created.ok()) {
            std::cerr << created.error().message << "\n";
            return 1;
        }
        post_ids.push_back(created->post.id);
    }
    const double draft_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - draft_start).count();
    const core::Millis lead = static_cast<core::Millis>(draft_s * 1500) + 5000;
    const core::Millis base = app.clock->NowMs() + lead;
    const core::Millis step = static_cast<core::Millis>(spread_s) * 1000 / std::max(1, posts);
    for (int i = 0; i < posts; ++i) {
        publishing::ScheduleInput at;
        at.publish_at = base + i * step;
        if (auto s = app.publishing->Schedule(system, post_ids[static_cast<size_t>(i)], at); !s.ok()) {
            std::cerr << s.error().message << "\n";
            return 1;
        }
    }
    const core::Millis started = app.clock->NowMs();
    std::cout << "drafted " << posts << " posts in " << draft_s << " s; scheduled them by +"
              << (started - (base - lead)) / 1000.0 << " s; first due at +" << lead / 1000.0 << " s, last at +"
              << (lead + (posts - 1) * step) / 1000.0 << " s\n";
    if (started >= base) std::cout << "WARNING: scheduling ended after the first due time\n";

    jobs::Publisher publisher(
        *app.db, *app.clock, *app.vault,
        [&app](core::Network n) -> networks::Network* {
            auto it = app.connectors.find(n);
            return it == app.connectors.end() ? nullptr : it->second.get();
        },
        options);
    publisher.Start();
    const core::Millis last_due = base + (posts - 1) * step;
    std::map<std::string, long long> counts;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        if (app.clock->NowMs() < last_due) continue;
        auto c = app.db->Read<std::map<std::string, long long>>(
            [&](store::Tx& tx) -> core::Result<std::map<std::string, long long>> {
                std::map<std::string, long long> out;
                store::Binds b;
                store::Query(tx.sql(), "SELECT status, COUNT(*) FROM renditions GROUP BY status", b,
                             [&](const soci::row& r) { out[store::Text(r, 0)] = store::Int(r, 1); });
                return out;
            });
        counts = c.value();
        if (counts["scheduled"] + counts["publishing"] + counts["unconfirmed"] == 0) break;
        if (app.clock->NowMs() > last_due + 120000) break;
    }
    publisher.Stop();

    // Lateness per rendition: first publish call minus publish_at.
    std::unordered_map<std::string, core::Millis> due;
    (void)app.db->Read<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
        store::Binds b;
        store::Query(tx.sql(), "SELECT idempotency_key, publish_at FROM renditions", b,
                     [&](const soci::row& r) { due[store::Text(r, 0)] = store::Int(r, 1); });
        return core::Unit{};
    });
    std::vector<core::Millis> lateness;
    for (const auto& [key, at] : recorder->calls()) {
        auto it = due.find(key);
        if (it != due.end()) lateness.push_back(at - it->second);
    }
    auto stored = sim.Get("/_netsim/posts?network=mastodon");
    std::set<std::string> keys;
    size_t stored_count = 0;
    for (const auto& p : stored.json.at("items").as_array()) {
        ++stored_count;
        keys.insert(std::string(p.at("idempotency_key").as_string()));
    }
    std::cout << "posts: " << posts << " over " << spread_s << " s on " << channels << " channels, latency " << latency
              << " ms, workers " << options.workers << ", batch " << options.batch << ", idle poll "
              << options.idle_poll_ms << " ms\n"
              << "published: " << counts["published"] << ", failed: " << counts["failed"] << "\n"
              << "netsim stored: " << stored_count << " posts, " << keys.size() << " distinct idempotency keys\n"
              << "lateness ms (publish call − due), " << lateness.size() << " calls: p50 " << Percentile(lateness, 0.5)
              << ", p95 " << Percentile(lateness, 0.95) << ", p99 " << Percentile(lateness, 0.99) << ", max "
              << Percentile(lateness, 1.0) << ", min " << Percentile(lateness, 0.0) << "\n"
              << "answers asking to retry later (429): " << recorder->retry_later() << "\n";
    std::filesystem::remove_all(dir);
    const bool ok = counts["published"] == posts && stored_count == static_cast<size_t>(posts) &&
                    keys.size() == static_cast<size_t>(posts);
    return ok ? 0 : 1;
}
