// Per-stage cost of the guide pipeline on real guides, and the libraries it is
// built on against their alternatives (libyaml vs yaml-cpp for front matter,
// md4c vs cmark-gfm for the body). Google Benchmark; see docs/performance.md.
//
// Input: the guides under ../shared/seeds plus a generated one (LEVERS_BENCH_GUIDE
// names another file).
#include <benchmark/benchmark.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libfyaml.h>
#include <md4c.h>
#include <yaml-cpp/yaml.h>
#include <yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "guide/markdown_blocks.h"
#include "guide/yaml_tree.h"
#include "levers/check.h"
#include "levers/reader.h"
#include "levers/render.h"

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  // Through rdbuf rather than istreambuf_iterator, which GCC 12 warns about
  // (a false -Wnull-dereference inside <streambuf>).
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A guide with front matter: LEVERS_BENCH_GUIDE or the first reference guide.
const levers::SourceFile& Guide() {
  static const levers::SourceFile file = [] {
    const char* env = std::getenv("LEVERS_BENCH_GUIDE");
    std::string path = env ? env
                           : std::string(LEVERS_SOURCE_DIR) +
                                 "/data/guides/hugging-face-enterprise--engineering-manager.md";
    return levers::SourceFile(path, Slurp(path));
  }();
  return file;
}

std::pair<uint32_t, uint32_t> FrontMatter() {
  const std::string& t = Guide().text();
  const size_t b = t.find('\n') + 1;
  const size_t e = t.find("\n---", b) + 1;
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

void BM_ReadGuide(benchmark::State& state) {
  for (auto _ : state) {
    levers::DiagnosticSink sink;
    benchmark::DoNotOptimize(levers::ReadGuide(Guide(), sink));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Guide().text().size()));
}
BENCHMARK(BM_ReadGuide);

void BM_CheckGuide(benchmark::State& state) {
  levers::DiagnosticSink read_sink;
  const levers::Guide g = *levers::ReadGuide(Guide(), read_sink);
  levers::CheckOptions o;
  o.today = levers::Date{2026, 11, 23};
  for (auto _ : state) {
    levers::DiagnosticSink sink;
    levers::CheckGuide(g, o, sink);
    benchmark::DoNotOptimize(sink);
  }
}
BENCHMARK(BM_CheckGuide);

void BM_RenderHtml(benchmark::State& state) {
  levers::DiagnosticSink sink;
  const levers::Guide g = *levers::ReadGuide(Guide(), sink);
  for (auto _ : state) benchmark::DoNotOptimize(levers::RenderGuideHtml(g));
}
BENCHMARK(BM_RenderHtml);

void BM_RenderJson(benchmark::State& state) {
  levers::DiagnosticSink sink;
  const levers::Guide g = *levers::ReadGuide(Guide(), sink);
  levers::JsonOptions o;
  o.pretty = false;
  for (auto _ : state) benchmark::DoNotOptimize(levers::RenderGuideJson(g, o));
}
BENCHMARK(BM_RenderJson);

// --- YAML: the front matter alone -------------------------------------------------------
void BM_Yaml_LeversTreeOnLibyaml(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  for (auto _ : state) {
    levers::DiagnosticSink sink;
    benchmark::DoNotOptimize(
        levers::internal::ParseYaml(Guide(), b, e, sink, levers::ReadLimits{}));
  }
}
BENCHMARK(BM_Yaml_LeversTreeOnLibyaml);

void BM_Yaml_LibyamlEventsOnly(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const std::string_view text = std::string_view(Guide().text()).substr(b, e - b);
  for (auto _ : state) {
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    yaml_event_t ev;
    int n = 0;
    while (yaml_parser_parse(&p, &ev)) {
      const bool done = ev.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&ev);
      ++n;
      if (done) break;
    }
    yaml_parser_delete(&p);
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_Yaml_LibyamlEventsOnly);

void BM_Yaml_LibfyamlEventsOnly(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const std::string_view text = std::string_view(Guide().text()).substr(b, e - b);
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET);
  for (auto _ : state) {
    fy_parser* p = fy_parser_create(&cfg);
    fy_parser_set_string(p, text.data(), text.size());
    int n = 0;
    while (fy_event* ev = fy_parser_parse(p)) {
      ++n;
      fy_parser_event_free(p, ev);
    }
    fy_parser_destroy(p);
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_Yaml_LibfyamlEventsOnly);

void BM_Yaml_YamlCppLoad(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const std::string text = Guide().text().substr(b, e - b);
  for (auto _ : state) benchmark::DoNotOptimize(YAML::Load(text));
}
BENCHMARK(BM_Yaml_YamlCppLoad);

// --- Markdown: the body alone -------------------------------------------------------------
void BM_Markdown_LeversBlocksOnMd4c(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const uint32_t body = e + 4;
  for (auto _ : state) {
    benchmark::DoNotOptimize(levers::internal::ParseMarkdownBlocks(
        Guide(), body, static_cast<uint32_t>(Guide().text().size()), 20000));
  }
}
BENCHMARK(BM_Markdown_LeversBlocksOnMd4c);

int Nop(MD_BLOCKTYPE, void*, void*) { return 0; }
int NopSpan(MD_SPANTYPE, void*, void*) { return 0; }
int NopText(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

void BM_Markdown_Md4cParseOnly(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const std::string_view body = std::string_view(Guide().text()).substr(e + 4);
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_NOHTML;
  parser.enter_block = Nop;
  parser.leave_block = Nop;
  parser.enter_span = NopSpan;
  parser.leave_span = NopSpan;
  parser.text = NopText;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, nullptr));
}
BENCHMARK(BM_Markdown_Md4cParseOnly);

void BM_Markdown_CmarkGfmParseWithTables(benchmark::State& state) {
  auto [b, e] = FrontMatter();
  const std::string body = Guide().text().substr(e + 4);
  cmark_gfm_core_extensions_ensure_registered();
  cmark_syntax_extension* table = cmark_find_syntax_extension("table");
  for (auto _ : state) {
    cmark_parser* p = cmark_parser_new(CMARK_OPT_SOURCEPOS);
    cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, body.data(), body.size());
    cmark_node* doc = cmark_parser_finish(p);
    benchmark::DoNotOptimize(doc);
    cmark_node_free(doc);
    cmark_parser_free(p);
  }
}
BENCHMARK(BM_Markdown_CmarkGfmParseWithTables);

}  // namespace

BENCHMARK_MAIN();
