#include "networks/mastodon/mastodon.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>
#include <utility>

#include "core/text.hpp"
#include "networks/util.hpp"

namespace belfry::networks {

namespace {

constexpr std::string_view kTokenRefused =
    "Mastodon refused the access token: reconnect the account in belfry, then publish again.";
constexpr core::Millis kClockSkewMs = 5 * core::kMinuteMs;
constexpr int kFindPages = 5;
constexpr int kNotificationsMax = 80;  // GET /api/v1/notifications: limit at most 80 (Mastodon 4.1+)

HttpRequest Authed(const Credentials& c, std::string method, std::string_view path, int timeout_ms) {
    HttpRequest r;
    r.method = std::move(method);
    r.url = JoinUrl(c.base_url, path);
    r.headers.emplace_back("Authorization", "Bearer " + c.access_token);
    r.headers.emplace_back("Accept", "application/json");
    r.timeout_ms = timeout_ms;
    return r;
}

std::string FileNameFor(std::string_view mime, size_t index) {
    std::string ext = "bin";
    if (mime == "image/jpeg")
        ext = "jpg";
    else if (mime == "image/png")
        ext = "png";
    else if (mime == "image/gif")
        ext = "gif";
    else if (mime == "image/webp")
        ext = "webp";
    else if (mime == "image/heic")
        ext = "heic";
    else if (mime == "image/avif")
        ext = "avif";
    else if (mime == "video/mp4")
        ext = "mp4";
    return "media-" + std::to_string(index + 1) + "." + ext;
}

std::string RandomBoundary() {
    static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string b = "belfry-";
    for (int i = 0; i < 32; ++i) b += kChars[rng() % 36];
    return b;
}

// multipart/form-data with the file and its description (RFC 7578).
std::string MultipartBody(const std::string& boundary, const Media& m, size_t index) {
    std::string body;
    body.reserve(m.bytes.size() + m.alt_text.size() + 400);
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + FileNameFor(m.mime_type, index) + "\"\r\n";
    body +=
        "Content-Type: " + (m.mime_type.empty() ? std::string("application/octet-stream") : m.mime_type) + "\r\n\r\n";
    body += m.bytes;
    body += "\r\n--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"description\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    body += m.alt_text;
    body += "\r\n--" + boundary + "--\r\n";
    return body;
}

std::string Describe(int status) { return "HTTP " + std::to_string(status); }

// The outcome of a failed media step: nothing was published yet, so nothing is ever unknown.
PublishResult MediaFailure(const HttpResponse& r, core::Millis now, size_t index) {
    const std::string which = "image " + std::to_string(index + 1);
    const std::string msg = NetworkMessage(r);
    PublishResult out;
    if (r.status == 401 || r.status == 403) {
        out = MakeResult(Outcome::kRejected, msg, std::string(kTokenRefused), r.status);
    } else if (r.status == 413) {
        out = MakeResult(Outcome::kRejected, msg,
                         "The Mastodon server refused " + which + " as too large: use a smaller file.", r.status);
    } else if (r.status == 429) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "Mastodon's limit on uploads was reached; belfry tries again later.", r.status);
        out.retry_after_seconds = RetryAfterSeconds(r, now, 60);
    } else if (r.status >= 500) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "The Mastodon server failed while receiving " + which + " (" + Describe(r.status) +
                             "); nothing was published and belfry tries again later.",
                         r.status);
        if (r.status == 503) out.retry_after_seconds = RetryAfterSeconds(r, now, 0);
    } else {
        out = MakeResult(Outcome::kRejected, msg,
                         "Mastodon refused " + which + ": " + msg + ". Replace the file and publish again.", r.status);
    }
    out.rate_limit = ParseRateLimit(r, now);
    return out;
}

PublishResult TransportBeforePost(const core::Error& e) {
    return MakeResult(Outcome::kRetryLater, e.message,
                      "belfry could not reach the Mastodon server while preparing the post; nothing was published "
                      "and belfry tries again later.");
}

core::Error ReadError(const HttpResponse& r, core::Millis now) {
    const std::string msg = NetworkMessage(r);
    switch (r.status) {
        case 401:
            return core::Error::Unauthenticated(std::string(kTokenRefused) + " (" + msg + ")");
        case 403:
            return core::Error::Denied("Mastodon refused the account: " + msg);
        case 404:
        case 410:
            return core::Error::NotFound("Mastodon did not find it: " + msg);
        case 429:
            return core::Error::TooMany("Mastodon's rate limit was reached: " + msg, RetryAfterSeconds(r, now, 60));
        default:
            return core::Error::Unavailable("Mastodon answered " + Describe(r.status) + ": " + msg);
    }
}

