#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/static_files.hpp"

namespace belfry::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
    static const std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
    };
    return headers;
}

}  // namespace

struct HttpServer::Impl {
    Impl(RequestHandler h, ServerOptions o)
        : handler(std::move(h)), options(std::move(o)), ioc(options.threads), acceptor(ioc) {}

    static Request ToRequest(const bhttp::request<bhttp::string_body>& in, const std::string& ip) {
        Request r;
        r.method = std::string(in.method_string());
        r.target = std::string(in.target());
        for (const auto& field : in) {
            r.headers[core::AsciiLower(std::string(field.name_string()))] = std::string(field.value());
        }
        r.body = in.body();
        r.remote_ip = ip;
        auto parsed = boost::urls::parse_origin_form(r.target);
        if (parsed) {
            r.path = std::string(parsed->path());
            for (auto param : parsed->params()) {
                r.query.emplace(std::string(param.key), std::string(param.value));
            }
        } else {
            r.path = r.target.substr(0, r.target.find('?'));
        }
        if (r.path.empty()) r.path = "/";
        return r;
    }

    bhttp::response<bhttp::string_body> ToBeast(const Response& res, unsigned version, bool keep_alive,
                                                bool head) const {
        bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
        out.set(bhttp::field::server, "belfry");
        if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
        for (const auto& [k, v] : SecurityHeaders()) out.set(k, v);
        bool has_cache = false;
        for (const auto& [k, v] : res.headers) {
            out.insert(k, v);
            if (core::IEquals(k, "Cache-Control")) has_cache = true;
        }
        if (!has_cache) out.set(bhttp::field::cache_control, "no-store");
        out.keep_alive(keep_alive);
        if (head) {
            out.content_length(res.body.size());
        } else {
            out.body() = res.body;
            out.prepare_payload();
        }
        return out;
    }

    // A response that stays open: the headers, then whatever the stream gives, until it ends or
    // the client goes away. The connection is not reused afterwards.
    asio::awaitable<void> Stream(beast::tcp_stream& stream, const Response& res, unsigned version) {
        bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(res.status), version};
        head.set(bhttp::field::server, "belfry");
        head.set(bhttp::field::content_type, res.content_type);
        for (const auto& [k, v] : SecurityHeaders()) head.set(k, v);
        for (const auto& [k, v] : res.headers) head.insert(k, v);
        head.set(bhttp::field::cache_control, "no-store");
        head.keep_alive(false);
        bhttp::response_serializer<bhttp::empty_body> sr{head};
        stream.expires_never();
        auto [hec, hn] = co_await bhttp::async_write_header(stream, sr, kTuple);
        (void)hn;
        if (hec) co_return;
        asio::steady_timer timer(stream.get_executor());
        for (;;) {
            auto chunk = res.stream->Poll();
            if (!chunk) co_return;
            if (!chunk->empty()) {
                stream.expires_after(std::chrono::seconds(30));
                auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(*chunk), kTuple);
                (void)wn;
                if (wec) co_return;
                stream.expires_never();
            }
            timer.expires_after(std::chrono::milliseconds(std::max(10, res.stream->poll_ms)));
            auto [tec] = co_await timer.async_wait(kTuple);
            if (tec) co_return;
        }
    }

    asio::awaitable<void> Session(tcp::socket socket) {
        std::string ip;
        boost::system::error_code ep_ec;
        auto ep = socket.remote_endpoint(ep_ec);
        if (!ep_ec) ip = ep.address().to_string();
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            stream.expires_after(std::chrono::seconds(30));
            bhttp::request_parser<bhttp::string_body> parser;
            std::size_t limit = options.max_body_bytes;
            // The limit depends on the route: judged once the request line and headers are read.
            parser.body_limit(boost::none);
            parser.header_limit(32 * 1024);
            auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
            (void)n;
            if (!ec) {
                const auto& head = parser.get();
                const std::string target(head.target());
                const std::size_t route_limit =
                    options.body_limit
                        ? options.body_limit(std::string(head.method_string()), target.substr(0, target.find('?')))
                        : 0;
                // A larger limit only for a request that carries credentials (checked by the router
                // afterwards): an anonymous client cannot make the server hold 16 MiB per connection.
                const bool credentials = head.find(bhttp::field::authorization) != head.end() ||
                                         head.find(bhttp::field::cookie) != head.end();
                if (route_limit > 0 && credentials) limit = route_limit;
                parser.body_limit(limit);
                const auto length = parser.content_length();
                if (length && *length > limit) ec = bhttp::error::body_limit;
            }
            if (!ec && !parser.is_done()) {
                auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
                (void)body_n;
                ec = body_ec;
            }
            if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout) break;
            if (ec) {
                core::Error err{core::ErrorCode::kInvalidArgument,
                                "the HTTP request could not be read: " + ec.message(),
                                "",
                                {},
                                0};
                if (ec == bhttp::error::body_limit) {
                    err = {core::ErrorCode::kPayloadTooLarge,
                           "the body is larger than " + std::to_string(limit) + " bytes: send less",
                           "body",
                           {},
                           0};
                }
                auto out = ToBeast(Response::Problem(err), 11, false, false);
                co_await bhttp::async_write(stream, out, kTuple);
                break;
            }
            auto beast_req = parser.release();
            Request req = ToRequest(beast_req, ip);
            Response res = handler(req);
            if (res.delay_ms > 0) {
                asio::steady_timer timer(stream.get_executor(), std::chrono::milliseconds(res.delay_ms));
                co_await timer.async_wait(kTuple);
            }
            if (res.close_without_response) break;
            if (res.stream) {
                co_await Stream(stream, res, beast_req.version());
                break;
            }
            const bool keep_alive = beast_req.keep_alive();
            auto out = ToBeast(res, beast_req.version(), keep_alive, req.method == "HEAD");
            auto [wec, wn] = co_await bhttp::async_write(stream, out, kTuple);
            (void)wn;
            if (wec || !keep_alive) break;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    asio::awaitable<void> Accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(kTuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
                continue;
            }
            asio::co_spawn(acceptor.get_executor(), Session(std::move(socket)), asio::detached);
        }
    }

    RequestHandler handler;
    ServerOptions options;
    asio::io_context ioc;
    tcp::acceptor acceptor;
};

