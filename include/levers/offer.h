// Offer: a job offer as a candidate holds it, and what levers computes from it:
// the year-by-year value, the position in a guide's band, comparisons and a
// counter plan with a message to send.
//
// Money is exact (integer minor units); every computed figure carries the
// formula that produced it (Figure::formula), for --explain. All functions are
// pure and thread-safe. The offer file format is specified in docs/offer-format.md.
#ifndef LEVERS_OFFER_H_
#define LEVERS_OFFER_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/check.h"
#include "levers/date.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"
#include "levers/money.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

class RateTable;  // levers/fx.h

enum class VestingFrequency { kMonthly, kQuarterly, kYearly };
enum class EquityKind { kPublicRsu, kPrivateRsu, kOptions };

// How a grant vests: the share of the grant in each year (basis points summing
// to 10,000), released at `frequency` within a year, nothing before the cliff.
struct VestingSchedule {
  std::vector<int32_t> yearly_bp;  // e.g. {2500, 2500, 2500, 2500} or {500, 1500, 4000, 4000}
  int cliff_months = 12;
  VestingFrequency frequency = VestingFrequency::kMonthly;
  // An even split: each year vests exactly 1/years of the grant (a third of a
  // 3-year grant, not 33.33%); yearly_bp then holds the split rounded to basis
  // points, for showing and comparing.
  bool even = false;

  int years() const { return static_cast<int>(yearly_bp.size()); }
  // An even split whose yearly share is not whole in basis points (a 3-year
  // grant's thirds): its shares are shown and computed as fractions of years.
  bool FractionalShares() const { return even && years() > 0 && 10000 % years() != 0; }
  // Makes this an even split over `n` (>= 1) years: yearly_bp the split rounded
  // down to basis points, the remainder in the last year, and `even` set.
  void SetEvenSplit(int n);
  // "33.33%" or, for an even split not whole in basis points, "1/3".
  std::string YearShareText(int year_index) const;
  // The year (1-based) in which the cliff falls: nothing vests in the years
  // before it, and in it everything scheduled so far (1 for a cliff of at most
  // 12 months).
  int CliffYear() const;
  // What actually vests in year `year_index` (0-based) once the cliff is
  // applied, as a share of the grant: 0 before the cliff year, the scheduled
  // shares of every year up to it in the cliff year, the year's own share after.
  // The scheduled years [first, last), 0-based, whose shares vest then (empty
  // before the cliff year); in basis points (an even split's rounded); and as
  // text: "70%", "0%", or for an even split not whole in basis points "2/3".
  std::pair<int, int> ReleasedYears(int year_index) const;
  int32_t ReleasedBp(int year_index) const;
  std::string ReleasedShareText(int year_index) const;
  std::string Describe() const;  // "5/15/40/40 over 4 years, 12-month cliff, then monthly"
};

// Amount vesting in each month 1..years*12; the amounts sum to `grant` exactly.
std::vector<int64_t> MonthlyVests(int64_t grant_minor, const VestingSchedule& s);
// Amount vesting in each year 1..years; sums to `grant` exactly.
std::vector<int64_t> YearlyVests(int64_t grant_minor, const VestingSchedule& s);

// A per-share price, exact in millionths of the currency's major unit (USD
// 0.005 is 5,000): early startups' strikes are often below a cent, so a price is
// not held in minor units. Values built from prices are rounded once, down, to
// the minor unit (docs/offer-format.md).
inline constexpr int64_t kSharePriceScale = 1'000'000;
// The most options (shares) one grant may hold: an offer's `equity.shares`,
// and the count a counter plan asks for.
inline constexpr int64_t kMaxOptionShares = 1'000'000'000;
struct SharePrice {
  int64_t micros = 0;    // millionths of a major unit of `currency`
  std::string currency;  // ISO 4217
  bool operator==(const SharePrice&) const = default;
};
// The decimal in major units, every digit kept: "0.005", "2.5", "3".
std::string SharePriceString(const SharePrice& p);
// For people, with at least the currency's minor digits: "USD 0.005", "USD 2.50", "JPY 3".
std::string FormatSharePrice(const SharePrice& p);
// A whole count grouped in thousands, for people: 40000 → "40,000".
std::string FormatCount(int64_t n);

