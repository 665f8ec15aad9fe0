// ValueHistogram: an exact multiset of integer amounts (value -> count), the
// percentile definition levers uses for pay bands, and outlier fences on log pay.
//
// Salaries repeat a lot (62,642 Levels.fyi rows hold about 3,000 distinct base
// salaries), so a group's amounts are kept as distinct values with counts:
// memory grows with the number of distinct values, not rows, and every
// percentile is exact. Values are integer minor units (cents for USD).
//
// A ValueHistogram is a plain value: copyable, thread-compatible (one writer).
#ifndef LEVERS_BANDS_HISTOGRAM_H_
#define LEVERS_BANDS_HISTOGRAM_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace levers {

class ValueHistogram {
 public:
  struct Bin {
    int64_t value;
    uint64_t count;
    bool operator==(const Bin&) const = default;
  };

  // Adds one occurrence of `value`. Amortised O(log distinct).
  void Add(int64_t value) {
    pending_.push_back(value);
    if (pending_.size() >= 32 && pending_.size() >= bins_.size()) Compact();
  }
  // Adds every value of `other` (exact merge).
  void Merge(const ValueHistogram& other);
  // Number of values added.
  uint64_t count() const;
  bool empty() const { return bins_.empty() && pending_.empty(); }
  // The distinct values in ascending order with their counts. Compacts first.
  const std::vector<Bin>& bins();
  // Same, for a histogram already compacted (Compact() called, nothing added since).
  const std::vector<Bin>& compacted_bins() const { return bins_; }
  void Compact();

 private:
  std::vector<Bin> bins_;         // sorted by value, distinct
  std::vector<int64_t> pending_;  // added since the last Compact(), unsorted
};

// The percentile `per_mille`/1000 of the values in `bins` (sorted, distinct,
// counts > 0) by linear interpolation between the closest ranks: with the n
// values sorted as x[0] <= ... <= x[n-1], h = (n - 1) * p, the result is
// x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). This is
// numpy's default ("linear"), R's type 7 and DuckDB's quantile_cont. The
// fraction is exact (p is a multiple of 1/1000); the result is rounded half to
// even to a whole minor unit. nullopt when `bins` is empty or per_mille is
// outside 0..1000.
std::optional<int64_t> PercentileLinear(const std::vector<ValueHistogram::Bin>& bins,
                                        int per_mille);

// The value at 0-based rank `rank` of the sorted multiset (rank < count).
int64_t ValueAtRank(const std::vector<ValueHistogram::Bin>& bins, uint64_t rank);

enum class OutlierMethod {
  kNone,
  kIqr,  // Tukey fences on log pay: [Q1 - k*IQR, Q3 + k*IQR], k = 1.5 by default
  kMad,  // median +/- k * 1.4826 * MAD of log pay, k = 3 by default
};

// Which amounts are kept. The fences are computed on ln(v) of the positive
// values, in double precision, with the quartiles and the median found by the
// same linear interpolation as PercentileLinear. A positive value v is kept when
// log_low <= ln(v) <= log_high; values <= 0 are never outliers (log pay is
// undefined for them: they mean "none", e.g. no bonus). With fewer than 4
// positive values nothing is removed (applied = false).
struct OutlierFences {
  double log_low = 0, log_high = 0;
  bool applied = false;
  // Keeps v?
  bool Keeps(int64_t v) const;
};
OutlierFences ComputeOutlierFences(const std::vector<ValueHistogram::Bin>& bins,
                                   OutlierMethod method, double k);

// `bins` without the values outside `fences`; `removed` gets how many were dropped.
std::vector<ValueHistogram::Bin> ApplyFences(const std::vector<ValueHistogram::Bin>& bins,
                                             const OutlierFences& fences, uint64_t& removed);

}  // namespace levers

#endif  // LEVERS_BANDS_HISTOGRAM_H_
