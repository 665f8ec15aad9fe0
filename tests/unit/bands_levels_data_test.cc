// The band builder on the real Levels.fyi file (../shared/data), against an
// independent computation in this test: its own CSV reader, its own grouping,
// a sort of each group's rows, and the percentile and fence formulas written
// out again. Skips cleanly when ../shared is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "levers/bands.h"
#include "levers/bands_guide.h"
#include "levers/reader.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

const fs::path kLevels = fs::path(LEVERS_SHARED_DIR) / "data" / "levels_fyi_salaries_2017_2021.csv";

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A plain RFC 4180 reader: a state machine over characters.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      cell.clear();
      rows.push_back(row);
      row.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

// Lower case, no leading/trailing blanks (ASCII or U+00A0), inner blanks as one space.
std::string Norm(const std::string& raw) {
  std::string words, word;
  auto flush = [&] {
    if (word.empty()) return;
    words += (words.empty() ? "" : " ") + word;
    word.clear();
  };
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw.compare(i, 2, "\xC2\xA0") == 0) {
      flush();
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(raw[i]))) {
      flush();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i])));
    }
  }
  flush();
  return words;
}

bool IsMissing(const std::string& s) {
  const std::string n = Norm(s);
  return n.empty() || n == "na" || n == "n/a" || n == "null" || n == "none" || n == "nan";
}

// docs/bands.md: legal-form suffixes dropped, then the alias table.
std::string CompanyOf(const std::string& raw) {
  std::string c = Norm(raw);
  for (const std::string suffix : {", inc.", ", inc", " inc.", " inc", " llc", " ltd", " ltd."}) {
    if (c.size() > suffix.size() + 1 &&
        c.compare(c.size() - suffix.size(), suffix.size(), suffix) == 0) {
      c.resize(c.size() - suffix.size());
      break;
    }
  }
  static const std::map<std::string, std::string> kAliases = {
      {"facebook", "meta"},
      {"meta platforms", "meta"},
      {"google llc", "google"},
      {"alphabet", "google"},
      {"amazon.com", "amazon"},
      {"amazon web services", "amazon"},
      {"aws", "amazon"},
      {"microsoft corporation", "microsoft"},
      {"linkedin corporation", "linkedin"}};
  auto it = kAliases.find(c);
  return it == kAliases.end() ? c : it->second;
}

// Cents from "123", "123.4", "123.45"; -1 when the text is not such an amount.
int64_t Cents(const std::string& s) {
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  auto digits = [](const std::string& d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || !digits(whole) || !digits(frac) || frac.size() > 2 ||
      (dot != std::string::npos && frac.empty())) {
    return -1;
  }
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

struct Sample {
  std::vector<int64_t> base, stock, bonus, total;
};

struct Truth {
  std::map<std::string, Sample> groups;             // "company|title|level"
  std::map<std::string, uint64_t> rows_as_written;  // the same with the level as written
  uint64_t rows = 0, bad_amount = 0, missing_key = 0;
};

// docs/bands.md 2.4: the grades a company writes more than one way, as the
// ladder's own spelling: Meta's "ic3" to "ic9" are "e3" to "e9"; Google's "t3"
// to "t10" and "3" to "10" are "l3" to "l10", its "swe iii" is "l4".
std::string LevelOf(const std::string& company, const std::string& level) {
  // The grade after `prefix` when it is one of `lowest` to `highest`, else "".
  auto grade = [&](size_t prefix, int lowest, int highest) {
    const std::string g = level.substr(std::min(prefix, level.size()));
    for (int i = lowest; i <= highest; ++i) {
      if (g == std::to_string(i)) return g;
    }
    return std::string();
  };
  if (company == "meta" && level.starts_with("ic") && !grade(2, 3, 9).empty()) {
    return "e" + grade(2, 3, 9);
  }
  if (company == "google") {
    if (level.starts_with("t") && !grade(1, 3, 10).empty()) return "l" + grade(1, 3, 10);
    if (!grade(0, 3, 10).empty()) return "l" + grade(0, 3, 10);
    static const std::map<std::string, std::string> kTitles = {{"swe ii", "l3"},
                                                               {"swe iii", "l4"},
                                                               {"senior swe", "l5"},
                                                               {"staff swe", "l6"},
                                                               {"senior staff swe", "l7"}};
    auto it = kTitles.find(level);
    if (it != kTitles.end()) return it->second;
  }
  return level;
}

const Truth& LevelsTruth() {
  static const Truth* truth = [] {
    auto* t = new Truth;
    const auto rows = ParseCsv(ReadAll(kLevels));
    const auto& h = rows[0];
    auto col = [&](const std::string& name) {
      return static_cast<size_t>(std::find(h.begin(), h.end(), name) - h.begin());
    };
    const size_t company = col("company"), title = col("title"), level = col("level"),
                 base = col("basesalary"), stock = col("stockgrantvalue"), bonus = col("bonus"),
                 total = col("totalyearlycompensation");
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      ++t->rows;
      const int64_t b = Cents(r[base]), s = Cents(r[stock]), bo = Cents(r[bonus]),
                    tc = Cents(r[total]);
      if (b < 0 || s < 0 || bo < 0 || tc < 0) {
        ++t->bad_amount;
        continue;
      }
      if (IsMissing(r[company]) || IsMissing(r[title]) || IsMissing(r[level])) {
        ++t->missing_key;
        continue;
      }
      std::string c = CompanyOf(r[company]);
      ++t->rows_as_written[c + "|" + Norm(r[title]) + "|" + Norm(r[level])];
      Sample& g = t->groups[c + "|" + Norm(r[title]) + "|" + LevelOf(c, Norm(r[level]))];
      g.total.push_back(tc);
      if (b > 0) {  // base 0: only the total was given
        g.base.push_back(b);
        g.stock.push_back(s);
        g.bonus.push_back(bo);
      }
    }
    return t;
  }();
  return *truth;
}

