#include "levers/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace levers {

// Hand-written: ICU (libicu-dev) would be a large dependency for one loop, and
// callers need the offset of the first bad byte for their messages.
size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII fast path: sixteen bytes at a time with SSE2 (every x86-64 CPU),
    // else eight, stopping at the first byte with its high bit set.
#if defined(__SSE2__)
    // Guides are nearly all ASCII: test 64 bytes with one mask first.
    while (i + 64 <= s.size()) {
      const __m128i* p = reinterpret_cast<const __m128i*>(s.data() + i);
      const __m128i any =
          _mm_or_si128(_mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
                       _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
      if (_mm_movemask_epi8(any) != 0) break;
      i += 64;
    }
    while (i + 16 <= s.size()) {
      const int high =
          _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)));
      if (high != 0) {
        i += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(high)));
        break;
      }
      i += 16;
    }
#endif
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return i;  // a continuation byte without a lead, or 0xF8..0xFF
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return i;
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string_view ClipUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back to the first byte of the character that does not fit.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t i = 0;
  while (i < text.size()) {
    const size_t bad = FindInvalidUtf8(text.substr(i));
    if (bad == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, bad));
    out += "\xEF\xBF\xBD";
    i += bad + 1;
  }
  return out;
}

std::string EscapeUnprintable(std::string_view text) {
  auto escape = [](std::string& out, char ch) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02X",
                  static_cast<unsigned>(static_cast<unsigned char>(ch)));
    out += hex;
  };
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t bad = FindInvalidUtf8(text);
    for (char ch : text.substr(0, bad)) {
      const auto b = static_cast<unsigned char>(ch);
      if (b < 0x20 || b == 0x7f) {
        escape(out, ch);
      } else {
        out += ch;
      }
    }
    if (bad == std::string_view::npos) break;
    escape(out, text[bad]);
    text.remove_prefix(bad + 1);
  }
  return out;
}

}  // namespace levers
