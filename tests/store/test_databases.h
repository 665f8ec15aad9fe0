// The databases the store tests run against: a fresh one per test, removed after.
#ifndef LEVERS_TESTS_STORE_TEST_DATABASES_H_
#define LEVERS_TESTS_STORE_TEST_DATABASES_H_

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace levers::testing {

class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  // The store URL of this database.
  virtual std::string url() const = 0;
};

class MemoryDatabase final : public TestDatabase {
 public:
  std::string url() const override { return "memory:"; }
};

// An SQLite file in a temporary folder of its own, removed with its WAL files.
class SqliteDatabase final : public TestDatabase {
 public:
  SqliteDatabase() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("levers-store-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~SqliteDatabase() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "levers.db").string(); }
  std::string url() const override { return "sqlite:" + path(); }

 private:
  std::filesystem::path dir_;
};

// A schema of its own in the database LEVERS_TEST_PG_URL names (scripts/pg-test.sh
// starts one), so tests running at once never meet; dropped after the test.
class PostgresDatabase final : public TestDatabase {
 public:
  explicit PostgresDatabase(std::string base) : base_(std::move(base)) {
    static std::atomic<int> counter{0};
    schema_ = "levers_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    Admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
  }
  ~PostgresDatabase() override { Admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); }

  // The base URL with search_path set to this test's schema.
  std::string url() const override {
    return base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  const std::string& schema() const { return schema_; }

  // Runs `sql` (no parameters; the tests' own constants) on the base database;
  // returns the first column of the first row, or "ERROR: ..." on failure.
  std::string Admin(const std::string& sql) const {
    PGconn* c = PQconnectdb(url_for_admin().c_str());
    std::string out;
    if (PQstatus(c) != CONNECTION_OK) {
      out = std::string("ERROR: ") + PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, ("SET client_min_messages = warning; " + sql).c_str());
      const ExecStatusType st = PQresultStatus(r);
      if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
        out = PQgetvalue(r, 0, 0);
      else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        out = std::string("ERROR: ") + PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return out;
  }

 private:
  std::string url_for_admin() const { return url(); }
  std::string base_;
  std::string schema_;
};

inline const char* PostgresTestUrl() {
  const char* url = std::getenv("LEVERS_TEST_PG_URL");
  return url && *url ? url : nullptr;
}

inline std::vector<std::string> StoreBackendsUnderTest() {
  return {"memory", "sqlite", "postgresql"};
}

inline std::unique_ptr<TestDatabase> MakeTestDatabase(const std::string& backend) {
  if (backend == "memory") return std::make_unique<MemoryDatabase>();
  if (backend == "sqlite") return std::make_unique<SqliteDatabase>();
  if (backend == "postgresql" && PostgresTestUrl())
    return std::make_unique<PostgresDatabase>(PostgresTestUrl());
  return nullptr;
}

inline std::string SkipReason(const std::string& backend) {
  if (backend == "postgresql")
    return "LEVERS_TEST_PG_URL is not set (bash scripts/pg-test.sh start prints one)";
  return "no test database for " + backend;
}

}  // namespace levers::testing

#endif  // LEVERS_TESTS_STORE_TEST_DATABASES_H_
