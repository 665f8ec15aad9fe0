// POST routes: evaluate, compare and counter offers. Bodies are JSON; each
// offer in them is read by the offer engine's own reader (ReadOffer), so an
// offer posted here is checked exactly as an offer file is.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

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

// Where the members of a JSON body (already parsed, so well formed) are in its
// text, so that each offer in it is read from its own bytes at its own line and
// column, exactly as the evaluate route and an offer file are: a parsed and
// re-printed offer would lose duplicate keys, turn 1e5 into 100000 and 2^64
// into 1.8446744073709552e+19, and shift every position. The scan also refuses
// what the parsed value cannot show: a key given twice in one object, and a
// NUL character written as \u0000. nlohmann::json reports neither, nor any
// offsets, hence this small scanner.
struct BodyScan {
  std::string_view text;
  std::string problem, field;  // the first problem found, at this field path
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> top;  // key -> value span
  std::vector<std::pair<std::string, std::vector<std::pair<size_t, size_t>>>> arrays;

  void Ws(size_t& i) const {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
      ++i;
  }
  // A string token starting at i (a quote); returns it decoded.
  std::string String(size_t& i, const std::string& path) {
    const size_t begin = i++;
    bool escaped = false;
    while (i < text.size()) {
      const char ch = text[i++];
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        break;
      }
    }
    const std::string_view token = text.substr(begin, i - begin);
    std::string decoded;
    if (token.find('\\') == std::string_view::npos) {
      decoded.assign(token.substr(1, token.size() - 2));
    } else {
      decoded = Json::parse(token).get<std::string>();
    }
    if (problem.empty() && decoded.find('\0') != std::string::npos) {
      problem = "a string holds a NUL character (\\u0000)";
      field = path;
    }
    return decoded;
  }
  void Value(size_t& i, const std::string& path) {
    Ws(i);
    if (i >= text.size()) return;
    const char ch = text[i];
    if (ch == '{') {
      ++i;
      // A set, not a list: a body of many keys must not cost their square.
      std::unordered_set<std::string> keys;
      for (;;) {
        Ws(i);
        if (i < text.size() && text[i] == '}') {
          ++i;
          return;
        }
        if (i < text.size() && text[i] == ',') {
          ++i;
          continue;
        }
        if (i >= text.size()) return;
        std::string key = String(i, path);
        const std::string at = path.empty() ? key : path + "." + key;
        if (!keys.insert(key).second && problem.empty()) {
          problem = "key \"" + key + "\" is given twice";
          field = at;
        }
        Ws(i);
        if (i < text.size() && text[i] == ':') ++i;
        Ws(i);
        const size_t begin = i;
        Value(i, at);
        if (path.empty()) top.push_back({key, {begin, i}});
      }
    }
    if (ch == '[') {
      ++i;
      std::vector<std::pair<size_t, size_t>> items;
      for (size_t n = 0;; ++n) {
        Ws(i);
        if (i < text.size() && text[i] == ']') {
          ++i;
          break;
        }
        if (i < text.size() && text[i] == ',') {
          ++i;
          Ws(i);
        }
        if (i >= text.size()) break;
        const size_t begin = i;
        Value(i, path + "[" + std::to_string(items.size()) + "]");
        items.push_back({begin, i});
      }
      if (path.find_first_of(".[") == std::string::npos) arrays.push_back({path, items});
      return;
    }
    if (ch == '"') {
      String(i, path);
      return;
    }
    // A number, true, false or null.
    while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' &&
           text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
      ++i;
  }
  // The body with everything outside [begin, end) blanked (line breaks kept), so
  // that what is read from it has the body's own lines and columns.
  std::string Only(std::pair<size_t, size_t> span) const {
    std::string out(text);
    for (size_t k = 0; k < out.size(); ++k) {
      if ((k < span.first || k >= span.second) && out[k] != '\n' && out[k] != '\r') out[k] = ' ';
    }
    return out;
  }
  std::optional<std::pair<size_t, size_t>> Member(std::string_view key) const {
    for (const auto& [k, span] : top) {
      if (k == key) return span;
    }
    return std::nullopt;
  }
  const std::vector<std::pair<size_t, size_t>>* Items(std::string_view key) const {
    for (const auto& [k, items] : arrays) {
      if (k == key) return &items;
    }
    return nullptr;
  }
};

