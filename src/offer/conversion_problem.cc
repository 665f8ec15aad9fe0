// FindConversionProblem: whether an offer can be converted, named by its field;
// FindBandConversionProblem: the same into the currency of its band.
#include "levers/fx.h"
#include "levers/offer.h"

namespace levers {

std::optional<ConversionProblem> FindConversionProblem(const Offer& o, const std::string& currency,
                                                       const RateTable& rates) {
  if (o.currency == currency) return std::nullopt;
  const Date when = o.date ? *o.date : rates.last_date();
  Result<RateTable::Converter> converter = rates.Prepare(o.currency, currency, when);
  if (converter.ok()) return std::nullopt;
  if (o.date) {
    return ConversionProblem{
        "date", o.source + ": date " + when.ToString() + ": " + converter.status().message()};
  }
  return ConversionProblem{"currency", o.source + ": " + o.currency +
                                           " with no date, so at the newest rates (" +
                                           when.ToString() + "): " + converter.status().message()};
}

std::optional<ConversionProblem> FindBandConversionProblem(const Offer& o, const Guide& guide,
                                                           bool counter, const RateTable& rates) {
  if (o.region.empty() && !counter) return std::nullopt;
  Result<CompBand> band = CounterBand(guide, o);
  if (!band.ok() || !band->currency.has()) return std::nullopt;
  return FindConversionProblem(o, *band->currency, rates);
}

}  // namespace levers
