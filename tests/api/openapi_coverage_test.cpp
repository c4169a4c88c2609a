// docs/api/openapi.yaml and the router describe the same API: every route the server registers is in
// the spec, and every operation in the spec is served. The YAML is read minimally: under `paths:`, a
// path is a key at indent 2 starting with '/', its operations are HTTP-method keys at indent 4.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/text.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // {"GET", "/api/v1/channels/{id}"}

std::string Describe(const std::set<Operation>& ops) {
    std::string out;
    for (const auto& [method, path] : ops) out += "  " + method + " " + path + "\n";
    return out;
}

size_t Indent(const std::string& line) { return line.find_first_not_of(' '); }

std::set<Operation> SpecOperations(std::istream& yaml) {
    static const std::set<std::string> kMethods{"get", "put", "post", "patch", "delete", "head", "options", "trace"};
    std::set<Operation> out;
    bool in_paths = false;
    std::string path;
    std::string line;
    while (std::getline(yaml, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto text = core::Trim(line);
        if (text.empty() || text.front() == '#') continue;
        const size_t indent = Indent(line);
        if (indent == 0) {
            in_paths = text == "paths:";
            continue;
        }
        if (!in_paths) continue;
        if (indent == 2) {
            path.clear();
            if (text.front() == '/' && text.back() == ':') path = std::string(text.substr(0, text.size() - 1));
        } else if (indent == 4 && !path.empty() && text.back() == ':') {
            const std::string key(text.substr(0, text.size() - 1));
            if (kMethods.count(key) == 0) continue;
            std::string method = key;
            for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out.insert({method, path});
        }
    }
    return out;
}

TEST(OpenApiCoverage, TheMinimalYamlReaderFindsPathsAndMethodsOnly) {
    std::istringstream yaml(
        "openapi: 3.1.0\n"
        "info:\n"
        "  /not-a-path:\n"
        "    get:\n"
        "paths:\n"
        "  # a comment\n"
        "  /a/{id}:\n"
        "    parameters:\n"
        "      - name: id\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          post:\n"
        "    delete:\n"
        "  /b:\n"
        "    post:\n"
        "components:\n"
        "  schemas:\n"
        "    get:\n");
    EXPECT_EQ(SpecOperations(yaml), (std::set<Operation>{{"GET", "/a/{id}"}, {"DELETE", "/a/{id}"}, {"POST", "/b"}}));
}

TEST(OpenApiCoverage, EveryRouteIsInTheSpecAndEverySpecOperationIsServed) {
    TestServer server("sqlite");
    ASSERT_TRUE(server.ok());
    std::set<Operation> routes;
    for (const auto& r : server.app().router->Routes()) {
        EXPECT_TRUE(routes.insert({r.method, r.pattern}).second)
            << "registered twice: " << r.method << " " << r.pattern;
    }
    ASSERT_GE(routes.size(), 30u);

    std::ifstream file(BELFRY_SOURCE_DIR "/docs/api/openapi.yaml");
    ASSERT_TRUE(file) << "cannot read " BELFRY_SOURCE_DIR "/docs/api/openapi.yaml";
    const std::set<Operation> spec = SpecOperations(file);
    ASSERT_GE(spec.size(), 30u);

    std::set<Operation> not_in_spec;
    for (const auto& op : routes) {
        if (spec.count(op) == 0) not_in_spec.insert(op);
    }
    std::set<Operation> not_served;
    for (const auto& op : spec) {
        if (routes.count(op) == 0) not_served.insert(op);
    }
    EXPECT_TRUE(not_in_spec.empty()) << "served but missing from docs/api/openapi.yaml:\n" << Describe(not_in_spec);
    EXPECT_TRUE(not_served.empty()) << "in docs/api/openapi.yaml but not served:\n" << Describe(not_served);
}

}  // namespace
}  // namespace belfry::testing
