// netsim as a whole: the networks, the control API, latency and faults, on belfry's HttpServer.
//
// Contract
// - Netsim::Handle() dispatches by path prefix: /_netsim/ → Control (no latency, no faults); /api/ and
//   /system/media_attachments/ → Mastodon; /xrpc/ → Bluesky; anything else → 404 {"error":"…"}.
// - For a network call it takes the first matching queued fault (faults.hpp) and applies it, then adds
//   the configured latency to Response::delay_ms — the connection waits on a timer, no thread sleeps.
// - Every network call is logged as one JSON line ("netsim call": method, path, status, fault).
// - An exception in a handler becomes a logged 500 {"error":"netsim internal error"}.
// - NetsimServer listens (port 0 picks a free one); Start() returns "http://host:port", which also
//   becomes the base of every URL netsim hands out. Run() blocks until Stop(). Bodies up to 100 MiB.
//   From Start() to Stop() a thread runs the citizens' schedule (Citizens::Step) every 200 ms.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "http/server.hpp"
#include "netsim/citizens/citizens.hpp"
#include "netsim/control.hpp"
#include "netsim/faults.hpp"
#include "netsim/ids.hpp"
#include "netsim/network.hpp"
#include "netsim/rate_limiter.hpp"
#include "netsim/state.hpp"

namespace belfry::netsim {

struct Options {
    Settings settings;         // latency, Mastodon character limit, …
    std::uint64_t seed = 1;    // of every random value (tokens, DIDs)
    CitizenSettings citizens;  // see citizens/citizens.hpp
};

class Netsim {
  public:
    // `clock` must outlive the Netsim; nullptr: the system clock.
    explicit Netsim(Options options, const core::Clock* clock = nullptr);

    http::Response Handle(http::Request& req);
    void SetBaseUrl(const std::string& url);

    State& state() { return state_; }
    RateLimiter& limiter() { return limiter_; }
    Faults& faults() { return faults_; }
    Citizens& citizens() { return *citizens_; }

  private:
    http::Response HandleNetwork(Network& net, http::Request& req);

    core::SystemClock system_clock_;
    const core::Clock& clock_;
    State state_;
    RateLimiter limiter_;
    Ids ids_;
    Faults faults_;
    std::vector<std::unique_ptr<Network>> networks_;
    std::unique_ptr<Citizens> citizens_;
    std::unique_ptr<Control> control_;
};

class NetsimServer {
  public:
    NetsimServer(Options options, std::string host, unsigned short port, const core::Clock* clock = nullptr,
                 int threads = 2);
    ~NetsimServer();
    NetsimServer(const NetsimServer&) = delete;
    NetsimServer& operator=(const NetsimServer&) = delete;

    core::Result<std::string> Start();
    void Run() { server_.Run(); }
    void Stop();
    Netsim& sim() { return sim_; }

  private:
    void StopTicker();

    Netsim sim_;
    http::HttpServer server_;
    std::mutex ticker_mu_;
    std::condition_variable ticker_cv_;
    bool ticker_stop_ = false;
    std::thread ticker_;
};

}  // namespace belfry::netsim
