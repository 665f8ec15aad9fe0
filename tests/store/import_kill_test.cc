// A `levers import` killed with SIGKILL in the middle of its transaction, on
// SQLite and on PostgreSQL, leaves the previous corpus exactly as it was: every
// answer the store gives and every stored value, byte for byte. Then an import
// runs to the end on the same store. Also: an injected failure through the CLI.
//
// 5,000 generated guides (../shared/tools/gen-guides, about 40 MB); the import
// pauses after row kPauseRow inside its transaction (LEVERS_IMPORT_PAUSE_AFTER)
// and says so on stderr, so the kill lands mid-transaction every time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "levers/store.h"
#include "store/store_contents.h"
#include "store/test_databases.h"

namespace levers {
namespace {

namespace fs = std::filesystem;
using testing::ReadContents;
using testing::StoreContents;

constexpr int kGuides = 5000;
constexpr int kPauseRow = 30000;  // of 68,178 rows for 5,000 guides

struct CliRun {
  int exit_code = -1;    // when it exited
  int signal = 0;        // when a signal ended it
  std::string err_text;  // stderr
  std::string out_text;  // stdout
};

// Runs `levers args...` with `env` added; when `kill_on` is not empty, calls
// `while_paused` as soon as that text appears on stderr (at most 300 s), then
// sends SIGKILL unless `kill` is false.
CliRun RunLevers(const std::vector<std::string>& args, const std::vector<std::string>& env,
                 const std::string& kill_on = "", const std::function<void()>& while_paused = {},
                 bool kill = true) {
  int err_pipe[2], out_pipe[2];
  EXPECT_EQ(pipe(err_pipe), 0);
  EXPECT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(err_pipe[1], 2);
    dup2(out_pipe[1], 1);
    close(err_pipe[0]);
    close(out_pipe[0]);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv = {const_cast<char*>(LEVERS_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(LEVERS_BINARY, argv.data());
    _exit(127);
  }
  close(err_pipe[1]);
  close(out_pipe[1]);
  CliRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  bool killed = false;
  pollfd fds[2] = {{err_pipe[0], POLLIN, 0}, {out_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0 && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds, 2, 1000) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      (i == 0 ? run.err_text : run.out_text).append(buf, static_cast<size_t>(n));
    }
    if (!killed && !kill_on.empty() && run.err_text.find(kill_on) != std::string::npos) {
      if (while_paused) while_paused();
      if (kill) ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  if (open_fds > 0) ::kill(pid, SIGKILL);  // over time: never leave it running
  for (pollfd& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  return run;
}

// Every row of every table, each value with its type and exact bytes.
std::string DumpSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const char* sql :
       {"SELECT * FROM levers_schema", "SELECT * FROM guides ORDER BY id",
        "SELECT * FROM guide_texts ORDER BY id", "SELECT * FROM bands ORDER BY 1, 2",
        "SELECT * FROM levers ORDER BY 1, 2", "SELECT * FROM strategies ORDER BY 1",
        "SELECT * FROM level_equivalences ORDER BY 1, 2", "SELECT * FROM findings ORDER BY 1, 2",
        "SELECT * FROM imports", "SELECT type, name, sql FROM sqlite_master ORDER BY name"}) {
    out += std::string(sql) + "\n";
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        out += std::to_string(sqlite3_column_type(stmt, c)) + ":" +
               std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c))) + "|";
      }
      out += "\n";
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

std::string DumpPostgres(const testing::PostgresDatabase& db) {
  PGconn* c = PQconnectdb(db.url().c_str());
  EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  std::string out;
  for (const char* sql :
       {"SELECT * FROM levers_schema", "SELECT * FROM guides ORDER BY id",
        "SELECT * FROM guide_texts ORDER BY id", "SELECT * FROM bands ORDER BY 1, 2",
        "SELECT * FROM levers ORDER BY 1, 2", "SELECT * FROM strategies ORDER BY 1",
        "SELECT * FROM level_equivalences ORDER BY 1, 2", "SELECT * FROM findings ORDER BY 1, 2",
        "SELECT * FROM imports",
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE "
        "table_schema = current_schema() ORDER BY 1, 2"}) {
    out += std::string(sql) + "\n";
    PGresult* r = PQexec(c, sql);
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r);
    for (int i = 0; i < PQntuples(r); ++i) {
      for (int j = 0; j < PQnfields(r); ++j) {
        out += PQgetisnull(r, i, j)
                   ? std::string("NULL")
                   : std::string(PQgetvalue(r, i, j), static_cast<size_t>(PQgetlength(r, i, j)));
        out += "|";
      }
      out += "\n";
    }
    PQclear(r);
  }
  PQfinish(c);
  return out;
}

