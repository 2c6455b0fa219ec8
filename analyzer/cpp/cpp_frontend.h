#pragma once
// The C/C++ frontend (Clang LibTooling): one FileModel per translation unit, with the same
// facts as the Python frontend (functions, calls with resolved callees, loops) plus the GIL
// state at each call and loop, the Python bindings and the extension modules it defines.
// No Clang header leaks from here: only analyzer/cpp/*.cpp include them.
#include <string>
#include <vector>

#include "analyzer/core/model.h"
#include "analyzer/cpp/clang_flags.h"

namespace boundwise {

struct CppUnit {
  FileModel model;
  bool ok = false;  // false: the file does not compile; `problem` holds Clang's first error
  std::string problemPath;
  int line = 0;
  int column = 0;
  std::string problem;
  bool guessedFlags = false;
};

// Parses the files (display paths) on `jobs` threads. Flags come from `flags`.
std::vector<CppUnit> extractCppUnits(const std::vector<std::string> &paths, CompilerFlags &flags, unsigned jobs);

// Extracts facts from one in-memory source with the given compiler arguments (for tests).
CppUnit extractCppSource(const std::string &path, const std::string &code, const std::vector<std::string> &args);

}  // namespace boundwise
