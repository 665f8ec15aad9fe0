// Date: a proleptic Gregorian calendar day, and the ISO 8601 parser for it.
// Value type; thread-safe.
#ifndef LEVERS_DATE_H_
#define LEVERS_DATE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace levers {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  auto operator<=>(const Date&) const = default;

  std::string ToString() const;  // "2026-02-23"
  // Days since 1970-01-01 (negative before).
  int64_t DaysSinceEpoch() const;
  // Calendar quarters since year 0 (year * 4 + Q1..Q4 as 0..3): the
  // difference of two is how many quarters apart they are, so 2022-01-01 is
  // one after 2021-12-31 and 2021-03-31 none after 2021-01-01. How far data
  // is behind a day is counted this way by `levers check` (data-stale) and
  // `levers bands apply` alike, against kStaleDataQuarters (guide.h).
  int QuarterIndex() const { return year * 4 + (month - 1) / 3; }
};

struct DateParse {
  std::optional<Date> date;
  std::string error;  // why it is not a date, when !date
};

// Parses "YYYY-MM-DD" exactly; rejects impossible days ("2026-02-30") with a reason.
DateParse ParseIsoDate(std::string_view text);

// Today's date in UTC from the system clock.
Date TodayUtc();

}  // namespace levers

#endif  // LEVERS_DATE_H_
