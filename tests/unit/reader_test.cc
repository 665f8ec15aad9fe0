#include "levers/reader.h"

#include <gtest/gtest.h>

#include "test_guides.h"

namespace levers {
namespace {

using testing::CleanGuide;
using testing::Codes;
using testing::kBody;
using testing::ReadText;

TEST(ReadGuide, FrontMatterGuideHasEveryFact) {
  auto r = ReadText(CleanGuide());
  ASSERT_TRUE(r.guide);
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  const Guide& g = *r.guide;
  EXPECT_TRUE(g.has_front_matter);
  EXPECT_EQ(*g.company, "quillon-labs");
  EXPECT_EQ(*g.company_display, "Quillon Labs");
  EXPECT_EQ(*g.last_updated, (Date{2026, 8, 1}));
  EXPECT_EQ(*g.salary_data_quarter, "2026-Q2");
  ASSERT_EQ(g.front_matter_bands.size(), 2u);
  ASSERT_EQ(g.table_bands.size(), 2u);
  const CompBand& dublin = g.table_bands[1];
  EXPECT_EQ(*dublin.region, "Dublin");
  EXPECT_EQ(*dublin.currency, "EUR");
  EXPECT_EQ(dublin.base_low->minor, 9'000'000);
  EXPECT_EQ(dublin.base_high->minor, 12'000'000);
  EXPECT_EQ(dublin.bonus_pct_low->basis_points, 1000);
  EXPECT_EQ(dublin.bonus_pct_high->basis_points, 1500);
  EXPECT_EQ(dublin.stock_vesting_years, 4);
  EXPECT_EQ(g.front_matter_bands[0].bonus_pct->basis_points, 1000);
  // Resolved: front matter figures, the table's bonus range, front matter's one figure kept.
  std::vector<ResolvedBand> bands = ResolveCompensation(g);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[0].band.bonus_pct_low->basis_points, 1000);
  EXPECT_EQ(bands[0].band.bonus_pct_high->basis_points, 1500);
  EXPECT_EQ(bands[0].bonus_pct_stated->basis_points, 1000);
  EXPECT_TRUE(bands[0].from_front_matter && bands[0].from_table);

  EXPECT_EQ(ResolveDna(g).focus, "Offline Sync");
  ASSERT_EQ(ResolveLevelMapping(g).equivalents.size(), 3u);
  EXPECT_EQ(ResolveLevelMapping(g).equivalents[0].company, "Quillon Labs");
  ASSERT_EQ(g.dna_paragraphs.size(), 2u);
  EXPECT_EQ(*g.focus.title, "Offline Sync");
  ASSERT_EQ(g.levers.size(), 2u);
  EXPECT_EQ(*g.levers[0].title, "Sync Experience");
  EXPECT_EQ(g.levers[0].asks.base->minor, 18'500'000);
  EXPECT_EQ(g.levers[1].competing_offers.size(), 1u);
  EXPECT_EQ(g.strategy.competing_offers.size(), 2u);
  EXPECT_EQ(g.strategy.ask.signing_bonus->minor, 2'000'000);
  EXPECT_EQ(g.strategy.floor->minor, 17'000'000);
  ASSERT_EQ(g.evidence.size(), 2u);
  EXPECT_EQ(g.data_sources.size(), 2u);
}

TEST(ReadGuide, EveryFieldKnowsItsLineAndColumn) {
  auto r = ReadText(CleanGuide());
  const Guide& g = *r.guide;
  auto at = [&](SourceRange range) {
    LineColumn lc = r.file.Locate(range.begin);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column);
  };
  EXPECT_EQ(at(g.company.range), "2:10");
  EXPECT_EQ(at(g.front_matter_bands[0].base_low.range), "13:15");
  EXPECT_EQ(at(g.table_bands[0].base_low.range), "44:13");  // "| Seattle | $150K..." cell
  EXPECT_EQ(at(g.table_bands[1].total_comp_low.range), "45:55");
  EXPECT_EQ(at(g.strategy.floor.range),
            "61:" + std::to_string(std::string("> **Negotiate Up Strategy:** \"I'm holding a "
                                               "Google L4 offer at $180K / $220K RSU and a Meta E4 "
                                               "offer at $176K / $200K RSU. To join, I need $185K "
                                               "base, $190K equity/4yr, and a $20K signing "
                                               "bonus. My floor is ")
                                       .size() +
                                   1));
}

TEST(ReadGuide, BodyOnlyGuideFillsTheSameFacts) {
  auto r = ReadText(kBody);
  ASSERT_TRUE(r.guide);
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  const Guide& g = *r.guide;
  EXPECT_FALSE(g.has_front_matter);
  EXPECT_EQ(*g.company, "quillon-labs");
  EXPECT_EQ(*g.role, "software-engineer");
  EXPECT_EQ(*g.role_display, "Software Engineer");
  EXPECT_EQ(ResolveCompensation(g).size(), 2u);
  EXPECT_EQ(ResolveDna(g).pay_mix, "Solid Base + Steady Equity");
  ASSERT_EQ(g.data_sources.size(), 2u);
  EXPECT_EQ(*g.data_sources[0], "Levels.fyi");
  EXPECT_EQ(*g.data_sources[1], "Glassdoor");
}

