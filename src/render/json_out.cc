#include "render/json_out.h"

#include <array>

namespace levers::internal {
namespace {
// Bytes that cannot be copied into a JSON string as they are.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();
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
  BeforeValue();
  Escaped(k);
  out_ += pretty_ ? ": " : ":";
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
  out_ += std::to_string(v);
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
    size_t run = i;
    while (run < s.size() && !kNeedsCare[static_cast<unsigned char>(s[run])]) ++run;
    out_.append(s.data() + i, run - i);
    i = run;
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
