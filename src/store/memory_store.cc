// memory: the store as plain vectors behind a mutex, for tests. It answers every
// query with the same rules as the SQL backends (store_internal.h), and is the
// reference the conformance suite holds them to.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "store/store_internal.h"

namespace levers::store_internal {
namespace {

bool MatchesName(const std::string& filter, const std::string& slug, const std::string& display) {
  if (filter.empty()) return true;
  const std::string f = AsciiLower(filter);
  return f == AsciiLower(slug) || f == AsciiLower(display);
}

const std::string& SortValue(const GuideSummary& g, GuideSortKey key) {
  switch (key) {
    case GuideSortKey::kCompany:
      return g.company;
    case GuideSortKey::kRole:
      return g.role;
    case GuideSortKey::kLastUpdated:
      return g.last_updated;
    case GuideSortKey::kNextReviewDue:
      return g.next_review_due;
    case GuideSortKey::kId:
      break;
  }
  return g.id;
}

class MemoryStore final : public Store {
 public:
  std::string_view Backend() const override { return "memory"; }
  int SchemaVersion() const override { return kStoreSchemaVersion; }

  Status ReplaceCorpus(const CorpusSnapshot& snapshot, const ReplaceOptions& options) override {
    LEVERS_RETURN_IF_ERROR(ValidateSnapshot(snapshot));
    // Imports run one at a time; readers go on reading the current corpus until
    // the new one, complete, takes its place.
    std::lock_guard write_lock(write_mu_);
    const int64_t total = SnapshotRowCount(snapshot);
    if (options.on_row) {
      for (int64_t i = 1; i <= total; ++i) LEVERS_RETURN_IF_ERROR(options.on_row(i, total));
    }
    CorpusSnapshot next = snapshot;
    auto by_pos = [](const auto& a, const auto& b) {
      return std::tie(a.guide_id, a.position) < std::tie(b.guide_id, b.position);
    };
    std::sort(
        next.guides.begin(), next.guides.end(),
        [](const GuideRecord& a, const GuideRecord& b) { return a.summary.id < b.summary.id; });
    std::sort(next.bands.begin(), next.bands.end(), by_pos);
    std::sort(next.levers.begin(), next.levers.end(), by_pos);
    std::sort(next.level_equivalences.begin(), next.level_equivalences.end(), by_pos);
    std::sort(next.findings.begin(), next.findings.end(), by_pos);
    std::sort(
        next.strategies.begin(), next.strategies.end(),
        [](const StoredStrategy& a, const StoredStrategy& b) { return a.guide_id < b.guide_id; });
    std::map<std::string, size_t, std::less<>> index;
    for (size_t i = 0; i < next.guides.size(); ++i) index[next.guides[i].summary.id] = i;
    std::map<std::string, std::set<std::string>, std::less<>> region_keys;
    for (const StoredBand& b : next.bands)
      region_keys[b.guide_id].insert(RegionFilterKey(b.region));
    std::unique_lock lock(mu_);
    corpus_ = std::move(next);
    index_ = std::move(index);
    region_keys_ = std::move(region_keys);
    imported_ = true;
    ++generation_;
    return Status::Ok();
  }

  Result<GuidePage> ListGuides(const GuideQuery& q) const override {
    LEVERS_RETURN_IF_ERROR(ValidateGuideQuery(q));
    std::shared_lock lock(mu_);
    const std::string region_key = RegionFilterKey(q.region);
    const std::string needle = AsciiLower(q.q);
    std::vector<const GuideSummary*> hits;
    for (const GuideRecord& g : corpus_.guides) {
      const GuideSummary& s = g.summary;
      if (!MatchesName(q.company, s.company, s.company_display)) continue;
      if (!MatchesName(q.role, s.role, s.role_display)) continue;
      if (!q.region.empty()) {
        auto keys = region_keys_.find(s.id);
        if (keys == region_keys_.end() || !keys->second.count(region_key)) continue;
      }
      if (!needle.empty() && SearchText(s).find(needle) == std::string::npos) continue;
      hits.push_back(&s);
    }
    std::stable_sort(hits.begin(), hits.end(), [&](const GuideSummary* a, const GuideSummary* b) {
      const std::string& va = SortValue(*a, q.sort);
      const std::string& vb = SortValue(*b, q.sort);
      if (va != vb) return q.descending ? vb < va : va < vb;
      if (q.sort == GuideSortKey::kId) return false;
      return a->id < b->id;
    });
    GuidePage page;
    page.total = static_cast<int64_t>(hits.size());
    for (int64_t i = q.offset; i < page.total && i < q.offset + q.limit; ++i)
      page.items.push_back(*hits[static_cast<size_t>(i)]);
    return page;
  }

