#include "security/audit_chain.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "security/crypto.hpp"

namespace belfry::security {
namespace {

// A well-formed chain of `n` entries, as the store writes it.
std::vector<AuditRecord> Chain(int n) {
    std::vector<AuditRecord> out;
    std::string prev = kGenesisHash;
    for (int i = 1; i <= n; ++i) {
        AuditRecord r;
        r.seq = i;
        r.at = 1790000000000 + i * 1000;
        if (i % 3 != 0) r.actor_id = 4;
        r.actor_name = i % 3 != 0 ? "marie" : "system";
        r.action = i % 2 ? "channel.update" : "organisation.create";
        r.object_type = i % 2 ? "channel" : "organisation";
        r.object_id = std::to_string(10 + i);
        if (i % 4 != 0) r.organisation_id = 3;
        if (i > 1) r.before_json = R"({"display_name":"Belgium.be"})";
        r.after_json = R"({"display_name":"Belgium.be )" + std::to_string(i) + R"("})";
        r.prev_hash = prev;
        r.hash = ComputeAuditHash(r);
        prev = r.hash;
        out.push_back(r);
    }
    return out;
}

ChainCheck Verify(const std::vector<AuditRecord>& records) {
    size_t i = 0;
    return VerifyChain([&]() -> std::optional<AuditRecord> {
        if (i == records.size()) return std::nullopt;
        return records[i++];
    });
}

TEST(AuditChain, AnUntouchedChainVerifies) {
    const auto chain = Chain(8);
    const auto check = Verify(chain);
    EXPECT_TRUE(check.ok) << check.reason;
    EXPECT_EQ(check.checked, 8);
    EXPECT_EQ(check.first_bad_seq, 0);
    EXPECT_EQ(chain.front().prev_hash, kGenesisHash);
    EXPECT_EQ(chain[1].prev_hash, chain[0].hash);
    EXPECT_EQ(chain[0].hash.size(), 64u);
    // The hash is SHA-256 over the previous hash and the canonical text.
    EXPECT_EQ(chain[2].hash, Sha256Hex(chain[1].hash + "\n" + CanonicalText(chain[2])));

    const auto empty = Verify({});
    EXPECT_TRUE(empty.ok);
    EXPECT_EQ(empty.checked, 0);
}

struct Tamper {
    std::string name;
    std::function<void(AuditRecord&)> change;
};

TEST(AuditChain, ChangingAnyFieldOfAnyEntryIsFoundAtThatEntry) {
    const Tamper tampers[] = {
        {"at", [](AuditRecord& r) { r.at += 1; }},
        {"actor_id", [](AuditRecord& r) { r.actor_id = r.actor_id ? std::optional<long long>() : 1; }},
        {"actor_name", [](AuditRecord& r) { r.actor_name = "mallory"; }},
        {"action", [](AuditRecord& r) { r.action = "channel.validate"; }},
        {"object_type", [](AuditRecord& r) { r.object_type = "user"; }},
        {"object_id", [](AuditRecord& r) { r.object_id += "0"; }},
        {"organisation_id", [](AuditRecord& r) { r.organisation_id = r.organisation_id ? *r.organisation_id + 1 : 1; }},
        {"before", [](AuditRecord& r) { r.before_json = R"({"display_name":"Fake"})"; }},
        {"after", [](AuditRecord& r) { r.after_json += " "; }},
        {"after_erased", [](AuditRecord& r) { r.after_json.clear(); }},
        {"hash", [](AuditRecord& r) { r.hash[0] = r.hash[0] == 'a' ? 'b' : 'a'; }},
        {"prev_hash", [](AuditRecord& r) { r.prev_hash = std::string(64, 'f'); }},
    };
    for (const auto& t : tampers) {
        for (size_t at : {size_t{0}, size_t{3}, size_t{7}}) {
            SCOPED_TRACE(t.name + " of entry " + std::to_string(at + 1));
            auto chain = Chain(8);
            t.change(chain[at]);
            const auto check = Verify(chain);
            EXPECT_FALSE(check.ok);
            EXPECT_EQ(check.first_bad_seq, static_cast<long long>(at + 1));
            EXPECT_EQ(check.checked, static_cast<long long>(at));
            EXPECT_FALSE(check.reason.empty());
        }
    }
}

TEST(AuditChain, RewritingAnEntryAndItsHashBreaksTheNextOne) {
    auto chain = Chain(5);
    chain[1].after_json = R"({"display_name":"Rewritten"})";
    chain[1].hash = ComputeAuditHash(chain[1]);  // the forger recomputes this entry's hash…
    const auto check = Verify(chain);
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.first_bad_seq, 3);  // …but entry 3 still names the old one
    EXPECT_NE(check.reason.find("prev_hash"), std::string::npos) << check.reason;
}

TEST(AuditChain, RemovingOrReorderingEntriesIsFound) {
    {
        auto chain = Chain(6);
        chain.erase(chain.begin() + 2);  // entry 3 removed
        const auto check = Verify(chain);
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.first_bad_seq, 4);
        EXPECT_NE(check.reason.find("expected entry 3"), std::string::npos) << check.reason;
    }
    {
        auto chain = Chain(6);
        chain.erase(chain.begin());  // the first entry removed
        const auto check = Verify(chain);
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.first_bad_seq, 2);
    }
    {
        auto chain = Chain(6);
        std::swap(chain[3], chain[4]);  // entries 4 and 5 swapped
        const auto check = Verify(chain);
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.first_bad_seq, 5);
        EXPECT_NE(check.reason.find("expected entry 4"), std::string::npos) << check.reason;
    }
    {
        // Swapped and renumbered so the sequence looks whole: the hashes still give it away.
        auto chain = Chain(6);
        std::swap(chain[3], chain[4]);
        std::swap(chain[3].seq, chain[4].seq);
        const auto check = Verify(chain);
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.first_bad_seq, 4);
    }
    {
        auto chain = Chain(4);
        chain.insert(chain.begin() + 2, chain[1]);  // an entry replayed
        const auto check = Verify(chain);
        EXPECT_FALSE(check.ok);
        EXPECT_EQ(check.first_bad_seq, 2);
        EXPECT_EQ(check.checked, 2);
    }
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
    // Moving text from one field to the next must change the canonical text and the hash.
    AuditRecord a = Chain(1)[0];
    AuditRecord b = a;
    a.action = "channel.update";
    a.object_type = "channel";
    b.action = "channel.updatechannel";
    b.object_type = "";
    EXPECT_NE(CanonicalText(a), CanonicalText(b));
    EXPECT_NE(ComputeAuditHash(a), ComputeAuditHash(b));
    // A value that imitates the next field's header cannot either.
    AuditRecord c = a;
    c.action = "channel.update\nobject_type:7:channel";
    c.object_type = "";
    EXPECT_NE(CanonicalText(a), CanonicalText(c));
    // An absent actor differs from actor 0, an absent "before" from an empty object.
    AuditRecord d = a;
    d.actor_id.reset();
    AuditRecord e = a;
    e.actor_id = 0;
    EXPECT_NE(ComputeAuditHash(d), ComputeAuditHash(e));
    AuditRecord f = a;
    f.before_json = "{}";
    AuditRecord g = a;
    g.before_json.clear();
    EXPECT_NE(ComputeAuditHash(f), ComputeAuditHash(g));
}

}  // namespace
}  // namespace belfry::security
