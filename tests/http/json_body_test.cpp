#include "http/json_body.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

namespace belfry::http {
namespace {

namespace json = boost::json;
using core::ErrorCode;

Request JsonRequest(std::string body, std::string content_type = "application/json") {
    Request r;
    r.method = "POST";
    r.path = "/api/v1/channels";
    if (!content_type.empty()) r.headers["content-type"] = std::move(content_type);
    r.body = std::move(body);
    return r;
}

Request Query(std::initializer_list<std::pair<std::string, std::string>> params) {
    Request r;
    r.method = "GET";
    for (const auto& [k, v] : params) r.query.emplace(k, v);
    return r;
}

TEST(ParseJsonObject, AcceptsAJsonObjectWithAJsonContentType) {
    for (const std::string type : {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
        auto r = ParseJsonObject(JsonRequest(R"({"display_name": "Belgi\u00eb", "languages": ["nl"]})", type));
        ASSERT_TRUE(r.ok()) << type << ": " << r.error().message;
        EXPECT_EQ(r->at("display_name").as_string(), "Belgi\xC3\xAB");
    }
    auto spaced = ParseJsonObject(JsonRequest(" \n{}\n "));
    ASSERT_TRUE(spaced.ok());
    EXPECT_TRUE(spaced->empty());
}

TEST(ParseJsonObject, RefusesOtherContentTypesWith415) {
    for (const std::string type : {"", "text/plain", "application/x-www-form-urlencoded", "text/json"}) {
        auto r = ParseJsonObject(JsonRequest("{}", type));
        ASSERT_FALSE(r.ok()) << type;
        EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMediaType) << type;
        EXPECT_EQ(r.error().field, "Content-Type");
        EXPECT_NE(r.error().message.find("application/json"), std::string::npos);
    }
}

TEST(ParseJsonObject, RefusesBodiesThatAreNotAJsonObjectNamingTheBody) {
    struct Case {
        std::string body;
        std::string says;
    };
    const Case cases[] = {
        {"", "not valid JSON"},
        {"{", "not valid JSON"},
        {R"({"a": 1,})", "not valid JSON"},
        {R"({'a': 1})", "not valid JSON"},
        {R"({"a": 1} {"b": 2})", "not valid JSON"},
        {R"({"a": NaN})", "not valid JSON"},
        {"[1, 2]", "must be a JSON object"},
        {"\"text\"", "must be a JSON object"},
        {"42", "must be a JSON object"},
        {"null", "must be a JSON object"},
        {"{\"a\": \"caf\xC3\"}", "UTF-8"},
        {"{\"a\": \"\xED\xA0\x80\"}", "UTF-8"},
        {"\xEF\xBB\xBF{}", "not valid JSON"},                             // a byte-order mark is not JSON
        {std::string(40, '[') + std::string(40, ']'), "not valid JSON"},  // deeper than 32 levels
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        auto r = ParseJsonObject(JsonRequest(c.body));
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "body");
        EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
    }
    auto bad = ParseJsonObject(JsonRequest("{\"display_name\": \"ab\xFF\"}"));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("offset 20"), std::string::npos) << bad.error().message;
    // 32 levels are still fine.
    EXPECT_TRUE(ParseJsonObject(JsonRequest("{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}")).ok());
}

