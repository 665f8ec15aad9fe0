#include "web/offer_form.h"

#include <nlohmann/json.hpp>

#include "levers/render.h"

namespace levers::web {
namespace {

enum class Input { kText, kAmount, kDate, kInteger, kCurrency, kKind, kFrequency, kClawbackBasis };
enum class Group { kWho, kCash, kEquity, kVesting, kOptions };

struct OfferField {
  std::string_view key, label, hint;
  Input input;
  Group group;
};

// Every default the engine applies is said in the hint (docs/offer-format.md).
constexpr OfferField kFields[] = {
    {"label", "Name for this offer", "e.g. Google L5; default: the company", Input::kText,
     Group::kWho},
    {"company", "Company", "matched to a guide's company", Input::kText, Group::kWho},
    {"role", "Role", "matched to that guide's role", Input::kText, Group::kWho},
    {"region", "Region", "matched to one of the guide's bands, e.g. London", Input::kText,
     Group::kWho},
    {"currency", "Currency", "ISO 4217 code, e.g. USD; every amount is in it", Input::kCurrency,
     Group::kWho},
    {"date", "Offer date", "picks the exchange rate; default: the newest ECB rate", Input::kDate,
     Group::kWho},
    {"base", "Base salary per year", "240000 or $240K", Input::kAmount, Group::kCash},
    {"bonus", "Target bonus", "10% of base or an amount; default: none", Input::kText,
     Group::kCash},
    {"signing.year1", "Sign-on bonus, year 1", "default: none", Input::kAmount, Group::kCash},
    {"signing.year2", "Sign-on bonus, year 2", "default: none", Input::kAmount, Group::kCash},
    {"signing_clawback.months", "Sign-on repayable for, in months",
     "after each payment, if you leave; 1 to 120; default: not repayable", Input::kInteger,
     Group::kCash},
    {"signing_clawback.basis", "Sign-on repayable", "in full, or pro rata to the months left",
     Input::kClawbackBasis, Group::kCash},
    {"refresh.per_year", "Refresher grants vesting per year", "default: none", Input::kAmount,
     Group::kCash},
    {"refresh.from_year", "Refreshers start in year", "default: 2", Input::kInteger, Group::kCash},
    {"relocation", "Relocation", "shown, not counted in total comp", Input::kAmount, Group::kCash},
    {"equity.kind", "Equity", "default: no equity", Input::kKind, Group::kEquity},
    {"equity.value", "Equity grant, whole grant", "value at grant (RSUs)", Input::kAmount,
     Group::kEquity},
    {"equity.vesting", "Vesting schedule", "even, 5/15/40/40, 40/30/20/10 ...; default: even",
     Input::kText, Group::kVesting},
    {"equity.years", "Vesting years", "for even vesting, 1 to 10; default: 4", Input::kInteger,
     Group::kVesting},
    {"equity.cliff_months", "Cliff in months", "nothing vests before; default: 12", Input::kInteger,
     Group::kVesting},
    {"equity.frequency", "Vesting after the cliff", "default: monthly", Input::kFrequency,
     Group::kVesting},
    {"equity.shares", "Option shares", "options only", Input::kInteger, Group::kOptions},
    {"equity.strike", "Strike price per share", "options only", Input::kAmount, Group::kOptions},
    {"equity.fair_value", "Fair value per share (409A)", "options: used without a preferred price",
     Input::kAmount, Group::kOptions},
    {"equity.preferred_price", "Preferred price per share", "options: used when given",
     Input::kAmount, Group::kOptions},
};

std::string Trimmed(std::string_view v) {
  const size_t a = v.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  return std::string(v.substr(a, v.find_last_not_of(" \t\r\n") - a + 1));
}

const OfferField* Find(std::string_view key) {
  for (const OfferField& f : kFields)
    if (f.key == key) return &f;
  return nullptr;
}

void Select(std::string& out, const std::string& value,
            std::initializer_list<std::pair<std::string_view, std::string_view>> options) {
  for (const auto& [v, text] : options) {
    out += "<option value=\"" + std::string(v) + "\"";
    if (value == v) out += " selected";
    out += ">";
    out += text;
    out += "</option>";
  }
}

// The fields every offer needs: required when the offer is.
bool NeededByAnOffer(const OfferField& f) { return f.key == "base" || f.key == "currency"; }

void AppendField(std::string& out, const OfferField& f, const OfferInput& input,
                 const OfferErrors& errors, std::string_view prefix, bool required, bool focus) {
  const std::string id = FieldId(prefix, f.key);
  const std::string name = std::string(prefix) + std::string(f.key);
  auto it = input.find(std::string(f.key));
  const std::string value = it == input.end() ? "" : it->second;
  auto err = errors.by_field.find(std::string(f.key));
  const bool invalid = err != errors.by_field.end();
  auto warn = errors.warnings.find(std::string(f.key));
  const bool warned = !invalid && warn != errors.warnings.end();
  out += invalid ? "<div class=\"field invalid\">" : "<div class=\"field\">";
  out += "<label for=\"" + id + "\">";
  out += f.label;
  out += "</label><span class=\"hint\" id=\"" + id + "-hint\">";
  // The base's hint says whether it must be given: always in an offer the
  // page needs, only to count the offer in one that may be left blank.
  if (f.key == "base") out += required ? "required; " : "needed to count this offer; ";
  AppendHtmlEscaped(out, f.hint);
  out += "</span>";
  const std::string described =
      " aria-describedby=\"" + id + "-hint" + (invalid ? " " + id + "-error" : "") +
      (warned ? " " + id + "-warning" : "") + "\"" + (invalid ? " aria-invalid=\"true\"" : "");
  if (f.input == Input::kKind || f.input == Input::kFrequency || f.input == Input::kClawbackBasis) {
    out += "<select id=\"" + id + "\" name=\"" + HtmlEscape(name) + "\"" + described + ">";
    if (f.input == Input::kKind)
      Select(out, value,
             {{"", "No equity"},
              {"public_rsu", "RSUs, public company"},
              {"private_rsu", "RSUs, private company"},
              {"options", "Stock options"}});
    else if (f.input == Input::kClawbackBasis)
      Select(out, value, {{"", "Not repayable"}, {"full", "In full"}, {"pro_rata", "Pro rata"}});
    else
      Select(out, value,
             {{"", "Monthly (default)"}, {"quarterly", "Quarterly"}, {"yearly", "Yearly"}});
    out += "</select>";
  } else {
    out += "<input id=\"" + id + "\" name=\"" + HtmlEscape(name) + "\"";
    switch (f.input) {
      case Input::kDate:
        out += " type=\"date\"";
        break;
      case Input::kAmount:
        out += " type=\"text\" inputmode=\"decimal\"";
        break;
      case Input::kInteger:
        out += " type=\"text\" inputmode=\"numeric\"";
        break;
      case Input::kCurrency:
        out +=
            " type=\"text\" autocapitalize=\"characters\" maxlength=\"3\" list=\"dl-currencies\"";
        break;
      default:
        out += " type=\"text\"";
        if (f.key == "company") out += " list=\"dl-companies\" autocomplete=\"organization\"";
        if (f.key == "role") out += " list=\"dl-roles\"";
        if (f.key == "region") out += " list=\"dl-regions\"";
        break;
    }
    if (required && NeededByAnOffer(f)) out += " required";
    if (focus) out += " autofocus";
    out += " value=\"";
    AppendHtmlEscaped(out, value);
    out += "\"" + described + ">";
  }
  if (invalid) {
    out += "<span class=\"error\" id=\"" + id + "-error\">";
    AppendHtmlEscaped(out, err->second);
    out += "</span>";
  } else if (warned) {
    out += "<span class=\"warning\" id=\"" + id + "-warning\">";
    AppendHtmlEscaped(out, warn->second);
    out += "</span>";
  }
  out += "</div>\n";
}

}  // namespace

const std::vector<std::string_view>& OfferFormKeys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k;
    for (const OfferField& f : kFields) k.push_back(f.key);
    return k;
  }();
  return keys;
}