class KilledImport : public ::testing::TestWithParam<std::string> {
 protected:
  // The generated guides, made once per build tree and shared by every test
  // process: generated into a folder of this process, then renamed into place.
  static std::optional<fs::path> GeneratedGuides() {
    const fs::path gen = fs::path(LEVERS_SHARED_DIR) / "tools" / "gen-guides";
    if (!fs::exists(gen)) return std::nullopt;
    const fs::path dir = fs::path(LEVERS_TEST_WORK_DIR) / ("guides-" + std::to_string(kGuides));
    if (fs::exists(dir / "done")) return dir;
    const fs::path tmp = dir.string() + ".tmp-" + std::to_string(getpid());
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const std::string cmd = "python3 '" + gen.string() + "' '" + (tmp / "guides").string() + "' " +
                            std::to_string(kGuides) + " >/dev/null";
    if (std::system(cmd.c_str()) != 0) return std::nullopt;
    { std::ofstream(tmp / "done") << "done\n"; }
    std::error_code ec;
    fs::rename(tmp, dir, ec);  // another process may have been first: then use its copy
    fs::remove_all(tmp, ec);
    return fs::exists(dir / "done") ? std::optional<fs::path>(dir) : std::nullopt;
  }

  void SetUp() override {
    if (GetParam() == "sqlite") {
      sqlite_ = std::make_unique<testing::SqliteDatabase>();
      url_ = sqlite_->url();
    } else {
      if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
      pg_ = std::make_unique<testing::PostgresDatabase>(testing::PostgresTestUrl());
      url_ = pg_->url();
    }
    // The previous state: the bundled corpus.
    const CliRun first = RunLevers({"import", std::string(LEVERS_SOURCE_DIR) + "/data/guides",
                                    "--db", url_, "--today", "2026-03-01"},
                                   {});
    ASSERT_EQ(first.exit_code, 0) << first.err_text;
    EXPECT_EQ(first.err_text, "");  // quiet when stderr is not a terminal
    EXPECT_TRUE(first.out_text.starts_with("imported 10 guides, ")) << first.out_text;
  }

  // What the store holds, through the interface and as raw rows.
  std::pair<StoreContents, std::string> State() {
    auto store = OpenStore(url_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return {};
    StoreContents c = ReadContents(**store);
    store->reset();
    return {c, sqlite_ ? DumpSqlite(sqlite_->path()) : DumpPostgres(*pg_)};
  }

  // `run` failed (exit 2) with `err_text` on stderr, nothing on stdout, and
  // left the store as it was `before`.
  void ExpectFailedAndUnchanged(const CliRun& run, const std::string& err_text,
                                const std::pair<StoreContents, std::string>& before) {
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err_text, err_text);
    EXPECT_EQ(run.out_text, "");
    const auto after = State();
    EXPECT_TRUE(after.first == before.first);
    EXPECT_TRUE(after.second == before.second) << "raw rows differ";
  }

  std::string url_;
  std::unique_ptr<testing::SqliteDatabase> sqlite_;
  std::unique_ptr<testing::PostgresDatabase> pg_;
};

