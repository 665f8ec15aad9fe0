#include "levers/corpus.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <tuple>

#include "core/ascii.h"
#include "corpus/site_pages.h"
#include "levers/utf8.h"

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

// The first control byte (below 0x20, or 0x7f) in `name`, or -1. Guide ids are
// file paths, and the HTTP API refuses ids with control bytes: such a file
// could be imported but never served.
int ControlByteIn(std::string_view name) {
  const size_t at = internal::FindAsciiControl(name);
  return at == std::string_view::npos ? -1 : static_cast<unsigned char>(name[at]);
}

// Why an entry is refused for its name whatever it is, or empty: a name that
// is not UTF-8 can be neither a page's name on the site (guides.json and the
// pages' text are UTF-8) nor a guide id, and the HTTP API serves no id with a
// control character.
std::string NameRefusal(std::string_view name) {
  if (const size_t bad = FindInvalidUtf8(name); bad != std::string_view::npos) {
    return "the name is not valid UTF-8 (byte " + EscapeUnprintable(name.substr(bad, 1)) +
           "); a page or guide id cannot hold it, rename the file; not read";
  }
  const int byte = ControlByteIn(name);
  if (byte < 0) return {};
  char code[8];
  std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(byte));
  return std::string("the name holds a control character (U+") + code +
         "); a guide id cannot hold one, rename the file; not read";
}

// `path` made absolute and free of links, ".." and "."; empty when it cannot be
// resolved (a broken link, a loop of links).
std::string RealPath(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return {};
  std::string out(real);
  std::free(real);
  return out;
}

// "a FIFO", "a character device" ...: what a file of mode `mode` is, for a
// message refusing it as a guide.
const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "of an unknown kind";
}

// Why the guide file `name` (its last path part) with id `id_bytes` long is
// refused, or empty when its names fit. Its page (docs/web.md) is its name with
// .html for .md, which must fit a file name; its id must fit a store key.
std::string OverlongNameRefusal(std::string_view name, size_t id_bytes) {
  const size_t stem = name.rfind('.') == std::string_view::npos || name.rfind('.') == 0
                          ? name.size()
                          : name.rfind('.');
  if (const size_t page = stem + 5; page > kMaxFileNameBytes) {
    return "its page name would be " + std::to_string(page) +
           " bytes long (the name without its extension, and .html); a file name holds at "
           "most " +
           std::to_string(kMaxFileNameBytes) + ", rename the file; not read";
  }
  if (id_bytes > kMaxGuideIdBytes) {
    return "the guide id is " + std::to_string(id_bytes) +
           " bytes long; a guide id holds at most " + std::to_string(kMaxGuideIdBytes) +
           ", rename the file or move it up; not read";
  }
  return {};
}

// Refuses the entry at `path`, named `site_path` on a site (its path under the
// folder given, or its file name): `why` follows its path on the terminal, and
// `site_why` (`why` when empty) follows `site_path` on a site. A folder's
// message also goes to `folders`.
void Refuse(GuideList& list, const std::string& path, std::string_view site_path,
            const std::string& why, std::string site_why = {},
            std::vector<std::string>* folders = nullptr) {
  list.refused.push_back(EscapeUnprintable(path) + ": " + why);
  if (folders != nullptr) folders->push_back(list.refused.back());
  list.refused_on_site.push_back(
      {EscapeUnprintable(site_path), site_why.empty() ? why : std::move(site_why)});
}

