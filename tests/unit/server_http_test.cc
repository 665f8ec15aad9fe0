// Request targets, query strings and the error JSON of the HTTP layer.
#include "levers/server_http.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace levers {
namespace {

TEST(RequestTarget, SplitsAndDecodesThePathOnce) {
  auto t = ParseRequestTarget("/api/guides/a%2Fb?x=%2F&y");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->path, "/api/guides/a/b");
  EXPECT_EQ(t->query, "x=%2F&y");
  auto twice = ParseRequestTarget("/api/guides/..%252f..%252fetc");
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->path, "/api/guides/..%2f..%2fetc");
}

TEST(RequestTarget, RefusesWhatIsNotACleanOriginFormPath) {
  EXPECT_FALSE(ParseRequestTarget("").has_value());
  EXPECT_FALSE(ParseRequestTarget("*").has_value());
  EXPECT_FALSE(ParseRequestTarget("http://example.com/").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%2").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%zz").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%00b").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%ff").has_value());
  EXPECT_FALSE(ParseRequestTarget("/a%c0%af").has_value());  // overlong '/'
  EXPECT_TRUE(ParseRequestTarget("/caf%C3%A9").has_value());
  EXPECT_EQ(ParseRequestTarget("/x#frag")->path, "/x");
}

TEST(Query, DecodesNamesValuesAndPlus) {
  std::string error;
  auto q = ParseQuery("company=hugging+face&q=a%26b&empty=&flag&&=v", &error);
  ASSERT_TRUE(q.has_value()) << error;
  ASSERT_EQ(q->size(), 5u);
  EXPECT_EQ((*q)[0].name, "company");
  EXPECT_EQ((*q)[0].value, "hugging face");
  EXPECT_EQ((*q)[1].value, "a&b");
  EXPECT_EQ((*q)[2].name, "empty");
  EXPECT_EQ((*q)[2].value, "");
  EXPECT_EQ((*q)[3].name, "flag");
  EXPECT_EQ((*q)[4].name, "");
  EXPECT_EQ((*q)[4].value, "v");
}

TEST(Query, RefusesBadEscapesNulAndInvalidUtf8) {
  std::string error, field;
  EXPECT_FALSE(ParseQuery("q=%", &error, &field).has_value());
  EXPECT_EQ(error, "malformed percent-escape in the value of q");
  EXPECT_EQ(field, "q");
  EXPECT_FALSE(ParseQuery("q=%4", &error).has_value());
  EXPECT_FALSE(ParseQuery("limit=1&q=a%00", &error, &field).has_value());
  EXPECT_EQ(error, "q must be UTF-8 text without NUL bytes");
  EXPECT_EQ(field, "q");
  EXPECT_FALSE(ParseQuery("%zz=1", &error, &field).has_value());
  EXPECT_EQ(error, "malformed percent-escape in a query parameter name");
  EXPECT_EQ(field, "%zz");
  EXPECT_FALSE(ParseQuery("a%00=1", &error, &field).has_value());
  EXPECT_EQ(error, "query parameter names must be UTF-8 text without NUL bytes");
  EXPECT_EQ(field, "a%00");
  EXPECT_FALSE(ParseQuery("q=%e2%82", &error).has_value());
  EXPECT_FALSE(ParseQuery("q=%ed%a0%80", &error).has_value());  // a surrogate
}

TEST(Utf8, AcceptsEveryLengthAndRefusesOverlongAndOutOfRange) {
  EXPECT_TRUE(IsCleanUtf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsCleanUtf8(std::string_view("a\0b", 3)));
  EXPECT_FALSE(IsCleanUtf8("\xE0\x80\xAF"));
  EXPECT_FALSE(IsCleanUtf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(IsCleanUtf8("\xC3"));
}

TEST(ErrorResponse, HasTheStableShape) {
  HttpResponse r = ErrorResponse(400, "invalid_parameter", "limit must be 1..200", "limit");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"limit must be 1..200\","
            "\"field\":\"limit\"}}\n");
  HttpResponse nf = ErrorResponse(404, "not_found", "no route");
  EXPECT_EQ(nf.body, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}\n");
  // Client bytes quoted in a message never make invalid JSON.
  HttpResponse bad = ErrorResponse(400, "bad_request", "got \xff\"");
  EXPECT_TRUE(nlohmann::json::accept(bad.body));
}

