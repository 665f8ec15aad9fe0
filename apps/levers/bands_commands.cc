// bands build | apply | new | levels: the band builder's subcommands.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "commands.h"
#include "flag_checks.h"
#include "levers/bands.h"
#include "levers/bands_guide.h"
#include "levers/check.h"
#include "levers/fx.h"
#include "levers/money.h"
#include "levers/reader.h"
#include "output_file.h"

namespace levers::cli {
namespace {

// The longest --window-days: 100 years, longer than any salary data covers.
constexpr int kMaxWindowDays = 36500;
// The largest --min-n.
constexpr int kMaxMinN = 1'000'000;
constexpr uint64_t kMaxMaxGroups = 100'000'000;
// The most groups `bands build --limit` shows and rejected rows --show-rejects
// lists: more than anyone reads on a terminal (csv and json list every group).
constexpr size_t kMaxListed = 100'000;
// What -o and --source take, for their messages.
const char* const kOutputExpected = "a file to write, or - for standard output";
const char* const kSourceExpected = "the name added to data_sources, like Levels.fyi";

// -o/--output: a file to write instead of standard output, "-" for it.
CLI::Option* AddOutputOption(CLI::App* app, std::string& output,
                             const std::string& help =
                                 "Write to this file (replaced whole, through a temporary file) "
                                 "instead of stdout; - is stdout") {
  return app->add_option("-o,--output", output, help)->check(PathCheck(kOutputExpected));
}

// --low and --high: a percentile a band's end can take (kPercentilesPerMille).
CLI::Validator PercentileChoice() {
  std::vector<std::string> choices;
  for (int per_mille : kPercentilesPerMille) choices.push_back(std::to_string(per_mille / 10));
  return OneOf(choices);
}

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

// Which --currency a subcommand takes.
enum class CurrencyFlag {
  kTarget,  // a code, local or keep
  kRegion,  // a code or local: one currency per region (a new guide)
  kGuide,   // none: amounts go to the currency the guide states for each region
  kOne,     // a code: every group in one currency (levels compares them)
};

// --currency as `kind` takes it: an ISO 4217 code in any case (upper-cased,
// as the other commands' --currency), or the words local and keep (any case,
// lower-cased) where they mean something.
CLI::Validator BandsCurrencyCheck(CurrencyFlag kind) {
  return CLI::Validator(
      [kind](std::string& value) {
        const std::string takes = kind == CurrencyFlag::kOne      ? ""
                                  : kind == CurrencyFlag::kRegion ? ", or 'local'"
                                                                  : ", 'local' or 'keep'";
        std::string word = value;
        for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (word == "local" || word == "keep") {
          if (kind == CurrencyFlag::kRegion && word == "keep") {
            // Rows kept in their own currencies split a region into one group
            // per currency, and a guide states each region once.
            return std::string(
                "a new guide states each region in one currency: expected an ISO 4217 code or "
                "'local'; got 'keep'");
          }
          if (kind == CurrencyFlag::kOne) {
            // Pay in several currencies would split each level into one group
            // per currency, and levels are matched by comparing amounts.
            return "levels compares pay in one currency: expected an ISO 4217 code such as USD "
                   "or EUR; got '" +
                   value + "'";
          }
          value = word;
          return std::string();
        }
        if (const CurrencyInfo* info = FindCurrencyAnyCase(value)) {
          // Written in upper case, any code; in another case only one the
          // bundled ECB table quotes ("eur", "gbp"), so that a word such as
          // "all" is not taken for the Albanian lek.
          const bool upper = value == info->code;
          const std::vector<std::string> quoted = RateTable::BundledRecent().currencies();
          if (upper || info->code == std::string_view("EUR") ||
              std::find(quoted.begin(), quoted.end(), info->code) != quoted.end()) {
            value = std::string(info->code);
            return std::string();
          }
          return "expected an ISO 4217 code levers knows, like USD or EUR" + takes + "; got '" +
                 value + "' (for the " + std::string(info->name) + ", write " +
                 std::string(info->code) + ")";
        }
        return "expected an ISO 4217 code levers knows, like USD or EUR (any case)" + takes +
               "; got " + (value.empty() ? std::string("an empty value") : "'" + value + "'");
      },
      "", "Currency");
}

// --quarter: YYYY-Qn, n 1 to 4; an empty value would read as "not given".
CLI::Validator QuarterCheck() {
  return CLI::Validator(
      [](std::string& value) {
        if (IsSalaryDataQuarter(value)) return std::string();
        return "expected a quarter such as 2021-Q4 (a year, -Q, 1 to 4); got " +
               (value.empty() ? std::string("an empty value") : "'" + value + "'");
      },
      "", "Quarter");
}

// Flags shared by every subcommand that reads salary data.
struct DataFlags {
  std::string data;
  std::string as_of;
  std::string by = "company,title,level";
  int window_days = 0;
  std::string map;  // empty: the Levels.fyi export
  std::string currency = "USD";
  std::string outliers = "iqr";
  double k = 0;  // 0: the method's default (a given --k is above 0)
  int min_n = 5;
  std::string small = "pool";
  unsigned jobs = 0;  // 0: one thread per core
  uint64_t max_groups = levers::kDefaultMaxGroups;
  std::string rates;
  std::vector<std::string> aliases;  // spelling=key
  CurrencyFlag currency_flag = CurrencyFlag::kTarget;
  CLI::Option* refused_currency = nullptr;  // --currency where the guide sets it