struct EquityGrant {
  EquityKind kind = EquityKind::kPublicRsu;
  Money value;  // the grant's value at the price it was granted at (RSUs), or its notional
                // (options, below)
  VestingSchedule schedule;
  // Options: `shares` at `strike`; worth (price - strike) per share where price is
  // the preferred price if given, else the current fair value (409A).
  int64_t shares = 0;
  std::optional<SharePrice> strike, fair_value, preferred_price;
  // Set when the offer was converted into another currency (Compare, Counter's
  // other offers): shares × price and shares × strike, each converted as one
  // amount, in the offer's new currency. Options are then valued from these
  // totals, so the rounding of a per-share price to the cent is never
  // multiplied by the share count; strike and prices above stay exact in the
  // currency they were given in, for showing.
  std::optional<Money> converted_price_total, converted_strike_total;
};

// A warning the reader gave about an offer it still read (a value a rule sets
// aside, an amount that looks like a slip): kept with the offer, so that every
// output of it shows the warning (JSON `warnings`, the HTTP API), not only the
// reader's diagnostics.
struct OfferWarning {
  std::string code;  // "offer-ignored", "offer-implausible" (docs/checks.md)
  std::string path;  // the key at fault: "equity.preferred_price"
  // 1-based place in the offer's text; 0 for an offer given as flags or a
  // form, which have none.
  uint32_t line = 0, column = 0;
  std::string message;
};

// When a sign-on must be paid back if the candidate leaves early: each payment
// (year one's on joining, year two's at the start of year two, month 12) for
// `months` months after it is paid, in full or pro rata over those months.
// Terms, not money: the sign-on is counted in the year it is paid whatever
// they are (docs/offer-format.md).
enum class ClawbackBasis { kFull, kProRata };
struct SigningClawback {
  int months = 0;  // 1..120, whole months after each payment
  ClawbackBasis basis = ClawbackBasis::kFull;
  bool operator==(const SigningClawback&) const = default;
};
inline constexpr int kMaxClawbackMonths = 120;
// "full" or "pro_rata", as an offer file writes it.
std::string_view ClawbackBasisKey(ClawbackBasis b);
// The terms in words: "in full if you leave within 12 months of payment",
// "pro rata over the 24 months after payment".
std::string DescribeClawback(const SigningClawback& c);
// The terms in a few words, for a table cell: "in full for 12 months", "pro
// rata over 24 months".
std::string DescribeClawbackShort(const SigningClawback& c);

struct Offer {
  // How the candidate names it, e.g. "Google L5"; the reader defaults it to the
  // company, or without one to the source's name (the file's path).
  std::string label;
  // False when `label` is a stand-in (the file's path, a form's "Competing
  // offer 1"): it means nothing to a company, so a message calls the offer
  // "another offer".
  bool label_names_it = true;
  // Each optional (empty when not given): company and role find the guide,
  // region its band; without them the offer is valued without a band position.
  std::string company, role, region;
  std::string currency;      // ISO 4217; every amount is in it
  std::optional<Date> date;  // when the offer was made (for currency conversion)
  Money base;
  std::optional<EquityGrant> equity;
  std::optional<Percent> bonus_pct;
  std::optional<Money> bonus_amount;
  Money signing_year1, signing_year2;
  // Absent when the offer states none; the reader refuses it without a sign-on.
  std::optional<SigningClawback> signing_clawback;
  std::optional<Money> refresh_per_year;
  int refresh_from_year = 2;
  Money relocation;
  std::string source;                  // the file it came from, for messages
  std::vector<OfferWarning> warnings;  // the reader's, in the order given
};

// Whether the offer pays a sign-on, in year one or year two.
inline bool HasSignOn(const Offer& o) {
  return o.signing_year1.minor > 0 || o.signing_year2.minor > 0;
}

// The keys an offer may have at its top, as an offer file writes them.
std::span<const std::string_view> OfferKeys();

