#include "guide/prose.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "guide/figure_owner.h"

namespace levers::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// ASCII-only character classes: cheaper than <cctype>'s locale-aware calls, and
// every word these scanners look for is ASCII.
bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlphaAscii(char c) { return (c >= 'a' && c <= 'z') || IsUpperAscii(c); }
bool IsAlnumAscii(char c) { return IsAlphaAscii(c) || IsDigit(c); }

// ASCII case-insensitive equality, without allocating.
bool EqualsLower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (IsUpperAscii(c)) c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '"')) s.remove_suffix(1);
  return s;
}

// Could an amount start at s[i]? A currency symbol or code directly before a digit.
bool AmountMayStart(std::string_view s, size_t i) {
  const unsigned char first = static_cast<unsigned char>(s[i]);
  if (first != '$' && first < 0x80 && !(first >= 'A' && first <= 'Z')) return false;
  if (i > 0 && (IsAlnumAscii(s[i - 1]))) return false;
  static constexpr std::array<std::string_view, 13> kStarts = {
      "US$", "HK$",          "NZ$",      "CA$",          "S$",       "C$", "A$",
      "$",   "\xE2\x82\xAC", "\xC2\xA3", "\xE2\x82\xB9", "\xC2\xA5", ""};
  for (std::string_view st : kStarts) {
    if (st.empty()) break;
    if (st[0] != s[i]) continue;  // cheap first-byte test before comparing the prefix
    if (s.substr(i, st.size()) == st) {
      size_t j = i + st.size();
      while (j < s.size() && s[j] == ' ') ++j;
      return j < s.size() && IsDigit(s[j]);
    }
  }
  // A three-letter upper-case code directly before a digit: "EUR187K".
  if (i + 3 < s.size() && IsUpperAscii(s[i]) && IsUpperAscii(s[i + 1]) && IsUpperAscii(s[i + 2]) &&
      IsDigit(s[i + 3])) {
    return FindCurrency(s.substr(i, 3)) != nullptr;
  }
  return false;
}

struct Mention {
  Money money;
  uint32_t begin, end;
  bool used = false;
};

// A lever or strategy names a handful of amounts; past this many the rest of a
// paragraph is not scanned, which bounds time and memory on hostile input.
constexpr size_t kMaxAmountsPerParagraph = 200;

// Whether an amount may start at s[i] as far as its first two bytes tell: '$',
// the first byte of a multi-byte symbol (\xE2\x82\xAC \xC2\xA3 \xE2\x82\xB9 \xC2\xA5), or an
// upper-case letter followed by another or by '$' ("US$", "S$", "EUR187K").
// Every start AmountMayStart accepts passes this test; prose is mostly other
// bytes, and most of its capitals start words such as "Teams".
bool AmountLead(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == '$' || c == '\xC2' || c == '\xE2') return true;
  if (!IsUpperAscii(c) || i + 1 >= s.size()) return false;
  return IsUpperAscii(s[i + 1]) || s[i + 1] == '$';
}

// The first position at or after `i` that passes AmountLead, or s.size().
// Sixteen bytes at a time where SSE2 is available (every x86-64 CPU).
size_t NextAmountLead(std::string_view s, size_t i) {
#if defined(__SSE2__)
  const char* p = s.data();
  const __m128i dollar = _mm_set1_epi8('$'), c2 = _mm_set1_epi8('\xC2'), e2 = _mm_set1_epi8('\xE2'),
                before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
  // Signed byte compares: bytes of 0x80 and above are negative, never upper-case.
  auto upper = [&](__m128i x) {
    return _mm_and_si128(_mm_cmpgt_epi8(x, before_a), _mm_cmplt_epi8(x, after_z));
  };
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    const __m128i pair =
        _mm_and_si128(upper(x), _mm_or_si128(upper(next), _mm_cmpeq_epi8(next, dollar)));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dollar), pair),
                                     _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, e2)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < s.size() && !AmountLead(s, i)) ++i;
  return i;
}

std::vector<Mention> FindAmounts(std::string_view s) {
  std::vector<Mention> out;
  for (size_t i = 0; out.size() < kMaxAmountsPerParagraph;) {
    i = NextAmountLead(s, i);
    if (i >= s.size()) break;
    if (AmountMayStart(s, i)) {
      AmountParse a = ParseAmount(s.substr(i));
      if (a.ok && !a.value.currency.empty()) {
        out.push_back({a.value, static_cast<uint32_t>(i), static_cast<uint32_t>(i + a.consumed)});
        i += a.consumed;
        continue;
      }
    }
    ++i;
  }
  return out;
}

