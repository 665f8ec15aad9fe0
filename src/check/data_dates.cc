#include "check/data_dates.h"

#include <array>

namespace levers::internal {
namespace {

// ASCII classes by hand: the "C" locale's, without a locale lookup per byte.
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The month named by the word that ends just before the space at `space`
// ("March 2026", "Mar 2026", "Mar. 2026"), 1..12, with the word's start in
// `begin`; 0 when the word is not a month.
int MonthBefore(std::string_view text, size_t space, size_t* begin) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  size_t end = space;
  if (end > 0 && text[end - 1] == '.') --end;
  size_t b = end;
  while (b > 0 && IsAlpha(text[b - 1])) --b;
  if (b == end || (b > 0 && IsDigit(text[b - 1]))) return 0;
  std::string word;
  for (size_t i = b; i < end; ++i) word += Lower(text[i]);
  for (size_t m = 0; m < kMonths.size(); ++m) {
    const bool abbreviated = word.size() == 3 && kMonths[m].starts_with(word);
    if (word == kMonths[m] || abbreviated || (m == 8 && word == "sept")) {
      *begin = b;
      return static_cast<int>(m) + 1;
    }
  }
  return 0;
}

// The date whose year is the four digits at [y, y + 4) of `text`, in its most
// specific form; nullopt when those digits are not a year.
std::optional<DataDate> DateAt(std::string_view text, size_t y) {
  const size_t e = y + 4;
  const int year = Digits(text.substr(y, 4));
  if (year < 1900 || year > 2199) return std::nullopt;
  // Not part of a word or an amount: "FY2026" or "$2026K", "2,026", "2026%".
  if (y > 0) {
    const char c = text[y - 1];
    if (IsAlnum(c) || c == '$' || c == '.' || c == ',') return std::nullopt;
  }
  if (e < text.size()) {
    const char c = text[e];
    if (IsAlnum(c) || c == '%' ||
        ((c == '.' || c == ',') && e + 1 < text.size() && IsDigit(text[e + 1])))
      return std::nullopt;
  }
  auto make = [&](size_t begin, size_t end, int month, int day) {
    return DataDate{begin, end, std::string(text.substr(begin, end - begin)),
                    Date{year, month, day}};
  };
  // A day: 2026-03-14.
  if (e + 6 <= text.size() && text[e] == '-' && IsDigit(text[e + 1]) && IsDigit(text[e + 2]) &&
      text[e + 3] == '-' && IsDigit(text[e + 4]) && IsDigit(text[e + 5]) &&
      (e + 6 == text.size() || !IsAlnum(text[e + 6]))) {
    const DateParse d = ParseIsoDate(text.substr(y, 10));
    if (d.date) return make(y, e + 6, d.date->month, d.date->day);
  }
  // A quarter after the year: 2025-Q3, 2025 Q3.
  if (e + 3 <= text.size() && (text[e] == '-' || text[e] == ' ') && text[e + 1] == 'Q' &&
      text[e + 2] >= '1' && text[e + 2] <= '4' && (e + 3 == text.size() || !IsAlnum(text[e + 3]))) {
    return make(y, e + 3, (text[e + 2] - '1') * 3 + 1, 1);
  }
  // A quarter before it: Q3 2025.
  if (y >= 3 && text[y - 1] == ' ' && text[y - 3] == 'Q' && text[y - 2] >= '1' &&
      text[y - 2] <= '4' && (y == 3 || !IsAlnum(text[y - 4]))) {
    return make(y - 3, e, (text[y - 2] - '1') * 3 + 1, 1);
  }
  // A month before it: March 2026, Mar 2026.
  if (y >= 1 && text[y - 1] == ' ') {
    size_t begin = 0;
    if (const int month = MonthBefore(text, y - 1, &begin)) return make(begin, e, month, 1);
  }
  return make(y, e, 1, 1);
}

}  // namespace

std::optional<DataDate> NewestDataDate(std::string_view text) {
  std::optional<DataDate> best;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1]))) continue;
    size_t j = i;
    while (j < text.size() && IsDigit(text[j])) ++j;
    if (j - i == 4) {
      std::optional<DataDate> d = DateAt(text, i);
      if (d && (!best || best->from < d->from)) best = std::move(d);
    }
    i = j - 1;
  }
  return best;
}

Date AddMonths(const Date& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, d.day};
  if (out.day > DaysInMonth(out.year, out.month)) out.day = DaysInMonth(out.year, out.month);
  return out;
}

int WholeMonthsBetween(const Date& from, const Date& to) {
  if (!(from < to)) return 0;
  int months = (to.year - from.year) * 12 + (to.month - from.month);
  if (to.day < from.day) --months;
  return months;
}

}  // namespace levers::internal
