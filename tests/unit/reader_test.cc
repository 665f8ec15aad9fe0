#include "levers/reader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "levers/render.h"
#include "test_guides.h"

namespace levers {
namespace {

using testing::CleanGuide;
using testing::Codes;
using testing::Findings;
using testing::kBody;
using testing::kFrontMatter;
using testing::ReadText;
using testing::Replace;

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

// The first equivalent is split at the guide's own company wherever in the file
// that company is named: after the mapping too. Found by the guide fuzzer: the
// canonical Markdown names the company first, so a rewrite split it differently.
TEST(ReadGuide, LevelMappingSplitsAtTheOwnCompanyNamedAnywhere) {
  auto body_first = ReadText(
      "**Level Mapping:** Acme Data Platform Software Engineer = Google L4\n\n"
      "# Software Engineer | Acme Data Platform\n");
  ASSERT_TRUE(body_first.guide);
  const LevelMapping& b = ResolveLevelMapping(*body_first.guide);
  ASSERT_EQ(b.equivalents.size(), 2u);
  // Without the company's name, "Data" and "Platform" would read as the title.
  EXPECT_EQ(b.equivalents[0].company, "Acme Data Platform");
  EXPECT_EQ(b.equivalents[0].title, "Software Engineer");
  EXPECT_EQ(b.equivalents[1].company, "Google");

  // "Q Q" alone is one company; with the company named "Q" it is company Q, title Q.
  auto short_name = ReadText("**Level Mapping:** Q Q\n# l | Q\n");
  ASSERT_TRUE(short_name.guide);
  const LevelMapping& q = ResolveLevelMapping(*short_name.guide);
  ASSERT_EQ(q.equivalents.size(), 1u);
  EXPECT_EQ(q.equivalents[0].company, "Q");
  EXPECT_EQ(q.equivalents[0].title, "Q");
  EXPECT_EQ(q.equivalents[0].range.begin, 19u);  // still the text's own place

  auto key_order = ReadText(
      "---\nlevel_mapping: Acme Data Platform Software Engineer = Google L4\n"
      "company: acme-data-platform\ncompany_display: Acme Data Platform\n---\n");
  ASSERT_TRUE(key_order.guide);
  const LevelMapping& f = ResolveLevelMapping(*key_order.guide);
  ASSERT_EQ(f.equivalents.size(), 2u);
  EXPECT_EQ(f.equivalents[0].company, "Acme Data Platform");
  EXPECT_EQ(f.equivalents[0].title, "Software Engineer");
}

TEST(ReadGuide, FrontMatterAmountLimitIsExact) {
  const std::string at_limit =
      testing::Replace(CleanGuide(), "base_low: 150000", "base_low: 1000000000000");
  auto ok = ReadText(at_limit);
  ASSERT_TRUE(ok.guide);
  EXPECT_EQ(ok.guide->front_matter_bands[0].base_low->minor, 100'000'000'000'000);
  auto over =
      ReadText(testing::Replace(CleanGuide(), "base_low: 150000", "base_low: 1000000000000.01"));
  EXPECT_EQ(Codes(over.sink, Severity::kError), std::vector<std::string>{"amount-invalid"});
}

// A plain "", "~", "null", "Null" or "NULL" leaves an amount unstated; any
// other spelling, or a quoted null, is text and not an amount.
TEST(ReadGuide, FrontMatterNullSpellings) {
  for (const char* null : {"", " ~", " null", " Null", " NULL"}) {
    auto r = ReadText(Replace(CleanGuide(), "base_low: 150000", std::string("base_low:") + null));
    ASSERT_TRUE(r.guide) << null;
    EXPECT_FALSE(r.guide->front_matter_bands[0].base_low.has()) << null;
    const auto errors = Codes(r.sink, Severity::kError);
    EXPECT_EQ(std::find(errors.begin(), errors.end(), "amount-invalid"), errors.end()) << null;
  }
  for (const char* text : {" \"null\"", " '~'", " nULL", " nul", " nulls", " ~~"}) {
    auto r = ReadText(Replace(CleanGuide(), "base_low: 150000", std::string("base_low:") + text));
    EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"amount-invalid"}) << text;
  }
}