// Adds the guide files under folder `root` to `out`. Written over
// opendir/readdir rather than std::filesystem::recursive_directory_iterator:
// readdir gives each name with its type, so only symbolic links (and entries of
// file systems that report no type) need a stat, and no std::filesystem::path
// is built per entry; the iterator spent some 3,700 instructions an entry,
// 37 M for a 10,000-guide corpus, before any guide could be read. It walks the
// tree the same way: hidden folders are skipped and symbolic links to folders
// are not followed (so a loop of links cannot make it walk forever). A symbolic
// link to a file is followed only when the file it resolves to lies inside
// `root`: the folder is what gets published, and a link out of it (to
// /etc/passwd, say) would publish whatever the process can read. Such links,
// links that cannot be resolved, *.md entries that are not regular files (a
// FIFO, a device), names with control bytes, names too long for a page or an
// id, and folders too deep for any id go to `refused` with the reason. A
// subfolder that cannot be listed goes to `refused` and to `unlisted`; `root`
// itself is an IOError. The folders refused are also added to `folders`.
// `inodes` gets each listed file's d_ino, and `linked` is set when a listed
// file is a symbolic link: what tells whether a file may be listed twice.
Status AddGuidesUnder(const std::string& root, GuideList& list, std::vector<std::string>& folders,
                      std::vector<ino_t>& inodes, bool& linked) {
  std::string real_root;  // resolved on the first link met: most folders hold none
  // Where a guide's id starts in its path: after root and its '/'.
  const size_t id_start = root.size() + (root.ends_with('/') ? 0 : 1);
  std::vector<std::string> pending{root};
  std::string path;
  while (!pending.empty()) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      const std::string why = std::strerror(errno);
      if (dir == root)
        return Status::IOError(EscapeUnprintable(dir) + ": cannot list folder: " + why);
      Refuse(list, dir, std::string_view(dir).substr(id_start),
             "cannot list folder: " + why + "; the guides in it were not read", {}, &folders);
      list.unlisted.push_back(dir);
      continue;
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
      if (type == DT_UNKNOWN && ::lstat(path.c_str(), &st) == 0) type = IFTODT(st.st_mode);
      const std::string_view site_path = std::string_view(path).substr(id_start);
      if (type == DT_DIR) {
        if (std::string why = NameRefusal(name); !why.empty()) {
          Refuse(list, path, site_path, why, {}, &folders);
          continue;
        }
        // Every guide under it would have an id longer than any store keeps.
        if (path.size() - id_start >= kMaxGuideIdBytes) {
          const std::string bytes =
              std::to_string(path.size() - id_start) + " bytes long; a guide id holds at most " +
              std::to_string(kMaxGuideIdBytes) + ", so the guides in it were not read";
          Refuse(list, path, site_path, "the folder's path under " + root + " is " + bytes,
                 "the folder's path is " + bytes, &folders);
          continue;
        }
        pending.push_back(path);
        continue;
      }
      if (!IsGuideFile(name)) continue;
      if (type == DT_LNK) {
        linked = true;
        if (::stat(path.c_str(), &st) != 0) {
          Refuse(list, path, site_path,
                 std::string("a symbolic link that cannot be resolved (") + std::strerror(errno) +
                     "); not read");
          continue;
        }
        if (S_ISDIR(st.st_mode)) continue;  // links to folders are not followed
        if (real_root.empty()) {
          real_root = RealPath(root);
          if (real_root.empty())
            return Status::IOError(root + ": cannot resolve folder: " + std::strerror(errno));
          if (real_root.back() != '/') real_root += '/';
        }
        const std::string target = RealPath(path);
        // A site names no path outside the folder: not where a link out of it leads.
        if (target.empty() || !target.starts_with(real_root)) {
          Refuse(list, path, site_path,
                 "a symbolic link to " +
                     (target.empty() ? std::string("a file that cannot be resolved")
                                     : EscapeUnprintable(target)) +
                     ", outside the folder " + root + "; not read",
                 "a symbolic link to a file outside the folder of guides; not read");
          continue;
        }
        if (!S_ISREG(st.st_mode)) {
          const std::string kind =
              std::string(", ") + FileKind(st.st_mode) + ", not a regular file; not read";
          Refuse(list, path, site_path, "a symbolic link to " + EscapeUnprintable(target) + kind,
                 "a symbolic link to " + EscapeUnprintable(target.substr(real_root.size())) + kind);
          continue;
        }
      } else if (type != DT_REG) {
        Refuse(list, path, site_path,
               std::string(FileKind(DTTOIF(type))) + ", not a regular file; not read");
        continue;
      }
      if (std::string why = NameRefusal(name); !why.empty()) {
        Refuse(list, path, site_path, why);
        continue;
      }
      if (std::string why = OverlongNameRefusal(name, path.size() - id_start - 3); !why.empty()) {
        Refuse(list, path, site_path, why);
        continue;
      }
      list.paths.push_back(path);
      inodes.push_back(e->d_ino);
    }
    const int read_error = errno;
    ::closedir(d);
    if (read_error != 0)
      return Status::IOError(EscapeUnprintable(dir) +
                             ": cannot list folder: " + std::strerror(read_error));
  }
  return Status::Ok();
}

