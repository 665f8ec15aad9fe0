// Fuzz target for the offer reader and what levers computes from an offer.
//
// Each input is one offer file's bytes, read as JSON when its first non-blank
// byte is '{' and as YAML otherwise (the reader takes both through one parser;
// `levers offer` flags are turned into the same JSON). Every diagnostic must
// have a code, name the field at fault or lie in the file, and format; a read
// that builds no offer must report an error. An offer that reads must hold
// what docs/offer-format.md promises (a currency levers knows, every amount in
// it, non-negative and at most USD 100,000,000's equivalent (so at most
// 10^12), base above zero, a schedule of 1
// to 10 years adding up to 100%, a cliff within it), and then:
//   - its monthly and yearly vests are non-negative, nothing vests before the
//     cliff, and both add up to the grant exactly;
//   - Evaluate without a guide succeeds; every figure is in the offer's
//     currency and non-negative; each year's total is base + bonus + sign-on
//     + expected vest + refresh; the first-year total is year 1's; the
//     four-year average is the sum of the four totals / 4, rounded down; each
//     year's vest is the schedule's; the grant's floor <= expected <= upside;
//   - Evaluate against a guide from data/guides, Compare (the offer against
//     itself, in its currency and in EUR) and Counter (alone and against a
//     rival) either succeed or fail with InvalidArgument or NotFound, and
//     band positions lie in 0..100; a counter plan never asks below the
//     offer, keeps its floor between the offer and the ask, moves a year-two
//     sign-on into year one only out of the offer's own sum, asks a sign-on
//     of at most 50% of the asked base (rounded down to 1,000; more only when
//     the offer's own sign-on is more) and never less than the offer's own,
//     asks a refresher above the offer's and at most the band's yearly top
//     grant (the stock top in the offer's currency over the band's years),
//     and counts options only for options;
//   - every writer renders what was computed.
// Any violation aborts, so libFuzzer (or the replay main) reports it as a crash.
//
// Built with -fsanitize=fuzzer under LEVERS_FUZZ; otherwise linked with
// replay_main.cc so that tests/fuzz/offer_corpus runs as an ordinary test. To
// fuzz with ASan and UBSan over the whole library, with Debian's clang (the
// first command and the last are each one line, broken here):
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
//     -DCMAKE_CXX_COMPILER=clang++ -DLEVERS_FUZZ=ON -DLEVERS_TCMALLOC=OFF
//     "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fsanitize=fuzzer-no-link
//      -fno-sanitize-recover=undefined"
//     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined
//   cmake --build build-fuzz --target offer_fuzzer
//   mkdir -p /tmp/fz-offer && cp tests/fuzz/offer_corpus/* /tmp/fz-offer/
//   build-fuzz/tests/offer_fuzzer -max_total_time=480 -rss_limit_mb=2048 -timeout=10
//     -max_len=4096 /tmp/fz-offer
// (libFuzzer adds what it finds to the first folder: a scratch copy.) A crash
// it writes belongs in tests/fuzz/offer_corpus once it is fixed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/diagnostic.h"
#include "levers/fx.h"
#include "levers/money.h"
#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "levers/source.h"

namespace {

__extension__ typedef __int128 Wide;

constexpr size_t kMaxInputBytes = 1 << 20;
// docs/offer-format.md: USD 100,000,000 or its equivalent, never above 10^12 in any currency.
constexpr int64_t kMaxMajor = levers::kMaxMajorAmount;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "offer_fuzzer: %s\n", what.c_str());
  std::abort();
}

const levers::Guide& BundledGuide() {
  static const levers::Guide guide = [] {
    auto file =
        levers::LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                               "/data/guides/hugging-face-enterprise--engineering-manager.md");
    if (!file.ok()) Fail("cannot load the bundled guide: " + file.status().message());
    levers::DiagnosticSink sink;
    std::optional<levers::Guide> g = levers::ReadGuide(*file, sink);
    if (!g || sink.has_errors()) Fail("the bundled guide does not read cleanly");
    return std::move(*g);
  }();
  return guide;
}

