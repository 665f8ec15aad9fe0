#include "levers/render.h"
#include "render/json_out.h"

namespace levers {
namespace {

using internal::JsonBuilder;

// Keys are string literals (JsonBuilder::Key), hence the templates.

// Exact amounts in major units: "220000", or "1234.5" when not whole.
template <size_t N>
void Amount(JsonBuilder& j, const char (&key)[N], const Field<Money>& m) {
  j.Key(key);
  if (m.has())
    j.MajorUnits(*m);
  else
    j.Null();
}

template <size_t N>
void Pct(JsonBuilder& j, const char (&key)[N], const Field<Percent>& p) {
  j.Key(key);
  if (p.has())
    j.PercentValue(*p);
  else
    j.Null();
}

template <size_t N>
void Str(JsonBuilder& j, const char (&key)[N], const Field<std::string>& f) {
  j.Key(key);
  if (f.has())
    j.String(*f);
  else
    j.Null();
}

template <size_t N>
void DateKey(JsonBuilder& j, const char (&key)[N], const Field<Date>& f) {
  j.Key(key);
  if (f.has())
    j.String(f->ToString());
  else
    j.Null();
}

template <size_t N>
void Strings(JsonBuilder& j, const char (&key)[N], const std::vector<std::string>& v) {
  j.Key(key).BeginArray();
  for (const std::string& s : v) j.String(s);
  j.EndArray();
}

void Asks(JsonBuilder& j, const AskAmounts& a, bool strategy) {
  j.BeginObject();
  Amount(j, "base", a.base);
  Amount(j, "equity", a.equity);
  j.Key("equity_years");
  if (a.equity_years.has())
    j.Int(*a.equity_years);
  else
    j.Null();
  Amount(j, "signing_bonus", a.signing_bonus);
  if (strategy) Pct(j, "year_one_vesting_pct", a.year_one_vesting_pct);
  Amount(j, "refresh_per_year", a.refresh_per_year);
  if (!strategy) Amount(j, "guaranteed_bonus", a.guaranteed_bonus);
  // The currency of the first amount asked for (a script names one currency in
  // every guide levers has seen; each amount keeps its own in the model).
  std::string_view cur;
  for (const Field<Money>* m :
       {&a.base, &a.equity, &a.signing_bonus, &a.refresh_per_year, &a.guaranteed_bonus}) {
    if (m->has() && cur.empty()) cur = (*m)->currency;
  }
  j.Key("currency");
  if (cur.empty())
    j.Null();
  else
    j.String(cur);
  j.EndObject();
}

void Offers(JsonBuilder& j, const std::vector<CompetingOffer>& offers) {
  j.BeginArray();
  for (const CompetingOffer& o : offers) {
    j.BeginObject();
    j.Key("company").String(o.company);
    j.Key("level").String(o.level);
    Amount(j, "base", o.base);
    Amount(j, "equity", o.equity);
    j.Key("currency");
    if (o.base.has())
      j.String(o.base->currency);
    else
      j.Null();
    j.EndObject();
  }
  j.EndArray();
}

}  // namespace

std::string RenderGuideJson(const Guide& g, const JsonOptions& options) {
  return RenderGuideJson(g, ResolveCompensation(g), options);
}

std::string RenderGuideJson(const Guide& g, const std::vector<ResolvedBand>& bands,
                            const JsonOptions& options) {
  JsonBuilder j(options.pretty);
  j.BeginObject();
  if (options.include_path) j.Key("path").String(options.path.empty() ? g.path : options.path);
  if (!options.page.empty()) j.Key("page").String(options.page);
  Str(j, "company", g.company);
  Str(j, "company_display", g.company_display);
  Str(j, "role", g.role);
  Str(j, "role_display", g.role_display);
  Str(j, "role_type", g.role_type);
  DateKey(j, "last_updated", g.last_updated);
  Str(j, "data_quality", g.data_quality);
  Str(j, "salary_data_quarter", g.salary_data_quarter);
  DateKey(j, "next_review_due", g.next_review_due);
  j.Key("compensation").BeginArray();
  for (const ResolvedBand& r : bands) {
    const CompBand& b = r.band;
    j.BeginObject();
    Str(j, "region", b.region);
    Str(j, "currency", b.currency);
    Amount(j, "base_low", b.base_low);
    Amount(j, "base_high", b.base_high);
    Amount(j, "stock_low", b.stock_low);
    Amount(j, "stock_high", b.stock_high);
    j.Key("stock_vesting_years").Int(b.stock_vesting_years);
    Pct(j, "bonus_pct", b.bonus_pct);
    Pct(j, "bonus_pct_low", b.bonus_pct_low);
    Pct(j, "bonus_pct_high", b.bonus_pct_high);
    Amount(j, "total_comp_low", b.total_comp_low);
    Amount(j, "total_comp_high", b.total_comp_high);
    if (options.include_provenance) {
      j.Key("stated_in").BeginArray();
      if (r.from_front_matter) j.String("front_matter");
      if (r.from_table) j.String("table");
      j.EndArray();
    }
    j.EndObject();
  }
  j.EndArray();

  const LevelMapping& lm = ResolveLevelMapping(g);
  j.Key("level_mapping").BeginObject();
  Str(j, "internal", lm.internal);
  Str(j, "raw", lm.raw);
  j.Key("equivalents").BeginArray();
  for (const LevelEquivalent& e : lm.equivalents) {
    j.BeginObject();
    j.Key("text").String(e.text);
    j.Key("company").String(e.company);
    j.Key("title").String(e.title);
    j.Key("level_low");
    if (e.level_low.empty())
      j.Null();
    else
      j.String(e.level_low);
    j.Key("level_high");
    if (e.level_high.empty())
      j.Null();
    else
      j.String(e.level_high);
    j.Key("problem");
    if (e.problem.empty())
      j.Null();
    else
      j.String(e.problem);
    j.EndObject();
  }
  j.EndArray().EndObject();

  j.Key("data_sources").BeginArray();
  for (const auto& s : g.data_sources) j.String(*s);
  j.EndArray();
  const DnaSummary& dna = ResolveDna(g);
  Str(j, "negotiation_dna_summary", dna.text);
  j.Key("negotiation_dna").BeginObject();
  j.Key("pay_mix").String(dna.pay_mix);
  j.Key("market_position").String(dna.market_position);
  j.Key("focus_year");
  if (dna.focus_year)
    j.Int(*dna.focus_year);
  else
    j.Null();
  j.Key("focus").String(dna.focus);
  Strings(j, "parts", dna.parts);
  j.EndObject();
  Strings(j, "dna_paragraphs", g.dna_paragraphs);
  j.Key("focus_lever").BeginObject();
  Str(j, "title", g.focus.title);
  Strings(j, "paragraphs", g.focus.paragraphs);
  j.EndObject();

  j.Key("levers").BeginArray();
  for (const Lever& l : g.levers) {
    j.BeginObject();
    Str(j, "title", l.title);
    Str(j, "script", l.script);
    j.Key("asks");
    Asks(j, l.asks, false);
    j.Key("competing_offers");
    Offers(j, l.competing_offers);
    j.EndObject();
  }
  j.EndArray();

  j.Key("strategy").BeginObject();
  Str(j, "text", g.strategy.text);
  j.Key("competing_offers");
  Offers(j, g.strategy.competing_offers);
  j.Key("ask");
  Asks(j, g.strategy.ask, true);
  Amount(j, "floor", g.strategy.floor);
  j.Key("floor_currency");
  if (g.strategy.floor.has())
    j.String(g.strategy.floor->currency);
  else
    j.Null();
  j.EndObject();

  j.Key("evidence").BeginArray();
  for (const auto& e : g.evidence) j.String(*e);
  j.EndArray();
  j.EndObject();
  return j.Take();
}

}  // namespace levers
