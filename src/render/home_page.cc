#include <cctype>

#include "core/ascii.h"
#include "core/digits.h"
#include "levers/pages.h"
#include "levers/render.h"

namespace levers {
namespace {

// The text a search looks in, lower case, as the store builds it for `q`
// (company slug and name, role slug and name, regions, each on its own line so
// no match spans two), written into `t`. The page's script searches the same
// text, from the row's data-search attribute.
void AssignSearchText(std::string& t, const GuideRow& r) {
  t.assign(r.company_slug);
  t += '\n';
  t += r.company;
  t += '\n';
  t += r.role_slug;
  t += '\n';
  t += r.role;
  for (const std::string& region : r.regions) {
    t += '\n';
    t += region;
  }
  internal::AsciiLowerInPlace(t);
}

}  // namespace

bool RowMatches(const GuideRow& row, std::string_view query) {
  if (query.empty()) return true;
  return RowSearchText(row).find(SearchKey(query)) != std::string::npos;
}

std::string RowSearchText(const GuideRow& row) {
  std::string text;
  AssignSearchText(text, row);
  return text;
}

std::string SearchKey(std::string_view query) {
  std::string q(query);
  internal::AsciiLowerInPlace(q);
  return q;
}

std::string RenderHomePage(const HomePage& p, const SiteLinks& links) {
  std::string out;
  out.reserve(4096 + p.rows.size() * 512);
  AppendPageStart(out, links, "levers — negotiation guides", NavItem::kHome);
  out += "<h1>Negotiation guides</h1>\n";
  out +=
      "<p>Pay bands, level maps and negotiation levers for each company and role. Pick a guide, "
      "or ";
  if (!links.Offer().empty()) {
    out += "<a href=\"" + HtmlEscape(links.Offer()) + "\">value an offer</a> and <a href=\"" +
           HtmlEscape(links.Compare()) + "\">compare offers</a>.</p>\n";
  } else {
    out += "run <code>levers serve</code> to value and compare offers in the browser.</p>\n";
  }
  out += "<form class=\"search\" role=\"search\" method=\"get\" action=\"" +
         HtmlEscape(links.Home()) +
         "\">\n<div class=\"field\"><label for=\"q\">Search companies, roles and regions</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"";
  AppendHtmlEscaped(out, p.query);
  out +=
      "\" aria-describedby=\"search-status\"></div>\n<div class=\"actions\"><button "
      "type=\"submit\">Search</button></div>\n</form>\n";
  // The static site has no server to search: its script filters the table.
  if (links.mode == SiteLinks::Mode::kStatic)
    out +=
        "<noscript><p>This copy of the guides searches with script, which is "
        "off: every guide is listed below.</p></noscript>\n";
  out += "<p id=\"search-status\" class=\"muted\" aria-live=\"polite\">";
  // One page of the matches (levers serve over a large corpus): every row
  // given is shown, and the search runs on the server.
  const bool paged = p.page.has_value();
  std::vector<char> shown(p.rows.size(), 1);
  size_t matches = 0;
  if (paged) {
    matches = p.page->items;
  } else {
    for (size_t i = 0; i < p.rows.size(); ++i)
      matches += shown[i] = RowMatches(*p.rows[i], p.query);
  }
  out += std::to_string(matches) + " of " +
         std::to_string(paged ? p.corpus_guides : p.rows.size()) + " guides</p>\n";
  if (paged) AppendListPager(out, *p.page, "guides", false);
  out += paged ? "<div class=\"wrap\"><table id=\"guides\" data-paged>\n<caption class=\"muted\">"
               : "<div class=\"wrap\"><table id=\"guides\">\n<caption class=\"muted\">";
  if (p.query.empty()) {
    out += "Every guide, by company";
  } else {
    out += "Guides matching “";
    AppendHtmlEscaped(out, p.query);
    out += "”, by company";
  }
  out +=
      "</caption>\n<thead><tr><th scope=\"col\">Company</th><th scope=\"col\">Role</th>"
      "<th scope=\"col\">Regions</th><th scope=\"col\">Data quality</th><th "
      "scope=\"col\">Review due</th><th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" "
      "class=\"num\">Warnings</th></tr></thead>\n<tbody>\n";
  // One row per guide, appended in place: the page of a 10,000-guide corpus is
  // written at the end of `levers build`, after the parallel part.
  std::string search;
  for (size_t k = 0; k < p.rows.size(); ++k) {
    const GuideRow& r = *p.rows[k];
    if (paged) {
      out += "<tr><td><a href=\"";
    } else {
      AssignSearchText(search, r);
      out += shown[k] ? "<tr data-search=\"" : "<tr hidden data-search=\"";
      AppendHtmlEscaped(out, search);
      out += "\"><td><a href=\"";
    }
    links.AppendGuideHref(out, r.id);
    out += "\">";
    // A guide that names no company is named by its id.
    AppendHtmlEscaped(out, r.company.empty() ? std::string_view(r.id) : r.company);
    out += "</a></td><td>";
    AppendHtmlEscaped(out, r.role);
    out += "</td><td>";
    for (size_t i = 0; i < r.regions.size(); ++i) {
      if (i) out += ", ";
      AppendHtmlEscaped(out, r.regions[i]);
    }
    out += "</td><td>";
    // A "—", which screen readers pass over, says "not stated" to them.
    constexpr std::string_view kNotStated =
        "<span aria-hidden=\"true\">—</span><span class=\"vh\">not stated</span>";
    if (r.data_quality.empty())
      out += kNotStated;
    else
      AppendHtmlEscaped(out, r.data_quality);
    out += r.overdue ? "</td><td class=\"overdue\">" : "</td><td>";
    if (r.next_review_due.empty())
      out += kNotStated;
    else
      AppendHtmlEscaped(out, r.next_review_due);
    if (r.overdue) out += " (overdue)";
    out += "</td><td class=\"num\">";
    internal::AppendDecimal(out, r.errors);
    out += "</td><td class=\"num\">";
    internal::AppendDecimal(out, r.warnings);
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
  if (paged) AppendListPager(out, *p.page, "guides", true);
  AppendPageEnd(out, links);
  return out;
}

}  // namespace levers
