#pragma once
// Compiler flags for each C/C++ translation unit, like clang-tidy: a compilation database
// (`-p BUILD_DIR`, else a compile_commands.json found by searching upward from the file),
// fixed flags after `--`, or, with neither, a guess for a typical extension project.
#include <map>
#include <memory>
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

class CompilerFlags {
 public:
  explicit CompilerFlags(CompilerFlagOptions options);
  ~CompilerFlags();
  // Not thread-safe: compute every command line before parsing in parallel.
  CompileCommandLine commandFor(const std::string &file);
  // Problems with the options themselves (an unreadable -p database), "path: message".
  const std::vector<std::string> &problems() const { return problems_; }
  // The flags used when guessing (for the note that says so).
  const std::vector<std::string> &guessedFlags();

 private:
  struct Database;
  Database *databaseFor(const std::string &absoluteFile);
  CompilerFlagOptions options_;
  std::map<std::string, std::unique_ptr<Database>> databases_;  // by directory; null = none there
  std::unique_ptr<Database> explicit_;
  bool explicitLoaded_ = false;
  std::vector<std::string> problems_;
  std::vector<std::string> guessed_;
  bool guessedReady_ = false;
};

// Whether a path names a C or C++ source file (.c .cc .cpp .cxx).
bool isCppSourcePath(const std::string &path);
bool isCSourcePath(const std::string &path);

}  // namespace boundwise
