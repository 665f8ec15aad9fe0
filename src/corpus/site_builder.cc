#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "corpus/site_pages.h"
#include "levers/corpus.h"
#include "levers/pages.h"
#include "levers/render.h"
#include "levers/source.h"
#include "levers/utf8.h"

namespace levers {

namespace fs = std::filesystem;

namespace {

// Writes a whole file. An existing file is unlinked first (`replace`): a fresh
// inode is cheaper than truncating, which makes ext4 flush the old blocks on close.
// A symbolic link at `path` is never followed: with `replace` it is replaced.
Status WriteFile(const std::string& path, std::string_view data, bool replace = true) {
  if (replace) ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return Status::IOError(path + ": cannot open for writing: " + std::strerror(errno));
  if (!WriteAll(fd, data)) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Status::IOError(path + ": write failed: " + why);
  }
  if (::close(fd) != 0) return Status::IOError(path + ": write failed: " + std::strerror(errno));
  return Status::Ok();
}

// A JSON array written element by element. Elements are kept as they are and
// written about 1 MiB at a time with writev, the separators between them, so
// a guide's JSON (7.5 KB on average, 75 MB for 10,000 guides) is not copied
// into a buffer on its way to the file.
class JsonArrayFile {
 public:
  ~JsonArrayFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Open(const fs::path& path) {
    path_ = path;
    ::unlink(path.c_str());
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0)
      return Status::IOError(path.string() + ": cannot open for writing: " + std::strerror(errno));
    return Status::Ok();
  }
  Status Append(std::string&& element) {
    pending_bytes_ += element.size();
    pending_.push_back(std::move(element));
    return pending_bytes_ >= (1u << 20) || pending_.size() >= kMaxPending ? Flush() : Status::Ok();
  }
  Status Close() {
    LEVERS_RETURN_IF_ERROR(Flush(/*closing=*/true));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
      return Status::IOError(path_.string() + ": write failed: " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  // Two iovecs per element (separator, element) stay under IOV_MAX (1024).
  static constexpr size_t kMaxPending = 500;

  // Writes the pending elements, each after its separator ("[\n" before the
  // first, ",\n" between), and, when closing, the end of the array: the file
  // is "[\n]\n" for no elements, "[\nA,\nB\n]\n" for two.
  Status Flush(bool closing = false) {
    std::vector<iovec> iov;
    iov.reserve(2 * pending_.size() + 2);
    auto add = [&](std::string_view text) {
      if (!text.empty()) iov.push_back({const_cast<char*>(text.data()), text.size()});
    };
    if (!started_) add("[\n");
    for (size_t i = 0; i < pending_.size(); ++i) {
      if (written_ + i > 0) add(",\n");
      add(pending_[i]);
    }
    const size_t total = written_ + pending_.size();
    if (closing) add(total > 0 ? "\n]\n" : "]\n");
    size_t k = 0;
    while (k < iov.size()) {
      const int count = static_cast<int>(std::min<size_t>(iov.size() - k, 1024));
      const ssize_t n = ::writev(fd_, iov.data() + k, count);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        return Status::IOError(path_.string() + ": write failed: " + std::strerror(errno));
      // Skip what was written; the next call starts inside a partly written iovec.
      size_t done = static_cast<size_t>(n);
      while (k < iov.size() && done >= iov[k].iov_len) done -= iov[k++].iov_len;
      if (done > 0) {
        iov[k].iov_base = static_cast<char*>(iov[k].iov_base) + done;
        iov[k].iov_len -= done;
      }
    }
    started_ = true;
    written_ = total;
    pending_.clear();
    pending_bytes_ = 0;
    return Status::Ok();
  }

  fs::path path_;
  int fd_ = -1;
  std::vector<std::string> pending_;  // appended, not yet written
  size_t pending_bytes_ = 0;
  size_t written_ = 0;    // elements written
  bool started_ = false;  // "[\n" written
};

// What the index page and the corpus rules need of each guide, kept after its
// model is dropped so memory stays flat across a large corpus.
struct PageSummary {
  bool built = false;
  std::string page;  // relative URL of the guide page
  std::string company, role;
  GuideRow row;                       // the guide on the home and health pages
  std::string json;                   // the guide's object in guides.json
  std::string findings;               // formatted for people
  std::vector<HealthFinding> health;  // the same, for the health page
  LineColumn company_at;              // for a duplicate-guide finding
  // Text that is not UTF-8 goes to the corpus pages: the guide's (a
  // utf8-invalid finding) or, for a file that is not a guide, its path.
  bool invalid_utf8 = false;
};

// "../" once per folder between `page` and the site's top folder.
std::string RootOf(std::string_view page) {
  std::string root;
  for (char c : page)
    if (c == '/') root += "../";
  return root;
}

// The files an earlier build wrote into `out_dir`, from its manifest; empty
// when there is none. A line that is not a plain relative path under out_dir
// (absolute, with a "." or ".." segment, a control byte) is refused: removing
// it could touch a file levers did not write.
Result<std::vector<std::string>> ReadManifest(const std::string& out_dir) {
  const std::string path = (fs::path(out_dir) / kSiteManifest).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::vector<std::string>{};
    return Status::IOError(path + ": cannot read the site manifest: " + std::strerror(errno));
  }
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::IOError(path + ": cannot read the site manifest: " + why);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  std::vector<std::string> out;
  size_t line_no = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + at, end - at);
    at = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    bool ok = line.front() != '/';
    size_t seg = 0;
    while (ok && seg <= line.size()) {
      size_t slash = line.find('/', seg);
      if (slash == std::string_view::npos) slash = line.size();
      const std::string_view part = line.substr(seg, slash - seg);
      ok = !part.empty() && part != "." && part != "..";
      seg = slash + 1;
    }
    for (char ch : line) ok = ok && static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
    if (!ok) {
      return Status::InvalidArgument(path + ":" + std::to_string(line_no) +
                                     ": not a file of the site: " + std::string(line) +
                                     "; nothing was built (remove the line or the folder)");
    }
    out.emplace_back(line);
  }
  // A manifest with no file (only comments) still marks the folder as a build's.
  if (out.empty()) out.emplace_back(kSiteManifest);
  return out;
}

