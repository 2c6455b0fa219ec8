#pragma once
// Compiler flags for each C/C++ translation unit, like clang-tidy: a compilation database
// (`-p BUILD_DIR`, else a compile_commands.json found by searching upward from the file),
// fixed flags after `--`, or, with neither, a guess for a typical extension project.
#include <string>
#include <vector>

namespace boundwise {

struct CompilerFlagOptions {
  std::string buildDir;                 // -p BUILD_DIR
  bool fixedFlagsGiven = false;         // `--` was given (possibly with no flags)
  std::vector<std::string> fixedFlags;  // the flags after `--`
};

struct CompileCommandLine {
  std::string directory;          // the compiler's working directory
  std::vector<std::string> args;  // argv: driver, flags, -fsyntax-only, the file
  bool guessed = false;
};

class ClangFlags;  // the work, in libboundwise_llvm.so (llvm_module.h)

class CompilerFlags {
 public:
  explicit CompilerFlags(CompilerFlagOptions options);
  ~CompilerFlags();
  CompilerFlags(const CompilerFlags &) = delete;
  CompilerFlags &operator=(const CompilerFlags &) = delete;
  // Not thread-safe: compute every command line before parsing in parallel. Empty when the C/C++
  // support module cannot be loaded (extractCppUnits reports that).
  CompileCommandLine commandFor(const std::string &file);
  // Problems with the options themselves (an unreadable -p database), "path: message".
  const std::vector<std::string> &problems() const;
  // The flags used when guessing (for the note that says so).
  const std::vector<std::string> &guessedFlags();
  // Notes on flags refused by the allow-list (compile_flag_filter.h), one per database or `--`.
  const std::vector<std::string> &notes();
  // The module's object, created on first use (loading the module); null when it cannot be loaded.
  ClangFlags *clangFlags();

 private:
  CompilerFlagOptions options_;
  ClangFlags *clang_ = nullptr;  // created and deleted by the module
  const std::vector<std::string> none_;
};

// Whether a path names a C or C++ source file (.c .cc .cpp .cxx).
bool isCppSourcePath(const std::string &path);
bool isCSourcePath(const std::string &path);

}  // namespace boundwise
