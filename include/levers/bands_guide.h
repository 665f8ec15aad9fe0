// Bands and guides: writing estimated bands into a guide (apply), a new
// skeleton guide from data, the drift between a guide's stated bands and fresh
// data, and level equivalences read from pay distributions.
//
// All functions are pure: they read their arguments and return new values.
// Thread-safe.
#ifndef LEVERS_BANDS_GUIDE_H_
#define LEVERS_BANDS_GUIDE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/bands.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

// How a guide's band is drawn from a group's percentiles (docs/bands.md).
struct GuideBandRule {
  int low_index = 1;           // index into kPercentilesPerMille: 1 = p25
  int high_index = 3;          // 3 = p75
  int64_t round_major = 1000;  // figures rounded half to even to this many major units
};

// Which data group is the guide's role: normalised company and title keys.
// Defaults (empty): CompanyKey(company_display or company), TitleKey(role_display).
struct GuideDataKey {
  std::string company;
  std::string title;
};

// The figures a guide's region gets from a group (all in the group's currency,
// minor units, rounded by the rule): base and total comp per year, stock as a
// whole grant over `vesting_years`, bonus as a share of base at each end
// (bonus at the low end / base at the low end, to whole percent).
struct GuideBandFigures {
  Money base_low, base_high, stock_low, stock_high, total_low, total_high;
  Percent bonus_low, bonus_high;
  bool has_stock = false, has_bonus = false;
};
Result<GuideBandFigures> FiguresFor(const GroupBand& group, int vesting_years,
                                    const GuideBandRule& rule);

struct ApplyOptions {
  GuideBandRule rule;
  GuideDataKey key;
  std::string quarter;                     // salary_data_quarter; empty: as_of's quarter
  std::string source_name = "Levels.fyi";  // added to data_sources when absent; never blank
  // Apply data whose quarter is older than the guide's salary_data_quarter
  // (refused otherwise: it would replace newer figures with older ones).
  bool allow_older = false;
};

// `bands apply` warns when --as-of is more than kStaleDataQuarters (guide.h)
// after the quarter of the newest submission it used (docs/bands.md 6).

// True when `quarter` is a salary_data_quarter as guides state it: four
// digits, "-Q", a digit 1 to 4 ("2021-Q4"; guide-format.md).
bool IsSalaryDataQuarter(std::string_view quarter);

// The most regions NewGuideFromBands writes into one guide.
inline constexpr int kMaxNewGuideRegions = 50;

struct ApplyResult {
  std::string text;  // the whole new file
  // `text` as ReadGuide reads it (read once, to verify it, with the guide's
  // path): what `levers check` finds in the refreshed guide is found in this.
  Guide guide;
  std::vector<std::string> updated;  // regions whose figures came from the data
  std::vector<std::string> kept;     // regions left as they were (no group, or suppressed)
  std::string data_quality;          // the grade written
  std::string quarter;               // salary_data_quarter written
  // The quarter of the figures from the data (the newest row's, or
  // ApplyOptions::quarter); `quarter` is older when a kept region is.
  std::string data_quarter;
  // When a region is kept: the guide's salary_data_quarter, else the quarter
  // of its last_updated; empty when no region is kept or the guide states
  // neither (the kept figures are then undated).
  std::string kept_quarter;
  // The latest date among the rows of the groups used ("2021-08-17"); empty
  // when the data has no dates. The quarter written is its quarter unless
  // ApplyOptions::quarter says another.
  std::string newest_used;
  int quarters_behind = 0;      // the as-of quarter minus newest_used's quarter
  std::string last_updated;     // the date written, or empty when the guide's was kept
  std::string next_review_due;  // likewise
};

// The guide with its front matter compensation entries, salary_data_quarter,
// data_quality and data_sources, and its pay table rows, replaced from
// `bands` (built with --by company,title,region). Every byte outside those
// front matter keys and the pay table's cells is kept as it was: the prose,
// line endings, other keys and comments. No region's vesting years change:
// an entry's stock_vesting_years is written when the entry states it or its
// region's years differ from what it inherits (the guide's top-level
// stock_vesting_years, else 4). data_quality is the lowest grade
// among the updated regions and, when a region is kept, the guide's own
// grade (low when it states none). salary_data_quarter is the quarter of the
// newest row used (or options.quarter) or, when a region is kept, the older
// of that and the kept figures' quarter (ApplyResult::kept_quarter). A
// last_updated before the bands' as-of date becomes that date, and a
// next_review_due then on or before it becomes 3 months later (keys the guide
// lacks are not added). InvalidArgument when the guide has no front matter,
// `bands` is not grouped by company, title and region, or no region of the
// guide has data; also when options.quarter is neither empty nor a quarter
// (IsSalaryDataQuarter) or is after the newest row's quarter, or
// options.source_name is blank; when the data's quarter is older than the
// guide's salary_data_quarter (unless options.allow_older); when a front
// matter currency is unknown; and when the front matter and the pay table do
// not name the same regions one to one. Each message about the guide starts
// with its path, and with the line and column it is about when there is one
// (the quarter refusals: the guide's salary_data_quarter).
Result<ApplyResult> ApplyBands(const SourceFile& file, const Guide& guide, const BandSet& bands,
                               const ApplyOptions& options);

