// Identifiers in the shapes the real networks use, from one seeded generator.
//
// Contract
// - Everything random (tokens, passwords, DIDs, JWT signatures) comes from a std::mt19937_64 seeded
//   with --seed, so a run is reproducible. These are stand-ins, not secrets: never reuse them.
// - Snowflake(): Mastodon-style ids, (milliseconds << 16) | sequence, strictly increasing, decimal.
// - Tid(): atproto TIDs, 13 chars of base32-sortable, microseconds << 10 | clock id, strictly increasing.
// - Did(): "did:plc:" + 24 lowercase base32 chars (random, not derived from a genesis operation).
// - BlobCid(): a real CIDv1 (raw codec 0x55, sha2-256) of the bytes, multibase base32 ("bafkrei…").
// - RecordCid(): a CIDv1 with the dag-cbor codec (0x71) over the SHA-256 of the record's JSON text:
//   the right shape ("bafyrei…") and stable for the same record, but not the DAG-CBOR hash a PDS computes.
// - Jwt(): a JWT-shaped string (header.payload.signature, base64url) whose payload carries scope, sub,
//   iat and exp so clients that read the expiry can; the signature is random and netsim only compares
//   the whole string.
// All methods are thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace belfry::netsim {

class Ids {
  public:
    explicit Ids(std::uint64_t seed) : rng_(seed) {}

    void Reseed(std::uint64_t seed);
    std::string Token(std::size_t bytes);  // base64url, no padding
    std::string Snowflake(core::Millis now);
    std::string Tid(core::Millis now);
    std::string Did();
    std::string Jwt(std::string_view scope, std::string_view sub, core::Millis now, core::Millis expires);

  private:
    std::mutex mu_;
    std::mt19937_64 rng_;
    std::uint64_t last_snowflake_ = 0;
    std::uint64_t last_tid_ = 0;
};

std::string BlobCid(std::string_view bytes);
std::string RecordCid(std::string_view json_text);
bool IsTid(std::string_view s);
// The TID of `ms` with clock id 0 (a repository revision, a cursor); TidMillis() reads a TID's time back.
std::string TidAt(core::Millis ms);
core::Millis TidMillis(std::string_view tid);
// atproto record-key syntax: 1–512 of A-Za-z0-9 . - _ : ~, and neither "." nor "..".
bool IsRecordKey(std::string_view s);
std::string Base64Url(std::string_view bytes);
// "2019-12-05T11:34:47.196Z" (UTC, milliseconds), the form both networks use.
std::string IsoMillis(core::Millis ms);

}  // namespace belfry::netsim
