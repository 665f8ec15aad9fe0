// OpenStore's URL dispatch and the validation and keys every backend shares.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_set>

#include "core/ascii.h"
#include "core/percent.h"
#include "levers/check.h"
#include "levers/guide.h"
#include "levers/utf8.h"
#include "store/store_internal.h"

namespace levers {

using store_internal::AsciiLower;

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, MissingStoreFile missing,
                                         std::string_view client) {
  if (url == "memory:") return store_internal::OpenMemoryStore();
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.empty()) return Status::InvalidArgument("store URL 'sqlite:' names no file");
    if (path.find('\0') != std::string::npos)
      return Status::InvalidArgument("store URL holds a NUL byte");
    return store_internal::OpenSqliteStore(path, missing);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    if (url.find('\0') != std::string_view::npos)
      return Status::InvalidArgument("store URL holds a NUL byte");
    store_internal::PostgresOptions options;
    options.application_name = client;
    return store_internal::OpenPostgresStore(std::string(url), kStoreSchemaVersion, options);
  }
  // Shown back without control bytes, and without what may be a password:
  // whatever stands before an '@' after the scheme, and password=... values.
  std::string shown(url);
  size_t start = 0;
  while (start < shown.size() &&
         (std::isalnum(static_cast<unsigned char>(shown[start])) || shown[start] == '+' ||
          shown[start] == '.' || shown[start] == '-'))
    ++start;
  start = start < shown.size() && shown[start] == ':' ? start + 1 : 0;
  while (start < shown.size() && shown[start] == '/') ++start;
  if (const size_t at = shown.rfind('@'); at != std::string::npos && at >= start)
    shown.replace(start, at - start, "***");
  shown = store_internal::MaskPasswords(shown, {}).substr(0, 80);
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return Status::InvalidArgument("unknown store URL '" + shown +
                                 "': expected memory:, sqlite:PATH or postgresql://...");
}

Result<std::pair<GuideSortKey, bool>> ParseGuideSort(std::string_view text) {
  bool desc = false;
  std::string_view key = text;
  if (key.starts_with('-')) {
    desc = true;
    key.remove_prefix(1);
  }
  if (key == "id") return std::pair{GuideSortKey::kId, desc};
  if (key == "company") return std::pair{GuideSortKey::kCompany, desc};
  if (key == "role") return std::pair{GuideSortKey::kRole, desc};
  if (key == "last_updated") return std::pair{GuideSortKey::kLastUpdated, desc};
  if (key == "next_review_due") return std::pair{GuideSortKey::kNextReviewDue, desc};
  return Status::InvalidArgument(
      "sort must be one of id, company, role, last_updated, next_review_due, each may start "
      "with '-'");
}

Result<std::shared_ptr<const std::string>> Store::GetGuideJson(std::string_view id) const {
  LEVERS_ASSIGN_OR_RETURN(GuideRecord record, GetGuide(id));
  return std::make_shared<const std::string>(std::move(record.json));
}

Result<std::unique_ptr<Store>> Store::Reopen() const {
  return Status::InvalidArgument(std::string("a ") + std::string(Backend()) +
                                 " store cannot be opened again");
}

int64_t SnapshotRowCount(const CorpusSnapshot& s) {
  return static_cast<int64_t>(s.guides.size() + s.bands.size() + s.levers.size() +
                              s.strategies.size() + s.level_equivalences.size() +
                              s.findings.size()) +
         1;  // the imports row
}

namespace store_internal {

std::string AsciiLower(std::string_view s) { return internal::AsciiLowerCopy(s); }

bool IsStorableText(std::string_view s) {
  // Neither SQLite's nor PostgreSQL's text columns take a NUL byte.
  return s.find('\0') == std::string_view::npos && IsValidUtf8(s);
}

Status ValidateFilter(std::string_view field, std::string_view value) {
  if (value.size() > kMaxFilterBytes)
    return Status::InvalidArgument(std::string(field) + ": longer than " +
                                   std::to_string(kMaxFilterBytes) + " bytes");
  if (value.find('\0') != std::string_view::npos)
    return Status::InvalidArgument(std::string(field) + ": holds a NUL byte");
  if (!IsStorableText(value))
    return Status::InvalidArgument(std::string(field) + ": not valid UTF-8");
  return Status::Ok();
}

Status ValidateGuideQuery(const GuideQuery& q) {
  LEVERS_RETURN_IF_ERROR(ValidateFilter("company", q.company));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("role", q.role));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("region", q.region));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("q", q.q));
  if (q.offset < 0) return Status::InvalidArgument("offset: must be 0 or more");
  if (q.limit < 1 || q.limit > kMaxGuidePage)
    return Status::InvalidArgument("limit: must be 1.." + std::to_string(kMaxGuidePage));
  return Status::Ok();
}

