// How current a guide's data is, beside every band position: the facts the
// guide states, its review date by `levers check`'s rules and the days it is
// overdue. Every day count is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include "levers/check.h"
#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/reader.h"
#include "test_guides.h"
#include "test_offers.h"

namespace levers {
namespace {

Guide ReadGuideText(const std::string& text) {
  testing::ReadResult r = testing::ReadText(text, "quillon.md");
  EXPECT_TRUE(r.guide);
  return r.guide ? *r.guide : Guide{};
}

using testing::BundledGuide;
using testing::MustReadOffer;

ValuationAssumptions AsOf(std::optional<Date> today) {
  ValuationAssumptions a;
  a.today = today;
  return a;
}

// The bundled Hugging Face Enterprise Engineering Manager guide states
// last_updated 2026-02-23, data_quality high, salary_data_quarter 2025-Q4 and
// next_review_due 2026-05-23.
const char kEmGuide[] = "hugging-face-enterprise--engineering-manager.md";
const char kEmOffer[] =
    "label: HF EM\ncompany: Hugging Face Enterprise\nrole: Engineering Manager\nregion: San "
    "Francisco\ncurrency: USD\ndate: 2025-05-09\nbase: 240000\n";
// The test guide of test_guides.h (Quillon Labs): last_updated 2026-08-01,
// data_quality medium, salary_data_quarter 2026-Q2, next_review_due 2026-11-01.
const char kQuillonOffer[] =
    "company: Quillon Labs\nrole: Software Engineer\nregion: Seattle\ncurrency: USD\nbase: "
    "170000\n";

GuideData DataOf(const Guide& g, const std::string& offer, std::optional<Date> today) {
  auto ev = Evaluate(MustReadOffer(offer), &g, AsOf(today));
  EXPECT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_TRUE(ev.ok() && ev->guide_data);
  return ev.ok() && ev->guide_data ? *ev->guide_data : GuideData{};
}

TEST(GuideData, TheBundledGuidesFactsAndItsOverdueReview) {
  const Guide g = BundledGuide(kEmGuide);
  auto ev = Evaluate(MustReadOffer(kEmOffer), &g, AsOf(Date{2026, 11, 24}));
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  ASSERT_TRUE(ev->guide_data);
  const GuideData& d = *ev->guide_data;
  EXPECT_EQ(d.data_quality, "high");
  EXPECT_EQ(d.salary_data_quarter, "2025-Q4");
  EXPECT_EQ(d.last_updated, (Date{2026, 2, 23}));
  EXPECT_EQ(d.next_review_due, (Date{2026, 5, 23}));
  ASSERT_TRUE(d.review);
  EXPECT_EQ(d.review->basis, GuideReview::Basis::kNextReviewDue);
  EXPECT_EQ(d.review->due, (Date{2026, 5, 23}));
  EXPECT_EQ(d.as_of, (Date{2026, 11, 24}));
  // 2026-05-23 to 2026-11-24: 8 (to May 31) + 30 + 31 + 31 + 30 + 31 + 24 = 185.
  EXPECT_EQ(d.overdue_days, 185);

  const std::string line =
      "guide data: quality high, salaries 2025-Q4, last updated 2026-02-23, review due "
      "2026-05-23 (overdue by 185 days as of 2026-11-24)";
  // Under the band positions, in the text (total comp: 25 + (240,000 −
  // 303,000) / 150,000 × 50 = 4).
  const std::string text = EvaluationText(*ev, false);
  EXPECT_NE(text.find("  total comp (recurring, 4-year average, expected): USD 240,000 is p4 of "
                      "USD 303,000–453,000 (below the band)\n  " +
                      line + "\n"),
            std::string::npos)
      << text;
  EXPECT_NE(EvaluationJson(*ev, false, JsonLayout::kCompact)
                .find(R"("note":null},"guide_data":{"data_quality":"high",)"
                      R"("salary_data_quarter":"2025-Q4","last_updated":"2026-02-23",)"
                      R"("next_review_due":"2026-05-23","review":{"due":"2026-05-23",)"
                      R"("basis":"next_review_due","evidence_date":null,"as_of":"2026-11-24",)"
                      R"("overdue":true,"overdue_days":185}},"conversions":)"),
            std::string::npos)
      << EvaluationJson(*ev, false, JsonLayout::kCompact);
}

// The check's review-overdue rule: a review due today is not overdue, one due
// yesterday is a day overdue.
TEST(GuideData, OverdueFromTheDayAfterTheReviewIsDue) {
  const Guide g = ReadGuideText(testing::CleanGuide());
  GuideData d = DataOf(g, kQuillonOffer, Date{2026, 10, 15});
  EXPECT_EQ(d.overdue_days, 0);
  EXPECT_EQ(GuideDataText(d),
            "quality medium, salaries 2026-Q2, last updated 2026-08-01, review due 2026-11-01 (not "
            "overdue as of 2026-10-15)");
  EXPECT_EQ(DataOf(g, kQuillonOffer, Date{2026, 11, 1}).overdue_days, 0);
  d = DataOf(g, kQuillonOffer, Date{2026, 11, 2});
  EXPECT_EQ(d.overdue_days, 1);
  EXPECT_EQ(GuideDataText(d),
            "quality medium, salaries 2026-Q2, last updated 2026-08-01, review due 2026-11-01 "
            "(overdue by 1 day as of 2026-11-02)");
  // Across a year end and a leap day: 2027-01-05 to 2028-01-05 is 365 days,
  // to 2028-02-05 31 more, to 2028-03-01 25 more (February 2028 has 29 days).
  const Guide later =
      ReadGuideText(testing::Replace(testing::CleanGuide(), "next_review_due: 2026-11-01",
                                     "next_review_due: "
                                     "2027-01-05"));
  EXPECT_EQ(DataOf(later, kQuillonOffer, Date{2028, 3, 1}).overdue_days, 421);
}

// Without a next_review_due the review is due 3 months after last_updated, the
// day clamped to the month's end, exactly when `levers check` says data-stale.
TEST(GuideData, WithoutNextReviewDueTheReviewIsThreeMonthsAfterLastUpdated) {
  std::string text = testing::Replace(testing::CleanGuide(), "next_review_due: 2026-11-01\n", "");
  text = testing::Replace(text, "last_updated: 2026-08-01", "last_updated: 2025-11-30");
  text = testing::Replace(text, "salary_data_quarter: 2026-Q2", "salary_data_quarter: 2025-Q3");
  const Guide g = ReadGuideText(text);
  // 2025-11-30 + 3 months = 2026-02-30, clamped to 2026-02-28; to 2026-03-02
  // is 2 days.
  const GuideData d = DataOf(g, kQuillonOffer, Date{2026, 3, 2});
  ASSERT_TRUE(d.review);
  EXPECT_EQ(d.review->basis, GuideReview::Basis::kLastUpdated);
  EXPECT_EQ(d.review->due, (Date{2026, 2, 28}));
  EXPECT_EQ(d.review->from, (Date{2025, 11, 30}));
  EXPECT_FALSE(d.next_review_due);
  EXPECT_EQ(d.overdue_days, 2);
  EXPECT_EQ(GuideDataText(d),
            "quality medium, salaries 2025-Q3, last updated 2025-11-30, review due 2026-02-28 "
            "(none stated: 3 months after last updated; overdue by 2 days as of 2026-03-02)");
  // The same dates as the check's data-stale: not on 2026-02-28, from 2026-03-01.
  for (const auto& [today, overdue] :
       {std::pair{Date{2026, 2, 28}, false}, {Date{2026, 3, 1}, true}}) {
    EXPECT_EQ(DataOf(g, kQuillonOffer, today).overdue_days > 0, overdue) << today.ToString();
    const testing::ReadResult checked = testing::ReadAndCheckText(text, today);
    EXPECT_EQ(testing::Findings(checked, "data-stale").size(), overdue ? 1u : 0u)
        << today.ToString();
  }
}

// A next_review_due the reader refused is not absent to the check (its
// date-invalid error stands, and no review date is made up); without the
// reader's findings, the offer engine sees none stated and takes last_updated's.
TEST(GuideData, ARefusedNextReviewDueMakesUpNoReviewDateForTheCheck) {
  const std::string text = testing::Replace(testing::CleanGuide(), "next_review_due: 2026-11-01",
                                            "next_review_due: 2026-13-01");
  const testing::ReadResult read = testing::ReadText(text);
  ASSERT_TRUE(read.guide);
  bool refused_seen = false;
  auto refused = [&](std::string_view key) {
    for (const Diagnostic& d : read.sink.diagnostics()) {
      if (d.path == key) refused_seen = true;
    }
    return refused_seen;
  };
  EXPECT_FALSE(FindGuideReview(*read.guide, refused));
  EXPECT_TRUE(refused_seen);
  const std::optional<GuideReview> unrefused = FindGuideReview(*read.guide);
  ASSERT_TRUE(unrefused);
  EXPECT_EQ(unrefused->basis, GuideReview::Basis::kLastUpdated);
  EXPECT_EQ(unrefused->due, (Date{2026, 11, 1}));  // 2026-08-01 + 3 months
  // (With a salary_data_quarter still current on that day: an older one is
  // data-stale whatever the review dates.)
  const testing::ReadResult checked = testing::ReadAndCheckText(
      testing::Replace(text, "salary_data_quarter: 2026-Q2", "salary_data_quarter: 2026-Q3"),
      Date{2027, 1, 1});
  EXPECT_TRUE(testing::Findings(checked, "data-stale").empty());
}

// A guide without front matter states no dates; its evidence list dates its
// data ("(2026)"), from which `levers check` takes a review 3 months on.
TEST(GuideData, ABodyOnlyGuideIsDatedByItsEvidence) {
  const Guide g = BundledGuide("glimmerfen-health--data-scientist.md");
  auto ev = Evaluate(MustReadOffer("company: Glimmerfen Health\nrole: Data Scientist\nregion: "
                                   "Berlin\ncurrency: EUR\nbase: 95000\n"),
                     &g, AsOf(Date{2026, 11, 24}));
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  ASSERT_TRUE(ev->guide_data);
  const GuideData& d = *ev->guide_data;
  EXPECT_EQ(d.data_quality, "");
  EXPECT_EQ(d.salary_data_quarter, "");
  EXPECT_FALSE(d.last_updated);
  EXPECT_FALSE(d.next_review_due);
  ASSERT_TRUE(d.review);
  EXPECT_EQ(d.review->basis, GuideReview::Basis::kEvidence);
  EXPECT_EQ(d.review->evidence_text, "2026");
  EXPECT_EQ(d.review->due, (Date{2026, 4, 1}));
  // 2026-04-01 to 2026-11-24: 30 + 31 + 30 + 31 + 31 + 30 + 31 (to 11-01) + 23 = 237.
  EXPECT_EQ(d.overdue_days, 237);
  EXPECT_NE(EvaluationText(*ev, false)
                .find("  guide data: no dates stated; review due 2026-04-01 (none stated: 3 "
                      "months after 2026-01-01, the start of the evidence's date 2026; overdue by "
                      "237 days as of 2026-11-24)\n"),
            std::string::npos);
  EXPECT_NE(EvaluationJson(*ev, false, JsonLayout::kCompact)
                .find(R"("guide_data":{"data_quality":null,"salary_data_quarter":null,)"
                      R"("last_updated":null,"next_review_due":null,"review":{"due":"2026-04-01",)"
                      R"("basis":"evidence","evidence_date":"2026","as_of":"2026-11-24",)"
                      R"("overdue":true,"overdue_days":237}})"),
            std::string::npos);
  // The check says the same guide is stale on that day.
  Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                                        "/data/guides/glimmerfen-health--data-scientist.md");
  ASSERT_TRUE(f.ok());
  const testing::ReadResult checked =
      testing::ReadAndCheckText(std::string(f->text()), Date{2026, 11, 24});
  EXPECT_EQ(testing::Findings(checked, "data-stale").size(), 1u);
}

// A guide that dates nothing: no front matter, and no date in its evidence.
TEST(GuideData, AGuideThatDatesNothingSaysSo) {
  Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) +
                                        "/data/guides/glimmerfen-health--data-scientist.md");
  ASSERT_TRUE(f.ok());
  std::string text(f->text());
  for (size_t at; (at = text.find(" (2026)")) != std::string::npos;) text.erase(at, 7);
  const Guide g = ReadGuideText(text);
  const GuideData d = DataOf(g,
                             "company: Glimmerfen Health\nrole: Data Scientist\nregion: "
                             "Berlin\ncurrency: EUR\nbase: 95000\n",
                             Date{2026, 11, 24});
  EXPECT_FALSE(d.review);
  EXPECT_FALSE(d.overdue_days);
  EXPECT_EQ(GuideDataText(d), "no dates stated");
  // Quality stated, no date.
  GuideData quality_only = d;
  quality_only.data_quality = "low";
  EXPECT_EQ(GuideDataText(quality_only), "quality low, no dates stated");
}

