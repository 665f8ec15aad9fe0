// offer evaluate | compare | counter: the offer engine's subcommands.
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "flag_checks.h"
#include "levers/fx.h"
#include "levers/offer.h"
#include "levers/offer_report.h"

namespace levers::cli {
namespace {

constexpr uint64_t kMaxOfferFileBytes = 1u << 20;

// Reads an offer file; prints its problems and returns nullopt when unusable.
std::optional<levers::Offer> LoadOffer(const std::string& path) {
  // An offer is a few hundred bytes; the HTTP API takes at most 1 MiB by default.
  auto file = levers::LoadInputFile(path, kMaxOfferFileBytes, "offer files");
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
  // evaluate and counter: one folder, data/guides unless given; compare: none
  // unless given (then each offer is placed in its guide's band).
  std::string guides = "data/guides";
  std::vector<std::string> compare_guides;
  std::string format = "text";
  std::string currency;
  std::string rank = "four-year";
  bool explain = false;
  std::string message = "text";  // counter: the message as text or markdown
  // Exact decimals with at most two places (a percent to the basis point, a
  // multiple to the hundredth), checked and read by ParseHundredths: never
  // rounded silently.
  std::string liquidity_discount = "30", upside_multiple = "3";
  int band_low_pct = 25, band_high_pct = 75;
  std::string rates;  // an ECB history CSV instead of the bundled table
  // The date a guide's review is judged as of, YYYY-MM-DD (checked by
  // IsoDateCheck as argv was parsed); empty: today (UTC), as check takes it.
  std::string today;
  // An offer given on the command line instead of a file: key -> value.
  std::vector<std::pair<std::string, std::string>> fields;
};

// The offer given by flags, as the JSON text ReadOffer reads, so that flags and
// files are validated by the same code.
// Nullopt, with a message, when a flag and its parts are both given (--signing
// with --signing-year1).
std::optional<std::string> OfferJsonFromFlags(const OfferFlags& f) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [key, value] : f.fields) {
    if (value.empty()) continue;
    const size_t dot = key.find('.');
    if (dot == std::string::npos) {
      if (j.contains(key)) {
        std::cerr << "levers: give --" << key << " or its parts (--" << key << "-...), not both\n";
        return std::nullopt;
      }
      j[key] = value;
      continue;
    }
    const std::string outer = key.substr(0, dot);
    if (j.contains(outer) && !j[outer].is_object()) {
      std::cerr << "levers: give --" << outer << " or its parts (--" << outer
                << "-...), not both\n";
      return std::nullopt;
    }
    j[outer][key.substr(dot + 1)] = value;
  }
  return j.dump(2);
}

// The guides of --guides, read as evaluate, counter and compare read them;
// nullopt after saying why when a path cannot be read.
std::optional<LoadedGuides> ReadGuidesFlag(const std::vector<std::string>& paths) {
  LoadedGuides loaded = LoadGuides(paths);
  if (loaded.listed) return loaded;
  std::string given;
  for (const std::string& p : paths) given += (given.empty() ? "" : "' '") + p;
  std::cerr << "levers: --guides '" << given << "' cannot be read; give a folder of guides\n";
  return std::nullopt;
}

// What the engine's failure `s` says; when it is a conversion the rates cannot
// make (one of `problems`, the conversions the command makes), with how to
// give rates that can.
std::string FailureMessage(const levers::Status& s,
                           const std::vector<std::optional<levers::ConversionProblem>>& problems) {
  std::string m = s.message();
  for (const std::optional<levers::ConversionProblem>& p : problems) {
    if (!p || p->message != m || p->unquoted.empty()) continue;
    m += "; give a rates file that quotes ";
    for (size_t i = 0; i < p->unquoted.size(); ++i) m += (i ? " and " : "") + p->unquoted[i];
    if (p->unquoted_on) m += " on " + p->unquoted_on->ToString();
    return m + " with --rates FILE (eurofxref-hist format)";
  }
  return m;
}

