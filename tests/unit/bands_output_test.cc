// What levers bands writes: amounts in JSON as exact decimals (never a
// double), and the text table's figures with every minor digit or none.
#include <gtest/gtest.h>

#include <string>

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
  // Read back exactly as far as check --bands needs (a double's 17 digits).
  Result<BandSet> back = ParseBandsJson(json, "b.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->groups[0].metrics[0].pct.has_value());
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

// levers bands levels: the medians follow the same rule.
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
}

}  // namespace
}  // namespace levers
