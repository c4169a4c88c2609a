// EventHub: what changed in the inbox, for the live view (server-sent events). In memory, one per
// process: the inbox worker and the API publish after their transaction commits; each open event
// stream polls Since() with the last sequence it delivered. Keeps the last `capacity` events; a
// stream that fell further behind is told to reload (Since() returns `gap`). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace belfry::inbox {

struct Event {
    std::uint64_t seq = 0;
    std::string type;  // "item" (a new message, in or out) | "conversation" (status, assignee, …) | "moderation"
    long long organisation_id = 0;
    long long conversation_id = 0;
    long long item_id = 0;
};

class EventHub {
  public:
    explicit EventHub(std::size_t capacity = 4096) : capacity_(capacity) {}

    void Publish(Event e);
    void Publish(const std::vector<Event>& events);

    struct Batch {
        std::vector<Event> events;  // after `after`, of the given organisations only
        std::uint64_t last = 0;     // the sequence to pass next time
        bool gap = false;           // events were dropped since `after`: reload
    };
    // Events after sequence `after` for these organisations (an empty set: none).
    Batch Since(std::uint64_t after, const std::set<long long>& organisation_ids) const;
    std::uint64_t Last() const;

  private:
    mutable std::mutex mu_;
    std::deque<Event> events_;
    std::uint64_t next_ = 1;
    std::size_t capacity_;
};

}  // namespace belfry::inbox