// An INR entry's amounts may be grouped in lakhs, as its pay table row and
// offers in rupees may; another currency's may not.
TEST(ReadGuide, FrontMatterRupeesMayBeGroupedInLakhs) {
  std::string rupees = testing::Replace(CleanGuide(), "currency: EUR", "currency: INR");
  rupees = testing::Replace(rupees, "base_low: 90000", "base_low: \"70,00,000\"");
  rupees = testing::Replace(rupees, "base_high: 120000", "base_high: \"1,20,00,000.50\"");
  auto ok = ReadText(rupees);
  ASSERT_TRUE(ok.guide);
  EXPECT_EQ(ok.guide->front_matter_bands[1].base_low->minor, 700'000'000);
  EXPECT_EQ(ok.guide->front_matter_bands[1].base_high->minor, 1'200'000'050);
  EXPECT_EQ(ok.guide->front_matter_bands[1].base_high->currency, "INR");
  const auto errors = Codes(ok.sink, Severity::kError);
  EXPECT_EQ(std::find(errors.begin(), errors.end(), "amount-invalid"), errors.end());

  auto euros =
      ReadText(testing::Replace(CleanGuide(), "base_low: 90000", "base_low: \"90,00,000\""));
  EXPECT_EQ(Codes(euros.sink, Severity::kError), std::vector<std::string>{"amount-invalid"});
  EXPECT_NE(euros.sink.diagnostics()[0].message.find("does not group thousands (expected"),
            std::string::npos)
      << euros.sink.diagnostics()[0].message;
}

// Unknown keys are kept as written, so a key that cannot be written back as
// 'key: value' is refused instead. Found by the guide fuzzer (a rewrite merged
// two such keys into one).
TEST(ReadGuide, EmptyAndExplicitFrontMatterKeysAreRefusedNotKept) {
  // Also an explicit key on the line after its '?', behind a byte order mark,
  // and a key that reads as a document marker, which written back would end
  // the front matter, also behind a byte order mark past the line's first
  // column, which libyaml keeps in the key (all found by the fuzzer).
  for (const std::string yaml :
       {"?\n", "? notes\n: x\n", "\"\": x\n", "?\n\xEF\xBB\xBF---\r\n", "?\r\n  notes\n",
        "\"---\": x\n", "\"... x\": y\n", " \xEF\xBB\xBF...# x: y\n"}) {
    auto r = ReadText("---\n" + yaml + "---\n" + kBody);
    ASSERT_TRUE(r.guide) << yaml;
    EXPECT_TRUE(r.guide->front_matter_extra.empty()) << yaml;
    const auto errors = Codes(r.sink, Severity::kError);
    EXPECT_NE(std::find(errors.begin(), errors.end(), "field-type"), errors.end()) << yaml;
  }
  auto kept = ReadText("---\nnotes: x\n---\n" + kBody);
  ASSERT_TRUE(kept.guide);
  EXPECT_EQ(kept.guide->front_matter_extra.size(), 1u);
  // A '?' that ends a value on the line before is not an explicit key's, nor
  // is a lone '?' the key of an entry level with it, which is kept.
  auto asked = ReadText("---\nwhy: what?\nnotes: x\n---\n" + kBody);
  ASSERT_TRUE(asked.guide);
  EXPECT_EQ(asked.guide->front_matter_extra.size(), 2u);
  auto level = ReadText("---\n?\nnotes: x\n---\n" + kBody);
  ASSERT_TRUE(level.guide);
  EXPECT_EQ(level.guide->front_matter_extra.size(), 1u);
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

// libyaml ends a line at NEL (U+0085) and U+2028 as at LF. A kept block
// scalar whose last line ended with one took the next key's line into its text
// (the guide fuzzer found it: canonical Markdown then gave the key twice), and
// moving kept text to another indentation split lines at LF and CR only.
TEST(ReadGuide, KeptTextEndsAtEveryLineBreakYamlKnows) {
  for (const std::string br : {"\xC2\x85", "\xE2\x80\xA8"}) {
    const std::string text = Replace(testing::CleanGuide(), "    bonus_pct: 10\n",
                                     "    notes: >\n"
                                     "      yearly\n" +
                                         br + "    refresh: 20000\n    bonus_pct: 10\n");
    auto r = ReadText(text);
    ASSERT_TRUE(r.guide);
    EXPECT_FALSE(r.sink.has_errors());
    const std::vector<RawYamlEntry>& x = r.guide->front_matter_bands[0].extra;
    ASSERT_EQ(x.size(), 2u);
    EXPECT_EQ(x[0].text, "notes: >\n      yearly");
    EXPECT_EQ(x[1].text, "refresh: 20000");
    // Moved from column 4 to column 2: every line moves, whatever ends it.
    RawYamlEntry moved = x[0];
    moved.text = "notes: >\n      yearly" + br + "      again";
    EXPECT_EQ(IndentRawYaml(moved, 2), "notes: >\n    yearly" + br + "    again");
  }
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

namespace levers {
namespace {

// The bytes of `text` that `e.range` names.
std::string At(const std::string& text, const RawYamlEntry& e) {
  return text.substr(e.range.begin, e.range.end - e.range.begin);
}

TEST(KeptKeys, UnknownTopLevelKeysAreKeptAsWrittenInSourceOrder) {
  const std::string text = Replace(testing::CleanGuide(), "role_type: standard\n",
                                   "owner: jo   # keeps it\n"
                                   "role_type: standard\n"
                                   "note: \"two\n"
                                   "  lines\"\n"
                                   "tags:\n"
                                   "- a\n"
                                   "- b\n"
                                   "contacts:\n"
                                   "  lead: sam\n"
                                   "  backup:\n"
                                   "    - kim\n"
                                   "history: |\n"
                                   "  first\n"
                                   "    second\n"
                                   "\n"
                                   "empty:\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  const std::vector<RawYamlEntry>& x = r.guide->front_matter_extra;
  ASSERT_EQ(x.size(), 6u);
  EXPECT_EQ(x[0].key, "owner");
  EXPECT_EQ(x[0].text, "owner: jo   # keeps it");
  EXPECT_EQ(x[1].key, "note");
  EXPECT_EQ(x[1].text, "note: \"two\n  lines\"");
  EXPECT_EQ(x[2].text, "tags:\n- a\n- b");
  EXPECT_EQ(x[3].text, "contacts:\n  lead: sam\n  backup:\n    - kim");
  EXPECT_EQ(x[4].text, "history: |\n  first\n    second");
  EXPECT_EQ(x[5].text, "empty:");
  for (const RawYamlEntry& e : x) {
    EXPECT_EQ(At(text, e), e.text);
    EXPECT_EQ(e.indent, 0);
  }
  EXPECT_EQ(x[0].range.begin, text.find("owner:"));
  // The warning stays, in its new words.
  bool warned = false;
  for (const Diagnostic& d : r.sink.diagnostics()) {
    if (d.code == "unknown-key" && d.path == "owner") {
      warned = true;
      EXPECT_EQ(d.message,
                "unknown front matter key 'owner' (kept as written, not checked; see "
                "docs/guide-format.md)");
    }
  }
  EXPECT_TRUE(warned);
}

TEST(KeptKeys, EntryKeysStayWithTheirEntryWithoutWarningsForNotesAndLevel) {
  const std::string text = Replace(testing::CleanGuide(), "    bonus_pct: 10\n",
                                   "    notes: >\n"
                                   "      yearly\n"
                                   "      refresh\n"
                                   "    bonus_pct: 10\n"
                                   "    refresh: 20000\n"
                                   "    level: L4\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  const Guide& g = *r.guide;
  ASSERT_EQ(g.front_matter_bands.size(), 2u);
  const std::vector<RawYamlEntry>& x = g.front_matter_bands[0].extra;
  ASSERT_EQ(x.size(), 3u);
  EXPECT_EQ(x[0].key, "notes");
  EXPECT_EQ(x[0].text, "notes: >\n      yearly\n      refresh");
  EXPECT_EQ(x[0].indent, 4);
  EXPECT_EQ(x[1].text, "refresh: 20000");
  EXPECT_EQ(x[2].text, "level: L4");
  EXPECT_TRUE(g.front_matter_bands[1].extra.empty());
  EXPECT_EQ(g.front_matter_bands[0].bonus_pct->basis_points, 1000);
  std::vector<std::string> warned;
  for (const Diagnostic& d : r.sink.diagnostics()) {
    if (d.code == "unknown-key") warned.push_back(d.path + ": " + d.message);
  }
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_EQ(warned[0],
            "compensation[0].refresh: unknown compensation key 'refresh' (kept as written, not "
            "checked)");
}

TEST(KeptKeys, FlowEntriesKeepOnlyTheirOwnBytes) {
  const std::string text =
      Replace(testing::CleanGuide(), "  - region: Dublin\n",
              "  - {region: Lisbon, currency: EUR, notes: [a, b], base_low: 1}\n"
              "  - region: Dublin\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_bands.size(), 3u);
  const std::vector<RawYamlEntry>& x = r.guide->front_matter_bands[1].extra;
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0].text, "notes: [a, b]");
  EXPECT_EQ(x[0].indent,
            static_cast<int>(std::string("  - {region: Lisbon, currency: EUR, ").size()));
  EXPECT_EQ(IndentRawYaml(x[0], 4), "notes: [a, b]");
}

// A tag before a flow collection (`!t [a, b]`) does not hide where it ends: the
// kept text runs to its closing bracket, in a flow entry and in a block one,
// and the canonical Markdown reads back the same.
TEST(KeptKeys, ATaggedFlowValueKeepsItsClosingBracket) {
  const std::string text =
      Replace(testing::CleanGuide(), "  - region: Dublin\n",
              "  - {region: Lisbon, currency: EUR, base_low: 1, notes: !t [a, b]}\n"
              "  - region: Dublin\n    level: !u {x: 1}\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_bands.size(), 3u);
  const std::vector<RawYamlEntry>& lisbon = r.guide->front_matter_bands[1].extra;
  ASSERT_EQ(lisbon.size(), 1u);
  EXPECT_EQ(lisbon[0].text, "notes: !t [a, b]");
  const std::vector<RawYamlEntry>& dublin = r.guide->front_matter_bands[2].extra;
  ASSERT_EQ(dublin.size(), 1u);
  EXPECT_EQ(dublin[0].text, "level: !u {x: 1}");
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  auto again = ReadText(md);
  ASSERT_TRUE(again.guide);
  EXPECT_TRUE(Codes(again.sink, Severity::kError).empty()) << md;
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

// A byte order mark that starts a key is not kept: written back first in the
// front matter, libyaml would take it as the stream's, and the key would read
// back without it.
TEST(KeptKeys, AKeysLeadingByteOrderMarkIsNotKept) {
  const std::string text = "---\n \xEF\xBB\xBFowner: jo\n---\n### Engineer | Acme\n";
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_extra.size(), 1u);
  EXPECT_EQ(r.guide->front_matter_extra[0].key, "owner");
  EXPECT_EQ(r.guide->front_matter_extra[0].text, "owner: jo");
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  auto again = ReadText(md);
  ASSERT_TRUE(again.guide);
  ASSERT_EQ(again.guide->front_matter_extra.size(), 1u);
  EXPECT_EQ(again.guide->front_matter_extra[0].text, "owner: jo");
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

// The lines under such a key keep their depth below it: libyaml counts the
// key's column where the mark starts, so a folded value indented two columns
// deeper stays two deeper when the key moves.
TEST(KeptKeys, ALineUnderAKeyWithALeadingByteOrderMarkStaysBelowIt) {
  const std::string text =
      "---\ncompensation:\n- region: Seattle\n  \xEF\xBB\xBFnotes: >\n    refresh grants "
      "are\n    yearly\n  currency: USD\n---\n### Engineer | Acme\n";
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("    notes: >\n      refresh grants are\n      yearly\n"), std::string::npos)
      << md;
  auto again = ReadText(md);
  ASSERT_TRUE(again.guide);
  EXPECT_TRUE(Codes(again.sink, Severity::kError).empty()) << md;
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

// Without its mark a key may not read as itself: after one, `## x` is a
// plain key; alone, a comment, and `|x` a block scalar. Such a key is kept
// as a quoted string, in a flow entry and in a block one, and reads back the
// same.
TEST(KeptKeys, AKeyThatNeedsItsByteOrderMarkIsWrittenQuoted) {
  const std::string text =
      "---\ncompensation:\n- {region: UK, currency: GBP, \xEF\xBB\xBF## x: 1}\n"
      "- region: US\n  currency: USD\n  \xEF\xBB\xBF|y: 2\n---\n### Engineer | Acme\n";
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_bands.size(), 2u);
  ASSERT_EQ(r.guide->front_matter_bands[0].extra.size(), 1u);
  EXPECT_EQ(r.guide->front_matter_bands[0].extra[0].key, "## x");
  EXPECT_EQ(r.guide->front_matter_bands[0].extra[0].text, "\"## x\": 1");
  ASSERT_EQ(r.guide->front_matter_bands[1].extra.size(), 1u);
  EXPECT_EQ(r.guide->front_matter_bands[1].extra[0].text, "\"|y\": 2");
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  auto again = ReadText(md);
  ASSERT_TRUE(again.guide);
  EXPECT_TRUE(Codes(again.sink, Severity::kError).empty()) << md;
  ASSERT_EQ(again.guide->front_matter_bands.size(), 2u);
  ASSERT_EQ(again.guide->front_matter_bands[0].extra.size(), 1u);
  EXPECT_EQ(again.guide->front_matter_bands[0].extra[0].key, "## x");
  ASSERT_EQ(again.guide->front_matter_bands[1].extra.size(), 1u);
  EXPECT_EQ(again.guide->front_matter_bands[1].extra[0].key, "|y");
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

TEST(KeptKeys, LevelMappingKeepsInternalAndOtherKeys) {
  const std::string text = Replace(testing::CleanGuide(), "  internal: null\n",
                                   "  internal: IC2\n"
                                   "  checked_by: sam\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  const LevelMapping& lm = r.guide->level_mapping_front_matter;
  EXPECT_EQ(*lm.internal, "IC2");
  ASSERT_EQ(lm.extra.size(), 1u);
  EXPECT_EQ(lm.extra[0].text, "checked_by: sam");
  EXPECT_EQ(lm.extra[0].indent, 2);
  EXPECT_TRUE(Codes(r.sink, Severity::kWarning).empty());
}

TEST(KeptKeys, CrlfLineEndsAreKeptInTheText) {
  std::string text = testing::CleanGuide();
  text = Replace(text, "role_type: standard\n", "tags:\n- a\n- b\n");
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto r = ReadText(crlf);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_extra.size(), 1u);
  EXPECT_EQ(r.guide->front_matter_extra[0].text, "tags:\r\n- a\r\n- b");
}

TEST(KeptKeys, TextNeverReachesPastTheFrontMatter) {
  // A key whose block scalar runs to the closing fence.
  const std::string text =
      Replace(testing::CleanGuide(),
              "negotiation_dna_summary:", "tail: |\n  x\n\n\nnegotiation_dna_summary:");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_extra.size(), 1u);
  const RawYamlEntry& e = r.guide->front_matter_extra[0];
  EXPECT_EQ(e.text, "tail: |\n  x");
  EXPECT_LE(e.range.end, r.guide->front_matter_range.end);
}

TEST(KeptKeys, AnEmptyValueEndsOnItsKeysLine) {
  const std::string text = Replace(testing::CleanGuide(), "role_type: standard\n",
                                   "owner:   # to be named\n"
                                   "# a comment line\n"
                                   "role_type: standard\n"
                                   "extra: {a: 1, b: , c: 2}\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_extra.size(), 2u);
  EXPECT_EQ(r.guide->front_matter_extra[0].text, "owner:   # to be named");
  EXPECT_EQ(r.guide->front_matter_extra[1].text, "extra: {a: 1, b: , c: 2}");
}

TEST(ReadGuide, ADuplicateKeyAtAnyDepthIsAnErrorNamingTheFirst) {
  std::string text =
      Replace(CleanGuide(), "role: software-engineer\n", "role: software-engineer\nrole: other\n");
  text = Replace(text, "    currency: EUR\n", "    currency: EUR\n    currency: USD\n");
  text = Replace(text, "  raw: Quillon", "  internal: x\n  raw: Quillon");
  text = Replace(text, "data_sources:\n", "extra: [{a: 1, b: 2, a: 3}]\ndata_sources:\n");
  auto r = ReadText(text);
  ASSERT_TRUE(r.guide);
  EXPECT_EQ(
      Findings(r, "duplicate-key"),
      (std::vector<std::string>{
          "5:1 role: duplicate key 'role': it is already given at line 4, column 1 (that one is "
          "read); give it once",
          "31:5 compensation[1].currency: duplicate key 'compensation[1].currency': it is already "
          "given at line 30, column 5 (that one is read); give it once",
          "34:3 level_mapping.internal: duplicate key 'level_mapping.internal': it is already "
          "given at line 33, column 3 (that one is read); give it once",
          "36:22 extra[0].a: duplicate key 'extra[0].a': it is already given at line 36, column "
          "10 (that one is read); give it once"}));
  // The first is read.
  EXPECT_EQ(*r.guide->role, "software-engineer");
  EXPECT_EQ(*r.guide->front_matter_bands[1].currency, "EUR");
}

TEST(ReadGuide, DuplicateKeysInALargeMappingAreFoundInSourceOrder) {
  std::string yaml = "---\n";
  for (int i = 0; i < 200; ++i) yaml += "k" + std::to_string(i % 150) + ": v\n";
  auto r = ReadText(yaml + "---\n" + kBody);
  const std::vector<std::string> found = Findings(r, "duplicate-key");
  ASSERT_EQ(found.size(), 50u);
  EXPECT_EQ(found.front(),
            "152:1 k0: duplicate key 'k0': it is already given at line 2, column 1 (that one is "
            "read); give it once");
  EXPECT_EQ(found.back(),
            "201:1 k49: duplicate key 'k49': it is already given at line 51, column 1 (that one "
            "is read); give it once");
}

// The pay table header from its cells' leading words; what it cannot name
// unambiguously is refused at the cell, never picked silently.
TEST(ReadGuide, TableHeaderRolesComeFromTheWordsBeforeABracket) {
  auto total = ReadText(Replace(kBody, "| Total Comp |", "| Total Comp (base+stock/4+bonus) |"));
  ASSERT_TRUE(total.guide);
  EXPECT_TRUE(Codes(total.sink, Severity::kError).empty());
  EXPECT_EQ(total.guide->table_bands[0].base_low->minor, 15'000'000);
  EXPECT_EQ(total.guide->table_bands[0].total_comp_low->minor, 19'500'000);

  auto bonus = ReadText(Replace(kBody, "| Bonus |", "| Bonus (% of base) |"));
  EXPECT_TRUE(Codes(bonus.sink, Severity::kError).empty());
  EXPECT_EQ(bonus.guide->table_bands[0].base_low->minor, 15'000'000);
  EXPECT_EQ(bonus.guide->table_bands[0].bonus_pct_high->basis_points, 1500);
}

TEST(ReadGuide, TableHeaderNamingTwoRolesOrARoleTwiceIsRefusedAtTheCell) {
  auto two = ReadText(
      Replace(Replace(kBody, "| Base Salary |", "| Base Salary (USD) | Base Salary (local) |"),
              "|--------|", "|--------|---|"));
  EXPECT_EQ(Findings(two, "table-header"),
            std::vector<std::string>{
                "5:32 table: the pay table's column 3 'Base Salary (local)' header is a second "
                "Base column (column 2 'Base Salary (USD)' is the first); only the first is read"});
  auto both = ReadText(Replace(kBody, "| Bonus |", "| Base + Bonus |"));
  EXPECT_EQ(Findings(both, "table-header"),
            std::vector<std::string>{
                "5:44 table: the pay table's column 4 'Base + Bonus' header names two columns, "
                "Base and Bonus; a header names one (a note in brackets after the name is not "
                "read)"});
  ASSERT_TRUE(both.guide);
  EXPECT_FALSE(both.guide->table_bands[0].bonus_pct_low.has());
  EXPECT_EQ(both.guide->table_bands[0].base_low->minor, 15'000'000);
}

TEST(ReadGuide, CellsPastTheHeaderAreAWarningNamingThem) {
  auto r = ReadText(Replace(kBody, "| EUR114K–EUR163K |", "| EUR114K–EUR163K | | EUR999K | x |"));
  EXPECT_TRUE(Codes(r.sink, Severity::kError).empty());
  EXPECT_EQ(Findings(r, "table-row-long"),
            std::vector<std::string>{
                "8:75 table[1]: row 2 of the pay table has cells past its 5 columns (Region | Base "
                "Salary | Stock (RSU/4yr) | Bonus | Total Comp): 'EUR999K | x' is not read"});
  // Empty cells past the header, or a last cell without its closing '|', say nothing.
  for (const char* row : {"| EUR114K–EUR163K | | |", "| EUR114K–EUR163K"}) {
    auto quiet = ReadText(Replace(kBody, "| EUR114K–EUR163K |", row));
    EXPECT_TRUE(Findings(quiet, "table-row-long").empty()) << row;
  }
}

TEST(ReadGuide, ALineOfTooManyMarkdownMarksIsReportedAndTheRestRead) {
  const std::string hostile(600'000, '[');
  auto r =
      ReadText(Replace(CleanGuide(), "**Level Mapping:**", hostile + "\n\n**Level Mapping:**"));
  ASSERT_TRUE(r.guide);
  const size_t line = r.file.Locate(r.file.text().find(hostile)).line;
  EXPECT_EQ(Findings(r, "markdown-too-complex"),
            std::vector<std::string>{
                std::to_string(line) +
                ":1 : this line has 600000 Markdown marks (\\ * _ ` & ; < > [ ] ! | - + . ), more "
                "than 500000; it was not read (a guide's line has a few dozen)"});
  EXPECT_EQ(Codes(r.sink, Severity::kError), std::vector<std::string>{"markdown-too-complex"});
  // What follows the line is read.
  EXPECT_EQ(ResolveLevelMapping(*r.guide).equivalents.size(), 3u);
  EXPECT_EQ(r.guide->strategy.floor->minor, 17'000'000);
  EXPECT_TRUE(r.guide->body_truncated);
}

TEST(ReadGuide, TheBodyPastItsMarkdownMarksIsNotRead) {
  ReadLimits limits;
  limits.max_line_marks = 100;
  limits.max_body_marks = 300;
  // The table, with its 30 '|' and 30 '-', and the lines before it fit; 4 lines of 60 '&' do not.
  const std::string amps = std::string(60, '&') + "\n";
  const std::string text = Replace(CleanGuide(), "**Negotiation DNA**\n",
                                   amps + amps + amps + amps + "\n**Negotiation DNA**\n");
  SourceFile file("test.md", text);
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(file, sink, limits);
  ASSERT_TRUE(g);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  const Diagnostic& d = sink.diagnostics()[0];
  EXPECT_EQ(d.code, "body-too-large");
  EXPECT_EQ(
      d.message,
      "the body has more than 300 Markdown marks and lines; the rest, from this line, was not "
      "read (a guide has a few thousand)");
  const LineColumn at = file.Locate(d.range.begin);
  EXPECT_EQ(file.Line(at.line), std::string(60, '&'));
  EXPECT_EQ(at.column, 1u);
  EXPECT_EQ(g->table_bands.size(), 2u);
  EXPECT_TRUE(g->levers.empty());
  EXPECT_TRUE(g->body_truncated);
}

TEST(ResolveCompensation, AFrontMatterBonusRangeWithOneEndTakesBonusPct) {
  const std::string fm =
      Replace(kFrontMatter, "    bonus_pct: 10\n    total_comp_low: 114000",
              "    bonus_pct: 10\n    bonus_pct_low: 5\n    total_comp_low: 114000");
  auto r = ReadText(fm + Replace(kBody, "| 10–15% | EUR114K", "| — | EUR114K"));
  ASSERT_TRUE(r.guide);
  const std::vector<ResolvedBand> bands = ResolveCompensation(*r.guide);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_EQ(bands[1].band.bonus_pct_low->basis_points, 500);
  EXPECT_EQ(bands[1].band.bonus_pct_high->basis_points, 1000);
  // A bonus_pct on the wrong side of the stated end leaves the range open.
  auto low = ReadText(Replace(fm, "    bonus_pct: 10\n    bonus_pct_low: 5",
                              "    bonus_pct: 3\n    bonus_pct_low: 5") +
                      Replace(kBody, "| 10–15% | EUR114K", "| — | EUR114K"));
  const std::vector<ResolvedBand> open = ResolveCompensation(*low.guide);
  EXPECT_EQ(open[1].band.bonus_pct_low->basis_points, 500);
  EXPECT_FALSE(open[1].band.bonus_pct_high.has());
}

TEST(ReadGuide, FrontMatterNumbersFollowTheTablesDecimalPointRule) {
  auto r = ReadText(
      Replace(Replace(Replace(CleanGuide(), "    base_low: 90000\n", "    base_low: 90000.\n"),
                      "    base_high: 120000\n", "    base_high: .5\n"),
              "    bonus_pct: 10\n    total_comp_low: 114000",
              "    bonus_pct: 7.555\n    total_comp_low: 114000"));
  EXPECT_EQ(Findings(r, "amount-invalid"),
            (std::vector<std::string>{
                "22:15 compensation[1].base_low: compensation[1].base_low '90000.' is not an "
                "amount: a decimal point needs a digit after it (write 80 or 80.5, not 80.)",
                "23:16 compensation[1].base_high: compensation[1].base_high '.5' is not an "
                "amount: a decimal point needs a digit before it (write 0.5, not .5)",
                "26:16 compensation[1].bonus_pct: compensation[1].bonus_pct '7.555' is not a "
                "percentage: '7.555' has 3 decimal places; a percentage has at most two"}));
}

TEST(IndentRawYaml, MovesEveryLineAfterTheFirstByTheSameAmount) {
  RawYamlEntry e;
  e.text = "notes: |\n    a\n\n      b\n  ";
  e.indent = 2;
  EXPECT_EQ(IndentRawYaml(e, 4), "notes: |\n      a\n\n        b\n    ");
  EXPECT_EQ(IndentRawYaml(e, 2), e.text);
  EXPECT_EQ(IndentRawYaml(e, 0), "notes: |\n  a\n\n    b\n");
  // Flow content may sit left of its key; in block style it goes deeper than
  // the key, also when the key stays where it was.
  RawYamlEntry f;
  f.text = "notes: [a,\r\n  b]";
  f.indent = 30;
  f.flow = true;
  EXPECT_EQ(IndentRawYaml(f, 4), "notes: [a,\r\n     b]");
  f.indent = 4;
  EXPECT_EQ(IndentRawYaml(f, 4), "notes: [a,\r\n     b]");
}

}  // namespace
}  // namespace levers
