#include "networks/bluesky/bluesky.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

#include "core/text.hpp"
#include "networks/bluesky/facets.hpp"
#include "networks/bluesky/tid.hpp"
#include "networks/util.hpp"

namespace belfry::networks {

namespace {

constexpr std::string_view kPostCollection = "app.bsky.feed.post";
constexpr std::size_t kMaxImageBytes = 1000000;  // app.bsky.embed.images
constexpr std::string_view kReconnect =
    "Bluesky refused the account's identifier, app password or session: reconnect the account in belfry, then "
    "publish again.";

std::string XrpcUrl(const Credentials& c, std::string_view method) {
    return JoinUrl(c.base_url, "/xrpc/" + std::string(method));
}

std::string ErrorName(const HttpResponse& r) {
    auto o = ParseJsonObject(r.body);
    return o ? JsonString(*o, "error") : std::string();
}

bool NeedsNewSession(const HttpResponse& r) {
    if (r.status != 400 && r.status != 401) return false;
    const std::string e = ErrorName(r);
    return e == "ExpiredToken" || e == "InvalidToken" || (r.status == 401 && e != "AuthFactorTokenRequired");
}

bool IsNotFound(const HttpResponse& r) {
    return r.status == 404 || (r.status == 400 && ErrorName(r) == "RecordNotFound");
}

core::Error ReadError(const HttpResponse& r, core::Millis now) {
    const std::string msg = NetworkMessage(r);
    if (r.status == 401 || NeedsNewSession(r))
        return core::Error::Unauthenticated(std::string(kReconnect) + " (" + msg + ")");
    if (r.status == 403) return core::Error::Denied("Bluesky refused: " + msg);
    if (IsNotFound(r)) return core::Error::NotFound("Bluesky did not find it: " + msg);
    if (r.status == 429)
        return core::Error::TooMany("Bluesky's rate limit was reached: " + msg, RetryAfterSeconds(r, now, 60));
    if (r.status == 400) return core::Error::Invalid("request", "Bluesky refused the request: " + msg);
    return core::Error::Unavailable("Bluesky answered HTTP " + std::to_string(r.status) + ": " + msg);
}

// The outcome of a failure before createRecord: nothing was published, so nothing is unknown.
PublishResult BeforePostFailure(const core::Error& e, std::string_view step) {
    PublishResult out;
    switch (e.code) {
        case core::ErrorCode::kUnauthenticated:
        case core::ErrorCode::kPermissionDenied:
            out = MakeResult(Outcome::kRejected, e.message, std::string(kReconnect));
            break;
        case core::ErrorCode::kTooManyRequests:
            out = MakeResult(Outcome::kRetryLater, e.message,
                             "Bluesky's rate limit was reached while " + std::string(step) +
                                 "; nothing was published and belfry tries again later.");
            out.retry_after_seconds = e.retry_after_seconds;
            break;
        case core::ErrorCode::kInvalidArgument:
        case core::ErrorCode::kPayloadTooLarge:
        case core::ErrorCode::kUnsupportedMediaType:
            out = MakeResult(Outcome::kRejected, e.message,
                             "Bluesky refused the post while " + std::string(step) + ": " + e.message);
            break;
        default:
            out = MakeResult(Outcome::kRetryLater, e.message,
                             "belfry could not reach Bluesky while " + std::string(step) +
                                 "; nothing was published and belfry tries again later.");
            break;
    }
    return out;
}

std::string RkeyOfUri(std::string_view uri) {
    const auto slash = uri.rfind('/');
    return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

}  // namespace

BlueskyNetwork::BlueskyNetwork(HttpClient& http, ConnectorOptions options)
    : http_(http), options_(std::move(options)) {}

void BlueskyNetwork::ForgetSessions() {
    std::lock_guard lock(mu_);
    slots_.clear();
}

std::shared_ptr<BlueskyNetwork::Slot> BlueskyNetwork::SlotFor(const Credentials& c) {
    const std::string key = JoinUrl(c.base_url, "") + "\n" + (c.identifier.empty() ? c.did : c.identifier);
    std::lock_guard lock(mu_);
    auto& slot = slots_[key];
    if (!slot) slot = std::make_shared<Slot>();
    return slot;
}

core::Result<BlueskyNetwork::Session> BlueskyNetwork::CreateSession(const Credentials& c) {
    if (c.identifier.empty() || c.password.empty()) {
        return core::Error::Unauthenticated(std::string(kReconnect) + " (no identifier or app password stored)");
    }
    boost::json::object body;
    body["identifier"] = c.identifier;
    body["password"] = c.password;
    HttpRequest r;
    r.method = "POST";
    r.url = XrpcUrl(c, "com.atproto.server.createSession");
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("Accept", "application/json");
    r.body = boost::json::serialize(body);
    r.timeout_ms = options_.request_timeout_ms;
    BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(r));
    if (resp.status != 200) {
        if (resp.status == 400 || resp.status == 401) {
            const std::string e = ErrorName(resp);
            if (e == "AccountTakedown" || e == "AccountDeactivated") {
                return core::Error::Denied("Bluesky refused the account: " + NetworkMessage(resp));
            }
            return core::Error::Unauthenticated(std::string(kReconnect) + " (" + NetworkMessage(resp) + ")");
        }
        return ReadError(resp, ClockOrSystem(options_).NowMs());
    }
    auto o = ParseJsonObject(resp.body);
    if (!o) return core::Error::Unavailable("Bluesky's session answer could not be read");
    Session s{JsonString(*o, "accessJwt"), JsonString(*o, "refreshJwt"), JsonString(*o, "did"),
              JsonString(*o, "handle")};
    if (s.access.empty() || s.did.empty())
        return core::Error::Unavailable("Bluesky's session answer lacks a token or DID");
    return s;
}

core::Result<BlueskyNetwork::Session> BlueskyNetwork::CurrentSession(const Credentials& c) {
    auto slot = SlotFor(c);
    std::lock_guard lock(slot->mu);
    if (slot->session) return *slot->session;
    if (!c.access_token.empty() && !c.did.empty()) {
        const bool handle_known = !c.identifier.empty() && c.identifier.find('@') == std::string::npos;
        slot->session = Session{c.access_token, c.refresh_token, c.did, handle_known ? c.identifier : std::string()};
        return *slot->session;
    }
    BELFRY_ASSIGN_OR_RETURN(s, CreateSession(c));
    slot->session = s;
    return s;
}

core::Result<BlueskyNetwork::Session> BlueskyNetwork::Renew(const Credentials& c, const std::string& stale_access) {
    auto slot = SlotFor(c);
    std::lock_guard lock(slot->mu);
    if (slot->session && slot->session->access != stale_access) return *slot->session;  // renewed meanwhile
    if (slot->session && !slot->session->refresh.empty()) {
        HttpRequest r;
        r.method = "POST";
        r.url = XrpcUrl(c, "com.atproto.server.refreshSession");
        r.headers.emplace_back("Authorization", "Bearer " + slot->session->refresh);
        r.headers.emplace_back("Accept", "application/json");
        r.timeout_ms = options_.request_timeout_ms;
        BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(r));
        if (resp.status == 200) {
            auto o = ParseJsonObject(resp.body);
            if (o && !JsonString(*o, "accessJwt").empty()) {
                Session s = *slot->session;
                s.access = JsonString(*o, "accessJwt");
                if (const std::string refresh = JsonString(*o, "refreshJwt"); !refresh.empty()) s.refresh = refresh;
                if (const std::string did = JsonString(*o, "did"); !did.empty()) s.did = did;
                if (const std::string handle = JsonString(*o, "handle"); !handle.empty()) s.handle = handle;
                slot->session = s;
                return s;
            }
        } else if (resp.status != 400 && resp.status != 401) {
            return ReadError(resp, ClockOrSystem(options_).NowMs());  // 429, 5xx: try again later
        }
        // The refresh JWT is refused as well: log in again.
    }
    slot->session.reset();
    BELFRY_ASSIGN_OR_RETURN(s, CreateSession(c));
    slot->session = s;
    return s;
}

