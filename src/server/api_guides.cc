// GET routes: health, guides, one guide, bands, findings, levels.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "levers/check.h"
#include "levers/render.h"
#include "server/api_routes.h"

namespace levers::api {
namespace {

using Json = nlohmann::ordered_json;

// API limits on the guide list (docs/http-api.md); the store allows more.
constexpr int64_t kMaxLimit = 200;
constexpr int64_t kDefaultLimit = 50;
constexpr int64_t kMaxOffset = 1'000'000'000;
// The band and finding lists, and the sources a level answer lists per role:
// pages, so that no answer grows with the corpus (a few hundred bytes an item).
constexpr int64_t kMaxItemLimit = 1000;
constexpr int64_t kDefaultItemLimit = 200;
constexpr int64_t kDefaultLevelSources = 50;

std::string Dump(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  s.push_back('\n');
  return s;
}

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

template <typename T>
Json NullIfAbsent(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json SummaryJson(const GuideSummary& s) {
  Json j = Json::object();
  j["id"] = s.id;
  j["path"] = s.path;
  j["company"] = NullIfEmpty(s.company);
  j["company_display"] = NullIfEmpty(s.company_display);
  j["role"] = NullIfEmpty(s.role);
  j["role_display"] = NullIfEmpty(s.role_display);
  j["role_type"] = NullIfEmpty(s.role_type);
  j["last_updated"] = NullIfEmpty(s.last_updated);
  j["next_review_due"] = NullIfEmpty(s.next_review_due);
  j["data_quality"] = NullIfEmpty(s.data_quality);
  j["salary_data_quarter"] = NullIfEmpty(s.salary_data_quarter);
  j["regions"] = s.regions;
  j["errors"] = s.errors;
  j["warnings"] = s.warnings;
  return j;
}

Json BandJson(const StoredBand& b) {
  Json j = Json::object();
  j["guide_id"] = b.guide_id;
  j["position"] = b.position;
  j["company"] = b.company;
  j["role"] = b.role;
  j["region"] = b.region;
  j["currency"] = NullIfEmpty(b.currency);
  j["base_low_minor"] = NullIfAbsent(b.base_low);
  j["base_high_minor"] = NullIfAbsent(b.base_high);
  j["stock_low_minor"] = NullIfAbsent(b.stock_low);
  j["stock_high_minor"] = NullIfAbsent(b.stock_high);
  j["stock_vesting_years"] = b.stock_vesting_years;
  j["bonus_pct_low_bp"] = NullIfAbsent(b.bonus_pct_low_bp);
  j["bonus_pct_high_bp"] = NullIfAbsent(b.bonus_pct_high_bp);
  j["total_comp_low_minor"] = NullIfAbsent(b.total_comp_low);
  j["total_comp_high_minor"] = NullIfAbsent(b.total_comp_high);
  return j;
}

Json FindingJson(const StoredFinding& f) {
  Json j = Json::object();
  j["guide_id"] = f.guide_id;
  j["code"] = f.code;
  j["severity"] = f.severity;
  j["line"] = f.line;
  j["column"] = f.column;
  j["field"] = NullIfEmpty(f.field);
  j["message"] = f.message;
  return j;
}

// A whole decimal number in [lo, hi], or the 400 answer naming `name`.
std::optional<HttpResponse> ParseBounded(const Params& p, std::string_view name, int64_t lo,
                                         int64_t hi, int64_t& out) {
  if (!p.Has(name)) return std::nullopt;
  const std::string& v = p.Get(name);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  const bool digits_only = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only || ec != std::errc() || end != v.data() + v.size() || n < lo || n > hi) {
    return InvalidParameter(name, std::string(name) + " must be a whole number " +
                                      std::to_string(lo) + ".." + std::to_string(hi));
  }
  out = n;
  return std::nullopt;
}

// Filters are bounded before they reach the store.
std::optional<HttpResponse> CheckFilters(const Params& p,
                                         std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (p.Get(n).size() > kMaxFilterBytes) {
      return InvalidParameter(
          n, std::string(n) + " is longer than " + std::to_string(kMaxFilterBytes) + " bytes");
    }
  }
  return std::nullopt;
}

// A page of `all` (offset and limit as asked, default kDefaultItemLimit), as
// {"total", "offset", "limit", "items"}, or the 400 answer.
template <typename T, typename ToJson>
HttpResponse ItemPage(const Params& p, const std::vector<T>& all, ToJson to_json) {
  int64_t offset = 0, limit = kDefaultItemLimit;
  if (auto bad = ParseBounded(p, "offset", 0, kMaxOffset, offset)) return *bad;
  if (auto bad = ParseBounded(p, "limit", 1, kMaxItemLimit, limit)) return *bad;
  const size_t first = std::min(all.size(), static_cast<size_t>(offset));
  const size_t end = std::min(all.size(), first + static_cast<size_t>(limit));
  Json j = Json::object();
  j["total"] = all.size();
  j["offset"] = offset;
  j["limit"] = limit;
  Json items = Json::array();
  for (size_t i = first; i < end; ++i) items.push_back(to_json(all[i]));
  j["items"] = std::move(items);
  return JsonResponse(Dump(j));
}

// The codes of the date rules (docs/checks.md): what they find depends on
// "today", so a stored one was judged as of its import's date.
bool IsDatedCode(std::string_view code) {
  return code == "review-overdue" || code == "date-future" || code == "data-stale" ||
         code == "quarter-future";
}

// The date the findings routes judge the date rules by: ?today when given (400
// naming it when it is not a date), else the served corpus's, the one its
// pages use: `levers serve --today`, else the current date (UTC), which the
// reloader takes again when the day turns.
std::optional<HttpResponse> FindingsToday(const ServedCorpus& c, const Params& p, Date& out) {
  if (!p.Has("today")) {
    out = *c.options().today;
    return std::nullopt;
  }
  const std::string& v = p.Get("today");
  DateParse d = ParseIsoDate(v);
  if (!d.date) {
    return InvalidParameter("today", "today must be a date YYYY-MM-DD, like 2026-11-23; got '" +
                                         std::string(Clipped(v)) + "': " + d.error);
  }
  out = *d.date;
  return std::nullopt;
}

// The stored findings that `filter` selects, with the date rules' judged again
// as of `today`: each guide's stored findings of other rules in their order,
// then its date findings. The models were checked at load as of the corpus's
// date; another date checks them again.
std::vector<StoredFinding> FindingsAsOf(const ServedCorpus& c, std::vector<StoredFinding> stored,
                                        const FindingFilter& filter, Date today) {
  std::erase_if(stored, [](const StoredFinding& f) { return IsDatedCode(f.code); });
  if (!filter.code.empty() && !IsDatedCode(filter.code)) return stored;
  CheckOptions check;
  check.today = today;
  const size_t kept = stored.size();
  const bool as_loaded = c.options().today == today;
  for (size_t i = 0; i < c.models().size(); ++i) {
    const CheckedGuide& g = c.models()[i];
    if (!g.guide || !g.file || (!filter.guide_id.empty() && c.ids()[i] != filter.guide_id))
      continue;
    DiagnosticSink again;
    if (!as_loaded) CheckGuide(*g.guide, check, again);
    const auto& all = as_loaded ? g.findings.diagnostics() : again.diagnostics();
    for (size_t k = as_loaded ? c.read_finding_count(i) : 0; k < all.size(); ++k) {
      const Diagnostic& d = all[k];
      const std::string_view severity = SeverityName(d.severity);
      if (!IsDatedCode(d.code) || (!filter.code.empty() && d.code != filter.code) ||
          (!filter.severity.empty() && severity != filter.severity))
        continue;
      stored.push_back(StoredFindingOf(d, &*g.file, c.ids()[i], static_cast<int>(k)));
    }
  }
  // Both parts are in guide-id order: a stable merge keeps each guide's order.
  std::inplace_merge(
      stored.begin(), stored.begin() + static_cast<ptrdiff_t>(kept), stored.end(),
      [](const StoredFinding& a, const StoredFinding& b) { return a.guide_id < b.guide_id; });
  return stored;
}

// "2026-11-23T10:00:00Z".
std::string UtcText(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

HttpResponse Health(const ServedCorpus& c, const StoreHealth& store) {
  // The corpus served, not the store's state now: after an import, until the
  // server has loaded it, health still describes what every route answers from.
  // A store the server cannot follow makes it "degraded", still a 200: every
  // route goes on answering from the import it has (docs/http-api.md).
  const StoreStats& stats = c.stats();
  Json j = Json::object();
  j["status"] = store.ok ? "ok" : "degraded";
  j["store"] = stats.backend;
  j["schema_version"] = stats.schema_version;
  j["guides"] = stats.guides;
  j["last_import"] = NullIfEmpty(stats.last_import);
  j["import_generation"] = c.generation();
  j["store_checked_at"] = store.checked_at ? Json(UtcText(*store.checked_at)) : Json(nullptr);
  j["store_error"] = store.ok ? Json(nullptr) : Json(store.error);
  return JsonResponse(Dump(j));
}

HttpResponse ListGuides(const ServedCorpus& c, const Params& p) {
  if (auto bad = CheckFilters(p, {"company", "role", "region", "q"})) return *bad;
  GuideQuery q;
  q.company = p.Get("company");
  q.role = p.Get("role");
  q.region = p.Get("region");
  q.q = p.Get("q");
  q.limit = kDefaultLimit;
  if (auto bad = ParseBounded(p, "offset", 0, kMaxOffset, q.offset)) return *bad;
  if (auto bad = ParseBounded(p, "limit", 1, kMaxLimit, q.limit)) return *bad;
  if (p.Has("sort")) {
    auto sort = ParseGuideSort(p.Get("sort"));
    if (!sort.ok()) {
      return InvalidParameter("sort",
                              "sort must be company, role, last_updated or next_review_due, "
                              "each optionally preceded by '-'");
    }
    q.sort = sort->first;
    q.descending = sort->second;
  }
  auto page = c.store().ListGuides(q);
  if (!page.ok()) return StatusAnswer(page.status());
  Json j = Json::object();
  j["total"] = page->total;
  j["offset"] = q.offset;
  j["limit"] = q.limit;
  Json items = Json::array();
  for (const GuideSummary& s : page->items) items.push_back(SummaryJson(s));
  j["items"] = std::move(items);
  return JsonResponse(Dump(j));
}

HttpResponse GetGuide(const ServedCorpus& c, std::string_view id, const Params& p) {
  const std::string& format = p.Get("format");
  const bool json = format.empty() || format == "json";
  if (!json && format != "md" && format != "html") {
    return InvalidParameter("format", "format must be json, md or html");
  }
  // The HTML page's common currency (the toggle's other view), as the served
  // page's ?currency= takes it; the other formats have no such view.
  std::string_view currency = kGuideCommonCurrency;
  if (p.Has("currency")) {
    if (format != "html") {
      return InvalidParameter(
          "currency", "currency is only for format=html (the page's bands in one currency)");
    }
    Result<std::string_view> code = ParseCommonCurrency(p.Get("currency"));
    if (!code.ok()) return InvalidParameter("currency", code.status().message());
    currency = *code;
  }
  if (json) {
    auto text = c.GuideJson(id);
    if (!text.ok()) {
      if (text.status().code() == StatusCode::kNotFound) {
        return NoGuideAnswer(id);
      }
      return StatusAnswer(text.status());
    }
    // Ended with a newline, as every other route's JSON is.
    return JsonResponse(**text + "\n");
  }
  const CheckedGuide* g = c.FindGuide(id);
  if (g == nullptr || !g->guide || !g->file) {
    return NoGuideAnswer(id);
  }
  HttpResponse r;
  if (format == "md") {
    r.content_type = "text/markdown; charset=utf-8";
    r.body = RenderCanonicalMarkdown(*g->guide, *g->file);
  } else {
    HtmlOptions o;
    o.today = c.options().today;
    o.findings = &g->findings.diagnostics();
    o.file = &*g->file;
    o.common.code = currency;
    r.content_type = "text/html; charset=utf-8";
    r.body = RenderGuideHtml(*g->guide, o);
  }
  return r;
}

HttpResponse GuideFindings(const ServedCorpus& c, std::string_view id, const Params& p) {
  Date today;
  if (auto bad = FindingsToday(c, p, today)) return *bad;
  FindingFilter f;
  f.guide_id = std::string(id);
  auto stored = c.store().ListFindings(f);
  if (!stored.ok()) return StatusAnswer(stored.status());
  const std::vector<StoredFinding> all = FindingsAsOf(c, std::move(*stored), f, today);
  const std::vector<StoredFinding>* findings = &all;
  if (findings->empty()) {
    // No findings: a guide without any, or no such guide.
    if (c.FindGuide(id) == nullptr) {
      return NoGuideAnswer(id);
    }
  }
  Json j = Json::object();
  j["guide_id"] = id;
  j["total"] = findings->size();
  Json items = Json::array();
  for (const StoredFinding& s : *findings) items.push_back(FindingJson(s));
  j["items"] = std::move(items);
  return JsonResponse(Dump(j));
}

HttpResponse ListBands(const ServedCorpus& c, const Params& p) {
  if (auto bad = CheckFilters(p, {"company", "role", "region", "currency", "guide"})) return *bad;
  BandFilter f;
  f.guide_id = p.Get("guide");
  f.company = p.Get("company");
  f.role = p.Get("role");
  f.region = p.Get("region");
  f.currency = p.Get("currency");
  auto bands = c.store().ListBands(f);
  if (!bands.ok()) return StatusAnswer(bands.status());
  return ItemPage(p, *bands, BandJson);
}

HttpResponse ListFindings(const ServedCorpus& c, const Params& p) {
  if (auto bad = CheckFilters(p, {"severity", "code", "guide"})) return *bad;
  const std::string& sev = p.Get("severity");
  if (!sev.empty() && sev != "error" && sev != "warning" && sev != "note") {
    return InvalidParameter("severity", "severity must be error, warning or note");
  }
  FindingFilter f;
  f.severity = sev;
  f.code = p.Get("code");
  f.guide_id = p.Get("guide");
  Date today;
  if (auto bad = FindingsToday(c, p, today)) return *bad;
  auto findings = c.store().ListFindings(f);
  if (!findings.ok()) return StatusAnswer(findings.status());
  return ItemPage(p, FindingsAsOf(c, std::move(*findings), f, today), FindingJson);
}

HttpResponse Levels(const ServedCorpus& c, const Params& p) {
  const std::string& q = p.Get("q");
  if (q.empty()) return InvalidParameter("q", "q (a role such as \"Google L6\") is required");
  bool indirect = false;
  if (auto bad = ParseFlag(p, "indirect", indirect)) return *bad;
  int64_t limit = kDefaultLevelSources;
  if (auto bad = ParseBounded(p, "limit", 1, kMaxItemLimit, limit)) return *bad;
  LevelQueryOptions o;
  o.indirect = indirect;
  auto answer = c.levels().Equivalents(q, o);
  if (!answer.ok()) return StatusAnswer(answer.status(), "q");
  LevelJsonOptions jo;
  jo.pretty = false;
  jo.max_sources = static_cast<size_t>(limit);
  jo.guide_id = [&c](const std::string& path) { return c.IdOfPath(path); };
  jo.locate = [&c](const std::string& path, uint32_t offset) -> std::optional<LineColumn> {
    const CheckedGuide* g = c.FindGuide(c.IdOfPath(path));
    if (!g || !g->file) return std::nullopt;
    return g->file->Locate(offset);
  };
  return JsonResponse(FormatLevelAnswerJson(*answer, jo));
}

}  // namespace levers::api
