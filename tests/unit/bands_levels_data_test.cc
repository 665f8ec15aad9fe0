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
#include <sstream>
#include <string>
#include <vector>

#include "levers/bands.h"

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
  std::map<std::string, Sample> groups;  // "company|title|level"
  uint64_t rows = 0, bad_amount = 0, missing_key = 0;
};

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
      Sample& g = t->groups[c + "|" + Norm(r[title]) + "|" + Norm(r[level])];
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
  EXPECT_EQ(google->n, 1067u);  // 1057 "Google" + other spellings
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

TEST_F(LevelsData, SameResultOnOneOrManyThreads) {
  const std::string one = FormatBandsJson(Build(OutlierMethod::kIqr, 1));
  const std::string three = FormatBandsJson(Build(OutlierMethod::kIqr, 3));
  const std::string eight = FormatBandsJson(Build(OutlierMethod::kIqr, 8));
  EXPECT_EQ(one, three);
  EXPECT_EQ(one, eight);
}

}  // namespace
}  // namespace levers
