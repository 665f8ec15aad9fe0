#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/ascii.h"
#include "guide/prose.h"
#include "levers/edit_distance.h"
#include "levers/level_aliases.h"
#include "levers/levels.h"

namespace levers {
namespace {

// A query names a company, a level and a title: a few dozen bytes. Past this
// the query is refused, which also bounds the edit-distance work.
constexpr size_t kMaxQueryBytes = 256;
constexpr size_t kMaxSuggestions = 3;
constexpr size_t kMaxListedRoles = 24;
constexpr size_t kMaxClaimsInMessage = 6;  // LevelDisagreement::claims keeps them all

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The key companies are matched by: ASCII letters and digits lower-cased, other
// ASCII dropped ("Hugging-Face  Enterprise" == "hugging face enterprise");
// bytes of other scripts kept as they are.
std::string CompanyKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || IsDigit(c)) {
      out += c;
    } else if (IsAlpha(c)) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

// The key titles are matched by: lower-cased, runs of white space as one space.
std::string TitleKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// One end of a level range: "L5" is prefix "L", number 5. A level without a
// number ("II") is kept whole and matches only itself. Prefix and number are
// read from the spelling of the company's main ladder (Meta's "IC4" is "E4",
// docs/bands.md 2.4), so two spellings of one grade compare equal; `text`
// keeps the spelling the guide or the query wrote.
struct Level {
  std::string prefix;  // upper-cased, on the ladder
  long number = -1;    // -1: no number
  std::string text;    // as written: prefix upper-cased, digits as written
  std::string ladder;  // the ladder's spelling, upper-cased; `text` when it has no other
};

Level ParseLevel(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsAlpha(s[i])) ++i;
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  Level l;
  l.text = Upper(s);
  l.ladder = l.text;
  if (j > i && j == s.size() && j - i <= 9) {
    l.prefix = Upper(s.substr(0, i));
    l.number = std::stol(std::string(s.substr(i)));
  }
  return l;
}

// `written` read on `company_key`'s main ladder: its prefix and number those
// of the ladder's spelling, its text as written.
Level ParseLevelOnLadder(std::string_view company_key, std::string_view written) {
  const std::string spelling = CompanyLevelSpelling(company_key, internal::AsciiLowerCopy(written));
  if (spelling.empty()) return ParseLevel(written);
  Level l = ParseLevel(spelling);
  l.text = Upper(written);
  return l;
}

struct LevelRange {
  bool present = false;
  Level low, high;
  // Both ends numbered with one prefix.
  bool numeric() const {
    return present && low.number >= 0 && high.number >= 0 && low.prefix == high.prefix;
  }
  // Written another way than the ladder writes it.
  bool aliased() const { return low.ladder != low.text || high.ladder != high.text; }
};

LevelRange MakeRange(std::string_view company_key, std::string_view low, std::string_view high) {
  LevelRange r;
  if (low.empty()) return r;
  r.present = true;
  r.low = ParseLevelOnLadder(company_key, low);
  r.high = ParseLevelOnLadder(company_key, high.empty() ? low : high);
  return r;
}

// Do two ranges share a level? Only ranges with the same prefix compare.
bool Overlap(const LevelRange& a, const LevelRange& b) {
  if (!a.present || !b.present) return false;
  if (a.numeric() && b.numeric()) {
    return a.low.prefix == b.low.prefix && a.low.number <= b.high.number &&
           b.low.number <= a.high.number;
  }
  if (a.numeric() || b.numeric()) return false;
  return a.low.ladder == b.low.ladder && a.high.ladder == b.high.ladder;
}

// Comparable and sharing no level: what two claims must be to conflict.
bool Disjoint(const LevelRange& a, const LevelRange& b) {
  return a.numeric() && b.numeric() && a.low.prefix == b.low.prefix && !Overlap(a, b);
}

