// levers: the one binary. Each subcommand turns argv into library calls and a
// library result into output and an exit code; nothing here parses or computes.
//
// Exit codes: 0 success (check: no errors), 1 errors found in the input,
// 2 usage error or unreadable input.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "levers/corpus.h"
#include "levers/fx.h"
#include "levers/levels.h"
#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/render.h"

namespace {

using levers::CheckedGuide;

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// Parses --today; returns false (after printing why) when it is not a date.
bool ParseToday(const std::string& text, levers::CheckOptions& check) {
  if (text.empty()) {
    check.today = levers::TodayUtc();
    return true;
  }
  levers::DateParse d = levers::ParseIsoDate(text);
  if (!d.date) {
    std::cerr << "levers: --today '" << text << "': " << d.error << "\n";
    return false;
  }
  check.today = d.date;
  return true;
}

bool ParseTolerance(double pct, levers::CheckOptions& check) {
  if (!(pct >= 0 && pct <= 100)) {
    std::cerr << "levers: --tolerance must be a percentage between 0 and 100\n";
    return false;
  }
  check.total_comp_tolerance_bp = static_cast<int32_t>(pct * 100 + 0.5);
  return true;
}

int CmdParse(const std::vector<std::string>& inputs) {
  auto paths = levers::CollectGuidePaths(inputs);
  if (!paths.ok()) {
    std::cerr << "levers: " << paths.status().message() << "\n";
    return kExitUsage;
  }
  levers::CorpusOptions o;
  o.run_checks = false;  // parse reports reading problems; `levers check` runs the rules
  std::vector<CheckedGuide> guides = levers::ReadAndCheck(*paths, o);
  int rc = kExitOk;
  std::string out = "[";
  bool first = true;
  for (const CheckedGuide& g : guides) {
    if (!g.load_status.ok()) {
      std::cerr << "levers: " << g.load_status.message() << "\n";
      rc = kExitUsage;
      continue;
    }
    // Reading problems (not check findings) go to stderr.
    for (const levers::Diagnostic& d : g.findings.diagnostics()) {
      if (d.severity == levers::Severity::kError) {
        std::cerr << levers::FormatDiagnosticText(*g.file, d);
        if (rc == kExitOk) rc = kExitFindings;
      }
    }
    if (!g.guide) continue;
    out += first ? "\n" : ",\n";
    first = false;
    out += levers::RenderGuideJson(*g.guide);
  }
  out += first ? "]\n" : "\n]\n";
  std::cout << out;
  return rc;
}

int CmdCheck(const std::vector<std::string>& inputs, const std::string& format,
             const levers::CorpusOptions& o) {
  auto paths = levers::CollectGuidePaths(inputs);
  if (!paths.ok()) {
    std::cerr << "levers: " << paths.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<CheckedGuide> guides = levers::ReadAndCheck(*paths, o);
  size_t errors = 0, warnings = 0, notes = 0;
  bool unreadable = false;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const CheckedGuide& g : guides) {
    if (!g.load_status.ok()) {
      unreadable = true;
      std::cerr << "levers: " << g.load_status.message() << "\n";
      continue;
    }
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
        json.push_back(std::move(j));
      } else {
        std::cout << levers::FormatDiagnosticText(*g.file, d);
      }
    }
  }
  if (format == "json") {
    std::cout << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    size_t read = 0;
    for (const CheckedGuide& g : guides) read += g.load_status.ok() ? 1 : 0;
    std::cout << read << (read == 1 ? " guide" : " guides") << " checked: " << errors << " errors, "
              << warnings << " warnings, " << notes << " notes";
    if (read != guides.size()) std::cout << "; " << guides.size() - read << " could not be read";
    std::cout << "\n";
  }
  if (unreadable) return kExitUsage;
  return errors > 0 ? kExitFindings : kExitOk;
}

int CmdRender(const std::string& input, const std::string& to) {
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
    std::cout << levers::RenderGuideHtml(*g, ho);
  } else {
    std::cout << levers::RenderGuideJson(*g) << "\n";
  }
  return sink.has_errors() ? kExitFindings : kExitOk;
}

