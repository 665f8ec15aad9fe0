#include "guide/front_matter_reader.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/yaml_emit.h"
#include "guide/prose.h"

namespace levers::internal {
namespace {

using Kind = YamlNode::Kind;

// The value of each of `keys` in `map` (the first entry with that key, as
// YamlNode::Find gives it), found in one pass over the entries instead of a
// search per key; `unknown` is called for every other entry, in order.
template <size_t N, typename Unknown>
std::array<const YamlNode*, N> ValuesOf(const YamlNode& map,
                                        const std::array<std::string_view, N>& keys,
                                        Unknown&& unknown) {
  std::array<const YamlNode*, N> values{};
  for (const YamlEntry& e : map.entries) {
    const std::string& k = e.first.scalar;
    size_t i = 0;
    while (i < N && !(keys[i].size() == k.size() && keys[i][0] == k[0] && keys[i] == k)) ++i;
    if (i == N) {
      unknown(e);
    } else if (e.first.kind == Kind::kScalar && values[i] == nullptr) {
      values[i] = &e.second;
    }
  }
  return values;
}

// The node a value's text ends with: a block collection's last child, down to
// a scalar, an empty collection or a flow collection (which ends at its
// closing bracket, whether or not a tag comes before it: `!t [a, b]`).
const YamlNode& LastContentNode(const YamlNode& value, std::string_view /*text*/) {
  const YamlNode* n = &value;
  for (;;) {
    if (n->kind == Kind::kSequence && !n->flow && !n->items.empty()) {
      n = &n->items.back();
    } else if (n->kind == Kind::kMapping && !n->flow && !n->entries.empty()) {
      n = &n->entries.back().second;
    } else {
      return *n;
    }
  }
}

// Where a value's text ends: a block collection ends with its last child
// (libyaml ends it at the next token, past blank and comment lines), a flow
// collection at its closing bracket, a scalar where libyaml says.
uint32_t ContentEnd(const YamlNode& value, std::string_view text) {
  return LastContentNode(value, text).range.end;
}

// True when the scalar a value's text ends with (as ContentEnd finds it) is a
// block scalar that keeps its trailing line breaks (`|+`, `>+`, `|2+`): its
// blank lines at the end are part of the value.
bool EndsWithKeptBreaks(const YamlNode& value, std::string_view text) {
  const YamlNode* n = &LastContentNode(value, text);
  if (n->kind != Kind::kScalar || n->plain || n->range.begin >= text.size()) return false;
  size_t i = n->range.begin;
  if (text[i] != '|' && text[i] != '>') return false;
  for (++i; i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '#' &&
            text[i] != '\n' && text[i] != '\r';
       ++i) {
    if (text[i] == '+') return true;
  }
  return false;
}

// The length of the line break at `i`, 0 when there is none. libyaml reads
// YAML 1.1, where NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH
// SEPARATOR (U+2029) end a line as LF and CR do.
size_t BreakAt(std::string_view t, size_t i) {
  if (i >= t.size()) return 0;
  if (t[i] == '\n' || t[i] == '\r') return 1;
  if (t[i] == '\xC2' && i + 1 < t.size() && t[i + 1] == '\x85') return 2;
  if (t[i] == '\xE2' && i + 2 < t.size() && t[i + 1] == '\x80' &&
      (t[i + 2] == '\xA8' || t[i + 2] == '\xA9')) {
    return 3;
  }
  return 0;
}

// The length of the line break that ends just before `i`, 0 when none does
// (a CRLF counts as its LF).
size_t BreakBeforeLength(std::string_view t, size_t i) {
  if (i >= 1 && BreakAt(t, i - 1) == 1) return 1;
  if (i >= 2 && BreakAt(t, i - 2) == 2) return 2;
  if (i >= 3 && BreakAt(t, i - 3) == 3) return 3;
  return 0;
}

// True when a line break ends just before `i`.
bool BreakBefore(std::string_view t, size_t i) { return BreakBeforeLength(t, i) != 0; }

// A field path of a front matter band, for messages only: "compensation[2]".
std::string BandPath(size_t row) { return "compensation[" + std::to_string(row) + "]"; }

// Where a mapping sits in the front matter, for the field path of a message:
// a chain of keys and list indexes up to the top level, walked only when a
// message is made.
struct NodePath {
  const NodePath* parent = nullptr;
  std::string_view key;  // empty for a list item
  size_t index = 0;      // a list item's index

