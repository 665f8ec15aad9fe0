// Fills a Guide from its YAML front matter tree. Unknown keys are warnings;
// wrongly typed values are errors naming the key. Pure; thread-safe.
#ifndef LEVERS_GUIDE_FRONT_MATTER_READER_H_
#define LEVERS_GUIDE_FRONT_MATTER_READER_H_

#include "guide/yaml_tree.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"

namespace levers::internal {

void ReadFrontMatter(const YamlNode& root, Guide& guide, DiagnosticSink& sink);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_FRONT_MATTER_READER_H_
