// postgresql://... — the store on a PostgreSQL server, through libpq.
//
// When the server drops a connection (a restart, pg_terminate_backend), a
// statement outside a transaction is tried once more on a new connection; one
// inside a transaction fails, and the transaction with it. Every wait for the
// server has a deadline (pg_connection.h, docs/store.md "Deadlines").
//
// libpq rather than libpqxx: the store needs only prepared statements with bound
// parameters, plain text results and COPY FROM STDIN for imports (WriteCorpus),
// which libpq's C API gives directly, and it reports errors as values (Status)
// where libpqxx throws. Both are Debian packages; libpq is the smaller
// dependency and the one every PostgreSQL has.
// libpq is not linked: it is loaded when the first PostgreSQL store is opened
// (libpq_loader.h), and every call goes through that table of functions.
//
// One connection for imports and migrations and a few for reads, each used
// under its own mutex and opened on its first read: readers keep reading the
// last committed corpus while an import runs (MVCC). Reads that take more than one statement run in
// one REPEATABLE READ transaction so they see one corpus. Text columns use the "C" collation, so
// sorting and equality are by bytes as in the other stores.
//
// The store is the schema that holds levers_schema, found once at open through
// the URL's search_path (a new store: the first schema of that path that
// exists); every connection's search_path is then set to that schema alone and
// the advisory locks are keyed on its name, so every spelling of one store's
// URL takes the same locks and reads the same tables.
#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "levers/utf8.h"
#include "store/libpq_loader.h"
#include "store/pg_connection.h"
#include "store/pg_copy_row.h"
#include "store/store_internal.h"

namespace levers::store_internal {
namespace {

constexpr const char* kSchemaV1[] = {
    R"(CREATE TABLE guides (
         id TEXT COLLATE "C" PRIMARY KEY,
         path TEXT COLLATE "C" NOT NULL,
         company TEXT COLLATE "C" NOT NULL, company_key TEXT COLLATE "C" NOT NULL,
         company_display TEXT COLLATE "C" NOT NULL, company_display_key TEXT COLLATE "C" NOT NULL,
         role TEXT COLLATE "C" NOT NULL, role_key TEXT COLLATE "C" NOT NULL,
         role_display TEXT COLLATE "C" NOT NULL, role_display_key TEXT COLLATE "C" NOT NULL,
         role_type TEXT COLLATE "C" NOT NULL,
         last_updated TEXT COLLATE "C" NOT NULL, next_review_due TEXT COLLATE "C" NOT NULL,
         data_quality TEXT COLLATE "C" NOT NULL, salary_data_quarter TEXT COLLATE "C" NOT NULL,
         regions_json TEXT NOT NULL, search_text TEXT COLLATE "C" NOT NULL,
         errors BIGINT NOT NULL, warnings BIGINT NOT NULL,
         source BYTEA NOT NULL, json TEXT NOT NULL))",
    "CREATE INDEX guides_company ON guides (company_key)",
    "CREATE INDEX guides_company_display ON guides (company_display_key)",
    "CREATE INDEX guides_role ON guides (role_key)",
    "CREATE INDEX guides_role_display ON guides (role_display_key)",
    R"(CREATE TABLE bands (
         guide_id TEXT COLLATE "C" NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         company TEXT COLLATE "C" NOT NULL, role TEXT COLLATE "C" NOT NULL,
         region TEXT COLLATE "C" NOT NULL, region_key TEXT COLLATE "C" NOT NULL,
         currency TEXT COLLATE "C" NOT NULL, currency_key TEXT COLLATE "C" NOT NULL,
         base_low BIGINT, base_high BIGINT, stock_low BIGINT, stock_high BIGINT,
         bonus_pct_low_bp INTEGER, bonus_pct_high_bp INTEGER,
         total_comp_low BIGINT, total_comp_high BIGINT,
         stock_vesting_years INTEGER NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    "CREATE INDEX bands_region ON bands (region_key)",
    R"(CREATE TABLE levers (
         guide_id TEXT COLLATE "C" NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         title TEXT NOT NULL, script TEXT NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    R"(CREATE TABLE strategies (
         guide_id TEXT COLLATE "C" PRIMARY KEY REFERENCES guides (id),
         text TEXT NOT NULL, floor_minor BIGINT, floor_currency TEXT))",
    R"(CREATE TABLE level_equivalences (
         guide_id TEXT COLLATE "C" NOT NULL REFERENCES guides (id),
         position INTEGER NOT NULL,
         text TEXT NOT NULL, company TEXT NOT NULL, title TEXT NOT NULL,
         level_low TEXT NOT NULL, level_high TEXT NOT NULL,
         PRIMARY KEY (guide_id, position)))",
    R"(CREATE TABLE findings (
         guide_id TEXT COLLATE "C" NOT NULL,
         position INTEGER NOT NULL,
         code TEXT COLLATE "C" NOT NULL, severity TEXT COLLATE "C" NOT NULL,
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
         id TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES guides (id),
         source BYTEA NOT NULL, json TEXT NOT NULL))",
    "INSERT INTO guide_texts (id, source, json) SELECT id, source, json FROM guides",
    "ALTER TABLE guides DROP COLUMN source",
    "ALTER TABLE guides DROP COLUMN json",
};

