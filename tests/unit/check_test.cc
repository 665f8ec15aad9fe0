#include "levers/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "check/data_dates.h"
#include "levers/render.h"
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
  EXPECT_EQ(r.sink.diagnostics()[0].message, "base_low USD 290,000 is above base_high USD 190,000");
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
            "base_low for Seattle: front matter says USD 150,000, the table says USD 155,000");
}

// A Stock cell may say the grant is not stated ("—"): clean when the front
// matter states none either, fm-table-mismatch when it states one.
TEST(CheckGuide, AStockCellThatSaysNotStated) {
  const std::string no_stock =
      Replace(Replace(CleanGuide(), "    stock_low: 120000\n    stock_high: 200000\n", ""),
              "| Seattle | $150K–$190K | $120K–$200K |", "| Seattle | $150K–$190K | — |");
  auto clean = ReadAndCheckText(no_stock);
  EXPECT_TRUE(Codes(clean.sink, Severity::kError).empty()) << clean.sink.diagnostics()[0].message;
  auto stated = ReadAndCheckText(Replace(CleanGuide(), "| Seattle | $150K–$190K | $120K–$200K |",
                                         "| Seattle | $150K–$190K | — |"));
  EXPECT_EQ(
      testing::Findings(stated, "fm-table-mismatch"),
      std::vector<std::string>{"44:27 compensation[0].stock_low: stock for Seattle: front matter "
                               "says USD 120,000 to 200,000, the table says it is not stated"});
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
            "USD 190,000 + stock USD 200,000/4 + bonus 15% (computed range USD 195,000–268,500, "
            "tolerance 5%)");
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

TEST(CheckGuide, LevelMappingRolesThatCannotBeReadAreReportedWhereTheyAre) {
  // The front matter and the body write the same mapping: one finding per role.
  std::string text = CleanGuide();
  text = Replace(text, "raw: Quillon Labs SWE = Google L4 = Meta E4",
                 "raw: Quillon Labs SWE = Google L4 - L5 = Meta E5+ = Stripe L3-2");
  text = Replace(text, "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta E4",
                 "**Level Mapping:** Quillon Labs SWE = Google L4 - L5 = Meta E5+ = Stripe L3-2");
  auto r = ReadAndCheckText(text);
  std::vector<const Diagnostic*> found;
  for (const Diagnostic& d : r.sink.diagnostics()) {
    if (d.code == "level-unread") found.push_back(&d);
  }
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->severity, Severity::kWarning);
  EXPECT_EQ(found[0]->path, "level_mapping.equivalents[2]");
  EXPECT_EQ(found[0]->message,
            "'Meta E5+': the level 'E5+' is open-ended: write one level or a range with both "
            "ends, such as E5-E6; this role is left out of level matching");
  const std::string_view raw_line = "  raw: Quillon Labs SWE = Google L4 - L5 = ";
  const LineColumn at = r.file.Locate(found[0]->range.begin);
  EXPECT_EQ(r.file.text().substr(found[0]->range.begin, 8), "Meta E5+");
  EXPECT_EQ(at.column, raw_line.size() + 1);
  EXPECT_EQ(found[1]->message,
            "'Stripe L3-2': the level range L3-L2 runs backwards: write the lower level first; "
            "this role is left out of level matching");

  // A body line that differs from the front matter's is looked at too.
  text = Replace(CleanGuide(), "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta E4",
                 "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta IC4-E5");
  auto body = ReadAndCheckText(text);
  ASSERT_EQ(Codes(body.sink, Severity::kWarning), std::vector<std::string>{"level-unread"});
  const Diagnostic& d = body.sink.diagnostics().back();
  EXPECT_EQ(body.file.text().substr(d.range.begin, d.range.end - d.range.begin), "Meta IC4-E5");
  EXPECT_EQ(body.file.Locate(d.range.begin).line, 52u);  // the body's line
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
  // The high end's bonus is not stated while the low end's is: its total is unknown.
  EXPECT_FALSE(c.high);
  // No bonus stated at all: 120000.01 + 100000.03/3 (rounded down to the cent).
  b.bonus_pct_low = {};
  c = ComputeTotalComp(b);
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
  EXPECT_EQ(testing::Findings(r, "bonus-outside-range"),
            std::vector<std::string>{"17:16 compensation[0].bonus_pct: front matter bonus_pct 20% "
                                     "for Seattle is outside the table's range 10%–15%"});
}

// A Bonus cell of one figure and bonus_pct are the same figure stated twice:
// when they differ that is fm-table-mismatch, not a target outside a range "10%–10%".
TEST(CheckGuide, BonusPctAgainstATableBonusOfOneFigure) {
  auto differ =
      ReadAndCheckText(Replace(CleanGuide(), "| $120K–$200K | 10–15% |", "| $120K–$200K | 15% |"));
  EXPECT_TRUE(Codes(differ.sink, Severity::kWarning).empty());
  EXPECT_EQ(testing::Findings(differ, "fm-table-mismatch"),
            std::vector<std::string>{"44:41 compensation[0].bonus_pct: bonus_pct for Seattle: "
                                     "front matter says 10%, the table says 15%"});
  auto same =
      ReadAndCheckText(Replace(CleanGuide(), "| $120K–$200K | 10–15% |", "| $120K–$200K | 10% |"));
  EXPECT_TRUE(same.sink.diagnostics().empty()) << same.sink.diagnostics()[0].message;
}

