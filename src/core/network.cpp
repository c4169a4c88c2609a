#include "core/network.hpp"

#include <array>
#include <string>

#include "core/text.hpp"

namespace belfry::core {

namespace {
struct NetworkEntry {
    Network network;
    std::string_view name;
};
constexpr std::array<NetworkEntry, 12> kNetworks{{
    {Network::kFacebook, "facebook"},
    {Network::kX, "x"},
    {Network::kLinkedin, "linkedin"},
    {Network::kYoutube, "youtube"},
    {Network::kInstagram, "instagram"},
    {Network::kFlickr, "flickr"},
    {Network::kVimeo, "vimeo"},
    {Network::kMastodon, "mastodon"},
    {Network::kBluesky, "bluesky"},
    {Network::kThreads, "threads"},
    {Network::kGooglePlus, "googleplus"},
    {Network::kOther, "other"},
}};
}  // namespace

std::string_view NetworkName(Network network) {
    for (const auto& e : kNetworks) {
        if (e.network == network) return e.name;
    }
    return "other";
}

std::optional<Network> ParseNetwork(std::string_view name) {
    const std::string lower = AsciiLower(name);
    for (const auto& e : kNetworks) {
        if (e.name == lower) return e.network;
    }
    if (lower == "twitter") return Network::kX;
    if (lower == "google+" || lower == "gplus" || lower == "google-plus") return Network::kGooglePlus;
    return std::nullopt;
}

const std::vector<Network>& AllNetworks() {
    static const std::vector<Network> all = [] {
        std::vector<Network> v;
        v.reserve(kNetworks.size());
        for (const auto& e : kNetworks) v.push_back(e.network);
        return v;
    }();
    return all;
}

}  // namespace belfry::core
