// MarkdownBlocks: a guide body as a flat list of blocks (headings, paragraphs,
// list items, table rows), each with its plain text and a map from positions in
// that text back to byte offsets in the file.
//
// Parsing is md4c's (CommonMark with GitHub tables); this file only records what
// md4c reports. Raw HTML is treated as text, so "<script>" stays text in the
// model. Thread-safe: no shared state.
#ifndef LEVERS_GUIDE_MARKDOWN_BLOCKS_H_
#define LEVERS_GUIDE_MARKDOWN_BLOCKS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/source.h"

namespace levers::internal {

struct TableCell {
  std::string text;
  SourceRange range;
};

struct MdBlock {
  enum class Kind { kHeading, kParagraph, kListItem, kTableRow };
  Kind kind = Kind::kParagraph;
  int heading_level = 0;    // kHeading
  bool ordered = false;     // kListItem in an ordered list
  bool in_quote = false;    // inside a block quote
  bool header_row = false;  // kTableRow in the table head
  int table_index = 0;      // kTableRow: which table of the document (0-based)
  std::string text;         // plain text, inline markup removed
  std::vector<std::pair<uint32_t, uint32_t>> strong;  // [begin, end) in `text` of **bold** spans
  std::vector<TableCell> cells;                       // kTableRow
  // kTableRow in the body of a table: the cells past the table's columns, which
  // md4c drops, as written ("EUR999K | x") and where; empty when there are none
  // or they are all empty.
  TableCell overflow;
  SourceRange range;

  // Byte offset in the file of position `pos` of `text`.
  uint32_t SourceOffset(uint32_t pos) const;
  SourceRange SourceSpan(uint32_t begin, uint32_t end) const {
    return {SourceOffset(begin), SourceOffset(end)};
  }
  // The text of a bold span that starts the block, e.g. "Negotiation DNA:"; empty if none.
  std::string_view LeadingStrong() const;

  std::vector<std::pair<uint32_t, uint32_t>> segments;  // (text position, file offset)
};

// A body line not handed to md4c: it has more Markdown marks than allowed.
struct SkippedLine {
  uint32_t begin = 0;  // file offset of the line's first byte
  size_t marks = 0;    // its Markdown marks
};

struct MdBlocks {
  std::vector<MdBlock> blocks;
  bool truncated = false;  // more than max_blocks: the rest were not recorded
  std::vector<SkippedLine> skipped_lines;
  // File offset where the body stopped being read: the start of the line that
  // took it past max_body_marks, or the body's end when it was read whole.
  uint32_t read_end = 0;
};

// Parses file.text()[begin, end) as Markdown, recording at most `max_blocks`
// blocks so that memory stays proportional to that bound, not to the input.
// md4c's own memory grows with the marks and lines it is given, so a line with
// more than `max_line_marks` marks is not given to it (see skipped_lines), and
// neither is the rest of the body once the marks and lines given pass
// `max_body_marks` (see read_end). Never fails: md4c accepts any input.
MdBlocks ParseMarkdownBlocks(const SourceFile& file, uint32_t begin, uint32_t end,
                             size_t max_blocks, size_t max_line_marks = SIZE_MAX,
                             size_t max_body_marks = SIZE_MAX);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_MARKDOWN_BLOCKS_H_