// A lower-cased copy of at most 40 bytes of prose, kept inline (these windows
// are taken around every amount, and a heap string each time cost more than the test).
class LowerWindow {
 public:
  explicit LowerWindow(std::string_view part) : size_(std::min(part.size(), sizeof data_)) {
    for (size_t i = 0; i < size_; ++i) {
      const char c = part[i];
      data_[i] = IsUpperAscii(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  std::string_view view() const { return {data_, size_}; }

 private:
  char data_[40];
  size_t size_;
};

// Lower-cased text after position `end`, up to `n` (at most 40) bytes.
LowerWindow After(std::string_view s, uint32_t end, size_t n = 40) {
  return LowerWindow(s.substr(end, n));
}

LowerWindow Before(std::string_view s, uint32_t begin, size_t n = 40) {
  size_t b = begin > n ? begin - n : 0;
  return LowerWindow(s.substr(b, begin - b));
}

bool StartsWithWord(std::string_view t, std::string_view w) {
  return t.starts_with(w) && (t.size() == w.size() || !IsAlphaAscii(t[w.size()]));
}

// The text after a per-year mark ("/year", "/yr", "/ year", "per year", "a
// year") that opens `t`, spaces skipped; nullopt when `t` opens with none.
std::optional<std::string_view> AfterPerYear(std::string_view t) {
  for (std::string_view mark : {"/year", "/yr", "/ year", "per year", "a year"}) {
    if (!t.starts_with(mark)) continue;
    t.remove_prefix(mark.size());
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    return t;
  }
  return std::nullopt;
}

// "equity/4yr", "equity over 4 years", "RSU/4yr": the years, if stated.
std::optional<int> YearsAfter(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && !IsDigit(t[i]) && i < 16) ++i;
  if (i >= t.size() || i >= 16) return std::nullopt;
  int v = 0;
  size_t j = i;
  // Digits past the fourth cannot make 1 to 10 years; stop counting there so
  // that "equity/18999999999yr" does not overflow.
  for (; j < t.size() && IsDigit(t[j]); ++j) {
    if (v < 1000) v = v * 10 + (t[j] - '0');
  }
  std::string_view rest = t.substr(j);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.starts_with("yr") || rest.starts_with("year") || rest.starts_with("-year")) {
    if (v >= 1 && v <= 10) return v;
  }
  return std::nullopt;
}

// Words that name a role or level rather than a company.
bool IsRoleWord(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kWords = {
      "Engineer",      "Engineering", "Manager",        "Software",  "Staff",       "Senior",
      "Principal",     "Program",     "Product",        "Technical", "Data",        "Scientist",
      "Research",      "Researcher",  "Security",       "Site",      "Reliability", "Director",
      "Lead",          "Architect",   "Designer",       "Analyst",   "Developer",   "Member",
      "Distinguished", "Fellow",      "Head",           "Junior",    "Associate",   "Applied",
      "Machine",       "Learning",    "Infrastructure", "Platform",  "Backend",     "Frontend",
      "Mobile",        "Quant",       "Trader",         "Consultant"};
  return std::any_of(kWords.begin(), kWords.end(), [w](std::string_view k) {
    return k.size() == w.size() && k[0] == w[0] && k == w;
  });
}

bool IsAcronym(std::string_view w) {
  // EM, SWE, TPM, ML/AI, SRE, PM: all capitals (and '/') of length 2..6.
  if (w.size() < 2 || w.size() > 6) return false;
  return std::all_of(w.begin(), w.end(), [](char c) { return IsUpperAscii(c) || c == '/'; });
}

bool IsRoman(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kRoman = {"I", "II", "III", "IV", "V", "VI"};
  return std::find(kRoman.begin(), kRoman.end(), w) != kRoman.end();
}

// A level token: letters then digits ("L5", "E4", "IC4", "M1"), a bare number
// ("62"), with an optional range "L5-L6", "IC4-5", "L5–L6", "L5/L6". The ends
// are stored in `low` and `high` when they are given (callers that only ask
// whether a word is a level pass null).
bool ParseLevelToken(std::string_view w, std::string* low, std::string* high) {
  size_t i = 0;
  while (i < w.size() && IsAlphaAscii(w[i])) ++i;
  const std::string_view prefix = w.substr(0, i);
  if (prefix.size() > 3) return false;
  size_t j = i;
  while (j < w.size() && IsDigit(w[j])) ++j;
  if (j == i) return false;
  if (j == w.size()) {
    if (low) low->assign(w.substr(0, j));
    if (high) high->assign(w.substr(0, j));
    return true;
  }
  std::string_view rest = w.substr(j);
  if (rest.starts_with("-") || rest.starts_with("/"))
    rest.remove_prefix(1);
  else if (rest.starts_with("\xE2\x80\x93"))
    rest.remove_prefix(3);
  else
    return false;
  if (rest.starts_with(prefix) && rest.size() > prefix.size()) rest.remove_prefix(prefix.size());
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), IsDigit)) return false;
  if (low) low->assign(w.substr(0, j));
  if (high) {
    high->assign(prefix);
    high->append(rest);
  }
  return true;
}

