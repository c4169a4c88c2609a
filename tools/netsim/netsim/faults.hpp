// Injected faults: what the next calls to an endpoint suffer, in the order they were queued.
//
// Contract
// - A fault names a network ("mastodon", "bluesky"), an endpoint key (Mastodon: "METHOD /path" with
//   ":id" for ids, as in its reference, e.g. "POST /api/v1/statuses"; Bluesky: the NSID, e.g.
//   "com.atproto.repo.createRecord"; "*" for every endpoint of the network), a kind and a count.
// - Kinds: k429 (answer 429 with Retry-After: retry_after seconds, nothing done), k500 (answer 500,
//   nothing done), kTimeout (nothing done, wait delay_ms — longer than clients wait — then close the
//   connection without answering), kDropAfterStore (do the call — the post is stored — then close
//   the connection without answering).
// - Take() returns the first queued fault that matches the call and uses one of its count; a fault
//   whose count reaches 0 is removed. Faults are never taken for the /_netsim/ control API.
// - Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace belfry::netsim {

enum class FaultKind { k429, k500, kTimeout, kDropAfterStore };

struct Fault {
    long id = 0;
    std::string network;
    std::string endpoint;
    FaultKind kind = FaultKind::k500;
    int count = 1;
    int retry_after = 60;  // seconds, for k429
    int delay_ms = 30000;  // for kTimeout
};

std::string FaultKindName(FaultKind kind);
core::Result<FaultKind> ParseFaultKind(const std::string& name);

class Faults {
  public:
    long Add(Fault fault);
    std::optional<Fault> Take(const std::string& network, const std::string& endpoint);
    std::vector<Fault> Pending() const;
    void Clear();

  private:
    mutable std::mutex mu_;
    std::vector<Fault> queue_;
    long next_id_ = 1;
};

}  // namespace belfry::netsim
