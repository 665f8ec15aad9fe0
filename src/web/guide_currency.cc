#include "web/guide_currency.h"

#include <algorithm>

#include "levers/fx.h"
#include "levers/render.h"

namespace levers::web {
namespace {

using std::string_view_literals::operator""sv;

// The band toggle as RenderGuideHtml writes it (AppendBandCharts in
// src/render/html_writer.cc): where it starts and ends, and its two radio
// buttons, the local view checked. The common view keeps the "usd" ids
// whatever its currency.
constexpr std::string_view kToggleStart = "<fieldset class=\"toggle\">"sv;
constexpr std::string_view kToggleEnd = "</fieldset>\n"sv;
constexpr std::string_view kLocalChecked = "id=\"cur-local\" checked>"sv;
constexpr std::string_view kCommonRadio = "id=\"cur-usd\">"sv;

}  // namespace

const std::vector<const CurrencyInfo*>& GuidePageCurrencies() {
  static const std::vector<const CurrencyInfo*> currencies = [] {
    std::vector<std::string> codes = RateTable::BundledRecent().currencies();
    codes.emplace_back("EUR");
    std::vector<const CurrencyInfo*> out;
    for (const std::string& code : codes) {
      const CurrencyInfo* info = FindCurrency(code);
      if (info && CheckCommonCurrency({info->code, nullptr}).ok()) out.push_back(info);
    }
    std::sort(out.begin(), out.end(),
              [](const CurrencyInfo* a, const CurrencyInfo* b) { return a->code < b->code; });
    return out;
  }();
  return currencies;
}

Result<GuideCurrency> ParseGuideCurrency(const FormFields& query) {
  LEVERS_ASSIGN_OR_RETURN(const std::string* value, SingleValue(query, "currency"));
  if (!value) return GuideCurrency{kGuideCommonCurrency, false};
  if (value->empty())
    return Status::InvalidArgument(
        "currency must be an ISO 4217 code like USD, EUR or GBP (any case), not empty.");
  const CurrencyInfo* info = FindCurrencyAnyCase(*value);
  if (!info)
    return Status::InvalidArgument(
        "currency must be an ISO 4217 code levers knows, like USD, EUR or GBP (any case), not '" +
        *value + "'.");
  if (Status s = CheckCommonCurrency({info->code, nullptr}); !s.ok())
    return Status::InvalidArgument("currency must be one the ECB rates can convert into; " +
                                   s.message() + ".");
  return GuideCurrency{info->code, true};
}

void AddCurrencyPicker(std::string& page, std::string_view page_href, GuideCurrency currency) {
  const size_t start = page.find(kToggleStart);
  if (start == std::string::npos) return;
  size_t end = page.find(kToggleEnd, start);
  if (end == std::string::npos) return;
  end += kToggleEnd.size();
  if (currency.chosen) {
    // The view asked for is the one shown: the toggle's check moves from the
    // local view to the common one.
    const std::string_view toggle = std::string_view(page).substr(start, end - start);
    const size_t local = toggle.find(kLocalChecked);
    const size_t common = toggle.find(kCommonRadio);
    if (local != std::string_view::npos && common != std::string_view::npos && local < common) {
      // The common radio comes after the local one: replaced first, the local
      // one's offset stays valid. " checked" moves, so `end` does not.
      page.replace(start + common, kCommonRadio.size(), "id=\"cur-usd\" checked>");
      page.replace(start + local, kLocalChecked.size(), "id=\"cur-local\">");
    }
  }
  std::string form = "<form class=\"fields\" method=\"get\" action=\"";
  AppendHtmlEscaped(form, page_href);
  form +=
      "#bands\"><div class=\"field\"><label for=\"cur-pick\">Currency for every region</label>"
      "<select id=\"cur-pick\" name=\"currency\">"sv;
  for (const CurrencyInfo* info : GuidePageCurrencies()) {
    form += "<option value=\""sv;
    form += info->code;
    form += info->code == currency.code ? "\" selected>"sv : "\">"sv;
    form += info->code;
    form += " — "sv;
    AppendHtmlEscaped(form, info->name);
    form += "</option>"sv;
  }
  form +=
      "</select></div><div class=\"actions\"><button type=\"submit\">Show</button></div>"
      "</form>\n"sv;
  page.insert(end, form);
}

}  // namespace levers::web
