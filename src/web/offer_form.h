// The offer form: one offer's fields as the web app asks for them, turned
// into the offer JSON of docs/offer-format.md and read by ReadOffer, so the
// browser, the API and offer files are validated by the same code. Errors come
// back per field. Pure functions; thread-safe.
#ifndef LEVERS_SRC_WEB_OFFER_FORM_H_
#define LEVERS_SRC_WEB_OFFER_FORM_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/offer.h"
#include "web/form_data.h"

namespace levers::web {

// One offer as typed: offer key path ("base", "equity.value") -> text.
using OfferInput = std::map<std::string, std::string>;

struct OfferErrors {
  std::map<std::string, std::string> by_field;  // key path -> message
  std::vector<std::string> general;             // problems with no field
  // Figures worth a second look (a bonus amount that looks like a percentage):
  // key path -> message. The offer is still valued; empty() ignores them.
  std::map<std::string, std::string> warnings;
  bool empty() const { return by_field.empty() && general.empty(); }
};

// The offer keys the form knows, in form order.
const std::vector<std::string_view>& OfferFormKeys();

// The values of the fields named `prefix` + key (prefix "" or "o2.").
OfferInput OfferInputFrom(const FormFields& fields, std::string_view prefix);
// True when nothing but the currency (which the form fills in) was given.
bool IsBlank(const OfferInput& input);

// The offer JSON for `input` (blank values left out).
std::string OfferJson(const OfferInput& input);

// Reads `input` as an offer; nullopt with `errors` filled when it cannot be
// used. Messages name another field by its label, with no line or column.
// The offer's label is the name typed, else the company, else `default_label`
// (the fieldset's legend: "Competing offer 1", "Offer 2"). Warnings go to
// errors.warnings whether or not the offer can be used.
std::optional<Offer> ReadOfferInput(const OfferInput& input, OfferErrors& errors,
                                    std::string_view default_label);

// Suggestions for the company, role and region boxes.
struct FormLists {
  std::vector<std::string> companies, roles, regions;
};
// <datalist> elements for the lists, once per page.
void AppendDatalists(std::string& out, const FormLists& lists);

// The fieldset of one offer. `prefix` names its fields ("" or "o2."); ids are
// "f-" + prefix + key with '.' turned into '-'.
// `required`: the page needs this offer (the offer to value, the first two
// to compare), so its currency and base are marked required; an optional
// offer (a competing one, a third to compare) that may be left blank is not.
// `focus`: the fieldset's first field takes the keyboard focus when the page
// opens (an offer just added).
void AppendOfferFieldset(std::string& out, const OfferInput& input, const OfferErrors& errors,
                         std::string_view prefix, std::string_view legend, bool required,
                         bool focus = false);

// "f-o2-equity-value" for prefix "o2." and key "equity.value".
std::string FieldId(std::string_view prefix, std::string_view key);
// The label of a key ("Base salary per year").
std::string_view FieldLabel(std::string_view key);

}  // namespace levers::web

#endif  // LEVERS_SRC_WEB_OFFER_FORM_H_
