#include <numeric>

#include "levers/offer.h"

namespace levers {
namespace {

int PeriodsPerYear(VestingFrequency f) {
  switch (f) {
    case VestingFrequency::kMonthly:
      return 12;
    case VestingFrequency::kQuarterly:
      return 4;
    case VestingFrequency::kYearly:
      return 1;
  }
  return 12;
}

__extension__ typedef __int128 Wide;

}  // namespace

std::string VestingSchedule::YearShareText(int year_index) const {
  if (FractionalShares()) return "1/" + std::to_string(years());
  return PercentString(Percent{yearly_bp[static_cast<size_t>(year_index)]}) + "%";
}

void VestingSchedule::SetEvenSplit(int n) {
  yearly_bp.assign(static_cast<size_t>(n), 10000 / n);
  yearly_bp.back() += 10000 - 10000 / n * n;
  even = true;
}

int VestingSchedule::CliffYear() const { return cliff_months <= 12 ? 1 : (cliff_months + 11) / 12; }

std::pair<int, int> VestingSchedule::ReleasedYears(int year_index) const {
  const int cliff_index = CliffYear() - 1;
  if (year_index < cliff_index) return {year_index, year_index};
  return {year_index == cliff_index ? 0 : year_index, year_index + 1};
}

int32_t VestingSchedule::ReleasedBp(int year_index) const {
  const auto [first, last] = ReleasedYears(year_index);
  return std::accumulate(yearly_bp.begin() + first, yearly_bp.begin() + last, int32_t{0});
}

std::string VestingSchedule::ReleasedShareText(int year_index) const {
  const auto [first, last] = ReleasedYears(year_index);
  if (FractionalShares() && last > first) {
    if (last - first == years()) return "100%";
    return std::to_string(last - first) + "/" + std::to_string(years());
  }
  return PercentString(Percent{ReleasedBp(year_index)}) + "%";
}

std::string VestingSchedule::Describe() const {
  std::string pcts;
  if (FractionalShares()) {
    pcts = "1/" + std::to_string(years()) + " a year";
  } else {
    for (size_t i = 0; i < yearly_bp.size(); ++i) {
      if (i) pcts += "/";
      pcts += PercentString(Percent{yearly_bp[i]});
    }
  }
  const char* freq = frequency == VestingFrequency::kMonthly     ? "monthly"
                     : frequency == VestingFrequency::kQuarterly ? "quarterly"
                                                                 : "yearly";
  return pcts + " over " + std::to_string(years()) + " years, " +
         (cliff_months > 0 ? std::to_string(cliff_months) + "-month cliff, then "
                           : std::string("no cliff, ")) +
         freq;
}

std::vector<int64_t> MonthlyVests(int64_t grant, const VestingSchedule& s) {
  const int months = s.years() * 12;
  const int periods = PeriodsPerYear(s.frequency);
  const Wide denominator = static_cast<Wide>(10000) * periods;
  // What the schedule has released by the end of month m, before the cliff is applied:
  // whole years before m, plus the completed periods of m's year. Rounded down, so the
  // last month releases exactly what remains and the vests sum to the grant.
  auto scheduled = [&](int m) -> int64_t {
    if (m <= 0) return 0;
    const int year = (m - 1) / 12;
    const int month_in_year = (m - 1) % 12 + 1;
    if (s.even) {  // exactly (completed periods) / (all periods) of the grant
      const Wide done = static_cast<Wide>(year) * periods + month_in_year * periods / 12;
      return static_cast<int64_t>(static_cast<Wide>(grant) * done /
                                  (static_cast<Wide>(s.years()) * periods));
    }
    const int64_t before =
        std::accumulate(s.yearly_bp.begin(), s.yearly_bp.begin() + year, int64_t{0});
    const int64_t done_periods = month_in_year * periods / 12;
    const Wide numerator =
        static_cast<Wide>(before) * periods + static_cast<Wide>(s.yearly_bp[year]) * done_periods;
    return static_cast<int64_t>(static_cast<Wide>(grant) * numerator / denominator);
  };
  auto vested_by = [&](int m) -> int64_t { return m < s.cliff_months ? 0 : scheduled(m); };
  std::vector<int64_t> out(static_cast<size_t>(months), 0);
  for (int m = 1; m <= months; ++m)
    out[static_cast<size_t>(m - 1)] = vested_by(m) - vested_by(m - 1);
  return out;
}

std::vector<int64_t> YearlyVests(int64_t grant, const VestingSchedule& s) {
  const std::vector<int64_t> monthly = MonthlyVests(grant, s);
  std::vector<int64_t> out(static_cast<size_t>(s.years()), 0);
  for (size_t m = 0; m < monthly.size(); ++m) out[m / 12] += monthly[m];
  return out;
}

}  // namespace levers
