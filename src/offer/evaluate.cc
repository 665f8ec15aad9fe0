#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "core/digits.h"
#include "levers/edit_distance.h"
#include "levers/fx.h"
#include "levers/offer.h"
#include "offer/conversion.h"

namespace levers {

std::string FormatCount(int64_t n) {
  // A count of shares or options, grouped in thousands whatever the currency.
  char buf[32];
  char* const end = buf + sizeof buf;
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  char* p = internal::WriteGroupedBackward(end, magnitude);
  if (n < 0) *--p = '-';
  return std::string(p, end);
}

std::string internal::NameKey(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// What a figure in `currency` is rounded to, in words: "cent", "unit" for a
// currency without minor units (JPY), "thousandth" for one with three (KWD).
std::string internal::MinorUnitName(const std::string& currency) {
  const int digits = MinorDigits(currency);
  if (digits == 0) return "unit";
  if (digits == 3) return "thousandth";
  // The minor unit by its name where it is a cent; else its own, or its share.
  static const std::set<std::string, std::less<>> kCents = {"AUD", "CAD", "EUR", "HKD",
                                                            "NZD", "SGD", "USD"};
  if (kCents.count(currency)) return "cent";
  if (currency == "GBP") return "penny";
  if (currency == "INR") return "paisa";
  return "hundredth";
}

namespace {

__extension__ typedef __int128 Wide;

Money M(int64_t minor, const std::string& cur) { return Money{minor, cur}; }

// amount × bp / 10,000, rounded down to the minor unit.
int64_t ApplyBp(int64_t minor, int64_t bp) {
  return static_cast<int64_t>(static_cast<Wide>(minor) * bp / 10000);
}

std::string F(const Money& m) { return FormatMoney(m); }

using internal::MinorUnitName;

// " (rounded down to the cent)" when ApplyBp(minor, bp) drops a remainder, so
// that a formula with its inputs gives its figure exactly; else nothing.
std::string RoundedDownNote(int64_t minor, int64_t bp, const std::string& currency) {
  if (static_cast<Wide>(minor) * bp % 10000 == 0) return "";
  return " (rounded down to the " + MinorUnitName(currency) + ")";
}

std::string Key(std::string_view s) { return internal::NameKey(s); }

// The names closest to `wanted` first, at most `limit` of them, comma-separated.
std::string Closest(const std::vector<std::string>& names, std::string_view wanted,
                    size_t limit = 3) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& n : names) scored.emplace_back(EditDistance(Key(n), Key(wanted)), n);
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::string out;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) out += (i ? ", " : "") + scored[i].second;
  return out;
}

// "base USD 240,000 + bonus USD 24,000 + equity USD 42,000": the named terms
// that are not 0 (the first always, so a sum is never empty).
std::string Terms(const std::vector<std::pair<std::string, Money>>& terms) {
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0 && terms[i].second.minor == 0) continue;
    out += (out.empty() ? "" : " + ") + terms[i].first + " " + F(terms[i].second);
  }
  return out;
}

