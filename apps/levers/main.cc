// levers: the one binary. main() registers every subcommand group, parses argv
// once and runs the subcommand given (see commands.h for the exit codes).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "flag_checks.h"
#include "levers/edit_distance.h"
#include "levers/utf8.h"
#include "output_file.h"

namespace {

// The commands `app` offers, "parse, check ... or serve".
std::string CommandList(CLI::App* app) {
  std::vector<std::string> names;
  for (CLI::App* s : app->get_subcommands([](CLI::App*) { return true; }))
    names.push_back(s->get_name());
  return levers::cli::ListWithOr(names);
}

// The leading words of argv name a command and its subcommands ("offer
// evaluate"). CLI11 reports a word that names none as "A subcommand is
// required", naming neither the word nor the choices; this says both, with
// the closest command when one is near. Empty when the words are fine.
std::string UnknownCommand(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  std::string path = "levers";
  for (int i = 1;; ++i) {
    const std::vector<CLI::App*> subs = at->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return "";
    if (i == argc) return path + ": expected a command: " + CommandList(at);
    const std::string_view word = argv[i];
    if (word == "--help" || word == "-h" || (word == "--version" && at == &app)) return "";
    CLI::App* next = nullptr;
    size_t best = SIZE_MAX;
    std::string closest;
    for (CLI::App* s : subs) {
      if (s->get_name() == word) next = s;
      const size_t d = levers::EditDistance(word, s->get_name());
      if (d < best) {
        best = d;
        closest = s->get_name();
      }
    }
    if (next == nullptr) {
      std::string m = path +
                      (word.starts_with("-") ? ": unknown option '" : ": unknown command '") +
                      levers::ReplaceInvalidUtf8(levers::ClipUtf8(word, 64)) + "'";
      if (best <= 2 && !word.starts_with("-")) m += "; did you mean '" + closest + "'?";
      return m + " (expected " + CommandList(at) + ")";
    }
    path += " " + next->get_name();
    at = next;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace levers::cli;
  // A write past the file size limit (ulimit -f) then fails with EFBIG and is
  // reported like any other write error, instead of killing the process with
  // no message.
  std::signal(SIGXFSZ, SIG_IGN);
  SetUpStandardStreams();
  CLI::App app{"levers: read, check and publish job-offer negotiation guides"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "levers 0.1.0");
  // Usage errors read like every other message: "levers: --tolerance: expected ...".
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    return "levers: " + CLI::FailureMessage::simple(a, e);
  });

  Commands commands;
  AddGuideCommands(app, commands);
  AddOfferCommands(app, commands);
  AddLevelsCommand(app, commands);
  AddBandsCommands(app, commands);
  AddStoreCommands(app, commands);
  AddServeCommand(app, commands);

  if (const std::string m = UnknownCommand(app, argc, argv); !m.empty()) {
    std::cerr << m << "\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // --help and --version print on stdout
    return rc == 0 && FlushStandardOutput() ? kExitOk : kExitUsage;
  }
  try {
    for (const Command& c : commands) {
      if (!*c.app) continue;
      const int rc = c.run();
      return FlushStandardOutput() || rc == kExitUsage ? rc : kExitUsage;
    }
  } catch (const std::exception& e) {
    std::cerr << "levers: internal error: " << e.what() << "\n";
    return kExitUsage;
  } catch (...) {
    std::cerr << "levers: internal error\n";
    return kExitUsage;
  }
  return kExitUsage;
}