Status ValidateBandFilter(const BandFilter& f) {
  LEVERS_RETURN_IF_ERROR(ValidateFilter("guide", f.guide_id));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("company", f.company));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("role", f.role));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("region", f.region));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("currency", f.currency));
  return Status::Ok();
}

Status ValidateFindingFilter(const FindingFilter& f) {
  LEVERS_RETURN_IF_ERROR(ValidateFilter("guide", f.guide_id));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("severity", f.severity));
  LEVERS_RETURN_IF_ERROR(ValidateFilter("code", f.code));
  return Status::Ok();
}

namespace {

// `s` with each %XX (two hex digits) turned into its byte; any other '%' kept,
// as libpq reads a connection URL.
std::string PercentDecoded(std::string_view s) {
  std::string out;
  internal::PercentDecode(s, /*plus_is_space=*/false, internal::StrayPercent::kKeep, out);
  return out;
}

}  // namespace

namespace {

// The characters at which libpq splits a connection URL into its parts (user,
// password, hosts, ports, database, query keys and values).
constexpr std::string_view kUrlSeparators = "@/:?#&=,[]";
bool IsUrlSeparator(char c) { return kUrlSeparators.find(c) != std::string_view::npos; }

// A secret shorter than this is masked only where it stands alone (below).
constexpr size_t kShortSecret = 3;

// Adds to `out` what libpq may show of the password `raw` when it splits the
// URL elsewhere than its writer meant: `raw` itself, and every run of its
// pieces between separators (from the start of one piece to the end of the
// same or a later one), each as written and percent-decoded; then the same of
// its decoded form (a %2F there is a '/').
void AddPasswordFragments(std::string_view raw, std::vector<std::string>& out) {
  auto add_runs = [&](std::string_view p) {
    if (p.empty()) return;
    out.emplace_back(p);
    std::vector<std::pair<size_t, size_t>> pieces;  // [begin, end) of each piece
    for (size_t i = 0; i < p.size();) {
      if (IsUrlSeparator(p[i])) {
        ++i;
        continue;
      }
      const size_t begin = i;
      while (i < p.size() && !IsUrlSeparator(p[i])) ++i;
      pieces.emplace_back(begin, i);
    }
    // Past 32 pieces (a password of separators), the pieces alone: the runs
    // would number in the thousands.
    const bool runs = pieces.size() <= 32;
    for (size_t i = 0; i < pieces.size(); ++i) {
      for (size_t j = i; j < (runs ? pieces.size() : i + 1); ++j)
        out.emplace_back(p.substr(pieces[i].first, pieces[j].second - pieces[i].first));
    }
  };
  const size_t first = out.size();
  add_runs(raw);
  for (size_t i = first, n = out.size(); i < n; ++i) out.push_back(PercentDecoded(out[i]));
  if (const std::string decoded = PercentDecoded(raw); decoded != raw) add_runs(decoded);
}

}  // namespace

std::vector<std::string> UrlPasswords(std::string_view url) {
  std::vector<std::string> out;
  const size_t scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    // The user information ends at an '@'; which one, libpq and the URL's
    // writer may not agree. libpq takes the first '@' when no '/' comes before
    // it, else no user information at all; then it reads hosts and ports up to
    // the first '/', '?' or ','. A writer who put an '@', a '/' or a ':' in the
    // password unencoded meant the last '@' before the query, and libpq then
    // shows pieces of the password as a host or a port
    // (`levers:p@Xsecret9@127.0.0.1`: `could not translate host name
    // "Xsecret9@127.0.0.1"`). So the password is taken as everything after the
    // first ':' up to the last '@' before the first '?', and, when a '?' may
    // stand in the password (no '=' between it and a later '@'), up to that
    // later '@' too; every fragment of it is masked.
    const std::string_view rest = url.substr(scheme_end + 3);
    const size_t query = rest.find('?');
    std::vector<size_t> ends;
    if (const size_t at = rest.substr(0, query).rfind('@'); at != std::string_view::npos)
      ends.push_back(at);
    if (query != std::string_view::npos) {
      const size_t at = rest.rfind('@');
      if (at != std::string_view::npos && at > query &&
          rest.substr(query, at - query).find('=') == std::string_view::npos)
        ends.push_back(at);
    }
    for (const size_t end : ends) {
      const std::string_view user_info = rest.substr(0, end);
      if (const size_t colon = user_info.find(':'); colon != std::string_view::npos)
        AddPasswordFragments(user_info.substr(colon + 1), out);
    }
  }
  if (const size_t q = url.find('?'); q != std::string_view::npos) {
    std::string_view query = url.substr(q + 1);
    while (!query.empty()) {
      const std::string_view pair = query.substr(0, query.find('&'));
      if (pair.starts_with("password=")) AddPasswordFragments(pair.substr(9), out);
      query.remove_prefix(std::min(query.size(), pair.size() + 1));
    }
  }
  // Each once, the longest first, so that no part of one is left around
  // another; of equal lengths, in the order found.
  std::vector<std::string> unique;
  std::set<std::string_view> seen;
  for (const std::string& s : out)
    if (!s.empty() && seen.insert(s).second) unique.push_back(s);
  std::stable_sort(unique.begin(), unique.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return unique;
}

