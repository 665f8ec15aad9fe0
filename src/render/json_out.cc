#include "render/json_out.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/digits.h"

namespace levers::internal {
namespace {
// Bytes that cannot be copied into a JSON string as they are.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

// Whether a word holds a byte >= 0x80, < 0x20, == '"' or == '\\' (the classic
// "has zero byte" tests: exact about whether such a byte exists, not where).
template <typename Word>
bool WordNeedsCare(Word x) {
  constexpr Word kOnes = static_cast<Word>(0x0101010101010101ull);
  constexpr Word kHigh = static_cast<Word>(0x8080808080808080ull);
  const Word quote = x ^ (kOnes * '"');
  const Word slash = x ^ (kOnes * '\\');
  return ((x | ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) |
           ((slash - kOnes) & ~slash)) &
          kHigh) != 0;
}

template <typename Word>
Word LoadWord(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

#if defined(__SSE2__)
// The bytes of 16 that need care, as a vector of 0xFF/0x00: a signed compare
// against 0x20 flags both control bytes and bytes >= 0x80.
__m128i CareBytes(const char* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm_or_si128(
      _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
}
#endif

// How many leading bytes of [p, p + n) can be copied as they are. Strings in
// guides.json are mostly short names (two thirds under 16 bytes) and long runs
// of plain ASCII prose, and a byte-at-a-time table walk was the writer's
// largest cost: long strings are scanned 64 bytes per step with SSE2 (every
// x86-64), short ones with two overlapping word loads; only a string that has
// a special byte is walked byte by byte, from the first word that holds one.
size_t PlainRun(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    for (; i + 64 <= n; i += 64) {
      const __m128i care = _mm_or_si128(_mm_or_si128(CareBytes(p + i), CareBytes(p + i + 16)),
                                        _mm_or_si128(CareBytes(p + i + 32), CareBytes(p + i + 48)));
      if (_mm_movemask_epi8(care) != 0) break;  // the 16-byte steps below find it
    }
    for (; i + 16 <= n; i += 16) {
      const int mask = _mm_movemask_epi8(CareBytes(p + i));
      if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
    if (i == n) return n;
    // The last 16 bytes, overlapping what is known plain (so no mask bit falls there).
    const int mask = _mm_movemask_epi8(CareBytes(p + n - 16));
    return mask == 0 ? n : n - 16 + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  if (n >= 8) {
    for (; i + 8 <= n; i += 8) {
      if (WordNeedsCare(LoadWord<uint64_t>(p + i))) break;
    }
    if (i == n) return n;
    // A tail shorter than a word: the last 8 bytes, overlapping what is known plain.
    if (i + 8 > n && !WordNeedsCare(LoadWord<uint64_t>(p + n - 8))) return n;
  } else if (n >= 4) {
    if (!WordNeedsCare(LoadWord<uint32_t>(p)) && !WordNeedsCare(LoadWord<uint32_t>(p + n - 4)))
      return n;
  }
  while (i < n && !kNeedsCare[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

// The JSON form of the special byte s[i] (a quote, backslash or control byte
// escaped; a byte >= 0x80 starting a valid UTF-8 sequence copied with it, or
// U+FFFD for an invalid one) into `dst`, which has room for 6 bytes.
struct Escape {
  size_t consumed;  // bytes of s
  size_t written;   // bytes of dst
};
Escape EscapeSpecial(std::string_view s, size_t i, char* dst) {
  static constexpr char kHex[] = "0123456789abcdef";
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) {
    // Validate one UTF-8 sequence; copy it or write U+FFFD.
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n != 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
      uint32_t cp = c & (0x7F >> n);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
      ok = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      std::memcpy(dst, s.data() + i, n);
      return {n, n};
    }
    std::memcpy(dst, "\xEF\xBF\xBD", 3);
    return {1, 3};
  }
  dst[0] = '\\';
  switch (c) {
    case '"':
      dst[1] = '"';
      return {1, 2};
    case '\\':
      dst[1] = '\\';
      return {1, 2};
    case '\n':
      dst[1] = 'n';
      return {1, 2};
    case '\r':
      dst[1] = 'r';
      return {1, 2};
    case '\t':
      dst[1] = 't';
      return {1, 2};
    case '\b':
      dst[1] = 'b';
      return {1, 2};
    case '\f':
      dst[1] = 'f';
      return {1, 2};
    default:
      std::memcpy(dst + 1, "u00", 3);
      dst[4] = kHex[c >> 4];
      dst[5] = kHex[c & 0xF];
      return {1, 6};
  }
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
  out_ += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one append.
    const size_t run = PlainRun(s.data() + i, s.size() - i);
    out_.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    char buf[6];
    const Escape e = EscapeSpecial(s, i, buf);
    out_.append(buf, e.written);
    i += e.consumed;
  }
  out_ += '"';
}

namespace {
// The buffer of the last JsonBuilder to finish on this thread: the next one
// starts from it rather than allocating and zero-filling a fresh one (a
// guide's JSON is written once per guide, thousands of times per build).
thread_local std::string t_spare_buffer;
// Larger buffers (a huge guide's) are freed rather than kept.
constexpr size_t kMaxKeptBuffer = size_t{1} << 20;
}  // namespace

JsonBuilder::JsonBuilder(bool pretty, size_t expected_size)
    : buf_(std::move(t_spare_buffer)), pretty_(pretty) {
  if (buf_.size() < expected_size) buf_.resize(expected_size);
  cur_ = buf_.data();
  end_ = cur_ + buf_.size();
}

JsonBuilder::~JsonBuilder() {
  if (buf_.size() <= kMaxKeptBuffer && buf_.size() > t_spare_buffer.size())
    t_spare_buffer = std::move(buf_);
}

void JsonBuilder::Grow(size_t n) {
  const size_t used = static_cast<size_t>(cur_ - buf_.data());
  buf_.resize(std::max(buf_.size() * 2, used + n));
  cur_ = buf_.data() + used;
  end_ = buf_.data() + buf_.size();
}

void JsonBuilder::NewlineIndent(size_t depth) {
  *cur_++ = '\n';
  std::memset(cur_, ' ', 2 * depth);
  cur_ += 2 * depth;
}

JsonBuilder& JsonBuilder::Open(char c) {
  BeforeValue(1);
  *cur_++ = c;
  ++depth_;
  need_comma_ = false;
  return *this;
}

JsonBuilder& JsonBuilder::Close(char c) {
  --depth_;
  Reserve(Indent() + 1);
  if (pretty_ && need_comma_) NewlineIndent(depth_);  // a non-empty container
  *cur_++ = c;
  need_comma_ = true;
  return *this;
}

JsonBuilder& JsonBuilder::String(std::string_view s) {
  // Room for the quotes and every byte as it is; escapes reserve more as they come.
  BeforeValue(s.size() + 2);
  *cur_++ = '"';
  const size_t n = s.size();
  // Names, levels, regions, currencies: 4 to 16 plain bytes are checked and
  // copied as two overlapping words each way, without a scan or a memcpy call.
  if (n >= 8 && n <= 16) {
    const uint64_t head = LoadWord<uint64_t>(s.data()), tail = LoadWord<uint64_t>(s.data() + n - 8);
    if (!WordNeedsCare(head) && !WordNeedsCare(tail)) {
      std::memcpy(cur_, &head, 8);
      std::memcpy(cur_ + n - 8, &tail, 8);
      cur_ += n;
      *cur_++ = '"';
      return *this;
    }
  } else if (n >= 4 && n < 8) {
    const uint32_t head = LoadWord<uint32_t>(s.data()), tail = LoadWord<uint32_t>(s.data() + n - 4);
    if (!WordNeedsCare(head) && !WordNeedsCare(tail)) {
      std::memcpy(cur_, &head, 4);
      std::memcpy(cur_ + n - 4, &tail, 4);
      cur_ += n;
      *cur_++ = '"';
      return *this;
    }
  }
  const size_t run = PlainRun(s.data(), s.size());
  std::memcpy(cur_, s.data(), run);
  cur_ += run;
  if (run != s.size()) StringTail(s, run);
  *cur_++ = '"';
  return *this;
}

void JsonBuilder::StringTail(std::string_view s, size_t i) {
  while (i < s.size()) {
    // Room for this byte's escape, every byte after it as it is, and the closing quote.
    Reserve(6 + (s.size() - i) + 1);
    const Escape e = EscapeSpecial(s, i, cur_);
    cur_ += e.written;
    i += e.consumed;
    const size_t run = PlainRun(s.data() + i, s.size() - i);
    std::memcpy(cur_, s.data() + i, run);
    cur_ += run;
    i += run;
  }
}

JsonBuilder& JsonBuilder::Int(int64_t v) {
  BeforeValue(20);
  cur_ = std::to_chars(cur_, cur_ + 20, v).ptr;
  return *this;
}

JsonBuilder& JsonBuilder::Null() {
  BeforeValue(4);
  std::memcpy(cur_, "null", 4);
  cur_ += 4;
  return *this;
}

namespace {
// `whole` in decimal, then "." and the `digits` fractional digits of `frac`
// without trailing zeros (none when frac is 0): AppendMajorUnits' format.
char* WriteDecimal(char* p, bool negative, uint64_t whole, uint64_t frac, int digits) {
  if (negative) *p++ = '-';
  if (whole < 1'000'000) {
    // Pay figures: at most six digits, written two at a time from the table
    // (std::to_chars' general path was half of this function's cost).
    char tmp[8];
    char* const end = tmp + sizeof tmp;
    char* q = end;
    auto w = static_cast<unsigned>(whole);
    while (w >= 100) {
      q -= 2;
      std::memcpy(q, &kTwoDigits[2 * (w % 100)], 2);
      w /= 100;
    }
    if (w >= 10) {
      q -= 2;
      std::memcpy(q, &kTwoDigits[2 * w], 2);
    } else {
      *--q = static_cast<char>('0' + w);
    }
    const auto n = static_cast<size_t>(end - q);
    std::memcpy(p, q, n);
    p += n;
  } else {
    p = std::to_chars(p, p + 20, whole).ptr;
  }
  if (frac == 0) return p;
  while (frac % 10 == 0) {
    frac /= 10;
    --digits;
  }
  *p++ = '.';
  for (int i = digits - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  return p + digits;
}
}  // namespace

JsonBuilder& JsonBuilder::MajorUnits(const Money& m) {
  const CurrencyInfo* info = FindCurrency(m.currency);
  const int digits = info ? info->minor_digits : 2;
  uint64_t per = 1;
  for (int i = 0; i < digits; ++i) per *= 10;
  const bool negative = m.minor < 0;
  const uint64_t abs =
      negative ? static_cast<uint64_t>(-(m.minor + 1)) + 1 : static_cast<uint64_t>(m.minor);
  BeforeValue(1 + 20 + 1 + static_cast<size_t>(digits));
  cur_ = WriteDecimal(cur_, negative, abs / per, abs % per, digits);
  return *this;
}

JsonBuilder& JsonBuilder::PercentValue(Percent p) {
  const bool negative = p.basis_points < 0;
  const uint64_t abs = negative ? static_cast<uint64_t>(-static_cast<int64_t>(p.basis_points))
                                : static_cast<uint64_t>(p.basis_points);
  BeforeValue(1 + 20 + 1 + 2);
  cur_ = WriteDecimal(cur_, negative, abs / 100, abs % 100, 2);
  return *this;
}

std::string JsonBuilder::Take() {
  std::string out(buf_.data(), static_cast<size_t>(cur_ - buf_.data()));
  cur_ = buf_.data();
  depth_ = 0;
  need_comma_ = after_key_ = false;
  return out;
}

}  // namespace levers::internal
