// The two renderings of a LevelAnswer: a table for people, JSON for programs.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "levers/levels.h"

namespace levers {
namespace {

// Display width in code points (UTF-8 continuation bytes do not count).
size_t Width(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string LevelText(const LevelRole& r) {
  if (r.level_low.empty()) return "-";
  if (r.level_high.empty() || r.level_high == r.level_low) return r.level_low;
  return r.level_low + "-" + r.level_high;
}

// Rows of cells, left-aligned in columns two spaces apart, no trailing spaces.
std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - Width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// Guide paths that appear with both of their mappings in the answer: only for
// those does the table say which mapping a row comes from.
std::set<std::string> TwoPartPaths(const LevelAnswer& a) {
  std::set<std::pair<std::string, MappingPart>> seen;
  auto add = [&](const std::vector<LevelMatch>& ms) {
    for (const LevelMatch& m : ms) {
      for (const LevelSource& s : m.sources) seen.insert({s.guide_path, s.part});
    }
  };
  add(a.matched);
  add(a.equivalents);
  std::set<std::string> out;
  for (const auto& [path, part] : seen) {
    if (part == MappingPart::kBody && seen.contains({path, MappingPart::kFrontMatter}))
      out.insert(path);
  }
  return out;
}

std::string GuideCell(const LevelSource& s, const std::set<std::string>& two_parts) {
  if (!two_parts.contains(s.guide_path)) return s.guide_path;
  return s.guide_path + " (" + std::string(MappingPartName(s.part)) + ")";
}

void AppendMatches(std::string& out, const std::vector<LevelMatch>& matches, bool indirect,
                   const std::set<std::string>& two_parts) {
  std::vector<std::vector<std::string>> rows = {
      {"COMPANY", "LEVEL", "TITLE", indirect ? "THROUGH" : "MATCHED", "GUIDE"}};
  for (const LevelMatch& m : matches) {
    if (m.indirect != indirect) continue;
    for (size_t i = 0; i < m.sources.size(); ++i) {
      const LevelSource& s = m.sources[i];
      const std::string title = m.role.title.empty() ? "-" : m.role.title;
      if (i == 0) {
        rows.push_back({m.role.company, LevelText(m.role), title, LevelRoleLabel(s.matched),
                        GuideCell(s, two_parts)});
      } else {
        rows.push_back({"", "", "", LevelRoleLabel(s.matched), GuideCell(s, two_parts)});
      }
    }
  }
  out += Table(rows);
}

nlohmann::ordered_json RoleJson(const LevelRole& r) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json j;
  j["label"] = LevelRoleLabel(r);
  j["company"] = r.company;
  j["title"] = or_null(r.title);
  j["level_low"] = or_null(r.level_low);
  j["level_high"] = or_null(r.level_high);
  j["text"] = r.text;
  return j;
}

nlohmann::ordered_json SourceJson(const LevelSource& s, const LevelJsonOptions& o) {
  nlohmann::ordered_json j;
  j["path"] = s.guide_path;
  if (o.guide_id) j["guide_id"] = o.guide_id(s.guide_path);
  j["guide_company"] = s.guide_company;
  j["guide_role"] = s.guide_role;
  j["mapping"] = std::string(MappingPartName(s.part));
  j["matched"] = RoleJson(s.matched);
  // Where the role is written, as check --format json gives a finding's place.
  const std::optional<LineColumn> at =
      o.locate ? o.locate(s.guide_path, s.range.begin) : std::nullopt;
  j["line"] = at ? nlohmann::ordered_json(at->line) : nlohmann::ordered_json(nullptr);
  j["column"] = at ? nlohmann::ordered_json(at->column) : nlohmann::ordered_json(nullptr);
  return j;
}

// How many of `n` items a list keeps under the options' cap.
size_t Kept(size_t n, const LevelJsonOptions& o) {
  return o.max_sources ? std::min(n, *o.max_sources) : n;
}

nlohmann::ordered_json MatchesJson(const std::vector<LevelMatch>& matches,
                                   const LevelJsonOptions& o) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const LevelMatch& m : matches) {
    nlohmann::ordered_json j = RoleJson(m.role);
    j["indirect"] = m.indirect;
    j["sources"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < Kept(m.sources.size(), o); ++i)
      j["sources"].push_back(SourceJson(m.sources[i], o));
    if (o.max_sources) j["sources_total"] = m.sources.size();
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

std::string FormatLevelAnswerText(const LevelAnswer& a) {
  const std::set<std::string> two_parts = TwoPartPaths(a);
  size_t direct = 0;
  for (const LevelMatch& m : a.equivalents) direct += m.indirect ? 0 : 1;
  const size_t indirect = a.equivalents.size() - direct;

  std::string out = LevelRoleLabel(a.query);
  if (a.ladder) out += " (matched as " + LevelRoleLabel(*a.ladder) + ")";
  out += "\n\n";
  out += "Matched at " + a.query.company + ":\n";
  std::vector<std::vector<std::string>> rows;
  for (const LevelMatch& m : a.matched) {
    for (size_t i = 0; i < m.sources.size(); ++i) {
      rows.push_back(
          {"", i == 0 ? LevelRoleLabel(m.role) : "", GuideCell(m.sources[i], two_parts)});
    }
  }
  out += Table(rows);

  out += "\nEquivalent roles (" + std::to_string(direct) + "):\n";
  if (direct > 0) AppendMatches(out, a.equivalents, false, two_parts);
  if (indirect > 0) {
    out += "\nIndirect, through a second guide (" + std::to_string(indirect) + "):\n";
    AppendMatches(out, a.equivalents, true, two_parts);
  }
  if (a.disagreements.empty()) {
    out += "\nDisagreements: none\n";
  } else {
    out += "\nDisagreements (" + std::to_string(a.disagreements.size()) + "):\n";
    for (const LevelDisagreement& d : a.disagreements) {
      out += "  " + d.about + ":\n";
      for (const LevelClaim& c : d.claims) {
        out += "    " + GuideCell(c.source, two_parts) + " maps " + LevelRoleLabel(c.subject) +
               " to " + LevelRoleLabel(c.equivalent) + "\n";
      }
    }
  }
  return out;
}

std::string FormatLevelAnswerJson(const LevelAnswer& a, const LevelJsonOptions& o) {
  nlohmann::ordered_json j;
  j["query"] = RoleJson(a.query);
  j["query"]["ladder"] = a.ladder ? RoleJson(*a.ladder) : nlohmann::ordered_json(nullptr);
  j["matched"] = MatchesJson(a.matched, o);
  j["equivalents"] = MatchesJson(a.equivalents, o);
  j["disagreements"] = nlohmann::ordered_json::array();
  for (const LevelDisagreement& d : a.disagreements) {
    nlohmann::ordered_json dj;
    dj["about"] = d.about;
    dj["message"] = d.message;
    dj["claims"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < Kept(d.claims.size(), o); ++i) {
      const LevelClaim& c = d.claims[i];
      dj["claims"].push_back({{"subject", RoleJson(c.subject)},
                              {"equivalent", RoleJson(c.equivalent)},
                              {"source", SourceJson(c.source, o)}});
    }
    if (o.max_sources) dj["claims_total"] = d.claims.size();
    j["disagreements"].push_back(std::move(dj));
  }
  return j.dump(o.pretty ? 2 : -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace levers