// A region stated twice in the same part is region-duplicate at the second,
// naming the first by its line; it is not region-unmatched, since the other part has it.
// A region really missing from the other part still is.
TEST(CheckGuide, RegionsStatedTwice) {
  const std::string seattle_row =
      "| Seattle | $150K–$190K | $120K–$200K | 10–15% | $195K–$268K |\n";
  const std::string again =
      seattle_row + "| seattle  | $150K–$190K | $120K–$200K | 10–15% | $195K–$268K |\n";
  auto table = ReadAndCheckText(Replace(CleanGuide(), seattle_row, again));
  EXPECT_EQ(testing::Findings(table, "region-duplicate"),
            std::vector<std::string>{
                "45:3 table[1].region: region 'seattle' is stated twice in the pay table: line 44 "
                "gives it already; keep one row per region"});
  EXPECT_TRUE(testing::Findings(table, "region-unmatched").empty());
  // A guide not read from a file has no lines: the first is named by its place.
  Guide built = *table.guide;
  for (CompBand& b : built.table_bands) b.region_line = 0;
  DiagnosticSink built_sink;
  CheckGuide(built, CheckOptions{}, built_sink);
  std::vector<std::string> built_messages;
  for (const Diagnostic& d : built_sink.diagnostics())
    if (d.code == "region-duplicate") built_messages.push_back(d.message);
  EXPECT_EQ(built_messages, std::vector<std::string>{
                                "region 'seattle' is stated twice in the pay table: row 1 gives it "
                                "already; keep one row per region"});
  auto body_only = ReadAndCheckText(Replace(testing::kBody, seattle_row, again));
  EXPECT_EQ(testing::Findings(body_only, "region-duplicate"),
            std::vector<std::string>{
                "8:3 table[1].region: region 'seattle' is stated twice in the pay table: line 7 "
                "gives it already; keep one row per region"});
  auto front_matter = ReadAndCheckText(
      Replace(CleanGuide(), "level_mapping:\n",
              "  - region: Seattle\n    currency: USD\n    base_low: 150000\n    base_high: "
              "190000\nlevel_mapping:\n"));
  EXPECT_EQ(Codes(front_matter.sink, Severity::kError),
            std::vector<std::string>{"region-duplicate"});
  EXPECT_EQ(testing::Findings(front_matter, "region-duplicate"),
            std::vector<std::string>{
                "30:13 compensation[2].region: region 'Seattle' is stated twice in the front "
                "matter: line 12 gives it already; keep one entry per region"});
  EXPECT_TRUE(testing::Findings(front_matter, "region-unmatched").empty());
  // Both on one line (flow style): the first is named by line and column.
  const size_t fm_begin = CleanGuide().find("compensation:\n");
  const size_t fm_end = CleanGuide().find("level_mapping:\n");
  auto flow = ReadAndCheckText(CleanGuide().replace(
      fm_begin, fm_end - fm_begin,
      "compensation: [{region: Seattle, base_low: 1, base_high: 2, currency: USD}, {region: "
      "Seattle, base_low: 1, base_high: 2, currency: USD}]\n"));
  EXPECT_EQ(testing::Findings(flow, "region-duplicate"),
            std::vector<std::string>{
                "11:86 compensation[1].region: region 'Seattle' is stated twice in the front "
                "matter: line 11, column 25 gives it already; keep one entry per region"});
  auto missing = ReadAndCheckText(
      Replace(Replace(CleanGuide(), "  - region: Dublin\n", "  - region: Seattle\n"), "| Dublin |",
              "| Cork |"));
  EXPECT_EQ(testing::Findings(missing, "region-unmatched"),
            std::vector<std::string>{"45:3 table[1].region: region 'Cork' is in the pay table but "
                                     "not in the front matter"});
  EXPECT_EQ(testing::Findings(missing, "region-duplicate").size(), 1u);
  // Past 32 rows the names are compared through a map: the same answer.
  std::string rows;
  for (int i = 1; i <= 40; ++i) {
    rows +=
        "| City " + std::to_string(i) + " | $150K–$190K | $120K–$200K | 10–15% | $195K–$268K |\n";
  }
  rows += "| city  4 | $150K–$190K | $120K–$200K | 10–15% | $195K–$268K |\n";
  auto many = ReadAndCheckText(Replace(testing::kBody, seattle_row, rows));
  EXPECT_EQ(testing::Findings(many, "region-duplicate"),
            std::vector<std::string>{
                "47:3 table[40].region: region 'city  4' is stated twice in the pay table: line 10 "
                "gives it already; keep one row per region"});
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

// Vesting years stated by the front matter and by the table header are both
// compared and both used: a header's years are not lost behind the default 4.
TEST(CheckGuide, VestingYearsFrontMatterAgainstTableHeader) {
  const std::string three = Replace(CleanGuide(), "    stock_high: 200000\n",
                                    "    stock_high: 200000\n    stock_vesting_years: 3\n");
  auto r = ReadAndCheckText(three);
  ASSERT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"fm-table-mismatch"});
  const Diagnostic* d = nullptr;
  for (const Diagnostic& x : r.sink.diagnostics()) {
    if (x.code == "fm-table-mismatch") d = &x;
  }
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->message,
            "stock_vesting_years for Seattle: front matter says 3, the table header says 4");
  EXPECT_EQ(d->path, "compensation[0].stock_vesting_years");
  EXPECT_EQ(d->range.begin, three.find("Stock (RSU/4yr)"));
  // The front matter's stated years win in the merged band.
  const std::vector<ResolvedBand> bands = ResolveCompensation(*r.guide);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].band.stock_vesting_years, 3);
  EXPECT_TRUE(bands[0].band.stock_vesting_years_stated);
  EXPECT_EQ(bands[1].band.stock_vesting_years, 4);

  // A stated 4 is a statement too: it disagrees with a 2-year header.
  auto four =
      ReadAndCheckText(Replace(Replace(CleanGuide(), "    stock_high: 200000\n",
                                       "    stock_high: 200000\n    stock_vesting_years: 4\n"),
                               "Stock (RSU/4yr)", "Stock (RSU/2yr)"));
  std::vector<std::string> messages;
  for (const Diagnostic& x : four.sink.diagnostics()) {
    if (x.code == "fm-table-mismatch") messages.push_back(x.message);
  }
  EXPECT_EQ(messages,
            std::vector<std::string>{
                "stock_vesting_years for Seattle: front matter says 4, the table header says 2"});

  // The same years in both places, here as the top-level default: no finding.
  auto same = ReadAndCheckText(
      Replace(CleanGuide(), "compensation:\n", "stock_vesting_years: 4\ncompensation:\n"));
  EXPECT_TRUE(same.sink.diagnostics().empty()) << same.sink.diagnostics()[0].message;
}

