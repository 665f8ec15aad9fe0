// HtmlPlainRun: how many leading bytes of a text can be copied into HTML as
// they are, found sixteen bytes at a time, and HtmlReplacement: what to write
// for the byte where such a run stops. Shared by the page writer's
// AppendHtmlEscaped and the chart writer. Pure; thread-safe.
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

// What HTML output does with a byte of text.
enum class HtmlByte : unsigned char {
  kPlain,    // copied
  kEntity,   // & < > " ' : replaced by an entity
  kControl,  // C0 controls but tab, LF and CR, and DEL: replaced by U+FFFD
  kC2,       // the lead byte of U+0080-U+00BF: C1 controls (C2 80-C2 9F) become U+FFFD
};

inline constexpr std::array<HtmlByte, 256> kHtmlByte = [] {
  std::array<HtmlByte, 256> t{};
  for (char c : std::string_view("&<>\"'")) t[static_cast<unsigned char>(c)] = HtmlByte::kEntity;
  for (int c = 0; c < 0x20; ++c) t[c] = HtmlByte::kControl;
  t['\t'] = t['\n'] = t['\r'] = HtmlByte::kPlain;
  t[0x7F] = HtmlByte::kControl;
  t[0xC2] = HtmlByte::kC2;
  return t;
}();

// The bytes HtmlPlainRun stops at: every byte that is not kPlain, and a few
// plain ones its comparisons take along (tab, LF, CR, '#', FF), which the
// writer then copies.
inline constexpr std::array<bool, 256> kHtmlStop = [] {
  std::array<bool, 256> t{};
  for (size_t i = 0; i < t.size(); ++i) t[i] = kHtmlByte[i] != HtmlByte::kPlain;
  t['\t'] = t['\n'] = t['\r'] = t['#'] = t[0xFF] = true;
  return t;
}();

// The length of the longest prefix of [p, p + n) without a kHtmlStop byte.
// Pages are mostly prose with few such bytes; a byte-at-a-time table walk was
// the largest part of escaping it.
inline size_t HtmlPlainRun(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i bits02 = _mm_set1_epi8(0x05), apos = _mm_set1_epi8('\''),
                bit1 = _mm_set1_epi8(0x02), gt = _mm_set1_epi8('>'), one = _mm_set1_epi8(1),
                space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F),
                c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  // Stops are found in two steps, so that a block of text without DEL or
  // non-ASCII bytes costs about what the five compares of the markup
  // characters alone did: x | 5 == '\'' holds for " # & ' and x | 2 == '>'
  // for < >; x + 1 <= 0x20 (unsigned) for the C0 controls and FF; x + 1 >=
  // 0x80 for DEL and the non-ASCII bytes. `Candidates` flags a lane that is
  // any of these; `Exact` tells which are stops, comparing with DEL and C2
  // only the lanes of the last kind.
  auto candidates = [&](__m128i x) {
    const __m128i markup = _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(x, bits02), apos),
                                        _mm_cmpeq_epi8(_mm_or_si128(x, bit1), gt));
    const __m128i next = _mm_add_epi8(x, one);
    return _mm_or_si128(_mm_or_si128(markup, _mm_cmpeq_epi8(_mm_min_epu8(next, space), next)),
                        next);
  };
  // Bit k set: byte k of `x` is a stop.
  auto special = [&](__m128i x) {
    const __m128i next = _mm_add_epi8(x, one);
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(x, bits02), apos),
                                                    _mm_cmpeq_epi8(_mm_or_si128(x, bit1), gt)),
                                       _mm_cmpeq_epi8(_mm_min_epu8(next, space), next))));
    if (_mm_movemask_epi8(next) != 0) {
      mask |= static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, del), _mm_cmpeq_epi8(x, c2))));
    }
    return mask;
  };
  // Thirty-two bytes a step: one test for both blocks.
  for (; i + 32 <= n; i += 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
    if (_mm_movemask_epi8(_mm_or_si128(candidates(a), candidates(b))) == 0) continue;
    const unsigned mask = special(a) | special(b) << 16;
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
  if (i + 16 <= n) {
    const unsigned mask = special(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    i += 16;
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
    // the other lanes are zero bytes (stops, as controls), masked out.
    const unsigned mask = special(x) & (half == 8 ? 0xFFFFu : 0x0F0Fu);
    if (mask & 0xFFu) return static_cast<size_t>(__builtin_ctz(mask & 0xFFu));
    if (mask) return n - half + static_cast<size_t>(__builtin_ctz(mask >> 8));
    return n;
  }
#endif
  while (i < n && !kHtmlStop[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

// What to write for the stop byte at `p` (n >= 1 bytes left): an entity,
// U+FFFD for a control character, or the bytes themselves; `*used` is set to
// the bytes it stands for (2 for an encoded C1 control, else 1). Never more
// than 6 bytes per byte used.
inline std::string_view HtmlReplacement(const char* p, size_t n, size_t* used) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  *used = 1;
  switch (kHtmlByte[static_cast<unsigned char>(*p)]) {
    case HtmlByte::kEntity:
      switch (*p) {
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
    case HtmlByte::kControl:
      return kReplacement;
    case HtmlByte::kC2:
      if (n >= 2 && static_cast<unsigned char>(p[1]) <= 0x9F &&
          static_cast<unsigned char>(p[1]) >= 0x80) {
        *used = 2;
        return kReplacement;
      }
      return {p, 1};
    default:
      return {p, 1};
  }
}

}  // namespace levers::internal

#endif  // LEVERS_SRC_RENDER_HTML_SCAN_H_
