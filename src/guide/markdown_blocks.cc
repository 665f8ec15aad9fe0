#include "guide/markdown_blocks.h"

#include <md4c.h>

#include <algorithm>
#include <array>

namespace levers::internal {

namespace {

// Per byte: 1 for a Markdown mark, 2 for a line end, 0 otherwise.
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (const char c : std::string_view("\\*_`&;<>[]!|-+.)")) t[static_cast<unsigned char>(c)] = 1;
  t['\n'] = t['\r'] = 2;
  return t;
}();

// The parts of a body handed to md4c, and what was kept from it.
struct BodyPlan {
  std::vector<SourceRange> pieces;  // in file order
  std::vector<SkippedLine> skipped;
  uint32_t read_end = 0;
};

// Counts the marks of each line of text[begin, end) and splits the body around
// the lines with more than max_line_marks, up to the line that takes the marks
// and lines counted past max_body_marks.
BodyPlan PlanBody(std::string_view text, uint32_t begin, uint32_t end, size_t max_line_marks,
                  size_t max_body_marks) {
  BodyPlan plan;
  plan.read_end = end;
  // Each byte adds at most one mark or one line (plus the last line), so a
  // short body reaches neither limit: it is one piece, without a scan.
  const size_t size = end - begin;
  if (size <= max_line_marks && size < max_body_marks) {
    plan.pieces.push_back({begin, end});
    return plan;
  }
  uint32_t piece_begin = begin;
  size_t body_marks = 0;
  for (uint32_t line = begin; line < end;) {
    size_t marks = 0;
    uint32_t at = line;
    for (; at < end; ++at) {
      const uint8_t k = kByteClass[static_cast<unsigned char>(text[at])];
      if (k == 2) break;
      marks += k;
    }
    uint32_t next = at;
    if (next < end) next += text[next] == '\r' && next + 1 < end && text[next + 1] == '\n' ? 2 : 1;
    if (marks > max_line_marks) {
      if (piece_begin < line) plan.pieces.push_back({piece_begin, line});
      plan.skipped.push_back({line, marks});
      piece_begin = next;
    } else if ((body_marks += marks + 1) > max_body_marks) {
      plan.read_end = line;
      break;
    }
    line = next;
  }
  if (piece_begin < plan.read_end) plan.pieces.push_back({piece_begin, plan.read_end});
  return plan;
}

}  // namespace

uint32_t MdBlock::SourceOffset(uint32_t pos) const {
  if (segments.empty()) return range.begin;
  auto it = std::upper_bound(segments.begin(), segments.end(), pos,
                             [](uint32_t p, const auto& seg) { return p < seg.first; });
  if (it == segments.begin()) return segments.front().second;
  --it;
  return it->second + (pos - it->first);
}

std::string_view MdBlock::LeadingStrong() const {
  if (strong.empty() || strong.front().first != 0) return {};
  return std::string_view(text).substr(0, strong.front().second);
}

namespace {

// What the builder knew when md4c opened a recorded block, for placing blocks md4c
// reports no text for (see PlaceTextlessBlocks).
struct BlockStart {
  uint32_t text_before = 0;  // end of the last text md4c reported before the block
  bool any_text_before = false;
  uint32_t silent_lines = 0;  // lines since that text that md4c reported no text for
  bool nested = false;        // opened inside the previous block before that block had text
  bool has_text = false;
  uint32_t table_row = 0;  // kTableRow: 0 for the head row, then 1, 2 ... for the body rows
};

struct Builder {
  const char* doc = nullptr;
  uint32_t size = 0;
  uint32_t base = 0;
  std::vector<MdBlock> blocks;
  bool open = false;           // blocks.back() is being filled
  bool range_started = false;  // blocks.back().range.begin is set
  size_t max_blocks = 0;
  bool truncated = false;
  MdBlock overflow;
  int quote_depth = 0;
  int list_item_depth = 0;
  bool ordered_list = false;
  int tables = 0;
  unsigned table_columns = 0;  // of the table being read
  bool in_head = false;
  bool in_cell = false;
  std::vector<uint32_t> strong_starts;
  // Parallel to `blocks`.
  std::vector<BlockStart> starts;
  uint32_t last_text_end = 0;
  bool any_text = false;
  uint32_t silent_lines = 0;  // since the last text: see BlockStart
  uint32_t table_rows = 0;    // rows of the current table opened so far
  bool in_fenced_code = false;
  bool code_had_text = false;

