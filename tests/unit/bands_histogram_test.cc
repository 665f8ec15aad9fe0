// ValueHistogram, PercentileLinear and the outlier fences against values
// worked by hand and against a sort of the same values.
#include "levers/bands_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace levers {
namespace {

ValueHistogram Of(const std::vector<int64_t>& values) {
  ValueHistogram h;
  for (int64_t v : values) h.Add(v);
  return h;
}

// The textbook definition on a sorted vector, in long double, rounded to a whole unit.
// The percentile of docs/bands.md over a sorted copy: h = (n - 1)p with p in
// thousandths, the value x[lo] + (h - lo)(x[lo+1] - x[lo]) held in thousandths
// of a minor unit and rounded half to even.
int64_t SortedPercentile(std::vector<int64_t> v, int per_mille) {
  std::sort(v.begin(), v.end());
  const int64_t h_thousandths = static_cast<int64_t>(v.size() - 1) * per_mille;
  const size_t lo = static_cast<size_t>(h_thousandths / 1000);
  const int64_t frac = h_thousandths % 1000;
  if (lo + 1 >= v.size() || frac == 0) return v[lo];
  const int64_t thousandths = v[lo] * 1000 + frac * (v[lo + 1] - v[lo]);
  int64_t whole = thousandths / 1000;
  const int64_t rest = thousandths % 1000;
  if (rest > 500 || (rest == 500 && whole % 2 == 1)) ++whole;
  return whole;
}

TEST(ValueHistogram, CountsDistinctValues) {
  ValueHistogram h = Of({5, 3, 5, 5, 1, 3});
  EXPECT_EQ(h.count(), 6u);
  const std::vector<ValueHistogram::Bin> want = {{1, 1}, {3, 2}, {5, 3}};
  EXPECT_EQ(h.bins(), want);
  ValueHistogram other = Of({3, 7});
  h.Merge(other);
  const std::vector<ValueHistogram::Bin> merged = {{1, 1}, {3, 3}, {5, 3}, {7, 1}};
  EXPECT_EQ(h.bins(), merged);
  EXPECT_EQ(h.count(), 8u);
}

TEST(PercentileLinear, HandWorkedValues) {
  // 10, 20, 30, 40: h = 3p. p10: 0.3 -> 10 + 0.3*10 = 13. p25: 0.75 -> 17.5 -> 18
  // (half to even), p50: 1.5 -> 25, p75: 2.25 -> 32.5 -> 32 (half to even), p90: 2.7 -> 37.
  ValueHistogram h = Of({40, 10, 30, 20});
  EXPECT_EQ(PercentileLinear(h.bins(), 100), 13);
  EXPECT_EQ(PercentileLinear(h.bins(), 250), 18);
  EXPECT_EQ(PercentileLinear(h.bins(), 500), 25);
  EXPECT_EQ(PercentileLinear(h.bins(), 750), 32);
  EXPECT_EQ(PercentileLinear(h.bins(), 900), 37);
  EXPECT_EQ(PercentileLinear(h.bins(), 0), 10);
  EXPECT_EQ(PercentileLinear(h.bins(), 1000), 40);
  // Amounts in cents: $100,000, $100,000, $150,000: p25 = h 0.5 -> 100,000; p90 = h 1.8 ->
  // 100,000 + 0.8 * 50,000 = 140,000.
  ValueHistogram cents = Of({10'000'000, 10'000'000, 15'000'000});
  EXPECT_EQ(PercentileLinear(cents.bins(), 250), 10'000'000);
  EXPECT_EQ(PercentileLinear(cents.bins(), 900), 14'000'000);
  // The value is rounded, not the step from the rank below it: 11 + 2.5 is 14
  // (13.5 to even), and 8,298,415 + 2.5 is 8,298,418.
  EXPECT_EQ(PercentileLinear(Of({11, 16}).bins(), 500), 14);
  EXPECT_EQ(PercentileLinear(Of({8'298'415, 8'298'420}).bins(), 500), 8'298'418);
  EXPECT_EQ(PercentileLinear(Of({12, 17}).bins(), 500), 14);  // 14.5 to even
  EXPECT_EQ(PercentileLinear(Of({13, 18}).bins(), 500), 16);  // 15.5 to even
  // One value: every percentile is it.
  ValueHistogram one = Of({42});
  EXPECT_EQ(PercentileLinear(one.bins(), 100), 42);
  EXPECT_EQ(PercentileLinear(one.bins(), 900), 42);
  EXPECT_FALSE(PercentileLinear({}, 500).has_value());
  EXPECT_FALSE(PercentileLinear(one.bins(), 1001).has_value());
}

TEST(OutlierFences, AValueExactlyOnAFenceIsKept) {
  // Six of 133,000.00 and two of 391,077.17: Q1 = ln 133,000, and Q3 lies a
  // quarter of the way to ln 391,077.17, so with k = 3 the upper fence
  // Q3 + 3 IQR is exactly ln 391,077.17: inclusive, it keeps them.
  ValueHistogram h = Of({13'300'000, 13'300'000, 13'300'000, 13'300'000, 13'300'000, 13'300'000,
                         39'107'717, 39'107'717});
  OutlierFences f = ComputeOutlierFences(h.bins(), OutlierMethod::kIqr, 3);
  ASSERT_TRUE(f.applied);
  EXPECT_TRUE(f.Keeps(39'107'717));
  EXPECT_TRUE(f.Keeps(13'300'000));
  EXPECT_FALSE(f.Keeps(39'107'800));  // a dollar past the fence is out
}

TEST(PercentileLinear, AgreesWithSortingOnRandomSalaries) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    const size_t n = 1 + rng() % 300;
    std::vector<int64_t> v;
    for (size_t i = 0; i < n; ++i) {
      // Whole thousands of dollars in cents, as salaries are usually given, and
      // odd cents (converted amounts), where halves of a cent do occur.
      v.push_back(round % 2 == 0 ? static_cast<int64_t>(50 + rng() % 400) * 100'000
                                 : static_cast<int64_t>(5'000'000 + rng() % 40'000'001));
    }
    ValueHistogram h = Of(v);
    for (int p : {100, 250, 500, 750, 900}) {
      ASSERT_EQ(PercentileLinear(h.bins(), p), SortedPercentile(v, p)) << "n=" << n << " p=" << p;
    }
  }
}

