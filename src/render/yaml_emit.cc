#include "render/yaml_emit.h"

#include <cstdint>
#include <cstdio>

namespace levers::internal {
namespace {

// Length of a character YAML treats as a line break or forbids in printable
// text (C1 controls incl. U+0085, U+2028, U+2029, U+FEFF) at s[i]; 0 if none.
size_t SpecialAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
      static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
    return 2;
  }
  if (c == 0xE2 && s.substr(i, 3) >= "\xE2\x80\xA8" && s.substr(i, 3) <= "\xE2\x80\xA9") return 3;
  if (c == 0xEF && s.substr(i, 3) == "\xEF\xBB\xBF") return 3;
  return 0;
}

bool HasYamlBreakOrControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (SpecialAt(s, i)) return true;
  }
  return false;
}

bool PlainIsSafe(std::string_view t) {
  if (t.empty() || t.size() > 200) return false;
  // Words YAML would read as something other than a string.
  for (std::string_view w : {"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
                             "yes", "Yes", "no", "No", "on", "On", "off", "Off", "y", "n"}) {
    if (t == w) return false;
  }
  const char first = t.front();
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`. ").find(first) != std::string_view::npos) return false;
  if (t.back() == ' ' || t.back() == ':') return false;
  bool numeric = true;
  if (HasYamlBreakOrControl(t)) return false;
  for (char c : t) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
    if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' && c != '_') numeric = false;
  }
  if (numeric) return false;  // numbers and dates would not read back as text
  if (t.find(": ") != std::string_view::npos || t.find(" #") != std::string_view::npos) return false;
  return true;
}

}  // namespace

std::string YamlString(std::string_view t) {
  if (PlainIsSafe(t)) return std::string(t);
  std::string out = "\"";
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const unsigned char u = static_cast<unsigned char>(c);
    if (const size_t n = SpecialAt(t, i)) {
      // Decode the code point and write it as \uXXXX.
      const uint32_t cp = n == 2 ? ((u & 0x1F) << 6) | (static_cast<unsigned char>(t[i + 1]) & 0x3F)
                                 : ((u & 0x0F) << 12) | ((static_cast<unsigned char>(t[i + 1]) & 0x3F) << 6) |
                                       (static_cast<unsigned char>(t[i + 2]) & 0x3F);
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", cp);
      out += buf;
      i += n - 1;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace levers::internal
