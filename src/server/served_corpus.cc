#include <algorithm>

#include "levers/check.h"
#include "levers/date.h"
#include "levers/reader.h"
#include "levers/server.h"

namespace levers {

Result<std::unique_ptr<ServedCorpus>> ServedCorpus::Load(std::unique_ptr<Store> store,
                                                         const ServedCorpusOptions& options) {
  return Load(*store, options);
}

Result<std::unique_ptr<ServedCorpus>> ServedCorpus::Load(const Store& source,
                                                         const ServedCorpusOptions& options) {
  // One transaction: the tables and the sources the models are read from are
  // of the same import.
  LEVERS_ASSIGN_OR_RETURN(StoredCorpus whole, source.ReadCorpus());
  std::unique_ptr<ServedCorpus> c(new ServedCorpus());
  c->options_ = options;
  // Without a date given, today's (UTC) is taken once, here: the API's checks
  // and renderings and the web app's pages of this generation all use it, so
  // the pages reuse these findings and never disagree on review-overdue.
  if (!c->options_.today) c->options_.today = TodayUtc();
  c->generation_ = whole.generation;
  // The in-memory copy every store-backed route answers from. An empty store
  // (no import yet) stays empty rather than recording an import.
  LEVERS_ASSIGN_OR_RETURN(c->store_, OpenStore("memory:"));
  // The models take the snapshot's sources before the copy is made: each
  // source is held once, by its model (models()[i].file), and the copy's guide
  // records carry none.
  std::vector<GuideSource> sources;
  sources.reserve(whole.snapshot.guides.size());
  for (GuideRecord& g : whole.snapshot.guides) {
    sources.push_back({g.summary.id, g.summary.path, std::move(g.source)});
    g.source = std::string();
  }
  const bool imported = whole.generation > 0;
  if (imported) LEVERS_RETURN_IF_ERROR(c->store_->ReplaceCorpus(whole.snapshot));
  c->stats_.backend = std::string(source.Backend());
  c->stats_.schema_version = source.SchemaVersion();
  c->stats_.guides = static_cast<int64_t>(whole.snapshot.guides.size());
  c->stats_.bands = static_cast<int64_t>(whole.snapshot.bands.size());
  c->stats_.findings = static_cast<int64_t>(whole.snapshot.findings.size());
  c->stats_.last_import = whole.snapshot.imported_at;
  c->stats_.last_import_dir = whole.snapshot.source_dir;
  whole.snapshot = CorpusSnapshot();  // the copy holds it now
  std::sort(sources.begin(), sources.end(),
            [](const GuideSource& a, const GuideSource& b) { return a.id < b.id; });
  c->models_.resize(sources.size());
  c->read_findings_.resize(sources.size());
  c->ids_.reserve(sources.size());
  for (const GuideSource& s : sources) c->ids_.push_back(s.id);
  CheckOptions check;
  check.today = c->options_.today;
  ParallelFor(sources.size(), 0, [&](size_t i) {
    CheckedGuide& g = c->models_[i];
    g.path = sources[i].path;
    g.file.emplace(sources[i].path, std::move(sources[i].source));
    g.guide = ReadGuide(*g.file, g.findings);
    c->read_findings_[i] = g.findings.diagnostics().size();
    if (g.guide) CheckGuide(*g.guide, check, g.findings);
  });
  for (const CheckedGuide& g : c->models_) {
    if (g.guide) c->guide_ptrs_.push_back(&*g.guide);
  }
  c->by_path_.resize(c->models_.size());
  for (size_t i = 0; i < c->by_path_.size(); ++i) c->by_path_[i] = i;
  std::sort(c->by_path_.begin(), c->by_path_.end(),
            [&](size_t a, size_t b) { return c->models_[a].path < c->models_[b].path; });
  c->levels_ = LevelGraph::Build(c->guide_ptrs_);
  return c;
}

const CheckedGuide* ServedCorpus::FindGuide(std::string_view id) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return nullptr;
  return &models_[static_cast<size_t>(it - ids_.begin())];
}

std::string ServedCorpus::IdOfPath(std::string_view path) const {
  auto it = std::lower_bound(by_path_.begin(), by_path_.end(), path,
                             [&](size_t i, std::string_view p) { return models_[i].path < p; });
  if (it == by_path_.end() || models_[*it].path != path) return std::string();
  return ids_[*it];
}

Result<std::shared_ptr<const std::string>> ServedCorpus::GuideJson(std::string_view id) const {
  return store_->GetGuideJson(id);
}

}  // namespace levers