int CmdBuild(const std::string& src, const std::string& out, const levers::CorpusOptions& o) {
  auto report = levers::BuildSite(src, out, o);
  if (!report.ok()) {
    std::cerr << "levers: " << report.status().message() << "\n";
    return kExitUsage;
  }
  std::cerr << report->findings_text;
  std::cout << "built " << report->pages << " guide pages from " << src << " into " << out
            << " (index.html, guides.json); " << report->errors << " errors, " << report->warnings
            << " warnings\n";
  return kExitOk;
}

// Loads every guide under `dir` (reading only; check findings are not the point here).
struct LoadedGuides {
  std::vector<CheckedGuide> all;
  std::vector<const levers::Guide*> guides;
};
LoadedGuides LoadGuides(const std::string& dir) {
  LoadedGuides out;
  auto paths = levers::CollectGuidePaths({dir});
  if (!paths.ok()) {
    std::cerr << "levers: " << paths.status().message() << "\n";
    return out;
  }
  levers::CorpusOptions o;
  o.run_checks = false;
  out.all = levers::ReadAndCheck(*paths, o);
  for (const CheckedGuide& g : out.all) {
    if (g.guide) out.guides.push_back(&*g.guide);
  }
  return out;
}

// Reads an offer file; prints its problems and returns nullopt when unusable.
std::optional<levers::Offer> LoadOffer(const std::string& path) {
  auto file = levers::LoadSourceFile(path);
  if (!file.ok()) {
    std::cerr << "levers: " << file.status().message() << "\n";
    return std::nullopt;
  }
  levers::DiagnosticSink sink;
  std::optional<levers::Offer> o = levers::ReadOffer(*file, sink);
  for (const levers::Diagnostic& d : sink.diagnostics())
    std::cerr << levers::FormatDiagnosticText(*file, d);
  return o;
}

struct OfferFlags {
  std::vector<std::string> files;
  std::vector<std::string> others;
  std::string guides = "data/guides";
  std::string format = "text";
  std::string currency;
  std::string rank = "four-year";
  bool explain = false;
  std::string message = "text";  // counter: the message as text or markdown
  double liquidity_discount = 30, upside_multiple = 3;
  int band_low_pct = 25, band_high_pct = 75;
  std::string rates;  // an ECB history CSV instead of the bundled table
  // An offer given on the command line instead of a file: key -> value.
  std::vector<std::pair<std::string, std::string>> fields;
};

// The offer given by flags, as the JSON text ReadOffer reads, so that flags and
// files are validated by the same code.
std::string OfferJsonFromFlags(const OfferFlags& f) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [key, value] : f.fields) {
    if (value.empty()) continue;
    if (key.rfind("equity.", 0) == 0) {
      j["equity"][key.substr(7)] = value;
    } else {
      j[key] = value;
    }
  }
  return j.dump(2);
}

bool Assumptions(const OfferFlags& f, levers::ValuationAssumptions& a) {
  if (!(f.liquidity_discount >= 0 && f.liquidity_discount <= 100) ||
      !(f.upside_multiple >= 0 && f.upside_multiple <= 100) ||
      !(f.band_low_pct >= 0 && f.band_low_pct < f.band_high_pct && f.band_high_pct <= 100)) {
    std::cerr << "levers: --liquidity-discount must be 0..100, --upside-multiple 0..100, and 0 <= "
                 "--band-low-pct < "
                 "--band-high-pct <= 100\n";
    return false;
  }
  a.liquidity_discount_bp = static_cast<int32_t>(f.liquidity_discount * 100 + 0.5);
  a.upside_multiple_pct = static_cast<int32_t>(f.upside_multiple * 100 + 0.5);
  a.band_low_percentile = f.band_low_pct;
  a.band_high_percentile = f.band_high_pct;
  return true;
}

