// Shared by the publishing benches: a government with one service, and `count` Mastodon channels of
// that service, each with its own netsim account and connected (credentials sealed).
#pragma once

#include <boost/json.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::bench {

struct BenchWorld {
    long long organisation_id = 0;
    std::vector<long long> channel_ids;
};

// nullopt (the reason printed on stderr) when the world cannot be built.
inline std::optional<BenchWorld> ConnectedMastodonChannels(app::App& app, testing::NetsimProcess& netsim, int count,
                                                           const std::string& handle_prefix,
                                                           const std::vector<std::string>& languages,
                                                           std::optional<std::string> bilingual_mode = std::nullopt) {
    namespace json = boost::json;
    const auto system = security::Principal::System("bench");
    BenchWorld world;
    registry::OrganisationInput gov{std::nullopt, "government", "gov", {"g", "g", "g", "g"}};
    const long long root = app.registry->CreateOrganisation(system, gov)->id;
    registry::OrganisationInput fa{root, "service", "fa", {"a", "a", "a", "a"}};
    world.organisation_id = app.registry->CreateOrganisation(system, fa)->id;
    // The benches measure publishing: their posts need no review (the workflow has its own tests).
    workflow::PolicySettings no_review;
    no_review.peer_reviews = 0;
    no_review.require_attestation = false;
    no_review.channel_language_parity = false;
    (void)app.workflow->PutPolicy(system, root, no_review);

    testing::Client sim(netsim.port());
    for (int i = 0; i < count; ++i) {
        const std::string handle = handle_prefix + std::to_string(i);
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", "mastodon"}, {"handle", handle}});
        registry::ChannelInput in;
        in.organisation_id = world.organisation_id;
        in.network = "mastodon";
        in.handle = handle + "@netsim.test";
        in.display_name = handle;
        in.languages = languages;
        auto channel = app.registry->CreateChannel(system, in);
        if (!channel.ok()) {
            std::cerr << channel.error().message << "\n";
            return std::nullopt;
        }
        world.channel_ids.push_back(channel->id);
        publishing::ConnectionInput connection;
        connection.api_base_url = netsim.url();
        connection.bilingual_mode = bilingual_mode;
        connection.credentials = json::serialize(json::object{{"access_token", account.json.at("access_token")}});
        if (auto connected = app.publishing->ConnectChannel(system, channel->id, connection); !connected.ok()) {
            std::cerr << connected.error().message << "\n";
            return std::nullopt;
        }
    }
    return world;
}

}  // namespace belfry::bench
