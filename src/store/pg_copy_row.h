// One row of PostgreSQL's COPY text format (COPY ... FROM STDIN, the default
// format): columns separated by a tab, the row ended by a newline, NULL as \N.
// The PostgreSQL store writes an import's rows this way (postgres_store.cc).
//
// In a text column a backslash, tab, newline and carriage return are written
// as \\, \t, \n and \r; every other byte goes as it is, so `\.` or `\N` inside a
// value arrive as text, never as the end-of-data marker or a NULL. A bytea
// column is written in bytea's hex form (\x then two hex digits a byte), its
// backslash escaped like any other. Text must be NUL-free UTF-8 (the store's
// ValidateSnapshot checks it): the server refuses a NUL in text.
//
// Hand-written because libpq escapes only for SQL literals and bytea literals
// (PQescapeStringConn, PQescapeByteaConn), not for COPY's own format.
//
// Thread-safety: none; a CopyRow belongs to one writer.
#ifndef LEVERS_SRC_STORE_PG_COPY_ROW_H_
#define LEVERS_SRC_STORE_PG_COPY_ROW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace levers::store_internal {

class CopyRow {
 public:
  // Starts a new row, forgetting the previous one (its buffer is reused).
  CopyRow& Clear() {
    line_.clear();
    columns_ = 0;
    return *this;
  }
  CopyRow& Text(std::string_view v);
  CopyRow& Bytes(std::string_view v);
  CopyRow& Int(int64_t v);
  CopyRow& Null();
  template <typename T>
  CopyRow& Opt(const std::optional<T>& v) {
    return v ? Int(*v) : Null();
  }
  // The row so far with its closing newline added; valid until the next call.
  std::string_view Finish() {
    line_.push_back('\n');
    return line_;
  }

 private:
  void Separate() {
    if (columns_++ > 0) line_.push_back('\t');
  }

  std::string line_;
  int columns_ = 0;
};

}  // namespace levers::store_internal

#endif  // LEVERS_SRC_STORE_PG_COPY_ROW_H_
