// Bad input, column mappings, currency conversion, the recency window and
// small groups: each against answers worked out by hand for the fixtures in
// tests/bands/, and the ds_salaries known answer for conversion.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bands_test_data.h"
#include "levers/bands.h"
#include "levers/utf8.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

using bands_testing::Fixture;
using bands_testing::MustBuild;
using bands_testing::RejectCodes;

BandsOptions Options() { return bands_testing::TestOptions(); }

TEST(BandsInput, MalformedRowsAreCountedWithTheirLines) {
  const BandSet b = MustBuild(Fixture("malformed.csv"), LevelsFyiMapping(), Options());
  const std::map<uint64_t, std::string> want = {
      {5, "ragged-row"},   {6, "record-malformed"},  {7, "amount-missing"},  {8, "amount-invalid"},
      {9, "date-invalid"}, {14, "record-malformed"}, {15, "amount-invalid"},
  };
  EXPECT_EQ(RejectCodes(b), want);
  EXPECT_EQ(b.ledger.read, 14u);  // the blank line 16 is not a record
  EXPECT_EQ(b.ledger.accepted, 7u);
  EXPECT_EQ(b.ledger.rejected, 7u);
  EXPECT_EQ(b.ledger.read, b.ledger.accepted + b.ledger.rejected);
  // Reasons name the column and what was expected.
  for (const RejectedRow& r : b.ledger.rejects) {
    if (r.line == 5) {
      EXPECT_EQ(r.reason, "expected 9 fields as in the header, found 8");
    }
    if (r.line == 6) {
      EXPECT_EQ(r.reason, "a quote inside an unquoted field");
    }
    if (r.line == 6) {
      EXPECT_EQ(r.column, "company");
    }
    if (r.line == 8) {
      EXPECT_EQ(r.column, "basesalary");
    }
    if (r.line == 8) {
      EXPECT_EQ(r.reason, "expected an amount such as 120000 or 120000.50, found 'abc'");
    }
    if (r.line == 9) {
      EXPECT_EQ(r.reason, "'2/30/2021 10:00:00' is not a calendar date");
    }
    if (r.line == 14) {
      EXPECT_EQ(r.reason, "text after a closing quote");
    }
  }
  // The seven good rows (BOM, CRLF, quoted cells, a line break inside a title, a
  // date without a time, no final newline) are one group: "google " and "GOogle" are Google.
  ASSERT_EQ(b.groups.size(), 1u);
  const GroupBand& g = b.groups[0];
  EXPECT_EQ(g.n, 7u);
  EXPECT_EQ(g.key[0], "Google");
  EXPECT_EQ(g.key_norm, (std::vector<std::string>{"google", "software engineer", "l4"}));
  EXPECT_EQ(g.company_aliases, (std::vector<std::string>{"Google", "GOogle", "google"}));
  // Totals 230, 240, 250, 250, 255, 260, 270 (thousands): p50 = 250K, p10 = h 0.6 -> 236K.
  const auto& t = *g.metrics[3].pct;
  EXPECT_EQ(t[2], 250'000'00);
  EXPECT_EQ(t[0], 236'000'00);
  EXPECT_EQ(t[4], 264'000'00);  // h 5.4: 260K + 0.4 * 10K
}

TEST(BandsInput, SameLedgerWhenEveryLineIsACut) {
  // Cuts every few bytes land inside quoted fields: the result must not change.
  const std::string text = Fixture("malformed.csv");
  BandsOptions one = Options();
  BandsOptions many = Options();
  many.threads = 8;
  many.min_bytes_per_thread = 16;
  EXPECT_EQ(FormatBandsJson(MustBuild(text, LevelsFyiMapping(), one)),
            FormatBandsJson(MustBuild(text, LevelsFyiMapping(), many)));
}

TEST(BandsInput, ZeroPayIsNeverAFigure) {
  // Base 0 with no total column: only the total was given, and there is none.
  Result<ColumnMapping> m = ParseColumnMapping("title=job,base=pay,date=yr");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  BandsOptions o = Options();
  o.by = {BandDimension::kTitle};
  const BandSet b = MustBuild(
      "job,pay,yr\nDS,0,2021\nDS,100000,2021\nDS,110000,2021\nDS,120000,2021\n"
      "DS,130000,2021\nDS,140000,2021\n",
      *m, o);
  EXPECT_EQ(RejectCodes(b), (std::map<uint64_t, std::string>{{2, "amount-missing"}}));
  ASSERT_EQ(b.ledger.rejects.size(), 1u);
  EXPECT_EQ(b.ledger.rejects[0].column, "pay");
  EXPECT_EQ(b.ledger.rejects[0].reason,
            "no pay given: pay is '0' (base 0 means only the total was given) and there is no "
            "total column");
  EXPECT_EQ(b.ledger.read, 6u);
  EXPECT_EQ(b.ledger.accepted, 5u);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ(b.groups[0].n, 5u);
  // Totals 100..140K: p10 h 0.4 -> 104K, p25 110K, p50 120K, p75 130K, p90 h 3.6 -> 136K.
  EXPECT_EQ(*b.groups[0].metrics[3].pct,
            (std::array<int64_t, 5>{104'000'00, 110'000'00, 120'000'00, 130'000'00, 136'000'00}));
  EXPECT_EQ(b.groups[0].metrics[0].n, 5u);

  // Levels.fyi style: base 0 and total 0 is no pay at all; base 0 with a total
  // counts for total comp only.
  BandsOptions lo = Options();
  lo.by = {BandDimension::kCompany};
  const std::string head =
      "company,title,level,location,timestamp,basesalary,stockgrantvalue,bonus,"
      "totalyearlycompensation\n";
  const BandSet l = MustBuild(head +
                                  "Acme,SWE,L1,\"Austin, TX\",1/5/2021,100000,0,0,100000\n"
                                  "Acme,SWE,L1,\"Austin, TX\",1/5/2021,0,0,0,0\n"
                                  "Acme,SWE,L1,\"Austin, TX\",1/5/2021,0,0,0,300000\n",
                              LevelsFyiMapping(), lo);
  EXPECT_EQ(RejectCodes(l), (std::map<uint64_t, std::string>{{3, "amount-missing"}}));
  ASSERT_EQ(l.ledger.rejects.size(), 1u);
  EXPECT_EQ(l.ledger.rejects[0].reason,
            "no pay given: basesalary is '0' (base 0 means only the total was given) and "
            "totalyearlycompensation is '0'");
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_EQ(l.groups[0].n, 2u);
  EXPECT_EQ(l.groups[0].metrics[0].n, 1u);  // base: the 0 is not a base
  EXPECT_EQ(l.groups[0].metrics[3].n, 2u);  // total comp: 100K and 300K, p50 200K
  EXPECT_EQ((*l.groups[0].metrics[3].pct)[2], 200'000'00);
}

