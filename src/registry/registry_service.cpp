#include "registry/registry_service.hpp"

#include <algorithm>
#include <set>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "registry/channel_url.hpp"
#include "registry/serialize.hpp"
#include "store/audit_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::registry {

using core::Error;
using core::Result;
using security::Action;
using security::Principal;

namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxTags = 20;

Error DeniedOn(const Principal& who, Action action, const std::string& what) {
    return Error::Denied("'" + who.username + "' may not " + std::string(security::ActionName(action)) + " for " +
                         what + ": ask an administrator of that organisation for a role on it");
}

core::Status CheckText(const std::string& field, const std::string& value, size_t max, bool required) {
    if (required && std::string(core::Trim(value)).empty()) {
        return Error::Invalid(field, field + " is required");
    }
    if (value.size() > max) {
        return Error::Invalid(field, field + " is too long: at most " + std::to_string(max) + " bytes");
    }
    return core::Ok();
}

core::Status CheckNames(const Names& n, const std::string& prefix) {
    BELFRY_TRY(CheckText(prefix + ".fr", n.fr, kMaxNameLength, true));
    BELFRY_TRY(CheckText(prefix + ".nl", n.nl, kMaxNameLength, true));
    BELFRY_TRY(CheckText(prefix + ".de", n.de, kMaxNameLength, true));
    BELFRY_TRY(CheckText(prefix + ".en", n.en, kMaxNameLength, true));
    return core::Ok();
}

core::Status CheckSlug(const std::string& slug) {
    if (slug.empty() || slug.size() > 80) {
        return Error::Invalid("slug", "slug must be 1 to 80 characters of a-z, 0-9 and '-'");
    }
    for (char c : slug) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return Error::Invalid("slug", "slug '" + slug + "' may only contain a-z, 0-9 and '-'");
        }
    }
    return core::Ok();
}

core::Status CheckKindPlacement(const std::string& kind, const std::optional<Organisation>& parent) {
    if (!IsOrgKind(kind)) {
        return Error::Invalid(
            "kind", "unknown kind '" + kind + "': use government, minister, service, unit or diplomatic_post");
    }
    if (!parent && kind != "government") {
        return Error::Invalid("parent_id", "only a government can be at the top of the tree: give a parent_id");
    }
    if (parent && kind == "government") {
        return Error::Invalid("kind", "a government cannot sit under another organisation");
    }
    return core::Ok();
}

Result<std::vector<std::string>> CheckLanguages(const std::vector<std::string>& langs) {
    if (langs.empty()) return Error::Invalid("languages", "give at least one language: fr, nl, de or en");
    for (const auto& l : langs) {
        if (!core::IsLanguage(l)) {
            return Error::Invalid("languages", "unknown language '" + l + "': use fr, nl, de or en");
        }
    }
    return core::CanonicalLanguages(langs);
}

Result<std::vector<std::string>> CheckTags(const std::vector<std::string>& tags) {
    if (tags.size() > kMaxTags) return Error::Invalid("tags", "at most 20 tags per channel");
    std::set<std::string> out;
    for (const auto& raw : tags) {
        const std::string tag = core::AsciiLower(core::Trim(raw));
        if (tag.empty() || tag.size() > 50) return Error::Invalid("tags", "each tag must be 1 to 50 characters");
        for (char c : tag) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':')) {
                return Error::Invalid("tags", "tag '" + raw + "' may only contain a-z, 0-9, '-', '_' and ':'");
            }
        }
        out.insert(tag);
    }
    return std::vector<std::string>(out.begin(), out.end());
}

core::Status CheckHttpUrl(const std::string& field, const std::string& url) {
    if (!(core::StartsWith(url, "https://") || core::StartsWith(url, "http://")) || url.size() > 2048 ||
        url.find_first_of(" \t\r\n<>\"") != std::string::npos) {
        return Error::Invalid(field, field + " must be an http(s) URL without spaces, e.g. https://example.be/policy");
    }
    return core::Ok();
}

core::Status CheckStatus(const std::string& status) {
    if (!IsChannelStatus(status)) {
        return Error::Invalid("status",
                              "unknown status '" + status + "': use planned, active, dormant, archived or deleted");
    }
    return core::Ok();
}