// Without a date to judge by, the review date is given and nothing is judged.
TEST(GuideData, WithoutTodayTheReviewIsNotJudged) {
  const Guide g = BundledGuide(kEmGuide);
  auto ev = Evaluate(MustReadOffer(kEmOffer), &g, AsOf(std::nullopt));
  ASSERT_TRUE(ev.ok() && ev->guide_data);
  EXPECT_FALSE(ev->guide_data->as_of);
  EXPECT_FALSE(ev->guide_data->overdue_days);
  EXPECT_EQ(GuideDataText(*ev->guide_data),
            "quality high, salaries 2025-Q4, last updated 2026-02-23, review due 2026-05-23");
  EXPECT_NE(EvaluationJson(*ev, false, JsonLayout::kCompact)
                .find(R"("as_of":null,"overdue":null,"overdue_days":null}})"),
            std::string::npos);
}

// Without a guide there are no guide data; with one but no band position, the
// data are still said, under the reason.
TEST(GuideData, OnlyWithAGuideAndAlsoWithoutABandPosition) {
  auto none = Evaluate(MustReadOffer(kEmOffer), nullptr, AsOf(Date{2026, 11, 24}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->guide_data);
  EXPECT_NE(EvaluationJson(*none, false, JsonLayout::kCompact).find(R"("guide_data":null,)"),
            std::string::npos);
  EXPECT_EQ(EvaluationText(*none, false).find("guide data"), std::string::npos);

  const Guide g = BundledGuide(kEmGuide);
  auto no_region = Evaluate(MustReadOffer("company: Hugging Face Enterprise\nrole: Engineering "
                                          "Manager\ncurrency: USD\nbase: 240000\n"),
                            &g, AsOf(Date{2026, 5, 24}));
  ASSERT_TRUE(no_region.ok());
  EXPECT_TRUE(no_region->positions.empty());
  EXPECT_NE(EvaluationText(*no_region, false)
                .find("\nno band position: the offer names no region; the Engineering Manager "
                      "guide's regions: San Francisco, New York, Paris\n  guide data: quality "
                      "high, salaries 2025-Q4, last updated 2026-02-23, review due 2026-05-23 "
                      "(overdue by 1 day as of 2026-05-24)\n"),
            std::string::npos)
      << EvaluationText(*no_region, false);
}

// Compare places each offer in its guide's band with the guide's data; the
// counter plan's evaluation carries them and its text says them near the top,
// while the message to the recruiter does not change.
TEST(GuideData, CompareAndCounterCarryTheGuidesData) {
  const Guide em = BundledGuide(kEmGuide);
  const Guide quillon = ReadGuideText(testing::CleanGuide());
  const std::vector<const Guide*> guides = {&em, &quillon};
  const ValuationAssumptions a = AsOf(Date{2026, 11, 24});
  auto c = Compare({MustReadOffer(kEmOffer), MustReadOffer(kQuillonOffer)}, "USD",
                   RankBy::kFourYearAverage, a, &guides);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->offers[0].guide_data && c->offers[1].guide_data);
  EXPECT_EQ(c->offers[0].guide_data->overdue_days, 185);
  // 2026-11-01 to 2026-11-24: 23 days.
  EXPECT_EQ(c->offers[1].guide_data->overdue_days, 23);
  const std::string text = ComparisonText(*c, false);
  EXPECT_NE(text.find("    guide data: quality medium, salaries 2026-Q2, last updated 2026-08-01, "
                      "review due 2026-11-01 (overdue by 23 days as of 2026-11-24)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(ComparisonJson(*c, false, JsonLayout::kCompact).find(R"("overdue_days":23}})"),
            std::string::npos);

  const Offer other = MustReadOffer(kQuillonOffer);
  auto plan = Counter(MustReadOffer(kEmOffer), em, {other}, a);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->offer.guide_data);
  EXPECT_EQ(plan->offer.guide_data->overdue_days, 185);
  const std::string plan_text = CounterPlanText(*plan, false);
  EXPECT_EQ(plan_text.substr(0, plan_text.find("\n\n")),
            "counter plan for HF EM (San Francisco band)\nguide data: quality high, salaries "
            "2025-Q4, last updated 2026-02-23, review due 2026-05-23 (overdue by 185 days as of "
            "2026-11-24)");
  EXPECT_NE(CounterPlanJson(*plan, false, JsonLayout::kCompact).find(R"("overdue_days":185}})"),
            std::string::npos);
  // The message is the same whatever the date, and says nothing of it.
  auto undated = Counter(MustReadOffer(kEmOffer), em, {other}, AsOf(std::nullopt));
  ASSERT_TRUE(undated.ok());
  EXPECT_EQ(plan->message_text, undated->message_text);
  EXPECT_EQ(plan->message_markdown, undated->message_markdown);
  EXPECT_EQ(plan->message_text.find("2026-05-23"), std::string::npos);
}

}  // namespace
}  // namespace levers
