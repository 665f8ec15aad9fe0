// sqlite:PATH — the embedded store: one file in WAL mode, so readers keep
// reading the last committed corpus while an import writes the next one.
//
// Two connections: one writes (imports, migrations), one reads; each is used
// under its own mutex. Every statement is prepared once per connection and every
// value bound; SQL text is built from constants only.
#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "levers/utf8.h"
#include "store/store_internal.h"

namespace levers::store_internal {
namespace {

// Schema version 1. Keys (`*_key`) hold the forms the filters compare (since
// version 4, NameFilterKey for names); `search_text` is what `q` is searched
// in (store_internal.h).
constexpr const char* kSchemaV1[] = {
    R"(CREATE TABLE guides (
         id TEXT PRIMARY KEY NOT NULL,
         path TEXT NOT NULL,
         company TEXT NOT NULL, company_key TEXT NOT NULL,
         company_display TEXT NOT NULL, company_display_key TEXT NOT NULL,
         role TEXT NOT NULL, role_key TEXT NOT NULL,
         role_display TEXT NOT NULL, role_display_key TEXT NOT NULL,
         role_type TEXT NOT NULL,
         last_updated TEXT NOT NULL, next_review_due TEXT NOT NULL,
         data_quality TEXT NOT NULL, salary_data_quarter TEXT NOT NULL,
         regions_json TEXT NOT NULL, search_text TEXT NOT NULL,
         errors INTEGER NOT NULL, warnings INTEGER NOT NULL,
         source BLOB NOT NULL, json TEXT NOT NULL))",
    "CREATE INDEX guides_company ON guides (company_key)",
    "CREATE INDEX guides_company_display ON guides (company_display_key)",
    "CREATE INDEX guides_role ON guides (role_key)",
    "CREATE INDEX guides_role_display ON guides (role_display_key)",
    R"(CREATE TABLE bands (
         guide_id TEXT NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         company TEXT NOT NULL, role TEXT NOT NULL,
         region TEXT NOT NULL, region_key TEXT NOT NULL,
         currency TEXT NOT NULL, currency_key TEXT NOT NULL,
         base_low INTEGER, base_high INTEGER, stock_low INTEGER, stock_high INTEGER,
         bonus_pct_low_bp INTEGER, bonus_pct_high_bp INTEGER,
         total_comp_low INTEGER, total_comp_high INTEGER,
         stock_vesting_years INTEGER NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    "CREATE INDEX bands_region ON bands (region_key)",
    R"(CREATE TABLE levers (
         guide_id TEXT NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         title TEXT NOT NULL, script TEXT NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    R"(CREATE TABLE strategies (
         guide_id TEXT PRIMARY KEY NOT NULL REFERENCES guides (id),
         text TEXT NOT NULL, floor_minor INTEGER, floor_currency TEXT))",
    R"(CREATE TABLE level_equivalences (
         guide_id TEXT NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         text TEXT NOT NULL, company TEXT NOT NULL, title TEXT NOT NULL,
         level_low TEXT NOT NULL, level_high TEXT NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    R"(CREATE TABLE findings (
         guide_id TEXT NOT NULL,
         position INTEGER NOT NULL,
         code TEXT NOT NULL, severity TEXT NOT NULL,
         line INTEGER NOT NULL, column_number INTEGER NOT NULL,
         field TEXT NOT NULL, message TEXT NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    "CREATE INDEX findings_code ON findings (code)",
    R"(CREATE TABLE imports (
         singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
         imported_at TEXT NOT NULL, source_dir TEXT NOT NULL))",
};

// Version 2: a guide's file and JSON move to a table of their own, so that
// listing and filtering guides reads narrow rows.
constexpr const char* kSchemaV2[] = {
    R"(CREATE TABLE guide_texts (
         id TEXT PRIMARY KEY NOT NULL REFERENCES guides (id),
         source BLOB NOT NULL, json TEXT NOT NULL))",
    "INSERT INTO guide_texts (id, source, json) SELECT id, source, json FROM guides",
    "ALTER TABLE guides DROP COLUMN source",
    "ALTER TABLE guides DROP COLUMN json",
};

// Version 3: each import is numbered, so a server notices a new one even
// within the same second (Store::ImportGeneration).
constexpr const char* kSchemaV3[] = {
    "ALTER TABLE imports ADD COLUMN generation INTEGER NOT NULL DEFAULT 1",
};

