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
// app.bsky.feed.threadgate (post, createdAt, allow ≤ 5 rules, hiddenReplies ≤ 300 at-uris), worded
// as @atproto/pds 0.5 words it ("array too big (maximum 300, got 301) at $.record.hiddenReplies").
inline constexpr std::size_t kThreadgateMaxHidden = 300;
inline constexpr std::size_t kThreadgateMaxAllow = 5;
std::optional<std::string> CheckThreadgate(const boost::json::object& record);
// The lexicon check of a record by collection (post, threadgate; anything else passes).
std::optional<std::string> CheckRecord(const std::string& collection, const boost::json::object& record);
// "at://did/collection/rkey" → its parts; false when it is not one.
bool SplitAtUri(const std::string& uri, std::string* did, std::string* collection, std::string* rkey);
// Whether the reply `uri` is hidden by its thread root's author (threadgate hiddenReplies).
bool IsHiddenReply(const Data& d, const Record& reply);
// The display name of a Bluesky account: its profile record's displayName, else the one netsim knows.
std::string DisplayName(const Data& d, const Account& a);
// A blob the record references that `did` has not uploaded, or "".
std::string MissingBlob(const Data& d, const std::string& did, const boost::json::value& v);
// A required string field of the input or a query parameter, with the PDS's message when missing.
std::optional<std::string> InputString(const boost::json::object& input, const char* key);

}  // namespace bluesky
}  // namespace belfry::netsim
