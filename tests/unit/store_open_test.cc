// OpenStore: URLs, migrations and the schema version, on SQLite files and
// (when LEVERS_TEST_PG_URL names a server) PostgreSQL schemas; and that the
// filters' SQL is answered from the indexes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <utility>

#include "levers/store.h"
#include "store/store_internal.h"
#include "store/test_databases.h"

// Filters are written with designated initializers; GCC 12 warns about every
// member they leave at its default, which is the point of them.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace levers {
namespace {

using store_internal::BandListFilter;
using store_internal::GuideListFilter;
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
  // Nor without "://", in libpq's keyword form, or past the 80 bytes shown.
  for (const auto& [url, shown] : std::vector<std::pair<std::string, std::string>>{
           {"postgresql:/levers:hunter2@127.0.0.1/db", "postgresql:/***@127.0.0.1/db"},
           {"levers:hunter2@127.0.0.1/db", "levers:***@127.0.0.1/db"},
           {"host=127.0.0.1 password=hunter2 dbname=x", "host=127.0.0.1 password=*** dbname=x"},
           {"host=127.0.0.1 password='hun ter2'", "host=127.0.0.1 password=***"},
           {"postgresq://db/x?sslmode=disable&password=hunter2",
            "postgresq://db/x?sslmode=disable&password=***"},
           {"pg://levers:" + std::string(90, 'p') + "@db/x", "pg://***@db/x"}}) {
    EXPECT_EQ(
        OpenStore(url).status().message(),
        "unknown store URL '" + shown + "': expected memory:, sqlite:PATH or postgresql://...")
        << url;
  }
}

TEST(OpenStore, PasswordsAreMaskedInMessages) {
  using store_internal::MaskPasswords;
  using store_internal::UrlPasswords;
  // Each password whole, as written and percent-decoded, then every run of
  // its pieces between separators ('@' once decoded here), the longest first.
  EXPECT_EQ(UrlPasswords("postgresql://levers:p%40ss@db/x?password=s3cr%zzet&user=u"),
            (std::vector<std::string>{"s3cr%zzet", "p%40ss", "p@ss", "ss", "p"}));
  EXPECT_EQ(UrlPasswords("postgresql://levers@db/x"), std::vector<std::string>{});
  // A '%' with fewer than two hex digits after it is kept, at the end too; a
  // '+' is a '+' (not a space) in a URL's user information.
  EXPECT_EQ(UrlPasswords("postgresql://u:a+b%4@db/x?password=%41%4"),
            (std::vector<std::string>{"a+b%4", "%41%4", "A%4"}));
  // libpq ends the user information at the first '@', and finds none when a
  // '/' comes first; the writer of these URLs meant the last '@'. Every
  // fragment libpq may show as a host, a port or a database is masked.
  EXPECT_EQ(UrlPasswords("postgresql://levers:p@Xsecret9@127.0.0.1:5432/db"),
            (std::vector<std::string>{"p@Xsecret9", "Xsecret9", "p"}));
  EXPECT_EQ(UrlPasswords("postgresql://levers:Xsecret9/@127.0.0.1/db"),
            (std::vector<std::string>{"Xsecret9/", "Xsecret9"}));
  EXPECT_EQ(UrlPasswords("postgresql://levers:Xse:cret9/@127.0.0.1/db"),
            (std::vector<std::string>{"Xse:cret9/", "Xse:cret9", "cret9", "Xse"}));
  // A '?' in the password: the user information ends at the '@' after it,
  // unless what stands between them is a query (a '=' in it).
  EXPECT_EQ(UrlPasswords("postgresql://levers:pa?ss9@db/x"),
            (std::vector<std::string>{"pa?ss9", "ss9", "pa"}));
  EXPECT_EQ(UrlPasswords("postgresql://db:5432/x?user=levers@corp"), std::vector<std::string>{});
  EXPECT_EQ(MaskPasswords("FATAL: bad \"p@ss\" and p%40ss; password=x y", {"p%40ss", "p@ss"}),
            "FATAL: bad \"***\" and ***; password=*** y");
  // A fragment shorter than 3 bytes is masked only where it stands alone
  // between quotes or separators, as libpq shows a part of a URL.
  EXPECT_EQ(MaskPasswords("host \"p@127.0.0.1\", port 5432: p in a sentence", {"p", "54"}),
            "host \"***@127.0.0.1\", port 5432: p in a sentence");
}

