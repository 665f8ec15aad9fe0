#include "bands/record_reader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "bands/names.h"
#include "core/ascii.h"
#include "levers/utf8.h"

namespace levers::bands_internal {
namespace {

__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Digits only, 1..`max` of them, into `out`.
bool Digits(std::string_view s, size_t max, int& out) {
  if (s.empty() || s.size() > max) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// Exactly `n` ASCII digits at the front of `s`, read into `out` and dropped.
bool TakeDigits(std::string_view& s, size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}

// A time of day after a date, and nothing else: H:MM or HH:MM, optional :SS
// and fraction (.f to 9 digits); after an ISO date optionally a zone (Z,
// +HH:MM, +HHMM, -...), after M/D/YYYY optionally " AM" or " PM".
bool IsTimeOfDay(std::string_view t, bool iso) {
  int h = 0, m = 0, sec = 0;
  const size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2) return false;
  if (!TakeDigits(t, colon, h) || h > 23 || t.empty() || t[0] != ':') return false;
  t.remove_prefix(1);
  if (!TakeDigits(t, 2, m) || m > 59) return false;
  if (!t.empty() && t[0] == ':') {
    t.remove_prefix(1);
    if (!TakeDigits(t, 2, sec) || sec > 60) return false;
    if (!t.empty() && t[0] == '.') {
      t.remove_prefix(1);
      size_t n = 0;
      while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
      if (n == 0 || n > 9) return false;
      t.remove_prefix(n);
    }
  }
  if (t.empty()) return true;
  if (iso) {
    if (t == "Z") return true;
    if (t[0] != '+' && t[0] != '-') return false;
    t.remove_prefix(1);
    int zh = 0, zm = 0;
    if (!TakeDigits(t, 2, zh) || zh > 14) return false;
    if (!t.empty() && t[0] == ':') t.remove_prefix(1);
    return TakeDigits(t, 2, zm) && zm <= 59 && t.empty();
  }
  return t == " AM" || t == " PM" || t == " am" || t == " pm";
}

// The cell in quotes, cut after 60 bytes at a character boundary (never inside
// a UTF-8 sequence), control bytes written as \xHH and a byte order mark
// (invisible, and a file's BOM pasted mid-file puts one in a cell) as <U+FEFF>.
std::string Quoted(std::string_view s) {
  std::string out = "'";
  std::string_view shown = ClipUtf8(s, 60);
  const size_t n = shown.size();
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  for (size_t bom; (bom = shown.find(kBom)) != std::string_view::npos;) {
    out += internal::EscapeAsciiControls(shown.substr(0, bom));
    out += "<U+FEFF>";
    shown.remove_prefix(bom + kBom.size());
  }
  out += internal::EscapeAsciiControls(shown);
  if (n < s.size()) out += "...";
  return out + "'";
}

int64_t Pow10(int digits) {
  int64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

// The offset of the first control byte in `s` that is not white space (tab,
// line feed, vertical tab, form feed, carriage return: names fold those to one
// space, and a quoted field may hold a line break), or npos.
size_t FindNonSpaceControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b < 0x20 && (b < '\t' || b > '\r')) || b == 0x7f) return i;
  }
  return std::string_view::npos;
}

// Column name for messages.
std::string ColumnName(const BoundColumns& c, int col) {
  return col >= 0 && static_cast<size_t>(col) < c.names.size()
             ? internal::EscapeAsciiControls(c.names[col])
             : "";
}

}  // namespace

std::string QuarterLabel(Date d, bool year_only) {
  char buf[40];
  if (year_only) {
    std::snprintf(buf, sizeof buf, "%04d", d.year);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-Q%d", d.year, (d.month - 1) / 3 + 1);
  }
  return buf;
}

