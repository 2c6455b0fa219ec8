#pragma once
// Declarations shared by the translation units of libboundwise_llvm.so only (the core reaches
// them through the table in llvm_module.h). No Clang or LLVM header here either: the .cpp files
// keep theirs to themselves.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/cpp/clang_flags.h"
#include "analyzer/cpp/cpp_frontend.h"
#include "profiler/native/analysis/symbolizer.h"

namespace boundwise {

// What CompilerFlags does (clang_flags.h), with Clang's compilation databases.
class ClangFlags {
 public:
  explicit ClangFlags(CompilerFlagOptions options);
  ~ClangFlags();
  ClangFlags(const ClangFlags &) = delete;
  ClangFlags &operator=(const ClangFlags &) = delete;
  CompileCommandLine commandFor(const std::string &file);
  const std::vector<std::string> &problems() const { return problems_; }
  const std::vector<std::string> &guessedFlags();
  // One note per source of flags (a database, `--`) that had flags refused (compile_flag_filter.h).
  const std::vector<std::string> &notes();

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
  std::map<std::string, std::vector<std::string>> refused_;  // by source of flags
  std::vector<std::string> notes_;
};

// extractCppUnits and extractCppSource (cpp_frontend.h), with Clang LibTooling.
std::vector<CppUnit> clangExtractCppUnits(const std::vector<std::string> &paths, ClangFlags &flags, unsigned jobs,
                                          const std::vector<std::string> &projectRoots);
CppUnit clangExtractCppSource(const std::string &path, const std::string &code, const std::vector<std::string> &args);

namespace native {

// Symbolizer::framesAt (symbolizer.h), with LLVM's symbolizer library (llvm_symbolizer.cpp).
class LlvmSymbolizer;
LlvmSymbolizer *newLlvmSymbolizer();
void deleteLlvmSymbolizer(LlvmSymbolizer *symbolizer);
std::vector<SourceFrame> symbolizeWithLlvm(LlvmSymbolizer &symbolizer, const std::string &module, uint64_t address);

}  // namespace native
}  // namespace boundwise
