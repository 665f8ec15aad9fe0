// Writers: a Guide as JSON, as canonical Markdown, or as an HTML page.
//
// All writers are pure functions of their inputs and thread-safe. Every piece of
// guide text that reaches HTML is escaped. The JSON format is specified in
// docs/json-format.md, canonical Markdown in docs/guide-format.md.
#ifndef LEVERS_RENDER_H_
#define LEVERS_RENDER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/date.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"
#include "levers/pages.h"
#include "levers/source.h"
#include "levers/status.h"

namespace levers {

class RateTable;

struct JsonOptions {
  bool pretty = true;
  bool include_path = true;        // the "path" key (the file the guide was read from)
  std::string path;                // written as "path" instead of the guide's own when not empty
  std::string page;                // adds a "page" key (the guide's HTML page) when not empty
  bool include_provenance = true;  // "stated_in" per region (front matter, table)
};

// One guide as a JSON object (the element type of `levers parse`'s array).
std::string RenderGuideJson(const Guide& guide, const JsonOptions& options = {});
// The same, for a caller that already has `bands` == ResolveCompensation(guide)
// (levers build resolves each guide's bands once for all its outputs).
std::string RenderGuideJson(const Guide& guide, const std::vector<ResolvedBand>& bands,
                            const JsonOptions& options);

// Canonical Markdown: front matter written from the model (a body-only guide
// gains one), then the body as written with LF line endings. Reading the result
// gives the same model; rendering that again gives the same bytes.
std::string RenderCanonicalMarkdown(const Guide& guide, const SourceFile& file);

// A guide page a level map's role links to: its address and its name.
struct LevelGuideLink {
  std::string href;
  std::string name;  // "Glimmerfen Health — Data Scientist"
};

// The currency every band can be shown in besides its own (the page's toggle),
// unless the page is given another.
inline constexpr std::string_view kGuideCommonCurrency = "USD";

// The currency a guide page shows every region's bands in besides its own,
// and the ECB table its conversions use, at that table's last date.
// Both are views: what they refer to must outlive every render given them.
struct CommonCurrency {
  std::string_view code = kGuideCommonCurrency;  // ISO 4217, upper case
  const RateTable* rates = nullptr;              // null: the table bundled with levers
};

// OK when every rate a page's conversions into `common.code` need can be
// found: the code is one levers knows and the table has a rate for it on its
// last date or, as every conversion looks back (RateTable::RateOn), on one at
// most 7 days before it (EUR always can); the page then names the rate's date
// ("ECB 2025-06-01, the latest before 2025-06-02"). InvalidArgument otherwise,
// saying why: "unknown currency XYZ", "no ECB rate for AED:
// data/ecb/eurofxref-hist.csv never quotes AED; for 2025-05-09 it quotes only
// AUD, BGN, ...". Thread-safe.
Status CheckCommonCurrency(const CommonCurrency& common);

// The common currency a reader names (a served page's or the API's
// ?currency=): one ISO 4217 code levers knows, any case ("eur" is EUR), that
// CheckCommonCurrency accepts with the bundled table. Returns the upper-case
// code (static storage); InvalidArgument saying what was expected for an
// empty text, a code levers does not know, or one the rates cannot convert
// into. Thread-safe.
Result<std::string_view> ParseCommonCurrency(std::string_view text);

struct HtmlOptions {
  std::optional<Date> today;                          // marks an overdue review
  const std::vector<Diagnostic>* findings = nullptr;  // shown on the page when given
  const SourceFile* file = nullptr;                   // for the findings' line numbers
  SiteLinks links;  // where the page lives; the default is a standalone page
  // The other guides mapped to a level map's equivalent role ("Google L4"):
  // listed after it as links ("other guides mapped to Google L4: ..."). Unset,
  // or none: the role is plain text, never a link that leads nowhere.
  std::function<std::vector<LevelGuideLink>(const LevelEquivalent&)> level_guides;
  // The toggle's other view: every band converted into this currency. A code
  // the table cannot convert into leaves each band "Not converted", said on
  // the page; CheckCommonCurrency tells beforehand.
  CommonCurrency common;
  // The toggle starts on that view (the reader asked for its currency)
  // rather than on each region's own.
  bool common_view_checked = false;
  // HTML written right after the toggle, as it is (the served app's form that
  // picks the currency); nothing by default. A page without bands has no
  // toggle and leaves it out.
  std::string_view after_toggle;
};

// The page for one guide: band charts per region (in the region's currency,
// and converted to options.common through the ECB table's newest rates, the
// page says which; a region already in that currency is shown as stated),
// the pay table, the level map with links, the
// levers, the strategy, data quality, sources and review date (overdue marked).
std::string RenderGuideHtml(const Guide& guide, const HtmlOptions& options = {});
// The same, for a caller that already has `bands` == ResolveCompensation(guide).
std::string RenderGuideHtml(const Guide& guide, const std::vector<ResolvedBand>& bands,
                            const HtmlOptions& options);

// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);
void AppendHtmlEscaped(std::string& out, std::string_view text);

}  // namespace levers

#endif  // LEVERS_RENDER_H_