  MdBlock& Start(MdBlock::Kind kind) {
    const bool nested = open && !range_started;
    Finish();
    if (blocks.size() >= max_blocks) {
      truncated = true;
      overflow = MdBlock();
      return overflow;  // filled and thrown away; open stays false so no text is kept
    }
    blocks.emplace_back();
    starts.push_back({last_text_end, any_text, silent_lines, nested, false, 0});
    if (kind == MdBlock::Kind::kTableRow) starts.back().table_row = table_rows - 1;
    MdBlock& b = blocks.back();
    b.kind = kind;
    b.in_quote = quote_depth > 0;
    if (kind != MdBlock::Kind::kTableRow) {
      // Room for a typical paragraph and its text runs up front, instead of
      // growing through several reallocations (a table row's text is in its cells).
      b.text.reserve(192);
      b.segments.reserve(8);
    }
    open = true;
    range_started = false;
    silent_lines = 0;  // the lines counted so far lie before this block
    return b;
  }
  // An ATX heading has its '#' marks before its text on the text's line; a setext
  // heading has none there, and its underline is one more line without text.
  bool IsSetextHeading(const MdBlock& heading) const {
    for (uint32_t at = heading.range.begin - base; at > 0; --at) {
      const char c = doc[at - 1];
      if (c == '\n' || c == '\r') return true;
      if (c == '#') return false;
    }
    return true;
  }
  void Finish() {
    if (!open) return;
    MdBlock& b = blocks.back();
    // Trim trailing spaces of the plain text.
    while (!b.text.empty() && (b.text.back() == ' ' || b.text.back() == '\n')) b.text.pop_back();
    open = false;
    strong_starts.clear();
  }

  // The cells of the open body row past the table's columns, read from the
  // row's line after its last text: md4c reports cells up to the column count
  // only. After that text come the rest of its cell, the row's remaining (empty)
  // columns, each opened by an unescaped '|', then the cells past them.
  void FindOverflow() {
    MdBlock& row = blocks.back();
    size_t last = row.cells.size();  // the cell holding the row's last text
    while (last > 0 && row.cells[last - 1].range.end != row.range.end) --last;
    if (last == 0) return;
    size_t columns_left = row.cells.size() - last;
    uint32_t at = row.range.end - base;
    uint32_t from = 0, to = 0;  // the overflow's text, trimmed, in `doc`
    bool past = false;          // in a cell past the table's columns
    for (; at < size && doc[at] != '\n' && doc[at] != '\r'; ++at) {
      const char c = doc[at];
      if (c == '\\' && at + 1 < size && doc[at + 1] == '|') {
        ++at;
      } else if (c == '|') {
        if (!past && columns_left == 0) past = true;
        if (columns_left > 0) --columns_left;
        continue;
      }
      if (!past || c == ' ' || c == '\t') continue;
      if (to == 0) from = at;
      to = at + 1;
    }
    if (to == 0) return;
    row.overflow.text.assign(doc + from, to - from);
    row.overflow.range = {base + from, base + to};
  }

