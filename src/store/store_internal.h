// What the store implementations share: URL dispatch, input validation and the
// keys every backend compares and sorts by, so that memory, SQLite and
// PostgreSQL answer every query identically (docs/store.md).
#ifndef LEVERS_SRC_STORE_STORE_INTERNAL_H_
#define LEVERS_SRC_STORE_STORE_INTERNAL_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "levers/store.h"

namespace levers::store_internal {

Result<std::unique_ptr<Store>> OpenMemoryStore();
// `target_version` below kStoreSchemaVersion stops the migrations there (tests
// of the migrations only: such a store cannot import).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, MissingStoreFile missing,
                                               int target_version = kStoreSchemaVersion);

// How long the PostgreSQL store waits for its server (docs/store.md,
// "Deadlines"). Tests shorten them.
struct PostgresTimeouts {
  // levers serve's check for a new import (Store::LastImport and
  // ImportGeneration, one row each).
  std::chrono::milliseconds check = std::chrono::seconds(10);
  // Each other statement outside an import's or a migration's transaction:
  // the session's statement_timeout (60 s), and 10 s for the server's answer.
  std::chrono::milliseconds statement = std::chrono::seconds(70);
  // Each statement of an import's or a migration's transaction, the wait for
  // the store's locks and each COPY included: that transaction's
  // statement_timeout (15 min), and 10 s.
  std::chrono::milliseconds writer = std::chrono::minutes(15) + std::chrono::seconds(10);
  // For the server to take a cancel request once a deadline has passed.
  std::chrono::milliseconds cancel = std::chrono::seconds(2);
  // The server ends a session left idle inside a transaction this long
  // (idle_in_transaction_session_timeout): a levers whose network stalled
  // between two statements of a transaction does not hold its locks for ever.
  std::chrono::milliseconds idle_in_transaction = std::chrono::seconds(60);
};

struct PostgresOptions {
  // libpq's fallback_application_name: what pg_stat_activity shows unless the
  // URL sets application_name.
  std::string application_name = "levers";
  PostgresTimeouts timeouts;
};

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 int target_version = kStoreSchemaVersion,
                                                 const PostgresOptions& options = {});

// ASCII letters lowered; every other byte kept.
std::string AsciiLower(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF) and holds no NUL byte.
bool IsStorableText(std::string_view s);

// InvalidArgument naming `field` when a filter holds a NUL byte, invalid UTF-8
// or more than kMaxFilterBytes.
Status ValidateFilter(std::string_view field, std::string_view value);
Status ValidateGuideQuery(const GuideQuery& q);
Status ValidateBandFilter(const BandFilter& f);
Status ValidateFindingFilter(const FindingFilter& f);
// The rules of CorpusSnapshot's comment.
Status ValidateSnapshot(const CorpusSnapshot& s);

// What replacing the guides `ids_before` (read in the import's transaction)
// with `s` replaces (ReplaceOptions::report).
ReplaceReport CountReplaced(const std::vector<std::string>& ids_before, const CorpusSnapshot& s);

// The longest value, in bytes, that a store keeps in a column it indexes: a
// guide id, company and role (slug and display name), band region and finding
// code, and the filter key of each (NameFilterKey, RegionFilterKey).
// PostgreSQL's btree indexes take at most about 2,700 bytes a row; every store
// keeps the same limit, so that all of them accept the same corpora. The
// folder scan refuses a guide whose id is longer by the same number
// (kMaxGuideIdBytes, levers/corpus.h).
inline constexpr size_t kMaxKeyBytes = kMaxGuideIdBytes;

// A value of a guide longer than kMaxKeyBytes: its field and its length (or
// its key's, when that is longer).
struct OverlongValue {
  std::string field;  // "id", "company", "company_display", "role", "role_display", "region"
  size_t bytes = 0;
};
// The first of `g`'s indexed values (id, names, regions) over kMaxKeyBytes.
std::optional<OverlongValue> FindOverlongValue(const GuideSummary& g);

// The passwords a postgresql:// URL holds (user:PASSWORD@, ?password=...), each
// as written and percent-decoded, for MaskPasswords.
std::vector<std::string> UrlPasswords(std::string_view url);
// `text` (a libpq message, a URL) with every occurrence of each of `secrets`
// and every value after "password=" replaced by "***".
std::string MaskPasswords(std::string_view text, const std::vector<std::string>& secrets);

// What the `company` and `role` filters compare: GuideNameKey (the identity
// `duplicate-guide` uses), or "" for an empty name, which no filter matches
// (an empty filter is no filter).
std::string NameFilterKey(std::string_view name);

// NameFilterKey of a guide's names, as the SQL backends store them in the
// `*_key` columns of `guides`.
struct GuideNameKeys {
  std::string company, company_display, role, role_display;
};
GuideNameKeys NameKeysOf(const GuideSummary& g);

// The lowered text `q` is searched in: slugs, display names and regions, one a line.
std::string SearchText(const GuideSummary& g);
// A band's region as compared by the region filters (RegionKey).
std::string RegionFilterKey(std::string_view region);

