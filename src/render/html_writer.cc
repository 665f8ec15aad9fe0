#include <array>

#include "levers/render.h"

namespace levers {
namespace {
constexpr std::string_view kStyle = R"css(
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--warn:#9a3412;--bg:#fff}
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left}
th{background:#f6f8fa}.num{text-align:right}.muted{color:var(--muted)}.overdue{color:var(--warn);font-weight:600}
.dna{font-size:1.05rem}.findings li.error{color:#b91c1c}.findings li.warning{color:var(--warn)}
blockquote{border-left:4px solid var(--accent);margin:1rem 0;padding:.25rem 1rem;background:#f6f8fa}
.wrap{overflow-x:auto}a{color:var(--accent)}
)css";
constexpr std::array<bool, 256> kHtmlSpecial = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("&<>\"'")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();
}  // namespace

void AppendHtmlEscaped(std::string& out, std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    size_t run = i;
    while (run < t.size() && !kHtmlSpecial[static_cast<unsigned char>(t[run])]) ++run;
    out.append(t.data() + i, run - i);
    if (run == t.size()) break;
    switch (t[run]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&#39;";
        break;
    }
    i = run + 1;
  }
}

std::string HtmlEscape(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 16);
  AppendHtmlEscaped(out, t);
  return out;
}

std::string_view GuidePageStyle() { return kStyle; }

namespace {

// "USD 150,000"; the currency and digits need no escaping.
void AppendMoney(std::string& out, const Field<Money>& m) {
  if (!m.has()) {
    out += "—";
    return;
  }
  if (!m->currency.empty()) {
    AppendHtmlEscaped(out, m->currency);
    out += ' ';
  }
  AppendMajorUnits(out, *m, true);
}

std::string Money2(const Field<Money>& m) {
  std::string out;
  AppendMoney(out, m);
  return out;
}

// "USD 150,000 – 190,000": the currency is said once, on the low end.
void AppendRange(std::string& out, const Field<Money>& lo, const Field<Money>& hi) {
  if (!lo.has() && !hi.has()) {
    out += "—";
    return;
  }
  AppendMoney(out, lo);
  if (lo.has() && hi.has() && lo->minor == hi->minor) return;
  out += " – ";
  if (hi.has())
    AppendMajorUnits(out, *hi, true);
  else
    out += "—";
}

void AppendPctRange(std::string& out, const Field<Percent>& lo, const Field<Percent>& hi) {
  if (!lo.has()) {
    out += "—";
    return;
  }
  out += PercentString(*lo);
  if (hi.has() && hi->basis_points != lo->basis_points) {
    out += "–";
    out += PercentString(*hi);
  }
  out += '%';
}

void Asks(std::string& out, const AskAmounts& a) {
  std::vector<std::string> parts;
  if (a.base.has()) parts.push_back("base " + Money2(a.base));
  if (a.equity.has()) {
    parts.push_back("equity " + Money2(a.equity) +
                    (a.equity_years.has() ? " over " + std::to_string(*a.equity_years) + " years"
                                          : std::string()));
  }
  if (a.signing_bonus.has()) parts.push_back("signing bonus " + Money2(a.signing_bonus));
  if (a.year_one_vesting_pct.has())
    parts.push_back(PercentString(*a.year_one_vesting_pct) + "% vesting in year one");
  if (a.refresh_per_year.has())
    parts.push_back("refresh " + Money2(a.refresh_per_year) + " a year");
  if (a.guaranteed_bonus.has()) parts.push_back("guaranteed bonus " + Money2(a.guaranteed_bonus));
  if (parts.empty()) return;
  out += "<p class=\"muted\">Asks for: ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  out += "</p>\n";
}

}  // namespace

