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
