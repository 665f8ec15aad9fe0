#include "levers/corpus.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "levers/reader.h"
#include "levers/render.h"
#include "levers/utf8.h"
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

// Links to guide files inside the folder are read; a link to a file outside it
// is refused, named with its target, and not listed; links to folders are not
// followed (a link cycle cannot make the walk endless); a folder or a file named
// .md is told apart by its type, not its name; the paths keep the form they
// were given in.
TEST(CollectGuidePaths, FollowsLinksToFilesInsideTheFolderButNotToFolders) {
  TempDir d;
  d.Write("real/a.md", "x");
  d.Write("real/sub/in.md", "x");
  d.Write("elsewhere/b.md", "x");
  d.Write("folder.md/c.md", "x");
  fs::create_symlink(d.path() / "elsewhere" / "b.md", d.path() / "real" / "link.md");
  fs::create_symlink("sub/in.md", d.path() / "real" / "inside.md");
  fs::create_symlink("/etc/passwd", d.path() / "real" / "passwd.md");
  fs::create_symlink("self.md", d.path() / "real" / "self.md");  // a loop of one link
  fs::create_directory_symlink(d.path() / "elsewhere", d.path() / "real" / "dirlink");
  fs::create_directory_symlink(d.path(), d.path() / "real" / "loop");
  fs::create_symlink(d.path() / "missing.md", d.path() / "real" / "dangling.md");
  auto list = CollectGuides({(d.path() / "real").string() + "/"});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  const std::string root = (d.path() / "real").string();
  // inside.md is sub/in.md, read once, under the name that is not a link.
  EXPECT_EQ(list->paths, (std::vector<std::string>{root + "/a.md", root + "/sub/in.md"}));
  const std::string real_top = fs::canonical(d.path()).string();
  EXPECT_EQ(list->refused,
            (std::vector<std::string>{
                root + "/dangling.md: a symbolic link that cannot be resolved (No such file or "
                       "directory); not read",
                root + "/link.md: a symbolic link to " + real_top +
                    "/elsewhere/b.md, outside the folder " + root + "/; not read",
                root + "/passwd.md: a symbolic link to /etc/passwd, outside the folder " + root +
                    "/; not read",
                root + "/self.md: a symbolic link that cannot be resolved (Too many levels of "
                       "symbolic links); not read"}));
  // A site names each by its path under the folder, and not where a link out leads.
  const std::string outside = "a symbolic link to a file outside the folder of guides; not read";
  EXPECT_EQ(list->refused_on_site,
            (std::vector<SiteRefusal>{
                {"dangling.md",
                 "a symbolic link that cannot be resolved (No such file or directory); not read"},
                {"link.md", outside},
                {"passwd.md", outside},
                {"self.md",
                 "a symbolic link that cannot be resolved (Too many levels of symbolic links); "
                 "not read"}}));
  auto paths = CollectGuidePaths({root});
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 2u);  // the refused links are never listed
  auto all = CollectGuidePaths({d.path().string(), (d.path() / "real" / "a.md").string()});
  ASSERT_TRUE(all.ok());
  const std::string top = d.path().string();
  // Under the top folder link.md leads inside it, to elsewhere/b.md: one file.
  EXPECT_EQ(*all, (std::vector<std::string>{top + "/elsewhere/b.md", top + "/folder.md/c.md",
                                            top + "/real/a.md", top + "/real/sub/in.md"}));
}

// One file reached by two spellings is one guide: a folder and a file in it
// spelled another way, the same file twice, a hard link. The spelling kept is
// the first in sorted order that is not a symbolic link.
TEST(CollectGuidePaths, OneFileReachedByTwoSpellingsIsListedOnce) {
  TempDir d;
  d.Write("g/a.md", "x");
  d.Write("g/b.md", "x");
  const std::string top = d.path().string();
  auto twice = CollectGuidePaths({top + "/g", top + "/g/./b.md", top + "//g/a.md"});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice, (std::vector<std::string>{top + "//g/a.md", top + "/g/./b.md"}));
  fs::create_hard_link(d.path() / "g" / "b.md", d.path() / "g" / "c.md");
  fs::create_symlink("b.md", d.path() / "g" / "0link.md");
  auto linked = CollectGuidePaths({top + "/g"});
  ASSERT_TRUE(linked.ok());
  EXPECT_EQ(*linked, (std::vector<std::string>{top + "/g/a.md", top + "/g/b.md"}));
  // A hard link alone, with no symbolic link and one folder given: one file.
  fs::remove(d.path() / "g" / "0link.md");
  auto hard = CollectGuidePaths({top + "/g"});
  ASSERT_TRUE(hard.ok());
  EXPECT_EQ(*hard, (std::vector<std::string>{top + "/g/a.md", top + "/g/b.md"}));
  CorpusOptions o;
  o.check.today = Date{2026, 11, 24};
  d.Write("h/x.md", testing::CleanGuide());
  auto both = CollectGuidePaths({top + "/h", top + "/h/../h/x.md"});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 1u);
  for (const CheckedGuide& c : ReadAndCheck(*both, o)) {
    for (const Diagnostic& f : c.findings.diagnostics()) EXPECT_NE(f.code, "duplicate-guide");
  }
}

// A guide id is the file's path; the HTTP API never serves an id with a
// control byte, so such names are refused at the scan rather than imported.
TEST(CollectGuidePaths, RefusesNamesWithControlBytes) {
  TempDir d;
  d.Write("ok.md", "x");
  d.Write("new\nline.md", "x");
  d.Write("tab\tfolder/x.md", "x");
  auto list = CollectGuides({d.path().string()});
  ASSERT_TRUE(list.ok());
  const std::string top = d.path().string();
  EXPECT_EQ(list->paths, std::vector<std::string>{top + "/ok.md"});
  ASSERT_EQ(list->refused.size(), 2u);
  EXPECT_EQ(list->refused[0], top +
                                  "/new\\x0Aline.md: the name holds a control character (U+000A); "
                                  "a guide id cannot hold one, rename the file; not read");
  EXPECT_TRUE(list->refused[1].starts_with(top + "/tab\\x09folder: the name holds a control "
                                                 "character (U+0009)"));
}