// A word that starts like a level: at most three ASCII letters, then a digit
// ("L5", "62", "E5+", "IC4-E5"). Such a word never joins a company name.
bool LooksLikeLevel(std::string_view w) {
  size_t i = 0;
  while (i < w.size() && i < 4 && IsAlphaAscii(w[i])) ++i;
  return i <= 3 && i < w.size() && IsDigit(w[i]);
}

// A range separator written as a word of its own: "-", "–", "/" or "to".
bool IsRangeSeparator(std::string_view w) {
  return w == "-" || w == "\xE2\x80\x93" || w == "/" || EqualsLower(w, "to");
}

// Whether `w` ends or starts with a range separator character.
bool EndsWithSeparator(std::string_view w) {
  return w.ends_with("-") || w.ends_with("/") || w.ends_with("\xE2\x80\x93");
}
bool StartsWithSeparator(std::string_view w) {
  return w.starts_with("-") || w.starts_with("/") || w.starts_with("\xE2\x80\x93");
}

// The number of a level ("L12" -> "12") without leading zeros.
std::string_view LevelNumber(std::string_view level) {
  size_t i = 0;
  while (i < level.size() && !IsDigit(level[i])) ++i;
  while (i + 1 < level.size() && level[i] == '0') ++i;
  return level.substr(i);
}

// Whether the range low..high runs backwards ("L3".."L2"): compares the
// numbers as digit strings, so any length is safe.
bool RunsBackwards(std::string_view low, std::string_view high) {
  const std::string_view a = LevelNumber(low), b = LevelNumber(high);
  return a.size() != b.size() ? a.size() > b.size() : a > b;
}

// The next run of non-space bytes of `s` at or after `i`, moving `i` past it;
// false when none is left.
bool NextWord(std::string_view s, size_t& i, std::string_view& word) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  const size_t b = i;
  while (i < s.size() && !IsSpace(s[i])) ++i;
  word = s.substr(b, i - b);
  return i > b;
}

// Reads the level that starts with the word `first` of `rest`, joining a range
// written over several words ("L5 - L6", "E4 to E5", "L5- L6", "L5 -L6"); `i`
// is just past `first` and is moved past what was read. Sets the level range
// of `e`, or its problem when the level cannot be read.
void ReadLevel(std::string_view rest, size_t& i, std::string_view first, LevelEquivalent& e) {
  std::string token(first);
  size_t j = i;
  std::string_view next, end;
  if (EndsWithSeparator(first)) {
    if (NextWord(rest, j, next) && LooksLikeLevel(next)) {
      token += next;
      i = j;
    }
  } else if (NextWord(rest, j, next)) {
    if (IsRangeSeparator(next)) {
      if (NextWord(rest, j, end) && LooksLikeLevel(end)) {
        token += '-';
        token += end;
        i = j;
      }
    } else if (StartsWithSeparator(next) &&
               LooksLikeLevel(next.substr(next[0] == '\xE2' ? 3 : 1))) {
      token += next;
      i = j;
    }
  }
  std::string low, high;
  if (!ParseLevelToken(token, &low, &high)) {
    if (token.ends_with("+") &&
        ParseLevelToken(std::string_view(token).substr(0, token.size() - 1), nullptr, nullptr)) {
      // "E5+" suggests "E5-E6"; an open range ("L0-L6+") its closed part.
      const std::string low_end = token.substr(0, token.size() - 1);
      std::string example = low_end, lo, hi;
      ParseLevelToken(low_end, &lo, &hi);  // letters, then digits (checked above)
      size_t letters = 0;
      while (letters < lo.size() && IsAlphaAscii(lo[letters])) ++letters;
      const std::string digits = lo.substr(letters);
      if (lo == hi && !digits.empty() && digits.size() <= 6) {  // fits an int
        // The next level keeps the digits' width: "E05+" suggests "E05-E06".
        std::string following = std::to_string(std::stoi(digits) + 1);
        if (following.size() < digits.size())
          following.insert(0, digits.size() - following.size(), '0');
        example += '-' + lo.substr(0, letters) + following;
      }
      e.problem = "the level '" + token +
                  "' is open-ended: write one level or a range with both ends, such as " + example;
    } else {
      e.problem = "'" + token +
                  "' is not a level or a level range: expected a level such as L5 or a range whose "
                  "ends share their letters, such as L5-L6, L5 - L6, L5 to L6, L5/L6 or IC4-5";
    }
    return;
  }
  e.level_low = std::move(low);
  e.level_high = std::move(high);
  if (RunsBackwards(e.level_low, e.level_high)) {
    e.problem = "the level range " + e.level_low + "-" + e.level_high +
                " runs backwards: write the lower level first";
  }
}