// Version 4: the `*_key` columns of guides hold NameFilterKey (the identity
// `duplicate-guide` compares) instead of the lowered names; no DDL, every row
// rewritten (SqlMigration::rewrites_name_keys).
constexpr SqlMigration kMigrations[] = {
    {1, kSchemaV1, std::size(kSchemaV1)},
    {2, kSchemaV2, std::size(kSchemaV2)},
    {3, kSchemaV3, std::size(kSchemaV3)},
    {4, nullptr, 0, /*rewrites_name_keys=*/true},
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

// One guide with its file and JSON.
constexpr const char* kGetGuide =
    "SELECT g.id, g.path, g.company, g.company_display, g.role, g.role_display, g.role_type, "
    "g.last_updated, g.next_review_due, g.data_quality, g.salary_data_quarter, g.regions_json, "
    "g.errors, g.warnings, t.source, t.json FROM guides g JOIN guide_texts t ON t.id = g.id "
    "WHERE g.id = ?1";

constexpr const char* kImportGeneration = "SELECT COALESCE((SELECT generation FROM imports), 0)";

constexpr const char* kBandColumns =
    "b.guide_id, b.position, b.company, b.role, b.region, b.currency, b.base_low, b.base_high, "
    "b.stock_low, b.stock_high, b.bonus_pct_low_bp, b.bonus_pct_high_bp, b.total_comp_low, "
    "b.total_comp_high, b.stock_vesting_years";

// How long a connection waits for another process's lock before it fails.
constexpr int kBusyTimeoutMs = 5000;

// One connection and its prepared statements. Not thread-safe: the owner locks.
class Connection {
 public:
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close(db_);
  }

  // Opens the file at `path`; without `create`, NotFound when there is none.
  Status Open(const std::string& path, bool create) {
    path_ = path;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db_,
        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, nullptr);
    struct stat st {};
    if (rc != SQLITE_OK && !create && ::stat(path.c_str(), &st) != 0 && errno == ENOENT)
      return Status::NotFound("sqlite:" + path + ": no store at " + path +
                              " (no such file): run levers import first");
    if (rc != SQLITE_OK) return Error("cannot open");
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return Status::Ok();
  }

  // A statement without parameters or results.
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Status::IOError("sqlite:" + path_ + ": " + msg);
  }

  // BEGIN IMMEDIATE: takes the one write lock, waiting up to the busy timeout
  // for another writer (a second `levers import`, say) to finish. When it does
  // not, the message says so: nothing has been written.
  Status BeginWrite() {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK)
      return Status::Ok();
    if ((sqlite3_errcode(db_) & 0xff) == SQLITE_BUSY)
      return Status::IOError("sqlite:" + path_ + ": another process is writing to the store " +
                             "(an import?) and still held it after " +
                             std::to_string(kBusyTimeoutMs / 1000) +
                             " s; the store is unchanged: try again once it has finished");
    return Error("cannot start a transaction");
  }

  // The cached statement for `sql` (a constant), reset and unbound.
  Result<sqlite3_stmt*> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
      return Error("cannot prepare a statement");
    cache_.emplace(sql, stmt);
    return stmt;
  }

  // The last error, with the system's reason when a system call failed ("disk
  // I/O error (File too large)" under ulimit -f).
  Status Error(std::string_view what) const {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    if (db_ && (sqlite3_errcode(db_) & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db_) != 0)
      msg += std::string(" (") + std::strerror(sqlite3_system_errno(db_)) + ")";
    return Status::IOError("sqlite:" + path_ + ": " + std::string(what) + ": " + msg);
  }

  // Closing will neither checkpoint nor delete the -wal and -shm files: they
  // are looked up by name, and another store's may be at that name now.
  void LeaveFilesOnClose() {
    if (db_) sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  }

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

// Binds and steps one statement; resets it when it goes out of scope.
class Query {
 public:
  Query(Connection& c, sqlite3_stmt* s) : conn_(c), stmt_(s) {}
  ~Query() { sqlite3_reset(stmt_); }

