// RateTable: the ECB euro foreign exchange reference rates, and exact currency
// conversion through them.
//
// The European Central Bank publishes, on each TARGET business day, how many
// units of some 30 currencies one euro buys (its "euro foreign exchange
// reference rates"; eurofxref-hist.csv is the whole history since 1999-01-04).
// Every rate in that file has at most 6 decimal places, so a rate is held
// exactly as an integer count of millionths; conversion is integer arithmetic
// with 128-bit intermediates and one rounding, half to even, to the target
// currency's minor unit. No floating point is used anywhere.
//
// A RateTable is immutable after construction: every const member function is
// safe to call from any number of threads at once. Bundled() is built on its
// first call (thread-safe) and lives until the program exits.
#ifndef LEVERS_FX_H_
#define LEVERS_FX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "levers/date.h"
#include "levers/money.h"
#include "levers/status.h"

namespace levers {

// Rates are held as units of currency per 1 EUR × 10^kRateDigits, exactly.
inline constexpr int kRateDigits = 6;
inline constexpr int64_t kRateScale = 1'000'000;

// One published rate: on `date` the ECB quoted micro_per_eur / 10^6 units of
// the currency for 1 EUR (1.1252 USD/EUR is 1'125'200).
struct EcbRate {
  Date date;
  int64_t micro_per_eur = 0;
  bool operator==(const EcbRate&) const = default;
};

class RateTable {
 public:
  // Reads the ECB eurofxref-hist.csv format: a header "Date,USD,JPY,...," naming
  // the currencies (ISO 4217 codes, upper case), then one row per business day
  // with the date (YYYY-MM-DD) and each currency's rate as a plain decimal with
  // at most 6 decimal places, or "N/A" when none was published. Rows may come in
  // any order (the ECB writes newest first); a trailing comma (empty last
  // column), CR LF line ends, a UTF-8 BOM and blank lines are accepted. Every
  // row must have exactly the header's columns.
  //
  // Returns Corruption for the first malformed cell, as
  // "<source_name>:<line>:<column>: expected ..., found '...'" (1-based; the
  // column counts characters), and for a bad header, a missing or extra cell, a
  // zero rate, a repeated date or currency, or a file with no rows.
  // `csv` need not outlive the call.
  static Result<RateTable> FromEcbCsv(std::string_view csv, std::string source_name);

  // The largest rate file LoadFile reads (the whole ECB history is under 2 MB).
  static constexpr size_t kMaxRateFileBytes = 256u << 20;

  // Reads `path` and parses it as above with the path as source name; IOError
  // when the file cannot be read, is not a regular file ("x: not a regular
  // file": a folder, a FIFO, a device) or is over kMaxRateFileBytes, all said
  // before any of it is read.
  static Result<RateTable> LoadFile(const std::string& path);

  // The table compiled into the library from data/ecb/eurofxref-hist.csv
  // (source name "data/ecb/eurofxref-hist.csv"). Parsed on the first call, once,
  // thread-safely; the reference stays valid until the program exits.
  static const RateTable& Bundled();

  // The newest rows of the bundled table: those published within kRecentDays
  // calendar days of its last date, parsed in a few microseconds where the
  // whole history takes milliseconds (a page showing amounts at the newest
  // rates needs no more). Every rate it finds for a date from last_date() -
  // kRecentDays + 7 to last_date() (with the default staleness) is the one
  // Bundled() finds. When it finds none, its NotFound cannot name rates outside
  // the window; ask Bundled() for that message.
  static constexpr int kRecentDays = 31;
  static const RateTable& BundledRecent();

  // The rate of `currency` (ISO code, upper case) published on `date`, else the
  // latest one published before it at most `max_staleness_days` calendar days
  // earlier (a weekend or a holiday); the returned EcbRate carries the date the
  // rate was published. EUR is 1.000000 on any date, within the table or not.
  //
  // NotFound, naming the nearest dates that have a rate, when there is none:
  //   "unknown currency XYZ" (not an ISO code levers knows),
  //   "no ECB rate for AED: <source> never quotes AED; for 2025-05-09 it quotes
  //    only AUD, BGN, ..." (no column; the list is the currencies this function
  //    finds a rate for on `date`, so a withdrawn one such as CYP is not named
  //    after it was last quoted; "..., and has no rates for 2030-01-01 (they
  //    run from 1999-01-04 to 2025-05-09)" when there are none),
  //   "no ECB rate for USD on 1998-12-01: the table starts 1999-01-04",
  //   "no ECB rate for BRL on 2005-03-01: its first rate is on 2008-01-02",
  //   "no ECB rate for CYP on 2010-01-04: none after 2007-12-31 (discontinued)",
  //   "no ECB rate for USD on 2025-06-02: the table ends 2025-05-09, 24 days
  //    earlier (the limit is 7 days)",
  //   "no ECB rate for ISK on 2012-06-01: the nearest are 2008-12-09, 1270 days
  //    earlier (the limit is 7 days), and 2018-02-01".
  // InvalidArgument when max_staleness_days is negative or `date` is not a
  // calendar date.
  Result<EcbRate> RateOn(std::string_view currency, Date date, int max_staleness_days = 7) const;

  // Whether the table stopped quoting `currency` (ISO code, upper case) before
  // `date`, or before its own last date when `date` is later: it has a column
  // for the currency and RateOn finds no rate for it then nor on any later
  // row (CYP after 2007: Cyprus took the euro). NotFound with RateOn's
  // message ("no ECB rate for CYP on 2021-12-31: none after 2007-12-31
  // (discontinued)") when so; OK otherwise, also for a currency the table has
  // no column for (converting into it says why it cannot).
  Status CheckNotDiscontinued(std::string_view currency, Date date) const;

