#include "levers/levels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "levers/corpus.h"
#include "levers/reader.h"
#include "test_guides.h"

namespace levers {
namespace {

// A body-only guide: the heading names the role and company, and the one line
// the graph reads is the level mapping.
std::string MiniGuide(const std::string& role, const std::string& company,
                      const std::string& mapping) {
  return "### " + role + " | " + company + " Global Negotiation Guide\n\n" + company +
         " is a made-up firm for these tests.\n\n**Level Mapping:** " + mapping + "\n";
}

// Guides read from text; kept alive for as long as the graph is built from them.
class Guides {
 public:
  Guides& Add(const std::string& path, const std::string& text) {
    testing::ReadResult r = testing::ReadText(text, path);
    EXPECT_TRUE(r.guide.has_value()) << path;
    if (r.guide) guides_.push_back(*r.guide);
    return *this;
  }
  std::vector<const Guide*> Pointers(bool reversed = false) const {
    std::vector<const Guide*> out;
    for (const Guide& g : guides_) out.push_back(&g);
    if (reversed) std::reverse(out.begin(), out.end());
    return out;
  }
  LevelGraph Graph() const { return LevelGraph::Build(Pointers()); }

 private:
  std::vector<Guide> guides_;
};

std::vector<std::string> Labels(const std::vector<LevelMatch>& matches) {
  std::vector<std::string> out;
  for (const LevelMatch& m : matches) out.push_back(LevelRoleLabel(m.role));
  return out;
}

std::vector<std::string> Paths(const LevelMatch& m) {
  std::vector<std::string> out;
  for (const LevelSource& s : m.sources) out.push_back(s.guide_path);
  return out;
}

const LevelMatch* Find(const std::vector<LevelMatch>& matches, const std::string& label) {
  for (const LevelMatch& m : matches) {
    if (LevelRoleLabel(m.role) == label) return &m;
  }
  return nullptr;
}

const std::string kOrchard =
    MiniGuide("Staff Engineer", "Orchard Systems", "Orchard Staff Engineer = Google L6 = Meta E6");
const std::string kPinecrest =
    MiniGuide("Engineering Manager", "Pinecrest Labs", "Pinecrest EM = Google L6 EM = Meta M2");
const std::string kSablewood =
    MiniGuide("Staff Engineer", "Sablewood", "Sablewood Staff Engineer = Google L5-L6 = Meta E5");

TEST(LevelGraph, GoogleL6AcrossTwoGuides) {
  Guides g;
  g.Add("orchard.md", kOrchard).Add("pinecrest.md", kPinecrest);
  const LevelGraph graph = g.Graph();
  EXPECT_EQ(graph.node_count(), 6u);
  EXPECT_EQ(graph.mapping_count(), 2u);

  Result<LevelAnswer> a = graph.Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(LevelRoleLabel(a->query), "Google L6");
  EXPECT_EQ(Labels(a->matched), (std::vector<std::string>{"Google L6", "Google L6 EM"}));
  EXPECT_EQ(Labels(a->equivalents),
            (std::vector<std::string>{"Meta E6", "Meta M2", "Orchard Systems Staff Engineer",
                                      "Pinecrest Labs EM"}));
  for (const LevelMatch& m : a->equivalents) {
    EXPECT_FALSE(m.indirect);
    ASSERT_EQ(m.sources.size(), 1u);
  }
  // Each equivalent names its guide and the title the Google role had there.
  const LevelSource& e6 = a->equivalents[0].sources[0];
  EXPECT_EQ(e6.guide_path, "orchard.md");
  EXPECT_EQ(e6.guide_company, "Orchard Systems");
  EXPECT_EQ(e6.guide_role, "Staff Engineer");
  EXPECT_EQ(e6.part, MappingPart::kBody);
  EXPECT_EQ(LevelRoleLabel(e6.matched), "Google L6");
  const LevelSource& m2 = a->equivalents[1].sources[0];
  EXPECT_EQ(m2.guide_path, "pinecrest.md");
  EXPECT_EQ(LevelRoleLabel(m2.matched), "Google L6 EM");
  EXPECT_EQ(m2.matched.title, "EM");
  // The guide's own role keeps the text as written and takes the guide's company.
  const LevelRole& own = a->equivalents[3].role;
  EXPECT_EQ(own.company, "Pinecrest Labs");
  EXPECT_EQ(own.title, "EM");
  EXPECT_EQ(own.text, "Pinecrest EM");
  EXPECT_TRUE(a->disagreements.empty());
}

TEST(LevelGraph, RangesMatchEveryLevelInsideThemOnly) {
  Guides g;
  g.Add("quarry.md", MiniGuide("Data Engineer", "Quarry Analytics",
                               "Quarry Data Engineer = Google L5-L6 = Meta IC4-5"));
  const LevelGraph graph = g.Graph();

  for (const char* q : {"Google L5", "Google L6", "Google L5-L6", "Google L4-L5"}) {
    Result<LevelAnswer> a = graph.Equivalents(q);
    ASSERT_TRUE(a.ok()) << q << ": " << a.status().ToString();
    EXPECT_EQ(Labels(a->matched), (std::vector<std::string>{"Google L5-L6"})) << q;
    EXPECT_EQ(Labels(a->equivalents),
              (std::vector<std::string>{"Meta IC4-IC5", "Quarry Analytics Data Engineer"}))
        << q;
  }
  Result<LevelAnswer> ic5 = graph.Equivalents("Meta IC5");
  ASSERT_TRUE(ic5.ok()) << ic5.status().ToString();
  EXPECT_EQ(Labels(ic5->equivalents),
            (std::vector<std::string>{"Google L5-L6", "Quarry Analytics Data Engineer"}));
  EXPECT_EQ(ic5->matched[0].role.level_low, "IC4");
  EXPECT_EQ(ic5->matched[0].role.level_high, "IC5");

  Result<LevelAnswer> l7 = graph.Equivalents("Google L7");
  ASSERT_FALSE(l7.ok());
  EXPECT_EQ(l7.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(l7.status().message(),
            "no guide maps Google L7; the guides name Google as: Google L5-L6");
  EXPECT_EQ(graph.Equivalents("Meta IC6").status().code(), StatusCode::kNotFound);
  // Another prefix is another track, even with the same number ...
  EXPECT_EQ(graph.Equivalents("Google T5-T6").status().code(), StatusCode::kOk);
  EXPECT_EQ(graph.Equivalents("Meta M5").status().code(), StatusCode::kNotFound);
  // ... unless it is another spelling of the company's ladder: Meta's IC5 is E5.
  Result<LevelAnswer> e5 = graph.Equivalents("Meta E5");
  ASSERT_TRUE(e5.ok()) << e5.status().ToString();
  EXPECT_EQ(Labels(e5->matched), (std::vector<std::string>{"Meta IC4-IC5"}));
}

TEST(LevelGraph, ParseQueryUsesTheMappingRules) {
  Guides g;
  g.Add("pinecrest.md", kPinecrest);
  const LevelGraph graph = g.Graph();
  Result<LevelRole> r = graph.ParseQuery("Google L5-L6 EM");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->company, "Google");
  EXPECT_EQ(r->title, "EM");
  EXPECT_EQ(r->level_low, "L5");
  EXPECT_EQ(r->level_high, "L6");
  EXPECT_EQ(r->text, "Google L5-L6 EM");

  Result<LevelRole> lower = graph.ParseQuery("  meta   m2 ");
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(lower->company, "Meta");
  EXPECT_EQ(lower->level_low, "M2");
  EXPECT_EQ(lower->level_high, "M2");
  EXPECT_EQ(lower->title, "");
  EXPECT_EQ(lower->text, "meta m2");

  // A multi-word company in lower case is found by its known name.
  Result<LevelRole> own = graph.ParseQuery("pinecrest labs em");
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->company, "Pinecrest Labs");
  EXPECT_EQ(own->title, "EM");  // as the guides write it
  EXPECT_EQ(own->level_low, "");
}

TEST(LevelGraph, TitleNarrowsOnlyWhenTheQueryGivesOne) {
  Guides g;
  g.Add("kestrel.md", MiniGuide("Senior Engineer", "Kestrel Foods",
                                "Kestrel Senior Engineer = Google L5 = Amazon L6"))
      .Add("lumen.md", MiniGuide("Technical Program Manager", "Lumen Grid",
                                 "Lumen TPM = Google L5 TPM = Amazon L6 TPM"));
  const LevelGraph graph = g.Graph();

  Result<LevelAnswer> tpm = graph.Equivalents("Google L5 TPM");
  ASSERT_TRUE(tpm.ok()) << tpm.status().ToString();
  EXPECT_EQ(Labels(tpm->matched), (std::vector<std::string>{"Google L5 TPM"}));
  EXPECT_EQ(Labels(tpm->equivalents),
            (std::vector<std::string>{"Amazon L6 TPM", "Lumen Grid TPM"}));

  Result<LevelAnswer> any = graph.Equivalents("Google L5");
  ASSERT_TRUE(any.ok()) << any.status().ToString();
  EXPECT_EQ(Labels(any->matched), (std::vector<std::string>{"Google L5", "Google L5 TPM"}));
  EXPECT_EQ(Labels(any->equivalents),
            (std::vector<std::string>{"Amazon L6", "Amazon L6 TPM", "Kestrel Foods Senior Engineer",
                                      "Lumen Grid TPM"}));
  // Which title each match had on the Google side.
  EXPECT_EQ(Find(any->equivalents, "Amazon L6")->sources[0].matched.title, "");
  EXPECT_EQ(Find(any->equivalents, "Amazon L6 TPM")->sources[0].matched.title, "TPM");

  // Titles compare without regard to case; an unknown title matches nothing.
  Result<LevelAnswer> lower = graph.Equivalents("google l5 tpm");
  ASSERT_TRUE(lower.ok()) << lower.status().ToString();
  EXPECT_EQ(Labels(lower->matched), (std::vector<std::string>{"Google L5 TPM"}));
  EXPECT_EQ(graph.Equivalents("Google L5 Designer").status().code(), StatusCode::kNotFound);
}

TEST(LevelGraph, CompanyNamesMatchWithoutCaseSpacesOrPunctuation) {
  Guides g;
  g.Add("rivermint.md",
        MiniGuide("Software Engineer", "Rivermint Cloud", "Rivermint SWE = Google L4 = Meta E4"));
  const LevelGraph graph = g.Graph();
  EXPECT_EQ(graph.companies(), (std::vector<std::string>{"Google", "Meta", "Rivermint Cloud"}));

  for (const char* q : {"google l4", "GOOGLE L4", "Goo-gle L4", "\"Google L4\""}) {
    Result<LevelAnswer> a = graph.Equivalents(q);
    ASSERT_TRUE(a.ok()) << q << ": " << a.status().ToString();
    EXPECT_EQ(a->query.company, "Google") << q;
    EXPECT_EQ(Labels(a->equivalents), (std::vector<std::string>{"Meta E4", "Rivermint Cloud SWE"}))
        << q;
  }
  // The name the mapping writes first ("Rivermint") is another name for the
  // guide's company, so both find the same role.
  for (const char* q : {"Rivermint SWE", "rivermint cloud swe", "RIVERMINT-CLOUD SWE"}) {
    Result<LevelAnswer> a = graph.Equivalents(q);
    ASSERT_TRUE(a.ok()) << q << ": " << a.status().ToString();
    EXPECT_EQ(LevelRoleLabel(a->query), "Rivermint Cloud SWE") << q;
    ASSERT_EQ(a->matched.size(), 1u);
    EXPECT_EQ(a->matched[0].role.text, "Rivermint SWE");
    EXPECT_EQ(Labels(a->equivalents), (std::vector<std::string>{"Google L4", "Meta E4"})) << q;
  }
}

TEST(LevelGraph, OnlyAShortFormOfTheGuideCompanyBecomesAnAlias) {
  // Acme's guide puts Google first: that role still counts as Acme's own, but
  // "Google" does not become another name for Acme.
  Guides g;
  g.Add("acme.md", MiniGuide("Software Engineer", "Acme Tools", "Google L4 = Acme SWE"))
      .Add("birch.md", MiniGuide("Software Engineer", "Birch", "Birch SWE = Google L4 = Meta E4"));
  const LevelGraph graph = g.Graph();
  EXPECT_EQ(graph.companies(),
            (std::vector<std::string>{"Acme", "Acme Tools", "Birch", "Google", "Meta"}));
  Result<LevelAnswer> a = graph.Equivalents("Google L4");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->equivalents), (std::vector<std::string>{"Birch SWE", "Meta E4"}));
}

