// Fills a Guide from its YAML front matter tree. Unknown keys are warnings and
// are kept as written (RawYamlEntry, from `file`'s bytes within
// guide.front_matter_range); wrongly typed values are errors naming the key;
// a key given twice in one mapping, at any depth, is duplicate-key at the
// second naming the first (the first is read). Pure; thread-safe.
#ifndef LEVERS_GUIDE_FRONT_MATTER_READER_H_
#define LEVERS_GUIDE_FRONT_MATTER_READER_H_

#include "guide/yaml_tree.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"

namespace levers::internal {

// `guide.front_matter_range` must be set: kept text never reaches past it.
void ReadFrontMatter(const YamlNode& root, const SourceFile& file, Guide& guide,
                     DiagnosticSink& sink);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_FRONT_MATTER_READER_H_
