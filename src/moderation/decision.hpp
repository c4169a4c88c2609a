// Moderation decisions and an organisation's moderation settings, as stored (migrations/
// 0008_inbox.sql). Plain data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace belfry::moderation {

// At or above hide_threshold: hide at once through the network; at or above queue_threshold: queue
// for a moderator; below: nothing. Only the listed categories are acted on.
struct Settings {
    double hide_threshold = 0.9;
    double queue_threshold = 0.5;
    std::vector<std::string> categories{"insult", "racism", "discrimination", "violence", "spam", "personal_data"};
    bool use_model = false;  // combine the fastText model's score with the rules' when one is trained
};

// An organisation's own lexicon line: kind "add" puts the term in the category, kind "allow" makes
// the word never count (e.g. a place name that contains an insult).
struct Term {
    long long id = 0;
    long long organisation_id = 0;
    std::string kind;  // add | allow
    std::string category;
    std::string language;  // fr, nl, de, en, or "" for all
    std::string term;
    std::string created_by_name;
    core::Millis created_at = 0;
};

inline constexpr std::string_view kActionHide = "hide";
inline constexpr std::string_view kActionQueue = "queue";
inline constexpr std::string_view kActionAllow = "allow";
inline constexpr std::string_view kActionRestore = "restore";

inline constexpr std::string_view kSourceRule = "rule";
inline constexpr std::string_view kSourceModel = "model";
inline constexpr std::string_view kSourcePerson = "person";

// network_result: hidden | restored | not_supported | failed | pending | none
struct Decision {
    long long id = 0;
    long long item_id = 0;
    long long organisation_id = 0;
    std::string action;  // hide | queue | allow | restore
    std::string source;  // rule | model | person
    std::string category;
    std::optional<double> score;
    std::string rule;    // matched terms and signals, e.g. "insult: connard (fr)"
    std::string reason;  // why, in words
    std::string original_text;
    std::optional<long long> decided_by;
    std::string decided_by_name;
    std::optional<long long> reverses;
    std::string network_result = "none";
    std::string network_message;
    int attempts = 0;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
};

}  // namespace belfry::moderation