// "L5", "e4", "IC4-5", "L5-L6", "62": a word that is a level, not a company.
bool IsLevelWord(std::string_view w) {
  size_t i = 0;
  while (i < w.size() && IsAlpha(w[i])) ++i;
  if (i > 3) return false;
  size_t j = i;
  while (j < w.size() && IsDigit(w[j])) ++j;
  if (j == i) return false;
  std::string_view rest = w.substr(j);
  if (rest.empty()) return true;
  if (rest.starts_with("-")) {
    rest.remove_prefix(1);
  } else if (rest.starts_with("\xE2\x80\x93")) {
    rest.remove_prefix(3);
  } else {
    return false;
  }
  while (!rest.empty() && IsAlpha(rest.front())) rest.remove_prefix(1);
  return !rest.empty() && std::all_of(rest.begin(), rest.end(), IsDigit);
}

bool IsRomanLevel(std::string_view w) {
  static constexpr std::string_view kRoman[] = {"i", "ii", "iii", "iv", "v", "vi"};
  const std::string lower = internal::AsciiLowerCopy(w);
  return std::find(std::begin(kRoman), std::end(kRoman), lower) != std::end(kRoman);
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::string JoinWords(const std::vector<std::string_view>& w, size_t n) {
  std::string out;
  for (size_t i = 0; i < n && i < w.size(); ++i) {
    if (i > 0) out += ' ';
    out += w[i];
  }
  return out;
}

// Levenshtein distance over bytes, both sides cut to 64 bytes.

// What a role is matched by: the query, or (for the second hop) a node.
struct RoleKey {
  std::string company_key;
  std::string title_key;
  LevelRange levels;
};

// A role's key: `company_key`, its title and its level range on the company's
// ladder. A title and bare level that together name one of the company's
// grades ("Google SWE III", "Google Senior SWE": L4, L5) are that grade with no
// title, so they match what the grade's ladder spelling matches.
RoleKey MakeRoleKey(std::string company_key, const LevelEquivalent& e) {
  RoleKey k;
  k.company_key = std::move(company_key);
  k.title_key = TitleKey(e.title);
  k.levels = MakeRange(k.company_key, e.level_low, e.level_high);
  const bool bare_level =
      !k.levels.present || (k.levels.low.number < 0 && k.levels.low.text == k.levels.high.text);
  if (k.title_key.empty() || !bare_level) return k;
  const std::string grade =
      CompanyLevelSpelling(k.company_key, TitleKey(e.title + " " + e.level_low));
  if (grade.empty()) return k;
  Level l = ParseLevel(grade);
  l.text = Upper(e.level_low);
  k.levels = LevelRange{true, l, l};
  k.title_key.clear();
  return k;
}

// The match rule of the header: same company, overlapping levels when the
// probe names any, same title when the probe names one.
bool Matches(const RoleKey& probe, const RoleKey& role) {
  if (probe.company_key != role.company_key) return false;
  if (!probe.title_key.empty() && probe.title_key != role.title_key) return false;
  return !probe.levels.present || Overlap(probe.levels, role.levels);
}

// A query as read: the role to show and the key it is matched by.
struct ParsedQuery {
  LevelRole role;
  RoleKey key;
};

bool TitlesCompatible(const RoleKey& a, const RoleKey& b) {
  return a.title_key.empty() || b.title_key.empty() || a.title_key == b.title_key;
}

// Sort key for roles: by company, then numbered levels (prefix, low, high),
// then unnumbered levels, then roles with no level; then title.
auto RoleOrder(const LevelRole& role, const LevelRange& r) {
  const int rank = r.numeric() ? 0 : r.present ? 1 : 2;
  return std::make_tuple(internal::AsciiLowerCopy(role.company), rank, r.low.prefix, r.low.number,
                         r.high.number, r.low.text, r.high.text, TitleKey(role.title), role.text);
}

bool SourceLess(const LevelSource& a, const LevelSource& b) {
  return std::make_tuple(a.guide_path, a.part, a.range.begin, a.range.end,
                         LevelRoleLabel(a.matched)) < std::make_tuple(b.guide_path, b.part,
                                                                      b.range.begin, b.range.end,
                                                                      LevelRoleLabel(b.matched));
}

void SortUnique(std::vector<LevelSource>& s) {
  std::sort(s.begin(), s.end(), SourceLess);
  s.erase(std::unique(s.begin(), s.end()), s.end());
}

std::string PrefixWords(std::string_view prefix) {
  return prefix.empty() ? std::string() : " " + std::string(prefix);
}

}  // namespace

