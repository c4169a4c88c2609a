// The registry's records: organisations, channels (official accounts), users and role grants.
// Plain values; validation lives in registry_service, persistence in store/registry_repo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/network.hpp"

namespace belfry::registry {

struct Names {
    std::string fr;
    std::string nl;
    std::string de;
    std::string en;
    const std::string& Get(std::string_view lang) const;
};

inline constexpr std::string_view kOrgKinds[] = {"government", "minister", "service", "unit", "diplomatic_post"};
bool IsOrgKind(std::string_view kind);

struct Organisation {
    long long id = 0;
    std::optional<long long> parent_id;
    std::string kind;
    std::string slug;
    Names names;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
};

inline constexpr std::string_view kChannelStatuses[] = {"planned", "active", "dormant", "archived", "deleted"};
bool IsChannelStatus(std::string_view status);
// archived and deleted channels no longer speak for the organisation.
inline bool IsLiveStatus(std::string_view status) { return status != "archived" && status != "deleted"; }

struct Channel {
    long long id = 0;
    long long organisation_id = 0;
    core::Network network = core::Network::kOther;
    std::string handle;
    std::optional<std::string> platform_account_id;
    std::string url;
    std::string display_name;
    std::vector<std::string> languages;
    std::string status = "active";
    core::Millis status_changed_at = 0;
    std::optional<long long> primary_contact_id;
    std::optional<long long> backup_contact_id;
    std::optional<std::string> policy_url;
    std::vector<std::string> tags;
    std::optional<core::Millis> last_validated_at;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;

    // Re-validation is due `period` after the last validation (or after creation if never validated).
    core::Millis RevalidationDueAt(core::Millis period) const {
        return last_validated_at.value_or(created_at) + period;
    }
};

struct User {
    long long id = 0;
    std::string username;
    std::string display_name;
    std::optional<std::string> email;
    std::string locale = "fr";
    bool disabled = false;
    core::Millis created_at = 0;
    core::Millis updated_at = 0;
    std::optional<core::Millis> last_login_at;
};

struct RoleGrant {
    long long id = 0;
    long long user_id = 0;
    long long organisation_id = 0;
    std::string role;
    std::optional<core::Millis> expires_at;
    std::optional<long long> granted_by;
    core::Millis created_at = 0;
};

struct ApiToken {
    long long id = 0;
    long long user_id = 0;
    std::string name;
    std::string prefix;
    core::Millis created_at = 0;
    std::optional<core::Millis> expires_at;
    std::optional<core::Millis> last_used_at;
};

template <class T>
struct Page {
    std::vector<T> items;
    int page = 1;
    int per_page = 50;
    long long total = 0;
};

}  // namespace belfry::registry
