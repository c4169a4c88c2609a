// Request and Response as the router and the API handlers see them: no Beast types, so handler
// files compile quickly and can be tested without sockets.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace belfry::http {

struct Request {
    std::string method;                              // "GET", "POST", …
    std::string target;                              // path and query as received
    std::string path;                                // decoded path
    std::multimap<std::string, std::string> query;   // decoded
    std::map<std::string, std::string> headers;      // lower-case names
    std::map<std::string, std::string> path_params;  // from the route pattern
    std::string body;
    std::string remote_ip;

    std::string Header(const std::string& lower_name) const;
    std::optional<std::string> QueryParam(const std::string& name) const;
    std::string Cookie(const std::string& name) const;
};

// The body of a response that stays open (server-sent events): the server calls Poll() every
// `poll_ms` on an I/O thread, sends what it returns at once, and ends the response when it returns
// nullopt or the client goes away. Poll() must not block.
class StreamBody {
  public:
    virtual ~StreamBody() = default;
    virtual std::optional<std::string> Poll() = 0;
    int poll_ms = 250;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int delay_ms = 0;                     // wait this long before answering (netsim's latency)
    bool close_without_response = false;  // drop the connection instead of answering (netsim's faults)
    std::shared_ptr<StreamBody> stream;   // set: the headers go now, then what the stream gives (no body)

    static Response Json(int status, const boost::json::value& v);
    static Response NoContent();
    static Response Problem(const core::Error& error, const std::string& instance = "");
};

// The one mapping from ErrorCode to HTTP status (and to the problem "type" and title).
int StatusFor(core::ErrorCode code);

}  // namespace belfry::http
