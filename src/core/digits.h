// Decimal digits for amounts, pages, charts and JSON: integers written
// backwards into a caller's buffer, two digits per step, grouped in thousands
// or not. Pure; thread-safe.
#ifndef LEVERS_SRC_CORE_DIGITS_H_
#define LEVERS_SRC_CORE_DIGITS_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace levers::internal {

// "00" to "99": the digits of 0 to 99, two characters each.
inline constexpr std::array<char, 200> kTwoDigits = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[static_cast<size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    t[static_cast<size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// Writes `v` (below 1,000) so that it ends just before `end`; returns its
// first character.
inline char* WriteBelowThousandBackward(char* end, unsigned v) {
  char* p = end;
  if (v >= 100) {
    p -= 3;
    p[0] = static_cast<char>('0' + v / 100);
    std::memcpy(p + 1, &kTwoDigits[2 * (v % 100)], 2);
  } else if (v >= 10) {
    p -= 2;
    std::memcpy(p, &kTwoDigits[2 * v], 2);
  } else {
    *--p = static_cast<char>('0' + v);
  }
  return p;
}

// Writes `v` in decimal, with a comma between groups of three digits
// ("1,234,567") when `grouped`, so that it ends just before `end`, and returns
// its first character. Needs at most 26 bytes before `end`.
inline char* WriteDecimalBackward(char* end, uint64_t v, bool grouped) {
  char* p = end;
  for (; v >= 1'000; v /= 1'000) {
    const auto group = static_cast<unsigned>(v % 1'000);
    p -= 3;
    p[0] = static_cast<char>('0' + group / 100);
    std::memcpy(p + 1, &kTwoDigits[2 * (group % 100)], 2);
    if (grouped) *--p = ',';
  }
  return WriteBelowThousandBackward(p, static_cast<unsigned>(v));
}

// WriteDecimalBackward with grouping: "1,234,567".
inline char* WriteGroupedBackward(char* end, uint64_t v) {
  return WriteDecimalBackward(end, v, true);
}

// `v` grouped as amounts are written in India: the last three digits, then
// pairs (lakhs, crores, ...): "1,20,00,000". At most 9 commas for 20 digits.
inline char* WriteLakhGroupedBackward(char* end, uint64_t v) {
  if (v < 1'000) return WriteBelowThousandBackward(end, static_cast<unsigned>(v));
  const auto low = static_cast<unsigned>(v % 1'000);
  char* p = end - 3;
  p[0] = static_cast<char>('0' + low / 100);
  std::memcpy(p + 1, &kTwoDigits[2 * (low % 100)], 2);
  for (v /= 1'000; v >= 100; v /= 100) {
    *--p = ',';
    p -= 2;
    std::memcpy(p, &kTwoDigits[2 * (v % 100)], 2);
  }
  *--p = ',';
  return WriteBelowThousandBackward(p, static_cast<unsigned>(v));
}

// Grouped as people write amounts of `currency`: in lakhs for rupees
// ("48,00,000"), else in thousands ("4,800,000").
inline char* WriteGroupedBackward(char* end, uint64_t v, bool lakhs) {
  return lakhs ? WriteLakhGroupedBackward(end, v) : WriteDecimalBackward(end, v, true);
}

// Appends `v` in decimal, ungrouped ("1234"), to `out`.
inline void AppendDecimal(std::string& out, uint64_t v) {
  char buf[26];
  char* const end = buf + sizeof buf;
  const char* begin = WriteDecimalBackward(end, v, false);
  out.append(begin, static_cast<size_t>(end - begin));
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_CORE_DIGITS_H_