int64_t Percentile(std::vector<int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  const long double h = (v.size() - 1) * static_cast<long double>(p);
  const size_t lo = static_cast<size_t>(std::floor(h + 1e-12L));
  if (lo + 1 >= v.size()) return v.back();
  return static_cast<int64_t>(std::llround(v[lo] + (h - lo) * (v[lo + 1] - v[lo])));
}

// Tukey fences on log pay, positive values only; zeros always kept.
std::vector<int64_t> WithoutOutliers(const std::vector<int64_t>& v) {
  std::vector<double> logs;
  for (int64_t x : v) {
    if (x > 0) logs.push_back(std::log(static_cast<double>(x)));
  }
  if (logs.size() < 4) return v;
  std::sort(logs.begin(), logs.end());
  auto q = [&](double p) {
    const double h = (logs.size() - 1) * p;
    const size_t lo = static_cast<size_t>(std::floor(h));
    return lo + 1 < logs.size() ? logs[lo] + (h - lo) * (logs[lo + 1] - logs[lo]) : logs[lo];
  };
  const double q1 = q(0.25), q3 = q(0.75);
  const double low = q1 - 1.5 * (q3 - q1), high = q3 + 1.5 * (q3 - q1);
  std::vector<int64_t> kept;
  for (int64_t x : v) {
    const double l = std::log(static_cast<double>(x));
    if (x <= 0 || (l >= low && l <= high)) kept.push_back(x);
  }
  return kept;
}

const GroupBand* Find(const BandSet& b, const std::string& key) {
  for (const GroupBand& g : b.groups) {
    std::string k;
    for (const std::string& part : g.key_norm) k += (k.empty() ? "" : "|") + part;
    if (k == key) return &g;
  }
  return nullptr;
}

BandSet Build(OutlierMethod outliers, int threads) {
  BandsOptions o;
  o.as_of = Date{2021, 12, 31};
  o.outliers = outliers;
  o.threads = threads;
  o.min_bytes_per_thread = 1 << 20;
  Result<BandSet> b = BuildBands(kLevels.string(), LevelsFyiMapping(), o);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? std::move(b).value() : BandSet{};
}

const char* const kNamedGroups[] = {
    "google|software engineer|l4",    "amazon|software engineer|l5",  "meta|software engineer|e5",
    "microsoft|software engineer|62", "apple|software engineer|ict4", "google|product manager|l5",
    "amazon|software engineer|l4",    "meta|software engineer|e4",
};

void ExpectMetric(const MetricBand& got, const std::vector<int64_t>& rows,
                  const std::string& what) {
  ASSERT_EQ(got.n, rows.size()) << what;
  ASSERT_TRUE(got.pct.has_value()) << what;
  const double ps[] = {0.10, 0.25, 0.50, 0.75, 0.90};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*got.pct)[i], Percentile(rows, ps[i])) << what << " p" << ps[i] * 100;
  }
}

class LevelsData : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kLevels)) GTEST_SKIP() << kLevels << " is absent";
  }
};