  void Text(MD_TEXTTYPE type, const char* p, uint32_t n) {
    const bool inside = p >= doc && p < doc + size;
    const uint32_t off = inside ? base + static_cast<uint32_t>(p - doc) : 0;
    if (inside && n > 0) {
      last_text_end = off + n;
      any_text = true;
      silent_lines = 0;
      code_had_text = code_had_text || in_fenced_code;
    }
    if (!open) return;
    MdBlock& b = blocks.back();
    std::string& out = in_cell ? b.cells.back().text : b.text;
    if (inside) {
      if (!range_started) {
        b.range.begin = off;
        range_started = true;
        starts.back().has_text = true;
      }
      b.range.end = off + n;
      if (in_cell) {
        TableCell& c = b.cells.back();
        if (c.text.empty()) c.range.begin = off;
        c.range.end = off + n;
      } else {
        b.segments.emplace_back(static_cast<uint32_t>(out.size()), off);
      }
    }
    switch (type) {
      case MD_TEXT_SOFTBR:
        out += ' ';
        break;
      case MD_TEXT_BR:
        out += '\n';
        break;
      case MD_TEXT_NULLCHAR:
        out += "\xEF\xBF\xBD";
        break;
      case MD_TEXT_ENTITY: {
        std::string_view e(p, n);
        if (e == "&amp;")
          out += '&';
        else if (e == "&lt;")
          out += '<';
        else if (e == "&gt;")
          out += '>';
        else if (e == "&quot;")
          out += '"';
        else if (e == "&nbsp;")
          out += ' ';
        else
          out.append(p, n);
        break;
      }
      default:
        out.append(p, n);
        break;
    }
  }
};

int EnterBlock(MD_BLOCKTYPE type, void* detail, void* userdata) {
  auto& b = *static_cast<Builder*>(userdata);
  switch (type) {
    case MD_BLOCK_QUOTE:
      ++b.quote_depth;
      break;
    case MD_BLOCK_OL:
      b.ordered_list = true;
      break;
    case MD_BLOCK_UL:
      b.ordered_list = false;
      break;
    case MD_BLOCK_LI: {
      ++b.list_item_depth;
      MdBlock& blk = b.Start(MdBlock::Kind::kListItem);
      blk.ordered = b.ordered_list;
      break;
    }
    case MD_BLOCK_H: {
      MdBlock& blk = b.Start(MdBlock::Kind::kHeading);
      blk.heading_level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      break;
    }
    case MD_BLOCK_P:
      if (b.list_item_depth > 0 && b.open) {
        if (!b.blocks.back().text.empty()) b.blocks.back().text += ' ';
      } else {
        b.Start(MdBlock::Kind::kParagraph);
      }
      break;
    case MD_BLOCK_TABLE:
      ++b.tables;
      b.table_rows = 0;
      b.table_columns = static_cast<MD_BLOCK_TABLE_DETAIL*>(detail)->col_count;
      break;
    case MD_BLOCK_HR:
      ++b.silent_lines;
      break;
    case MD_BLOCK_CODE:
      b.in_fenced_code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char != 0;
      b.code_had_text = false;
      break;
    case MD_BLOCK_THEAD:
      b.in_head = true;
      break;
    case MD_BLOCK_TBODY:
      b.in_head = false;
      break;
    case MD_BLOCK_TR: {
      ++b.table_rows;
      MdBlock& blk = b.Start(MdBlock::Kind::kTableRow);
      // Room for the row's cells up front (md4c gives every row the table's
      // column count); capped, as a hostile table may have hundreds.
      blk.cells.reserve(std::min<unsigned>(b.table_columns, 16));
      blk.header_row = b.in_head;
      blk.table_index = b.tables - 1;
      break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (b.open) {
        b.blocks.back().cells.emplace_back();
        b.in_cell = true;
      }
      break;
    default:
      break;
  }
  return 0;
}

int LeaveBlock(MD_BLOCKTYPE type, void*, void* userdata) {
  auto& b = *static_cast<Builder*>(userdata);
  switch (type) {
    case MD_BLOCK_THEAD:
      ++b.silent_lines;  // the delimiter row under the head row
      break;
    case MD_BLOCK_CODE:
      // The closing fence, and the opening one when no code line came after it.
      if (b.in_fenced_code) b.silent_lines += b.code_had_text ? 1 : 2;
      b.in_fenced_code = false;
      break;
    case MD_BLOCK_QUOTE:
      b.Finish();
      --b.quote_depth;
      break;
    case MD_BLOCK_LI:
      b.Finish();
      --b.list_item_depth;
      break;
    case MD_BLOCK_H:
      if (b.open && b.range_started && b.IsSetextHeading(b.blocks.back())) ++b.silent_lines;
      b.Finish();
      break;
    case MD_BLOCK_P:
      if (b.list_item_depth == 0) b.Finish();
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      b.in_cell = false;
      break;
    case MD_BLOCK_TR:
      if (b.open && b.range_started && !b.in_head) b.FindOverflow();
      b.Finish();
      break;
    default:
      break;
  }
  return 0;
}

int EnterSpan(MD_SPANTYPE type, void*, void* userdata) {
  auto& b = *static_cast<Builder*>(userdata);
  if (type == MD_SPAN_STRONG && b.open && !b.in_cell) {
    b.strong_starts.push_back(static_cast<uint32_t>(b.blocks.back().text.size()));
  }
  return 0;
}

int LeaveSpan(MD_SPANTYPE type, void*, void* userdata) {
  auto& b = *static_cast<Builder*>(userdata);
  if (type == MD_SPAN_STRONG && b.open && !b.in_cell && !b.strong_starts.empty()) {
    MdBlock& blk = b.blocks.back();
    // Kept sorted: an inner span closes before the span around it, which
    // starts earlier, so most spans go at the end.
    const std::pair<uint32_t, uint32_t> span(b.strong_starts.back(),
                                             static_cast<uint32_t>(blk.text.size()));
    blk.strong.insert(std::upper_bound(blk.strong.begin(), blk.strong.end(), span), span);
    b.strong_starts.pop_back();
  }
  return 0;
}

int OnText(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<Builder*>(userdata)->Text(type, text, size);
  return 0;
}

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }
bool IsBlankOrQuote(char c) { return c == ' ' || c == '\t' || c == '>'; }

// Line arithmetic over the body's bytes, [begin, end) of the file; LF, CRLF and lone CR
// end a line, as in SourceFile.
class BodyLines {
 public:
  BodyLines(std::string_view text, uint32_t begin, uint32_t end)
      : text_(text), begin_(begin), end_(end) {}

