// levels: equivalent roles across companies, from every guide's level mapping.
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "flag_checks.h"
#include "levers/levels.h"

namespace levers::cli {
namespace {

int CmdLevels(const std::string& query, const std::string& guides_dir, const std::string& format,
              bool indirect) {
  LoadedGuides loaded = LoadGuides({guides_dir});
  if (!loaded.listed) return kExitUsage;  // why was printed
  if (loaded.all.empty()) {
    std::cerr << "levers: " << guides_dir
              << ": no guides (*.md) found; give a folder of guides with --guides\n";
    return kExitUsage;
  }
  const levers::LevelGraph graph = levers::LevelGraph::Build(loaded.guides);
  levers::LevelQueryOptions o;
  o.indirect = indirect;
  auto answer = graph.Equivalents(query, o);
  if (!answer.ok()) {
    std::cerr << "levers: " << answer.status().message() << "\n";
    return answer.status().code() == levers::StatusCode::kInvalidArgument ? kExitUsage
                                                                          : kExitFindings;
  }
  if (format == "json") {
    std::map<std::string, const levers::SourceFile*, std::less<>> files;
    for (const CheckedGuide& g : loaded.all) {
      if (g.guide && g.file) files.emplace(g.guide->path, &*g.file);
    }
    levers::LevelJsonOptions jo;
    jo.locate = [&files](const std::string& path,
                         uint32_t offset) -> std::optional<levers::LineColumn> {
      auto it = files.find(path);
      if (it == files.end()) return std::nullopt;
      return it->second->Locate(offset);
    };
    std::cout << levers::FormatLevelAnswerJson(*answer, jo);
  } else {
    std::cout << levers::FormatLevelAnswerText(*answer);
  }
  return kExitOk;
}

}  // namespace

void AddLevelsCommand(CLI::App& app, Commands& out) {
  struct LevelsFlags {
    std::string query, guides = "data/guides", format = "text";
    bool indirect = false;
  };
  auto lf = std::make_shared<LevelsFlags>();
  CLI::App* levels = app.add_subcommand(
      "levels", "Equivalent roles at other companies, from every guide's level mapping");
  levels->add_option("query", lf->query, "A role such as \"Google L6\" or \"Meta E5\"")->required();
  levels->add_option("--guides", lf->guides, "Folder of guides (default data/guides)")
      ->check(NamedPathCheck("a folder of guides"));
  levels->add_option("--format", lf->format, "Output format")->check(OneOf({"text", "json"}));
  levels->add_flag("--indirect", lf->indirect, "Also follow a second hop through other guides");
  out.push_back(
      {levels, [lf] { return CmdLevels(lf->query, lf->guides, lf->format, lf->indirect); }});
}

}  // namespace levers::cli
