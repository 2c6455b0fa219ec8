// The core's side of the C/C++ frontend (cpp_frontend.h, clang_flags.h): thin wrappers that load
// libboundwise_llvm.so on first use (llvm_module.h) and call its Clang code.
#include "analyzer/cpp/cpp_frontend.h"

#include "analyzer/cpp/llvm_module.h"

namespace boundwise {
namespace {

// One failed unit for the whole call: the problem is the module, not each file.
CppUnit moduleProblem(const LlvmModule &module, const std::vector<std::string> &paths) {
  CppUnit unit;
  unit.ok = false;
  unit.problemPath = module.path;
  unit.problem = llvmModuleProblem(module);
  if (paths.empty()) return unit;
  unit.problem += "; " + std::to_string(paths.size()) + " C/C++ file" + (paths.size() == 1 ? " was" : "s were") +
                  " not analysed: ";
  constexpr size_t kNamed = 3;
  for (size_t i = 0; i < paths.size() && i < kNamed; ++i) unit.problem += (i ? ", " : "") + paths[i];
  if (paths.size() > kNamed) unit.problem += " and " + std::to_string(paths.size() - kNamed) + " more";
  return unit;
}

}  // namespace

CompilerFlags::CompilerFlags(CompilerFlagOptions options) : options_(std::move(options)) {}

CompilerFlags::~CompilerFlags() {
  if (clang_) llvmModule().api->deleteFlags(clang_);
}

ClangFlags *CompilerFlags::clangFlags() {
  if (!clang_) {
    if (const LlvmModuleApi *api = llvmModule().api) clang_ = api->newFlags(options_);
  }
  return clang_;
}

CompileCommandLine CompilerFlags::commandFor(const std::string &file) {
  if (ClangFlags *clang = clangFlags()) return llvmModule().api->commandFor(*clang, file);
  return {};
}

const std::vector<std::string> &CompilerFlags::problems() const {
  if (clang_) return llvmModule().api->flagProblems(*clang_);
  return none_;
}

const std::vector<std::string> &CompilerFlags::notes() {
  if (clang_) return llvmModule().api->flagNotes(*clang_);
  return none_;
}

const std::vector<std::string> &CompilerFlags::guessedFlags() {
  if (ClangFlags *clang = clangFlags()) return llvmModule().api->guessedFlags(*clang);
  return none_;
}

std::vector<CppUnit> extractCppUnits(const std::vector<std::string> &paths, CompilerFlags &flags, unsigned jobs,
                                     const std::vector<std::string> &projectRoots) {
  if (paths.empty()) return {};
  ClangFlags *clang = flags.clangFlags();
  if (!clang) return {moduleProblem(llvmModule(), paths)};
  return llvmModule().api->extractUnits(paths, *clang, jobs, projectRoots);
}

CppUnit extractCppSource(const std::string &path, const std::string &code, const std::vector<std::string> &args) {
  const LlvmModule &module = llvmModule();
  if (!module.api) {
    CppUnit unit = moduleProblem(module, {path});
    unit.model.path = path;
    return unit;
  }
  return module.api->extractSource(path, code, args);
}

}  // namespace boundwise
