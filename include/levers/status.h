// Status and Result<T>: how a levers operation reports failure.
//
// An operation that can fail returns Status (or Result<T> carrying a value on
// success). The set of codes is small and closed. Problems *in the content* of
// a guide are not Statuses: they are Diagnostics (see diagnostic.h), and reading
// goes on. Status, Result and the macros are value types; thread-compatible.
#ifndef LEVERS_STATUS_H_
#define LEVERS_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace levers {

enum class StatusCode {
  kOk = 0,
  kNotFound,
  kInvalidArgument,
  kCorruption,
  kIOError,
  kUnimplemented,
  // A write whose outcome cannot be known: its commit was sent, and the answer
  // never came (the connection dropped or its deadline passed). It may have
  // been stored or not; only reading the store again tells.
  kUnknownOutcome,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status UnknownOutcome(std::string m) {
    return {StatusCode::kUnknownOutcome, std::move(m)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: message", for people.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Holds a T or a non-OK Status. Accessing value() of an error is a programmer error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace levers

#define LEVERS_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::levers::Status levers_status_ = (expr);        \
    if (!levers_status_.ok()) return levers_status_; \
  } while (0)

#define LEVERS_CONCAT_INNER_(a, b) a##b
#define LEVERS_CONCAT_(a, b) LEVERS_CONCAT_INNER_(a, b)
#define LEVERS_ASSIGN_OR_RETURN(lhs, expr) \
  LEVERS_ASSIGN_OR_RETURN_IMPL_(LEVERS_CONCAT_(levers_result_, __LINE__), lhs, expr)
#define LEVERS_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()

#endif  // LEVERS_STATUS_H_
