#include "netsim/state.hpp"

#include "core/text.hpp"

namespace belfry::netsim {

Account* Data::FindAccount(const std::string& network, const std::string& handle_or_id) {
    for (auto& a : accounts) {
        if (a.network == network && (core::IEquals(a.handle, handle_or_id) || a.id == handle_or_id)) return &a;
    }
    return nullptr;
}

const Account* Data::FindAccount(const std::string& network, const std::string& handle_or_id) const {
    return const_cast<Data*>(this)->FindAccount(network,
                                                handle_or_id);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

Account* Data::FindMastodonByToken(const std::string& token) {
    if (token.empty()) return nullptr;
    for (auto& a : accounts) {
        if (a.network == kMastodon && a.access_token == token) return &a;
    }
    return nullptr;
}

void State::Reset() {
    std::lock_guard lock(mu_);
    std::string base = std::move(data_.base_url);
    data_ = Data{};
    data_.settings = defaults_;
    data_.base_url = std::move(base);
}

}  // namespace belfry::netsim
