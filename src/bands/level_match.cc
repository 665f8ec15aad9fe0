// Level equivalences from pay distributions, and the check of a guide's
// level mapping against them.
#include <algorithm>
#include <cstdio>

#include "bands/json_parts.h"
#include "bands/names.h"
#include "levers/bands_guide.h"

namespace levers {
namespace {

struct LevelBand {
  std::string display, key;
  uint64_t n;
  int64_t p25, p50, p75;
};

std::vector<LevelBand> LevelsOf(const BandSet& b, int ci, int ti, int li,
                                const std::string& company, const std::string& title,
                                std::string& currency) {
  std::vector<LevelBand> out;
  for (const GroupBand& g : b.groups) {
    if (g.key_norm[ci] != company || g.key_norm[ti] != title || g.status != GroupStatus::kOk)
      continue;
    const MetricBand& t = g.metrics[static_cast<int>(BandMetric::kTotal)];
    if (!t.pct) continue;
    if (!currency.empty() && g.currency != currency) continue;
    currency = g.currency;
    out.push_back({g.key[li], g.key_norm[li], g.n, (*t.pct)[1], (*t.pct)[2], (*t.pct)[3]});
  }
  std::sort(out.begin(), out.end(),
            [](const LevelBand& x, const LevelBand& y) { return x.p50 < y.p50; });
  return out;
}

// |[a25, a75] ∩ [b25, b75]| / |[a25, a75] ∪ [b25, b75]| in basis points.
int32_t OverlapBp(const LevelBand& a, const LevelBand& b) {
  const int64_t inter = std::min(a.p75, b.p75) - std::max(a.p25, b.p25);
  const int64_t uni = std::max(a.p75, b.p75) - std::min(a.p25, b.p25);
  if (inter <= 0 || uni <= 0) return 0;
  // Exact: in integers (128 bits, since minor units times 10,000 can pass
  // int64), cut as every percentage of levers is, never rounded up by a
  // floating-point quotient that lands on the next basis point.
  return static_cast<int32_t>(static_cast<__int128>(inter) * 10000 / uni);
}

std::string ConfidenceFor(int32_t overlap_bp, uint64_t n_a, uint64_t n_b) {
  if (overlap_bp >= 5000 && n_a >= 30 && n_b >= 30) return "high";
  if (overlap_bp >= 2500 && n_a >= 10 && n_b >= 10) return "medium";
  if (overlap_bp == 0) return "none";  // no level of B overlaps: the nearest median
  return "low";
}

bool Indices(const BandSet& b, int& ci, int& ti, int& li) {
  ci = ti = li = -1;
  for (size_t i = 0; i < b.options.by.size(); ++i) {
    if (b.options.by[i] == BandDimension::kCompany) ci = static_cast<int>(i);
    if (b.options.by[i] == BandDimension::kTitle) ti = static_cast<int>(i);
    if (b.options.by[i] == BandDimension::kLevel) li = static_cast<int>(i);
  }
  return ci >= 0 && ti >= 0 && li >= 0;
}

// The level keys a stated range at `company` covers: "L4".."L6" -> l4, l5, l6
// when both share a prefix and end in a number ("IC4".."5": the high end takes
// the low end's prefix); else the two ends. Keys are the company's
// (LevelKey(raw, company)): Meta's "IC4" is "e4".
std::vector<std::string> Expand(const std::string& low, const std::string& high,
                                const std::string& company) {
  auto split = [](const std::string& s, std::string& prefix, int& num) {
    size_t i = s.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) --i;
    if (i == s.size() || s.size() - i > 4) return false;
    prefix = s.substr(0, i);
    num = std::stoi(s.substr(i));
    return true;
  };
  std::string pa, pb;
  int a = 0, b = 0;
  std::vector<std::string> out;
  if (split(low, pa, a) && split(high, pb, b) && (pa == pb || pb.empty()) && a <= b &&
      b - a <= 10) {
    for (int i = a; i <= b; ++i) out.push_back(LevelKey(pa + std::to_string(i), company));
    return out;
  }
  out.push_back(LevelKey(low, company));
  if (high != low) out.push_back(LevelKey(high, company));
  return out;
}

}  // namespace

