// The parts every bands JSON document opens with: the settings the bands were
// built with and the ledger of the rows read. FormatBandsJson and
// FormatLevelMapJson write them with the same keys. Pure; thread-safe.
#ifndef LEVERS_SRC_BANDS_JSON_PARTS_H_
#define LEVERS_SRC_BANDS_JSON_PARTS_H_

#include "levers/bands.h"
#include "render/json_out.h"

namespace levers::bands_internal {

// Writes the keys source, as_of, window_days, window_start, by, currency,
// outliers, min_n, small_groups and percentiles into the object `j` has open.
void AppendBandSettingsJson(internal::JsonOut& j, const BandSet& b);

// Writes the key "rows": the ledger's counts, rejected_by_reason and, when
// `with_rejects`, the rejected rows it lists (rejects).
void AppendRowLedgerJson(internal::JsonOut& j, const RowLedger& l, bool with_rejects);

// An amount as a JSON number in major units, exactly (docs/json-format.md, 1).
std::string MajorUnitsJson(int64_t minor, const std::string& currency);

// A percentage in basis points as bands JSON writes one: "22.96", "50.00".
std::string HundredthsOfPercent(int32_t bp);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_JSON_PARTS_H_
