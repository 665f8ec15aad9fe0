// SiteReloader: a server notices a new import by itself, swaps the whole site
// at once, keeps requests that hold the old site on the old corpus, and keeps
// serving the old corpus when a check or a load fails. Runs on every store of
// the conformance suite (PostgreSQL when LEVERS_TEST_PG_URL is set). Expected
// values come from the two folders imported, not from the handler.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "levers/reader.h"
#include "levers/server.h"
#include "store/test_databases.h"

namespace levers {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
const std::string kGuides = std::string(LEVERS_SOURCE_DIR) + "/data/guides";
constexpr const char* kKept = "ambertrail-freight--product-manager";
constexpr const char* kChanged = "brinewick-markets--senior-software-engineer";
constexpr const char* kRemoved = "cobblestack-robotics--site-reliability-engineer";
constexpr const char* kAdded1 = "glimmerfen-health--data-scientist";
constexpr const char* kAdded2 = "tallowmere-payments--security-engineer";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// A folder of guides: each id with its text.
class GuideFolder {
 public:
  explicit GuideFolder(const std::string& name) {
    dir_ = fs::temp_directory_path() / ("levers-reload-" + name + "-" + std::to_string(::getpid()) +
                                        "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~GuideFolder() { fs::remove_all(dir_); }
  void Add(const std::string& id, const std::string& text) {
    std::ofstream(dir_ / (id + ".md"), std::ios::binary) << text;
  }
  void Copy(const std::string& id) { Add(id, ReadFile(kGuides + "/" + id + ".md")); }

  // What `levers import` would store for this folder.
  CorpusSnapshot Snapshot(const std::string& imported_at) const {
    auto paths = CollectGuidePaths({dir_.string()});
    EXPECT_TRUE(paths.ok());
    CorpusOptions co;
    co.check.today = Date{2026, 11, 23};
    std::vector<CheckedGuide> checked =
        ReadAndCheck(paths.ok() ? *paths : std::vector<std::string>{}, co);
    SnapshotOptions so;
    so.root_dir = dir_.string();
    so.imported_at = imported_at;
    auto snap = BuildCorpusSnapshot(checked, so);
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    return snap.ok() ? *snap : CorpusSnapshot{};
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

const std::string& JsonOf(const CorpusSnapshot& s, const std::string& id) {
  for (const GuideRecord& g : s.guides)
    if (g.summary.id == id) return g.json;
  static const std::string kNone;
  ADD_FAILURE() << "no guide " << id;
  return kNone;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

HttpResponse Get(const ServedSite& site, const std::string& target) {
  HttpRequest r;
  r.method = "GET";
  r.target = target;
  return site.Handle(r);
}

Json GetJson(const ServedSite& site, const std::string& target) {
  HttpResponse r = Get(site, target);
  EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  return Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
}

std::vector<std::string> ListedIds(const ServedSite& site) {
  std::vector<std::string> ids;
  const Json page = GetJson(site, "/api/guides");
  for (const Json& g : page["items"]) ids.push_back(g["id"]);
  return ids;
}

// A store that answers errors on demand, around a real one.
class FaultyStore final : public Store {
 public:
  explicit FaultyStore(std::shared_ptr<Store> inner) : inner_(std::move(inner)) {}
  std::atomic<bool> fail_generation{false}, fail_read{false}, throw_on_read{false};
  // The message of a failed check; set only while no check runs.
  std::string generation_error = "injected: the server went away";
  // The file the store says it is kept in (the inner store's when empty); set
  // only while no check runs.
  std::string file_path;

  std::string_view Backend() const override { return inner_->Backend(); }
  int SchemaVersion() const override { return inner_->SchemaVersion(); }
  Status ReplaceCorpus(const CorpusSnapshot& s, const ReplaceOptions& o) override {
    return inner_->ReplaceCorpus(s, o);
  }
  Result<GuidePage> ListGuides(const GuideQuery& q) const override { return inner_->ListGuides(q); }
  Result<GuideRecord> GetGuide(std::string_view id) const override { return inner_->GetGuide(id); }
  Result<GuideParts> GetGuideParts(std::string_view id) const override {
    return inner_->GetGuideParts(id);
  }
  Result<std::vector<StoredBand>> ListBands(const BandFilter& f) const override {
    return inner_->ListBands(f);
  }
  Result<std::vector<StoredFinding>> ListFindings(const FindingFilter& f) const override {
    return inner_->ListFindings(f);
  }
  Result<std::vector<GuideSource>> AllGuideSources() const override {
    return inner_->AllGuideSources();
  }
  Result<StoreStats> Stats() const override { return inner_->Stats(); }
  std::string_view FilePath() const override {
    return file_path.empty() ? inner_->FilePath() : file_path;
  }
  Result<int64_t> ImportGeneration() const override {
    if (fail_generation) return Status::IOError(generation_error);
    return inner_->ImportGeneration();
  }
  Result<ImportIdentity> LastImport() const override {
    if (fail_generation) return Status::IOError(generation_error);
    std::unique_lock lock(block_mu_);
    if (block_checks_) {
      ++blocked_checks_;
      block_cv_.notify_all();
      block_cv_.wait(lock, [this] { return !block_checks_; });
    }
    lock.unlock();
    return inner_->LastImport();
  }
  // From now, LastImport blocks (a call to a stalled server) until Unblock.
  void Block() {
    std::lock_guard lock(block_mu_);
    block_checks_ = true;
  }
  void Unblock() {
    {
      std::lock_guard lock(block_mu_);
      block_checks_ = false;
    }
    block_cv_.notify_all();
  }
  // Waits (at most 10 s) until a LastImport call is blocked; true when one is.
  bool WaitUntilBlocked() {
    std::unique_lock lock(block_mu_);
    return block_cv_.wait_for(lock, std::chrono::seconds(10),
                              [this] { return blocked_checks_ > 0; });
  }
  Result<StoredCorpus> ReadCorpus() const override {
    if (fail_read) return Status::IOError("injected: read failed half way");
    if (throw_on_read) throw std::bad_alloc();
    return inner_->ReadCorpus();
  }

 private:
  std::shared_ptr<Store> inner_;
  mutable std::mutex block_mu_;
  mutable std::condition_variable block_cv_;
  bool block_checks_ = false;
  mutable int blocked_checks_ = 0;
};

class ReloadTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = testing::MakeTestDatabase(GetParam());
    if (!db_) GTEST_SKIP() << testing::SkipReason(GetParam());
    auto s = OpenStore(db_->url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::shared_ptr<Store>(std::move(*s));

    folder_a_.Copy(kKept);
    folder_a_.Copy(kChanged);
    folder_a_.Copy(kRemoved);
    folder_b_.Copy(kKept);
    folder_b_.Add(kChanged, Replaced(Replaced(ReadFile(kGuides + "/" + kChanged + ".md"),
                                              "company_display: Brinewick Markets",
                                              "company_display: Brinewick Exchange"),
                                     "base_low: 250000", "base_low: 260000"));
    folder_b_.Copy(kAdded1);
    folder_b_.Copy(kAdded2);
    // The same imported_at for both: the store's import count tells them apart.
    a_ = folder_a_.Snapshot("2026-11-23T10:00:00Z");
    b_ = folder_b_.Snapshot("2026-11-23T10:00:00Z");
    ASSERT_EQ(a_.guides.size(), 3u);
    ASSERT_EQ(b_.guides.size(), 4u);
    ASSERT_NE(JsonOf(a_, kChanged), JsonOf(b_, kChanged));
  }

  void Import(const CorpusSnapshot& s) {
    Status st = store_->ReplaceCorpus(s);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::unique_ptr<SiteReloader> Open(std::shared_ptr<const Store> store,
                                     std::chrono::milliseconds interval = {},
                                     std::function<Date()> today = {}) {
    ReloadOptions o;
    o.interval = interval;
    o.today = std::move(today);
    o.log = [this](const std::string& line) {
      std::lock_guard lock(log_mu_);
      log_.push_back(line);
    };
    auto r = SiteReloader::Open(std::move(store), {}, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(*r) : nullptr;
  }

  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  void ExpectCorpusA(const ServedSite& site) {
    Json health = GetJson(site, "/api/health");
    EXPECT_EQ(health["guides"], 3);
    EXPECT_EQ(health["import_generation"], 1);
    EXPECT_EQ(health["store"], GetParam());
    EXPECT_EQ(ListedIds(site), (std::vector<std::string>{kKept, kChanged, kRemoved}));
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kChanged).body, JsonOf(a_, kChanged) + "\n");
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kRemoved).status, 200);
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kAdded1).status, 404);
    HttpResponse page = Get(site, std::string("/guides/") + kChanged);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Brinewick Markets"), std::string::npos);
    EXPECT_EQ(page.body.find("Brinewick Exchange"), std::string::npos);
    EXPECT_EQ(Get(site, std::string("/guides/") + kRemoved).status, 200);
    EXPECT_EQ(Get(site, std::string("/guides/") + kAdded1).status, 404);
    EXPECT_EQ(
        GetJson(site, std::string("/api/bands?guide=") + kChanged)["items"][0]["base_low_minor"],
        25'000'000);
  }