TEST(OutlierFences, IqrOnLogPay) {
  // 8 salaries and one absurd one: logs sorted, Q1 at h = 2, Q3 at h = 6 of 9 values.
  std::vector<int64_t> v = {100, 110, 120, 130, 140, 150, 160, 170, 5000};
  ValueHistogram h = Of(v);
  const OutlierFences f = ComputeOutlierFences(h.bins(), OutlierMethod::kIqr, 1.5);
  ASSERT_TRUE(f.applied);
  const double q1 = std::log(120.0), q3 = std::log(160.0);
  EXPECT_DOUBLE_EQ(f.log_low, q1 - 1.5 * (q3 - q1));
  EXPECT_DOUBLE_EQ(f.log_high, q3 + 1.5 * (q3 - q1));
  uint64_t removed = 0;
  const auto kept = ApplyFences(h.bins(), f, removed);
  EXPECT_EQ(removed, 1u);  // 5000 (ln 8.52 > fence 5.51)
  EXPECT_EQ(kept.back().value, 170);
  // Zero is never an outlier (no bonus is not an outlier).
  EXPECT_TRUE(f.Keeps(0));
  EXPECT_FALSE(f.Keeps(5000));
  EXPECT_TRUE(f.Keeps(100));
}

TEST(OutlierFences, MadAndTooFewValues) {
  ValueHistogram few = Of({1, 1000, 1000000});
  EXPECT_FALSE(ComputeOutlierFences(few.bins(), OutlierMethod::kIqr, 1.5).applied);
  ValueHistogram h = Of({100, 100, 100, 110, 90, 1000});
  const OutlierFences f = ComputeOutlierFences(h.bins(), OutlierMethod::kMad, 3.0);
  ASSERT_TRUE(f.applied);
  // Median of logs = ln 100; deviations 0,0,0,ln1.1,ln(10/9),ln10 -> MAD = (0 + ln1.1)/2.
  const double mad = 0.5 * std::log(1.1);
  EXPECT_NEAR(f.log_high, std::log(100.0) + 3 * 1.4826 * mad, 1e-12);
  EXPECT_FALSE(f.Keeps(1000));
  EXPECT_TRUE(f.Keeps(110));
  // IQR 0 (all equal) keeps exactly the equal values.
  ValueHistogram same = Of({200, 200, 200, 200, 201});
  const OutlierFences s = ComputeOutlierFences(same.bins(), OutlierMethod::kIqr, 1.5);
  EXPECT_TRUE(s.Keeps(200));
  EXPECT_FALSE(s.Keeps(201));
}

}  // namespace
}  // namespace levers