TEST(LevelGraph, TwoGuidesDisagree) {
  Guides g;
  g.Add("orchard.md", kOrchard).Add("sablewood.md", kSablewood);
  const LevelGraph graph = g.Graph();

  Result<LevelAnswer> a = graph.Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->equivalents),
            (std::vector<std::string>{"Meta E5", "Meta E6", "Orchard Systems Staff Engineer",
                                      "Sablewood Staff Engineer"}));
  ASSERT_EQ(a->disagreements.size(), 1u);
  const LevelDisagreement& d = a->disagreements[0];
  EXPECT_EQ(d.about, "Meta E level for Google L6");
  ASSERT_EQ(d.claims.size(), 2u);
  EXPECT_EQ(d.claims[0].source.guide_path, "orchard.md");
  EXPECT_EQ(LevelRoleLabel(d.claims[0].subject), "Google L6");
  EXPECT_EQ(LevelRoleLabel(d.claims[0].equivalent), "Meta E6");
  EXPECT_EQ(d.claims[1].source.guide_path, "sablewood.md");
  EXPECT_EQ(LevelRoleLabel(d.claims[1].subject), "Google L5-L6");
  EXPECT_EQ(LevelRoleLabel(d.claims[1].equivalent), "Meta E5");
  EXPECT_EQ(d.message,
            "guides disagree on the Meta E level for Google L6: orchard.md maps Google L6 to "
            "Meta E6; sablewood.md maps Google L5-L6 to Meta E5");

  // Google L5 is only in one of them: nothing to disagree about.
  Result<LevelAnswer> l5 = graph.Equivalents("Google L5");
  ASSERT_TRUE(l5.ok()) << l5.status().ToString();
  EXPECT_TRUE(l5->disagreements.empty());
  // Overlapping ranges agree.
  Guides h;
  h.Add("orchard.md", kOrchard)
      .Add("wren.md",
           MiniGuide("Staff Engineer", "Wren", "Wren Staff Engineer = Google L6 = Meta E5-E6"));
  Result<LevelAnswer> overlap = h.Graph().Equivalents("Google L6");
  ASSERT_TRUE(overlap.ok()) << overlap.status().ToString();
  EXPECT_TRUE(overlap->disagreements.empty());
}