// GuideSummary::regions as a JSON array and back (how SQL backends keep them).
std::string RegionsToJson(const std::vector<std::string>& regions);
std::vector<std::string> RegionsFromJson(std::string_view json);

// The SQL "ORDER BY" of a guide query, from constants only (never from input).
std::string GuideOrderBy(const GuideQuery& q);

// How an SQL backend writes a numbered parameter and a substring test.
struct SqlDialect {
  char placeholder;         // '?' (SQLite's ?1) or '$' (PostgreSQL's $1)
  const char* position_fn;  // (haystack, needle) -> 1-based position, 0 when absent
};
inline constexpr SqlDialect kSqliteDialect{'?', "instr"};
inline constexpr SqlDialect kPostgresDialect{'$', "strpos"};

// Parameter `n` (1-based) written in `d`'s way.
std::string SqlParam(const SqlDialect& d, size_t n);

// The WHERE clause of a list query, from constants only: a condition for each
// filter given and none for an empty one, so that each is a lookup in its
// index (SQLite uses no index for "?1 = '' OR company_key = ?1"). `params` are
// the values to bind as text, the first as parameter 1.
struct SqlFilter {
  std::string where;  // "" or " WHERE ..."
  std::vector<std::string> params;
};
// Over `guides` (GuideQuery's filters, not its sort or page).
SqlFilter GuideListFilter(const GuideQuery& q, const SqlDialect& d);
// Over `bands b JOIN guides g ON g.id = b.guide_id`.
SqlFilter BandListFilter(const BandFilter& f, const SqlDialect& d);

// Connections for reads, each used by one thread at a time: a read takes the
// first free one, or waits for one when all are busy. Thread-safe once filled.
// Reads one at a time always take the first, so a store whose connections
// open on first use (PostgreSQL's) opens only as many as ran at once.
template <typename Connection>
class ReaderPool {
  struct Slot {
    explicit Slot(std::unique_ptr<Connection> c) : conn(std::move(c)) {}
    std::mutex mu;
    std::unique_ptr<Connection> conn;
  };

 public:
  // How many readers a store opens: enough for every core to read at once.
  static size_t DefaultSize() {
    const unsigned n = std::thread::hardware_concurrency();
    return n < 2 ? 2 : n > 8 ? 8 : n;
  }

  void Add(std::unique_ptr<Connection> c) {
    slots_.push_back(std::make_unique<Slot>(std::move(c)));
  }

  // Calls f on every connection, each under its lock.
  template <typename F>
  void ForEach(F&& f) {
    for (auto& s : slots_) {
      std::lock_guard lock(s->mu);
      f(*s->conn);
    }
  }

  class Lease {
   public:
    Connection& operator*() const { return *slot_->conn; }
    Connection* operator->() const { return slot_->conn.get(); }

   private:
    friend class ReaderPool;
    Slot* slot_ = nullptr;
    std::unique_lock<std::mutex> lock_;
  };

  Lease Acquire() const {
    const size_t n = slots_.size();
    Lease lease;
    for (size_t i = 0; i < n; ++i) {
      Slot* s = slots_[i].get();
      std::unique_lock<std::mutex> lock(s->mu, std::try_to_lock);
      if (lock.owns_lock()) {
        lease.slot_ = s;
        lease.lock_ = std::move(lock);
        return lease;
      }
    }
    // All busy: wait for one, taking turns so that waiters spread.
    Slot* s = slots_[next_.fetch_add(1, std::memory_order_relaxed) % n].get();
    lease.slot_ = s;
    lease.lock_ = std::unique_lock<std::mutex>(s->mu);
    return lease;
  }

 private:
  std::vector<std::unique_ptr<Slot>> slots_;
  mutable std::atomic<size_t> next_{0};
};

// The tables every SQL backend creates, in creation order (schema version 1).
// Column types differ by backend; names and keys are the same.
inline constexpr std::string_view kTables[] = {
    "guides", "bands", "levers", "strategies", "level_equivalences", "findings", "imports"};

// What an SQL backend empties before an import writes a corpus, children
// before their parents (guide_texts and every child table refer to guides).
inline constexpr std::string_view kTablesToEmpty[] = {
    "findings", "level_equivalences", "strategies", "levers",
    "bands",    "guide_texts",        "guides",     "imports"};

// One step of an SQL backend's schema: run `statements` (`count` of them) to
// go from version `version - 1` to `version`; then, when `rewrites_name_keys`,
// set every guide's `*_key` columns to NameKeysOf its names (the rule lives in
// C++ only, so the backend runs it row by row, in the same transaction).
struct SqlMigration {
  int version;
  const char* const* statements;
  size_t count;
  bool rewrites_name_keys = false;
};

// The columns of `guides` a GuideSummary is read from, in ReadSummary's order;
// the same names in every SQL backend.
inline constexpr const char* kGuideColumns =
    "id, path, company, company_display, role, role_display, role_type, last_updated, "
    "next_review_due, data_quality, salary_data_quarter, regions_json, errors, warnings";

}  // namespace levers::store_internal

#endif  // LEVERS_SRC_STORE_STORE_INTERNAL_H_
