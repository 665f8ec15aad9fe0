#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/digits.h"
#include "levers/pages.h"
#include "levers/render.h"

namespace levers {
namespace {

using std::string_view_literals::operator""sv;

// A matrix larger than this many cells is shown as a list instead: a page of
// tens of thousands of mostly empty cells helps nobody.
constexpr size_t kMaxMatrixCells = 20'000;
// At most this many findings, and this many guides with findings, are listed
// one by one; the counts cover them all.
constexpr size_t kMaxListedFindings = 2'000;
constexpr size_t kMaxListedGuides = 2'000;

int SeverityRank(std::string_view s) { return s == "error" ? 0 : s == "warning" ? 1 : 2; }

void GuideLink(std::string& out, const SiteLinks& links, const GuideRow& g) {
  out += "<a href=\""sv;
  links.AppendGuideHref(out, g.id);
  out += "\">"sv;
  // A guide that names neither company nor role is named by its id.
  AppendHtmlEscaped(out, g.company);
  if (!g.company.empty() && !g.role.empty()) out += " — "sv;
  AppendHtmlEscaped(out, g.role);
  if (g.company.empty() && g.role.empty()) AppendHtmlEscaped(out, g.id);
  out += "</a>"sv;
}

}  // namespace

std::string RenderHealthPage(const HealthPage& p, const SiteLinks& links) {
  std::string out;
  out.reserve(8192 + p.guides.size() * 256 + p.findings.size() * 256);
  AppendPageStart(out, links, "Corpus health — levers", NavItem::kHealth);
  out += "<h1>Corpus health</h1>\n"sv;
  size_t errors = 0, warnings = 0, notes = 0, overdue = 0;
  std::vector<unsigned char> rank(p.findings.size());
  for (size_t i = 0; i < p.findings.size(); ++i) {
    const int r = SeverityRank(p.findings[i]->severity);
    rank[i] = static_cast<unsigned char>(r);
    (r == 0 ? errors : r == 1 ? warnings : notes)++;
  }
  for (const GuideRow* g : p.guides) overdue += g->overdue ? 1 : 0;
  out += "<div class=\"cards\">"sv;
  auto card = [&](std::string_view label, size_t n, std::string_view cls) {
    out += "<p class=\"card\"><span class=\"big"sv;
    if (!cls.empty() && n) {
      out += ' ';
      out += cls;
    }
    out += "\">"sv;
    internal::AppendDecimal(out, n);
    out += "</span>"sv;
    out += label;
    out += "</p>"sv;
  };
  // One page of a large corpus: the counts are the corpus's, the lists below
  // this page's.
  const bool paged = p.page.has_value();
  card("guides", paged ? p.totals.guides : p.guides.size(), "");
  card("errors", paged ? p.totals.errors : errors, "sev-error");
  card("warnings", paged ? p.totals.warnings : warnings, "sev-warning");
  card("notes", paged ? p.totals.notes : notes, "");
  card("reviews overdue", paged ? p.totals.overdue : overdue, "overdue");
  out += "</div>\n"sv;
  if (!p.today.empty()) {
    out += "<p class=\"muted\">Reviews are measured against "sv;
    AppendHtmlEscaped(out, p.today);
    out += ".</p>\n"sv;
  }
  if (paged) {
    AppendListPager(out, *p.page, "guides", false);
    out +=
        "<p class=\"muted\">The counts above cover every guide; the lists below, the guides of "
        "this page (by company, then role).</p>\n";
  }

  // Findings per guide, the worst first.
  // Views into the rows, which outlive this call: no id is copied.
  std::unordered_map<std::string_view, const GuideRow*> by_id;
  by_id.reserve(p.guides.size());
  for (const GuideRow* g : p.guides) by_id.emplace(g->id, g);
  // Guides with findings, and files that gave no guide (an empty or binary
  // file: findings without a guide), each by its path.
  struct Listed {
    const GuideRow* guide = nullptr;  // null for a file that is not a guide
    std::string_view file;
    size_t errors = 0, warnings = 0, notes = 0;
  };
  std::vector<Listed> with_findings;
  for (const GuideRow* g : p.guides)
    if (g->errors + g->warnings + g->notes)
      with_findings.push_back({g, {}, g->errors, g->warnings, g->notes});
  {
    std::map<std::string_view, size_t> files;  // path -> index in with_findings
    for (size_t i = 0; i < p.findings.size(); ++i) {
      const HealthFinding& f = *p.findings[i];
      if (!f.guide_id.empty() && by_id.count(f.guide_id)) continue;
      auto [it, added] = files.emplace(f.path, with_findings.size());
      if (added) with_findings.push_back({nullptr, f.path});
      Listed& l = with_findings[it->second];
      (rank[i] == 0 ? l.errors : rank[i] == 1 ? l.warnings : l.notes)++;
    }
  }
  std::stable_sort(
      with_findings.begin(), with_findings.end(), [](const Listed& a, const Listed& b) {
        return std::tie(b.errors, b.warnings, b.notes) < std::tie(a.errors, a.warnings, a.notes);
      });
  out += "<h2 id=\"by-guide\">Findings by guide</h2>\n"sv;
  if (with_findings.empty()) {
    out += "<p>No guide has findings.</p>\n"sv;
  } else {
    if (with_findings.size() > kMaxListedGuides) {
      out += "<p class=\"muted\">The "sv;
      internal::AppendDecimal(out, kMaxListedGuides);
      out += " guides with the most findings, of "sv;
      internal::AppendDecimal(out, with_findings.size());
      out += " that have any; <code>levers check</code> lists them all.</p>\n"sv;
      with_findings.resize(kMaxListedGuides);
    }
    out +=
        "<div class=\"wrap\"><table>\n<caption class=\"muted\">Findings by guide, the most errors "
        "first"
        "</caption>\n<thead><tr><th scope=\"col\">Guide</th><th scope=\"col\" "
        "class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" "
        "class=\"num\">Notes</th></tr></thead>\n<tbody>\n";
    for (const Listed& l : with_findings) {
      out += "<tr><td>"sv;
      if (l.guide) {
        GuideLink(out, links, *l.guide);
      } else {
        AppendHtmlEscaped(out, l.file);
        out += " <span class=\"muted\">(not a guide)</span>"sv;
      }
      out += "</td><td class=\"num\">"sv;
      internal::AppendDecimal(out, l.errors);
      out += "</td><td class=\"num\">"sv;
      internal::AppendDecimal(out, l.warnings);
      out += "</td><td class=\"num\">"sv;
      internal::AppendDecimal(out, l.notes);
      out += "</td></tr>\n"sv;
    }
    out += "</tbody>\n</table></div>\n"sv;
  }

  out += "<h2 id=\"findings\">Findings by severity</h2>\n"sv;
  // Errors, then warnings, then notes, each in guide order, up to the cap: a
  // stable sort by severity, in a pass per severity.
  std::vector<const HealthFinding*> order;
  order.reserve(std::min(p.findings.size(), kMaxListedFindings));
  for (unsigned char r = 0; r < 3; ++r) {
    for (size_t i = 0; i < p.findings.size() && order.size() < kMaxListedFindings; ++i)
      if (rank[i] == r) order.push_back(p.findings[i]);
  }
  if (order.empty()) {
    out += "<p>No findings.</p>\n"sv;
  } else {
    if (p.findings.size() > kMaxListedFindings) {
      out += "<p class=\"muted\">The first " + std::to_string(kMaxListedFindings) + " of " +
             std::to_string(p.findings.size()) +
             " findings, errors first; <code>levers check</code> lists them all.</p>\n";
    }
    out +=
        "<div class=\"wrap\"><table>\n<caption class=\"muted\">Findings, errors first</caption>\n"
        "<thead><tr><th scope=\"col\">Severity</th><th "
        "scope=\"col\">Guide</th><th scope=\"col\">Where</th><th scope=\"col\">Code</th><th "
        "scope=\"col\">Message</th></tr></thead>\n<tbody>\n";
    for (const HealthFinding* f : order) {
      out += "<tr><td class=\"sev-"sv;
      AppendHtmlEscaped(out, f->severity);
      out += "\">"sv;
      AppendHtmlEscaped(out, f->severity);
      out += "</td><td>"sv;
      auto it = by_id.find(f->guide_id);
      if (!f->guide_id.empty() && it != by_id.end())
        GuideLink(out, links, *it->second);
      else
        AppendHtmlEscaped(out, f->path);
      out += "</td><td class=\"num\">"sv;
      if (f->line) {
        internal::AppendDecimal(out, f->line);
        out += ':';
        internal::AppendDecimal(out, f->column);
      }
      out += "</td><td><code>"sv;
      AppendHtmlEscaped(out, f->code);
      out += "</code></td><td>"sv;
      AppendHtmlEscaped(out, f->message);
      out += "</td></tr>\n"sv;
    }
    out += "</tbody>\n</table></div>\n"sv;
  }

  out += "<h2 id=\"overdue\">Overdue reviews</h2>\n"sv;
  std::vector<const GuideRow*> late;
  for (const GuideRow* g : p.guides)
    if (g->overdue) late.push_back(g);
  std::stable_sort(late.begin(), late.end(), [](const GuideRow* a, const GuideRow* b) {
    return a->next_review_due < b->next_review_due;
  });
  if (late.empty()) {
    out += "<p>No review is overdue.</p>\n"sv;
  } else {
    out +=
        "<div class=\"wrap\"><table>\n<caption class=\"muted\">Overdue reviews, the longest "
        "overdue first</caption>\n<thead><tr><th scope=\"col\">Guide</th><th "
        "scope=\"col\">Review was due</th><th scope=\"col\">Last updated</th></tr></thead>\n"
        "<tbody>\n";
    for (const GuideRow* g : late) {
      out += "<tr><td>"sv;
      GuideLink(out, links, *g);
      out += "</td><td class=\"overdue\">"sv;
      AppendHtmlEscaped(out, g->next_review_due);
      out += "</td><td>"sv;
      if (g->last_updated.empty())
        out += "<span aria-hidden=\"true\">—</span><span class=\"vh\">not stated</span>"sv;
      else
        AppendHtmlEscaped(out, g->last_updated);
      out += "</td></tr>\n"sv;
    }
    out += "</tbody>\n</table></div>\n"sv;
  }

  // Coverage: company × role, each cell the regions its guide covers.
  out += "<h2 id=\"coverage\">Coverage</h2>\n"sv;
  std::set<std::string_view> roles;
  std::map<std::string_view, std::map<std::string_view, std::vector<const GuideRow*>>> matrix;
  for (const GuideRow* g : p.guides) {
    roles.insert(g->role);
    matrix[g->company][g->role].push_back(g);
  }
  auto regions_of = [&](const std::vector<const GuideRow*>& gs) {
    for (size_t k = 0; k < gs.size(); ++k) {
      if (k) out += "<br>"sv;
      out += "<a href=\""sv;
      links.AppendGuideHref(out, gs[k]->id);
      out += "\">"sv;
      const std::vector<std::string>& regions = gs[k]->regions;
      // Escaping a joined list is escaping each part: ", " needs none.
      for (size_t i = 0; i < regions.size(); ++i) {
        if (i) out += ", "sv;
        AppendHtmlEscaped(out, regions[i]);
      }
      if (regions.empty() || (regions.size() == 1 && regions[0].empty())) out += "no regions"sv;
      out += "</a>"sv;
    }
  };
  if (matrix.empty()) {
    out += "<p>No guides.</p>\n"sv;
  } else if (matrix.size() * roles.size() <= kMaxMatrixCells) {
    out +=
        "<p class=\"muted\">Each cell lists the regions a guide covers for that company and "
        "role; an empty cell (—) is a gap.</p>\n<div class=\"wrap\"><table "
        "class=\"matrix\">\n<caption class=\"muted\">Regions covered by company and role"
        "</caption>\n<thead><tr><th scope=\"col\">Company</th>";
    for (std::string_view r : roles) {
      out += "<th scope=\"col\">"sv;
      AppendHtmlEscaped(out, r.empty() ? std::string_view("(no role)") : r);
      out += "</th>"sv;
    }
    out += "</tr></thead>\n<tbody>\n"sv;
    for (const auto& [company, by_role] : matrix) {
      out += "<tr><th scope=\"row\">"sv;
      AppendHtmlEscaped(out, company.empty() ? std::string_view("(no company)") : company);
      out += "</th>"sv;
      for (std::string_view r : roles) {
        auto it = by_role.find(r);
        if (it == by_role.end()) {
          out +=
              "<td class=\"gap\"><span aria-hidden=\"true\">—</span><span class=\"vh\">no "
              "guide</span></td>"sv;
          continue;
        }
        out += "<td>"sv;
        regions_of(it->second);
        out += "</td>"sv;
      }
      out += "</tr>\n"sv;
    }
    out += "</tbody>\n</table></div>\n"sv;
  } else {
    out += "<p class=\"muted\">" + std::to_string(matrix.size()) + " companies × " +
           std::to_string(roles.size()) +
           " roles is too large for a matrix; each company with the roles and regions it "
           "covers:</p>\n<ul>\n";
    for (const auto& [company, by_role] : matrix) {
      out += "<li><strong>"sv;
      AppendHtmlEscaped(out, company);
      out += "</strong>: "sv;
      bool first = true;
      for (const auto& [role, gs] : by_role) {
        if (!first) out += "; "sv;
        first = false;
        AppendHtmlEscaped(out, role);
        out += " ("sv;
        regions_of(gs);
        out += ")"sv;
      }
      out += "</li>\n"sv;
    }
    out += "</ul>\n"sv;
  }
  if (paged) AppendListPager(out, *p.page, "guides", true);
  AppendPageEnd(out, links);
  return out;
}

}  // namespace levers