bool Assumptions(const OfferFlags& f, levers::ValuationAssumptions& a) {
  // Both checked by HundredthsCheck as argv was parsed.
  const std::optional<int32_t> discount = ParseHundredths(f.liquidity_discount);
  const std::optional<int32_t> multiple = ParseHundredths(f.upside_multiple);
  if (!(f.band_low_pct >= 0 && f.band_low_pct < f.band_high_pct && f.band_high_pct <= 100)) {
    std::cerr << "levers: --band-low-pct and --band-high-pct must satisfy 0 <= --band-low-pct < "
                 "--band-high-pct <= 100; got "
              << f.band_low_pct << " and " << f.band_high_pct << "\n";
    return false;
  }
  a.liquidity_discount_bp = *discount;
  a.upside_multiple_pct = *multiple;
  a.band_low_percentile = f.band_low_pct;
  a.band_high_percentile = f.band_high_pct;
  a.today = f.today.empty() ? levers::TodayUtc() : levers::ParseIsoDate(f.today).date;
  return true;
}

int CmdOffer(const std::string& action, const OfferFlags& f) {
  // One output: only the message as Markdown, or the whole plan as JSON (whose
  // message_markdown holds the same Markdown). Refused before any file is read.
  if (f.format == "json" && f.message == "markdown") {
    std::cerr << "levers: --message markdown prints only the message and --format json the "
                 "whole plan (its message_markdown field holds the same Markdown); give one "
                 "of them\n";
    return kExitUsage;
  }
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
    if (path.empty()) {  // as PathCheck says it where CLI11 runs the check
      std::cerr << "levers: offer: expected an offer file; got an empty value\n";
      return kExitUsage;
    }
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
    std::optional<std::string> json_text = OfferJsonFromFlags(f);
    if (!json_text) return kExitUsage;
    levers::SourceFile file("(flags)", *json_text);
    levers::DiagnosticSink sink;
    std::optional<levers::Offer> o = levers::ReadOffer(file, sink, levers::OfferOrigin::kFlags);
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
    // Upper-cased and checked by CurrencyCheck as argv was parsed; one the
    // rates stopped quoting before an offer's date (CYP after 2007) is refused
    // as the flag it is, before anything is compared.
    const std::string& currency = f.currency;
    const levers::RateTable& rates_used = levers::RatesFor(a);
    for (const levers::Offer& o : offers) {
      const levers::Date date = o.date.value_or(rates_used.last_date());
      if (!currency.empty() && !CurrencyInUse(rates_used, currency, date, "the offers' dates")) {
        return kExitUsage;
      }
    }
    levers::RankBy by = f.rank == "first-year"        ? levers::RankBy::kFirstYear
                        : f.rank == "expected-equity" ? levers::RankBy::kExpectedEquity
                        : f.rank == "floor-equity"    ? levers::RankBy::kFloorEquity
                                                      : levers::RankBy::kFourYearAverage;
    // With --guides each offer is placed in its guide's band by the call
    // POST /api/offers/compare makes.
    std::optional<LoadedGuides> loaded;
    if (!f.compare_guides.empty()) {
      loaded = ReadGuidesFlag(f.compare_guides);
      if (!loaded) return kExitUsage;
    }
    auto c = levers::Compare(offers, currency, by, a, loaded ? &loaded->guides : nullptr);
    if (!c.ok()) {
      // Each offer into the comparison's currency, and into its band's.
      std::vector<std::optional<levers::ConversionProblem>> problems;
      for (const levers::Offer& o : offers) {
        problems.push_back(levers::FindConversionProblem(
            o, currency.empty() ? offers[0].currency : currency, levers::RatesFor(a)));
        if (!loaded) continue;
        auto guide = levers::FindGuide(loaded->guides, o.company, o.role);
        if (guide.ok()) {
          problems.push_back(
              levers::FindBandConversionProblem(o, **guide, false, levers::RatesFor(a)));
        }
      }
      std::cerr << "levers: " << FailureMessage(c.status(), problems) << "\n";
      return kExitFindings;
    }
    // No guide, no region or an unknown one: compared without a band
    // position, and why, in the output and here.
    for (const levers::Evaluation& e : c->offers) {
      if (!e.band_note.empty())
        std::cerr << "levers: " << e.offer.label << ": " << e.band_note
                  << " (comparing it without a band)\n";
    }
    std::cout << (json ? levers::ComparisonJson(*c, f.explain)
                       : levers::ComparisonText(*c, f.explain));
    return kExitOk;
  }
  std::optional<LoadedGuides> loaded = ReadGuidesFlag({f.guides});
  if (!loaded) return kExitUsage;
  const levers::Offer& offer = offers[0];
  auto guide = levers::FindGuide(loaded->guides, offer.company, offer.role);
  if (action == "evaluate") {
    auto ev = levers::Evaluate(offer, guide.ok() ? *guide : nullptr, a);
    if (!ev.ok()) {
      std::vector<std::optional<levers::ConversionProblem>> problems;
      if (guide.ok()) {
        problems.push_back(
            levers::FindBandConversionProblem(offer, **guide, false, levers::RatesFor(a)));
      }
      std::cerr << "levers: " << FailureMessage(ev.status(), problems) << "\n";
      return kExitFindings;
    }
    // No guide, no region or an unknown one: the figures without a band
    // position, and why, in the output and here.
    if (!guide.ok()) ev->band_note = guide.status().message();
    if (!ev->band_note.empty())
      std::cerr << "levers: " << ev->band_note << " (evaluating without a band)\n";
    std::cout << (json ? levers::EvaluationJson(*ev, f.explain)
                       : levers::EvaluationText(*ev, f.explain));
    return kExitOk;
  }
  if (!guide.ok()) {
    std::cerr << "levers: " << guide.status().message()
              << " (a counter plan needs the guide's band)\n";
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
    // The offer into its band's currency, and each other offer into the offer's.
    std::vector<std::optional<levers::ConversionProblem>> problems = {
        levers::FindBandConversionProblem(offer, **guide, true, levers::RatesFor(a))};
    for (const levers::Offer& o : others) {
      problems.push_back(levers::FindConversionProblem(o, offer.currency, levers::RatesFor(a)));
    }
    std::cerr << "levers: " << FailureMessage(plan.status(), problems) << "\n";
    return kExitFindings;
  }
  std::cout << (json                      ? levers::CounterPlanJson(*plan, f.explain)
                : f.message == "markdown" ? plan->message_markdown
                                          : levers::CounterPlanText(*plan, f.explain));
  return kExitOk;
}

}  // namespace