core::Status CheckContact(store::Tx& tx, const std::string& field, const std::optional<long long>& id) {
    if (id && !store::GetUser(tx, *id)) {
        return Error::Invalid(field, field + " " + std::to_string(*id) + " is not a user: pick an existing user");
    }
    return core::Ok();
}

// Refuses a second live channel for the same account.
core::Status CheckUnique(store::Tx& tx, const Channel& c) {
    if (!IsLiveStatus(c.status)) return core::Ok();
    const auto network = core::NetworkName(c.network);
    for (const auto& other : store::FindChannelsByHandle(tx, network, c.handle)) {
        if (other.id != c.id && IsLiveStatus(other.status)) {
            return Error::Conflict("the account " + c.handle + " on " + std::string(network) +
                                   " is already registered as channel " + std::to_string(other.id) +
                                   ": edit that channel instead");
        }
    }
    if (c.platform_account_id) {
        for (const auto& other : store::FindChannelsByAccountId(tx, network, *c.platform_account_id)) {
            if (other.id != c.id && IsLiveStatus(other.status)) {
                return Error::Conflict("the platform account id " + *c.platform_account_id +
                                       " is already registered as channel " + std::to_string(other.id));
            }
        }
    }
    return core::Ok();
}

std::optional<Error> ApplyAccount(Channel& c, const AccountRef& ref, const std::optional<std::string>& explicit_id) {
    c.network = ref.network;
    c.handle = ref.handle;
    c.url = ref.canonical_url;
    if (explicit_id && !explicit_id->empty()) {
        if (!ref.platform_account_id.empty() && ref.platform_account_id != *explicit_id) {
            return Error::Invalid("platform_account_id", "platform_account_id " + *explicit_id +
                                                             " differs from the id in the URL (" +
                                                             ref.platform_account_id + ")");
        }
        c.platform_account_id = *explicit_id;
    } else if (!ref.platform_account_id.empty()) {
        c.platform_account_id = ref.platform_account_id;
    }
    return std::nullopt;
}

Result<AccountRef> ResolveAccount(const std::string& url, const std::string& network, const std::string& handle) {
    std::optional<core::Network> hint;
    if (!network.empty()) {
        hint = core::ParseNetwork(network);
        if (!hint) {
            return Error::Invalid("network", "unknown network '" + network +
                                                 "': use facebook, x, linkedin, youtube, instagram, flickr, vimeo, "
                                                 "mastodon, bluesky, threads, googleplus or other");
        }
    }
    if (!url.empty()) return ParseAccountUrl(url, hint);
    if (hint && !handle.empty()) {
        auto r = FromHandle(*hint, handle);
        if (!r.ok()) {
            auto e = std::move(r).error();
            e.field = "handle";
            for (auto& d : e.details) d.field = "handle";
            return e;
        }
        return r;
    }
    return Error::Invalid("url", "give the account's URL (e.g. https://x.com/belgiumbe), or network and handle");
}

// The organisations the caller may read, plus their ancestors for context (as ListOrganisations shows them).
bool VisibleOrg(const security::Authorizer& authz, const Principal& who, long long id, const security::OrgTree& tree) {
    if (authz.Can(who, Action::kReadRegistry, id, tree)) return true;
    for (long long org : authz.Scope(who, Action::kReadRegistry, tree)) {
        for (long long ancestor : tree.AncestorsAndSelf(org)) {
            if (ancestor == id) return true;
        }
    }
    return false;
}

}  // namespace

std::string Slugify(std::string_view name) {
    std::string out;
    bool dash = false;
    for (unsigned char c : name) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out.push_back(static_cast<char>(c));
            dash = false;
        } else if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
            dash = false;
        } else if (c < 0x80 || c >= 0xC0) {  // not a UTF-8 continuation byte
            if (!out.empty() && !dash) {
                out.push_back('-');
                dash = true;
            }
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.size() > 80) out.resize(80);
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

// ---------------------------------------------------------------- organisations

