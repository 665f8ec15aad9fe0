// HttpListener over Boost.Beast: one Session per connection, all asynchronous,
// each connection on one single-threaded event loop.
//
// The cap on open connections counts slots (CountedSlot), one per Session.
// At the cap a newcomer takes the slot of the connection idle longest
// (IdleConnections), closed for it on that connection's own loop; only when
// no connection is idle does the newcomer get 503 (BusyConnection).

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <csignal>
#include <exception>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "levers/server_listener.h"
#include "server/idle_connections.h"

namespace levers {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// Calls the handler; no exception gets past this point. What one says goes
// to the log under an error id, which is all the 500 answer says.
HttpResponse CallHandler(const RequestHandler& handler, const HttpRequest& request,
                         const ServerLog& log) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return InternalError(log, request, e.what());
  } catch (...) {
    return InternalError(log, request, "an exception that is not a std::exception");
  }
}

// The whole answer as written to the socket: the header fields every answer
// has (Server, X-Content-Type-Options), the answer's own, and the body; an
// answer to HEAD gets the headers GET would (Content-Length included) and no
// body (RFC 9110 section 9.3.2). Every answer the listener writes is made here.
http::response<http::string_body> WireResponse(HttpResponse r, bool head, unsigned version,
                                               bool keep_alive) {
  http::response<http::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(r.status));
  res.reason(StatusReason(r.status));
  res.set(http::field::server, "levers");
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : r.headers) res.set(name, value);
  res.keep_alive(keep_alive && !r.close);
  if (r.status == 204) {
    // No content: no body, and neither Content-Length nor Content-Type
    // (RFC 9110 sections 8.6 and 15.3.5).
  } else if (head) {
    res.content_length(r.body.size());
  } else {
    res.body() = std::move(r.body);
    res.prepare_payload();
  }
  return res;
}

// `bytes`, the start of a request not parsed yet, without the empty lines
// RFC 9112 section 2.2 lets a server skip before the request line.
std::string_view RequestStart(std::string_view bytes) {
  while (bytes.starts_with("\r\n") || bytes.starts_with("\n"))
    bytes.remove_prefix(bytes[0] == '\r' ? 2 : 1);
  return bytes;
}

bool StartsHead(std::string_view bytes) { return RequestStart(bytes).starts_with("HEAD "); }

// The answers to a connection over the cap, as written: to a HEAD (GET's
// headers, no body), and to any other method or to a client that sent no
// request line in time (the JSON error).
struct BusyAnswers {
  std::string head, other;
};

std::string Serialized(const http::response<http::string_body>& res) {
  std::ostringstream out;
  out << res;
  return out.str();
}

BusyAnswers MakeBusyAnswers() {
  HttpResponse r = ErrorResponse(503, "unavailable", "too many open connections, try again later");
  r.close = true;
  return {Serialized(WireResponse(r, true, 11, false)),
          Serialized(WireResponse(r, false, 11, false))};
}

class Session;
using internal::CountedSlot;

// How many connections over the cap may wait at once for their request line
// before the 503; past that many, the 503 is written from what has arrived,
// without waiting. And how many newcomers at the cap may wait at once for an
// idle connection to be closed for them; at that many, no connection is
// accepted until one of them is placed (the kernel's listen queue holds them).
constexpr size_t kMaxBusyWaiting = 16;
constexpr size_t kMaxMakingRoom = 16;

// What every session shares with the listener.
struct Shared {
  RequestHandler handler;
  ListenerOptions options;
  std::atomic<size_t> connections{0};  // slots taken: Sessions
  internal::IdleConnections<Session> idle;
  const BusyAnswers busy_answers = MakeBusyAnswers();
  std::atomic<size_t> busy_waiting{0};  // BusyConnections open
  std::atomic<size_t> making_room{0};   // Newcomers waiting
};

