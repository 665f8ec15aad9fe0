// Counter plan tests: the sign-on's asked year one, the base lever's reason and
// the guide lever each plan lever cites. Every expected figure is computed by
// hand in the comment beside it.
#include <gtest/gtest.h>

#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "test_guides.h"
#include "test_offers.h"

namespace levers {
namespace {

using testing::MustReadOffer;

Guide GuideFrom(const std::string& text) {
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(SourceFile("guide.md", text), sink);
  EXPECT_TRUE(g);
  return g ? *g : Guide{};
}

// A guide of data/guides, read as bundled.
std::string BundledGuideText(const std::string& name) {
  Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) + "/data/guides/" + name);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? std::string(f->text()) : std::string();
}

const char kEmGuide[] = "hugging-face-enterprise--engineering-manager.md";

// The bundled Engineering Manager guide's San Francisco band: base 220,000–275,000,
// stock 220,000–390,000 USD over 4 years.
constexpr char kSfHead[] =
    "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
    "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 240000\nbonus: 10%\n";

// A liquid rival: 260,000 + 10% bonus 26,000 + a quarter of 400,000 (100,000) =
// 386,000 in its first year.
constexpr char kRival[] =
    "label: Rival\ncurrency: USD\ndate: 2025-05-09\nbase: 260000\nbonus: 10%\n"
    "equity: {kind: public_rsu, value: 400000}\n";

const CounterLever* FindLever(const CounterPlan& plan, const std::string& what) {
  for (const CounterLever& l : plan.levers)
    if (l.what == what) return &l;
  return nullptr;
}

// The sign-on ask's formula, or why there is none.
std::string SignOnFormula(const Offer& offer, const Guide& g, const std::vector<Offer>& others,
                          const ValuationAssumptions& a = {}) {
  auto plan = Counter(offer, g, others, a);
  if (!plan.ok()) return plan.status().ToString();
  return plan->ask_signing ? plan->ask_signing->formula : "no sign-on asked";
}

// The asked year one vests the asked grant also when the offer has none or has
// options, so the sign-on does not ask again for the equity the plan asks for.
TEST(CounterSignOn, AskedYearOneVestsTheAskedGrantWithoutOneOrWithOptions) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer rival = MustReadOffer(kRival);
  const std::string head = kSfHead;
  // Asked: base 220,000 + 90% × 55,000 = 269,500, up to 270,000; bonus 27,000;
  // equity 220,000 + 90% × 170,000 = 373,000 leaves the whole ask short of the
  // rival's average (386,000), whose grant is above that point, so the grant is
  // asked at the band's top, 390,000: a quarter (97,500) in year one, × (1 −
  // 30%) = 68,250. Year one 365,250; the gap to 386,000 is 20,750, under 10% of
  // the base (27,000), already a round thousand.
  struct Case {
    const char* equity;
    const char* note;
  } cases[] = {
      {"",
       "over 4 years valued as private RSUs, less the 30% liquidity discount (the offer has "
       "no grant)"},
      // 10,000 × (2 − 1) = 10,000 at the spread: the ask is 390,000 at the spread.
      {"equity: {kind: options, shares: 10000, strike: 1, preferred_price: 2}\n",
       "at the spread, less the 30% liquidity discount, as the offer's options are valued"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.equity);
    auto plan = Counter(MustReadOffer(head + c.equity), g, {rival}, {});
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_EQ(plan->ask_equity.value, (Money{39'000'000, "USD"}));
    ASSERT_TRUE(plan->ask_signing);
    EXPECT_EQ(plan->ask_signing->value, (Money{2'700'000, "USD"}));
    EXPECT_EQ(plan->ask_signing->formula,
              std::string("max(year-one gap USD 20,750 (Rival's first year USD 386,000 − the asked "
                          "year one USD 365,250: base USD 270,000 + bonus USD 27,000 + equity USD "
                          "68,250; the asked grant USD 390,000 ") +
                  c.note +
                  "), 10% of the asked base USD 27,000), rounded up to a multiple of USD 1,000 "
                  "(from USD 10,000)");
  }

  // Back-loaded options (5% in year one) are asked up to an even 25%: the asked
  // year one is the same 365,250, and the cash top-up is valued as the asked
  // grant is: 390,000 × (25% − 5%) = 78,000, × (1 − 30%) = 54,600.
  auto plan = Counter(
      MustReadOffer(
          head + "equity: {kind: options, shares: 10000, strike: 1, preferred_price: 2, vesting: "
                 "5/15/40/40}\n"),
      g, {rival}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->formula,
            "max(year-one gap USD 20,750 (Rival's first year USD 386,000 − the asked year one USD "
            "365,250: base USD 270,000 + bonus USD 27,000 + equity USD 68,250; the asked grant USD "
            "390,000 at the spread, less the 30% liquidity discount, as the offer's options are "
            "valued, with the year-one vesting asked below (25%)), 10% of the asked base USD "
            "27,000), rounded up to a multiple of USD 1,000 (from USD 10,000)");
  ASSERT_TRUE(plan->year_one_top_up);
  EXPECT_EQ(plan->year_one_top_up->value, (Money{5'460'000, "USD"}));
  EXPECT_EQ(plan->year_one_top_up->formula,
            "year one vests 5% of the grant, under an even 25% a year over 4 years; ask for 25%, "
            "or as cash (USD 390,000 × (25% − 5%) = USD 78,000) × (1 − 30% liquidity discount)");

  // With a 20% liquidity discount the year-one vest is 97,500 × 80% = 78,000: year
  // one 375,000, a gap of 11,000, so the sign-on is 10% of the base, 27,000.
  ValuationAssumptions twenty;
  twenty.liquidity_discount_bp = 2000;
  EXPECT_EQ(SignOnFormula(MustReadOffer(head), g, {rival}, twenty),
            "max(year-one gap USD 11,000 (Rival's first year USD 386,000 − the asked year one USD "
            "375,000: base USD 270,000 + bonus USD 27,000 + equity USD 78,000; the asked grant USD "
            "390,000 over 4 years valued as private RSUs, less the 20% liquidity discount (the "
            "offer has no grant)), 10% of the asked base USD 27,000), rounded up to a multiple of "
            "USD 1,000 (from USD 10,000)");
}

// Without a grant, the asked one vests evenly over the band's own years.
TEST(CounterSignOn, AnAskedGrantWithoutAnOfferedOneVestsOverTheBandsYears) {
  // Seattle: base 150,000–190,000, stock 120,000–200,000 over 3 years.
  const Guide g =
      GuideFrom(testing::Replace(testing::CleanGuide(), "    stock_high: 200000\n",
                                 "    stock_high: 200000\n    stock_vesting_years: 3\n"));
  // Asked: base 150,000 + 90% × 40,000 = 186,000, below the rival's 200,000: the
  // band's top, 190,000, bonus 19,000. Equity 120,000 + 90% × 80,000 = 192,000
  // leaves the whole ask short of the rival (275,000 a year), whose grant over
  // the band's 3 years (225,000) is above that point: the band's top, 200,000,
  // a third (66,666.66) in year one, × 70% = 46,666.66: year one 255,666.66.
  // Rival: 200,000 + a quarter of 300,000 = 275,000; the gap is 19,333.34,
  // rounded up to 20,000.
  auto plan = Counter(
      MustReadOffer("region: Seattle\ncurrency: USD\ndate: 2025-05-09\nbase: 160000\nbonus: 10%\n"),
      g,
      {MustReadOffer("label: Rival\ncurrency: USD\nbase: 200000\n"
                     "equity: {kind: public_rsu, value: 300000}\n")},
      {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_equity.value, (Money{20'000'000, "USD"}));
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{2'000'000, "USD"}));
  EXPECT_EQ(
      plan->ask_signing->formula,
      "max(year-one gap USD 19,333.34 (Rival's first year USD 275,000 − the asked year one "
      "USD 255,666.66: base USD 190,000 + bonus USD 19,000 + equity USD 46,666.66; the asked "
      "grant USD 200,000 over 3 years valued as private RSUs, less the 30% liquidity discount (the "
      "offer has no grant)), 10% of the asked base USD 19,000), rounded up to a multiple of "
      "USD 1,000 (from USD 10,000)");
}

