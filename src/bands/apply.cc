// Writing bands into guides: apply, a new skeleton guide, and band drift.
#include <algorithm>
#include <map>
#include <set>

#include "bands/names.h"
#include "bands/record_reader.h"
#include "core/counted.h"
#include "levers/bands_guide.h"
#include "levers/edit_distance.h"
#include "levers/money.h"
#include "levers/reader.h"

namespace levers {
namespace {

using internal::Counted;

__extension__ using Int128 = __int128;

int64_t RoundHalfEven(Int128 num, Int128 den) {
  Int128 q = num / den;
  Int128 r = num % den;
  if (r < 0) {
    r += den;
    --q;
  }
  if (2 * r > den || (2 * r == den && q % 2 != 0)) ++q;
  return static_cast<int64_t>(q);
}

int64_t RoundTo(int64_t minor, int64_t step) {
  return step <= 1 ? minor : RoundHalfEven(minor, step) * step;
}

// Positions of company, title and region in the bands' key; false when absent.
struct KeyIndex {
  int company = -1, title = -1, region = -1, level = -1;
  explicit KeyIndex(const BandSet& b) {
    for (size_t i = 0; i < b.options.by.size(); ++i) {
      const int v = static_cast<int>(i);
      switch (b.options.by[i]) {
        case BandDimension::kCompany:
          company = v;
          break;
        case BandDimension::kTitle:
          title = v;
          break;
        case BandDimension::kRegion:
          region = v;
          break;
        case BandDimension::kLevel:
          level = v;
          break;
        case BandDimension::kQuarter:
          break;
      }
    }
  }
};

GuideDataKey ResolveKey(const Guide& g, const GuideDataKey& given) {
  GuideDataKey k = given;
  if (k.company.empty()) {
    k.company = CompanyKey(g.company_display.has() ? *g.company_display
                                                   : (g.company.has() ? *g.company : ""));
  } else {
    k.company = CompanyKey(k.company);
  }
  k.title = TitleKey(k.title.empty() ? (g.role_display.has() ? *g.role_display : "") : k.title);
  return k;
}

// The group of `bands` for company / title / region in `currency`, or nullptr.
const GroupBand* FindGroup(const BandSet& bands, const KeyIndex& ix, const GuideDataKey& key,
                           const std::string& region, const std::string& currency) {
  const std::string r = bands_internal::Fold(region);
  for (const GroupBand& g : bands.groups) {
    if (g.key_norm[ix.company] == key.company && g.key_norm[ix.title] == key.title &&
        g.key_norm[ix.region] == r && (currency.empty() || g.currency == currency)) {
      return &g;
    }
  }
  return nullptr;
}

std::string YamlText(std::string_view s) {
  static const std::set<std::string> kWords = {"null", "true", "false", "yes", "no",
                                               "on",   "off",  "y",     "n",   "~"};
  bool plain = !s.empty() && std::isalpha(static_cast<unsigned char>(s[0])) &&
               kWords.count(bands_internal::Fold(s)) == 0;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view(" .()'-&").find(c) == std::string_view::npos) {
      plain = false;
    }
  }
  if (plain) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// What a pay table cell writes before an amount: "$", "£", "€", "₹", else
// the ISO code ("SGD").
std::string CellPrefix(const std::string& currency) {
  return currency == "USD"   ? "$"
         : currency == "GBP" ? "\xC2\xA3"
         : currency == "EUR" ? "\xE2\x82\xAC"
         : currency == "INR" ? "\xE2\x82\xB9"
                             : currency;
}

// "$165K", "£1.2M", "SGD180K", "$165,500"; rupees as Indian guides write
// them: "₹45L", "₹45.5L", "₹1.2Cr", "₹48,00,500".
std::string CellAmount(const Money& m) {
  const bool rupees = m.currency == "INR";
  const std::string prefix = CellPrefix(m.currency);
  const int64_t per = MinorPerMajor(m.currency);
  if (m.minor % per != 0) return prefix + MajorUnitsString(m);
  const int64_t major = m.minor / per;
  auto trimmed = [](int64_t whole, int64_t frac, int digits) {
    std::string f = std::to_string(frac);
    f.insert(0, static_cast<size_t>(digits) - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    return std::to_string(whole) + (f.empty() ? "" : "." + f);
  };
  if (rupees && major >= 10'000'000 && major % 100'000 == 0)
    return prefix + trimmed(major / 10'000'000, (major % 10'000'000) / 100'000, 2) + "Cr";
  if (rupees && major >= 100'000 && major % 1000 == 0)
    return prefix + trimmed(major / 100'000, (major % 100'000) / 1000, 2) + "L";
  if (!rupees && major >= 1'000'000 && major % 1000 == 0)
    return prefix + trimmed(major / 1'000'000, (major % 1'000'000) / 1000, 3) + "M";
  if (major % 1000 == 0 && major > 0) return prefix + std::to_string(major / 1000) + "K";
  std::string out = prefix;
  AppendMajorUnits(out, m, true);
  return out;
}

// A pay table cell's text for `s`: a '|' would end the cell, so it is
// escaped ("Pipe\\|Town", which Markdown reads as "Pipe|Town").
std::string TableCellText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string CellRange(const Money& lo, const Money& hi) {
  std::string low = CellAmount(lo), high = CellAmount(hi);
  // A suffix on one end only reads when the other end is 1,000 or more
  // (guide-format.md 6.2): "$0–$220K" would not, so such a range is written
  // in full on both ends: "$0–$220,000".
  auto suffixed = [](const std::string& cell) {
    return cell.ends_with('K') || cell.ends_with('M') || cell.ends_with('L') ||
           cell.ends_with("Cr");
  };
  const int64_t per = MinorPerMajor(lo.currency);
  auto below_thousand = [&](const Money& m) { return m.minor / per < 1000; };
  if (suffixed(low) != suffixed(high) &&
      (suffixed(low) ? below_thousand(hi) : below_thousand(lo))) {
    auto full = [](const Money& m) {
      std::string out = CellPrefix(m.currency);
      AppendMajorUnits(out, m, true);
      return out;
    };
    low = full(lo);
    high = full(hi);
  }
  return low + "\xE2\x80\x93" + high;
}

// A non-negative percentage in basis points for people, as PercentString
// writes one but for any size: as many decimals as needed, up to two, then
// "%" ("50%", "9.2%", "35.49%").
std::string PercentText(int64_t bp) {
  std::string out = std::to_string(bp / 100);
  const int64_t frac = bp % 100;
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out + "%";
}

std::string PctCell(Percent lo, Percent hi) {
  if (lo == hi) return PercentString(lo) + "%";
  return PercentString(lo) + "\xE2\x80\x93" + PercentString(hi) + "%";
}

const char* kGradeOrder[] = {"low", "medium", "high"};
int GradeRank(const std::string& g) {
  for (int i = 0; i < 3; ++i) {
    if (g == kGradeOrder[i]) return i;
  }
  return 0;
}

struct Edit {
  uint32_t begin, end;
  std::string text;
};

std::string ApplyEdits(const std::string& text, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  uint32_t at = 0;
  for (const Edit& e : edits) {
    out.append(text, at, e.begin - at);
    out += e.text;
    at = e.end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

// One compensation entry as YAML lines (without line ends; the caller joins).
// Its stock_vesting_years line is written when `write_years`.
std::vector<std::string> EntryLines(const std::string& region, const std::string& currency,
                                    const GuideBandFigures* f, const ResolvedBand* old,
                                    int vesting_years, bool write_years) {
  std::vector<std::string> l;
  l.push_back("  - region: " + YamlText(region));
  auto amount = [&](const char* key, const Money& m) {
    l.push_back(std::string("    ") + key + ": " + MajorUnitsString(m));
  };
  auto field = [&](const char* key, const Field<Money>& m) {
    if (m.has()) amount(key, *m);
  };
  auto pct = [&](const char* key, const Field<Percent>& p) {
    if (p.has()) l.push_back(std::string("    ") + key + ": " + PercentString(*p));
  };
  if (f != nullptr) {
    amount("base_low", f->base_low);
    amount("base_high", f->base_high);
    if (f->has_stock) {
      amount("stock_low", f->stock_low);
      amount("stock_high", f->stock_high);
    }
    if (write_years) l.push_back("    stock_vesting_years: " + std::to_string(vesting_years));
    if (f->has_bonus) {
      l.push_back("    bonus_pct_low: " + PercentString(f->bonus_low));
      l.push_back("    bonus_pct_high: " + PercentString(f->bonus_high));
    }
    amount("total_comp_low", f->total_low);
    amount("total_comp_high", f->total_high);
  } else {
    const CompBand& b = old->band;
    field("base_low", b.base_low);
    field("base_high", b.base_high);
    field("stock_low", b.stock_low);
    field("stock_high", b.stock_high);
    if (write_years) l.push_back("    stock_vesting_years: " + std::to_string(vesting_years));
    if (old->bonus_pct_stated) {
      l.push_back("    bonus_pct: " + PercentString(*old->bonus_pct_stated));
    } else {
      pct("bonus_pct_low", b.bonus_pct_low);
      pct("bonus_pct_high", b.bonus_pct_high);
    }
    field("total_comp_low", b.total_comp_low);
    field("total_comp_high", b.total_comp_high);
  }
  if (!currency.empty()) l.push_back("    currency: " + currency);
  return l;
}

struct TopLevelBlock {
  std::string key;       // as YAML reads it: "last_updated" for `last_updated :`
  std::string key_text;  // as the file spells it, to the colon: "last_updated :"
  uint32_t begin, end;   // byte offsets in the file
};

// A block key as YAML reads it: without the blanks before the colon, and
// without the quotes of a quoted key that holds no quote or escape.
std::string YamlKey(std::string_view written) {
  while (!written.empty() && (written.back() == ' ' || written.back() == '\t'))
    written.remove_suffix(1);
  if (written.size() >= 2 && (written.front() == '"' || written.front() == '\'') &&
      written.back() == written.front() &&
      written.substr(1, written.size() - 2).find_first_of("\"'\\") == std::string_view::npos) {
    written = written.substr(1, written.size() - 2);
  }
  return std::string(written);
}

// The top-level keys of the YAML in [begin, end): a key line starts in column
// 1 with neither a space, '#' nor '-'; its block runs to the next such line or
// column-1 comment.
std::vector<TopLevelBlock> TopLevelBlocks(const std::string& text, uint32_t begin, uint32_t end) {
  std::vector<TopLevelBlock> out;
  bool open = false;
  for (uint32_t line = begin; line < end;) {
    uint32_t next = line;
    while (next < end && text[next] != '\n') ++next;
    if (next < end) ++next;
    const char c = text[line];
    const bool boundary = c != ' ' && c != '\t' && c != '-' && c != '\r' && c != '\n';
    if (boundary) {
      open = c != '#';
      if (open) {
        const size_t colon = text.find(':', line);
        const std::string_view written =
            colon < next ? std::string_view(text).substr(line, colon - line) : "";
        out.push_back({YamlKey(written), std::string(written) + ":", line, next});
      }
    } else if (open) {
      out.back().end = next;
    }
    line = next;
  }
  return out;
}

// The comment at the end of a YAML line ("  # note", with the blanks before
// it), or "" when there is none: a '#' after a blank, outside quotes.
std::string_view TrailingComment(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      const bool starts = i == 0 || line[i - 1] == ' ' || line[i - 1] == ':' ||
                          line[i - 1] == '-' || line[i - 1] == '[' || line[i - 1] == ',';
      if (starts) quote = c;
      continue;
    }
    if (c == '#' && i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      size_t from = i;
      while (from > 0 && (line[from - 1] == ' ' || line[from - 1] == '\t')) --from;
      return line.substr(from);
    }
  }
  return {};
}

// The comments of a top-level block apply rewrites, so they survive it: the
// key line's trailing comment, and per list item (by index) its comment lines
// and the trailing comments of its "key: value" lines.
struct BlockComments {
  std::string key_line;                   // "  # note" or ""
  std::vector<std::string> before_items;  // whole comment lines before the first item
  struct Item {
    std::vector<std::string> lines;                       // whole comment lines, trimmed
    std::vector<std::pair<std::string, std::string>> at;  // key ("-" for a scalar item) -> comment
  };
  std::vector<Item> items;
};

BlockComments CommentsOf(std::string_view block) {
  BlockComments out;
  bool first = true;
  while (!block.empty()) {
    size_t nl = block.find('\n');
    std::string_view line = block.substr(0, nl);
    block = nl == std::string_view::npos ? std::string_view() : block.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t lead = 0;
    while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
    std::string_view body = line.substr(lead);
    if (first) {
      first = false;
      out.key_line = std::string(TrailingComment(line));
      continue;
    }
    if (body.empty()) continue;
    if (body[0] == '#') {
      (out.items.empty() ? out.before_items : out.items.back().lines).emplace_back(body);
      continue;
    }
    std::string key = "-";
    if (body.starts_with("- ") || body == "-") {
      out.items.emplace_back();
      body.remove_prefix(std::min<size_t>(2, body.size()));
    }
    if (out.items.empty()) continue;
    const std::string_view comment = TrailingComment(body);
    if (comment.empty()) continue;
    const std::string_view content = body.substr(0, body.size() - comment.size());
    const size_t colon = content.find(':');
    if (colon != std::string_view::npos &&
        (colon + 1 == content.size() || content[colon + 1] == ' ')) {
      key = std::string(content.substr(0, colon));
      while (!key.empty() && key.back() == ' ') key.pop_back();
    } else {
      key = "-" + std::string(content);  // a scalar item, by its text
      while (!key.empty() && key.back() == ' ') key.pop_back();
    }
    out.items.back().at.emplace_back(std::move(key), std::string(comment));
  }
  return out;
}

// The key of a generated "  - key: value" / "    key: value" line.
std::string LineKey(std::string_view line) {
  size_t lead = 0;
  while (lead < line.size() && (line[lead] == ' ' || line[lead] == '-')) ++lead;
  const size_t colon = line.find(':', lead);
  return colon == std::string_view::npos ? std::string()
                                         : std::string(line.substr(lead, colon - lead));
}

}  // namespace

Result<GuideBandFigures> FiguresFor(const GroupBand& g, int vesting_years,
                                    const GuideBandRule& rule) {
  const MetricBand& base = g.metrics[static_cast<int>(BandMetric::kBase)];
  const MetricBand& stock = g.metrics[static_cast<int>(BandMetric::kStock)];
  const MetricBand& bonus = g.metrics[static_cast<int>(BandMetric::kBonus)];
  const MetricBand& total = g.metrics[static_cast<int>(BandMetric::kTotal)];
  if (!base.pct || !total.pct) {
    return Status::NotFound("no base or total comp figures for this group");
  }
  const int64_t step = rule.round_major * MinorPerMajor(g.currency);
  const int lo = rule.low_index, hi = rule.high_index;
  GuideBandFigures f;
  auto rounded = [&](int64_t minor) { return Money{RoundTo(minor, step), g.currency}; };
  f.base_low = rounded((*base.pct)[lo]);
  f.base_high = rounded((*base.pct)[hi]);
  f.total_low = rounded((*total.pct)[lo]);
  f.total_high = rounded((*total.pct)[hi]);
  if (stock.pct) {
    f.has_stock = true;
    f.stock_low = rounded((*stock.pct)[lo] * vesting_years);
    f.stock_high = rounded((*stock.pct)[hi] * vesting_years);
  }
  if (bonus.pct && (*base.pct)[lo] > 0 && (*base.pct)[hi] > 0) {
    f.has_bonus = true;
    // Whole percent of base, half to even: bonus * 100 / base.
    f.bonus_low = Percent{static_cast<int32_t>(
        RoundHalfEven(static_cast<Int128>((*bonus.pct)[lo]) * 100, (*base.pct)[lo]) * 100)};
    f.bonus_high = Percent{static_cast<int32_t>(
        RoundHalfEven(static_cast<Int128>((*bonus.pct)[hi]) * 100, (*base.pct)[hi]) * 100)};
    // A bonus that grows more slowly than base is a smaller share at the top
    // (a flat USD 4,000 is 11% of the low end's base, 9% of the high end's);
    // a guide's bonus is a range of shares, written low to high.
    if (f.bonus_low.basis_points > f.bonus_high.basis_points) std::swap(f.bonus_low, f.bonus_high);
  }
  return f;
}

namespace {

// A review 3 months after an update, on day 28 at the latest.
Date ReviewDueAfter(Date updated) {
  Date review = updated;
  review.month += 3;
  if (review.month > 12) {
    review.month -= 12;
    ++review.year;
  }
  review.day = std::min(review.day, 28);
  return review;
}

}  // namespace

bool IsSalaryDataQuarter(std::string_view q) {
  return q.size() == 7 && q[4] == '-' && q[5] == 'Q' && q[6] >= '1' && q[6] <= '4' &&
         std::all_of(q.begin(), q.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

// The options ApplyBands and NewGuideFromBands write into a guide verbatim.
Status CheckWrittenOptions(const ApplyOptions& options) {
  if (!options.quarter.empty() && !IsSalaryDataQuarter(options.quarter)) {
    return Status::InvalidArgument("quarter '" + options.quarter +
                                   "' must look like 2021-Q4 (a year, -Q, a quarter 1 to 4)");
  }
  if (options.source_name.find_first_not_of(" \t") == std::string::npos) {
    return Status::InvalidArgument("the source name added to data_sources is blank");
  }
  return Status::Ok();
}

// `newest` becomes `d` when `d` is later: the newest date among the rows of
// the groups a guide's figures come from.
void TakeNewest(std::optional<Date>& newest, const std::optional<Date>& d) {
  if (d && (!newest || *newest < *d)) newest = d;
}

// The quarter a guide's figures from `bands` are as of: that of `newest`, the
// newest row used (the --as-of quarter when the data has no dates), or
// options.quarter, refused when after it. `where` starts the refusal ("g.md:10:22"),
// or is empty.
Result<std::string> QuarterOfFigures(const BandSet& bands, const std::optional<Date>& newest,
                                     const ApplyOptions& options, const std::string& where) {
  const std::string data_quarter =
      bands_internal::QuarterLabel(newest ? *newest : bands.options.as_of, false);
  if (!options.quarter.empty() && newest && options.quarter > data_quarter) {
    return Status::InvalidArgument(
        (where.empty() ? std::string() : where + ": ") + "--quarter " + options.quarter +
        " is after the quarter of the newest submission used (" + newest->ToString() + ", " +
        data_quarter + "): the guide would date its figures later than the data they come from");
  }
  return options.quarter.empty() ? data_quarter : options.quarter;
}

std::string ErrorAt(const SourceFile& file, const std::string& code, SourceRange at,
                    const std::string& field, const std::string& message) {
  return FormatDiagnosticText(file, Diagnostic{Severity::kError, code, at, field, message});
}

// A front matter currency levers does not know (GPB) would find no data and
// read as "no data": refused with the message `levers check` gives.
Status CheckGuideCurrencies(const SourceFile& file, const Guide& guide) {
  std::string errors;
  for (size_t i = 0; i < guide.front_matter_bands.size(); ++i) {
    const CompBand& b = guide.front_matter_bands[i];
    if (b.currency.has() && FindCurrency(*b.currency) == nullptr) {
      errors += ErrorAt(file, "currency-unknown", b.currency.range,
                        "compensation[" + std::to_string(i) + "].currency",
                        "currency '" + *b.currency +
                            "' is not an ISO 4217 code levers knows (USD, EUR, GBP ...)");
    }
  }
  if (errors.empty()) return Status::Ok();
  errors.pop_back();  // FormatDiagnosticText ends each in a newline
  return Status::InvalidArgument(errors + "\n" + file.path() +
                                 ": not applied: fix the currency first");
}

// A guide stating its bands both in the front matter and in the pay table
// must name the same regions in both: a table row no front matter entry
// matches ("Seatle") would keep its old figures beside the refreshed ones and
// be published as a region of its own.
Status CheckRegionsOneToOne(const SourceFile& file, const Guide& guide) {
  if (guide.front_matter_bands.empty() || guide.table_bands.empty()) return Status::Ok();
  std::vector<const CompBand*> table_only, front_only;
  for (const ResolvedBand& r : ResolveCompensation(guide)) {
    if (r.from_table && !r.from_front_matter && r.table_index >= 0) {
      table_only.push_back(&guide.table_bands[r.table_index]);
    } else if (r.from_front_matter && !r.from_table && r.front_matter_index >= 0) {
      front_only.push_back(&guide.front_matter_bands[r.front_matter_index]);
    }
  }
  if (table_only.empty() && front_only.empty()) return Status::Ok();
  auto name = [](const CompBand& b) { return b.region.has() ? *b.region : std::string(); };
  auto line = [&](const CompBand& b) {
    return b.region_line > 0 ? b.region_line : file.Locate(b.range.begin).line;
  };
  std::string errors;
  std::set<const CompBand*> suggested;
  std::vector<std::string> front_names;
  for (const CompBand* f : front_only) front_names.push_back(bands_internal::Fold(name(*f)));
  const std::vector<std::string_view> candidates(front_names.begin(), front_names.end());
  for (const CompBand* t : table_only) {
    const std::optional<size_t> near =
        NearestName(bands_internal::Fold(name(*t)), candidates, /*below=*/4);
    const CompBand* best = near ? front_only[*near] : nullptr;
    std::string m = "table row '" + name(*t) + "' (line " + std::to_string(line(*t)) +
                    ") matches no front-matter region";
    if (best != nullptr) {
      suggested.insert(best);
      m += "; did you mean '" + name(*best) + "' (front matter, line " +
           std::to_string(line(*best)) + ")?";
    }
    errors += ErrorAt(file, "region-unmatched", t->region.range, "table.region", m);
  }
  for (const CompBand* f : front_only) {
    if (suggested.count(f)) continue;
    errors += ErrorAt(file, "region-unmatched", f->region.range, "compensation.region",
                      "front-matter region '" + name(*f) + "' (line " + std::to_string(line(*f)) +
                          ") has no row in the pay table");
  }
  errors.pop_back();  // FormatDiagnosticText ends each in a newline
  return Status::InvalidArgument(
      errors + "\n" + file.path() +
      ": not applied: the front matter and the pay table must name the same regions, one to one");
}

}  // namespace

Result<ApplyResult> ApplyBands(const SourceFile& file, const Guide& guide, const BandSet& bands,
                               const ApplyOptions& options) {
  LEVERS_RETURN_IF_ERROR(CheckWrittenOptions(options));
  const KeyIndex ix(bands);
  if (ix.company < 0 || ix.title < 0 || ix.region < 0) {
    return Status::InvalidArgument("bands must be grouped by company, title and region");
  }
  if (!guide.has_front_matter || !guide.front_matter_read) {
    return Status::InvalidArgument(
        file.path() + ": the guide has no readable front matter" +
        (guide.has_front_matter ? std::string("; fix what `levers check` reports in it")
                                : std::string("; run `levers render --to md` to give it one, "
                                              "then fill in its dates and data quality")));
  }
  LEVERS_RETURN_IF_ERROR(CheckGuideCurrencies(file, guide));
  LEVERS_RETURN_IF_ERROR(CheckRegionsOneToOne(file, guide));
  const GuideDataKey data_key = ResolveKey(guide, options.key);
  const std::string& text = file.text();
  const bool crlf = text.find("\r\n") != std::string::npos;
  const std::string eol = crlf ? "\r\n" : "\n";

  ApplyResult result;
  std::optional<Date> newest;  // of the rows of the groups used
  std::vector<Edit> edits;
  std::vector<std::string> comp_lines;
  // Where each front matter entry's generated lines are in comp_lines.
  struct EntrySpan {
    int index;           // the entry's index in the front matter
    size_t begin;        // its "- region:" line
    size_t figures_end;  // after its figures and currency (its kept keys follow)
  };
  std::vector<EntrySpan> comp_entries;
  int lowest = 3;
  const std::vector<ResolvedBand> resolved = ResolveCompensation(guide);
  for (const ResolvedBand& r : resolved) {
    const CompBand& b = r.band;
    const std::string region = b.region.has() ? *b.region : "";
    const std::string currency = b.currency.has() ? *b.currency : "";
    const GroupBand* g =
        region.empty() ? nullptr : FindGroup(bands, ix, data_key, region, currency);
    std::optional<GuideBandFigures> f;
    if (g != nullptr && g->status == GroupStatus::kOk) {
      Result<GuideBandFigures> got = FiguresFor(*g, b.stock_vesting_years, options.rule);
      if (got.ok()) f = *got;
    }
    if (f) {
      result.updated.push_back(region);
      lowest = std::min(lowest, GradeRank(g->grade));
      TakeNewest(newest, g->newest);
    } else {
      result.kept.push_back(region);
    }
    if (r.from_front_matter) {
      comp_entries.push_back({r.front_matter_index, comp_lines.size(), 0});
      // The entry keeps the vesting years it states, and states them when
      // they differ from what it would inherit (the top-level key, else 4),
      // as when the table header gives them: a refresh never changes a
      // region's vesting years.
      const CompBand& entry = guide.front_matter_bands[r.front_matter_index];
      const int inherited = guide.stock_vesting_years.has() ? *guide.stock_vesting_years : 4;
      const bool write_years =
          entry.stock_vesting_years_in_entry || b.stock_vesting_years != inherited;
      for (std::string& l : EntryLines(region, currency, f ? &*f : nullptr, &r,
                                       b.stock_vesting_years, write_years)) {
        comp_lines.push_back(std::move(l));
      }
      comp_entries.back().figures_end = comp_lines.size();
      // The entry's other keys (notes, level, unknown keys) stay with it, as written.
      for (const RawYamlEntry& e : guide.front_matter_bands[r.front_matter_index].extra) {
        comp_lines.push_back("    " + IndentRawYaml(e, 4));
      }
    }
    if (f && r.from_table && r.table_index >= 0) {
      const CompBand& t = guide.table_bands[r.table_index];
      // A cell with a figure, or one that says it has none ("—"), which the
      // reader keeps the place of.
      auto placed = [](const SourceRange& at) { return at.end > at.begin; };
      auto cell = [&](const Field<Money>& field, const std::string& value) {
        if (field.has() || placed(field.range))
          edits.push_back({field.range.begin, field.range.end, value});
      };
      // Data without stock or bonus says so in the table as the front matter
      // does by leaving them out: "—", not the figures the editor typed.
      cell(t.base_low, CellRange(f->base_low, f->base_high));
      cell(t.stock_low, f->has_stock ? CellRange(f->stock_low, f->stock_high) : "\xE2\x80\x94");
      cell(t.total_comp_low, CellRange(f->total_low, f->total_high));
      const Field<Percent>& bonus = t.bonus_pct_low.has() ? t.bonus_pct_low : t.bonus_pct_high;
      if (bonus.has() || placed(bonus.range)) {
        edits.push_back({bonus.range.begin, bonus.range.end,
                         f->has_bonus ? PctCell(f->bonus_low, f->bonus_high) : "\xE2\x80\x94"});
      }
    }
  }
  if (result.updated.empty()) {
    return Status::InvalidArgument(file.path() + ": no region of the guide has data for " +
                                   data_key.company + " / " + data_key.title +
                                   " in the bands (regions: " +
                                   [&] {
                                     std::string s;
                                     for (const std::string& k : result.kept)
                                       s += (s.empty() ? "" : ", ") + k;
                                     return s;
                                   }() +
                                   ")");
  }
  // A region kept as it was is as good as the guide said it was: the grade
  // never rises above the guide's own for figures apply did not replace (an
  // unknown or missing grade counts as low).
  if (!result.kept.empty()) {
    lowest = std::min(lowest, guide.data_quality.has() ? GradeRank(*guide.data_quality) : 0);
  }
  result.data_quality = kGradeOrder[lowest];
  // The figures are as of their newest submission, not --as-of: the quarter
  // is that submission's.
  if (newest) {
    result.newest_used = newest->ToString();
    result.quarters_behind = bands.options.as_of.QuarterIndex() - newest->QuarterIndex();
  }
  // The guide's salary_data_quarter, where a refusal about the quarter points:
  // "guides/g.md:10:22", or the path alone when the guide states none.
  const std::string at_quarter = [&] {
    if (!guide.salary_data_quarter.has()) return file.path();
    const LineColumn lc = file.Locate(guide.salary_data_quarter.range.begin);
    return file.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }();
  LEVERS_ASSIGN_OR_RETURN(result.quarter, QuarterOfFigures(bands, newest, options, at_quarter));
  if (guide.salary_data_quarter.has() && IsSalaryDataQuarter(*guide.salary_data_quarter) &&
      result.quarter < *guide.salary_data_quarter && !options.allow_older) {
    return Status::InvalidArgument(
        at_quarter + ": the data's quarter " + result.quarter +
        (newest ? " (newest submission used: " + result.newest_used + ")" : std::string()) +
        " is older than the guide's salary_data_quarter " + *guide.salary_data_quarter +
        ": applying would replace newer figures with older ones; the guide is left as it was "
        "(give --allow-older to apply anyway)");
  }
  // A region kept as it was is as old as the guide said its figures were:
  // the quarter written is never newer than the guide's own for figures apply
  // did not replace. A guide stating no quarter bounds them by its
  // last_updated (they were typed by then); one stating neither leaves the
  // data's quarter, and the caller says the kept figures are undated.
  result.data_quarter = result.quarter;
  if (!result.kept.empty()) {
    if (guide.salary_data_quarter.has() && IsSalaryDataQuarter(*guide.salary_data_quarter)) {
      result.kept_quarter = *guide.salary_data_quarter;
    } else if (guide.last_updated.has()) {
      result.kept_quarter = bands_internal::QuarterLabel(*guide.last_updated, false);
    }
    if (!result.kept_quarter.empty() && result.kept_quarter < result.quarter) {
      result.quarter = result.kept_quarter;
    }
  }

  // The front matter: replace or add the four keys, keep every other block.
  std::vector<std::string> sources;
  for (const auto& s : guide.data_sources) {
    if (s.has()) sources.push_back(*s);
  }
  if (std::find(sources.begin(), sources.end(), options.source_name) == sources.end()) {
    sources.push_back(options.source_name);
  }
  // Each block as rewritten, its key spelled as in the block it replaces
  // (`key_text`, "last_updated :"), with that block's comments (none for a
  // block that is added).
  auto block_text = [&](const std::string& k, const std::string& key_text, const BlockComments& c) {
    std::string out;
    auto comment_lines = [&](const std::vector<std::string>& lines, const char* indent) {
      for (const std::string& l : lines) out += indent + l + eol;
    };
    auto item = [&](size_t i) -> const BlockComments::Item* {
      return i < c.items.size() ? &c.items[i] : nullptr;
    };
    if (k == "compensation") {
      out = key_text + c.key_line + eol;
      comment_lines(c.before_items, "  ");
      size_t at = 0;
      for (const EntrySpan& e : comp_entries) {
        for (; at < e.begin; ++at) out += comp_lines[at] + eol;
        const BlockComments::Item* old = item(static_cast<size_t>(e.index));
        std::set<std::string> keys, used;
        for (size_t i = e.begin; i < e.figures_end; ++i) keys.insert(LineKey(comp_lines[i]));
        for (const RawYamlEntry& x : guide.front_matter_bands[e.index].extra) keys.insert(x.key);
        for (size_t i = e.begin; i < e.figures_end; ++i, ++at) {
          out += comp_lines[i];
          const std::string lk = LineKey(comp_lines[i]);
          if (old != nullptr) {
            for (const auto& [key, comment] : old->at) {
              if (key == lk && used.insert(key).second) out += comment;
            }
          }
          out += eol;
        }
        if (old != nullptr) {
          // Comment lines, and the comments of keys the entry no longer has
          // (bonus_pct became bonus_pct_low/high), as lines of the entry.
          comment_lines(old->lines, "    ");
          for (const auto& [key, comment] : old->at) {
            if (keys.count(key) == 0) {
              size_t from = 0;
              while (from < comment.size() && (comment[from] == ' ' || comment[from] == '\t'))
                ++from;
              out += "    " + comment.substr(from) + eol;
            }
          }
        }
      }
      for (; at < comp_lines.size(); ++at) out += comp_lines[at] + eol;
    } else if (const std::string* value = k == "salary_data_quarter" ? &result.quarter
                                          : k == "last_updated"      ? &result.last_updated
                                          : k == "next_review_due"   ? &result.next_review_due
                                          : k == "data_quality"      ? &result.data_quality
                                                                     : nullptr) {
      out = key_text + " " + *value + c.key_line + eol;
      comment_lines(c.before_items, "  ");
    } else {
      out = key_text + c.key_line + eol;
      comment_lines(c.before_items, "  ");
      for (const std::string& s : sources) {
        out += "  - " + YamlText(s);
        // A source keeps its comment, found by the source's text.
        for (const BlockComments::Item& it : c.items) {
          for (const auto& [key, comment] : it.at) {
            // A scalar item's key is "-" and its text.
            const std::string_view item_text = std::string_view(key).substr(key.empty() ? 0 : 1);
            if (key.starts_with('-') && (item_text == s || item_text == YamlText(s)))
              out += comment;
          }
        }
        out += eol;
      }
    }
    return out;
  };
  const uint32_t fm_begin = guide.front_matter_range.begin, fm_end = guide.front_matter_range.end;
  std::set<std::string> pending = {"data_quality", "salary_data_quarter", "compensation",
                                   "data_sources"};
  if (comp_lines.empty())
    pending.erase("compensation");  // the guide states bands in its table only
  // The guide now holds figures as of --as-of: a last_updated before it
  // becomes it (else the new quarter would start after the guide's last
  // update: quarter-future), and a review then due by that date moves to 3
  // months after it, as a new guide's is. Keys the guide lacks stay absent.
  const Date as_of = bands.options.as_of;
  if (guide.last_updated.has() && *guide.last_updated < as_of) {
    result.last_updated = as_of.ToString();
    pending.insert("last_updated");
    if (guide.next_review_due.has() && *guide.next_review_due <= as_of) {
      result.next_review_due = ReviewDueAfter(as_of).ToString();
      pending.insert("next_review_due");
    }
  }
  for (const TopLevelBlock& blk : TopLevelBlocks(text, fm_begin, fm_end)) {
    if (!pending.count(blk.key)) continue;
    pending.erase(blk.key);
    const BlockComments comments =
        CommentsOf(std::string_view(text).substr(blk.begin, blk.end - blk.begin));
    edits.push_back({blk.begin, blk.end, block_text(blk.key, blk.key_text, comments)});
  }
  pending.erase("last_updated");  // replaced where they are, never added
  pending.erase("next_review_due");
  if (!pending.empty()) {
    std::string add;
    if (fm_end > fm_begin && text[fm_end - 1] != '\n') add += eol;
    for (const char* k : {"data_quality", "salary_data_quarter", "compensation", "data_sources"}) {
      if (pending.count(k)) add += block_text(k, std::string(k) + ":", BlockComments{});
    }
    edits.push_back({fm_end, fm_end, add});
  }
  result.text = ApplyEdits(text, std::move(edits));

  // The result must read back with the new figures; anything else is a bug here.
  SourceFile out(file.path(), result.text);
  DiagnosticSink sink;
  std::optional<Guide> back = ReadGuide(out, sink);
  auto date_as_written = [](const Field<Date>& read, const std::string& written) {
    return written.empty() || (read.has() && read->ToString() == written);
  };
  if (!back || !back->salary_data_quarter.has() || *back->salary_data_quarter != result.quarter ||
      !back->data_quality.has() || *back->data_quality != result.data_quality ||
      !date_as_written(back->last_updated, result.last_updated) ||
      !date_as_written(back->next_review_due, result.next_review_due)) {
    return Status::Corruption(file.path() + ": the updated guide does not read back as written");
  }
  result.guide = std::move(*back);
  return result;
}

std::map<std::string, std::string> GuideRegionCurrencies(const Guide& guide) {
  std::map<std::string, std::string> out;
  for (const ResolvedBand& r : ResolveCompensation(guide)) {
    if (r.band.region.has() && r.band.currency.has()) {
      out[CompanyKey(*r.band.region)] = *r.band.currency;
    }
  }
  return out;
}

std::vector<GuideBatch> BatchGuidesByRegionCurrency(const std::vector<const Guide*>& guides) {
  std::vector<GuideBatch> batches;
  for (size_t i = 0; i < guides.size(); ++i) {
    if (guides[i] == nullptr) continue;
    const std::map<std::string, std::string> mine = GuideRegionCurrencies(*guides[i]);
    auto agrees = [&mine](const GuideBatch& b) {
      for (const auto& [region, currency] : mine) {
        auto it = b.region_currency.find(region);
        if (it != b.region_currency.end() && it->second != currency) return false;
      }
      return true;
    };
    auto fits = std::find_if(batches.begin(), batches.end(), agrees);
    GuideBatch& batch = fits == batches.end() ? batches.emplace_back() : *fits;
    batch.region_currency.insert(mine.begin(), mine.end());
    batch.guides.push_back(i);
  }
  return batches;
}

Status CheckBandDrift(const Guide& guide, const BandSet& bands, const GuideBandRule& rule,
                      const GuideDataKey& given, int32_t tolerance_bp, DiagnosticSink& sink) {
  const KeyIndex ix(bands);
  if (ix.company < 0 || ix.title < 0 || ix.region < 0) {
    std::string by;
    for (BandDimension d : bands.options.by) {
      if (!by.empty()) by += ',';
      by += DimensionName(d);
    }
    return Status::InvalidArgument(
        "comparing guides with bands needs bands grouped by company, title and region (levers "
        "bands build --by company,title,region --format json); these are grouped by " +
        (by.empty() ? std::string("nothing") : by));
  }
  const GuideDataKey key = ResolveKey(guide, given);
  const std::vector<ResolvedBand> resolved = ResolveCompensation(guide);
  // A region the data does not cover is said, with why: without it a guide
  // the data misses reads exactly like one that matches and has not drifted.
  struct Uncovered {
    const CompBand* band;
    std::string where, why;
  };
  std::vector<Uncovered> uncovered;
  size_t compared = 0;
  for (size_t i = 0; i < resolved.size(); ++i) {
    const CompBand& b = resolved[i].band;
    if (!b.region.has()) continue;
    const std::string where =
        resolved[i].from_front_matter
            ? "compensation[" + std::to_string(resolved[i].front_matter_index) + "]"
            : "table[" + std::to_string(resolved[i].table_index) + "]";
    const std::string currency = b.currency.has() ? *b.currency : "";
    const GroupBand* g = FindGroup(bands, ix, key, *b.region, currency);
    if (g == nullptr) {
      const GroupBand* other = FindGroup(bands, ix, key, *b.region, "");
      uncovered.push_back({&b, where,
                           other == nullptr ? std::string("no rows")
                                            : "in " + other->currency + ", not " + currency});
      continue;
    }
    if (g->status != GroupStatus::kOk) {
      uncovered.push_back({&b, where,
                           Counted(static_cast<int64_t>(g->n), "row") + ", below min_n " +
                               std::to_string(bands.options.min_n)});
      continue;
    }
    Result<GuideBandFigures> f = FiguresFor(*g, b.stock_vesting_years, rule);
    if (!f.ok()) {
      uncovered.push_back({&b, where, "no base or total comp figures"});
      continue;
    }
    ++compared;
    // Where the data's figure comes from, after the values it was taken over.
    std::string rows = ", from " + Counted(static_cast<int64_t>(g->n), "row") + " of " +
                       bands.source + " up to " + bands.options.as_of.ToString();
    if (g->converted > 0) {
      rows += ", " + std::to_string(g->converted) + " of them converted into " + g->currency +
              " at the ECB rate of their date";
    }
    // Dated as bands apply dates figures: by the newest row (from a CSV or a
    // bands JSON alike; an older JSON without `newest` leaves it out).
    if (g->newest) rows += ", the newest dated " + g->newest->ToString();
    std::string step;  // "1,000": what a guide's figures are rounded to
    AppendMajorUnits(step, Money{rule.round_major * MinorPerMajor(g->currency), g->currency}, true);
    // `metric` is the data the figure comes from: the percentile at `index`
    // was taken over its values (outliers removed, rows without it not
    // counted), which may be fewer than the group's rows. The gap is measured
    // against the percentile itself (`exact`; stock: a year's, times the
    // guide's vesting years, the whole grant); a stated figure equal to what
    // bands apply writes (`written`, `exact` rounded) is never reported.
    auto one = [&](const Field<Money>& stated, const Money& written, int index, const char* name,
                   BandMetric metric, const char* values) {
      if (!stated.has() || stated->currency != g->currency || stated->minor == written.minor)
        return;
      const MetricBand& m = g->metrics[static_cast<int>(metric)];
      const int years = metric == BandMetric::kStock ? b.stock_vesting_years : 1;
      const Money exact{(*m.pct)[index] * years, g->currency};
      if (exact.minor <= 0) return;
      const int64_t diff = std::abs(stated->minor - exact.minor);
      const int64_t gap = static_cast<int64_t>(
          (static_cast<Int128>(diff) * 10000 + exact.minor - 1) / exact.minor);  // rounded up
      if (gap <= tolerance_bp) return;
      std::string source = "p" + std::to_string(kPercentilesPerMille[index] / 10) + " of " +
                           Counted(static_cast<int64_t>(m.n), std::string(values) + " value");
      if (metric == BandMetric::kStock) {
        // Stock percentiles are per year; the guide states the whole grant.
        source += " a year, " + FormatMoney(Money{(*m.pct)[index], exact.currency}) + " x " +
                  Counted(years, "year");
      }
      // Both as every percentage for people: 50%, 9.2%, 35.49% (the tolerance
      // as given, never 9.5 shown as 9).
      sink.Warning("bands-drift", stated.range, where + "." + name,
                   std::string(name) + " for " + *b.region + ": the guide says " +
                       FormatMoney(*stated) + ", the data says " + FormatMoney(exact) + " (" +
                       source + rows + "; rounded to " + step +
                       " as bands apply writes it: " + FormatMoney(written) + "), " +
                       PercentText(gap) + " apart (tolerance " + PercentText(tolerance_bp) + ")");
    };
    const int lo = rule.low_index, hi = rule.high_index;
    one(b.base_low, f->base_low, lo, "base_low", BandMetric::kBase, "base");
    one(b.base_high, f->base_high, hi, "base_high", BandMetric::kBase, "base");
    if (f->has_stock) {
      one(b.stock_low, f->stock_low, lo, "stock_low", BandMetric::kStock, "stock");
      one(b.stock_high, f->stock_high, hi, "stock_high", BandMetric::kStock, "stock");
    }
    one(b.total_comp_low, f->total_low, lo, "total_comp_low", BandMetric::kTotal, "total comp");
    one(b.total_comp_high, f->total_high, hi, "total_comp_high", BandMetric::kTotal, "total comp");
  }
  if (uncovered.empty()) return Status::Ok();
  const std::string who = (!given.company.empty()        ? given.company
                           : guide.company_display.has() ? *guide.company_display
                           : guide.company.has()         ? *guide.company
                                                         : std::string("?")) +
                          " / " +
                          (!given.title.empty()       ? given.title
                           : guide.role_display.has() ? *guide.role_display
                                                      : std::string("?"));
  const std::string data = bands.source + " up to " + bands.options.as_of.ToString();
  if (compared == 0 && uncovered.size() > 1) {
    // One note, not one per region: the data has nothing for this guide.
    std::string why;
    for (const Uncovered& u : uncovered) {
      why += (why.empty() ? "" : "; ") + *u.band->region + ": " + u.why;
    }
    const bool at_company = guide.company_display.has();
    sink.Note("bands-no-data",
              at_company ? guide.company_display.range : uncovered[0].band->region.range,
              at_company ? std::string("company_display") : uncovered[0].where + ".region",
              "no data for " + who + " in any of the guide's " +
                  Counted(static_cast<int64_t>(uncovered.size()), "region") + " in " + data + " (" +
                  why + "); none of its figures was compared");
    return Status::Ok();
  }
  for (const Uncovered& u : uncovered) {
    sink.Note("bands-no-data", u.band->region.range, u.where + ".region",
              "no data for " + who + " in " + *u.band->region + " in " + data + " (" + u.why +
                  "); its figures were not compared");
  }
  return Status::Ok();
}

Result<std::string> NewGuideFromBands(const BandSet& bands, const std::string& company_display,
                                      const std::string& role_display, int max_regions,
                                      const ApplyOptions& options) {
  LEVERS_RETURN_IF_ERROR(CheckWrittenOptions(options));
  if (max_regions < 1 || max_regions > kMaxNewGuideRegions) {
    return Status::InvalidArgument("a new guide takes 1 to " + std::to_string(kMaxNewGuideRegions) +
                                   " regions, not " + std::to_string(max_regions));
  }
  const KeyIndex ix(bands);
  if (ix.company < 0 || ix.title < 0 || ix.region < 0) {
    return Status::InvalidArgument("bands must be grouped by company, title and region");
  }
  const std::string company = CompanyKey(company_display), title = TitleKey(role_display);
  std::vector<const GroupBand*> groups;
  for (const GroupBand& g : bands.groups) {
    if (g.key_norm[ix.company] == company && g.key_norm[ix.title] == title &&
        g.status == GroupStatus::kOk && !g.key[ix.region].empty()) {
      groups.push_back(&g);
    }
  }
  if (groups.empty()) {
    return Status::InvalidArgument("no region has at least --min-n rows for " + company_display +
                                   " / " + role_display);
  }
  if (static_cast<int>(groups.size()) > max_regions) groups.resize(max_regions);
  auto slug = [](const std::string& s) {
    std::string out;
    for (char c : bands_internal::Fold(s)) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        out += c;
      } else if (!out.empty() && out.back() != '-') {
        out += '-';
      }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
  };
  int lowest = 3;
  size_t regions = 0;
  std::string comp, table;
  std::optional<Date> newest;  // of the rows of the regions written
  for (const GroupBand* g : groups) {
    Result<GuideBandFigures> f = FiguresFor(*g, 4, options.rule);
    if (!f.ok()) continue;
    ++regions;
    lowest = std::min(lowest, GradeRank(g->grade));
    TakeNewest(newest, g->newest);
    for (const std::string& l :
         EntryLines(g->key[ix.region], g->currency, &*f, nullptr, 4, false)) {
      comp += l + "\n";
    }
    table += "| " + TableCellText(g->key[ix.region]) + " | " +
             CellRange(f->base_low, f->base_high) + " | " +
             (f->has_stock ? CellRange(f->stock_low, f->stock_high) : "\xE2\x80\x94") + " | " +
             (f->has_bonus ? PctCell(f->bonus_low, f->bonus_high) : "\xE2\x80\x94") + " | " +
             CellRange(f->total_low, f->total_high) + " |\n";
  }
  if (regions == 0) {
    return Status::InvalidArgument("no region has base and total comp figures for " +
                                   company_display + " / " + role_display +
                                   " (a guide's band needs both; the data's base column may be "
                                   "missing or zero)");
  }
  // As in apply: the figures are as of their newest submission.
  LEVERS_ASSIGN_OR_RETURN(const std::string quarter,
                          QuarterOfFigures(bands, newest, options, std::string()));
  const Date review = ReviewDueAfter(bands.options.as_of);
  const std::string company_id = slug(company_display), role_id = slug(role_display);
  if (company_id.empty()) {
    return Status::InvalidArgument(
        "'" + company_display +
        "' has no ASCII letter or digit to make the guide's company id from (guide-format.md "
        "12): name the company with one, and map the data's name to it with --alias (e.g. "
        "--company Yandex --alias 'Яндекс=Yandex')");
  }
  if (role_id.empty()) {
    return Status::InvalidArgument("'" + role_display +
                                   "' has no ASCII letter or digit to make the guide's role id "
                                   "from (guide-format.md 12)");
  }
  std::string out = "---\n";
  out += "company: " + company_id + "\n";
  out += "company_display: " + YamlText(company_display) + "\n";
  out += "role: " + role_id + "\n";
  out += "role_display: " + YamlText(role_display) + "\n";
  out += "role_type: standard\n";
  out += "last_updated: " + bands.options.as_of.ToString() + "\n";
  out += "data_quality: " + std::string(kGradeOrder[lowest]) + "\n";
  out += "salary_data_quarter: " + quarter + "\n";
  out += "next_review_due: " + review.ToString() + "\n";
  out += "compensation:\n" + comp;
  out += "data_sources:\n  - " + YamlText(options.source_name) + "\n";
  out += "---\n";
  out += "### " + role_display + " | " + company_display + " Global Negotiation Guide\n\n";
  out += "**Negotiation DNA:** TODO pay mix | TODO market position | TODO focus\n\n";
  out += "| Region | Base Salary | Stock (RSU/4yr) | Bonus | Total Comp |\n";
  out += "|--------|-------------|-----------------|-------|------------|\n" + table + "\n";
  out += "**Negotiation DNA**\nTODO: how this company pays this role, in two short paragraphs.\n\n";
  out += "**Level Mapping:** TODO\n\n";
  out +=
      "### TODO Lever\nTODO: the company's focus this year and why it matters to a candidate.\n\n";
  out += "**Global Levers**\n1. **TODO:** \"TODO\"\n\n";
  out += "> **Negotiate Up Strategy:** \"TODO\"\n\n";
  out += "#### Evidence & Sources\n- " + options.source_name + " submissions, " +
         std::to_string(regions) + (regions == 1 ? " region" : " regions") + ", up to " +
         bands.options.as_of.ToString() + " (levers bands)\n";
  return out;
}

}  // namespace levers
