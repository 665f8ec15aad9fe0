// Offer engine tests. Every expected figure is computed by hand in the comment
// beside it.
#include "levers/offer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <random>

#include "levers/corpus.h"
#include "levers/fx.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "test_guides.h"
#include "test_offers.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

std::optional<Offer> ReadOfferText(const std::string& text, DiagnosticSink& sink) {
  SourceFile f("offer.yaml", text);
  return ReadOffer(f, sink);
}

using testing::MustReadOffer;

int64_t Major(const Money& m) { return m.minor / MinorPerMajor(m.currency); }

// The bundled Hugging Face Enterprise Engineering Manager guide (San Francisco:
// base 220,000–275,000, stock 220,000–390,000, total comp 303,000–453,000 USD).
Guide BundledEmGuide() {
  return testing::BundledGuide("hugging-face-enterprise--engineering-manager.md");
}

// The bundled Glimmerfen Health Data Scientist guide (no front matter) with its
// Berlin row, "| Berlin | €85K–€110K | €40K–€80K | 5–10% | €99K–€141K |",
// replaced by `row`.
Guide GlimmerfenGuideWithBerlinRow(const std::string& row) {
  Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                                        "/data/guides/glimmerfen-health--data-scientist.md");
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  if (!f.ok()) return Guide{};
  const SourceFile edited(
      f->path(), testing::Replace(std::string(f->text()),
                                  "| Berlin | €85K–€110K | €40K–€80K | 5–10% | €99K–€141K |", row));
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(edited, sink);
  EXPECT_TRUE(g);
  return g ? *g : Guide{};
}

// An offer's first lines for the bundled guide's San Francisco band, base USD 240,000.
constexpr char kSfEmOfferHead[] =
    "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
    "Francisco\ncurrency: USD\nbase: 240000\n";

// The percentile of `base` USD in the San Francisco base band.
int32_t SfBasePercentile(const Guide& g, const std::string& base) {
  Offer o = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: " +
      base + "\n");
  auto ev = Evaluate(o, &g, {});
  EXPECT_TRUE(ev.ok()) << ev.status().ToString();
  if (!ev.ok() || ev->positions.empty()) return -1;
  EXPECT_EQ(ev->positions[0].what, "base");
  return ev->positions[0].percentile;
}

TEST(Vesting, FiveFifteenFortyFortyWithTwoYearSignOn) {
  Offer o = MustReadOffer(R"(
company: Quillon Labs
role: Software Engineer
currency: USD
base: 200000
bonus: 10%
signing: {year1: 50000, year2: 30000}
equity: {kind: public_rsu, value: 400000, vesting: 5/15/40/40, cliff_months: 12, frequency: monthly}
)");
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Vests: 5% = 20,000; 15% = 60,000; 40% = 160,000 twice.
  EXPECT_EQ(Major(ev->years[0].equity_expected.value), 20000);
  EXPECT_EQ(Major(ev->years[1].equity_expected.value), 60000);
  EXPECT_EQ(Major(ev->years[2].equity_expected.value), 160000);
  EXPECT_EQ(Major(ev->years[3].equity_expected.value), 160000);
  // Year 1: 200,000 + 20,000 bonus + 50,000 sign-on + 20,000 vest = 290,000.
  EXPECT_EQ(Major(ev->years[0].total_expected.value), 290000);
  // Year 2: 200,000 + 20,000 + 30,000 + 60,000 = 310,000; years 3 and 4: 380,000.
  EXPECT_EQ(Major(ev->years[1].total_expected.value), 310000);
  EXPECT_EQ(Major(ev->years[2].total_expected.value), 380000);
  EXPECT_EQ(Major(ev->years[3].total_expected.value), 380000);
  EXPECT_EQ(Major(ev->first_year_total.value), 290000);
  // (290,000 + 310,000 + 380,000 + 380,000) / 4 = 340,000
  // = base 200,000 + average vest 100,000 + bonus 20,000 + sign-on 80,000 / 4.
  EXPECT_EQ(Major(ev->four_year_average.value), 340000);
}