// Appends `word` to a space-separated phrase.
void AppendWord(std::string& phrase, std::string_view word) {
  if (!phrase.empty()) phrase += ' ';
  phrase += word;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(16);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& w, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (!out.empty()) out += ' ';
    out += w[i];
  }
  return out;
}

// Where the clause ending at `end` begins: after the nearest sentence or clause
// boundary, or at `lower_bound` (the previous amount). With `after_paren`, a ')'
// is a boundary too.
size_t ClauseBegin(std::string_view s, size_t lower_bound, size_t end, bool after_paren) {
  size_t b = end;
  while (b > lower_bound) {
    const char c = s[b - 1];
    if (c == '.' || c == ';' || c == ':' || c == '"' || c == '(' || c == ',') break;
    if (after_paren && c == ')') break;
    --b;
  }
  return b;
}

// The words naming a competing pair's company and level. Usually the clause just
// before the pair; when the pair opens a parenthesis or follows a colon with
// nothing between ("from Google ($268K / $430K RSU)", "an offer from Stripe:
// $250K / $300K"), the clause before that mark.
std::vector<std::string_view> OfferClause(std::string_view s, size_t lower_bound,
                                          size_t pair_begin) {
  size_t b = ClauseBegin(s, lower_bound, pair_begin, false);
  std::string_view clause = s.substr(b, pair_begin - b);
  if (TrimView(clause).empty() && b > lower_bound && (s[b - 1] == '(' || s[b - 1] == ':')) {
    const size_t end = b - 1;
    b = ClauseBegin(s, lower_bound, end, true);
    clause = s.substr(b, end - b);
  }
  return Words(clause);
}

// "Google's" or "Google’s" without its possessive ending; other words unchanged.
std::string_view WithoutPossessive(std::string_view word) {
  for (std::string_view ending : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
    if (word.size() > ending.size() && word.ends_with(ending))
      return word.substr(0, word.size() - ending.size());
  }
  return word;
}

// A role phrase ("Google L6 EM", "Zalando") split like a level mapping role:
// company, then the level range and title.
std::pair<std::string, std::string> CompanyAndLevel(std::string_view phrase) {
  LevelEquivalent role = SplitRole(phrase, "");
  std::string level = role.title;
  if (!role.level_low.empty()) {
    const std::string lv =
        role.level_low == role.level_high ? role.level_low : role.level_low + "-" + role.level_high;
    level = role.title.empty() ? lv : lv + " " + role.title;
  }
  return {role.company, level};
}

