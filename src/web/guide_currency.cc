#include "web/guide_currency.h"

#include <algorithm>

#include "levers/fx.h"
#include "levers/render.h"

namespace levers::web {

using std::string_view_literals::operator""sv;

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
  LEVERS_ASSIGN_OR_RETURN(std::string_view code, ParseCommonCurrency(*value));
  return GuideCurrency{code, true};
}

std::string CurrencyPicker(std::string_view page_href, GuideCurrency currency) {
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
  return form;
}

}  // namespace levers::web