core::Result<boost::json::object> GetObject(HttpClient& http, const HttpRequest& req, core::Millis now) {
    BELFRY_ASSIGN_OR_RETURN(resp, http.Send(req));
    if (resp.status != 200) return ReadError(resp, now);
    auto o = ParseJsonObject(resp.body);
    if (!o) return core::Error::Unavailable("Mastodon answered with something that is not a JSON object");
    return std::move(*o);
}

void AppendDecodedEntity(std::string_view entity, std::string& out) {
    // entity without '&' and ';'
    auto append_cp = [&out](unsigned long cp) {
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    };
    if (entity == "amp")
        out += '&';
    else if (entity == "lt")
        out += '<';
    else if (entity == "gt")
        out += '>';
    else if (entity == "quot")
        out += '"';
    else if (entity == "apos")
        out += '\'';
    else if (entity == "nbsp")
        out += ' ';
    else if (entity.size() > 1 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        const std::string digits(entity.substr(hex ? 2 : 1));
        char* end = nullptr;
        const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (!digits.empty() && end != nullptr && *end == '\0') append_cp(cp);
    } else {
        out += '&';
        out += entity;
        out += ';';
    }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string CollapseSpaces(std::string_view s) {
    std::string out;
    bool pending = false;
    for (const char c : s) {
        if (IsSpace(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) out += ' ';
        pending = false;
        out += c;
    }
    return out;
}

bool IsUserChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool IsDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// Mastodon shows a remote mention "@user@server" as "@user": drop the server from plain text too.
std::string ShortenRemoteMentions(std::string_view s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '@' && (i == 0 || IsSpace(s[i - 1]) || s[i - 1] == '(')) {
            size_t j = i + 1;
            while (j < s.size() && IsUserChar(s[j])) ++j;
            if (j > i + 1 && j < s.size() && s[j] == '@') {
                size_t k = j + 1;
                while (k < s.size() && IsDomainChar(s[k])) ++k;
                while (k > j + 1 && (s[k - 1] == '.' || s[k - 1] == '-')) --k;  // sentence punctuation
                if (k > j + 1 && s.substr(j + 1, k - j - 1).find('.') != std::string_view::npos) {
                    out.append(s.substr(i, j - i));
                    i = k;
                    continue;
                }
            }
        }
        out += s[i];
        ++i;
    }
    return out;
}

}  // namespace

std::string MastodonComparableText(std::string_view in, bool is_html) {
    if (!is_html) return CollapseSpaces(ShortenRemoteMentions(in));
    std::string text;
    text.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        const char c = in[i];
        if (c == '<') {
            const auto close = in.find('>', i);
            if (close == std::string_view::npos) break;
            const std::string tag = core::AsciiLower(in.substr(i + 1, close - i - 1));
            if (core::StartsWith(tag, "br") || core::StartsWith(tag, "/p") || core::StartsWith(tag, "p ") ||
                tag == "p") {
                text += ' ';
            }
            i = close + 1;
        } else if (c == '&') {
            const auto semi = in.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                AppendDecodedEntity(in.substr(i + 1, semi - i - 1), text);
                i = semi + 1;
            } else {
                text += c;
                ++i;
            }
        } else {
            text += c;
            ++i;
        }
    }
    return CollapseSpaces(text);
}

