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

TEST(SplitRole, RangesWrittenWithSpacesToOrSlash) {
  for (const char* text : {"Google L5 - L6", "Google L5 \xE2\x80\x93 L6", "Google L5 to L6",
                           "Google L5/L6", "Google L5 -L6", "Google L5- L6", "Google L5 / 6"}) {
    SCOPED_TRACE(text);
    LevelEquivalent e = SplitRole(text, "");
    EXPECT_EQ(e.company, "Google");
    EXPECT_EQ(e.title, "");
    EXPECT_EQ(e.level_low, "L5");
    EXPECT_EQ(e.level_high, "L6");
    EXPECT_EQ(e.problem, "");
  }
  LevelEquivalent e = SplitRole("Meta E4 to E5 Production Engineer", "");
  EXPECT_EQ(e.company, "Meta");
  EXPECT_EQ(e.title, "Production Engineer");
  EXPECT_EQ(e.level_low, "E4");
  EXPECT_EQ(e.level_high, "E5");
  // "to" between words that are not levels stays in the title.
  e = SplitRole("Acme L5 to lead", "");
  EXPECT_EQ(e.level_low, "L5");
  EXPECT_EQ(e.level_high, "L5");
  EXPECT_EQ(e.title, "to lead");
}

TEST(SplitRole, UnreadableLevelsAreRefusedNotTakenIntoTheCompany) {
  LevelEquivalent e = SplitRole("Meta E5+", "");
  EXPECT_EQ(e.company, "Meta");
  EXPECT_EQ(e.level_low, "");
  EXPECT_EQ(e.problem,
            "the level 'E5+' is open-ended: write one level or a range with both ends, such as "
            "E5-E6");

  // An open range: its closed part is the example. "L0-L6+" once ended the
  // process (the example was built from "-L6" as a number).
  e = SplitRole("Amazon L0-L6+ PM", "");
  EXPECT_EQ(e.company, "Amazon");
  EXPECT_EQ(e.level_low, "");
  EXPECT_EQ(e.problem,
            "the level 'L0-L6+' is open-ended: write one level or a range with both ends, such "
            "as L0-L6");
  e = SplitRole("Amazon L5-L6+", "");
  EXPECT_EQ(e.problem,
            "the level 'L5-L6+' is open-ended: write one level or a range with both ends, such "
            "as L5-L6");
  // The next level keeps the digits' width.
  e = SplitRole("Meta E05+", "");
  EXPECT_EQ(e.problem,
            "the level 'E05+' is open-ended: write one level or a range with both ends, such "
            "as E05-E06");
  e = SplitRole("Meta E099+", "");
  EXPECT_EQ(e.problem,
            "the level 'E099+' is open-ended: write one level or a range with both ends, such "
            "as E099-E100");
  e = SplitRole("Amazon L09+", "");
  EXPECT_EQ(e.problem,
            "the level 'L09+' is open-ended: write one level or a range with both ends, such "
            "as L09-L10");

  e = SplitRole("Meta IC4-E5 PM", "");
  EXPECT_EQ(e.company, "Meta");
  EXPECT_EQ(e.title, "PM");
  EXPECT_EQ(e.level_low, "");
  EXPECT_EQ(
      e.problem,
      "'IC4-E5' is not a level or a level range: expected a level such as L5 or a range whose "
      "ends share their letters, such as L5-L6, L5 - L6, L5 to L6, L5/L6 or IC4-5");

  // An inverted range keeps its ends as written and says so.
  e = SplitRole("Stripe L3-2", "");
  EXPECT_EQ(e.company, "Stripe");
  EXPECT_EQ(e.level_low, "L3");
  EXPECT_EQ(e.level_high, "L2");
  EXPECT_EQ(e.problem, "the level range L3-L2 runs backwards: write the lower level first");
  EXPECT_EQ(SplitRole("Microsoft 9-10", "").problem, "");
  EXPECT_EQ(SplitRole("Microsoft 10-9", "").problem,
            "the level range 10-9 runs backwards: write the lower level first");

  e = SplitRole("Amazon L5 L6 SDE", "");
  EXPECT_EQ(e.company, "Amazon");
  EXPECT_EQ(e.title, "SDE");
  EXPECT_EQ(e.level_low, "");
  EXPECT_EQ(e.problem, "a second level 'L6' follows L5: write one level or a range such as L5-L6");
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

// The asks a strategy or script gives, as "base=N equity=N/Y refresh=N floor=N".
std::string Asks(const std::string& text) {
  ProseFacts f = ScanProse(text, Identity);
  auto major = [](const Field<Money>& m) {
    return m.has() ? std::to_string(m->minor / 100) : std::string("-");
  };
  std::string out = "base=" + major(f.asks.base) + " equity=" + major(f.asks.equity);
  if (f.asks.equity_years.has()) out += "/" + std::to_string(*f.asks.equity_years);
  out += " refresh=" + major(f.asks.refresh_per_year) + " signing=" + major(f.asks.signing_bonus) +
         " floor=" + major(f.floor);
  return out;
}

TEST(ScanProse, AFigureSomeoneElseGaveIsNotTheAsk) {
  EXPECT_EQ(Asks("Zalando offered me EUR90K base and EUR60K RSU. I need EUR95K base."),
            "base=95000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("I turned down EUR100K base elsewhere. I need EUR95K base."),
            "base=95000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("No corner of tech is more contested. OpenAI has put $245K base in front of me "
                 "and Anthropic $238K. Picking a growth-stage platform over an established lab "
                 "takes $255K base and $305K equity/4yr."),
            "base=255000 equity=305000/4 refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("The market is hot. OpenAI is offering $245K base and Anthropic is at $238K. I "
                 "need $255K base and $305K equity/4yr to choose a platform."),
            "base=255000 equity=305000/4 refresh=- signing=- floor=-");
  // The nearest word decides; a possessive names someone else's figure.
  EXPECT_EQ(Asks("Since Google offered more, I need $270K base to beat Google's $268K base."),
            "base=270000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("I need you to know that OpenAI offered $260K base."),
            "base=- equity=- refresh=- signing=- floor=-");
  // A figure no word attributes is the candidate's only when nothing in the
  // paragraph is someone else's.
  EXPECT_EQ(Asks("Let's land at $255K base and a $30K signing bonus."),
            "base=255000 equity=- refresh=- signing=30000 floor=-");
  EXPECT_EQ(Asks("Google is offering L6 at $268K / $430K RSU. Let's land at $255K base."),
            "base=- equity=- refresh=- signing=- floor=-");
  // Words are read in any case, a typographic apostrophe as ', and the
  // longest phrase ending nearest the figure decides ("offer is at", not "is at").
  EXPECT_EQ(Asks("I\u2019d Like $250K base."), "base=250000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("My ASK IS AT $251K base."), "base=251000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("Their offer is at $240K base, so I need $252K base."),
            "base=252000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("I need $253K base; $240K base on the table is not enough."),
            "base=253000 equity=- refresh=- signing=- floor=-");
  // What another offer is worth is that offer's figure, though "worth" alone
  // is the candidate's ("the role is worth $260K base").
  EXPECT_EQ(Asks("Google's offer is worth $300K base. I need $310K base."),
            "base=310000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("The Stripe package was worth $290K base, so the role is worth $305K base."),
            "base=305000 equity=- refresh=- signing=- floor=-");
  // The floor keeps its own rule.
  EXPECT_EQ(Asks("OpenAI offered $250K base. My floor is $235K."),
            "base=- equity=- refresh=- signing=- floor=235000");
}