  std::string Str() const {
    if (!parent) return {};  // the top level
    std::string out = parent->Str();
    if (key.empty()) return out + "[" + std::to_string(index) + "]";
    if (!out.empty()) out += '.';
    out.append(key);
    return out;
  }
  // The path of `k` inside the mapping this path names.
  std::string Child(std::string_view k) const {
    std::string out = Str();
    if (!out.empty()) out += '.';
    out.append(k);
    return out;
  }
};

// Reports every key given twice in one mapping, at any depth: an error at the
// repeat naming where the key is first given (the first is the one read).
// A mapping of a dozen keys is compared pairwise; a larger one (hostile front
// matter may hold thousands) through a sorted index, so the cost stays
// O(n log n).
void ReportDuplicateKeys(const YamlNode& node, const NodePath& path, const SourceFile& file,
                         DiagnosticSink& sink) {
  if (node.kind == Kind::kSequence) {
    for (size_t i = 0; i < node.items.size(); ++i) {
      const YamlNode& item = node.items[i];
      if (item.kind == Kind::kScalar) continue;
      ReportDuplicateKeys(item, NodePath{&path, {}, i}, file, sink);
    }
    return;
  }
  if (node.kind != Kind::kMapping) return;
  const std::vector<YamlEntry>& e = node.entries;
  auto report = [&](const YamlNode& repeat, const YamlNode& first) {
    const LineColumn at = file.Locate(first.range.begin);
    const std::string field = path.Child(repeat.scalar);
    sink.Error("duplicate-key", repeat.range, field,
               "duplicate key '" + field + "': it is already given at line " +
                   std::to_string(at.line) + ", column " + std::to_string(at.column) +
                   " (that one is read); give it once");
  };
  auto key = [&](size_t i) -> const YamlNode* {
    const YamlNode& k = e[i].first;
    return k.kind == Kind::kScalar ? &k : nullptr;
  };
  constexpr size_t kPairwise = 32;
  if (e.size() <= kPairwise) {
    for (size_t i = 1; i < e.size(); ++i) {
      const YamlNode* k = key(i);
      if (!k) continue;
      const std::string& ks = k->scalar;
      for (size_t j = 0; j < i; ++j) {
        const std::string& fs = e[j].first.scalar;
        // Length and first byte first: keys of one mapping mostly differ there.
        // (A std::string's byte at size() is '\0', so an empty key is fine.)
        if (fs.size() != ks.size() || fs[0] != ks[0] || fs != ks) continue;
        if (const YamlNode* f = key(j)) {
          report(*k, *f);
          break;
        }
      }
    }
  } else {
    std::vector<uint32_t> order;
    order.reserve(e.size());
    for (size_t i = 0; i < e.size(); ++i) {
      if (key(i)) order.push_back(static_cast<uint32_t>(i));
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return e[a].first.scalar < e[b].first.scalar; });
    std::vector<std::pair<uint32_t, uint32_t>> repeats;  // (repeat, first), by repeat
    for (size_t i = 1, first = 0; i < order.size(); ++i) {
      if (e[order[i]].first.scalar != e[order[first]].first.scalar) {
        first = i;
      } else {
        repeats.emplace_back(order[i], order[first]);
      }
    }
    std::sort(repeats.begin(), repeats.end());
    for (const auto& [r, f] : repeats) report(e[r].first, e[f].first);
  }
  for (const YamlEntry& entry : e) {
    if (entry.second.kind == Kind::kScalar) continue;
    const std::string_view k =
        entry.first.kind == Kind::kScalar ? std::string_view(entry.first.scalar) : "?";
    ReportDuplicateKeys(entry.second, NodePath{&path, k.empty() ? "?" : k, 0}, file, sink);
  }
}

class FrontMatterReader {
 public:
  FrontMatterReader(const SourceFile& file, Guide& g, DiagnosticSink& sink)
      : file_(file), text_(file.text()), g_(g), sink_(sink) {
    begin_ = std::min<uint32_t>(g.front_matter_range.begin, static_cast<uint32_t>(text_.size()));
    end_ = std::min<uint32_t>(std::max(g.front_matter_range.end, begin_),
                              static_cast<uint32_t>(text_.size()));
  }

