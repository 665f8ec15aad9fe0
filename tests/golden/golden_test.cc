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

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// The currencies of the <case>.<code>.html files beside `base` (<case> without
// its extension), upper-cased and sorted.
std::vector<std::string> CurrencyPages(const fs::path& base) {
  std::vector<std::string> codes;
  const std::string stem = base.filename().string() + ".";
  for (const auto& e : fs::directory_iterator(base.parent_path())) {
    const std::string name = e.path().filename().string();
    if (name.size() != stem.size() + 8 || !name.starts_with(stem) || !name.ends_with(".html"))
      continue;
    std::string code = name.substr(stem.size(), 3);
    for (char& c : code) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    codes.push_back(code);
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

TEST(Golden, EveryCase) {
  const fs::path root = fs::path(LEVERS_SOURCE_DIR) / "tests" / "golden";
  size_t cases = 0, currency_pages = 0;
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
    HtmlOptions ho;  // the default page: its bands also in USD
    Compare(base.string() + ".html", RenderGuideHtml(*g, ho));
    // <case>.<code>.html: the page with its bands also shown in that currency
    // (levers render --to html --currency CODE), when the case has one.
    //
    // guide/front_matter.{eur,gbp}.html, worked by hand from the ECB rates of
    // 2025-05-09 (the bundled table's last date): 1 EUR = 1.1252 USD = 0.8477
    // GBP; each figure rounded half to even to the cent.
    //   EUR: Dublin (EUR) is shown as stated, with no formula. Seattle (USD):
    //     x / 1.1252; 150,000 / 1.1252 = 133,309.6338... -> 133,309.63,
    //     190,000 -> 168,858.8695... -> 168,858.87, 120,000 -> 106,647.7070...
    //     -> 106,647.71, 200,000 -> 177,746.1784... -> 177,746.18, 195,000 ->
    //     173,302.5239... -> 173,302.52, 268,000 -> 238,179.8791... ->
    //     238,179.88; USD 1 -> 0.8887... -> EUR 0.89. All rounded: "≈".
    //   GBP: Seattle (USD): x / 1.1252 × 0.8477; 150,000 -> 113,006.5766... ->
    //     113,006.58, 190,000 -> 143,141.6637... -> 143,141.66, 120,000 ->
    //     90,405.2612... -> 90,405.26, 200,000 -> 150,675.4354... ->
    //     150,675.44, 195,000 -> 146,908.5495... -> 146,908.55, 268,000 ->
    //     201,905.0835... -> 201,905.08; USD 1 -> 0.7533... -> GBP 0.75 ("≈").
    //     Dublin (EUR): x × 0.8477, exact ("="); 90,000 -> 76,293, 120,000 ->
    //     101,724, 60,000 -> 50,862, 100,000 -> 84,770, 114,000 -> 96,637.80,
    //     163,000 -> 138,175.10; EUR 1 -> 0.8477 -> GBP 0.85 ("≈").
    for (const std::string& code : CurrencyPages(base)) {
      SCOPED_TRACE(code);
      ho.common.code = code;
      ASSERT_TRUE(CheckCommonCurrency(ho.common).ok());
      const std::string page = RenderGuideHtml(*g, ho);
      Compare(base.string() + "." + AsciiLower(code) + ".html", page);
      ++currency_pages;
      // The other currency reaches every label and figure of the view.
      if (code != kGuideCommonCurrency) {
        EXPECT_EQ(page.find(" USD for every region"), std::string::npos);
        EXPECT_EQ(page.find("by region (USD)"), std::string::npos);
      }
    }
  }
  EXPECT_GE(cases, 5u);
  EXPECT_GE(currency_pages, 2u);
}

}  // namespace
}  // namespace levers
