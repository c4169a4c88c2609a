// The social networks belfry knows, by stable lowercase name.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace belfry::core {

enum class Network {
    kFacebook,
    kX,
    kLinkedin,
    kYoutube,
    kInstagram,
    kFlickr,
    kVimeo,
    kMastodon,
    kBluesky,
    kThreads,
    kGooglePlus,  // historical accounts only
    kOther,
};

// "facebook", "x", "linkedin", "youtube", "instagram", "flickr", "vimeo", "mastodon", "bluesky",
// "threads", "googleplus", "other".
std::string_view NetworkName(Network network);
// As people write it in a sentence: "Mastodon", "LinkedIn", "X", … ("the network" for other).
std::string_view NetworkDisplayName(Network network);

// Accepts the names above, case-insensitively, and "twitter" for x, "google+"/"gplus" for googleplus.
std::optional<Network> ParseNetwork(std::string_view name);

const std::vector<Network>& AllNetworks();

}  // namespace belfry::core
