#include "store/libpq_loader.h"

#include <dlfcn.h>

#include <string>

namespace levers::store_internal {
namespace {

Status LoadError(const std::string& detail) {
  return Status::IOError(std::string("PostgreSQL stores need ") + kLibPqName +
                         " (Debian package libpq5): " + detail);
}

}  // namespace

Result<LibPq> LoadLibPqFrom(const char* library) {
  // RTLD_NOW: a missing symbol shows here, not at the first call; RTLD_LOCAL:
  // libpq's dependencies stay out of the global namespace. A library that
  // loaded is never closed: libpq's dependencies (OpenSSL) do not all unload
  // cleanly, and the functions are used until the process ends.
  void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* err = dlerror();
    return LoadError(err ? err : std::string("cannot open ") + library);
  }
  LibPq pq;
#define LEVERS_LIBPQ_LOOKUP(name)                                                 \
  dlerror();                                                                      \
  pq.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));            \
  if (!pq.name) {                                                                 \
    const char* err = dlerror();                                                  \
    Status missing = LoadError(err ? err : std::string(library) + ": no " #name); \
    dlclose(handle);                                                              \
    return missing;                                                               \
  }
  LEVERS_LIBPQ_FUNCTIONS(LEVERS_LIBPQ_LOOKUP)
#undef LEVERS_LIBPQ_LOOKUP
  return pq;
}

Result<const LibPq*> LoadLibPq() {
  // A function-local static: initialised once, thread-safe (C++11 magic statics).
  static const Result<LibPq> loaded = LoadLibPqFrom(kLibPqName);
  if (!loaded.ok()) return loaded.status();
  return &loaded.value();
}

}  // namespace levers::store_internal
