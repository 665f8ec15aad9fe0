// Fuzz target for the HTTP API's request handling, without sockets (as
// cpp-httplib's server fuzzer does): the input is
//   METHOD TARGET\n
//   CONTENT-TYPE\n
//   BODY...
// handed to ApiHandler::Handle over the bundled guides in an in-memory store.
// Every answer must be one of the documented statuses (a 500 is a bug), and
// every error must be the documented JSON shape; anything else aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "levers/server.h"

namespace {

std::shared_ptr<const levers::ServedCorpus> LoadCorpus() {
  const std::string dir = std::string(LEVERS_SOURCE_DIR) + "/data/guides";
  auto paths = levers::CollectGuidePaths({dir});
  if (!paths.ok()) std::abort();
  levers::SnapshotOptions options;
  options.root_dir = dir;
  auto snap = levers::BuildCorpusSnapshot(levers::ReadAndCheck(*paths, {}), options);
  auto store = levers::OpenStore("memory:");
  if (!snap.ok() || !store.ok() || !(*store)->ReplaceCorpus(*snap).ok()) std::abort();
  auto corpus = levers::ServedCorpus::Load(std::move(*store));
  if (!corpus.ok()) std::abort();
  return std::move(*corpus);
}

void Fail(const char* why, const levers::HttpResponse& r) {
  std::fprintf(stderr, "api_fuzzer: %s: status %d body %.300s\n", why, r.status, r.body.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const levers::ApiHandler handler(LoadCorpus());
  std::string_view in(reinterpret_cast<const char*>(data), size);
  levers::HttpRequest req;
  const size_t nl1 = in.find('\n');
  const std::string_view line = in.substr(0, nl1);
  const size_t sp = line.find(' ');
  req.method = std::string(line.substr(0, sp));
  req.target = sp == std::string_view::npos ? "/" : std::string(line.substr(sp + 1));
  if (nl1 != std::string_view::npos) {
    std::string_view rest = in.substr(nl1 + 1);
    const size_t nl2 = rest.find('\n');
    req.headers.emplace_back("content-type", std::string(rest.substr(0, nl2)));
    if (nl2 != std::string_view::npos) req.body = std::string(rest.substr(nl2 + 1));
  }
  const levers::HttpResponse r = handler.Handle(req);
  switch (r.status) {
    case 200:
    case 204:
      return 0;
    case 400:
    case 404:
    case 405:
    case 413:
    case 415:
    case 422:
      break;
    default:
      Fail("undocumented status", r);
  }
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error") || !j["error"]["code"].is_string() ||
      !j["error"]["message"].is_string()) {
    Fail("error answer without the error shape", r);
  }
  return 0;
}
