// Logging as JSON lines on stdout (spdlog with a JSON formatter).
//
// Contract: InitLogging() installs the formatter once. Plain spdlog calls become
// {"time","level","msg"} lines with the message escaped; LogEvent() adds structured fields.
#pragma once

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <string_view>

namespace belfry::core {

// `to_stderr`: command-line tools log on stderr so that their output (a token, a report) stays alone
// on stdout; servers log on stdout.
void InitLogging(std::string_view level, bool to_stderr = false);
void LogEvent(spdlog::level::level_enum level, std::string_view msg, boost::json::object fields);

}  // namespace belfry::core