TEST_P(KilledImport, KillNineMidTransactionLosesNothing) {
  const std::optional<fs::path> generated = GeneratedGuides();
  if (!generated) GTEST_SKIP() << "../shared/tools/gen-guides is not there";
  const std::string big = (*generated / "guides").string();
  const auto before = State();
  ASSERT_EQ(before.first.page.total, 10);
  ASSERT_EQ(before.first.stats.last_import_dir, std::string(LEVERS_SOURCE_DIR) + "/data/guides");

  bool in_transaction = false;
  const CliRun killed = RunLevers(
      {"import", big, "--db", url_},
      {"LEVERS_IMPORT_PAUSE_AFTER=" + std::to_string(kPauseRow), "LEVERS_IMPORT_PAUSE_SECONDS=120"},
      "paused after row " + std::to_string(kPauseRow), [&] {
        // Evidence that the rows so far are written and uncommitted.
        if (sqlite_) {
          std::error_code ec;
          const auto wal = fs::file_size(sqlite_->path() + "-wal", ec);
          in_transaction = !ec && wal > (4u << 20);
        } else {
          // The import streams its rows with COPY: its connection is inside a
          // transaction in the middle of a COPY, and the 5,000 guides' files
          // it sent (uncommitted, invisible to other connections) already fill
          // this schema's guide_texts, which holds 10 small ones when committed.
          in_transaction =
              pg_->Admin(
                  "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                  "current_database() AND xact_start IS NOT NULL AND state = 'active' "
                  "AND query LIKE 'COPY %'") != "0" &&
              pg_->Admin("SELECT pg_total_relation_size('guide_texts') > 16 * 1024 * 1024") == "t";
        }
      });
  EXPECT_EQ(killed.signal, SIGKILL) << killed.err_text;
  EXPECT_TRUE(in_transaction);

  const auto after = State();
  EXPECT_TRUE(after.first == before.first);
  EXPECT_EQ(after.first.page.total, 10);
  EXPECT_TRUE(after.second == before.second) << "raw rows differ";
  EXPECT_GT(before.second.size(), 10'000u);

  // The store takes the whole import afterwards.
  const CliRun full = RunLevers({"import", big, "--db", url_}, {});
  ASSERT_EQ(full.exit_code, 0) << full.err_text;
  EXPECT_TRUE(full.out_text.starts_with("imported 5000 guides, ")) << full.out_text;
  auto store = OpenStore(url_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Stats()->guides, kGuides);
}

TEST_P(KilledImport, InjectedFailureThroughTheCliLeavesThePreviousState) {
  const auto before = State();
  const CliRun failed =
      RunLevers({"import", std::string(LEVERS_SOURCE_DIR) + "/tests/bad", "--db", url_},
                {"LEVERS_IMPORT_FAIL_AFTER=40"});
  ExpectFailedAndUnchanged(failed,
                           "levers: import: injected fault after row 40\n"
                           "levers: import: nothing was imported; the store is as it was\n",
                           before);
}

// The import's connection ended by the server (pg_terminate_backend) in the
// middle of its transaction: the import fails with levers' own messages only,
// each one line (no libpq warning from a ROLLBACK sent on a new connection),
// and the store is as it was.
TEST_P(KilledImport, ABackendTerminatedMidImportFailsCleanly) {
  if (!pg_) GTEST_SKIP() << "PostgreSQL only";
  const auto before = State();
  const std::string app = "levers_terminated_" + pg_->schema();
  std::string terminated;
  const CliRun run = RunLevers(
      {"import", std::string(LEVERS_SOURCE_DIR) + "/data/guides", "--db",
       url_ + "&application_name=" + app},
      {"LEVERS_IMPORT_PAUSE_AFTER=40", "LEVERS_IMPORT_PAUSE_SECONDS=2"}, "paused after row 40",
      [&] {
        terminated = pg_->Admin(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
            "application_name = '" +
            app + "' AND xact_start IS NOT NULL");
      },
      /*kill=*/false);
  EXPECT_EQ(terminated, "1");
  EXPECT_EQ(run.exit_code, 2) << run.err_text;
  EXPECT_EQ(run.out_text, "");
  const std::string first = "levers: import: paused after row 40 of ";
  const std::string last = "levers: import: nothing was imported; the store is as it was\n";
  EXPECT_TRUE(run.err_text.starts_with(first)) << run.err_text;
  EXPECT_TRUE(run.err_text.ends_with(last)) << run.err_text;
  // Between them, one line: the failure, in the server's words.
  const size_t after_first = run.err_text.find('\n') + 1;
  const std::string middle =
      run.err_text.substr(after_first, run.err_text.size() - last.size() - after_first);
  EXPECT_TRUE(middle.starts_with("levers: import: postgresql: ")) << run.err_text;
  EXPECT_NE(middle.find("terminating connection due to administrator command"), std::string::npos)
      << run.err_text;
  EXPECT_EQ(std::count(middle.begin(), middle.end(), '\n'), 1) << run.err_text;
  EXPECT_EQ(run.err_text.find("WARNING"), std::string::npos) << run.err_text;
  const auto after = State();
  EXPECT_TRUE(after.first == before.first);
  EXPECT_TRUE(after.second == before.second) << "raw rows differ";
}

// Two imports at once on PostgreSQL: the second waits for the first on the
// schema's advisory lock, at most the connection's lock_timeout (here 2 s, from
// the URL) or 15 min, then says that another import holds the store and writes
// nothing.
TEST_P(KilledImport, ASecondImportThatWaitsTooLongSaysAnotherImportHoldsTheStore) {
  if (!pg_) GTEST_SKIP() << "PostgreSQL only";
  const auto before = State();
  CliRun second;
  const CliRun first =
      RunLevers({"import", std::string(LEVERS_SOURCE_DIR) + "/tests/bad", "--db", url_},
                {"LEVERS_IMPORT_PAUSE_AFTER=40", "LEVERS_IMPORT_PAUSE_SECONDS=60"},
                "paused after row 40", [&] {
                  // url_ ends in the options parameter: the setting is added to it.
                  second = RunLevers({"import", std::string(LEVERS_SOURCE_DIR) + "/data/guides",
                                      "--db", url_ + "%20-clock_timeout%3D2s"},
                                     {});
                });
  EXPECT_EQ(first.signal, SIGKILL) << first.err_text;
  ExpectFailedAndUnchanged(
      second,
      "levers: import: postgresql: another import is writing to the store and still held it "
      "after 2 s; the store is unchanged: try again once it has finished\n"
      "levers: import: nothing was imported; the store is as it was\n",
      before);
}

INSTANTIATE_TEST_SUITE_P(SqlStores, KilledImport, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace levers
