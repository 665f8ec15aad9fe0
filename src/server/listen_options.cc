// ParseListenAddress and FitConnectionsToOpenFileLimit: the options of an
// HttpListener that are settled before it is made.
#include <sys/resource.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "levers/server_listener.h"

namespace levers {

Status ParseListenAddress(std::string_view text, ListenerOptions& options) {
  const std::string what = "--listen " + std::string(text) + ": ";
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument(what + "expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return Status::InvalidArgument(what + "an IPv6 address goes in brackets: [::1]:8080");
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (host.empty() || ec) {
    return Status::InvalidArgument(what + "the host must be an IP address such as 127.0.0.1");
  }
  unsigned value = 0;
  const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || err != std::errc() || end != port.data() + port.size() || value > 65535) {
    return Status::InvalidArgument(what + "the port must be a number 0..65535");
  }
  options.host = std::string(host);
  options.port = static_cast<uint16_t>(value);
  return Status::Ok();
}

ConnectionCap FitConnectionsToOpenFileLimit(size_t wanted) {
  ConnectionCap cap;
  cap.max_connections = wanted;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return cap;
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) {
    cap.open_files = UINT64_MAX;
    return cap;
  }
  cap.open_files = static_cast<uint64_t>(limit.rlim_cur);
  const uint64_t room = cap.open_files > kServeReservedDescriptors + 1
                            ? cap.open_files - kServeReservedDescriptors
                            : 1;
  if (wanted > room) {
    cap.max_connections = static_cast<size_t>(room);
    cap.lowered = true;
  }
  return cap;
}

}  // namespace levers
