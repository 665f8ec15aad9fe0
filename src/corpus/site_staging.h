// Site staging: how `levers build` publishes a site at once. The build writes
// into a fresh folder beside the output folder (in the same parent, so on the
// same file system), named ".levers-build-NAME-XXXXXXXX" after the output
// folder's NAME, and only when every file is written does it swap that folder
// for the output folder in one step: renameat2(RENAME_EXCHANGE) on Linux;
// where that is not supported, the output folder is renamed aside and the new
// one renamed in its place, a moment apart. The old tree is then removed. A
// build that fails never swaps: its staging folder is removed and the output
// folder is exactly as it was.
//
// Thread-compatible: one SiteStaging per build, used from one thread.
#ifndef LEVERS_CORPUS_SITE_STAGING_H_
#define LEVERS_CORPUS_SITE_STAGING_H_

#include <sys/types.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/status.h"

namespace levers::internal {

// The staging folder's name starts with this, then the output folder's name.
inline constexpr char kStagingPrefix[] = ".levers-build-";

// An entry of an earlier output folder that the new site keeps, by its path
// there: the user's file, link or folder.
struct KeptEntry {
  std::string path;
  bool folder = false;
  mode_t mode = 0;  // a folder's permission bits
};

class SiteStaging {
 public:
  SiteStaging() = default;
  SiteStaging(const SiteStaging&) = delete;
  SiteStaging& operator=(const SiteStaging&) = delete;
  // Removes the staging folder and all it holds, unless Publish swapped it in.
  ~SiteStaging();

  // Makes the staging folder beside `out_dir`: a folder, a symbolic link to
  // one (the link's target is replaced; the link stays), or a path that does
  // not exist yet (the folders on its way are made, and stay). The site gets
  // out_dir's permission bits (at Publish), or for a new out_dir those mkdir
  // gives (0777 less the umask). IOError naming the parent folder when it
  // cannot be written; IOError when out_dir is a mount point, which cannot be
  // swapped. Messages name out_dir as given.
  Status Begin(const std::string& out_dir);

  // The staging folder, without a trailing '/'; empty before Begin.
  const std::string& path() const { return staging_; }

  // `s` with the staging folder's path, wherever the message holds it,
  // replaced by the output folder's as given: a message names the file the
  // user knows.
  Status Named(Status s) const;

  // Puts each of `kept` (sorted by path, so a folder comes before what it
  // holds) into the staging folder as it is in the folder `from`: a folder is
  // made (its permission bits are given at Publish, so the build can write
  // into it); a file or a symbolic link is linked (a hard link: the same file,
  // never a copy that could differ) or, where the file system refuses one, a
  // regular file is copied with its permission bits and a symbolic link made
  // again. IOError naming the entry in `from` otherwise, and naming a folder
  // that is a mount point (it cannot be moved).
  Status Keep(const std::string& from, const std::vector<KeptEntry>& kept);

  // How Publish swaps: at once (renameat2(RENAME_EXCHANGE), falling back to
  // kRenames where it is not supported) or by two renames.
  enum class Swap { kExchange, kRenames };

  // Gives the staging folder and the folders Keep made their permission bits,
  // swaps the staging folder in for the output folder, then removes the old
  // tree. IOError when the swap fails: the output folder is then as it was.
  // When the old tree cannot be removed entirely the site is still published
  // and `warning` gets a line for people saying what is left where.
  Status Publish(std::string& warning, Swap swap = Swap::kExchange);

 private:
  // A fresh folder beside the output folder, its name ending in `tag` and a
  // random suffix; the path, or IOError naming the parent folder.
  Result<std::string> MakeSibling(std::string_view tag) const;

  std::string out_given_;  // as given, without trailing '/'
  std::string parent_;     // the folder holding target_
  std::string target_;     // the folder replaced: out_dir, its links resolved
  std::string staging_;
  mode_t mode_ = 0;  // target_'s permission bits, when it exists
  dev_t dev_ = 0;    // the file system of parent_ (and of target_)
  bool target_exists_ = false;
  bool published_ = false;
  std::vector<std::pair<std::string, mode_t>> folder_modes_;  // Keep's, by path
};

// Removes the folder `path` and all it holds, never following a symbolic
// link. IOError naming what could not be removed.
Status RemoveTree(const std::string& path);

}  // namespace levers::internal

#endif  // LEVERS_CORPUS_SITE_STAGING_H_