TEST(CheckGuide, TableHeaderVestingYearsReplaceTheDefault) {
  // No stock_vesting_years in the front matter; the header says 2 years.
  auto r = ReadAndCheckText(Replace(CleanGuide(), "Stock (RSU/4yr)", "Stock (RSU/2yr)"));
  const std::vector<ResolvedBand> bands = ResolveCompensation(*r.guide);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].band.stock_vesting_years, 2);
  EXPECT_EQ(bands[1].band.stock_vesting_years, 2);
  EXPECT_TRUE(bands[0].band.stock_vesting_years_stated);
  EXPECT_FALSE(r.guide->front_matter_bands[0].stock_vesting_years_stated);
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  // The total comp check divides by 2. Seattle high: 190000 + 200000/2 + 15% of
  // 190000 = 318500, against 268000 stated: 50500 / 318500 = 15.86% (rounded up).
  std::vector<std::string> tc;
  for (const Diagnostic& x : r.sink.diagnostics()) {
    if (x.code == "total-comp-mismatch") tc.push_back(x.message);
  }
  ASSERT_FALSE(tc.empty());
  EXPECT_NE(std::find(tc.begin(), tc.end(),
                      "stated total comp high USD 268,000 is 15.86% below the USD 318,500 computed "
                      "from base USD 190,000 + stock USD 200,000/2 + bonus 15% (computed range "
                      "USD 225,000–318,500, "
                      "tolerance 5%)"),
            tc.end())
      << tc[0];
}

TEST(NewestDataDate, YearsQuartersMonthsAndDays) {
  using internal::NewestDataDate;
  auto range = NewestDataDate("Levels.fyi offers (2025-2026)");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->text, "2026");
  EXPECT_EQ(range->begin, 24u);
  EXPECT_EQ(range->end, 28u);
  EXPECT_EQ(range->from, (Date{2026, 1, 1}));
  // The most specific reading of a year, and the latest period of the text.
  auto quarter = NewestDataDate("Survey of 2025, refreshed Q3 2025");
  ASSERT_TRUE(quarter);
  EXPECT_EQ(quarter->text, "Q3 2025");
  EXPECT_EQ(quarter->begin, 26u);
  EXPECT_EQ(quarter->from, (Date{2025, 7, 1}));
  EXPECT_EQ(NewestDataDate("Pave 2025-Q4 export")->from, (Date{2025, 10, 1}));
  EXPECT_EQ(NewestDataDate("Pave 2025 Q2")->text, "2025 Q2");
  EXPECT_EQ(NewestDataDate("Carta, March 2026")->text, "March 2026");
  EXPECT_EQ(NewestDataDate("Carta, March 2026")->from, (Date{2026, 3, 1}));
  EXPECT_EQ(NewestDataDate("Blind (Sept 2025)")->from, (Date{2025, 9, 1}));
  EXPECT_EQ(NewestDataDate("Blind (Dec. 2025)")->from, (Date{2025, 12, 1}));
  EXPECT_EQ(NewestDataDate("H-1B filings up to 2026-03-14")->from, (Date{2026, 3, 14}));
  EXPECT_EQ(NewestDataDate("H-1B filings up to 2026-03-14")->text, "2026-03-14");
  // An impossible day is still a year.
  EXPECT_EQ(NewestDataDate("as of 2026-02-30")->from, (Date{2026, 1, 1}));
  // Not dates: amounts, longer numbers, words, out-of-range years, no digits.
  for (const char* text : {"Glassdoor salary reports", "offers at $2026K", "EUR2026K asks",
                           "2,026 offers", "20260 rows", "2026% growth", "FY2026 plan",
                           "since 1850", "version 2026.1", "Q5 offers", "L2026"}) {
    EXPECT_FALSE(NewestDataDate(text)) << text;
  }
  // Q5 is no quarter, but its year still counts.
  EXPECT_EQ(NewestDataDate("Q5 2025")->text, "2025");
}

