// From CSV records to checked salary records: the header bound to a column
// mapping, and the per-row parser of amounts, dates and currencies.
//
// A RowNormalizer is not thread-safe (it caches per location); use one per
// thread. The ConversionRates it points at are shared and immutable.
#ifndef LEVERS_SRC_BANDS_RECORD_READER_H_
#define LEVERS_SRC_BANDS_RECORD_READER_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bands/csv_scanner.h"
#include "levers/bands.h"

namespace levers::bands_internal {

// Column indices of a mapping in one file's header (-1: not mapped).
struct BoundColumns {
  int company = -1, title = -1, level = -1, location = -1, date = -1;
  int base = -1, stock = -1, bonus = -1, total = -1, currency = -1;
  size_t width = 0;  // the header's number of columns
  std::vector<std::string> names;
};

// Binds `mapping` to the header record. InvalidArgument naming the missing
// column and the columns the header has, or a dimension in `by` with no column.
// `where` is the header's file and line ("salaries.csv:1") for messages.
Result<BoundColumns> BindHeader(const std::vector<std::string_view>& header,
                                const ColumnMapping& mapping, const std::vector<BandDimension>& by,
                                const std::string& where);

// The ECB table and, built on first use, its yearly averages (for records
// dated by year only). Thread-safe.
class ConversionRates {
 public:
  explicit ConversionRates(const RateTable& daily) : daily_(daily) {}
  const RateTable& daily() const { return daily_; }
  // One row per year dated YYYY-07-01: each currency's mean rate over the
  // year's published days, rounded half to even to a millionth.
  const RateTable& YearAverages() const;

 private:
  const RateTable& daily_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RateTable> averages_;
};

struct RowReject {
  const char* code = "";
  std::string column;
  std::string reason;
  std::string currency;  // conversion-failed: the conversion that failed, "USD to TWD"
};

// A parsed row, with views into the record's fields.
struct ParsedRow {
  std::string_view company, title, level, location;
  Date date;
  bool has_date = false;
  bool year_only = false;
  std::string_view currency;  // the amounts' currency after conversion
  std::optional<int64_t> base, stock, bonus, total;
};

class RowNormalizer {
 public:
  RowNormalizer(const BoundColumns& cols, const ColumnMapping& mapping, const BandsOptions& options,
                const ConversionRates& rates);
  // Parses `rec` into `row`; false with `reject` filled when the row is refused.
  bool Parse(const CsvRecord& rec, ParsedRow& row, RowReject& reject);
  uint64_t converted() const { return converted_; }

 private:
  bool Amount(const CsvRecord& rec, int col, int digits, std::optional<int64_t>& out,
              RowReject& reject);
  bool ParseDate(std::string_view text, ParsedRow& row, RowReject& reject);
  std::string_view TargetCurrency(std::string_view location, std::string_view source_currency);

  const BoundColumns& cols_;
  const ColumnMapping& mapping_;
  const BandsOptions& options_;
  const ConversionRates& rates_;
  std::vector<bool> needed_key_;  // company, title, level, location must not be NA
  std::unordered_map<std::string, std::string> location_currency_;  // "local" and overrides
  std::string fixed_target_;
  uint64_t converted_ = 0;
};

// Human-readable quarter of a date: "2020-Q3", or "2020" for a year-only date.
std::string QuarterLabel(Date d, bool year_only);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_RECORD_READER_H_
