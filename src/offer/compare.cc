#include <algorithm>
#include <cstdint>
#include <set>

#include "levers/fx.h"
#include "levers/offer.h"
#include "offer/conversion.h"

namespace levers {
namespace internal {

__extension__ typedef __int128 Wide;

std::string NewestRateAssumption(const Date& newest) {
  return "no offer date: currency converted at the newest ECB rate, " + newest.ToString();
}

std::string NewestRateSuffix() { return " (no offer date: the newest ECB rate)"; }

Result<Offer> ConvertOffer(const Offer& o, const std::string& currency,
                           std::vector<std::string>& conversions, const RateTable& rates) {
  if (o.currency == currency) return o;
  if (auto problem = FindConversionProblem(o, currency, rates))
    return Status::InvalidArgument(problem->message);
  const Date when = o.date ? *o.date : rates.last_date();
  Offer c = o;
  c.currency = currency;
  auto conv = [&](Money& m, const std::string& what) -> Status {
    if (m.currency.empty() || m.currency == currency) {
      m.currency = currency;
      return Status::Ok();
    }
    const bool show = m.minor != 0;
    LEVERS_ASSIGN_OR_RETURN(RateTable::Conversion x, rates.Convert(m, currency, when));
    if (show) {
      conversions.push_back(o.label + " " + what + ": " + x.formula +
                            (o.date ? std::string() : NewestRateSuffix()));
    }
    m = x.to;
    return Status::Ok();
  };
  LEVERS_RETURN_IF_ERROR(conv(c.base, "base"));
  LEVERS_RETURN_IF_ERROR(conv(c.signing_year1, "sign-on year 1"));
  LEVERS_RETURN_IF_ERROR(conv(c.signing_year2, "sign-on year 2"));
  LEVERS_RETURN_IF_ERROR(conv(c.relocation, "relocation"));
  if (c.bonus_amount) LEVERS_RETURN_IF_ERROR(conv(*c.bonus_amount, "bonus"));
  if (c.refresh_per_year) LEVERS_RETURN_IF_ERROR(conv(*c.refresh_per_year, "refresh"));
  if (c.equity) {
    EquityGrant& g = *c.equity;
    LEVERS_RETURN_IF_ERROR(conv(g.value, "equity"));
    if (g.kind == EquityKind::kOptions && g.strike && (g.fair_value || g.preferred_price) &&
        !g.converted_price_total) {
      // Per-share prices (JPY 3, or USD 0.125) rounded to the cent and then
      // multiplied by a million shares would be off by up to 5,000: convert the
      // totals, shares × price and shares × strike, each with one rounding.
      // The totals are exact in millionths; each is rounded down to the minor
      // unit of its currency (exact unless a price has sub-minor digits), then
      // converted with the conversion's one rounding.
      const SharePrice& price = g.preferred_price ? *g.preferred_price : *g.fair_value;
      const Wide unit = kSharePriceScale / MinorPerMajor(price.currency);
      const Wide wide_price = static_cast<Wide>(g.shares) * price.micros / unit;
      const Wide wide_strike = static_cast<Wide>(g.shares) * g.strike->micros / unit;
      if (wide_price > INT64_MAX || wide_strike > INT64_MAX)
        return Status::InvalidArgument(o.label + ": the options' shares × price is too large");
      Money price_total{static_cast<int64_t>(wide_price), price.currency};
      Money strike_total{static_cast<int64_t>(wide_strike), g.strike->currency};
      const std::string n = FormatCount(g.shares);
      LEVERS_RETURN_IF_ERROR(
          conv(price_total, n + (g.preferred_price ? " × preferred price" : " × fair value")));
      LEVERS_RETURN_IF_ERROR(conv(strike_total, n + " × strike"));
      g.converted_price_total = price_total;
      g.converted_strike_total = strike_total;
    }
  }
  return c;
}

void MakeLabelsUnique(const std::vector<std::string*>& labels) {
  // Every label as given is taken first, so a renamed one never takes the
  // label of an offer further on.
  std::set<std::string> taken;
  for (const std::string* label : labels) taken.insert(*label);
  std::set<std::string> seen;
  for (std::string* label : labels) {
    if (seen.insert(*label).second) continue;
    for (int n = 2;; ++n) {
      std::string candidate = *label + " (" + std::to_string(n) + ")";
      if (taken.insert(candidate).second) {
        *label = std::move(candidate);
        break;
      }
    }
  }
}

// Places `o` in its guide's band as Evaluate does, from the offer as given (a
// figure converted into the comparison's currency and then into the band's
// would be rounded twice), and copies the position into `ev`, the offer's
// evaluation in the comparison's currency.
Status PlaceInBand(const Offer& o, const std::vector<const Guide*>& guides,
                   const ValuationAssumptions& a, Evaluation& ev) {
  Result<const Guide*> guide = FindGuide(guides, o.company, o.role);
  if (!guide.ok()) {
    ev.band_note = guide.status().message();
    return Status::Ok();
  }
  LEVERS_ASSIGN_OR_RETURN(Evaluation placed, Evaluate(o, *guide, a));
  ev.guide_path = std::move(placed.guide_path);
  ev.band_region = std::move(placed.band_region);
  ev.band_currency = std::move(placed.band_currency);
  ev.positions = std::move(placed.positions);
  ev.guide_data = std::move(placed.guide_data);
  ev.band_note = std::move(placed.band_note);
  // The band's conversions and assumptions (how low and high are read, the
  // rate date) that the comparison's evaluation does not already say.
  for (std::string& s : placed.conversions) ev.conversions.push_back(std::move(s));
  for (std::string& s : placed.assumptions) {
    if (std::find(ev.assumptions.begin(), ev.assumptions.end(), s) == ev.assumptions.end())
      ev.assumptions.push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace internal

const RateTable& RatesFor(const ValuationAssumptions& a) {
  return a.rates ? *a.rates : RateTable::Bundled();
}

Result<Comparison> Compare(const std::vector<Offer>& offers, const std::string& currency,
                           RankBy rank_by, const ValuationAssumptions& a,
                           const std::vector<const Guide*>* guides) {
  if (offers.empty()) return Status::InvalidArgument("give at least one offer to compare");
  Comparison c;
  c.currency = currency.empty() ? offers[0].currency : currency;
  if (!FindCurrency(c.currency))
    return Status::InvalidArgument("unknown currency '" + c.currency + "'");
  c.rank_by = rank_by;
  // Two offers with one label would make an ambiguous ranking: the second
  // becomes "Label (2)", in the table, the ranking and the conversions.
  std::vector<Offer> named = offers;
  std::vector<std::string*> labels;
  for (Offer& o : named) labels.push_back(&o.label);
  internal::MakeLabelsUnique(labels);
  for (const Offer& o : named) {
    LEVERS_ASSIGN_OR_RETURN(Offer converted,
                            internal::ConvertOffer(o, c.currency, c.conversions, RatesFor(a)));
    LEVERS_ASSIGN_OR_RETURN(Evaluation ev, Evaluate(converted, nullptr, a));
    if (!o.date && o.currency != c.currency)
      ev.assumptions.push_back(internal::NewestRateAssumption(RatesFor(a).last_date()));
    if (guides) LEVERS_RETURN_IF_ERROR(internal::PlaceInBand(o, *guides, a, ev));
    c.offers.push_back(std::move(ev));
  }
  auto measure = [&](const Evaluation& e) -> int64_t {
    switch (rank_by) {
      case RankBy::kFirstYear:
        return e.first_year_total.value.minor;
      case RankBy::kFourYearAverage:
        return e.four_year_average.value.minor;
      case RankBy::kExpectedEquity:
        return e.equity ? e.equity->expected.value.minor : 0;
      case RankBy::kFloorEquity:
        return e.equity ? e.equity->floor.value.minor : 0;
    }
    return 0;
  };
  for (size_t i = 0; i < c.offers.size(); ++i) c.ranking.push_back(i);
  std::stable_sort(c.ranking.begin(), c.ranking.end(),
                   [&](size_t x, size_t y) { return measure(c.offers[x]) > measure(c.offers[y]); });
  return c;
}

}  // namespace levers
