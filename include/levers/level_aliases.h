// Level aliases: the grades a company writes more than one way ("IC4" and
// "E4" at Meta; "T4", "4", "SWE III" and "L4" at Google), and the spelling
// each stands for on the company's main ladder. One table, read by the band
// builder (grouping salary rows) and by the level graph (`levers levels`), so
// both treat a grade the same whatever its spelling. The table is constant;
// the lookup is a pure function, safe from any thread.
#ifndef LEVERS_LEVEL_ALIASES_H_
#define LEVERS_LEVEL_ALIASES_H_

#include <string>
#include <string_view>

namespace levers {

// The spelling of the grade `level_key` stands for on `company_key`'s main
// ladder when the company writes that grade another way too: "E4" for Meta's
// "ic4", "L4" for Google's "t4", "4" or "swe iii". Empty when the level is
// written as its ladder writes it, or has no other name.
//
// `company_key` is the company's name lower-cased ("meta", "google"); the
// table names only one-word companies, so a key with spaces and punctuation
// folded or dropped gives the same answer. `level_key` is the level as
// written, trimmed, inner blanks collapsed to one space, ASCII lower-cased
// ("ic4", "swe iii"). A numbered alias takes only the grades the table lists,
// written without a leading zero: Meta "ic3" to "ic9", Google "t3" to "t10"
// and "3" to "10" (not "ic2", "t2", "ic04" or "t11"); any other is read as
// written (empty).
std::string CompanyLevelSpelling(std::string_view company_key, std::string_view level_key);

}  // namespace levers

#endif  // LEVERS_LEVEL_ALIASES_H_