  void Add(CLI::App* app, bool by_flag, CurrencyFlag currency_kind = CurrencyFlag::kTarget) {
    currency_flag = currency_kind;
    app->add_option("--as-of", as_of, "Last day of the recency window, YYYY-MM-DD")
        ->required()
        ->check(IsoDateCheck());
    if (by_flag) {
      app->add_option("--by", by, "Group by any of company,title,level,region,quarter")
          ->capture_default_str();
    }
    app->add_option("--window-days", window_days,
                    "Keep rows dated within this many days up to --as-of (0: all)")
        ->check(WholeNumberCheck(0, kMaxWindowDays,
                                 "a whole number of days from 0 to " +
                                     std::to_string(kMaxWindowDays) +
                                     " (0: every row up to --as-of), like 365"))
        ->capture_default_str();
    // An empty --map would read as not given: the Levels.fyi columns, in USD.
    app->add_option("--map", map,
                    "Column mapping for another CSV: company=COL,title=COL,base=COL,... and "
                    "currency=COL or currency_code=CODE (docs/bands.md); default: the "
                    "Levels.fyi export")
        ->check(PathCheck("a column mapping, like company=COL,base=COL,currency_code=USD"));
    if (currency_flag == CurrencyFlag::kTarget) {
      app->add_option("--currency", currency,
                      "Convert amounts to this ISO 4217 code (any case), 'local' (each region's "
                      "own) or 'keep' (as recorded)")
          ->transform(BandsCurrencyCheck(currency_flag))
          ->capture_default_str();
    } else if (currency_flag == CurrencyFlag::kRegion) {
      app->add_option("--currency", currency,
                      "Convert amounts to this ISO 4217 code (any case) or 'local' (each "
                      "region's own)")
          ->transform(BandsCurrencyCheck(currency_flag))
          ->capture_default_str();
    } else if (currency_flag == CurrencyFlag::kOne) {
      app->add_option("--currency", currency,
                      "Convert every amount to this ISO 4217 code (any case)")
          ->transform(BandsCurrencyCheck(currency_flag))
          ->capture_default_str();
    } else {
      // Taken only to say why it is refused; hidden from --help.
      refused_currency = app->add_option("--currency", currency)->group("");
    }
    app->add_option("--outliers", outliers, "Outlier removal on log pay")
        ->check(OneOf({"iqr", "mad", "none"}))
        ->capture_default_str();
    app->add_option("--k", k,
                    "Fence width, above 0 and at most 100: IQRs (default 1.5) or scaled MADs "
                    "(default 3); not with --outliers none")
        ->check(DecimalCheck([](double v) { return v > 0 && v <= kMaxOutlierK; },
                             "a number above 0 and at most 100, like 1.5 or 3"));
    app->add_option("--min-n", min_n, "Smallest group reported on its own")
        ->check(WholeNumberCheck(
            1, kMaxMinN,
            "a whole number of rows from 1 to " + std::to_string(kMaxMinN) + ", like 5"))
        ->capture_default_str();
    app->add_option("--small", small, "Groups below --min-n: pool into the parent or suppress")
        ->check(OneOf({"pool", "suppress"}))
        ->capture_default_str();
    app->add_option("--jobs", jobs, "Threads, 0 to 1024 (0, the default: one per core)")
        ->check(JobsCheck());
    app->add_option("--max-groups", max_groups,
                    "Stop with an error when the rows make more groups than this (memory "
                    "grows with groups)")
        ->check(WholeNumberCheck(1, kMaxMaxGroups,
                                 "a whole number of groups from 1 to " +
                                     std::to_string(kMaxMaxGroups) + ", like 100000"))
        ->capture_default_str();
    // An empty --rates ("$RATES" unset) would quietly use the bundled table.
    app->add_option("--rates", rates, "An ECB eurofxref-hist.csv instead of the bundled table")
        ->check(NamedPathCheck("an ECB rates CSV (eurofxref-hist format)"));
    app->add_option("--alias", aliases, "Company alias, e.g. 'fb=meta' (repeatable)")
        ->check(TextCheck("a company alias spelling=company, like fb=meta"));
  }

