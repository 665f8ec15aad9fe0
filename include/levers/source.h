// SourceFile: the bytes of one input file and the mapping from byte offsets to
// 1-based line:column, computed only when a message is shown.
//
// Model fields keep a SourceRange (byte offsets into the file's text). A
// SourceFile is immutable after construction and safe to share across threads.
#ifndef LEVERS_SOURCE_H_
#define LEVERS_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "levers/status.h"

namespace levers {

// Half-open byte range [begin, end) into a SourceFile's text.
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const SourceRange&) const = default;
};

struct LineColumn {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, counted in Unicode code points
};

// The path that names standard input, and the name a file read from it has
// in messages ("<stdin>:3:1: error...").
inline constexpr std::string_view kStandardInput = "-";
inline constexpr std::string_view kStandardInputName = "<stdin>";

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line and column of a byte offset; offsets past the end map to the end.
  LineColumn Locate(uint32_t offset) const;
  // The text of 1-based line `line` without its line ending.
  std::string_view Line(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Reads the regular file at `path` whole: the one checked way every input file
// (guides, offers, rates, salary data) is read. IOError if it cannot be opened
// or read, or is not a regular file (a FIFO, a device, a folder: refused before
// any read, so none can block or run on); InvalidArgument if it is larger than
// `max_bytes`, refused before reading it: "PATH: file is N bytes; `what` are
// limited to MAX bytes". Thread-safe.
//
// The path "-" (kStandardInput) reads standard input to its end instead,
// within the same `max_bytes`, as a file named "<stdin>" (kStandardInputName).
// Standard input can be read once: a second "-" in one process is refused.
Result<SourceFile> LoadInputFile(const std::string& path, uint64_t max_bytes,
                                 std::string_view what);

// Says that standard input was closed when the program started (and is held
// on /dev/null): LoadInputFile("-") then refuses it instead of reading an
// empty guide. Called once, before any thread starts.
void MarkStandardInputClosed();

// Writes all of `data` to the open file `fd`, again after a short write or an
// interrupted one: the one write loop of every output file (site pages, the
// bands commands' -o). False with errno set when a write fails (EIO when one
// writes nothing without an error). Thread-safe.
bool WriteAll(int fd, std::string_view data);

}  // namespace levers

#endif  // LEVERS_SOURCE_H_
