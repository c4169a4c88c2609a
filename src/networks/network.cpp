#include "networks/network.hpp"

#include <curl/curl.h>

#include <charconv>
#include <string>

#include "core/text.hpp"
#include "networks/bluesky/bluesky.hpp"
#include "networks/mastodon/mastodon.hpp"

namespace belfry::networks {

namespace {

std::optional<long long> ParseInteger(std::string_view s) {
    s = core::Trim(s);
    long long v = 0;
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return v;
}

// A reset or retry time: ISO 8601, an HTTP date, epoch seconds, or seconds from now.
std::optional<core::Millis> ParseWhen(std::string_view s, core::Millis now_ms) {
    s = core::Trim(s);
    if (s.empty()) return std::nullopt;
    if (auto n = ParseInteger(s)) {
        if (*n < 0) return std::nullopt;
        // Epoch seconds are above 10^9 (2001); anything smaller is a delay in seconds.
        return *n >= 1000000000LL ? *n * 1000 : now_ms + *n * 1000;
    }
    if (auto t = core::ParseRfc3339(s)) return *t;
    const std::string copy(s);
    const time_t t = curl_getdate(copy.c_str(), nullptr);
    if (t >= 0) return static_cast<core::Millis>(t) * 1000;
    return std::nullopt;
}

}  // namespace

std::optional<RateLimitInfo> ParseRateLimit(const HttpResponse& response, core::Millis now_ms) {
    RateLimitInfo info;
    bool any = false;
    for (const std::string_view prefix : {"x-ratelimit-", "ratelimit-"}) {
        const std::string limit = response.Header(std::string(prefix) + "limit");
        const std::string remaining = response.Header(std::string(prefix) + "remaining");
        const std::string reset = response.Header(std::string(prefix) + "reset");
        if (limit.empty() && remaining.empty() && reset.empty()) continue;
        if (auto v = ParseInteger(limit)) info.limit = static_cast<int>(*v);
        if (auto v = ParseInteger(remaining)) info.remaining = static_cast<int>(*v);
        if (auto v = ParseWhen(reset, now_ms)) info.reset_at_ms = *v;
        any = true;
        break;
    }
    if (!any) return std::nullopt;
    return info;
}

int RetryAfterSeconds(const HttpResponse& response, core::Millis now_ms, int fallback) {
    auto seconds_until = [now_ms](core::Millis at) {
        const core::Millis delta = at - now_ms;
        return static_cast<int>(delta <= 0 ? 1 : (delta + 999) / 1000);
    };
    if (auto when = ParseWhen(response.Header("retry-after"), now_ms)) return seconds_until(*when);
    if (auto info = ParseRateLimit(response, now_ms); info && info->reset_at_ms > 0) {
        return seconds_until(info->reset_at_ms);
    }
    return fallback < 0 ? 0 : fallback;
}

std::string_view OutcomeName(Outcome outcome) {
    switch (outcome) {
        case Outcome::kPublished:
            return "published";
        case Outcome::kRejected:
            return "rejected";
        case Outcome::kRetryLater:
            return "retry_later";
        case Outcome::kUnknown:
            return "unknown";
    }
    return "unknown";
}

PublishResult Network::Edit(const Credentials& /*credentials*/, const std::string& /*remote_id*/,
                            const PublishRequest& /*request*/) {
    const std::string name(core::NetworkDisplayName(kind()));
    PublishResult out;
    out.outcome = Outcome::kRejected;
    out.explanation = name + " does not allow editing a published post: delete it and publish again.";
    return out;
}

bool IsRetryable(const core::Error& error) {
    return error.code == core::ErrorCode::kTooManyRequests || error.code == core::ErrorCode::kUnavailable;
}

bool IsUnsupported(const core::Error& error) {
    return error.code == core::ErrorCode::kPermissionDenied && error.field == kUnsupported;
}

namespace {

core::Error Unsupported(core::Network network, const std::string& what) {
    core::Error e = core::Error::Denied(std::string(core::NetworkDisplayName(network)) + " " + what);
    e.field = std::string(kUnsupported);
    return e;
}

}  // namespace

core::Result<InboundPage> Network::FetchInbound(const Credentials& /*credentials*/, const std::string& /*cursor*/,
                                                int /*limit*/) {
    return Unsupported(kind(), "reactions cannot be read by belfry yet.");
}

PublishResult Network::Reply(const Credentials& /*credentials*/, const std::string& /*parent_remote_id*/,
                             const std::string& /*root_remote_id*/, const PublishRequest& /*request*/) {
    PublishResult out;
    out.outcome = Outcome::kRejected;
    out.explanation = std::string(core::NetworkDisplayName(kind())) + " replies cannot be sent by belfry yet.";
    return out;
}

core::Status Network::Hide(const Credentials& /*credentials*/, const std::string& /*item_remote_id*/,
                           const std::string& /*root_remote_id*/) {
    return Unsupported(kind(), "does not let an account hide replies to its posts.");
}

core::Status Network::Unhide(const Credentials& /*credentials*/, const std::string& /*item_remote_id*/,
                             const std::string& /*root_remote_id*/) {
    return Unsupported(kind(), "does not let an account hide replies to its posts, so there is nothing to show again.");
}

core::Status Network::Report(const Credentials& /*credentials*/, const std::string& /*item_remote_id*/,
                             const std::string& /*comment*/) {
    return Unsupported(kind(), "reports cannot be sent by belfry yet.");
}

std::unique_ptr<Network> MakeNetwork(core::Network network, HttpClient& http, ConnectorOptions options) {
    switch (network) {
        case core::Network::kMastodon:
            return std::make_unique<MastodonNetwork>(http, std::move(options));
        case core::Network::kBluesky:
            return std::make_unique<BlueskyNetwork>(http, std::move(options));
        default:
            return nullptr;
    }
}

}  // namespace belfry::networks
