// Writers for offer results: tables for people and JSON for programs, with
// every figure's formula when `explain` is set. Pure functions; thread-safe.
#ifndef LEVERS_OFFER_REPORT_H_
#define LEVERS_OFFER_REPORT_H_

#include <string>

#include "levers/offer.h"

namespace levers {

// How the JSON writers lay out their output: indented two spaces a level, for
// people reading a terminal (the CLI's --format json), or compact on one line
// with no whitespace outside strings (the HTTP API). Both end with a newline
// and hold the same values, number for number.
enum class JsonLayout { kIndented, kCompact };

// A guide's data facts in one line for people, without a lead-in: "quality
// medium, salaries 2025-Q4, last updated 2025-11-23, review due 2026-05-23
// (overdue by 185 days as of 2026-11-24)", or "no dates stated" for a guide
// that dates nothing. The text writers print it after "guide data: ".
std::string GuideDataText(const GuideData& d);

std::string EvaluationText(const Evaluation& e, bool explain);
std::string EvaluationJson(const Evaluation& e, bool explain,
                           JsonLayout layout = JsonLayout::kIndented);
std::string ComparisonText(const Comparison& c, bool explain);
std::string ComparisonJson(const Comparison& c, bool explain,
                           JsonLayout layout = JsonLayout::kIndented);
// A plan lever's guide lever as cited: its title, and what its script asks
// for of the same thing when the guide states it ("Front-Loaded Vesting, which
// asks 30% vesting in year one"); "" without one.
std::string GuideLeverCited(const CounterLever& l);

// The options ask in words, over the offer's own vesting years, which may not
// be the band's: "49,734 options over 4 years"; "" when the plan counts none.
std::string OptionsAskText(const CounterPlan& p);

// The clawback ask in words, the asked terms against the offered ones: "pro
// rata over the 12 months after payment, not in full if you leave within 24
// months of payment"; "" when the plan asks none.
std::string ClawbackAskText(const CounterPlan& p);

// The compare table's cells, in the CLI and on the web page alike:
// "sign-on repayable": "USD 20,000, in full for 12 months" for an offer with a
// clawback, "none stated" for a sign-on without one, "—" without a sign-on.
std::string SignOnRepayableCell(const Evaluation& e);
// "grant vests over": "4 years", or "—" without a grant.
std::string GrantVestsOverCell(const Evaluation& e);
// Under the compare table, for an even grant (a cliff of at most a year)
// whose years 1–4 do not all vest the same amount: "the even grant vests GBP
// 171,860.41 in years 1–3 and GBP 171,860.42 in year 4: each year is the
// schedule to date rounded down to the penny, so the years add up to the
// whole grant, GBP 687,441.65, exactly"; for a grant of more than 4 years,
// what years 1–4 of it add up to ("so years 1–4 of 5 add up to GBP
// 80,000.02, and all 5 to the whole grant, GBP 100,000.03, exactly"); ""
// otherwise.
std::string EvenGrantRemainderNote(const Evaluation& e);
// What a sign-on clawback puts at risk, in the words of levers offer evaluate
// and of the web offer page alike: "sign-on repayable: in full until month
// 12: USD 20,000 at risk" (ClawbackRisk::text and at_risk; the figure's
// formula is not part of it); "" without a clawback.
std::string ClawbackAtRiskText(const Evaluation& e);
// The most repayable at once, when it is less than what is at risk
// (ClawbackRisk::most_at_once), in the same words on both: "sign-on repayable
// at most USD 25,833.33 at once (leaving after 13 months)"; "" otherwise.
std::string ClawbackMostAtOnceText(const Evaluation& e);
// What leaving about half-way through a pro rata clawback repays, in the
// words of levers offer evaluate and of the web offer page alike: "sign-on
// repayable after 12 months: USD 10,000" (the figure's formula is not part
// of it); "" when the evaluation has none (repayable_after absent).
std::string ClawbackAfterText(const Evaluation& e);

std::string CounterPlanText(const CounterPlan& p, bool explain);
std::string CounterPlanJson(const CounterPlan& p, bool explain,
                            JsonLayout layout = JsonLayout::kIndented);

}  // namespace levers

#endif  // LEVERS_OFFER_REPORT_H_
