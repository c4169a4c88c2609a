// The tamper-evident audit chain.
//
// Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical text
// (CanonicalText below). Changing, deleting or reordering any stored entry breaks every later hash,
// which VerifyChain() reports as the first bad entry. Pure functions; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace belfry::security {

inline constexpr const char* kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditRecord {
    long long seq = 0;
    core::Millis at = 0;
    std::optional<long long> actor_id;
    std::string actor_name;  // username, or "system" / "cli" for non-user actors
    std::string action;      // e.g. "channel.create"
    std::string object_type;
    std::string object_id;
    std::optional<long long> organisation_id;
    std::string before_json;  // empty when there was no "before"
    std::string after_json;   // empty when there is no "after"
    std::string prev_hash;
    std::string hash;
};

std::string CanonicalText(const AuditRecord& r);
std::string ComputeAuditHash(const AuditRecord& r);  // uses r.prev_hash, ignores r.hash

struct ChainCheck {
    bool ok = true;
    long long checked = 0;
    long long first_bad_seq = 0;
    std::string reason;
};

// Feeds records in seq order to a checker. `next` yields records until it returns nullopt.
ChainCheck VerifyChain(const std::function<std::optional<AuditRecord>()>& next);

}  // namespace belfry::security
