#include <nlohmann/json.hpp>

#include "levers/render.h"

namespace levers {
namespace {

using Json = nlohmann::ordered_json;

// Exact amounts in major units: an integer when whole (always, for guide
// figures), else the decimal value.
Json Amount(const Field<Money>& m) {
  if (!m.has()) return nullptr;
  const std::string s = MajorUnitsString(*m);
  if (s.find('.') == std::string::npos) return Json(std::stoll(s));
  return Json::parse(s);
}

Json Pct(const Field<Percent>& p) {
  if (!p.has()) return nullptr;
  if (p->basis_points % 100 == 0) return Json(p->basis_points / 100);
  return Json::parse(PercentString(*p));
}

Json Str(const Field<std::string>& f) { return f.has() ? Json(*f) : Json(nullptr); }
Json DateJson(const Field<Date>& f) { return f.has() ? Json(f->ToString()) : Json(nullptr); }

Json Asks(const AskAmounts& a, bool strategy) {
  Json j = Json::object();
  j["base"] = Amount(a.base);
  j["equity"] = Amount(a.equity);
  j["equity_years"] = a.equity_years.has() ? Json(*a.equity_years) : Json(nullptr);
  j["signing_bonus"] = Amount(a.signing_bonus);
  if (strategy) j["year_one_vesting_pct"] = Pct(a.year_one_vesting_pct);
  j["refresh_per_year"] = Amount(a.refresh_per_year);
  if (!strategy) j["guaranteed_bonus"] = Amount(a.guaranteed_bonus);
  // The currency the amounts are in (they share one in every guide levers reads).
  std::string cur;
  for (const Field<Money>* m : {&a.base, &a.equity, &a.signing_bonus, &a.refresh_per_year, &a.guaranteed_bonus}) {
    if (m->has() && cur.empty()) cur = (*m)->currency;
  }
  j["currency"] = cur.empty() ? Json(nullptr) : Json(cur);
  return j;
}

Json Offers(const std::vector<CompetingOffer>& offers) {
  Json arr = Json::array();
  for (const CompetingOffer& o : offers) {
    Json j;
    j["company"] = o.company;
    j["level"] = o.level;
    j["base"] = Amount(o.base);
    j["equity"] = Amount(o.equity);
    j["currency"] = o.base.has() ? Json(o.base->currency) : Json(nullptr);
    arr.push_back(std::move(j));
  }
  return arr;
}

}  // namespace

std::string RenderGuideJson(const Guide& g, const JsonOptions& options) {
  Json j;
  if (options.include_path) j["path"] = g.path;
  if (!options.page.empty()) j["page"] = options.page;
  j["company"] = Str(g.company);
  j["company_display"] = Str(g.company_display);
  j["role"] = Str(g.role);
  j["role_display"] = Str(g.role_display);
  j["role_type"] = Str(g.role_type);
  j["last_updated"] = DateJson(g.last_updated);
  j["data_quality"] = Str(g.data_quality);
  j["salary_data_quarter"] = Str(g.salary_data_quarter);
  j["next_review_due"] = DateJson(g.next_review_due);
  Json comp = Json::array();
  for (const ResolvedBand& r : ResolveCompensation(g)) {
    const CompBand& b = r.band;
    Json c;
    c["region"] = Str(b.region);
    c["currency"] = Str(b.currency);
    c["base_low"] = Amount(b.base_low);
    c["base_high"] = Amount(b.base_high);
    c["stock_low"] = Amount(b.stock_low);
    c["stock_high"] = Amount(b.stock_high);
    c["stock_vesting_years"] = b.stock_vesting_years;
    c["bonus_pct"] = Pct(b.bonus_pct);
    c["bonus_pct_low"] = Pct(b.bonus_pct_low);
    c["bonus_pct_high"] = Pct(b.bonus_pct_high);
    c["total_comp_low"] = Amount(b.total_comp_low);
    c["total_comp_high"] = Amount(b.total_comp_high);
    if (options.include_provenance) {
      c["stated_in"] = Json::array();
      if (r.from_front_matter) c["stated_in"].push_back("front_matter");
      if (r.from_table) c["stated_in"].push_back("table");
    }
    comp.push_back(std::move(c));
  }
  j["compensation"] = std::move(comp);
  const LevelMapping& lm = ResolveLevelMapping(g);
  Json map;
  map["internal"] = Str(lm.internal);
  map["raw"] = Str(lm.raw);
  Json eqs = Json::array();
  for (const LevelEquivalent& e : lm.equivalents) {
    Json q;
    q["text"] = e.text;
    q["company"] = e.company;
    q["title"] = e.title;
    q["level_low"] = e.level_low.empty() ? Json(nullptr) : Json(e.level_low);
    q["level_high"] = e.level_high.empty() ? Json(nullptr) : Json(e.level_high);
    eqs.push_back(std::move(q));
  }
  map["equivalents"] = std::move(eqs);
  j["level_mapping"] = std::move(map);
  Json sources = Json::array();
  for (const auto& s : g.data_sources) sources.push_back(*s);
  j["data_sources"] = std::move(sources);
  const DnaSummary& dna = ResolveDna(g);
  j["negotiation_dna_summary"] = Str(dna.text);
  Json d;
  d["pay_mix"] = dna.pay_mix;
  d["market_position"] = dna.market_position;
  d["focus_year"] = dna.focus_year ? Json(*dna.focus_year) : Json(nullptr);
  d["focus"] = dna.focus;
  d["parts"] = dna.parts;
  j["negotiation_dna"] = std::move(d);
  j["dna_paragraphs"] = g.dna_paragraphs;
  Json focus;
  focus["title"] = Str(g.focus.title);
  focus["paragraphs"] = g.focus.paragraphs;
  j["focus_lever"] = std::move(focus);
  Json levers = Json::array();
  for (const Lever& l : g.levers) {
    Json lj;
    lj["title"] = Str(l.title);
    lj["script"] = Str(l.script);
    lj["asks"] = Asks(l.asks, false);
    lj["competing_offers"] = Offers(l.competing_offers);
    levers.push_back(std::move(lj));
  }
  j["levers"] = std::move(levers);
  Json st;
  st["text"] = Str(g.strategy.text);
  st["competing_offers"] = Offers(g.strategy.competing_offers);
  st["ask"] = Asks(g.strategy.ask, true);
  st["floor"] = Amount(g.strategy.floor);
  j["strategy"] = std::move(st);
  Json ev = Json::array();
  for (const auto& e : g.evidence) ev.push_back(*e);
  j["evidence"] = std::move(ev);
  return j.dump(options.pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace levers
