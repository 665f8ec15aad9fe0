// The levers HTTP API as a pure request handler: ApiHandler::Handle turns an
// HttpRequest into an HttpResponse over a ServedCorpus, with no socket in
// sight (the network layer is HttpListener, server_listener.h). The routes,
// parameters and error codes are specified in docs/http-api.md and, for
// programs, in the OpenAPI document served at /api/openapi.json.
//
// ServedCorpus is what the API answers from: one import's contents, read from
// the store in one transaction and kept in memory (lists, filters, bands,
// findings, the stored guide JSON), and its guides re-read into models (offers
// are valued against them, level queries walk their mappings, and the Markdown
// and HTML renderings are written from them). It is read-only: the API has no
// route that writes.
//
// ServedSite is one generation of everything `levers serve` answers: a
// ServedCorpus, the API over it and the web app's pages built from its models.
// SiteReloader holds the current ServedSite and replaces it when the store
// reports a new import (docs/http-api.md, "A new import").
//
// Thread-safety: a ServedCorpus, an ApiHandler and a ServedSite are immutable
// once built (the guide-JSON cache inside is synchronised), so Handle may be
// called from any number of threads at once. SetFallback must be called before
// serving. SiteReloader's methods may be called from any thread.
#ifndef LEVERS_SERVER_H_
#define LEVERS_SERVER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "levers/corpus.h"
#include "levers/date.h"
#include "levers/levels.h"
#include "levers/server_http.h"
#include "levers/status.h"
#include "levers/store.h"
#include "levers/web.h"

namespace levers {

struct ServedCorpusOptions {
  // "Today" for the dated checks (review-overdue) and the overdue mark on HTML
  // pages and the web app's. None: today's date (UTC), taken once when the
  // corpus is loaded, which options() then holds.
  std::optional<Date> today;
};

class ServedCorpus {
 public:
  // Reads everything `source` holds in one transaction (Store::ReadCorpus) into
  // an in-memory store that every store-backed route answers from, reads every
  // guide's source back into a model (on every core) and builds the level
  // graph, so tables and models are always of the same import. `source` is
  // used only during the call. Errors are the store's (IOError, Corruption).
  [[nodiscard]] static Result<std::unique_ptr<ServedCorpus>> Load(
      const Store& source, const ServedCorpusOptions& options = {});
  // The same; the store is closed once read.
  [[nodiscard]] static Result<std::unique_ptr<ServedCorpus>> Load(
      std::unique_ptr<Store> store, const ServedCorpusOptions& options = {});

  // The in-memory copy of the import read (a memory store): answers exactly as
  // the store it was read from did at that moment, except that its guide
  // records carry no source bytes (each model's file holds them: models()).
  const Store& store() const { return *store_; }
  // The source store's backend and schema version, and this import's counts
  // and date: what /api/health reports.
  const StoreStats& stats() const { return stats_; }
  // The source store's import generation (Store::ImportGeneration) this corpus
  // was read at.
  int64_t generation() const { return generation_; }
  const ServedCorpusOptions& options() const { return options_; }
  // True when options.today was given to Load (`levers serve --today`), false
  // when it is the date the corpus was loaded on.
  const LevelGraph& levels() const { return levels_; }
  // Every guide that gave a model, for offers (FindGuide).
  const std::vector<const Guide*>& guides() const { return guide_ptrs_; }
  // The re-read guide with this id (its model, file and check findings), or null.
  const CheckedGuide* FindGuide(std::string_view id) const;
  // The id of the guide read from `path` (a model's path, as in guide JSON and
  // level sources), or empty when no guide was.
  std::string IdOfPath(std::string_view path) const;

  // Every re-read guide, in the order of ids() (sorted), and for the guide at
  // index i how many of its findings the read made: its check findings follow
  // them. levers serve builds the web pages from these rather than reading
  // every guide a second time.
  const std::vector<CheckedGuide>& models() const { return models_; }
  const std::vector<std::string>& ids() const { return ids_; }
  size_t read_finding_count(size_t i) const { return read_findings_[i]; }

  // The stored JSON of one guide, the copy's own (shared, never changed, so a
  // request neither copies nor caches it). NotFound when no guide has this id.
  [[nodiscard]] Result<std::shared_ptr<const std::string>> GuideJson(std::string_view id) const;

 private:
  ServedCorpus() = default;