core::Result<BlueskyNetwork::Answer> BlueskyNetwork::Call(const Credentials& c,
                                                          const std::function<HttpRequest(const Session&)>& build) {
    BELFRY_ASSIGN_OR_RETURN(session, CurrentSession(c));
    BELFRY_ASSIGN_OR_RETURN(resp, http_.Send(build(session)));
    if (!NeedsNewSession(resp)) return Answer{std::move(resp), std::move(session)};
    BELFRY_ASSIGN_OR_RETURN(fresh, Renew(c, session.access));
    BELFRY_ASSIGN_OR_RETURN(again, http_.Send(build(fresh)));
    return Answer{std::move(again), std::move(fresh)};
}

std::string BlueskyNetwork::PostUrl(const Session& s, const std::string& rkey) const {
    return JoinUrl(options_.bluesky_web_url, "/profile/" + (s.handle.empty() ? s.did : s.handle) + "/post/" + rkey);
}

core::Result<std::optional<RemotePost>> BlueskyNetwork::ReadPost(const Credentials& c, const std::string& rkey) {
    BELFRY_ASSIGN_OR_RETURN(answer, Call(c, [&](const Session& s) {
                                HttpRequest r;
                                r.url = XrpcUrl(c, "com.atproto.repo.getRecord") + "?repo=" + UrlEncode(s.did) +
                                        "&collection=" + std::string(kPostCollection) + "&rkey=" + UrlEncode(rkey);
                                r.headers.emplace_back("Authorization", "Bearer " + s.access);
                                r.headers.emplace_back("Accept", "application/json");
                                r.timeout_ms = options_.request_timeout_ms;
                                return r;
                            }));
    if (IsNotFound(answer.response)) return std::optional<RemotePost>();
    if (answer.response.status != 200) return ReadError(answer.response, ClockOrSystem(options_).NowMs());
    auto o = ParseJsonObject(answer.response.body);
    if (!o) return core::Error::Unavailable("Bluesky's record could not be read");
    RemotePost post;
    post.remote_id = JsonString(*o, "uri");
    if (post.remote_id.empty()) {
        post.remote_id = "at://" + answer.session.did + "/" + std::string(kPostCollection) + "/" + rkey;
    }
    post.url = PostUrl(answer.session, rkey);
    return std::optional<RemotePost>(std::move(post));
}

PublishResult BlueskyNetwork::Publish(const Credentials& c, const PublishRequest& req) {
    return PublishPost(c, req, nullptr);
}

