// Editorial policy: the rules an organisation sets for what it publishes, inherited down the
// organisation tree, and their evaluation on a post (issue 4, "Policy rules").
//
// Contract
// - PolicySettings are one organisation's own settings; an unset field inherits from the parent.
//   Resolve() folds a chain (root first) into the effective Policy and remembers which organisation
//   set each rule, so a finding can say where the rule comes from.
// - Evaluate() is pure: given the effective policy and a post (its text per language, content type,
//   tags, images, links, the author's attestation, the languages its channels require and the
//   names that make a post sensitive), it returns every finding. A finding names its rule, what it
//   matched (words, languages, images), its effect, and who can unblock it:
//     kBlocks             the post cannot be submitted until the author fixes it
//     kNeedsSpokesperson  the spokesperson must approve in addition to the peer reviews
//     kAdvice             shown to the author and the reviewers; blocks nothing
// - Words are matched as whole words, ignoring case and accents (core::FoldForMatch).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace belfry::workflow {

struct ElectionPeriod {
    std::string name;  // "Élections fédérales 2029"
    core::Millis from = 0;
    core::Millis until = 0;  // exclusive
};

// One organisation's own settings; nullopt inherits.
struct PolicySettings {
    long long organisation_id = 0;
    std::optional<int> peer_reviews;  // 0, 1 or 2
    std::optional<std::vector<std::string>> sensitive_keywords;
    std::optional<std::vector<std::string>> sensitive_tags;
    std::optional<std::vector<std::string>> sensitive_content_types;
    std::optional<bool> require_attestation;
    std::optional<std::vector<std::string>> required_languages;  // language parity, e.g. fr+nl
    // Channels publishing in two or three national languages require each of them.
    std::optional<bool> channel_language_parity;
    std::optional<std::vector<std::string>> neutrality_terms;  // party names, campaign slogans
    std::optional<std::vector<ElectionPeriod>> election_periods;
};

// The effective policy. `set_by[rule]` is the organisation whose setting applies (0: the default).
struct Policy {
    int peer_reviews = 1;
    std::vector<std::string> sensitive_keywords;
    std::vector<std::string> sensitive_tags;
    std::vector<std::string> sensitive_content_types = {"crisis_information", "travel_advice"};
    bool require_attestation = true;
    std::vector<std::string> required_languages;
    bool channel_language_parity = true;
    std::vector<std::string> neutrality_terms;
    std::vector<ElectionPeriod> election_periods;
    std::map<std::string, long long> set_by;
};

// Validates one organisation's settings: every problem says which field and what to do.
std::vector<std::string> ValidateSettings(const PolicySettings& settings);

// `chain`: the organisation's settings from the root of the tree down to the organisation itself.
Policy Resolve(const std::vector<PolicySettings>& chain);

struct Image {
    std::string label;                       // how the author knows it: file name or "image 2"
    std::map<std::string, std::string> alt;  // language → alt text
};

struct PostDraft {
    std::string content_type = "other";
    std::vector<std::string> tags;
    std::map<std::string, std::string> variants;             // language → text
    std::map<std::string, core::Millis> variant_created_at;  // language → first written (absent: long ago)
    std::map<std::string, core::Millis> variant_updated_at;  // language → last change
    std::vector<Image> images;
    bool attested = false;  // "could be given on the record to the press"
    // Languages the target channels require (a channel marked bilingual fr+nl), by channel name.
    std::map<std::string, std::vector<std::string>> channel_languages;
    // Names that make a post sensitive wherever they appear: the ministers of the organisation tree.
    std::vector<std::string> minister_names;
    core::Millis now = 0;
};

enum class Effect { kBlocks, kNeedsSpokesperson, kAdvice };

struct Finding {
    std::string rule;  // attestation, language_parity, stale_variant, sensitive_subject, neutrality,
                       // alt_text, hashtag_case, link_text, empty_variant
    Effect effect = Effect::kAdvice;
    std::vector<std::string> matched;  // words, languages or image labels the rule found
    std::string message;               // what is wrong and what to do, in plain words (English)
    std::string unblock;               // who can unblock: author | spokesperson | nobody
    long long set_by = 0;              // organisation whose setting applied (0: default)
};

struct Evaluation {
    std::vector<Finding> findings;
    int peer_reviews = 1;
    bool needs_spokesperson = false;
    bool blocked = false;
};

Evaluation Evaluate(const Policy& policy, const PostDraft& draft);

std::string_view EffectName(Effect effect);  // blocks | needs_spokesperson | advice

}  // namespace belfry::workflow
