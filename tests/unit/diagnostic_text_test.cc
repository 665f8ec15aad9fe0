// FormatDiagnosticText against a byte-at-a-time version: the quoted line's
// window, its '?' for control bytes and each byte that is not UTF-8 (overlong
// forms and surrogates too), and the caret's column, whatever the line holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "levers/diagnostic.h"
#include "levers/source.h"

namespace levers {
namespace {

constexpr size_t kMaxShownLine = 160;

std::string ReferenceText(const SourceFile& file, const Diagnostic& d) {
  const LineColumn lc = file.Locate(d.range.begin);
  std::string out;
  out.reserve(file.path().size() + d.code.size() + d.message.size() + 200);
  out += file.path();
  out += ':';
  out += std::to_string(lc.line);
  out += ':';
  out += std::to_string(lc.column);
  out += ": ";
  out += SeverityName(d.severity);
  out += '[';
  out += d.code;
  out += "]: ";
  out += d.message;
  out += '\n';
  std::string_view line = file.Line(lc.line);
  if (line.empty()) return out;
  // Show a window of the line that contains the offset; a 20 MB line is cut.
  size_t line_start = static_cast<size_t>(line.data() - file.text().data());
  if (lc.line == 1 && file.text().rfind("\xEF\xBB\xBF", 0) == 0) {
    line.remove_prefix(3);
    line_start += 3;
  }
  const size_t byte_col =
      std::min<size_t>(line.size(), d.range.begin > line_start ? d.range.begin - line_start : 0);
  size_t start = byte_col > kMaxShownLine / 2 ? byte_col - kMaxShownLine / 2 : 0;
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  size_t len = std::min(kMaxShownLine, line.size() - start);
  while (start + len < line.size() && len > 0 &&
         (static_cast<unsigned char>(line[start + len]) & 0xC0) == 0x80)
    --len;
  // Never echo control bytes or invalid UTF-8 to a terminal. One column per
  // shown character or '?', up to the offset.
  std::string shown;
  const std::string_view window = line.substr(start, len);
  shown.reserve(window.size());
  uint32_t caret_cols = 0;
  for (size_t i = 0; i < window.size();) {
    if (start + i < byte_col) ++caret_cols;
    const unsigned char u = static_cast<unsigned char>(window[i]);
    size_t n = u < 0x80             ? 1
               : (u & 0xE0) == 0xC0 ? 2
               : (u & 0xF0) == 0xE0 ? 3
               : (u & 0xF8) == 0xF0 ? 4
                                    : 0;
    bool ok = n != 0 && i + n <= window.size();
    for (size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(window[i + k]) & 0xC0) == 0x80;
    if (ok && n > 1) {
      // The code point: not overlong, not a surrogate, at most U+10FFFF.
      uint32_t cp = u & (0xFFu >> (n + 1));
      for (size_t k = 1; k < n; ++k)
        cp = cp << 6 | (static_cast<unsigned char>(window[i + k]) & 0x3F);
      const uint32_t least = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
      ok = cp >= least && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (!ok) {
      shown += '?';
      ++i;
    } else if (n == 1 && ((u < 0x20 && u != '\t') || u == 0x7F)) {
      shown += '?';
      ++i;
    } else {
      shown.append(window.data() + i, n);
      i += n;
    }
  }
  out += "  ";
  out += shown;
  out += "\n  ";
  out.append(caret_cols, ' ');
  out += "^\n";
  return out;
}

// Deterministic bytes, weighted towards what guides hold and what breaks lines.
std::string Line(uint32_t seed, size_t len) {
  static const std::string kPieces[] = {"a",
                                        "Z",
                                        " ",
                                        "\t",
                                        "\x01",
                                        "\x7f",
                                        "\xc3\xa9",
                                        "\xe2\x80\x93",
                                        "\xf0\x9f\x98\x80",
                                        "\xc3",
                                        "\x80",
                                        "\xc0\xaf",
                                        "\xed\xa0\x80",
                                        "\xff",
                                        "|",
                                        "$"};
  std::string out;
  uint32_t x = seed * 2654435761u + 1;
  while (out.size() < len) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out += kPieces[x % (sizeof kPieces / sizeof kPieces[0])];
  }
  return out;
}

TEST(DiagnosticText, MatchesTheByteAtATimeVersion) {
  size_t compared = 0;
  for (uint32_t seed = 0; seed < 60; ++seed) {
    const size_t len = seed % 3 == 0 ? 400 : 5 + seed * 3;
    const std::string bom = seed % 5 == 0 ? "\xEF\xBB\xBF" : "";
    const std::string text = bom + Line(seed, len) + "\nsecond line\r\n" + Line(seed + 1000, len);
    const SourceFile file("guides/x.md", text);
    for (uint32_t offset = 0; offset <= text.size() + 1; ++offset) {
      const Diagnostic d{Severity::kWarning, "range-order", {offset, offset}, "base_low", "msg"};
      ASSERT_EQ(FormatDiagnosticText(file, d), ReferenceText(file, d))
          << "seed " << seed << " offset " << offset;
      ++compared;
    }
  }
  EXPECT_GT(compared, 20000u);
}

TEST(DiagnosticText, SurrogatesAndOverlongFormsAreQuestionMarksTheCaretCounts) {
  // The caret is under the x: fifteen shown columns; the header's column counts
  // code points as Locate does (continuation bytes not counted).
  const SourceFile file("g.md", "a\xed\xa0\x80 \xe0\x80\x80\x80 \xf4\x90\x80\x80 x\n");
  const Diagnostic d{Severity::kError, "x", {15, 15}, "", "m"};
  EXPECT_EQ(FormatDiagnosticText(file, d),
            "g.md:1:8: error[x]: m\n  a??? ???? ???? x\n                 ^\n");
}

TEST(DiagnosticText, ControlBytesAndBrokenUtf8AreQuestionMarks) {
  const SourceFile file("g.md", "ab\x01\tc\xc3\xa9\xff d\n");
  const Diagnostic d{Severity::kError, "x", {9, 9}, "", "m"};
  EXPECT_EQ(FormatDiagnosticText(file, d),
            "g.md:1:9: error[x]: m\n  ab?\tc\xc3\xa9? d\n          ^\n");
}

// A region name of megabytes quoted in a message is cut, on a character
// boundary (each "é" is two bytes: the message's first 1,021 end inside one).
TEST(DiagnosticSink, CutsLongMessagesAndPathsOnACharacter) {
  DiagnosticSink sink;
  std::string region;
  for (int i = 0; i < 1'000'000; ++i) region += "\xC3\xA9";
  sink.Warning("region-unmatched", {0, 1}, "table[0].region" + region,
               "region '" + region + "' is in the pay table but not in the front matter");
  const Diagnostic& d = sink.diagnostics().at(0);
  EXPECT_EQ(d.message.size(), 1020u + 3u);  // "region '" is 8 bytes, then 506 "é"
  EXPECT_TRUE(d.message.starts_with("region '\xC3\xA9"));
  EXPECT_TRUE(d.message.ends_with("\xC3\xA9\u2026"));
  EXPECT_EQ(d.path.size(), 253u + 3u);  // 15 bytes of name, then 119 "é": 253 is a lead byte
  EXPECT_TRUE(d.path.ends_with("\xC3\xA9\u2026"));
  sink.Error("x", {0, 0}, "short.path", "short message");
  EXPECT_EQ(sink.diagnostics().at(1).message, "short message");
  EXPECT_EQ(sink.diagnostics().at(1).path, "short.path");
}

}  // namespace
}  // namespace levers
