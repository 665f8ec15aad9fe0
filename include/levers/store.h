// Store: the facts of an imported corpus of guides, behind one interface with
// three implementations picked by URL: `memory:` (for tests), `sqlite:PATH`
// (embedded, one file, WAL) and `postgresql://...` (a PostgreSQL server).
//
// An import replaces everything stored in one transaction (ReplaceCorpus): a
// reader sees either the whole previous corpus or the whole new one, and a
// failure or a killed process in the middle leaves the previous one intact.
// Every SQL statement is prepared and every value bound as a parameter; no input
// is ever spliced into SQL text. The schema, URLs and guarantees are specified
// in docs/store.md.
//
// Text matching is the same in every implementation: `company` and `role`
// compare names by GuideNameKey, the identity `levers check` finds duplicate
// guides by (ASCII case, spaces and punctuation ignored); the other filters
// compare ASCII case-insensitively (bytes outside ASCII compare exactly); `q`
// is a substring test, never a pattern, so '%' and '_' are plain characters. Orders are by
// bytes (never a locale's collation) with the guide id as the last key.
//
// Thread-safety: every method of a Store may be called from any number of
// threads at once (implementations serialise access to their connection).
// Values returned are plain copies that outlive the Store.
#ifndef LEVERS_STORE_H_
#define LEVERS_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/corpus.h"
#include "levers/money.h"
#include "levers/status.h"

