#include "levers/check.h"

#include <algorithm>
#include <array>
#include <climits>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "check/data_dates.h"
#include "core/counted.h"

namespace levers {
namespace {

using internal::Counted;

// 128-bit intermediates keep products of amounts and basis points exact.
__extension__ typedef __int128 Wide;

std::string Fmt(const Money& m) { return FormatMoney(m); }
// "USD 215,000–270,000": a range's ends in one currency, named once.
std::string RangeFmt(const Money& lo, const Money& hi, std::string_view between = "\u2013") {
  std::string out = FormatMoney(lo);
  out += between;
  AppendMajorUnits(out, hi, true);
  return out;
}

std::string PctFmt(Percent p) { return PercentString(p) + "%"; }

// The first day of a quarter written as salary_data_quarter is ("2025-Q4" ->
// 2025-10-01), or nullopt when the text is not of that form.
std::optional<Date> QuarterStart(std::string_view q) {
  const bool ok =
      q.size() == 7 && q[4] == '-' && q[5] == 'Q' && q[6] >= '1' && q[6] <= '4' &&
      std::all_of(q.begin(), q.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) return std::nullopt;
  const int year = (q[0] - '0') * 1000 + (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
  return Date{year, (q[6] - '1') * 3 + 1, 1};
}

// |stated - computed| as a share of computed, in basis points (rounded up).
int64_t GapBp(int64_t stated, int64_t computed) {
  if (computed <= 0) return stated == 0 ? 0 : INT64_MAX;
  Wide gap = stated > computed ? stated - computed : computed - stated;
  if (gap <= (INT64_MAX - computed) / 10000) {  // the usual sizes: the same sum in 64 bits
    const int64_t g = static_cast<int64_t>(gap);
    return (g * 10000 + computed - 1) / computed;
  }
  return static_cast<int64_t>((gap * 10000 + computed - 1) / computed);
}

// One end of the total comp implied by a band's parts, in minor units of the
// base's currency (ComputeTotalComp without building a Money), or nullopt when
// the parts cannot be added.
std::optional<int64_t> TotalCompEnd(const Field<Money>& base, const Field<Money>& stock,
                                    const Field<Percent>& bonus, int vesting_years) {
  if (!base.has() || !stock.has() || base->currency != stock->currency || vesting_years < 1) {
    return std::nullopt;
  }
  Wide bonus_minor = 0;
  if (bonus.has()) {
    int64_t product;  // 64 bits when it fits (it always does for real pay), else 128
    bonus_minor = __builtin_mul_overflow(base->minor, int64_t{bonus->basis_points}, &product)
                      ? static_cast<Wide>(base->minor) * bonus->basis_points / 10000
                      : product / 10000;
  }
  const Wide total = static_cast<Wide>(base->minor) + stock->minor / vesting_years + bonus_minor;
  return static_cast<int64_t>(total);
}

// One end of a band's total comp (TotalCompEnd of that end's figures). A bonus
// range with one end open leaves that end's total unknown: it is not computed
// with a bonus of 0% the guide never stated.
std::optional<int64_t> BandTotalCompEnd(const CompBand& b, bool high) {
  const Field<Percent>& bonus = high ? b.bonus_pct_high : b.bonus_pct_low;
  if (!bonus.has() && (high ? b.bonus_pct_low : b.bonus_pct_high).has()) return std::nullopt;
  return high ? TotalCompEnd(b.base_high, b.stock_high, bonus, b.stock_vesting_years)
              : TotalCompEnd(b.base_low, b.stock_low, bonus, b.stock_vesting_years);
}

// Where a band sits in the guide: "compensation[2]" or "table[0]". Rules build
// the field path only when they report something, not once per band.
struct BandPath {
  const char* list;  // "compensation" or "table"
  size_t index;
  std::string Str() const { return std::string(list) + "[" + std::to_string(index) + "]"; }
  std::string operator+(std::string_view field) const {
    std::string out = Str();
    out += field;
    return out;
  }
};

class GuideChecker {
 public:
  GuideChecker(const Guide& g, const CheckOptions& o, DiagnosticSink& sink)
      : g_(g), o_(o), sink_(sink) {}

  // `bands` is ResolveCompensation(g_) when the caller has it, else null.
  void Run(const std::vector<ResolvedBand>* bands = nullptr) {
    read_count_ = sink_.diagnostics().size();
    RequiredFields();
    RequiredSections();
    // Each entry's table row, whose currency an entry without one is told to add.
    const std::vector<int> rows =
        g_.front_matter_bands.empty() ? std::vector<int>() : MatchTableRows(g_);
    for (size_t i = 0; i < g_.front_matter_bands.size(); ++i) {
      const CompBand* row = rows[i] >= 0 ? &g_.table_bands[static_cast<size_t>(rows[i])] : nullptr;
      BandRules(g_.front_matter_bands[i], BandPath{"compensation", i}, true, row);
    }
    for (size_t i = 0; i < g_.table_bands.size(); ++i) {
      BandRules(g_.table_bands[i], BandPath{"table", i}, false);
    }
    // Total comp against its parts, once per region, on the merged figures.
    if (!bands) {
      own_bands_ = ResolveCompensation(g_);
      bands = &own_bands_;
    }
    bands_ = bands;
    for (size_t i = 0; i < bands_->size(); ++i) {
      const ResolvedBand& r = (*bands_)[i];
      TotalComp(r.band, r.from_front_matter
                            ? BandPath{"compensation", static_cast<size_t>(r.front_matter_index)}
                            : BandPath{"table", static_cast<size_t>(r.table_index)});
    }
    RegionDuplicates();
    FrontMatterAgainstTable();
    Dates();
    StrategyRules();
    LevelMappingRules();
  }

 private:
  void RequiredFields() {
    if (!g_.has_front_matter || !g_.front_matter_read) {
      if (!g_.has_front_matter) {
        sink_.Note(
            "no-front-matter", {g_.body_range.begin, g_.body_range.begin}, "",
            "this guide has no front matter, so its last update, review date and data quality are "
            "unknown; `levers render --to md` writes one for you to complete");
      }
      if (!g_.heading.has()) {
        sink_.Error("missing-field", {g_.body_range.begin, g_.body_range.begin}, "company",
                    "no '### Role | Company Global Negotiation Guide' heading: the guide names no "
                    "company or role");
      }
      return;  // unreadable front matter is reported already; its keys cannot be judged
    }
    const SourceRange fm{g_.front_matter_range.begin, g_.front_matter_range.begin};
    auto need = [&](bool has, const char* key) {
      if (!has && !HasFinding(key)) {
        sink_.Error("missing-field", fm, key,
                    std::string("front matter has no '") + key + "' (required)");
      }
    };
    need(g_.company.has(), "company");
    need(g_.company_display.has(), "company_display");
    need(g_.role.has(), "role");
    need(g_.role_display.has(), "role_display");
    need(!g_.front_matter_bands.empty(), "compensation");
    // Without these a guide's freshness cannot be judged: a warning, so that the
    // front matter `levers render --to md` writes for a body-only guide checks clean.
    for (const auto& [has, key] : {std::pair{g_.last_updated.has(), "last_updated"},
                                   std::pair{g_.next_review_due.has(), "next_review_due"},
                                   std::pair{g_.data_quality.has(), "data_quality"}}) {
      if (!has && !HasFinding(key)) {
        const bool dated = key == std::string_view("next_review_due") && g_.last_updated.has();
        sink_.Warning(
            "review-info-missing", fm, key,
            std::string("front matter has no '") + key +
                (dated ? "', so the guide is taken to be due for review " +
                             std::to_string(kDataReviewMonths) + " months after its last_updated"
                       : std::string("', so the guide's freshness cannot be judged")));
      }
    }
    if (g_.data_quality.has()) {
      const std::string& q = *g_.data_quality;
      if (q != "high" && q != "medium" && q != "low") {
        sink_.Error("field-value", g_.data_quality.range, "data_quality",
                    "data_quality '" + q + "' must be high, medium or low");
      }
    }
    if (g_.salary_data_quarter.has()) {
      const std::string& q = *g_.salary_data_quarter;
      if (!QuarterStart(q)) {
        sink_.Error("field-value", g_.salary_data_quarter.range, "salary_data_quarter",
                    "salary_data_quarter '" + q + "' must look like 2025-Q4");
      }
    }
    for (size_t i = 0; i < g_.front_matter_bands.size(); ++i) {
      const CompBand& b = g_.front_matter_bands[i];
      const BandPath path{"compensation", i};
      if (!b.region.has() && !HasFinding(path + ".region")) {
        sink_.Error("missing-field", b.range, path + ".region", path + " has no region");
      }
      if ((!b.base_low.has() && !HasFinding(path + ".base_low")) ||
          (!b.base_high.has() && !HasFinding(path + ".base_high"))) {
        sink_.Error("missing-field", b.range, path + ".base_low",
                    path + " needs base_low and base_high");
      }
    }
  }

  // Whether reading already reported a problem with this field (so "missing" would only echo it).
  // Asked only when a field is missing: the set of the reader's paths is made on first use.
  bool HasFinding(const std::string& field) {
    if (!read_findings_made_) {
      for (size_t i = 0; i < read_count_; ++i) read_findings_.insert(sink_.diagnostics()[i].path);
      read_findings_made_ = true;
    }
    return read_findings_.count(field) > 0;
  }

  void RequiredSections() {
    if (g_.body_truncated) return;  // what was not read cannot be called missing
    const SourceRange end{g_.body_range.end, g_.body_range.end};
    auto need = [&](bool has, const char* what, const char* how) {
      if (!has) {
        sink_.Error("missing-section", end, what,
                    std::string("the guide has no ") + what + " (" + how + ")");
      }
    };
    need(g_.saw_table && !g_.table_bands.empty(), "pay table",
         "a | Region | Base Salary | ... | table");
    need(ResolveDna(g_).text.has(), "Negotiation DNA summary", "a '**Negotiation DNA:** ...' line");
    need(ResolveLevelMapping(g_).raw.has(), "level mapping", "a '**Level Mapping:** A = B' line");
    need(g_.saw_levers && !g_.levers.empty(), "Global Levers",
         "'**Global Levers**' and a numbered list");
    need(g_.saw_strategy, "Negotiate Up Strategy", "a '> **Negotiate Up Strategy:** ...' quote");
    need(g_.saw_evidence && !g_.evidence.empty(), "evidence list",
         "'#### Evidence & Sources' and a list");
  }

  void Order(const Field<Money>& lo, const Field<Money>& hi, const BandPath& path,
             const char* name) {
    if (lo.has() && hi.has() && lo->currency == hi->currency && lo->minor > hi->minor) {
      sink_.Error(
          "range-order", lo.range, path + "." + name + "_low",
          std::string(name) + "_low " + Fmt(*lo) + " is above " + name + "_high " + Fmt(*hi));
    }
  }

  // `row`: a front matter entry's table row for the same region, if any.
  void BandRules(const CompBand& b, const BandPath& path, bool front_matter,
                 const CompBand* row = nullptr) {
    Order(b.base_low, b.base_high, path, "base");
    Order(b.stock_low, b.stock_high, path, "stock");
    Order(b.total_comp_low, b.total_comp_high, path, "total_comp");
    if (b.bonus_pct_low.has() && b.bonus_pct_high.has() &&
        b.bonus_pct_low->basis_points > b.bonus_pct_high->basis_points) {
      sink_.Error("range-order", b.bonus_pct_low.range, path + ".bonus_pct_low",
                  "bonus low " + PctFmt(*b.bonus_pct_low) + " is above bonus high " +
                      PctFmt(*b.bonus_pct_high));
    }
    if (front_matter) {
      if (!b.currency.has()) {
        const bool row_known = row && row->currency.has() && FindCurrency(*row->currency);
        sink_.Error("currency-missing", b.range, path + ".currency",
                    path.Str() + " (" + (b.region.has() ? *b.region : std::string("?")) +
                        ") has no currency; add currency: " +
                        (row_known ? *row->currency + ", the currency of its pay table row"
                                   : std::string("USD (or EUR, GBP ...)")));
      } else if (!FindCurrency(*b.currency)) {
        sink_.Error("currency-unknown", b.currency.range, path + ".currency",
                    "currency '" + *b.currency +
                        "' is not an ISO 4217 code levers knows (USD, EUR, GBP ...)");
      }
    }
  }

  // True when a low/high pair is inverted: rules built on the band would only echo range-order.
  static bool Inverted(const Field<Money>& lo, const Field<Money>& hi) {
    return lo.has() && hi.has() && lo->minor > hi->minor;
  }

  // True when a bonus range is inverted: it has no inside to compare with.
  static bool Inverted(const Field<Percent>& lo, const Field<Percent>& hi) {
    return lo.has() && hi.has() && lo->basis_points > hi->basis_points;
  }

  void TotalComp(const CompBand& b, const BandPath& path) {
    if (!b.currency.has() || !FindCurrency(*b.currency)) return;
    if (Inverted(b.base_low, b.base_high) || Inverted(b.stock_low, b.stock_high) ||
        Inverted(b.bonus_pct_low, b.bonus_pct_high)) {
      return;
    }
    const std::optional<int64_t> low = BandTotalCompEnd(b, false);
    const std::optional<int64_t> high = BandTotalCompEnd(b, true);
    auto one = [&](const Field<Money>& stated, const std::optional<int64_t>& computed_minor,
                   const char* end, const Field<Money>& base, const Field<Money>& stock,
                   const Field<Percent>& bonus) {
      // The computed figure is in the base's currency, which must be the
      // region's: a front matter entry without a currency of its own gives
      // figures of none, though its table row names one.
      if (!stated.has() || !computed_minor || stated->currency != base->currency ||
          base->currency != *b.currency) {
        return;
      }
      const int64_t gap = GapBp(stated->minor, *computed_minor);
      if (gap <= o_.total_comp_tolerance_bp) return;
      const Money computed{*computed_minor, base->currency};
      const ComputedTotalComp c = ComputeTotalComp(b);
      const Percent gap_pct{static_cast<int32_t>(std::min<int64_t>(gap, INT32_MAX))};
      sink_.Warning("total-comp-mismatch", stated.range, path + ".total_comp_" + end,
                    "stated total comp " + std::string(end) + " " + Fmt(*stated) + " is " +
                        PctFmt(gap_pct) + " " +
                        (stated->minor > computed.minor ? "above" : "below") + " the " +
                        Fmt(computed) + " computed from base " + Fmt(*base) + " + stock " +
                        Fmt(*stock) + "/" + std::to_string(b.stock_vesting_years) + " + bonus " +
                        (bonus.has() ? PctFmt(*bonus) : std::string("0%")) + " (computed range " +
                        (c.low && c.high ? RangeFmt(*c.low, *c.high)
                         : c.low         ? Fmt(*c.low) + "–?"
                         : c.high        ? "?–" + Fmt(*c.high)
                                         : std::string("?–?")) +
                        ", tolerance " + PctFmt(Percent{o_.total_comp_tolerance_bp}) + ")");
    };
    one(b.total_comp_low, low, "low", b.base_low, b.stock_low, b.bonus_pct_low);
    one(b.total_comp_high, high, "high", b.base_high, b.stock_high, b.bonus_pct_high);
  }

  // What RegionKey keeps of a region name, in brief: its first and last
  // characters other than white space (ASCII letters lowered). Names with the
  // same key have the same ends, so only names whose ends agree (in practice,
  // only repeats) need their keys built.
  struct RegionEnds {
    unsigned char first = 0, last = 0;
    bool operator==(const RegionEnds&) const = default;
  };
  static RegionEnds Ends(std::string_view name) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };  // "C" isspace
    auto lower = [](char c) {
      const unsigned char u = static_cast<unsigned char>(c);
      return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u - 'A' + 'a') : u;
    };
    size_t b = 0, e = name.size();
    while (b < e && space(name[b])) ++b;
    while (e > b && space(name[e - 1])) --e;
    if (b == e) return {};
    return {lower(name[b]), lower(name[e - 1])};
  }