std::string MaskPasswords(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  // A secret stands alone when a quote or a URL separator (or nothing) is on
  // each side of it: how libpq shows a part of a URL.
  auto alone = [&](size_t at, size_t n) {
    auto delimiter = [](char c) { return c == '"' || c == '\'' || IsUrlSeparator(c); };
    return (at == 0 || delimiter(out[at - 1])) && (at + n == out.size() || delimiter(out[at + n]));
  };
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = out.find(secret); at != std::string::npos;) {
      if (secret.size() < kShortSecret && !alone(at, secret.size())) {
        at = out.find(secret, at + 1);
        continue;
      }
      out.replace(at, secret.size(), "***");
      at = out.find(secret, at + 3);
    }
  }
  // password=VALUE in a URL's query or in libpq's keyword form (a value in
  // quotes runs to the closing quote).
  constexpr std::string_view kKey = "password=";
  for (size_t at = 0; at + kKey.size() <= out.size(); ++at) {
    if (!std::equal(
            kKey.begin(), kKey.end(), out.begin() + static_cast<std::ptrdiff_t>(at),
            [](char a, char b) { return std::tolower(static_cast<unsigned char>(b)) == a; }))
      continue;
    const size_t begin = at + kKey.size();
    size_t end = begin;
    if (end < out.size() && out[end] == '\'') {
      for (++end; end < out.size() && out[end] != '\''; ++end)
        if (out[end] == '\\') ++end;
      end = std::min(end + 1, out.size());
    } else {
      while (end < out.size() && !std::isspace(static_cast<unsigned char>(out[end])) &&
             out[end] != '&' && out[end] != '"')
        ++end;
    }
    if (end > begin) out.replace(begin, end - begin, "***");
    at = begin;
  }
  return out;
}

std::optional<OverlongValue> FindOverlongValue(const GuideSummary& g) {
  auto over = [](std::string_view field, std::string_view value,
                 const std::string& key) -> std::optional<OverlongValue> {
    const size_t bytes = std::max(value.size(), key.size());
    if (bytes <= kMaxKeyBytes) return std::nullopt;
    return OverlongValue{std::string(field), bytes};
  };
  const GuideNameKeys keys = NameKeysOf(g);
  for (auto found :
       {over("id", g.id, ""), over("company", g.company, keys.company),
        over("company_display", g.company_display, keys.company_display),
        over("role", g.role, keys.role), over("role_display", g.role_display, keys.role_display)}) {
    if (found) return found;
  }
  for (const std::string& r : g.regions)
    if (auto found = over("region", r, RegionFilterKey(r))) return found;
  return std::nullopt;
}

namespace {

Status CheckText(std::string_view what, std::string_view id, std::string_view value) {
  if (IsStorableText(value)) return Status::Ok();
  return Status::InvalidArgument("snapshot: " + std::string(what) + " of guide '" +
                                 std::string(id) + "' holds a NUL byte or invalid UTF-8");
}

// An id in a message: at most kMaxQuotedBytes of it, whole characters.
std::string Shown(std::string_view id) {
  const std::string_view shown = ClipUtf8(id);
  return shown.size() == id.size() ? std::string(id) : std::string(shown) + "...";
}

Status Overlong(const std::string& what, size_t bytes) {
  return Status::InvalidArgument("snapshot: " + what + " is " + std::to_string(bytes) +
                                 " bytes long; a store keeps at most " +
                                 std::to_string(kMaxKeyBytes));
}

}  // namespace

ReplaceReport CountReplaced(const std::vector<std::string>& ids_before, const CorpusSnapshot& s) {
  std::unordered_set<std::string_view> now;
  now.reserve(s.guides.size());
  for (const GuideRecord& g : s.guides) now.insert(g.summary.id);
  ReplaceReport report;
  report.guides_before = static_cast<int64_t>(ids_before.size());
  for (const std::string& id : ids_before) report.imported_again += now.count(id);
  return report;
}