MastodonNetwork::MastodonNetwork(HttpClient& http, ConnectorOptions options)
    : http_(http), options_(std::move(options)) {
    if (!options_.sleep) options_.sleep = [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

PublishResult MastodonNetwork::Publish(const Credentials& c, const PublishRequest& req) {
    return PostStatus(c, req, StatusTarget{});
}

PublishResult MastodonNetwork::PostStatus(const Credentials& c, const PublishRequest& req, const StatusTarget& target) {
    const core::Clock& clock = ClockOrSystem(options_);
    if (c.base_url.empty() || c.access_token.empty()) {
        return MakeResult(Outcome::kRejected, "",
                          "The account has no Mastodon server address or access token: reconnect the account.");
    }
    if (!req.idempotency_key.empty() && !IsValidIdempotencyKey(req.idempotency_key)) {
        return MakeResult(Outcome::kRejected, "",
                          "belfry could not publish: the rendition's idempotency key is not 1 to 64 visible ASCII "
                          "characters (a belfry bug: report it).");
    }
    if (req.media.size() > 4) {
        return MakeResult(Outcome::kRejected, "", "Mastodon accepts at most 4 images per post: remove some.");
    }

    // 1. Media, each with its description. Nothing is visible until the status is posted.
    boost::json::array media_ids;
    for (size_t i = 0; i < req.media.size(); ++i) {
        const Media& m = req.media[i];
        std::string boundary = RandomBoundary();
        while (m.bytes.find(boundary) != std::string::npos || m.alt_text.find(boundary) != std::string::npos) {
            boundary = RandomBoundary();
        }
        HttpRequest up = Authed(c, "POST", "/api/v2/media", options_.upload_timeout_ms);
        up.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
        up.body = MultipartBody(boundary, m, i);
        auto resp = http_.Send(up);
        if (!resp) return TransportBeforePost(resp.error());
        if (resp->status != 200 && resp->status != 202) return MediaFailure(*resp, clock.NowMs(), i);
        auto o = ParseJsonObject(resp->body);
        const std::string id = o ? JsonString(*o, "id") : std::string();
        if (id.empty()) {
            return MakeResult(Outcome::kRetryLater, NetworkMessage(*resp),
                              "The Mastodon server accepted an image but did not say its id; belfry tries again later.",
                              resp->status);
        }
        // 202: the full-size file is still processing; wait for it (GET answers 206 meanwhile).
        if (resp->status == 202) {
            bool ready = false;
            for (int attempt = 0; attempt < options_.media_poll_attempts && !ready; ++attempt) {
                options_.sleep(options_.media_poll_interval_ms);
                auto poll = http_.Send(Authed(c, "GET", "/api/v1/media/" + UrlEncode(id), options_.request_timeout_ms));
                if (!poll) return TransportBeforePost(poll.error());
                if (poll->status == 200) {
                    ready = true;
                } else if (poll->status != 206) {
                    return MediaFailure(*poll, clock.NowMs(), i);
                }
            }
            if (!ready) {
                return MakeResult(Outcome::kRetryLater, "",
                                  "The Mastodon server is still processing image " + std::to_string(i + 1) +
                                      "; nothing was published and belfry tries again later.");
            }
        }
        media_ids.emplace_back(id);
    }

    // 2. The status itself: the only call that creates something visible.
    boost::json::object body;
    body["status"] = target.text.empty() ? req.text : target.text;
    body["visibility"] = target.visibility;
    if (!target.in_reply_to_id.empty()) body["in_reply_to_id"] = target.in_reply_to_id;
    if (!req.language.empty()) body["language"] = req.language;
    if (!media_ids.empty()) body["media_ids"] = std::move(media_ids);
    HttpRequest post = Authed(c, "POST", "/api/v1/statuses", options_.request_timeout_ms);
    post.headers.emplace_back("Content-Type", "application/json");
    const bool keyed = !req.idempotency_key.empty();
    if (keyed) post.headers.emplace_back("Idempotency-Key", req.idempotency_key);
    post.body = boost::json::serialize(body);

    auto resp = http_.Send(post);
    if (!resp) {
        const core::Error& e = resp.error();
        if (!TransportMayHaveDelivered(e)) {
            return MakeResult(Outcome::kRetryLater, e.message,
                              "belfry could not reach the Mastodon server; nothing was sent and belfry tries again "
                              "later.");
        }
        PublishResult out = MakeResult(Outcome::kUnknown, e.message,
                                       "The connection to the Mastodon server was lost after the post was sent: it "
                                       "may or may not be published. belfry checks the account before trying again.");
        out.may_exist = true;
        return out;
    }
    const HttpResponse& r = *resp;
    const core::Millis now = clock.NowMs();
    const std::string msg = NetworkMessage(r);
    PublishResult out;
    if (r.status >= 200 && r.status < 300) {
        auto o = ParseJsonObject(r.body);
        const std::string id = o ? JsonString(*o, "id") : std::string();
        if (id.empty()) {
            out = MakeResult(Outcome::kUnknown, msg,
                             "The Mastodon server accepted the post but its answer could not be read: belfry checks "
                             "the account before trying again.",
                             r.status);
            out.may_exist = true;
        } else {
            out = MakeResult(Outcome::kPublished, "", "Published on Mastodon.", r.status);
            out.post.remote_id = id;
            out.post.url = JsonString(*o, "url");
            if (out.post.url.empty()) out.post.url = JsonString(*o, "uri");
        }
    } else if (r.status == 401 || r.status == 403) {
        out = MakeResult(Outcome::kRejected, msg, std::string(kTokenRefused), r.status);
    } else if (r.status == 422) {
        out = MakeResult(Outcome::kRejected, msg,
                         "Mastodon refused the post (" + msg + "). Change the text or the media and publish again.",
                         r.status);
    } else if (r.status == 429) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "Mastodon's rate limit for this account was reached; belfry tries again when it resets.",
                         r.status);
        out.retry_after_seconds = RetryAfterSeconds(r, now, 60);
    } else if (r.status >= 500) {
        if (keyed) {
            out = MakeResult(Outcome::kRetryLater, msg,
                             "The Mastodon server had a problem (" + Describe(r.status) +
                                 "). Trying again is safe: with the same idempotency key Mastodon returns the first "
                                 "post if it was stored.",
                             r.status);
            if (r.status == 503) out.retry_after_seconds = RetryAfterSeconds(r, now, 0);
        } else {
            out = MakeResult(Outcome::kUnknown, msg,
                             "The Mastodon server had a problem (" + Describe(r.status) +
                                 ") after receiving the post: it may or may not be published. belfry checks the "
                                 "account before trying again.",
                             r.status);
        }
        out.may_exist = true;
    } else if (r.status == 404) {
        out = MakeResult(Outcome::kRejected, msg,
                         "The server did not recognise the Mastodon API (HTTP 404): check the account's server "
                         "address.",
                         r.status);
    } else if (r.status >= 300 && r.status < 400) {
        out = MakeResult(Outcome::kRejected, msg,
                         "The server redirected the post elsewhere (" + Describe(r.status) +
                             "): check the account's server address (https, exact host).",
                         r.status);
    } else {
        out = MakeResult(Outcome::kRejected, msg,
                         "Mastodon refused the post (" + Describe(r.status) + ": " + msg + ").", r.status);
    }
    out.rate_limit = ParseRateLimit(r, now);
    return out;
}

