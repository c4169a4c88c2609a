// Posts, their language variants and targets, and renditions: what is actually sent to one channel.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "publishing/media.hpp"

namespace belfry::publishing {

inline constexpr std::string_view kContentTypes[] = {
    "press_release",        "legislation",        "minister_quote", "travel_advice", "campaign", "event",
    "consular_information", "crisis_information", "job_offer",      "good_news",     "other"};
bool IsContentType(std::string_view type);

// The editorial workflow (workflow/review.hpp): draft → in_review → approved → scheduled, and
// rejected, withdrawn; then publishing → published | partially_published | failed.
struct Post {
    long long id = 0;
    long long organisation_id = 0;
    std::string content_type = "other";
    std::string status = "draft";
    std::optional<std::string> link_url;
    std::string internal_notes;
    std::optional<core::Millis> publish_at;
    std::string time_zone = "Europe/Brussels";
    long long version = 1;
    std::optional<long long> created_by;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
    std::map<std::string, std::string> variants;             // language → text
    std::map<std::string, core::Millis> variant_created_at;  // language → when it was first written
    std::map<std::string, core::Millis> variant_updated_at;  // language → its last change
    std::vector<std::string> tags;                           // free words; some make a post sensitive
    std::vector<long long> channel_ids;
    std::vector<PostMedia> media;  // in order
    // The on-the-record attestation: who confirmed it, for which version.
    std::optional<long long> attested_by;
    std::optional<long long> attested_version;
};

// scheduled → publishing → published | failed | unconfirmed; cancelled.
// A published rendition can be removed from its network: published → deleting → deleted (the record
// of what was published stays; a failed deletion returns to published with the reason), and, where
// the network allows it, edited: published → editing → published (the new text; each earlier one
// is kept as a RenditionRevision).
struct Rendition {
    long long id = 0;
    long long post_id = 0;
    long long channel_id = 0;
    std::vector<std::string> languages;
    std::string text;
    std::string status = "scheduled";
    std::string idempotency_key;
    std::optional<std::string> remote_id;
    std::optional<std::string> remote_url;
    std::optional<std::string> network_message;
    std::optional<std::string> explanation;
    long long attempts = 0;
    std::optional<core::Millis> publish_at;
    std::optional<core::Millis> published_at;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
};

// A text of a published rendition: the one first published and every edit asked for since.
// pending (the edit is on its way) → live (on the network now) → replaced (a later edit took its
// place); pending → failed (the network refused the edit; network_message and explanation say why).
struct RenditionRevision {
    long long id = 0;
    long long rendition_id = 0;
    std::string text;
    std::string status = "pending";
    std::optional<long long> requested_by;  // the user who asked for this text (the first: who scheduled it)
    std::string requested_by_name;          // username, or "system" / "cli"
    core::Millis requested_at = 0;
    std::optional<core::Millis> live_at;
    std::optional<core::Millis> replaced_at;
    std::optional<std::string> network_message;
    std::optional<std::string> explanation;
};

}  // namespace belfry::publishing