TEST(DataDates, MonthArithmetic) {
  EXPECT_EQ(internal::AddMonths(Date{2026, 1, 1}, 3), (Date{2026, 4, 1}));
  EXPECT_EQ(internal::AddMonths(Date{2026, 11, 30}, 3), (Date{2027, 2, 28}));
  EXPECT_EQ(internal::AddMonths(Date{2023, 11, 30}, 3), (Date{2024, 2, 29}));
  EXPECT_EQ(internal::WholeMonthsBetween(Date{2026, 1, 1}, Date{2026, 11, 23}), 10);
  EXPECT_EQ(internal::WholeMonthsBetween(Date{2026, 1, 15}, Date{2026, 4, 14}), 2);
  EXPECT_EQ(internal::WholeMonthsBetween(Date{2026, 4, 14}, Date{2026, 1, 15}), 0);
}

// Without next_review_due a guide is due 3 months after its last_updated; with
// neither, its evidence dates it, so the front matter `levers render --to md`
// writes for a body-only guide keeps the body-only guide's data-stale.
TEST(CheckGuide, DataStaleWithoutANextReviewDue) {
  const std::string no_review = Replace(CleanGuide(), "next_review_due: 2026-11-01\n", "");
  auto due = ReadAndCheckText(no_review, Date{2026, 11, 1});
  EXPECT_TRUE(testing::Findings(due, "data-stale").empty());
  // The finding at last_updated (line 7, column 15) for `age` before `today`.
  auto at_last_updated = [](const std::string& updated, const std::string& age,
                            const std::string& today) {
    return std::vector<std::string>{"7:15 last_updated: last_updated " + updated + " is " + age +
                                    " before " + today +
                                    ", more than the 3-month review span; the front matter has "
                                    "no next_review_due"};
  };
  auto stale = ReadAndCheckText(no_review, Date{2026, 11, 2});
  EXPECT_EQ(testing::Findings(stale, "data-stale"),
            at_last_updated("2026-08-01", "93 days (3 months)", "2026-11-02"));
  EXPECT_EQ(testing::Findings(stale, "review-info-missing"),
            std::vector<std::string>{
                "2:1 next_review_due: front matter has no 'next_review_due', so the guide is "
                "taken to be due for review 3 months after its last_updated"});
  auto old =
      ReadAndCheckText(Replace(no_review, "last_updated: 2026-08-01", "last_updated: 2020-01-15"),
                       Date{2026, 11, 24});
  EXPECT_EQ(testing::Findings(old, "data-stale"),
            at_last_updated("2020-01-15", "2505 days (82 months)", "2026-11-24"));

  auto body_only = ReadAndCheckText(testing::kBody, Date{2026, 11, 24});
  EXPECT_EQ(testing::Findings(body_only, "data-stale"),
            std::vector<std::string>{
                "27:51 evidence[0]: the newest date the evidence gives this guide's data is 2026, "
                "counted from 2026-01-01: 327 days (10 months) before 2026-11-24, more than the "
                "3-month review span; without front matter the guide has no review date"});
  const std::string canonical = RenderCanonicalMarkdown(*body_only.guide, body_only.file);
  auto rendered = ReadAndCheckText(canonical, Date{2026, 11, 24});
  EXPECT_EQ(testing::Findings(rendered, "data-stale"),
            std::vector<std::string>{
                "61:51 evidence[0]: the newest date the evidence gives this guide's data is 2026, "
                "counted from 2026-01-01: 327 days (10 months) before 2026-11-24, more than the "
                "3-month review span; the front matter has no next_review_due or last_updated"});
  // A last_updated the reader refused is not absent: its error stands, and no
  // date is guessed from the evidence in its place.
  auto refused =
      ReadAndCheckText(Replace(no_review, "last_updated: 2026-08-01", "last_updated: 2026-13-40"),
                       Date{2026, 11, 24});
  EXPECT_FALSE(testing::Findings(refused, "date-invalid").empty());
  EXPECT_TRUE(testing::Findings(refused, "data-stale").empty());
}

std::vector<const Diagnostic*> Found(const DiagnosticSink& sink, const std::string& code) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.code == code) out.push_back(&d);
  }
  return out;
}