// A summary says what was refused: the folders among the entries are counted,
// once each when the folder holding them is given twice.
TEST(CollectGuides, CountsTheFoldersAmongTheRefused) {
  TempDir d;
  d.Write("ok.md", "x");
  d.Write("new\nline.md", "x");
  d.Write("tab\tfolder/x.md", "x");
  d.Write("cr\rfolder/y.md", "x");
  const std::string top = d.path().string();
  for (const std::vector<std::string>& given :
       {std::vector<std::string>{top}, std::vector<std::string>{top, top + "/"}}) {
    auto list = CollectGuides(given);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->refused.size(), 3u) << given.size();
    EXPECT_EQ(list->refused_folders, 2u) << given.size();
  }
}

// *.md entries that are not regular files (a FIFO would block the read, a
// link to /dev/zero never ends) and links that cannot be resolved are refused
// by name, never dropped without a word nor read.
TEST(CollectGuidePaths, RefusesEntriesThatAreNotRegularFiles) {
  TempDir d;
  d.Write("ok.md", "x");
  ASSERT_EQ(::mkfifo((d.path() / "fifo.md").c_str(), 0644), 0);
  fs::create_symlink("ok.md", d.path() / "inside.md");
  d.Write("dev/null.md", "x");  // replaced by a link into the folder, to a device
  fs::remove(d.path() / "dev" / "null.md");
  fs::create_symlink("/dev/zero", d.path() / "zero.md");
  fs::create_symlink("b.md", d.path() / "a.md");
  fs::create_symlink("a.md", d.path() / "b.md");
  auto list = CollectGuides({d.path().string()});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  const std::string top = d.path().string();
  EXPECT_EQ(list->paths, (std::vector<std::string>{top + "/ok.md"}));  // inside.md is ok.md
  const std::string loop =
      ": a symbolic link that cannot be resolved (Too many levels of "
      "symbolic links); not read";
  EXPECT_EQ(list->refused, (std::vector<std::string>{
                               top + "/a.md" + loop, top + "/b.md" + loop,
                               top + "/fifo.md: a FIFO, not a regular file; not read",
                               top + "/zero.md: a symbolic link to /dev/zero, outside the folder " +
                                   top + "; not read"}));
  EXPECT_TRUE(list->unlisted.empty());
}

// A guide whose page name would not fit a file name, or whose id would not fit
// a store key, is refused by the scan, before any command writes anything; a
// folder too deep for any id is not walked, and is named itself.
TEST(CollectGuidePaths, RefusesNamesTooLongForAPageOrAnId) {
  TempDir d;
  d.Write("ok.md", "x");
  const std::string fits(250, 'f');  // 250 + ".html" is 255 bytes
  const std::string too_long(251, 'a');
  d.Write(fits + ".md", "x");
  d.Write(too_long + ".md", "x");
  std::string deep;
  while (deep.size() < kMaxGuideIdBytes) deep += "dd/";  // 1,026 bytes
  d.Write(deep + "g.md", "x");
  const std::string shallow = deep.substr(0, 3 * 338);  // 1,014 bytes: an id of 1,019
  d.Write(shallow + "fits.md", "x");
  d.Write(shallow + "over-the-top.md", "x");  // an id of 1,027
  auto list = CollectGuides({d.path().string()});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  const std::string top = d.path().string();
  EXPECT_EQ(list->paths, (std::vector<std::string>{top + "/" + shallow + "fits.md",
                                                   top + "/" + fits + ".md", top + "/ok.md"}));
  EXPECT_EQ(list->refused,
            (std::vector<std::string>{
                top + "/" + too_long +
                    ".md: its page name would be 256 bytes long (the name without its "
                    "extension, and .html); a file name holds at most 255, rename the file; "
                    "not read",
                top + "/" + deep.substr(0, 1025) + ": the folder's path under " + top +
                    " is 1025 bytes long; a guide id holds at most 1024, so the guides in it "
                    "were not read",
                top + "/" + shallow +
                    "over-the-top.md: the guide id is 1026 bytes long; a guide id holds at "
                    "most 1024, rename the file or move it up; not read"}));
  // On a site, by their paths under the folder, whose own path is not said.
  ASSERT_EQ(list->refused_on_site.size(), 3u);
  EXPECT_EQ(list->refused_on_site[0].path, too_long + ".md");
  EXPECT_EQ(list->refused_on_site[1],
            (SiteRefusal{deep.substr(0, 1025),
                         "the folder's path is 1025 bytes long; a guide id holds at most 1024, so "
                         "the guides in it were not read"}));
  EXPECT_EQ(list->refused_on_site[2].path, shallow + "over-the-top.md");
  // A file named on its own is held to the same page name, and named on a site by its name.
  auto one = CollectGuides({top + "/" + too_long + ".md"});
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->paths.empty());
  EXPECT_EQ(one->refused.size(), 1u);
  EXPECT_EQ(one->refused_on_site,
            (std::vector<SiteRefusal>{
                {too_long + ".md",
                 "its page name would be 256 bytes long (the name without its extension, and "
                 ".html); a file name holds at most 255, rename the file; not read"}}));

  // The builder never meets them: the whole site is written.
  TempDir out;
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  auto report = BuildSite(top, out.path().string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->refused, 3u);
  EXPECT_TRUE(fs::exists(out.path() / "index.html"));
  EXPECT_TRUE(fs::exists(out.path() / "health.html"));
  EXPECT_TRUE(fs::exists(out.path() / (fits + ".html")));
}

