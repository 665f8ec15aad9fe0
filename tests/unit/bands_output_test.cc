// What levers bands writes: amounts in JSON as exact decimals (never a
// double), and the text table's figures with every minor digit or none.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bands_test_data.h"
#include "levers/bands.h"
#include "levers/bands_guide.h"

namespace levers {
namespace {

using bands_testing::MustBuild;

BandsOptions Options() { return bands_testing::TestOptions({BandDimension::kCompany}); }

// $999,999,999,999.37 on 2021-06-01 (ECB: 1.2225 USD and 17,426.6 IDR per
// EUR) is 99,999,999,999,937 cents * 17,426.6 / 1.2225 =
// 1,425,488,752,555,339,160.8998 sen, half to even ...161: IDR
// 14254887525553391.61. A double holds 17 digits, so the writer once printed
// 1.4254887525553392e+16.
TEST(BandsOutput, JsonAmountsAreExactDecimals) {
  BandsOptions o = Options();
  o.currency = "IDR";
  const BandSet b = MustBuild("c,d,b\nAcme,2021-06-01,999999999999.37\n",
                              "company=c,date=d,base=b,currency_code=USD", o);
  ASSERT_EQ(b.groups.size(), 1u);
  EXPECT_EQ((*b.groups[0].metrics[0].pct)[0], 1'425'488'752'555'339'161);
  const std::string json = FormatBandsJson(b);
  EXPECT_NE(json.find("\"p10\": 14254887525553391.61,"), std::string::npos) << json;
  EXPECT_EQ(json.find("e+"), std::string::npos) << json;
  // Read back exactly: through a double it came back as ...339264 sen
  // (1.4254887525553392e16 × 100 rounded), 103 sen off.
  Result<BandSet> back = ParseBandsJson(json, "b.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->groups[0].metrics[0].pct.has_value());
  EXPECT_EQ((*back->groups[0].metrics[0].pct)[0], 1'425'488'752'555'339'161);
  EXPECT_EQ(back->groups[0].metrics[0].pct, b.groups[0].metrics[0].pct);
  EXPECT_EQ(back->groups[0].currency, "IDR");
}

// A bands JSON with one group whose total comp percentiles are `pcts` (JSON
// text) and whose n is `n`.
std::string OneGroupJson(const std::string& pcts, const std::string& n = "12",
                         const std::string& currency = "USD") {
  return "{\"as_of\": \"2021-12-31\", \"by\": [\"company\"], \"groups\": [{\"key_norm\": "
         "{\"company\": \"acme\"}, \"currency\": \"" +
         currency + "\", \"n\": " + n + ", \"total_comp\": {" + pcts + "}}]}";
}

std::string ParseError(const std::string& json) {
  Result<BandSet> b = ParseBandsJson(json, "b.json");
  EXPECT_FALSE(b.ok());
  return b.ok() ? "" : b.status().message();
}

// A key given twice is refused with its place and the first one's, never
// read as the last (or first) value; percentiles out of order are refused
// naming the two fields.
TEST(BandsOutput, JsonDuplicateKeysAndPercentilesOutOfOrderAreRefused) {
  EXPECT_EQ(ParseError("{\"as_of\": \"2021-12-31\", \"by\": [\"company\"],\n"
                       "  \"groups\": [], \"as_of\": \"2030-01-01\"}"),
            "b.json:2:17: the key \"as_of\" given twice in one object (first at line 1, column "
            "2); expected each key once");
  // The same key in two objects is no repeat; an escaped quote is part of the key.
  EXPECT_EQ(ParseError("{\"by\": [\"company\"], \"groups\": [{\"n\": 1}, {\"n\": 2, \"a\\\"b\": 1, "
                       "\"a\\\"b\": 2}]}"),
            "b.json:1:62: the key \"a\\x22b\" given twice in one object (first at line 1, "
            "column 51); expected each key once");
  EXPECT_EQ(ParseError(OneGroupJson(
                "\"p10\": 112000, \"p25\": 120000, \"p50\": 130000, \"p75\": 140000, \"p90\": 1")),
            "b.json: groups[0].total_comp.p90: 1 is below p75 140000; expected p10 <= p25 <= "
            "p50 <= p75 <= p90");
  EXPECT_EQ(
      ParseError(OneGroupJson("\"p10\": 1.5, \"p25\": 1.25, \"p50\": 2, \"p75\": 2, \"p90\": 2")),
      "b.json: groups[0].total_comp.p25: 1.25 is below p10 1.5; expected p10 <= p25 <= "
      "p50 <= p75 <= p90");
}

// Every figure is read from the text it was written as: decimals and
// exponents exactly, and anything that is not a whole number of minor units
// of the group's currency is an error naming the field, never rounded.
TEST(BandsOutput, JsonAmountsAreReadExactlyOrRefusedByField) {
  Result<BandSet> b =
      ParseBandsJson(OneGroupJson("\"p10\": 0.07, \"p25\": 1E2, \"p50\": 8.29842e4, "
                                  "\"p75\": 10000000000000000, \"p90\": 92233720368547758.07"),
                     "b.json");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const MetricBand& t = b->groups[0].metrics[3];
  ASSERT_TRUE(t.pct.has_value());
  EXPECT_EQ(*t.pct,
            (std::array<int64_t, 5>{7, 10'000, 8'298'420, 1'000'000'000'000'000'000, INT64_MAX}));
  // Yen has no minor unit.
  b = ParseBandsJson(OneGroupJson("\"p10\": 1, \"p25\": 2.0, \"p50\": 3e0, \"p75\": 4, "
                                  "\"p90\": 5",
                                  "1", "JPY"),
                     "b.json");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*b->groups[0].metrics[3].pct, (std::array<int64_t, 5>{1, 2, 3, 4, 5}));

  const std::string five = "\"p25\": 1, \"p50\": 1, \"p75\": 1, \"p90\": 1";
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": 82984.205, " + five)),
            "b.json: groups[0].total_comp.p10: expected an amount in USD, found 82984.205 (more "
            "decimals than the currency's 2)");
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": 1.5, " + five, "1", "JPY")),
            "b.json: groups[0].total_comp.p10: expected an amount in JPY, found 1.5 (more "
            "decimals than the currency's 0)");
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": -5, " + five)),
            "b.json: groups[0].total_comp.p10: expected an amount in USD, found -5 (an amount "
            "below 0)");
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": 92233720368547758.08, " + five)),
            "b.json: groups[0].total_comp.p10: expected an amount in USD, found "
            "92233720368547758.08 (too large for an amount)");
  // A number too large for a double is named where it starts.
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": 1e400, " + five)),
            "b.json: not a bands JSON file (levers bands build --format json): line 1, column "
            "139: number overflow parsing '1e400'");
  EXPECT_EQ(ParseError("{\"by\": [],\n  \"as_of\": -1e400\n}"),
            "b.json: not a bands JSON file (levers bands build --format json): line 2, column "
            "12: number overflow parsing '-1e400'");
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": \"100\", " + five)),
            "b.json: groups[0].total_comp.p10: expected an amount in USD or null, found \"100\"");
  EXPECT_EQ(ParseError(OneGroupJson("\"p10\": null, " + five)),
            "b.json: groups[0].total_comp: expected p10, p25, p50, p75 and p90 all given or all "
            "null");
  // Other fields are checked too (they once threw out of the reader).
  EXPECT_EQ(ParseError(OneGroupJson("", "\"many\"")),
            "b.json: groups[0].n: expected a whole number 0 or more, found \"many\"");
  EXPECT_EQ(ParseError(OneGroupJson("", "-1")),
            "b.json: groups[0].n: expected a whole number 0 or more, found -1");
  EXPECT_EQ(ParseError(OneGroupJson("", "1", "XYZ")),
            "b.json: groups[0].currency: expected an ISO 4217 code levers knows, found 'XYZ'");
  EXPECT_EQ(ParseError("{\"by\": [\"company\"], \"window_days\": \"x\", \"groups\": []}"),
            "b.json: window_days: expected a whole number 0 or more, found \"x\"");
  EXPECT_EQ(ParseError("{\"by\": [\"company\"], \"groups\": [}"),
            "b.json: not a bands JSON file (levers bands build --format json): parse error at "
            "line 1, column 32: syntax error while parsing value - unexpected '}'; expected '[', "
            "'{', or a literal");
  // Suppressed groups write null figures: no figures, no error.
  b = ParseBandsJson(OneGroupJson("\"p10\": null, \"p25\": null, \"p50\": null, \"p75\": "
                                  "null, \"p90\": null"),
                     "b.json");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_FALSE(b->groups[0].metrics[3].pct.has_value());
}

