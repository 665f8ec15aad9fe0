#include <algorithm>
#include <array>
#include <iterator>

#include "levers/chart.h"
#include "levers/fx.h"
#include "levers/render.h"
#include "render/html_scan.h"

namespace levers {
void AppendHtmlEscaped(std::string& out, std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    const size_t run = i + internal::HtmlPlainRun(t.data() + i, t.size() - i);
    out.append(t.data() + i, run - i);
    if (run == t.size()) break;
    out += internal::HtmlEntity(t[run]);
    i = run + 1;
  }
}

std::string HtmlEscape(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 16);
  AppendHtmlEscaped(out, t);
  return out;
}

namespace {

// "USD 150,000"; the currency and digits need no escaping.
void AppendMoney(std::string& out, const Field<Money>& m) {
  if (!m.has()) {
    out += "—";
    return;
  }
  if (!m->currency.empty()) {
    AppendHtmlEscaped(out, m->currency);
    out += ' ';
  }
  AppendMajorUnits(out, *m, true);
}

std::string Money2(const Field<Money>& m) {
  std::string out;
  AppendMoney(out, m);
  return out;
}

// "USD 150,000 – 190,000": the currency is said once, on the low end.
void AppendRange(std::string& out, const Field<Money>& lo, const Field<Money>& hi) {
  if (!lo.has() && !hi.has()) {
    out += "—";
    return;
  }
  AppendMoney(out, lo);
  if (lo.has() && hi.has() && lo->minor == hi->minor) return;
  out += " – ";
  if (hi.has())
    AppendMajorUnits(out, *hi, true);
  else
    out += "—";
}

void AppendPctRange(std::string& out, const Field<Percent>& lo, const Field<Percent>& hi) {
  if (!lo.has()) {
    out += "—";
    return;
  }
  out += PercentString(*lo);
  if (hi.has() && hi->basis_points != lo->basis_points) {
    out += "–";
    out += PercentString(*hi);
  }
  out += '%';
}

void Asks(std::string& out, const AskAmounts& a) {
  std::vector<std::string> parts;
  if (a.base.has()) parts.push_back("base " + Money2(a.base));
  if (a.equity.has()) {
    parts.push_back("equity " + Money2(a.equity) +
                    (a.equity_years.has() ? " over " + std::to_string(*a.equity_years) + " years"
                                          : std::string()));
  }
  if (a.signing_bonus.has()) parts.push_back("signing bonus " + Money2(a.signing_bonus));
  if (a.year_one_vesting_pct.has())
    parts.push_back(PercentString(*a.year_one_vesting_pct) + "% vesting in year one");
  if (a.refresh_per_year.has())
    parts.push_back("refresh " + Money2(a.refresh_per_year) + " a year");
  if (a.guaranteed_bonus.has()) parts.push_back("guaranteed bonus " + Money2(a.guaranteed_bonus));
  if (parts.empty()) return;
  out += "<p class=\"muted\">Asks for: ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  out += "</p>\n";
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
std::optional<std::pair<Money, Money>> Ends(const CompBand& b, const Measure& m) {
  const Field<Money>& lo = b.*m.low;
  const Field<Money>& hi = b.*m.high;
  if (!lo.has() && !hi.has()) return std::nullopt;
  std::pair<Money, Money> e{lo.has() ? *lo : *hi, hi.has() ? *hi : *lo};
  for (Money* x : {&e.first, &e.second}) {
    if (x->currency.empty() && b.currency.has()) x->currency = *b.currency;
  }
  if (e.first.currency.empty() || e.first.currency != e.second.currency) return std::nullopt;
  return e;
}

std::string MeasureLabel(const CompBand& b, const Measure& m) {
  std::string label(m.name);
  if (m.low == &CompBand::stock_low) label += " (" + std::to_string(b.stock_vesting_years) + " yr)";
  return label;
}

// The charts of the pay bands: one per region in its own currency, and one per
// measure across regions in kGuideCommonCurrency; a toggle (radio buttons, no
// script: the stylesheet shows the checked view) picks which are shown.
void AppendBandCharts(std::string& out, const std::vector<ResolvedBand>& bands) {
  if (bands.empty()) return;
  const std::string common(kGuideCommonCurrency);
  out +=
      "<fieldset class=\"toggle\"><legend>Show the bands in</legend><label><input type=\"radio\" "
      "name=\"band-currency\" id=\"cur-local\" checked> each region's currency</label><label>"
      "<input type=\"radio\" name=\"band-currency\" id=\"cur-usd\"> " +
      common +
      " for every region</label></fieldset>\n<div class=\"view-local\"><div "
      "class=\"charts\">\n";
  for (size_t i = 0; i < bands.size(); ++i) {
    const CompBand& b = bands[i].band;
    RangeChart c;
    c.id = "band-" + std::to_string(i + 1);
    for (const Measure& m : kMeasures) {
      auto e = Ends(b, m);
      if (!e) continue;
      if (c.currency.empty()) c.currency = e->first.currency;
      if (e->first.currency != c.currency) continue;
      c.rows.push_back({MeasureLabel(b, m), e->first.minor, e->second.minor, {}, {}, {}});
    }
    if (c.rows.empty()) continue;
    c.title =
        (b.region.has() ? *b.region : "Region " + std::to_string(i + 1)) + " (" + c.currency + ")";
    AppendRangeChart(out, c);
  }
  out += "</div></div>\n<div class=\"view-usd\"><div class=\"charts\">\n";
  const RateTable& rates = RateTable::Bundled();
  const Date on = rates.last_date();
  // One prepared conversion per source currency: the rates and the rate part
  // of each formula are looked up and written once per thread, not per amount
  // or page (the table, the date and the target never change). At most
  // kMaxCached currencies are kept, so odd codes in many guides cannot grow it.
  constexpr size_t kMaxCached = 64;
  thread_local std::vector<std::pair<std::string, Result<RateTable::Converter>>> converters;
  if (converters.capacity() == 0) converters.reserve(kMaxCached);  // references stay valid
  std::optional<Result<RateTable::Converter>> uncached;
  auto converter_for = [&](const std::string& cur) -> const Result<RateTable::Converter>& {
    for (const auto& [c, conv] : converters)
      if (c == cur) return conv;
    if (converters.size() < kMaxCached)
      return converters.emplace_back(cur, rates.Prepare(cur, common, on)).second;
    return uncached.emplace(rates.Prepare(cur, common, on));
  };
  std::vector<std::string> currencies, problems;
  for (size_t k = 0; k < std::size(kMeasures); ++k) {
    const Measure& m = kMeasures[k];
    RangeChart c;
    c.id = "band-" + common + "-" + std::to_string(k + 1);
    c.title = std::string(m.name) + " by region (" + common + ")";
    c.currency = common;
    for (size_t i = 0; i < bands.size(); ++i) {
      const CompBand& b = bands[i].band;
      auto e = Ends(b, m);
      if (!e) continue;
      const std::string region = b.region.has() ? *b.region : "Region " + std::to_string(i + 1);
      const Result<RateTable::Converter>& conv = converter_for(e->first.currency);
      using Amount = Result<RateTable::Converter::Amount>;
      const Amount lo = conv.ok() ? conv->Apply(e->first.minor) : Amount(conv.status());
      const Amount hi = conv.ok() ? conv->Apply(e->second.minor) : Amount(conv.status());
      if (!lo.ok() || !hi.ok()) {
        const std::string why = region + ": " + (lo.ok() ? hi : lo).status().message();
        if (std::find(problems.begin(), problems.end(), why) == problems.end())
          problems.push_back(why);
        continue;
      }
      if (e->first.currency != common &&
          std::find(currencies.begin(), currencies.end(), e->first.currency) == currencies.end())
        currencies.push_back(e->first.currency);
      RangeRow row{region, lo->minor, hi->minor, {}, {}, {}};
      if (e->first.currency != common) {
        conv->AppendFormula(row.detail, e->first.minor, *lo);
        row.detail += "; ";
        conv->AppendFormula(row.detail, e->second.minor, *hi);
      }
      if (m.low == &CompBand::stock_low)
        row.label += " (" + std::to_string(b.stock_vesting_years) + " yr)";
      c.rows.push_back(std::move(row));
    }
    if (!c.rows.empty()) AppendRangeChart(out, c);
  }
  out += "</div>\n";
  if (!currencies.empty()) {
    out += "<p class=\"muted\">Converted through the euro at the ECB reference rates of " +
           on.ToString() + ", the newest in levers' table, rounded half to even:</p>\n<ul>\n";
    for (const std::string& cur : currencies) {
      const Result<RateTable::Converter>& conv = converter_for(cur);
      if (!conv.ok()) continue;
      auto one = conv->Apply(MinorPerMajor(cur));
      if (!one.ok()) continue;
      std::string formula;
      conv->AppendFormula(formula, MinorPerMajor(cur), *one);
      out += "<li>";
      AppendHtmlEscaped(out, formula);
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  for (const std::string& p : problems) {
    out += "<p class=\"overdue\">Not converted: ";
    AppendHtmlEscaped(out, p);
    out += "</p>\n";
  }
  out += "</div>\n";
}

}  // namespace

std::string RenderGuideHtml(const Guide& g, const HtmlOptions& o) {
  const std::string company =
      g.company_display.has() ? *g.company_display : (g.company.has() ? *g.company : "");
  const std::string role = g.role_display.has() ? *g.role_display : (g.role.has() ? *g.role : "");
  std::string out;
  out.reserve(16384);
  AppendPageStart(out, o.links, role + " at " + company + " — levers negotiation guide",
                  NavItem::kNone);
  out += "<h1>" + HtmlEscape(role) + " <span class=\"muted\">at</span> " + HtmlEscape(company) +
         "</h1>\n";
  const DnaSummary& dna = ResolveDna(g);
  if (dna.text.has()) out += "<p class=\"dna\">" + HtmlEscape(*dna.text) + "</p>\n";

  out += "<dl class=\"meta\">\n";
  auto meta = [&](std::string_view k, const std::string& v, std::string_view cls = "") {
    out += "<dt>" + std::string(k) + "</dt><dd" +
           (cls.empty() ? std::string() : " class=\"" + std::string(cls) + "\"") + ">" + v +
           "</dd>\n";
  };
  meta("Last updated", g.last_updated.has() ? g.last_updated->ToString() : "not stated");
  const bool overdue = o.today && g.next_review_due.has() && *g.next_review_due < *o.today;
  meta("Next review due",
       g.next_review_due.has() ? g.next_review_due->ToString() + (overdue ? " (overdue)" : "")
                               : "not stated",
       overdue ? "overdue" : "");
  meta("Data quality", g.data_quality.has() ? HtmlEscape(*g.data_quality) : "not stated");
  meta("Salary data quarter",
       g.salary_data_quarter.has() ? HtmlEscape(*g.salary_data_quarter) : "not stated");
  std::string sources;
  for (size_t i = 0; i < g.data_sources.size(); ++i)
    sources += (i ? ", " : "") + HtmlEscape(*g.data_sources[i]);
  meta("Data sources", sources.empty() ? "not stated" : sources);
  out += "</dl>\n";
  if (!o.links.Offer().empty()) {
    std::string href =
        o.links.Offer() + "?company=" + UrlEncode(company) + "&role=" + UrlEncode(role);
    out += "<p><a class=\"button\" href=\"" + HtmlEscape(href) +
           "\">Value an offer against this guide</a></p>\n";
  }

  const std::vector<ResolvedBand> bands = ResolveCompensation(g);
  out += "<h2 id=\"bands\">Pay bands</h2>\n";
  AppendBandCharts(out, bands);
  out +=
      "<div class=\"wrap\"><table>\n<caption class=\"muted\">Bands as the guide states them, "
      "each in its region's currency</caption>\n<thead><tr><th scope=\"col\">Region</th>"
      "<th scope=\"col\">Base</th><th scope=\"col\">Stock (grant)</th><th scope=\"col\">Bonus</th>"
      "<th scope=\"col\">Total comp / year</th></tr></thead>\n<tbody>\n";
  for (const ResolvedBand& r : bands) {
    const CompBand& b = r.band;
    out += "<tr><th scope=\"row\">";
    AppendHtmlEscaped(out, b.region.has() ? *b.region : "?");
    out += "</th><td class=\"num\">";
    AppendRange(out, b.base_low, b.base_high);
    out += "</td><td class=\"num\">";
    AppendRange(out, b.stock_low, b.stock_high);
    out += " <span class=\"muted\">/";
    out += std::to_string(b.stock_vesting_years);
    out += "y</span></td><td class=\"num\">";
    AppendPctRange(out, b.bonus_pct_low, b.bonus_pct_high);
    out += "</td><td class=\"num\">";
    AppendRange(out, b.total_comp_low, b.total_comp_high);
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table></div>\n";

  const LevelMapping& lm = ResolveLevelMapping(g);
  if (!lm.equivalents.empty()) {
    out += "<h2 id=\"levels\">Level mapping</h2>\n<ul class=\"levels\">\n";
    for (size_t i = 0; i < lm.equivalents.size(); ++i) {
      const LevelEquivalent& e = lm.equivalents[i];
      // The first role is this guide's own.
      std::string href;
      if (i > 0 && o.level_link)
        href = o.level_link(e);
      else if (i > 0 && !e.company.empty())
        href = o.links.Search(e.company);
      out += "<li>";
      if (!href.empty()) out += "<a href=\"" + HtmlEscape(href) + "\">";
      AppendHtmlEscaped(out, e.text);
      if (!href.empty()) out += "</a>";
      if (i == 0) out += " <span class=\"muted\">(this guide)</span>";
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!g.dna_paragraphs.empty()) {
    out += "<h2>Negotiation DNA</h2>\n";
    for (const std::string& p : g.dna_paragraphs) {
      out += "<p>";
      AppendHtmlEscaped(out, p);
      out += "</p>\n";
    }
  }
  if (g.focus.title.has()) {
    out += "<h2>" + HtmlEscape(*g.focus.title) + " lever</h2>\n";
    for (const std::string& p : g.focus.paragraphs) {
      out += "<p>";
      AppendHtmlEscaped(out, p);
      out += "</p>\n";
    }
  }
  if (!g.levers.empty()) {
    out += "<h2>Global levers</h2>\n<ol class=\"levers\">\n";
    for (const Lever& l : g.levers) {
      out += "<li><strong>";
      if (l.title.has()) AppendHtmlEscaped(out, *l.title);
      out += "</strong>\n<blockquote>";
      if (l.script.has()) AppendHtmlEscaped(out, *l.script);
      out += "</blockquote>\n";
      Asks(out, l.asks);
      out += "</li>\n";
    }
    out += "</ol>\n";
  }
  if (g.strategy.text.has()) {
    out += "<h2>Negotiate-up strategy</h2>\n<blockquote>";
    AppendHtmlEscaped(out, *g.strategy.text);
    out += "</blockquote>\n";
    if (!g.strategy.competing_offers.empty()) {
      out +=
          "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Competing offer</th><th "
          "scope=\"col\">Level</th>"
          "<th scope=\"col\">Base</th><th scope=\"col\">Equity</th></tr></thead>\n<tbody>\n";
      for (const CompetingOffer& c : g.strategy.competing_offers) {
        out += "<tr><td>" + HtmlEscape(c.company) + "</td><td>" + HtmlEscape(c.level) +
               "</td><td class=\"num\">" + Money2(c.base) + "</td><td class=\"num\">" +
               Money2(c.equity) + "</td></tr>\n";
      }
      out += "</tbody>\n</table></div>\n";
    }
    Asks(out, g.strategy.ask);
    if (g.strategy.floor.has())
      out += "<p>Floor: <strong>" + Money2(g.strategy.floor) + "</strong></p>\n";
  }
  if (!g.evidence.empty()) {
    out += "<h2>Evidence and sources</h2>\n<ul>\n";
    for (const auto& e : g.evidence) out += "<li>" + HtmlEscape(*e) + "</li>\n";
    out += "</ul>\n";
  }
  if (o.findings && !o.findings->empty()) {
    out += "<h2>Check findings</h2>\n<ul class=\"findings\">\n";
    for (const Diagnostic& d : *o.findings) {
      std::string where;
      if (o.file) {
        const LineColumn lc = o.file->Locate(d.range.begin);
        where = "line " + std::to_string(lc.line) + ": ";
      }
      out += "<li class=\"" + std::string(SeverityName(d.severity)) + "\">" + where +
             std::string(SeverityName(d.severity)) + " [" + HtmlEscape(d.code) + "] " +
             HtmlEscape(d.message) + "</li>\n";
    }
    out += "</ul>\n";
  }
  AppendPageEnd(out, o.links);
  return out;
}

}  // namespace levers
