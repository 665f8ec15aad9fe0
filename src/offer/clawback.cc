// A sign-on's clawback: what the candidate would repay on leaving early. The
// sign-on itself is counted where it is paid (evaluate.cc); these figures are
// notes beside the totals (docs/offer-format.md).
#include <algorithm>
#include <utility>
#include <vector>

#include "core/counted.h"
#include "levers/offer.h"
#include "offer/conversion.h"

namespace levers {
namespace {

__extension__ typedef __int128 Wide;

// One payment of the sign-on: year one's on joining (month 0), year two's at
// the start of year two (month 12). A payment due at month 12 is made only to
// someone still employed after month 12: leaving after exactly 12 months, it
// is never paid, so none of it is repayable.
struct Payment {
  Money amount;
  int paid_at = 0;  // months after joining
  int year = 1;
};

std::vector<Payment> Payments(const Offer& o) {
  std::vector<Payment> out;
  if (o.signing_year1.minor > 0) out.push_back({o.signing_year1, 0, 1});
  if (o.signing_year2.minor > 0) out.push_back({o.signing_year2, 12, 2});
  return out;
}

std::string MonthText(int n) { return "month " + std::to_string(n); }

// Whether `p` has been paid to someone leaving after `months_served` whole
// months: on joining always, a later payment only after its month.
bool PaidBy(const Payment& p, int months_served) {
  return p.paid_at == 0 || months_served > p.paid_at;
}

}  // namespace

int internal::ClawbackHalfWayMonths(const Offer& o, const SigningClawback& c) {
  const std::vector<Payment> payments = Payments(o);
  int n = (payments.empty() ? 0 : payments.front().paid_at) + c.months / 2;
  for (const Payment& p : payments)
    if (p.paid_at > 0 && n == p.paid_at) ++n;
  return n;
}

std::string_view ClawbackBasisKey(ClawbackBasis b) {
  return b == ClawbackBasis::kFull ? "full" : "pro_rata";
}

std::string DescribeClawback(const SigningClawback& c) {
  const std::string months = internal::Counted(c.months, "month");
  return c.basis == ClawbackBasis::kFull ? "in full if you leave within " + months + " of payment"
                                         : "pro rata over the " + months + " after payment";
}

std::string DescribeClawbackShort(const SigningClawback& c) {
  const std::string months = internal::Counted(c.months, "month");
  return c.basis == ClawbackBasis::kFull ? "in full for " + months : "pro rata over " + months;
}

Figure ClawbackRepayable(const Offer& o, int months_served) {
  const std::string& cur = o.currency;
  if (!o.signing_clawback) return {Money{0, cur}, "no sign-on clawback"};
  const SigningClawback& c = *o.signing_clawback;
  const std::vector<Payment> payments = Payments(o);
  const bool split = o.signing_year2.minor > 0;
  int64_t total = 0;
  int rounded = 0;  // parts rounded down
  std::vector<std::string> terms;
  for (const Payment& p : payments) {
    const std::string name =
        split ? "year " + std::to_string(p.year) + "'s sign-on" : "the sign-on";
    if (!PaidBy(p, months_served)) {
      terms.push_back(name + " is not paid: it is due after " + MonthText(p.paid_at) +
                      ", to someone still employed then");
      continue;
    }
    const int since = months_served - p.paid_at;
    if (since >= c.months) {
      terms.push_back(name + " is kept: its " + internal::Counted(c.months, "month") + " end at " +
                      MonthText(p.paid_at + c.months));
      continue;
    }
    if (c.basis == ClawbackBasis::kFull) {
      total += p.amount.minor;
      terms.push_back(name + " " + FormatMoney(p.amount) + " in full (until " +
                      MonthText(p.paid_at + c.months) + ")");
      continue;
    }
    const Wide num = static_cast<Wide>(p.amount.minor) * (c.months - since);
    const int64_t part = static_cast<int64_t>(num / c.months);
    rounded += num % c.months != 0;
    total += part;
    terms.push_back(name + " " + FormatMoney(p.amount) + " × (" + std::to_string(c.months) + " − " +
                    std::to_string(since) + ") / " + std::to_string(c.months) +
                    (since == 0 ? std::string()
                                : " (" + std::to_string(since) + " of its " +
                                      internal::Counted(c.months, "month") + " served)") +
                    " = " + FormatMoney(Money{part, cur}));
  }
  std::string formula = "leaving after " + internal::Counted(months_served, "month") + ": ";
  for (size_t i = 0; i < terms.size(); ++i) formula += (i ? "; " : "") + terms[i];
  formula += "; repayable " + FormatMoney(Money{total, cur});
  if (rounded > 0)
    formula += std::string(rounded > 1 ? " (each part rounded" : " (rounded") + " down to the " +
               internal::MinorUnitName(cur) + ")";
  return {Money{total, cur}, formula};
}

std::optional<ClawbackRisk> internal::DescribeClawbackRisk(const Offer& o) {
  if (!o.signing_clawback) return std::nullopt;
  const SigningClawback& c = *o.signing_clawback;
  const std::string& cur = o.currency;
  ClawbackRisk r;
  r.terms = c;
  const std::vector<Payment> payments = Payments(o);
  const bool split = o.signing_year2.minor > 0;
  const std::string how = c.basis == ClawbackBasis::kFull ? "in full" : "pro rata";
  int64_t covered = 0;
  std::string windows, parts;
  for (const Payment& p : payments) {
    covered += p.amount.minor;
    const std::string until = "until " + MonthText(p.paid_at + c.months);
    if (split) {
      windows += (windows.empty() ? "" : ", ") + std::string("year ") + std::to_string(p.year) +
                 "'s " + (p.paid_at > 0 ? "from " + MonthText(p.paid_at) + " " : "") + until;
    } else {
      windows = until;
    }
    parts += (parts.empty() ? "" : " + ") + FormatMoney(p.amount) + " (" +
             (split ? "year " + std::to_string(p.year) + ", " : std::string()) +
             (p.paid_at == 0 ? std::string("paid on joining") : "paid at " + MonthText(p.paid_at)) +
             ", repayable " + how + " " + until + ")";
  }
  r.text = how + (split ? ": " : " ") + windows;
  r.at_risk = {Money{covered, cur},
               parts + (payments.size() > 1 ? " = " + FormatMoney(Money{covered, cur}) : "") +
                   "; " + std::string(payments.size() > 1 ? "each is" : "it is") +
                   " paid and counted in its year all the same: the clawback is a cost only if "
                   "you leave early"};
  // Over 1 month there is no half-way point: the line would be the whole
  // sign-on again.
  if (c.basis == ClawbackBasis::kProRata && c.months >= 2) {
    r.after_months = ClawbackHalfWayMonths(o, c);
    r.repayable_after = ClawbackRepayable(o, r.after_months);
  }
  // Every leaving month up to the end of the last window (after it, nothing
  // is repayable); the earliest that reaches the most.
  int end = 0;
  for (const Payment& p : payments) end = std::max(end, p.paid_at + c.months);
  // The one repayment rule, ClawbackRepayable, at each month (at most 133 of
  // them): no second spelling of it to drift apart.
  Figure most{Money{0, cur}, ""};
  int most_at = 0;
  int most_until = 0;
  for (int n = 0; n <= end; ++n) {
    Figure f = ClawbackRepayable(o, n);
    if (f.value.minor > most.value.minor) {
      most = std::move(f);
      most_at = most_until = n;
    } else if (f.value.minor == most.value.minor && most_until == n - 1) {
      most_until = n;
    }
  }
  // Nothing repayable at any month (a year-two sign-on over 1 month: paid
  // after month 12, its month over by month 13) has no "most" to show.
  if (most.value.minor > 0 && most.value.minor != covered) {
    r.most_at_once_months = most_at;
    r.most_at_once_until = most_until;
    r.most_at_once = std::move(most);
    r.most_at_once->formula += "; the most of any leaving month from 0 to " + std::to_string(end) +
                               ", first reached after " + internal::Counted(most_at, "month") +
                               ", not the whole " + FormatMoney(Money{covered, cur}) + " at risk";
  }
  return r;
}

}  // namespace levers
