#include "levers/status.h"

namespace levers {

std::string Status::ToString() const {
  std::string_view name;
  switch (code_) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kNotFound:
      name = "NotFound";
      break;
    case StatusCode::kInvalidArgument:
      name = "InvalidArgument";
      break;
    case StatusCode::kCorruption:
      name = "Corruption";
      break;
    case StatusCode::kIOError:
      name = "IOError";
      break;
    case StatusCode::kUnimplemented:
      name = "Unimplemented";
      break;
    case StatusCode::kUnknownOutcome:
      name = "UnknownOutcome";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace levers