// A subfolder the process may not list is named, refused and unlisted (its
// guides are unknown), never skipped without a word; the folder given itself
// is an IOError. Root lists any folder, so the scan runs in a child process as
// uid 65534.
TEST(CollectGuidePaths, NamesAFolderThatCannotBeListed) {
  TempDir d;
  d.Write("ok.md", "x");
  d.Write("sub/hidden.md", "x");
  fs::permissions(d.path(), fs::perms::all);  // the child must reach it
  fs::permissions(d.path() / "sub", fs::perms::none);
  const std::string top = d.path().string();
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    std::string said;
    auto list = CollectGuides({top});
    if (!list.ok()) ::_exit(4);
    for (const std::string& p : list->paths) said += "path " + p + "\n";
    for (const std::string& r : list->refused) said += "refused " + r + "\n";
    for (const std::string& u : list->unlisted) said += "unlisted " + u + "\n";
    auto whole = CollectGuides({top + "/sub"});
    said += whole.ok() ? "ok\n" : whole.status().ToString() + "\n";
    if (::write(fds[1], said.data(), said.size()) != static_cast<ssize_t>(said.size())) ::_exit(5);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string said;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) said.append(buf, n);
  ::close(fds[0]);
  int wstatus = 0;
  ::waitpid(child, &wstatus, 0);
  fs::permissions(d.path() / "sub", fs::perms::owner_all);
  ASSERT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << wstatus;
  EXPECT_EQ(said, "path " + top + "/ok.md\nrefused " + top +
                      "/sub: cannot list folder: Permission denied; the guides in it were not "
                      "read\nunlisted " +
                      top + "/sub\nIOError: " + top +
                      "/sub: cannot list folder: Permission denied\n");
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