  Query& Text(int i, std::string_view v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  // Binds `values` as parameters 1, 2, ... (SqlFilter::params).
  Query& Texts(const std::vector<std::string>& values) {
    for (size_t i = 0; i < values.size(); ++i) Text(static_cast<int>(i + 1), values[i]);
    return *this;
  }
  Query& Blob(int i, std::string_view v) {
    Check(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Query& Int(int i, int64_t v) {
    Check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  template <typename T>
  Query& Opt(int i, const std::optional<T>& v) {
    Check(v ? sqlite3_bind_int64(stmt_, i, *v) : sqlite3_bind_null(stmt_, i));
    return *this;
  }

  // True when a row is ready; false when done. An error sets status().
  bool Next() {
    if (!status_.ok()) return false;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) status_ = conn_.Error("query failed");
    return false;
  }
  // Runs a statement that returns no rows.
  Status Run() {
    while (Next()) {
    }
    return status_;
  }
  const Status& status() const { return status_; }

  std::string Str(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(p, static_cast<size_t>(n)) : std::string();
  }
  int64_t I64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int I32(int col) const { return static_cast<int>(sqlite3_column_int64(stmt_, col)); }
  bool Null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  template <typename T>
  std::optional<T> Opt(int col) const {
    if (Null(col)) return std::nullopt;
    return static_cast<T>(sqlite3_column_int64(stmt_, col));
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK && status_.ok()) status_ = conn_.Error("cannot bind a value");
  }
  Connection& conn_;
  sqlite3_stmt* stmt_;
  Status status_;
};

#define LEVERS_SQLITE_QUERY(name, conn, sql)                               \
  LEVERS_ASSIGN_OR_RETURN(sqlite3_stmt* name##_stmt, (conn).Prepare(sql)); \
  Query name((conn), name##_stmt)

GuideSummary ReadSummary(const Query& q) {
  GuideSummary s;
  s.id = q.Str(0);
  s.path = q.Str(1);
  s.company = q.Str(2);
  s.company_display = q.Str(3);
  s.role = q.Str(4);
  s.role_display = q.Str(5);
  s.role_type = q.Str(6);
  s.last_updated = q.Str(7);
  s.next_review_due = q.Str(8);
  s.data_quality = q.Str(9);
  s.salary_data_quarter = q.Str(10);
  s.regions = RegionsFromJson(q.Str(11));
  s.errors = q.I64(12);
  s.warnings = q.I64(13);
  return s;
}

StoredBand ReadBand(const Query& q) {
  StoredBand b;
  b.guide_id = q.Str(0);
  b.position = q.I32(1);
  b.company = q.Str(2);
  b.role = q.Str(3);
  b.region = q.Str(4);
  b.currency = q.Str(5);
  b.base_low = q.Opt<int64_t>(6);
  b.base_high = q.Opt<int64_t>(7);
  b.stock_low = q.Opt<int64_t>(8);
  b.stock_high = q.Opt<int64_t>(9);
  b.bonus_pct_low_bp = q.Opt<int32_t>(10);
  b.bonus_pct_high_bp = q.Opt<int32_t>(11);
  b.total_comp_low = q.Opt<int64_t>(12);
  b.total_comp_high = q.Opt<int64_t>(13);
  b.stock_vesting_years = q.I32(14);
  return b;
}

// One row of "guide_id, position, code, severity, line, column_number, field, message".
StoredFinding ReadFinding(const Query& q) {
  return {q.Str(0), q.I32(1), q.Str(2), q.Str(3), q.I32(4), q.I32(5), q.Str(6), q.Str(7)};
}

using Readers = ReaderPool<Connection>;

class SqliteStore final : public Store {
 public:
  ~SqliteStore() override {
    if (!path_.empty() && FileState() != StoreFileState::kSame) {
      writer_.LeaveFilesOnClose();
      readers_.ForEach([](Connection& c) { c.LeaveFilesOnClose(); });
    }
  }

  std::string_view Backend() const override { return "sqlite"; }
  int SchemaVersion() const override { return schema_version_; }

  Status Open(const std::string& path, MissingStoreFile missing, int target_version) {
    LEVERS_RETURN_IF_ERROR(writer_.Open(path, missing == MissingStoreFile::kCreate));
    // A file that is not a levers store (another program's database, a text
    // file) is refused before anything is changed: setting WAL mode rewrites
    // the file's header.
    {
      Result<std::optional<int>> stored = StoredVersion();
      if (!stored.ok()) {
        return stored.status().code() == StatusCode::kCorruption
                   ? stored.status()
                   : Status::IOError(stored.status().message() + " (is it an SQLite database?)");
      }
    }
    // WAL: one writer and any number of readers at once, and a commit is atomic
    // across a crash; FULL: a commit is on disk before it returns.
    {
      LEVERS_SQLITE_QUERY(wal, writer_, "PRAGMA journal_mode=WAL");
      if (!wal.Next()) {
        return wal.status().ok()
                   ? writer_.Error("cannot set WAL mode")
                   : Status::IOError(wal.status().message() + " (is it an SQLite database?)");
      }
      if (wal.Str(0) != "wal") return writer_.Error("the file refuses WAL mode");
    }
    LEVERS_RETURN_IF_ERROR(writer_.Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"));
    LEVERS_RETURN_IF_ERROR(Migrate(target_version));
    // The file now open, to notice when another takes its place (FileState).
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      return Status::IOError("sqlite:" + path + ": the file went away as it was opened");
    path_ = path;
    device_ = st.st_dev;
    inode_ = st.st_ino;
    target_version_ = target_version;
    for (size_t i = 0; i < Readers::DefaultSize(); ++i) {
      auto reader = std::make_unique<Connection>();
      LEVERS_RETURN_IF_ERROR(reader->Open(path, /*create=*/false));
      readers_.Add(std::move(reader));
    }
    return Status::Ok();
  }

  Status ReplaceCorpus(const CorpusSnapshot& s, const ReplaceOptions& options) override {
    LEVERS_RETURN_IF_ERROR(ValidateSnapshot(s));
    if (schema_version_ != kStoreSchemaVersion)
      return Status::InvalidArgument("the store was opened at an older schema version");
    std::lock_guard lock(write_mu_);
    LEVERS_RETURN_IF_ERROR(writer_.BeginWrite());
    ReplaceReport replaced;
    Status st = WriteCorpus(s, options, replaced);
    if (st.ok()) st = writer_.Exec("COMMIT");
    if (!st.ok()) {
      (void)writer_.Exec("ROLLBACK");
    } else if (options.report) {
      *options.report = replaced;
    }
    return st;
  }

  Result<GuidePage> ListGuides(const GuideQuery& q) const override {
    LEVERS_RETURN_IF_ERROR(ValidateGuideQuery(q));
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_RETURN_IF_ERROR(reader->Exec("BEGIN"));
    Result<GuidePage> page = ListGuidesLocked(*reader, q);
    (void)reader->Exec("COMMIT");
    return page;
  }

  Result<GuideRecord> GetGuide(std::string_view id) const override {
    if (!IsStorableText(id)) return NotFound(id);
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_SQLITE_QUERY(q, *reader, kGetGuide);
    q.Text(1, id);
    if (!q.Next()) return q.status().ok() ? NotFound(id) : q.status();
    GuideRecord r;
    r.summary = ReadSummary(q);
    r.source = q.Str(14);
    r.json = q.Str(15);
    return r;
  }

  Result<GuideParts> GetGuideParts(std::string_view id) const override {
    if (!IsStorableText(id)) return NotFound(id);
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_RETURN_IF_ERROR(reader->Exec("BEGIN"));
    Result<GuideParts> parts = GetPartsLocked(*reader, id);
    (void)reader->Exec("COMMIT");
    return parts;
  }

  Result<std::vector<StoredBand>> ListBands(const BandFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateBandFilter(f));
    const Readers::Lease reader = readers_.Acquire();
    const SqlFilter where = BandListFilter(f, kSqliteDialect);
    LEVERS_SQLITE_QUERY(q, *reader,
                        std::string("SELECT ") + kBandColumns +
                            " FROM bands b JOIN guides g ON g.id = b.guide_id" + where.where +
                            " ORDER BY b.guide_id, b.position");
    q.Texts(where.params);
    std::vector<StoredBand> out;
    while (q.Next()) out.push_back(ReadBand(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Result<std::vector<StoredFinding>> ListFindings(const FindingFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateFindingFilter(f));
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_SQLITE_QUERY(q, *reader,
                        "SELECT guide_id, position, code, severity, line, column_number, field, "
                        "message FROM findings"
                        " WHERE (?1 = '' OR guide_id = ?1) AND (?2 = '' OR severity = ?2)"
                        " AND (?3 = '' OR code = ?3) ORDER BY guide_id, position");
    q.Text(1, f.guide_id).Text(2, f.severity).Text(3, f.code);
    std::vector<StoredFinding> out;
    while (q.Next()) out.push_back(ReadFinding(q));
    if (!q.status().ok()) return q.status();
    return out;
  }

  Result<std::vector<GuideSource>> AllGuideSources() const override {
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_SQLITE_QUERY(q, *reader,
                        "SELECT g.id, g.path, t.source FROM guides g JOIN guide_texts t ON t.id = "
                        "g.id ORDER BY g.id");
    std::vector<GuideSource> out;
    while (q.Next()) out.push_back({q.Str(0), q.Str(1), q.Str(2)});
    if (!q.status().ok()) return q.status();
    return out;
  }

  Result<StoreStats> Stats() const override {
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_SQLITE_QUERY(q, *reader,
                        "SELECT (SELECT COUNT(*) FROM guides), (SELECT COUNT(*) FROM bands),"
                        " (SELECT COUNT(*) FROM findings),"
                        " (SELECT imported_at FROM imports), (SELECT source_dir FROM imports)");
    if (!q.Next()) return q.status().ok() ? reader->Error("no statistics") : q.status();
    StoreStats s;
    s.backend = "sqlite";
    s.schema_version = schema_version_;
    s.guides = q.I64(0);
    s.bands = q.I64(1);
    s.findings = q.I64(2);
    s.last_import = q.Str(3);
    s.last_import_dir = q.Str(4);
    return s;
  }

  Result<int64_t> ImportGeneration() const override {
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_SQLITE_QUERY(q, *reader, kImportGeneration);
    if (!q.Next()) return q.status().ok() ? reader->Error("no import generation") : q.status();
    return q.I64(0);
  }

  Result<ImportIdentity> LastImport() const override {
    const Readers::Lease reader = readers_.Acquire();
    // One statement, so one snapshot of both tables.
    LEVERS_SQLITE_QUERY(q, *reader,
                        "SELECT (SELECT MAX(version) FROM levers_schema),"
                        " COALESCE((SELECT generation FROM imports), 0),"
                        " COALESCE((SELECT imported_at FROM imports), ''),"
                        " COALESCE((SELECT source_dir FROM imports), '')");
    if (!q.Next()) return q.status().ok() ? reader->Error("no import identity") : q.status();
    return ImportIdentity{q.I64(1), q.Str(2), q.Str(3), q.I32(0)};
  }

  Result<StoredCorpus> ReadCorpus() const override {
    const Readers::Lease reader = readers_.Acquire();
    // One read transaction: in WAL mode it sees one committed state throughout.
    LEVERS_RETURN_IF_ERROR(reader->Exec("BEGIN"));
    Result<StoredCorpus> out = ReadCorpusLocked(*reader);
    (void)reader->Exec("COMMIT");
    return out;
  }

  StoreFileState FileState() const override {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0)
      return errno == ENOENT || errno == ENOTDIR ? StoreFileState::kMissing : StoreFileState::kSame;
    return st.st_dev == device_ && st.st_ino == inode_ ? StoreFileState::kSame
                                                       : StoreFileState::kReplaced;
  }

  std::string_view FilePath() const override { return path_; }

  // Only a file that is there: Reopen follows one that replaced the open one.
  Result<std::unique_ptr<Store>> Reopen() const override {
    return OpenSqliteStore(path_, MissingStoreFile::kRefuse, target_version_);
  }

 private:
  static Result<StoredCorpus> ReadCorpusLocked(Connection& reader) {
    StoredCorpus out;
    CorpusSnapshot& c = out.snapshot;
    {
      std::string sql = kGetGuide;
      sql = sql.substr(0, sql.find(" WHERE")) + " ORDER BY g.id";
      LEVERS_SQLITE_QUERY(q, reader, sql);
      while (q.Next()) c.guides.push_back({ReadSummary(q), q.Str(14), q.Str(15)});
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(
          q, reader,
          std::string("SELECT ") + kBandColumns + " FROM bands b ORDER BY b.guide_id, b.position");
      while (q.Next()) c.bands.push_back(ReadBand(q));
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, position, title, script FROM levers "
                          "ORDER BY guide_id, position");
      while (q.Next()) c.levers.push_back({q.Str(0), q.I32(1), q.Str(2), q.Str(3)});
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, text, floor_minor, floor_currency FROM strategies "
                          "ORDER BY guide_id");
      while (q.Next()) {
        StoredStrategy st{q.Str(0), q.Str(1), std::nullopt};
        if (!q.Null(2)) st.floor = Money{q.I64(2), q.Str(3)};
        c.strategies.push_back(std::move(st));
      }
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, position, text, company, title, level_low, "
                          "level_high FROM level_equivalences ORDER BY guide_id, position");
      while (q.Next()) {
        c.level_equivalences.push_back(
            {q.Str(0), q.I32(1), q.Str(2), q.Str(3), q.Str(4), q.Str(5), q.Str(6)});
      }
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, position, code, severity, line, column_number, field, "
                          "message FROM findings ORDER BY guide_id, position");
      while (q.Next()) c.findings.push_back(ReadFinding(q));
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader, "SELECT imported_at, source_dir, generation FROM imports");
      if (q.Next()) {
        c.imported_at = q.Str(0);
        c.source_dir = q.Str(1);
        out.generation = q.I64(2);
      }
      if (!q.status().ok()) return q.status();
    }
    return out;
  }

