// RegistryService: organisations, channels (official accounts) and public verification.
//
// Contract
// - Every method that acts for a person takes the Principal and checks it with the Authorizer
//   before anything else; failures are returned as Result errors, never thrown.
// - Every change runs in one transaction together with its audit entry: either both are stored or
//   neither is.
// - Deleted channels are tombstones: their record stays and can no longer be changed.
// - Thread-safe (stateless besides its injected dependencies).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "registry/model.hpp"
#include "security/roles.hpp"
#include "store/database.hpp"

namespace belfry::registry {

struct OrganisationInput {
    std::optional<long long> parent_id;
    std::string kind;
    std::string slug;  // empty: derived from the English or French name
    Names names;
};

struct NamesPatch {
    std::optional<std::string> fr, nl, de, en;
};

struct OrganisationPatch {
    std::optional<std::string> kind;
    std::optional<std::string> slug;
    NamesPatch names;
};

struct ChannelInput {
    long long organisation_id = 0;
    std::string url;      // any URL form of the account, or
    std::string network;  // network + handle
    std::string handle;
    std::optional<std::string> platform_account_id;
    std::string display_name;
    std::vector<std::string> languages;
    std::string status = "active";
    std::optional<long long> primary_contact_id;
    std::optional<long long> backup_contact_id;
    std::optional<std::string> policy_url;
    std::vector<std::string> tags;
};

// A field left nullopt is unchanged; an inner nullopt clears a nullable field.
struct ChannelPatch {
    std::optional<long long> organisation_id;
    std::optional<std::string> url;
    std::optional<std::optional<std::string>> platform_account_id;
    std::optional<std::string> display_name;
    std::optional<std::vector<std::string>> languages;
    std::optional<std::string> status;
    std::optional<std::optional<long long>> primary_contact_id;
    std::optional<std::optional<long long>> backup_contact_id;
    std::optional<std::optional<std::string>> policy_url;
    std::optional<std::vector<std::string>> tags;
};

struct ChannelFilter {
    std::optional<long long> organisation_id;  // with its sub-tree
    std::optional<std::string> network;
    std::optional<std::string> status;
    std::optional<std::string> language;
    std::optional<std::string> tag;
    std::optional<std::string> text;
    bool revalidation_due = false;
    int page = 1;
    int per_page = 50;
};

struct Verification {
    std::string verdict;  // official | former | unknown
    std::string input;
    std::string network;
    std::string handle;
    std::optional<Channel> channel;
    std::vector<Organisation> path;  // root … owning organisation; empty when no channel
    std::optional<core::Millis> former_since;
    std::string message;
};

class RegistryService {
  public:
    RegistryService(store::Database& db, const core::Clock& clock, const security::Authorizer& authz,
                    core::Millis revalidation_period)
        : db_(db), clock_(clock), authz_(authz), revalidation_period_(revalidation_period) {}

    core::Millis revalidation_period() const { return revalidation_period_; }
    const core::Clock& clock() const { return clock_; }

    core::Result<std::vector<Organisation>> ListOrganisations(const security::Principal& who);
    core::Result<Organisation> GetOrganisation(const security::Principal& who, long long id);
    core::Result<Organisation> CreateOrganisation(const security::Principal& who, const OrganisationInput& in);
    core::Result<Organisation> UpdateOrganisation(const security::Principal& who, long long id,
                                                  const OrganisationPatch& patch);
    core::Status DeleteOrganisation(const security::Principal& who, long long id);

    core::Result<Page<Channel>> ListChannels(const security::Principal& who, const ChannelFilter& filter);
    core::Result<Channel> GetChannel(const security::Principal& who, long long id);
    core::Result<Channel> CreateChannel(const security::Principal& who, const ChannelInput& in);
    core::Result<Channel> UpdateChannel(const security::Principal& who, long long id, const ChannelPatch& patch);
    core::Result<Channel> DeleteChannel(const security::Principal& who, long long id);
    core::Result<Channel> ValidateChannel(const security::Principal& who, long long id);

    // Public, no login.
    core::Result<std::vector<Organisation>> PublicOrganisations();
    core::Result<Page<Channel>> PublicChannels(const ChannelFilter& filter);
    // `account_id` (optional) is the platform account id the citizen sees, when known.
    core::Result<Verification> Verify(std::string_view input, std::string_view account_id = {});

  private:
    store::Database& db_;
    const core::Clock& clock_;
    const security::Authorizer& authz_;
    core::Millis revalidation_period_;
};

// "Foreign Affairs" → "foreign-affairs". ASCII letters and digits kept, the rest folded to '-'.
std::string Slugify(std::string_view name);

}  // namespace belfry::registry
