// Writers for a BandSet (CSV, JSON, text); json_reader.cc reads the JSON back.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "bands/json_parts.h"
#include "bands/names.h"
#include "core/counted.h"
#include "levers/bands.h"
#include "render/json_out.h"

namespace levers {
namespace {

using internal::JsonOut;
using nlohmann::ordered_json;

std::string Major(int64_t minor, const std::string& currency) {
  return MajorUnitsString(Money{minor, currency});
}

std::string Grouped(int64_t minor, const std::string& currency) {
  return bands_internal::TextAmount(minor, currency);
}

// A CSV cell, quoted when it must be.
std::string Cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string PctString(int32_t bp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%02d", bp / 100, bp % 100);
  return buf;
}

std::string_view MethodName(OutlierMethod m) {
  return m == OutlierMethod::kIqr ? "iqr" : m == OutlierMethod::kMad ? "mad" : "none";
}

// A fence (exp of a log amount) as minor units, clamped to what int64 holds.
int64_t FenceAmount(double v) {
  if (!(v > 0)) return 0;
  if (v >= 9.0e18) return 9'000'000'000'000'000'000;
  return static_cast<int64_t>(v);
}

// The kept range [low, high] in minor units, exactly the integers Keeps()
// accepts: exp() of a log fence can land a hair off an integer (exp(ln 10^7)
// is 10000000.000000002), which made a zero-spread group show [v + 1, v]. A
// few unit steps are enough to agree with Keeps (the error is under 1).
std::pair<int64_t, int64_t> KeptRange(const OutlierFences& f) {
  int64_t low = std::max<int64_t>(FenceAmount(std::ceil(std::exp(f.log_low))), 1);
  int64_t high = FenceAmount(std::floor(std::exp(f.log_high)));
  for (int i = 0; i < 4 && low > 1 && f.Keeps(low - 1); ++i) --low;
  for (int i = 0; i < 4 && !f.Keeps(low); ++i) ++low;
  for (int i = 0; i < 4 && high < INT64_MAX && f.Keeps(high + 1); ++i) ++high;
  for (int i = 0; i < 4 && high > 1 && !f.Keeps(high); ++i) --high;
  return {low, high};
}

constexpr const char* kPercentileNames[] = {"p10", "p25", "p50", "p75", "p90"};

}  // namespace

namespace bands_internal {

std::string TextAmount(int64_t minor, const std::string& currency) {
  std::string out;
  AppendMajorUnits(out, Money{minor, currency}, true);
  const size_t dot = out.find('.');
  if (dot != std::string::npos) {
    size_t digits = 0;
    for (int64_t per = MinorPerMajor(currency); per > 1; per /= 10) ++digits;
    const size_t shown = out.size() - dot - 1;
    if (shown < digits) out.append(digits - shown, '0');
  }
  return out;
}

void AppendBandSettingsJson(JsonOut& j, const BandSet& b) {
  j.Key("source").String(b.source);
  j.Key("as_of").String(b.options.as_of.ToString());
  j.Key("window_days").Int(b.options.window_days);
  j.Key("window_start");
  if (b.options.window_days > 0) {
    j.String(b.window_start.ToString());
  } else {
    j.Null();
  }
  j.Key("by").BeginArray();
  for (BandDimension d : b.options.by) j.String(DimensionName(d));
  j.EndArray();
  j.Key("currency").String(b.options.currency);
  j.Key("outliers").BeginObject();
  j.Key("method").String(MethodName(b.options.outliers));
  // --k is a factor the user typed, not money: its shortest round-trip form.
  j.Key("k").Number(ordered_json(b.options.outlier_k).dump());
  j.EndObject();
  j.Key("min_n").Int(b.options.min_n);
  j.Key("small_groups").String(b.options.small == SmallGroupPolicy::kPool ? "pool" : "suppress");
  j.Key("percentiles")
      .String("linear interpolation between closest ranks (numpy linear, DuckDB quantile_cont)");
}

void AppendRowLedgerJson(JsonOut& j, const RowLedger& l, bool with_rejects) {
  auto count = [&](std::string_view key, uint64_t n) { j.Key(key).Int(static_cast<int64_t>(n)); };
  j.Key("rows").BeginObject();
  count("read", l.read);
  count("accepted", l.accepted);
  count("rejected", l.rejected);
  count("before_window", l.before_window);
  count("after_as_of", l.after_as_of);
  count("in_window", l.in_window);
  count("converted", l.converted);
  j.Key("rejected_by_reason").BeginObject();
  for (const auto& [code, n] : l.rejected_by_code) count(code, n);
  j.EndObject();
  if (with_rejects) {
    j.Key("rejects").BeginArray();
    for (const RejectedRow& r : l.rejects) {
      j.BeginObject();
      count("line", r.line);
      j.Key("column").String(r.column);
      j.Key("code").String(r.code);
      j.Key("reason").String(r.reason);
      j.EndObject();
    }
    j.EndArray();
  }
  j.EndObject();
}

std::string MajorUnitsJson(int64_t minor, const std::string& currency) {
  return Major(minor, currency);
}

std::string HundredthsOfPercent(int32_t bp) { return PctString(bp); }

}  // namespace bands_internal

std::string FormatBandsCsv(const BandSet& b) {
  std::string out;
  for (BandDimension d : b.options.by) out += std::string(DimensionName(d)) + ",";
  out += "status,n,companies,grade,spread_pct,currency";
  for (BandMetric m : kBandMetrics) {
    for (int p : kPercentilesPerMille) {
      out += ',';
      out += MetricName(m);
      out += "_p";
      out += std::to_string(p / 10);
    }
  }
  for (BandMetric m : kBandMetrics) {
    out += ',';
    out += MetricName(m);
    out += "_outliers";
  }
  out += ",pooled_from\n";
  for (const GroupBand& g : b.groups) {
    std::vector<std::string> cells;
    for (const std::string& k : g.key) cells.push_back(Cell(k));
    cells.emplace_back(GroupStatusName(g.status));
    cells.push_back(std::to_string(g.n));
    cells.push_back(std::to_string(g.companies));
    cells.push_back(g.grade);
    cells.push_back(g.spread_bp ? PctString(*g.spread_bp) : "");
    cells.push_back(g.currency);
    for (const MetricBand& m : g.metrics) {
      for (size_t i = 0; i < 5; ++i) cells.push_back(m.pct ? Major((*m.pct)[i], g.currency) : "");
    }
    for (const MetricBand& m : g.metrics) cells.push_back(std::to_string(m.outliers));
    cells.push_back(Cell(g.pooled_from));
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += cells[i];
    }
    out += '\n';
  }
  return out;
}