  void ExpectCorpusB(const ServedSite& site, int generation) {
    Json health = GetJson(site, "/api/health");
    EXPECT_EQ(health["guides"], 4);
    EXPECT_EQ(health["import_generation"], generation);
    EXPECT_EQ(health["last_import"], "2026-11-23T10:00:00Z");
    EXPECT_EQ(ListedIds(site), (std::vector<std::string>{kKept, kChanged, kAdded1, kAdded2}));
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kChanged).body, JsonOf(b_, kChanged) + "\n");
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kAdded2).body, JsonOf(b_, kAdded2) + "\n");
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kRemoved).status, 404);
    EXPECT_EQ(Get(site, std::string("/api/guides/") + kRemoved + "/findings").status, 404);
    HttpResponse page = Get(site, std::string("/guides/") + kChanged);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Brinewick Exchange"), std::string::npos);
    EXPECT_EQ(Get(site, std::string("/guides/") + kAdded1).status, 200);
    EXPECT_EQ(Get(site, std::string("/guides/") + kRemoved).status, 404);
    // Store-backed and model-backed answers agree: the band and the Markdown.
    EXPECT_EQ(
        GetJson(site, std::string("/api/bands?guide=") + kChanged)["items"][0]["base_low_minor"],
        26'000'000);
    EXPECT_NE(Get(site, std::string("/api/guides/") + kChanged + "?format=md")
                  .body.find("Brinewick Exchange"),
              std::string::npos);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::shared_ptr<Store> store_;
  GuideFolder folder_a_{"a"}, folder_b_{"b"};
  CorpusSnapshot a_, b_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

