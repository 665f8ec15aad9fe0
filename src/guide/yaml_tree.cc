#include "guide/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>

namespace levers::internal {

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.kind == Kind::kScalar && k.scalar == key) return &v;
  }
  return nullptr;
}

namespace {

// True when no byte has its high bit set; eight bytes at a time.
bool IsAscii(std::string_view text) {
  size_t i = 0;
  uint64_t high = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
  return (high & 0x8080808080808080ull) == 0;
}

// Maps libyaml's marks (0-based line, column in characters, relative to the
// YAML text) to byte offsets in the whole file. The one place that does so.
class MarkMapper {
 public:
  MarkMapper(std::string_view text, uint32_t base) : text_(text), base_(base) {
    ascii_ = IsAscii(text);
    if (ascii_) return;
    // Line breaks as libyaml counts them: LF, CRLF, CR, U+0085, U+2028, U+2029.
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < text_.size(); ++i) {
      const std::string_view rest = text_.substr(i);
      if (text_[i] == '\n' || (text_[i] == '\r' && !rest.starts_with("\r\n"))) {
        line_starts_.push_back(i + 1);
      } else if (rest.starts_with("\xC2\x85")) {
        line_starts_.push_back(i + 2);
      } else if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9")) {
        line_starts_.push_back(i + 3);
      }
    }
  }

  // A byte offset in the YAML text (libyaml's reader errors give one).
  uint32_t ByteOffset(size_t offset) const {
    return base_ + static_cast<uint32_t>(std::min(offset, text_.size()));
  }

  uint32_t Offset(const yaml_mark_t& mark) const {
    // libyaml counts characters; in ASCII text that is the byte offset.
    if (ascii_) return base_ + static_cast<uint32_t>(std::min<size_t>(mark.index, text_.size()));
    if (mark.line >= line_starts_.size()) return base_ + static_cast<uint32_t>(text_.size());
    uint32_t i = line_starts_[mark.line];
    for (size_t col = 0;
         col < mark.column && i < text_.size() && text_[i] != '\n' && text_[i] != '\r'; ++col) {
      ++i;
      while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
    }
    return base_ + i;
  }

 private:
  std::string_view text_;
  uint32_t base_;
  bool ascii_ = false;
  std::vector<uint32_t> line_starts_;
};

// An open sequence or mapping. Nodes are built in place, in the vector of the
// container that holds them: no node is moved once made. `node` stays valid
// while the frame is open because a container's vector only grows while that
// container is the innermost open one, when nothing on the stack points into it.
struct Frame {
  YamlNode* node;
  bool has_key = false;  // a mapping whose last entry still waits for its value
};

// Owns a parser and an event so every exit path releases them.
struct ParserGuard {
  yaml_parser_t parser;
  ParserGuard() { yaml_parser_initialize(&parser); }
  ~ParserGuard() { yaml_parser_delete(&parser); }
};
struct EventGuard {
  // Not zeroed here: yaml_parser_parse clears it first, and it is read only
  // after a parse succeeded.
  yaml_event_t event;
  bool live = false;
  ~EventGuard() { Reset(); }
  void Reset() {
    if (live) yaml_event_delete(&event);
    live = false;
  }
};

// A libyaml syntax error in plain words, where the text shows its cause for
// sure: a tab where YAML wants spaces, and a ':' libyaml cannot place, either
// in a value that holds ': ' unquoted or on a line indented under a key that
// already has a value. `at` is the error's byte offset in `text`; it may be
// moved to where the fix goes. nullopt leaves libyaml's own words.
struct PlainSyntaxError {
  std::string message;
  size_t at;
};

size_t LineStart(std::string_view text, size_t at) {
  while (at > 0 && text[at - 1] != '\n' && text[at - 1] != '\r') --at;
  return at;
}

size_t LineEnd(std::string_view text, size_t at) {
  while (at < text.size() && text[at] != '\n' && text[at] != '\r') ++at;
  return at;
}

// The number of spaces a line starts with, a "- " of a sequence item counted
// as indentation too (its keys line up with the key after it).
size_t Indent(std::string_view line) {
  size_t i = 0;
  while (i < line.size() &&
         (line[i] == ' ' || (line[i] == '-' && i + 1 < line.size() && line[i + 1] == ' ')))
    ++i;
  return i;
}

// 1-based, for naming a line in a message.
size_t LineNumber(std::string_view text, size_t at, size_t first_line) {
  size_t n = first_line;
  for (size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++n;
  }
  return n;
}