// What a 400 says of a request the parser refused with `ec` (one of
// http::error's parse errors): which part of the request is malformed and what
// was expected, in levers' words rather than the parser's, after
// "malformed HTTP request: ". (Beast 1.81 never returns bad_obs_fold: it reads
// a folded header whole.)
std::string MalformedRequestMessage(const beast::error_code& ec) {
  static constexpr std::string_view kToken = "letters, digits and !#$%&'*+-.^_`|~ only";
  std::string what;
  switch (static_cast<http::error>(ec.value())) {
    case http::error::bad_method:
      what = "the request line's method is not a valid token (expected " + std::string(kToken) +
             ", like GET, then a space)";
      break;
    case http::error::bad_target:
      what =
          "the request line's target is missing or not valid (expected a path like "
          "/api/guides, with no spaces or control characters, then a space)";
      break;
    case http::error::bad_version:
      // The parser reads the target up to the first space, so a space inside
      // the target is reported here too.
      what =
          "the request line is not METHOD TARGET VERSION (expected a target with no spaces, then "
          "a space, then HTTP/1.1 or HTTP/1.0, then CR LF)";
      break;
    case http::error::bad_line_ending:
      what = "the request line or a header line does not end with CR LF";
      break;
    case http::error::bad_field:
      what = "a header's name is missing or not valid (expected a name of " + std::string(kToken) +
             ", then a colon)";
      break;
    case http::error::bad_value:
      // A bare LF ends nothing for the parser, so the next line is read as
      // part of this value: the likeliest cause, named first.
      what =
          "a header's value is not valid (expected each header line to end with CR LF, not a "
          "bare LF, and its value to hold visible characters, spaces and tabs only; in a "
          "Connection header, a comma-separated list of tokens)";
      break;
    case http::error::bad_content_length:
      what =
          "the Content-Length is not valid (expected one whole number of bytes, and no "
          "Transfer-Encoding beside it)";
      break;
    case http::error::multiple_content_length:
      what = "the request has Content-Length headers that differ (expected one length)";
      break;
    case http::error::bad_transfer_encoding:
      what =
          "the Transfer-Encoding is not valid (expected one Transfer-Encoding header, and no "
          "Content-Length beside it)";
      break;
    case http::error::bad_chunk:
      what =
          "a chunk of the chunked body is not valid (expected its size in hexadecimal, CR LF, "
          "that many bytes, then CR LF)";
      break;
    case http::error::bad_chunk_extension:
      what =
          "a chunk's extension is not valid (expected ;name or ;name=value after the chunk's "
          "size)";
      break;
    default:  // not a request the parser can read as HTTP/1.x
      what = "the request is not HTTP/1.1 (expected a request line, headers, then a blank line)";
      break;
  }
  return "malformed HTTP request: " + what;
}

// The Transfer-Encoding of a request, if it is anything but "chunked" alone
// (over one or more fields, any case, optional whitespace): what was sent,
// for the message; empty when it is acceptable.
std::string UnacceptedTransferCoding(const http::fields& h) {
  std::string all;
  size_t codings = 0;
  bool only_chunked = true;
  const auto [first, last] = h.equal_range(http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    const std::string_view value = field->value();
    if (!all.empty()) all += ", ";
    all.append(value.data(), value.size());
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(',', start);
      if (end == std::string_view::npos) end = value.size();
      std::string_view token = value.substr(start, end - start);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
        token.remove_prefix(1);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
        token.remove_suffix(1);
      ++codings;
      if (!beast::iequals(token, "chunked")) only_chunked = false;
      start = end + 1;
    }
  }
  if (codings == 1 && only_chunked) return {};
  // Shown as sent, clipped, control bytes as '?'.
  if (all.size() > 100) all.resize(100);
  for (char& ch : all) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F || ch == '"' || ch == '\\') ch = '?';
  }
  return all;
}