TEST(PostgresStore, LibpqMessagesNeverShowThePassword) {
  for (const auto& [url, message] : std::vector<std::pair<std::string, std::string>>{
           {"postgresql://levers:s3cr%zzet@127.0.0.1:1/x",
            "postgresql: cannot connect: invalid percent-encoded token: \"***\""},
           {"postgresql://levers@127.0.0.1:1/x?password=hun%zzter2",
            "postgresql: cannot connect: invalid percent-encoded token: \"***\""},
           // libpq reads these passwords as a port: a '/', a ':', a '%40'.
           {"postgresql://levers:Xsecret9/@127.0.0.1:1/x",
            "postgresql: cannot connect: invalid integer value \"***\" for connection option "
            "\"port\""},
           {"postgresql://levers:Xse:cret9/@127.0.0.1:1/x",
            "postgresql: cannot connect: invalid integer value \"***\" for connection option "
            "\"port\""},
           {"postgresql://levers:p%40Xsecret9/@127.0.0.1:1/x",
            "postgresql: cannot connect: invalid integer value \"***\" for connection option "
            "\"port\""}}) {
    auto s = OpenStore(url);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.status().message(), message) << url;
  }
  // And this one as a host name (the resolver's words after it vary).
  auto s = OpenStore("postgresql://levers:p@Xsecret9@127.0.0.1:1/x");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().message().starts_with(
      "postgresql: cannot connect: could not translate host name \"***@127.0.0.1\" to address: "))
      << s.status().message();
  EXPECT_EQ(s.status().message().find("secret"), std::string::npos) << s.status().message();
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

// Opens (creating) the store at `url` and imports one guide "a" whose file is "x".
void ImportOneGuide(const std::string& url) {
  auto s = OpenStore(url);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  CorpusSnapshot snap;
  snap.imported_at = "2026-02-02T00:00:00Z";
  GuideRecord g;
  g.summary.id = "a";
  g.source = "x";
  snap.guides.push_back(g);
  ASSERT_TRUE((*s)->ReplaceCorpus(snap).ok());
}