  static Status NotFound(std::string_view id) {
    return Status::NotFound("no guide with id '" + std::string(ClipUtf8(id)) + "'");
  }

  // Creates or upgrades the schema in one transaction. The version is read
  // first without the write lock, so a store already at `target_version` opens
  // while an import holds the lock (WAL: reads never wait for the writer); the
  // lock is taken, and the version read again under it, only to migrate.
  Status Migrate(int target_version) {
    LEVERS_ASSIGN_OR_RETURN(std::optional<int> stored, StoredVersion());
    if (stored && *stored >= target_version) {
      LEVERS_RETURN_IF_ERROR(CheckKnownVersion(*stored));
      schema_version_ = *stored;
      return Status::Ok();
    }
    LEVERS_RETURN_IF_ERROR(writer_.BeginWrite());
    Status st = MigrateLocked(target_version);
    if (st.ok()) st = writer_.Exec("COMMIT");
    if (!st.ok()) (void)writer_.Exec("ROLLBACK");
    return st;
  }

  // The version in levers_schema; nullopt for a file without any table (a new
  // one); Corruption for a database that is not a levers store.
  Result<std::optional<int>> StoredVersion() {
    LEVERS_SQLITE_QUERY(has, writer_,
                        "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'levers_schema'), (SELECT COUNT(*) FROM sqlite_master)");
    if (!has.Next()) return has.status();
    const bool has_schema = has.I64(0) > 0;
    if (!has_schema && has.I64(1) > 0)
      return Status::Corruption("sqlite:" + writer_.path() +
                                ": an SQLite database that is not a levers store");
    if (!has_schema) return std::optional<int>();
    LEVERS_SQLITE_QUERY(v, writer_, "SELECT version FROM levers_schema");
    if (!v.Next())
      return v.status().ok() ? Status::Corruption("sqlite:" + writer_.path() +
                                                  ": levers_schema holds no version")
                             : v.status();
    return std::optional<int>(v.I32(0));
  }

