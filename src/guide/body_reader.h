// Fills a Guide from its Markdown body: heading, DNA summary, pay table, level
// mapping, focus section, Global Levers, Negotiate Up Strategy and evidence.
// Reads the guide's front matter bands, when a pay table row's amounts
// disagree on their currency, so the front matter must be read first.
// Pure; thread-safe.
#ifndef LEVERS_GUIDE_BODY_READER_H_
#define LEVERS_GUIDE_BODY_READER_H_

#include <vector>

#include "guide/markdown_blocks.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"

namespace levers::internal {

void ReadBody(const std::vector<MdBlock>& blocks, Guide& guide, DiagnosticSink& sink);

}  // namespace levers::internal

#endif  // LEVERS_GUIDE_BODY_READER_H_
