#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <iterator>
#include <optional>

#include "core/digits.h"
#include "levers/chart.h"
#include "levers/fx.h"
#include "levers/render.h"
#include "levers/utf8.h"
#include "render/html_scan.h"

namespace levers {

using std::string_view_literals::operator""sv;

void AppendHtmlEscaped(std::string& out, std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    const size_t run = i + internal::HtmlPlainRun(t.data() + i, t.size() - i);
    out.append(t.data() + i, run - i);
    if (run == t.size()) break;
    size_t used;
    out += internal::HtmlReplacement(t.data() + run, t.size() - run, &used);
    i = run + used;
  }
}

std::string HtmlEscape(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 16);
  AppendHtmlEscaped(out, t);
  return out;
}

namespace {

// Appends the decimal digits of `v`, without a temporary string. Appends here
// take a pointer and a length: the pair-of-pointers overload goes through
// std::string::replace, which costs about twice as much per call.
void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  const char* const end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, static_cast<size_t>(end - buf));
}

// `prefix` then the amount in major units as AppendMajorUnits writes it
// grouped: whole amounts without minor digits, others with every one
// ("150,000", "1,234.50", never "1,234.5"), built backwards in one buffer and
// appended once: the pay table and the asks write tens of these per page.
// `shown_in` is the currency the amount is shown in when it states none of
// its own (a band's), which decides the grouping (lakhs for rupees).
void AppendGroupedAmount(std::string& out, std::string_view prefix, const Money& m,
                         std::string_view shown_in = {}) {
  static constexpr uint64_t kPow10[] = {1, 10, 100, 1'000, 10'000};
  const CurrencyInfo* info = FindCurrency(m.currency);
  const int digits = info ? info->minor_digits : 2;
  if (digits < 0 || digits >= static_cast<int>(std::size(kPow10)) || prefix.size() > 16) {
    out += prefix;
    AppendMajorUnits(out, m, true);
    return;
  }
  const uint64_t per = kPow10[digits];
  char buf[64];  // prefix, '-', 20 digits, 9 commas (lakhs), '.', 4 minor digits
  char* const end = buf + sizeof buf;
  char* p = end;
  const bool negative = m.minor < 0;
  const uint64_t abs =
      negative ? static_cast<uint64_t>(-(m.minor + 1)) + 1 : static_cast<uint64_t>(m.minor);
  if (uint64_t frac = abs % per; frac != 0) {
    for (int len = digits; len > 0; --len, frac /= 10) *--p = static_cast<char>('0' + frac % 10);
    *--p = '.';
  }
  p = internal::WriteGroupedBackward(
      p, abs / per, GroupsInLakhs(m.currency.empty() ? shown_in : std::string_view(m.currency)));
  if (negative) *--p = '-';
  p -= prefix.size();
  if (!prefix.empty()) std::memcpy(p, prefix.data(), prefix.size());  // data() may be null
  out.append(p, static_cast<size_t>(end - p));
}

// An ISO code (upper-case letters only) needs no HTML escaping.
bool IsPlainCode(std::string_view code) {
  if (code.size() > 8) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

// a == b, compared inline for the three-letter codes the band charts compare
// per band and measure (a call to memcmp each was most of their cost).
bool SameCode(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() == 3) return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
  return a == b;
}

// "USD 150,000"; the currency is escaped, the digits need no escaping. An
// amount that states no currency of its own is in `fallback` (a band's
// currency), as the charts and guides.json take it.
void AppendMoney(std::string& out, const Field<Money>& m, std::string_view fallback = {}) {
  if (!m.has()) {
    out += "—"sv;
    return;
  }
  const std::string_view currency = m->currency.empty() ? fallback : m->currency;
  if (currency.empty()) {
    AppendGroupedAmount(out, {}, *m);
  } else if (IsPlainCode(currency)) {
    char prefix[9];
    std::memcpy(prefix, currency.data(), currency.size());
    prefix[currency.size()] = ' ';
    AppendGroupedAmount(out, {prefix, currency.size() + 1}, *m, currency);
  } else {
    AppendHtmlEscaped(out, currency);
    out += ' ';
    AppendGroupedAmount(out, {}, *m, currency);
  }
}

// "USD 150,000 – 190,000" for a band in `currency`: the currency is said once,
// on the low end, and again on the high end only when the low end is missing
// ("— – USD 190,000") or in another currency ("EUR 150,000 – USD 190,000").
void AppendRange(std::string& out, const Field<Money>& lo, const Field<Money>& hi,
                 std::string_view currency) {
  if (!lo.has() && !hi.has()) {
    out += "—"sv;
    return;
  }
  AppendMoney(out, lo, currency);
  // Each end's currency: its own, else the band's.
  const bool same_currency =
      lo.has() && hi.has() &&
      SameCode(lo->currency.empty() ? currency : std::string_view(lo->currency),
               hi->currency.empty() ? currency : std::string_view(hi->currency));
  if (same_currency && lo->minor == hi->minor) return;
  out += " – "sv;
  if (same_currency)
    AppendGroupedAmount(out, {}, *hi, currency);
  else
    AppendMoney(out, hi, currency);
}