// A body-only guide is dated by the newest date its evidence gives its data.
TEST(CheckGuide, DataStaleDatesABodyOnlyGuideByItsEvidence) {
  const std::string& text = testing::kBody;  // evidence: "... companies (2026)"
  auto late = ReadAndCheckText(text, Date{2026, 11, 23});
  auto found = Found(late.sink, "data-stale");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, Severity::kWarning);
  EXPECT_EQ(found[0]->path, "evidence[0]");
  EXPECT_EQ(found[0]->message,
            "the newest date the evidence gives this guide's data is 2026, counted from "
            "2026-01-01: 326 days (10 months) before 2026-11-23, more than the 3-month review "
            "span; without front matter the guide has no review date");
  const size_t year = text.find("(2026)") + 1;
  EXPECT_EQ(found[0]->range.begin, year);
  EXPECT_EQ(found[0]->range.end, year + 4);
  EXPECT_TRUE(Codes(late.sink, Severity::kError).empty());

  // Due 3 months after 2026-01-01: on 2026-04-01 not yet, a day later it is.
  EXPECT_TRUE(Found(ReadAndCheckText(text, Date{2026, 4, 1}).sink, "data-stale").empty());
  auto day_after = ReadAndCheckText(text, Date{2026, 4, 2});
  ASSERT_EQ(Found(day_after.sink, "data-stale").size(), 1u);
  EXPECT_NE(Found(day_after.sink, "data-stale")[0]->message.find("91 days (3 months) before"),
            std::string::npos);
  // Only with a date to compare with.
  EXPECT_TRUE(Found(ReadAndCheckText(text, std::nullopt).sink, "data-stale").empty());

  // A quarter in a later item is newer than the year: 2026-07-01, 145 days.
  const std::string quarter = Replace(text, "- Glassdoor reports for Quillon Labs\n",
                                      "- Glassdoor reports for Quillon Labs, Q3 2026\n");
  auto q = ReadAndCheckText(quarter, Date{2026, 11, 23});
  ASSERT_EQ(Found(q.sink, "data-stale").size(), 1u);
  EXPECT_EQ(Found(q.sink, "data-stale")[0]->path, "evidence[1]");
  EXPECT_EQ(Found(q.sink, "data-stale")[0]->range.begin, quarter.find("Q3 2026"));
  EXPECT_NE(Found(q.sink, "data-stale")[0]->message.find(
                "is Q3 2026, counted from 2026-07-01: 145 days (4 months) before 2026-11-23"),
            std::string::npos);
  EXPECT_TRUE(Found(ReadAndCheckText(quarter, Date{2026, 9, 30}).sink, "data-stale").empty());

  // No date in the evidence: nothing is guessed.
  auto undated =
      ReadAndCheckText(Replace(text, "document tools companies (2026)", "document tools companies"),
                       Date{2026, 11, 23});
  EXPECT_TRUE(Found(undated.sink, "data-stale").empty());
  // Years elsewhere in the body ("2026 Focus") do not date the data.
  EXPECT_NE(text.find("2026 Focus"), std::string::npos);

  // A guide with front matter is judged by review-overdue alone.
  auto fm = ReadAndCheckText(CleanGuide(), Date{2026, 11, 23});
  EXPECT_TRUE(Found(fm.sink, "data-stale").empty());
  EXPECT_EQ(Found(fm.sink, "review-overdue").size(), 1u);
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

TEST(CheckGuide, AVestingPeriodOfManyDigitsIsRefusedLikeAnyOther) {
  for (const char* header :
       {"Stock (RSU/12yr)", "Stock (RSU/1234yr)", "Stock (RSU/99999999999yr)"}) {
    auto r = ReadAndCheckText(Replace(testing::kBody, "Stock (RSU/4yr)", header));
    EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"amount-invalid"})
        << header;
    ASSERT_TRUE(r.guide);
    EXPECT_EQ(r.guide->table_bands[0].stock_vesting_years, 4) << header;
  }
  auto r = ReadAndCheckText(Replace(testing::kBody, "Stock (RSU/4yr)", "Stock (RSU/1234yr)"));
  ASSERT_FALSE(r.sink.diagnostics().empty());
  EXPECT_NE(r.sink.diagnostics()[0].message.find("over 1234 years"), std::string::npos)
      << r.sink.diagnostics()[0].message;
}

TEST(CheckGuide, ATableWithoutARegionColumnIsReportedOnce) {
  auto r = ReadAndCheckText(
      Replace(testing::kBody, "| Region | Base Salary |", "| Place | Base Salary |"));
  EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"table-header"});
}

