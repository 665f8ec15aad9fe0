// Guide: the typed model of one negotiation guide (one company x role).
//
// Every fact keeps the byte range it came from (Field<T>::range), so a check can
// point at the line and column. Facts stated twice (front matter and body) are
// both kept; Resolve*() gives the single value a consumer should use. A Guide is
// a plain value: copyable, no hidden sharing, thread-compatible.
#ifndef LEVERS_GUIDE_H_
#define LEVERS_GUIDE_H_

#include <optional>
#include <string>
#include <vector>

#include "levers/date.h"
#include "levers/money.h"
#include "levers/source.h"

namespace levers {

// A value with the byte range of the text it was read from.
template <typename T>
struct Field {
  std::optional<T> value;
  SourceRange range;

  bool has() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
  void Set(T v, SourceRange r) {
    value = std::move(v);
    range = r;
  }
};

// A front matter key levers does not model (an unknown key, an entry's `notes`
// or `level`, another key of `level_mapping`), kept as written so that writing
// the guide again does not lose it. Not checked.
struct RawYamlEntry {
  std::string key;    // the key as read ("owner"); empty when the key is not text
  std::string text;   // the file's bytes from the key to the end of its value's
                      // last line (without that line's break): comments on those
                      // lines and the file's line ends included
  SourceRange range;  // where `text` is in the file
  int indent = 0;     // the key's column (bytes after the line start) in the file
  // Kept from a flow mapping (`{region: X, notes: y}`). Its text is then the
  // key as written, ": " and the value as written (`"notes":x` becomes
  // `"notes": x`), so that it reads the same as a block mapping's key.
  bool flow = false;
};

// `e.text` with every line after the first moved from the key's column to
// `indent` (spaces added or removed at the line starts), for writing the key at
// column `indent` in block style. Line ends are left as they are. A line that
// is not blank is kept at least as deep as the key, and for a flow entry
// deeper than the key (a plain scalar or flow collection continued on the next
// line must be, in block style).
std::string IndentRawYaml(const RawYamlEntry& e, int indent);

// Pay for one region, as stated by one source (front matter or body table).
struct CompBand {
  SourceRange range;  // the list item or table row
  Field<std::string> region;
  // The 1-based line and column (in code points) of `region` in the guide's
  // file, for a message about another place that names this band
  // (region-duplicate); 0 for a band not read from a file.
  uint32_t region_line = 0, region_column = 0;
  Field<std::string> currency;  // ISO 4217
  Field<Money> base_low, base_high;
  Field<Money> stock_low, stock_high;  // the whole grant over stock_vesting_years
  Field<Percent> bonus_pct_low, bonus_pct_high;
  Field<Percent> bonus_pct;  // front matter's single "bonus_pct: 10", when written so
  Field<Money> total_comp_low, total_comp_high;  // per year, as stated
  int stock_vesting_years = 4;
  // Whether the guide states stock_vesting_years for this band rather than
  // leaving the default 4: the entry's or the top-level key for a front matter
  // band. Table rows leave it false; Guide::table_stock_vesting_years says
  // whether the table header states it. ResolveCompensation sets it for a
  // merged band when either side states it.
  bool stock_vesting_years_stated = false;
  // Whether a front matter entry states stock_vesting_years itself (a
  // top-level stock_vesting_years does not count). Table rows leave it false.
  bool stock_vesting_years_in_entry = false;
  std::vector<RawYamlEntry> extra;  // front matter only: other keys of the entry, in order
};

// One role in a level mapping: "Google L5-L6 EM" is company Google, title "EM",
// level range L5..L6.
struct LevelEquivalent {
  SourceRange range;
  std::string text;        // as written
  std::string company;     // "Google"
  std::string title;       // "EM", "ML Engineer"; may be empty
  std::string level_low;   // "L5"; empty when the text names no level
  std::string level_high;  // "L6"; equal to level_low for a single level
  // Why the level in the text could not be read ("E5+", "IC4-E5") or is
  // suspect (the range "L3-L2" runs backwards); empty when it was read. The
  // text is then kept, no level is guessed (an inverted range keeps its ends
  // as written) and the role takes no part in level matching.
  std::string problem;
};

struct LevelMapping {
  Field<std::string> raw;                    // the whole "A = B = C" text
  Field<std::string> internal;               // front matter's level_mapping.internal (often null)
  std::vector<LevelEquivalent> equivalents;  // first is the guide's own role
  std::vector<RawYamlEntry> extra;           // front matter's other keys of the mapping
};

// Amounts a lever script or the strategy asks for. Absent fields were not asked.
struct AskAmounts {
  Field<Money> base;
  Field<Money> equity;  // the grant over equity_years
  Field<int> equity_years;
  Field<Money> signing_bonus;
  Field<Percent> year_one_vesting_pct;
  Field<Money> refresh_per_year;
  Field<Money> guaranteed_bonus;
};

// A competing offer named in the strategy or a lever: "a Google L6 EM offer at
// $268K / $430K RSU".
struct CompetingOffer {
  SourceRange range;
  std::string company;
  std::string level;
  Field<Money> base;
  Field<Money> equity;
};

// One of the Global Levers: a title, the script to say, and what it asks for.
struct Lever {
  SourceRange range;
  Field<std::string> title;
  Field<std::string> script;
  AskAmounts asks;
  std::vector<CompetingOffer> competing_offers;  // offers the script cites
};

// The Negotiate Up Strategy paragraph, parsed.
struct Strategy {
  Field<std::string> text;
  std::vector<CompetingOffer> competing_offers;
  AskAmounts ask;
  Field<Money> floor;
};

// "Premium Base + Equity | Market Position | 2026 Focus: Scaling X".
struct DnaSummary {
  Field<std::string> text;
  std::vector<std::string> parts;  // split on " | "
  std::string pay_mix;             // first part
  std::string market_position;     // second part
  std::string focus;               // "Scaling X" from "2026 Focus: Scaling X"
  std::optional<int> focus_year;   // 2026
};

// The "### <Focus> Lever" section.
struct FocusSection {
  Field<std::string> title;  // heading text without the trailing "Lever"
  std::vector<std::string> paragraphs;
};

struct Guide {
  std::string path;
  bool has_front_matter = false;
  SourceRange front_matter_range;  // the YAML between the --- lines
  SourceRange body_range;          // everything after the front matter