Result<std::vector<Organisation>> RegistryService::ListOrganisations(const Principal& who) {
    return db_.Read<std::vector<Organisation>>([&](store::Tx& tx) -> Result<std::vector<Organisation>> {
        const auto tree = store::LoadOrgTree(tx);
        const auto scope = authz_.Scope(who, Action::kReadRegistry, tree);
        if (scope.empty()) return Error::Denied("'" + who.username + "' holds no role on any organisation");
        // Ancestors are shown too, so the tree has its context.
        std::set<long long> visible = scope;
        for (long long id : scope) {
            for (long long a : tree.AncestorsAndSelf(id)) visible.insert(a);
        }
        std::vector<Organisation> out;
        for (auto& o : store::ListOrganisations(tx)) {
            if (visible.count(o.id) > 0) out.push_back(std::move(o));
        }
        return out;
    });
}

Result<Organisation> RegistryService::GetOrganisation(const Principal& who, long long id) {
    return db_.Read<Organisation>([&](store::Tx& tx) -> Result<Organisation> {
        auto org = store::GetOrganisation(tx, id);
        if (!org) return Error::NotFound("organisation " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!VisibleOrg(authz_, who, id, tree)) return DeniedOn(who, Action::kReadRegistry, "'" + org->names.en + "'");
        return *org;
    });
}

Result<Organisation> RegistryService::CreateOrganisation(const Principal& who, const OrganisationInput& in) {
    BELFRY_TRY(CheckNames(in.names, "names"));
    std::string slug = in.slug.empty() ? Slugify(in.names.en.empty() ? in.names.fr : in.names.en) : in.slug;
    BELFRY_TRY(CheckSlug(slug));
    return db_.Transact<Organisation>([&](store::Tx& tx) -> Result<Organisation> {
        std::optional<Organisation> parent;
        const auto tree = store::LoadOrgTree(tx);
        if (in.parent_id) {
            parent = store::GetOrganisation(tx, *in.parent_id);
            if (!parent) {
                return Error::Invalid("parent_id",
                                      "parent organisation " + std::to_string(*in.parent_id) + " does not exist");
            }
            if (!authz_.Can(who, Action::kManageRegistry, *in.parent_id, tree)) {
                return DeniedOn(who, Action::kManageRegistry, "'" + parent->names.en + "'");
            }
        } else if (!who.is_system) {
            return Error::Invalid("parent_id", "parent_id is required: new organisations go under an existing one");
        }
        BELFRY_TRY(CheckKindPlacement(in.kind, parent));
        if (store::GetOrganisationBySlug(tx, slug)) {
            return Error::Conflict("the slug '" + slug + "' is already used by another organisation: choose another");
        }
        Organisation o;
        o.parent_id = in.parent_id;
        o.kind = in.kind;
        o.slug = slug;
        o.names = in.names;
        o.created_at = o.updated_at = clock_.NowMs();
        o.id = store::InsertOrganisation(tx, o);
        auto e = store::AuditEventBy(who, "organisation.create", "organisation", o.id, o.id);
        e.after_json = AuditText(ToJson(o));
        store::AppendAudit(tx, e, o.created_at);
        return o;
    });
}

Result<Organisation> RegistryService::UpdateOrganisation(const Principal& who, long long id,
                                                         const OrganisationPatch& patch) {
    return db_.Transact<Organisation>([&](store::Tx& tx) -> Result<Organisation> {
        auto org = store::GetOrganisation(tx, id);
        if (!org) return Error::NotFound("organisation " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageRegistry, id, tree)) {
            return DeniedOn(who, Action::kManageRegistry, "'" + org->names.en + "'");
        }
        const Organisation before = *org;
        if (patch.kind) {
            std::optional<Organisation> parent;
            if (org->parent_id) parent = store::GetOrganisation(tx, *org->parent_id);
            BELFRY_TRY(CheckKindPlacement(*patch.kind, parent));
            org->kind = *patch.kind;
        }
        if (patch.slug) {
            BELFRY_TRY(CheckSlug(*patch.slug));
            auto other = store::GetOrganisationBySlug(tx, *patch.slug);
            if (other && other->id != id) {
                return Error::Conflict("the slug '" + *patch.slug + "' is already used by another organisation");
            }
            org->slug = *patch.slug;
        }
        if (patch.names.fr) org->names.fr = *patch.names.fr;
        if (patch.names.nl) org->names.nl = *patch.names.nl;
        if (patch.names.de) org->names.de = *patch.names.de;
        if (patch.names.en) org->names.en = *patch.names.en;
        BELFRY_TRY(CheckNames(org->names, "names"));
        org->updated_at = clock_.NowMs();
        store::UpdateOrganisation(tx, *org);
        auto e = store::AuditEventBy(who, "organisation.update", "organisation", id, id);
        e.before_json = AuditText(ToJson(before));
        e.after_json = AuditText(ToJson(*org));
        store::AppendAudit(tx, e, org->updated_at);
        return *org;
    });
}

