// Fuzz target for the salary CSV reader behind `levers bands`.
//
// Each input is one CSV file's bytes. The header picks the column mapping as a
// user would: a header with Levels.fyi's `basesalary` or
// `totalyearlycompensation` is read with the Levels.fyi mapping, any other with
// a --map naming the columns of tests/bands/mapped.csv plus base, stock (a
// whole grant over 4 years) and bonus. The file then goes through the path
// `levers bands build` takes (BOM, header, quoting, rows, normalisation,
// conversion, window, outliers, percentiles, pooling, the three writers) three
// times: on one thread with amounts kept in their currency and no outlier
// removal, on one thread converting to USD with IQR outliers and pooling, and
// the same on three threads with the file cut into many chunks. It aborts when:
//   - a read fails with a message that does not name the file;
//   - read != accepted + rejected, accepted != before + after + in window, the
//     groups' n do not add up to the rows in the window, or the counts by code
//     do not add up to the rejected rows;
//   - the data records counted by an independent RFC 4180 splitter written
//     from docs/bands.md (the header is the first record; blank lines are not
//     records; a quote that runs over a line break, in a record then malformed
//     or of another width than the header, makes the record the one line where
//     it opened) differ from the rows read;
//   - a rejected row's line is not the line where a data record starts, its
//     code is not a documented one, or its column is not a header column (or
//     is missing where the code is about one column);
//   - ReadSalaryRecords and BuildBands disagree on the ledger;
//   - a percentile lies outside the min and max of its group's values, the
//     five are not in order, or (with no outlier removal) differs from the
//     documented type-7 percentile computed here from the records;
//   - the result depends on the number of threads.
//
// Built with -fsanitize=fuzzer under LEVERS_FUZZ; otherwise linked with
// replay_main.cc so that tests/fuzz/csv_corpus runs as an ordinary test. To
// fuzz with ASan and UBSan over the whole library, with Debian's clang (the
// first command and the last are each one line, broken here):
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
//     -DCMAKE_CXX_COMPILER=clang++ -DLEVERS_FUZZ=ON -DLEVERS_TCMALLOC=OFF
//     "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fsanitize=fuzzer-no-link
//      -fno-sanitize-recover=undefined"
//     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined
//   cmake --build build-fuzz --target csv_fuzzer
//   mkdir -p /tmp/fz-csv && cp tests/fuzz/csv_corpus/* /tmp/fz-csv/
//   build-fuzz/tests/csv_fuzzer -max_total_time=480 -rss_limit_mb=2048 -timeout=10
//     -max_len=4096 /tmp/fz-csv
// (libFuzzer adds what it finds to the first folder: a scratch copy.) A crash
// it writes belongs in tests/fuzz/csv_corpus once it is fixed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bands/names.h"
#include "core/ascii.h"
#include "levers/bands.h"

namespace {

constexpr size_t kMaxInputBytes = 64 << 10;
constexpr size_t kMaxRecordBytes = 1024;  // the smallest the reader allows
constexpr const char* kName = "fuzz.csv";

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "csv_fuzzer: %s\n", what.c_str());
  std::abort();
}

// ---------------------------------------------------------------------------
// The reference splitter: where each data record starts, from docs/bands.md
// section 2.1 alone.

struct Split {
  std::vector<std::string> header;
  std::vector<uint64_t> record_lines;  // 1-based start line of each non-blank data record
  bool has_header = false;
  uint64_t header_line = 0;
  bool header_malformed = false;
  size_t longest_record = 0;  // bytes, terminator included
};