  // For each band of `bands` (the front matter's or the table's), the index of
  // an earlier band with the same region key, or -1; empty when no region is
  // repeated (the usual case, found without building a key or allocating).
  // Pairwise for the usual handful of regions, through a map for hostile
  // thousands.
  static std::vector<int> EarlierSameRegion(const std::vector<CompBand>& bands) {
    std::vector<int> earlier;
    auto found = [&](size_t later, size_t first) {
      if (earlier.empty()) earlier.assign(bands.size(), -1);
      earlier[later] = static_cast<int>(first);
    };
    constexpr size_t kPairwise = 32;
    if (bands.size() <= kPairwise) {
      std::array<RegionEnds, kPairwise> ends;
      for (size_t j = 0; j < bands.size(); ++j) {
        if (!bands[j].region.has()) continue;
        ends[j] = Ends(*bands[j].region);
        for (size_t i = 0; i < j; ++i) {
          if (bands[i].region.has() && ends[i] == ends[j] &&
              RegionKey(*bands[i].region) == RegionKey(*bands[j].region)) {
            found(j, i);
            break;
          }
        }
      }
      return earlier;
    }
    std::vector<std::string> keys(bands.size());
    std::unordered_map<std::string_view, size_t> first;
    for (size_t i = 0; i < bands.size(); ++i) {
      if (!bands[i].region.has()) continue;
      keys[i] = RegionKey(*bands[i].region);
      const auto [it, added] = first.emplace(keys[i], i);
      if (!added) found(i, it->second);
    }
    return earlier;
  }