// One connection within the cap, holding its slot until it is destroyed or
// handed to a newcomer (CloseIfIdle). Everything but executor() runs on the
// connection's own loop.
//
// Idle means no byte of a request received since the last answer was written
// (or since the connection was accepted): the session is then in
// Shared::idle and its only operation under way is the read of a first byte.
// A newcomer on another loop takes it out of Shared::idle, then has
// CloseIfIdle run on this loop, where it is ordered with the session's own
// handlers; so when a byte arrives as the session is chosen, either
//  - the byte's handler ran first: the request goes on, CloseIfIdle finds the
//    session busy and gives nothing, and the newcomer looks again; or
//  - CloseIfIdle ran first: bytes waiting in the socket make the session
//    busy; otherwise it cancels the read, and the read's handler decides: a
//    read that had bytes (taken before the cancel, which Asio's first,
//    speculative try often does) goes on as a request, and only a read that
//    ended with none closes the session for the newcomer.
// So a request whose bytes reached the server before the choice is never
// dropped; one sent as the connection closes is, as when an idle keep-alive
// connection is closed as the client reuses it: the client retries (RFC 9112
// section 9.3.1). A deadline or a close by the client that ends the wait with
// no byte closes the session as it would have anyway, and the newcomer gets
// its slot.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared, CountedSlot slot)
      : stream_(std::move(socket)),
        executor_(stream_.get_executor()),
        shared_(std::move(shared)),
        slot_(std::move(slot)) {}
  // Its entry, when the loop ends with the session still idle.
  ~Session() { shared_->idle.Remove(idle_ticket_); }

  void Start() {
    net::dispatch(executor_, beast::bind_front_handler(&Session::ReadRequest, shared_from_this()));
  }

  // The session's loop; from any thread.
  const net::any_io_executor& executor() const { return executor_; }

  // What CloseIfIdle answers a newcomer: the closed session's slot, or
  // nothing when the session turned out busy.
  using SlotReply = std::function<void(std::optional<CountedSlot>)>;

  // On the session's loop. When the session is idle, cancels its read of a
  // first byte; the read's handler then decides (OnFirstBytes): no byte came,
  // so the session closes and `reply` gets its slot; or bytes came with it
  // (read before the cancel took hold, e.g. by Asio's first, speculative try),
  // so the request goes on and `reply` gets nothing. A session already busy
  // (a request in progress, an answer being written, closing, bytes waiting
  // in the socket) gets `reply(nothing)` at once. `reply` is called at most
  // once; if the loop ends first it is dropped and the newcomer's own wait
  // runs out.
  void CloseIfIdle(SlotReply reply) {
    beast::error_code ec;
    if (!idle_ || evicting_ || (stream_.socket().available(ec) > 0 && !ec)) {
      return reply(std::nullopt);
    }
    evicting_ = true;
    evict_reply_ = std::move(reply);
    // The read of a first byte ends now, with or without bytes (the socket's
    // operations only: the stream's deadline stays armed).
    stream_.socket().cancel(ec);
  }

 private:
  void ReadRequest() {
    const ListenerOptions& o = shared_->options;
    parser_.emplace();
    parser_->header_limit(o.max_header_bytes);
    parser_->body_limit(o.max_body_bytes);
    // The parser bounds the request line and headers, and the body, but not
    // the trailer fields after a chunked body: it buffers them until their
    // end. So the buffer itself is bounded by the header limit: headers (or
    // trailers) that do not fit fail with buffer_overflow, answered as 413.
    buffer_.max_size(o.max_header_bytes);
    // One deadline for the whole request: a client that trickles bytes, sends
    // nothing, or half-closes without finishing is cut when it passes.
    stream_.expires_after(o.request_timeout);
    // Bytes of the next request, sent before the last answer was read.
    if (buffer_.size() > 0) return ReadHeader();
    AwaitRequest();
  }

  // Idle until a first byte comes: in Shared::idle, the last answer freed and
  // the buffer down to what one read of a first request needs.
  void AwaitRequest() {
    res_ = {};
    buffer_.shrink_to_fit();
    idle_ = true;
    idle_ticket_ = shared_->idle.Add(weak_from_this());
    stream_.async_read_some(buffer_.prepare(std::min<size_t>(buffer_.max_size(), 1024)),
                            beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
  }

  void OnFirstBytes(beast::error_code ec, std::size_t n) {
    shared_->idle.Remove(std::exchange(idle_ticket_, 0));
    idle_ = false;
    if (evicting_) {
      evicting_ = false;
      SlotReply reply = std::exchange(evict_reply_, nullptr);
      if (n == 0) {
        // Nothing came: closed for the newcomer, which takes the slot.
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
        return reply(std::exchange(slot_, std::nullopt));
      }
      reply(std::nullopt);  // bytes came with the cancel: the request goes on
      if (ec == net::error::operation_aborted) ec = {};
    }
    if (ec) return Close();  // the deadline, or the client closed or reset
    buffer_.commit(n);
    ReadHeader();
  }

  void ReadHeader() {
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // Headers are in and within limits (a Content-Length over the body limit is
  // already an error here, before any of the body is read).
  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const auto& h = parser_->get();
    // RFC 9112 section 3.2: exactly one Host in HTTP/1.1, at most one before.
    const size_t hosts = h.count(http::field::host);
    if (hosts > 1 || (hosts == 0 && h.version() >= 11)) {
      return WriteError(400, "bad_request",
                        hosts > 1 ? "the request has more than one Host header"
                                  : "an HTTP/1.1 request must have a Host header");
    }
    // RFC 9112 section 6.1: a request whose Transfer-Encoding is not chunked
    // alone has no length the parser can trust (it would read no body and take
    // the body's bytes for the next request), and levers decodes no other
    // coding. Refused before anything of the body is read; the connection closes.
    if (h.count(http::field::transfer_encoding) > 0) {
      if (auto bad = UnacceptedTransferCoding(h); !bad.empty()) {
        return WriteError(400, "bad_request",
                          "the Transfer-Encoding \"" + bad +
                              "\" is not accepted; send the body with a Content-Length, "
                              "or with Transfer-Encoding: chunked alone");
      }
    }
    if (parser_->is_done()) return OnRead(ec, 0);
    if (beast::iequals(h[http::field::expect], "100-continue") && h.version() >= 11) {
      // curl and others wait for this before sending a body over 1 KB.
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = shared_from_this()](beast::error_code e, std::size_t) {
                                if (e) return self->Close();
                                self->ReadBody();
                              });
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == beast::error::timeout) {
      return Close();
    }
    if (ec == http::error::body_limit) {
      const std::string limit = std::to_string(shared_->options.max_body_bytes);
      // A form posted to a page gets a page a person can read; the API, JSON.
      const std::string_view target = parser_->get().target();
      if (target != "/api" && !target.starts_with("/api/") && !target.starts_with("/api?")) {
        HttpResponse r;
        r.status = 413;
        r.content_type = "text/html; charset=utf-8";
        if (shared_->options.too_large_page) {
          r.body = shared_->options.too_large_page(shared_->options.max_body_bytes);
        } else {
          r.body =
              "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
              "name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<title>Too large \u2014 levers</title></head><body><main><h1>That form was too "
              "large</h1><p>levers takes at most " +
              limit +
              " bytes in one request. Go back, shorten what you entered, and send it "
              "again.</p><p><a href=\"/\">All guides</a></p></main></body></html>\n";
        }
        r.close = true;
        return Write(std::move(r), ReadingHead(), 11, false);
      }
      return WriteError(413, "too_large",
                        "the request body is over the limit of " + limit + " bytes");
    }
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      // buffer_overflow: headers, or a chunked body's trailer fields, that do
      // not fit the buffer bounded in ReadRequest.
      return WriteError(
          413, "too_large",
          std::string(parser_->is_header_done() ? "the trailer fields after the chunked body are"
                                                : "the request line and headers are") +
              " over the limit of " + std::to_string(shared_->options.max_header_bytes) + " bytes");
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return WriteError(400, "bad_request", MalformedRequestMessage(ec));
    }
    Close();  // reset, aborted: nothing to answer
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    http::request<http::string_body> req = parser_->release();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.headers.reserve(8);
    for (const auto& field : req) {
      request.headers.emplace_back(internal::AsciiLowerCopy(field.name_string()),
                                   std::string(field.value()));
    }
    request.body = std::move(req.body());
    const bool head = req.method() == http::verb::head;
    HttpResponse response = CallHandler(shared_->handler, request, shared_->options.log);
    Write(std::move(response), head, req.version(), req.keep_alive());
  }

  // An answer to a request that could not be read whole; the connection closes.
  // An answer to a HEAD has no body here either.
  void WriteError(int status, std::string_view code, const std::string& message) {
    HttpResponse r = ErrorResponse(status, code, message);
    r.close = true;
    Write(std::move(r), ReadingHead(), 11, false);
  }

  // True when the request being read is a HEAD: by its method once the
  // parser has its request line (it takes it before the headers are whole,
  // and before their limit is met), else by the first bytes received.
  bool ReadingHead() const {
    if (parser_ && !parser_->get().method_string().empty())
      return parser_->get().method() == http::verb::head;
    const auto data = buffer_.data();
    return StartsHead(std::string_view(static_cast<const char*>(data.data()), data.size()));
  }

  void Write(HttpResponse r, bool head, unsigned version, bool keep_alive) {
    res_ = WireResponse(std::move(r), head, version, keep_alive);
    stream_.expires_after(shared_->options.write_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    if (!res_.keep_alive()) return Close();
    ReadRequest();
  }

  // Lingering close: stop sending, then read and drop what the client still
  // sends (a body refused with 413, say) for at most a second, so that closing
  // with unread bytes does not reset the connection before the client has read
  // the answer.
  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) return self->Drain();
                              beast::error_code ignored;
                              self->stream_.socket().close(ignored);
                            });
  }

  beast::tcp_stream stream_;
  const net::any_io_executor executor_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::array<char, 2048> drain_;
  std::shared_ptr<Shared> shared_;
  std::optional<CountedSlot> slot_;  // after shared_: given back while it is held
  bool idle_ = false;                // waiting for a first byte, in Shared::idle
  bool evicting_ = false;            // CloseIfIdle cancelled the read; OnFirstBytes decides
  SlotReply evict_reply_;            // the newcomer's, while evicting_
  internal::IdleConnections<Session>::Ticket idle_ticket_ = 0;
};

