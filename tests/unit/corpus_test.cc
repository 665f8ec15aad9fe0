#include "levers/corpus.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_guides.h"

namespace levers {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("levers-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << text;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(CollectGuidePaths, RecursiveSortedAndSkipsReadmes) {
  TempDir d;
  d.Write("b.md", "x");
  d.Write("a/c.md", "x");
  d.Write("README.md", "x");
  d.Write(".hidden/d.md", "x");
  d.Write("notes.txt", "x");
  auto paths = CollectGuidePaths({d.path().string()});
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 2u);
  EXPECT_TRUE((*paths)[0].ends_with("a/c.md"));
  EXPECT_TRUE((*paths)[1].ends_with("b.md"));
  EXPECT_FALSE(CollectGuidePaths({(d.path() / "missing").string()}).ok());
}

TEST(BuildSite, PagesIndexAndJsonAndFindingsDoNotStopIt) {
  TempDir src, out;
  src.Write("quillon.md", testing::CleanGuide());
  src.Write("team/sre.md",
            testing::Replace(testing::CleanGuide(), "role: software-engineer", "role: sre"));
  src.Write("dup.md", testing::CleanGuide());
  src.Write("empty.md", "");
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  auto report = BuildSite(src.path().string(), out.path().string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->guides, 4u);
  EXPECT_EQ(report->pages, 3u);
  EXPECT_EQ(report->unreadable, 1u);
  EXPECT_TRUE(fs::exists(out.path() / "quillon.html"));
  EXPECT_TRUE(fs::exists(out.path() / "team" / "sre.html"));
  EXPECT_TRUE(fs::exists(out.path() / "index.html"));
  EXPECT_NE(report->findings_text.find("error[duplicate-guide]"), std::string::npos);
  EXPECT_NE(report->findings_text.find("error[empty-file]"), std::string::npos);
  std::ifstream json(out.path() / "guides.json");
  std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"page\":\"team/sre.html\""), std::string::npos);
  std::ifstream page(out.path() / "team" / "sre.html");
  std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("href=\"../index.html\""), std::string::npos);
}

TEST(ReadAndCheck, ResultsKeepThePathOrderWithManyThreads) {
  TempDir d;
  for (int i = 0; i < 40; ++i) {
    d.Write("g" + std::to_string(100 + i) + ".md",
            testing::Replace(testing::CleanGuide(), "role: software-engineer",
                             "role: r" + std::to_string(i)));
  }
  auto paths = CollectGuidePaths({d.path().string()});
  ASSERT_TRUE(paths.ok());
  CorpusOptions o;
  o.jobs = 4;
  std::vector<CheckedGuide> out = ReadAndCheck(*paths, o);
  ASSERT_EQ(out.size(), 40u);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].path, (*paths)[i]);
    EXPECT_EQ(*out[i].guide->role, "r" + std::to_string(i));
    EXPECT_EQ(out[i].findings.error_count(), 0u);
  }
}

}  // namespace
}  // namespace levers
