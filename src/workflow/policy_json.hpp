// JSON form of policy settings: the one encoding the store keeps and the API shows.
// {"peer_reviews": 1, "sensitive_keywords": [...], "sensitive_tags": [...],
//  "sensitive_content_types": [...], "require_attestation": true, "required_languages": ["fr","nl"],
//  "channel_language_parity": true,
//  "neutrality_terms": [...], "election_periods": [{"name", "from", "until"}]} — an absent field
// inherits; times are RFC 3339.
#pragma once

#include <boost/json/object.hpp>

#include "workflow/policy.hpp"

namespace belfry::workflow {

boost::json::object SettingsToJson(const PolicySettings& settings);
// Reads what SettingsToJson wrote (fields of the wrong type are ignored: the store is trusted).
PolicySettings SettingsFromJson(long long organisation_id, const boost::json::object& o);
// The effective policy with, for each rule, the organisation that set it (0: the default).
boost::json::object PolicyToJson(const Policy& policy);

}  // namespace belfry::workflow
