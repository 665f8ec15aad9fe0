#include "guide/front_matter_reader.h"

#include <algorithm>
#include <array>

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

// A field path of a front matter band, for messages only: "compensation[2]".
std::string BandPath(size_t row) { return "compensation[" + std::to_string(row) + "]"; }

class FrontMatterReader {
 public:
  FrontMatterReader(Guide& g, DiagnosticSink& sink) : g_(g), sink_(sink) {}

  void Read(const YamlNode& root) {
    if (root.kind != Kind::kMapping) {
      sink_.Error("front-matter-shape", root.range, "",
                  "front matter must be a YAML mapping of keys (company: ..., role: ...)");
      return;
    }
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
      sink_.Warning("unknown-key", e.first.range, k,
                    "unknown front matter key '" + k + "' (ignored; see docs/guide-format.md)");
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
    const int digits = per == 1 ? 0 : 2;
    if (std::optional<int64_t> v = ParseScaledDecimal(n->scalar, digits)) {
      if (*v / per > kMaxMajorAmount) {
        const std::string p = BandPath(row) + "." + std::string(key);
        sink_.Error("amount-invalid", n->range, p, p + " " + n->scalar + " is absurdly large");
        return;
      }
      out.Set(Money{*v, currency}, n->range);
      return;
    }
    // Only messages need the field's path from here on; the common case above does not.
    const std::string p = BandPath(row) + "." + std::string(key);
    AmountParse a = ParseAmount(n->scalar);
    if (!a.ok || a.consumed != n->scalar.size()) {
      sink_.Error("amount-invalid", n->range, p,
                  p + " '" + n->scalar +
                      "' is not an amount: " + (a.ok ? "unexpected text after it" : a.error));
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
    if (!v || *v > 100000) {
      const std::string p = BandPath(row) + "." + std::string(key);
      sink_.Error("amount-invalid", n->range, p, p + " must be a percentage such as 10 or 7.5");
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
    static constexpr std::array<std::string_view, 14> kKeys = {
        "region",         "currency",       "base_low",        "base_high",
        "stock_low",      "stock_high",     "bonus_pct",       "bonus_pct_low",
        "bonus_pct_high", "total_comp_low", "total_comp_high", "stock_vesting_years",
        "notes",          "level"};
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
      const std::array<const YamlNode*, 14> v = ValuesOf(item, kKeys, [&](const YamlEntry& e) {
        sink_.Warning("unknown-key", e.first.range, BandPath(i) + "." + e.first.scalar,
                      "unknown compensation key '" + e.first.scalar + "' (ignored)");
      });
      // Filled in place: a band is only ever appended whole.
      CompBand& b = g_.front_matter_bands.emplace_back();
      b.range = item.range;
      b.stock_vesting_years = default_years_;
      String(v[kRegion], "region", b.region);
      String(v[kCurrency], "currency", b.currency);
      if (b.currency.has() && b.currency->empty()) b.currency = {};
      const std::string cur = b.currency.has() ? *b.currency : std::string();
      if (const YamlNode* y = v[kVestingYears]) {
        const std::string path = BandPath(i) + ".stock_vesting_years";
        if (auto years = Integer(*y, path)) {
          if (*years >= 1 && *years <= 10)
            b.stock_vesting_years = static_cast<int>(*years);
          else
            sink_.Error("amount-invalid", y->range, path,
                        "stock_vesting_years must be between 1 and 10");
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
      const std::string own = g_.company_display.has() ? *g_.company_display : std::string();
      lm.equivalents = ParseLevelMapping(*lm.raw, own, [&](uint32_t b, uint32_t e) {
        return direct ? SourceRange{r.begin + b, r.begin + e} : r;
      });
    }
  }

  Guide& g_;
  DiagnosticSink& sink_;
  int default_years_ = 4;
};

}  // namespace

void ReadFrontMatter(const YamlNode& root, Guide& guide, DiagnosticSink& sink) {
  FrontMatterReader(guide, sink).Read(root);
}

}  // namespace levers::internal
