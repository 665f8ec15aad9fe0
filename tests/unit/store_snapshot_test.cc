// BuildCorpusSnapshot: guides read and checked from a folder, as rows, with every
// figure worked out by hand from tests/test_guides.h.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "levers/corpus.h"
#include "levers/render.h"
#include "levers/store.h"
#include "store/test_databases.h"
#include "test_guides.h"

// Filters are written with designated initializers; GCC 12 warns about every
// member they leave at its default, which is the point of them.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace levers {
namespace {

namespace fs = std::filesystem;
using testing::CleanGuide;
using testing::Replace;

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("levers-snapshot-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "team");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }

  std::vector<CheckedGuide> ReadAll() {
    auto paths = CollectGuidePaths({root_.string()});
    EXPECT_TRUE(paths.ok());
    CorpusOptions o;
    o.check.today = Date{2026, 12, 1};  // after the guide's next_review_due
    o.jobs = 1;
    return ReadAndCheck(*paths, o);
  }

  Result<CorpusSnapshot> Snapshot() {
    return BuildCorpusSnapshot(ReadAll(), {root_.string(), "2026-12-01T09:00:00Z"});
  }

  // `s` holds the guide team/quillon and rows of no other guide, and refused
  // the files of `refused`, each message naming a file below the folder.
  void ExpectOnlyQuillon(const Result<CorpusSnapshot>& s, std::vector<std::string> refused) {
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_EQ(s->guides.size(), 1u);
    EXPECT_EQ(s->guides[0].summary.id, "team/quillon");
    for (const StoredFinding& f : s->findings) EXPECT_EQ(f.guide_id, "team/quillon");
    for (const StoredBand& b : s->bands) EXPECT_EQ(b.guide_id, "team/quillon");
    for (const StoredLever& l : s->levers) EXPECT_EQ(l.guide_id, "team/quillon");
    for (const StoredStrategy& st : s->strategies) EXPECT_EQ(st.guide_id, "team/quillon");
    for (const StoredLevelEquivalence& e : s->level_equivalences)
      EXPECT_EQ(e.guide_id, "team/quillon");
    for (std::string& r : refused) r = root_.string() + "/" + r;
    EXPECT_EQ(s->refused, refused);
  }

  fs::path root_;
};

TEST_F(SnapshotTest, ACleanGuideAsRows) {
  Write("team/quillon.md", CleanGuide());
  auto s = Snapshot();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->imported_at, "2026-12-01T09:00:00Z");
  EXPECT_EQ(s->source_dir, root_.string());
  ASSERT_EQ(s->guides.size(), 1u);
  const GuideRecord& g = s->guides[0];
  GuideSummary want;
  want.id = "team/quillon";       // relative to the folder, without .md
  want.path = "team/quillon.md";  // under the folder too: no path of the editor's disk
  want.company = "quillon-labs";
  want.company_display = "Quillon Labs";
  want.role = "software-engineer";
  want.role_display = "Software Engineer";
  want.role_type = "standard";
  want.last_updated = "2026-08-01";
  want.next_review_due = "2026-11-01";
  want.data_quality = "medium";
  want.salary_data_quarter = "2026-Q2";
  want.regions = {"Seattle", "Dublin"};
  want.errors = 0;
  want.warnings = 1;  // review-overdue on 2026-12-01
  EXPECT_EQ(g.summary, want);
  EXPECT_EQ(g.source, CleanGuide());

  // The JSON is the renderer's, compact.
  DiagnosticSink sink;
  SourceFile file(want.path, CleanGuide());
  std::optional<Guide> model = ReadGuide(file, sink);
  ASSERT_TRUE(model);
  JsonOptions jo;
  jo.pretty = false;
  EXPECT_EQ(g.json, RenderGuideJson(*model, jo));
  EXPECT_EQ(g.json.find('\n'), std::string::npos);