  std::unique_ptr<Store> store_;
  StoreStats stats_;
  int64_t generation_ = 0;
  ServedCorpusOptions options_;
  std::vector<CheckedGuide> models_;   // sorted by id
  std::vector<std::string> ids_;       // ids_[i] is models_[i]'s id
  std::vector<size_t> by_path_;        // indexes of models_, sorted by their path
  std::vector<size_t> read_findings_;  // findings of models_[i] made by the read
  std::vector<const Guide*> guide_ptrs_;
  LevelGraph levels_;
};

// Whether the server still follows its store: what /api/health reports
// besides the corpus served (docs/http-api.md, "A new import").
struct StoreHealth {
  // False while the last check for a new import (or the load it started)
  // failed, or found a store the server cannot load from (its file gone, a
  // newer schema): the server then goes on serving an import that may be old.
  bool ok = true;
  // When the server last reached the store and served its import (the last
  // check that succeeded, or the load at start); none when not known.
  std::optional<std::chrono::system_clock::time_point> checked_at;
  // Why the last attempt failed, while !ok (the message it logged; a
  // PostgreSQL URL's password is never in it).
  std::string error;
};

struct ApiOptions {
  size_t max_offers = 20;  // offers in one compare, and competing offers in one counter
  int max_json_depth = 64;
  // Asked by each /api/health request; unset (an ApiHandler used alone): ok,
  // no time. SiteReloader sets it for the sites it builds. Must be
  // thread-safe and must not block.
  std::function<StoreHealth()> store_health;
  // Where a failure of levers' own while answering is logged, with the error
  // id its 500 answer gives (LogInternalError); the web app's pages of a
  // ServedSite log there too. Unset: standard error (SiteReloader sets it to
  // ReloadOptions::log when unset).
  ServerLog log;
};

class ApiHandler {
 public:
  explicit ApiHandler(std::shared_ptr<const ServedCorpus> corpus, ApiOptions options = {});

  // Answers GET and HEAD requests outside /api/ (the web app's pages). Until
  // one is set they get 404 JSON. Call before serving.
  void SetFallback(RequestHandler fallback) { fallback_ = std::move(fallback); }

  // Answers one request. Never throws: an exception inside, or a store error
  // no route can name, becomes a 500 `internal` answer that says only an error
  // id, its text logged under that id (ApiOptions::log). HEAD is answered as
  // GET (the listener drops the body).
  HttpResponse Handle(const HttpRequest& request) const;

  // The OpenAPI 3 document served at /api/openapi.json (docs/openapi.json).
  static std::string_view OpenApiDocument();

 private:
  HttpResponse Route(const HttpRequest& request) const;

  std::shared_ptr<const ServedCorpus> corpus_;
  ApiOptions options_;
  RequestHandler fallback_;
};

// One generation of `levers serve`: a corpus, the API over it and the web
// app's pages built from its models (each guide shared, not read again).
class ServedSite {
 public:
  static std::shared_ptr<const ServedSite> Build(std::shared_ptr<const ServedCorpus> corpus,
                                                 const ApiOptions& api_options = {});

  // Paths the web app answers (web::IsPagePath) go to its pages, the rest to
  // the API. Never throws.
  HttpResponse Handle(const HttpRequest& request) const;

  const ServedCorpus& corpus() const { return *corpus_; }
  const std::shared_ptr<const ServedCorpus>& shared_corpus() const { return corpus_; }
  // The web app's pages (they share the corpus's models and level graph).
  const web::WebApp& pages() const { return pages_; }

 private:
  ServedSite(std::shared_ptr<const ServedCorpus> corpus, const ApiOptions& api_options,
             web::WebApp pages);

  std::shared_ptr<const ServedCorpus> corpus_;
  ApiHandler api_;
  web::WebApp pages_;
};

struct ReloadOptions {
  // How often the background thread asks the store for its last import;
  // zero: never (the corpus read at start is served until the process ends).
  std::chrono::milliseconds interval{5000};
  ApiOptions api;
  // Where a failed check or load is reported, one line per failed attempt,
  // and, unless api.log is set, each site's failures while answering;
  // unset: standard error.
  std::function<void(const std::string&)> log;
  // Today's date for a corpus served without a fixed date; unset: TodayUtc.
  // (A seam, so that tests can turn the day.)
  std::function<Date()> today;
};

// Serves the newest import without a restart. It holds the current ServedSite;
// CheckNow asks the store (one small read, Store::LastImport) whether it holds
// another import than the one served (a later one, or that of a store dropped
// and created again), and when it does it loads the new corpus and site and
// swaps them in at once; a store at a schema version newer than this levers
// knows is not read (logged once). A request takes Current() once and is answered
// wholly from it, so requests already running finish on the old generation
// and later ones see the new one. A failed check or load leaves the current
// site serving and is logged. A store kept in a file (sqlite:) that another
// file replaces at its path is opened again and that file's first import is
// loaded; while nothing is at the path the current site goes on serving (and
// that is logged once). Without a fixed date (ServedCorpusOptions::today), a
// check on a new day (UTC) loads the served import again, so that overdue
// reviews are judged as of that day.
//
// Thread-safety: Current, CheckNow, Start and Stop may be called from any
// thread; checks run one at a time.
class SiteReloader {
 public:
  // Loads the first generation from `store` (its errors when that fails). The
  // reloader shares the store; nothing runs in the background until Start.
  [[nodiscard]] static Result<std::unique_ptr<SiteReloader>> Open(
      std::shared_ptr<const Store> store, const ServedCorpusOptions& corpus_options = {},
      ReloadOptions options = {});
  ~SiteReloader();  // Stop()
  SiteReloader(const SiteReloader&) = delete;
  SiteReloader& operator=(const SiteReloader&) = delete;

