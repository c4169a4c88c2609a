#include "networks/bluesky/tid.hpp"

#include <openssl/evp.h>

#include <array>
#include <cassert>

namespace belfry::networks {

namespace {
constexpr std::string_view kAlphabet = "234567abcdefghijklmnopqrstuvwxyz";

int DigitOf(char c) {
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}
}  // namespace

bool IsValidTid(std::string_view s) {
    if (s.size() != 13) return false;
    if (DigitOf(s[0]) < 0 || DigitOf(s[0]) > 15) return false;  // 2…j: the top bit stays 0
    for (const char c : s) {
        if (DigitOf(c) < 0) return false;
    }
    return true;
}

std::string EncodeTid(std::uint64_t value) {
    assert(value < (std::uint64_t{1} << 63));
    std::string out(13, '2');
    for (int i = 12; i >= 0; --i) {
        out[static_cast<size_t>(i)] = kAlphabet[value & 0x1F];
        value >>= 5;
    }
    return out;
}

std::optional<std::uint64_t> DecodeTid(std::string_view s) {
    if (!IsValidTid(s)) return std::nullopt;
    std::uint64_t v = 0;
    for (const char c : s) v = (v << 5) | static_cast<std::uint64_t>(DigitOf(c));
    return v;
}

std::string RecordKeyForIdempotencyKey(std::string_view idempotency_key) {
    const std::string input = std::string("belfry/bluesky-rkey/v1\n") + std::string(idempotency_key);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &len, EVP_sha256(), nullptr);
    std::uint64_t h = 0;
    for (int i = 0; i < 8; ++i) h = (h << 8) | digest[static_cast<size_t>(i)];
    const std::uint64_t micros = (h >> 14) & ((std::uint64_t{1} << 50) - 1);
    const std::uint64_t clock_id = h & 0x3FF;
    return EncodeTid((micros << 10) | clock_id);
}

}  // namespace belfry::networks