// Without --today the served corpus takes today's date once per load: the
// API's HTML rendering and the web app's health page use that one date, so
// they agree on which reviews are overdue.
TEST_P(ReloadTest, WithoutTodayTheApiAndThePagesAgreeOnOverdueReviews) {
  GuideFolder folder("overdue");
  folder.Add(kKept, Replaced(ReadFile(kGuides + "/" + std::string(kKept) + ".md"),
                             "next_review_due: 2026-12-14", "next_review_due: 2001-01-14"));
  folder.Add(kAdded2, Replaced(ReadFile(kGuides + "/" + std::string(kAdded2) + ".md"),
                               "next_review_due: 2027-01-05", "next_review_due: 2999-01-05"));
  Import(folder.Snapshot("2026-11-23T10:00:00Z"));
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  std::shared_ptr<const ServedSite> site = reloader->Current();
  EXPECT_EQ(site->corpus().options().today, std::optional<Date>(TodayUtc()));
  const std::string overdue = "review-overdue";
  const HttpResponse api_late = Get(*site, std::string("/api/guides/") + kKept + "?format=html");
  const HttpResponse api_due = Get(*site, std::string("/api/guides/") + kAdded2 + "?format=html");
  ASSERT_EQ(api_late.status, 200);
  ASSERT_EQ(api_due.status, 200);
  EXPECT_NE(api_late.body.find(overdue), std::string::npos) << api_late.body;
  EXPECT_EQ(api_due.body.find(overdue), std::string::npos);
  const HttpResponse health = Get(*site, "/health");
  ASSERT_EQ(health.status, 200);
  // One finding, the API's: the overdue guide's, with the date it was due.
  EXPECT_EQ(Count(health.body, overdue), 1u) << health.body;
  EXPECT_NE(health.body.find("2001-01-14"), std::string::npos);
}

// Without --today, a check on a new day loads the same import again as of
// that day: the findings routes (by default) and the pages judge the review due
// in between as overdue from then on; on the same day nothing is loaded.
TEST_P(ReloadTest, WithoutTodayANewDayIsJudgedAsOfThatDay) {
  GuideFolder folder("turning");
  folder.Add(kKept, Replaced(ReadFile(kGuides + "/" + std::string(kKept) + ".md"),
                             "next_review_due: 2026-12-14", "next_review_due: 2030-06-01"));
  Import(folder.Snapshot("2026-11-23T10:00:00Z"));
  auto day = std::make_shared<std::atomic<int>>(1);
  auto reloader = Open(store_, {}, [day] { return Date{2030, 6, day->load()}; });
  ASSERT_NE(reloader, nullptr);
  const std::string overdue = "review-overdue";
  const std::string findings = std::string("/api/guides/") + kKept + "/findings";
  std::shared_ptr<const ServedSite> first = reloader->Current();
  EXPECT_EQ(first->corpus().options().today, (std::optional<Date>(Date{2030, 6, 1})));
  EXPECT_EQ(Get(*first, findings).body.find(overdue), std::string::npos);
  Result<bool> same_day = reloader->CheckNow();
  ASSERT_TRUE(same_day.ok());
  EXPECT_FALSE(*same_day);
  day->store(2);
  Result<bool> next_day = reloader->CheckNow();
  ASSERT_TRUE(next_day.ok());
  EXPECT_TRUE(*next_day);
  std::shared_ptr<const ServedSite> second = reloader->Current();
  EXPECT_EQ(second->corpus().options().today, (std::optional<Date>(Date{2030, 6, 2})));
  EXPECT_EQ(second->corpus().generation(), first->corpus().generation());
  EXPECT_NE(Get(*second, findings).body.find(overdue), std::string::npos);
  const HttpResponse health = Get(*second, "/health");
  EXPECT_NE(health.body.find("2030-06-01"), std::string::npos) << health.body;
  // A date asked for is still judged as asked.
  EXPECT_EQ(Get(*second, findings + "?today=2030-05-31").body.find(overdue), std::string::npos);
}