// Parses the body as JSON, or returns the 400 answer (422 for a key given
// twice or a NUL character); `scan` says where its members are.
std::optional<HttpResponse> ParseBody(const HttpRequest& r, const ApiOptions& o, Json& out,
                                      BodyScan& scan) {
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
  } catch (const Json::exception& e) {
    // A syntax error, or a number past what a double holds ("1e400"): both the
    // client's. "[json.exception.parse_error.101] parse error at line 1, ..."
    // -> from "parse error".
    std::string what = e.what();
    const size_t at = what.find("] ");
    if (at != std::string::npos) what.erase(0, at + 2);
    return ErrorResponse(400, "invalid_json", "the body is not valid JSON: " + what);
  }
  scan.text = r.body;
  size_t i = 0;
  scan.Value(i, "");
  if (!scan.problem.empty()) return ErrorResponse(422, "invalid_offer", scan.problem, scan.field);
  return std::nullopt;
}

// Reads one offer from JSON text (the body, or the body with all but one
// offer blanked: positions are the body's); on failure returns the 422 answer
// naming the field (prefixed with `field_prefix`, e.g. "offers[1]."). An offer
// without a company is labelled `name`.
std::optional<HttpResponse> ReadOneOffer(const std::string& text, const std::string& name,
                                         const std::string& field_prefix, Offer& out) {
  const std::string source_name = "body";
  SourceFile file(name, text);
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
std::optional<HttpResponse> ReadOfferArray(const Json& body, const BodyScan& scan,
                                           const std::string& key, size_t min_count,
                                           size_t max_count, std::vector<Offer>& out) {
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
    const auto* spans = scan.Items(key);
    if (spans == nullptr || i >= spans->size()) {
      throw InternalFailure("the body's scan has no text for " + where);
    }
    Offer offer;
    if (auto bad = ReadOneOffer(scan.Only((*spans)[i]), where, where + ".", offer)) return bad;
    out.push_back(std::move(offer));
  }
  return std::nullopt;
}

// Keys other than `known` are refused, so a misspelt option is never ignored.
// `shape` is the body the route takes, as the message shows it; `offers_at` the
// key its offers go under. A body that is an offer itself (an offer key at its
// top, such as "base" or "currency") is told where the offer goes, at that key.
std::optional<HttpResponse> CheckKeys(const Json& body,
                                      std::initializer_list<std::string_view> known,
                                      std::string_view shape, std::string_view offers_at) {
  if (!body.is_object()) {
    return ErrorResponse(422, "invalid_offer",
                         "the body must be a JSON object: " + std::string(shape));
  }
  const std::span<const std::string_view> kOfferKeys = OfferKeys();
  for (const auto& [k, v] : body.items()) {
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    if (std::find(kOfferKeys.begin(), kOfferKeys.end(), k) != kOfferKeys.end()) {
      return ErrorResponse(422, "invalid_offer",
                           "the body is an offer ('" + k +
                               "' is an offer's key), but this route "
                               "takes " +
                               std::string(shape) + ": put the offer under '" +
                               std::string(offers_at) + "'",
                           std::string(offers_at));
    }
    std::string keys;
    for (std::string_view n : known) keys += (keys.empty() ? "'" : ", '") + std::string(n) + "'";
    return ErrorResponse(
        422, "invalid_offer",
        "unknown key '" + k + "': the body is " + std::string(shape) + " (keys " + keys + ")", k);
  }
  return std::nullopt;
}

}  // namespace

HttpResponse EngineError(const Status& s, std::string_view field) {
  return ErrorResponse(422, "invalid_offer", RefusalMessage(s), field);
}