// Keeps one path of sorted `paths` per file (st_dev and st_ino): of
// `g/a.md` and `./g/a.md`, of a folder and a file in it, of a hard link and
// its file, of a symbolic link and the file in the folder it leads to. The
// one kept is the first in sorted order that is not a symbolic link (the
// first, when all are). Each file is then read once. A path that cannot be
// stat'ed stays: reading it reports why.
void KeepOneSpellingPerFile(std::vector<std::string>& paths) {
  struct FileId {
    dev_t dev;
    ino_t ino;
    size_t index;
  };
  std::vector<FileId> ids;
  ids.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    struct stat st;
    if (paths[i] == kStandardInput) continue;  // not a file of the folder, even if "./-" is
    if (::stat(paths[i].c_str(), &st) == 0) ids.push_back({st.st_dev, st.st_ino, i});
  }
  std::sort(ids.begin(), ids.end(), [](const FileId& a, const FileId& b) {
    return std::tie(a.dev, a.ino, a.index) < std::tie(b.dev, b.ino, b.index);
  });
  std::vector<bool> drop(paths.size(), false);
  for (size_t k = 0; k < ids.size();) {
    size_t end = k + 1;
    while (end < ids.size() && ids[end].dev == ids[k].dev && ids[end].ino == ids[k].ino) ++end;
    if (end - k > 1) {  // rare: only then are the spellings told apart
      size_t keep = ids[k].index;
      for (size_t m = k; m < end; ++m) {
        struct stat st;
        if (::lstat(paths[ids[m].index].c_str(), &st) == 0 && !S_ISLNK(st.st_mode)) {
          keep = ids[m].index;
          break;
        }
      }
      for (size_t m = k; m < end; ++m) drop[ids[m].index] = ids[m].index != keep;
    }
    k = end;
  }
  size_t kept = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) paths[kept] = std::move(paths[i]);
    ++kept;
  }
  paths.resize(kept);
}

}  // namespace

void SortRefused(GuideList& list) {
  std::vector<size_t> order(list.refused.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return list.refused[a] < list.refused[b]; });
  std::vector<std::string> refused;
  std::vector<SiteRefusal> on_site;
  refused.reserve(order.size());
  on_site.reserve(order.size());
  for (size_t i : order) {
    if (!refused.empty() && refused.back() == list.refused[i]) continue;
    refused.push_back(std::move(list.refused[i]));
    on_site.push_back(std::move(list.refused_on_site[i]));
  }
  list.refused = std::move(refused);
  list.refused_on_site = std::move(on_site);
}

Result<GuideList> CollectGuides(const std::vector<std::string>& paths) {
  GuideList out;
  std::vector<std::string> folders;  // the entries of out.refused that name a folder
  std::vector<ino_t> inodes;         // d_ino of each file a folder scan listed
  bool linked = false;               // a listed file is a symbolic link
  bool standard_input = false;
  for (const std::string& p : paths) {
    // "-" is standard input, read as one guide: a file named "-" is "./-".
    if (p == kStandardInput) {
      if (standard_input) {
        return Status::InvalidArgument(
            "-: standard input is named twice; it can be read once (give one \"-\")");
      }
      standard_input = true;
      out.paths.push_back(p);
      continue;
    }
    struct stat st;
    if (p.empty() || (::stat(p.c_str(), &st) != 0 && errno == ENOENT))
      return Status::NotFound(p + ": no such file or folder");
    if (::stat(p.c_str(), &st) !=
        0)  // there, but not to be reached: a loop, a long name, no access
      return Status::IOError(EscapeUnprintable(p) + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) {
      LEVERS_RETURN_IF_ERROR(AddGuidesUnder(p, out, folders, inodes, linked));
      continue;
    }
    // A file named explicitly is read whatever its extension, if its name is
    // text and its page and id fit.
    const std::string_view name = std::string_view(p).substr(p.rfind('/') + 1);
    const size_t dot = name.rfind('.');
    const size_t id_bytes = dot == std::string_view::npos || dot == 0 ? name.size() : dot;
    if (std::string why = NameRefusal(name); !why.empty()) {
      Refuse(out, p, name, why);
      continue;
    }
    if (std::string why = OverlongNameRefusal(name, id_bytes); !why.empty()) {
      Refuse(out, p, name, why);
      continue;
    }
    out.paths.push_back(p);
  }
  std::sort(out.paths.begin(), out.paths.end());
  out.paths.erase(std::unique(out.paths.begin(), out.paths.end()), out.paths.end());
  // A file can be listed twice only under two paths given, through a
  // symbolic link, or as two hard links, whose directory entries share an
  // inode number. Only then is every path stat'ed: one folder of 10,000
  // guides would otherwise take 10,000 more system calls, on one thread.
  // d_ino only raises the question; the answer is the stat's device and inode.
  std::sort(inodes.begin(), inodes.end());
  if (paths.size() > 1 || linked ||
      std::adjacent_find(inodes.begin(), inodes.end()) != inodes.end()) {
    KeepOneSpellingPerFile(out.paths);
  }
  SortRefused(out);
  // A folder given twice (or under two paths given) is refused once.
  std::sort(folders.begin(), folders.end());
  out.refused_folders =
      static_cast<size_t>(std::unique(folders.begin(), folders.end()) - folders.begin());
  std::sort(out.unlisted.begin(), out.unlisted.end());
  return out;
}

