// Writers for offer results: tables for people and JSON for programs, with
// every figure's formula when `explain` is set. Pure functions; thread-safe.
#ifndef LEVERS_OFFER_REPORT_H_
#define LEVERS_OFFER_REPORT_H_

#include <string>

#include "levers/offer.h"

namespace levers {

std::string EvaluationText(const Evaluation& e, bool explain);
std::string EvaluationJson(const Evaluation& e, bool explain);
std::string ComparisonText(const Comparison& c, bool explain);
std::string ComparisonJson(const Comparison& c, bool explain);
std::string CounterPlanText(const CounterPlan& p, bool explain);
std::string CounterPlanJson(const CounterPlan& p, bool explain);

}  // namespace levers

#endif  // LEVERS_OFFER_REPORT_H_