std::string FormatBandsJson(const BandSet& b) {
  // Written with the shared JSON writer so every amount is its exact decimal
  // in major units, as the guide and offer JSON write money
  // (docs/json-format.md): never a double. Names, column names and quoted
  // cells come from the file as they are; bytes that are not UTF-8 are
  // written as U+FFFD (JSON must be UTF-8).
  std::string text;
  JsonOut j(text, /*pretty=*/true);
  j.BeginObject();
  bands_internal::AppendBandSettingsJson(j, b);
  bands_internal::AppendRowLedgerJson(j, b.ledger, /*with_rejects=*/true);
  auto count = [&](std::string_view key, uint64_t n) { j.Key(key).Int(static_cast<int64_t>(n)); };
  j.Key("groups").BeginArray();
  for (const GroupBand& g : b.groups) {
    j.BeginObject();
    j.Key("key").BeginObject();
    for (size_t i = 0; i < b.options.by.size(); ++i)
      j.Key(DimensionName(b.options.by[i])).String(g.key[i]);
    j.EndObject();
    j.Key("key_norm").BeginObject();
    for (size_t i = 0; i < b.options.by.size(); ++i)
      j.Key(DimensionName(b.options.by[i])).String(g.key_norm[i]);
    j.EndObject();
    if (!g.company_aliases.empty()) {
      j.Key("company_aliases").BeginArray();
      for (const std::string& a : g.company_aliases) j.String(a);
      j.EndArray();
    }
    j.Key("status").String(GroupStatusName(g.status));
    if (g.status == GroupStatus::kPooled) {
      j.Key("pooled_from").String(g.pooled_from);
      count("pooled_n", g.pooled_n);
    }
    count("n", g.n);
    count("companies", g.companies);
    j.Key("grade").String(g.grade);
    j.Key("spread_pct");
    if (g.spread_bp) {
      j.String(PctString(*g.spread_bp));
    } else {
      j.Null();
    }
    j.Key("currency").String(g.currency);
    count("converted", g.converted);
    j.Key("newest");
    if (g.newest) {
      j.String(g.newest->ToString());
    } else {
      j.Null();
    }
    for (BandMetric m : kBandMetrics) {
      const MetricBand& mb = g.metrics[static_cast<int>(m)];
      j.Key(MetricName(m)).BeginObject();
      count("n", mb.n);
      count("outliers", mb.outliers);
      if (mb.fences.applied) {
        const auto [low, high] = KeptRange(mb.fences);
        j.Key("fences").BeginArray();
        j.Number(Major(low, g.currency));
        j.Number(Major(high, g.currency));
        j.EndArray();
      }
      for (size_t i = 0; i < 5; ++i) {
        j.Key(kPercentileNames[i]);
        if (mb.pct) {
          j.Number(Major((*mb.pct)[i], g.currency));
        } else {
          j.Null();
        }
      }
      j.EndObject();
    }
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  text += '\n';
  return text;
}

std::string FormatRejectedRows(const BandSet& b, size_t limit, std::string_view how_to_list) {
  const RowLedger& l = b.ledger;
  const size_t listed = std::min(limit, l.rejects.size());
  std::string out;
  for (size_t i = 0; i < listed; ++i) {
    const RejectedRow& r = l.rejects[i];
    out += b.source + ":" + std::to_string(r.line) + ": rejected [" + r.code + "] " +
           (r.column.empty() ? "" : r.column + ": ") + r.reason + "\n";
  }
  if (l.rejected > listed) {
    const uint64_t more = l.rejected - listed;
    out += b.source + ": " + std::to_string(more) + " more rejected " +
           (more == 1 ? "row" : "rows") + " not listed";
    if (!how_to_list.empty()) out += " (" + std::string(how_to_list) + ")";
    out += '\n';
  }
  return out;
}

std::string FormatBandsText(const BandSet& b, size_t limit) {
  const RowLedger& l = b.ledger;
  std::string out = b.source + ": " + internal::Counted(static_cast<int64_t>(l.read), "row") +
                    " read, " + std::to_string(l.accepted) + " accepted, " +
                    std::to_string(l.rejected) + " rejected";
  if (l.rejected > 0) {
    out += " (";
    bool first = true;
    for (const auto& [code, n] : l.rejected_by_code) {
      out += (first ? "" : ", ") + code + " " + std::to_string(n);
      first = false;
    }
    out += ")";
  }
  out += "\n  window: " +
         (b.options.window_days > 0 ? b.window_start.ToString() + " .. " : std::string("up to ")) +
         b.options.as_of.ToString() + ": " +
         internal::Counted(static_cast<int64_t>(l.in_window), "row") + " in, " +
         std::to_string(l.before_window) + " before, " + std::to_string(l.after_as_of) + " after\n";
  out += "  " + std::to_string(b.groups.size()) + (b.groups.size() == 1 ? " group" : " groups") +
         "; percentiles of total comp " +
         (b.options.outliers == OutlierMethod::kNone
              ? std::string("with no outliers removed")
              : "after " + std::string(MethodName(b.options.outliers)) +
                    " outlier removal on log pay") +
         "\n\n";
  std::string head;
  for (BandDimension d : b.options.by) head += std::string(DimensionName(d)) + " / ";
  head.resize(head.size() - 3);
  char line[512];
  std::snprintf(line, sizeof line, "%-48s %6s %-6s %-10s %11s %11s %11s %11s %11s\n", head.c_str(),
                "n", "grade", "status", "p10", "p25", "p50", "p75", "p90");
  out += line;
  size_t shown = 0;
  for (const GroupBand& g : b.groups) {
    if (limit > 0 && shown++ >= limit) {
      out += "  ... " + std::to_string(b.groups.size() - limit) +
             " more groups (--limit 0 shows all)\n";
      break;
    }
    std::string key;
    for (const std::string& k : g.key) key += k + " / ";
    key.resize(key.size() - 3);
    if (key.size() > 48) key = key.substr(0, 45) + "...";
    const MetricBand& t = g.metrics[static_cast<int>(BandMetric::kTotal)];
    std::string cells[5];
    for (size_t i = 0; i < 5; ++i) cells[i] = t.pct ? Grouped((*t.pct)[i], g.currency) : "-";
    std::snprintf(line, sizeof line, "%-48s %6llu %-6s %-10s %11s %11s %11s %11s %11s %s\n",
                  key.c_str(), static_cast<unsigned long long>(g.n), g.grade.c_str(),
                  std::string(GroupStatusName(g.status)).c_str(), cells[0].c_str(),
                  cells[1].c_str(), cells[2].c_str(), cells[3].c_str(), cells[4].c_str(),
                  g.currency.c_str());
    out += line;
  }
  return out;
}

}  // namespace levers