  // Fills the mapping and options; prints why and returns false on bad flags.
  bool Resolve(ColumnMapping& mapping, BandsOptions& o, std::unique_ptr<RateTable>& table) const {
    auto fail = [](const std::string& m) {
      std::cerr << "levers: " << m << "\n";
      return false;
    };
    if (map.empty()) {
      mapping = LevelsFyiMapping();
    } else {
      Result<ColumnMapping> m = ParseColumnMapping(map);
      if (!m.ok()) return fail(m.status().message());
      if (!m->currency_stated) {
        // Every amount would be labelled USD without the file saying so.
        return fail(
            "--map names no currency for the amounts: add currency=COLUMN (a column of ISO "
            "4217 codes) or currency_code=CODE (one for every row, e.g. currency_code=USD)");
      }
      mapping = *m;
    }
    // --as-of, --window-days, --outliers, --k, --min-n, --small and --jobs were
    // checked as argv was parsed (flag_checks.h); `levers check --bands` fills
    // them itself.
    DateParse d = ParseIsoDate(as_of);
    if (!d.date) return fail("--as-of: " + d.error);
    o.as_of = *d.date;
    Result<std::vector<BandDimension>> dims = ParseDimensions(by);
    if (!dims.ok()) return fail(dims.status().message());
    o.by = *dims;
    o.window_days = window_days;
    if (refused_currency != nullptr && refused_currency->count() > 0) {
      return fail(
          "--currency: not taken here: each region is converted to the currency the guide "
          "states for it");
    }
    // --currency was checked, and upper-cased, as argv was parsed
    // (BandsCurrencyCheck); `levers check --bands` sets it to local.
    o.currency = currency == "keep" ? "" : currency;
    o.outliers = outliers == "iqr"   ? OutlierMethod::kIqr
                 : outliers == "mad" ? OutlierMethod::kMad
                                     : OutlierMethod::kNone;
    if (k > 0 && o.outliers == OutlierMethod::kNone) {
      return fail("--k: --outliers none removes nothing, so it takes no fence width");
    }
    o.outlier_k = k > 0 ? k : o.outliers == OutlierMethod::kMad ? 3.0 : 1.5;
    o.min_n = min_n;
    o.small = small == "pool" ? SmallGroupPolicy::kPool : SmallGroupPolicy::kSuppress;
    o.threads = static_cast<int>(jobs);
    o.max_groups = static_cast<size_t>(max_groups);
    std::map<std::string, std::string> alias_given;  // spelling -> the --alias text
    for (const std::string& a : aliases) {
      const size_t eq = a.find('=');
      const std::string spelling = eq == std::string::npos ? "" : CompanyKey(a.substr(0, eq));
      const std::string company = eq == std::string::npos ? "" : CompanyKey(a.substr(eq + 1));
      if (spelling.empty() || company.empty()) {
        return fail("--alias: expected spelling=company with both named, e.g. fb=meta, found '" +
                    a + "'");
      }
      // The same alias twice is harmless; one spelling for two companies
      // would pool its rows into whichever came last.
      if (const auto it = o.company_aliases.find(spelling);
          it != o.company_aliases.end() && it->second != company) {
        return fail("--alias: '" + a.substr(0, eq) + "' is given for two companies (" +
                    alias_given[spelling] + ", " + a + "); give each spelling one company");
      }
      o.company_aliases[spelling] = company;
      alias_given.emplace(spelling, a);
    }
    if (!rates.empty()) {  // not given (PathCheck refuses an empty --rates)
      Result<RateTable> t = RateTable::LoadFile(rates);
      if (!t.ok()) return fail(t.status().message());
      table = std::make_unique<RateTable>(std::move(t).value());
      o.rates = table.get();
    }
    // A currency the rates stopped quoting before --as-of (CYP after 2007):
    // a band as of then would be in a currency no longer in use.
    if (!o.currency.empty() && o.currency != "local" &&
        !CurrencyInUse(table ? *table : RateTable::Bundled(), o.currency, o.as_of, "--as-of")) {
      return false;
    }
    return true;
  }
};

// After the rejected rows: when rates were missing for some (conversion-failed
// with a date column; without one no rates would do), how to give rates that
// have them.
void SayRatesFlag(const BandSet& b, const ColumnMapping& mapping) {
  const auto it = b.ledger.rejected_by_code.find("conversion-failed");
  if (it == b.ledger.rejected_by_code.end() || mapping.date.empty()) return;
  // The conversions they needed, most rows first (the top 5, then how many more).
  std::vector<std::pair<uint64_t, std::string>> by;
  for (const auto& [c, n] : b.ledger.unconverted_by_currency) by.push_back({n, c});
  std::stable_sort(by.begin(), by.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::string which;
  for (size_t i = 0; i < by.size() && i < 5; ++i)
    which += (i ? ", " : "") + by[i].second + " " + std::to_string(by[i].first);
  if (by.size() > 5) which += ", " + Counted(by.size() - 5, "other conversion");
  std::cerr << "levers: " << it->second << (it->second == 1 ? " row" : " rows")
            << " not converted (conversion-failed" << (which.empty() ? std::string() : ": " + which)
            << "): give a rates file that quotes their "
               "currencies on their dates with --rates FILE (eurofxref-hist format)\n";
}

struct BuildFlags {
  DataFlags data;
  std::string format = "text";
  std::string output;
  size_t limit = 40;
  size_t show_rejects = 20;
  bool strict = false;
};

int CmdBuild(const BuildFlags& f) {
  ColumnMapping mapping;
  BandsOptions o;
  std::unique_ptr<RateTable> table;
  if (!OutputIsNotAnInput(f.output,
                          {{f.data.data, "the salary CSV"}, {f.data.rates, "the rates file"}})) {
    return kExitUsage;
  }
  if (!f.data.Resolve(mapping, o, table)) return kExitUsage;
  o.max_reported_rejects = std::max<size_t>(f.show_rejects, 1000);
  Result<BandSet> b = BuildBands(f.data.data, mapping, o);
  if (!b.ok()) {
    std::cerr << "levers: " << b.status().message() << "\n";
    return kExitUsage;
  }
  std::cerr << FormatRejectedRows(*b, f.show_rejects, "--show-rejects N, or --format json");
  SayRatesFlag(*b, mapping);
  std::string text = f.format == "csv"    ? FormatBandsCsv(*b)
                     : f.format == "json" ? FormatBandsJson(*b)
                                          : FormatBandsText(*b, f.limit);
  if (!WriteOut(f.output, text)) return kExitUsage;
  return f.strict && b->ledger.rejected > 0 ? kExitFindings : kExitOk;
}

// Reads a guide; prints its reading problems. nullopt when unusable.
struct LoadedGuide {
  SourceFile file;
  Guide guide;
  // Errors reading a front matter pay figure or its vesting years (paths
  // compensation[i].x, stock_vesting_years): the model holds no value for
  // them, so a refresh, which rewrites the entries from the model, would drop
  // what the editor wrote.
  size_t unread_pay_figures = 0;
};
std::optional<LoadedGuide> LoadOneGuide(const std::string& path) {
  Result<SourceFile> file = LoadSourceFile(path);
  if (!file.ok()) {
    std::cerr << "levers: " << file.status().message() << "\n";
    return std::nullopt;
  }
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(*file, sink);
  size_t unread = 0;
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity != Severity::kError) continue;
    std::cerr << FormatDiagnosticText(*file, d);
    unread += d.path.starts_with("compensation[") || d.path == "stock_vesting_years";
  }
  if (!g) return std::nullopt;
  return LoadedGuide{std::move(file).value(), std::move(*g), unread};
}

struct ApplyFlags {
  DataFlags data;
  std::vector<std::string> guides;  // apply: files or folders (argv: then the data)
  std::string output, company, title, quarter, source = "Levels.fyi";
  bool in_place = false, allow_older = false, dry_run = false;
  int low = 25, high = 75;
  int max_regions = 6;
  CLI::Option* output_flag = nullptr;
};

// --quarter and --source, written into the guide as given (their form was
// checked as argv was parsed: QuarterCheck, TextCheck).
bool WrittenFrom(const ApplyFlags& f, ApplyOptions& a) {
  if (!f.quarter.empty()) {
    // A quarter that starts after the data ends would name data the guide
    // does not have (and `levers check` would call it quarter-future).
    const int year = std::stoi(f.quarter.substr(0, 4));
    const int first_month = (f.quarter.back() - '1') * 3 + 1;
    const DateParse as_of = ParseIsoDate(f.data.as_of);
    if (as_of.date && (year > as_of.date->year ||
                       (year == as_of.date->year && first_month > as_of.date->month))) {
      std::cerr << "levers: --quarter " << f.quarter << " starts after --as-of " << f.data.as_of
                << ": the data ends before it; give the quarter the data is from\n";
      return false;
    }
  }
  a.quarter = f.quarter;
  a.source_name = f.source;
  a.allow_older = f.allow_older;
  return true;
}

bool RuleFrom(const ApplyFlags& f, GuideBandRule& rule) {
  auto index = [](int pct) {
    for (size_t i = 0; i < kPercentilesPerMille.size(); ++i) {
      if (kPercentilesPerMille[i] == pct * 10) return static_cast<int>(i);
    }
    return -1;
  };
  // Each is one of kPercentilesPerMille, checked as argv was parsed.
  rule.low_index = index(f.low);
  rule.high_index = index(f.high);
  if (rule.low_index > rule.high_index) {
    std::cerr << "levers: --low " << f.low << " is above --high " << f.high
              << ": the band's low end takes the lower percentile\n";
    return false;
  }
  return true;
}

// The findings `levers check` has for the refreshed guide (`after`, read
// from `after_file`) that it did not have for the guide as it was (an ask
// above the new band: ask-outside-band), so the editor sees what the refresh
// changed. Findings are told apart by code and field; the date rules are left
// out (they judge the day, not the change). `would`: a dry run's wording.
void SayNewFindings(const Guide& before, const SourceFile& after_file, const Guide& after,
                    bool would, std::ostream& out) {
  const CheckOptions options;
  DiagnosticSink old_sink;
  CheckGuide(before, options, old_sink);
  std::set<std::pair<std::string, std::string>> had;
  for (const Diagnostic& d : old_sink.diagnostics()) had.insert({d.code, d.path});
  DiagnosticSink new_sink;
  CheckGuide(after, options, new_sink);
  for (const Diagnostic& d : new_sink.diagnostics()) {
    if (d.severity == Severity::kNote || had.count({d.code, d.path})) continue;
    out << after_file.path()
        << (would ? ": the refreshed guide would have a finding it does not have now:\n"
                  : ": the refreshed guide has a finding it did not have before:\n")
        << FormatDiagnosticText(after_file, d);
  }
}

// A dry run's list of what the refresh would change, on standard output:
// "  Seattle base_low: USD 140,000 -> USD 155,000", one change a line
// (FormatGuideChange).
void SayChanges(const std::string& path, const std::vector<GuideChange>& changes) {
  if (changes.empty()) {
    std::cout << path << ": would change nothing\n";
    return;
  }
  std::cout << path << ": would change:\n";
  for (const GuideChange& c : changes) std::cout << "  " << FormatGuideChange(c) << "\n";
}

int CmdApply(ApplyFlags f) {
  if (f.dry_run && (f.in_place || f.output_flag->count() > 0)) {
    std::cerr << "levers: --dry-run writes nothing and takes no "
              << (f.in_place ? "--in-place" : "-o/--output")
              << ": leave it out to see what would change, or leave out --dry-run to write\n";
    return kExitUsage;
  }
  if (f.in_place && f.output_flag->count() > 0) {
    std::cerr << "levers: --in-place replaces the guide itself and takes no -o/--output: give "
                 "one or the other\n";
    return kExitUsage;
  }
  if (f.in_place && std::find(f.guides.begin(), f.guides.end(), "-") != f.guides.end()) {
    std::cerr << "levers: --in-place: standard input ('-') is no file to replace; leave out "
                 "--in-place to print the refreshed guide\n";
    return kExitUsage;
  }
  // The last positional is the data, every one before it a guide or a folder.
  if (f.guides.size() < 2) {
    std::cerr << "levers: bands apply takes one or more guides (files or folders), then the "
                 "salary CSV\n";
    return kExitUsage;
  }
  f.data.data = f.guides.back();
  f.guides.pop_back();
  Result<GuideList> list = CollectGuides(f.guides);
  if (!list.ok()) {
    std::cerr << "levers: " << list.status().message() << "\n";
    return kExitUsage;
  }
  // Refused entries (a link out of the folder, a control byte in a name) are
  // said, as check and import say them, and never read or rewritten.
  for (const std::string& r : list->refused) std::cerr << "levers: error: " << r << "\n";
  const std::vector<std::string>* paths = &list->paths;
  bool folder = false;
  for (const std::string& g : f.guides) folder |= std::filesystem::is_directory(g);
  const bool several = folder || paths->size() > 1;
  if (paths->empty()) {
    std::cerr << "levers: no guide (*.md) under " << f.guides.front() << "\n";
    return kExitUsage;
  }
  if (several && !f.in_place && !f.dry_run) {
    std::cerr << "levers: several guides (or a folder) are refreshed in place: add --in-place "
                 "(-o and stdout take one guide), or --dry-run to see what would change\n";
    return kExitUsage;
  }
  if (!f.in_place && !f.dry_run &&
      !OutputIsNotAnInput(f.output, {{paths->front(), "the guide"},
                                     {f.data.data, "the salary CSV"},
                                     {f.data.rates, "the rates file"}})) {
    return kExitUsage;
  }
  ColumnMapping mapping;
  BandsOptions o;
  std::unique_ptr<RateTable> table;
  f.data.by = "company,title,region";
  if (!f.data.Resolve(mapping, o, table)) return kExitUsage;
  ApplyOptions a;
  if (!RuleFrom(f, a.rule) || !WrittenFrom(f, a)) return kExitUsage;
  a.key = {f.company, f.title};

  // Every guide is read first; one that cannot be read is reported and skipped.
  std::vector<std::optional<LoadedGuide>> guides;
  int unreadable = 0;
  for (const std::string& path : *paths) {
    guides.push_back(LoadOneGuide(path));
    if (!guides.back()) {
      ++unreadable;
      std::cerr << path << ": not applied: the guide cannot be read\n";
    }
  }
  // The data is read once per set of guides whose regions' currencies agree
  // (usually once): each region in the currency its guide states.
  std::vector<const Guide*> readable;
  for (const std::optional<LoadedGuide>& g : guides) readable.push_back(g ? &g->guide : nullptr);
  const std::vector<GuideBatch> batches = BatchGuidesByRegionCurrency(readable);
  std::vector<BandSet> bands;  // one per batch
  std::vector<size_t> batch_of(guides.size(), 0);
  for (size_t bi = 0; bi < batches.size(); ++bi) {
    o.region_currency = batches[bi].region_currency;
    Result<BandSet> b = BuildBands(f.data.data, mapping, o);
    if (!b.ok()) {
      std::cerr << "levers: " << b.status().message() << "\n";
      return kExitUsage;
    }
    if (bi == 0) {
      std::cerr << FormatRejectedRows(*b, 5, "levers bands build --show-rejects N lists them");
      SayRatesFlag(*b, mapping);
    }
    bands.push_back(std::move(b).value());
    for (size_t i : batches[bi].guides) batch_of[i] = bi;
  }

  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? std::string("none") : s;
  };
  int rc = unreadable > 0 ? kExitUsage : list->refused.empty() ? kExitOk : kExitFindings;
  int updated = 0, not_applied = 0, unwritten = 0;
  for (size_t i = 0; i < guides.size(); ++i) {
    if (!guides[i]) continue;
    const std::string& path = (*paths)[i];
    if (guides[i]->unread_pay_figures > 0) {
      std::cerr << guides[i]->file.path() << ": not applied: the front matter's pay figures "
                << "above could not be read, and a refresh would drop them; fix them first\n";
      ++not_applied;
      rc = std::max(rc, kExitFindings);
      continue;
    }
    Result<ApplyResult> r = ApplyBands(guides[i]->file, guides[i]->guide, bands[batch_of[i]], a);
    if (!r.ok()) {
      // A refusal about the guide starts with where it is ("guides/g.md:30:15:
      // error[currency-unknown]: ...", as `levers check` prints it): no prefix
      // in front of the path.
      const std::string& m = r.status().message();
      std::cerr << (m.starts_with(guides[i]->file.path()) ? "" : "levers: ") << m << "\n";
      ++not_applied;
      rc = std::max(rc, kExitFindings);
      continue;
    }
    std::cerr << path << (f.dry_run ? ": would update " : ": updated ") << join(r->updated)
              << "; kept (no data) " << join(r->kept) << "; data_quality " << r->data_quality
              << ", quarter " << r->quarter
              << (r->newest_used.empty() ? "" : " (newest submission used: " + r->newest_used + ")")
              << (r->last_updated.empty() ? "" : ", last_updated " + r->last_updated)
              << (r->next_review_due.empty() ? "" : ", next_review_due " + r->next_review_due)
              << "\n";
    // The quarter covers the kept regions' figures too: said when they made it older, or
    // when nothing dates them.
    if (r->quarter != r->data_quarter) {
      std::cerr << path << ": salary_data_quarter " << r->quarter << ", not the data's "
                << r->data_quarter << ": the figures kept for " << join(r->kept) << " are from "
                << r->kept_quarter
                << (guides[i]->guide.salary_data_quarter.has() &&
                            *guides[i]->guide.salary_data_quarter == r->kept_quarter
                        ? " (the guide's salary_data_quarter)"
                        : " (the quarter of the guide's last_updated)")
                << "\n";
    } else if (!r->kept.empty() && r->kept_quarter.empty()) {
      std::cerr << path << ": warning: salary_data_quarter " << r->quarter
                << " is the data's; the guide states no salary_data_quarter or last_updated, so "
                   "nothing dates the figures kept for "
                << join(r->kept) << "\n";
    }
    if (!r->newest_used.empty() && r->quarters_behind > kStaleDataQuarters) {
      std::cerr << path << ": warning: the newest submission used is " << r->newest_used << ", "
                << Counted(static_cast<size_t>(r->quarters_behind), "quarter") << " before --as-of "
                << f.data.as_of << ": the figures are as old as the data (salary_data_quarter "
                << r->data_quarter << "), whatever --as-of says\n";
    }
    // The refreshed guide as `levers check` reads it: ApplyBands read it back
    // (r->guide); after_file only locates its findings.
    const SourceFile after_file(guides[i]->file.path(), r->text);
    if (f.dry_run) {
      ++updated;
      std::vector<GuideChange> changes = GuideChanges(guides[i]->guide, r->guide);
      for (GuideChange& c :
           GuideTableChanges(guides[i]->file, guides[i]->guide, after_file, r->guide)) {
        changes.push_back(std::move(c));
      }
      SayChanges(path, changes);
      SayNewFindings(guides[i]->guide, after_file, r->guide, true, std::cout);
      continue;
    }
    const bool written = f.in_place ? WriteAtomically(path, r->text) : WriteOut(f.output, r->text);
    if (written) {
      ++updated;
      SayNewFindings(guides[i]->guide, after_file, r->guide, false, std::cerr);
    } else {
      ++unwritten;
      rc = kExitUsage;
    }
  }
  if (several && f.dry_run) {
    std::cerr << "levers bands apply --dry-run: " << Counted(paths->size(), "guide") << ": "
              << updated << " would be updated, " << not_applied << " not applied, " << unreadable
              << " unreadable; nothing written\n";
  } else if (several) {
    std::cerr << "levers bands apply: " << Counted(paths->size(), "guide") << ": " << updated
              << " updated, " << not_applied << " not applied, " << unreadable << " unreadable, "
              << unwritten << " not written\n";
  }
  return rc;
}

