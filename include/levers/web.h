// WebApp: the pages of `levers serve` (everything outside /api/): the home
// page with search, a page per guide (its bands also in one currency for
// every region, ?currency= picking which), the offer and compare pages, the corpus
// health page and the static assets. The HTTP server hands it every request
// that is not for the API and sends back what it returns; it needs no socket,
// so tests call Handle directly.
//
// Offers posted to /offer and /compare are evaluated for the response and
// forgotten: nothing about them is stored or logged here, and their pages are
// sent with Cache-Control: no-store. A shareable comparison lives in the URL's
// fragment, which browsers never send.
//
// A WebApp holds the guides it was built from, read and checked once; it is
// immutable, so Handle may be called from any number of threads at once.
#ifndef LEVERS_WEB_H_
#define LEVERS_WEB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/corpus.h"
#include "levers/date.h"
#include "levers/levels.h"
#include "levers/pages.h"
#include "levers/server_http.h"
#include "levers/status.h"

namespace levers::web {

struct PageRequest {
  std::string method;        // "GET", "HEAD", "POST" ...
  std::string path;          // decoded once, without the query: "/guides/google-swe"
  std::string query;         // after '?', still encoded; "" for none
  std::string content_type;  // of the body
  std::string body;
};

struct PageResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  // Further headers: Allow on a 405; Cache-Control and Content-Security-Policy
  // on every page.
  std::vector<std::pair<std::string, std::string>> headers;
};

// A guide as stored: its id (path without .md, relative to the imported
// folder), the path it was imported from (for messages) and its text.
struct GuideSource {
  std::string id;
  std::string path;
  std::string text;
};

// A guide read by someone else (levers serve reads each stored guide once, for
// the API and the pages): `read` holds its path, file and model; of its
// findings only the first `read_findings` (those the read made) are kept, as
// the web app runs its own checks on the model, unless `checked` says below
// that the rest are those very checks.
struct GuideAsRead {
  std::string id;
  std::shared_ptr<const CheckedGuide> read;
  size_t read_findings = 0;
  // Set when `read`'s findings after the first `read_findings` are
  // CheckGuide's with CheckOptions::today == `checked_today` (levers serve
  // checks each guide as it loads it): when that is the web app's own "today",
  // they are kept and the guide is not checked again.
  bool checked = false;
  std::optional<Date> checked_today;
};

struct WebOptions {
  std::optional<Date> today;  // marks overdue reviews; unset: the UTC date at construction
  unsigned jobs = 0;          // threads to read guides with; 0: one per core
  // Where a page that fails inside levers (an exception) is logged, with the
  // error id its 500 page shows instead of the failure's text
  // (LogInternalError); unset: standard error.
  ServerLog log;
  // Called with each request before it is answered; what it throws is
  // answered as a failure of levers' own. A seam for tests; unset: nothing.
  std::function<void(const PageRequest&)> before_answer;
  // Called before each engine call of the offer and compare pages with its
  // name ("evaluate", "counter", "compare"); a non-OK status it returns is
  // taken as the engine's answer instead. A seam for tests; unset: nothing.
  std::function<Status(std::string_view)> engine_fault;
};

// Request bodies larger than this are refused with 413.
inline constexpr size_t kMaxPageBody = 256 * 1024;
// The most offers one comparison takes.
inline constexpr size_t kMaxCompareOffers = 6;
// The most competing offers the offer page's counter plan takes.
inline constexpr size_t kMaxCompetingOffers = 5;
// Guides on one page of the home and health pages. A corpus of at most this
// many is shown whole on each (the home page's search then filters as the user
// types); a larger one comes in pages (?page=2), the search made on the server.
inline constexpr size_t kListPageSize = 200;
// The most companies, roles or regions the offer and compare forms suggest
// (those the most guides name): the forms take any name, the suggestions only
// help to type one.
inline constexpr size_t kMaxFormSuggestions = 200;

// The page for a form whose request body is over `max_body_bytes`, the
// listener's limit (ListenerOptions::too_large_page): the site's other error
// pages' shell, stylesheet and links, saying the limit.
std::string TooLargePage(uint64_t max_body_bytes);

// True for paths the web app answers (every path not under /api/).
bool IsPagePath(std::string_view path);

class WebApp {
 public:
  // Reads and checks every guide (a guide that cannot be read is listed on the
  // health page with its findings, and has no page).
  static WebApp FromSources(std::vector<GuideSource> guides, const WebOptions& options = {});
  // Checks guides already read, as FromSources does after reading: the same
  // pages and findings, without reading any guide again. The app shares
  // ownership of every `read`. `unread` are the findings of files that gave no
  // guide (an empty or binary file), each with an empty guide_id and the file
  // (its path, or its id) in `path`: the health page lists and counts them.
  // `levels`, when given, is the level graph of exactly these guides (levers
  // serve hands over the one its corpus built, so it is built once); the app
  // shares it. Without it the app builds its own.
  static WebApp FromReadGuides(std::vector<GuideAsRead> guides, const WebOptions& options = {},
                               std::vector<HealthFinding> unread = {},
                               std::shared_ptr<const LevelGraph> levels = nullptr);
  // Every guide under `dir` (as levers build finds them), ids and paths
  // relative to it (as levers build publishes them); an entry the folder
  // scan refuses (a link out of the folder, a control byte in a name) is not
  // read and is an error on the health page (refused-file), as in levers
  // build. NotFound or IOError when `dir` cannot be listed. For tests and
  // tools: levers serve builds its app from a store (FromReadGuides).
  static Result<WebApp> FromFolder(const std::string& dir, const WebOptions& options = {});

  // The response for one request. Never throws for any input: malformed
  // requests get a 4xx page naming what was wrong; a failure of levers' own
  // gets a 500 page that gives an error id, its text logged under that id
  // (WebOptions::log).
  PageResponse Handle(const PageRequest& request) const;

  // The same for the HTTP server: parses the request target (a malformed one
  // gets a 400 page) and carries the response's headers over.
  HttpResponse Serve(const HttpRequest& request) const;

  size_t guide_count() const;
  // The level graph the guide pages' level-map links are found in.
  const LevelGraph& levels() const;

 private:
  struct Data;
  explicit WebApp(std::shared_ptr<const Data> data);
  std::shared_ptr<const Data> data_;
};

}  // namespace levers::web

#endif  // LEVERS_WEB_H_