// Each group's newest row date is written as `newest` and read back; a group
// with no dated row writes null.
TEST(BandsOutput, JsonNewestDateRoundTrips) {
  const BandSet b = MustBuild(
      "c,d,b\nAcme,2021-06-01,100\nAcme,2021-09-30,110\nAcme,2020-12-31,120\n"
      "Beta,2021-03-01,100\n",
      "company=c,date=d,base=b,currency_code=USD", Options());
  ASSERT_EQ(b.groups.size(), 2u);
  const std::string json = FormatBandsJson(b);
  EXPECT_NE(json.find("\"newest\": \"2021-09-30\","), std::string::npos) << json;
  Result<BandSet> back = ParseBandsJson(json, "b.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->groups.size(), 2u);
  EXPECT_EQ(back->groups[0].newest, (Date{2021, 9, 30}));
  EXPECT_EQ(back->groups[1].newest, (Date{2021, 3, 1}));

  const BandSet undated =
      MustBuild("c,b\nAcme,100\n", "company=c,base=b,currency_code=USD", Options());
  ASSERT_EQ(undated.groups.size(), 1u);
  const std::string undated_json = FormatBandsJson(undated);
  EXPECT_NE(undated_json.find("\"newest\": null,"), std::string::npos) << undated_json;
  back = ParseBandsJson(undated_json, "b.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->groups[0].newest.has_value());
}

// A file written before `newest` was reads as undated; a `newest` that is not
// a date is refused naming the file and the field, never read as undated.
TEST(BandsOutput, JsonNewestDateIsOptionalButNeverMalformed) {
  Result<BandSet> b = ParseBandsJson(OneGroupJson(""), "b.json");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_FALSE(b->groups[0].newest.has_value());
  auto with_newest = [](const std::string& value) {
    return "{\"by\": [\"company\"], \"groups\": [{\"key_norm\": {\"company\": \"acme\"}, "
           "\"currency\": \"USD\", \"newest\": " +
           value + "}]}";
  };
  b = ParseBandsJson(with_newest("\"2021-08-17\""), "b.json");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->groups[0].newest, (Date{2021, 8, 17}));
  EXPECT_EQ(ParseError(with_newest("\"2021-02-30\"")),
            "b.json: groups[0].newest: expected a date YYYY-MM-DD or null, found \"2021-02-30\" "
            "(2021-02-30 does not exist (28 days in that month))");
  EXPECT_EQ(ParseError(with_newest("\"17/08/2021\"")),
            "b.json: groups[0].newest: expected a date YYYY-MM-DD or null, found \"17/08/2021\" "
            "(expected a date as YYYY-MM-DD)");
  EXPECT_EQ(ParseError(with_newest("20210817")),
            "b.json: groups[0].newest: expected a date YYYY-MM-DD or null, found 20210817");
}

// Two rows, $82,984.10 and $82,984.30: p50 = 82,984.20 (text once showed
// 82,984.2); p10 = 82,984.10 + 0.1 * 0.20 = 82,984.12, p25 82,984.15, p75
// 82,984.25, p90 82,984.28; whole figures stay whole.
TEST(BandsOutput, TextFiguresShowEveryMinorDigitOrNone) {
  const BandSet b =
      MustBuild("c,b\nAcme,82984.10\nAcme,82984.30\nBeta,90000\n", "company=c,base=b", Options());
  const std::string text = FormatBandsText(b, 0);
  EXPECT_NE(text.find("82,984.12   82,984.15   82,984.20   82,984.25   82,984.28 USD"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("82,984.2 "), std::string::npos) << text;
  EXPECT_NE(text.find("     90,000      90,000      90,000      90,000      90,000 USD"),
            std::string::npos)
      << text;
  // JSON: the same figures as exact decimals, without padding zeros.
  const std::string json = FormatBandsJson(b);
  EXPECT_NE(json.find("\"p50\": 82984.2,"), std::string::npos) << json;
  // A currency with no minor unit: whole yen, never a decimal point.
  BandsOptions yen = Options();
  yen.currency = "";  // --currency keep
  const BandSet y =
      MustBuild("c,b\nAcme,1001\nAcme,1002\n", "company=c,base=b,currency_code=JPY", yen);
  const std::string ytext = FormatBandsText(y, 0);
  EXPECT_NE(ytext.find("1,001 "), std::string::npos) << ytext;
  EXPECT_NE(ytext.find("1,002 JPY"), std::string::npos) << ytext;
}

// The ledger says how the percentiles were taken; with --outliers none it
// once read "1 groups; ... after none outlier removal".
TEST(BandsOutput, LedgerNamesTheOutlierRemoval) {
  const std::string none =
      FormatBandsText(MustBuild("c,b\nAcme,100\n", "company=c,base=b", Options()), 0);
  EXPECT_NE(none.find("  1 group; percentiles of total comp with no outliers removed\n"),
            std::string::npos)
      << none;
  BandsOptions mad = Options();
  mad.outliers = OutlierMethod::kMad;
  const std::string m = FormatBandsText(MustBuild("c,b\nAcme,100\n", "company=c,base=b", mad), 0);
  EXPECT_NE(m.find("percentiles of total comp after mad outlier removal on log pay\n"),
            std::string::npos)
      << m;
}

// One row is "1 row", in the ledger's count and the window's (it once read
// "1 rows read").
TEST(BandsOutput, LedgerCountsOneRowInTheSingular) {
  const std::string one =
      FormatBandsText(MustBuild("c,b\nAcme,100\n", "company=c,base=b", Options()), 0);
  EXPECT_NE(one.find(": 1 row read, 1 accepted, 0 rejected\n"), std::string::npos) << one;
  EXPECT_NE(one.find(": 1 row in, 0 before, 0 after\n"), std::string::npos) << one;
  const std::string two =
      FormatBandsText(MustBuild("c,b\nAcme,100\nAcme,200\n", "company=c,base=b", Options()), 0);
  EXPECT_NE(two.find(": 2 rows read, 2 accepted, 0 rejected\n"), std::string::npos) << two;
  EXPECT_NE(two.find(": 2 rows in, 0 before, 0 after\n"), std::string::npos) << two;
}

// Three rows rejected (lines 2, 3 and 5): the rows listed and the count of
// those not listed add up to 3 whatever the limit. The count once left out
// one row ("2 more" after none listed) and vanished when one was left.
TEST(BandsOutput, RejectedRowsNotListedAreCountedExactly) {
  const std::string text = "c,b\nAcme,abc\nAcme,-5\nAcme,100\nAcme,1.234\n";
  const BandSet b = MustBuild(text, "company=c,base=b,currency_code=USD", Options());
  ASSERT_EQ(b.ledger.rejected, 3u);
  const std::string lines[] = {
      "t.csv:2: rejected [amount-invalid] b: expected an amount such as 120000 or 120000.50, "
      "found 'abc'\n",
      "t.csv:3: rejected [amount-invalid] b: expected an amount such as 120000 or 120000.50, "
      "found '-5'\n",
      "t.csv:5: rejected [amount-invalid] b: expected an amount with at most 2 decimal places, "
      "found '1.234'\n"};
  const std::string how = "--show-rejects N, or --format json";
  EXPECT_EQ(FormatRejectedRows(b, 0, how),
            "t.csv: 3 more rejected rows not listed (--show-rejects N, or --format json)\n");
  EXPECT_EQ(
      FormatRejectedRows(b, 1, how),
      lines[0] + "t.csv: 2 more rejected rows not listed (--show-rejects N, or --format json)\n");
  EXPECT_EQ(FormatRejectedRows(b, 2, how),
            lines[0] + lines[1] +
                "t.csv: 1 more rejected row not listed (--show-rejects N, or --format json)\n");
  EXPECT_EQ(FormatRejectedRows(b, 3, how), lines[0] + lines[1] + lines[2]);
  EXPECT_EQ(FormatRejectedRows(b, 4, how), lines[0] + lines[1] + lines[2]);
  // The ledger lists fewer rows than it counts: the rest are still counted.
  BandsOptions listed_one = Options();
  listed_one.max_reported_rejects = 1;
  const BandSet one = MustBuild(text, "company=c,base=b,currency_code=USD", listed_one);
  EXPECT_EQ(FormatRejectedRows(one, 5, ""), lines[0] + "t.csv: 2 more rejected rows not listed\n");
  // Nothing rejected, nothing said.
  EXPECT_EQ(FormatRejectedRows(MustBuild("c,b\nAcme,100\n", "company=c,base=b", Options()), 0, how),
            "");
}

// A suppressed group has n and no figures: its spread is no figure either
// (CSV once said 0.00 and JSON "0.00", computed from nothing). A group whose
// rows give no total comp has no spread, and so no grade above low: with a
// spread of 0 its 30 rows were graded high.
TEST(BandsOutput, AGroupWithoutFiguresHasNoSpread) {
  BandsOptions o = Options();
  o.min_n = 5;
  o.small = SmallGroupPolicy::kSuppress;
  std::string text = "c,b,s\nSolo,100000,0\n";
  for (int i = 0; i < 5; ++i) text += "Five," + std::to_string(100000 + 10000 * i) + ",0\n";
  for (int i = 0; i < 30; ++i) text += "NoTotal," + std::to_string(100000 + i) + ",NA\n";
  const BandSet b = MustBuild(text, "company=c,base=b,stock=s,currency_code=USD", o);
  ASSERT_EQ(b.groups.size(), 3u);
  const GroupBand& no_total = b.groups[0];
  const GroupBand& five = b.groups[1];
  const GroupBand& solo = b.groups[2];
  ASSERT_EQ(solo.key, (std::vector<std::string>{"Solo"}));
  EXPECT_EQ(solo.status, GroupStatus::kSuppressed);
  EXPECT_FALSE(solo.spread_bp.has_value());
  // Totals 100,000 .. 140,000: (130,000 - 110,000) / 120,000 = 16.67%.
  EXPECT_EQ(five.spread_bp, std::optional<int32_t>(1667));
  ASSERT_EQ(no_total.key, (std::vector<std::string>{"NoTotal"}));
  EXPECT_EQ(no_total.status, GroupStatus::kOk);
  EXPECT_EQ(no_total.n, 30u);
  EXPECT_FALSE(no_total.spread_bp.has_value());
  EXPECT_EQ(no_total.grade, "low");
  EXPECT_EQ(GradeFor(30, MetricBand{}), "low");

  const std::string csv = FormatBandsCsv(b);
  EXPECT_NE(csv.find("\nSolo,suppressed,1,1,low,,USD,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nFive,ok,5,1,low,16.67,USD,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nNoTotal,ok,30,1,low,,USD,"), std::string::npos) << csv;
  const std::string json = FormatBandsJson(b);
  auto spread_of = [&](const std::string& company) {
    const size_t at = json.find("\"company\": \"" + company + "\"");
    const size_t spread = json.find("\"spread_pct\": ", at);
    return at == std::string::npos || spread == std::string::npos
               ? std::string("(none)")
               : json.substr(spread, json.find(',', spread) - spread);
  };
  EXPECT_EQ(spread_of("Solo"), "\"spread_pct\": null");
  EXPECT_EQ(spread_of("Five"), "\"spread_pct\": \"16.67\"");
  EXPECT_EQ(spread_of("NoTotal"), "\"spread_pct\": null");
  EXPECT_TRUE(ParseBandsJson(json, "b.json").ok());
  // The text table shows no spread at all.
  EXPECT_EQ(FormatBandsText(b, 0).find("16.67"), std::string::npos);
}

// levers bands levels: the medians follow the same rule.
// Total comp percentiles p10..p90 with these p25, p50 and p75 (minor units).
MetricBand TotalComp(int64_t p25, int64_t p50, int64_t p75) {
  MetricBand m;
  m.n = 30;
  m.pct = std::array<int64_t, 5>{p25, p25, p50, p75, p75};
  return m;
}

TEST(BandsOutput, GradesJudgeTheExactSpread) {
  EXPECT_EQ(GradeFor(30, TotalComp(100, 100, 160)), "high");  // 60% exactly
  EXPECT_EQ(GradeFor(29, TotalComp(100, 100, 101)), "medium");
  EXPECT_EQ(GradeFor(10, TotalComp(0, 100, 100)), "medium");  // 100% exactly
  EXPECT_EQ(GradeFor(9, TotalComp(100, 100, 100)), "low");
  // 60.004% and 100.004% show as 60.00 and 100.00, but are above the bounds.
  EXPECT_EQ(GradeFor(30, TotalComp(0, 1'000'000'00, 600'040'00)), "medium");
  EXPECT_EQ(GradeFor(30, TotalComp(0, 1'000'000'00, 1'000'040'00)), "low");
  EXPECT_EQ(GradeFor(30, TotalComp(0, 0, 0)), "low");  // no spread of a p50 of 0
}

// (p75 - p25) / p50 is rounded half to even to a basis point, as every other
// bands figure, and the grade is judged on the ratio itself. 30 rows: p25 is
// row 7 (0-based, 29 x 0.25 = 7.25, rows 7 and 8 equal), p50 row 14.5, p75
// row 21.75 (rows 21 and 22 equal).
TEST(BandsOutput, SpreadIsRoundedHalfToEvenAndGradedExactly) {
  auto group = [](int64_t low, int64_t mid, int64_t high) {
    std::string text = "c,t\n";
    for (int i = 0; i < 30; ++i) {
      const int64_t v = i <= 8 ? low : i <= 20 ? mid : high;
      text += "Acme," + std::to_string(v) + "\n";
    }
    const BandSet b = MustBuild(text, "company=c,total=t,currency_code=USD", Options());
    EXPECT_EQ(b.groups.size(), 1u);
    // The CSV row: company, status, n, companies, grade, spread, currency ...
    const std::string csv = FormatBandsCsv(b);
    const size_t row = csv.find("\nAcme,");
    EXPECT_NE(row, std::string::npos);
    return std::pair(b.groups.at(0), csv.substr(row + 1, csv.find(",USD,", row) - row - 1));
  };
  // 31,245 / 100,000 = 31.245%: 3124.5 basis points, half to even 31.24
  // (half up made it 31.25).
  const auto [half, half_row] = group(80'000, 100'000, 111'245);
  EXPECT_EQ(half.spread_bp, std::optional<int32_t>(3124));
  EXPECT_EQ(half_row, "Acme,ok,30,1,high,31.24");
  // 31,255 / 100,000: 3125.5, half to even 31.26.
  EXPECT_EQ(group(80'000, 100'000, 111'255).second, "Acme,ok,30,1,high,31.26");
  // 60,004 / 100,000 = 60.004%: shown as 60.00, but above 60%, so not high.
  EXPECT_EQ(group(80'000, 100'000, 140'004).second, "Acme,ok,30,1,medium,60.00");
  EXPECT_EQ(group(80'000, 100'000, 140'000).second, "Acme,ok,30,1,high,60.00");
}

TEST(BandsOutput, LevelMapMediansShowEveryMinorDigitOrNone) {
  LevelMap map{"Google", "Meta", "Software Engineer", "USD", {}};
  PayLevelMatch m;
  m.level_a = "L4";
  m.level_b = "E4";
  m.median_a = 8'298'420;
  m.median_b = 19'000'000;
  map.matches.push_back(m);
  const std::string text = FormatLevelMapText(map);
  EXPECT_NE(text.find(" 82,984.20 "), std::string::npos) << text;
  EXPECT_NE(text.find(" 190,000 "), std::string::npos) << text;
  // The medians name their currency, in their columns' header.
  EXPECT_NE(text.find("\nlevel             n       median USD   matches           n       "
                      "median USD  overlap  confidence\n"),
            std::string::npos)
      << text;
  // Rupees with paise fit their column: 16 characters.
  map.currency = "INR";
  map.matches[0].median_a = 1'214'626'731;
  const std::string inr = FormatLevelMapText(map);
  EXPECT_NE(inr.find("\nL4                0   1,21,46,267.31   E4"), std::string::npos) << inr;
}

// The level map as JSON: amounts exact in major units beside their currency
// (rupees with paise: 10000000.05), the overlap with two decimals as
// spread_pct, and the guide's findings located in its file.
TEST(BandsOutput, LevelMapJsonAmountsAreExactAndFindingsLocated) {
  BandsOptions o = bands_testing::TestOptions(
      {BandDimension::kCompany, BandDimension::kTitle, BandDimension::kLevel});
  o.currency = "INR";
  const BandSet b = MustBuild("c,t,l,d,b\nAcme,SWE,L4,2021-06-01,100\n",
                              "company=c,title=t,level=l,date=d,base=b,currency_code=INR", o);
  LevelMap map{"Google", "Meta", "Software Engineer", "INR", {}};
  PayLevelMatch m;
  m.level_a = "L4";
  m.level_b = "E4";
  m.n_a = 12;
  m.n_b = 40;
  m.p25_a = 1'000'000'005;
  m.median_a = 1'214'626'731;
  m.p75_a = 1'500'000'000;
  m.p25_b = 900'000'000;
  m.median_b = 1'100'000'000;
  m.p75_b = 1'300'000'000;
  m.overlap_bp = 5000;
  m.confidence = "medium";
  map.matches.push_back(m);
  const std::string json = FormatLevelMapJson(b, map, nullptr);
  EXPECT_NE(
      json.find("\"title\": \"Software Engineer\",\n  \"companies\": {\n    \"a\": "
                "\"Google\",\n    \"b\": \"Meta\"\n  },\n  \"levels\": [\n    {\n      \"a\": "
                "{\n        \"level\": \"L4\",\n        \"n\": 12,\n        \"currency\": "
                "\"INR\",\n        \"total_comp\": {\n          \"p25\": 10000000.05,\n"
                "          \"p50\": 12146267.31,\n          \"p75\": 15000000\n"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("\"overlap_pct\": \"50.00\",\n      \"confidence\": \"medium\"\n"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\n  \"guide\": null\n}\n"), std::string::npos) << json;
  // The ledger's counts without the rejected rows themselves.
  EXPECT_NE(json.find("\"rejected_by_reason\": {}\n  },\n  \"title\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"rejects\""), std::string::npos) << json;

  const SourceFile file("g.md", "---\nlevel_mapping: x\n---\n");
  DiagnosticSink sink;
  sink.Warning("level-mapping-drift", SourceRange{4, 17}, "level_mapping", "Google L4 ...");
  const LevelMappingCheck check{"g.md", file, sink.diagnostics()};
  const std::string with_guide = FormatLevelMapJson(b, map, &check);
  EXPECT_NE(with_guide.find("\"guide\": {\n    \"path\": \"g.md\",\n    \"disagreements\": 1,\n"
                            "    \"findings\": [\n      {\n        \"code\": "
                            "\"level-mapping-drift\",\n        \"severity\": \"warning\",\n"
                            "        \"path\": \"g.md\",\n        \"line\": 2,\n        "
                            "\"column\": 1,\n        \"field\": \"level_mapping\",\n        "
                            "\"message\": \"Google L4 ...\"\n      }\n    ]\n  }\n}\n"),
            std::string::npos)
      << with_guide;
}

}  // namespace
}  // namespace levers
