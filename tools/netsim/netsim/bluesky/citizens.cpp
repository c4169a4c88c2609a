// Bluesky: what the AppView answers about reactions (listNotifications), the repository listing a
// single-PDS client reads instead (listRepos, describeRepo), and citizens' posts (see bluesky.hpp).
#include <algorithm>
#include <cctype>
#include <variant>

#include "core/text.hpp"
#include "netsim/bluesky/internal.hpp"
#include "netsim/text.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using bluesky::XrpcError;

namespace {

constexpr int kReplyNotifDepth = 5;  // ancestors at heights 1–4 are notified (the AppView's REPLY_NOTIF_DEPTH)

// An integer query parameter, worded as @atproto/pds 0.5 words its refusals.
std::variant<long, http::Response> IntParam(const http::Request& req, const std::string& nsid, const char* key,
                                            long fallback, long min, long max) {
    const auto v = req.QueryParam(key);
    if (!v) return fallback;
    long n = 0;
    try {
        std::size_t used = 0;
        n = std::stol(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
        return XrpcError(400, "InvalidRequest",
                         "Invalid " + nsid + " params: Expected integer value type (got \"" + *v + "\")");
    }
    if (n < min) {
        return XrpcError(400, "InvalidRequest",
                         "Invalid " + nsid + " params: integer too small (minimum " + std::to_string(min) + ", got " +
                             std::to_string(n) + ")");
    }
    if (n > max) {
        return XrpcError(400, "InvalidRequest",
                         "Invalid " + nsid + " params: integer too big (maximum " + std::to_string(max) + ", got " +
                             std::to_string(n) + ")");
    }
    return n;
}

const json::object* Obj(const json::value* v) { return v && v->is_object() ? &v->as_object() : nullptr; }
const json::object* Obj(const json::object* o, const char* key) { return o ? Obj(o->if_contains(key)) : nullptr; }
std::string Str(const json::object* o, const char* key) {
    const auto* v = o ? o->if_contains(key) : nullptr;
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::string DidOf(const std::string& uri) {
    std::string did;
    return bluesky::SplitAtUri(uri, &did, nullptr, nullptr) ? did : std::string();
}

// The DIDs a post's mention facets point at.
std::vector<std::string> MentionedDids(const json::object* post) {
    std::vector<std::string> out;
    const auto* facets = post ? post->if_contains("facets") : nullptr;
    if (!facets || !facets->is_array()) return out;
    for (const auto& f : facets->as_array()) {
        const auto* features = f.is_object() ? f.as_object().if_contains("features") : nullptr;
        if (!features || !features->is_array()) continue;
        for (const auto& feature : features->as_array()) {
            const json::object* o = Obj(&feature);
            if (Str(o, "$type") == "app.bsky.richtext.facet#mention" && !Str(o, "did").empty()) {
                out.push_back(Str(o, "did"));
            }
        }
    }
    return out;
}

// The post a record embeds (app.bsky.embed.record or recordWithMedia), or "".
std::string QuotedUri(const json::object* post) {
    const json::object* embed = Obj(post, "embed");
    const std::string type = Str(embed, "$type");
    if (type == "app.bsky.embed.record") return Str(Obj(embed, "record"), "uri");
    if (type == "app.bsky.embed.recordWithMedia") return Str(Obj(Obj(embed, "record"), "record"), "uri");
    return "";
}

// Whether a reply breaks its root's threadgate `allow` rules (no gate or no `allow`: anyone may reply).
bool ViolatesThreadgate(const Data& d, const Record& r, const json::object* reply) {
    std::string root_did;
    std::string root_rkey;
    if (!bluesky::SplitAtUri(Str(Obj(reply, "root"), "uri"), &root_did, nullptr, &root_rkey)) return false;
    if (root_did == r.did) return false;
    auto gate = d.records.find("at://" + root_did + "/app.bsky.feed.threadgate/" + root_rkey);
    if (gate == d.records.end()) return false;
    const auto* allow = gate->second.value.is_object() ? gate->second.value.as_object().if_contains("allow") : nullptr;
    if (!allow || !allow->is_array()) return false;
    auto root = d.records.find("at://" + root_did + "/app.bsky.feed.post/" + root_rkey);
    for (const auto& rule : allow->as_array()) {
        if (Str(Obj(&rule), "$type") != "app.bsky.feed.threadgate#mentionRule" || root == d.records.end()) continue;
        const auto mentioned = MentionedDids(Obj(&root->second.value));
        if (std::find(mentioned.begin(), mentioned.end(), r.did) != mentioned.end()) return false;
    }
    return true;
}

struct Notif {
    const Record* record = nullptr;
    std::string reason;
    std::string subject;
};

// The notifications of `viewer`, newest first, as the AppView would have indexed them.
std::vector<Notif> NotificationsOf(const Data& d, const std::string& viewer) {
    std::vector<Notif> out;
    for (const auto& [uri, r] : d.records) {
        if (r.collection != "app.bsky.feed.post" || r.did == viewer) continue;
        const json::object* value = Obj(&r.value);
        Notif n{&r, "", ""};
        const auto mentioned = MentionedDids(value);
        const std::string quoted = QuotedUri(value);
        const json::object* reply = Obj(value, "reply");
        if (std::find(mentioned.begin(), mentioned.end(), viewer) != mentioned.end()) {
            n.reason = "mention";
        } else if (!quoted.empty() && DidOf(quoted) == viewer) {
            n.reason = "quote";
            n.subject = quoted;
        } else if (reply && !ViolatesThreadgate(d, r, reply)) {
            std::string parent = Str(Obj(reply, "parent"), "uri");
            for (int height = 1; height < kReplyNotifDepth && !parent.empty(); ++height) {
                auto p = d.records.find(parent);
                if (p == d.records.end()) break;
                if (p->second.did == viewer) {
                    n.reason = "reply";
                    n.subject = parent;
                    break;
                }
                parent = Str(Obj(Obj(Obj(&p->second.value), "reply"), "parent"), "uri");
            }
        }
        if (n.reason.empty()) continue;
        // The thread root's author is not told about a reply its threadgate hides.
        if (reply && DidOf(Str(Obj(reply, "root"), "uri")) == viewer && bluesky::IsHiddenReply(d, r)) continue;
        out.push_back(std::move(n));
    }
    std::sort(out.begin(), out.end(), [](const Notif& a, const Notif& b) {
        if (a.record->created_at != b.record->created_at) return a.record->created_at > b.record->created_at;
        return a.record->Uri() > b.record->Uri();
    });
    return out;
}

json::object ProfileView(const Data& d, const Account& a) {
    json::object o{{"did", a.id},
                   {"handle", a.handle},
                   {"indexedAt", IsoMillis(a.created_at)},
                   {"createdAt", IsoMillis(a.created_at)},
                   {"viewer", json::object{{"muted", false}, {"blockedBy", false}}},
                   {"labels", json::array{}}};
    if (const std::string name = bluesky::DisplayName(d, a); !name.empty()) o["displayName"] = name;
    return o;
}

std::string Cursor(core::Millis at, const std::string& key) { return std::to_string(at) + "::" + key; }

bool ParseCursor(const std::string& cursor, core::Millis* at, std::string* key) {
    const auto sep = cursor.find("::");
    if (sep == std::string::npos || sep == 0) return false;
    try {
        std::size_t used = 0;
        *at = std::stoll(cursor.substr(0, sep), &used);
        if (used != sep) return false;
    } catch (const std::exception&) {
        return false;
    }
    *key = cursor.substr(sep + 2);
    return !key->empty();
}

}  // namespace

http::Response Bluesky::ListNotifications(Call& call) {
    static const std::string nsid = "app.bsky.notification.listNotifications";
    auto limit = IntParam(call.req, nsid, "limit", 50, 1, 100);
    if (auto* refused = std::get_if<http::Response>(&limit)) return *refused;
    std::vector<std::string> reasons;
    for (auto [it, end] = call.req.query.equal_range("reasons"); it != end; ++it) reasons.push_back(it->second);
    const std::string cursor = call.req.QueryParam("cursor").value_or("");
    core::Millis after_at = 0;
    std::string after_uri;
    if (!cursor.empty() && !ParseCursor(cursor, &after_at, &after_uri)) {
        return XrpcError(400, "InvalidRequest", "Malformed cursor");
    }
    const auto seen_at = call.req.QueryParam("seenAt");
    std::optional<core::Millis> seen;
    if (seen_at) {
        seen = core::ParseRfc3339(*seen_at);
        if (!seen) {
            return XrpcError(400, "InvalidRequest", "Invalid " + nsid + " params: Invalid datetime string at $.seenAt");
        }
    }
    return ctx_.state.Locked([&](Data& d) {
        json::array page;
        const Record* last = nullptr;
        for (const Notif& n : NotificationsOf(d, call.did)) {
            const Record& r = *n.record;
            if (!cursor.empty() && (r.created_at > after_at || (r.created_at == after_at && r.Uri() >= after_uri))) {
                continue;
            }
            if (!reasons.empty() && std::find(reasons.begin(), reasons.end(), n.reason) == reasons.end()) continue;
            if (static_cast<long>(page.size()) >= std::get<long>(limit)) break;
            const Account* author = d.FindAccount(kBluesky, r.did);
            json::object o{{"uri", r.Uri()},
                           {"cid", r.cid},
                           {"author", author ? json::value(ProfileView(d, *author))
                                             : json::value(json::object{{"did", r.did}, {"handle", "handle.invalid"}})},
                           {"reason", n.reason},
                           {"record", r.value},
                           {"isRead", seen.has_value() && r.created_at <= *seen},
                           {"indexedAt", IsoMillis(r.created_at)},
                           {"labels", json::array{}}};
            if (!n.subject.empty()) o["reasonSubject"] = n.subject;
            page.push_back(std::move(o));
            last = &r;
        }
        json::object out{{"notifications", page}};
        if (last) out["cursor"] = Cursor(last->created_at, last->Uri());
        if (seen_at) out["seenAt"] = *seen_at;
        return JsonAnswer(200, out);
    });
}

http::Response Bluesky::ListRepos(Call& call) {
    static const std::string nsid = "com.atproto.sync.listRepos";
    auto limit = IntParam(call.req, nsid, "limit", 500, 1, 1000);
    if (auto* refused = std::get_if<http::Response>(&limit)) return *refused;
    const std::string cursor = call.req.QueryParam("cursor").value_or("");
    core::Millis after_at = 0;
    std::string after_did;
    if (!cursor.empty() && !ParseCursor(cursor, &after_at, &after_did)) {
        return XrpcError(400, "InvalidRequest", "Malformed cursor");
    }
    return ctx_.state.Locked([&](Data& d) {
        std::vector<const Account*> accounts;
        for (const auto& a : d.accounts) {
            if (a.network == kBluesky) accounts.push_back(&a);
        }
        std::stable_sort(accounts.begin(), accounts.end(), [](const Account* a, const Account* b) {
            return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
        });
        json::array repos;
        const Account* last = nullptr;
        for (const Account* a : accounts) {
            if (!cursor.empty() && (a->created_at < after_at || (a->created_at == after_at && a->id <= after_did))) {
                continue;
            }
            if (static_cast<long>(repos.size()) >= std::get<long>(limit)) break;
            core::Millis latest = a->created_at;
            for (const auto& [uri, r] : d.records) {
                if (r.did == a->id) latest = std::max(latest, r.created_at);
            }
            repos.push_back(json::object{{"did", a->id},
                                         {"head", RecordCid("head " + a->id + " " + std::to_string(latest))},
                                         {"rev", TidAt(latest)},
                                         {"active", true}});
            last = a;
        }
        json::object out{{"repos", repos}};
        if (last) out["cursor"] = Cursor(last->created_at, last->id);
        return JsonAnswer(200, out);
    });
}

http::Response Bluesky::DescribeRepo(Call& call) {
    const auto repo = call.req.QueryParam("repo");
    if (!repo) {
        return XrpcError(400, "InvalidRequest",
                         "Invalid com.atproto.repo.describeRepo params: Missing required key \"repo\"");
    }
    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        const Account* a = did.empty() ? nullptr : d.FindAccount(kBluesky, did);
        if (!a) return XrpcError(400, "RepoNotFound", "Could not find repo for DID: " + *repo);
        std::vector<std::string> collections;
        for (const auto& [uri, r] : d.records) {
            if (r.did == did) collections.push_back(r.collection);
        }
        std::sort(collections.begin(), collections.end());
        collections.erase(std::unique(collections.begin(), collections.end()), collections.end());
        json::array list;
        for (const auto& c : collections) list.emplace_back(c);
        return JsonAnswer(
            200,
            json::object{{"handle", a->handle},
                         {"did", a->id},
                         {"didDoc", json::object{{"id", a->id}, {"alsoKnownAs", json::array{"at://" + a->handle}}}},
                         {"collections", list},
                         {"handleIsCorrect", true}});
    });
}