// A competing offer with a larger first year than most, so that Counter asks
// for a sign-on and weighs the whole ask against a walk-away.
const levers::Offer& Rival() {
  static const levers::Offer rival = [] {
    const levers::SourceFile file(
        "rival.yaml",
        "label: Rival\ncompany: Rival Co\ncurrency: USD\ndate: 2025-05-09\nbase: 268000\n"
        "bonus: 15%\nequity: {kind: public_rsu, value: 430000, vesting: [33, 33, 22, 12]}\n");
    levers::DiagnosticSink sink;
    std::optional<levers::Offer> o = levers::ReadOffer(file, sink);
    if (!o || sink.has_errors()) Fail("the rival offer does not read cleanly");
    return std::move(*o);
  }();
  return rival;
}

void CheckFigure(const levers::Figure& f, const std::string& currency, const std::string& what);

// What a counter plan promises whatever the offer: asks never below the
// offer, the floor within them, a sign-on moved into year one out of the
// offer's own sum, a sign-on never above half the asked base (rounded down to
// 1,000) unless the offer's own is, nor below the offer's own, a refresher
// above the offer's and at most the band's yearly top grant (its stock top in
// the offer's currency over its years), an options count only for options.
void CheckCounterPlan(const levers::Offer& offer, const levers::Guide& guide,
                      const levers::ValuationAssumptions& a, const levers::CounterPlan& p) {
  if (p.ask_base.value.minor < offer.base.minor) Fail("Counter asks a base below the offer's");
  if (p.floor_base.value.minor > p.ask_base.value.minor) Fail("Counter's floor is above its ask");
  if (p.floor_base.value.minor < offer.base.minor) Fail("Counter's floor is below the offer");
  const std::string& cur = offer.currency;
  const int64_t offered_signing = offer.signing_year1.minor + offer.signing_year2.minor;
  if (p.ask_signing) {
    CheckFigure(*p.ask_signing, cur, "Counter's sign-on");
    const int64_t thousand = 1000 * levers::MinorPerMajor(cur);
    const int64_t half_base =
        static_cast<int64_t>(static_cast<Wide>(p.ask_base.value.minor) * 5000 / 10000) / thousand *
        thousand;
    if (p.ask_signing->value.minor > std::max(half_base, offered_signing))
      Fail("Counter asks a sign-on above 50% of the asked base: " + p.ask_signing->formula);
    const int64_t asked_sum =
        p.ask_signing->value.minor + (p.signing_year2_left ? p.signing_year2_left->minor : 0);
    if (asked_sum < offered_signing) Fail("Counter asks a sign-on below the offer's own");
  }
  if (p.ask_refresh) {
    CheckFigure(*p.ask_refresh, cur, "Counter's refresher");
    if (offer.refresh_per_year && p.ask_refresh->value.minor <= offer.refresh_per_year->minor)
      Fail("Counter asks a refresher no larger than the offer's");
    levers::Result<levers::CompBand> band = levers::CounterBand(guide, offer);
    if (!band.ok() || !band->stock_high.has()) Fail("Counter planned without a band's stock top");
    levers::Money top = *band->stock_high;
    if (top.currency != cur) {
      auto c = levers::RatesFor(a).Convert(
          top, cur, offer.date ? *offer.date : levers::RatesFor(a).last_date());
      if (!c.ok()) Fail("Counter planned with a stock top it cannot convert");
      top = c->to;
    }
    const int64_t yearly_top = top.minor / band->stock_vesting_years;
    if (p.ask_refresh->value.minor > yearly_top)
      Fail("Counter asks a refresher above the band's yearly top grant: " + p.ask_refresh->formula);
  }
  if (p.signing_year2_left) {
    if (!p.ask_signing) Fail("Counter leaves a year-two sign-on without a sign-on ask");
    if (p.ask_signing->value.minor + p.signing_year2_left->minor !=
        offer.signing_year1.minor + offer.signing_year2.minor) {
      Fail("Counter's moved sign-on does not add up to the offer's");
    }
    if (p.ask_signing->value.minor <= offer.signing_year1.minor)
      Fail("Counter moves a sign-on into year one that is already paid there");
  }
  // A clawback is terms: it asks only better ones, and never for an offer without one.
  if (p.ask_clawback) {
    if (!offer.signing_clawback) Fail("Counter asks clawback terms of an offer without one");
    if (p.ask_clawback->basis != levers::ClawbackBasis::kProRata ||
        p.ask_clawback->months > offer.signing_clawback->months)
      Fail("Counter asks clawback terms no better than the offer's");
  }
  if (p.ask_options) {
    if (*p.ask_options <= 0) Fail("Counter asks for no options");
    if (!offer.equity || offer.equity->kind != levers::EquityKind::kOptions)
      Fail("Counter counts options for a grant that is not options");
  }
  (void)levers::CounterPlanText(p, true);
  (void)levers::CounterPlanJson(p, true);
  (void)levers::CounterPlanJson(p, false);
}

