// One connection of the PostgreSQL store (postgres_store.cc) to its server:
// statements with bound parameters, COPY ... FROM STDIN, and a deadline on
// every wait for the server.
//
// libpq's blocking calls (PQexec, PQexecPrepared, PQgetResult) wait as long
// as the server takes to answer. A peer that accepts and acknowledges but
// never answers (a stalled proxy or pooler) holds them for ever: TCP
// keepalives and tcp_user_timeout never fire, since the peer's kernel
// acknowledges every byte. So the connection is non-blocking, every statement
// is sent with libpq's asynchronous calls (PQsendQuery, PQsendPrepare,
// PQsendQueryPrepared, PQputCopyData) and every wait is a poll() on its socket
// bounded by the call's deadline (CallLimit). When the deadline passes, the
// server is asked to cancel the statement (PQcancel, on a thread of its own
// and waited for a bounded time: PQcancel has no time limit either), the
// connection is closed and the call fails naming its deadline; the next call
// outside a transaction opens a new connection. docs/store.md, "Deadlines".
//
// Thread-safety: none; the owner locks.
#ifndef LEVERS_SRC_STORE_PG_CONNECTION_H_
#define LEVERS_SRC_STORE_PG_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levers/status.h"
#include "store/libpq_loader.h"
#include "store/store_internal.h"

namespace levers::store_internal {

// A libpq message on one line: its lines ("FATAL: ...", "CONTEXT: ...") joined
// with "; " (each line's indent dropped), the trailing newline gone.
std::string OneLine(std::string_view message);

// A duration as a message shows it: "800 ms", "10 s", "1.5 s", "15 min 10 s".
std::string DurationText(std::chrono::milliseconds d);

// Parameters of one statement: text values, or NULL.
class Params {
 public:
  Params& Text(std::string_view v) {
    values_.emplace_back(std::string(v));
    formats_.push_back(0);
    return *this;
  }
  // Each of `values` as text (SqlFilter::params).
  Params& Texts(const std::vector<std::string>& values) {
    for (const std::string& v : values) Text(v);
    return *this;
  }
  Params& Int(int64_t v) { return Text(std::to_string(v)); }
  template <typename T>
  Params& Opt(const std::optional<T>& v) {
    if (v) return Int(*v);
    values_.emplace_back(std::nullopt);
    formats_.push_back(0);
    return *this;
  }
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> values() const;
  std::vector<int> lengths() const;
  const std::vector<int>& formats() const { return formats_; }

