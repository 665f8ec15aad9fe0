#include "levers/date.h"

#include <gtest/gtest.h>

namespace levers {
namespace {

TEST(ParseIsoDate, ValidDates) {
  DateParse d = ParseIsoDate("2026-02-23");
  ASSERT_TRUE(d.date);
  EXPECT_EQ(*d.date, (Date{2026, 2, 23}));
  EXPECT_TRUE(ParseIsoDate("2024-02-29").date);  // leap year
  EXPECT_TRUE(ParseIsoDate("2000-02-29").date);  // divisible by 400
}

TEST(ParseIsoDate, ImpossibleDatesSayWhy) {
  EXPECT_FALSE(ParseIsoDate("2026-02-29").date);
  EXPECT_FALSE(ParseIsoDate("1900-02-29").date);  // divisible by 100, not 400
  EXPECT_EQ(ParseIsoDate("2026-02-30").error, "2026-02-30 does not exist (28 days in that month)");
  EXPECT_EQ(ParseIsoDate("2026-13-01").error, "month 13 does not exist");
  EXPECT_FALSE(ParseIsoDate("2026-04-31").date);
  EXPECT_FALSE(ParseIsoDate("26-02-23").date);
  EXPECT_FALSE(ParseIsoDate("2026/02/23").date);
  EXPECT_FALSE(ParseIsoDate("2026-02-23T00:00").date);
}

TEST(Date, DaysSinceEpochAndOrder) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{2026, 11, 23}).DaysSinceEpoch() - (Date{2026, 5, 23}).DaysSinceEpoch(), 184);
  EXPECT_LT((Date{2026, 5, 23}), (Date{2026, 11, 23}));
  EXPECT_EQ((Date{2026, 5, 3}).ToString(), "2026-05-03");
}

TEST(Date, QuarterIndexCountsCalendarQuarters) {
  // Each month to its quarter: Jan-Mar Q1, Apr-Jun Q2, Jul-Sep Q3, Oct-Dec Q4.
  const int base = (Date{2021, 1, 1}).QuarterIndex();
  EXPECT_EQ(base, 2021 * 4);
  const int quarter_of_month[12] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ((Date{2021, m, 15}).QuarterIndex() - base, quarter_of_month[m - 1]) << "month " << m;
  }
  // The first and last days of a quarter are in it.
  EXPECT_EQ((Date{2021, 3, 31}).QuarterIndex(), (Date{2021, 1, 1}).QuarterIndex());
  EXPECT_EQ((Date{2021, 4, 1}).QuarterIndex() - (Date{2021, 3, 31}).QuarterIndex(), 1);
  // Across a year boundary: one day apart is one quarter apart; a whole year is four.
  EXPECT_EQ((Date{2022, 1, 1}).QuarterIndex() - (Date{2021, 12, 31}).QuarterIndex(), 1);
  EXPECT_EQ((Date{2022, 10, 1}).QuarterIndex() - (Date{2021, 12, 31}).QuarterIndex(), 4);
  // Levels.fyi's newest row (2021-08-17, Q3) to 2026-11-25 (Q4): 21 quarters.
  EXPECT_EQ((Date{2026, 11, 25}).QuarterIndex() - (Date{2021, 8, 17}).QuarterIndex(), 21);
}

}  // namespace
}  // namespace levers