// OK when the file at `path` gives a guide, findings or not; else
// InvalidArgument naming the file and why it gives none (its first error).
Status CheckGivesGuide(const std::string& path, const ReadLimits& limits) {
  Result<SourceFile> f = LoadSourceFile(path, limits);
  if (!f.ok()) return Status::InvalidArgument(f.status().message() + "; nothing was built");
  DiagnosticSink sink;
  if (ReadGuide(*f, sink, limits)) return Status::Ok();
  std::string why = path + ": not a guide";
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity != Severity::kError) continue;
    const LineColumn lc = f->Locate(d.range.begin);
    why += " (" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": error[" + d.code +
           "]: " + d.message + ")";
    break;
  }
  return Status::InvalidArgument(why + "; nothing was built");
}

// Whether the output folder `out_dir` is new or empty, so that every file the
// build writes is new. InvalidArgument, naming it, when it cannot be one: a
// file, a device, a link to nothing, an empty name. A link to a folder is
// that folder: the user named it.
Result<bool> OutFolderIsNew(const std::string& out_dir) {
  if (out_dir.empty()) {
    return Status::InvalidArgument(
        "the output folder's name is empty; give the folder to build the site into; nothing "
        "was built");
  }
  struct stat st;
  if (::stat(out_dir.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOTDIR) {
      return Status::InvalidArgument(out_dir +
                                     ": not a folder: a folder on its way is a file; nothing "
                                     "was built");
    }
    if (err != ENOENT) {
      return Status::IOError(out_dir + ": cannot open the output folder: " + std::strerror(err));
    }
    if (::lstat(out_dir.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
      char target[4096];
      const ssize_t n = ::readlink(out_dir.c_str(), target, sizeof target);
      return Status::InvalidArgument(
          out_dir + ": a symbolic link to " + (n > 0 ? std::string(target, n) : "?") +
          ", which does not exist; nothing was built (make that folder, or give another)");
    }
    return true;
  }
  if (!S_ISDIR(st.st_mode)) {
    const char* what = S_ISREG(st.st_mode)                          ? "a file"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISFIFO(st.st_mode)                       ? "a pipe"
                                                                    : "a socket";
    return Status::InvalidArgument(out_dir + ": " + what +
                                   ", not a folder; give the folder to build the site into (a "
                                   "new one, or one levers build wrote); nothing was built");
  }
  std::error_code ec;
  const bool empty = fs::is_empty(out_dir, ec);
  if (ec) return Status::IOError(out_dir + ": cannot list the output folder: " + ec.message());
  return empty;
}

// The entries under `out_dir` that the manifest `listed` does not name, by
// path, sorted: every file, folder and symbolic link, links not followed.
// Folders are never listed (the manifest holds files), so all are here. One
// pass over the folder before any page is named: the names of the user's
// files are taken, and nothing of theirs is overwritten.
Result<std::vector<internal::ExistingEntry>> ListUnlisted(const std::string& out_dir,
                                                          const std::vector<std::string>& listed) {
  using Kind = internal::ExistingEntry::Kind;
  const std::unordered_set<std::string_view> ours(listed.begin(), listed.end());
  std::vector<internal::ExistingEntry> out;
  std::vector<std::string> folders = {""};
  while (!folders.empty()) {
    const std::string rel = std::move(folders.back());
    folders.pop_back();
    const std::string dir = rel.empty() ? out_dir : out_dir + "/" + rel;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return Status::IOError(dir + ": cannot list folder: " + std::strerror(errno));
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string path = rel.empty() ? std::string(name) : rel + "/" + std::string(name);
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {  // some file systems leave it to lstat
        struct stat st;
        if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
        }
      }
      if (type == DT_DIR) {
        folders.push_back(path);
        out.push_back({std::move(path), Kind::kFolder});
      } else if (!ours.contains(path)) {
        out.push_back({std::move(path), type == DT_LNK ? Kind::kLink : Kind::kFile});
      }
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end(),
            [](const internal::ExistingEntry& a, const internal::ExistingEntry& b) {
              return a.path < b.path;
            });
  return out;
}

