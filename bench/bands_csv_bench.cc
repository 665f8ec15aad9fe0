// The band builder's CSV scanner against libcsv (Debian libcsv-dev), the
// library one would pick instead, on the real Levels.fyi file held in memory:
// every record split into fields, fields counted. Also the scanner with the
// field limit levers uses (the 12 columns the Levels.fyi mapping reads), which
// libcsv has no equivalent of. Skips when ../shared is absent.
#include <benchmark/benchmark.h>
#include <csv.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bands/csv_scanner.h"

namespace {

const std::string& LevelsCsv() {
  static const std::string* text = [] {
    std::ifstream in(LEVERS_SHARED_DIR "/data/levels_fyi_salaries_2017_2021.csv", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return new std::string(ss.str());
  }();
  return *text;
}

void Scanner(benchmark::State& state, size_t field_limit) {
  const std::string& text = LevelsCsv();
  if (text.empty()) {
    state.SkipWithError("../shared/data is absent");
    return;
  }
  levers::bands_internal::CsvScanner scanner;
  scanner.set_field_limit(field_limit);
  levers::bands_internal::CsvRecord rec;
  for (auto _ : state) {
    size_t fields = 0, records = 0, pos = 0, consumed = 0;
    while (scanner.Next(text.data() + pos, text.data() + text.size(), true, false, rec, consumed) ==
           levers::bands_internal::ScanStatus::kRecord) {
      fields += rec.field_count;
      ++records;
      pos += consumed;
    }
    benchmark::DoNotOptimize(fields);
    state.counters["records"] = static_cast<double>(records);
    state.counters["fields"] = static_cast<double>(fields);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_LeversCsvScanner(benchmark::State& state) { Scanner(state, 0); }
void BM_LeversCsvScannerFirst12Fields(benchmark::State& state) { Scanner(state, 12); }

struct Counts {
  size_t fields = 0, records = 0;
};
void OnField(void*, size_t, void* data) { ++static_cast<Counts*>(data)->fields; }
void OnRecord(int, void* data) { ++static_cast<Counts*>(data)->records; }

void BM_Libcsv(benchmark::State& state) {
  const std::string& text = LevelsCsv();
  if (text.empty()) {
    state.SkipWithError("../shared/data is absent");
    return;
  }
  for (auto _ : state) {
    csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    Counts c;
    csv_parse(&p, text.data(), text.size(), OnField, OnRecord, &c);
    csv_fini(&p, OnField, OnRecord, &c);
    csv_free(&p);
    benchmark::DoNotOptimize(c.fields);
    state.counters["records"] = static_cast<double>(c.records);
    state.counters["fields"] = static_cast<double>(c.fields);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_LeversCsvScanner)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LeversCsvScannerFirst12Fields)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Libcsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