TEST_P(ReloadTest, ANewImportIsServedAfterTheCheckAndOldRequestsFinishOnTheOld) {
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  const std::shared_ptr<const ServedSite> old = reloader->Current();
  ExpectCorpusA(*old);
  auto unchanged = reloader->CheckNow();
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(*unchanged);
  EXPECT_EQ(reloader->Current(), old);

  Import(b_);
  // Until the check, every route still answers from A, including those that
  // used to ask the store directly.
  ExpectCorpusA(*reloader->Current());
  auto swapped = reloader->CheckNow();
  ASSERT_TRUE(swapped.ok()) << swapped.status().ToString();
  EXPECT_TRUE(*swapped);
  ExpectCorpusB(*reloader->Current(), 2);
  // A request that took the site before the swap still answers wholly from A.
  ExpectCorpusA(*old);
  EXPECT_FALSE(*reloader->CheckNow());
  EXPECT_TRUE(Log().empty());
}

TEST_P(ReloadTest, AFailedCheckOrLoadKeepsTheOldCorpusAndIsLoggedOnce) {
  Import(a_);
  auto faulty = std::make_shared<FaultyStore>(store_);
  auto reloader = Open(faulty);
  ASSERT_NE(reloader, nullptr);
  const std::shared_ptr<const ServedSite> old = reloader->Current();
  Import(b_);

  faulty->fail_read = true;
  auto r = reloader->CheckNow();
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(reloader->Current(), old);
  ExpectCorpusA(*reloader->Current());
  ASSERT_EQ(Log().size(), 1u);
  EXPECT_EQ(Log()[0],
            "levers: loading import 2 failed (still serving import 1): injected: read failed half "
            "way");

  faulty->fail_read = false;
  faulty->fail_generation = true;
  r = reloader->CheckNow();
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(reloader->Current(), old);
  ASSERT_EQ(Log().size(), 2u);
  EXPECT_EQ(Log()[1],
            "levers: checking the store for a new import failed (still serving import 1): "
            "injected: the server went away");

  // A load that throws (out of memory while two generations are held, say) is
  // a failed attempt like the others: logged, the old site serving.
  faulty->fail_generation = false;
  faulty->throw_on_read = true;
  r = reloader->CheckNow();
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(reloader->Current(), old);
  ASSERT_EQ(Log().size(), 3u);
  EXPECT_EQ(Log()[2],
            "levers: loading import 2 failed (still serving import 1): unexpected error: "
            "std::bad_alloc");
  // What the exception said is the log's alone: /api/health says only that
  // there was one.
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "unexpected error; the server's log has the whole message");

  // Once the store answers again, the next check loads the new import.
  faulty->throw_on_read = false;
  r = reloader->CheckNow();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(*r);
  ExpectCorpusB(*reloader->Current(), 2);
  EXPECT_EQ(Log().size(), 3u);
}