// The folders of the site's pages, each made once and each a real folder: a
// page is never written through a symbolic link in the output folder, which
// may lead out of it. Safe from any thread.
class SiteFolders {
 public:
  explicit SiteFolders(std::string top) : top_(std::move(top)) {
    if (!top_.ends_with('/')) top_ += '/';
  }

  // Makes the folder `rel` ("team/sre", relative to the top folder) and each
  // on its way; IOError naming the first that is a link or a file.
  Status Make(std::string_view rel) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t end = rel.find('/');; end = rel.find('/', end + 1)) {
      std::string dir(rel.substr(0, end));
      if (!made_.contains(dir)) {
        const std::string path = top_ + dir;
        if (::mkdir(path.c_str(), 0755) != 0) {
          const int err = errno;
          struct stat st;
          if (err != EEXIST || ::lstat(path.c_str(), &st) != 0)
            return Status::IOError(path + ": cannot create folder: " + std::strerror(err));
          if (S_ISLNK(st.st_mode)) {
            return Status::IOError(path +
                                   ": a symbolic link, not a folder; levers build writes "
                                   "nothing through a link in the output folder (make it a "
                                   "folder, or remove it)");
          }
          if (!S_ISDIR(st.st_mode)) return Status::IOError(path + ": not a folder");
        }
        made_.insert(std::move(dir));
      }
      if (end == std::string_view::npos) return Status::Ok();
    }
  }

 private:
  std::string top_;  // ends with '/'
  std::mutex mu_;
  std::unordered_set<std::string> made_;  // checked or made, relative to top_
};