  uint32_t LineEnd(uint32_t at) const {
    while (at < end_ && !IsLineEnd(text_[at])) ++at;
    return at;
  }
  // Start of the line after the one holding byte `at`.
  uint32_t NextLine(uint32_t at) const {
    at = LineEnd(at);
    if (at < end_ && text_[at] == '\r' && at + 1 < end_ && text_[at + 1] == '\n') ++at;
    return at < end_ ? at + 1 : at;
  }
  // Start of the line before the one starting at `line_start`.
  uint32_t PreviousLine(uint32_t line_start) const {
    if (line_start <= begin_) return begin_;
    uint32_t at = line_start - 1;  // the previous line's ending
    if (text_[at] == '\n' && at > begin_ && text_[at - 1] == '\r') --at;
    while (at > begin_ && !IsLineEnd(text_[at - 1])) --at;
    return at;
  }
  // First byte of a line's content: after indentation and block-quote marks.
  uint32_t Content(uint32_t line_start) const {
    while (line_start < end_ && IsBlankOrQuote(text_[line_start])) ++line_start;
    return line_start;
  }
  bool Blank(uint32_t line_start) const {
    const uint32_t c = Content(line_start);
    return c >= end_ || IsLineEnd(text_[c]);
  }
  // The line's content, from Content() to the line's end.
  SourceRange ContentRange(uint32_t line_start) const {
    const uint32_t c = Content(line_start);
    return {c, LineEnd(c)};
  }
  // Past a list item's marker ("-", "+", "*", "1.", "1)") and the spaces and quote
  // marks after it: where a block nested on the item's first line begins.
  uint32_t AfterListMarker(uint32_t at) const {
    if (at < end_ && (text_[at] == '-' || text_[at] == '+' || text_[at] == '*')) {
      ++at;
    } else {
      while (at < end_ && text_[at] >= '0' && text_[at] <= '9') ++at;
      if (at < end_ && (text_[at] == '.' || text_[at] == ')')) ++at;
    }
    while (at < end_ && IsBlankOrQuote(text_[at])) ++at;
    return at;
  }
  uint32_t end() const { return end_; }