core::Status RegistryService::DeleteOrganisation(const Principal& who, long long id) {
    return db_.Transact<core::Unit>([&](store::Tx& tx) -> Result<core::Unit> {
        auto org = store::GetOrganisation(tx, id);
        if (!org) return Error::NotFound("organisation " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        // Deleting needs the right on the parent: nobody removes the organisation that grants them power.
        const long long guard = org->parent_id.value_or(id);
        if (!authz_.Can(who, Action::kManageRegistry, guard, tree)) {
            return DeniedOn(who, Action::kManageRegistry, "the parent of '" + org->names.en + "'");
        }
        if (store::CountChildOrganisations(tx, id) > 0) {
            return Error::Conflict("'" + org->names.en + "' still has sub-organisations: move or delete them first");
        }
        if (store::CountChannelsOf(tx, id) > 0) {
            return Error::Conflict("'" + org->names.en +
                                   "' has channels (deleted channels stay as tombstones): it cannot be deleted; "
                                   "rename it instead");
        }
        if (!store::ListGrants(tx, std::nullopt, id).empty()) {
            return Error::Conflict("'" + org->names.en + "' still has role grants: revoke them first");
        }
        store::DeleteOrganisation(tx, id);
        auto e = store::AuditEventBy(who, "organisation.delete", "organisation", id, org->parent_id);
        e.before_json = AuditText(ToJson(*org));
        store::AppendAudit(tx, e, clock_.NowMs());
        return core::Unit{};
    });
}

// ---------------------------------------------------------------- channels

Result<Page<Channel>> RegistryService::ListChannels(const Principal& who, const ChannelFilter& f) {
    return db_.Read<Page<Channel>>([&](store::Tx& tx) -> Result<Page<Channel>> {
        const auto tree = store::LoadOrgTree(tx);
        store::ChannelQuery q;
        auto scope = authz_.Scope(who, Action::kReadRegistry, tree);
        if (f.organisation_id) {
            if (!tree.Contains(*f.organisation_id)) {
                return Error::Invalid("organisation_id",
                                      "organisation " + std::to_string(*f.organisation_id) + " does not exist");
            }
            if (!authz_.Can(who, Action::kReadRegistry, *f.organisation_id, tree)) {
                return DeniedOn(who, Action::kReadRegistry, "organisation " + std::to_string(*f.organisation_id));
            }
            q.organisation_ids = tree.SubtreeOf(*f.organisation_id);
        } else if (!authz_.CanEverywhere(who, Action::kReadRegistry, tree)) {
            q.organisation_ids = scope;
        }
        q.network = f.network;
        if (f.status) q.statuses = {*f.status};
        q.language = f.language;
        q.tag = f.tag;
        q.text = f.text;
        if (f.revalidation_due) {
            q.due_before = clock_.NowMs() - revalidation_period_ + 1;
            if (q.statuses.empty()) q.statuses = {"planned", "active", "dormant"};
        }
        q.page = f.page;
        q.per_page = f.per_page;
        return store::SearchChannels(tx, q);
    });
}

Result<Channel> RegistryService::GetChannel(const Principal& who, long long id) {
    return db_.Read<Channel>([&](store::Tx& tx) -> Result<Channel> {
        auto c = store::GetChannel(tx, id);
        if (!c) return Error::NotFound("channel " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kReadRegistry, c->organisation_id, tree)) {
            return DeniedOn(who, Action::kReadRegistry, "channel " + std::to_string(id));
        }
        return *c;
    });
}

