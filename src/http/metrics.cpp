#include "http/metrics.hpp"

#include <array>
#include <sstream>

namespace belfry::http {

namespace {
constexpr std::array<double, 10> kBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

std::string Escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}
}  // namespace

void Metrics::Record(const std::string& method, const std::string& route, int status, double seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[{route, method, status}];
    auto& h = latency_[route];
    if (h.buckets.empty()) h.buckets.assign(kBounds.size(), 0);
    for (size_t i = 0; i < kBounds.size(); ++i) {
        if (seconds <= kBounds[i]) ++h.buckets[i];
    }
    h.sum += seconds;
    ++h.count;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard<std::mutex> lock(mu_);
    gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::RenderPrometheus() const {
    std::ostringstream out;
    std::lock_guard<std::mutex> lock(mu_);
    out << "# HELP belfry_http_requests_total HTTP requests by route pattern, method and status.\n"
        << "# TYPE belfry_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [route, method, status] = key;
        out << "belfry_http_requests_total{route=\"" << Escape(route) << "\",method=\"" << method << "\",status=\""
            << status << "\"} " << count << "\n";
    }
    out << "# HELP belfry_http_request_duration_seconds Time to answer a request, by route pattern.\n"
        << "# TYPE belfry_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        for (size_t i = 0; i < kBounds.size(); ++i) {
            out << "belfry_http_request_duration_seconds_bucket{route=\"" << Escape(route) << "\",le=\"" << kBounds[i]
                << "\"} " << h.buckets[i] << "\n";
        }
        out << "belfry_http_request_duration_seconds_bucket{route=\"" << Escape(route) << "\",le=\"+Inf\"} " << h.count
            << "\n";
        out << "belfry_http_request_duration_seconds_sum{route=\"" << Escape(route) << "\"} " << h.sum << "\n";
        out << "belfry_http_request_duration_seconds_count{route=\"" << Escape(route) << "\"} " << h.count << "\n";
    }
    for (const auto& g : gauges_) {
        out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n"
            << g.name << " " << g.read() << "\n";
    }
    return out.str();
}

}  // namespace belfry::http
