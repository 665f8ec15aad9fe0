#include "levers/edit_distance.h"

#include <gtest/gtest.h>

#include <string_view>

namespace levers {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("seattle", "seattle"), 0u);
  EXPECT_EQ(EditDistance("seatle", "seattle"), 1u);
  EXPECT_EQ(EditDistance("pro-rata", "pro_rata"), 1u);
  EXPECT_EQ(EditDistance("", "full"), 4u);
}

// The suggestion of a "did you mean": the nearest candidate strictly below
// the limit, the first on a tie, none when nothing is that close.
TEST(NearestName, TheClosestCandidateBelowTheLimit) {
  constexpr std::string_view kBases[] = {"full", "pro_rata"};
  EXPECT_EQ(NearestName("prorata", kBases, 4), std::optional<size_t>(1));
  EXPECT_EQ(NearestName("ful", kBases, 4), std::optional<size_t>(0));
  EXPECT_EQ(NearestName("monthly", kBases, 4), std::nullopt);
  // A distance equal to the limit is not below it.
  EXPECT_EQ(NearestName("fuxxx", kBases, 3), std::nullopt);
  EXPECT_EQ(NearestName("fuxxx", kBases, 4), std::optional<size_t>(0));
  constexpr std::string_view kTied[] = {"bat", "cat"};
  EXPECT_EQ(NearestName("at", kTied, 4), std::optional<size_t>(0));
  EXPECT_EQ(NearestName("x", {}, 4), std::nullopt);
}

}  // namespace
}  // namespace levers
