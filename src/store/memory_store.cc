// memory: the store as plain vectors behind a mutex, for tests and for the
// import `levers serve` answers from. It answers every query with the same
// rules as the SQL backends (store_internal.h), and is the reference the
// conformance suite holds them to.
//
// What the list queries compare is worked out once, when a corpus is imported
// (CorpusIndex): a query works out its filters' keys once and then compares stored keys,
// building no string per guide or band.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "levers/utf8.h"
#include "store/store_internal.h"

namespace levers::store_internal {
namespace {

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

constexpr GuideSortKey kSortKeys[] = {GuideSortKey::kId, GuideSortKey::kCompany,
                                      GuideSortKey::kRole, GuideSortKey::kLastUpdated,
                                      GuideSortKey::kNextReviewDue};

// Where a sort key and direction's order is kept in CorpusIndex::rank.
size_t OrderSlot(GuideSortKey key, bool descending) {
  return static_cast<size_t>(key) * 2 + (descending ? 1 : 0);
}

// Positions in CorpusSnapshot::guides, ascending (so in id order).
using GuideList = std::vector<size_t>;
// A key -> the guides that have it, each once.
using KeyIndex = std::map<std::string, GuideList, std::less<>>;

const GuideList kNoGuides;

// Adds `guide` to `guides` unless it is the last one there already (guides are
// added in ascending order).
void AddGuide(GuideList& guides, size_t guide) {
  if (guides.empty() || guides.back() != guide) guides.push_back(guide);
}

// Three bytes of a text as one number.
uint32_t Trigram(std::string_view text, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(text[at])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(text[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(text[at + 2]));
}

// The keys the list queries compare, of a corpus whose guides are sorted by id
// and whose bands are sorted by guide id, then position. A query takes the
// guides its filters name from the indexes below (each list a superset of the
// guides that match), then checks each of those guides as the SQL backends do.
struct CorpusIndex {
  // Each guide's SearchText, by guide position.
  std::vector<std::string> search_text;
  // A guide under the NameFilterKey of its slug and of its display name; an
  // empty name is not listed (an empty filter is no filter).
  KeyIndex by_company, by_role;
  // A guide under the RegionFilterKey of each of its bands.
  KeyIndex by_region;
  // A guide under each three bytes of its search text: a guide whose search
  // text holds a needle holds each of the needle's trigrams.
  std::unordered_map<uint32_t, GuideList> by_trigram;
  // Each guide's bands: corpus.bands[band_begin[i], band_begin[i + 1]).
  std::vector<size_t> band_begin;
  // By band position: RegionFilterKey(region) and AsciiLower(currency).
  std::vector<std::string> band_region_key, band_currency_key;
  GuideList all;  // 0 .. guides - 1
  // Each guide's place in every order a list can ask for, by OrderSlot:
  // ascending or descending by the key, ties by id ascending.
  std::vector<std::vector<size_t>> rank;

  CorpusIndex() = default;
  explicit CorpusIndex(const CorpusSnapshot& c) {
    const size_t n = c.guides.size();
    search_text.reserve(n);
    band_begin.reserve(n + 1);
    band_region_key.reserve(c.bands.size());
    band_currency_key.reserve(c.bands.size());
    size_t b = 0;
    for (size_t i = 0; i < n; ++i) {
      const GuideSummary& s = c.guides[i].summary;
      all.push_back(i);
      search_text.push_back(SearchText(s));
      const std::string& text = search_text.back();
      for (size_t at = 0; at + 3 <= text.size(); ++at) AddGuide(by_trigram[Trigram(text, at)], i);
      const GuideNameKeys names = NameKeysOf(s);
      for (const std::string* key : {&names.company, &names.company_display})
        if (!key->empty()) AddGuide(by_company[*key], i);
      for (const std::string* key : {&names.role, &names.role_display})
        if (!key->empty()) AddGuide(by_role[*key], i);
      // Every band names a guide of the snapshot (ValidateSnapshot), and both
      // lists are in id order: this guide's bands are the next ones.
      band_begin.push_back(b);
      for (; b < c.bands.size() && c.bands[b].guide_id == s.id; ++b) {
        band_region_key.push_back(RegionFilterKey(c.bands[b].region));
        band_currency_key.push_back(AsciiLower(c.bands[b].currency));
        AddGuide(by_region[band_region_key.back()], i);
      }
    }
    band_begin.push_back(b);
    rank.resize(std::size(kSortKeys) * 2);
    for (GuideSortKey key : kSortKeys) {
      for (bool descending : {false, true}) {
        GuideList order = all;
        std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
          const std::string& vx = SortValue(c.guides[x].summary, key);
          const std::string& vy = SortValue(c.guides[y].summary, key);
          if (vx != vy) return descending ? vy < vx : vx < vy;
          return c.guides[x].summary.id < c.guides[y].summary.id;
        });
        std::vector<size_t>& place = rank[OrderSlot(key, descending)];
        place.resize(n);
        for (size_t r = 0; r < n; ++r) place[order[r]] = r;
      }
    }
  }

