# The C++ frontend (analyzer/cpp/) and the native profiler's symbolizer use Clang 19 LibTooling
# and LLVM, linked as the shared libclang-cpp and libLLVM (mixing static LLVM archives with
# libclang-cpp crashes at startup on duplicate option registration). Included by the top-level
# CMakeLists.txt after boundwise_core exists, before profiler/native.
# (ClangConfigVersion.cmake accepts only an exact version request: check the major ourselves.)
find_package(LLVM REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
find_package(Clang REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/clang NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "boundwise needs LLVM/Clang 19 (found ${LLVM_PACKAGE_VERSION}): install clang-19 libclang-cpp19-dev llvm-19-dev")
endif()

# Loading and relocating libclang-cpp and libLLVM costs ~70 ms of CPU, at every start of a binary
# linked to them, even a pure-Python `check`. So the only code that includes their headers lives in
# a module, build/lib/libboundwise_llvm.so, that the core dlopens the first time C/C++ work needs
# it (analyzer/cpp/llvm_module.h); boundwise and the unit tests are not linked to LLVM at all.
set(BW_LLVM_MODULE_SOURCES
  ${CMAKE_SOURCE_DIR}/analyzer/cpp/clang_frontend.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/cpp/clang_flags.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/cpp/llvm_module_entry.cpp
  ${CMAKE_SOURCE_DIR}/profiler/native/analysis/llvm_symbolizer.cpp)
# The few core functions the module calls (displayPath, parseSuppressionComment, isCSourcePath)
# are small and stateless: they are compiled into the module too, rather than linking the
# executables with ENABLE_EXPORTS. Exporting would put every symbol of boundwise in its dynamic
# table (a slower start, which is what the module is for) and let the executable's functions
# interpose on the module's. The module's copies are hidden (llvm_module.map exports only
# boundwise_llvm_api) and -z defs proves the module needs nothing from the executable.
set(BW_LLVM_MODULE_HELPERS
  ${CMAKE_SOURCE_DIR}/analyzer/core/file_discovery.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/core/suppressions.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/cpp/source_paths.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/cpp/compile_flag_filter.cpp
  ${CMAKE_SOURCE_DIR}/analyzer/core/python_probe.cpp)
add_library(boundwise_llvm MODULE ${BW_LLVM_MODULE_SOURCES} ${BW_LLVM_MODULE_HELPERS})
set_target_properties(boundwise_llvm PROPERTIES
  CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
  LINK_DEPENDS ${CMAKE_SOURCE_DIR}/analyzer/cpp/llvm_module.map)
target_include_directories(boundwise_llvm PRIVATE ${CMAKE_SOURCE_DIR})
target_include_directories(boundwise_llvm SYSTEM PRIVATE ${CLANG_INCLUDE_DIRS} ${LLVM_INCLUDE_DIRS})
# LLVM is built without RTTI, so classes derived from Clang's (AST visitors, frontend actions)
# must be compiled without it too.
target_compile_options(boundwise_llvm PRIVATE -Wall -Wextra -fno-rtti)
target_compile_definitions(boundwise_llvm PRIVATE
  BOUNDWISE_CLANG_RESOURCE_DIR="${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
target_link_options(boundwise_llvm PRIVATE
  -Wl,--version-script=${CMAKE_SOURCE_DIR}/analyzer/cpp/llvm_module.map -Wl,-z,defs)
target_link_libraries(boundwise_llvm PRIVATE clang-cpp LLVM Threads::Threads)

# The core's side: the loader (also used by profiler/native) and the thin wrappers that keep the
# C++ frontend's API (cpp_frontend.h, clang_flags.h).
add_library(boundwise_llvm_loader STATIC ${CMAKE_SOURCE_DIR}/analyzer/cpp/llvm_module.cpp)
target_include_directories(boundwise_llvm_loader PUBLIC ${CMAKE_SOURCE_DIR})
target_compile_options(boundwise_llvm_loader PRIVATE -Wall -Wextra)
target_link_libraries(boundwise_llvm_loader PUBLIC ${CMAKE_DL_LIBS})

file(GLOB BW_CPP_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/analyzer/cpp/*.cpp)
list(REMOVE_ITEM BW_CPP_SOURCES ${BW_LLVM_MODULE_SOURCES} ${CMAKE_SOURCE_DIR}/analyzer/cpp/llvm_module.cpp)
target_sources(boundwise_core PRIVATE ${BW_CPP_SOURCES})
target_link_libraries(boundwise_core PUBLIC boundwise_llvm_loader)

# Every program that may load the module builds it (defined later than this file is read).
function(boundwise_llvm_module_users)
  foreach(user boundwise boundwise_unit_tests)
    if(TARGET ${user})
      add_dependencies(${user} boundwise_llvm)
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL boundwise_llvm_module_users)