Result<Channel> RegistryService::CreateChannel(const Principal& who, const ChannelInput& in) {
    BELFRY_ASSIGN_OR_RETURN(ref, ResolveAccount(in.url, in.network, in.handle));
    BELFRY_TRY(CheckText("display_name", in.display_name, kMaxNameLength, true));
    BELFRY_ASSIGN_OR_RETURN(langs, CheckLanguages(in.languages));
    BELFRY_ASSIGN_OR_RETURN(tags, CheckTags(in.tags));
    BELFRY_TRY(CheckStatus(in.status));
    if (in.status == "deleted") {
        return Error::Invalid("status", "a channel cannot be created as deleted: use planned, active or dormant");
    }
    if (in.policy_url) BELFRY_TRY(CheckHttpUrl("policy_url", *in.policy_url));
    if (in.platform_account_id) BELFRY_TRY(CheckText("platform_account_id", *in.platform_account_id, 200, true));

    return db_.Transact<Channel>([&](store::Tx& tx) -> Result<Channel> {
        const auto tree = store::LoadOrgTree(tx);
        if (!tree.Contains(in.organisation_id)) {
            return Error::Invalid("organisation_id",
                                  "organisation " + std::to_string(in.organisation_id) + " does not exist");
        }
        if (!authz_.Can(who, Action::kManageRegistry, in.organisation_id, tree)) {
            return DeniedOn(who, Action::kManageRegistry, "organisation " + std::to_string(in.organisation_id));
        }
        BELFRY_TRY(CheckContact(tx, "primary_contact_id", in.primary_contact_id));
        BELFRY_TRY(CheckContact(tx, "backup_contact_id", in.backup_contact_id));
        Channel c;
        c.organisation_id = in.organisation_id;
        if (auto err = ApplyAccount(c, ref, in.platform_account_id)) return *err;
        c.display_name = std::string(core::Trim(in.display_name));
        c.languages = langs;
        c.status = in.status;
        c.primary_contact_id = in.primary_contact_id;
        c.backup_contact_id = in.backup_contact_id;
        c.policy_url = in.policy_url;
        c.tags = tags;
        const auto now = clock_.NowMs();
        c.status_changed_at = c.created_at = c.updated_at = now;
        c.last_validated_at = now;
        BELFRY_TRY(CheckUnique(tx, c));
        c.id = store::InsertChannel(tx, c);
        auto e = store::AuditEventBy(who, "channel.create", "channel", c.id, c.organisation_id);
        e.after_json = AuditText(ToJson(c, revalidation_period_, now, true));
        store::AppendAudit(tx, e, now);
        return c;
    });
}

