// The web app's page templates shared by `levers serve` and `levers build`:
// the links between pages, the page frame (head, navigation, footer), the home
// page (search and the table of guides) and the corpus health page. The guide
// page is RenderGuideHtml (levers/render.h); the offer and compare pages, which
// need a server, are in levers/web.h.
//
// Every piece of text from a guide or a request is HTML-escaped. Pages load
// their stylesheet and script from the site's own assets (AppStylesheet,
// AppScript), never from another origin, and carry no inline script. Pure
// functions; thread-safe.
#ifndef LEVERS_PAGES_H_
#define LEVERS_PAGES_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace levers {

// The files every page uses, compiled into the library from web/.
std::string_view AppStylesheet();  // web/app.css
std::string_view AppScript();      // web/app.js

// Where pages live. On the server: "/", "/guides/{id}", "/assets/app.css",
// "/offer", "/compare", "/health". In the static site: relative paths from the
// page being written ("index.html", "{id}.html", "assets/app.css",
// "health.html"), with `root` leading back to the site's top folder ("../" for
// a page in a subfolder). A standalone page (levers render --to html) inlines
// its style and links nowhere.
struct SiteLinks {
  enum class Mode { kServer, kStatic, kStandalone };
  Mode mode = Mode::kStandalone;
  std::string root;  // kStatic only: "" or "../", "../../" ...

  static SiteLinks Server() { return {Mode::kServer, ""}; }
  static SiteLinks Static(std::string root) { return {Mode::kStatic, std::move(root)}; }

  std::string Home() const;
  std::string Guide(std::string_view id) const;  // id: the guide's path without .md
  // Appends Guide(id), HTML-escaped for an attribute, to `out`.
  void AppendGuideHref(std::string& out, std::string_view id) const;
  std::string Asset(std::string_view name) const;
  std::string Health() const;
  std::string Offer() const;    // empty in the static site (no server to evaluate)
  std::string Compare() const;  // likewise
  // The home page searching for `query` (a level map's equivalent role).
  std::string Search(std::string_view query) const;
};

// Which navigation entry is the current page.
enum class NavItem { kNone, kHome, kOffer, kCompare, kHealth };

// Opens a page: doctype, head with `title`, the stylesheet (inlined for a
// standalone page), navigation, and <main>.
void AppendPageStart(std::string& out, const SiteLinks& links, std::string_view title,
                     NavItem current);
// Closes <main>, adds the footer and the script, and closes the page.
void AppendPageEnd(std::string& out, const SiteLinks& links);

// Percent-encodes `text` for a URL path or query value (RFC 3986 unreserved
// characters and, when `keep_slash`, '/' stay as they are).
std::string UrlEncode(std::string_view text, bool keep_slash = false);

// One guide on the home page and the health page.
struct GuideRow {
  std::string id;                       // path without .md, relative to the imported folder
  std::string company, role;            // display names
  std::string company_slug, role_slug;  // as the guide states them ("" when it does not)
  std::string role_type;
  std::vector<std::string> regions;
  std::string data_quality;     // "" when not stated
  std::string last_updated;     // "YYYY-MM-DD" or ""
  std::string next_review_due;  // "YYYY-MM-DD" or ""
  bool overdue = false;
  size_t errors = 0, warnings = 0, notes = 0;
};

// One page of a list too long for one (levers serve's home and health pages
// over a large corpus): which items it shows and where the other pages are.
struct ListPage {
  size_t number = 1;  // 1-based
  size_t count = 1;   // pages in all, at least 1
  size_t first = 0;   // index of the first item shown, 0-based
  size_t shown = 0;   // items on this page
  size_t items = 0;   // items in all pages
  // The address of each page (1-based), not yet HTML-escaped.
  std::function<std::string(size_t)> href;
};

// "Guides 201–400 of 20,000, page 2 of 100" (`what` is "guides"); with
// `links`, followed by links to the first, previous, next and last pages
// (those that exist), all in a <nav> named "Pages of guides". A page writes
// the links once, under its list, and may repeat the text above it.
void AppendListPager(std::string& out, const ListPage& page, std::string_view what, bool links);

// The pages hold the rows and findings by pointer: a corpus of 10,000 guides
// is listed without copying them. Whatever they point at must outlive the
// Render call.
struct HomePage {
  std::vector<const GuideRow*> rows;  // every guide, in the order shown
  std::string query;                  // the search as given (shown in the box)
  // Set when `rows` are one page of the guides that match `query` (levers
  // serve over more guides than fit on one page), with `corpus_guides` the
  // number of guides in all.
  std::optional<ListPage> page;
  size_t corpus_guides = 0;
};

// Without `page`, the table lists every row and those that do not match
// `query` are hidden, so the search box's script filters the whole corpus, as
// the server does (the static site, and levers serve over a small corpus).
// With `page`, it lists the rows given, all shown, with links to the other
// pages; searching then asks the server.
std::string RenderHomePage(const HomePage& page, const SiteLinks& links);

// The search `q` of docs/http-api.md (GET /api/guides): true when `query`, as
// one plain substring, occurs in the row's company slug or name, role slug or
// name, or one of its regions, compared ASCII case-insensitively (other bytes
// exactly). An empty query matches every row.
bool RowMatches(const GuideRow& row, std::string_view query);
// RowMatches in two halves, for rows searched many times (levers serve builds
// each row's text once per import): the lower-case text the search looks in,
// and the key a query is looked for with (`query` in ASCII lower case).
// RowMatches(row, q) == (q.empty() || RowSearchText(row).find(SearchKey(q)) != npos).
std::string RowSearchText(const GuideRow& row);
std::string SearchKey(std::string_view query);

// One check finding on the health page.
struct HealthFinding {
  std::string guide_id;  // empty for a file that could not be read as a guide
  std::string path;      // the file
  std::string severity;  // "error", "warning", "note"
  std::string code;
  size_t line = 0, column = 0;
  std::string message;
};

// Counts over a whole corpus, for a health page that shows one page of it.
struct HealthTotals {
  size_t guides = 0, errors = 0, warnings = 0, notes = 0, overdue = 0;
};

struct HealthPage {
  std::vector<const GuideRow*> guides;
  std::vector<const HealthFinding*> findings;  // in guide order
  std::string today;                           // the date reviews are measured against
  // Set when `guides` are one page of the corpus (levers serve over more
  // guides than fit on one page) and `findings` theirs: the counts at the top
  // are `totals`, the lists cover this page's guides.
  std::optional<ListPage> page;
  HealthTotals totals;
};

// Findings by severity and guide, overdue reviews, and the coverage matrix of
// company × role with the regions each guide covers.
std::string RenderHealthPage(const HealthPage& page, const SiteLinks& links);

}  // namespace levers

#endif  // LEVERS_PAGES_H_
