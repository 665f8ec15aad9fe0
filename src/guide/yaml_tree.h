// YamlNode: a small document tree built from libyaml's event stream.
//
// levers builds its own tree (rather than using yaml-cpp's) so that it can
// refuse aliases outright (no alias bomb can expand), bound nesting depth and
// node count, and keep a byte range for every node. Not thread-safe per tree;
// independent trees may be built concurrently.
#ifndef LEVERS_GUIDE_YAML_TREE_H_
#define LEVERS_GUIDE_YAML_TREE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/diagnostic.h"
#include "levers/reader.h"
#include "levers/source.h"

namespace levers::internal {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kScalar, kSequence, kMapping };
  Kind kind = Kind::kScalar;
  std::string scalar;              // for kScalar
  bool plain = true;               // unquoted scalar ("null" means null only when plain)
  SourceRange range;               // byte offsets in the whole file
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMapping

  bool IsNull() const {
    return kind == Kind::kScalar && plain &&
           (scalar.empty() || scalar == "null" || scalar == "~" || scalar == "Null" ||
            scalar == "NULL");
  }
  const YamlNode* Find(std::string_view key) const;
};

// One key: value pair of a mapping. (A struct rather than std::pair so that
// YamlNode may hold a vector of them while still incomplete.)
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

// Parses the YAML text file.text()[begin, end) into a tree. Syntax errors,
// aliases, excess depth or size are reported to `sink` (codes yaml-syntax,
// yaml-alias, yaml-too-deep, yaml-too-large); returns nullptr when no usable
// document results.
std::unique_ptr<YamlNode> ParseYaml(const SourceFile& file, uint32_t begin, uint32_t end,
                                    DiagnosticSink& sink, const ReadLimits& limits);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_YAML_TREE_H_
