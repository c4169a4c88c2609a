#include "networks/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/text.hpp"

namespace belfry::networks {

std::string HttpResponse::Header(std::string_view name) const {
    const auto it = headers.find(core::AsciiLower(name));
    return it == headers.end() ? std::string() : it->second;
}

core::Error TransportError(bool maybe_delivered, std::string message) {
    core::Error e = core::Error::Unavailable(std::move(message));
    e.field = std::string(maybe_delivered ? kMaybeDelivered : kNotDelivered);
    return e;
}

bool TransportMayHaveDelivered(const core::Error& error) { return error.field != kNotDelivered; }

namespace {

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) std::abort();
    });
}

// One easy handle per thread: its connection cache and DNS cache survive curl_easy_reset.
struct ThreadHandle {
    CURL* curl = nullptr;
    ThreadHandle() : curl(curl_easy_init()) {}
    ~ThreadHandle() {
        if (curl != nullptr) curl_easy_cleanup(curl);
    }
    ThreadHandle(const ThreadHandle&) = delete;
    ThreadHandle& operator=(const ThreadHandle&) = delete;
};

CURL* HandleForThisThread() {
    thread_local ThreadHandle handle;
    return handle.curl;
}

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Transfer {
    HttpResponse response;
    std::size_t limit = 0;
    bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->response.body.size() + n > t->limit) {
        t->too_large = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const std::string_view line(data, n);
    if (core::StartsWith(line, "HTTP/")) {
        t->response.headers.clear();  // a new answer (after 100 Continue or a proxy's CONNECT)
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return n;
    std::string name = core::AsciiLower(core::Trim(line.substr(0, colon)));
    std::string value(core::Trim(line.substr(colon + 1)));
    auto [it, inserted] = t->response.headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;
    return n;
}

bool ChangesState(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

}  // namespace

CurlHttpClient::CurlHttpClient() : CurlHttpClient(CurlOptions{}) {}

CurlHttpClient::CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
    if (options_.user_agent.empty()) options_.user_agent = std::string("belfry/") + BELFRY_VERSION;
    GlobalInit();
}

core::Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
    if (request.url.empty() || request.method.empty()) {
        core::Error e = core::Error::Invalid("url", "an HTTP request needs a method and a URL");
        e.field = std::string(kNotDelivered);
        return e;
    }
    CURL* curl = HandleForThisThread();
    if (curl == nullptr) return TransportError(false, "libcurl could not create a handle");
    curl_easy_reset(curl);

    Transfer transfer;
    transfer.limit = options_.max_response_bytes;

    std::unique_ptr<curl_slist, SlistDeleter> headers;
    curl_slist* list = nullptr;
    for (const auto& [name, value] : request.headers) {
        std::string line = name;
        if (value.empty()) {
            line += ";";  // libcurl's way to send a header with an empty value
        } else {
            line.append(": ").append(value);
        }
        list = curl_slist_append(list, line.c_str());
    }
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    headers.reset(list);

    const long total_ms = request.timeout_ms > 0 ? request.timeout_ms : 30000;
    const long connect_ms = std::min<long>(total_ms, options_.connect_timeout_ms);

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));

    if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        if (request.method == "POST") {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
        } else {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
        if (request.method == "POST" || !request.body.empty()) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }
    }
    if (ChangesState(request.method)) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);

    const CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        transfer.response.status = static_cast<int>(status);
        return std::move(transfer.response);
    }

    const std::string what = std::string(curl_easy_strerror(rc)) + " (" + request.method + " " + request.url + ")";
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        core::Error e{core::ErrorCode::kPayloadTooLarge,
                      "the answer is larger than " + std::to_string(options_.max_response_bytes) + " bytes: " + what,
                      std::string(kMaybeDelivered),
                      {},
                      0};
        return e;
    }
    switch (rc) {
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT: {
            core::Error e = core::Error::Invalid("url", "the URL cannot be used: " + what);
            e.field = std::string(kNotDelivered);
            return e;
        }
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return TransportError(false, "could not connect: " + what);
        case CURLE_OPERATION_TIMEDOUT: {
            // Before the transfer phase (connecting, TLS handshake) nothing of the request was sent.
            curl_off_t pretransfer_us = 0;
            curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
            const bool started = pretransfer_us > 0;
            return TransportError(started,
                                  std::string(started ? "no complete answer within " : "could not connect within ") +
                                      std::to_string(total_ms) + " ms: " + what);
        }
        default:
            return TransportError(true, "the connection failed before the answer was complete: " + what);
    }
}

}  // namespace belfry::networks
