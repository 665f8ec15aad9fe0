// Connection: libpq's asynchronous calls on a non-blocking connection, every
// wait bounded (pg_connection.h).
#include "store/pg_connection.h"

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <future>
#include <thread>
#include <utility>

namespace levers::store_internal {
namespace {

// libpq settings a URL that does not set them gets, so that a server that
// cannot be reached fails the connection: 10 s to connect; keepalive probes
// after 30 s idle, every 10 s, 3 unanswered close the connection; data
// unacknowledged for 60 s closes it. A peer that acknowledges and never
// answers defeats the last two: the deadlines of the calls bound it.
constexpr std::pair<const char*, const char*> kConnectionDefaults[] = {
    {"connect_timeout", "10"},     {"keepalives", "1"},       {"keepalives_idle", "30"},
    {"keepalives_interval", "10"}, {"keepalives_count", "3"}, {"tcp_user_timeout", "60000"},
};

// COPY data handed to libpq between two waits for the server to take it: a
// non-blocking connection buffers what the socket does not take, so without
// these waits a stalled server would have the whole table buffered here.
constexpr size_t kCopyFlushBytes = 1 << 20;

// Cancel requests sent to a server that does not answer them are threads
// blocked in PQcancel, which has no time limit. At most this many are left
// so; past it no cancel is sent (the server's statement_timeout and
// idle_in_transaction_session_timeout still end the work).
constexpr int kMaxCancelsWaiting = 4;
std::atomic<int> cancels_waiting{0};

bool IsError(ExecStatusType st) {
  return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY &&
         st != PGRES_COPY_IN && st != PGRES_COPY_OUT && st != PGRES_COPY_BOTH;
}

}  // namespace

std::string OneLine(std::string_view message) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '\n') {
      out += message[i];
      continue;
    }
    while (i + 1 < message.size() && (message[i + 1] == ' ' || message[i + 1] == '\t')) ++i;
    out += "; ";
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

std::string DurationText(std::chrono::milliseconds d) {
  const int64_t ms = d.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms < 120'000) {
    std::string s = std::to_string(ms / 1000);
    if (const int64_t tenths = ms % 1000 / 100; tenths > 0) s += "." + std::to_string(tenths);
    return s + " s";
  }
  const int64_t s = ms / 1000;
  return std::to_string(s / 60) + " min" + (s % 60 ? " " + std::to_string(s % 60) + " s" : "");
}

std::vector<const char*> Params::values() const {
  std::vector<const char*> out;
  for (const auto& v : values_) out.push_back(v ? v->data() : nullptr);
  return out;
}

std::vector<int> Params::lengths() const {
  std::vector<int> out;
  for (const auto& v : values_) out.push_back(v ? static_cast<int>(v->size()) : 0);
  return out;
}

int64_t Rows::I64(int row, int col) const {
  int64_t v = 0;
  const char* p = pq_->PQgetvalue(r_.get(), row, col);
  std::from_chars(p, p + pq_->PQgetlength(r_.get(), row, col), v);
  return v;
}

std::string Rows::Bytes(int row, int col) const {
  size_t n = 0;
  unsigned char* p = pq_->PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(pq_->PQgetvalue(r_.get(), row, col)), &n);
  if (!p) return std::string();
  std::string out(reinterpret_cast<const char*>(p), n);
  pq_->PQfreemem(p);
  return out;
}

Connection::Connection(const LibPq& pq, const PostgresTimeouts& timeouts)
    : pq_(pq), timeouts_(timeouts), limit_{timeouts.statement, "a statement"} {}

Connection::~Connection() { Discard(); }

Status Connection::Open(const std::string& url, const std::string& application_name) {
  url_ = url;
  application_name_ = application_name;
  passwords_ = UrlPasswords(url);
  return Connect();
}

void Connection::OpenLater(const std::string& url, const std::string& application_name,
                           const std::string& schema) {
  Discard();
  url_ = url;
  application_name_ = application_name;
  passwords_ = UrlPasswords(url);
  schema_ = schema;
}

