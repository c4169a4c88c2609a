#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace belfry::http {

namespace {

std::string ContentTypeFor(const std::filesystem::path& p) {
    const auto ext = core::AsciiLower(p.extension().string());
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

bool ReadFile(const std::filesystem::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

Response StaticFiles::Serve(const Request& req) const {
    if (req.method != "GET" && req.method != "HEAD") {
        Response r = Response::Problem(core::Error::NotFound("no resource at " + req.path));
        return r;
    }
    if (root_.empty()) {
        return Response::Problem(core::Error::NotFound("this server has no web interface (no --web-root)"));
    }
    namespace fs = std::filesystem;
    const fs::path root = fs::weakly_canonical(root_);
    fs::path candidate = fs::weakly_canonical(root / req.path.substr(1));
    const auto rel = candidate.lexically_relative(root).string();
    const bool inside = !rel.empty() && !core::StartsWith(rel, "..");
    std::error_code ec;
    Response r;
    if (!(inside && fs::is_regular_file(candidate, ec))) {
        // Unknown paths are routes of the single-page app; files with an extension are real misses.
        if (candidate.has_extension() && inside && rel != ".") {
            return Response::Problem(core::Error::NotFound("no file at " + req.path));
        }
        candidate = root / "index.html";
    }
    if (!ReadFile(candidate, r.body)) {
        return Response::Problem(core::Error::NotFound("the web interface is not built: run npm run build in web/"));
    }
    r.content_type = ContentTypeFor(candidate);
    if (core::StartsWith(req.path, "/assets/")) {
        r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    } else {
        r.headers.emplace_back("Cache-Control", "no-cache");
    }
    return r;
}

}  // namespace belfry::http
