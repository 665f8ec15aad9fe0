#include "render/json_out.h"

#include <array>
#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace levers::internal {
namespace {
// Bytes that cannot be copied into a JSON string as they are.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

// How many leading bytes of [p, p + n) can be copied as they are. Eight bytes
// at a time (SWAR): strings in guides.json are mostly long runs of plain ASCII
// prose, and a byte-at-a-time table walk was the writer's largest cost.
size_t PlainRun(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time where SSE2 is there (every x86-64): a signed
  // compare against 0x20 flags both control bytes and bytes >= 0x80.
  const __m128i space = _mm_set1_epi8(0x20), quote16 = _mm_set1_epi8('"'),
                slash16 = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i care =
        _mm_or_si128(_mm_cmplt_epi8(x, space),
                     _mm_or_si128(_mm_cmpeq_epi8(x, quote16), _mm_cmpeq_epi8(x, slash16)));
    const int mask = _mm_movemask_epi8(care);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
    // Any byte >= 0x80, < 0x20, == '"' or == '\\' (the classic "has zero byte" tests:
    // exact about whether such a byte exists, which is all this needs).
    const uint64_t quote = x ^ (kOnes * '"');
    const uint64_t slash = x ^ (kOnes * '\\');
    const uint64_t care =
        (x | ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash)) &
        kHigh;
    if (care != 0) break;
  }
  while (i < n && !kNeedsCare[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}
}  // namespace

void JsonOut::Newline() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(first_.size() * 2, ' ');
}

void JsonOut::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_ += ',';
  first_.back() = false;
  Newline();
}

JsonOut& JsonOut::Open(char c) {
  BeforeValue();
  out_ += c;
  first_.push_back(true);
  return *this;
}

JsonOut& JsonOut::Close(char c) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) Newline();
  out_ += c;
  return *this;
}

JsonOut& JsonOut::Key(std::string_view k) {
  // Compact output, a short plain key (every key levers writes): the comma,
  // the quoted key and the colon in one append, with no escaping pass.
  if (!pretty_ && !after_key_ && k.size() <= 48) {
    char buf[56];
    size_t n = 0;
    const bool comma = !first_.empty() && !first_.back();
    if (comma) buf[n++] = ',';
    buf[n++] = '"';
    std::memcpy(buf + n, k.data(), k.size());
    n += k.size();
    if (PlainRun(k.data(), k.size()) == k.size()) {
      buf[n++] = '"';
      buf[n++] = ':';
      if (!first_.empty()) first_.back() = false;
      out_.append(buf, n);
      after_key_ = true;
      return *this;
    }
  }
  BeforeValue();
  // Keys are short plain names: written with their quotes and colon in one append.
  char buf[64];
  if (k.size() + 4 <= sizeof buf && PlainRun(k.data(), k.size()) == k.size()) {
    buf[0] = '"';
    std::memcpy(buf + 1, k.data(), k.size());
    size_t n = k.size() + 1;
    buf[n++] = '"';
    buf[n++] = ':';
    if (pretty_) buf[n++] = ' ';
    out_.append(buf, n);
  } else {
    Escaped(k);
    out_ += pretty_ ? ": " : ":";
  }
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::String(std::string_view s) {
  BeforeValue();
  Escaped(s);
  return *this;
}

JsonOut& JsonOut::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, static_cast<size_t>(r.ptr - buf));
  return *this;
}

JsonOut& JsonOut::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
  return *this;
}

JsonOut& JsonOut::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonOut& JsonOut::Number(std::string_view literal) {
  BeforeValue();
  out_ += literal;
  return *this;
}

void JsonOut::Escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one append.
    const size_t run = PlainRun(s.data() + i, s.size() - i);
    out_.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Validate one UTF-8 sequence; copy it or write U+FFFD.
      size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      bool ok = n != 0 && i + n <= s.size();
      for (size_t k = 1; ok && k < n; ++k)
        ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
      if (ok) {
        // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
        uint32_t cp = c & (0x7F >> n);
        for (size_t k = 1; k < n; ++k)
          cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        ok = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
      }
      if (ok) {
        out_.append(s.data() + i, n);
        i += n;
      } else {
        out_ += "\xEF\xBF\xBD";
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
    }
    ++i;
  }
  out_ += '"';
}

}  // namespace levers::internal
