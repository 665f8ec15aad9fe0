#include "store/pg_copy_row.h"

#include <charconv>

namespace levers::store_internal {

CopyRow& CopyRow::Text(std::string_view v) {
  Separate();
  size_t done = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char escaped = 0;
    switch (v[i]) {
      case '\\':
        escaped = '\\';
        break;
      case '\t':
        escaped = 't';
        break;
      case '\n':
        escaped = 'n';
        break;
      case '\r':
        escaped = 'r';
        break;
      default:
        continue;
    }
    line_.append(v.substr(done, i - done));
    line_.push_back('\\');
    line_.push_back(escaped);
    done = i + 1;
  }
  line_.append(v.substr(done));
  return *this;
}

CopyRow& CopyRow::Bytes(std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  Separate();
  line_.append("\\\\x");
  const size_t start = line_.size();
  line_.resize(start + 2 * v.size());
  char* out = line_.data() + start;
  for (const char c : v) {
    const auto b = static_cast<unsigned char>(c);
    *out++ = kHex[b >> 4];
    *out++ = kHex[b & 0xF];
  }
  return *this;
}

CopyRow& CopyRow::Int(int64_t v) {
  Separate();
  char buf[24];
  line_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  return *this;
}

CopyRow& CopyRow::Null() {
  Separate();
  line_.append("\\N");
  return *this;
}

}  // namespace levers::store_internal