TEST(BandsInput, MappedColumnsCurrencyAndDecimals) {
  Result<ColumnMapping> m = ParseColumnMapping(
      "company=employer,title=role,location=city,date=when,base=pay,currency=ccy");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  BandsOptions o = Options();
  o.as_of = Date{2024, 12, 31};
  o.by = {BandDimension::kCompany, BandDimension::kRegion};
  o.currency = "";  // keep each row's currency
  const BandSet b = MustBuild(Fixture("mapped.csv"), *m, o);
  const std::map<uint64_t, std::string> want = {
      {3, "currency-unknown"}, {4, "date-invalid"}, {6, "amount-invalid"}, {7, "amount-invalid"}};
  EXPECT_EQ(RejectCodes(b), want);
  EXPECT_EQ(b.ledger.read, 7u);
  EXPECT_EQ(b.ledger.accepted, 3u);
  ASSERT_EQ(b.groups.size(), 2u);
  // Paris: 70,000 and "71,000" EUR; London: 80,000 GBP.
  EXPECT_EQ(b.groups[0].key, (std::vector<std::string>{"Acme", "Paris"}));
  EXPECT_EQ(b.groups[0].currency, "EUR");
  EXPECT_EQ((*b.groups[0].metrics[0].pct)[2], 70'500'00);
  EXPECT_EQ(b.groups[1].currency, "GBP");
  // No total column: total = base (no stock or bonus column).
  EXPECT_EQ((*b.groups[1].metrics[3].pct)[2], 80'000'00);

  // Converted to USD on each record's date through the ECB table:
  // GBP 80,000 on 2024-01-15: 80,000 / 0.85950 GBP/EUR * 1.0945 USD/EUR.
  o.currency = "USD";
  const BandSet usd = MustBuild(Fixture("mapped.csv"), *m, o);
  const RateTable& ecb = RateTable::Bundled();
  Result<RateTable::Conversion> c = ecb.Convert(Money{80'000'00, "GBP"}, "USD", Date{2024, 1, 15});
  ASSERT_TRUE(c.ok());
  for (const GroupBand& g : usd.groups) {
    EXPECT_EQ(g.currency, "USD");
    if (g.key[1] == "London") {
      EXPECT_EQ((*g.metrics[0].pct)[2], c->to.minor);
    }
  }
  EXPECT_EQ(usd.ledger.converted, 3u);
}

TEST(BandsInput, FileLevelErrors) {
  BandsOptions o = Options();
  Result<BandSet> empty = BuildBandsFromText("", "e.csv", LevelsFyiMapping(), o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "e.csv: empty file, expected a header line");
  Result<BandSet> header = BuildBandsFromText("a,b\n1,2\n", "h.csv", LevelsFyiMapping(), o);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(header.status().message(), "h.csv:1: no column 'company' in the header (it has: a, b)");
  o.by = {BandDimension::kRegion};
  Result<ColumnMapping> m = ParseColumnMapping("base=pay");
  ASSERT_TRUE(m.ok());
  Result<BandSet> by = BuildBandsFromText("pay\n1\n", "b.csv", *m, o);
  ASSERT_FALSE(by.ok());
  EXPECT_EQ(by.status().message(),
            "cannot group by region: the column mapping names no location column");
  EXPECT_FALSE(ParseColumnMapping("company").ok());
  EXPECT_FALSE(ParseColumnMapping("colour=x,base=y").ok());
  EXPECT_FALSE(ParseDimensions("company,company").ok());
  EXPECT_FALSE(ParseDimensions("company,team").ok());
  BandsOptions no_date = Options();
  no_date.as_of = Date{};
  EXPECT_FALSE(BuildBandsFromText("pay\n1\n", "x.csv", *m, no_date).ok());
}

// A key given twice, or two keys that say one thing, is refused naming both
// values: the last one would otherwise win, relabelling every amount
// (currency_code twice) or reading stock per year as a whole grant.
TEST(BandsInput, AMappingThatContradictsItselfIsRefused) {
  const std::string m = "company=company,base=base,";
  auto message = [](const std::string& spec) {
    Result<ColumnMapping> r = ParseColumnMapping(spec);
    return r.ok() ? std::string("accepted") : r.status().message();
  };
  EXPECT_EQ(message(m + "currency_code=USD,currency_code=JPY"),
            "column mapping: 'currency_code' given twice (USD, JPY)");
  EXPECT_EQ(message("company=company,base=a,base=b,currency_code=USD"),
            "column mapping: 'base' given twice (a, b)");
  // Keys are folded as they are read: BASE is base.
  EXPECT_EQ(message("company=company,base=a,BASE=a,currency_code=USD"),
            "column mapping: 'base' given twice (a, a)");
  EXPECT_EQ(message(m + "currency_code=USD,currency=cur"),
            "column mapping: give currency or currency_code, not both (currency_code=USD, "
            "currency=cur)");
  EXPECT_EQ(message(m + "currency=cur,currency_code=USD"),
            "column mapping: give currency or currency_code, not both (currency=cur, "
            "currency_code=USD)");
  EXPECT_EQ(message(m + "currency_code=USD,stock=stk,stock_grant=stk"),
            "column mapping: give stock or stock_grant, not both (stock=stk, stock_grant=stk)");
  EXPECT_EQ(message(m + "currency_code=USD,stock=stk,grant_years=3"),
            "column mapping: grant_years divides a stock_grant column, and none is named (stock= "
            "is already per year)");
  Result<ColumnMapping> grant =
      ParseColumnMapping(m + "currency_code=USD,stock_grant=s,grant_years=3");
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(grant->grant_years, 3);
  EXPECT_EQ(grant->stock_basis, StockBasis::kPerGrant);
}

// A currency code in any case, as every --currency flag takes it; the mapping
// holds it upper-cased.
TEST(BandsInput, MappedCurrencyCodeInAnyCase) {
  for (const char* code : {"eur", "Eur", "EUR"}) {
    Result<ColumnMapping> m = ParseColumnMapping(std::string("base=b,currency_code=") + code);
    ASSERT_TRUE(m.ok()) << code << ": " << m.status().ToString();
    EXPECT_EQ(m->fixed_currency, "EUR");
  }
  Result<ColumnMapping> bad = ParseColumnMapping("base=b,currency_code=xyz");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "column mapping: unknown currency 'xyz'");
}