Result<BoundColumns> BindHeader(const std::vector<std::string_view>& header,
                                const ColumnMapping& mapping, const std::vector<BandDimension>& by,
                                const std::string& where) {
  BoundColumns c;
  c.width = header.size();
  for (std::string_view h : header) c.names.push_back(Trim(h));
  auto bind = [&](const std::string& name, int& out) -> Status {
    if (name.empty()) return Status::Ok();
    for (size_t i = 0; i < c.names.size(); ++i) {
      if (c.names[i] != name) continue;
      // A second column of the same name would be a silent choice of one.
      for (size_t j = i + 1; j < c.names.size(); ++j) {
        if (c.names[j] == name) {
          return Status::InvalidArgument(
              where + ": column '" + internal::EscapeAsciiControls(name) +
              "' named twice (columns " + std::to_string(i + 1) + " and " + std::to_string(j + 1) +
              "); expected each column the mapping reads once");
        }
      }
      out = static_cast<int>(i);
      return Status::Ok();
    }
    std::string have;
    for (size_t i = 0; i < c.names.size(); ++i) have += (i ? ", " : "") + c.names[i];
    return Status::InvalidArgument(
        where + ": no column '" + internal::EscapeAsciiControls(name) +
        "' in the header (it has: " + internal::EscapeAsciiControls(have) + ")");
  };
  LEVERS_RETURN_IF_ERROR(bind(mapping.company, c.company));
  LEVERS_RETURN_IF_ERROR(bind(mapping.title, c.title));
  LEVERS_RETURN_IF_ERROR(bind(mapping.level, c.level));
  LEVERS_RETURN_IF_ERROR(bind(mapping.location, c.location));
  LEVERS_RETURN_IF_ERROR(bind(mapping.date, c.date));
  LEVERS_RETURN_IF_ERROR(bind(mapping.base, c.base));
  LEVERS_RETURN_IF_ERROR(bind(mapping.stock, c.stock));
  LEVERS_RETURN_IF_ERROR(bind(mapping.bonus, c.bonus));
  LEVERS_RETURN_IF_ERROR(bind(mapping.total, c.total));
  LEVERS_RETURN_IF_ERROR(bind(mapping.currency, c.currency));
  if (c.base < 0 && c.total < 0) {
    return Status::InvalidArgument(where + ": the column mapping names no base or total column");
  }
  for (BandDimension d : by) {
    const int col = d == BandDimension::kCompany  ? c.company
                    : d == BandDimension::kTitle  ? c.title
                    : d == BandDimension::kLevel  ? c.level
                    : d == BandDimension::kRegion ? c.location
                                                  : c.date;
    if (col < 0) {
      return Status::InvalidArgument(
          "cannot group by " + std::string(DimensionName(d)) + ": the column mapping names no " +
          (d == BandDimension::kRegion    ? std::string("location")
           : d == BandDimension::kQuarter ? std::string("date")
                                          : std::string(DimensionName(d))) +
          " column");
    }
  }
  return c;
}

namespace {

Date FromDays(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days(days)}};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
              static_cast<int>(unsigned(ymd.day()))};
}

// One row per year dated YYYY-07-01: each currency's mean rate over the days
// of the year the table publishes it, rounded half to even to a millionth.
// The published days are found walking back from December 31: RateOn, allowed
// to look back to January 1, gives the latest published rate, and the walk
// goes on from the day before it; one call per published day and one to end
// the year (a call per calendar day cost a failed lookup and its message for
// every weekend, holiday and unquoted year: 0.1 s per read, 10 s under ASan).
std::unique_ptr<RateTable> AverageByYear(const RateTable& daily) {
  const std::vector<std::string> codes = daily.currencies();
  std::string csv = "Date,";
  for (const std::string& code : codes) csv += code + ",";
  csv += "\n";
  for (int year = daily.first_date().year; year <= daily.last_date().year; ++year) {
    std::string row = std::to_string(year) + "-07-01,";
    bool any = false;
    const int64_t first = Date{year, 1, 1}.DaysSinceEpoch();
    const int64_t last = Date{year, 12, 31}.DaysSinceEpoch();
    for (const std::string& code : codes) {
      Int128 sum = 0;
      int64_t n = 0;
      for (int64_t day = last; day >= first;) {
        Result<EcbRate> r = daily.RateOn(code, FromDays(day), static_cast<int>(day - first));
        if (!r.ok()) break;
        sum += r->micro_per_eur;
        ++n;
        day = r->date.DaysSinceEpoch() - 1;
      }
      if (n == 0) {
        row += "N/A,";
        continue;
      }
      any = true;
      int64_t avg = static_cast<int64_t>(sum / n);
      const int64_t rem = static_cast<int64_t>(sum % n);
      if (2 * rem > n || (2 * rem == n && avg % 2 != 0)) ++avg;
      char cell[40];
      std::snprintf(cell, sizeof cell, "%lld.%06lld,", static_cast<long long>(avg / 1'000'000),
                    static_cast<long long>(avg % 1'000'000));
      row += cell;
    }
    if (any) csv += row + "\n";
  }
  Result<RateTable> t = RateTable::FromEcbCsv(csv, daily.source() + " (yearly averages)");
  // The table is built from valid rates; should it ever fail, the daily table stands in.
  return t.ok() ? std::make_unique<RateTable>(std::move(t).value()) : nullptr;
}

}  // namespace