std::optional<PlainSyntaxError> ExplainSyntaxError(std::string_view text, size_t at,
                                                   std::string_view problem, size_t first_line) {
  if (at < text.size() && text[at] == '\t') {
    return PlainSyntaxError{
        "a tab character; YAML indents with spaces, never tabs: replace it with spaces", at};
  }
  if (at >= text.size()) return std::nullopt;
  const size_t start = LineStart(text, at);
  const std::string_view line = text.substr(start, LineEnd(text, at) - start);
  const size_t indent = Indent(line);
  // The line above that is not blank or a comment: its start, or npos.
  auto previous_line = [&]() -> size_t {
    for (size_t end = start; end > 0;) {
      const size_t s = LineStart(text, end - 1);
      const std::string_view l = text.substr(s, LineEnd(text, s) - s);
      const size_t i = Indent(l);
      if (i < l.size() && l[i] != '#') return s;
      end = s;
    }
    return std::string_view::npos;
  };
  auto spaces = [](size_t n) { return std::to_string(n) + (n == 1 ? " space" : " spaces"); };
  // A line whose key libyaml expected at another indentation ("did not find
  // expected key", or "'-' indicator" in a list of mappings), said at the
  // line's first character: indented less than the line above, but not back
  // to the key that holds it.
  if ((problem == "did not find expected key" ||
       problem == "did not find expected '-' indicator") &&
      at == start + indent) {
    const size_t prev_start = previous_line();
    if (prev_start == std::string_view::npos) return std::nullopt;
    const size_t prev_indent =
        Indent(text.substr(prev_start, LineEnd(text, prev_start) - prev_start));
    if (prev_indent <= indent) return std::nullopt;
    return PlainSyntaxError{"this line is indented less than line " +
                                std::to_string(LineNumber(text, prev_start, first_line)) +
                                " above it (" + spaces(prev_indent) + " there, " + spaces(indent) +
                                " here) but not as little as the key that holds them; give the "
                                "keys of one mapping the same indentation",
                            at};
  }
  if (problem != "mapping values are not allowed in this context" || text[at] != ':')
    return std::nullopt;
  const size_t colon = at - start;
  // "label: Acme: EM": a key, then a value that holds ': '.
  const size_t first = line.find(": ", indent);
  if (first != std::string_view::npos && first < colon) {
    const std::string_view key = line.substr(indent, first - indent);
    std::string_view value = line.substr(first + 2);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    const bool plain_key = !key.empty() && key.find_first_of("\"'#{}[]") == std::string_view::npos;
    // Double quotes unless the value holds one or a backslash (an escape
    // in double quotes), then single quotes, which escape nothing; no
    // suggestion when '#' may start a comment or both kinds of quote occur.
    std::string fix;
    if (plain_key && value.find('#') == std::string_view::npos) {
      if (value.find_first_of("\"\\") == std::string_view::npos)
        fix = " (" + std::string(key) + ": \"" + std::string(value) + "\")";
      else if (value.find('\'') == std::string_view::npos)
        fix = " (" + std::string(key) + ": '" + std::string(value) + "')";
    }
    return PlainSyntaxError{"the value of '" + std::string(key) +
                                "' holds ': ', which YAML reads as another key; put the value "
                                "in quotes" +
                                fix,
                            start + first + 2};
  }
  // A key on a line indented further than the line above it, which has a
  // value: YAML reads the line as more of that value.
  const size_t prev_start = previous_line();
  if (prev_start == std::string_view::npos) return std::nullopt;
  const std::string_view prev = text.substr(prev_start, LineEnd(text, prev_start) - prev_start);
  const size_t prev_indent = Indent(prev);
  const size_t prev_colon = prev.find(": ", prev_indent);
  if (prev_indent >= indent || prev_colon == std::string_view::npos) return std::nullopt;
  const std::string_view prev_key = prev.substr(prev_indent, prev_colon - prev_indent);
  return PlainSyntaxError{"this line is indented further than line " +
                              std::to_string(LineNumber(text, prev_start, first_line)) +
                              " above it, so YAML reads it as more of the value of '" +
                              std::string(prev_key) + "'; indent it as the keys beside it are (" +
                              spaces(prev_indent) + " there, " + std::to_string(indent) + " here)",
                          start + indent};
}

}  // namespace

