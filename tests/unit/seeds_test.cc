// Conformance on the reference guides in ../shared/seeds (skipped where that
// folder is absent) and the round trip on every seed and bundled guide.
#include <gtest/gtest.h>

#include <filesystem>

#include "levers/check.h"
#include "levers/corpus.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "test_guides.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

const fs::path kSeeds = fs::path(LEVERS_SHARED_DIR) / "seeds";

struct Band {
  const char* region;
  const char* currency;
  int64_t base_low, base_high, stock_low, stock_high;
  int bonus_low, bonus_high;  // percent
  int64_t tc_low, tc_high;
};
struct Offer {
  const char* company;
  const char* level;
  int64_t base, equity;
};
struct Seed {
  const char* file;
  bool front_matter;
  const char* company;
  const char* role;
  std::vector<Band> bands;
  std::vector<Offer> offers;
  int64_t ask_base, ask_equity, ask_signing;
  int ask_year_one_pct;  // 0: not stated
  int64_t ask_refresh;   // 0: not stated
  int64_t floor;
  std::optional<int> front_matter_bonus;
};

// The figures the reference guides state (facts, transcribed by hand).
const std::vector<Seed>& Seeds() {
  static const std::vector<Seed> kSeedFacts = {
      {"000_299306201dd15933.md",
       true,
       "huggingface-enterprise",
       "engineering-manager",
       {{"San Francisco", "USD", 220000, 275000, 220000, 390000, 10, 15, 303000, 453000},
        {"New York", "USD", 215000, 270000, 220000, 390000, 10, 15, 298000, 443000},
        {"Paris", "EUR", 187000, 234000, 187000, 332000, 10, 15, 258000, 386000}},
       {{"Google", "L6 EM", 268000, 430000}, {"Databricks", "EM", 260000, 400000}},
       270000,
       380000,
       40000,
       30,
       0,
       250000,
       10},
      {"001_e3ecedd18a9aef0a.md",
       false,
       "hugging-face-enterprise",
       "software-engineer",
       {{"San Francisco", "USD", 170000, 220000, 140000, 250000, 5, 10, 223000, 315000},
        {"New York", "USD", 165000, 215000, 140000, 250000, 5, 10, 218000, 308000},
        {"Paris", "EUR", 145000, 188000, 120000, 213000, 5, 10, 190000, 268000}},
       {{"Google", "L4", 210000, 260000}, {"Anthropic", "", 215000, 250000}},
       215000,
       242000,
       25000,
       0,
       0,
       200000,
       std::nullopt},
      {"002_33726b3c20f1c5b9.md",
       true,
       "huggingface-enterprise",
       "ml-ai-engineer",
       {{"San Francisco", "USD", 200000, 260000, 180000, 320000, 5, 15, 273000, 405000},
        {"New York", "USD", 195000, 255000, 180000, 320000, 5, 15, 268000, 398000},
        {"Paris", "EUR", 170000, 222000, 153000, 272000, 5, 15, 232000, 345000}},
       {{"OpenAI", "", 245000, 360000}, {"Anthropic", "", 238000, 310000}},
       255000,
       310000,
       35000,
       0,
       0,
       235000,
       5},
      {"003_0fa1dfe97ae109c6.md",
       false,
       "hugging-face-enterprise",
       "staff-software-engineer",
       {{"San Francisco", "USD", 245000, 305000, 320000, 520000, 10, 15, 380000, 560000},
        {"New York", "USD", 240000, 300000, 320000, 520000, 10, 15, 375000, 553000},
        {"Paris", "EUR", 209000, 260000, 272000, 442000, 10, 15, 323000, 478000}},
       {{"Google", "L6", 285000, 530000}, {"Meta", "E6", 290000, 500000}},
       300000,
       505000,
       60000,
       35,
       140000,
       275000,
       std::nullopt},
      {"004_cc023e67b7fb1da4.md",
       false,
       "hugging-face-enterprise",
       "technical-program-manager",
       {{"San Francisco", "USD", 170000, 220000, 120000, 225000, 10, 15, 230000, 313000},
        {"New York", "USD", 165000, 215000, 120000, 225000, 10, 15, 225000, 305000},
        {"Paris", "EUR", 145000, 187000, 102000, 191000, 10, 15, 196000, 266000}},
       {{"GitHub", "TPM", 215000, 260000}, {"Google", "L5 TPM", 210000, 250000}},
       215000,
       220000,
       25000,
       0,
       0,
       200000,
       std::nullopt},
  };
  return kSeedFacts;
}

