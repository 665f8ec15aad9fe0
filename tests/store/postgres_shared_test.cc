// One PostgreSQL store shared by several levers (servers, imports, a newer
// levers that migrates it): every wait for the server ends at a deadline, even
// behind a peer that stops answering; imports and migrations exclude each
// other; every spelling of the store's URL takes the same locks; connections
// are named for their program. Each test works in a schema of its own of the
// database LEVERS_TEST_PG_URL names, and is skipped without it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "levers/store.h"
#include "store/store_internal.h"
#include "store/test_databases.h"

namespace levers {
namespace {

using namespace std::chrono_literals;
using store_internal::OpenPostgresStore;
using store_internal::PostgresOptions;
using testing::PostgresDatabase;
using testing::PostgresTestUrl;

// A TCP relay on 127.0.0.1 to the test server that can stop forwarding. Once
// stalled it still accepts connections and its kernel still acknowledges what
// arrives, but nothing goes either way: a proxy or pooler that hangs, which
// TCP keepalives and tcp_user_timeout cannot tell from a slow server.
class StallingProxy {
 public:
  StallingProxy(std::string host, int port) : host_(std::move(host)), port_(port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listener_, 64) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    local_port_ = ntohs(addr.sin_port);
    accepting_ = std::thread([this] { Accept(); });
  }
  // Every socket closed: whatever waited on one (libpq, PQcancel) sees the end.
  ~StallingProxy() { Stop(); }

  int port() const { return local_port_; }
  void Stall() { stalled_ = true; }
  void Resume() { stalled_ = false; }
  // What happens once a client's COMMIT has been passed on to the server:
  // nothing more goes either way (the server commits, its answer is held), or
  // both connections are closed (the server commits, the client sees the
  // connection drop).
  enum class AfterCommit { kForward, kStall, kDrop };
  void OnCommit(AfterCommit what) { after_commit_ = what; }

  void Stop() {
    if (stopping_.exchange(true)) return;
    shutdown(listener_, SHUT_RDWR);
    accepting_.join();
    close(listener_);
    std::vector<std::thread> pumps;
    {
      std::lock_guard lock(mu_);
      for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
      pumps.swap(pumps_);
    }
    for (std::thread& t : pumps) t.join();
    for (int fd : sockets_) close(fd);
  }