  // Whether band `i` repeats the region of an earlier one (`earlier` as
  // EarlierSameRegion gives it).
  static bool Repeats(const std::vector<int>& earlier, size_t i) {
    return !earlier.empty() && earlier[i] >= 0;
  }

  // A region stated twice in the pay table, or twice in the front matter:
  // region-duplicate at the second, naming the first by its line (an editor
  // jumps there), or, for a band not read from a file, by its place. The
  // second is then not also called region-unmatched (its region is in the
  // other part; only its partner was taken by the first).
  void RegionDuplicates() {
    fm_duplicate_ = EarlierSameRegion(g_.front_matter_bands);
    table_duplicate_ = EarlierSameRegion(g_.table_bands);
    auto report = [&](const std::vector<CompBand>& bands, size_t i, size_t first, bool table) {
      const uint32_t line = bands[first].region_line;
      // Both on one line (flow-style front matter): the line alone would
      // point at the second itself.
      const std::string column = line == bands[i].region_line
                                     ? ", column " + std::to_string(bands[first].region_column)
                                     : "";
      const std::string named = line > 0 ? "line " + std::to_string(line) + column
                                : table  ? "row " + std::to_string(first + 1)
                                         : BandPath{"compensation", first}.Str();
      sink_.Error("region-duplicate", bands[i].region.range,
                  BandPath{table ? "table" : "compensation", i} + ".region",
                  "region '" + *bands[i].region + "' is stated twice in " +
                      (table ? "the pay table" : "the front matter") + ": " + named +
                      " gives it already; keep one " + (table ? "row" : "entry") + " per region");
    };
    for (size_t i = 0; i < fm_duplicate_.size(); ++i) {
      if (Repeats(fm_duplicate_, i))
        report(g_.front_matter_bands, i, static_cast<size_t>(fm_duplicate_[i]), false);
    }
    for (size_t j = 0; j < table_duplicate_.size(); ++j) {
      if (Repeats(table_duplicate_, j))
        report(g_.table_bands, j, static_cast<size_t>(table_duplicate_[j]), true);
    }
  }