// The four-year average is over years 1-4 whatever the grant's length: what
// vests in those years, never the grant over its own years.
TEST(Vesting, FourYearAverageOfAThreeAndAFiveYearGrant) {
  Offer three = MustReadOffer(R"(
company: Quillon Labs
currency: USD
base: 200000
bonus: 10%
signing: 40000
equity: {kind: public_rsu, value: 300000, vesting: [40, 30, 30]}
)");
  auto ev = Evaluate(three, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Vests 120,000 / 90,000 / 90,000 / 0. Totals: 200,000 + 20,000 + 40,000 + 120,000 =
  // 380,000; 310,000; 310,000; 220,000 (no vest in year 4). Sum 1,220,000 / 4 = 305,000
  // = 200,000 + 20,000 + (40,000 + 300,000) / 4; not base + grant / 3 + bonus + sign-on / 4
  // = 330,000.
  EXPECT_EQ(Major(ev->years[3].equity_expected.value), 0);
  EXPECT_EQ(Major(ev->four_year_average.value), 305000);
  EXPECT_EQ(ev->four_year_average.formula,
            "(USD 380,000 + USD 310,000 + USD 310,000 + USD 220,000) / 4 = base USD 200,000 + "
            "bonus USD 20,000 + (sign-on USD 40,000 + USD 0 + vest USD 120,000 + USD 90,000 + USD "
            "90,000 + USD 0) / 4 = USD 305,000");
  EXPECT_EQ(ev->horizon_note,
            "the grant vests over 3 years: year 4 has no vest from it, and the four-year average "
            "counts it as 0");
  EXPECT_NE(std::find(ev->assumptions.begin(), ev->assumptions.end(), ev->horizon_note),
            ev->assumptions.end());

  Offer five = MustReadOffer(R"(
company: Quillon Labs
currency: USD
base: 200000
equity: {kind: private_rsu, value: 500000, years: 5}
)");
  ev = Evaluate(five, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Expected grant 500,000 × 0.7 = 350,000, 70,000 a year over 5 years; years 1-4 vest
  // 280,000. Average: 200,000 + 280,000 / 4 = 270,000 (year 5's 70,000 is left out).
  EXPECT_EQ(Major(ev->four_year_average.value), 270000);
  EXPECT_EQ(ev->four_year_average.formula,
            "(USD 270,000 + USD 270,000 + USD 270,000 + USD 270,000) / 4 = base USD 200,000 + "
            "(vest USD 70,000 + USD 70,000 + USD 70,000 + USD 70,000) / 4 = USD 270,000");
  EXPECT_EQ(ev->horizon_note,
            "the grant vests over 5 years: year 5's USD 70,000 (expected) is beyond the four-year "
            "horizon and not in the four-year average");

  // A four-year grant needs no note.
  ev = Evaluate(MustReadOffer("company: Q\ncurrency: USD\nbase: 1\nequity: {kind: public_rsu, "
                              "value: 4000}\n"),
                nullptr, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->horizon_note, "");
}

// An even split vests exactly 1/years a year, not the split rounded to basis
// points (33.33% of 300,000 is 99,990).
TEST(Vesting, AnEvenSplitIsExactThirds) {
  for (const char* equity : {"{kind: public_rsu, value: 300000, years: 3, cliff_months: 0}",
                             "{kind: public_rsu, value: 300000, vesting: 33/33/33}"}) {
    auto ev = Evaluate(
        MustReadOffer(std::string("company: Q\ncurrency: USD\nbase: 1\nequity: ") + equity + "\n"),
        nullptr, {});
    ASSERT_TRUE(ev.ok()) << ev.status().ToString();
    EXPECT_EQ(Major(ev->years[0].equity_expected.value), 100000) << equity;
    EXPECT_EQ(Major(ev->years[1].equity_expected.value), 100000) << equity;
    EXPECT_EQ(Major(ev->years[2].equity_expected.value), 100000) << equity;
    EXPECT_EQ(ev->years[0].equity_expected.formula,
              "1/3 of the grant vests in year 1: USD 300,000 × 1/3 (expected value)");
  }
  // Monthly without a cliff: USD 1,000.00 over 3 years is 100,000 cents / 36 months,
  // 2,777.7… a month; the months add up to the grant and each year to 33,333 or 33,334.
  VestingSchedule s{{3333, 3333, 3334}, 0, VestingFrequency::kMonthly, true};
  std::vector<int64_t> y = YearlyVests(100'000, s);
  EXPECT_EQ(y, (std::vector<int64_t>{33'333, 33'333, 33'334}));
  EXPECT_EQ(s.Describe(), "1/3 a year over 3 years, no cliff, monthly");
}

TEST(Vesting, OneYearCliffThenMonthly) {
  VestingSchedule s{{2500, 2500, 2500, 2500}, 12, VestingFrequency::kMonthly};
  std::vector<int64_t> m = MonthlyVests(12'000'000, s);  // USD 120,000.00 in cents
  ASSERT_EQ(m.size(), 48u);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(m[static_cast<size_t>(i)], 0) << "month " << i + 1;
  EXPECT_EQ(m[11], 3'000'000);  // the whole first year at the cliff: 30,000.00
  for (int i = 12; i < 48; ++i)
    EXPECT_EQ(m[static_cast<size_t>(i)], 250'000) << "month " << i + 1;  // 2,500.00
  s.frequency = VestingFrequency::kQuarterly;
  m = MonthlyVests(12'000'000, s);
  EXPECT_EQ(m[11], 3'000'000);
  EXPECT_EQ(m[12], 0);
  EXPECT_EQ(m[14], 750'000);  // month 15: one quarter of 30,000
  s.cliff_months = 6;
  s.frequency = VestingFrequency::kMonthly;
  m = MonthlyVests(12'000'000, s);
  EXPECT_EQ(m[4], 0);
  EXPECT_EQ(m[5], 1'500'000);  // month 6: six months of 2,500 at once
  EXPECT_EQ(m[6], 250'000);
}

// A schedule over 1 to 6 years with random shares (summing to 100%), cliff and
// frequency.
VestingSchedule RandomSchedule(std::mt19937& rng) {
  const int years = 1 + static_cast<int>(rng() % 6);
  std::vector<int32_t> bp(static_cast<size_t>(years), 0);
  int32_t left = 10000;
  for (int y = 0; y < years - 1; ++y) {
    bp[static_cast<size_t>(y)] = static_cast<int32_t>(rng() % static_cast<uint32_t>(left + 1));
    left -= bp[static_cast<size_t>(y)];
  }
  bp.back() = left;
  return VestingSchedule{bp, static_cast<int>(rng() % static_cast<uint32_t>(years * 12 + 1)),
                         static_cast<VestingFrequency>(rng() % 3)};
}

TEST(Vesting, YearlyVestsAlwaysSumToTheGrant) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    VestingSchedule s = RandomSchedule(rng);
    s.even = rng() % 4 == 0;  // an exact even split over the same years
    const int64_t grant = static_cast<int64_t>(rng() % 1'000'000'000'000ull);
    const std::vector<int64_t> yearly = YearlyVests(grant, s);
    EXPECT_EQ(std::accumulate(yearly.begin(), yearly.end(), int64_t{0}), grant) << s.Describe();
    for (int64_t v : MonthlyVests(grant, s)) ASSERT_GE(v, 0);
  }
}

TEST(Equity, OptionsWithTheStrikeAboveFairValueAreWorthNothingToday) {
  Offer o = MustReadOffer(R"(
company: Tessellate
role: Engineer
currency: USD
base: 150000
equity: {kind: options, shares: 10000, strike: 5.00, fair_value: 4.00}
)");
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->equity->floor.value.minor, 0);
  EXPECT_EQ(ev->equity->expected.value.minor, 0);
  // Upside: 10,000 × (4.00 × 3 − 5.00) = 10,000 × 7.00 = 70,000.
  EXPECT_EQ(Major(ev->equity->upside.value), 70000);
  EXPECT_NE(ev->equity->basis.find("underwater"), std::string::npos);
  EXPECT_EQ(Major(ev->first_year_total.value), 150000);
}

// Found by tests/fuzz/offer_fuzzer.cc (offer_corpus/regression_options_notional_overflow.json):
// 1,000,000,000 options at 100,000,000 a share passed the per-amount limit,
// and shares × price (1e19 cents) wrapped around int64 into a negative value.
TEST(Equity, OptionsWorthMoreThanTheAmountLimitAreRefused) {
  for (const char* equity : {"{kind: options, shares: 1000000000, strike: 0, "
                             "preferred_price: 100000000}",
                             "{kind: options, shares: 1000001, strike: 100, fair_value: 1}"}) {
    DiagnosticSink sink;
    EXPECT_FALSE(
        ReadOfferText(std::string("currency: USD\nbase: 100000\nequity: ") + equity + "\n", sink))
        << equity;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << equity;
    EXPECT_EQ(sink.diagnostics()[0].path, "equity.shares");
    EXPECT_NE(sink.diagnostics()[0].message.find("a share is more than USD 100,000,000; check"),
              std::string::npos)
        << sink.diagnostics()[0].message;
  }
  // At the limit exactly: 1,000,000 options × 100.00 = 100,000,000; the upside is 3 × that.
  Offer o = MustReadOffer(
      "currency: USD\nbase: 100000\nequity: {kind: options, shares: 1000000, strike: 0, "
      "fair_value: 100}\n");
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(Major(ev->equity->expected.value), 70'000'000);  // 100,000,000 × (1 − 30%)
  EXPECT_EQ(Major(ev->equity->upside.value), 300'000'000);   // 1,000,000 × 100 × 3
}

// Rupee share prices are grouped in lakhs, as every rupee amount levers shows.
TEST(Equity, RupeeSharePricesAreGroupedInLakhs) {
  Offer o = MustReadOffer(
      "currency: INR\nbase: 4800000\nequity: {kind: options, shares: 100, strike: 150000, "
      "fair_value: 250000.5}\n");
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->equity->basis, "100 options at strike INR 1,50,000.00, fair value INR 2,50,000.50");
}

// Per-share prices are exact to millionths of the major unit; each value is
// computed exactly from shares × price and rounded once, down, to the cent.
TEST(Equity, OptionPricesBelowACentAreExact) {
  Offer o = MustReadOffer(R"(
company: Seedling
currency: USD
base: 100000
equity: {kind: options, shares: 100000, strike: 0.005, fair_value: 0.125}
)");
  ASSERT_TRUE(o.equity);
  EXPECT_EQ(o.equity->strike, (SharePrice{5'000, "USD"}));
  EXPECT_EQ(o.equity->fair_value, (SharePrice{125'000, "USD"}));
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Spread 100,000 × (0.125 − 0.005) = 12,000; expected × 0.7 = 8,400; upside
  // 100,000 × (0.125 × 3 − 0.005) = 100,000 × 0.37 = 37,000.
  EXPECT_EQ(ev->equity->face, (Money{1'200'000, "USD"}));
  EXPECT_EQ(ev->equity->expected.value, (Money{840'000, "USD"}));
  EXPECT_EQ(ev->equity->upside.value, (Money{3'700'000, "USD"}));
  EXPECT_EQ(ev->equity->expected.formula,
            "100,000 × (USD 0.125 − USD 0.005) × (1 − 30% liquidity discount) (rounded down to the "
            "cent, "
            "once)");
  EXPECT_EQ(ev->equity->basis, "100,000 options at strike USD 0.005, fair value USD 0.125");

  // 33,333 × (0.125 − 0.0015) = 33,333 × 0.1235 = 4,116.6255 → USD 4,116.62;
  // expected 4,116.6255 × 0.7 = 2,881.63785 → 2,881.63; upside 33,333 × (0.375 − 0.0015)
  // = 12,449.8755 → 12,449.87.
  o = MustReadOffer(R"(
company: Seedling
currency: USD
base: 100000
equity: {kind: options, shares: 33333, strike: "0.0015", preferred_price: 0.125}
)");
  ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->equity->face, (Money{411'662, "USD"}));
  EXPECT_EQ(ev->equity->expected.value, (Money{288'163, "USD"}));
  EXPECT_EQ(ev->equity->upside.value, (Money{1'244'987, "USD"}));

  // More than six decimals is refused, never rounded.
  DiagnosticSink sink;
  EXPECT_FALSE(ReadOfferText(
      "currency: USD\nbase: 1\nequity: {kind: options, shares: 10, strike: 0.0000005, "
      "fair_value: 1}\n",
      sink));
  ASSERT_FALSE(sink.diagnostics().empty());
  EXPECT_EQ(sink.diagnostics()[0].message,
            "equity.strike '0.0000005' has more than 6 decimal places; levers holds prices per "
            "share to millionths");
}

// A plain number finer than the offer's currency is named against that
// currency, whatever its field.
TEST(OfferAmounts, DecimalsBeyondTheCurrencyNameIt) {
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"currency: USD\nbase: 100000.123\n",
            "base '100000.123': USD amounts have at most 2 decimals"},
           {"currency: usd\nbase: 100,000.125\n",
            "base '100,000.125': USD amounts have at most 2 decimals"},
           {"currency: USD\nbase: 100000\nsigning: 5000.001\n",
            "signing '5000.001': USD amounts have at most 2 decimals"},
           {"currency: JPY\nbase: 9000000.5\n", "base '9000000.5': JPY amounts have no decimals"},
       }) {
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOfferText(text, sink)) << text;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << text;
    EXPECT_EQ(sink.diagnostics()[0].message, message) << text;
  }
  // Two decimals are read exactly; a string names its own currency as before.
  EXPECT_EQ(MustReadOffer("currency: USD\nbase: 100000.12\n").base, (Money{10'000'012, "USD"}));
  DiagnosticSink sink;
  EXPECT_FALSE(ReadOfferText("currency: USD\nbase: \"EUR1.234\"\n", sink));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].message,
            "base 'EUR1.234': '1.234' has more decimal places than EUR allows");
}

TEST(Equity, PrivateRsusThreeWays) {
  Offer o = MustReadOffer(R"(
company: Tessellate
role: Engineer
currency: USD
base: 150000
equity: {kind: private_rsu, value: 200000}
)");
  auto ev = Evaluate(o, nullptr, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(Major(ev->equity->floor.value), 0);
  EXPECT_EQ(Major(ev->equity->expected.value), 140000);         // 200,000 × (1 − 30%)
  EXPECT_EQ(Major(ev->equity->upside.value), 600000);           // 200,000 × 3
  EXPECT_EQ(Major(ev->years[0].equity_expected.value), 35000);  // a quarter of 140,000
}

// A private company's refreshers are the same illiquid shares as its grant: the
// expected view discounts both. A public company's refreshers stay at face value.
TEST(Equity, PrivateRefreshersAreDiscountedLikeTheGrant) {
  const std::string text = R"(
label: EUR in SF
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: EUR
date: 2025-05-09
base: 215000.37
bonus: 12.5%
signing: {year1: 15000, year2: 7500}
refresh: {per_year: 30000, from_year: 3}
relocation: 12000
)";
  auto ev = Evaluate(MustReadOffer(text + R"(equity:
  kind: private_rsu
  value: 250001
  vesting: 5/15/40/40
  cliff_months: 12
  frequency: quarterly
)"),
                     nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Refresher 30,000 × (1 − 30%) = EUR 21,000 in years 3 and 4, none before.
  EXPECT_EQ(ev->years[1].refresh.value, (Money{0, "EUR"}));
  EXPECT_EQ(ev->years[2].refresh.value, (Money{2'100'000, "EUR"}));
  EXPECT_EQ(ev->years[3].refresh.value, (Money{2'100'000, "EUR"}));
  EXPECT_NE(ev->years[2].refresh.formula.find("liquidity discount"), std::string::npos);
  // Grant 250,001 × 0.7 = 175,000.70; cumulative 5/20/60/100%: 8,750.03, 35,000.14,
  // 105,000.42, 175,000.70, so yearly 8,750.03, 26,250.11, 70,000.28, 70,000.28.
  // Bonus 215,000.37 × 12.5% = 26,875.04625 → 26,875.04.
  // Year 1: 215,000.37 + 26,875.04 + 15,000 + 8,750.03 = 265,625.44.
  // Year 2: 215,000.37 + 26,875.04 + 7,500 + 26,250.11 = 275,625.52.
  // Years 3, 4: 215,000.37 + 26,875.04 + 70,000.28 + 21,000 = 332,875.69.
  EXPECT_EQ(ev->years[0].total_expected.value, (Money{26'562'544, "EUR"}));
  EXPECT_EQ(ev->years[1].total_expected.value, (Money{27'562'552, "EUR"}));
  EXPECT_EQ(ev->years[2].total_expected.value, (Money{33'287'569, "EUR"}));
  EXPECT_EQ(ev->years[3].total_expected.value, (Money{33'287'569, "EUR"}));
  // (265,625.44 + 275,625.52 + 332,875.69 × 2) / 4 = 1,207,002.34 / 4 = 301,750.585 → 301,750.58.
  EXPECT_EQ(ev->four_year_average.value, (Money{30'175'058, "EUR"}));
  std::string assumptions;
  for (const std::string& a : ev->assumptions) assumptions += a + "\n";
  EXPECT_NE(assumptions.find("refreshers are private equity like the grant"), std::string::npos)
      << assumptions;

  // The same offer with public RSUs: the refresher at face value, 30,000.
  auto pub =
      Evaluate(MustReadOffer(text + "equity: {kind: public_rsu, value: 250001}\n"), nullptr, {});
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(pub->years[2].refresh.value, (Money{3'000'000, "EUR"}));
  for (const std::string& a : pub->assumptions)
    EXPECT_EQ(a.find("refreshers are private"), std::string::npos) << a;
}

TEST(Evaluate, EuroOfferAgainstADollarBandOnAGivenDate) {
  auto r = testing::ReadText(testing::CleanGuide());
  ASSERT_TRUE(r.guide);
  Offer o = MustReadOffer(R"(
company: Quillon Labs
role: Software Engineer
region: Seattle
currency: EUR
date: 2025-05-09
base: 150000
)");
  auto ev = Evaluate(o, &*r.guide, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // EUR 150,000 × 1.1252 USD/EUR (ECB, 2025-05-09) = USD 168,780.00.
  ASSERT_FALSE(ev->positions.empty());
  EXPECT_EQ(ev->positions[0].value, (Money{16'878'000, "USD"}));
  // Seattle base band 150,000–190,000 as p25–p75: 25 + 18,780 / 40,000 × 50 = 48.475 → p48.
  EXPECT_EQ(ev->positions[0].percentile, 48);
  ASSERT_FALSE(ev->conversions.empty());
  EXPECT_NE(ev->conversions[0].find("2025-05-09"), std::string::npos);
  EXPECT_NE(ev->conversions[0].find("1.1252"), std::string::npos);
}

// Band 220,000–275,000 read as p25–p75: percentile = 25 + (base − 220,000) / 55,000 × 50,
// rounded half up the same way below and above the band's low.
TEST(Evaluate, PercentilesRoundHalfUpOnBothSidesOfTheBand) {
  const Guide g = BundledEmGuide();
  struct Case {
    const char* base;
    int32_t percentile;
  };
  for (const Case& c : std::vector<Case>{
           // 25 − 554 / 55,000 × 50 = 25 − 0.50363… = 24.496… → p24 (not p25).
           {"219446", 24},
           // 25 − 550 / 55,000 × 50 = 24.5 exactly → half up → p25.
           {"219450", 25},
           // 25 − 549.99 / 55,000 × 50 = 24.50001 → p25; 219,449.99: 24.49999 → p24.
           {"219450.01", 25},
           {"219449.99", 24},
           // 25 + 55,554 / 55,000 × 50 = 75.5036… → p76.
           {"275554", 76},
           // 25 + 54,945 / 55,000 × 50 = 74.95 → p75; 274,340: 74.4000… → p74;
           // 274,395: 25 + 54,395 / 55,000 × 50 = 74.45 → p74.
           {"274945", 75},
           {"274340", 74},
           {"274395", 74},
           // 25 − 27,500 / 55,000 × 50 = 0 exactly; 191,950: −0.5 → half up → 0 (clamped,
           // not −0); 191,895: 25 − 28,105 / 55,000 × 50 = −0.55 → rounds to −1 → clamped to p0.
           {"192500", 0},
           {"191950", 0},
           {"191895", 0},
           // 25 − 26,900 / 55,000 × 50 = 0.5454… → p1.
           {"193100", 1},
       }) {
    EXPECT_EQ(SfBasePercentile(g, c.base), c.percentile) << "base " << c.base;
  }
}

TEST(Evaluate, NoRateForTheDateIsAClearError) {
  auto r = testing::ReadText(testing::CleanGuide());
  Offer o = MustReadOffer(
      "company: Quillon Labs\nrole: Software Engineer\nregion: Seattle\ncurrency: EUR\ndate: "
      "1998-06-01\nbase: 150000\n");
  auto ev = Evaluate(o, &*r.guide, {});
  ASSERT_FALSE(ev.ok());
  // Named as compare and counter name it: the offer's file and its date.
  EXPECT_EQ(ev.status().message(),
            o.source +
                ": date 1998-06-01: cannot convert EUR to USD: no ECB rate for USD on 1998-06-01: "
                "the table starts 1999-01-04");
}

TEST(ReadOffer, BadInputIsNamedWithItsLocation) {
  struct Case {
    const char* text;
    const char* needle;
  };
  for (const Case& c : std::vector<Case>{
           {"company: X\nbase: 100000\n", "no currency"},
           {"company: X\ncurrency: XYZ\nbase: 100000\n", "'XYZ' is not an ISO 4217"},
           {"company: X\ncurrency: USD\nbase: -5\n", "negative"},
           {"company: X\ncurrency: USD\nbase: 5000000000\n", "absurdly large"},
           {"company: X\ncurrency: USD\nbase: 100000\nequity: {kind: public_rsu, value: 1000, "
            "vesting: 10/20/30}\n",
            "adds up to 60%"},
           {"company: X\ncurrency: USD\nbase: 100000\nbonsu: 10%\n", "did you mean 'bonus'"},
           {"company: X\ncurrency: USD\nbase: 100000\nequity: {value: 1000}\n", "needs kind"},
           {"company: X\ncurrency: USD\nbase: \"EUR100K\"\n",
            "in EUR but the offer's currency is USD"},
           {"company: X\ncurrency: USD\ndate: 2026-02-30\nbase: 1\n", "does not exist"},
           {"company: [unclosed\n", "not valid YAML"},
       }) {
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOfferText(c.text, sink)) << c.text;
    ASSERT_FALSE(sink.diagnostics().empty()) << c.text;
    std::string all;
    for (const Diagnostic& d : sink.diagnostics()) all += d.message + "\n";
    EXPECT_NE(all.find(c.needle), std::string::npos) << c.text << " gave: " << all;
  }
}

// Amounts and per-share prices read amount text alike: it must parse to its end
// and be in the offer's currency; a price with a currency is in its minor units.
TEST(ReadOffer, AmountTextIsReadAlikeForAmountsAndPrices) {
  const std::string head = "company: X\ncurrency: USD\nbase: 100000\n";
  const std::string options = "equity: {kind: options, shares: 1000, fair_value: 4, strike: ";
  EXPECT_EQ(MustReadOffer(head + options + "\"$2.50\"}\n").equity->strike,
            (SharePrice{2'500'000, "USD"}));
  EXPECT_EQ(MustReadOffer(head + "signing: \"$20K\"\n").signing_year1, (Money{2'000'000, "USD"}));
  struct Case {
    std::string text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {head + "signing: \"$20K a year\"\n",
            "signing '$20K a year': unexpected text after the amount"},
           {head + "signing: \"EUR 20K\"\n",
            "signing is in EUR but the offer's currency is USD; give every amount in one currency"},
           {head + options + "\"$2.50 each\"}\n",
            "equity.strike '$2.50 each': unexpected text after the price"},
           {head + options + "\"EUR 2.50\"}\n",
            "equity.strike is in EUR but the offer's currency is USD; give every amount in one "
            "currency"},
       }) {
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOfferText(c.text, sink)) << c.text;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << c.text;
    EXPECT_EQ(sink.diagnostics()[0].message, c.message) << c.text;
  }
}

// The absurd-amount limit is USD 100,000,000 or its equivalent in the offer's
// currency at the bundled ECB table's newest rates, so ordinary won and rupiah
// salaries are read.
TEST(ReadOffer, TheAbsurdAmountLimitIsPerCurrency) {
  EXPECT_EQ(MustReadOffer("company: X\ncurrency: KRW\nbase: 120000000\n").base,
            (Money{120'000'000, "KRW"}));
  EXPECT_EQ(MustReadOffer("company: X\ncurrency: IDR\nbase: 900000000\n").base,
            (Money{90'000'000'000, "IDR"}));
  EXPECT_EQ(MustReadOffer("company: X\ncurrency: JPY\nbase: 15000000\n").base,
            (Money{15'000'000, "JPY"}));
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"company: X\ncurrency: USD\nbase: 200000000\n",
            "base USD 200,000,000 is absurdly large (the limit is USD 100,000,000); check the "
            "number of zeros"},
           // ECB 2025-05-09: 1.1252 USD and 1,575.72 KRW per EUR; 100,000,000 × 1,575.72 /
           // 1.1252 = 140,039,104,159.3… → KRW 140,039,104,159 (rounded down).
           {"company: X\ncurrency: KRW\nbase: 150000000000\n",
            "base KRW 150,000,000,000 is absurdly large (the limit is KRW 140,039,104,159, USD "
            "100,000,000 at the ECB rates of 2025-05-09); check the number of zeros"},
           {"company: X\ncurrency: EUR\nbase: 100000000\n",
            "base EUR 100,000,000 is absurdly large (the limit is EUR 88,873,089.22, USD "
            "100,000,000 at the ECB rates of 2025-05-09); check the number of zeros"},
       }) {
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOfferText(c.text, sink)) << c.text;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << c.text;
    EXPECT_EQ(sink.diagnostics()[0].message, c.message);
  }
}

// Two keys that contradict each other are an error at the second, naming the
// first with its line and column; none is resolved silently.
TEST(ReadOffer, ContradictionsAreErrorsNamingBothKeys) {
  struct Case {
    const char* text;
    const char* path;
    uint32_t line, column;
    const char* message;
  };
  const std::string head = "company: X\ncurrency: USD\n";
  for (const Case& c : std::vector<Case>{
           {"base: 100000\nbase: 200000\n", "base", 4, 1,
            "duplicate key 'base': 'base' is already given at line 3, column 1; give it once"},
           {"base: 1\nequity:\n  kind: public_rsu\n  value: 1000\n  value: 2000\n", "equity.value",
            7, 3,
            "duplicate key 'equity.value': 'equity.value' is already given at line 6, column 3; "
            "give it once"},
           {"base: 1\nsigning: {year1: 5, year1: 6}\n", "signing.year1", 4, 21,
            "duplicate key 'signing.year1': 'signing.year1' is already given at line 4, column "
            "11; give it once"},
           {"base: 1\nbonus: 10%\nbonus_pct: 15\n", "bonus_pct", 5, 1,
            "'bonus_pct' and 'bonus' (at line 4, column 1) are both given: each states the whole "
            "target bonus; keep one"},
           {"base: 1\nbonus_amount: 5000\nbonus: 10%\n", "bonus", 5, 1,
            "'bonus' and 'bonus_amount' (at line 4, column 1) are both given: each states the "
            "whole target bonus; keep one"},
           {"base: 1\nequity: {kind: public_rsu, value: 9, years: 4, vesting: 50/30/20}\n",
            "equity.vesting", 4, 57,
            "'equity.vesting' has 3 years but 'equity.years' (at line 4, column 45) says 4; give "
            "one, or make them agree"},
           {"base: 1\nequity: {kind: options, shares: 10, strike: 1, fair_value: 2, value: 9}\n",
            "equity.value", 4, 63,
            "'equity.value' is for RSUs, but 'equity.kind' (at line 4, column 16) is options, "
            "valued from shares, strike and fair_value or preferred_price; remove one"},
           {"base: 1\nequity: {kind: private_rsu, value: 9, shares: 10}\n", "equity.shares", 4, 39,
            "'equity.shares' is for options, but 'equity.kind' (at line 4, column 16) is "
            "private_rsu, valued from equity.value; remove one"},
       }) {
    SourceFile f("offer.yaml", head + c.text);
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOffer(f, sink)) << c.text;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << c.text;
    const Diagnostic& d = sink.diagnostics()[0];
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.path, c.path);
    EXPECT_EQ(d.message, c.message);
    const LineColumn lc = f.Locate(d.range.begin);
    EXPECT_EQ(lc.line, c.line) << c.text;
    EXPECT_EQ(lc.column, c.column) << c.text;
  }
  // Where a documented rule decides (the preferred price over the fair value),
  // the offer is read and a warning says which value is not used.
  SourceFile f("offer.yaml", head +
                                 "base: 1\nequity: {kind: options, shares: 10, strike: 1, "
                                 "fair_value: 2, preferred_price: 3}\n");
  DiagnosticSink sink;
  std::optional<Offer> o = ReadOffer(f, sink);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->equity->preferred_price, (SharePrice{3'000'000, "USD"}));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].severity, Severity::kWarning);
  EXPECT_EQ(sink.diagnostics()[0].code, "offer-ignored");
  EXPECT_EQ(sink.diagnostics()[0].message,
            "'equity.preferred_price' and 'equity.fair_value' (at line 4, column 60) are both "
            "given: the options are valued at the preferred price USD 3.00; fair_value USD 2.00 "
            "is not used");
}

TEST(ReadOffer, JsonToo) {
  Offer o = MustReadOffer(R"({"company": "X", "currency": "GBP", "base": "£95K", "bonus": 7500,
                         "equity": {"kind": "public_rsu", "value": 40000, "vesting": [40, 30, 20, 10]}})");
  EXPECT_EQ(o.base, (Money{9'500'000, "GBP"}));
  EXPECT_EQ(o.bonus_amount->minor, 750'000);
  EXPECT_EQ(o.equity->schedule.yearly_bp, (std::vector<int32_t>{4000, 3000, 2000, 1000}));
}

// JSON scalars are read as YAML reads them (docs/offer-format.md): null is a
// key left out, a number is text where text is due, a string of digits a whole
// number; nothing else is converted.
TEST(ReadOffer, JsonScalarsAreReadAsInYaml) {
  Offer o = MustReadOffer(R"({"company": 42, "region": null, "currency": "USD", "base": 200000,
                         "equity": {"kind": "public_rsu", "value": 400000, "years": "4"}})");
  EXPECT_EQ(o.company, "42");
  EXPECT_EQ(o.region, "");
  EXPECT_EQ(o.equity->schedule.years(), 4);
  for (const char* years : {R"("four")", "4.5"}) {
    DiagnosticSink sink;
    EXPECT_FALSE(ReadOfferText(std::string(R"({"company": "X", "currency": "USD", "base": 1,
        "equity": {"kind": "public_rsu", "value": 4, "years": )") +
                                   years + "}}",
                               sink))
        << years;
    ASSERT_FALSE(sink.diagnostics().empty()) << years;
    EXPECT_EQ(sink.diagnostics()[0].message, "equity.years must be a whole number from 1 to 10");
  }
}

// An offer without a region, or with one the guide lacks, is valued year by
// year without a band position, and says why with the regions the guide has.
TEST(Evaluate, WithoutARegionTheFiguresComeWithoutABandPosition) {
  const Guide g = BundledEmGuide();
  Offer o = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\ncurrency: USD\nbase: "
      "240000\n");
  auto ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  ASSERT_EQ(ev->years.size(), 4u);
  EXPECT_EQ(ev->first_year_total.value, (Money{24'000'000, "USD"}));
  EXPECT_TRUE(ev->positions.empty());
  EXPECT_EQ(ev->band_note,
            "the offer names no region; the Engineering Manager guide's regions: San Francisco, "
            "New York, Paris");
  EXPECT_NE(EvaluationText(*ev, false).find("\nno band position: the offer names no region; "),
            std::string::npos);
  const std::string json = EvaluationJson(*ev, false);
  EXPECT_NE(json.find("\"region\": null"), std::string::npos) << json;
  EXPECT_NE(json.find("\"note\": \"the offer names no region; "), std::string::npos) << json;

  o.region = "Marseille";
  ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_TRUE(ev->positions.empty());
  EXPECT_EQ(
      ev->band_note.rfind("the Engineering Manager guide has no region 'Marseille'; closest: ", 0),
      0u)
      << ev->band_note;
  // The API's and the web form's pre-check: FindBand still refuses the region.
  EXPECT_FALSE(FindBand(g, "Marseille").ok());
  EXPECT_FALSE(FindBand(g, "").ok());
  // A counter plan needs a band: among the guide's three, choosing one would
  // be a guess, so counter asks for the region as evaluate's note does.
  o.region = "";
  auto plan = Counter(o, g, {}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "the offer names no region; the Engineering Manager guide's regions: San Francisco, "
            "New York, Paris");
  // A guide of one region has one band to place it in, and the plan says so.
  const Guide paris_only = [] {
    Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                                          "/data/guides/glimmerfen-health--data-scientist.md");
    EXPECT_TRUE(f.ok());
    if (!f.ok()) return Guide{};
    const SourceFile edited(
        f->path(),
        testing::Replace(std::string(f->text()),
                         "| Berlin | €85K–€110K | €40K–€80K | 5–10% | €99K–€141K |\n", ""));
    DiagnosticSink sink;
    std::optional<Guide> read = ReadGuide(edited, sink);
    return read ? *read : Guide{};
  }();
  ASSERT_EQ(ResolveCompensation(paris_only).size(), 1u);
  auto one = Counter(MustReadOffer("company: Glimmerfen Health\nrole: Data Scientist\ncurrency: "
                                   "EUR\nbase: 95000\n"),
                     paris_only, {}, {});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->band_region, "Paris");
  EXPECT_NE(std::find(one->rules.begin(), one->rules.end(),
                      "the offer names no region: the guide's only region, Paris, is the band"),
            one->rules.end());
  // A region it has: positions, and no note.
  o.region = "san francisco";
  ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->positions.size(), 2u);
  EXPECT_EQ(ev->band_note, "");
}

// A role the company has no guide for lists every role its guides cover.
TEST(Evaluate, AWrongRoleListsEveryRoleOfTheCompany) {
  std::vector<Guide> owned;
  for (const char* slug : {"engineering-manager", "software-engineer", "ml-ai-engineer",
                           "staff-software-engineer", "technical-program-manager"}) {
    Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                                          "/data/guides/hugging-face-enterprise--" + slug + ".md");
    ASSERT_TRUE(f.ok()) << slug;
    DiagnosticSink sink;
    std::optional<Guide> g = ReadGuide(*f, sink);
    ASSERT_TRUE(g);
    owned.push_back(std::move(*g));
  }
  std::vector<const Guide*> guides;
  for (const Guide& g : owned) guides.push_back(&g);
  auto found = FindGuide(guides, "Hugging Face Enterprise", "Engineering Mgr");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message(),
            "no guide for role 'Engineering Mgr' at Hugging Face Enterprise; its 5 guides cover: "
            "Engineering Manager, ML/AI Engineer, Software Engineer, Staff Software Engineer, "
            "Technical Program Manager");
  // Company and role are optional in an offer: without them there is no guide, said so.
  found = FindGuide(guides, "", "Engineering Manager");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message(), "the offer names no company, so it has no guide");
  found = FindGuide(guides, "Hugging Face Enterprise", "");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message().rfind(
                "the offer names no role, so it has no guide at Hugging Face Enterprise; its 5 "
                "guides cover: ",
                0),
            0u);
  found = FindGuide({}, "Hugging Face Enterprise", "Engineering Manager");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().message(),
            "no guide for company 'Hugging Face Enterprise': no guides were read");
}