std::string LevelRoleLabel(const LevelRole& role) {
  std::string level = role.level_low;
  if (!role.level_high.empty() && role.level_high != role.level_low) level += "-" + role.level_high;
  // A numbered level reads before the title ("Google L5 TPM"), a bare one after
  // it ("Databricks SWE II"), as guides write them.
  const bool numbered = std::any_of(level.begin(), level.end(), IsDigit);
  const std::string& first = numbered ? level : role.title;
  const std::string& second = numbered ? role.title : level;
  std::string out = role.company;
  if (!first.empty()) out += " " + first;
  if (!second.empty()) out += " " + second;
  return out;
}

std::string_view MappingPartName(MappingPart part) {
  return part == MappingPart::kFrontMatter ? "front matter" : "body";
}

struct LevelGraph::Data {
  struct Node {
    RoleKey key;
    LevelRole role;
    std::vector<std::pair<size_t, size_t>> occurrences;  // (mapping, position)
  };
  struct GuideRef {
    std::string path, company, role;
  };
  struct Mapping {
    size_t guide = 0;
    MappingPart part = MappingPart::kBody;
    std::vector<size_t> nodes;        // by position in the mapping
    std::vector<SourceRange> ranges;  // parallel to nodes
  };

  std::vector<GuideRef> guides;
  std::vector<Mapping> mappings;
  std::vector<Node> nodes;
  std::map<std::string, std::string> company_display;     // company key -> display
  std::map<std::string, std::string> aliases;             // written key -> company key
  std::map<std::string, std::string> alias_written;       // written name -> company key
  std::map<std::string, std::vector<size_t>> by_company;  // company key -> nodes

  // The query's company resolved against this graph's names; see ParseQuery.
  Result<ParsedQuery> Parse(std::string_view query) const;

  // Equivalents' steps, over node indices.
  bool NodeLess(size_t a, size_t b) const;
  std::map<size_t, std::vector<LevelSource>> FirstHop(const std::vector<size_t>& matched,
                                                      const std::string& query_company,
                                                      std::set<size_t>& used_mappings) const;
  std::map<size_t, std::vector<LevelSource>> SecondHop(
      const std::map<size_t, std::vector<LevelSource>>& direct, const std::string& query_company,
      const std::set<size_t>& used_mappings) const;
  std::vector<LevelDisagreement> Disagreements(const std::vector<size_t>& matched,
                                               const ParsedQuery& q) const;

  LevelSource Source(size_t mapping, size_t position, const LevelRole& matched) const {
    const Mapping& m = mappings[mapping];
    const GuideRef& g = guides[m.guide];
    return LevelSource{g.path, g.company, g.role, m.part, matched, m.ranges[position]};
  }
};

namespace {

// The same roles in the same order (front matter against body).
bool SameRoles(const std::vector<LevelEquivalent>& a, const std::vector<LevelEquivalent>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (CompanyKey(a[i].company) != CompanyKey(b[i].company) ||
        TitleKey(a[i].title) != TitleKey(b[i].title) ||
        Upper(a[i].level_low) != Upper(b[i].level_low) ||
        Upper(a[i].level_high) != Upper(b[i].level_high)) {
      return false;
    }
  }
  return true;
}

// Could `written` be a short form of `own` ("hfenterprise" of
// "huggingfaceenterprise", "cobblestack" of "cobblestackrobotics")? Same first
// character and a subsequence. Keeps a mapping written in the wrong order
// ("Google L4 = Acme SWE" in Acme's guide) from renaming Google everywhere.
bool IsShortNameOf(std::string_view written, std::string_view own) {
  if (written.empty() || own.empty() || written.front() != own.front()) return false;
  size_t j = 0;
  for (char c : own) {
    if (j < written.size() && written[j] == c) ++j;
  }
  return j == written.size();
}

