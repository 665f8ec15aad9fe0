// HttpListener over real sockets on 127.0.0.1 (a free port, short deadlines):
// keep-alive, HEAD, the limits, malformed requests, handler exceptions,
// slow clients and the connection cap. Every test is bounded by socket timeouts.
#include "levers/server_listener.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace levers {
namespace {

using namespace std::chrono_literals;

// A connected client socket with a receive timeout; closes on destruction.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(std::string_view s) {
    return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
  }
  // Reads one response (headers and Content-Length bytes of body, none for an
  // answer to HEAD); empty when the server closed first or nothing came within
  // the timeout.
  std::string ReadResponse(bool head = false) {
    for (;;) {
      const size_t end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0;
        const size_t cl = buf_.find("Content-Length: ");
        if (!head && cl != std::string::npos && cl < end) length = std::stoul(buf_.substr(cl + 16));
        if (buf_.size() >= end + 4 + length) {
          std::string r = buf_.substr(0, end + 4 + length);
          buf_.erase(0, end + 4 + length);
          return r;
        }
      }
      char tmp[4096];
      const ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) return {};
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }
  // Everything the server sends until it closes the connection.
  std::string ReadAll() {
    std::string all = std::move(buf_);
    buf_.clear();
    char tmp[4096];
    ssize_t n;
    while ((n = recv(fd_, tmp, sizeof tmp, 0)) > 0) all.append(tmp, static_cast<size_t>(n));
    return all;
  }
  // True when the server has closed the connection within `wait` (recv gives
  // 0 or a reset); false when nothing came. Nothing else may come.
  bool ClosedWithin(std::chrono::milliseconds wait) {
    timeval tv{0, static_cast<suseconds_t>(wait.count() * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char c;
    const ssize_t n = recv(fd_, &c, 1, 0);
    const bool closed = n == 0 || (n < 0 && errno == ECONNRESET);
    EXPECT_TRUE(n <= 0) << "unexpected bytes";
    timeval back{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &back, sizeof back);
    return closed;
  }
  // True when the server closed the connection (recv gives 0 or a reset).
  bool Closed() {
    char c;
    const ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

HttpResponse Echo(const HttpRequest& r) {
  if (r.target == "/throw" || r.target.starts_with("/throw?")) throw std::runtime_error("boom");
  if (r.target == "/throw-int") throw 42;
  HttpResponse out;
  if (r.target == "/no-content") {  // as the API answers OPTIONS
    out.status = 204;
    out.content_type.clear();
    out.headers.emplace_back("Allow", "GET, HEAD, OPTIONS");
    return out;
  }
  out.content_type = "text/plain";
  out.body = r.method + " " + r.target + " " + std::to_string(r.body.size());
  if (auto ct = r.Header("content-type")) out.body += " " + std::string(*ct);
  return out;
}

class ListenerTest : public ::testing::Test {
 protected:
  void StartServer(ListenerOptions o) {
    o.port = 0;
    listener_ = std::make_unique<HttpListener>(Echo, o);
    ASSERT_TRUE(listener_->Open().ok());
    thread_ = std::thread([this] { listener_->Run(false); });
  }
  void SetUp() override {
    ListenerOptions o;
    o.max_body_bytes = 1000;
    o.max_header_bytes = 2000;
    o.request_timeout = 700ms;
    o.max_connections = 8;
    StartServer(o);
  }
  void TearDown() override {
    listener_->Stop();
    thread_.join();
  }
  uint16_t port() const { return listener_->port(); }

  std::unique_ptr<HttpListener> listener_;
  std::thread thread_;
};

TEST_F(ListenerTest, ServesSeveralRequestsOnOneConnectionAndPipelined) {
  Client c(port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string r = c.ReadResponse();
  EXPECT_EQ(r.substr(0, 17), "HTTP/1.1 200 OK\r\n");
  EXPECT_NE(r.find("Content-Type: text/plain\r\n"), std::string::npos);
  EXPECT_NE(r.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_TRUE(r.ends_with("\r\n\r\nGET /a 0"));
  ASSERT_TRUE(c.Send(
      "POST /b HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n"
      "abcGET /c?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(c.ReadResponse().ends_with("POST /b 3 application/json"));
  EXPECT_TRUE(c.ReadResponse().ends_with("GET /c?x=1 0"));
}

// The header fields every answer carries, early ones (400, 413, 503) included.
void ExpectEveryAnswersHeaders(const std::string& r) {
  EXPECT_NE(r.find("\r\nServer: levers\r\n"), std::string::npos) << r;
  EXPECT_NE(r.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << r;
}

TEST_F(ListenerTest, HeadSendsTheLengthWithoutTheBody) {
  Client c(port());
  ASSERT_TRUE(c.Send("HEAD /abc HTTP/1.1\r\nHost: x\r\n\r\nGET /z HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string r = c.ReadResponse(/*head=*/true);
  // The body GET would have: "HEAD /abc 0" is 11 bytes; none of it is sent.
  EXPECT_NE(r.find("Content-Length: 11\r\n"), std::string::npos) << r;
  EXPECT_TRUE(r.ends_with("\r\n\r\n")) << r;
  // The next response on the connection starts right after the headers.
  EXPECT_TRUE(c.ReadResponse().ends_with("GET /z 0"));
}

TEST_F(ListenerTest, BodyOverTheLimitIs413AndCloses) {
  Client c(port());
  ASSERT_TRUE(c.Send("POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  std::string r = c.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413");
  EXPECT_NE(r.find("\"code\":\"too_large\""), std::string::npos);
  EXPECT_NE(r.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.Closed());
}

// The page a form over the limit gets is the one the options give, told the limit.
TEST_F(ListenerTest, AFormOverTheLimitGetsThePageTheOptionsGive) {
  listener_->Stop();
  thread_.join();
  ListenerOptions o;
  o.max_body_bytes = 1000;
  o.too_large_page = [](uint64_t limit) { return "<p>over " + std::to_string(limit) + "</p>"; };
  StartServer(o);
  Client page(port());
  ASSERT_TRUE(page.Send(
      "POST /offer HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 5000\r\n\r\n"));
  const std::string r = page.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413");
  EXPECT_TRUE(r.ends_with("\r\n\r\n<p>over 1000</p>")) << r;
}

TEST_F(ListenerTest, AFormOverTheLimitGetsAPageAndTheApiJson) {
  Client page(port());
  ASSERT_TRUE(page.Send(
      "POST /compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 5000\r\n\r\n"));
  std::string r = page.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413");
  EXPECT_NE(r.find("Content-Type: text/html; charset=utf-8"), std::string::npos) << r;
  EXPECT_NE(r.find("at most 1000 bytes"), std::string::npos) << r;
  Client api(port());
  ASSERT_TRUE(
      api.Send("POST /api/offers/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  r = api.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413");
  EXPECT_NE(r.find("\"code\":\"too_large\""), std::string::npos) << r;
}

TEST_F(ListenerTest, BodyOverTheLimitSentWholeStillGetsTheAnswer) {
  // The client sends all of a large body at once, without waiting: it still
  // reads the 413 (the server stops reading the body at the limit).
  Client c(port());
  const std::string body(200'000, 'x');
  std::thread sender(
      [&] { c.Send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + body); });
  const std::string r = c.ReadResponse();
  sender.join();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r;
}

TEST_F(ListenerTest, ChunkedBodyOverTheLimitIs413) {
  Client c(port());
  std::string chunk(900, 'a');
  ASSERT_TRUE(c.Send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n384\r\n" +
                     chunk + "\r\n384\r\n" + chunk + "\r\n0\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse().substr(0, 12), "HTTP/1.1 413");
}

// The trailer fields after a chunked body are bounded as headers are: they are
// refused with 413 once past the header limit, not buffered without end.
TEST_F(ListenerTest, ChunkedTrailersOverTheLimitAre413) {
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n"));
  // 100 trailer lines of 100 bytes: five times the 2,000-byte limit.
  std::string trailers;
  for (int i = 0; i < 100; ++i)
    trailers += "T" + std::to_string(i) + ": " + std::string(95, 'x') + "\r\n";
  c.Send(trailers);
  const std::string r = c.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r;
  EXPECT_NE(r.find("trailer fields after the chunked body are over the limit of 2000 bytes"),
            std::string::npos)
      << r;
  EXPECT_TRUE(c.Closed());
}

// Trailers within the limit are read, and the body is what the chunks held.
TEST_F(ListenerTest, ChunkedTrailersWithinTheLimitAreAccepted) {
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
             "T: 1\r\n\r\n"));
  const std::string r = c.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 200") << r;
  EXPECT_NE(r.find("POST /x 3"), std::string::npos) << r;
}

// RFC 9112 section 6.1: a Transfer-Encoding other than chunked alone is refused
// and the connection closed, so a body the parser would not read is never taken
// for a second request.
TEST_F(ListenerTest, TransferEncodingsOtherThanChunkedAloneAre400AndClose) {
  for (const char* coding :
       {"gzip", "identity", "chunked, gzip", "gzip, chunked", "chunked, chunked", "chunked,"}) {
    Client c(port());
    ASSERT_TRUE(c.Send(std::string("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + coding +
                       "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string r = c.ReadResponse();
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 400") << coding << "\n" << r;
    EXPECT_NE(r.find("is not accepted"), std::string::npos) << coding << "\n" << r;
    EXPECT_EQ(r.find("smuggled"), std::string::npos) << coding;
    EXPECT_EQ(c.ReadResponse(), "") << coding;  // no second answer: closed
  }
  // Two fields, each "chunked": two codings, refused as well.
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse().substr(0, 12), "HTTP/1.1 400");
  // Any case is chunked.
  Client ok(port());
  ASSERT_TRUE(ok.Send(
      "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"));
  const std::string r = ok.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 200") << r;
  EXPECT_NE(r.find("POST /x 2"), std::string::npos) << r;
}

TEST_F(ListenerTest, HeadersOverTheLimitAre413) {
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(3000, 'a') + "\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse().substr(0, 12), "HTTP/1.1 413");
}

// Answers written before a request reaches the handler: each has the header
// fields every answer has, and an answer to a HEAD has no body.
TEST_F(ListenerTest, EarlyAnswersHaveEveryHeaderAndNoBodyForHead) {
  const std::string big = "X-Big: " + std::string(3000, 'a') + "\r\n";
  struct Case {
    std::string request;
    std::string status;
  };
  const Case cases[] = {
      {" / HTTP/1.1\r\nHost: x\r\n" + big + "\r\n", "413"},
      {" /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", "413"},
      {" /compare HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", "413"},
      {" /x HTTP/1.1\r\n\r\n", "400"},  // no Host
      {" /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400"},
  };
  for (const Case& c : cases) {
    std::string get_length;
    for (const char* method : {"GET", "HEAD"}) {
      Client client(port());
      ASSERT_TRUE(client.Send(method + c.request));
      const std::string r = client.ReadAll();
      SCOPED_TRACE(std::string(method) + c.request.substr(0, 40));
      EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 " + c.status) << r;
      ExpectEveryAnswersHeaders(r);
      const size_t cl = r.find("Content-Length: ");
      ASSERT_NE(cl, std::string::npos) << r;
      const std::string length = r.substr(cl + 16, r.find("\r\n", cl) - cl - 16);
      const size_t end = r.find("\r\n\r\n") + 4;
      if (std::string_view(method) == "GET") {
        get_length = length;
        EXPECT_EQ(r.size() - end, std::stoul(length)) << r;
      } else {
        EXPECT_EQ(length, get_length) << r;  // GET's Content-Length, no body
        EXPECT_EQ(r.size(), end) << r;
      }
    }
  }
}

TEST_F(ListenerTest, MalformedRequestsAre400) {
  for (const char* bad :
       {"GARBAGE\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n", "GET\r\n\r\n",
        "GET /x HTTP/1.1\r\nBad Header\r\n\r\n", "POST /x HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
    Client c(port());
    ASSERT_TRUE(c.Send(bad));
    std::string r = c.ReadResponse();
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 400") << bad;
    EXPECT_NE(r.find("\"code\":\"bad_request\""), std::string::npos) << bad;
    EXPECT_TRUE(c.Closed()) << bad;
  }
}

// A request the parser refuses is answered in levers' words, naming the part
// at fault and what was expected, never in the parser's.
TEST_F(ListenerTest, MalformedRequestsSayWhichPartIsMalformed) {
  const std::string token = "letters, digits and !#$%&'*+-.^_`|~ only";
  const std::string kNotThreeParts =
      "the request line is not METHOD TARGET VERSION (expected a target with no spaces, then a "
      "space, then HTTP/1.1 or HTTP/1.0, then CR LF)";
  const std::string kBadValue =
      "a header's value is not valid (expected each header line to end with CR LF, not a bare "
      "LF, and its value to hold visible characters, spaces and tabs only; in a Connection "
      "header, a comma-separated list of tokens)";
  struct Case {
    std::string request, message;
  };
  const Case cases[] = {
      {"G(T /x HTTP/1.1\r\nHost: x\r\n\r\n",
       "the request line's method is not a valid token (expected " + token +
           ", like GET, then a space)"},
      {"GET  HTTP/1.1\r\nHost: x\r\n\r\n",
       "the request line's target is missing or not valid (expected a path like /api/guides, "
       "with no spaces or control characters, then a space)"},
      {"GET /x HTTP/9.9\r\n\r\n", kNotThreeParts},
      // A space inside the target: the parser takes "b HTTP/1.1" for the version.
      {"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", kNotThreeParts},
      {"GET /x HTTP/1.1\r\nHost: x\rY\r\n\r\n",
       "the request line or a header line does not end with CR LF"},
      {"GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
       "a header's name is missing or not valid (expected a name of " + token + ", then a colon)"},
      {"GET /x HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n", kBadValue},
      // A header line ended by a bare LF.
      {"GET /x HTTP/1.1\r\nHost: x\nX-A: y\r\n\r\n", kBadValue},
      {"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
       "the Content-Length is not valid (expected one whole number of bytes, and no "
       "Transfer-Encoding beside it)"},
      {"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       "the request has Content-Length headers that differ (expected one length)"},
      {"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
       "the Transfer-Encoding is not valid (expected one Transfer-Encoding header, and no "
       "Content-Length beside it)"},
      {"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
       "a chunk of the chunked body is not valid (expected its size in hexadecimal, CR LF, that "
       "many bytes, then CR LF)"},
      {"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;=x\r\nab\r\n0\r\n\r\n",
       "a chunk's extension is not valid (expected ;name or ;name=value after the chunk's "
       "size)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request);
    Client client(port());
    ASSERT_TRUE(client.Send(c.request));
    const std::string r = client.ReadResponse();
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 400") << r;
    const size_t body = r.find("\r\n\r\n");
    ASSERT_NE(body, std::string::npos) << r;
    EXPECT_EQ(r.substr(body + 4),
              "{\"error\":{\"code\":\"bad_request\",\"message\":\"malformed HTTP request: " +
                  c.message + "\"}}\n");
    EXPECT_TRUE(client.Closed());
  }
}

// RFC 9112 section 3.2: an HTTP/1.1 request has exactly one Host; HTTP/1.0
// may go without.
TEST_F(ListenerTest, AHostIsRequiredOnceInHttp11) {
  for (const char* bad :
       {"GET /x HTTP/1.1\r\n\r\n", "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"}) {
    Client c(port());
    ASSERT_TRUE(c.Send(bad));
    const std::string r = c.ReadResponse();
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 400") << bad;
    const std::string message = std::string(bad).find("Host: b") != std::string::npos
                                    ? "the request has more than one Host header"
                                    : "an HTTP/1.1 request must have a Host header";
    EXPECT_TRUE(r.ends_with("\r\n\r\n{\"error\":{\"code\":\"bad_request\",\"message\":\"" +
                            message + "\"}}\n"))
        << r;
    EXPECT_TRUE(c.Closed()) << bad;
  }
  Client old(port());
  ASSERT_TRUE(old.Send("GET /x HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(old.ReadResponse().ends_with("\r\n\r\nGET /x 0"));
  Client one(port());
  ASSERT_TRUE(one.Send("GET /y HTTP/1.1\r\nhost: x\r\n\r\n"));
  EXPECT_TRUE(one.ReadResponse().ends_with("\r\n\r\nGET /y 0"));
}

// RFC 9110 sections 8.6 and 15.3.5: a 204 has no body, so neither a
// Content-Length nor a Content-Type; the connection stays open.
TEST_F(ListenerTest, NoContentHasNoLengthAndNoType) {
  Client c(port());
  ASSERT_TRUE(c.Send("OPTIONS /no-content HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse(),
            "HTTP/1.1 204 No Content\r\nServer: levers\r\nX-Content-Type-Options: nosniff\r\n"
            "Allow: GET, HEAD, OPTIONS\r\n\r\n");
  ASSERT_TRUE(c.Send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(c.ReadResponse().ends_with("\r\n\r\nGET /after 0"));
}

// What the handler throws goes to the log under an error id; the answer says
// only the id, and the server goes on.
TEST_F(ListenerTest, HandlerExceptionsAre500WithAnIdAndTheServerGoesOn) {
  listener_->Stop();
  thread_.join();
  std::mutex mu;
  std::vector<std::string> lines;
  ListenerOptions o;
  o.log = [&](const std::string& line) {
    std::lock_guard lock(mu);
    lines.push_back(line);
  };
  StartServer(o);
  Client c(port());
  ASSERT_TRUE(c.Send("GET /throw?q=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string r = c.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 500");
  const std::string body = r.substr(r.find("\r\n\r\n") + 4);
  EXPECT_EQ(body.find("boom"), std::string::npos) << body;
  const std::string::size_type at = body.find("\"id\":\"");
  ASSERT_NE(at, std::string::npos) << body;
  const std::string id = body.substr(at + 6, 12);
  EXPECT_TRUE(
      body.starts_with("{\"error\":{\"code\":\"internal\",\"message\":\"internal error: "
                       "levers failed to answer this request; the server's log has the "
                       "details under error id " +
                       id + "\",\"id\":\"" + id + "\"}}\n"))
      << body;
  ASSERT_TRUE(c.Send("GET /throw-int HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.ReadResponse().substr(0, 12), "HTTP/1.1 500");
  ASSERT_TRUE(c.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(c.ReadResponse().ends_with("GET /ok 0"));
  std::lock_guard lock(mu);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "levers: internal error " + id + " answering GET /throw: boom");
  EXPECT_TRUE(
      lines[1].ends_with(" answering GET /throw-int: an exception that is not a "
                         "std::exception"))
      << lines[1];
}

TEST_F(ListenerTest, ASlowClientIsCutAtTheRequestDeadline) {
  Client slow(port());
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  // A byte every 100 ms would take 3 s; the deadline is 0.7 s.
  const std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\nX-Pad: abcdefghij\r\n\r\n";
  for (char ch : request) {
    if (!slow.Send(std::string_view(&ch, 1))) {
      cut = true;
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  if (!cut) cut = slow.Closed();
  EXPECT_TRUE(cut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  Client ok(port());
  ASSERT_TRUE(ok.Send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(ok.ReadResponse().ends_with("GET /after 0"));
}

TEST_F(ListenerTest, IdleAndHalfOpenConnectionsAreClosed) {
  Client idle(port());
  Client half(port());
  ASSERT_TRUE(half.Send("GET /half HTTP/1.1\r\nHost: x\r\n"));  // never finishes the headers
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.Closed());
  EXPECT_TRUE(half.Closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
}

TEST_F(ListenerTest, ConnectionsOverTheCapGet503AndTheServerRecovers) {
  // Every slot holds a request in progress: none is closed for a newcomer.
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 8; ++i) {
    held.push_back(std::make_unique<Client>(port()));
    ASSERT_TRUE(held.back()->Send("GET /held HTTP/1.1\r\nHost: x\r\n"));
  }
  // Let the listener accept all eight before the ninth arrives.
  for (int i = 0; i < 100 && listener_->open_connections() < 8; ++i)
    std::this_thread::sleep_for(5ms);
  ASSERT_EQ(listener_->open_connections(), 8u);
  Client extra(port());
  ASSERT_TRUE(extra.Send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string r = extra.ReadResponse();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 503");
  EXPECT_NE(r.find("\"code\":\"unavailable\""), std::string::npos);
  ExpectEveryAnswersHeaders(r);
  const size_t get_length = std::stoul(r.substr(r.find("Content-Length: ") + 16));
  // A HEAD gets GET's headers and no body, even past the cap.
  Client head(port());
  ASSERT_TRUE(head.Send("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n"));
  r = head.ReadAll();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 503") << r;
  EXPECT_NE(r.find("Content-Length: " + std::to_string(get_length) + "\r\n"), std::string::npos)
      << r;
  EXPECT_TRUE(r.ends_with("\r\n\r\n")) << r;
  ExpectEveryAnswersHeaders(r);
  // A client that sends no request line in time gets the JSON error.
  Client silent(port());
  r = silent.ReadAll();
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 503") << r;
  EXPECT_TRUE(r.ends_with("\"}}\n")) << r;
  ExpectEveryAnswersHeaders(r);
  held.clear();
  for (int i = 0; i < 100 && listener_->open_connections() > 0; ++i)
    std::this_thread::sleep_for(5ms);
  Client ok(port());
  ASSERT_TRUE(ok.Send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(ok.ReadResponse().ends_with("GET /again 0"));
}

// A cap of 4 and a deadline longer than any of these tests.
class CapTest : public ListenerTest {
 protected:
  void SetUp() override {
    ListenerOptions o;
    o.request_timeout = 10s;
    o.max_connections = 4;
    o.threads = 4;
    StartServer(o);
  }
  void WaitForOpenConnections(size_t n) {
    for (int i = 0; i < 400 && listener_->open_connections() != n; ++i)
      std::this_thread::sleep_for(5ms);
    ASSERT_EQ(listener_->open_connections(), n);
  }
  // Until `n` connections are idle on the server's side, in the order they
  // became so: every request sent has been seen.
  void WaitForIdleConnections(size_t n) {
    for (int i = 0; i < 400 && listener_->idle_connections() != n; ++i)
      std::this_thread::sleep_for(5ms);
    ASSERT_EQ(listener_->idle_connections(), n);
  }
};

std::unique_ptr<Client> KeptAliveAfterOneRequest(uint16_t port, const std::string& path) {
  auto c = std::make_unique<Client>(port);
  EXPECT_TRUE(c->Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(c->ReadResponse().ends_with("GET " + path + " 0"));
  return c;
}

// At the cap, each newcomer is served in the place of the connection idle
// longest (never sent a byte, or kept alive after an answer); a connection
// in the middle of a request stays, however long it has been open.
TEST_F(CapTest, TheConnectionIdleLongestMakesRoom) {
  auto partial = std::make_unique<Client>(port());
  ASSERT_TRUE(partial->Send("GET /partial HTTP/1.1\r\nHost: x\r\n"));
  WaitForOpenConnections(1);
  WaitForIdleConnections(0);
  std::vector<std::unique_ptr<Client>> held;
  held.push_back(std::make_unique<Client>(port()));
  WaitForIdleConnections(1);
  held.push_back(KeptAliveAfterOneRequest(port(), "/kept"));
  WaitForIdleConnections(2);
  held.push_back(std::make_unique<Client>(port()));
  WaitForIdleConnections(3);
  std::vector<std::unique_ptr<Client>> newcomers;
  for (size_t i = 0; i < held.size(); ++i) {
    newcomers.push_back(KeptAliveAfterOneRequest(port(), "/new" + std::to_string(i)));
    WaitForIdleConnections(3);  // the newcomer among them, newest
    for (size_t j = 0; j < held.size(); ++j)
      EXPECT_EQ(held[j]->ClosedWithin(50ms), j <= i) << "newcomer " << i << ", held " << j;
    EXPECT_FALSE(partial->ClosedWithin(10ms)) << i;
    EXPECT_EQ(listener_->open_connections(), 4u);
  }
  // The first newcomer is now idle longest; the partial request, older, stays.
  auto last = KeptAliveAfterOneRequest(port(), "/last");
  EXPECT_TRUE(newcomers[0]->ClosedWithin(50ms));
  EXPECT_FALSE(newcomers[1]->ClosedWithin(50ms));
  ASSERT_TRUE(partial->Send("\r\n"));
  EXPECT_TRUE(partial->ReadResponse().ends_with("GET /partial 0"));
  // A keep-alive connection goes on serving when it was not the one chosen.
  ASSERT_TRUE(newcomers[2]->Send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(newcomers[2]->ReadResponse().ends_with("GET /again 0"));
}

// Clients on several threads connect, send, keep connections idle and close
// them, at a cap of 4 over 4 event loops, so that connections are chosen to
// make room on one loop for a newcomer on another while their own bytes
// arrive. The count never passes the cap, every answer is a 200 or a 503 (or
// the connection was closed for a newcomer first), and once every client has
// closed, exactly 4 slots are free again, to be handed on from idle
// connections. Run under TSan in CI.
TEST_F(CapTest, MakingRoomAcrossLoopsKeepsTheCountExact) {
  std::atomic<bool> running{true};
  std::atomic<size_t> most_open{0};
  std::thread sampler([&] {
    while (running.load()) {
      const size_t n = listener_->open_connections();
      if (n > most_open.load()) most_open = n;
      std::this_thread::yield();
    }
  });
  std::atomic<int> ok{0}, busy{0}, dropped{0}, other{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      std::vector<std::unique_ptr<Client>> kept;
      for (int i = 0; i < 60; ++i) {
        const int kind = (t + i) % 4;
        auto c = std::make_unique<Client>(port());
        if (kind == 0) {  // never sends: idle until closed by either side
          kept.push_back(std::move(c));
        } else {
          const bool close = kind == 3;
          c->Send(std::string("GET /r HTTP/1.1\r\nHost: x\r\n") +
                  (close ? "Connection: close\r\n" : "") + "\r\n");
          const std::string r = c->ReadResponse();
          if (r.empty()) {
            ++dropped;
          } else if (r.starts_with("HTTP/1.1 200") && r.ends_with("GET /r 0")) {
            ++ok;
          } else if (r.starts_with("HTTP/1.1 503")) {
            ++busy;
          } else {
            ++other;
          }
          if (kind == 2) kept.push_back(std::move(c));  // kept alive, idle
        }
        if (kept.size() > 2) kept.erase(kept.begin());
      }
    });
  }
  for (auto& c : clients) c.join();
  running = false;
  sampler.join();
  EXPECT_LE(most_open.load(), 4u);
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(ok.load(), 0);
  WaitForOpenConnections(0);
  // Exactly four slots: with four connections kept alive (one per loop),
  // four requests in progress get in in their place, and a fifth gets 503.
  std::vector<std::unique_ptr<Client>> idle, partial;
  for (int i = 0; i < 4; ++i) idle.push_back(KeptAliveAfterOneRequest(port(), "/k"));
  WaitForIdleConnections(4);
  for (int i = 0; i < 4; ++i) {
    partial.push_back(std::make_unique<Client>(port()));
    ASSERT_TRUE(partial.back()->Send("GET /p HTTP/1.1\r\nHost: x\r\n"));
  }
  for (auto& c : idle) EXPECT_TRUE(c->ClosedWithin(1000ms));
  WaitForIdleConnections(0);  // the four requests seen
  EXPECT_EQ(listener_->open_connections(), 4u);
  Client extra(port());
  ASSERT_TRUE(extra.Send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(extra.ReadResponse().substr(0, 12), "HTTP/1.1 503");
  for (auto& p : partial) {
    ASSERT_TRUE(p->Send("\r\n"));
    EXPECT_TRUE(p->ReadResponse().ends_with("GET /p 0"));
  }
}

TEST_F(ListenerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  // The interim answer comes before any body byte is sent.
  EXPECT_EQ(c.ReadResponse(), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c.Send("abcd"));
  EXPECT_TRUE(c.ReadResponse().ends_with("POST /e 4"));
  // Over the limit: 413 straight away, no 100.
  Client big(port());
  ASSERT_TRUE(big.Send(
      "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n"));
  EXPECT_EQ(big.ReadResponse().substr(0, 12), "HTTP/1.1 413");
}

TEST_F(ListenerTest, UnknownMethodsReachTheHandler) {
  Client c(port());
  ASSERT_TRUE(c.Send("PROPFIND /x HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(c.ReadResponse().ends_with("PROPFIND /x 0"));
}

TEST_F(ListenerTest, ConnectionCloseIsHonoured) {
  Client c(port());
  ASSERT_TRUE(c.Send("GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string r = c.ReadResponse();
  EXPECT_NE(r.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.Closed());
}

TEST(Listener, RefusesAnAddressInUseAndANonAddress) {
  HttpListener first(Echo, ListenerOptions{.port = 0});
  ASSERT_TRUE(first.Open().ok());
  HttpListener second(Echo, ListenerOptions{.port = first.port()});
  Status s = second.Open();
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos);
  HttpListener bad(Echo, ListenerOptions{.host = "localhost:80"});
  EXPECT_EQ(bad.Open().code(), StatusCode::kInvalidArgument);
}

TEST(ListenAddress, ParsesV4V6AndRefusesTheRest) {
  ListenerOptions o;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:8080", o).ok());
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 8080);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", o).ok());
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 0);
  for (const char* bad : {"8080", "localhost:8080", ":8080", "127.0.0.1:", "127.0.0.1:65536",
                          "127.0.0.1:80x", "::1:8080", "127.0.0.1:-1", "[::1]8080"}) {
    Status s = ParseListenAddress(bad, o);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(s.message().starts_with(std::string("--listen ") + bad + ": ")) << s.message();
  }
}

}  // namespace
}  // namespace levers
