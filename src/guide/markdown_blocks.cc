#include "guide/markdown_blocks.h"

#include <md4c.h>

#include <algorithm>

namespace levers::internal {

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

  MdBlock& Start(MdBlock::Kind kind) {
    Finish();
    if (blocks.size() >= max_blocks) {
      truncated = true;
      overflow = MdBlock();
      return overflow;  // filled and thrown away; open stays false so no text is kept
    }
    blocks.emplace_back();
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
    return b;
  }
  void Finish() {
    if (!open) return;
    MdBlock& b = blocks.back();
    // Trim trailing spaces of the plain text.
    while (!b.text.empty() && (b.text.back() == ' ' || b.text.back() == '\n')) b.text.pop_back();
    open = false;
    strong_starts.clear();
  }

  void Text(MD_TEXTTYPE type, const char* p, uint32_t n) {
    if (!open) return;
    MdBlock& b = blocks.back();
    std::string& out = in_cell ? b.cells.back().text : b.text;
    const bool inside = p >= doc && p < doc + size;
    const uint32_t off = inside ? base + static_cast<uint32_t>(p - doc) : 0;
    if (inside) {
      if (!range_started) {
        b.range.begin = off;
        range_started = true;
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
      b.table_columns = static_cast<MD_BLOCK_TABLE_DETAIL*>(detail)->col_count;
      break;
    case MD_BLOCK_THEAD:
      b.in_head = true;
      break;
    case MD_BLOCK_TBODY:
      b.in_head = false;
      break;
    case MD_BLOCK_TR: {
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
    case MD_BLOCK_QUOTE:
      b.Finish();
      --b.quote_depth;
      break;
    case MD_BLOCK_LI:
      b.Finish();
      --b.list_item_depth;
      break;
    case MD_BLOCK_H:
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

}  // namespace

MdBlocks ParseMarkdownBlocks(const SourceFile& file, uint32_t begin, uint32_t end,
                             size_t max_blocks) {
  Builder b;
  b.max_blocks = max_blocks;
  // A guide body has a few dozen blocks: start with room for them rather than
  // moving every block through several reallocations.
  b.blocks.reserve(std::min<size_t>(max_blocks, 48));
  b.doc = file.text().data() + begin;
  b.size = end - begin;
  b.base = begin;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_NOHTML;
  parser.enter_block = EnterBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = EnterSpan;
  parser.leave_span = LeaveSpan;
  parser.text = OnText;
  md_parse(b.doc, b.size, &parser, &b);
  b.Finish();
  return MdBlocks{std::move(b.blocks), b.truncated};
}

}  // namespace levers::internal
