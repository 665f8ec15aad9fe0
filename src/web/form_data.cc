#include "web/form_data.h"

#include <cstdint>

#include "levers/server_http.h"
#include "levers/utf8.h"

namespace levers::web {
namespace {

// A form body is decoded as a query string is (levers::PercentDecode); the
// error names the field.
Result<std::string> Decode(std::string_view text, std::string_view what) {
  std::string out;
  if (!PercentDecode(text, /*plus_is_space=*/true, out))
    return Status::InvalidArgument(std::string(what) + ": '%' must be followed by two hex digits");
  return out;
}

}  // namespace

Result<FormFields> ParseFormData(std::string_view body) {
  FormFields fields;
  size_t i = 0;
  while (i < body.size()) {
    size_t end = body.find('&', i);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view pair = body.substr(i, end - i);
    i = end + 1;
    if (pair.empty()) continue;
    if (fields.size() == kMaxFields)
      return Status::InvalidArgument("more than " + std::to_string(kMaxFields) + " form fields");
    const size_t eq = pair.find('=');
    LEVERS_ASSIGN_OR_RETURN(std::string name, Decode(pair.substr(0, eq), "a field name"));
    if (name.size() > 100 || !IsValidUtf8(name))
      return Status::InvalidArgument("a form field name is not text of at most 100 bytes");
    std::string value;
    if (eq != std::string_view::npos) {
      LEVERS_ASSIGN_OR_RETURN(value, Decode(pair.substr(eq + 1), name));
    }
    if (value.size() > kMaxFieldBytes)
      return Status::InvalidArgument(name + ": longer than " + std::to_string(kMaxFieldBytes) +
                                     " bytes");
    if (!IsValidUtf8(value)) return Status::InvalidArgument(name + ": not UTF-8 text");
    for (unsigned char c : value) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return Status::InvalidArgument(name + ": contains a control character");
    }
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

std::string FormValue(const FormFields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return "";
}

Result<const std::string*> SingleValue(const FormFields& fields, std::string_view name) {
  const std::string* value = nullptr;
  for (const auto& [k, v] : fields) {
    if (k != name) continue;
    if (value) return Status::InvalidArgument(std::string(name) + " is given more than once.");
    value = &v;
  }
  return value;
}

std::string Base64UrlEncode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(v >> s) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

}  // namespace levers::web
