#include "web/offer_pages.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "levers/chart.h"
#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/render.h"

namespace levers::web {
namespace {

// The engine's answer `call()`, unless the context's test seam
// (WebOptions::engine_fault) names a failure for `step`. An engine status is
// shown on a page only when it is a refusal of the input (RefusalMessage);
// any other is a failure of levers' own, answered with the 500 page.
template <typename Call>
auto Faulted(const OfferPageContext& ctx, std::string_view step, Call call) -> decltype(call()) {
  if (ctx.engine_fault) {
    Status s = ctx.engine_fault(step);
    if (!s.ok()) return s;
  }
  return call();
}

// A comparison needs two offers: the first two fieldsets are required.
constexpr size_t kMinCompareOffers = 2;

std::string Exact(const Money& m) {
  std::string out = m.currency + " ";
  AppendMajorUnits(out, m, true);
  return out;
}

std::string Ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

// A figure's formula, shown with the formulas toggle; nothing without one.
void AppendFormula(std::string& out, const Figure& f) {
  if (!f.formula.empty()) {
    out += "<span class=\"formula\">";
    AppendHtmlEscaped(out, f.formula);
    out += "</span>";
  }
}

// A figure with its formula, shown when "Show how each figure is computed" is ticked.
void AppendFigure(std::string& out, const Figure& f) {
  AppendHtmlEscaped(out, Exact(f.value));
  AppendFormula(out, f);
}

void AppendFormulaToggle(std::string& out) {
  out +=
      "<p class=\"toggle\"><label><input type=\"checkbox\" id=\"show-formulas\"> Show how each "
      "figure is computed</label></p>\n";
}

void AppendList(std::string& out, std::string_view title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out += "<h3>";
  out += title;
  out += "</h3>\n<ul>\n";
  for (const std::string& s : items) {
    out += "<li>";
    AppendHtmlEscaped(out, s);
    out += "</li>\n";
  }
  out += "</ul>\n";
}

// Items of a summary: the id of the field each is about ("" for none), its text.
using SummaryItems = std::vector<std::pair<std::string, std::string>>;

// A summary at the top of the page: `kind` "errors" (what stops the valuation,
// an alert that takes the focus) or "warnings" (figures valued as given that
// deserve a second look), each item linked to its field.
void AppendSummary(std::string& out, std::string_view kind, std::string_view title,
                   const SummaryItems& items) {
  if (items.empty()) return;
  const bool errors = kind == "errors";
  out += "<div class=\"" + std::string(kind) + "\" id=\"" + std::string(kind) + "\"" +
         (errors ? " role=\"alert\" tabindex=\"-1\"" : "") + "><h2>" + std::string(title) +
         "</h2>\n<ul>\n";
  for (const auto& [id, text] : items) {
    out += "<li>";
    if (!id.empty()) out += "<a href=\"#" + id + "\">";
    AppendHtmlEscaped(out, text);
    if (!id.empty()) out += "</a>";
    out += "</li>\n";
  }
  out += "</ul>\n</div>\n";
}

// `title`: what cannot be done yet ("The offer cannot be valued yet").
void AppendErrorSummary(std::string& out, std::string_view title, const SummaryItems& problems) {
  AppendSummary(out, "errors", title, problems);
}

void AppendWarningSummary(std::string& out, const SummaryItems& warnings) {
  AppendSummary(out, "warnings", "Check these figures", warnings);
}

// The problem of "Add another" pressed on a form that already holds the most
// offers it takes (`offers`, whose fields are named `letter` + k + "."): what
// to do instead, linked to the first blank offer, where the new one can go,
// else to the last offer, whose fields could be cleared for it. `full` says
// the most and how many the form holds; the caller ends a sentence.
std::pair<std::string, std::string> FormIsFull(const std::vector<OfferInput>& offers,
                                               std::string_view letter, std::string_view legend,
                                               std::string full) {
  size_t blank = 0;  // the first blank offer, 0-based
  while (blank < offers.size() && !IsBlank(offers[blank])) ++blank;
  const size_t k = blank < offers.size() ? blank + 1 : offers.size();
  if (blank < offers.size()) {
    full += ": " + std::string(legend) + std::to_string(k) + " is blank; enter the new one there";
  } else {
    full +=
        ": to add another, clear the fields of one you no longer need (a blank one is left out) "
        "and enter the new one there";
  }
  return {FieldId(std::string(letter) + std::to_string(k) + ".", OfferFormKeys().front()),
          std::move(full)};
}

// Said where "Add another" would be once the form holds the most it takes.
void AppendFullNote(std::string& out, std::string_view text) {
  out += "<p class=\"muted\" id=\"form-full\">";
  out += text;
  out += "</p>\n";
}

// The page's <title>: "Error: Value an offer — levers" while there are
// problems (the page answers 422), "Evaluation: Acme — Value an offer —
// levers" over results, else the page's name.
std::string PageTitle(const SummaryItems& problems, std::string_view result_title,
                      std::string_view page) {
  std::string title;
  if (!problems.empty())
    title = "Error: ";
  else if (!result_title.empty())
    title = std::string(result_title) + " — ";
  title += page;
  title += " — levers";
  return title;
}

// Messages by field of one offer for a summary, in form order, naming the
// offer when there are several.
void CollectByField(SummaryItems& out, const std::map<std::string, std::string>& by_field,
                    std::string_view prefix, std::string_view who) {
  for (const std::string_view key : OfferFormKeys()) {
    auto it = by_field.find(std::string(key));
    if (it == by_field.end()) continue;
    out.emplace_back(FieldId(prefix, key),
                     std::string(who) + std::string(FieldLabel(key)) + ": " + it->second);
  }
}

// Problems of one offer for the summary.
void CollectProblems(SummaryItems& out, const OfferErrors& errors, std::string_view prefix,
                     std::string_view who) {
  for (const std::string& g : errors.general) out.emplace_back("", std::string(who) + g);
  CollectByField(out, errors.by_field, prefix, who);
}

// Warnings of one offer for the summary.
void CollectWarnings(SummaryItems& out, const OfferErrors& errors, std::string_view prefix,
                     std::string_view who) {
  CollectByField(out, errors.warnings, prefix, who);
}

std::vector<int64_t> YearValues(const Evaluation& ev, Figure YearFigures::*f) {
  std::vector<int64_t> v;
  for (const YearFigures& y : ev.years) v.push_back((y.*f).value.minor);
  return v;
}

std::vector<std::string> YearNames(const Evaluation& ev) {
  std::vector<std::string> names;
  for (const YearFigures& y : ev.years) names.push_back("Year " + std::to_string(y.year));
  return names;
}

// How current the guide's data is, beside the band position: "Guide data:
// ..." as the text output words it, marked overdue when the review is.
void AppendGuideData(std::string& out, const Evaluation& ev, std::string_view tag) {
  if (!ev.guide_data) return;
  const bool overdue = ev.guide_data->overdue_days && *ev.guide_data->overdue_days > 0;
  out += "<" + std::string(tag) + " class=\"guide-data" + (overdue ? " overdue" : "") + "\">";
  AppendHtmlEscaped(out, "Guide data: " + GuideDataText(*ev.guide_data));
  out += "</" + std::string(tag) + ">";
}

void AppendEvaluation(std::string& out, const Evaluation& ev, std::string_view no_band_reason,
                      const Guide* guide, const OfferPageContext& ctx) {
  const std::string& cur = ev.first_year_total.value.currency;
  out += "<div class=\"cards\">";
  auto card = [&](std::string_view label, const Figure& f) {
    out += "<div class=\"card\"><span class=\"big\">";
    AppendHtmlEscaped(out, Exact(f.value));
    out += "</span>";
    out += label;
    if (!f.formula.empty()) {
      out += "<span class=\"formula\">";
      AppendHtmlEscaped(out, f.formula);
      out += "</span>";
    }
    out += "</div>";
  };
  card("first-year total", ev.first_year_total);
  card("four-year average per year", ev.four_year_average);
  if (ev.equity) card("equity grant, expected value", ev.equity->expected);
  out += "</div>\n";
  AppendFormulaToggle(out);

  out += "<h3 id=\"position\">Position in the band</h3>\n";
  if (ev.positions.empty()) {
    out += "<p>";
    AppendHtmlEscaped(out, no_band_reason.empty() ? "No band to compare with." : no_band_reason);
    out += "</p>\n";
    AppendGuideData(out, ev, "p");
    out += "\n";
  } else {
    RangeChart c;
    c.id = "chart-position";
    c.title = "The offer in the " + ev.band_region + " band (" + ev.band_currency + ")";
    c.currency = ev.band_currency;
    for (const BandPosition& p : ev.positions) {
      RangeRow row{p.what, p.band_low.minor, p.band_high.minor, p.value.minor, {}, p.formula, {}};
      // The line on the chart rounds the figure; its description says it exactly.
      const std::string where = ", " + Ordinal(p.percentile) + " percentile" +
                                (p.note.empty() ? "" : " (" + p.note + ")");
      row.marker_text = "offer " + CompactAmount(p.value.minor, p.value.currency) + where;
      row.marker_desc = "offer " + Exact(p.value) + where;
      c.rows.push_back(std::move(row));
    }
    out += RenderRangeChart(c);
    AppendGuideData(out, ev, "p");
    out += "\n";
    if (guide && ctx.guide_href) {
      out += "<p>The band comes from the guide <a href=\"" + HtmlEscape(ctx.guide_href(*guide)) +
             "\">";
      AppendHtmlEscaped(out, (guide->company_display.has() ? *guide->company_display : "") + " — " +
                                 (guide->role_display.has() ? *guide->role_display : ""));
      out += "</a>.</p>\n";
    }
    out += "<div class=\"wrap\"><table>\n<caption class=\"muted\">";
    AppendHtmlEscaped(out,
                      "The offer in the " + ev.band_region + " band (" + ev.band_currency + ")");
    out +=
        "</caption>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" "
        "class=\"num\">Offer</th><th scope=\"col\" class=\"num\">Band</th><th scope=\"col\" "
        "class=\"num\">Percentile</th></tr></thead>\n<tbody>\n";
    for (const BandPosition& p : ev.positions) {
      out += "<tr><th scope=\"row\">";
      AppendHtmlEscaped(out, p.what);
      out += "</th><td class=\"num\">";
      AppendHtmlEscaped(out, Exact(p.value));
      out += "</td><td class=\"num\">";
      AppendHtmlEscaped(out, Exact(p.band_low) + " – " + Exact(p.band_high));
      out += "</td><td class=\"num\">" + Ordinal(p.percentile);
      if (!p.note.empty()) {
        out += " <span class=\"muted\">";
        AppendHtmlEscaped(out, p.note);
        out += "</span>";
      }
      out += "<span class=\"formula\">";
      AppendHtmlEscaped(out, p.formula);
      out += "</span></td></tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
  }

  out += "<h3 id=\"years\">Year by year</h3>\n";
  BarChart bars;
  bars.id = "chart-years";
  bars.title = "What the offer pays each year (" + cur + ", equity at its expected value)";
  bars.currency = cur;
  bars.categories = YearNames(ev);
  bars.series = {{"Base", YearValues(ev, &YearFigures::base)},
                 {"Bonus", YearValues(ev, &YearFigures::bonus)},
                 {"Vested equity", YearValues(ev, &YearFigures::equity_expected)},
                 {"Sign-on", YearValues(ev, &YearFigures::signing)}};
  std::vector<int64_t> refresh = YearValues(ev, &YearFigures::refresh);
  if (std::any_of(refresh.begin(), refresh.end(), [](int64_t v) { return v > 0; }))
    bars.series.push_back({"Refreshers", refresh});
  out += RenderBarChart(bars);

  struct Row {
    std::string_view name;
    Figure YearFigures::*f;
  };
  const Row rows[] = {{"Base", &YearFigures::base},
                      {"Bonus", &YearFigures::bonus},
                      {"Sign-on", &YearFigures::signing},
                      {"Equity vesting, expected", &YearFigures::equity_expected},
                      {"Equity vesting, floor", &YearFigures::equity_floor},
                      {"Equity vesting, upside", &YearFigures::equity_upside},
                      {"Refreshers", &YearFigures::refresh},
                      {"Relocation (not in the total)", &YearFigures::relocation},
                      {"Total, expected", &YearFigures::total_expected}};
  out += "<div class=\"wrap\"><table>\n<caption class=\"muted\">What the offer pays each year (" +
         cur + ")</caption>\n<thead><tr><th scope=\"col\">" + cur + "</th>";
  for (const std::string& y : bars.categories)
    out += "<th scope=\"col\" class=\"num\">" + y + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const Row& r : rows) {
    out += "<tr><th scope=\"row\">";
    out += r.name;
    out += "</th>";
    for (const YearFigures& y : ev.years) {
      out += "<td class=\"num\">";
      AppendFigure(out, y.*r.f);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
  if (ev.equity) {
    out += "<p>Equity, the whole grant: floor ";
    AppendFigure(out, ev.equity->floor);
    out += ", expected ";
    AppendFigure(out, ev.equity->expected);
    out += ", upside ";
    AppendFigure(out, ev.equity->upside);
    out += ". ";
    AppendHtmlEscaped(out, ev.equity->basis);
    out += "</p>\n";
  }
  // A clawback is a note beside the totals: the sign-on above is paid in full.
  if (ev.clawback) {
    // Both sentences in levers offer evaluate's words, each formula after it;
    // the first a sentence's start.
    std::string at_risk = ClawbackAtRiskText(ev);
    at_risk[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(at_risk[0])));
    out += "<p>";
    AppendHtmlEscaped(out, at_risk);
    AppendFormula(out, ev.clawback->at_risk);
    if (ev.clawback->most_at_once) {
      out += "; ";
      AppendHtmlEscaped(out, ClawbackMostAtOnceText(ev));
      AppendFormula(out, *ev.clawback->most_at_once);
    }
    if (ev.clawback->repayable_after) {
      out += "; ";
      AppendHtmlEscaped(out, ClawbackAfterText(ev));
      AppendFormula(out, *ev.clawback->repayable_after);
    }
    out += ".</p>\n";
  }
  AppendList(out, "Currency conversions", ev.conversions);
  AppendList(out, "Assumptions", ev.assumptions);
}

void AppendCounterPlan(std::string& out, const CounterPlan& p) {
  // A base or grant the offer already meets is the offer's, not an ask.
  out += "<h2 id=\"counter\">Counter plan</h2>\n<dl class=\"meta\">\n";
  out +=
      p.asks_base ? "<dt>Ask for base</dt><dd>" : "<dt>Base, as offered (no more asked)</dt><dd>";
  AppendFigure(out, p.ask_base);
  out += p.asks_equity ? "</dd>\n<dt>Ask for equity</dt><dd>"
                       : "</dd>\n<dt>Equity, as offered (no more asked)</dt><dd>";
  AppendFigure(out, p.ask_equity);
  out += "</dd>\n";
  if (p.ask_options) {
    out += "<dt>Ask for options</dt><dd>" + OptionsAskText(p) + "<span class=\"formula\">";
    AppendHtmlEscaped(out, p.ask_options_formula);
    out += "</span></dd>\n";
  }
  if (p.ask_signing) {
    // An offer that pays some of its sign-on in year two (the only kind whose
    // sign-on the plan moves: signing_year2_left).
    const bool split = p.offer.offer.signing_year2.minor > 0;
    out += split ? "<dt>Ask for a sign-on bonus in year one</dt><dd>"
                 : "<dt>Ask for a sign-on bonus</dt><dd>";
    AppendFigure(out, *p.ask_signing);
    out += "</dd>\n";
    if (p.signing_year2_left) {
      out += "<dt>Sign-on left in year two</dt><dd>";
      AppendHtmlEscaped(out, Exact(*p.signing_year2_left));
      out += "</dd>\n";
    }
  }
  if (p.ask_refresh) {
    out += "<dt>Ask for refreshers</dt><dd>";
    AppendFigure(out, *p.ask_refresh);
    out += "</dd>\n";
  }
  if (p.ask_year_one_vesting_pct) {
    out += "<dt>Ask for year-one vesting</dt><dd>" + PercentString(*p.ask_year_one_vesting_pct) +
           "%</dd>\n";
  }
  if (p.ask_clawback) {
    // As levers offer counter says it: the asked terms against the offered,
    // and the sentence to say.
    out += "<dt>Ask for the sign-on to be repayable</dt><dd>";
    AppendHtmlEscaped(out, ClawbackAskText(p));
    out += "<span class=\"formula\">";
    AppendHtmlEscaped(out, p.ask_clawback_formula);
    out += "</span><br>Say: “";
    AppendHtmlEscaped(out, p.ask_clawback_script);
    out += "”</dd>\n";
  }
  out += "<dt>Walk-away base (floor)</dt><dd>";
  AppendFigure(out, p.floor_base);
  out += "</dd>\n</dl>\n";
  // The total-value walk-away: the best competing offer's totals, converted.
  out += "<h3 id=\"walk-away\">Walk away</h3>\n";
  if (p.walk_away) {
    out += "<p>Below these totals the offer is worth less than your best alternative, ";
    AppendHtmlEscaped(out, p.walk_away->offer);
    out += ":</p>\n<dl class=\"meta\">\n<dt>First-year total</dt><dd>";
    AppendFigure(out, p.walk_away->first_year);
    out += "</dd>\n<dt>Four-year average</dt><dd>";
    AppendFigure(out, p.walk_away->four_year_average);
    out += "</dd>\n</dl>\n";
    AppendList(out, "Currency conversions", p.walk_away->conversions);
  } else {
    out +=
        "<p>No competing offer was given, so there is no total to walk away below; enter the "
        "offers you hold under “Competing offers” in the form.</p>\n";
  }
  if (!p.levers.empty()) {
    out +=
        "<h3>What to ask for, easiest to grant first</h3>\n<div class=\"wrap\"><table>\n"
        "<caption class=\"muted\">Levers, easiest to grant first</caption>\n<thead>"
        "<tr><th scope=\"col\">Lever</th><th scope=\"col\" class=\"num\">Ask</th><th "
        "scope=\"col\">Why</th><th scope=\"col\">The guide's argument</th></tr></thead>\n"
        "<tbody>\n";
    for (const CounterLever& l : p.levers) {
      out += "<tr><th scope=\"row\">";
      AppendHtmlEscaped(out, l.what);
      out += "</th><td class=\"num\">";
      AppendFigure(out, l.ask);
      out += "</td><td>";
      AppendHtmlEscaped(out, l.reason);
      out += "</td><td>";
      AppendHtmlEscaped(out, l.guide_lever.empty() ? "—" : GuideLeverCited(l));
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
  }
  if (!p.guide_strategy_asks.empty() || !p.guide_strategy_floor.empty()) {
    out += "<p>The guide's own strategy";
    if (!p.guide_strategy_asks.empty()) {
      out += " asks ";
      AppendHtmlEscaped(out, p.guide_strategy_asks);
    }
    if (!p.guide_strategy_floor.empty()) {
      out += p.guide_strategy_asks.empty() ? " holds a floor of " : ", with a floor of ";
      AppendHtmlEscaped(out, p.guide_strategy_floor);
    }
    out += ".</p>\n";
  }
  if (!p.other_guide_levers.empty()) {
    out += "<h3>The guide's other levers</h3>\n<p>Each has a script in the guide";
    if (!p.offer.guide_path.empty()) out += " (linked above)";
    out += "; the plan above does not ask for them.</p>\n<ul>\n";
    for (const GuideLeverNote& n : p.other_guide_levers) {
      out += "<li>";
      AppendHtmlEscaped(out, n.title + (n.asks.empty() ? "" : ": asks " + n.asks));
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!p.rules.empty()) {
    out += "<details><summary>The rules behind these asks</summary>\n<ul>\n";
    for (const std::string& r : p.rules) {
      out += "<li>";
      AppendHtmlEscaped(out, r);
      out += "</li>\n";
    }
    out += "</ul>\n</details>\n";
  }
  out +=
      "<h3 id=\"message\">The message to send</h3>\n<pre class=\"message\" id=\"counter-message\">";
  AppendHtmlEscaped(out, p.message_text);
  out +=
      "</pre>\n<div class=\"actions\"><button type=\"button\" data-copy=\"counter-message\" "
      "hidden>Copy the message</button><span id=\"counter-message-status\" role=\"status\" "
      "aria-live=\"polite\"></span></div>\n";
}

// The offer field a form name carries for the offer fields named `prefix` +
// key, or "" when it is not one.
std::string_view OfferKeyOf(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return {};
  const std::string_view key = name.substr(prefix.size());
  for (std::string_view k : OfferFormKeys())
    if (k == key) return k;
  return {};
}

// A conversion the rates cannot make (`problem`), said at the offer's field
// (its date, or its currency when it has none), as the API says it: Compare,
// Evaluate and Counter would refuse the offer as a whole.
void SayConversionProblem(const Offer& offer, std::optional<ConversionProblem> problem,
                          OfferErrors& errors) {
  if (!problem) return;
  // The message opens with the offer's source, "(form): ": the field says which.
  std::string message = std::move(problem->message);
  if (message.starts_with(offer.source + ": ")) message.erase(0, offer.source.size() + 2);
  errors.by_field.emplace(problem->field, std::move(message));
}

// The same for a conversion of `offer` into `currency`.
void CheckConversion(const Offer& offer, const std::string& currency, OfferErrors& errors) {
  SayConversionProblem(
      offer, FindConversionProblem(offer, currency, RatesFor(ValuationAssumptions{})), errors);
}

// Where a region the guide has no band for is said: at the region field,
// before any valuation (Evaluate would refuse the offer as a whole); and a
// band whose currency the offer cannot be converted into at its date, at
// that field. `counter`: the counter plan places an offer with no region in
// a guide's only band (CounterBand); with several, the page still values the
// offer and says under "Counter plan" that it needs the region, naming them. A
// valuation alone places it in none.
void CheckRegion(const OfferPageContext& ctx, const Offer& offer, OfferErrors& errors,
                 bool counter) {
  Result<const Guide*> guide = FindGuide(*ctx.guides, offer.company, offer.role);
  if (!guide.ok()) return;
  if (!offer.region.empty()) {
    Result<CompBand> band = FindBand(**guide, offer.region);
    if (!band.ok()) {
      errors.by_field.emplace("region", RefusalMessage(band.status()));
      return;
    }
  }
  SayConversionProblem(
      offer, FindBandConversionProblem(offer, **guide, counter, RatesFor(ValuationAssumptions{})),
      errors);
}

// A blank offer the page needs: `why` at its base salary, and at its currency
// when that is blank too (the form fills it in, so it seldom is).
void SayRequired(const OfferInput& input, OfferErrors& errors, const std::string& why) {
  const auto currency = input.find("currency");
  if (currency == input.end() || currency->second.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.by_field.emplace("currency", why);
  errors.by_field.emplace("base", why);
}

void AppendNoStoreNote(std::string& out) {
  out +=
      "<p class=\"muted\">Nothing you enter is stored: the offer travels in this one request, "
      "levers values it for the page that comes back, and forgets it.</p>\n";
}

// The competing offer k (1-based) a form name belongs to, "c{k}." + key, and
// its key; 0 when the name is not of that shape. k may be past the most the
// form takes: the caller refuses it.
size_t CompetingOfferOf(std::string_view name, std::string_view& key) {
  if (name.size() < 4 || name[0] != 'c' || name[1] < '1' || name[1] > '9') return 0;
  const size_t dot = name.find('.');
  if (dot == std::string_view::npos || dot > 4) return 0;
  const std::string_view digits = name.substr(1, dot - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return 0;
  key = OfferKeyOf(name, name.substr(0, dot + 1));
  return std::stoul(std::string(digits));
}

std::string CompetingPrefix(size_t k) { return "c" + std::to_string(k) + "."; }

}  // namespace

PageResponse RenderOfferPage(const OfferPageContext& ctx, const FormFields* posted,
                             const FormFields& prefill) {
  PageResponse r;
  OfferInput input;
  OfferErrors errors;
  // The candidate's competing offers (fields "c1." ...): the counter plan's
  // best alternative and walk-away. One blank one is shown to begin with.
  size_t n_others = 1;
  std::vector<OfferInput> other_inputs;
  std::vector<OfferErrors> other_errors;
  std::string results, result_title;
  const std::string action = posted ? FormValue(*posted, "action") : "";
  // A competing offer was just added: its first field takes the focus,
  // unless the error summary does.
  bool added = false;
  if (!posted) {
    for (std::string_view key : {"company", "role", "region", "currency"}) {
      std::string v = FormValue(prefill, key);
      if (!v.empty()) input[std::string(key)] = v;
    }
    if (!input.count("currency")) input["currency"] = "USD";
  } else {
    input = OfferInputFrom(*posted, "");
    // Each field once, and only the form's own: a second value is refused,
    // never silently dropped.
    std::set<std::string_view> seen;
    for (const auto& [name, value] : *posted) {
      std::string_view key = OfferKeyOf(name, "");
      const size_t k = key.empty() ? CompetingOfferOf(name, key) : 0;
      if (k > kMaxCompetingOffers) {
        errors.general.push_back("the form takes at most " + std::to_string(kMaxCompetingOffers) +
                                 " competing offers; it has a field of competing offer " +
                                 std::to_string(k) + " (" + name + ")");
      } else if (key.empty() && name != "action") {
        errors.general.push_back("the form has a field '" + name + "' that levers does not know");
      } else if (!seen.insert(name).second) {
        if (k == 0) {
          errors.by_field.emplace(std::string(key), "given more than once; send each field once");
        } else {
          errors.general.push_back("'" + name + "' is given more than once; send each field once");
        }
      } else if (k > 0) {
        n_others = std::max(n_others, k);
      }
    }
    if (action != "" && action != "value" && action != "add-other")
      errors.general.push_back("the form's action '" + action + "' is not one levers knows");
  }
  for (size_t k = 1; k <= n_others; ++k) {
    other_inputs.push_back(posted ? OfferInputFrom(*posted, CompetingPrefix(k))
                                  : OfferInput{{"currency", input["currency"]}});
  }
  other_errors.resize(n_others);
  // "Add another competing offer" on a form that holds the most it takes: a
  // problem linked to where the new offer can go instead.
  SummaryItems full;
  if (action == "add-other") {
    if (n_others < kMaxCompetingOffers) {
      added = true;
      other_inputs.push_back(
          OfferInput{{"currency", input.count("currency") ? input["currency"] : "USD"}});
      other_errors.emplace_back();
      ++n_others;
    } else {
      full.push_back(FormIsFull(other_inputs, "c", "Competing offer ",
                                "the form takes at most " + std::to_string(kMaxCompetingOffers) +
                                    " competing offers, and it already holds " +
                                    std::to_string(n_others)));
    }
  } else if (posted) {
    // The competing offers given (blank ones are left out), each read as an
    // offer; their problems are named at their fields.
    std::vector<Offer> others;
    std::vector<size_t> other_index;  // the fieldset of each of `others`
    for (size_t k = 0; k < n_others; ++k) {
      if (IsBlank(other_inputs[k])) continue;
      std::optional<Offer> o = ReadOfferInput(other_inputs[k], other_errors[k],
                                              "Competing offer " + std::to_string(k + 1));
      if (!o || !other_errors[k].empty()) continue;
      others.push_back(std::move(*o));
      other_index.push_back(k);
    }
    std::optional<Offer> offer;
    if (IsBlank(input)) {
      // Said at the fields to fill in, so the summary links to them.
      SayRequired(input, errors,
                  "the form is empty; an offer needs at least its currency and base salary");
    } else if ((offer = ReadOfferInput(input, errors, "Your offer"))) {
      CheckRegion(ctx, *offer, errors, /*counter=*/true);
      // The counter plan brings each competing offer into the offer's currency.
      for (size_t i = 0; i < others.size(); ++i)
        CheckConversion(others[i], offer->currency, other_errors[other_index[i]]);
    }
    bool others_ok = true;
    for (const OfferErrors& e : other_errors) others_ok = others_ok && e.empty();
    if (offer && errors.empty() && others_ok) {
      ValuationAssumptions a;
      a.today = ctx.today;
      Result<const Guide*> guide = FindGuide(*ctx.guides, offer->company, offer->role);
      std::string no_band;
      if (!guide.ok())
        no_band = "No guide to compare with: " + RefusalMessage(guide.status()) + ".";
      Result<Evaluation> ev = Faulted(
          ctx, "evaluate", [&] { return Evaluate(*offer, guide.ok() ? *guide : nullptr, a); });
      if (!ev.ok()) {
        errors.general.push_back(RefusalMessage(ev.status()));
      } else {
        results +=
            "<section id=\"results\" aria-labelledby=\"results-title\">\n<h2 "
            "id=\"results-title\">";
        result_title = "Evaluation: " + (offer->label.empty() ? offer->company : offer->label);
        AppendHtmlEscaped(results, result_title);
        results += "</h2>\n";
        if (guide.ok() && ev->positions.empty() && no_band.empty()) {
          Result<CompBand> band = FindBand(**guide, offer->region);
          if (!band.ok()) no_band = RefusalMessage(band.status()) + ".";
        }
        AppendEvaluation(results, *ev, no_band, guide.ok() ? *guide : nullptr, ctx);
        if (guide.ok()) {
          Result<CounterPlan> plan =
              Faulted(ctx, "counter", [&] { return Counter(*offer, **guide, others, a); });
          if (plan.ok()) {
            AppendCounterPlan(results, *plan);
          } else {
            results += "<h2 id=\"counter\">Counter plan</h2>\n<p>No counter plan: ";
            AppendHtmlEscaped(results, RefusalMessage(plan.status()));
            results += ".</p>\n";
          }
        } else {
          results +=
              "<h2 id=\"counter\">Counter plan</h2>\n<p>A counter plan needs the guide for the "
              "offer's company and role; check the company and role above.</p>\n";
        }
        results += "</section>\n";
      }
    }
  }
  SummaryItems problems, warnings;
  CollectProblems(problems, errors, "", "");
  CollectWarnings(warnings, errors, "", "");
  for (size_t k = 0; k < n_others; ++k) {
    const std::string who = "Competing offer " + std::to_string(k + 1) + " · ";
    CollectProblems(problems, other_errors[k], CompetingPrefix(k + 1), who);
    CollectWarnings(warnings, other_errors[k], CompetingPrefix(k + 1), who);
  }
  problems.insert(problems.end(), full.begin(), full.end());
  std::string& out = r.body;
  // The title says what came back: the problems, the valuation or the form.
  AppendPageStart(out, ctx.links, PageTitle(problems, result_title, "Value an offer"),
                  NavItem::kOffer);
  out += "<h1>Value an offer</h1>\n";
  // The summary of problems first, so it is the first thing read after the
  // title (with script, it also takes the focus).
  AppendErrorSummary(out, "The offer cannot be valued yet", problems);
  out +=
      "<p>Enter an offer to see what it is worth each year, where it falls in the guide's band, "
      "and what to ask for. Amounts are in the offer's currency, in whole units (240000) or as "
      "written in guides ($240K).</p>\n";
  AppendNoStoreNote(out);
  AppendWarningSummary(out, warnings);
  out += results;
  out += results.empty() ? "<h2 id=\"change\">Enter the offer</h2>\n"
                         : "<h2 id=\"change\">Change the offer</h2>\n";
  out += "<form method=\"post\" action=\"" + HtmlEscape(ctx.links.Offer()) +
         "\" id=\"offer-form\" novalidate>\n";
  AppendDatalists(out, *ctx.lists);
  AppendOfferFieldset(out, input, errors, "", "Your offer", /*required=*/true);
  // The submit button that comes first is the one Enter presses.
  out +=
      "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"value\">Value "
      "this offer</button></div>\n";
  out +=
      "<h2 id=\"others\">Competing offers</h2>\n<p>Optional: the offers you hold from other "
      "companies. The counter plan then says what to walk away below: the total of the best of "
      "them, in your offer's currency. Leave an offer blank to leave it out.</p>\n";
  for (size_t k = 0; k < n_others; ++k) {
    AppendOfferFieldset(out, other_inputs[k], other_errors[k], CompetingPrefix(k + 1),
                        "Competing offer " + std::to_string(k + 1), /*required=*/false,
                        added && problems.empty() && k + 1 == n_others);
  }
  out +=
      "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"value\">Value "
      "this offer</button>";
  if (n_others < kMaxCompetingOffers) {
    out +=
        "<button type=\"submit\" name=\"action\" value=\"add-other\" class=\"secondary\">Add "
        "another competing offer</button>";
  }
  out += "</div>\n";
  if (n_others >= kMaxCompetingOffers) {
    AppendFullNote(out, "The form takes at most " + std::to_string(kMaxCompetingOffers) +
                            " competing offers: to add another, clear the fields of one you no "
                            "longer need and enter the new one there.");
  }
  out += "</form>\n";
  AppendPageEnd(out, ctx.links);
  r.status = problems.empty() ? 200 : 422;
  return r;
}

PageResponse RenderComparePage(const OfferPageContext& ctx, const FormFields* posted) {
  PageResponse r;
  size_t n = 2;
  std::string currency, rank = "four-year";
  std::vector<OfferInput> inputs;
  std::vector<OfferErrors> errors;
  std::vector<std::pair<std::string, std::string>> problems;
  // Fields the page cannot take, said before anything else.
  std::vector<std::pair<std::string, std::string>> field_problems;
  std::string results, result_title;
  if (posted) {
    for (const auto& [name, value] : *posted) {
      if (name.size() < 3 || name[0] != 'o' || !std::isdigit(static_cast<unsigned char>(name[1])))
        continue;
      const size_t dot = name.find('.');
      if (dot == std::string::npos) continue;
      const std::string digits = name.substr(1, dot - 1);
      if (digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos)
        continue;
      const size_t k = std::stoul(digits);
      if (k >= 1 && k <= kMaxCompareOffers) n = std::max(n, k);
    }
    // Each field once, and only the form's own: an offer past the sixth, a
    // second value or an unknown field is refused, never silently dropped.
    std::set<std::string_view> seen;
    for (const auto& [name, value] : *posted) {
      std::string problem;
      size_t k = 0;
      std::string_view key;
      if (name.size() > 3 && name[0] == 'o' && name[1] >= '1' && name[1] <= '9') {
        const size_t dot = name.find('.');
        const std::string digits = name.substr(1, dot == std::string::npos ? 0 : dot - 1);
        if (!digits.empty() && digits.size() <= 3 &&
            digits.find_first_not_of("0123456789") == std::string::npos) {
          k = std::stoul(digits);
          key = OfferKeyOf(name, name.substr(0, dot + 1));
        }
      }
      if (k > kMaxCompareOffers) {
        problem = "A comparison takes at most " + std::to_string(kMaxCompareOffers) +
                  " offers; the form has a field of offer " + std::to_string(k) + " (" + name +
                  ").";
      } else if (key.empty() && name != "currency" && name != "rank" && name != "action") {
        problem = "The form has a field '" + name + "' that levers does not know.";
      } else if (!seen.insert(name).second) {
        problem = "'" + name + "' is given more than once; send each field once.";
      }
      if (!problem.empty()) {
        field_problems.emplace_back(key.empty() || k > kMaxCompareOffers
                                        ? ""
                                        : FieldId(name.substr(0, name.find('.') + 1), key),
                                    std::move(problem));
      }
    }
    currency = FormValue(*posted, "currency");
    // Any case: "usd" is USD. One levers does not know is said below, as given.
    if (const CurrencyInfo* info = FindCurrencyAnyCase(currency)) currency = info->code;
    rank = FormValue(*posted, "rank");
    if (rank.empty()) rank = "four-year";
  }
  for (size_t i = 0; i < n; ++i) {
    inputs.push_back(posted ? OfferInputFrom(*posted, "o" + std::to_string(i + 1) + ".")
                            : OfferInput{{"currency", "USD"}});
  }
  errors.resize(n);
  const std::string action = posted ? FormValue(*posted, "action") : "";
  // The last offer was just added: its first field takes the focus, unless
  // the error summary does.
  bool added = false;
  // The fields the page cannot take are refused whatever the button pressed.
  problems = field_problems;
  if (posted && action != "" && action != "compare" && action != "add")
    problems.emplace_back("", "The form's action '" + action + "' is not one levers knows.");
  if (action == "add") {
    if (n < kMaxCompareOffers) {
      added = true;
      inputs.push_back(OfferInput{
          {"currency", inputs.front().count("currency") ? inputs.front().at("currency") : "USD"}});
      errors.emplace_back();
      ++n;
    } else {
      problems.push_back(
          FormIsFull(inputs, "o", "Offer ",
                     "A comparison takes at most " + std::to_string(kMaxCompareOffers) +
                         " offers, and the form already holds " + std::to_string(n)));
      problems.back().second += '.';
    }
  } else if (posted) {
    RankBy by = RankBy::kFourYearAverage;
    if (rank == "first-year")
      by = RankBy::kFirstYear;
    else if (rank == "expected-equity")
      by = RankBy::kExpectedEquity;
    else if (rank == "floor-equity")
      by = RankBy::kFloorEquity;
    else if (rank != "four-year")
      problems.emplace_back("f-rank", "Rank by: choose one of the listed orders.");
    if (!currency.empty() && !FindCurrency(currency))
      problems.emplace_back("f-currency",
                            "Compare in: '" + currency + "' is not an ISO 4217 code levers knows.");
    std::vector<Offer> offers;
    std::vector<size_t> used;
    // Every offer is converted into the comparison's currency: the one asked
    // for, else the first offer's ("" when it is not one levers knows).
    std::string compare_in = currency;
    for (size_t i = 0; i < n && currency.empty(); ++i) {
      if (IsBlank(inputs[i])) continue;
      const auto c = inputs[i].find("currency");
      const CurrencyInfo* info = c == inputs[i].end() ? nullptr : FindCurrencyAnyCase(c->second);
      if (info) compare_in = info->code;
      break;
    }
    // Too few offers given: the first blank ones are needed, said at their
    // fields, whatever else is wrong, so one round of fixes is enough.
    size_t given = 0;
    for (size_t i = 0; i < n; ++i) given += IsBlank(inputs[i]) ? 0 : 1;
    for (size_t i = 0; i < n && given < kMinCompareOffers; ++i) {
      if (!IsBlank(inputs[i])) continue;
      SayRequired(inputs[i], errors[i],
                  "a comparison needs at least two offers, and this one is blank");
      ++given;
    }
    for (size_t i = 0; i < n; ++i) {
      if (IsBlank(inputs[i])) {
        CollectProblems(problems, errors[i], "o" + std::to_string(i + 1) + ".",
                        "Offer " + std::to_string(i + 1) + " · ");
        continue;
      }
      std::optional<Offer> o =
          ReadOfferInput(inputs[i], errors[i], "Offer " + std::to_string(i + 1));
      if (o) CheckRegion(ctx, *o, errors[i], /*counter=*/false);
      if (o && errors[i].empty() && FindCurrency(compare_in))
        CheckConversion(*o, compare_in, errors[i]);
      if (o && errors[i].empty()) {
        offers.push_back(std::move(*o));
        used.push_back(i);
      }
      CollectProblems(problems, errors[i], "o" + std::to_string(i + 1) + ".",
                      "Offer " + std::to_string(i + 1) + " · ");
    }
    if (problems.empty() && offers.size() < kMinCompareOffers)  // not expected: said above
      problems.emplace_back("", "Fill in at least two offers to compare.");
    if (problems.empty()) {
      ValuationAssumptions a;
      a.today = ctx.today;
      Result<Comparison> c =
          Faulted(ctx, "compare", [&] { return Compare(offers, currency, by, a, ctx.guides); });
      if (!c.ok()) {
        problems.emplace_back("", RefusalMessage(c.status()));
      } else {
        std::string& o = results;
        result_title = "Comparison in " + c->currency;
        o += "<section id=\"results\" aria-labelledby=\"results-title\">\n<h2 "
             "id=\"results-title\">" +
             HtmlEscape(result_title) + "</h2>\n";
        if (!c->ranking.empty()) {
          o += "<p class=\"dna\">Best by ";
          o += rank == "first-year"        ? "first-year total"
               : rank == "expected-equity" ? "expected equity"
               : rank == "floor-equity"    ? "equity floor"
                                           : "four-year average";
          o += ": <strong>";
          AppendHtmlEscaped(o, c->offers[c->ranking.front()].offer.label);
          o += "</strong>.</p>\n";
        }
        AppendFormulaToggle(o);
        BarChart chart;
        chart.id = "chart-compare";
        chart.title = "Total each year (" + c->currency + ", equity at its expected value)";
        chart.currency = c->currency;
        chart.stacked = false;
        chart.categories = YearNames(c->offers.front());
        for (const Evaluation& ev : c->offers)
          chart.series.push_back({ev.offer.label, YearValues(ev, &YearFigures::total_expected)});
        o += RenderBarChart(chart);
        // Which offer leads in each year, and by how much.
        o += "<ul>\n";
        for (size_t y = 0; y < chart.categories.size(); ++y) {
          size_t best = 0, second = SIZE_MAX;
          for (size_t k = 1; k < c->offers.size(); ++k) {
            if (chart.series[k].values[y] > chart.series[best].values[y]) best = k;
          }
          for (size_t k = 0; k < c->offers.size(); ++k) {
            if (k == best) continue;
            if (second == SIZE_MAX || chart.series[k].values[y] > chart.series[second].values[y])
              second = k;
          }
          o += "<li>" + chart.categories[y] + ": ";
          const int64_t lead = chart.series[best].values[y] -
                               (second == SIZE_MAX ? 0 : chart.series[second].values[y]);
          if (lead == 0) {
            o += "a tie";
          } else {
            AppendHtmlEscaped(o, chart.series[best].name);
            o += " leads by ";
            AppendHtmlEscaped(o, Exact(Money{lead, c->currency}));
          }
          o += "</li>\n";
        }
        o += "</ul>\n<div class=\"wrap\"><table id=\"compare-table\">\n<caption "
             "class=\"muted\">The offers side by side (" +
             HtmlEscape(c->currency) + ")</caption>\n<thead><tr><th scope=\"col\">" +
             HtmlEscape(c->currency) + "</th>";
        for (const Evaluation& ev : c->offers) {
          o += "<th scope=\"col\" class=\"num\">";
          AppendHtmlEscaped(o, ev.offer.label);
          o += "</th>";
        }
        o += "</tr></thead>\n<tbody>\n";
        auto row = [&](std::string_view name, auto cell) {
          o += "<tr><th scope=\"row\">";
          o += name;
          o += "</th>";
          for (const Evaluation& ev : c->offers) {
            o += "<td class=\"num\">";
            cell(ev);
            o += "</td>";
          }
          o += "</tr>\n";
        };
        row("Rank", [&](const Evaluation& ev) {
          const size_t idx = static_cast<size_t>(&ev - c->offers.data());
          const auto pos = std::find(c->ranking.begin(), c->ranking.end(), idx);
          o += std::to_string(pos - c->ranking.begin() + 1);
        });
        row("Company, role", [&](const Evaluation& ev) {
          AppendHtmlEscaped(o,
                            ev.offer.company + (ev.offer.role.empty() ? "" : ", ") + ev.offer.role);
        });
        // Each offer in its own guide's band, in the band's currency, as the
        // offer page places it.
        row("Position in its guide's band", [&](const Evaluation& ev) {
          if (ev.positions.empty()) {
            o += "<span class=\"muted\">";
            AppendHtmlEscaped(o, ev.band_note.empty() ? "no band" : ev.band_note);
            o += "</span>";
            if (ev.guide_data) o += "<br>";
            AppendGuideData(o, ev, "span");
            return;
          }
          o += "<span class=\"band-position\">";
          AppendHtmlEscaped(o, ev.band_region + " band (" + ev.band_currency + ")");
          o += "</span>";
          for (const BandPosition& p : ev.positions) {
            o += "<br>";
            AppendHtmlEscaped(o, p.what + ": " + Ordinal(p.percentile) + " percentile" +
                                     (p.note.empty() ? "" : " (" + p.note + ")"));
            o += "<span class=\"formula\">";
            AppendHtmlEscaped(o, Exact(p.value) + " in " + Exact(p.band_low) + " – " +
                                     Exact(p.band_high) + ": " + p.formula);
            o += "</span>";
          }
          o += "<br>";
          AppendGuideData(o, ev, "span");
        });
        row("First-year total",
            [&](const Evaluation& ev) { AppendFigure(o, ev.first_year_total); });
        row("Four-year average",
            [&](const Evaluation& ev) { AppendFigure(o, ev.four_year_average); });
        for (size_t y = 0; y < chart.categories.size(); ++y) {
          row(chart.categories[y] + " total", [&](const Evaluation& ev) {
            if (y < ev.years.size()) AppendFigure(o, ev.years[y].total_expected);
          });
        }
        row("Base", [&](const Evaluation& ev) { AppendFigure(o, ev.years.front().base); });
        row("Equity grant, expected", [&](const Evaluation& ev) {
          if (ev.equity)
            AppendFigure(o, ev.equity->expected);
          else
            o += "—";
        });
        row("Equity grant, floor", [&](const Evaluation& ev) {
          if (ev.equity)
            AppendFigure(o, ev.equity->floor);
          else
            o += "—";
        });
        // The grants are whole: beside them, the years each vests over.
        row("Grant vests over",
            [&](const Evaluation& ev) { AppendHtmlEscaped(o, GrantVestsOverCell(ev)); });
        // Terms beside the money, as in levers offer compare: a row when an
        // offer states a clawback.
        if (std::any_of(c->offers.begin(), c->offers.end(),
                        [](const Evaluation& ev) { return ev.clawback.has_value(); })) {
          row("Sign-on repayable", [&](const Evaluation& ev) {
            AppendHtmlEscaped(o, SignOnRepayableCell(ev));
            if (ev.clawback) {
              o += "<span class=\"formula\">";
              AppendHtmlEscaped(o, ev.clawback->at_risk.formula);
              o += "</span>";
            }
          });
        }
        // Shown, not counted, as on the offer page: a row when an offer has one.
        if (std::any_of(c->offers.begin(), c->offers.end(),
                        [](const Evaluation& ev) { return ev.offer.relocation.minor != 0; })) {
          row("Relocation (not in the totals)", [&](const Evaluation& ev) {
            AppendHtmlEscaped(o, Exact(Money{ev.offer.relocation.minor, c->currency}));
          });
        }
        o += "</tbody>\n</table></div>\n";
        // A year total a minor unit off its neighbour is an even grant's
        // remainder, not a difference in pay, as under levers offer compare.
        for (const Evaluation& ev : c->offers) {
          const std::string note = EvenGrantRemainderNote(ev);
          if (note.empty()) continue;
          o += "<p class=\"muted\">";
          AppendHtmlEscaped(o, ev.offer.label + ": " + note);
          o += "</p>\n";
        }
        AppendList(o, "Currency conversions", c->conversions);

        // The shareable link: the offers as typed, base64url JSON in the fragment.
        nlohmann::ordered_json share = nlohmann::ordered_json::object();
        if (!currency.empty()) share["currency"] = currency;
        if (rank != "four-year") share["rank"] = rank;
        share["offers"] = nlohmann::ordered_json::array();
        for (size_t i : used) {
          nlohmann::ordered_json one = nlohmann::ordered_json::object();
          for (const auto& [k, v] : inputs[i])
            if (!v.empty()) one[k] = v;
          share["offers"].push_back(std::move(one));
        }
        const std::string url = ctx.links.Compare() + "#offers=" + Base64UrlEncode(share.dump());
        o += "<h3 id=\"share\">Share this comparison</h3>\n<p>The offers travel in the link "
             "itself (after the #, which browsers never send to a server), so the link is all "
             "there is.</p>\n<p class=\"share\"><a id=\"share-url\" href=\"" +
             HtmlEscape(url) + "\" data-url=\"" + HtmlEscape(url) + "\">" + HtmlEscape(url) +
             "</a></p>\n<div class=\"actions\"><button type=\"button\" data-copy=\"share-url\" "
             "hidden>Copy the link</button><span id=\"share-url-status\" role=\"status\" "
             "aria-live=\"polite\"></span></div>\n</section>\n";
      }
    }
  }

  std::string& out = r.body;
  AppendPageStart(out, ctx.links, PageTitle(problems, result_title, "Compare offers"),
                  NavItem::kCompare);
  out += "<h1>Compare offers</h1>\n";
  // The summary of problems first, as on the offer page.
  AppendErrorSummary(out, "The offers cannot be compared yet", problems);
  out += "<p id=\"share-error\" class=\"errors\" role=\"alert\" tabindex=\"-1\" hidden></p>\n";
  out +=
      "<noscript><p class=\"muted\">A shared comparison link opens with script, which is off: "
      "its offers travel after the # in the link, which only the page's script reads. The form "
      "below works without it.</p></noscript>\n";
  out +=
      "<p>Enter two or more offers to see them side by side, year by year, in one currency. "
      "Leave an offer blank to leave it out.</p>\n";
  AppendNoStoreNote(out);
  SummaryItems warnings;
  for (size_t i = 0; i < n; ++i) {
    CollectWarnings(warnings, errors[i], "o" + std::to_string(i + 1) + ".",
                    "Offer " + std::to_string(i + 1) + " · ");
  }
  AppendWarningSummary(out, warnings);
  out += results;
  out += results.empty() ? "<h2 id=\"change\">Enter the offers</h2>\n"
                         : "<h2 id=\"change\">Change the offers</h2>\n";
  out += "<form method=\"post\" action=\"" + HtmlEscape(ctx.links.Compare()) +
         "\" id=\"compare-form\" novalidate>\n";
  AppendDatalists(out, *ctx.lists);
  out +=
      "<fieldset><legend>How to compare</legend><div class=\"fields\">\n"
      "<div class=\"field\"><label for=\"f-currency\">Compare in</label><span class=\"hint\" "
      "id=\"f-currency-hint\">ISO 4217 code; default: the first offer's currency</span><input "
      "id=\"f-currency\" name=\"currency\" type=\"text\" maxlength=\"3\" list=\"dl-currencies\" "
      "aria-describedby=\"f-currency-hint\" value=\"" +
      HtmlEscape(currency) +
      "\"></div>\n<div class=\"field\"><label for=\"f-rank\">Rank by</label><span "
      "class=\"hint\" id=\"f-rank-hint\">default: four-year average</span><select "
      "id=\"f-rank\" name=\"rank\" aria-describedby=\"f-rank-hint\">";
  for (const auto& [v, text] :
       {std::pair<std::string_view, std::string_view>{"four-year", "Four-year average"},
        {"first-year", "First-year total"},
        {"expected-equity", "Expected equity"},
        {"floor-equity", "Equity floor"}}) {
    out += "<option value=\"" + std::string(v) + "\"" + (rank == v ? " selected" : "") + ">" +
           std::string(text) + "</option>";
  }
  out += "</select></div>\n</div></fieldset>\n<div class=\"charts\">\n";
  for (size_t i = 0; i < n; ++i) {
    AppendOfferFieldset(out, inputs[i], errors[i], "o" + std::to_string(i + 1) + ".",
                        "Offer " + std::to_string(i + 1),
                        /*required=*/i < kMinCompareOffers,
                        added && problems.empty() && i + 1 == n);
  }
  out +=
      "</div>\n<div class=\"actions\"><button type=\"submit\" name=\"action\" "
      "value=\"compare\">Compare</button>";
  if (n < kMaxCompareOffers)
    out +=
        "<button type=\"submit\" name=\"action\" value=\"add\" class=\"secondary\">Add another "
        "offer</button>";
  out += "</div>\n";
  if (n >= kMaxCompareOffers) {
    AppendFullNote(out, "A comparison takes at most " + std::to_string(kMaxCompareOffers) +
                            " offers: to compare another, clear the fields of one you no longer "
                            "need and enter the new one there.");
  }
  out += "</form>\n";
  AppendPageEnd(out, ctx.links);
  r.status = problems.empty() ? 200 : 422;
  return r;
}

}  // namespace levers::web