  // The site requests are answered from now. Never null.
  std::shared_ptr<const ServedSite> Current() const {
    std::lock_guard lock(current_mu_);
    return current_;
  }

  // Checks now: true when a new import was loaded and swapped in, false when
  // the store is at the served generation. An error (the store's, or a load's)
  // when the check or the load failed; the current site goes on serving and
  // the error has been logged.
  [[nodiscard]] Result<bool> CheckNow();

  // Starts the thread that calls CheckNow every options.interval, off the
  // server's event loops (nothing when the interval is zero); after a failed
  // check or load it waits twice as long each time, up to five minutes, until
  // one succeeds. Idempotent; after Stop it does nothing.
  void Start();
  // Stops that thread and waits for it (a load under way finishes first).
  // Idempotent.
  void Stop();
  // Stops that thread, waiting at most `bound` for a check under way to end
  // (a store call can block for as long as the network to the store stalls).
  // True when the thread has ended. False when it is still in that check: it
  // is left running, and the caller ends the process rather than destroy the
  // reloader (~SiteReloader, like Stop, would wait for it).
  [[nodiscard]] bool StopWithin(std::chrono::milliseconds bound);

  // Whether the last check reached the store (what /api/health reports;
  // ApiOptions::store_health of every site built here). Never blocks on a
  // check under way.
  StoreHealth Health() const;

  // Generations replaced but still held by a request; freed by a later check.
  // For tests.
  size_t RetiredForTest() const {
    std::lock_guard lock(check_mu_);
    return retired_.size();
  }

 private:
  SiteReloader(std::shared_ptr<const Store> store, const ServedCorpusOptions& corpus_options,
               ReloadOptions options);
  Result<std::shared_ptr<const ServedSite>> LoadSite() const;
  // Today's date for a corpus without a fixed one (options_.today or TodayUtc).
  Date Today() const;
  // Frees the retired sites no request holds any more. check_mu_ held.
  void ReleaseRetired();
  // CheckNow's work, check_mu_ held. `trouble`: why the store cannot be
  // followed when that is no error of the check (its file gone, a newer
  // schema), else left empty.
  Result<bool> CheckLocked(std::string& trouble);
  // Follows a store file replaced at its path (Store::FileState): reopens
  // it, or logs once that it is missing. False while it is missing (and
  // `trouble` says so); an error when the new file cannot be opened (logged).
  // check_mu_ held.
  Result<bool> FollowStoreFile(const std::string& serving, std::string& trouble);
  // Stop and StopWithin: no bound waits until the thread ends.
  bool StopAndJoin(std::optional<std::chrono::milliseconds> bound);

  // Health(): shared with the sites' ApiOptions::store_health, which may
  // outlive this reloader.
  struct HealthState {
    mutable std::mutex mu;
    StoreHealth health;
  };
  std::shared_ptr<HealthState> health_ = std::make_shared<HealthState>();
  std::shared_ptr<const Store> store_;  // replaced only under check_mu_
  bool store_reopened_ = false;         // store_ is a new file not loaded yet
  bool file_missing_logged_ = false;
  int newer_schema_logged_ = 0;  // the newer schema version last logged; 0: none
  ServedCorpusOptions corpus_options_;
  ReloadOptions options_;
  // A mutex, not std::atomic<std::shared_ptr>: GCC 12's releases its internal
  // lock with relaxed order after a load, which ThreadSanitizer reports as a
  // race with the next swap (and the memory model does not order them). One
  // uncontended lock per request costs nothing measurable.
  mutable std::mutex current_mu_;
  std::shared_ptr<const ServedSite> current_;
  mutable std::mutex check_mu_;  // one CheckNow at a time; guards retired_
  std::vector<std::shared_ptr<const ServedSite>> retired_;
  std::mutex thread_mu_;
  std::condition_variable wake_;
  std::condition_variable thread_done_;  // thread_running_ became false
  bool stopping_ = false;
  bool thread_running_ = false;  // thread_ is in its loop (guarded by thread_mu_)
  std::thread thread_;
};

}  // namespace levers

#endif  // LEVERS_SERVER_H_
