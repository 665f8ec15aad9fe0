#include "levers/diagnostic.h"

#include <algorithm>

#include "levers/utf8.h"

namespace levers {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

namespace {

// Messages and field paths quote what the file holds (a region name, a key),
// which may be megabytes long; they are cut to this many bytes, on a character
// boundary, and end with "…".
constexpr size_t kMaxMessageBytes = 1024;
constexpr size_t kMaxPathBytes = 256;

void Cut(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t end = max - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  s += "\u2026";
}

}  // namespace

void DiagnosticSink::Report(Severity severity, std::string code, SourceRange range,
                            std::string path, std::string message) {
  Cut(path, kMaxPathBytes);
  Cut(message, kMaxMessageBytes);
  diagnostics_.push_back(
      Diagnostic{severity, std::move(code), range, std::move(path), std::move(message)});
}

size_t DiagnosticSink::error_count() const {
  return static_cast<size_t>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

namespace {
// Keeps a quoted source line printable and short: long lines (a 20 MB line) are cut.
constexpr size_t kMaxShownLine = 160;
}  // namespace

std::string FormatDiagnosticText(const SourceFile& file, const Diagnostic& d) {
  const LineColumn lc = file.Locate(d.range.begin);
  std::string out;
  out.reserve(file.path().size() + d.code.size() + d.message.size() + 200);
  out += file.path();
  out += ':';
  out += std::to_string(lc.line);
  out += ':';
  out += std::to_string(lc.column);
  out += ": ";
  out += SeverityName(d.severity);
  out += '[';
  out += d.code;
  out += "]: ";
  out += d.message;
  out += '\n';
  std::string_view line = file.Line(lc.line);
  if (line.empty()) return out;
  // Show a window of the line that contains the offset; a 20 MB line is cut.
  size_t line_start = static_cast<size_t>(line.data() - file.text().data());
  if (lc.line == 1 && file.text().rfind("\xEF\xBB\xBF", 0) == 0) {
    line.remove_prefix(3);
    line_start += 3;
  }
  const size_t byte_col =
      std::min<size_t>(line.size(), d.range.begin > line_start ? d.range.begin - line_start : 0);
  size_t start = byte_col > kMaxShownLine / 2 ? byte_col - kMaxShownLine / 2 : 0;
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  size_t len = std::min(kMaxShownLine, line.size() - start);
  while (start + len < line.size() && len > 0 &&
         (static_cast<unsigned char>(line[start + len]) & 0xC0) == 0x80)
    --len;
  // Never echo control bytes or invalid UTF-8 to a terminal. The caret's
  // column counts what is shown: a character, or a '?' for each byte replaced.
  const std::string_view window = line.substr(start, len);
  const size_t caret_at = byte_col - start;
  size_t caret_cols = 0;
  out += "  ";
  for (size_t i = 0; i < window.size();) {
    // Printable ASCII (and tabs), most of any guide, is copied a run at a time.
    size_t run = i;
    while (run < window.size() &&
           ((window[run] >= 0x20 && window[run] < 0x7F) || window[run] == '\t'))
      ++run;
    out.append(window.data() + i, run - i);
    if (i < caret_at) caret_cols += std::min(run, caret_at) - i;
    i = run;
    if (i == window.size()) break;
    const unsigned char u = static_cast<unsigned char>(window[i]);
    const size_t n = u < 0x80             ? 1
                     : (u & 0xE0) == 0xC0 ? 2
                     : (u & 0xF0) == 0xE0 ? 3
                     : (u & 0xF8) == 0xF0 ? 4
                                          : 0;
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    const bool ok = n > 1 && i + n <= window.size() && IsValidUtf8(window.substr(i, n));
    if (ok) {
      out.append(window.data() + i, n);
    } else {
      out += '?';  // a control byte, DEL or a byte that is not UTF-8
    }
    caret_cols += i < caret_at ? 1 : 0;
    i += ok ? n : 1;
  }
  out += "\n  ";
  out.append(caret_cols, ' ');
  out += "^\n";
  return out;
}

}  // namespace levers
