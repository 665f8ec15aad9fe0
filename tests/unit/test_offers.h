// Offers and bundled guides read for the offer engine's tests: a failure to
// read is a failure of the test that asked, naming the first problem.
#ifndef LEVERS_TESTS_UNIT_TEST_OFFERS_H_
#define LEVERS_TESTS_UNIT_TEST_OFFERS_H_

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "levers/offer.h"
#include "levers/reader.h"

namespace levers::testing {

// The offer written in `text` (an offer file's YAML), read as offer.yaml; an
// empty offer when it does not read.
inline Offer MustReadOffer(const std::string& text) {
  DiagnosticSink sink;
  std::optional<Offer> o = ReadOffer(SourceFile("offer.yaml", text), sink);
  EXPECT_TRUE(o) << (sink.diagnostics().empty() ? "" : sink.diagnostics()[0].message);
  return o ? *o : Offer{};
}

// The guide data/guides/`name`, read as bundled; an empty guide when it does not read.
inline Guide BundledGuide(const std::string& name) {
  Result<SourceFile> f = LoadSourceFile(std::string(LEVERS_SOURCE_DIR) + "/data/guides/" + name);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  DiagnosticSink sink;
  std::optional<Guide> g = f.ok() ? ReadGuide(*f, sink) : std::nullopt;
  EXPECT_TRUE(g) << name;
  return g ? *g : Guide{};
}

}  // namespace levers::testing

#endif  // LEVERS_TESTS_UNIT_TEST_OFFERS_H_