  // A conversion and how it was done.
  struct Conversion {
    Money from;
    Money to;
    // The rates used (RateOn with the default staleness); EUR's is 1.000000.
    // Both are {date, 0} when from and to are the same currency (no rate used).
    EcbRate from_rate;
    EcbRate to_rate;
    // The inputs and arithmetic for people: rates as the ECB writes them,
    // whole amounts without minor digits and others with all of them, "=" when
    // the result is exact and "≈" when it was rounded:
    //   "EUR 187,000 × 1.1252 USD/EUR (ECB 2025-05-09) = USD 210,412.40"
    //   "USD 1,000 ÷ 1.1252 USD/EUR (ECB 2025-05-09) ≈ EUR 888.73"
    //   "GBP 100,000 ÷ 0.8477 GBP/EUR × 163.36 JPY/EUR (ECB 2025-05-09)
    //    ≈ JPY 19,270,969"
    // Each rate's date is named after it when the two differ.
    // A rate published before `date` says so: "(ECB 2025-05-09, the latest
    // before 2025-05-10)". "no conversion" when the currencies are the same.
    std::string formula;
  };

  // Converts `amount` into `to_currency` at the rates for `date`, exactly via
  // EUR: to_minor = round_half_even(from_minor × to_rate × 10^to_digits /
  // (from_rate × 10^from_digits)), where the digits are each currency's minor
  // digits (2 when levers does not know the currency). When amount.currency
  // equals to_currency the amount is returned unchanged and no rate is looked up.
  // InvalidArgument when amount has no currency or the result does not fit in
  // int64 minor units; otherwise the errors of RateOn.
  Result<Conversion> Convert(const Money& amount, std::string_view to_currency, Date date) const;

  // A conversion from one currency into another at the rates of one date,
  // prepared once for converting many amounts: the rates are looked up and the
  // rate part of the formula is written once, so each amount costs only the
  // arithmetic (and, when asked for, two amounts' worth of text). Apply and
  // AppendFormula give exactly the amount and the formula Convert gives for the
  // same inputs; Convert is built on them. Immutable and self-contained (it
  // holds no reference to the RateTable); thread-safe.
  class Converter {
   public:
    // A converted amount in minor units of to_currency(), and whether it is
    // exact (false when it was rounded half to even).
    struct Amount {
      int64_t minor = 0;
      bool exact = true;
      bool operator==(const Amount&) const = default;
    };

    // Converts `from_minor` minor units of from_currency(). InvalidArgument, as
    // Convert words it, when the result does not fit in int64 minor units.
    Result<Amount> Apply(int64_t from_minor) const;

    // Appends Convert's formula for `from_minor` converted into `to` (what Apply
    // returned for it), e.g. "GBP 128,000 ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR
    // (ECB 2025-05-09) ≈ USD 169,901.62"; "no conversion" for one currency.
    void AppendFormula(std::string& out, int64_t from_minor, const Amount& to) const;

    const std::string& from_currency() const { return from_currency_; }
    const std::string& to_currency() const { return to_currency_; }
    // As in Conversion: both {date, 0} when the currencies are the same.
    const EcbRate& from_rate() const { return from_rate_; }
    const EcbRate& to_rate() const { return to_rate_; }

   private:
    friend class RateTable;
    Converter() = default;

    std::string from_currency_, to_currency_;
    EcbRate from_rate_, to_rate_;
    int from_digits_ = 2, to_digits_ = 2;
    bool same_ = false;
    std::string rates_text_;  // " ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR (ECB 2025-05-09)"
  };

  // Looks the rates up once for converting amounts of `from_currency` into
  // `to_currency` at the rates for `date`, with the errors of Convert (RateOn's,
  // for the source currency first); InvalidArgument when from_currency is empty.
  // No rate is looked up when the two currencies are the same.
  Result<Converter> Prepare(std::string_view from_currency, std::string_view to_currency,
                            Date date) const;

  // The dates of the oldest and the newest row.
  Date first_date() const { return dates_.front(); }
  Date last_date() const { return dates_.back(); }
  // The source name given to FromEcbCsv (the path for LoadFile).
  const std::string& source() const { return source_; }
  // The currencies with a column, in the file's order, without EUR.
  std::vector<std::string> currencies() const { return currencies_; }

 private:
  RateTable() = default;
  // FromEcbCsv; with newest_days >= 0, only the rows within that many days of
  // the first (newest) row, if the rows are newest first.
  static Result<RateTable> Parse(std::string_view csv, std::string source_name, int newest_days);
  // Parse of the bundled file; aborts if it does not parse (a build defect).
  static RateTable ParseBundled(int newest_days);
  int ColumnOf(std::string_view currency) const;  // -1 when there is none
  // The row of the rate RateOn finds for `column` on `day` (days since
  // 1970-01-01), looking back at most max_staleness_days; days_.size() when none.
  size_t RowWithRate(int column, int64_t day, int max_staleness_days) const;
  Status NoRate(std::string_view currency, int column, Date date, int max_staleness_days) const;

  std::string source_;
  std::vector<std::string> currencies_;
  std::vector<Date> dates_;           // oldest first, distinct
  std::vector<int32_t> days_;         // dates_ as days since 1970-01-01
  std::vector<int64_t> micro_rates_;  // [column * rows + row]; 0 where N/A
};

// Appends a rate as the ECB writes it, from millionths of a unit per EUR:
// "1.1252", "163.36", "13168" (no trailing zeros, no point for a whole rate).
void AppendEcbRate(std::string& out, int64_t micro_per_eur);

}  // namespace levers

#endif  // LEVERS_FX_H_
