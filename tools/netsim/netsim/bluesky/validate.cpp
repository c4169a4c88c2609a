// Bluesky helpers: XRPC errors, repo resolution, the app.bsky.feed.post lexicon checks.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "netsim/bluesky/internal.hpp"
#include "netsim/text.hpp"

namespace belfry::netsim::bluesky {

namespace json = boost::json;

http::Response XrpcError(int status, const std::string& name, const std::string& message) {
    return JsonAnswer(status, json::object{{"error", name}, {"message", message}});
}

std::string ResolveRepo(const Data& d, const std::string& repo) {
    for (const auto& a : d.accounts) {
        if (a.network == kBluesky && (a.id == repo || core::IEquals(a.handle, repo))) return a.id;
    }
    return "";
}

std::optional<std::string> InputString(const json::object& input, const char* key) {
    const auto* v = input.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
}

std::optional<std::string> CheckPost(const json::object& record) {
    const auto* text = record.if_contains("text");
    if (!text) return "Record must have the property \"text\"";
    if (!text->is_string()) return "Record/text must be a string";
    const std::string_view t = text->get_string();
    if (t.size() > 3000) return "Record/text must not be longer than 3000 characters";
    if (Graphemes(t) > 300) return "Record/text must not be longer than 300 graphemes";
    const auto* created = record.if_contains("createdAt");
    if (!created) return "Record must have the property \"createdAt\"";
    if (!created->is_string() || !core::ParseRfc3339(std::string(created->get_string())) ||
        created->get_string().size() < 20) {
        return "Record/createdAt must be an valid atproto datetime (both RFC-3339 and ISO-8601)";
    }
    if (const auto* facets = record.if_contains("facets"); facets && !facets->is_array()) {
        return "Record/facets must be an array";
    }
    if (const auto* langs = record.if_contains("langs")) {
        if (!langs->is_array()) return "Record/langs must be an array";
        if (langs->get_array().size() > 3) return "Record/langs must not have more than 3 elements";
    }
    if (const auto* reply = record.if_contains("reply")) {
        if (!reply->is_object()) return "Record/reply must be an object";
        for (const char* key : {"root", "parent"}) {
            const auto* ref = reply->get_object().if_contains(key);
            const std::string where = std::string("Record/reply/") + key;
            if (!ref) return "Record/reply must have the property \"" + std::string(key) + "\"";
            if (!ref->is_object()) return where + " must be an object";
            for (const char* field : {"uri", "cid"}) {
                const auto* v = ref->get_object().if_contains(field);
                if (!v) return where + " must have the property \"" + std::string(field) + "\"";
                if (!v->is_string()) return where + "/" + field + " must be a string";
            }
            if (!core::StartsWith(ref->get_object().at("uri").get_string(), "at://")) {
                return where + "/uri must be a valid at-uri";
            }
        }
    }
    const auto* embed = record.if_contains("embed");
    if (embed && embed->is_object()) {
        const auto* type = embed->get_object().if_contains("$type");
        if (type && type->is_string() && type->get_string() == "app.bsky.embed.images") {
            const auto* images = embed->get_object().if_contains("images");
            if (!images || !images->is_array()) return "Record/embed must have the property \"images\"";
            if (images->get_array().size() > 4) return "Record/embed/images must not have more than 4 elements";
            for (std::size_t i = 0; i < images->get_array().size(); ++i) {
                const auto& img = images->get_array()[i];
                const std::string where = "Record/embed/images/" + std::to_string(i);
                if (!img.is_object() || !img.get_object().contains("image")) {
                    return where + " must have the property \"image\"";
                }
                const auto* alt = img.get_object().if_contains("alt");
                if (!alt) return where + " must have the property \"alt\"";
                if (!alt->is_string()) return where + "/alt must be a string";
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> CheckThreadgate(const json::object& record) {
    auto at_uri = [](const json::value* v) {
        return v && v->is_string() && core::StartsWith(v->get_string(), "at://");
    };
    const auto* post = record.if_contains("post");
    if (!post) return "Missing required key \"post\" at $.record";
    if (!at_uri(post)) return "Invalid at-uri at $.record.post";
    const auto* created = record.if_contains("createdAt");
    if (!created) return "Missing required key \"createdAt\" at $.record";
    if (!created->is_string() || !core::ParseRfc3339(std::string(created->get_string()))) {
        return "Invalid datetime at $.record.createdAt";
    }
    if (const auto* allow = record.if_contains("allow")) {
        if (!allow->is_array()) return "Expected array value type at $.record.allow";
        if (allow->get_array().size() > kThreadgateMaxAllow) {
            return "array too big (maximum " + std::to_string(kThreadgateMaxAllow) + ", got " +
                   std::to_string(allow->get_array().size()) + ") at $.record.allow";
        }
    }
    if (const auto* hidden = record.if_contains("hiddenReplies")) {
        if (!hidden->is_array()) return "Expected array value type at $.record.hiddenReplies";
        const auto& list = hidden->get_array();
        if (list.size() > kThreadgateMaxHidden) {
            return "array too big (maximum " + std::to_string(kThreadgateMaxHidden) + ", got " +
                   std::to_string(list.size()) + ") at $.record.hiddenReplies";
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (!at_uri(&list[i])) return "Invalid at-uri at $.record.hiddenReplies[" + std::to_string(i) + "]";
        }
    }
    return std::nullopt;
}

std::optional<std::string> CheckRecord(const std::string& collection, const json::object& record) {
    if (collection == "app.bsky.feed.post") return CheckPost(record);
    if (collection == "app.bsky.feed.threadgate") return CheckThreadgate(record);
    return std::nullopt;
}

bool SplitAtUri(const std::string& uri, std::string* did, std::string* collection, std::string* rkey) {
    if (!core::StartsWith(uri, "at://")) return false;
    const auto parts = core::Split(uri.substr(5), '/');
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) return false;
    if (did) *did = parts[0];
    if (collection) *collection = parts[1];
    if (rkey) *rkey = parts[2];
    return true;
}

bool IsHiddenReply(const Data& d, const Record& reply) {
    if (!reply.value.is_object()) return false;
    const auto* r = reply.value.as_object().if_contains("reply");
    const auto* root = r && r->is_object() ? r->as_object().if_contains("root") : nullptr;
    const auto* uri = root && root->is_object() ? root->as_object().if_contains("uri") : nullptr;
    std::string did;
    std::string rkey;
    if (!uri || !uri->is_string() || !SplitAtUri(std::string(uri->as_string()), &did, nullptr, &rkey)) return false;
    auto gate = d.records.find("at://" + did + "/app.bsky.feed.threadgate/" + rkey);
    if (gate == d.records.end() || !gate->second.value.is_object()) return false;
    const auto* hidden = gate->second.value.as_object().if_contains("hiddenReplies");
    if (!hidden || !hidden->is_array()) return false;
    const std::string me = reply.Uri();
    for (const auto& h : hidden->as_array()) {
        if (h.is_string() && h.as_string() == me) return true;
    }
    return false;
}

std::string DisplayName(const Data& d, const Account& a) {
    auto profile = d.records.find("at://" + a.id + "/app.bsky.actor.profile/self");
    if (profile != d.records.end() && profile->second.value.is_object()) {
        const auto* name = profile->second.value.as_object().if_contains("displayName");
        if (name && name->is_string()) return std::string(name->as_string());
    }
    return a.display_name;
}

std::string MissingBlob(const Data& d, const std::string& did, const json::value& v) {
    if (v.is_array()) {
        for (const auto& item : v.get_array()) {
            if (auto m = MissingBlob(d, did, item); !m.empty()) return m;
        }
    } else if (v.is_object()) {
        const auto& o = v.get_object();
        const auto* type = o.if_contains("$type");
        if (type && type->is_string() && type->get_string() == "blob") {
            const auto* ref = o.if_contains("ref");
            const auto* link = ref && ref->is_object() ? ref->get_object().if_contains("$link") : nullptr;
            const std::string cid = link && link->is_string() ? std::string(link->get_string()) : "";
            return d.blobs.count(did + " " + cid) ? "" : (cid.empty() ? "(no ref)" : cid);
        }
        for (const auto& kv : o) {
            if (auto m = MissingBlob(d, did, kv.value()); !m.empty()) return m;
        }
    }
    return "";
}

}  // namespace belfry::netsim::bluesky