namespace levers {

// The schema version this build of levers writes and reads (docs/store.md).
inline constexpr int kStoreSchemaVersion = 4;

// Filter strings longer than this are refused (InvalidArgument).
inline constexpr size_t kMaxFilterBytes = 4096;
// The largest page ListGuides returns.
inline constexpr int64_t kMaxGuidePage = 1000;

// ---------------------------------------------------------------------------
// What an import stores. Guide ids key every other record.

// One guide's identity and dates, as listed (GET /api/guides). Absent fields
// (a guide without front matter has no data_quality) are empty strings.
struct GuideSummary {
  std::string id;  // path relative to the imported folder, without ".md"
  std::string path;
  std::string company, company_display;
  std::string role, role_display, role_type;
  std::string last_updated, next_review_due;  // "YYYY-MM-DD" or empty
  std::string data_quality;
  std::string salary_data_quarter;   // "2026-Q2" or empty
  std::vector<std::string> regions;  // of the resolved bands, in guide order
  int64_t errors = 0, warnings = 0;  // check findings of this guide
  bool operator==(const GuideSummary&) const = default;
};

// A stored guide: its summary, the exact bytes of its file and its JSON.
struct GuideRecord {
  GuideSummary summary;
  std::string source;  // the file's bytes exactly as read (may hold any byte)
  std::string json;    // RenderGuideJson(guide, {.pretty = false})
  bool operator==(const GuideRecord&) const = default;
};

// One region's pay band with front matter and table merged (ResolveCompensation).
// Amounts are in minor units of `currency`; an amount the guide does not state,
// or states in another currency (a check finding says so), is absent.
struct StoredBand {
  std::string guide_id;
  int position = 0;           // order within the guide, from 0
  std::string company, role;  // the guide's
  std::string region;
  std::string currency;  // ISO 4217; empty when the guide names none
  std::optional<int64_t> base_low, base_high;
  std::optional<int64_t> stock_low, stock_high;                // the grant over stock_vesting_years
  std::optional<int32_t> bonus_pct_low_bp, bonus_pct_high_bp;  // basis points
  std::optional<int64_t> total_comp_low, total_comp_high;      // per year
  int stock_vesting_years = 4;
  bool operator==(const StoredBand&) const = default;
};

struct StoredLever {
  std::string guide_id;
  int position = 0;
  std::string title;
  std::string script;
  bool operator==(const StoredLever&) const = default;
};

struct StoredStrategy {
  std::string guide_id;
  std::string text;
  std::optional<Money> floor;  // the walk-away figure the strategy names
  bool operator==(const StoredStrategy&) const = default;
};

// One role of a guide's level mapping (ResolveLevelMapping); position 0 is the
// guide's own role.
struct StoredLevelEquivalence {
  std::string guide_id;
  int position = 0;
  std::string text;  // as written: "Google L5-L6 EM"
  std::string company, title, level_low, level_high;
  bool operator==(const StoredLevelEquivalence&) const = default;
};

// One check finding. A file that gave no model keeps its findings under its id
// without a guide record.
struct StoredFinding {
  std::string guide_id;
  int position = 0;          // order within the guide
  std::string code;          // stable, docs/checks.md
  std::string severity;      // "error", "warning" or "note"
  int line = 0, column = 0;  // 1-based; 0 when the finding has no location
  std::string field;         // the field at fault, e.g. "compensation[0].base_low"
  std::string message;
  bool operator==(const StoredFinding&) const = default;
};

// Everything one import stores. ReplaceCorpus refuses (InvalidArgument, nothing
// written) a snapshot with a duplicate guide id, a band, lever, strategy or level
// equivalence of a guide not in `guides`, a NUL byte or invalid UTF-8 in any
// text field other than GuideRecord::source.
struct CorpusSnapshot {
  std::vector<GuideRecord> guides;
  std::vector<StoredBand> bands;
  std::vector<StoredLever> levers;
  std::vector<StoredStrategy> strategies;
  std::vector<StoredLevelEquivalence> level_equivalences;
  std::vector<StoredFinding> findings;
  std::string imported_at;  // when, as the caller says: "2026-11-23T10:00:00Z"
  std::string source_dir;   // the folder imported, for people
  // Files left out, one message each naming the file and why (a name that is
  // not UTF-8); not stored, for the importer to report.
  std::vector<std::string> refused;
};

// ---------------------------------------------------------------------------
// Queries.

enum class GuideSortKey { kId, kCompany, kRole, kLastUpdated, kNextReviewDue };

struct GuideQuery {
  std::string company;  // company or company_display, GuideNameKey equality; empty: any
  std::string role;     // role or role_display, GuideNameKey equality; empty: any
  std::string region;   // a band of this region (RegionKey equality); empty: any
  std::string q;        // substring of company, role (slugs and display names) or a region
  GuideSortKey sort = GuideSortKey::kId;
  bool descending = false;  // the sort key only; ties are always by id ascending
  int64_t offset = 0;       // >= 0
  int64_t limit = 50;       // 1..kMaxGuidePage
};

struct GuidePage {
  int64_t total = 0;  // guides matching the filters, whatever the page
  std::vector<GuideSummary> items;
  bool operator==(const GuidePage&) const = default;
};

// Parses an API sort parameter: "company", "-last_updated", ... InvalidArgument
// for anything else.
Result<std::pair<GuideSortKey, bool>> ParseGuideSort(std::string_view text);

struct BandFilter {
  std::string guide_id;  // exact; empty: any
  std::string company;   // as GuideQuery::company
  std::string role;      // as GuideQuery::role
  std::string region;    // RegionKey equality
  std::string currency;  // ASCII case-insensitive
};

struct FindingFilter {
  std::string guide_id;  // exact
  std::string severity;  // exact: "error", "warning", "note"
  std::string code;      // exact
};

struct GuideSource {
  std::string id, path, source;
  bool operator==(const GuideSource&) const = default;
};

// The parts of one guide that are not in its summary.
struct GuideParts {
  std::vector<StoredLever> levers;
  std::optional<StoredStrategy> strategy;
  std::vector<StoredLevelEquivalence> level_equivalences;
  bool operator==(const GuideParts&) const = default;
};

struct StoreStats {
  std::string backend;  // "memory", "sqlite", "postgresql"
  int schema_version = 0;
  int64_t guides = 0, bands = 0, findings = 0;
  std::string last_import;  // CorpusSnapshot::imported_at of the last import; empty before any
  std::string last_import_dir;
  bool operator==(const StoreStats&) const = default;
};

// Everything stored, read in one transaction (Store::ReadCorpus): the snapshot
// as the last import wrote it (each list ordered by guide id, then position;
// imported_at and source_dir of that import) and that import's generation.
struct StoredCorpus {
  CorpusSnapshot snapshot;
  int64_t generation = 0;
};

// Which import a store holds and the schema version it is stored at, read
// together (Store::LastImport): what a server compares with the import it
// serves to notice another one. Two stores, or one dropped and created again,
// may both be at generation 1; their imports still differ in when they were
// made or from which folder.
struct ImportIdentity {
  int64_t generation = 0;   // as ImportGeneration; 0 before any import
  std::string imported_at;  // that import's CorpusSnapshot::imported_at; empty before any
  std::string source_dir;   // and its source_dir
  int schema_version = 0;   // the version the store records now (levers_schema)
  // The same import: generation, imported_at and source_dir all equal.
  bool SameImport(const ImportIdentity& other) const {
    return generation == other.generation && imported_at == other.imported_at &&
           source_dir == other.source_dir;
  }
};

// What one ReplaceCorpus replaced (ReplaceOptions::report).
struct ReplaceReport {
  int64_t guides_before = 0;   // guides the store held just before
  int64_t imported_again = 0;  // of those, the ones whose id the snapshot has too
};

// A hook inside ReplaceCorpus's transaction, for tests and the import's progress
// report: called after each row written with the count so far. A non-OK status
// aborts the import and rolls it back; ReplaceCorpus returns that status.
struct ReplaceOptions {
  std::function<Status(int64_t rows_written, int64_t rows_total)> on_row;
  // When set, ReplaceCorpus fills it with what the import replaced, read inside
  // its transaction (ids only): exact even when another import ran just
  // before. Left as it was when ReplaceCorpus fails.
  ReplaceReport* report = nullptr;
};

// Where a store kept in one file stands against the file now at its path
// (Store::FileState).
enum class StoreFileState {
  kSame,      // the file at the path is the one open (and every store without a file)
  kReplaced,  // another file is at the path: deleted and created again, or renamed over
  kMissing,   // nothing is at the path (the store reads the file it has open)
};

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // "memory", "sqlite" or "postgresql".
  virtual std::string_view Backend() const = 0;
  // The schema version of the open store (kStoreSchemaVersion after open).
  virtual int SchemaVersion() const = 0;

