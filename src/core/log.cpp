#include "core/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>

#include "core/clock.hpp"

namespace belfry::core {

namespace {

class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
        std::string line = "{\"time\":\"" + FormatRfc3339(ms) + "\",\"level\":\"" +
                           std::string(spdlog::level::to_string_view(msg.level).data(),
                                       spdlog::level::to_string_view(msg.level).size()) +
                           "\",";
        const std::string_view payload(msg.payload.data(), msg.payload.size());
        if (payload.size() > 2 && payload.front() == '{' && payload.back() == '}' && payload[1] == '"') {
            line.append(payload.substr(1));  // a pre-built fields object (from LogEvent)
        } else {
            line += "\"msg\":" + boost::json::serialize(boost::json::value(payload)) + "}";
        }
        line += '\n';
        dest.append(line.data(), line.data() + line.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

void InitLogging(std::string_view level, bool to_stderr) {
    static bool done = false;
    if (!done) {
        spdlog::sink_ptr sink;
        if (to_stderr) {
            sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        } else {
            sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
        }
        auto logger = std::make_shared<spdlog::logger>("belfry", sink);
        logger->set_formatter(std::make_unique<JsonFormatter>());
        logger->flush_on(spdlog::level::info);
        spdlog::set_default_logger(logger);
        done = true;
    }
    spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

void LogEvent(spdlog::level::level_enum level, std::string_view msg, boost::json::object fields) {
    if (!spdlog::should_log(level)) return;
    boost::json::object o;
    o["msg"] = msg;
    for (auto& kv : fields) o[kv.key()] = kv.value();
    spdlog::log(level, "{}", boost::json::serialize(o));
}

}  // namespace belfry::core
