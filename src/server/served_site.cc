// ServedSite: one generation of `levers serve`, the API and the web app's
// pages over one ServedCorpus.
#include <utility>
#include <vector>

#include "levers/server.h"

namespace levers {

ServedSite::ServedSite(std::shared_ptr<const ServedCorpus> corpus, const ApiOptions& api_options,
                       web::WebApp pages)
    : corpus_(corpus), api_(std::move(corpus), api_options), pages_(std::move(pages)) {}

std::shared_ptr<const ServedSite> ServedSite::Build(std::shared_ptr<const ServedCorpus> corpus,
                                                    const ApiOptions& api_options) {
  // The pages are built from the guides the corpus read, each shared (the
  // aliasing shared_ptr keeps the whole corpus alive), not read again.
  std::vector<web::GuideAsRead> page_guides;
  page_guides.reserve(corpus->models().size());
  for (size_t i = 0; i < corpus->models().size(); ++i) {
    // ServedCorpus::Load checked each model with the corpus's "today".
    page_guides.push_back({corpus->ids()[i],
                           std::shared_ptr<const CheckedGuide>(corpus, &corpus->models()[i]),
                           corpus->read_finding_count(i), true, corpus->options().today});
  }
  // Files that gave no model (an empty or binary file) keep their findings
  // in the store under their id: the health page lists them by that id.
  std::vector<HealthFinding> unread;
  if (Result<std::vector<StoredFinding>> stored = corpus->store().ListFindings({}); stored.ok()) {
    for (StoredFinding& f : *stored) {
      if (corpus->FindGuide(f.guide_id)) continue;
      unread.push_back({"", std::move(f.guide_id), std::move(f.severity), std::move(f.code),
                        static_cast<size_t>(f.line), static_cast<size_t>(f.column),
                        std::move(f.message)});
    }
  }
  web::WebOptions wo;
  wo.today = corpus->options().today;
  wo.log = api_options.log;
  // The corpus built the level graph of these very models: the pages share it
  // rather than build it again.
  web::WebApp pages =
      web::WebApp::FromReadGuides(std::move(page_guides), wo, std::move(unread),
                                  std::shared_ptr<const LevelGraph>(corpus, &corpus->levels()));
  return std::shared_ptr<const ServedSite>(
      new ServedSite(std::move(corpus), api_options, std::move(pages)));
}

HttpResponse ServedSite::Handle(const HttpRequest& request) const {
  std::optional<RequestTarget> t = ParseRequestTarget(request.target);
  return t && web::IsPagePath(t->path) ? pages_.Serve(request) : api_.Handle(request);
}

}  // namespace levers