// Where an offer's text came from, which decides how its messages name a field.
enum class OfferOrigin {
  kFile,   // a file or request body: the key as written ('equity.years') and its
           // line and column
  kFlags,  // command-line flags written out as JSON: the flag (--equity-years),
           // and no line or column, which the flags do not have
  kForm,   // a form's fields written out as JSON: the key ('equity.years'),
           // another field a message points to by the form's label for it
           // (`form_label`), and no line, column or file syntax, which the
           // person filling in the form never sees
};

// How a form names the field of an offer key: "Vesting years" for "equity.years".
using OfferFieldLabel = std::function<std::string(std::string_view key)>;

// Reads an offer from JSON or YAML text (UTF-8). Problems go to `sink` with
// line:column; nullopt when the offer cannot be used. Each diagnostic's path is
// the key's ("equity.years") whatever `origin` is; only its message differs.
// `form_label` is used with OfferOrigin::kForm only (the key when empty).
std::optional<Offer> ReadOffer(const SourceFile& file, DiagnosticSink& sink,
                               OfferOrigin origin = OfferOrigin::kFile,
                               const OfferFieldLabel& form_label = {});

// Assumptions that turn an offer into numbers; every one is printed with the result.
struct ValuationAssumptions {
  int32_t liquidity_discount_bp = 3000;  // private equity's expected value: notional × (1 − 30%)
  int32_t upside_multiple_pct = 300;     // private equity's upside: notional × 3
  int32_t band_low_percentile = 25;      // a guide's band low is read as this percentile
  int32_t band_high_percentile = 75;     // and its high as this one
  const RateTable* rates = nullptr;      // exchange rates; nullptr: the bundled ECB table
  // The date a guide's review is judged as of (GuideData::as_of), as `levers
  // check --today` judges it; nullopt: not judged. Passed in, never read from
  // the clock here.
  std::optional<Date> today;
};

// The rate table `a` names, or the bundled one.
const RateTable& RatesFor(const ValuationAssumptions& a);

// A computed figure with the arithmetic behind it.
struct Figure {
  Money value;
  std::string formula;
};

// What an offer's sign-on clawback puts at risk, as Evaluate shows it. The
// figures are notes beside the totals, never taken from them: the sign-on is
// paid and counted in full.
struct ClawbackRisk {
  SigningClawback terms;
  // "in full until month 12" for a sign-on paid in year one; with a year-two
  // payment, each payment's window ("year 1's until month 12, year 2's from
  // month 12 until month 24").
  std::string text;
  // The sign-on the clawback covers: every payment, each for `terms.months`
  // after it is paid (year one's plus year two's).
  Figure at_risk;
  // Pro rata only: what would be repaid on leaving after `after_months`
  // whole months, each payment covered then × (months − months since it was
  // paid) / months, rounded down to the minor unit. after_months is
  // terms.months / 2 rounded down, one month later where that is a month at
  // which a payment falls due (month 12 with a year-two sign-on), so the line
  // never turns on the day of leaving. Absent for a full clawback, where it
  // is every payment covered then, and for a 1-month one (it would be after
  // 0 months: the whole sign-on).
  int after_months = 0;
  std::optional<Figure> repayable_after;
  // The most the candidate would repay on leaving after any one whole month
  // (ClawbackRepayable over every month from 0 to the end of the last
  // payment's window), at the earliest month that reaches it; only when it
  // is less than `at_risk` (a split sign-on whose payments are never
  // repayable together, or a year-two one pro rata, never repayable whole)
  // and more than nothing. `most_at_once_until` is the last month of the run
  // of months from the earliest that all repay it (in full over 12 months:
  // after 0 to 11 months, "in the first 12 months").
  int most_at_once_months = 0;
  int most_at_once_until = 0;
  std::optional<Figure> most_at_once;
};

// What `o`'s sign-on clawback would have the candidate repay on leaving after
// `months_served` whole months (0 on the first day), in `o`'s currency: each
// payment paid by then and less than `terms.months` before, in full or
// × (months − months since paid) / months rounded down; with its formula.
// Year one's sign-on is paid on joining; year two's, due at month 12, only to
// someone still employed after month 12 (leaving after exactly 12 months,
// it is not paid and not repayable).
// Nothing (0) when the offer has no clawback.
Figure ClawbackRepayable(const Offer& o, int months_served);

