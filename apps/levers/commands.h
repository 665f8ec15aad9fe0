// The levers binary's subcommands. Each group registers its CLI11 subcommands
// and a runner; main() parses argv once and runs the runner of the subcommand
// that was given. A runner turns flags into library calls and a library result
// into output and an exit code; nothing here parses guides or computes figures.
//
// Exit codes: 0 success (check: no errors), 1 errors found in the input,
// 2 usage error or unreadable input, 3 an import whose commit went unanswered.
#ifndef LEVERS_APPS_LEVERS_COMMANDS_H_
#define LEVERS_APPS_LEVERS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "levers/bands.h"
#include "levers/corpus.h"

namespace levers::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
// levers import: the commit was sent and its answer never came; the import
// may or may not have been stored.
inline constexpr int kExitUnknownOutcome = 3;

// "1 guide", "2 guides": a count and its noun for people (plural with "s").
inline std::string Counted(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// What a folder scan refused, for a summary line: "2 files", "1 folder",
// "2 files and 1 folder".
inline std::string RefusedEntries(size_t files, size_t folders) {
  if (folders == 0) return Counted(files, "file");
  if (files == 0) return Counted(folders, "folder");
  return Counted(files, "file") + " and " + Counted(folders, "folder");
}

// A registered subcommand: runs when `app` was given on the command line.
// The runner owns (through its captures) every flag's storage.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
using Commands = std::vector<Command>;

// parse, check, render, build.
void AddGuideCommands(CLI::App& app, Commands& out);
// offer evaluate | compare | counter.
void AddOfferCommands(CLI::App& app, Commands& out);
// levels.
void AddLevelsCommand(CLI::App& app, Commands& out);
// bands build | apply | new | levels.
void AddBandsCommands(CLI::App& app, Commands& out);
// levers check --bands: drift between guides' bands and fresh salary data.
struct BandCheckFlags {
  std::string bands, as_of;
  std::string tolerance = "10";  // percent, read by ParseHundredths
};
void AddBandCheckOptions(CLI::App* check, BandCheckFlags& flags);
// The bands `levers check --bands` compares each guide with, read once
// before any guide is.
struct BandDrift {
  std::optional<BandSet> bands;  // none without --bands
  int32_t tolerance_bp = 0;
  // Adds a bands-drift warning to the guide's findings for each figure off
  // the bands by more than the tolerance.
  void Add(CheckedGuide& guide) const;
};
// Reads --bands into `out` (nothing without it); false (after saying why)
// when the bands cannot be read or are not grouped so guides can be compared.
bool LoadBandDrift(const BandCheckFlags& flags, BandDrift& out);
// import.
void AddStoreCommands(CLI::App& app, Commands& out);
// serve.
void AddServeCommand(CLI::App& app, Commands& out);

// Every guide under `paths` (files or folders), read without running the
// checks. Prints why and returns an empty set when a path cannot be listed.
struct LoadedGuides {
  bool listed = false;  // the folder could be listed (else the reason was printed)
  std::vector<CheckedGuide> all;
  std::vector<const Guide*> guides;
};
LoadedGuides LoadGuides(const std::vector<std::string>& paths);

}  // namespace levers::cli

#endif  // LEVERS_APPS_LEVERS_COMMANDS_H_
