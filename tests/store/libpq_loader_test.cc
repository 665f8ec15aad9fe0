// libpq loaded on first use (store/libpq_loader.h): not before a PostgreSQL
// store is opened, a clear error when it cannot be loaded, working functions
// when it can. This program does not link libpq, so only the loader brings it in.
#include "store/libpq_loader.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "levers/store.h"

namespace levers::store_internal {
namespace {

bool LibPqIsLoaded() {
  void* h = dlopen(kLibPqName, RTLD_NOW | RTLD_NOLOAD);
  if (!h) return false;
  dlclose(h);  // drops only the reference RTLD_NOLOAD just took
  return true;
}

// First in this file: ctest runs every test in a process of its own, and a
// plain run of the whole program runs this one before any other loads libpq.
TEST(LibPqLoader, OnlyAPostgresqlStoreLoadsLibpq) {
  ASSERT_FALSE(LibPqIsLoaded());
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("levers-libpq-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    auto sqlite = OpenStore("sqlite:" + (dir / "levers.db").string());
    ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  }
  std::filesystem::remove_all(dir);
  auto memory = OpenStore("memory:");
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  EXPECT_FALSE(LibPqIsLoaded());

  // Port 1 on loopback refuses at once: libpq is loaded, the connection fails.
  auto pg = OpenStore("postgresql://levers@127.0.0.1:1/levers?connect_timeout=5");
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(pg.status().message().starts_with("postgresql: cannot connect: "))
      << pg.status().message();
  EXPECT_TRUE(LibPqIsLoaded());
}

TEST(LibPqLoader, AMissingLibraryIsAnErrorNamingLibpqAndItsPackage) {
  auto pq = LoadLibPqFrom("libpq-levers-test-missing.so.5");
  ASSERT_FALSE(pq.ok());
  EXPECT_EQ(pq.status().code(), StatusCode::kIOError);
  EXPECT_EQ(pq.status().message(),
            "PostgreSQL stores need libpq.so.5 (Debian package libpq5): "
            "libpq-levers-test-missing.so.5: cannot open shared object file: No such file or "
            "directory");
}

TEST(LibPqLoader, ALibraryWithoutLibpqsFunctionsIsAnError) {
  // libc loads but has no PQconnectdb, the first function looked up.
  auto pq = LoadLibPqFrom("libc.so.6");
  ASSERT_FALSE(pq.ok());
  EXPECT_EQ(pq.status().code(), StatusCode::kIOError);
  const std::string& m = pq.status().message();
  EXPECT_TRUE(m.starts_with("PostgreSQL stores need libpq.so.5 (Debian package libpq5): ")) << m;
  EXPECT_NE(m.find("undefined symbol: PQconnectdb"), std::string::npos) << m;
}

TEST(LibPqLoader, LoadsEveryFunctionOnceAndTheyWork) {
  auto first = LoadLibPq();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const LibPq* pq = *first;
  ASSERT_NE(pq, nullptr);
#define LEVERS_EXPECT_LOADED(name) EXPECT_NE(pq->name, nullptr) << #name;
  LEVERS_LIBPQ_FUNCTIONS(LEVERS_EXPECT_LOADED)
#undef LEVERS_EXPECT_LOADED
  auto second = LoadLibPq();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, pq);

  // A malformed connection string fails inside libpq, without a server.
  PGconn* conn = pq->PQconnectdb("levers_no_such_option=1");
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(pq->PQstatus(conn), CONNECTION_BAD);
  EXPECT_NE(std::string(pq->PQerrorMessage(conn)).find("levers_no_such_option"), std::string::npos)
      << pq->PQerrorMessage(conn);
  pq->PQfinish(conn);
}

}  // namespace
}  // namespace levers::store_internal