Status ValidateSnapshot(const CorpusSnapshot& s) {
  std::set<std::string_view> ids;
  for (const GuideRecord& g : s.guides) {
    const GuideSummary& m = g.summary;
    if (m.id.empty()) return Status::InvalidArgument("snapshot: a guide has an empty id");
    if (!ids.insert(m.id).second)
      return Status::InvalidArgument("snapshot: two guides have the id '" + m.id + "'");
    for (const auto& [what, v] : {std::pair<std::string_view, const std::string*>{"id", &m.id},
                                  {"path", &m.path},
                                  {"company", &m.company},
                                  {"company_display", &m.company_display},
                                  {"role", &m.role},
                                  {"role_display", &m.role_display},
                                  {"role_type", &m.role_type},
                                  {"last_updated", &m.last_updated},
                                  {"next_review_due", &m.next_review_due},
                                  {"data_quality", &m.data_quality},
                                  {"salary_data_quarter", &m.salary_data_quarter},
                                  {"json", &g.json}}) {
      LEVERS_RETURN_IF_ERROR(CheckText(what, m.id, *v));
    }
    for (const std::string& r : m.regions) LEVERS_RETURN_IF_ERROR(CheckText("region", m.id, r));
    if (const std::optional<OverlongValue> o = FindOverlongValue(m))
      return Overlong("the " + o->field + " of guide '" + Shown(m.id) + "'", o->bytes);
  }
  auto known = [&](std::string_view what, const std::string& id) -> Status {
    if (ids.count(id)) return Status::Ok();
    return Status::InvalidArgument("snapshot: a " + std::string(what) + " names guide '" + id +
                                   "', which the snapshot does not hold");
  };
  std::set<std::pair<std::string_view, int>> seen;
  auto unique = [&](std::string_view what, const std::string& id, int pos) -> Status {
    if (seen.insert({id, pos}).second) return Status::Ok();
    return Status::InvalidArgument("snapshot: two " + std::string(what) + "s of guide '" + id +
                                   "' have position " + std::to_string(pos));
  };
  for (const StoredBand& b : s.bands) {
    LEVERS_RETURN_IF_ERROR(known("band", b.guide_id));
    LEVERS_RETURN_IF_ERROR(unique("band", b.guide_id, b.position));
    for (const std::string* v : {&b.company, &b.role, &b.region, &b.currency})
      LEVERS_RETURN_IF_ERROR(CheckText("band", b.guide_id, *v));
    if (const size_t n = std::max(b.region.size(), RegionFilterKey(b.region).size());
        n > kMaxKeyBytes)
      return Overlong("a band region of guide '" + Shown(b.guide_id) + "'", n);
  }
  seen.clear();
  for (const StoredLever& l : s.levers) {
    LEVERS_RETURN_IF_ERROR(known("lever", l.guide_id));
    LEVERS_RETURN_IF_ERROR(unique("lever", l.guide_id, l.position));
    LEVERS_RETURN_IF_ERROR(CheckText("lever title", l.guide_id, l.title));
    LEVERS_RETURN_IF_ERROR(CheckText("lever script", l.guide_id, l.script));
  }
  std::set<std::string_view> with_strategy;
  for (const StoredStrategy& st : s.strategies) {
    LEVERS_RETURN_IF_ERROR(known("strategy", st.guide_id));
    if (!with_strategy.insert(st.guide_id).second)
      return Status::InvalidArgument("snapshot: two strategies for guide '" + st.guide_id + "'");
    LEVERS_RETURN_IF_ERROR(CheckText("strategy", st.guide_id, st.text));
    if (st.floor) LEVERS_RETURN_IF_ERROR(CheckText("strategy", st.guide_id, st.floor->currency));
  }
  seen.clear();
  for (const StoredLevelEquivalence& e : s.level_equivalences) {
    LEVERS_RETURN_IF_ERROR(known("level equivalence", e.guide_id));
    LEVERS_RETURN_IF_ERROR(unique("level equivalence", e.guide_id, e.position));
    for (const std::string* v : {&e.text, &e.company, &e.title, &e.level_low, &e.level_high})
      LEVERS_RETURN_IF_ERROR(CheckText("level equivalence", e.guide_id, *v));
  }
  seen.clear();
  for (const StoredFinding& f : s.findings) {
    if (f.guide_id.empty()) return Status::InvalidArgument("snapshot: a finding has no guide id");
    LEVERS_RETURN_IF_ERROR(unique("finding", f.guide_id, f.position));
    for (const std::string* v : {&f.guide_id, &f.code, &f.severity, &f.field, &f.message})
      LEVERS_RETURN_IF_ERROR(CheckText("finding", f.guide_id, *v));
    if (const size_t n = std::max(f.guide_id.size(), f.code.size()); n > kMaxKeyBytes)
      return Overlong("the guide id or code of a finding of guide '" + Shown(f.guide_id) + "'", n);
  }
  LEVERS_RETURN_IF_ERROR(CheckText("imported_at", "", s.imported_at));
  LEVERS_RETURN_IF_ERROR(CheckText("source_dir", "", s.source_dir));
  return Status::Ok();
}