int CmdOffer(const std::string& action, const OfferFlags& f) {
  levers::ValuationAssumptions a;
  if (!Assumptions(f, a)) return kExitUsage;
  std::optional<levers::RateTable> rates;
  if (!f.rates.empty()) {
    auto t = levers::RateTable::LoadFile(f.rates);
    if (!t.ok()) {
      std::cerr << "levers: " << t.status().message() << "\n";
      return kExitUsage;
    }
    rates.emplace(std::move(t).value());
    a.rates = &*rates;
  }
  std::vector<levers::Offer> offers;
  for (const std::string& path : f.files) {
    std::optional<levers::Offer> o = LoadOffer(path);
    if (!o) return kExitUsage;
    offers.push_back(std::move(*o));
  }
  const bool by_flags = std::any_of(f.fields.begin(), f.fields.end(),
                                    [](const auto& kv) { return !kv.second.empty(); });
  if (by_flags) {
    if (!f.files.empty() && action != "compare") {
      std::cerr << "levers: give the offer as a file or as flags, not both\n";
      return kExitUsage;
    }
    levers::SourceFile file("(flags)", OfferJsonFromFlags(f));
    levers::DiagnosticSink sink;
    std::optional<levers::Offer> o = levers::ReadOffer(file, sink);
    for (const levers::Diagnostic& d : sink.diagnostics())
      std::cerr << "levers: flags: " << d.message << "\n";
    if (!o) return kExitUsage;
    offers.push_back(std::move(*o));
  }
  if (offers.empty()) {
    std::cerr << "levers: give an offer file, or the offer as flags (--company, --role, "
                 "--currency, --base ...)\n";
    return kExitUsage;
  }
  const bool json = f.format == "json";
  if (action == "compare") {
    levers::RankBy by = f.rank == "first-year"        ? levers::RankBy::kFirstYear
                        : f.rank == "expected-equity" ? levers::RankBy::kExpectedEquity
                        : f.rank == "floor-equity"    ? levers::RankBy::kFloorEquity
                                                      : levers::RankBy::kFourYearAverage;
    auto c = levers::Compare(offers, f.currency, by, a);
    if (!c.ok()) {
      std::cerr << "levers: " << c.status().message() << "\n";
      return kExitFindings;
    }
    std::cout << (json ? levers::ComparisonJson(*c, f.explain)
                       : levers::ComparisonText(*c, f.explain));
    return kExitOk;
  }
  LoadedGuides loaded = LoadGuides(f.guides);
  const levers::Offer& offer = offers[0];
  auto guide = levers::FindGuide(loaded.guides, offer.company, offer.role);
  if (action == "evaluate") {
    if (!guide.ok())
      std::cerr << "levers: " << guide.status().message() << " (evaluating without a band)\n";
    auto ev = levers::Evaluate(offer, guide.ok() ? *guide : nullptr, a);
    if (!ev.ok()) {
      std::cerr << "levers: " << ev.status().message() << "\n";
      return kExitFindings;
    }
    std::cout << (json ? levers::EvaluationJson(*ev, f.explain)
                       : levers::EvaluationText(*ev, f.explain));
    return kExitOk;
  }
  if (!guide.ok()) {
    std::cerr << "levers: " << guide.status().message() << "\n";
    return kExitFindings;
  }
  std::vector<levers::Offer> others;
  for (const std::string& path : f.others) {
    std::optional<levers::Offer> o = LoadOffer(path);
    if (!o) return kExitUsage;
    others.push_back(std::move(*o));
  }
  auto plan = levers::Counter(offer, **guide, others, a);
  if (!plan.ok()) {
    std::cerr << "levers: " << plan.status().message() << "\n";
    return kExitFindings;
  }
  std::cout << (json                      ? levers::CounterPlanJson(*plan, f.explain)
                : f.message == "markdown" ? plan->message_markdown
                                          : levers::CounterPlanText(*plan, f.explain));
  return kExitOk;
}

