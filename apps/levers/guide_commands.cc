// parse, check, render and build: the guide engine's subcommands.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.h"
#include "flag_checks.h"
#include "levers/corpus.h"
#include "levers/fx.h"
#include "levers/render.h"
#include "levers/utf8.h"

namespace levers::cli {
namespace {

// --today, already checked by IsoDateCheck as argv was parsed. Not given:
// today (UTC).
void SetToday(const std::string& text, levers::CheckOptions& check) {
  check.today = text.empty() ? levers::TodayUtc() : levers::ParseIsoDate(text).date;
}

// Inputs that hold no guide are most likely the wrong folder: a usage error,
// as for `levers build`. Says so, with what was not done, and returns true.
bool NoGuidesFound(const std::vector<std::string>& inputs, const levers::GuideList& list,
                   std::string_view done) {
  if (!list.paths.empty()) return false;
  std::string where;
  for (const std::string& in : inputs)
    where += (where.empty() ? "" : ", ") + levers::EscapeUnprintable(in);
  // Guide files refused by name (said above) are not "no guides found".
  std::cerr << "levers: " << where
            << (list.refused.empty() ? ": no guides (*.md) found" : ": every guide was refused")
            << "; nothing was " << done << "\n";
  return true;
}

// The pages' common currency and rates: --currency (upper-cased and checked
// against levers' codes by CurrencyCheck as argv was parsed) and --rates, the
// table loaded into `table`; `out` refers to both. False, after saying why,
// when the file cannot be read or has no rate for the currency (CheckCommonCurrency):
// the flag to change is --currency when it was given (`currency_given`), else
// --rates, whose file lacks the default currency.
bool SetPageCurrency(const std::string& currency, bool currency_given,
                     const std::string& rates_path, std::optional<levers::RateTable>& table,
                     levers::CommonCurrency& out) {
  out.code = currency;
  if (!rates_path.empty()) {
    auto t = levers::RateTable::LoadFile(rates_path);
    if (!t.ok()) {
      std::cerr << "levers: --rates: " << t.status().message() << "\n";
      return false;
    }
    table.emplace(std::move(t).value());
    out.rates = &*table;
  }
  if (levers::Status s = levers::CheckCommonCurrency(out); !s.ok()) {
    if (!currency_given && !rates_path.empty()) {
      std::cerr << "levers: --rates: " << rates_path << " has no rate for " << currency
                << ", the pages' default currency (" << s.message()
                << "); give --currency with one it quotes\n";
    } else {
      std::cerr << "levers: --currency: expected a currency the ECB rates can convert into; "
                << s.message() << "\n";
    }
    return false;
  }
  return true;
}

int CmdParse(const std::vector<std::string>& inputs) {
  auto list = levers::CollectGuides(inputs);
  if (!list.ok()) {
    std::cerr << "levers: " << list.status().message() << "\n";
    return kExitUsage;
  }
  for (const std::string& r : list->refused) std::cerr << "levers: error: " << r << "\n";
  if (NoGuidesFound(inputs, *list, "parsed")) return kExitUsage;
  levers::CorpusOptions o;
  o.run_checks = false;  // parse reports reading problems; `levers check` runs the rules
  int rc = !list->unlisted.empty() ? kExitUsage : list->refused.empty() ? kExitOk : kExitFindings;
  // Each guide is printed as soon as it and those before it are read, so a
  // corpus of any size is parsed in bounded memory.
  bool first = true;
  std::cout << '[';
  levers::ForEachChecked(list->paths, o, [&](const CheckedGuide& g) {
    if (!g.load_status.ok()) {
      std::cerr << "levers: " << g.load_status.message() << "\n";
      rc = kExitUsage;
      return;
    }
    // Reading problems (not check findings) go to stderr.
    for (const levers::Diagnostic& d : g.findings.diagnostics()) {
      if (d.severity == levers::Severity::kError) {
        std::cerr << levers::FormatDiagnosticText(*g.file, d);
        if (rc == kExitOk) rc = kExitFindings;
      }
    }
    if (!g.guide) return;
    std::string out = first ? "\n" : ",\n";
    first = false;
    out += levers::RenderGuideJson(*g.guide);
    std::cout << out;
  });
  std::cout << (first ? "]\n" : "\n]\n");
  return rc;
}

// Prints `guide`, one guide's findings, as the next part of the array of
// every guide's findings, as nlohmann::json prints one whole array with an
// indent of 2 ("[\n  {\n    ...\n  },\n  {...}\n]"): a guide's own array
// without its brackets, joined to the last by ",\n". A guide's findings are
// dumped together rather than one by one, which allocates and frees far less
// (a hostile guide has tens of thousands).
void PrintFindingsPart(const nlohmann::ordered_json& guide, bool& first) {
  if (guide.empty()) return;
  const std::string dump =
      guide.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  // "[\n" ... "\n]": the elements, each line already indented once.
  std::cout << (first ? "[\n" : ",\n") << std::string_view(dump).substr(2, dump.size() - 4);
  first = false;
}

int CmdCheck(const std::vector<std::string>& inputs, const std::string& format,
             const levers::CorpusOptions& o, const BandCheckFlags& bands) {
  auto list = levers::CollectGuides(inputs);
  if (!list.ok()) {
    std::cerr << "levers: " << list.status().message() << "\n";
    return kExitUsage;
  }
  // Refused entries (a link out of the folder, a control byte in a name) are
  // errors in the input: said on stderr, never read.
  for (const std::string& r : list->refused) std::cerr << "levers: error: " << r << "\n";
  if (NoGuidesFound(inputs, *list, "checked")) return kExitUsage;
  BandDrift drift;
  if (!LoadBandDrift(bands, drift)) return kExitUsage;
  size_t errors = 0, warnings = 0, notes = 0, read = 0, unread = 0;
  bool first = true;  // no JSON finding printed yet
  // Each guide's findings are printed as soon as it and those before it are
  // checked, so a corpus of any size is checked in bounded memory.
  levers::ForEachChecked(list->paths, o, [&](CheckedGuide& g) {
    if (!g.load_status.ok()) {
      ++unread;
      std::cerr << "levers: " << g.load_status.message() << "\n";
      return;
    }
    ++read;
    drift.Add(g);
    nlohmann::ordered_json guide_json = nlohmann::ordered_json::array();
    for (const levers::Diagnostic& d : g.findings.diagnostics()) {
      if (d.severity == levers::Severity::kError)
        ++errors;
      else if (d.severity == levers::Severity::kWarning)
        ++warnings;
      else
        ++notes;
      if (format == "json") {
        const levers::LineColumn lc = g.file->Locate(d.range.begin);
        nlohmann::ordered_json j;
        j["code"] = d.code;
        j["severity"] = levers::SeverityName(d.severity);
        j["path"] = g.path;
        j["line"] = lc.line;
        j["column"] = lc.column;
        j["field"] = d.path;
        j["message"] = d.message;
        guide_json.push_back(std::move(j));
      } else {
        std::cout << levers::FormatDiagnosticText(*g.file, d);
      }
    }
    PrintFindingsPart(guide_json, first);
  });
  if (format == "json") {
    std::cout << (first ? "[]\n" : "\n]\n");
  } else {
    std::cout << Counted(read, "guide") << " checked: " << Counted(errors, "error") << ", "
              << Counted(warnings, "warning") << ", " << Counted(notes, "note");
    if (unread != 0) std::cout << "; " << unread << " could not be read";
    if (!list->refused.empty())
      std::cout << "; "
                << RefusedEntries(list->refused.size() - list->refused_folders,
                                  list->refused_folders)
                << " refused";
    std::cout << "\n";
  }
  // A folder that could not be listed is unread guides, as an unreadable file is.
  if (unread != 0 || !list->unlisted.empty()) return kExitUsage;
  return errors > 0 || !list->refused.empty() ? kExitFindings : kExitOk;
}

int CmdRender(const std::string& input, const std::string& to,
              const levers::CommonCurrency& common) {
  levers::ReadLimits limits;
  auto file = levers::LoadSourceFile(input, limits);
  if (!file.ok()) {
    std::cerr << "levers: " << file.status().message() << "\n";
    return kExitUsage;
  }
  levers::DiagnosticSink sink;
  std::optional<levers::Guide> g = levers::ReadGuide(*file, sink, limits);
  for (const levers::Diagnostic& d : sink.diagnostics()) {
    if (d.severity == levers::Severity::kError) std::cerr << levers::FormatDiagnosticText(*file, d);
  }
  if (!g) return kExitFindings;
  if (to == "md") {
    std::cout << levers::RenderCanonicalMarkdown(*g, *file);
  } else if (to == "html") {
    levers::HtmlOptions ho;
    ho.common = common;
    std::cout << levers::RenderGuideHtml(*g, ho);
  } else {
    std::cout << levers::RenderGuideJson(*g) << "\n";
  }
  return sink.has_errors() ? kExitFindings : kExitOk;
}

int CmdBuild(const std::string& src, const std::string& out, const levers::CorpusOptions& o,
             bool force) {
  if (src == levers::kStandardInput) {
    // A page's name and the site's links come from the guide's file name.
    std::cerr << "levers: -: a site is built from guide files, and standard input has no file "
                 "name; give the folder or file (levers render --to html - renders one guide)\n";
    return kExitUsage;
  }
  auto report = levers::BuildSite(src, out, o, force);
  if (!report.ok()) {
    std::cerr << "levers: " << report.status().message() << "\n";
    return kExitUsage;
  }
  std::cerr << report->findings_text;
  std::cout << "built " << Counted(report->pages, "guide page") << " from " << src << " into "
            << out << " (index.html, guides.json); " << Counted(report->errors, "error") << ", "
            << Counted(report->warnings, "warning") << "\n";
  return kExitOk;
}

// --currency and --rates of the commands that write guide pages; returns
// --currency's option (to tell whether it was given).
CLI::Option* AddPageCurrencyOptions(CLI::App* app, std::string& currency, std::string& rates) {
  app->add_option("--rates", rates,
                  "ECB euro reference rates CSV (eurofxref-hist format) to convert the bands "
                  "with, at its last date, instead of the bundled table")
      ->check(NamedPathCheck("an ECB rates CSV (eurofxref-hist format)"));
  return app
      ->add_option("--currency", currency,
                   "ISO 4217 currency, any case, the page's toggle shows every region's bands "
                   "in (default USD)")
      ->transform(CurrencyCheck());
}

}  // namespace

void AddGuideCommands(CLI::App& app, Commands& out) {
  auto parse_inputs = std::make_shared<std::vector<std::string>>();
  CLI::App* parse =
      app.add_subcommand("parse", "Print guides as a JSON array (docs/json-format.md)");
  parse->add_option("paths", *parse_inputs, "Guide files or folders")
      ->required()
      ->check(PathCheck("a guide file or folder"));
  out.push_back({parse, [parse_inputs] { return CmdParse(*parse_inputs); }});

  struct CheckFlags {
    std::vector<std::string> inputs;
    std::string format = "text", today;
    std::string tolerance = "5";  // read by ParseHundredths, in basis points
    unsigned jobs = 0;
    BandCheckFlags bands;
  };
  auto cf = std::make_shared<CheckFlags>();
  CLI::App* check =
      app.add_subcommand("check", "Check guides; exit 1 when any has errors (docs/checks.md)");
  check->add_option("paths", cf->inputs, "Guide files or folders (searched recursively)")
      ->required()
      ->check(PathCheck("a guide file or folder"));
  check->add_option("--format", cf->format, "Output format")->check(OneOf({"text", "json"}));
  check
      ->add_option("--today", cf->today,
                   "Date the dated checks measure against (review-overdue, data-stale, "
                   "date-future, quarter-future), YYYY-MM-DD (default: today, UTC)")
      ->check(IsoDateCheck());
  check
      ->add_option("--tolerance", cf->tolerance,
                   "Allowed total-comp gap in percent, at most two decimals (default 5)")
      ->check(PercentCheck());
  check->add_option("--jobs", cf->jobs, "Threads (default: one per core)")->check(JobsCheck());
  AddBandCheckOptions(check, cf->bands);
  out.push_back({check, [cf] {
                   CorpusOptions o;
                   o.jobs = cf->jobs;
                   SetToday(cf->today, o.check);
                   o.check.total_comp_tolerance_bp = *ParseHundredths(cf->tolerance);
                   return CmdCheck(cf->inputs, cf->format, o, cf->bands);
                 }});

  struct RenderFlags {
    std::string input, to = "json";
    std::string currency = std::string(kGuideCommonCurrency), rates;
  };
  auto rf = std::make_shared<RenderFlags>();
  CLI::App* render =
      app.add_subcommand("render", "Write one guide as canonical Markdown, HTML or JSON");
  render->add_option("path", rf->input, "Guide file")->required()->check(PathCheck("a guide file"));
  render->add_option("--to", rf->to, "Output format")
      ->check(OneOf({"md", "html", "json"}))
      ->required();
  CLI::Option* render_currency = AddPageCurrencyOptions(render, rf->currency, rf->rates);
  out.push_back(
      {render, [rf, render_currency] {
         // Only the HTML page converts: a flag it cannot use is a mistake.
         if (rf->to != "html" && (render_currency->count() > 0 || !rf->rates.empty())) {
           std::cerr << "levers: " << (render_currency->count() > 0 ? "--currency" : "--rates")
                     << ": only with --to html (the page's bands in one currency); "
                        "--to "
                     << rf->to << " writes every amount as the guide states it\n";
           return kExitUsage;
         }
         std::optional<RateTable> table;
         CommonCurrency common;
         if (!SetPageCurrency(rf->currency, render_currency->count() > 0, rf->rates, table, common))
           return kExitUsage;
         return CmdRender(rf->input, rf->to, common);
       }});

  struct BuildFlags {
    std::string src, out, today;
    std::string currency = std::string(kGuideCommonCurrency), rates;
    unsigned jobs = 0;
    bool force = false;
  };
  auto bf = std::make_shared<BuildFlags>();
  CLI::App* build = app.add_subcommand(
      "build",
      "Compile a folder of guides into a static site. Writes every guide it can read and "
      "exits 0 whatever the findings (they are printed; use `levers check` to fail on "
      "them); 2 on a usage error or when the site cannot be written");
  build->add_option("src", bf->src, "Folder of guides, or one guide file")
      ->required()
      ->check(PathCheck("a folder of guides, or one guide file"));
  build->add_option("out", bf->out, "Output folder")->required();
  build
      ->add_option("--today", bf->today,
                   "Date the dated checks measure against (review-overdue, data-stale, "
                   "date-future, quarter-future), YYYY-MM-DD (default: today, UTC)")
      ->check(IsoDateCheck());
  build->add_option("--jobs", bf->jobs, "Threads (default: one per core)")->check(JobsCheck());
  build->add_flag("--force", bf->force,
                  "Build into a non-empty output folder that an earlier build did not write "
                  "(no .levers-site); files levers did not write are left alone");
  CLI::Option* build_currency = AddPageCurrencyOptions(build, bf->currency, bf->rates);
  out.push_back({build, [bf, build_currency] {
                   CorpusOptions o;
                   o.jobs = bf->jobs;
                   SetToday(bf->today, o.check);
                   std::optional<RateTable> table;
                   if (!SetPageCurrency(bf->currency, build_currency->count() > 0, bf->rates, table,
                                        o.page_currency))
                     return kExitUsage;
                   return CmdBuild(bf->src, bf->out, o, bf->force);
                 }});
}

LoadedGuides LoadGuides(const std::vector<std::string>& paths) {
  LoadedGuides out;
  auto list = CollectGuides(paths);
  if (!list.ok()) {
    std::cerr << "levers: " << list.status().message() << "\n";
    return out;
  }
  // Refused entries (a link out of the folder, a control byte in a name) are
  // said, as check and import say them, never read.
  for (const std::string& r : list->refused) std::cerr << "levers: error: " << r << "\n";
  out.listed = true;
  CorpusOptions o;
  o.run_checks = false;
  out.all = ReadAndCheck(list->paths, o);
  for (const CheckedGuide& g : out.all) {
    if (g.guide) out.guides.push_back(&*g.guide);
  }
  return out;
}

}  // namespace levers::cli