// The base lever states the band's 90% point as it is, and what the ask is.
TEST(CounterBaseLever, ReasonStatesTheNinetyPercentPointAndWhatTheAskIs) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const std::string head = kSfHead;  // USD 240,000: 25 + 20,000 / 55,000 × 50 = p43
  auto reason = [&](const Offer& offer, const std::vector<Offer>& others) {
    auto plan = Counter(offer, g, others, {});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    const CounterLever* base = plan.ok() ? FindLever(*plan, "base") : nullptr;
    return base ? base->reason : std::string("no base lever");
  };
  const std::string sf =
      "the offer's base USD 240,000 sits at p43 of the San Francisco band; 90% of the way up is "
      "USD 269,500";
  EXPECT_EQ(reason(MustReadOffer(head), {}),
            sf + "; the ask is USD 270,000 (that point rounded up to a multiple of USD 1,000)");
  // A rival between the 90% point and the top leads: 272,300 up to 273,000.
  EXPECT_EQ(
      reason(MustReadOffer(head), {MustReadOffer("label: Rival\ncurrency: USD\nbase: 272300\n")}),
      sf + ", and Rival offers USD 272,300; the ask is USD 273,000 (that base rounded up "
           "to a multiple of USD 1,000)");
  // A rival above the top (275,000) is capped at it.
  EXPECT_EQ(
      reason(MustReadOffer(head), {MustReadOffer("label: Rival\ncurrency: USD\nbase: 280000\n")}),
      sf + ", and Rival offers USD 280,000, above the band's top; the ask is the band's top, "
           "USD 275,000");
  // Paris, EUR 187,000–234,000: 187,000 + 90% × 47,000 = 229,300; EUR 200,000 sits at
  // 25 + 13,000 / 47,000 × 50 = p39.
  const Offer paris = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: "
      "EUR\ndate: 2025-05-09\nbase: 200000\n");
  EXPECT_EQ(reason(paris, {MustReadOffer("label: Rival\ncurrency: EUR\nbase: 240000\n")}),
            "the offer's base EUR 200,000 sits at p39 of the Paris band; 90% of the way up is EUR "
            "229,300, and Rival offers EUR 240,000, above the band's top; the ask is the band's "
            "top, EUR 234,000");
}

// A plan lever cites a guide lever only when that lever's script asks for the
// same thing: year-one vesting a lever stating a year-one share.
TEST(CounterGuideLever, YearOneVestingCitesOnlyALeverAskingForAYearOneShare) {
  const std::string text = BundledGuideText("ambertrail-freight--product-manager.md");
  // Seattle: base 165,000–210,000, stock 120,000–240,000. The grant vests 5% in
  // year one, under an even 25%: a year-one vesting lever.
  const Offer offer = MustReadOffer(
      "company: Ambertrail Freight\nrole: Product Manager\nregion: Seattle\ncurrency: "
      "USD\ndate: 2025-05-09\nbase: 180000\n"
      "equity: {kind: private_rsu, value: 150000, vesting: 5/15/40/40}\n");
  auto cited = [&](const std::string& guide_text, const std::string& what) {
    auto plan = Counter(offer, GuideFrom(guide_text), {}, {});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    const CounterLever* l = plan.ok() ? FindLever(*plan, what) : nullptr;
    return l ? l->guide_lever : std::string("no such lever");
  };
  // "Marketplace Launch Record" asks for base and equity amounts; "Front-Loaded
  // Vesting" says "30% of the grant to vest in year one", a year-one share.
  EXPECT_EQ(cited(text, "year-one vesting"), "Front-Loaded Vesting");
  EXPECT_EQ(cited(text, "equity"), "Marketplace Launch Record");
  // Said without a share, no lever asks for it, and none is cited rather than
  // one asking for base and equity.
  EXPECT_EQ(cited(testing::Replace(text, "30% of the grant to vest in year one",
                                   "more of the grant up front"),
                  "year-one vesting"),
            "");
}

// A script that argues from competing offers is cited only to a candidate who
// holds some: the Staff guide's "Staff-Level Alternatives" (Google L6, Meta E6)
// asks for a sign-on, but without other offers the sign-on cites no script.
TEST(CounterGuideLever, ACompetingOffersScriptNeedsCompetingOffers) {
  const Guide g = testing::BundledGuide("hugging-face-enterprise--staff-software-engineer.md");
  const Offer offer = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Staff Software Engineer\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 260000\nbonus: 10%\n"
      "equity: {kind: private_rsu, value: 350000}\n");
  auto sign_on_script = [&](const std::vector<Offer>& others) {
    auto plan = Counter(offer, g, others, {});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    const CounterLever* l = plan.ok() ? FindLever(*plan, "signing bonus") : nullptr;
    return l ? l->guide_lever : std::string("no such lever");
  };
  EXPECT_EQ(sign_on_script({}), "");
  EXPECT_EQ(sign_on_script({MustReadOffer(kRival)}), "Staff-Level Alternatives");
}

// The message asks only for what changes, names no guide heading as a claim,
// and commits to sign only where the whole ask would beat every alternative.
TEST(CounterMessage, AnOfferAtTheBandsTopIsNotAskedItsOwnBase) {
  const Guide g = testing::BundledGuide(kEmGuide);
  // San Francisco's top base, 275,000; the grant 240,000 over 4 years.
  const Offer top = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 275000\nbonus: 10%\n"
      "equity: {kind: private_rsu, value: 240000}\n");
  auto plan = Counter(top, g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Equity 220,000 + 90% × 170,000 = 373,000; sign-on 10% of 275,000 = 27,500,
  // up to 28,000; refresher (base at the top, the grant below the stock band's
  // top) 25% × 373,000 = 93,250, up to 94,000, its reason true of the base.
  EXPECT_EQ(FindLever(*plan, "base"), nullptr);
  EXPECT_NE(plan->message_text.find(
                "I'm asking for USD 373,000 in equity over 4 years, a signing bonus of USD 28,000 "
                "and a yearly refresh of USD 94,000.\n\nWith these, I'm ready to sign.\n"),
            std::string::npos)
      << plan->message_text;
  EXPECT_EQ(plan->message_text.find("275,000 base"), std::string::npos) << plan->message_text;
  const CounterLever* refresh = FindLever(*plan, "refresh");
  ASSERT_NE(refresh, nullptr);
  EXPECT_EQ(refresh->reason,
            "the offer's base USD 275,000 is at the band's top USD 275,000, so growth has to come "
            "from equity");
  EXPECT_EQ(plan->message_text.find("What I bring"), std::string::npos);
  // The floor is never below what is offered: the midpoint, 247,500, is.
  EXPECT_EQ(plan->floor_base.value, (Money{27'500'000, "USD"}));
  EXPECT_NE(
      plan->floor_base.formula.find("never below the offered base USD 275,000 nor above the ask"),
      std::string::npos)
      << plan->floor_base.formula;
}

// An offer above the band's top in base and grant asks no more of them, yet
// a stronger offer from the band's market still gets a refresher sized to it:
// the plan then neither says "no refresher asked" nor that a top was asked.
TEST(CounterMessage, AnOfferAboveTheBandMeetsAStrongerRivalWithoutContradictingItself) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer above = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 300000\nbonus: 10%\n"
      "equity: {kind: public_rsu, value: 500000}\n");
  const Offer rival = MustReadOffer(
      "label: BigRival\ncompany: BigRival\ncurrency: USD\ndate: 2025-05-09\nbase: 280000\n"
      "bonus: 10%\nsigning: 150000\nequity: {kind: public_rsu, value: 1500000}\n");
  auto plan = Counter(above, g, {rival}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->asks_base);
  EXPECT_FALSE(plan->asks_equity);
  ASSERT_TRUE(plan->ask_refresh);
  for (const std::string& r : plan->rules) {
    EXPECT_FALSE(r.starts_with("no refresher asked")) << r;
    EXPECT_EQ(r.find("band's top asked where"), std::string::npos) << r;
    EXPECT_EQ(r.find("at the band's top where a competing offer is stronger"), std::string::npos)
        << r;
  }
}

// A base far below the band is said as a multiple, not as a percentage too
// large to hold (0.01 against an ask of 270,000 was printed wrapped at 2^32).
TEST(CounterMessage, ABaseFarBelowTheBandIsSaidAsAMultiple) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer tiny = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 0.01\n");
  auto plan = Counter(tiny, g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  bool said = false;
  for (const std::string& r : plan->rules)
    said = said || r.find("before asking more than ten times the offered base, check that") !=
                       std::string::npos;
  EXPECT_TRUE(said);
}

