// ApiHandler: the router. It checks the target, the method and the media type,
// then hands the request to one route function (api_guides.cc, api_offers.cc).
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "server/api_routes.h"

// docs/openapi.json, embedded at build time (cmake/embed_text.py).
extern const char levers_openapi_json[];
extern const size_t levers_openapi_json_size;

namespace levers {
namespace api {

std::optional<HttpResponse> Params::Parse(std::string_view raw_query,
                                          std::initializer_list<std::string_view> known,
                                          Params& out) {
  std::string error, field;
  auto params = ParseQuery(raw_query, &error, &field);
  if (!params) return InvalidParameter(field, error);
  for (size_t i = 0; i < params->size(); ++i) {
    const std::string& name = (*params)[i].name;
    bool ok = false;
    for (std::string_view k : known) ok = ok || name == k;
    if (!ok) {
      std::string expected;
      for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      return InvalidParameter(name, "unknown parameter \"" + name + "\"" +
                                        (expected.empty() ? "; this route takes none"
                                                          : "; this route takes " + expected));
    }
    for (size_t j = 0; j < i; ++j) {
      if ((*params)[j].name == name) {
        return InvalidParameter(name, "parameter \"" + name + "\" is given more than once");
      }
    }
  }
  out.params_ = std::move(*params);
  return std::nullopt;
}

const std::string& Params::Get(std::string_view name) const {
  static const std::string kEmpty;
  for (const QueryParam& p : params_) {
    if (p.name == name) return p.value;
  }
  return kEmpty;
}

bool Params::Has(std::string_view name) const {
  for (const QueryParam& p : params_) {
    if (p.name == name) return true;
  }
  return false;
}

HttpResponse InvalidParameter(std::string_view field, std::string_view message) {
  return ErrorResponse(400, "invalid_parameter", message, field);
}

HttpResponse StatusAnswer(const Status& status, std::string_view field) {
  const std::string& message = RefusalMessage(status);
  if (status.code() == StatusCode::kNotFound)
    return ErrorResponse(404, "not_found", message, field);
  return ErrorResponse(400, "invalid_parameter", message, field);
}

std::optional<HttpResponse> ParseFlag(const Params& p, std::string_view name, bool& out) {
  const std::string& v = p.Get(name);
  if (v.empty() || v == "0" || v == "false") {
    out = false;
  } else if (v == "1" || v == "true") {
    out = true;
  } else {
    return InvalidParameter(name, std::string(name) + " must be 1, true, 0 or false");
  }
  return std::nullopt;
}

bool IsPlausibleGuideId(std::string_view id) {
  // Ids are file paths relative to the imported folder, so any file name an
  // import accepted ("a b", "ünï", "50%") is one; the target was percent-decoded
  // and checked as UTF-8 already. Ids are only looked up in the served import,
  // never opened as files; empty, "." and ".." segments and control bytes are
  // still refused.
  if (id.empty() || id.size() > 4096) return false;
  size_t start = 0;
  while (start <= id.size()) {
    size_t end = id.find('/', start);
    if (end == std::string_view::npos) end = id.size();
    const std::string_view seg = id.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char ch : seg) {
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return false;
    }
    start = end + 1;
  }
  return true;
}

namespace {

enum class Route {
  kNone,
  kHealth,
  kGuides,
  kGuide,
  kGuideFindings,
  kBands,
  kLevels,
  kFindings,
  kEvaluate,
  kCompare,
  kCounter,
  kOpenApi,
};

struct Matched {
  Route route = Route::kNone;
  std::string id;  // kGuide and kGuideFindings: the guide's id, decoded
  // kGuideFindings: the id the whole rest of the path names, its last segment
  // "findings" included (see Resolve).
  std::string whole_id;
};

// The segments of a path as sent, split at each '/' and then each decoded, so
// that an escaped "%2F" stays inside its segment. ParseRequestTarget has
// checked every escape already.
std::vector<std::string> Segments(std::string_view raw_path) {
  std::vector<std::string> out;
  size_t start = raw_path.starts_with('/') ? 1 : 0;
  for (;;) {
    const size_t end = raw_path.find('/', start);
    std::string segment;
    if (!PercentDecode(raw_path.substr(start, end - start), false, segment)) segment.clear();
    out.push_back(std::move(segment));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string JoinIdSegments(const std::vector<std::string>& s, size_t first, size_t last) {
  std::string id;
  for (size_t i = first; i < last; ++i) id += (i == first ? "" : "/") + s[i];
  return id;
}

// The route a path names, matched segment by segment on the path as sent.
// Under /api/guides/ every further segment belongs to the id, except a last
// one that is "findings" (spelled so, or escaped letter by letter): that one
// may name the findings route, which Resolve decides.
Matched Match(std::string_view raw_path) {
  const std::vector<std::string> s = Segments(raw_path);
  if (s.size() < 2 || s[0] != "api") return {};
  if (s.size() == 2) {
    static constexpr std::pair<std::string_view, Route> kRoutes[] = {
        {"health", Route::kHealth},     {"guides", Route::kGuides},
        {"bands", Route::kBands},       {"levels", Route::kLevels},
        {"findings", Route::kFindings}, {"openapi.json", Route::kOpenApi},
    };
    for (const auto& [name, route] : kRoutes) {
      if (s[1] == name) return {route, {}, {}};
    }
    return {};
  }
  if (s[1] == "offers" && s.size() == 3) {
    if (s[2] == "evaluate") return {Route::kEvaluate, {}, {}};
    if (s[2] == "compare") return {Route::kCompare, {}, {}};
    if (s[2] == "counter") return {Route::kCounter, {}, {}};
    return {};
  }
  if (s[1] != "guides") return {};
  if (s.size() > 3 && s.back() == "findings") {
    return {Route::kGuideFindings, JoinIdSegments(s, 2, s.size() - 1),
            JoinIdSegments(s, 2, s.size())};
  }
  return {Route::kGuide, JoinIdSegments(s, 2, s.size()), {}};
}

// True when the served import knows `id`: a guide, or a file stored with its
// findings only (one that gave no guide).
bool IsKnownId(const ServedCorpus& c, const std::string& id) {
  if (c.FindGuide(id) != nullptr) return true;
  FindingFilter f;
  f.guide_id = id;
  auto findings = c.store().ListFindings(f);
  return findings.ok() && !findings->empty();
}

// ".../{id}/findings" is ambiguous when ids may end in "/findings": it is the
// findings of guide {id} when the import knows {id}, and otherwise the guide
// whose id is the whole rest of the path when there is one. So the guides
// "a" and "a/findings" are "/api/guides/a/findings" (a's findings) and
// "/api/guides/a%2Ffindings" (the other guide, its '/' escaped).
Matched Resolve(const ServedCorpus& c, Matched m) {
  if (m.route == Route::kGuideFindings && !IsKnownId(c, m.id) &&
      c.FindGuide(m.whole_id) != nullptr) {
    return {Route::kGuide, std::move(m.whole_id), {}};
  }
  return m;
}

bool IsPost(Route r) {
  return r == Route::kEvaluate || r == Route::kCompare || r == Route::kCounter;
}

// True when the Content-Type names JSON (any parameters but a non-UTF-8 charset).
bool IsJsonMediaType(std::optional<std::string_view> ct) {
  if (!ct) return false;
  const std::string v = internal::AsciiLowerCopy(*ct);
  const size_t semi = v.find(';');
  std::string type = v.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  if (type != "application/json") return false;
  if (semi == std::string::npos) return true;
  const size_t cs = v.find("charset=", semi);
  if (cs == std::string::npos) return true;
  std::string charset = v.substr(cs + 8);
  charset = charset.substr(0, charset.find(';'));
  if (!charset.empty() && charset.front() == '"') charset = charset.substr(1, charset.size() - 2);
  return charset == "utf-8" || charset == "utf8";
}

HttpResponse NotFound(std::string_view what) { return ErrorResponse(404, "not_found", what); }

}  // namespace

HttpResponse NoGuideAnswer(std::string_view id) {
  return NotFound("no guide with id \"" + std::string(Clipped(id)) + "\"");
}
}  // namespace api

ApiHandler::ApiHandler(std::shared_ptr<const ServedCorpus> corpus, ApiOptions options)
    : corpus_(std::move(corpus)), options_(options) {}

std::string_view ApiHandler::OpenApiDocument() {
  return std::string_view(levers_openapi_json, levers_openapi_json_size);
}

HttpResponse ApiHandler::Handle(const HttpRequest& request) const {
  // Every 500 of the API is made here: its text goes to the log, never to
  // the client (InternalError).
  try {
    return Route(request);
  } catch (const std::exception& e) {
    return InternalError(options_.log, request, e.what());
  } catch (...) {
    return InternalError(options_.log, request, "an exception that is not a std::exception");
  }
}

HttpResponse ApiHandler::Route(const HttpRequest& request) const {
  using namespace api;
  auto target = ParseRequestTarget(request.target);
  if (!target) {
    return ErrorResponse(400, "bad_request",
                         "the request target must be a path starting with '/', with valid "
                         "percent-escapes and UTF-8");
  }
  const std::string& m = request.method;
  const bool get = m == "GET" || m == "HEAD";
  const bool api = target->path == "/api" || target->path.starts_with("/api/");
  if (!api) {
    if (fallback_ && get) return fallback_(request);
    if (fallback_) {
      HttpResponse r = ErrorResponse(405, "method_not_allowed",
                                     "method " + m + " is not allowed here; use GET or HEAD");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    return NotFound("no route for " + std::string(Clipped(target->path)));
  }

  const ServedCorpus& c = *corpus_;
  const Matched route = Resolve(c, Match(target->raw_path));
  if (route.route == Route::kNone)
    return NotFound("no API route " + std::string(Clipped(target->path)));
  const bool post_route = IsPost(route.route);
  const char* allow = post_route ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
  if (m == "OPTIONS") {
    HttpResponse r;
    r.status = 204;
    r.content_type.clear();
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (post_route ? m != "POST" : !get) {
    HttpResponse r =
        ErrorResponse(405, "method_not_allowed",
                      "method " + m + " is not allowed on " + target->path + "; allowed: " + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (post_route && !IsJsonMediaType(request.Header("content-type"))) {
    return ErrorResponse(415, "unsupported_media_type",
                         "the body must be sent as Content-Type: application/json");
  }

  Params p;
  switch (route.route) {
    case Route::kHealth:
      if (auto bad = Params::Parse(target->query, {}, p)) return *bad;
      return Health(c, options_.store_health ? options_.store_health() : StoreHealth{});
    case Route::kGuides:
      if (auto bad = Params::Parse(
              target->query, {"company", "role", "region", "q", "sort", "offset", "limit"}, p))
        return *bad;
      return ListGuides(c, p);
    case Route::kGuide:
    case Route::kGuideFindings:
      if (!IsPlausibleGuideId(route.id)) {
        return NoGuideAnswer(route.id);
      }
      if (route.route == Route::kGuideFindings) {
        if (auto bad = Params::Parse(target->query, {"today"}, p)) return *bad;
        return GuideFindings(c, route.id, p);
      }
      if (auto bad = Params::Parse(target->query, {"format", "currency"}, p)) return *bad;
      return GetGuide(c, route.id, p);
    case Route::kBands:
      if (auto bad = Params::Parse(
              target->query, {"company", "role", "region", "currency", "guide", "offset", "limit"},
              p))
        return *bad;
      return ListBands(c, p);
    case Route::kLevels:
      if (auto bad = Params::Parse(target->query, {"q", "indirect", "limit"}, p)) return *bad;
      return Levels(c, p);
    case Route::kFindings:
      if (auto bad = Params::Parse(target->query,
                                   {"severity", "code", "guide", "today", "offset", "limit"}, p))
        return *bad;
      return ListFindings(c, p);
    case Route::kOpenApi: {
      if (auto bad = Params::Parse(target->query, {}, p)) return *bad;
      return JsonResponse(std::string(OpenApiDocument()));
    }
    case Route::kEvaluate:
    case Route::kCompare:
    case Route::kCounter: {
      if (auto bad = Params::Parse(target->query, {"explain"}, p)) return *bad;
      bool explain = false;
      if (auto bad = ParseFlag(p, "explain", explain)) return *bad;
      if (route.route == Route::kEvaluate) return EvaluateOffer(c, options_, request, explain);
      if (route.route == Route::kCompare) return CompareOffers(c, options_, request, explain);
      return CounterOffer(c, options_, request, explain);
    }
    case Route::kNone:
      break;
  }
  return NotFound("no API route " + std::string(Clipped(target->path)));
}

}  // namespace levers
