// A sign-on's clawback: what the candidate would repay on leaving early. The
// sign-on itself is counted where it is paid (evaluate.cc); these figures are
// notes beside the totals (docs/offer-format.md).
#include <vector>

#include "levers/offer.h"
#include "offer/conversion.h"

namespace levers {
namespace {

__extension__ typedef __int128 Wide;

// One payment of the sign-on: year one's on joining (month 0), year two's at
// the start of year two (month 12).
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

}  // namespace

std::string_view ClawbackBasisKey(ClawbackBasis b) {
  return b == ClawbackBasis::kFull ? "full" : "pro_rata";
}

std::string DescribeClawback(const SigningClawback& c) {
  const std::string months = std::to_string(c.months) + (c.months == 1 ? " month" : " months");
  return c.basis == ClawbackBasis::kFull ? "in full if you leave within " + months + " of payment"
                                         : "pro rata over the " + months + " after payment";
}

Figure ClawbackRepayable(const Offer& o, int months_served) {
  const std::string& cur = o.currency;
  if (!o.signing_clawback) return {Money{0, cur}, "no sign-on clawback"};
  const SigningClawback& c = *o.signing_clawback;
  const std::vector<Payment> payments = Payments(o);
  const bool split = o.signing_year2.minor > 0;
  int64_t total = 0;
  bool rounded = false;
  std::vector<std::string> terms;
  for (const Payment& p : payments) {
    const std::string name =
        split ? "year " + std::to_string(p.year) + "'s sign-on" : "the sign-on";
    if (p.paid_at > months_served) {
      terms.push_back(name + " is not paid until " + MonthText(p.paid_at));
      continue;
    }
    const int since = months_served - p.paid_at;
    if (since >= c.months) {
      terms.push_back(name + " is kept: its " + std::to_string(c.months) + " months end at " +
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
    rounded = rounded || num % c.months != 0;
    total += part;
    terms.push_back(name + " " + FormatMoney(p.amount) + " × (" + std::to_string(c.months) + " − " +
                    std::to_string(since) + ") / " + std::to_string(c.months) +
                    (since == 0 ? std::string()
                                : " (" + std::to_string(since) + " of its " +
                                      std::to_string(c.months) + " months served)") +
                    " = " + FormatMoney(Money{part, cur}));
  }
  std::string formula = "leaving after " + std::to_string(months_served) +
                        (months_served == 1 ? " month" : " months") + ": ";
  for (size_t i = 0; i < terms.size(); ++i) formula += (i ? "; " : "") + terms[i];
  formula += "; repayable " + FormatMoney(Money{total, cur});
  if (rounded) formula += " (each part rounded down to the " + internal::MinorUnitName(cur) + ")";
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
  if (c.basis == ClawbackBasis::kProRata) {
    r.after_months = c.months / 2;
    r.repayable_after = ClawbackRepayable(o, r.after_months);
  }
  return r;
}

}  // namespace levers
