#include "levers/offer_report.h"

#include <algorithm>

#include "core/counted.h"
#include "offer/conversion.h"
#include "render/json_out.h"

namespace levers {
namespace {

using internal::JsonOut;

std::string F(const Money& m) { return FormatMoney(m); }

// Width in columns, counting code points.
size_t Width(const std::string& s) {
  size_t cps = 0;
  for (char c : s) cps += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return cps;
}

// A table for people: a left-aligned label column, then right-aligned columns
// each sized to its widest cell (at least 16 wide), so that no label is cut and
// two cells are always at least two spaces apart.
class TextTable {
 public:
  void Add(std::string label, std::vector<std::string> cells) {
    rows_.push_back({std::move(label), std::move(cells)});
  }
  void AppendTo(std::string& out) const {
    size_t label_width = 22;
    std::vector<size_t> widths;
    for (const auto& [label, cells] : rows_) {
      label_width = std::max(label_width, Width(label) + 2);
      if (widths.size() < cells.size()) widths.resize(cells.size(), 16);
      for (size_t i = 0; i < cells.size(); ++i)
        widths[i] = std::max(widths[i], Width(cells[i]) + 2);
    }
    for (const auto& [label, cells] : rows_) {
      out += label + std::string(label_width - Width(label), ' ');
      for (size_t i = 0; i < cells.size(); ++i)
        out += std::string(widths[i] - Width(cells[i]), ' ') + cells[i];
      out += "\n";
    }
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> rows_;
};

// "base: USD 240,000 is p43 of USD 220,000–275,000", one line per position,
// each line after `indent`; with `explain`, the formula under it.
void AppendBandPositions(std::string& out, const Evaluation& e, bool explain,
                         const std::string& indent) {
  for (const BandPosition& p : e.positions) {
    std::string high;
    AppendMajorUnits(high, p.band_high, true);
    out += indent + p.what + ": " + F(p.value) + " is p" + std::to_string(p.percentile) + " of " +
           F(p.band_low) + "–" + high + (p.note.empty() ? "" : " (" + p.note + ")") + "\n";
    if (explain) out += indent + "    = " + p.formula + "\n";
  }
}

// "guide data: ..." after `indent`, when the evaluation names a guide.
void AppendGuideData(std::string& out, const Evaluation& e, const std::string& indent) {
  if (e.guide_data) out += indent + "guide data: " + GuideDataText(*e.guide_data) + "\n";
}

void Explained(std::string& out, const std::string& what, const Figure& f, bool explain) {
  out += "  " + what + ": " + F(f.value) + "\n";
  if (explain) out += "      = " + f.formula + "\n";
}

// ClawbackAtRiskText ("sign-on repayable: in full until month 12: USD 20,000
// at risk"), then the most repayable at once when that is less, and for a
// pro-rata clawback what leaving after about half its months would cost
// (ClawbackRisk::after_months); each with its
// formula under it with `explain`. Nothing without a clawback.
void AppendClawback(std::string& out, const Evaluation& e, bool explain,
                    const std::string& indent) {
  if (!e.clawback) return;
  const ClawbackRisk& c = *e.clawback;
  out += indent + ClawbackAtRiskText(e) + "\n";
  if (explain) out += indent + "    = " + c.at_risk.formula + "\n";
  if (c.most_at_once) {
    out += indent + ClawbackMostAtOnceText(e) + "\n";
    if (explain) out += indent + "    = " + c.most_at_once->formula + "\n";
  }
  if (c.repayable_after) {
    out += indent + ClawbackAfterText(e) + "\n";
    if (explain) out += indent + "    = " + c.repayable_after->formula + "\n";
  }
}

void JsonMoney(JsonOut& j, std::string_view key, const Money& m) {
  j.Key(key);
  j.Number(MajorUnitsString(m));
}

void FigureValue(JsonOut& j, const Figure& f, bool explain) {
  if (!explain) {
    j.Number(MajorUnitsString(f.value));
    return;
  }
  j.BeginObject();
  JsonMoney(j, "value", f.value);
  j.Key("formula").String(f.formula);
  j.EndObject();
}

void JsonFigure(JsonOut& j, std::string_view key, const Figure& f, bool explain) {
  j.Key(key);
  FigureValue(j, f, explain);
}

// A figure that is not money (a count, a percentage) under `key`: null when
// absent, else the number, or with `explain` {value, formula} as figures are.
void ExplainedNumber(JsonOut& j, std::string_view key, const std::optional<std::string>& number,
                     const std::string& formula, bool explain) {
  j.Key(key);
  if (!number) {
    j.Null();
  } else if (!explain) {
    j.Number(*number);
  } else {
    j.BeginObject();
    j.Key("value").Number(*number);
    j.Key("formula").String(formula);
    j.EndObject();
  }
}

// A string, or null when it is empty (a field the offer does not give).
void StringOrNull(JsonOut& j, std::string_view key, const std::string& s) {
  j.Key(key);
  if (s.empty())
    j.Null();
  else
    j.String(s);
}

void DateOrNull(JsonOut& j, std::string_view key, const std::optional<Date>& d) {
  j.Key(key);
  if (d)
    j.String(d->ToString());
  else
    j.Null();
}

void GuideDataJson(JsonOut& j, const std::optional<GuideData>& d) {
  j.Key("guide_data");
  if (!d) {
    j.Null();
    return;
  }
  j.BeginObject();
  StringOrNull(j, "data_quality", d->data_quality);
  StringOrNull(j, "salary_data_quarter", d->salary_data_quarter);
  DateOrNull(j, "last_updated", d->last_updated);
  DateOrNull(j, "next_review_due", d->next_review_due);
  j.Key("review");
  if (!d->review) {
    j.Null();
  } else {
    const GuideReview& r = *d->review;
    j.BeginObject();
    j.Key("due").String(r.due.ToString());
    j.Key("basis").String(r.basis == GuideReview::Basis::kNextReviewDue ? "next_review_due"
                          : r.basis == GuideReview::Basis::kLastUpdated ? "last_updated"
                                                                        : "evidence");
    StringOrNull(j, "evidence_date", r.evidence_text);
    DateOrNull(j, "as_of", d->as_of);
    j.Key("overdue");
    if (d->overdue_days)
      j.Bool(*d->overdue_days > 0);
    else
      j.Null();
    j.Key("overdue_days");
    if (d->overdue_days)
      j.Int(*d->overdue_days);
    else
      j.Null();
    j.EndObject();
  }
  j.EndObject();
}

// One reader warning: `code`, `path`, `line` and `column` (null for an offer
// given as flags or a form), `message`; and `offer`, the offer's label, when
// `offer` is given.
void WarningJson(JsonOut& j, const OfferWarning& w, const std::string* offer) {
  j.BeginObject();
  if (offer) j.Key("offer").String(*offer);
  j.Key("code").String(w.code);
  j.Key("path").String(w.path);
  j.Key("line");
  if (w.line == 0)
    j.Null();
  else
    j.Int(w.line);
  j.Key("column");
  if (w.line == 0)
    j.Null();
  else
    j.Int(w.column);
  j.Key("message").String(w.message);
  j.EndObject();
}

void EvaluationJsonBody(JsonOut& j, const Evaluation& e, bool explain) {
  const Offer& o = e.offer;
  j.Key("label").String(o.label);
  StringOrNull(j, "company", o.company);
  StringOrNull(j, "role", o.role);
  StringOrNull(j, "region", o.region);
  j.Key("currency").String(o.currency);
  j.Key("years").BeginArray();
  for (const YearFigures& y : e.years) {
    j.BeginObject();
    j.Key("year").Int(y.year);
    JsonFigure(j, "base", y.base, explain);
    JsonFigure(j, "bonus", y.bonus, explain);
    JsonFigure(j, "signing", y.signing, explain);
    JsonFigure(j, "equity_expected", y.equity_expected, explain);
    JsonFigure(j, "equity_floor", y.equity_floor, explain);
    JsonFigure(j, "equity_upside", y.equity_upside, explain);
    JsonFigure(j, "refresh", y.refresh, explain);
    JsonFigure(j, "relocation", y.relocation, explain);
    JsonFigure(j, "total_expected", y.total_expected, explain);
    j.EndObject();
  }
  j.EndArray();
  JsonFigure(j, "first_year_total", e.first_year_total, explain);
  JsonFigure(j, "four_year_average", e.four_year_average, explain);
  j.Key("signing_clawback");
  if (e.clawback) {
    const ClawbackRisk& c = *e.clawback;
    j.BeginObject();
    j.Key("months").Int(c.terms.months);
    j.Key("basis").String(ClawbackBasisKey(c.terms.basis));
    j.Key("text").String(c.text);
    JsonFigure(j, "at_risk", c.at_risk, explain);
    j.Key("after_months");
    if (c.repayable_after)
      j.Int(c.after_months);
    else
      j.Null();
    j.Key("repayable_after");
    if (c.repayable_after)
      FigureValue(j, *c.repayable_after, explain);
    else
      j.Null();
    j.Key("most_at_once_after_months");
    if (c.most_at_once)
      j.Int(c.most_at_once_months);
    else
      j.Null();
    j.Key("most_at_once");
    if (c.most_at_once)
      FigureValue(j, *c.most_at_once, explain);
    else
      j.Null();
    j.EndObject();
  } else {
    j.Null();
  }
  j.Key("equity");
  if (e.equity) {
    j.BeginObject();
    JsonFigure(j, "floor", e.equity->floor, explain);
    JsonFigure(j, "expected", e.equity->expected, explain);
    JsonFigure(j, "upside", e.equity->upside, explain);
    j.Key("basis").String(e.equity->basis);
    j.EndObject();
  } else {
    j.Null();
  }
  j.Key("band").BeginObject();
  StringOrNull(j, "guide", e.guide_path);
  StringOrNull(j, "region", e.band_region);
  StringOrNull(j, "currency", e.band_currency);
  j.Key("positions").BeginArray();
  for (const BandPosition& p : e.positions) {
    j.BeginObject();
    j.Key("what").String(p.what);
    JsonMoney(j, "value", p.value);
    JsonMoney(j, "band_low", p.band_low);
    JsonMoney(j, "band_high", p.band_high);
    j.Key("percentile").Int(p.percentile);
    if (!p.note.empty()) j.Key("note").String(p.note);
    if (explain) j.Key("formula").String(p.formula);
    j.EndObject();
  }
  j.EndArray();
  StringOrNull(j, "note", e.band_note);
  j.EndObject();
  GuideDataJson(j, e.guide_data);
  j.Key("conversions").BeginArray();
  for (const std::string& c : e.conversions) j.String(c);
  j.EndArray();
  j.Key("assumptions").BeginArray();
  for (const std::string& a : e.assumptions) j.String(a);
  j.EndArray();
  j.Key("warnings").BeginArray();
  for (const OfferWarning& w : o.warnings) WarningJson(j, w, nullptr);
  j.EndArray();
}

// Years 1–`n` of the table: their equity, summed, and whether they differ.
struct TableYears {
  int64_t sum = 0;
  bool differ = false;
};
TableYears SumYears(const Evaluation& e, size_t n) {
  TableYears t;
  for (size_t i = 0; i < n && i < e.years.size(); ++i) {
    t.sum += e.years[i].equity_expected.value.minor;
    t.differ = t.differ || e.years[i].equity_expected.value != e.years[0].equity_expected.value;
  }
  return t;
}

// Why an even grant's years may differ by a minor unit.
std::string EvenRounding(const std::string& currency) {
  return "each year is the schedule to date rounded down to the " +
         internal::MinorUnitName(currency);
}

// How the expected grant vests in the four years the table counts: "vests
// GBP 171,860.41 + GBP 171,860.41 + GBP 171,860.41 + GBP 171,860.42 in years
// 1–4 = GBP 687,441.65 ...", saying why the years may differ by a minor unit.
std::string VestsInYears(const Evaluation& e) {
  std::string parts;
  for (const YearFigures& y : e.years)
    parts += (parts.empty() ? "" : " + ") + F(y.equity_expected.value);
  const TableYears t = SumYears(e, e.years.size());
  const Money total{t.sum, e.equity->expected.value.currency};
  std::string out = "vests " + parts + " in years 1–4 = " + F(total);
  if (t.sum == e.equity->expected.value.minor)
    out += ", the whole grant";
  else
    out += " of it (" + e.horizon_note + ")";
  if (t.differ && e.offer.equity && e.offer.equity->schedule.even)
    out += "; an even split: " + EvenRounding(total.currency) +
           ", less the years before, so a year may differ by a minor unit and the years add up "
           "to the grant exactly";
  return out;
}

void YearTable(std::string& out, const Evaluation& e) {
  TextTable t;
  t.Add("", {"year 1", "year 2", "year 3", "year 4"});
  auto line = [&](const char* label, auto get) {
    std::vector<std::string> cells;
    for (const YearFigures& y : e.years) cells.push_back(F(get(y).value));
    t.Add(label, std::move(cells));
  };
  line("base", [](const YearFigures& y) { return y.base; });
  line("bonus (target)", [](const YearFigures& y) { return y.bonus; });
  line("sign-on", [](const YearFigures& y) { return y.signing; });
  line("equity (expected)", [](const YearFigures& y) { return y.equity_expected; });
  line("refresh", [](const YearFigures& y) { return y.refresh; });
  line("total (expected)", [](const YearFigures& y) { return y.total_expected; });
  line("equity (floor)", [](const YearFigures& y) { return y.equity_floor; });
  line("equity (upside)", [](const YearFigures& y) { return y.equity_upside; });
  // Shown, as the offer states it, but in no total (docs/offer-format.md).
  if (e.offer.relocation.minor != 0)
    line("relocation (not in totals)", [](const YearFigures& y) { return y.relocation; });
  t.AppendTo(out);
}

}  // namespace

std::string EvenGrantRemainderNote(const Evaluation& e) {
  if (!e.equity || !e.offer.equity) return "";
  const VestingSchedule& s = e.offer.equity->schedule;
  const size_t n = std::min<size_t>(static_cast<size_t>(s.years()), e.years.size());
  if (!s.even || s.cliff_months > 12 || n < 2) return "";
  std::vector<std::pair<size_t, size_t>> runs;  // [first, last] years, 0-based, of one amount
  for (size_t i = 0; i < n; ++i) {
    if (!runs.empty() &&
        e.years[i].equity_expected.value == e.years[runs.back().first].equity_expected.value)
      runs.back().second = i;
    else
      runs.push_back({i, i});
  }
  if (runs.size() < 2) return "";
  std::string parts;
  for (size_t r = 0; r < runs.size(); ++r) {
    const auto [first, last] = runs[r];
    parts +=
        std::string(r == 0                 ? ""
                    : r + 1 == runs.size() ? " and "
                                           : ", ") +
        F(e.years[first].equity_expected.value) + " in " +
        (first == last ? "year " + std::to_string(first + 1)
                       : "years " + std::to_string(first + 1) + "–" + std::to_string(last + 1));
  }
  const Money grant = e.equity->expected.value;
  const Money shown{SumYears(e, n).sum, grant.currency};
  const std::string why = "the even grant vests " + parts + ": " + EvenRounding(grant.currency);
  // The table shows years 1–4: of a longer grant, only part.
  if (n < static_cast<size_t>(s.years())) {
    return why + ", so years 1–" + std::to_string(n) + " of " + std::to_string(s.years()) +
           " add up to " + F(shown) + ", and all " + std::to_string(s.years()) +
           " to the whole grant, " + F(grant) + ", exactly";
  }
  return why + ", so the years add up to " +
         (shown.minor == grant.minor ? "the whole grant, " : "") + F(shown) + ", exactly";
}

std::string SignOnRepayableCell(const Evaluation& e) {
  if (e.clawback)
    return F(e.clawback->at_risk.value) + ", " + DescribeClawbackShort(e.clawback->terms);
  return HasSignOn(e.offer) ? "none stated" : "—";
}

std::string GrantVestsOverCell(const Evaluation& e) {
  if (!e.equity || !e.offer.equity) return "—";
  return internal::Counted(e.offer.equity->schedule.years(), "year");
}

std::string ClawbackAtRiskText(const Evaluation& e) {
  if (!e.clawback) return "";
  return "sign-on repayable: " + e.clawback->text + ": " + F(e.clawback->at_risk.value) +
         " at risk";
}

std::string ClawbackMostAtOnceText(const Evaluation& e) {
  if (!e.clawback || !e.clawback->most_at_once) return "";
  // Months are whole months served: after 0 of them is within the first.
  const int from = e.clawback->most_at_once_months;
  const int until = e.clawback->most_at_once_until;
  const std::string when =
      from == 0 ? (until == 0 ? "in the first month"
                              : "in the first " + internal::Counted(until + 1, "month"))
      : from == until
          ? "after " + internal::Counted(from, "month")
          : "after " + std::to_string(from) + " to " + internal::Counted(until, "month");
  return "sign-on repayable at most " + F(e.clawback->most_at_once->value) + " at once (leaving " +
         when + ")";
}

std::string ClawbackAfterText(const Evaluation& e) {
  if (!e.clawback || !e.clawback->repayable_after) return "";
  return "sign-on repayable after " + internal::Counted(e.clawback->after_months, "month") + ": " +
         F(e.clawback->repayable_after->value);
}

std::string ClawbackAskText(const CounterPlan& p) {
  if (!p.ask_clawback || !p.offer.offer.signing_clawback) return "";
  return DescribeClawback(*p.ask_clawback) + ", not " +
         DescribeClawback(*p.offer.offer.signing_clawback);
}

std::string GuideDataText(const GuideData& d) {
  std::string out;
  auto add = [&](const std::string& part, const char* separator = ", ") {
    out += (out.empty() ? "" : separator) + part;
  };
  if (!d.data_quality.empty()) add("quality " + d.data_quality);
  if (!d.salary_data_quarter.empty()) add("salaries " + d.salary_data_quarter);
  if (d.last_updated) add("last updated " + d.last_updated->ToString());
  const bool dated = d.last_updated || d.next_review_due || !d.salary_data_quarter.empty();
  if (!dated) add("no dates stated");
  if (!d.review) {
    if (dated) add("no review date");
    return out;
  }
  const GuideReview& r = *d.review;
  // Why the review is due then when the guide does not say, and whether it is
  // overdue as of the date judged.
  std::string why;
  const std::string span = std::to_string(kDataReviewMonths) + " months after ";
  if (r.basis == GuideReview::Basis::kLastUpdated) {
    why = "none stated: " + span + "last updated";
  } else if (r.basis == GuideReview::Basis::kEvidence) {
    why = "none stated: " + span + r.from.ToString() + ", the start of the evidence's date " +
          r.evidence_text;
  }
  if (d.as_of && d.overdue_days) {
    why += (why.empty() ? "" : "; ") +
           (*d.overdue_days > 0 ? "overdue by " + internal::Counted(*d.overdue_days, "day")
                                : std::string("not overdue")) +
           " as of " + d.as_of->ToString();
  }
  add("review due " + r.due.ToString() + (why.empty() ? "" : " (" + why + ")"),
      dated ? ", " : "; ");
  return out;
}

std::string EvaluationText(const Evaluation& e, bool explain) {
  std::string where = e.offer.role;
  if (!e.offer.region.empty()) where += (where.empty() ? "" : ", ") + e.offer.region;
  std::string out =
      e.offer.label + (where.empty() ? "" : " — " + where) + " (" + e.offer.currency + ")\n\n";
  YearTable(out, e);
  if (explain) {
    // Every figure of the table with its arithmetic.
    for (const YearFigures& y : e.years) {
      out += "\nyear " + std::to_string(y.year) + ":\n";
      for (const auto& [what, f] : std::initializer_list<std::pair<const char*, const Figure*>>{
               {"base", &y.base},
               {"bonus (target)", &y.bonus},
               {"sign-on", &y.signing},
               {"equity (expected)", &y.equity_expected},
               {"refresh", &y.refresh},
               {"total (expected)", &y.total_expected},
               {"equity (floor)", &y.equity_floor},
               {"equity (upside)", &y.equity_upside},
               {"relocation", &y.relocation}}) {
        Explained(out, what, *f, true);
      }
    }
  }
  out += "\n";
  Explained(out, "first-year total comp", e.first_year_total, explain);
  Explained(out, "four-year average", e.four_year_average, explain);
  if (!e.horizon_note.empty()) out += "      (" + e.horizon_note + ")\n";
  AppendClawback(out, e, explain, "  ");
  if (e.equity) {
    out += "  equity grant: " + e.equity->basis + "\n";
    Explained(out, "    floor", e.equity->floor, explain);
    Explained(out, "    expected", e.equity->expected, explain);
    Explained(out, "    upside", e.equity->upside, explain);
  }
  if (!e.positions.empty()) {
    out += "\nin the " + e.band_region + " band (" + e.guide_path + "):\n";
    AppendBandPositions(out, e, explain, "  ");
    AppendGuideData(out, e, "  ");
  } else if (!e.band_note.empty()) {
    out += "\nno band position: " + e.band_note + "\n";
    AppendGuideData(out, e, "  ");
  }
  for (const std::string& c : e.conversions) out += "  converted: " + c + "\n";
  out += "\nassumptions:\n";
  for (const std::string& a : e.assumptions) out += "  - " + a + "\n";
  return out;
}

std::string EvaluationJson(const Evaluation& e, bool explain, JsonLayout layout) {
  std::string out;
  JsonOut j(out, layout == JsonLayout::kIndented);
  j.BeginObject();
  EvaluationJsonBody(j, e, explain);
  j.EndObject();
  return out + "\n";
}

std::string ComparisonText(const Comparison& c, bool explain) {
  std::string out = "offers in " + c.currency + ", ranked by ";
  out += c.rank_by == RankBy::kFirstYear         ? "first-year total"
         : c.rank_by == RankBy::kFourYearAverage ? "four-year average"
         : c.rank_by == RankBy::kExpectedEquity  ? "expected equity"
                                                 : "floor equity";
  out += "\n\n";
  TextTable t;
  std::vector<std::string> header;
  for (const Evaluation& e : c.offers) header.push_back(e.offer.label);
  t.Add("", std::move(header));
  for (int y = 0; y < 4; ++y) {
    std::vector<std::string> cells;
    for (const Evaluation& e : c.offers)
      cells.push_back(F(e.years[static_cast<size_t>(y)].total_expected.value));
    t.Add("year " + std::to_string(y + 1) + " total", std::move(cells));
  }
  std::vector<std::string> first, avg, eq_exp, eq_floor, eq_years;
  for (const Evaluation& e : c.offers) {
    first.push_back(F(e.first_year_total.value));
    avg.push_back(F(e.four_year_average.value));
    eq_exp.push_back(e.equity ? F(e.equity->expected.value) : "—");
    eq_floor.push_back(e.equity ? F(e.equity->floor.value) : "—");
    eq_years.push_back(GrantVestsOverCell(e));
  }
  t.Add("first year", std::move(first));
  t.Add("four-year average", std::move(avg));
  // The rows above are a year's pay; the grant is shown whole, beside the
  // years it vests over, so that it is never read as a year's.
  t.Add("equity expected (whole grant)", std::move(eq_exp));
  t.Add("equity floor (whole grant)", std::move(eq_floor));
  t.Add("grant vests over", std::move(eq_years));
  // The terms of a sign-on's clawback: a row only when an offer states one.
  if (std::any_of(c.offers.begin(), c.offers.end(),
                  [](const Evaluation& e) { return e.clawback.has_value(); })) {
    std::vector<std::string> clawback;
    for (const Evaluation& e : c.offers) clawback.push_back(SignOnRepayableCell(e));
    t.Add("sign-on repayable", std::move(clawback));
  }
  // Relocation is shown, not counted: a row only when an offer has one.
  if (std::any_of(c.offers.begin(), c.offers.end(),
                  [](const Evaluation& e) { return e.offer.relocation.minor != 0; })) {
    std::vector<std::string> relocation;
    for (const Evaluation& e : c.offers)
      relocation.push_back(F(Money{e.offer.relocation.minor, c.currency}));
    t.Add("relocation (not in totals)", std::move(relocation));
  }
  // Placed in bands (Compare with guides): each offer's base in its own
  // guide's band, then every position in full below.
  const bool placed = std::any_of(c.offers.begin(), c.offers.end(), [](const Evaluation& e) {
    return !e.positions.empty() || !e.band_note.empty();
  });
  if (placed) {
    std::vector<std::string> band;
    for (const Evaluation& e : c.offers) {
      auto base = std::find_if(e.positions.begin(), e.positions.end(),
                               [](const BandPosition& p) { return p.what == "base"; });
      band.push_back(base == e.positions.end() ? "—" : "p" + std::to_string(base->percentile));
    }
    t.Add("base in its band", std::move(band));
  }
  t.AppendTo(out);
  // A year total a minor unit off its neighbour is an even grant's remainder,
  // not a difference in pay: said under the table, with the exact whole.
  for (const Evaluation& e : c.offers) {
    const std::string note = EvenGrantRemainderNote(e);
    if (!note.empty()) out += "\n" + e.offer.label + ": " + note + "\n";
  }
  out += "\nranking:\n";
  for (size_t i = 0; i < c.ranking.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + c.offers[c.ranking[i]].offer.label + "\n";
  }
  if (explain) {
    // Every figure of the table, offer by offer, with its arithmetic.
    for (const Evaluation& e : c.offers) {
      out += "\n" + e.offer.label + ":\n";
      for (const YearFigures& y : e.years)
        Explained(out, "year " + std::to_string(y.year) + " total", y.total_expected, true);
      Explained(out, "first year", e.first_year_total, true);
      Explained(out, "four-year average", e.four_year_average, true);
      if (e.equity) {
        Explained(out, "equity expected (whole grant)", e.equity->expected, true);
        out += "      " + VestsInYears(e) + "\n";
        Explained(out, "equity floor (whole grant)", e.equity->floor, true);
      } else {
        out += "  equity: none (no grant in the offer)\n";
      }
      AppendClawback(out, e, true, "  ");
    }
  }
  for (const std::string& s : c.conversions) out += "  converted: " + s + "\n";
  if (placed) {
    out += "\nbands (each offer in its own guide's band, in the band's currency):\n";
    for (const Evaluation& e : c.offers) {
      if (e.positions.empty()) {
        out += "  " + e.offer.label + ": no band position: " + e.band_note + "\n";
        AppendGuideData(out, e, "    ");
        continue;
      }
      out += "  " + e.offer.label + ": the " + e.band_region + " band (" + e.guide_path + ")\n";
      AppendBandPositions(out, e, explain, "    ");
      AppendGuideData(out, e, "    ");
      for (const std::string& s : e.conversions) out += "    converted: " + s + "\n";
    }
  }
  return out;
}

std::string ComparisonJson(const Comparison& c, bool explain, JsonLayout layout) {
  std::string out;
  JsonOut j(out, layout == JsonLayout::kIndented);
  j.BeginObject();
  j.Key("currency").String(c.currency);
  j.Key("offers").BeginArray();
  for (const Evaluation& e : c.offers) {
    j.BeginObject();
    EvaluationJsonBody(j, e, explain);
    j.EndObject();
  }
  j.EndArray();
  j.Key("ranking").BeginArray();
  for (size_t i : c.ranking) j.String(c.offers[i].offer.label);
  j.EndArray();
  j.Key("conversions").BeginArray();
  for (const std::string& s : c.conversions) j.String(s);
  j.EndArray();
  j.EndObject();
  return out + "\n";
}

std::string GuideLeverCited(const CounterLever& l) {
  if (l.guide_lever.empty()) return "";
  return l.guide_lever + (l.guide_lever_asks.empty() ? "" : ", which asks " + l.guide_lever_asks);
}

std::string OptionsAskText(const CounterPlan& p) {
  if (!p.ask_options) return "";
  return FormatCount(*p.ask_options) + " options" +
         (p.offer.offer.equity
              ? " over " + std::to_string(p.offer.offer.equity->schedule.years()) + " years"
              : std::string());
}

std::string CounterPlanText(const CounterPlan& p, bool explain) {
  std::string out = "counter plan for " + p.offer.offer.label + " (" + p.band_region + " band)\n";
  AppendGuideData(out, p.offer, "");
  out += "\n";
  // A base or grant the offer already meets is no ask: the offer's stands.
  auto asked = [&](const std::string& what, const Figure& f, bool asks) {
    if (asks) return Explained(out, "ask: " + what, f, explain);
    out += "  " + what + ": " + F(f.value) + ", as offered (no more asked)\n";
    if (explain) out += "      = " + f.formula + "\n";
  };
  asked("base", p.ask_base, p.asks_base);
  asked("equity grant", p.ask_equity, p.asks_equity);
  if (p.ask_options) {
    out += "  ask: equity grant as options: " + OptionsAskText(p) + "\n";
    if (explain) out += "      = " + p.ask_options_formula + "\n";
  }
  if (p.ask_signing) {
    Explained(out,
              p.offer.offer.signing_year2.minor > 0 ? "ask: signing bonus in year one"
                                                    : "ask: signing bonus",
              *p.ask_signing, explain);
    if (p.signing_year2_left)
      out += "  the offer's sign-on left in year two: " + F(*p.signing_year2_left) + "\n";
  }
  if (p.ask_clawback && p.offer.offer.signing_clawback) {
    out += "  ask: sign-on clawback " + ClawbackAskText(p) + "\n";
    if (explain) out += "      = " + p.ask_clawback_formula + "\n";
    out += "      say: \"" + p.ask_clawback_script + "\"\n";
  }
  if (p.year_one_top_up)
    Explained(out,
              "ask: year-one vesting " +
                  PercentString(p.ask_year_one_vesting_pct.value_or(Percent{2500})) + "%, or cash",
              *p.year_one_top_up, explain);
  if (p.ask_refresh) Explained(out, "ask: refresh per year", *p.ask_refresh, explain);
  Explained(out, "floor: base (the guides' calibrated rule)", p.floor_base, explain);
  if (p.best_alternative)
    Explained(out, "best alternative", *p.best_alternative, explain);
  else
    out += "  best alternative: none (no competing offer given)\n";
  if (p.walk_away) {
    out += "  walk away below the total of the best alternative, " + p.walk_away->offer +
           " (expected equity):\n";
    Explained(out, "  first year", p.walk_away->first_year, explain);
    Explained(out, "  four-year average", p.walk_away->four_year_average, explain);
    for (const std::string& c : p.walk_away->conversions) out += "    converted: " + c + "\n";
  } else {
    out += "  walk away: no competing offer given, so no total to hold to\n";
  }
  out += "\nlevers, easiest for the company to grant first:\n";
  if (p.levers.empty())
    out += p.ask_clawback ? "  none in pay: the offer already meets every pay ask the rules make "
                            "(the clawback's terms are asked above)\n"
                          : "  none: the offer already meets every ask the rules make\n";
  for (size_t i = 0; i < p.levers.size(); ++i) {
    const CounterLever& l = p.levers[i];
    out += "  " + std::to_string(i + 1) + ". " + l.what + ": " + F(l.ask.value) + " — " + l.reason +
           (l.guide_lever.empty() ? "" : " [guide lever: " + GuideLeverCited(l) + "]") + "\n";
  }
  if (!p.guide_strategy_asks.empty() || !p.guide_strategy_floor.empty()) {
    out += "\nthe guide's own strategy:" +
           (p.guide_strategy_asks.empty() ? "" : " asks " + p.guide_strategy_asks) +
           (p.guide_strategy_asks.empty() || p.guide_strategy_floor.empty() ? "" : ";") +
           (p.guide_strategy_floor.empty() ? "" : " floor " + p.guide_strategy_floor) + "\n";
  }
  if (!p.other_guide_levers.empty()) {
    out += "\nthe guide's other levers (each with a script in the guide):\n";
    for (const GuideLeverNote& n : p.other_guide_levers)
      out += "  - " + n.title + (n.asks.empty() ? "" : ": asks " + n.asks) + "\n";
  }
  out += "\nrules:\n";
  for (const std::string& r : p.rules) out += "  - " + r + "\n";
  if (!p.offer.conversions.empty()) {
    out += "\ncurrency conversions (ECB euro reference rates):\n";
    for (const std::string& c : p.offer.conversions) out += "  - " + c + "\n";
  }
  out += "\nmessage:\n\n" + p.message_text;
  return out;
}

std::string CounterPlanJson(const CounterPlan& p, bool explain, JsonLayout layout) {
  std::string out;
  JsonOut j(out, layout == JsonLayout::kIndented);
  j.BeginObject();
  // Every amount of the plan (ask, floor, best_alternative, walk_away) is in it.
  j.Key("currency").String(p.offer.offer.currency);
  j.Key("band_region").String(p.band_region);
  j.Key("ask").BeginObject();
  // Which of the keys below ask for a change; base and equity are always
  // present, the offer's own when they are not asked.
  j.Key("asked").BeginArray();
  if (p.asks_base) j.String("base");
  if (p.asks_equity) j.String("equity");
  if (p.ask_options) j.String("options");
  if (p.ask_signing) j.String("signing_bonus");
  if (p.ask_year_one_vesting_pct) j.String("year_one_vesting_pct");
  if (p.ask_refresh) j.String("refresh_per_year");
  if (p.ask_clawback) j.String("signing_clawback");
  j.EndArray();
  JsonFigure(j, "base", p.ask_base, explain);
  JsonFigure(j, "equity", p.ask_equity, explain);
  ExplainedNumber(j, "options",
                  p.ask_options ? std::optional(std::to_string(*p.ask_options)) : std::nullopt,
                  p.ask_options_formula, explain);
  j.Key("signing_bonus");
  if (p.ask_signing)
    FigureValue(j, *p.ask_signing, explain);
  else
    j.Null();
  j.Key("signing_bonus_year2_left");
  if (p.signing_year2_left)
    j.Number(MajorUnitsString(*p.signing_year2_left));
  else
    j.Null();
  ExplainedNumber(j, "year_one_vesting_pct",
                  p.ask_year_one_vesting_pct
                      ? std::optional(PercentString(*p.ask_year_one_vesting_pct))
                      : std::nullopt,
                  p.ask_year_one_vesting_formula, explain);
  j.Key("refresh_per_year");
  if (p.ask_refresh)
    FigureValue(j, *p.ask_refresh, explain);
  else
    j.Null();
  j.Key("signing_clawback");
  if (p.ask_clawback) {
    j.BeginObject();
    j.Key("months").Int(p.ask_clawback->months);
    j.Key("basis").String(ClawbackBasisKey(p.ask_clawback->basis));
    j.Key("script").String(p.ask_clawback_script);
    if (explain) j.Key("formula").String(p.ask_clawback_formula);
    j.EndObject();
  } else {
    j.Null();
  }
  j.EndObject();
  JsonFigure(j, "floor", p.floor_base, explain);
  j.Key("best_alternative");
  if (p.best_alternative)
    FigureValue(j, *p.best_alternative, explain);
  else
    j.Null();
  j.Key("walk_away");
  if (p.walk_away) {
    j.BeginObject();
    j.Key("offer").String(p.walk_away->offer);
    JsonFigure(j, "first_year", p.walk_away->first_year, explain);
    JsonFigure(j, "four_year_average", p.walk_away->four_year_average, explain);
    j.Key("conversions").BeginArray();
    for (const std::string& c : p.walk_away->conversions) j.String(c);
    j.EndArray();
    j.EndObject();
  } else {
    j.Null();
  }
  j.Key("levers").BeginArray();
  for (const CounterLever& l : p.levers) {
    j.BeginObject();
    j.Key("what").String(l.what);
    JsonFigure(j, "ask", l.ask, explain);
    j.Key("reason").String(l.reason);
    j.Key("guide_lever").String(l.guide_lever);
    j.Key("guide_lever_asks").String(l.guide_lever_asks);
    j.EndObject();
  }
  j.EndArray();
  j.Key("guide_strategy").BeginObject();
  j.Key("asks").String(p.guide_strategy_asks);
  j.Key("floor").String(p.guide_strategy_floor);
  j.EndObject();
  j.Key("other_guide_levers").BeginArray();
  for (const GuideLeverNote& n : p.other_guide_levers) {
    j.BeginObject();
    j.Key("title").String(n.title);
    j.Key("asks").String(n.asks);
    j.EndObject();
  }
  j.EndArray();
  j.Key("rules").BeginArray();
  for (const std::string& r : p.rules) j.String(r);
  j.EndArray();
  j.Key("warnings").BeginArray();
  for (const auto& [offer, w] : p.warnings) WarningJson(j, w, &offer);
  j.EndArray();
  j.Key("message_text").String(p.message_text);
  j.Key("message_markdown").String(p.message_markdown);
  j.Key("offer").BeginObject();
  EvaluationJsonBody(j, p.offer, explain);
  j.EndObject();
  j.EndObject();
  return out + "\n";
}

}  // namespace levers