// The role phrase just before a competing pair, in the phrasings guides use:
// "holding a Google L6 EM offer at", "Google is offering L6 at", "Meta is at E6
// with", "Google has me at L4 for", "GitHub has offered me a TPM role at",
// "and Meta at E6 for", "and Databricks an EM role at", "an offer from
// Anthropic at", "Google's offer of", "Meta made me an offer at". Returns
// company, level.
std::pair<std::string, std::string> OfferPhrase(std::string_view s, uint32_t lower_bound,
                                                uint32_t pair_begin) {
  std::vector<std::string_view> w = OfferClause(s, lower_bound, pair_begin);
  auto lower_is = [&](size_t i, std::string_view x) {
    return i < w.size() && EqualsLower(w[i], x);
  };
  // Trailing connectors: "... offer at", "... role for", "... with". A possessive
  // before the offer names the company: "Google's offer of".
  static constexpr std::array<std::string_view, 9> kTail = {
      "at", "for", "with", "of", "offer", "offers", "role", "position", "package"};
  while (!w.empty() && std::any_of(kTail.begin(), kTail.end(),
                                   [&](std::string_view t) { return EqualsLower(w.back(), t); })) {
    const bool offer = EqualsLower(w.back(), "offer") || EqualsLower(w.back(), "offers") ||
                       EqualsLower(w.back(), "package");
    w.pop_back();
    if (offer && !w.empty()) w.back() = WithoutPossessive(w.back());
  }
  auto is_article = [&](size_t i) {
    return lower_is(i, "a") || lower_is(i, "an") || lower_is(i, "the");
  };
  // "Anthropic is at", "Anthropic has offered": a verb with no level after it.
  if (w.size() >= 2 && (lower_is(w.size() - 1, "is") || lower_is(w.size() - 1, "has") ||
                        lower_is(w.size() - 1, "offered"))) {
    size_t verb = w.size() - 1;
    if (lower_is(verb, "offered") && verb > 0 && lower_is(verb - 1, "has")) --verb;
    size_t cb = verb;
    while (cb > 0 && IsUpperAscii(w[cb - 1][0])) --cb;
    if (cb < verb) return {Join(w, cb, verb), ""};
  }
  auto company_before = [&](size_t end) {
    size_t cb = end;
    while (cb > 0 && IsUpperAscii(w[cb - 1][0]) && !EqualsLower(w[cb - 1], "i'm")) --cb;
    return Join(w, cb, end);
  };
  auto level_from = [&](size_t from) {
    while (from < w.size() && (is_article(from) || lower_is(from, "me") || lower_is(from, "us")))
      ++from;
    return Join(w, from, w.size());
  };
  // A verb between company and level.
  for (size_t i = 1; i < w.size(); ++i) {
    size_t verb_end = 0;
    if ((lower_is(i, "is") || lower_is(i, "has")) &&
        (lower_is(i + 1, "offering") || lower_is(i + 1, "at") || lower_is(i + 1, "offered"))) {
      verb_end = i + 2;
    } else if (lower_is(i, "has") && lower_is(i + 1, "me") && lower_is(i + 2, "at")) {
      verb_end = i + 3;
    } else if (lower_is(i, "offered") || lower_is(i, "offers")) {
      verb_end = i + 1;
    } else if (lower_is(i, "made") && (lower_is(i + 1, "me") || lower_is(i + 1, "us"))) {
      verb_end = i + 1;  // "Meta made me an offer at": "me" and "an" are skipped below
    }
    if (verb_end == 0) continue;
    const std::string company = company_before(i);
    if (company.empty()) continue;
    if (lower_is(verb_end, "me") && lower_is(verb_end + 1, "at")) verb_end += 2;
    return {company, level_from(verb_end)};
  }
  // The verb left out: "and Meta at E6", "and Databricks an EM".
  for (size_t i = 1; i < w.size(); ++i) {
    if ((lower_is(i, "at") || is_article(i)) && IsUpperAscii(w[i - 1][0])) {
      const std::string company = company_before(i);
      if (!company.empty() && i + 1 < w.size()) return {company, level_from(i + 1)};
    }
  }
  // "an offer from Anthropic", "offers from Google", "from a Google L5": the words
  // after the last "from" (and an article) name the company when they start with
  // a capital; "from them" names none.
  for (size_t i = w.size(); i-- > 0;) {
    if (!lower_is(i, "from")) continue;
    size_t from = i + 1;
    if (is_article(from)) ++from;
    if (from < w.size() && IsUpperAscii(w[from][0]))
      return CompanyAndLevel(Join(w, from, w.size()));
    return {"", ""};
  }
  // "... a|an|and <Company Level>": the words after the last article or connector.
  size_t start = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (is_article(i) || lower_is(i, "and") || lower_is(i, "holding") || lower_is(i, "have"))
      start = i + 1;
  }
  return CompanyAndLevel(Join(w, start, w.size()));
}

}  // namespace

