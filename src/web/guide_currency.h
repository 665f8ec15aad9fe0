// The currency a served guide page shows every region's bands in besides
// their own (the toggle's other view): the page's ?currency= and the form on
// the page that picks it. The served pages convert with levers' bundled ECB
// table, at its last date. Pure functions; thread-safe.
#ifndef LEVERS_SRC_WEB_GUIDE_CURRENCY_H_
#define LEVERS_SRC_WEB_GUIDE_CURRENCY_H_

#include <string>
#include <string_view>
#include <vector>

#include "levers/money.h"
#include "levers/status.h"
#include "web/form_data.h"

namespace levers::web {

// The currencies a served guide page offers: each one the bundled table can
// convert into at its last date (CheckCommonCurrency with the bundled table),
// EUR among them, in code order. Built on the first call; lives until exit.
const std::vector<const CurrencyInfo*>& GuidePageCurrencies();

// A guide page's common currency as its address asks for it.
struct GuideCurrency {
  std::string_view code;  // ISO 4217, upper case; static storage
  bool chosen = false;    // named by ?currency= (else the default)
};

// The ?currency= of a guide page. Absent: kGuideCommonCurrency, not chosen.
// Otherwise one ISO 4217 code, any case ("eur" is EUR), that the bundled
// rates can convert into. InvalidArgument saying what was expected for a
// repeated or empty parameter, a code levers does not know, or one the rates
// have no rate for on their last date.
Result<GuideCurrency> ParseGuideCurrency(const FormFields& query);

// The form that picks a guide page's common currency, for
// HtmlOptions::after_toggle: a GET form to `page_href` (the page's own
// address, not yet escaped) with a labelled <select name="currency"> of
// GuidePageCurrencies(), `currency` selected.
std::string CurrencyPicker(std::string_view page_href, GuideCurrency currency);

}  // namespace levers::web

#endif  // LEVERS_SRC_WEB_GUIDE_CURRENCY_H_