std::string SearchText(const GuideSummary& g) {
  std::string t = g.company + "\n" + g.company_display + "\n" + g.role + "\n" + g.role_display;
  for (const std::string& r : g.regions) t += "\n" + r;
  return AsciiLower(t);
}

std::string RegionFilterKey(std::string_view region) { return RegionKey(region); }

std::string NameFilterKey(std::string_view name) {
  return name.empty() ? std::string() : GuideNameKey(name);
}

GuideNameKeys NameKeysOf(const GuideSummary& g) {
  return {NameFilterKey(g.company), NameFilterKey(g.company_display), NameFilterKey(g.role),
          NameFilterKey(g.role_display)};
}

std::string RegionsToJson(const std::vector<std::string>& regions) {
  return nlohmann::json(regions).dump();
}

std::vector<std::string> RegionsFromJson(std::string_view json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& e : j)
    if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

std::string GuideOrderBy(const GuideQuery& q) {
  const char* col = "id";
  switch (q.sort) {
    case GuideSortKey::kId:
      return q.descending ? "id DESC" : "id ASC";
    case GuideSortKey::kCompany:
      col = "company";
      break;
    case GuideSortKey::kRole:
      col = "role";
      break;
    case GuideSortKey::kLastUpdated:
      col = "last_updated";
      break;
    case GuideSortKey::kNextReviewDue:
      col = "next_review_due";
      break;
  }
  return std::string(col) + (q.descending ? " DESC" : " ASC") + ", id ASC";
}

std::string SqlParam(const SqlDialect& d, size_t n) { return d.placeholder + std::to_string(n); }

namespace {

// Adds a condition and its parameters to a WHERE clause.
class SqlFilterBuilder {
 public:
  explicit SqlFilterBuilder(const SqlDialect& d) : dialect_(d) {}

  // The placeholder of a new parameter bound to `value`.
  std::string Param(std::string value) {
    out_.params.push_back(std::move(value));
    return SqlParam(dialect_, out_.params.size());
  }
  void And(const std::string& condition) {
    out_.where += out_.where.empty() ? " WHERE " : " AND ";
    out_.where += condition;
  }
  // `filter` against the slug and the display name columns `table.name_key`
  // and `table.name_display_key` (NameFilterKey), when given.
  void Name(std::string_view table, std::string_view name, const std::string& filter) {
    if (filter.empty()) return;
    const std::string p = Param(NameFilterKey(filter));
    const std::string column = std::string(table) + std::string(name);
    And("(" + column + "_key = " + p + " OR " + column + "_display_key = " + p + ")");
  }
  SqlFilter Done() { return std::move(out_); }

 private:
  const SqlDialect& dialect_;
  SqlFilter out_;
};

}  // namespace

SqlFilter GuideListFilter(const GuideQuery& q, const SqlDialect& d) {
  SqlFilterBuilder b(d);
  b.Name("", "company", q.company);
  b.Name("", "role", q.role);
  if (!q.region.empty()) {
    b.And("EXISTS (SELECT 1 FROM bands b WHERE b.guide_id = guides.id AND b.region_key = " +
          b.Param(RegionFilterKey(q.region)) + ")");
  }
  if (!q.q.empty())
    b.And(std::string(d.position_fn) + "(search_text, " + b.Param(AsciiLower(q.q)) + ") > 0");
  return b.Done();
}

SqlFilter BandListFilter(const BandFilter& f, const SqlDialect& d) {
  SqlFilterBuilder b(d);
  if (!f.guide_id.empty()) b.And("b.guide_id = " + b.Param(f.guide_id));
  b.Name("g.", "company", f.company);
  b.Name("g.", "role", f.role);
  if (!f.region.empty()) b.And("b.region_key = " + b.Param(RegionFilterKey(f.region)));
  if (!f.currency.empty()) b.And("b.currency_key = " + b.Param(AsciiLower(f.currency)));
  return b.Done();
}

}  // namespace store_internal
}  // namespace levers
