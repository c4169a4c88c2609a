// Runs the netsim binary as a child process for a test or a benchmark: started on a free loopback
// port, stopped (SIGTERM, then SIGKILL) when the object goes away.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace belfry::testing {

class NetsimProcess {
  public:
    // `binary` defaults to the BELFRY_NETSIM_BIN environment variable.
    explicit NetsimProcess(std::vector<std::string> extra_args = {}, std::string binary = "");
    ~NetsimProcess();
    NetsimProcess(const NetsimProcess&) = delete;
    NetsimProcess& operator=(const NetsimProcess&) = delete;

    bool ok() const { return port_ != 0; }
    unsigned short port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const std::string& error() const { return error_; }

  private:
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::string error_;
};

}  // namespace belfry::testing
