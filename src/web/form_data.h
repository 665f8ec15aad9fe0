// Form bodies (application/x-www-form-urlencoded), base64url, and the checks
// a value from a request needs before it reaches a page. Pure functions;
// thread-safe.
#ifndef LEVERS_SRC_WEB_FORM_DATA_H_
#define LEVERS_SRC_WEB_FORM_DATA_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levers/status.h"

namespace levers::web {

// Name/value pairs in the order sent.
using FormFields = std::vector<std::pair<std::string, std::string>>;

// The longest value a form field may have, and the most fields a form may send.
inline constexpr size_t kMaxFieldBytes = 2000;
inline constexpr size_t kMaxFields = 400;

// Decodes "a=1&b=x+y%21" (a form body or a URL query). InvalidArgument naming
// the field for a malformed %-escape, text that is not UTF-8, a control
// character, a value over kMaxFieldBytes, or more than kMaxFields fields.
Result<FormFields> ParseFormData(std::string_view body);

// The first value of `name`, or "" when absent.
std::string FormValue(const FormFields& fields, std::string_view name);

// The one value of `name` (a query parameter a page takes once): null when
// absent; InvalidArgument "NAME is given more than once." when repeated. The
// pointer is into `fields`.
Result<const std::string*> SingleValue(const FormFields& fields, std::string_view name);

// RFC 4648 section 5 without padding.
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace levers::web

#endif  // LEVERS_SRC_WEB_FORM_DATA_H_
