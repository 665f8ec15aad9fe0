// Text normalisation shared by the band builder's stages, and how they write
// an amount for people. Pure functions; the metros table behind them is built
// once, thread-safely.
#ifndef LEVERS_SRC_BANDS_NAMES_H_
#define LEVERS_SRC_BANDS_NAMES_H_

#include <cstdint>
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

// An amount for people (the text tables): grouped with commas; when not whole,
// every minor digit of the currency ("82,984.20", never "82,984.2").
std::string TextAmount(int64_t minor, const std::string& currency);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_NAMES_H_