// A header naming a column the mapping reads twice is refused: reading the
// first would be a silent choice.
TEST(BandsInput, AColumnNamedTwiceIsRefused) {
  Result<BandSet> b = BuildBandsFromText(
      "company,title,level,location,timestamp,basesalary,stockgrantvalue,bonus,"
      "totalyearlycompensation,basesalary\n"
      "Google,SWE,L4,\"Mountain View, CA\",2021-06-07,160000,70000,20000,250000,1\n",
      "dup.csv", LevelsFyiMapping(), Options());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(b.status().message(),
            "dup.csv:1: column 'basesalary' named twice (columns 6 and 10); expected each column "
            "the mapping reads once");
}

// Memory grows with groups, so their number is bounded: one past the bound
// is an error naming it, on one thread or many (each thread's table and the
// merge are held to it), and a file at the bound reads. Two spellings of one
// company are one group, never counted twice.
TEST(BandsInput, TheNumberOfGroupsIsBounded) {
  std::string csv(bands_testing::kLevelsFyiHeader);
  for (int i = 0; i < 40; ++i) {
    csv += "C" + std::to_string(i % 6) + ",SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
    csv += "c" + std::to_string(i % 6) + " ,SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
  }
  for (int threads : {1, 4}) {
    BandsOptions o = Options();
    o.threads = threads;
    o.min_bytes_per_thread = 64;  // many chunks even for this small file
    o.max_groups = 5;
    Result<BandSet> over = BuildBandsFromText(csv, "g.csv", LevelsFyiMapping(), o);
    ASSERT_FALSE(over.ok()) << threads;
    EXPECT_EQ(over.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(over.status().message(),
              "g.csv: the rows make more than 5 groups (--max-groups 5); group by fewer "
              "dimensions (--by) or raise --max-groups");
    o.max_groups = 6;
    Result<BandSet> at = BuildBandsFromText(csv, "g.csv", LevelsFyiMapping(), o);
    ASSERT_TRUE(at.ok()) << threads << " " << at.status().ToString();
    EXPECT_EQ(at->groups.size(), 6u);
    EXPECT_EQ(at->ledger.in_window, 80u);
  }
  // Rows inside a quoted field are one cell: a thread that starts inside it
  // reads them as rows and passes the bound, but the file has 3 groups.
  std::string quoted(bands_testing::kLevelsFyiHeader);
  quoted += "Q,\"SWE\n";
  for (int i = 0; i < 300; ++i)
    quoted += "F" + std::to_string(i) + ",SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
  quoted += "\",L4,Austin,2021-06-07,100000,0,0,100000\n";
  for (int i = 0; i < 10; ++i)
    quoted += "C" + std::to_string(i % 2) + ",SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
  for (int threads : {1, 4}) {
    BandsOptions o = Options();
    o.threads = threads;
    o.min_bytes_per_thread = 64;
    o.max_groups = 5;
    Result<BandSet> b = BuildBandsFromText(quoted, "q.csv", LevelsFyiMapping(), o);
    ASSERT_TRUE(b.ok()) << threads << " " << b.status().ToString();
    EXPECT_EQ(b->ledger.read, 11u) << threads;
    EXPECT_EQ(b->ledger.in_window + b->ledger.rejected, 11u) << threads;
  }
}

// Past the bound the read stops: the rows after the block in which the table
// passed it are never read. Here they lie in memory that cannot be read at
// all, so reading on would crash the test.
TEST(BandsInput, TheReadStopsWhenTheGroupsPassTheBound) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t readable = (1 << 20) + 2 * page;  // past the first 1 MiB block of rows
  const size_t total = readable + 64 * page;
  void* map = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  char* bytes = static_cast<char*>(map);
  std::string csv(bands_testing::kLevelsFyiHeader);
  for (int i = 0; i < 6; ++i)
    csv += "C" + std::to_string(i) + ",SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
  const std::string row = "C0,SWE,L4,Austin,2021-06-07,100000,0,0,100000\n";
  while (csv.size() < total) csv += row;
  std::memcpy(bytes, csv.data(), total);
  ASSERT_EQ(mprotect(bytes + readable, total - readable, PROT_NONE), 0);
  BandsOptions o = Options();
  o.threads = 1;
  o.max_groups = 5;
  Result<BandSet> over =
      BuildBandsFromText(std::string_view(bytes, total), "g.csv", LevelsFyiMapping(), o);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(),
            "g.csv: the rows make more than 5 groups (--max-groups 5); group by fewer "
            "dimensions (--by) or raise --max-groups");
  munmap(map, total);
}

// A header over the record limit says so (not just "malformed"); a malformed
// header says why; a byte order mark inside a cell is named, not shown as an
// invisible character.
TEST(BandsInput, HeaderTooLongOrMalformedAndAByteOrderMarkAreNamed) {
  BandsOptions o = Options();
  o.max_record_bytes = 1024;
  Result<BandSet> big =
      BuildBandsFromText(std::string(2000, 'a') + "\n1\n", "big.csv", LevelsFyiMapping(), o);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().message(),
            "big.csv:1: the header line is longer than 1024 bytes, the longest record read; "
            "expected a line of column names");
  Result<BandSet> bad =
      BuildBandsFromText("company,ti\"tle\n1,2\n", "q.csv", LevelsFyiMapping(), o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "q.csv:1: the header line is malformed: a quote inside an unquoted field (column 2)");
  std::string csv(bands_testing::kLevelsFyiHeader);
  csv +=
      "Google,SWE,L4,Austin,\xEF\xBB\xBF"
      "2021-06-07,160000,70000,20000,250000\n";
  const BandSet b = MustBuild(csv, LevelsFyiMapping(), Options());
  EXPECT_EQ(bands_testing::Rejects(b),
            (std::map<uint64_t, std::string>{
                {2,
                 "date-invalid timestamp: expected a date such as 2017-06-07, "
                 "2017-06-07T10:05:00Z or 2017, found '<U+FEFF>2021-06-07'"}}));
}

