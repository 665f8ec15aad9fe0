// EditDistance: the Levenshtein distance between two strings, used to suggest
// the closest known name (a key, company, role, region) for a mistyped one.
// Pure; thread-safe.
#ifndef LEVERS_EDIT_DISTANCE_H_
#define LEVERS_EDIT_DISTANCE_H_

#include <cstddef>
#include <string_view>

namespace levers {

// Insertions, deletions and substitutions, byte by byte. Only the first 64
// bytes of each string are compared, which bounds the cost on hostile input
// and is longer than any name it is used for.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace levers

#endif  // LEVERS_EDIT_DISTANCE_H_
