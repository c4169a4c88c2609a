#include "core/network.hpp"

#include <array>
#include <string>

#include "core/text.hpp"

namespace belfry::core {

namespace {
struct NetworkEntry {
    Network network;
    std::string_view name;
    std::string_view display_name;
};
constexpr std::array<NetworkEntry, 12> kNetworks{{
    {Network::kFacebook, "facebook", "Facebook"},
    {Network::kX, "x", "X"},
    {Network::kLinkedin, "linkedin", "LinkedIn"},
    {Network::kYoutube, "youtube", "YouTube"},
    {Network::kInstagram, "instagram", "Instagram"},
    {Network::kFlickr, "flickr", "Flickr"},
    {Network::kVimeo, "vimeo", "Vimeo"},
    {Network::kMastodon, "mastodon", "Mastodon"},
    {Network::kBluesky, "bluesky", "Bluesky"},
    {Network::kThreads, "threads", "Threads"},
    {Network::kGooglePlus, "googleplus", "Google+"},
    {Network::kOther, "other", "the network"},
}};
}  // namespace

std::string_view NetworkName(Network network) {
    for (const auto& e : kNetworks) {
        if (e.network == network) return e.name;
    }
    return "other";
}

std::string_view NetworkDisplayName(Network network) {
    for (const auto& e : kNetworks) {
        if (e.network == network) return e.display_name;
    }
    return "the network";
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