// Replaces the manifest with `text` at once (a temporary file renamed over
// it): a build stopped at any point leaves the old list or the new, whole.
Status WriteManifest(const fs::path& out_root, const std::string& text) {
  const std::string path = (out_root / kSiteManifest).string();
  const std::string temp = path + ".new";
  LEVERS_RETURN_IF_ERROR(WriteFile(temp, text));
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return Status::IOError(path + ": cannot write the site manifest: " + why);
  }
  return Status::Ok();
}

// The manifest's first line and the files every build writes, in its order.
constexpr std::string_view kManifestHead =
    "# written by levers build; files here are removed by the next build "
    "into this folder when it does not write them again\n";
constexpr std::string_view kSiteOwnFiles[] = {"guides.json", "index.html", "health.html",
                                              "assets/app.css", "assets/app.js"};

}  // namespace

std::vector<HealthFinding> RefusedFileFindings(const GuideList& list) {
  std::vector<HealthFinding> out;
  out.reserve(list.refused_on_site.size());
  for (const SiteRefusal& r : list.refused_on_site)
    out.push_back({"", r.path, "error", "refused-file", 0, 0, r.why});
  // In the order of the paths shown, whatever the source's spelling.
  std::sort(out.begin(), out.end(), [](const HealthFinding& a, const HealthFinding& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
  return out;
}

Result<SiteReport> BuildSite(const std::string& src_dir, const std::string& out_dir,
                             const CorpusOptions& o, bool force) {
  // Every page converts into one currency: one that cannot be is said once,
  // before anything is written, not on every page.
  LEVERS_RETURN_IF_ERROR(CheckCommonCurrency(o.page_currency));
  LEVERS_ASSIGN_OR_RETURN(GuideList list, CollectGuides({src_dir}));
  const std::vector<std::string>& paths = list.paths;
  // What the site calls each guide file: its path under src_dir, however
  // src_dir was spelled (docs/web.md, "Paths on the site"). The terminal
  // (findings_text) keeps the paths as given.
  std::vector<std::string> site_paths;
  site_paths.reserve(paths.size());
  for (const std::string& p : paths) site_paths.push_back(internal::SitePath(src_dir, p));
  // Most likely the wrong folder: say so rather than publish an empty site.
  if (paths.empty()) {
    return Status::InvalidArgument(
        src_dir +
        (list.refused.empty() ? ": no guides (*.md) found" : ": every guide was refused") +
        "; nothing was built");
  }
  // So is a file given as the source that gives no guide: the site would hold none.
  if (paths.size() == 1 && paths[0] == src_dir)
    LEVERS_RETURN_IF_ERROR(CheckGivesGuide(src_dir, o.limits));
  // Into an empty folder every file is new, and the unlink before each write can go.
  LEVERS_ASSIGN_OR_RETURN(const bool fresh, OutFolderIsNew(out_dir));
  // A folder already holding files is built into only when an earlier build
  // wrote it (its manifest says which files are ours) or when told to.
  std::vector<std::string> previous;
  std::vector<internal::ExistingEntry> existing;
  if (!fresh) {
    Result<std::vector<std::string>> m = ReadManifest(out_dir);
    if (!m.ok()) return m.status();
    previous = std::move(m).value();
    if (previous.empty() && !force) {
      return Status::InvalidArgument(
          out_dir + ": the folder is not empty and holds no " + std::string(kSiteManifest) +
          " (it was not written by levers build); nothing was built. Give an empty or new "
          "folder, or --force to build into it (files levers did not write are left alone)");
    }
    LEVERS_ASSIGN_OR_RETURN(existing, ListUnlisted(out_dir, previous));
  }
  // Each guide's page, named before any is written: none may land on another,
  // on the site's own files or on a file levers did not write.
  std::vector<std::string> moved, unnamed;
  std::vector<SiteRefusal> unnamed_on_site;
  std::vector<std::string> page_names =
      internal::AssignSitePages(paths, site_paths, existing, moved, unnamed, unnamed_on_site);
  if (!unnamed.empty()) {
    // A guide with no page is refused like an entry of the scan: never read.
    size_t kept = 0;
    for (size_t i = 0; i < page_names.size(); ++i) {
      if (page_names[i].empty()) continue;
      if (kept != i) {
        list.paths[kept] = std::move(list.paths[i]);
        site_paths[kept] = std::move(site_paths[i]);
        page_names[kept] = std::move(page_names[i]);
      }
      ++kept;
    }
    list.paths.resize(kept);
    site_paths.resize(kept);
    page_names.resize(kept);
    // None left: an empty site would be published over nothing.
    if (list.paths.empty()) {
      return Status::InvalidArgument(src_dir + ": no guide can be given a page (" + unnamed[0] +
                                     "); nothing was built");
    }
    list.refused.insert(list.refused.end(), unnamed.begin(), unnamed.end());
    list.refused_on_site.insert(list.refused_on_site.end(), unnamed_on_site.begin(),
                                unnamed_on_site.end());
    SortRefused(list);
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::IOError(out_dir + ": cannot create folder: " + ec.message());
  const fs::path out_root(out_dir);
  // Before any page is written, the manifest lists every file this build is
  // about to write as well as those the last build listed: a build stopped
  // part-way (a write error, a kill) leaves no page that the next build does
  // not know to remove.
  {
    std::string listing(kManifestHead);
    std::unordered_set<std::string_view> listed = {kSiteManifest};
    listed.reserve(page_names.size() + previous.size() + std::size(kSiteOwnFiles) + 1);
    auto add = [&](std::string_view rel) {
      if (!listed.insert(rel).second) return;
      listing += rel;
      listing += '\n';
    };
    for (std::string_view own : kSiteOwnFiles) add(own);
    for (const std::string& page : page_names) add(page);
    for (const std::string& rel : previous) add(rel);
    LEVERS_RETURN_IF_ERROR(WriteManifest(out_root, listing));
  }
  SiteFolders folders(out_dir);

  std::vector<PageSummary> pages(paths.size());
  std::vector<Status> write_errors(paths.size());

  auto BuildPage = [&](size_t i) {
    CheckedGuide c;
    c.path = paths[i];
    const std::string& site_path = site_paths[i];
    PageSummary& s = pages[i];
    Result<SourceFile> f = LoadSourceFile(c.path, o.limits);
    if (!f.ok()) {
      const std::string& why = f.status().message();
      s.invalid_utf8 = !IsValidUtf8(site_path);
      s.findings = "levers: " + why + "\n";
      s.row.errors = 1;
      // The message starts with the path as given ("PATH: cannot open ...").
      s.health.push_back({"", site_path, "error", "unreadable", 0, 0,
                          why.starts_with(c.path) ? site_path + why.substr(c.path.size()) : why});
      return;
    }
    c.file.emplace(std::move(f).value());
    c.guide = ReadGuide(*c.file, c.findings, o.limits);
    // The guide's bands, resolved once for the checker, guides.json and the page.
    std::vector<ResolvedBand> bands;
    if (c.guide) {
      bands = ResolveCompensation(*c.guide);
      CheckGuide(*c.guide, bands, o.check, c.findings);
    }
    s.findings = FormatFindingsText(c);
    GuideRow& row = s.row;
    for (const Diagnostic& d : c.findings.diagnostics()) {
      if (d.severity == Severity::kError)
        ++row.errors;
      else if (d.severity == Severity::kWarning)
        ++row.warnings;
      else
        ++row.notes;
      const LineColumn lc = c.file->Locate(d.range.begin);
      s.health.push_back({"", site_path, std::string(SeverityName(d.severity)), d.code, lc.line,
                          lc.column, d.message});
    }
    if (!c.guide) {
      s.invalid_utf8 = !IsValidUtf8(site_path);
      return;
    }
    // guides.json gives the file as the site calls it.
    c.guide->path = site_path;
    const Guide& g = *c.guide;
    s.invalid_utf8 = g.invalid_utf8;
    s.built = true;
    s.page = std::move(page_names[i]);
    row.id = s.page.substr(0, s.page.size() - 5);  // without ".html"
    for (HealthFinding& h : s.health) h.guide_id = row.id;
    s.company = g.company.has() ? *g.company : "";
    s.role = g.role.has() ? *g.role : "";
    row.company = g.company_display.has() ? *g.company_display : s.company;
    row.role = g.role_display.has() ? *g.role_display : s.role;
    row.role_type = g.role_type.has() ? *g.role_type : "";
    row.company_slug = s.company;
    row.role_slug = s.role;
    s.company_at = c.file->Locate(g.company.range.begin);
    for (const ResolvedBand& r : bands) {
      if (r.band.region.has()) row.regions.push_back(*r.band.region);
    }
    row.data_quality = g.data_quality.has() ? *g.data_quality : "";
    row.last_updated = g.last_updated.has() ? g.last_updated->ToString() : "";
    row.next_review_due = g.next_review_due.has() ? g.next_review_due->ToString() : "";
    row.overdue = o.check.today && g.next_review_due.has() && *g.next_review_due < *o.check.today;
    JsonOptions jo;
    jo.pretty = false;
    jo.page = s.page;
    s.json = RenderGuideJson(g, bands, jo);
    HtmlOptions ho;
    ho.today = o.check.today;
    ho.findings = &c.findings.diagnostics();
    ho.file = &*c.file;
    ho.links = SiteLinks::Static(RootOf(s.page));
    ho.common = o.page_currency;
    std::string page_path = out_dir;
    if (!page_path.ends_with('/')) page_path += '/';
    page_path += s.page;
    if (const size_t slash = s.page.rfind('/'); slash != std::string::npos) {
      write_errors[i] = folders.Make(std::string_view(s.page).substr(0, slash));
      if (!write_errors[i].ok()) return;
    }
    write_errors[i] = WriteFile(page_path, RenderGuideHtml(g, bands, ho), !fresh);
  };

  // guides.json is written in path order while pages are still being built:
  // whichever worker finds the next fragments ready writes them, so the write
  // overlaps the parallel phase instead of following it.
  JsonArrayFile json;
  LEVERS_RETURN_IF_ERROR(json.Open(out_root / "guides.json"));
  std::mutex json_mu;
  Status json_status;
  size_t json_next = 0;
  std::unique_ptr<std::atomic<bool>[]> json_ready(new std::atomic<bool>[paths.size()]);
  for (size_t i = 0; i < paths.size(); ++i) json_ready[i].store(false, std::memory_order_relaxed);
  auto drain_json = [&](bool wait) {
    std::unique_lock<std::mutex> lock(json_mu, std::defer_lock);
    if (wait)
      lock.lock();
    else if (!lock.try_lock())
      return;  // another worker is writing; it or the final drain takes ours
    while (json_next < pages.size() && json_ready[json_next].load(std::memory_order_acquire)) {
      PageSummary& s = pages[json_next++];
      if (!s.built || !json_status.ok()) continue;
      json_status = json.Append(std::move(s.json));
      std::string().swap(s.json);
    }
  };

  ParallelFor(paths.size(), o.jobs, [&](size_t i) {
    BuildPage(i);
    json_ready[i].store(true, std::memory_order_release);
    drain_json(false);
  });
  drain_json(true);
  LEVERS_RETURN_IF_ERROR(json_status);
  LEVERS_RETURN_IF_ERROR(json.Close());
  for (const Status& s : write_errors) LEVERS_RETURN_IF_ERROR(s);

  SiteReport report;
  report.guides = paths.size();
  // Corpus rule: two guides for the same company and role, as `levers check`
  // finds them. The message names the first guide: by its path as given on
  // the terminal, by its site path on the health page.
  CorpusChecker rules, site_rules;
  for (size_t i = 0; i < pages.size(); ++i) {
    PageSummary& s = pages[i];
    if (!s.built || s.company.empty() || s.role.empty()) continue;
    const std::string message = rules.Add(paths[i], s.company, s.role);
    std::string on_site = site_rules.Add(site_paths[i], s.company, s.role);
    if (!message.empty()) {
      ++s.row.errors;
      // The first guide's path (and names, already checked) is in the message.
      s.invalid_utf8 = s.invalid_utf8 || !IsValidUtf8(on_site);
      s.findings += paths[i] + ":" + std::to_string(s.company_at.line) + ":" +
                    std::to_string(s.company_at.column) + ": error[duplicate-guide]: " + message +
                    "\n";
      s.health.push_back({s.row.id, site_paths[i], "error", "duplicate-guide", s.company_at.line,
                          s.company_at.column, std::move(on_site)});
    }
  }

  // Entries the scan refused (a link out of the folder, a control byte in a
  // name) are errors of the corpus, on the health page too.
  const std::vector<HealthFinding> refused = RefusedFileFindings(list);
  for (const std::string& r : list.refused) report.findings_text += "levers: error: " + r + "\n";
  for (const std::string& m : moved) report.findings_text += "levers: note: " + m + "\n";
  report.errors += refused.size();
  report.refused = refused.size();
  size_t findings_size = report.findings_text.size();
  for (const PageSummary& s : pages) findings_size += s.findings.size();
  report.findings_text.reserve(findings_size);
  std::vector<size_t> order;
  order.reserve(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    const PageSummary& s = pages[i];
    report.findings_text += s.findings;
    report.errors += s.row.errors;
    report.warnings += s.row.warnings;
    report.notes += s.row.notes;
    if (!s.built) {
      ++report.unreadable;
      continue;
    }
    ++report.pages;
    order.push_back(i);
  }
  LEVERS_RETURN_IF_ERROR(folders.Make("assets"));
  LEVERS_RETURN_IF_ERROR(WriteFile((out_root / "assets" / "app.css").string(), AppStylesheet()));
  LEVERS_RETURN_IF_ERROR(WriteFile((out_root / "assets" / "app.js").string(), AppScript()));

  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(pages[a].row.company, pages[a].row.role) <
           std::tie(pages[b].row.company, pages[b].row.role);
  });
  const SiteLinks top = SiteLinks::Static("");
  HomePage home;
  home.rows.reserve(order.size());
  for (size_t i : order) home.rows.push_back(&pages[i].row);
  HealthPage health;
  health.guides = home.rows;
  if (o.check.today) health.today = o.check.today->ToString();
  for (const HealthFinding& f : refused) health.findings.push_back(&f);
  for (const PageSummary& s : pages) {
    for (const HealthFinding& f : s.health) health.findings.push_back(&f);
  }
  // The two corpus pages are independent: each is rendered and written on its
  // own worker, so neither waits for the other.
  // Guide text and paths go into them as read: a page is made UTF-8 again when
  // a guide or a file name was not.
  const bool invalid_utf8 =
      std::any_of(pages.begin(), pages.end(),
                  [](const PageSummary& s) { return s.invalid_utf8; }) ||
      std::any_of(list.refused_on_site.begin(), list.refused_on_site.end(),
                  [](const SiteRefusal& r) { return !IsValidUtf8(r.path) || !IsValidUtf8(r.why); });
  Status corpus_pages[2];
  ParallelFor(2, o.jobs, [&](size_t k) {
    std::string page = k == 0 ? RenderHealthPage(health, top) : RenderHomePage(home, top);
    if (invalid_utf8) page = ReplaceInvalidUtf8(page);
    corpus_pages[k] =
        WriteFile((out_root / (k == 0 ? "health.html" : "index.html")).string(), page);
  });
  for (const Status& s : corpus_pages) LEVERS_RETURN_IF_ERROR(s);

  // The manifest: what this build wrote. Files the previous build wrote and
  // this one did not (the pages of guides since removed) go, so deploying the
  // folder publishes no deleted guide; files levers never wrote stay.
  std::string manifest(kManifestHead);
  for (std::string_view own : kSiteOwnFiles) {
    manifest += own;
    manifest += '\n';
  }
  // The files written, by FoldedName. A stale name that differs from one only
  // in letter case is that same file on a case-insensitive file system, where
  // removing "A.html" of the last build would remove the "a.html" just written.
  std::unordered_map<std::string, std::string_view> written;
  if (!previous.empty()) {
    written.reserve(pages.size() + 5);
    for (std::string_view own : kSiteOwnFiles) written.emplace(own, own);
    for (const PageSummary& s : pages)
      if (s.built) written.emplace(internal::FoldedName(s.page), s.page);
  }
  for (const PageSummary& s : pages) {
    if (!s.built) continue;
    manifest += s.page;
    manifest += '\n';
  }
  // What each folder on a stale file's way is, by lstat, once: a symbolic
  // link in the output folder may lead out of it, to files levers did not
  // write, and nothing is removed through one. Under a file there is nothing.
  enum class Way { kFolder, kLink, kFile };
  std::unordered_map<std::string, Way> ways;
  auto blocked_at = [&](const std::string& rel) -> std::pair<std::string_view, Way> {
    for (size_t slash = rel.find('/'); slash != std::string::npos;
         slash = rel.find('/', slash + 1)) {
      auto [it, added] = ways.try_emplace(rel.substr(0, slash), Way::kFolder);
      struct stat st;
      if (added && ::lstat((out_root / it->first).c_str(), &st) == 0)
        it->second = S_ISLNK(st.st_mode)   ? Way::kLink
                     : S_ISDIR(st.st_mode) ? Way::kFolder
                                           : Way::kFile;
      if (it->second != Way::kFolder) return {it->first, it->second};
    }
    return {{}, Way::kFolder};
  };
  for (const std::string& rel : previous) {
    if (rel == kSiteManifest) continue;
    if (auto it = written.find(internal::FoldedName(rel)); it != written.end()) {
      std::error_code same_ec;
      if (it->second == rel || fs::equivalent(out_root / rel, out_root / it->second, same_ec))
        continue;
    }
    fs::path stale = out_root / rel;
    if (const auto [at, way] = blocked_at(rel); way != Way::kFolder) {
      if (way == Way::kLink) {
        report.findings_text += "levers: warning: " + stale.string() +
                                ": not removed: " + std::string(at) +
                                " is a symbolic link; levers removes nothing through a link in "
                                "the output folder\n";
      }
      continue;
    }
    if (::unlink(stale.c_str()) != 0 && errno != ENOENT) {
      // A folder made where the page was is not the page; it stays.
      if (errno == EISDIR) {
        report.findings_text +=
            "levers: warning: " + stale.string() + ": not removed: a folder, not a page\n";
        continue;
      }
      return Status::IOError(stale.string() +
                             ": cannot remove the stale page: " + std::strerror(errno));
    }
    // Its folders too, while they are empty (rmdir fails on one that is not).
    for (fs::path dir = stale.parent_path(); dir != out_root && dir.has_relative_path();
         dir = dir.parent_path()) {
      if (::rmdir(dir.c_str()) != 0) break;
    }
  }
  LEVERS_RETURN_IF_ERROR(WriteManifest(out_root, manifest));
  return report;
}

}  // namespace levers
