#include <string>
#include <vector>

#include "core/yaml_emit.h"
#include "levers/render.h"

namespace levers {
namespace {

using internal::YamlString;

void Line(std::string& out, std::string_view indent, std::string_view key,
          const std::string& value) {
  out.append(indent).append(key).append(": ").append(value).append("\n");
}

void StringKey(std::string& out, std::string_view key, const Field<std::string>& f) {
  if (f.has()) Line(out, "", key, YamlString(*f));
}

void AmountKey(std::string& out, std::string_view key, const Field<Money>& m) {
  if (m.has()) Line(out, "    ", key, MajorUnitsString(*m));
}

void PctKey(std::string& out, std::string_view key, const Field<Percent>& p) {
  if (p.has()) Line(out, "    ", key, PercentString(*p));
}

// Kept keys as written, moved to column `indent`, with LF line ends.
void RawKeys(std::string& out, const std::vector<RawYamlEntry>& extra, int indent) {
  for (const RawYamlEntry& e : extra) {
    const std::string text = IndentRawYaml(e, indent);
    out.append(static_cast<size_t>(indent), ' ');
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        continue;
      }
      out += text[i];
    }
    out += '\n';
  }
}

}  // namespace

std::string RenderCanonicalMarkdown(const Guide& g, const SourceFile& file) {
  std::string out = "---\n";
  StringKey(out, "company", g.company);
  StringKey(out, "company_display", g.company_display);
  StringKey(out, "role", g.role);
  StringKey(out, "role_display", g.role_display);
  StringKey(out, "role_type", g.role_type);
  if (g.last_updated.has()) Line(out, "", "last_updated", g.last_updated->ToString());
  StringKey(out, "data_quality", g.data_quality);
  StringKey(out, "salary_data_quarter", g.salary_data_quarter);
  if (g.next_review_due.has()) Line(out, "", "next_review_due", g.next_review_due->ToString());
  // A table row without a region (table-cell-empty) stays in the table only:
  // as a front matter band it could never pair with its row again, and each
  // rewrite would add another.
  std::vector<ResolvedBand> bands = ResolveCompensation(g);
  std::erase_if(bands,
                [](const ResolvedBand& r) { return !r.from_front_matter && !r.band.region.has(); });
  if (!bands.empty()) {
    out += "compensation:\n";
    for (const ResolvedBand& r : bands) {
      const CompBand& b = r.band;
      out += "  - region: " + (b.region.has() ? YamlString(*b.region) : std::string("null")) + "\n";
      AmountKey(out, "base_low", b.base_low);
      AmountKey(out, "base_high", b.base_high);
      AmountKey(out, "stock_low", b.stock_low);
      AmountKey(out, "stock_high", b.stock_high);
      if (b.stock_vesting_years != 4)
        Line(out, "    ", "stock_vesting_years", std::to_string(b.stock_vesting_years));
      PctKey(out, "bonus_pct", b.bonus_pct);
      PctKey(out, "bonus_pct_low", b.bonus_pct_low);
      PctKey(out, "bonus_pct_high", b.bonus_pct_high);
      AmountKey(out, "total_comp_low", b.total_comp_low);
      AmountKey(out, "total_comp_high", b.total_comp_high);
      if (b.currency.has()) Line(out, "    ", "currency", YamlString(*b.currency));
      if (r.from_front_matter) RawKeys(out, g.front_matter_bands[r.front_matter_index].extra, 4);
    }
  }
  // The chosen raw line. A front matter mapping without `raw` (only `internal`
  // or other keys) is written as it is, so the body line stays the one in use.
  const LevelMapping& fm = g.level_mapping_front_matter;
  const bool fm_without_raw = !fm.raw.has() && (fm.internal.has() || !fm.extra.empty());
  const LevelMapping& lm = fm_without_raw ? fm : ResolveLevelMapping(g);
  if (lm.raw.has() || lm.internal.has() || fm_without_raw) {
    out += "level_mapping:\n";
    Line(out, "  ", "internal", lm.internal.has() ? YamlString(*lm.internal) : std::string("null"));
    if (lm.raw.has()) Line(out, "  ", "raw", YamlString(*lm.raw));
    RawKeys(out, fm.extra, 2);
  }
  if (!g.data_sources.empty()) {
    out += "data_sources:\n";
    for (const auto& s : g.data_sources) out += "  - " + YamlString(*s) + "\n";
  }
  const DnaSummary& dna = ResolveDna(g);
  if (dna.text.has()) Line(out, "", "negotiation_dna_summary", YamlString(*dna.text));
  RawKeys(out, g.front_matter_extra, 0);
  out += "---\n";
  // The body as written, with LF line endings (CRLF and a lone CR become LF) and one final newline.
  std::string_view body = std::string_view(file.text())
                              .substr(g.body_range.begin, g.body_range.end - g.body_range.begin);
  std::string normalized;
  normalized.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      normalized += '\n';
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
      continue;
    }
    normalized += body[i];
  }
  while (!normalized.empty() && normalized.back() == '\n') normalized.pop_back();
  out += normalized;
  out += "\n";
  return out;
}

}  // namespace levers
