// Regions: a city is its city and country (and state, in the US), so London,
// United Kingdom and London, KY are two regions; the name shown stays the
// city's where it is unambiguous in the data and is qualified where it is not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bands_test_data.h"
#include "levers/bands.h"
#include "levers/fx.h"
#include "levers/money.h"

namespace levers {
namespace {

constexpr const char* kTwoLondons =
    "company,title,level,location,timestamp,basesalary,stockgrantvalue,bonus,"
    "totalyearlycompensation\n"
    "Acme,SWE,L4,\"London, EN, United Kingdom\",6/1/2021 10:00:00,100000,0,0,100000\n"
    "Acme,SWE,L4,\"London, EN, United Kingdom\",6/2/2021 10:00:00,110000,0,0,110000\n"
    "Acme,SWE,L4,\"London, EN, United Kingdom\",6/3/2021 10:00:00,120000,0,0,120000\n"
    "Acme,SWE,L4,\"London, KY\",6/4/2021 10:00:00,60000,0,0,60000\n"
    "Acme,SWE,L4,\"London, KY\",6/5/2021 10:00:00,61001.50,0,0,61001.50\n"
    "Acme,SWE,L4,\"Dublin, OH\",6/5/2021 10:00:00,90000,0,0,90000\n"
    "Acme,SWE,L4,\"Austin, TX\",6/5/2021 10:00:00,95000,0,0,95000\n";

BandsOptions Options() { return bands_testing::TestOptions({BandDimension::kRegion}); }

BandSet MustBuild(const BandsOptions& o) {
  return bands_testing::MustBuildLevelsFyi(kTwoLondons, o);
}

const GroupBand* Group(const BandSet& b, const std::string& region) {
  for (const GroupBand& g : b.groups) {
    if (g.key[0] == region) return &g;
  }
  return nullptr;
}

// key, key_norm, n, currency of every group, in order.
std::vector<std::string> Summary(const BandSet& b) {
  std::vector<std::string> out;
  for (const GroupBand& g : b.groups) {
    out.push_back(g.key[0] + " | " + g.key_norm[0] + " | " + std::to_string(g.n) + " | " +
                  g.currency);
  }
  return out;
}

TEST(BandsRegions, TwoCitiesOfOneNameAreTwoRegions) {
  const BandSet b = MustBuild(Options());
  // London, United Kingdom has more rows and keeps the name; Dublin and Austin
  // collide with nothing and stay as they were.
  EXPECT_EQ(Summary(b), (std::vector<std::string>{
                            "London | london | 3 | USD",
                            "London, KY | london, ky | 2 | USD",
                            "Austin | austin | 1 | USD",
                            "Dublin | dublin | 1 | USD",
                        }));
  // Kentucky's base alone: 60,000 and 61,001.50, p50 the mean: 60,500.75.
  const GroupBand* ky = Group(b, "London, KY");
  ASSERT_NE(ky, nullptr);
  EXPECT_EQ((*ky->metrics[0].pct)[2], 6'050'075);
}

TEST(BandsRegions, LocalCurrencyConvertsOnlyTheBritishLondonToPounds) {
  BandsOptions o = Options();
  o.currency = "local";
  const BandSet b = MustBuild(o);
  const GroupBand* uk = Group(b, "London");
  const GroupBand* ky = Group(b, "London, KY");
  ASSERT_NE(uk, nullptr);
  ASSERT_NE(ky, nullptr);
  EXPECT_EQ(uk->n, 3u);
  EXPECT_EQ(uk->currency, "GBP");
  EXPECT_EQ(ky->n, 2u);
  EXPECT_EQ(ky->currency, "USD");
  EXPECT_EQ((*ky->metrics[0].pct)[2], 6'050'075);
}

// bands apply gives each of the guide's regions its currency: "London" in GBP
// is the British London; the Kentucky rows stay in dollars, and a guide region
// "London, KY" names them.
TEST(BandsRegions, AGuidesRegionCurrencyAppliesToItsOwnCity) {
  BandsOptions o = Options();
  o.region_currency = {{"london", "GBP"}};
  BandSet b = MustBuild(o);
  EXPECT_EQ(Summary(b)[0], "London | london | 3 | GBP");
  EXPECT_EQ(Summary(b)[1], "London, KY | london, ky | 2 | USD");

  o.region_currency = {{"london, ky", "EUR"}};
  b = MustBuild(o);
  const GroupBand* ky = Group(b, "London, KY");
  ASSERT_NE(ky, nullptr);
  EXPECT_EQ(ky->currency, "EUR");
  const GroupBand* uk = Group(b, "London");
  ASSERT_NE(uk, nullptr);
  EXPECT_EQ(uk->currency, "USD");
}

TEST(BandsRegions, WhenTheCitiesAreEqualInRowsTheFirstKeyKeepsTheName) {
  Result<ColumnMapping> m = ParseColumnMapping("location=l,base=b");
  ASSERT_TRUE(m.ok());
  // One row each: the first key keeps the name, and "london|united kingdom"
  // sorts before Kentucky's "london|us|ky".
  Result<BandSet> b = BuildBandsFromText(
      "l,b\n\"London, EN, United Kingdom\",1000\n\"London, KY\",2000\n\"Paris, France\",3000\n",
      "t.csv", *m, Options());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(Summary(*b), (std::vector<std::string>{
                             "London | london | 1 | USD",
                             "London, KY | london, ky | 1 | USD",
                             "Paris | paris | 1 | USD",
                         }));
  EXPECT_EQ(b->groups[0].metrics[0].pct->at(0), 100'000);  // the British row
}

// Levels.fyi writes a few US locations in three parts: "Cambridge, MA, United
// States" (2 rows), "Richmond, VA, United States", "Monroe, LA, United States".
// Each is the same place as its two-part spelling: the Cambridge rows are in
// the Boston metro (they once made a region "Cambridge" of their own), and
// Richmond and Monroe join the rows written "Richmond, VA" and "Monroe, LA".
TEST(BandsRegions, ThreePartUsLocationsAreTheirCityAndState) {
  const std::filesystem::path path =
      std::filesystem::path(LEVERS_SHARED_DIR) / "data" / "levels_fyi_salaries_2017_2021.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  std::ifstream in(path, std::ios::binary);
  std::string header, line;
  ASSERT_TRUE(std::getline(in, header));
  // The real rows of these locations, and how many the file has of each.
  const std::vector<std::string> locations = {"Cambridge, MA, United States",
                                              "Richmond, VA, United States",
                                              "Monroe, LA, United States",
                                              "Cambridge, MA",
                                              "Boston, MA",
                                              "Richmond, VA",
                                              "Monroe, LA"};
  std::map<std::string, uint64_t> rows;
  std::string text = header + "\n";
  while (std::getline(in, line)) {
    for (const std::string& l : locations) {
      if (line.find(",\"" + l + "\",") == std::string::npos) continue;
      ++rows[l];
      text += line + "\n";
    }
  }
  ASSERT_EQ(rows["Cambridge, MA, United States"], 2u);
  ASSERT_EQ(rows["Richmond, VA, United States"], 1u);
  ASSERT_EQ(rows["Monroe, LA, United States"], 1u);
  EXPECT_EQ(RegionOf("Cambridge, MA, United States"), "Boston");
  EXPECT_EQ(RegionOf("Cambridge, MA"), "Boston");

  BandsOptions o = Options();
  o.currency = "local";
  const BandSet b = bands_testing::MustBuildLevelsFyi(text, o);
  EXPECT_EQ(b.ledger.rejected, 0u);
  EXPECT_EQ(Summary(b),
            (std::vector<std::string>{
                "Boston | boston | " +
                    std::to_string(rows["Boston, MA"] + rows["Cambridge, MA"] + 2) + " | USD",
                "Richmond | richmond | " + std::to_string(rows["Richmond, VA"] + 1) + " | USD",
                "Monroe | monroe | 2 | USD",
            }));
}

// Every country of the Levels.fyi data with a circulating currency has it in
// data/bands/metros.csv, so --currency local converts where the ECB quotes a
// rate and says which rate is missing where it does not. Moscow at the ECB's
// 2021-12-31 fixing (USD 1.1326, RUB 85.3004 per EUR): USD 100,000 / 1.1326 *
// 85.3004 = RUB 7,531,379.1276..., 753,137,913 kopecks. The ECB quotes no TWD
// or BYN, so Taipei and Minsk are refused for the rate, not for the country;
// Puerto Rico pays in dollars.
TEST(BandsRegions, LocalCurrencyForEveryCountryOfTheData) {
  Result<RateTable> rates =
      RateTable::FromEcbCsv("Date,USD,RUB,\n2021-12-31,1.1326,85.3004,\n", "rates.csv");
  ASSERT_TRUE(rates.ok()) << rates.status().ToString();
  BandsOptions o = Options();
  o.currency = "local";
  o.rates = &*rates;
  const BandSet b = bands_testing::MustBuildLevelsFyi(
      std::string(bands_testing::kLevelsFyiHeader) +
          "Acme,SWE,L4,\"Moscow, MC, Russia\",12/31/2021 10:00:00,100000,0,0,100000\n"
          "Acme,SWE,L4,\"Taipei, TP, Taiwan\",12/31/2021 10:00:00,50000,0,0,50000\n"
          "Acme,SWE,L4,\"Minsk, HM, Belarus\",12/31/2021 10:00:00,40000,0,0,40000\n"
          "Acme,SWE,L4,\"San Juan, SJ, Puerto Rico\",12/31/2021 10:00:00,90000,0,0,90000\n"
          "Acme,SWE,L4,\"Belgrade, BG, Yugoslavia\",12/31/2021 10:00:00,30000,0,0,30000\n",
      o);
  const GroupBand* moscow = Group(b, "Moscow");
  ASSERT_NE(moscow, nullptr);
  EXPECT_EQ(moscow->currency, "RUB");
  EXPECT_EQ((*moscow->metrics[0].pct)[2], 753'137'913);
  const GroupBand* san_juan = Group(b, "San Juan");
  ASSERT_NE(san_juan, nullptr);
  EXPECT_EQ(san_juan->currency, "USD");
  EXPECT_EQ((*san_juan->metrics[0].pct)[2], 9'000'000);
  const std::map<uint64_t, std::string> rejects = bands_testing::Rejects(b);
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_NE(rejects.at(3).find("conversion-failed"), std::string::npos) << rejects.at(3);
  EXPECT_NE(rejects.at(3).find("USD to TWD"), std::string::npos) << rejects.at(3);
  EXPECT_NE(rejects.at(4).find("USD to BYN"), std::string::npos) << rejects.at(4);
  // A country that no longer exists has no currency to convert to.
  EXPECT_NE(rejects.at(6).find("currency-unknown"), std::string::npos) << rejects.at(6);
}

// Every currency the metros table names is one levers knows, and every row has
// its four fields: the table is read once, quietly, so it is checked here.
TEST(BandsRegions, TheMetrosTableNamesOnlyKnownCurrencies) {
  std::ifstream in(std::filesystem::path(LEVERS_SOURCE_DIR) / "data" / "bands" / "metros.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  size_t rows = 0;
  bool header = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      header = true;
      continue;
    }
    ++rows;
    const size_t comma = line.rfind(',');
    ASSERT_NE(comma, std::string::npos) << line;
    const std::string code = line.substr(comma + 1);
    EXPECT_NE(FindCurrency(code), nullptr) << line;
  }
  EXPECT_GT(rows, 100u);
}

}  // namespace
}  // namespace levers