PublishResult BlueskyNetwork::PublishPost(const Credentials& c, const PublishRequest& req,
                                          const boost::json::object* reply) {
    const core::Clock& clock = ClockOrSystem(options_);
    if (c.base_url.empty()) {
        return MakeResult(Outcome::kRejected, "",
                          "The account has no Bluesky server (PDS) address: reconnect the account.");
    }
    if (!IsValidIdempotencyKey(req.idempotency_key)) {
        return MakeResult(Outcome::kRejected, "",
                          "belfry could not publish: the rendition has no valid idempotency key, which Bluesky "
                          "publishing needs (a belfry bug: report it).");
    }
    if (req.media.size() > 4) {
        return MakeResult(Outcome::kRejected, "", "Bluesky accepts at most 4 images per post: remove some.");
    }
    for (size_t i = 0; i < req.media.size(); ++i) {
        const Media& m = req.media[i];
        if (m.mime_type.rfind("image/", 0) != 0) {
            return MakeResult(Outcome::kRejected, "",
                              "Bluesky posts made by belfry carry images only; media " + std::to_string(i + 1) +
                                  " is " + (m.mime_type.empty() ? std::string("of unknown type") : m.mime_type) + ".");
        }
        if (m.bytes.size() > kMaxImageBytes) {
            return MakeResult(Outcome::kRejected, "",
                              "Bluesky accepts images of at most 1,000,000 bytes; image " + std::to_string(i + 1) +
                                  " has " + std::to_string(m.bytes.size()) + ": use a smaller file.");
        }
    }
    const std::string rkey = RecordKeyForIdempotencyKey(req.idempotency_key);

    auto session = CurrentSession(c);
    if (!session) return BeforePostFailure(session.error(), "opening the session");

    // Facets; mentions whose handle does not resolve stay plain text.
    boost::json::array facets;
    std::map<std::string, std::string> dids;
    for (const FacetSpan& f : DetectFacets(req.text)) {
        boost::json::object feature;
        if (f.kind == FacetSpan::Kind::kLink) {
            feature["$type"] = "app.bsky.richtext.facet#link";
            feature["uri"] = f.value;
        } else if (f.kind == FacetSpan::Kind::kTag) {
            feature["$type"] = "app.bsky.richtext.facet#tag";
            feature["tag"] = f.value;
        } else {
            auto [it, inserted] = dids.emplace(f.value, std::string());
            if (inserted) {
                HttpRequest r;
                r.url = XrpcUrl(c, "com.atproto.identity.resolveHandle") + "?handle=" + UrlEncode(f.value);
                r.headers.emplace_back("Accept", "application/json");
                r.timeout_ms = options_.request_timeout_ms;
                if (auto resp = http_.Send(r); resp && resp->status == 200) {
                    if (auto o = ParseJsonObject(resp->body)) it->second = JsonString(*o, "did");
                }
            }
            if (it->second.empty()) continue;
            feature["$type"] = "app.bsky.richtext.facet#mention";
            feature["did"] = it->second;
        }
        boost::json::object facet;
        facet["index"] = {{"byteStart", f.byte_start}, {"byteEnd", f.byte_end}};
        facet["features"] = boost::json::array{feature};
        facets.emplace_back(std::move(facet));
    }

    // Images: blobs are invisible until a record refers to them (the PDS drops unused ones).
    boost::json::array images;
    for (size_t i = 0; i < req.media.size(); ++i) {
        const Media& m = req.media[i];
        auto answer = Call(c, [&](const Session& s) {
            HttpRequest r;
            r.method = "POST";
            r.url = XrpcUrl(c, "com.atproto.repo.uploadBlob");
            r.headers.emplace_back("Authorization", "Bearer " + s.access);
            r.headers.emplace_back("Content-Type", m.mime_type);
            r.headers.emplace_back("Accept", "application/json");
            r.body = m.bytes;
            r.timeout_ms = options_.upload_timeout_ms;
            return r;
        });
        const std::string step = "uploading image " + std::to_string(i + 1);
        if (!answer) return BeforePostFailure(answer.error(), step);
        const HttpResponse& r = answer->response;
        if (r.status != 200) {
            core::Error e = ReadError(r, clock.NowMs());
            if (r.status == 413) e.code = core::ErrorCode::kPayloadTooLarge;
            PublishResult out = BeforePostFailure(e, step);
            out.http_status = r.status;
            out.rate_limit = ParseRateLimit(r, clock.NowMs());
            return out;
        }
        auto o = ParseJsonObject(r.body);
        const auto* blob = o ? o->if_contains("blob") : nullptr;
        if (blob == nullptr || !blob->is_object()) {
            return MakeResult(Outcome::kRetryLater, NetworkMessage(r),
                              "Bluesky accepted image " + std::to_string(i + 1) +
                                  " but its answer could not be read; nothing was published and belfry tries again "
                                  "later.",
                              r.status);
        }
        boost::json::object image;
        image["alt"] = m.alt_text;
        image["image"] = *blob;
        images.emplace_back(std::move(image));
    }

    // The record: the only call that creates something visible.
    boost::json::object record;
    record["$type"] = kPostCollection;
    record["text"] = req.text;
    record["createdAt"] = FormatRfc3339Millis(clock.NowMs());
    if (!req.language.empty()) record["langs"] = boost::json::array{boost::json::string(req.language)};
    if (!facets.empty()) record["facets"] = std::move(facets);
    if (reply != nullptr) record["reply"] = *reply;
    if (!images.empty()) {
        record["embed"] = {{"$type", "app.bsky.embed.images"}, {"images", std::move(images)}};
    }
    auto build = [&](const Session& s) {
        boost::json::object body;
        body["repo"] = s.did;
        body["collection"] = kPostCollection;
        body["rkey"] = rkey;
        body["record"] = record;
        HttpRequest r;
        r.method = "POST";
        r.url = XrpcUrl(c, "com.atproto.repo.createRecord");
        r.headers.emplace_back("Authorization", "Bearer " + s.access);
        r.headers.emplace_back("Content-Type", "application/json");
        r.headers.emplace_back("Accept", "application/json");
        r.body = boost::json::serialize(body);
        r.timeout_ms = options_.request_timeout_ms;
        return r;
    };
    Session s = *session;
    auto resp = http_.Send(build(s));
    if (resp && NeedsNewSession(*resp)) {
        // Refused for its token: nothing was stored. Renew the session and send once more.
        auto fresh = Renew(c, s.access);
        if (!fresh) return BeforePostFailure(fresh.error(), "renewing the session");
        s = *fresh;
        resp = http_.Send(build(s));
    }

    // Reads the record back after an unclear answer: the earlier attempt may have stored it.
    auto reconcile = [&](PublishResult if_absent, PublishResult if_unreadable) {
        auto found = ReadPost(c, rkey);
        if (found && found->has_value()) {
            PublishResult out = MakeResult(Outcome::kPublished, if_absent.network_message,
                                           "Published on Bluesky (the post was already there: an earlier attempt "
                                           "had stored it).",
                                           if_absent.http_status);
            out.post = **found;
            out.rate_limit = if_absent.rate_limit;
            return out;
        }
        if (found) return if_absent;
        if_unreadable.network_message += " (reading it back: " + found.error().message + ")";
        return if_unreadable;
    };

    if (!resp) {
        const core::Error& e = resp.error();
        if (!TransportMayHaveDelivered(e)) {
            return MakeResult(Outcome::kRetryLater, e.message,
                              "belfry could not reach Bluesky; nothing was sent and belfry tries again later.");
        }
        PublishResult absent = MakeResult(Outcome::kRetryLater, e.message,
                                          "The connection to Bluesky was lost after the post was sent and the post is "
                                          "not there yet. Trying again is safe: every attempt uses the same record "
                                          "key, so Bluesky cannot store it twice.");
        absent.may_exist = true;
        PublishResult unknown = MakeResult(Outcome::kUnknown, e.message,
                                           "The connection to Bluesky was lost after the post was sent: it may or may "
                                           "not be published. belfry checks before trying again.");
        unknown.may_exist = true;
        return reconcile(std::move(absent), std::move(unknown));
    }

    const HttpResponse& r = *resp;
    const core::Millis now = clock.NowMs();
    const std::string msg = NetworkMessage(r);
    const auto limits = ParseRateLimit(r, now);
    PublishResult out;
    if (r.status == 200) {
        auto o = ParseJsonObject(r.body);
        const std::string uri = o ? JsonString(*o, "uri") : std::string();
        if (uri.empty()) {
            out = MakeResult(Outcome::kUnknown, msg,
                             "Bluesky accepted the post but its answer could not be read: belfry checks before trying "
                             "again.",
                             r.status);
            out.may_exist = true;
        } else {
            out = MakeResult(Outcome::kPublished, "", "Published on Bluesky.", r.status);
            out.post.remote_id = uri;
            out.post.url = PostUrl(s, RkeyOfUri(uri));
        }
    } else if (r.status == 401 || r.status == 403 || NeedsNewSession(r)) {
        out = MakeResult(Outcome::kRejected, msg, std::string(kReconnect), r.status);
    } else if (r.status == 429) {
        out = MakeResult(Outcome::kRetryLater, msg,
                         "Bluesky's rate limit for this account was reached; belfry tries again when it resets.",
                         r.status);
        out.retry_after_seconds = RetryAfterSeconds(r, now, 60);
    } else if (r.status == 413) {
        out = MakeResult(Outcome::kRejected, msg, "Bluesky refused the post as too large: " + msg + ".", r.status);
    } else if (r.status >= 500 || r.status == 409) {
        PublishResult absent = MakeResult(Outcome::kRetryLater, msg,
                                          "Bluesky had a problem (HTTP " + std::to_string(r.status) +
                                              ") and the post is not there. Trying again is safe: every attempt uses "
                                              "the same record key.",
                                          r.status);
        absent.may_exist = true;
        if (r.status == 503) absent.retry_after_seconds = RetryAfterSeconds(r, now, 0);
        PublishResult unknown = MakeResult(Outcome::kUnknown, msg,
                                           "Bluesky had a problem (HTTP " + std::to_string(r.status) +
                                               ") and belfry could not check whether the post was stored; it checks "
                                               "before trying again.",
                                           r.status);
        unknown.may_exist = true;
        absent.rate_limit = limits;
        out = reconcile(std::move(absent), std::move(unknown));
    } else {
        // 400 and other refusals: the record was not stored, unless the refusal says it exists already.
        PublishResult refused = MakeResult(Outcome::kRejected, msg,
                                           "Bluesky refused the post (" + msg +
                                               "). Change the text or the images and "
                                               "publish again.",
                                           r.status);
        refused.rate_limit = limits;
        PublishResult unknown = refused;
        if (ErrorName(r).find("Exist") != std::string::npos) {
            unknown = MakeResult(Outcome::kUnknown, msg,
                                 "Bluesky says the post exists already, but belfry could not read it back; it checks "
                                 "again later.",
                                 r.status);
            unknown.may_exist = true;
        }
        out = reconcile(std::move(refused), std::move(unknown));
    }
    out.rate_limit = limits;
    return out;
}