std::string RenderGuideHtml(const Guide& g, const HtmlOptions& o) {
  const std::string company =
      g.company_display.has() ? *g.company_display : (g.company.has() ? *g.company : "");
  const std::string role = g.role_display.has() ? *g.role_display : (g.role.has() ? *g.role : "");
  std::string out;
  out.reserve(16384);
  out +=
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += HtmlEscape(role + " at " + company) + " — levers negotiation guide</title>\n";
  if (o.stylesheet_href.empty()) {
    out += "<style>";
    out += kStyle;
    out += "</style>\n";
  } else {
    out += "<link rel=\"stylesheet\" href=\"" + HtmlEscape(o.stylesheet_href) + "\">\n";
  }
  out += "</head>\n<body>\n";
  if (!o.index_href.empty())
    out += "<nav><a href=\"" + HtmlEscape(o.index_href) + "\">All guides</a></nav>\n";
  out += "<main>\n<h1>" + HtmlEscape(role) + " <span class=\"muted\">at</span> " +
         HtmlEscape(company) + "</h1>\n";
  const DnaSummary& dna = ResolveDna(g);
  if (dna.text.has()) out += "<p class=\"dna\">" + HtmlEscape(*dna.text) + "</p>\n";

  out += "<dl class=\"meta\">\n";
  auto meta = [&](std::string_view k, const std::string& v, std::string_view cls = "") {
    out += "<dt>" + std::string(k) + "</dt><dd" +
           (cls.empty() ? std::string() : " class=\"" + std::string(cls) + "\"") + ">" + v +
           "</dd>\n";
  };
  meta("Last updated", g.last_updated.has() ? g.last_updated->ToString() : "not stated");
  const bool overdue = o.today && g.next_review_due.has() && *g.next_review_due < *o.today;
  meta("Next review due",
       g.next_review_due.has() ? g.next_review_due->ToString() + (overdue ? " (overdue)" : "")
                               : "not stated",
       overdue ? "overdue" : "");
  meta("Data quality", g.data_quality.has() ? HtmlEscape(*g.data_quality) : "not stated");
  meta("Salary data quarter",
       g.salary_data_quarter.has() ? HtmlEscape(*g.salary_data_quarter) : "not stated");
  std::string sources;
  for (size_t i = 0; i < g.data_sources.size(); ++i)
    sources += (i ? ", " : "") + HtmlEscape(*g.data_sources[i]);
  meta("Data sources", sources.empty() ? "not stated" : sources);
  out += "</dl>\n";

  out +=
      "<h2>Pay bands</h2>\n<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Region</th>"
      "<th scope=\"col\">Base</th><th scope=\"col\">Stock (grant)</th><th scope=\"col\">Bonus</th>"
      "<th scope=\"col\">Total comp / year</th></tr></thead>\n<tbody>\n";
  for (const ResolvedBand& r : ResolveCompensation(g)) {
    const CompBand& b = r.band;
    out += "<tr><th scope=\"row\">";
    AppendHtmlEscaped(out, b.region.has() ? *b.region : "?");
    out += "</th><td class=\"num\">";
    AppendRange(out, b.base_low, b.base_high);
    out += "</td><td class=\"num\">";
    AppendRange(out, b.stock_low, b.stock_high);
    out += " <span class=\"muted\">/";
    out += std::to_string(b.stock_vesting_years);
    out += "y</span></td><td class=\"num\">";
    AppendPctRange(out, b.bonus_pct_low, b.bonus_pct_high);
    out += "</td><td class=\"num\">";
    AppendRange(out, b.total_comp_low, b.total_comp_high);
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table></div>\n";

  const LevelMapping& lm = ResolveLevelMapping(g);
  if (!lm.equivalents.empty()) {
    out += "<h2>Level mapping</h2>\n<ul class=\"levels\">\n";
    for (const LevelEquivalent& e : lm.equivalents) {
      out += "<li>";
      AppendHtmlEscaped(out, e.text);
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!g.dna_paragraphs.empty()) {
    out += "<h2>Negotiation DNA</h2>\n";
    for (const std::string& p : g.dna_paragraphs) {
      out += "<p>";
      AppendHtmlEscaped(out, p);
      out += "</p>\n";
    }
  }
  if (g.focus.title.has()) {
    out += "<h2>" + HtmlEscape(*g.focus.title) + " lever</h2>\n";
    for (const std::string& p : g.focus.paragraphs) {
      out += "<p>";
      AppendHtmlEscaped(out, p);
      out += "</p>\n";
    }
  }
  if (!g.levers.empty()) {
    out += "<h2>Global levers</h2>\n<ol class=\"levers\">\n";
    for (const Lever& l : g.levers) {
      out += "<li><strong>";
      if (l.title.has()) AppendHtmlEscaped(out, *l.title);
      out += "</strong>\n<blockquote>";
      if (l.script.has()) AppendHtmlEscaped(out, *l.script);
      out += "</blockquote>\n";
      Asks(out, l.asks);
      out += "</li>\n";
    }
    out += "</ol>\n";
  }
  if (g.strategy.text.has()) {
    out += "<h2>Negotiate-up strategy</h2>\n<blockquote>";
    AppendHtmlEscaped(out, *g.strategy.text);
    out += "</blockquote>\n";
    if (!g.strategy.competing_offers.empty()) {
      out +=
          "<table>\n<thead><tr><th scope=\"col\">Competing offer</th><th scope=\"col\">Level</th>"
          "<th scope=\"col\">Base</th><th scope=\"col\">Equity</th></tr></thead>\n<tbody>\n";
      for (const CompetingOffer& c : g.strategy.competing_offers) {
        out += "<tr><td>" + HtmlEscape(c.company) + "</td><td>" + HtmlEscape(c.level) +
               "</td><td class=\"num\">" + Money2(c.base) + "</td><td class=\"num\">" +
               Money2(c.equity) + "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    Asks(out, g.strategy.ask);
    if (g.strategy.floor.has())
      out += "<p>Floor: <strong>" + Money2(g.strategy.floor) + "</strong></p>\n";
  }
  if (!g.evidence.empty()) {
    out += "<h2>Evidence and sources</h2>\n<ul>\n";
    for (const auto& e : g.evidence) out += "<li>" + HtmlEscape(*e) + "</li>\n";
    out += "</ul>\n";
  }
  if (o.findings && !o.findings->empty()) {
    out += "<h2>Check findings</h2>\n<ul class=\"findings\">\n";
    for (const Diagnostic& d : *o.findings) {
      std::string where;
      if (o.file) {
        const LineColumn lc = o.file->Locate(d.range.begin);
        where = "line " + std::to_string(lc.line) + ": ";
      }
      out += "<li class=\"" + std::string(SeverityName(d.severity)) + "\">" + where +
             std::string(SeverityName(d.severity)) + " [" + HtmlEscape(d.code) + "] " +
             HtmlEscape(d.message) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace levers
