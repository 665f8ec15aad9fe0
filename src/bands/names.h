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

// A location's country for grouping: "us" for a US state ("Austin, TX") or
// "US" / "United States"; else the folded country ("united kingdom"); "" when
// the location names none.
std::string CountryKey(std::string_view location);
// Whether the metros table maps the location to a metro region.
bool IsMetro(std::string_view location);
// How rows are grouped by region: a metro by its name ("san francisco"), any
// other location by city and country, and a US one by its state too
// ("london|united kingdom", "london|us|ky"), so two cities of one name are two
// regions.
std::string RegionKey(std::string_view location);
// The region's name qualified by its state (US) or country, for a region whose
// name alone collides with another's in the data: "London, KY", "Dublin,
// Ireland"; the bare name when the location names no area.
std::string QualifiedRegion(std::string_view location);

// An amount for people (the text tables): grouped with commas; when not whole,
// every minor digit of the currency ("82,984.20", never "82,984.2").
std::string TextAmount(int64_t minor, const std::string& currency);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_NAMES_H_
