// ASCII lower case: 'A'..'Z' become 'a'..'z', every other byte (digits,
// punctuation, the bytes of UTF-8 sequences) stays as it is. For keys and
// comparisons that ignore ASCII case only. Pure; thread-safe.
#ifndef LEVERS_SRC_CORE_ASCII_H_
#define LEVERS_SRC_CORE_ASCII_H_

#include <string>
#include <string_view>

namespace levers::internal {

// `s` lower-cased in place. Branch-free, so the compiler folds many bytes at
// a time (a site build folds every page name).
inline void AsciiLowerInPlace(std::string& s) {
  for (char& c : s)
    c = static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26 ? 0x20 : 0));
}

// A lower-cased copy of `s`.
inline std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  AsciiLowerInPlace(out);
  return out;
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_CORE_ASCII_H_
