#include "netsim/network.hpp"

#include "core/text.hpp"

namespace belfry::netsim {

http::Response JsonAnswer(int status, const boost::json::value& body) {
    http::Response res;
    res.status = status;
    res.content_type = "application/json; charset=utf-8";
    res.body = boost::json::serialize(body);
    return res;
}

std::string BearerToken(const http::Request& req) {
    const std::string auth = req.Header("authorization");
    if (auth.size() < 7 || !core::IEquals(auth.substr(0, 7), "Bearer ")) return "";
    return std::string(core::Trim(std::string_view(auth).substr(7)));
}

bool MatchPath(const std::string& path, const std::string& pattern, std::vector<std::string>* ids) {
    std::string trimmed = path;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    const auto got = core::Split(trimmed, '/');
    const auto want = core::Split(pattern, '/');
    if (got.size() != want.size()) return false;
    std::vector<std::string> found;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (core::StartsWith(want[i], ":")) {
            if (got[i].empty()) return false;
            found.push_back(got[i]);
        } else if (got[i] != want[i]) {
            return false;
        }
    }
    if (ids) *ids = std::move(found);
    return true;
}

}  // namespace belfry::netsim
