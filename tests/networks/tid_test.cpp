#include "networks/bluesky/tid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

namespace belfry::networks {
namespace {

TEST(Tid, AcceptsTheSpecificationsValidExamples) {
    for (const char* tid : {"3jzfcijpj2z2a", "7777777777777", "3zzzzzzzzzzzz", "2222222222222"}) {
        EXPECT_TRUE(IsValidTid(tid)) << tid;
    }
}

TEST(Tid, RefusesTheSpecificationsInvalidExamples) {
    for (const char* tid : {"3jzfcijpj2z21", "0000000000000", "3JZFCIJPJ2Z2A", "3jzfcijpj2z2aa", "3jzfcijpj2z2", "222",
                            "3jzf-cij-pj2z-2a", "zzzzzzzzzzzzz", "kjzfcijpj2z2a", ""}) {
        EXPECT_FALSE(IsValidTid(tid)) << tid;
    }
}

TEST(Tid, EncodesAndDecodes) {
    EXPECT_EQ(EncodeTid(0), "2222222222222");
    EXPECT_EQ(EncodeTid(31), "222222222222z");
    EXPECT_EQ(EncodeTid(32), "2222222222232");
    // The specification's example is a 2023 timestamp (1688137381.887007 s) with clock id 6.
    const auto v = DecodeTid("3jzfcijpj2z2a");
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, 1728652679052295174ULL);
    EXPECT_EQ(*v >> 10, 1688137381887007ULL);
    EXPECT_EQ(EncodeTid(*v), "3jzfcijpj2z2a");
    for (std::uint64_t x : {1ULL, 1023ULL, 1ULL << 40, (1ULL << 63) - 1}) {
        EXPECT_EQ(DecodeTid(EncodeTid(x)), x);
        EXPECT_TRUE(IsValidTid(EncodeTid(x)));
    }
    EXPECT_FALSE(DecodeTid("kjzfcijpj2z2a").has_value());
}

TEST(Tid, TheRecordKeyIsAValidTidDerivedOnlyFromTheIdempotencyKey) {
    const std::string a = RecordKeyForIdempotencyKey("rendition-42");
    EXPECT_TRUE(IsValidTid(a)) << a;
    EXPECT_EQ(RecordKeyForIdempotencyKey("rendition-42"), a) << "a repeat targets the same record";
    EXPECT_NE(RecordKeyForIdempotencyKey("rendition-43"), a);
}

TEST(Tid, TheDerivationIsPinned) {
    // Computed independently (Python, hashlib): changing the derivation would orphan the record keys
    // of renditions in flight, so it must not change silently.
    EXPECT_EQ(RecordKeyForIdempotencyKey("rendition-42"), "22bjjaquyesrx");
    EXPECT_EQ(RecordKeyForIdempotencyKey("r:7:fr:bluesky"), "2x7wwkm5xxsxp");
}

TEST(Tid, DerivedKeysAreInThePastAndDoNotCollide) {
    const auto now_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::set<std::string> seen;
    for (int i = 0; i < 20000; ++i) {
        const std::string rkey = RecordKeyForIdempotencyKey("rendition-" + std::to_string(i));
        ASSERT_TRUE(IsValidTid(rkey)) << rkey;
        const auto v = DecodeTid(rkey);
        ASSERT_TRUE(v.has_value());
        EXPECT_LT(*v >> 10, std::uint64_t{1} << 50);
        EXPECT_LT(static_cast<long long>(*v >> 10), now_us) << "never a time in the future";
        EXPECT_TRUE(seen.insert(rkey).second) << "collision at " << i;
    }
}

}  // namespace
}  // namespace belfry::networks
