#include "levers/corpus.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

namespace levers {

namespace fs = std::filesystem;

namespace {

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

// Adds the guide files under folder `root` to `out`. Written over
// opendir/readdir rather than std::filesystem::recursive_directory_iterator:
// readdir gives each name with its type, so only symbolic links (and entries of
// file systems that report no type) need a stat, and no std::filesystem::path
// is built per entry; the iterator spent some 3,700 instructions an entry,
// 37 M for a 10,000-guide corpus, before any guide could be read. It walks the
// tree the same way: hidden folders are skipped, symbolic links to folders are
// not followed (links to files are), and a folder that may not be read
// (EACCES) is skipped.
Status AddGuidesUnder(const std::string& root, std::vector<std::string>& out) {
  std::vector<std::string> pending{root};
  std::string path;
  while (!pending.empty()) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      if (errno == EACCES) continue;
      return Status::IOError(root + ": cannot list folder: " + std::strerror(errno));
    }
    path = dir;
    if (path.empty() || path.back() != '/') path += '/';
    const size_t base = path.size();
    for (;;) {
      errno = 0;
      const dirent* e = ::readdir(d);
      if (e == nullptr) break;
      const std::string_view name = e->d_name;
      if (name.empty() || name[0] == '.') continue;  // hidden, and "." and ".."
      path.resize(base);
      path += name;
      unsigned char type = e->d_type;
      struct stat st;
      if (type == DT_UNKNOWN && ::lstat(path.c_str(), &st) == 0) {
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
      }
      if (type == DT_DIR) {
        pending.push_back(path);
      } else if (IsGuideFile(name) &&
                 (type == DT_REG ||
                  (type == DT_LNK && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)))) {
        out.push_back(path);
      }
    }
    const int read_error = errno;
    ::closedir(d);
    if (read_error != 0)
      return Status::IOError(root + ": cannot list folder: " + std::strerror(read_error));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> CollectGuidePaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    struct stat st;
    if (p.empty() || ::stat(p.c_str(), &st) != 0)
      return Status::NotFound(p + ": no such file or folder");
    if (S_ISDIR(st.st_mode)) {
      LEVERS_RETURN_IF_ERROR(AddGuidesUnder(p, out));
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
