// Golden files: tests/golden/<area>/<case>.md beside its expected .json,
// .out.md, .html and .diag. This runner checks the library; run_cli_golden.py
// checks the levers binary against the same files.
//
// To write missing expectations: LEVERS_UPDATE_GOLDEN=1 (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "levers/check.h"
#include "levers/corpus.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "test_guides.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  // Through rdbuf rather than istreambuf_iterator, which GCC 12 warns about
  // (a false -Wnull-dereference inside <streambuf>).
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Compare(const fs::path& expected_path, const std::string& actual) {
  if (std::getenv("LEVERS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " is missing (LEVERS_UPDATE_GOLDEN=1 writes it)";
  EXPECT_EQ(Slurp(expected_path), actual) << "golden mismatch: " << expected_path;
}

TEST(Golden, EveryCase) {
  const fs::path root = fs::path(LEVERS_SOURCE_DIR) / "tests" / "golden";
  size_t cases = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.ends_with(".md") && !name.ends_with(".out.md"))
      inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& in : inputs) {
    SCOPED_TRACE(in.string());
    ++cases;
    // Paths in diagnostics are relative to the repository, as the CLI runner prints them.
    const std::string rel = fs::relative(in, LEVERS_SOURCE_DIR).generic_string();
    SourceFile file(rel, Slurp(in));
    DiagnosticSink sink;
    std::optional<Guide> g = ReadGuide(file, sink);
    CheckOptions o;
    o.today = Date{2026, 11, 23};
    if (g) CheckGuide(*g, o, sink);
    std::string diag;
    for (const Diagnostic& d : sink.diagnostics()) diag += FormatDiagnosticText(file, d);
    fs::path base = in;
    base.replace_extension();
    Compare(base.string() + ".diag", diag);
    if (!g) continue;
    JsonOptions jo;
    jo.include_path = false;
    Compare(base.string() + ".json", RenderGuideJson(*g, jo) + "\n");
    const std::string canonical = RenderCanonicalMarkdown(*g, file);
    Compare(base.string() + ".out.md", canonical);
    // The canonical file reads back with the same kept keys and is a fixed point.
    SourceFile out_file(rel + ".out", canonical);
    DiagnosticSink out_sink;
    std::optional<Guide> back = ReadGuide(out_file, out_sink);
    ASSERT_TRUE(back);
    EXPECT_EQ(testing::KeptKeys(*back), testing::KeptKeys(*g));
    EXPECT_EQ(RenderCanonicalMarkdown(*back, out_file), canonical);
    Compare(base.string() + ".html", RenderGuideHtml(*g));
  }
  EXPECT_GE(cases, 5u);
}

}  // namespace
}  // namespace levers
