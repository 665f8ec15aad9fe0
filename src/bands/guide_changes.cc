// What a refresh changes in a guide: the figures of each region, the keys
// that date and grade them, and the pay table's cells, for `levers bands
// apply --dry-run`.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "levers/bands_guide.h"
#include "levers/money.h"

namespace levers {
namespace {

std::string Shown(const Field<Money>& m) { return m.has() ? FormatMoney(*m) : "(none)"; }
std::string Shown(const Field<Percent>& p) { return p.has() ? PercentString(*p) + "%" : "(none)"; }
std::string Shown(const Field<std::string>& s) { return s.has() ? *s : "(none)"; }
std::string Shown(const Field<Date>& d) { return d.has() ? d->ToString() : "(none)"; }

GuideChange Change(GuideChangeKind kind, std::string field, std::string region, std::string before,
                   std::string after) {
  GuideChange c;
  c.kind = kind;
  c.field = std::move(field);
  c.region = std::move(region);
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

template <class F>
void Compare(std::vector<GuideChange>& out, const std::string& region, const char* field,
             const F& before, const F& after) {
  std::string b = Shown(before), a = Shown(after);
  if (b != a)
    out.push_back(Change(GuideChangeKind::kValue, field, region, std::move(b), std::move(a)));
}

}  // namespace

std::vector<GuideChange> GuideChanges(const Guide& before, const Guide& after) {
  std::vector<GuideChange> out;
  const std::vector<ResolvedBand> old_bands = ResolveCompensation(before);
  const std::vector<ResolvedBand> new_bands = ResolveCompensation(after);
  for (const ResolvedBand& n : new_bands) {
    if (!n.band.region.has()) continue;
    const std::string key = RegionKey(*n.band.region);
    const CompBand* o = nullptr;
    const CompBand* old_entry = nullptr;  // its front matter entry as it was
    for (const ResolvedBand& r : old_bands) {
      if (r.band.region.has() && RegionKey(*r.band.region) == key) {
        o = &r.band;
        if (r.from_front_matter) old_entry = &before.front_matter_bands[r.front_matter_index];
        break;
      }
    }
    const size_t first = out.size();  // this region's changes start here
    const CompBand none;
    const CompBand& old = o ? *o : none;
    const CompBand& now = n.band;
    const std::string& region = *now.region;
    Compare(out, region, "base_low", old.base_low, now.base_low);
    Compare(out, region, "base_high", old.base_high, now.base_high);
    Compare(out, region, "stock_low", old.stock_low, now.stock_low);
    Compare(out, region, "stock_high", old.stock_high, now.stock_high);
    // A stated bonus_pct now written as bonus_pct_low/high: an end whose
    // value is unchanged (the bonus_pct itself, or the pay table's end) is
    // the same figure under a new name, which the real run's diff shows, so
    // it is said as a rename in the place of "bonus_pct: 15% -> (none)"; an
    // end whose value changed is listed below as ever.
    std::vector<std::pair<std::string, std::string>> renamed_to;
    if (old.bonus_pct.has() && !now.bonus_pct.has() && n.from_front_matter) {
      const CompBand& written = after.front_matter_bands[n.front_matter_index];
      auto kept = [&](const char* name, const Field<Percent>& end, const Field<Percent>& old_end,
                      const Field<Percent>& new_end) {
        if (end.has() && Shown(old_end) == Shown(new_end)) renamed_to.push_back({name, Shown(end)});
      };
      kept("bonus_pct_low", written.bonus_pct_low, old.bonus_pct_low, now.bonus_pct_low);
      kept("bonus_pct_high", written.bonus_pct_high, old.bonus_pct_high, now.bonus_pct_high);
      // A rename carries the old value under at least one new key; else the
      // value changed ("20% -> (none)"), and the new keys are listed as
      // stated below.
      const std::string was = Shown(old.bonus_pct);
      if (std::none_of(renamed_to.begin(), renamed_to.end(),
                       [&](const auto& to) { return to.second == was; })) {
        renamed_to.clear();
      }
    }
    if (renamed_to.empty()) {
      Compare(out, region, "bonus_pct", old.bonus_pct, now.bonus_pct);
    } else {
      GuideChange c =
          Change(GuideChangeKind::kRenamed, "bonus_pct", region, Shown(old.bonus_pct), "");
      c.renamed_to = std::move(renamed_to);
      out.push_back(std::move(c));
    }
    Compare(out, region, "bonus_pct_low", old.bonus_pct_low, now.bonus_pct_low);
    Compare(out, region, "bonus_pct_high", old.bonus_pct_high, now.bonus_pct_high);
    Compare(out, region, "total_comp_low", old.total_comp_low, now.total_comp_low);
    Compare(out, region, "total_comp_high", old.total_comp_high, now.total_comp_high);
    if (o != nullptr && old.stock_vesting_years != now.stock_vesting_years) {
      out.push_back(Change(GuideChangeKind::kValue, "stock_vesting_years", region,
                           std::to_string(old.stock_vesting_years),
                           std::to_string(now.stock_vesting_years)));
    }
    // A figure whose value stays but whose front matter line comes or goes:
    // a kept region's entry written with the pay table's figures it lacked
    // (stock_low from "$60K–$120K"), or its vesting years written as the
    // table header gives them. The real run's diff shows the line.
    if (old_entry != nullptr && n.from_front_matter) {
      const CompBand& is = after.front_matter_bands[n.front_matter_index];
      auto listed = [&](const std::string& name) {
        for (size_t i = first; i < out.size(); ++i) {
          if (out[i].field == name) return true;
          for (const auto& [to, value] : out[i].renamed_to) {
            if (to == name) return true;
          }
        }
        return false;
      };
      auto stated = [&](const char* name, bool was_stated, bool is_stated, std::string value) {
        if (was_stated == is_stated || listed(name)) return;
        out.push_back(Change(is_stated ? GuideChangeKind::kStated : GuideChangeKind::kUnstated,
                             name, region, value, value));
      };
      auto figure = [&](const char* name, const auto& was, const auto& now_field,
                        const auto& merged) {
        stated(name, was.has(), now_field.has(), Shown(merged));
      };
      const CompBand& was = *old_entry;
      figure("base_low", was.base_low, is.base_low, now.base_low);
      figure("base_high", was.base_high, is.base_high, now.base_high);
      figure("stock_low", was.stock_low, is.stock_low, now.stock_low);
      figure("stock_high", was.stock_high, is.stock_high, now.stock_high);
      figure("bonus_pct", was.bonus_pct, is.bonus_pct, now.bonus_pct);
      figure("bonus_pct_low", was.bonus_pct_low, is.bonus_pct_low, now.bonus_pct_low);
      figure("bonus_pct_high", was.bonus_pct_high, is.bonus_pct_high, now.bonus_pct_high);
      figure("total_comp_low", was.total_comp_low, is.total_comp_low, now.total_comp_low);
      figure("total_comp_high", was.total_comp_high, is.total_comp_high, now.total_comp_high);
      // The entry's own stock_vesting_years line (not the top-level key's).
      stated("stock_vesting_years", was.stock_vesting_years_in_entry,
             is.stock_vesting_years_in_entry, std::to_string(now.stock_vesting_years));
    }
  }
  Compare(out, "", "salary_data_quarter", before.salary_data_quarter, after.salary_data_quarter);
  Compare(out, "", "data_quality", before.data_quality, after.data_quality);
  Compare(out, "", "last_updated", before.last_updated, after.last_updated);
  Compare(out, "", "next_review_due", before.next_review_due, after.next_review_due);
  auto sources = [](const Guide& g) {
    std::string s;
    for (const Field<std::string>& f : g.data_sources) {
      if (f.has()) s += (s.empty() ? "" : ", ") + *f;
    }
    return s.empty() ? std::string("(none)") : s;
  };
  if (sources(before) != sources(after)) {
    out.push_back(
        Change(GuideChangeKind::kValue, "data_sources", "", sources(before), sources(after)));
  }
  return out;
}

std::vector<GuideChange> GuideTableChanges(const SourceFile& before_file, const Guide& before,
                                           const SourceFile& after_file, const Guide& after) {
  std::vector<GuideChange> out;
  // The whole cell around a figure's range, between its pipes and without
  // the blanks at either end: "**$210K–$300K**" for the range of
  // "$210K–$300K".
  auto text = [](const SourceFile& file, const SourceRange& at) {
    const std::string_view all = file.text();
    if (at.end <= at.begin || at.end > all.size()) return std::string_view();
    auto pipe = [&](size_t i) { return all[i] == '|' && (i == 0 || all[i - 1] != '\\'); };
    size_t begin = at.begin, end = at.end;
    while (begin > 0 && !pipe(begin - 1) && all[begin - 1] != '\n') --begin;
    while (end < all.size() && !pipe(end) && all[end] != '\n' && all[end] != '\r') ++end;
    while (begin < end && (all[begin] == ' ' || all[begin] == '\t')) ++begin;
    while (end > begin && (all[end - 1] == ' ' || all[end - 1] == '\t')) --end;
    return all.substr(begin, end - begin);
  };
  const size_t rows = std::min(before.table_bands.size(), after.table_bands.size());
  for (size_t i = 0; i < rows; ++i) {
    const CompBand& old = before.table_bands[i];
    const CompBand& now = after.table_bands[i];
    const std::string region = old.region.has() ? *old.region : std::string();
    const uint32_t line = before_file.Locate(old.range.begin).line;
    // Each cell's range is its figure (a range's both ends, or "—").
    auto bonus = [](const CompBand& b) {
      return b.bonus_pct_low.range.end > b.bonus_pct_low.range.begin ? b.bonus_pct_low.range
                                                                     : b.bonus_pct_high.range;
    };
    const struct {
      const char* column;
      SourceRange was, is;
    } cells[] = {{"base", old.base_low.range, now.base_low.range},
                 {"stock", old.stock_low.range, now.stock_low.range},
                 {"bonus", bonus(old), bonus(now)},
                 {"total_comp", old.total_comp_low.range, now.total_comp_low.range}};
    for (const auto& c : cells) {
      const std::string_view was = text(before_file, c.was), is = text(after_file, c.is);
      if (was == is) continue;
      GuideChange change =
          Change(GuideChangeKind::kTableCell, c.column, region, std::string(was), std::string(is));
      change.line = line;
      out.push_back(std::move(change));
    }
  }
  return out;
}

std::string FormatGuideChange(const GuideChange& c) {
  const std::string region = c.region.empty() ? "" : c.region + " ";
  switch (c.kind) {
    case GuideChangeKind::kRenamed: {
      // "bonus_pct -> bonus_pct_low, bonus_pct_high: 15% (renamed, same
      // value)", or each new key with its value when one differs (the pay
      // table's other end): "bonus_pct: 10% -> bonus_pct_low: 10%,
      // bonus_pct_high: 15% (renamed)".
      bool same = true;
      std::string keys, pairs;
      for (const auto& [key, value] : c.renamed_to) {
        same = same && value == c.before;
        keys += (keys.empty() ? "" : ", ") + key;
        pairs += (pairs.empty() ? "" : ", ") + key + ": " + value;
      }
      return same ? region + c.field + " -> " + keys + ": " + c.before + " (renamed, same value)"
                  : region + c.field + ": " + c.before + " -> " + pairs + " (renamed)";
    }
    case GuideChangeKind::kStated:
      return region + c.field + ": " + c.after +
             ", now stated in the front matter (the same value)";
    case GuideChangeKind::kUnstated:
      return region + c.field + ": " + c.before +
             ", no longer stated in the front matter (the same value)";
    case GuideChangeKind::kTableCell:
      return "table line " + std::to_string(c.line) + " " + region + c.field + ": " +
             (c.before.empty() ? "(empty)" : c.before) + " -> " +
             (c.after.empty() ? "(empty)" : c.after);
    case GuideChangeKind::kValue:
      break;
  }
  return region + c.field + ": " + c.before + " -> " + c.after;
}

}  // namespace levers
