// HtmlPlainRun: how many leading bytes of a text need no HTML escaping, found
// sixteen bytes at a time. Shared by the page writer's AppendHtmlEscaped and
// the chart writer. Pure; thread-safe.
#ifndef LEVERS_SRC_RENDER_HTML_SCAN_H_
#define LEVERS_SRC_RENDER_HTML_SCAN_H_

#include <array>
#include <cstddef>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace levers::internal {

// The bytes HTML escaping replaces: & < > " '.
inline constexpr std::array<bool, 256> kHtmlSpecial = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("&<>\"'")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// The length of the longest prefix of [p, p + n) without an HTML special
// byte. Pages are mostly prose with few such bytes; a byte-at-a-time table
// walk was the largest part of escaping it.
inline size_t HtmlPlainRun(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, quot)),
                                  _mm_cmpeq_epi8(x, apos)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && !kHtmlSpecial[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

// The entity that replaces special byte `c`.
inline std::string_view HtmlEntity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    default:
      return "&#39;";
  }
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_RENDER_HTML_SCAN_H_