// How long a connection over the cap may take to send its request line.
constexpr auto kBusyWait = std::chrono::milliseconds(1000);

// A connection over the cap: reads what the client sends first, to tell a
// HEAD from other methods, answers 503 (BusyAnswers) and closes.
class BusyConnection : public std::enable_shared_from_this<BusyConnection> {
 public:
  // `waiting`: its place among the kMaxBusyWaiting.
  BusyConnection(tcp::socket&& socket, std::shared_ptr<Shared> shared, CountedSlot waiting)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        shared_(std::move(shared)),
        waiting_(std::move(waiting)) {}

  // Waits at most kBusyWait for the request line (then a read under way is
  // cancelled, and the socket kept to answer on), answers, and closes after
  // a lingering wait of at most kBusyWait more.
  void Start() {
    timer_.expires_after(kBusyWait);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      beast::error_code ignored;
      self->socket_.cancel(ignored);
      self->expired_ = true;
    });
    Read();
  }

  // The answer to `bytes`, the first bytes of a request, or null while they
  // do not tell yet whether it is a HEAD.
  static const std::string* AnswerTo(const BusyAnswers& a, std::string_view bytes) {
    const std::string_view start = RequestStart(bytes);
    if (StartsHead(start)) return &a.head;
    // A method is known once a space ends it, or five bytes show it is no HEAD.
    const bool known =
        start.find(' ') != std::string_view::npos ||
        (start.size() >= 5 && !std::string_view("HEAD ").starts_with(start.substr(0, 5)));
    return known ? &a.other : nullptr;
  }

 private:
  void Read() {
    socket_.async_read_some(net::buffer(request_),
                            beast::bind_front_handler(&BusyConnection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t n) {
    if (!ec) received_.append(request_.data(), n);
    const std::string* decided = AnswerTo(shared_->busy_answers, received_);
    if (!ec && !expired_ && decided == nullptr && received_.size() < 64) return Read();
    const std::string& answer = decided ? *decided : shared_->busy_answers.other;
    timer_.cancel();
    timer_.expires_after(kBusyWait);
    timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (e) return;
      beast::error_code ignored;
      self->socket_.close(ignored);
    });
    net::async_write(socket_, net::buffer(answer),
                     [self = shared_from_this()](beast::error_code e, std::size_t) {
                       // Lingering close, as Session::Close does.
                       beast::error_code ignored;
                       if (e) return self->Close();
                       self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                       self->Drain();
                     });
  }

  void Drain() {
    socket_.async_read_some(net::buffer(request_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) return self->Drain();
                              self->Close();
                            });
  }

  void Close() {
    beast::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<Shared> shared_;
  CountedSlot waiting_;
  bool expired_ = false;
  std::array<char, 1024> request_;
  std::string received_;
};

