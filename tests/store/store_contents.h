// Everything a Store can be asked, read back through its public interface, so a
// test can assert that two states are identical ("the previous state intact").
#ifndef LEVERS_TESTS_STORE_STORE_CONTENTS_H_
#define LEVERS_TESTS_STORE_STORE_CONTENTS_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "levers/store.h"

namespace levers::testing {

struct StoreContents {
  StoreStats stats;
  GuidePage page;  // every guide, by id
  std::vector<GuideRecord> guides;
  std::vector<GuideParts> parts;
  std::vector<StoredBand> bands;
  std::vector<StoredFinding> findings;
  std::vector<GuideSource> sources;
  int64_t generation = 0;
  bool operator==(const StoreContents&) const = default;
};

inline StoreContents ReadContents(const Store& store) {
  StoreContents c;
  auto stats = store.Stats();
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  if (stats.ok()) c.stats = *stats;
  GuideQuery q;
  q.limit = kMaxGuidePage;
  for (;;) {
    auto page = store.ListGuides(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    c.page.total = page->total;
    for (GuideSummary& s : page->items) c.page.items.push_back(std::move(s));
    q.offset += kMaxGuidePage;
    if (q.offset >= c.page.total) break;
  }
  for (const GuideSummary& s : c.page.items) {
    auto g = store.GetGuide(s.id);
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    if (g.ok()) c.guides.push_back(*g);
    auto p = store.GetGuideParts(s.id);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (p.ok()) c.parts.push_back(*p);
  }
  auto bands = store.ListBands({});
  EXPECT_TRUE(bands.ok()) << bands.status().ToString();
  if (bands.ok()) c.bands = *bands;
  auto findings = store.ListFindings({});
  EXPECT_TRUE(findings.ok()) << findings.status().ToString();
  if (findings.ok()) c.findings = *findings;
  auto sources = store.AllGuideSources();
  EXPECT_TRUE(sources.ok()) << sources.status().ToString();
  if (sources.ok()) c.sources = *sources;
  auto generation = store.ImportGeneration();
  EXPECT_TRUE(generation.ok()) << generation.status().ToString();
  if (generation.ok()) c.generation = *generation;
  return c;
}

}  // namespace levers::testing

#endif  // LEVERS_TESTS_STORE_STORE_CONTENTS_H_
