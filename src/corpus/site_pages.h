// Site pages: where `levers build` writes each guide's page in the output
// folder. A page is named after its guide's path ("team/sre.md" is
// "team/sre.html"), unless that name would land on something else the site
// holds: a file the site writes itself (index.html, health.html, guides.json,
// .levers-site) or its assets/ folder, another guide's page, a folder of
// another guide's page, or something already in the output folder that no
// build wrote (the user's about.html or CNAME). Names are compared with the letters A-Z folded to
// a-z, as case-insensitive file systems and web hosts compare them, so
// "Index.md" and "index.md" are as much a collision as "index.md" itself.
//
// Pure functions of the paths; safe from any thread.
#ifndef LEVERS_CORPUS_SITE_PAGES_H_
#define LEVERS_CORPUS_SITE_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "levers/corpus.h"

namespace levers::internal {

// An entry of the output folder that no earlier build wrote (its manifest does
// not list it), by its path there: the user's file, a folder, a symbolic link.
// A guide's page never takes the name of one, so the build never overwrites
// (and later removes) a file it did not write; folders may hold pages, but a
// page is not named as one. A link takes a page's name as a file does; the
// build refuses to write through one that lies on a page's way.
struct ExistingEntry {
  enum class Kind { kFile, kFolder, kLink };
  std::string path;
  Kind kind;
};

// The path a site publishes for the guide file at `path` found under
// `src_dir` (levers build's source): its path under src_dir ("team/sre.md"
// for "guides/team/sre.md" under "guides", "guides/", "./guides" or
// "/home/editor/guides" alike), or its file name when it is not under src_dir
// (a single guide file given as the source). The guide files of one source
// each get their own: they all start with the same src_dir.
std::string SitePath(std::string_view src_dir, std::string_view path);

// The page for the guide whose site path (SitePath) is `site_path`, relative
// to the site's top folder: .html for its extension ("team/sre.md" is
// "team/sre.html").
std::string NaturalPage(std::string_view site_path);

// The pages of the guides at `paths` (sorted, as CollectGuides gives them),
// whose site paths (SitePath) are `site_paths`, one each and in the same
// order; they never collide with each other, with the site's own files or
// with the `existing` entries of the output folder (sorted by path, so the
// same folder gives the same names), letter case aside. Every guide whose
// natural page collides with nothing keeps it. The others, in path order, take the first free name
// made by adding "-2", "-3", ... to the part of the name that collides: "index.html" becomes
// "index-2.html", "Acme.html" beside "acme.html" becomes "acme-2.html", "assets/x.html" becomes
// "assets-2/x.html". For each guide so moved, `moved` gets a line saying so
// ("g/index.md: its page is index-2.html: index.html is the site's home page"),
// naming guides by `paths`.
// A guide whose numbered page would have a folder or file name longer than
// kMaxFileNameBytes gets no page (an empty string), a line in `refused` saying
// why, naming guides by `paths`, and the same in `refused_on_site`, naming
// them by `site_paths`, as the folder scan refuses an overlong natural name.
std::vector<std::string> AssignSitePages(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& site_paths,
                                         const std::vector<ExistingEntry>& existing,
                                         std::vector<std::string>& moved,
                                         std::vector<std::string>& refused,
                                         std::vector<SiteRefusal>& refused_on_site);

// `name` with A-Z folded to a-z: the key under which a case-insensitive file
// system or web host finds it.
std::string FoldedName(std::string_view name);

}  // namespace levers::internal

#endif  // LEVERS_CORPUS_SITE_PAGES_H_
