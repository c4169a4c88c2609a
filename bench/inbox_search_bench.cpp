// Inbox full-text search over a large inbox: builds (once, then reuses) a database of `items`
// citizens' items (bench/inbox_corpus.hpp: 20 organisations, 60 channels, fr/nl/en/de, threads of
// 1–5 items), then runs `queries` searches as people type them — one to three words, common
// function words ("le", "de", "the"), topic words with or without accents and in other forms
// ("formulaires", "aanvragen", "Anträge"), names and file numbers that are rare or absent — each
// through ListConversations (page 1, 50 per page, most recent first) and SearchItems (page 1, 50),
// scoped to 1–4 organisations (one query in ten: every organisation, as an administrator sees).
// Prints p50/p95/p99/max in milliseconds for each and both, after a warm-up.
// Usage: inbox_search_bench [database=sqlite:/tmp/belfry-inbox-1m.sqlite] [items=1000000] [queries=300]
// A database that already holds at least `items` items is reused as it is. BENCH_VERBOSE=1 prints
// each query with its two times and the conversations' total ("+": capped at the search window).
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "inbox_corpus.hpp"

using namespace belfry;
using Clock = std::chrono::steady_clock;

namespace {

double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

void Print(const char* what, const std::vector<double>& ms) {
    std::printf("%-18s n=%zu  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", what, ms.size(),
                Percentile(ms, 0.50), Percentile(ms, 0.95), Percentile(ms, 0.99), Percentile(ms, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    const std::string url = argc > 1 ? argv[1] : "sqlite:/tmp/belfry-inbox-1m.sqlite";
    const long long total = argc > 2 ? std::stoll(argv[2]) : 1000000;
    const int query_count = argc > 3 ? std::stoi(argv[3]) : 300;
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
    auto stored = db.Read<long long>([](store::Tx& tx) -> core::Result<long long> {
        long long n = 0;
        tx.sql() << "SELECT COUNT(*) FROM inbox_items", soci::into(n);
        return n;
    });
    if (!stored.ok()) {
        std::cerr << stored.error().message << "\n";
        return 1;
    }
    bench::InboxWorld world;
    if (stored.value() == 0) {
        auto built = db.Transact<bench::InboxWorld>(
            [](store::Tx& tx) -> core::Result<bench::InboxWorld> { return bench::BuildInboxWorld(tx, 20, 3); });
        if (!built.ok()) {
            std::cerr << built.error().message << "\n";
            return 1;
        }
        world = built.value();
        bench::Corpus corpus(7);
        const auto start = Clock::now();
        std::printf("building %lld items ...\n", total);
        std::fflush(stdout);
        try {
            bench::IngestCorpus(db, world, corpus, total, 2000, 1'780'000'000'000, [&](long long n) {
                if (n % 100000 == 0) {
                    std::printf("  %lld items, %.0f s\n", n,
                                std::chrono::duration<double>(Clock::now() - start).count());
                    std::fflush(stdout);
                }
            });
        } catch (const std::exception& e) {
            std::cerr << "building failed: " << e.what() << "\n";
            return 1;
        }
    } else if (stored.value() < total) {
        std::cerr << "the database holds " << stored.value() << " items, fewer than " << total
                  << ": give another path or remove it\n";
        return 1;
    } else {
        auto read = db.Read<bench::InboxWorld>([](store::Tx& tx) -> core::Result<bench::InboxWorld> {
            bench::InboxWorld w;
            for (const auto& o : store::ListOrganisations(tx)) w.organisation_ids.push_back(o.id);
            return w;
        });
        if (!read.ok()) {
            std::cerr << read.error().message << "\n";
            return 1;
        }
        world = read.value();
    }
    std::printf("engine %s, %lld items\n", std::string(db.engine_name()).c_str(), std::max(stored.value(), total));

    bench::Corpus corpus(99);
    const auto queries = corpus.Queries(query_count);
    std::vector<std::optional<std::vector<long long>>> scopes;
    for (int i = 0; i < query_count; ++i) {
        if (i % 10 == 3) {
            scopes.emplace_back(std::nullopt);
            continue;
        }
        std::vector<long long> orgs;
        const int n = corpus.Uniform(1, 4);
        while (static_cast<int>(orgs.size()) < n) {
            const long long o = world.organisation_ids[static_cast<std::size_t>(
                corpus.Uniform(0, static_cast<int>(world.organisation_ids.size()) - 1))];
            if (std::find(orgs.begin(), orgs.end(), o) == orgs.end()) orgs.push_back(o);
        }
        scopes.emplace_back(std::move(orgs));
    }

    std::vector<double> conversations_ms;
    std::vector<double> items_ms;
    int capped = 0;
    int empty = 0;
    const int warmup = std::min(20, query_count);
    for (int round = 0; round < 2; ++round) {
        const int to = round == 0 ? warmup : query_count;
        for (int i = 0; i < to; ++i) {
            store::ConversationQuery cq;
            cq.q = queries[static_cast<std::size_t>(i)];
            cq.organisation_ids = scopes[static_cast<std::size_t>(i)];
            store::SearchInfo ci;
            const auto t0 = Clock::now();
            auto conversations = db.Read<registry::Page<inbox::Conversation>>(
                [&](store::Tx& tx) -> core::Result<registry::Page<inbox::Conversation>> {
                    return store::ListConversations(tx, cq, ci);
                });
            const auto t1 = Clock::now();
            store::ItemSearch is;
            is.q = cq.q;
            is.organisation_ids = cq.organisation_ids;
            store::SearchInfo ii;
            auto items =
                db.Read<registry::Page<inbox::Item>>([&](store::Tx& tx) -> core::Result<registry::Page<inbox::Item>> {
                    return store::SearchItems(tx, is, ii);
                });
            const auto t2 = Clock::now();
            if (!conversations.ok() || !items.ok()) {
                std::cerr << "query '" << cq.q << "' failed\n";
                return 1;
            }
            if (round == 1) {
                conversations_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
                items_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
                capped += ci.capped ? 1 : 0;
                empty += conversations->items.empty() ? 1 : 0;
                if (std::getenv("BENCH_VERBOSE") != nullptr) {
                    std::printf("  %-40s %7.2f ms %7.2f ms  total %lld%s\n", cq.q.c_str(), conversations_ms.back(),
                                items_ms.back(), conversations->total, ci.capped ? "+" : "");
                }
            }
        }
    }
    std::vector<double> both = conversations_ms;
    both.insert(both.end(), items_ms.begin(), items_ms.end());
    std::printf("%d queries after %d warm-up ones (%d capped at the window, %d with no conversation)\n", query_count,
                warmup, capped, empty);
    Print("ListConversations", conversations_ms);
    Print("SearchItems", items_ms);
    Print("both", both);
    return 0;
}