core::Result<std::optional<RemotePost>> BlueskyNetwork::FindExisting(const Credentials& c, const PublishRequest& req) {
    if (!IsValidIdempotencyKey(req.idempotency_key)) {
        return core::Error::Invalid("idempotency_key", "a Bluesky post is found by its rendition's idempotency key");
    }
    return ReadPost(c, RecordKeyForIdempotencyKey(req.idempotency_key));
}

core::Status BlueskyNetwork::Delete(const Credentials& c, const std::string& remote_id) {
    // at://<did>/app.bsky.feed.post/<rkey>, or a bare record key.
    std::string rkey = remote_id;
    std::string did;
    if (remote_id.rfind("at://", 0) == 0) {
        const std::string rest = remote_id.substr(5);
        const auto first = rest.find('/');
        const auto last = rest.rfind('/');
        if (first == std::string::npos || last == first ||
            rest.substr(first + 1, last - first - 1) != kPostCollection) {
            return core::Error::Invalid("remote_id", "not the at:// URI of a Bluesky post: " + remote_id);
        }
        did = rest.substr(0, first);
        rkey = rest.substr(last + 1);
    }
    if (rkey.empty()) return core::Error::Invalid("remote_id", "which Bluesky post to delete is missing");
    BELFRY_ASSIGN_OR_RETURN(session, CurrentSession(c));
    if (!did.empty() && did != session.did) {
        return core::Error::Invalid("remote_id", "the post belongs to another account: " + remote_id);
    }
    BELFRY_ASSIGN_OR_RETURN(answer, Call(c, [&](const Session& s) {
                                boost::json::object body;
                                body["repo"] = s.did;
                                body["collection"] = kPostCollection;
                                body["rkey"] = rkey;
                                HttpRequest r;
                                r.method = "POST";
                                r.url = XrpcUrl(c, "com.atproto.repo.deleteRecord");
                                r.headers.emplace_back("Authorization", "Bearer " + s.access);
                                r.headers.emplace_back("Content-Type", "application/json");
                                r.headers.emplace_back("Accept", "application/json");
                                r.body = boost::json::serialize(body);
                                r.timeout_ms = options_.request_timeout_ms;
                                return r;
                            }));
    if (answer.response.status == 200 || IsNotFound(answer.response)) return core::Ok();
    return ReadError(answer.response, ClockOrSystem(options_).NowMs());
}

core::Result<AccountProfile> BlueskyNetwork::FetchProfile(const Credentials& c) {
    BELFRY_ASSIGN_OR_RETURN(answer, Call(c, [&](const Session& s) {
                                HttpRequest r;
                                r.url = XrpcUrl(c, "com.atproto.repo.getRecord") + "?repo=" + UrlEncode(s.did) +
                                        "&collection=app.bsky.actor.profile&rkey=self";
                                r.headers.emplace_back("Authorization", "Bearer " + s.access);
                                r.headers.emplace_back("Accept", "application/json");
                                r.timeout_ms = options_.request_timeout_ms;
                                return r;
                            }));
    AccountProfile p;
    p.id = answer.session.did;
    p.handle = answer.session.handle;
    if (answer.response.status == 200) {
        if (auto o = ParseJsonObject(answer.response.body)) {
            if (const auto* value = o->if_contains("value"); value != nullptr && value->is_object()) {
                p.display_name = JsonString(value->as_object(), "displayName");
            }
        }
    } else if (!IsNotFound(answer.response)) {
        return ReadError(answer.response, ClockOrSystem(options_).NowMs());
    }
    if (p.display_name.empty()) p.display_name = p.handle;
    p.url = JoinUrl(options_.bluesky_web_url, "/profile/" + (p.handle.empty() ? p.id : p.handle));
    return p;
}

// ------------------------------------------------------------------ inbound, replies, hiding