struct YearFigures {
  int year = 0;
  Figure base, bonus, signing, relocation, equity_expected, equity_floor, equity_upside, refresh,
      total_expected;
};

struct EquityValue {
  Figure floor, expected, upside;  // the whole grant, three ways
  // The grant at face value, before any liquidity discount: RSUs' stated value;
  // options' shares × max(0, price − strike), their value at the spread.
  Money face;
  std::string basis;  // why, in words
};

// The grant as the candidate holds it, for messages: "USD 240,000 in equity"
// (RSUs), or for options "40,000 options at strike USD 2.50 (fair value USD 10.00)",
// never a value of 0 for options.
std::string DescribeGrant(const EquityGrant& g);

struct BandPosition {
  std::string what;  // "base", "stock (4-year grant)", "total comp (first year)"
  Money value;       // the offer's figure, in the band's currency
  Money band_low, band_high;
  int32_t percentile = 0;  // 0..100, clamped
  std::string formula;
  std::string note;  // "below the band", "above the band", or empty
};

// How current a guide's data is, shown beside every position in its band so
// that the position can be weighed: what the guide states of its data (each
// empty or nullopt when it does not state it), and when its review is due by
// `levers check`'s rules (FindGuideReview, with no date refused: a date the
// reader refused counts as not stated).
struct GuideData {
  std::string data_quality;         // "high", "medium", "low" as written
  std::string salary_data_quarter;  // "2025-Q4" as written
  std::optional<Date> last_updated, next_review_due;
  std::optional<GuideReview> review;  // nullopt: nothing dates the guide
  std::optional<Date> as_of;          // ValuationAssumptions::today
  // Days the review is past due on `as_of` (GuideReview::DaysOverdue), 0 when
  // it is not overdue; nullopt without a review date or without `as_of`.
  std::optional<int64_t> overdue_days;
};

// The guide's data facts as of `today` (nullopt: not judged).
GuideData DescribeGuideData(const Guide& guide, const std::optional<Date>& today);

struct Evaluation {
  Offer offer;
  std::vector<YearFigures> years;  // 1..4
  Figure first_year_total;  // base + bonus + sign-on year 1 + expected vest year 1 + refresh year 1
  // (sum of years 1..4) / 4 = base + bonus + (sign-on + what the grant and the
  // refreshers vest in years 1..4) / 4, whatever the grant's own length.
  Figure four_year_average;
  // Set when the grant vests over other than 4 years: what the four-year
  // horizon leaves out or counts as 0, in words.
  std::string horizon_note;
  // Set when the offer states a sign-on clawback.
  std::optional<ClawbackRisk> clawback;
  std::optional<EquityValue> equity;
  // Against the guide's band for the offer's region (absent without a guide).
  std::string guide_path, band_region, band_currency;
  std::vector<BandPosition> positions;
  // The guide's data facts as of ValuationAssumptions::today; set whenever
  // guide_path is (a guide was matched), positions or not.
  std::optional<GuideData> guide_data;
  // Why no position was computed, when none was: the offer names no region, or
  // one the guide has no band for (with the regions it has), or one whose band
  // has a low above its high or no currency, or, set by the caller, no guide matched. Empty
  // when positions were computed.
  std::string band_note;
  std::vector<std::string> conversions;  // "EUR 187,000 → USD ... at 1.1252 (ECB 2025-05-09)"
  std::vector<std::string> assumptions;  // every default and constant used, in words
};

// Evaluates an offer; with a guide, places it in the band of the offer's region
// (converting currencies through the bundled ECB table on the offer's date).
// An offer without a region, or with one the guide lacks or whose band is
// inverted or has no currency, is valued without a position and band_note says why (FindBand's
// message). InvalidArgument for an offer that cannot be valued (e.g. no rate
// for its date).
Result<Evaluation> Evaluate(const Offer& offer, const Guide* guide, const ValuationAssumptions& a);

// Finds the guide for an offer's company and role among `guides`; NotFound
// naming the closest companies or roles when there is none.
Result<const Guide*> FindGuide(const std::vector<const Guide*>& guides, const std::string& company,
                               const std::string& role);