std::string FieldId(std::string_view prefix, std::string_view key) {
  std::string id = "f-" + std::string(prefix) + std::string(key);
  for (char& c : id)
    if (c == '.') c = '-';
  return id;
}

std::string_view FieldLabel(std::string_view key) {
  const OfferField* f = Find(key);
  return f ? f->label : key;
}

OfferInput OfferInputFrom(const FormFields& fields, std::string_view prefix) {
  OfferInput in;
  for (const auto& [name, value] : fields) {
    if (!name.starts_with(prefix)) continue;
    const std::string key = name.substr(prefix.size());
    if (Find(key) && !in.count(key)) in[key] = value;
  }
  return in;
}

bool IsBlank(const OfferInput& input) {
  for (const auto& [k, v] : input) {
    if (k == "currency") continue;  // the form fills it in
    if (v.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  }
  return true;
}

std::string OfferJson(const OfferInput& input) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const OfferField& f : kFields) {
    auto it = input.find(std::string(f.key));
    if (it == input.end()) continue;
    const std::string& v = it->second;
    const size_t a = v.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) continue;
    std::string trimmed = v.substr(a, v.find_last_not_of(" \t\r\n") - a + 1);
    const size_t dot = f.key.find('.');
    if (dot == std::string_view::npos)
      j[std::string(f.key)] = trimmed;
    else
      j[std::string(f.key.substr(0, dot))][std::string(f.key.substr(dot + 1))] = trimmed;
  }
  // Every value is UTF-8 (ParseFormData checked it), so dump cannot throw.
  return j.dump(1);
}