int CmdNew(ApplyFlags f) {
  ColumnMapping mapping;
  BandsOptions o;
  std::unique_ptr<RateTable> table;
  if (!OutputIsNotAnInput(f.output,
                          {{f.data.data, "the salary CSV"}, {f.data.rates, "the rates file"}})) {
    return kExitUsage;
  }
  f.data.by = "company,title,region";
  if (!f.data.Resolve(mapping, o, table)) return kExitUsage;
  ApplyOptions a;
  if (!RuleFrom(f, a.rule) || !WrittenFrom(f, a)) return kExitUsage;
  Result<BandSet> b = BuildBands(f.data.data, mapping, o);
  if (!b.ok()) {
    std::cerr << "levers: " << b.status().message() << "\n";
    return kExitUsage;
  }
  // As apply does: the rows the bands were built without, and why (a
  // currency the rates lack can leave a region out of the guide).
  std::cerr << FormatRejectedRows(*b, 5, "levers bands build --show-rejects N lists them");
  SayRatesFlag(*b, mapping);
  Result<std::string> text = NewGuideFromBands(*b, f.company, f.title, f.max_regions, a);
  if (!text.ok()) {
    std::cerr << "levers: " << text.status().message() << "\n";
    return kExitFindings;
  }
  return WriteOut(f.output, *text) ? kExitOk : kExitUsage;
}