namespace {

// Each offer of `offers` must convert into `currency` (the engine would fail
// on the first that does not, without saying which): otherwise the 422 answer
// at that offer's field, `key`[i].date or .currency.
std::optional<HttpResponse> CheckConversions(const std::vector<Offer>& offers,
                                             const std::string& currency, std::string_view key) {
  for (size_t i = 0; i < offers.size(); ++i) {
    auto problem = FindConversionProblem(offers[i], currency, RatesFor(ValuationAssumptions{}));
    if (!problem) continue;
    return ErrorResponse(422, "invalid_offer", problem->message,
                         std::string(key) + "[" + std::to_string(i) + "]." + problem->field);
  }
  return std::nullopt;
}

// A counter plan needs a band: the region the offer names must be one of the
// guide's, and an offer without one is placed only in a guide of one region
// (CounterBand). Otherwise the 422 answer at `field`, as the offer engine
// words it, with the closest regions or all of them. Evaluate and compare, as
// in the CLI, place such an offer in no band and say why (band.note).
std::optional<HttpResponse> CheckCounterRegion(const Offer& offer, const Guide& guide,
                                               std::string_view field) {
  auto band = offer.region.empty() ? CounterBand(guide, offer) : FindBand(guide, offer.region);
  if (!band.ok()) return EngineError(band.status(), field);
  return std::nullopt;
}

// The offer must convert into the currency of the band it is placed in (the
// engine would fail without naming a field): otherwise the 422 answer at
// `prefix` + "date", or + "currency" for an offer without a date. An offer
// without a region has no band in evaluate; counter (`first_band_without_region`)
// takes the band CounterBand gives (a guide's only one).
std::optional<HttpResponse> CheckBandConversion(const Offer& offer, const Guide& guide,
                                                bool first_band_without_region,
                                                std::string_view prefix) {
  auto problem = FindBandConversionProblem(offer, guide, first_band_without_region,
                                           RatesFor(ValuationAssumptions{}));
  if (!problem) return std::nullopt;
  return ErrorResponse(422, "invalid_offer", problem->message,
                       std::string(prefix) + problem->field);
}

// The API names a guide by its id, the one /api/guides/{id} takes, not by the
// path it was imported from: an evaluation's band.guide is that id.
void NameGuideById(const ServedCorpus& c, Evaluation& ev) {
  if (!ev.guide_path.empty()) ev.guide_path = c.IdOfPath(ev.guide_path);
}

// The assumptions every offer route values with: the defaults, and guides'
// reviews judged as of the date the served corpus's findings are
// (`levers serve --today`, else the date the import was loaded on).
ValuationAssumptions Assumptions(const ServedCorpus& c) {
  ValuationAssumptions a;
  a.today = c.options().today;
  return a;
}

}  // namespace

HttpResponse EvaluateOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                           bool explain) {
  Json body;
  BodyScan scan;
  if (auto bad = ParseBody(r, o, body, scan)) return *bad;
  if (!body.is_object()) {
    return ErrorResponse(422, "invalid_offer",
                         "the body must be one offer as a JSON object (docs/offer-format.md)");
  }
  Offer offer;
  // The body text itself, so messages give its own lines and columns.
  if (auto bad = ReadOneOffer(r.body, "body", "", offer)) return *bad;
  auto guide = FindGuide(c.guides(), offer.company, offer.role);
  if (guide.ok()) {
    if (auto bad = CheckBandConversion(offer, **guide, false, "")) return *bad;
  }
  auto ev = Evaluate(offer, guide.ok() ? *guide : nullptr, Assumptions(c));
  if (!ev.ok()) return EngineError(ev.status(), "");
  NameGuideById(c, *ev);
  // Without a guide the body says why there is no band position (the closest
  // companies or roles), as the header does in short.
  if (!guide.ok()) ev->band_note = guide.status().message();
  HttpResponse res = JsonResponse(EvaluationJson(*ev, explain, JsonLayout::kCompact));
  if (!guide.ok()) res.headers.emplace_back("X-Levers-Note", "no guide for this company and role");
  return res;
}

