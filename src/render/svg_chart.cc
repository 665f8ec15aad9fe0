#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

#include "levers/chart.h"
#include "levers/money.h"
#include "levers/render.h"

namespace levers {
namespace {

__extension__ using Int128 = __int128;  // products of two int64 amounts

// Fills with at least 3:1 contrast on white (WCAG 1.4.11), distinct in hue and
// lightness so neighbours in a stack stay apart.
constexpr std::array<std::string_view, 6> kPalette = {"#0b5cad", "#b45309", "#047857",
                                                      "#7c3aed", "#be185d", "#475569"};
constexpr std::string_view kBandFill = "#2f6fb3";
constexpr std::string_view kMarkerFill = "#b45309";

// Appends a coordinate given in tenths of a pixel: "12" or "12.5".
void AppendPx(std::string& out, int64_t tenths) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, tenths / 10);
  out.append(buf, end);
  if (tenths % 10) {
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
  }
}

// A coordinate in tenths of a pixel, written as "12" or "12.5".
std::string Px(int64_t tenths) {
  std::string s;
  AppendPx(s, tenths);
  return s;
}

// Offset of `v` on an axis of `span_tenths` from 0 to `axis_max`, in tenths of a pixel.
int64_t Scale(int64_t v, int64_t axis_max, int64_t span_tenths) {
  v = std::clamp<int64_t>(v, 0, axis_max);
  return static_cast<int64_t>(static_cast<Int128>(v) * span_tenths / axis_max);
}

// The axis: a step of 1, 2 or 5 × 10^k minor units giving at most five steps
// up to the smallest multiple of the step at or above `max`.
struct Axis {
  int64_t step = 1, max = 1;
};
Axis NiceAxis(int64_t max, int64_t minor_per_major) {
  Axis a;
  max = std::max<int64_t>(max, minor_per_major);
  for (int64_t p = minor_per_major;; p *= 10) {
    for (int64_t m : {1, 2, 5}) {
      const int64_t step = m * p;
      if ((max + step - 1) / step <= 5) {
        a.step = step;
        a.max = (max + step - 1) / step * step;
        return a;
      }
    }
  }
}