// A rebuild removes the pages of guides removed from the source (they would
// be deployed otherwise), keeps files levers did not write, and refuses a
// non-empty folder that no build wrote unless forced.
TEST(BuildSite, RebuildRemovesStalePagesOnly) {
  TempDir src, out;
  src.Write("a.md", testing::CleanGuide());
  src.Write("team/b.md", testing::Replace(testing::kBody, "### Software Engineer |", "### SRE |"));
  ASSERT_TRUE(BuildSite(src.path().string(), out.path().string(), {}).ok());
  ASSERT_TRUE(fs::exists(out.path() / "team" / "b.html"));
  ASSERT_TRUE(fs::exists(out.path() / kSiteManifest));
  out.Write("CNAME", "guides.example.com");  // the user's own file
  out.Write("team/notes.txt", "x");
  fs::remove(src.path() / "team" / "b.md");
  auto again = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(fs::exists(out.path() / "team" / "b.html"));
  EXPECT_TRUE(fs::exists(out.path() / "a.html"));
  EXPECT_TRUE(fs::exists(out.path() / "CNAME"));
  EXPECT_TRUE(fs::exists(out.path() / "team" / "notes.txt"));  // so team/ stays too

  TempDir other;
  other.Write("index.html", "mine");
  auto refused = BuildSite(src.path().string(), other.path().string(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("not empty and holds no .levers-site"),
            std::string::npos)
      << refused.status().message();
  EXPECT_FALSE(fs::exists(other.path() / "a.html"));
  ASSERT_TRUE(BuildSite(src.path().string(), other.path().string(), {}, /*force=*/true).ok());
  EXPECT_TRUE(fs::exists(other.path() / "a.html"));

  // A manifest naming a file outside the folder is refused, not obeyed.
  out.Write(".levers-site", "../escape.txt\n");
  auto hostile = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_FALSE(hostile.ok());
  EXPECT_NE(hostile.status().message().find(".levers-site:1: not a file of the site"),
            std::string::npos)
      << hostile.status().message();
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Every file under `dir` with what it holds, by its path there.
std::map<std::string, std::string> FilesUnder(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    out[fs::relative(e.path(), dir).generic_string()] =
        std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return out;
}

// A published site names each file by its path under the source folder,
// never by the path the folder was given by, which would tell the editor's
// folders: guides.json's "path", the health page's files that gave no guide,
// could not be read or were refused, and the first guide a duplicate-guide
// message names. The folder spelled four ways gives the same site byte for
// byte. What is printed (findings_text) keeps the paths as given.
TEST(BuildSite, NamesFilesByTheirPathUnderTheSourceHoweverItIsGiven) {
  TempDir top, out;
  const std::string src = (top.path() / "guides").string();
  top.Write("guides/a.md", testing::CleanGuide());
  top.Write("guides/sub/b.md", testing::CleanGuide());     // a second guide for the same job
  top.Write("guides/empty.md", "");                        // gives no guide
  top.Write("guides/big.md", std::string(64 << 10, 'x'));  // over the limit below: not read
  top.Write("secret.md", testing::CleanGuide());
  fs::create_symlink(top.path() / "secret.md", top.path() / "guides" / "away.md");
  ASSERT_EQ(::mkfifo((top.path() / "guides" / "pipe").c_str(), 0644), 0);
  fs::create_symlink("pipe", top.path() / "guides" / "pipe.md");
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  o.limits.max_file_bytes = 32 << 10;
  std::optional<std::map<std::string, std::string>> first;
  for (const std::string& given :
       {src, src + "/", src + "/./", (top.path() / "." / "guides").string() + "//"}) {
    SCOPED_TRACE(given);
    const fs::path site = out.path() / std::to_string(first ? 1 : 0);
    fs::remove_all(site);
    auto report = BuildSite(given, site.string(), o);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->pages, 2u);
    EXPECT_EQ(report->refused, 2u);
    const std::map<std::string, std::string> files = FilesUnder(site);
    for (const auto& [name, text] : files) {
      EXPECT_EQ(text.find(top.path().string()), std::string::npos) << name;
      EXPECT_EQ(text.find(fs::canonical(top.path()).string()), std::string::npos) << name;
    }
    if (!first) {
      first = files;
    } else {
      EXPECT_TRUE(files == *first) << "the site differs from the one built from " << src;
    }
    // The terminal names the files as given, and where a link out leads.
    EXPECT_NE(
        report->findings_text.find(": error[duplicate-guide]: a second guide for quillon-labs / "
                                   "software-engineer; the first is " +
                                   given + (given.ends_with('/') ? "" : "/") + "a.md\n"),
        std::string::npos)
        << report->findings_text;
    EXPECT_NE(report->findings_text.find("away.md: a symbolic link to " +
                                         (fs::canonical(top.path()) / "secret.md").string() +
                                         ", outside the folder " + given + "; not read"),
              std::string::npos)
        << report->findings_text;
  }
  ASSERT_TRUE(first);
  const std::string& json = first->at("guides.json");
  EXPECT_NE(json.find("{\"path\":\"a.md\",\"page\":\"a.html\","), std::string::npos) << json;
  EXPECT_NE(json.find("{\"path\":\"sub/b.md\",\"page\":\"sub/b.html\","), std::string::npos);
  const std::string& health = first->at("health.html");
  auto row = [](const std::string& who, const std::string& where, const std::string& code,
                const std::string& message) {
    return "<td>" + who + "</td><td class=\"num\">" + where + "</td><td><code>" + code +
           "</code></td><td>" + message + "</td></tr>";
  };
  EXPECT_NE(health.find("</td><td class=\"num\">2:10</td><td><code>duplicate-guide</code></td>"
                        "<td>a second guide for quillon-labs / software-engineer; the first is "
                        "a.md</td></tr>"),
            std::string::npos)
      << health;
  EXPECT_NE(health.find(row("empty.md", "1:1", "empty-file",
                            "the file is empty; a guide needs "
                            "at least a heading and a pay table")),
            std::string::npos)
      << health;
  EXPECT_NE(health.find(row("big.md", "", "unreadable",
                            "big.md: file is 65536 bytes; guides are limited to 32768 bytes")),
            std::string::npos)
      << health;
  EXPECT_NE(health.find(row("away.md", "", "refused-file",
                            "a symbolic link to a file outside the folder of guides; not read")),
            std::string::npos)
      << health;
  EXPECT_NE(health.find(row("pipe.md", "", "refused-file",
                            "a symbolic link to pipe, a FIFO, not a regular file; not read")),
            std::string::npos)
      << health;

  // One guide file given as the source is named by its file name.
  const fs::path one = out.path() / "one";
  auto report = BuildSite(src + "/sub/b.md", one.string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(
      ReadAll(one / "guides.json").starts_with("[\n{\"path\":\"b.md\",\"page\":\"b.html\","));
}

// A symbolic link to a folder inside the output folder may lead anywhere: no
// page is written through one (the build fails, naming it) and no stale page
// is removed through one (a warning names it), so files outside the output
// folder are never overwritten or deleted. The output folder itself may be
// a link: the user named it.
TEST(BuildSite, NeverWritesOrRemovesThroughALinkInTheOutputFolder) {
  TempDir src, out, elsewhere;
  src.Write("team/sre.md", testing::CleanGuide());
  const fs::path site = out.path() / "site";
  ASSERT_TRUE(BuildSite(src.path().string(), site.string(), {}).ok());
  fs::remove_all(site / "team");
  fs::create_directory_symlink(elsewhere.path(), site / "team");
  elsewhere.Write("sre.html", "precious");

  auto through = BuildSite(src.path().string(), site.string(), {});
  ASSERT_FALSE(through.ok());
  EXPECT_EQ(through.status().code(), StatusCode::kIOError);
  EXPECT_EQ(through.status().message(),
            (site / "team").string() +
                ": a symbolic link, not a folder; levers build writes nothing through a link in "
                "the output folder (make it a folder, or remove it)");
  EXPECT_EQ(ReadAll(elsewhere.path() / "sre.html"), "precious");

  // The guide goes: its page, listed in the manifest, lies beyond the link.
  fs::remove_all(src.path() / "team");
  src.Write("x.md", testing::CleanGuide());
  auto removed = BuildSite(src.path().string(), site.string(), {});
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(ReadAll(elsewhere.path() / "sre.html"), "precious");
  EXPECT_NE(removed->findings_text.find("levers: warning: " + (site / "team/sre.html").string() +
                                        ": not removed: team is a symbolic link; levers removes "
                                        "nothing through a link in the output folder\n"),
            std::string::npos)
      << removed->findings_text;
  EXPECT_TRUE(fs::is_regular_file(site / "x.html"));

  // Nor are the site's own files written through one.
  fs::remove_all(site / "assets");
  fs::create_directory_symlink(elsewhere.path(), site / "assets");
  auto assets = BuildSite(src.path().string(), site.string(), {});
  ASSERT_FALSE(assets.ok());
  EXPECT_TRUE(assets.status().message().starts_with((site / "assets").string() +
                                                    ": a symbolic link, not a folder"))
      << assets.status().message();
  EXPECT_FALSE(fs::exists(elsewhere.path() / "app.css"));

  // The output folder given as a link to a folder is built into.
  fs::remove(site / "assets");
  fs::remove(site / "team");
  const fs::path link = out.path() / "link";
  fs::create_directory_symlink(site, link);
  auto linked = BuildSite(src.path().string(), link.string(), {});
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_TRUE(fs::is_regular_file(site / "assets" / "app.css"));
}

// A file already in the output folder that no build wrote (not in the
// manifest) is the user's: a guide's page never takes its name, in any letter
// case or as a folder of the page, but moves to a free one, so the file is
// neither overwritten nor, when the guide goes, removed. With --force too.
// The pages levers wrote are written over in place.
TEST(BuildSite, APageNeverTakesTheNameOfAFileLeversDidNotWrite) {
  TempDir src, out;
  src.Write("a.md", testing::CleanGuide());
  ASSERT_TRUE(BuildSite(src.path().string(), out.path().string(), {}).ok());
  out.Write("About.HTML", "about us");
  out.Write("team", "a file named team");
  out.Write("a.html", "edited");  // levers wrote it: rebuilt in place
  auto guide = [&](const std::string& rel, const std::string& role) {
    src.Write(rel, testing::Replace(testing::CleanGuide(),
                                    "role: software-engineer\nrole_display: Software Engineer",
                                    "role: " + role + "\nrole_display: " + role));
  };
  guide("about.md", "r-about");
  guide("team/x.md", "r-team");
  auto report = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const std::string s = src.path().string() + "/";
  EXPECT_TRUE(report->findings_text.starts_with(
      "levers: note: " + s +
      "about.md: its page is about-2.html: about.html is a file in the output folder that "
      "levers did not write (About.HTML)\n"
      "levers: note: " +
      s +
      "team/x.md: its page is team-2/x.html: team is a file in the output folder that levers "
      "did not write\n"))
      << report->findings_text;
  EXPECT_EQ(ReadAll(out.path() / "About.HTML"), "about us");
  EXPECT_EQ(ReadAll(out.path() / "team"), "a file named team");
  EXPECT_NE(ReadAll(out.path() / "about-2.html").find("r-about"), std::string::npos);
  EXPECT_NE(ReadAll(out.path() / "team-2" / "x.html").find("r-team"), std::string::npos);
  EXPECT_NE(ReadAll(out.path() / "a.html").find("<h1>"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.path() / "a-2.html"));
  EXPECT_NE(ReadAll(out.path() / "guides.json").find("\"page\":\"about-2.html\""),
            std::string::npos);

  // Built again, the same names; the guide gone, its page goes and the file stays.
  auto again = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->findings_text, report->findings_text);
  fs::remove(src.path() / "about.md");
  ASSERT_TRUE(BuildSite(src.path().string(), out.path().string(), {}).ok());
  EXPECT_FALSE(fs::exists(out.path() / "about-2.html"));
  EXPECT_EQ(ReadAll(out.path() / "About.HTML"), "about us");

  TempDir forced;
  forced.Write("a.html", "mine");
  auto report_forced = BuildSite(src.path().string(), forced.path().string(), {}, /*force=*/true);
  ASSERT_TRUE(report_forced.ok()) << report_forced.status().ToString();
  EXPECT_EQ(ReadAll(forced.path() / "a.html"), "mine");
  EXPECT_NE(ReadAll(forced.path() / "a-2.html").find("<h1>"), std::string::npos);
}

// The manifest lists every page a build is about to write before it writes
// one: a build that fails part-way (here health.html cannot be written) still
// leaves its pages known, and the next build removes one whose guide is gone.
TEST(BuildSite, APageOfABuildThatStoppedPartWayIsRemovedWhenItsGuideGoes) {
  TempDir src, out;
  src.Write("a.md", testing::CleanGuide());
  ASSERT_TRUE(BuildSite(src.path().string(), out.path().string(), {}).ok());
  src.Write("x.md", testing::Replace(testing::CleanGuide(), "role: software-engineer", "role: x"));
  fs::remove(out.path() / "health.html");
  fs::create_directory(out.path() / "health.html");
  auto failed = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(),
            (out.path() / "health.html").string() + ": cannot open for writing: Is a directory");
  ASSERT_TRUE(fs::is_regular_file(out.path() / "x.html"));
  EXPECT_NE(ReadAll(out.path() / kSiteManifest).find("\nx.html\n"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.path() / (std::string(kSiteManifest) + ".new")));

  fs::remove(out.path() / "health.html");
  fs::remove(src.path() / "x.md");
  auto next = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_FALSE(fs::exists(out.path() / "x.html"));
  EXPECT_TRUE(fs::is_regular_file(out.path() / "a.html"));
  const std::string manifest = ReadAll(out.path() / kSiteManifest);
  EXPECT_EQ(manifest.substr(manifest.find('\n') + 1),
            "guides.json\nindex.html\nhealth.html\nassets/app.css\nassets/app.js\na.html\n");
}

