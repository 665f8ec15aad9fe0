// Reading guides: a file's bytes into a SourceFile, and a SourceFile into a Guide.
//
// The reader accepts both shapes of guide (YAML front matter + Markdown body, or
// body only), UTF-8 with or without BOM, LF or CRLF. Problems in the content go
// to the DiagnosticSink and reading goes on; ReadGuide returns nullopt only when
// no model can be built at all (an empty or binary file). Thread-safe: no shared
// state, so guides may be read on several threads at once.
#ifndef LEVERS_READER_H_
#define LEVERS_READER_H_

#include <optional>
#include <string>

#include "levers/diagnostic.h"
#include "levers/guide.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

struct ReadLimits {
  size_t max_file_bytes = 64u << 20;  // a larger file is refused, never read whole
  int max_yaml_depth = 32;            // nesting deeper than this stops the YAML read
  size_t max_yaml_nodes = 100'000;    // bounds memory on hostile front matter
  size_t max_body_blocks =
      20'000;  // headings, paragraphs, list items, table rows read from the body
  // Markdown marks: the characters the Markdown parser keeps a record of, each
  // costing it tens of bytes (\ * _ ` & ; < > [ ] ! | and the list markers
  // - + . )). They bound the parser's memory to a small multiple of the file.
  size_t max_line_marks = 500'000;  // a body line with more is not read, the rest is
  size_t max_body_marks =
      1'000'000;  // marks and lines of the body read; the body past them is not read
};

// Reads the file at `path`. IOError if it cannot be read; InvalidArgument if it
// is larger than limits.max_file_bytes.
Result<SourceFile> LoadSourceFile(const std::string& path, const ReadLimits& limits = {});

// Builds the model of `file`. Diagnostics name ranges into `file`.
std::optional<Guide> ReadGuide(const SourceFile& file, DiagnosticSink& sink,
                               const ReadLimits& limits = {});

}  // namespace levers

#endif  // LEVERS_READER_H_
