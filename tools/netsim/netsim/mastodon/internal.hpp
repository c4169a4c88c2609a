// Mastodon internals shared by its .cpp files: one call, and the JSON entities
// (docs.joinmastodon.org/entities: Account, Status, MediaAttachment, Error).
//
// Contract: the *Json functions read Data and must be called under State::Locked(). Times are ISO 8601
// with milliseconds; ids are strings; absent optional values are JSON null, as upstream.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "netsim/forms.hpp"
#include "netsim/mastodon/mastodon.hpp"
#include "netsim/state.hpp"

namespace belfry::netsim {

struct Mastodon::Call {
    http::Request& req;
    Params params;
    std::vector<std::string> ids;  // from the path pattern
    std::string account_id;        // empty when the call carries no token
};

namespace mastodon {

inline constexpr int kMaxMedia = 4;
inline constexpr long kMaxDescription = 1500;
inline constexpr std::size_t kImageSizeLimit = std::size_t{16} * 1024 * 1024;

boost::json::value Error(const std::string& message);
boost::json::object AccountJson(const Data& d, const Account& a, bool credentials);
boost::json::object StatusJson(const Data& d, const Status& s, bool with_source);
boost::json::object MediaJson(const Data& d, const Media& m, bool processing);
boost::json::object NotificationJson(const Data& d, const Notification& n);
boost::json::object ReportJson(const Data& d, const Report& r);
const Account* AccountById(const Data& d, const std::string& id);
// The host part of netsim's base URL ("127.0.0.1"): "@user@<it>" is a local mention.
std::string LocalHost(const Data& d);
// The local accounts a text mentions ("@user", "@user@<local host>"), each once, in order.
std::vector<std::string> ResolveMentions(const Data& d, std::string_view text);
// Whether `viewer` (an account id, "" when anonymous) may see the status: public and unlisted for
// everyone; private and direct for the author and the accounts it mentions (followers are not simulated).
bool CanSee(const Status& s, const std::string& viewer);
// "image", "video", "audio", or "" when Mastodon refuses the MIME type.
std::string MediaType(const std::string& mime);
std::string Extension(const std::string& mime);
bool Truthy(const std::string& v);
long CodePoints(const std::string& utf8);

}  // namespace mastodon
}  // namespace belfry::netsim