// /api/health says "degraded" while the server's checks cannot reach the store
// (a 200 still: every route answers from the import served), with the last
// error and the time of the last check that did; "ok" again once one does.
TEST_P(ReloadTest, HealthIsDegradedWhileTheStoreCannotBeReachedAndOkOnceItCan) {
  Import(a_);
  auto faulty = std::make_shared<FaultyStore>(store_);
  const auto opened = std::chrono::system_clock::now();
  auto reloader = Open(faulty);
  ASSERT_NE(reloader, nullptr);
  Json health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_TRUE(health["store_error"].is_null()) << health;
  ASSERT_TRUE(health["store_checked_at"].is_string()) << health;
  const std::string at_start = health["store_checked_at"];
  EXPECT_TRUE(std::regex_match(at_start, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << at_start;
  ASSERT_TRUE(reloader->Health().checked_at.has_value());
  EXPECT_GE(*reloader->Health().checked_at, opened);

  faulty->fail_generation = true;
  EXPECT_FALSE(reloader->CheckNow().ok());
  health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  EXPECT_EQ(health["store_error"], "injected: the server went away");
  EXPECT_EQ(health["store_checked_at"], at_start);  // the last check that reached it
  ExpectCorpusA(*reloader->Current());              // still served

  // Anyone may ask /api/health: it says what went wrong, never where the
  // store lives (the log keeps the whole message).
  faulty->file_path = "/srv/levers/main.db";
  faulty->generation_error = "sqlite:/srv/levers/main.db: no store at /srv/levers/main.db";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "sqlite store: no store at its path");
  EXPECT_NE(Log().back().find("/srv/levers/main.db"), std::string::npos) << Log().back();
  // The whole path, whatever it holds: ": " (where parsing "sqlite:PATH: "
  // would stop), quotes and spaces, and wherever the message names it.
  faulty->file_path = "/srv/a: \"b\" c/levers: 'main' db";
  faulty->generation_error =
      "sqlite:/srv/a: \"b\" c/levers: 'main' db: cannot read: /srv/a: \"b\" c/levers: 'main' "
      "db-wal";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "sqlite store: cannot read: its path-wal");
  // An exception's text, whatever file it names, is not shown at all.
  faulty->generation_error =
      "sqlite:/srv/a: \"b\" c/levers: 'main' db: cannot read: unexpected error: filesystem "
      "error: cannot open: [/srv/a: \"b\" c/levers: 'main' db-wal] [/tmp/x]";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "sqlite store: cannot read: unexpected error; the server's log has the whole message");
  EXPECT_NE(Log().back().find("[/tmp/x]"), std::string::npos) << Log().back();
  // A path that "its path" holds is replaced once each time, not again inside
  // the replacement.
  faulty->file_path = "a";
  faulty->generation_error = "sqlite:a: no store at a";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "sqlite store: no store its patht its path");
  // An SQLite message about a file that is not the store's own says nothing
  // of where that is.
  faulty->file_path = "/srv/levers/main.db";
  faulty->generation_error = "sqlite:/srv/other: x.db: no store at /srv/other: x.db";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "sqlite store: an error that names a file; the server's log has the whole message");
  faulty->file_path.clear();
  faulty->generation_error =
      "postgresql: connection to server at \"db.internal\" (10.1.2.3), port 5432 failed: "
      "Connection refused; connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" "
      "failed: No such file or directory; could not translate host name \"db.internal\" to "
      "address";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "postgresql: connection to the server failed: Connection refused; connection to the "
            "server failed: No such file or directory; could not translate the host name to "
            "address");
  faulty->generation_error =
      "postgresql: cannot connect: could not connect to server: Connection refused\n\tIs the "
      "server running on host \"db.internal\" (10.1.2.3) and accepting\n\tTCP/IP connections on "
      "port 5432?; server certificate for \"db.internal\" does not match host name \"db2\" "
      "(fe80::1)";
  EXPECT_FALSE(reloader->CheckNow().ok());
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["store_error"],
            "postgresql: cannot connect: could not connect to server: Connection refused\n\tIs "
            "the server running on host (hidden) and accepting\n\tTCP/IP connections on port "
            "5432?; server certificate for (hidden) does not match the host name");
  faulty->generation_error = "injected: the server went away";

  // A load that fails once the store answers the check: degraded too.
  faulty->fail_generation = false;
  faulty->fail_read = true;
  Import(b_);
  EXPECT_FALSE(reloader->CheckNow().ok());
  health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  EXPECT_EQ(health["store_error"], "injected: read failed half way");

  faulty->fail_read = false;
  EXPECT_TRUE(*reloader->CheckNow());
  health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_TRUE(health["store_error"].is_null()) << health;
  EXPECT_GE(*reloader->Health().checked_at, opened);
  EXPECT_EQ(health["import_generation"], 2);
}

// An SQLite store file replaced by one that is not a store, then by a store:
// degraded (the reopen's error), then ok and the new file's import served. A
// file gone is degraded too.
TEST_P(ReloadTest, HealthIsDegradedWhileTheStoreFileIsUnreadable) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "only an sqlite: store is kept in a file";
  const std::string path = static_cast<testing::SqliteDatabase&>(*db_).path();
  const std::string other = path + ".other";
  auto remove_store = [](const std::string& p) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p + suffix);
  };
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  store_.reset();

  remove_store(path);
  EXPECT_FALSE(*reloader->CheckNow());
  Json health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  EXPECT_EQ(health["store_error"],
            "the store file is gone; an import at its place is served once it commits");

  std::ofstream(other, std::ios::binary) << std::string(8192, 'x');
  fs::rename(other, path);
  EXPECT_FALSE(reloader->CheckNow().ok());
  health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  ASSERT_TRUE(health["store_error"].is_string()) << health;
  EXPECT_NE(health["store_error"].get<std::string>().find("not a database"), std::string::npos)
      << health;
  ExpectCorpusA(*reloader->Current());

  remove_store(path);
  {
    auto fresh = OpenStore("sqlite:" + other);
    ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
    ASSERT_TRUE((*fresh)->ReplaceCorpus(b_).ok());
  }
  fs::rename(other, path);
  EXPECT_TRUE(*reloader->CheckNow());
  health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_TRUE(health["store_error"].is_null()) << health;
  ExpectCorpusB(*reloader->Current(), 1);
}

