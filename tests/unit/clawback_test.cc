// A sign-on's clawback: how it is read (and refused), what evaluate, compare
// and counter show of it, and that it never changes the money; and the compare
// table's whole-grant rows beside it. Every expected figure is computed by
// hand in the comment beside it.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "levers/offer.h"
#include "levers/offer_report.h"
#include "test_offers.h"

namespace levers {
namespace {

using testing::BundledGuide;
using testing::MustReadOffer;

struct Read {
  std::optional<Offer> offer;
  std::vector<std::string> errors;  // "line:column: path: message", in order
};

Read ReadText(const std::string& text, OfferOrigin origin = OfferOrigin::kFile) {
  SourceFile f(origin == OfferOrigin::kFlags ? "(flags)" : "offer.yaml", text);
  DiagnosticSink sink;
  Read r;
  r.offer = ReadOffer(f, sink, origin);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity != Severity::kError) continue;
    const LineColumn lc = f.Locate(d.range.begin);
    r.errors.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d.path +
                       ": " + d.message);
  }
  return r;
}

constexpr char kHead[] = "currency: USD\nbase: 200000\n";

TEST(ClawbackReader, ReadsBothBasesAndEveryForm) {
  Read r = ReadText(std::string(kHead) +
                    "signing: 20000\nsigning_clawback:\n  months: 12\n  basis: full\n");
  ASSERT_TRUE(r.offer) << (r.errors.empty() ? "" : r.errors[0]);
  ASSERT_TRUE(r.offer->signing_clawback);
  EXPECT_EQ(*r.offer->signing_clawback, (SigningClawback{12, ClawbackBasis::kFull}));
  // JSON, a split sign-on, and a string of digits for the months.
  r = ReadText(
      "{\"currency\": \"USD\", \"base\": 200000, \"signing\": {\"year2\": 5000}, "
      "\"signing_clawback\": {\"months\": \"120\", \"basis\": \"pro_rata\"}}");
  ASSERT_TRUE(r.offer) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(*r.offer->signing_clawback, (SigningClawback{120, ClawbackBasis::kProRata}));
  // Without the key there is none; null is the key left out.
  r = ReadText(std::string(kHead) + "signing: 20000\nsigning_clawback: null\n");
  ASSERT_TRUE(r.offer);
  EXPECT_FALSE(r.offer->signing_clawback);
}

TEST(ClawbackReader, BadClawbacksAreNamedWithTheirPlace) {
  auto errors = [](const std::string& clawback, const std::string& signing = "signing: 20000\n") {
    return ReadText(std::string(kHead) + signing + clawback).errors;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(errors("signing_clawback: {months: 0, basis: full}\n"),
            V{"4:28: signing_clawback.months: signing_clawback.months must be a whole number "
              "from 1 to 120"});
  EXPECT_EQ(errors("signing_clawback: {months: 121, basis: full}\n"),
            V{"4:28: signing_clawback.months: signing_clawback.months must be a whole number "
              "from 1 to 120"});
  EXPECT_EQ(errors("signing_clawback: {months: 6.5, basis: full}\n"),
            V{"4:28: signing_clawback.months: signing_clawback.months must be a whole number "
              "from 1 to 120"});
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: prorata}\n"),
            V{"4:39: signing_clawback.basis: signing_clawback.basis 'prorata' must be full (all "
              "of each payment repayable until its months end) or pro_rata (repayable in "
              "proportion to the months left); did you mean 'pro_rata'?"});
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: weekly}\n"),
            V{"4:39: signing_clawback.basis: signing_clawback.basis 'weekly' must be full (all "
              "of each payment repayable until its months end) or pro_rata (repayable in "
              "proportion to the months left)"});
  EXPECT_EQ(errors("signing_clawback: {basis: full}\n"),
            V{"4:19: signing_clawback.months: the sign-on clawback has no months "
              "(signing_clawback.months: 12): how long after each payment the sign-on is "
              "repayable, a whole number from 1 to 120"});
  EXPECT_EQ(errors("signing_clawback:\n  months: 12\n"),
            V{"5:3: signing_clawback.basis: the sign-on clawback has no basis "
              "(signing_clawback.basis: full or pro_rata); levers does not assume one"});
  EXPECT_EQ(errors("signing_clawback: 12\n"),
            V{"4:19: signing_clawback: signing_clawback must be a mapping of months and basis, "
              "such as {months: 12, basis: full} or {months: 24, basis: pro_rata}"});
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: full, month: 3}\n"),
            V{"4:45: signing_clawback.month: unknown key 'signing_clawback.month'; did you mean "
              "'months'?"});
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: full, months: 6}\n"),
            V{"4:45: signing_clawback.months: duplicate key 'signing_clawback.months': "
              "'signing_clawback.months' is already given at line 4, column 20; give it once"});
  // Terms with no sign-on to apply to are a slip: an error at the key.
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: full}\n", ""),
            V{"3:1: signing_clawback: signing_clawback is given but the offer's sign-on is not "
              "given: give signing, or leave signing_clawback out"});
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: full}\n", "signing: 0\n"),
            V{"4:1: signing_clawback: signing_clawback is given but the offer's sign-on is 0 (at "
              "line 3, column 10): give signing, or leave signing_clawback out"});
  // A sign-on that does not read has its own error, and only it.
  EXPECT_EQ(errors("signing_clawback: {months: 12, basis: full}\n", "signing: lots\n"),
            V{"3:10: signing: signing 'lots': expected an amount such as $220K or EUR187K"});
}

