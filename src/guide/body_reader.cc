#include "guide/body_reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <string>
#include <unordered_map>
#include <utility>

#include "guide/prose.h"

namespace levers::internal {
namespace {

using Kind = MdBlock::Kind;

// std::isspace in the "C" locale (levers never sets another), without a call per byte.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Removes one pair of enclosing quotes, straight or curly: a script is quoted speech.
std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return Trim(s.substr(1, s.size() - 2));
  constexpr std::string_view kOpen = "\xE2\x80\x9C", kClose = "\xE2\x80\x9D";
  if (s.starts_with(kOpen) && s.ends_with(kClose) && s.size() >= 6) {
    return Trim(s.substr(3, s.size() - 6));
  }
  return s;
}

// std::tolower of the "C" locale over a copy, without a call per byte.
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Which section of the body the reader is in, for paragraphs that follow a label.
enum class Section { kNone, kDna, kFocus, kLevers, kEvidence, kOther };

// Column roles in the pay table, found from the header text.
struct TableColumns {
  int region = -1, base = -1, stock = -1, bonus = -1, total = -1, currency = -1;
};

// The roles a header can name, in the order of the bits RolesNamed sets.
struct ColumnRole {
  int TableColumns::*column;
  std::string_view name;  // for messages: "Base"
};
constexpr std::array<ColumnRole, 6> kColumnRoles = {{
    {&TableColumns::region, "Region"},
    {&TableColumns::base, "Base"},
    {&TableColumns::stock, "Stock"},
    {&TableColumns::bonus, "Bonus"},
    {&TableColumns::total, "Total"},
    {&TableColumns::currency, "Currency"},
}};

// The roles (bit i for kColumnRoles[i]) whose words a header cell's name
// holds, compared ASCII case-insensitively. The name is the text before the
// first '(': the rest is a note such as "(RSU/4yr)" or "(base+stock/4+bonus)".
// One pass over the name, without a lower-cased copy: a corpus build reads
// thousands of headers.
unsigned RolesNamed(std::string_view header) {
  const std::string_view name = header.substr(0, std::min(header.find('('), header.size()));
  // `word` (lower case) at name[i]; `| 0x20` lowers an ASCII letter and maps
  // no other byte onto one.
  auto at = [&](size_t i, std::string_view word) {
    if (name.size() - i < word.size()) return false;
    for (size_t k = 1; k < word.size(); ++k) {
      if ((name[i + k] | 0x20) != word[k]) return false;
    }
    return true;
  };
  unsigned roles = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    switch (name[i] | 0x20) {
      case 'r':
        if (at(i, "region")) roles |= 1u << 0;
        if (at(i, "rsu")) roles |= 1u << 2;
        break;
      case 'l':
        if (at(i, "location")) roles |= 1u << 0;
        break;
      case 'b':
        if (at(i, "base")) roles |= 1u << 1;
        if (at(i, "bonus")) roles |= 1u << 3;
        break;
      case 's':
        if (at(i, "stock")) roles |= 1u << 2;
        break;
      case 'e':
        if (at(i, "equity")) roles |= 1u << 2;
        break;
      case 't':
        if (at(i, "total")) roles |= 1u << 4;
        break;
      case 'c':
        if (at(i, "currency")) roles |= 1u << 5;
        break;
      default:
        break;
    }
  }
  return roles;
}

// "Stock (RSU/4yr)": the grant's vesting years, 1 to 10.
void ReadVestingYears(const TableCell& cell, Field<int>& vesting_years, DiagnosticSink& sink) {
  const std::string h = LowerAscii(cell.text);
  for (size_t j = 0; j < h.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(h[j])) ||
        (j > 0 && std::isdigit(static_cast<unsigned char>(h[j - 1]))))
      continue;
    size_t k = j;
    int years = 0;
    // Every digit is read (a long number saturates rather than stopping
    // short of its "yr"), so "RSU/1234yr" is refused like "RSU/12yr".
    while (k < h.size() && std::isdigit(static_cast<unsigned char>(h[k]))) {
      if (years <= 10) years = years * 10 + (h[k] - '0');
      ++k;
    }
    if (h.compare(k, 2, "yr") != 0) continue;
    if (years >= 1 && years <= 10) {
      vesting_years.Set(years, cell.range);
    } else {
      sink.Error("amount-invalid", cell.range, "table.stock_vesting_years",
                 "the stock column says the grant vests over " + std::string(h.substr(j, k - j)) +
                     " years; a vesting period is 1 to 10 years");
    }
  }
}