std::string GuideCompany(const Guide& g) {
  if (g.company_display.has() && !CompanyKey(*g.company_display).empty()) return *g.company_display;
  if (g.heading_company.has() && !CompanyKey(*g.heading_company).empty()) return *g.heading_company;
  return std::string();
}

}  // namespace

LevelGraph::LevelGraph() : data_(std::make_shared<const Data>()) {}

LevelGraph::LevelGraph(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

LevelGraph LevelGraph::Build(const std::vector<const Guide*>& guides) {
  auto d = std::make_shared<Data>();
  std::vector<const Guide*> sorted;
  for (const Guide* g : guides) {
    if (g != nullptr) sorted.push_back(g);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Guide* a, const Guide* b) { return a->path < b->path; });

  // The mappings to join, with the guide's own company for their first role.
  struct Pending {
    size_t guide;
    MappingPart part;
    const std::vector<LevelEquivalent>* roles;
    std::string own;  // the guide's company display; may be empty
  };
  std::vector<Pending> pending;
  for (const Guide* g : sorted) {
    const size_t gi = d->guides.size();
    d->guides.push_back({g->path, GuideCompany(*g), g->role_display.has() ? *g->role_display : ""});
    const LevelMapping& fm = g->level_mapping_front_matter;
    const LevelMapping& body = g->level_mapping_body;
    const bool use_fm = fm.raw.has() && !fm.equivalents.empty();
    const bool use_body = body.raw.has() && !body.equivalents.empty() &&
                          (!use_fm || !SameRoles(fm.equivalents, body.equivalents));
    if (use_fm) pending.push_back({gi, MappingPart::kFrontMatter, &fm.equivalents, ""});
    if (use_body) pending.push_back({gi, MappingPart::kBody, &body.equivalents, ""});
  }
  for (Pending& p : pending) {
    p.own = d->guides[p.guide].company;
    if (p.own.empty()) p.own = p.roles->front().company;
  }

  // Names: each guide's own display is its company's name; the name its mapping
  // writes first ("HF Enterprise") becomes an alias everywhere when it looks
  // like a short form of the display and no other guide's company uses it.
  std::map<std::string, std::string> own_display;  // key -> first guide display by path
  for (const Pending& p : pending) {
    if (!CompanyKey(p.own).empty()) own_display.emplace(CompanyKey(p.own), p.own);
  }
  std::map<std::string, std::set<std::string>> alias_targets;
  std::map<std::string, std::string> alias_text;
  for (const Pending& p : pending) {
    const std::string written = CompanyKey(p.roles->front().company);
    const std::string own = CompanyKey(p.own);
    if (written.empty() || written == own || own_display.contains(written) ||
        !IsShortNameOf(written, own)) {
      continue;
    }
    alias_targets[written].insert(own);
    alias_text.emplace(written, p.roles->front().company);
  }
  for (const auto& [written, targets] : alias_targets) {
    if (targets.size() != 1) continue;
    d->aliases[written] = *targets.begin();
    d->alias_written[alias_text[written]] = *targets.begin();
  }

  std::map<std::string, std::map<std::string, int>> written_names;  // key -> name -> count
  std::map<std::string, size_t> node_index;
  for (size_t pi = 0; pi < pending.size(); ++pi) {
    const Pending& p = pending[pi];
    Data::Mapping m;
    m.guide = p.guide;
    m.part = p.part;
    const size_t mi = d->mappings.size();
    for (size_t pos = 0; pos < p.roles->size(); ++pos) {
      const LevelEquivalent& e = (*p.roles)[pos];
      // A role whose level could not be read (`levers check` reports it) is
      // left out rather than matched at a guessed level.
      if (!e.problem.empty()) continue;
      std::string key = pos == 0 ? CompanyKey(p.own) : CompanyKey(e.company);
      if (key.empty()) continue;  // no letter or digit: nothing a query could name
      if (auto a = d->aliases.find(key); a != d->aliases.end()) key = a->second;
      if (pos != 0) ++written_names[key][e.company];
      RoleKey rk = MakeRoleKey(key, e);
      const std::string id =
          key + '\n' + TitleKey(e.title) + '\n' +
          (rk.levels.present ? rk.levels.low.text + '\n' + rk.levels.high.text : std::string("\n"));
      auto [it, inserted] = node_index.emplace(id, d->nodes.size());
      if (inserted) {
        LevelRole role;
        role.title = e.title;
        if (rk.levels.present) {
          role.level_low = rk.levels.low.text;
          role.level_high = rk.levels.high.text;
        }
        role.text = e.text;
        d->nodes.push_back({std::move(rk), std::move(role), {}});
      }
      d->nodes[it->second].occurrences.emplace_back(mi, m.nodes.size());
      m.nodes.push_back(it->second);
      m.ranges.push_back(e.range);
    }
    d->mappings.push_back(std::move(m));
  }

  // A company's display name: a guide's own, else the most written form.
  for (const auto& [key, display] : own_display) d->company_display[key] = display;
  for (const auto& [key, names] : written_names) {
    if (d->company_display.contains(key)) continue;
    const auto best =
        std::max_element(names.begin(), names.end(), [](const auto& a, const auto& b) {
          return a.second < b.second || (a.second == b.second && a.first > b.first);
        });
    d->company_display[key] = best->first;
  }
  for (size_t i = 0; i < d->nodes.size(); ++i) {
    Data::Node& n = d->nodes[i];
    n.role.company = d->company_display[n.key.company_key];
    d->by_company[n.key.company_key].push_back(i);
  }
  return LevelGraph(std::move(d));
}