TEST(ClawbackReader, FlagsAreNamedAsFlags) {
  Read r = ReadText(
      "{\"currency\": \"USD\", \"base\": \"200000\", \"signing\": \"20000\", "
      "\"signing_clawback\": {\"months\": \"12\", \"basis\": \"Full\"}}",
      OfferOrigin::kFlags);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "1:105: signing_clawback.basis: --signing-clawback-basis 'Full' must be full (all of "
            "each payment repayable until its months end) or pro_rata (repayable in proportion to "
            "the months left); did you mean 'full'?");
  r = ReadText(
      "{\"currency\": \"USD\", \"base\": \"200000\", \"signing_clawback\": {\"months\": \"12\", "
      "\"basis\": \"full\"}}",
      OfferOrigin::kFlags);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "1:39: signing_clawback: --signing-clawback-months and --signing-clawback-basis are "
            "given but the offer's sign-on is not given: give --signing, or leave them out");
  // Only the flags given are named.
  r = ReadText(
      "{\"currency\": \"USD\", \"base\": \"200000\", \"signing_clawback\": {\"months\": \"12\"}}",
      OfferOrigin::kFlags);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors.back(),
            "1:39: signing_clawback: --signing-clawback-months is given but the offer's sign-on is "
            "not given: give --signing, or leave it out");
  r = ReadText(
      "{\"currency\": \"USD\", \"base\": \"200000\", \"signing\": \"1\", \"signing_clawback\": "
      "{\"months\": \"12\"}}",
      OfferOrigin::kFlags);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0],
            "1:75: signing_clawback.basis: the sign-on clawback has no basis "
            "(--signing-clawback-basis full or pro_rata); levers does not assume one");
}