  static const GuideList* Find(const KeyIndex& index, std::string_view key) {
    auto it = index.find(key);
    return it == index.end() ? &kNoGuides : &it->second;
  }

  // The guides a company or role filter matches (slug or display name, by
  // NameFilterKey), or nullptr for an empty filter (any guide).
  static const GuideList* Named(const KeyIndex& index, const std::string& filter) {
    return filter.empty() ? nullptr : Find(index, NameFilterKey(filter));
  }

  // The guides with a band in `region` (RegionKey equality), or nullptr for an
  // empty filter (any guide).
  const GuideList* InRegion(const std::string& region) const {
    return region.empty() ? nullptr : Find(by_region, RegionFilterKey(region));
  }

  // A superset of the guides whose search text holds `needle` (lowered): those
  // with its rarest trigram. nullptr when the needle is too short to narrow.
  const GuideList* MayContain(std::string_view needle) const {
    if (needle.size() < 3) return nullptr;
    const GuideList* rarest = nullptr;
    for (size_t at = 0; at + 3 <= needle.size(); ++at) {
      auto it = by_trigram.find(Trigram(needle, at));
      if (it == by_trigram.end()) return &kNoGuides;
      if (rarest == nullptr || it->second.size() < rarest->size()) rarest = &it->second;
    }
    return rarest;
  }

