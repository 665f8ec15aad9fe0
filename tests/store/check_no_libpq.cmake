# Fails when the levers binary lists libpq among its needed libraries (DT_NEEDED):
# libpq is loaded only when a PostgreSQL store is opened (src/store/libpq_loader.h).
#   cmake -DREADELF=readelf -DBINARY=build/apps/levers/levers -P check_no_libpq.cmake
if(NOT READELF)
  set(READELF readelf)
endif()
execute_process(COMMAND ${READELF} -d ${BINARY}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${READELF} -d ${BINARY} failed (${rc}): ${err}")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*" needed "${out}")
# An executable with no libc entry was not read as expected: fail rather than pass.
if(NOT needed MATCHES "libc\\.so")
  message(FATAL_ERROR "${BINARY}: no NEEDED entry for libc in:\n${out}")
endif()
foreach(entry IN LISTS needed)
  if(entry MATCHES "libpq")
    message(FATAL_ERROR "${BINARY} links libpq (${entry}); it must load it on first use only")
  endif()
endforeach()
list(LENGTH needed count)
message(STATUS "${BINARY}: ${count} needed libraries, none is libpq")
