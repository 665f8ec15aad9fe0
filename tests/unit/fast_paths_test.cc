// The build path's fast paths against plain reference versions of the same
// rules: every shortcut taken for speed must give exactly the answer of the
// simple code it replaces.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "levers/corpus.h"
#include "levers/date.h"
#include "levers/guide.h"
#include "levers/money.h"
#include "levers/render.h"
#include "render/html_scan.h"
#include "render/json_out.h"

namespace levers {
namespace {

// JSON string escaping one byte at a time, as the writer did before it learned
// to skip plain runs eight bytes at a time.
std::string ReferenceJsonString(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      bool ok = n != 0 && i + n <= s.size();
      for (size_t k = 1; ok && k < n; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        uint32_t cp = c & (0x7F >> n);
        for (size_t k = 1; k < n; ++k)
          cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        ok = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
      }
      if (ok) {
        out.append(s.data() + i, n);
        i += n;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string WriterJsonString(std::string_view s) {
  std::string out;
  internal::JsonOut j(out, false);
  j.String(s);
  return out;
}

TEST(FastPaths, JsonEscapingMatchesByteByByteAtEveryOffset) {
  // Every byte value, at every position of a 24-byte plain run, so each one
  // lands in each lane of the eight-byte scan and in the tail.
  const std::string plain = "abcdefghijklmnopqrstuvwx";
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at <= plain.size(); ++at) {
      std::string s = plain;
      s.insert(at, 1, static_cast<char>(b));
      ASSERT_EQ(WriterJsonString(s), ReferenceJsonString(s)) << "byte " << b << " at " << at;
    }
  }
  // Multi-byte characters, valid and broken, across lane boundaries.
  for (const std::string& odd :
       {std::string("\xE2\x80\x93"), std::string("\xE2\x82"), std::string("\xF0\x9F\x98\x80"),
        std::string("\xED\xA0\x80"), std::string("\xC0\xAF"), std::string("\xC2\xA3")}) {
    for (size_t at = 0; at <= 17; ++at) {
      const std::string s = std::string(at, 'x') + odd + std::string(9, 'y') + odd;
      ASSERT_EQ(WriterJsonString(s), ReferenceJsonString(s)) << "at " << at;
    }
  }
  // The comparisons behind the scan: bytes one either side of each special value.
  for (const char* s :
       {"!#[]\x1f\x20\x7f\x80\x21\x23\x5b\x5d", "~~~~~~~~\x1f~~~~~~~", "0123456\\"}) {
    EXPECT_EQ(WriterJsonString(s), ReferenceJsonString(s));
  }
}

// HTML escaping one byte at a time, as AppendHtmlEscaped's rule says: the
// five markup characters as entities; C0 controls but tab, LF and CR, DEL and
// C1 controls (C2 80 to C2 9F) as U+FFFD; everything else as it is.
std::string ReferenceHtmlEscape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
      out += "\uFFFD";
      continue;
    }
    if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += "\uFFFD";
      ++i;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Every length from 0 to 72 (the 32-byte steps, a sixteen-byte block, the overlapping tail
// load, the two eight- and four-byte loads of short text, the byte loop) with
// a special byte, or a byte one either side of one, at every position, and
// text read from a larger buffer so that no load may pass the text's end
// unnoticed by a wrong answer.
TEST(FastPaths, HtmlPlainRunMatchesByteByByteAtEveryLengthAndPosition) {
  for (size_t n = 0; n <= 72; ++n) {
    for (char b : {'&',    '<',    '>',    '"',    '\'',   '%',    ';', '=',  '!',  '(',
                   '?',    '\0',   'x',    '\x01', '\x1B', '\x1F', ' ', '\t', '\n', '\r',
                   '\x7F', '\x80', '\xC2', '\xC3', '\xC1', '$',    '#', '@'}) {
      for (size_t at = 0; at < std::max<size_t>(n, 1); ++at) {
        // The bytes after the text are special: a scan reading past `n` would say so.
        std::string buf(n + 16, '<');
        for (size_t k = 0; k < n; ++k) buf[k] = static_cast<char>('a' + k % 26);
        if (at < n) buf[at] = b;
        size_t expect = 0;
        while (expect < n && !internal::kHtmlStop[static_cast<unsigned char>(buf[expect])])
          ++expect;
        ASSERT_EQ(internal::HtmlPlainRun(buf.data(), n), expect) << n << " " << b << " " << at;
        std::string out = "<p>";
        AppendHtmlEscaped(out, std::string_view(buf.data(), n));
        ASSERT_EQ(out, "<p>" + ReferenceHtmlEscape(std::string_view(buf.data(), n)))
            << n << " " << b << " " << at;
      }
    }
  }
  // C1 controls are two bytes: C2 80 to C2 9F, at every position (a C2 at a
  // block's end, its second byte in the next block), beside C2 A0 (no-break
  // space) and C2 7F (not UTF-8: copied).
  for (const char* pair : {"\xC2\x80", "\xC2\x9F", "\xC2\xA0", "\xC2\x7F", "\xC2"}) {
    for (size_t at = 0; at < 72; ++at) {
      std::string text(72, 'q');
      text.replace(at, std::strlen(pair), pair);
      text.resize(72);
      std::string out;
      AppendHtmlEscaped(out, text);
      ASSERT_EQ(out, ReferenceHtmlEscape(text)) << at << " " << pair;
    }
  }
  // Two specials, the second in the tail, from every start.
  const std::string two = "a'bcdefghijklmnopqrstu&vw<";
  for (size_t start = 0; start <= two.size(); ++start) {
    std::string out;
    AppendHtmlEscaped(out, std::string_view(two).substr(start));
    EXPECT_EQ(out, ReferenceHtmlEscape(std::string_view(two).substr(start))) << start;
  }
}

TEST(FastPaths, JsonKeysPlainLongAndEscaped) {
  std::string out;
  internal::JsonOut j(out, false);
  j.BeginObject();
  j.Key("base_low").Int(-9223372036854775807 - 1);
  j.Key(std::string(70, 'k')).Int(1);  // longer than the key buffer
  j.Key("say \"hi\"\n").Null();        // needs escaping
  j.Key("caf\xC3\xA9").Bool(true);
  j.EndObject();
  EXPECT_EQ(out, "{\"base_low\":-9223372036854775808,\"" + std::string(70, 'k') +
                     "\":1,\"say \\\"hi\\\"\\n\":null,\"caf\xC3\xA9\":true}");
  std::string pretty;
  internal::JsonOut p(pretty, true);
  p.BeginObject().Key("a").Int(0).Key("b").BeginArray().EndArray().EndObject();
  EXPECT_EQ(pretty, "{\n  \"a\": 0,\n  \"b\": []\n}");
}

TEST(FastPaths, PercentAppendsLikePercentString) {
  for (int32_t bp : {0, 1, 10, 99, 100, 750, 1000, 1250, 10000, 100000}) {
    std::string out = "x";
    AppendPercent(out, Percent{bp});
    EXPECT_EQ(out, "x" + PercentString(Percent{bp}));
  }
  std::string out;
  AppendPercent(out, Percent{750});
  EXPECT_EQ(out, "7.5");
}

TEST(FastPaths, DateToStringMatchesPrintf) {
  for (int year : {-5, 0, 7, 42, 999, 1970, 2026, 9999, 10000, 123456}) {
    for (int month : {-1, 0, 1, 9, 10, 12, 99, 100}) {
      for (int day : {-3, 0, 1, 9, 10, 31, 99, 250}) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
        EXPECT_EQ((Date{year, month, day}.ToString()), buf);
      }
    }
  }
  EXPECT_EQ((Date{2026, 2, 3}.ToString()), "2026-02-03");
}

TEST(FastPaths, PlainDigitsScaleLikeTheGeneralPath) {
  EXPECT_EQ(ParseScaledDecimal("220000", 0), 220000);
  EXPECT_EQ(ParseScaledDecimal("220000", 2), 22000000);
  EXPECT_EQ(ParseScaledDecimal("007", 2), 700);
  EXPECT_EQ(ParseScaledDecimal("0", 5), 0);
  // Fifteen digits take the shortcut, sixteen the general path; both refuse what overflows.
  EXPECT_EQ(ParseScaledDecimal("999999999999999", 3), 999999999999999000);
  EXPECT_EQ(ParseScaledDecimal("999999999999999", 4), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("1000000000000000", 0), 1000000000000000);
  EXPECT_EQ(ParseScaledDecimal("100000000000000000", 0), std::nullopt);
  // Anything but plain digits is the general path's to judge.
  EXPECT_EQ(ParseScaledDecimal("1,200", 0), 1200);
  EXPECT_EQ(ParseScaledDecimal("7.5", 2), 750);
  EXPECT_EQ(ParseScaledDecimal("7.555", 2), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("", 0), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("12a", 0), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("-5", 0), std::nullopt);
}

CompBand Band(const char* region) {
  CompBand b;
  if (region) b.region.Set(region, {});
  return b;
}

// First unused table row whose RegionKey equals the front matter band's.
std::vector<int> ReferenceMatch(const Guide& g) {
  std::vector<int> out(g.front_matter_bands.size(), -1);
  std::vector<bool> used(g.table_bands.size(), false);
  for (size_t i = 0; i < g.front_matter_bands.size(); ++i) {
    const CompBand& fm = g.front_matter_bands[i];
    if (!fm.region.has()) continue;
    for (size_t j = 0; j < g.table_bands.size(); ++j) {
      const CompBand& t = g.table_bands[j];
      if (used[j] || !t.region.has() || RegionKey(*t.region) != RegionKey(*fm.region)) continue;
      out[i] = static_cast<int>(j);
      used[j] = true;
      break;
    }
  }
  return out;
}

TEST(FastPaths, MatchTableRowsPairwiseAndByMapAgree) {
  const std::vector<const char*> names = {"New York",
                                          " new  york ",
                                          "NEW YORK",
                                          "NewYork",
                                          "London",
                                          "london\t",
                                          nullptr,
                                          "",
                                          "  ",
                                          "Zürich",
                                          "zürich",
                                          "San Francisco",
                                          "san\nfrancisco",
                                          "New York City"};
  // Small guides take the pairwise path; the same names repeated past 1024
  // pairs take the map. Both must match the reference exactly.
  for (size_t copies : {1u, 3u, 40u}) {
    Guide g;
    for (size_t c = 0; c < copies; ++c) {
      for (const char* n : names) g.front_matter_bands.push_back(Band(n));
      for (auto it = names.rbegin(); it != names.rend(); ++it) g.table_bands.push_back(Band(*it));
    }
    EXPECT_EQ(MatchTableRows(g), ReferenceMatch(g)) << copies << " copies";
  }
  Guide g;
  g.front_matter_bands = {Band("New York"), Band("new york"), Band("Tokyo")};
  g.table_bands = {Band("NEW YORK"), Band("Tokyo "), Band(" New York")};
  EXPECT_EQ(MatchTableRows(g), (std::vector<int>{0, 2, 1}));
}

TEST(FastPaths, GuideFileNamesFromTheListing) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("levers-names-" + std::to_string(::getpid()));
  fs::remove_all(root);
  for (const char* f : {"a.md", "a.b.md", "sp ace.md", "README.md", "Readme.md", "readme.MD",
                        "readme.md.md", "x.MD", ".hidden.md", "md", "y.md.txt", "sub/b.md",
                        ".hid/h.md", "dir.md/in.md", "sub/deeper/README.md"}) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "x";
  }
  fs::create_symlink(".hid/h.md", root / "link.md");  // a link to a.md would be a.md
  fs::create_symlink("nowhere.md", root / "dangling.md");
  fs::create_directory_symlink("sub", root / "sublink.md");
  auto paths = CollectGuidePaths({root.string()});
  ASSERT_TRUE(paths.ok());
  std::vector<std::string> names;
  for (const std::string& p : *paths) names.push_back(fs::path(p).lexically_relative(root));
  // Symlinks to files count (their target is a regular file); a folder symlink is not
  // followed, a dangling one is no file; names differing from README.md only in case
  // are READMEs too; ".MD" is not ".md".
  EXPECT_EQ(names, (std::vector<std::string>{"a.b.md", "a.md", "dir.md/in.md", "link.md",
                                             "readme.md.md", "sp ace.md", "sub/b.md"}));
  fs::remove_all(root);
}

}  // namespace
}  // namespace levers