size_t LevelGraph::node_count() const { return data_->nodes.size(); }
size_t LevelGraph::mapping_count() const { return data_->mappings.size(); }

std::vector<std::string> LevelGraph::companies() const {
  std::vector<std::string> out;
  for (const auto& [key, display] : data_->company_display) out.push_back(display);
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return std::make_pair(internal::AsciiLowerCopy(a), a) <
           std::make_pair(internal::AsciiLowerCopy(b), b);
  });
  return out;
}

Result<ParsedQuery> LevelGraph::Data::Parse(std::string_view query) const {
  const std::map<std::string, std::string>& display = company_display;
  if (query.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("the query is longer than " + std::to_string(kMaxQueryBytes) +
                                   " bytes; give a company, a level and a title, as in "
                                   "\"Google L6\"");
  }
  // Whitespace collapsed, surrounding quotes dropped: SplitRole's own trimming.
  std::vector<std::string_view> words;
  for (std::string_view w : Words(query)) words.push_back(w);
  while (!words.empty()) {
    std::string_view& f = words.front();
    while (!f.empty() && f.front() == '"') f.remove_prefix(1);
    if (!f.empty()) break;
    words.erase(words.begin());
  }
  while (!words.empty()) {
    std::string_view& b = words.back();
    while (!b.empty() && b.back() == '"') b.remove_suffix(1);
    if (!b.empty()) break;
    words.pop_back();
  }
  const std::string text = JoinWords(words, words.size());
  if (words.empty()) {
    return Status::InvalidArgument(
        "the query is empty: give a company and a level, as in \"Google L6\" or \"Meta E5\"");
  }
  if (IsLevelWord(words.front())) {
    return Status::InvalidArgument("the query \"" + text +
                                   "\" names no company: put the company first, as in \"Google " +
                                   std::string(words.front()) + "\"");
  }
  // The longest run of leading words that names a known company.
  std::string company_key, company_text;
  for (size_t n = words.size(); n >= 1 && company_key.empty(); --n) {
    const std::string candidate = JoinWords(words, n);
    std::string key = CompanyKey(candidate);
    if (auto a = aliases.find(key); a != aliases.end()) key = a->second;
    if (display.contains(key)) {
      company_key = key;
      company_text = candidate;
    }
  }
  // Guides write a bare level in capitals ("SWE II"), as SplitRole expects;
  // a query may not.
  std::string split_text = company_text.empty() ? std::string(words.front()) : company_text;
  for (size_t i = Words(split_text).size(); i < words.size(); ++i) {
    split_text += ' ';
    split_text += IsRomanLevel(words[i]) ? Upper(words[i]) : std::string(words[i]);
  }
  const LevelEquivalent e = internal::SplitRole(split_text, company_text);
  if (company_key.empty()) {
    // Suggest the names nearest to the query's first words (as many words as the name has).
    std::vector<std::pair<size_t, std::string>> scored;
    auto score = [&](const std::string& name, const std::string& display_name) {
      const size_t n = std::max<size_t>(1, Words(name).size());
      const size_t dist = std::min(
          EditDistance(internal::AsciiLowerCopy(JoinWords(words, n)),
                       internal::AsciiLowerCopy(name)),
          EditDistance(internal::AsciiLowerCopy(e.company), internal::AsciiLowerCopy(name)));
      scored.emplace_back(dist, display_name);
    };
    for (const auto& [key, name] : display) score(name, name);
    for (const auto& [name, key] : alias_written) score(name, display.at(key));
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> names;
    for (const auto& [dist, name] : scored) {
      if (std::find(names.begin(), names.end(), name) != names.end()) continue;
      names.push_back(name);
      if (names.size() == kMaxSuggestions) break;
    }
    std::string message = "no guide mentions the company \"" + e.company + "\"";
    if (names.empty()) {
      message += " (no guide has a level mapping)";
    } else {
      message += "; closest known: ";
      for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
    }
    return Status::NotFound(message);
  }
  ParsedQuery q;
  q.key = MakeRoleKey(company_key, e);
  if (q.key.levels.numeric() && q.key.levels.low.number > q.key.levels.high.number) {
    return Status::InvalidArgument("the level range " + e.level_low + "-" + e.level_high +
                                   " runs backwards: write the lower level first");
  }
  if (!e.problem.empty()) {
    return Status::InvalidArgument("the query \"" + text + "\": " + e.problem);
  }
  q.role.company = display.at(company_key);
  q.role.title = e.title;
  // The title as the guides write it, when one of the company's roles has it.
  for (size_t n : by_company.at(company_key)) {
    if (!q.key.title_key.empty() && nodes[n].key.title_key == q.key.title_key) {
      q.role.title = nodes[n].role.title;
      break;
    }
  }
  if (q.key.levels.present) {
    q.role.level_low = q.key.levels.low.text;
    q.role.level_high = q.key.levels.high.text;
  }
  q.role.text = text;
  return q;
}

