#include "levers/reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "guide/body_reader.h"
#include "guide/front_matter_reader.h"
#include "guide/markdown_blocks.h"
#include "guide/prose.h"
#include "guide/yaml_tree.h"
#include "levers/utf8.h"

namespace levers {

Result<SourceFile> LoadSourceFile(const std::string& path, const ReadLimits& limits) {
  return LoadInputFile(path, limits.max_file_bytes, "guides");
}

namespace {

// The offset of the first '\n' or '\r' in [p, p + n), or n. Sixteen bytes at a
// time where SSE2 is available: the front matter fence is searched line by line.
size_t FindLineBreak(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && p[i] != '\n' && p[i] != '\r') ++i;
  return i;
}

// The line starting at `at`: its end and the start of the next line. LF, CRLF
// and a lone CR all end a line, as they do for the Markdown and YAML parsers.
std::pair<size_t, size_t> LineAt(std::string_view s, size_t at) {
  const size_t end = at + FindLineBreak(s.data() + at, s.size() - at);
  if (end == s.size()) return {s.size(), s.size()};
  const size_t next =
      s[end] == '\r' && end + 1 < s.size() && s[end + 1] == '\n' ? end + 2 : end + 1;
  return {end, next};
}

bool IsFenceLine(std::string_view line, std::string_view fence) {
  // Most lines fail on their first byte; trailing blanks matter only after it.
  if (line.empty() || line.front() != fence.front()) return false;
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == fence;
}

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Data sources named in the evidence list, for a guide without front matter.
void SourcesFromEvidence(Guide& g) {
  static constexpr std::array<std::string_view, 8> kKnown = {
      "Levels.fyi", "Glassdoor", "Blind", "Carta", "Pave", "LinkedIn", "Payscale", "H-1B"};
  for (std::string_view name : kKnown) {
    for (const Field<std::string>& e : g.evidence) {
      if (e->find(name) != std::string::npos) {
        Field<std::string> f;
        f.Set(std::string(name), e.range);
        g.data_sources.push_back(std::move(f));
        break;
      }
    }
  }
  // Keep the order in which the evidence first names them.
  auto first = [&](const Field<std::string>& f) {
    for (size_t i = 0; i < g.evidence.size(); ++i) {
      size_t at = g.evidence[i]->find(*f);
      if (at != std::string::npos) return i * 100000 + at;
    }
    return std::string::npos;
  };
  std::stable_sort(g.data_sources.begin(), g.data_sources.end(),
                   [&](const auto& a, const auto& b) { return first(a) < first(b); });
}

}  // namespace