// Version 3: each import is numbered, so a server notices a new one even
// within the same second (Store::ImportGeneration).
constexpr const char* kSchemaV3[] = {
    "ALTER TABLE imports ADD COLUMN generation BIGINT NOT NULL DEFAULT 1",
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

// The advisory locks of a store, keyed on its schema's name ($1), each held
// until its transaction ends. A migration (and the creation of a store) takes
// key 1 alone; an import takes key 2 alone, then key 1 shared: two imports
// exclude each other, and imports and migrations exclude each other, while
// imports waiting for an import hold nothing a migration waits for.
struct StoreLock {
  const char* sql;
  const char* holder;  // who holds it when the wait is too long
};
constexpr StoreLock kMigrationLock{"SELECT pg_advisory_xact_lock(hashtext($1), 1)",
                                   "another levers is opening or migrating the store"};
constexpr StoreLock kImportLock{"SELECT pg_advisory_xact_lock(hashtext($1), 2)",
                                "another import is writing to the store"};
constexpr StoreLock kNoMigrationLock{"SELECT pg_advisory_xact_lock_shared(hashtext($1), 1)",
                                     "another levers is migrating the store"};

// How long a transaction waits for the store's locks, at most (or the
// connection's lock_timeout when shorter), and then the statement_timeout of
// the rest of the transaction (an import's COPY of a whole table is one
// statement).
constexpr std::chrono::minutes kWriterStatementTimeout{15};

// Guides with their files and JSON (ReadSummary's columns, then source, json).
#define LEVERS_PG_GUIDES_WITH_TEXTS                                                            \
  "SELECT g.id, g.path, g.company, g.company_display, g.role, g.role_display, g.role_type, "   \
  "g.last_updated, g.next_review_due, g.data_quality, g.salary_data_quarter, g.regions_json, " \
  "g.errors, g.warnings, t.source, t.json FROM guides g JOIN guide_texts t ON t.id = g.id"
// One guide, and every guide (ReadCorpus).
constexpr const char* kGetGuide = LEVERS_PG_GUIDES_WITH_TEXTS " WHERE g.id = $1";
constexpr const char* kAllGuides = LEVERS_PG_GUIDES_WITH_TEXTS " ORDER BY g.id";
#undef LEVERS_PG_GUIDES_WITH_TEXTS

constexpr const char* kImportGeneration = "SELECT COALESCE((SELECT generation FROM imports), 0)";

constexpr const char* kBandColumns =
    "b.guide_id, b.position, b.company, b.role, b.region, b.currency, b.base_low, b.base_high, "
    "b.stock_low, b.stock_high, b.bonus_pct_low_bp, b.bonus_pct_high_bp, b.total_comp_low, "
    "b.total_comp_high, b.stock_vesting_years";

GuideSummary ReadSummary(const Rows& r, int i) {
  GuideSummary s;
  s.id = r.Str(i, 0);
  s.path = r.Str(i, 1);
  s.company = r.Str(i, 2);
  s.company_display = r.Str(i, 3);
  s.role = r.Str(i, 4);
  s.role_display = r.Str(i, 5);
  s.role_type = r.Str(i, 6);
  s.last_updated = r.Str(i, 7);
  s.next_review_due = r.Str(i, 8);
  s.data_quality = r.Str(i, 9);
  s.salary_data_quarter = r.Str(i, 10);
  s.regions = RegionsFromJson(r.Str(i, 11));
  s.errors = r.I64(i, 12);
  s.warnings = r.I64(i, 13);
  return s;
}

// One row of kBandColumns.
StoredBand ReadBand(const Rows& r, int i) {
  StoredBand b;
  b.guide_id = r.Str(i, 0);
  b.position = r.I32(i, 1);
  b.company = r.Str(i, 2);
  b.role = r.Str(i, 3);
  b.region = r.Str(i, 4);
  b.currency = r.Str(i, 5);
  b.base_low = r.Opt<int64_t>(i, 6);
  b.base_high = r.Opt<int64_t>(i, 7);
  b.stock_low = r.Opt<int64_t>(i, 8);
  b.stock_high = r.Opt<int64_t>(i, 9);
  b.bonus_pct_low_bp = r.Opt<int32_t>(i, 10);
  b.bonus_pct_high_bp = r.Opt<int32_t>(i, 11);
  b.total_comp_low = r.Opt<int64_t>(i, 12);
  b.total_comp_high = r.Opt<int64_t>(i, 13);
  b.stock_vesting_years = r.I32(i, 14);
  return b;
}

// One row of kFindingColumns.
constexpr const char* kFindingColumns =
    "guide_id, position, code, severity, line, column_number, field, message";
StoredFinding ReadFinding(const Rows& r, int i) {
  return {r.Str(i, 0), r.I32(i, 1), r.Str(i, 2), r.Str(i, 3),
          r.I32(i, 4), r.I32(i, 5), r.Str(i, 6), r.Str(i, 7)};
}

using Readers = ReaderPool<Connection>;

class PostgresStore final : public Store {
 public:
  PostgresStore(const LibPq& pq, const PostgresOptions& options)
      : pq_(pq), options_(options), writer_(pq, options_.timeouts) {}

  std::string_view Backend() const override { return "postgresql"; }
  int SchemaVersion() const override { return schema_version_; }

  Status Open(const std::string& url, int target_version) {
    LEVERS_RETURN_IF_ERROR(writer_.Open(url, options_.application_name));
    LEVERS_ASSIGN_OR_RETURN(schema_, FindSchema());
    LEVERS_RETURN_IF_ERROR(writer_.UseSchema(schema_));
    // A store at the version wanted opens without a lock, so that a server
    // starts while an import holds the store; only a store to create or
    // migrate waits for the migration lock (and reads its version again).
    LEVERS_ASSIGN_OR_RETURN(const SchemaState state, ReadSchemaState());
    LEVERS_RETURN_IF_ERROR(Refuse(state));
    if (state.exists && state.version >= target_version) {
      schema_version_ = state.version;
    } else {
      const Connection::ScopedLimit limit(writer_, WriterLimit());
      LEVERS_RETURN_IF_ERROR(
          InTransaction(writer_, "BEGIN", [&] { return Migrate(target_version); }));
    }
    // Each reader connects on its first read: an import reads nothing and
    // opens none, a server one for its reload checks and one more for each
    // read that runs beside another.
    for (size_t i = 0; i < Readers::DefaultSize(); ++i) {
      auto reader = std::make_unique<Connection>(pq_, options_.timeouts);
      reader->OpenLater(url, options_.application_name, schema_);
      readers_.Add(std::move(reader));
    }
    return Status::Ok();
  }

  Status ReplaceCorpus(const CorpusSnapshot& s, const ReplaceOptions& options) override {
    LEVERS_RETURN_IF_ERROR(ValidateSnapshot(s));
    if (schema_version_ != kStoreSchemaVersion)
      return Status::InvalidArgument("the store was opened at an older schema version");
    std::lock_guard lock(write_mu_);
    const Connection::ScopedLimit limit(writer_, WriterLimit());
    ReplaceReport replaced;
    LEVERS_RETURN_IF_ERROR(
        InTransaction(writer_, "BEGIN", [&] { return WriteCorpus(s, options, replaced); }));
    if (options.report) *options.report = replaced;
    return Status::Ok();
  }

  Result<GuidePage> ListGuides(const GuideQuery& q) const override {
    LEVERS_RETURN_IF_ERROR(ValidateGuideQuery(q));
    const Readers::Lease reader = readers_.Acquire();
    GuidePage page;
    LEVERS_RETURN_IF_ERROR(InTransaction(*reader, kReadSnapshot, [&]() -> Status {
      const SqlFilter where = GuideListFilter(q, kPostgresDialect);
      Params p;
      p.Texts(where.params);
      LEVERS_ASSIGN_OR_RETURN(Rows count,
                              reader->Run("SELECT COUNT(*) FROM guides" + where.where, p));
      page.total = count.I64(0, 0);
      if (q.offset >= page.total) return Status::Ok();
      const size_t n = where.params.size();
      p.Int(q.limit).Int(q.offset);
      LEVERS_ASSIGN_OR_RETURN(
          Rows rows, reader->Run(std::string("SELECT ") + kGuideColumns + " FROM guides" +
                                     where.where + " ORDER BY " + GuideOrderBy(q) + " LIMIT " +
                                     SqlParam(kPostgresDialect, n + 1) + " OFFSET " +
                                     SqlParam(kPostgresDialect, n + 2),
                                 p));
      for (int i = 0; i < rows.count(); ++i) page.items.push_back(ReadSummary(rows, i));
      return Status::Ok();
    }));
    return page;
  }

  Result<GuideRecord> GetGuide(std::string_view id) const override {
    if (!IsStorableText(id)) return NotFound(id);
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_ASSIGN_OR_RETURN(Rows r, reader->Run(kGetGuide, Params().Text(id)));
    if (r.count() == 0) return NotFound(id);
    GuideRecord g;
    g.summary = ReadSummary(r, 0);
    g.source = r.Bytes(0, 14);
    g.json = r.Str(0, 15);
    return g;
  }

  Result<GuideParts> GetGuideParts(std::string_view id) const override {
    if (!IsStorableText(id)) return NotFound(id);
    const Readers::Lease reader = readers_.Acquire();
    GuideParts p;
    LEVERS_RETURN_IF_ERROR(InTransaction(*reader, kReadSnapshot, [&]() -> Status {
      const Params key = Params().Text(id);
      LEVERS_ASSIGN_OR_RETURN(Rows g, reader->Run("SELECT 1 FROM guides WHERE id = $1", key));
      if (g.count() == 0) return NotFound(id);
      LEVERS_ASSIGN_OR_RETURN(
          Rows l, reader->Run("SELECT guide_id, position, title, script FROM levers WHERE "
                              "guide_id = $1 ORDER BY position",
                              key));
      for (int i = 0; i < l.count(); ++i)
        p.levers.push_back({l.Str(i, 0), l.I32(i, 1), l.Str(i, 2), l.Str(i, 3)});
      LEVERS_ASSIGN_OR_RETURN(Rows s,
                              reader->Run("SELECT guide_id, text, floor_minor, floor_currency FROM "
                                          "strategies WHERE guide_id = $1",
                                          key));
      if (s.count() > 0) {
        StoredStrategy st{s.Str(0, 0), s.Str(0, 1), std::nullopt};
        if (!s.Null(0, 2)) st.floor = Money{s.I64(0, 2), s.Str(0, 3)};
        p.strategy = std::move(st);
      }
      LEVERS_ASSIGN_OR_RETURN(
          Rows e, reader->Run("SELECT guide_id, position, text, company, title, level_low, "
                              "level_high FROM level_equivalences WHERE guide_id = $1 ORDER BY "
                              "position",
                              key));
      for (int i = 0; i < e.count(); ++i) {
        p.level_equivalences.push_back({e.Str(i, 0), e.I32(i, 1), e.Str(i, 2), e.Str(i, 3),
                                        e.Str(i, 4), e.Str(i, 5), e.Str(i, 6)});
      }
      return Status::Ok();
    }));
    return p;
  }

  Result<std::vector<StoredBand>> ListBands(const BandFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateBandFilter(f));
    const Readers::Lease reader = readers_.Acquire();
    const SqlFilter where = BandListFilter(f, kPostgresDialect);
    LEVERS_ASSIGN_OR_RETURN(
        Rows r, reader->Run(std::string("SELECT ") + kBandColumns +
                                " FROM bands b JOIN guides g ON g.id = b.guide_id" + where.where +
                                " ORDER BY b.guide_id, b.position",
                            Params().Texts(where.params)));
    std::vector<StoredBand> out;
    out.reserve(static_cast<size_t>(r.count()));
    for (int i = 0; i < r.count(); ++i) out.push_back(ReadBand(r, i));
    return out;
  }

  Result<std::vector<StoredFinding>> ListFindings(const FindingFilter& f) const override {
    LEVERS_RETURN_IF_ERROR(ValidateFindingFilter(f));
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_ASSIGN_OR_RETURN(
        Rows r, reader->Run(std::string("SELECT ") + kFindingColumns +
                                " FROM findings"
                                " WHERE ($1 = '' OR guide_id = $1) AND ($2 = '' OR severity = $2)"
                                " AND ($3 = '' OR code = $3) ORDER BY guide_id, position",
                            Params().Text(f.guide_id).Text(f.severity).Text(f.code)));
    std::vector<StoredFinding> out;
    out.reserve(static_cast<size_t>(r.count()));
    for (int i = 0; i < r.count(); ++i) out.push_back(ReadFinding(r, i));
    return out;
  }

  Result<std::vector<GuideSource>> AllGuideSources() const override {
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_ASSIGN_OR_RETURN(Rows r, reader->Run("SELECT g.id, g.path, t.source FROM guides g JOIN "
                                                "guide_texts t ON t.id = g.id ORDER BY g.id"));
    std::vector<GuideSource> out;
    for (int i = 0; i < r.count(); ++i) out.push_back({r.Str(i, 0), r.Str(i, 1), r.Bytes(i, 2)});
    return out;
  }

  Result<StoreStats> Stats() const override {
    const Readers::Lease reader = readers_.Acquire();
    LEVERS_ASSIGN_OR_RETURN(
        Rows r,
        reader->Run("SELECT (SELECT COUNT(*) FROM guides), (SELECT COUNT(*) FROM bands),"
                    " (SELECT COUNT(*) FROM findings),"
                    " (SELECT imported_at FROM imports), (SELECT source_dir FROM imports)"));
    StoreStats s;
    s.backend = "postgresql";
    s.schema_version = schema_version_;
    s.guides = r.I64(0, 0);
    s.bands = r.I64(0, 1);
    s.findings = r.I64(0, 2);
    s.last_import = r.Str(0, 3);
    s.last_import_dir = r.Str(0, 4);
    return s;
  }

  Result<int64_t> ImportGeneration() const override {
    const Readers::Lease reader = readers_.Acquire();
    const Connection::ScopedLimit limit(*reader, CheckLimit());
    LEVERS_ASSIGN_OR_RETURN(Rows r, reader->Run(kImportGeneration));
    return r.I64(0, 0);
  }

  Result<ImportIdentity> LastImport() const override {
    const Readers::Lease reader = readers_.Acquire();
    const Connection::ScopedLimit limit(*reader, CheckLimit());
    // One statement, so one snapshot of both tables.
    LEVERS_ASSIGN_OR_RETURN(Rows r, reader->Run("SELECT (SELECT MAX(version) FROM levers_schema),"
                                                " COALESCE((SELECT generation FROM imports), 0),"
                                                " COALESCE((SELECT imported_at FROM imports), ''),"
                                                " COALESCE((SELECT source_dir FROM imports), '')"));
    return ImportIdentity{r.I64(0, 1), r.Str(0, 2), r.Str(0, 3), static_cast<int>(r.I64(0, 0))};
  }

  Result<StoredCorpus> ReadCorpus() const override {
    const Readers::Lease reader = readers_.Acquire();
    StoredCorpus out;
    CorpusSnapshot& c = out.snapshot;
    // REPEATABLE READ: every statement below sees the same committed state.
    LEVERS_RETURN_IF_ERROR(InTransaction(*reader, kReadSnapshot, [&]() -> Status {
      LEVERS_ASSIGN_OR_RETURN(Rows g, reader->Run(kAllGuides));
      for (int i = 0; i < g.count(); ++i)
        c.guides.push_back({ReadSummary(g, i), g.Bytes(i, 14), g.Str(i, 15)});
      LEVERS_ASSIGN_OR_RETURN(Rows b, reader->Run(std::string("SELECT ") + kBandColumns +
                                                  " FROM bands b ORDER BY b.guide_id, b.position"));
      for (int i = 0; i < b.count(); ++i) c.bands.push_back(ReadBand(b, i));
      LEVERS_ASSIGN_OR_RETURN(Rows l, reader->Run("SELECT guide_id, position, title, script FROM "
                                                  "levers ORDER BY guide_id, position"));
      for (int i = 0; i < l.count(); ++i)
        c.levers.push_back({l.Str(i, 0), l.I32(i, 1), l.Str(i, 2), l.Str(i, 3)});
      LEVERS_ASSIGN_OR_RETURN(Rows s, reader->Run("SELECT guide_id, text, floor_minor, "
                                                  "floor_currency FROM strategies ORDER BY "
                                                  "guide_id"));
      for (int i = 0; i < s.count(); ++i) {
        StoredStrategy st{s.Str(i, 0), s.Str(i, 1), std::nullopt};
        if (!s.Null(i, 2)) st.floor = Money{s.I64(i, 2), s.Str(i, 3)};
        c.strategies.push_back(std::move(st));
      }
      LEVERS_ASSIGN_OR_RETURN(
          Rows e, reader->Run("SELECT guide_id, position, text, company, title, level_low, "
                              "level_high FROM level_equivalences ORDER BY guide_id, position"));
      for (int i = 0; i < e.count(); ++i) {
        c.level_equivalences.push_back({e.Str(i, 0), e.I32(i, 1), e.Str(i, 2), e.Str(i, 3),
                                        e.Str(i, 4), e.Str(i, 5), e.Str(i, 6)});
      }
      LEVERS_ASSIGN_OR_RETURN(Rows f, reader->Run(std::string("SELECT ") + kFindingColumns +
                                                  " FROM findings ORDER BY guide_id, position"));
      for (int i = 0; i < f.count(); ++i) c.findings.push_back(ReadFinding(f, i));
      LEVERS_ASSIGN_OR_RETURN(
          Rows m, reader->Run("SELECT imported_at, source_dir, generation FROM imports"));
      if (m.count() > 0) {
        c.imported_at = m.Str(0, 0);
        c.source_dir = m.Str(0, 1);
        out.generation = m.I64(0, 2);
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  static constexpr const char* kReadSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  static Status NotFound(std::string_view id) {
    return Status::NotFound("no guide with id '" + std::string(ClipUtf8(id)) + "'");
  }

  // Runs fn between `begin` and COMMIT; rolls back when anything fails. A
  // read-only transaction whose COMMIT went unanswered changed nothing: that
  // is a failed read, not a write of unknown outcome.
  template <typename Fn>
  static Status InTransaction(Connection& c, const char* begin, Fn&& fn) {
    LEVERS_RETURN_IF_ERROR(c.Begin(begin));
    Status st = fn();
    if (st.ok()) st = c.Commit(/*writes=*/begin != kReadSnapshot);
    if (!st.ok()) c.Rollback();
    return st;
  }

  CallLimit CheckLimit() const {
    return {options_.timeouts.check, "a check of the store for a new import"};
  }
  CallLimit WriterLimit() const {
    return {options_.timeouts.writer, "a statement of an import or a migration"};
  }

  // The schema that holds the store: where levers_schema is found through the
  // connection's search_path, or for a new store the first schema of that
  // path that exists (where CREATE TABLE puts it).
  Result<std::string> FindSchema() {
    LEVERS_ASSIGN_OR_RETURN(
        Rows r, writer_.Run("SELECT COALESCE((SELECT n.nspname FROM pg_catalog.pg_class c JOIN "
                            "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = "
                            "pg_catalog.to_regclass('levers_schema')), "
                            "pg_catalog.current_schema())"));
    if (r.count() != 1 || r.Null(0, 0))
      return Status::IOError(
          "postgresql: no schema to keep the store in: no schema of the connection's "
          "search_path exists (name one in the URL: ?options=-csearch_path%3DNAME)");
    return r.Str(0, 0);
  }

  // What schema_ holds: a levers store and its version, or other tables.
  struct SchemaState {
    bool exists = false;  // levers_schema is there
    int version = 0;
    int64_t tables = 0;  // every table of the schema
  };
  Result<SchemaState> ReadSchemaState() {
    SchemaState state;
    LEVERS_ASSIGN_OR_RETURN(Rows has,
                            writer_.Run("SELECT to_regclass('levers_schema') IS NOT NULL,"
                                        " (SELECT COUNT(*) FROM pg_tables WHERE schemaname = $1)",
                                        Params().Text(schema_)));
    state.exists = has.Str(0, 0) == "t";
    state.tables = has.I64(0, 1);
    if (!state.exists) return state;
    LEVERS_ASSIGN_OR_RETURN(Rows v, writer_.Run("SELECT version FROM levers_schema"));
    if (v.count() != 1) return Status::Corruption("postgresql: levers_schema holds no version");
    state.version = v.I32(0, 0);
    return state;
  }

  // A schema levers does not open: someone else's tables, or a newer store.
  static Status Refuse(const SchemaState& state) {
    if (!state.exists && state.tables > 0)
      return Status::Corruption(
          "postgresql: the database's schema holds tables but is not a levers store");
    if (state.version > kStoreSchemaVersion)
      return Status::Corruption("postgresql: the store has schema version " +
                                std::to_string(state.version) +
                                "; this levers knows versions up to " +
                                std::to_string(kStoreSchemaVersion) + ": upgrade levers");
    return Status::Ok();
  }

  // Takes `locks` in order for the transaction. The waits together last at
  // most kWriterStatementTimeout (statement_timeout), or each the
  // connection's lock_timeout when that is shorter; then the error says who
  // holds the store. Leaves statement_timeout at kWriterStatementTimeout for
  // the rest of the transaction.
  Status LockStore(std::initializer_list<StoreLock> locks) {
    const auto start = std::chrono::steady_clock::now();
    auto waited = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    };
    for (const StoreLock& lock : locks) {
      const auto left = std::max(std::chrono::milliseconds(1),
                                 std::chrono::milliseconds(kWriterStatementTimeout) - waited());
      LEVERS_RETURN_IF_ERROR(
          writer_.Exec("SET LOCAL statement_timeout = '" + std::to_string(left.count()) + "ms'"));
      Status st = writer_.Run(lock.sql, Params().Text(schema_)).status();
      if (st.ok()) continue;
      if (!writer_.ServerTimedOut()) return st;
      const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(waited()).count();
      return Status::IOError(
          "postgresql: " + std::string(lock.holder) + " and still held it after " +
          (s < 120 ? std::to_string(s) + " s" : std::to_string(s / 60) + " min") +
          "; the store is unchanged: try again once it has finished");
    }
    return writer_.Exec("SET LOCAL statement_timeout = '" +
                        std::to_string(kWriterStatementTimeout.count()) + "min'");
  }

  Status Migrate(int target_version) {
    LEVERS_RETURN_IF_ERROR(LockStore({kMigrationLock}));
    // Again under the lock: another levers may have created or migrated the
    // store meanwhile.
    LEVERS_ASSIGN_OR_RETURN(const SchemaState state, ReadSchemaState());
    LEVERS_RETURN_IF_ERROR(Refuse(state));
    int version = state.version;
    if (!state.exists) {
      LEVERS_RETURN_IF_ERROR(writer_.Exec("CREATE TABLE levers_schema (version INTEGER NOT NULL)"));
      LEVERS_RETURN_IF_ERROR(writer_.Exec("INSERT INTO levers_schema VALUES (0)"));
    }
    for (const SqlMigration& m : kMigrations) {
      if (m.version <= version || m.version > target_version) continue;
      for (size_t i = 0; i < m.count; ++i) LEVERS_RETURN_IF_ERROR(writer_.Exec(m.statements[i]));
      if (m.rewrites_name_keys) LEVERS_RETURN_IF_ERROR(RewriteNameKeys());
      LEVERS_RETURN_IF_ERROR(
          writer_.Run("UPDATE levers_schema SET version = $1", Params().Int(m.version)).status());
      version = m.version;
    }
    schema_version_ = version;
    return Status::Ok();
  }

  // Sets every guide's `*_key` columns to NameKeysOf its names (migration 4),
  // inside the caller's transaction.
  Status RewriteNameKeys() {
    LEVERS_ASSIGN_OR_RETURN(Rows names,
                            writer_.Run(std::string("SELECT ") + kGuideColumns + " FROM guides"));
    for (int i = 0; i < names.count(); ++i) {
      const GuideSummary g = ReadSummary(names, i);
      const GuideNameKeys k = NameKeysOf(g);
      LEVERS_RETURN_IF_ERROR(writer_
                                 .Run("UPDATE guides SET company_key = $2, company_display_key = "
                                      "$3, role_key = $4, role_display_key = $5 WHERE id = $1",
                                      Params()
                                          .Text(g.id)
                                          .Text(k.company)
                                          .Text(k.company_display)
                                          .Text(k.role)
                                          .Text(k.role_display))
                                 .status());
    }
    return Status::Ok();
  }

  // Writes every table with one COPY ... FROM STDIN (text format) each, all in
  // the caller's transaction: rows stream to the server with no round trip
  // per row, and the server checks keys and constraints as they arrive. One
  // prepared INSERT a row paid a loopback round trip for each of ~60,000 rows
  // (docs/performance.md, "The store"). libpq's pipeline mode would remove the
  // waits too but still parses, plans and executes one INSERT a row; COPY is
  // PostgreSQL's bulk path for exactly this. `options.on_row` runs after each
  // row is handed to libpq; when it fails the COPY is ended with an error, so
  // the server discards it, and the caller rolls back.
  // `replaced`: what the import replaces, counted when options.report is set.
  Status WriteCorpus(const CorpusSnapshot& s, const ReplaceOptions& options,
                     ReplaceReport& replaced) {
    // LockStore also raises statement_timeout: one COPY is one statement for a
    // whole table, and the session's 60 s limit is meant for one read, not for
    // a table of a large corpus (5,000 guides' files take about 0.6 s).
    LEVERS_RETURN_IF_ERROR(LockStore({kImportLock, kNoMigrationLock}));
    // The version again, under the locks: another levers may have migrated
    // the store while this import waited for them.
    LEVERS_ASSIGN_OR_RETURN(Rows last,
                            writer_.Run("SELECT (SELECT MAX(version) FROM levers_schema), "
                                        "COALESCE((SELECT generation FROM imports), 0)"));
    if (const int now = last.I32(0, 0); now != schema_version_) {
      return Status::Corruption(
          "postgresql: another levers migrated the store to schema version " + std::to_string(now) +
          " while this import waited for it; this levers writes version " +
          std::to_string(schema_version_) +
          (now > kStoreSchemaVersion ? ": upgrade levers" : ": run the import again"));
    }
    const int64_t generation = last.I64(0, 1) + 1;
    if (options.report) {
      LEVERS_ASSIGN_OR_RETURN(Rows stored, writer_.Run("SELECT id FROM guides"));
      std::vector<std::string> ids;
      ids.reserve(static_cast<size_t>(stored.count()));
      for (int i = 0; i < stored.count(); ++i) ids.push_back(stored.Str(i, 0));
      replaced = CountReplaced(ids, s);
    }
    for (std::string_view table : kTablesToEmpty) {
      LEVERS_RETURN_IF_ERROR(writer_.Exec(("DELETE FROM " + std::string(table)).c_str()));
    }
    const int64_t total = SnapshotRowCount(s);
    int64_t rows = 0;
    CopyRow row;
    // COPYs `items` into `table` (`columns`), each item made a row by
    // `fill(row, item)`; `counted`: each row is a row of the import (on_row).
    auto copy = [&](const char* table, const char* columns, const auto& items, auto&& fill,
                    bool counted = true) -> Status {
      if (items.empty()) return Status::Ok();
      LEVERS_RETURN_IF_ERROR(
          writer_.CopyStart(std::string("COPY ") + table + " (" + columns + ") FROM STDIN"));
      for (const auto& item : items) {
        fill(row.Clear(), item);
        LEVERS_RETURN_IF_ERROR(writer_.CopyPut(row.Finish()));
        if (!counted || !options.on_row) continue;
        Status hook = options.on_row(++rows, total);
        if (!hook.ok()) {
          (void)writer_.CopyEnd("levers: import aborted");
          return hook;
        }
      }
      return writer_.CopyEnd();
    };
    LEVERS_RETURN_IF_ERROR(copy(
        "guides",
        "id, path, company, company_key, company_display, company_display_key, role, role_key, "
        "role_display, role_display_key, role_type, last_updated, next_review_due, data_quality, "
        "salary_data_quarter, regions_json, search_text, errors, warnings",
        s.guides,
        [](CopyRow& r, const GuideRecord& x) {
          const GuideSummary& g = x.summary;
          const GuideNameKeys keys = NameKeysOf(g);
          r.Text(g.id)
              .Text(g.path)
              .Text(g.company)
              .Text(keys.company)
              .Text(g.company_display)
              .Text(keys.company_display)
              .Text(g.role)
              .Text(keys.role)
              .Text(g.role_display)
              .Text(keys.role_display)
              .Text(g.role_type)
              .Text(g.last_updated)
              .Text(g.next_review_due)
              .Text(g.data_quality)
              .Text(g.salary_data_quarter)
              .Text(RegionsToJson(g.regions))
              .Text(SearchText(g))
              .Int(g.errors)
              .Int(g.warnings);
        },
        /*counted=*/false));
    // A guide is one row of the import, written to two tables: it counts here.
    LEVERS_RETURN_IF_ERROR(
        copy("guide_texts", "id, source, json", s.guides, [](CopyRow& r, const GuideRecord& x) {
          r.Text(x.summary.id).Bytes(x.source).Text(x.json);
        }));
    LEVERS_RETURN_IF_ERROR(
        copy("bands",
             "guide_id, position, company, role, region, region_key, currency, currency_key, "
             "base_low, base_high, stock_low, stock_high, bonus_pct_low_bp, bonus_pct_high_bp, "
             "total_comp_low, total_comp_high, stock_vesting_years",
             s.bands, [](CopyRow& r, const StoredBand& b) {
               r.Text(b.guide_id)
                   .Int(b.position)
                   .Text(b.company)
                   .Text(b.role)
                   .Text(b.region)
                   .Text(RegionFilterKey(b.region))
                   .Text(b.currency)
                   .Text(AsciiLower(b.currency))
                   .Opt(b.base_low)
                   .Opt(b.base_high)
                   .Opt(b.stock_low)
                   .Opt(b.stock_high)
                   .Opt(b.bonus_pct_low_bp)
                   .Opt(b.bonus_pct_high_bp)
                   .Opt(b.total_comp_low)
                   .Opt(b.total_comp_high)
                   .Int(b.stock_vesting_years);
             }));
    LEVERS_RETURN_IF_ERROR(copy("levers", "guide_id, position, title, script", s.levers,
                                [](CopyRow& r, const StoredLever& l) {
                                  r.Text(l.guide_id).Int(l.position).Text(l.title).Text(l.script);
                                }));
    LEVERS_RETURN_IF_ERROR(copy("strategies", "guide_id, text, floor_minor, floor_currency",
                                s.strategies, [](CopyRow& r, const StoredStrategy& st) {
                                  r.Text(st.guide_id).Text(st.text);
                                  if (st.floor)
                                    r.Int(st.floor->minor).Text(st.floor->currency);
                                  else
                                    r.Null().Null();
                                }));
    LEVERS_RETURN_IF_ERROR(copy(
        "level_equivalences", "guide_id, position, text, company, title, level_low, level_high",
        s.level_equivalences, [](CopyRow& r, const StoredLevelEquivalence& e) {
          r.Text(e.guide_id)
              .Int(e.position)
              .Text(e.text)
              .Text(e.company)
              .Text(e.title)
              .Text(e.level_low)
              .Text(e.level_high);
        }));
    LEVERS_RETURN_IF_ERROR(
        copy("findings", "guide_id, position, code, severity, line, column_number, field, message",
             s.findings, [](CopyRow& r, const StoredFinding& f) {
               r.Text(f.guide_id)
                   .Int(f.position)
                   .Text(f.code)
                   .Text(f.severity)
                   .Int(f.line)
                   .Int(f.column)
                   .Text(f.field)
                   .Text(f.message);
             }));
    // The last row, the new generation, visible on commit. A COPY too, so
    // that every call of on_row is made inside a COPY: a hook that pauses
    // never leaves the session idle in its transaction, which the server
    // ends after PostgresTimeouts::idle_in_transaction.
    const std::vector<int64_t> the_import = {generation};
    return copy(
        "imports", "singleton, imported_at, source_dir, generation", the_import,
        [&](CopyRow& r, int64_t g) { r.Int(1).Text(s.imported_at).Text(s.source_dir).Int(g); });
  }

  const LibPq& pq_;
  const PostgresOptions options_;
  std::mutex write_mu_;
  Connection writer_;
  Readers readers_;
  std::string schema_;  // FindSchema's
  int schema_version_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, int target_version,
                                                 const PostgresOptions& options) {
  LEVERS_ASSIGN_OR_RETURN(const LibPq* pq, LoadLibPq());
  auto store = std::make_unique<PostgresStore>(*pq, options);
  LEVERS_RETURN_IF_ERROR(store->Open(url, target_version));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace levers::store_internal