// Each header cell's role comes from its name (RolesNamed): the one role whose
// words it contains. A name with the words of two roles ("Base + Bonus"), or a
// second column of a role already taken ("Base Salary (local)" after "Base
// Salary (USD)"), is table-header at that cell and the column is not read.
TableColumns FindColumns(const MdBlock& header, Field<int>& vesting_years, DiagnosticSink& sink) {
  TableColumns c;
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const TableCell& cell = header.cells[i];
    const unsigned roles = RolesNamed(cell.text);
    if (roles == 0) continue;
    const ColumnRole* role = &kColumnRoles[static_cast<size_t>(std::countr_zero(roles))];
    const unsigned rest = roles & (roles - 1);
    const ColumnRole* also =
        rest ? &kColumnRoles[static_cast<size_t>(std::countr_zero(rest))] : nullptr;
    auto quoted = [&](size_t at) {
      return "column " + std::to_string(at + 1) + " '" + std::string(Trim(header.cells[at].text)) +
             "'";
    };
    if (also) {
      sink.Error("table-header", cell.range, "table",
                 "the pay table's " + quoted(i) + " header names two columns, " +
                     std::string(role->name) + " and " + std::string(also->name) +
                     "; a header names one (a note in brackets after the name is not read)");
      continue;
    }
    int& at = c.*(role->column);
    if (at >= 0) {
      sink.Error("table-header", cell.range, "table",
                 "the pay table's " + quoted(i) + " header is a second " + std::string(role->name) +
                     " column (" + quoted(static_cast<size_t>(at)) +
                     " is the first); only the first is read");
      continue;
    }
    at = static_cast<int>(i);
    if (role->column == &TableColumns::stock) ReadVestingYears(cell, vesting_years, sink);
  }
  return c;
}

class BodyReader {
 public:
  BodyReader(Guide& g, DiagnosticSink& sink) : g_(g), sink_(sink) {}

  void Read(const std::vector<MdBlock>& blocks) {
    for (const MdBlock& b : blocks) {
      switch (b.kind) {
        case Kind::kHeading:
          Heading(b);
          break;
        case Kind::kParagraph:
          Paragraph(b);
          break;
        case Kind::kListItem:
          ListItem(b);
          break;
        case Kind::kTableRow:
          TableRow(b);
          break;
      }
    }
  }

 private:
  SpanMapper Mapper(const MdBlock& b, uint32_t shift = 0) {
    return [&b, shift](uint32_t begin, uint32_t end) {
      return b.SourceSpan(begin + shift, end + shift);
    };
  }

  void Heading(const MdBlock& b) {
    const std::string_view t = Trim(b.text);
    const std::string lower = LowerAscii(t);
    if (!g_.heading.has() && t.find(" | ") != std::string_view::npos) {
      g_.heading.Set(std::string(t), b.range);
      const size_t bar = t.find(" | ");
      std::string_view company = Trim(t.substr(bar + 3));
      for (std::string_view suffix : {" Global Negotiation Guide", " Negotiation Guide"}) {
        if (company.ends_with(suffix)) company.remove_suffix(suffix.size());
      }
      g_.heading_role.Set(std::string(Trim(t.substr(0, bar))), b.range);
      g_.heading_company.Set(std::string(company), b.range);
      section_ = Section::kNone;
    } else if (lower.find("evidence") != std::string::npos ||
               lower.find("sources") != std::string::npos) {
      g_.saw_evidence = true;
      section_ = Section::kEvidence;
    } else if (lower.ends_with(" lever") && !g_.focus.title.has()) {
      g_.focus.title.Set(std::string(Trim(t.substr(0, t.size() - 6))), b.range);
      section_ = Section::kFocus;
    } else {
      section_ = Section::kOther;
    }
  }