TEST(CheckGuide, ATableHeaderFindingDoesNotHideAMissingCompensation) {
  std::string guide = CleanGuide();
  const size_t from = guide.find("compensation:\n");
  const size_t to = guide.find("level_mapping:\n");
  ASSERT_NE(from, std::string::npos);
  guide.erase(from, to - from);
  auto r = ReadAndCheckText(Replace(guide, "| Base Salary |", "| Salary |"));
  std::vector<std::string> errors = Codes(r.sink, Severity::kError);
  EXPECT_NE(std::find(errors.begin(), errors.end(), "table-header"), errors.end());
  EXPECT_NE(std::find(errors.begin(), errors.end(), "missing-field"), errors.end());
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

TEST(CheckGuide, AnAskAndItsFloorInDifferentCurrencies) {
  auto r = ReadAndCheckText(Replace(
      Replace(CleanGuide(), "My floor is $170K", "My floor is EUR170K"),
      "I need $185K base and $190K equity/4yr", "I need $185K base and EUR190K equity/4yr"));
  EXPECT_EQ(testing::Findings(r, "ask-currency-mixed"),
            (std::vector<std::string>{
                "59:92 levers[1].asks.equity: the ask's equity EUR 190,000 is in EUR but its base "
                "USD 185,000 is in USD; write an ask in one currency",
                "61:208 strategy.floor: the floor EUR 170,000 is in EUR but the ask's base USD "
                "185,000 is in USD; write the floor in the ask's currency so the two can be "
                "compared"}));
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
}

TEST(CheckGuide, NoTotalCompIsComputedWithABonusTheGuideNeverStated) {
  // Dublin: bonus_pct_low 10 and no high, no bonus_pct, table bonus "—". The
  // high end's total (120000 + 100000/4 = 145000 without a bonus) is not
  // compared with the stated 163000.
  const std::string text =
      Replace(Replace(CleanGuide(), "    bonus_pct: 10\n    total_comp_low: 114000",
                      "    bonus_pct_low: 10\n    total_comp_low: 114000"),
              "| 10–15% | EUR114K", "| — | EUR114K");
  auto r = ReadAndCheckText(text);
  EXPECT_TRUE(Codes(r.sink, Severity::kWarning).empty());
  const ComputedTotalComp c = ComputeTotalComp(ResolveCompensation(*r.guide)[1].band);
  EXPECT_EQ(c.low, (Money{11'400'000, "EUR"}));
  EXPECT_EQ(c.high, std::nullopt);
}

// An entry without a currency of its own has figures in none: its total comp
// is not computed (nor printed without a currency), though its table row is in EUR.
TEST(CheckGuide, NoTotalCompForAnEntryWithoutACurrency) {
  const std::string high =
      Replace(CleanGuide(), "total_comp_high: 163000", "total_comp_high: 200000");
  for (const std::string& text : {Replace(high, "    currency: EUR\n", ""),
                                  Replace(high, "    currency: EUR\n", "    curency: EUR\n")}) {
    auto r = ReadAndCheckText(text);
    EXPECT_EQ(testing::Findings(r, "total-comp-mismatch"), std::vector<std::string>{});
    EXPECT_EQ(testing::Findings(r, "currency-missing"),
              std::vector<std::string>{"21:5 compensation[1].currency: compensation[1] (Dublin) "
                                       "has no currency; add currency: EUR, the currency of its "
                                       "pay table row"});
  }
  // Without a table row in a currency, the suggestion is the common one.
  auto no_row =
      ReadAndCheckText(Replace(Replace(high, "    currency: EUR\n", ""), "| Dublin |", "| Cork |"));
  EXPECT_EQ(testing::Findings(no_row, "currency-missing"),
            std::vector<std::string>{"21:5 compensation[1].currency: compensation[1] (Dublin) "
                                     "has no currency; add currency: USD (or EUR, GBP ...)"});
  // With its currency the same figure is compared.
  auto r = ReadAndCheckText(high);
  EXPECT_EQ(Codes(r.sink, Severity::kWarning), std::vector<std::string>{"total-comp-mismatch"});
}

// A row's currency is the one most of its cells name, or the front matter's
// when its cells disagree; the cell that differs is the one reported.
TEST(CheckGuide, TheCellInAnotherCurrencyThanTheRowIsTheOneReported) {
  const std::string pound_base =
      Replace(CleanGuide(), "| Seattle | $150K–$190K", "| Seattle | £155K–£190K");
  for (const std::string& text : {pound_base, pound_base.substr(testing::kFrontMatter.size())}) {
    auto r = ReadAndCheckText(text);
    const int line = text.size() == pound_base.size() ? 44 : 7;
    EXPECT_EQ(testing::Findings(r, "currency-mismatch"),
              std::vector<std::string>{std::to_string(line) +
                                       ":13 table[0].base: base is in GBP but the row's other "
                                       "amounts are in USD"});
    // Not compared with the front matter's USD 150,000 either.
    EXPECT_EQ(testing::Findings(r, "fm-table-mismatch"), std::vector<std::string>{});
  }
  // Two cells in pounds: the front matter's USD decides, and they are the ones reported.
  const std::string two_pounds = Replace(CleanGuide(), "| $120K–$200K | 10–15% | $195K–$268K |",
                                         "| £120K–£200K | 10–15% | £195K–£268K |");
  auto fm = ReadAndCheckText(two_pounds);
  EXPECT_EQ(testing::Findings(fm, "currency-mismatch"),
            (std::vector<std::string>{
                "44:27 table[0].stock: stock is in GBP but the front matter gives Seattle in USD",
                "44:50 table[0].total_comp: total_comp is in GBP but the front matter gives "
                "Seattle in USD"}));
  // Without front matter, two against one: the base is the odd one out.
  auto body = ReadAndCheckText(two_pounds.substr(testing::kFrontMatter.size()));
  EXPECT_EQ(testing::Findings(body, "currency-mismatch"),
            std::vector<std::string>{
                "7:13 table[0].base: base is in USD but the row's other amounts are in GBP"});
  // Three currencies and no front matter: the cells disagree, and none is called right.
  const std::string three = Replace(testing::kBody, "| $120K–$200K | 10–15% | $195K–$268K |",
                                    "| £120K–£200K | 10–15% | EUR195K–EUR268K |");
  auto tie = ReadAndCheckText(three);
  EXPECT_EQ(testing::Findings(tie, "currency-mismatch"),
            std::vector<std::string>{"7:27 table[0].stock: stock is in GBP but base is in USD; "
                                     "write the row's amounts in one currency"});
  EXPECT_FALSE(tie.guide->table_bands[0].currency.has());
}

TEST(CheckGuide, ASalaryDataQuarterLongPast) {
  auto quarter = [](const std::string& q) {
    return Replace(CleanGuide(), "salary_data_quarter: 2026-Q2", "salary_data_quarter: " + q);
  };
  // Fresh dates (last_updated 2026-08-01, next_review_due 2026-11-01) do not
  // make 2021-Q3's figures current: 20 quarters before 2026-Q3.
  auto old = ReadAndCheckText(quarter("2021-Q3"));
  ASSERT_EQ(Codes(old.sink, Severity::kWarning), std::vector<std::string>{"data-stale"});
  EXPECT_EQ(testing::Findings(old, "data-stale"),
            std::vector<std::string>{
                "9:22 salary_data_quarter: salary_data_quarter 2021-Q3 is 20 quarters before "
                "2026-Q3 (2026-09-01), more than the 2-quarter span: the pay figures are as old "
                "as the data they come from, whatever last_updated says"});
  // kStaleDataQuarters (2) behind is still current, one more is not; the
  // quarter counts, not the day in it (as `levers bands apply` counts).
  EXPECT_TRUE(testing::Findings(ReadAndCheckText(quarter("2026-Q1")), "data-stale").empty());
  EXPECT_TRUE(
      testing::Findings(ReadAndCheckText(quarter("2026-Q1"), Date{2026, 9, 30}), "data-stale")
          .empty());
  EXPECT_EQ(
      testing::Findings(ReadAndCheckText(quarter("2026-Q1"), Date{2026, 10, 1}), "data-stale"),
      std::vector<std::string>{
          "9:22 salary_data_quarter: salary_data_quarter 2026-Q1 is 3 quarters before "
          "2026-Q4 (2026-10-01), more than the 2-quarter span: the pay figures are as old "
          "as the data they come from, whatever last_updated says"});
  // Without a today, no dated rule runs.
  EXPECT_TRUE(
      testing::Findings(ReadAndCheckText(quarter("2021-Q3"), std::nullopt), "data-stale").empty());
  // A quarter that cannot be read is field-value only.
  EXPECT_TRUE(testing::Findings(ReadAndCheckText(quarter("Q3 2021")), "data-stale").empty());
}

TEST(CheckGuide, ASalaryDataQuarterStillToCome) {
  auto quarter = [](const std::string& q) {
    return Replace(CleanGuide(), "salary_data_quarter: 2026-Q2", "salary_data_quarter: " + q);
  };
  // 2026-Q4 starts after last_updated 2026-08-01, and after a today of 2026-09-01.
  EXPECT_EQ(testing::Findings(ReadAndCheckText(quarter("2026-Q4")), "quarter-future"),
            std::vector<std::string>{"9:22 salary_data_quarter: salary_data_quarter 2026-Q4 "
                                     "starts 2026-10-01, after today (2026-09-01)"});
  EXPECT_EQ(
      testing::Findings(ReadAndCheckText(quarter("2026-Q4"), Date{2026, 10, 15}), "quarter-future"),
      std::vector<std::string>{"9:22 salary_data_quarter: salary_data_quarter 2026-Q4 "
                               "starts 2026-10-01, after last_updated 2026-08-01"});
  EXPECT_EQ(testing::Findings(ReadAndCheckText(quarter("2026-Q4"), std::nullopt), "quarter-future"),
            std::vector<std::string>{"9:22 salary_data_quarter: salary_data_quarter 2026-Q4 "
                                     "starts 2026-10-01, after last_updated 2026-08-01"});
  auto next_year = ReadAndCheckText(quarter("2027-Q1"), Date{2026, 10, 15});
  ASSERT_EQ(Codes(next_year.sink, Severity::kWarning), std::vector<std::string>{"quarter-future"});
  EXPECT_EQ(next_year.sink.diagnostics()[0].severity, Severity::kWarning);
  EXPECT_EQ(next_year.sink.diagnostics()[0].message,
            "salary_data_quarter 2027-Q1 starts 2027-01-01, after today (2026-10-15)");
  // A guide dated tomorrow, of a quarter that begins tomorrow: tomorrow has
  // begun east of UTC (UTC+1 to UTC+14), so neither is in the future yet.
  const std::string tomorrow =
      Replace(quarter("2026-Q4"), "last_updated: 2026-08-01", "last_updated: 2026-10-01");
  EXPECT_TRUE(ReadAndCheckText(tomorrow, Date{2026, 9, 30}).sink.diagnostics().empty());
  // The day after is in the future everywhere.
  auto two_days = ReadAndCheckText(tomorrow, Date{2026, 9, 29});
  EXPECT_EQ(testing::Findings(two_days, "quarter-future"),
            std::vector<std::string>{"9:22 salary_data_quarter: salary_data_quarter 2026-Q4 "
                                     "starts 2026-10-01, after today (2026-09-29)"});
  EXPECT_EQ(testing::Findings(two_days, "date-future"),
            std::vector<std::string>{
                "7:15 last_updated: last_updated 2026-10-01 is after today (2026-09-29)"});
  // A quarter that began before last_updated is data of its time.
  EXPECT_TRUE(ReadAndCheckText(quarter("2026-Q3")).sink.diagnostics().empty());
  // One that cannot be read is field-value only.
  EXPECT_EQ(Codes(ReadAndCheckText(quarter("2027-Q5")).sink, Severity::kWarning),
            std::vector<std::string>{});
}

TEST(CheckGuide, OneDayIsSingular) {
  auto r = ReadAndCheckText(CleanGuide(), Date{2026, 11, 2});
  EXPECT_EQ(testing::Findings(r, "review-overdue"),
            std::vector<std::string>{"10:18 next_review_due: review was due 2026-11-01, 1 day "
                                     "before 2026-11-02"});
}

// A reversed bonus range has no inside: a bonus_pct is not outside it, and no
// total comp is computed from either end (as for a reversed base or stock).
TEST(CheckGuide, AReversedBonusRangeIsReportedOnlyAsRangeOrder) {
  auto r = ReadAndCheckText(
      Replace(CleanGuide(), "| $120K–$200K | 10–15% |", "| $120K–$200K | 25–15% |"));
  EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"range-order"});
  EXPECT_EQ(r.sink.diagnostics()[0].message, "bonus low 25% is above bonus high 15%");
  EXPECT_EQ(Codes(r.sink, Severity::kWarning), std::vector<std::string>{});
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

