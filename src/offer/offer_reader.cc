// Reads an offer file. JSON is read through the same YAML parser as guide front
// matter (JSON's syntax is a subset of YAML's flow style), so both formats get
// the same line:column messages and the same bounds on hostile input.
#include <algorithm>
#include <array>
#include <span>

#include "guide/yaml_tree.h"
#include "levers/edit_distance.h"
#include "levers/fx.h"
#include "levers/offer.h"

namespace levers {
namespace {

using internal::YamlNode;
using Kind = YamlNode::Kind;

__extension__ typedef __int128 Wide;

// No salary, grant or bonus levers has seen is near USD 100,000,000; above it
// (or its equivalent in the offer's currency) is a typo.
constexpr int64_t kAbsurdUsdMajor = 100'000'000;

// The largest amount an offer in `currency` may state, in its minor units:
// USD 100,000,000 converted at the bundled ECB table's newest rates for the
// currency and USD (a discontinued currency at its last published rate). A
// currency the ECB never quoted is held only to the 10^12 limit of every amount.
// `why` is set to the limit in words, for the message.
int64_t AbsurdLimitMinor(const std::string& currency, std::string& why) {
  const int64_t per = MinorPerMajor(currency);
  const std::string usd = "USD " + std::to_string(kAbsurdUsdMajor / 1'000'000) + ",000,000";
  if (currency == "USD") {
    why = usd;
    return kAbsurdUsdMajor * per;
  }
  const RateTable& recent = RateTable::BundledRecent();
  Result<EcbRate> usd_rate = recent.RateOn("USD", recent.last_date());
  Result<EcbRate> cur_rate = recent.RateOn(currency, recent.last_date());
  if (!cur_rate.ok()) {
    // Discontinued: its last rate, against USD on that date.
    const RateTable& all = RateTable::Bundled();
    cur_rate = all.RateOn(currency, all.last_date(), 1'000'000);
    if (cur_rate.ok()) usd_rate = all.RateOn("USD", cur_rate->date);
  }
  if (!usd_rate.ok() || !cur_rate.ok()) {
    why = FormatMoney(Money{kMaxMajorAmount * per, currency}) + ": the ECB quotes no " + currency +
          " rate, so only the 10^12 limit of every amount applies";
    return kMaxMajorAmount * per;
  }
  const Wide limit =
      static_cast<Wide>(kAbsurdUsdMajor) * per * cur_rate->micro_per_eur / usd_rate->micro_per_eur;
  // Only the limit that binds is named: where USD 100,000,000 is more than
  // 10^12 units, the 10^12 limit is the one an amount meets.
  if (limit >= static_cast<Wide>(kMaxMajorAmount) * per) {
    why = FormatMoney(Money{kMaxMajorAmount * per, currency}) + ", the 10^12 limit of every amount";
    return kMaxMajorAmount * per;
  }
  why = FormatMoney(Money{static_cast<int64_t>(limit), currency}) + ", " + usd +
        " at the ECB rates of " + cur_rate->date.ToString();
  return static_cast<int64_t>(limit);
}

// The largest target bonus as a percentage, in basis points: 1000%. Bands
// reach 125% (data/guides); ten times a base is past any bonus levers has seen.
constexpr int32_t kMaxBonusBp = 100'000;

// `text` with a currency code that leads or ends it in lower or mixed case
// ("2500 usd", "usd2.5K") written in upper case, as an offer's `currency` is
// read in any case. Only here: the guide notation reads upper-case codes only,
// since in guide prose lower-case words such as "all" and "try" are codes too.
std::string UpperCaseCurrencyCode(std::string_view text) {
  std::string out(text);
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto upper = [&](size_t at) {
    if (FindCurrencyAnyCase(std::string_view(out).substr(at, 3)) == nullptr) return;
    for (size_t i = at; i < at + 3; ++i) {
      if (out[i] >= 'a' && out[i] <= 'z') out[i] = static_cast<char>(out[i] - 'a' + 'A');
    }
  };
  if (out.size() > 3 && is_letter(out[0]) && is_letter(out[1]) && is_letter(out[2]) &&
      !is_letter(out[3])) {
    upper(0);
  }
  const size_t n = out.size();
  if (n > 3 && is_letter(out[n - 1]) && is_letter(out[n - 2]) && is_letter(out[n - 3]) &&
      !is_letter(out[n - 4])) {
    upper(n - 3);
  }
  return out;
}

// The decimal places of `text` when it is a plain decimal number ("1200",
// "100,000.125": digits, commas grouping thousands, one '.' with a digit on
// each side, as ParseScaledDecimal reads them), or -1.
int DecimalPlaces(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  const bool plain_frac =
      (dot == std::string_view::npos || !frac.empty()) &&
      std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool plain_whole =
      !whole.empty() && whole.front() != ',' &&
      (ParseScaledDecimal(whole, 0) ||
       std::all_of(whole.begin(), whole.end(), [](char c) { return c >= '0' && c <= '9'; }));
  return plain_whole && plain_frac ? static_cast<int>(frac.size()) : -1;
}

// True when `text` is a plain decimal ("9223372036854.775807") with at most
// `scale_digits` decimals that ParseScaledDecimal still refuses: too many
// digits to hold, so too large, not badly written.
bool TooLargeToHold(std::string_view text, int scale_digits) {
  const int places = DecimalPlaces(text);
  return places >= 0 && places <= scale_digits && !ParseScaledDecimal(text, scale_digits);
}

class OfferReader {
 public:
  OfferReader(const SourceFile& file, DiagnosticSink& sink, OfferOrigin origin,
              const OfferFieldLabel& form_label)
      : file_(file), sink_(sink), origin_(origin), form_label_(form_label) {}