TEST(FieldReader, ReadsEveryTypeAndAcceptsAKnownObject) {
    const json::object o = json::parse(R"({"name": "x", "count": 7, "big": 9223372036854775807, "flag": false,
        "tags": ["a", "b"], "empty": [], "when": "2026-09-21T14:13:20Z", "maybe": null, "id": null,
        "until": null, "names": {"fr": "f"}})")
                               .as_object();
    FieldReader f(o);
    EXPECT_EQ(f.String("name", true), "x");
    EXPECT_EQ(f.Int("count", true), 7);
    EXPECT_EQ(f.Int("big"), 9223372036854775807LL);
    EXPECT_EQ(f.Bool("flag"), false);
    EXPECT_EQ(f.StringList("tags"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(f.StringList("empty"), std::vector<std::string>{});
    EXPECT_EQ(f.Time("when"), 1790000000000);
    auto maybe = f.NullableString("maybe");
    ASSERT_TRUE(maybe.has_value());
    EXPECT_FALSE(maybe->has_value());
    auto id = f.NullableInt("id");
    ASSERT_TRUE(id.has_value());
    EXPECT_FALSE(id->has_value());
    auto until = f.NullableTime("until");
    ASSERT_TRUE(until.has_value());
    EXPECT_FALSE(until->has_value());
    ASSERT_NE(f.Object("names"), nullptr);
    // Absent optional fields read as nullopt without any error.
    EXPECT_FALSE(f.String("absent").has_value());
    EXPECT_FALSE(f.NullableInt("absent_too").has_value());
    EXPECT_EQ(f.Object("absent_object"), nullptr);
    EXPECT_TRUE(f.Finish().ok());
}

TEST(FieldReader, AWrongTypeNamesTheField) {
    struct Case {
        std::string body;
        std::function<void(FieldReader&)> read;
        std::string field;
        std::string says;
    };
    const Case cases[] = {
        {R"({"organisation_id": "7"})", [](FieldReader& f) { f.Int("organisation_id"); }, "organisation_id",
         "must be an integer"},
        {R"({"organisation_id": 7.0})", [](FieldReader& f) { f.Int("organisation_id"); }, "organisation_id",
         "must be an integer"},
        {R"({"organisation_id": true})", [](FieldReader& f) { f.Int("organisation_id"); }, "organisation_id",
         "integer"},
        {R"({"organisation_id": 9223372036854775808})", [](FieldReader& f) { f.Int("organisation_id"); },
         "organisation_id", "integer"},
        {R"({"languages": "fr"})", [](FieldReader& f) { f.StringList("languages"); }, "languages", "array of strings"},
        {R"({"languages": ["fr", null]})", [](FieldReader& f) { f.StringList("languages"); }, "languages",
         "array of strings"},
        {R"({"display_name": 5})", [](FieldReader& f) { f.String("display_name"); }, "display_name",
         "must be a string"},
        {R"({"display_name": null})", [](FieldReader& f) { f.String("display_name"); }, "display_name", "string"},
        {R"({"disabled": "true"})", [](FieldReader& f) { f.Bool("disabled"); }, "disabled", "true or false"},
        {R"({"disabled": 1})", [](FieldReader& f) { f.Bool("disabled"); }, "disabled", "true or false"},
        {R"({"expires_at": "next week"})", [](FieldReader& f) { f.Time("expires_at"); }, "expires_at",
         "2027-06-30T00:00:00Z"},
        {R"({"expires_at": "2027-06-30T00:00:00"})", [](FieldReader& f) { f.NullableTime("expires_at"); }, "expires_at",
         "or null"},
        {R"({"expires_at": 1790000000})", [](FieldReader& f) { f.NullableTime("expires_at"); }, "expires_at",
         "string or null"},
        {R"({"policy_url": ["x"]})", [](FieldReader& f) { f.NullableString("policy_url"); }, "policy_url",
         "string or null"},
        {R"({"primary_contact_id": "4"})", [](FieldReader& f) { f.NullableInt("primary_contact_id"); },
         "primary_contact_id", "integer or null"},
        {R"({"names": "Finance"})", [](FieldReader& f) { f.Object("names"); }, "names", "must be an object"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.body);
        const json::object o = json::parse(c.body).as_object();
        FieldReader f(o);
        c.read(f);
        const auto st = f.Finish();
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(st.error().field, c.field);
        EXPECT_NE(st.error().message.find(c.says), std::string::npos) << st.error().message;
        ASSERT_EQ(st.error().details.size(), 1u);
        EXPECT_EQ(st.error().details[0].field, c.field);
    }
}

TEST(FieldReader, MissingRequiredFieldsAndUnknownFieldsAreNamed) {
    const json::object o = json::parse(R"({"display_name": "x", "colour": "blue"})").as_object();
    {
        FieldReader f(o);
        EXPECT_FALSE(f.Int("organisation_id", true).has_value());
        f.String("display_name", true);
        const auto st = f.Finish();
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().field, "organisation_id");
        EXPECT_EQ(st.error().message, "organisation_id is required");
    }
    {
        FieldReader f(o);
        f.String("display_name", true);
        f.Int("organisation_id");
        const auto st = f.Finish();
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().field, "colour");
        EXPECT_NE(st.error().message.find("unknown field 'colour'"), std::string::npos);
        // The message lists what would have been accepted.
        EXPECT_NE(st.error().message.find("display_name, organisation_id"), std::string::npos) << st.error().message;
    }
    {
        // The first problem wins, whatever comes after.
        const json::object two = json::parse(R"({"a": "1", "b": "2", "zzz": 0})").as_object();
        FieldReader f(two);
        f.Int("a");
        f.Int("b");
        f.Fail("c", "a later problem");
        EXPECT_EQ(f.Finish().error().field, "a");
    }
    {
        FieldReader f(o);
        f.String("display_name");
        f.String("colour");
        f.Fail("colour", "blue is not allowed");
        const auto st = f.Finish();
        ASSERT_FALSE(st.ok());
        EXPECT_EQ(st.error().field, "colour");
        EXPECT_EQ(st.error().message, "blue is not allowed");
    }
}

