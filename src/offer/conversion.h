// Offers converted into another currency, shared by Evaluate, Compare and
// Counter: the conversion of a whole offer, unique labels, and what the output
// says when an offer without a date is converted at the newest rates. Pure
// functions; thread-safe.
#ifndef LEVERS_SRC_OFFER_CONVERSION_H_
#define LEVERS_SRC_OFFER_CONVERSION_H_

#include <optional>
#include <string>
#include <vector>

#include "levers/fx.h"
#include "levers/offer.h"

namespace levers::internal {

// The offer with every amount in `currency`, converted through the ECB table on
// the offer's date (or, without one, the table's newest rates, which each
// conversion's line then says); each conversion's formula is appended to
// `conversions`.
Result<Offer> ConvertOffer(const Offer& o, const std::string& currency,
                           std::vector<std::string>& conversions, const RateTable& rates);

// Renames each label equal to an earlier one by appending " (2)", " (3)" ...
// (the first free), so that rankings and walk-aways name one offer each.
void MakeLabelsUnique(const std::vector<std::string*>& labels);

// A company's or role's name as offers and guides are matched by it: lower
// case, letters and digits only ("Hugging Face Enterprise" and
// "hugging-face-enterprise" are one key).
std::string NameKey(std::string_view name);

// What a figure in `currency` is rounded to, in words: "cent", "penny",
// "paisa", "hundredth", "thousandth" (KWD), or "unit" (JPY).
std::string MinorUnitName(const std::string& currency);

// What `o`'s sign-on clawback puts at risk (Evaluation::clawback), in `o`'s
// currency; nullopt when it states none.
std::optional<ClawbackRisk> DescribeClawbackRisk(const Offer& o);

// The point a clawback's "repayable after" figures are shown at: half of
// `c`'s months (rounded down) into the window of `o`'s first payment (on
// joining, or at month 12 for a sign-on paid only in year two), but never a
// month at which a payment falls due (there the figure would turn on the
// day of leaving), so one month later.
int ClawbackHalfWayMonths(const Offer& o, const SigningClawback& c);

// The assumption stated for an offer without a date that was converted:
// "no offer date: currency converted at the newest ECB rate, 2025-05-09".
std::string NewestRateAssumption(const Date& newest);
// Appended to each conversion line of such an offer: " (no offer date: the
// newest ECB rate)".
std::string NewestRateSuffix();

}  // namespace levers::internal

#endif  // LEVERS_SRC_OFFER_CONVERSION_H_