 private:
  std::string_view text_;
  uint32_t begin_, end_;
};

// Gives a range to every block md4c reported no text for ("- " with nothing after it,
// a table row of empty cells), which otherwise would have none: md4c reports
// offsets only for text. Each such block gets the content of its own line.
//
// A table row is placed exactly: the rows of a table are consecutive lines, the
// head row, the delimiter row, then one line per body row, so a row's line follows
// from any row of the same table that has text (or, for a table with no text at
// all, from its head row placed as below).
//
// Any other block starts on the first line after what md4c reported before it:
// the line after the last text (of any block, code included) or after the
// previous block's line, skipping blank lines, the lines not given to md4c
// (`skipped`) and the lines md4c consumed without text in between (thematic
// breaks, code fences, a table's delimiter row, a setext underline). A block opened inside a list
// item that had no text yet is on that item's line when the item's marker is followed by more
// content there
// ("- - - x"). This is exact for everything md4c reports; the one construct it
// reports nothing for, a link reference definition, would shift a following
// text-less block down by its lines.
void PlaceTextlessBlocks(std::string_view text, uint32_t begin, uint32_t end,
                         std::vector<MdBlock>& blocks, const std::vector<BlockStart>& starts,
                         const std::vector<SkippedLine>& skipped) {
  const BodyLines lines(text, begin, end);
  // The line of each table's head row, known from its first row with text (the
  // rows come before the placement of their text-less siblings, so found first).
  std::vector<std::pair<int, uint32_t>> table_heads;  // (table_index, head line start)
  auto line_start_of = [&](uint32_t at) {
    while (at > begin && !IsLineEnd(text[at - 1])) --at;
    return at;
  };
  for (size_t i = 0; i < blocks.size(); ++i) {
    const MdBlock& b = blocks[i];
    if (b.kind != MdBlock::Kind::kTableRow || !starts[i].has_text) continue;
    if (!table_heads.empty() && table_heads.back().first == b.table_index) continue;
    uint32_t line = line_start_of(b.range.begin);
    const uint32_t row = starts[i].table_row;
    for (uint32_t k = 0; k < (row == 0 ? 0 : row + 1); ++k) line = lines.PreviousLine(line);
    table_heads.emplace_back(b.table_index, line);
  }
  size_t next_head = 0;
  // The table row last placed: (table_index, row, line start), to step line by line.
  int cursor_table = -1;
  uint32_t cursor_row = 0, cursor_line = 0;

  for (size_t i = 0; i < blocks.size(); ++i) {
    MdBlock& b = blocks[i];
    const BlockStart& s = starts[i];
    while (next_head < table_heads.size() && table_heads[next_head].first < b.table_index &&
           b.kind == MdBlock::Kind::kTableRow)
      ++next_head;
    if (s.has_text) continue;
    if (b.kind == MdBlock::Kind::kTableRow) {
      const uint32_t line_index = s.table_row == 0 ? 0 : s.table_row + 1;
      if (cursor_table != b.table_index && next_head < table_heads.size() &&
          table_heads[next_head].first == b.table_index) {
        cursor_table = b.table_index;
        cursor_row = 0;
        cursor_line = table_heads[next_head].second;
      }
      if (cursor_table == b.table_index) {
        for (; cursor_row < line_index; ++cursor_row) cursor_line = lines.NextLine(cursor_line);
        b.range = lines.ContentRange(cursor_line);
        continue;
      }
      // A table with no text at all: its head row is placed as any other block.
    }
    const MdBlock* prev = i > 0 ? &blocks[i - 1] : nullptr;
    if (s.nested && prev != nullptr) {
      const uint32_t after = lines.AfterListMarker(prev->range.begin);
      if (after < end && !IsLineEnd(text[after])) {
        b.range = {after, prev->range.end};
        continue;
      }
    }
    uint32_t line = begin;
    if (prev != nullptr || s.any_text_before) {
      uint32_t after = s.any_text_before ? s.text_before : begin;
      if (prev != nullptr) after = std::max(after, prev->range.end);
      line = lines.NextLine(after > begin ? after - 1 : begin);
    }
    for (uint32_t silent = s.silent_lines; line < end; line = lines.NextLine(line)) {
      if (lines.Blank(line) ||
          (!skipped.empty() && std::ranges::binary_search(skipped, line, {}, &SkippedLine::begin)))
        continue;
      if (silent == 0) break;
      --silent;
    }
    b.range = lines.ContentRange(line);
    if (b.kind == MdBlock::Kind::kTableRow) {
      cursor_table = b.table_index;
      cursor_row = s.table_row == 0 ? 0 : s.table_row + 1;
      cursor_line = line;
    }
  }
}

}  // namespace

MdBlocks ParseMarkdownBlocks(const SourceFile& file, uint32_t begin, uint32_t end,
                             size_t max_blocks, size_t max_line_marks, size_t max_body_marks) {
  BodyPlan plan = PlanBody(file.text(), begin, end, max_line_marks, max_body_marks);
  Builder b;
  b.max_blocks = max_blocks;
  // A guide body has a few dozen blocks: start with room for them rather than
  // moving every block through several reallocations.
  b.blocks.reserve(std::min<size_t>(max_blocks, 48));
  b.starts.reserve(b.blocks.capacity());
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_NOHTML;
  parser.enter_block = EnterBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = EnterSpan;
  parser.leave_span = LeaveSpan;
  parser.text = OnText;
  for (const SourceRange& piece : plan.pieces) {
    if (b.truncated) break;  // nothing more is recorded
    b.doc = file.text().data() + piece.begin;
    b.size = piece.end - piece.begin;
    b.base = piece.begin;
    md_parse(b.doc, b.size, &parser, &b);
    b.Finish();
  }
  PlaceTextlessBlocks(file.text(), begin, plan.read_end, b.blocks, b.starts, plan.skipped);
  return MdBlocks{std::move(b.blocks), b.truncated, std::move(plan.skipped), plan.read_end};
}

}  // namespace levers::internal
