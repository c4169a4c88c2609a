#include "registry/model.hpp"

namespace belfry::registry {

const std::string& Names::Get(std::string_view lang) const {
    if (lang == "nl") return nl;
    if (lang == "de") return de;
    if (lang == "en") return en;
    return fr;
}

bool IsOrgKind(std::string_view kind) {
    for (auto k : kOrgKinds) {
        if (k == kind) return true;
    }
    return false;
}

bool IsChannelStatus(std::string_view status) {
    for (auto s : kChannelStatuses) {
        if (s == status) return true;
    }
    return false;
}

}  // namespace belfry::registry