namespace {

constexpr std::string_view kThreadgateCollection = "app.bsky.feed.threadgate";
constexpr std::size_t kMaxHiddenReplies = 300;  // app.bsky.feed.threadgate hiddenReplies maxLength

const boost::json::object* Child(const boost::json::object* o, std::string_view key) {
    const auto* v = o != nullptr ? o->if_contains(key) : nullptr;
    return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

std::string Field(const boost::json::object* o, std::string_view key) {
    return o != nullptr ? JsonString(*o, key) : std::string();
}

// "at://did/collection/rkey" → its parts.
bool SplitUri(const std::string& uri, std::string* did, std::string* collection, std::string* rkey) {
    if (uri.rfind("at://", 0) != 0) return false;
    const std::string rest = uri.substr(5);
    const auto first = rest.find('/');
    const auto last = rest.rfind('/');
    if (first == std::string::npos || last == first || first == 0 || last + 1 >= rest.size()) return false;
    *did = rest.substr(0, first);
    *collection = rest.substr(first + 1, last - first - 1);
    *rkey = rest.substr(last + 1);
    return collection->find('/') == std::string::npos;
}

std::string DidOf(const std::string& uri) {
    std::string did;
    std::string collection;
    std::string rkey;
    return SplitUri(uri, &did, &collection, &rkey) ? did : std::string();
}

// A PDS without an AppView answers app.bsky.* with this (checked on @atproto/pds 0.5.35).
bool NoAppView(const HttpResponse& r) {
    if (r.status == 501 || r.status == 404) return true;
    if (r.status != 400) return false;
    auto o = ParseJsonObject(r.body);
    return o && JsonString(*o, "message").rfind("No service configured", 0) == 0;
}

// The connector's cursor: "<time> <uri> <uri> …" (the time of the newest item delivered, and the
// items delivered at exactly that time).
struct Watermark {
    core::Millis at = 0;
    std::vector<std::string> uris;
    bool empty() const { return at == 0; }
    bool Delivered(core::Millis t, const std::string& uri) const {
        if (empty()) return false;
        return t < at || (t == at && std::find(uris.begin(), uris.end(), uri) != uris.end());
    }
};

std::optional<Watermark> ParseWatermark(const std::string& cursor) {
    Watermark w;
    if (cursor.empty()) return w;
    const auto parts = core::Split(cursor, ' ');
    auto at = core::ParseRfc3339(parts.empty() ? std::string() : parts[0]);
    if (!at || *at <= 0) return std::nullopt;
    w.at = *at;
    for (size_t i = 1; i < parts.size(); ++i) {
        if (!parts[i].empty()) w.uris.push_back(parts[i]);
    }
    return w;
}

// Whether a post record addresses `did`: "reply" (replies to one of its posts or in a thread that
// starts with one), "mention" (mentions its DID or quotes one of its posts), or "".
std::string Addressed(const boost::json::object* record, const std::string& did) {
    const auto* reply = Child(record, "reply");
    if (reply != nullptr &&
        (DidOf(Field(Child(reply, "parent"), "uri")) == did || DidOf(Field(Child(reply, "root"), "uri")) == did)) {
        return "reply";
    }
    if (const auto* facets = record != nullptr ? record->if_contains("facets") : nullptr;
        facets != nullptr && facets->is_array()) {
        for (const auto& f : facets->as_array()) {
            const auto* features = f.is_object() ? f.as_object().if_contains("features") : nullptr;
            if (features == nullptr || !features->is_array()) continue;
            for (const auto& feature : features->as_array()) {
                if (!feature.is_object()) continue;
                if (JsonString(feature.as_object(), "$type") == "app.bsky.richtext.facet#mention" &&
                    JsonString(feature.as_object(), "did") == did) {
                    return "mention";
                }
            }
        }
    }
    const auto* embed = Child(record, "embed");
    const std::string type = Field(embed, "$type");
    std::string quoted;
    if (type == "app.bsky.embed.record") quoted = Field(Child(embed, "record"), "uri");
    if (type == "app.bsky.embed.recordWithMedia") quoted = Field(Child(Child(embed, "record"), "record"), "uri");
    if (!quoted.empty() && DidOf(quoted) == did) return "mention";
    return "";
}

}  // namespace

struct BlueskyNetwork::Candidate {
    core::Millis at = 0;  // indexedAt, or the record key's time
    InboundItem item;
};

std::string BlueskyNetwork::PostUrlOf(const std::string& handle_or_did, const std::string& rkey) const {
    return JoinUrl(options_.bluesky_web_url, "/profile/" + handle_or_did + "/post/" + rkey);
}

core::Result<BlueskyNetwork::Answer> BlueskyNetwork::Query(const Credentials& c, const std::string& method_and_query) {
    return Call(c, [&](const Session& s) {
        HttpRequest r;
        r.url = XrpcUrl(c, method_and_query);
        r.headers.emplace_back("Authorization", "Bearer " + s.access);
        r.headers.emplace_back("Accept", "application/json");
        r.timeout_ms = options_.request_timeout_ms;
        return r;
    });
}

core::Result<InboundPage> BlueskyNetwork::Deliver(std::vector<Candidate> candidates, const std::string& cursor,
                                                  int limit) {
    auto mark = ParseWatermark(cursor);
    Watermark w = mark ? *mark : Watermark{};
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.at != b.at ? a.at < b.at : a.item.remote_id < b.item.remote_id;
    });
    candidates.erase(
        std::unique(candidates.begin(), candidates.end(),
                    [](const Candidate& a, const Candidate& b) { return a.item.remote_id == b.item.remote_id; }),
        candidates.end());
    InboundPage page;
    page.cursor = cursor;
    if (w.empty() && static_cast<int>(candidates.size()) > limit) {
        candidates.erase(candidates.begin(), candidates.end() - limit);  // start now-ish: the latest `limit`
    }
    page.more = static_cast<int>(candidates.size()) > limit;
    if (page.more) candidates.resize(static_cast<size_t>(limit));
    if (candidates.empty()) return page;
    const core::Millis newest = candidates.back().at;
    std::vector<std::string> at_newest = newest == w.at ? w.uris : std::vector<std::string>{};
    for (const auto& cand : candidates) {
        if (cand.at == newest) at_newest.push_back(cand.item.remote_id);
        page.items.push_back(cand.item);
    }
    page.cursor = FormatRfc3339Millis(newest);
    for (const auto& uri : at_newest) page.cursor += " " + uri;
    return page;
}