std::optional<Offer> ReadOfferInput(const OfferInput& input, OfferErrors& errors,
                                    std::string_view default_label) {
  // The form's own words: another field is named by its label, and no line or
  // column of the JSON the fields were written into (nobody sees it).
  const OfferFieldLabel label = [](std::string_view key) { return std::string(FieldLabel(key)); };
  auto read = [&](const OfferInput& fields, DiagnosticSink& sink) {
    return ReadOffer(SourceFile("(form)", OfferJson(fields)), sink, OfferOrigin::kForm, label);
  };
  DiagnosticSink sink;
  std::optional<Offer> offer = read(input, sink);
  // ReadOffer stops at a missing or unknown currency, as every amount is in
  // it. The form shows every problem at once: the other fields are read again
  // in a currency levers knows, leaving out what depends on which one.
  std::vector<Diagnostic> found = sink.diagnostics();
  auto currency = input.find("currency");
  if (currency == input.end() || !FindCurrencyAnyCase(Trimmed(currency->second))) {
    OfferInput known = input;
    known["currency"] = "USD";
    DiagnosticSink rest;
    (void)read(known, rest);
    for (const Diagnostic& d : rest.diagnostics()) {
      if (d.path == "currency" || d.message.find("offer's currency") != std::string::npos ||
          d.message.find("decimal places") != std::string::npos)
        continue;
      found.push_back(d);
    }
  }
  for (const Diagnostic& d : found) {
    if (d.severity != Severity::kError && d.severity != Severity::kWarning) continue;
    // The form questions a small bonus in its own words, below, for more
    // amounts than the reader does.
    if (d.code == "offer-implausible") continue;
    std::string key = d.path;
    if (!Find(key)) {
      // A whole group ("signing", "equity"): its first field.
      key.clear();
      for (const OfferField& f : kFields) {
        if (!d.path.empty() && f.key.starts_with(d.path + ".")) {
          key = std::string(f.key);
          break;
        }
      }
    }
    if (d.severity == Severity::kWarning) {
      if (!key.empty()) errors.warnings.emplace(key, d.message);
    } else if (key.empty()) {
      errors.general.push_back(d.message);
    } else {
      errors.by_field.emplace(key, d.message);
    }
  }
  if (!errors.empty() || !offer) return std::nullopt;
  // The reader names an offer with neither a name nor a company after its
  // source, "(form)": the form names it as its fieldset does.
  if (Trimmed(input.count("label") ? input.at("label") : "").empty() && offer->company.empty()) {
    offer->label = std::string(default_label);
    offer->label_names_it = false;
  }
  // "10" in the bonus box is USD 10 a year, as docs/offer-format.md says, but
  // a bonus under 1% of base is more likely a percentage without its sign.
  if (offer->bonus_amount && offer->bonus_amount->minor > 0 &&
      offer->bonus_amount->minor < (offer->base.minor + 99) / 100) {
    const std::string typed = Trimmed(input.count("bonus") ? input.at("bonus") : "");
    const bool bare = !typed.empty() && typed.find_first_not_of("0123456789.") == std::string::npos;
    errors.warnings.emplace(
        "bonus",
        FormatMoney(*offer->bonus_amount) + " a year is under 1% of the base salary" +
            (bare ? "; did you mean " + typed + "%? Write " + typed + "% for a percentage of base"
                  : "; write it with % for a percentage of base"));
  }
  return offer;
}