Split ReferenceSplit(std::string_view text) {
  constexpr size_t kNone = std::string_view::npos;
  Split out;
  size_t p = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") p = 3;
  uint64_t line = 1;
  bool first = true;
  // Consumes one line break at q (CR LF, CR or LF); returns the offset after it.
  auto line_break = [&](size_t q) {
    ++line;
    if (text[q] == '\r' && q + 1 < text.size() && text[q + 1] == '\n') return q + 2;
    return q + 1;
  };
  while (p < text.size()) {
    const size_t start = p;
    const uint64_t start_line = line;
    std::vector<std::string> fields;
    bool malformed = false;
    bool blank = true;
    size_t first_break = kNone;  // the first line break inside a quoted field of the record
    for (;;) {
      std::string value;
      if (p < text.size() && text[p] == '"') {
        blank = false;
        size_t q = p + 1;
        bool closed = false;
        uint64_t breaks_inside = 0;
        size_t first_break_here = kNone;  // the first line break inside this quote
        while (q < text.size()) {
          const char c = text[q];
          if (c == '"') {
            if (q + 1 < text.size() && text[q + 1] == '"') {
              value += '"';
              q += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (c == '\r' || c == '\n') {
            if (first_break_here == kNone) first_break_here = q;
            ++breaks_inside;
            if (c == '\r' && q + 1 < text.size() && text[q + 1] == '\n') {
              value += '\r';
              ++q;
            }
          }
          value += c;
          ++q;
        }
        if (first_break == kNone) first_break = first_break_here;
        if (!closed) {
          // Runs to the end of the text; cut back below to its first line break.
          malformed = true;
          fields.push_back(value);
          p = text.size();
          break;
        }
        line += breaks_inside;
        p = q + 1;
        // Text after the closing quote runs to the next separator or line break.
        if (p < text.size() && text[p] != ',' && text[p] != '\r' && text[p] != '\n') {
          malformed = true;
          while (p < text.size() && text[p] != ',' && text[p] != '\r' && text[p] != '\n') ++p;
        }
      } else {
        while (p < text.size() && text[p] != ',' && text[p] != '\r' && text[p] != '\n') {
          if (text[p] == '"') malformed = true;
          value += text[p];
          ++p;
        }
      }
      if (!value.empty()) blank = false;
      fields.push_back(value);
      if (p < text.size() && text[p] == ',') {
        blank = false;
        ++p;
        if (p == text.size()) {
          fields.emplace_back();
          break;
        }
        continue;
      }
      if (p < text.size()) p = line_break(p);
      break;
    }
    out.longest_record = std::max(out.longest_record, p - start);
    // A quote that runs over a line break in a record that is malformed or
    // (past the header) of another width than the header was a stray one: the
    // record is the line where it opened, the lines after it records of their own.
    if (first_break != kNone && (malformed || (!first && fields.size() != out.header.size()))) {
      malformed = true;
      line = start_line;
      p = line_break(first_break);
    }
    if (blank && !malformed) continue;
    if (first) {
      first = false;
      out.has_header = true;
      out.header_line = start_line;
      out.header = fields;
      out.header_malformed = malformed;
      continue;
    }
    out.record_lines.push_back(start_line);
  }
  return out;
}

// Header names as the reader compares them (blanks trimmed and collapsed).
std::string Trimmed(std::string_view s) { return levers::bands_internal::Trim(s); }

// ---------------------------------------------------------------------------

// How `levers bands` would be run on this file: the Levels.fyi mapping for a
// Levels.fyi header, else a --map over the columns of tests/bands/mapped.csv
// plus level, base, stock (a whole grant) and bonus when the header has them,
// grouped by the dimensions the mapping has columns for.
struct Profile {
  levers::ColumnMapping mapping;
  std::vector<levers::BandDimension> by;
};

Profile ProfileFor(const Split& split) {
  std::set<std::string> names;
  for (const std::string& h : split.header) names.insert(Trimmed(h));
  Profile p;
  if (names.count("basesalary") || names.count("totalyearlycompensation")) {
    p.mapping = levers::LevelsFyiMapping();
    p.by = {levers::BandDimension::kCompany, levers::BandDimension::kTitle,
            levers::BandDimension::kLevel};
    return p;
  }
  std::string spec = "date=when,company=employer,title=role,location=city,total=pay,currency=ccy";
  p.by = {levers::BandDimension::kCompany, levers::BandDimension::kTitle};
  if (names.count("level")) {
    spec += ",level=level";
    p.by.push_back(levers::BandDimension::kLevel);
  }
  if (names.count("base")) spec += ",base=base";
  if (names.count("stock")) spec += ",stock_grant=stock,grant_years=3";
  if (names.count("bonus")) spec += ",bonus=bonus";
  levers::Result<levers::ColumnMapping> m = levers::ParseColumnMapping(spec);
  if (!m.ok()) Fail("the fuzzer's own --map does not parse: " + m.status().message());
  p.mapping = *m;
  return p;
}

levers::BandsOptions BaseOptions() {
  levers::BandsOptions o;
  o.as_of = levers::Date{2025, 12, 31};
  o.max_record_bytes = kMaxRecordBytes;
  o.max_reported_rejects = 1'000'000;  // every reject listed, so each line can be checked
  o.threads = 1;
  return o;
}

// The reject codes of docs/bands.md's table (section 3), in its order: a new
// code goes in both.
const std::set<std::string>& KnownCodes() {
  static const std::set<std::string> codes = {
      "ragged-row",     "record-malformed", "record-too-long",  "amount-invalid",
      "amount-missing", "date-invalid",     "currency-unknown", "conversion-failed",
      "key-missing",    "control-character"};
  return codes;
}

// `windowed`: the ledger counts rows by window (BuildBands; ReadSalaryRecords has no window).
void CheckLedger(const levers::RowLedger& l, const Split& split, bool windowed,
                 const std::string& what) {
  if (l.read != l.accepted + l.rejected) Fail(what + ": read != accepted + rejected");
  if (windowed && l.accepted != l.before_window + l.after_as_of + l.in_window) {
    Fail(what + ": accepted != before + after + in window");
  }
  uint64_t by_code = 0;
  for (const auto& [code, n] : l.rejected_by_code) {
    if (!KnownCodes().count(code)) Fail(what + ": undocumented reject code '" + code + "'");
    by_code += n;
  }
  if (by_code != l.rejected) Fail(what + ": the counts by code do not add up to rejected");
  if (l.rejects.size() != l.rejected) Fail(what + ": not every rejected row is listed");
  // With no record over the size limit the reference splitter sees the same records.
  if (split.longest_record < kMaxRecordBytes && l.read != split.record_lines.size()) {
    Fail(what + ": " + std::to_string(l.read) + " rows read, the reference splitter counts " +
         std::to_string(split.record_lines.size()) + " data records");
  }
  std::set<std::string> columns;
  // As a reject names them: trimmed, control bytes written as \xNN.
  for (const std::string& h : split.header) {
    columns.insert(levers::internal::EscapeAsciiControls(Trimmed(h)));
  }
  uint64_t last_line = 0;
  for (const levers::RejectedRow& r : l.rejects) {
    if (!KnownCodes().count(r.code)) Fail(what + ": undocumented reject code '" + r.code + "'");
    if (r.line < last_line) Fail(what + ": rejects are not in line order");
    last_line = r.line;
    if (split.longest_record < kMaxRecordBytes &&
        !std::binary_search(split.record_lines.begin(), split.record_lines.end(), r.line)) {
      Fail(what + ": reject at line " + std::to_string(r.line) + " (" + r.code +
           ") where no data record starts");
    }
    if (!r.column.empty() && !columns.count(r.column)) {
      Fail(what + ": reject names column '" + r.column + "', which the header does not have");
    }
    if ((r.code == "amount-invalid" || r.code == "amount-missing" || r.code == "date-invalid" ||
         r.code == "key-missing") &&
        r.column.empty()) {
      Fail(what + ": a " + r.code + " reject names no column");
    }
    if (r.reason.empty()) Fail(what + ": a reject gives no reason");
  }
}

// The type-7 percentile of docs/bands.md section 4 over sorted `x`, per mille.
int64_t Percentile(const std::vector<int64_t>& x, int per_mille) {
  __extension__ using Int128 = __int128;
  const uint64_t h = static_cast<uint64_t>(x.size() - 1) * static_cast<uint64_t>(per_mille);
  const size_t lo = static_cast<size_t>(h / 1000);
  const int64_t frac = static_cast<int64_t>(h % 1000);
  if (frac == 0) return x[lo];
  // The value, not the step from x[lo], is rounded half to even.
  const Int128 num =
      static_cast<Int128>(x[lo]) * 1000 + static_cast<Int128>(x[lo + 1] - x[lo]) * frac;
  Int128 q = num / 1000, r = num % 1000;
  if (r < 0) r += 1000, --q;  // floor
  if (r * 2 > 1000 || (r * 2 == 1000 && q % 2 != 0)) ++q;
  return static_cast<int64_t>(q);
}

// A group as the records give it: the keys of the dimensions grouped by, then the currency.
using GroupId = std::vector<std::string>;

// True when every dimension of `by` is company, title or level (keys the
// records carry exactly as the groups are keyed).
bool KeyedExactly(const std::vector<levers::BandDimension>& by) {
  for (levers::BandDimension d : by) {
    if (d != levers::BandDimension::kCompany && d != levers::BandDimension::kTitle &&
        d != levers::BandDimension::kLevel) {
      return false;
    }
  }
  return true;
}

struct Values {
  std::map<GroupId, std::array<std::vector<int64_t>, 4>> by_group;  // when KeyedExactly
  std::map<std::string, std::array<std::vector<int64_t>, 4>> by_currency;
};

Values CollectValues(std::string_view text, const levers::ColumnMapping& mapping,
                     const levers::BandsOptions& options, const Split& split,
                     const levers::RowLedger* built) {
  Values v;
  const int64_t as_of = options.as_of.DaysSinceEpoch();
  const int64_t first = options.window_days > 0 ? as_of - options.window_days + 1 : INT64_MIN;
  uint64_t visited = 0;
  levers::Result<levers::RowLedger> l =
      levers::ReadSalaryRecords(text, kName, mapping, options, [&](const levers::SalaryRecord& r) {
        ++visited;
        const int64_t day = r.date.DaysSinceEpoch();
        if (mapping.date.empty() || (day <= as_of && day >= first)) {
          GroupId id;
          for (levers::BandDimension d : options.by) {
            id.push_back(d == levers::BandDimension::kCompany ? r.company_key
                         : d == levers::BandDimension::kTitle ? r.title_key
                                                              : r.level_key);
          }
          id.push_back(r.currency);
          auto& g = v.by_group[id];
          auto& c = v.by_currency[r.currency];
          const std::optional<int64_t>* m[4] = {&r.base, &r.stock_per_year, &r.bonus, &r.total};
          for (int i = 0; i < 4; ++i) {
            if (*m[i]) {
              g[i].push_back(**m[i]);
              c[i].push_back(**m[i]);
            }
          }
        }
      });
  if (!l.ok()) Fail("ReadSalaryRecords fails where BuildBands read: " + l.status().message());
  CheckLedger(*l, split, /*windowed=*/false, "ReadSalaryRecords");
  if (visited != l->accepted) Fail("ReadSalaryRecords visits a number of rows != accepted");
  if (built != nullptr) {
    if (l->read != built->read || l->accepted != built->accepted ||
        l->rejected != built->rejected || l->rejected_by_code != built->rejected_by_code) {
      Fail("ReadSalaryRecords and BuildBands disagree on the ledger");
    }
    for (size_t i = 0; i < l->rejects.size(); ++i) {
      if (l->rejects[i].line != built->rejects[i].line ||
          l->rejects[i].code != built->rejects[i].code) {
        Fail("ReadSalaryRecords and BuildBands reject different rows");
      }
    }
  }
  for (auto& [k, metrics] : v.by_group) {
    for (auto& x : metrics) std::sort(x.begin(), x.end());
  }
  for (auto& [k, metrics] : v.by_currency) {
    for (auto& x : metrics) std::sort(x.begin(), x.end());
  }
  return v;
}

void CheckBands(const levers::BandSet& b, const Values& v, bool exact, const std::string& what) {
  uint64_t n = 0;
  for (const levers::GroupBand& g : b.groups) {
    n += g.n;
    const bool by_ctl = KeyedExactly(b.options.by);
    GroupId id = g.key_norm;
    id.push_back(g.currency);
    const auto group_it = by_ctl ? v.by_group.find(id) : v.by_group.end();
    if (by_ctl && g.status == levers::GroupStatus::kOk && group_it == v.by_group.end()) {
      Fail(what + ": a group no record belongs to");
    }
    const auto cur_it = v.by_currency.find(g.currency);
    if (g.n > 0 && cur_it == v.by_currency.end()) Fail(what + ": a group in an unseen currency");
    for (size_t m = 0; m < 4; ++m) {
      const levers::MetricBand& mb = g.metrics[m];
      if (!mb.pct) continue;
      const auto& pct = *mb.pct;
      if (!std::is_sorted(pct.begin(), pct.end())) Fail(what + ": percentiles out of order");
      // The group's own values bound an ok group; a pooled one shows its parent's,
      // bounded by every value in the currency.
      const std::vector<int64_t>& x =
          g.status == levers::GroupStatus::kOk && by_ctl ? group_it->second[m] : cur_it->second[m];
      if (x.empty()) Fail(what + ": percentiles of a metric with no values");
      if (pct.front() < x.front() || pct.back() > x.back()) {
        Fail(what + ": percentile " + std::to_string(pct.front()) + ".." +
             std::to_string(pct.back()) + " outside the values' range " +
             std::to_string(x.front()) + ".." + std::to_string(x.back()));
      }
      if (exact && g.status == levers::GroupStatus::kOk) {
        if (mb.n != x.size()) Fail(what + ": a metric's n differs from its values");
        for (size_t i = 0; i < 5; ++i) {
          const int64_t want = Percentile(x, levers::kPercentilesPerMille[i]);
          if (pct[i] != want) {
            Fail(what + ": p" + std::to_string(levers::kPercentilesPerMille[i] / 10) + " is " +
                 std::to_string(pct[i]) + ", the documented rule gives " + std::to_string(want));
          }
        }
      }
    }
  }
  if (n != b.ledger.in_window) Fail(what + ": the groups' n do not add up to the rows in window");
}

// Whether `msg` says a column is named twice ("column 'title' named twice
// (columns 4 and 10)") and the reference header agrees: both columns exist and
// carry the same name once trimmed as the reader trims header names.
bool RepeatedColumnIsTrue(const std::string& msg, const Split& split) {
  const size_t at = msg.find("' named twice (columns ");
  if (at == std::string::npos) return false;
  unsigned long i = 0, j = 0;
  if (std::sscanf(msg.c_str() + at, "' named twice (columns %lu and %lu)", &i, &j) != 2)
    return false;
  if (i == 0 || i >= j || j > split.header.size()) return false;
  return Trimmed(split.header[i - 1]) == Trimmed(split.header[j - 1]);
}

// Runs one configuration; the writers' output of a successful build, or "" when the read failed.
std::string Run(std::string_view text, const Split& split, const levers::ColumnMapping& mapping,
                const levers::BandsOptions& options, bool exact, const std::string& what) {
  levers::Result<levers::BandSet> b = levers::BuildBandsFromText(text, kName, mapping, options);
  if (!b.ok()) {
    const std::string& msg = b.status().message();
    if (msg.rfind(kName, 0) != 0) Fail(what + ": an error that does not name the file: " + msg);
    const bool missing = msg.find(": no column") != std::string::npos;
    const bool repeated = RepeatedColumnIsTrue(msg, split);
    if (split.has_header && !split.header_malformed && split.longest_record < kMaxRecordBytes &&
        !missing && !repeated) {
      Fail(what +
           ": a well-formed header fails for another reason than a missing or repeated "
           "column: " +
           msg);
    }
    const std::string at = std::string(kName) + ":" + std::to_string(split.header_line) + ": ";
    if ((missing || repeated) && msg.rfind(at, 0) != 0) {
      Fail(what + ": a header error that does not name the header's line: " + msg);
    }
    return "";
  }
  CheckLedger(b->ledger, split, /*windowed=*/true, what);
  const Values v = CollectValues(text, mapping, options, split, &b->ledger);
  CheckBands(*b, v, exact, what);
  std::string out = levers::FormatBandsCsv(*b);
  (void)levers::FormatBandsText(*b, 0);
  const std::string json = levers::FormatBandsJson(*b);
  levers::Result<levers::BandSet> back = levers::ParseBandsJson(json, "fuzz.json");
  if (!back.ok()) Fail(what + ": the bands JSON does not read back: " + back.status().message());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Split split = ReferenceSplit(text);
  const Profile profile = ProfileFor(split);
  const levers::ColumnMapping& mapping = profile.mapping;

  // 1. Amounts in their own currency, no outlier removal, every group shown:
  //    percentiles checked exactly.
  levers::BandsOptions kept = BaseOptions();
  kept.currency = "";
  kept.outliers = levers::OutlierMethod::kNone;
  kept.min_n = 1;
  kept.small = levers::SmallGroupPolicy::kSuppress;
  kept.by = profile.by;
  Run(text, split, mapping, kept, /*exact=*/true, "kept");

  // 2. Converted to USD over a window, IQR outliers, small groups pooled.
  levers::BandsOptions usd = BaseOptions();
  usd.window_days = 3650;
  usd.min_n = 2;
  usd.by = profile.by;
  usd.by.push_back(levers::BandDimension::kRegion);
  const std::string one = Run(text, split, mapping, usd, /*exact=*/false, "usd");

  // 3. The same on three threads, the data cut into many chunks: the same answer.
  levers::BandsOptions threaded = usd;
  threaded.threads = 3;
  threaded.min_bytes_per_thread = 1;
  const std::string three = Run(text, split, mapping, threaded, /*exact=*/false, "threads");
  if (one != three) {
    Fail("the bands depend on the number of threads:\n--- one ---\n" + one + "--- three ---\n" +
         three);
  }
  return 0;
}
