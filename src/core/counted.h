// A count and its noun for messages: "1 day", "2 days", "0 rows". The nouns
// levers counts take a plain "s" in the plural. Pure; thread-safe.
#ifndef LEVERS_SRC_CORE_COUNTED_H_
#define LEVERS_SRC_CORE_COUNTED_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace levers::internal {

inline std::string Counted(int64_t n, std::string_view noun) {
  std::string out = std::to_string(n);
  out += ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_CORE_COUNTED_H_