  bool Read(const YamlNode& root, Offer& o) {
    if (root.kind != Kind::kMapping) {
      Error(root, "", "an offer must be a mapping of keys (company:, base:, currency: ...)");
      return false;
    }
    const std::span<const std::string_view> kKeys = OfferKeys();
    Unknown(root, kKeys, "");
    Duplicates(root, "");
    Text(root, "label", o.label);
    Text(root, "company", o.company);
    Text(root, "role", o.role);
    Text(root, "region", o.region);
    if (const YamlNode* c = root.Find("currency"); c && !c->IsNull()) {
      const CurrencyInfo* info =
          c->kind == Kind::kScalar ? FindCurrencyAnyCase(c->scalar) : nullptr;
      if (!info) {
        Error(*c, "currency",
              Name("currency") + " '" + c->scalar +
                  "' is not an ISO 4217 code levers knows (USD, EUR, GBP ..., in any case)");
      } else {
        o.currency = std::string(info->code);
      }
    } else {
      Error(root, "currency",
            std::string("the offer has no currency (") +
                (origin_ == OfferOrigin::kForm ? "" : "add ") +
                Example("currency", "USD, EUR, GBP ...") + "); levers never guesses one");
    }
    if (const YamlNode* d = root.Find("date"); d && !d->IsNull()) {
      DateParse p = ParseIsoDate(d->kind == Kind::kScalar ? d->scalar : "");
      if (p.date)
        o.date = p.date;
      else
        Error(*d, "date", Name("date") + " '" + d->scalar + "': " + p.error);
    }
    if (o.currency.empty()) return false;
    cur_ = o.currency;
    absurd_minor_ = AbsurdLimitMinor(cur_, absurd_why_);
    if (const YamlNode* b = root.Find("base")) {
      if (auto m = Amount(*b, "base", true)) o.base = *m;
    } else {
      Error(root, "base", "the offer has no base salary (" + Example("base", "200000") + ")");
    }
    if (const YamlNode* e = root.Find("equity"); e && !e->IsNull()) ReadEquity(*e, o);
    // One bonus: each of the three keys states all of it.
    static constexpr std::array<std::string_view, 3> kBonusKeys = {"bonus", "bonus_pct",
                                                                   "bonus_amount"};
    if (Exclusive(root, kBonusKeys, "", "each states the whole target bonus; keep one"))
      return false;
    if (const YamlNode* b = root.Find("bonus"); b && !b->IsNull()) ReadBonus(*b, "bonus", o);
    if (const YamlNode* b = root.Find("bonus_pct"); b && !b->IsNull()) {
      if (auto p = Pct(*b, "bonus_pct", kMaxBonusBp)) o.bonus_pct = *p;
    }
    if (const YamlNode* b = root.Find("bonus_amount"); b && !b->IsNull()) {
      if (auto m = Amount(*b, "bonus_amount", false)) {
        o.bonus_amount = *m;
        BonusPlausible(*b, "bonus_amount", *m, o.base);
      }
    }
    const size_t before_signing = sink_.diagnostics().size();
    const YamlNode* signing = root.Find("signing");
    if (signing && !signing->IsNull()) ReadSigning(*signing, o);
    if (const YamlNode* c = root.Find("signing_clawback"); c && !c->IsNull()) {
      // A sign-on that failed to read has its own error; the clawback is
      // judged against one that read.
      const bool signing_read = sink_.diagnostics().size() == before_signing;
      ReadClawback(root, *c, signing_read, o);
    }
    if (const YamlNode* r = root.Find("refresh"); r && !r->IsNull()) ReadRefresh(*r, o);
    if (const YamlNode* r = root.Find("relocation"); r && !r->IsNull()) {
      if (auto m = Amount(*r, "relocation", false)) o.relocation = *m;
    }
    return !sink_.has_errors();
  }

 private:
  void Error(const YamlNode& n, const std::string& field, const std::string& message) {
    sink_.Error("offer-invalid", n.range, field, message);
  }

  void Unknown(const YamlNode& map, std::span<const std::string_view> keys,
               const std::string& prefix) {
    for (const auto& [k, v] : map.entries) {
      if (std::find(keys.begin(), keys.end(), k.scalar) != keys.end()) continue;
      const std::optional<size_t> near = NearestName(k.scalar, keys, /*below=*/3);
      Error(k, prefix + k.scalar,
            "unknown key '" + prefix + k.scalar + "'" +
                (near ? "; did you mean '" + std::string(keys[*near]) + "'?" : std::string()));
    }
  }

