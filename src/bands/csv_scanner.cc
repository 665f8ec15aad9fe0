#include "bands/csv_scanner.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace levers::bands_internal {
namespace {

// Bytes that end an unquoted field or need a look: ',', '"', CR, LF.
constexpr std::array<bool, 256> MakeSpecial() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = MakeSpecial();

// Inside quotes only '"', CR and LF matter.
constexpr std::array<bool, 256> MakeQuoted() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  return t;
}
constexpr std::array<bool, 256> kQuotedSpecial = MakeQuoted();

inline const char* Skip(const char* p, const char* end, const std::array<bool, 256>& table) {
  while (p < end && !table[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

ScanStatus Done(CsvRecord& rec) {
  if (rec.field_count == 0) rec.field_count = rec.fields.size();
  return ScanStatus::kRecord;
}

}  // namespace

ScanStatus CsvScanner::Next(const char* begin, const char* end, bool at_eof, bool force,
                            CsvRecord& rec, size_t& consumed) {
  rec.fields.clear();
  rec.line_breaks = 0;
  rec.error = nullptr;
  rec.error_field = -1;
  rec.ended_by_break = false;
  rec.blank = false;
  rec.field_count = 0;
  if (begin == end) return at_eof ? ScanStatus::kEnd : ScanStatus::kNeedMore;
  const bool final_bytes = at_eof || force;
  size_t n_unescaped = 0;
  uint32_t quoted_breaks = 0;
  auto fail = [&](const char* why, size_t field) {
    if (rec.error == nullptr) {
      rec.error = why;
      rec.error_field = static_cast<int>(field);
    }
  };
  // The first line break inside a quoted field, and that field. When the
  // record it made turns out malformed or of the wrong width, the quote was a
  // stray one: the record is cut back to the line where it opened, so the
  // lines the quote ran over are read as the records they are.
  const char* stray_break = nullptr;
  size_t stray_field = 0;
  auto done = [&]() {
    if (stray_break != nullptr) {
      const size_t width = rec.field_count == 0 ? rec.fields.size() : rec.field_count;
      if (rec.error != nullptr || (expected_fields_ > 0 && width != expected_fields_)) {
        const char* after = stray_break + 1;
        if (*stray_break == '\r' && after < end && *after == '\n') ++after;
        rec.fields.resize(stray_field);
        rec.field_count = 0;
        rec.error = "a quote not closed on its line (the record ends there)";
        rec.error_field = static_cast<int>(stray_field);
        consumed = static_cast<size_t>(after - begin);
        rec.line_breaks = 1;
        rec.ended_by_break = true;
        rec.blank = false;
      }
    }
    return Done(rec);
  };
  const char* p = begin;
  for (;;) {
    const size_t field = rec.fields.size();
    std::string_view value;
    if (p < end && *p == '"') {
      const char* content = p + 1;
      const char* q = content;
      const char* first_break = nullptr;
      bool escaped = false;
      uint32_t breaks = 0;
      for (;;) {
        q = Skip(q, end, kQuotedSpecial);
        if (q == end) break;
        if (*q == '"') {
          if (q + 1 == end && !final_bytes) return ScanStatus::kNeedMore;
          if (q + 1 < end && q[1] == '"') {
            escaped = true;
            q += 2;
            continue;
          }
          break;
        }
        if (*q == '\r' && q + 1 == end && !final_bytes) return ScanStatus::kNeedMore;
        if (first_break == nullptr) first_break = q;
        if (*q == '\r' && q + 1 < end && q[1] == '\n') ++q;
        ++breaks;
        ++q;
      }
      if (q == end) {
        if (!final_bytes) return ScanStatus::kNeedMore;
        // Unterminated: the record is the physical line where the quote opened.
        fail("unterminated quoted field", field);
        rec.fields.emplace_back(content, static_cast<size_t>(end - content));
        if (first_break != nullptr) {
          const char* after = first_break + 1;
          if (*first_break == '\r' && after < end && *after == '\n') ++after;
          consumed = static_cast<size_t>(after - begin);
          rec.line_breaks = quoted_breaks + 1;
          rec.ended_by_break = true;
        } else {
          consumed = static_cast<size_t>(end - begin);
          rec.line_breaks = quoted_breaks;
        }
        return done();
      }
      quoted_breaks += breaks;
      if (first_break != nullptr && stray_break == nullptr) {
        stray_break = first_break;
        stray_field = field;
      }
      if (!escaped) {
        value = std::string_view(content, static_cast<size_t>(q - content));
      } else {
        if (unescaped_.size() <= n_unescaped) unescaped_.emplace_back();
        std::string& s = unescaped_[n_unescaped++];
        s.clear();
        for (const char* c = content; c < q; ++c) {
          s += *c;
          if (*c == '"') ++c;  // "" is one quote
        }
        value = s;
      }
      p = q + 1;
      if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
        fail("text after a closing quote", field);
        for (;;) {
          p = Skip(p, end, kSpecial);
          if (p < end && *p == '"') {
            ++p;
            continue;
          }
          break;
        }
      }
    } else {
      const char* start = p;
      for (;;) {
        p = Skip(p, end, kSpecial);
        if (p < end && *p == '"') {
          fail("a quote inside an unquoted field", field);
          ++p;
          continue;
        }
        break;
      }
      value = std::string_view(start, static_cast<size_t>(p - start));
    }
    if (p == end) {
      if (!final_bytes) return ScanStatus::kNeedMore;
      rec.fields.push_back(value);
      consumed = static_cast<size_t>(end - begin);
      rec.line_breaks = quoted_breaks;
      return done();
    }
    rec.fields.push_back(value);
    if (*p == ',' && field_limit_ > 0 && rec.fields.size() == field_limit_ &&
        rec.error == nullptr) {
      // Past the fields the caller needs: when the rest of the line holds no
      // quote, count its separators and skip it.
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl != nullptr && std::memchr(p, '"', static_cast<size_t>(nl - p)) == nullptr &&
          std::memchr(p, '\r', static_cast<size_t>(nl - p)) == nullptr) {
        rec.field_count = rec.fields.size() + static_cast<size_t>(std::count(p, nl, ','));
        consumed = static_cast<size_t>(nl + 1 - begin);
        rec.line_breaks = quoted_breaks + 1;
        rec.ended_by_break = true;
        return done();
      }
      if (nl != nullptr && nl > p && nl[-1] == '\r' &&
          std::memchr(p, '"', static_cast<size_t>(nl - p)) == nullptr &&
          std::memchr(p, '\r', static_cast<size_t>(nl - 1 - p)) == nullptr) {
        rec.field_count = rec.fields.size() + static_cast<size_t>(std::count(p, nl, ','));
        consumed = static_cast<size_t>(nl + 1 - begin);
        rec.line_breaks = quoted_breaks + 1;
        rec.ended_by_break = true;
        return done();
      }
    }
    if (*p == ',') {
      ++p;
      if (p == end) {
        if (!final_bytes) return ScanStatus::kNeedMore;
        rec.fields.emplace_back();
        consumed = static_cast<size_t>(end - begin);
        rec.line_breaks = quoted_breaks;
        return done();
      }
      continue;
    }
    // A line break ends the record; right at its start, the line is blank
    // (a line holding "" is a record of one empty field).
    rec.blank = p == begin;
    if (*p == '\r') {
      if (p + 1 == end && !final_bytes) return ScanStatus::kNeedMore;
      if (p + 1 < end && p[1] == '\n') ++p;
    }
    ++p;
    consumed = static_cast<size_t>(p - begin);
    rec.line_breaks = quoted_breaks + 1;
    rec.ended_by_break = true;
    return done();
  }
}

}  // namespace levers::bands_internal
