#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "levers/corpus.h"
#include "levers/levels.h"
#include "levers/pages.h"
#include "levers/reader.h"
#include "levers/render.h"
#include "levers/utf8.h"
#include "levers/web.h"
#include "web/form_data.h"
#include "web/guide_currency.h"
#include "web/offer_pages.h"

namespace levers::web {
namespace {

// A decoded path the pages can use: absolute, UTF-8, no NUL.
bool IsUsablePath(std::string_view path) {
  return !path.empty() && path[0] == '/' && path.find('\0') == std::string_view::npos &&
         IsValidUtf8(path);
}

void PageHeaders(PageResponse& r, bool private_data) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                         "data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", private_data ? "no-store" : "no-cache");
}

// `back`: a link back to the page the address was meant for ({href, text}),
// written before the link to every guide; none when href is empty.
PageResponse ErrorPage(int status, std::string_view title, std::string_view message,
                       std::pair<std::string_view, std::string_view> back = {}) {
  PageResponse r;
  r.status = status;
  const SiteLinks links = SiteLinks::Server();
  AppendPageStart(r.body, links, std::string(title) + " — levers", NavItem::kNone);
  r.body += "<h1>";
  AppendHtmlEscaped(r.body, title);
  r.body += "</h1>\n<p>";
  AppendHtmlEscaped(r.body, message);
  r.body += "</p>\n<p>";
  if (!back.first.empty()) {
    r.body += "<a href=\"";
    AppendHtmlEscaped(r.body, back.first);
    r.body += "\">";
    AppendHtmlEscaped(r.body, back.second);
    r.body += "</a> · ";
  }
  r.body += "<a href=\"/\">All guides</a></p>\n";
  AppendPageEnd(r.body, links);
  PageHeaders(r, false);
  return r;
}

// The page of a failure of levers' own that LogInternalError logged under
// `id`: the id, never the failure's text.
PageResponse InternalErrorPage(std::string_view id) {
  return ErrorPage(500, "Internal error",
                   "levers failed to render this page. Please report it with error id " +
                       std::string(id) + ": the server's log has the details under it.");
}

}  // namespace

std::string TooLargePage(uint64_t max_body_bytes) {
  return ErrorPage(413, "That form was too large",
                   "levers takes at most " + std::to_string(max_body_bytes) +
                       " bytes in one request. Go back, shorten what you entered, and send it "
                       "again.")
      .body;
}

namespace {

// The ?page= of a paged list: absent is 1; otherwise a whole number from 1.
// False, with the message, for anything else.
bool ParsePageNumber(const FormFields& query, size_t& page, std::string& message) {
  page = 1;
  Result<const std::string*> given = SingleValue(query, "page");
  if (!given.ok()) {
    message = given.status().message();
    return false;
  }
  if (!*given) return true;
  const std::string& value = **given;
  if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != value.npos ||
      std::stoul(value) == 0) {
    message = "page must be a whole number from 1, not '" + value + "'.";
    return false;
  }
  page = std::stoul(value);
  return true;
}

size_t PageCount(size_t items) {
  return std::max<size_t>(1, (items + kListPageSize - 1) / kListPageSize);
}

// Page `number` of a list of `items`, kListPageSize to a page; nullopt when
// there is no such page (past the last; an empty list has one empty page).
std::optional<ListPage> PageOf(size_t number, size_t items,
                               std::function<std::string(size_t)> href) {
  ListPage page;
  page.count = PageCount(items);
  if (number > page.count) return std::nullopt;
  page.number = number;
  page.items = items;
  page.first = (number - 1) * kListPageSize;
  page.shown = std::min(kListPageSize, items - std::min(items, page.first));
  page.href = std::move(href);
  return page;
}

// The names the most guides give, at most kMaxFormSuggestions of them (ties
// by name), in name order: the suggestions of a form box, bounded whatever the
// corpus's size.
std::vector<std::string> MostNamed(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<std::string, size_t>> named(counts.begin(), counts.end());
  if (named.size() > kMaxFormSuggestions) {
    std::stable_sort(named.begin(), named.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    named.resize(kMaxFormSuggestions);
    std::sort(named.begin(), named.end());
  }
  std::vector<std::string> out;
  out.reserve(named.size());
  for (auto& [name, n] : named) out.push_back(std::move(name));
  return out;
}

PageResponse NoSuchPage(size_t number, size_t items) {
  const size_t pages = PageCount(items);
  return ErrorPage(404, "No such page",
                   "There is no page " + std::to_string(number) + ": the list has " +
                       std::to_string(pages) + (pages == 1 ? " page." : " pages."));
}

}  // namespace