  void Read(const YamlNode& root) {
    if (root.kind != Kind::kMapping) {
      sink_.Error("front-matter-shape", root.range, "",
                  "front matter must be a YAML mapping of keys (company: ..., role: ...)");
      return;
    }
    ReportDuplicateKeys(root, NodePath{}, file_, sink_);
    // In the order of the enum below.
    static constexpr std::array<std::string_view, 14> kKnown = {"company",
                                                                "company_display",
                                                                "role",
                                                                "role_display",
                                                                "role_type",
                                                                "last_updated",
                                                                "data_quality",
                                                                "salary_data_quarter",
                                                                "next_review_due",
                                                                "compensation",
                                                                "level_mapping",
                                                                "data_sources",
                                                                "negotiation_dna_summary",
                                                                "stock_vesting_years"};
    enum {
      kCompany,
      kCompanyDisplay,
      kRole,
      kRoleDisplay,
      kRoleType,
      kLastUpdated,
      kDataQuality,
      kSalaryDataQuarter,
      kNextReviewDue,
      kCompensation,
      kLevelMapping,
      kDataSources,
      kDnaSummary,
      kStockVestingYears,
    };
    const std::array<const YamlNode*, 14> v = ValuesOf(root, kKnown, [&](const YamlEntry& e) {
      const std::string& k = e.first.scalar;
      if (!IsPlainKey(e.first)) {
        // Kept keys are written back as they were written; an empty, complex or
        // explicit ('? key') key cannot be, and names nothing a guide states.
        sink_.Error("field-type", e.first.range, "",
                    "a front matter key must be text on one line, written 'key: value'");
        return;
      }
      sink_.Warning("unknown-key", e.first.range, k,
                    "unknown front matter key '" + k +
                        "' (kept as written, not checked; see docs/guide-format.md)");
      Keep(g_.front_matter_extra, e, IsFlow(root));
    });
    String(v[kCompany], "company", g_.company);
    String(v[kCompanyDisplay], "company_display", g_.company_display);
    String(v[kRole], "role", g_.role);
    String(v[kRoleDisplay], "role_display", g_.role_display);
    String(v[kRoleType], "role_type", g_.role_type);
    String(v[kDataQuality], "data_quality", g_.data_quality);
    String(v[kSalaryDataQuarter], "salary_data_quarter", g_.salary_data_quarter);
    DateField(v[kLastUpdated], "last_updated", g_.last_updated);
    DateField(v[kNextReviewDue], "next_review_due", g_.next_review_due);
    if (const YamlNode* n = v[kStockVestingYears]) {
      if (auto years = Integer(*n, "stock_vesting_years")) {
        if (*years >= 1 && *years <= 10) {
          default_years_ = static_cast<int>(*years);
          default_years_stated_ = true;
          g_.stock_vesting_years.Set(default_years_, n->range);
        } else {
          sink_.Error("amount-invalid", n->range, "stock_vesting_years",
                      "stock_vesting_years must be between 1 and 10");
        }
      }
    }
    if (const YamlNode* n = v[kDataSources]; n && !n->IsNull()) {
      if (n->kind != Kind::kSequence) {
        sink_.Error("field-type", n->range, "data_sources", "data_sources must be a list of names");
      } else {
        for (const YamlNode& item : n->items) {
          if (item.kind == Kind::kScalar && !item.IsNull()) {
            Field<std::string> f;
            f.Set(item.scalar, item.range);
            g_.data_sources.push_back(std::move(f));
          } else {
            sink_.Error("field-type", item.range, "data_sources",
                        "each data source must be a name");
          }
        }
      }
    }
    if (const YamlNode* n = v[kDnaSummary]; n && !n->IsNull()) {
      if (n->kind == Kind::kScalar) {
        g_.dna_front_matter = ParseDnaSummary(n->scalar, n->range);
      } else {
        sink_.Error("field-type", n->range, "negotiation_dna_summary",
                    "negotiation_dna_summary must be text");
      }
    }
    if (const YamlNode* n = v[kLevelMapping]; n && !n->IsNull()) ReadLevelMapping(*n);
    if (const YamlNode* n = v[kCompensation]; n && !n->IsNull()) ReadCompensation(*n);
  }

