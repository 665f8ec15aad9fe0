// The counter plan. Every constant below is calibrated against the five
// reference guides (docs/counter-plan.md has the table): a plan built from a
// guide's first region and its competing offers lands within 5% of the ask and
// floor the guide states.
#include <algorithm>
#include <set>
#include <string_view>

#include "core/counted.h"
#include "levers/fx.h"
#include "levers/offer.h"
#include "offer/conversion.h"

namespace levers {
namespace {

__extension__ typedef __int128 Wide;

// Where in the band the asks sit: 90% of the way from low to high. The guides'
// own asks sit at 88-92% of their bands (base and equity alike).
constexpr int64_t kAskBandPositionBp = 9000;
// The floor: the band's midpoint, raised to 95% of the weakest competing base
// (a company that comes within 5% of a rival's base is still in the race).
constexpr int64_t kFloorBandPositionBp = 5000;
constexpr int64_t kFloorCompetingShareBp = 9500;
// A sign-on covers the year-one gap to the best alternative, and is at least 10% of the asked base.
constexpr int64_t kMinSigningBp = 1000;
// ... and at most half of it: a sign-on is one-off cash a company sets against
// what the candidate leaves behind (unvested equity, a bonus), and half a
// year's base is about the most one pays even to buy that out (the reference
// guides ask 10–15%). A larger gap is left for the plan to name as a
// shortfall, never asked as an implausible sum. The offer's own sign-on is
// never asked down.
constexpr int64_t kMaxSigningBp = 5000;
// A sign-on is asked in round hundreds below 10,000, round thousands below
// 50,000 and round five thousands from there: for any sign-on of 1,000 or more
// rounding adds less than a tenth (EUR 10,800 is asked as 11,000, not 15,000;
// KWD 9,001.001 as 9,100; USD 59,850 as 60,000).
constexpr int64_t kSigningThousandsFromMajor = 10'000;
constexpr int64_t kSigningFiveThousandsFromMajor = 50'000;
// A schedule is back-loaded when what vests in its year one (nothing when the
// cliff is past month 12) is below an even split over its own years (25% of a
// 4-year grant, 20% of a 5-year one), and tapers when what vests in its last
// year is below it (a cliff that falls in the last year releases the earlier
// years' shares with it, so such a grant does not taper); a back-loaded one is
// asked up to the even split in year one.
int32_t EvenShareBp(const VestingSchedule& s) { return s.years() > 0 ? 10000 / s.years() : 10000; }
bool BackLoaded(const VestingSchedule& s) {
  return !s.yearly_bp.empty() && s.ReleasedBp(0) < EvenShareBp(s);
}
bool Tapers(const VestingSchedule& s) {
  return !s.yearly_bp.empty() && s.ReleasedBp(s.years() - 1) < EvenShareBp(s);
}
// A sign-on's clawback is asked pro rata, over at most a year: a year-one sum
// repaid in proportion to the months left of its first year, the term a
// candidate can most often get. A full clawback is asked pro rata over its
// own months (or 12 when longer); a pro-rata one over more than 12 months is
// asked down to 12. A full clawback of 6 months or less is left as offered:
// the risk ends within half a year, too little to spend goodwill on.
constexpr int kClawbackAskMonths = 12;
constexpr int kClawbackFullLeftMonths = 6;
// With base at the band's top, a yearly refresher of a quarter of the asked grant
// keeps equity level after the first grant.
constexpr int64_t kRefreshShareBp = 2500;

Money M(int64_t minor, const std::string& c) { return Money{minor, c}; }
std::string F(const Money& m) { return FormatMoney(m); }
// A rounding step or threshold, whole major units of `cur`, as formulas say
// it: "EUR 1,000", "JPY 1,000", "KWD 1,000".
std::string Whole(int64_t major, const std::string& cur) {
  return F(M(major * MinorPerMajor(cur), cur));
}

// How an alternative's computed terms follow from its own amounts, for the
// walk-away's formulas: its bonus, each year's vest of its first `years` and
// refresher, and the grant's expected value, each with the evaluation's
// formula ("; where bonus EUR 21,329.54 = EUR 213,295.41 × 10% target, ..."). Base
// and sign-on are the offer's amounts (or listed conversions of them).
std::string TermSteps(const Evaluation& e, int years) {
  std::vector<std::string> steps;
  auto step = [&steps](const std::string& name, const Figure& f) {
    if (f.value.minor != 0) steps.push_back(name + " " + F(f.value) + " = " + f.formula);
  };
  if (e.offer.bonus_pct && !e.years.empty()) step("bonus", e.years[0].bonus);
  for (int y = 0; y < years && y < static_cast<int>(e.years.size()); ++y) {
    const std::string year = years > 1 ? " year " + std::to_string(y + 1) : std::string();
    step("equity" + year, e.years[y].equity_expected);
    // A private company's refresher is discounted, so computed; else as stated.
    if (e.offer.refresh_per_year &&
        e.years[y].refresh.value.minor != e.offer.refresh_per_year->minor)
      step("refresher" + year, e.years[y].refresh);
  }
  if (e.equity && e.equity->expected.value.minor != e.equity->face.minor)
    step("the grant's expected value", e.equity->expected);
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) out += (i == 0 ? "; where " : "; ") + steps[i];
  return out;
}

int64_t Along(int64_t low, int64_t high, int64_t bp) {
  return low + static_cast<int64_t>(static_cast<Wide>(high - low) * bp / 10000);
}

// Rounds to the nearest `step` major units, a half up (the floor is said in
// round figures).
int64_t RoundTo(int64_t minor, const std::string& cur, int64_t step_major) {
  const int64_t step = step_major * MinorPerMajor(cur);
  return (minor + step / 2) / step * step;
}

// Rounds an ask up to `step` major units, so it is never below the figure it
// cites; an ask within the band's `top` stays within it (the top itself when
// rounding up would pass it).
int64_t RoundAskUp(int64_t minor, const std::string& cur, int64_t step_major,
                   std::optional<int64_t> top = std::nullopt) {
  const int64_t step = step_major * MinorPerMajor(cur);
  const int64_t up = (minor + step - 1) / step * step;
  return top && minor <= *top ? std::min(up, *top) : up;
}

// The guide's lever whose script asks for the same thing, preferring one that
// does not cite competing offers (the candidate's own offers are cited instead);
// one that does is never cited to a candidate who holds none (`has_others`).
// "The same thing" is what the guide reader found the script asking for: a
// lever asks for year-one vesting only when it states a year-one share, so a
// script the reader finds no such share in is cited for nothing rather than for
// an ask it does not make (a base or equity amount).
const Lever* GuideLever(const Guide& g, const std::string& what, bool has_others) {
  const Lever* best = nullptr;
  for (const Lever& l : g.levers) {
    const AskAmounts& a = l.asks;
    const bool fits = (what == "base" && a.base.has()) || (what == "equity" && a.equity.has()) ||
                      (what == "signing bonus" && a.signing_bonus.has()) ||
                      (what == "refresh" && a.refresh_per_year.has()) ||
                      (what == "year-one vesting" && a.year_one_vesting_pct.has());
    if (!fits || !l.title.has() || (!has_others && !l.competing_offers.empty())) continue;
    if (!best || (!best->competing_offers.empty() && l.competing_offers.empty())) best = &l;
  }
  return best;
}

// What a guide lever's script asks for, in the guide's own amounts, of the
// asks `want` takes by name ("base", "equity", "signing bonus", "year-one
// vesting", "refresh", "guaranteed bonus"): "USD 300,000 base, a sign-on of
// USD 60,000" (the article never stands before a currency code: "a INR ..."
// reads wrong). Each amount's currency is added to `currencies`.
template <typename Want>
std::string LeverAsks(const AskAmounts& a, Want want, std::set<std::string>& currencies) {
  std::vector<std::string> parts;
  auto add = [&](const Money& m, std::string text) {
    currencies.insert(m.currency);
    parts.push_back(std::move(text));
  };
  if (want("base") && a.base.has()) add(*a.base, F(*a.base) + " base");
  if (want("equity") && a.equity.has()) {
    add(*a.equity, F(*a.equity) + " in equity" +
                       (a.equity_years.has() ? " over " + std::to_string(*a.equity_years) + " years"
                                             : std::string()));
  }
  if (want("signing bonus") && a.signing_bonus.has())
    add(*a.signing_bonus, "a sign-on of " + F(*a.signing_bonus));
  if (want("year-one vesting") && a.year_one_vesting_pct.has())
    parts.push_back(PercentString(*a.year_one_vesting_pct) + "% vesting in year one");
  if (want("refresh") && a.refresh_per_year.has())
    add(*a.refresh_per_year, F(*a.refresh_per_year) + " a year in refreshers");
  if (want("guaranteed bonus") && a.guaranteed_bonus.has())
    add(*a.guaranteed_bonus, "a guaranteed bonus of " + F(*a.guaranteed_bonus));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

// Items as a sentence lists them: "a", "a and b", "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// A guide writes its scripts and strategy for one market; figures in another
// currency than the band's are for another region, and say which: " (the
// guide's figures for Singapore, in SGD, not for London)". `bands` are the
// guide's (ResolveCompensation).
std::string OtherMarketNote(const std::vector<ResolvedBand>& bands,
                            const std::set<std::string>& currencies,
                            const std::string& band_currency, const std::string& band_region) {
  std::vector<std::string> foreign, regions;
  for (const std::string& c : currencies)
    if (c != band_currency) foreign.push_back(c);
  if (foreign.empty() || band_currency.empty()) return "";
  for (const ResolvedBand& b : bands) {
    if (b.band.region.has() && b.band.currency.has() &&
        std::find(foreign.begin(), foreign.end(), *b.band.currency) != foreign.end())
      regions.push_back(*b.band.region);
  }
  return " (the guide's figures" + (regions.empty() ? std::string() : " for " + JoinAnd(regions)) +
         ", in " + JoinAnd(foreign) + ", not for " + band_region + ")";
}

// How far apart two of a guide's bands' base midpoints may be, in basis points
// of the band's own midpoint, for an offer in one to count in the other's
// market: 5%, the calibration's tolerance (every reference guide bands New
// York 1.8-2.6% below San Francisco; the bundled guides band Berlin 7.1%
// from Paris and Austin 10.7% from Seattle, and those stay apart).
constexpr int64_t kSameScaleBp = 500;

// When `theirs` pays on the same scale as `band` (same currency, base
// midpoints within kSameScaleBp of `band`'s), the reason, with its figures:
// "whose base band's midpoint, USD 242,500, is within 5% of the San
// Francisco band's, USD 247,500"; else nullopt.
std::optional<std::string> SameScale(const CompBand& theirs, const CompBand& band) {
  if (!theirs.base_low.has() || !theirs.base_high.has() || !band.base_low.has() ||
      !band.base_high.has() || !theirs.currency.has() || !band.currency.has() ||
      *theirs.currency != *band.currency || theirs.base_low->currency != *band.currency ||
      theirs.base_high->currency != *band.currency || band.base_low->currency != *band.currency ||
      band.base_high->currency != *band.currency)
    return std::nullopt;
  // Midpoints doubled, so that both stay exact.
  const Wide mine2 = static_cast<Wide>(band.base_low->minor) + band.base_high->minor;
  const Wide their2 = static_cast<Wide>(theirs.base_low->minor) + theirs.base_high->minor;
  if (mine2 <= 0) return std::nullopt;
  const Wide gap2 = their2 > mine2 ? their2 - mine2 : mine2 - their2;
  if (gap2 * 10'000 > mine2 * kSameScaleBp) return std::nullopt;
  // An odd sum is said to the minor unit below.
  auto midpoint = [&](Wide doubled) {
    return FormatMoney(Money{static_cast<int64_t>(doubled / 2), *band.currency});
  };
  return "whose base band's midpoint, " + midpoint(their2) + ", is within " +
         PercentString(Percent{static_cast<int32_t>(kSameScaleBp)}) + "% of the " +
         (band.region.has() ? *band.region : std::string()) + " band's, " + midpoint(mine2);
}

}  // namespace

Result<CompBand> CounterBand(const Guide& guide, const Offer& offer) {
  const std::vector<ResolvedBand> bands = ResolveCompensation(guide);
  if (bands.empty()) return Status::InvalidArgument("the guide has no pay bands");
  // A guide of one region has one band to place the offer in; among several,
  // choosing one would be a guess (FindBand then lists them).
  if (offer.region.empty() && bands.size() == 1) return UsableBand(guide, bands[0].band);
  return FindBand(guide, offer.region);
}

Status CheckAlternative(const Offer& offer, const std::string& region, const Offer& other) {
  const std::string& where = other.region.empty() ? region : other.region;
  if (other.company.empty() || other.role.empty() ||
      internal::NameKey(other.company) != internal::NameKey(offer.company) ||
      internal::NameKey(other.role) != internal::NameKey(offer.role) ||
      internal::NameKey(where) != internal::NameKey(region)) {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      "the other offer " + other.label + " is from " + other.company + " for " + other.role +
      (region.empty() ? std::string() : " in " + region) +
      ", as the offer is: an alternative is an offer from another company, for another role or "
      "in another place");
}

namespace {

// One pass of the plan. With `at_top`, a lever (base, grant) in which a
// competing offer from the band's market is above the band's 90% point is
// asked at the band's top. `retry` is set, and the plan left unfinished, when
// without `at_top` the whole ask falls short of the walk-away and such a lever
// exists: Counter then builds the plan again with `at_top`.
Result<CounterPlan> BuildCounter(const Offer& offer, const Guide& guide,
                                 const std::vector<Offer>& others, const ValuationAssumptions& a,
                                 bool at_top, bool& retry) {
  retry = false;
  CounterPlan plan;
  const std::string& cur = offer.currency;
  std::vector<std::string> conversions;
  LEVERS_ASSIGN_OR_RETURN(const CompBand band, CounterBand(guide, offer));
  if (!band.base_low.has() || !band.base_high.has() || !band.stock_low.has() ||
      !band.stock_high.has()) {
    return Status::InvalidArgument("the " + (band.region.has() ? *band.region : std::string("?")) +
                                   " band lacks base or stock figures");
  }
  plan.band_region = *band.region;
  // The band in the offer's currency, first saying which field of the offer
  // stops that (its date, or the newest rates), as Evaluate says it.
  if (band.currency.has()) {
    if (auto problem = FindConversionProblem(offer, *band.currency, RatesFor(a)))
      return Status::InvalidArgument(problem->message);
  }
  const Date when = offer.date ? *offer.date : RatesFor(a).last_date();
  auto in_cur = [&](const Money& m) -> Result<Money> {
    if (m.currency == cur) return m;
    LEVERS_ASSIGN_OR_RETURN(RateTable::Conversion c, RatesFor(a).Convert(m, cur, when));
    conversions.push_back("band: " + c.formula +
                          (offer.date ? std::string() : internal::NewestRateSuffix()));
    return c.to;
  };
  LEVERS_ASSIGN_OR_RETURN(Money base_low, in_cur(*band.base_low));
  LEVERS_ASSIGN_OR_RETURN(Money base_high, in_cur(*band.base_high));
  LEVERS_ASSIGN_OR_RETURN(Money stock_low, in_cur(*band.stock_low));
  LEVERS_ASSIGN_OR_RETURN(Money stock_high, in_cur(*band.stock_high));

  Offer placed = offer;
  if (placed.region.empty()) {
    placed.region = plan.band_region;  // the guide's only region, said in the rules
    plan.rules.push_back("the offer names no region: the guide's only region, " + plan.band_region +
                         ", is the band");
  }
  LEVERS_ASSIGN_OR_RETURN(plan.offer, Evaluate(placed, &guide, a));
  std::vector<Evaluation> alternatives;
  std::vector<std::vector<std::string>> alternative_conversions;
  // Every offer named once: another offer with the offer's label, or two with
  // one label, become "Label (2)" ...
  std::vector<Offer> renamed = others;
  {
    std::string own_label = offer.label;
    std::vector<std::string*> labels = {&own_label};
    for (Offer& o : renamed) labels.push_back(&o.label);
    internal::MakeLabelsUnique(labels);
  }
  // The reader's warnings, each with the offer's label, for every output.
  for (const OfferWarning& w : offer.warnings) plan.warnings.emplace_back(offer.label, w);
  for (const Offer& o : renamed)
    for (const OfferWarning& w : o.warnings) plan.warnings.emplace_back(o.label, w);
  for (size_t i = 0; i < renamed.size(); ++i) {
    const Offer& o = renamed[i];
    LEVERS_RETURN_IF_ERROR(CheckAlternative(offer, placed.region, others[i]));
    std::vector<std::string> own;
    LEVERS_ASSIGN_OR_RETURN(Offer converted, internal::ConvertOffer(o, cur, own, RatesFor(a)));
    LEVERS_ASSIGN_OR_RETURN(Evaluation ev, Evaluate(converted, nullptr, a));
    alternatives.push_back(std::move(ev));
    conversions.insert(conversions.end(), own.begin(), own.end());
    alternative_conversions.push_back(std::move(own));
  }
  for (std::string& c : conversions) plan.offer.conversions.push_back(std::move(c));
  // A competing offer from another market than the band's sets the walk-away
  // (the candidate may take it) but not the asks, the floor or the sign-on,
  // and the message does not cite it: a company pays on its own market's scale
  // and seldom matches another's. An offer for the band's own region is in its
  // market, whatever it is paid in (USD pay is common in Hong Kong); one for a
  // region the guide bands apart (Seattle beside Austin) is not, unless that
  // band pays on the same scale: in the same currency, its base midpoint
  // within kSameScaleBp of the band's (New York beside San Francisco, 2%
  // apart in every reference guide); one for no region, or one the guide does
  // not band, is in it when paid in the band's currency or the offer's.
  const std::vector<ResolvedBand> bands = ResolveCompensation(guide);
  std::vector<bool> local(others.size(), true);
  {
    const std::string here = internal::NameKey(plan.band_region);
    for (size_t i = 0; i < others.size(); ++i) {
      const Offer& o = others[i];
      const std::string where = internal::NameKey(o.region);
      const CompBand* theirs = nullptr;  // the guide's band for the offer's region
      if (!where.empty())
        for (const ResolvedBand& b : bands)
          if (b.band.region.has() && internal::NameKey(*b.band.region) == where) {
            theirs = &b.band;
            break;
          }
      std::string why;
      if (where == here) {
        continue;
      } else if (theirs) {
        if (std::optional<std::string> same = SameScale(*theirs, band)) {
          plan.rules.push_back(alternatives[i].offer.label + " is for " + o.region + ", " + *same +
                               ": it counts as " + plan.band_region + "'s market");
          continue;
        }
        why = " is for " + o.region + ", which the guide bands apart from " + plan.band_region;
      } else if (band.currency.has() && o.currency != *band.currency && o.currency != cur) {
        why = " is paid in " + o.currency + ", not in the " + plan.band_region + " band's " +
              *band.currency;
      } else {
        continue;
      }
      local[i] = false;
      plan.rules.push_back(alternatives[i].offer.label + why +
                           ": an offer from another market sets the walk-away, not the asks, the "
                           "floor or the sign-on, and the message does not cite it");
    }
  }

  // Base.
  const int64_t base_pos = Along(base_low.minor, base_high.minor, kAskBandPositionBp);
  int64_t best_base = 0, weakest_base = 0;
  std::string best_base_label, weakest_base_label;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (!local[i]) continue;
    const Evaluation& e = alternatives[i];
    if (e.offer.base.minor > best_base)
      best_base = e.offer.base.minor, best_base_label = e.offer.label;
    if (weakest_base == 0 || e.offer.base.minor < weakest_base) {
      weakest_base = e.offer.base.minor, weakest_base_label = e.offer.label;
    }
  }
  // Short of the walk-away, a competing base above the 90% point is asked at
  // the band's top: the company will not pass it, and every bit of the gap counts.
  const bool base_to_top = at_top && best_base > base_pos;
  const std::string base_point = "band low " + F(base_low) + " + 90% × (" + F(base_high) + " − " +
                                 F(base_low) + ") = " + F(M(base_pos, cur));
  const int64_t base_rule =
      base_to_top ? base_high.minor
                  : RoundAskUp(std::max(base_pos, std::min(best_base, base_high.minor)), cur, 1000,
                               base_high.minor);
  const int64_t ask_base = std::max(base_rule, offer.base.minor);
  plan.asks_base = ask_base > offer.base.minor;
  {
    std::string formula;
    if (base_to_top) {
      formula = "the band top " + F(base_high) + ": " + best_base_label + "'s base " +
                F(M(best_base, cur)) + " is above the 90% point (" + base_point +
                "), and at the rules' asks the whole ask falls short of the walk-away";
    } else {
      formula = (best_base ? "max(" + base_point + ", best competing base " + F(M(best_base, cur)) +
                                 " (" + best_base_label + ") capped at the band top)"
                           : base_point) +
                ", rounded up to a multiple of " + Whole(1000, cur) +
                " but not past the band top " + F(base_high);
    }
    // The offer's own base decides when it is higher, and the formula says so.
    formula += plan.asks_base || base_rule == offer.base.minor
                   ? ", never below the offered base " + F(offer.base)
                   : " = " + F(M(base_rule, cur)) + ", below the offered base " + F(offer.base) +
                         ", which stands";
    plan.ask_base = {M(ask_base, cur), formula};
  }
  plan.rules.push_back(
      "ask base at 90% of the band (the reference guides ask at 88–92%), or the best competing "
      "base from the band's market if higher, up to the band's top");

  // Equity, as a grant over the band's vesting years, face value.
  const int64_t stock_pos = Along(stock_low.minor, stock_high.minor, kAskBandPositionBp);
  int64_t offered_equity = 0;
  // The offered grant's own vesting years, or the band's when there is none.
  int years = band.stock_vesting_years;
  std::string offered_text;  // the offered grant in words, for the equity lever
  if (offer.equity && plan.offer.equity) {
    years = offer.equity->schedule.years();
    // Face value: RSUs' stated value, options' value at the spread.
    const Money face = plan.offer.equity->face;
    offered_equity =
        static_cast<int64_t>(static_cast<Wide>(face.minor) * band.stock_vesting_years / years);
    offered_text = DescribeGrant(*offer.equity);
    if (offer.equity->kind == EquityKind::kOptions)
      offered_text += ", " + F(face) + " at the spread";
    if (years != band.stock_vesting_years) {
      offered_text += " over " + std::to_string(years) + " years, " + F(M(offered_equity, cur)) +
                      " over " + std::to_string(band.stock_vesting_years);
    } else {
      offered_text += " over " + std::to_string(years);
    }
  }
  // Options valued from the 409A fair value alone are worth a floor of their
  // value (Evaluate's assumptions say why): set against a band of RSUs at face
  // value they would ask for several times the grant. No more equity is asked
  // until the preferred price is known; the message asks for it.
  const bool options_at_409a =
      offer.equity && offer.equity->kind == EquityKind::kOptions && !offer.equity->preferred_price;
  // The largest competing grant from the band's market, at face value over
  // the band's years in the offer's currency, as the offer's is counted (none
  // against options valued at the 409A price alone, which are not set against
  // the band).
  int64_t best_grant = 0;
  std::string best_grant_label;
  for (size_t i = 0; i < alternatives.size() && !options_at_409a; ++i) {
    const Evaluation& e = alternatives[i];
    if (!local[i] || !e.equity || !e.offer.equity || e.offer.equity->schedule.years() <= 0)
      continue;
    const int64_t g =
        static_cast<int64_t>(static_cast<Wide>(e.equity->face.minor) * band.stock_vesting_years /
                             e.offer.equity->schedule.years());
    if (g > best_grant) best_grant = g, best_grant_label = e.offer.label;
  }
  const bool equity_to_top = at_top && best_grant > stock_pos;
  const int64_t ask_equity =
      options_at_409a ? offered_equity
                      : std::max(equity_to_top ? stock_high.minor
                                               : RoundAskUp(stock_pos, cur, 1000, stock_high.minor),
                                 offered_equity);
  plan.asks_equity = ask_equity > offered_equity;
  // Whether a lever was asked at the band's top to meet a stronger offer (an
  // offer already above the top asks nothing more there).
  const bool base_top_asked = base_to_top && plan.asks_base;
  const bool equity_top_asked = equity_to_top && plan.asks_equity;
  if (options_at_409a) {
    plan.ask_equity = {M(ask_equity, cur),
                       "the offer's grant, " + F(M(ask_equity, cur)) + " over " +
                           std::to_string(band.stock_vesting_years) +
                           " years at the 409A fair value alone (a floor): no more equity is "
                           "asked until the preferred price is known"};
    plan.rules.push_back(
        "options valued at the 409A fair value alone are not set against the stock band: the "
        "409A price is a floor, below what investors pay, so the plan asks for the preferred price "
        "first, not for more options");
  } else {
    plan.ask_equity = {
        M(ask_equity, cur),
        (equity_to_top
             ? "the stock band top " + F(stock_high) + ": " + best_grant_label + "'s grant " +
                   F(M(best_grant, cur)) + " over " + std::to_string(band.stock_vesting_years) +
                   " years is above the 90% point (stock band low " + F(stock_low) + " + 90% × (" +
                   F(stock_high) + " − " + F(stock_low) + ") = " + F(M(stock_pos, cur)) +
                   "), and at the rules' asks the whole ask falls short of the walk-away"
             : "stock band low " + F(stock_low) + " + 90% × (" + F(stock_high) + " − " +
                   F(stock_low) + "), rounded up to a multiple of " + Whole(1000, cur) +
                   " but not past the band top") +
            ", never below the offer" +
            (offered_equity ? " (" + F(M(offered_equity, cur)) + ")" : std::string()) +
            "; a grant over " + std::to_string(band.stock_vesting_years) + " years"};
    plan.rules.push_back(
        "ask equity at 90% of the stock band (the reference guides ask at 89–94%)");
  }

  // Floor.
  const int64_t mid = Along(base_low.minor, base_high.minor, kFloorBandPositionBp);
  const int64_t from_rival =
      weakest_base
          ? static_cast<int64_t>(static_cast<Wide>(weakest_base) * kFloorCompetingShareBp / 10000)
          : 0;
  int64_t floor = RoundTo(std::max(mid, from_rival), cur, 1000);
  // Less than the company already offers is no floor: the offer stands.
  floor = std::min(std::max(floor, offer.base.minor), ask_base);
  plan.floor_base = {
      M(floor, cur),
      (weakest_base
           ? "max(band midpoint " + F(M(mid, cur)) + ", 95% of the weakest competing base " +
                 F(M(weakest_base, cur)) + " (" + weakest_base_label + "))"
           : "band midpoint " + F(M(mid, cur))) +
          ", rounded to the nearest multiple of " + Whole(1000, cur) + " (" + Whole(500, cur) +
          " up), never below the offered base " + F(offer.base) + " nor above the ask"};
  plan.rules.push_back(
      "floor (base) at the band's midpoint, raised to 95% of the weakest competing base from the "
      "band's market (the reference guides' floors are within 2.5% of this)");

  // The best alternative, and the plan's year one against it.
  int64_t best_alt = 0;
  // The largest first year among the alternatives, and whose it is: it can be
  // another offer than the best four-year average (a large sign-on, a
  // back-loaded grant).
  int64_t best_alt_year1 = 0;
  std::string best_alt_label, best_alt_year1_label;
  std::optional<size_t> best_alt_index;
  for (size_t i = 0; i < alternatives.size(); ++i) {
    const Evaluation& e = alternatives[i];
    if (e.four_year_average.value.minor > best_alt || !best_alt_index) {
      best_alt = e.four_year_average.value.minor;
      best_alt_label = e.offer.label;
      best_alt_index = i;
    }
    if (local[i] && e.first_year_total.value.minor > best_alt_year1) {
      best_alt_year1 = e.first_year_total.value.minor;
      best_alt_year1_label = e.offer.label;
    }
  }
  if (best_alt_index)
    plan.best_alternative =
        Figure{M(best_alt, cur), best_alt_label + "'s four-year average (expected)"};
  // The walk-away in the sense: total value at least the best
  // alternative's, first year and four-year average, in the offer's currency.
  if (best_alt_index) {
    const Evaluation& e = alternatives[*best_alt_index];
    WalkAway w;
    w.offer = e.offer.label;
    w.conversions = alternative_conversions[*best_alt_index];
    const std::string converted = w.conversions.empty() ? std::string()
                                                        : " (its own amounts converted into " +
                                                              cur + " at the ECB rates listed)";
    w.first_year = {
        e.first_year_total.value,
        w.offer + "'s first year, " + e.first_year_total.formula + TermSteps(e, 1) + converted};
    w.four_year_average = {e.four_year_average.value, w.offer + "'s four-year average, " +
                                                          e.four_year_average.formula +
                                                          TermSteps(e, 4) + converted};
    auto against = [&](const Money& own, const Money& alt) {
      return F(own) + (own.minor >= alt.minor ? " (at or above it)" : " (below it)");
    };
    plan.rules.push_back(
        "walk away from a total below the best alternative's, " + w.offer +
        " (the highest four-year average among the other offers, expected equity): first year " +
        F(w.first_year.value) + ", four-year average " + F(w.four_year_average.value) +
        "; this offer: first year " +
        against(plan.offer.first_year_total.value, w.first_year.value) + ", four-year average " +
        against(plan.offer.four_year_average.value, w.four_year_average.value));
    plan.walk_away = std::move(w);
  }
  // The asked grant over the offer's own vesting years (the ask is over the band's).
  const int64_t asked_grant =
      static_cast<int64_t>(static_cast<Wide>(ask_equity) * years / band.stock_vesting_years);
  // Options are granted as a count: the asked grant at the offer's spread.
  if (ask_equity > offered_equity && offer.equity && offer.equity->kind == EquityKind::kOptions &&
      offer.equity->strike) {
    const EquityGrant& g = *offer.equity;
    const SharePrice& price = g.preferred_price ? *g.preferred_price : *g.fair_value;
    const int64_t spread = price.micros - g.strike->micros;
    if (spread > 0 && price.currency == cur && g.strike->currency == cur) {
      const Wide need = static_cast<Wide>(asked_grant) * (kSharePriceScale / MinorPerMajor(cur));
      const Wide count = (need + spread - 1) / spread;
      // A spread of a millionth on a large grant is no count a company writes:
      // above what an offer may hold, the grant is asked for as a value.
      if (count <= kMaxOptionShares) plan.ask_options = static_cast<int64_t>(count);
    }
    if (plan.ask_options) {
      plan.ask_options_formula =
          "the asked grant " + F(M(asked_grant, cur)) + " over " + std::to_string(years) +
          " years ÷ the spread " + FormatSharePrice({spread, cur}) + " a share (" +
          (g.preferred_price ? "preferred price " : "fair value ") + FormatSharePrice(price) +
          " − strike " + FormatSharePrice(*g.strike) + "), rounded up to a whole option";
    }
  }
  Offer asked = offer;
  asked.base = M(ask_base, cur);
  // The asked year one vests the asked grant whatever the offer holds: RSUs
  // valued as the offer's are; options, and a grant the offer lacks, as private
  // RSUs of the asked value (options at that spread are worth the same: face ×
  // (1 − the liquidity discount)), on the offer's schedule or an even split over
  // the band's years.
  std::string asked_grant_note;
  if (!asked.equity || asked.equity->kind == EquityKind::kOptions) {
    const std::string discount =
        PercentString(Percent{a.liquidity_discount_bp}) + "% liquidity discount";
    EquityGrant grant;
    grant.kind = EquityKind::kPrivateRsu;
    if (asked.equity) {
      grant.schedule = asked.equity->schedule;
      asked_grant_note =
          " at the spread, less the " + discount + ", as the offer's options are valued";
    } else {
      grant.schedule.SetEvenSplit(band.stock_vesting_years);
      asked_grant_note = " over " + std::to_string(years) +
                         " years valued as private RSUs, less the " + discount +
                         " (the offer has no grant)";
    }
    asked_grant_note = "; the asked grant " + F(M(asked_grant, cur)) + asked_grant_note;
    asked.equity = std::move(grant);
  }
  asked.equity->value = M(asked_grant, cur);
  // A back-loaded schedule is asked up to an even year one (below), so the sign-on
  // need not cover that part of the gap twice.
  const bool back_loaded = offer.equity && BackLoaded(offer.equity->schedule);
  // What an even year one would add, valued as the asked grant is valued
  // elsewhere (face for public RSUs, less the liquidity discount otherwise),
  // less what the offer's year-one sign-on already pays toward it: the
  // year-one vesting ask is that remainder, as cash or as the share of the
  // grant that vests it; none when the sign-on already covers it.
  int64_t even_value = 0, year_one_short = 0;
  int32_t ask_vesting_bp = 0;
  std::string even_value_text;
  if (back_loaded) {
    const VestingSchedule& s = offer.equity->schedule;
    const int32_t y1 = s.ReleasedBp(0), even = EvenShareBp(s);
    even_value = static_cast<int64_t>(static_cast<Wide>(asked_grant) * (even - y1) / 10000);
    even_value_text = F(M(asked_grant, cur)) + " × (" + PercentString(Percent{even}) + "% − " +
                      PercentString(Percent{y1}) + "%)";
    if (asked.equity->kind != EquityKind::kPublicRsu) {
      even_value_text = "(" + even_value_text + " = " + F(M(even_value, cur)) + ") × (1 − " +
                        PercentString(Percent{a.liquidity_discount_bp}) + "% liquidity discount)";
      even_value = static_cast<int64_t>(static_cast<Wide>(even_value) *
                                        (10000 - a.liquidity_discount_bp) / 10000);
    }
    year_one_short = even_value - offer.signing_year1.minor;
    if (year_one_short > 0) {
      // The share of the grant that, vesting in year one, makes up the rest:
      // rounded up to a whole percent, at most the even share.
      const Wide need =
          (static_cast<Wide>(even - y1) * year_one_short + even_value - 1) / even_value;
      ask_vesting_bp = std::min<int32_t>(even, static_cast<int32_t>((y1 + need + 99) / 100 * 100));
      VestingSchedule& as = asked.equity->schedule;
      if (ask_vesting_bp == even) {
        as.SetEvenSplit(as.years());
      } else {
        // The rest of the grant vests as the offer's schedule does, what year
        // one gains taken from the last years.
        as.even = false;
        int32_t take = ask_vesting_bp - as.yearly_bp[0];
        as.yearly_bp[0] = ask_vesting_bp;
        if (take < 0 && as.years() > 1) as.yearly_bp[1] -= take;
        for (int y = as.years() - 1; y > 0 && take > 0; --y) {
          const int32_t d = std::min(take, as.yearly_bp[y]);
          as.yearly_bp[y] -= d;
          take -= d;
        }
      }
      as.cliff_months = std::min(as.cliff_months, 12);  // so year one vests the asked share
    }
  }
  LEVERS_ASSIGN_OR_RETURN(Evaluation asked_ev, Evaluate(asked, nullptr, a));
  // The asked plan's year one without its sign-on, the part the sign-on tops up.
  const YearFigures& asked_y1 = asked_ev.years[0];
  const int64_t asked_year1 = asked_ev.first_year_total.value.minor - asked.signing_year1.minor;
  std::string asked_year1_terms = "base " + F(asked_y1.base.value);
  for (const auto& [name, f] : {std::pair{"bonus", &asked_y1.bonus},
                                {"equity", &asked_y1.equity_expected},
                                {"refresh", &asked_y1.refresh}}) {
    if (f->value.minor != 0) asked_year1_terms += std::string(" + ") + name + " " + F(f->value);
  }
  asked_year1_terms += asked_grant_note;
  if (ask_vesting_bp)
    asked_year1_terms +=
        ", with the year-one vesting asked below (" + PercentString(Percent{ask_vesting_bp}) + "%)";
  const int64_t gap = best_alt_year1 - asked_year1;
  const int64_t min_signing =
      static_cast<int64_t>(static_cast<Wide>(ask_base) * kMinSigningBp / 10000);
  // Rounded up to 100, to 1,000 from 10,000, to 5,000 from 50,000.
  auto round_signing = [&](int64_t need, std::string& how) {
    const int64_t unit = MinorPerMajor(cur);
    const int64_t step = need >= kSigningFiveThousandsFromMajor * unit ? 5000
                         : need >= kSigningThousandsFromMajor * unit   ? 1000
                                                                       : 100;
    how = "rounded up to a multiple of " + Whole(step, cur) +
          (step == 5000   ? " (from " + Whole(kSigningFiveThousandsFromMajor, cur) + ")"
           : step == 1000 ? " (from " + Whole(kSigningThousandsFromMajor, cur) + ")"
                          : " (below " + Whole(kSigningThousandsFromMajor, cur) + ")");
    return RoundAskUp(need, cur, step);
  };
  // The most a sign-on is asked: 50% of the asked base, rounded down to 1,000
  // (so that the rounded sum stays within it), never below the offer's.
  const int64_t thousand = 1000 * MinorPerMajor(cur);
  const int64_t max_signing =
      std::max(static_cast<int64_t>(static_cast<Wide>(ask_base) * kMaxSigningBp / 10000) /
                   thousand * thousand,
               offer.signing_year1.minor + offer.signing_year2.minor);
  const std::string max_signing_text = "at most 50% of the asked base, " + F(M(max_signing, cur)) +
                                       " (rounded down to " + Whole(1000, cur) + ")";
  std::string signing_rounding, gap_rounding;
  const int64_t signing_wanted = round_signing(std::max(gap, min_signing), signing_rounding);
  const bool signing_capped = signing_wanted > max_signing;
  const int64_t signing = std::min(signing_wanted, max_signing);
  const int64_t gap_up = gap > 0 ? round_signing(gap, gap_rounding) : 0;
  const int64_t offered_y1 = offer.signing_year1.minor, offered_y2 = offer.signing_year2.minor;
  const std::string gap_text =
      "year-one gap " + F(M(std::max<int64_t>(gap, 0), cur)) +
      (best_alt_year1_label.empty()
           ? std::string()
           : " (" + best_alt_year1_label + "'s first year " + F(M(best_alt_year1, cur)) +
                 " − the asked year one " + F(M(asked_year1, cur)) + ": " + asked_year1_terms +
                 (gap < 0 ? "; none" : "") + ")");
  const std::string offered_split = "the offer pays " + F(M(offered_y1, cur)) +
                                    " in year one and " + F(M(offered_y2, cur)) + " in year two";
  // More than the offer's whole sign-on, or all of a split one: asked as one
  // sum in year one (nothing is left in year two).
  if (signing > offered_y1 + offered_y2 || (offered_y2 > 0 && gap_up >= offered_y1 + offered_y2)) {
    plan.ask_signing = Figure{
        M(signing, cur),
        "max(" + gap_text + ", 10% of the asked base " + F(M(min_signing, cur)) + "), " +
            signing_rounding + (signing_capped ? ", " + max_signing_text : std::string()) +
            (offered_y2 > 0 ? "; paid in year one, in place of the offer's (" + offered_split + ")"
                            : std::string())};
    plan.rules.push_back(
        "sign-on covers the year-one gap to the largest competing first year from the band's "
        "market, at least 10% of the asked base and at most 50% of it (more is seldom granted)");
  } else if (offered_y2 > 0 && gap_up > offered_y1) {
    // The offer's sign-on is enough in all, but too little of it is paid in
    // year one: the ask moves part of year two's into year one.
    plan.ask_signing =
        Figure{M(gap_up, cur),
               gap_text + ", " + gap_rounding + "; " + offered_split + ": asked in year one, " +
                   F(M(offered_y1 + offered_y2 - gap_up, cur)) + " left in year two"};
    plan.signing_year2_left = M(offered_y1 + offered_y2 - gap_up, cur);
    plan.rules.push_back(
        "a sign-on of which too little is paid in year one is asked into year one up to the "
        "year-one gap to the largest competing first year; the sum stays the offer's");
  }
  // Year-one vesting for a back-loaded schedule.
  if (back_loaded) {
    const VestingSchedule& s = offer.equity->schedule;
    const int32_t y1 = s.ReleasedBp(0);
    const int32_t even = EvenShareBp(s);
    const std::string even_text = PercentString(Percent{even}) + "%";
    const bool cliff_past_year_one = s.CliffYear() > 1;
    const std::string year_one_vests =
        "year one vests " + PercentString(Percent{y1}) + "% of the grant" +
        (cliff_past_year_one ? " (the " + std::to_string(s.cliff_months) + "-month cliff)"
                             : std::string());
    const std::string even_share = "an even share a year: 100% / " + std::to_string(s.years()) +
                                   " years = " + even_text +
                                   (even * s.years() != 10000 ? " (rounded down to 0.01%)" : "");
    const std::string signing_y1 = F(offer.signing_year1);
    if (year_one_short > 0) {
      const bool signed_part = offer.signing_year1.minor > 0;
      plan.ask_year_one_vesting_pct = Percent{ask_vesting_bp};
      plan.ask_year_one_vesting_formula =
          even_share + ", against the offer's schedule, where " + year_one_vests +
          (signed_part ? "; the share that makes up the cash below: " + PercentString(Percent{y1}) +
                             "% + (" + even_text + " − " + PercentString(Percent{y1}) + "%) × " +
                             F(M(year_one_short, cur)) + " / " + F(M(even_value, cur)) +
                             ", rounded up to a whole percent" +
                             (ask_vesting_bp == even ? ", at most " + even_text : std::string())
                       : std::string());
      plan.year_one_top_up =
          Figure{M(year_one_short, cur),
                 year_one_vests + ", under an even " + even_text + " a year over " +
                     std::to_string(years) + " years; ask for " +
                     PercentString(Percent{ask_vesting_bp}) + "%" +
                     (cliff_past_year_one ? " in year one (a cliff of at most 12 months)"
                                          : std::string()) +
                     ", or as cash " + even_value_text +
                     (signed_part ? " = " + F(M(even_value, cur)) +
                                        ", less the offer's year-one sign-on " + signing_y1
                                  : std::string())};
      plan.rules.push_back(
          "a back-loaded schedule (year one, after the cliff, under an even split over its own "
          "years, 25% of a 4-year grant) is asked up to the even split in year one, valued as the "
          "asked grant is, less what the offer's year-one sign-on already pays; or that as cash; "
          "the sign-on counts year one as if the share were granted");
    } else {
      plan.rules.push_back("no year-one vesting asked: " + year_one_vests + ", under " +
                           even_share + ", and the offer's year-one sign-on " + signing_y1 +
                           " already pays what an even year "
                           "one would add, " +
                           even_value_text + " = " + F(M(even_value, cur)));
    }
  }
  const bool base_at_top = offer.base.minor >= base_high.minor;
  // The band's yearly top grant (its stock top over its years), the most a
  // refresher is asked: a band that vests over 5 years tops out below 25% of
  // its grant a year.
  const int64_t yearly_top =
      static_cast<int64_t>(static_cast<Wide>(stock_high.minor) / band.stock_vesting_years);
  // An offer at or above the band's top in base and in its grant is past what
  // the market pays: no refresher is pressed on it.
  const bool above_band = base_at_top && offered_equity >= stock_high.minor;
  if (above_band) {
    plan.rules.push_back(
        "no refresher asked: the offer's base " + F(offer.base) + " and grant (" +
        F(M(offered_equity, cur)) + " over " + std::to_string(band.stock_vesting_years) +
        " years) are at or above the band's top (" + F(base_high) + ", " + F(stock_high) + ")");
  } else if (base_at_top ||
             (offer.equity && Tapers(offer.equity->schedule) && !offer.refresh_per_year)) {
    const int64_t quarter = RoundAskUp(
        static_cast<int64_t>(static_cast<Wide>(ask_equity) * kRefreshShareBp / 10000), cur, 1000);
    const int64_t refresh = std::min(quarter, yearly_top);
    // Never ask for less than the offer already gives.
    const int64_t offered_refresh = offer.refresh_per_year ? offer.refresh_per_year->minor : 0;
    if (refresh > offered_refresh) {
      plan.ask_refresh = Figure{
          M(refresh, cur),
          "25% of the asked grant " + F(M(ask_equity, cur)) +
              " per year from year 2, rounded up to a multiple of " + Whole(1000, cur) +
              (quarter > yearly_top ? ", at most the band's yearly top grant " + F(stock_high) +
                                          " / " + std::to_string(band.stock_vesting_years) +
                                          " years = " + F(M(yearly_top, cur))
                                    : std::string()) +
              (offered_refresh ? ", above the offered " + F(M(offered_refresh, cur))
                               : std::string())};
      plan.rules.push_back(
          "with base at the band's top or a grant that tapers (what vests in its last year under "
          "an even split over its own years), ask for a yearly refresher of 25% of the grant");
    } else {
      plan.rules.push_back("no refresher asked: the offer's " + F(M(offered_refresh, cur)) +
                           " a year is at least 25% of the asked grant " + F(M(ask_equity, cur)) +
                           " (" + F(M(refresh, cur)) + ")");
    }
  }

  // The whole ask valued as the offer is (the asked base and grant, year one
  // as the year-one vesting ask asks, the asked sign-on and refresher). Short of
  // the best alternative, Counter first asks the band's top where a competing
  // offer from the band's market is stronger; then the sign-on is raised by
  // what year one lacks, and a refresher (from year 2, at most the band's
  // yearly top grant) asked for what the four-year average still lacks. A
  // plan whose every ask, granted, still falls short says so, and its message
  // does not promise to sign.
  bool short_of_walk_away = false;
  std::string signing_sized, refresh_sized;  // why a sized ask is what it is
  if (plan.walk_away) {
    const int64_t need1 = plan.walk_away->first_year.value.minor;
    const int64_t need4 = plan.walk_away->four_year_average.value.minor;
    auto full_offer = [&]() {
      Offer full = asked;
      if (plan.ask_signing) {
        full.signing_year1 = plan.ask_signing->value;
        full.signing_year2 = plan.signing_year2_left.value_or(M(0, cur));
      }
      if (plan.ask_refresh) {
        // Asked from year 2, as its formula says.
        full.refresh_per_year = plan.ask_refresh->value;
        full.refresh_from_year = std::max(full.refresh_from_year, 2);
      }
      return full;
    };
    LEVERS_ASSIGN_OR_RETURN(Evaluation full_ev, Evaluate(full_offer(), nullptr, a));
    const bool short_at_rules = full_ev.first_year_total.value.minor < need1 ||
                                full_ev.four_year_average.value.minor < need4;
    // Only an alternative from the band's market moves the asks (a company
    // seldom matches another market's pay): short of one from elsewhere, the
    // plan says so and asks no more.
    const bool walk_away_local = best_alt_index && local[*best_alt_index];
    if (short_at_rules && walk_away_local && !at_top &&
        (best_base > base_pos || best_grant > stock_pos)) {
      retry = true;  // asked again at the band's top
      return plan;
    }
    if (short_at_rules && walk_away_local) {
      const std::string at = base_top_asked || equity_top_asked
                                 ? std::string(", with the band's top asked where ") +
                                       (base_top_asked && equity_top_asked
                                            ? (best_base_label == best_grant_label
                                                   ? best_base_label + "'s base and grant are"
                                                   : best_base_label + "'s base and " +
                                                         best_grant_label + "'s grant are")
                                        : base_top_asked ? best_base_label + "'s base is"
                                                         : best_grant_label + "'s grant is") +
                                       " above the 90% point,"
                                 : std::string(" at the rules' figures");
      std::vector<std::string> sized;
      // Year one: the sign-on, one sum in year one in place of the offer's,
      // never less than the offer's whole sign-on.
      const int64_t short1 = need1 - full_ev.first_year_total.value.minor;
      if (short1 > 0) {
        const Offer full = full_offer();
        const int64_t whole = offer.signing_year1.minor + offer.signing_year2.minor;
        std::string how;
        const int64_t want = std::max(full.signing_year1.minor + short1, whole);
        const int64_t wanted_signing = round_signing(want, how);
        const bool capped = wanted_signing > max_signing;
        const int64_t sized_signing = std::min(wanted_signing, max_signing);
        if (capped) how += ", " + max_signing_text;
        const std::string from = plan.ask_signing ? "the asked " : "the offer's year-one ";
        plan.ask_signing = Figure{
            M(sized_signing, cur),
            (want == whole && whole > full.signing_year1.minor + short1
                 ? "the offer's whole sign-on " + F(M(whole, cur)) + " (more than " + from +
                       F(full.signing_year1) + " + the first year's shortfall " +
                       F(M(short1, cur)) + ")"
                 : from + "sign-on " + F(full.signing_year1) + " + the first year's shortfall " +
                       F(M(short1, cur)) + " to " + plan.walk_away->offer + " (" +
                       F(M(need1, cur)) + " − " + F(full_ev.first_year_total.value) + ")") +
                ", " + how +
                (offer.signing_year2.minor > 0
                     ? "; paid in year one, in place of the offer's (" + offered_split + ")"
                     : std::string())};
        plan.signing_year2_left.reset();
        signing_sized = (capped ? "raised as far as a sign-on goes (50% of the asked base) "
                                  "toward the first-year shortfall to "
                                : "raised to close the first-year shortfall to ") +
                        plan.walk_away->offer;
        sized.push_back(capped ? "the sign-on is raised toward the first year's shortfall of " +
                                     F(M(short1, cur)) + ", but only to its most, " +
                                     F(M(max_signing, cur))
                               : "the sign-on is raised by the first year's " + F(M(short1, cur)));
        LEVERS_ASSIGN_OR_RETURN(full_ev, Evaluate(full_offer(), nullptr, a));
      }
      // The four-year average: a refresher from year 2, valued as the grant is.
      const int64_t short4 = need4 - full_ev.four_year_average.value.minor;
      if (short4 > 0) {
        const Offer full = full_offer();
        const int from = std::max(full.refresh_from_year, 2);
        const int counted = std::max(1, 4 - from + 1);  // refresher years within the four
        const bool discounted = asked.equity->kind != EquityKind::kPublicRsu;
        const int64_t current = full.refresh_per_year ? full.refresh_per_year->minor : 0;
        // Each counted year adds the refresher (less the discount) / 4.
        Wide need = (static_cast<Wide>(short4) * 4 + counted - 1) / counted;
        if (discounted)
          need = (need * 10000 + (10000 - a.liquidity_discount_bp) - 1) /
                 (10000 - a.liquidity_discount_bp);
        int64_t refresh = RoundAskUp(current + static_cast<int64_t>(need), cur, 1000);
        std::string bumped;
        // Each year's value is rounded down to the minor unit: a step more
        // when that leaves the average a little short.
        for (int i = 0; i < 3 && refresh < yearly_top; ++i) {
          Offer trial = full;
          trial.refresh_per_year = M(refresh, cur);
          trial.refresh_from_year = from;
          LEVERS_ASSIGN_OR_RETURN(Evaluation t, Evaluate(trial, nullptr, a));
          if (t.four_year_average.value.minor >= need4) break;
          refresh += 1000 * MinorPerMajor(cur);
          bumped = ", and " + Whole(1000, cur) + " more for each year's value rounded down";
        }
        const bool capped = refresh > yearly_top;
        if (capped) refresh = std::max(yearly_top, current);
        if (refresh > current) {
          plan.ask_refresh = Figure{
              M(refresh, cur),
              capped
                  ? "the band's yearly top grant: stock band top " + F(stock_high) + " / " +
                        std::to_string(band.stock_vesting_years) +
                        " years, short of what the four-year shortfall " + F(M(short4, cur)) +
                        " needs"
                  : (current ? "the asked " + F(M(current, cur)) + " + " : std::string()) +
                        "the four-year shortfall " + F(M(short4, cur)) + " to " +
                        plan.walk_away->offer + " × 4 / " + std::to_string(counted) +
                        " years of refresher (from year " + std::to_string(from) + ")" +
                        (discounted ? " ÷ (1 − " + PercentString(Percent{a.liquidity_discount_bp}) +
                                          "% liquidity discount)"
                                    : std::string()) +
                        ", rounded up to a multiple of " + Whole(1000, cur) + bumped +
                        "; at most the band's yearly top grant " + F(M(yearly_top, cur))};
          refresh_sized = "sized to close the four-year shortfall to " + plan.walk_away->offer;
          // A plan that said no refresher is pressed (the offer above the
          // band) asks one now, to meet a stronger offer: the rule goes.
          std::erase_if(plan.rules,
                        [](const std::string& r) { return r.starts_with("no refresher asked"); });
          sized.push_back("a refresher is asked for the four-year average's " + F(M(short4, cur)));
          LEVERS_ASSIGN_OR_RETURN(full_ev, Evaluate(full_offer(), nullptr, a));
        }
      }
      if (!sized.empty())
        plan.rules.push_back("the asks" + at + " fall short of " + plan.walk_away->offer + ": " +
                             JoinAnd(sized) +
                             (full_ev.first_year_total.value.minor >= need1 &&
                                      full_ev.four_year_average.value.minor >= need4
                                  ? ", which closes the gap"
                                  : ", which narrows the gap"));
    }
    // Below the walk-away in either of its figures, as the walk-away rule says.
    std::vector<std::string> short_in;
    auto compare = [&](const char* name, const Figure& got, const Figure& need) {
      if (got.value.minor >= need.value.minor) return;
      short_in.push_back(std::string(name) + " " + F(got.value) + " (" + got.formula +
                         asked_grant_note + ") against " + F(need.value) + ", " +
                         F(M(need.value.minor - got.value.minor, cur)) + " short");
    };
    compare("first year", full_ev.first_year_total, plan.walk_away->first_year);
    compare("four-year average", full_ev.four_year_average, plan.walk_away->four_year_average);
    if (!short_in.empty()) {
      short_of_walk_away = true;
      std::string rule = "even the whole ask, granted" +
                         std::string(base_top_asked || equity_top_asked
                                         ? " with base and equity at the band's top where a "
                                           "competing offer is stronger"
                                         : "") +
                         ", is worth less than " + plan.walk_away->offer + ": ";
      for (size_t i = 0; i < short_in.size(); ++i) rule += (i ? "; " : "") + short_in[i];
      // Said plainly: the band's top, and a refresher as large as the band's
      // yearly top grant, cannot make up the rest.
      if (at_top || plan.ask_refresh)
        rule += "; the band's top (" + F(base_high) + " base, " + F(stock_high) +
                " in equity, a refresher of at most " + F(M(yearly_top, cur)) + " a year" +
                (plan.ask_signing && plan.ask_signing->value.minor >= max_signing
                     ? ", a sign-on of at most " + F(M(max_signing, cur))
                     : std::string()) +
                ") cannot close it";
      plan.rules.push_back(rule);
    }
  }

  // The levers, in the order a company can most easily grant them.
  // What a guide's script or strategy asks for, said as the guide says it, with
  // a note when its figures are for another market than the band's.
  const std::string band_currency = band.currency.has() ? *band.currency : std::string();
  auto guide_asks = [&](const AskAmounts& asks, auto want) {
    std::set<std::string> currencies;
    const std::string text = LeverAsks(asks, want, currencies);
    return text.empty()
               ? text
               : text + OtherMarketNote(bands, currencies, band_currency, plan.band_region);
  };
  std::vector<const Lever*> cited_levers;  // each plan lever's guide lever, or null
  auto lever = [&](std::string what, Figure ask, std::string reason) {
    const Lever* cited = GuideLever(guide, what, !others.empty());
    cited_levers.push_back(cited);
    plan.levers.push_back(CounterLever{what, std::move(ask), std::move(reason),
                                       cited ? *cited->title : std::string(), std::string()});
  };
  const std::string region = plan.band_region;
  if (!base_at_top && ask_base > offer.base.minor) {
    // What the ask is: the band's 90% point or the best competing base, rounded
    // up, or the band's top when that is as far as the figure may go.
    const bool rival_leads = best_base > base_pos;
    const int64_t cited = rival_leads ? std::min(best_base, base_high.minor) : base_pos;
    std::string ask_text;
    if (ask_base == base_high.minor) {
      ask_text = "the band's top, " + F(base_high);
    } else {
      ask_text = F(plan.ask_base.value);
      if (ask_base != cited)
        ask_text += std::string(" (") + (rival_leads ? "that base" : "that point") +
                    " rounded up to a multiple of " + Whole(1000, cur) + ")";
    }
    lever(
        "base", plan.ask_base,
        "the offer's base " + F(offer.base) + " sits at p" +
            std::to_string(plan.offer.positions.empty() ? 0 : plan.offer.positions[0].percentile) +
            " of the " + region + " band; 90% of the way up is " + F(M(base_pos, cur)) +
            (best_base ? ", and " + best_base_label + " offers " + F(M(best_base, cur)) +
                             (best_base > base_high.minor ? ", above the band's top" : "")
                       : std::string()) +
            "; the ask is " + ask_text);
  }
  if (ask_equity > offered_equity) {
    lever("equity", plan.ask_equity,
          (offered_text.empty() ? std::string("the offer has no equity grant")
                                : "the grant is " + offered_text + " years") +
              ", against a band of " + F(stock_low) + " to " + F(stock_high) +
              (equity_to_top ? "; " + best_grant_label + "'s grant is " + F(M(best_grant, cur)) +
                                   " over " + std::to_string(band.stock_vesting_years) +
                                   " years, and the whole ask falls short of the walk-away: the "
                                   "ask is the band's top"
                             : std::string()) +
              (plan.ask_options ? "; as options, " + FormatCount(*plan.ask_options) +
                                      (years != band.stock_vesting_years
                                           ? " over " + std::to_string(years) + " years (" +
                                                 F(M(asked_grant, cur)) + ")"
                                           : std::string()) +
                                      " at the offer's spread"
                                : std::string()));
  }
  if (plan.ask_signing) {
    // The offer's own split, when it pays part of its sign-on in year two.
    const std::string paid =
        F(offer.signing_year1) + " in year one and " + F(offer.signing_year2) + " in year two";
    // The gap decides when it is larger than the 10% minimum (or when the ask
    // moves the offer's own sign-on, which only the gap does).
    const bool gap_decides =
        !best_alt_year1_label.empty() && (gap > min_signing || plan.signing_year2_left);
    lever("signing bonus", *plan.ask_signing,
          (!signing_sized.empty()
               ? signing_sized + " (" + F(plan.walk_away->first_year.value) + " in its first year)"
           : gap_decides ? "closes the first-year gap to " + best_alt_year1_label + " (" +
                               F(M(best_alt_year1, cur)) + " in its first year)"
                         : "10% of the asked base: a one-time sum is the easiest money for a "
                           "company to add" +
                               (best_alt_year1_label.empty()
                                    ? std::string()
                                    : " (" + best_alt_year1_label + "'s first year, " +
                                          F(M(best_alt_year1, cur)) + ", leaves " +
                                          (gap > 0 ? "a smaller gap" : "no gap") + ")")) +
              (plan.signing_year2_left ? "; the offer pays " + paid + " of its sign-on, and " +
                                             F(*plan.signing_year2_left) + " would stay in year two"
               : offer.signing_year2.minor > 0
                   ? "; paid in year one, in place of the offer's sign-on (" + paid + ")"
                   : std::string()));
  }
  if (plan.year_one_top_up)
    lever("year-one vesting", *plan.year_one_top_up,
          "the schedule leaves year one short: " + PercentString(*plan.ask_year_one_vesting_pct) +
              "% vesting in year one, or this top-up in cash");
  if (plan.ask_refresh) {
    lever("refresh", *plan.ask_refresh,
          !refresh_sized.empty()
              ? refresh_sized + " (" + F(plan.walk_away->four_year_average.value) +
                    " a year over four years)"
          : base_at_top
              ? "the offer's base " + F(offer.base) +
                    (offer.base.minor > base_high.minor ? " is above" : " is at") +
                    " the band's top " + F(base_high) + ", so growth has to come from equity"
              : "the grant tapers off, so later years need refreshers");
  }
  // What each cited guide lever asks of its plan lever, then what else it asks
  // that no plan lever cites it for (a year-one vesting share beside the
  // sign-on it was cited for), so that none of its asks is lost.
  for (size_t i = 0; i < plan.levers.size(); ++i) {
    const Lever* cited = cited_levers[i];
    if (!cited) continue;
    std::set<std::string> whats, currencies;
    for (size_t j = 0; j < plan.levers.size(); ++j)
      if (cited_levers[j] == cited) whats.insert(plan.levers[j].what);
    const std::string& what = plan.levers[i].what;
    std::string text = LeverAsks(
        cited->asks, [&what](std::string_view n) { return n == what; }, currencies);
    const std::string rest = LeverAsks(
        cited->asks, [&whats](std::string_view n) { return !whats.count(std::string(n)); },
        currencies);
    if (!rest.empty()) text += (text.empty() ? "" : "; ") + std::string("it also asks ") + rest;
    if (!text.empty()) text += OtherMarketNote(bands, currencies, band_currency, plan.band_region);
    plan.levers[i].guide_lever_asks = std::move(text);
  }
  // The guide's own Negotiate Up ask and floor, as it states them.
  auto all = [](std::string_view) { return true; };
  plan.guide_strategy_asks = guide_asks(guide.strategy.ask, all);
  if (guide.strategy.floor.has()) {
    plan.guide_strategy_floor =
        F(*guide.strategy.floor) + " base" +
        OtherMarketNote(bands, {guide.strategy.floor->currency}, band_currency, plan.band_region);
  }
  // The guide's other levers, for the candidate to weigh: a script arguing
  // from competing offers only for a candidate who holds some.
  for (const Lever& l : guide.levers) {
    if (!l.title.has() || (others.empty() && !l.competing_offers.empty())) continue;
    const bool cited =
        std::any_of(plan.levers.begin(), plan.levers.end(),
                    [&l](const CounterLever& c) { return c.guide_lever == *l.title; });
    if (!cited) plan.other_guide_levers.push_back({*l.title, guide_asks(l.asks, all)});
  }

  // A base below the band's low is more often another level than a low offer:
  // the band may be the wrong one to ask from.
  if (offer.base.minor < base_low.minor) {
    const int64_t up_bp = static_cast<int64_t>(
        (static_cast<Wide>(ask_base - offer.base.minor) * 10000 + offer.base.minor - 1) /
        offer.base.minor);
    plan.rules.push_back(
        "the offered base " + F(offer.base) + " is below the band's low " + F(base_low) +
        ": before asking " +
        (up_bp > 90'000  // a percentage this large says less than the multiple
             ? std::string("more than ten times the offered base")
             : PercentString(Percent{static_cast<int32_t>(up_bp)}) +
                   "% more (rounded up to 0.01%)") +
        ", check that the offer's title and level map to this band "
        "(`levers levels`); an offer below the band is as often another level as a low one");
  }
  // With no other offer, the floor is what to hold out for, not a point at
  // which to walk away: below it, the offer as it stands is the alternative.
  if (others.empty() && floor > offer.base.minor) {
    plan.rules.push_back(
        "with no other offer in hand, the floor " + F(M(floor, cur)) +
        " is the base to hold out for in the negotiation; declining the offer's " + F(offer.base) +
        " leaves nothing in hand, so below the floor weigh the offer as it stands, or find an "
        "alternative, before walking away");
  }

  // A clawback is terms, not money: the sign-on counts in full where it is
  // paid, and the plan asks only that less of it be at risk.
  std::string clawback_request;
  if (offer.signing_clawback) {
    const SigningClawback& terms = *offer.signing_clawback;
    const bool in_full =
        terms.basis == ClawbackBasis::kFull && terms.months > kClawbackFullLeftMonths;
    const bool long_pro_rata =
        terms.basis == ClawbackBasis::kProRata && terms.months > kClawbackAskMonths;
    const SigningClawback better{std::min(terms.months, kClawbackAskMonths),
                                 ClawbackBasis::kProRata};
    std::string what_asked;
    if (in_full) {
      what_asked = "asked " + DescribeClawback(better) + " instead: a full clawback of more than " +
                   internal::Counted(kClawbackFullLeftMonths, "month") +
                   " is asked pro rata, over " + "at most " + std::to_string(kClawbackAskMonths) +
                   " months";
    } else if (long_pro_rata) {
      what_asked = "asked " + DescribeClawback(better) + " instead: pro rata over more than " +
                   std::to_string(kClawbackAskMonths) + " months is asked over " +
                   std::to_string(kClawbackAskMonths);
    } else if (terms.basis == ClawbackBasis::kFull) {
      what_asked = "not asked to change: a full clawback of " +
                   internal::Counted(kClawbackFullLeftMonths, "month") +
                   " or less ends within half a year, too little at risk to spend goodwill on";
    } else {
      what_asked = "not asked to change: pro rata over " + std::to_string(kClawbackAskMonths) +
                   " months or less is already the term asked for";
    }
    plan.rules.push_back("the sign-on's clawback (" + DescribeClawback(terms) +
                         ") is terms, not money: the sign-on counts in full in the year it is "
                         "paid, in every total and ask; " +
                         what_asked);
    if (in_full || long_pro_rata) {
      plan.ask_clawback = better;
      // What leaving half way through the asked months would repay of the
      // same sign-on (the split the plan asks for) on the offered terms and
      // on the asked ones, so that only the terms differ.
      Offer as_asked = offer;
      if (plan.ask_signing) {
        as_asked.signing_year1 = plan.ask_signing->value;
        as_asked.signing_year2 = plan.signing_year2_left.value_or(M(0, cur));
      }
      as_asked.signing_clawback = better;
      const int n = internal::ClawbackHalfWayMonths(as_asked, better);
      Offer offered_terms = as_asked;
      offered_terms.signing_clawback = terms;
      const Figure now = ClawbackRepayable(offered_terms, n);
      const Figure then = ClawbackRepayable(as_asked, n);
      plan.ask_clawback_formula = "the offer's sign-on is repayable " + DescribeClawback(terms) +
                                  "; asked " + DescribeClawback(better) + "; of the sign-on " +
                                  (plan.ask_signing ? "asked" : "offered") + ": " + now.formula +
                                  " on the offered terms, against " + F(then.value) +
                                  " on the asked terms (" + then.formula + ")";
      const std::string months = std::to_string(better.months) + " months";
      // "I'd ask" or "I'd also ask", once the message knows whether it asks
      // for anything else.
      clawback_request = in_full ? "that the signing bonus be repayable pro rata over " + months +
                                       " rather than in full" +
                                       (terms.months > kClawbackAskMonths
                                            ? " for " + std::to_string(terms.months) + " months"
                                            : std::string()) +
                                       "."
                                 : "that the signing bonus's repayment be pro rata over " + months +
                                       " rather than " + std::to_string(terms.months) + ".";
    }
  }

  // The message: only the candidate's own offers are cited.
  const std::string role = guide.role_display.has() ? *guide.role_display : offer.role;
  const std::string company = guide.company_display.has() ? *guide.company_display : offer.company;
  // Only what changes is asked for: a base or grant the offer already meets
  // is not named as an ask.
  const bool asks_base = plan.asks_base;
  const std::string year_one_text =
      plan.ask_year_one_vesting_pct
          ? PercentString(*plan.ask_year_one_vesting_pct) + "% vesting in year one"
          : std::string();
  std::vector<std::string> parts;
  std::vector<std::string> other_kinds;  // what is asked besides base, in a few words
  if (asks_base) parts.push_back(F(plan.ask_base.value) + " base");
  // A competing grant above the stock band's top asked at the top is said to
  // be the top, as a base is.
  const bool equity_top_said = plan.asks_equity && equity_to_top && best_grant > stock_high.minor;
  if (plan.asks_equity) {
    // Over the offer's own vesting years, the grant the company would write:
    // options as a count, with the value it stands for at the offer's spread.
    const std::string over = " over " + std::to_string(years) + " years";
    const std::string grant = plan.ask_options
                                  ? FormatCount(*plan.ask_options) + " options" + over + " (" +
                                        F(M(asked_grant, cur)) + " at the current spread)"
                                  : F(M(asked_grant, cur)) + " in equity" + over +
                                        (years != band.stock_vesting_years
                                             ? " (" + F(plan.ask_equity.value) + " over " +
                                                   std::to_string(band.stock_vesting_years) + ")"
                                             : std::string());
    parts.push_back(grant + (year_one_text.empty() ? std::string() : " with " + year_one_text));
    if (!equity_top_said) {
      other_kinds.push_back("equity");
    } else if (!year_one_text.empty()) {
      other_kinds.push_back("year-one vesting");
    }
  } else if (!year_one_text.empty()) {
    parts.push_back(year_one_text);
    other_kinds.push_back("year-one vesting");
  }
  if (plan.signing_year2_left) {
    parts.push_back(F(plan.ask_signing->value) + " of the signing bonus paid in year one");
    other_kinds.push_back("the timing of the signing bonus");
  } else if (plan.ask_signing) {
    parts.push_back("a signing bonus of " + F(plan.ask_signing->value) +
                    (offer.signing_year2.minor > 0 ? " paid in year one" : ""));
    other_kinds.push_back("a signing bonus");
  }
  if (plan.ask_refresh) {
    parts.push_back("a yearly refresh of " + F(plan.ask_refresh->value));
    other_kinds.push_back("a yearly refresh");
  }
  const std::string asks = JoinAnd(parts);
  // "also" only after another ask in the message.
  if (plan.ask_clawback)
    plan.ask_clawback_script = (asks.empty() ? "I'd ask " : "I'd also ask ") + clawback_request;
  std::string text = "Thank you for the offer for the " + role + " role at " + company +
                     ". I'm excited about it and want to make it work.\n\n";
  // The offers the message cites: from the band's market, and better than
  // this offer in base, first year or average (a weaker one would only lower
  // the ask; one with a larger first year is what the sign-on ask rests on).
  // Of each, only the figures that beat the offer, and never one the ask then
  // stays below, unless the ask is the band's top and the message says so.
  std::vector<size_t> cited;
  std::vector<std::string> held;
  const bool base_top_said =
      asks_base && best_base > base_high.minor && ask_base == base_high.minor;
  for (size_t i = 0; i < others.size(); ++i) {
    if (!local[i]) continue;
    const Evaluation& e = alternatives[i];
    if (!(e.offer.base.minor > offer.base.minor ||
          e.first_year_total.value.minor > plan.offer.first_year_total.value.minor ||
          e.four_year_average.value.minor > plan.offer.four_year_average.value.minor)) {
      plan.rules.push_back("the message does not cite " + e.offer.label +
                           ": its base, first year and four-year average are no more than this "
                           "offer's");
      continue;
    }
    cited.push_back(i);
    const Offer& x = others[i];
    std::vector<std::string> figures, left_out;
    const int64_t their_base = e.offer.base.minor;
    if (their_base > offer.base.minor) {
      if (their_base <= ask_base || base_top_said)
        figures.push_back(F(x.base) + " base");
      else
        left_out.push_back("its base " + F(x.base) + ", above the asked " + F(plan.ask_base.value));
    } else {
      left_out.push_back("its base " + F(x.base) + ", no more than the offer's");
    }
    if (x.equity && e.equity && e.offer.equity && e.offer.equity->schedule.years() > 0) {
      const int64_t grant =
          static_cast<int64_t>(static_cast<Wide>(e.equity->face.minor) * band.stock_vesting_years /
                               e.offer.equity->schedule.years());
      if (grant > offered_equity) {
        if (grant <= ask_equity || equity_top_said)
          figures.push_back(DescribeGrant(*x.equity));
        else
          left_out.push_back("its grant, above the asked " + F(plan.ask_equity.value));
      } else {
        left_out.push_back("its grant, no more than the offer's");
      }
    }
    if (figures.empty()) {
      figures.push_back(e.first_year_total.value.minor > plan.offer.first_year_total.value.minor
                            ? F(e.first_year_total.value) + " in its first year"
                            : F(e.four_year_average.value) + " a year over four years");
    }
    if (!left_out.empty())
      plan.rules.push_back("the message cites " + e.offer.label + " without " + JoinAnd(left_out));
    // An offer named by its file alone is "another offer": a path means
    // nothing to the company.
    held.push_back((x.label_names_it ? "an offer from " + x.label : std::string("another offer")) +
                   " (" + JoinAnd(figures) + ")");
  }
  if (!held.empty()) text += "To be transparent, I'm also considering " + JoinAnd(held) + ".\n\n";
  // The guide levers' titles stay in the plan, for the candidate: they name
  // the guide's scripts, not what the candidate brings.
  // Whether the offer the walk-away is is one the message cites.
  const bool walk_away_cited =
      best_alt_index && std::find(cited.begin(), cited.end(), *best_alt_index) != cited.end();
  if (asks.empty() && short_of_walk_away) {
    text += "The offer is at the top of the " + region + " market for this role" +
            (walk_away_cited ? ", yet it is worth less than the other offer I hold."
                             : std::string("."));
  } else if (asks.empty()) {
    text += "Based on the " + region + " market for this role, the offer already meets what I " +
            "would ask for" + (plan.ask_clawback ? " in pay." : ".");
  } else {
    text += "Based on the " + region + " market for this role, I'm asking for " + asks + ".";
  }
  // A competing base or grant above the band's top, just disclosed, is not
  // matched: the ask stops at the top, and the message says why rather than
  // leave the company to wonder at an ask below what the candidate holds.
  std::vector<std::string> tops;
  if (base_top_said) tops.push_back(F(base_high) + " base");
  if (equity_top_said)
    tops.push_back(F(stock_high) + " in equity over " + std::to_string(band.stock_vesting_years) +
                   " years");
  if (!tops.empty()) {
    text += " I know " + JoinAnd(tops) + (tops.size() > 1 ? " are" : " is") + " the top of the " +
            region +
            (tops.size() > 1 ? " bands"
             : base_top_said ? " base band"
                             : " equity band") +
            " for this role";
    if (!other_kinds.empty())
      text += ", which is why the rest of my ask is in " + JoinAnd(other_kinds);
    text += ".";
  }
  // The clawback's terms, in a sentence of their own.
  if (plan.ask_clawback) text += " " + plan.ask_clawback_script;
  if (options_at_409a)
    text +=
        " Could you also share the latest preferred price per share, so that I can weigh the "
        "options?";
  // The close commits to the whole ask, never to base alone while more is asked.
  if (short_of_walk_away) {
    // The opening already says the candidate wants to make it work.
    text += std::string("\n\nIf there is room to move further") +
            (walk_away_cited ? " toward the other offer I hold" : "") +
            ", I'd be glad to talk it through.\n";
  } else if (asks_base && parts.size() == 1 && !plan.ask_clawback) {
    text += "\n\nAt " + F(plan.ask_base.value) + " base I'm ready to sign.\n";
  } else {
    const size_t asked_count = parts.size() + (plan.ask_clawback ? 1 : 0);
    text += "\n\n" +
            std::string(asked_count == 0   ? "I'm"
                        : asked_count == 1 ? "With this, I'm"
                                           : "With these, I'm") +
            " ready to sign.\n";
  }
  plan.message_text = text;
  std::string md = "**Re: " + role + " offer**\n\n" + text;
  plan.message_markdown = md;
  return plan;
}

}  // namespace

Result<CounterPlan> Counter(const Offer& offer, const Guide& guide,
                            const std::vector<Offer>& others, const ValuationAssumptions& a) {
  bool retry = false;
  LEVERS_ASSIGN_OR_RETURN(CounterPlan plan, BuildCounter(offer, guide, others, a, false, retry));
  if (!retry) return plan;
  return BuildCounter(offer, guide, others, a, true, retry);
}

}  // namespace levers