// An output folder that cannot be one is named with what it is instead, and
// nothing is built.
TEST(BuildSite, AnOutputFolderThatIsNotOneIsNamed) {
  TempDir src, out;
  src.Write("a.md", testing::CleanGuide());
  out.Write("file", "x");
  fs::create_symlink(out.path() / "gone", out.path() / "dangling");
  const std::string file = (out.path() / "file").string();
  const std::string dangling = (out.path() / "dangling").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {file, file + ": a file, not a folder; give the folder to build the site into (a new one, or "
                    "one levers build wrote); nothing was built"},
      {"/dev/null",
       "/dev/null: a device, not a folder; give the folder to build the site into (a new one, "
       "or one levers build wrote); nothing was built"},
      {dangling, dangling + ": a symbolic link to " + (out.path() / "gone").string() +
                     ", which does not exist; nothing was built (make that folder, or give "
                     "another)"},
      {"",
       "the output folder's name is empty; give the folder to build the site into; nothing "
       "was built"},
      {file + "/site", file + "/site: not a folder: a folder on its way is a file; nothing was "
                              "built"},
  };
  for (const auto& [dir, message] : cases) {
    auto report = BuildSite(src.path().string(), dir, {});
    ASSERT_FALSE(report.ok()) << dir;
    EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument) << dir;
    EXPECT_EQ(report.status().message(), message);
  }
  EXPECT_EQ(ReadAll(out.path() / "file"), "x");
  EXPECT_FALSE(fs::exists(out.path() / "gone"));
}

