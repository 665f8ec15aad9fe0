// The counter plan. Every constant below is calibrated against the five
// reference guides (docs/counter-plan.md has the table): a plan built from a
// guide's first region and its competing offers lands within 5% of the ask and
// floor the guide states.
#include <algorithm>
#include <set>
#include <string_view>

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
// vesting", "refresh", "guaranteed bonus"): "USD 300,000 base, a USD 60,000
// sign-on". Each amount's currency is added to `currencies`.
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
    add(*a.signing_bonus, "a " + F(*a.signing_bonus) + " sign-on");
  if (want("year-one vesting") && a.year_one_vesting_pct.has())
    parts.push_back(PercentString(*a.year_one_vesting_pct) + "% vesting in year one");
  if (want("refresh") && a.refresh_per_year.has())
    add(*a.refresh_per_year, F(*a.refresh_per_year) + " a year in refreshers");
  if (want("guaranteed bonus") && a.guaranteed_bonus.has())
    add(*a.guaranteed_bonus, "a " + F(*a.guaranteed_bonus) + " guaranteed bonus");
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

Result<CounterPlan> Counter(const Offer& offer, const Guide& guide,
                            const std::vector<Offer>& others, const ValuationAssumptions& a) {
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
  int64_t ask_base = std::max(base_pos, std::min(best_base, base_high.minor));
  ask_base = std::max(RoundAskUp(ask_base, cur, 1000, base_high.minor), offer.base.minor);
  plan.ask_base = {M(ask_base, cur),
                   "max(band low " + F(base_low) + " + 90% × (" + F(base_high) + " − " +
                       F(base_low) + ") = " + F(M(base_pos, cur)) +
                       (best_base ? ", best competing base " + F(M(best_base, cur)) + " (" +
                                        best_base_label + ") capped at the band top"
                                  : std::string()) +
                       "), rounded up to a multiple of " + Whole(1000, cur) +
                       " but not past the band top " + F(base_high) + ", never below the offer"};
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
  const int64_t ask_equity =
      options_at_409a
          ? offered_equity
          : std::max(RoundAskUp(stock_pos, cur, 1000, stock_high.minor), offered_equity);
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
        "stock band low " + F(stock_low) + " + 90% × (" + F(stock_high) + " − " + F(stock_low) +
            "), rounded up to a multiple of " + Whole(1000, cur) +
            " but not past the band top, never below the offer" +
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
      "max(band midpoint " + F(M(mid, cur)) +
          (weakest_base ? ", 95% of the weakest competing base " + F(M(weakest_base, cur)) + " (" +
                              weakest_base_label + ")"
                        : std::string()) +
          "), rounded to the nearest multiple of " + Whole(1000, cur) + " (" + Whole(500, cur) +
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
  if (back_loaded) {
    VestingSchedule& s = asked.equity->schedule;
    s.SetEvenSplit(s.years());
    s.cliff_months = std::min(s.cliff_months, 12);  // so year one vests its even share
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
  if (back_loaded) asked_year1_terms += ", with the even year-one vesting asked below";
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
  std::string signing_rounding, gap_rounding;
  const int64_t signing = round_signing(std::max(gap, min_signing), signing_rounding);
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
  if (signing > offered_y1 + offered_y2) {
    // More than the offer's whole sign-on: asked as one sum in year one.
    plan.ask_signing = Figure{
        M(signing, cur),
        "max(" + gap_text + ", 10% of the asked base " + F(M(min_signing, cur)) + "), " +
            signing_rounding +
            (offered_y2 > 0 ? "; paid in year one, in place of the offer's (" + offered_split + ")"
                            : std::string())};
    plan.rules.push_back(
        "sign-on covers the year-one gap to the largest competing first year from the band's "
        "market, at least 10% of the asked base");
  } else if (offered_y2 > 0 && gap_up > offered_y1) {
    // The offer's sign-on is enough in all, but too little of it is paid in
    // year one: the ask moves part of year two's into year one.
    plan.ask_signing =
        Figure{M(gap_up, cur),
               gap_text + ", " + gap_rounding + "; " + offered_split + ": asked in year one, " +
                   F(M(offered_y1 + offered_y2 - gap_up, cur)) + " left in year two"};
    plan.signing_year2_left = M(offered_y1 + offered_y2 - gap_up, cur);
    plan.rules.push_back(
        "a sign-on the offer pays mostly in year two is asked into year one up to the year-one "
        "gap to the largest competing first year; the sum stays the offer's");
  }
  // Year-one vesting for a back-loaded schedule.
  if (back_loaded) {
    const VestingSchedule& s = offer.equity->schedule;
    const int32_t y1 = s.ReleasedBp(0);
    const int32_t even = EvenShareBp(s);
    const int64_t top_up =
        static_cast<int64_t>(static_cast<Wide>(asked_grant) * (even - y1) / 10000);
    const std::string even_text = PercentString(Percent{even}) + "%";
    const bool cliff_past_year_one = s.CliffYear() > 1;
    const std::string year_one_vests =
        "year one vests " + PercentString(Percent{y1}) + "% of the grant" +
        (cliff_past_year_one ? " (the " + std::to_string(s.cliff_months) + "-month cliff)"
                             : std::string());
    plan.ask_year_one_vesting_pct = Percent{even};
    plan.ask_year_one_vesting_formula =
        "an even share a year: 100% / " + std::to_string(s.years()) + " years = " + even_text +
        (even * s.years() != 10000 ? " (rounded down to 0.01%)" : "") +
        ", against the offer's schedule, where " + year_one_vests;
    plan.year_one_top_up = Figure{
        M(top_up, cur),
        year_one_vests + ", under an even " + even_text + " a year over " + std::to_string(years) +
            " years; ask for " + even_text +
            (cliff_past_year_one ? " in year one (a cliff of at most 12 months)" : std::string()) +
            ", or as cash " + F(M(asked_grant, cur)) + " × (" + even_text + " − " +
            PercentString(Percent{y1}) + "%)"};
    plan.rules.push_back(
        "a back-loaded schedule (year one, after the cliff, under an even split over its own "
        "years, 25% of a 4-year grant) is asked up to the even split in year one, or the "
        "difference as cash; the sign-on counts year one as if that were granted");
  }
  const bool base_at_top = offer.base.minor >= base_high.minor;
  if (base_at_top || (offer.equity && Tapers(offer.equity->schedule) && !offer.refresh_per_year)) {
    const int64_t refresh = RoundAskUp(
        static_cast<int64_t>(static_cast<Wide>(ask_equity) * kRefreshShareBp / 10000), cur, 1000);
    // Never ask for less than the offer already gives.
    const int64_t offered_refresh = offer.refresh_per_year ? offer.refresh_per_year->minor : 0;
    if (refresh > offered_refresh) {
      plan.ask_refresh =
          Figure{M(refresh, cur),
                 "25% of the asked grant " + F(M(ask_equity, cur)) +
                     " per year from year 2, rounded up to a multiple of " + Whole(1000, cur) +
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
  // evened when back-loaded, the asked sign-on and refresher): a plan whose
  // every ask, granted, still falls short of the best alternative says so, and
  // its message does not promise to sign.
  bool short_of_walk_away = false;
  if (plan.walk_away) {
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
    LEVERS_ASSIGN_OR_RETURN(Evaluation full_ev, Evaluate(full, nullptr, a));
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
      std::string rule =
          "even the whole ask, granted, is worth less than " + plan.walk_away->offer + ": ";
      for (size_t i = 0; i < short_in.size(); ++i) rule += (i ? "; " : "") + short_in[i];
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
          (gap_decides ? "closes the first-year gap to " + best_alt_year1_label + " (" +
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
          base_at_top ? "base is already at the band's top, so growth has to come from equity"
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

  // The message: only the candidate's own offers are cited.
  const std::string role = guide.role_display.has() ? *guide.role_display : offer.role;
  const std::string company = guide.company_display.has() ? *guide.company_display : offer.company;
  // Only what changes is asked for: a base or grant the offer already meets
  // is not named as an ask.
  const bool asks_base = ask_base > offer.base.minor;
  const std::string year_one_text =
      plan.ask_year_one_vesting_pct
          ? PercentString(*plan.ask_year_one_vesting_pct) + "% vesting in year one"
          : std::string();
  std::vector<std::string> parts;
  std::vector<std::string> other_kinds;  // what is asked besides base, in a few words
  if (asks_base) parts.push_back(F(plan.ask_base.value) + " base");
  if (ask_equity > offered_equity) {
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
    other_kinds.push_back("equity");
  } else if (!year_one_text.empty()) {
    parts.push_back(year_one_text);
    other_kinds.push_back("year-one vesting");
  }
  if (plan.signing_year2_left) {
    parts.push_back(F(plan.ask_signing->value) + " of the signing bonus paid in year one");
    other_kinds.push_back("when the signing bonus is paid");
  } else if (plan.ask_signing) {
    parts.push_back("a " + F(plan.ask_signing->value) + " signing bonus" +
                    (offer.signing_year2.minor > 0 ? " paid in year one" : ""));
    other_kinds.push_back("a signing bonus");
  }
  if (plan.ask_refresh) {
    parts.push_back("a " + F(plan.ask_refresh->value) + " yearly refresh");
    other_kinds.push_back("a yearly refresh");
  }
  const std::string asks = JoinAnd(parts);
  std::string text = "Thank you for the offer for the " + role + " role at " + company +
                     ". I'm excited about it and want to make it work.\n\n";
  // The offers the message cites: from the band's market, and better than
  // this offer in base, first year or average (a weaker one would only lower
  // the ask; one with a larger first year is what the sign-on ask rests on).
  std::vector<size_t> cited;
  for (size_t i = 0; i < others.size(); ++i) {
    if (!local[i]) continue;
    const Evaluation& e = alternatives[i];
    if (e.offer.base.minor > offer.base.minor ||
        e.first_year_total.value.minor > plan.offer.first_year_total.value.minor ||
        e.four_year_average.value.minor > plan.offer.four_year_average.value.minor) {
      cited.push_back(i);
    } else {
      plan.rules.push_back("the message does not cite " + e.offer.label +
                           ": its base, first year and four-year average are no more than this "
                           "offer's");
    }
  }
  if (!cited.empty()) {
    // Each offer as the candidate holds it, in its own currency.
    std::vector<std::string> held;
    for (size_t i : cited) {
      const Offer& x = others[i];
      // An offer named by its file alone is "another offer": a path means
      // nothing to the company.
      held.push_back(
          (x.label_names_it ? "an offer from " + x.label : std::string("another offer")) + " (" +
          F(x.base) + " base" + (x.equity ? ", " + DescribeGrant(*x.equity) : std::string()) + ")");
    }
    text += "To be transparent, I'm also considering " + JoinAnd(held) + ".\n\n";
  }
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
            "would ask for.";
  } else {
    text += "Based on the " + region + " market for this role, I'm asking for " + asks + ".";
  }
  // A competing base above the band's top, just disclosed, is not matched: the
  // ask stops at the top, and the message says why rather than leave the
  // company to wonder at an ask below what the candidate holds.
  if (asks_base && best_base > base_high.minor && ask_base == base_high.minor) {
    text += " I know " + F(base_high) + " is the top of the " + region + " base band for this role";
    if (!other_kinds.empty())
      text += ", which is why the rest of my ask is in " + JoinAnd(other_kinds);
    text += ".";
  }
  if (options_at_409a)
    text +=
        " Could you also share the latest preferred price per share, so that I can weigh the "
        "options?";
  if (short_of_walk_away) {
    text += "\n\nI'd like to find a way to make this work.\n";
  } else if (asks_base) {
    text += "\n\nAt " + F(plan.ask_base.value) + " base I'm ready to sign.\n";
  } else {
    text += "\n\n" + std::string(asks.empty() ? "I'm" : "With these, I'm") + " ready to sign.\n";
  }
  plan.message_text = text;
  std::string md = "**Re: " + role + " offer**\n\n" + text;
  plan.message_markdown = md;
  return plan;
}

}  // namespace levers