TEST(ClawbackRepayable, EachPaymentHasItsOwnWindow) {
  // 30,000 on joining and 10,000 at month 12, pro rata over 18 months each.
  Offer o = MustReadOffer(std::string(kHead) +
                          "signing: {year1: 30000, year2: 10000}\n"
                          "signing_clawback: {months: 18, basis: pro_rata}\n");
  // Day one: all of year one's, none of year two's (not paid yet).
  EXPECT_EQ(ClawbackRepayable(o, 0).value, (Money{3'000'000, "USD"}));
  // After 6 months: 30,000 × 12 / 18 = 20,000.
  EXPECT_EQ(ClawbackRepayable(o, 6).value, (Money{2'000'000, "USD"}));
  // After 13 months: 30,000 × 5 / 18 = 8,333.333… → 8,333.33, and year two's
  // 10,000 × 17 / 18 = 9,444.444… → 9,444.44: 17,777.77.
  const Figure at13 = ClawbackRepayable(o, 13);
  EXPECT_EQ(at13.value, (Money{1'777'777, "USD"}));
  EXPECT_EQ(at13.formula,
            "leaving after 13 months: year 1's sign-on USD 30,000 × (18 − 13) / 18 (13 of its 18 "
            "months served) = USD 8,333.33; year 2's sign-on USD 10,000 × (18 − 1) / 18 (1 of its "
            "18 months served) = USD 9,444.44; repayable USD 17,777.77 (each part rounded down to "
            "the cent)");
  // After 18 months year one's is kept; year two's 10,000 × 12 / 18 = 6,666.66.
  EXPECT_EQ(ClawbackRepayable(o, 18).value, (Money{666'666, "USD"}));
  EXPECT_EQ(ClawbackRepayable(o, 30).value, (Money{0, "USD"}));
  // In full: everything paid and still in its window.
  o.signing_clawback = SigningClawback{12, ClawbackBasis::kFull};
  EXPECT_EQ(ClawbackRepayable(o, 11).value, (Money{3'000'000, "USD"}));
  EXPECT_EQ(ClawbackRepayable(o, 13).value, (Money{1'000'000, "USD"}));
  EXPECT_EQ(ClawbackRepayable(o, 13).formula,
            "leaving after 13 months: year 1's sign-on is kept: its 12 months end at month 12; "
            "year 2's sign-on USD 10,000 in full (until month 24); repayable USD 10,000");
}

TEST(ClawbackRepayable, APaymentDueAtMonth12IsNotPaidToSomeoneLeavingThen) {
  // Year two's sign-on is due at month 12: someone leaving after exactly 12
  // months never gets it, so none of it is repayable.
  Offer o = MustReadOffer(std::string(kHead) +
                          "signing: {year1: 30000, year2: 10000}\n"
                          "signing_clawback: {months: 18, basis: pro_rata}\n");
  // 30,000 × (18 − 12) / 18 = 10,000, and year two's not paid.
  const Figure at12 = ClawbackRepayable(o, 12);
  EXPECT_EQ(at12.value, (Money{1'000'000, "USD"}));
  EXPECT_EQ(at12.formula,
            "leaving after 12 months: year 1's sign-on USD 30,000 × (18 − 12) / 18 (12 of its 18 "
            "months served) = USD 10,000; year 2's sign-on is not paid: it is due after month 12, "
            "to someone still employed then; repayable USD 10,000");
  o.signing_clawback = SigningClawback{12, ClawbackBasis::kFull};
  EXPECT_EQ(ClawbackRepayable(o, 12).value, (Money{0, "USD"}));
  // Two parts, one of them rounded: "rounded down", not "each part". After
  // 13 months, 18 months pro rata: 30,000 × 5 / 18 = 8,333.33 (rounded) and
  // 9,000 × 17 / 18 = 8,500 exactly.
  const Offer two = MustReadOffer(std::string(kHead) +
                                  "signing: {year1: 30000, year2: 9000}\n"
                                  "signing_clawback: {months: 18, basis: pro_rata}\n");
  const Figure mixed = ClawbackRepayable(two, 13);
  EXPECT_EQ(mixed.value, (Money{1'683'333, "USD"}));
  EXPECT_TRUE(mixed.formula.ends_with("repayable USD 16,833.33 (rounded down to the cent)"))
      << mixed.formula;
  // One payment: "rounded down", not "each part".
  const Offer one = MustReadOffer(
      std::string(kHead) + "signing: 10000\nsigning_clawback: {months: 3, basis: pro_rata}\n");
  EXPECT_EQ(ClawbackRepayable(one, 1).formula,
            "leaving after 1 month: the sign-on USD 10,000 × (3 − 1) / 3 (1 of its 3 months "
            "served) = USD 6,666.66; repayable USD 6,666.66 (rounded down to the cent)");
}

TEST(ClawbackEvaluate, TheRepayableAfterLineNeverFallsOnAPaymentOrOnMonth0) {
  // 25,000 + 15,000 pro rata over 24 months: half is month 12, when year
  // two's falls due; the line is after 13 months instead: 25,000 × 11 / 24 =
  // 11,458.33 (rounded down) and 15,000 × 23 / 24 = 14,375: 25,833.33.
  const Offer split = MustReadOffer(std::string(kHead) +
                                    "signing: {year1: 25000, year2: 15000}\n"
                                    "signing_clawback: {months: 24, basis: pro_rata}\n");
  Result<Evaluation> e = Evaluate(split, nullptr, {});
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(e->clawback && e->clawback->repayable_after);
  EXPECT_EQ(e->clawback->after_months, 13);
  EXPECT_EQ(e->clawback->repayable_after->value, (Money{2'583'333, "USD"}));
  EXPECT_NE(EvaluationText(*e, false).find("  sign-on repayable after 13 months: USD 25,833.33\n"),
            std::string::npos);
  // Without a year-two payment, month 12 is a month like any other.
  const Offer once = MustReadOffer(std::string(kHead) +
                                   "signing: 40000\n"
                                   "signing_clawback: {months: 24, basis: pro_rata}\n");
  Result<Evaluation> f = Evaluate(once, nullptr, {});
  ASSERT_TRUE(f.ok() && f->clawback);
  EXPECT_EQ(f->clawback->after_months, 12);
  // A sign-on paid only in year two: half way through its own window, which
  // starts at month 12. Pro rata over 12: after 18 months, 15,000 × (12 − 6)
  // / 12 = 7,500 (from joining it was after 6 months: USD 0, not yet paid).
  // Over 24: after 24 months, 15,000 × 12 / 24 = 7,500; over 2: after 13,
  // 15,000 × 1 / 2 = 7,500.
  for (const auto& [months, after] : {std::pair{12, 18}, {24, 24}, {2, 13}}) {
    const Offer late = MustReadOffer(std::string(kHead) + "signing: {year1: 0, year2: 15000}\n" +
                                     "signing_clawback: {months: " + std::to_string(months) +
                                     ", basis: pro_rata}\n");
    Result<Evaluation> l = Evaluate(late, nullptr, {});
    ASSERT_TRUE(l.ok() && l->clawback && l->clawback->repayable_after) << months;
    EXPECT_EQ(l->clawback->after_months, after) << months;
    EXPECT_EQ(l->clawback->repayable_after->value, (Money{750'000, "USD"})) << months;
  }
  // Over 1 month: "after 0 months" would be the whole sign-on again; no line.
  const Offer month = MustReadOffer(std::string(kHead) +
                                    "signing: 20000\n"
                                    "signing_clawback: {months: 1, basis: pro_rata}\n");
  Result<Evaluation> g = Evaluate(month, nullptr, {});
  ASSERT_TRUE(g.ok() && g->clawback);
  EXPECT_FALSE(g->clawback->repayable_after);
  EXPECT_EQ(EvaluationText(*g, false).find("repayable after"), std::string::npos);
  EXPECT_NE(EvaluationJson(*g, false, JsonLayout::kCompact)
                .find("\"after_months\":null,\"repayable_after\":null"),
            std::string::npos);
}

TEST(ClawbackEvaluate, ShownBesideTheTotalsWhichItNeverChanges) {
  const std::string head = std::string(kHead) + "signing: 20000\n";
  const Offer plain = MustReadOffer(head);
  const Offer clawed = MustReadOffer(head + "signing_clawback: {months: 24, basis: pro_rata}\n");
  Result<Evaluation> a = Evaluate(plain, nullptr, {});
  Result<Evaluation> b = Evaluate(clawed, nullptr, {});
  ASSERT_TRUE(a.ok() && b.ok());
  // The sign-on is paid: the same money in every year and total.
  for (size_t y = 0; y < 4; ++y)
    EXPECT_EQ(a->years[y].total_expected.value, b->years[y].total_expected.value);
  EXPECT_EQ(a->first_year_total.value, b->first_year_total.value);
  EXPECT_EQ(a->four_year_average.value, b->four_year_average.value);
  EXPECT_FALSE(a->clawback);
  ASSERT_TRUE(b->clawback);
  EXPECT_EQ(b->clawback->text, "pro rata until month 24");
  EXPECT_EQ(b->clawback->at_risk.value, (Money{2'000'000, "USD"}));
  // After 12 of 24 months: 20,000 × 12 / 24 = 10,000.
  EXPECT_EQ(b->clawback->after_months, 12);
  ASSERT_TRUE(b->clawback->repayable_after);
  EXPECT_EQ(b->clawback->repayable_after->value, (Money{1'000'000, "USD"}));
  const std::string text = EvaluationText(*b, true);
  EXPECT_NE(text.find("  sign-on repayable: pro rata until month 24: USD 20,000 at risk\n"
                      "      = USD 20,000 (paid on joining, repayable pro rata until month 24); it "
                      "is paid and counted in its year all the same: the clawback is a cost only "
                      "if you leave early\n"
                      "  sign-on repayable after 12 months: USD 10,000\n"
                      "      = leaving after 12 months: the sign-on USD 20,000 × (24 − 12) / 24 "
                      "(12 of its 24 months served) = USD 10,000; repayable USD 10,000\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(EvaluationText(*a, false).find("repayable"), std::string::npos);
  const std::string json = EvaluationJson(*b, false, JsonLayout::kCompact);
  EXPECT_NE(json.find("\"signing_clawback\":{\"months\":24,\"basis\":\"pro_rata\",\"text\":\"pro "
                      "rata until month 24\",\"at_risk\":20000,\"after_months\":12,"
                      "\"repayable_after\":10000,\"most_at_once_after_months\":null,"
                      "\"most_at_once\":null}"),
            std::string::npos)
      << json;
  EXPECT_NE(EvaluationJson(*a, false, JsonLayout::kCompact).find("\"signing_clawback\":null"),
            std::string::npos);
  // A full clawback of a split sign-on: each payment's window, and no
  // half-way figure (it would be everything paid by then).
  const Offer split = MustReadOffer(std::string(kHead) +
                                    "signing: {year1: 30000, year2: 10000}\n"
                                    "signing_clawback: {months: 12, basis: full}\n");
  Result<Evaluation> c = Evaluate(split, nullptr, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->clawback->text,
            "in full: year 1's until month 12, year 2's from month 12 until "
            "month 24");
  EXPECT_EQ(c->clawback->at_risk.value, (Money{4'000'000, "USD"}));
  EXPECT_FALSE(c->clawback->repayable_after);
  EXPECT_NE(EvaluationJson(*c, false, JsonLayout::kCompact)
                .find("\"at_risk\":40000,\"after_months\":null,\"repayable_after\":null"),
            std::string::npos);
}

// The most repayable at any one leaving month, shown only when it is less
// than the whole sign-on at risk; the earliest month that reaches it.
TEST(ClawbackEvaluate, TheMostRepayableAtOnceWhenLessThanTheTotal) {
  struct Case {
    std::string signing, clawback;
    std::optional<int64_t> most;  // minor units; nullopt: no line
    int after = 0;
    std::string when;  // the text's "(leaving ...)"
  };
  const Case cases[] = {
      // Pro rata over 24: after 0 months 25,000; after 13, 25,000 × 11 / 24 =
      // 11,458.33 (rounded down) + 15,000 × 23 / 24 = 14,375 = 25,833.33,
      // falling by 40,000 / 24 a month after that; after 25, year 2's alone.
      {"{year1: 25000, year2: 15000}", "{months: 24, basis: pro_rata}", 2'583'333, 13,
       "after 13 months"},
      // In full over 12: year 1's until month 12, year 2's (paid after month
      // 12) until month 24: never both; 25,000 on leaving after 0 to 11
      // months.
      {"{year1: 25000, year2: 15000}", "{months: 12, basis: full}", 2'500'000, 0,
       "in the first 12 months"},
      // Pro rata over 12: 25,000 after 0 months only, 25,000 × 11 / 12 =
      // 22,916.66 after 1; year 2's after 13 is 15,000 × 11 / 12 = 13,750.
      {"{year1: 25000, year2: 15000}", "{months: 12, basis: pro_rata}", 2'500'000, 0,
       "in the first month"},
      // In full over 13: year 1's is repayable after 0 to 12 months, year
      // 2's (paid only to someone still employed after month 12) after 13 to
      // 24, when year 1's 13 months are over: never both.
      {"{year1: 25000, year2: 15000}", "{months: 13, basis: full}", 2'500'000, 0,
       "in the first 13 months"},
      // Year 2's larger, in full over 6: 15,000 after 13 to 17 months.
      {"{year1: 5000, year2: 15000}", "{months: 6, basis: full}", 1'500'000, 13,
       "after 13 to 17 months"},
      // In full over 24: after 13 months both are repayable: 40,000.
      {"{year1: 25000, year2: 15000}", "{months: 24, basis: full}", std::nullopt},
      // One payment: all of it on the first day.
      {"40000", "{months: 24, basis: pro_rata}", std::nullopt},
      {"40000", "{months: 12, basis: full}", std::nullopt},
      // Paid only in year two, to someone still employed after month 12: pro
      // rata over 12, after 13 months 15,000 × 11 / 12 = 13,750, never 15,000.
      {"{year1: 0, year2: 15000}", "{months: 12, basis: pro_rata}", 1'375'000, 13,
       "after 13 months"},
      // In full: 15,000 after 13 months.
      {"{year1: 0, year2: 15000}", "{months: 12, basis: full}", std::nullopt},
      // Over 1 month, paid after month 12: its month is over after 13, so
      // nothing is ever repayable; no "at most USD 0".
      {"{year1: 0, year2: 15000}", "{months: 1, basis: full}", std::nullopt},
      {"{year1: 0, year2: 15000}", "{months: 1, basis: pro_rata}", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.signing + " " + c.clawback);
    const Offer o = MustReadOffer(std::string(kHead) + "signing: " + c.signing +
                                  "\nsigning_clawback: " + c.clawback + "\n");
    Result<Evaluation> e = Evaluate(o, nullptr, {});
    ASSERT_TRUE(e.ok() && e->clawback);
    const std::string json = EvaluationJson(*e, false, JsonLayout::kCompact);
    if (!c.most) {
      EXPECT_FALSE(e->clawback->most_at_once);
      EXPECT_EQ(EvaluationText(*e, false).find("at once"), std::string::npos);
      EXPECT_NE(json.find("\"most_at_once_after_months\":null,\"most_at_once\":null}"),
                std::string::npos)
          << json;
      continue;
    }
    ASSERT_TRUE(e->clawback->most_at_once);
    EXPECT_EQ(e->clawback->most_at_once->value, (Money{*c.most, "USD"}));
    EXPECT_EQ(e->clawback->most_at_once_months, c.after);
    const std::string figure = FormatMoney(Money{*c.most, "USD"});
    EXPECT_NE(EvaluationText(*e, false).find(" at risk\n  sign-on repayable at most " + figure +
                                             " at once (leaving " + c.when + ")\n"),
              std::string::npos)
        << EvaluationText(*e, false);
    EXPECT_NE(json.find("\"most_at_once_after_months\":" + std::to_string(c.after) +
                        ",\"most_at_once\":" + MajorUnitsString(Money{*c.most, "USD"}) + "}"),
              std::string::npos)
        << json;
  }
  // With --explain, its formula: that month's repayment, and that no month
  // repays more.
  const Offer split = MustReadOffer(std::string(kHead) +
                                    "signing: {year1: 25000, year2: 15000}\n"
                                    "signing_clawback: {months: 24, basis: pro_rata}\n");
  Result<Evaluation> e = Evaluate(split, nullptr, {});
  ASSERT_TRUE(e.ok() && e->clawback && e->clawback->most_at_once);
  EXPECT_NE(EvaluationText(*e, true).find(
                "  sign-on repayable at most USD 25,833.33 at once (leaving after 13 months)\n"
                "      = leaving after 13 months: year 1's sign-on USD 25,000 × (24 − 13) / 24 "
                "(13 of its 24 months served) = USD 11,458.33; year 2's sign-on USD 15,000 × "
                "(24 − 1) / 24 (1 of its 24 months served) = USD 14,375; repayable USD "
                "25,833.33 (rounded down to the cent); the most of any leaving month from 0 "
                "to 36, first reached after 13 months, not the whole USD 40,000 at risk\n"),
            std::string::npos)
      << EvaluationText(*e, true);
}

TEST(ClawbackCompare, ARowOfTermsBesideTheGrantShownWhole) {
  const Offer a = MustReadOffer(
      "label: A\ncurrency: USD\nbase: 200000\nsigning: 20000\n"
      "signing_clawback: {months: 12, basis: full}\n"
      "equity: {kind: public_rsu, value: 400000, years: 4}\n");
  const Offer b = MustReadOffer("label: B\ncurrency: USD\nbase: 210000\nsigning: 10000\n");
  const Offer c = MustReadOffer(
      "label: C\ncurrency: USD\nbase: 190000\n"
      "equity: {kind: public_rsu, value: 300000, years: 3}\n");
  Result<Comparison> cmp = Compare({a, b, c}, "", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(cmp.ok()) << cmp.status().ToString();
  const std::string text = ComparisonText(*cmp, false);
  EXPECT_NE(text.find("equity expected (whole grant)                          USD 400,000       "
                      "        —     USD 300,000\n"
                      "equity floor (whole grant)                             USD 400,000       "
                      "        —     USD 300,000\n"
                      "grant vests over                                           4 years       "
                      "        —         3 years\n"
                      "sign-on repayable                USD 20,000, in full for 12 months     "
                      "none stated               —\n"),
            std::string::npos)
      << text;
  // Without a clawback anywhere there is no such row.
  Result<Comparison> none = Compare({b, c}, "", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(ComparisonText(*none, false).find("sign-on repayable"), std::string::npos);
}

TEST(CompareTable, AnEvenGrantOfMoreThanFourYearsSaysWhatTheYearsShownAddUpTo) {
  // GBP 100,000.03 over 5 years: 20,000.006 a year; the schedule to date
  // rounded down is 20,000.00, 40,000.01, 60,000.01, 80,000.02, so years 1–4
  // vest 20,000, 20,000.01, 20,000, 20,000.01: GBP 80,000.02 of the grant.
  const Offer o = MustReadOffer(
      "label: F5\ncurrency: GBP\nbase: 100000\n"
      "equity: {kind: public_rsu, value: 100000.03, vesting: even, years: 5}\n");
  Result<Comparison> cmp = Compare({o}, "", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(cmp.ok());
  EXPECT_EQ(EvenGrantRemainderNote(cmp->offers[0]),
            "the even grant vests GBP 20,000 in year 1, GBP 20,000.01 in year 2, GBP 20,000 in "
            "year 3 and GBP 20,000.01 in year 4: each year is the schedule to date rounded down "
            "to the penny, so years 1–4 of 5 add up to GBP 80,000.02, and all 5 to the whole "
            "grant, GBP 100,000.03, exactly");
  EXPECT_NE(ComparisonText(*cmp, false).find("grant vests over                        5 years\n"),
            std::string::npos)
      << ComparisonText(*cmp, false);
}

TEST(CompareTable, AnEvenGrantsYearsDifferByACentAndAddUpExactly) {
  // GBP 687,441.65 over 4 years: 171,860.4125 a year; the schedule to date
  // rounded down gives 171,860.41 in years 1–3 and 171,860.42 in year 4.
  const Offer o = MustReadOffer(
      "label: L\ncurrency: GBP\nbase: 100000\n"
      "equity: {kind: public_rsu, value: 687441.65, vesting: even, years: 4}\n");
  Result<Comparison> cmp = Compare({o}, "", RankBy::kFourYearAverage, {});
  ASSERT_TRUE(cmp.ok());
  const std::string text = ComparisonText(*cmp, true);
  // Under the table, where the year totals show the cent.
  EXPECT_NE(text.find("\nL: the even grant vests GBP 171,860.41 in years 1–3 and GBP 171,860.42 in "
                      "year 4: each year is the schedule to date rounded down to the penny, so the "
                      "years add up to the whole grant, GBP 687,441.65, exactly\n\nranking:\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  equity expected (whole grant): GBP 687,441.65\n"
                      "      = listed shares at face value\n"
                      "      vests GBP 171,860.41 + GBP 171,860.41 + GBP 171,860.41 + GBP "
                      "171,860.42 in years 1–4 = GBP 687,441.65, the whole grant; an even split: "
                      "each year is the schedule to date rounded down to the penny, less the years "
                      "before, so a year may differ by a minor unit and the years add up to the "
                      "grant exactly\n"),
            std::string::npos)
      << text;
}

// The bundled Engineering Manager guide's San Francisco band.
constexpr char kSf[] =
    "company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
    "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 240000\nbonus: 10%\nsigning: 20000\n"
    "equity: {kind: private_rsu, value: 240000, years: 4}\n";

TEST(ClawbackCounter, AFullClawbackIsAskedProRataAndTheMoneyStays) {
  const Guide guide = BundledGuide("hugging-face-enterprise--engineering-manager.md");
  const Offer plain = MustReadOffer(kSf);
  const Offer clawed =
      MustReadOffer(std::string(kSf) + "signing_clawback: {months: 24, basis: full}\n");
  Result<CounterPlan> p = Counter(plain, guide, {}, {});
  Result<CounterPlan> q = Counter(clawed, guide, {}, {});
  ASSERT_TRUE(p.ok() && q.ok()) << q.status().ToString();
  // The same money asked whatever the clawback.
  EXPECT_EQ(p->ask_base.value, q->ask_base.value);
  EXPECT_EQ(p->ask_equity.value, q->ask_equity.value);
  EXPECT_EQ(p->ask_signing.has_value(), q->ask_signing.has_value());
  if (p->ask_signing) {
    EXPECT_EQ(p->ask_signing->value, q->ask_signing->value);
  }
  EXPECT_EQ(p->floor_base.value, q->floor_base.value);
  EXPECT_FALSE(p->ask_clawback);
  ASSERT_TRUE(q->ask_clawback);
  EXPECT_EQ(*q->ask_clawback, (SigningClawback{12, ClawbackBasis::kProRata}));
  // After 6 months, of the sign-on the plan asks (27,000; the offer's is
  // 20,000): all of it on the offered terms, 27,000 × 6 / 12 = 13,500 on the
  // asked ones. Both sides count the same sign-on, so only the terms differ.
  ASSERT_TRUE(q->ask_signing);
  EXPECT_EQ(q->ask_signing->value, (Money{2'700'000, "USD"}));
  EXPECT_EQ(q->ask_clawback_formula,
            "the offer's sign-on is repayable in full if you leave within 24 months of payment; "
            "asked pro rata over the 12 months after payment; of the sign-on asked: leaving after "
            "6 months: the sign-on USD 27,000 in full (until month 24); repayable USD 27,000 on "
            "the offered terms, against USD 13,500 on the asked terms (leaving after 6 months: "
            "the sign-on USD 27,000 × (12 − 6) / 12 (6 of its 12 months served) = USD 13,500; "
            "repayable USD 13,500)");
  EXPECT_EQ(q->ask_clawback_script,
            "I'd also ask that the signing bonus be repayable pro rata over 12 months rather than "
            "in full for 24 months.");
  EXPECT_NE(q->message_text.find(q->ask_clawback_script), std::string::npos) << q->message_text;
  EXPECT_EQ(p->message_text.find("repayable"), std::string::npos);
  const std::string text = CounterPlanText(*q, false);
  EXPECT_NE(text.find("  ask: sign-on clawback pro rata over the 12 months after payment, not in "
                      "full if you leave within 24 months of payment\n      say: \"I'd also ask "
                      "that the signing bonus be repayable pro rata over 12 months rather than in "
                      "full for 24 months.\"\n"),
            std::string::npos)
      << text;
  const std::string json = CounterPlanJson(*q, false, JsonLayout::kCompact);
  EXPECT_NE(json.find("\"signing_clawback\":{\"months\":12,\"basis\":\"pro_rata\",\"script\":"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"signing_clawback\"]"), std::string::npos) << json;  // in `asked`
}

TEST(ClawbackCounter, OnlyTermsWorseThanAYearProRataAreAsked) {
  const Guide guide = BundledGuide("hugging-face-enterprise--engineering-manager.md");
  auto ask = [&](const std::string& clawback) {
    Result<CounterPlan> p = Counter(MustReadOffer(std::string(kSf) + clawback), guide, {}, {});
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->ask_clawback : std::nullopt;
  };
  EXPECT_EQ(ask("signing_clawback: {months: 12, basis: pro_rata}\n"), std::nullopt);
  EXPECT_EQ(ask("signing_clawback: {months: 1, basis: full}\n"), std::nullopt);
  // A full clawback of 6 months or less is left as offered; from 7 it is asked.
  EXPECT_EQ(ask("signing_clawback: {months: 6, basis: full}\n"), std::nullopt);
  EXPECT_EQ(ask("signing_clawback: {months: 7, basis: full}\n"),
            (SigningClawback{7, ClawbackBasis::kProRata}));
  EXPECT_EQ(ask("signing_clawback: {months: 36, basis: pro_rata}\n"),
            (SigningClawback{12, ClawbackBasis::kProRata}));
  Result<CounterPlan> p =
      Counter(MustReadOffer(std::string(kSf) + "signing_clawback: {months: 36, basis: pro_rata}\n"),
              guide, {}, {});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->ask_clawback_script,
            "I'd also ask that the signing bonus's repayment be pro rata over 12 months rather "
            "than 36.");
}

TEST(ClawbackCounter, TheRuleSaysWhatIsAskedOrWhyNothingIs) {
  const Guide guide = BundledGuide("hugging-face-enterprise--engineering-manager.md");
  auto rule = [&](const std::string& clawback) {
    Result<CounterPlan> p = Counter(MustReadOffer(std::string(kSf) + clawback), guide, {}, {});
    EXPECT_TRUE(p.ok());
    if (!p.ok()) return std::string();
    for (const std::string& r : p->rules)
      if (r.starts_with("the sign-on's clawback")) return r;
    return std::string();
  };
  EXPECT_EQ(rule("signing_clawback: {months: 1, basis: full}\n"),
            "the sign-on's clawback (in full if you leave within 1 month of payment) is terms, "
            "not money: the sign-on counts in full in the year it is paid, in every total and "
            "ask; not asked to change: a full clawback of 6 months or less ends within half a "
            "year, too little at risk to spend goodwill on");
  EXPECT_EQ(rule("signing_clawback: {months: 24, basis: full}\n"),
            "the sign-on's clawback (in full if you leave within 24 months of payment) is terms, "
            "not money: the sign-on counts in full in the year it is paid, in every total and "
            "ask; asked pro rata over the 12 months after payment instead: a full clawback of "
            "more than 6 months is asked pro rata, over at most 12 months");
  EXPECT_EQ(rule("signing_clawback: {months: 36, basis: pro_rata}\n"),
            "the sign-on's clawback (pro rata over the 36 months after payment) is terms, not "
            "money: the sign-on counts in full in the year it is paid, in every total and ask; "
            "asked pro rata over the 12 months after payment instead: pro rata over more than 12 "
            "months is asked over 12");
  EXPECT_EQ(rule("signing_clawback: {months: 12, basis: pro_rata}\n"),
            "the sign-on's clawback (pro rata over the 12 months after payment) is terms, not "
            "money: the sign-on counts in full in the year it is paid, in every total and ask; "
            "not asked to change: pro rata over 12 months or less is already the term asked for");
}

// The bundled Product Manager guide's Austin band, and a competing offer.
constexpr char kAustin[] =
    "label: Austin\ncompany: Ambertrail Freight\nrole: Product Manager\nregion: Austin\n"
    "currency: USD\ndate: 2025-05-09\nbonus: 10%\n"
    "equity: {kind: public_rsu, value: 120000}\n";
constexpr char kRival[] =
    "label: Indeed Austin\ncompany: Indeed\nrole: Product Manager\nregion: Austin\n"
    "currency: USD\ndate: 2025-05-09\nbase: 185000\nbonus: 10%\nsigning: 14000\n"
    "equity: {kind: public_rsu, value: 250000}\n";

TEST(ClawbackCounter, AsAskedIsTheSignOnSplitThePlanAsksFor) {
  const Guide guide = BundledGuide("ambertrail-freight--product-manager.md");
  const Offer offer = MustReadOffer(std::string(kAustin) +
                                    "base: 160000\nsigning: {year1: 25000, year2: 15000}\n"
                                    "signing_clawback: {months: 24, basis: full}\n");
  Result<CounterPlan> p = Counter(offer, guide, {MustReadOffer(kRival)}, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE(p->ask_signing && p->signing_year2_left);
  // The plan moves sign-on into year one: 27,000 asked, 13,000 left.
  EXPECT_EQ(p->ask_signing->value, (Money{2'700'000, "USD"}));
  EXPECT_EQ(*p->signing_year2_left, (Money{1'300'000, "USD"}));
  // After 6 months, of the asked split (27,000 + 13,000): on the offered
  // terms all of year one's 27,000 (year two's not paid yet), on the asked
  // ones 27,000 × (12 − 6) / 12 = 13,500.
  EXPECT_NE(
      p->ask_clawback_formula.find(
          "of the sign-on asked: leaving after 6 months: year 1's sign-on USD 27,000 in full "
          "(until month 24); year 2's sign-on is not paid: it is due after month 12, to "
          "someone still employed then; repayable USD 27,000 on the offered terms, against "
          "USD 13,500 on the asked terms (leaving after 6 months: year 1's sign-on USD 27,000 "
          "× (12 − 6) / 12 (6 of its 12 months served) = USD 13,500; year 2's sign-on is not "
          "paid: it is due after month 12, to someone still employed then; repayable USD "
          "13,500)"),
      std::string::npos)
      << p->ask_clawback_formula;
}

TEST(ClawbackCounter, ASignOnPaidOnlyInYearTwoIsComparedHalfWayThroughItsWindow) {
  // 30,000 paid at month 12, in full for 24 months, asked pro rata over 12:
  // half way through the asked window is month 12 + 6 = 18. On the offered
  // terms all 30,000 (6 of 24 months served); on the asked ones 30,000 ×
  // (12 − 6) / 12 = 15,000. Measured from joining (month 6) both were 0.
  const Guide guide = BundledGuide("hugging-face-enterprise--engineering-manager.md");
  std::string head = kSf;
  head.erase(head.find("signing: 20000\n"), 15);
  const Offer offer = MustReadOffer(head +
                                    "signing: {year1: 0, year2: 30000}\n"
                                    "signing_clawback: {months: 24, basis: full}\n");
  Result<CounterPlan> p = Counter(offer, guide, {}, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE(p->ask_clawback);
  if (p->ask_signing) GTEST_SKIP() << "the plan moved the sign-on; this case needs it unmoved";
  EXPECT_NE(
      p->ask_clawback_formula.find(
          "of the sign-on offered: leaving after 18 months: year 2's sign-on USD 30,000 in full "
          "(until month 36); repayable USD 30,000 on the offered terms, against USD 15,000 "
          "on the asked terms"),
      std::string::npos)
      << p->ask_clawback_formula;
}

TEST(ClawbackCounter, AlsoOnlyAfterAnotherAsk) {
  // At the top of the band with a large sign-on, nothing is asked in pay: the
  // clawback is the only ask, and no "also".
  const Guide guide = BundledGuide("ambertrail-freight--product-manager.md");
  const Offer offer = MustReadOffer(
      "label: Austin above band\ncompany: Ambertrail Freight\nrole: Product Manager\n"
      "region: Austin\ncurrency: USD\ndate: 2025-05-09\nbase: 231000\nbonus: 20%\n"
      "signing: 50000\n"
      "equity: {kind: public_rsu, value: 300000, vesting: 40/30/20/10, years: 4}\n"
      "signing_clawback: {months: 12, basis: full}\n");
  Result<CounterPlan> p = Counter(offer, guide, {}, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_TRUE(p->ask_clawback);
  EXPECT_EQ(p->ask_clawback_script,
            "I'd ask that the signing bonus be repayable pro rata over 12 months rather than in "
            "full.");
  EXPECT_NE(p->message_text.find("would ask for in pay. I'd ask that the signing bonus"),
            std::string::npos)
      << p->message_text;
  EXPECT_EQ(p->message_text.find("also ask"), std::string::npos) << p->message_text;
  // The plan's list of pay levers is empty, and says the clawback is still asked.
  EXPECT_TRUE(p->levers.empty());
  const std::string text = CounterPlanText(*p, false);
  EXPECT_NE(text.find("levers, easiest for the company to grant first:\n  none in pay: the offer "
                      "already meets every pay ask the rules make (the clawback's terms are "
                      "asked above)\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("meets every ask"), std::string::npos) << text;
}

}  // namespace
}  // namespace levers
