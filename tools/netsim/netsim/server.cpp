#include "netsim/server.hpp"

#include "core/log.hpp"
#include "core/text.hpp"
#include "netsim/bluesky/bluesky.hpp"
#include "netsim/mastodon/mastodon.hpp"
#include "security/crypto.hpp"

namespace belfry::netsim {

namespace {

constexpr std::size_t kMaxBody = std::size_t{100} * 1024 * 1024;

http::ServerOptions ServerOpts(std::string host, unsigned short port, int threads) {
    http::ServerOptions o;
    o.host = std::move(host);
    o.port = port;
    o.threads = threads;
    o.max_body_bytes = kMaxBody;
    return o;
}

}  // namespace

Netsim::Netsim(Options options, const core::Clock* clock)
    : clock_(clock ? *clock : system_clock_), state_(options.settings), ids_(options.seed) {
    security::InitCrypto();
    const Context ctx{state_, limiter_, ids_, clock_};
    networks_.push_back(std::make_unique<Mastodon>(ctx));
    networks_.push_back(std::make_unique<Bluesky>(ctx));
    citizens_ = std::make_unique<Citizens>(ctx, networks_, options.citizens);
    control_ = std::make_unique<Control>(ctx, faults_, networks_, *citizens_, options.seed);
}

void Netsim::SetBaseUrl(const std::string& url) {
    state_.Locked([&](Data& d) { d.base_url = url; });
}

http::Response Netsim::Handle(http::Request& req) {
    try {
        if (core::StartsWith(req.path, "/_netsim/")) return control_->Handle(req);
        for (auto& net : networks_) {
            if (net->Handles(req)) return HandleNetwork(*net, req);
        }
        return JsonAnswer(404, boost::json::object{{"error", "netsim does not serve " + req.path}});
    } catch (const std::exception& e) {
        core::LogEvent(spdlog::level::err, "netsim internal error", {{"path", req.path}, {"error", e.what()}});
        return JsonAnswer(500, boost::json::object{{"error", "netsim internal error"}});
    }
}

http::Response Netsim::HandleNetwork(Network& net, http::Request& req) {
    const std::string endpoint = net.Endpoint(req);
    const auto fault = endpoint.empty() ? std::nullopt : faults_.Take(net.Name(), endpoint);
    http::Response res;
    if (!fault) {
        res = net.Handle(req);
    } else {
        switch (fault->kind) {
            case FaultKind::k429:
                res = net.FaultResponse(FaultKind::k429);
                res.headers.emplace_back("Retry-After", std::to_string(fault->retry_after));
                break;
            case FaultKind::k500:
                res = net.FaultResponse(FaultKind::k500);
                break;
            case FaultKind::kTimeout:
                res.status = 504;  // never sent: the connection is closed after the delay
                res.delay_ms = fault->delay_ms;
                res.close_without_response = true;
                break;
            case FaultKind::kDropAfterStore:
                res = net.Handle(req);
                res.close_without_response = true;
                break;
        }
    }
    res.delay_ms += state_.Locked([](Data& d) { return d.settings.latency_ms; });
    boost::json::object fields{{"network", net.Name()},
                               {"method", req.method},
                               {"path", req.path},
                               {"status", res.close_without_response ? 0 : res.status}};
    if (fault) fields["fault"] = FaultKindName(fault->kind);
    core::LogEvent(spdlog::level::info, "netsim call", std::move(fields));
    return res;
}

NetsimServer::NetsimServer(Options options, std::string host, unsigned short port, const core::Clock* clock,
                           int threads)
    : sim_(options, clock),
      server_([this](http::Request& req) { return sim_.Handle(req); }, ServerOpts(std::move(host), port, threads)) {}

NetsimServer::~NetsimServer() { StopTicker(); }

core::Result<std::string> NetsimServer::Start() {
    auto url = server_.Start();
    if (!url.ok()) return url;
    sim_.SetBaseUrl(url.value());
    ticker_ = std::thread([this] {
        std::unique_lock lock(ticker_mu_);
        while (!ticker_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return ticker_stop_; })) {
            lock.unlock();
            try {
                sim_.citizens().Step();
            } catch (const std::exception& e) {
                core::LogEvent(spdlog::level::err, "netsim citizens failed", {{"error", e.what()}});
            }
            lock.lock();
        }
    });
    return url;
}

void NetsimServer::StopTicker() {
    {
        std::lock_guard lock(ticker_mu_);
        ticker_stop_ = true;
    }
    ticker_cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
}

void NetsimServer::Stop() {
    StopTicker();
    server_.Stop();
}

}  // namespace belfry::netsim
