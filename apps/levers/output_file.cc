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
#include <streambuf>
#include <string_view>
#include <utility>

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
    return FlushStandardOutput();
  }
  return WriteAtomically(path, text);
}

namespace {

// std::cout's buffer: the bytes go to file descriptor 1 through WriteAll, and
// the errno of the first write that fails is kept. The standard streams keep
// only a failbit, and C's stdout (which std::cout writes through by default)
// drops a buffer it could not write, so by the time a command ends the reason
// is gone: "cannot write standard output" could not say "No space left on
// device". On a terminal it is written a line at a time, as stdout would be,
// so that output and messages on stderr keep their order.
class StandardOutputBuffer : public std::streambuf {
 public:
  StandardOutputBuffer() : by_line_(::isatty(STDOUT_FILENO) == 1) {
    setp(buf_, buf_ + sizeof buf_);
  }

  int error() const { return error_; }
  void set_closed() { closed_ = true; }
  bool closed() const { return closed_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
      if (by_line_ && ch == '\n' && !Drain()) return traits_type::eof();
    }
    return traits_type::not_eof(ch);
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const auto size = static_cast<size_t>(n);
    if (size <= static_cast<size_t>(epptr() - pptr())) {
      std::memcpy(pptr(), s, size);
      pbump(static_cast<int>(n));
    } else {  // more than the room left: what is held, then this, straight out
      if (!Drain() || !Write(std::string_view(s, size))) return 0;
    }
    if (by_line_ && std::memchr(s, '\n', size) != nullptr && !Drain()) return 0;
    return n;
  }

  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    const auto held = static_cast<size_t>(pptr() - pbase());
    setp(buf_, buf_ + sizeof buf_);
    return held == 0 || Write(std::string_view(buf_, held));
  }

  bool Write(std::string_view data) {
    if (error_ != 0) return false;  // the rest of a failed output is not written
    if (WriteAll(STDOUT_FILENO, data)) return true;
    error_ = errno != 0 ? errno : EIO;
    return false;
  }

  char buf_[1 << 16];
  const bool by_line_;
  bool closed_ = false;
  int error_ = 0;
};

// Never destroyed: std::cout is flushed once more as the program ends, after
// the destructors of function-local statics have run.
StandardOutputBuffer& OutputBuffer() {
  static StandardOutputBuffer* const buffer = new StandardOutputBuffer;
  return *buffer;
}

}  // namespace

void SetUpStandardStreams() {
  bool stdout_closed = false, stdin_closed = false;
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = ::open(fd == STDOUT_FILENO ? "/dev/full" : "/dev/null",
                            fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (held != fd && held >= 0) {  // the lowest free number is `fd` itself
      ::dup2(held, fd);
      ::close(held);
    }
    if (fd == STDOUT_FILENO) stdout_closed = true;
    if (fd == STDIN_FILENO) stdin_closed = true;
  }
  if (stdout_closed) OutputBuffer().set_closed();
  if (stdin_closed) MarkStandardInputClosed();
  std::cout.rdbuf(&OutputBuffer());
}

bool FlushStandardOutput() {
  std::cout.flush();
  StandardOutputBuffer& out = OutputBuffer();
  if (out.error() == 0 && std::cout.good()) return true;
  static bool said = false;  // once, though a command and main both ask
  if (std::exchange(said, true)) return false;
  std::cerr << "levers: cannot write standard output: "
            << (out.closed()       ? "it is closed"
                : out.error() != 0 ? std::strerror(out.error())
                                   : "a write failed")
            << "; what it shows is incomplete\n";
  return false;
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
