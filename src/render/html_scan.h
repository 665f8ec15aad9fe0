// HtmlPlainRun: how many leading bytes of a text need no HTML escaping, found
// sixteen bytes at a time. Shared by the page writer's AppendHtmlEscaped and
// the chart writer. Pure; thread-safe.
#ifndef LEVERS_SRC_RENDER_HTML_SCAN_H_
#define LEVERS_SRC_RENDER_HTML_SCAN_H_

#include <array>
#include <cstddef>
#include <cstring>
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
  // Bit k set: byte k of `x` is special.
  auto special = [&](__m128i x) {
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, quot)),
                                  _mm_cmpeq_epi8(x, apos)));
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
  };
  for (; i + 16 <= n; i += 16) {
    const unsigned mask = special(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
  if (i == n) return n;
  // The last bytes, without a loop per byte (most texts escaped are short
  // labels, or end in such a tail): when the text had a full block, the
  // sixteen bytes ending at `n`, the lanes already checked shifted out;
  // else two overlapping loads of eight or four bytes, never past `n`.
  if (i >= 16) {
    const size_t checked = 16 - (n - i);
    const unsigned mask =
        special(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16))) >> checked;
    return mask != 0 ? i + static_cast<size_t>(__builtin_ctz(mask)) : n;
  }
  if (n >= 4) {
    __m128i x;
    size_t half;  // bytes per load
    if (n >= 8) {
      x = _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                             _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8)));
      half = 8;
    } else {
      int a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      x = _mm_unpacklo_epi64(_mm_cvtsi32_si128(a), _mm_cvtsi32_si128(b));
      half = 4;
    }
    // Lanes 0..half-1 hold bytes 0..half-1, lanes 8..8+half-1 bytes n-half..n-1;
    // the other lanes are zero bytes, never special.
    const unsigned mask = special(x);
    if (mask & 0xFFu) return static_cast<size_t>(__builtin_ctz(mask & 0xFFu));
    if (mask) return n - half + static_cast<size_t>(__builtin_ctz(mask >> 8));
    return n;
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
