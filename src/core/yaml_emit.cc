#include "core/yaml_emit.h"

#include <cstdint>
#include <cstdio>
#include <utility>

#include "levers/utf8.h"

namespace levers::internal {
namespace {

// Decodes the character at s[i] of well-formed UTF-8 (YamlString makes its
// text so first): its code point and length in bytes.
std::pair<uint32_t, size_t> Decode(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  const size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, n};
}

// Characters that may not stand as they are inside a YAML scalar: outside YAML's
// printable set (C0/C1 controls, DEL, surrogates, U+FFFE/U+FFFF), line breaks
// YAML recognises besides LF (U+0085, U+2028, U+2029), and U+FEFF.
bool NeedsEscape(uint32_t cp) {
  if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return true;
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return false;
  if (cp < 0x20 || cp == 0x7F) return true;
  if (cp >= 0x80 && cp < 0xA0) return true;
  if (cp >= 0xD800 && cp <= 0xDFFF) return true;
  if (cp == 0xFFFE || cp == 0xFFFF) return true;
  return false;
}

bool HasYamlBreakOrControl(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto [cp, n] = Decode(s, i);
    if (NeedsEscape(cp)) return true;
    i += n;
  }
  return false;
}

bool PlainIsSafe(std::string_view t) {
  if (t.empty() || t.size() > 200) return false;
  // Words YAML would read as something other than a string.
  for (std::string_view w :
       {"null", "Null", "NULL", "~",  "true", "True", "TRUE", "false", "False", "FALSE",
        "yes",  "Yes",  "no",   "No", "on",   "On",   "off",  "Off",   "y",     "n"}) {
    if (t == w) return false;
  }
  const char first = t.front();
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`. ").find(first) != std::string_view::npos)
    return false;
  if (t.back() == ' ' || t.back() == ':') return false;
  bool numeric = true;
  if (HasYamlBreakOrControl(t)) return false;
  for (char c : t) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
    if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' &&
        c != '_')
      numeric = false;
  }
  if (numeric) return false;  // numbers and dates would not read back as text
  if (t.find(": ") != std::string_view::npos || t.find(" #") != std::string_view::npos)
    return false;
  return true;
}

}  // namespace

std::string YamlString(std::string_view t) {
  // Bytes that are not UTF-8 (the reader reported utf8-invalid): U+FFFD for
  // each, as the JSON and HTML writers write them. An encoded surrogate, a
  // code point past U+10FFFF or an overlong form included: YAML has no escape
  // that reads back as such bytes.
  if (!IsValidUtf8(t)) return YamlString(ReplaceInvalidUtf8(t));
  if (PlainIsSafe(t)) return std::string(t);
  std::string out = "\"";
  for (size_t i = 0; i < t.size();) {
    auto [cp, n] = Decode(t, i);
    char buf[16];
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (NeedsEscape(cp)) {
          std::snprintf(buf, sizeof buf, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", cp);
          out += buf;
        } else {
          out.append(t.data() + i, n);
        }
    }
    i += n;
  }
  return out + "\"";
}

}  // namespace levers::internal
