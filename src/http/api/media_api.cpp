// /api/v1/media — images for posts: uploaded as the raw request body with its Content-Type, the
// type checked against the bytes; metadata as JSON and the bytes served back to the organisation.
#include <boost/json.hpp>

#include "http/api/api.hpp"
#include "http/json_body.hpp"

namespace belfry::http::api {

namespace json = boost::json;

namespace {

json::object MediaJson(const publishing::MediaRecord& m) {
    return {{"id", m.id},
            {"organisation_id", m.organisation_id},
            {"mime_type", m.mime_type},
            {"bytes", m.bytes},
            {"width", m.width == 0 ? json::value(nullptr) : json::value(m.width)},
            {"height", m.height == 0 ? json::value(nullptr) : json::value(m.height)},
            {"sha256", m.sha256},
            {"file_name", m.file_name},
            {"created_by", m.created_by ? json::value(*m.created_by) : json::value(nullptr)},
            {"created_at", core::FormatRfc3339(m.created_at)},
            {"content_url", "/api/v1/media/" + std::to_string(m.id) + "/content"}};
}

// RFC 5987 encoding for the file name in Content-Disposition.
std::string Rfc5987(const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

void RegisterMedia(Router& router, Services& s) {
    // The body limit of this route is the media maximum (plus nothing: a larger body is 413 as is).
    const auto max_body = static_cast<std::size_t>(s.publishing.media_max_bytes());
    router.Add(
        "POST", "/api/v1/media", Access::kSignedIn,
        [&s](Request& req, const Ctx& ctx) {
            auto org = QueryInt(req, "organisation_id");
            if (!org.ok()) return Response::Problem(org.error());
            if (!org.value()) {
                return Response::Problem(core::Error::Invalid(
                    "organisation_id", "say which organisation the image is for: ?organisation_id=N"));
            }
            publishing::MediaUpload in;
            in.organisation_id = *org.value();
            in.content_type = req.Header("content-type");
            in.file_name = req.QueryParam("file_name").value_or("");
            in.bytes = std::move(req.body);
            return Reply(201, s.publishing.UploadMedia(ctx.who->principal, in), MediaJson);
        },
        max_body);
    router.Add("GET", "/api/v1/media/{id}", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        return Reply(200, s.publishing.GetMedia(ctx.who->principal, id.value()), MediaJson);
    });
    router.Add("GET", "/api/v1/media/{id}/content", Access::kSignedIn, [&s](Request& req, const Ctx& ctx) {
        auto id = PathId(req);
        if (!id.ok()) return Response::Problem(id.error());
        auto content = s.publishing.GetMediaContent(ctx.who->principal, id.value());
        if (!content.ok()) return Response::Problem(content.error());
        Response r;
        r.status = 200;
        r.content_type = content->record.mime_type;
        r.body = std::move(content->bytes);
        r.headers.emplace_back("Content-Disposition", "inline; filename*=UTF-8''" + Rfc5987(content->record.file_name));
        r.headers.emplace_back("Cache-Control", "private, max-age=86400");
        return r;
    });
}

}  // namespace belfry::http::api