  // Where `n` starts, as "line 3, column 1", for naming the other of two keys.
  std::string At(const YamlNode& n) const {
    const LineColumn lc = file_.Locate(n.range.begin);
    return "line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column);
  }
  // The same as " (at line 3, column 1)", or nothing for flags and forms, which
  // have no place.
  std::string AtParen(const YamlNode& n) const {
    return origin_ != OfferOrigin::kFile ? std::string() : " (at " + At(n) + ")";
  }
  // Another field than the one at fault, at `n`: "'equity.years' (at line 8,
  // column 12)", "'--equity-years'", or the form's "'Vesting years'".
  std::string Other(std::string_view field, const YamlNode& n) const {
    if (origin_ == OfferOrigin::kForm && form_label_) return "'" + form_label_(field) + "'";
    return "'" + Name(field) + "'" + AtParen(n);
  }
  // How to give a missing field: "base: 200000", "--base 200000", or for a
  // form, whose field is the one at fault, "e.g. 200000".
  std::string Example(std::string_view field, std::string_view value) const {
    if (origin_ == OfferOrigin::kForm) return "e.g. " + std::string(value);
    return Name(field) + (flags() ? " " : ": ") + std::string(value);
  }

  bool flags() const { return origin_ == OfferOrigin::kFlags; }
  // A field as the person wrote it: the key ("equity.years"), or for flags
  // the flag ("--equity-years").
  std::string Name(std::string_view field) const {
    if (!flags()) return std::string(field);
    std::string out = "--";
    for (char ch : field) out += ch == '.' || ch == '_' ? '-' : ch;
    return out;
  }
  // A field named inside its mapping: the key alone ("shares" of equity), or the flag.
  std::string Short(std::string_view field) const {
    if (flags()) return Name(field);
    const size_t dot = field.rfind('.');
    return std::string(dot == std::string_view::npos ? field : field.substr(dot + 1));
  }

  // A key given twice in one mapping: the YAML reader would keep the first
  // silently. Each repeat is an error naming where the first is.
  void Duplicates(const YamlNode& map, const std::string& prefix) {
    for (size_t i = 0; i < map.entries.size(); ++i) {
      const YamlNode& k = map.entries[i].first;
      for (size_t j = 0; j < i; ++j) {
        const YamlNode& first = map.entries[j].first;
        if (first.scalar != k.scalar) continue;
        Error(k, prefix + k.scalar,
              "duplicate key '" + prefix + k.scalar + "': '" + prefix + first.scalar +
                  "' is already given at " + At(first) + "; give it once");
        break;
      }
    }
  }

  // Keys of which at most one may be given: an error at the second naming both.
  // True when there was such an error.
  template <size_t N>
  bool Exclusive(const YamlNode& map, const std::array<std::string_view, N>& keys,
                 const std::string& prefix, const std::string& why) {
    const YamlNode* first = nullptr;
    std::string first_key;
    bool clash = false;
    for (const auto& [k, v] : map.entries) {
      if (std::find(keys.begin(), keys.end(), k.scalar) == keys.end()) continue;
      if (!first) {
        first = &k;
        first_key = k.scalar;
      } else if (k.scalar != first_key) {
        Error(k, prefix + k.scalar,
              "'" + Name(prefix + k.scalar) + "' and " + Other(prefix + first_key, *first) +
                  " are both given: " + why);
        clash = true;
      }
    }
    return clash;
  }

  void Text(const YamlNode& map, std::string_view key, std::string& out) {
    const YamlNode* n = map.Find(key);
    if (!n || n->IsNull()) return;
    if (n->kind != Kind::kScalar) {
      Error(*n, std::string(key), Name(key) + " must be text");
      return;
    }
    out = n->scalar;
  }

  // Amount text such as "$250K" or "2.50 EUR", read whole: the amount as written
  // (no currency when it names none, and then in hundredths), or nullopt after an
  // error at `n` when it does not parse to its end or names a currency other than
  // the offer's. `what` names the thing read in the error for trailing text.
  std::optional<Money> AmountText(const YamlNode& n, const std::string& field,
                                  std::string_view what) {
    const std::string text = UpperCaseCurrencyCode(n.scalar);
    // A rupee offer's bare number may be grouped in lakhs ("48,00,000").
    AmountParse a = ParseAmount(text, cur_);
    if (!a.ok || a.consumed != text.size()) {
      // "80000." reads as 80000 and a full stop in prose; here it is a point
      // without a digit after it.
      const bool bare_point =
          a.ok && a.consumed + 1 == text.size() && EndsWithBarePoint(text, a.consumed);
      Error(n, field,
            Name(field) + " '" + n.scalar + "': " +
                (bare_point ? std::string("a decimal point needs a digit after it (write ") +
                                  text.substr(0, a.consumed) + ", or add the decimals)"
                 : a.ok ? "unexpected text after the " + std::string(what)
                        : a.error));
      return std::nullopt;
    }
    if (!a.value.currency.empty() && a.value.currency != cur_) {
      Error(n, field,
            Name(field) + " is in " + a.value.currency + " but the offer's currency is " + cur_ +
                "; give every amount in one currency");
      return std::nullopt;
    }
    return a.value;
  }