// The same company and role in both guide shapes: a hand-written slug
// (quillonlabs) and the one a body-only guide derives from its heading
// (quillon-labs) are one identity.
TEST(CheckCorpus, SameGuideWithAndWithoutFrontMatter) {
  auto a = testing::ReadText(Replace(CleanGuide(), "company: quillon-labs", "company: quillonlabs"),
                             "a.md");
  auto b = testing::ReadText(testing::kBody, "b.md");
  ASSERT_EQ(*b.guide->company, "quillon-labs");
  DiagnosticSink sa, sb;
  CheckCorpus({&*a.guide, &*b.guide}, {&sa, &sb});
  EXPECT_TRUE(sa.diagnostics().empty());
  ASSERT_EQ(Codes(sb, Severity::kError), std::vector<std::string>{"duplicate-guide"});
  EXPECT_EQ(sb.diagnostics()[0].message,
            "a second guide for quillon-labs / software-engineer; the first is a.md (quillonlabs / "
            "software-engineer)");
  // At the title heading, where the body-only guide's company comes from.
  EXPECT_EQ(sb.diagnostics()[0].range.begin, b.guide->company.range.begin);

  // Another role of the same company is not a duplicate.
  auto c = testing::ReadText(
      Replace(testing::kBody, "### Software Engineer |", "### Staff Software Engineer |"), "c.md");
  DiagnosticSink s1, s2;
  CheckCorpus({&*a.guide, &*c.guide}, {&s1, &s2});
  EXPECT_TRUE(s2.diagnostics().empty());
}