// A control byte in any field read is a rejected row naming its line and
// column; no message or label carries the raw byte.
TEST(BandsInput, ControlBytesInFieldsAreRejected) {
  std::string csv(bands_testing::kLevelsFyiHeader);
  csv += "Google,SWE,L4,\"Mountain View, CA\",2021-06-07,160000,70000,20000,250000\n";
  using std::string_literals::operator""s;
  csv += "Goo\0gle,SWE,L4,\"Mountain View, CA\",2021-06-07,160000,70000,20000,250000\n"s;
  csv +=
      "Google,SWE,L4,\"Mountain View, CA\",2021-06-07,16\x01"
      "0000,70000,20000,250000\n";
  csv +=
      "Google,SW\x7f"
      "E,L4,\"Mountain View, CA\",2021-06-07,160000,70000,20000,250000\n";
  const BandSet b = MustBuild(csv, LevelsFyiMapping(), Options());
  EXPECT_EQ(b.ledger.accepted, 1u);
  EXPECT_EQ(bands_testing::Rejects(b),
            (std::map<uint64_t, std::string>{
                {3,
                 "control-character company: control characters are not allowed (U+0000 at "
                 "byte 4 of 'Goo\\x00gle')"},
                {4,
                 "control-character basesalary: control characters are not allowed (U+0001 at "
                 "byte 3 of '16\\x010000')"},
                {5,
                 "control-character title: control characters are not allowed (U+007F at "
                 "byte 3 of 'SW\\x7FE')"}}));
  ASSERT_EQ(b.groups.size(), 1u);
  const std::string text = FormatBandsText(b, 100) + FormatRejectedRows(b, 100, "");
  EXPECT_EQ(text.find('\0'), std::string::npos);
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  EXPECT_EQ(text.find('\x7f'), std::string::npos);
}

// Found by tests/fuzz/csv_fuzzer.cc: a line holding only "" (one empty quoted
// field) was dropped as if blank, uncounted; and blank lines before the header
// made the header an empty record ("no column ... (it has: )" on line 1).
TEST(BandsInput, BlankLinesAreNotRecordsButAnEmptyQuotedFieldIs) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  const std::string text = "\n\r\nc,b\nAcme,100\n\"\"\n\r\rAcme,200\n";
  for (int threads : {1, 3}) {
    o.threads = threads;
    o.min_bytes_per_thread = 1;
    const BandSet b = MustBuild(text, *m, o);
    // Line 3 is the header; line 5 is a record of one field; lines 6 and 7 are blank.
    EXPECT_EQ(RejectCodes(b), (std::map<uint64_t, std::string>{{5, "ragged-row"}}));
    EXPECT_EQ(b.ledger.read, 3u);
    EXPECT_EQ(b.ledger.accepted, 2u);
  }
  uint64_t visited_line = 0;
  Result<RowLedger> l = ReadSalaryRecords(text, "t.csv", *m, o, [&](const SalaryRecord& r) {
    if (*r.base == 20000) visited_line = r.line;
  });
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->read, 3u);
  EXPECT_EQ(visited_line, 8u);
  Result<BandSet> late =
      BuildBandsFromText("\n\r\na,b\n1,2\n", "h.csv", LevelsFyiMapping(), Options());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().message(), "h.csv:3: no column 'company' in the header (it has: a, b)");
  Result<BandSet> blank_only = BuildBandsFromText("\n\n", "e.csv", LevelsFyiMapping(), Options());
  ASSERT_FALSE(blank_only.ok());
  EXPECT_EQ(blank_only.status().message(), "e.csv: empty file, expected a header line");
}