  // Bands: front matter and table merged; amounts in cents; the bonus range from the table.
  ASSERT_EQ(s->bands.size(), 2u);
  StoredBand seattle;
  seattle.guide_id = "team/quillon";
  seattle.position = 0;
  seattle.company = "quillon-labs";
  seattle.role = "software-engineer";
  seattle.region = "Seattle";
  seattle.currency = "USD";
  seattle.base_low = 15'000'000;
  seattle.base_high = 19'000'000;
  seattle.stock_low = 12'000'000;
  seattle.stock_high = 20'000'000;
  seattle.bonus_pct_low_bp = 1000;
  seattle.bonus_pct_high_bp = 1500;
  seattle.total_comp_low = 19'500'000;
  seattle.total_comp_high = 26'800'000;
  seattle.stock_vesting_years = 4;
  EXPECT_EQ(s->bands[0], seattle);
  StoredBand dublin = seattle;
  dublin.position = 1;
  dublin.region = "Dublin";
  dublin.currency = "EUR";
  dublin.base_low = 9'000'000;
  dublin.base_high = 12'000'000;
  dublin.stock_low = 6'000'000;
  dublin.stock_high = 10'000'000;
  dublin.total_comp_low = 11'400'000;
  dublin.total_comp_high = 16'300'000;
  EXPECT_EQ(s->bands[1], dublin);

  ASSERT_EQ(s->levers.size(), 2u);
  EXPECT_EQ(s->levers[0],
            (StoredLever{"team/quillon", 0, "Sync Experience",
                         "I have shipped conflict-free replication before. That is worth $185K "
                         "base."}));
  EXPECT_EQ(s->levers[1].title, "Competing Offer");
  EXPECT_EQ(s->levers[1].position, 1);

  ASSERT_EQ(s->strategies.size(), 1u);
  EXPECT_TRUE(s->strategies[0].text.starts_with("I'm holding a Google L4 offer"));
  EXPECT_TRUE(s->strategies[0].text.ends_with("below that, Google wins."));
  EXPECT_EQ(s->strategies[0].floor, (Money{17'000'000, "USD"}));

  ASSERT_EQ(s->level_equivalences.size(), 3u);
  EXPECT_EQ(s->level_equivalences[0], (StoredLevelEquivalence{"team/quillon", 0, "Quillon Labs SWE",
                                                              "Quillon Labs", "SWE", "", ""}));
  EXPECT_EQ(s->level_equivalences[1],
            (StoredLevelEquivalence{"team/quillon", 1, "Google L4", "Google", "", "L4", "L4"}));
  EXPECT_EQ(s->level_equivalences[2],
            (StoredLevelEquivalence{"team/quillon", 2, "Meta E4", "Meta", "", "E4", "E4"}));

  // "next_review_due: 2026-11-01" is line 10; the date starts at column 18.
  ASSERT_EQ(s->findings.size(), 1u);
  EXPECT_EQ(
      s->findings[0],
      (StoredFinding{"team/quillon", 0, "review-overdue", "warning", 10, 18, "next_review_due",
                     "review was due 2026-11-01, 30 days before 2026-12-01"}));
  EXPECT_EQ(SnapshotRowCount(*s), 1 + 2 + 2 + 1 + 3 + 1 + 1);
}

TEST_F(SnapshotTest, ErrorsAndModelessFilesKeepTheirFindings) {
  Write("bad.md", Replace(CleanGuide(), "base_low: 150000", "base_low: 290000"));
  Write("empty.md", "");
  auto s = Snapshot();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->guides.size(), 1u);  // the empty file gives no model
  EXPECT_EQ(s->guides[0].summary.id, "bad");
  EXPECT_GE(s->guides[0].summary.errors, 1);
  bool range_order = false, empty_finding = false;
  for (const StoredFinding& f : s->findings) {
    if (f.guide_id == "bad" && f.code == "range-order") {
      range_order = true;
      EXPECT_EQ(f.severity, "error");
      EXPECT_EQ(f.line, 13);  // "    base_low: 290000"
      EXPECT_EQ(f.field, "compensation[0].base_low");
    }
    if (f.guide_id == "empty") {
      empty_finding = true;
      EXPECT_EQ(f.severity, "error");
    }
  }
  EXPECT_TRUE(range_order);
  EXPECT_TRUE(empty_finding);
  int64_t bad_errors = 0;
  for (const StoredFinding& f : s->findings)
    bad_errors += f.guide_id == "bad" && f.severity == "error";
  EXPECT_EQ(s->guides[0].summary.errors, bad_errors);
}

