#pragma once
// libboundwise_llvm.so: the only code linked to libLLVM and libclang-cpp (the C/C++ frontend
// and the native profiler's symbolizer). Loading and relocating those two libraries costs ~70 ms
// of CPU, so boundwise dlopens the module the first time C/C++ work needs it instead of at every
// start (docs/architecture.md). This header is what both sides agree on: the table of functions
// the module gives (its one exported symbol, boundwise_llvm_api) and the core's loader.
//
// std types cross the boundary by value: both sides are built by the same compiler against the
// same shared libstdc++ and neither replaces operator new/delete (jemalloc, where the executable
// is linked to it, is the malloc of the whole process, module included). The module's own objects
// (ClangFlags, LlvmSymbolizer) are created and deleted by the module only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/cpp/clang_flags.h"
#include "analyzer/cpp/cpp_frontend.h"
#include "profiler/native/analysis/symbolizer.h"

namespace boundwise {

class ClangFlags;  // CompilerFlags' work, in the module (analyzer/cpp/llvm_module_impl.h)
namespace native {
class LlvmSymbolizer;  // Symbolizer's work, in the module (profiler/native/analysis/llvm_symbolizer.cpp)
}

// Bump on any change to LlvmModuleApi or to a type it passes (CppUnit, FileModel, SourceFrame, ...):
// a module left over from another build is then refused instead of misread.
inline constexpr int kLlvmModuleApiVersion = 2;

struct LlvmModuleApi {
  int version;
  // The sizes the module was compiled with: a cheap second guard against a stale module.
  size_t tableSize;
  size_t cppUnitSize;
  size_t sourceFrameSize;

  // analyzer/cpp (cpp_frontend.h, clang_flags.h)
  ClangFlags *(*newFlags)(const CompilerFlagOptions &options);
  void (*deleteFlags)(ClangFlags *flags);
  CompileCommandLine (*commandFor)(ClangFlags &flags, const std::string &file);
  const std::vector<std::string> &(*flagProblems)(const ClangFlags &flags);
  const std::vector<std::string> &(*guessedFlags)(ClangFlags &flags);
  const std::vector<std::string> &(*flagNotes)(ClangFlags &flags);
  std::vector<CppUnit> (*extractUnits)(const std::vector<std::string> &paths, ClangFlags &flags, unsigned jobs,
                                       const std::vector<std::string> &projectRoots);
  CppUnit (*extractSource)(const std::string &path, const std::string &code, const std::vector<std::string> &args);

  // profiler/native (symbolizer.h)
  native::LlvmSymbolizer *(*newSymbolizer)();
  void (*deleteSymbolizer)(native::LlvmSymbolizer *symbolizer);
  std::vector<native::SourceFrame> (*symbolize)(native::LlvmSymbolizer &symbolizer, const std::string &module,
                                                uint64_t address);
};

struct LlvmModule {
  const LlvmModuleApi *api = nullptr;  // null when the module could not be loaded
  std::string path;                    // where it was looked for
  std::string error;                   // why it could not be loaded (dlerror's text, or the version)
};

// Loads the module on the first call, from $BOUNDWISE_LLVM_MODULE, else
// <folder of /proc/self/exe>/../lib/libboundwise_llvm.so; later calls (any thread) give the same
// result. The module is never unloaded.
const LlvmModule &llvmModule();

// "cannot load the C/C++ support module: ERROR (build it with `make build`, or set
// BOUNDWISE_LLVM_MODULE)", for the messages that report a failed load (after the module's path).
std::string llvmModuleProblem(const LlvmModule &module);

}  // namespace boundwise

extern "C" const boundwise::LlvmModuleApi *boundwise_llvm_api(int version);
