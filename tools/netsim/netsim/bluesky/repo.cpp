// Bluesky repository methods: records and blobs (see bluesky.hpp).
#include "netsim/bluesky/internal.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using bluesky::XrpcError;

namespace {

std::optional<std::string> Param(const http::Request& req, const char* key) { return req.QueryParam(key); }

http::Response MissingParam(const char* key) {
    return XrpcError(400, "InvalidRequest", std::string("Params must have the property \"") + key + "\"");
}

bool IsNsid(const std::string& s) {
    int dots = 0;
    for (char c : s) {
        if (c == '.') {
            ++dots;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return dots >= 2 && s.front() != '.' && s.back() != '.' && s.find("..") == std::string::npos;
}

json::object Commit(Ids& ids, core::Millis now, const std::string& seed) {
    return json::object{{"cid", RecordCid("commit " + seed + " " + std::to_string(now))}, {"rev", ids.Tid(now)}};
}

}  // namespace

http::Response Bluesky::CreateRecord(Call& call) {
    const auto repo = bluesky::InputString(call.input, "repo");
    const auto collection = bluesky::InputString(call.input, "collection");
    if (!repo) return XrpcError(400, "InvalidRequest", "Input must have the property \"repo\"");
    if (!collection) return XrpcError(400, "InvalidRequest", "Input must have the property \"collection\"");
    if (!IsNsid(*collection)) return XrpcError(400, "InvalidRequest", "Input/collection must be a valid nsid");
    const auto* record_value = call.input.if_contains("record");
    if (!record_value || !record_value->is_object()) {
        return XrpcError(400, "InvalidRequest", "Input must have the property \"record\"");
    }
    json::object record = record_value->get_object();
    const auto* validate_flag = call.input.if_contains("validate");
    const bool validate = !(validate_flag && validate_flag->is_bool() && !validate_flag->get_bool());
    const core::Millis now = ctx_.clock.NowMs();
    std::string rkey = bluesky::InputString(call.input, "rkey").value_or("");

    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        if (did.empty()) return XrpcError(400, "InvalidRequest", "Could not find repo: " + *repo);
        if (did != call.did) return XrpcError(401, "AuthenticationRequired", "Authentication Required");
        if (!record.contains("$type")) record["$type"] = *collection;
        const auto& type = record["$type"];
        if (!type.is_string() || type.get_string() != *collection) {
            return XrpcError(400, "InvalidRequest",
                             "Invalid $type: expected " + *collection + ", got " +
                                 (type.is_string() ? std::string(type.get_string()) : "?"));
        }
        const bool is_post = *collection == "app.bsky.feed.post";
        const bool known = is_post || *collection == "app.bsky.feed.threadgate";
        if (!rkey.empty()) {
            if (!IsRecordKey(rkey)) return XrpcError(400, "InvalidRequest", "Invalid record key: " + rkey);
            if (is_post && validate && !IsTid(rkey)) {
                return XrpcError(400, "InvalidRequest", "Invalid record key for app.bsky.feed.post: must be a TID");
            }
        }
        if (validate) {
            if (auto problem = bluesky::CheckRecord(*collection, record)) {
                return XrpcError(400, "InvalidRequest", "Invalid " + *collection + " record: " + *problem);
            }
        }
        if (auto missing = bluesky::MissingBlob(d, did, record); !missing.empty()) {
            return XrpcError(400, "BlobNotFound", "Could not find blob: " + missing);
        }
        if (rkey.empty()) rkey = ctx_.ids.Tid(now);
        Record r{did, *collection, rkey, "", record, now, 0};
        if (d.records.count(r.Uri())) {
            if (d.settings.bluesky_duplicate_rkey_500) {
                return XrpcError(500, "InternalServerError", "Internal Server Error");
            }
            return XrpcError(400, "InvalidRequest", "Record already exists");
        }
        r.cid = RecordCid(json::serialize(record));
        d.records[r.Uri()] = r;
        return JsonAnswer(200, json::object{{"uri", r.Uri()},
                                            {"cid", r.cid},
                                            {"commit", Commit(ctx_.ids, now, r.cid)},
                                            {"validationStatus", known && validate ? "valid" : "unknown"}});
    });
}

