#include "render/yaml_emit.h"

#include <cstdio>

namespace levers::internal {
namespace {

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
  for (char c : t) {
    const unsigned char u = static_cast<unsigned char>(c);
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
