// Records that break the format: a stray quote is reported at its own line
// and the rows after it are still read; a date with anything after it is
// rejected with the form expected; a record's level key is the level its
// group is keyed by, a grade's other spelling only where the docs list it.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "bands_test_data.h"
#include "levers/bands.h"

namespace levers {
namespace {

using bands_testing::kLevelsFyiHeader;
using bands_testing::Rejects;

BandsOptions Options() { return bands_testing::TestOptions({BandDimension::kCompany}); }

BandSet MustBuild(const std::string& text, const BandsOptions& o = Options()) {
  return bands_testing::MustBuildLevelsFyi(text, o);
}

// The same rows on one thread and with a cut every 16 bytes.
void ExpectSameOnManyThreads(const std::string& text) {
  BandsOptions many = Options();
  many.threads = 8;
  many.min_bytes_per_thread = 16;
  EXPECT_EQ(FormatBandsJson(MustBuild(text)), FormatBandsJson(MustBuild(text, many)));
}

TEST(BandsRecords, AStrayQuoteTakesOnlyItsOwnLine) {
  // Line 3 opens a quote it never closes; line 4's first quote used to close
  // it, and the two lines were one rejected record: line 4 was lost.
  const std::string text = std::string(kLevelsFyiHeader) +
                           "Acme,SWE,L4,\"Austin, TX\",6/1/2021,100000,0,0,100000\n"
                           "Acme,SWE,L4,\"Austin, TX,6/2/2021,110000,0,0,110000\n"
                           "Acme,SWE,L4,\"Austin, TX\",6/3/2021,120000,0,0,120000\n"
                           "Acme,SWE,L4,\"Austin, TX\",6/4/2021,130000,0,0,130000\n";
  const BandSet b = MustBuild(text);
  EXPECT_EQ(Rejects(b),
            (std::map<uint64_t, std::string>{
                {3,
                 "record-malformed location: a quote not closed on its line (the record ends "
                 "there)"}}));
  EXPECT_EQ(b.ledger.read, 4u);
  EXPECT_EQ(b.ledger.accepted, 3u);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ(b.groups[0].n, 3u);
  // Total comp 100,000, 120,000, 130,000: p50 120,000.
  EXPECT_EQ((*b.groups[0].metrics[3].pct)[2], 12'000'000);
  ExpectSameOnManyThreads(text);
}

TEST(BandsRecords, AStrayQuoteClosedCleanlyOnALaterLineMakesARaggedRecord) {
  // Line 4's quote closes line 3's and the merged record has 8 fields, not 9:
  // line 3 is the stray quote, line 4 is its own malformed record, line 5 is read.
  const std::string text = std::string(kLevelsFyiHeader) +
                           "Acme,SWE,L4,Austin,6/1/2021,100000,0,0,100000\n"
                           "Acme,SWE,L4,\"Austin, TX,6/2/2021,110000,0,0,110000\n"
                           "Acme,SWE,L4,Austin\",6/3/2021,120000,0,0\n"
                           "Acme,SWE,L4,Austin,6/4/2021,130000,0,0,130000\n";
  const BandSet b = MustBuild(text);
  EXPECT_EQ(Rejects(b),
            (std::map<uint64_t, std::string>{
                {3,
                 "record-malformed location: a quote not closed on its line (the record ends "
                 "there)"},
                {4, "record-malformed location: a quote inside an unquoted field"}}));
  EXPECT_EQ(b.ledger.read, 4u);
  EXPECT_EQ(b.ledger.accepted, 2u);
  ExpectSameOnManyThreads(text);
}

TEST(BandsRecords, AQuotedLineBreakInAWellFormedRecordStays) {
  const std::string text = std::string(kLevelsFyiHeader) +
                           "Acme,\"Software\nEngineer\",L4,Austin,6/1/2021,100000,0,0,100000\n"
                           "Acme,SWE,L4,Austin,6/4/2021,130000,0,0,130000\n";
  const BandSet b = MustBuild(text);
  EXPECT_TRUE(b.ledger.rejects.empty());
  EXPECT_EQ(b.ledger.read, 2u);
  EXPECT_EQ(b.ledger.accepted, 2u);
}

// ReadSalaryRecords keys a record's level as the bands group it: Google's
// bare 4 is its L4 (docs/bands.md 2.4), so one group and one level key.
TEST(BandsRecords, ARecordsLevelKeyIsTheLevelItIsGroupedUnder) {
  const std::string text = std::string(kLevelsFyiHeader) +
                           "Google,SWE,L4,\"Austin, TX\",6/1/2021,100000,0,0,100000\n"
                           "Google,SWE,4,\"Austin, TX\",6/2/2021,110000,0,0,110000\n"
                           "Acme,SWE,4,\"Austin, TX\",6/3/2021,120000,0,0,120000\n";
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kLevel};
  const BandSet b = MustBuild(text, o);
  ASSERT_EQ(b.groups.size(), 2u);
  std::map<std::string, uint64_t> n_by_group;
  for (const GroupBand& g : b.groups) n_by_group[g.key_norm[0] + "/" + g.key_norm[1]] = g.n;
  EXPECT_EQ(n_by_group, (std::map<std::string, uint64_t>{{"acme/4", 1}, {"google/l4", 2}}));
  std::map<uint64_t, std::string> level_by_line;
  Result<RowLedger> l =
      ReadSalaryRecords(text, "t.csv", LevelsFyiMapping(), o,
                        [&](const SalaryRecord& r) { level_by_line[r.line] = r.level_key; });
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(level_by_line, (std::map<uint64_t, std::string>{{2, "l4"}, {3, "l4"}, {4, "4"}}));
}

// Only the grades docs/bands.md 2.4 lists are aliased: Meta IC3 to IC9,
// Google T3 to T10 and a bare 3 to 10. Any other grade is read as written:
// no data shows Google's T2 or 2 to be its L2, or Meta's IC2 its E2 (they
// once were, with any grade of one or two digits).
TEST(BandsRecords, OnlyTheListedGradesAreAliased) {
  const std::map<std::string, std::string> expected = {
      {"google|t3", "l3"},   {"google|t10", "l10"}, {"google|3", "l3"},  {"google|10", "l10"},
      {"google|t2", "t2"},   {"google|t11", "t11"}, {"google|2", "2"},   {"google|11", "11"},
      {"google|t0", "t0"},   {"google|t03", "t03"}, {"google|1", "1"},   {"meta|ic3", "e3"},
      {"meta|ic9", "e9"},    {"meta|ic1", "ic1"},   {"meta|ic2", "ic2"}, {"meta|ic10", "ic10"},
      {"meta|ic03", "ic03"}, {"meta|3", "3"},       {"acme|t4", "t4"},   {"acme|ic4", "ic4"}};
  std::map<std::string, std::string> got;
  for (const auto& [key, level] : expected) {
    const std::string company = key.substr(0, key.find('|'));
    const std::string written = key.substr(key.find('|') + 1);
    got[key] = LevelKey(written, company);
  }
  EXPECT_EQ(got, expected);
  // As the band builder groups rows.
  const std::string text = std::string(kLevelsFyiHeader) +
                           "Google,SWE,L2,\"Austin, TX\",6/1/2021,100000,0,0,100000\n"
                           "Google,SWE,T2,\"Austin, TX\",6/2/2021,110000,0,0,110000\n"
                           "Google,SWE,2,\"Austin, TX\",6/3/2021,120000,0,0,120000\n"
                           "Google,SWE,T10,\"Austin, TX\",6/4/2021,130000,0,0,130000\n"
                           "Facebook,SWE,IC2,\"Austin, TX\",6/5/2021,140000,0,0,140000\n"
                           "Facebook,SWE,E2,\"Austin, TX\",6/6/2021,150000,0,0,150000\n"
                           "Facebook,SWE,IC9,\"Austin, TX\",6/7/2021,160000,0,0,160000\n";
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kLevel};
  std::map<std::string, uint64_t> n_by_group;
  for (const GroupBand& g : MustBuild(text, o).groups)
    n_by_group[g.key_norm[0] + "/" + g.key_norm[1]] = g.n;
  EXPECT_EQ(n_by_group, (std::map<std::string, uint64_t>{{"google/l2", 1},
                                                         {"google/t2", 1},
                                                         {"google/2", 1},
                                                         {"google/l10", 1},
                                                         {"meta/ic2", 1},
                                                         {"meta/e2", 1},
                                                         {"meta/e9", 1}}));
}

