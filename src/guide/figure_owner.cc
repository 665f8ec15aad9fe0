#include "guide/figure_owner.h"

#include <array>
#include <span>
#include <string>

namespace levers::internal {
namespace {

// A phrase of one to four lower-case words that says whose a figure is.
struct Marker {
  std::array<std::string_view, 4> words;
  FigureOwner owner;
  size_t size() const {
    size_t n = 0;
    while (n < words.size() && !words[n].empty()) ++n;
    return n;
  }
};

constexpr FigureOwner kMine = FigureOwner::kCandidate;
constexpr FigureOwner kTheirs = FigureOwner::kOther;

// The phrases of guide-format.md 8.3, in the words the guides use.
constexpr Marker kLeadMarkers[] = {
    {{"need"}, kMine},
    {{"needs"}, kMine},
    {{"asking"}, kMine},
    {{"ask"}, kMine},
    {{"ask", "is", "at"}, kMine},
    {{"request"}, kMine},
    {{"requesting"}, kMine},
    {{"want"}, kMine},
    {{"would", "like"}, kMine},
    {{"i'd", "like"}, kMine},
    {{"looking", "for"}, kMine},
    {{"take"}, kMine},
    {{"takes"}, kMine},
    {{"sign", "at"}, kMine},
    {{"sign", "for"}, kMine},
    {{"accept"}, kMine},
    {{"worth"}, kMine},
    {{"command"}, kMine},
    {{"commands"}, kMine},
    {{"support"}, kMine},
    {{"supports"}, kMine},
    {{"justify"}, kMine},
    {{"justifies"}, kMine},
    {{"my", "number"}, kMine},
    {{"my", "terms"}, kMine},
    {{"my", "target"}, kMine},
    {{"expect"}, kMine},
    {{"require"}, kMine},
    {{"requires"}, kMine},
    {{"propose"}, kMine},
    {{"offered"}, kTheirs},
    {{"offering"}, kTheirs},
    {{"offers"}, kTheirs},
    {{"offer", "at"}, kTheirs},
    {{"offer", "of"}, kTheirs},
    {{"offer", "from"}, kTheirs},
    {{"offer", "is"}, kTheirs},
    {{"offer", "was"}, kTheirs},
    {{"turned", "down"}, kTheirs},
    {{"turn", "down"}, kTheirs},
    {{"turning", "down"}, kTheirs},
    {{"declined"}, kTheirs},
    {{"elsewhere"}, kTheirs},
    {{"competing"}, kTheirs},
    {{"competitor"}, kTheirs},
    {{"competitors"}, kTheirs},
    {{"rival"}, kTheirs},
    {{"rivals"}, kTheirs},
    {{"their"}, kTheirs},
    {{"they"}, kTheirs},
    {{"in", "front", "of", "me"}, kTheirs},
    {{"on", "the", "table"}, kTheirs},
    {{"is", "at"}, kTheirs},
    {{"are", "at"}, kTheirs},
    {{"has", "me", "at"}, kTheirs},
    {{"pays"}, kTheirs},
    {{"paying"}, kTheirs},
    {{"paid"}, kTheirs},
    {{"earn"}, kTheirs},
    {{"earns"}, kTheirs},
    {{"earning"}, kTheirs},
    {{"current"}, kTheirs},
    {{"currently"}, kTheirs},
    {{"put"}, kTheirs},
    {{"puts"}, kTheirs},
};

// Phrases that, after a figure, make it someone else's: "$245K base in front of me".
constexpr Marker kTailMarkers[] = {
    {{"in", "front", "of", "me"}, kTheirs},
    {{"on", "the", "table"}, kTheirs},
    {{"elsewhere"}, kTheirs},
};

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || IsUpper(c) || (c >= '0' && c <= '9') || c == '\'';
}

// The words of `s`, lower-cased: runs of ASCII letters, digits and
// apostrophes, a typographic apostrophe (’) read as '.
std::vector<std::string> LowerWords(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 3) == "\xE2\x80\x99") {
      word += '\'';
      i += 2;
    } else if (IsWordByte(s[i])) {
      word += IsUpper(s[i]) ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// The marker that ends last in `words` (the longer one when two end at the
// same word), or null.
const Marker* LastMarker(const std::vector<std::string>& words, std::span<const Marker> set) {
  const Marker* best = nullptr;
  size_t best_end = 0, best_size = 0;
  for (size_t start = 0; start < words.size(); ++start) {
    for (const Marker& m : set) {
      const size_t n = m.size();
      if (start + n > words.size()) continue;
      bool match = true;
      for (size_t k = 0; k < n && match; ++k) match = words[start + k] == m.words[k];
      if (!match) continue;
      const size_t end = start + n;
      if (!best || end > best_end || (end == best_end && n > best_size)) {
        best = &m;
        best_end = end;
        best_size = n;
      }
    }
  }
  return best;
}

// Does a sentence end at s[i]: '.', '!', '?' or ';' followed by a space, a
// quote, a closing parenthesis, a non-ASCII byte (a typographic quote) or the end?
bool EndsSentence(std::string_view s, size_t i) {
  const char c = s[i];
  if (c != '.' && c != '!' && c != '?' && c != ';') return false;
  if (i + 1 == s.size()) return true;
  const char n = s[i + 1];
  return n == ' ' || n == '\t' || n == '\n' || n == '"' || n == '\'' || n == ')' ||
         static_cast<unsigned char>(n) >= 0x80;
}

// A capitalised possessive just before `begin`: "OpenAI's $245K base".
bool AfterPossessive(std::string_view s, size_t begin) {
  size_t e = begin;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n')) --e;
  size_t b = e;
  while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\t' && s[b - 1] != '\n') --b;
  const std::string_view word = s.substr(b, e - b);
  if (word.empty() || !IsUpper(word[0])) return false;
  return word.ends_with("'s") || word.ends_with("\xE2\x80\x99s");
}

}  // namespace

std::vector<FigureOwner> FigureOwners(std::string_view s, const std::vector<AmountSpan>& spans) {
  std::vector<FigureOwner> out(spans.size(), FigureOwner::kUnstated);
  for (size_t k = 0; k < spans.size(); ++k) {
    const AmountSpan& a = spans[k];
    if (a.competing_pair) {
      out[k] = FigureOwner::kOther;
      continue;
    }
    // The lead: from the sentence's start, or the previous amount, to this one.
    const size_t floor = k > 0 ? spans[k - 1].end : 0;
    size_t lead = a.begin;
    while (lead > floor && !EndsSentence(s, lead - 1)) --lead;
    const bool joined = k > 0 && lead == floor;
    if (AfterPossessive(s, a.begin)) {
      out[k] = FigureOwner::kOther;
      continue;
    }
    if (const Marker* m = LastMarker(LowerWords(s.substr(lead, a.begin - lead)), kLeadMarkers)) {
      out[k] = m->owner;
      continue;
    }
    // The tail: to the next amount, the end of the sentence or a comma.
    const size_t limit = k + 1 < spans.size() ? spans[k + 1].begin : s.size();
    size_t tail = a.end;
    while (tail < limit && s[tail] != ',' && !EndsSentence(s, tail)) ++tail;
    if (const Marker* m = LastMarker(LowerWords(s.substr(a.end, tail - a.end)), kTailMarkers)) {
      out[k] = m->owner;
    } else if (joined) {
      out[k] = out[k - 1];
    }
  }
  return out;
}

}  // namespace levers::internal