  // Replaces everything stored with `snapshot` in one transaction. On any error
  // but one the store is exactly as it was: UnknownOutcome when the commit was
  // sent and its answer never came (a PostgreSQL connection lost or stalled
  // then), and the store may hold the snapshot or not (LastImport tells, once
  // the server is reached again). Importing the same snapshot twice leaves the
  // same rows, apart from the import generation (one more each time).
  [[nodiscard]] virtual Status ReplaceCorpus(const CorpusSnapshot& snapshot,
                                             const ReplaceOptions& options = {}) = 0;

  // A page of guide summaries. InvalidArgument for a bad filter (NUL byte,
  // longer than kMaxFilterBytes), offset < 0 or limit outside 1..kMaxGuidePage.
  [[nodiscard]] virtual Result<GuidePage> ListGuides(const GuideQuery& query) const = 0;
  // One guide; NotFound when no guide has this id.
  [[nodiscard]] virtual Result<GuideRecord> GetGuide(std::string_view id) const = 0;
  // One guide's JSON (GuideRecord::json); NotFound when no guide has this id.
  // A store that keeps the JSON in memory hands out its own copy, shared and
  // never changed; the others read it as GetGuide does.
  [[nodiscard]] virtual Result<std::shared_ptr<const std::string>> GetGuideJson(
      std::string_view id) const;
  // Levers, strategy and level mapping of one guide; NotFound when absent.
  [[nodiscard]] virtual Result<GuideParts> GetGuideParts(std::string_view id) const = 0;
  // Bands ordered by guide id, then position.
  [[nodiscard]] virtual Result<std::vector<StoredBand>> ListBands(
      const BandFilter& filter) const = 0;
  // Findings ordered by guide id, then position.
  [[nodiscard]] virtual Result<std::vector<StoredFinding>> ListFindings(
      const FindingFilter& filter) const = 0;
  // Every guide's id, path and source, ordered by id.
  [[nodiscard]] virtual Result<std::vector<GuideSource>> AllGuideSources() const = 0;
  [[nodiscard]] virtual Result<StoreStats> Stats() const = 0;