void AddOfferCommands(CLI::App& app, Commands& out) {
  auto flags = std::make_shared<OfferFlags>();
  OfferFlags& of = *flags;
  CLI::App* offer = app.add_subcommand(
      "offer", "Evaluate, compare and counter job offers (docs/offer-format.md)");
  offer->require_subcommand(1);
  auto common = [&](CLI::App* c, bool with_guides) {
    c->add_option("--format", of.format, "Output format")
        ->check(OneOf({"text", "json"}))
        ->capture_default_str();
    c->add_flag("--explain", of.explain, "Show the formula and inputs behind every figure");
    c->add_option("--liquidity-discount", of.liquidity_discount,
                  "Private equity's expected value discount, percent 0..100, at most two "
                  "decimals")
        ->capture_default_str()
        ->check(HundredthsCheck(
            "a percentage from 0 to 100 with at most two decimals, like 30 or 33.33 (more "
            "digits would be rounded, so they are refused)"));
    c->add_option("--upside-multiple", of.upside_multiple,
                  "Private equity's upside multiple 0..100, at most two decimals")
        ->capture_default_str()
        ->check(HundredthsCheck(
            "a multiple from 0 to 100 with at most two decimals, like 3 or 2.5 (more digits "
            "would be rounded, so they are refused)"));
    const CLI::Validator percentile =
        WholeNumberCheck(0, 100, "a whole percentile from 0 to 100, like 25");
    c->add_option("--band-low-pct", of.band_low_pct, "Percentile a band's low end stands for")
        ->capture_default_str()
        ->check(percentile);
    c->add_option("--band-high-pct", of.band_high_pct, "Percentile a band's high end stands for")
        ->capture_default_str()
        ->check(percentile);
    c->add_option(
         "--rates", of.rates,
         "ECB euro reference rates CSV (eurofxref-hist format) instead of the bundled table")
        ->check(NamedPathCheck("an ECB rates CSV (eurofxref-hist format)"));
    c->add_option("--today", of.today,
                  "Date the guide's review is judged as of, as levers check --today judges "
                  "review-overdue and data-stale, YYYY-MM-DD (default: today, UTC)")
        ->check(IsoDateCheck());
    if (with_guides)
      c->add_option("--guides", of.guides, "Folder of guides")
          ->capture_default_str()
          ->check(NamedPathCheck("a folder of guides"));
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
      {"bonus_pct", "Target bonus as a percentage of base: 10 or 10%"},
      {"bonus_amount", "Target bonus as an amount"},
      {"signing", "Signing bonus, paid in year 1"},
      {"signing.year1", "Signing bonus paid in year 1 (split sign-on)"},
      {"signing.year2", "Signing bonus paid in year 2 (split sign-on)"},
      {"signing_clawback.months",
       "Months after each sign-on payment during which it is repayable (1 to 120)"},
      {"signing_clawback.basis", "full or pro_rata: how much of the sign-on is repayable"},
      {"refresh.per_year", "Refresher vesting per year"},
      {"refresh.from_year", "First year the refresher vests (1 to 4, default 2)"},
      {"relocation", "Relocation"},
      {"equity.kind", "public_rsu, private_rsu or options"},
      {"equity.value", "The whole grant's value"},
      {"equity.vesting", "even, 5/15/40/40, 40/30/20/10 ..."},
      {"equity.years", "Years for even vesting"},
      {"equity.cliff_months", "Cliff in months"},
      {"equity.frequency", "monthly, quarterly or yearly"},
      {"equity.shares", "Options: number of shares"},
      {"equity.strike", "Options: strike per share"},
      {"equity.fair_value", "Options: fair value (409A) per share"},
      {"equity.preferred_price", "Options: preferred price per share (used over the fair value)"}};
  of.fields.reserve(kFlagFields.size());
  for (const auto& [key, help] : kFlagFields) of.fields.emplace_back(key, "");
  auto offer_flags = [&](CLI::App* c) {
    for (size_t i = 0; i < kFlagFields.size(); ++i) {
      std::string name = "--" + kFlagFields[i].first;
      for (char& ch : name) ch = ch == '_' || ch == '.' ? '-' : ch;
      // Not empty ("--bonus ''" would read as no bonus) and UTF-8, as an
      // offer file must be.
      c->add_option(name, of.fields[i].second, kFlagFields[i].second)
          ->group("Offer by flags")
          ->check(TextCheck("a value (" + kFlagFields[i].second + ")"));
    }
  };
  CLI::App* evaluate =
      offer->add_subcommand("evaluate", "Year-by-year value and position in the guide's band");
  evaluate->add_option("offer", of.files, "Offer file (JSON or YAML)")
      ->expected(0, 1)
      ->check(PathCheck("an offer file"));
  common(evaluate, true);
  offer_flags(evaluate);
  CLI::App* compare = offer->add_subcommand(
      "compare", "Several offers side by side in one currency (with --guides, each in its band)");
  compare->add_option("offers", of.files, "Offer files")
      ->required()
      ->check(PathCheck("an offer file"));
  compare
      ->add_option("--currency", of.currency,
                   "ISO 4217 currency to compare in, any case (default: the first offer's)")
      ->transform(CurrencyCheck());
  compare->add_option("--rank", of.rank, "Ranking measure")
      ->check(OneOf({"first-year", "four-year", "expected-equity", "floor-equity"}))
      ->capture_default_str();
  common(compare, false);
  compare
      ->add_option("--guides", of.compare_guides,
                   "Guide files or folders: place each offer in its guide's band (as "
                   "evaluate does); without it offers are compared without bands")
      ->check(NamedPathCheck("guide files or folders"));
  CLI::App* counter =
      offer->add_subcommand("counter", "What to ask for, the floor, and a message to send");
  counter->add_option("offer", of.files, "Offer file (JSON or YAML)")
      ->expected(0, 1)
      ->check(PathCheck("an offer file"));
  counter->add_option("--other", of.others, "A competing offer file (repeatable)")
      ->check(PathCheck("a competing offer file"));
  common(counter, true);
  counter
      ->add_option("--message", of.message,
                   "text: the whole plan; markdown: only the message, in Markdown")
      ->check(OneOf({"text", "markdown"}))
      ->capture_default_str();
  offer_flags(counter);
  out.push_back(
      {offer, [flags, evaluate, compare, counter] {
         const std::string action = *evaluate ? "evaluate" : *compare ? "compare" : "counter";
         // Flags that would change nothing are refused, not ignored: without
         // --guides, compare places no offer in a band.
         if (*compare && flags->compare_guides.empty()) {
           for (const char* name : {"--band-low-pct", "--band-high-pct", "--today"}) {
             if (compare->count(name) == 0) continue;
             std::cerr << "levers: " << name
                       << " sets how offers are placed in their guides' bands, which compare "
                          "does only with --guides; give --guides too\n";
             return kExitUsage;
           }
         }
         if (*counter && flags->message == "markdown" && flags->explain) {
           std::cerr << "levers: --message markdown prints only the message, which has no "
                        "formulas to --explain; give one of them\n";
           return kExitUsage;
         }
         return CmdOffer(action, *flags);
       }});
}

}  // namespace levers::cli