Result<LevelMap> MatchLevels(const BandSet& bands, const std::string& company_a,
                             const std::string& company_b, const std::string& title) {
  int ci, ti, li;
  if (!Indices(bands, ci, ti, li)) {
    return Status::InvalidArgument(
        "level matching needs bands grouped by company, title and level");
  }
  LevelMap map;
  map.company_a = company_a;
  map.company_b = company_b;
  map.title = title;
  const std::vector<LevelBand> a =
      LevelsOf(bands, ci, ti, li, CompanyKey(company_a), TitleKey(title), map.currency);
  const std::vector<LevelBand> b =
      LevelsOf(bands, ci, ti, li, CompanyKey(company_b), TitleKey(title), map.currency);
  if (a.empty() || b.empty()) {
    return Status::InvalidArgument("no levels with data for " +
                                   (a.empty() ? company_a : company_b) + " / " + title);
  }
  for (const LevelBand& x : a) {
    // A level of B with few rows (Meta's 25 rows written "L5", a spelling not
    // on its ladder) must not win over the level most of B's people are at: a
    // level of B with fewer than kMatchMinRows rows is a candidate only when
    // no level of B with that many overlaps A's level at all.
    bool big_overlaps = false;
    for (const LevelBand& y : b) big_overlaps |= y.n >= kMatchMinRows && OverlapBp(x, y) > 0;
    const LevelBand* best = nullptr;
    int32_t best_bp = -1;
    for (const LevelBand& y : b) {
      if (big_overlaps && y.n < kMatchMinRows) continue;
      const int32_t bp = OverlapBp(x, y);
      if (bp > best_bp ||
          (bp == best_bp && std::llabs(y.p50 - x.p50) < std::llabs(best->p50 - x.p50))) {
        best = &y;
        best_bp = bp;
      }
    }
    PayLevelMatch m;
    m.level_a = x.display;
    m.level_b = best->display;
    m.n_a = x.n;
    m.n_b = best->n;
    m.overlap_bp = best_bp;
    m.median_a = x.p50;
    m.median_b = best->p50;
    m.p25_a = x.p25;
    m.p75_a = x.p75;
    m.p25_b = best->p25;
    m.p75_b = best->p75;
    m.confidence = ConfidenceFor(best_bp, x.n, best->n);
    map.matches.push_back(m);
  }
  return map;
}

std::string FormatLevelMapText(const LevelMap& map) {
  std::string out = map.company_a + " vs " + map.company_b + ", " + map.title +
                    ": each level matched to the one whose total comp p25-p75 overlaps it most\n";
  char line[256];
  // The medians' currency, in their column headers: "median USD".
  const std::string median = "median " + map.currency;
  std::snprintf(line, sizeof line, "%-12s %6s %16s   %-12s %6s %16s %8s  %s\n", "level", "n",
                median.c_str(), "matches", "n", median.c_str(), "overlap", "confidence");
  out += line;
  for (const PayLevelMatch& m : map.matches) {
    const std::string ma = bands_internal::TextAmount(m.median_a, map.currency);
    const std::string mb = bands_internal::TextAmount(m.median_b, map.currency);
    // The overlap as every percentage for people: 33.33%, never cut to 33%.
    const std::string overlap = PercentString(Percent{m.overlap_bp}) + "%";
    std::snprintf(line, sizeof line, "%-12s %6llu %16s   %-12s %6llu %16s %8s  %s\n",
                  m.level_a.c_str(), static_cast<unsigned long long>(m.n_a), ma.c_str(),
                  m.level_b.c_str(), static_cast<unsigned long long>(m.n_b), mb.c_str(),
                  overlap.c_str(), m.confidence.c_str());
    out += line;
  }
  return out;
}

