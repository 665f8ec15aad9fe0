// levers: the one binary. main() registers every subcommand group, parses argv
// once and runs the subcommand given (see commands.h for the exit codes).
#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace levers::cli;
  // A write past the file size limit (ulimit -f) then fails with EFBIG and is
  // reported like any other write error, instead of killing the process with
  // no message.
  std::signal(SIGXFSZ, SIG_IGN);
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (const Command& c : commands) {
      if (*c.app) return c.run();
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