TEST(LevelGraph, LongDisagreementsKeepEveryClaimButAShortMessage) {
  Guides g;
  for (int i = 0; i < 8; ++i) {
    const std::string name = "Firm" + std::to_string(i);
    g.Add(name + ".md", MiniGuide("Staff Engineer", name,
                                  name + " Staff Engineer = Google L6 = Meta E" +
                                      std::to_string(i % 2 == 0 ? 6 : 5)));
  }
  Result<LevelAnswer> a = g.Graph().Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->disagreements.size(), 1u);
  EXPECT_EQ(a->disagreements[0].claims.size(), 8u);
  EXPECT_EQ(a->disagreements[0].message,
            "guides disagree on the Meta E level for Google L6: Firm0.md maps Google L6 to Meta "
            "E6; Firm1.md maps Google L6 to Meta E5; Firm2.md maps Google L6 to Meta E6; Firm3.md "
            "maps Google L6 to Meta E5; Firm4.md maps Google L6 to Meta E6; Firm5.md maps Google "
            "L6 to Meta E5; and 2 more");
  // Meta E5 and Meta E6 each come with the four guides that say so.
  const LevelMatch* e5 = Find(a->equivalents, "Meta E5");
  ASSERT_NE(e5, nullptr);
  EXPECT_EQ(Paths(*e5), (std::vector<std::string>{"Firm1.md", "Firm3.md", "Firm5.md", "Firm7.md"}));
}