Result<std::vector<std::string>> CollectGuidePaths(const std::vector<std::string>& paths) {
  LEVERS_ASSIGN_OR_RETURN(GuideList list, CollectGuides(paths));
  return std::move(list.paths);
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
  if (c.path == kStandardInput) c.path = c.file->path();  // "<stdin>", as in its messages
  c.guide = ReadGuide(*c.file, c.findings, o.limits);
  if (c.guide && !o.paths_under.empty()) c.guide->path = internal::SitePath(o.paths_under, c.path);
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

void ForEachChecked(const std::vector<std::string>& paths, const CorpusOptions& o,
                    const std::function<void(CheckedGuide&)>& consume) {
  const size_t n = paths.size();
  if (n == 0) return;
  unsigned jobs = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, n));
  // Guide i is read into ring[i % ring.size()]: a slot is free again once
  // the guide before it in the same slot has been consumed.
  std::vector<CheckedGuide> ring(std::min(n, size_t{kCheckedWindowPerThread} * jobs));
  std::vector<char> ready(ring.size(), 0);  // under mu
  std::mutex mu;
  std::condition_variable readable, room;
  size_t next = 0;      // the next guide to read, under mu
  size_t consumed = 0;  // guides handed to `consume` and dropped, under mu
  bool stop = false;    // under mu
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return stop || next >= n || next < consumed + ring.size(); });
        if (stop || next >= n) return;
        i = next++;
      }
      CheckedGuide& c = ring[i % ring.size()];
      c.path = paths[i];
      ReadOne(c, o);
      {
        std::lock_guard lock(mu);
        ready[i % ring.size()] = 1;
      }
      readable.notify_one();  // the calling thread is the only one waiting
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  // Stops and joins the readers however the loop below ends.
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mu;
    bool& stop;
    std::condition_variable& room;
    ~Joiner() {
      {
        std::lock_guard lock(mu);
        stop = true;
      }
      room.notify_all();
      for (std::thread& t : threads) t.join();
    }
  } joiner{threads, mu, stop, room};
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
  CorpusChecker rules;
  for (size_t i = 0; i < n; ++i) {
    const size_t slot = i % ring.size();
    {
      std::unique_lock lock(mu);
      readable.wait(lock, [&] { return ready[slot] != 0; });
    }
    CheckedGuide& c = ring[slot];
    if (o.run_checks && c.guide) rules.Add(*c.guide, c.findings);
    consume(c);
    c = CheckedGuide{};  // frees the file, the model and the findings
    {
      std::lock_guard lock(mu);
      ready[slot] = 0;
      ++consumed;
    }
    room.notify_all();
  }
}

std::string FormatFindingsText(const CheckedGuide& g) {
  if (!g.load_status.ok()) return "levers: " + g.load_status.message() + "\n";
  std::string out;
  for (const Diagnostic& d : g.findings.diagnostics()) out += FormatDiagnosticText(*g.file, d);
  return out;
}

}  // namespace levers
