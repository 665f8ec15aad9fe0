// Data dates: the dates a guide's evidence gives its salary data ("Levels.fyi
// offers (2025-2026)", "Q3 2025 reports", "March 2026", "2026-03-14"), read
// so that a guide without front matter can still be dated (`data-stale`,
// docs/checks.md). Pure functions over text; thread-safe.
#ifndef LEVERS_CHECK_DATA_DATES_H_
#define LEVERS_CHECK_DATA_DATES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "levers/date.h"

namespace levers::internal {

// One date found in a text, and the first day of the period it names: a year
// (2026 -> 2026-01-01), a quarter (Q3 2025, 2025-Q3, 2025 Q3 -> 2025-07-01), a
// month (March 2026, Mar 2026 -> 2026-03-01) or a day (2026-03-14).
struct DataDate {
  size_t begin = 0, end = 0;  // byte offsets of the date in the text
  std::string text;           // the date as written
  Date from;                  // the first day of its period
};

// The date in `text` whose period begins latest (the first of equals), or
// nullopt when the text states none. A year is four digits from 1900 to 2199
// standing on their own: not part of a longer number or a word, and not an
// amount ("$2026K", "2,026", "2026%").
std::optional<DataDate> NewestDataDate(std::string_view text);

// `d` plus `months` calendar months, the day clamped to the last day of the
// resulting month (2026-11-30 + 3 months = 2027-02-28).
Date AddMonths(const Date& d, int months);

// Whole calendar months from `from` to `to` (0 when `to` is not later).
int WholeMonthsBetween(const Date& from, const Date& to);

}  // namespace levers::internal

#endif  // LEVERS_CHECK_DATA_DATES_H_