// Percentile of `x` in a band whose low and high are read as percentiles lo_p and
// hi_p: linear between them, extended beyond, clamped to 0..100. A flat band
// (low == high) has no slope: an offer at it is midway between lo_p and hi_p,
// one below it p0 and one above it p100. FindBand never gives a band whose low
// is above its high.
BandPosition Position(std::string what, const Money& x, const Money& low, const Money& high,
                      const ValuationAssumptions& a) {
  BandPosition p;
  p.what = std::move(what);
  p.value = x;
  p.band_low = low;
  p.band_high = high;
  if (x.minor < low.minor)
    p.note = "below the band";
  else if (x.minor > high.minor)
    p.note = "above the band";
  const Wide span = static_cast<Wide>(high.minor) - low.minor;
  if (span <= 0) {
    const int32_t sum = a.band_low_percentile + a.band_high_percentile;
    p.percentile = x.minor < low.minor ? 0 : x.minor > high.minor ? 100 : (sum + 1) / 2;
    const std::string flat = "flat band (low = high = " + F(low) + "): ";
    p.formula = x.minor < low.minor    ? flat + "a figure below it is p0"
                : x.minor > high.minor ? flat + "a figure above it is p100"
                                       : flat + "a figure at it is midway between p" +
                                             std::to_string(a.band_low_percentile) + " and p" +
                                             std::to_string(a.band_high_percentile) + ": (" +
                                             std::to_string(a.band_low_percentile) + " + " +
                                             std::to_string(a.band_high_percentile) +
                                             ") / 2 = " + std::to_string(p.percentile) +
                                             (sum % 2 != 0 ? " (rounded half up)" : "");
    return p;
  }
  // The exact percentile is num / den; it is rounded half up (24.5 → 25,
  // 24.496 → 24, −0.5 → 0) with a floor division, the same on both sides of
  // the band's low (dividing a negative offset with truncation toward zero
  // first would round 24.496 up to 25).
  const Wide num =
      static_cast<Wide>(a.band_low_percentile) * span +
      (static_cast<Wide>(x.minor) - low.minor) * (a.band_high_percentile - a.band_low_percentile);
  const Wide den = span;
  const Wide twice = 2 * num + den;  // floor((2·num + den) / (2·den)) = floor(num/den + 1/2)
  Wide rounded = twice / (2 * den);
  if (twice % (2 * den) != 0 && twice < 0) --rounded;
  const bool clamped = num < 0 || num > 100 * den;
  p.percentile = static_cast<int32_t>(std::clamp<Wide>(rounded, 0, 100));
  p.formula = std::to_string(a.band_low_percentile) + " + (" + F(x) + " − " + F(low) + ") / (" +
              F(high) + " − " + F(low) + ") × " +
              std::to_string(a.band_high_percentile - a.band_low_percentile) + " = " +
              std::to_string(p.percentile) +
              (clamped ? " (rounded half up, clamped to 0..100)" : " (rounded half up)");
  return p;
}

// What vests in year `year_index` (0-based) and why, from the cliff and the
// schedule: "70% of the grant vests in year 2 (years 1–2's 40% + 30%, at the
// 18-month cliff): USD 336,000 × 70%". `vested` is the year's vest (YearlyVests).
std::string VestFormula(const VestingSchedule& s, int year_index, const Money& grant,
                        int64_t vested) {
  const int year = year_index + 1, cliff_year = s.CliffYear();
  const std::string share = s.ReleasedShareText(year_index);
  std::string out = share + " of the grant vests in year " + std::to_string(year);
  const std::string cliff = std::to_string(s.cliff_months) + "-month cliff";
  if (year < cliff_year) {
    out += " (nothing before the " + cliff + ")";
  } else if (year == cliff_year && year > 1) {
    std::string shares;
    for (int k = 0; k < year; ++k) shares += (k ? " + " : "") + s.YearShareText(k);
    out += " (years 1–" + std::to_string(year) + "'s " + shares + ", at the " + cliff + ")";
  }
  out += ": " + F(grant) + " × " + share;
  // The year's vest is the cumulative schedule rounded down, less the years
  // before it: said when that is not the product shown.
  const auto [first, last] = s.ReleasedYears(year_index);
  Wide num = static_cast<Wide>(grant.minor) * s.ReleasedBp(year_index), den = 10000;
  if (s.FractionalShares()) {
    num = static_cast<Wide>(grant.minor) * (last - first);
    den = s.years();
  }
  if (num % den != 0 || num / den != vested) {
    out += " = " + F(Money{vested, grant.currency}) +
           " (the schedule to date rounded down to the " + MinorUnitName(grant.currency) +
           ", less the years before: the years add up to the grant)";
  }
  return out;
}

}  // namespace