TEST(LevelGraph, FrontMatterAndBodyOfOneGuideDisagree) {
  // The same guide role mapped to Meta E4 in the front matter and E5 in the body.
  const std::string text = testing::Replace(
      testing::CleanGuide(), "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta E4",
      "**Level Mapping:** Quillon Labs SWE = Google L4 = Meta E5");
  Guides g;
  g.Add("quillon.md", text);
  const LevelGraph graph = g.Graph();
  EXPECT_EQ(graph.mapping_count(), 2u);
  EXPECT_EQ(graph.node_count(), 4u);

  Result<LevelAnswer> a = graph.Equivalents("Quillon Labs SWE");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->equivalents), (std::vector<std::string>{"Google L4", "Meta E4", "Meta E5"}));
  const LevelMatch& google = a->equivalents[0];
  ASSERT_EQ(google.sources.size(), 2u);
  EXPECT_EQ(google.sources[0].part, MappingPart::kFrontMatter);
  EXPECT_EQ(google.sources[1].part, MappingPart::kBody);
  ASSERT_EQ(a->disagreements.size(), 1u);
  EXPECT_EQ(a->disagreements[0].message,
            "guides disagree on the Meta E level for Quillon Labs SWE: quillon.md (front matter) "
            "maps Quillon Labs SWE to Meta E4; quillon.md (body) maps Quillon Labs SWE to Meta E5");

  // When both state the same mapping it is joined once.
  Guides same;
  same.Add("quillon.md", testing::CleanGuide());
  EXPECT_EQ(same.Graph().mapping_count(), 1u);
}

TEST(LevelGraph, UnknownCompanyNamesTheClosestKnownOnes) {
  Guides g;
  g.Add("orchard.md", kOrchard).Add("pinecrest.md", kPinecrest);
  const LevelGraph graph = g.Graph();
  Result<LevelAnswer> a = graph.Equivalents("Gogle L6");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(
      a.status().message(),
      "no guide mentions the company \"Gogle\"; closest known: Google, Meta, Orchard Systems");

  Result<LevelAnswer> b = graph.Equivalents("pinecrst labs em");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "no guide mentions the company \"pinecrst\"; closest known: Pinecrest Labs, Meta, "
            "Orchard Systems");

  Result<LevelAnswer> none = LevelGraph().Equivalents("Google L6");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(none.status().message(),
            "no guide mentions the company \"Google\" (no guide has a level mapping)");
}

TEST(LevelGraph, EmptyOrCompanylessQueryIsInvalid) {
  Guides g;
  g.Add("orchard.md", kOrchard);
  const LevelGraph graph = g.Graph();
  for (const char* q : {"", "   ", "\"\"", " \t\n"}) {
    Result<LevelAnswer> a = graph.Equivalents(q);
    ASSERT_FALSE(a.ok()) << q;
    EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument) << q;
    EXPECT_EQ(a.status().message(),
              "the query is empty: give a company and a level, as in \"Google L6\" or \"Meta E5\"");
  }
  Result<LevelAnswer> level_only = graph.Equivalents("L6");
  EXPECT_EQ(level_only.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(level_only.status().message(),
            "the query \"L6\" names no company: put the company first, as in \"Google L6\"");
  EXPECT_EQ(graph.Equivalents("ic4-5 Meta").status().code(), StatusCode::kInvalidArgument);

  Result<LevelAnswer> backwards = graph.Equivalents("Google L6-L5");
  EXPECT_EQ(backwards.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(backwards.status().message(),
            "the level range L6-L5 runs backwards: write the lower level first");
  EXPECT_EQ(graph.Equivalents(std::string(300, 'G')).status().code(), StatusCode::kInvalidArgument);
}

TEST(LevelGraph, RangesWrittenWithSpacesAndUnreadableRoles) {
  Guides g;
  g.Add("fernhill.md",
        MiniGuide("EM", "Fernhill",
                  "Fernhill EM = Google L5 - L6 = Meta E4 to E5 = Amazon L6/L7 = Meta E5+ = "
                  "Meta IC4-E5 = Stripe L3-2"));
  const LevelGraph graph = g.Graph();
  // The three unreadable roles are left out; no level token joins a company.
  EXPECT_EQ(graph.companies(), (std::vector<std::string>{"Amazon", "Fernhill", "Google", "Meta"}));
  EXPECT_EQ(graph.node_count(), 4u);

  Result<LevelAnswer> a = graph.Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->matched), (std::vector<std::string>{"Google L5-L6"}));
  EXPECT_EQ(Labels(a->equivalents),
            (std::vector<std::string>{"Amazon L6-L7", "Fernhill EM", "Meta E4-E5"}));

  Result<LevelAnswer> e5 = graph.Equivalents("Meta E5");
  ASSERT_TRUE(e5.ok()) << e5.status().ToString();
  EXPECT_EQ(Labels(e5->matched), (std::vector<std::string>{"Meta E4-E5"}));

  Result<LevelAnswer> spaced = graph.Equivalents("Google L5 - L6");
  ASSERT_TRUE(spaced.ok()) << spaced.status().ToString();
  EXPECT_EQ(LevelRoleLabel(spaced->query), "Google L5-L6");

  Result<LevelAnswer> open = graph.Equivalents("Meta E5+");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(open.status().message(),
            "the query \"Meta E5+\": the level 'E5+' is open-ended: write one level or a range "
            "with both ends, such as E5-E6");
}

