#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "levers/corpus.h"
#include "levers/render.h"

namespace levers {

namespace fs = std::filesystem;

namespace {

// Writes a whole file. An existing file is unlinked first (`replace`): a fresh
// inode is cheaper than truncating, which makes ext4 flush the old blocks on close.
Status WriteFile(const fs::path& path, std::string_view data, bool replace = true) {
  if (replace) ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Status::IOError(path.string() + ": cannot open for writing: " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::IOError(path.string() + ": write failed: " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0)
    return Status::IOError(path.string() + ": write failed: " + std::strerror(errno));
  return Status::Ok();
}

// A JSON array written element by element through a 1 MiB buffer.
class JsonArrayFile {
 public:
  ~JsonArrayFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Open(const fs::path& path) {
    path_ = path;
    ::unlink(path.c_str());
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
      return Status::IOError(path.string() + ": cannot open for writing: " + std::strerror(errno));
    buffer_ = "[\n";
    return Status::Ok();
  }
  Status Append(std::string_view element) {
    if (count_++ > 0) buffer_ += ",\n";
    buffer_ += element;
    return buffer_.size() >= (1u << 20) ? Flush() : Status::Ok();
  }
  Status Close() {
    buffer_ += count_ ? "\n]\n" : "]\n";
    LEVERS_RETURN_IF_ERROR(Flush());
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
      return Status::IOError(path_.string() + ": write failed: " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  Status Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        return Status::IOError(path_.string() + ": write failed: " + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return Status::Ok();
  }
  fs::path path_;
  int fd_ = -1;
  std::string buffer_;
  size_t count_ = 0;
};

// What the index page and the corpus rules need of each guide, kept after its
// model is dropped so memory stays flat across a large corpus.
struct PageSummary {
  bool built = false;
  std::string page;  // relative URL of the guide page
  std::string company, role, company_display, role_display;
  std::string regions, data_quality, review_due;
  bool overdue = false;
  size_t errors = 0, warnings = 0;
  std::string json;       // the guide's object in guides.json
  std::string findings;   // formatted for people
  LineColumn company_at;  // for a duplicate-guide finding
};

std::string PageFor(const fs::path& src_root, const std::string& path) {
  fs::path rel = fs::path(path).lexically_relative(src_root);
  if (rel.empty() || rel.native().starts_with("..")) rel = fs::path(path).filename();
  rel.replace_extension(".html");
  return rel.generic_string();
}

void IndexRow(std::string& out, const PageSummary& s) {
  out += "<tr><td><a href=\"" + HtmlEscape(s.page) + "\">" + HtmlEscape(s.company_display) +
         "</a></td><td>" + HtmlEscape(s.role_display) + "</td><td>" + HtmlEscape(s.regions) +
         "</td><td>" + HtmlEscape(s.data_quality) + "</td><td" +
         (s.overdue ? " class=\"overdue\"" : "") + ">" + HtmlEscape(s.review_due) +
         (s.overdue ? " (overdue)" : "") + "</td><td class=\"num\">" + std::to_string(s.errors) +
         "</td><td class=\"num\">" + std::to_string(s.warnings) + "</td></tr>\n";
}

}  // namespace

Result<SiteReport> BuildSite(const std::string& src_dir, const std::string& out_dir,
                             const CorpusOptions& o) {
  LEVERS_ASSIGN_OR_RETURN(std::vector<std::string> paths, CollectGuidePaths({src_dir}));
  std::error_code ec;
  // Into an empty folder every file is new, and the unlink before each write can go.
  const bool fresh = !fs::exists(out_dir, ec) || fs::is_empty(out_dir, ec);
  fs::create_directories(out_dir, ec);
  if (ec) return Status::IOError(out_dir + ": cannot create folder: " + ec.message());
  const fs::path out_root(out_dir);
  const fs::path src_root(src_dir);

  std::vector<PageSummary> pages(paths.size());
  std::mutex dir_mu;
  std::vector<Status> write_errors(paths.size());

  auto BuildPage = [&](size_t i) {
    CheckedGuide c;
    c.path = paths[i];
    PageSummary& s = pages[i];
    Result<SourceFile> f = LoadSourceFile(c.path, o.limits);
    if (!f.ok()) {
      s.findings = "levers: " + f.status().message() + "\n";
      s.errors = 1;
      return;
    }
    c.file.emplace(std::move(f).value());
    c.guide = ReadGuide(*c.file, c.findings, o.limits);
    if (c.guide) CheckGuide(*c.guide, o.check, c.findings);
    s.findings = FormatFindingsText(c);
    for (const Diagnostic& d : c.findings.diagnostics()) {
      if (d.severity == Severity::kError)
        ++s.errors;
      else if (d.severity == Severity::kWarning)
        ++s.warnings;
    }
    if (!c.guide) return;
    const Guide& g = *c.guide;
    s.built = true;
    s.page = PageFor(src_root, c.path);
    s.company = g.company.has() ? *g.company : "";
    s.role = g.role.has() ? *g.role : "";
    s.company_display = g.company_display.has() ? *g.company_display : s.company;
    s.role_display = g.role_display.has() ? *g.role_display : s.role;
    s.company_at = c.file->Locate(g.company.range.begin);
    for (const ResolvedBand& r : ResolveCompensation(g)) {
      if (!r.band.region.has()) continue;
      s.regions += (s.regions.empty() ? "" : ", ") + *r.band.region;
    }
    s.data_quality = g.data_quality.has() ? *g.data_quality : "—";
    s.review_due = g.next_review_due.has() ? g.next_review_due->ToString() : "—";
    s.overdue = o.check.today && g.next_review_due.has() && *g.next_review_due < *o.check.today;
    JsonOptions jo;
    jo.pretty = false;
    jo.page = s.page;
    s.json = RenderGuideJson(g, jo);
    HtmlOptions ho;
    ho.today = o.check.today;
    ho.findings = &c.findings.diagnostics();
    ho.file = &*c.file;
    const fs::path page_path = out_root / s.page;
    const fs::path page_dir = fs::path(s.page).parent_path();
    ho.index_href = fs::path("index.html").lexically_relative(page_dir).generic_string();
    ho.stylesheet_href = fs::path("style.css").lexically_relative(page_dir).generic_string();
    if (fs::path(s.page).has_parent_path()) {
      std::lock_guard<std::mutex> lock(dir_mu);
      fs::create_directories(page_path.parent_path(), ec);
    }
    write_errors[i] = WriteFile(page_path, RenderGuideHtml(g, ho), !fresh);
  };

  // guides.json is written in path order while pages are still being built:
  // whichever worker finds the next fragments ready writes them, so the write
  // overlaps the parallel phase instead of following it.
  JsonArrayFile json;
  LEVERS_RETURN_IF_ERROR(json.Open(out_root / "guides.json"));
  std::mutex json_mu;
  Status json_status;
  size_t json_next = 0;
  std::unique_ptr<std::atomic<bool>[]> json_ready(new std::atomic<bool>[paths.size()]);
  for (size_t i = 0; i < paths.size(); ++i) json_ready[i].store(false, std::memory_order_relaxed);
  auto drain_json = [&](bool wait) {
    std::unique_lock<std::mutex> lock(json_mu, std::defer_lock);
    if (wait)
      lock.lock();
    else if (!lock.try_lock())
      return;  // another worker is writing; it or the final drain takes ours
    while (json_next < pages.size() && json_ready[json_next].load(std::memory_order_acquire)) {
      PageSummary& s = pages[json_next++];
      if (!s.built || !json_status.ok()) continue;
      json_status = json.Append(s.json);
      std::string().swap(s.json);
    }
  };

  ParallelFor(paths.size(), o.jobs, [&](size_t i) {
    BuildPage(i);
    json_ready[i].store(true, std::memory_order_release);
    drain_json(false);
  });
  drain_json(true);
  LEVERS_RETURN_IF_ERROR(json_status);
  LEVERS_RETURN_IF_ERROR(json.Close());
  for (const Status& s : write_errors) LEVERS_RETURN_IF_ERROR(s);

  SiteReport report;
  report.guides = paths.size();
  // Corpus rule: two guides for the same company and role.
  std::map<std::pair<std::string, std::string>, size_t> first;
  for (size_t i = 0; i < pages.size(); ++i) {
    PageSummary& s = pages[i];
    if (!s.built || s.company.empty() || s.role.empty()) continue;
    auto [it, inserted] = first.emplace(std::make_pair(s.company, s.role), i);
    if (!inserted) {
      ++s.errors;
      s.findings += paths[i] + ":" + std::to_string(s.company_at.line) + ":" +
                    std::to_string(s.company_at.column) +
                    ": error[duplicate-guide]: a second guide for " + s.company + " / " + s.role +
                    "; the first is " + paths[it->second] + "\n";
    }
  }

  std::vector<size_t> order;
  for (size_t i = 0; i < pages.size(); ++i) {
    const PageSummary& s = pages[i];
    report.findings_text += s.findings;
    report.errors += s.errors;
    report.warnings += s.warnings;
    if (!s.built) {
      ++report.unreadable;
      continue;
    }
    ++report.pages;
    order.push_back(i);
  }
  LEVERS_RETURN_IF_ERROR(WriteFile(out_root / "style.css", GuidePageStyle()));

  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(pages[a].company_display, pages[a].role_display) <
           std::tie(pages[b].company_display, pages[b].role_display);
  });
  std::string index =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>levers — negotiation guides</title>\n<style>"
      "body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 "
      "auto;padding:1rem;color:#1b1f24}"
      "table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem "
      ".5rem;text-align:left}"
      "th{background:#f6f8fa}.num{text-align:right}.overdue{color:#9a3412;font-weight:600}a{color:#"
      "0b5cad}"
      ".wrap{overflow-x:auto}</style>\n</head>\n<body>\n<main>\n<h1>Negotiation guides</h1>\n<p>" +
      std::to_string(report.pages) + " guides; " + std::to_string(report.errors) + " errors and " +
      std::to_string(report.warnings) +
      " warnings from the checks. Machine-readable: <a href=\"guides.json\">guides.json</a>.</p>\n"
      "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Company</th><th "
      "scope=\"col\">Role</th>"
      "<th scope=\"col\">Regions</th><th scope=\"col\">Data quality</th><th scope=\"col\">Review "
      "due</th>"
      "<th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n";
  for (size_t i : order) IndexRow(index, pages[i]);
  index += "</tbody>\n</table></div>\n</main>\n</body>\n</html>\n";
  LEVERS_RETURN_IF_ERROR(WriteFile(out_root / "index.html", index));
  return report;
}

}  // namespace levers
