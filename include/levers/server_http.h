// HTTP messages as the levers server sees them, independent of any socket:
// HttpRequest in, HttpResponse out. The request handler (server.h) works on
// these alone, so every route can be tested without a network, and the network
// layer (server_listener.h) only moves them between sockets and the handler.
//
// Plain value types; thread-compatible.
#ifndef LEVERS_SERVER_HTTP_H_
#define LEVERS_SERVER_HTTP_H_

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/status.h"

namespace levers {

// One request after the network layer parsed and bounded it.
struct HttpRequest {
  std::string method;  // as sent, upper case by convention: "GET", "POST", "PROPFIND"
  std::string target;  // the request target as sent: "/api/guides?company=x"
  // Header fields with lower-case names, in the order received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of header `name` (lower case), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields, e.g. Allow
  bool close = false;  // ask the network layer to close the connection after it
};

// Must be safe to call from several threads at once.
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

// The error JSON every failure uses:
// {"error":{"code":"...","message":"...","field":"..."}} ("field" only when not empty).
// `code` is one of the stable codes in docs/http-api.md.
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field = {});

// Where the server writes a line of its log (a failure, a store it cannot
// follow); unset: standard error. Must be safe to call from several threads.
using ServerLog = std::function<void(const std::string&)>;

// A failure of levers' own while answering a request, no fault of the request
// (an exception out of a handler, a store error no route can name). Its text
// may name files, SQL or a library's wording, so a client never sees it: the
// client gets a generic answer with a fresh error id, and the text goes to the
// log with that id, one line:
//   levers: internal error 5c0e9a71d3b2 answering GET /api/guides: <detail>
// `method` and `target` say which request; the target's query is left out (a
// query may hold an offer, which is never logged), and control characters in
// the line are escaped, so one failure is one line. Returns the id: 12
// lower-case hex digits, different for each call within a process.
std::string LogInternalError(const ServerLog& log, std::string_view method, std::string_view target,
                             std::string_view detail);

// A failure of levers' own inside a route or a page (a store error no route
// can name, an engine status that is no fault of the input): thrown, so that
// the one place that knows the request and the log (ApiHandler::Handle,
// WebApp::Handle) makes the 500 answer, and the text reaches the log only.
class InternalFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether a non-OK status from the store or the engine is a refusal of the
// request's own input (InvalidArgument, NotFound), whose message the user may
// be shown. Any other code (Corruption, IOError ...) is a failure of levers'
// own: its message may name files or a library's wording, so it goes to the
// log only, as an InternalFailure. Both the API and the web pages ask this.
bool IsUserRefusal(const Status& status);

// The message of `status` when IsUserRefusal(status); otherwise throws
// InternalFailure(status.ToString()).
const std::string& RefusalMessage(const Status& status);

// The 500 JSON answer to a failure LogInternalError logged under `id`:
// {"error":{"code":"internal","message":"internal error; ... id <id>","id":"<id>"}}.
HttpResponse InternalErrorResponse(std::string_view id);

// Both: logs `detail` for `request` and returns the 500 answer.
HttpResponse InternalError(const ServerLog& log, const HttpRequest& request,
                           std::string_view detail);

// A JSON response with status 200 (or `status`).
HttpResponse JsonResponse(std::string body, int status = 200);

// The reason phrase of a status code ("Not Found"); "Unknown" for others.
std::string_view StatusReason(int status);

// Splits a request target into its path, decoded and as sent, and its raw
// query. Percent-escapes in `path` are decoded once ("%2F" becomes "/";
// "%252F" becomes "%2F"); `raw_path` keeps them, so a router can tell the '/'
// that separates segments from a "%2F" inside one. nullopt for a target that is
// not origin-form ("/..."), has a malformed escape, or decodes to a NUL byte or
// invalid UTF-8.
struct RequestTarget {
  std::string path;      // decoded
  std::string raw_path;  // as sent, without the query and fragment
  std::string query;     // raw, without '?'
};
std::optional<RequestTarget> ParseRequestTarget(std::string_view target);

// One query parameter: name and value decoded ('+' is a space).
struct QueryParam {
  std::string name, value;
};
// Parses "a=1&b=x+y". nullopt (with `error` set to a message) for a malformed
// escape, a NUL byte or invalid UTF-8 in a name or value.
// `field`, when given, is set to the parameter at fault: its decoded name when
// the value is bad, the raw name when the name itself is.
std::optional<std::vector<QueryParam>> ParseQuery(std::string_view query, std::string* error,
                                                  std::string* field = nullptr);

// True when `s` is well-formed UTF-8 without NUL bytes.
bool IsCleanUtf8(std::string_view s);

// Decodes the %XX escapes of `in` into `out` (and '+' as a space when
// `plus_is_space`, as in a query string or a form body). False, with `out`
// unspecified, for a '%' not followed by two hex digits. The one decoder of
// request targets, queries and form bodies.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out);

}  // namespace levers

#endif  // LEVERS_SERVER_HTTP_H_