TEST(LevelGraph, SecondHopOnlyWhenAsked) {
  Guides g;
  g.Add("orchard.md", kOrchard)
      .Add("tidewell.md",
           MiniGuide("Principal Engineer", "Tidewell", "Tidewell Principal = Meta E6 = Amazon L7"));
  const LevelGraph graph = g.Graph();

  Result<LevelAnswer> one = graph.Equivalents("Google L6");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(Labels(one->equivalents),
            (std::vector<std::string>{"Meta E6", "Orchard Systems Staff Engineer"}));

  Result<LevelAnswer> two = graph.Equivalents("Google L6", {.indirect = true});
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(Labels(two->equivalents),
            (std::vector<std::string>{"Meta E6", "Orchard Systems Staff Engineer", "Amazon L7",
                                      "Tidewell Principal"}));
  EXPECT_FALSE(two->equivalents[1].indirect);
  const LevelMatch& l7 = two->equivalents[2];
  EXPECT_TRUE(l7.indirect);
  ASSERT_EQ(l7.sources.size(), 1u);
  EXPECT_EQ(l7.sources[0].guide_path, "tidewell.md");
  EXPECT_EQ(LevelRoleLabel(l7.sources[0].matched), "Meta E6");
}

TEST(LevelGraph, AnswerDoesNotDependOnGuideOrder) {
  Guides g;
  g.Add("sablewood.md", kSablewood).Add("pinecrest.md", kPinecrest).Add("orchard.md", kOrchard);
  const LevelGraph forward = LevelGraph::Build(g.Pointers());
  const LevelGraph backward = LevelGraph::Build(g.Pointers(/*reversed=*/true));
  for (const char* q : {"Google L6", "Meta E5", "Orchard Staff Engineer"}) {
    Result<LevelAnswer> a = forward.Equivalents(q, {.indirect = true});
    Result<LevelAnswer> b = backward.Equivalents(q, {.indirect = true});
    ASSERT_TRUE(a.ok() && b.ok()) << q;
    EXPECT_EQ(FormatLevelAnswerJson(*a), FormatLevelAnswerJson(*b)) << q;
  }
  // Null entries are skipped.
  std::vector<const Guide*> with_null(1, nullptr);
  for (const Guide* p : g.Pointers()) with_null.push_back(p);
  EXPECT_EQ(LevelGraph::Build(with_null).node_count(), forward.node_count());
}

TEST(LevelGraph, BareLevelsReadAfterTheTitle) {
  Guides g;
  g.Add("ash.md",
        MiniGuide("Software Engineer", "Ashgrove", "Ashgrove SWE = Databricks SWE II = Google L4"));
  const LevelGraph graph = g.Graph();
  Result<LevelAnswer> a = graph.Equivalents("databricks swe ii");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->matched), (std::vector<std::string>{"Databricks SWE II"}));
  EXPECT_EQ(Labels(a->equivalents), (std::vector<std::string>{"Ashgrove SWE", "Google L4"}));
  EXPECT_EQ(graph.Equivalents("Databricks SWE III").status().code(), StatusCode::kNotFound);
}

// Every spelling of a grade the band builder knows (levers/level_aliases.h)
// finds the same roles, and the answer keeps the spelling asked for.
TEST(LevelGraph, EverySpellingOfAGradeMatchesTheSameRoles) {
  Guides g;
  g.Add("ash.md", MiniGuide("Software Engineer", "Ashgrove",
                            "Ashgrove SWE = Google L4 = Meta E4 = Amazon L5"))
      .Add("birch.md", MiniGuide("Data Scientist", "Birchfield",
                                 "Birchfield Data Scientist = Google T4 Data Scientist = "
                                 "Meta IC4-IC5 Data Scientist"))
      .Add("cedar.md", MiniGuide("Senior Software Engineer", "Cedarline",
                                 "Cedarline Senior SWE = Google Senior SWE = Meta IC5"));
  const LevelGraph graph = g.Graph();
  auto answer = [&](const char* q) {
    Result<LevelAnswer> a = graph.Equivalents(q);
    EXPECT_TRUE(a.ok()) << q << ": " << a.status().ToString();
    return a.ok() ? *a : LevelAnswer{};
  };
  // Each query of `spellings` matches `matched` and finds `equivalents`.
  auto expect = [&](std::vector<const char*> spellings, std::vector<std::string> matched,
                    std::vector<std::string> equivalents) {
    for (const char* q : spellings) {
      const LevelAnswer a = answer(q);
      EXPECT_EQ(Labels(a.matched), matched) << q;
      EXPECT_EQ(Labels(a.equivalents), equivalents) << q;
    }
  };
  expect({"Meta E4", "Meta IC4", "meta ic4"}, {"Meta E4", "Meta IC4-IC5 Data Scientist"},
         {"Amazon L5", "Ashgrove SWE", "Birchfield Data Scientist", "Google L4",
          "Google T4 Data Scientist"});
  expect({"Google L4", "Google T4", "Google 4", "Google SWE III", "google swe iii"},
         {"Google L4", "Google T4 Data Scientist"},
         {"Amazon L5", "Ashgrove SWE", "Birchfield Data Scientist", "Meta E4",
          "Meta IC4-IC5 Data Scientist"});
  // "Senior SWE" is Google's L5: the Cedarline guide's role, under either name.
  expect({"Google L5", "Google Senior SWE", "Google T5"}, {"Google Senior SWE"},
         {"Cedarline Senior SWE", "Meta IC5"});
  // The query is shown as written, with the ladder's spelling it was matched by.
  const LevelAnswer ic4 = answer("Meta IC4");
  EXPECT_EQ(LevelRoleLabel(ic4.query), "Meta IC4");
  ASSERT_TRUE(ic4.ladder.has_value());
  EXPECT_EQ(LevelRoleLabel(*ic4.ladder), "Meta E4");
  const LevelAnswer swe = answer("Google SWE III");
  EXPECT_EQ(LevelRoleLabel(swe.query), "Google SWE III");
  ASSERT_TRUE(swe.ladder.has_value());
  EXPECT_EQ(LevelRoleLabel(*swe.ladder), "Google L4");
  EXPECT_FALSE(answer("Meta E4").ladder.has_value());
  EXPECT_FALSE(answer("Google L4").ladder.has_value());
  // Other companies' levels are not aliased.
  EXPECT_EQ(graph.Equivalents("Amazon T5").status().message(),
            "no guide maps Amazon T5; the guides name Amazon as: Amazon L5");
  // Nor grades outside the listed ranges (Meta IC3-IC9, Google T3-T10 and 3-10).
  Guides low;
  low.Add("dune.md",
          MiniGuide("Software Engineer", "Duneford", "Duneford SWE = Google L2 = Meta E2"));
  const LevelGraph low_graph = low.Graph();
  for (const char* q : {"Google T2", "Google 2", "Meta IC2"}) {
    EXPECT_FALSE(low_graph.Equivalents(q).ok()) << q;
  }
  EXPECT_TRUE(low_graph.Equivalents("Google L2").ok());
}