  Status CheckKnownVersion(int version) const {
    if (version <= kStoreSchemaVersion) return Status::Ok();
    return Status::Corruption("sqlite:" + writer_.path() + ": the store has schema version " +
                              std::to_string(version) + "; this levers knows versions up to " +
                              std::to_string(kStoreSchemaVersion) + ": upgrade levers");
  }

  // Migrate's work under the write lock: the version read again (another
  // process may have migrated meanwhile), then each migration after it.
  Status MigrateLocked(int target_version) {
    LEVERS_ASSIGN_OR_RETURN(std::optional<int> stored, StoredVersion());
    if (!stored) {
      LEVERS_RETURN_IF_ERROR(
          writer_.Exec("CREATE TABLE levers_schema (version INTEGER NOT NULL);"
                       "INSERT INTO levers_schema VALUES (0)"));
    }
    int version = stored.value_or(0);
    LEVERS_RETURN_IF_ERROR(CheckKnownVersion(version));
    for (const SqlMigration& m : kMigrations) {
      if (m.version <= version || m.version > target_version) continue;
      for (size_t i = 0; i < m.count; ++i) LEVERS_RETURN_IF_ERROR(writer_.Exec(m.statements[i]));
      if (m.rewrites_name_keys) LEVERS_RETURN_IF_ERROR(RewriteNameKeys());
      LEVERS_SQLITE_QUERY(set, writer_, "UPDATE levers_schema SET version = ?1");
      LEVERS_RETURN_IF_ERROR(set.Int(1, m.version).Run());
      version = m.version;
    }
    schema_version_ = version;
    return Status::Ok();
  }