  // Identity and dates: front matter, or the body heading for a body-only guide.
  Field<std::string> company, company_display, role, role_display, role_type;
  Field<Date> last_updated, next_review_due;
  Field<std::string> data_quality, salary_data_quarter;
  std::vector<Field<std::string>> data_sources;
  std::vector<RawYamlEntry> front_matter_extra;  // unknown top-level keys, in source order

  Field<std::string> heading;                        // "Role | Company Global Negotiation Guide"
  Field<std::string> heading_role, heading_company;  // the heading's two halves
  bool front_matter_read = false;  // front matter parsed as a mapping and its keys read
  DnaSummary dna_front_matter, dna_body;
  std::vector<std::string> dna_paragraphs;

  std::vector<CompBand> front_matter_bands;
  // The top-level stock_vesting_years: what each front matter entry that
  // states none inherits (4 when this is absent).
  Field<int> stock_vesting_years;
  std::vector<CompBand> table_bands;
  Field<int> table_stock_vesting_years;  // from the "Stock (RSU/4yr)" header

  LevelMapping level_mapping_front_matter, level_mapping_body;
  FocusSection focus;
  std::vector<Lever> levers;
  Strategy strategy;
  std::vector<Field<std::string>> evidence;

  // Which required body sections were seen (for the missing-section check).
  bool saw_table = false, saw_dna_heading = false, saw_levers = false, saw_strategy = false,
       saw_evidence = false;
  // Some of the body was not read: a cut (body-too-large, the rest of the body)
  // or a line skipped (markdown-too-complex). Its sections cannot be called missing.
  bool body_truncated = false;
  // The file has bytes that are not UTF-8 (a utf8-invalid finding); writers
  // that must write UTF-8 replace them.
  bool invalid_utf8 = false;
};

// A band for one region with front matter and table merged: front matter wins
// where both state a figure; the bonus range comes from the table when it has
// one (front matter's bonus_pct is a single number, kept in bonus_pct_stated).
struct ResolvedBand {
  CompBand band;
  std::optional<Percent> bonus_pct_stated;  // front matter's own bonus_pct
  bool from_front_matter = false;
  bool from_table = false;
  int front_matter_index = -1;  // position in Guide::front_matter_bands, or -1
  int table_index = -1;         // position in Guide::table_bands, or -1
};

std::vector<ResolvedBand> ResolveCompensation(const Guide& g);

// For each front matter band, the index of the table row for the same region
// (by RegionKey, first unmatched row), or -1. Linear in the number of regions.
std::vector<int> MatchTableRows(const Guide& g);
const DnaSummary& ResolveDna(const Guide& g);
const LevelMapping& ResolveLevelMapping(const Guide& g);

// Canonical key for matching region names across sources ("new york" == "New York ").
std::string RegionKey(std::string_view region);

// How many quarters a guide's salary_data_quarter may be behind the quarter of
// "today" before its figures count as old: `levers check` warns (data-stale,
// docs/checks.md) and `levers bands apply` warns when --as-of is further than
// this past the newest submission it used (docs/bands.md 6). Both count the
// quarters between two days with Date::QuarterIndex (date.h).
inline constexpr int kStaleDataQuarters = 2;

}  // namespace levers

#endif  // LEVERS_GUIDE_H_