  void Paragraph(const MdBlock& b) {
    std::string_view label = b.LeadingStrong();
    std::string_view trimmed_label = Trim(label);
    if (trimmed_label.ends_with(":")) trimmed_label.remove_suffix(1);
    const std::string key = LowerAscii(Trim(trimmed_label));
    const uint32_t rest_at = static_cast<uint32_t>(label.size());
    const std::string_view rest = std::string_view(b.text).substr(rest_at);
    const bool has_colon = Trim(label).ends_with(":");

    if (key == "negotiation dna" && has_colon) {
      const std::string_view summary = Trim(rest);
      const uint32_t lead = static_cast<uint32_t>(summary.data() - b.text.data());
      g_.dna_body = ParseDnaSummary(
          summary, b.SourceSpan(lead, lead + static_cast<uint32_t>(summary.size())));
      return;
    }
    if (key == "negotiation dna") {
      // A label line; prose may follow it in the same paragraph (no blank line between).
      g_.saw_dna_heading = true;
      section_ = Section::kDna;
      if (!Trim(rest).empty()) g_.dna_paragraphs.emplace_back(Trim(rest));
      return;
    }
    if (key == "level mapping" && has_colon) {
      const std::string_view raw = Trim(rest);
      const uint32_t lead = static_cast<uint32_t>(raw.data() - b.text.data());
      LevelMapping& lm = g_.level_mapping_body;
      lm.raw.Set(std::string(raw), b.SourceSpan(lead, lead + static_cast<uint32_t>(raw.size())));
      // The own company if already known; ReadGuide splits the first
      // equivalent again when it is named only later in the file.
      const std::string own = g_.company_display.has()   ? *g_.company_display
                              : g_.heading_company.has() ? *g_.heading_company
                                                         : std::string();
      lm.equivalents = ParseLevelMapping(raw, own, Mapper(b, lead));
      section_ = Section::kOther;
      return;
    }
    if (key == "global levers" && Trim(rest).empty()) {
      g_.saw_levers = true;
      section_ = Section::kLevers;
      return;
    }
    if (key == "negotiate up strategy") {
      g_.saw_strategy = true;
      const std::string_view text = Unquote(rest);
      const uint32_t lead = static_cast<uint32_t>(text.data() - b.text.data());
      Strategy& s = g_.strategy;
      s.text.Set(std::string(text), b.SourceSpan(lead, lead + static_cast<uint32_t>(text.size())));
      ProseFacts f = ScanProse(text, Mapper(b, lead));
      s.ask = std::move(f.asks);
      s.competing_offers = std::move(f.competing_offers);
      s.floor = f.floor;
      section_ = Section::kOther;
      return;
    }
    if (key.find("evidence") != std::string::npos && Trim(rest).empty()) {
      g_.saw_evidence = true;
      section_ = Section::kEvidence;
      return;
    }
    if (section_ == Section::kDna)
      g_.dna_paragraphs.push_back(b.text);
    else if (section_ == Section::kFocus)
      g_.focus.paragraphs.push_back(b.text);
  }

  void ListItem(const MdBlock& b) {
    if (section_ == Section::kEvidence) {
      Field<std::string> f;
      f.Set(std::string(Trim(b.text)), b.range);
      g_.evidence.push_back(std::move(f));
      return;
    }
    if (section_ != Section::kLevers) return;
    Lever lever;
    lever.range = b.range;
    std::string_view label = b.LeadingStrong();
    std::string_view title = Trim(label);
    if (title.ends_with(":")) title.remove_suffix(1);
    if (!title.empty()) {
      lever.title.Set(std::string(Trim(title)),
                      b.SourceSpan(0, static_cast<uint32_t>(label.size())));
    }
    std::string_view script = Unquote(std::string_view(b.text).substr(label.size()));
    const uint32_t lead = static_cast<uint32_t>(script.data() - b.text.data());
    lever.script.Set(std::string(script),
                     b.SourceSpan(lead, lead + static_cast<uint32_t>(script.size())));
    ProseFacts f = ScanProse(script, Mapper(b, lead));
    lever.asks = std::move(f.asks);
    lever.competing_offers = std::move(f.competing_offers);
    g_.levers.push_back(std::move(lever));
  }

