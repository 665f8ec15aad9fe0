// Charts as inline SVG, drawn on the server: a band chart (ranges with an
// optional marker) and a bar chart (stacked or grouped). The same markup serves
// `levers serve` and the static site of `levers build`, needs no script, and is
// checked by golden files. docs/web.md says why charts are drawn this way.
//
// Amounts are integer minor units of the chart's one currency; geometry is
// computed with integers (tenths of a pixel), so output is deterministic. Every
// chart is a <figure> with a caption, an SVG with role="img" whose <title> is
// its accessible name and whose <desc>, naming every figure in words, is its
// description, and a legend in HTML. Every label is HTML-escaped. The band
// chart's marks and text are styled by class from web/app.css (`.range`,
// `.ticks`), which every page that shows a chart carries. Pure functions;
// thread-safe.
#ifndef LEVERS_CHART_H_
#define LEVERS_CHART_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace levers {

// "USD 1.25M", "EUR 187K", "GBP 950": an amount rounded for a chart label
// (half up, at most three significant digits). Tables show the exact amount.
std::string CompactAmount(int64_t minor, std::string_view currency);

// Appends `minor` units of `currency` in major units, exactly, as a band
// chart's description says them: grouped, a whole amount without minor digits
// and any other with every one ("187,000", "210,412.40"), in lakhs for a
// currency that GroupsInLakhs ("48,00,000"). No currency code is written.
void AppendExactAmount(std::string& out, int64_t minor, std::string_view currency);

// One row of a band chart: a range, and optionally a marker (an offer's figure).
struct RangeRow {
  std::string label;  // "Base", "London"
  int64_t low = 0, high = 0;
  std::optional<int64_t> marker;
  std::string marker_text;  // "offer at the 62nd percentile"; said after the range
  std::string detail;       // how the figures were obtained (the row's tooltip), may be empty
  // marker_text as the description says it, every figure exact ("offer USD
  // 240,000.50, 43rd percentile"); marker_text when empty.
  std::string marker_desc;
  // Only one end of the range is stated (the other is drawn at the same
  // figure): the label and description say which, as the pay table does.
  bool no_low = false, no_high = false;
};

struct RangeChart {
  std::string id;        // the figure's id, unique on the page
  std::string title;     // the caption
  std::string currency;  // ISO 4217 code of every amount
  std::vector<RangeRow> rows;
  std::string note;  // a line under the chart (e.g. how amounts were converted), may be empty
};

std::string RenderRangeChart(const RangeChart& chart);
// Appends the same markup to `out` (a page being written), without a copy.
void AppendRangeChart(std::string& out, const RangeChart& chart);

// A bar chart over categories (years, offers): one series per component.
struct BarSeries {
  std::string name;             // "Base", "Google L5"
  std::vector<int64_t> values;  // one per category, in minor units; negatives count as 0
};

struct BarChart {
  std::string id, title, currency;
  std::vector<std::string> categories;  // "Year 1" ... "Year 4"
  std::vector<BarSeries> series;
  bool stacked = true;  // false: one bar per series side by side within a category
  std::string note;
};

std::string RenderBarChart(const BarChart& chart);

// The fill colour of series `i` (cycling through a palette with at least 3:1
// contrast on white).
std::string_view SeriesColor(size_t i);

}  // namespace levers

#endif  // LEVERS_CHART_H_
