// Logging as JSON lines on stdout (spdlog with a JSON formatter).
//
// Contract: InitLogging() installs the formatter once. Plain spdlog calls become
// {"time","level","msg"} lines with the message escaped; LogEvent() adds structured fields.
#pragma once

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <string_view>

namespace belfry::core {

void InitLogging(std::string_view level);
void LogEvent(spdlog::level::level_enum level, std::string_view msg, boost::json::object fields);

}  // namespace belfry::core