  void TableRow(const MdBlock& b) {
    if (b.table_index != 0) return;  // only the first table is the pay table
    g_.saw_table = true;
    if (b.header_row) {
      header_.clear();
      for (const TableCell& c : b.cells)
        header_ += (header_.empty() ? "" : " | ") + std::string(Trim(c.text));
      columns_ = FindColumns(b, g_.table_stock_vesting_years, sink_);
      if (columns_.region < 0 || columns_.base < 0) {
        sink_.Error("table-header", b.range, "table",
                    "the pay table needs Region and Base Salary columns (found: " +
                        std::to_string(b.cells.size()) + " columns)");
      }
      return;
    }
    const size_t row = g_.table_bands.size();
    // The row's field path, for messages only (built when one is reported).
    auto path = [row] { return "table[" + std::to_string(row) + "]"; };
    CompBand band;
    band.range = b.range;
    if (g_.table_stock_vesting_years.has())
      band.stock_vesting_years = *g_.table_stock_vesting_years;
    auto cell = [&](int idx) -> const TableCell* {
      if (idx < 0 || static_cast<size_t>(idx) >= b.cells.size()) return nullptr;
      return &b.cells[static_cast<size_t>(idx)];
    };
    auto missing = [&](int idx, std::string_view name, std::string_view expected) {
      const TableCell* c = cell(idx);
      sink_.Error("table-cell-empty", c && c->range.end ? c->range : b.range, path(),
                  "row " + std::to_string(row + 1) + " of the pay table has no " +
                      std::string(name) + " value (expected " + std::string(expected) + ")");
    };
    // md4c pads a short row with empty cells; report the row once, not each cell.
    size_t given = b.cells.size();
    while (given > 0 && Trim(b.cells[given - 1].text).empty()) --given;
    if (given < b.cells.size()) {
      sink_.Error("table-row-short", b.range, path(),
                  "row " + std::to_string(row + 1) +
                      " of the pay table has values in only the first " + std::to_string(given) +
                      " of its " + std::to_string(b.cells.size()) + " cells (expected " + header_ +
                      ")");
    }
    if (!b.overflow.text.empty()) {
      sink_.Warning("table-row-long", b.overflow.range, path(),
                    "row " + std::to_string(row + 1) + " of the pay table has cells past its " +
                        std::to_string(b.cells.size()) + " columns (" + header_ + "): '" +
                        b.overflow.text + "' is not read");
    }
    auto present = [&](int idx) { return idx >= 0 && static_cast<size_t>(idx) < given; };
    const TableCell* region = cell(columns_.region);
    if (region && !Trim(region->text).empty()) {
      band.region.Set(std::string(Trim(region->text)), region->range);
    } else if (given > 0 && columns_.region >= 0) {  // no Region column: table-header says so
      missing(columns_.region, "Region", "a region name");
    }
    std::string currency;
    // A Currency column names the row's currency for amounts written without a symbol.
    if (const TableCell* cc = cell(columns_.currency); cc && !Trim(cc->text).empty()) {
      const std::string code(Trim(cc->text));
      if (FindCurrency(code)) {
        currency = code;
        band.currency.Set(currency, cc->range);
      } else {
        sink_.Error(
            "currency-unknown", cc->range, path() + ".currency",
            "currency '" + code + "' is not an ISO 4217 code levers knows (USD, EUR, GBP ...)");
      }
    }
    const bool currency_column = !currency.empty();
    // The Base, Stock and Total cells are all read before any is judged, so
    // that the row's currency can be taken from all of them.
    std::array<AmountCell, 3> amounts = {{
        {columns_.base, "base", &band.base_low, &band.base_high},
        {columns_.stock, "stock", &band.stock_low, &band.stock_high},
        {columns_.total, "total_comp", &band.total_comp_low, &band.total_comp_high},
    }};
    for (AmountCell& a : amounts) {
      const TableCell* c = cell(a.column);
      if (!c || Trim(c->text).empty()) continue;
      // A grant may be not stated, as a bonus may ("—" where data has no
      // stock); the front matter says so by leaving out stock_low/high.
      if (a.column == columns_.stock && IsNotStated(c->text)) {
        // No figure, but where the cell is, for `levers bands apply` to
        // write figures into and for fm-table-mismatch to point at.
        a.not_stated = true;
        a.low->range = c->range;
        a.high->range = c->range;
        continue;
      }
      a.cell = c;
      a.parse = ParseMoneyRange(c->text, currency_column ? currency : std::string());
    }
    RowCurrencyChoice choice;
    if (currency_column) {
      choice.currency = currency;
      choice.from = RowCurrencyChoice::From::kCurrencyColumn;
    } else {
      choice = ChooseRowCurrency(amounts, band.region);
      currency = choice.currency;
    }
    bool disagreement_reported = false;  // a row whose cells tie is reported once
    for (AmountCell& a : amounts) {
      const TableCell* c = a.cell;
      if (a.not_stated) continue;
      if (!c) {
        if (present(a.column)) missing(a.column, a.name, "an amount range such as $170K–$220K");
        continue;
      }
      RangeParse& r = a.parse;
      // The cell's field path, for messages only (built when one is reported).
      auto field = [&] { return path() + "." + std::string(a.name); };
      if (!r.ok) {
        sink_.Error("amount-invalid", c->range, field(),
                    std::string(a.name) + " '" + std::string(Trim(c->text)) + "': " + r.error);
        continue;
      }
      const std::string& named = r.value.low.currency;
      if (named.empty() && currency_column) {
        std::optional<Money> lo = InCurrency(r.value.low, currency),
                             hi = InCurrency(r.value.high, currency);
        if (!lo || !hi) {
          sink_.Error("amount-invalid", c->range, field(),
                      std::string(a.name) + " '" + std::string(Trim(c->text)) +
                          "' has more decimal places than " + currency + " allows");
          continue;
        }
        r.value.low = *lo;
        r.value.high = *hi;
      } else if (named.empty()) {
        sink_.Error("currency-missing", c->range, field(),
                    std::string(a.name) + " '" + std::string(Trim(c->text)) +
                        "' names no currency (write $170K, EUR145K, £95K ...)");
      } else if (currency.empty()) {
        // The cells tie and nothing decides: say so once, at the first cell
        // that differs from the first, without taking a side.
        const AmountCell& first = *choice.first_named;
        if (!disagreement_reported && named != first.parse.value.low.currency) {
          disagreement_reported = true;
          sink_.Error("currency-mismatch", c->range, field(),
                      std::string(a.name) + " is in " + named + " but " + std::string(first.name) +
                          " is in " + first.parse.value.low.currency +
                          "; write the row's amounts in one currency");
        }
      } else if (named != currency) {
        sink_.Error("currency-mismatch", c->range, field(),
                    std::string(a.name) + " is in " + named + " but " +
                        MismatchReason(amounts, a, choice, band.region));
      } else if (!band.currency.has()) {
        band.currency.Set(currency, c->range);
      }
      a.low->Set(r.value.low, c->range);
      a.high->Set(r.value.high, c->range);
    }
    // Amounts written without a currency (already reported) take the row's currency for later
    // rules.
    for (Field<Money>* f : {&band.base_low, &band.base_high, &band.stock_low, &band.stock_high,
                            &band.total_comp_low, &band.total_comp_high}) {
      if (f->has() && f->value->currency.empty() && !currency.empty()) {
        std::optional<Money> m = InCurrency(*f->value, currency);
        if (m) f->value = *m;
      }
    }
    if (const TableCell* c = cell(columns_.bonus)) {
      PercentRangeParse p = ParsePercentRange(c->text);
      if (!p.ok) {
        sink_.Error("amount-invalid", c->range, path() + ".bonus",
                    "bonus '" + std::string(Trim(c->text)) + "': " + p.error);
      } else {
        if (p.value.low) band.bonus_pct_low.Set(*p.value.low, c->range);
        if (p.value.high) band.bonus_pct_high.Set(*p.value.high, c->range);
        // A "—" keeps where it is, as a not-stated Stock cell does.
        if (!p.value.low && !p.value.high && !Trim(c->text).empty())
          band.bonus_pct_low.range = band.bonus_pct_high.range = c->range;
      }
    }
    if (g_.table_bands.empty()) g_.table_bands.reserve(8);  // a pay table has a handful of rows
    g_.table_bands.push_back(std::move(band));
  }