Status Connection::Connect() {
  // The defaults come first: the URL (expanded from "dbname") overrides them;
  // client_encoding comes after it, so that the URL cannot change it.
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : kConnectionDefaults) {
    keys.push_back(key);
    values.push_back(value);
  }
  keys.push_back("fallback_application_name");
  values.push_back(application_name_.c_str());
  keys.push_back("dbname");
  values.push_back(url_.c_str());
  keys.push_back("client_encoding");
  values.push_back("UTF8");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = pq_.PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (!conn_) return Status::IOError("postgresql: out of memory");
  Status st = Status::Ok();
  if (pq_.PQstatus(conn_) != CONNECTION_OK)
    st = Error("cannot connect");
  else if (pq_.PQsetnonblocking(conn_, 1) != 0)
    st = Error("cannot make the connection non-blocking");
  if (!st.ok()) {
    Discard();
    return st;
  }
  // Outside any transaction, with the deadline of a statement. A connection
  // whose setup failed is closed: kept, the next Reconnect would take it as
  // ready and run on it without its timeouts or its schema.
  const ScopedLimit limit(*this, {timeouts_.statement, "a statement"});
  st = Exec(
      "SET statement_timeout = '60s'; "
      "SET idle_in_transaction_session_timeout = '" +
      std::to_string(timeouts_.idle_in_transaction.count()) + "ms'");
  if (st.ok() && !schema_.empty()) st = UseSchema(schema_);
  if (!st.ok()) Discard();
  return st;
}

Status Connection::UseSchema(const std::string& schema) {
  schema_ = schema;
  return Run("SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1), false)",
             Params().Text(schema))
      .status();
}

Status Connection::Error(std::string_view what) const {
  std::string msg = Shown(conn_ ? pq_.PQerrorMessage(conn_) : "");
  if (msg.ends_with("timeout expired"))
    msg += " (no answer within connect_timeout, 10 s unless the URL sets it)";
  return Status::IOError("postgresql: " + std::string(what) + ": " + msg);
}

bool Connection::WaitFor(short events, Clock::time_point deadline) const {
  const int fd = pq_.PQsocket(conn_);
  if (fd < 0) return true;  // no socket: libpq's next call says what is wrong
  for (;;) {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return false;
    const int64_t ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, INT_MAX)));
    if (n > 0 || (n < 0 && errno != EINTR)) return true;
  }
}

Connection::Outcome Connection::Flush(Clock::time_point deadline) {
  for (;;) {
    const int r = pq_.PQflush(conn_);
    if (r == 0) return Outcome::kDone;
    if (r < 0) return Outcome::kFailed;
    // libpq's rule: wait to read or write; read what came (the server may be
    // answering already), then flush again.
    if (!WaitFor(POLLIN | POLLOUT, deadline)) return Outcome::kExpired;
    if (!pq_.PQconsumeInput(conn_)) return Outcome::kFailed;
  }
}

Connection::Outcome Connection::Collect(Clock::time_point deadline, PgResult& out) {
  for (;;) {
    // PQgetResult waits without a limit while libpq is busy: read first.
    while (pq_.PQisBusy(conn_)) {
      if (!WaitFor(POLLIN, deadline)) return Outcome::kExpired;
      if (pq_.PQconsumeInput(conn_)) continue;
      // A broken connection: PQgetResult gives the error without waiting.
      if (pq_.PQstatus(conn_) != CONNECTION_BAD) return Outcome::kFailed;
      break;
    }
    PGresult* r = pq_.PQgetResult(conn_);
    if (!r) return Outcome::kDone;
    const ExecStatusType st = pq_.PQresultStatus(r);
    const bool copy = st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH;
    if (!out || copy || !IsError(pq_.PQresultStatus(out.get())))
      out = Wrap(r);
    else
      pq_.PQclear(r);
    if (copy) return Outcome::kDone;
  }
}

template <typename Send>
PgResult Connection::Call(Send&& send, Clock::time_point deadline, bool& expired) {
  expired = false;
  PgResult out = Wrap(nullptr);
  if (!send()) return out;
  if (Flush(deadline) == Outcome::kExpired || Collect(deadline, out) == Outcome::kExpired) {
    expired = true;
    out.reset();
  }
  return out;
}

Status Connection::Expire() {
  Cancel();
  Discard();
  last_sqlstate_.clear();
  return Status::IOError("postgresql: the server did not answer within " +
                         DurationText(limit_.time) + " (levers' deadline for " + limit_.what +
                         "); the connection was closed");
}