struct WebApp::Data {
  struct Entry {
    std::string id;
    std::shared_ptr<const CheckedGuide> read;  // path, file and model
    DiagnosticSink findings;                   // of the read, the checks and the corpus rules
    GuideRow row;
    // RowSearchText(row), built once: levers serve searches it on every
    // request for the home page past one page of guides.
    std::string search_text;
  };
  std::vector<Entry> entries;  // by id
  std::map<std::string, size_t, std::less<>> by_id;
  std::map<std::string, size_t, std::less<>> by_path;  // guide path -> entry
  // Of every guide, as levers levels and /api/levels build it: the corpus's
  // own graph when levers serve hands it over, else built here.
  std::shared_ptr<const LevelGraph> levels;
  std::vector<size_t> home_order;  // by company, then role
  std::vector<const Guide*> guides;
  FormLists lists;
  std::vector<HealthFinding> findings;
  // Where each entry's findings are in `findings` ([begin, end)), and those
  // of files that gave no guide (listed on the first page of a paged health
  // page).
  std::vector<std::pair<size_t, size_t>> entry_findings;
  std::vector<std::pair<size_t, size_t>> guideless_findings;
  HealthTotals totals;
  Date today;
  ServerLog log;                                          // WebOptions::log
  std::function<void(const PageRequest&)> before_answer;  // WebOptions::before_answer
  std::function<Status(std::string_view)> engine_fault;   // WebOptions::engine_fault
};

bool IsPagePath(std::string_view path) { return path != "/api" && !path.starts_with("/api/"); }