HttpServer::HttpServer(RequestHandler handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

namespace {
ServerOptions WithRouteLimits(Router& router, ServerOptions options) {
    if (!options.body_limit) {
        options.body_limit = [&router](const std::string& method, const std::string& path) {
            return router.BodyLimit(method, path);
        };
    }
    return options;
}
}  // namespace

HttpServer::HttpServer(Router& router, const ServerOptions& options)
    : HttpServer(
          [&router, files = std::make_shared<StaticFiles>(options.web_root)](Request& req) {
              if (core::StartsWith(req.path, "/api/") || router.Handles(req.path)) return router.Dispatch(req);
              return files->Serve(req);
          },
          WithRouteLimits(router, options)) {}

HttpServer::~HttpServer() { Stop(); }

core::Result<std::string> HttpServer::Start() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(impl_->options.host, ec);
    if (ec) return core::Error::Invalid("listen", "'" + impl_->options.host + "' is not an IP address");
    tcp::endpoint ep(address, impl_->options.port);
    auto& acc = impl_->acceptor;
    acc.open(ep.protocol(), ec);
    if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(ep, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return core::Error::Unavailable("cannot listen on " + impl_->options.host + ":" +
                                        std::to_string(impl_->options.port) + ": " + ec.message() +
                                        " (is another server using the port?)");
    }
    const auto bound = acc.local_endpoint();
    asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
    std::string host = bound.address().to_string();
    if (bound.address().is_v6()) host = "[" + host + "]";
    return "http://" + host + ":" + std::to_string(bound.port());
}

void HttpServer::Run() {
    std::vector<std::thread> threads;
    for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
}

void HttpServer::Stop() {
    asio::post(impl_->ioc, [this] {
        boost::system::error_code ec;
        impl_->acceptor.close(ec);
    });
    impl_->ioc.stop();
}

}  // namespace belfry::http