http::Response Bluesky::PutRecord(Call& call) {
    const auto repo = bluesky::InputString(call.input, "repo");
    const auto collection = bluesky::InputString(call.input, "collection");
    const auto rkey = bluesky::InputString(call.input, "rkey");
    if (!repo) return XrpcError(400, "InvalidRequest", "Input must have the property \"repo\"");
    if (!collection) return XrpcError(400, "InvalidRequest", "Input must have the property \"collection\"");
    if (!rkey) return XrpcError(400, "InvalidRequest", "Input must have the property \"rkey\"");
    if (!IsNsid(*collection)) return XrpcError(400, "InvalidRequest", "Input/collection must be a valid nsid");
    if (!IsRecordKey(*rkey)) return XrpcError(400, "InvalidRequest", "Invalid record key: " + *rkey);
    const auto* record_value = call.input.if_contains("record");
    if (!record_value || !record_value->is_object()) {
        return XrpcError(400, "InvalidRequest", "Input must have the property \"record\"");
    }
    json::object record = record_value->get_object();
    const auto* validate_flag = call.input.if_contains("validate");
    const bool validate = !(validate_flag && validate_flag->is_bool() && !validate_flag->get_bool());
    // swapRecord: absent = no check; null = the record must not exist yet; a CID = it must be at it.
    const auto* swap = call.input.if_contains("swapRecord");
    if (swap && !swap->is_null() && !swap->is_string()) {
        return XrpcError(400, "InvalidRequest", "Input/swapRecord must be a string or null");
    }
    const core::Millis now = ctx_.clock.NowMs();
    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        if (did.empty()) return XrpcError(400, "InvalidRequest", "Could not find repo: " + *repo);
        if (did != call.did) return XrpcError(401, "AuthenticationRequired", "Authentication Required");
        if (!record.contains("$type")) record["$type"] = *collection;
        const auto& type = record["$type"];
        if (!type.is_string() || type.get_string() != *collection) {
            return XrpcError(400, "InvalidRequest",
                             "Invalid $type: expected " + *collection + ", got " +
                                 (type.is_string() ? std::string(type.get_string()) : "?"));
        }
        const bool is_post = *collection == "app.bsky.feed.post";
        const bool known = is_post || *collection == "app.bsky.feed.threadgate";
        if (validate) {
            if (is_post && !IsTid(*rkey)) {
                return XrpcError(400, "InvalidRequest", "Invalid record key for app.bsky.feed.post: must be a TID");
            }
            if (auto problem = bluesky::CheckRecord(*collection, record)) {
                return XrpcError(400, "InvalidRequest", "Invalid " + *collection + " record: " + *problem);
            }
        }
        if (auto missing = bluesky::MissingBlob(d, did, record); !missing.empty()) {
            return XrpcError(400, "BlobNotFound", "Could not find blob: " + missing);
        }
        const std::string uri = "at://" + did + "/" + *collection + "/" + *rkey;
        auto it = d.records.find(uri);
        if (swap) {
            const std::string current = it == d.records.end() ? "" : it->second.cid;
            const std::string expected = swap->is_null() ? "" : std::string(swap->get_string());
            if (current != expected) {
                return XrpcError(400, "InvalidSwap",
                                 current.empty() ? "Record was at null" : "Record was at " + current);
            }
        }
        const std::string cid = RecordCid(json::serialize(record));
        if (it == d.records.end()) {
            Record r{did, *collection, *rkey, cid, record, now, 0};
            it = d.records.emplace(uri, r).first;
        } else {
            it->second.value = record;
            it->second.cid = cid;
        }
        return JsonAnswer(200, json::object{{"uri", uri},
                                            {"cid", cid},
                                            {"commit", Commit(ctx_.ids, now, cid)},
                                            {"validationStatus", known && validate ? "valid" : "unknown"}});
    });
}

http::Response Bluesky::GetRecord(Call& call) {
    const auto repo = Param(call.req, "repo");
    const auto collection = Param(call.req, "collection");
    const auto rkey = Param(call.req, "rkey");
    if (!repo) return MissingParam("repo");
    if (!collection) return MissingParam("collection");
    if (!rkey) return MissingParam("rkey");
    const auto cid = Param(call.req, "cid");
    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        if (did.empty()) return XrpcError(400, "InvalidRequest", "Could not find repo: " + *repo);
        const std::string uri = "at://" + did + "/" + *collection + "/" + *rkey;
        auto it = d.records.find(uri);
        if (it == d.records.end() || (cid && *cid != it->second.cid)) {
            return XrpcError(400, "RecordNotFound", "Could not locate record: " + uri);
        }
        return JsonAnswer(200, json::object{{"uri", uri}, {"cid", it->second.cid}, {"value", it->second.value}});
    });
}

