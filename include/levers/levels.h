// LevelGraph: the level equivalences of every guide, joined into one graph, and
// the answer to "what is Google L6 elsewhere?" (`levers levels "Google L6"`).
//
// Each guide's level mapping ("HF Enterprise EM = Google L5-L6 EM = Meta M1")
// says its roles are equivalent to one another. A node of the graph is one role:
// (company, title, level range). Nodes are shared between guides: "Meta E4"
// written in two guides is one node with two sources. Companies are matched by a
// key that ignores case, spaces and punctuation; the first role of a mapping is
// the guide's own, so its company is the guide's company_display ("HF Enterprise
// EM" in the Hugging Face Enterprise guide is a Hugging Face Enterprise role,
// and "HF Enterprise" becomes another name for that company).
//
// Levels: a level is prefix letters and a number ("L5", "IC4", "M1") or a bare
// number ("63"); a range "L5-L6" holds both ends and everything between. A
// grade the company writes more than one way is read in its main ladder's
// spelling first (the band builder's table, levers/level_aliases.h): Meta
// "IC5" is "E5"; Google "T5", "5" and "Senior SWE" are "L5". Two levels then
// compare only when their prefixes agree (case-insensitive): Meta "E5" and
// Meta "M1" are different tracks. A level with no number ("II" in "Databricks
// SWE II") matches only itself. Roles keep the spelling they were written in.
//
// A LevelGraph copies what it needs from the guides: the guides may be destroyed
// after Build. It is immutable once built, so its const methods may be called
// from any number of threads at once. The answer types are plain values.
#ifndef LEVERS_LEVELS_H_
#define LEVERS_LEVELS_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/guide.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

// One role: "Google L5-L6 EM" is company Google, title "EM", levels L5..L6.
struct LevelRole {
  std::string company;     // display name: "Hugging Face Enterprise" (also for "HF Enterprise")
  std::string title;       // "EM", "Staff SWE"; empty when the text names none
  std::string level_low;   // "L5" (prefix upper-cased); empty when the text names no level
  std::string level_high;  // "L6"; equal to level_low for a single level
  std::string text;        // as first written in a guide ("HF Enterprise EM"), or the query
  bool operator==(const LevelRole&) const = default;
};

// "Google L5-L6 EM", "Meta E4", "Anthropic SWE": company, level range, title.
std::string LevelRoleLabel(const LevelRole& role);

// Which of a guide's two level mappings a fact comes from.
enum class MappingPart { kFrontMatter, kBody };
std::string_view MappingPartName(MappingPart part);  // "front matter", "body"

// One guide's statement that a role is equivalent to `matched`.
struct LevelSource {
  std::string guide_path;
  std::string guide_company;  // the guide's company_display
  std::string guide_role;     // the guide's role_display
  MappingPart part = MappingPart::kBody;
  // For a direct match: the role in this guide's mapping that matched the query
  // (its title says which title matched). For an indirect match: the direct
  // equivalent this guide was reached through. In LevelAnswer::matched: the
  // matched role itself.
  LevelRole matched;
  SourceRange range;  // where the equivalent role is written in the guide file
  bool operator==(const LevelSource&) const = default;
};

// An equivalent role and every guide that says so.
struct LevelMatch {
  LevelRole role;
  std::vector<LevelSource> sources;  // sorted by guide path, then part
  bool indirect = false;             // reached through a second guide (two hops)
};

// One guide's claim in a disagreement: in its mapping `subject` (a role that
// matched the query) is equivalent to `equivalent`.
struct LevelClaim {
  LevelRole subject;
  LevelRole equivalent;
  LevelSource source;
};

// Guides (or a guide's front matter and body) that put the query's role at
// levels of one company that do not overlap: "Google L6 = Meta E6" in one guide,
// "Google L5-L6 = Meta E5" in another.
struct LevelDisagreement {
  std::string about;               // "Meta E level for Google L6"
  std::vector<LevelClaim> claims;  // every claim in conflict, by guide path then level
  std::string message;             // one line for people, naming the guides and claims
};