 private:
  void Accept() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(port_));
      inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
      if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(client);
        close(server);
        continue;
      }
      std::lock_guard lock(mu_);
      sockets_.push_back(client);
      sockets_.push_back(server);
      pumps_.emplace_back([this, client, server] { Pump(client, server, /*upstream=*/true); });
      pumps_.emplace_back([this, client, server] { Pump(server, client, /*upstream=*/false); });
    }
  }

  // Copies `from` to `to` until either ends, holding everything while stalled.
  // `upstream`: from the client to the server, where a COMMIT is looked for.
  void Pump(int from, int to, bool upstream) {
    char buf[65536];
    while (!stopping_) {
      if (stalled_) {
        std::this_thread::sleep_for(10ms);
        continue;
      }
      pollfd p{from, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = recv(from, buf, sizeof buf, 0);
      if (n <= 0) break;
      // Stalled while this pump waited in poll(): what came is held too.
      while (stalled_ && !stopping_) std::this_thread::sleep_for(10ms);
      for (ssize_t sent = 0; sent < n;) {
        const ssize_t k = send(to, buf + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
        if (k <= 0) return;
        sent += k;
      }
      // A simple query's text ends with a NUL: "COMMIT\0" is the statement.
      static constexpr std::string_view kCommit("COMMIT\0", 7);
      if (upstream && after_commit_ != AfterCommit::kForward &&
          std::string_view(buf, static_cast<size_t>(n)).find(kCommit) != std::string_view::npos) {
        if (after_commit_ == AfterCommit::kStall) {
          stalled_ = true;
          continue;
        }
        break;  // kDrop: both ends are shut below
      }
    }
    shutdown(to, SHUT_RDWR);
    shutdown(from, SHUT_RDWR);
  }

  const std::string host_;
  const int port_;
  int listener_ = -1;
  int local_port_ = 0;
  std::atomic<bool> stalled_{false}, stopping_{false};
  std::atomic<AfterCommit> after_commit_{AfterCommit::kForward};
  std::thread accepting_;
  std::mutex mu_;
  std::vector<int> sockets_;
  std::vector<std::thread> pumps_;
};

// The host and port of a postgresql://USER@HOST:PORT/DB URL.
bool HostAndPort(const std::string& url, std::string& host, int& port) {
  std::smatch m;
  if (!std::regex_search(url, m, std::regex(R"(@([0-9.]+):([0-9]+)/)"))) return false;
  host = m[1];
  port = std::stoi(m[2]);
  return true;
}

// `url` with its HOST:PORT replaced by the proxy's.
std::string Through(const std::string& url, const StallingProxy& proxy) {
  return std::regex_replace(url, std::regex(R"(@[0-9.]+:[0-9]+/)"),
                            "@127.0.0.1:" + std::to_string(proxy.port()) + "/",
                            std::regex_constants::format_first_only);
}

CorpusSnapshot OneGuide(const std::string& imported_at) {
  CorpusSnapshot snap;
  snap.imported_at = imported_at;
  snap.source_dir = "g";
  GuideRecord g;
  g.summary.id = "a";
  g.source = "x";
  snap.guides.push_back(g);
  return snap;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// True once `pred` holds, polled every 50 ms for at most `limit`.
bool Eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

// A call of the store on a thread of its own, so that a test can give up on
// it (a store that hangs must fail the test, not hold it).
template <typename T>
class Background {
 public:
  explicit Background(std::function<T()> f) : done_(task_.get_future()) {
    thread_ = std::thread([this, f = std::move(f)] { task_.set_value(f()); });
  }
  ~Background() { thread_.join(); }
  // The call's result, or nothing when it has not returned within `limit`.
  std::optional<T> Within(std::chrono::milliseconds limit) {
    if (done_.wait_for(limit) != std::future_status::ready) return std::nullopt;
    return done_.get();
  }

 private:
  std::promise<T> task_;
  std::future<T> done_;
  std::thread thread_;
};

// A hook that stops an import inside its transaction after row `row` until
// Resume (at most 20 s), having said so to Paused.
class ImportPause {
 public:
  explicit ImportPause(int64_t row) : row_(row), resumed_(resume_.get_future()) {}
  ReplaceOptions options() {
    ReplaceOptions o;
    o.on_row = [this](int64_t row, int64_t) {
      if (row == row_) {
        paused_.set_value();
        (void)resumed_.wait_for(20s);
      }
      return Status::Ok();
    };
    return o;
  }
  bool Paused() { return paused_.get_future().wait_for(10s) == std::future_status::ready; }
  void Resume() {
    if (!resumed_once_.exchange(true)) resume_.set_value();
  }

 private:
  const int64_t row_;
  std::promise<void> paused_, resume_;
  std::shared_future<void> resumed_;
  std::atomic<bool> resumed_once_{false};
};

class PostgresShared : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
    db_ = std::make_unique<PostgresDatabase>(PostgresTestUrl());
    auto store = OpenStore(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->ReplaceCorpus(OneGuide("2026-01-01T00:00:00Z")).ok());
  }

  // What the server says of the store's last import: "generation imported_at".
  std::string StoredImport() {
    return db_->Admin("SELECT generation || ' ' || imported_at FROM imports");
  }
  // Whether another session holds lock `key` of the store's schema.
  std::string LockKey(int key) {
    return "hashtext('" + db_->schema() + "'), " + std::to_string(key);
  }
  // An application name of this test's own.
  std::string App(const std::string& what) { return "levers_" + what + "_" + db_->schema(); }
  // How many backends of `app` there are (`where` narrows them).
  std::string Backends(const std::string& app, const std::string& where = "true") {
    return db_->Admin("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + app +
                      "' AND " + where);
  }

  std::unique_ptr<PostgresDatabase> db_;
};