Result<LevelRole> LevelGraph::ParseQuery(std::string_view query) const {
  LEVERS_ASSIGN_OR_RETURN(ParsedQuery q, data_->Parse(query));
  return q.role;
}

bool LevelGraph::Data::NodeLess(size_t a, size_t b) const {
  return RoleOrder(nodes[a].role, nodes[a].key.levels) <
         RoleOrder(nodes[b].role, nodes[b].key.levels);
}

// Every other role in a mapping that holds a matched role, with the sources.
std::map<size_t, std::vector<LevelSource>> LevelGraph::Data::FirstHop(
    const std::vector<size_t>& matched, const std::string& query_company,
    std::set<size_t>& used_mappings) const {
  std::map<size_t, std::vector<LevelSource>> out;
  for (size_t s : matched) {
    for (auto [mi, pos] : nodes[s].occurrences) {
      used_mappings.insert(mi);
      const Mapping& m = mappings[mi];
      for (size_t i = 0; i < m.nodes.size(); ++i) {
        const size_t t = m.nodes[i];
        if (i == pos || nodes[t].key.company_key == query_company) continue;
        out[t].push_back(Source(mi, i, nodes[s].role));
      }
    }
  }
  return out;
}

// Roles in mappings not used by the first hop that hold a role matching a
// direct equivalent (the equivalent taken as a query).
std::map<size_t, std::vector<LevelSource>> LevelGraph::Data::SecondHop(
    const std::map<size_t, std::vector<LevelSource>>& direct, const std::string& query_company,
    const std::set<size_t>& used_mappings) const {
  std::map<size_t, std::vector<LevelSource>> out;
  for (const auto& [e, sources] : direct) {
    const RoleKey& probe = nodes[e].key;
    for (size_t c : by_company.at(probe.company_key)) {
      if (!Matches(probe, nodes[c].key)) continue;
      for (auto [mi, pos] : nodes[c].occurrences) {
        if (used_mappings.contains(mi)) continue;
        const Mapping& m = mappings[mi];
        for (size_t i = 0; i < m.nodes.size(); ++i) {
          const size_t t = m.nodes[i];
          if (i == pos || nodes[t].key.company_key == query_company || direct.contains(t)) continue;
          out[t].push_back(Source(mi, i, nodes[e].role));
        }
      }
    }
  }
  return out;
}

