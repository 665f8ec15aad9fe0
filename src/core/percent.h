// Percent-decoding (RFC 3986 section 2.1): each %XX, two hex digits in either
// case, becomes its byte. One decoder for every layer: the server decodes
// request paths, query strings and form bodies with it, the store the
// passwords of connection URLs. Pure; thread-safe.
#ifndef LEVERS_SRC_CORE_PERCENT_H_
#define LEVERS_SRC_CORE_PERCENT_H_

#include <string>
#include <string_view>

namespace levers::internal {

// What a '%' not followed by two hex digits does.
enum class StrayPercent {
  kRefuse,  // the text is malformed: decoding fails
  kKeep,    // the '%' is a byte like any other (libpq reads URLs so)
};

// The value of a hex digit, or -1.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `in` decoded into `out`; with `plus_is_space` (query strings and forms) '+'
// is a space. False only for a stray '%' under StrayPercent::kRefuse.
inline bool PercentDecode(std::string_view in, bool plus_is_space, StrayPercent stray,
                          std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const int hi = i + 2 < in.size() ? HexDigitValue(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexDigitValue(in[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else if (stray == StrayPercent::kRefuse) {
        return false;
      } else {
        out.push_back(c);
      }
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_CORE_PERCENT_H_
