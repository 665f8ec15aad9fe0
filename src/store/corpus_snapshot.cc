// BuildCorpusSnapshot: guides read and checked, turned into the rows a store keeps.
#include <cstdio>
#include <filesystem>
#include <set>

#include "levers/render.h"
#include "levers/utf8.h"
#include "store/store_internal.h"

namespace levers {
namespace {

namespace fs = std::filesystem;
using store_internal::IsStorableText;

// `s` with every byte that is not part of well-formed UTF-8, and every NUL,
// replaced by U+FFFD. The reader already reported such bytes as findings.
std::string ValidText(std::string_view s) {
  if (IsStorableText(s)) return std::string(s);
  const std::string utf8 = ReplaceInvalidUtf8(s);
  std::string out;
  out.reserve(utf8.size());
  for (char c : utf8) {
    if (c == '\0')
      out += "\xEF\xBF\xBD";
    else
      out += c;
  }
  return out;
}

std::string Text(const Field<std::string>& f) { return f.has() ? ValidText(*f) : std::string(); }
std::string DateText(const Field<Date>& f) { return f.has() ? f->ToString() : std::string(); }

// An amount in minor units of `currency`, or nullopt when absent or stated in
// another currency (a check finding names the mismatch).
std::optional<int64_t> Amount(const Field<Money>& f, const std::string& currency) {
  if (!f.has()) return std::nullopt;
  if (f->currency == currency) return f->minor;
  if (f->currency.empty() && !currency.empty()) {
    std::optional<Money> m = InCurrency(*f, currency);
    if (m) return m->minor;
  }
  return std::nullopt;
}

// `path` under the imported folder `root` (its file name for a file outside
// it): what the store and the API call the file, however the folder was
// spelled, so that no path of the editor's disk is served (as on a static
// site: docs/web.md, "Paths on the site").
fs::path PathUnder(const fs::path& root, const std::string& path) {
  fs::path rel = fs::path(path).lexically_relative(root);
  if (rel.empty() || rel.native().starts_with("..")) rel = fs::path(path).filename();
  return rel;
}

std::string IdFor(const fs::path& root, const std::string& path) {
  fs::path rel = PathUnder(root, path);
  if (rel.extension() == ".md") rel.replace_extension();
  return rel.generic_string();
}

// Why a guide with a value too long for the stores' indexes is left out.
std::string OverlongRefusal(std::string_view path, const store_internal::OverlongValue& o,
                            std::string_view fix) {
  return EscapeUnprintable(path) + ": the " + (o.field == "id" ? "guide id" : o.field) + " is " +
         std::to_string(o.bytes) + " bytes long; a store keeps at most " +
         std::to_string(store_internal::kMaxKeyBytes) + ", " + std::string(fix) + "; not imported";
}

// Removes the rows of guide `id` from the end of `rows`, where the guide's
// rows were just added.
template <typename Row>
void DropRowsOf(const std::string& id, std::vector<Row>& rows) {
  while (!rows.empty() && rows.back().guide_id == id) rows.pop_back();
}

}  // namespace

StoredFinding StoredFindingOf(const Diagnostic& d, const SourceFile* file, std::string guide_id,
                              int position) {
  StoredFinding f;
  f.guide_id = std::move(guide_id);
  f.position = position;
  f.code = ValidText(d.code);
  f.severity = std::string(SeverityName(d.severity));
  if (file != nullptr) {
    const LineColumn lc = file->Locate(d.range.begin);
    f.line = static_cast<int>(lc.line);
    f.column = static_cast<int>(lc.column);
  }
  f.field = ValidText(d.path);
  f.message = ValidText(d.message);
  return f;
}

Result<CorpusSnapshot> BuildCorpusSnapshot(const std::vector<CheckedGuide>& guides,
                                           const SnapshotOptions& options) {
  CorpusSnapshot s;
  s.imported_at = options.imported_at;
  s.source_dir = ValidText(options.root_dir);
  const fs::path root = fs::path(options.root_dir).lexically_normal();
  std::set<std::string> ids;
  for (const CheckedGuide& c : guides) {
    const std::string id = IdFor(root, fs::path(c.path).lexically_normal().string());
    if (const size_t bad = FindInvalidUtf8(id); bad != std::string::npos) {
      s.refused.push_back(EscapeUnprintable(c.path) + ": the name is not valid UTF-8 (byte " +
                          EscapeUnprintable(id.substr(bad, 1)) +
                          "); a guide id cannot hold it, rename the file; not imported");
      continue;
    }
    if (id.size() > store_internal::kMaxKeyBytes) {
      s.refused.push_back(OverlongRefusal(c.path, {"id", id.size()}, "rename the file"));
      continue;
    }
    if (!c.load_status.ok()) return Status::InvalidArgument(c.load_status.message());
    if (!ids.insert(id).second)
      return Status::InvalidArgument(c.path + ": a second file with the id '" + id + "'");

    int64_t errors = 0, warnings = 0;
    int position = 0;
    for (const Diagnostic& d : c.findings.diagnostics()) {
      errors += d.severity == Severity::kError;
      warnings += d.severity == Severity::kWarning;
      s.findings.push_back(StoredFindingOf(d, c.file ? &*c.file : nullptr, id, position++));
    }
    if (!c.guide || !c.file) continue;
    const Guide& g = *c.guide;

    GuideRecord r;
    GuideSummary& m = r.summary;
    m.id = id;
    m.path =
        ValidText(PathUnder(root, fs::path(c.path).lexically_normal().string()).generic_string());
    m.company = Text(g.company);
    m.company_display = g.company_display.has() ? Text(g.company_display) : m.company;
    m.role = Text(g.role);
    m.role_display = g.role_display.has() ? Text(g.role_display) : m.role;
    m.role_type = Text(g.role_type);
    m.last_updated = DateText(g.last_updated);
    m.next_review_due = DateText(g.next_review_due);
    m.data_quality = Text(g.data_quality);
    m.salary_data_quarter = Text(g.salary_data_quarter);
    m.errors = errors;
    m.warnings = warnings;

    int band_pos = 0;
    for (const ResolvedBand& rb : ResolveCompensation(g)) {
      const CompBand& cb = rb.band;
      StoredBand b;
      b.guide_id = id;
      b.position = band_pos++;
      b.company = m.company;
      b.role = m.role;
      b.region = Text(cb.region);
      b.currency = Text(cb.currency);
      if (b.currency.empty()) {
        for (const Field<Money>* f : {&cb.base_low, &cb.base_high, &cb.total_comp_low}) {
          if (f->has() && !(*f)->currency.empty()) {
            b.currency = ValidText((*f)->currency);
            break;
          }
        }
      }
      b.base_low = Amount(cb.base_low, b.currency);
      b.base_high = Amount(cb.base_high, b.currency);
      b.stock_low = Amount(cb.stock_low, b.currency);
      b.stock_high = Amount(cb.stock_high, b.currency);
      if (cb.bonus_pct_low.has()) b.bonus_pct_low_bp = cb.bonus_pct_low->basis_points;
      if (cb.bonus_pct_high.has()) b.bonus_pct_high_bp = cb.bonus_pct_high->basis_points;
      b.total_comp_low = Amount(cb.total_comp_low, b.currency);
      b.total_comp_high = Amount(cb.total_comp_high, b.currency);
      b.stock_vesting_years = cb.stock_vesting_years;
      if (!b.region.empty()) m.regions.push_back(b.region);
      s.bands.push_back(std::move(b));
    }

    int lever_pos = 0;
    for (const Lever& l : g.levers) {
      s.levers.push_back({id, lever_pos++, Text(l.title), Text(l.script)});
    }
    if (g.strategy.text.has()) {
      StoredStrategy st;
      st.guide_id = id;
      st.text = Text(g.strategy.text);
      if (g.strategy.floor.has()) {
        st.floor = *g.strategy.floor;
        st.floor->currency = ValidText(st.floor->currency);
      }
      s.strategies.push_back(std::move(st));
    }
    int level_pos = 0;
    for (const LevelEquivalent& e : ResolveLevelMapping(g).equivalents) {
      s.level_equivalences.push_back({id, level_pos++, ValidText(e.text), ValidText(e.company),
                                      ValidText(e.title), ValidText(e.level_low),
                                      ValidText(e.level_high)});
    }

    if (const std::optional<store_internal::OverlongValue> o =
            store_internal::FindOverlongValue(m)) {
      s.refused.push_back(OverlongRefusal(c.path, *o, "shorten it"));
      DropRowsOf(id, s.bands);
      DropRowsOf(id, s.levers);
      DropRowsOf(id, s.strategies);
      DropRowsOf(id, s.level_equivalences);
      DropRowsOf(id, s.findings);
      continue;
    }
    r.source = c.file->text();
    JsonOptions jo;
    jo.pretty = false;
    jo.path = m.path;  // as the summary names it: under the folder imported
    r.json = RenderGuideJson(g, jo);
    s.guides.push_back(std::move(r));
  }
  return s;
}

}  // namespace levers
