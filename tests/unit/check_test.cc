#include "levers/check.h"

#include <gtest/gtest.h>

#include "test_guides.h"

namespace levers {
namespace {

using testing::CleanGuide;
using testing::Codes;
using testing::ReadAndCheckText;
using testing::Replace;

TEST(CheckGuide, CleanGuideHasNoFindings) {
  auto r = ReadAndCheckText(CleanGuide());
  EXPECT_TRUE(r.sink.diagnostics().empty())
      << r.sink.diagnostics()[0].code << ": " << r.sink.diagnostics()[0].message;
}

TEST(CheckGuide, LowAboveHigh) {
  auto r = ReadAndCheckText(Replace(CleanGuide(), "    base_low: 150000", "    base_low: 290000"));
  std::vector<std::string> errors = Codes(r.sink, Severity::kError);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0], "range-order");
  EXPECT_EQ(r.sink.diagnostics()[0].message, "base_low 290000 is above base_high 190000");
}

TEST(CheckGuide, CurrencyMissingUnknownAndDiffering) {
  auto missing = ReadAndCheckText(Replace(CleanGuide(), "    currency: EUR\n", ""));
  EXPECT_EQ(Codes(missing.sink, Severity::kError), std::vector<std::string>{"currency-missing"});
  auto unknown =
      ReadAndCheckText(Replace(CleanGuide(), "    currency: EUR\n", "    currency: EUX\n"));
  EXPECT_EQ(Codes(unknown.sink, Severity::kError), std::vector<std::string>{"currency-unknown"});
  auto differ =
      ReadAndCheckText(Replace(CleanGuide(), "    currency: EUR\n", "    currency: GBP\n"));
  EXPECT_EQ(Codes(differ.sink, Severity::kError), std::vector<std::string>{"currency-mismatch"});
  auto no_symbol =
      ReadAndCheckText(Replace(CleanGuide(), "| Dublin | EUR90K–EUR120K", "| Dublin | 90K–120K"));
  EXPECT_EQ(Codes(no_symbol.sink, Severity::kError), std::vector<std::string>{"currency-missing"});
}

TEST(CheckGuide, FrontMatterAndTableDisagree) {
  auto r =
      ReadAndCheckText(Replace(CleanGuide(), "| Seattle | $150K–$190K", "| Seattle | $155K–$190K"));
  ASSERT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"fm-table-mismatch"});
  EXPECT_EQ(r.sink.diagnostics()[0].message,
            "base_low for Seattle: front matter says 150000, the table says 155000");
}

TEST(CheckGuide, TotalCompBeyondToleranceShowsTheComputedRange) {
  // Seattle high: 190000 + 200000/4 + 15% of 190000 = 268500; 300000 is 11.74% above.
  auto r = ReadAndCheckText(
      Replace(Replace(CleanGuide(), "total_comp_high: 268000", "total_comp_high: 300000"),
              "$195K–$268K", "$195K–$300K"));
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  ASSERT_EQ(Codes(r.sink, Severity::kWarning), std::vector<std::string>{"total-comp-mismatch"});
  EXPECT_EQ(r.sink.diagnostics()[0].message,
            "stated total comp high USD 300,000 is 11.74% above the USD 268,500 computed from base "
            "190000 + "
            "stock 200000/4 + bonus 15% (computed range 195000–268500, tolerance 5%)");
  // Within a 12% tolerance it is quiet.
  auto wide = testing::ReadText(
      Replace(Replace(CleanGuide(), "total_comp_high: 268000", "total_comp_high: 300000"),
              "$195K–$268K", "$195K–$300K"));
  CheckOptions o;
  o.total_comp_tolerance_bp = 1200;
  DiagnosticSink sink;
  CheckGuide(*wide.guide, o, sink);
  EXPECT_TRUE(sink.diagnostics().empty());
}

