// POST routes: evaluate, compare and counter offers. Bodies are JSON; each
// offer in them is read by the offer engine's own reader (ReadOffer), so an
// offer posted here is checked exactly as an offer file is.
#include <nlohmann/json.hpp>

#include "levers/offer.h"
#include "levers/offer_report.h"
#include "server/api_routes.h"

namespace levers::api {
namespace {

using Json = nlohmann::json;

// Nesting depth of a JSON text, counted outside strings, so a deeply nested
// body is refused before any parser recurses or allocates for it.
int JsonDepth(std::string_view text, int stop_after) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > stop_after) return max_depth;
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return max_depth;
}

// Parses the body as JSON, or returns the 400 answer.
std::optional<HttpResponse> ParseBody(const HttpRequest& r, const ApiOptions& o, Json& out) {
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(400, "invalid_json", "the request body is empty; send a JSON object");
  }
  if (JsonDepth(r.body, o.max_json_depth) > o.max_json_depth) {
    return ErrorResponse(
        400, "invalid_json",
        "the JSON body nests deeper than " + std::to_string(o.max_json_depth) + " levels");
  }
  try {
    out = Json::parse(r.body);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> from "parse
    // error".
    const size_t at = what.find("] ");
    if (at != std::string::npos) what.erase(0, at + 2);
    return ErrorResponse(400, "invalid_json", "the body is not valid JSON: " + what);
  }
  return std::nullopt;
}

// Reads one offer from JSON text; on failure returns the 422 answer naming the
// field (prefixed with `field_prefix`, e.g. "offers[1].").
std::optional<HttpResponse> ReadOneOffer(const std::string& text, const std::string& source_name,
                                         const std::string& field_prefix, Offer& out) {
  SourceFile file(source_name, text);
  DiagnosticSink sink;
  std::optional<Offer> offer = ReadOffer(file, sink);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity != Severity::kError) continue;
    const LineColumn lc = file.Locate(d.range.begin);
    std::string message = d.message;
    if (d.range.end > 0) {
      message += " (" + source_name + " line " + std::to_string(lc.line) + ", column " +
                 std::to_string(lc.column) + ")";
    }
    std::string field = d.path.empty() ? field_prefix : field_prefix + d.path;
    if (!field.empty() && field.back() == '.') field.pop_back();
    return ErrorResponse(422, "invalid_offer", message, field);
  }
  if (!offer) {
    std::string field = field_prefix;
    if (!field.empty() && field.back() == '.') field.pop_back();
    return ErrorResponse(422, "invalid_offer", "not a usable offer", field);
  }
  out = std::move(*offer);
  return std::nullopt;
}

// The offers of a JSON array member: each must be an object.
std::optional<HttpResponse> ReadOfferArray(const Json& body, const std::string& key,
                                           size_t min_count, size_t max_count,
                                           std::vector<Offer>& out) {
  auto it = body.find(key);
  if (it == body.end()) {
    if (min_count == 0) return std::nullopt;
    return ErrorResponse(422, "invalid_offer", key + " is required: an array of offers", key);
  }
  if (!it->is_array() || it->size() < min_count || it->size() > max_count) {
    return ErrorResponse(422, "invalid_offer",
                         key + " must be an array of " + std::to_string(min_count) + " to " +
                             std::to_string(max_count) + " offers",
                         key);
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string where = key + "[" + std::to_string(i) + "]";
    const Json& o = (*it)[i];
    if (!o.is_object()) {
      return ErrorResponse(422, "invalid_offer", where + " must be an offer object", where);
    }
    Offer offer;
    if (auto bad = ReadOneOffer(o.dump(2), where, where + ".", offer)) return bad;
    out.push_back(std::move(offer));
  }
  return std::nullopt;
}

// Keys other than `known` are refused, so a misspelt option is never ignored.
std::optional<HttpResponse> CheckKeys(const Json& body,
                                      std::initializer_list<std::string_view> known) {
  if (!body.is_object()) {
    return ErrorResponse(422, "invalid_offer", "the body must be a JSON object");
  }
  for (const auto& [k, v] : body.items()) {
    bool ok = false;
    for (std::string_view n : known) ok = ok || k == n;
    if (!ok) return ErrorResponse(422, "invalid_offer", "unknown key \"" + k + "\"", k);
  }
  return std::nullopt;
}