 private:
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
};

struct ResultDeleter {
  const LibPq* pq = nullptr;
  void operator()(PGresult* r) const { pq->PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Rows of a result, read as text.
class Rows {
 public:
  Rows(const LibPq& pq, PgResult r) : pq_(&pq), r_(std::move(r)) {}
  int count() const { return pq_->PQntuples(r_.get()); }
  bool Null(int row, int col) const { return pq_->PQgetisnull(r_.get(), row, col); }
  std::string Str(int row, int col) const {
    return std::string(pq_->PQgetvalue(r_.get(), row, col),
                       static_cast<size_t>(pq_->PQgetlength(r_.get(), row, col)));
  }
  int64_t I64(int row, int col) const;
  int I32(int row, int col) const { return static_cast<int>(I64(row, col)); }
  template <typename T>
  std::optional<T> Opt(int row, int col) const {
    if (Null(row, col)) return std::nullopt;
    return static_cast<T>(I64(row, col));
  }
  // A bytea column in the hex text format.
  std::string Bytes(int row, int col) const;

 private:
  const LibPq* pq_;
  PgResult r_;
};

// How long a call waits for the server, and what that deadline is called in
// the message of a call that passes it.
struct CallLimit {
  std::chrono::milliseconds time;
  const char* what;  // "a statement", "a check of the store" ...
};

class Connection {
 public:
  Connection(const LibPq& pq, const PostgresTimeouts& timeouts);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects to `url` (libpq's connect_timeout bounds it; the defaults of
  // docs/store.md apply unless the URL sets them), as `application_name`
  // unless the URL names one, and applies the session's settings.
  Status Open(const std::string& url, const std::string& application_name);
  // As Open, without connecting: the first call connects (and its error is
  // that call's), so a connection never used is never opened. Search_path is
  // set to `schema` (as UseSchema) on connecting, unless it is empty.
  void OpenLater(const std::string& url, const std::string& application_name,
                 const std::string& schema);
  // True while a connection to the server is open (for tests and pools).
  bool connected() const { return conn_ != nullptr; }

  // Sets this session's search_path to `schema` alone, now and on every
  // connection opened again: every table name, and the store's locks, then
  // mean that schema.
  Status UseSchema(const std::string& schema);

  // Within its scope each call on the connection waits for the server at most
  // `limit` (instead of PostgresTimeouts::statement).
  class ScopedLimit {
   public:
    ScopedLimit(Connection& c, const CallLimit& limit) : c_(c), saved_(c.limit_) {
      c.limit_ = limit;
    }
    ~ScopedLimit() { c_.limit_ = saved_; }
    ScopedLimit(const ScopedLimit&) = delete;
    ScopedLimit& operator=(const ScopedLimit&) = delete;

   private:
    Connection& c_;
    CallLimit saved_;
  };

  // A statement without parameters (settings, DDL), as a simple query. Outside
  // a transaction, a connection the server dropped is opened again and the
  // statement tried once more; inside one, the transaction went with the
  // connection, so the statement fails. A call whose deadline passed is never
  // tried again.
  Status Exec(const std::string& sql);

  // Starts a transaction with `begin` ("BEGIN ..."); Commit or Rollback ends it.
  Status Begin(const char* begin);
  // Never on another connection: a COMMIT there would commit nothing and
  // succeed. When COMMIT was sent and its answer never came (its deadline
  // passed, or the connection dropped: the server may have committed before
  // it went), UnknownOutcome saying so when the transaction `writes`; every
  // other error means the transaction was not committed.
  Status Commit(bool writes = true);
  // Rolls back the open transaction. When the server dropped the connection
  // (or a failed COMMIT ended the transaction, or a deadline closed the
  // connection) it has rolled back already: nothing is sent, and no other
  // connection is opened for it.
  void Rollback();

  // Runs `sql` (a constant) as a prepared statement with `params` bound; a
  // dropped connection is handled as in Exec.
  Result<Rows> Run(const std::string& sql, const Params& params = {});

  // COPY ... FROM STDIN in text format: CopyStart, CopyPut for each row
  // (CopyRow), then CopyEnd, or CopyEnd with a message to make the server fail
  // the COPY (and with it the transaction). Inside a transaction only: a
  // dropped connection is not retried. Each wait (for the server to take
  // more rows, for its verdict) is bounded by the current limit.
  Status CopyStart(const std::string& sql);
  Status CopyPut(std::string_view data);
  Status CopyEnd(const char* abort_message = nullptr);

  // True when the last statement failed because the server ended it: it
  // waited too long for a lock (lock_timeout) or ran too long
  // (statement_timeout).
  bool ServerTimedOut() const { return last_sqlstate_ == "55P03" || last_sqlstate_ == "57014"; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class Outcome { kDone, kFailed, kExpired };

  Status Connect();
  Status Error(std::string_view what) const;
  Clock::time_point Deadline() const { return Clock::now() + limit_.time; }
  // Waits until the socket is ready for `events`; false when `deadline` passed.
  bool WaitFor(short events, Clock::time_point deadline) const;
  // Sends what libpq holds for the server.
  Outcome Flush(Clock::time_point deadline);
  // Sends a statement with `send` (a PQsend... call) and waits for its
  // results: PQexec's result (the first error, else the last; or the COPY's
  // start). Null when nothing came (PQerrorMessage says why); `expired` when
  // the deadline passed.
  template <typename Send>
  PgResult Call(Send&& send, Clock::time_point deadline, bool& expired);
  // Waits for the results of what was sent, as Call.
  Outcome Collect(Clock::time_point deadline, PgResult& out);
  // The call's deadline passed: the server is asked to cancel, the
  // connection is closed, and the error names the deadline.
  Status Expire();
  // Asks the server to cancel what this connection runs, waiting at most
  // PostgresTimeouts::cancel for it to be taken.
  void Cancel();
  // Closes the connection; the next call outside a transaction opens another.
  void Discard();
  // The connection a call outside a transaction needs: this one, or a new one
  // when the server dropped it or a deadline closed it.
  Status Reconnect();
  // The error of a call inside a transaction whose connection is gone.
  Status Lost() const;
  Result<Rows> RunOnce(const std::string& sql, const Params& params);
  PgResult ExecOnce(const std::string& sql, bool& expired);
  // True when a statement failed because the server dropped the connection.
  bool Dropped(PGresult* r) const;
  Status Check(PGresult* r);
  // A libpq message as levers shows it: one line, with no password of the URL.
  std::string Shown(std::string_view message) const {
    return MaskPasswords(OneLine(message), passwords_);
  }
  PgResult Wrap(PGresult* r) const { return PgResult(r, ResultDeleter{&pq_}); }

  const LibPq& pq_;
  const PostgresTimeouts& timeouts_;
  CallLimit limit_;
  std::string url_;
  std::string application_name_;
  std::string schema_;  // UseSchema's, or empty
  PGconn* conn_ = nullptr;
  std::vector<std::string> passwords_;           // UrlPasswords of the URL, masked in messages
  std::string last_sqlstate_;                    // of the last statement that failed
  bool in_transaction_ = false;                  // between Begin and Commit or Rollback
  size_t copy_unflushed_ = 0;                    // COPY bytes handed to libpq since a flush
  std::map<std::string, std::string> prepared_;  // SQL text -> statement name
};

}  // namespace levers::store_internal

#endif  // LEVERS_SRC_STORE_PG_CONNECTION_H_
