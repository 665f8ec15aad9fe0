#include "guide/figure_owner.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace levers::internal {
namespace {

constexpr size_t kMaxMarkerWords = 4;

// A phrase of one to four lower-case words that says whose a figure is.
struct Marker {
  std::array<std::string_view, kMaxMarkerWords> words;
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
    {{"offer", "is", "worth"}, kTheirs},
    {{"offer", "was", "worth"}, kTheirs},
    {{"package", "is", "worth"}, kTheirs},
    {{"package", "was", "worth"}, kTheirs},
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

// A word of the text: a run of ASCII letters, digits and apostrophes, a
// typographic apostrophe (’) read as '. Held as its bytes in the text, so that
// reading a paragraph allocates nothing per word.
struct Word {
  uint32_t begin, end;
};

bool TypographicApostrophe(std::string_view s, size_t i) {
  return s.size() - i >= 3 && s[i] == '\xE2' && s[i + 1] == '\x80' && s[i + 2] == '\x99';
}

bool EndsWithTypographicApostrophe(std::string_view s, size_t begin, size_t p) {
  return p >= begin + 3 && TypographicApostrophe(s, p - 3);
}

// The words of s[begin, end) read from the end back, one at a time, so that a
// marker just before a figure is found without reading the whole sentence.
class WordsBack {
 public:
  WordsBack(std::string_view s, size_t begin, size_t end) : s_(s), begin_(begin), pos_(end) {}

  // The next word back into `w`; false at `begin`.
  bool Next(Word& w) {
    while (pos_ > begin_ && !IsWordByte(s_[pos_ - 1]) &&
           !EndsWithTypographicApostrophe(s_, begin_, pos_)) {
      --pos_;
    }
    if (pos_ == begin_) return false;
    const size_t e = pos_;
    while (pos_ > begin_) {
      if (IsWordByte(s_[pos_ - 1])) {
        --pos_;
      } else if (EndsWithTypographicApostrophe(s_, begin_, pos_)) {
        pos_ -= 3;
      } else {
        break;
      }
    }
    w = {static_cast<uint32_t>(pos_), static_cast<uint32_t>(e)};
    return true;
  }

 private:
  std::string_view s_;
  size_t begin_, pos_;
};

// Does the word read, lower-cased, as `lower`?
bool WordIs(std::string_view s, Word w, std::string_view lower) {
  size_t j = 0;
  for (size_t i = w.begin; i < w.end; ++j) {
    if (j == lower.size()) return false;
    char c;
    if (TypographicApostrophe(s, i) && i + 3 <= w.end) {
      c = '\'';
      i += 3;
    } else {
      c = IsUpper(s[i]) ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
      ++i;
    }
    if (c != lower[j]) return false;
  }
  return j == lower.size();
}

// The markers of a set by the first letter of their last word, so that a word
// is compared only with the few markers that can end at it.
class MarkerIndex {
 public:
  explicit MarkerIndex(std::span<const Marker> set) {
    for (const Marker& m : set) {
      const size_t n = m.size();
      by_last_[static_cast<unsigned char>(m.words[n - 1][0])].push_back({&m, n});
    }
  }
  struct Entry {
    const Marker* marker;
    size_t size;
  };
  const std::vector<Entry>& EndingIn(char first) const {
    return by_last_[static_cast<unsigned char>(first)];
  }

 private:
  std::array<std::vector<Entry>, 256> by_last_;
};

// The marker that ends last in s[begin, end) (the longer one when two end at
// the same word), or null. Reads the words back from `end`, so a marker near
// the figure is found after a few comparisons; `back` is scratch space, the
// words read so far, last first.
const Marker* LastMarker(std::string_view s, size_t begin, size_t end, const MarkerIndex& index,
                         std::vector<Word>& back) {
  back.clear();
  WordsBack reader(s, begin, end);
  bool more = true;
  auto fill = [&](size_t count) {
    Word w;
    while (more && back.size() < count) {
      if (reader.Next(w)) {
        back.push_back(w);
      } else {
        more = false;
      }
    }
  };
  for (size_t i = 0;; ++i) {
    // The word i back; the words before it only when a marker that ends at it
    // needs them (most words end none).
    fill(i + 1);
    if (i >= back.size()) return nullptr;
    const char c = s[back[i].begin];
    const char first = IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    const Marker* best = nullptr;
    size_t best_size = 0;
    for (const MarkerIndex::Entry& e : index.EndingIn(first)) {
      const size_t n = e.size;
      if (n <= best_size) continue;
      fill(i + n);
      if (i + n > back.size()) continue;
      bool match = true;
      // Word k of the marker is the word i + n - 1 - k back.
      for (size_t k = 0; k < n && match; ++k)
        match = WordIs(s, back[i + n - 1 - k], e.marker->words[k]);
      if (match) {
        best = e.marker;
        best_size = n;
      }
    }
    if (best) return best;
  }
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
  static const MarkerIndex kLead(kLeadMarkers);
  static const MarkerIndex kTail(kTailMarkers);
  std::vector<Word> words;
  if (!spans.empty()) words.reserve(32);  // a lead's words up to its marker, rarely past 32
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
    if (const Marker* m = LastMarker(s, lead, a.begin, kLead, words)) {
      out[k] = m->owner;
      continue;
    }
    // The tail: to the next amount, the end of the sentence or a comma.
    const size_t limit = k + 1 < spans.size() ? spans[k + 1].begin : s.size();
    size_t tail = a.end;
    while (tail < limit && s[tail] != ',' && !EndsSentence(s, tail)) ++tail;
    if (const Marker* m = LastMarker(s, a.end, tail, kTail, words)) {
      out[k] = m->owner;
    } else if (joined) {
      out[k] = out[k - 1];
    }
  }
  return out;
}

}  // namespace levers::internal
