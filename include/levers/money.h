// Money: an exact amount in integer minor units with an ISO 4217 currency, and
// the parsers for amounts as guides write them ("$220K", "EUR187K", "HKD1.5M",
// "₹45L", "10–15%").
//
// There is no floating point anywhere in this file: "1.5M" is 1,500,000 exactly.
// All functions are pure and thread-safe.
#ifndef LEVERS_MONEY_H_
#define LEVERS_MONEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace levers {

struct CurrencyInfo {
  std::string_view code;  // ISO 4217, e.g. "EUR"
  int minor_digits;       // 2 for EUR, 0 for JPY, 3 for KWD (ISO 4217's minor unit)
  std::string_view name;
};

// The most minor unit digits of any currency levers knows (KWD, BHD, OMR ...).
inline constexpr int kMaxMinorDigits = 3;

// The ISO 4217 entry for `code` (upper case), or nullptr if levers does not know it.
const CurrencyInfo* FindCurrency(std::string_view code);

// The entry for a currency code as a person types it, in any case ("usd",
// "Usd", "USD"), or nullptr if levers does not know it. Offers, flags and API
// fields read a currency through this one rule and keep the entry's upper-case
// code.
const CurrencyInfo* FindCurrencyAnyCase(std::string_view text);

// Largest amount levers accepts, in major units (a guard against absurd input).
inline constexpr int64_t kMaxMajorAmount = 1'000'000'000'000;  // 10^12

struct Money {
  int64_t minor = 0;     // in minor units of `currency` (cents for USD)
  std::string currency;  // ISO 4217; empty when the text named none
  bool operator==(const Money&) const = default;
};

// The minor unit digits of a known currency (2 for USD, 0 for JPY, 3 for KWD);
// 2 when the currency is empty or unknown.
int MinorDigits(std::string_view currency);
// 10^minor_digits for a known currency; 100 when the currency is empty or unknown.
int64_t MinorPerMajor(std::string_view currency);

// An amount parsed without a currency (so in hundredths) given currency `code`
// (10 times the hundredths for a currency with three minor digits),
// rescaled to that currency's minor unit; nullopt when that would drop digits
// (e.g. 0.5 in JPY).
std::optional<Money> InCurrency(const Money& bare, std::string_view code);

// Whether people write amounts of `currency` grouped in lakhs and crores
// ("48,00,000", "1,20,00,000") rather than in thousands: rupees (INR), the one
// currency whose amounts levers also reads that way (section 6.2 of
// docs/guide-format.md).
inline bool GroupsInLakhs(std::string_view currency) { return currency == "INR"; }

// The exact amount in major units as a decimal string: "220000", "1234.5".
std::string MajorUnitsString(const Money& m);
// Appends the same to `out`; when `grouped`, for people: grouped with commas
// in thousands, or in lakhs for a currency that GroupsInLakhs ("48,00,000"),
// and an amount that is not whole shows every minor digit of its currency
// ("1,234.50", never "1,234.5"; a whole one none: "1,234").
void AppendMajorUnits(std::string& out, const Money& m, bool grouped);
// For people, with the ISO code, grouped as above: "USD 220,000",
// "USD 255,420.40", "INR 48,00,000".
std::string FormatMoney(const Money& m);

// A percentage in basis points (1% = 100), exact.
struct Percent {
  int32_t basis_points = 0;
  bool operator==(const Percent&) const = default;
};
// "10", "7.5"
std::string PercentString(Percent p);
// Appends the same to `out`.
void AppendPercent(std::string& out, Percent p);

// Outcome of parsing one amount or range. On failure `error` says what was expected.
struct AmountParse {
  bool ok = false;
  Money value;
  size_t consumed = 0;  // bytes of the input used, on success
  int magnitude = 0;    // the power of ten of a K/M/B/L/Cr suffix, 0 when none
  std::string error;    // on failure, e.g. "expected a number after '$'"
};