core::Result<std::optional<RemotePost>> MastodonNetwork::FindExisting(const Credentials& c, const PublishRequest& req) {
    if (req.first_attempt_ms <= 0) {
        return core::Error::Invalid(
            "first_attempt_ms",
            "Mastodon reconciliation needs the time of the first attempt, so that an older post "
            "with the same words is not taken for this one");
    }
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(
        me, GetObject(http_, Authed(c, "GET", "/api/v1/accounts/verify_credentials", options_.request_timeout_ms),
                      clock.NowMs()));
    const std::string account_id = JsonString(me, "id");
    if (account_id.empty()) return core::Error::Unavailable("Mastodon did not say the account's id");

    // A reply starts with the mentions Reply() put in front: compare what follows them.
    const std::string want = WithoutLeadingMentions(MastodonComparableText(req.text, false));
    const core::Millis floor = req.first_attempt_ms - kClockSkewMs;
    std::string max_id;
    for (int page = 0; page < kFindPages; ++page) {
        std::string path = "/api/v1/accounts/" + UrlEncode(account_id) + "/statuses?limit=40&exclude_reblogs=true";
        if (!max_id.empty()) path += "&max_id=" + UrlEncode(max_id);
        BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(Authed(c, "GET", path, options_.request_timeout_ms)));
        if (resp.status != 200) return ReadError(resp, clock.NowMs());
        std::error_code ec;
        boost::json::value v = boost::json::parse(resp.body, ec);
        if (ec || !v.is_array()) return core::Error::Unavailable("Mastodon's list of statuses could not be read");
        const auto& statuses = v.as_array();
        if (statuses.empty()) break;
        bool older_reached = false;
        for (const auto& item : statuses) {
            if (!item.is_object()) continue;
            const auto& s = item.as_object();
            max_id = JsonString(s, "id");
            const auto created = core::ParseRfc3339(JsonString(s, "created_at"));
            if (created && *created < floor) {
                older_reached = true;
                continue;
            }
            if (WithoutLeadingMentions(MastodonComparableText(JsonString(s, "content"), true)) != want) continue;
            const auto* attachments = s.if_contains("media_attachments");
            const size_t n_media =
                attachments != nullptr && attachments->is_array() ? attachments->as_array().size() : 0;
            if (n_media != req.media.size()) continue;
            const std::string lang = JsonString(s, "language");
            if (!lang.empty() && !req.language.empty() && lang != req.language) continue;
            RemotePost found;
            found.remote_id = JsonString(s, "id");
            found.url = JsonString(s, "url");
            if (found.url.empty()) found.url = JsonString(s, "uri");
            return std::optional<RemotePost>(std::move(found));
        }
        if (older_reached || max_id.empty()) break;
    }
    return std::optional<RemotePost>();
}

core::Status MastodonNetwork::Delete(const Credentials& c, const std::string& remote_id) {
    if (remote_id.empty()) return core::Error::Invalid("remote_id", "which Mastodon status to delete is missing");
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(
        resp, http_.Send(Authed(c, "DELETE", "/api/v1/statuses/" + UrlEncode(remote_id), options_.request_timeout_ms)));
    if (resp.status == 200 || resp.status == 404) return core::Ok();  // deleted, or already gone
    return ReadError(resp, clock.NowMs());
}

