#include "bands/estimate.h"

#include <algorithm>
#include <map>

#include "bands/names.h"
#include "bands/record_reader.h"

namespace levers::bands_internal {
namespace {

__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

using Spellings = std::vector<std::vector<std::pair<std::string, uint64_t>>>;

// Absent when total comp has no percentiles: a spread of nothing is no figure.
std::optional<int32_t> SpreadBp(const MetricBand& total) {
  if (!total.pct) return std::nullopt;
  const int64_t p25 = (*total.pct)[1], p50 = (*total.pct)[2], p75 = (*total.pct)[3];
  if (p50 <= 0) return std::nullopt;
  const Int128 num = static_cast<Int128>(p75 - p25) * 10000;
  Int128 q = num / p50;
  const Int128 twice_rest = (num % p50) * 2;
  if (twice_rest > p50 || (twice_rest == p50 && q % 2 != 0)) ++q;  // half to even
  return static_cast<int32_t>(std::min<Int128>(q, 1'000'000));
}

// The parent of `key` when dimension `d` is dropped.
GroupKey Drop(GroupKey key, int d) {
  key[d] = kAll;
  return key;
}

// The name shown for each region id. A region is its city and country (or a
// metro), named as RegionOf names its most frequent spelling; where two
// regions of the data share that name ("London" in the United Kingdom and in
// Kentucky), the one with the most rows keeps it (ties: the first key) and
// the others are qualified by state or country ("London, KY").
std::vector<std::string> RegionNames(const Interner& regions, const Spellings& spellings) {
  std::vector<std::string> names(regions.size());
  std::vector<uint64_t> rows(regions.size(), 0);
  std::map<std::string, std::vector<int32_t>> by_name;
  for (size_t id = 0; id < regions.size(); ++id) {
    const auto& s = spellings[id];
    names[id] = s.empty() ? regions.key(static_cast<int32_t>(id)) : RegionOf(s.front().first);
    for (const auto& [spelling, n] : s) rows[id] += n;
    by_name[Fold(names[id])].push_back(static_cast<int32_t>(id));
  }
  for (auto& [name, ids] : by_name) {
    if (ids.size() < 2) continue;
    const int32_t owner = *std::min_element(ids.begin(), ids.end(), [&](int32_t a, int32_t b) {
      if (rows[a] != rows[b]) return rows[a] > rows[b];
      return regions.key(a) < regions.key(b);
    });
    for (int32_t id : ids) {
      if (id != owner && !spellings[id].empty()) {
        names[id] = QualifiedRegion(spellings[id].front().first);
      }
    }
  }
  return names;
}

struct Describe {
  const GroupTable& table;
  const std::vector<BandDimension>& by;
  const std::array<Spellings, kKeyDims>& spellings;
  const std::vector<std::string>& region_names;