void CheckDiagnostics(const levers::SourceFile& file, const levers::DiagnosticSink& sink) {
  for (const levers::Diagnostic& d : sink.diagnostics()) {
    if (d.code.empty()) Fail("a diagnostic has no code");
    if (d.message.empty()) Fail("a diagnostic has no message: " + d.code);
    if (d.range.begin > d.range.end) Fail("range begins after it ends: " + d.message);
    if (d.range.end > file.text().size()) Fail("range ends past the end of the file: " + d.message);
    const levers::LineColumn lc = file.Locate(d.range.begin);
    if (lc.line < 1 || lc.column < 1) Fail("location is not 1-based: " + d.message);
    if (levers::FormatDiagnosticText(file, d).empty()) Fail("a diagnostic formats as nothing");
  }
}

void CheckAmount(const levers::Money& m, const std::string& currency, const std::string& what,
                 bool may_be_empty = false) {
  if (may_be_empty && m.currency.empty() && m.minor == 0) return;
  if (m.currency != currency) Fail(what + " is in '" + m.currency + "', not " + currency);
  if (m.minor < 0) Fail(what + " is negative");
  if (m.minor / levers::MinorPerMajor(currency) > kMaxMajor) Fail(what + " is above the limit");
}

void CheckOffer(const levers::Offer& o) {
  const std::string& c = o.currency;
  if (levers::FindCurrency(c) == nullptr) Fail("an offer in an unknown currency '" + c + "'");
  CheckAmount(o.base, c, "base");
  if (o.base.minor <= 0) Fail("base is not above zero");
  if (o.bonus_amount) CheckAmount(*o.bonus_amount, c, "bonus_amount");
  // docs/offer-format.md: a target bonus is 0% to 1000%.
  if (o.bonus_pct && (o.bonus_pct->basis_points < 0 || o.bonus_pct->basis_points > 100'000)) {
    Fail("bonus_pct outside 0..1000%");
  }
  if (o.bonus_pct && o.bonus_amount) Fail("both a bonus percentage and an amount");
  CheckAmount(o.signing_year1, c, "signing.year1", /*may_be_empty=*/true);
  CheckAmount(o.signing_year2, c, "signing.year2", /*may_be_empty=*/true);
  if (o.signing_clawback) {
    // docs/offer-format.md: 1..120 months, and only beside a sign-on.
    if (o.signing_clawback->months < 1 || o.signing_clawback->months > levers::kMaxClawbackMonths)
      Fail("a clawback outside 1..120 months");
    if (o.signing_year1.minor == 0 && o.signing_year2.minor == 0)
      Fail("a clawback without a sign-on");
    // What leaving early repays is never more than what was paid by then.
    const int64_t whole = o.signing_year1.minor + o.signing_year2.minor;
    for (int n = 0; n <= o.signing_clawback->months + 12; ++n) {
      const levers::Figure f = levers::ClawbackRepayable(o, n);
      const int64_t paid = o.signing_year1.minor + (n >= 12 ? o.signing_year2.minor : 0);
      if (f.value.minor < 0 || f.value.minor > paid || f.value.minor > whole)
        Fail("a clawback repays more than was paid by month " + std::to_string(n));
    }
    if (levers::ClawbackRepayable(o, o.signing_clawback->months + 12).value.minor != 0)
      Fail("a clawback still repays after every payment's months have ended");
  }
  if (o.refresh_per_year) CheckAmount(*o.refresh_per_year, c, "refresh.per_year");
  if (o.refresh_from_year < 1 || o.refresh_from_year > 4) Fail("refresh.from_year outside 1..4");
  CheckAmount(o.relocation, c, "relocation", /*may_be_empty=*/true);
  if (!o.equity) return;
  const levers::EquityGrant& g = *o.equity;
  const levers::VestingSchedule& s = g.schedule;
  if (s.years() < 1 || s.years() > 10)
    Fail("a schedule of " + std::to_string(s.years()) + " years");
  int64_t sum = 0;
  for (int32_t bp : s.yearly_bp) {
    if (bp < 0) Fail("a negative year in the schedule");
    sum += bp;
  }
  if (sum != 10000) Fail("a schedule adding up to " + std::to_string(sum) + " bp");
  if (s.cliff_months < 0 || s.cliff_months > s.years() * 12) Fail("a cliff outside the schedule");
  if (g.kind == levers::EquityKind::kOptions) {
    if (g.shares < 1) Fail("options without shares");
    if (!g.strike || (!g.fair_value && !g.preferred_price)) Fail("options without prices");
    for (const auto* p : {&g.strike, &g.fair_value, &g.preferred_price}) {
      if (!*p) continue;
      if ((*p)->currency != c) Fail("a price per share in another currency");
      if ((*p)->micros < 0) Fail("a negative price per share");
      if ((*p)->micros / levers::kSharePriceScale > kMaxMajor) Fail("a price above the limit");
    }
  } else {
    CheckAmount(g.value, c, "equity.value");
    if (g.value.minor <= 0) Fail("an RSU grant of no value");
  }
}

// docs/offer-format.md: the months and years add up to the grant exactly; nothing before the
// cliff.
void CheckVesting(int64_t grant, const levers::VestingSchedule& s) {
  const std::vector<int64_t> months = levers::MonthlyVests(grant, s);
  const std::vector<int64_t> years = levers::YearlyVests(grant, s);
  if (months.size() != static_cast<size_t>(s.years()) * 12) Fail("wrong number of months");
  if (years.size() != static_cast<size_t>(s.years())) Fail("wrong number of years");
  for (size_t m = 0; m < months.size(); ++m) {
    if (months[m] < 0) Fail("a month vests a negative amount");
    if (static_cast<int>(m) + 1 < s.cliff_months && months[m] != 0) {
      Fail("month " + std::to_string(m + 1) + " vests before the cliff");
    }
  }
  for (int64_t y : years) {
    if (y < 0) Fail("a year vests a negative amount");
  }
  if (std::accumulate(months.begin(), months.end(), int64_t{0}) != grant) {
    Fail("the months do not add up to the grant " + std::to_string(grant));
  }
  if (std::accumulate(years.begin(), years.end(), int64_t{0}) != grant) {
    Fail("the years do not add up to the grant " + std::to_string(grant));
  }
}

void CheckFigure(const levers::Figure& f, const std::string& currency, const std::string& what) {
  if (f.value.currency != currency) Fail(what + " is in '" + f.value.currency + "'");
  if (f.value.minor < 0) Fail(what + " is negative: " + std::to_string(f.value.minor));
  if (f.formula.empty()) Fail(what + " has no formula");
}

void CheckEvaluation(const levers::Offer& o, const levers::Evaluation& e) {
  const std::string& c = o.currency;
  if (e.years.size() != 4) Fail("an evaluation without four years");
  const levers::VestingSchedule schedule =
      o.equity ? o.equity->schedule : levers::VestingSchedule{{2500, 2500, 2500, 2500}};
  int64_t expected_grant = 0;
  if (o.equity) {
    if (!e.equity) Fail("an offer with equity evaluates without it");
    CheckFigure(e.equity->floor, c, "equity floor");
    CheckFigure(e.equity->expected, c, "equity expected");
    CheckFigure(e.equity->upside, c, "equity upside");
    if (e.equity->floor.value.minor > e.equity->expected.value.minor ||
        e.equity->expected.value.minor > e.equity->upside.value.minor) {
      Fail("equity floor <= expected <= upside does not hold");
    }
    expected_grant = e.equity->expected.value.minor;
    CheckVesting(e.equity->floor.value.minor, schedule);
    CheckVesting(expected_grant, schedule);
    CheckVesting(e.equity->upside.value.minor, schedule);
  }
  const std::vector<int64_t> vests = levers::YearlyVests(expected_grant, schedule);
  int64_t sum = 0;
  for (size_t i = 0; i < 4; ++i) {
    const levers::YearFigures& y = e.years[i];
    const std::string tag = "year " + std::to_string(i + 1) + " ";
    for (const auto& [f, name] : {std::pair{&y.base, "base"},
                                  {&y.bonus, "bonus"},
                                  {&y.signing, "signing"},
                                  {&y.relocation, "relocation"},
                                  {&y.equity_expected, "equity expected"},
                                  {&y.equity_floor, "equity floor"},
                                  {&y.equity_upside, "equity upside"},
                                  {&y.refresh, "refresh"},
                                  {&y.total_expected, "total"}}) {
      CheckFigure(*f, c, tag + name);
    }
    const int64_t vest = i < vests.size() ? vests[i] : 0;
    if (y.equity_expected.value.minor != vest) Fail(tag + "vest differs from the schedule's");
    const int64_t total = y.base.value.minor + y.bonus.value.minor + y.signing.value.minor +
                          y.equity_expected.value.minor + y.refresh.value.minor;
    if (y.total_expected.value.minor != total) Fail(tag + "total is not the sum of its parts");
    sum += total;
  }
  if (e.first_year_total.value != e.years[0].total_expected.value) {
    Fail("the first-year total is not year 1's total");
  }
  if (e.four_year_average.value.minor != sum / 4) Fail("the four-year average is not sum / 4");
  for (const levers::BandPosition& p : e.positions) {
    if (p.percentile < 0 || p.percentile > 100) Fail("a band position outside 0..100");
    if (p.formula.empty()) Fail("a band position without a formula");
  }
  (void)levers::EvaluationText(e, true);
  (void)levers::EvaluationJson(e, true);
  (void)levers::EvaluationJson(e, false);
}

void CheckFailure(const levers::Status& s, const std::string& what) {
  if (s.code() != levers::StatusCode::kInvalidArgument &&
      s.code() != levers::StatusCode::kNotFound) {
    Fail(what + " fails with an unexpected status: " + s.message());
  }
  if (s.message().empty()) Fail(what + " fails without a message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && bytes[first] == '{';
  const levers::SourceFile file(json ? "offer.json" : "offer.yaml", std::string(bytes));
  levers::DiagnosticSink sink;
  const std::optional<levers::Offer> offer = levers::ReadOffer(file, sink);
  CheckDiagnostics(file, sink);
  if (!offer) {
    if (!sink.has_errors()) Fail("ReadOffer built no offer and reported no error");
    return 0;
  }
  if (sink.has_errors()) Fail("ReadOffer built an offer despite errors");
  CheckOffer(*offer);

  const levers::ValuationAssumptions assumptions;
  levers::Result<levers::Evaluation> alone = levers::Evaluate(*offer, nullptr, assumptions);
  if (!alone.ok()) Fail("Evaluate without a guide fails: " + alone.status().message());
  CheckEvaluation(*offer, *alone);

  const levers::Guide& guide = BundledGuide();
  levers::Result<levers::Evaluation> banded = levers::Evaluate(*offer, &guide, assumptions);
  if (banded.ok()) {
    CheckEvaluation(*offer, *banded);
  } else {
    CheckFailure(banded.status(), "Evaluate against a guide");
  }

  for (const std::string& currency : {std::string(), std::string("EUR")}) {
    levers::Result<levers::Comparison> cmp =
        levers::Compare({*offer, *offer}, currency, levers::RankBy::kFourYearAverage, assumptions);
    if (!cmp.ok()) {
      CheckFailure(cmp.status(), "Compare");
      continue;
    }
    if (cmp->offers.size() != 2 || cmp->ranking.size() != 2) Fail("Compare lost an offer");
    if (cmp->offers[0].four_year_average.value != cmp->offers[1].four_year_average.value) {
      Fail("one offer compared with itself gives two values");
    }
    (void)levers::ComparisonText(*cmp, true);
    (void)levers::ComparisonJson(*cmp, true);
  }

  for (const std::vector<levers::Offer>& others :
       {std::vector<levers::Offer>{}, std::vector<levers::Offer>{Rival()}}) {
    levers::Result<levers::CounterPlan> plan = levers::Counter(*offer, guide, others, assumptions);
    if (plan.ok()) {
      CheckCounterPlan(*offer, guide, assumptions, *plan);
    } else {
      CheckFailure(plan.status(), "Counter");
    }
  }
  return 0;
}