namespace {

// The outcome of an edit call that did not answer 200: nothing changed, or the same edit may be
// sent again (an edit is idempotent on content).
PublishResult EditFailure(const HttpResponse& r, core::Millis now) {
    const std::string msg = NetworkMessage(r);
    PublishResult out;
    if (r.status == 401 || r.status == 403) {
        out = MakeResult(Outcome::kRejected, msg, std::string(kTokenRefused), r.status);
    } else if (r.status == 404 || r.status == 410) {
        out = MakeResult(Outcome::kRejected, msg,
                         "The post is no longer on Mastodon (deleted there?): it cannot be edited.", r.status);
    } else if (r.status == 422) {
        out = MakeResult(Outcome::kRejected, msg,
                         "Mastodon refused the new text (" + msg + "). Change it and edit again.", r.status);
    } else if (r.status == 429) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "Mastodon's rate limit for this account was reached; belfry edits when it resets.", r.status);
        out.retry_after_seconds = RetryAfterSeconds(r, now, 60);
    } else if (r.status >= 500) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "The Mastodon server had a problem (" + Describe(r.status) +
                             "); sending the same edit again is safe and belfry tries again later.",
                         r.status);
        if (r.status == 503) out.retry_after_seconds = RetryAfterSeconds(r, now, 0);
    } else {
        out = MakeResult(Outcome::kRejected, msg,
                         "Mastodon refused the edit (" + Describe(r.status) + ": " + msg + ").", r.status);
    }
    out.rate_limit = ParseRateLimit(r, now);
    return out;
}

}  // namespace

PublishResult MastodonNetwork::Edit(const Credentials& c, const std::string& remote_id, const PublishRequest& req) {
    const core::Clock& clock = ClockOrSystem(options_);
    if (c.base_url.empty() || c.access_token.empty()) {
        return MakeResult(Outcome::kRejected, "",
                          "The account has no Mastodon server address or access token: reconnect the account.");
    }
    if (remote_id.empty()) return MakeResult(Outcome::kRejected, "", "Which Mastodon status to edit is missing.");
    const std::string path = "/api/v1/statuses/" + UrlEncode(remote_id);

    // 1. The status as it is: its media, sensitivity and content warning go into the edit unchanged.
    auto current = http_.Send(Authed(c, "GET", path, options_.request_timeout_ms));
    if (!current) {
        return MakeResult(Outcome::kRetryLater, current.error().message,
                          "belfry could not reach the Mastodon server; nothing was changed and belfry tries again "
                          "later.");
    }
    if (current->status != 200) return EditFailure(*current, clock.NowMs());
    auto status = ParseJsonObject(current->body);
    if (!status) {
        return MakeResult(Outcome::kRetryLater, NetworkMessage(*current),
                          "Mastodon's answer about the post could not be read; belfry tries again later.",
                          current->status);
    }
    boost::json::array media_ids;
    if (const auto* media = status->if_contains("media_attachments"); media != nullptr && media->is_array()) {
        for (const auto& m : media->as_array()) {
            if (m.is_object() && !JsonString(m.as_object(), "id").empty()) {
                media_ids.emplace_back(JsonString(m.as_object(), "id"));
            }
        }
    }

    // 2. The edit.
    boost::json::object body;
    body["status"] = req.text;
    const std::string language = req.language.empty() ? JsonString(*status, "language") : req.language;
    if (!language.empty()) body["language"] = language;
    body["media_ids"] = std::move(media_ids);
    if (const auto* sensitive = status->if_contains("sensitive"); sensitive != nullptr && sensitive->is_bool()) {
        body["sensitive"] = sensitive->as_bool();
    }
    body["spoiler_text"] = JsonString(*status, "spoiler_text");
    HttpRequest put = Authed(c, "PUT", path, options_.request_timeout_ms);
    put.headers.emplace_back("Content-Type", "application/json");
    put.body = boost::json::serialize(body);
    auto resp = http_.Send(put);
    if (!resp) {
        const core::Error& e = resp.error();
        if (!TransportMayHaveDelivered(e)) {
            return MakeResult(Outcome::kRetryLater, e.message,
                              "belfry could not reach the Mastodon server; nothing was changed and belfry tries "
                              "again later.");
        }
        return MakeResult(Outcome::kUnknown, e.message,
                          "The connection to the Mastodon server was lost after the edit was sent; sending it again "
                          "is safe and belfry does so later.");
    }
    const core::Millis now = clock.NowMs();
    if (resp->status != 200) return EditFailure(*resp, now);
    PublishResult out = MakeResult(Outcome::kPublished, "", "Edited on Mastodon.", resp->status);
    auto o = ParseJsonObject(resp->body);
    out.post.remote_id = o ? JsonString(*o, "id") : remote_id;
    if (out.post.remote_id.empty()) out.post.remote_id = remote_id;
    out.post.url = o ? JsonString(*o, "url") : std::string();
    out.rate_limit = ParseRateLimit(*resp, now);
    return out;
}