// A server behind a proxy that stops forwarding: each call fails at its
// deadline with a message naming it, instead of waiting in poll() for ever;
// the connections are closed and, once the proxy forwards again, every call
// goes through on new ones.
TEST_F(PostgresShared, EachCallFailsAtItsDeadlineWhenTheServerStopsAnswering) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(HostAndPort(PostgresTestUrl(), host, port)) << PostgresTestUrl();
  StallingProxy proxy(host, port);
  PostgresOptions o;
  o.timeouts.check = 1s;
  o.timeouts.statement = 2s;
  o.timeouts.writer = 3s;
  o.timeouts.cancel = 500ms;
  auto store =
      OpenPostgresStore(Through(db_->url(), proxy) + "&connect_timeout=2", kStoreSchemaVersion, o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_EQ((*store)->LastImport()->generation, 1);
  // Reads one after another share one reader, which the first deadline
  // closes (the next read would wait for connect_timeout instead): a second
  // store, its reader connected, for the statement's deadline.
  auto reading =
      OpenPostgresStore(Through(db_->url(), proxy) + "&connect_timeout=2", kStoreSchemaVersion, o);
  ASSERT_TRUE(reading.ok()) << reading.status().ToString();
  ASSERT_EQ((*reading)->Stats()->guides, 1);

  proxy.Stall();
  auto expect_deadline = [&](const Status& st, double took, double deadline, const char* what) {
    EXPECT_EQ(st.message(), "postgresql: the server did not answer within " +
                                std::to_string(static_cast<int>(deadline)) +
                                " s (levers' deadline for " + what +
                                "); the connection was closed");
    // The deadline, then at most the wait for the cancel request (0.5 s).
    EXPECT_GE(took, deadline);
    EXPECT_LT(took, deadline + 1.5);
  };
  auto start = std::chrono::steady_clock::now();
  Background<Status> check([&] { return (*store)->LastImport().status(); });
  std::optional<Status> st = check.Within(20s);
  if (!st) proxy.Stop();  // the old way: stuck in poll(); end it and fail
  ASSERT_TRUE(st.has_value()) << "LastImport still waits after 20 s";
  expect_deadline(*st, SecondsSince(start), 1, "a check of the store for a new import");

  start = std::chrono::steady_clock::now();
  Background<Status> stats([&] { return (*reading)->Stats().status(); });
  st = stats.Within(20s);
  if (!st) proxy.Stop();
  ASSERT_TRUE(st.has_value());
  expect_deadline(*st, SecondsSince(start), 2, "a statement");

  start = std::chrono::steady_clock::now();
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z")); });
  st = import.Within(20s);
  if (!st) proxy.Stop();
  ASSERT_TRUE(st.has_value());
  expect_deadline(*st, SecondsSince(start), 3, "a statement of an import or a migration");

  proxy.Resume();
  auto last = (*store)->LastImport();
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->generation, 1);
  EXPECT_EQ((*store)->Stats()->guides, 1);
  Status again = (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z"));
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(StoredImport(), "2 2026-01-02T00:00:00Z");
}

// The answer to an import's COMMIT never comes: the server committed, but
// levers cannot know it. The import says its outcome is unknown, never that
// the store is as it was; the store holds the import.
TEST_F(PostgresShared, AnImportWhoseCommitGoesUnansweredSaysItsOutcomeIsUnknown) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(HostAndPort(PostgresTestUrl(), host, port)) << PostgresTestUrl();
  StallingProxy proxy(host, port);
  PostgresOptions o;
  o.timeouts.writer = 2s;
  o.timeouts.cancel = 500ms;
  auto store = OpenPostgresStore(Through(db_->url(), proxy), kStoreSchemaVersion, o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();

  proxy.OnCommit(StallingProxy::AfterCommit::kStall);
  const auto start = std::chrono::steady_clock::now();
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z")); });
  std::optional<Status> st = import.Within(20s);
  if (!st) proxy.Stop();
  ASSERT_TRUE(st.has_value()) << "the import still waits after 20 s";
  EXPECT_GE(SecondsSince(start), 2);
  EXPECT_LT(SecondsSince(start), 4);
  EXPECT_EQ(st->code(), StatusCode::kUnknownOutcome) << st->ToString();
  EXPECT_EQ(st->message(),
            "postgresql: the answer to COMMIT did not come within 2 s (levers' deadline for a "
            "statement of an import or a migration); the connection was closed; the transaction "
            "may or may not have been committed");
  EXPECT_EQ(StoredImport(), "2 2026-01-02T00:00:00Z");

  // Once the network answers again the store reads and imports as before.
  proxy.OnCommit(StallingProxy::AfterCommit::kForward);
  proxy.Resume();
  EXPECT_EQ((*store)->LastImport()->generation, 2);
  Status again = (*store)->ReplaceCorpus(OneGuide("2026-01-03T00:00:00Z"));
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(StoredImport(), "3 2026-01-03T00:00:00Z");
}