// Blank lines before the header are skipped in one pass, whatever their
// number (each once cost a 2 MiB scan: 300,000 took 6.8 s), and the header's
// line is still counted through LF, CRLF and lone CR alike.
TEST(BandsInput, ManyBlankLinesBeforeTheHeaderAreSkippedInOnePass) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  std::string text;
  for (int i = 0; i < 200'000; ++i) text += (i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
  text += "c,b\nAcme,100\nAcme,x\n";
  const BandSet b = MustBuild(text, *m, o);
  EXPECT_EQ(b.ledger.read, 2u);
  EXPECT_EQ(b.ledger.accepted, 1u);
  // 200,000 blank lines, then the header on line 200,001 and the bad row on 200,003.
  EXPECT_EQ(RejectCodes(b), (std::map<uint64_t, std::string>{{200'003, "amount-invalid"}}));
  const std::string blanks = text.substr(0, text.find('c'));
  Result<BandSet> bad = BuildBandsFromText(blanks + "a,b\n", "h.csv", *m, Options());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "h.csv:200001: no column 'c' in the header (it has: a, b)");
}

// The median base of each company's group in EUR, with `rows` ("c,d,b,ccy"
// text) converted through the rates of `ecb_csv` (an ECB table as text); the
// rows rejected go to `rejects`, by line.
std::map<std::string, int64_t> MedianBaseInEur(const std::string& ecb_csv, const std::string& rows,
                                               std::map<uint64_t, std::string>& rejects) {
  Result<RateTable> rates = RateTable::FromEcbCsv(ecb_csv, "rates.csv");
  EXPECT_TRUE(rates.ok()) << rates.status().ToString();
  if (!rates.ok()) return {};
  Result<ColumnMapping> m = ParseColumnMapping("company=c,date=d,base=b,currency=ccy");
  EXPECT_TRUE(m.ok());
  BandsOptions o = Options();
  o.as_of = Date{2021, 12, 31};
  o.by = {BandDimension::kCompany};
  o.currency = "EUR";
  o.rates = &*rates;
  const BandSet b = MustBuild(rows, *m, o);
  std::map<std::string, int64_t> base;
  for (const GroupBand& g : b.groups) base[g.key_norm[0]] = (*g.metrics[0].pct)[2];
  rejects = RejectCodes(b);
  return base;
}

// A year-only date converts at the mean of the rates published that year. The
// mean is now found by walking the published days back from December 31
// (csv_fuzzer hit its 10 s timeout on the old day-by-day walk); the answer is
// the same, computed here by hand.
TEST(BandsInput, YearOnlyDatesConvertAtTheYearsMeanRate) {
  // USD per EUR in 2020: 1.10, 1.20, 1.30, and 1.45 on a day JPY has no rate;
  // mean (1.10 + 1.20 + 1.30 + 1.45) / 4 = 1.2625. JPY: (120 + 130 + 140) / 3 = 130.
  // 2021 has one day: 1.00.
  std::map<uint64_t, std::string> rejects;
  const std::map<std::string, int64_t> base = MedianBaseInEur(
      "Date,USD,JPY,\n2021-03-01,1.00,100,\n2020-12-31,1.45,N/A,\n2020-07-03,1.30,140,\n"
      "2020-03-02,1.20,130,\n2020-01-02,1.10,120,\n",
      "c,d,b,ccy\nA,2020,126250,USD\nB,2020,1300000,JPY\nC,2021,5000,USD\nD,2019,5000,USD\n",
      rejects);
  // USD 126,250 / 1.2625 = EUR 100,000; JPY 1,300,000 / 130 = EUR 10,000; USD 5,000 / 1 = EUR
  // 5,000.
  EXPECT_EQ(base,
            (std::map<std::string, int64_t>{{"a", 10'000'000}, {"b", 1'000'000}, {"c", 500'000}}));
  // 2019 is before the table: the row is rejected, not guessed.
  EXPECT_EQ(rejects, (std::map<uint64_t, std::string>{{5, "conversion-failed"}}));
}

// A row dated on a day the ECB published no rates (a weekend, a holiday)
// converts at the latest day before it that has them, up to 7 days back;
// further back the row is rejected, never converted at a guess.
TEST(BandsInput, ADayWithoutEcbRatesConvertsAtTheLatestDayBefore) {
  // USD per EUR. Good Friday 2021-04-02 and Easter Monday 2021-04-05 have no
  // rates; nor the weekend of 2021-06-05.
  std::map<uint64_t, std::string> rejects;
  const std::map<std::string, int64_t> base = MedianBaseInEur(
      "Date,USD,\n2021-06-07,1.00,\n2021-06-04,1.60,\n2021-04-06,2.00,\n2021-04-01,1.25,\n",
      "c,d,b,ccy\nEaster,2021-04-05,100000,USD\nSaturday,2021-06-05,100000,USD\n"
      "Friday,2021-06-04,100000,USD\nLate,2021-06-15,100000,USD\n",
      rejects);
  // Easter Monday: 2021-04-01's 1.25, four days back (not 2021-04-06's 2.00):
  // USD 100,000 / 1.25 = EUR 80,000. The Saturday: Friday's 1.60, EUR 62,500.
  EXPECT_EQ(base, (std::map<std::string, int64_t>{
                      {"easter", 8'000'000}, {"friday", 6'250'000}, {"saturday", 6'250'000}}));
  // 2021-06-15 is 8 days after the last rates: rejected.
  EXPECT_EQ(rejects, (std::map<uint64_t, std::string>{{5, "conversion-failed"}}));
}

// Found by tests/fuzz/csv_fuzzer.cc (csv_corpus/regression_title_not_utf8.csv):
// a title byte that is not UTF-8 made FormatBandsJson throw (levers bands build
// --format json aborted); and a reason quoting a cell cut it inside a character.
TEST(BandsInput, TextThatIsNotUtf8IsWrittenAsReplacementCharacters) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,title=t,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kTitle};
  const std::string cell = std::string(59, '1') + "\xc3\xa9";  // 59 digits then an e acute
  const BandSet b =
      MustBuild("c,t,b\nAcme,\xd3oftware Engineer,100\nAcme,Engineer," + cell + "\n", *m, o);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ(b.groups[0].key[1], "\xd3oftware Engineer");  // kept as read for text and CSV
  const std::string json = FormatBandsJson(b);
  EXPECT_NE(json.find("\xef\xbf\xbdoftware Engineer"), std::string::npos);  // U+FFFD
  EXPECT_TRUE(IsValidUtf8(json));
  EXPECT_TRUE(ParseBandsJson(json, "b.json").ok());
  ASSERT_EQ(b.ledger.rejects.size(), 1u);
  EXPECT_EQ(b.ledger.rejects[0].reason, "expected an amount such as 120000 or 120000.50, found '" +
                                            std::string(59, '1') + "...'");
}

TEST(BandsInput, UnterminatedQuoteAndOverlongRecords) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  // An unterminated quote at the end of the file takes only its own line.
  const BandSet b = MustBuild("c,b\nAcme,100\n\"Acme,200\nAcme,300\n", *m, o);
  EXPECT_EQ(RejectCodes(b), (std::map<uint64_t, std::string>{{3, "record-malformed"}}));
  EXPECT_EQ(b.ledger.read, 3u);
  EXPECT_EQ(b.ledger.accepted, 2u);
  // A record longer than the limit is rejected and reading goes on after it.
  o.max_record_bytes = 1024;
  const std::string huge = "c,b\nAcme,100\nAcme," + std::string(5000, '9') + "\nAcme,300\n";
  const BandSet big = MustBuild(huge, *m, o);
  EXPECT_EQ(RejectCodes(big), (std::map<uint64_t, std::string>{{3, "record-too-long"}}));
  EXPECT_EQ(big.ledger.read, 3u);
  EXPECT_EQ(big.ledger.accepted, 2u);
  // An open quote that runs past the limit: only its line is lost.
  const std::string open = "c,b\nAcme,100\n\"Acme," + std::string(3000, 'x') + "\nAcme,300\n" +
                           std::string(3000, 'y') + "\nAcme,400\n";
  const BandSet quoted = MustBuild(open, *m, o);
  EXPECT_EQ(quoted.ledger.read, quoted.ledger.accepted + quoted.ledger.rejected);
  EXPECT_EQ(RejectCodes(quoted).at(3), "record-malformed");
  EXPECT_EQ(quoted.groups.at(0).n, quoted.ledger.accepted);
}

TEST(BandsInput, AnOverlongLineEndsAtAnyLineBreak) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  o.max_record_bytes = 1024;
  // Lone CR line ends, a 3 MiB line 3 (longer than a read block, so it is
  // skipped, not scanned): reading resumes at line 4.
  const std::string cr =
      "c,b\rAcme,100\rAcme," + std::string(3 << 20, '9') + "\rAcme,300\rAcme,400\rAcme,x\r";
  for (int threads : {1, 4}) {
    BandsOptions t = o;
    t.threads = threads;
    t.min_bytes_per_thread = 1024;
    const BandSet b = MustBuild(cr, *m, t);
    EXPECT_EQ(RejectCodes(b),
              (std::map<uint64_t, std::string>{{3, "record-too-long"}, {6, "amount-invalid"}}));
    EXPECT_EQ(b.ledger.read, 5u);
    EXPECT_EQ(b.ledger.accepted, 3u);
    EXPECT_EQ(b.ledger.rejected, 2u);
    ASSERT_EQ(b.groups.size(), 1u);
    EXPECT_EQ(b.groups[0].n, 3u);
    EXPECT_EQ((*b.groups[0].metrics[0].pct)[2], 300'00);
  }
  // CR LF split across two reads: the skipped line's CR is the last byte of
  // the second 1 MiB block after the data starts (offset 5), its LF the first
  // of the third. CR LF is one line break, so the bad row is still line 5.
  const size_t block = 1 << 20;
  const std::string split =
      "c,b\r\nAcme,100\r\nAcme," + std::string(2 * block - 16, '9') + "\r\nAcme,300\r\nAcme,x\r\n";
  ASSERT_EQ(split.find("\r\nAcme,300"), 5 + 2 * block - 1);
  o.threads = 1;
  const BandSet s = MustBuild(split, *m, o);
  EXPECT_EQ(RejectCodes(s),
            (std::map<uint64_t, std::string>{{3, "record-too-long"}, {5, "amount-invalid"}}));
  EXPECT_EQ(s.ledger.read, 4u);
  EXPECT_EQ(s.ledger.accepted, 2u);
}

TEST(BandsInput, AmountsAboveTenToTheTwelfthAreRejected) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  const BandSet b = MustBuild(
      "c,b\nAcme,999999999999\nAcme,9999999999999\nAcme,1000000000000\n"
      "Acme,1000000000000.01\nAcme,1000000000001\nAcme,99999999999999\n",
      *m, o);
  EXPECT_EQ(RejectCodes(b), (std::map<uint64_t, std::string>{{3, "amount-invalid"},
                                                             {5, "amount-invalid"},
                                                             {6, "amount-invalid"},
                                                             {7, "amount-invalid"}}));
  for (const RejectedRow& r : b.ledger.rejects) {
    if (r.line == 3) {
      EXPECT_EQ(r.reason, "amount '9999999999999' is absurdly large (above 10^12)");
    }
  }
  EXPECT_EQ(b.ledger.accepted, 2u);
  ASSERT_EQ(b.groups.size(), 1u);
  // 999,999,999,999 and 10^12 dollars, in cents, $1 apart: p10 = low + 10 cents.
  EXPECT_EQ((*b.groups[0].metrics[0].pct)[0], 99'999'999'999'910);
  EXPECT_EQ((*b.groups[0].metrics[0].pct)[4], 99'999'999'999'990);
}

TEST(BandsInput, AFenceWidthMustBeAboveZeroAndAtMostOneHundred) {
  for (double k : {-3.0, 0.0, std::nan(""), HUGE_VAL, 100.001}) {
    BandsOptions o = Options();
    o.outlier_k = k;
    Result<BandSet> b = BuildBandsFromText("c,b\nAcme,1\n", "t.csv", LevelsFyiMapping(), o);
    ASSERT_FALSE(b.ok()) << k;
    EXPECT_EQ(b.status().message(), "--k must be a number above 0 and at most 100");
  }
}

TEST(BandsInput, ZeroSpreadFencesAreTheOneValue) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany};
  o.outliers = OutlierMethod::kIqr;
  std::string text = "c,b\n";
  for (int i = 0; i < 5; ++i) text += "Acme,100000\n";
  std::string json = FormatBandsJson(MustBuild(text, *m, o));
  std::erase_if(json, [](char c) { return c == ' ' || c == '\n'; });
  // Base and total comp (= base here): IQR 0, so the kept range is 100,000 alone.
  const std::string want = "\"fences\":[100000,100000]";
  size_t found = 0;
  for (size_t at = json.find(want); at != std::string::npos; at = json.find(want, at + 1)) {
    ++found;
  }
  EXPECT_EQ(found, 2u) << json;
  EXPECT_EQ(json.find("100000.01"), std::string::npos) << json;
}

TEST(BandsInput, RecencyWindowAndQuarters) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,date=d,base=b");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kQuarter};
  o.as_of = Date{2021, 6, 30};
  o.window_days = 181;  // 2021-01-01 .. 2021-06-30
  const std::string text =
      "c,d,b\nA,2020-12-31,1\nA,2021-01-01,2\nA,2021-03-31,3\nA,2021-04-01,4\nA,2021-06-30,5\n"
      "A,2021-07-01,6\n";
  const BandSet b = MustBuild(text, *m, o);
  EXPECT_EQ(b.window_start, (Date{2021, 1, 1}));
  EXPECT_EQ(b.ledger.before_window, 1u);
  EXPECT_EQ(b.ledger.after_as_of, 1u);
  EXPECT_EQ(b.ledger.in_window, 4u);
  ASSERT_EQ(b.groups.size(), 2u);
  EXPECT_EQ(b.groups[0].key, (std::vector<std::string>{"A", "2021-Q1"}));
  EXPECT_EQ(b.groups[0].n, 2u);
  EXPECT_EQ(b.groups[1].key, (std::vector<std::string>{"A", "2021-Q2"}));
}