  // Sets every guide's `*_key` columns to NameKeysOf its names (migration 4),
  // inside the caller's transaction.
  Status RewriteNameKeys() {
    std::vector<GuideSummary> names;
    {
      LEVERS_SQLITE_QUERY(q, writer_, std::string("SELECT ") + kGuideColumns + " FROM guides");
      while (q.Next()) names.push_back(ReadSummary(q));
      if (!q.status().ok()) return q.status();
    }
    for (const GuideSummary& g : names) {
      const GuideNameKeys k = NameKeysOf(g);
      LEVERS_SQLITE_QUERY(q, writer_,
                          "UPDATE guides SET company_key = ?2, company_display_key = ?3, "
                          "role_key = ?4, role_display_key = ?5 WHERE id = ?1");
      LEVERS_RETURN_IF_ERROR(q.Text(1, g.id)
                                 .Text(2, k.company)
                                 .Text(3, k.company_display)
                                 .Text(4, k.role)
                                 .Text(5, k.role_display)
                                 .Run());
    }
    return Status::Ok();
  }

  // `replaced`: what the import replaces, counted when options.report is set.
  Status WriteCorpus(const CorpusSnapshot& s, const ReplaceOptions& options,
                     ReplaceReport& replaced) {
    // The version again, under the write lock: another levers may have
    // migrated the store since it was opened.
    LEVERS_ASSIGN_OR_RETURN(std::optional<int> stored, StoredVersion());
    if (const int now = stored.value_or(0); now != schema_version_) {
      return Status::Corruption(
          "sqlite:" + writer_.path() + ": another levers migrated the store to schema version " +
          std::to_string(now) + " while this import waited for it; this levers writes version " +
          std::to_string(schema_version_) +
          (now > kStoreSchemaVersion ? ": upgrade levers" : ": run the import again"));
    }
    int64_t generation = 0;
    {
      LEVERS_SQLITE_QUERY(g, writer_, kImportGeneration);
      if (!g.Next()) return g.status().ok() ? writer_.Error("no import generation") : g.status();
      generation = g.I64(0) + 1;
    }
    if (options.report) {
      std::vector<std::string> ids;
      LEVERS_SQLITE_QUERY(q, writer_, "SELECT id FROM guides");
      while (q.Next()) ids.push_back(q.Str(0));
      if (!q.status().ok()) return q.status();
      replaced = CountReplaced(ids, s);
    }
    for (std::string_view table : kTablesToEmpty) {
      LEVERS_RETURN_IF_ERROR(writer_.Exec(("DELETE FROM " + std::string(table)).c_str()));
    }
    const int64_t total = SnapshotRowCount(s);
    int64_t rows = 0;
    auto row_done = [&]() -> Status {
      ++rows;
      return options.on_row ? options.on_row(rows, total) : Status::Ok();
    };
    for (const GuideRecord& r : s.guides) {
      const GuideSummary& g = r.summary;
      const GuideNameKeys keys = NameKeysOf(g);
      LEVERS_SQLITE_QUERY(
          q, writer_,
          "INSERT INTO guides (id, path, company, company_key, company_display, "
          "company_display_key, role, role_key, role_display, role_display_key, role_type, "
          "last_updated, next_review_due, data_quality, salary_data_quarter, regions_json, "
          "search_text, errors, warnings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
          "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
      q.Text(1, g.id)
          .Text(2, g.path)
          .Text(3, g.company)
          .Text(4, keys.company)
          .Text(5, g.company_display)
          .Text(6, keys.company_display)
          .Text(7, g.role)
          .Text(8, keys.role)
          .Text(9, g.role_display)
          .Text(10, keys.role_display)
          .Text(11, g.role_type)
          .Text(12, g.last_updated)
          .Text(13, g.next_review_due)
          .Text(14, g.data_quality)
          .Text(15, g.salary_data_quarter)
          .Text(16, RegionsToJson(g.regions))
          .Text(17, SearchText(g))
          .Int(18, g.errors)
          .Int(19, g.warnings);
      LEVERS_RETURN_IF_ERROR(q.Run());
      LEVERS_SQLITE_QUERY(t, writer_,
                          "INSERT INTO guide_texts (id, source, json) VALUES (?1, ?2, ?3)");
      LEVERS_RETURN_IF_ERROR(t.Text(1, g.id).Blob(2, r.source).Text(3, r.json).Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    for (const StoredBand& b : s.bands) {
      LEVERS_SQLITE_QUERY(
          q, writer_,
          "INSERT INTO bands (guide_id, position, company, role, region, region_key, currency, "
          "currency_key, base_low, base_high, stock_low, stock_high, bonus_pct_low_bp, "
          "bonus_pct_high_bp, total_comp_low, total_comp_high, stock_vesting_years) VALUES (?1, "
          "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
      q.Text(1, b.guide_id)
          .Int(2, b.position)
          .Text(3, b.company)
          .Text(4, b.role)
          .Text(5, b.region)
          .Text(6, RegionFilterKey(b.region))
          .Text(7, b.currency)
          .Text(8, AsciiLower(b.currency))
          .Opt(9, b.base_low)
          .Opt(10, b.base_high)
          .Opt(11, b.stock_low)
          .Opt(12, b.stock_high)
          .Opt(13, b.bonus_pct_low_bp)
          .Opt(14, b.bonus_pct_high_bp)
          .Opt(15, b.total_comp_low)
          .Opt(16, b.total_comp_high)
          .Int(17, b.stock_vesting_years);
      LEVERS_RETURN_IF_ERROR(q.Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    for (const StoredLever& l : s.levers) {
      LEVERS_SQLITE_QUERY(
          q, writer_,
          "INSERT INTO levers (guide_id, position, title, script) VALUES (?1, ?2, ?3, ?4)");
      LEVERS_RETURN_IF_ERROR(
          q.Text(1, l.guide_id).Int(2, l.position).Text(3, l.title).Text(4, l.script).Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    for (const StoredStrategy& st : s.strategies) {
      LEVERS_SQLITE_QUERY(q, writer_,
                          "INSERT INTO strategies (guide_id, text, floor_minor, floor_currency) "
                          "VALUES (?1, ?2, ?3, ?4)");
      q.Text(1, st.guide_id).Text(2, st.text);
      if (st.floor) q.Int(3, st.floor->minor).Text(4, st.floor->currency);
      LEVERS_RETURN_IF_ERROR(q.Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    for (const StoredLevelEquivalence& e : s.level_equivalences) {
      LEVERS_SQLITE_QUERY(q, writer_,
                          "INSERT INTO level_equivalences (guide_id, position, text, company, "
                          "title, level_low, level_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      q.Text(1, e.guide_id)
          .Int(2, e.position)
          .Text(3, e.text)
          .Text(4, e.company)
          .Text(5, e.title)
          .Text(6, e.level_low)
          .Text(7, e.level_high);
      LEVERS_RETURN_IF_ERROR(q.Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    for (const StoredFinding& f : s.findings) {
      LEVERS_SQLITE_QUERY(
          q, writer_,
          "INSERT INTO findings (guide_id, position, code, severity, line, column_number, "
          "field, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      q.Text(1, f.guide_id)
          .Int(2, f.position)
          .Text(3, f.code)
          .Text(4, f.severity)
          .Int(5, f.line)
          .Int(6, f.column)
          .Text(7, f.field)
          .Text(8, f.message);
      LEVERS_RETURN_IF_ERROR(q.Run());
      LEVERS_RETURN_IF_ERROR(row_done());
    }
    LEVERS_SQLITE_QUERY(
        q, writer_,
        "INSERT INTO imports (singleton, imported_at, source_dir, generation) VALUES (1, ?1, ?2, "
        "?3)");
    LEVERS_RETURN_IF_ERROR(q.Text(1, s.imported_at).Text(2, s.source_dir).Int(3, generation).Run());
    return row_done();
  }

  static Result<GuidePage> ListGuidesLocked(Connection& reader, const GuideQuery& gq) {
    const SqlFilter where = GuideListFilter(gq, kSqliteDialect);
    GuidePage page;
    {
      LEVERS_SQLITE_QUERY(count, reader, "SELECT COUNT(*) FROM guides" + where.where);
      count.Texts(where.params);
      if (!count.Next()) return count.status();
      page.total = count.I64(0);
    }
    if (gq.offset >= page.total) return page;
    const size_t n = where.params.size();
    LEVERS_SQLITE_QUERY(q, reader,
                        std::string("SELECT ") + kGuideColumns + " FROM guides" + where.where +
                            " ORDER BY " + GuideOrderBy(gq) + " LIMIT " +
                            SqlParam(kSqliteDialect, n + 1) + " OFFSET " +
                            SqlParam(kSqliteDialect, n + 2));
    q.Texts(where.params);
    q.Int(static_cast<int>(n + 1), gq.limit).Int(static_cast<int>(n + 2), gq.offset);
    while (q.Next()) page.items.push_back(ReadSummary(q));
    if (!q.status().ok()) return q.status();
    return page;
  }

  static Result<GuideParts> GetPartsLocked(Connection& reader, std::string_view id) {
    {
      LEVERS_SQLITE_QUERY(q, reader, "SELECT 1 FROM guides WHERE id = ?1");
      q.Text(1, id);
      if (!q.Next()) return q.status().ok() ? NotFound(id) : q.status();
    }
    GuideParts p;
    {
      LEVERS_SQLITE_QUERY(
          q, reader,
          "SELECT guide_id, position, title, script FROM levers WHERE guide_id = ?1 "
          "ORDER BY position");
      q.Text(1, id);
      while (q.Next()) p.levers.push_back({q.Str(0), q.I32(1), q.Str(2), q.Str(3)});
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, text, floor_minor, floor_currency FROM strategies "
                          "WHERE guide_id = ?1");
      q.Text(1, id);
      if (q.Next()) {
        StoredStrategy st{q.Str(0), q.Str(1), std::nullopt};
        if (!q.Null(2)) st.floor = Money{q.I64(2), q.Str(3)};
        p.strategy = std::move(st);
      }
      if (!q.status().ok()) return q.status();
    }
    {
      LEVERS_SQLITE_QUERY(q, reader,
                          "SELECT guide_id, position, text, company, title, level_low, "
                          "level_high FROM level_equivalences WHERE guide_id = ?1 ORDER BY "
                          "position");
      q.Text(1, id);
      while (q.Next()) {
        p.level_equivalences.push_back(
            {q.Str(0), q.I32(1), q.Str(2), q.Str(3), q.Str(4), q.Str(5), q.Str(6)});
      }
      if (!q.status().ok()) return q.status();
    }
    return p;
  }

  std::mutex write_mu_;
  Connection writer_;
  Readers readers_;
  int schema_version_ = 0;
  int target_version_ = kStoreSchemaVersion;
  std::string path_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, MissingStoreFile missing,
                                               int target_version) {
  auto store = std::make_unique<SqliteStore>();
  LEVERS_RETURN_IF_ERROR(store->Open(path, missing, target_version));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace levers::store_internal
