// EditDistance: the Levenshtein distance between two strings, used to suggest
// the closest known name (a key, company, role, region) for a mistyped one.
// Pure; thread-safe.
#ifndef LEVERS_EDIT_DISTANCE_H_
#define LEVERS_EDIT_DISTANCE_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace levers {

// Insertions, deletions and substitutions, byte by byte. Only the first 64
// bytes of each string are compared, which bounds the cost on hostile input
// and is longer than any name it is used for.
size_t EditDistance(std::string_view a, std::string_view b);

// The index of the candidate nearest `word` by EditDistance, when that
// distance is below `below` (the first such candidate on a tie); nullopt when
// none is that close. What a "did you mean" suggests.
std::optional<size_t> NearestName(std::string_view word,
                                  std::span<const std::string_view> candidates, size_t below);

}  // namespace levers

#endif  // LEVERS_EDIT_DISTANCE_H_