TEST(FieldReader, NestedReadersPrefixTheFieldName) {
    const json::object o = json::parse(R"({"names": {"fr": 1, "it": "x"}})").as_object();
    FieldReader n(o.at("names").as_object(), "names");
    n.String("fr");
    auto st = n.Finish();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().field, "names.fr");
    EXPECT_EQ(st.error().message, "names.fr must be a string");

    FieldReader m(o.at("names").as_object(), "names");
    m.Int("fr");
    st = m.Finish();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().field, "names.it");
    EXPECT_NE(st.error().message.find("unknown field 'names.it'"), std::string::npos);
}

TEST(QueryParams, IntegersAndPagesAreCheckedAndNamed) {
    EXPECT_FALSE(QueryInt(Query({}), "organisation_id").value().has_value());
    EXPECT_EQ(QueryInt(Query({{"organisation_id", "12"}}), "organisation_id").value(), 12);
    EXPECT_EQ(QueryInt(Query({{"organisation_id", "-3"}}), "organisation_id").value(), -3);
    for (const std::string bad : {"", "abc", "7x", " 7", "7 ", "1e3", "0x10", "+5", "99999999999999999999"}) {
        auto r = QueryInt(Query({{"organisation_id", bad}}), "organisation_id");
        ASSERT_FALSE(r.ok()) << "'" << bad << "'";
        EXPECT_EQ(r.error().field, "organisation_id");
        EXPECT_NE(r.error().message.find("must be an integer"), std::string::npos);
    }

    EXPECT_EQ(QueryPage(Query({})).value(), std::make_pair(1, 50));
    EXPECT_EQ(QueryPage(Query({{"page", "3"}, {"per_page", "200"}})).value(), std::make_pair(3, 200));
    EXPECT_EQ(QueryPage(Query({{"per_page", "1"}})).value(), std::make_pair(1, 1));
    const std::pair<std::pair<std::string, std::string>, std::string> bad_pages[] = {
        {{"page", "0"}, "page"},           {{"page", "-1"}, "page"},          {{"page", "1000001"}, "page"},
        {{"page", "x"}, "page"},           {{"per_page", "0"}, "per_page"},   {{"per_page", "201"}, "per_page"},
        {{"per_page", "500"}, "per_page"}, {{"per_page", "ten"}, "per_page"},
    };
    for (const auto& [param, field] : bad_pages) {
        auto r = QueryPage(Query({param}));
        ASSERT_FALSE(r.ok()) << param.first << "=" << param.second;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, field);
    }
}

}  // namespace
}  // namespace belfry::http
