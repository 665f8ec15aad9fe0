// Text normalisation shared by the band builder's stages. Pure
// functions; the metros table behind them is built once, thread-safely.
#ifndef LEVERS_SRC_BANDS_NAMES_H_
#define LEVERS_SRC_BANDS_NAMES_H_

#include <string>
#include <string_view>

namespace levers::bands_internal {

// Trimmed, inner runs of white space (ASCII and U+00A0) collapsed to one space,
// ASCII letters lower-cased.
std::string Fold(std::string_view raw);
// The same without case folding: the spelling shown to people.
std::string Trim(std::string_view raw);
// Empty, "NA", "N/A", "null", "none", "nan" (any case, any spaces around).
bool IsNa(std::string_view raw);
// The pay currency of a location from the metros table ("London, EN, United
// Kingdom" -> "GBP", "Austin, TX" -> "USD"), or "" when unknown.
std::string LocationCurrency(std::string_view location);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_NAMES_H_
