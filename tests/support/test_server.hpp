// A real belfry server for API tests: the same wiring as `belfry serve` (app::BuildApp), on a
// free loopback port, with a fake clock and cheap password hashing; plus a small HTTP client that
// keeps the session cookie and CSRF token like a browser.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "http/server.hpp"

namespace belfry::testing {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    boost::json::value json;  // parsed body when it is JSON, else null
    std::string Header(const std::string& lower) const {
        auto it = headers.find(lower);
        return it == headers.end() ? std::string() : it->second;
    }
};

class TestServer {
  public:
    // Starts on a fresh database of `engine` ("sqlite" or "postgresql").
    explicit TestServer(const std::string& engine, std::size_t max_body = 1024 * 1024);
    ~TestServer();

    bool ok() const { return app_ != nullptr; }
    app::App& app() { return *app_; }
    core::FakeClock& clock() { return clock_; }
    unsigned short port() const { return port_; }

    // Creates an organisation tree root "gov" (returns its id) through the service, as the CLI does.
    long long SeedRoot();
    // The organisation's publishing policy asks for no review, no attestation and no language parity
    // of channels: drafts are scheduled directly (tests of publishing itself).
    void NoReview(long long org);
    long long AddOrg(long long parent, const std::string& kind, const std::string& slug);
    // Creates a user with password "correct horse battery" and optionally a role on an organisation.
    long long AddUser(const std::string& username, const std::string& role = "", long long org = 0);

  private:
    core::FakeClock clock_;
    std::unique_ptr<app::App> app_;
    std::unique_ptr<http::HttpServer> server_;
    std::thread thread_;
    unsigned short port_ = 0;
};

inline const char* kTestPassword = "correct horse battery";

class Client {
  public:
    explicit Client(unsigned short port) : port_(port) {}
    HttpResult Send(const std::string& method, const std::string& target, const std::string& body = "",
                    std::map<std::string, std::string> headers = {});
    HttpResult Get(const std::string& target) { return Send("GET", target); }
    HttpResult Post(const std::string& target, const boost::json::value& body) { return Json("POST", target, body); }
    HttpResult Patch(const std::string& target, const boost::json::value& body) { return Json("PATCH", target, body); }
    HttpResult Delete(const std::string& target) { return Send("DELETE", target); }
    HttpResult Json(const std::string& method, const std::string& target, const boost::json::value& body);
    // Signs in; keeps cookie and CSRF token. Returns the response.
    HttpResult Login(const std::string& username, const std::string& password = kTestPassword);
    void set_bearer(std::string token) { bearer_ = std::move(token); }
    void set_csrf(std::string csrf) { csrf_ = std::move(csrf); }
    const std::string& csrf() const { return csrf_; }

  private:
    unsigned short port_;
    std::string cookie_;
    std::string csrf_;
    std::string bearer_;
};

}  // namespace belfry::testing
