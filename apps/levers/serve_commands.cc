// serve: the HTTP API over a store (docs/http-api.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.h"
#include "flag_checks.h"
#include "levers/server.h"
#include "levers/server_listener.h"
#include "levers/store.h"
#include "levers/web.h"

namespace levers::cli {
namespace {

// How long a stop waits for a check of the store under way.
constexpr std::chrono::seconds kStopWait{2};

struct ServeFlags {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 2;
  size_t max_connections = 1024;
  uint64_t max_body_bytes = 1024 * 1024;
  uint32_t max_header_bytes = 16 * 1024;
  double request_timeout_s = 10;
  std::string today;
  double reload_interval_s = 5;
};

int CmdServe(const ServeFlags& f) {
  ListenerOptions lo;
  if (Status s = ParseListenAddress(f.listen, lo); !s.ok()) {
    std::cerr << "levers: " << s.message() << "\n";
    return kExitUsage;
  }
  lo.threads = f.threads;
  // A cap above what the open-file limit allows would never be reached:
  // clients past the limit would wait for a descriptor instead of getting 503.
  const ConnectionCap cap = FitConnectionsToOpenFileLimit(f.max_connections);
  lo.max_connections = cap.max_connections;
  if (cap.lowered) {
    std::cerr << "levers: --max-connections " << f.max_connections << " lowered to "
              << cap.max_connections << ": the open-file limit (ulimit -n) is " << cap.open_files
              << " and serving keeps " << kServeReservedDescriptors << " descriptors for itself"
              << std::endl;
  }
  lo.max_body_bytes = f.max_body_bytes;
  lo.too_large_page = [](uint64_t limit) { return web::TooLargePage(limit); };
  lo.max_header_bytes = f.max_header_bytes;
  lo.request_timeout = std::chrono::milliseconds(static_cast<int64_t>(f.request_timeout_s * 1000));

  ServedCorpusOptions co;
  // Checked by IsoDateCheck as argv was parsed.
  if (!f.today.empty()) co.today = ParseIsoDate(f.today).date;
  // Serving a file that is not there would create an empty store and serve
  // nothing: almost always a mistyped path (docs/store.md).
  auto store = OpenStore(f.db, MissingStoreFile::kRefuse, "levers-serve");
  if (!store.ok()) {
    std::cerr << "levers: " << store.status().message() << "\n";
    return kExitUsage;
  }
  ReloadOptions ro;
  // Zero turns checking off.
  ro.interval = std::chrono::milliseconds(std::llround(f.reload_interval_s * 1000));
  auto reloader = SiteReloader::Open(std::shared_ptr<const Store>(std::move(*store)), co, ro);
  if (!reloader.ok()) {
    std::cerr << "levers: " << reloader.status().message() << "\n";
    return kExitUsage;
  }
  SiteReloader& sites = **reloader;
  const size_t guides = sites.Current()->corpus().guides().size();
  // Each request takes the current site once and is answered wholly from it:
  // the web app's pages (docs/web.md) for every path outside /api/, for every
  // method (the offer and compare forms are POSTed), the API for the rest.
  HttpListener listener([&sites](const HttpRequest& r) { return sites.Current()->Handle(r); }, lo);
  if (Status s = listener.Open(); !s.ok()) {
    std::cerr << "levers: " << s.message() << "\n";
    return kExitUsage;
  }
  // A PostgreSQL URL may hold a password: only the kind of store is shown for it.
  const std::string from =
      f.db.starts_with("sqlite:") ? f.db : std::string(sites.Current()->corpus().stats().backend);
  std::cout << "levers: serving " << Counted(guides, "guide") << " from " << from << " at http://"
            << listener.address() << "/ (Ctrl-C stops)" << std::endl;
  sites.Start();
  listener.Run(/*stop_on_signals=*/true);
  // A check blocked in a store call (a stalled network to PostgreSQL) does not
  // hold the process: it is left behind after kStopWait (docs/http-api.md).
  if (!sites.StopWithin(kStopWait)) {
    std::cout << "levers: stopped (a check of the store under way was abandoned)" << std::endl;
    std::fflush(nullptr);
    std::_Exit(kExitOk);  // the reloader's thread cannot be joined or destroyed under it
  }
  std::cout << "levers: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Commands& out) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP JSON API over a store");
  serve->add_option("--db", f->db, "store URL: sqlite:PATH, postgresql://..., memory:")->required();
  serve->add_option("--listen", f->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--threads", f->threads, "event-loop threads (0: one per core)")
      ->capture_default_str()
      ->check(JobsCheck());
  serve
      ->add_option("--max-connections", f->max_connections,
                   "open connections at most; at the cap the one idle longest is closed for a "
                   "new one")
      ->capture_default_str()
      ->check(WholeNumberCheck(1, 1'000'000, "a whole number of connections from 1 to 1000000"));
  serve->add_option("--max-body-bytes", f->max_body_bytes, "largest request body")
      ->capture_default_str()
      ->check(
          WholeNumberCheck(1, uint64_t{1} << 30, "a whole number of bytes from 1 to 1073741824"));
  serve->add_option("--max-header-bytes", f->max_header_bytes, "largest request line + headers")
      ->capture_default_str()
      ->check(
          WholeNumberCheck(256, uint64_t{1} << 20, "a whole number of bytes from 256 to 1048576"));
  serve
      ->add_option("--request-timeout", f->request_timeout_s,
                   "seconds a client has to send each whole request")
      ->capture_default_str()
      ->check(DecimalCheck([](double s) { return s > 0 && s <= 3600; },
                           "a number of seconds more than 0 and at most 3600, like 10 or 0.5"));
  serve
      ->add_option("--today", f->today,
                   "YYYY-MM-DD the dated checks and overdue marks measure against (default: "
                   "today, UTC, taken at each load of an import)")
      ->check(IsoDateCheck());
  serve
      ->add_option("--reload-interval", f->reload_interval_s,
                   "seconds between checks for a new import (0: never)")
      ->capture_default_str()
      // At least 0.1 s: a check is a query, and a store that is down is logged
      // once per attempt.
      ->check(DecimalCheck([](double s) { return s == 0 || (s >= 0.1 && s <= 86400); },
                           "0 (never) or a number of seconds from 0.1 to 86400, like 5 or 0.5"));
  out.push_back({serve, [f] { return CmdServe(*f); }});
}

}  // namespace levers::cli