int CmdLevels(const std::string& query, const std::string& guides_dir, const std::string& format,
              bool indirect) {
  LoadedGuides loaded = LoadGuides(guides_dir);
  if (loaded.all.empty()) return kExitUsage;
  const levers::LevelGraph graph = levers::LevelGraph::Build(loaded.guides);
  levers::LevelQueryOptions o;
  o.indirect = indirect;
  auto answer = graph.Equivalents(query, o);
  if (!answer.ok()) {
    std::cerr << "levers: " << answer.status().message() << "\n";
    return answer.status().code() == levers::StatusCode::kInvalidArgument ? kExitUsage
                                                                          : kExitFindings;
  }
  std::cout << (format == "json" ? levers::FormatLevelAnswerJson(*answer)
                                 : levers::FormatLevelAnswerText(*answer));
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"levers: read, check and publish job-offer negotiation guides"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "levers 0.1.0");

  std::vector<std::string> parse_inputs;
  CLI::App* parse =
      app.add_subcommand("parse", "Print guides as a JSON array (docs/json-format.md)");
  parse->add_option("paths", parse_inputs, "Guide files or folders")->required();

  std::vector<std::string> check_inputs;
  std::string format = "text", today;
  double tolerance = 5.0;
  unsigned jobs = 0;
  CLI::App* check =
      app.add_subcommand("check", "Check guides; exit 1 when any has errors (docs/checks.md)");
  check->add_option("paths", check_inputs, "Guide files or folders (searched recursively)")
      ->required();
  check->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--today", today,
                    "Date for the review-overdue rule, YYYY-MM-DD (default: today, UTC)");
  check->add_option("--tolerance", tolerance, "Allowed total-comp gap in percent (default 5)");
  check->add_option("--jobs", jobs, "Threads (default: one per core)");

  std::string render_input, to = "json";
  CLI::App* render =
      app.add_subcommand("render", "Write one guide as canonical Markdown, HTML or JSON");
  render->add_option("path", render_input, "Guide file")->required();
  render->add_option("--to", to, "Output format")
      ->check(CLI::IsMember({"md", "html", "json"}))
      ->required();

  std::string src_dir, out_dir;
  std::string build_today;
  unsigned build_jobs = 0;
  CLI::App* build = app.add_subcommand("build", "Compile a folder of guides into a static site");
  build->add_option("src", src_dir, "Folder of guides")->required();
  build->add_option("out", out_dir, "Output folder")->required();
  build->add_option("--today", build_today,
                    "Date for overdue reviews, YYYY-MM-DD (default: today, UTC)");
  build->add_option("--jobs", build_jobs, "Threads (default: one per core)");

  CLI::App* offer = app.add_subcommand(
      "offer", "Evaluate, compare and counter job offers (docs/offer-format.md)");
  offer->require_subcommand(1);
  OfferFlags of;
  auto common = [&](CLI::App* c, bool with_guides) {
    c->add_option("--format", of.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    c->add_flag("--explain", of.explain, "Show the formula and inputs behind every figure");
    c->add_option("--liquidity-discount", of.liquidity_discount,
                  "Private equity's expected value discount, percent (default 30)");
    c->add_option("--upside-multiple", of.upside_multiple,
                  "Private equity's upside multiple (default 3)");
    c->add_option("--band-low-pct", of.band_low_pct,
                  "Percentile a band's low end stands for (default 25)");
    c->add_option("--band-high-pct", of.band_high_pct,
                  "Percentile a band's high end stands for (default 75)");
    c->add_option(
        "--rates", of.rates,
        "ECB euro reference rates CSV (eurofxref-hist format) instead of the bundled table");
    if (with_guides) c->add_option("--guides", of.guides, "Folder of guides (default data/guides)");
  };
  // The offer's fields as flags, for evaluate and counter without a file.
  static const std::vector<std::pair<std::string, std::string>> kFlagFields = {
      {"label", "How you name the offer"},
      {"company", "Company"},
      {"role", "Role"},
      {"region", "Region of the band"},
      {"currency", "ISO 4217 currency of every amount"},
      {"date", "Offer date, YYYY-MM-DD"},
      {"base", "Base salary"},
      {"bonus", "Target bonus: 10% or an amount"},
      {"signing", "Signing bonus"},
      {"relocation", "Relocation"},
      {"equity.kind", "public_rsu, private_rsu or options"},
      {"equity.value", "The whole grant's value"},
      {"equity.vesting", "even, 5/15/40/40, 40/30/20/10 ..."},
      {"equity.years", "Years for even vesting"},
      {"equity.cliff_months", "Cliff in months"},
      {"equity.frequency", "monthly, quarterly or yearly"},
      {"equity.shares", "Options: number of shares"},
      {"equity.strike", "Options: strike per share"},
      {"equity.fair_value", "Options: fair value (409A) per share"}};
  of.fields.reserve(kFlagFields.size());
  for (const auto& [key, help] : kFlagFields) of.fields.emplace_back(key, "");
  auto offer_flags = [&](CLI::App* c) {
    for (size_t i = 0; i < kFlagFields.size(); ++i) {
      std::string name = "--" + kFlagFields[i].first;
      for (char& ch : name) ch = ch == '_' || ch == '.' ? '-' : ch;
      c->add_option(name, of.fields[i].second, kFlagFields[i].second)->group("Offer by flags");
    }
  };
  CLI::App* evaluate =
      offer->add_subcommand("evaluate", "Year-by-year value and position in the guide's band");
  evaluate->add_option("offer", of.files, "Offer file (JSON or YAML)")->expected(0, 1);
  common(evaluate, true);
  offer_flags(evaluate);
  CLI::App* compare =
      offer->add_subcommand("compare", "Several offers side by side in one currency");
  compare->add_option("offers", of.files, "Offer files")->required();
  compare->add_option("--currency", of.currency,
                      "Currency to compare in (default: the first offer's)");
  compare->add_option("--rank", of.rank, "Ranking measure")
      ->check(CLI::IsMember({"first-year", "four-year", "expected-equity", "floor-equity"}));
  common(compare, false);
  CLI::App* counter =
      offer->add_subcommand("counter", "What to ask for, the floor, and a message to send");
  counter->add_option("offer", of.files, "Offer file (JSON or YAML)")->expected(0, 1);
  counter->add_option("--other", of.others, "A competing offer file (repeatable)");
  common(counter, true);
  counter
      ->add_option("--message", of.message,
                   "text: the whole plan; markdown: only the message, in Markdown")
      ->check(CLI::IsMember({"text", "markdown"}));
  offer_flags(counter);

  std::string levels_query, levels_guides = "data/guides", levels_format = "text";
  bool levels_indirect = false;
  CLI::App* levels = app.add_subcommand(
      "levels", "Equivalent roles at other companies, from every guide's level mapping");
  levels->add_option("query", levels_query, "A role such as \"Google L6\" or \"Meta E5\"")
      ->required();
  levels->add_option("--guides", levels_guides, "Folder of guides (default data/guides)");
  levels->add_option("--format", levels_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  levels->add_flag("--indirect", levels_indirect, "Also follow a second hop through other guides");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (*parse) return CmdParse(parse_inputs);
    if (*check) {
      levers::CorpusOptions o;
      o.jobs = jobs;
      if (!ParseToday(today, o.check) || !ParseTolerance(tolerance, o.check)) return kExitUsage;
      return CmdCheck(check_inputs, format, o);
    }
    if (*render) return CmdRender(render_input, to);
    if (*levels) return CmdLevels(levels_query, levels_guides, levels_format, levels_indirect);
    if (*offer) {
      const std::string action = *evaluate ? "evaluate" : *compare ? "compare" : "counter";
      return CmdOffer(action, of);
    }
    if (*build) {
      levers::CorpusOptions o;
      o.jobs = build_jobs;
      if (!ParseToday(build_today, o.check)) return kExitUsage;
      return CmdBuild(src_dir, out_dir, o);
    }
  } catch (const std::exception& e) {
    std::cerr << "levers: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitUsage;
}