// The 503 to a connection over the cap that no slot can be found for: by a
// BusyConnection, or when kMaxBusyWaiting wait already, at once from what has
// arrived (the JSON error unless it shows a HEAD).
void AnswerBusy(tcp::socket&& s, std::shared_ptr<Shared> shared) {
  if (auto waiting = CountedSlot::TryTake(shared->busy_waiting, kMaxBusyWaiting)) {
    std::make_shared<BusyConnection>(std::move(s), std::move(shared), std::move(*waiting))->Start();
    return;
  }
  beast::error_code ignored;
  s.non_blocking(true, ignored);
  std::array<char, 1024> arrived;
  const size_t n = s.read_some(net::buffer(arrived), ignored);
  const std::string* decided = BusyConnection::AnswerTo(
      shared->busy_answers, std::string_view(arrived.data(), ignored ? 0 : n));
  s.write_some(net::buffer(decided ? *decided : shared->busy_answers.other), ignored);
  s.shutdown(tcp::socket::shutdown_both, ignored);
  s.close(ignored);
}

void StartSession(tcp::socket&& socket, std::shared_ptr<Shared> shared, CountedSlot slot) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<Session>(std::move(socket), std::move(shared), std::move(slot))->Start();
}

// How long a newcomer at the cap waits for an idle connection to be closed for
// it: that happens on the idle connection's loop, after whatever that loop is
// running (a request being handled); a loop busier than this means a 503.
constexpr auto kRoomWait = std::chrono::milliseconds(1000);

