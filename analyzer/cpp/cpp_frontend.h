#pragma once
// The C/C++ frontend (Clang LibTooling): one FileModel per translation unit, with the same
// facts as the Python frontend (functions, calls with resolved callees, loops) plus the GIL
// state at each call and loop, the Python bindings and the extension modules it defines.
// No Clang header leaks from here: only the .cpp files of libboundwise_llvm.so include them, and
// these functions load that module on first use (llvm_module.h).
#include <string>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/cpp/clang_flags.h"

namespace boundwise {

struct CppUnit {
  FileModel model;
  // Project headers the unit includes (under the analysed folders), one model each; the same
  // header seen from several units is kept once by the caller.
  std::vector<FileModel> headers;
  bool ok = false;  // false: the file does not compile; `problem` holds Clang's first error
  std::string problemPath;
  int line = 0;
  int column = 0;
  std::string problem;
  bool guessedFlags = false;
};

// Parses the files (display paths) on `jobs` threads. Flags come from `flags`. Headers under
// `projectRoots` (the paths given to `check`) are the project's: their functions are analysed.
// When the C/C++ support module cannot be loaded, the result is a single failed unit whose
// problemPath is the module and whose problem says why and which files were left out.
std::vector<CppUnit> extractCppUnits(const std::vector<std::string> &paths, CompilerFlags &flags, unsigned jobs,
                                     const std::vector<std::string> &projectRoots);

// Extracts facts from one in-memory source with the given compiler arguments (for tests).
CppUnit extractCppSource(const std::string &path, const std::string &code, const std::vector<std::string> &args);

}  // namespace boundwise