struct LevelsFlags {
  DataFlags data;
  std::string companies, title = "Software Engineer", guide;
  std::string format = "text";
  std::string output;
};

int CmdLevelMap(LevelsFlags f) {
  ColumnMapping mapping;
  BandsOptions o;
  std::unique_ptr<RateTable> table;
  if (!OutputIsNotAnInput(f.output, {{f.data.data, "the salary CSV"},
                                     {f.data.rates, "the rates file"},
                                     {f.guide, "the guide"}})) {
    return kExitUsage;
  }
  f.data.by = "company,title,level";
  if (!f.data.Resolve(mapping, o, table)) return kExitUsage;
  const size_t comma = f.companies.find(',');
  const std::string a = comma == std::string::npos ? "" : f.companies.substr(0, comma);
  const std::string b_name = comma == std::string::npos ? "" : f.companies.substr(comma + 1);
  if (IsBlank(a) || IsBlank(b_name) || b_name.find(',') != std::string::npos) {
    std::cerr << "levers: --companies: expected exactly two companies separated by a comma, "
                 "e.g. Google,Meta, found '"
              << f.companies << "'\n";
    return kExitUsage;
  }
  // One company twice (Google,google, or Facebook,Meta through the aliases)
  // would match every level with itself, at full overlap.
  auto key = [&o](const std::string& name) {
    const std::string k = CompanyKey(name);
    const auto alias = o.company_aliases.find(k);
    return alias == o.company_aliases.end() ? k : alias->second;
  };
  if (key(a) == key(b_name)) {
    std::cerr << "levers: --companies: expected two different companies; '" << a << "' and '"
              << b_name << "' are one company (" << key(a) << ")\n";
    return kExitUsage;
  }
  // The guide is read before the data, so a missing guide prints no table.
  std::optional<LoadedGuide> g;
  if (!f.guide.empty()) {
    g = LoadOneGuide(f.guide);
    if (!g) return kExitUsage;
  }
  Result<BandSet> b = BuildBands(f.data.data, mapping, o);
  if (!b.ok()) {
    std::cerr << "levers: " << b.status().message() << "\n";
    return kExitUsage;
  }
  Result<LevelMap> map = MatchLevels(*b, a, b_name, f.title);
  if (!map.ok()) {
    std::cerr << "levers: " << map.status().message() << "\n";
    return kExitFindings;
  }
  DiagnosticSink sink;
  if (g) CheckLevelMapping(g->guide, *b, f.title, sink);
  const int rc = sink.diagnostics().empty() ? kExitOk : kExitFindings;
  std::string text;
  if (f.format == "json") {
    if (g) {
      const LevelMappingCheck check{g->file.path(), g->file, sink.diagnostics()};
      text = FormatLevelMapJson(*b, *map, &check);
    } else {
      text = FormatLevelMapJson(*b, *map, nullptr);
    }
  } else {
    text = FormatLevelMapText(*map);
    if (g) {
      for (const Diagnostic& d : sink.diagnostics()) text += FormatDiagnosticText(g->file, d);
      text += g->file.path() + ": " +
              Counted(sink.diagnostics().size(), "level mapping disagreement") + " with the data\n";
    }
  }
  return WriteOut(f.output, text) ? rc : kExitUsage;
}

}  // namespace

