// One suite, every store: each test runs against memory:, sqlite: and (when
// LEVERS_TEST_PG_URL names a server) postgresql://, and asserts exact answers
// worked out by hand from the snapshot below.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "levers/store.h"
#include "store/store_contents.h"
#include "store/test_databases.h"

// Filters are written with designated initializers; GCC 12 warns about every
// member they leave at its default, which is the point of them.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace levers {
namespace {

using testing::ReadContents;
using testing::StoreContents;
using testing::TestDatabase;

StoredBand Band(std::string guide, int pos, std::string company, std::string role,
                std::string region, std::string currency, int64_t base_low, int64_t base_high) {
  StoredBand b;
  b.guide_id = std::move(guide);
  b.position = pos;
  b.company = std::move(company);
  b.role = std::move(role);
  b.region = std::move(region);
  b.currency = std::move(currency);
  b.base_low = base_low;
  b.base_high = base_high;
  return b;
}

GuideRecord Record(std::string id, std::string company, std::string company_display,
                   std::string role, std::string role_display, std::string last_updated,
                   std::string next_review_due, std::vector<std::string> regions) {
  GuideRecord r;
  GuideSummary& s = r.summary;
  s.id = std::move(id);
  s.path = "guides/" + s.id + ".md";
  s.company = std::move(company);
  s.company_display = std::move(company_display);
  s.role = std::move(role);
  s.role_display = std::move(role_display);
  s.role_type = "engineering";
  s.last_updated = std::move(last_updated);
  s.next_review_due = std::move(next_review_due);
  s.data_quality = "high";
  s.salary_data_quarter = "2026-Q1";
  s.regions = std::move(regions);
  r.source = "---\ncompany: " + s.company + "\n---\n# " + s.id + "\n";
  r.json = "{\"id\":\"" + s.id + "\"}";
  return r;
}

// Five guides. Their orders by every sort key are worked out in the tests.
CorpusSnapshot Sample() {
  CorpusSnapshot s;
  s.imported_at = "2026-11-23T10:00:00Z";
  s.source_dir = "guides";
  s.guides.push_back(Record("acme/swe", "acme", "Acme Corp", "software-engineer",
                            "Software Engineer", "2026-01-15", "2026-04-15",
                            {"San Francisco Bay Area", "London"}));
  s.guides.back().summary.warnings = 1;
  // Any byte at all in a source: NUL, a lone 0xFF, CR LF, a NUL at the end.
  s.guides.back().source = std::string("---\r\nbody\0with NUL \xff and \xc3\xa9\r\n", 30);
  s.guides.push_back(Record("acme/em", "acme", "Acme Corp", "engineering-manager",
                            "Engineering Manager", "2026-03-01", "2026-06-01", {"London"}));
  s.guides.back().summary.errors = 2;
  s.guides.push_back(Record("oreilly-swe", "oreilly", "O'Reilly Media", "software-engineer",
                            "Software Engineer", "", "2026-02-01", {"New York"}));
  s.guides.push_back(Record("pct_co", "hundred-pct", "100% Under_score Co", "data-scientist",
                            "Data Scientist", "2025-12-31", "", {"Z\xc3\xbcrich"}));
  s.guides.back().summary.role_type = "";
  s.guides.back().summary.data_quality = "";
  s.guides.push_back(Record("zeta", "zeta", "Zeta", "software-engineer", "Software Engineer",
                            "2026-01-15", "2026-04-15", {}));

  StoredBand sf = Band("acme/swe", 0, "acme", "software-engineer", "San Francisco Bay Area", "USD",
                       18'000'000, 22'000'000);
  sf.stock_low = 40'000'000;
  sf.stock_high = 60'000'000;
  sf.bonus_pct_low_bp = 1000;
  sf.bonus_pct_high_bp = 1500;
  sf.total_comp_low = 29'800'000;
  sf.total_comp_high = 40'300'000;
  s.bands.push_back(sf);
  s.bands.push_back(
      Band("acme/swe", 1, "acme", "software-engineer", "London", "GBP", 9'500'000, 12'000'000));
  s.bands.push_back(
      Band("acme/em", 0, "acme", "engineering-manager", "London", "GBP", 13'000'000, 16'000'000));
  StoredBand ny =
      Band("oreilly-swe", 0, "oreilly", "software-engineer", "New York", "USD", 15'000'000, 0);
  ny.base_high.reset();
  ny.stock_vesting_years = 3;
  s.bands.push_back(ny);
  s.bands.push_back(Band("pct_co", 0, "hundred-pct", "data-scientist", "Z\xc3\xbcrich", "CHF",
                         14'000'000, 17'500'000));

  s.levers.push_back({"acme/swe", 0, "Signing bonus", "Ask for a $30K signing bonus."});
  s.levers.push_back({"acme/swe", 1, "Refresh", "Ask for a yearly refresh; it's \"standard\"."});
  s.levers.push_back({"zeta", 0, "Level", "Ask for L5."});
  StoredStrategy st;
  st.guide_id = "acme/swe";
  st.text = "Lead with the competing offer.";
  st.floor = Money{20'000'000, "USD"};
  s.strategies.push_back(st);
  s.strategies.push_back({"zeta", "Hold at the band top.", std::nullopt});
  s.level_equivalences.push_back({"acme/swe", 0, "Acme SWE II", "Acme", "SWE", "II", "II"});
  s.level_equivalences.push_back({"acme/swe", 1, "Google L4", "Google", "", "L4", "L4"});

  s.findings.push_back(
      {"acme/swe", 0, "review-overdue", "warning", 9, 18, "next_review_due", "review is overdue"});
  s.findings.push_back({"acme/em", 0, "range-order", "error", 14, 5, "compensation[0].base_low",
                        "base_low 275000 is above base_high 220000"});
  s.findings.push_back({"acme/em", 1, "currency-mismatch", "error", 20, 3,
                        "compensation[0].currency", "GBP in front matter, EUR in the table"});
  s.findings.push_back({"broken", 0, "empty-file", "error", 0, 0, "", "the file is empty"});
  return s;
}

// A different corpus: one guide kept (changed), the others gone.
CorpusSnapshot Other() {
  CorpusSnapshot s;
  s.imported_at = "2026-11-24T08:30:00Z";
  s.source_dir = "other";
  s.guides.push_back(Record("zeta", "zeta", "Zeta", "software-engineer", "Software Engineer",
                            "2026-05-01", "2026-08-01", {"Berlin"}));
  s.bands.push_back(
      Band("zeta", 0, "zeta", "software-engineer", "Berlin", "EUR", 8'000'000, 9'500'000));
  s.findings.push_back({"zeta", 0, "missing-section", "note", 1, 1, "", "no evidence section"});
  return s;
}

std::vector<std::string> Ids(const GuidePage& page) {
  std::vector<std::string> ids;
  for (const GuideSummary& s : page.items) ids.push_back(s.id);
  return ids;
}

class StoreConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = testing::MakeTestDatabase(GetParam());
    if (!db_) GTEST_SKIP() << testing::SkipReason(GetParam());
    auto s = OpenStore(db_->url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  void Import(const CorpusSnapshot& s) {
    Status st = store_->ReplaceCorpus(s);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  GuidePage List(GuideQuery q) {
    auto page = store_->ListGuides(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : GuidePage{};
  }
  std::vector<std::string> ListIds(GuideQuery q) { return Ids(List(std::move(q))); }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, EmptyStore) {
  EXPECT_EQ(store_->Backend(), GetParam());
  EXPECT_EQ(store_->SchemaVersion(), kStoreSchemaVersion);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->backend, GetParam());
  EXPECT_EQ(stats->schema_version, kStoreSchemaVersion);
  EXPECT_EQ(stats->guides, 0);
  EXPECT_EQ(stats->last_import, "");
  EXPECT_EQ(List({}).total, 0);
  EXPECT_EQ(store_->GetGuide("acme/swe").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetGuideJson("acme/swe").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetGuideParts("acme/swe").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListBands({})->empty());
  EXPECT_TRUE(store_->ListFindings({})->empty());
  EXPECT_TRUE(store_->AllGuideSources()->empty());
  EXPECT_EQ(*store_->ImportGeneration(), 0);
  auto whole = store_->ReadCorpus();
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->generation, 0);
  EXPECT_TRUE(whole->snapshot.guides.empty());
  EXPECT_EQ(whole->snapshot.imported_at, "");
}

TEST_P(StoreConformance, GuidesComeBackExactly) {
  const CorpusSnapshot s = Sample();
  Import(s);
  for (const GuideRecord& want : s.guides) {
    auto got = store_->GetGuide(want.summary.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, want) << want.summary.id;
  }
  auto acme = store_->GetGuide("acme/swe");
  ASSERT_EQ(acme->source.size(), 30u);
  EXPECT_EQ(acme->source[9], '\0');
  EXPECT_EQ(static_cast<unsigned char>(acme->source[19]), 0xFF);
  EXPECT_EQ(acme->source[29], '\0');
  EXPECT_EQ(store_->GetGuide("broken").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetGuide("acme").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetGuide("ACME/SWE").status().code(), StatusCode::kNotFound);
  for (const GuideRecord& want : s.guides) {
    auto json = store_->GetGuideJson(want.summary.id);
    ASSERT_TRUE(json.ok()) << json.status().ToString();
    ASSERT_NE(*json, nullptr);
    EXPECT_EQ(**json, want.json) << want.summary.id;
  }
  EXPECT_EQ(store_->GetGuideJson("broken").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetGuideJson("acme").status().code(), StatusCode::kNotFound);

  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->guides, 5);
  EXPECT_EQ(stats->bands, 5);
  EXPECT_EQ(stats->findings, 4);
  EXPECT_EQ(stats->last_import, "2026-11-23T10:00:00Z");
  EXPECT_EQ(stats->last_import_dir, "guides");
}

