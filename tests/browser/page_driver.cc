// Answers web app requests read from standard input, one JSON object a line
// ({"method","path","query","content_type","body"}), with one JSON line each
// ({"status","content_type","headers","body"}), so the browser tests can put
// the pages behind a small local HTTP server without the levers server.
//
// Usage: page_driver GUIDES_DIR [YYYY-MM-DD]
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "levers/date.h"
#include "levers/web.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: page_driver GUIDES_DIR [YYYY-MM-DD]\n";
    return 2;
  }
  levers::web::WebOptions options;
  if (argc > 2) {
    levers::DateParse d = levers::ParseIsoDate(argv[2]);
    if (!d.date) {
      std::cerr << "page_driver: " << argv[2] << ": " << d.error << "\n";
      return 2;
    }
    options.today = d.date;
  }
  auto app = levers::web::WebApp::FromFolder(argv[1], options);
  if (!app.ok()) {
    std::cerr << "page_driver: " << app.status().message() << "\n";
    return 2;
  }
  std::cout << "{\"ready\":" << app->guide_count() << "}" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    nlohmann::json out;
    try {
      const nlohmann::json in = nlohmann::json::parse(line);
      levers::web::PageRequest req{in.at("method"), in.at("path"), in.value("query", ""),
                                   in.value("content_type", ""), in.value("body", "")};
      levers::web::PageResponse r = app->Handle(req);
      out = {{"status", r.status},
             {"content_type", r.content_type},
             {"headers", r.headers},
             {"body", r.body}};
    } catch (const std::exception& e) {
      out = {{"status", 400},
             {"content_type", "text/plain"},
             {"headers", nlohmann::json::array()},
             {"body", std::string("page_driver: ") + e.what()}};
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  }
  return 0;
}