// A guide that writes one grade two ways and maps it to levels that do not
// overlap disagrees with itself.
TEST(LevelGraph, SpellingsOfOneGradeDisagreeAcrossGuides) {
  Guides g;
  g.Add("ash.md", MiniGuide("Staff Engineer", "Ashgrove", "Ashgrove Staff = Meta IC6 = Google L6"))
      .Add("birch.md",
           MiniGuide("Staff Engineer", "Birchfield", "Birchfield Staff = Meta E6 = Google L5"));
  Result<LevelAnswer> a = g.Graph().Equivalents("Meta E6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->disagreements.size(), 1u);
  EXPECT_EQ(a->disagreements[0].message,
            "guides disagree on the Google L level for Meta E6: ash.md maps Meta IC6 to Google "
            "L6; birch.md maps Meta E6 to Google L5");
}

TEST(LevelFormat, TextTable) {
  Guides g;
  g.Add("orchard.md", kOrchard).Add("sablewood.md", kSablewood);
  Result<LevelAnswer> a = g.Graph().Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(FormatLevelAnswerText(*a),
            "Google L6\n"
            "\n"
            "Matched at Google:\n"
            "  Google L5-L6  sablewood.md\n"
            "  Google L6     orchard.md\n"
            "\n"
            "Equivalent roles (4):\n"
            "COMPANY          LEVEL  TITLE           MATCHED       GUIDE\n"
            "Meta             E5     -               Google L5-L6  sablewood.md\n"
            "Meta             E6     -               Google L6     orchard.md\n"
            "Orchard Systems  -      Staff Engineer  Google L6     orchard.md\n"
            "Sablewood        -      Staff Engineer  Google L5-L6  sablewood.md\n"
            "\n"
            "Disagreements (1):\n"
            "  Meta E level for Google L6:\n"
            "    orchard.md maps Google L6 to Meta E6\n"
            "    sablewood.md maps Google L5-L6 to Meta E5\n");
}

TEST(LevelFormat, QueryInAnotherSpellingSaysWhatItMatchedAs) {
  Guides g;
  g.Add("orchard.md", kOrchard);
  Result<LevelAnswer> a = g.Graph().Equivalents("Google T6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const std::string text = FormatLevelAnswerText(*a);
  EXPECT_EQ(text.substr(0, text.find('\n')), "Google T6 (matched as Google L6)");
  const nlohmann::json j = nlohmann::json::parse(FormatLevelAnswerJson(*a));
  EXPECT_EQ(j["query"]["label"], "Google T6");
  EXPECT_EQ(j["query"]["level_low"], "T6");
  EXPECT_EQ(j["query"]["ladder"]["label"], "Google L6");
  EXPECT_EQ(j["query"]["ladder"]["level_low"], "L6");
  EXPECT_EQ(j["query"]["ladder"]["level_high"], "L6");
  const nlohmann::json plain =
      nlohmann::json::parse(FormatLevelAnswerJson(*g.Graph().Equivalents("Google L6")));
  EXPECT_EQ(plain["query"]["ladder"], nullptr);
}

TEST(LevelFormat, Json) {
  Guides g;
  g.Add("orchard.md", kOrchard).Add("sablewood.md", kSablewood);
  Result<LevelAnswer> a = g.Graph().Equivalents("Google L6");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  // Sources are located in their guide's file as check --format json locates findings.
  const std::map<std::string, SourceFile> files = {
      {"orchard.md", SourceFile("orchard.md", kOrchard)},
      {"sablewood.md", SourceFile("sablewood.md", kSablewood)}};
  LevelJsonOptions jo;
  jo.locate = [&files](const std::string& path, uint32_t offset) -> std::optional<LineColumn> {
    return files.at(path).Locate(offset);
  };
  const nlohmann::json j = nlohmann::json::parse(FormatLevelAnswerJson(*a, jo));
  EXPECT_EQ(j["query"]["label"], "Google L6");
  EXPECT_EQ(j["query"]["title"], nullptr);
  ASSERT_EQ(j["equivalents"].size(), 4u);
  const nlohmann::json& e6 = j["equivalents"][1];
  EXPECT_EQ(e6["label"], "Meta E6");
  EXPECT_EQ(e6["level_low"], "E6");
  EXPECT_EQ(e6["indirect"], false);
  ASSERT_EQ(e6["sources"].size(), 1u);
  EXPECT_EQ(e6["sources"][0]["path"], "orchard.md");
  EXPECT_EQ(e6["sources"][0]["guide_company"], "Orchard Systems");
  EXPECT_EQ(e6["sources"][0]["mapping"], "body");
  EXPECT_EQ(e6["sources"][0]["matched"]["label"], "Google L6");
  // Line 5, "**Level Mapping:** Orchard Staff Engineer = Google L6 = Meta E6": the
  // role as written starts at column 57. No byte offsets.
  ASSERT_TRUE(e6["sources"][0].contains("line") && e6["sources"][0].contains("column"));
  EXPECT_EQ(e6["sources"][0]["line"], 5);
  EXPECT_EQ(e6["sources"][0]["column"], 57);
  EXPECT_FALSE(e6["sources"][0].contains("offset"));
  // Without the files at hand the place is null, never a guess.
  const nlohmann::json bare = nlohmann::json::parse(FormatLevelAnswerJson(*a));
  EXPECT_EQ(bare["equivalents"][1]["sources"][0]["line"], nullptr);
  EXPECT_EQ(bare["equivalents"][1]["sources"][0]["column"], nullptr);
  ASSERT_EQ(j["disagreements"].size(), 1u);
  EXPECT_EQ(j["disagreements"][0]["about"], "Meta E level for Google L6");
  EXPECT_EQ(j["disagreements"][0]["claims"][1]["equivalent"]["label"], "Meta E5");
}

// The bundled sample corpus, read from the source tree.
class BundledCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<std::vector<std::string>> paths =
        CollectGuidePaths({std::string(LEVERS_SOURCE_DIR) + "/data/guides"});
    ASSERT_TRUE(paths.ok()) << paths.status().ToString();
    guides_ = new std::vector<Guide>;
    for (const std::string& p : *paths) {
      Result<SourceFile> f = LoadSourceFile(p);
      ASSERT_TRUE(f.ok()) << f.status().ToString();
      DiagnosticSink sink;
      std::optional<Guide> guide = ReadGuide(*f, sink);
      ASSERT_TRUE(guide.has_value()) << p;
      guide->path = p.substr(p.rfind('/') + 1);  // names independent of the checkout
      guides_->push_back(std::move(*guide));
    }
    std::vector<const Guide*> ptrs;
    for (const Guide& g : *guides_) ptrs.push_back(&g);
    graph_ = new LevelGraph(LevelGraph::Build(ptrs));
  }
  static void TearDownTestSuite() {
    delete graph_;
    delete guides_;
  }
  static std::vector<Guide>* guides_;
  static LevelGraph* graph_;
};
std::vector<Guide>* BundledCorpus::guides_ = nullptr;
LevelGraph* BundledCorpus::graph_ = nullptr;

