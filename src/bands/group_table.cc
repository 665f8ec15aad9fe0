#include "bands/group_table.h"

#include <algorithm>

#include "bands/names.h"

namespace levers::bands_internal {

int32_t Interner::Id(std::string_view raw) {
  auto it = raw_.find(raw);
  if (it != raw_.end()) {
    ++it->second.count;
    return it->second.id;
  }
  const int32_t id = IdOfKey(key_fn_(raw));
  raw_.emplace(std::string(raw), RawEntry{id, 1});
  return id;
}

int32_t Interner::IdOfSpelling(std::string_view raw) {
  auto it = raw_.find(raw);
  if (it != raw_.end()) return it->second.id;
  const int32_t id = IdOfKey(key_fn_(raw));
  raw_.emplace(std::string(raw), RawEntry{id, 0});
  return id;
}

int32_t Interner::IdOfKey(const std::string& key) {
  auto [it, inserted] = key_ids_.emplace(key, static_cast<int32_t>(keys_.size()));
  if (inserted) keys_.push_back(key);
  return it->second;
}

std::vector<std::pair<std::string, uint64_t>> Interner::Spellings(int32_t id) const {
  std::unordered_map<std::string, uint64_t> counts;
  for (const auto& [raw, e] : raw_) {
    if (e.id == id) counts[Trim(raw)] += e.count;
  }
  std::vector<std::pair<std::string, uint64_t>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

std::vector<std::vector<std::pair<std::string, uint64_t>>> Interner::SpellingsById() const {
  std::vector<std::unordered_map<std::string, uint64_t>> counts(keys_.size());
  for (const auto& [raw, e] : raw_) counts[e.id][Trim(raw)] += e.count;
  std::vector<std::vector<std::pair<std::string, uint64_t>>> out(keys_.size());
  for (size_t id = 0; id < keys_.size(); ++id) {
    out[id].assign(counts[id].begin(), counts[id].end());
    std::sort(out[id].begin(), out[id].end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  }
  return out;
}

std::vector<int32_t> Interner::MergeFrom(const Interner& other) {
  std::vector<int32_t> map(other.keys_.size());
  for (size_t i = 0; i < other.keys_.size(); ++i) map[i] = IdOfKey(other.keys_[i]);
  for (const auto& [raw, e] : other.raw_) {
    auto it = raw_.find(std::string_view(raw));
    if (it != raw_.end()) {
      it->second.count += e.count;
    } else {
      raw_.emplace(raw, RawEntry{map[e.id], e.count});
    }
  }
  return map;
}

void GroupAccum::Merge(const GroupAccum& other, const std::vector<int32_t>& company_map) {
  n += other.n;
  converted += other.converted;
  if (other.newest && (!newest || *newest < *other.newest)) newest = other.newest;
  for (size_t m = 0; m < metrics.size(); ++m) metrics[m].Merge(other.metrics[m]);
  for (int32_t c : other.companies) companies.insert(company_map.empty() ? c : company_map[c]);
}

GroupTable::GroupTable(Interner::KeyFn company_key) {
  dims_[0] = std::make_unique<Interner>(std::move(company_key));
  dims_[1] = std::make_unique<Interner>([](std::string_view s) { return TitleKey(s); });
  dims_[2] = std::make_unique<Interner>([](std::string_view s) { return LevelKey(s); });
  dims_[3] = std::make_unique<Interner>([](std::string_view s) { return RegionKey(s); });
  dims_[4] = std::make_unique<Interner>([](std::string_view s) { return std::string(s); });
  dims_[5] = std::make_unique<Interner>([](std::string_view s) { return std::string(s); });
}

GroupAccum& GroupTable::At(const GroupKey& key) {
  auto [it, inserted] = index_.emplace(key, static_cast<uint32_t>(groups_.size()));
  if (inserted) groups_.emplace_back();
  return groups_[it->second];
}

void GroupTable::MergeFrom(const GroupTable& other) {
  std::array<std::vector<int32_t>, kKeyDims> maps;
  for (int d = 0; d < kKeyDims; ++d) {
    if (d == 4) continue;  // quarters are not interned
    maps[d] = dims_[d]->MergeFrom(*other.dims_[d]);
  }
  for (const auto& [key, index] : other.index_) {
    GroupKey k = key;
    for (int d = 0; d < kKeyDims; ++d) {
      if (d != 4 && k[d] != kAll) k[d] = maps[d][k[d]];
    }
    At(k).Merge(other.groups_[index], maps[0]);
  }
}

}  // namespace levers::bands_internal