void AppendDatalists(std::string& out, const FormLists& lists) {
  auto list = [&](std::string_view id, const std::vector<std::string>& items) {
    out += "<datalist id=\"" + std::string(id) + "\">";
    for (const std::string& s : items) {
      out += "<option value=\"";
      AppendHtmlEscaped(out, s);
      out += "\"></option>";
    }
    out += "</datalist>\n";
  };
  list("dl-companies", lists.companies);
  list("dl-roles", lists.roles);
  list("dl-regions", lists.regions);
  std::vector<std::string> currencies = {"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY",
                                         "INR", "SGD", "HKD", "SEK", "PLN", "CNY"};
  list("dl-currencies", currencies);
}

void AppendOfferFieldset(std::string& out, const OfferInput& input, const OfferErrors& errors,
                         std::string_view prefix, std::string_view legend, bool required,
                         bool focus) {
  out += "<fieldset class=\"offer\"><legend>";
  AppendHtmlEscaped(out, legend);
  out += "</legend>\n";
  auto group = [&](Group g, std::string_view title, bool collapsible) {
    bool open = !collapsible;
    for (const OfferField& f : kFields) {
      if (f.group != g) continue;
      auto it = input.find(std::string(f.key));
      if ((it != input.end() && !it->second.empty()) || errors.by_field.count(std::string(f.key)) ||
          errors.warnings.count(std::string(f.key)))
        open = true;
    }
    if (collapsible)
      out += std::string("<details") + (open ? " open" : "") + "><summary>" + std::string(title) +
             "</summary>\n";
    else  // "Offer 2: Cash" to a screen reader, whose list of headings has no legends
      out += "<h3><span class=\"vh\">" + HtmlEscape(legend) + ": </span>" + std::string(title) +
             "</h3>\n";
    out += "<div class=\"fields\">\n";
    for (const OfferField& f : kFields)
      if (f.group == g)
        AppendField(out, f, input, errors, prefix, required, focus && &f == &kFields[0]);
    out += "</div>\n";
    if (collapsible) out += "</details>\n";
  };
  group(Group::kWho, "The offer", false);
  group(Group::kCash, "Cash", false);
  group(Group::kEquity, "Equity", false);
  group(Group::kVesting, "Vesting details (defaults: even over 4 years, 12-month cliff, monthly)",
        true);
  group(Group::kOptions, "Stock options (shares, strike, price)", true);
  out += "</fieldset>\n";
}

}  // namespace levers::web
