#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "levers/source.h"

namespace levers {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  // Guides average some 80 bytes a line: one allocation for most files. A
  // large file gets exactly the room its line breaks need (an upper bound: a
  // CRLF counts twice), so that a file of blank lines does not pay for a
  // growing index twice over (4 bytes a line, doubled while it grows).
  if (text_.size() <= (size_t{1} << 20)) {
    line_starts_.reserve(text_.size() / 48 + 8);
  } else {
    line_starts_.reserve(1 + static_cast<size_t>(std::count(text_.begin(), text_.end(), '\n') +
                                                 std::count(text_.begin(), text_.end(), '\r')));
  }
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  if (std::memchr(begin, '\r', text_.size()) == nullptr) {
    for (const char* p = begin;
         (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p) {
      line_starts_.push_back(static_cast<uint32_t>(p - begin) + 1);
    }
    return;
  }
  // LF, CRLF and a lone CR (old Mac line endings) each end a line, as they do for the parsers.
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
}

LineColumn SourceFile::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const uint32_t line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t column = 1;
  for (uint32_t i = line_starts_[line_index]; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  // A UTF-8 BOM at the very start is not a column a person can see.
  if (line_index == 0 && text_.rfind("\xEF\xBB\xBF", 0) == 0 && offset >= 3) --column;
  return {line_index + 1, column};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

namespace {

// Standard input is read to its end, whatever it is (a pipe, a terminal, a
// redirected file), in blocks, and never past `max_bytes`: a producer that
// never stops costs one block of memory more than the limit, then an error.
bool standard_input_closed = false;  // set before any thread starts

Result<SourceFile> LoadStandardInput(uint64_t max_bytes, std::string_view what) {
  static std::atomic<bool> taken{false};
  const std::string name(kStandardInputName);
  if (taken.exchange(true)) {
    return Status::InvalidArgument(
        "-: standard input is named twice; it can be read once (give one \"-\")");
  }
  if (standard_input_closed) {
    return Status::IOError(name + ": standard input is closed; nothing to read");
  }
  std::string text;
  char block[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A pipe or terminal left non-blocking by whoever set it up: wait for it.
      struct pollfd p = {STDIN_FILENO, POLLIN, 0};
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    if (n < 0) return Status::IOError(name + ": read failed: " + std::strerror(errno));
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) {
      return Status::InvalidArgument(name + ": more than " + std::to_string(max_bytes) +
                                     " bytes; " + std::string(what) + " are limited to " +
                                     std::to_string(max_bytes) + " bytes");
    }
    text.append(block, static_cast<size_t>(n));
  }
  return SourceFile(name, std::move(text));
}

}  // namespace

void MarkStandardInputClosed() { standard_input_closed = true; }

Result<SourceFile> LoadInputFile(const std::string& path, uint64_t max_bytes,
                                 std::string_view what) {
  if (path == kStandardInput) return LoadStandardInput(max_bytes, what);
  // POSIX calls rather than iostreams: a corpus build opens thousands of small
  // files and an ifstream costs more to set up than the read itself.
  // O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::IOError(path + ": cannot open for reading: " + std::strerror(errno));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0)
    return Status::IOError(path + ": cannot read: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::IOError(path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Status::InvalidArgument(path + ": file is " + std::to_string(st.st_size) + " bytes; " +
                                   std::string(what) + " are limited to " +
                                   std::to_string(max_bytes) + " bytes");
  }
  // Read into an uninitialised buffer and copy once: a std::string of the
  // file's size would first be filled with zeros (C++20 has no
  // resize_and_overwrite), which cost more than the copy.
  const auto size = static_cast<size_t>(st.st_size);
  const std::unique_ptr<char[]> buf(new char[size]);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, buf.get() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError(path + ": read failed: " + std::strerror(errno));
    if (n == 0) break;  // the file shrank while being read
    done += static_cast<size_t>(n);
  }
  return SourceFile(path, std::string(buf.get(), done));
}

bool WriteAll(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EIO;  // nothing written and no error: say something
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace levers
