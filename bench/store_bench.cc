// The store's reads, as `levers serve` makes them, on every store: one guide by
// id, a page of summaries, a text search, bands by region; on one thread and on
// two at once. The floor beside them: the same SELECT by primary key through
// the bare sqlite3 API on the same file (what any SQLite-backed server pays).
//
// Corpus: 1,000 guides from ../shared/tools/gen-guides (the bundled 10 when it
// is absent). PostgreSQL runs when LEVERS_TEST_PG_URL is set
// (`LEVERS_TEST_PG_URL=$(bash scripts/pg-test.sh start) build/bench/store_bench`).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "levers/store.h"

namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::vector<std::string> ids;
  std::unique_ptr<levers::Store> memory, sqlite, postgresql;
  std::string sqlite_path;
  fs::path dir;
};

Fixture* Setup() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    fx->dir = fs::temp_directory_path() / ("levers-store-bench-" + std::to_string(getpid()));
    fs::create_directories(fx->dir);
    std::string guides = std::string(LEVERS_SOURCE_DIR) + "/data/guides";
    const fs::path gen = fs::path(LEVERS_SOURCE_DIR) / "../shared/tools/gen-guides";
    if (fs::exists(gen)) {
      const std::string out = (fx->dir / "guides").string();
      if (std::system(("python3 '" + gen.string() + "' '" + out + "' 1000 >/dev/null").c_str()) ==
          0)
        guides = out;
    }
    auto paths = levers::CollectGuidePaths({guides});
    levers::CorpusOptions o;
    o.check.today = levers::Date{2026, 6, 1};
    auto snap = levers::BuildCorpusSnapshot(levers::ReadAndCheck(*paths, o),
                                            {guides, "2026-06-01T00:00:00Z"});
    for (const auto& g : snap->guides) fx->ids.push_back(g.summary.id);
    auto open = [&](const std::string& url) -> std::unique_ptr<levers::Store> {
      auto s = levers::OpenStore(url);
      if (!s.ok() || !(*s)->ReplaceCorpus(*snap).ok()) return nullptr;
      return std::move(s).value();
    };
    fx->memory = open("memory:");
    fx->sqlite_path = (fx->dir / "levers.db").string();
    fx->sqlite = open("sqlite:" + fx->sqlite_path);
    if (const char* pg = std::getenv("LEVERS_TEST_PG_URL")) fx->postgresql = open(pg);
    return fx;
  }();
  return f;
}

levers::Store* StoreOf(int backend) {
  Fixture* f = Setup();
  return backend == 0 ? f->memory.get() : backend == 1 ? f->sqlite.get() : f->postgresql.get();
}

void BM_GetGuide(benchmark::State& state) {
  levers::Store* s = StoreOf(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("store not available");
  const auto& ids = Setup()->ids;
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  for (auto _ : state) {
    auto g = s->GetGuide(ids[i++ % ids.size()]);
    if (!g.ok()) return state.SkipWithError("GetGuide failed");
    benchmark::DoNotOptimize(g->json.size());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ListGuidesPage(benchmark::State& state) {
  levers::Store* s = StoreOf(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("store not available");
  levers::GuideQuery q;
  q.sort = levers::GuideSortKey::kLastUpdated;
  q.descending = true;
  q.offset = 100;
  for (auto _ : state) {
    auto p = s->ListGuides(q);
    if (!p.ok()) return state.SkipWithError("ListGuides failed");
    benchmark::DoNotOptimize(p->total);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ListGuidesText(benchmark::State& state) {
  levers::Store* s = StoreOf(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("store not available");
  levers::GuideQuery q;
  q.q = "london";
  q.role = "engineering manager";
  for (auto _ : state) {
    auto p = s->ListGuides(q);
    if (!p.ok()) return state.SkipWithError("ListGuides failed");
    benchmark::DoNotOptimize(p->total);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ListBandsRegion(benchmark::State& state) {
  levers::Store* s = StoreOf(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("store not available");
  levers::BandFilter f;
  f.region = "Zurich";
  for (auto _ : state) {
    auto b = s->ListBands(f);
    if (!b.ok()) return state.SkipWithError("ListBands failed");
    benchmark::DoNotOptimize(b->size());
  }
  state.SetItemsProcessed(state.iterations());
}

// The floor: one prepared SELECT by id on the same file, one connection per thread.
void BM_RawSqliteSelectById(benchmark::State& state) {
  Fixture* f = Setup();
  sqlite3* db = nullptr;
  sqlite3_open_v2(f->sqlite_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(
      db,
      "SELECT g.id, g.path, g.company, g.company_display, g.role, g.role_display, "
      "g.role_type, g.last_updated, g.next_review_due, g.data_quality, "
      "g.salary_data_quarter, g.regions_json, g.errors, g.warnings, t.source, t.json "
      "FROM guides g JOIN guide_texts t ON t.id = g.id WHERE g.id = ?1",
      -1, &stmt, nullptr);
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  for (auto _ : state) {
    const std::string& id = f->ids[i++ % f->ids.size()];
    sqlite3_bind_text(stmt, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
      state.SkipWithError("no row");
      break;
    }
    std::string json(reinterpret_cast<const char*>(sqlite3_column_blob(stmt, 15)),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, 15)));
    std::string source(reinterpret_cast<const char*>(sqlite3_column_blob(stmt, 14)),
                       static_cast<size_t>(sqlite3_column_bytes(stmt, 14)));
    benchmark::DoNotOptimize(json.size() + source.size());
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations());
}

// Argument: 0 memory, 1 sqlite, 2 postgresql.
void Backends(benchmark::internal::Benchmark* b) {
  b->ArgName("store")->Arg(0)->Arg(1)->Arg(2)->Threads(1)->Threads(2)->UseRealTime();
}
BENCHMARK(BM_GetGuide)->Apply(Backends);
BENCHMARK(BM_ListGuidesPage)->Apply(Backends);
BENCHMARK(BM_ListGuidesText)->Apply(Backends);
BENCHMARK(BM_ListBandsRegion)->Apply(Backends);
BENCHMARK(BM_RawSqliteSelectById)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