// One value a refresh changes, as shown to people (FormatGuideChange):
// - kValue: `field` is a figure of `region` ("base_low" for "Seattle"; also
//   "stock_vesting_years", "4" -> "3") or, with `region` empty, a key of
//   the guide ("salary_data_quarter"); `before` and `after` are
//   "USD 150,000", "15%", "2021-Q3", or "(none)" when not stated.
// - kRenamed: the front matter key `field` of `region` ("bonus_pct", its
//   value `before`, "15%") is written under the keys of `renamed_to`, each
//   with its value ({"bonus_pct_low", "15%"}, {"bonus_pct_high", "15%"});
//   `after` is empty.
// - kTableCell: the pay table cell of `region` in column `field` ("base",
//   "stock", "bonus", "total_comp"), the whole cell's text as written
//   (without the blanks around it: "**$210K–$300K**") `before` and after;
//   `line` is the 1-based line of its table row in the guide as it
//   was.
// - kStated / kUnstated: the front matter entry of `region` now states, or no
//   longer states, `field` ("stock_low", "stock_vesting_years") while its
//   value stays `before` == `after` (a kept region's entry given the pay
//   table's figure; an entry given the vesting years of the table header).
//   A top-level stock_vesting_years is not an entry's own.
enum class GuideChangeKind { kValue, kRenamed, kStated, kUnstated, kTableCell };
struct GuideChange {
  std::string field, region, before, after;
  GuideChangeKind kind = GuideChangeKind::kValue;
  std::vector<std::pair<std::string, std::string>> renamed_to;  // kRenamed only: key, value
  uint32_t line = 0;                                            // kTableCell only
};

// Every value that differs between a guide and its refreshed text (read
// back): each region of `after` (by RegionKey, figures as
// ResolveCompensation merges them) figure by figure (with its
// stock_vesting_years), then salary_data_quarter, data_quality,
// last_updated, next_review_due and data_sources. In that order; empty when
// nothing changed. A front matter `bonus_pct` now written as
// `bonus_pct_low`/`bonus_pct_high` is a kRenamed change, in the place of its
// kValue "-> (none)", for the ends whose value (as merged) is unchanged, when
// at least one of them carries the bonus_pct's value; an end whose value
// changed is a kValue change.
// After a region's figures, kStated/kUnstated for each figure (and
// stock_vesting_years) its front matter entry now states or no longer states
// with its value unchanged, when the region has an entry before and after.
std::vector<GuideChange> GuideChanges(const Guide& before, const Guide& after);

// Every pay table cell whose text differs between a guide (`before`, read
// from `before_file`) and its refreshed text (`after`, from `after_file`):
// kTableCell changes, row by row in table order, in each row base, stock,
// bonus and total comp. Rows are paired by position (apply rewrites cells,
// never rows); a row only one side has is not compared. Empty when the
// guide has no pay table or no cell changed.
std::vector<GuideChange> GuideTableChanges(const SourceFile& before_file, const Guide& before,
                                           const SourceFile& after_file, const Guide& after);

// One change as `levers bands apply --dry-run` prints it, without the indent:
// "Seattle base_low: USD 140,000 -> USD 155,000", "London bonus_pct ->
// bonus_pct_low, bonus_pct_high: 15% (renamed, same value)" (or, when a new
// key's value differs, "London bonus_pct: 10% -> bonus_pct_low: 10%,
// bonus_pct_high: 15% (renamed)"), "table line 47 Seattle base: $140K–$170K
// -> $155K–$168K", "data_quality: low -> medium".
std::string FormatGuideChange(const GuideChange& change);

// The ISO 4217 code each region of `guide` is stated in, by region key (as
// BandsOptions::region_currency takes it: CompanyKey of the region's name).
// Regions without a region name or a currency are left out.
std::map<std::string, std::string> GuideRegionCurrencies(const Guide& guide);

// Guides whose regions can share one build of the data: together they state
// each region in one currency.
struct GuideBatch {
  // Every region the batch's guides state, by region key, with its currency:
  // the BandsOptions::region_currency of the batch's build.
  std::map<std::string, std::string> region_currency;
  std::vector<size_t> guides;  // indices into the guides given, in ascending order
};