 private:
  void String(const YamlNode& map, std::string_view key, Field<std::string>& out) {
    String(map.Find(key), key, out);
  }

  // `n` is the key's value, or null when the key is absent.
  void String(const YamlNode* n, std::string_view key, Field<std::string>& out) {
    if (!n || n->IsNull()) return;
    if (n->kind != Kind::kScalar) {
      sink_.Error("field-type", n->range, std::string(key),
                  std::string(key) + " must be text, not a list or mapping");
      return;
    }
    out.Set(n->scalar, n->range);
  }

  void DateField(const YamlNode* n, std::string_view key, Field<Date>& out) {
    if (!n || n->IsNull()) return;
    if (n->kind != Kind::kScalar) {
      sink_.Error("date-invalid", n->range, std::string(key),
                  std::string(key) + " must be a date YYYY-MM-DD");
      return;
    }
    DateParse d = ParseIsoDate(n->scalar);
    if (!d.date) {
      sink_.Error("date-invalid", n->range, std::string(key),
                  std::string(key) + " '" + n->scalar + "' is not a valid date: " + d.error);
      return;
    }
    out.Set(*d.date, n->range);
  }

  std::optional<int64_t> Integer(const YamlNode& n, const std::string& path) {
    if (n.kind != Kind::kScalar || n.IsNull()) {
      sink_.Error("amount-invalid", n.range, path, path + " must be a whole number");
      return std::nullopt;
    }
    std::optional<int64_t> v = ParseScaledDecimal(n.scalar, 0);
    if (!v) {
      const bool negative = !n.scalar.empty() && n.scalar[0] == '-';
      sink_.Error(
          "amount-invalid", n.range, path,
          path + " '" + n.scalar + "' " +
              (negative ? "is negative; amounts cannot be negative" : "is not a whole number"));
    }
    return v;
  }

  // `n` is the value of `key` in band `row`, or null when the key is absent.
  void Amount(const YamlNode* n, std::string_view key, size_t row, const std::string& currency,
              Field<Money>& out) {
    if (!n || n->IsNull()) return;
    if (n->kind != Kind::kScalar) {
      const std::string p = BandPath(row) + "." + std::string(key);
      sink_.Error("amount-invalid", n->range, p, p + " must be a number");
      return;
    }
    // A plain number is in major units of the row's currency; "$220K" style is accepted too.
    const int64_t per = MinorPerMajor(currency);
    const int digits = MinorDigits(currency);
    if (std::optional<int64_t> v = ParseScaledDecimal(n->scalar, digits)) {
      if (*v > kMaxMajorAmount * per) {  // in minor units: 10^12 and a cent is above
        const std::string p = BandPath(row) + "." + std::string(key);
        sink_.Error("amount-invalid", n->range, p, p + " " + n->scalar + " is absurdly large");
        return;
      }
      out.Set(Money{*v, currency}, n->range);
      return;
    }
    // Only messages need the field's path from here on; the common case above does not.
    const std::string p = BandPath(row) + "." + std::string(key);
    // An INR entry's number may be grouped in lakhs ("70,00,000"), as in its pay table.
    AmountParse a = ParseAmount(n->scalar, currency);
    if (!a.ok || a.consumed != n->scalar.size()) {
      const std::string why = !a.ok ? a.error
                              : EndsWithBarePoint(n->scalar, a.consumed)
                                  ? std::string(kPointWithoutDigitAfter)
                                  : "unexpected text after it";
      sink_.Error("amount-invalid", n->range, p,
                  p + " '" + n->scalar + "' is not an amount: " + why);
      return;
    }
    if (!a.value.currency.empty() && !currency.empty() && a.value.currency != currency) {
      sink_.Error(
          "currency-mismatch", n->range, p,
          p + " is written in " + a.value.currency + " but the row's currency is " + currency);
      return;
    }
    if (a.value.currency.empty() && !currency.empty()) {
      std::optional<Money> m = InCurrency(a.value, currency);
      if (!m) {
        sink_.Error(
            "amount-invalid", n->range, p,
            p + " '" + n->scalar + "' has more decimal places than " + currency + " allows");
        return;
      }
      a.value = *m;
    }
    out.Set(a.value, n->range);
  }

