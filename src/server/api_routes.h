// The API's routes, one function per route, and what they share: query
// parameters checked against the names a route accepts. Internal to
// levers::server; the router is ApiHandler::Route (api_handler.cc).
#ifndef LEVERS_SRC_SERVER_API_ROUTES_H_
#define LEVERS_SRC_SERVER_API_ROUTES_H_

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "levers/server.h"
#include "levers/utf8.h"

namespace levers::api {

// A request's query parameters after checking: each at most once, each one the
// route knows.
class Params {
 public:
  // Fills `out` or returns the 400 answer: malformed query, an unknown or a
  // repeated parameter.
  static std::optional<HttpResponse> Parse(std::string_view raw_query,
                                           std::initializer_list<std::string_view> known,
                                           Params& out);

  // The value, or "" when absent.
  const std::string& Get(std::string_view name) const;
  bool Has(std::string_view name) const;

 private:
  std::vector<QueryParam> params_;
};

// Thrown by routes for a failure of levers' own (server_http.h).
using levers::InternalFailure;

// 400 invalid_parameter naming `field`.
HttpResponse InvalidParameter(std::string_view field, std::string_view message);
// The answer for a non-OK store or engine status: 400 for InvalidArgument,
// 404 for NotFound; for any other code throws InternalFailure (a 500 whose
// text only the log sees).
HttpResponse StatusAnswer(const Status& status, std::string_view field = {});

// The answer for the offer engine's refusal of an offer (InvalidArgument,
// NotFound): 422 invalid_offer at `field`, in the engine's words. Any other
// code is no fault of the offer: throws InternalFailure.
HttpResponse EngineError(const Status& s, std::string_view field);

// What a message quotes of a request's guide id or path: ClipUtf8 (at most
// kMaxQuotedBytes, as the store's messages quote).
inline std::string_view Clipped(std::string_view text) { return ClipUtf8(text); }
// 404 not_found for a guide id no guide has, quoting Clipped(id).
HttpResponse NoGuideAnswer(std::string_view id);

// A boolean flag: absent, "", "0", "false" -> false; "1", "true" -> true;
// anything else -> the 400 answer.
std::optional<HttpResponse> ParseFlag(const Params& p, std::string_view name, bool& out);

// GET routes over the store and the models (api_guides.cc).
// The corpus served, and `store` (ApiOptions::store_health's answer): 200 either
// way, "status" "ok" or "degraded".
HttpResponse Health(const ServedCorpus& c, const StoreHealth& store);
HttpResponse ListGuides(const ServedCorpus& c, const Params& p);
HttpResponse GetGuide(const ServedCorpus& c, std::string_view id, const Params& p);
// The findings routes judge the date rules (review-overdue, date-future,
// data-stale, quarter-future) as of ?today, else `levers serve --today`, else the current date.
HttpResponse GuideFindings(const ServedCorpus& c, std::string_view id, const Params& p);
HttpResponse ListBands(const ServedCorpus& c, const Params& p);
HttpResponse ListFindings(const ServedCorpus& c, const Params& p);
HttpResponse Levels(const ServedCorpus& c, const Params& p);

// POST routes (api_offers.cc). `body` has been checked to be a JSON request.
HttpResponse EvaluateOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                           bool explain);
HttpResponse CompareOffers(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                           bool explain);
HttpResponse CounterOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                          bool explain);

// True for a guide id the store could hold: at most 4096 bytes of text without
// control bytes (the caller has checked it is UTF-8), with '/' between
// non-empty segments other than "." and "..".
bool IsPlausibleGuideId(std::string_view id);

}  // namespace levers::api

#endif  // LEVERS_SRC_SERVER_API_ROUTES_H_