// Groups guides so the data is built once per batch (once, when no two guides
// state a region in different currencies). Each guide, in order, joins the
// first batch none of whose regions it states in another currency, else
// starts a new batch; batches come in the order of their first guide. A null
// entry (a guide that could not be read) is in no batch; no guides, or only
// null ones, give no batch. The pointers are read during the call only.
std::vector<GuideBatch> BatchGuidesByRegionCurrency(const std::vector<const Guide*>& guides);

// A new guide for `company_display` / `role_display` with one region per
// group of bands for that company and title (largest first, at most
// `max_regions`), the front matter filled from the data and every prose
// section a placeholder for an editor. InvalidArgument when no group
// matches, when `max_regions` is not 1 to kMaxNewGuideRegions, or when
// `options` would be refused by ApplyBands (quarter, source_name).
Result<std::string> NewGuideFromBands(const BandSet& bands, const std::string& company_display,
                                      const std::string& role_display, int max_regions,
                                      const ApplyOptions& options);

// Where a guide's stated band is off the data by more than the tolerance:
// for each of its regions with a group, base, stock and total comp at both
// ends against the data's figures (FiguresFor), as warnings "bands-drift"
// at the stated figure: |stated - data| / data > tolerance_bp. A region
// with nothing to compare (no group, a group in another currency, below
// min_n, or without base and total comp figures) gets a note
// "bands-no-data" at its region saying why; when no region of the guide
// has any, one note for the guide (at company_display) lists them all.
// InvalidArgument, and no finding, when the bands are not grouped by company,
// title and region (nothing could be compared), naming the grouping they have.
[[nodiscard]] Status CheckBandDrift(const Guide& guide, const BandSet& bands,
                                    const GuideBandRule& rule, const GuideDataKey& key,
                                    int32_t tolerance_bp, DiagnosticSink& sink);

// ---------------------------------------------------------------------------
// Level equivalences from data.

// (Not LevelMatch: that is levers/levels.h's, a level map entry; two types of
// one name in namespace levers broke the one-definition rule.)
struct PayLevelMatch {
  std::string level_a, level_b;  // display names
  uint64_t n_a = 0, n_b = 0;
  // Overlap of the two interquartile ranges of total comp: |A ∩ B| / |A ∪ B|
  // (0..10000 basis points), the medians, and the quartiles the overlap is
  // taken between; minor units of the LevelMap's currency.
  int32_t overlap_bp = 0;
  int64_t median_a = 0, median_b = 0;
  int64_t p25_a = 0, p75_a = 0, p25_b = 0, p75_b = 0;
  std::string confidence;  // "high", "medium", "low", "none" (docs/bands.md)
};

struct LevelMap {
  std::string company_a, company_b, title, currency;
  // For each level of A (by median, low to high), the level of B that overlaps it most.
  std::vector<PayLevelMatch> matches;
};

// The rows a level of company B needs to be matched while a level of B with
// at least this many overlaps A's level (the n of a `high` confidence).
inline constexpr uint64_t kMatchMinRows = 30;

// From bands grouped by company, title and level: every level of company A
// matched to the level of company B whose pay overlaps it most, among B's
// levels of at least kMatchMinRows rows when one of them overlaps at all.
// InvalidArgument when the bands are not grouped so or a company has no level.
Result<LevelMap> MatchLevels(const BandSet& bands, const std::string& company_a,
                             const std::string& company_b, const std::string& title);

// Where a guide's level mapping states "A Lx = B Ly" and the data's best
// match for A's levels is not within B's stated range: warnings
// "level-mapping-drift" at the mapping text.
void CheckLevelMapping(const Guide& guide, const BandSet& bands, const std::string& title,
                       DiagnosticSink& sink);

std::string FormatLevelMapText(const LevelMap& map);

// A guide's level mapping checked against the data: CheckLevelMapping's
// findings, and the guide they are in. Views: what they refer to must outlive
// the call they are given to.
struct LevelMappingCheck {
  std::string_view path;                    // the guide, as given
  const SourceFile& file;                   // locates each finding
  const std::vector<Diagnostic>& findings;  // level-mapping-drift warnings
};

// The JSON document of `levers bands levels --format json` (docs/bands.md
// 5): the settings and row ledger of `bands` (as FormatBandsJson writes them,
// without the rejected rows), the two companies, the title and the currency,
// each match with both levels' n and total comp p25, p50, p75 (exact amounts
// in major units), the overlap and confidence, and the guide's findings when
// `guide` is given (else "guide": null). Pretty-printed, ending in a newline.
std::string FormatLevelMapJson(const BandSet& bands, const LevelMap& map,
                               const LevelMappingCheck* guide);

}  // namespace levers

#endif  // LEVERS_BANDS_GUIDE_H_
