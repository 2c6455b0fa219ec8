# Sanitizer and fuzzing builds (docs/CONTRIBUTING.md, "Fuzzing and sanitizers"). Off by default.
#
#   -DBOUNDWISE_SANITIZE=ON  boundwise, its libraries and the unit tests built with ASan + UBSan
#                            (any UB aborts), for running the lit suite (`make sanitize`).
#   -DBOUNDWISE_FUZZ=ON      the same, plus libFuzzer coverage in the libraries and the fuzz
#                            targets test/fuzz/*_fuzzer.cpp in bin/fuzz/ (`make fuzz`).
#
# Both need clang (clang-19 ships libFuzzer in libclang-rt-19-dev):
#   cmake -S . -B build-asan -DBOUNDWISE_FUZZ=ON -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
#
# Only our own code is instrumented (the targets listed below): the Python extension (and the
# profiler's counters it links), the LD_PRELOAD libraries and the dlopen'd LLVM module keep
# their normal flags, since they are loaded into processes that have no ASan runtime (python3,
# the profiled program). jemalloc is
# not linked: ASan brings its own malloc.
option(BOUNDWISE_SANITIZE "Build boundwise with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(BOUNDWISE_FUZZ "Build the libFuzzer targets of test/fuzz (implies BOUNDWISE_SANITIZE)" OFF)
if(NOT BOUNDWISE_SANITIZE AND NOT BOUNDWISE_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "BOUNDWISE_FUZZ/BOUNDWISE_SANITIZE need clang: "
                      "-DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 (libclang-rt-19-dev)")
endif()

set(BW_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
set(BW_INSTRUMENT_FLAGS ${BW_SANITIZE_FLAGS})
if(BOUNDWISE_FUZZ)
  list(APPEND BW_INSTRUMENT_FLAGS -fsanitize=fuzzer-no-link)
endif()

# The libraries that are ours; the tree-sitter grammar is in, it parses the input. Every program
# that links one of them (boundwise, the unit tests, bench/bw_parse_only) is built the same way.
# (Not boundwise_profiler: the counters are linked into the Python extension too.)
set(BW_INSTRUMENTED_LIBRARIES boundwise_core boundwise_ts_python boundwise_llvm_loader)

# The executables, in any folder, that link one of the instrumented libraries directly.
function(boundwise_core_programs dir out)
  set(found "")
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    get_target_property(libs ${t} LINK_LIBRARIES)
    if(type STREQUAL "EXECUTABLE" AND libs)
      foreach(lib IN LISTS BW_INSTRUMENTED_LIBRARIES)
        if(lib IN_LIST libs)
          list(APPEND found ${t})
          break()
        endif()
      endforeach()
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    boundwise_core_programs(${sub} more)
    list(APPEND found ${more})
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# The fuzz targets: test/fuzz/NAME_fuzzer.cpp -> bin/fuzz/NAME_fuzzer. A target whose header
# is not in the tree yet (the compile-flag filter) is skipped with a message.
file(GLOB BW_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/fuzz/*_fuzzer.cpp)

function(boundwise_sanitize_and_fuzz)
  boundwise_core_programs(${CMAKE_SOURCE_DIR} BW_INSTRUMENTED_PROGRAMS)
  message(STATUS "ASan + UBSan: ${BW_INSTRUMENTED_LIBRARIES} ${BW_INSTRUMENTED_PROGRAMS}")
  foreach(t IN LISTS BW_INSTRUMENTED_LIBRARIES BW_INSTRUMENTED_PROGRAMS)
    if(TARGET ${t})
      target_compile_options(${t} PRIVATE ${BW_INSTRUMENT_FLAGS})
    endif()
  endforeach()
  foreach(t IN LISTS BW_INSTRUMENTED_PROGRAMS)
    if(TARGET ${t})
      target_link_options(${t} PRIVATE ${BW_SANITIZE_FLAGS})
    endif()
  endforeach()
  # CMakeLists.txt links jemalloc into boundwise (between --push-state and --pop-state).
  if(TARGET boundwise)
    get_target_property(libs boundwise LINK_LIBRARIES)
    list(FILTER libs EXCLUDE REGEX "JEMALLOC|jemalloc|^-Wl,--push-state|^-Wl,--pop-state")
    set_property(TARGET boundwise PROPERTY LINK_LIBRARIES ${libs})
  endif()
  if(NOT BOUNDWISE_FUZZ)
    return()
  endif()
  set(names "")
  foreach(src IN LISTS BW_FUZZ_SOURCES)
    get_filename_component(name ${src} NAME_WE)
    # A target may name the header it needs on its first line: `// fuzz-requires: path/to.h`.
    file(STRINGS ${src} requires LIMIT_COUNT 1 REGEX "^// fuzz-requires: ")
    if(requires)
      string(REGEX REPLACE "^// fuzz-requires: *" "" header "${requires}")
      if(NOT EXISTS ${CMAKE_SOURCE_DIR}/${header})
        message(STATUS "fuzz target ${name} skipped: ${header} is not in this tree")
        continue()
      endif()
    endif()
    add_executable(${name} ${src})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin/fuzz)
    target_compile_options(${name} PRIVATE ${BW_SANITIZE_FLAGS} -fsanitize=fuzzer -Wall -Wextra)
    target_link_options(${name} PRIVATE ${BW_SANITIZE_FLAGS} -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE boundwise_core)
    list(APPEND names ${name})
  endforeach()
  add_custom_target(fuzzers DEPENDS ${names})
  message(STATUS "fuzz targets: ${names}")
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL boundwise_sanitize_and_fuzz)
