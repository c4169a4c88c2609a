#include "security/audit_chain.hpp"

#include "security/crypto.hpp"

namespace belfry::security {

namespace {
void AppendField(std::string& out, std::string_view name, std::string_view value) {
    // Length-prefixed so that no value can imitate a field boundary.
    out += name;
    out += ':';
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}
}  // namespace

std::string CanonicalText(const AuditRecord& r) {
    std::string out;
    AppendField(out, "seq", std::to_string(r.seq));
    AppendField(out, "at", std::to_string(r.at));
    AppendField(out, "actor_id", r.actor_id ? std::to_string(*r.actor_id) : "");
    AppendField(out, "actor_name", r.actor_name);
    AppendField(out, "action", r.action);
    AppendField(out, "object_type", r.object_type);
    AppendField(out, "object_id", r.object_id);
    AppendField(out, "organisation_id", r.organisation_id ? std::to_string(*r.organisation_id) : "");
    AppendField(out, "before", r.before_json);
    AppendField(out, "after", r.after_json);
    return out;
}

std::string ComputeAuditHash(const AuditRecord& r) { return Sha256Hex(r.prev_hash + "\n" + CanonicalText(r)); }

ChainCheck VerifyChain(const std::function<std::optional<AuditRecord>()>& next) {
    ChainCheck check;
    std::string expected_prev = kGenesisHash;
    long long expected_seq = 1;
    while (auto rec = next()) {
        auto fail = [&](std::string reason) {
            check.ok = false;
            check.first_bad_seq = rec->seq;
            check.reason = std::move(reason);
            return check;
        };
        if (rec->seq != expected_seq) {
            return fail("expected entry " + std::to_string(expected_seq) + " but found entry " +
                        std::to_string(rec->seq) + " (an entry was removed or inserted)");
        }
        if (rec->prev_hash != expected_prev) {
            return fail("its prev_hash does not match the hash of the entry before it");
        }
        if (ComputeAuditHash(*rec) != rec->hash) {
            return fail("its content does not match its hash (the entry was changed after it was written)");
        }
        expected_prev = rec->hash;
        ++expected_seq;
        ++check.checked;
    }
    return check;
}

}  // namespace belfry::security