  // A Base, Stock or Total cell of a pay table row, read before it is judged.
  struct AmountCell {
    int column;
    std::string_view name;            // for messages and field paths: "base"
    Field<Money>*low, *high;          // where its figures go
    bool not_stated = false;          // "—" in the Stock cell
    const TableCell* cell = nullptr;  // null when absent or empty
    RangeParse parse = {};            // when `cell`
  };

  // A row's currency and what gave it (docs/guide-format.md 7.3).
  struct RowCurrencyChoice {
    enum class From { kCells, kFrontMatter, kCurrencyColumn };
    std::string currency;  // empty when no cell names one, or the cells tie
    From from = From::kCells;
    const AmountCell* first_named = nullptr;  // the first cell that names a currency
  };

  // The currency of a row without a Currency cell: the one its cells name
  // when they agree. When they do not, the front matter entry's for the
  // region decides, if a cell is in it; else the one most cells name; else
  // (a tie) none.
  RowCurrencyChoice ChooseRowCurrency(const std::array<AmountCell, 3>& amounts,
                                      const Field<std::string>& region) {
    RowCurrencyChoice out;
    std::array<std::pair<std::string_view, int>, 3> named;  // currency, cells, in order named
    size_t kinds = 0;
    for (const AmountCell& a : amounts) {
      if (!a.cell || !a.parse.ok || a.parse.value.low.currency.empty()) continue;
      if (!out.first_named) out.first_named = &a;
      const std::string_view code = a.parse.value.low.currency;
      size_t k = 0;
      while (k < kinds && named[k].first != code) ++k;
      if (k == kinds) named[kinds++] = {code, 0};
      ++named[k].second;
    }
    if (kinds == 0) return out;
    if (kinds == 1) {
      out.currency = named[0].first;
      return out;
    }
    if (const std::string_view fm = FrontMatterCurrency(region); !fm.empty()) {
      for (size_t k = 0; k < kinds; ++k) {
        if (named[k].first == fm) {
          out.currency = fm;
          out.from = RowCurrencyChoice::From::kFrontMatter;
          return out;
        }
      }
    }
    size_t most = 0;
    bool tie = false;
    for (size_t k = 1; k < kinds; ++k) {
      if (named[k].second == named[most].second) tie = true;
      if (named[k].second > named[most].second) {
        most = k;
        tie = false;
      }
    }
    if (!tie) out.currency = named[most].first;
    return out;
  }