int64_t Major(const Field<Money>& m) {
  EXPECT_TRUE(m.has());
  return m.has() ? m->minor / MinorPerMajor(m->currency) : -1;
}

class SeedConformance : public ::testing::TestWithParam<size_t> {};

TEST_P(SeedConformance, EveryStatedFigureIsRead) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << kSeeds << " is absent";
  const Seed& s = Seeds()[GetParam()];
  auto file = LoadSourceFile((kSeeds / s.file).string());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  DiagnosticSink sink;
  std::optional<Guide> g = ReadGuide(*file, sink);
  ASSERT_TRUE(g);
  CheckOptions o;
  o.today = Date{2026, 11, 23};
  CheckGuide(*g, o, sink);
  EXPECT_EQ(sink.error_count(), 0u) << "a reference guide must produce no errors";
  EXPECT_EQ(g->has_front_matter, s.front_matter);
  EXPECT_EQ(*g->company, s.company);
  EXPECT_EQ(*g->role, s.role);
  EXPECT_EQ(*g->company_display, "Hugging Face Enterprise");

  std::vector<ResolvedBand> bands = ResolveCompensation(*g);
  ASSERT_EQ(bands.size(), s.bands.size());
  for (size_t i = 0; i < bands.size(); ++i) {
    const CompBand& b = bands[i].band;
    const Band& e = s.bands[i];
    SCOPED_TRACE(e.region);
    EXPECT_EQ(*b.region, e.region);
    EXPECT_EQ(*b.currency, e.currency);
    EXPECT_EQ(Major(b.base_low), e.base_low);
    EXPECT_EQ(Major(b.base_high), e.base_high);
    EXPECT_EQ(Major(b.stock_low), e.stock_low);
    EXPECT_EQ(Major(b.stock_high), e.stock_high);
    EXPECT_EQ(b.stock_vesting_years, 4);
    EXPECT_EQ(b.bonus_pct_low->basis_points, e.bonus_low * 100);
    EXPECT_EQ(b.bonus_pct_high->basis_points, e.bonus_high * 100);
    EXPECT_EQ(Major(b.total_comp_low), e.tc_low);
    EXPECT_EQ(Major(b.total_comp_high), e.tc_high);
    EXPECT_EQ(bands[i].from_front_matter, s.front_matter);
    EXPECT_TRUE(bands[i].from_table);
    EXPECT_EQ(bands[i].bonus_pct_stated.has_value(), s.front_matter_bonus.has_value());
    if (s.front_matter_bonus) {
      EXPECT_EQ(bands[i].bonus_pct_stated->basis_points, *s.front_matter_bonus * 100);
    }
    // Every amount in a guide's row is in the row's currency.
    EXPECT_EQ(b.base_low->currency, e.currency);
    EXPECT_EQ(b.total_comp_high->currency, e.currency);
  }
  const Strategy& st = g->strategy;
  ASSERT_EQ(st.competing_offers.size(), s.offers.size());
  for (size_t i = 0; i < s.offers.size(); ++i) {
    EXPECT_EQ(st.competing_offers[i].company, s.offers[i].company);
    EXPECT_EQ(st.competing_offers[i].level, s.offers[i].level);
    EXPECT_EQ(Major(st.competing_offers[i].base), s.offers[i].base);
    EXPECT_EQ(Major(st.competing_offers[i].equity), s.offers[i].equity);
  }
  EXPECT_EQ(Major(st.ask.base), s.ask_base);
  EXPECT_EQ(Major(st.ask.equity), s.ask_equity);
  EXPECT_EQ(Major(st.ask.signing_bonus), s.ask_signing);
  EXPECT_EQ(st.ask.year_one_vesting_pct.has(), s.ask_year_one_pct != 0);
  if (s.ask_year_one_pct) {
    EXPECT_EQ(st.ask.year_one_vesting_pct->basis_points, s.ask_year_one_pct * 100);
  }
  EXPECT_EQ(st.ask.refresh_per_year.has(), s.ask_refresh != 0);
  if (s.ask_refresh) {
    EXPECT_EQ(Major(st.ask.refresh_per_year), s.ask_refresh);
  }
  EXPECT_EQ(Major(st.floor), s.floor);
  EXPECT_EQ(st.ask.base->currency, "USD");
  EXPECT_EQ(g->levers.size(), 4u);
  EXPECT_GE(g->evidence.size(), 3u);
  EXPECT_EQ(ResolveLevelMapping(*g).equivalents.size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(ReferenceGuides, SeedConformance, ::testing::Range<size_t>(0, 5));

TEST(SeedFindings, TheKnownInconsistenciesAreFound) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << kSeeds << " is absent";
  auto paths = CollectGuidePaths({kSeeds.string()});
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 5u);  // README.md is not a guide
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  std::vector<CheckedGuide> guides = ReadAndCheck(*paths, o);
  size_t overdue = 0;
  bool em_sf_high = false;
  for (const CheckedGuide& c : guides) {
    EXPECT_EQ(c.findings.error_count(), 0u) << c.path;
    for (const Diagnostic& d : c.findings.diagnostics()) {
      if (d.code == "review-overdue") ++overdue;
      if (d.code == "total-comp-mismatch" && c.path.ends_with("000_299306201dd15933.md") &&
          d.path == "compensation[0].total_comp_high") {
        em_sf_high = true;
        EXPECT_NE(d.message.find("USD 453,000 is 9.49% above the USD 413,750"), std::string::npos)
            << d.message;
      }
    }
  }
  EXPECT_EQ(overdue, 2u);  // the two guides with a next_review_due
  EXPECT_TRUE(em_sf_high);
}

