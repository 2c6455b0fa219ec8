# The C++ frontend (analyzer/cpp/): Clang 19 LibTooling, linked as the shared libclang-cpp and
# libLLVM (mixing static LLVM archives with libclang-cpp crashes at startup on duplicate
# option registration). Included by the top-level CMakeLists.txt after boundwise_core exists.
# (ClangConfigVersion.cmake accepts only an exact version request: check the major ourselves.)
find_package(LLVM REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
find_package(Clang REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/clang NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "boundwise needs LLVM/Clang 19 (found ${LLVM_PACKAGE_VERSION}): install clang-19 libclang-cpp19-dev llvm-19-dev")
endif()

file(GLOB BW_CPP_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/analyzer/cpp/*.cpp)
target_sources(boundwise_core PRIVATE ${BW_CPP_SOURCES})
# Only these translation units include Clang headers; LLVM is built without RTTI, so classes
# derived from Clang's (AST visitors, frontend actions) must be compiled without it too.
set_source_files_properties(${BW_CPP_SOURCES} PROPERTIES COMPILE_OPTIONS "-fno-rtti")
target_include_directories(boundwise_core SYSTEM PRIVATE ${CLANG_INCLUDE_DIRS} ${LLVM_INCLUDE_DIRS})
target_compile_definitions(boundwise_core PRIVATE
  BOUNDWISE_CLANG_RESOURCE_DIR="${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
target_link_libraries(boundwise_core PUBLIC clang-cpp LLVM)
