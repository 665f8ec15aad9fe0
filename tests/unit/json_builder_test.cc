// JsonBuilder (the guide writer's JSON writer) against JsonOut: the same calls
// must give the same bytes, compact and pretty, at every buffer size.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "levers/check.h"
#include "levers/money.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "render/json_out.h"

namespace levers {
namespace {

using internal::JsonBuilder;
using internal::JsonOut;

std::string BuilderString(std::string_view s, bool pretty, size_t first_size) {
  JsonBuilder b(pretty, first_size);
  b.String(s);
  return b.Take();
}

std::string OutString(std::string_view s) {
  std::string out;
  JsonOut j(out, false);
  j.String(s);
  return out;
}

TEST(JsonBuilder, StringsMatchJsonOutForEveryByteAtEveryOffset) {
  const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at <= plain.size(); ++at) {
      std::string s = plain;
      s.insert(at, 1, static_cast<char>(b));
      // A 64-byte first buffer makes the escapes grow it mid-string.
      ASSERT_EQ(BuilderString(s, false, 64), OutString(s)) << "byte " << b << " at " << at;
      ASSERT_EQ(BuilderString(s, true, 16384), OutString(s)) << "byte " << b << " at " << at;
    }
  }
  for (const std::string& odd :
       {std::string("\xE2\x80\x93"), std::string("\xE2\x82"), std::string("\xF0\x9F\x98\x80"),
        std::string("\xED\xA0\x80"), std::string("\xC0\xAF"), std::string("\xC2\xA3"),
        std::string("\xF4\x90\x80\x80"), std::string("\xFF")}) {
    for (size_t at = 0; at <= 33; ++at) {
      const std::string s = std::string(at, 'x') + odd + std::string(17, 'y') + odd + "\"";
      ASSERT_EQ(BuilderString(s, false, 64), OutString(s)) << "at " << at;
    }
  }
  EXPECT_EQ(BuilderString("a\"b\\c\n\x01\xC3\xA9\xFF", false, 64),
            "\"a\\\"b\\\\c\\n\\u0001\xC3\xA9\xEF\xBF\xBD\"");
}