TEST(HttpRequest, HeaderFindsTheFirstValue) {
  HttpRequest r;
  r.headers = {{"content-type", "application/json"}, {"x", "1"}, {"x", "2"}};
  EXPECT_EQ(r.Header("x"), "1");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_FALSE(r.Header("accept").has_value());
}

// A failure of levers' own: the client gets an id and a generic message, the
// log one line with the id, the request and the whole text.
TEST(InternalError, TheAnswerGivesAnIdAndTheLogTheText) {
  std::vector<std::string> lines;
  ServerLog log = [&](const std::string& line) { lines.push_back(line); };
  HttpRequest r;
  r.method = "GET";
  r.target = "/api/guides?company=Acme&base=250000";
  const std::string detail = "sqlite:/srv/levers/store.db: no such table: guide_rows (SELECT id)";
  HttpResponse a = InternalError(log, r, detail);
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.content_type, "application/json");
  const nlohmann::json j = nlohmann::json::parse(a.body);
  const std::string id = j["error"]["id"];
  EXPECT_EQ(j["error"]["code"], "internal");
  EXPECT_EQ(j["error"]["message"],
            "internal error: levers failed to answer this request; the server's log has the "
            "details under error id " +
                id);
  EXPECT_EQ(id.size(), 12u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  for (std::string_view leak : {"sqlite", "/srv", "guide_rows", "SELECT"})
    EXPECT_EQ(a.body.find(leak), std::string::npos) << leak << " in " << a.body;
  // The query (it may hold an offer) is not logged.
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "levers: internal error " + id + " answering GET /api/guides: " + detail);
  // Each failure its own id.
  EXPECT_NE(InternalError(log, r, detail).body, a.body);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].find(id), std::string::npos);
}

TEST(InternalError, OneFailureIsOneLineOfTheLog) {
  std::vector<std::string> lines;
  const std::string id = LogInternalError([&](const std::string& l) { lines.push_back(l); }, "POST",
                                          "/x\nforged", "line 1\nline 2\r\t\x1b[31m");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "levers: internal error " + id +
                          " answering POST /x\\nforged: line 1\\nline 2\\r\\t\\x1b[31m");
  // Every other control byte as \x and two lower-case hex digits; other
  // bytes (UTF-8 included) as they are.
  (void)LogInternalError([&](const std::string& l) { lines.push_back(l); }, "GET", "/",
                         std::string("\x00\x1f\x7f \xc3\xa9", 6));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[1].ends_with(": \\x00\\x1f\\x7f \xc3\xa9")) << lines[1];
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i)
    ids.insert(LogInternalError([](const std::string&) {}, "", "", ""));
  EXPECT_EQ(ids.size(), 1000u);
  // A log that throws does not stop the answer.
  HttpRequest r;
  r.method = "GET";
  r.target = "/";
  EXPECT_EQ(InternalError([](const std::string&) { throw std::runtime_error("disk full"); }, r, "x")
                .status,
            500);
}

// What the API and the web pages show of a store or engine status: only a
// refusal's words; any other code throws, its text for the log.
TEST(UserRefusal, OnlyInvalidArgumentAndNotFoundAreShown) {
  EXPECT_TRUE(IsUserRefusal(Status::InvalidArgument("base must be positive")));
  EXPECT_TRUE(IsUserRefusal(Status::NotFound("no region Mars")));
  for (const Status& s :
       {Status::Corruption("x.csv:3: bad row"), Status::IOError("x.csv: cannot read"),
        Status(StatusCode::kUnimplemented, "later"), Status::UnknownOutcome("commit lost")})
    EXPECT_FALSE(IsUserRefusal(s)) << s.ToString();
  EXPECT_EQ(RefusalMessage(Status::NotFound("no region Mars")), "no region Mars");
  try {
    (void)RefusalMessage(Status::Corruption("x.csv:3: bad row"));
    ADD_FAILURE() << "no throw";
  } catch (const InternalFailure& e) {
    EXPECT_STREQ(e.what(), "Corruption: x.csv:3: bad row");
  }
}

}  // namespace
}  // namespace levers