  Result<GuideRecord> GetGuide(std::string_view id) const override {
    std::shared_lock lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return NotFound(id);
    return corpus_.guides[it->second];
  }

  Result<GuideParts> GetGuideParts(std::string_view id) const override {
    std::shared_lock lock(mu_);
    if (!index_.count(id)) return NotFound(id);
    GuideParts p;
    for (const StoredLever& l : corpus_.levers)
      if (l.guide_id == id) p.levers.push_back(l);
    for (const StoredStrategy& s : corpus_.strategies)
      if (s.guide_id == id) p.strategy = s;
    for (const StoredLevelEquivalence& e : corpus_.level_equivalences)
      if (e.guide_id == id) p.level_equivalences.push_back(e);
    return p;
  }

  Result<std::vector<StoredBand>> ListBands(const BandFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateBandFilter(f));
    std::shared_lock lock(mu_);
    const std::string region_key = RegionFilterKey(f.region);
    std::vector<StoredBand> out;
    for (const StoredBand& b : corpus_.bands) {
      const GuideSummary& s = corpus_.guides[index_.find(b.guide_id)->second].summary;
      if (!f.guide_id.empty() && b.guide_id != f.guide_id) continue;
      if (!MatchesName(f.company, s.company, s.company_display)) continue;
      if (!MatchesName(f.role, s.role, s.role_display)) continue;
      if (!f.region.empty() && RegionFilterKey(b.region) != region_key) continue;
      if (!f.currency.empty() && AsciiLower(f.currency) != AsciiLower(b.currency)) continue;
      out.push_back(b);
    }
    return out;
  }

  Result<std::vector<StoredFinding>> ListFindings(const FindingFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateFindingFilter(f));
    std::shared_lock lock(mu_);
    std::vector<StoredFinding> out;
    for (const StoredFinding& d : corpus_.findings) {
      if (!f.guide_id.empty() && d.guide_id != f.guide_id) continue;
      if (!f.severity.empty() && d.severity != f.severity) continue;
      if (!f.code.empty() && d.code != f.code) continue;
      out.push_back(d);
    }
    return out;
  }

  Result<std::vector<GuideSource>> AllGuideSources() const override {
    std::shared_lock lock(mu_);
    std::vector<GuideSource> out;
    for (const GuideRecord& g : corpus_.guides)
      out.push_back({g.summary.id, g.summary.path, g.source});
    return out;
  }

  Result<StoreStats> Stats() const override {
    std::shared_lock lock(mu_);
    StoreStats s;
    s.backend = "memory";
    s.schema_version = kStoreSchemaVersion;
    s.guides = static_cast<int64_t>(corpus_.guides.size());
    s.bands = static_cast<int64_t>(corpus_.bands.size());
    s.findings = static_cast<int64_t>(corpus_.findings.size());
    if (imported_) {
      s.last_import = corpus_.imported_at;
      s.last_import_dir = corpus_.source_dir;
    }
    return s;
  }

  Result<int64_t> ImportGeneration() const override {
    std::shared_lock lock(mu_);
    return generation_;
  }

  Result<StoredCorpus> ReadCorpus() const override {
    std::shared_lock lock(mu_);
    StoredCorpus out;
    out.snapshot = corpus_;
    out.generation = generation_;
    return out;
  }

 private:
  static Status NotFound(std::string_view id) {
    return Status::NotFound("no guide with id '" + std::string(id.substr(0, 200)) + "'");
  }

  std::mutex write_mu_;
  mutable std::shared_mutex mu_;
  CorpusSnapshot corpus_;
  std::map<std::string, size_t, std::less<>> index_;  // guide id -> position in corpus_.guides
  std::map<std::string, std::set<std::string>, std::less<>> region_keys_;  // of each guide's bands
  bool imported_ = false;
  int64_t generation_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenMemoryStore() {
  return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
}

}  // namespace levers::store_internal