// A connection accepted at the cap, on its own loop while it waits for a
// slot: one freed meanwhile, or that of the connection idle longest, closed
// for it (Session::CloseIfIdle). When no connection is idle (every slot holds
// a request in progress), or no slot comes within kRoomWait, it gets its 503
// (BusyConnection).
class Newcomer : public std::enable_shared_from_this<Newcomer> {
 public:
  // `waiting`: its place among the kMaxMakingRoom.
  Newcomer(tcp::socket&& socket, std::shared_ptr<Shared> shared, CountedSlot waiting)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        shared_(std::move(shared)),
        waiting_(std::move(waiting)) {}

  void Start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->timer_.expires_after(kRoomWait);
      self->timer_.async_wait([self](beast::error_code ec) {
        if (!ec && !self->done_) self->Refuse();
      });
      self->MakeRoom();
    });
  }

 private:
  void MakeRoom() {
    const size_t cap = shared_->options.max_connections;
    if (auto slot = CountedSlot::TryTake(shared_->connections, cap)) return Admit(std::move(*slot));
    std::shared_ptr<Session> idle = shared_->idle.TakeLongestIdle();
    if (!idle) return Refuse();
    // The idle session is closed on its loop, and its slot comes back here.
    // Each handler holds strongly only objects of the loop it runs on (the
    // session is moved, not copied, to its loop), so each object is destroyed
    // on its own loop, and one left in a loop's queue at the end outlives no
    // other loop.
    const net::any_io_executor where = idle->executor();
    net::post(where,
              [idle = std::move(idle), newcomer = weak_from_this(), home = socket_.get_executor()] {
                idle->CloseIfIdle([newcomer, home](std::optional<CountedSlot> slot) {
                  net::post(home, [newcomer, slot = std::move(slot)]() mutable {
                    const std::shared_ptr<Newcomer> self = newcomer.lock();
                    // Given its 503 meanwhile: the slot, if any, is given back here.
                    if (!self || self->done_) return;
                    if (slot) return self->Admit(std::move(*slot));
                    self->MakeRoom();  // it was busy after all: the next one
                  });
                });
              });
  }

  void Admit(CountedSlot slot) {
    done_ = true;
    timer_.cancel();
    waiting_.reset();
    StartSession(std::move(socket_), shared_, std::move(slot));
  }

  void Refuse() {
    done_ = true;
    timer_.cancel();
    waiting_.reset();
    AnswerBusy(std::move(socket_), shared_);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<Shared> shared_;
  std::optional<CountedSlot> waiting_;
  bool done_ = false;  // admitted or refused
};

}  // namespace

// One event loop per thread, each run by exactly one thread (so Asio takes no
// locks inside it); the acceptor lives on the first and deals connections out
// round-robin. A connection stays on its loop for its whole life.
struct EventLoop {
  net::io_context ioc{1};
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
};

struct HttpListener::Impl {
  explicit Impl(unsigned n) : loops(MakeLoops(n)) {}
  static std::vector<std::unique_ptr<EventLoop>> MakeLoops(unsigned n) {
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<EventLoop>> out;
    for (unsigned i = 0; i < n; ++i) out.push_back(std::make_unique<EventLoop>());
    return out;
  }
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  std::vector<std::unique_ptr<EventLoop>> loops;
  size_t next_loop = 0;
  net::io_context& ioc = loops.front()->ioc;
  tcp::acceptor acceptor{ioc};
  net::steady_timer retry{ioc};
  std::optional<net::signal_set> signals;
  std::atomic<uint16_t> port{0};
  std::string host;
  std::atomic<bool> stopped{false};
  bool out_of_descriptors_logged = false;  // only on the acceptor's loop