// A sign-on is asked up to half the asked base, never more: a rival paying a
// 300,000 sign-on is not matched by an implausible sum; the plan says the
// band's top with the largest sign-on cannot close the gap.
TEST(CounterSignOn, IsAskedAtMostHalfTheAskedBase) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer offer =
      MustReadOffer(std::string(kSfHead) + "equity: {kind: private_rsu, value: 240000}\n");
  // Google's first year: 268,000 + 40,200 + 107,500 + 300,000 = 715,700.
  const Offer google = MustReadOffer(
      "label: Google L6\ncompany: Google\ncurrency: USD\ndate: 2025-05-09\nbase: 268000\n"
      "bonus: 15%\nequity: {kind: public_rsu, value: 430000}\nsigning: 300000\n");
  auto plan = Counter(offer, g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->ask_base.value, (Money{27'000'000, "USD"}));
  // 50% of 270,000 = 135,000, a round thousand already.
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{13'500'000, "USD"}));
  EXPECT_NE(plan->ask_signing->formula.find(
                "at most 50% of the asked base, USD 135,000 (rounded down to USD 1,000)"),
            std::string::npos)
      << plan->ask_signing->formula;
  bool said = false;
  for (const std::string& r : plan->rules)
    said =
        said || (r.starts_with("even the whole ask") &&
                 r.find("a sign-on of at most USD 135,000) cannot close it") != std::string::npos);
  EXPECT_TRUE(said);

  // An offer whose own sign-on is above half the base is never asked less.
  const Offer generous = MustReadOffer(std::string(kSfHead) +
                                       "equity: {kind: private_rsu, value: 240000}\n"
                                       "signing: 150000\n");
  plan = Counter(generous, g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  if (plan->ask_signing) {
    EXPECT_GE(plan->ask_signing->value.minor, 15'000'000);
  }
}

TEST(CounterMessage, AWholeAskShortOfTheBestAlternativeIsAskedAtTheTopAndSizedToTheRest) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer offer =
      MustReadOffer(std::string(kSfHead) + "equity: {kind: private_rsu, value: 240000}\n");
  // Google: 268,000 base + 15% bonus 40,200 + a quarter of 430,000 public RSUs
  // (107,500) = 415,700 a year, and a 60,000 sign-on in year one: first year
  // 475,700, four-year average 415,700 + 60,000 / 4 = 430,700.
  const Offer google = MustReadOffer(
      "label: Google L6\ncompany: Google\ncurrency: USD\ndate: 2025-05-09\nbase: 268000\n"
      "bonus: 15%\nequity: {kind: public_rsu, value: 430000}\nsigning: 60000\n");
  auto plan = Counter(offer, g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->four_year_average.value, (Money{43'070'000, "USD"}));
  // At the rules' figures (base 270,000, grant 373,000, sign-on 115,000) the
  // average is 391,025, short of 430,700; Google's grant (430,000) is above
  // the stock band's 90% point, so the grant is asked at the band's top,
  // 390,000, never below it.
  EXPECT_EQ(plan->ask_equity.value, (Money{39'000'000, "USD"}));
  EXPECT_EQ(plan->ask_equity.formula,
            "the stock band top USD 390,000: Google L6's grant USD 430,000 over 4 years is above "
            "the 90% point (stock band low USD 220,000 + 90% × (USD 390,000 − USD 220,000) = USD "
            "373,000), and at the rules' asks the whole ask falls short of the walk-away, never "
            "below the offer (USD 240,000); a grant over 4 years");
  // Year one: base 270,000 + bonus 27,000 + a quarter of 390,000 × 70% (68,250)
  // = 365,250; the sign-on closes the gap to 475,700, 110,450, up to 115,000.
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{11'500'000, "USD"}));
  // The average, 365,250 + 115,000 / 4 = 394,000, is 36,700 short: a refresher
  // from year 2 adds 3 / 4 of its value, less the discount: 36,700 × 4 / 3 ÷
  // 0.7 = 69,905.7, up to 70,000 (49,000 a year valued, 36,750 on the average).
  ASSERT_TRUE(plan->ask_refresh);
  EXPECT_EQ(plan->ask_refresh->value, (Money{7'000'000, "USD"}));
  EXPECT_EQ(plan->ask_refresh->formula,
            "the four-year shortfall USD 36,700 to Google L6 × 4 / 3 years of refresher (from "
            "year 2) ÷ (1 − 30% liquidity discount), rounded up to a multiple of USD 1,000; at "
            "most the band's yearly top grant USD 97,500");
  EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                      "the asks, with the band's top asked where Google L6's grant is above the "
                      "90% point, fall short of Google L6: a refresher is asked for the four-year "
                      "average's USD 36,700, which closes the gap"),
            plan->rules.end());
  for (const std::string& r : plan->rules)
    EXPECT_EQ(r.find("even the whole ask"), std::string::npos) << r;
  // The grant above the band's top is cited, and the message says the ask is
  // the top; the close covers every ask.
  EXPECT_NE(plan->message_text.find(
                "I'm asking for USD 270,000 base, USD 390,000 in equity over 4 years, a signing "
                "bonus of USD 115,000 and a yearly refresh of USD 70,000. I know USD 390,000 in "
                "equity over 4 years is the top of the San Francisco equity band for this role, "
                "which is why the rest of my ask is in a signing bonus and a yearly refresh.\n\n"
                "With these, I'm ready to sign.\n"),
            std::string::npos)
      << plan->message_text;

  // Against a weaker rival the whole ask beats it, and the message commits.
  auto easy = Counter(offer, g, {MustReadOffer("label: Small\ncurrency: USD\nbase: 200000\n")}, {});
  ASSERT_TRUE(easy.ok()) << easy.status().ToString();
  for (const std::string& r : easy->rules)
    EXPECT_EQ(r.find("even the whole ask"), std::string::npos);
  EXPECT_NE(easy->message_text.find("\n\nWith these, I'm ready to sign.\n"), std::string::npos)
      << easy->message_text;
  // Base alone asked: the close names it.
  auto base_only = Counter(
      MustReadOffer(std::string(kSfHead) + "signing: 30000\nequity: {kind: public_rsu, value: "
                                           "380000}\n"),
      g, {}, {});
  ASSERT_TRUE(base_only.ok()) << base_only.status().ToString();
  EXPECT_NE(base_only->message_text.find("I'm asking for USD 270,000 base.\n\nAt USD 270,000 base "
                                         "I'm ready to sign.\n"),
            std::string::npos)
      << base_only->message_text;
}

// An offer read from a file without a company or label is named by its path
// in the plan's tables, but a path means nothing to the company: the message
// says "another offer". The offer itself, given again, is no alternative.
TEST(CounterMessage, OtherOffersAreNamedAsTheCompanyWouldKnowThem) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer offer = MustReadOffer(kSfHead);
  DiagnosticSink sink;
  std::optional<Offer> unnamed =
      ReadOffer(SourceFile("/tmp/offers/b.yaml", "currency: USD\nbase: 250000\n"), sink);
  ASSERT_TRUE(unnamed);
  ASSERT_EQ(unnamed->label, "/tmp/offers/b.yaml");
  auto plan = Counter(offer, g, {*unnamed}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_NE(plan->message_text.find("I'm also considering another offer (USD 250,000 base)."),
            std::string::npos)
      << plan->message_text;
  EXPECT_EQ(plan->message_text.find("/tmp/offers"), std::string::npos);
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->offer, "/tmp/offers/b.yaml");

  auto same = Counter(offer, g, {offer}, {});
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.status().message(),
            "the other offer Hugging Face Enterprise is from Hugging Face Enterprise for "
            "Engineering Manager in San Francisco, as the offer is: an alternative is an offer "
            "from another company, for another role or in another place");
  // The same company for the same role elsewhere is an alternative.
  Offer paris = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: "
      "EUR\ndate: 2025-05-09\nbase: 200000\n");
  EXPECT_TRUE(Counter(offer, g, {paris}, {}).ok());
}