  void Pct(const YamlNode* n, std::string_view key, size_t row, Field<Percent>& out) {
    if (!n || n->IsNull()) return;
    std::string_view text = n->kind == Kind::kScalar ? std::string_view(n->scalar) : "";
    if (!text.empty() && text.back() == '%') text.remove_suffix(1);
    std::optional<int64_t> v = ParseScaledDecimal(text, 2);
    if (!v || *v > kMaxPercentBasisPoints) {
      const std::string p = BandPath(row) + "." + std::string(key);
      sink_.Error(
          "amount-invalid", n->range, p,
          n->kind == Kind::kScalar
              ? p + " '" + n->scalar + "' is not a percentage: " + PercentNumberProblem(text)
              : p + " must be a percentage such as 10 or 7.5");
      return;
    }
    out.Set(Percent{static_cast<int32_t>(*v)}, n->range);
  }

  void ReadCompensation(const YamlNode& n) {
    if (n.kind != Kind::kSequence) {
      sink_.Error("field-type", n.range, "compensation", "compensation must be a list of regions");
      return;
    }
    // In the order of the enum below.
    static constexpr std::array<std::string_view, 12> kKeys = {
        "region",         "currency",       "base_low",        "base_high",
        "stock_low",      "stock_high",     "bonus_pct",       "bonus_pct_low",
        "bonus_pct_high", "total_comp_low", "total_comp_high", "stock_vesting_years"};
    enum {
      kRegion,
      kCurrency,
      kBaseLow,
      kBaseHigh,
      kStockLow,
      kStockHigh,
      kBonusPct,
      kBonusPctLow,
      kBonusPctHigh,
      kTotalCompLow,
      kTotalCompHigh,
      kVestingYears,
    };
    // A guide names a handful of regions; hostile front matter may list thousands
    // of items, so the room reserved up front is capped.
    g_.front_matter_bands.reserve(std::min<size_t>(n.items.size(), 32));
    for (size_t i = 0; i < n.items.size(); ++i) {
      const YamlNode& item = n.items[i];
      if (item.kind != Kind::kMapping) {
        const std::string path = BandPath(i);
        sink_.Error("field-type", item.range, path,
                    path + " must be a mapping (region:, base_low:, ...)");
        continue;
      }
      // Filled in place: a band is only ever appended whole.
      CompBand& b = g_.front_matter_bands.emplace_back();
      const bool flow = IsFlow(item);
      const std::array<const YamlNode*, 12> v = ValuesOf(item, kKeys, [&](const YamlEntry& e) {
        // `notes` and `level` are accepted without a warning (guide-format.md 4.2).
        const std::string& k = e.first.scalar;
        if (e.first.kind != Kind::kScalar || (k != "notes" && k != "level")) {
          sink_.Warning("unknown-key", e.first.range, BandPath(i) + "." + k,
                        "unknown compensation key '" + k + "' (kept as written, not checked)");
        }
        Keep(b.extra, e, flow);
      });
      b.range = item.range;
      b.stock_vesting_years = default_years_;
      b.stock_vesting_years_stated = default_years_stated_;
      String(v[kRegion], "region", b.region);
      String(v[kCurrency], "currency", b.currency);
      if (b.currency.has() && b.currency->empty()) b.currency = {};
      const std::string cur = b.currency.has() ? *b.currency : std::string();
      if (const YamlNode* y = v[kVestingYears]) {
        const std::string path = BandPath(i) + ".stock_vesting_years";
        if (auto years = Integer(*y, path)) {
          if (*years >= 1 && *years <= 10) {
            b.stock_vesting_years = static_cast<int>(*years);
            b.stock_vesting_years_stated = true;
            b.stock_vesting_years_in_entry = true;
          } else {
            sink_.Error("amount-invalid", y->range, path,
                        "stock_vesting_years must be between 1 and 10");
          }
        }
      }
      Amount(v[kBaseLow], "base_low", i, cur, b.base_low);
      Amount(v[kBaseHigh], "base_high", i, cur, b.base_high);
      Amount(v[kStockLow], "stock_low", i, cur, b.stock_low);
      Amount(v[kStockHigh], "stock_high", i, cur, b.stock_high);
      Amount(v[kTotalCompLow], "total_comp_low", i, cur, b.total_comp_low);
      Amount(v[kTotalCompHigh], "total_comp_high", i, cur, b.total_comp_high);
      Pct(v[kBonusPct], "bonus_pct", i, b.bonus_pct);
      Pct(v[kBonusPctLow], "bonus_pct_low", i, b.bonus_pct_low);
      Pct(v[kBonusPctHigh], "bonus_pct_high", i, b.bonus_pct_high);
    }
  }