void AppendPctRange(std::string& out, const Field<Percent>& lo, const Field<Percent>& hi) {
  if (!lo.has()) {
    out += "—"sv;
    return;
  }
  AppendPercent(out, *lo);
  if (hi.has() && hi->basis_points != lo->basis_points) {
    out += "–"sv;
    AppendPercent(out, *hi);
  }
  out += '%';
}

// "Asks for: base USD 150,000, equity ..."; written straight into the page,
// each part after a comma but the first.
void Asks(std::string& out, const AskAmounts& a) {
  const size_t start = out.size();
  auto part = [&](std::string_view before) {
    out += out.size() == start ? "<p class=\"muted\">Asks for: " : ", ";
    out += before;
  };
  if (a.base.has()) {
    part("base ");
    AppendMoney(out, a.base);
  }
  if (a.equity.has()) {
    part("equity ");
    AppendMoney(out, a.equity);
    if (a.equity_years.has()) {
      out += " over "sv;
      AppendInt(out, *a.equity_years);
      out += " years"sv;
    }
  }
  if (a.signing_bonus.has()) {
    part("signing bonus ");
    AppendMoney(out, a.signing_bonus);
  }
  if (a.year_one_vesting_pct.has()) {
    part("");
    AppendPercent(out, *a.year_one_vesting_pct);
    out += "% vesting in year one"sv;
  }
  if (a.refresh_per_year.has()) {
    part("refresh ");
    AppendMoney(out, a.refresh_per_year);
    out += " a year"sv;
  }
  if (a.guaranteed_bonus.has()) {
    part("guaranteed bonus ");
    AppendMoney(out, a.guaranteed_bonus);
  }
  if (out.size() != start) out += "</p>\n"sv;
}

// One measure of a band, as the page charts it.
struct Measure {
  std::string_view name;
  Field<Money> CompBand::*low;
  Field<Money> CompBand::*high;
};
constexpr Measure kMeasures[] = {
    {"Base", &CompBand::base_low, &CompBand::base_high},
    {"Stock grant", &CompBand::stock_low, &CompBand::stock_high},
    {"Total comp / year", &CompBand::total_comp_low, &CompBand::total_comp_high},
};

// Both ends of a measure in its currency; one end stands for both when only
// one is stated; nullopt when neither is.
struct MeasureEnds {
  int64_t low, high;
  std::string_view currency;
  bool no_low, no_high;  // the end was not stated: the other stands for it
};
std::optional<MeasureEnds> Ends(const CompBand& b, const Measure& m) {
  const Field<Money>& lo = b.*m.low;
  const Field<Money>& hi = b.*m.high;
  if (!lo.has() && !hi.has()) return std::nullopt;
  const Money& first = lo.has() ? *lo : *hi;
  const Money& second = hi.has() ? *hi : *lo;
  auto currency_of = [&](const Money& x) -> std::string_view {
    if (x.currency.empty() && b.currency.has()) return *b.currency;
    return x.currency;
  };
  const std::string_view c1 = currency_of(first), c2 = currency_of(second);
  if (c1.empty() || !SameCode(c1, c2)) return std::nullopt;
  return MeasureEnds{first.minor, second.minor, c1, !lo.has(), !hi.has()};
}

// "Stock grant (4 yr)" for the stock measure, else the measure's name.
void AssignMeasureLabel(std::string& label, const CompBand& b, const Measure& m) {
  label.assign(m.name);
  if (m.low == &CompBand::stock_low) {
    label += " ("sv;
    AppendInt(label, b.stock_vesting_years);
    label += " yr)"sv;
  }
}

// The band's region, or "Region N" (N from 1) when it has none.
void AssignRegion(std::string& s, const CompBand& b, size_t i) {
  if (b.region.has()) {
    s.assign(*b.region);
  } else {
    s.assign("Region ");
    AppendInt(s, static_cast<int64_t>(i + 1));
  }
}

