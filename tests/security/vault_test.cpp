#include "security/vault.hpp"

#include <gtest/gtest.h>

namespace belfry::security {
namespace {

TEST(Vault, SealsAndOpensAndRefusesAlteredDataOrAnotherKey) {
    auto vault = Vault::FromHex(Vault::NewKeyHex());
    ASSERT_TRUE(vault.ok());
    const auto sealed = vault->Seal("mastodon-token-secret");
    EXPECT_EQ(sealed.ciphertext.find("mastodon-token-secret"), std::string::npos);
    auto opened = vault->Open(sealed);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened.value(), "mastodon-token-secret");
    EXPECT_NE(vault->Seal("same").nonce, vault->Seal("same").nonce);  // a fresh nonce each time

    auto altered = sealed;
    altered.ciphertext[2] = altered.ciphertext[2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(vault->Open(altered).ok());
    auto other = Vault::FromHex(Vault::NewKeyHex());
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other->Open(sealed).ok());
}

TEST(Vault, KeyMustBe64HexCharacters) {
    EXPECT_FALSE(Vault::FromHex("abc").ok());
    EXPECT_FALSE(Vault::FromHex(std::string(64, 'z')).ok());
    EXPECT_TRUE(Vault::FromHex(std::string(64, 'a')).ok());
}

}  // namespace
}  // namespace belfry::security
