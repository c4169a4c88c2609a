// Vault: network credentials encrypted at rest with libsodium's secretbox (XSalsa20-Poly1305).
//
// Contract: the 32-byte key comes from BELFRY_SECRET_KEY (64 hex characters) or a key file; it is
// never logged or stored in the database. Seal() returns base64 nonce and ciphertext; Open() fails
// with a clear error when the key is wrong or the data was altered. Thread-safe (immutable key).
#pragma once

#include <array>
#include <string>

#include "core/result.hpp"

namespace belfry::security {

struct Sealed {
    std::string nonce;       // base64
    std::string ciphertext;  // base64
};

class Vault {
  public:
    // 64 hex characters.
    static core::Result<Vault> FromHex(const std::string& hex);
    // Reads a key file (64 hex characters); with create=true writes a new random key (mode 0600)
    // when the file does not exist.
    static core::Result<Vault> FromFile(const std::string& path, bool create);
    static std::string NewKeyHex();

    Sealed Seal(const std::string& plaintext) const;
    core::Result<std::string> Open(const Sealed& sealed) const;

  private:
    explicit Vault(std::array<unsigned char, 32> key) : key_(key) {}
    std::array<unsigned char, 32> key_;
};

}  // namespace belfry::security
