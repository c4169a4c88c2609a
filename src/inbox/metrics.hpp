// Response metrics of the inbox (issue 5, "Metrics"): response rate, median and p90 first-response
// time, per organisation, channel, network and person.
//
// Contract
// - One ResponseSample per conversation (the store selects them, e.g. the conversations whose first
//   message came in during the period). ComputeResponseMetrics is pure.
// - answered: the conversation has a first response. response_rate = answered / conversations (0
//   with no conversation).
// - First-response time = first_response_at − first_inbound_at in elapsed milliseconds (negative
//   ones, from clocks that disagree, count as 0). median_ms and p90_ms are nearest-rank percentiles
//   over the answered conversations: the value at rank ⌈p × n⌉ of the n sorted times (the median of
//   4 times is the 2nd); nullopt when nothing was answered.
// - answered_on_time: answered no later than due_at (an answered conversation without a due time
//   missed no deadline and counts as on time). overdue_open: not answered and due_at < now.
// - by_person groups the answered conversations by their first responder (their "conversations" and
//   "answered" are both that count); answered ones without a known responder appear in no person.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace belfry::inbox {

struct ResponseSample {
    long long conversation_id;
    long long organisation_id;
    long long channel_id;
    std::string network;
    std::optional<long long> responder;
    core::Millis first_inbound_at;
    std::optional<core::Millis> first_response_at;
    std::optional<core::Millis> due_at;
};

struct ResponseStats {
    long long conversations = 0;
    long long answered = 0;
    double response_rate = 0;
    std::optional<core::Millis> median_ms;
    std::optional<core::Millis> p90_ms;
    long long answered_on_time = 0;
    long long overdue_open = 0;
};

struct ResponseMetrics {
    ResponseStats total;
    std::map<long long, ResponseStats> by_organisation, by_channel, by_person;
    std::map<std::string, ResponseStats> by_network;
};

ResponseMetrics ComputeResponseMetrics(const std::vector<ResponseSample>& samples, core::Millis now);

// Nearest-rank percentile (1..100) of `values` (sorted in place): the value at rank
// ⌈percent × n / 100⌉; nullopt when empty.
std::optional<core::Millis> NearestRank(std::vector<core::Millis>& values, int percent);

}  // namespace belfry::inbox
