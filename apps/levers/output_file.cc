// Output files of the bands commands: written whole or not at all.
#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "levers/source.h"

namespace levers::cli {

bool WriteAtomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  auto fail = [&path](const std::string& reason) {
    std::cerr << "levers: cannot write " << path << ": " << reason << "\n";
    return false;
  };
  std::error_code ec;
  std::string target = path;
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return fail(std::strerror(EISDIR));
  if (exists && !S_ISREG(st.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return fail(std::strerror(errno));
    const bool ok = WriteAll(fd, text);
    const int saved = errno;
    ::close(fd);
    return ok ? true : fail(std::strerror(saved));
  }
  if (exists) {
    target = fs::canonical(path, ec).string();
    if (ec) return fail(ec.message());
  }
  mode_t mode = st.st_mode & 07777;
  if (!exists) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  const fs::path t(target);
  // A short name of its own, so that a file name near the 255-byte limit
  // still has room for it.
  std::string tmp = (t.parent_path() / ".levers-XXXXXX.levers-tmp").string();
  constexpr int kSuffix = sizeof(".levers-tmp") - 1;
  const int fd = ::mkstemps(tmp.data(), kSuffix);
  if (fd < 0) return fail(std::strerror(errno));
  bool ok = ::fchmod(fd, mode) == 0 && WriteAll(fd, text) && ::fsync(fd) == 0;
  int saved = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (ok && ::rename(tmp.c_str(), target.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return fail(std::strerror(saved));
  }
  return true;
}

bool WriteOut(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return true;
  }
  return WriteAtomically(path, text);
}

bool OutputIsNotAnInput(const std::string& output,
                        const std::vector<std::pair<std::string, std::string>>& inputs) {
  if (output.empty() || output == "-") return true;
  std::error_code ec;
  if (std::filesystem::is_directory(output, ec)) {
    std::cerr << "levers: -o " << output << ": a folder; expected a file to write\n";
    return false;
  }
  for (const auto& [input, what] : inputs) {
    if (std::filesystem::equivalent(output, input, ec) && !ec) {
      std::cerr << "levers: -o " << output << ": the same file as " << what << " " << input
                << "; write the output to another file\n";
      return false;
    }
  }
  return true;
}

}  // namespace levers::cli