  void ReadLevelMapping(const YamlNode& n) {
    LevelMapping& lm = g_.level_mapping_front_matter;
    if (n.kind == Kind::kScalar) {
      lm.raw.Set(n.scalar, n.range);
    } else if (n.kind == Kind::kMapping) {
      String(n, "raw", lm.raw);
      String(n, "internal", lm.internal);
      const bool flow = IsFlow(n);
      for (const YamlEntry& e : n.entries) {
        const bool known = e.first.kind == Kind::kScalar &&
                           (e.first.scalar == "raw" || e.first.scalar == "internal");
        if (!known) Keep(lm.extra, e, flow);
      }
    } else {
      sink_.Error("field-type", n.range, "level_mapping",
                  "level_mapping must be text or a mapping with raw:");
      return;
    }
    if (lm.raw.has()) {
      const SourceRange r = lm.raw.range;
      // Offsets inside a YAML scalar map back only approximately (quotes, folding);
      // point equivalents at the scalar when it is not plain text on one line.
      const bool direct = r.end - r.begin == lm.raw->size();
      // The own company if already read; ReadGuide splits the first
      // equivalent again when it is named only later in the file.
      const std::string own = g_.company_display.has() ? *g_.company_display : std::string();
      lm.equivalents = ParseLevelMapping(*lm.raw, own, [&](uint32_t b, uint32_t e) {
        return direct ? SourceRange{r.begin + b, r.begin + e} : r;
      });
    }
  }

  // A key as guides write one: a non-empty scalar on one line, not introduced
  // by YAML's explicit-key indicator '?'.
  bool IsPlainKey(const YamlNode& key) const {
    if (key.kind != YamlNode::Kind::kScalar || key.scalar.empty()) return false;
    if (key.scalar.find_first_of("\r\n") != std::string::npos) return false;
    // A key that reads as a document marker ("---", "...") would end the
    // front matter when written back at the start of a line.
    // So would one behind byte order marks, which libyaml keeps in the key
    // (past a line's first column) and the writer does not.
    std::string_view k = key.scalar;
    while (k.starts_with("\xEF\xBB\xBF")) k.remove_prefix(3);
    if (k.starts_with("---") || k.starts_with("...")) return false;
    // Before the key: spaces, tabs and byte order marks, then '?' on the same
    // line ("? key"), or alone on the line before with the key indented under
    // it or behind a byte order mark ("?\n  key", "?\n<BOM>key").
    bool bom = false;
    auto skip_blank = [&](uint32_t at) {
      for (;;) {
        if (at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\t')) {
          --at;
        } else if (at >= 3 && text_.compare(at - 3, 3, "\xEF\xBB\xBF") == 0) {
          at -= 3;
          bom = true;
        } else {
          return at;
        }
      }
    };
    const uint32_t key_at =
        std::min<uint32_t>(key.range.begin, static_cast<uint32_t>(text_.size()));
    const uint32_t at = skip_blank(key_at);
    if (at > 0 && text_[at - 1] == '?') return false;
    if (at > 0 && text_[at - 1] == '\n') {
      const bool key_bom = bom;
      uint32_t prev = at - 1;
      if (prev > 0 && text_[prev - 1] == '\r') --prev;
      prev = skip_blank(prev);
      if (prev > 0 && text_[prev - 1] == '?') {
        const uint32_t line_start = skip_blank(prev - 1);
        const bool alone = line_start == 0 || text_[line_start - 1] == '\n';
        if (alone && (key_bom || key_at - at > prev - 1 - line_start)) return false;
      }
    }
    return true;
  }

