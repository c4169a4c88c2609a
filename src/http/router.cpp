#include "http/router.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "core/log.hpp"
#include "core/text.hpp"
#include "security/crypto.hpp"

namespace belfry::http {

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
    std::vector<std::string> out;
    for (auto& part : core::Split(path, '/')) {
        if (!part.empty()) out.push_back(std::move(part));
    }
    return out;
}

bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler, std::size_t max_body) {
    auto segments = SplitPath(pattern);
    Route r{std::move(method), std::move(pattern), std::move(segments), access, std::move(handler), max_body};
    routes_.push_back(std::move(r));
}

std::size_t Router::BodyLimit(const std::string& method, const std::string& path) const {
    const auto parts = SplitPath(path);
    std::map<std::string, std::string> params;
    for (const auto& r : routes_) {
        if (r.method == method && Match(r, parts, params)) return r.max_body;
    }
    return 0;
}

bool Router::Match(const Route& route, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>& params) {
    if (route.segments.size() != parts.size()) return false;
    std::map<std::string, std::string> found;
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& seg = route.segments[i];
        if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
            found[seg.substr(1, seg.size() - 2)] = parts[i];
        } else if (seg != parts[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

bool Router::Handles(const std::string& path) const {
    const auto parts = SplitPath(path);
    std::map<std::string, std::string> params;
    for (const auto& r : routes_) {
        if (Match(r, parts, params)) return true;
    }
    return false;
}

std::vector<Router::RouteInfo> Router::Routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access});
    return out;
}

Response Router::Dispatch(Request& req) {
    const auto start = std::chrono::steady_clock::now();
    const auto parts = SplitPath(req.path);
    const Route* route = nullptr;
    std::vector<std::string> allowed;  // the methods of the other routes with this path, each once
    for (const auto& r : routes_) {
        std::map<std::string, std::string> params;
        if (!Match(r, parts, params)) continue;
        const bool method_ok = r.method == req.method || (req.method == "HEAD" && r.method == "GET");
        if (method_ok) {
            route = &r;
            req.path_params = std::move(params);
            break;
        }
        if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
    }
    Response res;
    std::string label = "unmatched";
    if (route != nullptr) {
        label = route->pattern;
        res = Run(*route, req);
    } else if (!allowed.empty()) {
        std::string allow;
        for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
        // Built here rather than by Response::Problem so that the problem's "status" is 405 too (RFC 9457).
        res = Response::Json(
            405, boost::json::object{{"type", "/problems/invalid-request"},
                                     {"title", "Method not allowed"},
                                     {"status", 405},
                                     {"detail", req.method + " is not allowed on " + req.path + ": use " + allow},
                                     {"field", "method"}});
        res.content_type = "application/problem+json; charset=utf-8";
        res.headers.emplace_back("Allow", allow);
    } else {
        res = Response::Problem(
            core::Error::NotFound("no API endpoint at " + req.path + ": see docs/api/openapi.yaml for the list"));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.Record(req.method, label, res.status, seconds);
    return res;
}

Response Router::Run(const Route& route, Request& req) {
    try {
        Ctx ctx;
        std::optional<security::Authenticated> who;
        if (route.access == Access::kSignedIn) {
            const std::string authorization = req.Header("authorization");
            if (core::StartsWith(core::AsciiLower(authorization), "bearer ")) {
                auto a = auth_.FromBearer(std::string(core::Trim(authorization.substr(7))));
                if (!a.ok()) return Response::Problem(a.error());
                who = std::move(a).value();
            } else {
                auto a = auth_.FromSession(req.Cookie("belfry_session"));
                if (!a.ok()) return Response::Problem(a.error());
                who = std::move(a).value();
                if (IsUnsafe(req.method) &&
                    !security::ConstantTimeEquals(req.Header("x-csrf-token"), who->csrf_token)) {
                    return Response::Problem({core::ErrorCode::kPermissionDenied,
                                              "the X-CSRF-Token header is missing or wrong: send the csrf_token "
                                              "from GET /api/v1/session with every change",
                                              "X-CSRF-Token",
                                              {},
                                              0});
                }
            }
            ctx.who = &*who;
        }
        return route.handler(req, ctx);
    } catch (const std::exception& e) {
        core::LogEvent(spdlog::level::err, "handler failed",
                       {{"route", route.pattern}, {"method", req.method}, {"error", e.what()}});
        return Response::Problem(core::Error::Internal(
            "the server failed to answer this request; it has been logged. Try again, and report it if it persists"));
    }
}

}  // namespace belfry::http
