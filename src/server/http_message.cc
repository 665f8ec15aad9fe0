#include <atomic>
#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/percent.h"
#include "levers/server_http.h"
#include "levers/utf8.h"

namespace levers {
std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                           std::string_view field) {
  nlohmann::ordered_json e = nlohmann::ordered_json::object();
  e["code"] = code;
  e["message"] = message;
  if (!field.empty()) e["field"] = field;
  nlohmann::ordered_json j = {{"error", std::move(e)}};
  HttpResponse r;
  r.status = status;
  // Messages may quote client input: replace invalid UTF-8 rather than throw.
  r.body = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  r.body.push_back('\n');
  return r;
}

namespace {

// The digits of the log's \x escapes and of error ids.
constexpr char kLowerHex[] = "0123456789abcdef";

// `text` with its control characters escaped (\n, \r, \t, \x1b ...), so a
// detail that spans lines stays on one line of the log.
void AppendEscapedForLog(std::string& out, std::string_view text) {
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) {
      out.push_back(ch);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += "\\x";
      out.push_back(kLowerHex[c >> 4]);
      out.push_back(kLowerHex[c & 0xf]);
    }
  }
}

// 12 hex digits: a number drawn once per process plus a count of the calls,
// each step a bijection of 48-bit numbers, so no two calls of one process
// get the same id and ids of different runs seldom meet.
std::string NewErrorId() {
  constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
  static const uint64_t seed = [] {
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ rd();
  }();
  static std::atomic<uint64_t> count{0};
  uint64_t x =
      (seed + count.fetch_add(1, std::memory_order_relaxed) * 0x9E3779B97F4A7C15ULL) & kMask;
  x ^= x >> 24;
  x = (x * 0xD6E8FEB86659FD93ULL) & kMask;
  x ^= x >> 24;
  std::string id(12, '0');
  for (int i = 11; i >= 0; --i, x >>= 4) id[static_cast<size_t>(i)] = kLowerHex[x & 0xf];
  return id;
}

}  // namespace

std::string LogInternalError(const ServerLog& log, std::string_view method, std::string_view target,
                             std::string_view detail) {
  const std::string id = NewErrorId();
  std::string line = "levers: internal error " + id + " answering ";
  AppendEscapedForLog(line, ClipUtf8(method, 32));
  line += ' ';
  AppendEscapedForLog(line, ClipUtf8(target.substr(0, target.find_first_of("?#"))));
  line += ": ";
  AppendEscapedForLog(line, detail);
  // A log that fails must not turn one failure into another: the answer,
  // with its id, is sent all the same.
  try {
    if (log) {
      log(line);
    } else {
      std::cerr << line << std::endl;
    }
  } catch (...) {
  }
  return id;
}

bool IsUserRefusal(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound;
}

const std::string& RefusalMessage(const Status& status) {
  if (!IsUserRefusal(status)) throw InternalFailure(status.ToString());
  return status.message();
}

HttpResponse InternalErrorResponse(std::string_view id) {
  nlohmann::ordered_json e = nlohmann::ordered_json::object();
  e["code"] = "internal";
  e["message"] =
      "internal error: levers failed to answer this request; the server's log has "
      "the details under error id " +
      std::string(id);
  e["id"] = id;
  nlohmann::ordered_json j = {{"error", std::move(e)}};
  HttpResponse r;
  r.status = 500;
  r.body = j.dump();
  r.body.push_back('\n');
  return r;
}

HttpResponse InternalError(const ServerLog& log, const HttpRequest& request,
                           std::string_view detail) {
  return InternalErrorResponse(LogInternalError(log, request.method, request.target, detail));
}

HttpResponse JsonResponse(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string_view StatusReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

bool PercentDecode(std::string_view in, bool plus_is_space, std::string& out) {
  return internal::PercentDecode(in, plus_is_space, internal::StrayPercent::kRefuse, out);
}

bool IsCleanUtf8(std::string_view s) {
  return s.find('\0') == std::string_view::npos && IsValidUtf8(s);
}

std::optional<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target.empty() || target[0] != '/') return std::nullopt;
  const size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  const size_t hash = raw_path.find('#');
  if (hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  RequestTarget out;
  if (!PercentDecode(raw_path, false, out.path) || !IsCleanUtf8(out.path)) return std::nullopt;
  out.raw_path = std::string(raw_path);
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    const size_t qh = query.find('#');
    out.query = std::string(query.substr(0, qh));
  }
  return out;
}

std::optional<std::vector<QueryParam>> ParseQuery(std::string_view query, std::string* error,
                                                  std::string* field) {
  std::vector<QueryParam> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      QueryParam p;
      const std::string_view raw_name = pair.substr(0, eq);
      const std::string_view raw_value =
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      auto fail = [&](std::string message, std::string at) {
        if (error) *error = std::move(message);
        if (field) *field = std::move(at);
        return std::nullopt;
      };
      const std::string raw(raw_name.substr(0, 64));
      if (!PercentDecode(raw_name, true, p.name))
        return fail("malformed percent-escape in a query parameter name", raw);
      if (!IsCleanUtf8(p.name))
        return fail("query parameter names must be UTF-8 text without NUL bytes", raw);
      if (!PercentDecode(raw_value, true, p.value))
        return fail("malformed percent-escape in the value of " + p.name, p.name);
      if (!IsCleanUtf8(p.value))
        return fail(p.name + " must be UTF-8 text without NUL bytes", p.name);
      params.push_back(std::move(p));
    }
    start = end + 1;
  }
  return params;
}

}  // namespace levers