  static bool IsFlow(const YamlNode& map) { return map.flow; }

  // Appends the entry `e` as written to `out`; a flow entry with neither a
  // value nor a colon (`{region: X, notes}`) is left out: its text alone would
  // not read as a key in block style, and its value is null.
  void Keep(std::vector<RawYamlEntry>& out, const YamlEntry& e, bool in_flow) const {
    RawYamlEntry r = Raw(e, in_flow);
    if (in_flow && e.second.kind == Kind::kScalar && e.second.plain && e.second.scalar.empty() &&
        (r.text.empty() || r.text.back() != ':')) {
      return;
    }
    out.push_back(std::move(r));
  }

  // The entry `e` as written: from its key to the end of its value. In a block
  // mapping that is to the end of the value's last line (a trailing comment
  // included); in a flow mapping it stops where the value does. Bounded by the
  // front matter.
  RawYamlEntry Raw(const YamlEntry& e, bool in_flow) const {
    RawYamlEntry r;
    r.key = e.first.kind == Kind::kScalar ? e.first.scalar : std::string();
    uint32_t b = std::clamp(e.first.range.begin, begin_, end_);
    // libyaml takes a byte order mark at the start of the YAML as the stream's,
    // not the key's, and one libyaml read as the start of a key would be taken
    // so once the key is written back first in the front matter: a key's
    // leading byte order mark is never kept, so the text reads back the same.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    const bool bom_in_key = r.key.starts_with(kBom);
    if (bom_in_key) r.key.erase(0, kBom.size());
    // Where the key starts as libyaml counts its column: a mark it read as
    // part of the key is where the key's indentation ends, so the lines under
    // the key keep their depth below it (IndentRawYaml).
    const uint32_t key_at = b;
    if (text_.substr(b, 3) == kBom && b + 3 <= end_) b += 3;
    const uint32_t key_end = std::clamp(e.first.range.end, b, end_);
    // Without a byte order mark libyaml read as part of it, a key may no
    // longer read as itself: after one, `## x` is a plain key, alone it is a
    // comment. Such a key is written as a quoted YAML string instead.
    std::string quoted_key;  // empty: the key as written
    if (bom_in_key) {
      quoted_key = YamlString(r.key);
      if (quoted_key == r.key) quoted_key.clear();
    }
    const std::string_view key_text =
        quoted_key.empty() ? text_.substr(b, key_end - b) : std::string_view(quoted_key);
    // An empty value has no text of its own (libyaml places it at the next token).
    const bool empty = e.second.kind == Kind::kScalar && e.second.plain && e.second.scalar.empty();
    uint32_t end = empty ? key_end : std::clamp(ContentEnd(e.second, text_), key_end, end_);
    if (empty && in_flow) {
      // `{notes: }`: the text ends with the colon. (`{notes}` has none.)
      uint32_t at = key_end;
      while (at < end_ && (text_[at] == ' ' || text_[at] == '\t')) ++at;
      if (at < end_ && text_[at] == ':') end = at + 1;
    }
    // A block scalar (or an empty value) ends at the next token: back to the
    // value's last byte. A block scalar that keeps its trailing line breaks
    // (`|+`) keeps its blank lines too: back over the next line's indentation
    // and one line break only.
    // Line breaks are every one libyaml counts (BreakAt), NEL and U+2028 too.
    if (!empty && !in_flow && EndsWithKeptBreaks(e.second, text_)) {
      while (end > key_end && (text_[end - 1] == ' ' || text_[end - 1] == '\t')) --end;
      if (end > key_end && text_[end - 1] == '\n') {
        --end;
        if (end > key_end && text_[end - 1] == '\r') --end;
      } else if (const size_t n = BreakBeforeLength(text_, end); n != 0 && end - n >= key_end) {
        end -= static_cast<uint32_t>(n);
      }
    } else {
      for (;;) {
        if (end > key_end && (text_[end - 1] == ' ' || text_[end - 1] == '\t')) {
          --end;
        } else if (const size_t n = BreakBeforeLength(text_, end); n != 0 && end - n >= key_end) {
          end -= static_cast<uint32_t>(n);
        } else {
          break;
        }
      }
    }
    if (!in_flow) {
      while (end < end_ && BreakAt(text_, end) == 0) ++end;
    }
    uint32_t line = b;
    while (line > begin_ && !BreakBefore(text_, line)) --line;
    if (text_.substr(line, 3) == kBom && line + 3 <= b) line += 3;
    r.flow = in_flow;
    const uint32_t value = std::clamp(e.second.range.begin, key_end, end);
    if (in_flow && !empty && value > key_end) {
      // In block style a colon needs a space after it, which a flow mapping
      // may leave out (`"notes":x`): the key, ": ", then the value.
      r.text.assign(key_text);
      r.text += ": ";
      r.text.append(text_.substr(value, end - value));
    } else {
      r.text.assign(key_text);
      r.text.append(text_.substr(key_end, end - key_end));
    }
    r.range = {b, end};
    r.indent = static_cast<int>(std::max(key_at, line) - line);
    return r;
  }

