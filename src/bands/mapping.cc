// Column mappings, grouping dimensions, metric names and the grade thresholds.
#include <map>
#include <string>
#include <utility>

#include "bands/names.h"
#include "levers/bands.h"

namespace levers {

ColumnMapping LevelsFyiMapping() {
  ColumnMapping m;
  m.company = "company";
  m.title = "title";
  m.level = "level";
  m.location = "location";
  m.date = "timestamp";
  m.base = "basesalary";
  m.stock = "stockgrantvalue";  // per year (the data's README)
  m.bonus = "bonus";
  m.total = "totalyearlycompensation";
  m.fixed_currency = "USD";
  m.stock_basis = StockBasis::kPerYear;
  return m;
}

Result<ColumnMapping> ParseColumnMapping(std::string_view spec) {
  ColumnMapping m;
  // Each key's value as given, to refuse a second one: the last would win
  // without a word, and a second currency_code relabels every amount.
  std::map<std::string, std::string> given;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view pair = spec.substr(pos, comma - pos);
    pos = comma + 1;
    if (bands_internal::Trim(pair).empty()) {
      if (comma == spec.size()) break;
      continue;
    }
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("column mapping: expected key=column, found '" +
                                     std::string(pair) + "'");
    }
    const std::string key = bands_internal::Fold(pair.substr(0, eq));
    const std::string value = bands_internal::Trim(pair.substr(eq + 1));
    if (value.empty()) {
      return Status::InvalidArgument("column mapping: no column named for '" + key + "'");
    }
    if (const auto seen = given.find(key); seen != given.end()) {
      return Status::InvalidArgument("column mapping: '" + key + "' given twice (" + seen->second +
                                     ", " + value + ")");
    }
    given.emplace(key, value);
    // Two ways of saying one thing: whichever came last would win.
    for (const auto& [a, b] : {std::pair<const char*, const char*>{"currency", "currency_code"},
                               {"stock", "stock_grant"}}) {
      const std::string other = key == a ? b : key == b ? a : "";
      if (!other.empty() && given.count(other) > 0) {
        return Status::InvalidArgument(std::string("column mapping: give ") + a + " or " + b +
                                       ", not both (" + other + "=" + given[other] + ", " + key +
                                       "=" + value + ")");
      }
    }
    if (key == "company") {
      m.company = value;
    } else if (key == "title") {
      m.title = value;
    } else if (key == "level") {
      m.level = value;
    } else if (key == "location") {
      m.location = value;
    } else if (key == "date") {
      m.date = value;
    } else if (key == "base") {
      m.base = value;
    } else if (key == "stock") {
      m.stock = value;
      m.stock_basis = StockBasis::kPerYear;
    } else if (key == "stock_grant") {
      m.stock = value;
      m.stock_basis = StockBasis::kPerGrant;
    } else if (key == "grant_years") {
      if (value.size() > 2 || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(value) < 1 || std::stoi(value) > 10) {
        return Status::InvalidArgument(
            "column mapping: grant_years must be a whole number 1-10, "
            "found '" +
            value + "'");
      }
      m.grant_years = std::stoi(value);
    } else if (key == "bonus") {
      m.bonus = value;
    } else if (key == "total") {
      m.total = value;
    } else if (key == "currency") {
      m.currency = value;
      m.currency_stated = true;
    } else if (key == "currency_code") {
      m.currency_stated = true;
      // Any case, as every --currency flag takes it.
      const CurrencyInfo* info = FindCurrencyAnyCase(value);
      if (info == nullptr) {
        return Status::InvalidArgument("column mapping: unknown currency '" + value + "'");
      }
      m.fixed_currency = std::string(info->code);
    } else {
      return Status::InvalidArgument(
          "column mapping: unknown key '" + key +
          "' (expected company, title, level, location, date, base, stock, stock_grant, "
          "grant_years, bonus, total, currency or currency_code)");
    }
    if (comma == spec.size()) break;
  }
  if (m.base.empty() && m.total.empty()) {
    return Status::InvalidArgument("column mapping: name a base or a total column");
  }
  if (given.count("grant_years") > 0 && given.count("stock_grant") == 0) {
    // Without a grant there is nothing to divide: the value would do nothing.
    return Status::InvalidArgument(
        "column mapping: grant_years divides a stock_grant column, and none is named (stock= "
        "is already per year)");
  }
  return m;
}

std::string_view DimensionName(BandDimension d) {
  switch (d) {
    case BandDimension::kCompany:
      return "company";
    case BandDimension::kTitle:
      return "title";
    case BandDimension::kLevel:
      return "level";
    case BandDimension::kRegion:
      return "region";
    case BandDimension::kQuarter:
      return "quarter";
  }
  return "?";
}

Result<std::vector<BandDimension>> ParseDimensions(std::string_view list) {
  std::vector<BandDimension> out;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    const std::string name = bands_internal::Fold(list.substr(pos, comma - pos));
    pos = comma + 1;
    bool found = false;
    for (BandDimension d : {BandDimension::kCompany, BandDimension::kTitle, BandDimension::kLevel,
                            BandDimension::kRegion, BandDimension::kQuarter}) {
      if (name == DimensionName(d)) {
        for (BandDimension seen : out) {
          if (seen == d) return Status::InvalidArgument("--by names '" + name + "' twice");
        }
        out.push_back(d);
        found = true;
      }
    }
    if (!found) {
      return Status::InvalidArgument("--by: unknown dimension '" + name +
                                     "' (expected company, title, level, region or quarter)");
    }
    if (comma == list.size()) break;
  }
  return out;
}

std::string_view MetricName(BandMetric m) {
  switch (m) {
    case BandMetric::kBase:
      return "base";
    case BandMetric::kStock:
      return "stock_per_year";
    case BandMetric::kBonus:
      return "bonus";
    case BandMetric::kTotal:
      return "total_comp";
  }
  return "?";
}

std::string_view GroupStatusName(GroupStatus s) {
  switch (s) {
    case GroupStatus::kOk:
      return "ok";
    case GroupStatus::kPooled:
      return "pooled";
    case GroupStatus::kSuppressed:
      return "suppressed";
  }
  return "?";
}

std::string_view GradeFor(uint64_t n, const MetricBand& total_comp) {
  if (!total_comp.pct) return "low";
  const auto& pct = *total_comp.pct;
  __extension__ using Int128 = __int128;
  const Int128 range = static_cast<Int128>(pct[3]) - pct[1], median = pct[2];
  if (median <= 0) return "low";
  // (p75 - p25) / p50 <= 60%, exactly: never the rounded figure shown.
  if (n >= 30 && range * 100 <= median * 60) return "high";
  if (n >= 10 && range <= median) return "medium";
  return "low";
}

}  // namespace levers