// Appends a non-negative amount of `minor` units, `per` of them to the major
// unit, as the conversion formulas write it: grouped, whole amounts without
// minor digits and others with all of them ("187,000", "210,412.40"), in lakhs
// for a currency that GroupsInLakhs.
void AppendFormulaAmount(std::string& out, int64_t minor, int64_t per, bool lakhs) {
  char buf[64];  // '-', 20 digits, 9 commas, '.', up to 18 minor digits
  char* const end = buf + sizeof buf;
  char* p = end;
  const bool negative = minor < 0;
  const uint64_t abs =
      negative ? static_cast<uint64_t>(-(minor + 1)) + 1 : static_cast<uint64_t>(minor);
  const auto uper = static_cast<uint64_t>(per);
  if (uint64_t frac = abs % uper; frac != 0) {
    for (uint64_t d = uper; d > 1; d /= 10) {
      *--p = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    *--p = '.';
  }
  p = internal::WriteGroupedBackward(p, abs / uper, lakhs);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

// A conversion into the page's common currency, prepared once per source
// currency: the converter and the rate part of each bar's short formula
// (" ÷ 1.5658 CAD/EUR × 1.1252 USD/EUR"; the rates' dates are said once, in
// the full formulas under the charts), and that full formula for one unit.
struct PreparedConversion {
  std::string currency;
  Result<RateTable::Converter> converter;
  std::string rates;
  // "<li>CAD 1 ÷ 1.5658 CAD/EUR × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD
  // 0.72</li>\n" (for a currency worth little, 100 or 1,000 units: JPY 100 ≈
  // USD 0.69), escaped; empty when the unit does not convert.
  std::string unit_item;
  // The rates with their dates, as the full formula says them: " × 1.1252
  // USD/EUR (ECB 2025-05-09)", " ÷ 0.9 GBP/EUR (ECB 2025-06-01, the latest
  // before 2025-06-02) × 1.1252 USD/EUR (ECB 2025-06-02)".
  std::string dated_rates;
  int64_t from_per = 1, to_per = 1;
};

// `rates` is the table the page converts with. When it is the newest month of
// the bundled table (BundledRecent), which has every rate a conversion at its
// last date uses, a currency it has no rate for is asked of the whole history,
// whose message names the nearest rates.
PreparedConversion PrepareConversion(const RateTable& rates, bool bundled, std::string_view from,
                                     std::string_view to, Date on) {
  PreparedConversion p{std::string(from), rates.Prepare(from, to, on), {}, {}, {}, 1, 1};
  if (!p.converter.ok() && bundled) p.converter = RateTable::Bundled().Prepare(from, to, on);
  if (!p.converter.ok()) return p;
  const RateTable::Converter& c = *p.converter;
  p.from_per = MinorPerMajor(from);
  p.to_per = MinorPerMajor(to);
  // " (ECB 2025-05-09)", or " (ECB 2025-06-01, the latest before
  // 2025-06-02)" for a rate looked back for, as RateTable's formulas say it.
  auto dated = [&](std::string& out, const EcbRate& rate) {
    out += " (ECB "sv;
    out += rate.date.ToString();
    if (rate.date != on) {
      out += ", the latest before "sv;
      out += on.ToString();
    }
    out += ')';
  };
  if (from != "EUR") {
    p.rates += " ÷ "sv;
    AppendEcbRate(p.rates, c.from_rate().micro_per_eur);
    p.rates += ' ';
    p.rates += from;
    p.rates += "/EUR"sv;
    p.dated_rates = p.rates;
    if (to == "EUR" || c.from_rate().date != c.to_rate().date) dated(p.dated_rates, c.from_rate());
  }
  if (to != "EUR") {
    const size_t at = p.rates.size();
    p.rates += " × "sv;
    AppendEcbRate(p.rates, c.to_rate().micro_per_eur);
    p.rates += ' ';
    p.rates += to;
    p.rates += "/EUR"sv;
    p.dated_rates.append(p.rates, at);
    dated(p.dated_rates, c.to_rate());
  }
  // One unit, or for a currency worth little in `to` the smallest power of ten
  // of units worth 50 of `to`'s minor units, so that rounding the result moves
  // it by under 1%: "JPY 100 ≈ USD 0.69", not "JPY 1 ≈ USD 0.01".
  int64_t units = p.from_per;
  Result<RateTable::Converter::Amount> one = c.Apply(units);
  for (int k = 0; k < 9 && one.ok() && one->minor < 50; ++k) {
    units *= 10;
    one = c.Apply(units);
  }
  if (one.ok()) {
    std::string formula;
    c.AppendFormula(formula, units, *one);
    p.unit_item = "<li>";
    AppendHtmlEscaped(p.unit_item, formula);
    p.unit_item += "</li>\n"sv;
  }
  return p;
}

// The next row of a chart being filled: rows are reused from chart to chart
// and page to page, so their strings keep their capacity.
RangeRow& NextRow(RangeChart& c, size_t& n) {
  if (n == c.rows.size()) c.rows.emplace_back();
  RangeRow& r = c.rows[n++];
  r.marker.reset();
  r.marker_text.clear();
  r.detail.clear();
  r.no_low = r.no_high = false;
  return r;
}

// One measure of a region converted into the page's common currency, for the
// table under the converted charts.
struct ConvertedCell {
  int64_t low = 0, high = 0;
  bool no_low = false, no_high = false;
  bool failed = false;  // the conversion failed: said under the table
};
struct ConvertedRow {
  std::array<std::optional<ConvertedCell>, std::size(kMeasures)> cells;
  // How each currency of the region's figures was converted, once each: "EUR
  // × 1.1252 USD/EUR (ECB 2025-05-09)", "USD, as stated".
  std::vector<std::string> from;
};

// The converted charts' figures as a table, exact, in the numbers their
// descriptions say (AppendExactAmount): a row per region, a column per
// measure, and the rates that made them. A one-ended band is written as the
// bands table writes it ("— – USD 190,000").
void AppendConvertedTable(std::string& out, const std::vector<ResolvedBand>& bands,
                          const std::vector<ConvertedRow>& table, std::string_view common) {
  if (std::all_of(table.begin(), table.end(), [](const ConvertedRow& r) {
        return std::none_of(r.cells.begin(), r.cells.end(),
                            [](const auto& c) { return c.has_value(); });
      }))
    return;
  std::string code;
  if (IsPlainCode(common))
    code.assign(common);
  else
    AppendHtmlEscaped(code, common);
  out +=
      "<div class=\"wrap\"><table class=\"bands converted\">\n<caption class=\"muted\">Bands "
      "in "sv;
  out += code;
  out +=
      " for every region, exact, as charted above</caption>\n<thead><tr><th "
      "scope=\"col\">Region</th><th scope=\"col\">Base</th><th scope=\"col\">Stock "
      "(grant)</th><th scope=\"col\">Total comp / year</th><th scope=\"col\">Converted "
      "from</th></tr></thead>\n<tbody>\n"sv;
  std::string region;
  for (size_t i = 0; i < bands.size(); ++i) {
    const ConvertedRow& row = table[i];
    if (std::none_of(row.cells.begin(), row.cells.end(),
                     [](const auto& c) { return c.has_value(); }))
      continue;
    const CompBand& b = bands[i].band;
    AssignRegion(region, b, i);
    out += "<tr><th scope=\"row\">"sv;
    AppendHtmlEscaped(out, region);
    out += "</th>"sv;
    for (size_t k = 0; k < row.cells.size(); ++k) {
      out += "<td>"sv;
      const std::optional<ConvertedCell>& cell = row.cells[k];
      if (!cell) {
        out += "—"sv;
      } else if (cell->failed) {
        out += "not converted"sv;
      } else {
        if (cell->no_low) out += "— – "sv;
        out += code;
        out += ' ';
        AppendExactAmount(out, cell->low, common);
        if (cell->high != cell->low) {
          out += " – "sv;
          AppendExactAmount(out, cell->high, common);
        }
        if (cell->no_high) out += " – —"sv;
        if (kMeasures[k].low == &CompBand::stock_low) {
          out += " <span class=\"muted\">/"sv;
          AppendInt(out, b.stock_vesting_years);
          out += "y</span>"sv;
        }
      }
      out += "</td>"sv;
    }
    out += "<td class=\"from\">"sv;
    for (size_t f = 0; f < row.from.size(); ++f) {
      if (f) out += "; "sv;
      AppendHtmlEscaped(out, row.from[f]);
    }
    out += "</td></tr>\n"sv;
  }
  out += "</tbody>\n</table></div>\n"sv;
}

// The charts of the pay bands: one per region in its own currency, and one per
// measure across regions in `common` (a region already in it as stated); a
// toggle (radio buttons, no script: the stylesheet shows the checked view)
// picks which are shown. The common view keeps the ids and classes it has for
// USD (cur-usd, view-usd, usd1 ...) whatever its currency, so the stylesheet
// and links to the charts work for every page.
void AppendBandCharts(std::string& out, const std::vector<ResolvedBand>& bands,
                      const HtmlOptions& o) {
  if (bands.empty()) return;
  const std::string_view common = o.common.code;
  out +=
      "<fieldset class=\"toggle\"><legend>Show the bands in</legend><label><input type=\"radio\" "
      "name=\"band-currency\" id=\"cur-local\""sv;
  if (!o.common_view_checked) out += " checked"sv;
  out +=
      "> each region's currency</label><label>"
      "<input type=\"radio\" name=\"band-currency\" id=\"cur-usd\""sv;
  if (o.common_view_checked) out += " checked"sv;
  out += "> "sv;
  if (IsPlainCode(common))
    out += common;
  else
    AppendHtmlEscaped(out, common);
  out += " for every region</label></fieldset>\n"sv;
  out += o.after_toggle;
  out += "<div class=\"view-local\"><div class=\"charts\">\n"sv;
  // One chart, its rows and their strings reused for every chart of the thread.
  thread_local RangeChart c;
  for (size_t i = 0; i < bands.size(); ++i) {
    const CompBand& b = bands[i].band;
    c.id.assign("b");
    AppendInt(c.id, static_cast<int64_t>(i + 1));
    c.currency.clear();
    size_t n = 0;
    for (const Measure& m : kMeasures) {
      auto e = Ends(b, m);
      if (!e) continue;
      if (c.currency.empty()) c.currency.assign(e->currency);
      if (!SameCode(e->currency, c.currency)) continue;
      RangeRow& row = NextRow(c, n);
      AssignMeasureLabel(row.label, b, m);
      row.low = e->low;
      row.high = e->high;
      row.no_low = e->no_low;
      row.no_high = e->no_high;
    }
    c.rows.resize(n);
    if (c.rows.empty()) continue;
    AssignRegion(c.title, b, i);
    c.title += " ("sv;
    c.title += c.currency;
    c.title += ')';
    AppendRangeChart(out, c);
  }
  out += "</div></div>\n<div class=\"view-usd\"><div class=\"charts\">\n"sv;
  const bool bundled = o.common.rates == nullptr;
  const RateTable& rates = bundled ? RateTable::BundledRecent() : *o.common.rates;
  const Date on = rates.last_date();
  // One prepared conversion per source currency: the rates and the rate part
  // of each formula are looked up and written once per thread, not per amount
  // or page, while the pages convert with the bundled table into one currency
  // (a page into another starts the cache again). At most kMaxCached
  // currencies are kept, so odd codes in many guides cannot grow it. A table
  // the caller gave is not cached: it need not outlive the page.
  constexpr size_t kMaxCached = 64;
  thread_local std::vector<PreparedConversion> cached;
  thread_local std::string cached_into;
  std::vector<PreparedConversion> uncached_table;
  std::vector<PreparedConversion>& converters = bundled ? cached : uncached_table;
  if (converters.capacity() == 0) converters.reserve(kMaxCached);  // references stay valid
  if (bundled && !SameCode(cached_into, common)) {
    cached.clear();
    cached_into.assign(common);
  }
  std::optional<PreparedConversion> uncached;
  auto converter_for = [&](std::string_view cur) -> const PreparedConversion& {
    for (const PreparedConversion& p : converters)
      if (SameCode(p.currency, cur)) return p;
    if (converters.size() < kMaxCached)
      return converters.emplace_back(PrepareConversion(rates, bundled, cur, common, on));
    return uncached.emplace(PrepareConversion(rates, bundled, cur, common, on));
  };
  std::vector<std::string> currencies, problems;
  std::vector<ConvertedRow> table(bands.size());
  auto add_from = [](ConvertedRow& row, std::string_view currency, std::string_view how) {
    std::string from(currency);
    from += how;
    if (std::find(row.from.begin(), row.from.end(), from) == row.from.end())
      row.from.push_back(std::move(from));
  };
  for (size_t k = 0; k < std::size(kMeasures); ++k) {
    const Measure& m = kMeasures[k];
    c.id.assign("usd");
    AppendInt(c.id, static_cast<int64_t>(k + 1));
    c.title.assign(m.name);
    c.title += " by region ("sv;
    c.title += common;
    c.title += ')';
    c.currency.assign(common);
    size_t n = 0;
    for (size_t i = 0; i < bands.size(); ++i) {
      const CompBand& b = bands[i].band;
      auto e = Ends(b, m);
      if (!e) continue;
      const PreparedConversion& prepared = converter_for(e->currency);
      const Result<RateTable::Converter>& conv = prepared.converter;
      using Amount = Result<RateTable::Converter::Amount>;
      const Amount lo = conv.ok() ? conv->Apply(e->low) : Amount(conv.status());
      const Amount hi = conv.ok() ? conv->Apply(e->high) : Amount(conv.status());
      if (!lo.ok() || !hi.ok()) {
        std::string why;
        AssignRegion(why, b, i);
        why += ": "sv;
        why += (lo.ok() ? hi : lo).status().message();
        if (std::find(problems.begin(), problems.end(), why) == problems.end())
          problems.push_back(why);
        table[i].cells[k] = ConvertedCell{0, 0, false, false, true};
        add_from(table[i], e->currency, ": no rate, said below");
        continue;
      }
      const bool converted = !SameCode(e->currency, common);
      table[i].cells[k] = ConvertedCell{lo->minor, hi->minor, e->no_low, e->no_high, false};
      add_from(table[i], e->currency, converted ? prepared.dated_rates : ", as stated");
      if (converted && std::none_of(currencies.begin(), currencies.end(),
                                    [&](const std::string& x) { return SameCode(x, e->currency); }))
        currencies.emplace_back(e->currency);
      RangeRow& row = NextRow(c, n);
      AssignRegion(row.label, b, i);
      row.low = lo->minor;
      row.high = hi->minor;
      row.no_low = e->no_low;
      row.no_high = e->no_high;
      // "EUR 190,000 – 229,000 × 1.1252 USD/EUR = USD 213,788 – 257,670.80",
      // "GBP 128,000 ÷ 0.8477 GBP/EUR ≈ EUR 150,996.82":
      // the exact figures and the rates that made them ("≈" when either was
      // rounded); the list under the charts gives each formula in full.
      if (converted) {
        const bool range = e->high != e->low;
        const bool from_lakhs = GroupsInLakhs(e->currency), to_lakhs = GroupsInLakhs(common);
        row.detail += e->currency;
        row.detail += ' ';
        AppendFormulaAmount(row.detail, e->low, prepared.from_per, from_lakhs);
        if (range) {
          row.detail += " – "sv;
          AppendFormulaAmount(row.detail, e->high, prepared.from_per, from_lakhs);
        }
        row.detail += prepared.rates;
        row.detail += lo->exact && hi->exact ? " = " : " ≈ ";
        row.detail += common;
        row.detail += ' ';
        AppendFormulaAmount(row.detail, lo->minor, prepared.to_per, to_lakhs);
        if (range) {
          row.detail += " – "sv;
          AppendFormulaAmount(row.detail, hi->minor, prepared.to_per, to_lakhs);
        }
      }
      if (m.low == &CompBand::stock_low) {
        row.label += " ("sv;
        AppendInt(row.label, b.stock_vesting_years);
        row.label += " yr)"sv;
      }
    }
    c.rows.resize(n);
    if (!c.rows.empty()) AppendRangeChart(out, c);
  }
  out += "</div>\n"sv;
  AppendConvertedTable(out, bands, table, common);
  if (!currencies.empty()) {
    out += SameCode(common, "EUR") ? "<p class=\"muted\">Converted at the ECB reference rates of "sv
                                   : "<p class=\"muted\">Converted through the euro at the ECB "
                                     "reference rates of "sv;
    out += on.ToString();
    if (bundled) {
      out += ", the newest in levers' table"sv;
    } else {
      out += ", the newest in "sv;
      AppendHtmlEscaped(out, rates.source());
    }
    out += ", rounded half to even:</p>\n<ul>\n"sv;
    for (const std::string& cur : currencies) out += converter_for(cur).unit_item;
    out += "</ul>\n"sv;
  }
  for (const std::string& p : problems) {
    out += "<p class=\"overdue\">Not converted: "sv;
    AppendHtmlEscaped(out, p);
    out += "</p>\n"sv;
  }
  out += "</div>\n"sv;
}

}  // namespace

Status CheckCommonCurrency(const CommonCurrency& common) {
  const bool bundled = common.rates == nullptr;
  const RateTable& rates = bundled ? RateTable::BundledRecent() : *common.rates;
  Result<EcbRate> rate = rates.RateOn(common.code, rates.last_date());
  // As the page does: the whole history's message names the nearest rates.
  if (!rate.ok() && bundled) rate = RateTable::Bundled().RateOn(common.code, rates.last_date());
  if (rate.ok()) return Status::Ok();
  return Status::InvalidArgument(rate.status().message());
}

Result<std::string_view> ParseCommonCurrency(std::string_view text) {
  if (text.empty())
    return Status::InvalidArgument(
        "currency must be an ISO 4217 code like USD, EUR or GBP (any case), not empty.");
  const CurrencyInfo* info = FindCurrencyAnyCase(text);
  if (!info)
    return Status::InvalidArgument(
        "currency must be an ISO 4217 code levers knows, like USD, EUR or GBP (any case), not '" +
        std::string(text) + "'.");
  if (Status s = CheckCommonCurrency({info->code, nullptr}); !s.ok())
    return Status::InvalidArgument("currency must be one the ECB rates can convert into; " +
                                   s.message() + ".");
  return info->code;
}

std::string RenderGuideHtml(const Guide& g, const HtmlOptions& o) {
  return RenderGuideHtml(g, ResolveCompensation(g), o);
}

std::string RenderGuideHtml(const Guide& g, const std::vector<ResolvedBand>& bands,
                            const HtmlOptions& o) {
  // The page is written straight into one reserved string: no temporaries
  // for its pieces.
  const std::string_view company = g.company_display.has()
                                       ? std::string_view(*g.company_display)
                                       : (g.company.has() ? std::string_view(*g.company) : "");
  const std::string_view role = g.role_display.has()
                                    ? std::string_view(*g.role_display)
                                    : (g.role.has() ? std::string_view(*g.role) : "");
  // A guide that names neither its company nor its role (a body without the
  // '### Role | Company' heading) is named by its file.
  std::string file_name;
  if (company.empty() && role.empty()) {
    std::string_view f = o.file ? std::string_view(o.file->path()) : std::string_view();
    if (const size_t slash = f.find_last_of("/\\"); slash != std::string_view::npos)
      f.remove_prefix(slash + 1);
    if (const size_t dot = f.rfind('.'); dot != std::string_view::npos && dot > 0)
      f = f.substr(0, dot);
    file_name = f.empty() ? "Untitled guide" : std::string(f);
  }
  std::string out;
  // Most pages of generated guides are 12-19 KB: room for all of them, so that
  // no page is copied into a larger buffer halfway through.
  out.reserve(24576);
  {
    std::string title;
    title.reserve(role.size() + company.size() + file_name.size() + 40);
    title += role;
    if (!role.empty() && !company.empty()) title += " at "sv;
    title += company;
    title += file_name;
    title += " — levers negotiation guide"sv;
    AppendPageStart(out, o.links, title, NavItem::kNone);
  }
  out += "<h1>"sv;
  AppendHtmlEscaped(out, role);
  if (!role.empty() && !company.empty()) out += " <span class=\"muted\">at</span> "sv;
  AppendHtmlEscaped(out, company);
  AppendHtmlEscaped(out, file_name);
  out += "</h1>\n"sv;
  const DnaSummary& dna = ResolveDna(g);
  if (dna.text.has()) {
    out += "<p class=\"dna\">"sv;
    AppendHtmlEscaped(out, *dna.text);
    out += "</p>\n"sv;
  }

  out += "<dl class=\"meta\">\n"sv;
  auto meta_open = [&](std::string_view k, std::string_view cls = "") {
    out += "<dt>"sv;
    out += k;
    out += "</dt><dd"sv;
    if (!cls.empty()) {
      out += " class=\""sv;
      out += cls;
      out += '"';
    }
    out += '>';
  };
  constexpr std::string_view kMetaClose = "</dd>\n";
  constexpr std::string_view kNotStated = "not stated";
  meta_open("Last updated");
  out += g.last_updated.has() ? g.last_updated->ToString() : std::string(kNotStated);
  out += kMetaClose;
  const bool overdue = o.today && g.next_review_due.has() && *g.next_review_due < *o.today;
  meta_open("Next review due", overdue ? "overdue" : "");
  if (g.next_review_due.has()) {
    out += g.next_review_due->ToString();
    if (overdue) out += " (overdue)"sv;
  } else {
    out += kNotStated;
  }
  out += kMetaClose;
  auto escaped_or_not_stated = [&](std::string_view k, const Field<std::string>& v) {
    meta_open(k);
    if (v.has())
      AppendHtmlEscaped(out, *v);
    else
      out += kNotStated;
    out += kMetaClose;
  };
  escaped_or_not_stated("Data quality", g.data_quality);
  escaped_or_not_stated("Salary data quarter", g.salary_data_quarter);
  meta_open("Data sources");
  const size_t sources_at = out.size();
  for (size_t i = 0; i < g.data_sources.size(); ++i) {
    if (i) out += ", "sv;
    AppendHtmlEscaped(out, *g.data_sources[i]);
  }
  if (out.size() == sources_at) out += kNotStated;
  out += kMetaClose;
  out += "</dl>\n"sv;
  if (!o.links.Offer().empty()) {
    std::string href = o.links.Offer();
    href += "?company="sv;
    href += UrlEncode(company);
    href += "&role="sv;
    href += UrlEncode(role);
    out += "<p><a class=\"button\" href=\""sv;
    AppendHtmlEscaped(out, href);
    out += "\">Value an offer against this guide</a></p>\n"sv;
  }

  out += "<h2 id=\"bands\">Pay bands</h2>\n"sv;
  AppendBandCharts(out, bands, o);
  out +=
      "<div class=\"wrap\"><table class=\"bands\">\n<caption class=\"muted\">Bands as the guide "
      "states them, "
      "each in its region's currency</caption>\n<thead><tr><th scope=\"col\">Region</th>"
      "<th scope=\"col\">Base</th><th scope=\"col\">Stock (grant)</th><th scope=\"col\">Bonus</th>"
      "<th scope=\"col\">Total comp / year</th></tr></thead>\n<tbody>\n"sv;
  for (const ResolvedBand& r : bands) {
    const CompBand& b = r.band;
    const std::string_view currency = b.currency.has() ? std::string_view(*b.currency) : "";
    out += "<tr><th scope=\"row\">"sv;
    AppendHtmlEscaped(out, b.region.has() ? *b.region : "?");
    out += "</th><td>"sv;
    AppendRange(out, b.base_low, b.base_high, currency);
    out += "</td><td>"sv;
    AppendRange(out, b.stock_low, b.stock_high, currency);
    if (b.stock_low.has() || b.stock_high.has()) {  // "—" alone when no grant is stated
      out += " <span class=\"muted\">/"sv;
      AppendInt(out, b.stock_vesting_years);
      out += "y</span>"sv;
    }
    out += "</td><td>"sv;
    AppendPctRange(out, b.bonus_pct_low, b.bonus_pct_high);
    out += "</td><td>"sv;
    AppendRange(out, b.total_comp_low, b.total_comp_high, currency);
    out += "</td></tr>\n"sv;
  }
  out += "</tbody>\n</table></div>\n"sv;

  const LevelMapping& lm = ResolveLevelMapping(g);
  if (!lm.equivalents.empty()) {
    out += "<h2 id=\"levels\">Level mapping</h2>\n<ul class=\"levels\">\n"sv;
    for (size_t i = 0; i < lm.equivalents.size(); ++i) {
      const LevelEquivalent& e = lm.equivalents[i];
      // The first role is this guide's own.
      out += "<li>"sv;
      AppendHtmlEscaped(out, e.text);
      if (i > 0 && o.level_guides) {
        const std::vector<LevelGuideLink> guides = o.level_guides(e);
        if (!guides.empty()) {
          out += " <span class=\"muted\">— other guides mapped to "sv;
          AppendHtmlEscaped(out, e.text);
          out += ":</span> "sv;
          for (size_t k = 0; k < guides.size(); ++k) {
            if (k) out += ", "sv;
            out += "<a href=\""sv;
            AppendHtmlEscaped(out, guides[k].href);
            out += "\">"sv;
            AppendHtmlEscaped(out, guides[k].name);
            out += "</a>"sv;
          }
        }
      }
      if (i == 0) out += " <span class=\"muted\">(this guide)</span>"sv;
      out += "</li>\n"sv;
    }
    out += "</ul>\n"sv;
  }
  if (!g.dna_paragraphs.empty()) {
    out += "<h2>Negotiation DNA</h2>\n"sv;
    for (const std::string& p : g.dna_paragraphs) {
      out += "<p>"sv;
      AppendHtmlEscaped(out, p);
      out += "</p>\n"sv;
    }
  }
  if (g.focus.title.has()) {
    out += "<h2>"sv;
    AppendHtmlEscaped(out, *g.focus.title);
    out += " lever</h2>\n"sv;
    for (const std::string& p : g.focus.paragraphs) {
      out += "<p>"sv;
      AppendHtmlEscaped(out, p);
      out += "</p>\n"sv;
    }
  }
  if (!g.levers.empty()) {
    out += "<h2>Global levers</h2>\n<ol class=\"levers\">\n"sv;
    for (const Lever& l : g.levers) {
      out += "<li><strong>"sv;
      if (l.title.has()) AppendHtmlEscaped(out, *l.title);
      out += "</strong>\n<blockquote>"sv;
      if (l.script.has()) AppendHtmlEscaped(out, *l.script);
      out += "</blockquote>\n"sv;
      Asks(out, l.asks);
      out += "</li>\n"sv;
    }
    out += "</ol>\n"sv;
  }
  if (g.strategy.text.has()) {
    out += "<h2>Negotiate-up strategy</h2>\n<blockquote>"sv;
    AppendHtmlEscaped(out, *g.strategy.text);
    out += "</blockquote>\n"sv;
    if (!g.strategy.competing_offers.empty()) {
      out +=
          "<div class=\"wrap\"><table>\n<caption class=\"muted\">Competing offers the strategy "
          "names</caption>\n<thead><tr><th scope=\"col\">Competing offer</th><th "
          "scope=\"col\">Level</th>"
          "<th scope=\"col\">Base</th><th scope=\"col\">Equity</th></tr></thead>\n<tbody>\n"sv;
      for (const CompetingOffer& c : g.strategy.competing_offers) {
        out += "<tr><td>"sv;
        AppendHtmlEscaped(out, c.company);
        out += "</td><td>"sv;
        AppendHtmlEscaped(out, c.level);
        out += "</td><td class=\"num\">"sv;
        AppendMoney(out, c.base);
        out += "</td><td class=\"num\">"sv;
        AppendMoney(out, c.equity);
        out += "</td></tr>\n"sv;
      }
      out += "</tbody>\n</table></div>\n"sv;
    }
    Asks(out, g.strategy.ask);
    if (g.strategy.floor.has()) {
      out += "<p>Floor: <strong>"sv;
      AppendMoney(out, g.strategy.floor);
      out += "</strong></p>\n"sv;
    }
  }
  if (!g.evidence.empty()) {
    out += "<h2>Evidence and sources</h2>\n<ul>\n"sv;
    for (const auto& e : g.evidence) {
      out += "<li>"sv;
      AppendHtmlEscaped(out, *e);
      out += "</li>\n"sv;
    }
    out += "</ul>\n"sv;
  }
  if (o.findings && !o.findings->empty()) {
    out += "<h2>Check findings</h2>\n<ul class=\"findings\">\n"sv;
    for (const Diagnostic& d : *o.findings) {
      out += "<li class=\""sv;
      out += SeverityName(d.severity);
      out += "\">"sv;
      if (o.file) {
        out += "line "sv;
        AppendInt(out, o.file->Locate(d.range.begin).line);
        out += ": "sv;
      }
      out += SeverityName(d.severity);
      out += " ["sv;
      AppendHtmlEscaped(out, d.code);
      out += "] "sv;
      AppendHtmlEscaped(out, d.message);
      out += "</li>\n"sv;
    }
    out += "</ul>\n"sv;
  }
  AppendPageEnd(out, o.links);
  // Guide text is copied into the page as it was read; a file with bytes that
  // are not UTF-8 (a utf8-invalid finding) would make the page not UTF-8 either.
  if (g.invalid_utf8) return ReplaceInvalidUtf8(out);
  return out;
}

}  // namespace levers
