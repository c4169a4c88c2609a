// Request metrics in Prometheus text format: requests by route and status, latency histograms by
// route, and gauges supplied by callbacks (database pool). Thread-safe (one mutex; the critical
// sections are a map update).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace belfry::http {

class Metrics {
  public:
    void Record(const std::string& method, const std::string& route, int status, double seconds);
    // Adds a gauge evaluated at each scrape.
    void AddGauge(std::string name, std::string help, std::function<double()> read);
    std::string RenderPrometheus() const;

  private:
    struct Histogram {
        std::vector<long long> buckets;
        double sum = 0;
        long long count = 0;
    };
    struct Gauge {
        std::string name;
        std::string help;
        std::function<double()> read;
    };
    mutable std::mutex mu_;
    std::map<std::tuple<std::string, std::string, int>, long long> requests_;
    std::map<std::string, Histogram> latency_;
    std::vector<Gauge> gauges_;
};

}  // namespace belfry::http