// "1.25M", "187K", "950", "12.5K" from major units, rounded half up to three
// significant digits.
std::string CompactNumber(int64_t major) {
  struct Unit {
    int64_t size;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {1'000, "K"}, {1'000'000, "M"}, {1'000'000'000, "B"}, {1'000'000'000'000, "T"}};
  if (major < 1'000) return std::to_string(major);
  size_t u = 0;
  while (u + 1 < std::size(kUnits) && major >= kUnits[u + 1].size) ++u;
  for (;; ++u) {
    // Hundredths of the unit, then rounded to three significant digits.
    const int64_t size = kUnits[u].size;
    int64_t h = static_cast<int64_t>((static_cast<Int128>(major) * 100 + size / 2) / size);
    if (h >= 10'000)
      h = (h + 50) / 100 * 100;
    else if (h >= 1'000)
      h = (h + 5) / 10 * 10;
    // 999,999 rounds to 1000K: say 1M instead.
    if (h >= 100'000 && u + 1 < std::size(kUnits)) continue;
    std::string s = std::to_string(h / 100);
    const int64_t frac = h % 100;
    if (frac) {
      s += '.';
      if (frac % 10 == 0)
        s += std::to_string(frac / 10);
      else
        s += (frac < 10 ? "0" : "") + std::to_string(frac);
    }
    return s + kUnits[u].suffix;
  }
}

std::string Exact(int64_t minor, std::string_view currency) {
  std::string out(currency);
  out += ' ';
  AppendMajorUnits(out, Money{minor, std::string(currency)}, true);
  return out;
}

int64_t MajorRounded(int64_t minor, std::string_view currency) {
  const int64_t per = MinorPerMajor(currency);
  return (minor + per / 2) / per;
}

void Text(std::string& out, int64_t x_tenths, int64_t y_tenths, std::string_view anchor,
          std::string_view text, std::string_view extra = "") {
  out += "<text x=\"";
  AppendPx(out, x_tenths);
  out += "\" y=\"";
  AppendPx(out, y_tenths);
  out += '"';
  if (!anchor.empty()) {
    out += " text-anchor=\"";
    out += anchor;
    out += '"';
  }
  out += extra;
  out += '>';
  AppendHtmlEscaped(out, text);
  out += "</text>";
}

void FigureStart(std::string& out, std::string_view id, std::string_view title, int width,
                 int height, std::string_view desc) {
  const std::string eid = HtmlEscape(id);
  out += "<figure class=\"chart-figure\" id=\"" + eid + "\">\n<figcaption>";
  AppendHtmlEscaped(out, title);
  out += "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" role=\"img\" aria-labelledby=\"" + eid + "-t " + eid +
         "-d\"><title id=\"" + eid + "-t\">";
  AppendHtmlEscaped(out, title);
  out += "</title><desc id=\"" + eid + "-d\">";
  AppendHtmlEscaped(out, desc);
  out += "</desc>";
}

void FigureEnd(std::string& out, std::string_view note, std::string_view legend_html) {
  out += "</svg>\n";
  out += legend_html;
  if (!note.empty()) {
    out += "<p class=\"muted\">";
    AppendHtmlEscaped(out, note);
    out += "</p>\n";
  }
  out += "</figure>\n";
}

}  // namespace

std::string_view SeriesColor(size_t i) { return kPalette[i % kPalette.size()]; }

std::string CompactAmount(int64_t minor, std::string_view currency) {
  return std::string(currency) + " " +
         CompactNumber(MajorRounded(std::max<int64_t>(minor, 0), currency));
}

std::string RenderRangeChart(const RangeChart& c) {
  constexpr int kWidth = 360, kLeft = 8, kRight = 352;
  constexpr int64_t kSpan = (kRight - kLeft) * 10;
  const int64_t per = MinorPerMajor(c.currency);
  int64_t max = 0;
  for (const RangeRow& r : c.rows) {
    max = std::max({max, r.low, r.high, r.marker.value_or(0)});
  }
  const Axis axis = NiceAxis(max, per);

  std::string desc;
  for (const RangeRow& r : c.rows) {
    if (!desc.empty()) desc += "; ";
    desc += r.label + ": " + Exact(r.low, c.currency);
    if (r.high != r.low) desc += " to " + Exact(r.high, c.currency).substr(c.currency.size() + 1);
    if (r.marker)
      desc += ", " + (r.marker_text.empty() ? Exact(*r.marker, c.currency) : r.marker_text);
  }
  // Rows with a marker take a second line for its text.
  std::vector<int> row_top;
  int y = 4;
  for (const RangeRow& r : c.rows) {
    row_top.push_back(y);
    y += r.marker ? 58 : 44;
  }
  const int axis_y = y + 2;
  const int height = axis_y + 20;

  std::string out;
  out.reserve(1024 + c.rows.size() * 512);
  FigureStart(out, c.id, c.title, kWidth, height, desc);
  // The grid as one path, then the tick labels.
  out += "<path class=\"grid\" d=\"";
  const std::string grid_v = "V" + std::to_string(axis_y);
  for (int64_t t = 0; t <= axis.max; t += axis.step) {
    out += 'M';
    AppendPx(out, kLeft * 10 + Scale(t, axis.max, kSpan));
    out += " 4";
    out += grid_v;
  }
  out += "\"/>";
  for (int64_t t = 0; t <= axis.max; t += axis.step) {
    const int64_t x = kLeft * 10 + Scale(t, axis.max, kSpan);
    const std::string_view anchor = t == 0 ? "start" : t == axis.max ? "end" : "middle";
    Text(out, x, (axis_y + 15) * 10, anchor,
         t == 0 ? c.currency + " 0" : CompactNumber(MajorRounded(t, c.currency)));
  }
  out += "<line class=\"axis\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
         std::to_string(kRight) + "\" y1=\"" + std::to_string(axis_y) + "\" y2=\"" +
         std::to_string(axis_y) + "\"/>";
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const RangeRow& r = c.rows[i];
    const int top = row_top[i];
    std::string label = r.label + ": " + CompactAmount(r.low, c.currency);
    if (r.high != r.low) label += " – " + CompactNumber(MajorRounded(r.high, c.currency));
    out += "<g>";
    if (!r.detail.empty()) {
      out += "<title>";
      AppendHtmlEscaped(out, r.detail);
      out += "</title>";
    }
    Text(out, kLeft * 10, (top + 14) * 10, "", label, " font-weight=\"600\"");
    int bar_top = top + 20;
    if (r.marker) {
      Text(out, kLeft * 10, (top + 29) * 10, "",
           r.marker_text.empty() ? CompactAmount(*r.marker, c.currency) : r.marker_text);
      bar_top = top + 34;
    }
    const int64_t x0 = kLeft * 10 + Scale(std::min(r.low, r.high), axis.max, kSpan);
    int64_t w = Scale(std::max(r.low, r.high), axis.max, kSpan) -
                Scale(std::min(r.low, r.high), axis.max, kSpan);
    w = std::max<int64_t>(w, 30);  // a single figure still shows as a 3 px mark
    out += "<rect x=\"";
    AppendPx(out, x0);
    out += "\" y=\"";
    out += std::to_string(bar_top);
    out += "\" width=\"";
    AppendPx(out, w);
    out += "\" height=\"14\" fill=\"";
    out += kBandFill;
    out += "\"/>";
    if (r.marker) {
      const int64_t xm = kLeft * 10 + Scale(*r.marker, axis.max, kSpan);
      const int64_t cy = (bar_top + 7) * 10;
      out += "<path d=\"M" + Px(xm) + " " + Px(cy - 90) + "L" + Px(xm + 70) + " " + Px(cy) + "L" +
             Px(xm) + " " + Px(cy + 90) + "L" + Px(xm - 70) + " " + Px(cy) + "Z\" fill=\"" +
             std::string(kMarkerFill) + "\" stroke=\"#1b1f24\" stroke-width=\"1.5\"/>";
    }
    out += "</g>";
  }
  std::string legend;
  bool any_marker = false;
  for (const RangeRow& r : c.rows) any_marker = any_marker || r.marker.has_value();
  // A band alone needs no legend: each bar is labelled with its range.
  if (any_marker) {
    legend =
        "<ul class=\"legend\"><li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect "
        "width=\"14\" height=\"14\" fill=\"" +
        std::string(kBandFill) +
        "\"/></svg>band (low to high)</li><li><svg width=\"14\" height=\"14\" "
        "aria-hidden=\"true\"><path d=\"M7 0L14 7L7 14L0 7Z\" fill=\"" +
        std::string(kMarkerFill) + "\" stroke=\"#1b1f24\"/></svg>the offer</li></ul>\n";
  }
  FigureEnd(out, c.note, legend);
  return out;
}

std::string RenderBarChart(const BarChart& c) {
  constexpr int kWidth = 360, kLeft = 48, kRight = 352, kTop = 18, kBottom = 216;
  const int64_t per = MinorPerMajor(c.currency);
  const size_t n = c.categories.size();
  const size_t ns = c.series.size();
  auto value = [&](size_t s, size_t k) {
    return k < c.series[s].values.size() ? std::max<int64_t>(c.series[s].values[k], 0) : 0;
  };
  int64_t max = 0;
  std::vector<int64_t> totals(n, 0);
  for (size_t k = 0; k < n; ++k) {
    for (size_t s = 0; s < ns; ++s) {
      totals[k] += value(s, k);
      max = std::max(max, value(s, k));
    }
  }
  if (c.stacked) max = n ? *std::max_element(totals.begin(), totals.end()) : 0;
  const Axis axis = NiceAxis(max, per);
  const int height = c.stacked ? 244 : 258;

  std::string desc;
  for (size_t k = 0; k < n; ++k) {
    if (k) desc += "; ";
    desc += c.categories[k] + ":";
    for (size_t s = 0; s < ns; ++s)
      desc += (s ? ", " : " ") + c.series[s].name + " " + Exact(value(s, k), c.currency);
    if (c.stacked && ns > 1) desc += ", total " + Exact(totals[k], c.currency);
  }

  std::string out;
  out.reserve(2048 + n * ns * 256);
  FigureStart(out, c.id, c.title, kWidth, height, desc);
  constexpr int64_t kSpanY = (kBottom - kTop) * 10;
  for (int64_t t = 0; t <= axis.max; t += axis.step) {
    const int64_t yy = kBottom * 10 - Scale(t, axis.max, kSpanY);
    out += "<line class=\"grid\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
           std::to_string(kRight) + "\" y1=\"" + Px(yy) + "\" y2=\"" + Px(yy) + "\"/>";
    Text(out, (kLeft - 4) * 10, yy + 40, "end", CompactNumber(MajorRounded(t, c.currency)));
  }
  Text(out, 40, 110, "", c.currency);
  out += "<line class=\"axis\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" +
         std::to_string(kRight) + "\" y1=\"" + std::to_string(kBottom) + "\" y2=\"" +
         std::to_string(kBottom) + "\"/>";
  const int64_t slot = n ? (kRight - kLeft) * 10 / static_cast<int64_t>(n) : 0;
  for (size_t k = 0; k < n; ++k) {
    const int64_t slot_x = kLeft * 10 + slot * static_cast<int64_t>(k);
    if (c.stacked) {
      const int64_t bw = slot * 56 / 100;
      const int64_t x = slot_x + (slot - bw) / 2;
      int64_t base = 0;
      for (size_t s = 0; s < ns; ++s) {
        const int64_t v = value(s, k);
        if (v == 0) continue;
        const int64_t y0 = kBottom * 10 - Scale(base + v, axis.max, kSpanY);
        const int64_t y1 = kBottom * 10 - Scale(base, axis.max, kSpanY);
        base += v;
        out += "<rect x=\"" + Px(x) + "\" y=\"" + Px(y0) + "\" width=\"" + Px(bw) + "\" height=\"" +
               Px(std::max<int64_t>(y1 - y0, 1)) + "\" fill=\"" + std::string(SeriesColor(s)) +
               "\" stroke=\"#fff\" stroke-width=\"1\"><title>";
        AppendHtmlEscaped(out,
                          c.categories[k] + ", " + c.series[s].name + ": " + Exact(v, c.currency));
        out += "</title></rect>";
      }
      Text(out, x + bw / 2, kBottom * 10 - Scale(totals[k], axis.max, kSpanY) - 40, "middle",
           CompactNumber(MajorRounded(totals[k], c.currency)), " font-weight=\"600\"");
      Text(out, slot_x + slot / 2, (kBottom + 16) * 10, "middle", c.categories[k]);
    } else {
      const int64_t group = slot * 84 / 100;
      const int64_t bw = ns ? group / static_cast<int64_t>(ns) : 0;
      const int64_t gx = slot_x + (slot - group) / 2;
      for (size_t s = 0; s < ns; ++s) {
        const int64_t v = value(s, k);
        const int64_t x = gx + bw * static_cast<int64_t>(s);
        const int64_t y0 = kBottom * 10 - Scale(v, axis.max, kSpanY);
        out += "<rect x=\"" + Px(x + 10) + "\" y=\"" + Px(y0) + "\" width=\"" +
               Px(std::max<int64_t>(bw - 20, 10)) + "\" height=\"" +
               Px(std::max<int64_t>(kBottom * 10 - y0, 1)) + "\" fill=\"" +
               std::string(SeriesColor(s)) + "\"><title>";
        AppendHtmlEscaped(out,
                          c.categories[k] + ", " + c.series[s].name + ": " + Exact(v, c.currency));
        out += "</title></rect>";
        const std::string tag(1, static_cast<char>('A' + s % 26));
        Text(out, x + bw / 2, (kBottom + 13) * 10, "middle", tag, " font-size=\"11\"");
        if (bw >= 300)
          Text(out, x + bw / 2, y0 - 40, "middle", CompactNumber(MajorRounded(v, c.currency)),
               " font-size=\"11\"");
      }
      Text(out, slot_x + slot / 2, (kBottom + 30) * 10, "middle", c.categories[k]);
    }
  }
  std::string legend = "<ul class=\"legend\">";
  for (size_t s = 0; s < ns; ++s) {
    legend +=
        "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" "
        "height=\"14\" fill=\"" +
        std::string(SeriesColor(s)) + "\"/></svg>";
    if (!c.stacked) legend += std::string(1, static_cast<char>('A' + s % 26)) + ": ";
    legend += HtmlEscape(c.series[s].name) + "</li>";
  }
  legend += "</ul>\n";
  FigureEnd(out, c.note, legend);
  return out;
}

}  // namespace levers