struct LevelAnswer {
  LevelRole query;  // as parsed; company is the known display name, levels as written
  // The query as its company's main ladder writes it, which is what roles are
  // matched by: "Meta E4" for "Meta IC4", "Google L5" for "Google Senior SWE"
  // (docs/bands.md 2.4). Absent when the query is written that way already.
  std::optional<LevelRole> ladder;
  std::vector<LevelMatch> matched;      // the query company's roles that matched
  std::vector<LevelMatch> equivalents;  // roles at other companies; direct first
  std::vector<LevelDisagreement> disagreements;
};

struct LevelQueryOptions {
  // Also follow a second hop: guides that map a direct equivalent (but not the
  // query itself) to further roles. Those come back with indirect = true.
  bool indirect = false;
};

class LevelGraph {
 public:
  LevelGraph();  // an empty graph: every query is NotFound

  // Joins the level mappings of `guides` (null pointers are skipped). A guide's
  // mapping is ResolveLevelMapping's; when the front matter and the body both
  // state one and they differ, both are kept as separate mappings of that guide
  // (so a conflict between them shows as a disagreement). The order of `guides`
  // does not matter: they are taken sorted by path.
  static LevelGraph Build(const std::vector<const Guide*>& guides);

  // Parses `query` with the rules of a level mapping's roles: company first,
  // then a level or level range and a title in any order ("Google L5-L6 EM",
  // "meta e5", "Hugging Face Enterprise Staff SWE"). The company is matched
  // against the graph's companies without regard to case, spacing or
  // punctuation, longest name first. InvalidArgument for an empty or overlong
  // query, one that starts with a level (no company), or an inverted range;
  // NotFound for a company no guide mentions, naming the closest known ones.
  [[nodiscard]] Result<LevelRole> ParseQuery(std::string_view query) const;

  // Every role at another company that a guide maps to a role matching `query`.
  // A role matches when its company is the query's, its level range overlaps the
  // query's (same prefix; a query without a level matches any), and, only when
  // the query names a title, its title is the query's (case-insensitive).
  // Errors as ParseQuery, plus NotFound when the company is known but no role of
  // it matches (the message lists the company's known roles).
  [[nodiscard]] Result<LevelAnswer> Equivalents(std::string_view query,
                                                const LevelQueryOptions& options = {}) const;

  size_t node_count() const;     // distinct roles
  size_t mapping_count() const;  // mappings joined (one per guide, two when they differ)
  // Known companies' display names, sorted case-insensitively.
  std::vector<std::string> companies() const;

 private:
  struct Data;
  explicit LevelGraph(std::shared_ptr<const Data> data);
  std::shared_ptr<const Data> data_;  // immutable, so copies share it
};

// A table for people: the query, the roles it matched, one row per equivalent
// and guide, then the disagreements.
std::string FormatLevelAnswerText(const LevelAnswer& answer);

struct LevelJsonOptions {
  bool pretty = true;  // indented by two spaces; otherwise one line
  // At most this many sources per role and claims per disagreement; when set,
  // every role carries "sources_total" and every disagreement "claims_total".
  std::optional<size_t> max_sources;
  // When set, every source also carries "guide_id": this function of its path.
  std::function<std::string(const std::string& guide_path)> guide_id;
  // Where a source's role is written: the 1-based line and column (in code
  // points) of byte `offset` of the guide file at `guide_path`, or nullopt when
  // that file is not at hand. Unset, or nullopt: "line" and "column" are null.
  std::function<std::optional<LineColumn>(const std::string& guide_path, uint32_t offset)> locate;
};

// The answer as a JSON object for programs (keys: query, matched, equivalents,
// disagreements), ending in a newline.
std::string FormatLevelAnswerJson(const LevelAnswer& answer, const LevelJsonOptions& options = {});

}  // namespace levers

#endif  // LEVERS_LEVELS_H_