TEST_F(SnapshotTest, InvalidUtf8InTheModelIsReplacedButTheSourceIsKept) {
  const std::string text =
      Replace(CleanGuide(), "**Sync Experience:**", "**Sync \xff Experience:**");
  Write("team/quillon.md", text);
  auto s = Snapshot();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->levers.size(), 2u);
  EXPECT_EQ(s->levers[0].title, "Sync \xef\xbf\xbd Experience");
  EXPECT_EQ(s->guides[0].source, text);
  // And a store takes it.
  auto store = OpenStore("memory:");
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->ReplaceCorpus(*s).ok());
}

TEST_F(SnapshotTest, UnreadableFilesAndDuplicateIdsFailTheSnapshot) {
  Write("team/quillon.md", CleanGuide());
  std::vector<CheckedGuide> guides = ReadAll();
  ASSERT_EQ(guides.size(), 1u);
  std::vector<CheckedGuide> twice = {guides[0], guides[0]};
  auto dup = BuildCorpusSnapshot(twice, {root_.string(), ""});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), guides[0].path + ": a second file with the id 'team/quillon'");

  CheckedGuide missing;
  missing.path = (root_ / "gone.md").string();
  missing.load_status = Status::IOError(missing.path + ": cannot open: No such file or directory");
  auto r = BuildCorpusSnapshot({guides[0], missing}, {root_.string(), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), missing.path + ": cannot open: No such file or directory");
}

// A name that is not UTF-8 makes an id no URL can name: that file is left out
// and named, the bytes as \xHH, and the rest goes in.
TEST_F(SnapshotTest, FilesNamedInAnythingButUtf8AreRefusedAndTheRestKept) {
  Write("team/quillon.md", CleanGuide());
  Write("team/caf\xE9.md", CleanGuide());
  fs::create_directories(root_ / "\xFF\xFE");
  Write("\xFF\xFE/x.md", CleanGuide());
  // The folder scan refuses both names first, for every command (no page
  // or id could hold them); a snapshot given the files anyway refuses them too.
  auto list = CollectGuides({root_.string()});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->refused,
            (std::vector<std::string>{
                root_.string() + "/\\xFF\\xFE: the name is not valid UTF-8 (byte \\xFF); a page "
                                 "or guide id cannot hold it, rename the file; not read",
                root_.string() + "/team/caf\\xE9.md: the name is not valid UTF-8 (byte \\xE9); "
                                 "a page or guide id cannot hold it, rename the file; not read"}));
  std::vector<std::string> paths = list->paths;
  paths.push_back((root_ / "team/caf\xE9.md").string());
  paths.push_back((root_ / "\xFF\xFE/x.md").string());
  std::sort(paths.begin(), paths.end());
  CorpusOptions o;
  o.check.today = Date{2026, 12, 1};
  o.jobs = 1;
  std::vector<CheckedGuide> guides = ReadAndCheck(paths, o);
  ASSERT_EQ(guides.size(), 3u);
  ExpectOnlyQuillon(BuildCorpusSnapshot(guides, {root_.string(), "2026-12-01T09:00:00Z"}),
                    {"team/caf\\xE9.md: the name is not valid UTF-8 (byte \\xE9); a guide id "
                     "cannot hold it, rename the file; not imported",
                     "\\xFF\\xFE/x.md: the name is not valid UTF-8 (byte \\xFF); a guide id "
                     "cannot hold it, rename the file; not imported"});
}

