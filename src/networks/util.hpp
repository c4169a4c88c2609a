// Small helpers shared by the connectors (not part of the connector interface).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "networks/http_client.hpp"
#include "networks/network.hpp"

namespace belfry::networks {

// Percent-encodes everything but the RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view s);

// `base` without trailing slashes, followed by `path` (which starts with '/').
std::string JoinUrl(std::string_view base, std::string_view path);

// The host of an http(s) URL ("mastodon.social"), or "" when it has none.
std::string UrlHost(std::string_view url);

// Parses a JSON object body; nullopt when the body is not a JSON object.
std::optional<boost::json::object> ParseJsonObject(std::string_view body);

// The string member `key` of `o`, or "" when absent or not a string.
std::string JsonString(const boost::json::object& o, std::string_view key);

// The "error" (and "message") of a JSON error body, as the network said it; else the raw body, cut
// to 300 bytes; else "HTTP <status>".
std::string NetworkMessage(const HttpResponse& response);

// "2026-11-22T16:00:00.123Z".
std::string FormatRfc3339Millis(core::Millis ms);

// True for a non-empty printable-ASCII key of at most 64 characters.
bool IsValidIdempotencyKey(std::string_view key);

const core::Clock& ClockOrSystem(const ConnectorOptions& options);

// A PublishResult with the given outcome and words.
PublishResult MakeResult(Outcome outcome, std::string network_message, std::string explanation, int http_status = 0);

}  // namespace belfry::networks
