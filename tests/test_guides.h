// Small guides written for the tests, in the project's own words.
#ifndef LEVERS_TESTS_TEST_GUIDES_H_
#define LEVERS_TESTS_TEST_GUIDES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/check.h"
#include "levers/reader.h"

namespace levers::testing {

inline std::string kFrontMatter =
    "---\n"
    "company: quillon-labs\n"
    "company_display: Quillon Labs\n"
    "role: software-engineer\n"
    "role_display: Software Engineer\n"
    "role_type: standard\n"
    "last_updated: 2026-08-01\n"
    "data_quality: medium\n"
    "salary_data_quarter: 2026-Q2\n"
    "next_review_due: 2026-11-01\n"
    "compensation:\n"
    "  - region: Seattle\n"
    "    base_low: 150000\n"
    "    base_high: 190000\n"
    "    stock_low: 120000\n"
    "    stock_high: 200000\n"
    "    bonus_pct: 10\n"
    "    total_comp_low: 195000\n"
    "    total_comp_high: 268000\n"
    "    currency: USD\n"
    "  - region: Dublin\n"
    "    base_low: 90000\n"
    "    base_high: 120000\n"
    "    stock_low: 60000\n"
    "    stock_high: 100000\n"
    "    bonus_pct: 10\n"
    "    total_comp_low: 114000\n"
    "    total_comp_high: 163000\n"
    "    currency: EUR\n"
    "level_mapping:\n"
    "  internal: null\n"
    "  raw: Quillon Labs SWE = Google L4 = Meta E4\n"
    "data_sources:\n"
    "  - Levels.fyi\n"
    "  - Glassdoor\n"
    "negotiation_dna_summary: \"Solid Base + Steady Equity | Document Tools Maker | 2026 Focus: "
    "Offline Sync\"\n"
    "---\n";

inline std::string kBody =
    "### Software Engineer | Quillon Labs Global Negotiation Guide\n"
    "\n"
    "**Negotiation DNA:** Solid Base + Steady Equity | Document Tools Maker | 2026 Focus: Offline "
    "Sync\n"
    "\n"
    "| Region | Base Salary | Stock (RSU/4yr) | Bonus | Total Comp |\n"
    "|--------|-------------|-----------------|-------|------------|\n"
    "| Seattle | $150K–$190K | $120K–$200K | 10–15% | $195K–$268K |\n"
    "| Dublin | EUR90K–EUR120K | EUR60K–EUR100K | 10–15% | EUR114K–EUR163K |\n"
    "\n"
    "**Negotiation DNA**\n"
    "Quillon builds editors that keep working without a connection.\n"
    "\n"
    "Pay here tracks the market median, with equity doing the heavy lifting.\n"
    "\n"
    "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta E4\n"
    "\n"
    "### Offline Sync Lever\n"
    "Sync conflicts are the hardest bug class the team owns.\n"
    "\n"
    "**Global Levers**\n"
    "1. **Sync Experience:** \"I have shipped conflict-free replication before. That is worth "
    "$185K base.\"\n"
    "2. **Competing Offer:** \"Google is offering L4 at $180K / $220K RSU. I need $185K base and "
    "$190K equity/4yr.\"\n"
    "\n"
    "> **Negotiate Up Strategy:** \"I'm holding a Google L4 offer at $180K / $220K RSU and a Meta "
    "E4 offer at "
    "$176K / $200K RSU. To join, I need $185K base, $190K equity/4yr, and a $20K signing bonus. "
    "My floor is $170K — below that, Google wins.\"\n"
    "\n"
    "#### Evidence & Sources\n"
    "- Levels.fyi offers for document tools companies (2026)\n"
    "- Glassdoor reports for Quillon Labs\n";

inline std::string CleanGuide() { return kFrontMatter + kBody; }

// Replaces the first occurrence of `from` in `text` (the test fails loudly if absent).
inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) return "REPLACE TARGET NOT FOUND: " + from;
  return text.replace(at, from.size(), to);
}

struct ReadResult {
  SourceFile file;
  std::optional<Guide> guide;
  DiagnosticSink sink;
};

inline ReadResult ReadText(const std::string& text, const std::string& path = "test.md") {
  ReadResult r{SourceFile(path, text), std::nullopt, {}};
  r.guide = ReadGuide(r.file, r.sink);
  return r;
}

inline ReadResult ReadAndCheckText(const std::string& text,
                                   std::optional<Date> today = Date{2026, 9, 1}) {
  ReadResult r = ReadText(text);
  CheckOptions o;
  o.today = today;
  if (r.guide) CheckGuide(*r.guide, o, r.sink);
  return r;
}

inline std::vector<std::string> Codes(const DiagnosticSink& sink, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity == severity) out.push_back(d.code);
  }
  return out;
}

// Each finding of `code` as "line:column path: message", in the order reported.
inline std::vector<std::string> Findings(const ReadResult& r, std::string_view code) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.sink.diagnostics()) {
    if (d.code != code) continue;
    const LineColumn at = r.file.Locate(d.range.begin);
    out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + " " + d.path + ": " +
                  d.message);
  }
  return out;
}

// The front matter keys a guide keeps as written, each as the canonical writer
// places it (key path, then the text at its target column with LF line ends),
// one per line: equal for a guide and its canonical rewrite.
inline std::string KeptKeys(const Guide& g) {
  std::string out;
  auto add = [&](const std::string& where, const RawYamlEntry& e, int indent) {
    std::string text = IndentRawYaml(e, indent);
    std::string lf;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
      lf += text[i] == '\r' ? '\n' : text[i];
    }
    out += where + e.key + " = [" + lf + "]\n";
  };
  for (const RawYamlEntry& e : g.front_matter_extra) add("", e, 0);
  for (size_t i = 0; i < g.front_matter_bands.size(); ++i) {
    for (const RawYamlEntry& e : g.front_matter_bands[i].extra)
      add("compensation[" + std::to_string(i) + "].", e, 4);
  }
  for (const RawYamlEntry& e : g.level_mapping_front_matter.extra) add("level_mapping.", e, 2);
  if (g.level_mapping_front_matter.internal.has())
    out += "level_mapping.internal = [" + *g.level_mapping_front_matter.internal + "]\n";
  return out;
}

}  // namespace levers::testing

#endif  // LEVERS_TESTS_TEST_GUIDES_H_