TEST(SqliteStore, CreatesAVersionedWalFileAndKeepsDataAcrossOpens) {
  SqliteDatabase db;
  ImportOneGuide(db.url());
  EXPECT_EQ(RawScalar(db.path(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawScalar(db.path(), "SELECT version FROM levers_schema"),
            std::to_string(kStoreSchemaVersion));
  auto again = OpenStore(db.url());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->SchemaVersion(), kStoreSchemaVersion);
  EXPECT_EQ((*again)->Stats()->guides, 1);
  EXPECT_EQ((*again)->GetGuide("a")->source, "x");
}

// A store at the current version opens without the write lock: while another
// process writes (an import in its transaction), `levers serve` starts and
// reads the last commit, without waiting for the 5 s busy timeout. A store
// that needs a migration still waits for the lock, and says so.
TEST(SqliteStore, OpensWhileAnotherProcessWrites) {
  SqliteDatabase db;
  ImportOneGuide(db.url());
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; DELETE FROM guide_texts; DELETE FROM guides",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const auto started = std::chrono::steady_clock::now();
  auto reader = OpenStore(db.url(), MissingStoreFile::kRefuse);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_LT(took, std::chrono::seconds(1));
  EXPECT_EQ((*reader)->SchemaVersion(), kStoreSchemaVersion);
  EXPECT_EQ((*reader)->Stats()->guides, 1);  // the last commit, not the writer's work
  reader->reset();

  // At an older version the open must migrate, so it waits for the lock.
  ASSERT_EQ(sqlite3_exec(writer, "UPDATE levers_schema SET version = 3", nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer, "COMMIT; BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto old = OpenStore(db.url());
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().message(),
            "sqlite:" + db.path() +
                ": another process is writing to the store (an import?) and still held it after "
                "5 s; the store is unchanged: try again once it has finished");
  ASSERT_EQ(sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(writer);
  auto migrated = OpenStore(db.url());
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  EXPECT_EQ((*migrated)->SchemaVersion(), kStoreSchemaVersion);
}

// A reader (levers serve) refuses a path with no file rather than create an
// empty store; an import creates it.
TEST(SqliteStore, AMissingFileIsRefusedOnlyWhenAsked) {
  SqliteDatabase db;
  auto refused = OpenStore(db.url(), MissingStoreFile::kRefuse);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(refused.status().message(), "sqlite:" + db.path() + ": no store at " + db.path() +
                                            " (no such file): run levers import first");
  EXPECT_FALSE(std::filesystem::exists(db.path()));
  ASSERT_TRUE(OpenStore(db.url()).ok());
  EXPECT_TRUE(std::filesystem::exists(db.path()));
  auto opened = OpenStore(db.url(), MissingStoreFile::kRefuse);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->SchemaVersion(), kStoreSchemaVersion);
  // memory: and PostgreSQL have no file to miss.
  EXPECT_TRUE(OpenStore("memory:", MissingStoreFile::kRefuse).ok());
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

// Another levers migrated the store after this one opened it: the import
// reads the version again under the write lock and writes nothing.
TEST(SqliteStore, AnImportIntoAStoreMigratedSinceItWasOpenedWritesNothing) {
  SqliteDatabase db;
  ImportOneGuide(db.url());
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string newer = std::to_string(kStoreSchemaVersion + 1);
  RawSql(db.path(), "UPDATE levers_schema SET version = " + newer);
  CorpusSnapshot snap;
  snap.imported_at = "2026-03-03T00:00:00Z";
  const Status st = (*s)->ReplaceCorpus(snap);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_EQ(st.message(), "sqlite:" + db.path() +
                              ": another levers migrated the store to schema version " + newer +
                              " while this import waited for it; this levers writes version " +
                              std::to_string(kStoreSchemaVersion) + ": upgrade levers");
  EXPECT_EQ(RawScalar(db.path(), "SELECT imported_at || ' ' || generation FROM imports"),
            "2026-02-02T00:00:00Z 1");
  EXPECT_EQ(RawScalar(db.path(), "SELECT COUNT(*) FROM guides"), "1");
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
    auto v1 = store_internal::OpenSqliteStore(db.path(), MissingStoreFile::kCreate, 1);
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

// The whole file at `path`, byte for byte.
std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(SqliteStore, OtherDatabasesAndFilesAreNotTouched) {
  SqliteDatabase db;
  RawSql(db.path(), "CREATE TABLE customers (name TEXT)");
  const std::string before = FileBytes(db.path());
  ASSERT_GT(before.size(), 100u);
  auto s = OpenStore(db.url());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(s.status().message(),
            "sqlite:" + db.path() + ": an SQLite database that is not a levers store");
  // Refused before WAL mode is set: the file, header included, is as it was.
  EXPECT_EQ(FileBytes(db.path()), before);
  EXPECT_FALSE(std::filesystem::exists(db.path() + "-wal"));
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

// A store as schema version 3 made it, written out here rather than by the
// store's own migrations: `%T` is a key column's type and `%B` a file's
// (SQLite: TEXT, BLOB; PostgreSQL: TEXT COLLATE "C", BYTEA). Its name keys are
// the lowered names version 3 compared; three guides of one company under
// two slugs, one without a display name, and a band.
std::string Version3Store(bool postgres) {
  std::string sql = R"(
    CREATE TABLE levers_schema (version INTEGER NOT NULL);
    INSERT INTO levers_schema VALUES (3);
    CREATE TABLE guides (
      id %T PRIMARY KEY NOT NULL, path %T NOT NULL,
      company %T NOT NULL, company_key %T NOT NULL,
      company_display %T NOT NULL, company_display_key %T NOT NULL,
      role %T NOT NULL, role_key %T NOT NULL,
      role_display %T NOT NULL, role_display_key %T NOT NULL, role_type %T NOT NULL,
      last_updated %T NOT NULL, next_review_due %T NOT NULL,
      data_quality %T NOT NULL, salary_data_quarter %T NOT NULL,
      regions_json TEXT NOT NULL, search_text %T NOT NULL,
      errors BIGINT NOT NULL, warnings BIGINT NOT NULL);
    CREATE INDEX guides_company ON guides (company_key);
    CREATE INDEX guides_company_display ON guides (company_display_key);
    CREATE INDEX guides_role ON guides (role_key);
    CREATE INDEX guides_role_display ON guides (role_display_key);
    CREATE TABLE bands (
      guide_id %T NOT NULL REFERENCES guides (id), position INTEGER NOT NULL,
      company %T NOT NULL, role %T NOT NULL, region %T NOT NULL, region_key %T NOT NULL,
      currency %T NOT NULL, currency_key %T NOT NULL,
      base_low BIGINT, base_high BIGINT, stock_low BIGINT, stock_high BIGINT,
      bonus_pct_low_bp INTEGER, bonus_pct_high_bp INTEGER,
      total_comp_low BIGINT, total_comp_high BIGINT, stock_vesting_years INTEGER NOT NULL,
      PRIMARY KEY (guide_id, position));
    CREATE INDEX bands_region ON bands (region_key);
    CREATE TABLE levers (
      guide_id %T NOT NULL REFERENCES guides (id), position INTEGER NOT NULL,
      title TEXT NOT NULL, script TEXT NOT NULL, PRIMARY KEY (guide_id, position));
    CREATE TABLE strategies (
      guide_id %T PRIMARY KEY NOT NULL REFERENCES guides (id),
      text TEXT NOT NULL, floor_minor BIGINT, floor_currency TEXT);
    CREATE TABLE level_equivalences (
      guide_id %T NOT NULL REFERENCES guides (id), position INTEGER NOT NULL,
      text TEXT NOT NULL, company TEXT NOT NULL, title TEXT NOT NULL,
      level_low TEXT NOT NULL, level_high TEXT NOT NULL, PRIMARY KEY (guide_id, position));
    CREATE TABLE findings (
      guide_id %T NOT NULL, position INTEGER NOT NULL,
      code %T NOT NULL, severity %T NOT NULL, line INTEGER NOT NULL,
      column_number INTEGER NOT NULL, field TEXT NOT NULL, message TEXT NOT NULL,
      PRIMARY KEY (guide_id, position));
    CREATE INDEX findings_code ON findings (code);
    CREATE TABLE imports (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      imported_at TEXT NOT NULL, source_dir TEXT NOT NULL,
      generation BIGINT NOT NULL DEFAULT 1);
    CREATE TABLE guide_texts (
      id %T PRIMARY KEY NOT NULL REFERENCES guides (id), source %B NOT NULL, json TEXT NOT NULL);
    INSERT INTO guides VALUES
      ('hf-em', 'g/hf-em.md', 'huggingface-enterprise', 'huggingface-enterprise',
       'Hugging Face Enterprise', 'hugging face enterprise', 'engineering-manager',
       'engineering-manager', 'Engineering Manager', 'engineering manager', 'management',
       '2026-01-01', '2026-04-01', 'high', '2026-Q1', '["Paris"]', 'hf-em search', 0, 1),
      ('hf-swe', 'g/hf-swe.md', 'hugging-face-enterprise', 'hugging-face-enterprise',
       'Hugging Face Enterprise', 'hugging face enterprise', 'software-engineer',
       'software-engineer', 'Software Engineer', 'software engineer', 'engineering',
       '', '', '', '', '["Paris"]', 'hf-swe search', 2, 0),
      ('acme', 'g/acme.md', 'acme', 'acme', '', '', 'swe', 'swe', 'SWE', 'swe', 'engineering',
       '', '', '', '', '[]', 'acme search', 0, 0);
    INSERT INTO guide_texts VALUES ('hf-em', %X, '{"id":"hf-em"}'),
      ('hf-swe', %E, '{"id":"hf-swe"}'), ('acme', %E, '{"id":"acme"}');
    INSERT INTO bands VALUES ('hf-swe', 0, 'hugging-face-enterprise', 'software-engineer',
      'Paris', 'paris', 'EUR', 'eur', 9000000, 12000000, NULL, NULL, NULL, NULL, NULL, NULL, 4);
    INSERT INTO imports VALUES (1, '2026-01-02T00:00:00Z', 'g', 7);
  )";
  const std::pair<const char*, const char*> types[] = {
      {"%T", postgres ? "TEXT COLLATE \"C\"" : "TEXT"},
      {"%B", postgres ? "BYTEA" : "BLOB"},
      {"%X", postgres ? "'\\x00ff41'::bytea" : "X'00FF41'"},
      {"%E", postgres ? "''::bytea" : "X''"}};
  for (const auto& [from, to] : types) {
    for (size_t at; (at = sql.find(from)) != std::string::npos;) sql.replace(at, 2, to);
  }
  return sql;
}

// Each guide's four name keys, "company|company_display|role|role_display", by id.
constexpr const char* kNameKeys =
    "SELECT string_agg(id || ':' || company_key || '|' || company_display_key || '|' || role_key "
    "|| '|' || role_display_key, ' ' ORDER BY id) FROM guides";
constexpr const char* kVersion3Keys =
    "acme:acme||swe|swe "
    "hf-em:huggingface-enterprise|hugging face enterprise|engineering-manager|engineering manager "
    "hf-swe:hugging-face-enterprise|hugging face enterprise|software-engineer|software engineer";

// What opening the version 3 store must give: the name keys of the duplicate
// rule, so every spelling of the company finds both of its guides, each shown
// with its own names; and everything else as it was.
void ExpectTheVersion3StoreMigrated(const Store& store) {
  EXPECT_EQ(store.SchemaVersion(), kStoreSchemaVersion);
  for (const char* spelling :
       {"huggingface-enterprise", "hugging-face-enterprise", "Hugging Face Enterprise"}) {
    GuideQuery q;
    q.company = spelling;
    auto page = store.ListGuides(q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_EQ(page->total, 2) << spelling;
    EXPECT_EQ(page->items[0].id, "hf-em");
    EXPECT_EQ(page->items[0].company, "huggingface-enterprise");
    EXPECT_EQ(page->items[1].id, "hf-swe");
    EXPECT_EQ(page->items[1].company, "hugging-face-enterprise");
    EXPECT_EQ(page->items[1].company_display, "Hugging Face Enterprise");
    EXPECT_EQ(store.ListBands({.company = spelling})->size(), 1u);
  }
  GuideQuery role;
  role.role = "Engineering_Manager";
  EXPECT_EQ(store.ListGuides(role)->total, 1);
  role.role = "SWE";
  EXPECT_EQ(store.ListGuides(role)->total, 1);
  auto g = store.GetGuide("hf-em");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->source, std::string("\0\xff"
                                   "A",
                                   3));
  EXPECT_EQ(g->summary.role_display, "Engineering Manager");
  EXPECT_EQ(g->summary.warnings, 1);
  EXPECT_EQ(*store.ImportGeneration(), 7);
  EXPECT_EQ(store.Stats()->guides, 3);
}
constexpr const char* kMigratedKeys =
    "acme:acme||swe|swe "
    "hf-em:huggingfaceenterprise|huggingfaceenterprise|engineeringmanager|engineeringmanager "
    "hf-swe:huggingfaceenterprise|huggingfaceenterprise|softwareengineer|softwareengineer";

// kNameKeys for SQLite, which has no string_agg before 3.44: group_concat in id order.
constexpr const char* kSqliteNameKeys =
    "SELECT group_concat(k, ' ') FROM (SELECT id || ':' || company_key || '|' || "
    "company_display_key || '|' || role_key || '|' || role_display_key AS k FROM guides "
    "ORDER BY id)";

TEST(SqliteStore, Version3StoresGetTheDuplicateRulesNameKeys) {
  SqliteDatabase db;
  RawSql(db.path(), Version3Store(/*postgres=*/false));
  ASSERT_EQ(RawScalar(db.path(), kSqliteNameKeys), kVersion3Keys);
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ExpectTheVersion3StoreMigrated(**s);
  EXPECT_EQ(RawScalar(db.path(), "SELECT version FROM levers_schema"),
            std::to_string(kStoreSchemaVersion));
  EXPECT_EQ(RawScalar(db.path(), kSqliteNameKeys), kMigratedKeys);
}

TEST(SqliteStore, AFailedMigrationLeavesTheStoreAsItWas) {
  SqliteDatabase db;
  RawSql(db.path(), Version3Store(/*postgres=*/false) +
                        "CREATE TRIGGER no_updates BEFORE UPDATE ON guides BEGIN "
                        "SELECT RAISE(ABORT, 'guides are read-only'); END;");
  auto s = OpenStore(db.url());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIOError);
  EXPECT_EQ(s.status().message(), "sqlite:" + db.path() + ": query failed: guides are read-only");
  EXPECT_EQ(RawScalar(db.path(), "SELECT version FROM levers_schema"), "3");
  EXPECT_EQ(RawScalar(db.path(), kSqliteNameKeys), kVersion3Keys);
  RawSql(db.path(), "DROP TRIGGER no_updates");
  auto again = OpenStore(db.url());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ExpectTheVersion3StoreMigrated(**again);
}

// The plan SQLite makes for `sql`, one step a line.
std::string SqlitePlan(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string plan;
  EXPECT_EQ(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &stmt, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW)
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)) + std::string("\n");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

TEST(SqliteStore, NameFiltersAreIndexLookups) {
  SqliteDatabase db;
  ASSERT_TRUE(OpenStore(db.url()).ok());
  using store_internal::kSqliteDialect;
  GuideQuery q;
  q.company = "Hugging Face";
  std::string plan =
      SqlitePlan(db.path(), "SELECT id FROM guides" + GuideListFilter(q, kSqliteDialect).where +
                                " ORDER BY id");
  EXPECT_NE(plan.find("SEARCH guides USING INDEX guides_company (company_key=?)"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("SEARCH guides USING INDEX guides_company_display (company_display_key=?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("SCAN"), std::string::npos) << plan;
  q = {};
  q.role = "ML/AI Engineer";
  plan = SqlitePlan(db.path(), "SELECT id FROM guides" + GuideListFilter(q, kSqliteDialect).where);
  EXPECT_NE(plan.find("guides_role_display (role_display_key=?)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN"), std::string::npos) << plan;
  plan = SqlitePlan(db.path(), "SELECT b.guide_id FROM bands b JOIN guides g ON g.id = b.guide_id" +
                                   BandListFilter({.company = "acme"}, kSqliteDialect).where);
  EXPECT_NE(plan.find("SEARCH g USING INDEX guides_company (company_key=?)"), std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("SCAN"), std::string::npos) << plan;
}

TEST(PostgresStore, Version3StoresGetTheDuplicateRulesNameKeys) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  ASSERT_EQ(db.Admin(Version3Store(/*postgres=*/true)), "");
  ASSERT_EQ(db.Admin(kNameKeys), kVersion3Keys);
  auto s = OpenStore(db.url());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ExpectTheVersion3StoreMigrated(**s);
  EXPECT_EQ(db.Admin("SELECT version FROM levers_schema"), std::to_string(kStoreSchemaVersion));
  EXPECT_EQ(db.Admin(kNameKeys), kMigratedKeys);
}

TEST(PostgresStore, AFailedMigrationLeavesTheStoreAsItWas) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  ASSERT_EQ(db.Admin(Version3Store(/*postgres=*/true) +
                     "CREATE FUNCTION refuse_updates() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$BEGIN RAISE EXCEPTION 'guides are read-only'; END$$;"
                     "CREATE TRIGGER no_updates BEFORE UPDATE ON guides FOR EACH ROW "
                     "EXECUTE FUNCTION refuse_updates();"),
            "");
  auto s = OpenStore(db.url());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(s.status().message().starts_with("postgresql: ERROR:  guides are read-only"))
      << s.status().message();
  EXPECT_EQ(db.Admin("SELECT version FROM levers_schema"), "3");
  EXPECT_EQ(db.Admin(kNameKeys), kVersion3Keys);
  ASSERT_EQ(db.Admin("DROP TRIGGER no_updates ON guides"), "");
  auto again = OpenStore(db.url());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ExpectTheVersion3StoreMigrated(**again);
}

TEST(PostgresStore, NameFiltersAreIndexLookups) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  ASSERT_TRUE(OpenStore(db.url()).ok());
  using store_internal::kPostgresDialect;
  // A generic plan, as a prepared statement run many times gets: one that
  // cannot depend on the value bound. Sequential scans are priced out of
  // reach, so a plan holds one only when no index can answer.
  auto plan = [&](const std::string& select, const store_internal::SqlFilter& f) {
    std::string types;
    for (size_t i = 0; i < f.params.size(); ++i) types += i ? ", text" : "text";
    std::string args;
    for (size_t i = 0; i < f.params.size(); ++i) args += i ? ", 'x'" : "'x'";
    return db.Admin(
        "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off; "
        "PREPARE p (" +
        types + ") AS " + select + f.where + "; EXPLAIN (FORMAT JSON) EXECUTE p (" + args + ")");
  };
  GuideQuery q;
  q.company = "Hugging Face";
  q.role = "ML/AI Engineer";
  std::string p = plan("SELECT id FROM guides", GuideListFilter(q, kPostgresDialect));
  EXPECT_NE(p.find("\"guides_company\""), std::string::npos) << p;
  EXPECT_NE(p.find("\"guides_company_display\""), std::string::npos) << p;
  EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
  p = plan("SELECT b.guide_id FROM bands b JOIN guides g ON g.id = b.guide_id",
           BandListFilter({.company = "acme"}, kPostgresDialect));
  EXPECT_NE(p.find("\"guides_company_display\""), std::string::npos) << p;
  EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << p;
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
  ASSERT_TRUE((*s)->Stats().ok());
  EXPECT_EQ(db.Admin("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM "
                     "pg_stat_activity WHERE application_name = '" +
                     app + "') t"),
            // The writer and the reader that read (readers connect on first use).
            "2");
  // Outside a transaction a dropped connection is opened again and the call
  // goes through: the reader, then the writer.
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

// A peer that accepts the connection and never answers (a stalled network
// looks the same): the connection is given up after connect_timeout, 10 s by
// default, or the URL's own value.
TEST(PostgresStore, AServerThatNeverAnswersIsGivenUpAfterConnectTimeout) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(fd, 8), 0);  // the kernel accepts; nothing ever answers
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string port = std::to_string(ntohs(addr.sin_port));
  bool hung = false;
  auto open = [&](const std::string& query) -> std::pair<double, std::string> {
    const auto start = std::chrono::steady_clock::now();
    auto opened =
        std::async(std::launch::async, [url = "postgresql://levers@127.0.0.1:" + port + "/levers" +
                                              query] { return OpenStore(url).status().message(); });
    if (opened.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      hung = true;
      shutdown(fd, SHUT_RDWR);  // ends the waiting connection
    }
    const std::string message = opened.get();
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            message};
  };
  const std::string expected =
      "postgresql: cannot connect: connection to server at \"127.0.0.1\", "
      "port " +
      port +
      " failed: timeout expired (no answer within connect_timeout, 10 s "
      "unless the URL sets it)";
  const auto [default_wait, default_message] = open("");
  EXPECT_FALSE(hung);
  EXPECT_GE(default_wait, 9.5);
  EXPECT_LT(default_wait, 20);
  EXPECT_EQ(default_message, expected);
  const auto [url_wait, url_message] = open("?connect_timeout=2");
  EXPECT_FALSE(hung);
  EXPECT_GE(url_wait, 1.5);
  EXPECT_LT(url_wait, 8);
  EXPECT_EQ(url_message, expected);
  close(fd);
}

// Another process holding the migration lock (a long migration): opening the
// store waits for it at most the connection's lock_timeout (here from the URL)
// or 15 min, then says who holds the store.
TEST(PostgresStore, AnOpenWaitingForAMigrationSaysWhoHoldsTheStore) {
  if (!testing::PostgresTestUrl()) GTEST_SKIP() << testing::SkipReason("postgresql");
  testing::PostgresDatabase db(testing::PostgresTestUrl());
  PGconn* holder = PQconnectdb(db.url().c_str());
  ASSERT_EQ(PQstatus(holder), CONNECTION_OK) << PQerrorMessage(holder);
  PGresult* r = PQexec(holder, "SELECT pg_advisory_lock(hashtext(current_schema()), 1)");
  EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQresultErrorMessage(r);
  PQclear(r);
  auto s = OpenStore(db.url() + "%20-clock_timeout%3D1s");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "postgresql: another levers is opening or migrating the store and still held it "
            "after 1 s; the store is unchanged: try again once it has finished");
  PQfinish(holder);
  auto after = OpenStore(db.url() + "%20-clock_timeout%3D1s");
  EXPECT_TRUE(after.ok()) << after.status().ToString();
}

}  // namespace
}  // namespace levers