  void FrontMatterAgainstTable() {
    if (!g_.has_front_matter) return;
    std::vector<bool> matched(g_.table_bands.size(), false);
    const std::vector<int> matches = MatchTableRows(g_);
    for (size_t i = 0; i < g_.front_matter_bands.size(); ++i) {
      const CompBand& fm = g_.front_matter_bands[i];
      const BandPath path{"compensation", i};
      if (!fm.region.has()) continue;
      const CompBand* t = nullptr;
      if (matches[i] >= 0) {
        t = &g_.table_bands[static_cast<size_t>(matches[i])];
        matched[static_cast<size_t>(matches[i])] = true;
      }
      if (!t) {
        if (!g_.table_bands.empty() && !Repeats(fm_duplicate_, i)) {
          sink_.Warning(
              "region-unmatched", fm.region.range, path + ".region",
              "region '" + *fm.region + "' is in the front matter but not in the pay table");
        }
        continue;
      }
      if (fm.currency.has() && FindCurrency(*fm.currency) && t->currency.has() &&
          *fm.currency != *t->currency) {
        sink_.Error("currency-mismatch", t->currency.range, path + ".currency",
                    "the table gives " + *fm.region + " in " + *t->currency +
                        " but the front matter says " + *fm.currency);
        continue;  // figures in different currencies cannot be compared
      }
      auto same = [&](const Field<Money>& a, const Field<Money>& b, const char* key) {
        // A table cell in another currency than its row is currency-mismatch already.
        if (a.has() && b.has() && a->minor != b->minor &&
            (a->currency.empty() || b->currency.empty() || a->currency == b->currency)) {
          sink_.Error("fm-table-mismatch", b.range, path + "." + key,
                      std::string(key) + " for " + *fm.region + ": front matter says " + Fmt(*a) +
                          ", the table says " + Fmt(*b));
        }
      };
      same(fm.base_low, t->base_low, "base_low");
      same(fm.base_high, t->base_high, "base_high");
      same(fm.stock_low, t->stock_low, "stock_low");
      same(fm.stock_high, t->stock_high, "stock_high");
      // A Stock cell that says the grant is not stated ("—") beside front
      // matter that states one.
      if (fm.stock_low.has() && !t->stock_low.has() && !t->stock_high.has() &&
          t->stock_low.range.end > t->stock_low.range.begin) {
        sink_.Error("fm-table-mismatch", t->stock_low.range, path + ".stock_low",
                    "stock for " + *fm.region + ": front matter says " +
                        (fm.stock_high.has() ? RangeFmt(*fm.stock_low, *fm.stock_high, " to ")
                                             : Fmt(*fm.stock_low) + " to ?") +
                        ", the table says it is not stated");
      }
      same(fm.total_comp_low, t->total_comp_low, "total_comp_low");
      same(fm.total_comp_high, t->total_comp_high, "total_comp_high");
      auto same_pct = [&](const Field<Percent>& a, const Field<Percent>& b, const char* key) {
        if (a.has() && b.has() && a->basis_points != b->basis_points) {
          sink_.Error("fm-table-mismatch", b.range, path + "." + key,
                      std::string(key) + " for " + *fm.region + ": front matter says " +
                          PctFmt(*a) + ", the table says " + PctFmt(*b));
        }
      };
      same_pct(fm.bonus_pct_low, t->bonus_pct_low, "bonus_pct_low");
      same_pct(fm.bonus_pct_high, t->bonus_pct_high, "bonus_pct_high");
      if (fm.stock_vesting_years_stated && g_.table_stock_vesting_years.has() &&
          fm.stock_vesting_years != *g_.table_stock_vesting_years) {
        sink_.Error("fm-table-mismatch", g_.table_stock_vesting_years.range,
                    path + ".stock_vesting_years",
                    "stock_vesting_years for " + *fm.region + ": front matter says " +
                        std::to_string(fm.stock_vesting_years) + ", the table header says " +
                        std::to_string(*g_.table_stock_vesting_years));
      }
      // bonus_pct is one figure. Against a table cell of one figure (`10%`) it is
      // the same fact stated twice: a difference is fm-table-mismatch. Against a
      // range it is a target that should lie in it.
      const bool table_one_figure =
          t->bonus_pct_low.has() && t->bonus_pct_high.has() &&
          t->bonus_pct_low->basis_points == t->bonus_pct_high->basis_points;
      if (fm.bonus_pct.has() && table_one_figure) {
        if (fm.bonus_pct->basis_points != t->bonus_pct_low->basis_points) {
          sink_.Error("fm-table-mismatch", t->bonus_pct_low.range, path + ".bonus_pct",
                      "bonus_pct for " + *fm.region + ": front matter says " +
                          PctFmt(*fm.bonus_pct) + ", the table says " + PctFmt(*t->bonus_pct_low));
        }
      } else if (fm.bonus_pct.has() && t->bonus_pct_low.has() && t->bonus_pct_high.has() &&
                 !Inverted(t->bonus_pct_low, t->bonus_pct_high) &&
                 (fm.bonus_pct->basis_points < t->bonus_pct_low->basis_points ||
                  fm.bonus_pct->basis_points > t->bonus_pct_high->basis_points)) {
        sink_.Warning("bonus-outside-range", fm.bonus_pct.range, path + ".bonus_pct",
                      "front matter bonus_pct " + PctFmt(*fm.bonus_pct) + " for " + *fm.region +
                          " is outside the table's range " + PctFmt(*t->bonus_pct_low) + "–" +
                          PctFmt(*t->bonus_pct_high));
      }
    }
    for (size_t j = 0; j < g_.table_bands.size(); ++j) {
      const CompBand& tb = g_.table_bands[j];
      if (!matched[j] && tb.region.has() && !g_.front_matter_bands.empty() &&
          !Repeats(table_duplicate_, j)) {
        sink_.Warning(
            "region-unmatched", tb.region.range, "table[" + std::to_string(j) + "].region",
            "region '" + *tb.region + "' is in the pay table but not in the front matter");
      }
    }
  }

