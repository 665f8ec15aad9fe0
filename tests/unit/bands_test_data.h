// Salary rows written for the band builder's unit tests: the options they are
// read with, building a BandSet from CSV text, the tests/bands fixtures and the
// rejected rows by line. Header-only; every function reads or builds values and
// keeps no state, so tests may call them from any thread.
#ifndef LEVERS_TESTS_UNIT_BANDS_TEST_DATA_H_
#define LEVERS_TESTS_UNIT_BANDS_TEST_DATA_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/bands.h"

namespace levers::bands_testing {

// The header of the Levels.fyi export, with its line break.
inline constexpr std::string_view kLevelsFyiHeader =
    "company,title,level,location,timestamp,basesalary,stockgrantvalue,bonus,"
    "totalyearlycompensation\n";

// Every row up to 2021-12-31, groups of one row reported, no outliers
// removed, grouped as BandsOptions does by default.
inline BandsOptions TestOptions() {
  BandsOptions o;
  o.as_of = Date{2021, 12, 31};
  o.min_n = 1;
  o.outliers = OutlierMethod::kNone;
  return o;
}

// The same grouped by `by`.
inline BandsOptions TestOptions(std::vector<BandDimension> by) {
  BandsOptions o = TestOptions();
  o.by = std::move(by);
  return o;
}

// The bands of `text` (named "t.csv") read with mapping `m`; a failure is a
// test failure and gives an empty BandSet.
inline BandSet MustBuild(std::string_view text, const ColumnMapping& m, const BandsOptions& o) {
  Result<BandSet> b = BuildBandsFromText(text, "t.csv", m, o);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? std::move(b).value() : BandSet{};
}

// The same with the mapping given as --map text ("company=c,base=b").
inline BandSet MustBuild(std::string_view text, std::string_view map, const BandsOptions& o) {
  Result<ColumnMapping> m = ParseColumnMapping(map);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? MustBuild(text, *m, o) : BandSet{};
}

// The same for the Levels.fyi layout.
inline BandSet MustBuildLevelsFyi(std::string_view text, const BandsOptions& o) {
  return MustBuild(text, LevelsFyiMapping(), o);
}

// tests/bands/<name>, whole; empty (and a test failure) when unreadable.
inline std::string Fixture(const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(LEVERS_SOURCE_DIR) / "tests" / "bands" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Each rejected row's line -> "code column: reason".
inline std::map<uint64_t, std::string> Rejects(const BandSet& b) {
  std::map<uint64_t, std::string> out;
  for (const RejectedRow& r : b.ledger.rejects)
    out[r.line] = r.code + " " + r.column + ": " + r.reason;
  return out;
}

// Each rejected row's line -> its code.
inline std::map<uint64_t, std::string> RejectCodes(const BandSet& b) {
  std::map<uint64_t, std::string> out;
  for (const RejectedRow& r : b.ledger.rejects) out[r.line] = r.code;
  return out;
}

}  // namespace levers::bands_testing

#endif  // LEVERS_TESTS_UNIT_BANDS_TEST_DATA_H_
