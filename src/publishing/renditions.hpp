// Derives what each target channel receives from a post's language variants.
//
// A channel gets the variants in its languages (canonical order fr, nl, de, en). When it speaks
// several, `bilingual_mode` decides: "combined" → one post with the texts one after the other
// (Belgian language law: identical content in each language), "twin" → one post per language.
// A link is appended to each text with UTM parameters naming the network and the post.
// Each rendition is checked against its network's rules (text_rules.hpp). Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/network.hpp"
#include "publishing/model.hpp"
#include "publishing/text_rules.hpp"

namespace belfry::publishing {

struct TargetChannel {
    long long id = 0;
    core::Network network = core::Network::kOther;
    std::string display_name;
    std::vector<std::string> languages;
    std::string bilingual_mode = "combined";
    int text_limit = 0;  // 0: the network's default
};

struct PlannedRendition {
    long long channel_id = 0;
    core::Network network = core::Network::kOther;
    std::vector<std::string> languages;
    std::string text;
    RuleCheck check;
};

// A problem with the post as a whole (channel_id 0) or with one channel (no variant in its languages).
struct PlanProblem {
    long long channel_id = 0;
    std::string field;  // the post's field to change: "channel_ids" or "variants"
    std::string message;
};

struct RenditionPlan {
    std::vector<PlannedRendition> renditions;
    std::vector<PlanProblem> problems;
    bool ok() const;
};

RenditionPlan PlanRenditions(const Post& post, const std::vector<TargetChannel>& channels);

// "https://x.be/a?b=1" → "https://x.be/a?b=1&utm_source=mastodon&utm_medium=social&utm_campaign=belfry-42".
std::string WithUtm(const std::string& url, core::Network network, long long post_id);

}  // namespace belfry::publishing
