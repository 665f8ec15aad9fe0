// SiteReloader: notices a new import and swaps in a site built from it.
#include <iostream>
#include <utility>

#include "levers/server.h"

namespace levers {

SiteReloader::SiteReloader(std::shared_ptr<const Store> store,
                           const ServedCorpusOptions& corpus_options, ReloadOptions options)
    : store_(std::move(store)), corpus_options_(corpus_options), options_(std::move(options)) {
  if (!options_.log) {
    options_.log = [](const std::string& line) { std::cerr << line << std::endl; };
  }
}

Result<std::unique_ptr<SiteReloader>> SiteReloader::Open(std::shared_ptr<const Store> store,
                                                         const ServedCorpusOptions& corpus_options,
                                                         ReloadOptions options) {
  std::unique_ptr<SiteReloader> r(
      new SiteReloader(std::move(store), corpus_options, std::move(options)));
  LEVERS_ASSIGN_OR_RETURN(std::shared_ptr<const ServedSite> site, r->LoadSite());
  r->current_.store(std::move(site));
  return r;
}

SiteReloader::~SiteReloader() { Stop(); }

Result<std::shared_ptr<const ServedSite>> SiteReloader::LoadSite() const {
  LEVERS_ASSIGN_OR_RETURN(std::unique_ptr<ServedCorpus> corpus,
                          ServedCorpus::Load(*store_, corpus_options_));
  return ServedSite::Build(std::shared_ptr<const ServedCorpus>(std::move(corpus)), options_.api);
}

Result<bool> SiteReloader::CheckNow() {
  std::lock_guard lock(check_mu_);
  const int64_t served = current_.load()->corpus().generation();
  Result<int64_t> now = store_->ImportGeneration();
  if (!now.ok()) {
    options_.log("levers: checking the store for a new import failed (still serving import " +
                 std::to_string(served) + "): " + now.status().message());
    return now.status();
  }
  if (*now == served) return false;
  Result<std::shared_ptr<const ServedSite>> site = LoadSite();
  if (!site.ok()) {
    options_.log("levers: loading import " + std::to_string(*now) +
                 " failed (still serving import " + std::to_string(served) +
                 "): " + site.status().message());
    return site.status();
  }
  // Requests that already hold the old site finish on it; it is freed with
  // the last of them.
  current_.store(std::move(*site));
  return true;
}

void SiteReloader::Start() {
  std::lock_guard lock(thread_mu_);
  if (thread_.joinable() || stopping_ || options_.interval.count() <= 0) return;
  thread_ = std::thread([this] {
    std::unique_lock wait_lock(thread_mu_);
    while (!stopping_) {
      if (wake_.wait_for(wait_lock, options_.interval, [this] { return stopping_; })) break;
      wait_lock.unlock();
      (void)CheckNow();  // a failure is logged; the next interval tries again
      wait_lock.lock();
    }
  });
}

void SiteReloader::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(thread_mu_);
    stopping_ = true;
    thread = std::move(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
}

}  // namespace levers