TEST_P(StoreConformance, PartsAndSources) {
  const CorpusSnapshot s = Sample();
  Import(s);
  auto acme = store_->GetGuideParts("acme/swe");
  ASSERT_TRUE(acme.ok()) << acme.status().ToString();
  GuideParts want;
  want.levers = {s.levers[0], s.levers[1]};
  want.strategy = s.strategies[0];
  want.level_equivalences = s.level_equivalences;
  EXPECT_EQ(*acme, want);
  EXPECT_EQ(acme->strategy->floor->minor, 20'000'000);
  auto zeta = store_->GetGuideParts("zeta");
  ASSERT_TRUE(zeta.ok());
  EXPECT_EQ(zeta->levers, std::vector<StoredLever>{s.levers[2]});
  EXPECT_FALSE(zeta->strategy->floor.has_value());
  EXPECT_TRUE(zeta->level_equivalences.empty());
  auto oreilly = store_->GetGuideParts("oreilly-swe");
  ASSERT_TRUE(oreilly.ok());
  EXPECT_EQ(*oreilly, GuideParts{});

  auto sources = store_->AllGuideSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 5u);
  const std::vector<std::string> ids = {"acme/em", "acme/swe", "oreilly-swe", "pct_co", "zeta"};
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ((*sources)[i].id, ids[i]);
    EXPECT_EQ((*sources)[i].path, "guides/" + ids[i] + ".md");
    EXPECT_EQ((*sources)[i].source, store_->GetGuide(ids[i])->source);
  }
}

// `s` with every list in the order ReadCorpus gives: by guide id, then position.
CorpusSnapshot InStoredOrder(CorpusSnapshot s) {
  auto by_pos = [](const auto& a, const auto& b) {
    return std::tie(a.guide_id, a.position) < std::tie(b.guide_id, b.position);
  };
  std::sort(s.guides.begin(), s.guides.end(),
            [](const GuideRecord& a, const GuideRecord& b) { return a.summary.id < b.summary.id; });
  std::sort(s.bands.begin(), s.bands.end(), by_pos);
  std::sort(s.levers.begin(), s.levers.end(), by_pos);
  std::sort(s.level_equivalences.begin(), s.level_equivalences.end(), by_pos);
  std::sort(s.findings.begin(), s.findings.end(), by_pos);
  std::sort(
      s.strategies.begin(), s.strategies.end(),
      [](const StoredStrategy& a, const StoredStrategy& b) { return a.guide_id < b.guide_id; });
  return s;
}

void ExpectSameSnapshot(const CorpusSnapshot& got, const CorpusSnapshot& want) {
  EXPECT_EQ(got.guides, want.guides);
  EXPECT_EQ(got.bands, want.bands);
  EXPECT_EQ(got.levers, want.levers);
  EXPECT_EQ(got.strategies, want.strategies);
  EXPECT_EQ(got.level_equivalences, want.level_equivalences);
  EXPECT_EQ(got.findings, want.findings);
  EXPECT_EQ(got.imported_at, want.imported_at);
  EXPECT_EQ(got.source_dir, want.source_dir);
}

TEST_P(StoreConformance, ReadCorpusGivesBackWhatWasImported) {
  CorpusSnapshot sample = Sample();
  // Out of order on purpose: the store gives each list back sorted.
  std::reverse(sample.guides.begin(), sample.guides.end());
  std::reverse(sample.bands.begin(), sample.bands.end());
  std::reverse(sample.strategies.begin(), sample.strategies.end());
  std::reverse(sample.findings.begin(), sample.findings.end());
  Import(sample);
  auto whole = store_->ReadCorpus();
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->generation, 1);
  ExpectSameSnapshot(whole->snapshot, InStoredOrder(Sample()));
  ASSERT_EQ(whole->snapshot.guides.size(), 5u);
  EXPECT_EQ(whole->snapshot.guides[1].summary.id, "acme/swe");
  EXPECT_EQ(whole->snapshot.guides[1].source.size(), 30u);  // NUL and 0xFF bytes kept
  EXPECT_EQ(whole->snapshot.strategies[0].floor, (Money{20'000'000, "USD"}));

  Import(Other());
  whole = store_->ReadCorpus();
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->generation, 2);
  ExpectSameSnapshot(whole->snapshot, InStoredOrder(Other()));
}