// Formulas leave out terms that are 0; conversions name the figure they convert,
// and the newest-rate note is given only when something was converted.
TEST(Evaluate, FormulasAndConversionsSayOnlyWhatHappened) {
  const Guide g = BundledEmGuide();
  Offer o = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San Francisco\n"
      "currency: USD\nbase: 240000\nbonus: 10%\n");
  auto ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->years[0].signing.formula, "no sign-on in year 1");
  EXPECT_EQ(ev->years[0].relocation.formula, "none");
  // 240,000 + 10% = 264,000, with nothing else.
  EXPECT_EQ(ev->years[0].total_expected.formula, "base USD 240,000 + bonus USD 24,000");
  EXPECT_EQ(ev->four_year_average.formula,
            "(USD 264,000 + USD 264,000 + USD 264,000 + USD 264,000) / 4 = base USD 240,000 + "
            "bonus USD 24,000 = USD 264,000");
  EXPECT_TRUE(ev->conversions.empty());
  for (const std::string& a : ev->assumptions)
    EXPECT_EQ(a.find("no offer date"), std::string::npos) << a;

  o.currency = "EUR";
  o.base = {20'000'000, "EUR"};
  o.signing_year1 = {1'000'000, "EUR"};
  o.relocation = {500'000, "EUR"};
  ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->years[0].signing.formula, "sign-on paid in year 1");
  EXPECT_EQ(ev->years[1].signing.formula, "no sign-on in year 2");
  EXPECT_EQ(ev->years[0].relocation.formula, "relocation (cash, not counted in total comp)");
  // The text shows it in its own row, in year 1, outside every total; and
  // compare does too, for each offer (a conversion of it is never shown alone).
  const std::string text = EvaluationText(*ev, false);
  EXPECT_NE(text.find("\nrelocation (not in totals)         EUR 5,000           EUR 0"),
            std::string::npos)
      << text;
  auto both = Compare({o, o}, "EUR", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_NE(ComparisonText(*both, false).find("relocation (not in totals)"), std::string::npos)
      << ComparisonText(*both, false);
  // Without a date, the newest rate (2025-05-09, 1.1252): base EUR 200,000 =
  // USD 225,040; first year EUR 200,000 + 20,000 + 10,000 = 230,000 = USD 258,796.
  // Each conversion line of the undated offer says so, as compare's and counter's do.
  ASSERT_EQ(ev->conversions.size(), 2u);
  EXPECT_EQ(ev->conversions[0],
            "base: EUR 200,000 × 1.1252 USD/EUR (ECB 2025-05-09) = USD 225,040 (no offer date: "
            "the newest ECB rate)");
  EXPECT_EQ(ev->conversions[1],
            "total comp (recurring, 4-year average, expected): EUR 220,000 × 1.1252 USD/EUR (ECB "
            "2025-05-09) = USD 247,544 (no offer date: the newest ECB rate)");
  EXPECT_EQ(ev->assumptions.back(),
            "no offer date: currency converted at the newest ECB rate, 2025-05-09");
}