Result<Channel> RegistryService::UpdateChannel(const Principal& who, long long id, const ChannelPatch& p) {
    std::optional<AccountRef> ref;
    if (p.url) {
        BELFRY_ASSIGN_OR_RETURN(parsed, ParseAccountUrl(*p.url, std::nullopt));
        ref = parsed;
    }
    if (p.display_name) BELFRY_TRY(CheckText("display_name", *p.display_name, kMaxNameLength, true));
    std::vector<std::string> langs;
    if (p.languages) {
        BELFRY_ASSIGN_OR_RETURN(l, CheckLanguages(*p.languages));
        langs = l;
    }
    std::vector<std::string> tags;
    if (p.tags) {
        BELFRY_ASSIGN_OR_RETURN(t, CheckTags(*p.tags));
        tags = t;
    }
    if (p.status) BELFRY_TRY(CheckStatus(*p.status));
    if (p.policy_url && *p.policy_url) BELFRY_TRY(CheckHttpUrl("policy_url", **p.policy_url));

    return db_.Transact<Channel>([&](store::Tx& tx) -> Result<Channel> {
        auto c = store::GetChannel(tx, id);
        if (!c) return Error::NotFound("channel " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageRegistry, c->organisation_id, tree)) {
            return DeniedOn(who, Action::kManageRegistry, "channel " + std::to_string(id));
        }
        if (c->status == "deleted") {
            return Error::Conflict("channel " + std::to_string(id) +
                                   " is deleted and stays as a tombstone: register the account again as a new channel");
        }
        const Channel before = *c;
        const auto now = clock_.NowMs();
        if (p.organisation_id && *p.organisation_id != c->organisation_id) {
            if (!tree.Contains(*p.organisation_id)) {
                return Error::Invalid("organisation_id",
                                      "organisation " + std::to_string(*p.organisation_id) + " does not exist");
            }
            if (!authz_.Can(who, Action::kManageRegistry, *p.organisation_id, tree)) {
                return DeniedOn(who, Action::kManageRegistry, "organisation " + std::to_string(*p.organisation_id));
            }
            c->organisation_id = *p.organisation_id;
        }
        if (ref) {
            std::optional<std::string> keep_id = c->platform_account_id;
            if (p.platform_account_id) keep_id = *p.platform_account_id;
            if (ref->network != c->network || ref->handle != c->handle) {
                // A new account: the old id no longer applies unless given again.
                keep_id = p.platform_account_id ? *p.platform_account_id : std::nullopt;
                c->platform_account_id.reset();
            }
            if (auto err = ApplyAccount(*c, *ref, keep_id)) return *err;
        } else if (p.platform_account_id) {
            c->platform_account_id = *p.platform_account_id;
        }
        if (p.display_name) c->display_name = std::string(core::Trim(*p.display_name));
        if (p.languages) c->languages = langs;
        if (p.tags) c->tags = tags;
        if (p.status && *p.status != c->status) {
            c->status = *p.status;
            c->status_changed_at = now;
        }
        if (p.primary_contact_id) {
            BELFRY_TRY(CheckContact(tx, "primary_contact_id", *p.primary_contact_id));
            c->primary_contact_id = *p.primary_contact_id;
        }
        if (p.backup_contact_id) {
            BELFRY_TRY(CheckContact(tx, "backup_contact_id", *p.backup_contact_id));
            c->backup_contact_id = *p.backup_contact_id;
        }
        if (p.policy_url) c->policy_url = *p.policy_url;
        c->updated_at = now;
        BELFRY_TRY(CheckUnique(tx, *c));
        store::UpdateChannel(tx, *c);
        auto e = store::AuditEventBy(who, c->status == "deleted" ? "channel.delete" : "channel.update", "channel", id,
                                     c->organisation_id);
        e.before_json = AuditText(ToJson(before, revalidation_period_, now, true));
        e.after_json = AuditText(ToJson(*c, revalidation_period_, now, true));
        store::AppendAudit(tx, e, now);
        return *c;
    });
}

Result<Channel> RegistryService::DeleteChannel(const Principal& who, long long id) {
    ChannelPatch p;
    p.status = "deleted";
    return UpdateChannel(who, id, p);
}

Result<Channel> RegistryService::ValidateChannel(const Principal& who, long long id) {
    return db_.Transact<Channel>([&](store::Tx& tx) -> Result<Channel> {
        auto c = store::GetChannel(tx, id);
        if (!c) return Error::NotFound("channel " + std::to_string(id) + " does not exist");
        const auto tree = store::LoadOrgTree(tx);
        if (!authz_.Can(who, Action::kManageRegistry, c->organisation_id, tree)) {
            return DeniedOn(who, Action::kManageRegistry, "channel " + std::to_string(id));
        }
        if (!IsLiveStatus(c->status)) {
            return Error::Conflict("channel " + std::to_string(id) + " is " + c->status +
                                   ": only live channels are re-validated");
        }
        const auto now = clock_.NowMs();
        const Channel before = *c;
        c->last_validated_at = now;
        c->updated_at = now;
        store::UpdateChannel(tx, *c);
        auto e = store::AuditEventBy(who, "channel.validate", "channel", id, c->organisation_id);
        e.before_json = AuditText(ToJson(before, revalidation_period_, now, true));
        e.after_json = AuditText(ToJson(*c, revalidation_period_, now, true));
        store::AppendAudit(tx, e, now);
        return *c;
    });
}

// ---------------------------------------------------------------- public

Result<std::vector<Organisation>> RegistryService::PublicOrganisations() {
    return db_.Read<std::vector<Organisation>>(
        [](store::Tx& tx) -> Result<std::vector<Organisation>> { return store::ListOrganisations(tx); });
}

