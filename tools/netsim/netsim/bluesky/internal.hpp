// Bluesky internals shared by its .cpp files: one call, XRPC errors, record validation.
//
// Contract: functions taking Data are called under State::Locked().
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "http/message.hpp"
#include "netsim/bluesky/bluesky.hpp"
#include "netsim/state.hpp"

namespace belfry::netsim {

struct Bluesky::Call {
    http::Request& req;
    boost::json::object input;  // the JSON body of a procedure
    std::string did;            // the authenticated account, when the method needs one
};

namespace bluesky {

inline constexpr core::Millis kAccessLifetime = 2 * core::kHourMs;
inline constexpr core::Millis kRefreshLifetime = 90 * core::kDayMs;

http::Response XrpcError(int status, const std::string& name, const std::string& message);
// The did of a repo given as a did or a handle, or "".
std::string ResolveRepo(const Data& d, const std::string& repo);
// The lexicon checks of app.bsky.feed.post: the problem, as the PDS words it after "Invalid … record: ".
std::optional<std::string> CheckPost(const boost::json::object& record);
// A blob the record references that `did` has not uploaded, or "".
std::string MissingBlob(const Data& d, const std::string& did, const boost::json::value& v);
// A required string field of the input or a query parameter, with the PDS's message when missing.
std::optional<std::string> InputString(const boost::json::object& input, const char* key);

}  // namespace bluesky
}  // namespace belfry::netsim
