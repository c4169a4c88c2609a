// Small helpers shared by the API tests: request bodies, ids, and one assertion for RFC 9457 problems.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace belfry::testing {

// The four names every organisation carries.
inline boost::json::object Names(const std::string& base) {
    return {{"fr", base + " FR"}, {"nl", base + " NL"}, {"de", base + " DE"}, {"en", base + " EN"}};
}

// A channel creation body; `url` may be any URL form or "handle@network".
inline boost::json::object ChannelBody(long long org, const std::string& url,
                                       const std::string& display_name = "An account",
                                       std::vector<std::string> languages = {"fr", "nl"}) {
    boost::json::array langs;
    for (const auto& l : languages) langs.emplace_back(l);
    return {{"organisation_id", org}, {"url", url}, {"display_name", display_name}, {"languages", langs}};
}

inline long long IdOf(const HttpResult& r) {
    if (!r.json.is_object() || !r.json.as_object().contains("id")) return 0;
    return r.json.at("id").as_int64();
}

inline std::string Str(const boost::json::value& v, const char* key) {
    if (!v.is_object()) return {};
    const auto* found = v.as_object().if_contains(key);
    return found != nullptr && found->is_string() ? std::string(found->as_string()) : std::string();
}

// The ids of a list answer's items, in order.
inline std::vector<long long> ItemIds(const HttpResult& r) {
    std::vector<long long> ids;
    if (!r.json.is_object() || !r.json.as_object().contains("items")) return ids;
    for (const auto& item : r.json.at("items").as_array()) ids.push_back(item.at("id").as_int64());
    return ids;
}

// Checks an RFC 9457 answer: HTTP status, problem+json content type, the `type` and `status` members,
// and (when given) the `field` member and a fragment of `detail`.
inline ::testing::AssertionResult IsProblem(const HttpResult& r, int status, const std::string& kind,
                                            const std::string& field = "", const std::string& detail_part = "") {
    auto fail = [&](const std::string& what) {
        return ::testing::AssertionFailure() << what << "\n  status " << r.status << ", body: " << r.body;
    };
    if (r.status != status) return fail("expected status " + std::to_string(status));
    if (r.Header("content-type").rfind("application/problem+json", 0) != 0) {
        return fail("content-type is '" + r.Header("content-type") + "', not application/problem+json");
    }
    if (!r.json.is_object()) return fail("the body is not a JSON object");
    if (Str(r.json, "type") != "/problems/" + kind) return fail("expected type /problems/" + kind);
    const auto* st = r.json.as_object().if_contains("status");
    if (st == nullptr || !st->is_int64() || st->as_int64() != status) {
        return fail("the problem's status member differs from the HTTP status " + std::to_string(status));
    }
    if (Str(r.json, "detail").empty()) return fail("the problem has no detail");
    if (!field.empty() && Str(r.json, "field") != field) return fail("expected field '" + field + "'");
    if (!detail_part.empty() && Str(r.json, "detail").find(detail_part) == std::string::npos) {
        return fail("the detail does not mention '" + detail_part + "'");
    }
    return ::testing::AssertionSuccess();
}

}  // namespace belfry::testing