// Each cited guide lever says what its script asks for of the same thing, in
// the guide's amounts, beside the plan's own ask; the guide's levers no plan
// lever cites are listed, so a guaranteed bonus the rules do not compute is
// not lost.
TEST(CounterGuideLever, TheGuidesOwnAsksAndItsOtherLeversAreShown) {
  const Guide g = testing::BundledGuide("brinewick-markets--senior-software-engineer.md");
  // New York: base 200,000–405,000, stock 200,000–1,200,000; no grant offered.
  const Offer offer = MustReadOffer(
      "company: Brinewick Markets\nrole: Senior Software Engineer\nregion: New York\n"
      "currency: USD\ndate: 2025-05-09\nbase: 300000\n");
  auto plan = Counter(offer, g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const CounterLever* sign_on = FindLever(*plan, "signing bonus");
  ASSERT_NE(sign_on, nullptr);
  // 10% of the asked base 385,000 (200,000 + 90% × 205,000 = 384,500, up to
  // 385,000) is 38,500, up to 39,000; the guide's script asks $75K.
  EXPECT_EQ(sign_on->ask.value, (Money{3'900'000, "USD"}));
  EXPECT_EQ(sign_on->guide_lever, "Venue Onboarding");
  EXPECT_EQ(sign_on->guide_lever_asks, "a sign-on of USD 75,000");
  EXPECT_EQ(GuideLeverCited(*sign_on), "Venue Onboarding, which asks a sign-on of USD 75,000");
  const CounterLever* base = FindLever(*plan, "base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->guide_lever_asks, "USD 360,000 base");
  // The guide's own Negotiate Up ask and floor, as it states them.
  EXPECT_EQ(plan->guide_strategy_asks,
            "USD 360,000 base, USD 800,000 in equity over 4 years, a sign-on of USD 75,000");
  EXPECT_EQ(plan->guide_strategy_floor, "USD 310,000 base");
  ASSERT_EQ(plan->other_guide_levers.size(), 1u);
  EXPECT_EQ(plan->other_guide_levers[0].title, "Guaranteed First Year");
  EXPECT_EQ(plan->other_guide_levers[0].asks, "a guaranteed bonus of USD 200,000");
  const std::string text = CounterPlanText(*plan, false);
  EXPECT_NE(text.find("[guide lever: Venue Onboarding, which asks a sign-on of USD 75,000]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nthe guide's own strategy: asks USD 360,000 base, USD 800,000 in equity "
                      "over 4 years, a sign-on of USD 75,000; floor USD 310,000 base\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nthe guide's other levers (each with a script in the guide):\n"
                      "  - Guaranteed First Year: asks a guaranteed bonus of USD 200,000\n"),
            std::string::npos)
      << text;
  const std::string json = CounterPlanJson(*plan, false, JsonLayout::kCompact);
  EXPECT_NE(json.find("\"guide_lever\":\"Venue Onboarding\",\"guide_lever_asks\":\"a sign-on "
                      "of USD 75,000\""),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"guide_strategy\":{\"asks\":\"USD 360,000 base, USD 800,000 in equity "
                      "over 4 years, a sign-on of USD 75,000\",\"floor\":\"USD 310,000 base\"}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"other_guide_levers\":[{\"title\":\"Guaranteed First Year\",\"asks\":\"a "
                      "guaranteed bonus of USD 200,000\"}]"),
            std::string::npos)
      << json;
}

// A grant over other years than the band's is asked for over its own years,
// the grant the company would write: the band's 4-year ask of 373,000 (220,000
// + 90% × 170,000) is 93,250 a year, 466,250 over 5 years.
TEST(CounterMessage, AGrantOverFiveYearsIsAskedOverFive) {
  const Guide g = testing::BundledGuide(kEmGuide);
  auto plan = Counter(MustReadOffer(std::string(kSfHead) +
                                    "equity: {kind: private_rsu, value: 250000, years: 5}\n"),
                      g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_equity.value, (Money{37'300'000, "USD"}));
  EXPECT_NE(plan->message_text.find("USD 466,250 in equity over 5 years (USD 373,000 over 4)"),
            std::string::npos)
      << plan->message_text;
}

// A guide's scripts and strategy name one market's figures. Cited beside
// another region's plan they say whose they are: Tallowmere's are for
// Singapore, in SGD, and a London plan is in GBP.
TEST(CounterGuideLever, FiguresForAnotherMarketSayWhoseTheyAre) {
  const Guide g = testing::BundledGuide("tallowmere-payments--security-engineer.md");
  const std::string note = " (the guide's figures for Singapore, in SGD, not for London)";
  auto london = Counter(MustReadOffer("company: Tallowmere Payments\nrole: Security Engineer\n"
                                      "region: London\ncurrency: GBP\ndate: 2025-05-09\n"
                                      "base: 100000\n"),
                        g, {}, {});
  ASSERT_TRUE(london.ok()) << london.status().ToString();
  const CounterLever* base = FindLever(*london, "base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->guide_lever_asks, "SGD 190,000 base" + note);
  EXPECT_EQ(london->guide_strategy_floor, "SGD 172,000 base" + note);
  EXPECT_EQ(london->guide_strategy_asks,
            "SGD 190,000 base, SGD 155,000 in equity over 4 years, a sign-on of SGD 25,000" + note);
  // In Singapore they are the band's own.
  auto singapore = Counter(MustReadOffer("company: Tallowmere Payments\nrole: Security Engineer\n"
                                         "region: Singapore\ncurrency: SGD\ndate: 2025-05-09\n"
                                         "base: 160000\n"),
                           g, {}, {});
  ASSERT_TRUE(singapore.ok()) << singapore.status().ToString();
  EXPECT_EQ(singapore->guide_strategy_floor, "SGD 172,000 base");
  for (const CounterLever& l : singapore->levers)
    EXPECT_EQ(l.guide_lever_asks.find("not for"), std::string::npos) << l.guide_lever_asks;
}

// An offer paid in another currency than the band's is from another market:
// it sets the walk-away (the candidate may take it), but not the asks, the
// floor or the sign-on, and the message does not cite it. Paris, EUR
// 187,000–234,000: the asked base is 229,300, rounded up to 230,000, and the
// sign-on 10% of it, 23,000, however large Google's first year in USD.
TEST(CounterMarket, AnOfferFromAnotherMarketSetsTheWalkAwayButNotTheAsks) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer paris = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: "
      "EUR\ndate: 2025-05-09\nbase: 200000\nequity: {kind: public_rsu, value: 300000}\n");
  const Offer google = MustReadOffer(
      "label: Google L6 EM\ncompany: Google\ncurrency: USD\ndate: 2025-05-09\nbase: 268000\n"
      "bonus: 15%\nequity: {kind: public_rsu, value: 430000}\n");
  auto plan = Counter(paris, g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_base.value, (Money{23'000'000, "EUR"}));
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{2'300'000, "EUR"}));
  // The floor is the band's midpoint, 210,500, rounded to 211,000, not 95% of
  // Google's base.
  EXPECT_EQ(plan->floor_base.value, (Money{21'100'000, "EUR"}));
  ASSERT_TRUE(plan->walk_away);
  EXPECT_EQ(plan->walk_away->offer, "Google L6 EM");
  EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                      "Google L6 EM is paid in USD, not in the Paris band's EUR: an offer from "
                      "another market sets the walk-away, not the asks, the floor or the "
                      "sign-on, and the message does not cite it"),
            plan->rules.end());
  EXPECT_EQ(plan->message_text.find("Google"), std::string::npos) << plan->message_text;
  EXPECT_EQ(plan->message_text.find("To be transparent"), std::string::npos);
}

// Markets are the guide's bands: an offer for the band's own region is in its
// market whatever it is paid in, and one for a region the guide bands apart
// is not, even in the same currency. Austin, USD 150,000–185,000: the asked
// base is 150,000 + 90% × 35,000 = 181,500, up to 182,000, and the floor the
// midpoint 167,500, up to 168,000, whatever Amazon pays in Seattle.
TEST(CounterMarket, MarketsAreTheGuidesBands) {
  const Guide amb = testing::BundledGuide("ambertrail-freight--product-manager.md");
  auto austin =
      Counter(MustReadOffer("company: Ambertrail Freight\nrole: Product Manager\nregion: Austin\n"
                            "currency: USD\ndate: 2025-05-09\nbase: 155000\n"),
              amb,
              {MustReadOffer("label: Amazon\ncompany: Amazon\nregion: Seattle\ncurrency: USD\n"
                             "date: 2025-05-09\nbase: 200000\n")},
              {});
  ASSERT_TRUE(austin.ok()) << austin.status().ToString();
  EXPECT_EQ(austin->ask_base.value, (Money{18'200'000, "USD"}));
  EXPECT_EQ(austin->floor_base.value, (Money{16'800'000, "USD"}));
  EXPECT_NE(std::find(austin->rules.begin(), austin->rules.end(),
                      "Amazon is for Seattle, which the guide bands apart from Austin: an offer "
                      "from another market sets the walk-away, not the asks, the floor or the "
                      "sign-on, and the message does not cite it"),
            austin->rules.end());
  EXPECT_EQ(austin->message_text.find("Amazon"), std::string::npos) << austin->message_text;

  // Hong Kong, paid in USD: the band's own region, so in its market and cited.
  const Guide brine = testing::BundledGuide("brinewick-markets--senior-software-engineer.md");
  auto hk = Counter(
      MustReadOffer("company: Brinewick Markets\nrole: Senior Software Engineer\nregion: Hong "
                    "Kong\ncurrency: HKD\ndate: 2025-05-09\nbase: 1600000\n"),
      brine,
      {MustReadOffer("label: Goldman HK\ncompany: Goldman\nregion: Hong Kong\ncurrency: USD\n"
                     "date: 2025-05-09\nbase: 280000\n")},
      {});
  ASSERT_TRUE(hk.ok()) << hk.status().ToString();
  for (const std::string& r : hk->rules)
    EXPECT_EQ(r.find("another market"), std::string::npos) << r;
  EXPECT_NE(hk->message_text.find("an offer from Goldman HK (USD 280,000 base)"), std::string::npos)
      << hk->message_text;
}