TEST_F(BundledCorpus, Shape) {
  EXPECT_EQ(guides_->size(), 10u);
  EXPECT_EQ(graph_->mapping_count(), 10u);
  // 55 roles written; Anthropic SWE, OpenAI SWE and Microsoft 62-63 are written twice.
  EXPECT_EQ(graph_->node_count(), 52u);
  EXPECT_EQ(
      graph_->companies(),
      (std::vector<std::string>{"Amazon", "Ambertrail Freight", "Anthropic", "Brinewick Markets",
                                "Cobblestack Robotics", "Databricks", "GitHub", "Glimmerfen Health",
                                "Google", "Hugging Face Enterprise", "Meta", "Microsoft", "OpenAI",
                                "Stripe", "Tallowmere Payments"}));
}

TEST_F(BundledCorpus, GoogleL4) {
  Result<LevelAnswer> a = graph_->Equivalents("Google L4");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Labels(a->matched),
            (std::vector<std::string>{"Google L4", "Google L4 Data Scientist",
                                      "Google L4-L5 ML Engineer", "Google L4-L5 PM",
                                      "Google L4-L5 Security Engineer", "Google L4-L5 SRE"}));
  EXPECT_EQ(Labels(a->equivalents),
            (std::vector<std::string>{"Amazon L5",
                                      "Amazon L5-L6",
                                      "Amazon L5-L6 PM",
                                      "Amazon L5-L6 SysDE",
                                      "Ambertrail Freight PM",
                                      "Anthropic SWE",
                                      "Cobblestack Robotics SRE",
                                      "Databricks SWE II",
                                      "Databricks ML Engineer",
                                      "Glimmerfen Health Data Scientist",
                                      "Hugging Face Enterprise ML/AI Engineer",
                                      "Hugging Face Enterprise SWE",
                                      "Meta E4",
                                      "Meta IC4 Data Scientist",
                                      "Meta E4-E5",
                                      "Meta E4-E5 Production Engineer",
                                      "Meta IC4-IC5 ML Engineer",
                                      "Meta IC4-IC5 PM",
                                      "Microsoft 62",
                                      "Microsoft 62-63",
                                      "Microsoft 62-63 PM",
                                      "OpenAI SWE",
                                      "Tallowmere Payments Security Engineer"}));
  EXPECT_EQ(Paths(*Find(a->equivalents, "Anthropic SWE")),
            (std::vector<std::string>{"hugging-face-enterprise--ml-ai-engineer.md",
                                      "hugging-face-enterprise--software-engineer.md"}));
  EXPECT_EQ(Paths(*Find(a->equivalents, "Microsoft 62-63")),
            (std::vector<std::string>{"cobblestack-robotics--site-reliability-engineer.md",
                                      "tallowmere-payments--security-engineer.md"}));
  EXPECT_EQ(Find(a->equivalents, "Meta E4")->sources[0].guide_path,
            "hugging-face-enterprise--software-engineer.md");
  // The Hugging Face guides write their own company as "HF Enterprise".
  EXPECT_EQ(Find(a->equivalents, "Hugging Face Enterprise SWE")->role.text, "HF Enterprise SWE");
  EXPECT_TRUE(a->disagreements.empty());
}

