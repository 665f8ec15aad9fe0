// The band builder: raw salary submissions (a Levels.fyi export or any CSV
// through a column mapping) into pay bands per group, with outlier removal, a
// recency window, a data-quality grade and the ledger of every row read.
//
// Pipeline (docs/bands.md): a streaming CSV reader hands each record to the
// normaliser (amounts to integer minor units, dates, currency through the ECB
// table, company / title / level / location to canonical names); each record
// in the recency window goes into its group's histograms (ValueHistogram), so
// memory grows with groups and distinct amounts, never with rows; then the
// estimator removes outliers on log pay, takes percentiles, grades each group
// and pools or suppresses the small ones.
//
// Every function here is thread-safe: no shared mutable state. BuildBands runs
// on `threads` worker threads of its own and joins them before returning.
#ifndef LEVERS_BANDS_H_
#define LEVERS_BANDS_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/bands_histogram.h"
#include "levers/date.h"
#include "levers/fx.h"
#include "levers/money.h"
#include "levers/status.h"

namespace levers {

// ---------------------------------------------------------------------------
// Input: which column holds what.

enum class StockBasis {
  kPerYear,   // the column is stock vesting per year (Levels.fyi's stockgrantvalue)
  kPerGrant,  // the column is a whole grant vesting over grant_years
};

// Column names of a salary CSV (matched exactly against the header, after
// trimming spaces). An empty name means the file has no such column.
struct ColumnMapping {
  std::string company, title, level, location, date;
  std::string base, stock, bonus, total;
  std::string currency;                // a column of ISO 4217 codes; empty: every row is in
  std::string fixed_currency = "USD";  // ... this currency
  // Whether a --map text named the currency (currency or currency_code); the
  // CLI refuses a mapping that does not rather than assume USD.
  bool currency_stated = false;
  StockBasis stock_basis = StockBasis::kPerYear;
  int grant_years = 4;  // for kPerGrant: stock per year = grant / grant_years
};

// The Levels.fyi export (../shared/data/levels_fyi_salaries_2017_2021.csv):
// company, title, level, location, timestamp, basesalary, stockgrantvalue (per
// year), bonus, totalyearlycompensation, all in USD.
ColumnMapping LevelsFyiMapping();

// Parses "--map" text: comma-separated key=column pairs, keys company, title,
// level, location, date, base, stock (per year), stock_grant (a whole grant),
// grant_years (a number), bonus, total, currency (a column) and
// currency_code (one ISO code for every row, in any case). Starts from an
// empty mapping (fixed currency USD). InvalidArgument naming the bad pair; a
// key given twice, currency with currency_code, stock with stock_grant, or
// grant_years without stock_grant are refused, naming both values.
Result<ColumnMapping> ParseColumnMapping(std::string_view spec);

// ---------------------------------------------------------------------------
// One normalised record.

enum class BandDimension { kCompany, kTitle, kLevel, kRegion, kQuarter };
std::string_view DimensionName(BandDimension d);
// "company,title,level,region,quarter" (any subset, in any order, no repeats).
Result<std::vector<BandDimension>> ParseDimensions(std::string_view list);

// A salary submission after normalisation. Amounts are in `currency`'s minor
// units (after conversion when one was asked for); stock is per year.
struct SalaryRecord {
  uint64_t line = 0;  // 1-based line where the record starts
  std::string_view company_raw, title_raw, level_raw, location_raw;
  std::string company_key;  // "google": trimmed, case-folded, built-in and options' aliases applied
  std::string title_key, level_key, region;
  std::string currency;  // the amounts' currency
  Date date;
  bool date_is_year_only = false;
  std::optional<int64_t> base, stock_per_year, bonus, total;  // minor units; absent: not given
  bool total_computed = false;  // true when total = base + stock/yr + bonus (no total column)
};

// ---------------------------------------------------------------------------
// Options and the ledger.

enum class SmallGroupPolicy {
  kPool,      // report the parent group's figures (region, then level, dropped), marked pooled
  kSuppress,  // report n and no figures, marked suppressed
};

// The widest fence `--k` takes. On log pay, 100 IQRs or scaled MADs already
// keep every amount a group of salaries holds, so a wider one only hides a typo.
inline constexpr double kMaxOutlierK = 100;

// BandsOptions::max_groups unless set.
inline constexpr size_t kDefaultMaxGroups = 100'000;

struct BandsOptions {
  std::vector<BandDimension> by = {BandDimension::kCompany, BandDimension::kTitle,
                                   BandDimension::kLevel};
  Date as_of;           // the window ends here (inclusive); required
  int window_days = 0;  // rows dated in (as_of - window_days, as_of]; 0: every row up to as_of
  std::string currency = "USD";  // target currency, or "local": each region's own (metros table)
  // Per-region target currency overrides (region name as normalised), e.g. from a guide.
  std::map<std::string, std::string> region_currency;
  OutlierMethod outliers = OutlierMethod::kIqr;
  double outlier_k = 1.5;  // 1.5 for IQR, 3 for MAD are the usual choices; 0 < k <= kMaxOutlierK
  int min_n = 5;           // groups with fewer rows are pooled or suppressed
  SmallGroupPolicy small = SmallGroupPolicy::kPool;
  int threads = 0;                     // 0: one per core
  size_t max_reported_rejects = 1000;  // rows listed by line (all are counted)
  size_t max_record_bytes = 1 << 20;   // a longer record is rejected and skipped
  // The most groups a read may make (--max-groups). Memory grows with groups
  // (some 2.4 KB each, per reading thread), so a file of distinct keys cannot
  // exhaust it: past the bound the read stops with InvalidArgument naming it.
  // Levels.fyi's 62,642 rows make some 17,000 groups.
  size_t max_groups = kDefaultMaxGroups;
  uint64_t min_bytes_per_thread = 4 << 20;  // smaller files use fewer threads
  const RateTable* rates = nullptr;         // nullptr: RateTable::Bundled()
  // Company aliases on top of the built-in ones: case-folded spelling -> key.
  std::map<std::string, std::string> company_aliases;
};

struct RejectedRow {
  uint64_t line = 0;   // 1-based line where the record starts
  std::string column;  // the column at fault, empty for the whole record
  std::string reason;  // e.g. "expected an amount, found 'abc'"
  std::string code;    // stable reason code, e.g. "amount-invalid"
};

// Every record read is either accepted or rejected: read == accepted + rejected.
// Accepted records are before the window, after as_of, or in the window.
struct RowLedger {
  uint64_t read = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t before_window = 0, after_as_of = 0, in_window = 0;
  std::map<std::string, uint64_t> rejected_by_code;  // code -> count
  std::vector<RejectedRow> rejects;                  // the first max_reported_rejects, by line
  uint64_t converted = 0;  // in-window records converted to another currency
  // conversion-failed rows by the conversion they needed ("CLP to USD" -> 12).
  std::map<std::string, uint64_t> unconverted_by_currency;
};

// ---------------------------------------------------------------------------
// Output: the bands.

enum class BandMetric { kBase, kStock, kBonus, kTotal };
inline constexpr std::array<BandMetric, 4> kBandMetrics = {BandMetric::kBase, BandMetric::kStock,
                                                           BandMetric::kBonus, BandMetric::kTotal};
std::string_view MetricName(BandMetric m);  // "base", "stock_per_year", "bonus", "total_comp"

// Percentiles p10, p25, p50, p75, p90 of one metric, in the band's currency.
struct MetricBand {
  uint64_t n = 0;         // values after outlier removal
  uint64_t outliers = 0;  // values removed
  OutlierFences fences;
  std::optional<std::array<int64_t, 5>> pct;  // minor units; absent when n == 0
};
inline constexpr std::array<int, 5> kPercentilesPerMille = {100, 250, 500, 750, 900};

enum class GroupStatus { kOk, kPooled, kSuppressed };
std::string_view GroupStatusName(GroupStatus s);  // "ok", "pooled", "suppressed"

struct GroupBand {
  std::vector<std::string> key;              // one display value per options.by dimension
  std::vector<std::string> key_norm;         // the same, normalised (how rows were grouped)
  std::vector<std::string> company_aliases;  // spellings seen, most frequent first
  uint64_t n = 0;                            // in-window rows of this group
  // Rows among n whose amounts were converted into `currency` (ECB rates of
  // each row's date, docs/bands.md); 0 when every row came in it.
  uint64_t converted = 0;
  // The latest date among the group's own n rows (a year-only date counts as
  // July 1, as for the window); absent when no row is dated. Written to
  // the bands JSON as `newest` (null when absent; a file without the key
  // reads as absent).
  std::optional<Date> newest;
  uint64_t companies = 0;  // distinct companies among them
  std::string currency;
  std::array<MetricBand, 4> metrics;  // indexed by BandMetric
  // (p75 - p25) / p50 of total comp, basis points rounded half to even;
  // absent when the group shows no total comp figures (suppressed, or no
  // total among its rows).
  std::optional<int32_t> spread_bp;
  std::string grade;  // "high", "medium", "low"
  GroupStatus status = GroupStatus::kOk;
  // For a pooled group, the parent whose figures are shown ("google / software engineer / L4 /
  // all regions") and its n.
  std::string pooled_from;
  uint64_t pooled_n = 0;
};

struct BandSet {
  std::string source;  // the input's name
  BandsOptions options;
  Date window_start;  // first day in the window (as_of when the window is 0 days: unused)
  RowLedger ledger;
  std::vector<GroupBand> groups;  // by n descending, then key
};

// The data-quality grade for a group of n rows with these total comp
// percentiles: "high" when n >= 30 and the spread (p75 - p25) / p50 <= 60%,
// "medium" when n >= 10 and spread <= 100%, else "low" (docs/bands.md); "low"
// when there is no spread (no percentiles, or p50 <= 0). The spread is judged
// exactly, not as GroupBand::spread_bp rounds it (60.004% is not <= 60%).
std::string_view GradeFor(uint64_t n, const MetricBand& total_comp);

// Reads `path` (streaming, on options.threads threads) and builds the bands.
// IOError when the file cannot be read; InvalidArgument for bad options, a
// header missing a mapped column (naming it and the columns found), or a
// grouping by a dimension the mapping has no column for. Bad rows are not
// errors: they are rejected and counted in the ledger.
Result<BandSet> BuildBands(const std::string& path, const ColumnMapping& mapping,
                           const BandsOptions& options);
// The same over text in memory (on options.threads threads, default 1); `name` is used in
// messages.
Result<BandSet> BuildBandsFromText(std::string_view text, std::string name,
                                   const ColumnMapping& mapping, const BandsOptions& options);

// Streams the normalised records of `text` to `visit` in file order (no
// window, no grouping); rejected rows go to the ledger. For tests and tools.
Result<RowLedger> ReadSalaryRecords(std::string_view text, std::string name,
                                    const ColumnMapping& mapping, const BandsOptions& options,
                                    const std::function<void(const SalaryRecord&)>& visit);

// ---------------------------------------------------------------------------
// Writers.

// One row per group: the key columns, status, n, companies, grade, spread,
// currency, then p10..p90 of base, stock_per_year, bonus and total_comp in
// major units (exact decimals), then the outliers removed per metric.
std::string FormatBandsCsv(const BandSet& bands);
// The whole set as JSON (docs/bands.md): options, ledger, groups.
std::string FormatBandsJson(const BandSet& bands);
// For people: the ledger, then a table of groups; `limit` groups at most (0: all).
std::string FormatBandsText(const BandSet& bands, size_t limit);
// The rejected rows for people, one line each ("data.csv:5: rejected
// [ragged-row] ..."): the first `limit` the ledger lists, then, when the
// ledger counts more rejected rows than were listed, a line saying exactly
// how many were not and, in parentheses, `how_to_list` them ("data.csv: 116
// more rejected rows not listed (--show-rejects N, or --format json)").
// Empty when no row was rejected.
std::string FormatRejectedRows(const BandSet& bands, size_t limit, std::string_view how_to_list);
// Reads back the JSON written by FormatBandsJson (for levers check --bands).
Result<BandSet> ParseBandsJson(std::string_view json, std::string name);

// Normalisation, exposed for tests and the writers.
// "Google " / "GOogle" / "\u00a0google" -> "google"; built-in aliases
// (facebook -> meta, ...) applied after case folding.
std::string CompanyKey(std::string_view raw);
// Title and level keys: trimmed, inner spaces collapsed, case-folded.
std::string TitleKey(std::string_view raw);
std::string LevelKey(std::string_view raw);
// A level's key within a company (`company_key` as CompanyKey gives it): the
// LevelKey, except where the company writes one grade more than one way
// (docs/bands.md 2.4): Meta's IC4 is its E4 ("e4"), Google's T4, 4 and SWE III
// are its L4 ("l4").
std::string LevelKey(std::string_view raw, std::string_view company_key);
// A location to its region's name: a metro ("Mountain View, CA" -> "San
// Francisco"), else the city ("Austin, TX" -> "Austin", "London, EN, United
// Kingdom" -> "London"); empty when the text is empty or NA. Bands group a
// city by city and country (and US state), and qualify a name two regions of
// the data share ("London, KY"; docs/bands.md 2.4).
std::string RegionOf(std::string_view location);
// The usual pay currency of a region (metros table), or "" when unknown.
std::string RegionCurrency(std::string_view region);

}  // namespace levers

#endif  // LEVERS_BANDS_H_