// Claims in conflict: two mappings put overlapping matched roles at disjoint
// levels (same prefix, compatible titles) of one other company. The pairs are
// compared once per distinct (matched role, equivalent) pair, so a thousand
// guides that agree cost no more than one.
std::vector<LevelDisagreement> LevelGraph::Data::Disagreements(const std::vector<size_t>& matched,
                                                               const ParsedQuery& q) const {
  struct Claim {
    size_t mapping, position;
  };
  using Pair = std::pair<size_t, size_t>;  // (matched node, equivalent node)
  // (company key, level prefix) -> pair -> claims
  std::map<std::pair<std::string, std::string>, std::map<Pair, std::vector<Claim>>> claims;
  for (size_t s : matched) {
    for (auto [mi, pos] : nodes[s].occurrences) {
      const Mapping& m = mappings[mi];
      for (size_t i = 0; i < m.nodes.size(); ++i) {
        const Node& t = nodes[m.nodes[i]];
        if (i == pos || t.key.company_key == q.key.company_key || !t.key.levels.numeric()) continue;
        claims[{t.key.company_key, t.key.levels.low.prefix}][{s, m.nodes[i]}].push_back({mi, i});
      }
    }
  }
  auto subjects_overlap = [&](size_t a, size_t b) {
    const RoleKey& x = nodes[a].key;
    const RoleKey& y = nodes[b].key;
    return a == b || (TitlesCompatible(x, y) && Overlap(x.levels, y.levels));
  };

  std::vector<LevelDisagreement> out;
  for (const auto& [about, by_pair] : claims) {
    std::set<Pair> in_conflict;
    for (auto a = by_pair.begin(); a != by_pair.end(); ++a) {
      for (auto b = std::next(a); b != by_pair.end(); ++b) {
        const RoleKey& ta = nodes[a->first.second].key;
        const RoleKey& tb = nodes[b->first.second].key;
        if (subjects_overlap(a->first.first, b->first.first) && TitlesCompatible(ta, tb) &&
            Disjoint(ta.levels, tb.levels)) {
          in_conflict.insert(a->first);
          in_conflict.insert(b->first);
        }
      }
    }
    if (in_conflict.empty()) continue;
    std::vector<std::pair<LevelClaim, const LevelRange*>> chosen;
    for (const Pair& p : in_conflict) {
      for (const Claim& c : by_pair.at(p)) {
        chosen.push_back({LevelClaim{nodes[p.first].role, nodes[p.second].role,
                                     Source(c.mapping, c.position, nodes[p.first].role)},
                          &nodes[p.second].key.levels});
      }
    }
    auto order = [](const std::pair<LevelClaim, const LevelRange*>& c) {
      return std::make_tuple(c.first.source.guide_path, c.first.source.part, c.second->low.number,
                             c.second->high.number, c.first.source.range.begin,
                             LevelRoleLabel(c.first.subject), LevelRoleLabel(c.first.equivalent));
    };
    std::sort(chosen.begin(), chosen.end(),
              [&](const auto& a, const auto& b) { return order(a) < order(b); });
    // Guides with both mappings among the claims: the message says which is which.
    std::set<std::string> two_parts;
    for (size_t i = 1; i < chosen.size(); ++i) {
      const LevelSource& a = chosen[i - 1].first.source;
      const LevelSource& b = chosen[i].first.source;
      if (a.guide_path == b.guide_path && a.part != b.part) two_parts.insert(a.guide_path);
    }

    LevelDisagreement dis;
    dis.about = company_display.at(about.first) + PrefixWords(about.second) + " level for " +
                LevelRoleLabel(q.role);
    dis.message = "guides disagree on the " + dis.about + ": ";
    for (size_t i = 0; i < chosen.size(); ++i) {
      const LevelClaim& c = chosen[i].first;
      if (i < kMaxClaimsInMessage) {
        dis.message += (i ? "; " : "") + c.source.guide_path;
        if (two_parts.contains(c.source.guide_path)) {
          dis.message += " (" + std::string(MappingPartName(c.source.part)) + ")";
        }
        dis.message += " maps " + LevelRoleLabel(c.subject) + " to " + LevelRoleLabel(c.equivalent);
      } else if (i == kMaxClaimsInMessage) {
        dis.message += "; and " + std::to_string(chosen.size() - i) + " more";
      }
      dis.claims.push_back(c);
    }
    out.push_back(std::move(dis));
  }
  std::sort(out.begin(), out.end(), [](const LevelDisagreement& a, const LevelDisagreement& b) {
    return std::make_pair(internal::AsciiLowerCopy(a.about), a.about) <
           std::make_pair(internal::AsciiLowerCopy(b.about), b.about);
  });
  return out;
}