// An SQLite store at a path holding ": ", quotes and spaces, replaced by a
// file that is not a store: /api/health says why, as SQLite and the store
// word it, and nothing of the path (the log keeps it).
TEST_P(ReloadTest, HealthHidesAStorePathOfColonsQuotesAndSpaces) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "only an sqlite: store is kept in a file";
  const fs::path dir =
      fs::temp_directory_path() / ("levers reload: \"odd\" 'dir' " + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "store: \"main\" v2.db").string();
  std::shared_ptr<Store> store;
  {
    auto s = OpenStore("sqlite:" + path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store = std::shared_ptr<Store>(std::move(*s));
  }
  ASSERT_TRUE(store->ReplaceCorpus(a_).ok());
  EXPECT_EQ(store->FilePath(), path);
  auto reloader = Open(store);
  ASSERT_NE(reloader, nullptr);
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
  std::ofstream(path, std::ios::binary) << std::string(8192, 'x');
  EXPECT_FALSE(reloader->CheckNow().ok());
  const Json health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  ASSERT_TRUE(health["store_error"].is_string()) << health;
  const std::string error = health["store_error"];
  EXPECT_TRUE(error.starts_with("sqlite store: ")) << error;
  EXPECT_NE(error.find("not a database"), std::string::npos) << error;
  for (const char* part : {"odd", "dir", "reload", "main", "v2", ".db", "\"", "'"})
    EXPECT_EQ(error.find(part), std::string::npos) << part << " in " << error;
  EXPECT_NE(Log().back().find(path), std::string::npos) << Log().back();
  reloader.reset();
  fs::remove_all(dir);
}

// The background thread survives loads that throw, waits longer after each
// failed attempt (20, 40, 80 ... ms here, not every 20 ms), and loads the
// import once the store reads again.
TEST_P(ReloadTest, TheBackgroundThreadSurvivesAThrowingLoadAndBacksOff) {
  Import(a_);
  auto faulty = std::make_shared<FaultyStore>(store_);
  auto reloader = Open(faulty, std::chrono::milliseconds(20));
  ASSERT_NE(reloader, nullptr);
  faulty->throw_on_read = true;
  Import(b_);
  const auto start = std::chrono::steady_clock::now();
  reloader->Start();
  auto wait_until = [](auto done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!done() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  wait_until([&] { return Log().size() >= 2; });
  ASSERT_GE(Log().size(), 2u);
  std::this_thread::sleep_until(start + std::chrono::milliseconds(360));
  // Attempts at about 20, 60, 140 and 300 ms; every 20 ms would be 18.
  EXPECT_LE(Log().size(), 6u);
  EXPECT_EQ(reloader->Current()->corpus().generation(), 1);
  faulty->throw_on_read = false;
  wait_until([&] { return reloader->Current()->corpus().generation() == 2; });
  ExpectCorpusB(*reloader->Current(), 2);
  reloader->Stop();
}

// A replaced generation held by a request stays alive until the request lets
// go, and is then freed by a check on the reloader's side.
TEST_P(ReloadTest, AReplacedSiteIsFreedByTheReloaderAfterItsLastRequest) {
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  std::shared_ptr<const ServedSite> in_flight = reloader->Current();
  std::weak_ptr<const ServedSite> watch = in_flight;
  Import(b_);
  EXPECT_TRUE(*reloader->CheckNow());
  EXPECT_EQ(reloader->RetiredForTest(), 1u);
  ExpectCorpusA(*in_flight);  // the request still answers from A
  in_flight = nullptr;        // the request ends: A is not freed here...
  EXPECT_FALSE(watch.expired());
  EXPECT_FALSE(*reloader->CheckNow());  // ...but by the next check
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(reloader->RetiredForTest(), 0u);
}

TEST_P(ReloadTest, TheBackgroundCheckFindsAnImportWithinItsInterval) {
  Import(a_);
  auto reloader = Open(store_, std::chrono::milliseconds(20));
  ASSERT_NE(reloader, nullptr);
  reloader->Start();
  reloader->Start();  // idempotent
  Import(b_);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (reloader->Current()->corpus().generation() == 1 &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ExpectCorpusB(*reloader->Current(), 2);
  reloader->Stop();
  reloader->Stop();  // idempotent
  // Stopped: a further import is not picked up by itself.
  Import(a_);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(reloader->Current()->corpus().generation(), 2);
}

TEST_P(ReloadTest, IntervalZeroNeverStartsAThread) {
  Import(a_);
  auto reloader = Open(store_, std::chrono::milliseconds(0));
  ASSERT_NE(reloader, nullptr);
  reloader->Start();
  Import(b_);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(reloader->Current()->corpus().generation(), 1);
  // An explicit check still works.
  EXPECT_TRUE(*reloader->CheckNow());
  EXPECT_EQ(reloader->Current()->corpus().generation(), 2);
}

TEST_P(ReloadTest, AStoreWithoutAnImportServesNothingUntilOneArrives) {
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  Json health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["guides"], 0);
  EXPECT_EQ(health["import_generation"], 0);
  EXPECT_TRUE(health["last_import"].is_null());
  Import(b_);
  EXPECT_TRUE(*reloader->CheckNow());
  ExpectCorpusB(*reloader->Current(), 1);
}

// A store file deleted and created again, or another file renamed over it, is
// opened again and its import served, whatever its generation; while nothing
// is at the path the served corpus stays and that is logged once.
TEST_P(ReloadTest, AStoreFileReplacedAtItsPathIsOpenedAgainAndServed) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "only an sqlite: store is kept in a file";
  const std::string path = static_cast<testing::SqliteDatabase&>(*db_).path();
  const std::string other = path + ".other";
  auto remove_store = [](const std::string& p) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p + suffix);
  };
  auto import_into = [](const std::string& p, const CorpusSnapshot& s) {
    auto fresh = OpenStore("sqlite:" + p);
    ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
    Status st = (*fresh)->ReplaceCorpus(s);
    ASSERT_TRUE(st.ok()) << st.ToString();
  };
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  store_.reset();  // the reloader's is the only one open, as in levers serve
  ExpectCorpusA(*reloader->Current());

  // Removed: the corpus served stays, and the log says so once.
  remove_store(path);
  EXPECT_FALSE(*reloader->CheckNow());
  EXPECT_FALSE(*reloader->CheckNow());
  ExpectCorpusA(*reloader->Current());
  ASSERT_EQ(Log().size(), 1u);
  EXPECT_NE(Log()[0].find("the store file is gone (still serving import 1)"), std::string::npos)
      << Log()[0];

  // Created again by an import: its generation is 1 too, and it is served.
  import_into(path, b_);
  EXPECT_TRUE(*reloader->CheckNow());
  ExpectCorpusB(*reloader->Current(), 1);
  ASSERT_EQ(Log().size(), 2u);
  EXPECT_NE(Log()[1].find("the store file was replaced"), std::string::npos) << Log()[1];
  EXPECT_FALSE(*reloader->CheckNow());

  // Another file renamed over it (with the old file's WAL files removed).
  import_into(other, a_);
  remove_store(path);
  fs::rename(other, path);
  EXPECT_TRUE(*reloader->CheckNow());
  ExpectCorpusA(*reloader->Current());
  EXPECT_EQ(Log().size(), 3u);

  // A file in place that has no import yet is not served until it has one.
  remove_store(path);
  { ASSERT_TRUE(OpenStore("sqlite:" + path).ok()); }
  EXPECT_FALSE(*reloader->CheckNow());
  ExpectCorpusA(*reloader->Current());
  import_into(path, b_);
  EXPECT_TRUE(*reloader->CheckNow());
  ExpectCorpusB(*reloader->Current(), 1);
}

