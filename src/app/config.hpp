// Configuration: defaults < TOML file (--config or BELFRY_CONFIG) < BELFRY_* environment < flags.
// An unknown key in the file, or a value of the wrong type, is an error that names the key.
#pragma once

#include <string>

#include "core/result.hpp"

namespace belfry::app {

struct Config {
    std::string listen = "127.0.0.1:8080";
    std::string database = "sqlite:belfry.sqlite";
    std::string web_root;  // empty: web/dist next to the sources if it exists
    int threads = 4;
    int db_pool = 8;
    std::string log_level = "info";
    int revalidation_days = 180;
    bool secure_cookies = true;
    long long max_body_bytes = 1024LL * 1024;
    std::string secret_key_file;                     // the vault key (64 hex); BELFRY_SECRET_KEY may give it instead
    int publisher_workers = 64;                      // 0: this instance does not publish
    int inbox_poll_ms = 1000;                        // 0: this instance does not fetch reactions
    std::string moderation_model;                    // a model from `belfry moderation train`; "" none
    long long media_max_bytes = 16LL * 1024 * 1024;  // largest image upload (POST /api/v1/media)
};

// Reads the file (if path is non-empty) then the environment over `base`.
core::Result<Config> LoadConfig(const std::string& path, Config base = {});

// "127.0.0.1:8080" → host, port.
core::Result<std::pair<std::string, unsigned short>> SplitListen(const std::string& listen);

}  // namespace belfry::app
