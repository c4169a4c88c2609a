// Mastodon media attachments: upload (v1 and v2), view, update the description (see mastodon.hpp).
#include "core/text.hpp"
#include "netsim/mastodon/internal.hpp"
#include "security/crypto.hpp"

namespace belfry::netsim {

using mastodon::Error;

namespace {

std::optional<http::Response> CheckDescription(const Params& p) {
    if (auto v = p.Get("description"); v && mastodon::CodePoints(*v) > mastodon::kMaxDescription) {
        return JsonAnswer(422, Error("Validation failed: Description is too long (maximum is 1500 characters)"));
    }
    return std::nullopt;
}

}  // namespace

http::Response Mastodon::UploadMedia(Call& call) {
    const FilePart* file = call.params.File("file");
    if (!file || file->data.empty()) return JsonAnswer(422, Error("Validation failed: File can't be blank"));
    const std::string mime(core::AsciiLower(file->content_type.substr(0, file->content_type.find(';'))));
    const std::string type = mastodon::MediaType(mime);
    if (type.empty()) return JsonAnswer(422, Error("Validation failed: File content type is invalid, File is invalid"));
    if (type == "image" && file->data.size() > mastodon::kImageSizeLimit) {
        return JsonAnswer(422, Error("Validation failed: File file size must be less than 16 MB"));
    }
    if (auto refused = CheckDescription(call.params)) return *refused;
    const core::Millis now = ctx_.clock.NowMs();
    Media m;
    m.id = ctx_.ids.Snowflake(now);
    m.account_id = call.account_id;
    m.type = type;
    m.mime_type = mime;
    m.file_name = security::Sha256Hex(file->data).substr(0, 16) + "." + mastodon::Extension(mime);
    m.description = call.params.Get("description").value_or("");
    m.focus = call.params.Get("focus").value_or("");
    m.bytes = file->data;
    m.created_at = now;
    // v2 processes images at once (200) and video or audio in the background (202, url null);
    // netsim has finished by the next GET /api/v1/media/:id.
    const bool v2 = core::StartsWith(call.req.path, "/api/v2/");
    const bool processing = v2 && type != "image";
    return ctx_.state.Locked([&](Data& d) {
        const auto& stored = d.media[m.id] = m;
        return JsonAnswer(processing ? 202 : 200, mastodon::MediaJson(d, stored, processing));
    });
}

http::Response Mastodon::GetMedia(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.media.find(call.ids.at(0));
        if (it == d.media.end() || it->second.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        return JsonAnswer(200, mastodon::MediaJson(d, it->second, false));
    });
}

http::Response Mastodon::UpdateMedia(Call& call) {
    if (auto refused = CheckDescription(call.params)) return *refused;
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.media.find(call.ids.at(0));
        if (it == d.media.end() || it->second.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        if (auto v = call.params.Get("description")) it->second.description = *v;
        if (auto v = call.params.Get("focus")) it->second.focus = *v;
        return JsonAnswer(200, mastodon::MediaJson(d, it->second, false));
    });
}

}  // namespace belfry::netsim