HttpResponse CompareOffers(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                           bool explain) {
  Json body;
  BodyScan scan;
  if (auto bad = ParseBody(r, o, body, scan)) return *bad;
  if (auto bad = CheckKeys(body, {"offers", "currency", "rank"},
                           R"({"offers": [{...}, ...], "currency": "USD", "rank": "four-year"})",
                           "offers"))
    return *bad;
  std::vector<Offer> offers;
  if (auto bad = ReadOfferArray(body, scan, "offers", 1, o.max_offers, offers)) return *bad;
  std::string currency;
  if (auto it = body.find("currency"); it != body.end() && !it->is_null()) {
    const CurrencyInfo* info =
        it->is_string() ? FindCurrencyAnyCase(it->get<std::string>()) : nullptr;
    if (!info) {
      return ErrorResponse(422, "invalid_offer",
                           "currency must be an ISO 4217 code levers knows, such as USD (any case)",
                           "currency");
    }
    currency = std::string(info->code);
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
  // Each offer is placed in its guide's band as evaluate places one: the guide
  // matched on company and role, the band of the offer's region. An offer
  // without a guide, without a region or with one its guide has no band for
  // is compared without a position (band.note says why), as the CLI does.
  if (auto bad =
          CheckConversions(offers, currency.empty() ? offers[0].currency : currency, "offers"))
    return *bad;
  auto cmp = Compare(offers, currency, by, Assumptions(c), &c.guides());
  if (!cmp.ok()) return EngineError(cmp.status(), currency.empty() ? "" : "currency");
  for (Evaluation& ev : cmp->offers) NameGuideById(c, ev);
  return JsonResponse(ComparisonJson(*cmp, explain, JsonLayout::kCompact));
}

HttpResponse CounterOffer(const ServedCorpus& c, const ApiOptions& o, const HttpRequest& r,
                          bool explain) {
  Json body;
  BodyScan scan;
  if (auto bad = ParseBody(r, o, body, scan)) return *bad;
  if (auto bad = CheckKeys(body, {"offer", "others"}, R"({"offer": {...}, "others": [{...}, ...]})",
                           "offer"))
    return *bad;
  auto it = body.find("offer");
  if (it == body.end() || !it->is_object()) {
    return ErrorResponse(422, "invalid_offer", "offer is required: the offer to counter", "offer");
  }
  const auto span = scan.Member("offer");
  if (!span) throw InternalFailure("the body's scan has no text for offer");
  Offer offer;
  if (auto bad = ReadOneOffer(scan.Only(*span), "offer", "offer.", offer)) return *bad;
  std::vector<Offer> others;
  if (auto bad = ReadOfferArray(body, scan, "others", 0, o.max_offers, others)) return *bad;
  auto guide = FindGuide(c.guides(), offer.company, offer.role);
  if (!guide.ok()) {
    return ErrorResponse(422, "no_matching_guide",
                         guide.status().message() + " (a counter plan needs the guide's band)",
                         "offer.company");
  }
  if (auto bad = CheckCounterRegion(offer, **guide, "offer.region")) return *bad;
  if (auto bad = CheckBandConversion(offer, **guide, true, "offer.")) return *bad;
  if (auto bad = CheckConversions(others, offer.currency, "others")) return *bad;
  // The offer itself given again is no alternative: said at that offer.
  if (Result<CompBand> band = CounterBand(**guide, offer); band.ok()) {
    const std::string region =
        offer.region.empty() && band->region.has() ? *band->region : offer.region;
    for (size_t i = 0; i < others.size(); ++i) {
      if (Status s = CheckAlternative(offer, region, others[i]); !s.ok())
        return EngineError(s, "others[" + std::to_string(i) + "]");
    }
  }
  auto plan = Counter(offer, **guide, others, Assumptions(c));
  if (!plan.ok()) return EngineError(plan.status(), "offer");
  NameGuideById(c, plan->offer);
  return JsonResponse(CounterPlanJson(*plan, explain, JsonLayout::kCompact));
}

}  // namespace levers::api
