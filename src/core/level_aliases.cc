// The level alias table (docs/bands.md 2.4) and its lookup.
#include "levers/level_aliases.h"

namespace levers {
namespace {

// One grade a company writes more than one way. A numbered alias is `written`
// followed by a grade from `lowest` to `highest` (digits, no leading zero) and
// stands for `shown` followed by the same digits; any other is the whole level
// key `written` and stands for `shown`. Only the grades listed are aliased
// (docs/bands.md 2.4, docs/levels.md): a grade outside them (Meta IC2, Google
// T2) is not shown by the data to be the same level, so it stays as written.
// Each is backed by the Levels.fyi file: the two spellings' total
// comp medians lie close together and between the neighbouring grades' (Meta
// Software Engineer IC4 240,000 and E4 251,000, where E3 is 175,000 and E5
// 375,000; Google T4 250,000 and 4 249,000 and L4 250,000; Google SWE III
// 227,000 and Senior SWE 316,000, where L3 is 180,000, L4 250,000 and L5
// 329,000).
struct LevelAlias {
  std::string_view company;  // lower-cased company name
  std::string_view written;  // a level key, or its prefix when numbered
  bool numbered;
  std::string_view shown;  // the grade on the company's main ladder, or its prefix
  int lowest = 0;          // the grades a numbered alias covers
  int highest = 0;
};

constexpr LevelAlias kLevelAliases[] = {
    // Meta: individual contributors IC3..IC9 and engineers E3..E9 share one ladder.
    {"meta", "ic", true, "E", 3, 9},
    // Google: the technical ladder's T3..T10 and a bare 3..10 are L3..L10, and
    // the software engineering titles name the grades they are given at.
    {"google", "t", true, "L", 3, 10},
    {"google", "", true, "L", 3, 10},
    {"google", "swe ii", false, "L3"},
    {"google", "swe iii", false, "L4"},
    {"google", "senior swe", false, "L5"},
    {"google", "staff swe", false, "L6"},
    {"google", "senior staff swe", false, "L7"},
};

}  // namespace

std::string CompanyLevelSpelling(std::string_view company_key, std::string_view level_key) {
  for (const LevelAlias& a : kLevelAliases) {
    if (a.company != company_key) continue;
    if (!a.numbered) {
      if (level_key == a.written) return std::string(a.shown);
      continue;
    }
    if (!level_key.starts_with(a.written)) continue;
    const std::string_view grade = level_key.substr(a.written.size());
    if (grade.empty() || grade.size() > 2 || grade.front() == '0' ||
        grade.find_first_not_of("0123456789") != std::string_view::npos) {
      continue;
    }
    const int number = grade.size() == 1 ? grade[0] - '0' : (grade[0] - '0') * 10 + grade[1] - '0';
    if (number < a.lowest || number > a.highest) continue;
    return std::string(a.shown) + std::string(grade);
  }
  return "";
}

}  // namespace levers
