#include "inbox/model.hpp"

#include <array>
#include <utility>

namespace belfry::inbox {

namespace {

constexpr std::array<std::pair<Status, std::string_view>, 5> kStatusNames{{
    {Status::kNew, "new"},
    {Status::kAssigned, "assigned"},
    {Status::kWaiting, "waiting"},
    {Status::kAnswered, "answered"},
    {Status::kClosed, "closed"},
}};

}  // namespace

std::string_view StatusName(Status s) {
    for (const auto& [status, name] : kStatusNames) {
        if (status == s) return name;
    }
    return "new";
}

std::optional<Status> ParseStatus(std::string_view name) {
    for (const auto& [status, n] : kStatusNames) {
        if (n == name) return status;
    }
    return std::nullopt;
}

}  // namespace belfry::inbox
