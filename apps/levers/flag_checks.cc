// Checks of flag values (flag_checks.h).
#include "flag_checks.h"

#include <charconv>
#include <iostream>

#include "levers/date.h"
#include "levers/money.h"
#include "levers/utf8.h"

namespace levers::cli {
namespace {

std::string Got(const std::string& value) {
  return value.empty() ? "got an empty value" : "got '" + value + "'";
}

// Digits, then at most one point followed by digits; no sign, exponent, inf or nan.
bool PlainDecimal(std::string_view text) {
  size_t digits = 0, points = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && ++points == 1) {
    } else {
      return false;
    }
  }
  return digits > 0 && text.front() != '.' && text.back() != '.';
}

}  // namespace

std::optional<int32_t> ParseHundredths(std::string_view text) {
  if (!PlainDecimal(text)) return std::nullopt;
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (frac.size() > 2) return std::nullopt;
  // Leading zeros are fine ("007"); more than three significant digits are above 100.
  const size_t first = whole.find_first_not_of('0');
  if (first != std::string_view::npos && whole.size() - first > 3) return std::nullopt;
  int32_t v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  v *= 100;
  if (!frac.empty()) v += (frac[0] - '0') * 10;
  if (frac.size() == 2) v += frac[1] - '0';
  if (v > 10000) return std::nullopt;
  return v;
}

CLI::Validator HundredthsCheck(const std::string& expected) {
  return CLI::Validator(
      [expected](std::string& value) {
        return ParseHundredths(value) ? std::string() : "expected " + expected + "; " + Got(value);
      },
      "", "Hundredths");
}

CLI::Validator PercentCheck() {
  return HundredthsCheck("a percentage from 0 to 100 with at most two decimals, like 5 or 2.5");
}

CLI::Validator WholeNumberCheck(uint64_t lo, uint64_t hi, const std::string& expected) {
  return CLI::Validator(
      [lo, hi, expected](std::string& value) {
        uint64_t v = 0;
        const char* end = value.data() + value.size();
        const bool digits =
            !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        if (digits) {
          const auto [ptr, ec] = std::from_chars(value.data(), end, v);
          if (ec == std::errc() && ptr == end && v >= lo && v <= hi) return std::string();
        }
        return "expected " + expected + "; " + Got(value);
      },
      "", "WholeNumber");
}

CLI::Validator JobsCheck() {
  return WholeNumberCheck(0, 1024, "a whole number of threads from 0 to 1024 (0: one per core)");
}

CLI::Validator DecimalCheck(bool (*in_range)(double), const std::string& expected) {
  return CLI::Validator(
      [in_range, expected](std::string& value) {
        double v = 0;
        if (PlainDecimal(value)) {
          const char* end = value.data() + value.size();
          const auto [ptr, ec] = std::from_chars(value.data(), end, v);
          if (ec == std::errc() && ptr == end && in_range(v)) return std::string();
        }
        return "expected " + expected + "; " + Got(value);
      },
      "", "Decimal");
}

CLI::Validator IsoDateCheck() {
  return CLI::Validator(
      [](std::string& value) {
        if (value.empty()) return std::string("expected a date YYYY-MM-DD, got an empty value");
        const DateParse d = ParseIsoDate(value);
        if (d.date) return std::string();
        return "expected a date YYYY-MM-DD, like 2026-11-23; " + Got(value) + ": " + d.error;
      },
      "", "IsoDate");
}

std::string ListWithOr(const std::vector<std::string>& items) {
  std::string listed;
  for (size_t i = 0; i < items.size(); ++i)
    listed += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
  return listed;
}

CLI::Validator OneOf(const std::vector<std::string>& choices) {
  const std::string listed = ListWithOr(choices);
  std::string braced;
  for (size_t i = 0; i < choices.size(); ++i) braced += (i == 0 ? "" : ",") + choices[i];
  return CLI::Validator(
      [choices, listed](std::string& value) {
        for (const std::string& c : choices) {
          if (value == c) return std::string();
        }
        return "expected " + listed + "; " + Got(value);
      },
      "{" + braced + "}", "OneOf");
}

CLI::Validator CurrencyCheck() {
  return CLI::Validator(
      [](std::string& value) {
        if (const CurrencyInfo* info = FindCurrencyAnyCase(value)) {
          value = std::string(info->code);
          return std::string();
        }
        return "expected an ISO 4217 currency levers knows, like USD, EUR or GBP (any case); " +
               Got(value);
      },
      "", "Currency");
}

bool CurrencyInUse(const RateTable& rates, const std::string& code, Date date,
                   const std::string& when) {
  const Status s = rates.CheckNotDiscontinued(code, date);
  if (s.ok()) return true;
  std::cerr << "levers: --currency: expected a currency in use on " << when << "; " << s.message()
            << "\n";
  return false;
}

CLI::Validator TextCheck(const std::string& expected) {
  return CLI::Validator(
      [expected](std::string& value) {
        if (value.find_first_not_of(" \t") == std::string::npos)
          return "expected " + expected + "; got " +
                 (value.empty() ? std::string("an empty value") : "only spaces");
        const size_t bad = FindInvalidUtf8(value);
        if (bad == std::string::npos) return std::string();
        static constexpr char kHex[] = "0123456789ABCDEF";
        const unsigned char b = static_cast<unsigned char>(value[bad]);
        return "expected UTF-8 text; byte " + std::to_string(bad + 1) + " (0x" + kHex[b >> 4] +
               kHex[b & 15] + ") is not UTF-8 (is the terminal set to another encoding?)";
      },
      "", "Text");
}

CLI::Validator PathCheck(const std::string& expected) {
  return CLI::Validator(
      [expected](std::string& value) {
        if (!value.empty()) return std::string();
        return "expected " + expected + "; got an empty value";
      },
      "", "Path");
}

CLI::Validator NamedPathCheck(const std::string& expected) {
  return CLI::Validator(
      [expected](std::string& value) {
        if (value.empty()) return "expected " + expected + "; got an empty value";
        if (value != "-") return std::string();
        return "expected " + expected +
               "; '-' (standard input) is read only as a guide or an offer: give the file's "
               "name (./- for a file named -)";
      },
      "", "Path");
}

}  // namespace levers::cli