LevelEquivalent SplitRole(std::string_view text, std::string_view own_company) {
  LevelEquivalent e;
  text = TrimView(text);
  e.text = std::string(text);
  std::string_view rest = text;
  if (!own_company.empty() && text.starts_with(own_company) &&
      (text.size() == own_company.size() || text[own_company.size()] == ' ')) {
    e.company = std::string(own_company);
    rest = text.substr(own_company.size());
  } else {
    // The company: the first word and the capitalised words after it that name
    // neither a role nor a level. Words are read in place, without a list.
    rest = {};
    size_t i = 0;
    std::string_view x;
    for (bool first = true; NextWord(text, i, x); first = false) {
      const bool company_like = first || (IsUpperAscii(x[0]) && !IsAcronym(x) && !IsRoleWord(x) &&
                                          !LooksLikeLevel(x) && !IsRoman(x));
      if (!company_like) {
        rest = text.substr(static_cast<size_t>(x.data() - text.data()));
        break;
      }
      AppendWord(e.company, x);
    }
  }
  size_t i = 0;
  std::string_view x;
  bool level_seen = false;
  while (NextWord(rest, i, x)) {
    if (LooksLikeLevel(x)) {
      if (!level_seen) {
        ReadLevel(rest, i, x, e);
      } else if (e.problem.empty()) {
        e.problem = "a second level '" + std::string(x) + "' follows " + e.level_low +
                    ": write one level or a range such as L5-L6";
        e.level_low.clear();
        e.level_high.clear();
      }
      level_seen = true;
      continue;
    }
    if (!level_seen && IsRoman(x) && !e.title.empty()) {
      level_seen = true;
      e.level_low = e.level_high = std::string(x);
    } else {
      AppendWord(e.title, x);
    }
  }
  return e;
}

std::vector<LevelEquivalent> ParseLevelMapping(std::string_view raw, std::string_view own_company,
                                               const SpanMapper& map) {
  std::vector<LevelEquivalent> out;
  constexpr size_t kMaxEquivalents = 200;  // a mapping names half a dozen roles
  size_t b = 0;
  while (b <= raw.size() && out.size() < kMaxEquivalents) {
    size_t e = raw.find('=', b);
    if (e == std::string_view::npos) e = raw.size();
    std::string_view part = raw.substr(b, e - b);
    size_t lead = 0;
    while (lead < part.size() && IsSpace(part[lead])) ++lead;
    std::string_view trimmed = TrimView(part);
    if (!trimmed.empty()) {
      LevelEquivalent eq = SplitRole(trimmed, out.empty() ? own_company : std::string_view());
      const uint32_t tb = static_cast<uint32_t>(b + lead);
      eq.range = map(tb, tb + static_cast<uint32_t>(trimmed.size()));
      out.push_back(std::move(eq));
    }
    b = e + 1;
  }
  return out;
}

DnaSummary ParseDnaSummary(std::string_view text, SourceRange range) {
  DnaSummary d;
  text = TrimView(text);
  d.text.Set(std::string(text), range);
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = text.find('|', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view part = TrimView(text.substr(b, e - b));
    if (!part.empty()) d.parts.emplace_back(part);
    b = e + 1;
  }
  if (!d.parts.empty()) d.pay_mix = d.parts[0];
  if (d.parts.size() > 1) d.market_position = d.parts[1];
  for (const std::string& p : d.parts) {
    size_t f = p.find("Focus:");
    if (f == std::string::npos) continue;
    d.focus = std::string(TrimView(std::string_view(p).substr(f + 6)));
    std::string_view year = TrimView(std::string_view(p).substr(0, f));
    if (year.size() == 4 && std::all_of(year.begin(), year.end(), IsDigit)) {
      d.focus_year = std::stoi(std::string(year));
    }
  }
  return d;
}

