// The offer and compare pages: the form, and after a POST the evaluation,
// counter plan or comparison with their charts. Internal to levers::web.
#ifndef LEVERS_SRC_WEB_OFFER_PAGES_H_
#define LEVERS_SRC_WEB_OFFER_PAGES_H_

#include <functional>
#include <string>
#include <vector>

#include "levers/guide.h"
#include "levers/pages.h"
#include "levers/web.h"
#include "web/form_data.h"
#include "web/offer_form.h"

namespace levers::web {

struct OfferPageContext {
  const std::vector<const Guide*>* guides;  // to find the guide of an offer
  const FormLists* lists;
  SiteLinks links;
  std::function<std::string(const Guide&)> guide_href;  // the page of a guide
  // The date a guide's review is judged as of beside a band position: the
  // web app's "today" (WebOptions::today), the one its findings use.
  Date today;
  std::function<Status(std::string_view)> engine_fault;  // WebOptions::engine_fault
};

// GET /offer (posted == nullptr; `prefill` may name company, role, region) or
// POST /offer.
PageResponse RenderOfferPage(const OfferPageContext& context, const FormFields* posted,
                             const FormFields& prefill);
// GET /compare (posted == nullptr) or POST /compare.
PageResponse RenderComparePage(const OfferPageContext& context, const FormFields* posted);

}  // namespace levers::web

#endif  // LEVERS_SRC_WEB_OFFER_PAGES_H_