core::Result<AccountProfile> MastodonNetwork::FetchProfile(const Credentials& c) {
    if (c.base_url.empty() || c.access_token.empty()) {
        return core::Error::Invalid("credentials", "a Mastodon account needs its server address and access token");
    }
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(
        me, GetObject(http_, Authed(c, "GET", "/api/v1/accounts/verify_credentials", options_.request_timeout_ms),
                      clock.NowMs()));
    AccountProfile p;
    p.id = JsonString(me, "id");
    const std::string username = JsonString(me, "username");
    p.handle = username + "@" + UrlHost(c.base_url);
    p.display_name = JsonString(me, "display_name");
    if (p.display_name.empty()) p.display_name = username;
    p.url = JsonString(me, "url");
    if (p.id.empty() || username.empty()) return core::Error::Unavailable("Mastodon did not say the account's id");
    return p;
}

std::string MastodonPlainText(std::string_view in) {
    std::string text;
    text.reserve(in.size());
    size_t i = 0;
    while (i < in.size()) {
        const char c = in[i];
        if (c == '<') {
            const auto close = in.find('>', i);
            if (close == std::string_view::npos) break;
            const std::string tag = core::AsciiLower(in.substr(i + 1, close - i - 1));
            const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
            if (name == "br" || (name.empty() && core::StartsWith(tag, "br"))) {
                text += '\n';
            } else if (name == "p" && !text.empty()) {
                text += "\n\n";  // a new paragraph (Mastodon's blank line)
            }
            i = close + 1;
        } else if (c == '&') {
            const auto semi = in.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                AppendDecodedEntity(in.substr(i + 1, semi - i - 1), text);
                i = semi + 1;
            } else {
                text += c;
                ++i;
            }
        } else {
            text += c;
            ++i;
        }
    }
    return text;
}

std::string WithoutLeadingMentions(std::string_view text) {
    size_t i = 0;
    for (;;) {
        while (i < text.size() && IsSpace(text[i])) ++i;
        if (i >= text.size() || text[i] != '@') break;
        size_t j = i + 1;
        while (j < text.size() && IsUserChar(text[j])) ++j;
        if (j == i + 1) break;
        if (j < text.size() && text[j] == '@') {
            ++j;
            while (j < text.size() && IsDomainChar(text[j])) ++j;
        }
        if (j < text.size() && !IsSpace(text[j])) break;  // "@user:" or "@user," is part of the sentence
        i = j;
    }
    return std::string(text.substr(i));
}

core::Result<std::string> MastodonNetwork::OwnAccountId(const Credentials& c) {
    const std::string key = JoinUrl(c.base_url, "") + "\n" + c.access_token;
    {
        std::lock_guard lock(mu_);
        if (auto it = own_ids_.find(key); it != own_ids_.end()) return it->second;
    }
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(
        me, GetObject(http_, Authed(c, "GET", "/api/v1/accounts/verify_credentials", options_.request_timeout_ms),
                      clock.NowMs()));
    const std::string id = JsonString(me, "id");
    if (id.empty()) return core::Error::Unavailable("Mastodon did not say the account's id");
    std::lock_guard lock(mu_);
    own_ids_[key] = id;
    return id;
}

namespace {

const boost::json::object* ObjectAt(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

}  // namespace

core::Result<InboundPage> MastodonNetwork::FetchInbound(const Credentials& c, const std::string& cursor, int limit) {
    if (c.base_url.empty() || c.access_token.empty()) {
        return core::Error::Invalid("credentials", "a Mastodon account needs its server address and access token");
    }
    if (limit < 1 || limit > 100) return core::Error::Invalid("limit", "read 1 to 100 items at a time");
    const int page_size = std::min(limit, kNotificationsMax);
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(me, OwnAccountId(c));

    // Mentions only: replies notify through the mention clients put in them; direct messages too.
    std::string path = "/api/v1/notifications?types%5B%5D=mention&limit=" + std::to_string(page_size);
    if (!cursor.empty()) path += "&min_id=" + UrlEncode(cursor);  // the page right after the cursor
    BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(Authed(c, "GET", path, options_.request_timeout_ms)));
    if (resp.status != 200) return ReadError(resp, clock.NowMs());
    std::error_code ec;
    boost::json::value v = boost::json::parse(resp.body, ec);
    if (ec || !v.is_array()) return core::Error::Unavailable("Mastodon's notifications could not be read");
    std::vector<const boost::json::object*> notifications;
    for (const auto& n : v.as_array()) {
        if (n.is_object()) notifications.push_back(&n.as_object());
    }
    std::reverse(notifications.begin(), notifications.end());  // Mastodon answers newest first

