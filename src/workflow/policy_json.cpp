#include "workflow/policy_json.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"

namespace belfry::workflow {

namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string>& list) {
    json::array a;
    for (const auto& s : list) a.emplace_back(s);
    return a;
}

json::array Periods(const std::vector<ElectionPeriod>& periods) {
    json::array a;
    for (const auto& p : periods) {
        a.push_back(json::object{
            {"name", p.name}, {"from", core::FormatRfc3339(p.from)}, {"until", core::FormatRfc3339(p.until)}});
    }
    return a;
}

std::optional<std::vector<std::string>> ReadStrings(const json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& v : it->value().as_array()) {
        if (v.is_string()) out.emplace_back(v.as_string());
    }
    return out;
}

}  // namespace

json::object SettingsToJson(const PolicySettings& s) {
    json::object o;
    if (s.peer_reviews) o["peer_reviews"] = *s.peer_reviews;
    if (s.sensitive_keywords) o["sensitive_keywords"] = Strings(*s.sensitive_keywords);
    if (s.sensitive_tags) o["sensitive_tags"] = Strings(*s.sensitive_tags);
    if (s.sensitive_content_types) o["sensitive_content_types"] = Strings(*s.sensitive_content_types);
    if (s.require_attestation) o["require_attestation"] = *s.require_attestation;
    if (s.required_languages) o["required_languages"] = Strings(*s.required_languages);
    if (s.channel_language_parity) o["channel_language_parity"] = *s.channel_language_parity;
    if (s.neutrality_terms) o["neutrality_terms"] = Strings(*s.neutrality_terms);
    if (s.election_periods) o["election_periods"] = Periods(*s.election_periods);
    return o;
}

PolicySettings SettingsFromJson(long long organisation_id, const json::object& o) {
    PolicySettings s;
    s.organisation_id = organisation_id;
    if (auto it = o.find("peer_reviews"); it != o.end() && it->value().is_int64()) {
        s.peer_reviews = static_cast<int>(it->value().as_int64());
    }
    s.sensitive_keywords = ReadStrings(o, "sensitive_keywords");
    s.sensitive_tags = ReadStrings(o, "sensitive_tags");
    s.sensitive_content_types = ReadStrings(o, "sensitive_content_types");
    if (auto it = o.find("require_attestation"); it != o.end() && it->value().is_bool()) {
        s.require_attestation = it->value().as_bool();
    }
    s.required_languages = ReadStrings(o, "required_languages");
    if (auto it = o.find("channel_language_parity"); it != o.end() && it->value().is_bool()) {
        s.channel_language_parity = it->value().as_bool();
    }
    s.neutrality_terms = ReadStrings(o, "neutrality_terms");
    if (auto it = o.find("election_periods"); it != o.end() && it->value().is_array()) {
        std::vector<ElectionPeriod> periods;
        for (const auto& v : it->value().as_array()) {
            if (!v.is_object()) continue;
            const auto& p = v.as_object();
            ElectionPeriod e;
            if (auto n = p.find("name"); n != p.end() && n->value().is_string()) e.name = n->value().as_string();
            if (auto f = p.find("from"); f != p.end() && f->value().is_string()) {
                e.from = core::ParseRfc3339(std::string(f->value().as_string())).value_or(0);
            }
            if (auto u = p.find("until"); u != p.end() && u->value().is_string()) {
                e.until = core::ParseRfc3339(std::string(u->value().as_string())).value_or(0);
            }
            periods.push_back(std::move(e));
        }
        s.election_periods = std::move(periods);
    }
    return s;
}

json::object PolicyToJson(const Policy& p) {
    json::object set_by;
    for (const auto& [rule, org] : p.set_by) set_by[rule] = org;
    return {{"peer_reviews", p.peer_reviews},
            {"sensitive_keywords", Strings(p.sensitive_keywords)},
            {"sensitive_tags", Strings(p.sensitive_tags)},
            {"sensitive_content_types", Strings(p.sensitive_content_types)},
            {"require_attestation", p.require_attestation},
            {"required_languages", Strings(p.required_languages)},
            {"channel_language_parity", p.channel_language_parity},
            {"neutrality_terms", Strings(p.neutrality_terms)},
            {"election_periods", Periods(p.election_periods)},
            {"set_by", set_by}};
}

}  // namespace belfry::workflow
