// Which files the C/C++ frontend takes (clang_flags.h). No LLVM: compiled into the core, and into
// libboundwise_llvm.so for the driver's choice of clang or clang++ (cmake/Clang.cmake).
#include <filesystem>

#include "analyzer/cpp/clang_flags.h"

namespace boundwise {
namespace {

std::string extensionOf(const std::string &path) { return std::filesystem::path(path).extension().string(); }

}  // namespace

bool isCSourcePath(const std::string &path) { return extensionOf(path) == ".c"; }

bool isCppSourcePath(const std::string &path) {
  const std::string e = extensionOf(path);
  return e == ".c" || e == ".cc" || e == ".cpp" || e == ".cxx";
}

}  // namespace boundwise