// Runs `sql` on the test's store from a connection of its own (sqlite: and
// postgresql: only); false when it fails.
bool RunSql(const testing::TestDatabase& db, const std::string& backend, const std::string& sql) {
  if (backend == "postgresql") {
    const std::string out = static_cast<const testing::PostgresDatabase&>(db).Admin(sql);
    EXPECT_FALSE(out.starts_with("ERROR")) << sql << ": " << out;
    return !out.starts_with("ERROR");
  }
  sqlite3* c = nullptr;
  const std::string path = static_cast<const testing::SqliteDatabase&>(db).path();
  bool ok = sqlite3_open(path.c_str(), &c) == SQLITE_OK;
  char* err = nullptr;
  ok = ok && sqlite3_exec(c, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK;
  EXPECT_TRUE(ok) << sql << ": " << (err ? err : sqlite3_errmsg(c));
  sqlite3_free(err);
  sqlite3_close(c);
  return ok;
}

// Drops every table of the test's store (a PostgreSQL schema dropped and
// created again; an SQLite file emptied in place, the same inode).
void DropStore(const testing::TestDatabase& db, const std::string& backend) {
  if (backend == "postgresql") {
    const std::string& schema = static_cast<const testing::PostgresDatabase&>(db).schema();
    RunSql(db, backend, "DROP SCHEMA " + schema + " CASCADE; CREATE SCHEMA " + schema);
    return;
  }
  RunSql(db, backend,
         "PRAGMA foreign_keys = OFF; DROP TABLE findings; DROP TABLE level_equivalences;"
         " DROP TABLE strategies; DROP TABLE levers; DROP TABLE bands; DROP TABLE guide_texts;"
         " DROP TABLE guides; DROP TABLE imports; DROP TABLE levers_schema; VACUUM");
}

// A store dropped and created again, then imported into, is at generation 1
// again, as the served import was: the import is told apart by when and from
// where it was made, and served. Until the import commits, the store without
// one is not served in place of the served import.
TEST_P(ReloadTest, AStoreDroppedAndCreatedAgainIsServedAtTheSameGeneration) {
  if (GetParam() == "memory") GTEST_SKIP() << "a memory: store cannot be dropped";
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  store_.reset();  // the reloader's is the only one open, as in levers serve
  ExpectCorpusA(*reloader->Current());

  DropStore(*db_, GetParam());
  EXPECT_FALSE(reloader->CheckNow().ok());  // no tables: logged, still serving A
  ExpectCorpusA(*reloader->Current());
  auto recreated = OpenStore(db_->url());
  ASSERT_TRUE(recreated.ok()) << recreated.status().ToString();
  auto empty = reloader->CheckNow();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_FALSE(*empty);
  ExpectCorpusA(*reloader->Current());

  ASSERT_TRUE((*recreated)->ReplaceCorpus(b_).ok());
  ASSERT_EQ(*(*recreated)->ImportGeneration(), 1);
  auto swapped = reloader->CheckNow();
  ASSERT_TRUE(swapped.ok()) << swapped.status().ToString();
  EXPECT_TRUE(*swapped);
  ExpectCorpusB(*reloader->Current(), 1);
  EXPECT_FALSE(*reloader->CheckNow());
}

// A store another levers migrated to a newer schema while this one serves is
// not loaded from (its tables may mean something this levers does not know):
// logged once, the served import stays, until the store is at a known version.
TEST_P(ReloadTest, AStoreAtANewerSchemaIsNotLoadedAndThatIsLoggedOnce) {
  if (GetParam() == "memory") GTEST_SKIP() << "a memory: store has no stored schema version";
  Import(a_);
  auto reloader = Open(store_);
  ASSERT_NE(reloader, nullptr);
  const std::string newer = std::to_string(kStoreSchemaVersion + 1);
  // A newer levers's import and migration (this levers imports nothing into a
  // store migrated past it).
  Import(b_);
  ASSERT_TRUE(RunSql(*db_, GetParam(), "UPDATE levers_schema SET version = " + newer));
  EXPECT_FALSE(*reloader->CheckNow());
  EXPECT_FALSE(*reloader->CheckNow());
  ExpectCorpusA(*reloader->Current());
  ASSERT_EQ(Log().size(), 1u);
  EXPECT_EQ(Log()[0], "levers: the store is now at schema version " + newer +
                          "; this levers knows up to " + std::to_string(kStoreSchemaVersion) +
                          ", so it loads no import from it (still serving import 1): upgrade "
                          "levers and restart levers serve");
  Json health = GetJson(*reloader->Current(), "/api/health");
  EXPECT_EQ(health["status"], "degraded");
  EXPECT_EQ(health["store_error"], "the store is now at schema version " + newer +
                                       "; this levers knows up to " +
                                       std::to_string(kStoreSchemaVersion) +
                                       ", so it loads no import from it: upgrade levers and "
                                       "restart levers serve");

  ASSERT_TRUE(RunSql(*db_, GetParam(),
                     "UPDATE levers_schema SET version = " + std::to_string(kStoreSchemaVersion)));
  EXPECT_TRUE(*reloader->CheckNow());
  ExpectCorpusB(*reloader->Current(), 2);
  EXPECT_EQ(Log().size(), 1u);
  EXPECT_EQ(GetJson(*reloader->Current(), "/api/health")["status"], "ok");
}

// A stop does not wait longer than asked for a check blocked in the store
// (a PostgreSQL server behind a network that stalls): the thread is left in
// its call, the served site stays, and a later Stop joins it once it returns.
TEST_P(ReloadTest, StopWithinLeavesACheckBlockedInTheStore) {
  if (GetParam() != "memory") GTEST_SKIP() << "the blocking store wraps any store alike";
  Import(a_);
  auto faulty = std::make_shared<FaultyStore>(store_);
  auto reloader = Open(faulty, std::chrono::milliseconds(10));
  ASSERT_NE(reloader, nullptr);
  faulty->Block();
  reloader->Start();
  ASSERT_TRUE(faulty->WaitUntilBlocked());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(reloader->StopWithin(std::chrono::milliseconds(200)));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_LT(waited, std::chrono::seconds(2));
  ExpectCorpusA(*reloader->Current());
  faulty->Unblock();
  EXPECT_TRUE(reloader->StopWithin(std::chrono::seconds(10)));
  EXPECT_TRUE(reloader->StopWithin(std::chrono::milliseconds(0)));  // idempotent
}

INSTANTIATE_TEST_SUITE_P(AllStores, ReloadTest,
                         ::testing::ValuesIn(testing::StoreBackendsUnderTest()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace levers
