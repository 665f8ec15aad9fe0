// YamlNode: a small document tree built from libyaml's event stream.
//
// levers builds its own tree (rather than using yaml-cpp's) so that it can
// refuse aliases outright (no alias bomb can expand), bound nesting depth and
// node count, and keep a byte range for every node. Not thread-safe per tree;
// independent trees may be built concurrently.
#ifndef LEVERS_GUIDE_YAML_TREE_H_
#define LEVERS_GUIDE_YAML_TREE_H_

#include <cstring>
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
  bool flow = false;               // a collection in flow style ([a, b] or {k: v})
  SourceRange range;               // byte offsets in the whole file
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMapping

  // A plain "", "~", "null", "Null" or "NULL". Asked of every value read, most
  // of them numbers: the length is tested first, so that a number costs no
  // string comparison.
  bool IsNull() const {
    if (kind != Kind::kScalar || !plain) return false;
    switch (scalar.size()) {
      case 0:
        return true;
      case 1:
        return scalar[0] == '~';
      case 4:
        return std::memcmp(scalar.data(), "null", 4) == 0 ||
               std::memcmp(scalar.data(), "Null", 4) == 0 ||
               std::memcmp(scalar.data(), "NULL", 4) == 0;
      default:
        return false;
    }
  }
  const YamlNode* Find(std::string_view key) const;
};

// One key: value pair of a mapping. (A struct rather than std::pair so that
// YamlNode may hold a vector of them while still incomplete.)
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

// What the YAML text is, in the words of its messages. All views are of
// string literals.
struct YamlSubject {
  std::string_view name;        // starts a message: "front matter is not valid YAML: ..."
  std::string_view within;      // "YAML aliases (*name) are not allowed in <within>"
  std::string_view size_hint;   // after "... more than N YAML events; "
  std::string_view depth_hint;  // after "... deeper than N levels; "
};

// A guide's front matter (the default of ParseYaml).
inline constexpr YamlSubject kFrontMatter{"front matter", "a guide's front matter",
                                          "a guide's front matter is a few dozen keys",
                                          "a guide needs three"};

// Parses the YAML text file.text()[begin, end) into a tree. Syntax errors,
// aliases, excess depth or size are reported to `sink` (codes yaml-syntax,
// yaml-alias, yaml-too-deep, yaml-too-large) in the words of `subject`;
// returns nullptr when no usable document results.
std::unique_ptr<YamlNode> ParseYaml(const SourceFile& file, uint32_t begin, uint32_t end,
                                    DiagnosticSink& sink, const ReadLimits& limits,
                                    const YamlSubject& subject = kFrontMatter);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_YAML_TREE_H_
