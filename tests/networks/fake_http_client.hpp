// FakeHttpClient: records every request and answers with scripted responses, per "METHOD /path"
// (the URL's path without the query), first scripted first served. A request nothing was scripted
// for fails the test and gets a 599. Thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "networks/http_client.hpp"

namespace belfry::networks::testing {

inline std::string PathOf(const std::string& url) {
    const auto scheme = url.find("://");
    const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash == std::string::npos) return "/";
    const auto query = url.find('?', slash);
    return url.substr(slash, query == std::string::npos ? std::string::npos : query - slash);
}

inline std::string QueryOf(const std::string& url) {
    const auto q = url.find('?');
    return q == std::string::npos ? std::string() : url.substr(q + 1);
}

inline HttpResponse Answer(int status, std::string body,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers["content-type"] = "application/json; charset=utf-8";
    for (auto& [k, v] : headers) {
        std::string lower = k;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[lower] = v;
    }
    return r;
}

class FakeHttpClient final : public HttpClient {
  public:
    void On(const std::string& method, const std::string& path, core::Result<HttpResponse> answer) {
        std::lock_guard lock(mu_);
        script_[method + " " + path].push_back(std::move(answer));
    }

    core::Result<HttpResponse> Send(const HttpRequest& request) override {
        std::lock_guard lock(mu_);
        requests_.push_back(request);
        auto& queue = script_[request.method + " " + PathOf(request.url)];
        if (queue.empty()) {
            ADD_FAILURE() << "unexpected request: " << request.method << " " << request.url;
            HttpResponse r;
            r.status = 599;
            return r;
        }
        auto answer = std::move(queue.front());
        queue.pop_front();
        return answer;
    }

    std::vector<HttpRequest> requests() const {
        std::lock_guard lock(mu_);
        return requests_;
    }
    // The requests to "METHOD /path", in order.
    std::vector<HttpRequest> To(const std::string& method, const std::string& path) const {
        std::lock_guard lock(mu_);
        std::vector<HttpRequest> out;
        for (const auto& r : requests_) {
            if (r.method == method && PathOf(r.url) == path) out.push_back(r);
        }
        return out;
    }
    // Every scripted answer was used.
    bool Exhausted() const {
        std::lock_guard lock(mu_);
        for (const auto& [key, queue] : script_) {
            if (!queue.empty()) return false;
        }
        return true;
    }

  private:
    mutable std::mutex mu_;
    std::map<std::string, std::deque<core::Result<HttpResponse>>> script_;
    std::vector<HttpRequest> requests_;
};

// The value of header `name` (exact case as sent) in `r`, or "".
inline std::string SentHeader(const HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}

inline boost::json::object JsonBody(const HttpRequest& r) {
    boost::json::value v = boost::json::parse(r.body);
    return v.as_object();
}

}  // namespace belfry::networks::testing