// A company alias given in the options keys a record's company, and so its
// ladder, as it keys the group: fb is meta, so fb's IC4 is meta's E4.
TEST(BandsRecords, ARecordsCompanyKeyTakesTheOptionsAliases) {
  const std::string text = std::string(kLevelsFyiHeader) +
                           "FB,SWE,IC4,\"Austin, TX\",6/1/2021,100000,0,0,100000\n"
                           "Meta,SWE,E4,\"Austin, TX\",6/2/2021,110000,0,0,110000\n";
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kLevel};
  o.company_aliases = {{"fb", "meta"}};
  const BandSet b = MustBuild(text, o);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ(b.groups[0].key_norm[0] + "/" + b.groups[0].key_norm[1], "meta/e4");
  std::map<uint64_t, std::string> key_by_line;
  Result<RowLedger> l = ReadSalaryRecords(
      text, "t.csv", LevelsFyiMapping(), o,
      [&](const SalaryRecord& r) { key_by_line[r.line] = r.company_key + "/" + r.level_key; });
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(key_by_line, (std::map<uint64_t, std::string>{{2, "meta/e4"}, {3, "meta/e4"}}));
}

TEST(BandsRecords, DatesWithAnythingAfterThemAreRejected) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,date=d,base=b");
  ASSERT_TRUE(m.ok());
  const std::string iso =
      "expected a date such as 2017-06-07, 2017-06-07T10:05:00Z or 2017, found ";
  const std::string us = "expected a date such as 6/7/2017 or 6/7/2017 10:05:00, found ";
  Result<BandSet> b = BuildBandsFromText(
      "c,d,b\n"
      "A,2021-06-01xyz,1\n"            // 2
      "A,2021-06-01 xyz,1\n"           // 3
      "A,2021-06-01T10:00:00junk,1\n"  // 4
      "A,6/1/2021 10:00:00 junk,1\n"   // 5
      "A,6/1/2021 junk,1\n"            // 6
      "A,2021-06-01T,1\n"              // 7
      "A,6/1/2021 24:00,1\n"           // 8
      "A,6/1/2021 10:00:00,2\n"        // Levels.fyi's form
      "A,6/1/2021 9:05 PM,3\n"
      "A,2021-06-01,4\n"
      "A,2021-06-01T10:00:00Z,5\n"
      "A,2021-06-01 10:00:00.123+02:00,6\n"
      "A,2021,7\n",
      "t.csv", *m, Options());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(Rejects(*b), (std::map<uint64_t, std::string>{
                             {2, "date-invalid d: " + iso + "'2021-06-01xyz'"},
                             {3, "date-invalid d: " + iso + "'2021-06-01 xyz'"},
                             {4, "date-invalid d: " + iso + "'2021-06-01T10:00:00junk'"},
                             {5, "date-invalid d: " + us + "'6/1/2021 10:00:00 junk'"},
                             {6, "date-invalid d: " + us + "'6/1/2021 junk'"},
                             {7, "date-invalid d: " + iso + "'2021-06-01T'"},
                             {8, "date-invalid d: " + us + "'6/1/2021 24:00'"},
                         }));
  EXPECT_EQ(b->ledger.accepted, 6u);
  ASSERT_EQ(b->groups.size(), 1u);
  // Bases $2..$7: p50 = 4.50.
  EXPECT_EQ((*b->groups[0].metrics[0].pct)[2], 450);
}

}  // namespace
}  // namespace levers
