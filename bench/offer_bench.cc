// Evaluations and counter plans per second for the offer engine (Google
// Benchmark). Input: the bundled Engineering Manager guide and the example
// offers in data/offers. See docs/performance.md.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>

#include "levers/offer.h"
#include "levers/reader.h"

namespace {

struct Fixture {
  levers::SourceFile guide_file;
  levers::Guide guide;
  levers::Offer offer, euro_offer, other;

  static levers::Offer Read(const std::string& path) {
    auto f = levers::LoadSourceFile(path);
    levers::DiagnosticSink sink;
    return *levers::ReadOffer(*f, sink);
  }
  Fixture()
      : guide_file(*levers::LoadSourceFile(
            std::string(LEVERS_SOURCE_DIR) +
            "/data/guides/hugging-face-enterprise--engineering-manager.md")) {
    levers::DiagnosticSink sink;
    guide = *levers::ReadGuide(guide_file, sink);
    offer = Read(std::string(LEVERS_SOURCE_DIR) + "/data/offers/hf-engineering-manager.yaml");
    euro_offer = Read(std::string(LEVERS_SOURCE_DIR) + "/data/offers/paris-offer-eur.json");
    other = Read(std::string(LEVERS_SOURCE_DIR) + "/data/offers/google-l6-em.yaml");
  }
};

const Fixture& F() {
  static const Fixture f;
  return f;
}

void BM_EvaluateAgainstBand(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(levers::Evaluate(F().offer, &F().guide, {}));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateAgainstBand);

void BM_EvaluateEuroOfferAgainstDollarBand(benchmark::State& state) {
  levers::Offer o = F().euro_offer;
  o.region = "San Francisco";
  for (auto _ : state) benchmark::DoNotOptimize(levers::Evaluate(o, &F().guide, {}));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateEuroOfferAgainstDollarBand);

void BM_CounterPlan(benchmark::State& state) {
  const std::vector<levers::Offer> others = {F().other};
  for (auto _ : state) benchmark::DoNotOptimize(levers::Counter(F().offer, F().guide, others, {}));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CounterPlan);

}  // namespace

BENCHMARK_MAIN();
