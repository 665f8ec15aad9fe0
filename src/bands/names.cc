// Normalising company, title, level and location text, and the metros table
// (data/bands/metros.csv, compiled in).
#include "bands/names.h"

#include <cctype>
#include <mutex>
#include <string>
#include <unordered_map>

#include "levers/bands.h"
#include "levers/level_aliases.h"

extern const char levers_bands_metros[];
extern const size_t levers_bands_metros_size;

namespace levers {
namespace {

bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Company spellings that name the same employer after case folding. Only
// renames and legal-name forms; anything else stays as written.
const std::unordered_map<std::string, std::string>& BuiltInCompanyAliases() {
  static const auto* kAliases = new std::unordered_map<std::string, std::string>{
      {"facebook", "meta"},
      {"meta platforms", "meta"},
      {"facebook inc", "meta"},
      {"google llc", "google"},
      {"alphabet", "google"},
      {"amazon.com", "amazon"},
      {"amazon web services", "amazon"},
      {"aws", "amazon"},
      {"microsoft corporation", "microsoft"},
      {"linkedin corporation", "linkedin"},
  };
  return *kAliases;
}

struct MetroTable {
  std::unordered_map<std::string, std::string> region;           // "city|area" -> region
  std::unordered_map<std::string, std::string> currency;         // "city|area" or "|area" -> code
  std::unordered_map<std::string, std::string> region_currency;  // region key -> code
};

// Splits one line of metros.csv (no quoted commas except a quoted area).
std::vector<std::string> SplitMetroLine(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

const MetroTable& Metros() {
  static const MetroTable* kTable = [] {
    auto* t = new MetroTable;
    std::string_view text(levers_bands_metros, levers_bands_metros_size);
    bool header_seen = false;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      if (!header_seen) {
        header_seen = true;  // city,area,region,currency
        continue;
      }
      std::vector<std::string> f = SplitMetroLine(line);
      if (f.size() != 4) continue;  // the file is ours; tests check it parses whole
      const std::string key = bands_internal::Fold(f[0]) + "|" + bands_internal::Fold(f[1]);
      if (!f[2].empty()) {
        t->region[key] = f[2];
        t->region_currency[bands_internal::Fold(f[2])] = f[3];
      }
      t->currency[key] = f[3];
    }
    return t;
  }();
  return *kTable;
}

// "City, ST" / "City, Region, Country" / "City" into city and area (state or country).
void SplitLocation(std::string_view location, std::string_view& city, std::string_view& area) {
  const size_t c1 = location.find(',');
  if (c1 == std::string_view::npos) {
    city = location;
    area = {};
    return;
  }
  city = location.substr(0, c1);
  std::string_view rest = location.substr(c1 + 1);
  const size_t c2 = rest.find(',');
  area = c2 == std::string_view::npos ? rest : rest.substr(c2 + 1);  // the country
}

// "City, ST" -> "ST", "City, Region, Country" -> "Region" (the state of a US
// location), "City" -> "".
std::string_view MiddlePart(std::string_view location) {
  const size_t c1 = location.find(',');
  if (c1 == std::string_view::npos) return {};
  std::string_view rest = location.substr(c1 + 1);
  const size_t c2 = rest.find(',');
  return c2 == std::string_view::npos ? rest : rest.substr(0, c2);
}

bool IsUsCountryName(std::string_view folded) {
  return folded == "us" || folded == "usa" || folded == "united states" ||
         folded == "united states of america";
}

// The metros table's key of a location: folded city and area. A US location
// written in three parts ("Cambridge, MA, United States") is keyed by its
// state, as the table and the two-part form ("Cambridge, MA") are.
std::string MetroKey(std::string_view location) {
  std::string_view city, area;
  SplitLocation(location, city, area);
  std::string a = bands_internal::Fold(area);
  if (location.find(',') != location.rfind(',') && IsUsCountryName(a)) {
    const std::string state = bands_internal::Fold(MiddlePart(location));
    if (!state.empty()) a = state;
  }
  return bands_internal::Fold(city) + "|" + a;
}

}  // namespace

namespace bands_internal {

namespace {

// Trimmed, inner runs of white space (ASCII and U+00A0) collapsed to one
// space; ASCII-lowered when `lower`. What Fold and Trim share.
std::string CollapseSpaces(std::string_view raw, bool lower) {
  std::string out;
  out.reserve(raw.size());
  bool space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    // U+00A0 NO-BREAK SPACE (C2 A0) counts as a space.
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      ++i;
      c = ' ';
    }
    if (IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(lower ? std::tolower(c) : c);
  }
  return out;
}

}  // namespace

std::string Fold(std::string_view raw) { return CollapseSpaces(raw, /*lower=*/true); }

std::string Trim(std::string_view raw) { return CollapseSpaces(raw, /*lower=*/false); }

bool IsNa(std::string_view raw) {
  // Without allocating: this runs on every key cell.
  size_t b = 0, e = raw.size();
  while (b < e && IsAsciiSpace(static_cast<unsigned char>(raw[b]))) ++b;
  while (e > b && IsAsciiSpace(static_cast<unsigned char>(raw[e - 1]))) --e;
  const std::string_view t = raw.substr(b, e - b);
  if (t.empty()) return true;
  if (t.size() > 4) return false;
  char low[4];
  for (size_t i = 0; i < t.size(); ++i)
    low[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
  const std::string_view l(low, t.size());
  return l == "na" || l == "n/a" || l == "null" || l == "none" || l == "nan";
}

std::string LocationCurrency(std::string_view location) {
  std::string_view city, area;
  SplitLocation(location, city, area);
  const MetroTable& m = Metros();
  const std::string a = Fold(area);
  auto it = m.currency.find(MetroKey(location));
  if (it != m.currency.end()) return it->second;
  it = m.currency.find("|" + a);
  if (it != m.currency.end()) return it->second;
  // Two letters after the city: a US state ("Austin, TX").
  if (a.size() == 2 && std::isalpha(static_cast<unsigned char>(a[0])) &&
      std::isalpha(static_cast<unsigned char>(a[1])) && location.find(',') == location.rfind(',')) {
    return "USD";
  }
  return "";
}

std::string CountryKey(std::string_view location) {
  std::string_view city, area;
  SplitLocation(location, city, area);
  const std::string a = Fold(area);
  if (a.empty()) return a;
  const bool two_parts = location.find(',') == location.rfind(',');
  if (IsUsCountryName(a) ||
      (two_parts && a.size() == 2 && std::isalpha(static_cast<unsigned char>(a[0])) &&
       std::isalpha(static_cast<unsigned char>(a[1])))) {
    return "us";
  }
  return a;
}

bool IsMetro(std::string_view location) { return Metros().region.contains(MetroKey(location)); }

std::string RegionKey(std::string_view location) {
  if (IsNa(location)) return "";
  std::string_view city, area;
  SplitLocation(location, city, area);
  const MetroTable& m = Metros();
  auto it = m.region.find(MetroKey(location));
  if (it != m.region.end()) return Fold(it->second);
  const std::string country = CountryKey(location);
  // A US city by its state too: Portland, ME is not Portland, OR.
  if (country == "us") return Fold(city) + "|us|" + Fold(MiddlePart(location));
  return Fold(city) + "|" + country;
}

std::string QualifiedRegion(std::string_view location) {
  const std::string bare = RegionOf(location);
  std::string_view city, area;
  SplitLocation(location, city, area);
  if (Trim(area).empty()) return bare;
  // A US location is qualified by its state, any other by its country.
  const std::string_view qualifier = CountryKey(location) == "us" ? MiddlePart(location) : area;
  const std::string q = Trim(qualifier);
  return q.empty() ? bare : bare + ", " + q;
}

}  // namespace bands_internal

std::string CompanyKey(std::string_view raw) {
  std::string key = bands_internal::Fold(raw);
  for (std::string_view suffix : {", inc.", ", inc", " inc.", " inc", " llc", " ltd", " ltd."}) {
    if (key.size() > suffix.size() + 1 && key.ends_with(suffix)) {
      key.erase(key.size() - suffix.size());
      break;
    }
  }
  const auto& aliases = BuiltInCompanyAliases();
  auto it = aliases.find(key);
  return it == aliases.end() ? key : it->second;
}

std::string TitleKey(std::string_view raw) { return bands_internal::Fold(raw); }
std::string LevelKey(std::string_view raw) { return bands_internal::Fold(raw); }

std::string LevelKey(std::string_view raw, std::string_view company_key) {
  std::string key = LevelKey(raw);
  const std::string spelling = CompanyLevelSpelling(company_key, key);
  return spelling.empty() ? key : LevelKey(spelling);
}

std::string RegionOf(std::string_view location) {
  if (bands_internal::IsNa(location)) return "";
  std::string_view city, area;
  SplitLocation(location, city, area);
  const MetroTable& m = Metros();
  auto it = m.region.find(MetroKey(location));
  if (it != m.region.end()) return it->second;
  return bands_internal::Trim(city);
}

std::string RegionCurrency(std::string_view region) {
  const MetroTable& m = Metros();
  auto it = m.region_currency.find(bands_internal::Fold(region));
  return it == m.region_currency.end() ? "" : it->second;
}

}  // namespace levers
