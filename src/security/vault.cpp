#include "security/vault.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <vector>

#include "core/text.hpp"
#include "security/crypto.hpp"

namespace belfry::security {

namespace {

std::string ToBase64(const unsigned char* data, size_t n) {
    std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.find('\0'));
    return out;
}

bool FromBase64(const std::string& in, std::vector<unsigned char>& out) {
    out.assign(in.size(), 0);
    size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), in.data(), in.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return false;
    }
    out.resize(len);
    return true;
}

}  // namespace

std::string Vault::NewKeyHex() {
    InitCrypto();
    unsigned char key[crypto_secretbox_KEYBYTES];
    crypto_secretbox_keygen(key);
    return core::HexEncode(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
}

core::Result<Vault> Vault::FromHex(const std::string& hex) {
    InitCrypto();
    const std::string trimmed(core::Trim(hex));
    std::array<unsigned char, 32> key{};
    size_t len = 0;
    if (trimmed.size() != 64 ||
        sodium_hex2bin(key.data(), key.size(), trimmed.data(), trimmed.size(), nullptr, &len, nullptr) != 0 ||
        len != 32) {
        return core::Error::Invalid("secret_key", "the secret key must be 64 hexadecimal characters (32 bytes)");
    }
    return Vault(key);
}

core::Result<Vault> Vault::FromFile(const std::string& path, bool create) {
    std::ifstream in(path);
    if (!in) {
        if (!create) {
            return core::Error::Invalid("secret_key_file", "cannot read the secret key file " + path +
                                                               ": create one with 64 hexadecimal characters");
        }
        const std::string hex = NewKeyHex();
        const mode_t old = umask(077);
        std::ofstream out(path);
        out << hex << "\n";
        umask(old);
        if (!out) return core::Error::Unavailable("cannot write the secret key file " + path);
        return FromHex(hex);
    }
    std::string hex;
    std::getline(in, hex);
    return FromHex(hex);
}

Sealed Vault::Seal(const std::string& plaintext) const {
    InitCrypto();
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    randombytes_buf(nonce, sizeof nonce);
    std::vector<unsigned char> cipher(plaintext.size() + crypto_secretbox_MACBYTES);
    crypto_secretbox_easy(cipher.data(), reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                          nonce, key_.data());
    return {ToBase64(nonce, sizeof nonce), ToBase64(cipher.data(), cipher.size())};
}

core::Result<std::string> Vault::Open(const Sealed& sealed) const {
    InitCrypto();
    std::vector<unsigned char> nonce;
    std::vector<unsigned char> cipher;
    if (!FromBase64(sealed.nonce, nonce) || nonce.size() != crypto_secretbox_NONCEBYTES ||
        !FromBase64(sealed.ciphertext, cipher) || cipher.size() < crypto_secretbox_MACBYTES) {
        return core::Error::Internal("a stored credential is not in the vault's format");
    }
    std::string plain(cipher.size() - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), cipher.data(), cipher.size(),
                                   nonce.data(), key_.data()) != 0) {
        return core::Error::Internal(
            "a stored credential cannot be decrypted: the secret key changed or the data was altered; reconnect the "
            "account");
    }
    return plain;
}

}  // namespace belfry::security