// levers build applies duplicate-guide with the key levers check uses: a
// guide and a copy without its front matter (whose company slug is derived
// from the heading) are the same guide.
TEST(BuildSite, DuplicateAcrossGuideShapes) {
  TempDir src, out;
  src.Write("a.md", testing::Replace(testing::CleanGuide(), "company: quillon-labs",
                                     "company: quillonlabs"));
  src.Write("b.md", testing::kBody);
  src.Write("c.md", testing::Replace(testing::kBody, "### Software Engineer |", "### SRE |"));
  auto report = BuildSite(src.path().string(), out.path().string(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const std::string& text = report->findings_text;
  const size_t at = text.find("error[duplicate-guide]");
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_EQ(text.find("error[duplicate-guide]", at + 1), std::string::npos) << text;
  const std::string expected = (src.path() / "b.md").string() +
                               ":1:5: error[duplicate-guide]: a second guide for quillon-labs / "
                               "software-engineer; the first is " +
                               (src.path() / "a.md").string() +
                               " (quillonlabs / software-engineer)\n";
  EXPECT_NE(text.find(expected), std::string::npos) << text;
}

// A single guide file as the source: its page is named after it (it was once
// "..html", from the path of a file relative to itself).
TEST(BuildSite, OneGuideFileAsTheSource) {
  TempDir src, out;
  src.Write("quillon.v2.md", testing::CleanGuide());
  auto report = BuildSite((src.path() / "quillon.v2.md").string(), out.path().string(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pages, 1u);
  EXPECT_TRUE(fs::exists(out.path() / "quillon.v2.html"));
  EXPECT_FALSE(fs::exists(out.path() / "..html"));
  std::ifstream json(out.path() / "guides.json");
  std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"page\":\"quillon.v2.html\""), std::string::npos);
}

// A guide whose page would be a file the site writes itself (in any letter
// case), lie in its assets/ folder or under a folder named as one of its
// files, or differ from another guide's page only in letter case, gets a page
// of its own: its path's name with "-2", "-3", ... added where it collides.
// Guides that collide with nothing keep their names, even one ("index-2.md")
// whose name a moved page would otherwise take. guides.json, the home page's
// links, the manifest and the findings text all say the same.
TEST(BuildSite, GuidePagesNeverLandOnTheSiteOwnFilesOrEachOther) {
  TempDir src, out;
  auto guide = [&](const std::string& rel, const std::string& role) {
    src.Write(rel, testing::Replace(testing::CleanGuide(),
                                    "role: software-engineer\nrole_display: Software Engineer",
                                    "role: " + role + "\nrole_display: " + role));
  };
  guide("index.md", "r-index");
  guide("Index-2.md", "r-index-2");
  guide("HEALTH.md", "r-health");
  guide("assets/app.md", "r-assets");
  guide("guides.json/x.md", "r-guides-json");
  guide("team/Sre.md", "r-sre-upper");
  guide("team/sre.md", "r-sre");
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  auto report = BuildSite(src.path().string(), out.path().string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pages, 7u);
  const std::string s = src.path().string() + "/";
  const std::string notes = "levers: note: " + s +
                            "HEALTH.md: its page is HEALTH-2.html: HEALTH.html is health.html, "
                            "the site's health page\n"
                            "levers: note: " +
                            s +
                            "assets/app.md: its page is assets-2/app.html: assets is the site's "
                            "folder for its stylesheet and script\n"
                            "levers: note: " +
                            s +
                            "guides.json/x.md: its page is guides.json-2/x.html: guides.json is "
                            "the site's guide data\n"
                            "levers: note: " +
                            s +
                            "index.md: its page is index-3.html: index.html is the site's home "
                            "page\n"
                            "levers: note: " +
                            s +
                            "team/sre.md: its page is team/sre-2.html: team/sre.html is the page "
                            "of " +
                            s + "team/Sre.md (team/Sre.html)\n";
  EXPECT_TRUE(report->findings_text.starts_with(notes)) << report->findings_text;

  // In path order: HEALTH, Index-2, assets/app, guides.json/x, index, team/Sre, team/sre.
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"HEALTH-2.html", "r-health"},     {"Index-2.html", "r-index-2"},
      {"assets-2/app.html", "r-assets"}, {"guides.json-2/x.html", "r-guides-json"},
      {"index-3.html", "r-index"},       {"team/Sre.html", "r-sre-upper"},
      {"team/sre-2.html", "r-sre"}};
  const std::string json = ReadAll(out.path() / "guides.json");
  const std::string home = ReadAll(out.path() / "index.html");
  std::string manifest = "guides.json\nindex.html\nhealth.html\nassets/app.css\nassets/app.js\n";
  size_t json_at = 0;
  for (const auto& [page, role] : pages) {
    const size_t at = json.find(
        "\"page\":\"" + page +
        "\",\"company\":\"quillon-labs\",\"company_display\":\"Quillon Labs\",\"role\":\"" + role +
        "\"");
    EXPECT_NE(at, std::string::npos) << page << "\n" << json;
    EXPECT_GT(at, json_at) << page;
    json_at = at;
    EXPECT_NE(home.find("<a href=\"" + page + "\">"), std::string::npos) << page;
    EXPECT_NE(ReadAll(out.path() / page)
                  .find("<h1>" + role + " <span class=\"muted\">at</span> Quillon Labs</h1>"),
              std::string::npos)
        << page;
    manifest += page + "\n";
  }
  EXPECT_NE(home.find("<h1>"), std::string::npos);
  EXPECT_EQ(home.find("<h1>r-index"), std::string::npos);
  EXPECT_EQ(ReadAll(out.path() / "health.html").find("<h1>r-health"), std::string::npos);
  const std::string written = ReadAll(out.path() / kSiteManifest);
  EXPECT_EQ(written.substr(written.find('\n') + 1), manifest);
  EXPECT_FALSE(fs::exists(out.path() / "index-2.html"));
  EXPECT_TRUE(fs::is_regular_file(out.path() / "guides.json"));

  // Rebuilt after team/Sre.md is renamed team/SRE.md: the old page goes (on a
  // file system that tells letter case apart it is another file), the new stays.
  fs::rename(src.path() / "team" / "Sre.md", src.path() / "team" / "SRE.md");
  auto again = BuildSite(src.path().string(), out.path().string(), o);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(fs::exists(out.path() / "team" / "SRE.html"));
  EXPECT_TRUE(fs::exists(out.path() / "team" / "sre-2.html"));
  EXPECT_FALSE(fs::exists(out.path() / "team" / "Sre.html"));
}

