#include "levers/date.h"

#include <chrono>
#include <cstdio>

namespace levers {
namespace {
bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}
}  // namespace

std::string Date::ToString() const {
  if (year >= 0 && year <= 9999 && month >= 0 && month <= 99 && day >= 0 && day <= 99) {
    // The common case without snprintf, which costs more than the rest of a date's use.
    const char out[10] = {static_cast<char>('0' + year / 1000),
                          static_cast<char>('0' + year / 100 % 10),
                          static_cast<char>('0' + year / 10 % 10),
                          static_cast<char>('0' + year % 10),
                          '-',
                          static_cast<char>('0' + month / 10),
                          static_cast<char>('0' + month % 10),
                          '-',
                          static_cast<char>('0' + day / 10),
                          static_cast<char>('0' + day % 10)};
    return std::string(out, sizeof out);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int64_t Date::DaysSinceEpoch() const {
  using namespace std::chrono;
  return sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day))
      .time_since_epoch()
      .count();
}

DateParse ParseIsoDate(std::string_view t) {
  DateParse r;
  auto digits = [&](size_t b, size_t n, int& out) {
    out = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  Date d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !digits(0, 4, d.year) ||
      !digits(5, 2, d.month) || !digits(8, 2, d.day)) {
    r.error = "expected a date as YYYY-MM-DD";
    return r;
  }
  if (d.month < 1 || d.month > 12) {
    r.error = "month " + std::to_string(d.month) + " does not exist";
    return r;
  }
  if (d.year < 1900 || d.year > 2200) {
    r.error = "year " + std::to_string(d.year) + " is out of range (1900..2200)";
    return r;
  }
  if (d.day < 1 || d.day > DaysInMonth(d.year, d.month)) {
    r.error = d.ToString() + " does not exist (" + std::to_string(DaysInMonth(d.year, d.month)) +
              " days in that month)";
    return r;
  }
  r.date = d;
  return r;
}

Date TodayUtc() {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now())};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace levers
