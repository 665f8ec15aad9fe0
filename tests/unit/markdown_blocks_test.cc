#include "guide/markdown_blocks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace levers::internal {
namespace {

// Each block's kind initial, text and where its range starts, as "K text @line:column".
std::vector<std::string> Placed(const std::string& text, size_t max_blocks = 100) {
  SourceFile file("t.md", text);
  MdBlocks blocks =
      ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(file.text().size()), max_blocks);
  std::vector<std::string> out;
  for (const MdBlock& b : blocks.blocks) {
    const char kind = b.kind == MdBlock::Kind::kHeading     ? 'H'
                      : b.kind == MdBlock::Kind::kParagraph ? 'P'
                      : b.kind == MdBlock::Kind::kListItem  ? 'L'
                                                            : 'R';
    const LineColumn begin = file.Locate(b.range.begin);
    const LineColumn end = file.Locate(b.range.end);
    std::string shown = b.text;
    for (const TableCell& c : b.cells) shown.append("|").append(c.text);
    std::string entry(1, kind);
    entry += ' ';
    entry += shown;
    entry += " @";
    entry += std::to_string(begin.line);
    entry += ':';
    entry += std::to_string(begin.column);
    // A block never ends on another line than its own unless its text does.
    if (end.line != begin.line) entry.append("-").append(std::to_string(end.line));
    out.push_back(entry);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(PlaceTextlessBlocks, TableRowsWithoutTextSitOnTheirOwnLine) {
  EXPECT_EQ(
      Placed("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| | |\n|  |\n| 3 | 4 |\n"),
      (Lines{"H T @1:3", "R |a|b @3:3", "R |1|2 @5:3", "R || @6:1", "R || @7:1", "R |3|4 @8:3"}));
  // Rows before the first row with text: counted back from it, past the delimiter row.
  EXPECT_EQ(Placed("para\n\n| | |\n|---|---|\n| | |\n| 1 | 2 |\n"),
            (Lines{"P para @1:1", "R || @3:1", "R || @5:1", "R |1|2 @6:3"}));
  // No text in the whole table: the head row is the first line after the paragraph.
  EXPECT_EQ(Placed("para\n\n\n| | |\n|---|---|\n| | |\n"),
            (Lines{"P para @1:1", "R || @4:1", "R || @6:1"}));
  // CRLF and lone CR line endings, a table in a block quote.
  EXPECT_EQ(Placed("| a |\r\n|---|\r\n| |\r\n| b |\r\n"),
            (Lines{"R |a @1:3", "R | @3:1", "R |b @4:3"}));
  EXPECT_EQ(Placed("| a |\r|---|\r| |\r"), (Lines{"R |a @1:3", "R | @3:1"}));
  EXPECT_EQ(Placed("> | a |\n> |---|\n> | |\n"), (Lines{"R |a @1:5", "R | @3:3"}));
}

TEST(PlaceTextlessBlocks, EmptyListItemsAndHeadings) {
  EXPECT_EQ(Placed("para\n\n-\n-\n\n- x\n"),
            (Lines{"P para @1:1", "L  @3:1", "L  @4:1", "L x @6:3"}));
  // Nested on one line: each item starts after the marker of the one around it.
  EXPECT_EQ(Placed("para\n\n- - 1. x\n"), (Lines{"P para @1:1", "L  @3:1", "L  @3:3", "L x @3:8"}));
  EXPECT_EQ(Placed("- + *\n"), (Lines{"L  @1:1", "L  @1:3", "L  @1:5"}));
  // The first line of an item may be empty; its content starts on the next line.
  EXPECT_EQ(Placed("-\n  -\n    - x\n"), (Lines{"L  @1:1", "L  @2:3", "L x @3:7"}));
  EXPECT_EQ(Placed("#\n\n##\n"), (Lines{"H  @1:1", "H  @3:1"}));
  EXPECT_EQ(Placed("> para\n>\n> -\n"), (Lines{"P para @1:3", "L  @3:3"}));
}

TEST(PlaceTextlessBlocks, LinesWithoutTextBetweenAreSkipped) {
  // A thematic break, a fenced code block (with and without code), a setext
  // underline and a table's delimiter row come between the text and the block.
  EXPECT_EQ(Placed("para\n\n---\n\n-\n"), (Lines{"P para @1:1", "L  @5:1"}));
  EXPECT_EQ(Placed("para\n\n```\ncode\n```\n-\n"), (Lines{"P para @1:1", "L  @6:1"}));
  EXPECT_EQ(Placed("para\n\n```\n```\n-\n"), (Lines{"P para @1:1", "L  @5:1"}));
  EXPECT_EQ(Placed("Title\n=====\n-\n"), (Lines{"H Title @1:1", "L  @3:1"}));
  EXPECT_EQ(Placed("# Title #\n-\n"), (Lines{"H Title @1:3", "L  @2:1"}));
  EXPECT_EQ(Placed("| a |\n|---|\n\n-\n"), (Lines{"R |a @1:3", "L  @4:1"}));
  EXPECT_EQ(Placed("-\n\n---\n\n-\n"), (Lines{"L  @1:1", "L  @5:1"}));
}

TEST(PlaceTextlessBlocks, TheLastRecordedBlockOfATruncatedBody) {
  std::string text = "para\n\n";
  for (int i = 0; i < 10; ++i) text += "-\n";
  SourceFile file("t.md", text);
  MdBlocks blocks = ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(text.size()), 5);
  ASSERT_TRUE(blocks.truncated);
  ASSERT_EQ(blocks.blocks.size(), 5u);
  EXPECT_EQ(file.Locate(blocks.blocks.back().range.begin).line, 6u);
  EXPECT_EQ(file.Locate(blocks.blocks.back().range.end).line, 6u);

  // 1,000 items nested on one line: every recorded one is on it.
  text = "para\n\n";
  for (int i = 0; i < 1000; ++i) text += "- ";
  text += "x\n";
  SourceFile nested("n.md", text);
  blocks = ParseMarkdownBlocks(nested, 0, static_cast<uint32_t>(text.size()), 100);
  ASSERT_TRUE(blocks.truncated);
  ASSERT_EQ(blocks.blocks.size(), 100u);
  const LineColumn last = nested.Locate(blocks.blocks.back().range.begin);
  EXPECT_EQ(last.line, 3u);
  EXPECT_EQ(last.column, 2u * 98 + 1);  // the 99th item's marker
}

// Each block as "K text @line:column" (see Placed), parsed with mark limits.
std::vector<std::string> Texts(const SourceFile& file, const MdBlocks& blocks) {
  std::vector<std::string> out;
  for (const MdBlock& b : blocks.blocks) {
    const LineColumn at = file.Locate(b.range.begin);
    out.push_back(b.text + " @" + std::to_string(at.line) + ":" + std::to_string(at.column));
  }
  return out;
}

TEST(MarkdownMarks, ALineWithTooManyMarksIsNotParsedAndTheRestIs) {
  // Line 3 has 8 marks ("[[", "**" twice, "!", "."), one more than allowed; CRLF and a
  // lone CR end lines as LF does.
  const std::string text = "para one.\r\n\r\n[[ **x** !.\rafter *it*\n\n- item\n";
  SourceFile file("t.md", text);
  MdBlocks blocks = ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(text.size()), 100, 7);
  EXPECT_EQ(Texts(file, blocks), (Lines{"para one. @1:1", "after it @4:1", "item @6:3"}));
  ASSERT_EQ(blocks.skipped_lines.size(), 1u);
  EXPECT_EQ(file.Locate(blocks.skipped_lines[0].begin).line, 3u);
  EXPECT_EQ(blocks.skipped_lines[0].marks, 8u);
  EXPECT_EQ(blocks.read_end, text.size());
  EXPECT_FALSE(blocks.truncated);