  // A whole or decimal number in major units, or "$250K" style in the offer's currency.
  std::optional<Money> Amount(const YamlNode& n, const std::string& field, bool required_positive) {
    if (n.kind != Kind::kScalar || n.IsNull()) {
      Error(n, field, Name(field) + " must be an amount such as 250000 or \"$250K\"");
      return std::nullopt;
    }
    Money m;
    const int digits = MinorDigits(cur_);
    if (std::optional<int64_t> v = ParseScaledDecimal(n.scalar, digits)) {
      m = Money{*v, cur_};
    } else if (TooLargeToHold(n.scalar, digits)) {
      Error(n, field,
            Name(field) + " '" + n.scalar + "' is absurdly large (the limit is " + absurd_why_ +
                "); check the number of zeros");
      return std::nullopt;
    } else if (const int places = DecimalPlaces(n.scalar); places > digits) {
      // A plain number in the offer's currency, finer than its minor unit.
      Error(n, field,
            Name(field) + " '" + n.scalar + "': " + cur_ + " amounts " +
                (digits == 0 ? std::string("have no decimals")
                             : "have at most " + std::to_string(digits) + " decimals"));
      return std::nullopt;
    } else {
      std::optional<Money> a = AmountText(n, field, "amount");
      if (!a) return std::nullopt;
      std::optional<Money> in = a->currency.empty() ? InCurrency(*a, cur_) : *a;
      if (!in) {
        Error(n, field, Name(field) + " has more decimal places than " + cur_ + " allows");
        return std::nullopt;
      }
      m = *in;
    }
    if (m.minor > absurd_minor_) {
      Error(n, field,
            Name(field) + " " + FormatMoney(m) + " is absurdly large (the limit is " + absurd_why_ +
                "); check the number of zeros");
      return std::nullopt;
    }
    if (required_positive && m.minor == 0) {
      Error(n, field, Name(field) + " must be more than zero");
      return std::nullopt;
    }
    return m;
  }

  // A per-share price: a plain decimal with up to 6 decimal places (0.005), or
  // "$2.50" style in the offer's currency; held in millionths of a major unit.
  std::optional<SharePrice> PricePerShare(const YamlNode& n, const std::string& field) {
    if (n.kind != Kind::kScalar || n.IsNull()) {
      Error(n, field, Name(field) + " must be a price per share such as 2.5 or 0.005");
      return std::nullopt;
    }
    const int64_t unit = kSharePriceScale / MinorPerMajor(cur_);
    SharePrice p{0, cur_};
    if (std::optional<int64_t> v = ParseScaledDecimal(n.scalar, 6)) {
      p.micros = *v;
    } else if (const size_t dot = n.scalar.find('.');
               dot != std::string::npos && n.scalar.size() - dot - 1 > 6 &&
               ParseScaledDecimal(n.scalar.substr(0, dot + 7), 6) &&
               std::all_of(n.scalar.begin() + static_cast<std::ptrdiff_t>(dot) + 7, n.scalar.end(),
                           [](char c) { return c >= '0' && c <= '9'; })) {
      Error(n, field,
            Name(field) + " '" + n.scalar +
                "' has more than 6 decimal places; levers holds prices per share to millionths");
      return std::nullopt;
    } else if (TooLargeToHold(n.scalar, 6)) {
      Error(n, field,
            Name(field) + " '" + n.scalar + "' a share is absurdly large (the limit is " +
                absurd_why_ + "); check the number of zeros");
      return std::nullopt;
    } else {
      std::optional<Money> a = AmountText(n, field, "price");
      if (!a) return std::nullopt;
      // A bare amount is in hundredths; one with a currency in its minor units.
      const int64_t per = a->currency.empty() ? 100 : MinorPerMajor(a->currency);
      p.micros = static_cast<int64_t>(static_cast<Wide>(a->minor) * (kSharePriceScale / per));
    }
    if (static_cast<Wide>(p.micros) > static_cast<Wide>(absurd_minor_) * unit) {
      Error(n, field,
            Name(field) + " " + FormatSharePrice(p) + " a share is absurdly large (the limit is " +
                absurd_why_ + "); check the number of zeros");
      return std::nullopt;
    }
    return p;
  }

  // A percentage to the basis point. Under `bonus`, where a bare number is an
  // amount, only a number with a % sign is one, so the message shows only that.
  std::optional<Percent> Pct(const YamlNode& n, const std::string& field, int32_t max_bp) {
    std::string t = n.kind == Kind::kScalar ? n.scalar : "";
    if (!t.empty() && t.back() == '%') t.pop_back();
    std::optional<int64_t> v = ParseScaledDecimal(t, 2);
    if (!v || *v > max_bp) {
      const bool file = origin_ == OfferOrigin::kFile;
      // Under bonus_pct the sign is optional in a file and a flag alike.
      const std::string example = field != "bonus_pct" ? (file ? "\"15%\"" : "15%")
                                  : file               ? "15 or \"15%\""
                                  : flags()            ? "15 or 15%"
                                                       : "15%";
      Error(n, field,
            Name(field) + " '" + n.scalar + "' must be a percentage from 0% to " +
                PercentString(Percent{max_bp}) + "% with at most two decimals, such as " + example);
      return std::nullopt;
    }
    return Percent{static_cast<int32_t>(*v)};
  }

