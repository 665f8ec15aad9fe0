// The web app's pages: charts, form decoding, and every route of WebApp
// answered without a socket, against the bundled guides.
#include "levers/web.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "levers/chart.h"
#include "levers/check.h"
#include "levers/corpus.h"
#include "levers/offer.h"
#include "levers/offer_report.h"
#include "levers/pages.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "levers/store.h"
#include "levers/utf8.h"
#include "web/form_data.h"

namespace levers::web {
namespace {

namespace fs = std::filesystem;

size_t Count(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

std::string Header(const PageResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

// The part of a page from the heading with id `from` to the heading with id
// `to` (both <h2>), or "" when either is missing.
std::string Section(const std::string& html, std::string_view from, std::string_view to) {
  const size_t begin = html.find("<h2 id=\"" + std::string(from) + "\">");
  const size_t end = html.find("<h2 id=\"" + std::string(to) + "\">");
  if (begin == std::string::npos || end == std::string::npos || end < begin) return "";
  return html.substr(begin, end - begin);
}

// Every bundled guide (data/guides/*.md) as a source, its id the file's stem.
std::vector<GuideSource> BundledGuideSources() {
  std::vector<GuideSource> sources;
  for (const auto& f : fs::directory_iterator(std::string(LEVERS_SOURCE_DIR) + "/data/guides")) {
    if (f.path().extension() != ".md") continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    sources.push_back({f.path().stem().string(), f.path().string(), std::move(text)});
  }
  return sources;
}

// A guide read as levers serve reads it, to hand to WebApp::FromReadGuides:
// the read's findings, then those of `check` when given (ServedCorpus checks
// with its own options, and says so).
GuideAsRead ReadForTheApp(std::string id, std::string path, std::string text,
                          const CheckOptions* check = nullptr) {
  auto g = std::make_shared<CheckedGuide>();
  g->path = std::move(path);
  g->file.emplace(g->path, std::move(text));
  g->guide = ReadGuide(*g->file, g->findings);
  const size_t read_findings = g->findings.diagnostics().size();
  if (check && g->guide) CheckGuide(*g->guide, *check, g->findings);
  return {std::move(id), std::move(g), read_findings, check != nullptr,
          check ? check->today : std::nullopt};
}

TEST(CompactAmount, RoundsToThreeSignificantDigits) {
  EXPECT_EQ(CompactAmount(22'000'000, "USD"), "USD 220K");
  EXPECT_EQ(CompactAmount(125'000'000, "USD"), "USD 1.25M");
  EXPECT_EQ(CompactAmount(6'751'200, "USD"), "USD 67.5K");  // 67,512
  EXPECT_EQ(CompactAmount(11'252'000, "USD"), "USD 113K");  // 112,520
  EXPECT_EQ(CompactAmount(95'000, "USD"), "USD 950");
  EXPECT_EQ(CompactAmount(99'999'900, "USD"), "USD 1M");   // 999,999: not "1000K"
  EXPECT_EQ(CompactAmount(1'500'000, "JPY"), "JPY 1.5M");  // JPY has no minor unit
  EXPECT_EQ(CompactAmount(104'900, "EUR"), "EUR 1.05K");   // 1,049 rounds half up
  EXPECT_EQ(CompactAmount(0, "GBP"), "GBP 0");
  // Rounded once: 67,449 is 67.4K (not 67.45K and then 67.5K), 187,495 is 187K.
  EXPECT_EQ(CompactAmount(6'744'900, "USD"), "USD 67.4K");
  EXPECT_EQ(CompactAmount(6'745'000, "USD"), "USD 67.5K");
  EXPECT_EQ(CompactAmount(18'749'500, "USD"), "USD 187K");
  EXPECT_EQ(CompactAmount(18'750'000, "USD"), "USD 188K");
  EXPECT_EQ(CompactAmount(999'400, "USD"), "USD 9.99K");   // 9,994
  EXPECT_EQ(CompactAmount(999'500, "USD"), "USD 10K");     // 9,995
  EXPECT_EQ(CompactAmount(9'995'000, "USD"), "USD 100K");  // 99,950
  // The largest unit counts on past three digits.
  EXPECT_EQ(CompactAmount(int64_t{9'223'372'036'854'775'807}, "JPY"), "JPY 9223372T");
}

// Rupees in lakhs (10^5) and crores (10^7), as Indian guides write them
// ("₹45L"), with the same rounding: hand-checked at each unit's edges.
TEST(CompactAmount, RupeesAreInLakhsAndCrores) {
  EXPECT_EQ(CompactAmount(450'000'000, "INR"), "INR 45L");      // 45,00,000
  EXPECT_EQ(CompactAmount(455'000'000, "INR"), "INR 45.5L");    // 45,50,000
  EXPECT_EQ(CompactAmount(1'200'000'000, "INR"), "INR 1.2Cr");  // 1,20,00,000
  EXPECT_EQ(CompactAmount(5'000'000, "INR"), "INR 50K");        // 50,000
  EXPECT_EQ(CompactAmount(9'994'900, "INR"), "INR 99.9K");      // 99,949
  EXPECT_EQ(CompactAmount(9'995'000, "INR"), "INR 1L");         // 99,950: not "100K"
  EXPECT_EQ(CompactAmount(10'000'000, "INR"), "INR 1L");        // 1,00,000
  EXPECT_EQ(CompactAmount(999'499'900, "INR"), "INR 99.9L");    // 99,94,999
  EXPECT_EQ(CompactAmount(999'500'000, "INR"), "INR 1Cr");      // 99,95,000: not "100L"
  EXPECT_EQ(CompactAmount(123'456'789'000, "INR"), "INR 123Cr");
  EXPECT_EQ(CompactAmount(99'900, "INR"), "INR 999");
  // Crores are the largest unit: 10^12 rupees is 1,00,000 crore.
  EXPECT_EQ(CompactAmount(100'000'000'000'000, "INR"), "INR 100000Cr");
}

TEST(RangeChart, PlacesBarsOnTheAxis) {
  RangeChart c;
  c.id = "t";
  c.title = "Seattle (USD)";
  c.currency = "USD";
  c.rows.push_back({"Base", 15'000'000, 19'000'000, {}, {}, {}, {}});
  const std::string svg = RenderRangeChart(c);
  // Axis 0..200K in steps of 50K over 344 px from x = 0: 150K is at 344 × 3/4 = 258,
  // 190K at 326.8; the bar is 344 × 40/200 = 68.8 wide.
  EXPECT_NE(svg.find("<rect x=\"258\" y=\"24\" width=\"68.8\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">200K</text>"), std::string::npos);
  // Named by its title and described by its desc, each once.
  EXPECT_NE(svg.find("role=\"img\"><title>Seattle (USD)</title><desc>Base: USD 150,000 to "
                     "190,000</desc>"),
            std::string::npos);
  // The caption, which says the title again, is hidden from screen readers.
  EXPECT_EQ(svg.find("aria-", svg.find("</figcaption>")), std::string::npos);
  // Styles come from app.css by class: ticks anchored by `.ticks`, the bar's
  // fill and the label's weight by `.range`; no presentation attributes. The
  // viewBox keeps 8 px either side of the axis; text at its start needs no x.
  EXPECT_NE(
      svg.find(
          "<figure id=\"t\">\n<figcaption aria-hidden=\"true\">Seattle (USD)</figcaption>\n<svg "
          "class=\"chart range\" viewBox=\"-8 0 360 70\""),
      std::string::npos);
  EXPECT_NE(svg.find("<path class=\"grid\" d=\"M0 4V50M86 4V50M172 4V50M258 4V50M344 4V50\"/>"
                     "<g class=\"ticks\"><text y=\"65\">USD 0</text><text x=\"86\" "
                     "y=\"65\">50K</text>"),
            std::string::npos);
  EXPECT_NE(svg.find("200K</text></g><path class=\"axis\" d=\"M0 50H344\"/><text "
                     "y=\"18\">Base: USD 150K – 190K</text><rect x=\"258\" y=\"24\" "
                     "width=\"68.8\" height=\"14\"/></svg>"),
            std::string::npos);
  for (std::string_view attr : {"fill=", "font-weight=", "text-anchor=", "stroke="})
    EXPECT_EQ(svg.find(attr), std::string::npos) << attr;
}

TEST(RangeChart, MarksTheOfferAndEscapesLabels) {
  RangeChart c;
  c.id = "x\"y";
  c.title = "<script>alert(1)</script>";
  c.currency = "USD";
  c.rows.push_back({"<b>base</b>", 100, 200, 150, "offer \"><img onerror=x>", {}, {}});
  const std::string svg = RenderRangeChart(c);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<img"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("id=\"x&quot;y\""), std::string::npos);
  EXPECT_NE(svg.find("the offer</li>"), std::string::npos);  // the marker's legend
  // The marker's text and diamond are styled by class: 150 of 0..200 at
  // x = 344 × 3/4 = 258.
  EXPECT_NE(svg.find("<text class=\"o\" y=\"33\">offer &quot;&gt;&lt;img onerror=x&gt;</text>"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<path class=\"m\" d=\"M258 36L265 45L258 54L251 45Z\"/>"), std::string::npos);
  // A marker at the axis's start reaches past it: 3 of 0..1,000 is at
  // 344 × 3/1000 = 1.032, 1.0 in tenths of a pixel; the diamond's left corner is at -6.
  RangeChart low;
  low.id = "low";
  low.currency = "USD";
  low.rows.push_back({"Base", 0, 100'000, 300, {}, {}, {}});
  const std::string low_svg = RenderRangeChart(low);
  EXPECT_NE(low_svg.find("<path class=\"m\" d=\"M1 36L8 45L1 54L-6 45Z\"/>"), std::string::npos)
      << low_svg;
}

// A region name too long for the chart's width is cut short with an ellipsis,
// never through a character, and never the figures, which are the point of the
// label; the description keeps the whole name. A band with one end stated is
// labelled as the pay table writes it ("— – 190K") and described as such.
TEST(RangeChart, LabelsKeepTheirFiguresAndSayWhichEndIsStated) {
  RangeChart c;
  c.id = "usd1";
  c.title = "Base by region (USD)";
  c.currency = "USD";
  const std::string region = "San Francisco Bay Area, CA (hybrid, Mission Bay)";  // 48 characters
  c.rows.push_back({region, 7'960'000, 15'900'000, {}, {}, {}, {}});
  c.rows.push_back(
      {"Zürich – Kreis 5, Ober­strass and Unter­strass", 100'00, 200'00, {}, {}, {}, {}});
  c.rows.push_back({"東京都港区六本木ヒルズ森タワー", 100'00, 200'00, {}, {}, {}, {}});
  c.rows.push_back({"東京都港区六本木ヒルズ森タワー二十階", 100'00, 200'00, {}, {}, {}, {}});
  RangeRow half{"Half Band", 19'000'000, 19'000'000, {}, {}, {}, {}};
  half.no_low = true;
  c.rows.push_back(half);
  RangeRow open_top{"Lisbon", 6'000'000, 6'000'000, {}, {}, {}, {}};
  open_top.no_high = true;
  c.rows.push_back(open_top);
  const std::string svg = RenderRangeChart(c);
  // ": USD 79.6K – 159K" is 18 characters: 46 - 18 = 28, 27 of the name (its
  // last a space, dropped) and "…".
  EXPECT_NE(svg.find(">San Francisco Bay Area, CA…: USD 79.6K – 159K</text>"), std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<desc>" + region + ": USD 79,600 to 159,000;"), std::string::npos) << svg;
  // Too long for a narrow screen's 41 columns too: written again, cut to fit
  // them (41 - 18 = 23: 22 of the name and "…"), and the stylesheet shows one.
  EXPECT_NE(svg.find("<text class=\"w\" y=\"18\">San Francisco Bay Area, CA…: USD 79.6K – "
                     "159K</text><text class=\"n\" y=\"18\">San Francisco Bay Area…: USD 79.6K – "
                     "159K</text>"),
            std::string::npos)
      << svg;
  // 46 - 15 (": USD 100 – 200") = 31: 30 characters, some of two or three bytes
  // (ü, –, the soft hyphen), the last a space, dropped, then "…".
  EXPECT_NE(svg.find(">Zürich – Kreis 5, Ober­strass…: USD 100 – 200</text>"), std::string::npos)
      << svg;
  // Japanese characters take two columns each: 15 of them and ": USD 100 – 200"
  // (15) fit in 46; 18 do not, and the name keeps 15 (30 columns) and "…".
  EXPECT_NE(svg.find(">東京都港区六本木ヒルズ森タワー: USD 100 – 200</text>"), std::string::npos);
  EXPECT_NE(svg.find(">東京都港区六本木ヒルズ森タワー…: USD 100 – 200</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Half Band: USD — – 190K</text>"), std::string::npos) << svg;
  // A label that fits a narrow screen is written once, for every screen.
  EXPECT_EQ(Count(svg, "Half Band: USD — – 190K</text>"), 1u);
  EXPECT_NE(svg.find("<text y=\"194\">Half Band: USD — – 190K</text>"), std::string::npos) << svg;
  EXPECT_EQ(Count(svg, "<text class=\"n\""), 4u);  // the first four rows
  EXPECT_NE(svg.find("Half Band: USD 190,000 (the high end; no low end is stated)"),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">Lisbon: USD 60K – —</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("Lisbon: USD 60,000 (the low end; no high end is stated)</desc>"),
            std::string::npos)
      << svg;
}

// A label's columns are counted eight bytes at a time: labels that end
// exactly at the chart's width and one past it, with two-byte and wide
// characters inside a word, in the last partial word, and after many words.
TEST(RangeChart, LabelsAreCutAtExactlyTheChartsWidth) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  RangeChart c;
  c.id = "usd1";
  c.title = "Base by region (USD)";
  c.currency = "USD";
  // ": USD 100 – 200" takes 15 of the 46 columns: a label of 31 fits.
  const std::vector<std::string> labels = {
      repeat("é", 31),                               // 31 columns in 62 bytes: fits
      repeat("é", 32),                               // 32: cut
      repeat("é", 300),                              // 600 bytes, past 31 words: cut
      std::string(28, 'x') + "ü東",                  // 31, the wide character's end alone
      std::string(29, 'x') + "ü東",                  // 32: cut before the wide character
      std::string(8, 'x') + repeat("東", 11) + "é",  // 8 + 22 + 1 = 31: fits
      repeat("東", 16),                              // 32: cut
  };
  for (const std::string& l : labels) c.rows.push_back({l, 100'00, 200'00, {}, {}, {}, {}});
  const std::string svg = RenderRangeChart(c);
  const std::string figures = ": USD 100 – 200</text>";
  EXPECT_NE(svg.find(">" + repeat("é", 31) + figures), std::string::npos) << svg;
  EXPECT_EQ(svg.find(">" + repeat("é", 32) + figures), std::string::npos) << svg;
  const std::string cut = ">" + repeat("é", 30) + "…" + figures;  // both longer ones
  const size_t first_cut = svg.find(cut);
  ASSERT_NE(first_cut, std::string::npos) << svg;
  EXPECT_NE(svg.find(cut, first_cut + 1), std::string::npos) << svg;
  EXPECT_NE(svg.find(">" + std::string(28, 'x') + "ü東" + figures), std::string::npos) << svg;
  EXPECT_NE(svg.find(">" + std::string(29, 'x') + "ü…" + figures), std::string::npos) << svg;
  EXPECT_NE(svg.find(">" + std::string(8, 'x') + repeat("東", 11) + "é" + figures),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find(">" + repeat("東", 15) + "…" + figures), std::string::npos) << svg;
}

TEST(RangeChart, AppendsTheSameMarkupWhateverTheTextLength) {
  // Long text goes past the chart writer's stack buffer; it must come out the
  // same, escaped, and in order, and appending must not disturb what is there.
  const std::string long_label(3000, 'x');
  std::string detail;
  for (int i = 0; i < 400; ++i) detail += "a<b & \"c\" ";
  RangeChart c;
  c.id = "band-1";
  c.title = "Base";
  c.currency = "EUR";
  c.note = "Converted at 1.1252 USD/EUR";
  c.rows.push_back({long_label, 12'345'600, 12'345'600, 12'000'050, {}, detail, {}});
  c.rows.push_back({"Paris", 9'999'990, 20'000'000, {}, {}, {}, {}});
  const std::string svg = RenderRangeChart(c);
  std::string page = "<main>";
  AppendRangeChart(page, c);
  EXPECT_EQ(page, "<main>" + svg);

  std::string escaped_detail;
  for (int i = 0; i < 400; ++i) escaped_detail += "a&lt;b &amp; &quot;c&quot; ";
  EXPECT_NE(svg.find("<g><title>" + escaped_detail + "</title>"), std::string::npos);
  // EUR 123,456 with a marker at 120,000.50, said exactly in the description,
  // cents written in full as the tooltips and tables write them.
  EXPECT_NE(svg.find("<desc>" + long_label +
                     ": EUR 123,456, EUR 120,000.50; Paris: EUR 99,999.90 to 200,000</desc>"),
            std::string::npos);
  // The bar's label is cut to fit the chart (46 characters), the figures kept:
  // 46 - 10 (": EUR 123K") = 36, 35 of the label and the ellipsis.
  EXPECT_NE(svg.find(">" + std::string(35, 'x') + "…: EUR 123K</text>"), std::string::npos);
  EXPECT_NE(svg.find(">EUR 120K</text>"), std::string::npos);  // the marker's line
  EXPECT_NE(svg.find(">Paris: EUR 100K – 200K</text>"), std::string::npos);
  EXPECT_NE(svg.find("<p class=\"muted\">Converted at 1.1252 USD/EUR</p>\n</figure>\n"),
            std::string::npos);
  EXPECT_EQ(svg.rfind("</figure>\n"), svg.size() - 10);
}

TEST(BarChart, DescribesAmountsWithEveryMinorDigit) {
  BarChart c;
  c.id = "b";
  c.title = "Years";
  c.currency = "USD";
  c.categories = {"Year 1"};
  c.series = {{"Base", {21'041'240}}, {"Bonus", {1'000'005}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_NE(svg.find("<desc>Year 1: Base USD 210,412.40, Bonus USD 10,000.05, total USD "
                     "220,412.45</desc>"),
            std::string::npos)
      << svg;
}

TEST(BarChart, StacksSeriesAndStatesTotals) {
  BarChart c;
  c.id = "years";
  c.title = "Years";
  c.currency = "USD";
  c.categories = {"Year 1", "Year 2"};
  c.series = {{"Base", {10'000'000, 10'000'000}}, {"Bonus", {2'000'000, 0}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_NE(svg.find("Year 1: Base USD 100,000, Bonus USD 20,000, total USD 120,000; Year 2: "
                     "Base USD 100,000, Bonus USD 0, total USD 100,000"),
            std::string::npos)
      << svg;
  // A zero segment draws nothing: two base rects and one bonus rect.
  EXPECT_EQ(Count(svg, "<rect x="), 3u);
  EXPECT_NE(svg.find("<title>Year 1, Bonus: USD 20,000</title>"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\"><title>Years</title><desc>Year 1: Base"), std::string::npos);
  // Totals are styled by class: the stylesheet's `.chart text` rule would
  // override a font-weight attribute, and did.
  EXPECT_NE(svg.find("class=\"total\">120K</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("font-weight="), std::string::npos);
  EXPECT_NE(AppStylesheet().find(".chart .total{font-weight:600}"), std::string_view::npos);
}

// Grouped bars label each bar with a letter, small, by class.
TEST(BarChart, GroupedBarsUseTheSmallLabelClass) {
  BarChart c;
  c.id = "offers";
  c.title = "Offers";
  c.currency = "USD";
  c.stacked = false;
  c.categories = {"Year 1"};
  c.series = {{"Offer one", {10'000'000}}, {"Offer two", {12'000'000}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_NE(svg.find("class=\"small\">A</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("class=\"small\">B</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("font-size="), std::string::npos);
  EXPECT_NE(AppStylesheet().find(".chart .small{font-size:11px}"), std::string_view::npos);
}

TEST(FormData, DecodesAndRefusesMalformedInput) {
  auto f = ParseFormData("a=1&b=x+y%21&&c=&d");
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ(FormValue(*f, "b"), "x y!");
  EXPECT_EQ(FormValue(*f, "c"), "");
  EXPECT_EQ((*f)[3].first, "d");
  EXPECT_EQ(ParseFormData("base=%zz").status().message(),
            "base: '%' must be followed by two hex digits");
  EXPECT_FALSE(ParseFormData("base=%4").ok());
  EXPECT_EQ(ParseFormData("base=%C3%28").status().message(), "base: not UTF-8 text");
  EXPECT_EQ(ParseFormData("base=%01").status().message(), "base: contains a control character");
  EXPECT_TRUE(ParseFormData("q=Z%C3%BCrich").ok());
  EXPECT_FALSE(ParseFormData("v=" + std::string(kMaxFieldBytes + 1, 'x')).ok());
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValidUtf8("Zürich €"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Base64Url, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");  // "+/8=" in standard base64
}

class WebAppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    WebOptions o;
    o.today = Date{2026, 11, 23};
    auto app = WebApp::FromFolder(std::string(LEVERS_SOURCE_DIR) + "/data/guides", o);
    ASSERT_TRUE(app.ok()) << app.status().message();
    app_ = new WebApp(std::move(app).value());
  }
  static void TearDownTestSuite() {
    delete app_;
    app_ = nullptr;
  }
  static PageResponse Get(std::string path, std::string query = "") {
    return app_->Handle({"GET", std::move(path), std::move(query), "", ""});
  }
  static PageResponse Post(std::string path, std::string body,
                           std::string type = "application/x-www-form-urlencoded") {
    return app_->Handle({"POST", std::move(path), "", std::move(type), std::move(body)});
  }
  static WebApp* app_;
};
WebApp* WebAppTest::app_ = nullptr;

// The offer of data/offers/hf-engineering-manager.yaml as the form sends it.
constexpr std::string_view kHfOffer =
    "label=HF+EM&company=Hugging+Face+Enterprise&role=Engineering+Manager&region=San+Francisco&"
    "currency=USD&date=2025-05-09&base=240000&bonus=10%25&signing.year1=20000&"
    "equity.kind=private_rsu&equity.value=240000&equity.vesting=even&equity.years=4";

TEST_F(WebAppTest, HomeListsAndSearchesTheCorpus) {
  EXPECT_EQ(app_->guide_count(), 10u);
  PageResponse all = Get("/");
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(Count(all.body, "<tr data-search="), 10u);
  EXPECT_NE(all.body.find("href=\"/assets/app.css\""), std::string::npos);
  EXPECT_NE(Header(all, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(all.body.find("<caption class=\"muted\">Every guide, by company</caption>"),
            std::string::npos);
  // q is one substring, here of the role names "Engineering Manager",
  // "Technical Program Manager" and "Product Manager" (ASCII case ignored).
  PageResponse managers = Get("/", "q=MANAGER");
  EXPECT_NE(managers.body.find("3 of 10 guides"), std::string::npos);
  EXPECT_NE(managers.body.find("value=\"MANAGER\""), std::string::npos);
  EXPECT_NE(managers.body.find("<caption class=\"muted\">Guides matching “MANAGER”, by "
                               "company</caption>"),
            std::string::npos);
  // Every guide is listed, those that do not match hidden, so the search box
  // filters the whole corpus.
  EXPECT_EQ(Count(managers.body, "<tr data-search="), 3u);
  EXPECT_EQ(Count(managers.body, "<tr hidden data-search="), 7u);
  // The company slug "huggingface-enterprise" (stated by two guides' front
  // matter) matches; the role type does not.
  EXPECT_NE(Get("/", "q=huggingface").body.find("2 of 10 guides"), std::string::npos);
  EXPECT_NE(Get("/", "q=standard").body.find("0 of 10 guides"), std::string::npos);
}

std::vector<std::string> ShownIds(const std::string& home) {
  std::vector<std::string> ids;
  const std::string_view row = "<tr data-search=";
  for (size_t at = home.find(row); at != std::string::npos; at = home.find(row, at + 1)) {
    const size_t href = home.find("href=\"/guides/", at) + 14;
    ids.push_back(home.substr(href, home.find('"', href) - href));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The home page's ?q= and GET /api/guides?q= find the same guides: the store
// answers q for the API, RowMatches for the pages.
TEST_F(WebAppTest, HomeSearchMeansWhatTheApiQMeans) {
  std::vector<std::string> paths;
  const std::string dir = std::string(LEVERS_SOURCE_DIR) + "/data/guides";
  for (const auto& f : fs::directory_iterator(dir))
    if (f.path().extension() == ".md") paths.push_back(f.path().string());
  CorpusOptions co;
  co.check.today = Date{2026, 11, 23};
  Result<CorpusSnapshot> snapshot = BuildCorpusSnapshot(ReadAndCheck(paths, co), {dir, "now"});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().message();
  Result<std::unique_ptr<Store>> store = OpenStore("memory:");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->ReplaceCorpus(*snapshot).ok());
  for (const std::string q :
       {"", "MANAGER", "huggingface", "Hugging Face", "hugging  face", "hugging manager",
        "engineering-manager", "standard", "san francisco", "e\nh", "zz", " london"}) {
    SCOPED_TRACE("q=" + q);
    GuideQuery gq;
    gq.q = q;
    gq.limit = 200;
    Result<GuidePage> api = (*store)->ListGuides(gq);
    ASSERT_TRUE(api.ok());
    std::vector<std::string> want;
    for (const GuideSummary& g : api->items) want.push_back(g.id);
    std::sort(want.begin(), want.end());
    EXPECT_EQ(ShownIds(Get("/", "q=" + UrlEncode(q)).body), want);
  }
}

TEST_F(WebAppTest, GuidePageHasChartsLevelLinksAndAnOfferLink) {
  PageResponse r = Get("/guides/hugging-face-enterprise--engineering-manager");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<figcaption aria-hidden=\"true\">San Francisco (USD)</figcaption>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<figcaption aria-hidden=\"true\">Base by region (USD)</figcaption>"),
            std::string::npos);
  // Paris in USD: EUR 187,000 × 1.1252 = USD 210,412.40 and 234,000 × 1.1252 =
  // 263,296.80 on the bar; the rate's date once, under the charts.
  EXPECT_NE(r.body.find("<title>EUR 187,000 – 234,000 × 1.1252 USD/EUR = USD 210,412.40 – "
                        "263,296.80</title>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<li>EUR 1 × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD 1.13</li>"),
            std::string::npos);
  EXPECT_NE(r.body.find("href=\"/offer?company=Hugging%20Face%20Enterprise&amp;role="
                        "Engineering%20Manager\""),
            std::string::npos);
  // No other guide is mapped to Google L5-L6 EM: the role is text, not a
  // search that finds nothing.
  EXPECT_NE(r.body.find("<li>Google L5-L6 EM</li>"), std::string::npos);
  EXPECT_EQ(r.body.find("/?q="), std::string::npos);
  EXPECT_NE(r.body.find("(overdue)"), std::string::npos);  // due 2026-05-23, today 2026-11-23
}

// ?currency= picks the currency of the guide page's "every region" view, as
// levers render --to html --currency does; the form on the page asks for it.
TEST_F(WebAppTest, AGuidePageShowsEveryRegionInTheCurrencyAskedFor) {
  const std::string guide = "/guides/hugging-face-enterprise--engineering-manager";
  PageResponse r = Get(guide, "currency=eur");
  ASSERT_EQ(r.status, 200) << r.body;
  // Asked for, the common view is the one shown.
  EXPECT_NE(r.body.find("<input type=\"radio\" name=\"band-currency\" id=\"cur-local\"> each "
                        "region's currency</label><label><input type=\"radio\" "
                        "name=\"band-currency\" id=\"cur-usd\" checked> EUR for every "
                        "region</label></fieldset>\n<form "),
            std::string::npos)
      << r.body;
  // Worked by hand from the bundled table's last rates (2025-05-09, 1 EUR =
  // 1.1252 USD), rounded half to even to the cent: San Francisco's base
  // 220,000 / 1.1252 = 195,520.7963... -> 195,520.80, 275,000 -> 244,400.9953...
  // -> 244,401.00; New York's 215,000 -> 191,077.1418... -> 191,077.14, 270,000
  // -> 239,957.3409... -> 239,957.34; Paris is in EUR already, as stated.
  EXPECT_NE(r.body.find("<figcaption aria-hidden=\"true\">Base by region (EUR)</figcaption>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<desc>San Francisco: EUR 195,520.80 to 244,401; New York: EUR "
                        "191,077.14 to 239,957.34; Paris: EUR 187,000 to 234,000</desc>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<title>USD 220,000 – 275,000 ÷ 1.1252 USD/EUR ≈ EUR 195,520.80 – "
                        "244,401</title>"),
            std::string::npos);
  // Total comp: 303,000 / 1.1252 = 269,285.4603... -> 269,285.46, 453,000 ->
  // 402,595.0942... -> 402,595.09; USD 1 -> 0.8887... -> EUR 0.89.
  EXPECT_NE(r.body.find("<desc>San Francisco: EUR 269,285.46 to 402,595.09;"), std::string::npos);
  EXPECT_NE(r.body.find("<li>USD 1 ÷ 1.1252 USD/EUR (ECB 2025-05-09) ≈ EUR 0.89</li>"),
            std::string::npos);
  EXPECT_EQ(r.body.find("USD for every region"), std::string::npos);
  EXPECT_EQ(r.body.find("by region (USD)"), std::string::npos);
  // The form: GET to the page itself, its <select> labelled, the currencies
  // the bundled rates convert into (the ECB's 30 and EUR), this one selected.
  EXPECT_NE(r.body.find("<form class=\"fields\" method=\"get\" action=\"" + guide +
                        "#bands\"><div class=\"field\"><label for=\"cur-pick\">Currency for "
                        "every region</label><select id=\"cur-pick\" name=\"currency\"><option "
                        "value=\"AUD\">AUD — Australian dollar</option>"),
            std::string::npos);
  EXPECT_EQ(Count(r.body, "<option "), 31u);
  EXPECT_EQ(Count(r.body, " selected>"), 1u);
  EXPECT_NE(r.body.find("<option value=\"EUR\" selected>EUR — euro</option><option "
                        "value=\"GBP\">GBP — pound sterling</option>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<option value=\"ZAR\">ZAR — South African rand</option></select></div>"
                        "<div class=\"actions\"><button type=\"submit\">Show</button></div>"
                        "</form>\n<div class=\"view-local\">"),
            std::string::npos);
  // Any case; the page is the same.
  EXPECT_EQ(Get(guide, "currency=Eur").body, r.body);

  // GBP: Paris's EUR 187,000 × 0.8477 = 158,519.90 exactly ("="); San
  // Francisco's 220,000 / 1.1252 × 0.8477 = 165,742.9790... -> 165,742.98.
  PageResponse gbp = Get(guide, "currency=GBP");
  ASSERT_EQ(gbp.status, 200);
  EXPECT_NE(gbp.body.find("id=\"cur-usd\" checked> GBP for every region</label>"),
            std::string::npos);
  EXPECT_NE(gbp.body.find("<title>EUR 187,000 – 234,000 × 0.8477 GBP/EUR = GBP 158,519.90 – "
                          "198,361.80</title>"),
            std::string::npos);
  EXPECT_NE(gbp.body.find("<desc>San Francisco: GBP 165,742.98 to"), std::string::npos);
  EXPECT_NE(gbp.body.find("<option value=\"GBP\" selected>"), std::string::npos);

  // Without it: USD, the local view first, as before; USD asked for shows the
  // same page with the USD view first.
  PageResponse plain = Get(guide);
  ASSERT_EQ(plain.status, 200);
  EXPECT_NE(plain.body.find("id=\"cur-local\" checked> each region's currency</label><label>"
                            "<input type=\"radio\" name=\"band-currency\" id=\"cur-usd\"> USD "
                            "for every region</label>"),
            std::string::npos);
  EXPECT_NE(plain.body.find("<option value=\"USD\" selected>USD — US dollar</option>"),
            std::string::npos);
  EXPECT_EQ(Count(plain.body, " selected>"), 1u);
  std::string usd = Get(guide, "currency=usd").body;
  const auto swap = [&usd](std::string_view from, std::string_view to) {
    const size_t at = usd.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    usd.replace(at, from.size(), to);
  };
  swap("id=\"cur-usd\" checked>", "id=\"cur-usd\">");
  swap("id=\"cur-local\">", "id=\"cur-local\" checked>");
  EXPECT_EQ(usd, plain.body);
}

TEST_F(WebAppTest, AGuidePageRefusesACurrencyItCannotShow) {
  const std::string guide = "/guides/hugging-face-enterprise--engineering-manager";
  const auto refused = [&](const std::string& query, const std::string& message) {
    SCOPED_TRACE(query);
    PageResponse r = Get(guide, query);
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("<h1>Bad request</h1>\n<p>" + message + "</p>"), std::string::npos)
        << r.body;
  };
  refused("currency=xyz",
          "currency must be an ISO 4217 code levers knows, like USD, EUR or GBP (any case), not "
          "&#39;xyz&#39;.");
  refused("currency=euro",
          "currency must be an ISO 4217 code levers knows, like USD, EUR or GBP (any case), not "
          "&#39;euro&#39;.");
  refused("currency=",
          "currency must be an ISO 4217 code like USD, EUR or GBP (any case), not "
          "empty.");
  refused("currency",
          "currency must be an ISO 4217 code like USD, EUR or GBP (any case), not "
          "empty.");
  refused("currency=eur&currency=gbp", "currency is given more than once.");
  refused("currency=EUR&currency=EUR", "currency is given more than once.");
  // Known to levers, but the ECB quotes no rate for it; what it does quote on
  // the table's last date, the one a page converts at (not HRK, withdrawn).
  refused("currency=aed",
          "currency must be one the ECB rates can convert into; no ECB rate for AED: "
          "data/ecb/eurofxref-hist.csv never quotes AED; for 2025-05-09 it quotes only AUD, BGN, "
          "BRL, CAD, CHF, CNY, CZK, DKK, GBP, HKD, HUF, IDR, ILS, INR, ISK, JPY, KRW, MXN, MYR, "
          "NOK, NZD, PHP, PLN, RON, SEK, SGD, THB, TRY, USD, ZAR.");
  refused("currency=hrk",
          "currency must be one the ECB rates can convert into; no ECB rate for HRK on "
          "2025-05-09: none after 2022-12-30 (discontinued).");
  refused("currency=%3Cb%3E",
          "currency must be an ISO 4217 code levers knows, like USD, EUR or GBP (any case), not "
          "&#39;&lt;b&gt;&#39;.");
  // No such guide comes first; other pages take no currency.
  EXPECT_EQ(Get("/guides/no-such-guide", "currency=xyz").status, 404);
  EXPECT_EQ(Get("/", "currency=xyz").status, 200);
  // The page number is refused as before.
  PageResponse page = Get("/", "page=1&page=1");
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("<p>page is given more than once.</p>"), std::string::npos);
}

// Each equivalent of a level map links to the guides the level graph (the one
// of levers levels) says state that role: `levers levels "Google L4"` over
// data/guides matches Google roles in six guides, this one among them.
TEST_F(WebAppTest, LevelMapLinksLeadToTheGuidesMappedToEachRole) {
  PageResponse r = Get("/guides/hugging-face-enterprise--software-engineer");
  ASSERT_EQ(r.status, 200);
  // Google L4 and Meta E4 (which, on Meta's ladder, also overlaps the IC4 and
  // IC4-IC5 of three guides) lead to the same five guides; no other guide
  // names Databricks SWE II.
  for (const std::string role : {"Google L4", "Meta E4"}) {
    EXPECT_NE(
        r.body.find(
            "<li>" + role + " <span class=\"muted\">— other guides mapped to " + role +
            ":</span> <a href=\"/guides/ambertrail-freight--product-manager\">Ambertrail Freight "
            "— Product Manager</a>, <a "
            "href=\"/guides/cobblestack-robotics--site-reliability-engineer\">Cobblestack Robotics "
            "— Site Reliability Engineer</a>, <a "
            "href=\"/guides/glimmerfen-health--data-scientist\">Glimmerfen Health — Data "
            "Scientist</a>, <a href=\"/guides/hugging-face-enterprise--ml-ai-engineer\">Hugging "
            "Face Enterprise — ML/AI Engineer</a>, <a "
            "href=\"/guides/tallowmere-payments--security-engineer\">Tallowmere Payments — "
            "Security Engineer</a></li>"),
        std::string::npos)
        << role << "\n"
        << r.body;
  }
  EXPECT_NE(r.body.find("<li>Databricks SWE II</li>"), std::string::npos);
  EXPECT_EQ(Count(r.body, "href=\"/guides/hugging-face-enterprise--software-engineer\""), 0u);
}

TEST_F(WebAppTest, RefusesWhatItCannotAnswer) {
  EXPECT_EQ(Get("/guides/no-such-guide").status, 404);
  EXPECT_EQ(Get("/guides/%zz").status, 404);  // paths arrive decoded: this is a literal id
  EXPECT_EQ(Get(std::string("/guides/a\0b", 11)).status, 400);
  EXPECT_EQ(Get("/guides/\xff").status, 400);
  EXPECT_EQ(Get("guides").status, 400);
  EXPECT_EQ(Get("/nothing-here").status, 404);
  EXPECT_EQ(Get("/", "q=%ff").status, 400);
  PageResponse r = app_->Handle({"DELETE", "/offer", "", "", ""});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD, POST");
  EXPECT_EQ(Post("/guides/x", "").status, 405);
  EXPECT_EQ(Post("/offer", std::string(kHfOffer), "application/json").status, 415);
  EXPECT_EQ(Post("/offer", std::string(kMaxPageBody + 1, 'a')).status, 413);
  EXPECT_EQ(Post("/offer", "base=%g0").status, 400);
  EXPECT_TRUE(IsPagePath("/"));
  EXPECT_TRUE(IsPagePath("/apix"));
  EXPECT_FALSE(IsPagePath("/api/guides"));
  EXPECT_FALSE(IsPagePath("/api"));
}

TEST_F(WebAppTest, ServesTheAssetsItWasBuiltWith) {
  PageResponse css = Get("/assets/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css.body, AppStylesheet());
  std::ifstream in(std::string(LEVERS_SOURCE_DIR) + "/web/app.js", std::ios::binary);
  const std::string js((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(Get("/assets/app.js").body, js);
}

TEST_F(WebAppTest, ValuesAnOfferWithoutKeepingIt) {
  PageResponse r = Post("/offer", std::string(kHfOffer));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
  // Hand-computed: 240,000 + 10% bonus 24,000 + sign-on 20,000 + a quarter of the
  // grant 60,000 × (1 − 30%) = 42,000 → 326,000 in year one; over four years
  // 240,000 + 24,000 + 20,000 / 4 + 42,000 = 311,000 a year.
  EXPECT_NE(r.body.find("USD 326,000</span>first-year total"), std::string::npos);
  EXPECT_NE(r.body.find("USD 311,000</span>four-year average"), std::string::npos);
  // Base 240,000 in 220,000–275,000 read as p25–p75: 25 + 50 × 20/55 = 43.
  EXPECT_NE(r.body.find("offer USD 240K, 43rd percentile"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"chart-years\""), std::string::npos);
  EXPECT_NE(r.body.find("The band comes from the guide <a "
                        "href=\"/guides/hugging-face-enterprise--engineering-manager\">"),
            std::string::npos);
  EXPECT_NE(r.body.find("<pre class=\"message\" id=\"counter-message\">"), std::string::npos);
  EXPECT_NE(r.body.find("data-copy=\"counter-message\""), std::string::npos);
  // The form comes back filled in, to change and value again.
  EXPECT_NE(r.body.find("name=\"base\" type=\"text\" inputmode=\"decimal\" required "
                        "value=\"240000\""),
            std::string::npos);
}

// Beside the band chart, how current the guide's data is, as of the web app's
// date (2026-11-23): the review was due 2026-05-23, 8 + 30 + 31 + 31 + 30 +
// 31 + 23 = 184 days before, so it is marked overdue. The counter message
// does not mention it. (The comparison says it too: below.)
TEST_F(WebAppTest, TheBandPositionSaysHowCurrentTheGuidesDataIs) {
  PageResponse r = Post("/offer", std::string(kHfOffer));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string line =
      "<p class=\"guide-data overdue\">Guide data: quality high, salaries 2025-Q4, last updated "
      "2026-02-23, review due 2026-05-23 (overdue by 184 days as of 2026-11-23)</p>\n<p>The band "
      "comes from the guide";
  const size_t at = r.body.find(line);
  ASSERT_NE(at, std::string::npos) << r.body;
  // Right after the band chart.
  EXPECT_EQ(r.body.rfind("</figure>\n", at), at - std::string("</figure>\n").size()) << r.body;
  const size_t message = r.body.find("id=\"counter-message\">");
  ASSERT_NE(message, std::string::npos);
  const std::string text = r.body.substr(message, r.body.find("</pre>", message) - message);
  EXPECT_EQ(text.find("2026-05-23"), std::string::npos) << text;
  EXPECT_EQ(text.find("overdue"), std::string::npos) << text;
}

// An options grant is asked for by its count, with how the count was found.
// 10,000 options at (10 − 2.50): USD 75,000 at the spread, below the stock
// band's 90% point, USD 373,000: 373,000 ÷ 7.50 = 49,733.3, rounded up.
TEST_F(WebAppTest, AnOptionsGrantIsAskedForByItsCount) {
  PageResponse r = Post("/offer",
                        "company=Hugging+Face+Enterprise&role=Engineering+Manager&region=San+"
                        "Francisco&currency=USD&date=2025-05-09&base=240000&equity.kind=options&"
                        "equity.shares=10000&equity.strike=2.5&equity.preferred_price=10");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(
      r.body.find(
          "<dt>Ask for options</dt><dd>49,734 options over 4 years<span class=\"formula\">the "
          "asked grant USD 373,000 over 4 years ÷ the spread USD 7.50 a share (preferred price "
          "USD 10.00 − strike USD 2.50), rounded up to a whole option</span></dd>\n"),
      std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("49,734 options over 4 years (USD 373,000 at the current spread)"),
            std::string::npos);
}

// A sign-on the offer pays in year two is asked into year one, out of the
// offer's own sum, and the page says what stays in year two (the plan's
// arithmetic is in CounterSignOn.ASignOnPaidInYearTwoIsAskedIntoYearOne).
TEST_F(WebAppTest, ASignOnPaidInYearTwoIsAskedIntoYearOne) {
  PageResponse r = Post(
      "/offer",
      "label=HF+EM&company=Hugging+Face+Enterprise&role=Engineering+Manager&region=San+Francisco&"
      "currency=USD&date=2025-05-09&base=240000&bonus=10%25&signing.year2=300000&"
      "equity.kind=private_rsu&equity.value=240000&action=value&c1.label=Google+L6+EM&"
      "c1.company=Google&c1.currency=USD&c1.date=2025-05-09&c1.base=268000&c1.bonus=15%25&"
      "c1.equity.kind=public_rsu&c1.equity.value=430000&c1.equity.vesting=33%2F33%2F22%2F12");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<dt>Ask for a sign-on bonus in year one</dt><dd>USD 90,000<span "
                        "class=\"formula\">year-one gap USD 87,825"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<dt>Sign-on left in year two</dt><dd>USD 210,000</dd>\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("USD 90,000 of the signing bonus paid in year one."), std::string::npos);
}

// The form takes a sign-on's clawback: the offer page shows what it puts at
// risk, the counter plan asks it pro rata, and one without a sign-on is
// named at its field.
TEST_F(WebAppTest, ASignOnClawbackIsEnteredShownAndAskedForBetter) {
  const std::string offer =
      "label=HF+EM&company=Hugging+Face+Enterprise&role=Engineering+Manager&region=San+Francisco&"
      "currency=USD&date=2025-05-09&base=240000&bonus=10%25&signing.year1=20000&"
      "signing_clawback.months=24&signing_clawback.basis=full&"
      "equity.kind=private_rsu&equity.value=240000&action=value";
  PageResponse r = Post("/offer", offer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<select id=\"f-signing_clawback-basis\" name=\"signing_clawback.basis\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<option value=\"full\" selected>In full</option>"), std::string::npos);
  EXPECT_NE(r.body.find("<p>Sign-on repayable: in full until month 24: USD 20,000 at risk<span "
                        "class=\"formula\">USD 20,000 (paid on joining, repayable in full until "
                        "month 24)"),
            std::string::npos)
      << r.body;
  // As levers offer counter says it: the offered terms beside the asked,
  // and the sentence to say.
  EXPECT_NE(r.body.find("<dt>Ask for the sign-on to be repayable</dt><dd>pro rata over the 12 "
                        "months after payment, not in full if you leave within 24 months of "
                        "payment<span class=\"formula\">"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("</span><br>Say: “I&#39;d also ask that the signing bonus be repayable "
                        "pro rata over 12 months rather than in full for 24 months.”</dd>"),
            std::string::npos)
      << r.body;
  PageResponse bad = Post("/offer",
                          "company=Acme&currency=USD&base=100000&signing_clawback.months=12&"
                          "signing_clawback.basis=full");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("<a href=\"#f-signing_clawback-months\">Sign-on repayable for, in "
                          "months: there is no sign-on bonus to pay back: give the sign-on bonus, "
                          "or leave the clawback empty"),
            std::string::npos)
      << bad.body;
  // Months with "Not repayable" chosen: the message says so in the form's
  // words, not in the offer file's keys.
  PageResponse no_basis = Post("/offer",
                               "company=Acme&currency=USD&base=100000&signing.year1=20000&"
                               "signing_clawback.months=12&signing_clawback.basis=");
  EXPECT_EQ(no_basis.status, 422);
  EXPECT_NE(no_basis.body.find("<a href=\"#f-signing_clawback-basis\">Sign-on repayable: choose "
                               "in full or pro rata, or leave &#39;Sign-on repayable for, in "
                               "months&#39; empty"),
            std::string::npos)
      << no_basis.body;
  EXPECT_EQ(no_basis.body.find("has no basis"), std::string::npos) << no_basis.body;
}

// Without a region the offer is valued, without a band position, and the
// counter plan, which needs a band, asks for the region among the guide's.
TEST_F(WebAppTest, WithoutARegionTheCounterPlanAsksForOne) {
  PageResponse r = Post("/offer",
                        "company=Hugging+Face+Enterprise&role=Engineering+Manager&currency=USD&"
                        "date=2025-05-09&base=240000");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("USD 240,000</span>first-year total"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<h2 id=\"counter\">Counter plan</h2>\n<p>No counter plan: the offer "
                        "names no region; the Engineering Manager guide&#39;s regions: San "
                        "Francisco, New York, Paris.</p>"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("id=\"counter-message\""), std::string::npos);
}

// The counter plan takes the candidate's competing offers, as the API's
// counter does, and says what total to walk away below.
TEST_F(WebAppTest, TheCounterPlanWalksAwayBelowTheBestCompetingOffer) {
  PageResponse alone = Post("/offer", std::string(kHfOffer));
  ASSERT_EQ(alone.status, 200);
  // Each cited guide lever says what its script asks; the guide's levers no
  // plan lever cites are listed, but not one arguing from competing offers
  // ("Liquid Alternatives") while none is given.
  // A cited lever also says what else its script asks, which no plan lever
  // cites it for (its base: the base lever cites another).
  EXPECT_NE(alone.body.find("<td>Recruiting Pipeline, which asks a sign-on of USD 40,000; it also "
                            "asks USD 275,000 base</td>"),
            std::string::npos)
      << alone.body;
  EXPECT_NE(alone.body.find("<h3>The guide's other levers</h3>\n"), std::string::npos);
  EXPECT_NE(alone.body.find("<ul>\n<li>Transatlantic Team Building: asks USD 273,000 "
                            "base</li>\n</ul>\n"),
            std::string::npos);
  EXPECT_EQ(alone.body.find("Liquid Alternatives"), std::string::npos);
  EXPECT_NE(
      alone.body.find("<p>The guide's own strategy asks USD 270,000 base, USD 380,000 in "
                      "equity over 4 years, a sign-on of USD 40,000, 30% vesting in year one, "
                      "with a floor of USD 250,000 base.</p>"),
      std::string::npos);
  EXPECT_NE(alone.body.find("<legend>Competing offer 1</legend>"), std::string::npos);
  EXPECT_NE(alone.body.find("<h3 id=\"walk-away\">Walk away</h3>\n<p>No competing offer was "
                            "given"),
            std::string::npos);
  // Google: 268,000 + 15% bonus 40,200 = 308,200 a year, every year, in USD
  // like the offer (no conversion); the blank second offer is left out.
  PageResponse r = Post("/offer", std::string(kHfOffer) +
                                      "&action=value&c1.label=Google+L6&c1.company=Google&"
                                      "c1.currency=USD&c1.date=2025-05-09&c1.base=268000&"
                                      "c1.bonus=15%25&c2.currency=USD");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("less than your best alternative, Google L6:</p>\n<dl class=\"meta\">\n"
                        "<dt>First-year total</dt><dd>USD 308,200<span class=\"formula\">"
                        "Google L6&#39;s first year, year 1: base USD 268,000 + bonus USD 40,200; "
                        "where bonus USD 40,200 = USD 268,000 × 15% target</span>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<dt>Four-year average</dt><dd>USD 308,200<span class=\"formula\">"),
            std::string::npos);
  // The form comes back with both competing offers, as typed.
  EXPECT_NE(r.body.find("<legend>Competing offer 2</legend>"), std::string::npos);
  // A competing offer is optional: its fields are not marked required (the
  // offer's own are), and its base's hint says what it is needed for.
  EXPECT_NE(r.body.find("name=\"c1.base\" type=\"text\" inputmode=\"decimal\" "
                        "value=\"268000\""),
            std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-c1-base-hint\">needed to count this offer; 240000 or $240K"),
            std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-base-hint\">required; 240000 or $240K"), std::string::npos);
  for (std::string_view name : {"c1.base", "c1.currency", "c2.base", "c2.currency"}) {
    const size_t at = r.body.find("name=\"" + std::string(name) + "\"");
    ASSERT_NE(at, std::string::npos) << name;
    EXPECT_EQ(r.body.substr(at, r.body.find('>', at) - at).find(" required"), std::string::npos)
        << name;
  }
  // A competing offer's problem is named at its field, and nothing is valued.
  PageResponse bad = Post("/offer", std::string(kHfOffer) + "&c1.currency=USD&c1.base=lots");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("<a href=\"#f-c1-base\">Competing offer 1 · Base salary per year: "),
            std::string::npos)
      << bad.body;
  EXPECT_EQ(bad.body.find("id=\"results\""), std::string::npos);
  // Another competing offer is added without valuing, the keyboard in it.
  PageResponse add = Post("/offer", std::string(kHfOffer) + "&action=add-other&c1.base=1");
  EXPECT_EQ(add.status, 200);
  EXPECT_EQ(add.body.find("id=\"results\""), std::string::npos);
  EXPECT_NE(add.body.find("<input id=\"f-c2-label\" name=\"c2.label\" type=\"text\" "
                          "autofocus"),
            std::string::npos);
  EXPECT_EQ(Count(add.body, " autofocus"), 1u);
  // At most kMaxCompetingOffers; past it the field is refused, never dropped.
  PageResponse six = Post("/offer", std::string(kHfOffer) + "&c6.currency=USD&c6.base=1");
  EXPECT_EQ(six.status, 422);
  EXPECT_NE(six.body.find("the form takes at most 5 competing offers; it has a field of "
                          "competing offer 6 (c6.currency)"),
            std::string::npos);
  PageResponse full = Post("/offer", std::string(kHfOffer) + "&action=add-other&c5.base=1");
  EXPECT_EQ(full.status, 422);
  EXPECT_EQ(full.body.find("value=\"add-other\""), std::string::npos);
  EXPECT_EQ(Post("/offer", std::string(kHfOffer) + "&c1.x=1").status, 422);
  EXPECT_EQ(Post("/offer", std::string(kHfOffer) + "&c1.base=1&c1.base=2").status, 422);
  EXPECT_EQ(Post("/offer", std::string(kHfOffer) + "&action=dance").status, 422);
}

TEST_F(WebAppTest, NamesTheFieldAtFault) {
  PageResponse r = Post("/offer", "company=Acme&currency=USD&base=lots&equity.kind=gold");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<a href=\"#f-base\">Base salary per year: "), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("id=\"f-base-error\""), std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#f-equity-kind\">Equity: "), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  PageResponse empty = Post("/offer", "label=&base=");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("the form is empty"), std::string::npos);
}

// A blank form's problem is said at the fields to fill in, linked from the
// summary, and a comparison names every blank offer it needs in the same
// round as the other offers' problems.
TEST_F(WebAppTest, ABlankOfferIsNamedAtTheFieldsItNeeds) {
  PageResponse offer = Post("/offer", "currency=USD&base=&action=value");
  EXPECT_EQ(offer.status, 422);
  EXPECT_NE(offer.body.find("<li><a href=\"#f-base\">Base salary per year: the form is empty; an "
                            "offer needs at least its currency and base salary</a></li>"),
            std::string::npos)
      << offer.body;
  EXPECT_NE(offer.body.find("id=\"f-base\" name=\"base\" type=\"text\" inputmode=\"decimal\" "
                            "required value=\"\" aria-describedby=\"f-base-hint f-base-error\" "
                            "aria-invalid=\"true\">"),
            std::string::npos);
  EXPECT_EQ(offer.body.find("href=\"#f-currency\""), std::string::npos);  // USD is given
  PageResponse no_currency = Post("/offer", "label=&currency=&base=");
  EXPECT_NE(no_currency.body.find("<li><a href=\"#f-currency\">Currency: the form is empty; "),
            std::string::npos);
  EXPECT_NE(no_currency.body.find("<li><a href=\"#f-base\">"), std::string::npos);

  PageResponse both = Post("/compare", "action=compare&o1.currency=USD&o2.currency=USD");
  EXPECT_EQ(both.status, 422);
  EXPECT_NE(both.body.find("<div class=\"errors\" id=\"errors\" role=\"alert\" "
                           "tabindex=\"-1\"><h2>The offers cannot be compared yet</h2>\n<ul>\n"
                           "<li><a href=\"#f-o1-base\">Offer 1 · Base salary per year: a "
                           "comparison needs at least two offers, and this one is blank</a></li>\n"
                           "<li><a href=\"#f-o2-base\">Offer 2 · Base salary per year: a "
                           "comparison needs at least two offers, and this one is blank</a></li>\n"
                           "</ul>"),
            std::string::npos)
      << both.body;
  EXPECT_EQ(both.body.find("Fill in at least two offers"), std::string::npos);
  // Offer 1 blank, offer 2 wrong: both said at once.
  PageResponse mixed =
      Post("/compare", "action=compare&o1.currency=USD&o2.currency=XX&o2.base=lots");
  EXPECT_EQ(mixed.status, 422);
  EXPECT_NE(mixed.body.find("<a href=\"#f-o1-base\">Offer 1 · Base salary per year: "),
            std::string::npos)
      << mixed.body;
  EXPECT_NE(mixed.body.find("<a href=\"#f-o2-currency\">Offer 2 · Currency: "), std::string::npos);
  // Two offers given, whichever fieldsets hold them: nothing is missing.
  PageResponse gap = Post("/compare",
                          "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&o3.currency="
                          "USD&o3.base=2");
  EXPECT_EQ(gap.status, 200) << gap.body;
}

// What a clawback puts at risk, and what leaving about half-way through a
// pro rata one repays, are said in levers offer evaluate's words (EvaluationText, what it prints):
// 25,000 + 15,000 over 24 months, after 13 months: 25,000 × 11 / 24 = 11,458.33 and 15,000 × 23 /
// 24 = 14,375.
TEST_F(WebAppTest, TheClawbacksHalfWayFigureIsSaidAsTheCliSaysIt) {
  PageResponse r = Post("/offer",
                        "company=Acme&currency=USD&base=200000&signing.year1=25000&"
                        "signing.year2=15000&signing_clawback.months=24&"
                        "signing_clawback.basis=pro_rata&action=value");
  ASSERT_EQ(r.status, 200) << r.body;
  DiagnosticSink sink;
  std::optional<Offer> offer =
      ReadOffer(SourceFile("offer.yaml",
                           "company: Acme\ncurrency: USD\nbase: 200000\n"
                           "signing: {year1: 25000, year2: 15000}\n"
                           "signing_clawback: {months: 24, basis: pro_rata}\n"),
                sink);
  ASSERT_TRUE(offer);
  Result<Evaluation> ev = Evaluate(*offer, nullptr, {});
  ASSERT_TRUE(ev.ok());
  const std::string cli = EvaluationText(*ev, false);
  // The first sentence too, made by one function (ClawbackAtRiskText) for both.
  const std::string at_risk =
      "sign-on repayable: pro rata: year 1&#39;s until month 24, year 2&#39;s from month 12 "
      "until month 36: USD 40,000 at risk";
  const std::string cli_at_risk =
      "sign-on repayable: pro rata: year 1's until month 24, year 2's from month 12 until month "
      "36: USD 40,000 at risk";
  EXPECT_NE(cli.find("\n  " + cli_at_risk + "\n"), std::string::npos) << cli;
  EXPECT_NE(r.body.find("<p>S" + at_risk.substr(1) +
                        "<span class=\"formula\">USD 25,000 (year 1, paid on joining"),
            std::string::npos)
      << r.body;
  // The most repayable at once, after it, in the same words.
  const std::string most =
      "sign-on repayable at most USD 25,833.33 at once (leaving after 13 months)";
  EXPECT_NE(cli.find("\n  " + most + "\n"), std::string::npos) << cli;
  EXPECT_NE(r.body.find("</span>; " + most +
                        "<span class=\"formula\">leaving after 13 months: year 1&#39;s sign-on "
                        "USD 25,000 × (24 − 13) / 24"),
            std::string::npos)
      << r.body;
  const std::string sentence = "sign-on repayable after 13 months: USD 25,833.33";
  EXPECT_NE(cli.find("\n  " + sentence + "\n"), std::string::npos) << cli;
  EXPECT_NE(r.body.find("</span>; " + sentence +
                        "<span class=\"formula\">leaving after 13 months: year 1&#39;s sign-on "
                        "USD 25,000 × (24 − 13) / 24"),
            std::string::npos)
      << r.body;
}

// The compare table says what levers offer compare says: the clawback cell,
// the years each grant vests over, and an even grant's remainder under it.
TEST_F(WebAppTest, CompareSaysWhatTheCliSays) {
  PageResponse r = Post(
      "/compare",
      "action=compare&o1.label=A&o1.currency=USD&o1.base=200000&o1.signing.year1=75000&"
      "o1.signing_clawback.months=24&o1.signing_clawback.basis=full&o2.label=B&o2.currency=USD&"
      "o2.base=210000&o2.equity.kind=public_rsu&o2.equity.value=100000.03&o2.equity.vesting=even&"
      "o2.equity.years=4");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<th scope=\"row\">Sign-on repayable</th><td class=\"num\">USD 75,000, in "
                        "full for 24 months<span class=\"formula\">"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<th scope=\"row\">Grant vests over</th><td class=\"num\">—</td><td "
                        "class=\"num\">4 years</td></tr>"),
            std::string::npos)
      << r.body;
  // 100,000.03 over 4 years: 25,000, 25,000.01, 25,000.01, 25,000.01.
  EXPECT_NE(r.body.find("<p class=\"muted\">B: the even grant vests USD 25,000 in year 1 and USD "
                        "25,000.01 in years 2–4: each year is the schedule to date rounded down "
                        "to the cent, so the years add up to the whole grant, USD 100,000.03, "
                        "exactly</p>"),
            std::string::npos)
      << r.body;
}

// Each fieldset's headings say, to a screen reader, which offer they are of.
TEST_F(WebAppTest, FieldsetHeadingsSayWhichOfferTheyAreOf) {
  const std::string compare = Get("/compare").body;
  EXPECT_NE(compare.find("<h3><span class=\"vh\">Offer 2: </span>Cash</h3>"), std::string::npos)
      << compare;
  EXPECT_NE(compare.find("<h3><span class=\"vh\">Offer 1: </span>The offer</h3>"),
            std::string::npos);
  EXPECT_EQ(compare.find("<h3>Cash</h3>"), std::string::npos);
  const std::string offer = Get("/offer").body;
  EXPECT_NE(offer.find("<h3><span class=\"vh\">Your offer: </span>Equity</h3>"), std::string::npos);
  EXPECT_NE(offer.find("<h3><span class=\"vh\">Competing offer 1: </span>Equity</h3>"),
            std::string::npos);
}

// The title says what came back: "Error: " while the page answers 422, the
// results' heading over results.
TEST_F(WebAppTest, TitlesSayWhatThePageHolds) {
  auto title = [](const std::string& body) {
    const size_t a = body.find("<title>"), b = body.find("</title>");
    return a == std::string::npos || b == std::string::npos ? std::string()
                                                            : body.substr(a + 7, b - a - 7);
  };
  EXPECT_EQ(title(Get("/offer").body), "Value an offer — levers");
  EXPECT_EQ(title(Post("/offer", "currency=USD&base=lots").body), "Error: Value an offer — levers");
  EXPECT_EQ(title(Post("/offer", std::string(kHfOffer)).body),
            "Evaluation: HF EM — Value an offer — levers");
  EXPECT_EQ(title(Get("/compare").body), "Compare offers — levers");
  EXPECT_EQ(title(Post("/compare", "action=compare&o1.currency=USD&o1.base=x").body),
            "Error: Compare offers — levers");
  EXPECT_EQ(
      title(Post("/compare", "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&o2.base=2")
                .body),
      "Comparison in USD — Compare offers — levers");
  EXPECT_EQ(title(Post("/compare", "action=add&o1.base=1").body), "Compare offers — levers");
}

// A "—" for what a guide does not state, which screen readers pass over, is
// said to them in words.
TEST_F(WebAppTest, GapsAreSaidInWords) {
  const std::string health = Get("/health").body;
  EXPECT_NE(health.find("<td class=\"gap\"><span aria-hidden=\"true\">—</span><span "
                        "class=\"vh\">no guide</span></td>"),
            std::string::npos)
      << health;
  GuideRow row;
  row.id = "acme--engineer";
  row.company = "Acme";
  row.role = "Engineer";
  HomePage home;
  home.rows = {&row};
  const std::string page = RenderHomePage(home, SiteLinks::Static(""));
  EXPECT_NE(page.find("<td><span aria-hidden=\"true\">—</span><span class=\"vh\">not "
                      "stated</span></td><td><span aria-hidden=\"true\">—</span><span "
                      "class=\"vh\">not stated</span></td>"),
            std::string::npos)
      << page;
}

// Without script, what needs it says so: the static site's search and a
// shared comparison link.
TEST_F(WebAppTest, WhatNeedsScriptSaysSoWithoutIt) {
  HomePage home;
  home.query = "paris";
  const std::string notice =
      "<noscript><p>This copy of the guides searches with script, which is off: every guide is "
      "listed below.</p></noscript>";
  EXPECT_NE(RenderHomePage(home, SiteLinks::Static("")).find(notice), std::string::npos);
  EXPECT_EQ(Get("/").body.find("<noscript>"), std::string::npos);  // the server searches
  EXPECT_NE(Get("/compare")
                .body.find("<noscript><p class=\"muted\">A shared comparison link "
                           "opens with script, which is off"),
            std::string::npos);
}

// The page levers serve sends for a form over its request limit is a page of
// the site: the viewport, the stylesheet, the skip link and a way back.
TEST(WebTooLargePage, IsAPageOfTheSite) {
  const std::string page = TooLargePage(1048576);
  for (const char* want :
       {"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<link rel=\"stylesheet\" href=\"/assets/app.css\">",
        "<a class=\"skip\" href=\"#main\">Skip to content</a>",
        "<title>That form was too large — levers</title>",
        "<p>levers takes at most 1048576 bytes in one request. Go back, shorten what you entered, "
        "and send it again.</p>\n<p><a href=\"/\">All guides</a></p>"})
    EXPECT_NE(page.find(want), std::string::npos) << want << "\n" << page;
}

// A currency the guide page cannot show leads back to the guide.
TEST_F(WebAppTest, ABadCurrencyLeadsBackToTheGuide) {
  PageResponse r = Get("/guides/hugging-face-enterprise--engineering-manager", "currency=xyz");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<p><a href=\"/guides/hugging-face-enterprise--engineering-manager\">Back "
                        "to the guide</a> · <a href=\"/\">All guides</a></p>"),
            std::string::npos)
      << r.body;
}

// A region the guide has no band for is said at the region field.
TEST_F(WebAppTest, AnUnknownRegionIsNamedAtItsField) {
  PageResponse r = Post("/offer",
                        "company=Hugging+Face+Enterprise&role=Engineering+Manager&region=Atlantis&"
                        "currency=EUR&base=200000");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<li><a href=\"#f-region\">Region: the Engineering Manager guide has no "
                        "region &#39;Atlantis&#39;; closest: Paris, San Francisco, New "
                        "York</a></li>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<input id=\"f-region\" name=\"region\" type=\"text\" list=\"dl-regions\" "
                        "value=\"Atlantis\" aria-describedby=\"f-region-hint f-region-error\" "
                        "aria-invalid=\"true\">"),
            std::string::npos);
  PageResponse c = Post("/compare",
                        "action=compare&o1.company=Hugging+Face+Enterprise&o1.role=Engineering+"
                        "Manager&o1.region=Atlantis&o1.currency=EUR&o1.base=1&o2.currency=USD&"
                        "o2.base=2");
  EXPECT_EQ(c.status, 422);
  EXPECT_NE(c.body.find("<li><a href=\"#f-o1-region\">Offer 1 · Region: the Engineering Manager "
                        "guide has no region"),
            std::string::npos);
}

// An unknown currency stops the offer reader; the form still names every
// other problem. A code is a code in any case: "eur" is EUR.
TEST_F(WebAppTest, ReportsEveryProblemAndTakesACurrencyInAnyCase) {
  PageResponse r =
      Post("/offer", "company=Acme&currency=XYZ&base=abc&bonus=zz&signing.year1=5x&relocation=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<a href=\"#f-currency\">Currency: currency &#39;XYZ&#39; is not an ISO "
                        "4217 code"),
            std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#f-base\">Base salary per year: base &#39;abc&#39;"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<a href=\"#f-bonus\">"), std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#f-signing-year1\">"), std::string::npos);
  EXPECT_EQ(Count(r.body, "<li><a href="), 4u);
  const size_t summary = r.body.find("id=\"errors\"");
  // USD only in the currency's own message ("USD, EUR, GBP ..."): nothing
  // about the currency the other fields were read in.
  EXPECT_EQ(Count(r.body.substr(summary, r.body.find("</div>", summary) - summary), "USD"), 1u);

  PageResponse lower = Post(
      "/offer", std::string(kHfOffer).replace(kHfOffer.find("currency=USD"), 12, "currency=usd"));
  EXPECT_EQ(lower.status, 200) << lower.body;
  EXPECT_NE(lower.body.find("USD 326,000"), std::string::npos);  // as with currency=USD
  PageResponse compare =
      Post("/compare",
           "action=compare&currency=eur&o1.currency=usd&o1.base=1&o2.currency=Usd&o2.base=2");
  EXPECT_EQ(compare.status, 200);
  EXPECT_NE(compare.body.find("Comparison in EUR"), std::string::npos);
}

// The comparison places each offer in its own guide's band, in the band's
// currency, as the offer page does; an offer without a guide says why. The
// first two offers are required, a third added one is not.
TEST_F(WebAppTest, TheComparisonPlacesEachOfferInItsGuidesBand) {
  PageResponse r = Post("/compare",
                        "action=compare&currency=USD&o1.label=HF&o1.company=Hugging+Face+"
                        "Enterprise&o1.role=Engineering+Manager&o1.region=Paris&o1.currency=EUR&"
                        "o1.date=2025-05-09&o1.base=187000&o2.label=Acme&o2.company=Acme&"
                        "o2.currency=USD&o2.base=200000&o3.currency=USD");
  ASSERT_EQ(r.status, 200) << r.body;
  const size_t row = r.body.find("<tr><th scope=\"row\">Position in its guide's band</th>");
  ASSERT_NE(row, std::string::npos) << r.body;
  const std::string cells = r.body.substr(row, r.body.find("</tr>", row) - row);
  // HF's base in EUR against the Paris band, as evaluate places it; Acme has
  // no guide.
  EXPECT_NE(cells.find("<span class=\"band-position\">Paris band (EUR)</span><br>base: "),
            std::string::npos)
      << cells;
  EXPECT_NE(cells.find("EUR 187,000 in "), std::string::npos) << cells;
  EXPECT_NE(cells.find("<span class=\"muted\">no guide for company &#39;Acme&#39;"),
            std::string::npos)
      << cells;
  // HF's guide's data, as of the web app's date, as the offer page says them;
  // Acme has no guide, so no guide data.
  EXPECT_NE(cells.find("<br><span class=\"guide-data overdue\">Guide data: quality high, "
                       "salaries 2025-Q4, last updated 2026-02-23, review due 2026-05-23 "
                       "(overdue by 184 days as of 2026-11-23)</span></td>"),
            std::string::npos)
      << cells;
  EXPECT_EQ(cells.find("Guide data"), cells.rfind("Guide data")) << cells;
  for (std::string_view name : {"o1.base", "o2.base", "o3.base"}) {
    const size_t at = r.body.find("name=\"" + std::string(name) + "\"");
    ASSERT_NE(at, std::string::npos) << name;
    EXPECT_EQ(r.body.substr(at, r.body.find('>', at) - at).find(" required") != std::string::npos,
              name != "o3.base")
        << name;
  }
}

// A field sent twice, a field no form has, or an offer past the sixth is
// refused with a message, never silently dropped.
TEST_F(WebAppTest, RefusesDuplicateUnknownAndSurplusFields) {
  PageResponse dup = Post("/offer", "currency=USD&base=-5&base=100000");
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(dup.body.find("<a href=\"#f-base\">Base salary per year: given more than once; send "
                          "each field once</a>"),
            std::string::npos)
      << dup.body;
  PageResponse unknown = Post("/offer", "currency=USD&base=100000&bogus=1");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("<li>the form has a field &#39;bogus&#39; that levers does not "
                              "know</li>"),
            std::string::npos);
  PageResponse seven = Post("/compare",
                            "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&o2.base=2&"
                            "o7.currency=USD&o7.base=3");
  EXPECT_EQ(seven.status, 422);
  EXPECT_NE(seven.body.find("<li>A comparison takes at most 6 offers; the form has a field of "
                            "offer 7 (o7.currency).</li>"),
            std::string::npos)
      << seven.body;
  EXPECT_EQ(seven.body.find("id=\"results\""), std::string::npos);
  PageResponse twice = Post(
      "/compare", "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&o2.base=2&o2.base=9");
  EXPECT_EQ(twice.status, 422);
  EXPECT_NE(twice.body.find("<li><a href=\"#f-o2-base\">&#39;o2.base&#39; is given more than "
                            "once; send each field once.</a></li>"),
            std::string::npos);
  PageResponse odd =
      Post("/compare", "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&o2.base=2&o1.x=3");
  EXPECT_EQ(odd.status, 422);
  EXPECT_NE(odd.body.find("The form has a field &#39;o1.x&#39; that levers does not know."),
            std::string::npos);
}

// An offer with neither a name nor a company is called as the form calls it,
// never "(form)"; the message to the company, to which "Competing offer 1"
// means nothing, calls it "another offer", as the CLI and the API do.
TEST_F(WebAppTest, AnOfferWithoutANameIsCalledAsItsFieldsetIs) {
  PageResponse r = Post("/offer",
                        "company=Cobblestack+Robotics&role=Site+Reliability+Engineer&region="
                        "Bangalore&currency=INR&base=5500000&c1.currency=INR&c1.base=6500000&"
                        "action=value");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("I&#39;m also considering another offer (INR 65,00,000 base)."),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("an offer from Competing offer 1"), std::string::npos);
  EXPECT_NE(r.body.find("your best alternative, Competing offer 1:</p>"), std::string::npos);
  EXPECT_EQ(r.body.find("(form)"), std::string::npos);
  PageResponse c = Post("/compare",
                        "o1.currency=USD&o1.base=200000&o2.currency=EUR&o2.base=150000&"
                        "action=compare");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_NE(c.body.find("<th scope=\"col\" class=\"num\">Offer 1</th><th scope=\"col\" "
                        "class=\"num\">Offer 2</th>"),
            std::string::npos)
      << c.body;
  EXPECT_EQ(c.body.find("(form)"), std::string::npos);
}

// A conversion the rates cannot make is said at the field that decides it,
// the offer's or a competing offer's date, and the page is 422 until it can
// be made, as the API answers.
TEST_F(WebAppTest, AConversionTheRatesCannotMakeIsNamedAtItsField) {
  const std::string hf =
      "company=Hugging+Face+Enterprise&role=Engineering+Manager&region=San+Francisco&";
  PageResponse own = Post("/offer", hf + "currency=EUR&date=2030-01-01&base=200000");
  EXPECT_EQ(own.status, 422);
  EXPECT_NE(own.body.find("<li><a href=\"#f-date\">Offer date: date 2030-01-01: cannot convert EUR "
                          "to USD: no ECB rate "),
            std::string::npos)
      << own.body;
  EXPECT_NE(own.body.find("aria-describedby=\"f-date-hint f-date-error\" aria-invalid=\"true\""),
            std::string::npos);
  EXPECT_EQ(Count(own.body, "<li>"), 1u);

  PageResponse other = Post("/offer", std::string(kHfOffer) +
                                          "&c1.label=Berlin&c1.currency=EUR&c1.date=2030-01-01&"
                                          "c1.base=150000");
  EXPECT_EQ(other.status, 422);
  EXPECT_NE(other.body.find("<li><a href=\"#f-c1-date\">Competing offer 1 · Offer date: date "
                            "2030-01-01: cannot convert EUR to USD: no ECB rate "),
            std::string::npos)
      << other.body;
  EXPECT_EQ(other.body.find("id=\"results\""), std::string::npos);
  EXPECT_EQ(other.body.find("No counter plan"), std::string::npos);

  PageResponse c = Post("/compare",
                        "action=compare&o1.currency=USD&o1.base=200000&o2.label=Berlin&"
                        "o2.currency=EUR&o2.date=2030-01-01&o2.base=150000");
  EXPECT_EQ(c.status, 422);
  EXPECT_NE(c.body.find("<li><a href=\"#f-o2-date\">Offer 2 · Offer date: date 2030-01-01: "
                        "cannot convert EUR to USD: no ECB rate "),
            std::string::npos)
      << c.body;
  EXPECT_EQ(c.body.find("(form)"), std::string::npos);
}

// Messages name another field by its label in the form, with no line or
// column of the JSON the form was written into, and no file syntax.
TEST_F(WebAppTest, FormMessagesNameOtherFieldsByTheirLabels) {
  PageResponse years = Post("/offer",
                            "currency=USD&base=200000&equity.kind=public_rsu&equity.value="
                            "100000&equity.vesting=40%2F30%2F20%2F10&equity.years=3");
  EXPECT_EQ(years.status, 422);
  EXPECT_NE(years.body.find("<span class=\"error\" id=\"f-equity-vesting-error\">&#39;equity."
                            "vesting&#39; has 4 years but &#39;Vesting years&#39; says 3; give "
                            "one, or make them agree</span>"),
            std::string::npos)
      << years.body;
  PageResponse options = Post("/offer",
                              "currency=USD&base=200000&equity.kind=options&equity.value=1000&"
                              "equity.shares=1000&equity.strike=1&equity.fair_value=2");
  EXPECT_EQ(options.status, 422);
  EXPECT_NE(options.body.find("id=\"f-equity-value-error\">&#39;equity.value&#39; is for RSUs, "
                              "but &#39;Equity&#39; is options, valued from"),
            std::string::npos)
      << options.body;
  PageResponse name_only = Post("/offer", std::string(kHfOffer) + "&c1.label=Acme&c1.currency=USD");
  EXPECT_EQ(name_only.status, 422);
  EXPECT_NE(name_only.body.find("<a href=\"#f-c1-base\">Competing offer 1 · Base salary per "
                                "year: the offer has no base salary (e.g. 200000)</a>"),
            std::string::npos)
      << name_only.body;
  for (const PageResponse* r : {&years, &options, &name_only})
    EXPECT_EQ(r->body.find("line "), std::string::npos);
}

// A bonus amount under 1% of base is valued as typed, with a warning at its
// field: "10" is USD 10 a year, which reads like 10% with the sign left out.
TEST_F(WebAppTest, ABonusUnderOnePercentOfBaseIsQuestioned) {
  auto with_bonus = [](std::string_view bonus) {
    std::string body(kHfOffer);
    body.replace(body.find("bonus=10%25"), 11, "bonus=" + std::string(bonus));
    return body;
  };
  PageResponse r = Post("/offer", with_bonus("10"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("id=\"results\""), std::string::npos);
  const std::string said =
      "USD 10 a year is under 1% of the base salary; did you mean 10%? Write 10% for a "
      "percentage of base";
  EXPECT_NE(r.body.find("<span class=\"warning\" id=\"f-bonus-warning\">" + said + "</span>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("aria-describedby=\"f-bonus-hint f-bonus-warning\">"), std::string::npos);
  EXPECT_NE(r.body.find("<li><a href=\"#f-bonus\">Target bonus: " + said + "</a></li>"),
            std::string::npos);
  EXPECT_EQ(r.body.find("aria-invalid"), std::string::npos);
  // 1% of USD 240,000 is 2,400: from there on an amount is taken as meant.
  PageResponse under = Post("/offer", with_bonus("2399.99"));
  EXPECT_NE(under.body.find("id=\"f-bonus-warning\">USD 2,399.99 a year is under 1% of the base "
                            "salary; did you mean 2399.99%?"),
            std::string::npos);
  EXPECT_EQ(Post("/offer", with_bonus("2400")).body.find("f-bonus-warning"), std::string::npos);
  EXPECT_EQ(Post("/offer", std::string(kHfOffer)).body.find("warning"), std::string::npos);
}

// The offer reader's warnings are said at their fields too, and the offer is
// valued: a preferred price wins over a fair value given with it.
TEST_F(WebAppTest, TheReadersWarningsAreSaidAtTheirFields) {
  PageResponse r = Post("/offer",
                        "currency=USD&base=200000&equity.kind=options&equity.shares=1000&"
                        "equity.strike=1&equity.fair_value=2&equity.preferred_price=5");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<span class=\"warning\" id=\"f-equity-preferred_price-warning\">&#39;"
                        "equity.preferred_price&#39; and &#39;Fair value per share (409A)&#39; "
                        "are both given: the options are valued at the preferred price"),
            std::string::npos)
      << r.body;
}

// The band chart's description states the offer's figure exactly; the line
// drawn on the chart may round it.
TEST_F(WebAppTest, TheBandChartDescribesTheOfferExactly) {
  PageResponse r = Post("/offer",
                        "company=Hugging+Face+Enterprise&role=Engineering+Manager&region=Paris&"
                        "currency=EUR&date=2025-05-09&base=195500.50");
  ASSERT_EQ(r.status, 200) << r.body;
  const size_t desc = r.body.find("<desc>", r.body.find("id=\"chart-position\""));
  ASSERT_NE(desc, std::string::npos);
  const std::string text = r.body.substr(desc, r.body.find("</desc>", desc) - desc);
  EXPECT_NE(text.find("base: EUR 187,000 to 234,000, offer EUR 195,500.50, 34th percentile; "),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("196K"), std::string::npos) << text;
  EXPECT_NE(r.body.find("<text class=\"o\" y=\"33\">offer EUR 196K, "), std::string::npos);
}

// Headings go down one level at a time; every result table has a caption;
// after a 422 the error summary comes first after the title and can take the
// focus (app.js gives it).
TEST_F(WebAppTest, PagesAreOutlinedAndTablesNamed) {
  auto levels_skip = [](const std::string& body) {
    int last = 0;
    for (size_t at = body.find("<h"); at != std::string::npos; at = body.find("<h", at + 1)) {
      const char c = at + 2 < body.size() ? body[at + 2] : 0;
      if (c < '1' || c > '6') continue;
      const int level = c - '0';
      if (level > last + 1) return body.substr(at, 60);
      last = level;
    }
    return std::string();
  };
  auto tables_without_caption = [](const std::string& body) {
    size_t n = 0;
    for (size_t at = body.find("<table"); at != std::string::npos;
         at = body.find("<table", at + 1)) {
      if (body.compare(body.find('>', at) + 1, 10, "\n<caption ") != 0) ++n;
    }
    return n;
  };
  const std::vector<std::pair<std::string, PageResponse>> pages = {
      {"GET /offer", Get("/offer")},
      {"GET /compare", Get("/compare")},
      {"offer",
       Post("/offer", std::string(kHfOffer) + "&c1.label=G&c1.currency=USD&c1.base=300000")},
      {"compare", Post("/compare",
                       "action=compare&o1.currency=USD&o1.base=1&o2.currency=USD&"
                       "o2.base=2")},
      {"health", Get("/health")},
      {"guide", Get("/guides/hugging-face-enterprise--engineering-manager")},
      {"422", Post("/offer", "currency=USD&base=lots")}};
  for (const auto& [name, r] : pages) {
    EXPECT_EQ(levels_skip(r.body), "") << name;
    EXPECT_EQ(tables_without_caption(r.body), 0u) << name;
  }
  EXPECT_EQ(Count(pages[2].second.body, "<caption class=\"muted\">"),
            3u);  // figures, years, levers
  EXPECT_NE(pages[5].second.body.find("<caption class=\"muted\">Competing offers the strategy "
                                      "names</caption>"),
            std::string::npos);
  const std::string& bad = pages[6].second.body;
  EXPECT_NE(bad.find("<h1>Value an offer</h1>\n<div class=\"errors\" id=\"errors\" role=\"alert\" "
                     "tabindex=\"-1\">"),
            std::string::npos);
  PageResponse compare_bad = Post("/compare", "action=compare&o1.currency=USD&o1.base=x");
  EXPECT_NE(compare_bad.body.find("<h1>Compare offers</h1>\n<div class=\"errors\" "),
            std::string::npos);
}

TEST_F(WebAppTest, GetOfferPrefillsOnlyWhoTheOfferIsFrom) {
  PageResponse r = Get("/offer", "company=Acme&base=999999");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("value=\"Acme\""), std::string::npos);
  EXPECT_EQ(r.body.find("999999"), std::string::npos);
}

TEST_F(WebAppTest, ComparesOffersWithAShareableLink) {
  const std::string body =
      "currency=USD&rank=four-year&action=compare&"
      "o1.label=A&o1.currency=USD&o1.base=200000&"
      "o2.label=B&o2.currency=EUR&o2.date=2025-05-09&o2.base=180000&o2.relocation=5000&"
      "o3.currency=USD";
  PageResponse r = Post("/compare", body);
  ASSERT_EQ(r.status, 200) << r.body;
  // Relocation is shown beside the totals, not in them, converted as the rest:
  // EUR 5,000 × 1.1252 = USD 5,626.
  EXPECT_NE(r.body.find("<tr><th scope=\"row\">Relocation (not in the totals)</th><td "
                        "class=\"num\">USD 0</td><td class=\"num\">USD 5,626</td></tr>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("id=\"chart-compare\""), std::string::npos);
  // EUR 180,000 × 1.1252 = USD 202,536: B leads A by 2,536 every year.
  EXPECT_NE(r.body.find("<li>Year 1: B leads by USD 2,536</li>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Best by four-year average: <strong>B</strong>"), std::string::npos);
  // The blank third offer is left out; the link carries the two as typed.
  const std::string json =
      R"({"currency":"USD","offers":[{"base":"200000","currency":"USD","label":"A"},)"
      R"({"base":"180000","currency":"EUR","date":"2025-05-09","label":"B","relocation":"5000"}]})";
  EXPECT_NE(r.body.find("data-url=\"/compare#offers=" + Base64UrlEncode(json) + "\""),
            std::string::npos);
  EXPECT_EQ(Header(r, "Cache-Control"), "no-store");
}

TEST_F(WebAppTest, AddsAnOfferAndRefusesTooFew) {
  PageResponse add = Post("/compare", "action=add&o1.base=1&o2.base=2");
  EXPECT_EQ(add.status, 200);
  EXPECT_NE(add.body.find("<legend>Offer 3</legend>"), std::string::npos);
  EXPECT_NE(add.body.find("name=\"o1.base\""), std::string::npos);
  // The keyboard focus goes to the added offer's first field, and only there.
  EXPECT_NE(add.body.find("<input id=\"f-o3-label\" name=\"o3.label\" type=\"text\" autofocus"),
            std::string::npos);
  EXPECT_EQ(Count(add.body, " autofocus"), 1u);
  EXPECT_EQ(Get("/compare").body.find(" autofocus"), std::string::npos);
  PageResponse one = Post("/compare", "action=compare&o1.currency=USD&o1.base=1");
  EXPECT_EQ(one.status, 422);
  EXPECT_NE(one.body.find("<a href=\"#f-o2-base\">Offer 2 · Base salary per year: a comparison "
                          "needs at least two offers, and this one is blank</a>"),
            std::string::npos)
      << one.body;
  PageResponse bad =
      Post("/compare", "action=compare&o1.currency=USD&o1.base=1&o2.currency=XX&o2.base=5");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#f-o2-currency\">Offer 2 · Currency: "), std::string::npos);
}

// "Add another offer" on a form that holds the most offers it takes is a
// problem as any other: 422, "Error: " in the title, and a summary that says
// the most and what to do, linked to the field where the new offer can go.
TEST_F(WebAppTest, AddingPastTheMostOffersSaysWhatToDo) {
  auto title = [](const std::string& body) {
    const size_t a = body.find("<title>"), b = body.find("</title>");
    return body.substr(a + 7, b - a - 7);
  };
  std::string six = "action=add";
  for (int k = 1; k <= 6; ++k) six += "&o" + std::to_string(k) + ".base=" + std::to_string(k);
  PageResponse full = Post("/compare", six);
  EXPECT_EQ(full.status, 422);
  EXPECT_EQ(title(full.body), "Error: Compare offers — levers");
  EXPECT_NE(full.body.find("<div class=\"errors\" id=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>"
                           "The offers cannot be compared yet</h2>\n<ul>\n<li><a "
                           "href=\"#f-o6-label\">A comparison takes at most 6 offers, and the "
                           "form already holds 6: to add another, clear the fields of one you no "
                           "longer need (a blank one is left out) and enter the new one "
                           "there.</a></li>\n</ul>"),
            std::string::npos)
      << full.body;
  EXPECT_NE(full.body.find("id=\"f-o6-label\""), std::string::npos);
  EXPECT_EQ(full.body.find("<legend>Offer 7</legend>"), std::string::npos);
  EXPECT_EQ(full.body.find(" autofocus"), std::string::npos);
  EXPECT_EQ(full.body.find("value=\"add\""), std::string::npos);
  // A blank offer is where the new one goes.
  PageResponse gap = Post("/compare",
                          "action=add&o1.base=1&o2.base=2&o3.base=3&o4.label=&o4."
                          "currency=USD&o5.base=5&o6.base=6");
  EXPECT_EQ(gap.status, 422);
  EXPECT_NE(gap.body.find("<li><a href=\"#f-o4-label\">A comparison takes at most 6 offers, and "
                          "the form already holds 6: Offer 4 is blank; enter the new one "
                          "there.</a></li>"),
            std::string::npos)
      << gap.body;
  // Reaching the most is no error; the page says it where the button was.
  std::string five = "action=add";
  for (int k = 1; k <= 5; ++k) five += "&o" + std::to_string(k) + ".base=" + std::to_string(k);
  PageResponse sixth = Post("/compare", five);
  EXPECT_EQ(sixth.status, 200);
  EXPECT_EQ(title(sixth.body), "Compare offers — levers");
  EXPECT_EQ(sixth.body.find("value=\"add\""), std::string::npos);
  EXPECT_NE(sixth.body.find("</div>\n<p class=\"muted\" id=\"form-full\">A comparison takes at "
                            "most 6 offers: to compare another, clear the fields of one you no "
                            "longer need and enter the new one there.</p>\n</form>"),
            std::string::npos)
      << sixth.body;
  EXPECT_EQ(Post("/compare", "action=add&o1.base=1").body.find("form-full"), std::string::npos);

  // The offer page's competing offers alike, in its own words.
  const std::string offer = std::string(kHfOffer) + "&action=add-other";
  std::string five_others = offer;
  for (int k = 1; k <= 5; ++k)
    five_others += "&c" + std::to_string(k) + ".base=" + std::to_string(k);
  PageResponse others = Post("/offer", five_others);
  EXPECT_EQ(others.status, 422);
  EXPECT_EQ(title(others.body), "Error: Value an offer — levers");
  EXPECT_NE(others.body.find("<li><a href=\"#f-c5-label\">the form takes at most 5 competing "
                             "offers, and it already holds 5: to add another, clear the fields of "
                             "one you no longer need (a blank one is left out) and enter the new "
                             "one there</a></li>"),
            std::string::npos)
      << others.body;
  EXPECT_NE(others.body.find("id=\"form-full\">The form takes at most 5 competing offers: to add "
                             "another, clear the fields of one you no longer need and enter the "
                             "new one there.</p>"),
            std::string::npos);
  PageResponse blank_other = Post("/offer", offer + "&c1.base=1&c2.base=&c3.base=3&c5.base=5");
  EXPECT_EQ(blank_other.status, 422);
  EXPECT_NE(blank_other.body.find("<li><a href=\"#f-c2-label\">the form takes at most 5 "
                                  "competing offers, and it already holds 5: Competing offer 2 is "
                                  "blank; enter the new one there</a></li>"),
            std::string::npos)
      << blank_other.body;
  EXPECT_EQ(Post("/offer", offer + "&c1.base=1").body.find("form-full"), std::string::npos);
}

// "Add another offer" refuses the fields the compare page cannot take as
// "Compare" does, never dropping them, and an action the page does not know
// is refused.
TEST_F(WebAppTest, AddingAnOfferRefusesFieldsThePageCannotTake) {
  PageResponse past = Post("/compare", "action=add&o1.base=1&o9.base=9");
  EXPECT_EQ(past.status, 422);
  EXPECT_NE(past.body.find("<li>A comparison takes at most 6 offers; the form has a field of "
                           "offer 9 (o9.base).</li>"),
            std::string::npos)
      << past.body;
  EXPECT_NE(past.body.find("<legend>Offer 3</legend>"), std::string::npos);  // still added
  EXPECT_EQ(past.body.find(" autofocus"), std::string::npos);  // the summary takes the focus
  EXPECT_EQ(Post("/compare", "action=add&o1.base=1&colour=red").status, 422);
  EXPECT_EQ(Post("/compare", "action=add&o1.base=1&o1.base=2").status, 422);
  PageResponse dance =
      Post("/compare", "action=dance&o1.currency=USD&o1.base=1&o2.currency=USD&o2.base=2");
  EXPECT_EQ(dance.status, 422);
  EXPECT_NE(dance.body.find("<li>The form&#39;s action &#39;dance&#39; is not one levers "
                            "knows.</li>"),
            std::string::npos)
      << dance.body;
}

// The pages answer every path outside /api/ for every method: a method a page
// does not take is 405 with the methods it does take, an address with no page
// is 404 whatever the method.
TEST_F(WebAppTest, AnswersEveryMethodOnEveryPagePath) {
  const std::pair<std::string, std::string> pages[] = {
      {"/", "GET, HEAD"},
      {"/index.html", "GET, HEAD"},
      {"/health", "GET, HEAD"},
      {"/assets/app.css", "GET, HEAD"},
      {"/assets/app.js", "GET, HEAD"},
      {"/guides/hugging-face-enterprise--engineering-manager", "GET, HEAD"},
      {"/offer", "GET, HEAD, POST"},
      {"/compare", "GET, HEAD, POST"}};
  for (const auto& [path, allow] : pages) {
    EXPECT_EQ(app_->Handle({"GET", path, "", "", ""}).status, 200) << path;
    EXPECT_EQ(app_->Handle({"HEAD", path, "", "", ""}).status, 200) << path;
    for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "get"}) {
      PageResponse r = app_->Handle({method, path, "", "", ""});
      EXPECT_EQ(r.status, 405) << method << " " << path;
      EXPECT_EQ(Header(r, "Allow"), allow) << method << " " << path;
    }
  }
  EXPECT_EQ(app_->Handle({"POST", "/", "", "application/x-www-form-urlencoded", ""}).status, 405);
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "DELETE", "BREW"}) {
    for (const char* path : {"/nothing-here", "/assets/other.js", "/health/", "/apix"}) {
      EXPECT_EQ(app_->Handle({method, path, "", "", ""}).status, 404) << method << " " << path;
    }
  }
  // Under /guides/ the methods are judged before the id is looked up.
  EXPECT_EQ(app_->Handle({"HEAD", "/guides/", "", "", ""}).status, 404);
  EXPECT_EQ(app_->Handle({"PUT", "/guides/no-such-guide", "", "", ""}).status, 405);
}

TEST_F(WebAppTest, ServesHttpRequestsForTheServer) {
  HttpRequest get{"GET", "/guides/hugging-face-enterprise--engineering-manager?x=1", {}, ""};
  HttpResponse page = app_->Serve(get);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_FALSE(page.headers.empty());
  // The server decodes the path once: %20 is a space in the id.
  EXPECT_EQ(app_->Serve({"GET", "/guides/no%20such", {}, ""}).status, 404);
  EXPECT_EQ(app_->Serve({"GET", "no-slash", {}, ""}).status, 400);
  HttpRequest post{"POST",
                   "/offer",
                   {{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}},
                   std::string(kHfOffer)};
  HttpResponse valued = app_->Serve(post);
  EXPECT_EQ(valued.status, 200);
  EXPECT_NE(valued.body.find("USD 326,000"), std::string::npos);
}

// Past 2,000 guides with findings, the table by guide lists the 2,000 with
// the most, worst first, and says how many it left to `levers check`.
TEST(RenderHealthPage, ListsAtMostTwoThousandGuidesByFindings) {
  auto rows_with_findings = [](size_t n) {
    std::vector<GuideRow> rows(n);
    for (size_t i = 0; i < n; ++i) {
      rows[i].id = "g" + std::to_string(i);
      rows[i].company = "Company " + std::to_string(i);
      rows[i].role = "Role";
      rows[i].warnings = 1;
    }
    return rows;
  };
  std::vector<GuideRow> rows = rows_with_findings(2'001);
  rows[1'500].errors = 3;  // the worst, listed first
  HealthPage page;
  for (const GuideRow& r : rows) page.guides.push_back(&r);
  const std::string html = RenderHealthPage(page, SiteLinks::Static(""));
  const std::string by_guide = Section(html, "by-guide", "findings");
  ASSERT_FALSE(by_guide.empty());
  EXPECT_NE(by_guide.find("The 2000 guides with the most findings, of 2001 that have any; "
                          "<code>levers check</code> lists them all."),
            std::string::npos);
  EXPECT_EQ(Count(by_guide, "<tr><td>"), 2'000u);
  EXPECT_LT(by_guide.find("Company 1500 — Role"), by_guide.find("Company 0 — Role"));
  EXPECT_EQ(by_guide.find("Company 2000 — Role"), std::string::npos);  // the last, left out

  std::vector<GuideRow> fewer = rows_with_findings(2'000);
  HealthPage all;
  for (const GuideRow& r : fewer) all.guides.push_back(&r);
  const std::string all_html = RenderHealthPage(all, SiteLinks::Static(""));
  EXPECT_EQ(all_html.find("guides with the most findings"), std::string::npos);
  EXPECT_NE(all_html.find("Company 1999 — Role"), std::string::npos);
}

// Past 2,000 findings, the list by severity shows the first 2,000 with every
// error before any warning and every warning before any note, each severity
// in guide order, and says how many there are.
TEST(RenderHealthPage, ListsTheFirstTwoThousandFindingsErrorsFirst) {
  GuideRow row;
  row.id = "g";
  row.company = "Company";
  row.role = "Role";
  std::vector<HealthFinding> findings;
  // In guide order: notes, then 1,990 warnings, then 20 errors.
  for (size_t i = 0; i < 2'100; ++i) {
    const char* severity = i < 90 ? "note" : i < 2'080 ? "warning" : "error";
    findings.push_back({"g", "g.md", severity, "code-" + std::to_string(i), i + 1, 1, "m"});
  }
  HealthPage page;
  page.guides.push_back(&row);
  for (const HealthFinding& f : findings) page.findings.push_back(&f);
  const std::string html = RenderHealthPage(page, SiteLinks::Static(""));
  const std::string by_severity = Section(html, "findings", "overdue");
  ASSERT_FALSE(by_severity.empty());
  EXPECT_NE(by_severity.find("The first 2000 of 2100 findings, errors first;"), std::string::npos);
  // The codes in the order listed: errors 2080..2099, then warnings 90..2069.
  std::vector<std::string> codes;
  for (size_t at = by_severity.find("<code>code-"); at != std::string::npos;
       at = by_severity.find("<code>code-", at + 1)) {
    const size_t begin = at + 6;
    codes.push_back(by_severity.substr(begin, by_severity.find('<', begin) - begin));
  }
  ASSERT_EQ(codes.size(), 2'000u);
  for (size_t k = 0; k < 20; ++k) EXPECT_EQ(codes[k], "code-" + std::to_string(2'080 + k));
  for (size_t k = 20; k < 2'000; ++k) EXPECT_EQ(codes[k], "code-" + std::to_string(90 + k - 20));
  EXPECT_EQ(by_severity.find(">note<"), std::string::npos);  // every note is past the cap
  EXPECT_NE(html.find("<span class=\"big sev-error\">20</span>errors"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"big sev-warning\">1990</span>warnings"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"big\">90</span>notes"), std::string::npos);
}

// A guide link written in place is the link SiteLinks::Guide gives, escaped,
// whatever the id holds.
TEST(SiteLinks, AppendGuideHrefIsTheEscapedGuideLink) {
  const std::vector<std::string> ids = {
      "acme--swe", "team/sre", "a b&c\"d<e>", "caf\xc3\xa9/\xe2\x82\xac", "100%~x_y.z", ""};
  const std::vector<SiteLinks> modes = {SiteLinks::Server(), SiteLinks::Static(""),
                                        SiteLinks::Static("../../"), SiteLinks{}};
  for (const SiteLinks& links : modes) {
    for (const std::string& id : ids) {
      std::string expected = "<a href=\"";
      AppendHtmlEscaped(expected, links.Guide(id));
      std::string got = "<a href=\"";
      links.AppendGuideHref(got, id);
      EXPECT_EQ(got, expected) << id;
    }
  }
  std::string server;
  SiteLinks::Server().AppendGuideHref(server, "a b/c");
  EXPECT_EQ(server, "/guides/a%20b/c");
  std::string page;
  SiteLinks::Static("../").AppendGuideHref(page, "x&y");
  EXPECT_EQ(page, "../x%26y.html");
}

TEST_F(WebAppTest, HealthPageShowsFindingsOverdueAndCoverage) {
  PageResponse r = Get("/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<h2 id=\"coverage\">Coverage</h2>"), std::string::npos);
  EXPECT_NE(r.body.find("<h2 id=\"overdue\">Overdue reviews</h2>"), std::string::npos);
  EXPECT_NE(r.body.find("<span class=\"big\">10</span>guides"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"matrix\""), std::string::npos);
}

// FromFolder finds guides as levers build does: an entry the folder scan
// refuses is never read, and is an error on the health page, not dropped.
TEST(WebAppFromFolder, ListsRefusedEntriesOnTheHealthPage) {
  const fs::path dir = fs::path(testing::TempDir()) / "web-from-folder-refused";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(
      std::string(LEVERS_SOURCE_DIR) + "/data/guides/glimmerfen-health--data-scientist.md",
      dir / "glimmerfen.md");
  fs::create_symlink("/etc/passwd", dir / "passwd.md");
  WebOptions o;
  o.today = Date{2026, 11, 23};
  auto app = WebApp::FromFolder(dir.string(), o);
  ASSERT_TRUE(app.ok()) << app.status().message();
  EXPECT_EQ(app->guide_count(), 1u);
  const PageResponse r = app->Handle({"GET", "/health", "", "", ""});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Count(r.body, "refused-file"), 1u) << r.body;
  // Named by its path under the folder, as levers build names it, not by
  // where the folder or the link's target lies.
  EXPECT_NE(r.body.find("<td>passwd.md</td>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<td>a symbolic link to a file outside the folder of guides; not "
                        "read</td>"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find(dir.string()), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("/etc/passwd"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
  EXPECT_EQ(app->Handle({"GET", "/guides/passwd", "", "", ""}).status, 404);
  fs::remove_all(dir);
}

// levers serve hands the web app the guides ServedCorpus read and checked
// (with its own --today and no corpus rules): the pages must be exactly those
// of reading the same sources afresh, whatever check findings came along.
TEST(WebAppFromReadGuides, GivesTheSamePagesAsReadingTheSources) {
  std::vector<GuideSource> sources = BundledGuideSources();
  ASSERT_EQ(sources.size(), 10u);
  sources.push_back({"broken", "broken.md", "---\ncompany: [x\n---\n# x\n"});
  sources.push_back({"bad-range", "bad-range.md",
                     "---\ncompany: c\nrole: r\ncompensation:\n  - region: Paris\n"
                     "    currency: EUR\n    base_low: 120000\n    base_high: 90000\n---\n# x\n"});

  std::vector<GuideAsRead> read;
  CheckOptions other_check;
  other_check.today = Date{2000, 1, 1};  // every last_updated is "in the future"
  for (const GuideSource& s : sources)
    read.push_back(ReadForTheApp(s.id, s.path, s.text, &other_check));
  size_t extra = 0;
  for (const GuideAsRead& r : read)
    extra += r.read->findings.diagnostics().size() - r.read_findings;
  ASSERT_GT(extra, 0u);  // the findings to be left out are there

  WebOptions o;
  o.today = Date{2026, 11, 23};
  const WebApp fresh = WebApp::FromSources(sources, o);
  const WebApp shared = WebApp::FromReadGuides(std::move(read), o);
  EXPECT_EQ(shared.guide_count(), fresh.guide_count());
  EXPECT_EQ(shared.guide_count(), 12u);  // a front matter syntax error still gives a model
  std::vector<std::string> paths = {"/", "/health", "/offer", "/guides/broken"};
  for (const GuideSource& s : sources) paths.push_back("/guides/" + s.id);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const PageResponse a = fresh.Handle({"GET", path, "", "", ""});
    const PageResponse b = shared.Handle({"GET", path, "", "", ""});
    EXPECT_EQ(b.status, a.status);
    EXPECT_EQ(b.body, a.body);
  }
  const PageResponse health = shared.Handle({"GET", "/health", "", "", ""});
  EXPECT_NE(health.body.find("range-order"), std::string::npos);
  EXPECT_NE(health.body.find("yaml-syntax"), std::string::npos);
}

// Guides already checked on the web app's own "today" are not checked again:
// their findings are taken as they came, so the pages are those of a fresh
// read, and a finding only the earlier check made is shown too.
TEST(WebAppFromReadGuides, KeepsTheFindingsOfACheckOnTheSameDay) {
  std::vector<GuideSource> sources = BundledGuideSources();
  sources.push_back({"bad-range", "bad-range.md",
                     "---\ncompany: c\nrole: r\ncompensation:\n  - region: Paris\n"
                     "    currency: EUR\n    base_low: 120000\n    base_high: 90000\n---\n# x\n"});
  WebOptions o;
  o.today = Date{2026, 11, 23};
  CheckOptions same_day;
  same_day.today = o.today;
  std::vector<GuideAsRead> read;
  for (const GuideSource& s : sources)
    read.push_back(ReadForTheApp(s.id, s.path, s.text, &same_day));
  const WebApp fresh = WebApp::FromSources(sources, o);
  const WebApp shared = WebApp::FromReadGuides(read, o);
  for (std::string path : {"/", "/health", "/guides/bad-range"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(shared.Handle({"GET", path, "", "", ""}).body,
              fresh.Handle({"GET", path, "", "", ""}).body);
  }
  // A finding that only the earlier check holds shows that it was kept, and
  // that the rules were not run a second time (range-order once, not twice).
  auto marked = std::make_shared<CheckedGuide>(*read.back().read);
  marked->findings.Report(Severity::kNote, "earlier-check", {0, 1}, "",
                          "kept from the first check");
  read.back().read = marked;
  const std::string health =
      WebApp::FromReadGuides(std::move(read), o).Handle({"GET", "/health", "", "", ""}).body;
  EXPECT_NE(health.find("kept from the first check"), std::string::npos);
  const std::string once = "base_low EUR 120,000 is above base_high EUR 90,000";
  const size_t first = health.find(once);
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(health.find(once, first + 1), std::string::npos);
}

std::string ReadDataGuide(std::string_view name) {
  std::ifstream in(std::string(LEVERS_SOURCE_DIR) + "/data/guides/" + std::string(name) + ".md",
                   std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// An empty file and a binary one give findings but no guide. The health page
// counts them and lists them by file, whether the app read them itself or
// levers serve hands it their stored findings.
TEST(WebAppHealth, ListsFilesThatAreNotGuides) {
  WebOptions o;
  o.today = Date{2026, 11, 23};
  const std::string good = ReadDataGuide("ambertrail-freight--product-manager");
  const WebApp read = WebApp::FromSources(
      {{"ambertrail-freight--product-manager", "g/ambertrail-freight--product-manager.md", good},
       {"empty", "g/empty.md", ""},
       {"binary", "g/binary.md", std::string("# x\0y\n", 6)}},
      o);
  const std::string a = read.Handle({"GET", "/health", "", "", ""}).body;
  EXPECT_NE(a.find("<span class=\"big\">1</span>guides"), std::string::npos);
  EXPECT_NE(a.find("<span class=\"big sev-error\">2</span>errors"), std::string::npos) << a;
  EXPECT_NE(a.find("<tr><td>g/empty.md <span class=\"muted\">(not a guide)</span></td><td "
                   "class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">0</td></tr>"),
            std::string::npos)
      << a;
  EXPECT_NE(a.find("<tr><td>g/binary.md <span class=\"muted\">(not a guide)</span></td>"),
            std::string::npos);

  std::vector<GuideAsRead> guides;
  guides.push_back(ReadForTheApp("ambertrail-freight--product-manager",
                                 "g/ambertrail-freight--product-manager.md", good));
  const WebApp served = WebApp::FromReadGuides(
      std::move(guides), o,
      {{"", "binary", "error", "binary-file", 3, 86, "the file contains a NUL byte"},
       {"", "empty", "error", "empty-file", 1, 1, "the file is empty"},
       {"", "empty", "warning", "made-up", 2, 1, "a second finding of the same file"}});
  const std::string b = served.Handle({"GET", "/health", "", "", ""}).body;
  EXPECT_NE(b.find("<span class=\"big sev-error\">2</span>errors"), std::string::npos) << b;
  EXPECT_NE(b.find("<span class=\"big sev-warning\">1</span>warnings"), std::string::npos);
  // By file, the worst first; and each finding by severity with its place.
  EXPECT_NE(b.find("<tr><td>empty <span class=\"muted\">(not a guide)</span></td><td "
                   "class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td></tr>\n"
                   "<tr><td>binary <span class=\"muted\">(not a guide)</span></td><td "
                   "class=\"num\">1</td><td class=\"num\">0</td>"),
            std::string::npos)
      << b;
  EXPECT_NE(b.find("<td class=\"sev-error\">error</td><td>binary</td><td class=\"num\">3:86</td>"
                   "<td><code>binary-file</code></td>"),
            std::string::npos);
  EXPECT_EQ(Count(b, "(not a guide)"), 2u);
}

// A page that fails inside levers gets a 500 page with an error id and none
// of the failure's text; the log has both, and the path without the query.
TEST(WebAppText, AFailingPageShowsAnIdAndLogsTheText) {
  std::vector<std::string> lines;
  WebOptions o;
  o.today = Date{2026, 11, 23};
  o.log = [&](const std::string& line) { lines.push_back(line); };
  const std::string what = "yaml-cpp: /home/levers/guides/x.md: bad conversion at line 3";
  o.before_answer = [&](const PageRequest& r) {
    if (r.path == "/offer") throw std::runtime_error(what);
  };
  const WebApp app = WebApp::FromSources({}, o);
  const PageResponse page = app.Handle({"GET", "/offer", "base=250000", "", ""});
  EXPECT_EQ(page.status, 500);
  for (std::string_view leak : {"yaml", "/home", "x.md", "conversion"})
    EXPECT_EQ(page.body.find(leak), std::string::npos) << leak << " in " << page.body;
  ASSERT_EQ(lines.size(), 1u);
  const std::string prefix = "levers: internal error ";
  ASSERT_TRUE(lines[0].starts_with(prefix)) << lines[0];
  const std::string id = lines[0].substr(prefix.size(), 12);
  EXPECT_EQ(lines[0], prefix + id + " answering GET /offer: " + what);
  EXPECT_NE(page.body.find("<h1>Internal error</h1>\n<p>levers failed to render this page. Please "
                           "report it with error id " +
                           id + ": the server&#39;s log has the details under it.</p>"),
            std::string::npos)
      << page.body;
  EXPECT_EQ(Header(page, "Cache-Control"), "no-cache");
  // Other pages are answered as ever.
  EXPECT_EQ(app.Handle({"GET", "/", "", "", ""}).status, 200);
  EXPECT_EQ(lines.size(), 1u);
}

// An engine answer the offer and compare pages show is a refusal of the input
// (InvalidArgument, NotFound), in the engine's words; any other code is a
// failure of levers' own: the 500 page with an error id, its text in the log
// only, as the API answers it (IsUserRefusal).
TEST(WebAppText, OnlyAnEngineRefusalIsShownOnThePage) {
  std::vector<std::string> lines;
  Status fault;
  std::string faulty_step;
  WebOptions o;
  o.today = Date{2026, 11, 23};
  o.log = [&](const std::string& line) { lines.push_back(line); };
  o.engine_fault = [&](std::string_view step) {
    return step == faulty_step ? fault : Status::Ok();
  };
  auto app = WebApp::FromFolder(std::string(LEVERS_SOURCE_DIR) + "/data/guides", o);
  ASSERT_TRUE(app.ok()) << app.status().message();
  auto post = [&](std::string path, std::string body) {
    return app->Handle(
        {"POST", std::move(path), "", "application/x-www-form-urlencoded", std::move(body)});
  };
  const std::string offer(kHfOffer);
  const std::string compare =
      "action=compare&o1.currency=USD&o1.base=200000&o2.currency=USD&o2.base=210000";
  const std::string detail = "/opt/levers/eurofxref-hist.csv:3: bad row";
  // A refused valuation or comparison is a form error (422); a refused counter
  // plan is said under the valuation.
  struct Case {
    std::string step, path, body;
    int refused_status;
  };
  for (const Case& c :
       {Case{"evaluate", "/offer", offer, 422}, Case{"counter", "/offer", offer, 200},
        Case{"compare", "/compare", compare, 422}}) {
    SCOPED_TRACE(c.step);
    faulty_step = c.step;
    fault = Status::InvalidArgument("the offer's date is out of range");
    PageResponse refused = post(c.path, c.body);
    EXPECT_EQ(refused.status, c.refused_status);
    EXPECT_NE(refused.body.find("the offer&#39;s date is out of range"), std::string::npos)
        << refused.body;
    for (const Status& internal : {Status::Corruption(detail), Status::IOError(detail)}) {
      fault = internal;
      lines.clear();
      PageResponse failed = post(c.path, c.body);
      EXPECT_EQ(failed.status, 500);
      for (std::string_view leak : {"eurofxref", "/opt", "bad row"})
        EXPECT_EQ(failed.body.find(leak), std::string::npos) << leak << " in " << failed.body;
      ASSERT_EQ(lines.size(), 1u);
      const std::string prefix = "levers: internal error ";
      ASSERT_TRUE(lines[0].starts_with(prefix)) << lines[0];
      const std::string id = lines[0].substr(prefix.size(), 12);
      EXPECT_EQ(lines[0], prefix + id + " answering POST " + c.path + ": " + internal.ToString());
      EXPECT_NE(failed.body.find("report it with error id " + id), std::string::npos)
          << failed.body;
    }
  }
}

// A body-only guide without the '### Role | Company' heading names neither:
// every page names it by its id or file instead of leaving a blank.
TEST(WebAppText, AGuideWithoutCompanyOrRoleIsNamedByItsFile) {
  const std::string text =
      "# Some notes\n\n| Region | Base | Stock (RSU/4yr) | Bonus | Total Comp |\n"
      "|---|---|---|---|---|\n| London | GBP90K–GBP120K | GBP40K–GBP80K | 10% | GBP109K–GBP152K "
      "|\n";
  WebOptions o;
  o.today = Date{2026, 11, 23};
  const WebApp app = WebApp::FromSources({{"notes/x", "g/notes/x.md", text}}, o);
  const std::string home = app.Handle({"GET", "/", "", "", ""}).body;
  EXPECT_NE(home.find("<a href=\"/guides/notes/x\">notes/x</a>"), std::string::npos) << home;
  const std::string page = app.Handle({"GET", "/guides/notes/x", "", "", ""}).body;
  EXPECT_NE(page.find("<title>x — levers negotiation guide</title>"), std::string::npos) << page;
  EXPECT_NE(page.find("<h1>x</h1>"), std::string::npos);
  const std::string health = app.Handle({"GET", "/health", "", "", ""}).body;
  EXPECT_EQ(health.find(" — </a>"), std::string::npos);
  EXPECT_NE(health.find("<a href=\"/guides/notes/x\">notes/x</a>"), std::string::npos) << health;
  EXPECT_EQ(health.find("<th scope=\"row\"></th>"), std::string::npos);
  const std::string offer = app.Handle({"GET", "/offer", "", "", ""}).body;
  EXPECT_EQ(offer.find("<option value=\"\"></option></datalist>"), std::string::npos);
}

// The currency form posts back to the page it is on, whatever its id; a
// guide without bands has no toggle, so no form, and takes ?currency= all the
// same.
TEST(WebAppText, TheCurrencyFormLeadsBackToItsPage) {
  const std::string bands =
      "---\ncompany: acme\nrole: swe\ncompensation:\n  - region: London\n    currency: GBP\n"
      "    base_low: 90000\n    base_high: 120000\n---\n# x\n";
  WebOptions o;
  o.today = Date{2026, 11, 23};
  const WebApp app = WebApp::FromSources(
      {{"sub/a&b \"c\"", "g/sub/a.md", bands}, {"none", "g/none.md", "# Notes\n\nNo bands.\n"}}, o);
  PageResponse r = app.Handle({"GET", "/guides/sub/a&b \"c\"", "currency=jpy", "", ""});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<form class=\"fields\" method=\"get\" "
                        "action=\"/guides/sub/a%26b%20%22c%22#bands\">"),
            std::string::npos)
      << r.body;
  // GBP 90,000 / 0.8477 × 163.36 = 17,343,871.65... -> JPY 17,343,872.
  EXPECT_NE(r.body.find("<desc>London: JPY 17,343,872 to"), std::string::npos) << r.body;
  PageResponse none = app.Handle({"GET", "/guides/none", "currency=jpy", "", ""});
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body.find("<form"), std::string::npos);
  EXPECT_EQ(app.Handle({"GET", "/guides/none", "currency=xyz", "", ""}).status, 400);
}

TEST(WebAppText, GuideTextIsEscapedEverywhere) {
  const std::string text =
      "---\ncompany: evil\ncompany_display: \"Evil <script>alert(1)</script>\"\nrole: swe\n"
      "role_display: \"\\\"><img src=x onerror=alert(2)>\"\ncompensation:\n"
      "  - region: \"<b>Dub</b>\"\n    currency: EUR\n    base_low: 90000\n    base_high: 120000\n"
      "---\n# x\n";
  WebApp app = WebApp::FromSources({{"evil", "evil.md", text}});
  for (const std::string path : {"/", "/guides/evil", "/health"}) {
    PageResponse r = app.Handle({"GET", path, "", "", ""});
    SCOPED_TRACE(path);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos);
    EXPECT_EQ(r.body.find("<b>Dub"), std::string::npos);
    EXPECT_NE(r.body.find("Evil &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  }
}

// A corpus larger than a page: guide i of `n` is company "Co i" ("Alpha Co i"
// for even i), role Engineer, in Paris; "Shared Co" also names the first five.
std::vector<GuideSource> ManyGuides(size_t n) {
  std::vector<GuideSource> out;
  for (size_t i = 0; i < n; ++i) {
    char id[24];
    std::snprintf(id, sizeof id, "g%04zu", i);
    const std::string company =
        i < 5 ? "Shared Co" : (i % 2 ? "Co " : "Alpha Co ") + std::to_string(i);
    out.push_back({id, std::string(id) + ".md",
                   "---\ncompany: c" + std::to_string(i) + "\ncompany_display: " + company +
                       "\nrole: engineer\nrole_display: Engineer\nlast_updated: 2026-01-01\n"
                       "next_review_due: " +
                       (i == 449 ? "2026-02-01" : "2027-02-01") +
                       "\ncompensation:\n  - region: Paris\n    currency: EUR\n"
                       "    base_low: 90000\n    base_high: 120000\n---\n# x\n"});
  }
  return out;
}

// Each id linked from the rows of a home page's table, in order.
std::vector<std::string> LinkedIds(const std::string& html) {
  std::vector<std::string> ids;
  const std::string_view row = "<tr><td><a href=\"/guides/";
  for (size_t at = html.find(row); at != std::string::npos; at = html.find(row, at + 1)) {
    const size_t begin = at + row.size();
    ids.push_back(html.substr(begin, html.find('"', begin) - begin));
  }
  return ids;
}

// Past kListPageSize guides the home page lists one page of them, says how
// many there are and links the other pages; the search runs on the server and
// pages its matches.
TEST(WebAppPages, TheHomePageOfALargeCorpusComesInPages) {
  WebOptions o;
  o.today = Date{2026, 11, 23};
  const WebApp app = WebApp::FromSources(ManyGuides(450), o);
  auto get = [&](std::string query) { return app.Handle({"GET", "/", std::move(query), "", ""}); };
  const PageResponse first = get("");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Count(first.body, "<tr"), 201u);  // the header row and 200 guides
  EXPECT_EQ(first.body.find("data-search"), std::string::npos);
  EXPECT_EQ(first.body.find("<tr hidden"), std::string::npos);
  EXPECT_NE(first.body.find("<table id=\"guides\" data-paged>"), std::string::npos);
  EXPECT_NE(first.body.find(">450 of 450 guides</p>"), std::string::npos);
  EXPECT_NE(first.body.find("<nav class=\"pager\" aria-label=\"Pages of guides\"><p "
                            "class=\"pager\">Guides 1–200 of 450, page 1 of 3</p> <a "
                            "href=\"/?page=2\" rel=\"next\">Next page</a> <a "
                            "href=\"/?page=3\">Last page</a></nav>"),
            std::string::npos)
      << first.body.substr(first.body.size() - 2000);
  // By company: "Alpha Co 10" ... first, then "Co 101" ..., "Shared Co" last.
  const std::vector<std::string> ids = LinkedIds(first.body);
  ASSERT_EQ(ids.size(), 200u);
  EXPECT_EQ(ids.front(), "g0010");
  const PageResponse last = get("page=3");
  ASSERT_EQ(last.status, 200);
  const std::vector<std::string> last_ids = LinkedIds(last.body);
  ASSERT_EQ(last_ids.size(), 50u);
  EXPECT_EQ(last_ids.back(), "g0004");  // a "Shared Co" guide
  EXPECT_NE(last.body.find("<p class=\"pager\">Guides 401–450 of 450, page 3 of 3</p> <a "
                           "href=\"/\">First page</a> <a href=\"/?page=2\" rel=\"prev\">"
                           "Previous page</a></nav>"),
            std::string::npos);
  // Every guide on exactly one page.
  std::vector<std::string> all = ids;
  for (const std::string& id : LinkedIds(get("page=2").body)) all.push_back(id);
  for (const std::string& id : last_ids) all.push_back(id);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::unique(all.begin(), all.end()), all.end());
  EXPECT_EQ(all.size(), 450u);
  // The search: "alpha" matches the 222 even guides from g0006 on; page 2
  // holds the last 22, and its links keep the search.
  const PageResponse alpha = get("q=alpha&page=2");
  ASSERT_EQ(alpha.status, 200);
  EXPECT_NE(alpha.body.find(">222 of 450 guides</p>"), std::string::npos);
  EXPECT_EQ(LinkedIds(alpha.body).size(), 22u);
  EXPECT_NE(alpha.body.find("<a href=\"/?q=alpha\" rel=\"prev\">Previous page</a>"),
            std::string::npos);
  EXPECT_EQ(LinkedIds(get("q=nothing-matches").body).size(), 0u);
  EXPECT_EQ(get("q=nothing-matches").status, 200);
  // Pages that are not there, and page numbers that are not numbers.
  EXPECT_EQ(get("page=4").status, 404);
  EXPECT_EQ(get("q=alpha&page=3").status, 404);
  for (const char* bad :
       {"page=0", "page=", "page=x", "page=-1", "page=1&page=2", "page=99999999999999999999"}) {
    EXPECT_EQ(get(bad).status, 400) << bad;
  }
  // A corpus that fits on one page is listed whole, without page links.
  const WebApp small = WebApp::FromSources(ManyGuides(kListPageSize), o);
  const PageResponse whole = small.Handle({"GET", "/", "", "", ""});
  EXPECT_EQ(Count(whole.body, "<tr data-search="), kListPageSize);
  EXPECT_EQ(whole.body.find("class=\"pager\""), std::string::npos);
  EXPECT_EQ(small.Handle({"GET", "/", "page=2", "", ""}).status, 404);
  EXPECT_EQ(small.Handle({"GET", "/", "page=1", "", ""}).status, 200);
}

// The health page of a large corpus counts every guide and finding at the top
// and lists one page of guides (as the home page orders them) below.
TEST(WebAppPages, TheHealthPageOfALargeCorpusComesInPages) {
  WebOptions o;
  o.today = Date{2026, 11, 23};
  std::vector<GuideSource> sources = ManyGuides(450);
  sources.push_back({"empty", "empty.md", ""});  // a file that gives no guide
  const WebApp app = WebApp::FromSources(std::move(sources), o);
  const WebApp whole = WebApp::FromSources(ManyGuides(450), o);
  auto get = [&](std::string query) {
    return app.Handle({"GET", "/health", std::move(query), "", ""});
  };
  const PageResponse first = get("");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("<span class=\"big\">450</span>guides"), std::string::npos);
  // Over every guide: six missing sections each (no pay table, DNA, level
  // mapping, levers, strategy or evidence) and the empty file are errors; no
  // data_quality in each and g0449's overdue review are warnings.
  EXPECT_NE(first.body.find("<span class=\"big sev-error\">2701</span>errors"), std::string::npos);
  EXPECT_NE(first.body.find("<span class=\"big sev-warning\">451</span>warnings"),
            std::string::npos);
  EXPECT_NE(first.body.find("<span class=\"big overdue\">1</span>reviews overdue"),
            std::string::npos);
  EXPECT_NE(first.body.find("<p class=\"pager\">Guides 1–200 of 450, page 1 of 3</p>"),
            std::string::npos);
  EXPECT_NE(first.body.find("<a href=\"/health?page=2\" rel=\"next\">"), std::string::npos);
  // The file that is not a guide is listed on the first page only.
  EXPECT_NE(first.body.find("empty.md <span class=\"muted\">(not a guide)</span>"),
            std::string::npos);
  const PageResponse last = get("page=3");
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.body.find("(not a guide)"), std::string::npos);
  EXPECT_NE(last.body.find("<span class=\"big\">450</span>guides"), std::string::npos);
  // The coverage lists this page's guides: the last 50 by company.
  const std::string coverage = last.body.substr(last.body.find("<h2 id=\"coverage\">"));
  EXPECT_EQ(Count(coverage, "<a href=\"/guides/"), 50u);
  EXPECT_NE(coverage.find("/guides/g0004"), std::string::npos);
  EXPECT_EQ(coverage.find("/guides/g0010\""), std::string::npos);
  // g0449 ("Co 449", on page 3) is the one overdue review.
  EXPECT_NE(Section(last.body, "overdue", "coverage").find("/guides/g0449"), std::string::npos);
  EXPECT_NE(Section(first.body, "overdue", "coverage").find("No review is overdue"),
            std::string::npos);
  EXPECT_EQ(get("page=4").status, 404);
  EXPECT_EQ(get("page=two").status, 400);
  // Every page is bounded: none lists more than a page of guides.
  for (const char* q : {"", "page=2", "page=3"}) {
    const std::string body = get(q).body;
    EXPECT_LE(Count(Section(body + "<h2 id=\"end\">", "coverage", "end"), "<a href=\"/guides/"),
              kListPageSize)
        << q;
  }
  EXPECT_EQ(whole.Handle({"GET", "/health", "page=1", "", ""}).status, 200);
}

// The offer and compare forms suggest at most kMaxFormSuggestions companies:
// those the most guides name, in name order.
TEST(WebAppPages, FormSuggestionsAreBounded) {
  WebOptions o;
  o.today = Date{2026, 11, 23};
  const WebApp app = WebApp::FromSources(ManyGuides(450), o);
  for (const char* path : {"/offer", "/compare"}) {
    SCOPED_TRACE(path);
    const std::string body = app.Handle({"GET", path, "", "", ""}).body;
    const size_t begin = body.find("<datalist id=\"dl-companies\">");
    ASSERT_NE(begin, std::string::npos);
    const std::string companies = body.substr(begin, body.find("</datalist>", begin) - begin);
    EXPECT_EQ(Count(companies, "<option "), kMaxFormSuggestions);
    // "Shared Co", named by five guides, is suggested; of the rest, named by
    // one guide each, the first 199 by name.
    EXPECT_NE(companies.find("<option value=\"Shared Co\">"), std::string::npos);
    EXPECT_NE(companies.find("<option value=\"Alpha Co 10\">"), std::string::npos);
    EXPECT_EQ(companies.find("<option value=\"Co 99\">"), std::string::npos);
    EXPECT_LT(companies.find("Alpha Co 10\""), companies.find("Shared Co\""));
    const size_t roles = body.find(
        "<datalist id=\"dl-roles\"><option value=\"Engineer\">"
        "</option></datalist>");
    EXPECT_NE(roles, std::string::npos);
  }
}

TEST(StaticSite, UsesTheSameTemplatesWithRelativeLinks) {
  const fs::path src = fs::temp_directory_path() / "levers_web_site_src";
  const fs::path out = fs::temp_directory_path() / "levers_web_site_out";
  fs::remove_all(src);
  fs::remove_all(out);
  fs::create_directories(src / "team");
  fs::copy_file(std::string(LEVERS_SOURCE_DIR) +
                    "/data/guides/hugging-face-enterprise--engineering-manager.md",
                src / "team" / "hf-em.md");
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  auto report = BuildSite(src.string(), out.string(), o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  EXPECT_EQ(slurp(out / "assets" / "app.css"), AppStylesheet());
  EXPECT_EQ(slurp(out / "assets" / "app.js"), AppScript());
  const std::string page = slurp(out / "team" / "hf-em.html");
  EXPECT_NE(page.find("href=\"../assets/app.css\""), std::string::npos);
  // The static site has no level graph: equivalents are text, not searches
  // that may find nothing.
  EXPECT_NE(page.find("<li>Google L5-L6 EM</li>"), std::string::npos);
  EXPECT_EQ(page.find("/offer"), std::string::npos);  // no server, no offer page
  const std::string index = slurp(out / "index.html");
  EXPECT_NE(index.find("<a href=\"team/hf-em.html\">Hugging Face Enterprise</a>"),
            std::string::npos);
  const std::string health = slurp(out / "health.html");
  EXPECT_NE(health.find("(overdue)") == std::string::npos ? health.find("class=\"overdue\"")
                                                          : health.find("(overdue)"),
            std::string::npos);
  fs::remove_all(src);
  fs::remove_all(out);
}

}  // namespace
}  // namespace levers::web