  std::string Display(int d, int32_t id) const {
    if (id == kAll) {
      static constexpr const char* kAllNames[] = {"all companies", "all titles", "all levels",
                                                  "all regions", "all quarters"};
      return kAllNames[d];
    }
    if (d == 4) {
      const int year = id / 10, q = id % 10;
      return q == 0 ? std::to_string(year) : QuarterLabel(Date{year, q * 3, 1}, false);
    }
    if (d == 3) return region_names[id];
    const auto& s = spellings[d][id];
    if (s.empty()) return table.dim(d).key(id);
    return s.front().first;
  }
  std::string Norm(int d, int32_t id) const {
    if (id == kAll) return "*";
    if (d == 4) return Display(d, id);
    // A region's normalised key is its shown name folded ("london, ky"), which
    // is what a guide's region is matched against.
    if (d == 3) return Fold(region_names[id]);
    return table.dim(d).key(id);
  }
  std::string Path(const GroupKey& k) const {
    std::string out;
    for (BandDimension b : by) {
      const int d = static_cast<int>(b);
      if (!out.empty()) out += " / ";
      out += Display(d, k[d]);
    }
    return out;
  }
};

void FillMetrics(GroupAccum& a, const BandsOptions& o, GroupBand& g) {
  for (size_t m = 0; m < 4; ++m)
    g.metrics[m] = EstimateMetric(a.metrics[m], o.outliers, o.outlier_k);
  g.spread_bp = SpreadBp(g.metrics[static_cast<int>(BandMetric::kTotal)]);
}

}  // namespace

MetricBand EstimateMetric(ValueHistogram& h, OutlierMethod method, double k) {
  MetricBand out;
  const std::vector<ValueHistogram::Bin>& bins = h.bins();
  out.fences = ComputeOutlierFences(bins, method, k);
  const std::vector<ValueHistogram::Bin> kept = ApplyFences(bins, out.fences, out.outliers);
  for (const auto& b : kept) out.n += b.count;
  if (out.n > 0) {
    std::array<int64_t, 5> p{};
    for (size_t i = 0; i < 5; ++i) p[i] = *PercentileLinear(kept, kPercentilesPerMille[i]);
    out.pct = p;
  }
  return out;
}

void Estimate(GroupTable& table, BandSet& out) {
  const BandsOptions& o = out.options;
  std::array<Spellings, kKeyDims> spellings;
  for (int d = 0; d < kKeyDims; ++d) {
    if (d != 4) spellings[d] = table.dim(d).SpellingsById();
  }
  const std::vector<std::string> region_names = RegionNames(table.dim(3), spellings[3]);
  const Describe describe{table, o.by, spellings, region_names};
  bool grouped[5] = {false, false, false, false, false};
  for (BandDimension d : o.by) grouped[static_cast<int>(d)] = true;
  const bool has_companies = table.dim(0).size() > 0;

  // Parents for pooling: region dropped, then region and level dropped.
  std::vector<int> pool_order;
  if (grouped[3]) pool_order.push_back(3);
  if (grouped[2]) pool_order.push_back(2);
  std::vector<std::map<GroupKey, GroupAccum>> parents(pool_order.size());
  bool any_small = false;
  for (const GroupAccum& a : table.groups()) any_small |= a.n < static_cast<uint64_t>(o.min_n);
  if (any_small && o.small == SmallGroupPolicy::kPool) {
    for (const auto& [key, index] : table.index()) {
      GroupKey k = key;
      for (size_t level = 0; level < pool_order.size(); ++level) {
        k = Drop(k, pool_order[level]);
        GroupAccum& p = parents[level][k];
        p.Merge(table.groups()[index], {});
      }
    }
  }
  std::map<std::pair<size_t, GroupKey>, GroupBand> parent_bands;  // estimated once each

  out.groups.clear();
  out.groups.reserve(table.index().size());
  for (const auto& [key, index] : table.index()) {
    GroupAccum& a = table.mutable_groups()[index];
    GroupBand g;
    for (BandDimension b : o.by) {
      const int d = static_cast<int>(b);
      g.key.push_back(describe.Display(d, key[d]));
      g.key_norm.push_back(describe.Norm(d, key[d]));
    }
    if (grouped[0]) {
      for (const auto& [spelling, count] : spellings[0][key[0]])
        g.company_aliases.push_back(spelling);
    }
    g.n = a.n;
    g.converted = a.converted;
    g.newest = a.newest;
    g.companies = grouped[0] ? 1 : (has_companies ? a.companies.size() : 0);
    g.currency = table.dim(kCurrencyDim).key(key[kCurrencyDim]);
    if (a.n >= static_cast<uint64_t>(o.min_n)) {
      FillMetrics(a, o, g);
      g.grade = std::string(GradeFor(g.n, g.metrics[static_cast<int>(BandMetric::kTotal)]));
    } else {
      g.grade = "low";
      g.status = GroupStatus::kSuppressed;
      if (o.small == SmallGroupPolicy::kPool) {
        GroupKey k = key;
        for (size_t level = 0; level < pool_order.size(); ++level) {
          k = Drop(k, pool_order[level]);
          GroupAccum& p = parents[level].at(k);
          if (p.n < static_cast<uint64_t>(o.min_n)) continue;
          auto [it, fresh] = parent_bands.try_emplace({level, k});
          if (fresh) FillMetrics(p, o, it->second);
          g.metrics = it->second.metrics;
          g.spread_bp = it->second.spread_bp;
          g.status = GroupStatus::kPooled;
          g.pooled_from = describe.Path(k);
          g.pooled_n = p.n;
          break;
        }
      }
      if (g.status == GroupStatus::kSuppressed) {
        // The group's own counts, no figures.
        for (size_t m = 0; m < 4; ++m) {
          g.metrics[m] = MetricBand{};
          g.metrics[m].n = a.metrics[m].count();
        }
      }
    }
    out.groups.push_back(std::move(g));
  }
  std::sort(out.groups.begin(), out.groups.end(), [](const GroupBand& x, const GroupBand& y) {
    if (x.n != y.n) return x.n > y.n;
    if (x.key_norm != y.key_norm) return x.key_norm < y.key_norm;
    return x.currency < y.currency;
  });
}

}  // namespace levers::bands_internal