HttpResponse EngineError(const Status& s, std::string_view field) {
  return ErrorResponse(422, "invalid_offer", s.message(), field);
}

}  // namespace

HttpResponse EvaluateOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                           bool explain) {
  Json body;
  if (auto bad = ParseBody(r, o, body)) return *bad;
  if (!body.is_object()) {
    return ErrorResponse(422, "invalid_offer",
                         "the body must be one offer as a JSON object (docs/offer-format.md)");
  }
  Offer offer;
  // The body text itself, so messages give its own lines and columns.
  if (auto bad = ReadOneOffer(r.body, "body", "", offer)) return *bad;
  auto guide = FindGuide(c.guides(), offer.company, offer.role);
  auto ev = Evaluate(offer, guide.ok() ? *guide : nullptr, ValuationAssumptions{});
  if (!ev.ok()) return EngineError(ev.status(), "");
  HttpResponse res = JsonResponse(EvaluationJson(*ev, explain));
  if (!guide.ok()) res.headers.emplace_back("X-Levers-Note", "no guide for this company and role");
  return res;
}

HttpResponse CompareOffers(const ServedCorpus&, const ApiOptions& o, const HttpRequest& r,
                           bool explain) {
  Json body;
  if (auto bad = ParseBody(r, o, body)) return *bad;
  if (auto bad = CheckKeys(body, {"offers", "currency", "rank"})) return *bad;
  std::vector<Offer> offers;
  if (auto bad = ReadOfferArray(body, "offers", 1, o.max_offers, offers)) return *bad;
  std::string currency;
  if (auto it = body.find("currency"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>().size() != 3) {
      return ErrorResponse(422, "invalid_offer", "currency must be an ISO 4217 code such as USD",
                           "currency");
    }
    currency = it->get<std::string>();
  }
  RankBy by = RankBy::kFourYearAverage;
  if (auto it = body.find("rank"); it != body.end() && !it->is_null()) {
    const std::string rank = it->is_string() ? it->get<std::string>() : "";
    if (rank == "four-year") {
      by = RankBy::kFourYearAverage;
    } else if (rank == "first-year") {
      by = RankBy::kFirstYear;
    } else if (rank == "expected-equity") {
      by = RankBy::kExpectedEquity;
    } else if (rank == "floor-equity") {
      by = RankBy::kFloorEquity;
    } else {
      return ErrorResponse(422, "invalid_offer",
                           "rank must be four-year, first-year, expected-equity or floor-equity",
                           "rank");
    }
  }
  auto cmp = Compare(offers, currency, by, ValuationAssumptions{});
  if (!cmp.ok()) return EngineError(cmp.status(), currency.empty() ? "" : "currency");
  return JsonResponse(ComparisonJson(*cmp, explain));
}

HttpResponse CounterOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                          bool explain) {
  Json body;
  if (auto bad = ParseBody(r, o, body)) return *bad;
  if (auto bad = CheckKeys(body, {"offer", "others"})) return *bad;
  auto it = body.find("offer");
  if (it == body.end() || !it->is_object()) {
    return ErrorResponse(422, "invalid_offer", "offer is required: the offer to counter", "offer");
  }
  Offer offer;
  if (auto bad = ReadOneOffer(it->dump(2), "offer", "offer.", offer)) return *bad;
  std::vector<Offer> others;
  if (auto bad = ReadOfferArray(body, "others", 0, o.max_offers, others)) return *bad;
  auto guide = FindGuide(c.guides(), offer.company, offer.role);
  if (!guide.ok()) {
    return ErrorResponse(422, "no_matching_guide",
                         guide.status().message() + " (a counter plan needs the guide's band)",
                         "offer.company");
  }
  auto plan = Counter(offer, **guide, others, ValuationAssumptions{});
  if (!plan.ok()) return EngineError(plan.status(), "offer");
  return JsonResponse(CounterPlanJson(*plan, explain));
}

}  // namespace levers::api