namespace {

bool ValidHandle(const std::string& h) {
    return !h.empty() && h.size() <= 253 &&
           h.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string::npos && h.front() != '.' &&
           h.back() != '.' && h.find('.') != std::string::npos;
}

// Facets a client would send: links, and mentions of handles netsim knows (UTF-8 byte offsets).
json::array Facets(const Data& d, const std::string& text) {
    json::array facets;
    std::size_t i = 0;
    auto boundary = [&](std::size_t at) {
        return at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '(';
    };
    while (i < text.size()) {
        if (boundary(i) && (core::StartsWith(std::string_view(text).substr(i), "https://") ||
                            core::StartsWith(std::string_view(text).substr(i), "http://"))) {
            std::size_t end = i;
            while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
            while (end > i && std::string_view(".,;:!?)'\"").find(text[end - 1]) != std::string_view::npos) --end;
            facets.push_back(
                json::object{{"index", json::object{{"byteStart", i}, {"byteEnd", end}}},
                             {"features", json::array{json::object{{"$type", "app.bsky.richtext.facet#link"},
                                                                   {"uri", text.substr(i, end - i)}}}}});
            i = end;
            continue;
        }
        if (text[i] == '@' && boundary(i)) {
            std::size_t end = i + 1;
            while (end < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == '-')) {
                ++end;
            }
            while (end > i + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
            const Account* a = d.FindAccount(kBluesky, core::AsciiLower(text.substr(i + 1, end - i - 1)));
            if (a) {
                facets.push_back(json::object{
                    {"index", json::object{{"byteStart", i}, {"byteEnd", end}}},
                    {"features",
                     json::array{json::object{{"$type", "app.bsky.richtext.facet#mention"}, {"did", a->id}}}}});
            }
            i = end;
            continue;
        }
        ++i;
    }
    return facets;
}

json::object StrongRef(const Record& r) { return json::object{{"uri", r.Uri()}, {"cid", r.cid}}; }

}  // namespace

