#include "security/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"

namespace belfry::security {

void InitCrypto() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    });
}

PasswordCost DefaultPasswordCost() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }

core::Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
    InitCrypto();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::Error::Internal("password hashing ran out of memory");
    }
    return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& encoded_hash) {
    InitCrypto();
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(std::size_t bytes) {
    InitCrypto();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

std::string Sha256Hex(std::string_view data) {
    InitCrypto();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string Base64Encode(std::string_view data) {
    InitCrypto();
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
    InitCrypto();
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace belfry::security
