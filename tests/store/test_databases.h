// The databases the store tests run against: a fresh one per test, removed after.
#ifndef LEVERS_TESTS_STORE_TEST_DATABASES_H_
#define LEVERS_TESTS_STORE_TEST_DATABASES_H_

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

inline std::vector<std::string> StoreBackendsUnderTest() { return {"memory", "sqlite"}; }

inline std::unique_ptr<TestDatabase> MakeTestDatabase(const std::string& backend) {
  if (backend == "memory") return std::make_unique<MemoryDatabase>();
  if (backend == "sqlite") return std::make_unique<SqliteDatabase>();
  return nullptr;
}

inline std::string SkipReason(const std::string& backend) {
  return "no test database for " + backend;
}

}  // namespace levers::testing

#endif  // LEVERS_TESTS_STORE_TEST_DATABASES_H_
