#include "security/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/text.hpp"

namespace belfry::security {
namespace {

// Cheap parameters: these tests check the format and the logic, not the cost.
const PasswordCost kCheap{1, 8192};

TEST(Crypto, PasswordsAreHashedWithArgon2idAndVerified) {
    auto hash = HashPassword("correct horse battery", kCheap);
    ASSERT_TRUE(hash.ok()) << hash.error().message;
    EXPECT_TRUE(core::StartsWith(*hash, "$argon2id$v=19$")) << *hash;
    EXPECT_NE(hash->find("m=8,t=1,p=1$"), std::string::npos) << *hash;  // the parameters travel with the hash
    EXPECT_EQ(hash->find("correct horse"), std::string::npos);
    EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
    EXPECT_FALSE(VerifyPassword("correct horse battery ", *hash));
    EXPECT_FALSE(VerifyPassword("Correct horse battery", *hash));
    EXPECT_FALSE(VerifyPassword("", *hash));

    // A fresh salt every time: the same password never gives the same hash.
    auto again = HashPassword("correct horse battery", kCheap);
    ASSERT_TRUE(again.ok());
    EXPECT_NE(*again, *hash);
    EXPECT_TRUE(VerifyPassword("correct horse battery", *again));

    // Passwords are bytes: UTF-8 and embedded NULs are kept whole.
    const std::string odd("mot de passe \xC3\xA9t\xC3\xA9\0suite", 24);
    auto odd_hash = HashPassword(odd, kCheap);
    ASSERT_TRUE(odd_hash.ok());
    EXPECT_TRUE(VerifyPassword(odd, *odd_hash));
    EXPECT_FALSE(VerifyPassword(odd.substr(0, 19), *odd_hash));
}

TEST(Crypto, TheDefaultCostIsLibsodiumsInteractiveArgon2id) {
    const auto cost = DefaultPasswordCost();
    EXPECT_GE(cost.ops, 2u);
    EXPECT_GE(cost.mem_bytes, 64u * 1024 * 1024);
    auto hash = HashPassword("a default-cost password");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(core::StartsWith(*hash, "$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
    EXPECT_TRUE(VerifyPassword("a default-cost password", *hash));
}

TEST(Crypto, AMalformedHashNeverVerifies) {
    for (const std::string& bad : {std::string(), std::string("plain text"), std::string("$argon2id$"),
                                   std::string("$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01")}) {
        EXPECT_FALSE(VerifyPassword("", bad)) << bad;
        EXPECT_FALSE(VerifyPassword("plain text", bad)) << bad;
    }
    auto hash = HashPassword("correct horse battery", kCheap);
    ASSERT_TRUE(hash.ok());
    std::string truncated = hash->substr(0, hash->size() - 4);
    EXPECT_FALSE(VerifyPassword("correct horse battery", truncated));
}

TEST(Crypto, RandomTokensAreBase64UrlOfTheRightLengthAndUnique) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const std::pair<size_t, size_t> sizes[] = {{32, 43}, {16, 22}, {1, 2}, {3, 4}, {64, 86}};
    for (const auto& [bytes, chars] : sizes) {
        const std::string t = RandomToken(bytes);
        EXPECT_EQ(t.size(), chars) << bytes << " bytes";
        EXPECT_EQ(t.find_first_not_of(alphabet), std::string::npos) << t;
    }
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) seen.insert(RandomToken(32));
    EXPECT_EQ(seen.size(), 2000u);
    // Every character of the alphabet turns up: the output is not biased to a subset.
    std::set<char> used;
    for (const auto& t : seen) used.insert(t.begin(), t.end());
    EXPECT_EQ(used.size(), 64u);
}

TEST(Crypto, Sha256HexMatchesTheStandardVectors) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Crypto, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("csrf-token", "csrf-token"));
    EXPECT_TRUE(ConstantTimeEquals("", ""));
    EXPECT_FALSE(ConstantTimeEquals("csrf-token", "csrf-tokem"));
    EXPECT_FALSE(ConstantTimeEquals("csrf-token", "csrf-token2"));
    EXPECT_FALSE(ConstantTimeEquals("", "x"));
    EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace belfry::security
