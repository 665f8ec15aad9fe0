// What a refresh changes in a guide: the figures of each region and the keys
// that date and grade them, for `levers bands apply --dry-run`.
#include <string>
#include <vector>

#include "levers/bands_guide.h"
#include "levers/money.h"

namespace levers {
namespace {

std::string Shown(const Field<Money>& m) { return m.has() ? FormatMoney(*m) : "(none)"; }
std::string Shown(const Field<Percent>& p) { return p.has() ? PercentString(*p) + "%" : "(none)"; }
std::string Shown(const Field<std::string>& s) { return s.has() ? *s : "(none)"; }
std::string Shown(const Field<Date>& d) { return d.has() ? d->ToString() : "(none)"; }

template <class F>
void Compare(std::vector<GuideChange>& out, const std::string& region, const char* field,
             const F& before, const F& after) {
  std::string b = Shown(before), a = Shown(after);
  if (b != a) out.push_back({field, region, std::move(b), std::move(a)});
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
    for (const ResolvedBand& r : old_bands) {
      if (r.band.region.has() && RegionKey(*r.band.region) == key) {
        o = &r.band;
        break;
      }
    }
    const CompBand none;
    const CompBand& old = o ? *o : none;
    const CompBand& now = n.band;
    const std::string& region = *now.region;
    Compare(out, region, "base_low", old.base_low, now.base_low);
    Compare(out, region, "base_high", old.base_high, now.base_high);
    Compare(out, region, "stock_low", old.stock_low, now.stock_low);
    Compare(out, region, "stock_high", old.stock_high, now.stock_high);
    Compare(out, region, "bonus_pct", old.bonus_pct, now.bonus_pct);
    Compare(out, region, "bonus_pct_low", old.bonus_pct_low, now.bonus_pct_low);
    Compare(out, region, "bonus_pct_high", old.bonus_pct_high, now.bonus_pct_high);
    Compare(out, region, "total_comp_low", old.total_comp_low, now.total_comp_low);
    Compare(out, region, "total_comp_high", old.total_comp_high, now.total_comp_high);
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
    out.push_back({"data_sources", "", sources(before), sources(after)});
  }
  return out;
}

}  // namespace levers
