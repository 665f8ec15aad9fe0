#include "corpus/site_pages.h"

#include <optional>
#include <unordered_map>

#include "core/ascii.h"
#include "levers/corpus.h"

namespace levers::internal {

namespace {

// The names the site writes itself. assets/ is the site's as a whole: a page
// under it could meet a stylesheet or script a later levers writes there.
struct SiteOwnName {
  std::string_view name, what;
};
constexpr SiteOwnName kSiteOwnNames[] = {
    {"index.html", "the site's home page"},
    {"health.html", "the site's health page"},
    {"guides.json", "the site's guide data"},
    {".levers-site", "the site's list of the files it wrote"},
    {"assets", "the site's folder for its stylesheet and script"},
};

// What holds a name of the site: one of its own names, an entry of the output
// folder no build wrote, a guide's page, or a folder of a guide's page. Only
// folders may be shared (two pages in one folder, a page in the user's folder).
struct Holder {
  const SiteOwnName* own = nullptr;         // a name the site writes itself
  const ExistingEntry* existing = nullptr;  // else one already in the output folder
  size_t guide = 0;                         // else the guide whose page holds it
  bool folder = false;                      // a folder, which pages may share
};

// Where a page would collide: its first part (folder or file name) that is
// held, and by what.
struct Collision {
  size_t part;  // 0 for the first folder (or the file name of a top-level page)
  const Holder* holder;
};

class SitePageNames {
 public:
  SitePageNames(const std::vector<std::string>& pages, const std::vector<ExistingEntry>& existing)
      : pages_(pages) {
    held_.reserve(2 * pages.size() + std::size(kSiteOwnNames) + existing.size());
    for (const SiteOwnName& n : kSiteOwnNames) held_.emplace(std::string(n.name), Holder{&n});
    // A link is passed like a folder here: a page beyond it is refused when
    // written, by its path, rather than moved away from the user's link.
    for (const ExistingEntry& e : existing) {
      held_.try_emplace(FoldedName(e.path),
                        Holder{nullptr, &e, 0, e.kind != ExistingEntry::Kind::kFile});
    }
  }

  // The first part of a page, `folded` by FoldedName, that collides with a
  // held name: a folder of it that is a file of the site or a guide's page, or
  // the page itself named as any held name.
  std::optional<Collision> Find(const std::string& folded) const {
    size_t part = 0;
    for (size_t slash = folded.find('/'); slash != std::string::npos;
         slash = folded.find('/', slash + 1), ++part) {
      auto it = held_.find(folded.substr(0, slash));
      if (it != held_.end() && !it->second.folder) return Collision{part, &it->second};
    }
    auto it = held_.find(folded);
    if (it != held_.end()) return Collision{part, &it->second};
    return std::nullopt;
  }

  // Holds guide `i`'s page, pages_[i] `folded` by FoldedName, and its folders.
  void Hold(size_t i, std::string folded) {
    for (size_t slash = folded.find('/'); slash != std::string::npos;
         slash = folded.find('/', slash + 1)) {
      held_.try_emplace(folded.substr(0, slash), Holder{nullptr, nullptr, i, true});
    }
    held_.emplace(std::move(folded), Holder{nullptr, nullptr, i, false});
  }

  // "index.html is the site's home page", "a.html is the page of g/A.md
  // (A.html)": why `part`, the colliding start of a page, could not be used,
  // naming guide i by named[i].
  std::string Why(std::string_view part, const Holder& h,
                  const std::vector<std::string>& named) const {
    std::string why(part);
    if (h.own != nullptr) {
      why += h.own->name == part ? " is " : " is " + std::string(h.own->name) + ", ";
      why += h.own->what;
      return why;
    }
    if (h.existing != nullptr) {
      switch (h.existing->kind) {
        case ExistingEntry::Kind::kFile:
          why += " is a file in the output folder that levers did not write";
          break;
        case ExistingEntry::Kind::kFolder:
          why += " is a folder in the output folder";
          break;
        case ExistingEntry::Kind::kLink:
          why += " is a symbolic link in the output folder that levers did not write";
          break;
      }
      if (h.existing->path != part) why += " (" + h.existing->path + ")";
      return why;
    }
    std::string_view name = pages_[h.guide];
    if (h.folder) name = name.substr(0, part.size());
    why += h.folder ? " is a folder of the page of " : " is the page of ";
    why += named[h.guide];
    if (name != part) {
      why += " (";
      why += name;
      why += ')';
    }
    return why;
  }

