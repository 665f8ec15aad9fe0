// Corpus: a folder of guides read, checked and published together.
//
// Reading and checking run on a pool of threads (one per core by default);
// results come back in the order of the sorted paths, so output is
// deterministic. A file that cannot be read is reported, never fatal to the run.
#ifndef LEVERS_CORPUS_H_
#define LEVERS_CORPUS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "levers/check.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"
#include "levers/pages.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

// The longest guide id (its path under the folder, without .md) a guide may
// have, in bytes: the stores index ids, and keep keys up to this length.
inline constexpr size_t kMaxGuideIdBytes = 1024;
// The longest file name, in bytes, a guide's page may have (NAME_MAX on
// Linux and most file systems).
inline constexpr size_t kMaxFileNameBytes = 255;

// An entry the folder scan refused, as a published site names it (levers
// build's health.html, docs/web.md "Paths on the site"): by its path under the
// folder given ("sub/x.md"; the file name for a file given itself), control
// bytes written \xHH, and a reason that names no path outside that folder.
struct SiteRefusal {
  std::string path;
  std::string why;
  friend bool operator==(const SiteRefusal&, const SiteRefusal&) = default;
};

// The guide files found under some paths, and the entries refused.
struct GuideList {
  std::vector<std::string> paths;  // sorted, unique
  // One message per refused entry, naming it and why ("g/x.md: a symbolic link
  // to /etc/passwd, outside the folder g; not read"): a symbolic link whose
  // target lies outside the folder searched or cannot be resolved, a *.md
  // entry that is not a regular file (a FIFO, a link to /dev/zero), a name
  // with a control byte, a name whose page or id would be too long
  // (kMaxFileNameBytes, kMaxGuideIdBytes), a folder too deep for any id, a
  // folder that cannot be listed.
  std::vector<std::string> refused;
  // refused[i] as a site publishes it, for each i.
  std::vector<SiteRefusal> refused_on_site;
  // How many of `refused` name a folder (one with a control byte, too deep for
  // an id, or that cannot be listed); the others name files.
  size_t refused_folders = 0;
  // The subfolders that could not be listed (also said in `refused`): the
  // guides in them are unknown, so the list is not the whole folder.
  std::vector<std::string> unlisted;
};

// Guide files under `paths`: files as given, folders searched recursively for
// *.md (README.md files and hidden entries are not guides; links to folders are
// not followed; links to files only when the file lies inside the folder).
// NotFound for a path that does not exist; IOError for a folder given that
// cannot be listed (a subfolder that cannot be is refused and unlisted).
Result<GuideList> CollectGuides(const std::vector<std::string>& paths);

// Sorts `list.refused` and drops repeated entries (a folder given twice is
// refused once), keeping `refused_on_site` in step.
void SortRefused(GuideList& list);

// CollectGuides without the refused entries (they are skipped, never read).
Result<std::vector<std::string>> CollectGuidePaths(const std::vector<std::string>& paths);

// Each refused entry of `list` as a published health page shows it
// (`refused_on_site`, sorted by its path): severity error, code refused-file,
// the entry's path under the folder given in `path`, no guide id and no line.
std::vector<HealthFinding> RefusedFileFindings(const GuideList& list);

// One guide after reading and checking.
struct CheckedGuide {
  std::string path;
  Status load_status;  // not OK when the file could not be read at all
  std::optional<SourceFile> file;
  std::optional<Guide> guide;  // absent when no model could be built
  DiagnosticSink findings;
};

struct CorpusOptions {
  CheckOptions check;
  ReadLimits limits;
  unsigned jobs = 0;       // 0: one per core
  bool run_checks = true;  // false: read only (levers parse)
  // When not empty, a folder the paths are under: each guide is named by its
  // path under it (Guide::path, and so the corpus rules' messages), as
  // levers import stores and serves them, never by a path of the editor's disk.
  std::string paths_under;
  // BuildSite: the currency every guide page can show all its bands in, and
  // the rates it converts with (HtmlOptions::common).
  CommonCurrency page_currency;
};

// Reads and checks every file, then runs the corpus rules (duplicates).
// Holds every guide at once; ForEachChecked does not.
std::vector<CheckedGuide> ReadAndCheck(const std::vector<std::string>& paths,
                                       const CorpusOptions& options);

// Reads and checks every file of `paths` on `options.jobs` threads (0: one
// per core) and hands each result to `consume` on the calling thread, in the
// order of `paths`, with the corpus rules applied (as ReadAndCheck gives them).
// A guide is dropped once `consume` returns, and the threads read at most
// kCheckedWindowPerThread guides per thread ahead of the one being consumed,
// so memory does not grow with the number of files: `levers check` and
// `levers parse` print as they go. `consume` may move from its argument.
// If `consume` throws, reading stops and the exception propagates.
void ForEachChecked(const std::vector<std::string>& paths, const CorpusOptions& options,
                    const std::function<void(CheckedGuide&)>& consume);
inline constexpr size_t kCheckedWindowPerThread = 16;

// Runs fn(i) for i in [0, n) on `jobs` threads (0: one per core).
void ParallelFor(size_t n, unsigned jobs, const std::function<void(size_t)>& fn);

// Text for people: every finding as "path:line:col: severity[code]: message" plus the source line.
std::string FormatFindingsText(const CheckedGuide& g);

// What `levers build` did.
struct SiteReport {
  size_t guides = 0;  // files considered
  size_t pages = 0;   // guide pages written
  size_t errors = 0, warnings = 0, notes = 0;
  size_t unreadable = 0;
  size_t refused = 0;         // entries the folder scan refused (GuideList::refused), errors too
  std::string findings_text;  // all findings, formatted for people
};

// The file in OUT_DIR that lists, one a line, the files `levers build` wrote.
inline constexpr char kSiteManifest[] = ".levers-site";

// Compiles SRC_DIR (a folder, or one guide file) into OUT_DIR: one HTML page
// per guide, index.html and guides.json. Each page is named after its guide's
// path unless that name, letter case aside, is the site's own or another
// guide's; it then gets "-2", "-3", ... (docs/web.md), said in findings_text.
// Findings are reported, never fatal. IOError if OUT_DIR cannot be written;
// InvalidArgument, with nothing written, when SRC_DIR holds no guide file or
// is a file that gives no guide, or when options.page_currency cannot be
// converted into (CheckCommonCurrency's message).
// OUT_DIR records what was written in kSiteManifest, listing each file before
// it is written; a later build into it removes the files of that list it does
// not write again (the pages of guides removed from SRC_DIR), never other
// files, and never through a symbolic link in OUT_DIR (a warning in
// findings_text). A page never takes the name of a file the manifest does not
// list: it moves to a free name. A page whose folder in OUT_DIR is a symbolic
// link is an IOError. A non-empty OUT_DIR without a manifest is refused
// (InvalidArgument, nothing written) unless `force`; so is an OUT_DIR that is
// not a folder (a file, a device, a link to nothing, an empty name).
Result<SiteReport> BuildSite(const std::string& src_dir, const std::string& out_dir,
                             const CorpusOptions& options, bool force = false);

}  // namespace levers

#endif  // LEVERS_CORPUS_H_