  // The guides in every given list (nullptr: any guide), ascending.
  GuideList Intersect(std::initializer_list<const GuideList*> lists) const {
    std::vector<const GuideList*> given;
    for (const GuideList* l : lists)
      if (l != nullptr) given.push_back(l);
    if (given.empty()) return all;
    std::sort(given.begin(), given.end(),
              [](const GuideList* a, const GuideList* b) { return a->size() < b->size(); });
    GuideList out = *given[0];
    for (size_t k = 1; k < given.size() && !out.empty(); ++k) {
      GuideList both;
      std::set_intersection(out.begin(), out.end(), given[k]->begin(), given[k]->end(),
                            std::back_inserter(both));
      out = std::move(both);
    }
    return out;
  }
};

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
    CorpusIndex keys(next);
    // Each guide's JSON is held once, shared with every request that reads it
    // (GetGuideJson) rather than copied into each answer.
    std::vector<std::shared_ptr<const std::string>> json;
    json.reserve(next.guides.size());
    for (GuideRecord& g : next.guides) {
      json.push_back(std::make_shared<const std::string>(std::move(g.json)));
      g.json = std::string();
    }
    std::unique_lock lock(mu_);
    if (options.report) {
      std::vector<std::string> ids;
      ids.reserve(corpus_.guides.size());
      for (const GuideRecord& g : corpus_.guides) ids.push_back(g.summary.id);
      *options.report = CountReplaced(ids, snapshot);
    }
    corpus_ = std::move(next);
    json_ = std::move(json);
    index_ = std::move(index);
    keys_ = std::move(keys);
    imported_ = true;
    ++generation_;
    return Status::Ok();
  }

  Result<GuidePage> ListGuides(const GuideQuery& q) const override {
    LEVERS_RETURN_IF_ERROR(ValidateGuideQuery(q));
    std::shared_lock lock(mu_);
    const std::string needle = AsciiLower(q.q);
    const GuideList named = keys_.Intersect({CorpusIndex::Named(keys_.by_company, q.company),
                                             CorpusIndex::Named(keys_.by_role, q.role),
                                             keys_.InRegion(q.region), keys_.MayContain(needle)});
    GuideList hits;
    for (size_t i : named) {
      if (!needle.empty() && keys_.search_text[i].find(needle) == std::string::npos) continue;
      hits.push_back(i);
    }
    if (hits.empty()) return GuidePage{};  // also before any import, when there are no ranks
    // Only the guides up to the page's end need to be in order.
    const std::vector<size_t>& rank = keys_.rank[OrderSlot(q.sort, q.descending)];
    const size_t first = std::min(hits.size(), static_cast<size_t>(q.offset));
    const size_t end = std::min(hits.size(), first + static_cast<size_t>(q.limit));
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(),
                      [&](size_t a, size_t b) { return rank[a] < rank[b]; });
    GuidePage page;
    page.total = static_cast<int64_t>(hits.size());
    for (size_t i = first; i < end; ++i) page.items.push_back(corpus_.guides[hits[i]].summary);
    return page;
  }

  Result<GuideRecord> GetGuide(std::string_view id) const override {
    std::shared_lock lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return NotFound(id);
    GuideRecord record = corpus_.guides[it->second];
    record.json = *json_[it->second];
    return record;
  }

  Result<std::shared_ptr<const std::string>> GetGuideJson(std::string_view id) const override {
    std::shared_lock lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return NotFound(id);
    return json_[it->second];
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
    const std::string currency_key = AsciiLower(f.currency);
    GuideList guides = keys_.Intersect({CorpusIndex::Named(keys_.by_company, f.company),
                                        CorpusIndex::Named(keys_.by_role, f.role)});
    if (!f.guide_id.empty()) {
      auto it = index_.find(f.guide_id);
      const bool kept =
          it != index_.end() && std::binary_search(guides.begin(), guides.end(), it->second);
      guides = kept ? GuideList{it->second} : GuideList{};
    }
    // Guides in id order, each one's bands in position order: the order asked for.
    std::vector<StoredBand> out;
    for (size_t i : guides) {
      for (size_t b = keys_.band_begin[i]; b < keys_.band_begin[i + 1]; ++b) {
        if (!f.region.empty() && keys_.band_region_key[b] != region_key) continue;
        if (!f.currency.empty() && keys_.band_currency_key[b] != currency_key) continue;
        out.push_back(corpus_.bands[b]);
      }
    }
    return out;
  }

  Result<std::vector<StoredFinding>> ListFindings(const FindingFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateFindingFilter(f));
    std::shared_lock lock(mu_);
    // Findings are sorted by guide id: one guide's are a run of them.
    auto first = corpus_.findings.begin();
    auto last = corpus_.findings.end();
    if (!f.guide_id.empty()) {
      auto by_guide = [](const StoredFinding& d, const std::string& id) { return d.guide_id < id; };
      first = std::lower_bound(first, last, f.guide_id, by_guide);
      last = std::find_if(first, last,
                          [&](const StoredFinding& d) { return d.guide_id != f.guide_id; });
    }
    std::vector<StoredFinding> out;
    // A plain iterator loop: clang 14 with libstdc++ 12 (the fuzz build)
    // cannot compile std::ranges::subrange over these iterators.
    for (auto it = first; it != last; ++it) {
      const StoredFinding& d = *it;
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

  Result<ImportIdentity> LastImport() const override {
    std::shared_lock lock(mu_);
    ImportIdentity id;
    id.generation = generation_;
    if (imported_) {
      id.imported_at = corpus_.imported_at;
      id.source_dir = corpus_.source_dir;
    }
    id.schema_version = kStoreSchemaVersion;
    return id;
  }

  Result<StoredCorpus> ReadCorpus() const override {
    std::shared_lock lock(mu_);
    StoredCorpus out;
    out.snapshot = corpus_;
    for (size_t i = 0; i < json_.size(); ++i) out.snapshot.guides[i].json = *json_[i];
    out.generation = generation_;
    return out;
  }

 private:
  static Status NotFound(std::string_view id) {
    return Status::NotFound("no guide with id '" + std::string(ClipUtf8(id)) + "'");
  }

  std::mutex write_mu_;
  mutable std::shared_mutex mu_;
  CorpusSnapshot corpus_;  // its guides' json is empty: json_[i] holds guides[i]'s
  std::vector<std::shared_ptr<const std::string>> json_;
  std::map<std::string, size_t, std::less<>> index_;  // guide id -> position in corpus_.guides
  CorpusIndex keys_;                                  // of corpus_
  bool imported_ = false;
  int64_t generation_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenMemoryStore() {
  return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
}

}  // namespace levers::store_internal
