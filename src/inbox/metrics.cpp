#include "inbox/metrics.hpp"

#include <algorithm>

namespace belfry::inbox {

namespace {

// A group's counters and its first-response times, finished into ResponseStats at the end.
struct Accumulator {
    ResponseStats stats;
    std::vector<core::Millis> times;

    void Add(const ResponseSample& s, core::Millis now) {
        ++stats.conversations;
        if (s.first_response_at) {
            ++stats.answered;
            times.push_back(std::max<core::Millis>(0, *s.first_response_at - s.first_inbound_at));
            if (!s.due_at || *s.first_response_at <= *s.due_at) ++stats.answered_on_time;
        } else if (s.due_at && *s.due_at < now) {
            ++stats.overdue_open;
        }
    }

    ResponseStats Finish() {
        if (stats.conversations > 0) {
            stats.response_rate = static_cast<double>(stats.answered) / static_cast<double>(stats.conversations);
        }
        stats.median_ms = NearestRank(times, 50);
        stats.p90_ms = NearestRank(times, 90);
        return stats;
    }
};

template <class Key>
std::map<Key, ResponseStats> Finish(std::map<Key, Accumulator>& groups) {
    std::map<Key, ResponseStats> out;
    for (auto& [key, acc] : groups) out.emplace(key, acc.Finish());
    return out;
}

}  // namespace

std::optional<core::Millis> NearestRank(std::vector<core::Millis>& values, int percent) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    // ⌈percent × n / 100⌉ in integers: no floating-point rounding at exact ranks.
    const auto n = static_cast<long long>(values.size());
    const long long rank = std::clamp((static_cast<long long>(percent) * n + 99) / 100, 1LL, n);
    return values[static_cast<std::size_t>(rank - 1)];
}

ResponseMetrics ComputeResponseMetrics(const std::vector<ResponseSample>& samples, core::Millis now) {
    Accumulator total;
    std::map<long long, Accumulator> by_organisation;
    std::map<long long, Accumulator> by_channel;
    std::map<long long, Accumulator> by_person;
    std::map<std::string, Accumulator> by_network;
    for (const auto& s : samples) {
        total.Add(s, now);
        by_organisation[s.organisation_id].Add(s, now);
        by_channel[s.channel_id].Add(s, now);
        by_network[s.network].Add(s, now);
        if (s.first_response_at && s.responder) by_person[*s.responder].Add(s, now);
    }
    ResponseMetrics m;
    m.total = total.Finish();
    m.by_organisation = Finish(by_organisation);
    m.by_channel = Finish(by_channel);
    m.by_person = Finish(by_person);
    m.by_network = Finish(by_network);
    return m;
}

}  // namespace belfry::inbox
