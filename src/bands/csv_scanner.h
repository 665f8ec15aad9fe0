// CsvScanner: splits CSV text (RFC 4180) into records and fields, one record
// at a time, over a caller-owned buffer, reporting malformed records instead of
// failing.
//
// Hand-written rather than libcsv (Debian libcsv-dev): levers reads a file on
// several threads, each from a byte offset in the middle of it, which needs a
// scanner that starts anywhere and tells where each record ends; fields are
// returned as views into the buffer (no copy unless a field holds an escaped
// quote); and a record that breaks the format (a stray quote, text after a
// closing quote, an unterminated quote) must be skipped with its line number,
// not abort the read. bench/bands_csv_bench.cc measures it against libcsv.
//
// Accepted: fields separated by ',', records ended by LF, CR LF or a lone CR,
// fields in double quotes holding ',', line breaks and "" (one quote).
// Not thread-safe; use one scanner per thread.
#ifndef LEVERS_SRC_BANDS_CSV_SCANNER_H_
#define LEVERS_SRC_BANDS_CSV_SCANNER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace levers::bands_internal {

struct CsvRecord {
  std::vector<std::string_view> fields;  // valid until the next Next() or buffer change
  size_t field_count = 0;    // fields in the record (more than fields.size() past the field limit)
  uint32_t line_breaks = 0;  // line breaks consumed: inside quoted fields plus the terminator
  const char* error = nullptr;  // a static reason when the record is malformed
  int error_field = -1;         // 0-based field of the error
  bool ended_by_break = false;  // false when the record ran to the end of the bytes given
  bool blank = false;           // no bytes before the terminator: a blank line, not a record
};

enum class ScanStatus {
  kRecord,    // a record was read; `consumed` bytes (terminator included) are done
  kNeedMore,  // the record does not end inside [begin, end): give more bytes
  kEnd,       // begin == end at the end of input
};

class CsvScanner {
 public:
  // Scans one record at `begin`. `at_eof` says no bytes follow `end`. With
  // `force` (the caller cannot give more bytes: the record is too long), a
  // record in an open quote ends at the first line break after the quote
  // opened, or at `end` when there is none, and is reported as unterminated.
  ScanStatus Next(const char* begin, const char* end, bool at_eof, bool force, CsvRecord& rec,
                  size_t& consumed);

  // Keep only the first `n` fields of each record (0: all); the rest are
  // counted, not returned, and skipped fast when they hold no quote.
  void set_field_limit(size_t n) { field_limit_ = n; }
  // The header's number of fields (0: unknown). A record whose quoted field
  // runs over a line break and that is then malformed, or has another number
  // of fields, took a stray quote for an opening one: it is reported as
  // malformed and ends at the first line break inside that quote, so the
  // lines after it are read as records of their own.
  void set_expected_fields(size_t n) { expected_fields_ = n; }

 private:
  size_t field_limit_ = 0;
  size_t expected_fields_ = 0;
  std::deque<std::string> unescaped_;  // storage for fields that held "" (stable addresses)
};

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_CSV_SCANNER_H_
