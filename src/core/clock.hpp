// Time source. Everything that reads the time takes a Clock so tests can move time by hand.
// Times are Unix epoch milliseconds (UTC). Implementations are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace belfry::core {

using Millis = std::int64_t;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual Millis NowMs() const = 0;
};

class SystemClock final : public Clock {
  public:
    Millis NowMs() const override;
};

// A clock that only moves when told to.
class FakeClock final : public Clock {
  public:
    explicit FakeClock(Millis start) : now_(start) {}
    Millis NowMs() const override { return now_.load(); }
    void Advance(Millis ms) { now_ += ms; }
    void Set(Millis ms) { now_ = ms; }

  private:
    std::atomic<Millis> now_;
};

constexpr Millis kSecondMs = 1000;
constexpr Millis kMinuteMs = 60 * kSecondMs;
constexpr Millis kHourMs = 60 * kMinuteMs;
constexpr Millis kDayMs = 24 * kHourMs;

// RFC 3339 UTC with second precision: "2026-11-22T16:00:00Z".
std::string FormatRfc3339(Millis ms);
// Accepts "YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM)" and "YYYY-MM-DD" (midnight UTC).
std::optional<Millis> ParseRfc3339(std::string_view s);

}  // namespace belfry::core
