// GroupTable: the accumulated state of one ingest thread: interned names, and
// per group the histograms of base, stock per year, bonus and total comp.
//
// Names are interned twice over: each distinct raw spelling is looked up once
// (and counted, for the display name and the aliases), and maps to the id of
// its normalised key. A group key is a small array of ids. Memory grows with
// distinct spellings, groups and distinct amounts, never with rows.
// Not thread-safe: one GroupTable per thread, merged at the end.
#ifndef LEVERS_SRC_BANDS_GROUP_TABLE_H_
#define LEVERS_SRC_BANDS_GROUP_TABLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "levers/bands.h"

namespace levers::bands_internal {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Raw spellings -> normalised keys -> dense ids.
class Interner {
 public:
  using KeyFn = std::function<std::string(std::string_view)>;
  explicit Interner(KeyFn key_fn) : key_fn_(std::move(key_fn)) {}

  // The id of `raw`'s key; counts one use of the spelling.
  int32_t Id(std::string_view raw);
  // Counts `n` more uses of `raw`, which Id() has seen.
  void Count(std::string_view raw, uint64_t n) { raw_.find(raw)->second.count += n; }
  // The id of an already normalised key (no spelling counted).
  int32_t IdOfKey(const std::string& key);
  // The id of `raw`'s key without counting a use of it; `raw` becomes a
  // spelling of its key (with no uses) if it was not one, so a key reached
  // only this way still has a spelling to be shown by.
  int32_t IdOfSpelling(std::string_view raw);

  size_t size() const { return keys_.size(); }
  const std::string& key(int32_t id) const { return keys_[id]; }
  // Spellings of `id` (trimmed) with their counts, most frequent first.
  std::vector<std::pair<std::string, uint64_t>> Spellings(int32_t id) const;
  // The same for every id at once.
  std::vector<std::vector<std::pair<std::string, uint64_t>>> SpellingsById() const;
  // Adds `other`'s keys and spelling counts; returns other's id -> this id.
  std::vector<int32_t> MergeFrom(const Interner& other);

 private:
  struct RawEntry {
    int32_t id;
    uint64_t count;
  };
  KeyFn key_fn_;
  std::unordered_map<std::string, RawEntry, StringHash, std::equal_to<>> raw_;
  std::unordered_map<std::string, int32_t> key_ids_;
  std::vector<std::string> keys_;
};

// Dimensions of a group key: the five of BandDimension plus the currency. The
// quarter is not interned: its id is year * 10 + quarter (0 for a year-only date).
inline constexpr int kKeyDims = 6;
inline constexpr int kCurrencyDim = 5;
inline constexpr int32_t kAll = -1;  // the dimension is not grouped on
using GroupKey = std::array<int32_t, kKeyDims>;

struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = 1469598103934665603ull;
    for (int32_t v : k) h = (h ^ static_cast<uint32_t>(v)) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

struct GroupAccum {
  uint64_t n = 0;
  uint64_t converted = 0;                 // rows among n whose amounts were converted
  std::optional<Date> newest;             // the latest row date among n (none: no dated row)
  std::array<ValueHistogram, 4> metrics;  // by BandMetric
  std::unordered_set<int32_t> companies;  // company ids seen
  void Merge(const GroupAccum& other, const std::vector<int32_t>& company_map);
};

class GroupTable {
 public:
  // `company_key` normalises company spellings (CompanyKey plus the options' aliases).
  explicit GroupTable(Interner::KeyFn company_key);
  Interner& dim(int d) { return *dims_[d]; }
  const Interner& dim(int d) const { return *dims_[d]; }
  // The group for `key`, created empty on first use.
  GroupAccum& At(const GroupKey& key);
  // Merges `other` (from another thread) into this table.
  void MergeFrom(const GroupTable& other);

  const std::unordered_map<GroupKey, uint32_t, GroupKeyHash>& index() const { return index_; }
  const std::vector<GroupAccum>& groups() const { return groups_; }
  std::vector<GroupAccum>& mutable_groups() { return groups_; }

 private:
  std::array<std::unique_ptr<Interner>, kKeyDims> dims_;
  std::unordered_map<GroupKey, uint32_t, GroupKeyHash> index_;
  std::vector<GroupAccum> groups_;
};

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_GROUP_TABLE_H_