// The band for `region` in `guide`, or NotFound naming the guide's regions (the
// closest ones, or all of them when `region` is empty). A band with a base,
// stock or total-comp low above its high (check's range-order) is not used:
// InvalidArgument naming each such range. Nor is a band without a currency (a
// table row whose cells tie on one, or a front matter entry naming none):
// InvalidArgument naming the region, the guide's file and the cells' currencies.
Result<CompBand> FindBand(const Guide& guide, const std::string& region);
// `band` of `guide` when it can be used, by FindBand's rule; else
// InvalidArgument naming each range whose low is above its high, or saying the
// band has no currency.
Result<CompBand> UsableBand(const Guide& guide, const CompBand& band);

// A currency conversion an offer needs that the rates cannot make.
struct ConversionProblem {
  // The offer's field to fix: "date", or "currency" for an offer without a
  // date (converted at the newest rates).
  std::string field;
  // "<offer's source>: date 2025-06-01: cannot convert EUR to USD: no ECB rate
  // for USD on 2025-06-01: ..."; the source is the file's path, or the offer's
  // place in a request.
  std::string message;
  // The currencies the rates have no rate for on that date, in the order
  // converted (from, then to): a rates table that quotes them would convert
  // the offer. Empty when no table would (a currency levers does not know).
  std::vector<std::string> unquoted;
  // The offer's date, on which such a table must quote them; absent for an
  // offer without one (converted at whichever table's newest rates).
  std::optional<Date> unquoted_on;
};

// Whether `o`'s amounts can be converted into `currency` with `rates` (the
// table Compare and Counter use: RatesFor) on the offer's date, or the newest
// one, as they convert each offer: nullopt when they can, or when no conversion
// is needed. Compare and Counter fail with InvalidArgument(message) for an
// offer that has one, so a caller that wants the field calls this first.
std::optional<ConversionProblem> FindConversionProblem(const Offer& o, const std::string& currency,
                                                       const RateTable& rates);

enum class RankBy { kFirstYear, kFourYearAverage, kExpectedEquity, kFloorEquity };

struct Comparison {
  std::string currency;
  std::vector<Evaluation> offers;  // in `currency`
  RankBy rank_by = RankBy::kFourYearAverage;
  std::vector<size_t> ranking;  // indexes into offers, best first
  std::vector<std::string> conversions;
};

// Evaluates every offer in `currency` (empty: the first offer's) and ranks them.
// With `guides`, each offer is also matched to its guide as Evaluate's callers
// do (FindGuide on company and role) and placed in the band of its region from
// its own figures, exactly as Evaluate places it (in the band's currency, not
// the comparison's); band_note says why an offer has no position. `guides`
// must outlive the call only.
Result<Comparison> Compare(const std::vector<Offer>& offers, const std::string& currency,
                           RankBy rank_by, const ValuationAssumptions& a,
                           const std::vector<const Guide*>* guides = nullptr);

// One thing to ask for, in the order a company can most easily grant it.
struct CounterLever {
  std::string what;         // "base", "equity", "signing bonus", "year-one vesting", "refresh"
  Figure ask;               // the figure to ask for
  std::string reason;       // why, citing the band or the candidate's own offers
  std::string guide_lever;  // the guide's lever whose argument fits, if any
  // What that lever's script asks for of the same thing, as the guide states it
  // ("a USD 60,000 sign-on", "30% vesting in year one"); it may differ from
  // `ask`, which follows the plan's rules. Empty without a guide lever.
  std::string guide_lever_asks;
};

// A lever of the guide that no lever of the plan cites: the candidate may
// still pull it (a guaranteed bonus, a refresher commitment), with its script.
struct GuideLeverNote {
  std::string title;
  std::string asks;  // what its script asks for, as the guide states it; "" if no amount
};

// The walk-away in total value: the candidate's best alternative (the highest
// four-year average among the other offers), converted into the offer's
// currency. Below both its figures the offer is worth less than that offer.
struct WalkAway {
  std::string offer;                     // the alternative's label
  Figure first_year, four_year_average;  // its totals (expected equity), converted
  std::vector<std::string> conversions;  // each with its ECB rate and date
};

