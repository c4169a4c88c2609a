#include "support/test_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "core/text.hpp"
#include "security/roles.hpp"
#include "support/test_db.hpp"

namespace belfry::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;

TestServer::TestServer(const std::string& engine, std::size_t max_body) : clock_(1790000000000) {
    app::Config config;
    try {
        config.database = FreshDatabaseUrl(engine);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cannot prepare the " << engine << " database: " << e.what();
        return;
    }
    if (config.database.empty()) return;
    config.secure_cookies = false;
    config.db_pool = 4;
    app::AppOptions options;
    options.clock = &clock_;
    options.password_cost = {1, 8192};  // tests need speed, not brute-force resistance
    auto built = app::BuildApp(config, options);
    if (!built.ok()) {
        ADD_FAILURE() << "cannot build the app on " << engine << ": " << built.error().message;
        return;
    }
    app_ = std::move(built).value();
    http::ServerOptions opts;
    opts.port = 0;
    opts.threads = 2;
    opts.max_body_bytes = max_body;
    server_ = std::make_unique<http::HttpServer>(*app_->router, opts);
    auto url = server_->Start();
    if (!url.ok()) {
        ADD_FAILURE() << url.error().message;
        app_.reset();
        return;
    }
    port_ = static_cast<unsigned short>(std::stoi(url.value().substr(url.value().rfind(':') + 1)));
    thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
}

long long TestServer::SeedRoot() { return AddOrg(0, "government", "gov"); }

void TestServer::NoReview(long long org) {
    workflow::PolicySettings s;
    s.peer_reviews = 0;
    s.require_attestation = false;
    s.channel_language_parity = false;
    auto r = app_->workflow->PutPolicy(security::Principal::System("test"), org, s);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
}

long long TestServer::AddOrg(long long parent, const std::string& kind, const std::string& slug) {
    registry::OrganisationInput in;
    if (parent != 0) in.parent_id = parent;
    in.kind = kind;
    in.slug = slug;
    in.names = {slug + " (fr)", slug + " (nl)", slug + " (de)", slug + " (en)"};
    auto org = app_->registry->CreateOrganisation(security::Principal::System("test"), in);
    EXPECT_TRUE(org.ok()) << (org.ok() ? "" : org.error().message);
    return org.ok() ? org->id : 0;
}

long long TestServer::AddUser(const std::string& username, const std::string& role, long long org) {
    registry::UserInput in;
    in.username = username;
    in.display_name = "User " + username;
    in.password = kTestPassword;
    const auto system = security::Principal::System("test");
    auto user = app_->people->CreateUser(system, in);
    EXPECT_TRUE(user.ok()) << (user.ok() ? "" : user.error().message);
    if (!user.ok()) return 0;
    if (!role.empty()) {
        registry::GrantInput g{user->id, org, role, std::nullopt};
        if (role == "agency_member") g.expires_at = clock_.NowMs() + 30 * core::kDayMs;
        auto granted = app_->people->Grant(system, g);
        EXPECT_TRUE(granted.ok()) << (granted.ok() ? "" : granted.error().message);
    }
    return user->id;
}

HttpResult Client::Send(const std::string& method, const std::string& target, const std::string& body,
                        std::map<std::string, std::string> headers) {
    HttpResult result;
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!cookie_.empty()) req.set(bhttp::field::cookie, "belfry_session=" + cookie_);
    if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
    if (!csrf_.empty() && method != "GET") req.set("X-CSRF-Token", csrf_);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code ec;
    bhttp::read(stream, buffer, parser, ec);
    if (ec) {
        ADD_FAILURE() << method << " " << target << ": " << ec.message();
        return result;
    }
    auto res = parser.release();
    result.status = static_cast<int>(res.result_int());
    for (const auto& f : res) result.headers[core::AsciiLower(std::string(f.name_string()))] = std::string(f.value());
    result.body = res.body();
    if (result.Header("content-type").find("json") != std::string::npos && !result.body.empty()) {
        boost::system::error_code jec;
        result.json = json::parse(result.body, jec);
    }
    const std::string set_cookie = result.Header("set-cookie");
    if (core::StartsWith(set_cookie, "belfry_session=")) {
        cookie_ = set_cookie.substr(15, set_cookie.find(';') - 15);
    }
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return result;
}

HttpResult Client::Json(const std::string& method, const std::string& target, const json::value& body) {
    return Send(method, target, json::serialize(body), {{"Content-Type", "application/json"}});
}

HttpResult Client::Login(const std::string& username, const std::string& password) {
    auto r = Post("/api/v1/session", json::object{{"username", username}, {"password", password}});
    if (r.status == 200 && r.json.is_object()) csrf_ = std::string(r.json.at("csrf_token").as_string());
    return r;
}

}  // namespace belfry::testing
