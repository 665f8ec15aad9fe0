#include "corpus/site_staging.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "levers/source.h"

namespace levers::internal {

namespace {

namespace fs = std::filesystem;

// Removes what the open folder `fd` holds, never following a link; closes
// `fd`. 0, or the errno of the first entry that could not be removed, whose
// path (relative to the folder) goes to `failed`.
int EmptyFolder(int fd, std::string& failed) {
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    const int err = errno;
    ::close(fd);
    return err;
  }
  int first_error = 0;
  auto fail = [&](int err, const char* name) {
    if (first_error != 0) return;
    first_error = err;
    failed = name;
  };
  while (const dirent* e = ::readdir(d)) {
    const char* name = e->d_name;
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
    bool folder = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {  // some file systems leave it to lstat
      struct stat st;
      folder = ::fstatat(::dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
    }
    if (!folder) {
      if (::unlinkat(::dirfd(d), name, 0) != 0 && errno != ENOENT) fail(errno, name);
      continue;
    }
    const int sub = ::openat(::dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
      fail(errno, name);
      continue;
    }
    std::string inner;
    if (const int err = EmptyFolder(sub, inner); err != 0) {
      fail(err, (std::string(name) + "/" + inner).c_str());
      continue;
    }
    if (::unlinkat(::dirfd(d), name, AT_REMOVEDIR) != 0) fail(errno, name);
  }
  ::closedir(d);
  return first_error;
}

// The 8 random letters and digits of a staging folder's name.
std::string RandomSuffix() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng(std::random_device{}() ^ static_cast<uint64_t>(::getpid()));
  std::string out(8, 'x');
  for (char& c : out) c = kChars[rng() % (sizeof kChars - 1)];
  return out;
}

std::string Join(const std::string& folder, std::string_view name) {
  std::string out = folder;
  if (!out.ends_with('/')) out += '/';
  out += name;
  return out;
}

// Copies the regular file `from` to the new file `to` with its permission bits.
Status CopyFile(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return Status::IOError(from + ": cannot read it to keep it: " + std::strerror(errno));
  struct stat st;
  int out = -1;
  if (::fstat(in, &st) == 0)
    out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
  if (out < 0) {
    const std::string why = std::strerror(errno);
    ::close(in);
    return Status::IOError(to + ": cannot create it: " + why);
  }
  char buf[65536];
  int err = 0;
  for (;;) {
    const ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    if (!WriteAll(out, std::string_view(buf, static_cast<size_t>(n)))) {
      err = errno;
      break;
    }
  }
  ::close(in);
  if (err == 0 && ::fchmod(out, st.st_mode & 07777) != 0) err = errno;
  if (::close(out) != 0 && err == 0) err = errno;
  if (err != 0) return Status::IOError(to + ": cannot copy " + from + ": " + std::strerror(err));
  return Status::Ok();
}

}  // namespace

Status RemoveTree(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::IOError(path + ": cannot remove: " + std::strerror(errno));
  }
  std::string failed;
  if (const int err = EmptyFolder(fd, failed); err != 0)
    return Status::IOError(Join(path, failed) + ": cannot remove: " + std::strerror(err));
  if (::rmdir(path.c_str()) != 0)
    return Status::IOError(path + ": cannot remove: " + std::strerror(errno));
  return Status::Ok();
}

SiteStaging::~SiteStaging() {
  if (!staging_.empty() && !published_) (void)RemoveTree(staging_);
}

Result<std::string> SiteStaging::MakeSibling(std::string_view tag) const {
  std::string name = target_.substr(target_.rfind('/') + 1);
  if (name.size() > 40) name.resize(40);  // the random part must fit in 255 bytes
  const std::string base = Join(parent_, kStagingPrefix) + name + std::string(tag) + "-";
  for (int attempt = 0;; ++attempt) {
    std::string path = base + RandomSuffix();
    // 0777 less the umask, as the output folder would be made.
    if (::mkdir(path.c_str(), 0777) == 0) return path;
    if (errno == EEXIST && attempt < 100) continue;
    return Status::IOError(parent_ + ": cannot create a folder in it (" + std::strerror(errno) +
                           "); levers build writes the site into a new folder beside " +
                           out_given_ +
                           " and puts it in its place when every file is written, so the folder "
                           "holding it must be writable; nothing was built");
  }
}

Status SiteStaging::Begin(const std::string& out_dir) {
  out_given_ = out_dir;
  while (out_given_.size() > 1 && out_given_.ends_with('/')) out_given_.pop_back();
  struct stat st;
  if (::stat(out_dir.c_str(), &st) != 0) {
    // A new folder: the folders on its way are made now, it is renamed into place.
    fs::path up = fs::path(out_given_).parent_path();
    if (up.empty()) up = ".";
    std::error_code ec;
    fs::create_directories(up, ec);
    if (ec) return Status::IOError(up.string() + ": cannot create folder: " + ec.message());
  }
  const bool exists = ::stat(out_dir.c_str(), &st) == 0;
  // The folder replaced, or the path made, by its real path: a link to it stays.
  const std::string resolve = exists ? out_given_ : fs::path(out_given_).parent_path().string();
  char* real = ::realpath(resolve.empty() ? "." : resolve.c_str(), nullptr);
  if (real == nullptr)
    return Status::IOError(out_given_ + ": cannot find the output folder: " + std::strerror(errno));
  std::string resolved = real;
  std::free(real);
  if (exists) {
    if (resolved == "/") {
      return Status::IOError(out_given_ +
                             ": the root folder cannot be replaced by a site; give a folder in "
                             "it; nothing was built");
    }
    target_ = resolved;
    parent_ = target_.substr(0, std::max<size_t>(target_.rfind('/'), 1));
  } else {
    parent_ = resolved;
    target_ = Join(parent_, fs::path(out_given_).filename().string());
  }
  struct stat up;
  if (::stat(parent_.c_str(), &up) != 0)
    return Status::IOError(parent_ + ": cannot open folder: " + std::strerror(errno));
  if (exists && up.st_dev != st.st_dev) {
    return Status::IOError(out_given_ +
                           ": a mount point (a file system of its own); levers build writes the "
                           "site beside the output folder and puts it in its place, which cannot "
                           "cross file systems; give a folder inside it; nothing was built");
  }
  target_exists_ = exists;
  mode_ = st.st_mode & 07777;
  dev_ = up.st_dev;
  LEVERS_ASSIGN_OR_RETURN(staging_, MakeSibling(""));
  return Status::Ok();
}