// The connection drops while the import waits for COMMIT's answer: the same.
// A failure before COMMIT is sent still says the store is unchanged.
TEST_F(PostgresShared, AnImportWhoseConnectionDropsAtCommitSaysItsOutcomeIsUnknown) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(HostAndPort(PostgresTestUrl(), host, port)) << PostgresTestUrl();
  StallingProxy proxy(host, port);
  auto store = OpenStore(Through(db_->url(), proxy));
  ASSERT_TRUE(store.ok()) << store.status().ToString();

  proxy.OnCommit(StallingProxy::AfterCommit::kDrop);
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z")); });
  std::optional<Status> st = import.Within(20s);
  if (!st) proxy.Stop();
  ASSERT_TRUE(st.has_value()) << "the import still waits after 20 s";
  EXPECT_EQ(st->code(), StatusCode::kUnknownOutcome) << st->ToString();
  EXPECT_TRUE(st->message().starts_with(
      "postgresql: the connection was lost while waiting for the answer to COMMIT: "))
      << st->message();
  EXPECT_TRUE(st->message().ends_with("; the transaction may or may not have been committed"))
      << st->message();
  EXPECT_TRUE(Eventually([&] { return StoredImport() == "2 2026-01-02T00:00:00Z"; }))
      << StoredImport();

  // A failure inside the transaction, before COMMIT: an ordinary error.
  ReplaceOptions fail;
  fail.on_row = [](int64_t, int64_t) { return Status::IOError("injected"); };
  Status failed = (*store)->ReplaceCorpus(OneGuide("2026-01-03T00:00:00Z"), fail);
  EXPECT_EQ(failed.code(), StatusCode::kIOError) << failed.ToString();
  EXPECT_EQ(StoredImport(), "2 2026-01-02T00:00:00Z");
}

// An import waiting for another import's lock when the network stalls: the
// lock comes, its answer never arrives. The import fails at its deadline, and
// the server ends the session it left idle in its transaction (holding the
// lock) after idle_in_transaction_session_timeout, so the next import is not
// locked out.
TEST_F(PostgresShared, AnImportWaitingForTheLockBehindAStalledNetworkEndsAndFreesTheLock) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(HostAndPort(PostgresTestUrl(), host, port)) << PostgresTestUrl();
  StallingProxy proxy(host, port);
  const std::string app = App("stalled_lock");
  PostgresOptions o;
  o.application_name = app;
  o.timeouts.writer = 3s;
  o.timeouts.cancel = 500ms;
  o.timeouts.idle_in_transaction = 2s;
  auto store = OpenPostgresStore(Through(db_->url(), proxy), kStoreSchemaVersion, o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();

  // Another import holds the store (a session lock here, released below).
  PGconn* other = PQconnectdb(db_->url().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, ("SELECT pg_advisory_lock(" + LockKey(2) + ")").c_str()));

  const auto start = std::chrono::steady_clock::now();
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z")); });
  EXPECT_TRUE(Eventually([&] { return Backends(app, "wait_event_type = 'Lock'") == "1"; }));
  proxy.Stall();
  PQclear(PQexec(other, ("SELECT pg_advisory_unlock(" + LockKey(2) + ")").c_str()));
  std::optional<Status> st = import.Within(20s);
  if (!st) proxy.Stop();
  ASSERT_TRUE(st.has_value()) << "the import still waits after 20 s";
  const double took = SecondsSince(start);
  EXPECT_EQ(st->message(),
            "postgresql: the server did not answer within 3 s (levers' deadline for a statement "
            "of an import or a migration); the connection was closed");
  EXPECT_GE(took, 3);
  EXPECT_LT(took, 5);
  // The session the proxy still holds open got the lock, then sat idle in its
  // transaction: the server ends it, and the lock is free again.
  EXPECT_TRUE(Eventually([&] {
    PGresult* r = PQexec(other, ("SELECT pg_try_advisory_lock(" + LockKey(2) + ")").c_str());
    const bool free = std::string(PQgetvalue(r, 0, 0)) == "t";
    PQclear(r);
    return free;
  }));
  EXPECT_EQ(Backends(app, "state LIKE 'idle in transaction%'"), "0");
  PQfinish(other);
  EXPECT_EQ(StoredImport(), "1 2026-01-01T00:00:00Z");
}

