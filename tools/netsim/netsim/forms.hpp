// Request parameters as Rails sees them (Mastodon accepts JSON, application/x-www-form-urlencoded and
// multipart/form-data on every method, merged with the query string).
//
// Contract
// - ParseParams() reads the query string, then the body by its Content-Type; a body that cannot be
//   parsed is an error (the message says why). JSON scalars become strings ("true"/"false" for
//   booleans), JSON arrays become repeated "key[]" values, nested objects "key[sub]".
// - Get("x") returns the last value of "x"; All("media_ids") returns every value of "media_ids[]"
//   (and of "media_ids", for clients that repeat the plain key).
// - Multipart file parts are kept apart, with their declared Content-Type and file name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace belfry::netsim {

struct FilePart {
    std::string filename;
    std::string content_type;
    std::string data;
};

class Params {
  public:
    std::optional<std::string> Get(const std::string& key) const;
    std::vector<std::string> All(const std::string& key) const;
    const FilePart* File(const std::string& key) const;
    bool Has(const std::string& key) const { return Get(key).has_value() || !All(key).empty(); }

    void Add(std::string key, std::string value) { values_.emplace(std::move(key), std::move(value)); }
    void AddFile(std::string key, FilePart part) { files_[std::move(key)] = std::move(part); }

  private:
    std::multimap<std::string, std::string> values_;
    std::map<std::string, FilePart> files_;
};

core::Result<Params> ParseParams(const http::Request& req);

// "a=1&b=%20x" → pairs, '+' as space.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(const std::string& body);
// The value of one parameter of a header ("boundary" of "multipart/form-data; boundary=x").
std::string HeaderParam(const std::string& header, const std::string& name);

}  // namespace belfry::netsim