void AddBandCheckOptions(CLI::App* check, BandCheckFlags& f) {
  // An empty --bands ("$BANDS" unset) would check nothing and say so nowhere.
  CLI::Option* bands =
      check
          ->add_option("--bands", f.bands,
                       "Compare each guide's bands with fresh data: a bands JSON (levers bands "
                       "build --by company,title,region --format json) or a salary CSV")
          ->check(NamedPathCheck("a bands JSON or a salary CSV"));
  // Checked as argv is parsed, before any guide is read.
  check
      ->add_option("--bands-as-of", f.as_of,
                   "End of the data's window, YYYY-MM-DD (a CSV: required; a bands JSON: must "
                   "be the file's as_of)")
      ->check(IsoDateCheck())
      ->needs(bands);
  check
      ->add_option("--bands-tolerance", f.tolerance,
                   "Allowed drift in percent before a warning, at most two decimals")
      ->check(PercentCheck())
      ->capture_default_str()
      ->needs(bands);
}

bool LoadBandDrift(const BandCheckFlags& f, BandDrift& out) {
  if (f.bands.empty()) return true;  // not given (PathCheck refuses an empty --bands)
  Result<BandSet> b = Status::NotFound("");
  if (f.bands.ends_with(".json")) {
    // Bands JSON of --max-groups' 100,000 groups is some 200 MB.
    constexpr uint64_t kMaxBandsJsonBytes = uint64_t{512} << 20;
    Result<SourceFile> file = LoadInputFile(f.bands, kMaxBandsJsonBytes, "bands JSON files");
    if (!file.ok()) {
      std::cerr << "levers: " << file.status().message() << "\n";
      return false;
    }
    b = ParseBandsJson(file->text(), f.bands);
    if (b.ok() && !f.as_of.empty() && b->options.as_of.ToString() != f.as_of) {
      std::cerr << "levers: --bands-as-of " << f.as_of << ": " << f.bands << " holds bands as of "
                << b->options.as_of.ToString()
                << "; --bands-as-of sets the window of a CSV, a bands JSON keeps its own\n";
      return false;
    }
  } else {
    DataFlags d;
    d.data = f.bands;
    d.as_of = f.as_of;
    d.by = "company,title,region";
    d.currency = "local";
    ColumnMapping mapping;
    BandsOptions o;
    std::unique_ptr<RateTable> table;
    if (f.as_of.empty()) {
      std::cerr << "levers: --bands with a CSV needs --bands-as-of\n";
      return false;
    }
    if (!d.Resolve(mapping, o, table)) return false;
    b = BuildBands(f.bands, mapping, o);
  }
  if (!b.ok()) {
    std::cerr << "levers: " << b.status().message() << "\n";
    return false;
  }
  // Whether the bands can be compared with guides at all (their grouping)
  // does not depend on the guide: asked once, of an empty one, before any
  // guide is read or any finding printed.
  DiagnosticSink scratch;
  if (const Status s = CheckBandDrift(Guide{}, *b, GuideBandRule{}, {}, 0, scratch); !s.ok()) {
    std::cerr << "levers: " << f.bands << ": " << s.message() << "\n";
    return false;
  }
  out.bands.emplace(std::move(b).value());
  // Checked by PercentCheck as argv was parsed: 0 to 10,000 basis points.
  out.tolerance_bp = *ParseHundredths(f.tolerance);
  return true;
}

