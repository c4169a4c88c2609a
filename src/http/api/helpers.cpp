#include <charconv>

#include "http/api/api.hpp"

namespace belfry::http::api {

core::Result<long long> PathId(const Request& req, const std::string& name) {
    auto it = req.path_params.find(name);
    if (it == req.path_params.end()) return core::Error::Internal("route has no {" + name + "}");
    long long id = 0;
    const auto& s = it->second;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0) {
        return core::Error::Invalid(name, "'" + s + "' is not an id: ids are positive integers");
    }
    return id;
}

}  // namespace belfry::http::api
