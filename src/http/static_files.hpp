// StaticFiles: the built web interface. GET/HEAD of a file under the root returns it (assets are
// cached for a year, the rest revalidated); any other path without an extension returns index.html
// so the single-page app can route it. Paths never escape the root. Thread-safe (reads only).
#pragma once

#include <string>

#include "http/message.hpp"

namespace belfry::http {

class StaticFiles {
  public:
    explicit StaticFiles(std::string root) : root_(std::move(root)) {}
    Response Serve(const Request& req) const;

  private:
    std::string root_;
};

}  // namespace belfry::http