// ASCII escaping one byte at a time (valid UTF-8 is copied as it is).
std::string ReferenceAscii(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

TEST(JsonBuilder, EveryLengthWithOneSpecialByteAnywhere) {
  // Lengths across the 4-, 8-, 16- and 64-byte steps of the scan and their
  // overlapping tails, with no special byte and with one at each position.
  for (size_t len = 0; len <= 200; ++len) {
    std::string plain(len, 'a');
    for (size_t k = 0; k < len; ++k) plain[k] = static_cast<char>('a' + k % 26);
    ASSERT_EQ(BuilderString(plain, false, 64), ReferenceAscii(plain)) << len;
    for (size_t at = 0; at < len; ++at) {
      for (const char special : {'"', '\\', '\n', '\x1f', '\x01'}) {
        std::string s = plain;
        s[at] = special;
        ASSERT_EQ(BuilderString(s, false, 64), ReferenceAscii(s)) << len << " " << at;
      }
      // A two-byte character (valid UTF-8) starting there, when it fits.
      if (at + 1 < len) {
        std::string s = plain;
        s[at] = '\xC3';
        s[at + 1] = '\xA9';
        ASSERT_EQ(BuilderString(s, false, 64), "\"" + s + "\"") << len << " " << at;
      }
    }
  }
}

TEST(JsonBuilder, LongStringsOfEscapesGrowTheBuffer) {
  // Every byte needs six: the buffer grows many times within one string.
  const std::string controls(100000, '\x02');
  const std::string out = BuilderString(controls, false, 64);
  EXPECT_EQ(out.size(), 2 + 6 * controls.size());
  EXPECT_EQ(out, OutString(controls));
  const std::string mixed = std::string(70000, 'p') + "\t" + std::string(70000, '\xE2');
  EXPECT_EQ(BuilderString(mixed, false, 64), OutString(mixed));
}

// The same document through both writers.
template <typename W>
void WriteDocument(W& w) {
  w.BeginObject();
  w.Key("path").String("guides/a.md");
  w.Key("empty_object").BeginObject().EndObject();
  w.Key("empty_array").BeginArray().EndArray();
  w.Key("ints").BeginArray().Int(0).Int(-1).Int(INT64_MAX).Int(INT64_MIN).EndArray();
  w.Key("nothing").Null();
  w.Key("nested").BeginArray();
  for (int i = 0; i < 3; ++i) {
    w.BeginObject().Key("i").Int(i).Key("deeper").BeginArray().BeginArray().EndArray();
    w.String("x").EndArray().EndObject();
  }
  w.EndArray();
  w.Key("last").String("caf\xC3\xA9 \"quoted\"");
  w.EndObject();
}

TEST(JsonBuilder, DocumentsMatchJsonOutCompactAndPretty) {
  for (bool pretty : {false, true}) {
    for (size_t first : {size_t{1}, size_t{64}, size_t{100}, size_t{16384}}) {
      std::string expected;
      JsonOut j(expected, pretty);
      WriteDocument(j);
      JsonBuilder b(pretty, first);
      WriteDocument(b);
      EXPECT_EQ(b.Take(), expected) << "pretty " << pretty << ", first size " << first;
    }
  }
  std::string compact;
  JsonOut j(compact, false);
  WriteDocument(j);
  EXPECT_EQ(compact,
            "{\"path\":\"guides/a.md\",\"empty_object\":{},\"empty_array\":[],\"ints\":[0,-1,"
            "9223372036854775807,-9223372036854775808],\"nothing\":null,\"nested\":[{\"i\":0,"
            "\"deeper\":[[],\"x\"]},{\"i\":1,\"deeper\":[[],\"x\"]},{\"i\":2,\"deeper\":[[],"
            "\"x\"]}],\"last\":\"caf\xC3\xA9 \\\"quoted\\\"\"}");
}

TEST(JsonBuilder, TakeStartsANewDocumentAndBuildersCanNest) {
  JsonBuilder outer(false, 64);
  outer.BeginArray().Int(1);
  {
    // A second builder on the same thread while the first is open.
    JsonBuilder inner(true, 64);
    inner.BeginObject().Key("a").Int(2).EndObject();
    EXPECT_EQ(inner.Take(), "{\n  \"a\": 2\n}");
    inner.BeginArray().EndArray();
    EXPECT_EQ(inner.Take(), "[]");
  }
  outer.Int(3).EndArray();
  EXPECT_EQ(outer.Take(), "[1,3]");
  // A later builder starts from the spare buffer of an earlier one: no stale bytes.
  for (int round = 0; round < 3; ++round) {
    JsonBuilder b(false, 8);
    b.BeginArray().String(std::string(static_cast<size_t>(round) * 50, 'z')).EndArray();
    EXPECT_EQ(b.Take(), "[\"" + std::string(static_cast<size_t>(round) * 50, 'z') + "\"]");
  }
}

TEST(JsonBuilder, AmountsAndPercentagesAsMajorUnitsString) {
  std::vector<int64_t> minors = {0,
                                 1,
                                 5,
                                 9,
                                 10,
                                 50,
                                 99,
                                 100,
                                 101,
                                 105,
                                 110,
                                 1234,
                                 123450,
                                 22000000,
                                 22000050,
                                 -1,
                                 -10,
                                 -105,
                                 -22000000,
                                 999999999999999,
                                 INT64_MAX,
                                 INT64_MIN,
                                 INT64_MIN + 1};
  // Every digit count: 10^k - 1, 10^k and 10^k + 1, and their negatives.
  int64_t p = 1;
  for (int k = 0; k <= 18; ++k) {
    for (int64_t v : {p - 1, p, p + 1}) {
      minors.push_back(v);
      minors.push_back(-v);
    }
    if (k < 18) p *= 10;  // 10^19 does not fit in int64
  }
  for (const char* currency : {"USD", "JPY", "KRW", "EUR", "", "XYZ", "CLP", "GBP"}) {
    for (int64_t minor : minors) {
      const Money m{minor, currency};
      JsonBuilder b(false, 16);
      b.BeginArray().MajorUnits(m).Null().EndArray();
      EXPECT_EQ(b.Take(), "[" + MajorUnitsString(m) + ",null]") << currency << " " << minor;
    }
  }
  for (int32_t bp : {0, 1, 5, 10, 99, 100, 150, 750, 1000, 1250, 10000, 100000, -1, -750, INT32_MAX,
                     INT32_MIN}) {
    JsonBuilder b(true, 16);
    b.BeginArray().PercentValue(Percent{bp}).EndArray();
    EXPECT_EQ(b.Take(), "[\n  " + PercentString(Percent{bp}) + "\n]") << bp;
  }
  JsonBuilder b(false);
  b.BeginArray().MajorUnits(Money{123456, "USD"}).MajorUnits(Money{123456, "JPY"});
  b.MajorUnits(Money{123450, "EUR"}).PercentValue(Percent{750}).EndArray();
  EXPECT_EQ(b.Take(), "[1234.56,123456,1234.5,7.5]");
}

TEST(RenderGuideJson, WithResolvedBandsIsTheSameDocument) {
  const std::string dir = std::string(LEVERS_SOURCE_DIR) + "/tests/golden/guide/";
  for (const char* name : {"front_matter.md", "body_only.md", "inconsistent.md", "crlf_bom.md"}) {
    Result<SourceFile> file = LoadSourceFile(dir + name);
    ASSERT_TRUE(file.ok()) << name;
    DiagnosticSink sink;
    const std::optional<Guide> g = ReadGuide(*file, sink);
    ASSERT_TRUE(g) << name;
    const std::vector<ResolvedBand> bands = ResolveCompensation(*g);
    ASSERT_FALSE(bands.empty()) << name;
    for (bool pretty : {false, true}) {
      JsonOptions o;
      o.pretty = pretty;
      o.page = "x.html";
      const std::string json = RenderGuideJson(*g, bands, o);
      EXPECT_EQ(json, RenderGuideJson(*g, o)) << name;
      EXPECT_NE(json.find(pretty ? "\"base_low\": " : "\"base_low\":"), std::string::npos);
    }
  }
}

// The page and the checker given the bands levers build already resolved:
// the same page and the same findings as resolving them again.
TEST(RenderGuideHtml, WithResolvedBandsIsTheSamePageAndFindings) {
  const std::string dir = std::string(LEVERS_SOURCE_DIR) + "/tests/golden/guide/";
  for (const char* name : {"front_matter.md", "body_only.md", "inconsistent.md", "crlf_bom.md"}) {
    Result<SourceFile> file = LoadSourceFile(dir + name);
    ASSERT_TRUE(file.ok()) << name;
    DiagnosticSink sink;
    const std::optional<Guide> g = ReadGuide(*file, sink);
    ASSERT_TRUE(g) << name;
    const std::vector<ResolvedBand> bands = ResolveCompensation(*g);
    ASSERT_FALSE(bands.empty()) << name;
    HtmlOptions ho;
    const std::string page = RenderGuideHtml(*g, bands, ho);
    EXPECT_EQ(page, RenderGuideHtml(*g, ho)) << name;
    EXPECT_NE(page.find("<h2 id=\"bands\">"), std::string::npos) << name;
    CheckOptions co;
    co.today = ParseIsoDate("2030-01-01").date;
    DiagnosticSink given, resolved;
    CheckGuide(*g, bands, co, given);
    CheckGuide(*g, co, resolved);
    ASSERT_EQ(given.diagnostics().size(), resolved.diagnostics().size()) << name;
    for (size_t k = 0; k < given.diagnostics().size(); ++k) {
      EXPECT_EQ(given.diagnostics()[k].code, resolved.diagnostics()[k].code) << name;
      EXPECT_EQ(given.diagnostics()[k].message, resolved.diagnostics()[k].message) << name;
    }
  }
  // inconsistent.md has findings from the band rules: the comparison is not empty.
  Result<SourceFile> file = LoadSourceFile(dir + "inconsistent.md");
  ASSERT_TRUE(file.ok());
  DiagnosticSink sink;
  const std::optional<Guide> g = ReadGuide(*file, sink);
  ASSERT_TRUE(g);
  DiagnosticSink findings;
  CheckGuide(*g, ResolveCompensation(*g), CheckOptions{}, findings);
  EXPECT_FALSE(findings.diagnostics().empty());
}

}  // namespace
}  // namespace levers
