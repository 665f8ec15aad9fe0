// Checks of flag values, run by CLI11 as argv is parsed: a bad value is a
// usage error (exit 2) before any file is read. Each message says what was
// expected, with an example, and what was given; CLI11 puts the flag's name in
// front: "--tolerance: expected a percentage from 0 to 100 with at most two
// decimals, like 5 or 2.5; got 'abc'". A value a check passes always converts
// to the option's type, so CLI11's own "Could not convert" is never shown.
// Stateless; safe to use from any thread.
#ifndef LEVERS_APPS_LEVERS_FLAG_CHECKS_H_
#define LEVERS_APPS_LEVERS_FLAG_CHECKS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/date.h"
#include "levers/fx.h"

namespace levers::cli {

// A decimal from 0 to 100 with at most two places, in hundredths: "33.33" is
// 3333, "5" is 500. Nullopt for anything else ("33.333", "1e1", "-1", "").
std::optional<int32_t> ParseHundredths(std::string_view text);

// A value ParseHundredths reads; `expected` names it ("a percentage from 0 to
// 100 with at most two decimals, like 5 or 2.5").
CLI::Validator HundredthsCheck(const std::string& expected);

// --tolerance and --bands-tolerance: a percentage ParseHundredths reads.
CLI::Validator PercentCheck();

// A whole number from `lo` to `hi` written in plain digits; `expected` names
// it ("a whole number of threads from 0 to 1024 (0: one per core)").
CLI::Validator WholeNumberCheck(uint64_t lo, uint64_t hi, const std::string& expected);

// --jobs and --threads: a whole number of threads from 0 to 1024, 0 for one per core.
CLI::Validator JobsCheck();

// A plain decimal (digits, at most one point, no sign or exponent) for which
// `in_range` holds; `expected` names it.
CLI::Validator DecimalCheck(bool (*in_range)(double), const std::string& expected);

// A real calendar date written YYYY-MM-DD; an empty value is refused too
// (it would otherwise read as "not given").
CLI::Validator IsoDateCheck();

// "a, b or c": `items` listed as a message names the choices.
std::string ListWithOr(const std::vector<std::string>& items);

// One of `choices`, exactly; the help shows them as CLI11's IsMember does:
// "TEXT:{text,json}".
CLI::Validator OneOf(const std::vector<std::string>& choices);

// An ISO 4217 code levers knows, in any case; the value is upper-cased.
CLI::Validator CurrencyCheck();

// After argv is parsed, when the date a --currency converts at is known
// (bands' --as-of, each compared offer's date): false, saying why on stderr
// and naming the flag, when `rates` stopped quoting `code` (upper case)
// before `date` (CYP after 2007): amounts of that date would not convert
// into it. `when` names the date ("--as-of", "the offers' dates").
bool CurrencyInUse(const RateTable& rates, const std::string& code, Date date,
                   const std::string& when);

// Text a person gives (a company, a label, a source): not blank, and UTF-8,
// since it is written into JSON and guides; `expected` names it for an
// empty value ("the company's name"). The message for text that is not UTF-8
// gives the first byte that is not.
CLI::Validator TextCheck(const std::string& expected);

// A file or folder path: anything but the empty string, which would read as
// "not given" and quietly switch off what the flag asks for (--rates "$RATES"
// with the variable unset). `expected` names the file ("an ECB rates CSV").
CLI::Validator PathCheck(const std::string& expected);

// PathCheck for a flag that reads a file or folder by name only (--rates,
// --guides, a salary CSV): "-" is refused, since standard input is read as
// one guide or one offer and nowhere else ("./-" names a file called "-").
CLI::Validator NamedPathCheck(const std::string& expected);

}  // namespace levers::cli

#endif  // LEVERS_APPS_LEVERS_FLAG_CHECKS_H_