  void Dates() {
    if (g_.last_updated.has() && g_.next_review_due.has() &&
        *g_.next_review_due < *g_.last_updated) {
      sink_.Error("review-before-update", g_.next_review_due.range, "next_review_due",
                  "next_review_due " + g_.next_review_due->ToString() + " is before last_updated " +
                      g_.last_updated->ToString());
    }
    QuarterFuture();
    if (!o_.today) return;
    const std::optional<GuideReview> review =
        FindGuideReview(g_, [&](std::string_view key) { return HasFinding(std::string(key)); });
    if (review && review->basis == GuideReview::Basis::kNextReviewDue &&
        review->DaysOverdue(*o_.today) > 0) {
      sink_.Warning("review-overdue", g_.next_review_due.range, "next_review_due",
                    "review was due " + review->due.ToString() + ", " +
                        Counted(review->DaysOverdue(*o_.today), "day") + " before " +
                        o_.today->ToString());
    }
    if (g_.last_updated.has() && NotYetAnywhere(*g_.last_updated)) {
      sink_.Warning("date-future", g_.last_updated.range, "last_updated",
                    "last_updated " + g_.last_updated->ToString() + " is after today (" +
                        o_.today->ToString() + ")");
    }
    if (review) DataStale(*review);
    QuarterStale();
  }

