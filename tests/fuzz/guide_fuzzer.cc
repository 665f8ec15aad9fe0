// Fuzz target for the guide reader, the checks and every writer.
//
// Each input is one guide file's bytes. The target reads it, checks it, renders
// it as JSON, canonical Markdown and HTML, and formats every diagnostic. When
// the guide reads without errors it also tests the round trip documented in
// render.h: reading the canonical Markdown gives the same model (compared as
// JSON without the path and the per-region provenance, which a rewrite changes
// by design) and the same keys kept as written, reads without errors, and
// renders to the same bytes again. Any violation aborts, so libFuzzer (or the
// replay main) reports it as a crash.
//
// Built with -fsanitize=fuzzer under LEVERS_FUZZ; otherwise linked with
// replay_main.cc so the corpus runs as an ordinary test. To fuzz with ASan and
// UBSan over the whole library (so that libFuzzer sees its coverage too), with
// Debian's clang (the first command spans four lines):
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
//     -DCMAKE_CXX_COMPILER=clang++ -DLEVERS_FUZZ=ON -DLEVERS_TCMALLOC=OFF
//     "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fsanitize=fuzzer-no-link
//      -fno-sanitize-recover=undefined"
//     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined
//   cmake --build build-fuzz --target guide_fuzzer
//   mkdir -p /tmp/fz && cp tests/fuzz/corpus/* /tmp/fz/
//   build-fuzz/tests/guide_fuzzer -max_total_time=300 -max_len=8192 /tmp/fz
// (libFuzzer adds what it finds to the first folder: a scratch copy.) A crash
// it writes belongs in tests/fuzz/corpus once it is fixed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "../test_guides.h"
#include "levers/check.h"
#include "levers/diagnostic.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "levers/source.h"

namespace {

// Inputs past this size only slow the fuzzer down; the pathological-input
// corpus (tests/bad) covers large files.
constexpr size_t kMaxInputBytes = 1 << 20;

[[noreturn]] void Fail(const char* what, const std::string& a = {}, const std::string& b = {}) {
  std::fprintf(stderr, "guide_fuzzer: %s\n", what);
  if (!a.empty() || !b.empty()) {
    std::fprintf(stderr, "--- first ---\n%s\n--- second ---\n%s\n", a.c_str(), b.c_str());
  }
  std::abort();
}

// Every diagnostic must point inside the file and format without trouble.
void CheckDiagnostics(const levers::SourceFile& file, const levers::DiagnosticSink& sink) {
  for (const levers::Diagnostic& d : sink.diagnostics()) {
    if (d.code.empty()) Fail("a diagnostic has no code");
    if (d.range.begin > d.range.end) Fail(("range begins after it ends: " + d.code).c_str());
    if (d.range.end > file.text().size())
      Fail(("range ends past the end of the file: " + d.code).c_str());
    const levers::LineColumn lc = file.Locate(d.range.begin);
    if (lc.line < 1 || lc.column < 1) Fail(("location is not 1-based: " + d.code).c_str());
    const std::string text = levers::FormatDiagnosticText(file, d);
    if (text.empty()) Fail("a diagnostic formats as nothing");
  }
}

std::string ModelJson(const levers::Guide& g) {
  levers::JsonOptions o;
  o.include_path = false;
  o.include_provenance = false;  // front matter gains the table's regions on a rewrite
  return levers::RenderGuideJson(g, o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const levers::SourceFile file("fuzz.md", std::string(reinterpret_cast<const char*>(data), size));
  levers::DiagnosticSink read_sink;
  const std::optional<levers::Guide> guide = levers::ReadGuide(file, read_sink);
  CheckDiagnostics(file, read_sink);
  if (!guide) {
    if (!read_sink.has_errors()) Fail("ReadGuide built no model and reported no error");
    return 0;
  }
  const bool read_clean = !read_sink.has_errors();

  levers::CheckOptions check;
  check.today = levers::Date{2026, 11, 23};
  levers::DiagnosticSink sink = read_sink;
  levers::CheckGuide(*guide, check, sink);
  CheckDiagnostics(file, sink);
  std::vector<const levers::Guide*> guides = {&*guide, &*guide};
  levers::DiagnosticSink corpus_a, corpus_b;
  std::vector<levers::DiagnosticSink*> sinks = {&corpus_a, &corpus_b};
  levers::CheckCorpus(guides, sinks);

  levers::JsonOptions compact;
  compact.pretty = false;
  (void)levers::RenderGuideJson(*guide);
  (void)levers::RenderGuideJson(*guide, compact);
  const std::string markdown = levers::RenderCanonicalMarkdown(*guide, file);
  levers::HtmlOptions html;
  html.today = check.today;
  html.findings = &sink.diagnostics();
  html.file = &file;
  html.links = levers::SiteLinks::Static("");
  (void)levers::RenderGuideHtml(*guide, html);
  (void)levers::RenderGuideHtml(*guide);

  if (!read_clean) return 0;
  // Round trip: canonical Markdown reads back to the same model.
  const levers::SourceFile again("fuzz.md", markdown);
  levers::DiagnosticSink again_sink;
  const std::optional<levers::Guide> reread = levers::ReadGuide(again, again_sink);
  if (!reread) Fail("the canonical Markdown of a clean guide does not read back", markdown);
  if (again_sink.has_errors()) {
    std::string errors;
    for (const levers::Diagnostic& d : again_sink.diagnostics()) {
      if (d.severity == levers::Severity::kError) errors += levers::FormatDiagnosticText(again, d);
    }
    Fail("the canonical Markdown of a clean guide reads with errors", errors, markdown);
  }
  const std::string before = ModelJson(*guide);
  const std::string after = ModelJson(*reread);
  if (before != after) Fail("round trip changed the model (JSON before, after)", before, after);
  // Keys kept as written come back with the same text where the writer put them.
  const std::string kept_before = levers::testing::KeptKeys(*guide);
  const std::string kept_after = levers::testing::KeptKeys(*reread);
  if (kept_before != kept_after) {
    Fail("round trip changed the keys kept as written (before, after)", kept_before, kept_after);
  }
  const std::string markdown_again = levers::RenderCanonicalMarkdown(*reread, again);
  if (markdown_again != markdown) {
    Fail("canonical Markdown is not stable (first, second rendering)", markdown, markdown_again);
  }
  return 0;
}