TEST(Compare, RanksInOneCurrency) {
  Offer a = MustReadOffer("label: A\ncompany: A\ncurrency: USD\nbase: 200000\n");
  Offer b = MustReadOffer("label: B\ncompany: B\ncurrency: EUR\ndate: 2025-05-09\nbase: 190000\n");
  auto c = Compare({a, b}, "USD", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // EUR 190,000 × 1.1252 = USD 213,788.00 > 200,000.
  EXPECT_EQ(c->offers[1].four_year_average.value, (Money{21'378'800, "USD"}));
  EXPECT_EQ(c->ranking, (std::vector<size_t>{1, 0}));
}

// With guides, each offer is placed in its own guide's band from its own
// figures, exactly as Evaluate places it alone (in the band's currency, not
// converted twice); an offer without a guide says why.
TEST(Compare, PlacesEachOfferInItsGuidesBand) {
  const Guide g = BundledEmGuide();
  Offer hf = MustReadOffer(
      "label: HF\ncompany: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: EUR\ndate: 2025-05-09\nbase: 200000\n");
  Offer other = MustReadOffer("label: B\ncompany: Nowhere\ncurrency: USD\nbase: 100000\n");
  const std::vector<const Guide*> guides = {&g};
  auto c = Compare({hf, other}, "GBP", RankBy::kFourYearAverage, {}, &guides);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto alone = Evaluate(hf, &g, {});
  ASSERT_TRUE(alone.ok());
  ASSERT_FALSE(alone->positions.empty());
  const Evaluation& placed = c->offers[0];
  EXPECT_EQ(placed.guide_path, g.path);
  EXPECT_EQ(placed.band_region, "San Francisco");
  EXPECT_EQ(placed.band_currency, "USD");
  ASSERT_EQ(placed.positions.size(), alone->positions.size());
  for (size_t i = 0; i < placed.positions.size(); ++i) {
    EXPECT_EQ(placed.positions[i].value, alone->positions[i].value);
    EXPECT_EQ(placed.positions[i].percentile, alone->positions[i].percentile);
    EXPECT_EQ(placed.positions[i].formula, alone->positions[i].formula);
  }
  // EUR 200,000 straight into USD at 1.1252, not through GBP.
  EXPECT_EQ(placed.conversions, alone->conversions);
  EXPECT_EQ(placed.four_year_average.value.currency, "GBP");
  EXPECT_TRUE(c->offers[1].positions.empty());
  EXPECT_EQ(c->offers[1].band_note.rfind("no guide for company 'Nowhere'", 0), 0u)
      << c->offers[1].band_note;
  // Without guides, no band at all, as before.
  auto bare = Compare({hf, other}, "GBP", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(bare->offers[0].positions.empty());
  EXPECT_TRUE(bare->offers[0].band_note.empty());
}

// The JSON writers lay out the same values two ways: indented for the CLI,
// compact on one line for the API, with nothing outside strings between.
TEST(OfferReport, CompactJsonIsTheIndentedJsonWithoutItsLayout) {
  Offer a = MustReadOffer("label: A  B\ncompany: A\ncurrency: USD\nbase: 200000\n");
  Offer b = MustReadOffer("label: B\ncompany: B\ncurrency: EUR\ndate: 2025-05-09\nbase: 190000\n");
  auto c = Compare({a, b}, "USD", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok());
  for (bool explain : {false, true}) {
    const std::string indented = ComparisonJson(*c, explain);
    const std::string compact = ComparisonJson(*c, explain, JsonLayout::kCompact);
    EXPECT_EQ(indented, ComparisonJson(*c, explain, JsonLayout::kIndented));
    EXPECT_NE(indented.find("\n  \"currency\": \"USD\""), std::string::npos) << indented;
    EXPECT_EQ(compact.rfind("{\"currency\":\"USD\",\"offers\":[{", 0), 0u) << compact;
    EXPECT_EQ(compact.find('\n'), compact.size() - 1);
    EXPECT_NE(compact.find("\"label\":\"A  B\""), std::string::npos);  // strings as they are
    // Token for token the same text: indented minus the layout is compact.
    std::string stripped;
    bool in_string = false, escaped = false;
    for (char ch : indented) {
      if (in_string) {
        if (escaped)
          escaped = false;
        else if (ch == '\\')
          escaped = true;
        else if (ch == '"')
          in_string = false;
      } else if (ch == ' ' || ch == '\n') {
        continue;
      } else if (ch == '"') {
        in_string = true;
      }
      stripped += ch;
    }
    EXPECT_EQ(stripped + "\n", compact);
    auto ev = Evaluate(a, nullptr, {});
    ASSERT_TRUE(ev.ok());
    EXPECT_EQ(EvaluationJson(*ev, explain, JsonLayout::kCompact).rfind("{\"label\":\"A  B\",", 0),
              0u)
        << EvaluationJson(*ev, explain, JsonLayout::kCompact);
  }
}

// Two offers with one label would rank ambiguously: the later ones become
// "Label (2)", "Label (3)", skipping a label already taken, in the ranking and
// the conversions too. The table sizes its columns to labels and amounts.
TEST(Compare, CollidingLabelsAreMadeUniqueAndTheTableFitsThem) {
  Offer a = MustReadOffer("label: Hugging Face Enterprise EM\ncurrency: USD\nbase: 200000\n");
  Offer b = MustReadOffer(
      "label: Hugging Face Enterprise EM\ncurrency: EUR\ndate: 2025-05-09\nbase: 190000\n");
  Offer c2 = MustReadOffer("label: Hugging Face Enterprise EM (2)\ncurrency: USD\nbase: 100000\n");
  auto c = Compare({a, b, c2, a}, "IDR", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->offers.size(), 4u);
  EXPECT_EQ(c->offers[0].offer.label, "Hugging Face Enterprise EM");
  EXPECT_EQ(c->offers[1].offer.label, "Hugging Face Enterprise EM (3)");
  EXPECT_EQ(c->offers[2].offer.label, "Hugging Face Enterprise EM (2)");
  EXPECT_EQ(c->offers[3].offer.label, "Hugging Face Enterprise EM (4)");
  EXPECT_EQ(c->conversions[1].rfind("Hugging Face Enterprise EM (3) base: EUR 190,000", 0), 0u)
      << c->conversions[1];
  const std::string json = ComparisonJson(*c, false);
  EXPECT_NE(json.find("\"ranking\": [\n    \"Hugging Face Enterprise EM (3)\",\n    \"Hugging "
                      "Face Enterprise EM\",\n    \"Hugging Face Enterprise EM (4)\",\n"),
            std::string::npos)
      << json;
  // USD 200,000 ÷ 1.1252 × 18606.59 = IDR 3,307,250,266.6192… → .62; every cell stands
  // apart from its neighbour by at least two spaces, and no label is cut.
  const std::string text = ComparisonText(*c, false);
  EXPECT_NE(text.find("Hugging Face Enterprise EM  Hugging Face Enterprise EM (3)  "),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("IDR 3,307,250,266.62IDR"), std::string::npos) << text;
  EXPECT_NE(text.find("  IDR 3,307,250,266.62  "), std::string::npos) << text;
}

// Options granted in yen, compared in dollars: the totals are converted, never
// the per-share prices (JPY 3 and JPY 5 would round to USD 0.02 and USD 0.03, a
// spread of USD 0.01 × 1,000,000 = USD 10,000, expected USD 7,000).
TEST(Compare, OptionsInAnotherCurrencyAreConvertedAsTotals) {
  Offer o = MustReadOffer(R"(
label: JPY options
company: Hugging Face Enterprise
role: Engineering Manager
currency: JPY
date: 2025-05-09
base: 15000000
equity: {kind: options, shares: 1000000, strike: 3, fair_value: 5}
)");
  auto c = Compare({o}, "USD", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->offers[0].equity);
  // ECB 2025-05-09: 1.1252 USD/EUR, 163.36 JPY/EUR.
  // 1,000,000 × JPY 5 = JPY 5,000,000 ÷ 163.36 × 1.1252 = 34,439.2752… → USD 34,439.28;
  // 1,000,000 × JPY 3 = JPY 3,000,000 ÷ 163.36 × 1.1252 = 20,663.5651… → USD 20,663.57.
  // Notional 34,439.28 − 20,663.57 = USD 13,775.71 (JPY 2,000,000 converted at once:
  // 13,775.7101… → 13,775.71, the same).
  // Expected: 13,775.71 × 0.7 = 9,642.997 → USD 9,642.99 (rounded down to the cent).
  EXPECT_EQ(c->offers[0].equity->expected.value, (Money{964'299, "USD"}));
  // Upside: 34,439.28 × 3 − 20,663.57 = 103,317.84 − 20,663.57 = USD 82,654.27.
  EXPECT_EQ(c->offers[0].equity->upside.value, (Money{8'265'427, "USD"}));
  EXPECT_EQ(c->offers[0].equity->floor.value, (Money{0, "USD"}));
  // The per-share prices stay exact, in yen, for showing.
  EXPECT_NE(c->offers[0].equity->basis.find("JPY 3"), std::string::npos)
      << c->offers[0].equity->basis;
  // Both totals' conversions are listed with their rate.
  std::string all;
  for (const std::string& s : c->conversions) all += s + "\n";
  EXPECT_NE(all.find("1,000,000 × fair value"), std::string::npos) << all;
  EXPECT_NE(all.find("1,000,000 × strike"), std::string::npos) << all;
  EXPECT_NE(all.find("163.36"), std::string::npos) << all;
}

// The offer in data/offers/hf-engineering-manager.yaml: USD 240,000 base, 10% bonus,
// 20,000 sign-on, 240,000 private RSUs over 4 years, San Francisco.
Offer BundledEmOffer() {
  Result<SourceFile> f =
      LoadSourceFile(std::string(LEVERS_SOURCE_DIR) + "/data/offers/hf-engineering-manager.yaml");
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  DiagnosticSink sink;
  std::optional<Offer> o = f.ok() ? ReadOffer(*f, sink) : std::nullopt;
  EXPECT_TRUE(o);
  return o ? *o : Offer{};
}

// Competing offers with one label, or with the offer's own, are named apart in
// the walk-away; the message still cites each as the candidate gave it.
TEST(Counter, CollidingLabelsAreMadeUnique) {
  const Guide g = BundledEmGuide();
  Offer own = BundledEmOffer();  // labelled "Hugging Face Enterprise EM"
  Offer low = MustReadOffer("label: Hugging Face Enterprise EM\ncurrency: USD\nbase: 200000\n");
  Offer high = MustReadOffer("label: Hugging Face Enterprise EM\ncurrency: USD\nbase: 300000\n");
  auto plan = Counter(own, g, {low, high}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->offer, "Hugging Face Enterprise EM (3)");
  ASSERT_TRUE(plan->best_alternative);
  EXPECT_EQ(plan->best_alternative->formula,
            "Hugging Face Enterprise EM (3)'s four-year average (expected)");
  EXPECT_NE(plan->message_text.find("an offer from Hugging Face Enterprise EM (USD 300,000 base)"),
            std::string::npos)
      << plan->message_text;
}

// The best four-year average and the largest first year are different offers:
// the sign-on closes the gap to the first year, and names that offer.
TEST(Counter, SignOnNamesTheOfferWithTheLargestFirstYear) {
  const Guide g = BundledEmGuide();
  const Offer o = BundledEmOffer();
  const Offer alt_a = MustReadOffer(R"(
label: AltA backloaded
company: A
currency: USD
date: 2025-05-09
base: 260000
equity: {kind: public_rsu, value: 800000, vesting: 5/15/40/40}
)");
  const Offer alt_b = MustReadOffer(R"(
label: AltB cash
company: B
currency: USD
date: 2025-05-09
base: 270000
signing: 150000
)");
  auto plan = Counter(o, g, {alt_a, alt_b}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // AltA: 260,000 + 800,000 / 4 = USD 460,000 a year on average (year one 260,000 + 5% of
  // 800,000 = 300,000). AltB: year one 270,000 + 150,000 = 420,000, average 307,500.
  ASSERT_TRUE(plan->best_alternative);
  EXPECT_EQ(plan->best_alternative->value, (Money{46'000'000, "USD"}));
  EXPECT_NE(plan->best_alternative->formula.find("AltA backloaded"), std::string::npos);
  // At the rules' asks the plan falls short of AltA's average, and AltB's base
  // (270,000) and AltA's grant are above the bands' 90% points: base and grant
  // are asked at the band's top, 275,000 and 390,000. Asked year one without
  // the sign-on: 275,000 + bonus 27,500 + a quarter of 390,000 × 0.7 (68,250) =
  // 370,750. Gap to AltB's 420,000: 49,250, rounded up to 1,000: 50,000 (above
  // 10% of the asked base, 27,500).
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{5'000'000, "USD"}));
  EXPECT_NE(plan->ask_signing->formula.find("AltB cash's first year USD 420,000"),
            std::string::npos)
      << plan->ask_signing->formula;
  const CounterLever* signing = nullptr;
  for (const CounterLever& l : plan->levers)
    if (l.what == "signing bonus") signing = &l;
  ASSERT_TRUE(signing);
  EXPECT_EQ(signing->reason,
            "closes the first-year gap to AltB cash (USD 420,000 in its first year)");
}

// Base above the band's top asks for a refresher of a quarter of the asked grant,
// but never for less than the offer's own; an offer also above the stock
// band's top is past what the market pays, and is asked for none.
TEST(Counter, NeverAsksForASmallerRefresherThanOffered) {
  const Guide g = BundledEmGuide();
  const std::string text = R"(
label: Top of band with refresher
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: USD
date: 2025-05-09
base: 280000
bonus: 10%
signing: 60000
equity: {kind: public_rsu, value: 380000}
)";
  // Ask equity: max(stock band 220,000 + 90% × (390,000 − 220,000) = 373,000, the offered
  // 380,000) = 380,000; a quarter of it is 95,000 a year.
  {
    auto plan =
        Counter(MustReadOffer(text + "refresh: {per_year: 150000, from_year: 2}\n"), g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->ask_equity.value, (Money{38'000'000, "USD"}));
    EXPECT_FALSE(plan->asks_equity);
    // 150,000 offered ≥ 95,000: nothing to ask.
    EXPECT_FALSE(plan->ask_refresh) << plan->ask_refresh->formula;
    for (const CounterLever& l : plan->levers) EXPECT_NE(l.what, "refresh");
    EXPECT_EQ(plan->message_text.find("refresh"), std::string::npos) << plan->message_text;
    std::string rules;
    for (const std::string& r : plan->rules) rules += r + "\n";
    EXPECT_NE(rules.find("no refresher asked: the offer's USD 150,000"), std::string::npos)
        << rules;
  }
  {
    // 60,000 offered < 95,000: ask 95,000, for the base above the band's top.
    auto plan =
        Counter(MustReadOffer(text + "refresh: {per_year: 60000, from_year: 2}\n"), g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_TRUE(plan->ask_refresh);
    EXPECT_EQ(plan->ask_refresh->value, (Money{9'500'000, "USD"}));
    // One ask: the close is singular.
    EXPECT_NE(plan->message_text.find("I'm asking for a yearly refresh of USD 95,000.\n\nWith "
                                      "this, I'm ready to sign.\n"),
              std::string::npos)
        << plan->message_text;
    const CounterLever* refresh = nullptr;
    for (const CounterLever& l : plan->levers)
      if (l.what == "refresh") refresh = &l;
    ASSERT_TRUE(refresh);
    EXPECT_EQ(refresh->reason,
              "the offer's base USD 280,000 is above the band's top USD 275,000, so growth has "
              "to come from equity");
    // The JSON says which asks are changes: base and equity are the offer's.
    EXPECT_NE(CounterPlanJson(*plan, false, JsonLayout::kCompact)
                  .find(R"("ask":{"asked":["refresh_per_year"],"base":280000,"equity":380000,)"),
              std::string::npos);
    EXPECT_NE(CounterPlanText(*plan, false)
                  .find("  base: USD 280,000, as offered (no more asked)\n  equity grant: USD "
                        "380,000, as offered (no more asked)\n  ask: refresh per year: USD "
                        "95,000\n"),
              std::string::npos)
        << CounterPlanText(*plan, false);
  }
  {
    // Exactly 100,000 offered: nothing to ask.
    auto plan =
        Counter(MustReadOffer(text + "refresh: {per_year: 95000, from_year: 2}\n"), g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_FALSE(plan->ask_refresh);
  }
  {
    // A grant of 400,000, above the stock band's top (390,000), with the base
    // above its top: nothing is pressed, and the message closes politely.
    std::string above = text;
    above.replace(above.find("380000"), 6, "400000");
    auto plan = Counter(MustReadOffer(above), g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_FALSE(plan->ask_refresh);
    EXPECT_TRUE(plan->levers.empty());
    EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                        "no refresher asked: the offer's base USD 280,000 and grant (USD 400,000 "
                        "over 4 years) are at or above the band's top (USD 275,000, USD 390,000)"),
              plan->rules.end());
    EXPECT_NE(plan->message_text.find("the offer already meets what I would ask for.\n\nI'm ready "
                                      "to sign.\n"),
              std::string::npos)
        << plan->message_text;
    EXPECT_NE(CounterPlanJson(*plan, false, JsonLayout::kCompact).find(R"("ask":{"asked":[],)"),
              std::string::npos);
  }
}

// A dated USD 250,000 offer for the bundled Engineering Manager guide's San
// Francisco band, without equity: the tests of the equity rules add theirs.
constexpr std::string_view kEmOfferHead = R"(
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: USD
date: 2025-05-09
base: 250000
)";

// A schedule is back-loaded when year one is below an even split over its own
// years: an even 5-year grant (20% a year) is not, 5/15/40/40 is.
TEST(Counter, BackLoadedMeansBelowAnEvenSplitOverTheGrantsOwnYears) {
  const Guide g = BundledEmGuide();
  const std::string head(kEmOfferHead);
  {
    auto plan = Counter(
        MustReadOffer(head + "equity: {kind: public_rsu, value: 500000, years: 5}\n"), g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_FALSE(plan->year_one_top_up) << plan->year_one_top_up->formula;
    EXPECT_FALSE(plan->ask_year_one_vesting_pct);
    // Its last year (20%) is an even share too: the grant does not taper.
    EXPECT_FALSE(plan->ask_refresh) << plan->ask_refresh->formula;
    for (const CounterLever& l : plan->levers) {
      EXPECT_NE(l.what, "year-one vesting");
      EXPECT_NE(l.what, "refresh");
    }
    EXPECT_EQ(plan->message_text.find("vesting in year one"), std::string::npos);
  }
  {
    auto plan = Counter(
        MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: 5/15/40/40}\n"), g,
        {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    // Ask equity: 220,000 + 90% × (390,000 − 220,000) = 373,000 over 4 years; the top-up
    // is 373,000 × (25% − 5%) = 74,600.
    ASSERT_TRUE(plan->year_one_top_up);
    EXPECT_EQ(plan->year_one_top_up->value, (Money{7'460'000, "USD"}));
    EXPECT_EQ(plan->ask_year_one_vesting_pct, Percent{2500});
    EXPECT_NE(plan->message_text.find("with 25% vesting in year one"), std::string::npos);
  }
}

// With --explain every figure of the plan is {value, formula}, the year-one
// vesting share too (it was a bare number); without it, a number.
TEST(Counter, TheYearOneVestingAskIsExplained) {
  const Guide g = BundledEmGuide();
  const std::string head(kEmOfferHead);
  auto plan = Counter(
      MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: 5/15/40/40}\n"), g,
      {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string json = CounterPlanJson(*plan, true);
  EXPECT_NE(json.find("\"year_one_vesting_pct\": {\n      \"value\": 25,\n      \"formula\": "
                      "\"an even share a year: 100% / 4 years = 25%, against the offer's "
                      "schedule, where year one vests 5% of the grant\"\n    },"),
            std::string::npos)
      << json;
  json = CounterPlanJson(*plan, false);
  EXPECT_NE(json.find("\"year_one_vesting_pct\": 25,\n"), std::string::npos) << json;
  // RSUs are not asked for as a count.
  EXPECT_NE(json.find("\"options\": null,\n"), std::string::npos) << json;
  // 100% / 3 is no whole basis point: the share is rounded down, and says so.
  plan = Counter(
      MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: 10/30/60}\n"), g, {},
      {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_year_one_vesting_pct, Percent{3333});
  EXPECT_EQ(plan->ask_year_one_vesting_formula,
            "an even share a year: 100% / 3 years = 33.33% (rounded down to 0.01%), against the "
            "offer's schedule, where year one vests 10% of the grant");
}

// A grant tapers when what vests in its last year, the cliff applied, is below
// an even split: 60/40 over 2 years tapers, but behind an 18-month cliff its
// year two releases 100% and it does not.
TEST(Counter, ACliffInTheLastYearIsNotATaper) {
  const Guide g = BundledEmGuide();
  const std::string head(kEmOfferHead);
  auto plan = Counter(
      MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: [60, 40]}\n"), g, {},
      {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->ask_refresh);
  plan =
      Counter(MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: [60, 40], "
                                   "cliff_months: 18}\n"),
              g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->ask_refresh) << plan->ask_refresh->formula;
  for (const CounterLever& l : plan->levers) EXPECT_NE(l.what, "refresh");
}

// An options grant is described by its shares, strike and price and valued at
// its spread, in the plan and in the message; never as 0.
TEST(Counter, OptionsAreDescribedAndValuedAtTheirSpread) {
  const Guide g = BundledEmGuide();
  const std::string head = R"(
label: Options offer
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: USD
date: 2025-05-09
base: 250000
)";
  const Offer alt = MustReadOffer(R"(
label: Startup
company: S
currency: USD
date: 2025-05-09
base: 260000
equity: {kind: options, shares: 20000, strike: 1.5, fair_value: 6}
)");
  {
    // 40,000 × (12.50 − 2.50) = USD 400,000 at the spread, above the stock band's 90%
    // point (373,000): the ask is the offer's own grant and no equity lever is pulled.
    // The rival's options, 90,000 at the spread, are below it: the message cites
    // only its base.
    auto plan = Counter(
        MustReadOffer(head +
                      "equity: {kind: options, shares: 40000, strike: 2.5, fair_value: 12.5}\n"),
        g, {alt}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->ask_equity.value, (Money{40'000'000, "USD"}));
    for (const CounterLever& l : plan->levers) EXPECT_NE(l.what, "equity");
    EXPECT_NE(plan->message_text.find("an offer from Startup (USD 260,000 base)"),
              std::string::npos)
        << plan->message_text;
    EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                        "the message cites Startup without its grant, no more than the offer's"),
              plan->rules.end());
  }
  {
    // 40,000 × (10 − 2.50) = USD 300,000 at the preferred price: below the
    // band's 373,000, asked up to it.
    auto plan = Counter(
        MustReadOffer(head +
                      "equity: {kind: options, shares: 40000, strike: 2.5, preferred_price: 10}\n"),
        g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->ask_equity.value, (Money{37'300'000, "USD"}));
    const CounterLever* equity = nullptr;
    for (const CounterLever& l : plan->levers)
      if (l.what == "equity") equity = &l;
    ASSERT_TRUE(equity);
    // Options are granted as a count: 373,000 ÷ 7.50 = 49,733.3, rounded up.
    EXPECT_EQ(equity->reason,
              "the grant is 40,000 options at strike USD 2.50 (preferred price USD 10.00), USD "
              "300,000 "
              "at the spread over 4 years, against a band of USD 220,000 to USD 390,000; as "
              "options, 49,734 at the offer's spread");
    EXPECT_EQ(plan->ask_options, 49'734);
    EXPECT_EQ(plan->ask_options_formula,
              "the asked grant USD 373,000 over 4 years ÷ the spread USD 7.50 a share (preferred "
              "price USD 10.00 − strike USD 2.50), rounded up to a whole option");
    EXPECT_NE(plan->message_text.find(", 49,734 options over 4 years (USD 373,000 "
                                      "at the current spread)"),
              std::string::npos)
        << plan->message_text;
    // The JSON and the text give the count, and with --explain its formula.
    EXPECT_NE(CounterPlanJson(*plan, false).find("\"options\": 49734,\n"), std::string::npos);
    EXPECT_NE(CounterPlanJson(*plan, true)
                  .find("\"options\": {\n      \"value\": 49734,\n      \"formula\": \"the "
                        "asked grant USD 373,000 over 4 years"),
              std::string::npos)
        << CounterPlanJson(*plan, true);
    EXPECT_NE(
        CounterPlanText(*plan, true)
            .find("  ask: equity grant as options: 49,734 options over 4 years\n      = the asked "
                  "grant USD 373,000"),
        std::string::npos)
        << CounterPlanText(*plan, true);
  }
  {
    // At the preferred price (USD 12.25) the spread is 9.75: 373,000 ÷ 9.75 =
    // 38,256.4, rounded up. A grant whose strike is at the price has no spread
    // to count by, and is asked as a value.
    auto plan = Counter(MustReadOffer(head + "equity: {kind: options, shares: 10000, strike: 2.5, "
                                             "fair_value: 10, preferred_price: 12.25}\n"),
                        g, {}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->ask_options, 38'257);
    EXPECT_NE(plan->ask_options_formula.find("÷ the spread USD 9.75 a share (preferred price USD "
                                             "12.25 − strike USD 2.50)"),
              std::string::npos)
        << plan->ask_options_formula;
    auto underwater = Counter(
        MustReadOffer(head +
                      "equity: {kind: options, shares: 10000, strike: 10, preferred_price: 10}\n"),
        g, {}, {});
    ASSERT_TRUE(underwater.ok()) << underwater.status().ToString();
    EXPECT_FALSE(underwater->ask_options);
    EXPECT_NE(underwater->message_text.find("USD 373,000 in equity over 4 years"),
              std::string::npos)
        << underwater->message_text;
  }
}

// Options valued at the 409A fair value alone are worth a floor of their value:
// set against a band of RSUs at face value they would ask for several times
// the grant (40,000 × (4.10 − 2.35) = USD 70,000 against a 90% point of
// 373,000: 213,143 options, 5.3 times it). The plan asks for the preferred
// price instead, and the evaluation says the value is a floor.
TEST(Counter, OptionsAtThe409APriceAloneAskForThePreferredPriceNotMoreOptions) {
  const Guide g = BundledEmGuide();
  const Offer o = MustReadOffer(std::string(kSfEmOfferHead) +
                                "date: 2025-05-09\n"
                                "equity: {kind: options, shares: 40000, strike: 2.35, "
                                "fair_value: 4.10}\n");
  auto plan = Counter(o, g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->ask_options);
  EXPECT_EQ(plan->ask_equity.value, (Money{7'000'000, "USD"}));
  EXPECT_EQ(plan->ask_equity.formula,
            "the offer's grant, USD 70,000 over 4 years at the 409A fair value alone (a floor): no "
            "more equity is asked until the preferred price is known");
  for (const CounterLever& l : plan->levers) EXPECT_NE(l.what, "equity");
  EXPECT_NE(plan->message_text.find("Could you also share the latest preferred price per share, "
                                    "so that I can weigh the options?"),
            std::string::npos)
      << plan->message_text;
  EXPECT_EQ(plan->message_text.find("options over"), std::string::npos) << plan->message_text;
  const std::vector<BandPosition>& pos = plan->offer.positions;
  ASSERT_GE(pos.size(), 2u);
  EXPECT_EQ(pos[1].note, "below the band; a floor: 409A value");
  EXPECT_NE(std::find_if(plan->offer.assumptions.begin(), plan->offer.assumptions.end(),
                         [](const std::string& a) {
                           return a.starts_with(
                               "the options are valued at the 409A fair value USD 4.10 alone: a "
                               "price set for tax");
                         }),
            plan->offer.assumptions.end());
  // With the preferred price the same grant is valued as investors value it,
  // and no such note is made.
  auto with_price = Evaluate(MustReadOffer(std::string(kSfEmOfferHead) +
                                           "date: 2025-05-09\n"
                                           "equity: {kind: options, shares: 40000, strike: 2.35, "
                                           "preferred_price: 11.75}\n"),
                             &g, {});
  ASSERT_TRUE(with_price.ok()) << with_price.status().ToString();
  EXPECT_EQ(with_price->positions[1].note, "");
}

// A warning of the reader (a value a rule sets aside) goes with the offer into
// every output: the JSON of an evaluation, of a comparison's offers and of a
// counter plan, with its place in the file.
TEST(OfferReport, ReaderWarningsAreInTheJson) {
  const Guide g = BundledEmGuide();
  const std::string text = std::string(kSfEmOfferHead) +
                           "date: 2025-05-09\n"
                           "equity: {kind: options, shares: 40000, strike: 2.35, fair_value: 4.10, "
                           "preferred_price: 11.75}\n";
  DiagnosticSink sink;
  std::optional<Offer> o = ReadOfferText(text, sink);
  ASSERT_TRUE(o);
  ASSERT_EQ(o->warnings.size(), 1u);
  const OfferWarning& w = o->warnings[0];
  EXPECT_EQ(w.code, "offer-ignored");
  EXPECT_EQ(w.path, "equity.preferred_price");
  EXPECT_EQ(w.line, 7u);
  EXPECT_EQ(w.column, 89u);
  EXPECT_EQ(w.message, sink.diagnostics()[0].message);
  const std::string json_warning =
      "\"warnings\": [\n    {\n      \"code\": \"offer-ignored\",\n      \"path\": "
      "\"equity.preferred_price\",\n      \"line\": 7,\n      \"column\": 89,\n      "
      "\"message\": \"'equity.preferred_price' and 'equity.fair_value' (at line 7, column 66) "
      "are both given";
  auto ev = Evaluate(*o, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_NE(EvaluationJson(*ev, false).find(json_warning), std::string::npos)
      << EvaluationJson(*ev, false);
  auto plan = Counter(*o, g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const std::string plan_json = CounterPlanJson(*plan, false);
  EXPECT_NE(plan_json.find("\"warnings\": [\n    {\n      \"offer\": \"Hugging Face "
                           "Enterprise\",\n      \"code\": \"offer-ignored\""),
            std::string::npos)
      << plan_json;
  // An offer given as flags has no line or column.
  DiagnosticSink flag_sink;
  std::optional<Offer> flags =
      ReadOffer(SourceFile("(flags)", R"({"currency": "USD", "base": 200000, "bonus": 15})"),
                flag_sink, OfferOrigin::kFlags);
  ASSERT_TRUE(flags);
  ASSERT_EQ(flags->warnings.size(), 1u);
  EXPECT_EQ(flags->warnings[0].line, 0u);
  auto flag_ev = Evaluate(*flags, nullptr, {});
  ASSERT_TRUE(flag_ev.ok());
  EXPECT_NE(EvaluationJson(*flag_ev, false).find("\"line\": null,\n      \"column\": null"),
            std::string::npos);
}

// A bonus amount that reads like a percentage or a fraction is read as written,
// with a warning at it saying how to write a percent.
TEST(ReadOffer, ABonusAmountThatLooksLikeAPercentIsWarnedOf) {
  struct Case {
    std::string text;
    std::string message;  // "" for no warning
    uint32_t line = 0, column = 0;
  };
  const std::string head = "currency: USD\nbase: 200000\n";
  for (const Case& c : std::vector<Case>{
           {head + "bonus: 15\n",
            "bonus '15' is read as an amount, USD 15, under 1% of the base USD 200,000; if it is a "
            "15% target, write bonus: \"15%\" or bonus_pct: 15",
            3, 8},
           {head + "bonus: 0.1\n",
            "bonus '0.1' is read as an amount, USD 0.10, under 1% of the base USD 200,000; if it "
            "is a 10% target, write bonus: \"10%\" or bonus_pct: 10",
            3, 8},
           {head + "bonus_amount: 12.5\n",
            "bonus_amount '12.5' is read as an amount, USD 12.50, under 1% of the base USD "
            "200,000; if it is a 12.5% target, write bonus: \"12.5%\" or bonus_pct: 12.5",
            3, 15},
           {head + "bonus: 20000\n", ""},
           {head + "bonus: 15%\n", ""},
           {head + "bonus: 101\n", ""},
           // 15 is 1.5% of a base of 1,000: an amount, however small.
           {"currency: USD\nbase: 1000\nbonus: 15\n", ""},
       }) {
    DiagnosticSink sink;
    SourceFile f("offer.yaml", c.text);
    std::optional<Offer> o = ReadOffer(f, sink);
    ASSERT_TRUE(o) << c.text;
    EXPECT_TRUE(o->bonus_amount || o->bonus_pct) << c.text;
    if (c.message.empty()) {
      EXPECT_TRUE(sink.diagnostics().empty()) << c.text;
      continue;
    }
    ASSERT_EQ(sink.diagnostics().size(), 1u) << c.text;
    const Diagnostic& d = sink.diagnostics()[0];
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_EQ(d.code, "offer-implausible");
    EXPECT_EQ(d.message, c.message);
    const LineColumn lc = f.Locate(d.range.begin);
    EXPECT_EQ(lc.line, c.line) << c.text;
    EXPECT_EQ(lc.column, c.column) << c.text;
  }
  // As flags, the flags are named.
  DiagnosticSink sink;
  ASSERT_TRUE(
      ReadOffer(SourceFile("(flags)", R"({"currency": "USD", "base": 200000, "bonus": 15})"), sink,
                OfferOrigin::kFlags));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].message,
            "--bonus '15' is read as an amount, USD 15, under 1% of the base USD 200,000; if it is "
            "a 15% target, write --bonus 15% or --bonus-pct 15");
}

// libyaml's commonest syntax errors in plain words, at the place to fix, for
// offers and guides alike (one reader).
TEST(ReadOffer, CommonYamlMistakesAreSaidPlainly) {
  struct Case {
    std::string text;
    std::string message;
    uint32_t line, column;
  };
  for (const Case& c : std::vector<Case>{
           {"currency: USD\n\tbase: 200000\n",
            "offer is not valid YAML: a tab character; YAML indents with spaces, never tabs: "
            "replace it with spaces",
            2, 1},
           {"currency: USD\nlabel: Acme: EM offer\nbase: 1\n",
            "offer is not valid YAML: the value of 'label' holds ': ', which YAML reads as another "
            "key; put the value in quotes (label: \"Acme: EM offer\")",
            2, 8},
           // A backslash would be an escape in double quotes: single quotes.
           {"currency: USD\nlabel: R&D\\Ops: EM\nbase: 1\n",
            "offer is not valid YAML: the value of 'label' holds ': ', which YAML reads as another "
            "key; put the value in quotes (label: 'R&D\\Ops: EM')",
            2, 8},
           {"currency: USD\nbase: 1\nequity:\n  kind: options\n  shares: 10\n"
            "   strike: 1\n  fair_value: 2\n",
            "offer is not valid YAML: this line is indented further than line 5 above it, so YAML "
            "reads it as more of the value of 'shares'; indent it as the keys beside it are (2 "
            "spaces there, 3 here)",
            6, 4},
           {"currency: USD\nbase: 1\nequity:\n  kind: public_rsu\n value: 100\n",
            "offer is not valid YAML: this line is indented less than line 4 above it (2 spaces "
            "there, 1 space here) but not as little as the key that holds them; give the keys of "
            "one mapping the same indentation",
            5, 2},
       }) {
    DiagnosticSink sink;
    SourceFile f("offer.yaml", c.text);
    EXPECT_FALSE(ReadOffer(f, sink)) << c.text;
    ASSERT_EQ(sink.diagnostics().size(), 1u) << c.text;
    const Diagnostic& d = sink.diagnostics()[0];
    EXPECT_EQ(d.code, "yaml-syntax");
    EXPECT_EQ(d.message, c.message);
    const LineColumn lc = f.Locate(d.range.begin);
    EXPECT_EQ(lc.line, c.line) << c.text;
    EXPECT_EQ(lc.column, c.column) << c.text;
  }
}

// Besides the calibrated base floor, the plan states the walk-away in total
// value: the best alternative's first year and four-year average, converted into
// the offer's currency with the rate and date, and names that offer.
TEST(Counter, WalkAwayIsTheBestAlternativesTotalConverted) {
  const Guide g = BundledEmGuide();
  const Offer paris = MustReadOffer(R"(
label: Paris
company: P
currency: EUR
date: 2025-05-09
base: 200000
bonus: 10%
equity: {kind: private_rsu, value: 200000, vesting: 5/15/40/40}
)");
  const Offer small = MustReadOffer("label: Small\ncompany: S\ncurrency: USD\nbase: 150000\n");
  auto plan = Counter(BundledEmOffer(), g, {small, paris}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->offer, "Paris");
  // EUR 200,000 × 1.1252 = USD 225,040 base, bonus 22,504; grant 225,040 × 0.7 = 157,528
  // expected, vesting 5% = 7,876.40 in year one. First year 225,040 + 22,504 + 7,876.40 =
  // 255,420.40; four-year average 225,040 + 22,504 + 157,528 / 4 = 286,926.
  EXPECT_EQ(plan->walk_away->first_year.value, (Money{25'542'040, "USD"}));
  EXPECT_EQ(plan->walk_away->four_year_average.value, (Money{28'692'600, "USD"}));
  ASSERT_EQ(plan->walk_away->conversions.size(), 2u);
  EXPECT_EQ(plan->walk_away->conversions[0],
            "Paris base: EUR 200,000 × 1.1252 USD/EUR (ECB 2025-05-09) = USD 225,040");
  // Bonus and equity are no listed conversion: the formula shows how each
  // follows from one (it once quoted them bare, "converted at the ECB rates
  // listed").
  EXPECT_EQ(
      plan->walk_away->first_year.formula,
      "Paris's first year, year 1: base USD 225,040 + bonus USD 22,504 + equity USD 7,876.40; "
      "where bonus USD 22,504 = USD 225,040 × 10% target; equity USD 7,876.40 = 5% of the "
      "grant vests in year 1: USD 157,528 × 5% (expected value); the grant's expected value "
      "USD 157,528 = USD 225,040 × (1 − 30% liquidity discount) (its own amounts converted "
      "into USD at the ECB rates listed)");
  EXPECT_EQ(plan->walk_away->four_year_average.formula,
            "Paris's four-year average, (USD 255,420.40 + USD 271,173.20 + USD 310,555.20 + USD "
            "310,555.20) / 4 = base USD 225,040 + bonus USD 22,504 + (vest USD 7,876.40 + USD "
            "23,629.20 + USD 63,011.20 + USD 63,011.20) / 4 = USD 286,926; where bonus USD 22,504 "
            "= USD 225,040 × 10% target; equity year 1 USD 7,876.40 "
            "= 5% of the grant vests in year 1: USD 157,528 × 5% (expected value); equity year 2 "
            "USD 23,629.20 = 15% of the grant vests in year 2: USD 157,528 × 15% (expected "
            "value); equity year 3 USD 63,011.20 = 40% of the grant vests in year 3: USD 157,528 "
            "× 40% (expected value); equity year 4 USD 63,011.20 = 40% of the grant vests in year "
            "4: USD 157,528 × 40% (expected value); the grant's expected value USD 157,528 = USD "
            "225,040 × (1 − 30% liquidity discount) (its own amounts converted into USD at the "
            "ECB rates listed)");
  // The calibrated base floor is unchanged: max(midpoint 247,500, 95% of the weakest
  // competing base 150,000) → 248,000.
  EXPECT_EQ(plan->floor_base.value, (Money{24'800'000, "USD"}));
  // The offer against it: first year 240,000 + 24,000 + 20,000 + 240,000 × 0.7 / 4 =
  // 326,000, at or above; four-year average 240,000 + 24,000 + (20,000 + 168,000) / 4 =
  // 311,000, at or above.
  std::string rules;
  for (const std::string& r : plan->rules) rules += r + "\n";
  EXPECT_NE(rules.find("walk away from a total below the best alternative's, Paris (the highest "
                       "four-year average among the other offers, expected equity): first year "
                       "USD 255,420.40, four-year average USD 286,926; this offer: first year "
                       "USD 326,000 (at or above it), four-year average USD 311,000 (at or above "
                       "it)"),
            std::string::npos)
      << rules;
  // Without competing offers there is no total to hold to.
  plan = Counter(BundledEmOffer(), g, {}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->walk_away);
  // Nor a best alternative: none, never USD 0.
  EXPECT_FALSE(plan->best_alternative);
  const std::string text = CounterPlanText(*plan, false);
  EXPECT_NE(text.find("  best alternative: none (no competing offer given)\n"), std::string::npos)
      << text;
  const std::string json = CounterPlanJson(*plan, false);
  EXPECT_NE(json.find("\"best_alternative\": null"), std::string::npos) << json;
  EXPECT_EQ(json.find("{\n  \"currency\": \"USD\",\n  \"band_region\": "), 0u) << json;
}

// The reference guides' stated asks and floors, reproduced from their own first
// region and competing offers (docs/counter-plan.md has the table).
TEST(Counter, CalibratedAgainstTheReferenceGuides) {
  const fs::path seeds = fs::path(LEVERS_SHARED_DIR) / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << seeds << " is absent";
  auto paths = CollectGuidePaths({seeds.string()});
  ASSERT_TRUE(paths.ok());
  CorpusOptions co;
  co.run_checks = false;
  for (const CheckedGuide& c : ReadAndCheck(*paths, co)) {
    SCOPED_TRACE(c.path);
    ASSERT_TRUE(c.guide);
    const Guide& g = *c.guide;
    const CompBand band = ResolveCompensation(g)[0].band;
    // The candidate's offer: the band's midpoint base and low equity, private RSUs.
    Offer o;
    o.label = *g.company_display;
    o.company = *g.company_display;
    o.role = *g.role_display;
    o.region = *band.region;
    o.currency = *band.currency;
    o.base = Money{(band.base_low->minor + band.base_high->minor) / 2, o.currency};
    EquityGrant eq;
    eq.kind = EquityKind::kPrivateRsu;
    eq.value = *band.stock_low;
    eq.schedule.yearly_bp = {2500, 2500, 2500, 2500};
    o.equity = eq;
    std::vector<Offer> others;
    for (const CompetingOffer& co2 : g.strategy.competing_offers) {
      Offer x;
      x.label = co2.company + (co2.level.empty() ? "" : " " + co2.level);
      x.company = co2.company;
      x.currency = co2.base->currency;
      x.base = *co2.base;
      EquityGrant e;
      e.kind = EquityKind::kPublicRsu;
      e.value = *co2.equity;
      e.schedule.yearly_bp = {2500, 2500, 2500, 2500};
      x.equity = e;
      others.push_back(x);
    }
    auto plan = Counter(o, g, others, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    auto within5 = [](const Money& got, const Money& want) {
      const double gap =
          std::abs(static_cast<double>(got.minor - want.minor)) / static_cast<double>(want.minor);
      return gap <= 0.05;
    };
    EXPECT_TRUE(within5(plan->ask_base.value, *g.strategy.ask.base))
        << FormatMoney(plan->ask_base.value);
    EXPECT_TRUE(within5(plan->ask_equity.value, *g.strategy.ask.equity))
        << FormatMoney(plan->ask_equity.value);
    EXPECT_TRUE(within5(plan->floor_base.value, *g.strategy.floor))
        << FormatMoney(plan->floor_base.value);
    auto pct = [](const Money& got, const Money& want) {
      return std::to_string((got.minor - want.minor) * 10000 / want.minor / 100.0).substr(0, 5) +
             "%";
    };
    std::cout << "calibration | " << *g.role_display << " | ask base "
              << MajorUnitsString(*g.strategy.ask.base) << " → "
              << MajorUnitsString(plan->ask_base.value) << " ("
              << pct(plan->ask_base.value, *g.strategy.ask.base) << ") | ask equity "
              << MajorUnitsString(*g.strategy.ask.equity) << " → "
              << MajorUnitsString(plan->ask_equity.value) << " ("
              << pct(plan->ask_equity.value, *g.strategy.ask.equity) << ") | floor "
              << MajorUnitsString(*g.strategy.floor) << " → "
              << MajorUnitsString(plan->floor_base.value) << " ("
              << pct(plan->floor_base.value, *g.strategy.floor) << ") | sign-on "
              << (plan->ask_signing ? MajorUnitsString(plan->ask_signing->value) : "none")
              << " | refresh "
              << (plan->ask_refresh ? MajorUnitsString(plan->ask_refresh->value) : "none") << "\n";
    // The message never names a company the candidate did not give.
    for (const char* name : {"Stripe", "Amazon", "Apple"}) {
      EXPECT_EQ(plan->message_text.find(name), std::string::npos);
    }
  }
}

// A cliff past month 12 holds back what the schedule gives before it: each
// year's formula says the share that vests then, cliff included, and the amount
// it applies to.
TEST(Vesting, TheFormulaSaysWhatVestsEachYearAfterTheCliff) {
  auto ev =
      Evaluate(MustReadOffer("currency: USD\nbase: 1\nequity: {kind: private_rsu, value: 480000, "
                             "vesting: 40/30/20/10, cliff_months: 18}\n"),
               nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // Expected grant 480,000 × 0.7 = 336,000; upside 480,000 × 3 = 1,440,000. Nothing
  // vests before month 18; at it years 1–2's 40% + 30% = 70%: 336,000 × 0.7 = 235,200.
  EXPECT_EQ(ev->years[0].equity_expected.value, (Money{0, "USD"}));
  EXPECT_EQ(ev->years[0].equity_expected.formula,
            "0% of the grant vests in year 1 (nothing before the 18-month cliff): USD 336,000 × "
            "0% (expected value)");
  EXPECT_EQ(ev->years[1].equity_expected.value, (Money{23'520'000, "USD"}));
  EXPECT_EQ(ev->years[1].equity_expected.formula,
            "70% of the grant vests in year 2 (years 1–2's 40% + 30%, at the 18-month cliff): "
            "USD 336,000 × 70% (expected value)");
  // 1,440,000 × 0.7 = 1,008,000.
  EXPECT_EQ(ev->years[1].equity_upside.value, (Money{100'800'000, "USD"}));
  EXPECT_EQ(ev->years[1].equity_upside.formula,
            "70% of the grant vests in year 2 (years 1–2's 40% + 30%, at the 18-month cliff): "
            "USD 1,440,000 × 70% (upside value)");
  // 336,000 × 0.2 = 67,200.
  EXPECT_EQ(ev->years[2].equity_expected.formula,
            "20% of the grant vests in year 3: USD 336,000 × 20% (expected value)");

  // USD 100.01 even over 4 years: cumulative 25.0025, 50.005, 75.0075, 100.01 rounded
  // down to the cent give 25.00, 25.00, 25.00 and 25.01; the formula gives the vest
  // when it is not the product.
  ev =
      Evaluate(MustReadOffer("currency: USD\nbase: 1\nequity: {kind: public_rsu, value: 100.01}\n"),
               nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->years[3].equity_expected.value, (Money{2'501, "USD"}));
  EXPECT_EQ(ev->years[3].equity_expected.formula,
            "25% of the grant vests in year 4: USD 100.01 × 25% = USD 25.01 (the schedule to date "
            "rounded down to the cent, less the years before: the years add up to the grant) "
            "(expected value)");
}

// ReleasedYears and ReleasedBp say what YearlyVests does: each year's vest is the
// grant × the shares released by its end, less the years before, rounded down.
TEST(Vesting, ReleasedSharesMatchTheYearlyVests) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 2000; ++trial) {
    VestingSchedule s = RandomSchedule(rng);
    const int64_t grant = static_cast<int64_t>(rng() % 1'000'000'000'000ull);
    const std::vector<int64_t> yearly = YearlyVests(grant, s);
    int64_t released_bp = 0, vested_before = 0;
    for (int y = 0; y < s.years(); ++y) {
      const auto [first, last] = s.ReleasedYears(y);
      EXPECT_EQ(first == last, y + 1 < s.CliffYear()) << s.Describe();
      released_bp += s.ReleasedBp(y);
      const int64_t vested_by = grant * released_bp / 10000;  // below 10^16: no overflow
      EXPECT_EQ(yearly[static_cast<size_t>(y)], vested_by - vested_before)
          << s.Describe() << " year " << y + 1;
      vested_before = vested_by;
    }
    EXPECT_EQ(released_bp, 10000) << s.Describe();
  }
}

// A cliff past month 12 leaves year one with nothing: the year-one vesting ask
// says 0% and asks its even share as cash, and the sign-on counts year one as if
// that even share were granted, so no shortfall is asked for twice.
TEST(Counter, ACliffPastYearOneIsTheYearOneShortfall) {
  const Guide g = BundledEmGuide();
  // Google L6 EM's first year: 268,000 + 15% bonus 40,200 + 33% of 430,000 = 141,900
  // vesting, 450,100.
  const Offer google = MustReadOffer(R"(
label: Google L6 EM
currency: USD
date: 2025-05-09
base: 268000
bonus: 15%
equity: {kind: public_rsu, value: 430000, vesting: [33, 33, 22, 12]}
)");
  const std::string head = R"(
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: USD
base: 240000
bonus: 10%
)";
  // At the rules' asks (grant 373,000) the average falls short of Google's
  // 415,700, whose grant is above the 90% point: the grant is asked at the
  // band's top. Asked: base 270,000, bonus 27,000, grant 390,000 vesting an
  // even 25% = 97,500 in year one: 394,500. The gap to 450,100 is 55,600, from
  // 50,000 rounded up to 5,000: 60,000, whatever the cliff.
  for (const char* cliff : {"12", "18"}) {
    SCOPED_TRACE(cliff);
    auto plan =
        Counter(MustReadOffer(head +
                              "equity: {kind: public_rsu, value: 300000, vesting: 5/15/40/40, "
                              "cliff_months: " +
                              cliff + "}\n"),
                g, {google}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    ASSERT_TRUE(plan->ask_signing);
    EXPECT_EQ(plan->ask_signing->value, (Money{6'000'000, "USD"}));
    EXPECT_EQ(plan->ask_signing->formula,
              "max(year-one gap USD 55,600 (Google L6 EM's first year USD 450,100 − the asked "
              "year one USD 394,500: base USD 270,000 + bonus USD 27,000 + equity USD 97,500, "
              "with the year-one vesting asked below (25%)), 10% of the asked base USD 27,000), "
              "rounded up to a multiple of USD 5,000 (from USD 50,000)");
    ASSERT_TRUE(plan->year_one_top_up);
    EXPECT_EQ(plan->ask_year_one_vesting_pct, Percent{2500});
  }
  // With the 18-month cliff year one vests 0%: the cash is 390,000 × 25% = 97,500.
  auto plan =
      Counter(MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, vesting: 5/15/40/40, "
                                   "cliff_months: 18}\n"),
              g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->year_one_top_up->value, (Money{9'750'000, "USD"}));
  EXPECT_EQ(plan->year_one_top_up->formula,
            "year one vests 0% of the grant (the 18-month cliff), under an even 25% a year over 4 "
            "years; ask for 25% in year one (a cliff of at most 12 months), or as cash USD 390,000 "
            "× (25% − 0%)");
  // An even grant behind an 18-month cliff is short in year one too.
  plan =
      Counter(MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, cliff_months: 18}\n"),
              g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->year_one_top_up);
  EXPECT_EQ(plan->year_one_top_up->value, (Money{9'325'000, "USD"}));
}

// An ask is rounded up, never below the figure it cites, and never past the
// band's top when that figure is within it.
TEST(Counter, AnAskRoundsUpNeverBelowWhatItCites) {
  const Guide g = BundledEmGuide();
  const std::string sf = kSfEmOfferHead;
  auto plan = Counter(MustReadOffer(sf), g,
                      {MustReadOffer("label: Rival\ncurrency: USD\nbase: 274400\n")}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // max(269,500, 274,400) rounded up: 275,000 (the nearest would be 274,000).
  EXPECT_EQ(plan->ask_base.value, (Money{27'500'000, "USD"}));

  // The Paris band (EUR 187,000–234,000 base, 187,000–332,000 stock) in USD at
  // 1.1252: base 210,412.40–263,296.80, stock 210,412.40–373,566.40.
  const std::string paris =
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: "
      "USD\ndate: 2025-05-09\nbase: 200000\n";
  plan = Counter(MustReadOffer(paris), g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Base: 210,412.40 + 90% × 52,884.40 = 258,008.36, up to 259,000; equity:
  // 210,412.40 + 90% × 163,154.00 = 357,251.00, up to 358,000.
  EXPECT_EQ(plan->ask_base.value, (Money{25'900'000, "USD"}));
  EXPECT_EQ(plan->ask_equity.value, (Money{35'800'000, "USD"}));
  // A rival above the band's top is capped at it, 263,296.80, and rounding up
  // would pass it: the ask is the top itself.
  plan = Counter(MustReadOffer(paris), g,
                 {MustReadOffer("label: Rival\ncurrency: USD\nbase: 270000\n")}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_base.value, (Money{26'329'680, "USD"}));
  EXPECT_EQ(plan->ask_base.formula,
            "max(band low USD 210,412.40 + 90% × (USD 263,296.80 − USD 210,412.40) = USD "
            "258,008.36, best competing base USD 270,000 (Rival) capped at the band top), rounded "
            "up to a multiple of USD 1,000 but not past the band top USD 263,296.80, never below "
            "the offered base USD 200,000");
}

// An offer without a date converted at the table's newest rates says so, in
// compare (each conversion, and the offer's assumptions) and in counter.
TEST(Compare, AnUndatedOfferConvertedAtTheNewestRateSaysSo) {
  const Offer undated = MustReadOffer("label: N\ncurrency: EUR\nbase: 100000\n");
  const Offer dated = MustReadOffer("label: D\ncurrency: EUR\ndate: 2025-05-09\nbase: 100000\n");
  auto c = Compare({undated, dated}, "USD", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // EUR 100,000 × 1.1252 = USD 112,520, at the bundled table's last day either way.
  EXPECT_EQ(c->conversions,
            (std::vector<std::string>{
                "N base: EUR 100,000 × 1.1252 USD/EUR (ECB 2025-05-09) = USD 112,520 (no offer "
                "date: the newest ECB rate)",
                "D base: EUR 100,000 × 1.1252 USD/EUR (ECB 2025-05-09) = USD 112,520"}));
  const std::string note = "no offer date: currency converted at the newest ECB rate, 2025-05-09";
  const auto& a0 = c->offers[0].assumptions;
  const auto& a1 = c->offers[1].assumptions;
  EXPECT_NE(std::find(a0.begin(), a0.end(), note), a0.end());
  EXPECT_EQ(std::find(a1.begin(), a1.end(), note), a1.end());
  EXPECT_NE(ComparisonText(*c, false).find("(no offer date: the newest ECB rate)"),
            std::string::npos);

  auto plan = Counter(BundledEmOffer(), BundledEmGuide(), {undated}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->conversions,
            (std::vector<std::string>{"N base: EUR 100,000 × 1.1252 USD/EUR (ECB 2025-05-09) = "
                                      "USD 112,520 (no offer date: the newest ECB rate)"}));
}

// compare --explain gives the formula of every figure of its table, not only
// the four-year average.
TEST(OfferReport, CompareExplainShowsEveryFigureOfTheTable) {
  auto c = Compare({BundledEmOffer(), MustReadOffer("label: B\ncurrency: USD\nbase: 100000\n")}, "",
                   RankBy::kFourYearAverage, {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::string text = ComparisonText(*c, true);
  // 240,000 + 10% bonus 24,000 + sign-on 20,000 + 240,000 × 0.7 / 4 = 42,000.
  EXPECT_NE(text.find("\nHugging Face Enterprise EM:\n"
                      "  year 1 total: USD 326,000\n"
                      "      = base USD 240,000 + bonus USD 24,000 + sign-on USD 20,000 + equity "
                      "USD 42,000\n"
                      "  year 2 total: USD 306,000\n"
                      "      = base USD 240,000 + bonus USD 24,000 + equity USD 42,000\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  first year: USD 326,000\n"
                      "      = year 1: base USD 240,000 + bonus USD 24,000 + sign-on USD 20,000 + "
                      "equity USD 42,000\n"),
            std::string::npos)
      << text;
  // The grant, labelled whole, with what it vests in each of the four years.
  EXPECT_NE(
      text.find("  equity expected (whole grant): USD 168,000\n"
                "      = USD 240,000 × (1 − 30% liquidity discount)\n"
                "      vests USD 42,000 + USD 42,000 + USD 42,000 + USD 42,000 in years 1–4 = "
                "USD 168,000, the whole grant\n"
                "  equity floor (whole grant): USD 0\n"
                "      = private shares may never be sold: floor USD 0\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("\nB:\n  year 1 total: USD 100,000\n      = base USD 100,000\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  equity: none (no grant in the offer)\n"), std::string::npos) << text;
  EXPECT_EQ(ComparisonText(*c, false).find("      = "), std::string::npos);
}

// A grant over other years than the band's is scaled to them before it is
// placed, and the position's formula shows the step.
// A band's total comp is recurring yearly pay (base + bonus + the grant a
// year): a sign-on never lifts the offer's place in it. The offer's figure is
// its four-year average without the sign-on; its formula names the year-one
// total with it.
TEST(Evaluate, TheTotalCompPositionLeavesOutTheSignOn) {
  const Guide g = BundledEmGuide();
  const Offer o = MustReadOffer(std::string(kSfEmOfferHead) +
                                "date: 2025-05-09\n"
                                "signing: {year1: 25000, year2: 15000}\n"
                                "equity: {kind: public_rsu, value: 240000}\n");
  auto ev = Evaluate(o, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  ASSERT_EQ(ev->positions.size(), 3u);
  const BandPosition& tc = ev->positions[2];
  EXPECT_EQ(tc.what, "total comp (recurring, 4-year average, expected)");
  // 240,000 + 240,000 / 4 = 300,000 against 303,000–453,000: p24, where the
  // year-one total with the sign-on, 325,000, would be p32.
  EXPECT_EQ(tc.value, (Money{30'000'000, "USD"}));
  EXPECT_EQ(ev->first_year_total.value, (Money{32'500'000, "USD"}));
  EXPECT_EQ(tc.percentile, 24);
  EXPECT_EQ(tc.note, "below the band");
  EXPECT_TRUE(tc.formula.starts_with(
      "recurring pay a year, as a band's total comp counts it (no sign-on): base USD 240,000 + "
      "(vest USD 60,000 + USD 60,000 + USD 60,000 + USD 60,000) / 4 = USD 300,000; the sign-on "
      "(USD 40,000) is left out: year 1 with it is USD 325,000; "))
      << tc.formula;
  EXPECT_NE(EvaluationText(*ev, true).find(
                "  total comp (recurring, 4-year average, expected): USD 300,000 is p24 of USD "
                "303,000–453,000 (below the band)\n      = recurring pay a year"),
            std::string::npos)
      << EvaluationText(*ev, true);
  // A back-loaded grant is not held against the offer: 5/15/40/40 has the same
  // four-year average as an even split.
  auto back = Evaluate(MustReadOffer(std::string(kSfEmOfferHead) +
                                     "date: 2025-05-09\n"
                                     "equity: {kind: public_rsu, value: 240000, vesting: "
                                     "5/15/40/40}\n"),
                       &g, {});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->positions[2].value, (Money{30'000'000, "USD"}));
}

TEST(Evaluate, TheStockPositionShowsTheGrantScaledToTheBandsYears) {
  const Guide g = BundledEmGuide();
  const std::string head = kSfEmOfferHead;
  auto ev = Evaluate(MustReadOffer(head + "equity: {kind: public_rsu, value: 300000, years: 3}\n"),
                     &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  ASSERT_EQ(ev->positions.size(), 3u);
  // 300,000 × 4 / 3 = 400,000; 25 + 180,000 / 170,000 × 50 = 77.94 → p78.
  EXPECT_EQ(ev->positions[1].value, (Money{40'000'000, "USD"}));
  EXPECT_EQ(ev->positions[1].formula,
            "USD 300,000 × 4 / 3 = USD 400,000 (the 3-year grant's face value over the band's 4 "
            "years); 25 + (USD 400,000 − USD 220,000) / (USD 390,000 − USD 220,000) × 50 = 78 "
            "(rounded half up)");
  // 100,000.01 × 4 / 3 = 133,333.3466…, rounded down to the cent.
  ev = Evaluate(MustReadOffer(head + "equity: {kind: public_rsu, value: 100000.01, years: 3}\n"),
                &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->positions[1].formula.rfind(
                "USD 100,000.01 × 4 / 3 = USD 133,333.34 (the 3-year grant's face value over the "
                "band's 4 years, rounded down to the cent); 25 + (USD 133,333.34 − USD 220,000)",
                0),
            0u)
      << ev->positions[1].formula;
  // Over the band's own years there is nothing to scale.
  ev = Evaluate(MustReadOffer(head + "equity: {kind: public_rsu, value: 300000}\n"), &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->positions[1].formula.rfind("25 + (USD 300,000 − USD 220,000)", 0), 0u)
      << ev->positions[1].formula;
}

// A range whose low is above its high (check's range-order) is the guide's
// error: its band places no offer, asks nothing and floors nothing, and every
// caller says why as it does for a missing region. Other regions are unaffected.
TEST(Evaluate, ABandWithALowAboveItsHighIsNotUsed) {
  const Guide g =
      GlimmerfenGuideWithBerlinRow("| Berlin | €110K–€85K | €40K–€80K | 5–10% | €99K–€141K |");
  const std::string head =
      "company: Glimmerfen Health\nrole: Data Scientist\ncurrency: EUR\ndate: "
      "2025-05-09\nbase: 100000\n";
  const Offer berlin = MustReadOffer(head + "region: Berlin\n");
  const std::string why =
      "the Data Scientist guide's Berlin band is not used: its base low EUR 110,000 is above its "
      "high EUR 85,000 (error[range-order] in levers check)";
  Result<CompBand> band = FindBand(g, "Berlin");
  ASSERT_FALSE(band.ok());
  EXPECT_EQ(band.status().message(), why);
  auto ev = Evaluate(berlin, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_TRUE(ev->positions.empty());
  EXPECT_EQ(ev->band_note, why);
  EXPECT_NE(EvaluationText(*ev, true).find("\nno band position: " + why + "\n"), std::string::npos);
  // No ask, no floor: counter refuses the band as it refuses a missing region.
  Result<CompBand> counter_band = CounterBand(g, berlin);
  ASSERT_FALSE(counter_band.ok());
  EXPECT_EQ(counter_band.status().message(), why);
  auto plan = Counter(berlin, g, {}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), why);
  // An offer naming no region is not placed in either of the guide's two
  // bands: counter asks for the region, naming both.
  const Offer anywhere = MustReadOffer(head);
  const std::string no_region =
      "the offer names no region; the Data Scientist guide's regions: Berlin, Paris";
  EXPECT_EQ(CounterBand(g, anywhere).status().message(), no_region);
  EXPECT_EQ(Counter(anywhere, g, {}, {}).status().message(), no_region);
  const std::vector<const Guide*> guides = {&g};
  auto c = Compare({berlin}, "", RankBy::kFourYearAverage, {}, &guides);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->offers[0].positions.empty());
  EXPECT_EQ(c->offers[0].band_note, why);
  // Paris, 90,000–120,000: 25 + (100,000 − 90,000) / 30,000 × 50 = 41.67 → p42.
  auto paris = Evaluate(MustReadOffer(head + "region: Paris\n"), &g, {});
  ASSERT_TRUE(paris.ok()) << paris.status().ToString();
  ASSERT_FALSE(paris->positions.empty());
  EXPECT_EQ(paris->positions[0].percentile, 42);
  EXPECT_TRUE(paris->band_note.empty());
  // Every inverted range is named.
  const Guide both =
      GlimmerfenGuideWithBerlinRow("| Berlin | €110K–€85K | €40K–€80K | 5–10% | €141K–€99K |");
  EXPECT_EQ(FindBand(both, "Berlin").status().message(),
            "the Data Scientist guide's Berlin band is not used: its base low EUR 110,000 is above "
            "its high EUR 85,000 and its total comp low EUR 141,000 is above its high EUR 99,000 "
            "(error[range-order] in levers check)");
}

// A row whose cells tie on currency is read without one (check's
// currency-mismatch): its band places no offer, and each caller says why,
// naming the region and the guide's file, instead of failing on the currency.
TEST(Evaluate, ABandWithoutACurrencyIsNotUsed) {
  const Guide g =
      GlimmerfenGuideWithBerlinRow("| Berlin | EUR90K–EUR120K | $60K–$100K | 5–10% | |");
  const std::string head =
      "company: Glimmerfen Health\nrole: Data Scientist\ncurrency: EUR\ndate: "
      "2025-05-09\nbase: 100000\n";
  const Offer berlin = MustReadOffer(head + "region: Berlin\n");
  const std::string why = "the Berlin band of " + g.path +
                          " has no currency (its cells disagree: base in EUR, stock in USD; "
                          "error[currency-mismatch] in levers check)";
  EXPECT_EQ(FindBand(g, "Berlin").status().message(), why);
  auto ev = Evaluate(berlin, &g, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_TRUE(ev->positions.empty());
  EXPECT_EQ(ev->band_note, why);
  EXPECT_NE(EvaluationText(*ev, true).find("\nno band position: " + why + "\n"), std::string::npos);
  EXPECT_FALSE(FindBandConversionProblem(berlin, g, false, RatesFor({})));
  EXPECT_EQ(Counter(berlin, g, {}, {}).status().message(), why);
  const std::vector<const Guide*> guides = {&g};
  auto c = Compare({berlin}, "", RankBy::kFourYearAverage, {}, &guides);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->offers[0].positions.empty());
  EXPECT_EQ(c->offers[0].band_note, why);
  // A band whose amounts name no currency at all (a front matter entry
  // without one) is refused as check's currency-missing.
  CompBand bare = *FindBand(BundledEmGuide(), "San Francisco");
  bare.currency = {};
  for (Field<Money>* m : {&bare.base_low, &bare.base_high, &bare.stock_low, &bare.stock_high,
                          &bare.total_comp_low, &bare.total_comp_high})
    if (m->value) m->value->currency.clear();
  const Guide em = BundledEmGuide();
  EXPECT_EQ(UsableBand(em, bare).status().message(),
            "the San Francisco band of " + em.path +
                " has no currency (error[currency-missing] in levers check)");
}

// A flat band (low == high) has no slope: at it, midway between the two
// percentiles; below it p0, above it p100. The formula states that rule.
TEST(Evaluate, AFlatBandStatesItsRule) {
  const Guide g =
      GlimmerfenGuideWithBerlinRow("| Berlin | €100K–€100K | €40K–€80K | 5–10% | €99K–€141K |");
  struct Case {
    const char* base;
    int32_t high_pct;
    int32_t percentile;
    const char* formula;
  };
  for (const Case& c : std::vector<Case>{
           {"100000", 75, 50,
            "flat band (low = high = EUR 100,000): a figure at it is midway between p25 and p75: "
            "(25 "
            "+ 75) / 2 = 50"},
           // (25 + 76) / 2 = 50.5 → half up → 51.
           {"100000", 76, 51,
            "flat band (low = high = EUR 100,000): a figure at it is midway between p25 and p76: "
            "(25 "
            "+ 76) / 2 = 51 (rounded half up)"},
           {"99999.99", 75, 0, "flat band (low = high = EUR 100,000): a figure below it is p0"},
           {"100000.01", 75, 100,
            "flat band (low = high = EUR 100,000): a figure above it is p100"},
       }) {
    ValuationAssumptions a;
    a.band_high_percentile = c.high_pct;
    auto ev =
        Evaluate(MustReadOffer(std::string("company: Glimmerfen Health\nrole: Data "
                                           "Scientist\nregion: Berlin\ncurrency: EUR\nbase: ") +
                               c.base + "\n"),
                 &g, a);
    ASSERT_TRUE(ev.ok()) << ev.status().ToString();
    ASSERT_FALSE(ev->positions.empty()) << ev->band_note;
    EXPECT_EQ(ev->positions[0].what, "base");
    EXPECT_EQ(ev->positions[0].percentile, c.percentile) << c.base;
    EXPECT_EQ(ev->positions[0].formula, c.formula);
  }
}

// The average says it was rounded only when the sum did not divide by 4, and
// names the currency's own minor unit: the penny, the paisa, the cent.
TEST(Evaluate, TheAverageSaysItsRoundingInTheCurrencysMinorUnit) {
  struct Case {
    const char* currency;
    const char* signing;
    const char* tail;
  } cases[] = {
      // 4 × 100,000 + 0.01 = 400,000.01; / 4 = 100,000.0025, down to 100,000.
      {"GBP", "0.01", "= GBP 100,000 (rounded down to the penny)"},
      {"INR", "0.02", "= INR 1,00,000 (rounded down to the paisa)"},
      {"USD", "0.03", "= USD 100,000 (rounded down to the cent)"},
      {"CHF", "0.01", "= CHF 100,000 (rounded down to the hundredth)"},
      // 4 × 100,000 + 4 = 400,004, / 4 = 100,001 exactly: nothing to say.
      {"GBP", "4", "= GBP 100,001"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.currency) + " " + c.signing);
    auto ev = Evaluate(MustReadOffer(std::string("currency: ") + c.currency +
                                     "\nbase: 100000\nsigning: " + c.signing + "\n"),
                       nullptr, {});
    ASSERT_TRUE(ev.ok()) << ev.status().ToString();
    const std::string& f = ev->four_year_average.formula;
    const std::string tail = c.tail;
    ASSERT_GE(f.size(), tail.size());
    EXPECT_EQ(f.substr(f.size() - tail.size()), tail) << f;
  }
}

// A formula whose product has digits below the cent says it was rounded down,
// so that it reproduces its figure exactly; an exact product says nothing.
TEST(Evaluate, EveryFormulaThatRoundsSaysSo) {
  ValuationAssumptions a;
  a.upside_multiple_pct = 250;
  auto ev =
      Evaluate(MustReadOffer("currency: USD\nbase: 123456.78\nbonus: 12.34%\nrefresh: "
                             "{per_year: 10000.01, from_year: 3}\nequity: {kind: private_rsu, "
                             "value: 100000.01}\n"),
               nullptr, a);
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  // 123,456.78 × 12.34% = 15,234.566652 → 15,234.56.
  EXPECT_EQ(ev->years[0].bonus.value, (Money{1'523'456, "USD"}));
  EXPECT_EQ(ev->years[0].bonus.formula,
            "USD 123,456.78 × 12.34% target (rounded down to the cent)");
  // 100,000.01 × 70% = 70,000.007 → 70,000.00; × 2.5 = 250,000.025 → 250,000.02.
  EXPECT_EQ(ev->equity->expected.value, (Money{7'000'000, "USD"}));
  EXPECT_EQ(ev->equity->expected.formula,
            "USD 100,000.01 × (1 − 30% liquidity discount) (rounded down to the cent)");
  EXPECT_EQ(ev->equity->upside.value, (Money{25'000'002, "USD"}));
  EXPECT_EQ(ev->equity->upside.formula, "USD 100,000.01 × 2.5 (rounded down to the cent)");
  // 10,000.01 × 70% = 7,000.007 → 7,000.00, from year 3.
  EXPECT_EQ(ev->years[2].refresh.value, (Money{700'000, "USD"}));
  EXPECT_EQ(ev->years[2].refresh.formula,
            "refresher USD 10,000.01 × (1 − 30% liquidity discount) (rounded down to the cent), "
            "vesting from year 3, as the grant");

  // 240,000 × 10% = 24,000; 200,000 × 70% = 140,000; × 3 = 600,000; 10,000 × 70% = 7,000.
  ev = Evaluate(MustReadOffer("currency: USD\nbase: 240000\nbonus: 10%\nrefresh: {per_year: 10000, "
                              "from_year: 3}\nequity: {kind: private_rsu, value: 200000}\n"),
                nullptr, {});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->years[0].bonus.formula, "USD 240,000 × 10% target");
  EXPECT_EQ(ev->equity->expected.formula, "USD 200,000 × (1 − 30% liquidity discount)");
  EXPECT_EQ(ev->equity->upside.formula, "USD 200,000 × 3");
  EXPECT_EQ(ev->years[2].refresh.formula,
            "refresher USD 10,000 × (1 − 30% liquidity discount), vesting from year 3, as the "
            "grant");
}

// An undated offer's own conversions into its band's currency end with the
// newest-rate note, in the counter plan as in the band lines before them.
TEST(Counter, AnUndatedOffersOwnConversionsSayTheNewestRate) {
  auto plan = Counter(MustReadOffer("company: Hugging Face Enterprise\nrole: Engineering "
                                    "Manager\nregion: Paris\ncurrency: JPY\nbase: 30000000\nbonus: "
                                    "10%\nequity: {kind: public_rsu, value: 40000000}\n"),
                      BundledEmGuide(), {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // 30,000,000 / 163.36 = 183,643.4868…; 40,000,000 / 163.36 = 244,857.9824…;
  // year one 30,000,000 + 3,000,000 + 10,000,000 = 43,000,000 / 163.36 = 263,222.3310….
  const std::string newest = " (no offer date: the newest ECB rate)";
  const std::vector<std::string>& lines = plan->offer.conversions;
  ASSERT_EQ(lines.size(), 7u);  // then the band's low and high, base and stock
  for (const std::string& line : lines) EXPECT_TRUE(line.ends_with(newest)) << line;
  EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 3),
            (std::vector<std::string>{
                "base: JPY 30,000,000 ÷ 163.36 JPY/EUR (ECB 2025-05-09) ≈ EUR 183,643.49" + newest,
                "stock (4-year grant, face value): JPY 40,000,000 ÷ 163.36 JPY/EUR (ECB "
                "2025-05-09) ≈ EUR 244,857.98" +
                    newest,
                "total comp (recurring, 4-year average, expected): JPY 43,000,000 ÷ 163.36 "
                "JPY/EUR (ECB 2025-05-09) ≈ EUR 263,222.33" +
                    newest}));
}

}  // namespace
}  // namespace levers