void BandDrift::Add(CheckedGuide& g) const {
  if (!bands || !g.guide) return;
  // The one error CheckBandDrift gives, the bands' grouping, was ruled out
  // by LoadBandDrift.
  (void)CheckBandDrift(*g.guide, *bands, GuideBandRule{}, {}, tolerance_bp, g.findings);
}

void AddBandsCommands(CLI::App& app, Commands& out) {
  CLI::App* bands =
      app.add_subcommand("bands", "Pay bands from raw salary submissions (docs/bands.md)");
  bands->require_subcommand(1);

  auto bf = std::make_shared<BuildFlags>();
  CLI::App* build = bands->add_subcommand(
      "build", "Percentiles of base, stock, bonus and total comp per group, with n and a grade");
  build->add_option("data", bf->data.data, "Salary CSV (Levels.fyi export, or any with --map)")
      ->required()
      ->check(NamedPathCheck("a salary CSV"));
  bf->data.Add(build, true);
  build->add_option("--format", bf->format, "Output format")
      ->check(OneOf({"text", "csv", "json"}))
      ->capture_default_str();
  AddOutputOption(build, bf->output);
  const std::string listed = std::to_string(kMaxListed);
  build
      ->add_option("--limit", bf->limit,
                   "Groups shown in text output, 0 to " + listed + " (0: all)")
      ->check(WholeNumberCheck(
          0, kMaxListed, "a whole number of groups from 0 to " + listed + " (0: all), like 40"))
      ->capture_default_str();
  build
      ->add_option("--show-rejects", bf->show_rejects,
                   "Rejected rows listed on stderr, 0 to " + listed)
      ->check(WholeNumberCheck(0, kMaxListed,
                               "a whole number of rows from 0 to " + listed + ", like 20"))
      ->capture_default_str();
  build->add_flag("--strict", bf->strict, "Exit 1 when any row was rejected");
  out.push_back({build, [bf] { return CmdBuild(*bf); }});

  auto af = std::make_shared<ApplyFlags>();
  CLI::App* apply = bands->add_subcommand(
      "apply", "Refresh guides' bands, quarter, sources and data quality from data; prose kept");
  apply
      ->add_option("guides_then_data", af->guides,
                   "The guides to refresh (files or folders of guides), then the salary CSV")
      ->type_name("GUIDE... DATA")
      ->required()
      ->check(PathCheck("a guide, a folder of guides or the salary CSV"));
  af->data.Add(apply, false, CurrencyFlag::kGuide);
  apply->add_option("--company", af->company, "Company in the data (default: the guide's)")
      ->check(TextCheck("the company's name in the data"));
  apply->add_option("--title", af->title, "Title in the data (default: the guide's role)")
      ->check(TextCheck("the title in the data"));
  apply
      ->add_option(
          "--quarter", af->quarter,
          "salary_data_quarter, e.g. 2021-Q4, not after the newest row used (default: its quarter)")
      ->check(QuarterCheck());
  apply->add_option("--source", af->source, "Name added to data_sources")
      ->check(TextCheck(kSourceExpected))
      ->capture_default_str();
  apply->add_option("--low", af->low, "Percentile for the band's low end")
      ->check(PercentileChoice())
      ->capture_default_str();
  apply->add_option("--high", af->high, "Percentile for the band's high end")
      ->check(PercentileChoice())
      ->capture_default_str();
  apply->add_flag("--in-place", af->in_place, "Replace the guide file (not with -o)");
  apply->add_flag("--dry-run", af->dry_run,
                  "Print what would change and the findings it would cause; write nothing (not "
                  "with --in-place or -o)");
  apply->add_flag("--allow-older", af->allow_older,
                  "Apply data older than the guide's salary_data_quarter");
  af->output_flag =
      AddOutputOption(apply, af->output, "Write the new guide here (default: stdout; - is stdout)");
  out.push_back({apply, [af] { return CmdApply(*af); }});

  auto nf = std::make_shared<ApplyFlags>();
  nf->data.currency = "local";  // a new guide states each region in its own currency
  CLI::App* skeleton = bands->add_subcommand(
      "new", "A new skeleton guide for a company and title, its bands from data");
  skeleton->add_option("data", nf->data.data, "Salary CSV")
      ->required()
      ->check(NamedPathCheck("a salary CSV"));
  nf->data.Add(skeleton, false, CurrencyFlag::kRegion);
  // Both are written into the guide and looked up in the data: a blank one
  // would read the whole file to find nothing.
  skeleton->add_option("--company", nf->company, "Company as it should be shown")
      ->required()
      ->check(TextCheck("the company's name"));
  skeleton->add_option("--title", nf->title, "Role title as in the data")
      ->required()
      ->check(TextCheck("the role's title as in the data"));
  skeleton
      ->add_option("--regions", nf->max_regions,
                   "Most regions to include, 1 to " + std::to_string(kMaxNewGuideRegions))
      ->check(WholeNumberCheck(1, kMaxNewGuideRegions,
                               "a whole number of regions from 1 to " +
                                   std::to_string(kMaxNewGuideRegions) + ", like 6"))
      ->capture_default_str();
  skeleton
      ->add_option(
          "--quarter", nf->quarter,
          "salary_data_quarter, e.g. 2021-Q4, not after the newest row used (default: its quarter)")
      ->check(QuarterCheck());
  skeleton->add_option("--source", nf->source, "Where the data is from, for data_sources")
      ->check(TextCheck(kSourceExpected))
      ->capture_default_str();
  skeleton->add_option("--low", nf->low, "Percentile for the band's low end")
      ->check(PercentileChoice())
      ->capture_default_str();
  skeleton->add_option("--high", nf->high, "Percentile for the band's high end")
      ->check(PercentileChoice())
      ->capture_default_str();
  AddOutputOption(skeleton, nf->output, "Write the guide here (default: stdout; - is stdout)");
  out.push_back({skeleton, [nf] { return CmdNew(*nf); }});

  auto lf = std::make_shared<LevelsFlags>();
  CLI::App* levels =
      bands->add_subcommand("levels", "Match two companies' levels by where their pay overlaps");
  levels->add_option("data", lf->data.data, "Salary CSV")
      ->required()
      ->check(NamedPathCheck("a salary CSV"));
  lf->data.Add(levels, false, CurrencyFlag::kOne);
  levels->add_option("--companies", lf->companies, "Exactly two companies, e.g. Google,Meta")
      ->required()
      ->check(TextCheck("two companies separated by a comma, like Google,Meta"));
  levels->add_option("--title", lf->title, "Title")
      ->check(TextCheck("the title in the data"))
      ->capture_default_str();
  // An empty --guide would check no mapping and say so nowhere.
  levels->add_option("--guide", lf->guide, "Also check this guide's level mapping against the data")
      ->check(PathCheck("a guide"));
  levels->add_option("--format", lf->format, "Output format")
      ->check(OneOf({"text", "json"}))
      ->capture_default_str();
  AddOutputOption(levels, lf->output);
  out.push_back({levels, [lf] { return CmdLevelMap(*lf); }});
}

}  // namespace levers::cli
