#include "networks/bluesky/bluesky.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

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

}  // namespace belfry::networks