TEST_F(LevelsData, LedgerAddsUp) {
  const BandSet b = Build(OutlierMethod::kNone, 2);
  const Truth& t = LevelsTruth();
  EXPECT_EQ(b.ledger.read, 62642u);
  EXPECT_EQ(b.ledger.read, t.rows);
  EXPECT_EQ(b.ledger.read, b.ledger.accepted + b.ledger.rejected);
  EXPECT_EQ(b.ledger.accepted, b.ledger.in_window + b.ledger.before_window + b.ledger.after_as_of);
  EXPECT_EQ(b.ledger.rejected_by_code.at("amount-invalid"), t.bad_amount);
  EXPECT_EQ(b.ledger.rejected_by_code.at("key-missing"), t.missing_key);
  EXPECT_EQ(b.ledger.rejected, t.bad_amount + t.missing_key);
  uint64_t grouped = 0;
  for (const GroupBand& g : b.groups) grouped += g.n;
  EXPECT_EQ(grouped, b.ledger.in_window);
  EXPECT_EQ(b.groups.size(), t.groups.size());
  // The rows the file's README names: 0.001 and 9.999999999999999e-5 in stockgrantvalue.
  bool saw_exponent = false;
  for (const RejectedRow& r : b.ledger.rejects) {
    if (r.reason.find("9.999999999999999e-5") != std::string::npos) {
      saw_exponent = true;
      EXPECT_EQ(r.column, "stockgrantvalue");
      EXPECT_EQ(r.code, "amount-invalid");
    }
  }
  EXPECT_TRUE(saw_exponent);
}

TEST_F(LevelsData, NamedGroupsMatchASortOfTheirRows) {
  const BandSet b = Build(OutlierMethod::kNone, 2);
  const Truth& t = LevelsTruth();
  for (const char* key : kNamedGroups) {
    SCOPED_TRACE(key);
    const GroupBand* g = Find(b, key);
    ASSERT_NE(g, nullptr);
    const Sample& s = t.groups.at(key);
    EXPECT_EQ(g->n, s.total.size());
    EXPECT_EQ(g->currency, "USD");
    ExpectMetric(g->metrics[0], s.base, "base");
    ExpectMetric(g->metrics[1], s.stock, "stock");
    ExpectMetric(g->metrics[2], s.bonus, "bonus");
    ExpectMetric(g->metrics[3], s.total, "total");
  }
  // Spot values worked from the file by hand (sorted totals of Google SWE L4).
  const GroupBand* google = Find(b, "google|software engineer|l4");
  ASSERT_NE(google, nullptr);
  // 1,067 rows wrote L4 (1,057 of them spelling the company "Google"), 60 more
  // the same grade as T4 (28), 4 (23) or SWE III (9).
  EXPECT_EQ(google->n, 1127u);
  EXPECT_GE(google->company_aliases.size(), 2u);
  EXPECT_EQ(google->company_aliases.front(), "Google");
}

TEST_F(LevelsData, NamedGroupsAfterIqrOutlierRemoval) {
  const BandSet b = Build(OutlierMethod::kIqr, 2);
  const Truth& t = LevelsTruth();
  for (const char* key : kNamedGroups) {
    SCOPED_TRACE(key);
    const GroupBand* g = Find(b, key);
    ASSERT_NE(g, nullptr);
    const Sample& s = t.groups.at(key);
    const std::vector<int64_t> total = WithoutOutliers(s.total);
    ExpectMetric(g->metrics[3], total, "total");
    EXPECT_EQ(g->metrics[3].outliers, s.total.size() - total.size());
    ExpectMetric(g->metrics[0], WithoutOutliers(s.base), "base");
    ExpectMetric(g->metrics[1], WithoutOutliers(s.stock), "stock");
  }
  // Outlier removal did remove something in the biggest group.
  const GroupBand* amazon = Find(b, "amazon|software engineer|l5");
  ASSERT_NE(amazon, nullptr);
  EXPECT_GT(amazon->metrics[3].outliers, 0u);
}