// A region the guide bands apart but pays on the same scale is the same
// market: New York's base band, USD 215,000-270,000 (midpoint 242,500), is
// 2.0% below San Francisco's, USD 220,000-275,000 (247,500), within 5%. So
// a New York offer of USD 272,000 sets the San Francisco asks: at the rules'
// figures the whole ask falls short of its 417,800 a year, and its base and
// grant are above the bands' 90% points, so both are asked at the band's
// top: base 275,000, grant 390,000; the floor 95% × 272,000 = 258,400, to
// 258,000; the sign-on max(the year-one gap 417,800 − (275,000 + 27,500 +
// 97,500) = 17,800, 10% × 275,000 = 27,500), up to 28,000; and the message
// cites it. The bundled Berlin band is 7.1% from Paris's: apart.
TEST(CounterMarket, ARegionBandedOnTheSameScaleIsTheSameMarket) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer sf = MustReadOffer(
      "label: HF EM\ncompany: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 240000\nbonus: 10%\n"
      "equity: {kind: public_rsu, value: 300000}\n");
  const Offer ny = MustReadOffer(
      "label: Google NY\ncompany: Google\nregion: New York\ncurrency: USD\ndate: 2025-05-09\n"
      "base: 272000\nbonus: 15%\nequity: {kind: public_rsu, value: 420000}\n");
  auto plan = Counter(sf, g, {ny}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_base.value, (Money{27'500'000, "USD"}));
  EXPECT_EQ(plan->ask_equity.value, (Money{39'000'000, "USD"}));
  EXPECT_EQ(plan->floor_base.value, (Money{25'800'000, "USD"}));
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{2'800'000, "USD"}));
  EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                      "Google NY is for New York, whose base band's midpoint, USD 242,500, is "
                      "within 5% of the San Francisco band's, USD 247,500: it counts as San "
                      "Francisco's market"),
            plan->rules.end());
  EXPECT_NE(plan->message_text.find("an offer from Google NY (USD 272,000 base"), std::string::npos)
      << plan->message_text;

  // Berlin, EUR 85,000-110,000 (midpoint 97,500) beside Paris, EUR 90,000-
  // 120,000 (105,000): 7.1% of Paris's midpoint apart, so another market.
  const Guide glim = testing::BundledGuide("glimmerfen-health--data-scientist.md");
  auto paris =
      Counter(MustReadOffer("company: Glimmerfen Health\nrole: Data Scientist\nregion: Paris\n"
                            "currency: EUR\ndate: 2025-05-09\nbase: 90000\n"),
              glim,
              {MustReadOffer("label: Berlin rival\ncompany: Rival\nregion: Berlin\ncurrency: EUR\n"
                             "date: 2025-05-09\nbase: 99000\n")},
              {});
  ASSERT_TRUE(paris.ok()) << paris.status().ToString();
  EXPECT_NE(std::find(paris->rules.begin(), paris->rules.end(),
                      "Berlin rival is for Berlin, which the guide bands apart from Paris: an "
                      "offer from another market sets the walk-away, not the asks, the floor or "
                      "the sign-on, and the message does not cite it"),
            paris->rules.end());
}

// The same scale's edge: Seattle's base band is USD 150,000-190,000
// (midpoint 170,000); a Portland band with its midpoint 5% below, 161,500,
// is the same market, so a Portland offer of USD 189,000 sets the asked base
// (above 150,000 + 90% × 40,000 = 186,000); a midpoint of 161,499 is not.
TEST(CounterMarket, TheSameScaleIsAMidpointWithinFivePercent) {
  auto guide = [](const std::string& high, const std::string& cell) {
    return GuideFrom(testing::Replace(
        testing::Replace(testing::Replace(testing::Replace(testing::CleanGuide(), "region: Dublin",
                                                           "region: Portland"),
                                          "    base_low: 90000\n    base_high: 120000\n",
                                          "    base_low: 141000\n    base_high: " + high + "\n"),
                         "    currency: EUR\n", "    currency: USD\n"),
        "| Dublin | EUR90K–EUR120K | EUR60K–EUR100K | 10–15% | EUR114K–EUR163K |",
        "| Portland | $141K–" + cell + " | $60K–$100K | 10–15% | $114K–$163K |"));
  };
  const Offer seattle =
      MustReadOffer("region: Seattle\ncurrency: USD\ndate: 2025-05-09\nbase: 160000\n");
  const Offer portland = MustReadOffer(
      "label: Portland rival\ncompany: Rival\nregion: Portland\ncurrency: USD\n"
      "date: 2025-05-09\nbase: 189000\n");
  auto same = Counter(seattle, guide("182000", "$182K"), {portland}, {});
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->ask_base.value, (Money{18'900'000, "USD"}));
  EXPECT_NE(std::find(same->rules.begin(), same->rules.end(),
                      "Portland rival is for Portland, whose base band's midpoint, USD 161,500, "
                      "is within 5% of the Seattle band's, USD 170,000: it counts as Seattle's "
                      "market"),
            same->rules.end());
  auto apart = Counter(seattle, guide("181998", "$181,998"), {portland}, {});
  ASSERT_TRUE(apart.ok()) << apart.status().ToString();
  EXPECT_EQ(apart->ask_base.value, (Money{18'600'000, "USD"}));
}

// The message cites a competing offer only when it is better than this one in
// base or in total: telling the company of a weaker one would lower the ask.
// Nor does the sign-on claim to close a gap there is none of.
TEST(CounterMessage, AWeakerOfferIsNotCited) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer small = MustReadOffer("label: Small\ncurrency: USD\nbase: 200000\n");
  auto plan = Counter(MustReadOffer(kSfHead), g, {small}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->message_text.find("To be transparent"), std::string::npos) << plan->message_text;
  EXPECT_EQ(plan->message_text.find("Small"), std::string::npos);
  EXPECT_NE(std::find(plan->rules.begin(), plan->rules.end(),
                      "the message does not cite Small: its base, first year and four-year "
                      "average are no more than this offer's"),
            plan->rules.end());
  const CounterLever* sign_on = FindLever(*plan, "signing bonus");
  ASSERT_NE(sign_on, nullptr);
  EXPECT_EQ(sign_on->reason,
            "10% of the asked base: a one-time sum is the easiest money for a company to add "
            "(Small's first year, USD 200,000, leaves no gap)");
  // One with a lower base but a larger first year is what a sign-on ask rests
  // on, and is cited: 200,000 + a 200,000 sign-on = 400,000, against the asked
  // year one of 362,275 (270,000 + 27,000 + a quarter of 373,000 × 70%).
  auto signing = Counter(MustReadOffer(kSfHead), g,
                         {MustReadOffer("label: Weakco\ncurrency: USD\nbase: 200000\n"
                                        "signing: 200000\n")},
                         {});
  ASSERT_TRUE(signing.ok()) << signing.status().ToString();
  const CounterLever* gap = FindLever(*signing, "signing bonus");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->reason.rfind("closes the first-year gap to Weakco", 0), 0u) << gap->reason;
  // Only what beats the offer is cited: not its base, below the offer's.
  EXPECT_NE(signing->message_text.find("an offer from Weakco (USD 400,000 in its first year)"),
            std::string::npos)
      << signing->message_text;
  EXPECT_NE(std::find(signing->rules.begin(), signing->rules.end(),
                      "the message cites Weakco without its base USD 200,000, no more than the "
                      "offer's"),
            signing->rules.end());
  // A stronger one, beside it, is cited alone.
  auto both = Counter(MustReadOffer(kSfHead), g,
                      {small, MustReadOffer("label: Big\ncurrency: USD\nbase: 260000\n")}, {});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_NE(both->message_text.find("I'm also considering an offer from Big (USD 260,000 base).\n"),
            std::string::npos)
      << both->message_text;
}