// A guide with an id, name or region longer than the stores keep
// (kMaxKeyBytes) is refused by name, the rest imported, into every store.
TEST_F(SnapshotTest, GuidesWithValuesTooLongForAStoreAreRefusedAndTheRestKept) {
  Write("team/quillon.md", CleanGuide());
  Write("team/long-name.md", Replace(CleanGuide(), "company_display: Quillon Labs",
                                     "company_display: Quillon " + std::string(3000, 'L')));
  Write("team/long-region.md", Replace(CleanGuide(), "Seattle", std::string(1100, 'S')));
  // An id of 1,106 bytes: "team", five folders of 219 bytes, "x".
  std::string dir = "team";
  for (int i = 0; i < 5; ++i) dir += "/" + std::string(219, 'd');
  fs::create_directories(root_ / dir);
  Write(dir + "/x.md", CleanGuide());
  // The folder scan refuses a folder too deep for any id first, for every
  // command; a snapshot given the file anyway refuses its id too.
  auto list = CollectGuides({root_.string()});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->refused,
            std::vector<std::string>{(root_ / dir).string() + ": the folder's path under " +
                                     root_.string() +
                                     " is 1104 bytes long; a guide id holds at most 1024, so the "
                                     "guides in it were not read"});
  std::vector<std::string> paths = list->paths;
  paths.push_back((root_ / dir / "x.md").string());
  std::sort(paths.begin(), paths.end());
  CorpusOptions o;
  o.check.today = Date{2026, 12, 1};
  o.jobs = 1;
  auto s = BuildCorpusSnapshot(ReadAndCheck(paths, o), {root_.string(), "2026-12-01T09:00:00Z"});
  ExpectOnlyQuillon(
      s, {dir + "/x.md: the guide id is 1106 bytes long; a store keeps at most 1024, rename the "
                "file; not imported",
          "team/long-name.md: the company_display is 3008 bytes long; a store keeps at most "
          "1024, shorten it; not imported",
          "team/long-region.md: the region is 1100 bytes long; a store keeps at most 1024, "
          "shorten it; not imported"});
  ASSERT_TRUE(s.ok());
  for (const std::string& backend : testing::StoreBackendsUnderTest()) {
    auto db = testing::MakeTestDatabase(backend);
    if (!db) continue;  // PostgreSQL without LEVERS_TEST_PG_URL
    auto store = OpenStore(db->url());
    ASSERT_TRUE(store.ok()) << backend << ": " << store.status().ToString();
    Status st = (*store)->ReplaceCorpus(*s);
    ASSERT_TRUE(st.ok()) << backend << ": " << st.ToString();
    EXPECT_EQ((*store)->Stats()->guides, 1) << backend;
  }
}

// The bundled corpus goes into a store whole.
TEST(BundledCorpus, ImportsIntoEveryGuide) {
  const std::string dir = std::string(LEVERS_SOURCE_DIR) + "/data/guides";
  auto paths = CollectGuidePaths({dir});
  ASSERT_TRUE(paths.ok());
  CorpusOptions o;
  o.check.today = Date{2026, 3, 1};
  auto s = BuildCorpusSnapshot(ReadAndCheck(*paths, o), {dir, "2026-03-01T00:00:00Z"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->guides.size(), paths->size());
  auto store = OpenStore("memory:");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->ReplaceCorpus(*s).ok());
  auto g = (*store)->GetGuide("hugging-face-enterprise--engineering-manager");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->summary.company_display, "Hugging Face Enterprise");
  EXPECT_EQ(g->summary.regions.front(), "San Francisco");
  auto sf = (*store)->ListBands(
      {.guide_id = "hugging-face-enterprise--engineering-manager", .region = "san francisco"});
  ASSERT_TRUE(sf.ok());
  ASSERT_EQ(sf->size(), 1u);
  EXPECT_EQ((*sf)[0].base_low, 22'000'000);  // base_low: 220000 USD
  EXPECT_EQ((*sf)[0].base_high, 27'500'000);
  EXPECT_EQ((*sf)[0].currency, "USD");
}

// Text a store cannot hold (bytes that are not UTF-8, a NUL) becomes U+FFFD,
// one for each byte; the reader reported the bytes already.
TEST_F(SnapshotTest, TextAStoreCannotHoldBecomesReplacementCharacters) {
  Write("team/q.md", Replace(testing::kBody, "| Quillon Labs", "| Quillon \xE0\x80\x80 Labs"));
  auto s = Snapshot();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->guides.size(), 1u);
  EXPECT_EQ(s->guides[0].summary.company_display, "Quillon \uFFFD\uFFFD\uFFFD Labs");
}

}  // namespace
}  // namespace levers