void Connection::Cancel() {
  if (!conn_) return;
  PGcancel* cancel = pq_.PQgetCancel(conn_);
  if (!cancel) return;
  if (cancels_waiting.fetch_add(1) >= kMaxCancelsWaiting) {
    cancels_waiting.fetch_sub(1);
    pq_.PQfreeCancel(cancel);
    return;
  }
  auto taken = std::make_shared<std::promise<void>>();
  std::future<void> done = taken->get_future();
  try {
    // The thread owns the request (independent of the connection, which is
    // closed meanwhile) and libpq's table (never unloaded).
    std::thread([pq = &pq_, cancel, taken] {
      char error[256];
      (void)pq->PQcancel(cancel, error, sizeof error);
      pq->PQfreeCancel(cancel);
      cancels_waiting.fetch_sub(1);
      taken->set_value();
    }).detach();
  } catch (...) {  // no thread to be had: no cancel
    cancels_waiting.fetch_sub(1);
    pq_.PQfreeCancel(cancel);
    return;
  }
  (void)done.wait_for(timeouts_.cancel);
}

void Connection::Discard() {
  // Non-blocking: PQfinish's goodbye to the server never waits for it.
  if (conn_) pq_.PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
}

Status Connection::Reconnect() {
  if (conn_ && pq_.PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  Discard();
  return Connect();
}

Status Connection::Lost() const {
  return Status::IOError(
      "postgresql: the connection was closed after a failed call; its transaction was rolled "
      "back");
}

PgResult Connection::ExecOnce(const std::string& sql, bool& expired) {
  return Call([&] { return pq_.PQsendQuery(conn_, sql.c_str()); }, Deadline(), expired);
}

Status Connection::Exec(const std::string& sql) {
  if (!in_transaction_)
    LEVERS_RETURN_IF_ERROR(Reconnect());
  else if (!conn_)
    return Lost();
  const bool idle = pq_.PQtransactionStatus(conn_) == PQTRANS_IDLE;
  bool expired = false;
  PgResult r = ExecOnce(sql, expired);
  if (expired) return Expire();
  if (idle && Dropped(r.get())) {
    LEVERS_RETURN_IF_ERROR(Reconnect());
    r = ExecOnce(sql, expired);
    if (expired) return Expire();
  }
  return Check(r.get());
}

Status Connection::Begin(const char* begin) {
  LEVERS_RETURN_IF_ERROR(Exec(begin));
  in_transaction_ = true;
  return Status::Ok();
}

Status Connection::Commit(bool writes) {
  in_transaction_ = false;
  if (!conn_) return Lost();
  bool expired = false;
  PgResult r = ExecOnce("COMMIT", expired);
  if (!writes) return expired ? Expire() : Check(r.get());
  // COMMIT may have reached the server, which commits whether or not its
  // answer ever comes back: from here nothing tells whether it did.
  const char* unknown = "; the transaction may or may not have been committed";
  if (expired) {
    (void)Expire();
    return Status::UnknownOutcome("postgresql: the answer to COMMIT did not come within " +
                                  DurationText(limit_.time) + " (levers' deadline for " +
                                  limit_.what + "); the connection was closed" + unknown);
  }
  if (Dropped(r.get())) {
    const std::string why =
        Check(r.get()).message().substr(std::string_view("postgresql: ").size());
    return Status::UnknownOutcome(
        "postgresql: the connection was lost while waiting for the answer to COMMIT: " + why +
        unknown);
  }
  return Check(r.get());
}

void Connection::Rollback() {
  in_transaction_ = false;
  if (!conn_) return;
  const PGTransactionStatusType ts = pq_.PQtransactionStatus(conn_);
  if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR) return;
  bool expired = false;
  PgResult r = ExecOnce("ROLLBACK", expired);
  if (expired) (void)Expire();
}

Result<Rows> Connection::Run(const std::string& sql, const Params& params) {
  if (!in_transaction_)
    LEVERS_RETURN_IF_ERROR(Reconnect());
  else if (!conn_)
    return Lost();
  const bool idle = pq_.PQtransactionStatus(conn_) == PQTRANS_IDLE;
  Result<Rows> rows = RunOnce(sql, params);
  // conn_ is null when the deadline passed: that is not tried again.
  if (idle && !rows.ok() && conn_ && pq_.PQstatus(conn_) == CONNECTION_BAD) {
    LEVERS_RETURN_IF_ERROR(Reconnect());
    return RunOnce(sql, params);
  }
  return rows;
}