    InboundPage page;
    page.cursor = cursor;
    page.rate_limit = ParseRateLimit(resp, clock.NowMs());
    std::map<std::string, std::pair<std::string, std::string>> roots;  // status id → (root id, root author id)
    for (const auto* n : notifications) {
        const std::string id = JsonString(*n, "id");
        if (!id.empty()) page.cursor = id;
        const boost::json::object* s = ObjectAt(*n, "status");
        if (s == nullptr) continue;  // the status is gone
        InboundItem item;
        item.remote_id = JsonString(*s, "id");
        item.parent_remote_id = JsonString(*s, "in_reply_to_id");
        if (const auto* account = ObjectAt(*s, "account")) {
            item.author_id = JsonString(*account, "id");
            item.author_handle = JsonString(*account, "acct");
            item.author_name = JsonString(*account, "display_name");
        }
        const std::string spoiler = JsonString(*s, "spoiler_text");
        item.text = MastodonPlainText(JsonString(*s, "content"));
        if (!spoiler.empty()) item.text = spoiler + "\n\n" + item.text;  // the content warning is part of it
        item.language = JsonString(*s, "language");
        item.url = JsonString(*s, "url");
        if (item.url.empty()) item.url = JsonString(*s, "uri");
        item.created_at_ms = core::ParseRfc3339(JsonString(*s, "created_at")).value_or(0);
        std::string root_author;
        if (!item.parent_remote_id.empty()) {
            // The thread's first post: the first ancestor of the status's context.
            auto known = roots.find(item.parent_remote_id);
            if (known == roots.end()) {
                BELFRY_ASSIGN_OR_RETURN(
                    ctx, http_.Send(Authed(c, "GET", "/api/v1/statuses/" + UrlEncode(item.remote_id) + "/context",
                                           options_.request_timeout_ms)));
                std::pair<std::string, std::string> root;
                if (ctx.status == 200) {
                    auto o = ParseJsonObject(ctx.body);
                    const auto* ancestors = o ? o->if_contains("ancestors") : nullptr;
                    if (ancestors != nullptr && ancestors->is_array() && !ancestors->as_array().empty() &&
                        ancestors->as_array()[0].is_object()) {
                        const auto& first = ancestors->as_array()[0].as_object();
                        root.first = JsonString(first, "id");
                        if (const auto* a = ObjectAt(first, "account")) root.second = JsonString(*a, "id");
                    }
                } else if (ctx.status != 404) {
                    return ReadError(ctx, clock.NowMs());  // nothing delivered: the same page comes again
                }
                known = roots.emplace(item.parent_remote_id, root).first;
            }
            item.root_remote_id = known->second.first;
            root_author = known->second.second;
        }
        if (JsonString(*s, "visibility") == "direct") {
            item.kind = "direct";
        } else if (JsonString(*s, "in_reply_to_account_id") == me || (!root_author.empty() && root_author == me)) {
            item.kind = "reply";
        } else {
            item.kind = "mention";
        }
        page.items.push_back(std::move(item));
    }
    page.more = !cursor.empty() && static_cast<int>(notifications.size()) == page_size;
    return page;
}