// A competing base above the band's top is disclosed; the base ask stops at
// the top, and the message says why rather than leave an ask below what the
// candidate holds unexplained. A rival inside the band needs no such line.
TEST(CounterMessage, ACompetingBaseAboveTheBandsTopIsExplained) {
  const Guide g = testing::BundledGuide(kEmGuide);
  auto plan = Counter(MustReadOffer(kSfHead), g,
                      {MustReadOffer("label: Rival\ncurrency: USD\nbase: 290000\n")}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ask_base.value, (Money{27'500'000, "USD"}));
  EXPECT_NE(plan->message_text.find(
                "I'm asking for USD 275,000 base, USD 373,000 in equity over 4 years and a signing "
                "bonus of USD 28,000. I know USD 275,000 base is the top of the San Francisco base "
                "band for this role, which is why the rest of my ask is in equity and a signing "
                "bonus.\n"),
            std::string::npos)
      << plan->message_text;
  auto inside = Counter(MustReadOffer(kSfHead), g,
                        {MustReadOffer("label: Rival\ncurrency: USD\nbase: 272300\n")}, {});
  ASSERT_TRUE(inside.ok()) << inside.status().ToString();
  EXPECT_EQ(inside->message_text.find("top of the"), std::string::npos) << inside->message_text;
}

