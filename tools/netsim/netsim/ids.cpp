#include "netsim/ids.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "security/crypto.hpp"

namespace belfry::netsim {

namespace {

constexpr std::string_view kBase32Lower = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648, lower case
constexpr std::string_view kBase32Sort = "234567abcdefghijklmnopqrstuvwxyz";   // atproto TIDs

std::string Base32(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kBase32Lower[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kBase32Lower[(buffer << (5 - bits)) & 31];
    return out;
}

std::string Sha256Bytes(std::string_view data) {
    const std::string hex = security::Sha256Hex(data);
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
}

std::string Cid(unsigned char codec, std::string_view data) {
    std::string bytes{'\x01', static_cast<char>(codec), '\x12', '\x20'};  // v1, codec, sha2-256, 32 bytes
    bytes += Sha256Bytes(data);
    return "b" + Base32(bytes);
}

}  // namespace

void Ids::Reseed(std::uint64_t seed) {
    std::lock_guard lock(mu_);
    rng_.seed(seed);
}

std::string Ids::Token(std::size_t bytes) {
    std::lock_guard lock(mu_);
    std::string raw;
    for (std::size_t i = 0; i < bytes; ++i) raw += static_cast<char>(rng_() & 0xff);
    return Base64Url(raw);
}

std::string Ids::Snowflake(core::Millis now) {
    std::lock_guard lock(mu_);
    std::uint64_t id = static_cast<std::uint64_t>(now) << 16;
    if (id <= last_snowflake_) id = last_snowflake_ + 1;
    last_snowflake_ = id;
    return std::to_string(id);
}

std::string Ids::Tid(core::Millis now) {
    std::lock_guard lock(mu_);
    const std::uint64_t clock_id = rng_() & 0x3ff;
    std::uint64_t v = ((static_cast<std::uint64_t>(now) * 1000) << 10) | clock_id;
    v &= 0x7fffffffffffffffULL;
    if (v <= last_tid_) v = last_tid_ + 1;
    last_tid_ = v;
    std::string out(13, '2');
    for (int i = 12; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kBase32Sort[v & 31];
        v >>= 5;
    }
    return out;
}

std::string Ids::Did() {
    std::lock_guard lock(mu_);
    std::string out = "did:plc:";
    for (int i = 0; i < 24; ++i) out += kBase32Lower[rng_() & 31];
    return out;
}

std::string Ids::Jwt(std::string_view scope, std::string_view sub, core::Millis now, core::Millis expires) {
    const std::string header = R"({"typ":"at+jwt","alg":"HS256"})";
    boost::json::object payload{{"scope", scope}, {"sub", sub}, {"iat", now / 1000}, {"exp", expires / 1000}};
    const std::string signature = Token(32);
    std::lock_guard lock(mu_);
    payload["jti"] = Base64Url(std::to_string(rng_()));
    return Base64Url(header) + "." + Base64Url(boost::json::serialize(payload)) + "." + signature;
}

std::string BlobCid(std::string_view bytes) { return Cid(0x55, bytes); }

std::string RecordCid(std::string_view json_text) { return Cid(0x71, json_text); }

std::string TidAt(core::Millis ms) {
    std::uint64_t v = ((static_cast<std::uint64_t>(ms) * 1000) << 10) & 0x7fffffffffffffffULL;
    std::string out(13, '2');
    for (int i = 12; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kBase32Sort[v & 31];
        v >>= 5;
    }
    return out;
}

core::Millis TidMillis(std::string_view tid) {
    std::uint64_t v = 0;
    for (char c : tid) {
        const auto pos = kBase32Sort.find(c);
        if (pos == std::string_view::npos) return 0;
        v = (v << 5) | pos;
    }
    return static_cast<core::Millis>((v >> 10) / 1000);
}

bool IsTid(std::string_view s) {
    if (s.size() != 13) return false;
    if (kBase32Sort.substr(0, 16).find(s[0]) == std::string_view::npos) return false;  // top bit is 0
    for (char c : s) {
        if (kBase32Sort.find(c) == std::string_view::npos) return false;
    }
    return true;
}

bool IsRecordKey(std::string_view s) {
    if (s.empty() || s.size() > 512 || s == "." || s == "..") return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == ':' || c == '~';
        if (!ok) return false;
    }
    return true;
}

std::string Base64Url(std::string_view bytes) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            out += kAlphabet[(buffer >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
    return out;
}

std::string IsoMillis(core::Millis ms) {
    std::string base = core::FormatRfc3339(ms);  // "YYYY-MM-DDTHH:MM:SSZ"
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03lld", static_cast<long long>(((ms % 1000) + 1000) % 1000));
    base.insert(base.size() - 1, frac);
    return base;
}

}  // namespace belfry::netsim
