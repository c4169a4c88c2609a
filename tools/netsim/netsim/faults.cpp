#include "netsim/faults.hpp"

namespace belfry::netsim {

std::string FaultKindName(FaultKind kind) {
    switch (kind) {
        case FaultKind::k429:
            return "429";
        case FaultKind::k500:
            return "500";
        case FaultKind::kTimeout:
            return "timeout";
        case FaultKind::kDropAfterStore:
            return "drop_after_store";
    }
    return "500";
}

core::Result<FaultKind> ParseFaultKind(const std::string& name) {
    if (name == "429") return FaultKind::k429;
    if (name == "500") return FaultKind::k500;
    if (name == "timeout") return FaultKind::kTimeout;
    if (name == "drop_after_store") return FaultKind::kDropAfterStore;
    return core::Error::Invalid("kind", "kind must be \"429\", \"500\", \"timeout\" or \"drop_after_store\"");
}

long Faults::Add(Fault fault) {
    std::lock_guard lock(mu_);
    fault.id = next_id_++;
    queue_.push_back(fault);
    return fault.id;
}

std::optional<Fault> Faults::Take(const std::string& network, const std::string& endpoint) {
    std::lock_guard lock(mu_);
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if (it->network != network || (it->endpoint != endpoint && it->endpoint != "*")) continue;
        Fault taken = *it;
        if (--it->count <= 0) queue_.erase(it);
        return taken;
    }
    return std::nullopt;
}

std::vector<Fault> Faults::Pending() const {
    std::lock_guard lock(mu_);
    return queue_;
}

void Faults::Clear() {
    std::lock_guard lock(mu_);
    queue_.clear();
}

}  // namespace belfry::netsim
