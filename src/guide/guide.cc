#include "levers/guide.h"

#include <bitset>
#include <cctype>
#include <unordered_map>

namespace levers {

std::string RegionKey(std::string_view region) {
  std::string out;
  bool space = false;
  for (char c : region) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {
template <typename T>
void Prefer(Field<T>& out, const Field<T>& first, const Field<T>& second) {
  out = first.has() ? first : second;
}
}  // namespace

namespace {
// Reads a region name as RegionKey would write it, one character at a time, so
// two names can be compared without building either key.
class RegionKeyCursor {
 public:
  explicit RegionKeyCursor(std::string_view s) : s_(s) {}
  // The next character of the key, or -1 at its end.
  int Next() {
    if (held_ >= 0) {
      const int c = held_;
      held_ = -1;
      return c;
    }
    bool space = false;
    // std::isspace and std::tolower of the "C" locale (levers never sets another), inline.
    while (i_ < s_.size() && (s_[i_] == ' ' || (s_[i_] >= '\t' && s_[i_] <= '\r'))) {
      space = true;
      ++i_;
    }
    if (i_ == s_.size()) return -1;
    const unsigned char u = static_cast<unsigned char>(s_[i_++]);
    const int c = u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u;
    if (space && emitted_) {
      held_ = c;
      return ' ';
    }
    emitted_ = true;
    return c;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  int held_ = -1;
  bool emitted_ = false;
};

// RegionKey(a) == RegionKey(b), without allocating.
bool SameRegionKey(std::string_view a, std::string_view b) {
  if (a == b) return true;  // the usual case: the table names the region as front matter does
  RegionKeyCursor x(a), y(b);
  for (;;) {
    const int c = x.Next();
    if (c != y.Next()) return false;
    if (c < 0) return true;
  }
}
}  // namespace

std::vector<int> MatchTableRows(const Guide& g) {
  std::vector<int> match(g.front_matter_bands.size(), -1);
  // A guide has a handful of regions: compare names pairwise, without building
  // keys or a map (this runs several times per guide). Hostile input with
  // thousands of regions takes the linear-time map below instead.
  constexpr size_t kPairwise = 1024;
  if (g.table_bands.size() <= kPairwise &&
      g.front_matter_bands.size() * g.table_bands.size() <= kPairwise) {
    std::bitset<kPairwise> used;  // table rows already matched
    for (size_t i = 0; i < g.front_matter_bands.size(); ++i) {
      const CompBand& fm = g.front_matter_bands[i];
      if (!fm.region.has()) continue;
      for (size_t j = 0; j < g.table_bands.size(); ++j) {
        const CompBand& t = g.table_bands[j];
        if (used[j] || !t.region.has() || !SameRegionKey(*fm.region, *t.region)) continue;
        match[i] = static_cast<int>(j);
        used[j] = true;
        break;
      }
    }
    return match;
  }
  std::unordered_map<std::string, std::vector<int>>
      rows;  // region key -> table rows, in reverse order
  for (int i = static_cast<int>(g.table_bands.size()) - 1; i >= 0; --i) {
    const CompBand& t = g.table_bands[static_cast<size_t>(i)];
    if (t.region.has()) rows[RegionKey(*t.region)].push_back(i);
  }
  for (size_t i = 0; i < g.front_matter_bands.size(); ++i) {
    const CompBand& fm = g.front_matter_bands[i];
    if (!fm.region.has()) continue;
    auto it = rows.find(RegionKey(*fm.region));
    if (it == rows.end() || it->second.empty()) continue;
    match[i] = it->second.back();
    it->second.pop_back();
  }
  return match;
}

std::vector<ResolvedBand> ResolveCompensation(const Guide& g) {
  std::vector<ResolvedBand> out;
  out.reserve(g.front_matter_bands.size() + g.table_bands.size());
  std::vector<bool> table_used(g.table_bands.size(), false);
  auto merge = [&](const CompBand* fm, const CompBand* table) {
    ResolvedBand& r = out.emplace_back();  // built in place: a band holds a dozen strings
    static const CompBand kEmpty;
    const CompBand& a = fm ? *fm : kEmpty;
    const CompBand& b = table ? *table : kEmpty;
    r.from_front_matter = fm != nullptr;
    r.from_table = table != nullptr;
    if (fm) r.front_matter_index = static_cast<int>(fm - g.front_matter_bands.data());
    if (table) r.table_index = static_cast<int>(table - g.table_bands.data());
    CompBand& m = r.band;
    m.range = fm ? fm->range : b.range;
    // Vesting years: a side that states them wins over one left at the default,
    // front matter first when both state them (fm-table-mismatch reports a
    // disagreement). A table row states them when the header does.
    const bool table_stated = table && g.table_stock_vesting_years.has();
    if (a.stock_vesting_years_stated || !table_stated) {
      m.stock_vesting_years = fm ? a.stock_vesting_years : b.stock_vesting_years;
    } else {
      m.stock_vesting_years = b.stock_vesting_years;
    }
    m.stock_vesting_years_stated = a.stock_vesting_years_stated || table_stated;
    Prefer(m.region, a.region, b.region);
    Prefer(m.currency, a.currency, b.currency);
    Prefer(m.base_low, a.base_low, b.base_low);
    Prefer(m.base_high, a.base_high, b.base_high);
    Prefer(m.stock_low, a.stock_low, b.stock_low);
    Prefer(m.stock_high, a.stock_high, b.stock_high);
    Prefer(m.total_comp_low, a.total_comp_low, b.total_comp_low);
    Prefer(m.total_comp_high, a.total_comp_high, b.total_comp_high);
    // The bonus range: the table's range, else front matter's range, else its one figure.
    if (b.bonus_pct_low.has() || b.bonus_pct_high.has()) {
      m.bonus_pct_low = b.bonus_pct_low;
      m.bonus_pct_high = b.bonus_pct_high;
    } else if (a.bonus_pct_low.has() || a.bonus_pct_high.has()) {
      m.bonus_pct_low = a.bonus_pct_low;
      m.bonus_pct_high = a.bonus_pct_high;
      // One end stated: bonus_pct, the target, is the other end when it lies on
      // that side (5 from bonus_pct_low and 10 give 5–10); else it stays open.
      if (a.bonus_pct.has() && !m.bonus_pct_high.has() &&
          a.bonus_pct->basis_points >= m.bonus_pct_low->basis_points) {
        m.bonus_pct_high = a.bonus_pct;
      } else if (a.bonus_pct.has() && !m.bonus_pct_low.has() &&
                 a.bonus_pct->basis_points <= m.bonus_pct_high->basis_points) {
        m.bonus_pct_low = a.bonus_pct;
      }
    } else {
      m.bonus_pct_low = a.bonus_pct;
      m.bonus_pct_high = a.bonus_pct;
    }
    m.bonus_pct = a.bonus_pct;
    if (a.bonus_pct.has()) r.bonus_pct_stated = *a.bonus_pct;
  };
  const std::vector<int> matches = MatchTableRows(g);
  for (size_t i = 0; i < g.front_matter_bands.size(); ++i) {
    const CompBand* match = nullptr;
    if (matches[i] >= 0) {
      match = &g.table_bands[static_cast<size_t>(matches[i])];
      table_used[static_cast<size_t>(matches[i])] = true;
    }
    merge(&g.front_matter_bands[i], match);
  }
  for (size_t i = 0; i < g.table_bands.size(); ++i) {
    if (!table_used[i]) merge(nullptr, &g.table_bands[i]);
  }
  return out;
}

const DnaSummary& ResolveDna(const Guide& g) {
  return g.dna_front_matter.text.has() ? g.dna_front_matter : g.dna_body;
}

const LevelMapping& ResolveLevelMapping(const Guide& g) {
  return g.level_mapping_front_matter.raw.has() ? g.level_mapping_front_matter
                                                : g.level_mapping_body;
}

}  // namespace levers