PublishResult MastodonNetwork::Reply(const Credentials& c, const std::string& parent_remote_id,
                                     const std::string& /*root_remote_id*/, const PublishRequest& req) {
    if (c.base_url.empty() || c.access_token.empty()) {
        return MakeResult(Outcome::kRejected, "",
                          "The account has no Mastodon server address or access token: reconnect the account.");
    }
    if (parent_remote_id.empty())
        return MakeResult(Outcome::kRejected, "", "Which Mastodon status to answer is missing.");
    const core::Clock& clock = ClockOrSystem(options_);
    // 1. The message answered: its visibility and who must be mentioned to see the answer.
    auto parent =
        http_.Send(Authed(c, "GET", "/api/v1/statuses/" + UrlEncode(parent_remote_id), options_.request_timeout_ms));
    if (!parent) {
        return MakeResult(Outcome::kRetryLater, parent.error().message,
                          "belfry could not reach the Mastodon server; nothing was sent and belfry tries again later.");
    }
    if (parent->status != 200) {
        const HttpResponse& r = *parent;
        const std::string msg = NetworkMessage(r);
        PublishResult out;
        if (r.status == 404 || r.status == 410) {
            out = MakeResult(Outcome::kRejected, msg,
                             "The message to answer is no longer on Mastodon (deleted, or no longer visible to the "
                             "account): the answer cannot be threaded under it.",
                             r.status);
        } else if (r.status == 401 || r.status == 403) {
            out = MakeResult(Outcome::kRejected, msg, std::string(kTokenRefused), r.status);
        } else if (r.status == 429) {
            out = MakeResult(Outcome::kRetryLater, msg,
                             "Mastodon's rate limit for this account was reached; belfry answers when it resets.",
                             r.status);
            out.retry_after_seconds = RetryAfterSeconds(r, clock.NowMs(), 60);
        } else {
            out = MakeResult(Outcome::kRetryLater, msg,
                             "The Mastodon server had a problem (" + Describe(r.status) +
                                 "); nothing was sent and belfry tries again later.",
                             r.status);
        }
        out.rate_limit = ParseRateLimit(r, clock.NowMs());
        return out;
    }
    auto status = ParseJsonObject(parent->body);
    if (!status) {
        return MakeResult(Outcome::kRetryLater, NetworkMessage(*parent),
                          "Mastodon's answer about the message could not be read; belfry tries again later.",
                          parent->status);
    }
    auto me = OwnAccountId(c);
    if (!me) {
        return MakeResult(IsRetryable(me.error()) ? Outcome::kRetryLater : Outcome::kRejected, me.error().message,
                          IsRetryable(me.error()) ? "belfry could not read the account from Mastodon; nothing was sent "
                                                    "and belfry tries again later."
                                                  : std::string(kTokenRefused));
    }
    // 2. The answer keeps the conversation's visibility (a direct message is answered directly) and
    // starts with the mentions every Mastodon client puts there: without them the citizen is not
    // notified, and a direct answer would reach no one.
    StatusTarget target;
    target.in_reply_to_id = parent_remote_id;
    const std::string visibility = JsonString(*status, "visibility");
    target.visibility =
        visibility == "direct" || visibility == "private" || visibility == "unlisted" ? visibility : "public";
    std::vector<std::string> to;
    if (const auto* account = ObjectAt(*status, "account"); account != nullptr && JsonString(*account, "id") != *me) {
        to.push_back(JsonString(*account, "acct"));
    }
    if (target.visibility == "direct") {
        if (const auto* mentions = status->if_contains("mentions"); mentions != nullptr && mentions->is_array()) {
            for (const auto& m : mentions->as_array()) {
                if (m.is_object() && JsonString(m.as_object(), "id") != *me)
                    to.push_back(JsonString(m.as_object(), "acct"));
            }
        }
    }
    std::string prefix;
    const std::string lower_text = core::AsciiLower(req.text);
    for (const auto& acct : to) {
        if (acct.empty()) continue;
        const std::string mention = "@" + acct;
        if (lower_text.find(core::AsciiLower(mention)) != std::string::npos) continue;
        if (core::AsciiLower(prefix).find(core::AsciiLower(mention) + " ") != std::string::npos) continue;
        prefix += mention + " ";
    }
    target.text = prefix + req.text;
    return PostStatus(c, req, target);
}

core::Status MastodonNetwork::Report(const Credentials& c, const std::string& item_remote_id,
                                     const std::string& comment) {
    if (item_remote_id.empty()) return core::Error::Invalid("remote_id", "which Mastodon status to report is missing");
    const core::Clock& clock = ClockOrSystem(options_);
    BELFRY_ASSIGN_OR_RETURN(
        status,
        GetObject(http_, Authed(c, "GET", "/api/v1/statuses/" + UrlEncode(item_remote_id), options_.request_timeout_ms),
                  clock.NowMs()));
    const auto* account = ObjectAt(status, "account");
    const std::string account_id = account != nullptr ? JsonString(*account, "id") : std::string();
    if (account_id.empty()) return core::Error::Unavailable("Mastodon did not say who wrote the status");
    // Mastodon keeps at most 1,000 characters of comment: cut on a character boundary.
    std::string cut;
    size_t chars = 0;
    for (size_t i = 0; i < comment.size() && chars < 1000; ++chars) {
        const auto lead = static_cast<unsigned char>(comment[i]);
        const size_t n = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : 4;
        cut.append(comment, i, n);
        i += n;
    }
    boost::json::object body;
    body["account_id"] = account_id;
    body["status_ids"] = boost::json::array{boost::json::string(item_remote_id)};
    body["comment"] = cut;
    body["category"] = "other";
    body["forward"] = false;
    HttpRequest post = Authed(c, "POST", "/api/v1/reports", options_.request_timeout_ms);
    post.headers.emplace_back("Content-Type", "application/json");
    post.body = boost::json::serialize(body);
    BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(post));
    if (resp.status == 200) return core::Ok();
    if (resp.status == 422)
        return core::Error::Invalid("comment", "Mastodon refused the report: " + NetworkMessage(resp));
    return ReadError(resp, clock.NowMs());
}

}  // namespace belfry::networks