Result<LevelAnswer> LevelGraph::Equivalents(std::string_view query,
                                            const LevelQueryOptions& options) const {
  const Data& d = *data_;
  LEVERS_ASSIGN_OR_RETURN(ParsedQuery q, d.Parse(query));
  auto node_less = [&](size_t a, size_t b) { return d.NodeLess(a, b); };

  // Parse found the company, so the graph has roles of it.
  const std::vector<size_t>& company_nodes = d.by_company.at(q.key.company_key);
  std::vector<size_t> matched;
  for (size_t n : company_nodes) {
    if (Matches(q.key, d.nodes[n].key)) matched.push_back(n);
  }
  if (matched.empty()) {
    std::vector<size_t> known = company_nodes;
    std::sort(known.begin(), known.end(), node_less);
    std::string message =
        "no guide maps " + LevelRoleLabel(q.role) + "; the guides name " + q.role.company + " as: ";
    for (size_t i = 0; i < known.size() && i < kMaxListedRoles; ++i) {
      message += (i ? ", " : "") + LevelRoleLabel(d.nodes[known[i]].role);
    }
    if (known.size() > kMaxListedRoles) {
      message += " and " + std::to_string(known.size() - kMaxListedRoles) + " more";
    }
    return Status::NotFound(message);
  }
  std::sort(matched.begin(), matched.end(), node_less);

  LevelAnswer answer;
  answer.query = q.role;
  if (q.key.levels.present && q.key.levels.aliased()) {
    LevelRole ladder;
    ladder.company = q.role.company;
    if (!q.key.title_key.empty()) ladder.title = q.role.title;
    ladder.level_low = q.key.levels.low.ladder;
    ladder.level_high = q.key.levels.high.ladder;
    ladder.text = LevelRoleLabel(ladder);
    answer.ladder = std::move(ladder);
  }
  for (size_t s : matched) {
    LevelMatch m{d.nodes[s].role, {}, false};
    for (auto [mi, pos] : d.nodes[s].occurrences) m.sources.push_back(d.Source(mi, pos, m.role));
    SortUnique(m.sources);
    answer.matched.push_back(std::move(m));
  }

  std::set<size_t> used_mappings;
  std::map<size_t, std::vector<LevelSource>> direct =
      d.FirstHop(matched, q.key.company_key, used_mappings);
  std::map<size_t, std::vector<LevelSource>> indirect;
  if (options.indirect) indirect = d.SecondHop(direct, q.key.company_key, used_mappings);
  for (auto* hop : {&direct, &indirect}) {
    std::vector<size_t> order;
    for (const auto& [n, sources] : *hop) order.push_back(n);
    std::sort(order.begin(), order.end(), node_less);
    for (size_t n : order) {
      LevelMatch m{d.nodes[n].role, std::move((*hop)[n]), hop == &indirect};
      SortUnique(m.sources);
      answer.equivalents.push_back(std::move(m));
    }
  }
  answer.disagreements = d.Disagreements(matched, q);
  return answer;
}

}  // namespace levers