// A sign-on is asked in round thousands, and in round five thousands from
// 50,000: rounding adds less than a tenth either way. In Paris the asked base
// is EUR 230,000 (187,000 + 90% × 47,000 = 229,300, rounded up), 10% of it
// 23,000; the offer's public grant of 400,000 is above the stock band's 90%
// point (318,000) and stands, vesting 100,000 in year one: the asked year one
// is 330,000. A rival at 220,000 base with a public grant G has a first year
// of 220,000 + G / 4, and the gap is G / 4 − 110,000.
TEST(CounterSignOn, IsRoundedByItsSize) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer paris = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: "
      "EUR\ndate: 2025-05-09\nbase: 200000\nequity: {kind: public_rsu, value: 400000}\n");
  auto sign_on = [&](const std::string& grant) -> std::string {
    auto plan = Counter(paris, g,
                        {MustReadOffer("label: Rival\ncurrency: EUR\nbase: 220000\n"
                                       "equity: {kind: public_rsu, value: " +
                                       grant + "}\n")},
                        {});
    if (!plan.ok()) return plan.status().ToString();
    if (!plan->ask_signing) return "none";
    const std::string& f = plan->ask_signing->formula;
    return MajorUnitsString(plan->ask_signing->value) + " " + f.substr(f.rfind("), ") + 3);
  };
  const std::string thousands = " rounded up to a multiple of EUR 1,000 (from EUR 10,000)";
  const std::string five_thousands = " rounded up to a multiple of EUR 5,000 (from EUR 50,000)";
  EXPECT_EQ(sign_on("400000"), "23000" + thousands);       // the gap is −10,000: 10%
  EXPECT_EQ(sign_on("535200"), "24000" + thousands);       // 23,800
  EXPECT_EQ(sign_on("563200"), "31000" + thousands);       // 30,800 (it was 35,000)
  EXPECT_EQ(sign_on("636000"), "49000" + thousands);       // 49,000 exactly
  EXPECT_EQ(sign_on("636004"), "50000" + thousands);       // 49,001
  EXPECT_EQ(sign_on("640000"), "50000" + five_thousands);  // 50,000 exactly
  EXPECT_EQ(sign_on("643200"), "55000" + five_thousands);  // 50,800

  // Below 10,000, in round hundreds. A Dublin band of EUR 50,000–61,000: the
  // 90% point is 59,900, below the offer's 60,550, which is the asked base;
  // 10% of it, 6,055, is asked as 6,100 (not 10,000: two thirds more).
  const Guide low = GuideFrom(testing::Replace(
      testing::Replace(testing::CleanGuide(), "    base_low: 90000\n    base_high: 120000\n",
                       "    base_low: 50000\n    base_high: 61000\n"),
      "EUR90K–EUR120K", "EUR50K–EUR61K"));
  auto plan = Counter(
      MustReadOffer("region: Dublin\ncurrency: EUR\ndate: 2025-05-09\nbase: 60550\n"), low, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{610'000, "EUR"}));
  EXPECT_EQ(plan->ask_signing->formula,
            "max(year-one gap EUR 0, 10% of the asked base EUR 6,055), rounded up to a multiple of "
            "EUR 100 (below EUR 10,000)");
}

// The options count scales by the currency's minor unit and counts the grant
// over the offer's own years. In KWD (three minor digits), a Dublin band of
// KWD 60,000–100,000 in stock asks 60,000 + 90% × 40,000 = 96,000 over 4
// years; 10,000 options at (2.5 − 0.125) have a spread of 2.375 a share:
// 96,000 ÷ 2.375 = 40,421.05, rounded up. Over 5 years the asked grant is
// 96,000 × 5 / 4 = 120,000: 50,526.3, rounded up.
TEST(CounterOptions, TheCountScalesByTheMinorUnitAndTheGrantsYears) {
  const Guide g = GuideFrom(testing::Replace(
      testing::Replace(testing::CleanGuide(), "    currency: EUR\n", "    currency: KWD\n"),
      "| Dublin | EUR90K–EUR120K | EUR60K–EUR100K | 10–15% | EUR114K–EUR163K |",
      "| Dublin | KWD90K–KWD120K | KWD60K–KWD100K | 10–15% | KWD114K–KWD163K |"));
  const std::string head = "region: Dublin\ncurrency: KWD\ndate: 2025-05-09\nbase: 95000\n";
  auto four = Counter(
      MustReadOffer(
          head + "equity: {kind: options, shares: 10000, strike: 0.125, preferred_price: 2.5}\n"),
      g, {}, {});
  ASSERT_TRUE(four.ok()) << four.status().ToString();
  EXPECT_EQ(four->ask_equity.value, (Money{96'000'000, "KWD"}));
  EXPECT_EQ(four->ask_options, 40'422);
  auto five = Counter(MustReadOffer(head + "equity: {kind: options, shares: 10000, strike: 0.125, "
                                           "preferred_price: 2.5, vesting: 20/20/20/20/20}\n"),
                      g, {}, {});
  ASSERT_TRUE(five.ok()) << five.status().ToString();
  EXPECT_EQ(five->ask_options, 50'527);
  EXPECT_EQ(five->ask_options_formula,
            "the asked grant KWD 120,000 over 5 years ÷ the spread KWD 2.375 a share (preferred "
            "price KWD 2.500 − strike KWD 0.125), rounded up to a whole option");
  // The lever and the text plan say the count is over the grant's 5 years,
  // beside the band's 4-year figure.
  const CounterLever* equity = FindLever(*five, "equity");
  ASSERT_NE(equity, nullptr);
  EXPECT_NE(equity->reason.find("; as options, 50,527 over 5 years (KWD 120,000) at the "
                                "offer's spread"),
            std::string::npos)
      << equity->reason;
  EXPECT_NE(CounterPlanText(*five, false)
                .find("  ask: equity grant as options: 50,527 options over 5 years\n"),
            std::string::npos);
  // A count above what an offer may hold (10^9 options) is asked as a value:
  // 96,000 ÷ 0.000075 is 1.28 × 10^9.
  auto huge =
      Counter(MustReadOffer(head + "equity: {kind: options, shares: 10000, strike: 0.000025, "
                                   "preferred_price: 0.0001}\n"),
              g, {}, {});
  ASSERT_TRUE(huge.ok()) << huge.status().ToString();
  EXPECT_FALSE(huge->ask_options) << *huge->ask_options;
  EXPECT_NE(huge->message_text.find("KWD 96,000 in equity over 4 years"), std::string::npos)
      << huge->message_text;
}

// The whole ask is judged as the walk-away is, by first year and four-year
// average, with every ask as the plan states it: the refresher from year 2.
TEST(CounterMessage, TheWholeAskIsJudgedByBothFiguresWithTheRefresherFromYearTwo) {
  const Guide g = testing::BundledGuide(kEmGuide);
  // At the band's top (275,000), a 10,000 refresher from year 1, private RSUs
  // 240,000. Stripe: 200,000 + a quarter of 920,000 = 430,000 a year on average.
  const Offer top = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 275000\nbonus: 10%\n"
      "refresh: {per_year: 10000, from_year: 1}\n"
      "equity: {kind: private_rsu, value: 240000}\n");
  const Offer stripe = MustReadOffer(
      "label: Stripe\ncompany: Stripe\ncurrency: USD\ndate: 2025-05-09\nbase: 200000\n"
      "equity: {kind: public_rsu, value: 920000, vesting: 5/15/40/40}\n");
  auto plan = Counter(top, g, {stripe}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Short at the rules' asks, with Stripe's grant above the 90% point, the
  // grant is asked at the band's top: 390,000 × 0.7 / 4 = 68,250 a year;
  // sign-on 10% of 275,000, up to 28,000; refresher 25% × 390,000 = 97,500, a
  // round thousand up would be 98,000, past the band's yearly top grant
  // (390,000 / 4 = 97,500), so 97,500, from year 2, private: × 0.7 = 68,250 in
  // years 2-4, and it cannot be raised. (4 × (275,000 + 27,500 + 68,250) +
  // 28,000 + 3 × 68,250) / 4 = 428,937.50, 1,062.50 short of 430,000. Counted
  // from year 1 it would be higher, and the plan would wrongly commit.
  ASSERT_TRUE(plan->ask_refresh);
  EXPECT_EQ(plan->ask_refresh->value, (Money{9'750'000, "USD"}));
  EXPECT_NE(plan->ask_refresh->formula.find(
                ", at most the band's yearly top grant USD 390,000 / 4 years = USD 97,500"),
            std::string::npos)
      << plan->ask_refresh->formula;
  std::string rule;
  for (const std::string& r : plan->rules)
    if (r.rfind("even the whole ask", 0) == 0) rule = r;
  EXPECT_EQ(rule.rfind("even the whole ask, granted with base and equity at the band's top where "
                       "a competing offer is stronger, is worth less than Stripe: four-year "
                       "average USD 428,937.50 (",
                       0),
            0u)
      << rule;
  EXPECT_NE(
      rule.find(") against USD 430,000, USD 1,062.50 short; the band's top (USD 275,000 base, "
                "USD 390,000 in equity, a refresher of at most USD 97,500 a year) cannot "
                "close it"),
      std::string::npos)
      << rule;
  EXPECT_EQ(plan->message_text.find("ready to sign"), std::string::npos) << plan->message_text;
}

// A sign-on the offer pays in year two leaves year one short of Google's
// 268,000 + 15% + 33% of 430,000 = 450,100: the asked year one is 270,000 +
// 27,000 + 65,275 = 362,275, 87,825 short, 90,000 rounded up. The offer's
// 300,000 covers it in all, so the ask moves 90,000 of it into year one and
// leaves 210,000 in year two; the whole ask then meets Google's first year
// (452,275) and average (437,275 against 415,700), and the message signs.
TEST(CounterSignOn, ASignOnPaidInYearTwoIsAskedIntoYearOne) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer google = MustReadOffer(
      "label: Google L6 EM\ncompany: Google\ncurrency: USD\ndate: 2025-05-09\nbase: 268000\n"
      "bonus: 15%\nequity: {kind: public_rsu, value: 430000, vesting: [33, 33, 22, 12]}\n");
  auto plan =
      Counter(MustReadOffer(std::string(kSfHead) + "signing: {year1: 0, year2: 300000}\n"
                                                   "equity: {kind: private_rsu, value: 240000}\n"),
              g, {google}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->ask_signing);
  EXPECT_EQ(plan->ask_signing->value, (Money{9'000'000, "USD"}));
  EXPECT_EQ(plan->signing_year2_left, (Money{21'000'000, "USD"}));
  EXPECT_NE(plan->ask_signing->formula.find(
                "year-one gap USD 87,825 (Google L6 EM's first year USD 450,100 − the asked year "
                "one USD 362,275: "),
            std::string::npos)
      << plan->ask_signing->formula;
  EXPECT_NE(plan->ask_signing->formula.find(
                "), rounded up to a multiple of USD 5,000 (from USD 50,000); the offer pays USD 0 "
                "in year one and USD 300,000 in year two: asked in year one, USD 210,000 left in "
                "year two"),
            std::string::npos)
      << plan->ask_signing->formula;
  for (const std::string& r : plan->rules)
    EXPECT_EQ(r.rfind("even the whole ask", 0), std::string::npos) << r;
  EXPECT_NE(plan->message_text.find("USD 90,000 of the signing bonus paid in year one."),
            std::string::npos)
      << plan->message_text;
  // More than base is asked: the close commits to all of it, not to base alone.
  EXPECT_NE(plan->message_text.find("With these, I'm ready to sign."), std::string::npos);
  EXPECT_EQ(plan->message_text.find("At USD 270,000 base"), std::string::npos);
  const std::string text = CounterPlanText(*plan, false);
  EXPECT_NE(text.find("  ask: signing bonus in year one: USD 90,000\n  the offer's sign-on left "
                      "in year two: USD 210,000\n"),
            std::string::npos)
      << text;
  EXPECT_NE(CounterPlanJson(*plan, false, JsonLayout::kCompact)
                .find(R"("signing_bonus":90000,"signing_bonus_year2_left":210000,)"),
            std::string::npos);
  const CounterLever* moved = FindLever(*plan, "signing bonus");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->reason,
            "closes the first-year gap to Google L6 EM (USD 450,100 in its first year); the offer "
            "pays USD 0 in year one and USD 300,000 in year two of its sign-on, and USD 210,000 "
            "would stay in year two");

  // A year-two sign-on too small to cover the gap in all is asked for as one
  // sum, in year one, in its place: the whole ask counts nothing in year two.
  // At the rules' asks the average, 362,275 + 90,000 / 4 = 384,775, is short of
  // 415,700, so the grant is asked at the band's top, 390,000: year one 365,250,
  // a gap of 84,850, up to 85,000; the average 386,500 is 29,200 short, and a
  // refresher of 29,200 × 4 / 3 ÷ 0.7 = 55,619.05, up to 56,000, closes it.
  auto small =
      Counter(MustReadOffer(std::string(kSfHead) + "signing: {year1: 0, year2: 20000}\n"
                                                   "equity: {kind: private_rsu, value: 240000}\n"),
              g, {google}, {});
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  ASSERT_TRUE(small->ask_signing);
  EXPECT_EQ(small->ask_signing->value, (Money{8'500'000, "USD"}));
  ASSERT_TRUE(small->ask_refresh);
  EXPECT_EQ(small->ask_refresh->value, (Money{5'600'000, "USD"}));
  EXPECT_FALSE(small->signing_year2_left);
  EXPECT_NE(small->ask_signing->formula.find("; paid in year one, in place of the offer's (the "
                                             "offer pays USD 0 in year one and USD 20,000 in "
                                             "year two)"),
            std::string::npos)
      << small->ask_signing->formula;
  EXPECT_NE(small->message_text.find("a signing bonus of USD 85,000 paid in year one and a "
                                     "yearly refresh of USD 56,000."),
            std::string::npos)
      << small->message_text;
  const CounterLever* replaced = FindLever(*small, "signing bonus");
  ASSERT_NE(replaced, nullptr);
  EXPECT_NE(replaced->reason.find("; paid in year one, in place of the offer's sign-on (USD 0 in "
                                  "year one and USD 20,000 in year two)"),
            std::string::npos)
      << replaced->reason;

  // Without a competing offer the year-one gap is none: a year-two sign-on
  // larger than 10% of the asked base is left where the offer put it.
  auto alone = Counter(MustReadOffer(std::string(kSfHead) + "signing: {year1: 0, year2: 30000}\n"),
                       g, {}, {});
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  EXPECT_FALSE(alone->ask_signing) << alone->ask_signing->formula;
}

// An offer the rules ask nothing more of, short of the alternative, is not
// told to the company as meeting the ask.
TEST(CounterMessage, NothingToAskButShortSaysSo) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer top = MustReadOffer(
      "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
      "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 275000\nbonus: 10%\nsigning: 50000\n"
      "refresh: {per_year: 100000}\nequity: {kind: public_rsu, value: 400000}\n");
  const Offer big = MustReadOffer(
      "label: OpenAI\ncompany: OpenAI\ncurrency: USD\ndate: 2025-05-09\nbase: 300000\n"
      "equity: {kind: public_rsu, value: 1200000, vesting: 5/15/40/40}\n");
  auto plan = Counter(top, g, {big}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->levers.empty());
  EXPECT_NE(plan->message_text.find("The offer is at the top of the San Francisco market for this "
                                    "role, yet it is worth less than the other offer I hold.\n\n"
                                    "If there is room to move further toward the other offer I "
                                    "hold, I'd be glad to talk it through.\n"),
            std::string::npos)
      << plan->message_text;
  EXPECT_EQ(plan->message_text.find("already meets"), std::string::npos);
  EXPECT_NE(CounterPlanText(*plan, false)
                .find("levers, easiest for the company to grant first:\n  none: the offer "
                      "already meets every ask the rules make\n"),
            std::string::npos);
  // When that offer is from another market, the message does not cite it, and
  // so does not speak of "the other offer I hold" either.
  auto foreign = Counter(top, g,
                         {MustReadOffer("label: OpenAI London\ncompany: OpenAI\ncurrency: GBP\n"
                                        "date: 2025-05-09\nbase: 300000\nequity: {kind: "
                                        "public_rsu, value: 1200000, vesting: 5/15/40/40}\n")},
                         {});
  ASSERT_TRUE(foreign.ok()) << foreign.status().ToString();
  EXPECT_NE(foreign->message_text.find("The offer is at the top of the San Francisco market for "
                                       "this role.\n\nIf there is room to move further, I'd "
                                       "be glad to talk it through.\n"),
            std::string::npos)
      << foreign->message_text;
  EXPECT_EQ(foreign->message_text.find("other offer"), std::string::npos);
}

