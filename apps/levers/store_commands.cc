// import: a folder of guides, read and checked, into a store in one transaction.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "commands.h"
#include "flag_checks.h"
#include "levers/store.h"

namespace levers::cli {
namespace {

// "2026-11-23T10:00:00Z", now.
std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A non-negative integer from the environment, or -1 when unset or not one.
int64_t EnvCount(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return -1;
  char* end = nullptr;
  const long long n = std::strtoll(v, &end, 10);
  return (*end == '\0' && n >= 0) ? n : -1;
}

// A one-line bar on stderr, redrawn at most every 100 ms; only on a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Clear(); }

  void Show(std::string_view what, int64_t done, int64_t total) {
    if (!enabled_ || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(done * kWidth / total);
    std::string line = "\r" + std::string(what) + " [" + std::string(filled, '#') +
                       std::string(kWidth - filled, '.') + "] " +
                       std::to_string(done * 100 / total) + "% " + std::to_string(done) + "/" +
                       std::to_string(total) + " rows";
    std::cerr << line << std::flush;
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// The SQLite file an import creates: removed again, with its journal files,
// unless the import commits, so that a failed or refused import leaves no
// empty store behind for `levers serve` to serve. Declared before the store,
// so that the store is closed first.
class CreatedStoreFile {
 public:
  explicit CreatedStoreFile(const std::string& url) {
    if (!url.starts_with("sqlite:")) return;
    std::error_code ec;
    const std::string path = url.substr(7);
    if (!path.empty() && !std::filesystem::exists(path, ec) && !ec) path_ = path;
  }
  ~CreatedStoreFile() {
    if (path_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_ + suffix, ec);
  }
  CreatedStoreFile(const CreatedStoreFile&) = delete;
  CreatedStoreFile& operator=(const CreatedStoreFile&) = delete;
  void Keep() { path_.clear(); }

 private:
  std::string path_;  // empty: nothing to remove
};

int CmdImport(const std::string& dir, const std::string& url, const levers::CorpusOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::cerr << "levers: import: " << dir << ": not a folder of guides\n";
    return kExitUsage;
  }
  // Open first, so a bad URL or an unreachable server fails before the reading.
  CreatedStoreFile created(url);
  auto store = levers::OpenStore(url, levers::MissingStoreFile::kCreate, "levers-import");
  if (!store.ok()) {
    std::cerr << "levers: import: " << store.status().message() << "\n";
    return kExitUsage;
  }
  auto list = levers::CollectGuides({dir});
  if (!list.ok()) {
    std::cerr << "levers: import: " << list.status().message() << "\n";
    return kExitUsage;
  }
  // Refused entries (a link out of the folder, a control byte in a name) are
  // not read, so not stored; the rest is imported.
  for (const std::string& r : list->refused) std::cerr << "levers: import: error: " << r << "\n";
  // A folder that could not be listed hides guides: importing the rest would
  // drop them from the store, as an unreadable file would.
  if (!list->unlisted.empty()) {
    std::cerr << "levers: import: " << dir << ": " << Counted(list->unlisted.size(), "folder")
              << " could not be listed; nothing was imported, the store is as it was\n";
    return kExitUsage;
  }
  const std::vector<std::string>* paths = &list->paths;
  // An empty folder would empty the store: almost always a wrong path.
  if (paths->empty()) {
    std::cerr << "levers: import: " << dir
              << (list->refused.empty() ? ": no guides (*.md) found" : ": every guide was refused")
              << "; nothing was imported, the store is as it was\n";
    return kExitUsage;
  }
  const bool tty = isatty(STDERR_FILENO) == 1;
  if (tty) std::cerr << "reading and checking " << paths->size() << " guides..." << std::flush;
  std::vector<levers::CheckedGuide> guides = levers::ReadAndCheck(*paths, o);
  if (tty) std::cerr << "\r\033[K" << std::flush;

  levers::SnapshotOptions so;
  so.root_dir = dir;
  so.imported_at = UtcNow();
  auto snapshot = levers::BuildCorpusSnapshot(guides, so);
  if (!snapshot.ok()) {
    std::cerr << "levers: import: " << snapshot.status().message()
              << "\nlevers: import: nothing was imported; the store is as it was\n";
    return kExitUsage;
  }
  // Files the snapshot left out (a name that is not UTF-8, a value longer than a
  // store keeps): refused like the entries above, the rest imported.
  for (const std::string& r : snapshot->refused)
    std::cerr << "levers: import: error: " << r << "\n";
  if (snapshot->refused.size() == paths->size()) {
    std::cerr << "levers: import: " << dir
              << ": every guide was refused; nothing was imported, the store is as it was\n";
    return kExitUsage;
  }

  // Test hooks, inside the transaction: LEVERS_IMPORT_FAIL_AFTER=N fails the
  // import after row N; LEVERS_IMPORT_PAUSE_AFTER=N says so on stderr and sleeps
  // LEVERS_IMPORT_PAUSE_SECONDS (default 60) after row N, so a test can kill the
  // process while its transaction is open.
  const int64_t fail_after = EnvCount("LEVERS_IMPORT_FAIL_AFTER");
  const int64_t pause_after = EnvCount("LEVERS_IMPORT_PAUSE_AFTER");
  const int64_t pause_seconds =
      EnvCount("LEVERS_IMPORT_PAUSE_SECONDS") >= 0 ? EnvCount("LEVERS_IMPORT_PAUSE_SECONDS") : 60;
  ProgressBar bar(tty);
  // What the import replaces, counted inside its transaction (ids only).
  levers::ReplaceReport replaced;
  levers::ReplaceOptions ro;
  ro.report = &replaced;
  ro.on_row = [&](int64_t row, int64_t total) -> levers::Status {
    bar.Show("importing", row, total);
    if (row == fail_after)
      return levers::Status::IOError("injected fault after row " + std::to_string(row));
    if (row == pause_after) {
      std::cerr << "levers: import: paused after row " << row << " of " << total << std::endl;
      std::this_thread::sleep_for(std::chrono::seconds(pause_seconds));
    }
    return levers::Status::Ok();
  };
  levers::Status st = (*store)->ReplaceCorpus(*snapshot, ro);
  bar.Clear();
  if (st.code() == levers::StatusCode::kUnknownOutcome) {
    // COMMIT went out and no answer came back: the store may hold this
    // import or the one before. Saying "as it was" here could be false.
    created.Keep();
    std::cerr << "levers: import: " << st.message() << "\nlevers: import: this import (imported at "
              << snapshot->imported_at << " from " << dir
              << ") may or may not have been stored; `levers store-info` with the same --db "
                 "shows which import the store holds\n";
    return kExitUnknownOutcome;
  }
  if (!st.ok()) {
    std::cerr << "levers: import: " << st.message()
              << "\nlevers: import: nothing was imported; the store is as it was\n";
    return kExitUsage;
  }
  created.Keep();
  int64_t errors = 0, warnings = 0;
  for (const levers::StoredFinding& f : snapshot->findings) {
    errors += f.severity == "error";
    warnings += f.severity == "warning";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  std::cout << "imported " << Counted(snapshot->guides.size(), "guide") << ", "
            << Counted(snapshot->bands.size(), "band") << ", "
            << Counted(snapshot->findings.size(), "finding") << " (" << Counted(errors, "error")
            << ", " << Counted(warnings, "warning") << ") from " << dir << " into "
            << (*store)->Backend() << " in " << took << " s";
  // An import replaces the whole store: say what it held, and how many of
  // those guides are gone (not in this folder).
  if (replaced.guides_before > 0) {
    std::cout << "; replaced the " << Counted(replaced.guides_before, "guide") << " stored before ("
              << replaced.imported_again << " imported again, "
              << replaced.guides_before - replaced.imported_again << " removed)";
  }
  // The snapshot refuses files only (a name no id can hold).
  if (!list->refused.empty() || !snapshot->refused.empty()) {
    std::cout << "; "
              << RefusedEntries(
                     list->refused.size() - list->refused_folders + snapshot->refused.size(),
                     list->refused_folders)
              << " refused, not imported";
  }
  std::cout << "\n";
  return kExitOk;
}

// store-info: what a store holds, read as `levers serve` reads it.
int CmdStoreInfo(const std::string& url) {
  auto store = levers::OpenStore(url, levers::MissingStoreFile::kRefuse, "levers-store-info");
  if (!store.ok()) {
    std::cerr << "levers: store-info: " << store.status().message() << "\n";
    return kExitUsage;
  }
  auto last = (*store)->LastImport();
  auto stats = (*store)->Stats();
  if (!last.ok() || !stats.ok()) {
    std::cerr << "levers: store-info: " << (last.ok() ? stats.status() : last.status()).message()
              << "\n";
    return kExitUsage;
  }
  std::cout << "store: " << (*store)->Backend() << ", schema version " << last->schema_version
            << "\n";
  if (last->generation == 0) {
    std::cout << "last import: none\n";
  } else {
    std::cout << "last import: " << last->imported_at << " from " << last->source_dir << " (import "
              << last->generation << ")\n";
  }
  std::cout << Counted(stats->guides, "guide") << ", " << Counted(stats->bands, "band") << ", "
            << Counted(stats->findings, "finding") << "\n";
  return kExitOk;
}

}  // namespace

void AddStoreCommands(CLI::App& app, Commands& out) {
  struct ImportFlags {
    std::string dir, db, today;
  };
  auto f = std::make_shared<ImportFlags>();
  CLI::App* import = app.add_subcommand(
      "import", "Read and check a folder of guides and store them, replacing what was stored");
  import->footer(
      "Exit codes: 0 when the guides were stored, whatever their findings (errors included: "
      "they are stored and counted in the last line; gate on `levers check`); 2 when the "
      "import fails (usage error, a folder with no guide, a file that could not be read, or a "
      "store that could not be opened or written), and then nothing is imported; 3 when the "
      "import was sent to be committed and no answer came back (a PostgreSQL connection lost "
      "or stalled at that moment): it may or may not have been stored, and `levers "
      "store-info` shows which.");
  import->add_option("dir", f->dir, "Folder of guides")
      ->required()
      ->check(NamedPathCheck("a folder of guides"));
  import
      ->add_option("--db", f->db,
                   "Store URL: sqlite:PATH, postgresql://... or memory: (docs/store.md)")
      ->required();
  import
      ->add_option("--today", f->today,
                   "Date the dated checks measure against (review-overdue, data-stale, "
                   "date-future, quarter-future), YYYY-MM-DD (default: today, UTC)")
      ->check(IsoDateCheck());
  out.push_back({import, [f] {
                   levers::CorpusOptions o;
                   // The store and the API name files under the folder imported.
                   o.paths_under = f->dir;
                   // Checked by IsoDateCheck as argv was parsed.
                   o.check.today =
                       f->today.empty() ? levers::TodayUtc() : levers::ParseIsoDate(f->today).date;
                   return CmdImport(f->dir, f->db, o);
                 }});

  auto db = std::make_shared<std::string>();
  CLI::App* info = app.add_subcommand(
      "store-info",
      "Show what a store holds: its last import (when, from which folder) and counts");
  info->footer("Exit codes: 0 when the store was read; 2 when it could not be opened or read.");
  info->add_option("--db", *db, "Store URL: sqlite:PATH, postgresql://... (docs/store.md)")
      ->required();
  out.push_back({info, [db] { return CmdStoreInfo(*db); }});
}

}  // namespace levers::cli