core::Result<json::object> Bluesky::PostAsCitizen(const CitizenPost& post) {
    const std::string handle = core::AsciiLower(post.author_handle);
    if (!ValidHandle(handle)) {
        return core::Error::Invalid("author_handle", "a Bluesky handle is a domain name, e.g. lea-dupont.bsky.social");
    }
    if (!post.direct_to.empty()) {
        return core::Error::Invalid("direct_to", "netsim has no Bluesky direct messages (chat.bsky is not simulated)");
    }
    if (Graphemes(post.author_name) > 64) {
        return core::Error::Invalid("author_name",
                                    "Invalid app.bsky.actor.profile record: Record/displayName must "
                                    "not be longer than 64 graphemes");
    }
    const core::Millis now = ctx_.clock.NowMs();
    const std::string did = ctx_.ids.Did();
    const std::string password = ctx_.ids.Token(18);
    const std::string rkey = ctx_.ids.Tid(now);
    return ctx_.state.Locked([&](Data& d) -> core::Result<json::object> {
        Account* author = d.FindAccount(kBluesky, handle);
        if (author && !author->citizen) {
            return core::Error::Conflict("@" + handle + " is a channel's account on netsim, not a citizen");
        }
        if (!author) {
            Account a{kBluesky, did, handle, "", password, now};
            a.citizen = true;
            d.accounts.push_back(a);
            author = &d.accounts.back();
        }
        if (!post.author_name.empty() && bluesky::DisplayName(d, *author) != post.author_name) {
            author->display_name = post.author_name;
            json::object profile{{"$type", "app.bsky.actor.profile"}, {"displayName", post.author_name}};
            Record p{author->id, "app.bsky.actor.profile", "self", RecordCid(json::serialize(profile)), profile, now,
                     0};
            d.records[p.Uri()] = p;
        }
        const std::string author_did = author->id;
        std::string text = post.text;
        if (!post.mention.empty()) {
            const std::string mention = core::AsciiLower(post.mention);
            if (!d.FindAccount(kBluesky, mention)) return core::Error::NotFound("no Bluesky account @" + mention);
            if (text.find("@" + mention) == std::string::npos) text = "@" + mention + " " + text;
        }
        json::object record{{"$type", "app.bsky.feed.post"}, {"text", text}, {"createdAt", IsoMillis(now)}};
        if (!post.language.empty()) record["langs"] = json::array{json::string(post.language)};
        if (auto facets = Facets(d, text); !facets.empty()) record["facets"] = std::move(facets);
        if (!post.in_reply_to.empty()) {
            auto parent = d.records.find(post.in_reply_to);
            if (parent == d.records.end() || parent->second.collection != "app.bsky.feed.post") {
                return core::Error::NotFound("Could not locate record: " + post.in_reply_to);
            }
            const json::object* parent_reply = Obj(Obj(&parent->second.value), "reply");
            json::object root = StrongRef(parent->second);
            if (const json::object* r = Obj(parent_reply, "root")) root = *r;
            record["reply"] = json::object{{"root", root}, {"parent", StrongRef(parent->second)}};
        }
        if (!post.quote.empty()) {
            auto quoted = d.records.find(post.quote);
            if (quoted == d.records.end() || quoted->second.collection != "app.bsky.feed.post") {
                return core::Error::NotFound("Could not locate record: " + post.quote);
            }
            record["embed"] = json::object{{"$type", "app.bsky.embed.record"}, {"record", StrongRef(quoted->second)}};
        }
        if (auto problem = bluesky::CheckPost(record)) {
            return core::Error::Invalid("text", "Invalid app.bsky.feed.post record: " + *problem);
        }
        Record r{author_did, "app.bsky.feed.post", rkey, RecordCid(json::serialize(record)), record, now, 0};
        r.citizen_kind = post.citizen_kind;
        d.records[r.Uri()] = r;
        return json::object{{"network", kBluesky}, {"uri", r.Uri()},          {"cid", r.cid},
                            {"did", author_did},   {"author_handle", handle}, {"text", text}};
    });
}

