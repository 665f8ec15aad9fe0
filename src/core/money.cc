// Amount parsing is written by hand: no library reads salary shorthand such as
// "HKD1.5M" or "₹45L" (lakhs), and doing it with integer arithmetic keeps every
// figure exact.
#include "levers/money.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "core/digits.h"

namespace levers {
namespace {

// ISO 4217 currencies levers knows: every currency of ISO 4217's list of
// circulating currencies (funds, metals and testing codes left out, as no pay
// is quoted in them), plus the withdrawn codes the ECB reference table's
// history quotes (CYP, EEK, HRK, LTL, LVL, MTL, ROL, SIT, SKK, TRL). Minor
// unit digits are ISO 4217's as published (IQD and LYD have three there,
// though Iraq no longer uses the fils). Sorted by code.
constexpr std::array<CurrencyInfo, 167> kCurrencies = {{
    {"AED", 2, "UAE dirham"},
    {"AFN", 2, "Afghan afghani"},
    {"ALL", 2, "Albanian lek"},
    {"AMD", 2, "Armenian dram"},
    {"ANG", 2, "Netherlands Antillean guilder"},
    {"AOA", 2, "Angolan kwanza"},
    {"ARS", 2, "Argentine peso"},
    {"AUD", 2, "Australian dollar"},
    {"AWG", 2, "Aruban florin"},
    {"AZN", 2, "Azerbaijani manat"},
    {"BAM", 2, "Bosnia and Herzegovina convertible mark"},
    {"BBD", 2, "Barbados dollar"},
    {"BDT", 2, "Bangladeshi taka"},
    {"BGN", 2, "Bulgarian lev"},
    {"BHD", 3, "Bahraini dinar"},
    {"BIF", 0, "Burundian franc"},
    {"BMD", 2, "Bermudian dollar"},
    {"BND", 2, "Brunei dollar"},
    {"BOB", 2, "Bolivian boliviano"},
    {"BRL", 2, "Brazilian real"},
    {"BSD", 2, "Bahamian dollar"},
    {"BTN", 2, "Bhutanese ngultrum"},
    {"BWP", 2, "Botswana pula"},
    {"BYN", 2, "Belarusian ruble"},
    {"BZD", 2, "Belize dollar"},
    {"CAD", 2, "Canadian dollar"},
    {"CDF", 2, "Congolese franc"},
    {"CHF", 2, "Swiss franc"},
    {"CLP", 0, "Chilean peso"},
    {"CNY", 2, "Chinese yuan"},
    {"COP", 2, "Colombian peso"},
    {"CRC", 2, "Costa Rican colon"},
    {"CUP", 2, "Cuban peso"},
    {"CVE", 2, "Cape Verdean escudo"},
    {"CYP", 2, "Cypriot pound"},
    {"CZK", 2, "Czech koruna"},
    {"DJF", 0, "Djiboutian franc"},
    {"DKK", 2, "Danish krone"},
    {"DOP", 2, "Dominican peso"},
    {"DZD", 2, "Algerian dinar"},
    {"EEK", 2, "Estonian kroon"},
    {"EGP", 2, "Egyptian pound"},
    {"ERN", 2, "Eritrean nakfa"},
    {"ETB", 2, "Ethiopian birr"},
    {"EUR", 2, "euro"},
    {"FJD", 2, "Fiji dollar"},
    {"FKP", 2, "Falkland Islands pound"},
    {"GBP", 2, "pound sterling"},
    {"GEL", 2, "Georgian lari"},
    {"GHS", 2, "Ghanaian cedi"},
    {"GIP", 2, "Gibraltar pound"},
    {"GMD", 2, "Gambian dalasi"},
    {"GNF", 0, "Guinean franc"},
    {"GTQ", 2, "Guatemalan quetzal"},
    {"GYD", 2, "Guyanese dollar"},
    {"HKD", 2, "Hong Kong dollar"},
    {"HNL", 2, "Honduran lempira"},
    {"HRK", 2, "Croatian kuna"},
    {"HTG", 2, "Haitian gourde"},
    {"HUF", 2, "Hungarian forint"},
    {"IDR", 2, "Indonesian rupiah"},
    {"ILS", 2, "Israeli new shekel"},
    {"INR", 2, "Indian rupee"},
    {"IQD", 3, "Iraqi dinar"},
    {"IRR", 2, "Iranian rial"},
    {"ISK", 0, "Icelandic krona"},
    {"JMD", 2, "Jamaican dollar"},
    {"JOD", 3, "Jordanian dinar"},
    {"JPY", 0, "Japanese yen"},
    {"KES", 2, "Kenyan shilling"},
    {"KGS", 2, "Kyrgyzstani som"},
    {"KHR", 2, "Cambodian riel"},
    {"KMF", 0, "Comorian franc"},
    {"KPW", 2, "North Korean won"},
    {"KRW", 0, "South Korean won"},
    {"KWD", 3, "Kuwaiti dinar"},
    {"KYD", 2, "Cayman Islands dollar"},
    {"KZT", 2, "Kazakhstani tenge"},
    {"LAK", 2, "Lao kip"},
    {"LBP", 2, "Lebanese pound"},
    {"LKR", 2, "Sri Lankan rupee"},
    {"LRD", 2, "Liberian dollar"},
    {"LSL", 2, "Lesotho loti"},
    {"LTL", 2, "Lithuanian litas"},
    {"LVL", 2, "Latvian lats"},
    {"LYD", 3, "Libyan dinar"},
    {"MAD", 2, "Moroccan dirham"},
    {"MDL", 2, "Moldovan leu"},
    {"MGA", 2, "Malagasy ariary"},
    {"MKD", 2, "Macedonian denar"},
    {"MMK", 2, "Myanmar kyat"},
    {"MNT", 2, "Mongolian togrog"},
    {"MOP", 2, "Macanese pataca"},
    {"MRU", 2, "Mauritanian ouguiya"},
    {"MTL", 2, "Maltese lira"},
    {"MUR", 2, "Mauritian rupee"},
    {"MVR", 2, "Maldivian rufiyaa"},
    {"MWK", 2, "Malawian kwacha"},
    {"MXN", 2, "Mexican peso"},
    {"MYR", 2, "Malaysian ringgit"},
    {"MZN", 2, "Mozambican metical"},
    {"NAD", 2, "Namibian dollar"},
    {"NGN", 2, "Nigerian naira"},
    {"NIO", 2, "Nicaraguan cordoba"},
    {"NOK", 2, "Norwegian krone"},
    {"NPR", 2, "Nepalese rupee"},
    {"NZD", 2, "New Zealand dollar"},
    {"OMR", 3, "Omani rial"},
    {"PAB", 2, "Panamanian balboa"},
    {"PEN", 2, "Peruvian sol"},
    {"PGK", 2, "Papua New Guinean kina"},
    {"PHP", 2, "Philippine peso"},
    {"PKR", 2, "Pakistani rupee"},
    {"PLN", 2, "Polish zloty"},
    {"PYG", 0, "Paraguayan guarani"},
    {"QAR", 2, "Qatari riyal"},
    {"ROL", 2, "Romanian leu (old)"},
    {"RON", 2, "Romanian leu"},
    {"RSD", 2, "Serbian dinar"},
    {"RUB", 2, "Russian ruble"},
    {"RWF", 0, "Rwandan franc"},
    {"SAR", 2, "Saudi riyal"},
    {"SBD", 2, "Solomon Islands dollar"},
    {"SCR", 2, "Seychelles rupee"},
    {"SDG", 2, "Sudanese pound"},
    {"SEK", 2, "Swedish krona"},
    {"SGD", 2, "Singapore dollar"},
    {"SHP", 2, "Saint Helena pound"},
    {"SIT", 2, "Slovenian tolar"},
    {"SKK", 2, "Slovak koruna"},
    {"SLE", 2, "Sierra Leonean leone"},
    {"SOS", 2, "Somali shilling"},
    {"SRD", 2, "Surinamese dollar"},
    {"SSP", 2, "South Sudanese pound"},
    {"STN", 2, "Sao Tome and Principe dobra"},
    {"SVC", 2, "Salvadoran colon"},
    {"SYP", 2, "Syrian pound"},
    {"SZL", 2, "Swazi lilangeni"},
    {"THB", 2, "Thai baht"},
    {"TJS", 2, "Tajikistani somoni"},
    {"TMT", 2, "Turkmenistani manat"},
    {"TND", 3, "Tunisian dinar"},
    {"TOP", 2, "Tongan pa'anga"},
    {"TRL", 0, "Turkish lira (old)"},
    {"TRY", 2, "Turkish lira"},
    {"TTD", 2, "Trinidad and Tobago dollar"},
    {"TWD", 2, "New Taiwan dollar"},
    {"TZS", 2, "Tanzanian shilling"},
    {"UAH", 2, "Ukrainian hryvnia"},
    {"UGX", 0, "Ugandan shilling"},
    {"USD", 2, "US dollar"},
    {"UYU", 2, "Uruguayan peso"},
    {"UZS", 2, "Uzbekistani sum"},
    {"VED", 2, "Venezuelan digital bolivar"},
    {"VES", 2, "Venezuelan bolivar"},
    {"VND", 0, "Vietnamese dong"},
    {"VUV", 0, "Vanuatu vatu"},
    {"WST", 2, "Samoan tala"},
    {"XAF", 0, "Central African CFA franc"},
    {"XCD", 2, "East Caribbean dollar"},
    {"XCG", 2, "Caribbean guilder"},
    {"XOF", 0, "West African CFA franc"},
    {"XPF", 0, "CFP franc"},
    {"YER", 2, "Yemeni rial"},
    {"ZAR", 2, "South African rand"},
    {"ZMW", 2, "Zambian kwacha"},
    {"ZWG", 2, "Zimbabwe gold"},
}};

// The table's rules, checked when it is compiled.
constexpr bool CurrenciesInOrder() {
  for (size_t i = 0; i < kCurrencies.size(); ++i) {
    if (kCurrencies[i].minor_digits < 0 || kCurrencies[i].minor_digits > kMaxMinorDigits)
      return false;
    if (i > 0 && !(kCurrencies[i - 1].code < kCurrencies[i].code)) return false;
  }
  return true;
}
static_assert(CurrenciesInOrder(), "kCurrencies: sorted by code, 0 to kMaxMinorDigits digits");

struct Symbol {
  std::string_view text;
  std::string_view code;
};
// Longest first, so "US$" wins over "$".
constexpr std::array<Symbol, 13> kSymbols = {{
    {"US$", "USD"},
    {"HK$", "HKD"},
    {"NZ$", "NZD"},
    {"CA$", "CAD"},
    {"S$", "SGD"},
    {"C$", "CAD"},
    {"A$", "AUD"},
    {"R$", "BRL"},
    {"$", "USD"},
    {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA3", "GBP"},
    {"\xE2\x82\xB9", "INR"},
    {"\xC2\xA5", "JPY"},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
// std::isalpha of the "C" locale (levers never sets another), without a call per byte.
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

void SkipSpaces(std::string_view s, size_t& i) {
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
    } else if (s[i] == '\xC2' && s.substr(i, 2) == "\xC2\xA0") {  // no-break space
      i += 2;
    } else if (s[i] == '\xE2' && s.substr(i, 3) == "\xE2\x80\xAF") {  // narrow no-break space
      i += 3;
    } else {
      break;
    }
  }
}

// Bytes a currency symbol can start with: most positions of an amount hold a
// digit or a letter no symbol starts with, and skip the table at once.
constexpr std::array<bool, 256> kSymbolLead = [] {
  std::array<bool, 256> t{};
  for (const Symbol& sym : kSymbols) t[static_cast<unsigned char>(sym.text[0])] = true;
  return t;
}();

// A currency marker found in an amount: a symbol or a three-letter code.
struct CurrencyMatch {
  size_t used = 0;        // bytes of the marker; 0 when there is none
  std::string_view code;  // the ISO code (a view of the table or of the text)
  bool unknown = false;   // a three-letter code levers does not know (`code` holds it)
};

// A currency marker at s[i]: a symbol or a three-letter code not followed by a letter.
CurrencyMatch MatchCurrency(std::string_view s, size_t i) {
  CurrencyMatch m;
  if (i >= s.size()) return m;
  if (kSymbolLead[static_cast<unsigned char>(s[i])]) {
    for (const Symbol& sym : kSymbols) {
      if (sym.text[0] == s[i] && s.substr(i, sym.text.size()) == sym.text) {
        m.used = sym.text.size();
        m.code = sym.code;
        return m;
      }
    }
  }
  if (i + 3 <= s.size() && IsUpper(s[i]) && IsUpper(s[i + 1]) && IsUpper(s[i + 2]) &&
      (i + 3 == s.size() || !IsAlpha(s[i + 3]))) {
    m.used = 3;
    m.code = s.substr(i, 3);
    m.unknown = FindCurrency(m.code) == nullptr;
  }
  return m;
}

struct Magnitude {
  std::string_view text;
  int power;  // of ten
};
constexpr std::array<Magnitude, 10> kMagnitudes = {{
    {"crore", 7},
    {"lakh", 5},
    {"Cr", 7},
    {"bn", 9},
    {"K", 3},
    {"k", 3},
    {"M", 6},
    {"m", 6},
    {"B", 9},
    {"L", 5},
}};

// The magnitude suffixes start with distinct bytes: the entry of kMagnitudes a
// byte may start, plus one (0 for none), so a suffix is found with one test.
constexpr std::array<uint8_t, 256> kMagnitudeLead = [] {
  std::array<uint8_t, 256> t{};
  for (size_t k = 0; k < kMagnitudes.size(); ++k)
    t[static_cast<unsigned char>(kMagnitudes[k].text[0])] = static_cast<uint8_t>(k + 1);
  return t;
}();

int64_t Pow10(int p) {
  static constexpr std::array<int64_t, 19> kPow10 = [] {
    std::array<int64_t, 19> t{};
    t[0] = 1;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  if (p >= 0 && p < static_cast<int>(kPow10.size())) return kPow10[static_cast<size_t>(p)];
  int64_t r = 1;
  while (p-- > 0) r *= 10;
  return r;
}

}  // namespace

namespace {
// Every three-letter upper-case code maps to its index in kCurrencies (or 0xFF):
// amounts are formatted and parsed millions of times in a corpus build, so the
// lookup is one array read rather than a search.
constexpr size_t kCodeSpace = 26 * 26 * 26;
constexpr int CodeIndex(std::string_view c) {
  return ((c[0] - 'A') * 26 + (c[1] - 'A')) * 26 + (c[2] - 'A');
}
// Built at compile time: a lookup needs no guard for a function-local static.
static_assert(kCurrencies.size() < 0xFF, "kCurrencyIndex holds indexes in a byte");
constexpr std::array<uint8_t, kCodeSpace> kCurrencyIndex = [] {
  std::array<uint8_t, kCodeSpace> t{};
  t.fill(0xFF);
  for (size_t i = 0; i < kCurrencies.size(); ++i)
    t[static_cast<size_t>(CodeIndex(kCurrencies[i].code))] = static_cast<uint8_t>(i);
  return t;
}();
}  // namespace

const CurrencyInfo* FindCurrency(std::string_view code) {
  if (code.size() != 3 || !IsUpper(code[0]) || !IsUpper(code[1]) || !IsUpper(code[2]))
    return nullptr;
  const uint8_t i = kCurrencyIndex[static_cast<size_t>(CodeIndex(code))];
  return i == 0xFF ? nullptr : &kCurrencies[i];
}

const CurrencyInfo* FindCurrencyAnyCase(std::string_view text) {
  if (text.size() != 3) return nullptr;
  char upper[3];
  for (size_t i = 0; i < 3; ++i) {
    const char ch = text[i];
    upper[i] = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return FindCurrency(std::string_view(upper, 3));
}

int MinorDigits(std::string_view currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  return info ? info->minor_digits : 2;
}

int64_t MinorPerMajor(std::string_view currency) { return Pow10(MinorDigits(currency)); }

void AppendMajorUnits(std::string& out, const Money& m, bool grouped) {
  const CurrencyInfo* info = FindCurrency(m.currency);
  const int digits = info ? info->minor_digits : 2;
  const int64_t per = Pow10(digits);
  const bool negative = m.minor < 0;
  const uint64_t abs =
      negative ? static_cast<uint64_t>(-(m.minor + 1)) + 1 : static_cast<uint64_t>(m.minor);
  // Integer part, written backwards into a small buffer, with optional grouping.
  char buf[48];
  const uint64_t whole = abs / static_cast<uint64_t>(per);
  char* p = grouped
                ? internal::WriteGroupedBackward(buf + sizeof buf, whole, GroupsInLakhs(m.currency))
                : internal::WriteDecimalBackward(buf + sizeof buf, whole, false);
  if (negative) *--p = '-';
  uint64_t frac = abs % static_cast<uint64_t>(per);
  if (frac == 0) {
    out.append(p, static_cast<size_t>(buf + sizeof buf - p));
    return;
  }
  char f[20];
  for (int i = digits - 1; i >= 0; --i) {
    f[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  // Exact text ("1234.5") drops trailing zeros; text for people (grouped)
  // shows every minor digit ("1,234.50", never "1,234.5").
  int len = digits;
  if (!grouped)
    while (len > 0 && f[len - 1] == '0') --len;
  // The fraction goes after the integer part in the same buffer: one append.
  char* const end = buf + sizeof buf;
  const size_t whole_len = static_cast<size_t>(end - p);
  char line[72];
  std::memcpy(line, p, whole_len);
  line[whole_len] = '.';
  std::memcpy(line + whole_len + 1, f, static_cast<size_t>(len));
  out.append(line, whole_len + 1 + static_cast<size_t>(len));
}

std::string MajorUnitsString(const Money& m) {
  std::string out;
  AppendMajorUnits(out, m, false);
  return out;
}

std::string FormatMoney(const Money& m) {
  std::string out;
  if (!m.currency.empty()) {
    out += m.currency;
    out += ' ';
  }
  AppendMajorUnits(out, m, true);
  return out;
}

namespace {

// `minor` in units of 10^-from_digits, rescaled to the minor unit of `code`;
// nullopt when that would drop digits or overflow.
std::optional<Money> Rescaled(int64_t minor, int from_digits, std::string_view code) {
  const int64_t from = Pow10(from_digits);
  const int64_t to = MinorPerMajor(code);
  Money m{minor, std::string(code)};
  if (to < from) {
    if (minor % (from / to) != 0) return std::nullopt;
    m.minor = minor / (from / to);
  } else if (to > from) {
    if (minor > INT64_MAX / (to / from)) return std::nullopt;
    m.minor = minor * (to / from);
  }
  return m;
}

}  // namespace

std::optional<Money> InCurrency(const Money& bare, std::string_view code) {
  return Rescaled(bare.minor, 2, code);
}

void AppendPercent(std::string& out, Percent p) {
  Money as_money{p.basis_points, "USD"};  // two decimals, same formatting rules
  AppendMajorUnits(out, as_money, false);
}

std::string PercentString(Percent p) {
  std::string out;
  AppendPercent(out, p);
  return out;
}

namespace {

// Commas may only group thousands: "1,200,000", never "8,0,000" or "1,00".
bool CommasGroupThousands(std::string_view text) {
  const size_t point = std::min(text.find('.'), text.size());
  size_t last_comma = std::string_view::npos;
  for (size_t k = 0; k < point; ++k) {
    if (text[k] != ',') continue;
    if (k == 0 || (last_comma == std::string_view::npos ? k > 3 : k - last_comma != 4))
      return false;
    last_comma = k;
  }
  return last_comma == std::string_view::npos || point - last_comma == 4;
}

// Indian grouping: one or two digits, pairs, then the last three digits
// ("48,00,000", "1,20,00,000"); a decimal part may follow. Only tried once
// grouping in thousands has failed, so it is off the common path.
bool CommasGroupLakhs(std::string_view text) {
  const size_t point = std::min(text.find('.'), text.size());
  if (text.find(',', point) != std::string_view::npos) return false;  // none in the decimals
  const std::string_view whole = text.substr(0, point);
  size_t groups = 0, start = 0;
  for (size_t k = 0; k <= whole.size(); ++k) {
    if (k < whole.size() && whole[k] != ',') continue;
    const size_t digits = k - start;  // the digits between two commas
    const bool first = groups == 0, last = k == whole.size();
    if (first ? (digits < 1 || digits > 2) : last ? digits != 3 : digits != 2) return false;
    ++groups;
    start = k + 1;
  }
  return groups >= 2;
}

}  // namespace

std::optional<int64_t> ParseScaledDecimal(std::string_view text, int scale_digits) {
  // Plain digits, the common case ("220000"): the same answer as the general
  // path below without its scans for commas and a decimal point.
  if (!text.empty() && text.size() <= 15) {
    int64_t whole = 0;
    size_t k = 0;
    while (k < text.size() && IsDigit(text[k])) whole = whole * 10 + (text[k++] - '0');
    if (k == text.size()) {
      if (whole > INT64_MAX / Pow10(scale_digits) - 1) return std::nullopt;  // would overflow
      return whole * Pow10(scale_digits);
    }
  }
  if (!CommasGroupThousands(text)) return std::nullopt;
  size_t i = 0;
  int64_t whole = 0;
  bool any = false;
  while (i < text.size() && (IsDigit(text[i]) || text[i] == ',')) {
    if (text[i] != ',') {
      if (whole > kMaxMajorAmount * 1000) return std::nullopt;
      whole = whole * 10 + (text[i] - '0');
      any = true;
    }
    ++i;
  }
  int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    // Digits on both sides of the point: ".5" and "80." are not numbers.
    if (!any || i + 1 == text.size()) return std::nullopt;
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      if (frac_digits == scale_digits) return std::nullopt;  // more precision than allowed
      frac = frac * 10 + (text[i] - '0');
      ++frac_digits;
      any = true;
      ++i;
    }
  }
  if (!any || i != text.size()) return std::nullopt;
  if (whole > INT64_MAX / Pow10(scale_digits) - 1) return std::nullopt;  // would overflow
  return whole * Pow10(scale_digits) + frac * Pow10(scale_digits - frac_digits);
}

namespace {

// "to" at s[i] joining a range without spaces, as in "$220Kto$275K" or
// "EUR187KtoEUR200K": "to" then (after optional spaces) a digit, a currency
// symbol or a known currency code. Anything else ("$220Ktotal") is not a range.
bool IsRangeTo(std::string_view s, size_t i) {
  if (s.substr(i, 2) != "to") return false;
  size_t j = i + 2;
  SkipSpaces(s, j);
  if (j < s.size() && IsDigit(s[j])) return true;
  const CurrencyMatch c = MatchCurrency(s, j);
  return c.used > 0 && !c.unknown;
}

// The form nearly every amount in a guide takes, "$186K", "EUR211K" or
// "GBP133000": '$' or a known three-letter code, plain digits, then K, M or
// nothing, read in one pass. Gives exactly what ParseAmount's general path
// gives for such text, and false for anything else (which that path reads).
bool ParseCommonAmount(std::string_view s, AmountParse& r) {
  std::string_view code;
  size_t i;
  if (s.size() >= 2 && s[0] == '$' && IsDigit(s[1])) {
    code = "USD";
    i = 1;
  } else if (s.size() >= 4 && IsUpper(s[0]) && IsUpper(s[1]) && IsUpper(s[2]) && IsDigit(s[3])) {
    code = s.substr(0, 3);
    i = 3;
  } else {
    return false;
  }
  const CurrencyInfo* info = FindCurrency(code);
  if (info == nullptr) return false;
  const size_t num_begin = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i - num_begin > 12) return false;  // ParseScaledDecimal's general path
  int64_t whole = 0;
  for (size_t k = num_begin; k < i; ++k) whole = whole * 10 + (s[k] - '0');
  int power = 0;
  if (i < s.size()) {
    const char c = s[i];
    if (c == ',' || c == '.') return false;
    if (c == 'K' || c == 'k' || c == 'M' || c == 'm') {
      if (i + 1 < s.size() && IsAlpha(s[i + 1])) return false;
      power = c == 'K' || c == 'k' ? 3 : 6;
      ++i;
    } else if (kMagnitudeLead[static_cast<unsigned char>(c)] != 0) {
      return false;
    }
  }
  const int scale = power + info->minor_digits;
  if (whole > INT64_MAX / Pow10(scale) - 1) return false;
  const int64_t minor = whole * Pow10(scale);
  if (minor > kMaxMajorAmount * Pow10(info->minor_digits)) return false;
  r.ok = true;
  r.magnitude = power;
  r.value.minor = minor;
  // `r` is new, its currency empty: appending skips assign's aliasing checks.
  r.value.currency.append(info->code);
  r.consumed = i;
  return true;
}

// `number` without the zeros that end its decimals past `scale` places, and
// without its point when no decimal is left: "1,250.120" at 2 is "1,250.12",
// "1,250.0" at 0 is "1,250". The same value, exactly.
std::string_view WithoutZerosPast(std::string_view number, int scale) {
  const size_t point = number.find('.');
  if (point == std::string_view::npos) return number;
  size_t end = number.size();
  while (end - point - 1 > static_cast<size_t>(scale) && number[end - 1] == '0') --end;
  if (end == point + 1) --end;
  return number.substr(0, end);
}

// ParseAmount, with an amount that names no currency read to `bare_digits`
// decimals (in units of 10^-bare_digits). With `zeros_past_digits`, zeros
// after the decimals the amount's currency holds, or `bare_digits` for one
// without a currency that is to take `bare_currency`, are read as the exact
// value they leave ("EUR1,250.120" is EUR 1,250.12); a non-zero digit there
// stays an error naming that currency.
AmountParse ParseAmountWithBareDigits(std::string_view s, int bare_digits, bool zeros_past_digits,
                                      std::string_view bare_currency = {}) {
  AmountParse r;
  if (ParseCommonAmount(s, r)) return r;
  size_t i = 0;
  SkipSpaces(s, i);
  if (i < s.size() && (s[i] == '-' || s.substr(i, 3) == "\xE2\x88\x92")) {
    r.error = "amounts cannot be negative";
    return r;
  }
  const CurrencyMatch before = MatchCurrency(s, i);
  if (before.unknown) {
    r.error = "unknown currency code '" + std::string(before.code) +
              "' (expected an ISO 4217 code such as USD, EUR)";
    return r;
  }
  std::string_view code = before.code;
  i += before.used;
  SkipSpaces(s, i);
  if (i < s.size() && s[i] == '-') {
    r.error = "amounts cannot be negative";
    return r;
  }
  // The number: digits with optional comma grouping and a decimal part.
  const size_t num_begin = i;
  if (i + 1 < s.size() && s[i] == '.' && IsDigit(s[i + 1])) {
    r.error = std::string(kPointWithoutDigitBefore);
    return r;
  }
  int points = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsDigit(c)) {
      ++i;
    } else if ((c == ',' || c == '.') && i + 1 < s.size() && IsDigit(s[i + 1])) {
      points += c == '.';
      i += 2;
    } else {
      break;
    }
  }
  if (i == num_begin) {
    r.error = before.used ? "expected a number after the currency"
                          : "expected an amount such as $220K or EUR187K";
    return r;
  }
  std::string_view number = s.substr(num_begin, i - num_begin);
  if (points > 1) {
    r.error = "malformed number '" + std::string(number) + "'";
    return r;
  }
  int power = 0;
  if (i < s.size()) {
    if (const uint8_t k = kMagnitudeLead[static_cast<unsigned char>(s[i])]; k != 0) {
      const Magnitude& m = kMagnitudes[k - 1];
      const size_t end = i + m.text.size();
      if (s.substr(i, m.text.size()) == m.text &&
          (end == s.size() || !IsAlpha(s[end]) ||
           (m.text == "K" && s.substr(i + 1).starts_with("RSU")) || IsRangeTo(s, end))) {
        power = m.power;
        i = end;
      }
    }
    // The Indian words, as people write them: "48 lakh", "2 crores".
    if (power == 0 && s[i] == ' ') {
      for (const auto& [word, p] :
           {std::pair{std::string_view("lakh"), 5}, std::pair{std::string_view("crore"), 7}}) {
        size_t end = i + 1 + word.size();
        if (s.substr(i + 1, word.size()) != word) continue;
        if (end < s.size() && s[end] == 's') ++end;
        if (end == s.size() || !IsAlpha(s[end]) || IsRangeTo(s, end)) {
          power = p;
          i = end;
        }
        break;
      }
    }
  }
  // A currency may follow instead: "120K EUR", "95,000 €".
  if (code.empty()) {
    size_t j = i;
    SkipSpaces(s, j);
    const CurrencyMatch after = MatchCurrency(s, j);
    if (after.used && !after.unknown) {
      code = after.code;
      i = j + after.used;
    }
  }
  const CurrencyInfo* info = code.empty() ? nullptr : FindCurrency(code);
  const int minor_digits = info ? info->minor_digits : code.empty() ? bare_digits : 2;
  // Parse the number with enough fractional digits for the magnitude and minor units.
  const int scale = power + minor_digits;
  const bool in_currency = !code.empty() || !bare_currency.empty();
  std::optional<int64_t> scaled = ParseScaledDecimal(
      zeros_past_digits && in_currency ? WithoutZerosPast(number, scale) : number, scale);
  // Rupees are grouped in lakhs and crores: "48,00,000" is 4,800,000.
  const bool rupees = code == "INR" || (code.empty() && bare_currency == "INR");
  if (!scaled && rupees && CommasGroupLakhs(number)) {
    std::string plain(number);
    std::erase(plain, ',');
    scaled = ParseScaledDecimal(plain, scale);
  }
  if (!scaled) {
    const size_t point = number.find('.');
    if (!CommasGroupThousands(number) && !(rupees && CommasGroupLakhs(number))) {
      r.error = "'" + std::string(number) + "' has a comma that does not group thousands" +
                (rupees ? " or, for rupees, lakhs (expected e.g. 1,200,000 or 12,00,000)"
                        : " (expected e.g. 1,200,000)");
    } else if (point != std::string_view::npos &&
               static_cast<int>(number.size() - point - 1) > scale) {
      const std::string_view named = code.empty() ? bare_currency : code;
      r.error = "'" + std::string(number) + "' has more decimal places than " +
                (named.empty() ? std::string("an amount without a currency") : std::string(named)) +
                (power ? " with its K/M suffix" : "") + " allows";
    } else {
      r.error = "'" + std::string(number) + "' is too large";
    }
    return r;
  }
  // Compared in minor units: 10^12 and a cent is above the limit too.
  if (*scaled > kMaxMajorAmount * Pow10(minor_digits)) {
    r.error = "amount is absurdly large (above 10^12)";
    return r;
  }
  r.ok = true;
  r.magnitude = power;
  // `scaled` is number * 10^(power + minor digits): exactly the amount in minor units.
  r.value.minor = *scaled;
  r.value.currency.append(code);  // empty until here, as in ParseCommonAmount
  r.consumed = i;
  return r;
}

}  // namespace

AmountParse ParseAmount(std::string_view s) { return ParseAmountWithBareDigits(s, 2, false); }

AmountParse ParseAmount(std::string_view s, std::string_view context_currency) {
  // Only the grouping is taken from the context: an amount without a currency
  // stays in hundredths, and its errors speak of it as before.
  return ParseAmountWithBareDigits(
      s, 2, false, GroupsInLakhs(context_currency) ? context_currency : std::string_view());
}

namespace {

// A range separator at s[i] ("–", "—", "-", "to"), with or without spaces around; bytes used
// or 0.
size_t MatchRangeSeparator(std::string_view s, size_t i) {
  size_t j = i;
  SkipSpaces(s, j);
  size_t k = j;
  if (s.substr(j, 3) == "\xE2\x80\x93" || s.substr(j, 3) == "\xE2\x80\x94") {
    k = j + 3;
  } else if (s.substr(j, 1) == "-") {
    k = j + 1;
  } else if (s.substr(j, 2) == "to" &&
             (j + 2 == s.size() || !IsAlpha(s[j + 2]) || IsRangeTo(s, j))) {
    k = j + 2;
  } else {
    return 0;
  }
  SkipSpaces(s, k);
  return k - i;
}

std::string_view Trim(std::string_view s) {
  size_t i = 0;
  SkipSpaces(s, i);
  s.remove_prefix(i);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsNotStated(std::string_view t) {
  t = Trim(t);
  return t.empty() || t == "\xE2\x80\x94" || t == "\xE2\x80\x93" || t == "-" || t == "n/a" ||
         t == "N/A";
}

bool EndsWithBarePoint(std::string_view s, size_t end) {
  return end > 0 && end < s.size() && s[end] == '.' && IsDigit(s[end - 1]) &&
         (end + 1 == s.size() || !IsDigit(s[end + 1]));
}

namespace {

// The currency the high end of range `s` names, found by reading both ends to
// six decimals (more than any currency has, so that a bare end's decimals do
// not stop the reading); empty when the high end names none or `s` does not
// read as a range.
std::string HighEndCurrency(std::string_view s) {
  const AmountParse low = ParseAmountWithBareDigits(s, kMaxMinorDigits + 3, false);
  if (!low.ok || !low.value.currency.empty() || EndsWithBarePoint(s, low.consumed)) return {};
  const size_t sep = MatchRangeSeparator(s, low.consumed);
  if (sep == 0) return {};
  const AmountParse high =
      ParseAmountWithBareDigits(s.substr(low.consumed + sep), kMaxMinorDigits + 3, false);
  return high.ok ? high.value.currency : std::string();
}

// ParseMoneyRange with ends that name no currency read to `bare_digits`
// decimals. Such an end takes the other end's currency; when neither names
// one, both take `bare_currency`, or stay without a currency (in units of
// 10^-bare_digits) when it is empty.
RangeParse ParseRangeWithBareDigits(std::string_view s, int bare_digits,
                                    std::string_view bare_currency) {
  RangeParse r;
  // The message for a bare end whose decimals `code` cannot hold, quoting it
  // as ParseAmount quotes a number.
  auto too_fine = [](std::string_view end, std::string_view code) {
    return "'" + std::string(Trim(end)) + "' has more decimal places than " + std::string(code) +
           " allows";
  };
  AmountParse low = ParseAmountWithBareDigits(s, bare_digits, true, bare_currency);
  if (!low.ok && bare_currency.empty()) {
    // A bare low end takes the high end's currency: read again in it, so that
    // zeros past its digits are read and a non-zero digit names it.
    if (const std::string code = HighEndCurrency(s); !code.empty())
      low = ParseAmountWithBareDigits(s, bare_digits, true, code);
  }
  if (!low.ok) {
    r.error = std::move(low.error);
    return r;
  }
  size_t i = low.consumed;
  if (EndsWithBarePoint(s, i)) {
    r.error = std::string(kPointWithoutDigitAfter);
    return r;
  }
  SkipSpaces(s, i);
  if (i == s.size()) {
    if (low.value.currency.empty() && !bare_currency.empty()) {
      std::optional<Money> m = Rescaled(low.value.minor, bare_digits, bare_currency);
      if (!m) {
        r.error = too_fine(s.substr(0, low.consumed), bare_currency);
        return r;
      }
      low.value = std::move(*m);
    }
    r.ok = true;
    r.value.low = low.value;
    r.value.high = std::move(low.value);
    return r;
  }
  size_t sep = MatchRangeSeparator(s, i);
  if (sep == 0) {
    r.error = "unexpected '" + std::string(s.substr(i, 12)) +
              "' after the amount (expected '–' and a second amount)";
    return r;
  }
  i += sep;
  const size_t high_start = i;
  // A bare high end takes the low end's currency, when it names one.
  AmountParse high = ParseAmountWithBareDigits(
      s.substr(i), bare_digits, true,
      low.value.currency.empty() ? bare_currency : std::string_view(low.value.currency));
  if (!high.ok) {
    r.error = high.error + " (after the range separator)";
    return r;
  }
  i += high.consumed;
  if (EndsWithBarePoint(s, i)) {
    r.error = std::string(kPointWithoutDigitAfter) + " (after the range separator)";
    return r;
  }
  SkipSpaces(s, i);
  if (i != s.size()) {
    r.error = "unexpected '" + std::string(s.substr(i, 12)) + "' after the range";
    return r;
  }
  // "$180-220K" would read as 180 to 220,000: refuse rather than guess.
  if ((low.magnitude == 0) != (high.magnitude == 0)) {
    const Money& bare = low.magnitude == 0 ? low.value : high.value;
    // Below 1,000 in major units.
    const int64_t per = bare.currency.empty() ? Pow10(bare_digits) : MinorPerMajor(bare.currency);
    if (bare.minor < 1000 * per) {
      const int suffix = low.magnitude == 0 ? high.magnitude : low.magnitude;
      r.error = suffix == 5 || suffix == 7
                    ? "only one end has an L/Cr suffix; write it on both ends (e.g. ₹45L–₹60L)"
                    : "only one end has a K/M suffix; write it on both ends (e.g. $180K–$220K)";
      return r;
    }
  }
  Money& lo = low.value;
  Money& hi = high.value;
  if (lo.currency.empty() != hi.currency.empty() ||
      (lo.currency.empty() && !bare_currency.empty())) {
    // The currency named on one end applies to both; rescale each bare end.
    const std::string code(lo.currency.empty() ? hi.currency.empty() ? bare_currency : hi.currency
                                               : lo.currency);
    for (Money* bare : {&lo, &hi}) {
      if (!bare->currency.empty()) continue;
      std::optional<Money> m = Rescaled(bare->minor, bare_digits, code);
      if (!m) {
        r.error = too_fine(
            bare == &lo ? s.substr(0, low.consumed) : s.substr(high_start, high.consumed), code);
        return r;
      }
      *bare = std::move(*m);
    }
  } else if (lo.currency != hi.currency) {
    r.error =
        "the two ends are in different currencies (" + lo.currency + " and " + hi.currency + ")";
    return r;
  }
  r.ok = true;
  r.value.low = std::move(lo);
  r.value.high = std::move(hi);
  return r;
}

}  // namespace

RangeParse ParseMoneyRange(std::string_view text, std::string_view bare_currency) {
  const std::string_view s = Trim(text);
  // Ends without a currency are read as if in hundredths (docs/guide-format.md
  // 6.1). A range that does not read so is read again to the thousandth, and
  // taken only when every end then has a currency that holds its digits
  // ("KWD1,250.125–1,500.250").
  RangeParse r = ParseRangeWithBareDigits(s, 2, {});
  if (r.ok) return r;
  RangeParse fine = ParseRangeWithBareDigits(s, kMaxMinorDigits, bare_currency);
  if (fine.ok) return !fine.value.low.currency.empty() ? fine : r;
  // With the row's currency known, its own digits are what to name.
  return bare_currency.empty() ? r : fine;
}

std::string PercentNumberProblem(std::string_view number) {
  const size_t point = number.find('.');
  if (number.starts_with("-")) return "a percentage cannot be negative";
  if (number.ends_with("%")) return "'%%' is a doubled '%'; write one";
  if (number.empty() || number.find_first_not_of("0123456789.,") != std::string_view::npos) {
    return "expected a percentage such as 10% or 5–15%";
  }
  if (point == 0) return std::string(kPointWithoutDigitBefore);
  if (point + 1 == number.size()) return std::string(kPointWithoutDigitAfter);
  if (point != std::string_view::npos && number.size() - point - 1 > 2) {
    return "'" + std::string(number) + "' has " + std::to_string(number.size() - point - 1) +
           " decimal places; a percentage has at most two";
  }
  const std::optional<int64_t> v = ParseScaledDecimal(number, 2);
  if (!v) return "'" + std::string(number) + "' is not a number such as 10 or 7.5";
  if (*v > kMaxPercentBasisPoints) {
    return "'" + std::string(number) + "%' is above 1000%, the most a percentage may be";
  }
  return {};
}

PercentRangeParse ParsePercentRange(std::string_view text) {
  PercentRangeParse r;
  std::string_view s = Trim(text);
  if (IsNotStated(s)) {
    r.ok = true;
    return r;
  }
  // One percentage from s[i]: digits, then optional spaces and one '%'. On
  // failure `r.error` says which rule it breaks.
  auto read_percent = [&](size_t& i) -> std::optional<Percent> {
    size_t b = i;
    while (i < s.size() && (IsDigit(s[i]) || s[i] == '.')) ++i;
    const std::string_view number = s.substr(b, i - b);
    std::optional<int64_t> v = ParseScaledDecimal(number, 2);
    if (!v || *v > kMaxPercentBasisPoints) {
      r.error = PercentNumberProblem(number);
      return std::nullopt;
    }
    SkipSpaces(s, i);
    if (i < s.size() && s[i] == '%') ++i;
    return Percent{static_cast<int32_t>(*v)};
  };
  auto doubled_percent = [&](size_t i) {
    if (i == 0 || i >= s.size() || s[i] != '%' || s[i - 1] != '%') return false;
    r.error = "'%%' is a doubled '%'; write one";
    return true;
  };
  size_t i = 0;
  if (s[0] == '-' || s.starts_with("\xE2\x88\x92")) {
    r.error = "a bonus percentage cannot be negative";
    return r;
  }
  std::optional<Percent> low = read_percent(i);
  if (!low || doubled_percent(i)) return r;
  SkipSpaces(s, i);
  std::optional<Percent> high = low;
  if (i < s.size()) {
    size_t sep = MatchRangeSeparator(s, i);
    if (sep == 0) {
      r.error = "unexpected '" + std::string(s.substr(i, 12)) + "' in a percentage";
      return r;
    }
    i += sep;
    if (i == s.size()) {
      r.error = "expected a percentage after the range separator";
      return r;
    }
    high = read_percent(i);
    if (!high) {
      r.error += " (after the range separator)";
      return r;
    }
    if (doubled_percent(i)) return r;
    SkipSpaces(s, i);
    if (i != s.size()) {
      r.error = "unexpected '" + std::string(s.substr(i, 12)) + "' after the range";
      return r;
    }
  }
  if (s.find('%') == std::string_view::npos) {
    r.error = "expected a '%' sign in a bonus percentage";
    return r;
  }
  r.ok = true;
  r.value = {low, high};
  return r;
}

}  // namespace levers