  // The currency of the front matter entry for `region` (the first entry of
  // that name, compared as RegionKey compares), when it is one levers knows;
  // else empty. The table of entries is made on first use: only a row whose
  // cells disagree asks.
  std::string_view FrontMatterCurrency(const Field<std::string>& region) {
    if (!region.has() || g_.front_matter_bands.empty()) return {};
    if (!fm_currencies_made_) {
      for (const CompBand& b : g_.front_matter_bands) {
        if (!b.region.has()) continue;
        const bool known = b.currency.has() && FindCurrency(*b.currency);
        fm_currencies_.emplace(RegionKey(*b.region), known ? *b.currency : std::string());
      }
      fm_currencies_made_ = true;
    }
    const auto it = fm_currencies_.find(RegionKey(*region));
    return it == fm_currencies_.end() ? std::string_view() : std::string_view(it->second);
  }

  // The second half of the message for a cell `a` not in the row's currency:
  // the other cells' currency when they share the row's, else what gave it.
  static std::string MismatchReason(const std::array<AmountCell, 3>& amounts, const AmountCell& a,
                                    const RowCurrencyChoice& choice,
                                    const Field<std::string>& region) {
    bool others_agree = true;
    for (const AmountCell& o : amounts) {
      if (&o == &a || !o.cell || !o.parse.ok) continue;
      const std::string& code = o.parse.value.low.currency;
      if (!code.empty() && code != choice.currency) others_agree = false;
    }
    if (others_agree) return "the row's other amounts are in " + choice.currency;
    if (choice.from == RowCurrencyChoice::From::kCurrencyColumn)
      return "the row's Currency column says " + choice.currency;
    return "the front matter gives " + *region + " in " + choice.currency;
  }

  Guide& g_;
  DiagnosticSink& sink_;
  Section section_ = Section::kNone;
  TableColumns columns_;
  std::string header_;  // the header cells, for messages
  // Region key -> currency of its front matter entry, once FrontMatterCurrency asks.
  std::unordered_map<std::string, std::string> fm_currencies_;
  bool fm_currencies_made_ = false;
};

}  // namespace

void ReadBody(const std::vector<MdBlock>& blocks, Guide& guide, DiagnosticSink& sink) {
  BodyReader(guide, sink).Read(blocks);
}

}  // namespace levers::internal