TEST(ComputeTotalComp, ExactInMinorUnits) {
  CompBand b;
  b.currency.Set("EUR", {});
  b.base_low.Set({9'000'000, "EUR"}, {});
  b.stock_low.Set({6'000'000, "EUR"}, {});
  b.bonus_pct_low.Set({750}, {});
  b.base_high.Set({12'000'001, "EUR"}, {});
  b.stock_high.Set({10'000'003, "EUR"}, {});
  b.stock_vesting_years = 3;
  ComputedTotalComp c = ComputeTotalComp(b);
  // 90000 + 60000/3 + 7.5% of 90000 = 90000 + 20000 + 6750
  EXPECT_EQ(c.low->minor, 11'675'000);
  // 120000.01 + 100000.03/3 (rounded down to the cent) + no bonus
  EXPECT_EQ(c.high->minor, 12'000'001 + 3'333'334);
}

TEST(ComputeTotalComp, BonusProductsBeyond64BitsStayExact) {
  CompBand b;
  b.base_low.Set({100'000'000'000'000, "USD"}, {});  // 10^12 dollars, the largest amount read
  b.stock_low.Set({8, "USD"}, {});
  b.bonus_pct_low.Set({100'000'000}, {});  // 10^22 before the division: past int64
  b.base_high.Set({100'000'000'000'000, "USD"}, {});
  b.stock_high.Set({8, "USD"}, {});
  b.bonus_pct_high.Set({9'999}, {});  // fits in 64 bits
  ComputedTotalComp c = ComputeTotalComp(b);
  EXPECT_EQ(c.low->minor, 1'000'000'000'000'000'000 + 100'000'000'000'000 + 2);
  EXPECT_EQ(c.low->currency, "USD");
  // 10^14 * 9999 / 10000 = 99,990,000,000,000 exactly.
  EXPECT_EQ(c.high->minor, 100'000'000'000'000 + 2 + 99'990'000'000'000);
  b.stock_high.Set({8, "EUR"}, {});  // parts in two currencies cannot be added
  EXPECT_FALSE(ComputeTotalComp(b).high);
}

TEST(CheckGuide, BonusOutsideTheTablesRange) {
  auto r = ReadAndCheckText(Replace(CleanGuide(), "    bonus_pct: 10\n    total_comp_low: 195000",
                                    "    bonus_pct: 20\n    total_comp_low: 195000"));
  EXPECT_EQ(Codes(r.sink, Severity::kWarning), std::vector<std::string>{"bonus-outside-range"});
}

TEST(CheckGuide, Dates) {
  auto impossible = ReadAndCheckText(
      Replace(CleanGuide(), "last_updated: 2026-08-01", "last_updated: 2026-02-30"));
  EXPECT_EQ(Codes(impossible.sink, Severity::kError), std::vector<std::string>{"date-invalid"});
  auto before = ReadAndCheckText(
      Replace(CleanGuide(), "next_review_due: 2026-11-01", "next_review_due: 2026-07-01"));
  EXPECT_EQ(Codes(before.sink, Severity::kError), std::vector<std::string>{"review-before-update"});
  auto overdue = ReadAndCheckText(CleanGuide(), Date{2026, 11, 23});
  EXPECT_EQ(Codes(overdue.sink, Severity::kWarning), std::vector<std::string>{"review-overdue"});
  EXPECT_EQ(overdue.sink.diagnostics()[0].message,
            "review was due 2026-11-01, 22 days before 2026-11-23");
  auto no_today = ReadAndCheckText(CleanGuide(), std::nullopt);
  EXPECT_TRUE(no_today.sink.diagnostics().empty());
}

TEST(CheckGuide, MissingFieldsAndSections) {
  auto r = ReadAndCheckText(Replace(Replace(CleanGuide(), "role_display: Software Engineer\n", ""),
                                    "#### Evidence & Sources\n"
                                    "- Levels.fyi offers for document tools companies (2026)\n"
                                    "- Glassdoor reports for Quillon Labs\n",
                                    ""));
  EXPECT_EQ(Codes(r.sink, Severity::kError),
            (std::vector<std::string>{"missing-field", "missing-section"}));
  EXPECT_EQ(r.sink.diagnostics()[0].path, "role_display");
  // Review information is recommended, not required.
  auto no_quality = ReadAndCheckText(Replace(CleanGuide(), "data_quality: medium\n", ""));
  EXPECT_TRUE(Codes(no_quality.sink, Severity::kError).empty());
  EXPECT_EQ(Codes(no_quality.sink, Severity::kWarning),
            std::vector<std::string>{"review-info-missing"});
  // A bad date is reported once, not again as missing.
  auto bad_date = ReadAndCheckText(
      Replace(CleanGuide(), "last_updated: 2026-08-01", "last_updated: 2026-13-01"));
  EXPECT_EQ(Codes(bad_date.sink, Severity::kError), std::vector<std::string>{"date-invalid"});
  EXPECT_TRUE(Codes(bad_date.sink, Severity::kWarning).empty());
}

TEST(CheckGuide, ZeroVestingYearsIsAnErrorNotACrash) {
  auto fm = ReadAndCheckText(Replace(CleanGuide(), "role_type: standard\n",
                                     "role_type: standard\nstock_vesting_years: 0\n"));
  EXPECT_EQ(Codes(fm.sink, Severity::kError), std::vector<std::string>{"amount-invalid"});
  auto table = ReadAndCheckText(Replace(testing::kBody, "Stock (RSU/4yr)", "Stock (RSU/0yr)"));
  EXPECT_EQ(Codes(table.sink, Severity::kError), std::vector<std::string>{"amount-invalid"});
  EXPECT_EQ(table.guide->table_bands[0].stock_vesting_years,
            4);  // reported, and the rules use the default
  auto ten = ReadAndCheckText(Replace(testing::kBody, "Stock (RSU/4yr)", "Stock (RSU/10yr)"));
  EXPECT_EQ(ten.guide->table_bands[0].stock_vesting_years, 10);
}

TEST(CheckGuide, YenAmountsWithoutSymbolTakeTheRowsCurrencyExactly) {
  auto r =
      ReadAndCheckText(Replace(Replace(CleanGuide(), "    base_low: 90000\n", "    base_low: 9M\n"),
                               "currency: EUR", "currency: JPY"));
  ASSERT_TRUE(r.guide);
  EXPECT_EQ(r.guide->front_matter_bands[1].base_low->minor, 9'000'000);  // yen have no minor unit
  EXPECT_EQ(r.guide->front_matter_bands[1].base_low->currency, "JPY");
}

TEST(CheckGuide, StrategyAgainstTheBand) {
  auto above = ReadAndCheckText(Replace(CleanGuide(), "I need $185K base, $190K equity/4yr",
                                        "I need $195K base, $190K equity/4yr"));
  EXPECT_EQ(Codes(above.sink, Severity::kWarning), std::vector<std::string>{"ask-outside-band"});
  auto floor_high =
      ReadAndCheckText(Replace(CleanGuide(), "My floor is $170K", "My floor is $188K"));
  EXPECT_EQ(Codes(floor_high.sink, Severity::kError), std::vector<std::string>{"floor-above-ask"});
  EXPECT_EQ(Codes(floor_high.sink, Severity::kWarning),
            (std::vector<std::string>{"competing-below-floor", "competing-below-floor"}));
  auto floor_low =
      ReadAndCheckText(Replace(CleanGuide(), "My floor is $170K", "My floor is $140K"));
  EXPECT_EQ(Codes(floor_low.sink, Severity::kWarning),
            std::vector<std::string>{"floor-below-band"});
}

TEST(CheckGuide, UnknownKeysWarnNeverFail) {
  auto r = ReadAndCheckText(
      Replace(CleanGuide(), "role_type: standard\n", "role_type: standard\nteam_size: 9\n"));
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  EXPECT_EQ(Codes(r.sink, Severity::kWarning), std::vector<std::string>{"unknown-key"});
}

TEST(CheckCorpus, TwoGuidesForOneCompanyAndRole) {
  auto a = testing::ReadText(CleanGuide(), "a.md");
  auto b = testing::ReadText(CleanGuide(), "b.md");
  DiagnosticSink sa, sb;
  CheckCorpus({&*a.guide, &*b.guide}, {&sa, &sb});
  EXPECT_TRUE(sa.diagnostics().empty());
  ASSERT_EQ(Codes(sb, Severity::kError), std::vector<std::string>{"duplicate-guide"});
  EXPECT_NE(sb.diagnostics()[0].message.find("the first is a.md"), std::string::npos);
}

}  // namespace
}  // namespace levers
