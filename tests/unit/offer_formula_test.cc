// The money in --explain formulas: every amount a formula names carries its
// currency and is grouped as the figure it explains is (FormatMoney), in the
// currency's own minor digits (none for JPY) and, for rupees, in lakhs. Every
// expected figure is computed by hand in the comment beside it.
#include <gtest/gtest.h>

#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "test_guides.h"
#include "test_offers.h"

namespace levers {
namespace {

using testing::MustReadOffer;

// The clean test guide with two more regions: Tokyo (JPY base 10,000,000–
// 14,000,000, stock 4,000,000–8,000,000) and Bangalore (INR base 40,00,000–
// 60,00,000, stock 20,00,000–40,00,000), each stock over 4 years.
Guide TokyoBangaloreGuide() {
  const std::string text = testing::Replace(testing::CleanGuide(), "level_mapping:\n",
                                            "  - region: Tokyo\n"
                                            "    base_low: 10000000\n"
                                            "    base_high: 14000000\n"
                                            "    stock_low: 4000000\n"
                                            "    stock_high: 8000000\n"
                                            "    currency: JPY\n"
                                            "  - region: Bangalore\n"
                                            "    base_low: 4000000\n"
                                            "    base_high: 6000000\n"
                                            "    stock_low: 2000000\n"
                                            "    stock_high: 4000000\n"
                                            "    currency: INR\n"
                                            "level_mapping:\n");
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(SourceFile("guide.md", text), sink);
  EXPECT_TRUE(g);
  return g ? *g : Guide{};
}

constexpr char kQuillonHead[] = "company: Quillon Labs\nrole: Software Engineer\n";

// Yen have no minor unit: no amount shows one, and a rounded product says it
// was rounded to the unit.
TEST(ExplainMoney, EvaluateInYen) {
  auto ev = Evaluate(MustReadOffer("company: Q\ncurrency: JPY\nbase: 12000000\nbonus: 15%\n"
                                   "signing: 1000000\n"
                                   "equity: {kind: private_rsu, value: 8000001, vesting: "
                                   "5/15/40/40}\n"),
                     nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Bonus 12,000,000 × 15% = 1,800,000.
  EXPECT_EQ(ev->years[0].bonus.formula, "JPY 12,000,000 × 15% target");
  // Expected grant 8,000,001 × 70% = 5,600,000.7, down to 5,600,000; upside × 3 =
  // 24,000,003.
  EXPECT_EQ(ev->equity->expected.formula,
            "JPY 8,000,001 × (1 − 30% liquidity discount) (rounded down to the unit)");
  EXPECT_EQ(ev->equity->upside.formula, "JPY 8,000,001 × 3");
  EXPECT_EQ(ev->equity->floor.formula, "private shares may never be sold: floor JPY 0");
  // Year 1 vests 5%: 280,000 expected; 24,000,003 × 5% = 1,200,000.15 upside, down
  // to 1,200,000.
  EXPECT_EQ(ev->years[0].equity_expected.formula,
            "5% of the grant vests in year 1: JPY 5,600,000 × 5% (expected value)");
  EXPECT_EQ(ev->years[0].equity_floor.formula,
            "5% of the grant vests in year 1: JPY 0 × 5% (floor value)");
  EXPECT_EQ(ev->years[0].equity_upside.formula,
            "5% of the grant vests in year 1: JPY 24,000,003 × 5% = JPY 1,200,000 (the schedule "
            "to date rounded down to the unit, less the years before: the years add up to the "
            "grant) (upside value)");
  // 12,000,000 + 1,800,000 + 1,000,000 + 280,000 = 15,080,000.
  EXPECT_EQ(ev->years[0].total_expected.formula,
            "base JPY 12,000,000 + bonus JPY 1,800,000 + sign-on JPY 1,000,000 + equity JPY "
            "280,000");
  EXPECT_EQ(ev->first_year_total.formula,
            "year 1: base JPY 12,000,000 + bonus JPY 1,800,000 + sign-on JPY 1,000,000 + equity "
            "JPY 280,000");
  // Years 2–4: 13,800,000 + 840,000, + 2,240,000 twice; the sum 61,800,000 / 4 =
  // 15,450,000 = 13,800,000 + (1,000,000 + 5,600,000) / 4.
  EXPECT_EQ(ev->four_year_average.formula,
            "(JPY 15,080,000 + JPY 14,640,000 + JPY 16,040,000 + JPY 16,040,000) / 4 = base JPY "
            "12,000,000 + bonus JPY 1,800,000 + (sign-on JPY 1,000,000 + JPY 0 + vest JPY "
            "280,000 + JPY 840,000 + JPY 2,240,000 + JPY 2,240,000) / 4 = JPY 15,450,000");
  // The text report prints the same formulas under the figures.
  const std::string text = EvaluationText(*ev, true);
  EXPECT_NE(text.find("  total (expected): JPY 15,080,000\n"
                      "      = base JPY 12,000,000 + bonus JPY 1,800,000 + sign-on JPY 1,000,000 "
                      "+ equity JPY 280,000\n"),
            std::string::npos)
      << text;
}

// Rupees are grouped in lakhs inside formulas as in the figures, with their
// paise when an amount has them; the band positions too.
TEST(ExplainMoney, EvaluateInRupeesAgainstARupeeBand) {
  const Guide g = TokyoBangaloreGuide();
  auto ev = Evaluate(MustReadOffer(std::string(kQuillonHead) +
                                   "region: Bangalore\ncurrency: INR\ndate: 2025-05-09\n"
                                   "base: 4500000\nbonus: 10%\n"
                                   "equity: {kind: private_rsu, value: 2000000.50}\n"),
                     &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->years[0].bonus.formula, "INR 45,00,000 × 10% target");
  // 2,000,000.50 × 70% = 1,400,000.35 exactly.
  EXPECT_EQ(ev->equity->expected.formula, "INR 20,00,000.50 × (1 − 30% liquidity discount)");
  // A quarter of 1,400,000.35 is 350,000.0875: the first 12 of 48 months vest
  // 350,000.08.
  EXPECT_EQ(ev->years[0].equity_expected.formula,
            "25% of the grant vests in year 1: INR 14,00,000.35 × 25% = INR 3,50,000.08 (the "
            "schedule to date rounded down to the paisa, less the years before: the years add up "
            "to the grant) (expected value)");
  EXPECT_EQ(ev->years[0].total_expected.formula,
            "base INR 45,00,000 + bonus INR 4,50,000 + equity INR 3,50,000.08");
  ASSERT_EQ(ev->positions.size(), 2u);
  // 25 + 500,000 / 2,000,000 × 50 = 37.5 → p38; 25 + 0.50 / 2,000,000 × 50 → p25.
  EXPECT_EQ(ev->positions[0].formula,
            "25 + (INR 45,00,000 − INR 40,00,000) / (INR 60,00,000 − INR 40,00,000) × 50 = 38 "
            "(rounded half up)");
  EXPECT_EQ(ev->positions[1].formula,
            "25 + (INR 20,00,000.50 − INR 20,00,000) / (INR 40,00,000 − INR 20,00,000) × 50 = 25 "
            "(rounded half up)");
}

// Offers compared in yen: each converted offer's formulas are in yen, the
// currency they were converted into, and its conversions name both sides.
TEST(ExplainMoney, CompareConvertedIntoYen) {
  auto c = Compare({MustReadOffer("label: Paris\ncurrency: EUR\ndate: 2025-05-09\nbase: 100000\n"
                                  "bonus: 10%\nequity: {kind: public_rsu, value: 40000}\n"),
                    MustReadOffer("label: Bangalore\ncurrency: INR\ndate: 2025-05-09\n"
                                  "base: 4800000\n")},
                   "JPY", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // EUR 100,000 × 163.36 = JPY 16,336,000; its 10% bonus 1,633,600; the grant EUR
  // 40,000 = JPY 6,534,400, a quarter 1,633,600 a year. Year totals 19,603,200.
  const Evaluation& paris = c->offers[0];
  EXPECT_EQ(paris.years[0].bonus.formula, "JPY 16,336,000 × 10% target");
  EXPECT_EQ(paris.years[0].equity_expected.formula,
            "25% of the grant vests in year 1: JPY 6,534,400 × 25% (expected value)");
  EXPECT_EQ(paris.years[0].total_expected.formula,
            "base JPY 16,336,000 + bonus JPY 1,633,600 + equity JPY 1,633,600");
  EXPECT_EQ(paris.four_year_average.formula,
            "(JPY 19,603,200 + JPY 19,603,200 + JPY 19,603,200 + JPY 19,603,200) / 4 = base JPY "
            "16,336,000 + bonus JPY 1,633,600 + (vest JPY 1,633,600 + JPY 1,633,600 + JPY "
            "1,633,600 + JPY 1,633,600) / 4 = JPY 19,603,200");
  // INR 4,800,000 ÷ 96.0755 × 163.36 = 8,161,581.26, rounded to JPY 8,161,581.
  EXPECT_EQ(c->offers[1].years[0].total_expected.formula, "base JPY 8,161,581");
  EXPECT_EQ(c->conversions,
            (std::vector<std::string>{
                "Paris base: EUR 100,000 × 163.36 JPY/EUR (ECB 2025-05-09) = JPY 16,336,000",
                "Paris equity: EUR 40,000 × 163.36 JPY/EUR (ECB 2025-05-09) = JPY 6,534,400",
                "Bangalore base: INR 48,00,000 ÷ 96.0755 INR/EUR × 163.36 JPY/EUR (ECB "
                "2025-05-09) ≈ JPY 8,161,581"}));
  const std::string text = ComparisonText(*c, true);
  EXPECT_NE(text.find("\nParis:\n  year 1 total: JPY 19,603,200\n"
                      "      = base JPY 16,336,000 + bonus JPY 1,633,600 + equity JPY 1,633,600\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nBangalore:\n  year 1 total: JPY 8,161,581\n      = base JPY 8,161,581\n"),
            std::string::npos)
      << text;
}

// Options converted into another currency are valued from their converted
// totals, which the formula names in that currency; in their own currency
// the prices are named per share.
TEST(ExplainMoney, CompareOptionsConvertedAsTotals) {
  const std::string options =
      "label: Options\ncurrency: USD\ndate: 2025-05-09\nbase: 100000\n"
      "equity: {kind: options, shares: 10000, strike: 1, fair_value: 5}\n";
  auto c = Compare({MustReadOffer("label: Paris\ncurrency: EUR\ndate: 2025-05-09\nbase: 100000\n"),
                    MustReadOffer(options)},
                   "EUR", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // USD 50,000 ÷ 1.1252 = EUR 44,436.54 and USD 10,000 ÷ 1.1252 = EUR 8,887.31.
  const EquityValue& eq = *c->offers[1].equity;
  EXPECT_EQ(eq.expected.formula,
            "(EUR 44,436.54 − EUR 8,887.31) × (1 − 30% liquidity discount) (rounded down to the "
            "cent, once)");
  EXPECT_EQ(eq.upside.formula,
            "(EUR 44,436.54 × 3 − EUR 8,887.31) (rounded down to the cent, once)");
  EXPECT_EQ(eq.floor.formula, "options can expire worthless: floor EUR 0");

  auto own = Evaluate(MustReadOffer(options), nullptr, {});
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->equity->expected.formula,
            "10,000 × (USD 5.00 − USD 1.00) × (1 − 30% liquidity discount) (rounded down to the "
            "cent, once)");
  EXPECT_EQ(own->equity->upside.formula,
            "10,000 × (USD 5.00 × 3 − USD 1.00) (rounded down to the cent, once)");
}

// A counter plan in yen: the band, the rounding steps, the options count and
// the year-one top-up all in yen, without minor digits.
TEST(ExplainMoney, CounterInYen) {
  const Guide g = TokyoBangaloreGuide();
  auto plan = Counter(
      MustReadOffer(
          std::string(kQuillonHead) +
          "region: Tokyo\ncurrency: JPY\ndate: 2025-05-09\nbase: 11000000\nbonus: 10%\n"
          "equity: {kind: options, shares: 10000, strike: 100, preferred_price: 500, vesting: "
          "5/15/40/40}\n"),
      g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // 10,000,000 + 90% × 4,000,000 = 13,600,000, a round thousand.
  EXPECT_EQ(plan->ask_base.value, (Money{13'600'000, "JPY"}));
  EXPECT_EQ(plan->ask_base.formula,
            "band low JPY 10,000,000 + 90% × (JPY 14,000,000 − JPY 10,000,000) = JPY "
            "13,600,000, rounded up to a multiple of JPY 1,000 but not past the band top JPY "
            "14,000,000, never below the offered base JPY 11,000,000");
  // 4,000,000 + 90% × 4,000,000 = 7,600,000; the offer's grant at the spread is
  // 10,000 × 400 = 4,000,000.
  EXPECT_EQ(plan->ask_equity.formula,
            "stock band low JPY 4,000,000 + 90% × (JPY 8,000,000 − JPY 4,000,000), rounded up "
            "to a multiple of JPY 1,000 but not past the band top, never below the offer (JPY "
            "4,000,000); a grant over 4 years");
  // 7,600,000 ÷ 400 = 19,000 options.
  EXPECT_EQ(plan->ask_options, 19'000);
  EXPECT_EQ(plan->ask_options_formula,
            "the asked grant JPY 7,600,000 over 4 years ÷ the spread JPY 400 a share (preferred "
            "price JPY 500 − strike JPY 100), rounded up to a whole option");
  // The midpoint, 12,000,000.
  EXPECT_EQ(plan->floor_base.formula,
            "band midpoint JPY 12,000,000, rounded to the nearest multiple of JPY 1,000 (JPY "
            "500 up), never below the offered base JPY 11,000,000 nor above the ask");
  // No rival: 10% of 13,600,000 = 1,360,000, a multiple of 5,000.
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->formula,
            "max(year-one gap JPY 0, 10% of the asked base JPY 1,360,000), rounded up to a "
            "multiple of JPY 5,000 (from JPY 50,000)");
  // 7,600,000 × (25% − 5%) = 1,520,000, valued as the asked options are (as
  // private RSUs at the spread): × (1 − 30%) = 1,064,000.
  ASSERT_TRUE(plan->year_one_top_up);
  EXPECT_EQ(plan->year_one_top_up->value, (Money{1'064'000, "JPY"}));
  EXPECT_EQ(plan->year_one_top_up->formula,
            "year one vests 5% of the grant, under an even 25% a year over 4 years; ask for 25%, "
            "or as cash (JPY 7,600,000 × (25% − 5%) = JPY 1,520,000) × (1 − 30% liquidity "
            "discount)");
  // The offer's own options: 4,000,000 × 70% = 2,800,000.
  EXPECT_EQ(plan->offer.equity->expected.formula,
            "10,000 × (JPY 500 − JPY 100) × (1 − 30% liquidity discount) (rounded down to the "
            "unit, once)");
  const std::string text = CounterPlanText(*plan, true);
  EXPECT_NE(text.find("  ask: base: JPY 13,600,000\n      = band low JPY 10,000,000 + 90% × "
                      "(JPY 14,000,000 − JPY 10,000,000) = JPY 13,600,000, rounded up"),
            std::string::npos)
      << text;
}

// A counter plan in rupees against a rival: the best competing base, the
// floor from the weakest, the sign-on's gap and the walk-away, in lakhs.
TEST(ExplainMoney, CounterInRupees) {
  const Guide g = TokyoBangaloreGuide();
  auto plan =
      Counter(MustReadOffer(std::string(kQuillonHead) +
                            "region: Bangalore\ncurrency: INR\ndate: 2025-05-09\nbase: 4500000\n"
                            "bonus: 10%\nequity: {kind: public_rsu, value: 2000000}\n"),
              g,
              {MustReadOffer("label: Rival\ncurrency: INR\ndate: 2025-05-09\nbase: 5850500\n"
                             "equity: {kind: public_rsu, value: 4000000}\n")},
              {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // The band's 90% point 4,000,000 + 90% × 2,000,000 = 5,800,000; the rival's
  // 5,850,500 is higher and within the band, rounded up to 5,851,000.
  EXPECT_EQ(plan->ask_base.value, (Money{585'100'000, "INR"}));
  EXPECT_EQ(
      plan->ask_base.formula,
      "max(band low INR 40,00,000 + 90% × (INR 60,00,000 − INR 40,00,000) = INR 58,00,000, "
      "best competing base INR 58,50,500 (Rival) capped at the band top), rounded up to a "
      "multiple of INR 1,000 but not past the band top INR 60,00,000, never below the offered "
      "base INR 45,00,000");
  ASSERT_FALSE(plan->levers.empty());
  EXPECT_EQ(plan->levers[0].what, "base");
  EXPECT_NE(plan->levers[0].reason.find(
                "the ask is INR 58,51,000 (that base rounded up to a multiple of INR 1,000)"),
            std::string::npos)
      << plan->levers[0].reason;
  // 95% of 5,850,500 = 5,557,975, above the midpoint 5,000,000; to the nearest
  // thousand, 5,558,000.
  EXPECT_EQ(plan->floor_base.value, (Money{555'800'000, "INR"}));
  EXPECT_EQ(plan->floor_base.formula,
            "max(band midpoint INR 50,00,000, 95% of the weakest competing base INR 58,50,500 "
            "(Rival)), rounded to the nearest multiple of INR 1,000 (INR 500 up), never below the "
            "offered base INR 45,00,000 nor above the ask");
  // 2,000,000 + 90% × 2,000,000 = 3,800,000.
  EXPECT_EQ(plan->ask_equity.formula,
            "stock band low INR 20,00,000 + 90% × (INR 40,00,000 − INR 20,00,000), rounded up "
            "to a multiple of INR 1,000 but not past the band top, never below the offer (INR "
            "20,00,000); a grant over 4 years");
  // Asked year one 5,851,000 + 585,100 + 3,800,000 / 4 = 7,386,100, above the
  // rival's 5,850,500 + 1,000,000 = 6,850,500: the sign-on is 10% of the base,
  // 585,100, rounded up to 590,000.
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{59'000'000, "INR"}));
  EXPECT_EQ(plan->ask_signing->formula,
            "max(year-one gap INR 0 (Rival's first year INR 68,50,500 − the asked year one INR "
            "73,86,100: base INR 58,51,000 + bonus INR 5,85,100 + equity INR 9,50,000; none), 10% "
            "of the asked base INR 5,85,100), rounded up to a multiple of INR 5,000 (from INR "
            "50,000)");
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->first_year.formula,
            "Rival's first year, year 1: base INR 58,50,500 + equity INR 10,00,000; where equity "
            "INR 10,00,000 = 25% of the grant vests in year 1: INR 40,00,000 × 25% (expected "
            "value)");
}

}  // namespace
}  // namespace levers
