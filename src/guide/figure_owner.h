// Whose figure an amount in guide prose is: the candidate's own ask ("I need
// $255K base"), someone else's ("OpenAI has offered $245K base", "I turned down
// EUR100K base elsewhere"), or not said.
//
// A small word-based scanner over one lever script or strategy paragraph, the
// rule of docs/guide-format.md section 8.3. Pure functions; safe to call from
// any number of threads.
#ifndef LEVERS_GUIDE_FIGURE_OWNER_H_
#define LEVERS_GUIDE_FIGURE_OWNER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace levers::internal {

enum class FigureOwner {
  kUnstated,   // no word says whose it is
  kCandidate,  // the candidate asks for it
  kOther,      // another employer's offer, a figure turned down, current pay
};

// Where an amount is written in the paragraph, and whether it is half of a
// competing pair ("$268K / $430K RSU"), which is always someone else's.
struct AmountSpan {
  uint32_t begin, end;
  bool competing_pair = false;
};

// The owner of each amount of `text`, in the order given (which must be the
// order of the text, without overlaps).
std::vector<FigureOwner> FigureOwners(std::string_view text, const std::vector<AmountSpan>& spans);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_FIGURE_OWNER_H_