  // A block without text after a skipped line is placed on its own line.
  const std::string after = "para\n[[[[[\n-\n";
  SourceFile after_file("a.md", after);
  blocks = ParseMarkdownBlocks(after_file, 0, static_cast<uint32_t>(after.size()), 100, 4);
  EXPECT_EQ(Texts(after_file, blocks), (Lines{"para @1:1", " @3:1"}));

  // At the limit the line is read, as a whole body is without limits.
  blocks = ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(text.size()), 100, 8);
  EXPECT_EQ(Texts(file, blocks), (Lines{"para one. @1:1", "[[ x !. after it @3:1", "item @6:3"}));
  EXPECT_TRUE(blocks.skipped_lines.empty());
}

TEST(MarkdownMarks, TheBodyStopsAtTheLineThatPassesItsMarks) {
  // Marks and lines counted up to each line: "a." 2, the blank line 3, "[b]" 6,
  // "c" 7, the blank line 8, "d" 9.
  const std::string text = "a.\n\n[b]\nc\n\nd\n";
  SourceFile file("t.md", text);
  MdBlocks blocks =
      ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(text.size()), 100, SIZE_MAX, 6);
  EXPECT_EQ(Texts(file, blocks), (Lines{"a. @1:1", "[b] @3:1"}));
  EXPECT_EQ(file.Locate(blocks.read_end).line, 4u);
  EXPECT_TRUE(blocks.skipped_lines.empty());

  blocks = ParseMarkdownBlocks(file, 0, static_cast<uint32_t>(text.size()), 100, SIZE_MAX, 9);
  EXPECT_EQ(Texts(file, blocks), (Lines{"a. @1:1", "[b] c @3:1", "d @6:1"}));
  EXPECT_EQ(blocks.read_end, text.size());
}

}  // namespace
}  // namespace levers::internal