core::Result<InboundPage> BlueskyNetwork::FetchInbound(const Credentials& c, const std::string& cursor, int limit) {
    if (c.base_url.empty()) return core::Error::Invalid("credentials", "a Bluesky account needs its PDS address");
    if (limit < 1 || limit > 100) return core::Error::Invalid("limit", "read 1 to 100 items at a time");
    const auto mark = ParseWatermark(cursor);
    if (!mark) return core::Error::Invalid("cursor", "not a cursor this connector gave: " + cursor);
    BELFRY_ASSIGN_OR_RETURN(session, CurrentSession(c));
    const core::Clock& clock = ClockOrSystem(options_);

    std::vector<Candidate> candidates;
    std::optional<RateLimitInfo> limits;
    std::string page_cursor;
    const int page_size = mark->empty() ? limit : 100;
    for (int page = 0; page < options_.bluesky_max_notification_pages; ++page) {
        std::string query =
            "app.bsky.notification.listNotifications?reasons=reply&reasons=mention&reasons=quote"
            "&limit=" +
            std::to_string(page_size);
        if (!page_cursor.empty()) query += "&cursor=" + UrlEncode(page_cursor);
        BELFRY_ASSIGN_OR_RETURN(answer, Query(c, query));
        const HttpResponse& r = answer.response;
        if (page == 0 && NoAppView(r)) return InboundFromRepos(c, answer.session, cursor, limit);
        if (r.status != 200) return ReadError(r, clock.NowMs());
        limits = ParseRateLimit(r, clock.NowMs());
        auto o = ParseJsonObject(r.body);
        const auto* list = o ? o->if_contains("notifications") : nullptr;
        if (list == nullptr || !list->is_array())
            return core::Error::Unavailable("Bluesky's notifications could not be read");
        bool reached = false;
        for (const auto& v : list->as_array()) {
            if (!v.is_object()) continue;
            const auto& n = v.as_object();
            const std::string uri = JsonString(n, "uri");
            const core::Millis at = core::ParseRfc3339(JsonString(n, "indexedAt")).value_or(0);
            if (mark->Delivered(at, uri)) {
                reached = true;
                continue;
            }
            const auto* record = Child(&n, "record");
            const std::string reason = JsonString(n, "reason");
            Candidate cand;
            cand.at = at;
            InboundItem& item = cand.item;
            item.remote_id = uri;
            const auto* reply = Child(record, "reply");
            item.parent_remote_id = Field(Child(reply, "parent"), "uri");
            item.root_remote_id = Field(Child(reply, "root"), "uri");
            item.kind = reason == "reply" || Addressed(record, answer.session.did) == "reply" ? "reply" : "mention";
            const auto* author = Child(&n, "author");
            item.author_id = Field(author, "did");
            item.author_handle = Field(author, "handle");
            item.author_name = Field(author, "displayName");
            item.text = Field(record, "text");
            if (const auto* langs = record != nullptr ? record->if_contains("langs") : nullptr;
                langs != nullptr && langs->is_array() && !langs->as_array().empty() &&
                langs->as_array()[0].is_string()) {
                item.language = std::string(langs->as_array()[0].as_string());
            }
            item.url = PostUrlOf(item.author_handle.empty() ? item.author_id : item.author_handle, RkeyOfUri(uri));
            item.created_at_ms = core::ParseRfc3339(Field(record, "createdAt")).value_or(at);
            candidates.push_back(std::move(cand));
        }
        page_cursor = o ? JsonString(*o, "cursor") : std::string();
        if (mark->empty() || reached || list->as_array().empty() || page_cursor.empty()) break;
    }
    BELFRY_ASSIGN_OR_RETURN(page, Deliver(std::move(candidates), cursor, limit));
    page.rate_limit = limits;
    return page;
}

std::pair<std::string, std::string> BlueskyNetwork::Who(const Credentials& c, const std::string& did) {
    {
        std::lock_guard lock(mu_);
        if (auto it = who_.find(did); it != who_.end()) return it->second;
    }
    std::pair<std::string, std::string> who;
    HttpRequest r;
    r.url = XrpcUrl(c, "com.atproto.repo.describeRepo") + "?repo=" + UrlEncode(did);
    r.headers.emplace_back("Accept", "application/json");
    r.timeout_ms = options_.request_timeout_ms;
    bool complete = true;
    if (auto resp = http_.Send(r); resp && resp->status == 200) {
        if (auto o = ParseJsonObject(resp->body)) who.first = JsonString(*o, "handle");
    } else {
        complete = false;
    }
    r.url = XrpcUrl(c, "com.atproto.repo.getRecord") + "?repo=" + UrlEncode(did) +
            "&collection=app.bsky.actor.profile&rkey=self";
    if (auto resp = http_.Send(r); resp && resp->status == 200) {
        if (auto o = ParseJsonObject(resp->body)) who.second = Field(Child(&*o, "value"), "displayName");
    } else if (!resp || !IsNotFound(*resp)) {
        complete = false;
    }
    if (complete) {
        std::lock_guard lock(mu_);
        if (who_.size() > 10000) who_.clear();
        who_[did] = who;
    }
    return who;
}

