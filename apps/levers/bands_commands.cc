// bands build | apply | levels: the band builder's subcommands.
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "levers/bands.h"
#include "levers/fx.h"
#include "levers/reader.h"

namespace levers::cli {
namespace {

// Flags shared by every subcommand that reads salary data.
struct DataFlags {
  std::string data;
  std::string as_of;
  std::string by = "company,title,level";
  int window_days = 0;
  std::string map;  // empty: the Levels.fyi export
  std::string currency = "USD";
  std::string outliers = "iqr";
  double k = -1;
  int min_n = 5;
  std::string small = "pool";
  int jobs = 0;
  std::string rates;
  std::vector<std::string> aliases;  // spelling=key

  void Add(CLI::App* app, bool by_flag) {
    app->add_option("--as-of", as_of, "Last day of the recency window, YYYY-MM-DD")->required();
    if (by_flag) {
      app->add_option("--by", by, "Group by any of company,title,level,region,quarter");
    }
    app->add_option("--window-days", window_days,
                    "Keep rows dated within this many days up to --as-of (0: all)");
    app->add_option("--map", map,
                    "Column mapping for another CSV: company=COL,title=COL,base=COL,... "
                    "(docs/bands.md); default: the Levels.fyi export");
    app->add_option("--currency", currency,
                    "Convert amounts to this ISO code, 'local' (each region's own) or 'keep'");
    app->add_option("--outliers", outliers, "Outlier removal on log pay")
        ->check(CLI::IsMember({"iqr", "mad", "none"}));
    app->add_option("--k", k, "Fence width: IQRs (default 1.5) or scaled MADs (default 3)");
    app->add_option("--min-n", min_n, "Smallest group reported on its own (default 5)");
    app->add_option("--small", small, "Groups below --min-n: pool into the parent or suppress")
        ->check(CLI::IsMember({"pool", "suppress"}));
    app->add_option("--jobs", jobs, "Threads (default: one per core)");
    app->add_option("--rates", rates, "An ECB eurofxref-hist.csv instead of the bundled table");
    app->add_option("--alias", aliases, "Company alias, e.g. 'fb=meta' (repeatable)");
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
      mapping = *m;
    }
    DateParse d = ParseIsoDate(as_of);
    if (!d.date) return fail("--as-of: " + d.error);
    o.as_of = *d.date;
    Result<std::vector<BandDimension>> dims = ParseDimensions(by);
    if (!dims.ok()) return fail(dims.status().message());
    o.by = *dims;
    if (window_days < 0) return fail("--window-days must be 0 or more");
    o.window_days = window_days;
    o.currency = currency == "keep" ? "" : currency;
    o.outliers = outliers == "iqr"   ? OutlierMethod::kIqr
                 : outliers == "mad" ? OutlierMethod::kMad
                                     : OutlierMethod::kNone;
    o.outlier_k = k > 0 ? k : (o.outliers == OutlierMethod::kMad ? 3.0 : 1.5);
    if (min_n < 1) return fail("--min-n must be at least 1");
    o.min_n = min_n;
    o.small = small == "pool" ? SmallGroupPolicy::kPool : SmallGroupPolicy::kSuppress;
    o.threads = jobs;
    for (const std::string& a : aliases) {
      const size_t eq = a.find('=');
      if (eq == std::string::npos) return fail("--alias: expected spelling=company, found " + a);
      o.company_aliases[CompanyKey(a.substr(0, eq))] = CompanyKey(a.substr(eq + 1));
    }
    if (!rates.empty()) {
      Result<RateTable> t = RateTable::LoadFile(rates);
      if (!t.ok()) return fail(t.status().message());
      table = std::make_unique<RateTable>(std::move(t).value());
      o.rates = table.get();
    }
    return true;
  }
};

void PrintRejects(const BandSet& b, size_t limit) {
  size_t shown = 0;
  for (const RejectedRow& r : b.ledger.rejects) {
    if (shown++ >= limit) break;
    std::cerr << b.source << ":" << r.line << ": rejected [" << r.code << "] "
              << (r.column.empty() ? "" : r.column + ": ") << r.reason << "\n";
  }
  if (b.ledger.rejected > shown) {
    std::cerr << b.source << ": "
              << b.ledger.rejected - std::min<uint64_t>(shown, b.ledger.rejected)
              << " more rejected rows not listed (--show-rejects N, or --format json)\n";
  }
}

bool WriteOut(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "levers: cannot write " << path << "\n";
    return false;
  }
  return true;
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
  if (!f.data.Resolve(mapping, o, table)) return kExitUsage;
  o.max_reported_rejects = std::max<size_t>(f.show_rejects, 1000);
  Result<BandSet> b = BuildBands(f.data.data, mapping, o);
  if (!b.ok()) {
    std::cerr << "levers: " << b.status().message() << "\n";
    return kExitUsage;
  }
  PrintRejects(*b, f.show_rejects);
  std::string text = f.format == "csv"    ? FormatBandsCsv(*b)
                     : f.format == "json" ? FormatBandsJson(*b)
                                          : FormatBandsText(*b, f.limit);
  if (!WriteOut(f.output, text)) return kExitUsage;
  return f.strict && b->ledger.rejected > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddBandsCommands(CLI::App& app, Commands& out) {
  CLI::App* bands =
      app.add_subcommand("bands", "Pay bands from raw salary submissions (docs/bands.md)");
  bands->require_subcommand(1);

  auto bf = std::make_shared<BuildFlags>();
  CLI::App* build = bands->add_subcommand(
      "build", "Percentiles of base, stock, bonus and total comp per group, with n and a grade");
  build->add_option("data", bf->data.data, "Salary CSV (Levels.fyi export, or any with --map)")
      ->required();
  bf->data.Add(build, true);
  build->add_option("--format", bf->format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "json"}));
  build->add_option("-o,--output", bf->output, "Write to this file instead of stdout");
  build->add_option("--limit", bf->limit, "Groups shown in text output (0: all)");
  build->add_option("--show-rejects", bf->show_rejects, "Rejected rows listed on stderr");
  build->add_flag("--strict", bf->strict, "Exit 1 when any row was rejected");
  out.push_back({build, [bf] { return CmdBuild(*bf); }});
}

}  // namespace levers::cli
