#include "support/netsim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace belfry::testing {

NetsimProcess::NetsimProcess(std::vector<std::string> extra_args, std::string binary) {
    if (binary.empty()) {
        const char* env = std::getenv("BELFRY_NETSIM_BIN");
        binary = env != nullptr ? env : BELFRY_NETSIM_DEFAULT_BIN;
    }
    if (access(binary.c_str(), X_OK) != 0) {
        error_ = "netsim is not built at " + binary + ": build the netsim target (or set BELFRY_NETSIM_BIN)";
        return;
    }
    int out[2];
    if (pipe(out) != 0) {
        error_ = "pipe failed";
        return;
    }
    std::vector<std::string> args{binary, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = fork();
    if (pid_ == 0) {
        // netsim dies with the test: a crashed test must not leave it holding ctest's output pipe.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    // Read stdout until the line that names the address (at most 10 s).
    std::string buffer;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        char chunk[512];
        const ssize_t n = read(out[0], chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<size_t>(n));
        const auto at = buffer.find("\"listening\":\"http://127.0.0.1:");
        if (at != std::string::npos) {
            const auto start = at + std::string("\"listening\":\"http://127.0.0.1:").size();
            const auto end = buffer.find('"', start);
            if (end != std::string::npos) {
                port_ = static_cast<unsigned short>(std::stoi(buffer.substr(start, end - start)));
                break;
            }
        }
    }
    // Keep draining netsim's log in the background so it never blocks on a full pipe.
    const int fd = out[0];
    std::thread([fd] {
        char sink[4096];
        while (read(fd, sink, sizeof sink) > 0) {
        }
        close(fd);
    }).detach();
    if (port_ == 0) error_ = "netsim did not say where it listens; its output: " + buffer;
}

NetsimProcess::~NetsimProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
}

}  // namespace belfry::testing