core::Result<InboundPage> BlueskyNetwork::InboundFromRepos(const Credentials& c, const Session& session,
                                                           const std::string& cursor, int limit) {
    const auto mark = ParseWatermark(cursor);
    const Watermark w = mark ? *mark : Watermark{};
    const core::Clock& clock = ClockOrSystem(options_);
    auto get = [&](const std::string& method_and_query) -> core::Result<boost::json::object> {
        BELFRY_ASSIGN_OR_RETURN(answer, Query(c, method_and_query));
        if (answer.response.status != 200) return ReadError(answer.response, clock.NowMs());
        auto o = ParseJsonObject(answer.response.body);
        if (!o) return core::Error::Unavailable("Bluesky's answer to " + method_and_query + " could not be read");
        return std::move(*o);
    };
    // 1. The repositories this PDS hosts.
    std::vector<std::string> dids;
    std::string repos_cursor;
    while (static_cast<int>(dids.size()) < options_.bluesky_fallback_max_repos) {
        std::string q = "com.atproto.sync.listRepos?limit=1000";
        if (!repos_cursor.empty()) q += "&cursor=" + UrlEncode(repos_cursor);
        BELFRY_ASSIGN_OR_RETURN(o, get(q));
        const auto* repos = o.if_contains("repos");
        if (repos == nullptr || !repos->is_array() || repos->as_array().empty()) break;
        for (const auto& repo : repos->as_array()) {
            if (!repo.is_object()) continue;
            const std::string did = JsonString(repo.as_object(), "did");
            const auto* active = repo.as_object().if_contains("active");
            if (did.empty() || did == session.did || (active != nullptr && active->is_bool() && !active->as_bool())) {
                continue;
            }
            if (static_cast<int>(dids.size()) < options_.bluesky_fallback_max_repos) dids.push_back(did);
        }
        repos_cursor = JsonString(o, "cursor");
        if (repos_cursor.empty()) break;
    }
    // 2. Their posts down to the cursor, kept when they address the account.
    std::vector<Candidate> candidates;
    std::map<std::string, std::vector<std::string>> hidden;  // root rkey → its threadgate's hiddenReplies
    for (const auto& did : dids) {
        std::string records_cursor;
        for (int page = 0; page < options_.bluesky_fallback_max_pages; ++page) {
            std::string q =
                "com.atproto.repo.listRecords?repo=" + UrlEncode(did) + "&collection=app.bsky.feed.post&limit=100";
            if (!records_cursor.empty()) q += "&cursor=" + UrlEncode(records_cursor);
            BELFRY_ASSIGN_OR_RETURN(o, get(q));
            const auto* records = o.if_contains("records");
            if (records == nullptr || !records->is_array() || records->as_array().empty()) break;
            bool reached = false;
            for (const auto& v : records->as_array()) {
                if (!v.is_object()) continue;
                const std::string uri = JsonString(v.as_object(), "uri");
                const auto* record = Child(&v.as_object(), "value");
                const std::string rkey = RkeyOfUri(uri);
                const auto tid = DecodeTid(rkey);
                const core::Millis at = tid ? static_cast<core::Millis>((*tid >> 10) / 1000)
                                            : core::ParseRfc3339(Field(record, "createdAt")).value_or(0);
                if (w.Delivered(at, uri)) {
                    reached = true;
                    continue;
                }
                const std::string kind = Addressed(record, session.did);
                if (kind.empty()) continue;
                const auto* reply = Child(record, "reply");
                const std::string root = Field(Child(reply, "root"), "uri");
                if (!root.empty() && DidOf(root) == session.did) {
                    // As the AppView: a reply the account's threadgate hides is not delivered.
                    const std::string root_rkey = RkeyOfUri(root);
                    auto gate = hidden.find(root_rkey);
                    if (gate == hidden.end()) {
                        BELFRY_ASSIGN_OR_RETURN(answer,
                                                Query(c, "com.atproto.repo.getRecord?repo=" + UrlEncode(session.did) +
                                                             "&collection=" + std::string(kThreadgateCollection) +
                                                             "&rkey=" + UrlEncode(root_rkey)));
                        std::vector<std::string> list;
                        if (answer.response.status == 200) {
                            auto g = ParseJsonObject(answer.response.body);
                            const auto* value = g ? Child(&*g, "value") : nullptr;
                            const auto* h = value != nullptr ? value->if_contains("hiddenReplies") : nullptr;
                            if (h != nullptr && h->is_array()) {
                                for (const auto& x : h->as_array()) {
                                    if (x.is_string()) list.emplace_back(x.as_string());
                                }
                            }
                        } else if (!IsNotFound(answer.response)) {
                            return ReadError(answer.response, clock.NowMs());
                        }
                        gate = hidden.emplace(root_rkey, std::move(list)).first;
                    }
                    if (std::find(gate->second.begin(), gate->second.end(), uri) != gate->second.end()) continue;
                }
                Candidate cand;
                cand.at = at;
                InboundItem& item = cand.item;
                item.remote_id = uri;
                item.kind = kind;
                item.parent_remote_id = Field(Child(reply, "parent"), "uri");
                item.root_remote_id = root;
                item.author_id = did;
                item.text = Field(record, "text");
                if (const auto* langs = record != nullptr ? record->if_contains("langs") : nullptr;
                    langs != nullptr && langs->is_array() && !langs->as_array().empty() &&
                    langs->as_array()[0].is_string()) {
                    item.language = std::string(langs->as_array()[0].as_string());
                }
                item.created_at_ms = core::ParseRfc3339(Field(record, "createdAt")).value_or(at);
                candidates.push_back(std::move(cand));
            }
            records_cursor = JsonString(o, "cursor");
            if (w.empty() || reached || records_cursor.empty()) break;
        }
    }
    BELFRY_ASSIGN_OR_RETURN(page, Deliver(std::move(candidates), cursor, limit));
    for (auto& item : page.items) {
        const auto [handle, name] = Who(c, item.author_id);
        item.author_handle = handle;
        item.author_name = name;
        item.url = PostUrlOf(handle.empty() ? item.author_id : handle, RkeyOfUri(item.remote_id));
    }
    return page;
}

PublishResult BlueskyNetwork::Reply(const Credentials& c, const std::string& parent_remote_id,
                                    const std::string& /*root_remote_id*/, const PublishRequest& req) {
    std::string did;
    std::string collection;
    std::string rkey;
    if (!SplitUri(parent_remote_id, &did, &collection, &rkey) || collection != kPostCollection) {
        return MakeResult(Outcome::kRejected, "", "Not the at:// address of a Bluesky post: " + parent_remote_id);
    }
    if (c.base_url.empty()) {
        return MakeResult(Outcome::kRejected, "",
                          "The account has no Bluesky server (PDS) address: reconnect the account.");
    }
    const core::Clock& clock = ClockOrSystem(options_);
    // The parent as stored: its CID, and the root it threads in.
    auto answer = Query(c, "com.atproto.repo.getRecord?repo=" + UrlEncode(did) +
                               "&collection=" + std::string(kPostCollection) + "&rkey=" + UrlEncode(rkey));
    if (!answer) return BeforePostFailure(answer.error(), "reading the post to answer");
    const HttpResponse& r = answer->response;
    if (IsNotFound(r)) {
        return MakeResult(Outcome::kRejected, NetworkMessage(r),
                          "The post to answer is no longer on Bluesky (deleted?): the answer cannot be threaded under "
                          "it.",
                          r.status);
    }
    if (r.status != 200) {
        PublishResult out = BeforePostFailure(ReadError(r, clock.NowMs()), "reading the post to answer");
        out.http_status = r.status;
        out.rate_limit = ParseRateLimit(r, clock.NowMs());
        return out;
    }
    auto o = ParseJsonObject(r.body);
    const std::string cid = o ? JsonString(*o, "cid") : std::string();
    if (cid.empty()) {
        return MakeResult(Outcome::kRetryLater, NetworkMessage(r),
                          "Bluesky's answer about the post to answer could not be read; belfry tries again later.",
                          r.status);
    }
    boost::json::object parent{{"uri", o->contains("uri") ? JsonString(*o, "uri") : parent_remote_id}, {"cid", cid}};
    boost::json::object root = parent;
    const auto* root_ref = Child(Child(Child(&*o, "value"), "reply"), "root");
    if (root_ref != nullptr && !JsonString(*root_ref, "uri").empty() && !JsonString(*root_ref, "cid").empty()) {
        root = {{"uri", JsonString(*root_ref, "uri")}, {"cid", JsonString(*root_ref, "cid")}};
    }
    const boost::json::object reply{{"root", root}, {"parent", parent}};
    return PublishPost(c, req, &reply);
}

