#include "inbox/lifecycle.hpp"

#include <gtest/gtest.h>

namespace belfry::inbox {
namespace {

constexpr Status kN = Status::kNew, kA = Status::kAssigned, kW = Status::kWaiting, kAns = Status::kAnswered,
                 kC = Status::kClosed;
constexpr Status kAll[] = {kN, kA, kW, kAns, kC};

// The expected outcome: a status, or the kind of error.
struct Outcome {
    std::optional<Status> status;
    core::ErrorCode error = core::ErrorCode::kInternal;
};
Outcome To(Status s) { return {s}; }
const Outcome kInvalid{std::nullopt, core::ErrorCode::kInvalidArgument};
const Outcome kConflict{std::nullopt, core::ErrorCode::kConflict};

void Expect(const core::Result<Status>& got, const Outcome& want, const std::string& what) {
    if (want.status) {
        ASSERT_TRUE(got.ok()) << what << ": " << got.error().message;
        EXPECT_EQ(StatusName(*got), StatusName(*want.status)) << what;
    } else {
        ASSERT_FALSE(got.ok()) << what << " → " << StatusName(*got);
        EXPECT_EQ(got.error().code, want.error) << what;
        EXPECT_FALSE(got.error().message.empty()) << what;
        if (want.error == core::ErrorCode::kInvalidArgument) {
            EXPECT_EQ(got.error().field, "status") << what;
        }
    }
}

TEST(Lifecycle, StatusNames) {
    for (Status s : kAll) EXPECT_EQ(ParseStatus(StatusName(s)), s);
    EXPECT_EQ(StatusName(kW), "waiting");
    EXPECT_FALSE(ParseStatus("open").has_value());
    EXPECT_FALSE(ParseStatus("").has_value());
}

TEST(Lifecycle, EveryManualMove) {
    // rows: current; columns: wanted (new, assigned, waiting, answered, closed)
    const struct {
        Status current;
        Outcome to[5];
    } table[] = {
        {kN, {To(kN), kInvalid, kConflict, kConflict, To(kC)}},
        {kA, {kInvalid, To(kA), kConflict, kConflict, To(kC)}},
        {kW, {kConflict, kConflict, To(kW), To(kAns), To(kC)}},
        {kAns, {kConflict, kConflict, To(kW), To(kAns), To(kC)}},
        {kC, {To(kN), To(kA), kConflict, kConflict, To(kC)}},
    };
    for (const auto& row : table) {
        for (int i = 0; i < 5; ++i) {
            Expect(NextStatusOnSet(row.current, kAll[i]), row.to[i],
                   std::string(StatusName(row.current)) + " → " + std::string(StatusName(kAll[i])));
        }
    }
}

TEST(Lifecycle, AssignmentCitizenMessagesAndAnswers) {
    const struct {
        Status current;
        Status assign, unassign, citizen_with_assignee, citizen_without_assignee, answer_sent;
    } table[] = {
        {kN, kA, kN, kN, kN, kAns},       {kA, kA, kN, kA, kA, kAns}, {kW, kW, kW, kA, kN, kAns},
        {kAns, kAns, kAns, kA, kN, kAns}, {kC, kA, kC, kA, kN, kAns},
    };
    for (const auto& row : table) {
        const std::string from(StatusName(row.current));
        Expect(NextStatusOnAssign(row.current, true), To(row.assign), "assign " + from);
        Expect(NextStatusOnAssign(row.current, false), To(row.unassign), "unassign " + from);
        EXPECT_EQ(NextStatusOnCitizenMessage(row.current, true), row.citizen_with_assignee) << from;
        EXPECT_EQ(NextStatusOnCitizenMessage(row.current, false), row.citizen_without_assignee) << from;
        EXPECT_EQ(NextStatusOnAnswerSent(row.current), row.answer_sent) << from;
    }
}

}  // namespace
}  // namespace belfry::inbox
