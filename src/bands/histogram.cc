#include <algorithm>
#include <cmath>

#include "levers/bands_histogram.h"

namespace levers {
namespace {

__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

using Bins = std::vector<ValueHistogram::Bin>;

// Merges two sorted, distinct bin lists into `out`.
void MergeSorted(const Bins& a, const Bins& b, Bins& out) {
  out.clear();
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].value < b[j].value) {
      out.push_back(a[i++]);
    } else if (b[j].value < a[i].value) {
      out.push_back(b[j++]);
    } else {
      out.push_back({a[i].value, a[i].count + b[j].count});
      ++i;
      ++j;
    }
  }
  out.insert(out.end(), a.begin() + i, a.end());
  out.insert(out.end(), b.begin() + j, b.end());
}

uint64_t Total(const Bins& bins) {
  uint64_t n = 0;
  for (const auto& b : bins) n += b.count;
  return n;
}

// Linear interpolation at fraction p of the positive values' logs.
double LogQuantile(const Bins& bins, uint64_t n, double p) {
  const double h = static_cast<double>(n - 1) * p;
  const uint64_t lo = static_cast<uint64_t>(std::floor(h));
  const double x0 = std::log(static_cast<double>(ValueAtRank(bins, lo)));
  if (lo + 1 >= n) return x0;
  const double x1 = std::log(static_cast<double>(ValueAtRank(bins, lo + 1)));
  return x0 + (h - static_cast<double>(lo)) * (x1 - x0);
}

}  // namespace

void ValueHistogram::Compact() {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end());
  Bins fresh;
  fresh.reserve(pending_.size());
  for (int64_t v : pending_) {
    if (!fresh.empty() && fresh.back().value == v) {
      ++fresh.back().count;
    } else {
      fresh.push_back({v, 1});
    }
  }
  pending_.clear();
  if (bins_.empty()) {
    bins_ = std::move(fresh);
    return;
  }
  Bins merged;
  MergeSorted(bins_, fresh, merged);
  bins_ = std::move(merged);
}

void ValueHistogram::Merge(const ValueHistogram& other) {
  Compact();
  ValueHistogram copy = other;
  copy.Compact();
  Bins merged;
  MergeSorted(bins_, copy.bins_, merged);
  bins_ = std::move(merged);
}

uint64_t ValueHistogram::count() const { return Total(bins_) + pending_.size(); }

const std::vector<ValueHistogram::Bin>& ValueHistogram::bins() {
  Compact();
  return bins_;
}

int64_t ValueAtRank(const Bins& bins, uint64_t rank) {
  for (const auto& b : bins) {
    if (rank < b.count) return b.value;
    rank -= b.count;
  }
  return bins.empty() ? 0 : bins.back().value;
}

std::optional<int64_t> PercentileLinear(const Bins& bins, int per_mille) {
  if (bins.empty() || per_mille < 0 || per_mille > 1000) return std::nullopt;
  const uint64_t n = Total(bins);
  // h = (n - 1) * per_mille / 1000 = lo + num / 1000, exactly.
  const UInt128 scaled = static_cast<UInt128>(n - 1) * per_mille;
  const uint64_t lo = static_cast<uint64_t>(scaled / 1000);
  const int64_t num = static_cast<int64_t>(scaled % 1000);
  const int64_t x0 = ValueAtRank(bins, lo);
  if (num == 0) return x0;
  const int64_t x1 = ValueAtRank(bins, lo + 1);
  // x0 + num * (x1 - x0) / 1000, the value (not the step from x0) rounded half
  // to even: 8298415 + 2.5 is 8298418. Amounts are never negative, so the
  // quotient and remainder below are floor division.
  const Int128 exact = static_cast<Int128>(x0) * 1000 + static_cast<Int128>(x1 - x0) * num;
  Int128 q = exact / 1000;
  const Int128 r = exact % 1000;
  if (2 * r > 1000 || (2 * r == 1000 && (q % 2) != 0)) ++q;
  return static_cast<int64_t>(q);
}

bool OutlierFences::Keeps(int64_t v) const {
  if (!applied || v <= 0) return true;
  const double l = std::log(static_cast<double>(v));
  // Inclusive, and a value exactly on a fence stays inclusive through the
  // doubles' rounding: the fence and ln v are each a few operations away from
  // their exact values (errors near 1e-14 for ln of a salary), so a margin of
  // 1e-12, a relative 1e-12 in v (a cent in ten billion), decides ties as the
  // exact rule does.
  constexpr double kTie = 1e-12;
  return l >= log_low - kTie && l <= log_high + kTie;
}

OutlierFences ComputeOutlierFences(const Bins& bins, OutlierMethod method, double k) {
  OutlierFences f;
  if (method == OutlierMethod::kNone) return f;
  Bins positive;
  for (const auto& b : bins) {
    if (b.value > 0) positive.push_back(b);
  }
  const uint64_t n = Total(positive);
  if (n < 4) return f;
  if (method == OutlierMethod::kIqr) {
    const double q1 = LogQuantile(positive, n, 0.25);
    const double q3 = LogQuantile(positive, n, 0.75);
    f.log_low = q1 - k * (q3 - q1);
    f.log_high = q3 + k * (q3 - q1);
  } else {
    const double median = LogQuantile(positive, n, 0.5);
    // The median of |ln v - median| over the positive values.
    std::vector<double> dev;
    dev.reserve(positive.size());
    std::vector<std::pair<double, uint64_t>> weighted;
    for (const auto& b : positive) {
      weighted.emplace_back(std::fabs(std::log(static_cast<double>(b.value)) - median), b.count);
    }
    std::sort(weighted.begin(), weighted.end());
    auto at = [&](uint64_t rank) {
      for (const auto& [d, c] : weighted) {
        if (rank < c) return d;
        rank -= c;
      }
      return weighted.back().first;
    };
    const double h = static_cast<double>(n - 1) * 0.5;
    const uint64_t lo = static_cast<uint64_t>(std::floor(h));
    const double mad = lo + 1 < n ? at(lo) + (h - lo) * (at(lo + 1) - at(lo)) : at(lo);
    f.log_low = median - k * 1.4826 * mad;
    f.log_high = median + k * 1.4826 * mad;
  }
  f.applied = true;
  return f;
}

Bins ApplyFences(const Bins& bins, const OutlierFences& fences, uint64_t& removed) {
  removed = 0;
  Bins kept;
  kept.reserve(bins.size());
  for (const auto& b : bins) {
    if (fences.Keeps(b.value)) {
      kept.push_back(b);
    } else {
      removed += b.count;
    }
  }
  return kept;
}

}  // namespace levers