TEST(GuideIdentityKey, IgnoresCaseAndPunctuationOnly) {
  const std::string hf = GuideIdentityKey("huggingface-enterprise", "engineering-manager");
  EXPECT_EQ(hf, std::string("huggingfaceenterprise\0engineeringmanager", 40));
  EXPECT_EQ(GuideIdentityKey("hugging-face-enterprise", "engineering-manager"), hf);
  EXPECT_EQ(GuideIdentityKey("Hugging Face Enterprise", "Engineering_Manager"), hf);
  EXPECT_NE(GuideIdentityKey("hugging-face-enterprise", "engineering-manager-2"), hf);
  EXPECT_NE(GuideIdentityKey("huggingface", "enterprise-engineering-manager"), hf);
  // Non-ASCII characters are kept, so they still tell names apart.
  EXPECT_EQ(GuideIdentityKey("Zürich Re", "sre"), GuideIdentityKey("zürich-re", "SRE"));
  EXPECT_NE(GuideIdentityKey("zürich-re", "sre"), GuideIdentityKey("zörich-re", "sre"));
  // Names of punctuation only are compared as written.
  EXPECT_NE(GuideIdentityKey("--", "sre"), GuideIdentityKey("-", "sre"));
  EXPECT_EQ(GuideIdentityKey("--", "sre"), GuideIdentityKey("--", "sre"));
}

// The store's company and role filters compare GuideNameKey: the identity's halves.
TEST(GuideNameKey, IsEachHalfOfTheIdentityKey) {
  EXPECT_EQ(GuideNameKey("Hugging Face Enterprise"), "huggingfaceenterprise");
  EXPECT_EQ(GuideNameKey("hugging-face_enterprise."), "huggingfaceenterprise");
  EXPECT_EQ(GuideNameKey("ML/AI Engineer"), "mlaiengineer");
  EXPECT_EQ(GuideNameKey("Z\xc3\xbcrich Re"), "z\xc3\xbcrichre");
  EXPECT_EQ(GuideNameKey("--"), "---");
  EXPECT_EQ(GuideNameKey(""), "-");
  for (const auto& [company, role] : {std::pair<const char*, const char*>{"Acme Co", "SRE"},
                                      {"--", "x"},
                                      {"", "Data_Scientist"}}) {
    EXPECT_EQ(GuideIdentityKey(company, role),
              GuideNameKey(company) + std::string(1, '\0') + GuideNameKey(role));
  }
}

}  // namespace
}  // namespace levers
