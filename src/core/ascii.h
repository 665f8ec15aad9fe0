// ASCII helpers. Lower case: 'A'..'Z' become 'a'..'z', every other byte
// (digits, punctuation, the bytes of UTF-8 sequences) stays as it is, for keys
// and comparisons that ignore ASCII case only. Control bytes (U+0000 to
// U+001F and U+007F): found, and written as \xHH so that a message quoting
// input stays one line of text. Pure; thread-safe.
#ifndef LEVERS_SRC_CORE_ASCII_H_
#define LEVERS_SRC_CORE_ASCII_H_

#include <cstdio>
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

// True for the control bytes 0x00..0x1F and 0x7F.
inline bool IsAsciiControl(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x20 || b == 0x7f;
}

// The offset of the first control byte in `s`, or std::string_view::npos.
inline size_t FindAsciiControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (IsAsciiControl(s[i])) return i;
  return std::string_view::npos;
}

// `s` with each control byte written as \xHH ("Goo\x00gle").
inline std::string EscapeAsciiControls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!IsAsciiControl(c)) {
      out += c;
      continue;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += hex;
  }
  return out;
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_CORE_ASCII_H_