Status SiteStaging::Named(Status s) const {
  if (s.ok() || staging_.empty()) return s;
  std::string m = s.message();
  for (size_t at = m.find(staging_); at != std::string::npos;
       at = m.find(staging_, at + out_given_.size())) {
    m.replace(at, staging_.size(), out_given_);
  }
  return Status(s.code(), std::move(m));
}

Status SiteStaging::Keep(const std::string& from, const std::vector<KeptEntry>& kept) {
  for (const KeptEntry& e : kept) {
    const std::string source = Join(from, e.path);
    const std::string dest = Join(staging_, e.path);
    if (e.folder) {
      struct stat st;
      if (::lstat(source.c_str(), &st) == 0 && st.st_dev != dev_) {
        return Status::IOError(source +
                               ": a mount point (a file system of its own); levers build cannot "
                               "keep it in the new site; nothing was built");
      }
      // The build may write pages into it: its own bits come at Publish.
      if (::mkdir(dest.c_str(), 0700) != 0 && errno != EEXIST)
        return Status::IOError(source + ": cannot keep the folder: " + std::strerror(errno));
      folder_modes_.emplace_back(e.path, e.mode);
      continue;
    }
    if (::linkat(AT_FDCWD, source.c_str(), AT_FDCWD, dest.c_str(), 0) == 0) continue;
    const int link_err = errno;
    struct stat st;
    if (::lstat(source.c_str(), &st) != 0)
      return Status::IOError(source + ": cannot keep it: " + std::strerror(errno));
    if (S_ISREG(st.st_mode)) {
      LEVERS_RETURN_IF_ERROR(CopyFile(source, dest));
    } else if (S_ISLNK(st.st_mode)) {
      std::string to(static_cast<size_t>(st.st_size) + 1, '\0');
      const ssize_t n = ::readlink(source.c_str(), to.data(), to.size());
      if (n < 0 || static_cast<size_t>(n) >= to.size() ||
          ::symlink(to.substr(0, static_cast<size_t>(n)).c_str(), dest.c_str()) != 0)
        return Status::IOError(source + ": cannot keep the link: " + std::strerror(errno));
    } else {
      return Status::IOError(source + ": cannot keep it: " + std::strerror(link_err));
    }
  }
  return Status::Ok();
}

Status SiteStaging::Publish(std::string& warning, Swap swap) {
  // The deepest first: a folder without x for its owner would stop the rest.
  for (auto it = folder_modes_.rbegin(); it != folder_modes_.rend(); ++it) {
    if (::chmod(Join(staging_, it->first).c_str(), it->second) != 0) {
      return Status::IOError(Join(out_given_, it->first) +
                             ": cannot keep its permission bits: " + std::strerror(errno));
    }
  }
  if (target_exists_ && ::chmod(staging_.c_str(), mode_) != 0) {
    return Status::IOError(out_given_ +
                           ": cannot keep its permission bits: " + std::strerror(errno));
  }
  auto failed = [&](int err) {
    return Status::IOError(out_given_ + ": cannot put the new site in its place: " +
                           std::strerror(err) + "; the site there was left as it was");
  };
  if (!target_exists_) {
    // Onto nothing, or an empty folder made meanwhile.
    if (::rename(staging_.c_str(), target_.c_str()) != 0) return failed(errno);
    published_ = true;
    return Status::Ok();
  }
  std::string old = staging_;  // after the exchange it holds the old site
  bool swapped = false;
#ifdef RENAME_EXCHANGE
  if (swap == Swap::kExchange) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      swapped = true;
    } else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
      return failed(errno);
    }
  }
#endif
  if (!swapped) {
    // The old site goes aside (onto an empty folder, which rename replaces)
    // and the new one comes in: for a moment there is no output folder.
    LEVERS_ASSIGN_OR_RETURN(old, MakeSibling("-old"));
    if (::rename(target_.c_str(), old.c_str()) != 0) {
      const int err = errno;
      ::rmdir(old.c_str());
      return failed(err);
    }
    if (::rename(staging_.c_str(), target_.c_str()) != 0) {
      const int err = errno;
      ::rename(old.c_str(), target_.c_str());
      return failed(err);
    }
  }
  published_ = true;
  if (const Status removed = RemoveTree(old); !removed.ok()) {
    warning = "levers: warning: the previous site could not be removed entirely (" +
              removed.message() + "); remove " + old + "\n";
  }
  return Status::Ok();
}

}  // namespace levers::internal