// Parses one amount at the start of `text` (leading spaces skipped). Accepts a
// currency symbol or ISO code before or after the number ("$", "US$", "S$", "C$",
// "HK$", "€", "£", "₹", "¥", "EUR", "CAD", "120K EUR"), digit grouping with commas,
// a decimal point, and a magnitude suffix K (10^3), M (10^6), B or bn (10^9),
// L or lakh (10^5), Cr or crore (10^7). "$" alone means USD. Negative amounts,
// unknown currency codes and amounts above kMaxMajorAmount are errors.
AmountParse ParseAmount(std::string_view text);
// The same for an amount whose context gives its currency (a guide's
// compensation entry, an offer): one that names no currency is still returned
// without one, but is read with that currency's digit grouping, so in an INR
// context "48,00,000" (lakhs) is 4,800,000 as "INR 48,00,000" is.
AmountParse ParseAmount(std::string_view text, std::string_view context_currency);

struct MoneyRange {
  Money low;
  Money high;
  bool operator==(const MoneyRange&) const = default;
};

struct RangeParse {
  bool ok = false;
  MoneyRange value;
  std::string error;
};

// Parses a whole cell: one amount, or two joined by "–", "—", "-" or "to" with
// or without spaces. A currency given on one end only applies to both; two
// different currencies are an error. Trailing text is an error.
// Ends that name no currency are returned without one, in hundredths (as
// ParseAmount reads them), when every such end has at most two decimals. One
// with three ("1,250.125") is read to the thousandth in the other end's
// currency, or else in `bare_currency` (a pay table row's Currency cell;
// empty when there is none), and is an error when that currency has fewer
// minor digits or there is none. Zeros past the decimals an end can hold are
// read as the exact value they leave, with the currency before the number or
// not ("EUR1,250.120" and, in an EUR row, "1,250.120" are EUR 1,250.12); a
// non-zero digit there is an error naming the currency.
RangeParse ParseMoneyRange(std::string_view text, std::string_view bare_currency = {});

struct PercentRange {
  std::optional<Percent> low;  // absent for "—" (not stated)
  std::optional<Percent> high;
};

struct PercentRangeParse {
  bool ok = false;
  PercentRange value;
  std::string error;
};

// "5–15%", "5%–15%", "10%", "0%", "7.5%", and "—", "-", "–", "n/a" or "" for not stated.
PercentRangeParse ParsePercentRange(std::string_view text);

// Parses a plain decimal number ("220000", "7.5", "1,200") scaled by 10^scale_digits,
// exactly; nullopt if it is not one or has more fractional digits than scale allows.
// A decimal point has a digit on each side: ".5" and "80." are not numbers.
std::optional<int64_t> ParseScaledDecimal(std::string_view text, int scale_digits);

// What an amount's or a percentage's number breaks when its decimal point
// lacks a digit on one side (".5", "80."): the one rule for guides' front
// matter, pay table and prose (docs/guide-format.md 6.1).
inline constexpr std::string_view kPointWithoutDigitBefore =
    "a decimal point needs a digit before it (write 0.5, not .5)";
inline constexpr std::string_view kPointWithoutDigitAfter =
    "a decimal point needs a digit after it (write 80 or 80.5, not 80.)";

// True when a pay table cell says its figure is not stated: empty, `—`, `–`,
// `-`, `n/a` or `N/A`, spaces around it ignored (docs/guide-format.md 6.3).
bool IsNotStated(std::string_view cell);

// True when s[end], just after a number's last digit, is a decimal point with
// no digit after it ("80." in "80. "), which ParseAmount leaves unread.
bool EndsWithBarePoint(std::string_view s, size_t end);

// The most a percentage may be, in basis points: 1000%.
inline constexpr int64_t kMaxPercentBasisPoints = 1000 * 100;

// Why `number`, the digits of a percentage written without its '%', is not
// one levers accepts (digits on both sides of a decimal point, at most two
// decimal places, at most 1000%); empty when it is one.
std::string PercentNumberProblem(std::string_view number);

}  // namespace levers

#endif  // LEVERS_MONEY_H_