std::string FormatLevelMapJson(const BandSet& bands, const LevelMap& map,
                               const LevelMappingCheck* guide) {
  using bands_internal::MajorUnitsJson;
  std::string text;
  internal::JsonOut j(text, /*pretty=*/true);
  j.BeginObject();
  bands_internal::AppendBandSettingsJson(j, bands);
  // The rejected rows themselves are bands build's to list (--show-rejects).
  bands_internal::AppendRowLedgerJson(j, bands.ledger, /*with_rejects=*/false);
  j.Key("title").String(map.title);
  j.Key("companies").BeginObject();
  j.Key("a").String(map.company_a);
  j.Key("b").String(map.company_b);
  j.EndObject();
  j.Key("levels").BeginArray();
  auto level = [&](std::string_view key, const std::string& name, uint64_t n, int64_t p25,
                   int64_t p50, int64_t p75) {
    j.Key(key).BeginObject();
    j.Key("level").String(name);
    j.Key("n").Int(static_cast<int64_t>(n));
    j.Key("currency").String(map.currency);
    j.Key("total_comp").BeginObject();
    j.Key("p25").Number(MajorUnitsJson(p25, map.currency));
    j.Key("p50").Number(MajorUnitsJson(p50, map.currency));
    j.Key("p75").Number(MajorUnitsJson(p75, map.currency));
    j.EndObject();
    j.EndObject();
  };
  for (const PayLevelMatch& m : map.matches) {
    j.BeginObject();
    level("a", m.level_a, m.n_a, m.p25_a, m.median_a, m.p75_a);
    level("b", m.level_b, m.n_b, m.p25_b, m.median_b, m.p75_b);
    j.Key("overlap_pct").String(bands_internal::HundredthsOfPercent(m.overlap_bp));
    j.Key("confidence").String(m.confidence);
    j.EndObject();
  }
  j.EndArray();
  j.Key("guide");
  if (guide == nullptr) {
    j.Null();
  } else {
    const std::vector<Diagnostic>& findings = guide->findings;
    j.BeginObject();
    j.Key("path").String(guide->path);
    j.Key("disagreements").Int(static_cast<int64_t>(findings.size()));
    // Each finding as `levers check --format json` writes one (json-format.md).
    j.Key("findings").BeginArray();
    for (const Diagnostic& d : findings) {
      j.BeginObject();
      j.Key("code").String(d.code);
      j.Key("severity").String(SeverityName(d.severity));
      j.Key("path").String(guide->path);
      const LineColumn lc = guide->file.Locate(d.range.begin);
      j.Key("line").Int(lc.line);
      j.Key("column").Int(lc.column);
      j.Key("field").String(d.path);
      j.Key("message").String(d.message);
      j.EndObject();
    }
    j.EndArray();
    j.EndObject();
  }
  j.EndObject();
  text += '\n';
  return text;
}

void CheckLevelMapping(const Guide& guide, const BandSet& bands, const std::string& title,
                       DiagnosticSink& sink) {
  int ci, ti, li;
  if (!Indices(bands, ci, ti, li)) return;
  const LevelMapping& lm = ResolveLevelMapping(guide);
  const auto& eq = lm.equivalents;
  for (size_t i = 0; i < eq.size(); ++i) {
    for (size_t j = 0; j < eq.size(); ++j) {
      if (i == j || eq[i].level_low.empty() || eq[j].level_low.empty()) continue;
      Result<LevelMap> map = MatchLevels(bands, eq[i].company, eq[j].company, title);
      if (!map.ok()) continue;
      const std::string company_a = CompanyKey(eq[i].company);
      const std::string company_b = CompanyKey(eq[j].company);
      const std::vector<std::string> stated_a =
          Expand(eq[i].level_low, eq[i].level_high, company_a);
      const std::vector<std::string> stated_b =
          Expand(eq[j].level_low, eq[j].level_high, company_b);
      for (const PayLevelMatch& m : map->matches) {
        if (std::find(stated_a.begin(), stated_a.end(), LevelKey(m.level_a, company_a)) ==
            stated_a.end()) {
          continue;
        }
        // A thin or non-overlapping match (low or no confidence: a level seen a
        // handful of times) is no evidence against what the guide states.
        if (m.confidence != "high" && m.confidence != "medium") continue;
        // Only levels of B the data knows can be judged.
        if (std::find(stated_b.begin(), stated_b.end(), LevelKey(m.level_b, company_b)) !=
            stated_b.end()) {
          continue;
        }
        const SourceRange at = eq[i].range.end > 0 ? eq[i].range : lm.raw.range;
        sink.Warning("level-mapping-drift", at, "level_mapping",
                     eq[i].company + " " + m.level_a + " matches " + eq[j].company + " " +
                         m.level_b + " in the data (interquartile overlap " +
                         PercentString(Percent{m.overlap_bp}) + "%, n " + std::to_string(m.n_a) +
                         " and " + std::to_string(m.n_b) + ", " + m.confidence +
                         " confidence), outside the guide's " + eq[j].text);
      }
    }
  }
}

}  // namespace levers