  // The import generation: 0 before any import, one more with each import that
  // commits (a failed import leaves it). Two imports in the same second still
  // differ. One small read, so a server can ask it often to notice an import.
  [[nodiscard]] virtual Result<int64_t> ImportGeneration() const = 0;
  // The last import's identity and the schema version as stored now, in one
  // small read (not the version read at open: another levers may have
  // migrated the store since). A server asks it to notice a new import.
  [[nodiscard]] virtual Result<ImportIdentity> LastImport() const = 0;
  // Everything stored and its generation, read in one transaction: a reader
  // never gets half of one import and half of the next.
  [[nodiscard]] virtual Result<StoredCorpus> ReadCorpus() const = 0;

  // For a store kept in one file (sqlite:PATH): whether PATH still names the
  // file this store has open (same device and inode). A store whose file was
  // replaced goes on reading the file it has open, which no import will change
  // again; Reopen opens the one at PATH. kSame for the other stores.
  virtual StoreFileState FileState() const { return StoreFileState::kSame; }
  // For a store kept in one file, that file's PATH as its URL gives it (every
  // message of the store that says where it lives quotes it so); empty for the
  // other stores. A server hides it from what anyone may read.
  virtual std::string_view FilePath() const { return {}; }
  // A new store opened at the same URL (OpenStore's errors). InvalidArgument
  // for a memory: store, which cannot be opened again.
  [[nodiscard]] virtual Result<std::unique_ptr<Store>> Reopen() const;

 protected:
  Store() = default;
};

// What OpenStore does with an sqlite:PATH where no file is.
enum class MissingStoreFile {
  kCreate,  // creates an empty store there (an import)
  kRefuse,  // NotFound: nothing is created (a reader, which would serve nothing)
};

// Opens (creating and migrating when needed) the store at `url`:
//   memory:                          a new, empty store in this process
//   sqlite:PATH                      an SQLite file (created when absent, as
//                                    `missing` says)
//   postgresql://... | postgres://...  a libpq connection URI
// InvalidArgument for any other URL; NotFound for an SQLite file that is not
// there under MissingStoreFile::kRefuse; IOError when the database cannot be
// opened; Corruption when its schema is newer than kStoreSchemaVersion or not
// a levers store. `client` names the program to the server: a PostgreSQL
// store's connections show it as their application_name (pg_stat_activity)
// unless the URL sets one; the other stores ignore it.
[[nodiscard]] Result<std::unique_ptr<Store>> OpenStore(
    std::string_view url, MissingStoreFile missing = MissingStoreFile::kCreate,
    std::string_view client = "levers");

// ---------------------------------------------------------------------------
// Building a snapshot from guides read and checked.

struct SnapshotOptions {
  std::string root_dir;     // ids are paths relative to this folder, without ".md"
  std::string imported_at;  // copied into the snapshot
};

// The snapshot of `guides` (as ReadAndCheck gives them). InvalidArgument when a
// guide could not be loaded at all (its load_status), naming the file, or when
// two files give the same id. A file whose id (its path below `root_dir`) is not
// valid UTF-8 is left out and named in `refused`: no URL could name it. Text
// taken from a model is made valid UTF-8 (invalid bytes become U+FFFD, a
// finding already names them); sources are kept byte for byte.
[[nodiscard]] Result<CorpusSnapshot> BuildCorpusSnapshot(const std::vector<CheckedGuide>& guides,
                                                         const SnapshotOptions& options);

// The row a store keeps for `d`, the finding at `position` among those of the
// guide `guide_id`, located in `file` (nullptr: line and column 0). Text is
// made valid UTF-8 as in BuildCorpusSnapshot, which builds its findings with it.
StoredFinding StoredFindingOf(const Diagnostic& d, const SourceFile* file, std::string guide_id,
                              int position);

// The number of rows ReplaceCorpus writes for `snapshot` (for progress).
int64_t SnapshotRowCount(const CorpusSnapshot& snapshot);

}  // namespace levers

#endif  // LEVERS_STORE_H_
