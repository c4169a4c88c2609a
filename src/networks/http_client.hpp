// HttpClient: the one way the connectors talk to the networks, and CurlHttpClient, its libcurl
// implementation.
//
// Contract
// - Send() returns a response for every HTTP answer, whatever its status (4xx and 5xx included):
//   deciding what a status means is the connector's job.
// - Send() returns an Error only when no complete answer was read. The error says whether the
//   request may have reached the server (TransportMayHaveDelivered): for a publish that is the
//   difference between "nothing happened, try again" and "outcome unknown, reconcile first".
//     kUnavailable       connection refused, name not resolved, TLS failure, timeout, connection
//                        dropped, reset or closed before the answer was complete
//     kPayloadTooLarge   the answer was larger than the response limit (the server did answer)
//     kInvalidArgument   the URL or method cannot be used (nothing was sent)
//   Error::field carries kNotDelivered or kMaybeDelivered; anything else counts as "maybe".
// - Response header names are lower-case; repeated headers are joined with ", ".
// - CurlHttpClient: TLS verification on, proxy from the environment (libcurl's default:
//   http_proxy, https_proxy, no_proxy), no redirects followed, connect and total timeouts, one easy
//   handle per thread (connections are kept alive and reused for reads), curl_global_init once.
//   Requests that change state (POST, PUT, PATCH) always use a fresh connection: libcurl silently
//   re-sends a request whose reused connection died before any answer byte, and a publish must
//   never be re-sent blindly. Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace belfry::networks {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;  // sent as given
    std::string body;
    int timeout_ms = 30000;  // the whole exchange; connecting gets at most 10 s of it
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    // The header's value, or "" (name in any case).
    std::string Header(std::string_view name) const;
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    virtual core::Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// Error::field values of a transport error.
inline constexpr std::string_view kNotDelivered = "transport:not_delivered";
inline constexpr std::string_view kMaybeDelivered = "transport:maybe_delivered";

// A transport error (kUnavailable) that did or did not possibly reach the server.
core::Error TransportError(bool maybe_delivered, std::string message);
// False only when the error says for certain that nothing reached the server.
bool TransportMayHaveDelivered(const core::Error& error);

struct CurlOptions {
    std::size_t max_response_bytes = std::size_t{8} * 1024 * 1024;
    int connect_timeout_ms = 10000;
    std::string user_agent;  // default "belfry/<version>"
};

class CurlHttpClient final : public HttpClient {
  public:
    CurlHttpClient();
    explicit CurlHttpClient(CurlOptions options);
    core::Result<HttpResponse> Send(const HttpRequest& request) override;

  private:
    CurlOptions options_;
};

}  // namespace belfry::networks