// read -> canonical Markdown -> read gives the same model; canonical is a fixed point.
void ExpectRoundTrip(const fs::path& path) {
  SCOPED_TRACE(path.string());
  auto file = LoadSourceFile(path.string());
  ASSERT_TRUE(file.ok());
  DiagnosticSink s1;
  std::optional<Guide> g1 = ReadGuide(*file, s1);
  ASSERT_TRUE(g1);
  JsonOptions jo;
  jo.include_path = false;
  jo.include_provenance =
      false;  // where a figure was stated changes: a body-only guide gains front matter
  const std::string md1 = RenderCanonicalMarkdown(*g1, *file);
  SourceFile canonical(path.string() + ".canonical", md1);
  DiagnosticSink s2;
  std::optional<Guide> g2 = ReadGuide(canonical, s2);
  ASSERT_TRUE(g2);
  EXPECT_TRUE(g2->has_front_matter);
  EXPECT_EQ(RenderGuideJson(*g1, jo), RenderGuideJson(*g2, jo));
  EXPECT_EQ(RenderCanonicalMarkdown(*g2, canonical), md1);
  EXPECT_EQ(s2.error_count(), s1.error_count());
  // Keys levers does not model come back too, and the canonical file keeps them byte for byte.
  EXPECT_EQ(testing::KeptKeys(*g1), testing::KeptKeys(*g2));
  DiagnosticSink s3;
  SourceFile again(path.string() + ".again", RenderCanonicalMarkdown(*g2, canonical));
  std::optional<Guide> g3 = ReadGuide(again, s3);
  ASSERT_TRUE(g3);
  ASSERT_EQ(g3->front_matter_extra.size(), g2->front_matter_extra.size());
  for (size_t i = 0; i < g2->front_matter_extra.size(); ++i) {
    EXPECT_EQ(g3->front_matter_extra[i].text, g2->front_matter_extra[i].text);
  }
}

TEST(RoundTrip, EverySeed) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << kSeeds << " is absent";
  for (const auto& e : fs::directory_iterator(kSeeds)) {
    if (e.path().filename() != "README.md") ExpectRoundTrip(e.path());
  }
}

TEST(RoundTrip, EveryBundledGuide) {
  const fs::path dir = fs::path(LEVERS_SOURCE_DIR) / "data" / "guides";
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ExpectRoundTrip(e.path());
    ++n;
  }
  EXPECT_GE(n, 10u);
}

TEST(BundledCorpus, HasNoErrorsAndEveryAmountForm) {
  auto paths = CollectGuidePaths({(fs::path(LEVERS_SOURCE_DIR) / "data" / "guides").string()});
  ASSERT_TRUE(paths.ok());
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  std::set<std::string> currencies;
  for (const CheckedGuide& c : ReadAndCheck(*paths, o)) {
    EXPECT_EQ(c.findings.error_count(), 0u) << FormatFindingsText(c);
    ASSERT_TRUE(c.guide);
    for (const ResolvedBand& b : ResolveCompensation(*c.guide)) currencies.insert(*b.band.currency);
  }
  EXPECT_EQ(currencies, (std::set<std::string>{"CAD", "EUR", "GBP", "HKD", "INR", "SGD", "USD"}));
}

}  // namespace
}  // namespace levers
