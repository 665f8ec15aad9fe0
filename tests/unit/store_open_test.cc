// OpenStore: URLs, migrations and the schema version, on SQLite files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "levers/store.h"
#include "store/store_internal.h"
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
  // A mistyped scheme does not print the password back.
  auto typo = OpenStore("postgresq://levers:s3cret@db.internal/levers");
  EXPECT_EQ(typo.status().message(),
            "unknown store URL 'postgresq://***@db.internal/levers': expected memory:, "
            "sqlite:PATH or postgresql://...");
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

// A guide row as schema version 1 kept it: file and JSON in the guides table.
constexpr const char* kV1GuideColumns =
    "(id, path, company, company_key, company_display, company_display_key, role, role_key, "
    "role_display, role_display_key, role_type, last_updated, next_review_due, data_quality, "
    "salary_data_quarter, regions_json, search_text, errors, warnings, source, json)";
constexpr const char* kV1GuideValues =
    "('acme/swe', 'g/acme/swe.md', 'acme', 'acme', 'Acme', 'acme', 'swe', 'swe', 'SWE', 'swe', "
    "'engineering', '2026-01-01', '2026-04-01', 'high', '2026-Q1', '[\"London\"]', "
    "'acme' || char(10) || 'acme' || char(10) || 'swe' || char(10) || 'swe' || char(10) || "
    "'london', 0, 1, X'00FF41', '{\"id\":1}')";

void ExpectTheV1GuideMigrated(const Store& store) {
  EXPECT_EQ(store.SchemaVersion(), kStoreSchemaVersion);
  auto g = store.GetGuide("acme/swe");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->source, std::string("\0\xff"
                                   "A",
                                   3));
  EXPECT_EQ(g->json, "{\"id\":1}");
  EXPECT_EQ(g->summary.regions, std::vector<std::string>{"London"});
  EXPECT_EQ(g->summary.warnings, 1);
  GuideQuery q;
  q.q = "london";
  EXPECT_EQ(store.ListGuides(q)->total, 1);
  EXPECT_EQ((*store.AllGuideSources())[0].source, g->source);
  EXPECT_EQ(store.Stats()->last_import, "2026-01-02T00:00:00Z");
  // The import made before version 3 counts as the first.
  EXPECT_EQ(*store.ImportGeneration(), 1);
  EXPECT_EQ(store.ReadCorpus()->generation, 1);
}

TEST(SqliteStore, Version1StoresAreMigratedWithTheirData) {
  SqliteDatabase db;
  {
    auto v1 = store_internal::OpenSqliteStore(db.path(), 1);
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    EXPECT_EQ((*v1)->SchemaVersion(), 1);
    EXPECT_EQ((*v1)->ReplaceCorpus({}).code(), StatusCode::kInvalidArgument);
  }
  RawSql(db.path(), std::string("INSERT INTO guides ") + kV1GuideColumns + " VALUES " +
                        kV1GuideValues +
                        "; INSERT INTO imports VALUES (1, '2026-01-02T00:00:00Z', 'g')");
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ExpectTheV1GuideMigrated(**s);
  EXPECT_EQ(RawScalar(db.path(), "SELECT version FROM levers_schema"),
            std::to_string(kStoreSchemaVersion));
  EXPECT_EQ(RawScalar(db.path(),
                      "SELECT COUNT(*) FROM pragma_table_info('guides') WHERE name IN "
                      "('source', 'json')"),
            "0");
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

TEST(PostgresStore, Version1StoresAreMigratedWithTheirData) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  {
    auto v1 = store_internal::OpenPostgresStore(db.url(), 1);
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    EXPECT_EQ((*v1)->SchemaVersion(), 1);
  }
  // PostgreSQL spells the blob and the line breaks its own way.
  std::string values = kV1GuideValues;
  values.replace(values.find("X'00FF41'"), 9, "'\\x00ff41'::bytea");
  for (size_t at; (at = values.find("char(10)")) != std::string::npos;)
    values.replace(at, 8, "chr(10)");
  EXPECT_EQ(
      db.Admin("INSERT INTO " + db.schema() + ".guides " + kV1GuideColumns + " VALUES " + values +
               "; INSERT INTO " + db.schema() + ".imports VALUES (1, '2026-01-02T00:00:00Z', 'g')"),
      "");
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ExpectTheV1GuideMigrated(**s);
  EXPECT_EQ(db.Admin("SELECT version FROM " + db.schema() + ".levers_schema"),
            std::to_string(kStoreSchemaVersion));
  EXPECT_EQ(db.Admin("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '" +
                     db.schema() +
                     "' AND table_name = 'guides' AND column_name IN ('source', "
                     "'json')"),
            "0");
}

TEST(PostgresStore, ADroppedConnectionIsOpenedAgain) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  const std::string app = "levers_reconnect_" + db.schema();
  auto s = OpenStore(db.url() + "&application_name=" + app);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  CorpusSnapshot snap;
  snap.imported_at = "2026-01-01T00:00:00Z";
  ASSERT_TRUE((*s)->ReplaceCorpus(snap).ok());
  EXPECT_EQ(db.Admin("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM "
                     "pg_stat_activity WHERE application_name = '" +
                     app + "') t"),
            // The writer and every reader.
            std::to_string(1 + store_internal::ReaderPool<int>::DefaultSize()));
  // Outside a transaction a dropped connection is opened again and the call
  // goes through: every reader, then the writer.
  for (size_t i = 0; i < 2 * store_internal::ReaderPool<int>::DefaultSize(); ++i) {
    auto stats = (*s)->Stats();
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->last_import, "2026-01-01T00:00:00Z");
  }
  snap.imported_at = "2026-01-02T00:00:00Z";
  Status st = (*s)->ReplaceCorpus(snap);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ((*s)->Stats()->last_import, "2026-01-02T00:00:00Z");
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