std::unique_ptr<YamlNode> ParseYaml(const SourceFile& file, uint32_t begin, uint32_t end,
                                    DiagnosticSink& sink, const ReadLimits& limits,
                                    const YamlSubject& subject) {
  std::string_view text = std::string_view(file.text()).substr(begin, end - begin);
  MarkMapper marks(text, begin);
  ParserGuard pg;
  yaml_parser_set_input_string(&pg.parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<Frame> stack;
  std::unique_ptr<YamlNode> root;
  std::deque<YamlNode> ignored;  // a second root (libyaml never sends one), kept to stay balanced
  size_t nodes = 0;
  int documents = 0;
  constexpr size_t kPresizedMappings = 32;
  size_t presized_mappings = 0;

  // The place for the next node: the root, the next item of a sequence, or the
  // key or value of a mapping's next entry.
  auto next_node = [&]() -> YamlNode& {
    if (stack.empty()) {
      if (root) return ignored.emplace_back();
      root = std::make_unique<YamlNode>();
      return *root;
    }
    Frame& top = stack.back();
    if (top.node->kind == YamlNode::Kind::kSequence) return top.node->items.emplace_back();
    if (!top.has_key) {
      top.has_key = true;
      return top.node->entries.emplace_back().first;
    }
    top.has_key = false;
    return top.node->entries.back().second;
  };

  for (;;) {
    EventGuard ev;
    if (!yaml_parser_parse(&pg.parser, &ev.event)) {
      std::string msg = pg.parser.problem ? pg.parser.problem : "malformed YAML";
      if (pg.parser.context) msg = std::string(pg.parser.context) + ": " + msg;
      // Reader errors (bad encoding) carry a byte offset; scanner and parser errors a mark.
      uint32_t at = pg.parser.error == YAML_READER_ERROR
                        ? marks.ByteOffset(pg.parser.problem_offset)
                        : marks.Offset(pg.parser.problem_mark);
      if (pg.parser.error != YAML_READER_ERROR) {
        const size_t first_line = file.Locate(begin).line;
        if (std::optional<PlainSyntaxError> plain = ExplainSyntaxError(
                text, at - begin, pg.parser.problem ? pg.parser.problem : "", first_line)) {
          msg = std::move(plain->message);
          at = begin + static_cast<uint32_t>(plain->at);
        }
      }
      sink.Error("yaml-syntax", {at, at}, "",
                 std::string(subject.name) + " is not valid YAML: " + msg);
      return nullptr;
    }
    ev.live = true;
    const yaml_event_t& e = ev.event;
    const SourceRange range{marks.Offset(e.start_mark), marks.Offset(e.end_mark)};
    if (++nodes > limits.max_yaml_nodes) {
      sink.Error("yaml-too-large", range, "",
                 std::string(subject.name) + " has more than " +
                     std::to_string(limits.max_yaml_nodes) + " YAML events; " +
                     std::string(subject.size_hint));
      return nullptr;
    }
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        return root;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) {
          sink.Error("yaml-syntax", range, "",
                     std::string(subject.name) + " holds more than one YAML document");
          return root;
        }
        break;
      case YAML_ALIAS_EVENT:
        sink.Error("yaml-alias", range, "",
                   "YAML aliases (*name) are not allowed in " + std::string(subject.within) +
                       "; write the value out");
        return nullptr;
      case YAML_SCALAR_EVENT: {
        if (e.data.scalar.anchor) {
          sink.Error("yaml-alias", range, "",
                     "YAML anchors (&name) are not allowed in " + std::string(subject.within));
          return nullptr;
        }
        YamlNode& n = next_node();
        n.kind = YamlNode::Kind::kScalar;
        // A new node's scalar is empty: appending skips assign's aliasing checks.
        n.scalar.append(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        n.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n.range = range;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        if ((seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor) != nullptr) {
          sink.Error("yaml-alias", range, "",
                     "YAML anchors (&name) are not allowed in " + std::string(subject.within));
          return nullptr;
        }
        if (static_cast<int>(stack.size()) >= limits.max_yaml_depth) {
          sink.Error("yaml-too-deep", range, "",
                     std::string(subject.name) + " nests deeper than " +
                         std::to_string(limits.max_yaml_depth) + " levels; " +
                         std::string(subject.depth_hint));
          return nullptr;
        }
        YamlNode& n = next_node();
        n.kind = seq ? YamlNode::Kind::kSequence : YamlNode::Kind::kMapping;
        n.flow = seq ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                     : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
        n.range = range;
        // A guide's mappings hold up to a dozen or so keys: room for them up front
        // saves moving entries through four reallocations. Only the first few
        // mappings get it, so hostile front matter cannot multiply the memory.
        if (!seq && presized_mappings < kPresizedMappings) {
          n.entries.reserve(16);
          ++presized_mappings;
        }
        stack.push_back(Frame{&n});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        stack.back().node->range.end = range.end;
        stack.pop_back();
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace levers::internal