TEST_F(BundledCorpus, GoogleL6AndMetaE5) {
  Result<LevelAnswer> l6 = graph_->Equivalents("Google L6");
  ASSERT_TRUE(l6.ok()) << l6.status().ToString();
  EXPECT_EQ(Labels(l6->matched), (std::vector<std::string>{"Google L5-L6 EM", "Google L6"}));
  EXPECT_EQ(Labels(l6->equivalents),
            (std::vector<std::string>{"Anthropic EM", "Anthropic Staff SWE", "Databricks EM",
                                      "Databricks Staff SWE", "Hugging Face Enterprise EM",
                                      "Hugging Face Enterprise Staff SWE", "Meta E6", "Meta M1",
                                      "OpenAI EM", "OpenAI Staff SWE"}));
  EXPECT_TRUE(l6->disagreements.empty());

  Result<LevelAnswer> e5 = graph_->Equivalents("meta e5");
  ASSERT_TRUE(e5.ok()) << e5.status().ToString();
  EXPECT_EQ(Labels(e5->matched),
            (std::vector<std::string>{"Meta E4-E5", "Meta E4-E5 Production Engineer",
                                      "Meta IC4-IC5 ML Engineer", "Meta IC4-IC5 PM", "Meta E5",
                                      "Meta IC5 TPM"}));
  EXPECT_EQ(Labels(e5->equivalents),
            (std::vector<std::string>{"Amazon L5-L6",
                                      "Amazon L5-L6 PM",
                                      "Amazon L5-L6 SysDE",
                                      "Amazon L6",
                                      "Ambertrail Freight PM",
                                      "Anthropic SWE",
                                      "Brinewick Markets Senior SWE",
                                      "Cobblestack Robotics SRE",
                                      "Databricks ML Engineer",
                                      "Databricks TPM",
                                      "GitHub TPM",
                                      "Google L4-L5 ML Engineer",
                                      "Google L4-L5 PM",
                                      "Google L4-L5 Security Engineer",
                                      "Google L4-L5 SRE",
                                      "Google L5",
                                      "Google L5 TPM",
                                      "Hugging Face Enterprise ML/AI Engineer",
                                      "Hugging Face Enterprise TPM",
                                      "Microsoft 62-63",
                                      "Microsoft 62-63 PM",
                                      "Microsoft 63",
                                      "OpenAI SWE",
                                      "Stripe TPM",
                                      "Tallowmere Payments Security Engineer"}));
  EXPECT_TRUE(e5->disagreements.empty());
}

TEST_F(BundledCorpus, OwnCompanyByEitherName) {
  for (const char* q : {"HF Enterprise Staff SWE", "Hugging Face Enterprise Staff SWE",
                        "hugging face enterprise staff swe"}) {
    Result<LevelAnswer> a = graph_->Equivalents(q);
    ASSERT_TRUE(a.ok()) << q << ": " << a.status().ToString();
    EXPECT_EQ(LevelRoleLabel(a->query), "Hugging Face Enterprise Staff SWE") << q;
    EXPECT_EQ(Labels(a->equivalents),
              (std::vector<std::string>{"Anthropic Staff SWE", "Databricks Staff SWE", "Google L6",
                                        "Meta E6", "OpenAI Staff SWE"}))
        << q;
  }
  Result<LevelAnswer> two = graph_->Equivalents("HF Enterprise Staff SWE", {.indirect = true});
  ASSERT_TRUE(two.ok());
  std::vector<std::string> indirect;
  for (const LevelMatch& m : two->equivalents) {
    if (m.indirect) indirect.push_back(LevelRoleLabel(m.role));
  }
  // Through Google L6, which the manager guide maps as Google L5-L6 EM.
  EXPECT_EQ(indirect,
            (std::vector<std::string>{"Anthropic EM", "Databricks EM", "Meta M1", "OpenAI EM"}));
}

TEST_F(BundledCorpus, Errors) {
  Result<LevelAnswer> a = graph_->Equivalents("Gogle L4");
  EXPECT_EQ(a.status().message(),
            "no guide mentions the company \"Gogle\"; closest known: Google, GitHub, Meta");
  Result<LevelAnswer> b = graph_->Equivalents("Google L7");
  EXPECT_EQ(b.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(b.status().message(),
            "no guide maps Google L7; the guides name Google as: Google L4, Google L4 Data "
            "Scientist, Google L4-L5 ML Engineer, Google L4-L5 PM, Google L4-L5 Security "
            "Engineer, Google L4-L5 SRE, Google L5, Google L5 TPM, Google L5-L6 EM, Google L6");
}

}  // namespace
}  // namespace levers