  void Accept() {
    net::io_context& target = loops[next_loop++ % loops.size()]->ioc;
    acceptor.async_accept(target, [this](beast::error_code ec, tcp::socket s) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of descriptors or similar: back off briefly instead of spinning.
        // Running out is said once per burst: clients wait meanwhile.
        if ((ec.value() == EMFILE || ec.value() == ENFILE) && !out_of_descriptors_logged) {
          out_of_descriptors_logged = true;
          Log("levers: out of file descriptors (" + ec.message() + ", " +
              std::to_string(shared->connections.load()) +
              " connections open): new connections wait until some close; raise the open-file "
              "limit (ulimit -n) or lower --max-connections");
        }
        retry.expires_after(std::chrono::milliseconds(50));
        retry.async_wait([this](beast::error_code e) {
          if (!e) Accept();
        });
        return;
      }
      out_of_descriptors_logged = false;
      if (auto slot = CountedSlot::TryTake(shared->connections, shared->options.max_connections)) {
        StartSession(std::move(s), shared, std::move(*slot));
      } else if (auto waiting = CountedSlot::TryTake(shared->making_room, kMaxMakingRoom)) {
        std::make_shared<Newcomer>(std::move(s), shared, std::move(*waiting))->Start();
      } else {
        AnswerBusy(std::move(s), shared);  // not reached: see AcceptWhenNewcomersFit
      }
      AcceptWhenNewcomersFit();
    });
  }

  // Accepts again once fewer than kMaxMakingRoom newcomers wait, so that the
  // next connection, if it is one, finds a place among them. Placing a
  // newcomer takes a few trips through the event loops: the wait is short.
  void AcceptWhenNewcomersFit() {
    if (shared->making_room.load(std::memory_order_relaxed) < kMaxMakingRoom) return Accept();
    retry.expires_after(std::chrono::milliseconds(1));
    retry.async_wait([this](beast::error_code e) {
      if (!e) AcceptWhenNewcomersFit();
    });
  }

  void Log(const std::string& line) const {
    if (shared->options.log)
      shared->options.log(line);
    else
      std::cerr << line << std::endl;
  }

  void StopOnLoop() {
    beast::error_code ignored;
    acceptor.close(ignored);
    retry.cancel();
    if (signals) signals->cancel(ignored);
    for (auto& loop : loops) loop->ioc.stop();
  }
};

HttpListener::HttpListener(RequestHandler handler, ListenerOptions options)
    : impl_(std::make_unique<Impl>(options.threads)) {
  impl_->shared->handler = std::move(handler);
  impl_->shared->options = std::move(options);
  impl_->host = impl_->shared->options.host;
}

HttpListener::~HttpListener() { Stop(); }

Status HttpListener::Open() {
  const ListenerOptions& o = impl_->shared->options;
  const std::string where = o.host + ":" + std::to_string(o.port);
  beast::error_code ec;
  const net::ip::address addr = net::ip::make_address(o.host, ec);
  if (ec) return Status::InvalidArgument("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint(addr, o.port);
  tcp::acceptor& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    a.close(ignored);
    return Status::IOError("cannot listen on " + where + ": " + ec.message());
  }
  impl_->port = a.local_endpoint().port();
  return Status::Ok();
}

uint16_t HttpListener::port() const { return impl_->port.load(); }

std::string HttpListener::address() const {
  const bool v6 = impl_->host.find(':') != std::string::npos;
  return (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(port());
}

void HttpListener::Run(bool stop_on_signals) {
  if (impl_->stopped.load() || !impl_->acceptor.is_open()) return;
  if (stop_on_signals) {
    impl_->signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    impl_->signals->async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->StopOnLoop();
    });
  }
  impl_->Accept();
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->loops.size(); ++i) {
    threads.emplace_back([loop = impl_->loops[i].get()] { loop->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& loop : impl_->loops) loop->ioc.stop();
  for (std::thread& t : threads) t.join();
}

void HttpListener::Stop() {
  impl_->stopped = true;
  // Thread-safe; Run's threads return, pending work is dropped.
  for (auto& loop : impl_->loops) loop->ioc.stop();
}

size_t HttpListener::open_connections() const {
  return impl_->shared->connections.load(std::memory_order_relaxed);
}

size_t HttpListener::idle_connections() const { return impl_->shared->idle.size(); }

}  // namespace levers