TEST_P(StoreConformance, ImportGenerationCountsCommittedImports) {
  EXPECT_EQ(*store_->ImportGeneration(), 0);
  Import(Sample());
  EXPECT_EQ(*store_->ImportGeneration(), 1);
  // The same snapshot again, with the same imported_at: still a new import.
  Import(Sample());
  EXPECT_EQ(*store_->ImportGeneration(), 2);
  EXPECT_EQ(store_->Stats()->last_import, "2026-11-23T10:00:00Z");
  // A refused and a failed import leave it.
  CorpusSnapshot dup = Other();
  dup.guides.push_back(dup.guides[0]);
  EXPECT_EQ(store_->ReplaceCorpus(dup).code(), StatusCode::kInvalidArgument);
  ReplaceOptions fail;
  fail.on_row = [](int64_t row, int64_t) {
    return row == 2 ? Status::IOError("injected") : Status::Ok();
  };
  EXPECT_EQ(store_->ReplaceCorpus(Other(), fail).code(), StatusCode::kIOError);
  EXPECT_EQ(*store_->ImportGeneration(), 2);
  Import(Other());
  EXPECT_EQ(*store_->ImportGeneration(), 3);
  EXPECT_EQ(store_->ReadCorpus()->generation, 3);
}

TEST_P(StoreConformance, ListGuidesSortsEveryKeyWithIdAsTieBreak) {
  Import(Sample());
  using V = std::vector<std::string>;
  auto sorted = [&](GuideSortKey key, bool desc) {
    GuideQuery q;
    q.sort = key;
    q.descending = desc;
    return ListIds(q);
  };
  EXPECT_EQ(sorted(GuideSortKey::kId, false),
            (V{"acme/em", "acme/swe", "oreilly-swe", "pct_co", "zeta"}));
  EXPECT_EQ(sorted(GuideSortKey::kId, true),
            (V{"zeta", "pct_co", "oreilly-swe", "acme/swe", "acme/em"}));
  EXPECT_EQ(sorted(GuideSortKey::kCompany, false),
            (V{"acme/em", "acme/swe", "pct_co", "oreilly-swe", "zeta"}));
  EXPECT_EQ(sorted(GuideSortKey::kCompany, true),
            (V{"zeta", "oreilly-swe", "pct_co", "acme/em", "acme/swe"}));
  EXPECT_EQ(sorted(GuideSortKey::kRole, false),
            (V{"pct_co", "acme/em", "acme/swe", "oreilly-swe", "zeta"}));
  EXPECT_EQ(sorted(GuideSortKey::kRole, true),
            (V{"acme/swe", "oreilly-swe", "zeta", "acme/em", "pct_co"}));
  // An absent date is the empty string: first ascending, last descending.
  EXPECT_EQ(sorted(GuideSortKey::kLastUpdated, false),
            (V{"oreilly-swe", "pct_co", "acme/swe", "zeta", "acme/em"}));
  EXPECT_EQ(sorted(GuideSortKey::kLastUpdated, true),
            (V{"acme/em", "acme/swe", "zeta", "pct_co", "oreilly-swe"}));
  EXPECT_EQ(sorted(GuideSortKey::kNextReviewDue, false),
            (V{"pct_co", "oreilly-swe", "acme/swe", "zeta", "acme/em"}));
  EXPECT_EQ(sorted(GuideSortKey::kNextReviewDue, true),
            (V{"acme/em", "acme/swe", "zeta", "oreilly-swe", "pct_co"}));
}

TEST_P(StoreConformance, ListGuidesPages) {
  Import(Sample());
  GuideQuery q;
  q.sort = GuideSortKey::kLastUpdated;
  q.limit = 2;
  GuidePage p = List(q);
  EXPECT_EQ(p.total, 5);
  EXPECT_EQ(Ids(p), (std::vector<std::string>{"oreilly-swe", "pct_co"}));
  q.offset = 2;
  EXPECT_EQ(ListIds(q), (std::vector<std::string>{"acme/swe", "zeta"}));
  q.offset = 4;
  p = List(q);
  EXPECT_EQ(p.total, 5);
  EXPECT_EQ(Ids(p), (std::vector<std::string>{"acme/em"}));
  q.offset = 5;
  p = List(q);
  EXPECT_EQ(p.total, 5);
  EXPECT_TRUE(p.items.empty());
  q.offset = int64_t{1} << 62;
  EXPECT_TRUE(List(q).items.empty());

  // The summary as listed is the summary as stored.
  const CorpusSnapshot s = Sample();
  GuideQuery all;
  GuidePage every = List(all);
  ASSERT_EQ(every.items.size(), 5u);
  EXPECT_EQ(every.items[1], s.guides[0].summary);  // acme/swe
  EXPECT_EQ(every.items[3], s.guides[3].summary);  // pct_co
  EXPECT_EQ(every.items[3].regions, std::vector<std::string>{"Z\xc3\xbcrich"});
  EXPECT_TRUE(every.items[4].regions.empty());
}

