#include "levers/corpus.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

namespace levers {

namespace fs = std::filesystem;

namespace {
// The file name of a path the directory iterator made (folder / name): the
// part after the last '/', as a view, without building a path per entry.
std::string_view NameOf(const fs::path& p) {
  std::string_view full = p.native();
  const size_t slash = full.rfind('/');
  return slash == std::string_view::npos ? full : full.substr(slash + 1);
}

// *.md, not hidden, not a README. (The name has an extension ".md" exactly when
// it ends with ".md" and does not start with a dot.)
bool IsGuideFile(std::string_view name) {
  if (name.empty() || name[0] == '.' || !name.ends_with(".md")) return false;
  constexpr std::string_view kReadme = "readme.md";
  if (name.size() != kReadme.size()) return true;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(name[i])) != kReadme[i]) return true;
  }
  return false;
}
}  // namespace

Result<std::vector<std::string>> CollectGuidePaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return Status::NotFound(p + ": no such file or folder");
    if (fs::is_directory(st)) {
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
          end;
      if (ec) return Status::IOError(p + ": cannot list folder: " + ec.message());
      for (; it != end; it.increment(ec)) {
        if (ec) return Status::IOError(p + ": cannot list folder: " + ec.message());
        const std::string_view name = NameOf(it->path());
        if (!name.empty() && name[0] == '.' && it->is_directory()) {
          it.disable_recursion_pending();
          continue;
        }
        if (IsGuideFile(name) && it->is_regular_file()) out.push_back(it->path().native());
      }
    } else {
      out.push_back(p);  // a file named explicitly is read whatever its name
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void ParallelFor(size_t n, unsigned jobs, const std::function<void(size_t)>& fn) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(n, 1)));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
}

namespace {
void ReadOne(CheckedGuide& c, const CorpusOptions& o) {
  Result<SourceFile> f = LoadSourceFile(c.path, o.limits);
  if (!f.ok()) {
    c.load_status = f.status();
    return;
  }
  c.file.emplace(std::move(f).value());
  c.guide = ReadGuide(*c.file, c.findings, o.limits);
  if (c.guide && o.run_checks) CheckGuide(*c.guide, o.check, c.findings);
}
}  // namespace

std::vector<CheckedGuide> ReadAndCheck(const std::vector<std::string>& paths,
                                       const CorpusOptions& o) {
  std::vector<CheckedGuide> out(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) out[i].path = paths[i];
  ParallelFor(out.size(), o.jobs, [&](size_t i) { ReadOne(out[i], o); });
  std::vector<const Guide*> guides;
  std::vector<DiagnosticSink*> sinks;
  for (CheckedGuide& c : out) {
    if (c.guide) {
      guides.push_back(&*c.guide);
      sinks.push_back(&c.findings);
    }
  }
  if (o.run_checks) CheckCorpus(guides, sinks);
  return out;
}

std::string FormatFindingsText(const CheckedGuide& g) {
  if (!g.load_status.ok()) return "levers: " + g.load_status.message() + "\n";
  std::string out;
  for (const Diagnostic& d : g.findings.diagnostics()) out += FormatDiagnosticText(*g.file, d);
  return out;
}

}  // namespace levers