TEST(ScanProse, YearOneVestingShareInItsWordings) {
  auto share = [](const std::string& text) -> std::string {
    ProseFacts f = ScanProse(text, Identity);
    return f.asks.year_one_vesting_pct.has()
               ? std::to_string(f.asks.year_one_vesting_pct->basis_points)
               : std::string("-");
  };
  EXPECT_EQ(share("I'd like 30% of the grant to vest in year one."), "3000");
  EXPECT_EQ(share("Could 35% of my grant vest in year one?"), "3500");
  EXPECT_EQ(share("with 40% vested in year one"), "4000");
  EXPECT_EQ(share("22.5% of the equity vests in year one"), "2250");
  EXPECT_EQ(share("30% first-year vesting"), "3000");
  // A share of something else, or no vesting word: not a vesting ask.
  EXPECT_EQ(share("10% of the base in year one"), "-");
  EXPECT_EQ(share("a 10% raise in year one"), "-");
  EXPECT_EQ(share("30% of the grant to vest"), "-");
}

TEST(ScanProse, PerYearBaseIsBaseNotARefresh) {
  EXPECT_EQ(Asks("I need EUR95K a year in base."),
            "base=95000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("I need EUR95K per year base."),
            "base=95000 equity=- refresh=- signing=- floor=-");
  EXPECT_EQ(Asks("I need refresh grants, $140K/year from year two."),
            "base=- equity=- refresh=140000 signing=- floor=-");
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
