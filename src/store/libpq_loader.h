// libpq, loaded when the first PostgreSQL store is opened rather than at start-up.
//
// The levers binary does not link libpq: libpq pulls in some 25 more shared
// libraries (OpenSSL, GnuTLS, Kerberos, LDAP ...) whose loading cost every
// levers process about 8 ms before main, and only postgresql:// stores need it
// (docs/performance.md, "Start-up"). LibPq is a table of libpq's functions
// filled by dlopen + dlsym; the pointer types come from <libpq-fe.h> through
// decltype, so every call is checked against libpq's own declarations.
//
// Thread-safety: LoadLibPq() may be called from any thread; the table it returns
// is immutable and lives until the process ends (libpq is never unloaded).
#ifndef LEVERS_SRC_STORE_LIBPQ_LOADER_H_
#define LEVERS_SRC_STORE_LIBPQ_LOADER_H_

#include <libpq-fe.h>

#include "levers/status.h"

namespace levers::store_internal {

// Every libpq function the store calls. A function used in postgres_store.cc
// must be listed here: the store library does not link libpq, so a direct call
// fails to link.
#define LEVERS_LIBPQ_FUNCTIONS(X) \
  X(PQconnectdb)                  \
  X(PQconnectdbParams)            \
  X(PQfinish)                     \
  X(PQstatus)                     \
  X(PQtransactionStatus)          \
  X(PQerrorMessage)               \
  X(PQsetnonblocking)             \
  X(PQsocket)                     \
  X(PQsendQuery)                  \
  X(PQsendPrepare)                \
  X(PQsendQueryPrepared)          \
  X(PQflush)                      \
  X(PQconsumeInput)               \
  X(PQisBusy)                     \
  X(PQputCopyData)                \
  X(PQputCopyEnd)                 \
  X(PQgetResult)                  \
  X(PQgetCancel)                  \
  X(PQcancel)                     \
  X(PQfreeCancel)                 \
  X(PQresultStatus)               \
  X(PQresultErrorMessage)         \
  X(PQresultErrorField)           \
  X(PQclear)                      \
  X(PQntuples)                    \
  X(PQgetisnull)                  \
  X(PQgetvalue)                   \
  X(PQgetlength)                  \
  X(PQunescapeBytea)              \
  X(PQfreemem)

// libpq's functions, named as in libpq: `pq.PQsendQuery(conn, sql)`.
struct LibPq {
#define LEVERS_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  LEVERS_LIBPQ_FUNCTIONS(LEVERS_LIBPQ_MEMBER)
#undef LEVERS_LIBPQ_MEMBER
};

// The library LoadLibPq() opens (its soname in Debian's libpq5).
inline constexpr const char kLibPqName[] = "libpq.so.5";

// libpq, opened on the first call (later calls return the same table, or the
// same error). Fails with an IOError naming the library and the Debian package
// when libpq.so.5 cannot be opened or lacks one of the functions.
Result<const LibPq*> LoadLibPq();

// Opens `library` (a file name as dlopen takes it) and looks up every function,
// with the same errors as LoadLibPq(); each call opens the library anew and the
// table is owned by the caller. For tests of the loader; the store uses LoadLibPq().
Result<LibPq> LoadLibPqFrom(const char* library);

}  // namespace levers::store_internal

#endif  // LEVERS_SRC_STORE_LIBPQ_LOADER_H_