// An alternative without a region, from the same company for the same role, is
// taken to be in the offer's place, and refused like the offer itself.
TEST(CounterMessage, TheSameOfferWithoutItsRegionIsNoAlternative) {
  const Guide g = testing::BundledGuide(kEmGuide);
  const Offer offer = MustReadOffer(kSfHead);
  const Offer again = MustReadOffer(
      "label: HF again\ncompany: Hugging Face Enterprise\nrole: Engineering Manager\ncurrency: "
      "USD\nbase: 250000\n");
  auto plan = Counter(offer, g, {again}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "the other offer HF again is from Hugging Face Enterprise for Engineering Manager in "
            "San Francisco, as the offer is: an alternative is an offer from another company, for "
            "another role or in another place");
  EXPECT_EQ(CheckAlternative(offer, "San Francisco", again).message(), plan.status().message());
  Offer paris = again;
  paris.region = "Paris";
  EXPECT_TRUE(CheckAlternative(offer, "San Francisco", paris).ok());
}

// Amazon-style: 5/15/40/40 over 4 years with a 45,000 sign-on in year one and
// 35,000 in year two, Seattle (stock band 120,000–240,000). The offer's
// year-one sign-on already pays most of what an even year one would add, so
// only the rest is asked, as cash or as the share that makes it up.
TEST(CounterYearOne, TheOffersYearOneSignOnCountsBeforeAnEvenYearOne) {
  const Guide g = testing::BundledGuide("ambertrail-freight--product-manager.md");
  const std::string head =
      "label: Amazon-style\ncompany: Ambertrail Freight\nrole: Product Manager\nregion: "
      "Seattle\ncurrency: USD\ndate: 2025-05-09\nbase: 178000\nbonus: 10%\n"
      "equity: {kind: public_rsu, value: 220000, vesting: 5/15/40/40}\n";
  // The grant asked: 120,000 + 90% × 120,000 = 228,000. An even year one adds
  // 228,000 × (25% − 5%) = 45,600; the offer's 45,000 leaves 600. As a share:
  // 5% + 20% × 600 / 45,600 = 5.26%, rounded up to a whole percent, 6%.
  auto plan = Counter(MustReadOffer(head + "signing: {year1: 45000, year2: 35000}\n"), g, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->year_one_top_up);
  EXPECT_EQ(plan->year_one_top_up->value, (Money{60'000, "USD"}));
  EXPECT_EQ(plan->year_one_top_up->formula,
            "year one vests 5% of the grant, under an even 25% a year over 4 years; ask for 6%, or "
            "as cash USD 228,000 × (25% − 5%) = USD 45,600, less the offer's year-one sign-on USD "
            "45,000");
  EXPECT_EQ(plan->ask_year_one_vesting_pct, Percent{600});
  EXPECT_EQ(plan->ask_year_one_vesting_formula,
            "an even share a year: 100% / 4 years = 25%, against the offer's schedule, where year "
            "one vests 5% of the grant; the share that makes up the cash below: 5% + (25% − 5%) × "
            "USD 600 / USD 45,600, rounded up to a whole percent");
  // A year-one sign-on of 50,000 already pays it: no year-one vesting ask.
  auto paid = Counter(MustReadOffer(head + "signing: {year1: 50000, year2: 35000}\n"), g, {}, {});
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_FALSE(paid->year_one_top_up);
  EXPECT_FALSE(paid->ask_year_one_vesting_pct);
  EXPECT_EQ(FindLever(*paid, "year-one vesting"), nullptr);
  EXPECT_NE(std::find(paid->rules.begin(), paid->rules.end(),
                      "no year-one vesting asked: year one vests 5% of the grant, under an even "
                      "share a year: 100% / 4 years = 25%, and the offer's year-one sign-on USD "
                      "50,000 already pays what an even year one would add, USD 228,000 × (25% − "
                      "5%) = USD 45,600"),
            paid->rules.end());
}

// Austin, base 150,000–185,000. An offer below the band's low is told to check
// its level first; with no other offer the floor is what to hold out for; an
// offer above the band's top keeps its base, and the formula says so.
TEST(CounterAdvice, BelowTheBandAboveItAndWithoutAnAlternative) {
  const Guide g = testing::BundledGuide("ambertrail-freight--product-manager.md");
  const std::string head =
      "company: Ambertrail Freight\nrole: Product Manager\nregion: Austin\ncurrency: USD\n"
      "date: 2025-05-09\nbonus: 10%\nequity: {kind: private_rsu, value: 60000}\n";
  auto below = Counter(MustReadOffer(head + "base: 128500\n"), g, {}, {});
  ASSERT_TRUE(below.ok()) << below.status().ToString();
  // 150,000 + 90% × 35,000 = 181,500, up to 182,000: 53,500 more, 41.634% of
  // 128,500, rounded up to 41.64%. The floor, the midpoint 167,500, to 168,000.
  EXPECT_EQ(below->ask_base.value, (Money{18'200'000, "USD"}));
  EXPECT_NE(std::find(below->rules.begin(), below->rules.end(),
                      "the offered base USD 128,500 is below the band's low USD 150,000: before "
                      "asking 41.64% more (rounded up to 0.01%), check that the offer's title and "
                      "level map to this band (`levers levels`); an offer below the band is as "
                      "often another level as a low one"),
            below->rules.end());
  EXPECT_NE(std::find(below->rules.begin(), below->rules.end(),
                      "with no other offer in hand, the floor USD 168,000 is the base to hold out "
                      "for in the negotiation; declining the offer's USD 128,500 leaves nothing in "
                      "hand, so below the floor weigh the offer as it stands, or find an "
                      "alternative, before walking away"),
            below->rules.end());
  // Base, equity and a sign-on are asked: the close commits to them all, and
  // says it wants to make it work once.
  EXPECT_NE(below->message_text.find("\n\nWith these, I'm ready to sign.\n"), std::string::npos)
      << below->message_text;
  EXPECT_EQ(below->message_text.find("make this work"), std::string::npos);

  auto above = Counter(MustReadOffer(head + "base: 231000\n"), g, {}, {});
  ASSERT_TRUE(above.ok()) << above.status().ToString();
  EXPECT_FALSE(above->asks_base);
  EXPECT_EQ(above->ask_base.formula,
            "band low USD 150,000 + 90% × (USD 185,000 − USD 150,000) = USD 181,500, rounded up "
            "to a multiple of USD 1,000 but not past the band top USD 185,000 = USD 182,000, "
            "below the offered base USD 231,000, which stands");
  for (const std::string& r : above->rules) {
    EXPECT_EQ(r.find("below the band's low"), std::string::npos) << r;
    EXPECT_EQ(r.find("no other offer in hand"), std::string::npos) << r;
  }
}

}  // namespace
}  // namespace levers