Result<Rows> Connection::RunOnce(const std::string& sql, const Params& params) {
  // One deadline for preparing and running.
  const Clock::time_point deadline = Deadline();
  bool expired = false;
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "levers_" + std::to_string(prepared_.size());
    PgResult r = Call(
        [&] { return pq_.PQsendPrepare(conn_, name.c_str(), sql.c_str(), params.size(), nullptr); },
        deadline, expired);
    if (expired) return Expire();
    LEVERS_RETURN_IF_ERROR(Check(r.get()));
    it = prepared_.emplace(sql, name).first;
  }
  const std::vector<const char*> values = params.values();
  const std::vector<int> lengths = params.lengths();
  PgResult r = Call(
      [&] {
        return pq_.PQsendQueryPrepared(conn_, it->second.c_str(), params.size(), values.data(),
                                       lengths.data(), params.formats().data(), 0);
      },
      deadline, expired);
  if (expired) return Expire();
  LEVERS_RETURN_IF_ERROR(Check(r.get()));
  return Rows(pq_, std::move(r));
}

Status Connection::CopyStart(const std::string& sql) {
  if (!conn_) return Lost();
  bool expired = false;
  PgResult r = ExecOnce(sql, expired);
  if (expired) return Expire();
  copy_unflushed_ = 0;
  if (r && pq_.PQresultStatus(r.get()) == PGRES_COPY_IN) return Status::Ok();
  Status st = Check(r.get());
  return st.ok() ? Status::IOError("postgresql: " + sql + " did not start a COPY") : st;
}

Status Connection::CopyPut(std::string_view data) {
  if (!conn_) return Lost();
  // The server ended the COPY (an error it sent) or the connection broke:
  // the server's own message says which.
  auto failed = [&] {
    Status st = CopyEnd("levers: the COPY failed");
    return st.ok() ? Error("COPY failed") : st;
  };
  while (!data.empty()) {
    const size_t n = std::min<size_t>(data.size(), 1 << 20);
    const int put = pq_.PQputCopyData(conn_, data.data(), static_cast<int>(n));
    if (put < 0) return failed();
    if (put == 0) {  // libpq could not buffer it: the server must take some first
      const Outcome o = Flush(Deadline());
      if (o == Outcome::kExpired) return Expire();
      if (o == Outcome::kFailed) return failed();
      continue;
    }
    data.remove_prefix(n);
    copy_unflushed_ += n;
  }
  if (copy_unflushed_ >= kCopyFlushBytes) {
    copy_unflushed_ = 0;
    const Outcome o = Flush(Deadline());
    if (o == Outcome::kExpired) return Expire();
    if (o == Outcome::kFailed) return failed();
  }
  return Status::Ok();
}

Status Connection::CopyEnd(const char* abort_message) {
  if (!conn_) return Lost();
  const Clock::time_point deadline = Deadline();
  int ended = 0;
  while ((ended = pq_.PQputCopyEnd(conn_, abort_message)) == 0) {
    if (!WaitFor(POLLOUT, deadline)) return Expire();
    if (pq_.PQflush(conn_) < 0) break;
  }
  if (ended == 1 && Flush(deadline) == Outcome::kExpired) return Expire();
  // The server's verdict; when the end could not be sent, the error it sent
  // that ended the COPY, if any.
  PgResult out = Wrap(nullptr);
  if (Collect(deadline, out) == Outcome::kExpired) return Expire();
  if (out && pq_.PQresultStatus(out.get()) != PGRES_COPY_IN) {
    Status st = Check(out.get());
    if (st.ok() && ended != 1) st = Error("COPY failed");
    return st;
  }
  // No verdict, or libpq still in the COPY: the connection cannot be used.
  Status st = Error("COPY failed");
  Discard();
  return st;
}

bool Connection::Dropped(PGresult* r) const {
  const ExecStatusType st = r ? pq_.PQresultStatus(r) : PGRES_FATAL_ERROR;
  return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && conn_ &&
         pq_.PQstatus(conn_) == CONNECTION_BAD;
}

Status Connection::Check(PGresult* r) {
  const ExecStatusType st = r ? pq_.PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
  const char* sqlstate = r ? pq_.PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = sqlstate ? sqlstate : "";
  return Status::IOError("postgresql: " +
                         Shown(r ? pq_.PQresultErrorMessage(r)
                                 : (conn_ ? pq_.PQerrorMessage(conn_) : "no connection")));
}

}  // namespace levers::store_internal