ProseFacts ScanProse(std::string_view s, const SpanMapper& map) {
  ProseFacts f;
  std::vector<Mention> m = FindAmounts(s);
  // Competing pairs first: "$268K / $430K RSU".
  for (size_t i = 0; i + 1 < m.size(); ++i) {
    std::string_view between = s.substr(m[i].end, m[i + 1].begin - m[i].end);
    if (TrimView(between) != "/") continue;
    CompetingOffer o;
    o.range = map(m[i].begin, m[i + 1].end);
    auto [company, level] = OfferPhrase(s, i > 0 ? m[i - 1].end : 0, m[i].begin);
    o.company = company;
    o.level = level;
    o.base.Set(m[i].money, map(m[i].begin, m[i].end));
    o.equity.Set(m[i + 1].money, map(m[i + 1].begin, m[i + 1].end));
    f.competing_offers.push_back(std::move(o));
    m[i].used = m[i + 1].used = true;
    ++i;
  }
  // Whose each figure is (8.3): the candidate's fill the asks; one that no word
  // attributes counts as the candidate's only when no figure of the paragraph
  // is someone else's.
  std::vector<AmountSpan> spans;
  spans.reserve(m.size());
  for (const Mention& x : m) spans.push_back({x.begin, x.end, x.used});
  const std::vector<FigureOwner> owners = FigureOwners(s, spans);
  const bool others_named =
      std::find(owners.begin(), owners.end(), FigureOwner::kOther) != owners.end();
  for (size_t k = 0; k < m.size(); ++k) {
    const Mention& x = m[k];
    if (x.used) continue;
    const bool candidates = owners[k] == FigureOwner::kCandidate ||
                            (owners[k] == FigureOwner::kUnstated && !others_named);
    const LowerWindow after = After(s, x.end);
    std::string_view a = after.view();
    while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
    const LowerWindow before_window = Before(s, x.begin);
    const std::string_view before = before_window.view();
    const SourceRange r = map(x.begin, x.end);
    auto set_once = [&](Field<Money>& field) {
      if (!field.has()) field.Set(x.money, r);
    };
    if (before.ends_with("floor is ") || before.ends_with("floor of ") ||
        before.ends_with("floor: ") || before.ends_with("floor is at ")) {
      if (!f.floor.has()) f.floor.Set(x.money, r);
    } else if (!candidates) {
      continue;
    } else if (std::optional<std::string_view> per_year = AfterPerYear(a)) {
      // "EUR95K a year in base" is base pay, not a refresh grant.
      std::string_view rest = *per_year;
      if (rest.starts_with("in ")) rest.remove_prefix(3);
      set_once(StartsWithWord(rest, "base") ? f.asks.base : f.asks.refresh_per_year);
    } else if (StartsWithWord(a, "base")) {
      set_once(f.asks.base);
    } else if (StartsWithWord(a, "equity") || StartsWithWord(a, "rsu") ||
               StartsWithWord(a, "rsus") || a.starts_with("in equity") ||
               StartsWithWord(a, "stock")) {
      if (!f.asks.equity.has()) {
        f.asks.equity.Set(x.money, r);
        std::optional<int> years = YearsAfter(a.substr(0, 24));
        if (years) f.asks.equity_years.Set(*years, r);
      }
    } else if (a.starts_with("signing") || a.starts_with("sign-on") || a.starts_with("sign on")) {
      set_once(f.asks.signing_bonus);
    } else if (a.starts_with("guaranteed")) {
      set_once(f.asks.guaranteed_bonus);
    }
  }
  // "30% year-one vesting".
  for (size_t i = s.find('%'); i != std::string_view::npos; i = s.find('%', i + 1)) {
    size_t b = i;
    while (b > 0 && (IsDigit(s[b - 1]) || s[b - 1] == '.')) --b;
    if (b == i) continue;
    const LowerWindow a = After(s, static_cast<uint32_t>(i + 1), 40);
    std::string_view av = a.view();
    while (!av.empty() && av.front() == ' ') av.remove_prefix(1);
    // "30% of the grant to vest in year one": what the share is of, then how it vests.
    for (std::string_view of :
         {"of the grant ", "of my grant ", "of the equity ", "of the stock "}) {
      if (av.starts_with(of)) {
        av.remove_prefix(of.size());
        break;
      }
    }
    if (av.starts_with("to ")) av.remove_prefix(3);
    if (av.starts_with("year-one vesting") || av.starts_with("year one vesting") ||
        av.starts_with("first-year vesting") || av.starts_with("vesting in year one") ||
        av.starts_with("vest in year one") || av.starts_with("vests in year one") ||
        av.starts_with("vested in year one")) {
      std::optional<int64_t> v = ParseScaledDecimal(s.substr(b, i - b), 2);
      if (v && *v <= 10000 && !f.asks.year_one_vesting_pct.has()) {
        f.asks.year_one_vesting_pct.Set(
            Percent{static_cast<int32_t>(*v)},
            map(static_cast<uint32_t>(b), static_cast<uint32_t>(i + 1)));
      }
    }
  }
  return f;
}

}  // namespace levers::internal
