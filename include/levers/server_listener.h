// HttpListener: the network layer of `levers serve`. It accepts HTTP/1.1
// connections on one address, reads each request within bounds, hands it to a
// RequestHandler and writes the answer back; nothing in it knows about guides.
//
// It is asynchronous (Boost.Beast over Asio) on a few threads: a connection
// that waits costs a socket and a buffer, not a thread, so many keep-alive
// clients do not queue behind one another (docs/performance.md has the
// measurement against cpp-httplib's thread pool that chose it).
//
// Limits: header bytes and body bytes per request (413), a deadline for each
// whole request counted from the end of the previous answer (slow, idle or
// half-open clients are cut when it passes), a deadline for writing each answer,
// and a cap on open connections. At the cap a new connection takes the place
// of the connection idle longest (no byte of a request received since its
// last answer, or since it was accepted), which is closed; never one in the
// middle of a request or an answer. Only when every connection has a request
// in progress (or the idle one cannot be closed within a second) does the new
// connection get 503, without a body when its request line, awaited at most a
// second, is a HEAD, and is closed. Every answer, early ones included, is
// built in one place and has the same common header fields (Server,
// X-Content-Type-Options). A malformed request gets 400 and the connection is
// closed. Any exception out of the handler becomes a 500 JSON answer that
// gives an error id, its text logged under that id; the listener goes on.
//
// Thread-safety: Open, Run and the destructor from one thread; Stop, port,
// open_connections and idle_connections from any thread. The handler is called from several threads
// at once.
#ifndef LEVERS_SERVER_LISTENER_H_
#define LEVERS_SERVER_LISTENER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "levers/server_http.h"
#include "levers/status.h"

namespace levers {

struct ListenerOptions {
  std::string host = "127.0.0.1";  // an IP address, v4 or v6
  uint16_t port = 8080;            // 0: any free port (see HttpListener::port)
  unsigned threads = 2;            // threads running the event loop; 0: one per core
  size_t max_connections = 1024;   // open at once (see "Limits" above)
  uint32_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 1024 * 1024;
  // Each request must arrive whole within this, counted from the connection's
  // start or the end of the previous answer: it also bounds how long a
  // connection stays open idle.
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  // Where running out of file descriptors is reported (once until a
  // connection is accepted again), and an exception out of the handler with
  // the error id its 500 answer gives (LogInternalError); unset: standard
  // error.
  ServerLog log{};
  // The HTML page for a request to a page (not /api) whose body is over
  // max_body_bytes, given that limit: `levers serve` gives the web app's, with
  // the site's stylesheet and links. Unset: a short page of the listener's own.
  // Called from the event loop's threads.
  std::function<std::string(uint64_t max_body_bytes)> too_large_page{};
};

// Descriptors `levers serve` keeps for itself besides its connections: the
// listening socket, the event loops', the store's and standard streams, up to
// 16 for connections over the cap waiting for their 503, and up to 16 for new
// connections at the cap waiting for an idle one to be closed for them.
inline constexpr uint64_t kServeReservedDescriptors = 64;

// How many connections fit under this process's limit on open files.
struct ConnectionCap {
  size_t max_connections = 0;  // the cap to use: at most the one asked for
  uint64_t open_files = 0;     // the soft RLIMIT_NOFILE after raising it
  bool lowered = false;        // max_connections is below the one asked for
};

// Raises this process's soft limit on open files (RLIMIT_NOFILE) to its hard
// limit, then returns `wanted`, or fewer (at least 1) when the limit leaves
// room for fewer after kServeReservedDescriptors: a cap the process can reach,
// so connections past it are placed or get the 503 rather than waiting for a
// descriptor.
ConnectionCap FitConnectionsToOpenFileLimit(size_t wanted);

// Parses "HOST:PORT" as --listen takes it: "127.0.0.1:8080", "[::1]:8080"
// (a port of 0 means any free port). InvalidArgument naming what is wrong.
[[nodiscard]] Status ParseListenAddress(std::string_view text, ListenerOptions& options);

class HttpListener {
 public:
  HttpListener(RequestHandler handler, ListenerOptions options);
  ~HttpListener();  // stops serving and joins the threads
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds and listens. IOError naming the address and the reason (in use,
  // not an address, permission) when it cannot.
  [[nodiscard]] Status Open();
  // The bound port (the chosen one when options.port was 0); 0 before Open.
  uint16_t port() const;
  // "127.0.0.1:8080", "[::1]:8080".
  std::string address() const;

  // Serves until Stop() is called or, when `stop_on_signals`, until SIGINT or
  // SIGTERM arrives. Blocks; runs the event loop on options.threads threads
  // (the caller's among them). Open must have succeeded.
  void Run(bool stop_on_signals);
  // Stops accepting and ends Run; open connections are dropped. Idempotent.
  void Stop();

  size_t open_connections() const;
  // How many of them are idle: waiting for the first byte of a request.
  size_t idle_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace levers

#endif  // LEVERS_SERVER_LISTENER_H_
