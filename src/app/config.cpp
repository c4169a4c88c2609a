#include "app/config.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <set>

namespace belfry::app {

using core::Error;

namespace {

core::Status FromEnv(Config& c) {
    auto str = [](const char* name, std::string& out) {
        if (const char* v = std::getenv(name)) out = v;
    };
    auto num = [](const char* name, auto& out) -> core::Status {
        if (const char* v = std::getenv(name)) {
            char* end = nullptr;
            const long long n = std::strtoll(v, &end, 10);
            if (end == v || *end != '\0') return Error::Invalid(name, std::string(name) + " must be a whole number");
            out = static_cast<std::remove_reference_t<decltype(out)>>(n);
        }
        return core::Ok();
    };
    str("BELFRY_LISTEN", c.listen);
    str("BELFRY_DATABASE", c.database);
    str("BELFRY_WEB_ROOT", c.web_root);
    str("BELFRY_LOG_LEVEL", c.log_level);
    str("BELFRY_SECRET_KEY_FILE", c.secret_key_file);
    str("BELFRY_MODERATION_MODEL", c.moderation_model);
    BELFRY_TRY(num("BELFRY_PUBLISHER_WORKERS", c.publisher_workers));
    BELFRY_TRY(num("BELFRY_INBOX_POLL_MS", c.inbox_poll_ms));
    BELFRY_TRY(num("BELFRY_THREADS", c.threads));
    BELFRY_TRY(num("BELFRY_DB_POOL", c.db_pool));
    BELFRY_TRY(num("BELFRY_REVALIDATION_DAYS", c.revalidation_days));
    BELFRY_TRY(num("BELFRY_MAX_BODY_BYTES", c.max_body_bytes));
    BELFRY_TRY(num("BELFRY_MEDIA_MAX_BYTES", c.media_max_bytes));
    if (const char* v = std::getenv("BELFRY_SECURE_COOKIES")) {
        const std::string s = v;
        if (s != "true" && s != "false") return Error::Invalid("BELFRY_SECURE_COOKIES", "use true or false");
        c.secure_cookies = s == "true";
    }
    return core::Ok();
}

}  // namespace

core::Result<Config> LoadConfig(const std::string& path, Config c) {
    if (!path.empty()) {
        toml::table t;
        try {
            t = toml::parse_file(path);
        } catch (const toml::parse_error& e) {
            return Error::Invalid("config",
                                  "cannot read the configuration file " + path + ": " + std::string(e.description()));
        }
        const std::set<std::string> known{"listen",         "database",        "web_root",          "threads",
                                          "db_pool",        "log_level",       "revalidation_days", "secure_cookies",
                                          "max_body_bytes", "secret_key_file", "publisher_workers", "media_max_bytes",
                                          "inbox_poll_ms",  "moderation_model"};
        for (const auto& [key, value] : t) {
            if (known.count(std::string(key.str())) == 0) {
                return Error::Invalid(
                    std::string(key.str()),
                    "unknown key '" + std::string(key.str()) + "' in " + path +
                        ": known keys are listen, database, web_root, threads, db_pool, "
                        "log_level, revalidation_days, secure_cookies, max_body_bytes, secret_key_file, "
                        "publisher_workers, media_max_bytes, inbox_poll_ms, moderation_model");
            }
        }
        auto get_str = [&](const char* key, std::string& out) -> core::Status {
            if (!t.contains(key)) return core::Ok();
            auto v = t[key].value<std::string>();
            if (!v) return Error::Invalid(key, std::string(key) + " in " + path + " must be a string");
            out = *v;
            return core::Ok();
        };
        auto get_int = [&](const char* key, auto& out) -> core::Status {
            if (!t.contains(key)) return core::Ok();
            auto v = t[key].value<long long>();
            if (!v) return Error::Invalid(key, std::string(key) + " in " + path + " must be an integer");
            out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
            return core::Ok();
        };
        BELFRY_TRY(get_str("listen", c.listen));
        BELFRY_TRY(get_str("database", c.database));
        BELFRY_TRY(get_str("web_root", c.web_root));
        BELFRY_TRY(get_str("log_level", c.log_level));
        BELFRY_TRY(get_str("secret_key_file", c.secret_key_file));
        BELFRY_TRY(get_str("moderation_model", c.moderation_model));
        BELFRY_TRY(get_int("publisher_workers", c.publisher_workers));
        BELFRY_TRY(get_int("threads", c.threads));
        BELFRY_TRY(get_int("db_pool", c.db_pool));
        BELFRY_TRY(get_int("revalidation_days", c.revalidation_days));
        BELFRY_TRY(get_int("max_body_bytes", c.max_body_bytes));
        BELFRY_TRY(get_int("media_max_bytes", c.media_max_bytes));
        BELFRY_TRY(get_int("inbox_poll_ms", c.inbox_poll_ms));
        if (t.contains("secure_cookies")) {
            auto v = t["secure_cookies"].value<bool>();
            if (!v) return Error::Invalid("secure_cookies", "secure_cookies must be true or false");
            c.secure_cookies = *v;
        }
    }
    BELFRY_TRY(FromEnv(c));
    if (c.threads < 1 || c.threads > 256) return Error::Invalid("threads", "threads must be between 1 and 256");
    if (c.db_pool < 1 || c.db_pool > 256) return Error::Invalid("db_pool", "db_pool must be between 1 and 256");
    if (c.publisher_workers < 0 || c.publisher_workers > 512) {
        return Error::Invalid("publisher_workers", "publisher_workers must be between 0 and 512");
    }
    if (c.inbox_poll_ms != 0 && (c.inbox_poll_ms < 100 || c.inbox_poll_ms > 3600000)) {
        return Error::Invalid("inbox_poll_ms",
                              "inbox_poll_ms must be 0 (do not fetch reactions) or between 100 and 3600000 (one hour)");
    }
    if (c.revalidation_days < 1) return Error::Invalid("revalidation_days", "revalidation_days must be 1 or more");
    if (c.media_max_bytes < 1024 || c.media_max_bytes > 100LL * 1024 * 1024) {
        return Error::Invalid("media_max_bytes", "media_max_bytes must be between 1024 and 104857600 (100 MiB)");
    }
    return c;
}

core::Result<std::pair<std::string, unsigned short>> SplitListen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return Error::Invalid("listen", "listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '" + listen + "')");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    char* end = nullptr;
    const std::string port_text = listen.substr(colon + 1);
    const long port = std::strtol(port_text.c_str(), &end, 10);
    if (port_text.empty() || *end != '\0' || port < 0 || port > 65535) {
        return Error::Invalid("listen", "the port in '" + listen + "' must be 0 to 65535");
    }
    return std::make_pair(host, static_cast<unsigned short>(port));
}

}  // namespace belfry::app
