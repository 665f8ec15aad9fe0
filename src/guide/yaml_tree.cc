#include "guide/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <optional>

namespace levers::internal {

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.kind == Kind::kScalar && k.scalar == key) return &v;
  }
  return nullptr;
}

namespace {

// Maps libyaml's marks (0-based line, column in characters, relative to the
// YAML text) to byte offsets in the whole file. The one place that does so.
class MarkMapper {
 public:
  MarkMapper(std::string_view text, uint32_t base) : text_(text), base_(base) {
    ascii_ = std::all_of(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
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

struct Frame {
  YamlNode node;
  std::optional<YamlNode> pending_key;
};

// Owns a parser and an event so every exit path releases them.
struct ParserGuard {
  yaml_parser_t parser;
  ParserGuard() { yaml_parser_initialize(&parser); }
  ~ParserGuard() { yaml_parser_delete(&parser); }
};
struct EventGuard {
  yaml_event_t event{};
  bool live = false;
  ~EventGuard() { Reset(); }
  void Reset() {
    if (live) yaml_event_delete(&event);
    live = false;
  }
};

}  // namespace

std::unique_ptr<YamlNode> ParseYaml(const SourceFile& file, uint32_t begin, uint32_t end,
                                    DiagnosticSink& sink, const ReadLimits& limits) {
  std::string_view text = std::string_view(file.text()).substr(begin, end - begin);
  MarkMapper marks(text, begin);
  ParserGuard pg;
  yaml_parser_set_input_string(&pg.parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<Frame> stack;
  std::unique_ptr<YamlNode> root;
  size_t nodes = 0;
  int documents = 0;

  // Attaches a finished node to the frame below it, or makes it the root.
  auto attach = [&](YamlNode n) {
    if (stack.empty()) {
      if (!root) root = std::make_unique<YamlNode>(std::move(n));
      return;
    }
    Frame& top = stack.back();
    if (top.node.kind == YamlNode::Kind::kSequence) {
      top.node.items.push_back(std::move(n));
    } else if (!top.pending_key) {
      top.pending_key = std::move(n);
    } else {
      top.node.entries.push_back(YamlEntry{std::move(*top.pending_key), std::move(n)});
      top.pending_key.reset();
    }
  };

  for (;;) {
    EventGuard ev;
    if (!yaml_parser_parse(&pg.parser, &ev.event)) {
      std::string msg = pg.parser.problem ? pg.parser.problem : "malformed YAML";
      if (pg.parser.context) msg = std::string(pg.parser.context) + ": " + msg;
      // Reader errors (bad encoding) carry a byte offset; scanner and parser errors a mark.
      const uint32_t at = pg.parser.error == YAML_READER_ERROR
                              ? marks.ByteOffset(pg.parser.problem_offset)
                              : marks.Offset(pg.parser.problem_mark);
      sink.Error("yaml-syntax", {at, at}, "", "front matter is not valid YAML: " + msg);
      return nullptr;
    }
    ev.live = true;
    const yaml_event_t& e = ev.event;
    const SourceRange range{marks.Offset(e.start_mark), marks.Offset(e.end_mark)};
    if (++nodes > limits.max_yaml_nodes) {
      sink.Error("yaml-too-large", range, "",
                 "front matter has more than " + std::to_string(limits.max_yaml_nodes) +
                     " YAML events; a guide's front matter is a few dozen keys");
      return nullptr;
    }
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        return root;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) {
          sink.Error("yaml-syntax", range, "", "front matter holds more than one YAML document");
          return root;
        }
        break;
      case YAML_ALIAS_EVENT:
        sink.Error(
            "yaml-alias", range, "",
            "YAML aliases (*name) are not allowed in a guide's front matter; write the value out");
        return nullptr;
      case YAML_SCALAR_EVENT: {
        if (e.data.scalar.anchor) {
          sink.Error("yaml-alias", range, "",
                     "YAML anchors (&name) are not allowed in a guide's front matter");
          return nullptr;
        }
        YamlNode n;
        n.kind = YamlNode::Kind::kScalar;
        n.scalar.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        n.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n.range = range;
        attach(std::move(n));
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e.type == YAML_SEQUENCE_START_EVENT;
        if ((seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor) != nullptr) {
          sink.Error("yaml-alias", range, "",
                     "YAML anchors (&name) are not allowed in a guide's front matter");
          return nullptr;
        }
        if (static_cast<int>(stack.size()) >= limits.max_yaml_depth) {
          sink.Error("yaml-too-deep", range, "",
                     "front matter nests deeper than " + std::to_string(limits.max_yaml_depth) +
                         " levels; a guide needs three");
          return nullptr;
        }
        Frame f;
        f.node.kind = seq ? YamlNode::Kind::kSequence : YamlNode::Kind::kMapping;
        f.node.range = range;
        stack.push_back(std::move(f));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack.back());
        stack.pop_back();
        f.node.range.end = range.end;
        attach(std::move(f.node));
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace levers::internal
