// OpenStore: URLs, migrations and the schema version, on SQLite files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "levers/store.h"
#include "store/test_databases.h"

namespace levers {
namespace {

using testing::SqliteDatabase;

// Runs `sql` on the SQLite file at `path` directly, outside the store.
void RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string RawScalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(stmt, 0);
    out = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(OpenStore, UnknownUrlsAreRefusedWithTheAccepted) {
  for (const char* url : {"", "mysql://localhost/x", "sqlite:", "memory", "file:/tmp/x.db",
                          "SQLITE:/tmp/x", "postgresq://x"}) {
    auto s = OpenStore(url);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << url;
  }
  auto s = OpenStore("redis://x");
  EXPECT_EQ(s.status().message(),
            "unknown store URL 'redis://x': expected memory:, sqlite:PATH or postgresql://...");
}

TEST(OpenStore, MemoryStoresAreSeparate) {
  auto a = OpenStore("memory:");
  auto b = OpenStore("memory:");
  ASSERT_TRUE(a.ok() && b.ok());
  CorpusSnapshot s;
  s.imported_at = "2026-01-01T00:00:00Z";
  ASSERT_TRUE((*a)->ReplaceCorpus(s).ok());
  EXPECT_EQ((*a)->Stats()->last_import, "2026-01-01T00:00:00Z");
  EXPECT_EQ((*b)->Stats()->last_import, "");
}

TEST(SqliteStore, CreatesAVersionedWalFileAndKeepsDataAcrossOpens) {
  SqliteDatabase db;
  {
    auto s = OpenStore(db.url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    CorpusSnapshot snap;
    snap.imported_at = "2026-02-02T00:00:00Z";
    GuideRecord g;
    g.summary.id = "a";
    g.source = "x";
    snap.guides.push_back(g);
    ASSERT_TRUE((*s)->ReplaceCorpus(snap).ok());
  }
  EXPECT_EQ(RawScalar(db.path(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawScalar(db.path(), "SELECT version FROM levers_schema"),
            std::to_string(kStoreSchemaVersion));
  auto again = OpenStore(db.url());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->SchemaVersion(), kStoreSchemaVersion);
  EXPECT_EQ((*again)->Stats()->guides, 1);
  EXPECT_EQ((*again)->GetGuide("a")->source, "x");
}

TEST(SqliteStore, NewerSchemaIsRefused) {
  SqliteDatabase db;
  ASSERT_TRUE(OpenStore(db.url()).ok());
  RawSql(db.path(),
         "UPDATE levers_schema SET version = " + std::to_string(kStoreSchemaVersion + 1));
  auto s = OpenStore(db.url());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(s.status().message(), "sqlite:" + db.path() + ": the store has schema version " +
                                      std::to_string(kStoreSchemaVersion + 1) +
                                      "; this levers knows versions up to " +
                                      std::to_string(kStoreSchemaVersion) + ": upgrade levers");
}

TEST(SqliteStore, AStoreAtVersionZeroIsMigrated) {
  SqliteDatabase db;
  // What a store looks like after its version table was made and nothing else.
  RawSql(db.path(),
         "CREATE TABLE levers_schema (version INTEGER NOT NULL);"
         "INSERT INTO levers_schema VALUES (0)");
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->SchemaVersion(), kStoreSchemaVersion);
  EXPECT_EQ((*s)->Stats()->guides, 0);
  EXPECT_EQ(RawScalar(db.path(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'guides'"), "1");
}

TEST(SqliteStore, OtherDatabasesAndFilesAreNotTouched) {
  SqliteDatabase db;
  RawSql(db.path(), "CREATE TABLE customers (name TEXT)");
  auto s = OpenStore(db.url());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(s.status().message(),
            "sqlite:" + db.path() + ": an SQLite database that is not a levers store");
  EXPECT_EQ(RawScalar(db.path(), "SELECT COUNT(*) FROM sqlite_master"), "1");

  SqliteDatabase text;
  { std::ofstream(text.path()) << "this is a text file, not a database, and long enough\n"; }
  auto t = OpenStore(text.url());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("not a database"), std::string::npos) << t.status().message();

  auto missing_dir = OpenStore("sqlite:/nonexistent-folder/levers.db");
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.status().code(), StatusCode::kIOError);
  EXPECT_NE(
      missing_dir.status().message().find("sqlite:/nonexistent-folder/levers.db: cannot open"),
      std::string::npos)
      << missing_dir.status().message();
}

TEST(PostgresStore, NewerSchemaAndForeignTablesAreRefused) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  {
    auto s = OpenStore(db.url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ((*s)->SchemaVersion(), kStoreSchemaVersion);
  }
  EXPECT_EQ(db.Admin("SELECT version FROM " + db.schema() + ".levers_schema"),
            std::to_string(kStoreSchemaVersion));
  db.Admin("UPDATE " + db.schema() + ".levers_schema SET version = 99");
  auto newer = OpenStore(db.url());
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(newer.status().message(),
            "postgresql: the store has schema version 99; this levers knows versions up to " +
                std::to_string(kStoreSchemaVersion) + ": upgrade levers");

  testing::PostgresDatabase other(testing::PostgresTestUrl());
  other.Admin("CREATE TABLE " + other.schema() + ".customers (name TEXT)");
  auto foreign = OpenStore(other.url());
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().message(),
            "postgresql: the database's schema holds tables but is not a levers store");
  EXPECT_EQ(
      other.Admin("SELECT COUNT(*) FROM pg_tables WHERE schemaname = '" + other.schema() + "'"),
      "1");
}

TEST(PostgresStore, AServerThatIsNotThereIsAClearError) {
  // Port 1 on loopback: nothing listens there.
  auto s = OpenStore("postgresql://levers@127.0.0.1:1/levers?connect_timeout=5");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(s.status().message().starts_with("postgresql: cannot connect: "))
      << s.status().message();
  auto bad = OpenStore("postgresql://[broken");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().message().starts_with("postgresql: cannot connect: "))
      << bad.status().message();
}

}  // namespace
}  // namespace levers