  const SourceFile& file_;
  std::string_view text_;         // the whole file
  uint32_t begin_ = 0, end_ = 0;  // the front matter's YAML
  Guide& g_;
  DiagnosticSink& sink_;
  int default_years_ = 4;
  bool default_years_stated_ = false;  // the top-level stock_vesting_years was read
};

}  // namespace

void ReadFrontMatter(const YamlNode& root, const SourceFile& file, Guide& guide,
                     DiagnosticSink& sink) {
  FrontMatterReader(file, guide, sink).Read(root);
}

}  // namespace levers::internal

namespace levers {

std::string IndentRawYaml(const RawYamlEntry& e, int indent) {
  const int delta = indent - e.indent;
  if (delta == 0 && !e.flow) return e.text;
  std::string out;
  out.reserve(e.text.size() + 64);
  std::string_view rest = e.text;
  bool first = true;
  while (!rest.empty()) {
    // Lines end at every break libyaml counts (BreakAt: NEL, U+2028 and
    // U+2029 too), so that each line moves with the rest.
    size_t next = 0;
    while (next < rest.size() && internal::BreakAt(rest, next) == 0) ++next;
    if (next < rest.size()) {
      const bool crlf = rest[next] == '\r' && next + 1 < rest.size() && rest[next + 1] == '\n';
      next += crlf ? 2 : internal::BreakAt(rest, next);
    }
    std::string_view line = rest.substr(0, next);
    rest.remove_prefix(next);
    if (first) {
      out.append(line);
      first = false;
      continue;
    }
    if (internal::BreakAt(line, 0) != 0) {
      out.append(line);  // an empty line stays empty
      continue;
    }
    // A line of spaces moves with the rest (a block scalar may count them).
    size_t lead = 0;
    while (lead < line.size() && line[lead] == ' ') ++lead;
    const bool blank = line.find_first_not_of(" \t\r\n") == std::string_view::npos;
    // Block content is deeper than its key, so it keeps its shape; content of
    // a flow mapping (any indentation in the file) goes deeper than the key.
    int to = static_cast<int>(lead) + delta;
    if (!blank) to = std::max(to, e.flow ? indent + 1 : indent);
    out.append(static_cast<size_t>(std::max(to, 0)), ' ');
    out.append(line.substr(lead));
  }
  return out;
}

}  // namespace levers