// Meta writes one grade two ways: E4 on its engineering ladder, IC4 for its
// other individual contributors (and in some engineers' rows). In this file
// its Software Engineer IC4 rows (88) pay like its E4 rows (483): total comp
// median 240,000 against 251,000, where E3 is 175,000 and E5 375,000; IC5 (81,
// 334,500) sits with E5 likewise. Google writes L4 also as T4, 4 and SWE III.
// Each is one level: apart, Google L5 matched Meta IC5 with high confidence,
// and the bundled guide's "Google L4 = Meta E4 = Amazon L5" was told that
// Amazon L5 matched Meta IC4 (high) and Google T4 (medium) instead.
TEST_F(LevelsData, EachCompanysSpellingsOfAGradeAreOneLevel) {
  const BandSet b = Build(OutlierMethod::kIqr, 2);
  const Truth& t = LevelsTruth();
  EXPECT_EQ(t.rows_as_written.at("meta|software engineer|e4"), 483u);
  EXPECT_EQ(t.rows_as_written.at("meta|software engineer|ic4"), 88u);
  for (const char* level : {"ic4", "ic5"}) {
    EXPECT_EQ(Find(b, std::string("meta|software engineer|") + level), nullptr) << level;
  }
  for (const char* level : {"t4", "4", "swe iii", "senior swe"}) {
    EXPECT_EQ(Find(b, std::string("google|software engineer|") + level), nullptr) << level;
  }
  for (const char* level : {"e3", "e4", "e5", "e6"}) {
    SCOPED_TRACE(level);
    const std::string key = std::string("meta|software engineer|") + level;
    const GroupBand* g = Find(b, key);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->n, t.rows_as_written.at(key) +
                        t.rows_as_written.at(std::string("meta|software engineer|ic") + &level[1]));
    EXPECT_EQ(g->key[2], std::string("E") + &level[1]);
    ExpectMetric(g->metrics[3], WithoutOutliers(t.groups.at(key).total), "total");
  }
  // A Data Scientist group written mostly IC4 (56 rows, 12 E4) is the same level.
  const GroupBand* ds = Find(b, "meta|data scientist|e4");
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(ds->n, 68u);
  // Grades the docs do not list stay as written: Google Software Engineer's
  // 2 (2 rows) and T2 (1) are not its L2 (11 rows, once 14), Meta's IC1 and
  // IC2 not its E1 and E2.
  const std::pair<const char*, uint64_t> as_written[] = {
      {"google|software engineer|l2", 11}, {"google|software engineer|2", 2},
      {"google|software engineer|t2", 1},  {"google|marketing|l2", 1},
      {"google|marketing|2", 1},           {"meta|human resources|ic1", 1},
      {"meta|human resources|ic2", 1},     {"meta|business analyst|ic2", 1}};
  for (const auto& [key, n] : as_written) {
    const GroupBand* g = Find(b, key);
    ASSERT_NE(g, nullptr) << key;
    EXPECT_EQ(g->n, n) << key;
    EXPECT_EQ(g->n, t.rows_as_written.at(key)) << key;
  }
  for (const char* key :
       {"meta|human resources|e1", "meta|human resources|e2", "meta|business analyst|e2"}) {
    EXPECT_EQ(Find(b, key), nullptr) << key;
  }

  Result<LevelMap> map = MatchLevels(b, "Google", "Meta", "Software Engineer");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  for (const PayLevelMatch& m : map->matches) {
    EXPECT_NE(m.level_b.substr(0, 2), "IC") << m.level_a << " matches " << m.level_b;
    EXPECT_TRUE(m.level_a.starts_with("L") || m.level_a == "E3") << m.level_a;
    if (m.level_a == "L4") {
      EXPECT_EQ(m.level_b, "E4");
      EXPECT_EQ(m.confidence, "high");
    }
  }
  // The bundled guide agrees with the data, and may write Meta's grade either way.
  for (const std::string meta : {"Meta E4 SWE", "Meta IC4 SWE"}) {
    std::string text =
        ReadAll(fs::path(LEVERS_SOURCE_DIR) / "tests" / "bands" / "google-software-engineer.md");
    for (size_t at = 0; (at = text.find("Meta E4 SWE", at)) != std::string::npos;
         at += meta.size()) {
      text.replace(at, 11, meta);
    }
    SourceFile f("guide.md", text);
    DiagnosticSink read;
    std::optional<Guide> g = ReadGuide(f, read);
    ASSERT_TRUE(g.has_value());
    DiagnosticSink sink;
    CheckLevelMapping(*g, b, "Software Engineer", sink);
    for (const Diagnostic& d : sink.diagnostics()) ADD_FAILURE() << meta << ": " << d.message;
  }
}

TEST_F(LevelsData, SameResultOnOneOrManyThreads) {
  const std::string one = FormatBandsJson(Build(OutlierMethod::kIqr, 1));
  const std::string three = FormatBandsJson(Build(OutlierMethod::kIqr, 3));
  const std::string eight = FormatBandsJson(Build(OutlierMethod::kIqr, 8));
  EXPECT_EQ(one, three);
  EXPECT_EQ(one, eight);
}

}  // namespace
}  // namespace levers
