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

}  // namespace
}  // namespace levers