// The scan holds a guide's natural page to the file-name limit; the number
// that keeps a colliding page apart is held to it too. A page (or a folder of
// it) that the number would take past 255 bytes is refused like an overlong
// name, its guide not read; one that still fits is numbered.
TEST(BuildSite, ANumberedPageIsHeldToTheFileNameLimit) {
  TempDir src, out;
  const std::string upper_file(250, 'F'), lower_file(250, 'f');  // 250 + ".html": 255 bytes
  // A folder named as another guide's page ("eee.html" beside "EEE.md").
  const std::string upper_page(249, 'E'), lower_dir = std::string(249, 'e') + ".html";
  const std::string upper_fits(248, 'G'), lower_fits(248, 'g');  // 248 + "-2.html": 255
  for (const std::string& name : {upper_file, lower_file, upper_fits, lower_fits, upper_page})
    src.Write(name + ".md", testing::CleanGuide());
  src.Write(lower_dir + "/x.md", testing::CleanGuide());
  CorpusOptions o;
  o.check.today = Date{2026, 11, 23};
  auto report = BuildSite(src.path().string(), out.path().string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const std::string s = src.path().string() + "/";
  const std::string folder_refused =
      s + lower_dir + "/x.md: its page would be " + lower_dir + "-2/x.html (" + lower_dir +
      " is the page of " + s + upper_page + ".md (" + upper_page +
      ".html)), a folder name of 256 bytes; a file name holds at most 255, rename the file; not "
      "read";
  const std::string file_refused =
      s + lower_file + ".md: its page would be " + lower_file + "-2.html (" + lower_file +
      ".html is the page of " + s + upper_file + ".md (" + upper_file +
      ".html)), a file name of 257 bytes; a file name holds at most 255, rename the file; not "
      "read";
  EXPECT_TRUE(report->findings_text.starts_with(
      "levers: error: " + folder_refused + "\nlevers: error: " + file_refused +
      "\nlevers: note: " + s + lower_fits + ".md: its page is " + lower_fits + "-2.html: "))
      << report->findings_text;
  EXPECT_EQ(report->refused, 2u);
  EXPECT_EQ(report->pages, 4u);
  for (const std::string& page :
       {upper_file + ".html", upper_page + ".html", upper_fits + ".html", lower_fits + "-2.html"})
    EXPECT_TRUE(fs::is_regular_file(out.path() / page)) << page;
  // The refused guides have no page: guides.json lists neither.
  const std::string json = ReadAll(out.path() / "guides.json");
  EXPECT_EQ(json.find(lower_dir), std::string::npos);
  EXPECT_EQ(json.find(lower_file), std::string::npos);
  const std::string health = ReadAll(out.path() / "health.html");
  EXPECT_NE(health.find("refused-file"), std::string::npos);
  // The site names both guides by their paths under the source, not as given.
  EXPECT_NE(health.find("<td>" + lower_dir + "/x.md</td>"), std::string::npos) << health;
  EXPECT_NE(health.find("<td>its page would be " + lower_dir + "-2/x.html (" + lower_dir +
                        " is the page of " + upper_page + ".md (" + upper_page +
                        ".html)), a folder name of 256 bytes; a file name holds at most 255, "
                        "rename the file; not read</td>"),
            std::string::npos)
      << health;
  EXPECT_EQ(health.find(src.path().string()), std::string::npos);
}

// A single file given as the source that gives no guide is refused with
// nothing written, as a folder with no guide is; a guide file is built.
TEST(BuildSite, AFileThatGivesNoGuideBuildsNothing) {
  TempDir src, out;
  src.Write("empty.md", "");
  const std::string empty = (src.path() / "empty.md").string();
  const fs::path site = out.path() / "site";
  auto refused = BuildSite(empty, site.string(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(),
            empty +
                ": not a guide (1:1: error[empty-file]: the file is empty; a guide needs at "
                "least a heading and a pay table); nothing was built");
  EXPECT_FALSE(fs::exists(site));
  src.Write("index.md", testing::CleanGuide());
  auto built = BuildSite((src.path() / "index.md").string(), site.string(), {});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->pages, 1u);
  EXPECT_NE(ReadAll(site / "guides.json").find("\"page\":\"index-2.html\""), std::string::npos);
}

// guides.json is written while pages are built, many guides per write: it is
// exactly the array of each guide's JSON (as `levers parse` writes it, with its
// page), in path order, across every write, whatever thread finished first.
TEST(BuildSite, GuidesJsonIsEveryGuideInPathOrderAcrossWrites) {
  TempDir src, out;
  constexpr int kGuides = 1'100;  // more than one write's worth of guides and of bytes
  for (int i = 0; i < kGuides; ++i) {
    src.Write("g" + std::to_string(10'000 + i) + ".md",
              testing::Replace(testing::CleanGuide(), "role: software-engineer",
                               "role: r" + std::to_string(i)));
  }
  CorpusOptions o;
  o.jobs = 3;
  auto report = BuildSite(src.path().string(), out.path().string(), o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->pages, static_cast<size_t>(kGuides));

  std::string expected = "[\n";
  for (int i = 0; i < kGuides; ++i) {
    const std::string name = "g" + std::to_string(10'000 + i);
    Result<SourceFile> f = LoadSourceFile((src.path() / (name + ".md")).string());
    ASSERT_TRUE(f.ok());
    DiagnosticSink sink;
    std::optional<Guide> g = ReadGuide(*f, sink);
    ASSERT_TRUE(g.has_value());
    g->path = name + ".md";  // the site names the file by its path under the source
    JsonOptions jo;
    jo.pretty = false;
    jo.page = name + ".html";
    if (i > 0) expected += ",\n";
    expected += RenderGuideJson(*g, jo);
  }
  expected += "\n]\n";
  std::ifstream json(out.path() / "guides.json", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_GT(text.size(), size_t{1} << 20);
  EXPECT_TRUE(text == expected) << "guides.json differs from the guides' JSON in path order ("
                                << text.size() << " bytes against " << expected.size() << ")";
}

// The corpus pages carry guide text and file names as read; they stay UTF-8
// when a guide's company name is not.
TEST(BuildSite, CorpusPagesAreUtf8WhenAGuideIsNot) {
  TempDir src, out;
  // Body only: YAML would refuse the byte, and the name would come from the heading.
  src.Write("a.md", testing::Replace(testing::kBody, "| Quillon Labs", "| Quillon \xE9 Labs"));
  src.Write("b.md", testing::Replace(testing::CleanGuide(), "role: software-engineer", "role: r"));
  src.Write("c\xE9.md", std::string("\0binary", 7));  // listed on health.html by its path
  auto report = BuildSite(src.path().string(), out.path().string(), CorpusOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->pages, 2u);
  std::ifstream health(out.path() / "health.html", std::ios::binary);
  const std::string health_text((std::istreambuf_iterator<char>(health)),
                                std::istreambuf_iterator<char>());
  // A name that is not UTF-8 is refused by the scan, and named with its byte.
  EXPECT_NE(health_text.find("<td>c\\xE9.md</td><td class=\"num\"></td><td><code>refused-file"
                             "</code></td><td>the name is not valid UTF-8 (byte \\xE9)"),
            std::string::npos);
  for (const char* page : {"index.html", "health.html", "a.html"}) {
    std::ifstream in(out.path() / page, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(IsValidUtf8(text)) << page;
    EXPECT_NE(text.find("Quillon \uFFFD Labs"), std::string::npos) << page;
  }
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

// Guides for the streaming tests: `n` clean guides, every `dup`-th one a
// second guide for the role of the one before it (a duplicate-guide finding),
// and one file that cannot be read as a guide (binary).
void WriteStreamCorpus(const TempDir& d, int n, int dup) {
  for (int i = 0; i < n; ++i) {
    const int role = (dup > 0 && i % dup == dup - 1) ? i - 1 : i;
    d.Write("g" + std::to_string(10000 + i) + ".md",
            testing::Replace(testing::CleanGuide(), "role: software-engineer",
                             "role: r" + std::to_string(role)));
  }
  d.Write("g10005x.md", std::string("\x7f"
                                    "ELF\0\0\0",
                                    7));
}

TEST(ForEachChecked, GivesWhatReadAndCheckGivesInPathOrderWithAnyThreadCount) {
  TempDir d;
  WriteStreamCorpus(d, 120, 7);
  auto paths = CollectGuidePaths({d.path().string()});
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 121u);
  CorpusOptions o;
  o.check.today = ParseIsoDate("2026-11-24").date;
  const std::vector<CheckedGuide> all = ReadAndCheck(*paths, o);
  size_t duplicates = 0;
  for (const CheckedGuide& c : all)
    for (const Diagnostic& diag : c.findings.diagnostics())
      duplicates += diag.code == "duplicate-guide" ? 1 : 0;
  EXPECT_EQ(duplicates, 17u);  // guides 6, 13, ..., 118
  for (unsigned jobs : {1u, 2u, 7u, 200u}) {
    o.jobs = jobs;
    size_t k = 0;
    ForEachChecked(*paths, o, [&](CheckedGuide& c) {
      ASSERT_LT(k, all.size());
      const CheckedGuide& want = all[k++];
      EXPECT_EQ(c.path, want.path) << jobs;
      EXPECT_EQ(c.load_status.ok(), want.load_status.ok()) << c.path;
      EXPECT_EQ(c.guide.has_value(), want.guide.has_value()) << c.path;
      ASSERT_EQ(c.findings.diagnostics().size(), want.findings.diagnostics().size()) << c.path;
      for (size_t i = 0; i < c.findings.diagnostics().size(); ++i) {
        EXPECT_EQ(c.findings.diagnostics()[i].code, want.findings.diagnostics()[i].code);
        EXPECT_EQ(c.findings.diagnostics()[i].message, want.findings.diagnostics()[i].message);
      }
    });
    EXPECT_EQ(k, all.size()) << jobs;
  }
}

TEST(ForEachChecked, AnExceptionFromTheConsumerStopsTheReadersAndPropagates) {
  TempDir d;
  WriteStreamCorpus(d, 200, 0);
  auto paths = CollectGuidePaths({d.path().string()});
  ASSERT_TRUE(paths.ok());
  CorpusOptions o;
  o.jobs = 3;
  size_t seen = 0;
  EXPECT_THROW(ForEachChecked(*paths, o,
                              [&](CheckedGuide&) {
                                if (++seen == 5) throw std::runtime_error("stop");
                              }),
               std::runtime_error);
  EXPECT_EQ(seen, 5u);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LEVERS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LEVERS_SANITIZED 1
#endif
#endif

#ifndef LEVERS_SANITIZED
// Peak resident memory of this process so far (VmHWM), in KiB.
size_t PeakResidentKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6));
  return 0;
}
#endif

// Memory does not grow with the number of guides: 3,000 guides (about 16 KB
// each once read and checked, 48 MB together) stream through in under 3 MB
// (here), even when the consumer is slower than the readers. ReadAndCheck
// over the same guides afterwards shows that the measure sees what holding
// them all costs. Each ctest entry is its own process, so the peak starts at
// this test's own set-up.
TEST(ForEachChecked, MemoryDoesNotGrowWithTheNumberOfGuides) {
#ifdef LEVERS_SANITIZED
  GTEST_SKIP() << "the sanitizers' allocators keep freed memory (quarantine)";
#else
  TempDir d;
  WriteStreamCorpus(d, 3000, 0);
  auto paths = CollectGuidePaths({d.path().string()});
  ASSERT_TRUE(paths.ok());
  CorpusOptions o;
  o.jobs = 2;
  o.check.today = ParseIsoDate("2026-11-24").date;
  const size_t before = PeakResidentKib();
  ASSERT_GT(before, 0u);
  size_t guides = 0;
  // A slow consumer (output to a pager, a full pipe): the readers must wait
  // for it rather than read on.
  ForEachChecked(*paths, o, [&](CheckedGuide& c) {
    if (guides == 0) std::this_thread::sleep_for(std::chrono::seconds(1));
    guides += c.guide ? 1 : 0;
  });
  EXPECT_EQ(guides, 3000u);
  const size_t streamed = PeakResidentKib() - before;
  EXPECT_LT(streamed, 12u * 1024) << "KiB";
  std::vector<CheckedGuide> all = ReadAndCheck(*paths, o);
  ASSERT_EQ(all.size(), 3001u);
  const size_t held = PeakResidentKib() - before;
  EXPECT_GT(held, 32u * 1024) << "KiB";
#endif
}

}  // namespace
}  // namespace levers
