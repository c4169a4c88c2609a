#include "inbox/events.hpp"

namespace belfry::inbox {

void EventHub::Publish(Event e) {
    std::lock_guard lock(mu_);
    e.seq = next_++;
    events_.push_back(std::move(e));
    while (events_.size() > capacity_) events_.pop_front();
}

void EventHub::Publish(const std::vector<Event>& events) {
    std::lock_guard lock(mu_);
    for (auto e : events) {
        e.seq = next_++;
        events_.push_back(std::move(e));
    }
    while (events_.size() > capacity_) events_.pop_front();
}

EventHub::Batch EventHub::Since(std::uint64_t after, const std::set<long long>& organisation_ids) const {
    std::lock_guard lock(mu_);
    Batch out;
    out.last = next_ - 1;
    if (after > out.last) {  // a sequence from before a restart: start over
        out.gap = true;
        return out;
    }
    if (!events_.empty() && after + 1 < events_.front().seq) out.gap = true;
    for (const auto& e : events_) {
        if (e.seq <= after) continue;
        if (organisation_ids.count(e.organisation_id) > 0) out.events.push_back(e);
    }
    return out;
}

std::uint64_t EventHub::Last() const {
    std::lock_guard lock(mu_);
    return next_ - 1;
}

}  // namespace belfry::inbox