// A newer levers migrates the store while an import waits for another
// import's lock: once it has the lock, the import reads the version again and
// refuses, writing nothing.
TEST_F(PostgresShared, AnImportThatWaitedWhileTheStoreWasMigratedWritesNothing) {
  const std::string app = App("migrated");
  PostgresOptions o;
  o.application_name = app;
  auto store = OpenPostgresStore(db_->url(), kStoreSchemaVersion, o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  PGconn* other = PQconnectdb(db_->url().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, ("SELECT pg_advisory_lock(" + LockKey(2) + ")").c_str()));

  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z")); });
  ASSERT_TRUE(Eventually([&] { return Backends(app, "wait_event_type = 'Lock'") == "1"; }));
  // The newer levers's migration: the waiting import holds nothing it needs.
  const std::string newer = std::to_string(kStoreSchemaVersion + 1);
  EXPECT_EQ(db_->Admin("BEGIN; SET LOCAL lock_timeout = '5s'; SELECT pg_advisory_xact_lock(" +
                       LockKey(1) + "); UPDATE levers_schema SET version = " + newer + "; COMMIT"),
            "");
  PQclear(PQexec(other, ("SELECT pg_advisory_unlock(" + LockKey(2) + ")").c_str()));
  PQfinish(other);
  std::optional<Status> st = import.Within(20s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->code(), StatusCode::kCorruption);
  EXPECT_EQ(st->message(), "postgresql: another levers migrated the store to schema version " +
                               newer + " while this import waited for it; this levers writes " +
                               "version " + std::to_string(kStoreSchemaVersion) +
                               ": upgrade levers");
  EXPECT_EQ(StoredImport(), "1 2026-01-01T00:00:00Z");
  EXPECT_EQ(db_->Admin("SELECT COUNT(*) FROM guides"), "1");
}

