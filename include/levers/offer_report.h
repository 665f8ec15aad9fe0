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

std::string CounterPlanText(const CounterPlan& p, bool explain);
std::string CounterPlanJson(const CounterPlan& p, bool explain,
                            JsonLayout layout = JsonLayout::kIndented);

}  // namespace levers

#endif  // LEVERS_OFFER_REPORT_H_
