// Strict reading of JSON request bodies.
//
// ParseJsonObject() checks the content type, UTF-8 validity and JSON syntax, and that the top level
// is an object. FieldReader then reads typed fields; it remembers the first problem (wrong type,
// missing required field, unknown field) and Finish() returns it naming the field, so handlers
// read every field first and check once.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace belfry::http {

core::Result<boost::json::object> ParseJsonObject(const Request& req);

class FieldReader {
  public:
    explicit FieldReader(const boost::json::object& object, std::string prefix = "")
        : object_(object), prefix_(std::move(prefix)) {}

    std::optional<std::string> String(const std::string& key, bool required = false);
    std::optional<long long> Int(const std::string& key, bool required = false);
    std::optional<bool> Bool(const std::string& key);
    std::optional<double> Number(const std::string& key, bool required = false);  // integer or decimal
    std::optional<std::vector<std::string>> StringList(const std::string& key, bool required = false);
    std::optional<std::vector<long long>> IntList(const std::string& key, bool required = false);
    // RFC 3339 timestamp.
    std::optional<core::Millis> Time(const std::string& key, bool required = false);
    // Nullable fields: outer nullopt = absent, inner nullopt = explicit null.
    std::optional<std::optional<std::string>> NullableString(const std::string& key);
    std::optional<std::optional<long long>> NullableInt(const std::string& key);
    std::optional<std::optional<core::Millis>> NullableTime(const std::string& key);
    const boost::json::object* Object(const std::string& key, bool required = false);
    const boost::json::array* Array(const std::string& key, bool required = false);

    // Records a problem found by the caller (kept only if it is the first).
    void Fail(const std::string& key, const std::string& message);
    // The first problem, or an unknown-field error, or Ok.
    core::Status Finish();

  private:
    const boost::json::value* Find(const std::string& key, bool required);
    std::string Name(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

    const boost::json::object& object_;
    std::string prefix_;
    std::set<std::string> known_;
    std::optional<core::Error> error_;
};

// For a body member where null has a meaning of its own ("settings": null = inherit): true, and the
// member removed (so FieldReader does not read it), when it is present and null.
bool TakeNull(boost::json::object& body, const std::string& key);

// Query parameters: typed reading with the same error style.
core::Result<std::optional<long long>> QueryInt(const Request& req, const std::string& name);
core::Result<std::pair<int, int>> QueryPage(const Request& req);  // page, per_page (≤ 200)
// The parameter's values, repeated (?status=new&status=assigned) or comma-separated, trimmed,
// empty ones left out.
std::vector<std::string> QueryList(const Request& req, const std::string& name);

}  // namespace belfry::http