// A migration waits for an import under way, and an import for a migration:
// no levers migrates the tables another is writing.
TEST_F(PostgresShared, AMigrationWaitsForAnImportUnderWay) {
  auto store = OpenStore(db_->url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ImportPause pause(1);
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z"), pause.options()); });
  ASSERT_TRUE(pause.Paused());
  // The import holds the migration lock (shared): no migration can take it.
  EXPECT_EQ(db_->Admin("SELECT pg_try_advisory_xact_lock(" + LockKey(1) + ")"), "f");
  // A levers that opens the store at an older version must migrate it: it
  // waits for the import (here at most 1 s) and says so.
  ASSERT_EQ(db_->Admin("UPDATE levers_schema SET version = 3"), "");
  auto migrating = OpenStore(db_->url() + "%20-clock_timeout%3D1s");
  ASSERT_FALSE(migrating.ok());
  EXPECT_EQ(migrating.status().message(),
            "postgresql: another levers is opening or migrating the store and still held it "
            "after 1 s; the store is unchanged: try again once it has finished");
  ASSERT_EQ(db_->Admin("UPDATE levers_schema SET version = " + std::to_string(kStoreSchemaVersion)),
            "");
  pause.Resume();
  std::optional<Status> st = import.Within(20s);
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(st->ok()) << st->ToString();
  EXPECT_EQ(StoredImport(), "2 2026-01-02T00:00:00Z");
}

// Two spellings of one store's URL: a search_path naming only its schema, and
// one whose first schema exists but is empty (what "$user", public gives a
// user `levers` once someone creates a schema `levers`). Both find the store
// where levers_schema is, take the same locks, and create nothing elsewhere.
TEST_F(PostgresShared, EverySpellingOfTheStoreTakesTheSameLocks) {
  PostgresDatabase empty(PostgresTestUrl());
  const std::string base = PostgresTestUrl();
  const std::string other_spelling = base + (base.find('?') == std::string::npos ? "?" : "&") +
                                     "options=-csearch_path%3D" + empty.schema() + "%2C" +
                                     db_->schema();
  ASSERT_EQ(empty.Admin("SELECT current_schema()"), empty.schema());

  auto first = OpenStore(db_->url());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ImportPause pause(1);
  Background<Status> import(
      [&] { return (*first)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z"), pause.options()); });
  ASSERT_TRUE(pause.Paused());
  auto second = OpenStore(other_spelling + "%20-clock_timeout%3D1s");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ((*second)->Stats()->last_import, "2026-01-01T00:00:00Z");
  Status refused = (*second)->ReplaceCorpus(OneGuide("2026-01-03T00:00:00Z"));
  EXPECT_EQ(refused.message(),
            "postgresql: another import is writing to the store and still held it after 1 s; "
            "the store is unchanged: try again once it has finished");
  pause.Resume();
  std::optional<Status> st = import.Within(20s);
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(st->ok()) << st->ToString();
  Status after = (*second)->ReplaceCorpus(OneGuide("2026-01-03T00:00:00Z"));
  EXPECT_TRUE(after.ok()) << after.ToString();
  EXPECT_EQ(StoredImport(), "3 2026-01-03T00:00:00Z");
  EXPECT_EQ(
      empty.Admin("SELECT COUNT(*) FROM pg_tables WHERE schemaname = '" + empty.schema() + "'"),
      "0");
}

// Each connection names its program in pg_stat_activity (`levers serve` and
// `levers import` pass their own), unless the URL names one.
TEST_F(PostgresShared, ConnectionsAreNamedForTheirProgram) {
  const std::string app = App("named");
  auto named = OpenStore(db_->url(), MissingStoreFile::kCreate, app);
  ASSERT_TRUE(named.ok()) << named.status().ToString();
  ASSERT_TRUE((*named)->Stats().ok());
  // The writer and the reader that read.
  EXPECT_EQ(Backends(app), "2");
  const std::string own = App("own");
  auto url_wins =
      OpenStore(db_->url() + "&application_name=" + own, MissingStoreFile::kCreate, app);
  ASSERT_TRUE(url_wins.ok()) << url_wins.status().ToString();
  ASSERT_TRUE((*url_wins)->Stats().ok());
  EXPECT_EQ(Backends(own), "2");
  EXPECT_EQ(Backends(app), "2");
}

// An import opens the one connection it writes through: no reader connects
// before its first read, and reads one after another share one connection.
TEST_F(PostgresShared, AnImportOpensOnlyTheConnectionItWrites) {
  const std::string app = App("import_only");
  auto store = OpenStore(db_->url(), MissingStoreFile::kCreate, app);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Backends(app), "1");
  ImportPause pause(1);
  Background<Status> import(
      [&] { return (*store)->ReplaceCorpus(OneGuide("2026-01-02T00:00:00Z"), pause.options()); });
  ASSERT_TRUE(pause.Paused());
  EXPECT_EQ(Backends(app), "1");  // during the import
  pause.Resume();
  std::optional<Status> st = import.Within(20s);
  ASSERT_TRUE(st.has_value());
  EXPECT_TRUE(st->ok()) << st->ToString();
  EXPECT_EQ(Backends(app), "1");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*store)->LastImport().ok());
    ASSERT_TRUE((*store)->ReadCorpus().ok());
  }
  EXPECT_EQ(Backends(app), "2");
}

}  // namespace
}  // namespace levers
