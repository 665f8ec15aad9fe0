// FindConversionProblem: whether an offer can be converted, named by its field;
// FindBandConversionProblem: the same into the currency of its band.
#include "levers/fx.h"
#include "levers/money.h"
#include "levers/offer.h"

namespace levers {

std::optional<ConversionProblem> FindConversionProblem(const Offer& o, const std::string& currency,
                                                       const RateTable& rates) {
  if (o.currency == currency) return std::nullopt;
  const Date when = o.date ? *o.date : rates.last_date();
  Result<RateTable::Converter> converter = rates.Prepare(o.currency, currency, when);
  if (converter.ok()) return std::nullopt;
  ConversionProblem p;
  p.field = o.date ? "date" : "currency";
  p.message =
      o.source + ": " +
      (o.date ? "date " + when.ToString()
              : o.currency + " with no date, so at the newest rates (" + when.ToString() + ")") +
      ": ";
  if (!o.currency.empty()) {
    p.message += "cannot convert " + o.currency + " to " + currency + ": ";
    // A currency levers does not know is in no rates table.
    if (FindCurrency(o.currency) != nullptr && FindCurrency(currency) != nullptr) {
      for (const std::string* c : {&o.currency, &currency}) {
        if (!rates.RateOn(*c, when).ok()) p.unquoted.push_back(*c);
      }
      if (!p.unquoted.empty()) p.unquoted_on = o.date;
    }
  }
  p.message += converter.status().message();
  return p;
}

std::optional<ConversionProblem> FindBandConversionProblem(const Offer& o, const Guide& guide,
                                                           bool counter, const RateTable& rates) {
  if (o.region.empty() && !counter) return std::nullopt;
  Result<CompBand> band = CounterBand(guide, o);
  if (!band.ok() || !band->currency.has()) return std::nullopt;
  return FindConversionProblem(o, *band->currency, rates);
}

}  // namespace levers