  std::optional<int64_t> Whole(const YamlNode& n, const std::string& field, int64_t lo,
                               int64_t hi) {
    std::optional<int64_t> v =
        n.kind == Kind::kScalar ? ParseScaledDecimal(n.scalar, 0) : std::nullopt;
    if (!v || *v < lo || *v > hi) {
      Error(n, field,
            Name(field) + " must be a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }

  void ReadBonus(const YamlNode& n, const std::string& field, Offer& o) {
    if (n.kind == Kind::kScalar && n.scalar.find('%') != std::string::npos) {
      if (auto p = Pct(n, field, kMaxBonusBp)) o.bonus_pct = *p;
    } else if (auto m = Amount(n, field, false)) {
      o.bonus_amount = *m;
      BonusPlausible(n, field, *m, o.base);
    }
  }

  // A target bonus stated as an amount of at most 100 in the major unit, under
  // 1% of the base, reads like a percentage (15) or a fraction (0.1) written
  // as an amount: read as stated, with a warning saying how to write a percent.
  void BonusPlausible(const YamlNode& n, const std::string& field, const Money& bonus,
                      const Money& base) {
    const int64_t per = MinorPerMajor(cur_);
    if (bonus.minor == 0 || bonus.minor > 100 * per || base.minor == 0 ||
        static_cast<Wide>(bonus.minor) * 100 >= base.minor)
      return;
    // As a percentage: 15 is 15%, a fraction 0.1 is 10%.
    const int64_t bp = bonus.minor < per ? bonus.minor * 10000 / per : bonus.minor * 100 / per;
    if (bp > kMaxBonusBp) return;
    const std::string pct = PercentString(Percent{static_cast<int32_t>(bp)});
    const std::string percent_example = origin_ == OfferOrigin::kForm ? pct + "%"
                                        : flags() ? "--bonus " + pct + "% or --bonus-pct " + pct
                                                  : "bonus: \"" + pct + "%\" or bonus_pct: " + pct;
    sink_.Warning("offer-implausible", n.range, field,
                  Name(field) + " '" + n.scalar + "' is read as an amount, " + FormatMoney(bonus) +
                      ", under 1% of the base " + FormatMoney(base) + "; if it is a " + pct +
                      "% target, write " + percent_example);
  }

  void ReadSigning(const YamlNode& n, Offer& o) {
    if (n.kind == Kind::kMapping) {
      static constexpr std::array<std::string_view, 2> kKeys = {"year1", "year2"};
      Unknown(n, kKeys, "signing.");
      Duplicates(n, "signing.");
      if (const YamlNode* y = n.Find("year1")) {
        if (auto m = Amount(*y, "signing.year1", false)) o.signing_year1 = *m;
      }
      if (const YamlNode* y = n.Find("year2")) {
        if (auto m = Amount(*y, "signing.year2", false)) o.signing_year2 = *m;
      }
    } else if (auto m = Amount(n, "signing", false)) {
      o.signing_year1 = *m;
    }
    if (o.signing_year2.currency.empty()) o.signing_year2.currency = cur_;
    if (o.signing_year1.currency.empty()) o.signing_year1.currency = cur_;
  }

  // signing_clawback: {months: 1..120, basis: full | pro_rata}, both required,
  // and only beside a sign-on to pay back (an error otherwise: terms with
  // nothing to apply to are a slip, never ignored).
  void ReadClawback(const YamlNode& root, const YamlNode& n, bool signing_read, Offer& o) {
    const std::string key = "signing_clawback";
    if (n.kind != Kind::kMapping) {
      Error(n, key,
            Name(key) + " must be a mapping of months and basis, such as {months: 12, basis: " +
                "full} or {months: 24, basis: pro_rata}");
      return;
    }
    static constexpr std::array<std::string_view, 2> kKeys = {"months", "basis"};
    Unknown(n, kKeys, key + ".");
    Duplicates(n, key + ".");
    SigningClawback c;
    bool complete = true;
    if (const YamlNode* m = n.Find("months"); m && !m->IsNull()) {
      if (auto v = Whole(*m, key + ".months", 1, kMaxClawbackMonths))
        c.months = static_cast<int>(*v);
      else
        complete = false;
    } else {
      complete = false;
      Error(m ? *m : n, key + ".months",
            "the sign-on clawback has no months (" + Example(key + ".months", "12") +
                "): how long after each payment the sign-on is repayable, a whole number from 1 "
                "to " +
                std::to_string(kMaxClawbackMonths));
    }
    if (const YamlNode* b = n.Find("basis"); b && !b->IsNull()) {
      const std::string text = b->kind == Kind::kScalar ? b->scalar : "";
      if (text == "full") {
        c.basis = ClawbackBasis::kFull;
      } else if (text == "pro_rata") {
        c.basis = ClawbackBasis::kProRata;
      } else {
        complete = false;
        static constexpr std::string_view kBases[] = {"full", "pro_rata"};
        const std::optional<size_t> near = NearestName(text, kBases, /*below=*/4);
        Error(*b, key + ".basis",
              Name(key + ".basis") + " '" + text +
                  "' must be full (all of each payment repayable until its months end) or "
                  "pro_rata (repayable in proportion to the months left)" +
                  (near ? "; did you mean '" + std::string(kBases[*near]) + "'?" : std::string()));
      }
    } else {
      complete = false;
      // A form's empty basis is its "not repayable" choice: the months say
      // otherwise, and the message says so in the form's words.
      Error(b ? *b : n, key + ".basis",
            origin_ == OfferOrigin::kForm
                ? "choose in full or pro rata, or leave " + Other(key + ".months", n) +
                      " empty: the sign-on is repayable for some months, but on which basis "
                      "is not given, and levers does not assume one"
                : "the sign-on clawback has no basis (" + Example(key + ".basis", "full") +
                      " or pro_rata); levers does not assume one");
    }
    if (signing_read && !HasSignOn(o)) {
      const YamlNode* signing = root.Find("signing");
      const bool zero = signing && !signing->IsNull();
      // At the key, where the clawback starts.
      const YamlNode* at = &n;
      for (const auto& [k, v] : root.entries)
        if (k.scalar == key) at = &k;
      const std::string sign_on =
          "the offer's sign-on is " + (zero ? "0" + AtParen(*signing) : std::string("not given"));
      // Only the flags given are named.
      std::string given;
      int count = 0;
      for (std::string_view k : kKeys) {
        if (!n.Find(k)) continue;
        given += (count++ ? " and " : "") + std::string("--signing-clawback-") + std::string(k);
      }
      const bool one = count == 1;
      Error(*at, key,
            origin_ == OfferOrigin::kForm
                ? std::string("there is no sign-on bonus to pay back: give the sign-on bonus, or "
                              "leave the clawback empty")
            : flags() ? given + (one ? " is" : " are") + " given but " + sign_on +
                            ": give --signing, or leave " + (one ? "it" : "them") + " out"
                      : Name(key) + " is given but " + sign_on + ": give signing, or leave " + key +
                            " out");
      return;
    }
    if (complete) o.signing_clawback = c;
  }

  void ReadRefresh(const YamlNode& n, Offer& o) {
    if (n.kind != Kind::kMapping) {
      if (auto m = Amount(n, "refresh", false)) o.refresh_per_year = *m;
      return;
    }
    static constexpr std::array<std::string_view, 2> kKeys = {"per_year", "from_year"};
    Unknown(n, kKeys, "refresh.");
    Duplicates(n, "refresh.");
    if (const YamlNode* y = n.Find("per_year")) {
      if (auto m = Amount(*y, "refresh.per_year", false)) o.refresh_per_year = *m;
    }
    if (const YamlNode* y = n.Find("from_year")) {
      if (auto v = Whole(*y, "refresh.from_year", 1, 4)) o.refresh_from_year = static_cast<int>(*v);
    }
  }

  void ReadEquity(const YamlNode& n, Offer& o) {
    if (n.kind != Kind::kMapping) {
      Error(n, "equity", "equity must be a mapping (kind:, value:, vesting: ...)");
      return;
    }
    static constexpr std::array<std::string_view, 10> kKeys = {
        "kind",      "value",  "vesting", "years",      "cliff_months",
        "frequency", "shares", "strike",  "fair_value", "preferred_price"};
    Unknown(n, kKeys, "equity.");
    Duplicates(n, "equity.");
    EquityGrant g;
    g.value.currency = cur_;
    const YamlNode* kind_node = n.Find("kind");
    bool kind_known = false;
    if (kind_node) {
      const std::string& s = kind_node->scalar;
      kind_known = true;
      if (s == "public_rsu") {
        g.kind = EquityKind::kPublicRsu;
      } else if (s == "private_rsu") {
        g.kind = EquityKind::kPrivateRsu;
      } else if (s == "options") {
        g.kind = EquityKind::kOptions;
      } else {
        kind_known = false;
        // "rsu" says RSUs but not which: public ones are valued at face value,
        // private ones with a liquidity discount, so levers does not pick.
        Error(*kind_node, "equity.kind",
              Name("equity.kind") + " '" + s + "' must be public_rsu, private_rsu or options" +
                  (s == "rsu" || s == "RSU" || s == "rsus" || s == "RSUs"
                       ? ": say public_rsu for a listed company's RSUs (valued at face value) "
                         "or private_rsu for a private company's (valued with a liquidity "
                         "discount)"
                       : std::string()));
      }
    } else {
      Error(n, "equity.kind",
            "equity needs " + Short("equity.kind") +
                ": public_rsu, private_rsu or options (levers does not assume one)");
    }
    // Keys of the other kind of grant would be ignored: name them.
    const std::string kind_text =
        kind_node ? Other("equity.kind", *kind_node) + " is " + kind_node->scalar : "";
    for (const auto& [k, v] : n.entries) {
      if (!kind_known) break;
      const bool options_key = k.scalar == "shares" || k.scalar == "strike" ||
                               k.scalar == "fair_value" || k.scalar == "preferred_price";
      if (g.kind == EquityKind::kOptions && k.scalar == "value") {
        Error(k, "equity.value",
              "'" + Name("equity.value") + "' is for RSUs, but " + kind_text + ", valued from " +
                  Short("equity.shares") + ", " + Short("equity.strike") + " and " +
                  Short("equity.fair_value") + " or " + Short("equity.preferred_price") +
                  "; remove one");
      } else if (g.kind != EquityKind::kOptions && options_key) {
        Error(k, "equity." + k.scalar,
              "'" + Name("equity." + k.scalar) + "' is for options, but " + kind_text +
                  ", valued from " + Name("equity.value") + "; remove one");
      }
    }
    if (g.kind == EquityKind::kOptions) {
      if (const YamlNode* s = n.Find("shares")) {
        if (auto v = Whole(*s, "equity.shares", 1, kMaxOptionShares)) g.shares = *v;
      } else {
        Error(n, "equity.shares",
              "options need " + Short("equity.shares") + ": the number of options granted");
      }
      for (auto [key, out] :
           {std::pair{"strike", &g.strike}, std::pair{"fair_value", &g.fair_value},
            std::pair{"preferred_price", &g.preferred_price}}) {
        if (const YamlNode* p = n.Find(key)) {
          if (auto m = PricePerShare(*p, std::string("equity.") + key)) *out = *m;
        }
      }
      // A key that is there but unreadable has had its own error.
      if (!g.strike && !n.Find("strike"))
        Error(n, "equity.strike",
              "options need " + Short("equity.strike") + ": the exercise price per share");
      if (g.fair_value && g.preferred_price) {
        // A documented rule decides: the preferred price wins. Say so.
        const YamlNode* pp = n.Find("preferred_price");
        sink_.Warning("offer-ignored", pp->range, "equity.preferred_price",
                      "'" + Name("equity.preferred_price") + "' and " +
                          Other("equity.fair_value", *n.Find("fair_value")) +
                          " are both given: the options are valued at the preferred price " +
                          FormatSharePrice(*g.preferred_price) + "; " + Short("equity.fair_value") +
                          " " + FormatSharePrice(*g.fair_value) + " is not used");
      }
      if (!g.fair_value && !g.preferred_price && !n.Find("fair_value") &&
          !n.Find("preferred_price")) {
        Error(n, "equity.fair_value",
              "options need " + Short("equity.fair_value") + " (the 409A price) or " +
                  Short("equity.preferred_price") + " per share");
      }
      // Each price is bounded, but shares × price is not: a grant worth more
      // than an amount may be is a typo too, and would overflow the valuation.
      const Wide unit = kSharePriceScale / MinorPerMajor(cur_);
      for (const std::optional<SharePrice>* p : {&g.strike, &g.fair_value, &g.preferred_price}) {
        if (g.shares == 0 || !*p) continue;
        const Wide notional = static_cast<Wide>(g.shares) * (*p)->micros;
        if (notional > static_cast<Wide>(absurd_minor_) * unit) {
          Error(n, "equity.shares",
                "equity: " + FormatCount(g.shares) + " options at " + FormatSharePrice(**p) +
                    " a share is more than " + absurd_why_ +
                    "; check the number of shares and the price");
          break;
        }
      }
    } else if (const YamlNode* v = n.Find("value")) {
      if (auto m = Amount(*v, "equity.value", true)) g.value = *m;
    } else {
      Error(n, "equity.value",
            "equity needs " + Short("equity.value") + ": the grant's total value");
    }
    int years = 4;
    const YamlNode* years_node = n.Find("years");
    if (years_node) {
      if (auto v = Whole(*years_node, "equity.years", 1, 10)) years = static_cast<int>(*v);
    }
    g.schedule.SetEvenSplit(years);
    if (const YamlNode* v = n.Find("vesting"); v && !v->IsNull())
      ReadVesting(*v, g.schedule, years_node ? std::optional<int>(years) : std::nullopt,
                  years_node);
    if (const YamlNode* c = n.Find("cliff_months")) {
      if (auto v = Whole(*c, "equity.cliff_months", 0, g.schedule.years() * 12))
        g.schedule.cliff_months = static_cast<int>(*v);
    }
    if (const YamlNode* f = n.Find("frequency")) {
      if (f->scalar == "monthly")
        g.schedule.frequency = VestingFrequency::kMonthly;
      else if (f->scalar == "quarterly")
        g.schedule.frequency = VestingFrequency::kQuarterly;
      else if (f->scalar == "yearly" || f->scalar == "annually")
        g.schedule.frequency = VestingFrequency::kYearly;
      else
        Error(*f, "equity.frequency",
              Name("equity.frequency") + " must be monthly, quarterly or yearly");
    }
    o.equity = g;
  }

  // "even", "5/15/40/40", "40/30/20/10", "33/33/33" (thirds), or a list of percentages.
  void ReadVesting(const YamlNode& v, VestingSchedule& s, std::optional<int> years_given,
                   const YamlNode* years_node) {
    std::vector<std::string> parts;
    if (v.kind == Kind::kSequence) {
      for (const YamlNode& item : v.items) parts.push_back(item.scalar);
    } else if (v.kind == Kind::kScalar) {
      if (v.scalar == "even") return;  // already even over `years`
      size_t b = 0;
      while (b <= v.scalar.size()) {
        size_t e = v.scalar.find('/', b);
        if (e == std::string::npos) e = v.scalar.size();
        parts.push_back(v.scalar.substr(b, e - b));
        b = e + 1;
      }
    }
    std::vector<int32_t> bp;
    int64_t sum = 0;
    bool thirds = false;  // "33/33/33": an even split read exactly
    for (const std::string& p : parts) {
      std::string t = p;
      if (!t.empty() && t.back() == '%') t.pop_back();
      std::optional<int64_t> x = ParseScaledDecimal(t, 2);
      if (!x || *x > 10000) {
        Error(v, "equity.vesting",
              Name("equity.vesting") + " '" + p +
                  "' is not a percentage; write even, 5/15/40/40 or a list");
        return;
      }
      bp.push_back(static_cast<int32_t>(*x));
      sum += *x;
    }
    if (bp.empty() || bp.size() > 10) {
      Error(v, "equity.vesting", Name("equity.vesting") + " needs 1 to 10 yearly percentages");
      return;
    }
    // "33/33/33" is the usual shorthand for thirds, and the only list read as an
    // even split: 99/0 or 24.75/24.75/24.75/24.75 add up to 99%, not 100%.
    if (bp == std::vector<int32_t>{3300, 3300, 3300}) {
      sum = 10000;  // the split itself is set below
      thirds = true;
    }
    if (sum != 10000) {
      Error(v, "equity.vesting",
            Name("equity.vesting") + " adds up to " +
                PercentString(Percent{static_cast<int32_t>(sum)}) + "%, not 100%");
      return;
    }
    if (years_given && static_cast<int>(bp.size()) != *years_given) {
      Error(v, "equity.vesting",
            "'" + Name("equity.vesting") + "' has " + std::to_string(bp.size()) + " years but " +
                Other("equity.years", *years_node) + " says " + std::to_string(*years_given) +
                "; give one, or make them agree");
      return;
    }
    if (thirds) {
      s.SetEvenSplit(static_cast<int>(bp.size()));
    } else {
      s.yearly_bp = bp;
      s.even = false;
    }
  }

  const SourceFile& file_;
  DiagnosticSink& sink_;
  const OfferOrigin origin_;
  const OfferFieldLabel& form_label_;
  std::string cur_;
  int64_t absurd_minor_ = 0;  // AbsurdLimitMinor(cur_)
  std::string absurd_why_;
};

}  // namespace

std::span<const std::string_view> OfferKeys() {
  static constexpr std::array<std::string_view, 16> kKeys = {"label",
                                                             "company",
                                                             "role",
                                                             "region",
                                                             "currency",
                                                             "date",
                                                             "base",
                                                             "equity",
                                                             "bonus",
                                                             "bonus_pct",
                                                             "bonus_amount",
                                                             "signing",
                                                             "signing_clawback",
                                                             "refresh",
                                                             "relocation",
                                                             "notes"};
  return kKeys;
}

std::optional<Offer> ReadOffer(const SourceFile& file, DiagnosticSink& sink, OfferOrigin origin,
                               const OfferFieldLabel& form_label) {
  // libyaml would read a UTF-16 or UTF-32 byte order mark as its encoding and
  // say nothing (an empty file, or keys it cannot place): offers are UTF-8.
  const std::string_view text = file.text();
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
      text.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    sink.Error("offer-invalid", {0, 2}, "",
               "the offer is not UTF-8 text: it starts with a UTF-16 or UTF-32 byte order mark "
               "(bytes " +
                   std::string(text[0] == '\xFF'   ? "FF FE"
                               : text[0] == '\xFE' ? "FE FF"
                                                   : "00 00 FE FF") +
                   "); save it as UTF-8");
    return std::nullopt;
  }
  ReadLimits limits;
  limits.max_yaml_nodes = 10'000;
  static constexpr internal::YamlSubject kOffer{"offer", "an offer", "an offer is a few dozen keys",
                                                "an offer needs three"};
  const std::unique_ptr<internal::YamlNode> root =
      internal::ParseYaml(file, 0, static_cast<uint32_t>(file.text().size()), sink, limits, kOffer);
  if (!root) {
    if (!sink.has_errors()) sink.Error("offer-invalid", {0, 0}, "", "the offer file is empty");
    return std::nullopt;
  }
  Offer o;
  o.source = file.path();
  const size_t reported = sink.diagnostics().size();
  if (!OfferReader(file, sink, origin, form_label).Read(*root, o)) return std::nullopt;
  for (size_t i = reported; i < sink.diagnostics().size(); ++i) {
    const Diagnostic& d = sink.diagnostics()[i];
    if (d.severity != Severity::kWarning) continue;
    OfferWarning w{d.code, d.path, 0, 0, d.message};
    if (origin == OfferOrigin::kFile) {
      const LineColumn lc = file.Locate(d.range.begin);
      w.line = lc.line;
      w.column = lc.column;
    }
    o.warnings.push_back(std::move(w));
  }
  if (o.label.empty()) {
    o.label = o.company.empty() ? file.path() : o.company;
    o.label_names_it = !o.company.empty();
  }
  return o;
}

}  // namespace levers