http::Response Bluesky::ListRecords(Call& call) {
    const auto repo = Param(call.req, "repo");
    const auto collection = Param(call.req, "collection");
    if (!repo) return MissingParam("repo");
    if (!collection) return MissingParam("collection");
    long limit = 50;
    if (const auto l = Param(call.req, "limit")) {
        try {
            limit = std::stol(*l);
        } catch (const std::exception&) {
            return XrpcError(400, "InvalidRequest", "limit must be an integer");
        }
        if (limit < 1) return XrpcError(400, "InvalidRequest", "limit can not be less than 1");
        if (limit > 100) return XrpcError(400, "InvalidRequest", "limit can not be greater than 100");
    }
    const std::string cursor = Param(call.req, "cursor").value_or("");
    const bool reverse = Param(call.req, "reverse").value_or("") == "true";
    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        if (did.empty()) return XrpcError(400, "InvalidRequest", "Could not find repo: " + *repo);
        std::vector<const Record*> matching;
        for (const auto& [uri, r] : d.records) {
            if (r.did == did && r.collection == *collection) matching.push_back(&r);
        }
        std::sort(matching.begin(), matching.end(),
                  [&](const Record* a, const Record* b) { return reverse ? a->rkey < b->rkey : a->rkey > b->rkey; });
        json::array records;
        std::string last;
        for (const Record* r : matching) {
            if (static_cast<long>(records.size()) >= limit) break;
            if (!cursor.empty() && (reverse ? r->rkey <= cursor : r->rkey >= cursor)) continue;
            records.push_back(json::object{{"uri", r->Uri()}, {"cid", r->cid}, {"value", r->value}});
            last = r->rkey;
        }
        json::object out{{"records", records}};
        if (!last.empty()) out["cursor"] = last;
        return JsonAnswer(200, out);
    });
}

http::Response Bluesky::DeleteRecord(Call& call) {
    const auto repo = bluesky::InputString(call.input, "repo");
    const auto collection = bluesky::InputString(call.input, "collection");
    const auto rkey = bluesky::InputString(call.input, "rkey");
    if (!repo) return XrpcError(400, "InvalidRequest", "Input must have the property \"repo\"");
    if (!collection) return XrpcError(400, "InvalidRequest", "Input must have the property \"collection\"");
    if (!rkey) return XrpcError(400, "InvalidRequest", "Input must have the property \"rkey\"");
    const core::Millis now = ctx_.clock.NowMs();
    return ctx_.state.Locked([&](Data& d) {
        const std::string did = bluesky::ResolveRepo(d, *repo);
        if (did.empty()) return XrpcError(400, "InvalidRequest", "Could not find repo: " + *repo);
        if (did != call.did) return XrpcError(401, "AuthenticationRequired", "Authentication Required");
        auto it = d.records.find("at://" + did + "/" + *collection + "/" + *rkey);
        if (const auto swap = bluesky::InputString(call.input, "swapRecord")) {
            const std::string current = it == d.records.end() ? "null" : it->second.cid;
            if (current != *swap) return XrpcError(400, "InvalidSwap", "Record was at " + current);
        }
        if (it == d.records.end()) return JsonAnswer(200, json::object{});  // already gone: nothing to do
        Record gone = std::move(it->second);
        d.records.erase(it);
        gone.deleted_at = now;
        d.tombstones.push_back(std::move(gone));
        return JsonAnswer(200, json::object{{"commit", Commit(ctx_.ids, now, "delete " + *rkey)}});
    });
}

http::Response Bluesky::UploadBlob(Call& call) {
    std::string mime = call.req.Header("content-type");
    if (mime.empty())
        return XrpcError(400, "InvalidRequest", "Request encoding (Content-Type) required but not provided");
    mime = mime.substr(0, mime.find(';'));
    Blob b{BlobCid(call.req.body), call.did, mime, call.req.body, ctx_.clock.NowMs()};
    return ctx_.state.Locked([&](Data& d) {
        d.blobs[b.did + " " + b.cid] = b;
        return JsonAnswer(200, json::object{{"blob", json::object{{"$type", "blob"},
                                                                  {"ref", json::object{{"$link", b.cid}}},
                                                                  {"mimeType", b.mime_type},
                                                                  {"size", b.bytes.size()}}}});
    });
}

http::Response Bluesky::GetBlob(Call& call) {
    const auto did = Param(call.req, "did");
    const auto cid = Param(call.req, "cid");
    if (!did) return MissingParam("did");
    if (!cid) return MissingParam("cid");
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.blobs.find(*did + " " + *cid);
        if (it == d.blobs.end()) return XrpcError(400, "BlobNotFound", "Blob not found");
        http::Response res;
        res.content_type = it->second.mime_type;
        res.body = it->second.bytes;
        return res;
    });
}

}  // namespace belfry::netsim