TEST_P(StoreConformance, ListGuidesFilters) {
  Import(Sample());
  using V = std::vector<std::string>;
  auto ids = [&](std::string company, std::string role, std::string region, std::string text) {
    GuideQuery q;
    q.company = std::move(company);
    q.role = std::move(role);
    q.region = std::move(region);
    q.q = std::move(text);
    GuidePage p = List(q);
    EXPECT_EQ(p.total, static_cast<int64_t>(p.items.size()));
    return Ids(p);
  };
  EXPECT_EQ(ids("acme", "", "", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("ACME", "", "", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("acme corp", "", "", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("Acme", "", "", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("acm", "", "", ""), V{});  // exact, not a prefix
  EXPECT_EQ(ids("acmecorp", "", "", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("o'reilly media", "", "", ""), V{"oreilly-swe"});
  // Punctuation is not part of a name: the slug "oreilly" is "O'Reilly".
  EXPECT_EQ(ids("O'REILLY", "", "", ""), V{"oreilly-swe"});
  EXPECT_EQ(ids("oreilly-media", "", "", ""), V{"oreilly-swe"});
  EXPECT_EQ(ids("100 % under score co", "", "", ""), V{"pct_co"});
  EXPECT_EQ(ids("Hundred PCT", "", "", ""), V{"pct_co"});
  EXPECT_EQ(ids("", "Data_Scientist", "", ""), V{"pct_co"});
  EXPECT_EQ(ids("", "softwareengineer", "", ""), (V{"acme/swe", "oreilly-swe", "zeta"}));
  EXPECT_EQ(ids("", "Software Engineer", "", ""), (V{"acme/swe", "oreilly-swe", "zeta"}));
  EXPECT_EQ(ids("", "SOFTWARE-ENGINEER", "", ""), (V{"acme/swe", "oreilly-swe", "zeta"}));
  EXPECT_EQ(ids("", "", "london", ""), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("", "", "  san  francisco bay AREA ", ""), V{"acme/swe"});
  EXPECT_EQ(ids("", "", "Z\xc3\xbcrich", ""), V{"pct_co"});
  EXPECT_EQ(ids("", "", "Berlin", ""), V{});
  EXPECT_EQ(ids("", "", "", "LONDON"), (V{"acme/em", "acme/swe"}));
  EXPECT_EQ(ids("", "", "", "engineer"), (V{"acme/em", "acme/swe", "oreilly-swe", "zeta"}));
  EXPECT_EQ(ids("", "", "", "under_score"), V{"pct_co"});
  EXPECT_EQ(ids("", "", "", "'"), V{"oreilly-swe"});
  EXPECT_EQ(ids("", "", "", "z\xc3\xbc"), V{"pct_co"});
  EXPECT_EQ(ids("acme", "", "San Francisco Bay Area", ""), V{"acme/swe"});
  EXPECT_EQ(ids("acme", "software engineer", "", "london"), V{"acme/swe"});
  EXPECT_EQ(ids("zeta", "", "london", ""), V{});

  GuideQuery q;
  q.role = "software-engineer";
  q.sort = GuideSortKey::kCompany;
  q.descending = true;
  q.limit = 1;
  GuidePage p = List(q);
  EXPECT_EQ(p.total, 3);
  EXPECT_EQ(Ids(p), V{"zeta"});
}

// Guides whose names overlap: one's display name is another's slug, a slug and
// its display name lowered are the same, a region is listed in a summary with no
// band for it, a name ("banana") holding every three bytes of a longer word
// ("bananana"). Each filter matches a guide once, by slug or display name.
CorpusSnapshot OverlappingNames() {
  CorpusSnapshot s;
  s.imported_at = "2026-11-23T12:00:00Z";
  s.source_dir = "names";
  s.guides.push_back(
      Record("b", "banana", "Banana Co", "analyst", "Analyst", "2026-01-01", "", {}));
  s.guides.push_back(Record("n1", "north", "North Wind", "staff-engineer", "Staff Engineer",
                            "2026-02-01", "", {"Berlin", "Tokyo"}));
  s.guides.push_back(Record("n2", "north-wind", "North", "engineer", "Staff-Engineer", "2026-03-01",
                            "", {"berlin"}));
  s.guides.push_back(Record("n3", "south", "NORTH", "staff-engineer", "Staff Engineer",
                            "2026-01-01", "", {"Paris"}));
  s.guides.push_back(Record("z", "zeta", "Zeta", "staff", "Staff", "2026-02-01", "", {}));
  s.bands.push_back(
      Band("n1", 0, "north", "staff-engineer", "Berlin", "EUR", 7'000'000, 9'000'000));
  s.bands.push_back(
      Band("n2", 0, "north-wind", "engineer", " berlin ", "eur", 6'000'000, 8'000'000));
  s.bands.push_back(Band("n2", 1, "north-wind", "engineer", "London", "GBP", 6'500'000, 8'500'000));
  s.bands.push_back(Band("n3", 0, "south", "staff-engineer", "Paris", "Eur", 6'000'000, 7'000'000));
  return s;
}

TEST_P(StoreConformance, FiltersMatchSlugOrDisplayNameOfEachGuideOnce) {
  const CorpusSnapshot s = OverlappingNames();
  Import(s);
  using V = std::vector<std::string>;
  auto ids = [&](std::string company, std::string role, std::string region, std::string text) {
    GuideQuery q;
    q.company = std::move(company);
    q.role = std::move(role);
    q.region = std::move(region);
    q.q = std::move(text);
    GuidePage p = List(q);
    EXPECT_EQ(p.total, static_cast<int64_t>(p.items.size()));
    return Ids(p);
  };
  EXPECT_EQ(ids("north", "", "", ""), (V{"n1", "n2", "n3"}));
  // n1's display name and n2's slug are the same name written two ways.
  EXPECT_EQ(ids("NORTH WIND", "", "", ""), (V{"n1", "n2"}));
  EXPECT_EQ(ids("North-Wind", "", "", ""), (V{"n1", "n2"}));
  EXPECT_EQ(ids("ZETA", "", "", ""), V{"z"});  // slug and display name: listed once
  EXPECT_EQ(ids("", "STAFF-ENGINEER", "", ""), (V{"n1", "n2", "n3"}));
  EXPECT_EQ(ids("", "staff engineer", "", ""), (V{"n1", "n2", "n3"}));
  EXPECT_EQ(ids("north", "staff-engineer", "", ""), (V{"n1", "n2", "n3"}));
  EXPECT_EQ(ids("north wind", "engineer", "", ""), V{"n2"});
  EXPECT_EQ(ids("north wind", "analyst", "", ""), V{});
  EXPECT_EQ(ids("NORTH", "Engineer", "", ""), V{"n2"});
  EXPECT_EQ(ids("south", "staff", "", ""), V{});
  // The region filter goes by the bands; `q` by the summary's regions.
  EXPECT_EQ(ids("", "", "BERLIN", ""), (V{"n1", "n2"}));
  EXPECT_EQ(ids("north", "", "berlin", ""), (V{"n1", "n2"}));
  EXPECT_EQ(ids("", "", "Tokyo", ""), V{});
  EXPECT_EQ(ids("", "", "", "TOKYO"), V{"n1"});
  EXPECT_EQ(ids("", "", "", "paris"), V{"n3"});  // in a region only
  EXPECT_EQ(ids("", "", "   ", ""), V{});
  EXPECT_EQ(ids("north", "", "", "berlin"), (V{"n1", "n2"}));
  EXPECT_EQ(ids("north", "", "", "wind"), (V{"n1", "n2"}));
  EXPECT_EQ(ids("", "staff", "", "zeta"), V{"z"});
  EXPECT_EQ(ids("", "", "", "BANANA"), V{"b"});
  EXPECT_EQ(ids("", "", "", "bananana"), V{});
  EXPECT_EQ(ids("", "", "", "staffs"), V{});
  EXPECT_EQ(ids("", "", "", "TA"), (V{"n1", "n2", "n3", "z"}));
  EXPECT_EQ(ids("", "", "", "a"), (V{"b", "n1", "n2", "n3", "z"}));

  GuideQuery q;
  q.company = "North";
  q.sort = GuideSortKey::kLastUpdated;
  q.descending = true;
  q.limit = 2;
  GuidePage p = List(q);
  EXPECT_EQ(p.total, 3);
  EXPECT_EQ(Ids(p), (V{"n2", "n1"}));
  q.offset = 2;
  EXPECT_EQ(ListIds(q), V{"n3"});

  auto bands = [&](BandFilter f) {
    auto r = store_->ListBands(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<StoredBand>{};
  };
  using B = std::vector<StoredBand>;
  EXPECT_EQ(bands({.company = "NORTH"}), (B{s.bands[0], s.bands[1], s.bands[2], s.bands[3]}));
  EXPECT_EQ(bands({.company = "north wind"}), (B{s.bands[0], s.bands[1], s.bands[2]}));
  EXPECT_EQ(bands({.company = "zeta"}), B{});  // a guide without bands
  EXPECT_EQ(bands({.role = "Staff Engineer"}), (B{s.bands[0], s.bands[1], s.bands[2], s.bands[3]}));
  EXPECT_EQ(bands({.role = "engineer"}), (B{s.bands[1], s.bands[2]}));
  EXPECT_EQ(bands({.company = "north", .role = "ENGINEER"}), (B{s.bands[1], s.bands[2]}));
  EXPECT_EQ(bands({.currency = "eur"}), (B{s.bands[0], s.bands[1], s.bands[3]}));
  EXPECT_EQ(bands({.region = "Berlin", .currency = "EUR"}), (B{s.bands[0], s.bands[1]}));
  EXPECT_EQ(bands({.region = "berlin"}), (B{s.bands[0], s.bands[1]}));
  EXPECT_EQ(bands({.guide_id = "n2", .company = "North"}), (B{s.bands[1], s.bands[2]}));
  EXPECT_EQ(bands({.guide_id = "n2", .company = "north wind"}), (B{s.bands[1], s.bands[2]}));
  EXPECT_EQ(bands({.guide_id = "n2", .company = "south"}), B{});
  EXPECT_EQ(bands({.guide_id = "n2", .role = "staff-engineer", .currency = "gbp"}), B{s.bands[2]});
  EXPECT_EQ(bands({.guide_id = "n"}), B{});
  EXPECT_EQ(bands({.region = "   "}), B{});
}

// One company written the ways its guides and their readers write it: the
// slug front matter gives, the slug a title heading gives, the display name.
// Each spelling the duplicate-guide rule takes for the same company or role
// finds every guide of it, and the answers still show each guide's own names.
CorpusSnapshot OneCompanyManySpellings() {
  CorpusSnapshot s;
  s.imported_at = "2026-11-23T12:00:00Z";
  s.source_dir = "spellings";
  s.guides.push_back(Record("hf-em", "huggingface-enterprise", "Hugging Face Enterprise",
                            "engineering-manager", "Engineering Manager", "2026-01-01", "",
                            {"Paris"}));
  s.guides.push_back(Record("hf-ml", "hugging-face-enterprise", "Hugging Face Enterprise",
                            "ml-ai-engineer", "ML/AI Engineer", "", "", {"Paris"}));
  s.guides.push_back(
      Record("hf-swe", "hugging-face-enterprise", "", "software-engineer", "", "", "", {}));
  // Another company whose name starts the same: not a prefix match.
  s.guides.push_back(Record("hface", "hugging-face", "Hugging Face", "engineering-manager",
                            "Engineering Manager", "2026-01-01", "", {}));
  // Names of punctuation only are told apart; non-ASCII letters are compared as
  // written (only ASCII case is folded).
  s.guides.push_back(Record("dashes", "--", "", "-", "", "", "", {}));
  s.guides.push_back(Record("dash", "-", "", "--", "", "", "", {}));
  s.guides.push_back(
      Record("zre", "z\xc3\xbcrich-re", "Z\xc3\xbcrich Re", "sre", "SRE", "", "", {}));
  s.bands.push_back(Band("hf-em", 0, "huggingface-enterprise", "engineering-manager", "Paris",
                         "EUR", 9'000'000, 12'000'000));
  s.bands.push_back(Band("hf-ml", 0, "hugging-face-enterprise", "ml-ai-engineer", "Paris", "EUR",
                         8'000'000, 11'000'000));
  return s;
}

TEST_P(StoreConformance, FiltersMatchNamesAsTheDuplicateGuideRuleDoes) {
  const CorpusSnapshot s = OneCompanyManySpellings();
  Import(s);
  using V = std::vector<std::string>;
  auto by = [&](std::string company, std::string role) {
    GuideQuery q;
    q.company = std::move(company);
    q.role = std::move(role);
    GuidePage p = List(q);
    EXPECT_EQ(p.total, static_cast<int64_t>(p.items.size()));
    return Ids(p);
  };
  for (const char* spelling :
       {"huggingface-enterprise", "hugging-face-enterprise", "Hugging Face Enterprise",
        "HUGGING_FACE_ENTERPRISE", "hugging.face.enterprise", "huggingfaceenterprise",
        " Hugging  Face Enterprise "}) {
    SCOPED_TRACE(spelling);
    EXPECT_EQ(by(spelling, ""), (V{"hf-em", "hf-ml", "hf-swe"}));
    EXPECT_EQ(store_->ListBands({.company = spelling})->size(), 2u);
  }
  EXPECT_EQ(by("hugging face", ""), V{"hface"});
  EXPECT_EQ(by("hugging", ""), V{});
  EXPECT_EQ(by("", "Engineering Manager"), (V{"hf-em", "hface"}));
  EXPECT_EQ(by("", "engineering_manager"), (V{"hf-em", "hface"}));
  EXPECT_EQ(by("", "ML AI engineer"), V{"hf-ml"});
  EXPECT_EQ(by("", "ml-ai-engineer"), V{"hf-ml"});
  EXPECT_EQ(by("Hugging Face Enterprise", "Software Engineer"), V{"hf-swe"});
  EXPECT_EQ(by("hugging face", "ml/ai engineer"), V{});
  EXPECT_EQ(by("--", ""), V{"dashes"});
  EXPECT_EQ(by("-", ""), V{"dash"});
  EXPECT_EQ(by("", "--"), V{"dash"});
  EXPECT_EQ(by("---", ""), V{});
  EXPECT_EQ(by("Z\xc3\xbcrich RE", "sre"), V{"zre"});
  EXPECT_EQ(by("Z\xc3\x9cRICH RE", ""), V{});  // U+00DC is not U+00FC
  EXPECT_EQ(
      store_->ListBands({.company = "Hugging Face Enterprise", .role = "ML/AI engineer"}).value(),
      std::vector<StoredBand>{s.bands[1]});

  // Each guide is shown with its own names, exactly as imported.
  GuideQuery q;
  q.company = "HuggingFace Enterprise";
  const GuidePage page = List(q);
  ASSERT_EQ(page.items.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(page.items[i], s.guides[i].summary);
  EXPECT_EQ(store_->ListBands({.company = "huggingfaceenterprise"}).value(),
            (std::vector<StoredBand>{s.bands[0], s.bands[1]}));
}

TEST_P(StoreConformance, BadQueriesAreInvalidArgument) {
  Import(Sample());
  auto code = [&](GuideQuery q) { return store_->ListGuides(q).status().code(); };
  GuideQuery q;
  q.limit = 0;
  EXPECT_EQ(code(q), StatusCode::kInvalidArgument);
  q.limit = kMaxGuidePage + 1;
  EXPECT_EQ(code(q), StatusCode::kInvalidArgument);
  q.limit = kMaxGuidePage;
  EXPECT_EQ(code(q), StatusCode::kOk);
  q.offset = -1;
  EXPECT_EQ(code(q), StatusCode::kInvalidArgument);
  q = {};
  q.q = "\xff";
  EXPECT_EQ(code(q), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseGuideSort("-last_updated").value(), std::pair(GuideSortKey::kLastUpdated, true));
  EXPECT_EQ(ParseGuideSort("company").value(), std::pair(GuideSortKey::kCompany, false));
  EXPECT_EQ(ParseGuideSort("company;drop").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseGuideSort("").status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformance, Bands) {
  const CorpusSnapshot s = Sample();
  Import(s);
  auto bands = [&](BandFilter f) {
    auto r = store_->ListBands(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<StoredBand>{};
  };
  // Ordered by guide id ("acme/em" < "acme/swe"), then position.
  EXPECT_EQ(bands({}),
            (std::vector<StoredBand>{s.bands[2], s.bands[0], s.bands[1], s.bands[3], s.bands[4]}));
  EXPECT_EQ(bands({.company = "Acme Corp"}),
            (std::vector<StoredBand>{s.bands[2], s.bands[0], s.bands[1]}));
  EXPECT_EQ(bands({.role = "software engineer"}),
            (std::vector<StoredBand>{s.bands[0], s.bands[1], s.bands[3]}));
  EXPECT_EQ(bands({.region = "LONDON"}), (std::vector<StoredBand>{s.bands[2], s.bands[1]}));
  EXPECT_EQ(bands({.currency = "usd"}), (std::vector<StoredBand>{s.bands[0], s.bands[3]}));
  EXPECT_EQ(bands({.guide_id = "acme/em"}), std::vector<StoredBand>{s.bands[2]});
  EXPECT_EQ(bands({.guide_id = "ACME/EM"}), std::vector<StoredBand>{});
  EXPECT_EQ(bands({.company = "acme", .region = "london", .currency = "GBP"}),
            (std::vector<StoredBand>{s.bands[2], s.bands[1]}));
  const std::vector<StoredBand> sf = bands({.region = "San Francisco Bay Area"});
  ASSERT_EQ(sf.size(), 1u);
  EXPECT_EQ(sf[0].base_low, 18'000'000);
  EXPECT_EQ(sf[0].stock_high, 60'000'000);
  EXPECT_EQ(sf[0].bonus_pct_high_bp, 1500);
  EXPECT_EQ(sf[0].total_comp_high, 40'300'000);
  const std::vector<StoredBand> ny = bands({.region = "new york"});
  ASSERT_EQ(ny.size(), 1u);
  EXPECT_FALSE(ny[0].base_high.has_value());
  EXPECT_FALSE(ny[0].bonus_pct_low_bp.has_value());
  EXPECT_EQ(ny[0].stock_vesting_years, 3);
}

TEST_P(StoreConformance, Findings) {
  const CorpusSnapshot s = Sample();
  Import(s);
  auto findings = [&](FindingFilter f) {
    auto r = store_->ListFindings(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<StoredFinding>{};
  };
  using V = std::vector<StoredFinding>;
  EXPECT_EQ(findings({}), (V{s.findings[1], s.findings[2], s.findings[0], s.findings[3]}));
  EXPECT_EQ(findings({.severity = "error"}), (V{s.findings[1], s.findings[2], s.findings[3]}));
  EXPECT_EQ(findings({.severity = "ERROR"}), V{});
  EXPECT_EQ(findings({.code = "range-order"}), V{s.findings[1]});
  EXPECT_EQ(findings({.guide_id = "broken"}), V{s.findings[3]});
  EXPECT_EQ(findings({.guide_id = "acme/em", .severity = "error", .code = "currency-mismatch"}),
            V{s.findings[2]});
  EXPECT_EQ(findings({.guide_id = "acme/em", .severity = "warning"}), V{});
  EXPECT_EQ(findings({.guide_id = "acme"}), V{});
  EXPECT_EQ(findings({.guide_id = "acme/swe"}), V{s.findings[0]});
  EXPECT_EQ(findings({.guide_id = "zeta"}), V{});
  EXPECT_EQ(findings({.guide_id = "broken", .severity = "error"}), V{s.findings[3]});
}

TEST_P(StoreConformance, ReplaceReplacesEverything) {
  Import(Sample());
  const CorpusSnapshot other = Other();
  Import(other);
  EXPECT_EQ(ListIds({}), std::vector<std::string>{"zeta"});
  EXPECT_EQ(*store_->GetGuide("zeta"), other.guides[0]);
  EXPECT_EQ(store_->GetGuide("acme/swe").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store_->ListBands({}), other.bands);
  EXPECT_EQ(*store_->ListFindings({}), other.findings);
  EXPECT_EQ(*store_->GetGuideParts("zeta"), GuideParts{});
  auto stats = store_->Stats();
  EXPECT_EQ(stats->guides, 1);
  EXPECT_EQ(stats->last_import, "2026-11-24T08:30:00Z");
  EXPECT_EQ(stats->last_import_dir, "other");
  // And an empty corpus empties the store.
  CorpusSnapshot empty;
  empty.imported_at = "2026-11-25T00:00:00Z";
  Import(empty);
  EXPECT_EQ(List({}).total, 0);
  EXPECT_TRUE(store_->ListFindings({})->empty());
  EXPECT_EQ(store_->Stats()->last_import, "2026-11-25T00:00:00Z");
}

// What an import replaced is counted inside its transaction, by id.
TEST_P(StoreConformance, ReplaceReportsWhatItReplaced) {
  auto replace = [&](const CorpusSnapshot& s) {
    ReplaceReport report{-1, -1};
    ReplaceOptions o;
    o.report = &report;
    const Status st = store_->ReplaceCorpus(s, o);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return std::pair{report.guides_before, report.imported_again};
  };
  EXPECT_EQ(replace(Sample()), (std::pair<int64_t, int64_t>{0, 0}));
  EXPECT_EQ(replace(Sample()), (std::pair<int64_t, int64_t>{5, 5}));
  // Other's one guide, zeta, is one of Sample's five.
  EXPECT_EQ(replace(Other()), (std::pair<int64_t, int64_t>{5, 1}));
  EXPECT_EQ(replace(Sample()), (std::pair<int64_t, int64_t>{1, 1}));
  CorpusSnapshot empty;
  empty.imported_at = "2026-11-25T00:00:00Z";
  EXPECT_EQ(replace(empty), (std::pair<int64_t, int64_t>{5, 0}));
  // An import that fails leaves the report as it was.
  ReplaceReport untouched{-1, -1};
  ReplaceOptions failing;
  failing.report = &untouched;
  failing.on_row = [](int64_t, int64_t) { return Status::IOError("injected"); };
  EXPECT_FALSE(store_->ReplaceCorpus(Other(), failing).ok());
  EXPECT_EQ(untouched.guides_before, -1);
  EXPECT_EQ(untouched.imported_again, -1);
}

TEST_P(StoreConformance, SameImportTwiceSameState) {
  Import(Sample());
  const StoreContents once = ReadContents(*store_);
  Import(Sample());
  StoreContents twice = ReadContents(*store_);
  // Everything the same but the count of imports.
  EXPECT_EQ(twice.generation, once.generation + 1);
  twice.generation = once.generation;
  EXPECT_EQ(once, twice);
  EXPECT_EQ(once.page.total, 5);
  EXPECT_EQ(once.findings.size(), 4u);
}

TEST_P(StoreConformance, FailureAtAnyRowLeavesThePreviousState) {
  Import(Sample());
  const StoreContents before = ReadContents(*store_);
  const CorpusSnapshot other = Other();
  const int64_t total = SnapshotRowCount(other);
  EXPECT_EQ(total, 4);  // one guide, one band, one finding, the import row
  for (int64_t fail_at = 1; fail_at <= total; ++fail_at) {
    ReplaceOptions o;
    int64_t calls = 0;
    o.on_row = [&](int64_t row, int64_t rows) {
      ++calls;
      EXPECT_EQ(rows, total);
      if (row == fail_at) return Status::IOError("injected fault at row " + std::to_string(row));
      return Status::Ok();
    };
    Status st = store_->ReplaceCorpus(other, o);
    EXPECT_EQ(st.code(), StatusCode::kIOError) << fail_at;
    EXPECT_EQ(st.message(), "injected fault at row " + std::to_string(fail_at));
    EXPECT_EQ(calls, fail_at);
    EXPECT_EQ(ReadContents(*store_), before) << "after a fault at row " << fail_at;
  }
  // The store still takes an import afterwards.
  Import(other);
  EXPECT_EQ(ListIds({}), std::vector<std::string>{"zeta"});
}

TEST_P(StoreConformance, InvalidSnapshotIsRefusedWhole) {
  Import(Sample());
  const StoreContents before = ReadContents(*store_);
  auto refused = [&](const CorpusSnapshot& s) {
    Status st = store_->ReplaceCorpus(s);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
    EXPECT_EQ(ReadContents(*store_), before);
  };
  CorpusSnapshot dup = Other();
  dup.guides.push_back(dup.guides[0]);
  refused(dup);
  CorpusSnapshot orphan = Other();
  orphan.bands[0].guide_id = "nobody";
  refused(orphan);
  CorpusSnapshot nul = Other();
  nul.guides[0].summary.company_display = std::string("Ze\0ta", 5);
  refused(nul);
  CorpusSnapshot bad_utf8 = Other();
  bad_utf8.findings[0].message = "caf\xe9";
  refused(bad_utf8);
  CorpusSnapshot two_at_zero = Other();
  two_at_zero.bands.push_back(two_at_zero.bands[0]);
  refused(two_at_zero);
  CorpusSnapshot empty_id = Other();
  empty_id.guides[0].summary.id = "";
  refused(empty_id);
}

// Every store keeps ids, names and regions up to kMaxKeyBytes (1024 bytes:
// PostgreSQL's btree indexes hold about 2,700) and refuses longer ones alike,
// naming the value, instead of failing in the middle of an import.
TEST_P(StoreConformance, IndexedValuesUpToTheLimitAreKeptLongerOnesRefused) {
  const std::string at_limit(1024, 'x');
  CorpusSnapshot longest = Other();
  longest.guides[0].summary.company_display = "Z" + at_limit.substr(1);
  longest.guides[0].summary.regions = {at_limit};
  longest.bands[0].region = at_limit;
  Import(longest);
  auto page = store_->ListGuides({.company = "Z" + at_limit.substr(1), .region = at_limit});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Ids(*page), std::vector<std::string>{"zeta"});
  CorpusSnapshot long_id = Other();
  long_id.guides[0].summary.id = at_limit;
  long_id.bands[0].guide_id = at_limit;
  long_id.findings[0].guide_id = at_limit;
  Import(long_id);
  EXPECT_EQ(store_->GetGuide(at_limit)->summary.id, at_limit);

  const StoreContents before = ReadContents(*store_);
  auto refused = [&](const CorpusSnapshot& snap, const std::string& message) {
    Status st = store_->ReplaceCorpus(snap);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
    EXPECT_EQ(st.message(), message);
    EXPECT_EQ(ReadContents(*store_), before);
  };
  const std::string over(3000, 'y');
  CorpusSnapshot company = Other();
  company.guides[0].summary.company_display = over;
  refused(company,
          "snapshot: the company_display of guide 'zeta' is 3000 bytes long; a store keeps at "
          "most 1024");
  CorpusSnapshot id = Other();
  id.guides[0].summary.id = over;
  id.bands[0].guide_id = over;
  id.findings[0].guide_id = over;
  refused(id, "snapshot: the id of guide '" + over.substr(0, 200) +
                  "...' is 3000 bytes long; a store keeps at most 1024");
  CorpusSnapshot region = Other();
  region.bands[0].region = over;
  refused(region,
          "snapshot: a band region of guide 'zeta' is 3000 bytes long; a store keeps at most "
          "1024");
  CorpusSnapshot finding = Other();
  finding.findings[0].guide_id = over;
  refused(finding, "snapshot: the guide id or code of a finding of guide '" + over.substr(0, 200) +
                       "...' is 3000 bytes long; a store keeps at most 1024");
}

// Strings that would change the meaning of a query spliced into SQL. Each is
// tried in every filter; the answers are exact, and the data is intact after.
TEST_P(StoreConformance, InjectionStringsAreJustStrings) {
  Import(Sample());
  const StoreContents before = ReadContents(*store_);
  const std::vector<std::string> hostile = {
      "' OR 1=1 --",
      "\"; DROP TABLE guides; --",
      "acme' --",
      "x'); DELETE FROM bands; --",
      "%",
      "_",
      "%acme%",
      "a_me",
      "\\",
      "*",
      "1; SELECT pg_sleep(10)",
      "$1",
      "?",
      std::string(kMaxFilterBytes, 'x'),
  };
  for (const std::string& h : hostile) {
    SCOPED_TRACE(h.substr(0, 40));
    // Names are compared without their punctuation: "acme' --" and "%acme%"
    // are acme (the punctuation is not a pattern: "a_me" is "ame").
    const bool names_acme = h == "acme' --" || h == "%acme%";
    GuideQuery q;
    q.company = h;
    const std::vector<std::string> acme = {"acme/em", "acme/swe"};
    EXPECT_EQ(ListIds(q), names_acme ? acme : std::vector<std::string>{});
    q = {};
    q.role = h;
    EXPECT_EQ(List(q).total, 0);
    q = {};
    q.region = h;
    EXPECT_EQ(List(q).total, 0);
    q = {};
    q.q = h;
    // Only the guide whose display name holds these characters literally.
    const bool literal = h == "%" || h == "_";
    EXPECT_EQ(ListIds(q),
              literal ? std::vector<std::string>{"pct_co"} : std::vector<std::string>{});
    EXPECT_EQ(store_->GetGuide(h).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(store_->GetGuideParts(h).status().code(), StatusCode::kNotFound);
    for (BandFilter f : {BandFilter{.guide_id = h}, BandFilter{.company = h}, BandFilter{.role = h},
                         BandFilter{.region = h}, BandFilter{.currency = h}}) {
      auto r = store_->ListBands(f);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->size(), names_acme && !f.company.empty() ? 3u : 0u);
    }
    for (FindingFilter f :
         {FindingFilter{.guide_id = h}, FindingFilter{.severity = h}, FindingFilter{.code = h}}) {
      auto r = store_->ListFindings(f);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(r->empty());
    }
  }
  // NUL bytes and overlong strings are refused before any query runs.
  for (const std::string& h : {std::string("acme\0' OR 1=1 --", 16), std::string(1, '\0'),
                               std::string(kMaxFilterBytes + 1, 'x'), std::string(100'000, '\'')}) {
    GuideQuery q;
    q.company = h;
    EXPECT_EQ(store_->ListGuides(q).status().code(), StatusCode::kInvalidArgument);
    q = {};
    q.q = h;
    EXPECT_EQ(store_->ListGuides(q).status().code(), StatusCode::kInvalidArgument);
    q = {};
    q.region = h;
    EXPECT_EQ(store_->ListGuides(q).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->ListBands({.currency = h}).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->ListFindings({.code = h}).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store_->GetGuide(h).status().code(), StatusCode::kNotFound);
  }
  EXPECT_EQ(ReadContents(*store_), before);
}

// Stored text that looks like SQL comes back as text.
TEST_P(StoreConformance, HostileStoredTextRoundTrips) {
  CorpusSnapshot s = Other();
  GuideSummary& g = s.guides[0].summary;
  g.id = "x'); DROP TABLE guides; --";
  g.company = "' OR 1=1 --";
  g.company_display = "\"; DROP TABLE guides; --";
  g.regions = {"%", "_"};
  s.bands[0].guide_id = g.id;
  s.bands[0].region = "%";
  s.findings[0].guide_id = g.id;
  s.findings[0].message = "'; --";
  Import(s);
  EXPECT_EQ(*store_->GetGuide(g.id), s.guides[0]);
  GuideQuery q;
  q.company = "' or 1=1 --";
  EXPECT_EQ(ListIds(q), std::vector<std::string>{g.id});
  EXPECT_EQ(store_->ListBands({.region = "%"})->size(), 1u);
  EXPECT_EQ(store_->ListBands({.region = "_"})->size(), 0u);
  EXPECT_EQ(*store_->ListFindings({.guide_id = g.id}), s.findings);
}

// Text with every character a bulk write format could take for a delimiter,
// an escape, a NULL or an end-of-data marker: tab, newline, CR LF, backslash,
// `\.` on a line of its own, `\N`, quotes, and non-ASCII text, ending in a
// backslash. `tag` makes each column's value its own.
std::string OddText(const std::string& tag) {
  return tag +
         "\t'\"x\n\\.\n\\N\r\n\\\\ \\t Z\xc3\xbcrich \xe2\x82\xac \xe6\xbc\xa2 \xf0\x9f\x98\x80 \\";
}

// Every text column of every table, and the bytea source, come back byte for byte.
TEST_P(StoreConformance, OddCharactersRoundTripInEveryTextColumn) {
  CorpusSnapshot s;
  s.imported_at = OddText("imported_at");
  s.source_dir = OddText("source_dir");
  for (const std::string& n : {std::string("1"), std::string("2")}) {
    GuideRecord r;
    GuideSummary& g = r.summary;
    g.id = OddText("id" + n);
    g.path = OddText("path" + n);
    g.company = OddText("Company" + n);
    g.company_display = OddText("Company Display" + n);
    g.role = OddText("Role" + n);
    g.role_display = OddText("Role Display" + n);
    g.role_type = n == "1" ? "\\N" : "\\.";  // exactly the NULL and end-of-data markers
    g.last_updated = OddText("last_updated" + n);
    g.next_review_due = OddText("next_review_due" + n);
    g.data_quality = OddText("data_quality" + n);
    g.salary_data_quarter = OddText("quarter" + n);
    g.regions = {OddText("Region" + n), "\\N", "\\."};
    g.errors = 3;
    g.warnings = 4;
    r.source = OddText("source" + n) + std::string("\0\xff\\.\n\\N", 7);
    r.json = OddText("json" + n);
    s.guides.push_back(r);

    StoredBand b = Band(g.id, 0, OddText("band company" + n), OddText("band role" + n),
                        OddText("Band Region" + n), OddText("CUR" + n), 1, 2);
    b.stock_low = 3;
    s.bands.push_back(b);
    s.levers.push_back({g.id, 0, OddText("title" + n), OddText("script" + n)});
    s.strategies.push_back(
        {g.id, OddText("strategy" + n), Money{-5, n == "1" ? OddText("currency") : "\\N"}});
    s.level_equivalences.push_back({g.id, 0, OddText("text" + n), OddText("company" + n),
                                    OddText("title" + n), OddText("low" + n), OddText("high" + n)});
    s.findings.push_back({g.id, 0, OddText("code" + n), OddText("severity" + n), 1, 2,
                          OddText("field" + n), OddText("message" + n)});
  }
  s.findings.push_back({"\\.", 0, "\\N", "\\.", 0, 0, "", ""});
  Import(s);

  auto whole = store_->ReadCorpus();
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ExpectSameSnapshot(whole->snapshot, InStoredOrder(s));
  for (const GuideRecord& want : s.guides) {
    auto got = store_->GetGuide(want.summary.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, want);
  }
  GuideQuery q;
  q.company = s.guides[1].summary.company;
  EXPECT_EQ(ListIds(q), std::vector<std::string>{s.guides[1].summary.id});
  EXPECT_EQ(*store_->ListBands({.region = s.bands[0].region}), std::vector<StoredBand>{s.bands[0]});
  EXPECT_EQ(*store_->ListFindings({.guide_id = "\\."}), std::vector<StoredFinding>{s.findings[2]});
  EXPECT_EQ(store_->Stats()->last_import_dir, s.source_dir);
}

// Readers during an import see the whole old corpus, never a part of the new
// one, and are not blocked by it; after the commit they see the whole new one.
TEST_P(StoreConformance, ReadersNeverSeeHalfAnImport) {
  Import(Sample());
  CorpusSnapshot big = Other();
  for (int i = 0; i < 300; ++i) {
    GuideRecord r = Record("g" + std::to_string(1000 + i), "c", "C", "r", "R", "", "", {});
    big.guides.push_back(r);
  }
  std::atomic<bool> done{false}, importing{false};
  std::atomic<int> reads_during{0}, corpus_reads_during{0}, wrong{0};
  std::thread reader([&] {
    while (!done.load()) {
      const bool during = importing.load();
      auto page = store_->ListGuides({});
      if (during && importing.load()) {
        if (!page.ok() || page->total != 5) ++wrong;
        ++reads_during;
      }
      const bool whole_during = importing.load();
      auto whole = store_->ReadCorpus();
      if (whole_during && importing.load()) {
        if (!whole.ok() || whole->snapshot.guides.size() != 5 || whole->generation != 1 ||
            whole->snapshot.findings.size() != 4)
          ++wrong;
        ++corpus_reads_during;
      }
    }
  });
  ReplaceOptions o;
  // `importing` is true only between the first row and the last one, so a read
  // that starts and ends while it is true ran before the commit (the commit
  // comes after the last row) and must see the old corpus.
  o.on_row = [&](int64_t row, int64_t total) {
    if (row == 1) importing = true;
    if (row == total) importing = false;
    if (row == 150) {
      // Half way through, wait (at most 10 s) until the reader has read a few times.
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while ((reads_during.load() < 3 || corpus_reads_during.load() < 1) &&
             std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return Status::Ok();
  };
  Status st = store_->ReplaceCorpus(big, o);
  importing = false;
  auto after = store_->ListGuides({});
  done = true;
  reader.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(reads_during.load(), 3);
  EXPECT_GE(corpus_reads_during.load(), 1);  // ReadCorpus ran inside the import, too
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->total, 301);
}

INSTANTIATE_TEST_SUITE_P(AllStores, StoreConformance,
                         ::testing::ValuesIn(testing::StoreBackendsUnderTest()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace levers
