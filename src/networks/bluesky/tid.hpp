// Timestamp identifiers (atproto TIDs, atproto.com/specs/tid) and the record key belfry derives
// from a rendition's idempotency key.
//
// A TID is a 64-bit integer (top bit 0; then 53 bits of microseconds since the Unix epoch; then a
// 10-bit clock id) written as 13 characters of base32-sortable (`234567abcdefghijklmnopqrstuvwxyz`,
// most significant first); the first character is one of `234567abcdefghij`.
//
// RecordKeyForIdempotencyKey(key): the first 8 bytes of SHA-256("belfry/bluesky-rkey/v1\n" + key),
// read big-endian as h; timestamp = (h >> 14) masked to 50 bits; clock id = h & 0x3FF; the TID of
// (timestamp << 10 | clock id). Deterministic (a repeat of the same rendition targets the same
// record, so it can never create a second post), 60 bits of entropy, and always a valid TID whose
// time lies in the past (1970–2005: 2^50 µs), never in the future. Such a key says nothing about
// when the post was made: createdAt does. Changing this derivation orphans the keys of renditions
// in flight, so it is versioned in the hashed prefix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace belfry::networks {

bool IsValidTid(std::string_view s);
// The TID of `value` (must be below 2^63).
std::string EncodeTid(std::uint64_t value);
std::optional<std::uint64_t> DecodeTid(std::string_view s);

std::string RecordKeyForIdempotencyKey(std::string_view idempotency_key);

}  // namespace belfry::networks
