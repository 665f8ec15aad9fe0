// The estimator: from accumulated groups to bands (outliers, percentiles,
// grade, pooling of small groups). Not thread-safe; runs after the ingest.
#ifndef LEVERS_SRC_BANDS_ESTIMATE_H_
#define LEVERS_SRC_BANDS_ESTIMATE_H_

#include "bands/group_table.h"
#include "levers/bands.h"

namespace levers::bands_internal {

// Fills out.groups from `table` with out.options.
void Estimate(GroupTable& table, BandSet& out);

// The band of one metric's histogram after outlier removal.
MetricBand EstimateMetric(ValueHistogram& h, OutlierMethod method, double k);

}  // namespace levers::bands_internal

#endif  // LEVERS_SRC_BANDS_ESTIMATE_H_
