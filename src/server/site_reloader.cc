// SiteReloader: notices a new import and swaps in a site built from it.
#include <algorithm>
#include <chrono>
#include <exception>
#include <iostream>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/server.h"

#if __has_include(<gperftools/malloc_extension_c.h>)
#include <gperftools/malloc_extension_c.h>
// Weak: non-null only when tcmalloc is linked into the process (the levers
// binary with LEVERS_TCMALLOC), never a link error without it.
#pragma weak MallocExtension_ReleaseFreeMemory
#define LEVERS_CAN_RELEASE_TCMALLOC 1
#endif

namespace levers {
namespace {

// Gives the memory the allocator holds free back to the system. tcmalloc
// keeps what a retired generation freed (about as much as a generation takes)
// for later allocations; a server that has just swapped in a smaller corpus,
// or that will hold two generations again only at the next import, need not
// keep it resident meanwhile.
void ReleaseFreeMemoryToSystem() {
#ifdef LEVERS_CAN_RELEASE_TCMALLOC
  if (&MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();
#endif
}

// What an exception turned into an error starts with.
constexpr std::string_view kUnexpected = "unexpected error";

// f(), with an exception turned into an error: a store or a load that throws
// (std::bad_alloc while two generations are in memory, say) is a failed
// attempt like any other, so the server goes on serving and nothing escapes
// the reloader's thread.
template <typename F>
auto Caught(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Status::IOError(std::string(kUnexpected) + ": " + e.what());
  } catch (...) {
    return Status::IOError(std::string(kUnexpected));
  }
}

// A store's error as /api/health shows it to anyone who asks: what went wrong,
// without where the store lives nor what an exception said. The server's log
// keeps the whole message.
// An SQLite store's messages start "sqlite:PATH: " and may name PATH again (as
// may a file system error, or name a file beside it: PATH-wal); `path` is the
// store's own (Store::FilePath), so every copy of it is removed as it is,
// whatever it holds (": ", quotes, spaces), never found by parsing the
// message. libpq's messages name the server's host, address or socket. A
// regular expression is enough here: this runs once per failed check, never
// per request.
std::string PublicStoreError(std::string message, std::string_view path) {
  constexpr std::string_view kSqlite = "sqlite:", kItsPath = "its path";
  // An exception's text (a library's wording, a file it names) is the log's
  // alone.
  if (const size_t at = message.find(kUnexpected); at != std::string::npos) {
    message.replace(at, std::string::npos,
                    std::string(kUnexpected) + "; the server's log has the whole message");
  }
  if (!path.empty()) {
    if (message.starts_with(kSqlite) && message.compare(kSqlite.size(), path.size(), path) == 0 &&
        message.compare(kSqlite.size() + path.size(), 2, ": ") == 0) {
      message.replace(0, kSqlite.size() + path.size(), "sqlite store");
    }
    // Past each replacement: "its path" may hold the path ("a", "its").
    for (size_t at = message.find(path); at != std::string::npos;
         at = message.find(path, at + kItsPath.size())) {
      message.replace(at, path.size(), kItsPath);
    }
  }
  // An SQLite message naming a file the store does not call its own (never
  // expected): where that is cannot be told from the message, so none of it
  // is shown.
  if (message.starts_with(kSqlite)) {
    return "sqlite store: an error that names a file; the server's log has the whole message";
  }
  static const std::regex kServerAt(
      R"(connection to server (at "[^"]*"( \([^)]*\))?, port [0-9]+|on socket "[^"]*") failed)");
  static const std::regex kHostName(R"(host name "[^"]*")");
  message = std::regex_replace(message, kServerAt, "connection to the server failed");
  message = std::regex_replace(message, kHostName, "the host name");
  // What else libpq quotes is a host, an address or a socket too (older
  // libpq's "Is the server running on host \"db\" (10.0.0.5)", a
  // certificate's host name), as are the addresses it puts in brackets.
  if (message.starts_with("postgresql")) {
    static const std::regex kQuoted(R"("[^"]*")");
    static const std::regex kAddress(
        R"( \((([0-9]{1,3}\.){3}[0-9]{1,3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)\))");
    message = std::regex_replace(message, kQuoted, "(hidden)");
    message = std::regex_replace(message, kAddress, "");
  }
  return message;
}

}  // namespace

SiteReloader::SiteReloader(std::shared_ptr<const Store> store,
                           const ServedCorpusOptions& corpus_options, ReloadOptions options)
    : store_(std::move(store)), corpus_options_(corpus_options), options_(std::move(options)) {
  if (!options_.log) {
    options_.log = [](const std::string& line) { std::cerr << line << std::endl; };
  }
  // The sites' failures go to the same log as the reloader's.
  if (!options_.api.log) options_.api.log = options_.log;
  if (!options_.api.store_health) {
    options_.api.store_health = [health = health_] {
      std::lock_guard lock(health->mu);
      return health->health;
    };
  }
}

StoreHealth SiteReloader::Health() const {
  std::lock_guard lock(health_->mu);
  return health_->health;
}

Result<std::unique_ptr<SiteReloader>> SiteReloader::Open(std::shared_ptr<const Store> store,
                                                         const ServedCorpusOptions& corpus_options,
                                                         ReloadOptions options) {
  std::unique_ptr<SiteReloader> r(
      new SiteReloader(std::move(store), corpus_options, std::move(options)));
  LEVERS_ASSIGN_OR_RETURN(std::shared_ptr<const ServedSite> site, r->LoadSite());
  r->current_ = std::move(site);  // no thread runs yet
  r->health_->health.checked_at = std::chrono::system_clock::now();
  return r;
}

SiteReloader::~SiteReloader() { Stop(); }

Date SiteReloader::Today() const { return options_.today ? options_.today() : TodayUtc(); }

Result<std::shared_ptr<const ServedSite>> SiteReloader::LoadSite() const {
  ServedCorpusOptions o = corpus_options_;
  if (!o.today) o.today = Today();
  LEVERS_ASSIGN_OR_RETURN(std::unique_ptr<ServedCorpus> corpus, ServedCorpus::Load(*store_, o));
  return ServedSite::Build(std::shared_ptr<const ServedCorpus>(std::move(corpus)), options_.api);
}

Result<bool> SiteReloader::CheckNow() {
  std::lock_guard lock(check_mu_);
  std::string trouble;
  Result<bool> r = CheckLocked(trouble);
  std::lock_guard health_lock(health_->mu);
  StoreHealth& h = health_->health;
  h.ok = r.ok() && trouble.empty();
  h.error = PublicStoreError(r.ok() ? trouble : r.status().message(), store_->FilePath());
  if (h.ok) h.checked_at = std::chrono::system_clock::now();
  return r;
}

Result<bool> SiteReloader::CheckLocked(std::string& trouble) {
  ReleaseRetired();
  const ServedCorpus& corpus = Current()->corpus();
  ImportIdentity served;
  served.generation = corpus.generation();
  served.imported_at = corpus.stats().last_import;
  served.source_dir = corpus.stats().last_import_dir;
  const std::string serving = " (still serving import " + std::to_string(served.generation) + ")";
  LEVERS_ASSIGN_OR_RETURN(const bool file_present, FollowStoreFile(serving, trouble));
  if (!file_present) return false;
  Result<ImportIdentity> now = Caught([&] { return store_->LastImport(); });
  if (!now.ok()) {
    options_.log("levers: checking the store for a new import failed" + serving + ": " +
                 now.status().message());
    return now.status();
  }
  // A newer levers migrated the store: its tables may mean something this
  // one does not know, so nothing more is read from it (logged once per
  // version) until it is back at a version this levers knows.
  if (now->schema_version > kStoreSchemaVersion) {
    const std::string newer = "the store is now at schema version " +
                              std::to_string(now->schema_version) + "; this levers knows up to " +
                              std::to_string(kStoreSchemaVersion) +
                              ", so it loads no import from it";
    const std::string upgrade = ": upgrade levers and restart levers serve";
    if (newer_schema_logged_ != now->schema_version) {
      options_.log("levers: " + newer + serving + upgrade);
      newer_schema_logged_ = now->schema_version;
    }
    trouble = newer + upgrade;
    return false;
  }
  newer_schema_logged_ = 0;
  // A store with no import (created again, not imported into yet) is not
  // served in place of one that has. Otherwise any other import is loaded:
  // a later one, or the first of a store dropped and created again (or of a
  // file put in place of the served one), whose generation may equal the
  // served one's: generations of two stores do not compare.
  // Without --today the corpus was checked as of the day it was loaded: when
  // the day turns, the same import is loaded again, so that the API and the
  // pages judge overdue reviews as of the new day, both alike.
  const bool day_turned = !corpus_options_.today && corpus.options().today != Today();
  if (now->generation == 0 || (!store_reopened_ && !day_turned && now->SameImport(served)))
    return false;
  Result<std::shared_ptr<const ServedSite>> site = Caught([&] { return LoadSite(); });
  if (!site.ok()) {
    options_.log("levers: loading import " + std::to_string(now->generation) + " failed" + serving +
                 ": " + site.status().message());
    return site.status();
  }
  store_reopened_ = false;
  // Requests that already hold the old site finish on it. It is kept here
  // until they have, and freed by a later check on this thread, not by the
  // last request on an event loop (freeing a whole corpus takes a while).
  {
    std::lock_guard swap(current_mu_);
    std::swap(current_, *site);
  }
  retired_.push_back(std::move(*site));  // now the old site
  ReleaseRetired();
  return true;
}

Result<bool> SiteReloader::FollowStoreFile(const std::string& serving, std::string& trouble) {
  const StoreFileState state = store_->FileState();
  if (state == StoreFileState::kMissing) {
    trouble = "the store file is gone; an import at its place is served once it commits";
    if (!file_missing_logged_) {
      options_.log("levers: the store file is gone" + serving +
                   "; an import at its place is served once it commits");
      file_missing_logged_ = true;
    }
    return false;
  }
  file_missing_logged_ = false;
  if (state == StoreFileState::kSame) return true;
  Result<std::unique_ptr<Store>> reopened = Caught([&] { return store_->Reopen(); });
  if (!reopened.ok()) {
    options_.log("levers: the store file was replaced; opening the new one failed" + serving +
                 ": " + reopened.status().message());
    return reopened.status();
  }
  options_.log("levers: the store file was replaced; reading the new one from now on" + serving +
               " until it has an import");
  store_ = std::shared_ptr<const Store>(std::move(*reopened));
  store_reopened_ = true;
  return true;
}

void SiteReloader::ReleaseRetired() {
  // use_count() == 1: only this list holds it, and no request can take it
  // again (Current() no longer returns it).
  const size_t freed = std::erase_if(
      retired_, [](const std::shared_ptr<const ServedSite>& s) { return s.use_count() == 1; });
  if (freed > 0) ReleaseFreeMemoryToSystem();
}

void SiteReloader::Start() {
  std::lock_guard lock(thread_mu_);
  if (thread_.joinable() || stopping_ || options_.interval.count() <= 0) return;
  thread_running_ = true;
  thread_ = std::thread([this] {
    // After a failed attempt the wait doubles, up to kMaxBackoff, so a store
    // that stays down (or an import that cannot be loaded) is not read in
    // full and logged every interval; a success goes back to the interval.
    constexpr std::chrono::milliseconds kMaxBackoff = std::chrono::minutes(5);
    std::chrono::milliseconds wait = options_.interval;
    std::unique_lock wait_lock(thread_mu_);
    while (!stopping_) {
      if (wake_.wait_for(wait_lock, wait, [this] { return stopping_; })) break;
      wait_lock.unlock();
      const bool ok = CheckNow().ok();  // a failure has been logged
      wait_lock.lock();
      wait = ok ? options_.interval
                : std::min(std::max(wait * 2, options_.interval),
                           std::max(kMaxBackoff, options_.interval));
    }
    thread_running_ = false;
    thread_done_.notify_all();
  });
}

void SiteReloader::Stop() { (void)StopAndJoin(std::nullopt); }

bool SiteReloader::StopWithin(std::chrono::milliseconds bound) { return StopAndJoin(bound); }

bool SiteReloader::StopAndJoin(std::optional<std::chrono::milliseconds> bound) {
  std::unique_lock lock(thread_mu_);
  stopping_ = true;
  wake_.notify_all();
  if (bound && !thread_done_.wait_for(lock, *bound, [this] { return !thread_running_; }))
    return false;  // still in a check; thread_ stays for a later Stop()
  std::thread thread = std::move(thread_);
  lock.unlock();
  if (thread.joinable()) thread.join();
  return true;
}

}  // namespace levers
