#include "guide/prose.h"

#include <gtest/gtest.h>

namespace levers::internal {
namespace {

SourceRange Identity(uint32_t b, uint32_t e) { return {b, e}; }

TEST(SplitRole, CompanyTitleAndLevelRange) {
  LevelEquivalent e = SplitRole("Google L5-L6 EM", "");
  EXPECT_EQ(e.company, "Google");
  EXPECT_EQ(e.title, "EM");
  EXPECT_EQ(e.level_low, "L5");
  EXPECT_EQ(e.level_high, "L6");

  e = SplitRole("Meta ML Engineer IC4-5", "");
  EXPECT_EQ(e.company, "Meta");
  EXPECT_EQ(e.title, "ML Engineer");
  EXPECT_EQ(e.level_low, "IC4");
  EXPECT_EQ(e.level_high, "IC5");

  e = SplitRole("Databricks SWE II", "");
  EXPECT_EQ(e.company, "Databricks");
  EXPECT_EQ(e.title, "SWE");
  EXPECT_EQ(e.level_low, "II");

  e = SplitRole("HF Enterprise Staff SWE", "");
  EXPECT_EQ(e.company, "HF Enterprise");
  EXPECT_EQ(e.title, "Staff SWE");
  EXPECT_EQ(e.level_low, "");

  e = SplitRole("Acme Robotics 3 Software Engineer", "Acme Robotics 3");
  EXPECT_EQ(e.company, "Acme Robotics 3");
  EXPECT_EQ(e.title, "Software Engineer");

  e = SplitRole("Microsoft 63", "");
  EXPECT_EQ(e.company, "Microsoft");
  EXPECT_EQ(e.level_low, "63");
}

TEST(ParseLevelMapping, SplitsOnEqualsAndKeepsRanges) {
  const std::string raw = "X Corp SWE = Google L4 = Meta E4 = Meta IC4-5";
  std::vector<LevelEquivalent> eq = ParseLevelMapping(raw, "X Corp", Identity);
  ASSERT_EQ(eq.size(), 4u);
  EXPECT_EQ(eq[0].company, "X Corp");
  EXPECT_EQ(eq[0].title, "SWE");
  EXPECT_EQ(eq[1].text, "Google L4");
  EXPECT_EQ(raw.substr(eq[1].range.begin, eq[1].range.end - eq[1].range.begin), "Google L4");
  EXPECT_EQ(eq[3].level_low, "IC4");
  EXPECT_EQ(eq[3].level_high, "IC5");
}

TEST(ScanProse, StrategyAskFloorAndCompetingOffers) {
  const std::string text =
      "Two firms have made offers: a Google L6 EM offer at $268K / $430K RSU, plus a Databricks EM "
      "offer at $260K / $400K RSU. My terms are $270K base, $380K equity/4yr with 30% year-one "
      "vesting, a $40K signing bonus and a $140K/year refresh. At $270K, I sign. My floor is "
      "$250K; "
      "under it I decline.";
  ProseFacts f = ScanProse(text, Identity);
  ASSERT_EQ(f.competing_offers.size(), 2u);
  EXPECT_EQ(f.competing_offers[0].company, "Google");
  EXPECT_EQ(f.competing_offers[0].level, "L6 EM");
  EXPECT_EQ(f.competing_offers[0].base->minor, 26'800'000);
  EXPECT_EQ(f.competing_offers[0].equity->minor, 43'000'000);
  EXPECT_EQ(f.competing_offers[1].company, "Databricks");
  EXPECT_EQ(f.competing_offers[1].level, "EM");
  EXPECT_EQ(f.asks.base->minor, 27'000'000);
  EXPECT_EQ(f.asks.equity->minor, 38'000'000);
  EXPECT_EQ(*f.asks.equity_years, 4);
  EXPECT_EQ(f.asks.year_one_vesting_pct->basis_points, 3000);
  EXPECT_EQ(f.asks.signing_bonus->minor, 4'000'000);
  EXPECT_EQ(f.asks.refresh_per_year->minor, 14'000'000);
  EXPECT_EQ(f.floor->minor, 25'000'000);
  // The range points at the amount's text.
  const SourceRange r = f.floor.range;
  EXPECT_EQ(text.substr(r.begin, r.end - r.begin), "$250K");
}

TEST(ScanProse, LeverScriptsInTheirUsualPhrasings) {
  ProseFacts f = ScanProse(
      "Google is offering L4 at $210K / $260K RSU, while Anthropic is at $215K / $250K equity. "
      "I need $215K base and $245K equity to choose you.",
      Identity);
  ASSERT_EQ(f.competing_offers.size(), 2u);
  EXPECT_EQ(f.competing_offers[0].company, "Google");
  EXPECT_EQ(f.competing_offers[0].level, "L4");
  EXPECT_EQ(f.competing_offers[1].company, "Anthropic");
  EXPECT_EQ(f.competing_offers[1].level, "");
  EXPECT_EQ(f.asks.base->minor, 21'500'000);
  EXPECT_EQ(f.asks.equity->minor, 24'500'000);
  EXPECT_FALSE(f.asks.equity_years.has());

  f = ScanProse("That is worth a $200K guaranteed bonus and EUR30K/year in refreshers.", Identity);
  EXPECT_EQ(f.asks.guaranteed_bonus->minor, 20'000'000);
  EXPECT_EQ(f.asks.refresh_per_year->currency, "EUR");
  EXPECT_FALSE(f.asks.base.has());
}

TEST(ScanProse, CompetingOffersInEveryPhrasing) {
  struct Case {
    const char* text;
    const char* company;
    const char* level;
  };
  for (const Case& c : std::vector<Case>{
           {"Google has me at L4 for $210K / $260K RSU.", "Google", "L4"},
           {"GitHub has offered me a TPM role at $215K / $260K RSU.", "GitHub", "TPM"},
           {"Stripe has offered $215K / $250K equity.", "Stripe", ""},
           {"Google has offered me L6 EM at $1K / $2K RSU, and Databricks an EM role at $260K / "
            "$400K RSU.",
            "Databricks", "EM"},
           {"Google is at L6 for $1K / $2K RSU and Meta at E6 for $290K / $500K RSU.", "Meta",
            "E6"},
           {"I'm holding an Anthropic offer at $215K / $250K equity.", "Anthropic", ""},
           {"I'm holding a Google L5 TPM offer at $210K / $250K RSU.", "Google", "L5 TPM"},
       }) {
    ProseFacts f = ScanProse(c.text, Identity);
    ASSERT_FALSE(f.competing_offers.empty()) << c.text;
    const CompetingOffer& o = f.competing_offers.back();
    EXPECT_EQ(o.company, c.company) << c.text;
    EXPECT_EQ(o.level, c.level) << c.text;
  }
}

// Wordings that name the company after "from", in a possessive, before a colon or
// a parenthesis, or as the subject of "made me an offer": every offer in each,
// with its company, level and amounts.
TEST(ScanProse, CompetingOffersNamedAfterFromPossessivesColonsAndParentheses) {
  struct Offer {
    std::string company, level;
    int64_t base, equity;
  };
  struct Case {
    const char* text;
    std::vector<Offer> offers;
  };
  for (const Case& c : std::vector<Case>{
           {"I have an offer from Anthropic at $290K / $420K RSU.",
            {{"Anthropic", "", 29'000'000, 42'000'000}}},
           {"Google's offer of $268K / $430K RSU\xE2\x80\xA6",
            {{"Google", "", 26'800'000, 43'000'000}}},
           {"Stripe\xE2\x80\x99s package of $250K / $300K equity.",
            {{"Stripe", "", 25'000'000, 30'000'000}}},
           {"I hold a competing offer from Stripe: $250K / $300K RSU",
            {{"Stripe", "", 25'000'000, 30'000'000}}},
           {"Meta made me an offer at $270K / $400K.", {{"Meta", "", 27'000'000, 40'000'000}}},
           {"I have offers from Google ($268K / $430K RSU) and Meta ($260K / $400K RSU).",
            {{"Google", "", 26'800'000, 43'000'000}, {"Meta", "", 26'000'000, 40'000'000}}},
           {"an offer from Google L6 EM at $1K / $2K RSU", {{"Google", "L6 EM", 100'000, 200'000}}},
           // Nothing names a company: left empty rather than guessed.
           {"I have an offer from them at $1K / $2K RSU", {{"", "", 100'000, 200'000}}},
           {"My offers: ($1K / $2K RSU)", {{"", "", 100'000, 200'000}}},
       }) {
    ProseFacts f = ScanProse(c.text, Identity);
    ASSERT_EQ(f.competing_offers.size(), c.offers.size()) << c.text;
    for (size_t i = 0; i < c.offers.size(); ++i) {
      const CompetingOffer& o = f.competing_offers[i];
      EXPECT_EQ(o.company, c.offers[i].company) << c.text;
      EXPECT_EQ(o.level, c.offers[i].level) << c.text;
      EXPECT_EQ(o.base->minor, c.offers[i].base) << c.text;
      EXPECT_EQ(o.equity->minor, c.offers[i].equity) << c.text;
    }
  }
}

TEST(ParseDnaSummary, SplitsItsParts) {
  DnaSummary d =
      ParseDnaSummary("Premium Base + Equity | Platform Leader | 2026 Focus: Scaling Teams", {});
  ASSERT_EQ(d.parts.size(), 3u);
  EXPECT_EQ(d.pay_mix, "Premium Base + Equity");
  EXPECT_EQ(d.market_position, "Platform Leader");
  EXPECT_EQ(d.focus, "Scaling Teams");
  EXPECT_EQ(d.focus_year, 2026);
}

}  // namespace
}  // namespace levers::internal