WebApp::WebApp(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

size_t WebApp::guide_count() const { return data_->guides.size(); }

const LevelGraph& WebApp::levels() const { return *data_->levels; }

namespace {

// Reads every source on `jobs` threads (0: one per core), unchecked.
std::vector<GuideAsRead> ReadSources(std::vector<GuideSource> sources, unsigned jobs) {
  std::vector<GuideAsRead> guides(sources.size());
  ParallelFor(sources.size(), jobs, [&](size_t i) {
    auto g = std::make_shared<CheckedGuide>();
    g->path = sources[i].path;
    g->file.emplace(sources[i].path, std::move(sources[i].text));
    g->guide = ReadGuide(*g->file, g->findings);
    guides[i] = {std::move(sources[i].id), g, g->findings.diagnostics().size(), false, {}};
  });
  return guides;
}

}  // namespace

WebApp WebApp::FromSources(std::vector<GuideSource> sources, const WebOptions& options) {
  return FromReadGuides(ReadSources(std::move(sources), options.jobs), options);
}

WebApp WebApp::FromReadGuides(std::vector<GuideAsRead> guides, const WebOptions& options,
                              std::vector<HealthFinding> unread,
                              std::shared_ptr<const LevelGraph> levels) {
  auto d = std::make_shared<Data>();
  d->today = options.today ? *options.today : TodayUtc();
  d->log = options.log;
  d->before_answer = options.before_answer;
  d->engine_fault = options.engine_fault;
  std::sort(guides.begin(), guides.end(),
            [](const GuideAsRead& a, const GuideAsRead& b) { return a.id < b.id; });
  d->entries.resize(guides.size());
  CheckOptions check;
  check.today = d->today;
  ParallelFor(guides.size(), options.jobs, [&](size_t i) {
    Data::Entry& e = d->entries[i];
    e.id = std::move(guides[i].id);
    e.read = std::move(guides[i].read);
    const std::vector<Diagnostic>& read = e.read->findings.diagnostics();
    // Findings already checked on this very "today" are taken as they are;
    // otherwise only the read's, and the rules run here.
    const bool reuse = guides[i].checked && guides[i].checked_today == d->today;
    e.findings.mutable_diagnostics().assign(
        read.begin(),
        read.begin() + (reuse ? read.size() : std::min(guides[i].read_findings, read.size())));
    if (e.read->guide && !reuse) CheckGuide(*e.read->guide, check, e.findings);
  });
  std::vector<const Guide*> all;
  std::vector<DiagnosticSink*> sinks;
  for (Data::Entry& e : d->entries) {
    if (!e.read->guide) continue;
    all.push_back(&*e.read->guide);
    sinks.push_back(&e.findings);
  }
  CheckCorpus(all, sinks);

  // How many guides name each company, role and region.
  std::map<std::string, size_t> companies, roles, regions;
  d->entry_findings.resize(d->entries.size());
  for (size_t i = 0; i < d->entries.size(); ++i) {
    Data::Entry& e = d->entries[i];
    GuideRow& row = e.row;
    row.id = e.id;
    d->entry_findings[i].first = d->findings.size();
    for (const Diagnostic& diag : e.findings.diagnostics()) {
      const LineColumn lc = e.read->file->Locate(diag.range.begin);
      d->findings.push_back({e.read->guide ? e.id : "", e.read->path,
                             std::string(SeverityName(diag.severity)), diag.code, lc.line,
                             lc.column, diag.message});
      (diag.severity == Severity::kError     ? row.errors
       : diag.severity == Severity::kWarning ? row.warnings
                                             : row.notes)++;
    }
    d->entry_findings[i].second = d->findings.size();
    if (!e.read->guide) {
      d->guideless_findings.push_back(d->entry_findings[i]);
      continue;
    }
    const Guide& g = *e.read->guide;
    d->by_id.emplace(e.id, i);
    d->guides.push_back(&g);
    row.company = g.company_display.has() ? *g.company_display : g.company.has() ? *g.company : "";
    row.role = g.role_display.has() ? *g.role_display : g.role.has() ? *g.role : "";
    row.role_type = g.role_type.has() ? *g.role_type : "";
    row.company_slug = g.company.has() ? *g.company : "";
    row.role_slug = g.role.has() ? *g.role : "";
    for (const ResolvedBand& r : ResolveCompensation(g)) {
      if (!r.band.region.has()) continue;
      row.regions.push_back(*r.band.region);
      ++regions[*r.band.region];
    }
    row.data_quality = g.data_quality.has() ? *g.data_quality : "";
    row.last_updated = g.last_updated.has() ? g.last_updated->ToString() : "";
    row.next_review_due = g.next_review_due.has() ? g.next_review_due->ToString() : "";
    row.overdue = g.next_review_due.has() && *g.next_review_due < d->today;
    e.search_text = RowSearchText(row);
    d->by_path.emplace(g.path, i);
    if (!row.company.empty()) ++companies[row.company];
    if (!row.role.empty()) ++roles[row.role];
    d->home_order.push_back(i);
  }
  d->guideless_findings.push_back({d->findings.size(), d->findings.size() + unread.size()});
  for (HealthFinding& f : unread) {
    f.guide_id.clear();
    d->findings.push_back(std::move(f));
  }
  d->totals.guides = d->home_order.size();
  for (size_t i : d->home_order) d->totals.overdue += d->entries[i].row.overdue ? 1 : 0;
  for (const HealthFinding& f : d->findings) {
    (f.severity == "error"     ? d->totals.errors
     : f.severity == "warning" ? d->totals.warnings
                               : d->totals.notes)++;
  }
  d->levels =
      levels ? std::move(levels) : std::make_shared<const LevelGraph>(LevelGraph::Build(d->guides));
  std::stable_sort(d->home_order.begin(), d->home_order.end(), [&](size_t a, size_t b) {
    return std::tie(d->entries[a].row.company, d->entries[a].row.role) <
           std::tie(d->entries[b].row.company, d->entries[b].row.role);
  });
  d->lists.companies = MostNamed(companies);
  d->lists.roles = MostNamed(roles);
  d->lists.regions = MostNamed(regions);
  return WebApp(std::move(d));
}

Result<WebApp> WebApp::FromFolder(const std::string& dir, const WebOptions& options) {
  LEVERS_ASSIGN_OR_RETURN(GuideList list, CollectGuides({dir}));
  std::vector<GuideSource> sources;
  const std::filesystem::path root(dir);
  for (const std::string& p : list.paths) {
    LEVERS_ASSIGN_OR_RETURN(SourceFile f, LoadSourceFile(p));
    std::filesystem::path rel = std::filesystem::path(p).lexically_relative(root);
    if (rel.empty() || rel.native().starts_with("..")) rel = std::filesystem::path(p).filename();
    // Pages name the file by its path under the folder, as levers build does.
    std::string site_path = rel.generic_string();
    rel.replace_extension();
    sources.push_back({rel.generic_string(), std::move(site_path), f.text()});
  }
  // Entries the scan refused are errors on the health page, as levers build
  // lists them; they are never read.
  return FromReadGuides(ReadSources(std::move(sources), options.jobs), options,
                        RefusedFileFindings(list));
}

PageResponse WebApp::Handle(const PageRequest& req) const {
  try {
    const Data& d = *data_;
    if (d.before_answer) d.before_answer(req);
    const SiteLinks links = SiteLinks::Server();
    if (!IsUsablePath(req.path))
      return ErrorPage(400, "Bad request", "The address is not a valid path.");
    const std::string* path = &req.path;
    const bool get = req.method == "GET" || req.method == "HEAD";
    const bool post = req.method == "POST";
    auto not_allowed = [&](std::string_view allow) {
      PageResponse r =
          ErrorPage(405, "Method not allowed",
                    req.method + " is not allowed here; use " + std::string(allow) + ".");
      r.headers.emplace_back("Allow", std::string(allow));
      return r;
    };
    Result<FormFields> query = ParseFormData(req.query);
    if (!query.ok()) return ErrorPage(400, "Bad request", query.status().message());

    if (*path == "/assets/app.css" || *path == "/assets/app.js") {
      if (!get) return not_allowed("GET, HEAD");
      PageResponse r;
      const bool css = path->ends_with(".css");
      r.content_type = css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
      r.body = css ? AppStylesheet() : AppScript();
      r.headers.emplace_back("Cache-Control", "no-cache");
      r.headers.emplace_back("X-Content-Type-Options", "nosniff");
      return r;
    }
    if (*path == "/" || *path == "/index.html") {
      if (!get) return not_allowed("GET, HEAD");
      HomePage home;
      home.query = FormValue(*query, "q");
      size_t number = 1;
      std::string bad;
      if (!ParsePageNumber(*query, number, bad)) return ErrorPage(400, "Bad request", bad);
      if (d.home_order.size() <= kListPageSize) {
        // The whole corpus on one page: every row, those that do not match
        // hidden, so the search box filters as the user types.
        if (number != 1) return NoSuchPage(number, 1);
        home.rows.reserve(d.home_order.size());
        for (size_t i : d.home_order) home.rows.push_back(&d.entries[i].row);
      } else {
        // One page of the guides that match, searched here.
        std::vector<const GuideRow*> matches;
        const std::string key = SearchKey(home.query);
        for (size_t i : d.home_order) {
          const Data::Entry& e = d.entries[i];
          if (key.empty() || e.search_text.find(key) != std::string::npos)
            matches.push_back(&e.row);
        }
        const std::string q = home.query.empty() ? "" : "q=" + UrlEncode(home.query);
        home.page = PageOf(number, matches.size(), [q](size_t n) {
          if (n == 1) return q.empty() ? std::string("/") : "/?" + q;
          return "/?" + q + (q.empty() ? "" : "&") + "page=" + std::to_string(n);
        });
        if (!home.page) return NoSuchPage(number, matches.size());
        home.rows.assign(
            matches.begin() + static_cast<ptrdiff_t>(home.page->first),
            matches.begin() + static_cast<ptrdiff_t>(home.page->first + home.page->shown));
        home.corpus_guides = d.home_order.size();
      }
      PageResponse r;
      r.body = RenderHomePage(home, links);
      PageHeaders(r, false);
      return r;
    }
    if (path->starts_with("/guides/")) {
      if (!get) return not_allowed("GET, HEAD");
      const std::string id = path->substr(8);
      auto it = d.by_id.find(id);
      if (it == d.by_id.end())
        return ErrorPage(
            404, "No such guide",
            "There is no guide with the id '" + id + "'. The home page lists them all.");
      Result<GuideCurrency> currency = ParseGuideCurrency(*query);
      const Data::Entry& e = d.entries[it->second];
      if (!currency.ok()) {
        // The guide exists: lead back to it, in the currency it is shown in first.
        return ErrorPage(400, "Bad request", currency.status().message(),
                         {links.Guide(id), "Back to the guide"});
      }
      HtmlOptions ho;
      ho.today = d.today;
      ho.findings = &e.findings.diagnostics();
      ho.file = &*e.read->file;
      ho.links = links;
      ho.common.code = currency->code;
      // Asked for, the common view is the one shown; the form picks another.
      ho.common_view_checked = currency->chosen;
      const std::string picker = CurrencyPicker(links.Guide(id), *currency);
      ho.after_toggle = picker;
      // The guides the level graph says state this role (or one it overlaps),
      // other than this one; none when the graph knows no such role.
      ho.level_guides = [&](const LevelEquivalent& eq) {
        std::vector<LevelGuideLink> out;
        Result<LevelAnswer> answer = d.levels->Equivalents(eq.text);
        if (!answer.ok()) return out;
        std::set<size_t> seen = {it->second};
        for (const LevelMatch& m : answer->matched) {
          for (const LevelSource& s : m.sources) {
            auto p = d.by_path.find(s.guide_path);
            if (p == d.by_path.end() || !seen.insert(p->second).second) continue;
            const GuideRow& row = d.entries[p->second].row;
            std::string name = row.company;
            if (!name.empty() && !row.role.empty()) name += " — ";
            name += row.role;
            if (name.empty()) name = row.id;
            out.push_back({links.Guide(row.id), std::move(name)});
          }
        }
        std::sort(out.begin(), out.end(), [](const LevelGuideLink& a, const LevelGuideLink& b) {
          return std::tie(a.name, a.href) < std::tie(b.name, b.href);
        });
        return out;
      };
      PageResponse r;
      r.body = RenderGuideHtml(*e.read->guide, ho);
      PageHeaders(r, false);
      return r;
    }
    if (*path == "/health") {
      if (!get) return not_allowed("GET, HEAD");
      HealthPage h;
      size_t number = 1;
      std::string bad;
      if (!ParsePageNumber(*query, number, bad)) return ErrorPage(400, "Bad request", bad);
      if (d.home_order.size() <= kListPageSize) {
        if (number != 1) return NoSuchPage(number, 1);
        for (size_t i : d.home_order) h.guides.push_back(&d.entries[i].row);
        for (const HealthFinding& f : d.findings) h.findings.push_back(&f);
      } else {
        // One page of the guides, in the home page's order, with their
        // findings; files that gave no guide come on the first page.
        h.page = PageOf(number, d.home_order.size(), [](size_t n) {
          return n == 1 ? std::string("/health") : "/health?page=" + std::to_string(n);
        });
        if (!h.page) return NoSuchPage(number, d.home_order.size());
        h.totals = d.totals;
        for (size_t k = h.page->first; k < h.page->first + h.page->shown; ++k) {
          const size_t i = d.home_order[k];
          h.guides.push_back(&d.entries[i].row);
          for (size_t f = d.entry_findings[i].first; f < d.entry_findings[i].second; ++f)
            h.findings.push_back(&d.findings[f]);
        }
        if (number == 1) {
          for (const auto& [begin, end] : d.guideless_findings)
            for (size_t f = begin; f < end; ++f) h.findings.push_back(&d.findings[f]);
        }
      }
      h.today = d.today.ToString();
      PageResponse r;
      r.body = RenderHealthPage(h, links);
      PageHeaders(r, false);
      return r;
    }
    if (*path == "/offer" || *path == "/compare") {
      if (!get && !post) return not_allowed("GET, HEAD, POST");
      OfferPageContext ctx{&d.guides,
                           &d.lists,
                           links,
                           [&](const Guide& g) {
                             for (const Data::Entry& e : d.entries)
                               if (e.read->guide && &*e.read->guide == &g) return links.Guide(e.id);
                             return std::string();
                           },
                           d.today,
                           d.engine_fault};
      std::optional<FormFields> form;
      if (post) {
        if (req.body.size() > kMaxPageBody)
          return ErrorPage(
              413, "Too large",
              "The form is larger than " + std::to_string(kMaxPageBody / 1024) + " KiB.");
        std::string_view ct = req.content_type;
        ct = ct.substr(0, ct.find(';'));
        while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
        if (ct != "application/x-www-form-urlencoded")
          return ErrorPage(415, "Unsupported form",
                           "Send the form as application/x-www-form-urlencoded, as browsers do.");
        Result<FormFields> f = ParseFormData(req.body);
        if (!f.ok()) return ErrorPage(400, "Bad form", f.status().message());
        form = std::move(f).value();
      }
      PageResponse r = *path == "/offer" ? RenderOfferPage(ctx, form ? &*form : nullptr, *query)
                                         : RenderComparePage(ctx, form ? &*form : nullptr);
      PageHeaders(r, true);
      return r;
    }
    return ErrorPage(404, "Not found", "There is no page at this address.");
  } catch (const std::exception& e) {
    return InternalErrorPage(LogInternalError(data_->log, req.method, req.path, e.what()));
  } catch (...) {
    return InternalErrorPage(LogInternalError(data_->log, req.method, req.path,
                                              "an exception that is not a std::exception"));
  }
}

HttpResponse WebApp::Serve(const HttpRequest& request) const {
  PageResponse page;
  if (std::optional<RequestTarget> target = ParseRequestTarget(request.target)) {
    PageRequest req{request.method, std::move(target->path), std::move(target->query),
                    std::string(request.Header("content-type").value_or("")), request.body};
    page = Handle(req);
  } else {
    page = ErrorPage(400, "Bad request", "The address is not a valid path.");
  }
  HttpResponse r;
  r.status = page.status;
  r.content_type = std::move(page.content_type);
  r.body = std::move(page.body);
  r.headers = std::move(page.headers);
  return r;
}

}  // namespace levers::web