std::string SharePriceString(const SharePrice& p) {
  std::string out = std::to_string(p.micros / kSharePriceScale);
  std::string frac = std::to_string(p.micros % kSharePriceScale + kSharePriceScale).substr(1);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

std::string FormatSharePrice(const SharePrice& p) {
  const int digits = MinorDigits(p.currency);
  std::string frac = std::to_string(p.micros % kSharePriceScale + kSharePriceScale).substr(1);
  while (frac.size() > static_cast<size_t>(digits) && frac.back() == '0') frac.pop_back();
  // Grouped as the currency's amounts are: "INR 1,50,000.00" for rupees. The
  // reader keeps prices at or above zero.
  char buf[32];
  char* const end = buf + sizeof buf;
  char* whole = internal::WriteGroupedBackward(
      end, static_cast<uint64_t>(std::max<int64_t>(p.micros, 0) / kSharePriceScale),
      GroupsInLakhs(p.currency));
  return p.currency + " " + std::string(whole, end) + (frac.empty() ? "" : "." + frac);
}

std::string DescribeGrant(const EquityGrant& g) {
  if (g.kind != EquityKind::kOptions) {
    return F(g.value) + " in equity";
  }
  std::string out = FormatCount(g.shares) + " options";
  if (g.strike) out += " at strike " + FormatSharePrice(*g.strike);
  if (g.preferred_price)
    out += " (preferred price " + FormatSharePrice(*g.preferred_price) + ")";
  else if (g.fair_value)
    out += " (fair value " + FormatSharePrice(*g.fair_value) + ")";
  return out;
}

Result<const Guide*> FindGuide(const std::vector<const Guide*>& guides, const std::string& company,
                               const std::string& role) {
  if (company.empty()) return Status::NotFound("the offer names no company, so it has no guide");
  std::vector<const Guide*> by_company;
  std::vector<std::string> companies;
  for (const Guide* g : guides) {
    const std::string display = g->company_display.has() ? *g->company_display : "";
    const std::string slug = g->company.has() ? *g->company : "";
    if (!display.empty()) companies.push_back(display);
    if (Key(display) == Key(company) || Key(slug) == Key(company)) by_company.push_back(g);
  }
  if (guides.empty()) {
    return Status::NotFound("no guide for company '" + company + "': no guides were read");
  }
  if (by_company.empty()) {
    return Status::NotFound("no guide for company '" + company +
                            "'; closest: " + Closest(companies, company));
  }
  std::vector<std::string> roles;
  for (const Guide* g : by_company) {
    const std::string display = g->role_display.has() ? *g->role_display : "";
    const std::string slug = g->role.has() ? *g->role : "";
    roles.push_back(display);
    if (Key(display) == Key(role) || Key(slug) == Key(role)) return g;
  }
  // Every role the company's guides cover, the closest first.
  return Status::NotFound((role.empty() ? "the offer names no role, so it has no guide"
                                        : "no guide for role '" + role + "'") +
                          " at " + company + "; its " + std::to_string(by_company.size()) +
                          " guide" + (by_company.size() == 1 ? " covers: " : "s cover: ") +
                          Closest(roles, role, roles.size()));
}

namespace {

std::string GuideName(const Guide& guide) {
  return "the " + (guide.role_display.has() ? *guide.role_display : std::string("guide")) +
         " guide";
}

}  // namespace

Result<CompBand> UsableBand(const Guide& guide, const CompBand& band) {
  // A range whose low is above its high (check's range-order) places no
  // offer, gives no ask and no floor: the whole band is refused.
  std::string inverted;
  for (const auto& [what, low, high] :
       {std::tuple<const char*, const Field<Money>*, const Field<Money>*>{"base", &band.base_low,
                                                                          &band.base_high},
        {"stock", &band.stock_low, &band.stock_high},
        {"total comp", &band.total_comp_low, &band.total_comp_high}}) {
    if (!low->has() || !high->has() || (*low)->minor <= (*high)->minor) continue;
    inverted += std::string(inverted.empty() ? "its " : " and its ") + what + " low " + F(**low) +
                " is above its high " + F(**high);
  }
  const std::string region = band.region.has() ? " " + *band.region : std::string(" first");
  if (!inverted.empty()) {
    return Status::InvalidArgument(GuideName(guide) + "'s" + region + " band is not used: " +
                                   inverted + " (error[range-order] in levers check)");
  }
  if (band.currency.has() && !band.currency->empty()) return band;
  // A band without a currency (a table row whose cells tie on one, or a front
  // matter entry that names none) cannot be compared with an offer.
  std::string named;  // "base in EUR, stock in USD", when the amounts name currencies
  std::string first;  // the first currency named
  bool disagree = false;
  for (const auto& [what, low] :
       {std::pair<const char*, const Field<Money>*>{"base", &band.base_low},
        {"stock", &band.stock_low},
        {"total comp", &band.total_comp_low}}) {
    if (!low->has() || (*low)->currency.empty()) continue;
    if (first.empty()) first = (*low)->currency;
    if ((*low)->currency != first) disagree = true;
    named += (named.empty() ? "" : ", ") + std::string(what) + " in " + (*low)->currency;
  }
  const std::string where = guide.path.empty() ? GuideName(guide) : guide.path;
  return Status::InvalidArgument(
      "the" + region + " band of " + where + " has no currency (" +
      (disagree ? "its cells disagree: " + named + "; error[currency-mismatch]"
                : std::string("error[currency-missing]")) +
      " in levers check)");
}

Result<CompBand> FindBand(const Guide& guide, const std::string& region) {
  const std::string name = GuideName(guide);
  std::vector<std::string> regions;
  for (const ResolvedBand& r : ResolveCompensation(guide)) {
    if (!r.band.region.has()) continue;
    regions.push_back(*r.band.region);
    if (region.empty() || RegionKey(*r.band.region) != RegionKey(region)) continue;
    return UsableBand(guide, r.band);
  }
  if (regions.empty()) return Status::NotFound(name + " has no pay band for any region");
  if (region.empty()) {
    std::string all;
    for (size_t i = 0; i < regions.size(); ++i) all += (i ? ", " : "") + regions[i];
    return Status::NotFound("the offer names no region; " + name + "'s regions: " + all);
  }
  return Status::NotFound(name + " has no region '" + region +
                          "'; closest: " + Closest(regions, region));
}

Result<Evaluation> Evaluate(const Offer& o, const Guide* guide, const ValuationAssumptions& a) {
  Evaluation ev;
  ev.offer = o;
  const std::string& cur = o.currency;
  // Equity: the grant three ways.
  int64_t grant_floor = 0, grant_expected = 0, grant_upside = 0, grant_face = 0;
  // Options valued from the 409A fair value alone: a price set for tax, below
  // what investors pay, so the value is a floor of what the grant is worth.
  const bool at_409a = o.equity && o.equity->kind == EquityKind::kOptions &&
                       !o.equity->preferred_price && o.equity->fair_value;
  if (o.equity) {
    const EquityGrant& g = *o.equity;
    EquityValue v;
    if (g.kind == EquityKind::kOptions) {
      const SharePrice& price = g.preferred_price ? *g.preferred_price : *g.fair_value;
      // The grant's totals, shares × price and shares × strike: exact in
      // millionths of the prices' currency, or in minor units of the offer's
      // when each was converted as one amount (ConvertOffer). Every value is
      // computed exactly from them and rounded once, down, to the minor unit.
      const bool converted = g.converted_price_total && g.converted_strike_total;
      const Wide unit = converted ? 1 : kSharePriceScale / MinorPerMajor(cur);
      const Wide price_total = converted ? static_cast<Wide>(g.converted_price_total->minor)
                                         : static_cast<Wide>(g.shares) * price.micros;
      const Wide strike_total = converted ? static_cast<Wide>(g.converted_strike_total->minor)
                                          : static_cast<Wide>(g.shares) * g.strike->micros;
      const Wide spread = std::max<Wide>(0, price_total - strike_total);
      grant_face = static_cast<int64_t>(spread / unit);
      grant_expected =
          static_cast<int64_t>(spread * (10000 - a.liquidity_discount_bp) / (10000 * unit));
      grant_upside = static_cast<int64_t>(
          std::max<Wide>(0, price_total * a.upside_multiple_pct - strike_total * 100) /
          (100 * unit));
      v.basis = FormatCount(g.shares) + " options at strike " + FormatSharePrice(*g.strike) + ", " +
                (g.preferred_price ? "preferred price " : "fair value ") + FormatSharePrice(price) +
                (converted ? " (the totals converted: " + F(*g.converted_price_total) + " and " +
                                 F(*g.converted_strike_total) + ")"
                           : "") +
                (grant_face == 0
                     ? ": underwater (the strike is at or above the price), worth nothing today"
                     : "");
      // "1,000,000 × (USD 5.00 − USD 3.00)", or with converted totals
      // "(EUR 34,439.28 − EUR 20,663.57)".
      const std::string spread_text =
          converted ? "(" + F(*g.converted_price_total) + " − " + F(*g.converted_strike_total) + ")"
                    : FormatCount(g.shares) + " × (" + FormatSharePrice(price) + " − " +
                          FormatSharePrice(*g.strike) + ")";
      const std::string upside_text =
          converted ? "(" + F(*g.converted_price_total) + " × " +
                          PercentString(Percent{a.upside_multiple_pct}) + " − " +
                          F(*g.converted_strike_total) + ")"
                    : FormatCount(g.shares) + " × (" + FormatSharePrice(price) + " × " +
                          PercentString(Percent{a.upside_multiple_pct}) + " − " +
                          FormatSharePrice(*g.strike) + ")";
      v.floor = {M(0, cur), "options can expire worthless: floor " + F(M(0, cur))};
      const std::string rounded = " (rounded down to the " + MinorUnitName(cur) + ", once)";
      v.expected = {M(grant_expected, cur), spread_text + " × (1 − " +
                                                PercentString(Percent{a.liquidity_discount_bp}) +
                                                "% liquidity discount)" + rounded};
      v.upside = {M(grant_upside, cur), upside_text + rounded};
    } else if (g.kind == EquityKind::kPrivateRsu) {
      grant_face = g.value.minor;
      grant_expected = ApplyBp(grant_face, 10000 - a.liquidity_discount_bp);
      grant_upside = ApplyBp(grant_face, static_cast<int64_t>(a.upside_multiple_pct) * 100);
      v.basis = "private company RSUs, valued at the grant's stated value";
      v.floor = {M(0, cur), "private shares may never be sold: floor " + F(M(0, cur))};
      v.expected = {M(grant_expected, cur),
                    F(g.value) + " × (1 − " + PercentString(Percent{a.liquidity_discount_bp}) +
                        "% liquidity discount)" +
                        RoundedDownNote(grant_face, 10000 - a.liquidity_discount_bp, cur)};
      v.upside = {M(grant_upside, cur),
                  F(g.value) + " × " + PercentString(Percent{a.upside_multiple_pct}) +
                      RoundedDownNote(grant_face, int64_t{a.upside_multiple_pct} * 100, cur)};
    } else {
      grant_face = g.value.minor;
      grant_floor = grant_expected = grant_upside = grant_face;
      v.basis = "public company RSUs at face value";
      v.floor = v.expected = v.upside = {g.value, "listed shares at face value"};
    }
    v.face = M(grant_face, cur);
    ev.equity = v;
  }
  const VestingSchedule schedule =
      o.equity ? o.equity->schedule : VestingSchedule{{2500, 2500, 2500, 2500}};
  const std::vector<int64_t> vest_expected = YearlyVests(grant_expected, schedule);
  const std::vector<int64_t> vest_floor = YearlyVests(grant_floor, schedule);
  const std::vector<int64_t> vest_upside = YearlyVests(grant_upside, schedule);
  const int64_t bonus = o.bonus_pct ? ApplyBp(o.base.minor, o.bonus_pct->basis_points)
                                    : (o.bonus_amount ? o.bonus_amount->minor : 0);
  const std::string bonus_formula =
      o.bonus_pct ? F(o.base) + " × " + PercentString(*o.bonus_pct) + "% target" +
                        RoundedDownNote(o.base.minor, o.bonus_pct->basis_points, cur)
      : o.bonus_amount ? "target bonus as stated"
                       : "no bonus stated";
  // Refreshers are grants of the same shares: a private company's are discounted
  // for liquidity in the expected view, as the grant is.
  const bool private_refresh =
      o.refresh_per_year && o.equity && o.equity->kind != EquityKind::kPublicRsu;
  int64_t total4 = 0;
  std::string total4_formula;
  // The parts of the four-year sum, for its formula: base and bonus are the same
  // each year, so sum / 4 = base + bonus + (sign-on + vests + refreshers) / 4.
  std::string signing_parts, vest_parts, refresh_parts;
  int64_t signing_sum = 0, vest_sum = 0, refresh_sum = 0;
  for (int y = 1; y <= 4; ++y) {
    YearFigures f;
    f.year = y;
    f.base = {o.base, "base salary"};
    f.bonus = {M(bonus, cur), bonus_formula};
    const Money& sign = y == 1 ? o.signing_year1 : o.signing_year2;
    const int64_t signing = y <= 2 ? sign.minor : 0;
    f.signing = {M(signing, cur), signing != 0 ? "sign-on paid in year " + std::to_string(y)
                                               : "no sign-on in year " + std::to_string(y)};
    const int64_t relocation = y == 1 ? o.relocation.minor : 0;
    f.relocation = {M(relocation, cur),
                    relocation != 0 ? "relocation (cash, not counted in total comp)" : "none"};
    const size_t i = static_cast<size_t>(y - 1);
    auto vest = [&](const std::vector<int64_t>& vests, int64_t grant, const char* view) {
      const int64_t v = i < vests.size() ? vests[i] : 0;
      if (!o.equity || i >= vests.size())
        return Figure{M(v, cur), "no grant vests in year " + std::to_string(y) + " (" + view + ")"};
      return Figure{M(v, cur), VestFormula(schedule, static_cast<int>(i), M(grant, cur), v) + " (" +
                                   view + ")"};
    };
    f.equity_expected = vest(vest_expected, grant_expected, "expected value");
    f.equity_floor = vest(vest_floor, grant_floor, "floor value");
    f.equity_upside = vest(vest_upside, grant_upside, "upside value");
    const bool refresh = o.refresh_per_year && y >= o.refresh_from_year;
    if (!refresh) {
      f.refresh = {M(0, cur), "none"};
    } else if (private_refresh) {
      f.refresh = {
          M(ApplyBp(o.refresh_per_year->minor, 10000 - a.liquidity_discount_bp), cur),
          "refresher " + F(*o.refresh_per_year) + " × (1 − " +
              PercentString(Percent{a.liquidity_discount_bp}) + "% liquidity discount)" +
              RoundedDownNote(o.refresh_per_year->minor, 10000 - a.liquidity_discount_bp, cur) +
              ", vesting from year " + std::to_string(o.refresh_from_year) + ", as the grant"};
    } else {
      f.refresh = {*o.refresh_per_year,
                   "refresher vesting from year " + std::to_string(o.refresh_from_year)};
    }
    const int64_t total = o.base.minor + bonus + f.signing.value.minor +
                          f.equity_expected.value.minor + f.refresh.value.minor;
    f.total_expected = {M(total, cur), Terms({{"base", o.base},
                                              {"bonus", f.bonus.value},
                                              {"sign-on", f.signing.value},
                                              {"equity", f.equity_expected.value},
                                              {"refresh", f.refresh.value}})};
    total4 += total;
    total4_formula += (y > 1 ? " + " : "(") + F(M(total, cur));
    if (y <= 2) signing_parts += (y > 1 ? " + " : "") + F(f.signing.value);
    signing_sum += f.signing.value.minor;
    vest_sum += f.equity_expected.value.minor;
    refresh_sum += f.refresh.value.minor;
    vest_parts += (y > 1 ? " + " : "") + F(f.equity_expected.value);
    refresh_parts += (y > 1 ? " + " : "") + F(f.refresh.value);
    ev.years.push_back(std::move(f));
  }
  ev.first_year_total = {ev.years[0].total_expected.value,
                         "year 1: " + ev.years[0].total_expected.formula};
  // The horizon is years 1-4 whatever the grant's length: what vests in those
  // years, not the grant divided by its own years (docs/offer-format.md).
  if (o.equity && schedule.years() != 4) {
    const int n = schedule.years();
    if (n < 4) {
      ev.horizon_note =
          "the grant vests over " + std::to_string(n) + " year" + (n == 1 ? "" : "s") + ": " +
          (n == 3 ? std::string("year 4 has") : "years " + std::to_string(n + 1) + "–4 have") +
          " no vest from it, and the four-year average counts it as 0";
    } else {
      int64_t beyond = 0;
      for (size_t i = 4; i < vest_expected.size(); ++i) beyond += vest_expected[i];
      ev.horizon_note = "the grant vests over " + std::to_string(n) + " years: " +
                        (n == 5 ? std::string("year 5's") : "years 5–" + std::to_string(n) + "'") +
                        " " + F(M(beyond, cur)) +
                        " (expected) is beyond the four-year horizon and not in the four-year "
                        "average";
    }
  }
  // The parts that vary by year, each left out when it is 0 every year.
  std::string varying;
  for (const auto& [name, parts, sum] : {std::tuple<const char*, const std::string*, int64_t>{
                                             "sign-on", &signing_parts, signing_sum},
                                         {"vest", &vest_parts, vest_sum},
                                         {"refresh", &refresh_parts, refresh_sum}}) {
    if (sum != 0) varying += (varying.empty() ? "" : " + ") + std::string(name) + " " + *parts;
  }
  ev.four_year_average = {
      M(total4 / 4, cur),
      total4_formula + ") / 4 = " + Terms({{"base", o.base}, {"bonus", M(bonus, cur)}}) +
          (varying.empty() ? "" : " + (" + varying + ") / 4") + " = " + F(M(total4 / 4, cur)) +
          (total4 % 4 != 0 ? " (rounded down to the " + MinorUnitName(cur) + ")" : "")};
  ev.assumptions.push_back(
      "equity valued three ways: floor, expected (private: notional × (1 − " +
      PercentString(Percent{a.liquidity_discount_bp}) + "% liquidity discount)), upside (× " +
      PercentString(Percent{a.upside_multiple_pct}) + "); public RSUs at face value");
  ev.assumptions.push_back("totals use the expected equity value and the target bonus");
  if (private_refresh) {
    ev.assumptions.push_back("refreshers are private equity like the grant: counted at " +
                             F(*o.refresh_per_year) + " × (1 − " +
                             PercentString(Percent{a.liquidity_discount_bp}) +
                             "% liquidity discount) a year in the expected totals");
  }
  if (at_409a) {
    ev.assumptions.push_back(
        "the options are valued at the 409A fair value " + FormatSharePrice(*o.equity->fair_value) +
        " alone: a price set for tax, usually well below the preferred price investors pay, so "
        "their value here is a floor and their place in a stock band of RSUs at face value a "
        "lower bound; the company can tell you the latest preferred price (equity."
        "preferred_price)");
  }
  ev.clawback = internal::DescribeClawbackRisk(o);
  if (ev.clawback) {
    ev.assumptions.push_back(
        "the sign-on is counted in full in the year it is paid; its clawback (" +
        DescribeClawback(ev.clawback->terms) +
        ") is what you would repay on leaving early, not a deduction");
  }
  if (o.equity) ev.assumptions.push_back("vesting: " + schedule.Describe());
  if (!ev.horizon_note.empty()) ev.assumptions.push_back(ev.horizon_note);

  if (!guide) return ev;
  ev.guide_path = guide->path;
  ev.guide_data = DescribeGuideData(*guide, a.today);
  // Without a region, or with one the guide has no band for, the offer is
  // valued without a position, and band_note says why with the regions there are.
  Result<CompBand> found = FindBand(*guide, o.region);
  if (!found.ok()) {
    ev.band_note = found.status().message();
    return ev;
  }
  const CompBand& band = *found;
  ev.band_region = *band.region;
  ev.band_currency = band.currency.has() ? *band.currency : "";
  ev.assumptions.push_back("band low read as p" + std::to_string(a.band_low_percentile) +
                           " and high as p" + std::to_string(a.band_high_percentile) +
                           ", linear between, clamped to 0..100");
  // Bring the offer's figures into the band's currency, first saying which
  // field of which offer stops that (the date, or the newest rates).
  if (!ev.band_currency.empty()) {
    if (auto problem = FindConversionProblem(o, ev.band_currency, RatesFor(a)))
      return Status::InvalidArgument(problem->message);
  }
  const Date when = o.date ? *o.date : RatesFor(a).last_date();
  // Each conversion is named by the figure it converts.
  auto to_band = [&](const std::string& what, const Money& m) -> Result<Money> {
    if (m.currency == ev.band_currency) return m;
    LEVERS_ASSIGN_OR_RETURN(RateTable::Conversion c,
                            RatesFor(a).Convert(m, ev.band_currency, when));
    ev.conversions.push_back(what + ": " + c.formula +
                             (o.date ? std::string() : internal::NewestRateSuffix()));
    return c.to;
  };
  if (band.base_low.has() && band.base_high.has()) {
    LEVERS_ASSIGN_OR_RETURN(Money base, to_band("base", o.base));
    ev.positions.push_back(Position("base", base, *band.base_low, *band.base_high, a));
  }
  if (o.equity && band.stock_low.has() && band.stock_high.has()) {
    // The band's stock is a grant over its vesting years; scale the offer's grant to match.
    const int64_t face_scaled = static_cast<int64_t>(static_cast<Wide>(grant_face) *
                                                     band.stock_vesting_years / schedule.years());
    const std::string what =
        "stock (" + std::to_string(band.stock_vesting_years) + "-year grant, face value)";
    LEVERS_ASSIGN_OR_RETURN(Money stock, to_band(what, M(face_scaled, cur)));
    BandPosition p = Position(what, stock, *band.stock_low, *band.stock_high, a);
    if (at_409a) p.note += (p.note.empty() ? "" : "; ") + std::string("a floor: 409A value");
    if (schedule.years() != band.stock_vesting_years) {
      const Wide exact = static_cast<Wide>(grant_face) * band.stock_vesting_years;
      p.formula = F(M(grant_face, cur)) + " × " + std::to_string(band.stock_vesting_years) + " / " +
                  std::to_string(schedule.years()) + " = " + F(M(face_scaled, cur)) + " (the " +
                  std::to_string(schedule.years()) + "-year grant's face value over the band's " +
                  std::to_string(band.stock_vesting_years) + " years" +
                  (exact % schedule.years() != 0 ? ", rounded down to the " + MinorUnitName(cur)
                                                 : std::string()) +
                  "); " + p.formula;
    }
    ev.positions.push_back(std::move(p));
  }
  if (band.total_comp_low.has() && band.total_comp_high.has()) {
    // A band's total comp is yearly pay that recurs: base + bonus + the grant
    // a year (guide-format.md 4.4), no sign-on. The offer's like figure is its
    // four-year average without the sign-on: base + bonus + (what the grant
    // and the refreshers vest in years 1-4) / 4, whatever the schedule's shape.
    const int64_t recurring_sum = total4 - signing_sum;
    const Money recurring = M(recurring_sum / 4, cur);
    std::string parts;
    if (vest_sum != 0) parts += "vest " + vest_parts;
    if (refresh_sum != 0)
      parts += (parts.empty() ? "" : " + ") + std::string("refresh ") + refresh_parts;
    std::string recurring_formula =
        "recurring pay a year, as a band's total comp counts it (no sign-on): " +
        Terms({{"base", o.base}, {"bonus", M(bonus, cur)}}) +
        (parts.empty() ? "" : " + (" + parts + ") / 4") + " = " + F(recurring) +
        (recurring_sum % 4 != 0 ? " (rounded down to the " + MinorUnitName(cur) + ")" : "");
    if (signing_sum != 0) {
      recurring_formula += "; the sign-on (" + F(M(signing_sum, cur)) +
                           ") is left out: year 1 with it is " + F(ev.first_year_total.value);
    }
    const std::string what = "total comp (recurring, 4-year average, expected)";
    LEVERS_ASSIGN_OR_RETURN(Money tc, to_band(what, recurring));
    BandPosition p = Position(what, tc, *band.total_comp_low, *band.total_comp_high, a);
    p.formula = recurring_formula + "; " + p.formula;
    ev.positions.push_back(std::move(p));
  }
  // Said only when something was converted.
  if (!o.date && !ev.conversions.empty())
    ev.assumptions.push_back(internal::NewestRateAssumption(when));
  return ev;
}

}  // namespace levers
