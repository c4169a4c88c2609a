// Inbox ingestion: citizens' items (300–600 byte texts, fr/nl/en/de) stored in batches, one
// transaction per batch, on a file SQLite database in WAL mode (store::Database's pragmas), with
// inbox::SearchText computed for each item and the full-text index kept in step. Prints items/s
// (SearchText + transactions) and where the time goes.
// Usage: inbox_ingest_bench [items=200000] [batch=1000] [database=sqlite:/tmp/belfry-inbox-ingest.sqlite]
//        [pipelined] (SearchText of the next batch on a second thread while the current one is stored)
// A sqlite: database is deleted first; a postgresql:// one must be empty (a fresh schema).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "inbox_corpus.hpp"

using namespace belfry;

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const long long total = argc > 1 ? std::stoll(argv[1]) : 200000;
    const int batch = argc > 2 ? std::stoi(argv[2]) : 1000;
    const std::string url = argc > 3 ? argv[3] : "sqlite:/tmp/belfry-inbox-ingest.sqlite";
    const bool pipelined = argc > 4 && std::string(argv[4]) == "pipelined";
    if (url.rfind("sqlite:", 0) == 0) {
        const std::string path = url.substr(7);
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
    auto opened = store::Database::Open(url, 1);
    if (!opened.ok()) {
        std::cerr << opened.error().message << "\n";
        return 1;
    }
    auto& db = *opened.value();
    if (auto m = db.Migrate(); !m.ok()) {
        std::cerr << m.error().message << "\n";
        return 1;
    }
    auto world = db.Transact<bench::InboxWorld>(
        [](store::Tx& tx) -> core::Result<bench::InboxWorld> { return bench::BuildInboxWorld(tx, 20, 3); });
    if (!world.ok()) {
        std::cerr << world.error().message << "\n";
        return 1;
    }
    bench::Corpus corpus(42);
    bench::IngestTimes t;
    try {
        if (pipelined) {
            bench::BatchMaker maker(world.value(), corpus, 1'780'000'000'000);
            std::vector<bench::Batch> batches;
            for (long long made = 0; made < total; made += batch) {
                batches.push_back(maker.Next(static_cast<std::size_t>(std::min<long long>(batch, total - made))));
            }
            t = bench::IngestPipelined(db, batches);
        } else {
            t = bench::IngestCorpus(db, world.value(), corpus, total, batch, 1'780'000'000'000);
        }
    } catch (const std::exception& e) {
        std::cerr << "ingestion failed: " << e.what() << "\n";
        return 1;
    }
    const auto per_item = [&](double s) { return 1e6 * s / static_cast<double>(t.items); };
    std::printf("engine %s, %lld items in %lld conversations, batches of %d, %s\n",
                std::string(db.engine_name()).c_str(), t.items, t.conversations, batch,
                pipelined ? "SearchText on a second thread" : "one thread");
    std::printf("ingest: %.0f items/s (%.2f s)\n", static_cast<double>(t.items) / t.wall_s, t.wall_s);
    std::printf(
        "CPU time: SearchText %.1f us/item, store %.1f us/item (lookups %.1f, conversations %.1f, items "
        "%.1f, begin/commit %.1f)\n",
        per_item(t.search_text_cpu_s), per_item(t.store_cpu_s), per_item(t.lookup_cpu_s),
        per_item(t.conversations_cpu_s), per_item(t.items_cpu_s),
        per_item(t.store_cpu_s - t.lookup_cpu_s - t.conversations_cpu_s - t.items_cpu_s));
    if (url.rfind("sqlite:", 0) == 0) {
        const std::string path = url.substr(7);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        const auto wal = std::filesystem::file_size(path + "-wal", ec);
        std::printf("database file %.1f MiB (+ WAL %.1f MiB)\n", static_cast<double>(size) / 1048576.0,
                    static_cast<double>(wal) / 1048576.0);
    }
    return 0;
}
