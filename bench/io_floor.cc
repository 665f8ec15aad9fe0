// The kernel's share of `levers build`, measured: the same system calls with
// none of levers' work between them.
//
//   io_floor GUIDES SITE OUT
//
// Reads every *.md file under GUIDES the way levers does (open, fstat, one read,
// close), then writes every file of SITE (a folder `levers build` wrote) into
// OUT under the same name and size (open, write, close; guides.json in 1 MiB
// writes). The bytes written are prepared in memory first and not timed.
// Prints wall and CPU seconds (user, system) of each phase. No library code
// runs in the timed parts, so this is the floor that no change to levers'
// own code can go below; docs/performance.md compares it with levers build.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Cpu {
  double wall, user, sys;
};

Cpu Now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(),
      sec(u.ru_utime), sec(u.ru_stime)};
}

void Report(const char* what, const Cpu& a, const Cpu& b) {
  std::printf("%-34s wall %.3f s   user %.3f s   sys %.3f s\n", what, b.wall - a.wall,
              b.user - a.user, b.sys - a.sys);
}

std::vector<std::string> Files(const fs::path& root, const char* ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && (!ext || e.path().extension() == ext))
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: io_floor GUIDES SITE OUT\n");
    return 2;
  }
  const fs::path guides = argv[1], site = argv[2], out = argv[3];
  const std::vector<std::string> inputs = Files(guides, ".md");
  const std::vector<std::string> outputs = Files(site, nullptr);
  std::vector<char> buffer(1 << 20, 'x');

  const Cpu r0 = Now();
  size_t read_bytes = 0;
  std::string text;
  for (const std::string& p : inputs) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    if (::fstat(fd, &st) == 0) {
      text.resize(static_cast<size_t>(st.st_size));
      const ssize_t n = ::read(fd, text.data(), text.size());
      if (n > 0) read_bytes += static_cast<size_t>(n);
    }
    ::close(fd);
  }
  const Cpu r1 = Now();

  std::vector<std::pair<fs::path, size_t>> plan;
  for (const std::string& p : outputs)
    plan.emplace_back(out / fs::path(p).lexically_relative(site), fs::file_size(p));
  fs::remove_all(out);
  fs::create_directories(out);
  const Cpu w0 = Now();
  size_t written = 0;
  for (const auto& [path, size] : plan) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) continue;
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd, buffer.data(), std::min(buffer.size(), size - done));
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    written += size;
    ::close(fd);
  }
  const Cpu w1 = Now();

  std::printf("%zu guides read (%.1f MB); %zu files written (%.1f MB)\n", inputs.size(),
              read_bytes / 1e6, plan.size(), written / 1e6);
  Report("read the guides", r0, r1);
  Report("write the site", w0, w1);
  Report("both (one thread)", Cpu{0, 0, 0},
         Cpu{(r1.wall - r0.wall) + (w1.wall - w0.wall), (r1.user - r0.user) + (w1.user - w0.user),
             (r1.sys - r0.sys) + (w1.sys - w0.sys)});
  return 0;
}
