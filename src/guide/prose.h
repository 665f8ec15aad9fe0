// Reading facts out of guide prose: the amounts a lever script or the strategy
// asks for, the competing offers it cites, and the roles in a level mapping.
//
// These are small hand-written scanners over one paragraph's plain text (never
// over a whole file): the guides state these facts in a few fixed phrasings
// ("$270K base", "$380K equity/4yr", "a Google L6 offer at $268K / $430K RSU",
// "My floor is $250K") that no general library parses. Pure functions.
#ifndef LEVERS_GUIDE_PROSE_H_
#define LEVERS_GUIDE_PROSE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/guide.h"

namespace levers::internal {

// Maps a position in the scanned text to a file range.
using SpanMapper = std::function<SourceRange(uint32_t begin, uint32_t end)>;

struct ProseFacts {
  AskAmounts asks;
  std::vector<CompetingOffer> competing_offers;
  Field<Money> floor;
};

// Scans one lever script or strategy paragraph.
ProseFacts ScanProse(std::string_view text, const SpanMapper& map);

// "Google L5-L6 EM" -> company Google, title EM, levels L5..L6 (also written
// "L5 - L6", "L5 to L6", "L5/L6"). `own_company` (may be empty) is tried first
// as the company name. A level that cannot be read ("E5+", "IC4-E5") or that
// runs backwards sets the result's `problem` (guide-format.md section 10).
LevelEquivalent SplitRole(std::string_view text, std::string_view own_company);

// "A = B = C" into equivalents; the first names the guide's own role.
std::vector<LevelEquivalent> ParseLevelMapping(std::string_view raw, std::string_view own_company,
                                               const SpanMapper& map);

// "Premium Base + Equity | Position | 2026 Focus: Scaling" into its parts.
DnaSummary ParseDnaSummary(std::string_view text, SourceRange range);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_PROSE_H_