core::Status BlueskyNetwork::SetHidden(const Credentials& c, const std::string& item, const std::string& root_hint,
                                       bool hide) {
    std::string did;
    std::string collection;
    std::string rkey;
    if (!SplitUri(item, &did, &collection, &rkey) || collection != kPostCollection) {
        return core::Error::Invalid("item_remote_id", "not the at:// address of a Bluesky post: " + item);
    }
    BELFRY_ASSIGN_OR_RETURN(session, CurrentSession(c));
    const core::Clock& clock = ClockOrSystem(options_);
    std::string root = root_hint;
    if (root.empty()) {
        BELFRY_ASSIGN_OR_RETURN(answer, Query(c, "com.atproto.repo.getRecord?repo=" + UrlEncode(did) + "&collection=" +
                                                     std::string(kPostCollection) + "&rkey=" + UrlEncode(rkey)));
        if (answer.response.status != 200) return ReadError(answer.response, clock.NowMs());
        auto o = ParseJsonObject(answer.response.body);
        root = Field(Child(Child(o ? Child(&*o, "value") : nullptr, "reply"), "root"), "uri");
        if (root.empty()) return core::Error::Invalid("item_remote_id", "the Bluesky post is not a reply: " + item);
    }
    std::string root_did;
    std::string root_collection;
    std::string root_rkey;
    if (!SplitUri(root, &root_did, &root_collection, &root_rkey) || root_collection != kPostCollection) {
        return core::Error::Invalid("root_remote_id", "not the at:// address of a Bluesky post: " + root);
    }
    if (root_did != session.did) {
        return core::Error::Invalid(
            "root_remote_id", "Bluesky lets an account hide replies only in threads that start with its own post");
    }
    // Read, change, write with swapRecord; once more when someone else wrote it meanwhile.
    for (int attempt = 0; attempt < 2; ++attempt) {
        BELFRY_ASSIGN_OR_RETURN(current, Query(c, "com.atproto.repo.getRecord?repo=" + UrlEncode(session.did) +
                                                      "&collection=" + std::string(kThreadgateCollection) +
                                                      "&rkey=" + UrlEncode(root_rkey)));
        boost::json::object gate;
        std::string cid;
        if (current.response.status == 200) {
            auto o = ParseJsonObject(current.response.body);
            if (!o || Child(&*o, "value") == nullptr)
                return core::Error::Unavailable("Bluesky's threadgate could not be read");
            gate = *Child(&*o, "value");
            cid = JsonString(*o, "cid");
        } else if (!IsNotFound(current.response)) {
            return ReadError(current.response, clock.NowMs());
        }
        boost::json::array list;
        if (const auto* h = gate.if_contains("hiddenReplies"); h != nullptr && h->is_array()) list = h->as_array();
        const bool listed = std::any_of(list.begin(), list.end(), [&](const boost::json::value& v) {
            return v.is_string() && v.as_string() == item;
        });
        if (listed == hide) return core::Ok();  // already as wanted
        bool remove = false;
        if (hide) {
            if (list.size() >= kMaxHiddenReplies) {
                return core::Error::Conflict(
                    "Bluesky lets a thread hide at most 300 replies and this one is full: delete the reply's thread "
                    "or report the reply instead");
            }
            list.emplace_back(item);
        } else {
            boost::json::array kept;
            for (const auto& v : list) {
                if (!(v.is_string() && v.as_string() == item)) kept.push_back(v);
            }
            list = std::move(kept);
            remove = list.empty() && !gate.contains("allow");  // nothing else left in it
        }
        if (gate.empty()) {
            gate["$type"] = kThreadgateCollection;
            gate["post"] = root;
            gate["createdAt"] = FormatRfc3339Millis(clock.NowMs());
        }
        gate["hiddenReplies"] = std::move(list);
        BELFRY_ASSIGN_OR_RETURN(
            written, Call(c, [&](const Session& s) {
                boost::json::object body;
                body["repo"] = s.did;
                body["collection"] = kThreadgateCollection;
                body["rkey"] = root_rkey;
                body["swapRecord"] = cid.empty() ? boost::json::value(nullptr) : boost::json::value(cid);
                if (!remove) body["record"] = gate;
                HttpRequest r;
                r.method = "POST";
                r.url = XrpcUrl(c, remove ? "com.atproto.repo.deleteRecord" : "com.atproto.repo.putRecord");
                r.headers.emplace_back("Authorization", "Bearer " + s.access);
                r.headers.emplace_back("Content-Type", "application/json");
                r.headers.emplace_back("Accept", "application/json");
                r.body = boost::json::serialize(body);
                r.timeout_ms = options_.request_timeout_ms;
                return r;
            }));
        if (written.response.status == 200) return core::Ok();
        if (ErrorName(written.response) == "InvalidSwap") continue;  // changed meanwhile: read it again
        if (written.response.status == 400) {
            return core::Error::Invalid("threadgate",
                                        "Bluesky refused the threadgate: " + NetworkMessage(written.response));
        }
        return ReadError(written.response, clock.NowMs());
    }
    return core::Error::Unavailable("the thread's threadgate kept changing while belfry wrote it; try again");
}

core::Status BlueskyNetwork::Hide(const Credentials& c, const std::string& item_remote_id,
                                  const std::string& root_remote_id) {
    return SetHidden(c, item_remote_id, root_remote_id, true);
}

core::Status BlueskyNetwork::Unhide(const Credentials& c, const std::string& item_remote_id,
                                    const std::string& root_remote_id) {
    return SetHidden(c, item_remote_id, root_remote_id, false);
}

}  // namespace belfry::networks