  // A salary_data_quarter more than kStaleDataQuarters before today's quarter:
  // the figures are as old as their data, however recent last_updated and
  // next_review_due are (`levers bands apply` from an old file dates the guide
  // by the edit and the quarter by the data).
  void QuarterStale() {
    if (!g_.salary_data_quarter.has()) return;
    const std::optional<Date> start = QuarterStart(*g_.salary_data_quarter);
    if (!start) return;  // field-value says so
    const int behind = o_.today->QuarterIndex() - start->QuarterIndex();
    if (behind <= kStaleDataQuarters) return;
    const std::string today_quarter =
        std::to_string(o_.today->year) + "-Q" + std::to_string((o_.today->month - 1) / 3 + 1);
    sink_.Warning("data-stale", g_.salary_data_quarter.range, "salary_data_quarter",
                  "salary_data_quarter " + *g_.salary_data_quarter + " is " +
                      Counted(behind, "quarter") + " before " + today_quarter + " (" +
                      o_.today->ToString() + "), more than the " +
                      std::to_string(kStaleDataQuarters) +
                      "-quarter span: the pay figures are as old as the data they come from, "
                      "whatever last_updated says");
  }

  // Whether `d` is a day that has begun nowhere yet. "Today" is one date (UTC
  // when not given), but the date line's east side (UTC+14) is a day ahead of
  // UTC: an editor in Sydney dates a guide by a day that is tomorrow in UTC
  // for ten hours of each day. Only a date after that day is in the future.
  bool NotYetAnywhere(const Date& d) const {
    return d.DaysSinceEpoch() > o_.today->DaysSinceEpoch() + 1;
  }

  // A salary_data_quarter that had not begun when the guide was last updated,
  // or has not begun today: data cannot come from a quarter still to come.
  // Reported once, against today when both hold.
  void QuarterFuture() {
    if (!g_.salary_data_quarter.has()) return;
    const std::optional<Date> start = QuarterStart(*g_.salary_data_quarter);
    if (!start) return;  // field-value says so
    const std::string quarter =
        "salary_data_quarter " + *g_.salary_data_quarter + " starts " + start->ToString();
    if (o_.today && NotYetAnywhere(*start)) {
      sink_.Warning("quarter-future", g_.salary_data_quarter.range, "salary_data_quarter",
                    quarter + ", after today (" + o_.today->ToString() + ")");
    } else if (g_.last_updated.has() && *g_.last_updated < *start) {
      sink_.Warning("quarter-future", g_.salary_data_quarter.range, "salary_data_quarter",
                    quarter + ", after last_updated " + g_.last_updated->ToString());
    }
  }

  // A guide without a next_review_due is due kDataReviewMonths after its
  // last_updated; without that either (a body-only guide, or the front matter
  // `levers render --to md` writes for one), after the newest date its
  // evidence list gives its data, taken from the first day of the period that
  // date names (FindGuideReview). Guides with a next_review_due are judged by
  // review-overdue.
  void DataStale(const GuideReview& review) {
    if (review.basis == GuideReview::Basis::kNextReviewDue) return;
    if (review.DaysOverdue(*o_.today) == 0) return;
    if (review.basis == GuideReview::Basis::kLastUpdated) {
      sink_.Warning("data-stale", g_.last_updated.range, "last_updated",
                    "last_updated " + review.from.ToString() + " is " +
                        PastReviewSpan(review.from) + "; the front matter has no next_review_due");
      return;
    }
    const bool front_matter = g_.has_front_matter && g_.front_matter_read;
    // The entry is the list item's text without inline markup; when nothing was
    // removed its bytes are the file's, so the date can be pointed at exactly.
    const Field<std::string>& entry = g_.evidence[review.evidence_item];
    SourceRange at{entry.range.begin, entry.range.begin};
    if (entry.range.end >= entry.range.begin &&
        entry.range.end - entry.range.begin == entry->size()) {
      at = {static_cast<uint32_t>(entry.range.begin + review.evidence_begin),
            static_cast<uint32_t>(entry.range.begin + review.evidence_end)};
    }
    sink_.Warning("data-stale", at, "evidence[" + std::to_string(review.evidence_item) + "]",
                  "the newest date the evidence gives this guide's data is " +
                      review.evidence_text + ", counted from " + review.from.ToString() + ": " +
                      PastReviewSpan(review.from) +
                      (front_matter ? "; the front matter has no next_review_due or last_updated"
                                    : "; without front matter the guide has no review date"));
  }

