// The levers HTTP API as a pure request handler: ApiHandler::Handle turns an
// HttpRequest into an HttpResponse over a ServedCorpus, with no socket in
// sight (the network layer is HttpListener, server_listener.h). The routes,
// parameters and error codes are specified in docs/http-api.md and, for
// programs, in the OpenAPI document served at /api/openapi.json.
//
// ServedCorpus is what the API answers from: the Store (lists, filters, bands,
// findings, the stored guide JSON) and the stored guides re-read into models
// (offers are valued against them, level queries walk their mappings, and the
// Markdown and HTML renderings are written from them). It is read-only: the API
// has no route that writes.
//
// Thread-safety: a ServedCorpus and an ApiHandler are immutable once built
// (the guide-JSON cache inside is synchronised), so Handle may be called from
// any number of threads at once. SetFallback must be called before serving.
#ifndef LEVERS_SERVER_H_
#define LEVERS_SERVER_H_

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "levers/corpus.h"
#include "levers/date.h"
#include "levers/levels.h"
#include "levers/server_http.h"
#include "levers/status.h"
#include "levers/store.h"

namespace levers {

struct ServedCorpusOptions {
  // "Today" for the review-overdue mark on HTML pages; none: no mark.
  std::optional<Date> today;
  // Keep each guide's JSON answer in memory after its first request.
  bool cache_guide_json = true;
  size_t max_cached_guides = 10'000;
};

class ServedCorpus {
 public:
  // Reads every stored guide's source back into a model (on every core) and
  // builds the level graph. The store must outlive nothing: it is owned.
  // Errors are the store's (IOError, Corruption).
  [[nodiscard]] static Result<std::unique_ptr<ServedCorpus>> Load(
      std::unique_ptr<Store> store, const ServedCorpusOptions& options = {});

  const Store& store() const { return *store_; }
  const ServedCorpusOptions& options() const { return options_; }
  const LevelGraph& levels() const { return levels_; }
  // Every guide that gave a model, for offers (FindGuide).
  const std::vector<const Guide*>& guides() const { return guide_ptrs_; }
  // The re-read guide with this id (its model, file and check findings), or null.
  const CheckedGuide* FindGuide(std::string_view id) const;

  // Every re-read guide, in the order of ids() (sorted), and for the guide at
  // index i how many of its findings the read made: its check findings follow
  // them. levers serve builds the web pages from these rather than reading
  // every guide a second time.
  const std::vector<CheckedGuide>& models() const { return models_; }
  const std::vector<std::string>& ids() const { return ids_; }
  size_t read_finding_count(size_t i) const { return read_findings_[i]; }

  // The stored JSON of one guide, from the cache when it holds it. NotFound
  // when no guide has this id; other errors are the store's.
  [[nodiscard]] Result<std::shared_ptr<const std::string>> GuideJson(std::string_view id) const;

 private:
  ServedCorpus() = default;

  std::unique_ptr<Store> store_;
  ServedCorpusOptions options_;
  std::vector<CheckedGuide> models_;   // sorted by id
  std::vector<std::string> ids_;       // ids_[i] is models_[i]'s id
  std::vector<size_t> read_findings_;  // findings of models_[i] made by the read
  std::vector<const Guide*> guide_ptrs_;
  LevelGraph levels_;
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> json_cache_;
};

struct ApiOptions {
  size_t max_offers = 20;  // offers in one compare, and competing offers in one counter
  int max_json_depth = 64;
};

class ApiHandler {
 public:
  explicit ApiHandler(std::shared_ptr<const ServedCorpus> corpus, ApiOptions options = {});

  // Answers GET and HEAD requests outside /api/ (the web app's pages). Until
  // one is set they get 404 JSON. Call before serving.
  void SetFallback(RequestHandler fallback) { fallback_ = std::move(fallback); }

  // Answers one request. Never throws: an exception inside becomes a 500
  // `internal` answer. HEAD is answered as GET (the listener drops the body).
  HttpResponse Handle(const HttpRequest& request) const;

  // The OpenAPI 3 document served at /api/openapi.json (docs/openapi.json).
  static std::string_view OpenApiDocument();

 private:
  HttpResponse Route(const HttpRequest& request) const;

  std::shared_ptr<const ServedCorpus> corpus_;
  ApiOptions options_;
  RequestHandler fallback_;
};

}  // namespace levers

#endif  // LEVERS_SERVER_H_