TEST(BandsInput, SmallGroupsPoolIntoTheirParentOrAreSuppressed) {
  Result<ColumnMapping> m = ParseColumnMapping("company=c,level=l,location=loc,total=t");
  ASSERT_TRUE(m.ok());
  BandsOptions o = Options();
  o.by = {BandDimension::kCompany, BandDimension::kLevel, BandDimension::kRegion};
  o.min_n = 3;
  std::string text = "c,l,loc,t\n";
  for (int t : {100, 110, 120, 130}) text += "A,L4,\"Seattle, WA\"," + std::to_string(t) + "\n";
  text += "A,L4,\"Austin, TX\",90\n";   // alone in Austin: pooled into A / L4 / all regions
  text += "A,L9,\"Austin, TX\",500\n";  // alone at L9 everywhere: A / all levels / all regions
  text += "B,L1,\"Austin, TX\",50\n";   // alone at B: nothing to pool into
  const BandSet b = MustBuild(text, *m, o);
  std::map<std::string, const GroupBand*> by_key;
  for (const GroupBand& g : b.groups) by_key[g.key[0] + "/" + g.key[1] + "/" + g.key[2]] = &g;
  const GroupBand* seattle = by_key.at("A/L4/Seattle");
  EXPECT_EQ(seattle->status, GroupStatus::kOk);
  const GroupBand* austin = by_key.at("A/L4/Austin");
  EXPECT_EQ(austin->status, GroupStatus::kPooled);
  EXPECT_EQ(austin->pooled_from, "A / L4 / all regions");
  EXPECT_EQ(austin->pooled_n, 5u);
  EXPECT_EQ((*austin->metrics[3].pct)[2], 110'00);  // median of 90..130
  EXPECT_EQ(austin->grade, "low");
  EXPECT_EQ(by_key.at("A/L9/Austin")->pooled_from, "A / all levels / all regions");
  EXPECT_EQ(by_key.at("A/L9/Austin")->pooled_n, 6u);
  const GroupBand* lone = by_key.at("B/L1/Austin");
  EXPECT_EQ(lone->status, GroupStatus::kSuppressed);
  EXPECT_FALSE(lone->metrics[3].pct.has_value());
  EXPECT_EQ(lone->n, 1u);
  o.small = SmallGroupPolicy::kSuppress;
  const BandSet s = MustBuild(text, *m, o);
  for (const GroupBand& g : s.groups) {
    EXPECT_EQ(g.status, g.n >= 3 ? GroupStatus::kOk : GroupStatus::kSuppressed);
  }
}

TEST(BandsInput, NormalisedNames) {
  EXPECT_EQ(CompanyKey("GOogle"), "google");
  EXPECT_EQ(CompanyKey("google "), "google");
  EXPECT_EQ(CompanyKey("\xC2\xA0Google"), "google");
  EXPECT_EQ(CompanyKey("Facebook"), "meta");
  EXPECT_EQ(CompanyKey("Citrix Systems Inc"), "citrix systems");
  EXPECT_EQ(RegionOf("Mountain View, CA"), "San Francisco");
  EXPECT_EQ(RegionOf("Redmond, WA"), "Seattle");
  EXPECT_EQ(RegionOf("Austin, TX"), "Austin");
  EXPECT_EQ(RegionOf("London, EN, United Kingdom"), "London");
  EXPECT_EQ(RegionOf("Bengaluru, KA, India"), "Bangalore");
  EXPECT_EQ(RegionOf("Seoul, KG, Korea, South"), "Seoul");
  EXPECT_EQ(RegionOf("NA"), "");
  EXPECT_EQ(RegionCurrency("London"), "");  // not a metro row: the country gives it
  EXPECT_EQ(RegionCurrency("Bangalore"), "INR");
  EXPECT_EQ(TitleKey("  Software   Engineer "), "software engineer");
}

// ds_salaries_2023.csv: its text, and each record's own salary_in_usd (in
// cents) and salary_currency by line (the file has no quoted cells).
struct DsSalaries {
  struct Row {
    int64_t usd_cents;
    std::string currency;
  };
  std::string text;
  std::map<uint64_t, Row> by_line;
};

DsSalaries ReadDsSalaries(const fs::path& path) {
  DsSalaries ds;
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  ds.text = ss.str();
  std::istringstream lines(ds.text);
  std::string line;
  uint64_t n = 0;
  while (std::getline(lines, line)) {
    if (++n == 1) continue;
    std::vector<std::string> cells;
    std::stringstream cs(line);
    for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
    EXPECT_GE(cells.size(), 7u) << "line " << n;
    if (cells.size() >= 7) ds.by_line[n] = {std::stoll(cells[6]) * 100, cells[5]};
  }
  return ds;
}

// Its records as levers reads them with --map, every amount in USD (a
// year-only date at the ECB yearly average).
Result<RowLedger> ReadDsSalariesInUsd(const DsSalaries& ds, const fs::path& path,
                                      const std::function<void(const SalaryRecord&)>& visit) {
  Result<ColumnMapping> m = ParseColumnMapping(
      "title=job_title,date=work_year,base=salary,currency=salary_currency,location=company_"
      "location");
  if (!m.ok()) return m.status();
  BandsOptions o = Options();
  o.by = {BandDimension::kTitle};
  o.currency = "USD";
  return ReadSalaryRecords(ds.text, path.string(), *m, o, visit);
}

// The ds_salaries_2023 known answer: salary in salary_currency converted to USD
// through levers' ECB yearly averages agrees with its salary_in_usd column
// within 1% for the rows tests/unit/fx_test.cc counts (EUR and GBP, all years
// but GBP 2023, whose USD column used first-quarter rates), and exactly for USD.
TEST(BandsInput, DsSalariesConversionAgreesWithItsUsdColumn) {
  const fs::path path = fs::path(LEVERS_SHARED_DIR) / "data" / "ds_salaries_2023.csv";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  const DsSalaries ds = ReadDsSalaries(path);
  const std::map<uint64_t, DsSalaries::Row>& usd_by_line = ds.by_line;
  std::map<std::string, std::pair<int, int>> tally;  // "EUR 2021" -> rows, within 1%
  int usd_rows = 0, usd_exact = 0;
  Result<RowLedger> ledger = ReadDsSalariesInUsd(ds, path, [&](const SalaryRecord& r) {
    const auto& [usd, currency] = usd_by_line.at(r.line);
    ASSERT_EQ(r.currency, "USD");
    ASSERT_TRUE(r.date_is_year_only);
    if (currency == "USD") {
      ++usd_rows;
      usd_exact += *r.base == usd;
      return;
    }
    if (currency != "EUR" && currency != "GBP") return;
    auto& t = tally[currency + " " + std::to_string(r.date.year)];
    ++t.first;
    const int64_t diff = *r.base > usd ? *r.base - usd : usd - *r.base;
    t.second += diff * 100 <= usd;
  });
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  EXPECT_EQ(ledger->read, 3755u);
  // One row is paid in CLP, which the ECB does not quote: rejected, with the reason.
  EXPECT_EQ(ledger->rejected, 1u);
  EXPECT_EQ(ledger->accepted, 3754u);
  ASSERT_EQ(ledger->rejects.size(), 1u);
  EXPECT_EQ(ledger->rejects[0].line, 3671u);
  EXPECT_EQ(ledger->rejects[0].code, "conversion-failed");
  EXPECT_TRUE(
      ledger->rejects[0].reason.starts_with("cannot convert CLP to USD: no ECB rate for CLP"));
  EXPECT_EQ(usd_rows, usd_exact);
  EXPECT_GT(usd_rows, 3000);
  const std::map<std::string, std::pair<int, int>> want = {
      {"EUR 2020", {24, 24}}, {"EUR 2021", {44, 44}}, {"EUR 2022", {115, 115}},
      {"EUR 2023", {53, 53}}, {"GBP 2020", {3, 3}},   {"GBP 2021", {13, 13}},
      {"GBP 2022", {83, 83}}, {"GBP 2023", {62, 0}},
  };
  EXPECT_EQ(tally, want);
}

// The ds_salaries_2023 known answer for the other currencies it holds (133
// rows in 16 currencies; CLP is rejected above): salary converted to USD
// through the ECB yearly average rates, as levers converts a year-only date.
//
// Exact values, worked independently of levers with Python's decimal module
// from the ECB history (../shared/data/ecb_eurofxref_hist.csv):
//   avg(c, y)  = mean of c's published daily rates in year y, quantized to
//                0.000001 half to even (EUR is 1)
//   usd_cents  = round_half_even(salary × 10^d × avg(USD, y) × 100
//                                / (avg(c, y) × 10^d))   (d: c's minor digits)
// for the first row of each currency and year.
//
// Against the file's own salary_in_usd the rows of 2020-2022 agree within
// 0.5% (the largest gap is HUF 2022, -0.44%). The 2023 rows do not: the file
// was made early in 2023 and converted them at first-quarter rates
// (tests/unit/fx_test.cc, Convert.DsSalariesOtherCurrencies2023UsedFirstQuarterRates,
// shows each within 0.05% of the January-March average), so each 2023
// currency is off the year's average by what its rate moved over the year:
// AUD +2.9%, BRL -3.8%, CHF -2.8%, ILS +4.2%, PLN -4.3%, THB +2.5%, and less
// for SGD +0.8%, INR +0.4%, CAD -0.2%, HKD -0.1% (file − levers, of levers).
TEST(BandsInput, DsSalariesOtherCurrenciesConvertAtTheEcbYearlyAverage) {
  const fs::path path = fs::path(LEVERS_SHARED_DIR) / "data" / "ds_salaries_2023.csv";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  const DsSalaries ds = ReadDsSalaries(path);
  const std::map<uint64_t, DsSalaries::Row>& by_line = ds.by_line;
  struct Sample {
    uint64_t line;
    std::string currency;
    int64_t salary;
    int64_t usd_cents;
  };
  const std::vector<Sample> samples = {
      {220, "AUD", 100000, 6638435},     // AUD 2023
      {2581, "AUD", 100000, 7509737},    // AUD 2021
      {2656, "AUD", 120000, 8331677},    // AUD 2022
      {974, "BRL", 48000, 929177},       // BRL 2022
      {1168, "BRL", 101400, 2030004},    // BRL 2023
      {3705, "BRL", 69600, 1290689},     // BRL 2021
      {324, "CAD", 55000, 4074756},      // CAD 2023
      {2174, "CAD", 137000, 10534404},   // CAD 2022
      {3421, "CAD", 157000, 11720627},   // CAD 2020
      {3527, "CAD", 159500, 12724334},   // CAD 2021
      {116, "CHF", 54000, 5659813},      // CHF 2022
      {593, "CHF", 112000, 12461669},    // CHF 2023
      {2686, "CZK", 120000, 514395},     // CZK 2022
      {2925, "DKK", 120000, 1908407},    // DKK 2021
      {3701, "DKK", 300000, 4596847},    // DKK 2020
      {82, "HKD", 510000, 6514460},      // HKD 2023
      {2360, "HUF", 6600000, 1776224},   // HUF 2022
      {3576, "HUF", 11000000, 3628886},  // HUF 2021
      {3648, "HUF", 11000000, 3576990},  // HUF 2020
      {530, "ILS", 1500000, 40669250},   // ILS 2023
      {43, "INR", 1650000, 2101351},     // INR 2022
      {158, "INR", 1700000, 2058404},    // INR 2023
      {1740, "INR", 4000000, 5410573},   // INR 2021
      {3121, "INR", 1000000, 1349489},   // INR 2020
      {3477, "JPY", 8500000, 7740641},   // JPY 2021
      {3684, "JPY", 4450000, 4171481},   // JPY 2020
      {3596, "MXN", 720000, 3354008},    // MXN 2020
      {1167, "PLN", 78000, 1856883},     // PLN 2023
      {1921, "PLN", 198000, 4449401},    // PLN 2022
      {3544, "PLN", 110000, 2849864},    // PLN 2021
      {221, "SGD", 100000, 7445136},     // SGD 2023
      {1446, "SGD", 90000, 6698546},     // SGD 2021
      {3127, "SGD", 90000, 6530919},     // SGD 2022
      {1000, "THB", 1000000, 2873337},   // THB 2023
      {3599, "TRY", 108000, 1215101},    // TRY 2021
  };
  // 2023: the band (basis points of levers' figure) the file's USD lies in.
  const std::map<std::string, std::pair<int64_t, int64_t>> band_2023 = {
      {"AUD", {285, 295}}, {"BRL", {-390, -380}}, {"CAD", {-25, -15}}, {"CHF", {-290, -280}},
      {"HKD", {-15, -10}}, {"ILS", {415, 425}},   {"INR", {40, 45}},   {"PLN", {-430, -420}},
      {"SGD", {70, 80}},   {"THB", {245, 255}},
  };
  std::map<uint64_t, int64_t> converted;  // line -> levers' USD cents
  std::map<std::string, int> rows, in_band;
  Result<RowLedger> ledger = ReadDsSalariesInUsd(ds, path, [&](const SalaryRecord& r) {
    const DsSalaries::Row& f = by_line.at(r.line);
    if (f.currency == "USD" || f.currency == "EUR" || f.currency == "GBP") return;
    ASSERT_TRUE(r.base.has_value());
    converted[r.line] = *r.base;
    ++rows[f.currency];
    // (file - levers) / levers in basis points, to the nearest below.
    const int64_t diff = f.usd_cents - *r.base;
    const int64_t bp = (diff * 10'000 - (diff < 0 ? *r.base - 1 : 0)) / *r.base;
    std::pair<int64_t, int64_t> band = {-50, 50};
    if (r.date.year == 2023) band = band_2023.at(f.currency);
    if (bp >= band.first && bp < band.second) {
      ++in_band[f.currency];
    } else {
      ADD_FAILURE() << "line " << r.line << " " << f.currency << " " << r.date.year << ": file "
                    << f.usd_cents << " levers " << *r.base << " (" << bp << " bp)";
    }
  });
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  for (const Sample& s : samples) {
    SCOPED_TRACE("line " + std::to_string(s.line) + " " + s.currency);
    ASSERT_EQ(by_line.at(s.line).currency, s.currency);
    ASSERT_TRUE(converted.contains(s.line));
    EXPECT_EQ(converted.at(s.line), s.usd_cents);
  }
  const std::map<std::string, int> want = {
      {"AUD", 9}, {"BRL", 6}, {"CAD", 25}, {"CHF", 4},  {"CZK", 1}, {"DKK", 3},
      {"HKD", 1}, {"HUF", 3}, {"ILS", 1},  {"INR", 60}, {"JPY", 3}, {"MXN", 1},
      {"PLN", 5}, {"SGD", 6}, {"THB", 2},  {"TRY", 3},
  };
  EXPECT_EQ(rows, want);
  EXPECT_EQ(in_band, want);
}

}  // namespace
}  // namespace levers
