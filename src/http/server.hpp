// HttpServer: HTTP/1.1 over Boost.Beast with C++20 coroutines.
//
// Contract
// - Listens on one address; Start() binds (port 0 picks a free one) and returns the bound endpoint.
// - Paths the router handles (/api/…, /healthz, /metrics) go to the router; other GET paths are
//   files of the web root, and unknown ones fall back to index.html (single-page app).
// - Bodies over `max_body_bytes` get 413 without being read further; idle connections close after
//   30 s. `body_limit(method, path)`, when set and non-zero for a request, replaces max_body_bytes
//   for it when the request carries credentials (Authorization or Cookie; the router checks them
//   next), judged from the request line and headers before the body. Every response carries the
//   security headers (CSP, nosniff, frame-ancestors none, …).
// - Handlers run on the I/O threads (they may block on the database; size `threads` accordingly).
// - Stop() closes the listener and lets Run() return.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/router.hpp"

namespace belfry::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 4;
    std::size_t max_body_bytes = std::size_t{1024} * 1024;
    std::string web_root;  // empty: no static files
    std::function<std::size_t(const std::string& method, const std::string& path)> body_limit;
};

using RequestHandler = std::function<Response(Request&)>;

class HttpServer {
  public:
    // Serves every request with `handler` (which may set Response::delay_ms or close_without_response).
    HttpServer(RequestHandler handler, ServerOptions options);
    // belfry's own wiring: paths the router handles go to it, the rest are files of options.web_root.
    HttpServer(Router& router, const ServerOptions& options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts accepting; returns "http://host:port".
    core::Result<std::string> Start();
    // Blocks, serving on `threads` threads, until Stop().
    void Run();
    void Stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace belfry::http