  // How long before --today `from` is, past the review span: "100 days (3
  // months) before 2026-11-24, more than the 3-month review span".
  std::string PastReviewSpan(const Date& from) const {
    const int64_t days = o_.today->DaysSinceEpoch() - from.DaysSinceEpoch();
    const int months = internal::WholeMonthsBetween(from, *o_.today);
    return Counted(days, "day") + " (" + Counted(months, "month") + ") before " +
           o_.today->ToString() + ", more than the " + std::to_string(kDataReviewMonths) +
           "-month review span";
  }

  // An ask's figures, and the strategy's floor, are in the currency of the
  // ask's first figure (the one JSON's `currency` names): one in another is
  // ask-currency-mixed, since it cannot be compared with the rest.
  // `floor` is the strategy's (then `where` is "strategy"), null for lever
  // `lever` of "levers"; the field path is built only for a finding.
  void AskCurrencies(const AskAmounts& a, const Field<Money>* floor, std::string_view where,
                     size_t lever = 0) {
    const bool strategy = floor != nullptr;
    auto path = [&](std::string_view field) {
      std::string out(where);
      if (!strategy) out += "[" + std::to_string(lever) + "]";
      return out + "." + std::string(field);
    };
    static constexpr std::array<std::pair<Field<Money> AskAmounts::*, std::string_view>, 5>
        kFigures = {{{&AskAmounts::base, "base"},
                     {&AskAmounts::equity, "equity"},
                     {&AskAmounts::signing_bonus, "signing_bonus"},
                     {&AskAmounts::refresh_per_year, "refresh_per_year"},
                     {&AskAmounts::guaranteed_bonus, "guaranteed_bonus"}}};
    const Field<Money>* first = nullptr;
    std::string_view first_name;
    for (const auto& [member, name] : kFigures) {
      const Field<Money>& m = a.*member;
      if (!m.has()) continue;
      if (!first) {
        first = &m;
        first_name = name;
      } else if (m->currency != (*first)->currency) {
        sink_.Warning("ask-currency-mixed", m.range,
                      path(std::string(strategy ? "ask." : "asks.") + std::string(name)),
                      "the ask's " + std::string(name) + " " + Fmt(*m) + " is in " + m->currency +
                          " but its " + std::string(first_name) + " " + Fmt(**first) + " is in " +
                          (*first)->currency + "; write an ask in one currency");
      }
    }
    if (floor && floor->has() && first && (*floor)->currency != (*first)->currency) {
      sink_.Warning("ask-currency-mixed", floor->range, path("floor"),
                    "the floor " + Fmt(**floor) + " is in " + (*floor)->currency +
                        " but the ask's " + std::string(first_name) + " " + Fmt(**first) +
                        " is in " + (*first)->currency +
                        "; write the floor in the ask's currency so the two can be compared");
    }
  }

  void StrategyRules() {
    for (size_t i = 0; i < g_.levers.size(); ++i) {
      AskCurrencies(g_.levers[i].asks, nullptr, "levers", i);
    }
    const Strategy& s = g_.strategy;
    AskCurrencies(s.ask, &s.floor, "strategy");
    const std::vector<ResolvedBand>& bands = *bands_;
    // The band the strategy speaks of: the first region in the strategy's currency.
    std::string_view cur;
    if (s.ask.base.has())
      cur = s.ask.base->currency;
    else if (s.floor.has())
      cur = s.floor->currency;
    const CompBand* band = nullptr;
    for (const ResolvedBand& r : bands) {
      if (r.band.currency.has() && *r.band.currency == cur) {
        band = &r.band;
        break;
      }
    }
    if (s.ask.base.has() && s.floor.has() && s.floor->currency == s.ask.base->currency &&
        s.floor->minor > s.ask.base->minor) {
      sink_.Error("floor-above-ask", s.floor.range, "strategy.floor",
                  "the floor " + Fmt(*s.floor) + " is above the ask " + Fmt(*s.ask.base));
    }
    if (!band) return;
    const std::string_view where =
        band->region.has() ? std::string_view(*band->region) : "the first region";
    auto within = [&](const Field<Money>& v, const Field<Money>& lo, const Field<Money>& hi,
                      const char* what, const char* path) {
      if (!v.has() || !lo.has() || !hi.has() || Inverted(lo, hi) || v->currency != lo->currency)
        return;
      if (v->minor < lo->minor || v->minor > hi->minor) {
        sink_.Warning("ask-outside-band", v.range, path,
                      std::string("the ask's ") + what + " " + Fmt(*v) + " is outside the " +
                          std::string(where) + " band " + RangeFmt(*lo, *hi));
      }
    };
    within(s.ask.base, band->base_low, band->base_high, "base", "strategy.ask.base");
    if (!s.ask.equity_years.has() || *s.ask.equity_years == band->stock_vesting_years) {
      within(s.ask.equity, band->stock_low, band->stock_high, "equity", "strategy.ask.equity");
    }
    if (s.floor.has() && band->base_low.has() && !Inverted(band->base_low, band->base_high) &&
        s.floor->currency == band->base_low->currency && s.floor->minor < band->base_low->minor) {
      sink_.Warning("floor-below-band", s.floor.range, "strategy.floor",
                    "the floor " + Fmt(*s.floor) + " is below the " + std::string(where) +
                        " base band's low end " + Fmt(*band->base_low));
    }
    if (s.floor.has()) {
      for (size_t i = 0; i < s.competing_offers.size(); ++i) {
        const CompetingOffer& o = s.competing_offers[i];
        if (o.base.has() && o.base->currency == s.floor->currency &&
            o.base->minor < s.floor->minor) {
          sink_.Warning("competing-below-floor", o.base.range,
                        "strategy.competing_offers[" + std::to_string(i) + "].base",
                        "the " + o.company + " offer's base " + Fmt(*o.base) +
                            " is below the floor " + Fmt(*s.floor) +
                            ": it would not be a reason to walk away");
        }
      }
    }
  }