struct CounterPlan {
  Evaluation offer;
  std::string band_region;
  // floor_base: the calibrated base floor (the band's midpoint, raised to 95% of
  // the weakest competing base); the total-value walk-away is walk_away.
  Figure ask_base, ask_equity, floor_base;
  // Whether ask_base and ask_equity ask for more than the offer gives; when
  // not, they are the offer's own base and grant (over the band's years),
  // which stand.
  bool asks_base = false, asks_equity = false;
  // ask_signing is paid in year one. For an offer that pays its sign-on partly
  // in year two and in all already covers the ask, it moves some into year
  // one: signing_year2_left is then what stays in year two (the sum is the
  // offer's); absent otherwise.
  std::optional<Figure> ask_signing, ask_refresh;
  std::optional<Money> signing_year2_left;
  std::optional<Percent> ask_year_one_vesting_pct;  // for a back-loaded schedule
  std::string ask_year_one_vesting_formula;         // how that share was found
  std::optional<Figure> year_one_top_up;            // the same gap as cash
  // For an options grant, the equity ask as a number of options: the asked
  // grant over the offer's own years ÷ the offer's spread a share (price −
  // strike), rounded up to a whole option; absent when no more equity is
  // asked, for RSUs, for options at or under water (no spread to count by),
  // and above kMaxOptionShares (a count no offer could hold).
  std::optional<int64_t> ask_options;
  std::string ask_options_formula;  // how that count was found
  // For an offer whose sign-on is repayable in full (for more than a month),
  // or pro rata over more than 12 months: the terms to ask for instead, pro
  // rata over at most 12 months; absent otherwise. Terms only: no amount of
  // the plan changes with them, since the sign-on is paid either way.
  std::optional<SigningClawback> ask_clawback;
  std::string ask_clawback_formula;  // why, with what leaving early repays either way
  std::string ask_clawback_script;   // the sentence of the message that asks it
  std::vector<CounterLever> levers;
  // The guide's levers no plan lever cites, in the guide's order; one that
  // argues from competing offers only when the candidate gave some.
  std::vector<GuideLeverNote> other_guide_levers;
  // The guide's Negotiate Up Strategy as it states them, in its own amounts
  // (for the band it was written for; the plan's asks follow the rules):
  // what it asks for ("USD 270,000 base, USD 375,000 in equity over 4 years")
  // and its floor ("USD 245,000 base"); "" when it states none.
  std::string guide_strategy_asks, guide_strategy_floor;
  // The best competing offer's four-year average (expected); absent without
  // competing offers.
  std::optional<Figure> best_alternative;
  std::optional<WalkAway> walk_away;  // absent without competing offers
  std::vector<std::string> rules;     // each rule applied, with its constant and source
  // The reader's warnings of the offer and of each competing offer, each with
  // the label of the offer it is about, in the order the offers were given.
  std::vector<std::pair<std::string, OfferWarning>> warnings;
  std::string message_text, message_markdown;
};

// The band Counter places `offer` in: InvalidArgument when the guide has no
// bands; else its region's (FindBand, NotFound naming the closest regions), or
// when it names none the guide's only band (refused as FindBand refuses a
// band), or NotFound listing the guide's regions when it has several.
Result<CompBand> CounterBand(const Guide& guide, const Offer& offer);

// FindConversionProblem for the band `o` is placed in: Evaluate places an
// offer with a region in that region's band and one without in none; Counter
// (`counter`) places one without in a guide's only band (CounterBand). nullopt
// when there is no such band (the engine says why) or it converts.
std::optional<ConversionProblem> FindBandConversionProblem(const Offer& o, const Guide& guide,
                                                           bool counter, const RateTable& rates);

// OK when `other` can stand as an alternative to `offer`, placed in the band of
// `region`: InvalidArgument when it is from the same company for the same role
// in the same place (an offer without a region counts as in `region`), such as
// the offer itself given again: no alternative to cite to that company.
Status CheckAlternative(const Offer& offer, const std::string& region, const Offer& other);

// Builds the counter plan for `offer` against `band` (in the offer's currency)
// and the candidate's other offers. `guide` supplies levers to quote.
Result<CounterPlan> Counter(const Offer& offer, const Guide& guide,
                            const std::vector<Offer>& others, const ValuationAssumptions& a);

}  // namespace levers

#endif  // LEVERS_OFFER_H_
