// Emitting YAML scalars, for canonical front matter and for a kept key that
// cannot be written as it was: plain where YAML reads the text back unchanged
// as a string, double-quoted otherwise. Pure functions.
#ifndef LEVERS_CORE_YAML_EMIT_H_
#define LEVERS_CORE_YAML_EMIT_H_

#include <string>
#include <string_view>

namespace levers::internal {

// `text` as a YAML scalar that reads back as the same string; when `text` is
// not well-formed UTF-8, as the string with each byte that is not replaced by
// U+FFFD (ReplaceInvalidUtf8), since YAML has no way to write such bytes.
std::string YamlString(std::string_view text);

}  // namespace levers::internal

#endif  // LEVERS_CORE_YAML_EMIT_H_