  // A role of a level mapping whose level could not be read or runs backwards
  // (LevelEquivalent::problem). The front matter's mapping and the body's line
  // are both looked at, the body's only when its text differs, so that a
  // mapping written twice is reported once.
  void LevelMappingRules() {
    const LevelMapping& fm = g_.level_mapping_front_matter;
    const LevelMapping& body = g_.level_mapping_body;
    auto report = [&](const LevelMapping& lm) {
      for (size_t i = 0; i < lm.equivalents.size(); ++i) {
        const LevelEquivalent& e = lm.equivalents[i];
        if (e.problem.empty()) continue;
        sink_.Warning(
            "level-unread", e.range, "level_mapping.equivalents[" + std::to_string(i) + "]",
            "'" + e.text + "': " + e.problem + "; this role is left out of level matching");
      }
    };
    if (fm.raw.has()) report(fm);
    if (body.raw.has() && (!fm.raw.has() || *body.raw != *fm.raw)) report(body);
  }

  const Guide& g_;
  const CheckOptions& o_;
  DiagnosticSink& sink_;
  size_t read_count_ = 0;  // diagnostics the reader reported before the checks ran
  std::unordered_set<std::string> read_findings_;  // their fields, once HasFinding asks
  bool read_findings_made_ = false;
  std::vector<ResolvedBand> own_bands_;               // made by Run() when not given
  const std::vector<ResolvedBand>* bands_ = nullptr;  // ResolveCompensation(g_), set in Run()
  // Per front matter entry and per table row: an earlier one with the same
  // region, or -1; empty when none repeats a region.
  std::vector<int> fm_duplicate_, table_duplicate_;
};

}  // namespace

ComputedTotalComp ComputeTotalComp(const CompBand& b) {
  ComputedTotalComp c;
  if (const auto low = BandTotalCompEnd(b, false)) c.low = Money{*low, b.base_low->currency};
  if (const auto high = BandTotalCompEnd(b, true)) c.high = Money{*high, b.base_high->currency};
  return c;
}

void CheckGuide(const Guide& guide, const CheckOptions& options, DiagnosticSink& sink) {
  GuideChecker(guide, options, sink).Run();
}

void CheckGuide(const Guide& guide, const std::vector<ResolvedBand>& bands,
                const CheckOptions& options, DiagnosticSink& sink) {
  GuideChecker(guide, options, sink).Run(&bands);
}

std::string GuideNameKey(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z')
      key += static_cast<char>(u - 'A' + 'a');
    else if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80)
      key += c;
  }
  if (key.empty()) {  // no letter or digit: compare the text as written
    key += '-';
    key += name;
  }
  return key;
}

std::string GuideIdentityKey(std::string_view company, std::string_view role) {
  std::string key = GuideNameKey(company);
  key += '\0';  // guides are text: no NUL in either part
  key += GuideNameKey(role);
  return key;
}

std::string CorpusChecker::Add(const std::string& path, const std::string& company,
                               const std::string& role) {
  auto [it, inserted] =
      first_.try_emplace(GuideIdentityKey(company, role), First{path, company, role});
  if (inserted) return {};
  const First& original = it->second;
  std::string message =
      "a second guide for " + company + " / " + role + "; the first is " + original.path;
  if (original.company != company || original.role != role)
    message += " (" + original.company + " / " + original.role + ")";
  return message;
}

void CorpusChecker::Add(const Guide& g, DiagnosticSink& sink) {
  if (!g.company.has() || !g.role.has()) return;
  std::string message = Add(g.path, *g.company, *g.role);
  if (!message.empty())
    sink.Error("duplicate-guide", g.company.range, "company", std::move(message));
}

void CheckCorpus(const std::vector<const Guide*>& guides,
                 const std::vector<DiagnosticSink*>& sinks) {
  CorpusChecker rules;
  for (size_t i = 0; i < guides.size(); ++i) rules.Add(*guides[i], *sinks[i]);
}

}  // namespace levers