std::optional<Guide> ReadGuide(const SourceFile& file, DiagnosticSink& sink,
                               const ReadLimits& limits) {
  const std::string_view text = file.text();
  if (text.empty() || text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    sink.Error("empty-file", {0, 0}, "",
               "the file is empty; a guide needs at least a heading and a pay table");
    return std::nullopt;
  }
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const uint32_t at = static_cast<uint32_t>(nul);
    sink.Error("binary-file", {at, at + 1}, "",
               "the file contains a NUL byte: it is binary, not a Markdown guide");
    return std::nullopt;
  }
  const size_t bad = FindInvalidUtf8(text);
  const bool invalid_utf8 = bad != std::string_view::npos;
  if (invalid_utf8) {
    const uint32_t at = static_cast<uint32_t>(bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    sink.Error("utf8-invalid", {at, at + 1}, "",
               std::string("invalid UTF-8 (byte ") + hex + "); guides must be UTF-8 text");
  }

  Guide g;
  g.path = file.path();
  g.invalid_utf8 = invalid_utf8;
  size_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  size_t body_begin = pos;

  // Front matter: a first line of "---", closed by a line of "---" or "...".
  auto [first_end, first_next] = LineAt(text, pos);
  if (IsFenceLine(text.substr(pos, first_end - pos), "---")) {
    size_t at = first_next;
    size_t close_begin = std::string_view::npos, close_next = 0;
    while (at < text.size()) {
      auto [end, next] = LineAt(text, at);
      std::string_view line = text.substr(at, end - at);
      if (IsFenceLine(line, "---") || IsFenceLine(line, "...")) {
        close_begin = at;
        close_next = next;
        break;
      }
      at = next;
    }
    if (close_begin == std::string_view::npos) {
      sink.Error(
          "front-matter-unterminated",
          {static_cast<uint32_t>(pos), static_cast<uint32_t>(first_end)}, "",
          "front matter opened here is never closed by a '---' line; reading the rest as the body");
      body_begin = first_next;
    } else {
      g.has_front_matter = true;
      g.front_matter_range = {static_cast<uint32_t>(first_next),
                              static_cast<uint32_t>(close_begin)};
      body_begin = close_next;
      const size_t errors_before = sink.error_count();
      std::unique_ptr<internal::YamlNode> root =
          internal::ParseYaml(file, static_cast<uint32_t>(first_next),
                              static_cast<uint32_t>(close_begin), sink, limits);
      if (root && !root->IsNull()) {
        internal::ReadFrontMatter(*root, file, g, sink);
        g.front_matter_read = root->kind == internal::YamlNode::Kind::kMapping;
      } else if (sink.error_count() == errors_before) {
        g.front_matter_read = true;  // empty front matter: a mapping with no keys
      }
    }
  }
  g.body_range = {static_cast<uint32_t>(body_begin), static_cast<uint32_t>(text.size())};
  internal::MdBlocks body = internal::ParseMarkdownBlocks(
      file, static_cast<uint32_t>(body_begin), static_cast<uint32_t>(text.size()),
      limits.max_body_blocks, limits.max_line_marks, limits.max_body_marks);
  internal::ReadBody(body.blocks, g, sink);
  for (std::vector<CompBand>* bands : {&g.front_matter_bands, &g.table_bands}) {
    for (CompBand& b : *bands) {
      if (!b.region.has()) continue;
      const LineColumn at = file.Locate(b.region.range.begin);
      b.region_line = at.line;
      b.region_column = at.column;
    }
  }
  for (const internal::SkippedLine& line : body.skipped_lines) {
    sink.Error("markdown-too-complex", {line.begin, line.begin}, "",
               "this line has " + std::to_string(line.marks) +
                   " Markdown marks (\\ * _ ` & ; < > [ ] ! | - + . ), more than " +
                   std::to_string(limits.max_line_marks) +
                   "; it was not read (a guide's line has a few dozen)");
  }
  const bool cut = body.read_end < text.size();
  g.body_truncated = body.truncated || cut || !body.skipped_lines.empty();
  if (body.truncated) {
    const uint32_t at =
        body.blocks.empty() ? static_cast<uint32_t>(body_begin) : body.blocks.back().range.end;
    sink.Error("body-too-large", {at, at}, "",
               "the body has more than " + std::to_string(limits.max_body_blocks) +
                   " paragraphs, list items and table rows; the rest was not read (a guide has a "
                   "few dozen)");
  } else if (cut) {
    sink.Error("body-too-large", {body.read_end, body.read_end}, "",
               "the body has more than " + std::to_string(limits.max_body_marks) +
                   " Markdown marks and lines; the rest, from this line, was not read (a guide "
                   "has a few thousand)");
  }

  // A guide without (readable) front matter states its identity only in the heading.
  if (!g.front_matter_read) {
    if (!g.company_display.has()) g.company_display = g.heading_company;
    if (!g.role_display.has()) g.role_display = g.heading_role;
    if (!g.company.has() && g.company_display.has())
      g.company.Set(Slug(*g.company_display), g.company_display.range);
    if (!g.role.has() && g.role_display.has())
      g.role.Set(Slug(*g.role_display), g.role_display.range);
  }
  // The first equivalent of a level mapping ("Acme Robotics Software Engineer")
  // is split at the guide's own company name, which the readers may not know yet
  // when they reach the mapping: the heading may come after it, or
  // company_display after level_mapping. Such a first equivalent is split again
  // here, with the name the whole file gives.
  const std::string own = g.company_display.has()   ? *g.company_display
                          : g.heading_company.has() ? *g.heading_company
                                                    : std::string();
  if (!own.empty()) {
    for (LevelMapping* lm : {&g.level_mapping_front_matter, &g.level_mapping_body}) {
      if (lm->equivalents.empty()) continue;
      LevelEquivalent& first = lm->equivalents.front();
      // SplitRole takes the own company only as the text's first words, and
      // splits the same where the first split already found it (as it does
      // whenever the name was known then).
      const std::string_view first_text = first.text;
      if (first.company == own || !first_text.starts_with(own) ||
          (first_text.size() > own.size() && first_text[own.size()] != ' '))
        continue;
      const SourceRange first_range = first.range;
      first = internal::SplitRole(first.text, own);
      first.range = first_range;
    }
  }
  if (!g.has_front_matter && g.data_sources.empty()) SourcesFromEvidence(g);
  return g;
}

}  // namespace levers