 private:
  const std::vector<std::string>& pages_;
  std::unordered_map<std::string, Holder> held_;  // by FoldedName
};

// `page` with its parts (folders, then the file name without ".html")
// numbered: part k gets "-N" for suffix[k] = N, none for 0.
std::string Numbered(const std::vector<std::string_view>& parts, const std::vector<int>& suffix) {
  std::string out;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out += parts[k];
    if (suffix[k] > 0) {
      out += '-';
      out += std::to_string(suffix[k]);
    }
  }
  out += ".html";
  return out;
}

// "a folder name of 256 bytes", "a file name of 257 bytes": the first part of
// a numbered page longer than a file name holds, or empty when every part fits.
std::string OverlongPart(const std::vector<std::string_view>& parts,
                         const std::vector<int>& suffix) {
  for (size_t k = 0; k < parts.size(); ++k) {
    if (suffix[k] == 0) continue;  // as in the guide's path, which the scan checked
    const bool file = k + 1 == parts.size();
    const size_t bytes = parts[k].size() + 1 + std::to_string(suffix[k]).size() + (file ? 5 : 0);
    if (bytes > kMaxFileNameBytes) {
      return std::string(file ? "a file name of " : "a folder name of ") + std::to_string(bytes) +
             " bytes";
    }
  }
  return {};
}

}  // namespace

std::string FoldedName(std::string_view name) { return AsciiLowerCopy(name); }

// Plain string work: CollectGuides writes every path it finds under a folder
// as the folder as given, '/' (unless it ends with one) and the rest, and a
// file given as itself; std::filesystem's lexically_relative cost some 6,000
// instructions a page.
std::string SitePath(std::string_view src_dir, std::string_view path) {
  std::string_view rel;
  if (path.size() > src_dir.size() && path.starts_with(src_dir)) {
    rel = path.substr(src_dir.size());
    if (!src_dir.ends_with('/') && rel.front() != '/') rel = {};  // "guides2/x.md" for "guides"
    while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  }
  if (rel.empty()) {
    const size_t slash = path.rfind('/');
    rel = slash == std::string_view::npos ? path : path.substr(slash + 1);
  }
  return std::string(rel);
}

std::string NaturalPage(std::string_view site_path) {
  // The extension is the file name's last dot and what follows, unless the
  // name starts with that dot.
  std::string_view rel = site_path;
  const size_t name = rel.rfind('/') == std::string_view::npos ? 0 : rel.rfind('/') + 1;
  const size_t dot = rel.rfind('.');
  if (dot != std::string_view::npos && dot > name) rel = rel.substr(0, dot);
  std::string page(rel);
  page += ".html";
  return page;
}

std::vector<std::string> AssignSitePages(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& site_paths,
                                         const std::vector<ExistingEntry>& existing,
                                         std::vector<std::string>& moved,
                                         std::vector<std::string>& refused,
                                         std::vector<SiteRefusal>& refused_on_site) {
  std::vector<std::string> pages;
  pages.reserve(site_paths.size());
  for (const std::string& p : site_paths) pages.push_back(NaturalPage(p));
  SitePageNames names(pages, existing);
  // Every page that collides with nothing is held first, so a page moved
  // later never takes the name another guide's path gives it.
  std::vector<size_t> colliding;
  for (size_t i = 0; i < pages.size(); ++i) {
    std::string folded = FoldedName(pages[i]);
    if (names.Find(folded))
      colliding.push_back(i);
    else
      names.Hold(i, std::move(folded));
  }
  for (size_t i : colliding) {
    const std::string natural = pages[i];
    std::vector<std::string_view> parts;
    const std::string_view stem(natural.data(), natural.size() - 5);  // without ".html"
    for (size_t at = 0;;) {
      const size_t slash = stem.find('/', at);
      parts.push_back(stem.substr(at, slash == std::string_view::npos ? slash : slash - at));
      if (slash == std::string_view::npos) break;
      at = slash + 1;
    }
    const Collision first = *names.Find(FoldedName(natural));
    // The colliding start of the natural page, for the message.
    size_t end = 0;
    for (size_t k = 0; k <= first.part; ++k) end += parts[k].size() + 1;
    const std::string_view part(natural.data(), std::min(end - 1, stem.size()));
    const bool is_file = first.part + 1 == parts.size();
    const std::string_view taken = is_file ? std::string_view(natural) : part;
    const std::string why = names.Why(taken, *first.holder, paths);
    // Each part that collides takes the next number until none does; every
    // try takes a name no guide held, and there are finitely many.
    std::vector<int> suffix(parts.size(), 0);
    for (std::optional<Collision> c = first; c; c = names.Find(FoldedName(pages[i]))) {
      suffix[c->part] = suffix[c->part] == 0 ? 2 : suffix[c->part] + 1;
      pages[i] = Numbered(parts, suffix);
    }
    // The scan checked the natural names against the file-name limit; a
    // number can take a folder or the page's own name past it.
    if (const std::string over = OverlongPart(parts, suffix); !over.empty()) {
      const std::string limit = ", " + over + "; a file name holds at most " +
                                std::to_string(kMaxFileNameBytes) + ", rename the file; not read";
      refused.push_back(paths[i] + ": its page would be " + pages[i] + " (" + why + ")" + limit);
      refused_on_site.push_back({site_paths[i], "its page would be " + pages[i] + " (" +
                                                    names.Why(taken, *first.holder, site_paths) +
                                                    ")" + limit});
      pages[i].clear();
      continue;
    }
    names.Hold(i, FoldedName(pages[i]));
    moved.push_back(paths[i] + ": its page is " + pages[i] + ": " + why);
  }
  return pages;
}

}  // namespace levers::internal
