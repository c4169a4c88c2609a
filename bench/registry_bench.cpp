// Micro-benchmarks of the registry's hot paths: URL parsing (every verify request) and the
// permission check (every API request).
#include <benchmark/benchmark.h>

#include "core/clock.hpp"
#include "registry/channel_url.hpp"
#include "security/roles.hpp"

namespace {

void BM_ParseAccountUrl(benchmark::State& state) {
    const char* inputs[] = {"http://twitter.com/belgiumbe", "www.facebook.com/Belgium.be",
                            "https://mastodon.social/@handle", "https://bsky.app/profile/x.bsky.social",
                            "http://www.youtube.com/user/WebmasterBelgium"};
    size_t i = 0;
    for (auto _ : state) {
        auto r = belfry::registry::ParseAccountUrl(inputs[i++ % 5]);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_ParseAccountUrl);

void BM_AuthorizerCan(benchmark::State& state) {
    belfry::security::OrgTree tree;
    // A government of 500 organisations, 4 levels deep.
    tree.Add(1, 0);
    for (long long id = 2; id <= 500; ++id) tree.Add(id, id <= 20 ? 1 : (id <= 100 ? id % 19 + 2 : id % 80 + 21));
    belfry::core::SystemClock clock;
    belfry::security::Authorizer authz(clock);
    belfry::security::Principal who;
    who.grants = {{1, 5, belfry::security::Role::kEditor, std::nullopt},
                  {2, 30, belfry::security::Role::kAdministrator, std::nullopt}};
    long long org = 101;
    for (auto _ : state) {
        benchmark::DoNotOptimize(authz.Can(who, belfry::security::Action::kManageRegistry, org, tree));
        org = org == 500 ? 101 : org + 1;
    }
}
BENCHMARK(BM_AuthorizerCan);

}  // namespace
