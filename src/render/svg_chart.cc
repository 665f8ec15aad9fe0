#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <span>

#include "core/digits.h"
#include "levers/chart.h"
#include "levers/money.h"
#include "levers/render.h"
#include "render/html_scan.h"

namespace levers {
namespace {

__extension__ using Int128 = __int128;  // products of two int64 amounts

// Fills with at least 3:1 contrast on white (WCAG 1.4.11), distinct in hue and
// lightness so neighbours in a stack stay apart.
constexpr std::array<std::string_view, 6> kPalette = {"#0b5cad", "#b45309", "#047857",
                                                      "#7c3aed", "#be185d", "#475569"};
// The band chart's marks are drawn by web/app.css (`.range rect`, `.range .m`)
// in these colours; its legend's swatches name them here.
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
  // 64-bit arithmetic when the product fits (any pay figure does), else 128.
  if (v <= std::numeric_limits<int64_t>::max() / std::max<int64_t>(span_tenths, 1))
    return v * span_tenths / axis_max;
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

// "USD 187,000", "USD 210,412.40": a whole amount without a fraction, any
// other with every minor digit, as the tooltips and tables write money.
std::string Exact(int64_t minor, std::string_view currency) {
  std::string out(currency);
  out += ' ';
  AppendMajorUnits(out, Money{minor, std::string(currency)}, true);
  if (const size_t dot = out.rfind('.'); dot != std::string::npos) {
    const CurrencyInfo* info = FindCurrency(currency);
    const size_t digits = info ? static_cast<size_t>(info->minor_digits) : 2;
    if (out.size() - dot - 1 < digits) out.append(digits - (out.size() - dot - 1), '0');
  }
  return out;
}

int64_t MajorRounded(int64_t minor, int64_t per) { return (minor + per / 2) / per; }
int64_t MajorRounded(int64_t minor, std::string_view currency) {
  return MajorRounded(minor, MinorPerMajor(currency));
}

// `t` HTML-escaped: `t` itself when it needs no escaping (ids, currency codes,
// most labels), else the escaped copy kept in `storage`. For text a chart
// writes several times.
std::string_view EscapedOnce(std::string_view t, std::string& storage) {
  if (internal::HtmlPlainRun(t.data(), t.size()) == t.size()) return t;
  storage = HtmlEscape(t);
  return storage;
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
  out += "<figure id=\"" + eid + "\">\n<figcaption aria-hidden=\"true\">";
  AppendHtmlEscaped(out, title);
  out += "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" role=\"img\"><title>";
  AppendHtmlEscaped(out, title);
  out += "</title><desc>";
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

// Markup written through a buffer on the stack and appended to the page in
// large pieces: a chart is some hundred short literals, numbers and labels,
// and one std::string::append per piece was most of a chart's cost. Text is
// HTML-escaped on the way in. The buffer is flushed when full and when the
// Markup goes out of scope.
class Markup {
 public:
  explicit Markup(std::string& out) : out_(out) {}
  Markup(const Markup&) = delete;
  Markup& operator=(const Markup&) = delete;
  ~Markup() { Flush(); }

  // Most pieces are short literals: their copy is inlined (a few moves for a
  // constant), and only a full buffer takes the call.
  [[gnu::always_inline]] Markup& Lit(std::string_view s) {
    if (s.size() > kCapacity - n_) [[unlikely]]
      return LitAfterFlush(s);
    std::memcpy(buf_ + n_, s.data(), s.size());
    n_ += s.size();
    return *this;
  }

  Markup& Int(int64_t v) {
    Reserve(24);
    // Coordinates and sizes are below 10,000: their digits are written
    // directly, two at a time, which costs a fraction of std::to_chars'
    // general path.
    if (v >= 0 && v < 10'000) {
      const auto u = static_cast<unsigned>(v);
      char* p = buf_ + n_;
      if (u < 10) {
        p[0] = static_cast<char>('0' + u);
        n_ += 1;
      } else if (u < 100) {
        std::memcpy(p, &internal::kTwoDigits[2 * u], 2);
        n_ += 2;
      } else if (u < 1'000) {
        p[0] = static_cast<char>('0' + u / 100);
        std::memcpy(p + 1, &internal::kTwoDigits[2 * (u % 100)], 2);
        n_ += 3;
      } else {
        std::memcpy(p, &internal::kTwoDigits[2 * (u / 100)], 2);
        std::memcpy(p + 2, &internal::kTwoDigits[2 * (u % 100)], 2);
        n_ += 4;
      }
      return *this;
    }
    n_ = static_cast<size_t>(std::to_chars(buf_ + n_, buf_ + kCapacity, v).ptr - buf_);
    return *this;
  }

  // A coordinate given in tenths of a pixel: "12", "12.5" or "-0.5".
  Markup& Px(int64_t tenths) {
    if (tenths < 0) {
      Reserve(1);
      buf_[n_++] = '-';
      tenths = -tenths;
    }
    Int(tenths / 10);
    if (tenths % 10) {
      buf_[n_++] = '.';
      buf_[n_++] = static_cast<char>('0' + tenths % 10);
    }
    return *this;
  }

  Markup& Escaped(std::string_view t) {
    // Each byte becomes at most 6 ("&quot;"); longer text goes straight out.
    if (t.size() > (kCapacity - n_) / 6) {
      Flush();
      if (t.size() > kCapacity / 6) {
        AppendHtmlEscaped(out_, t);
        return *this;
      }
    }
    size_t i = 0;
    while (i < t.size()) {
      const size_t run = internal::HtmlPlainRun(t.data() + i, t.size() - i);
      std::memcpy(buf_ + n_, t.data() + i, run);
      n_ += run;
      i += run;
      if (i == t.size()) break;
      size_t used;
      const std::string_view entity = internal::HtmlReplacement(t.data() + i, t.size() - i, &used);
      i += used;
      std::memcpy(buf_ + n_, entity.data(), entity.size());
      n_ += entity.size();
    }
    return *this;
  }

  // The exact amount in major units, grouped: "128,000" when whole, else with
  // every minor digit ("169,901.62", "210,412.40"), as the tooltips and tables
  // write it, for a currency with `digits` minor digits, in lakhs for one that
  // GroupsInLakhs ("48,00,000").
  Markup& MajorUnits(int64_t minor, int digits, bool lakhs) {
    Reserve(48);
    const bool negative = minor < 0;
    const uint64_t abs =
        negative ? static_cast<uint64_t>(-(minor + 1)) + 1 : static_cast<uint64_t>(minor);
    uint64_t per = 1;
    for (int k = 0; k < digits; ++k) per *= 10;
    char tmp[32];  // 20 digits and 9 commas at most
    const char* p = internal::WriteGroupedBackward(tmp + sizeof tmp, abs / per, lakhs);
    if (negative) buf_[n_++] = '-';
    std::memcpy(buf_ + n_, p, static_cast<size_t>(tmp + sizeof tmp - p));
    n_ += static_cast<size_t>(tmp + sizeof tmp - p);
    uint64_t frac = abs % per;
    if (frac == 0) return *this;
    char f[20];
    for (int k = digits - 1; k >= 0; --k) {
      f[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    const int len = digits;
    buf_[n_++] = '.';
    std::memcpy(buf_ + n_, f, static_cast<size_t>(len));
    n_ += static_cast<size_t>(len);
    return *this;
  }

  // Major units rounded half up to three significant digits: "1.25M", "187K",
  // "950"; in lakhs and crores for a currency that GroupsInLakhs: "45L", "1.2Cr".
  Markup& Compact(int64_t major, bool lakhs);

  void Flush() {
    out_.append(buf_, n_);
    n_ = 0;
  }

 private:
  static constexpr size_t kCapacity = 1024;
  [[gnu::noinline]] Markup& LitAfterFlush(std::string_view s) {
    Flush();
    if (s.size() > kCapacity) {
      out_.append(s);
      return *this;
    }
    std::memcpy(buf_, s.data(), s.size());
    n_ = s.size();
    return *this;
  }
  void Reserve(size_t k) {
    if (kCapacity - n_ < k) Flush();
  }

  std::string& out_;
  char buf_[kCapacity];
  size_t n_ = 0;
};

Markup& Markup::Compact(int64_t major, bool lakhs) {
  if (major < 1'000) return Int(major);
  struct Unit {
    int64_t size;
    std::string_view suffix;
  };
  static constexpr Unit kThousands[] = {
      {1'000, "K"}, {1'000'000, "M"}, {1'000'000'000, "B"}, {1'000'000'000'000, "T"}};
  // As Indian guides and candidates write rupees: "₹45L", "₹1.2Cr".
  static constexpr Unit kLakhs[] = {{1'000, "K"}, {100'000, "L"}, {10'000'000, "Cr"}};
  const std::span<const Unit> kUnits = lakhs ? std::span<const Unit>(kLakhs) : kThousands;
  size_t u = 0;
  while (u + 1 < kUnits.size() && major >= kUnits[u + 1].size) ++u;
  for (;; ++u) {
    // Hundredths of the unit, rounded once, half up, to three significant
    // digits: whole units from 100 of them, tenths from 10, else hundredths.
    // No product overflows: major × 100 only below 10 units (10^13 × 100),
    // major × 10 only below 100.
    const int64_t size = kUnits[u].size;
    int64_t h;
    if (major < 10 * size)
      h = (major * 100 + size / 2) / size;
    else if (major < 100 * size)
      h = (major * 10 + size / 2) / size * 10;
    else
      h = (major / size + (major % size * 2 >= size ? 1 : 0)) * 100;
    // 999,999 rounds to 1000K: say 1M instead (and 99,950 rupees 1L, not 100K).
    if (u + 1 < kUnits.size() && h * size >= kUnits[u + 1].size * 100) continue;
    Int(h / 100);
    const int64_t frac = h % 100;
    if (frac) {
      Reserve(4);
      buf_[n_++] = '.';
      if (frac % 10 == 0) {
        buf_[n_++] = static_cast<char>('0' + frac / 10);
      } else {
        buf_[n_++] = static_cast<char>('0' + frac / 10);
        buf_[n_++] = static_cast<char>('0' + frac % 10);
      }
    }
    return Lit(kUnits[u].suffix);
  }
}

// "1.25M", "187K", "950", "12.5K" from major units, rounded half up to three
// significant digits; "45L", "1.2Cr" for a currency that GroupsInLakhs.
std::string CompactNumber(int64_t major, std::string_view currency) {
  std::string s;
  Markup(s).Compact(major, GroupsInLakhs(currency));
  return s;
}

// <text x=".." y="..">, without x when it is 0 (its default); the caller
// writes the text and </text>.
void TextOpen(Markup& m, int64_t x_tenths, int64_t y_tenths) {
  if (x_tenths == 0)
    m.Lit("<text y=\"");
  else
    m.Lit("<text x=\"").Px(x_tenths).Lit("\" y=\"");
  m.Px(y_tenths).Lit("\">");
}

// FigureStart up to and including the opening <desc> tag, for an SVG of
// class "chart range" whose viewBox starts at x = -`margin`; `id` and `title`
// are already escaped.
void FigureOpen(Markup& m, std::string_view id, std::string_view title, int margin, int width,
                int height) {
  m.Lit("<figure id=\"").Lit(id).Lit("\">\n<figcaption aria-hidden=\"true\">");
  m.Lit(title).Lit("</figcaption>\n<svg class=\"chart range\" viewBox=\"-");
  m.Int(margin).Lit(" 0 ").Int(width).Lit(" ").Int(height).Lit("\" role=\"img\"><title>");
  m.Lit(title).Lit("</title><desc>");
}

}  // namespace

std::string_view SeriesColor(size_t i) { return kPalette[i % kPalette.size()]; }

void AppendExactAmount(std::string& out, int64_t minor, std::string_view currency) {
  Markup(out).MajorUnits(minor, MinorDigits(currency), GroupsInLakhs(currency));
}

std::string CompactAmount(int64_t minor, std::string_view currency) {
  return std::string(currency) + " " +
         CompactNumber(MajorRounded(std::max<int64_t>(minor, 0), currency), currency);
}

namespace {

// How many columns a bar's label may take: the axis is 344 px wide, and the
// labels' bold 12 px text runs about 7 px a Latin character (Chromium: "San
// Francisco Bay Area, CA (4 yr): USD 79.6K – 159K", 50 characters, is 355 px).
constexpr size_t kLabelColumns = 46;
// The same on a narrow screen, where web/app.css sets the chart's text at
// 14.5 px so that it is still 12 CSS px once the chart has shrunk to a 320 px
// window (the viewBox is 360 wide): about 8.5 px a character, 41 of them in
// the 352 px from the labels' start to the viewBox's end. A label longer than
// that is written twice, the second cut to it, and the stylesheet shows one
// (`.w` wide, `.n` narrow); a label that fits both is written once.
constexpr size_t kNarrowLabelColumns = 41;

// The columns the character whose UTF-8 starts with `lead` takes: 2 for the
// wide scripts (CJK, kana, Hangul: U+3000 to U+D7FF, lead bytes E3 to ED),
// fullwidth forms (U+FF00 to U+FFEF, EF BC to EF BF) and beyond the BMP (emoji,
// rare CJK), about twice a Latin letter's width; 1 for the rest. A
// continuation byte takes none. `next` is the byte after the lead.
size_t Columns(unsigned char lead, unsigned char next) {
  if ((lead & 0xC0) == 0x80) return 0;
  if (lead >= 0xE3 && lead <= 0xED) return 2;
  if (lead == 0xEF && next >= 0xBC) return 2;
  return lead >= 0xF0 ? 2 : 1;
}

// Columns of UTF-8 text. Labels and figures are mostly ASCII, with a dash or
// an accent: without a lead byte of a wide character (E3 and above), each
// byte but a continuation byte (10xxxxxx) takes one column. Both are found
// eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear;
// a byte of E3 and above has bit 7 set and its low seven bits at 0x63 or
// more, which adding 0x1D carries into bit 7 (never into the next byte).
size_t TextColumns(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ull, kLow7 = 0x7F7F7F7F7F7F7F7Full,
                     kToE3 = 0x1D1D1D1D1D1D1D1Dull;
  // Continuation bytes counted per byte lane, summed across the lanes (by a
  // multiplication into the top byte) every 31 words, before the sum could
  // pass 255.
  auto lanes_sum = [](uint64_t lanes) { return (lanes * 0x0101010101010101ull) >> 56; };
  uint64_t continuation = 0, wide = 0;
  size_t cont = 0, words = 0;
  auto add = [&](uint64_t w) {
    continuation += (w & ~(w << 1) & kHigh) >> 7;
    wide |= ((w & kLow7) + kToE3) & w & kHigh;
  };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    add(w);
    if (++words == 31) {
      cont += lanes_sum(continuation);
      continuation = 0;
      words = 0;
    }
  }
  // The last bytes, in the low lanes of a word whose other lanes are zero
  // (a zero byte is neither kind): the last eight bytes shifted past those
  // already counted, or byte by byte in text shorter than a word.
  if (const size_t rest = s.size() - i; rest > 0) {
    uint64_t w = 0;
    if (std::endian::native == std::endian::little && i >= 8) {
      std::memcpy(&w, s.data() + s.size() - 8, 8);  // byte k of the text in lane k
      w >>= 8 * (8 - rest);
    } else {
      for (size_t k = 0; k < rest; ++k)
        w |= uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    }
    add(w);
  }
  if (wide == 0) return s.size() - cont - lanes_sum(continuation);
  size_t n = 0;
  for (size_t k = 0; k < s.size(); ++k)
    n += Columns(static_cast<unsigned char>(s[k]),
                 k + 1 < s.size() ? static_cast<unsigned char>(s[k + 1]) : 0);
  return n;
}

// Bytes of the longest prefix of `s` that takes at most `columns`, never
// cutting a character.
size_t PrefixOfColumns(std::string_view s, size_t columns) {
  if (TextColumns(s) <= columns) return s.size();  // nearly every label fits
  size_t used = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t w = Columns(static_cast<unsigned char>(s[i]),
                             i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0);
    if (w == 0) continue;
    if (used + w > columns) return i;
    used += w;
  }
  return s.size();
}

}  // namespace

void AppendRangeChart(std::string& out, const RangeChart& c) {
  // The axis runs from x = 0 to kRight; the viewBox adds kMargin either side,
  // so labels at the axis's start need no x.
  constexpr int kMargin = 8, kRight = 344, kWidth = kRight + 2 * kMargin;
  constexpr int64_t kSpan = kRight * 10;
  const int64_t per = MinorPerMajor(c.currency);
  const int digits = MinorDigits(c.currency);
  const bool lakhs = GroupsInLakhs(c.currency);
  int64_t max = 0;
  int y = 4;  // rows with a marker take a second line for its text
  for (const RangeRow& r : c.rows) {
    max = std::max({max, r.low, r.high, r.marker.value_or(0)});
    y += r.marker ? 58 : 44;
  }
  const Axis axis = NiceAxis(max, per);
  const int axis_y = y + 2;
  const int height = axis_y + 20;

  // The id, title and currency are written several times: escaped once.
  std::string id_storage, title_storage, currency_storage;
  const std::string_view id = EscapedOnce(c.id, id_storage);
  const std::string_view title = EscapedOnce(c.title, title_storage);
  const std::string_view cur = EscapedOnce(c.currency, currency_storage);

  Markup m(out);
  FigureOpen(m, id, title, kMargin, kWidth, height);
  // The description names every figure exactly: "London: USD 128,000 to 161,000".
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const RangeRow& r = c.rows[i];
    if (i) m.Lit("; ");
    m.Escaped(r.label).Lit(": ").Lit(cur).Lit(" ").MajorUnits(r.low, digits, lakhs);
    if (r.high != r.low) m.Lit(" to ").MajorUnits(r.high, digits, lakhs);
    if (r.no_low) m.Lit(" (the high end; no low end is stated)");
    if (r.no_high) m.Lit(" (the low end; no high end is stated)");
    if (r.marker) {
      m.Lit(", ");
      if (!r.marker_desc.empty())
        m.Escaped(r.marker_desc);
      else if (r.marker_text.empty())
        m.Lit(cur).Lit(" ").MajorUnits(*r.marker, digits, lakhs);
      else
        m.Escaped(r.marker_text);
    }
  }
  m.Lit("</desc>");
  // The grid as one path, then the tick labels and the axis line. They depend
  // only on the axis, its height and the currency, which many charts share:
  // each thread keeps the markup of the last kAxisCache axes it drew. The
  // stylesheet anchors the tick labels (`.ticks`: the first at its start, the
  // last at its end, the others at their middle).
  auto draw_axis = [&](Markup& a) {
    a.Lit("<path class=\"grid\" d=\"");
    for (int64_t t = 0; t <= axis.max; t += axis.step) {
      a.Lit("M").Px(Scale(t, axis.max, kSpan)).Lit(" 4V").Int(axis_y);
    }
    a.Lit("\"/><g class=\"ticks\">");
    for (int64_t t = 0; t <= axis.max; t += axis.step) {
      const int64_t x = Scale(t, axis.max, kSpan);
      TextOpen(a, x, (axis_y + 15) * 10);
      if (t == 0)
        a.Lit(cur).Lit(" 0");
      else
        a.Compact(MajorRounded(t, per), lakhs);
      a.Lit("</text>");
    }
    a.Lit("</g><path class=\"axis\" d=\"M0 ").Int(axis_y).Lit("H").Int(kRight).Lit("\"/>");
  };
  struct CachedAxis {
    int64_t max, step;
    int axis_y;
    std::string currency, markup;
  };
  constexpr size_t kAxisCache = 32;
  thread_local std::vector<CachedAxis> axes;
  thread_local size_t next_slot = 0;
  const CachedAxis* hit = nullptr;
  for (const CachedAxis& e : axes) {
    if (e.max == axis.max && e.step == axis.step && e.axis_y == axis_y && e.currency == cur) {
      hit = &e;
      break;
    }
  }
  if (!hit) {
    CachedAxis e{axis.max, axis.step, axis_y, std::string(cur), {}};
    {
      Markup a(e.markup);
      draw_axis(a);
    }
    if (axes.size() < kAxisCache) {
      hit = &axes.emplace_back(std::move(e));
    } else {  // full: replace the entries in turn
      axes[next_slot] = std::move(e);
      hit = &axes[next_slot];
      next_slot = (next_slot + 1) % kAxisCache;
    }
  }
  m.Lit(hit->markup);
  // Each row: its label (bold by the stylesheet), the marker's text, the bar
  // and the marker; a row with a detail is a group titled with it.
  int top = 4;
  for (const RangeRow& r : c.rows) {
    const bool titled = !r.detail.empty();
    if (titled) m.Lit("<g><title>").Escaped(r.detail).Lit("</title>");
    // "London: USD 170K – 214K"; "— – 190K" where only the high end is stated,
    // as the pay table writes it. The figures are the point of the label: a
    // region too long for the chart's width is cut short, never they.
    thread_local std::string figures;
    figures.clear();
    {
      Markup f(figures);
      f.Lit(cur).Lit(" ");
      if (r.no_low) f.Lit("— – ");
      f.Compact(MajorRounded(std::max<int64_t>(r.low, 0), per), lakhs);
      if (r.high != r.low) f.Lit(" – ").Compact(MajorRounded(r.high, per), lakhs);
      if (r.no_high) f.Lit(" – —");
    }
    // The label, its region cut to fit `columns` with the figures: "" for
    // every screen, else the class that shows it on a wide or a narrow one.
    const size_t figure_columns = TextColumns(figures) + 2;
    auto label = [&](size_t columns, std::string_view screen) {
      const size_t budget = columns - std::min(columns - 8, figure_columns);
      if (screen.empty()) {
        TextOpen(m, 0, (top + 14) * 10);
      } else {
        m.Lit("<text class=\"").Lit(screen).Lit("\" y=\"").Int(top + 14).Lit("\">");
      }
      const size_t cut = PrefixOfColumns(r.label, budget);
      if (cut == r.label.size()) {
        m.Escaped(r.label);
      } else {
        std::string_view kept =
            std::string_view(r.label).substr(0, PrefixOfColumns(r.label, budget - 1));
        while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
        m.Escaped(kept).Lit("…");
      }
      m.Lit(": ").Lit(figures).Lit("</text>");
    };
    const size_t narrow_budget =
        kNarrowLabelColumns - std::min(kNarrowLabelColumns - 8, figure_columns);
    if (PrefixOfColumns(r.label, narrow_budget) == r.label.size()) {
      label(kLabelColumns, "");
    } else {
      label(kLabelColumns, "w");
      label(kNarrowLabelColumns, "n");
    }
    int bar_top = top + 20;
    if (r.marker) {
      m.Lit("<text class=\"o\" y=\"").Int(top + 29).Lit("\">");
      if (r.marker_text.empty())
        m.Lit(cur).Lit(" ").Compact(MajorRounded(std::max<int64_t>(*r.marker, 0), per), lakhs);
      else
        m.Escaped(r.marker_text);
      m.Lit("</text>");
      bar_top = top + 34;
    }
    const int64_t lo = Scale(std::min(r.low, r.high), axis.max, kSpan);
    const int64_t hi = Scale(std::max(r.low, r.high), axis.max, kSpan);
    const int64_t w = std::max<int64_t>(hi - lo, 30);  // a single figure still shows as a 3 px mark
    m.Lit("<rect x=\"")
        .Px(lo)
        .Lit("\" y=\"")
        .Int(bar_top)
        .Lit("\" width=\"")
        .Px(w)
        .Lit("\" height=\"14\"/>");
    if (r.marker) {
      const int64_t xm = Scale(*r.marker, axis.max, kSpan);
      const int64_t cy = (bar_top + 7) * 10;
      m.Lit("<path class=\"m\" d=\"M")
          .Px(xm)
          .Lit(" ")
          .Px(cy - 90)
          .Lit("L")
          .Px(xm + 70)
          .Lit(" ")
          .Px(cy);
      m.Lit("L").Px(xm).Lit(" ").Px(cy + 90).Lit("L").Px(xm - 70).Lit(" ").Px(cy);
      m.Lit("Z\"/>");
    }
    if (titled) m.Lit("</g>");
    top += r.marker ? 58 : 44;
  }
  m.Lit("</svg>\n");
  // A band alone needs no legend: each bar is labelled with its range.
  if (std::any_of(c.rows.begin(), c.rows.end(), [](const RangeRow& r) { return r.marker; })) {
    m.Lit(
         "<ul class=\"legend\"><li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect "
         "width=\"14\" height=\"14\" fill=\"")
        .Lit(kBandFill)
        .Lit(
            "\"/></svg>band (low to high)</li><li><svg width=\"14\" height=\"14\" "
            "aria-hidden=\"true\"><path d=\"M7 0L14 7L7 14L0 7Z\" fill=\"")
        .Lit(kMarkerFill)
        .Lit("\" stroke=\"#1b1f24\"/></svg>the offer</li></ul>\n");
  }
  if (!c.note.empty()) m.Lit("<p class=\"muted\">").Escaped(c.note).Lit("</p>\n");
  m.Lit("</figure>\n");
}

std::string RenderRangeChart(const RangeChart& c) {
  std::string out;
  out.reserve(1024 + c.rows.size() * 512);
  AppendRangeChart(out, c);
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
    Text(out, (kLeft - 4) * 10, yy + 40, "end",
         CompactNumber(MajorRounded(t, c.currency), c.currency));
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
           CompactNumber(MajorRounded(totals[k], c.currency), c.currency), " class=\"total\"");
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
        Text(out, x + bw / 2, (kBottom + 13) * 10, "middle", tag, " class=\"small\"");
        if (bw >= 300)
          Text(out, x + bw / 2, y0 - 40, "middle",
               CompactNumber(MajorRounded(v, c.currency), c.currency), " class=\"small\"");
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