Result<Page<Channel>> RegistryService::PublicChannels(const ChannelFilter& f) {
    return db_.Read<Page<Channel>>([&](store::Tx& tx) -> Result<Page<Channel>> {
        store::ChannelQuery q;
        if (f.organisation_id) {
            const auto tree = store::LoadOrgTree(tx);
            if (!tree.Contains(*f.organisation_id)) {
                return Error::Invalid("organisation_id",
                                      "organisation " + std::to_string(*f.organisation_id) + " does not exist");
            }
            q.organisation_ids = tree.SubtreeOf(*f.organisation_id);
        }
        q.network = f.network;
        // The public sees the accounts that speak for the government now, and archived ones on request;
        // planned and deleted channels are never listed (a former account is checked with verify).
        if (f.status) {
            if (*f.status == "planned") return Error::Invalid("status", "planned channels are not public");
            if (*f.status == "deleted") {
                return Error::Invalid("status",
                                      "deleted channels are not listed: check a former account with "
                                      "/api/v1/public/verify");
            }
            q.statuses = {*f.status};
        } else {
            q.statuses = {"active", "dormant"};
        }
        q.language = f.language;
        q.tag = f.tag;
        q.text = f.text;
        q.page = f.page;
        q.per_page = f.per_page;
        return store::SearchChannels(tx, q);
    });
}

Result<Verification> RegistryService::Verify(std::string_view input, std::string_view account_id) {
    const std::string trimmed(core::Trim(input));
    if (trimmed.empty()) {
        return Error::Invalid("url",
                              "give the account to check in 'url': a profile URL such as "
                              "https://x.com/belgiumbe, or handle@network such as belgiumbe@x");
    }
    BELFRY_ASSIGN_OR_RETURN(ref, ParseAccountUrl(trimmed, std::nullopt));
    return db_.Read<Verification>([&](store::Tx& tx) -> Result<Verification> {
        Verification v;
        v.input = trimmed;
        v.network = std::string(core::NetworkName(ref.network));
        v.handle = ref.handle;
        std::string id = ref.platform_account_id.empty() ? std::string(account_id) : ref.platform_account_id;
        std::vector<Channel> candidates = id.empty() ? store::FindChannelsByHandle(tx, v.network, ref.handle)
                                                     : store::FindChannelsByAccountId(tx, v.network, id);
        if (!id.empty() && ref.platform_account_id.empty()) {
            // Matched by handle first, then by id: a live channel whose known id differs is another account.
            for (auto& c : store::FindChannelsByHandle(tx, v.network, ref.handle)) {
                if (!c.platform_account_id || *c.platform_account_id == id)
                    candidates.push_back(c);
                else if (IsLiveStatus(c.status)) {
                    v.verdict = "unknown";
                    v.message = "The handle " + ref.handle + " belongs to an official account, but the account id " +
                                id + " is a different account: it may be an impersonator. Do not trust it.";
                }
            }
        }
        const Channel* live = nullptr;
        const Channel* former = nullptr;
        for (const auto& c : candidates) {
            if (c.status == "active" || c.status == "dormant") {
                live = &c;
            } else if (c.status == "archived" || c.status == "deleted") {
                if (!former || c.status_changed_at > former->status_changed_at) former = &c;
            }
        }
        const Channel* chosen = live ? live : former;
        if (chosen) {
            v.channel = *chosen;
            const auto tree = store::LoadOrgTree(tx);
            auto chain = tree.AncestorsAndSelf(chosen->organisation_id);
            std::reverse(chain.begin(), chain.end());
            for (long long oid : chain) {
                if (auto o = store::GetOrganisation(tx, oid)) v.path.push_back(*o);
            }
        }
        const std::string owner = v.path.empty() ? std::string() : v.path.back().names.en;
        if (live) {
            v.verdict = "official";
            v.message = "This is an official account of " + owner + ".";
        } else if (former) {
            v.verdict = "former";
            v.former_since = former->status_changed_at;
            v.message = "This account was an official account of " + owner + " until " +
                        core::FormatRfc3339(former->status_changed_at).substr(0, 10) +
                        ". It no longer speaks for the government; whoever holds it now may not be who they claim.";
        } else if (v.verdict.empty()) {
            v.verdict = "unknown";
            v.message = "This account is not in the registry of official accounts. Treat what it says with care.";
        }
        return v;
    });
}

}  // namespace belfry::registry
