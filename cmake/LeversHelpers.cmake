# Shared build settings for every levers target.

# Warnings live in an INTERFACE target linked PRIVATE, never in CMAKE_CXX_FLAGS.
add_library(levers_internal_flags INTERFACE)
target_compile_features(levers_internal_flags INTERFACE cxx_std_20)
target_compile_options(levers_internal_flags INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
   -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough>
  # GCC 12 reports impossible overlaps inside libstdc++'s own std::string code
  # (-Wrestrict, GCC bugs 105329 and 105651, fixed in GCC 13), and GCC's
  # -Wnull-dereference fires inside std::streambuf wherever a string stream is
  # inlined. Neither names levers code; Clang keeps -Wnull-dereference.
  $<$<CXX_COMPILER_ID:Clang>:-Wnull-dereference>
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
  $<$<BOOL:${LEVERS_WERROR}>:-Werror>)

# A libFuzzer build instruments every levers library for coverage, with ASan and
# UBSan (clang only): cmake -DCMAKE_CXX_COMPILER=clang++ -DLEVERS_FUZZ=ON.
if(LEVERS_FUZZ)
  target_compile_options(levers_internal_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(levers_internal_flags INTERFACE -fsanitize=address,undefined)
endif()

# Sanitizer build types: cmake -DCMAKE_BUILD_TYPE=ASan (address + undefined),
# UBSan or TSan (thread). CMake creates CMAKE_<LANG>_FLAGS_<TYPE> empty in the
# cache for a build type it does not know before this file runs, so a plain
# set(... CACHE) would leave them empty (and the build silently without its
# sanitizers): an empty value is replaced, a value someone set is kept.
function(levers_sanitizer_flags type compile link)
  foreach(var CMAKE_CXX_FLAGS_${type} CMAKE_EXE_LINKER_FLAGS_${type}
              CMAKE_SHARED_LINKER_FLAGS_${type})
    if(var STREQUAL "CMAKE_CXX_FLAGS_${type}")
      set(value "${compile}")
    else()
      set(value "${link}")
    endif()
    if("${${var}}" STREQUAL "")
      set(${var} "${value}" CACHE STRING "" FORCE)
    endif()
  endforeach()
endfunction()
levers_sanitizer_flags(ASAN
  "-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
  "-fsanitize=address,undefined")
levers_sanitizer_flags(UBSAN
  "-O1 -g -fno-omit-frame-pointer -fsanitize=undefined -fno-sanitize-recover=undefined"
  "-fsanitize=undefined")
# GCC warns at every std::atomic_thread_fence (Boost.Asio's) that TSan does not
# model it; the threaded tests are what TSan is for, and they pass.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(levers_tsan_warning_off " -Wno-tsan")
endif()
levers_sanitizer_flags(TSAN "-O1 -g -fno-omit-frame-pointer -fsanitize=thread${levers_tsan_warning_off}"
  "-fsanitize=thread")

# levers_add_library(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Defines levers_NAME with alias levers::NAME.
function(levers_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(levers_${name} STATIC ${ARG_SOURCES})
  add_library(levers::${name} ALIAS levers_${name})
  target_include_directories(levers_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(levers_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE levers_internal_flags ${ARG_PRIVATE_DEPS})
  target_compile_features(levers_${name} PUBLIC cxx_std_20)
endfunction()

# levers_add_test(NAME SOURCES ... DEPS ... [LABELS ...])
function(levers_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main levers_internal_flags)
  target_compile_definitions(${name} PRIVATE
    LEVERS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    LEVERS_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
