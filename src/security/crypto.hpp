// Cryptographic primitives, all from libsodium (no home-made crypto).
//
// Contract: Init() must run once before any other call (it is idempotent and thread-safe).
// Password hashes are Argon2id strings in libsodium's encoded format ($argon2id$…), so parameters
// travel with the hash and can be raised later. Tokens are random and only their SHA-256 is stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace belfry::security {

void InitCrypto();

struct PasswordCost {
    unsigned long long ops;
    std::size_t mem_bytes;
};
// Interactive cost (libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE): ~0.1 s and 64 MiB per hash.
PasswordCost DefaultPasswordCost();

core::Result<std::string> HashPassword(std::string_view password, PasswordCost cost = DefaultPasswordCost());
bool VerifyPassword(std::string_view password, const std::string& encoded_hash);

// `bytes` random bytes, base64url without padding.
std::string RandomToken(std::size_t bytes);
// Lowercase hex SHA-256.
std::string Sha256Hex(std::string_view data);
// Standard base64 with padding (RFC 4648 §4); Base64Decode fails on anything else.
std::string Base64Encode(std::string_view data);
std::optional<std::string> Base64Decode(std::string_view text);
// Constant-time comparison of two strings of equal length (different lengths → false).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace belfry::security