const RateTable& ConversionRates::YearAverages() const {
  if (&daily_ == &RateTable::Bundled()) {
    // The bundled table lives as long as the process: its averages are built once per process.
    static const std::unique_ptr<RateTable> bundled = AverageByYear(RateTable::Bundled());
    return bundled ? *bundled : daily_;
  }
  std::call_once(once_, [this] { averages_ = AverageByYear(daily_); });
  return averages_ ? *averages_ : daily_;
}

RowNormalizer::RowNormalizer(const BoundColumns& cols, const ColumnMapping& mapping,
                             const BandsOptions& options, const ConversionRates& rates)
    : cols_(cols), mapping_(mapping), options_(options), rates_(rates), needed_key_(4, false) {
  for (BandDimension d : options.by) {
    if (d == BandDimension::kCompany) needed_key_[0] = true;
    if (d == BandDimension::kTitle) needed_key_[1] = true;
    if (d == BandDimension::kLevel) needed_key_[2] = true;
    if (d == BandDimension::kRegion) needed_key_[3] = true;
  }
  if (options.currency != "local") fixed_target_ = options.currency;
}

bool RowNormalizer::Amount(const CsvRecord& rec, int col, int digits, std::optional<int64_t>& out,
                           RowReject& reject) {
  out.reset();
  if (col < 0) return true;
  std::string_view s = rec.fields[col];
  // Fast path: up to 12 digits, below the 10^12 limit; longer amounts take the
  // checked path.
  if (!s.empty() && s.size() <= 12) {
    int64_t v = 0;
    bool plain = true;
    for (char c : s) {
      if (c < '0' || c > '9') {
        plain = false;
        break;
      }
      v = v * 10 + (c - '0');
    }
    if (plain) {
      out = v * Pow10(digits);
      return true;
    }
  }
  if (IsNa(s)) return true;  // absent; the caller decides whether that is allowed
  const std::string t = Trim(s);
  std::optional<int64_t> v = ParseScaledDecimal(t, digits);
  if (!v) {
    reject.code = "amount-invalid";
    reject.column = ColumnName(cols_, col);
    const std::optional<int64_t> loose = ParseScaledDecimal(t, 9);
    if (loose) {
      reject.reason = "expected an amount with at most " + std::to_string(digits) +
                      " decimal places, found " + Quoted(s);
    } else {
      reject.reason = "expected an amount such as 120000 or 120000.50, found " + Quoted(s);
    }
    return false;
  }
  if (*v > kMaxMajorAmount * Pow10(digits)) {  // in minor units: 10^12 and a cent is above
    reject.code = "amount-invalid";
    reject.column = ColumnName(cols_, col);
    reject.reason = "amount " + Quoted(s) + " is absurdly large (above 10^12)";
    return false;
  }
  out = *v;
  return true;
}

bool RowNormalizer::ParseDate(std::string_view s, ParsedRow& row, RowReject& reject) {
  auto bad = [&](const std::string& why) {
    reject.code = "date-invalid";
    reject.column = ColumnName(cols_, cols_.date);
    reject.reason = why;
    return false;
  };
  std::string_view v = s;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  int y = 0, m = 0, d = 0;
  if (v.size() == 4 && Digits(v, 4, y)) {
    row.year_only = true;
    m = 7;
    d = 1;
  } else if (v.find('/') != std::string_view::npos) {
    // M/D/YYYY, optionally followed by a time.
    const size_t sp = v.find(' ');
    std::string_view day_part = v.substr(0, sp);
    const size_t s1 = day_part.find('/');
    const size_t s2 = day_part.find('/', s1 + 1);
    if (s2 == std::string_view::npos || !Digits(day_part.substr(0, s1), 2, m) ||
        !Digits(day_part.substr(s1 + 1, s2 - s1 - 1), 2, d) ||
        !Digits(day_part.substr(s2 + 1), 4, y) || day_part.size() - s2 - 1 != 4 ||
        (sp != std::string_view::npos && !IsTimeOfDay(v.substr(sp + 1), false))) {
      return bad("expected a date such as 6/7/2017 or 6/7/2017 10:05:00, found " + Quoted(s));
    }
  } else {
    if (v.size() < 10 || !Digits(v.substr(0, 4), 4, y) || v[4] != '-' ||
        !Digits(v.substr(5, 2), 2, m) || v[7] != '-' || !Digits(v.substr(8, 2), 2, d) ||
        (v.size() > 10 && ((v[10] != 'T' && v[10] != ' ') || !IsTimeOfDay(v.substr(11), true)))) {
      return bad("expected a date such as 2017-06-07, 2017-06-07T10:05:00Z or 2017, found " +
                 Quoted(s));
    }
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m)) {
    return bad(Quoted(s) + " is not a calendar date");
  }
  row.date = Date{y, m, d};
  row.has_date = true;
  return true;
}