CitizenTargets Bluesky::Targets() {
    return ctx_.state.Locked([&](Data& d) {
        CitizenTargets t;
        auto is_citizen = [&](const std::string& did) {
            const Account* a = d.FindAccount(kBluesky, did);
            return a != nullptr && a->citizen;
        };
        for (const auto& a : d.accounts) {
            if (a.network == kBluesky && !a.citizen) t.channels.push_back(a.handle);
        }
        std::vector<const Record*> posts;
        for (const auto& [uri, r] : d.records) {
            if (r.collection == "app.bsky.feed.post" && !is_citizen(r.did)) posts.push_back(&r);
        }
        std::sort(posts.begin(), posts.end(), [](const Record* a, const Record* b) {
            return a->created_at != b->created_at ? a->created_at < b->created_at : a->Uri() < b->Uri();
        });
        for (const Record* r : posts) {
            t.posts.push_back(r->Uri());
            const std::string parent_uri = Str(Obj(Obj(Obj(&r->value), "reply"), "parent"), "uri");
            auto parent = d.records.find(parent_uri);
            if (parent == d.records.end() || !is_citizen(parent->second.did)) continue;
            const Account* citizen = d.FindAccount(kBluesky, parent->second.did);
            std::string language;
            const auto* langs = Obj(&parent->second.value) ? Obj(&parent->second.value)->if_contains("langs") : nullptr;
            if (langs && langs->is_array() && !langs->as_array().empty() && langs->as_array()[0].is_string()) {
                language = std::string(langs->as_array()[0].as_string());
            }
            t.answers.push_back({r->Uri(), citizen->handle, bluesky::DisplayName(d, *citizen), language});
        }
        return t;
    });
}

}  // namespace belfry::netsim
