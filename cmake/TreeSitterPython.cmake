# The Python grammar comes from the npm registry at configure time (never committed).
# tree-sitter-python 0.23.6 is the last release with grammar ABI 14, which Debian's
# libtree-sitter 0.20.7 can load.
set(BW_TS_PYTHON_VERSION 0.23.6)
set(BW_TS_PYTHON_DIR ${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${BW_TS_PYTHON_VERSION})
if(NOT EXISTS ${BW_TS_PYTHON_DIR}/src/parser.c)
  find_program(NPM_EXECUTABLE npm REQUIRED)
  set(_dl ${CMAKE_BINARY_DIR}/_deps/download)
  file(MAKE_DIRECTORY ${_dl})
  message(STATUS "Fetching tree-sitter-python@${BW_TS_PYTHON_VERSION} from npm")
  execute_process(
    COMMAND ${NPM_EXECUTABLE} pack tree-sitter-python@${BW_TS_PYTHON_VERSION} --silent
    WORKING_DIRECTORY ${_dl} RESULT_VARIABLE _rc OUTPUT_VARIABLE _tgz ERROR_VARIABLE _err
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "npm pack tree-sitter-python@${BW_TS_PYTHON_VERSION} failed: ${_err}")
  endif()
  file(ARCHIVE_EXTRACT INPUT ${_dl}/${_tgz} DESTINATION ${_dl}/x)
  file(REMOVE_RECURSE ${BW_TS_PYTHON_DIR})
  file(RENAME ${_dl}/x/package ${BW_TS_PYTHON_DIR})
  file(REMOVE_RECURSE ${_dl})
endif()
file(STRINGS ${BW_TS_PYTHON_DIR}/src/parser.c _abi REGEX "^#define LANGUAGE_VERSION ")
if(NOT _abi MATCHES "LANGUAGE_VERSION 1[34]$")
  message(FATAL_ERROR "tree-sitter-python grammar has ${_abi}; libtree-sitter 0.20 loads ABI 13-14 only")
endif()
add_library(boundwise_ts_python STATIC ${BW_TS_PYTHON_DIR}/src/parser.c ${BW_TS_PYTHON_DIR}/src/scanner.c)
target_include_directories(boundwise_ts_python PRIVATE ${BW_TS_PYTHON_DIR}/src)
set_target_properties(boundwise_ts_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(boundwise_ts_python PRIVATE -O2 -w)
# Debian ships the runtime as a static library too: linked in, the binary needs no
# libtree-sitter at run time, and calls into the parser are not through the PLT.
find_library(TREE_SITTER_STATIC NAMES libtree-sitter.a HINTS ${TREE_SITTER_LIBRARY_DIRS})
if(TREE_SITTER_STATIC)
  target_include_directories(boundwise_ts_python PUBLIC ${TREE_SITTER_INCLUDE_DIRS})
  target_link_libraries(boundwise_ts_python PUBLIC ${TREE_SITTER_STATIC})
else()
  target_link_libraries(boundwise_ts_python PUBLIC PkgConfig::TREE_SITTER)
endif()