std::string_view RowNormalizer::TargetCurrency(std::string_view location,
                                               std::string_view source_currency) {
  if (options_.currency.empty()) return source_currency;
  if (options_.region_currency.empty() && options_.currency != "local") return fixed_target_;
  auto it = location_currency_.find(std::string(location));
  if (it == location_currency_.end()) {
    std::string target = fixed_target_;
    if (options_.currency == "local") target = LocationCurrency(location);
    if (!options_.region_currency.empty()) {
      // A region named with its state or country ("London, KY") is that
      // city; a city's name alone ("London") is not a London elsewhere: it
      // applies to a location outside the metros table only when its own
      // currency is unknown or the region's (GBP is London, United Kingdom).
      const auto& rc = options_.region_currency;
      auto o = rc.find(Fold(QualifiedRegion(location)));
      if (o == rc.end()) {
        o = rc.find(Fold(RegionOf(location)));
        if (o != rc.end() && !IsMetro(location)) {
          const std::string own = LocationCurrency(location);
          if (!own.empty() && own != o->second) o = rc.end();
        }
      }
      if (o != rc.end()) target = o->second;
    }
    it = location_currency_.emplace(std::string(location), std::move(target)).first;
  }
  return it->second;
}

bool RowNormalizer::Parse(const CsvRecord& rec, ParsedRow& row, RowReject& reject) {
  if (rec.error != nullptr) {
    reject.code = "record-malformed";
    reject.column = ColumnName(cols_, rec.error_field);
    reject.reason = rec.error;
    return false;
  }
  if (rec.field_count != cols_.width) {
    reject.code = "ragged-row";
    reject.column.clear();
    reject.reason = "expected " + std::to_string(cols_.width) + " fields as in the header, found " +
                    std::to_string(rec.field_count);
    return false;
  }
  // A control byte (a NUL in "Goo\0gle") would make a group of its own and
  // cut or garble every label and message that shows the field. White space
  // (a quoted line break) folds to a space in names, and stays.
  for (int col : {cols_.company, cols_.title, cols_.level, cols_.location, cols_.date,
                  cols_.currency, cols_.base, cols_.stock, cols_.bonus, cols_.total}) {
    if (col < 0) continue;
    const std::string_view f = rec.fields[col];
    if (const size_t at = FindNonSpaceControl(f); at != std::string_view::npos) {
      char code[8];
      std::snprintf(code, sizeof code, "%04X",
                    static_cast<unsigned>(static_cast<unsigned char>(f[at])));
      reject.code = "control-character";
      reject.column = ColumnName(cols_, col);
      reject.reason = std::string("control characters are not allowed (U+") + code + " at byte " +
                      std::to_string(at + 1) + " of " + Quoted(f) + ")";
      return false;
    }
  }
  row = ParsedRow{};
  auto field = [&](int col) { return col >= 0 ? rec.fields[col] : std::string_view(); };
  row.company = field(cols_.company);
  row.title = field(cols_.title);
  row.level = field(cols_.level);
  row.location = field(cols_.location);
  const int key_cols[4] = {cols_.company, cols_.title, cols_.level, cols_.location};
  for (int i = 0; i < 4; ++i) {
    if (needed_key_[i] && IsNa(rec.fields[key_cols[i]])) {
      reject.code = "key-missing";
      reject.column = ColumnName(cols_, key_cols[i]);
      static constexpr const char* kNames[] = {"company", "title", "level", "location"};
      reject.reason =
          std::string("no ") + kNames[i] + " given (" + Quoted(rec.fields[key_cols[i]]) + ")";
      return false;
    }
  }
  if (cols_.date >= 0 && !ParseDate(rec.fields[cols_.date], row, reject)) return false;

  std::string_view source_currency = mapping_.fixed_currency;
  if (cols_.currency >= 0) {
    const std::string_view c = rec.fields[cols_.currency];
    const CurrencyInfo* info = c.size() == 3 ? FindCurrency(c) : nullptr;
    if (info == nullptr) {
      reject.code = "currency-unknown";
      reject.column = ColumnName(cols_, cols_.currency);
      reject.reason = "unknown currency " + Quoted(c) + " (expected an ISO 4217 code)";
      return false;
    }
    source_currency = info->code;
  }
  const int digits = [&] {
    const CurrencyInfo* info = FindCurrency(source_currency);
    return info ? info->minor_digits : 2;
  }();
  if (!Amount(rec, cols_.base, digits, row.base, reject) ||
      !Amount(rec, cols_.stock, digits, row.stock, reject) ||
      !Amount(rec, cols_.bonus, digits, row.bonus, reject) ||
      !Amount(rec, cols_.total, digits, row.total, reject)) {
    return false;
  }
  if (row.stock && mapping_.stock_basis == StockBasis::kPerGrant) {
    const int64_t years = mapping_.grant_years;
    int64_t q = *row.stock / years;
    const int64_t r = *row.stock % years;
    if (2 * r > years || (2 * r == years && q % 2 != 0)) ++q;
    row.stock = q;
  }
  // Base 0 means only the total was given (Levels.fyi): base, stock and bonus
  // are unknown. A total of 0 is no pay either. Both are cleared before a total
  // is summed from parts, so a zero never becomes a figure.
  const bool base_zero = row.base && *row.base == 0;
  const bool total_zero = row.total && *row.total == 0;
  if (base_zero) {
    row.base.reset();
    row.stock.reset();
    row.bonus.reset();
  }
  if (total_zero) row.total.reset();
  if (cols_.total < 0) {
    // No total column: total = base + stock per year + bonus, each part given
    // (an unmapped part counts as 0).
    const bool parts = row.base && (cols_.stock < 0 || row.stock) && (cols_.bonus < 0 || row.bonus);
    if (parts) row.total = *row.base + row.stock.value_or(0) + row.bonus.value_or(0);
  }
  if (!row.total && !row.base) {
    reject.code = "amount-missing";
    const int col = cols_.total >= 0 ? cols_.total : cols_.base;
    reject.column = ColumnName(cols_, col);
    if (base_zero || total_zero) {
      std::string why = "no pay given: ";
      if (cols_.base >= 0) {
        why += ColumnName(cols_, cols_.base) + " is " + Quoted(rec.fields[cols_.base]);
        if (base_zero) why += " (base 0 means only the total was given)";
        why += " and ";
      }
      if (cols_.total >= 0) {
        why += ColumnName(cols_, cols_.total) + " is " + Quoted(rec.fields[cols_.total]);
      } else {
        why += "there is no total column";
      }
      reject.reason = std::move(why);
    } else {
      reject.reason = "no pay given: " + ColumnName(cols_, col) + " is " + Quoted(rec.fields[col]);
    }
    return false;
  }

  const std::string_view target = TargetCurrency(row.location, source_currency);
  if (target.empty()) {
    reject.code = "currency-unknown";
    reject.column = ColumnName(cols_, cols_.location);
    reject.reason =
        "no local currency known for location " + Quoted(row.location) + " (data/bands/metros.csv)";
    return false;
  }
  row.currency = target;
  if (target != source_currency) {
    if (!row.has_date) {
      reject.code = "conversion-failed";
      reject.currency = std::string(source_currency) + " to " + std::string(target);
      reject.column.clear();
      reject.reason = "cannot convert " + std::string(source_currency) + " to " +
                      std::string(target) + " without a date column";
      return false;
    }
    const RateTable& table = row.year_only ? rates_.YearAverages() : rates_.daily();
    for (std::optional<int64_t>* a : {&row.base, &row.stock, &row.bonus, &row.total}) {
      if (!*a) continue;
      Result<RateTable::Conversion> c =
          table.Convert(Money{**a, std::string(source_currency)}, target, row.date);
      if (!c.ok()) {
        reject.code = "conversion-failed";
        reject.currency = std::string(source_currency) + " to " + std::string(target);
        reject.column.clear();
        reject.reason = "cannot convert " + std::string(source_currency) + " to " +
                        std::string(target) + ": " + c.status().message();
        return false;
      }
      *a = c->to.minor;
    }
    ++converted_;
  }
  return true;
}

}  // namespace levers::bands_internal
