// CopyRow: rows of PostgreSQL's COPY text format, byte for byte as the
// PostgreSQL documentation of COPY (section "Text Format") spells them.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "store/pg_copy_row.h"

namespace levers::store_internal {
namespace {

TEST(CopyRowTest, ColumnsAreTabSeparatedAndTheRowEndsWithANewline) {
  CopyRow r;
  EXPECT_EQ(r.Text("a").Int(7).Text("").Null().Finish(), "a\t7\t\t\\N\n");
  // An empty row (one empty text column) is just the newline.
  EXPECT_EQ(r.Clear().Text("").Finish(), "\n");
}

TEST(CopyRowTest, BackslashTabNewlineAndCarriageReturnAreEscaped) {
  CopyRow r;
  EXPECT_EQ(r.Text("a\tb\nc\rd\\e").Finish(), "a\\tb\\nc\\rd\\\\e\n");
  // Every one of them at the start, the end and twice in a row.
  EXPECT_EQ(r.Clear().Text("\\\\\t\t\n\n\r\r").Finish(), "\\\\\\\\\\t\\t\\n\\n\\r\\r\n");
}

TEST(CopyRowTest, MarkersInsideValuesStayText) {
  CopyRow r;
  // `\.` on a line of its own ends COPY data; `\N` is NULL. Inside a value
  // both get their backslash doubled, so the server reads them as text.
  EXPECT_EQ(r.Text("line\n\\.\nmore").Finish(), "line\\n\\\\.\\nmore\n");
  EXPECT_EQ(r.Clear().Text("\\N").Null().Finish(), "\\\\N\t\\N\n");
  EXPECT_EQ(r.Clear().Text("\\.").Finish(), "\\\\.\n");
}

TEST(CopyRowTest, OtherBytesGoAsTheyAre) {
  CopyRow r;
  const std::string s = "O'Reilly \"q\" % _ $1 ; -- Z\xc3\xbcrich \xe2\x82\xac \x01\x7f\f\v\b";
  EXPECT_EQ(r.Text(s).Finish(), s + "\n");
}

TEST(CopyRowTest, BytesAreHexWithAnEscapedBackslash) {
  CopyRow r;
  EXPECT_EQ(r.Bytes(std::string("\0\xff\t\\A", 5)).Finish(), "\\\\x00ff095c41\n");
  EXPECT_EQ(r.Clear().Bytes("").Text("x").Finish(), "\\\\x\tx\n");
}

TEST(CopyRowTest, IntegersAndOptionals) {
  CopyRow r;
  r.Int(0)
      .Int(-1)
      .Int(std::numeric_limits<int64_t>::min())
      .Int(std::numeric_limits<int64_t>::max());
  r.Opt(std::optional<int32_t>(1500)).Opt(std::optional<int64_t>());
  EXPECT_EQ(r.Finish(), "0\t-1\t-9223372036854775808\t9223372036854775807\t1500\t\\N\n");
}

TEST(CopyRowTest, ClearForgetsThePreviousRow) {
  CopyRow r;
  (void)r.Text("first").Int(1).Finish();
  EXPECT_EQ(r.Clear().Int(2).Finish(), "2\n");
}

}  // namespace
}  // namespace levers::store_internal
