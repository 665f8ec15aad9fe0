// Diagnostic: one problem found in the content of a guide, and the sink that
// collects them while reading and checking go on.
//
// Codes are stable identifiers listed in docs/checks.md. A DiagnosticSink is
// not thread-safe; use one per thread (or per guide) and merge.
#ifndef LEVERS_DIAGNOSTIC_H_
#define LEVERS_DIAGNOSTIC_H_

#include <string>
#include <string_view>
#include <vector>

#include "levers/source.h"

namespace levers {

enum class Severity { kError, kWarning, kNote };

std::string_view SeverityName(Severity s);

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable, e.g. "range-order"
  SourceRange range;    // where in the file
  std::string path;     // the field at fault, e.g. "compensation[0].base_low"
  std::string message;  // for people
};

class DiagnosticSink {
 public:
  // A message longer than 1,024 bytes, or a path longer than 256, is cut on a
  // character boundary and ends with "…": they may quote megabytes of a file.
  void Report(Severity severity, std::string code, SourceRange range, std::string path,
              std::string message);
  void Error(std::string code, SourceRange range, std::string path, std::string message) {
    Report(Severity::kError, std::move(code), range, std::move(path), std::move(message));
  }
  void Warning(std::string code, SourceRange range, std::string path, std::string message) {
    Report(Severity::kWarning, std::move(code), range, std::move(path), std::move(message));
  }
  void Note(std::string code, SourceRange range, std::string path, std::string message) {
    Report(Severity::kNote, std::move(code), range, std::move(path), std::move(message));
  }

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic>& mutable_diagnostics() { return diagnostics_; }
  size_t error_count() const;
  bool has_errors() const { return error_count() > 0; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// "path:line:col: severity[code]: message\n  source line\n  ^" for people.
std::string FormatDiagnosticText(const SourceFile& file, const Diagnostic& d);

}  // namespace levers

#endif  // LEVERS_DIAGNOSTIC_H_