TEST(ReadGuide, CrlfAndBomReadTheSame) {
  std::string crlf;
  for (char c : CleanGuide()) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto plain = ReadText(CleanGuide());
  auto windows = ReadText("\xEF\xBB\xBF" + crlf);
  ASSERT_TRUE(windows.guide);
  EXPECT_TRUE(Codes(windows.sink, Severity::kError).empty());
  EXPECT_EQ(ResolveCompensation(*windows.guide).size(), 2u);
  EXPECT_EQ(*windows.guide->company, "quillon-labs");
  EXPECT_EQ(windows.guide->strategy.floor->minor, plain.guide->strategy.floor->minor);
  EXPECT_EQ(*windows.guide->levers[1].title, "Competing Offer");
  // Columns ignore the BOM.
  LineColumn lc = windows.file.Locate(windows.guide->company.range.begin);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 10u);
}

TEST(ReadGuide, FrontMatterFencesWithLoneCarriageReturnsAndTrailingBlanks) {
  // Old Mac line endings, a closing "..." with trailing blanks, and lines longer
  // than the sixteen bytes the line scan reads at a time.
  const std::string text =
      "---\rcompany: a-company-with-a-rather-long-name\rrole: software-engineer\r"
      "--- not a fence\r...  \t\r# Software Engineer | A Company Negotiation Guide\r";
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  const Guide& g = *r.guide;
  EXPECT_TRUE(g.has_front_matter);
  EXPECT_EQ(g.front_matter_range, (SourceRange{4, 87}));  // up to the "..." line
  EXPECT_EQ(g.body_range.begin, 94u);                     // after "...  \t\r"
  EXPECT_EQ(*g.company, "a-company-with-a-rather-long-name");
  EXPECT_EQ(*g.role, "software-engineer");
  const LineColumn lc = r.file.Locate(g.role.range.begin);
  EXPECT_EQ(lc.line, 3u);
  EXPECT_EQ(lc.column, 7u);
}

TEST(ReadGuide, NoModelForEmptyOrBinaryFiles) {
  auto empty = ReadText("");
  EXPECT_FALSE(empty.guide);
  EXPECT_EQ(Codes(empty.sink, Severity::kError), std::vector<std::string>{"empty-file"});
  auto blank = ReadText(" \n\n\t\n");
  EXPECT_FALSE(blank.guide);
  auto binary = ReadText(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  EXPECT_FALSE(binary.guide);
  EXPECT_EQ(Codes(binary.sink, Severity::kError), std::vector<std::string>{"binary-file"});
}

TEST(ReadGuide, BrokenFrontMatterIsReportedAndTheBodyStillRead) {
  auto r = ReadText("---\ncompany: [unclosed\n---\n" + kBody);
  ASSERT_TRUE(r.guide);
  EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"yaml-syntax"});
  EXPECT_EQ(r.guide->table_bands.size(), 2u);

  auto unterminated = ReadText("---\ncompany: x\n" + kBody);
  EXPECT_EQ(Codes(unterminated.sink, Severity::kError)[0], "front-matter-unterminated");
  EXPECT_EQ(unterminated.file.Locate(unterminated.sink.diagnostics()[0].range.begin).line, 1u);
}

TEST(ReadGuide, AliasesAndDeepNestingAreRefused) {
  std::string bomb = "---\na: &a [\"x\",\"x\"]\nb: [*a,*a]\n---\n" + kBody;
  auto r = ReadText(bomb);
  EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"yaml-alias"});
  std::string deep =
      "---\nx: " + std::string(100000, '[') + std::string(100000, ']') + "\n---\n" + kBody;
  auto d = ReadText(deep);
  EXPECT_EQ(Codes(d.sink, Severity::kError), std::vector<std::string>{"yaml-too-deep"});
  ASSERT_TRUE(d.guide);
  EXPECT_EQ(d.guide->table_bands.size(), 2u);
}

TEST(ReadGuide, InvalidUtf8IsNamedWithItsPosition) {
  std::string text = testing::Replace(CleanGuide(), "Quillon builds", "Quillon \xFF builds");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_FALSE(r.sink.diagnostics().empty());
  const Diagnostic& d = r.sink.diagnostics()[0];
  EXPECT_EQ(d.code, "utf8-invalid");
  EXPECT_EQ(r.file.Locate(d.range.begin).line, 48u);
  EXPECT_NE(d.message.find("0xFF"), std::string::npos);
}

TEST(ReadGuide, BadAmountsAndShortRows) {
  std::string text =
      testing::Replace(CleanGuide(), "| Seattle | $150K–$190K |", "| Seattle | lots |");
  text = testing::Replace(text,
                          "| Dublin | EUR90K–EUR120K | EUR60K–EUR100K | 10–15% | EUR114K–EUR163K |",
                          "| Dublin | EUR90K–EUR120K |");
  text = testing::Replace(text, "    stock_low: 60000", "    stock_low: -60000");
  auto r = ReadText(text);
  std::vector<std::string> errors = Codes(r.sink, Severity::kError);
  EXPECT_EQ(errors,
            (std::vector<std::string>{"amount-invalid", "amount-invalid", "table-row-short"}));
  EXPECT_EQ(r.sink.diagnostics()[2].message,
            "row 2 of the pay table has values in only the first 2 of its 5 cells (expected Region "
            "| Base Salary | "
            "Stock (RSU/4yr) | Bonus | Total Comp)");
}

}  // namespace
}  // namespace levers
